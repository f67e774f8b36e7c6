"""The spaCy pipeline, loaded once per process.

Only the tokenizer runs over the whole document. Rules match on folded text
(lowercase, no accents) so that OCR output and capitalised headings match the
same patterns. The tokenizer is spaCy's French rules built without the French
language class (lint.nlp.tokenizer_fr), so a cold start does not pay the
seconds that importing `spacy.lang.fr` costs. The tagging components (tok2vec,
morphologizer, lemmatizer) run only on the few blocks where a rule asks for
lemmas (loading the model and spaCy's French language class on first use),
and the NER only on the few sentences a rule hands it (loaded on first use,
on the same French rules as the tokenizer).
"""

from __future__ import annotations

import functools
import re

from lint.normalize import fold
from lint.nlp.tokenizer_fr import load_model

MODEL = "fr_core_news_sm"
# Components a lemma pattern needs; the rest of the model is excluded at load.
LEMMA_COMPONENTS = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=None)
def load_pipeline():
    """The model with the components lemma patterns need, loaded on first use."""
    import spacy

    return spacy.load(MODEL, exclude=["parser", "ner", "senter"])


@functools.lru_cache(maxsize=None)
def load_ner():
    """The model's named-entity recogniser (which has its own tok2vec) on the
    rule-matching tokenizer's French rules, loaded on first use in a few
    tenths of a second: spacy.load would import spacy.lang.fr and compile its
    token_match twice (seconds). The NER only runs on the few sentences a
    rule hands it; the tagger, lemmatizer and parser are not loaded unless a
    rule asks for lemmas."""
    return load_model(MODEL, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"])


def tokenizer(lang: str = "fr"):
    """The tokenizer rules match with in `lang`, as its language.yml names it
    (French: the model's French tokenizer rules, without loading the model;
    tests/nlp/test_tokenizer_fr.py checks both give the same tokens)."""
    from lint.nlp.languages import language

    return language(lang).tokenizer()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold `text` as lint.normalize.fold does, and return for every folded
    character the index of the original character it came from, so that spans
    found in folded text can be quoted exactly from the document."""
    folded = fold(text)
    if len(folded) == len(text):
        # Accents removed one for one: positions are unchanged.
        return folded, range(len(text) + 1)
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        folded = _CHAR_FOLDS.get(char)
        if folded is None:
            folded = fold(char)  # the one fold every matcher uses, one character at a time
            if len(_CHAR_FOLDS) < _MAX_CHAR_FOLDS:
                _CHAR_FOLDS[char] = folded
        if len(folded) == 1:
            out.append(folded)
            index.append(i)
        else:
            out.extend(folded)
            index.extend([i] * len(folded))
    index.append(len(text))
    return "".join(out), index


# Each character's fold, worked out once: blocks with an « œ » (« œuvre »)
# take the character-by-character path above, and decomposing every
# character of them again was most of its cost.
_CHAR_FOLDS: dict[str, str] = {}
_MAX_CHAR_FOLDS = 20_000  # a file of every Unicode character must not grow it without end


def place_entities(texts: list[str], labels: frozenset[str] = frozenset({"LOC"}), context: re.Pattern[str] | None = None) -> list[str]:
    """Places spaCy's NER finds in a few texts (never a whole contract). The
    small model also tags defined terms (« du Client ») as places, so with
    `context` (the language's locative words, from its entities module) an
    entity counts only when the 40 characters before it match it."""
    found = []
    for doc in load_ner().pipe(texts):
        for ent in doc.ents:
            if ent.label_ in labels and (context is None or context.search(doc.text[max(0, ent.start_char - 40) : ent.start_char])):
                found.append(ent.text)
    return found


def lemmatize(texts: list[str]):
    """Run the tagging components on a few texts only."""
    nlp = load_pipeline()
    return list(nlp.pipe(texts))
