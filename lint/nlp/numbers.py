"""French numbers in words and figures, and the amounts of money built on them.

Pure functions over normalised text (see lint/normalize.py). Every record
carries (start, end) offsets into the input so findings can quote the excerpt.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from decimal import Decimal, InvalidOperation

from lint.normalize import fold

__all__ = [
    "Amount",
    "NumberMention",
    "find_amounts",
    "find_numbers",
    "figure_is_ambiguous",
    "parse_figure",
    "parse_french_number_words",
]


@dataclass(frozen=True)
class NumberMention:
    """A number as written: in words, in figures, or both ("trente (30)").

    `value` is the words value when both are given: for a sum in a unilateral
    undertaking the words prevail (art. 1376 C. civ.), and we apply that
    reading everywhere so comparisons are consistent.
    """

    start: int
    end: int
    text: str
    value: Decimal
    words_value: int | None = None
    figures_value: Decimal | None = None
    agree: bool | None = None  # None unless both forms are present
    ambiguous: bool = False  # "1.000" / "1,000": thousands or decimals?

    @property
    def form(self) -> str:
        if self.words_value is not None and self.figures_value is not None:
            return "paired"
        return "words" if self.words_value is not None else "figures"


@dataclass(frozen=True)
class Amount:
    """A sum of money with its currency ("10 000 euros HT")."""

    start: int
    end: int
    text: str
    value: Decimal
    currency: str  # ISO code: EUR, USD, GBP, CHF
    words_value: Decimal | None = None
    figures_value: Decimal | None = None
    mismatch: bool = False  # words and figures disagree (XDOC-005)
    tax: str | None = None  # "HT" or "TTC" when stated
    ambiguous: bool = False


# --- numbers in words -------------------------------------------------------

_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
_HUNDRED = {"cent", "cents"}
_BIG = {
    "mille": 1000, "mil": 1000, "million": 10**6, "millions": 10**6,
    "milliard": 10**9, "milliards": 10**9,
}  # fmt: skip

_WORD_ALT = (
    r"z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
    r"quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|"
    r"huitante|octante|nonante|cents?|mille|millions?|milliards?"
)
_NUM_WORD = rf"(?:{_WORD_ALT})"
# "et" only ever joins a ten and un/une/onze ("vingt et un", "soixante-et-onze").
# Matched on lowercased text with no leading \b (the left boundary is checked in
# code): a pattern that starts with plain letters lets sre skip ahead fast,
# IGNORECASE or \b would make it try every position.
WORDS_PATTERN = rf"{_NUM_WORD}(?:(?:[\s-]+et[\s-]+|[\s-]+){_NUM_WORD})*(?![\w]|-\w)"
_WORDS_RE = re.compile(WORDS_PATTERN)
_TOKEN_RE = re.compile(r"[^\s-]+")
_SPLIT_RE = re.compile(r"[\s-]+")
_LOWER = {cp: chr(cp).lower() for cp in range(0x41, 0x250) if len(chr(cp).lower()) == 1}


def lower_same_length(text: str) -> str:
    """Lowercase with offsets unchanged, so spans found in it index the original."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_LOWER)


