"""The French rule-matching tokenizer, built from spaCy's own `Tokenizer`
without importing `spacy.lang.fr`.

Importing `spacy.lang.fr` compiles its `TOKEN_MATCH`: about 270 alternatives
that each repeat spaCy's Unicode lowercase-letter class under `(?i)`, a
1.4 MB pattern that takes 4 s or more to compile. That was most of a cold
`clausier audit`. The same language is written here with each letter class
once (`_token_match_pattern`), which compiles in a few milliseconds.

The prefix, suffix and infix rules, the elisions (l', d', n' as prefixes;
every other letter + apostrophe as an infix: qu', s', j', c', m', t', jusqu',
lorsqu', puisqu'), the hyphenated word lists and the special cases below are
spaCy 3.8's French rules (spacy/lang/fr/punctuation.py and
tokenizer_exceptions.py), kept here so that the tokens, and so the rule
matches, stay exactly those of `fr_core_news_sm`'s tokenizer.
tests/nlp/test_tokenizer_fr.py compares both, rule by rule and on the corpus:
it fails if a spaCy upgrade changes the French rules.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from spacy.lang.char_classes import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    CONCAT_QUOTES,
    CURRENCY,
    LIST_ELLIPSES,
    LIST_PUNCT,
    LIST_QUOTES,
    UNITS,
    merge_chars,
)
from spacy.lang.punctuation import TOKENIZER_INFIXES as BASE_INFIXES
from spacy.lang.punctuation import TOKENIZER_PREFIXES as BASE_PREFIXES
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS, URL_MATCH
from spacy.symbols import ORTH
from spacy.util import update_exc

ELISION = "'’"
HYPHENS = "-–—‐‑"

# --- prefixes, suffixes, infixes (spacy/lang/fr/punctuation.py) -----------------

_ELISION_PREFIXES = "d l n D L N"
_HYPHEN_SUFFIXES = "ce clés elle en il ils je là moi nous on t vous"
_HYPHEN_SUFFIXES += " " + _HYPHEN_SUFFIXES.upper()

PREFIXES = BASE_PREFIXES + [r"(?:({pe})[{el}])(?=[{a}])".format(a=ALPHA, el=ELISION, pe=merge_chars(_ELISION_PREFIXES))]

SUFFIXES = (
    LIST_PUNCT
    + LIST_ELLIPSES
    + LIST_QUOTES
    + [
        r"(?<=[0-9])\+",
        r"(?<=°[FfCcKk])\.",  # °C. -> ["°C", "."]
        r"(?<=[0-9])%",  # 4% -> ["4", "%"]
        r"(?<=[0-9])(?:{c})".format(c=CURRENCY),
        r"(?<=[0-9])(?:{u})".format(u=UNITS),
        r"(?<=[0-9{al}{e}(?:{q})])\.".format(al=ALPHA_LOWER, e=r"%²\-\+", q=CONCAT_QUOTES),
        r"(?<=[{au}][{au}])\.".format(au=ALPHA_UPPER),
        r"(?<=[{a}])[{h}]({hs})".format(a=ALPHA, h=HYPHENS, hs=merge_chars(_HYPHEN_SUFFIXES)),
    ]
)

# A letter followed by an apostrophe ends a token: « qu'il », « s'engage », « jusqu'au ».
INFIXES = BASE_INFIXES + [r"(?<=[{a}][{el}])(?=[{a}])".format(a=ALPHA, el=ELISION)]

# --- special cases (spacy/lang/fr/tokenizer_exceptions.py) ------------------------

_ABBREVIATIONS = [
    "av.", "janv.", "févr.", "avr.", "juill.", "sept.", "oct.", "nov.", "déc.", "apr.",
    "Dr.", "M.", "Mr.", "Mme.", "Mlle.", "n°", "d°", "St.", "Ste.",
]
_WHOLE_WORDS = [
    "après-midi", "au-delà", "au-dessus", "celle-ci", "celles-ci", "celui-ci", "cf.", "ci-dessous",
    "elle-même", "en-dessous", "etc.", "jusque-là", "lui-même", "MM.", "No.", "peut-être", "pp.",
    "quelques-uns", "rendez-vous", "Vol.",
]
_T_VERBS = ["a", "est", "semble", "indique", "moque", "passe"]


def _exceptions() -> dict[str, list[dict]]:
    exc: dict[str, list[dict]] = {"J.-C.": [{ORTH: "J."}, {ORTH: "-C."}]}
    for orth in _ABBREVIATIONS + _WHOLE_WORDS:
        exc[orth] = [{ORTH: orth}]
    for verb in _T_VERBS:
        for orth in (verb, verb.title()):
            for pronoun in ("elle", "il", "on"):
                exc[f"{orth}-t-{pronoun}"] = [{ORTH: orth}, {ORTH: "-t"}, {ORTH: "-" + pronoun}]
    for orth in ("est", "Est"):
        exc[f"{orth}-ce"] = [{ORTH: orth}, {ORTH: "-ce"}]
    for pre in ("qu'", "n'"):
        for orth in (pre, pre.title()):
            exc[f"{orth}est-ce"] = [{ORTH: orth}, {ORTH: "est"}, {ORTH: "-ce"}]
    for verb, pronoun in (("est", "il"), ("EST", "IL")):
        exc[f"{verb}-{pronoun}"] = [{ORTH: verb}, {ORTH: "-" + pronoun}]
    for s, verb, pronoun in (("s", "est", "il"), ("S", "EST", "IL")):
        exc[f"{s}'{verb}-{pronoun}"] = [{ORTH: s + "'"}, {ORTH: verb}, {ORTH: "-" + pronoun}]
    # « aujourd'hui » with either apostrophe and a capital or not.
    for apostrophe in ELISION:
        for first in "aA":
            exc[f"{first}ujourd{apostrophe}hui"] = [{ORTH: f"{first}ujourd{apostrophe}hui"}]
    # Like spaCy, every special case with ' also exists with ’.
    return update_exc(BASE_EXCEPTIONS, exc)


# --- token_match: words kept whole despite their hyphen or apostrophe -----------

# Compounds spelled out one by one; the first group takes one or more letters
# after the stem, the second zero or more. « [H] » is a hyphen, « [E] » an apostrophe.
_COMPOUNDS_PLUS = [
    "a[H]sexualis", "arginine[H]méthyl", "binge[H]watch", "bouche[H]por", "ch[E]tiis", "chape[H]chut",
    "droits?[H]de[H]l'homm", "fleur[H]bleuis", "flic[H]flaqu", "fox[H]trott", "google[H]is",
    "lèche[H]bott", "litho[H]typographi", "lombri[H]compost", "mac[H]adamis", "marque[H]pag",
    "mouton[H]noiris", "pair[H]programm", "people[H]is", "plan[H]socialis", "prud[E]hom",
    "réarc[H]bout", "refox[H]trott", "remicro[H]ond", "repique[H]niqu", "repetit[H]déjeun",
    "rond[H]ponn", "shift[H]cliqu", "soudo[H]bras", "stabilo[H]boss", "strip[H]teas", "yo[H]yo",
    "z[E]yeut",
]
_COMPOUNDS_STAR = [
    "black[H]out", "burn[H]out", "by[H]pass", "down[H]load", "[ée]tats[H]uni", "fac[H]simil",
    "hard[H]discount", "hip[H]hop", "jet[H]set", "knock[H]out", "lock[H]out", "new[H]york",
    "premier[H]ministr", "rick[H]roll", "terra[H]form", "teuf[H]teuf", "zig[H]zag",
]
# « faux-vampire »: one of these, a hyphen, then letters, hyphens and apostrophes.
HYPHEN_PREFIXES = [
    "a[ée]ro", "abat", "a[fg]ro", "after", "aigues?", "am[ée]ricano", "anglo", "anti", "apr[èe]s",
    "arabo", "arcs?", "archi", "arrières?", "audio", "avant", "avion", "auto", "banc", "bas(?:ses?)?",
    "bateaux?", "bec?", "belles?", "beau", "best", "bio?", "bien", "blanc", "bo[îi]te", "bonn?e?s?",
    "bois", "bou(?:c|rg)", "b[êe]ta", "cache", "cap(?:ello)?", "casse", "castel", "champ", "chapelle",
    "ch[âa]teau(?:neuf)?", "chasse", "cha(?:ud|t)e?s?", "chauffe", "chou", "chromo", "claire?s?",
    "co(?:de|ca)?", "compte", "contre", "cordon", "coupe?", "courte?s?", "couvre", "crash", "crise",
    "croche", "cross", "cyber", "côte", "demi", "di(?:sney)?", "dix", "d[ée]s?", "dys", "ex?",
    "émirato", "entre", "est", "ethno", "ex", "extra", "extrême", "[ée]co", "faux", "fil", "fort",
    "franco?s?", "gallo", "gardes?", "gastro", "grande?", "gratte", "gr[ée]co", "gros", "g[ée]o",
    "haute?s?", "homm?es?", "hors", "hyper", "indo", "infra", "inter", "intra", "islamo", "italo",
    "jean", "labio", "latino", "live", "lot", "louis", "m[ai]cro", "mal", "médio", "mesnil",
    "mi(?:ni)?", "mono", "mont?s?", "moyen", "multi", "m[ée]cano", "m[ée]dico", "m[ée]do", "m[ée]ta",
    "mots?", "neuro", "noix", "non", "nord", "notre", "n[ée]o", "ouest", "outre", "ouvre", "passe",
    "perce", "pharmaco", "ph[oy]to", "pieds?", "pique", "poissons?", "ponce", "pont", "po[rs]t",
    "pousse", "primo", "pro(?:cès|to)?", "pare", "petite?s?", "plessis", "porte", "pré", "prêchi",
    "protège", "pseudo", "pêle", "péri", "puy", "quasi", "quatre", "radio", "recourt", "rythmo",
    "(?:re)?doubles?", "r[ée]", "r[ée]tro", "requin", "sans?", "sa?inte?s?", "semi", "serre", "sino",
    "socio", "sociale?s?", "soixante", "sous", "su[bdrs]", "super", "taille", "tire", "thermo",
    "tiers", "tourne", "toute?s?", "tra[iî]ne?", "trans", "trente", "trois", "trousse", "tr(?:i|ou)",
    "t[ée]l[ée]", "utéro", "vaso", "vi[cd]e", "vid[ée]o", "vie(?:ux|i?lles?|i?l)",
    "vill(?:e|eneuve|ers|ette|iers|y)", "vingt", "voitures?", "wagons?", "ultra", "à", "[ée]lectro",
    "[ée]qui", "Fontaine", "La Chapelle", "Marie", "Le Mesnil", "Neuville", "Pierre", "Val", "Vaux",
]
# « entr'abat »: one of these, an apostrophe, then letters.
ELISION_PREFIXES = ["r?é?entr", "grande?s?", "r"]
# « saut-de-ski », « pet-en-l'air »: letters, a hyphen, one of these, a hyphen, letters.
HYPHEN_COMBINATIONS = ["l[èe]s?", "la", "en", "des?", "d[eu]", "sur", "sous", "aux?", "à", "et", "près", "saint"]


def _token_match_pattern() -> str:
    """spaCy's French TOKEN_MATCH, `(?iu)^A$|^B$|…`, written `(?iu)^(?:A|B|…)$`
    with the shared tails factored out: the same strings match."""
    h, e, al, a = f"[{HYPHENS}]", f"[{ELISION}]", f"[{ALPHA_LOWER}]", f"[{ALPHA}]"

    def spelled(words: list[str]) -> str:
        return "|".join(w.replace("[H]", h).replace("[E]", e) for w in words)

    tail = f"{al}[{HYPHENS}{ALPHA_LOWER}{ELISION}]*"
    return (
        "(?iu)^(?:"
        f"(?:{spelled(_COMPOUNDS_PLUS)}){al}+"
        f"|(?:{spelled(_COMPOUNDS_STAR)}){al}*"
        f"|(?:{'|'.join(HYPHEN_PREFIXES)}){h}{tail}"
        f"|(?:{'|'.join(ELISION_PREFIXES)}){e}{tail}"
        f"|{a}+{h}(?:{'|'.join(HYPHEN_COMBINATIONS)}){h}(?:l{e})?{a}+"
        ")$"
    )


# --- vocabulary -----------------------------------------------------------------


def _spacy_fr_module(name: str):
    """One data module of spacy/lang/fr (lex_attrs, stop_words), executed on
    its own: importing it the usual way would run spacy/lang/fr/__init__.py,
    which imports the slow tokenizer_exceptions."""
    import spacy

    path = Path(spacy.__file__).parent / "lang" / "fr" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"lint.nlp._spacy_fr_{name}", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "spacy.lang.fr"  # its relative imports (…attrs) resolve inside spaCy
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=None)
def french_defaults():
    """The language defaults of these rules, in place of spacy.lang.fr's:
    the same tokens and lexical attributes (like_num, is_stop), but no French
    lemmatizer or noun chunks. Built on first use."""
    from spacy.language import BaseDefaults

    class FrenchRulesDefaults(BaseDefaults):
        tokenizer_exceptions = _exceptions()
        prefixes = PREFIXES
        suffixes = SUFFIXES
        infixes = INFIXES
        token_match = re.compile(_token_match_pattern()).match
        url_match = URL_MATCH
        lex_attr_getters = _spacy_fr_module("lex_attrs").LEX_ATTRS
        stop_words = _spacy_fr_module("stop_words").STOP_WORDS

    return FrenchRulesDefaults


@functools.lru_cache(maxsize=None)
def french_rules():
    """A French language class on `french_defaults()`, for loading the model's
    components (lint.nlp.pipeline.load_ner)."""
    from spacy.language import Language

    class FrenchRules(Language):
        lang = "fr"
        Defaults = french_defaults()

    return FrenchRules


@functools.lru_cache(maxsize=None)
def french_tokenizer():
    """The tokenizer `french_rules()` would make, on its own French
    vocabulary; built once per process. Built here as spaCy's default
    tokenizer factory builds it, without a Language: creating one registers
    spaCy's factories and resolves its config, a quarter of the tokenizer's
    cold cost."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
    from spacy.vocab import create_vocab

    defaults = french_defaults()
    return Tokenizer(
        create_vocab("fr", defaults),
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


def load_model(name: str, exclude: list[str]):
    """spaCy model `name` loaded on `french_rules()` instead of spacy.lang.fr,
    with its own tokenizer file left unread (its token_match is the slow
    pattern); `exclude` names the components not to load. For components
    that need nothing French beyond the tokens: NER, not the lemmatizer."""
    import importlib

    from spacy.util import get_model_meta, load_config

    package = Path(importlib.import_module(name).__file__).parent
    meta = get_model_meta(package)
    data = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    nlp = french_rules().from_config(load_config(data / "config.cfg"), exclude=exclude, meta=meta)
    return nlp.from_disk(data, exclude=[*exclude, "tokenizer"])
