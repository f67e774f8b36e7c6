"""Which language a contract is written in, from function-word counts.

Cheap and good enough for contracts, which are long and formal. A document
that is neither clearly French nor clearly English is reported as such rather
than silently treated as French.
"""

from __future__ import annotations

import re

from lint.normalize import fold
from lint.nlp.languages import LANGUAGES

_WORD = re.compile(r"[a-z]+")
# Each declared language's function words (its language.yml), folded as the text is.
_MARKERS = {code: frozenset(fold(word) for word in lang.detection_words) for code, lang in LANGUAGES.items()}


def detect_language(text: str, sample_chars: int = 20_000) -> str | None:
    words = _WORD.findall(fold(text[:sample_chars]))
    if len(words) < 5:
        return None
    counts = {lang: sum(1 for w in words if w in markers) for lang, markers in _MARKERS.items()}
    lang, best = max(counts.items(), key=lambda kv: kv[1])
    other = sum(counts.values()) - best
    if best < 3 or best < 1.5 * other:
        return None
    return lang
