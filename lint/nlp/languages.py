"""The languages clausier audits, read from the rule pack's folders.

A language is data plus one entities module. Each pack folder declares its
language in `language.yml` (the top-level folder the primary language's,
`rules/<code>/` each other's): its name, its tokenizer (what rule phrases
and documents are split with), its entities module (durations, amounts,
territories… in its own wording), the words language detection counts, the
abbreviations sentence splitting keeps whole and the keyword baseline the
evaluation prints. Nothing else in the code names a language: the engine
audits a document only in a language declared here, and says so otherwise
(never a silent fallback).
"""

from __future__ import annotations

import functools
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lint.packdata import LANGUAGE_FILE, builtin_rules_dir
from lint.yaml_data import load_yaml

_KEYS = {"code", "name", "entities", "tokenizer", "ner", "detection_words", "abbreviations", "keyword_baseline"}


@dataclass(frozen=True)
class Language:
    code: str
    # The language's name in English, for messages about it.
    name: str
    # Module with FINDERS and find_entity(text, kinds) for this language.
    entities_module: str
    # "module:function" returning the spaCy tokenizer; empty: spacy.blank(code).
    tokenizer_spec: str = ""
    # Whether spaCy's NER (a model shipped as a package) backs the rules'
    # `unless_entities` option; without it the option is skipped.
    has_ner: bool = False
    detection_words: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    # Family id → regular expression over the folded text.
    keyword_baseline: dict[str, str] = field(default_factory=dict)

    def tokenizer(self):
        if not self.tokenizer_spec:
            return _blank_tokenizer(self.code)
        module, _, function = self.tokenizer_spec.partition(":")
        return getattr(importlib.import_module(module), function)()

    @property
    def entities(self):
        # Looked up for every entity leaf of every block: sys.modules first,
        # import_module checks more, at a cost near that of a short finder.
        return sys.modules.get(self.entities_module) or importlib.import_module(self.entities_module)

    def find_entity(self, text: str, kinds: tuple[str, ...]):
        return self.entities.find_entity(text, kinds)


@functools.lru_cache(maxsize=None)
def _blank_tokenizer(code: str):
    """spaCy's rule-based tokenizer for `code`, with no model to download."""
    import spacy

    return spacy.blank(code).tokenizer


def _words(value) -> frozenset[str]:
    return frozenset(str(value or "").split())


def read_language(path: Path, folder_code: str | None = None) -> Language:
    """The language a pack folder's language.yml declares. A wrong file is
    an error naming it: a language half declared would audit silently wrong."""
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    problems = [f"unknown key {k!r}" for k in data if k not in _KEYS]
    problems += [f"missing key {k!r}" for k in ("code", "name") if k not in data]
    if folder_code is not None and data.get("code") != folder_code:
        problems.append(f"code {data.get('code')!r} is not the folder's name {folder_code!r}")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    code = str(data["code"])
    return Language(
        code=code,
        name=str(data["name"]),
        entities_module=str(data.get("entities") or f"lint.nlp.entities_{code}"),
        tokenizer_spec=str(data.get("tokenizer") or ""),
        has_ner=bool(data.get("ner", False)),
        detection_words=_words(data.get("detection_words")),
        abbreviations=_words(data.get("abbreviations")),
        keyword_baseline={str(k): str(v) for k, v in (data.get("keyword_baseline") or {}).items()},
    )


def read_languages(rules_dir: Path) -> dict[str, Language]:
    """The top-level folder's language first (the primary one), then each
    language folder's, by code."""
    found = [read_language(rules_dir / LANGUAGE_FILE)]
    found += [read_language(folder / LANGUAGE_FILE, folder.name) for folder in sorted(rules_dir.iterdir()) if (folder / LANGUAGE_FILE).is_file()]
    return {lang.code: lang for lang in found}


LANGUAGES: dict[str, Language] = read_languages(builtin_rules_dir())
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
