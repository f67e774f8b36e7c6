"""English entity leaves for rules: durations, amounts, numbers, territories.

The English counterpart of lint.nlp.entities, with the same kind names so a
rule's `en:` block uses the same `entity:` matchers. Contracts in English
write numbers as "twelve (12) months", "2 years", "thirty days"; territories
as a country, a state, a region or "worldwide". A kind this module has no
finder for is a KeyError (the rule pack's test cases reach it), never a
silent "not found".
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "a", "an", "and"], key=len, reverse=True))
# "twenty-four", "one hundred and twenty", "a thousand": a run of number words.
NUMBER_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:{_WORD}))*)"
_NUMBER_WORDS_RE = re.compile(rf"\b{NUMBER_WORDS}\b", re.I)
_FIGURES = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def parse_number_words(text: str) -> int | None:
    """"twenty-four" → 24, "one hundred and twenty" → 120; None if `text` is
    not only number words (or is only "a"/"and")."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            current = current or 1
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_UNIT_MONTHS = {"day": 1 / 30, "business day": 1 / 21, "week": 7 / 30, "month": 1, "year": 12}
_DURATION_RE = re.compile(
    rf"\b(?:(?P<words>{NUMBER_WORDS})\s*(?:\(\s*(?P<paren>\d+)\s*\)\s*)?|(?P<figures>\d+)\s*(?:\(\s*{NUMBER_WORDS}\s*\)\s*)?)"
    r"(?:calendar\s+|business\s+|working\s+|consecutive\s+)?(?P<unit>day|week|month|year)s?\b",
    re.I,
)
_UNLIMITED_RE = re.compile(r"\b(?:in\s+perpetuity|perpetual(?:ly)?|indefinitely|without\s+(?:any\s+)?(?:time\s+)?limit(?:ation)?\s+(?:in|of)\s+time|forever)\b", re.I)


def find_durations(text: str) -> list[tuple[int, int, float | None]]:
    """(start, end, months) of each duration in text order; months is None
    for an unlimited one ("in perpetuity")."""
    found = []
    for m in _DURATION_RE.finditer(text):
        value = int(m.group("figures") or m.group("paren") or 0) or parse_number_words(m.group("words") or "")
        if value:
            found.append((m.start(), m.end(), value * _UNIT_MONTHS[m.group("unit").lower()]))
    found += [(m.start(), m.end(), None) for m in _UNLIMITED_RE.finditer(text)]
    return sorted(found)


_POST_TERM_RE = re.compile(r"\b(?:after|following|from|beyond)\s+(?:\S+\s+){0,3}(?:termination|expiration|expiry|end|cessation)\b", re.I)


def _post_term(text: str):
    durations = [d for d in find_durations(text) if d[2] is not None]
    if not durations or not _POST_TERM_RE.search(text):
        return None
    return durations[0][:2]


_CURRENCY = r"(?:US\s?\$|\$|€|£|USD|EUR|GBP|CAD|dollars?|euros?|pounds?)"
_AMOUNT_RE = re.compile(rf"(?:{_CURRENCY}\s?(?:{_FIGURES})(?:\s?(?:million|billion|thousand))?|(?:{_FIGURES})\s?(?:million\s+|billion\s+)?{_CURRENCY})", re.I)
_NUMBER_RE = re.compile(rf"\b(?:{_FIGURES})\b|{_NUMBER_WORDS_RE.pattern}", re.I)

# Places that bound a restriction: a country, a US state, a region, or a radius.
_TERRITORY_RE = re.compile(
    r"\b(?:worldwide|world-wide|throughout the world|anywhere in the world|"
    r"(?:the\s+)?united\s+states|u\.s\.a?\.?|usa|canada|mexico|europe(?:an\s+union)?|north\s+america|latin\s+america|asia|china|japan|india|"
    r"united\s+kingdom|u\.k\.|england|germany|france|italy|spain|australia|brazil|israel|hong\s+kong|singapore|korea|"
    r"alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|"
    r"iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|"
    r"nevada|new\s+hampshire|new\s+jersey|new\s+mexico|new\s+york|north\s+carolina|north\s+dakota|ohio|oklahoma|oregon|"
    r"pennsylvania|rhode\s+island|south\s+carolina|south\s+dakota|tennessee|texas|utah|vermont|virginia|washington|"
    r"west\s+virginia|wisconsin|wyoming|"
    r"(?:within|in)\s+(?:a\s+)?(?:\S+\s+){0,2}(?:mile|kilometer|kilometre|km)s?\s+radius|radius\s+of)\b",
    re.I,
)


def _first(pattern: re.Pattern[str]):
    def find(text: str):
        m = pattern.search(text)
        return (m.start(), m.end()) if m else None

    return find


FINDERS = {
    "duration": lambda text: next(((s, e) for s, e, months in find_durations(text) if months is not None), None),
    "post-term-duration": _post_term,
    "unlimited-duration": lambda text: next(((s, e) for s, e, months in find_durations(text) if months is None), None),
    "territory": _first(_TERRITORY_RE),
    "amount": _first(_AMOUNT_RE),
    "number": _first(_NUMBER_RE),
}


def find_entity(text: str, kinds: tuple[str, ...]):
    """First span in `text` of an entity of one of `kinds`, or None."""
    for kind in kinds:
        span = FINDERS[kind](text)
        if span is not None:
            return span
    return None
