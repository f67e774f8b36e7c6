"""The languages clausier audits: one registry entry each.

A language is data plus one entities module: its tokenizer (what rule
phrases and documents are split with), its entity finders (durations,
amounts, territories… in its own wording) and the words language
detection counts. Rule packs carry a block per language code; the engine
audits a document only in a language registered here, and says so
otherwise (never a silent fallback).
"""

from __future__ import annotations

import functools
import importlib
import sys
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Language:
    code: str
    # The language's name in English, for messages about it.
    name: str
    # Module with FINDERS and find_entity(text, kinds) for this language.
    entities_module: str
    # Zero-argument callable returning the spaCy tokenizer rules match with.
    tokenizer_factory: Callable
    # Whether spaCy's NER (a model shipped as a package) backs the rules'
    # `unless_entities` option; without it the option is skipped.
    has_ner: bool = False

    def tokenizer(self):
        return self.tokenizer_factory()

    @property
    def entities(self):
        # Looked up for every entity leaf of every block: sys.modules first,
        # import_module checks more, at a cost near that of a short finder.
        return sys.modules.get(self.entities_module) or importlib.import_module(self.entities_module)

    def find_entity(self, text: str, kinds: tuple[str, ...]):
        return self.entities.find_entity(text, kinds)


def _french_tokenizer():
    from lint.nlp.tokenizer_fr import french_tokenizer

    return french_tokenizer()


@functools.lru_cache(maxsize=None)
def _blank_tokenizer(code: str):
    """spaCy's rule-based tokenizer for `code`, with no model to download."""
    import spacy

    return spacy.blank(code).tokenizer


LANGUAGES: dict[str, Language] = {
    "fr": Language("fr", "French", "lint.nlp.entities", _french_tokenizer, has_ner=True),
    "en": Language("en", "English", "lint.nlp.entities_en", functools.partial(_blank_tokenizer, "en")),
}
# The first registered language is the primary one: batches load its
# matchers before starting their workers, the others' on first use.
PRIMARY_LANGUAGE = next(iter(LANGUAGES))
# What `--lang` accepts: a registered language, or detection.
LANG_CHOICES = (*LANGUAGES, "auto")


def language(code: str) -> Language:
    """The registered language `code`; KeyError names the ones there are."""
    try:
        return LANGUAGES[code]
    except KeyError:
        raise KeyError(f"unknown language {code!r} (known: {', '.join(LANGUAGES)})") from None
