"""Internal consistency of figures a contract states twice in one sentence:
shares of a split that should total 100 %, and a date given with its weekday.
The arithmetic is shared; each language's entities module supplies the
wording (how a share, a split list or a date is written)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from lint.nlp.sentences import sentence_bounds

_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d+)?")


@dataclass(frozen=True)
class ShareWording:
    # One share given to someone: « 45 % pour Orbitale », "40% to the Agent".
    share: re.Pattern[str]
    # A list of shares in order: « respectivement de 45 %, 35 % et 25 % ».
    listed: re.Pattern[str]
    # A percentage inside either.
    percent: re.Pattern[str]
    # Words saying the shares given are not the whole (« le solde », "the remainder").
    remainder: re.Pattern[str]
    # Words of a split, without which shares given to several parties may be
    # different things (a commission here, a penalty there).
    split: re.Pattern[str]
    # A share paid once per item (« 20 % à la recette de chacun des lots 1 et 2 »): the sum of the
    # figures is not the total, so the sentence is not checked.
    per_item: re.Pattern[str]


def share_mismatches(text: str, wording: ShareWording) -> list[tuple[int, int]]:
    """Spans of sentences whose split into shares does not total 100 %: two or
    more shares given to parties, or a list of shares « respectivement »,
    adding up to more than 100 %, or to less when nothing says the rest goes
    elsewhere."""
    spans: list[tuple[int, int]] = []
    if wording.percent.search(text) is None:
        return spans  # most blocks state no percentage
    for left, right in sentence_bounds(text):
        piece = text[left:right]
        found = _shares(piece, wording)
        if len(found) < 2 or wording.per_item.search(piece):
            continue
        total = sum(value for value, _, _ in found)
        if abs(total - 100) < 0.01 or (total < 100 and (wording.remainder.search(piece) or _unread_percent(piece, found, wording))):
            continue
        spans.append((left + found[0][1], left + found[-1][2]))
    return spans


def _unread_percent(sentence: str, found: list[tuple[float, int, int]], wording: ShareWording) -> bool:
    """Whether the sentence states a percentage that is none of the shares
    read: it may be the share that makes up the rest (« … ; 30 % à la
    bascule en production », a stage the wording does not name)."""
    return any(not any(start <= m.start() < end for _, start, end in found) for m in wording.percent.finditer(sentence))


def _shares(sentence: str, wording: ShareWording) -> list[tuple[float, int, int]]:
    for m in wording.listed.finditer(sentence):
        values = [(float(p.group(1).replace(",", ".")), m.start() + p.start(), m.start() + p.end()) for p in wording.percent.finditer(m.group(0))]
        if len(values) >= 2:
            return values
    if not wording.split.search(sentence):
        return []
    return [(float(m.group("value").replace(",", ".")), m.start(), m.end()) for m in wording.share.finditer(sentence)]


@dataclass(frozen=True)
class DateWording:
    # Ways to write a date with its weekday; groups `weekday`, `day`, `month`, `year`.
    dated: tuple[re.Pattern[str], ...]
    weekdays: tuple[str, ...]  # Monday first, as datetime.weekday() counts
    months: tuple[str, ...]  # January first


def wrong_weekdays(text: str, wording: DateWording) -> list[tuple[int, int]]:
    """Spans of dates whose weekday is not that date's (« le lundi 6 avril 2027 »,
    a Tuesday). A date that does not exist is left to the impossible-date rule."""
    spans = []
    for m in (m for pattern in wording.dated for m in pattern.finditer(text)):
        month = _index(m.group("month"), wording.months)
        weekday = _index(m.group("weekday"), wording.weekdays)
        day = int(re.sub(r"\D", "", m.group("day")))
        if month is None or weekday is None:
            continue
        try:
            date = datetime.date(int(m.group("year")), month + 1, day)
        except ValueError:
            continue
        if date.weekday() != weekday:
            spans.append((m.start(), m.end()))
    return sorted(spans)


def _fold(word: str) -> str:
    return word.lower().translate(str.maketrans("éèêûôâîç", "eeeuoaic"))


def _index(word: str, names: tuple[str, ...]) -> int | None:
    folded = _fold(word)
    return next((i for i, name in enumerate(names) if _fold(name) == folded), None)


@dataclass(frozen=True)
class TaxWording:
    # An amount before tax and one after tax, each with group `amount`, within one sentence.
    before_tax: re.Pattern[str]
    after_tax: re.Pattern[str]
    # The tax rates the country applies (France: 20 %, 10 %, 5.5 %, 2.1 %, 8.5 % in overseas departments), and none.
    rates: tuple[float, ...]


_CLAUSE_END = re.compile(r"[.;]\s")
MAX_TAX_PAIR_GAP = 80  # characters between the two amounts of one statement (« 1 215 € HT, soit 1 458 € TTC »)


def tax_mismatches(text: str, wording: TaxWording) -> list[tuple[int, int]]:
    """Spans where an amount before tax and the same amount after tax, stated
    together, differ by no tax rate the country applies (« 1 215 € HT, soit
    1 485 € TTC »: 1 215 × 1.2 = 1 458)."""
    spans: list[tuple[int, int]] = []
    befores = list(wording.before_tax.finditer(text))
    if not befores:
        return spans
    # Each amount after tax goes with the nearest amount before tax ahead of it: « 4 680 € HT par appareil,
    # soit 9 360 € HT pour les deux (11 232 € TTC) » pairs 9 360 with 11 232.
    for after in wording.after_tax.finditer(text):
        before = next((b for b in reversed(befores) if 0 <= after.start() - b.end() <= MAX_TAX_PAIR_GAP and not _CLAUSE_END.search(text, b.end(), after.start())), None)
        if before is None:
            continue
        net, gross = _amount(before.group("amount")), _amount(after.group("amount"))
        if net is None or gross is None or net <= 0:
            continue
        if all(abs(gross - net * rate) > max(1.0, 0.002 * gross) for rate in wording.rates):
            spans.append((before.start(), after.end()))
    return spans


def _amount(raw: str) -> float | None:
    digits = re.sub(r"[\s\u00a0\u202f.]", "", raw).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None