def _parse_tokens(tokens: list[str]) -> int | None:
    """Value of folded number-word tokens, or None if they do not form one number."""
    if not tokens or tokens[0] == "et" or tokens[-1] == "et":
        return None
    if tokens == ["zero"]:
        return 0
    total = 0
    group = 0  # the part below one thousand being built
    last: int | None = None  # last additive value below a hundred in `group`
    soft_ten = False  # 60 or quatre-vingt(s): may be followed by 1..19
    big_limit: int | None = None
    after_et = False
    prev = ""
    for tok in tokens:
        if tok == "et":
            if last not in (20, 30, 40, 50, 60, 70, 80, 90) or after_et:
                return None
            after_et = True
            prev = tok
            continue
        if after_et and tok not in ("un", "une", "onze"):
            return None
        if tok in _UNITS:
            v = _UNITS[tok]
            if v == 0:
                return None
            if last is not None:
                ok = (
                    (last == 10 and v in (7, 8, 9))
                    or (last in (20, 30, 40, 50, 70, 90) and v <= 9)
                    or (last in (60, 80) and (v <= 19 if soft_ten else v <= 9))
                )
                if not ok:
                    return None
            group += v
            last, soft_ten = v, False
        elif tok in _TENS:
            if tok.startswith("vingt") and prev == "quatre" and last == 4:
                group += 76
                last, soft_ten = 80, True
            elif last is None:
                group += _TENS[tok]
                last, soft_ten = _TENS[tok], tok == "soixante"
            else:
                return None
        elif tok in _HUNDRED:
            if group >= 10 or group == 1:
                return None
            group = 100 if group == 0 else group * 100
            last, soft_ten = None, False
        elif tok in _BIG:
            mult = _BIG[tok]
            if big_limit is not None and mult >= big_limit:
                return None
            if group == 0:
                if mult != 1000:
                    return None  # "million" alone is a noun, not a number
                group = 1
            total += group * mult
            group, last, soft_ten, big_limit = 0, None, False, mult
        else:
            return None
        after_et = False
        prev = tok
    if after_et:
        return None
    return total + group


def parse_french_number_words(text: str) -> int | None:
    """Integer value of French number words ("quatre-vingt-dix-neuf" → 99), else None.

    Accepts the 1990 hyphenated spelling ("deux-cent-mille"), plural forms
    ("quatre-vingts", "deux cents") and Belgian/Swiss septante, huitante,
    octante and nonante. Any word that is not part of a number gives None.
    """
    tokens = [t for t in _SPLIT_RE.split(fold(text).strip()) if t]
    return _parse_tokens(tokens)


# --- numbers in figures -----------------------------------------------------

# The lookarounds keep us out of dates (12/03/2024), code articles (L. 441-10),
# dotted section numbers (5.2.1) and words with digits (B2B, 14h30).
FIGURE_CORE = (
    r"(?:\d{1,3}(?: \d{3})+(?:[,.]\d+)?"  # 1 000 ; 1 000,50
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.000 ; 1.000,50
    r"|\d{1,3}(?:'\d{3})+(?:[.,]\d+)?"  # Swiss 1'000.50
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?"  # 1,000,000
    r"|\d{1,3}(?:,\d{3})+\.\d+"  # 1,000.50
    r"|\d+(?:[.,]\d+)?)"
)
# The same, for scanning: the first digit is consumed before the look-behind so
# that sre can skip straight to digits (a leading look-behind makes it try every
# position). The look-arounds keep us out of dates (12/03/2024), code articles
# (L. 441-10), dotted section numbers (5.2.1) and words with digits (B2B).
FIGURE_PATTERN = (
    r"\d(?<![\w.,'/-]\d)(?:"
    r"\d{0,2}(?: \d{3})+(?:[,.]\d+)?"
    r"|\d{0,2}(?:\.\d{3})+(?:,\d+)?"
    r"|\d{0,2}(?:'\d{3})+(?:[.,]\d+)?"
    r"|\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?"
    r"|\d{0,2}(?:,\d{3})+\.\d+"
    r"|\d*(?:[.,]\d+)?)"
    r"(?![\w/]|[.,'-]\d)"
)
_FIGURE_RE = re.compile(FIGURE_PATTERN)
_FIGURE_FULL_RE = re.compile(FIGURE_CORE)
_AMBIGUOUS_RE = re.compile(r"\d{1,3}[.,]\d{3}")


def figure_is_ambiguous(text: str) -> bool:
    """True for "1.000" or "1,000": French thousands or English decimals (XDOC-019)."""
    return _AMBIGUOUS_RE.fullmatch(text.strip()) is not None


