"""The parties of a contract, read from its comparution and signature blocks.

The comparution is what stands between the title and the first article
("ENTRE LES SOUSSIGNÉS : … ET : … IL A ÉTÉ CONVENU"); it is cut into parties
at "ET :", "d'une part", "d'autre part" and "ci-après dénommé …" lines. Each
party gets a kind (company, individual, sole trader, association, public
body) and its registration: a number (lint.nlp.identifiers), a register
mention with a blank left for the number ("SIRET : [à compléter]",
"RCS de {{ville}}"), or nothing.

Companies named elsewhere (sub-processors, hosts, a site publisher) are not
parties: only the comparution and the signature blocks are read. The word
lists are data, per language (data/parties_<lang>.yml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lint.nlp.identifiers import Registration, find_registrations
from lint.parsers.base import ARTICLE
from lint.normalize import Translation, strip_accents
from lint.yaml_data import load_yaml

__all__ = [
    "KINDS",
    "Party",
    "describe_party",
    "find_foreign_party",
    "find_party_registration",
    "read_parties",
    "registration_blanks",
    "split_parties",
]

DATA_DIR = Path(__file__).with_name("data")
KINDS = ("public-body", "association", "sole-trader", "individual", "company", "unknown")
MAX_COMPARUTION_BLOCKS = 40
FIRST_BLOCKS = 60
SIGNATURE_BLOCKS = 30


@dataclass(frozen=True)
class Party:
    """One party as written.

    `block` and `start`/`end` locate the start of its description (a party may
    run over several blocks); `text` is the whole description.
    `blank` is True when a register is named with its value left blank.
    """

    text: str
    kind: str
    block: int | None = None
    start: int = 0
    end: int = 0
    source: str = "comparution"  # or "signature", or "text" for a bare text
    registrations: tuple[Registration, ...] = ()
    blank: bool = False
    described: bool = False  # seat, capital or representative given
    foreign: bool = False
    non_party: bool = False  # a host or sub-processor in a description-like sentence
    registered_claim: bool = False  # "immatriculée au RCS de Lyon" with no number
    trade_registered: bool | None = None  # on the trade register (None: the language cannot tell)
    non_trading: bool = False  # a civil company or a liberal profession's company: no commerçant

    @property
    def kinds(self) -> frozenset[str]:
        """Its kind, and for a sole trader off the trade register also
        "sole-trader-off-trade-register": an artisan or a liberal profession
        (translator, teacher, consultant…), who does not contract as a commerçant;
        for a civil company or a liberal profession's company (SCI, SCP, SELARL…)
        also "non-trading-company", for the same reason."""
        if self.kind == "sole-trader" and self.trade_registered is False:
            return frozenset({self.kind, "sole-trader-off-trade-register"})
        if self.kind == "company" and self.non_trading:
            return frozenset({self.kind, "non-trading-company"})
        return frozenset({self.kind})

    @property
    def identified(self) -> bool:
        """A registration number (right or wrong) or a blank for one."""
        return bool(self.registrations) or self.blank


@dataclass(frozen=True)
class _Lexicon:
    start: re.Pattern[str]
    inline_start: re.Pattern[str]
    end: re.Pattern[str]
    separators: re.Pattern[str]
    inline_separator: re.Pattern[str]
    signature_start: re.Pattern[str]
    signature_party: re.Pattern[str]
    continuation: re.Pattern[str]
    kinds: dict[str, re.Pattern[str]] = field(default_factory=dict)
    individual_start: re.Pattern[str] | None = None
    acronyms: re.Pattern[str] | None = None
    sole_acronyms: re.Pattern[str] | None = None
    description: re.Pattern[str] | None = None
    non_party: re.Pattern[str] | None = None
    keyword: re.Pattern[str] | None = None
    registration_trigger: re.Pattern[str] | None = None
    blank: re.Pattern[str] | None = None
    foreign_law: re.Pattern[str] | None = None
    foreign_seat: re.Pattern[str] | None = None
    foreign_forms: re.Pattern[str] | None = None
    # Words saying a party is on the trade register (« RCS », « commerçant »); None where the
    # language's data gives none, and then no sole trader is said to be off it.
    trade_register: re.Pattern[str] | None = None
    # Company forms that are no commerçant (civil companies, liberal professions' companies); None where
    # the language's data gives none.
    non_trading: re.Pattern[str] | None = None
    non_trading_acronyms: re.Pattern[str] | None = None


def _alternation(items: Sequence[str]) -> str:
    return "|".join(f"(?:{item})" for item in items)


def _acronyms(items: Sequence[str]) -> re.Pattern[str]:
    """Acronyms in capitals, as whole words: « SCP », not « scp » inside a word."""
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, items)) + r")(?![\w])")


@cache
def lexicon(lang: str = "fr") -> _Lexicon:
    """The party lexicon of `lang`; an unknown language is an error, not French."""
    path = DATA_DIR / f"parties_{lang}.yml"
    if not path.exists():
        raise ValueError(f"no party lexicon for language {lang!r} ({path.name})")
    data = load_yaml(path.read_text(encoding="utf-8"))

    def words(key: str) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + _alternation(data[key]) + ")")

    def at_start(key: str) -> re.Pattern[str]:
        return re.compile(r"^[\s\"«(*_#-]*(?:" + _alternation(data[key]) + ")")

    forms = sorted(data["foreign_forms"], key=len, reverse=True)
    return _Lexicon(
        start=at_start("comparution_start"),
        inline_start=words("comparution_inline_start"),
        end=at_start("comparution_end"),
        separators=re.compile(_alternation(data["party_separators"]).replace("(?m)", ""), re.M),
        inline_separator=re.compile(data["party_inline_separator"]),
        signature_start=at_start("signature_start"),
        signature_party=re.compile(data["signature_party"]),
        continuation=at_start("continuation_start"),
        kinds={kind: words(key) for kind, key in (("public-body", "public_body"), ("association", "association"),
                                                   ("sole-trader", "sole_trader"), ("individual", "individual"),
                                                   ("company", "company"))},
        individual_start=at_start("individual_start"),
        acronyms=_acronyms(data["company_acronyms"]),
        sole_acronyms=_acronyms(data["sole_trader_acronyms"]),
        description=words("description"),
        non_party=words("non_party"),
        keyword=words("registration_keyword"),
        registration_trigger=re.compile(_alternation(data["registration_trigger"])),
        blank=re.compile(_alternation(data["blank"])),
        foreign_law=re.compile(data["foreign_law"]),
        foreign_seat=re.compile(data["foreign_seat"]),
        foreign_forms=re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w])"),
        trade_register=words("trade_register") if "trade_register" in data else None,
        non_trading=words("non_trading_company") if "non_trading_company" in data else None,
        non_trading_acronyms=_acronyms(data["non_trading_acronyms"]) if "non_trading_acronyms" in data else None,
    )


# --- folding with offsets kept --------------------------------------------------

_SAME_LENGTH = {ord("’"): "'", ord("‘"): "'", 0xA0: " ", 0x202F: " "}


@cache
def _fold_table() -> Translation:
    table = dict(_SAME_LENGTH)
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = strip_accents(char)
        if len(base) == 1:
            table[code] = base
    return Translation(table)


def folded(text: str) -> str:
    """Lowercase, unaccented, same length as `text`: spans found in it index the original."""
    out = _fold_table()(text)
    low = out.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


# --- one party ------------------------------------------------------------------


def _kind(text: str, low: str, lex: _Lexicon) -> str:
    head = low[:80]
    if lex.kinds["public-body"].search(head):
        return "public-body"
    if lex.kinds["association"].search(head):
        return "association"
    if lex.kinds["sole-trader"].search(low) or lex.sole_acronyms.search(text):
        return "sole-trader"
    company = lex.acronyms.search(text) or lex.kinds["company"].search(low)
    if lex.individual_start.search(low) and not (company and company.start() < 60 and lex.kinds["company"].search(low[:60])):
        return "individual"
    if lex.kinds["individual"].search(low) and not company:
        return "individual"
    if company:
        return "company"
    return "unknown"


def registration_blanks(text: str, lang: str = "fr") -> list[tuple[int, int]]:
    """Spans of register mentions whose value is left blank: "SIRET : ____",
    "RCS de {{ville}} n° {{numero}}", "sous le numéro ,", a line ending on "de"."""
    lex = lexicon(lang)
    low = folded(text)
    spans = []
    for match in lex.keyword.finditer(low):
        tail = low[match.end(): match.end() + 90]
        blank = lex.blank.search(tail)
        if blank and not find_registrations(text[match.start(): match.end() + blank.start()]):
            # The blank must belong to this mention: no sentence end before it.
            if not re.search(r"[.;]\s", tail[: blank.start()]):
                spans.append((match.start(), match.end() + blank.end()))
                continue
        # A form field: the register named, then nothing (end of the text or line,
        # or straight to punctuation): "sous le numéro ,", "SIRET :", "l'ordre de".
        empty = re.match(r"[^\n.;,]{0,60}?(?:n°|no|numero|sous le numero|de|d'|du|:)\s*(?:[,;]|\n|$)", tail)
        if empty:
            spans.append((match.start(), match.end() + empty.end()))
    return spans


def describe_party(text: str, lang: str = "fr", block: int | None = None, start: int = 0, source: str = "text") -> Party:
    """Kind, registration and foreignness of one party's description."""
    lex = lexicon(lang)
    low = folded(text)
    registrations = tuple(find_registrations(text))
    blank = bool(registration_blanks(text, lang))
    foreign = bool(
        lex.foreign_law.search(low)
        or lex.foreign_seat.search(low)
        or lex.foreign_forms.search(text)
        or any(r.country not in ("FR", "") for r in registrations)
    )
    registered_claim = bool(re.search(r"(immatricul\w*|inscrite?|enregistree?) (\S+ ){0,3}(au |a l')?(r\.?c\.?s|registre|repertoire)", low))
    return Party(
        text=text,
        kind=_kind(text, low, lex),
        block=block,
        start=start,
        end=start + len(text.rstrip()),
        source=source,
        registrations=registrations,
        blank=blank,
        described=bool(lex.description.search(low)),
        foreign=foreign,
        non_party=bool(lex.non_party.search(low)),
        registered_claim=registered_claim,
        trade_registered=(any(r.kind == "rcs" for r in registrations) or bool(lex.trade_register.search(low))) if lex.trade_register else None,
        non_trading=_non_trading(text, low, lex),
    )


