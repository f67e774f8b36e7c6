"""English entity leaves for rules: durations, amounts, numbers, territories.

The English counterpart of lint.nlp.entities, with the same kind names so a
rule's `en:` block uses the same `entity:` matchers. Contracts in English
write numbers as "twelve (12) months", "2 years", "thirty days"; territories
as a country, a state, a region or "worldwide". A kind this module has no
finder for is a KeyError (the rule pack's test cases reach it), never a
silent "not found".
"""

from __future__ import annotations

import functools
import re

from lint.nlp.consistency import DateWording, ShareWording, share_mismatches, wrong_weekdays

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
            continue  # "a hundred": the scale word counts one of it
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


# Where a party is organised: "a Delaware corporation", "a company incorporated
# under the laws of England and Wales", "organized under the laws of the State of New York".
_SEAT_RE = re.compile(
    r"\b(?:organi[sz]ed|incorporated|existing|formed|registered|established)\s+(?:and\s+existing\s+)?under\s+the\s+laws\s+of\s+"
    r"(?:the\s+)?(?:state\s+of\s+|commonwealth\s+of\s+|province\s+of\s+|republic\s+of\s+|people's\s+republic\s+of\s+)?(?P<law>[A-Z][\w.]*(?:\s+(?:and\s+)?[A-Z][\w.]*){0,3})"
    r"|\b(?:a|an)\s+(?P<adj>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:corporation|limited\s+liability\s+company|limited\s+partnership|company|public\s+limited\s+company|statutory\s+trust)\b"
)
_US_STATES = frozenset(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas "
    "kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma "
    "oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming".split()
) | {"new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "rhode island", "south carolina", "south dakota", "west virginia"}


def _country(law: str) -> str:
    """The country of a place of organisation: a US state counts as the United States."""
    place = law.lower().strip(" .")
    return "united states" if place in _US_STATES or place.startswith(("united states", "u.s")) else place


def _foreign_party(text: str):
    """The second party's place of organisation when it lies in another
    country than the first's (a Delaware company contracting with an English
    one): the parties are in different countries."""
    seats = []
    for m in _SEAT_RE.finditer(text):
        seats.append((_country(m.group("law") or m.group("adj")), m.start(), m.end()))
    first = seats[0][0] if seats else None
    return next(((start, end) for country, start, end in seats[1:] if country != first), None)


# "Five Thousand Dollars ($5,000)", "thirty (30) days", "USD 10,000 (ten thousand US dollars)".
_WORDS_THEN_FIGURES = re.compile(
    rf"\b(?P<words>{NUMBER_WORDS})(?:\s+(?:US\s+|U\.S\.\s+)?(?:dollars?|euros?|pounds?))?\s*\(\s*(?:US\s?\$|\$|€|£|USD|EUR|GBP)?\s*(?P<figures>{_FIGURES})\s*\)",
    re.I,
)
_FIGURES_THEN_WORDS = re.compile(
    rf"(?:US\s?\$|\$|€|£|USD\s?|EUR\s?|GBP\s?)(?P<figures>{_FIGURES})\s*\(\s*(?P<words>{NUMBER_WORDS})(?:\s+(?:US\s+|U\.S\.\s+)?(?:dollars?|euros?|pounds?))?\s*\)",
    re.I,
)


def find_amount_mismatches(text: str) -> list[tuple[int, int]]:
    """Spans where a number written in words disagrees with its figures.
    Silent when the words do not read as one number ("a", "and" alone)."""
    spans = []
    for pattern in (_WORDS_THEN_FIGURES, _FIGURES_THEN_WORDS):
        for m in pattern.finditer(text):
            raw = m.group("words").strip().lower()
            words = parse_number_words(raw)
            first = re.split(r"[\s-]+", raw)[0]
            # "three (3) million dollars ($3,000,000)": a run that starts on a
            # scale word or an article is the tail of another number.
            if words is None or first in (*_SCALES, "a", "an", "and"):
                continue
            figures = float(m.group("figures").replace(",", ""))
            if re.fullmatch(r"(19|20)\d\d", m.group("figures")) and "$" not in m.group(0):
                continue  # "Year One (1998)": a year, not the number's figures
            if abs(figures - words) > 0.005 and (m.start(), m.end()) not in spans:
                spans.append((m.start(), m.end()))
    return sorted(spans)


_PERCENT_EN = r"(\d{1,3}(?:\.\d+)?)\s?(?:%|percent|per\s+cent)"
SHARES = ShareWording(
    # "45% to Orbital", "sixty percent (60%) for the Publisher"
    share=re.compile(
        r"(?P<value>\d{1,3}(?:\.\d+)?)\s?(?:%|percent|per\s+cent)\)?\s+(?:of\s+(?:the\s+)?\w+\s+)?"
        # … to a party, or at a stage of a payment schedule ("30% upon signature, 50% upon delivery").
        r"(?:(?:to|for)\s+(?:the\s+|each\s+)?[A-Z]|(?:upon|on|at)\s+(?:signature|signing|execution|delivery|acceptance|completion|launch|go-live|kick-off)\b)"
    ),
    listed=re.compile(rf"(?:{_PERCENT_EN}(?:\s*,\s*(?:and\s+)?|\s+and\s+)){{1,5}}{_PERCENT_EN},?\s+respectively", re.I),
    percent=re.compile(_PERCENT_EN, re.I),
    remainder=re.compile(r"\b(?:remainder|balance|rest|remaining)\b", re.I),
    split=re.compile(r"split|shar|divid|allocat|distribut|apportion|respectively|payable|paid|invoiced|instal+ments?|schedule", re.I),
    per_item=re.compile(r"\b(?:each|every|per\s+(?:lot|milestone|month|year|quarter|delivery|order|unit|module))\b", re.I),
)
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
DATES = DateWording(
    dated=(
        # "Monday, March 3, 2027" and "Monday 3 March 2027"
        re.compile(rf"\b(?P<weekday>{'|'.join(_WEEKDAYS_EN)}),?\s+(?P<month>{'|'.join(_MONTHS_EN)})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
        re.compile(rf"\b(?P<weekday>{'|'.join(_WEEKDAYS_EN)}),?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{'|'.join(_MONTHS_EN)}),?\s+(?P<year>(?:19|20)\d\d)\b"),
    ),
    weekdays=_WEEKDAYS_EN,
    months=_MONTHS_EN,
)


# The French module documents these two analysers; here they read English wording.
find_share_mismatches = functools.partial(share_mismatches, wording=SHARES)
find_wrong_weekdays = functools.partial(wrong_weekdays, wording=DATES)


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
    "foreign-party": _foreign_party,
}


# The document-level analysers of the English checks.
from lint.nlp import references as _references  # noqa: E402
from lint.nlp.references_en import find_references, mentions_law  # noqa: E402,F401

# English numbered lines the shared reader does not know: "Section 5.2 Fees",
# and a sub-number glued to its title by the PDF's text layer ("4.6[***]", "4.3Records").
# ("Article 5" and "Clause 5" lines are read there.)
_SECTION_LINE = re.compile(r"^[ \t>#*_|-]*section\s+(\d+(?:\.\d+)*)(?![\w])", re.I | re.M)
_GLUED_LINE = re.compile(r"^[ \t>#*_|-]*(\d{1,3}(?:\.\d{1,3}){1,4})(?=[A-Z\[(])", re.M)


class Numbering(_references.Numbering):
    """The document's own numbering, read as lint.nlp.references does, plus
    the English line forms above."""

    @classmethod
    def collect(cls, texts):
        texts = list(texts)
        base = _references.Numbering.collect(texts)
        extra = {m.group(1) for text in texts for pattern in (_SECTION_LINE, _GLUED_LINE) for m in pattern.finditer(text)}
        return cls(base.articles | frozenset(extra), base.annexes)

    def resolves(self, ref):
        """As the shared reader, but a missing number is reported only below
        a parent whose sub-numbers are visible (at least two siblings): text
        layers often drop the numbers of list items, so a missing top-level
        section or a lone sub-number proves nothing."""
        verdict = super().resolves(ref)
        if verdict is not False:
            return verdict
        parts = ref.target.split(".")
        if len(parts) < 2:
            return None
        parent = ".".join(parts[:-1])
        siblings = [a for a in self.articles if a.startswith(parent + ".") and a.count(".") == ref.target.count(".")]
        return False if len(siblings) >= 2 else None


def find_entity(text: str, kinds: tuple[str, ...]):
    """First span in `text` of an entity of one of `kinds`, or None."""
    for kind in kinds:
        span = FINDERS[kind](text)
        if span is not None:
            return span
    return None