def parse_figure(text: str) -> Decimal | None:
    """Decimal value of a number in figures, French conventions first.

    "1 000,50", "1.000,50" and "1'000.50" are a thousand and a half; "1000.50"
    and "1,000.50" are read as English decimals because only one reading is
    possible. "1.000" is a thousand (French grouping) and "1,000" is one (French
    decimal comma): see figure_is_ambiguous.
    """
    s = text.strip()
    if not _FIGURE_FULL_RE.fullmatch(s):
        return None
    s = s.replace(" ", "").replace("'", "")
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.000,50
            s = s.replace(".", "").replace(",", ".")
        else:  # 1,000.50
            s = s.replace(",", "")
    elif s.count(",") > 1:
        s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".")
    elif s.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", s):
        s = s.replace(".", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


# --- finding numbers in running text ----------------------------------------

_MONTHS = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|"
    r"novembre|d[ée]cembre"
)
# Spans where digits are dates, phone numbers or identifiers, not quantities,
# matched on lowercased text. Numeric dates (12/03/2024, 2024-03-12) are
# already kept out by FIGURE_PATTERN.
_MONTH_RE = re.compile(rf"(?:{_MONTHS})\b")
_DAY_BEFORE = re.compile(r"\d{1,2}(?:er)?\s+$")
_YEAR_AFTER = re.compile(r"\s+\d{4}\b")
_PHONE_RE = re.compile(r"(?:\+33\s?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)")
# A figure introduced by one of these words (possibly through connectors and
# other ids: "articles 3 et 7", "RCS de Lyon sous le n° 123 456 782") is a
# reference or an identifier, not a quantity. Checked by walking back over the
# few words before each figure, which is much faster than a keyword regex pass.
_REF_WORDS = frozenset(
    "article articles art. art annexe annexes clause clauses paragraphe paragraphes alinéa "
    "alinéas alinea alineas section sections chapitre chapitres loi décret decret ordonnance "
    "règlement reglement directive arrêté arrete numéro numéros numero numeros n° no. § "
    "siren siret rcs r.c.s. r.c.s rne tva vat registre immatriculée immatriculé immatriculee".split()
)
_REGISTRY_WORDS = frozenset("rcs r.c.s. r.c.s registre rne".split())
_FILLER = frozenset("n° : de du d' des sous le la l' au et à a ou , - le: (ue) (ce) b".split())
_FILLER_RE = re.compile(r"[\d.,:/()-]+|[a-z]\.?|n°\d*|\d+(?:er)?")
_TOKEN_TRIM = re.compile(r"^(?:[ld]')|[,;:()]+$")


def _introduced_as_reference(low: str, start: int) -> bool:
    words = low[max(0, start - 70) : start].split()
    if start > 70:
        words = words[1:]  # may be cut
    city_words = 0
    for raw in reversed(words):
        word = _TOKEN_TRIM.sub("", raw)
        if word in _REF_WORDS:
            return city_words == 0 or word in _REGISTRY_WORDS
        if word in _FILLER or not word or _FILLER_RE.fullmatch(word):
            continue
        city_words += 1  # "RCS Aix-en-Provence 552 100 554"
        if city_words > 2:
            return False
    return False


_PAIR_OPEN = re.compile(r"\s*\(\s*")
_PAIR_CLOSE = re.compile(r"\s*\)")
_WEAK_WORDS = {"un", "une", "neuf", "cent", "cents"}  # articles, "new", "pour cent"


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    words: int | None
    figure: Decimal | None
    weak: bool = False
    ambiguous: bool = False