def _non_trading(text: str, low: str, lex: _Lexicon) -> bool:
    """A civil company or a liberal profession's company: the party's own form, the first one its
    description names (not « SAS …, qui loue ses bureaux à une société civile »)."""
    if lex.non_trading is None or lex.non_trading_acronyms is None:
        return False
    first = lex.acronyms.search(text)
    if first is not None and lex.non_trading_acronyms.fullmatch(first.group()):
        return True
    named = lex.non_trading.search(low)
    return named is not None and (first is None or named.start() < first.start())


def split_parties(text: str, lang: str = "fr", breaks: Sequence[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of each party in a comparution text; empty pieces dropped.
    `breaks` are offsets where a new party starts (a new paragraph)."""
    lex = lexicon(lang)
    low = folded(text)
    cuts = [(at, at) for at in breaks]
    for match in lex.separators.finditer(low):
        cuts.append((match.start(), match.end()))
    # The inline separator needs the original case to tell "et SAS…" from "et sa…".
    for match in lex.inline_separator.finditer(_fold_table()(text)):
        cuts.append((match.start(), match.end()))
    cuts.sort()
    pieces, start = [], 0
    for left, right in cuts:
        if left < start:
            start = max(start, right)
            continue
        pieces.append((start, left))
        start = right
    pieces.append((start, len(text)))
    out = []
    for left, right in pieces:
        chunk = text[left:right]
        stripped = chunk.strip(" \n,;:.")
        if len(re.sub(r"\W", "", stripped)) < 3:
            continue
        offset = left + (len(chunk) - len(chunk.lstrip(" \n,;:.")))
        out.append((offset, offset + len(stripped)))
    return out


# --- a document -----------------------------------------------------------------


def _party_like(low: str, lex: _Lexicon) -> bool:
    return bool(
        lex.description.search(low) or lex.keyword.search(low) or lex.separators.search(low)
        or any(p.search(low) for p in lex.kinds.values()) or lex.individual_start.search(low)
        or re.search(r"\bci-apres\b|\bcourriel\b|\btel(ephone)?\b|\be-mail\b|\bmail\b", low)
    )


_ARTICLE = re.compile(rf"\s*(?:{ARTICLE}|\d+\s*[.)-]\s*[a-z]|[ivx]+\s*[.)-]\s)")


def _comparution(texts: Sequence[str], lex: _Lexicon) -> tuple[int, int, int] | None:
    """(first block, offset in it, end block) of the comparution, or None.

    It opens with "ENTRE …" or "Parties" before the articles (or a short line
    "ENTRE :" anywhere near the top), or with "… conclues entre la société X,
    …" in the first article of general terms."""
    articles = 0
    for i, text in enumerate(texts[:FIRST_BLOCKS]):
        low = folded(text)
        if _ARTICLE.match(low):
            articles += 1
            if articles > 1:
                return None
            continue
        offset = None
        if lex.start.search(low) and (articles == 0 or len(low) < 40):
            offset = 0
        elif articles <= 1:
            inline = lex.inline_start.search(low)
            if inline and (lex.description.search(low[inline.end():]) or lex.keyword.search(low[inline.end():])):
                offset = inline.start()
        if offset is None:
            continue
        end = i + 1
        while end < len(texts) and end - i < MAX_COMPARUTION_BLOCKS:
            nxt = folded(texts[end])
            if lex.end.search(nxt) or _ARTICLE.match(nxt) or (len(nxt) > 60 and not _party_like(nxt, lex)):
                break
            end += 1
        return i, offset, end
    return None


def _starts_party(previous: str, text: str, lex: _Lexicon) -> bool:
    """Does this paragraph open a new party, rather than go on with the last?"""
    first = text.lstrip()[:1]
    if not first or first.islower() or first in "(,;:" or lex.continuation.search(folded(text)):
        return False
    return previous.rstrip()[-1:] in (",", ";", ".", ")", "»", ":") and bool(lex.description.search(folded(previous)))


def _signatures(texts: Sequence[str], lex: _Lexicon, after: int) -> list[int]:
    """Blocks of the signature part: from "Fait à …" or "Signatures" near the end."""
    first = max(after, len(texts) - SIGNATURE_BLOCKS)
    for i in range(first, len(texts)):
        if lex.signature_start.search(folded(texts[i])):
            return [j for j in range(i, len(texts)) if len(texts[j]) < 400]
    return []


def read_parties(texts: Sequence[str], lang: str = "fr") -> list[Party]:
    """The parties of a document given as its blocks' texts, in order.

    Empty when no comparution is found: nothing is guessed from the body.
    """
    lex = lexicon(lang)
    found = _comparution(texts, lex)
    if found is None:
        return []
    first, offset, end = found
    # Join the blocks, remembering where each one starts.
    starts, parts, breaks, pos = [], [], [], 0
    for i in range(first, end):
        piece = texts[i][offset:] if i == first else texts[i]
        if parts and _starts_party("\n".join(parts[-3:]), piece, lex):
            breaks.append(pos)
        starts.append((pos, i, offset if i == first else 0))
        parts.append(piece)
        pos += len(piece) + 1
    joined = "\n".join(parts)
    # The opening words are not a party: "ENTRE LES SOUSSIGNÉS :", "Entre".
    opening = re.compile(r"\s*(?:" + lex.start.pattern.lstrip("^") + r")\s*[:,]?\s*", re.M)
    low, skip = folded(joined), 0
    while head := opening.match(low, skip):
        if head.end() == skip:
            break
        skip = head.end()
    if not skip:
        inline = lex.inline_start.search(folded(joined))
        skip = inline.end() if inline and inline.start() == 0 else 0

    def locate(at: int) -> tuple[int, int]:
        for base, index, shift in reversed(starts):
            if at >= base:
                return index, at - base + shift
        return first, offset

    parties = []
    for left, right in split_parties(joined[skip:], lang, [b - skip for b in breaks if b > skip]):
        chunk = joined[skip + left: skip + right]
        index, start = locate(skip + left)
        party = describe_party(chunk, lang, block=index, start=start, source="comparution")
        if party.kind != "unknown" or party.identified or party.described:
            parties.append(party)
    for index in _signatures(texts, lex, end):
        text = texts[index]
        for match in lex.signature_party.finditer(folded(text)):
            line_end = text.find("\n", match.end())
            chunk = text[match.end(): line_end if line_end >= 0 else len(text)]
            if chunk.strip():
                parties.append(describe_party(chunk, lang, block=index, start=match.end(), source="signature"))
        if registration_blanks(text, lang) or find_registrations(text):
            parties.append(describe_party(text, lang, block=index, source="signature"))
    return parties


# --- entity finders: one block's text -------------------------------------------

def _descriptions(text: str, lang: str) -> list[Party]:
    """The party-like descriptions of one block (a comparution line, a seller's
    identity at the end of general terms), skipping hosts and sub-processors."""
    out = []
    for left, right in split_parties(text, lang):
        party = describe_party(text[left:right], lang, start=left)
        if not party.non_party:
            out.append(party)
    return out


def find_party_registration(text: str, lang: str = "fr") -> tuple[int, int] | None:
    """Span of a party's registration detail or of its blank field: a register
    mention inside a party description (seat, capital, representative, or a
    form of company), not a host's or a sub-processor's."""
    lex = lexicon(lang)
    if not lex.registration_trigger.search(folded(text)):
        return None
    for party in _descriptions(text, lang):
        plow = folded(party.text)
        if not (party.described or lex.keyword.match(plow.lstrip())):
            continue
        spans = [(r.start, r.end) for r in party.registrations] + registration_blanks(party.text, lang)
        if spans:
            left, right = min(spans)
            return party.start + left, party.start + right
    return None


def find_foreign_party(text: str, lang: str = "fr") -> tuple[int, int] | None:
    """Span of a party described as established abroad (foreign law, seat or
    register), in a comparution-like description: with its seat, capital or
    representative. Hosts and sub-processors listed in a DPA are not parties."""
    lex = lexicon(lang)
    low = folded(text)
    if not lex.description.search(low):
        return None
    for party in _descriptions(text, lang):
        if party.foreign and party.described and party.kind in ("company", "unknown", "association", "public-body"):
            if re.search(r"represente|capital|siege", folded(party.text)):
                return party.start, party.end
    return None
