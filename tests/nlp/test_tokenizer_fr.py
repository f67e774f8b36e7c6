"""lint.nlp.tokenizer_fr gives the tokens of fr_core_news_sm's tokenizer,
without importing spacy.lang.fr (issue 12)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from re import _parser as sre_parse

import pytest

from lint.normalize import fold
from lint.nlp import tokenizer_fr
from lint.nlp.tokenizer_fr import french_tokenizer
from tests.conftest import CORPUS, ROOT

ATTRS = ("text", "idx", "lower_", "is_alpha", "is_punct", "like_num", "is_stop", "shape_", "prefix_", "suffix_")


@pytest.fixture(scope="module")
def model_tokenizer():
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter", "ner"]).tokenizer


@pytest.fixture(scope="module")
def spacy_fr():
    import spacy.lang.fr.punctuation
    import spacy.lang.fr.tokenizer_exceptions

    return spacy.lang.fr.punctuation, spacy.lang.fr.tokenizer_exceptions


def tokens(tok, text):
    return [tuple(getattr(t, a) for a in ATTRS) for t in tok(text)]


def test_building_the_tokenizer_does_not_import_the_french_language_class():
    code = "import sys; from lint.nlp.pipeline import tokenizer; tokenizer()('l’article'); print('spacy.lang.fr' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_affix_rules_and_special_cases_are_spacys_french(spacy_fr, model_tokenizer):
    punctuation, exceptions = spacy_fr
    assert tokenizer_fr.PREFIXES == punctuation.TOKENIZER_PREFIXES
    assert tokenizer_fr.SUFFIXES == punctuation.TOKENIZER_SUFFIXES
    assert tokenizer_fr.INFIXES == punctuation.TOKENIZER_INFIXES
    assert (tokenizer_fr.ELISION, tokenizer_fr.HYPHENS) == (punctuation.ELISION, punctuation.HYPHENS)
    assert french_tokenizer().rules == exceptions.TOKENIZER_EXCEPTIONS == model_tokenizer.rules
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert getattr(french_tokenizer(), attr).__self__.pattern == getattr(model_tokenizer, attr).__self__.pattern


def test_token_match_word_lists_are_spacys_french(spacy_fr):
    _, exceptions = spacy_fr
    assert tokenizer_fr.HYPHEN_PREFIXES == exceptions._hyphen_prefix
    assert tokenizer_fr.ELISION_PREFIXES == exceptions._elision_prefix
    assert tokenizer_fr.HYPHEN_COMBINATIONS == exceptions._hyphen_combination
    # spaCy's patterns: the compounds spelled one by one, then one per prefix or combination above.
    n_spelled = len(exceptions._regular_exp) - len(exceptions._hyphen_prefix) - len(exceptions._elision_prefix) - len(exceptions._hyphen_combination)
    h, e, al = f"[{exceptions.HYPHENS}]", f"[{exceptions.ELISION}]", f"[{exceptions.ALPHA_LOWER}]"
    ours = [f"^{w.replace('[H]', h).replace('[E]', e)}{al}{repeat}$"
            for words, repeat in ((tokenizer_fr._COMPOUNDS_PLUS, "+"), (tokenizer_fr._COMPOUNDS_STAR, "*")) for w in words]
    assert sorted(ours) == sorted(exceptions._regular_exp[:n_spelled])


def _expansions(pattern: str, limit: int = 6) -> list[str]:
    """A few strings each branch of a small regex (literals, [..], ?, (?:a|b)) matches."""

    def walk(items) -> list[str]:
        out = [""]
        for op, av in items:
            if op is sre_parse.LITERAL:
                choices = [chr(av)]
            elif op is sre_parse.IN:
                choices = [chr(v) for kind, v in av if kind is sre_parse.LITERAL]
            elif op is sre_parse.MAX_REPEAT:
                low, high, sub = av
                body = walk(sub)
                choices = ([""] if low == 0 else []) + body + ([b + b for b in body] if high > 1 else [])
            elif op is sre_parse.SUBPATTERN:
                choices = walk(av[-1])
            elif op is sre_parse.BRANCH:
                choices = [s for branch in av[1] for s in walk(branch)]
            else:
                raise AssertionError(f"unexpected {op} in {pattern}")
            out = [a + b for a, b in itertools.product(out, choices)][:200]
        return out

    return walk(sre_parse.parse(pattern))[: limit * 10]


def _samples() -> list[str]:
    words = set()
    stems = [s for p in tokenizer_fr.HYPHEN_PREFIXES for s in _expansions(p)]
    for stem in stems:
        for tail in ("-vampire", "-l'air", "–a", "-", "-1", "'abat", "-de-ski", "vampire"):
            words.update({stem + tail, (stem + tail).upper(), (stem + tail).title()})
    for stem in (s for p in tokenizer_fr.ELISION_PREFIXES for s in _expansions(p)):
        words.update({stem + "'abat", stem + "’abat-l'x", stem + "'", stem + "-abat"})
    for word in tokenizer_fr._COMPOUNDS_PLUS + tokenizer_fr._COMPOUNDS_STAR:
        for stem in _expansions(word.replace("[H]", "[-‑]").replace("[E]", "['’]")):
            words.update({stem, stem + "s", stem + "és", stem.upper() + "S", stem + "-x", stem + "1"})
    for combo in (s for p in tokenizer_fr.HYPHEN_COMBINATIONS for s in _expansions(p)):
        words.update({f"saut-{combo}-ski", f"pet-{combo}-l'air", f"pet-{combo}-l’air", f"x-{combo}-", f"1-{combo}-a", f"é—{combo}‐b"})
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((CORPUS / "tools" / "sources").glob("*.txt")))
    words.update(w for w in re.split(r"\s+", text) if re.search(r"[-–—‐‑'’]", w))
    return sorted(words)


def test_token_match_matches_the_same_words_as_spacys(spacy_fr):
    _, exceptions = spacy_fr
    ours = french_tokenizer().token_match
    samples = _samples()
    assert len(samples) > 5000
    assert [w for w in samples if bool(ours(w)) != bool(exceptions.TOKEN_MATCH(w))] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("l'objet d'un contrat n'est pas", ["l'", "objet", "d'", "un", "contrat", "n'", "est", "pas"]),
        ("qu'il s'engage jusqu'au terme", ["qu'", "il", "s'", "engage", "jusqu'", "au", "terme"]),
        ("j'accepte c'est m'oblige t'informe", ["j'", "accepte", "c'", "est", "m'", "oblige", "t'", "informe"]),
        ("lorsqu'une partie puisqu'elle", ["lorsqu'", "une", "partie", "puisqu'", "elle"]),
        ("l’article d’un", ["l’", "article", "d’", "un"]),
        ("sous-traitance anti-corruption", ["sous-traitance", "anti-corruption"]),
        ("non-concurrence ci-dessous aujourd'hui", ["non-concurrence", "ci-dessous", "aujourd'hui"]),
        ("donnees-personnelles", ["donnees", "-", "personnelles"]),
        ("10 000 eur ht, art. 5.2 (cf. annexe)", ["10", "000", "eur", "ht", ",", "art", ".", "5.2", "(", "cf.", "annexe", ")"]),
    ],
)
def test_elisions_hyphens_and_punctuation(text, expected, model_tokenizer):
    assert [t.text for t in french_tokenizer()(text)] == expected
    assert tokens(french_tokenizer(), text) == tokens(model_tokenizer, text)


def test_corpus_sources_split_the_same_as_with_the_model(model_tokenizer):
    for path in sorted((CORPUS / "tools" / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for variant in (text, fold(text)):
            assert tokens(french_tokenizer(), variant) == tokens(model_tokenizer, variant), path.name
