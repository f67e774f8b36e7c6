"""Durations ("vingt-quatre (24) mois", "trois ans", "sans limitation de durée").

Pure functions over normalised text. Values are normalised to days and months
so rules can compare them with thresholds written in the rule (NC-007,
NS-003) and across the document (XDOC-009).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from lint.normalize import fold
from lint.nlp.numbers import NumberMention, find_numbers, lower_same_length

__all__ = ["Duration", "find_durations", "post_term_months"]

# Approximations stated in the brief: a month is 30 days, a year 365.
_DAYS_PER = {"jour": 1, "jour calendaire": 1, "semaine": 7, "mois": 30, "an": 365}
_MONTHS_PER = {"semaine": 7 / 30, "mois": 1.0, "an": 12.0}


@dataclass(frozen=True)
class Duration:
    """A length of time, or an unlimited/indefinite one (then value is None).

    unit is one of: jour, jour ouvré, jour ouvrable, jour calendaire, semaine,
    mois, an (années are "an").
    """

    start: int
    end: int
    text: str
    value: Decimal | None
    unit: str | None
    days: int | None
    months: float | None
    words_value: int | None = None
    figures_value: Decimal | None = None
    mismatch: bool = False  # "vingt-quatre (12) mois"
    unlimited: bool = False  # "sans limitation de durée", "à perpétuité"
    indefinite: bool = False  # "durée indéterminée"


_UNIT_RE = re.compile(
    r"\s?(?P<unit>jours?(?:\s+(?P<q>ouvr[ée]s?|ouvrables?|calendaires?|francs?))?"
    r"|semaines?|mois|ann[ée]es?|ans?)\b",
    re.IGNORECASE,
)
# Matched on lowercased text with no leading \b (checked in code) so sre can skip
# ahead to the first letter.
_UNLIMITED_RE = re.compile(
    r"sans\s+(?:aucune\s+)?limit(?:ation|e)\s+(?:de\s+dur[ée]e|dans\s+le\s+temps)"
    r"|dur[ée]e\s+illimit[ée]e|illimit[ée]e?s?\s+dans\s+le\s+temps"
    r"|[àa]\s+perp[ée]tuit[ée]|[àa]\s+titre\s+perp[ée]tuel|perp[ée]tuel(?:le)?s?\b"
)
_INDEFINITE_RE = re.compile(r"dur[ée]e\s+(?:\w+\s+){0,2}?ind[ée]termin[ée]e")


def _unit(m: re.Match[str]) -> str:
    word = fold(m.group("unit")).split()[0]
    q = fold(m.group("q") or "")
    if word.startswith("jour"):
        if q.startswith("ouvre"):
            return "jour ouvré"
        if q.startswith("ouvrable"):
            return "jour ouvrable"
        return "jour calendaire" if q.startswith(("calendaire", "franc")) else "jour"
    if word.startswith("semaine"):
        return "semaine"
    return "mois" if word == "mois" else "an"


def _normalise(value: Decimal, unit: str) -> tuple[int, float]:
    v = float(value)
    if unit == "jour ouvré":
        days = round(v * 7 / 5)
    elif unit == "jour ouvrable":
        days = round(v * 7 / 6)
    else:
        days = round(v * _DAYS_PER[unit])
    months = v * _MONTHS_PER[unit] if unit in _MONTHS_PER else days / 30
    return days, months


def _from_mention(text: str, n: NumberMention, m: re.Match[str]) -> Duration:
    unit = _unit(m)
    days, months = _normalise(n.value, unit)
    return Duration(
        start=n.start,
        end=m.end(),
        text=text[n.start : m.end()],
        value=n.value,
        unit=unit,
        days=days,
        months=months,
        words_value=n.words_value,
        figures_value=n.figures_value,
        mismatch=n.agree is False,
    )


def find_durations(text: str) -> list[Duration]:
    """Durations in text order: a number and a unit, or an unlimited/indefinite phrase.

    "un (1) an" and "une année" count (the article is a number before a unit).
    """
    found: list[Duration] = []
    for n in find_numbers(text, include_weak=True):
        m = _UNIT_RE.match(text, n.end)
        if m:
            found.append(_from_mention(text, n, m))
    low = lower_same_length(text)
    for regex, flag in ((_UNLIMITED_RE, "unlimited"), (_INDEFINITE_RE, "indefinite")):
        for m in regex.finditer(low):
            if m.start() and low[m.start() - 1].isalnum():
                continue
            found.append(
                Duration(m.start(), m.end(), text[m.start() : m.end()], None, None, None, None,
                         **{flag: True})  # fmt: skip
            )
    found.sort(key=lambda d: d.start)
    return found


# --- post-term durations --------------------------------------------------------

_END_EVENT = (
    r"(?:fin|terme|cessation|expiration|r[ée]siliation|rupture|extinction|[ée]ch[ée]ance"
    r"|d[ée]part|sortie)"
)
_DET = r"(?:(?:la|le|l'|sa|son|leur|ce|cette|du|de\s+la|de\s+l')\s*)"
_POST_AFTER_RE = re.compile(
    r"\s*(?:\(\s*\d+\s*\)\s*)?(?:calendaires?\s+|pleins?\s+|entiers?\s+)?"
    rf"(?:(?:apr[èe]s|suivant|qui\s+suivent|qui\s+suivront|post[ée]rieurement\s+[àa]"
    rf"|[àa]\s+compter\s+de|[àa]\s+partir\s+de|[àa]\s+l'issue\s+de|au-del[àa]\s+de)\s*"
    rf"{_DET}?{_END_EVENT}"
    r"|apr[èe]s\s+(?:celui-ci|celle-ci|celui-l[àa]|celle-l[àa]|lui|elle)"
    r"|[àa]\s+(?:l'issue|l'expiration|la\s+fin|la\s+cessation|la\s+r[ée]siliation)\b"
    r"|au\s+terme\s+d[ue]\s+(?:pr[ée]sent\s+)?(?:contrat|accord|convention)"
    r"|post-?contractuel)",
    re.IGNORECASE,
)
_POST_BEFORE_RE = re.compile(
    rf"(?:apr[èe]s|suivant|[àa]\s+compter\s+de|[àa]\s+partir\s+de|[àa]\s+l'issue\s+de"
    rf"|d[èe]s)\s*{_DET}?{_END_EVENT}\b[^;.]*$"
    r"|[àa]\s+l'(?:issue|expiration)\s+d[ue]\s[^;.]*$",
    re.IGNORECASE,
)
_BEFORE_WINDOW = 120


def post_term_months(sentence: str) -> float | None:
    """Months a restriction lasts **after** the contract ends, or None if none is stated.

    "pendant la durée du contrat et douze (12) mois après son terme" → 12.0;
    "pendant trois ans à compter de la fin du Contrat" → 36.0. An unlimited
    post-term restriction ("sans limitation de durée après la cessation")
    gives math.inf. With several post-term durations the longest is returned.
    """
    durations = find_durations(sentence)
    best: float | None = None
    for i, d in enumerate(durations):
        if _UNIT_PRECEDES_NOTICE.match(sentence, d.end):
            continue  # "trois mois avant le terme" is a notice period
        after = _POST_AFTER_RE.match(sentence, d.end)
        lo = max(durations[i - 1].end if i else 0, d.start - _BEFORE_WINDOW)
        before = _POST_BEFORE_RE.search(sentence, lo, d.start)
        if not (after or before):
            continue
        months = float("inf") if d.unlimited else d.months
        if months is not None and (best is None or months > best):
            best = months
    return best


_UNIT_PRECEDES_NOTICE = re.compile(r"\s*(?:\(\s*\d+\s*\)\s*)?(?:au\s+moins\s+)?avant\b", re.I)