def _left_ok(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _blocked(low: str) -> tuple[list[int], list[int]]:
    """Sorted, merged spans of dates, phone numbers and references in lowercased text."""
    spans = [
        m.span()
        for m in _PHONE_RE.finditer(low)
        if _left_ok(low, m.start())
    ]
    for m in _MONTH_RE.finditer(low):  # "12 janvier 2024": rare, so checked by hand
        day = _DAY_BEFORE.search(low, max(0, m.start() - 6), m.start())
        year = _YEAR_AFTER.match(low, m.end())
        spans.append((day.start() if day else m.start(), year.end() if year else m.end()))
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _is_blocked(blocked: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, ends = blocked
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and ends[i] >= end


@cache
def _split_run(run: str) -> tuple[tuple[int, int, int, bool], ...]:
    """A run of number words → (start, end, value, weak) for the longest valid numbers.

    Cached: contracts repeat the same runs ("un", "une", "trente").
    """
    toks = [(t.start(), t.end(), fold(t.group())) for t in _TOKEN_RE.finditer(run)]
    out = []
    i = 0
    while i < len(toks):
        for j in range(len(toks), i, -1):
            value = _parse_tokens([t[2] for t in toks[i:j]])
            if value is not None:
                break
        else:
            i += 1
            continue
        weak = j - i == 1 and toks[i][2] in _WEAK_WORDS
        out.append((toks[i][0], toks[j - 1][1], value, weak))
        i = j
    return tuple(out)


def _word_runs(text: str, m: re.Match[str]) -> list[_Raw]:
    out = []
    for s, e, value, weak in _split_run(m.group()):
        start, end = m.start() + s, m.start() + e
        if text[start:end] in ("cent", "cents") and text[max(0, start - 5) : start] == "pour ":
            weak = True  # "dix pour cent": the "cent" is a percent sign
        out.append(_Raw(start, end, value, None, weak))
    return out


def _raw_mentions(text: str) -> list[_Raw]:
    """Every number in words or figures, unpaired, in text order."""
    low = lower_same_length(text)
    blocked = _blocked(low)
    raws: list[_Raw] = []
    for m in _WORDS_RE.finditer(low):
        if _left_ok(low, m.start()):
            raws.extend(_word_runs(low, m))
    for m in _FIGURE_RE.finditer(text):
        if _is_blocked(blocked, m.start(), m.end()) or _introduced_as_reference(low, m.start()):
            continue
        value = parse_figure(m.group())
        if value is not None:
            raws.append(_Raw(m.start(), m.end(), None, value,
                             ambiguous=figure_is_ambiguous(m.group())))  # fmt: skip
    raws.sort(key=lambda r: r.start)
    return raws


def _agree(words: int | Decimal | None, figure: Decimal | None) -> bool | None:
    if words is None or figure is None:
        return None
    return Decimal(words) == figure


# « dix pour cent (10 %) »: a rate in words, then in figures.
_RATE_OPEN = re.compile(r" pour ?cent \(\s*", re.IGNORECASE)
_RATE_CLOSE = re.compile(r"\s?%\s*\)")
_RATE_FIGURES = re.compile(r"\d+(?:[,.]\d+)?")
# « deux virgule cinq pour cent (2,5 %) »: a decimal in words, which the pairing does not read.
_DECIMAL_WORDS_BEFORE = re.compile(r"(?<![\w-])(?:virgule|et) $", re.IGNORECASE)


def _rate_pair(text: str, raws: list[_Raw], i: int) -> tuple[_Raw, _Raw, int, int] | None:
    """(words, figures, end of the pair, index after it) when raws[i] opens a
    rate written both ways; the « cent » of « pour cent » in between is skipped."""
    a = raws[i]
    opened = _RATE_OPEN.match(text, a.end) if a.words is not None else None
    # The words start a word (not « x-dix ») and are not the end of a decimal.
    if not opened or (a.start and (text[a.start - 1].isalnum() or text[a.start - 1] in "-_")) or _DECIMAL_WORDS_BEFORE.search(text, max(0, a.start - 9), a.start):
        return None
    for j in range(i + 1, min(i + 3, len(raws))):
        b = raws[j]
        if b.start == opened.end() and b.figure is not None and _RATE_FIGURES.fullmatch(text, b.start, b.end):
            closed = _RATE_CLOSE.match(text, b.end)
            return (a, b, closed.end(), j + 1) if closed else None
    return None


# The unit written on both sides: « trois cents heures (350 heures) ».
_UNIT_OPEN = re.compile(r"\s+([^\W\d]{3,})\s*\(\s*")
_UNIT_CLOSE = re.compile(r"\s+([^\W\d]{3,})\s*\)")


def _unit_pair(text: str, a: _Raw, b: _Raw) -> int | None:
    """Where « <words> <unit> (<figure> <unit>) » ends, or None."""
    opened = _UNIT_OPEN.match(text, a.end)
    if not opened or opened.end() != b.start or (a.words is None) == (b.words is None):
        return None
    closed = _UNIT_CLOSE.match(text, b.end)
    return closed.end() if closed and closed.group(1).casefold() == opened.group(1).casefold() else None


def _pair_mentions(text: str, raws: list[_Raw]) -> list[tuple[_Raw, _Raw | None, int | None]]:
    """Join "trente (30)", "30 (trente)" and « dix pour cent (10 %) »: a
    number, then the other form in brackets. Each pair comes with where it
    ends when that is not the closing bracket."""
    out: list[tuple[_Raw, _Raw | None, int | None]] = []
    i = 0
    while i < len(raws):
        a = raws[i]
        rate = _rate_pair(text, raws, i)
        if rate is not None:
            a, b, end, i = rate
            out.append((a, b, end))
            continue
        if i + 1 < len(raws):
            b = raws[i + 1]
            opened = _PAIR_OPEN.match(text, a.end)
            closed = _PAIR_CLOSE.match(text, b.end)
            if (
                opened
                and closed
                and opened.end() == b.start
                and (a.words is None) != (b.words is None)
            ):
                out.append((a, b, None))
                i += 2
                continue
            unit_end = _unit_pair(text, a, b)
            if unit_end is not None:
                out.append((a, b, unit_end))
                i += 2
                continue
        out.append((a, None, None))
        i += 1
    return out


def _mention(text: str, a: _Raw, b: _Raw | None, end: int | None = None) -> NumberMention:
    words = a.words if a.words is not None else (b.words if b else None)
    figure = a.figure if a.figure is not None else (b.figure if b else None)
    stop = end if end is not None else (_PAIR_CLOSE.match(text, b.end).end() if b else a.end)
    value = Decimal(words) if words is not None else figure
    return NumberMention(
        start=a.start,
        end=stop,
        text=text[a.start : stop],
        value=value,
        words_value=words,
        figures_value=figure,
        agree=_agree(words, figure),
        ambiguous=a.ambiguous or bool(b and b.ambiguous),
    )


def _paired_mentions(text: str, include_weak: bool) -> list[NumberMention]:
    mentions = []
    for a, b, end in _pair_mentions(text, _raw_mentions(text)):
        if b is None and a.weak and not include_weak:
            continue
        mentions.append(_mention(text, a, b, end))
    return mentions


def find_numbers(text: str, *, include_weak: bool = False) -> list[NumberMention]:
    """Numbers in words and figures, paired forms joined, in text order.

    Leaves out dates, phone numbers, article/annex numbers and identifiers
    introduced by a keyword (SIREN, RCS, n°...). Bare "un"/"une"/"neuf"/"cent"
    are usually an article, the adjective or "pour cent", so they are left out
    unless a figure confirms them ("un (1) an") or `include_weak` is set (for
    callers that look at what follows, such as a unit: "un an").
    """
    return _paired_mentions(text, include_weak=include_weak)


# --- amounts ------------------------------------------------------------------

_CURRENCY = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "usd": "USD", "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD",
    "gbp": "GBP", "£": "GBP", "livre sterling": "GBP", "livres sterling": "GBP",
    "chf": "CHF", "franc suisse": "CHF", "francs suisses": "CHF",
}  # fmt: skip
_SCALE = {"k": 10**3, "K": 10**3, "M": 10**6, "Md": 10**9, "Mds": 10**9, "mille": 10**3,
          "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}  # fmt: skip
_CUR_ALT = (
    r"€|EUR\b|EUROS?\b|[Ee]uros?\b|USD\b|US\$|\$|[Dd]ollars?\b|GBP\b|£"
    r"|[Ll]ivres? sterling\b|CHF\b|[Ff]rancs? suisses\b"
)
_CUR_AFTER = re.compile(
    r"\s?(?P<scale>Mds|Md|millions?|milliards?|mille|[kKM](?=\s?€))?\s?(?:d'\s?)?"
    rf"(?P<cur>{_CUR_ALT})(?!-\w)"
)
_CUR_BEFORE = re.compile(r"(?P<cur>€|EUR|USD|US\$|\$|GBP|£|CHF)\s?$")
_TAX = re.compile(
    r"\s*(?P<tax>HT\b|H\.T\.?|TTC\b|T\.T\.C\.?|hors tax(?:es?)?\b|toutes taxes comprises\b)"
)


def _currency(token: str) -> str:
    return _CURRENCY[fold(token)]


def _tax(text: str, pos: int) -> tuple[str | None, int]:
    m = _TAX.match(text, pos)
    if not m:
        return None, pos
    return ("TTC" if fold(m.group("tax")).startswith("t") else "HT"), m.end()


def _scaled(m: NumberMention, scale: str | None) -> NumberMention:
    if not scale:
        return m
    k = _SCALE[scale]
    return NumberMention(
        m.start, m.end, m.text, m.value * k,
        m.words_value * k if m.words_value is not None else None,
        m.figures_value * k if m.figures_value is not None else None,
        m.agree, m.ambiguous,
    )  # fmt: skip


def _amount(
    text: str, m: NumberMention, cur: str, end: int, tax: str | None, start: int | None = None
) -> Amount:
    words = Decimal(m.words_value) if m.words_value is not None else None
    start = m.start if start is None else start
    return Amount(
        start=start,
        end=end,
        text=text[start:end],
        value=m.value,
        currency=cur,
        words_value=words,
        figures_value=m.figures_value,
        mismatch=m.agree is False,
        tax=tax,
        ambiguous=m.ambiguous,
    )


def find_amounts(text: str) -> list[Amount]:
    """Sums of money: a number with a currency before or after it.

    Handles "1 000,50 €", "1.000,50 EUR", "10 000 euros HT", "€ 500", "2 M€",
    "dix mille (10 000) euros" and "dix mille euros (10 000 €)". A number with
    no currency attached (a SIREN, a phone number, an article) is never an
    amount. `mismatch` is set when the words and figures disagree.
    """
    mentions = _paired_mentions(text, include_weak=True)
    amounts: list[Amount] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        after = _CUR_AFTER.match(text, m.end)
        if after and (m.form == "figures" or not after.group("scale")):
            amount, i = _amount_after(text, mentions, i, after)
            amounts.append(amount)
            continue
        before = _CUR_BEFORE.search(text, max(0, m.start - 5), m.start)
        if before and m.figures_value is not None:
            tax, end = _tax(text, m.end)
            start = before.start()
            amounts.append(_amount(text, m, _currency(before.group("cur")), end, tax, start))
        i += 1
    return amounts


def _amount_after(
    text: str, mentions: list[NumberMention], i: int, after: re.Match[str]
) -> tuple[Amount, int]:
    """The amount starting at mentions[i], a currency after it; returns the next index."""
    m = _scaled(mentions[i], after.group("scale"))
    cur = _currency(after.group("cur"))
    tax, end = _tax(text, after.end())
    # "dix mille euros (10 000 €)": the other form follows in brackets.
    opened = _PAIR_OPEN.match(text, end)
    if opened and i + 1 < len(mentions) and mentions[i + 1].start == opened.end():
        n = mentions[i + 1]
        inner = _CUR_AFTER.match(text, n.end)
        if inner and n.form == "figures":
            n = _scaled(n, inner.group("scale"))
        # "(4 200 € HT)": the tax may sit inside the brackets too.
        _, inner_end = _tax(text, inner.end() if inner else n.end)
        closed = _PAIR_CLOSE.match(text, inner_end)
        if closed and (m.form == "words") != (n.form == "words"):
            words = m.words_value if m.words_value is not None else n.words_value
            figure = n.figures_value if m.words_value is not None else m.figures_value
            tax2, end = _tax(text, closed.end())
            paired = NumberMention(m.start, end, "", Decimal(words), words, figure,
                                   _agree(words, figure), m.ambiguous or n.ambiguous)  # fmt: skip
            return _amount(text, paired, cur, end, tax or tax2), i + 2
    return _amount(text, m, cur, end, tax), i + 1
