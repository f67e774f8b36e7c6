"""Excerpts as spans of a paragraph that start and end on word boundaries.

A finding quotes the sentence (or, in a long sentence, the clause) that holds
what matched, and marks the matched words. Every offset here indexes the
paragraph's own text, so a reporter or the Word annotator can find the
excerpt and its marked words again without searching.
"""

from __future__ import annotations

import re

from lint.normalize import fold, normalize_text

# Where a long sentence may be cut: after a clause separator.
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[–—]\s+|\)\s+")
# A template field (« {{ prix | nbrToLetters(1) }} ») is one unit: its
# parentheses and commas are no clause breaks.
_TEMPLATE_FIELD = re.compile(r"\{\{[^{}]{0,300}\}\}")
# Characters an excerpt does not start or end with: spaces and separators
# left over from cutting at a clause break.
_EDGE_TRIM = " \t\n,;:–—-"
_OPENERS = "«(\"'“["
_CLOSERS = "».!?)\"'”]…"


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def is_boundary(text: str, index: int) -> bool:
    """True when `index` does not fall inside a word of `text`.

    An apostrophe or a hyphen between letters ("l'article", "sous-traitant")
    joins the two sides as far as cutting goes: an excerpt never starts at
    "article" of "l'article".
    """
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if is_word_char(before) and is_word_char(after):
        return False
    if before in "'’-" and index >= 2 and is_word_char(text[index - 2]) and is_word_char(after):
        return False
    if after in "'’-" and index + 1 < len(text) and is_word_char(before) and is_word_char(text[index + 1]):
        return False
    return True


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The smallest span holding [start, end) whose ends are word boundaries."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while not is_boundary(text, start):
        start -= 1
    while not is_boundary(text, end):
        end += 1
    return start, end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading and trailing blanks and dangling separators, keeping quotes and brackets."""
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    return start, end


def clause_span(text: str, left: int, right: int, start: int, end: int, max_length: int) -> tuple[int, int]:
    """Within the sentence [left, right), a span holding [start, end) of at most
    about `max_length` characters, cut at clause separators when possible and
    otherwise between words."""
    if right - left <= max_length:
        return left, right
    budget = max(0, max_length - (end - start))
    before, after = budget * 2 // 5, budget - budget * 2 // 5
    fields = [m.span() for m in _TEMPLATE_FIELD.finditer(text, left, right)]
    # Prefer the nearest clause break that keeps the excerpt within budget.
    lo = left
    for match in _clause_breaks(text, left, start, fields):
        if start - match.end() <= before:
            lo = match.end()
            break
    else:
        lo = max(left, start - before)
    hi = right
    for match in _clause_breaks(text, end, right, fields):
        if match.start() - end <= after:
            hi = match.start() + (1 if text[match.start()] == ")" else 0)
        break
    else:
        hi = min(right, end + after)
    if hi - end > after:
        hi = min(right, end + after)
    if start - lo > before:
        lo = max(left, start - before)
    for a, b in fields:  # a cut between words may still fall inside a field
        if a < lo < b:
            lo = b if b <= start else a
        if a < hi < b:
            hi = a if a >= end else b
    lo, hi = _inward_to_words(text, lo, start, hi, end)
    return lo, hi


def _clause_breaks(text: str, lo: int, hi: int, fields: list[tuple[int, int]]):
    """The clause breaks in [lo, hi) that are not inside a template field."""
    for match in _CLAUSE_BREAK.finditer(text, lo, hi):
        if not any(a < match.start() < b for a, b in fields):
            yield match


def _inward_to_words(text: str, lo: int, start: int, hi: int, end: int) -> tuple[int, int]:
    """Move a cut that falls inside a word to that word's edge, away from it
    when that keeps [start, end) inside (so no word is cut or half shown)."""
    while lo < start and not is_boundary(text, lo):
        lo += 1
    while not is_boundary(text, lo):
        lo -= 1
    while hi > end and not is_boundary(text, hi):
        hi -= 1
    while not is_boundary(text, hi):
        hi += 1
    return lo, hi


def excerpt_span(text: str, sentence: tuple[int, int], match: tuple[int, int], max_length: int) -> tuple[int, int]:
    """The excerpt's (start, end) in `text`: the sentence holding `match`, cut
    to a clause when too long, on word boundaries, without stray edges."""
    start, end = widen_to_words(text, *match)
    left, right = sentence
    left, right = min(left, start), max(right, end)
    left, right = clause_span(text, left, right, start, end, max_length)
    left, right = widen_to_words(text, left, right)
    trimmed = trim(text, left, right)
    if trimmed[0] <= start and trimmed[1] >= end:
        left, right = trimmed
    return left, right


def highlight_span(text: str, match: tuple[int, int], excerpt: tuple[int, int]) -> tuple[int, int] | None:
    """The matched words inside the excerpt, relative to the excerpt's start,
    or None when they are the whole excerpt (nothing more precise to mark)."""
    start, end = widen_to_words(text, *match)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    left, right = excerpt
    start, end = max(start, left), min(end, right)
    if end <= start or (start, end) == (left, right):
        return None
    return start - left, end - left


class FormatFields(dict):
    """Message fields for str.format_map; an unknown field stays as written
    rather than failing (a rule message may quote braces)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def phrase_suggestion(suggestions: dict[str, str] | None, phrase: str) -> str | None:
    """The suggestion a rule gives for the phrase that matched (compared
    without case or accents), or None when the rule has none for it."""
    if not suggestions:
        return None
    folded = " ".join(fold(normalize_text(phrase)).split())
    for key, suggestion in suggestions.items():
        if " ".join(fold(normalize_text(key)).split()) in folded:
            return suggestion
    return None
