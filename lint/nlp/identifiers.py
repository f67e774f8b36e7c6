"""Company registration numbers: SIREN, SIRET, RCS, RNE, French VAT, and foreign registers.

Pure functions over normalised text. Checksums are verified where one exists
(`valid` is None where the register has none), so LEG-002 can flag a SIREN
that fails Luhn and XDOC-010 can compare the SIREN across the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lint.nlp.numbers import lower_same_length

__all__ = [
    "Registration",
    "be_enterprise_valid",
    "ch_uid_valid",
    "es_nif_valid",
    "find_registrations",
    "fr_vat_valid",
    "luhn_valid",
    "siren_valid",
    "siret_valid",
]

LA_POSTE_SIREN = "356000000"


@dataclass(frozen=True)
class Registration:
    """One registration number as written.

    kind: siren, siret, rcs, rne, rm (répertoire des métiers), vat_fr, be_bce, uk_company, de_hr, lu_rcs,
    ch_uid, es_nif, it_piva, registration (a foreign number with no known format).
    `siren` is set for every French mention (RCS, SIRET, VAT include one).
    """

    kind: str
    country: str  # ISO 3166 alpha-2
    number: str  # digits/letters only, separators removed
    valid: bool | None
    start: int
    end: int
    text: str
    siren: str | None = None
    city: str | None = None  # RCS registry city, Amtsgericht...


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def luhn_valid(digits: str) -> bool:
    """Luhn checksum over the digits of `digits` (separators ignored)."""
    d = _digits(digits)
    if not d:
        return False
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siren_valid(s: str) -> bool:
    """Nine digits passing Luhn (spaces and dots allowed)."""
    d = _digits(s)
    return len(d) == 9 and len(_strip_seps(s)) == 9 and luhn_valid(d)


def siret_valid(s: str) -> bool:
    """Fourteen digits passing Luhn; La Poste (SIREN 356000000) also when sum of digits ≡ 0 mod 5."""
    d = _digits(s)
    if len(d) != 14 or len(_strip_seps(s)) != 14:
        return False
    if d.startswith(LA_POSTE_SIREN):
        # Most La Poste establishments fail Luhn by design; the head office
        # (…00048) passes Luhn but not the mod-5 rule, so accept either.
        return sum(map(int, d)) % 5 == 0 or luhn_valid(d)
    return luhn_valid(d)


def fr_vat_valid(s: str) -> bool:
    """French VAT "FR" + 2-digit key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97."""
    m = re.fullmatch(r"FR\s?(\d{2})\s?(\d{3}\s?\d{3}\s?\d{3})", s.strip(), re.IGNORECASE)
    if not m:
        return False
    siren = _digits(m.group(2))
    return int(m.group(1)) == (12 + 3 * (int(siren) % 97)) % 97 and luhn_valid(siren)


def be_enterprise_valid(s: str) -> bool:
    """Belgian BCE/KBO number: 10 digits, last two = 97 − (first eight mod 97)."""
    d = _digits(s)
    if len(d) == 9:  # old 9-digit numbers take a leading zero
        d = "0" + d
    return len(d) == 10 and d[0] in "01" and 97 - int(d[:8]) % 97 == int(d[8:])


def ch_uid_valid(s: str) -> bool:
    """Swiss UID (CHE-123.456.789): mod-11 check digit with weights 5,4,3,2,7,6,5,4."""
    d = _digits(s)
    if len(d) != 9:
        return False
    check = 11 - sum(int(c) * w for c, w in zip(d[:8], (5, 4, 3, 2, 7, 6, 5, 4))) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(d[8])


_NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_nif_valid(s: str) -> bool:
    """Spanish NIF/NIE (8 digits + letter; X/Y/Z + 7 digits + letter) or CIF (letter + 7 + control)."""
    v = re.sub(r"[\s.-]", "", s).upper()
    if re.fullmatch(r"\d{8}[A-Z]", v):
        return _NIF_LETTERS[int(v[:8]) % 23] == v[8]
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", v):
        n = int(str("XYZ".index(v[0])) + v[1:8])
        return _NIF_LETTERS[n % 23] == v[8]
    if re.fullmatch(r"[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]", v):
        digits = v[1:8]
        even = sum(int(c) for c in digits[1::2])
        odd = sum(sum(divmod(int(c) * 2, 10)) for c in digits[::2])
        control = (10 - (even + odd) % 10) % 10
        return v[8] in (str(control), "JABCDEFGHI"[control])
    return False


def _strip_seps(s: str) -> str:
    return re.sub(r"[\s.]", "", s)


# --- finding mentions ---------------------------------------------------------

_SIREN = r"\d{3}[ .]?\d{3}[ .]?\d{3}"
_SIRET = r"\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?\d{5}"
_NUM_END = r"(?![\d]|[ .]\d)"
# A registry city of one or more words: "Aix-en-Provence", "Saint-Denis de la Réunion",
# "AIX EN PROVENCE (13)", "Lille Métropole".
_CITY = (
    r"(?P<city>[A-ZÉÈÎ][\w'-]+(?:[ -](?:(?:en|sur|de|la|le|les|du|d'|l')[ -]?){0,2}[A-ZÉÈÎ][\w'-]+){0,4})"
    r"(?:\s*\(\d{2,3}\))?"
)
_RCS_WORD = r"(?:RCS|R\.C\.S\.?|R\.C\.S|[Rr]egistre du [Cc]ommerce(?: et des [Ss]oci[ée]t[ée]s)?)"
# Before the registry city: « RCS de Lyon », « RCS d'Angers », « RCS du Mans », « RCS des Sables-d'Olonne ».
_CITY_PREP = r"(?:de\s+|d'|du\s+|des\s+)"
_NUMBER_INTRO = r"(?:[\s,:]*(?:sous\s+le\s+)?(?:num[ée]ro|n°|no\.?)?\s*(?:unique\s+)?:?\s*)"

# Ordered: earlier patterns win when spans overlap (VAT numbers first since they
# embed a SIREN, foreign RCS before French RCS, RCS and SIRET before a bare SIREN).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("vat_fr", re.compile(r"\b(?P<num>FR\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{3})\b")),
    ("lu_rcs", re.compile(
        r"\b(?:RCS|R\.C\.S\.?|registre de commerce et des soci[ée]t[ée]s)\s+(?:de\s+)?"
        r"Luxembourg" + _NUMBER_INTRO + r"(?P<num>B\s?\d{1,6})\b")),
    ("rcs", re.compile(
        rf"\b{_RCS_WORD}\s*{_CITY_PREP}?{_CITY}?{_NUMBER_INTRO}(?:[AB]\s+)?"
        rf"(?P<num>{_SIREN}){_NUM_END}")),
    ("rcs", re.compile(
        rf"(?<![\d.])(?P<num>{_SIREN}){_NUM_END}\s*,?\s*{_RCS_WORD}\s+{_CITY_PREP}?{_CITY}")),
    ("rne", re.compile(
        r"\b(?:RNE|R\.N\.E\.|registre national des entreprises)" + _NUMBER_INTRO
        + rf"(?P<num>{_SIREN}){_NUM_END}", re.IGNORECASE)),
    # Répertoire des métiers (craftspeople): the number is the SIREN.
    ("rm", re.compile(
        rf"\b[Rr][ée]pertoire des [Mm][ée]tiers\s*(?:(?:de|du|des|d')\s*(?:la |l')?{_CITY})?"
        rf"{_NUMBER_INTRO}(?P<num>{_SIREN}){_NUM_END}")),
    ("siret", re.compile(
        rf"\bSIRET\b{_NUMBER_INTRO}(?P<num>{_SIRET})(?!\d)", re.IGNORECASE)),
    ("siret", re.compile(r"(?<![\d.])(?P<num>\d{3} \d{3} \d{3} \d{5})(?![\d])")),
    ("siren", re.compile(
        rf"\b(?:SIREN|num[ée]ro unique d'identification|immatricul[ée]e?s?)\b"
        rf"{_NUMBER_INTRO}(?P<num>{_SIREN}){_NUM_END}", re.IGNORECASE)),
    # Registered without naming the register: « inscrite à Lorient sous le numéro 528 292 667 »,
    # « identifié au répertoire SIRENE sous le numéro 834 321 077 ».
    # A loose form: kept only when the number passes the SIREN check (see _LOOSE_KINDS).
    ("siren_registered", re.compile(
        rf"\b(?:inscrite?s?|enregistr[ée]e?s?|immatricul[ée]e?s?|identifi[ée]e?s?)\b[^\d;.]{{0,80}}?\bsous\s+(?:le\s+)?"
        rf"(?:num[ée]ro|n°|no\.?)\s*:?\s*(?P<num>{_SIREN}){_NUM_END}", re.IGNORECASE)),
    ("be_bce", re.compile(
        r"(?:\b(?:BCE|KBO|B\.C\.E\.|Banque[- ]Carrefour des Entreprises|num[ée]ro d'entreprise"
        r"|n° d'entreprise|ondernemingsnummer)\b" + _NUMBER_INTRO + r"(?:BE\s?)?|\bBE\s?)"
        r"(?P<num>[01]\d{3}[.\s]?\d{3}[.\s]?\d{3})\b", re.IGNORECASE)),
    ("uk_company", re.compile(
        r"\b(?:Companies House|company (?:registration )?(?:number|no\.?)|registered in England"
        r"(?: (?:and|&) Wales)?(?: under (?:company )?(?:number|no\.?))?)"
        r"[\s,:]*(?:(?:with |under )?(?:the )?(?:company |registration )?(?:number|no\.?)\s*:?\s*)?(?:n°\s*)?"
        r"(?P<num>(?:[A-Z]{2}\d{6}|\d{8}))\b", re.IGNORECASE)),
    ("de_hr", re.compile(
        r"(?:\bAmtsgericht\s+(?P<city>[A-ZÄÖÜ][\wäöüß-]+)[\s,]*)?\b(?P<num>HR[AB]\s?\d{1,6}(?:\s?[A-Z]\b)?)")),
    ("ch_uid", re.compile(r"\b(?P<num>CHE[- ]?\d{3}\.\d{3}\.\d{3})\b")),
    ("es_nif", re.compile(
        r"\b(?:C\.?I\.?F\.?|N\.?I\.?F\.?|N\.?I\.?E\.?)[\s:]*(?:n°\s*)?(?:ES\s?)?"
        r"(?P<num>[A-Z]-?\d{7}-?[0-9A-J]|\d{8}-?[A-Z])\b")),
    ("it_piva", re.compile(
        r"\b(?:Partita IVA|P\.\s?IVA|P\.I\.)[\s:]*(?:n\.?\s*|n°\s*)?(?:IT\s?)?(?P<num>\d{11})\b",
        re.IGNORECASE)),
    ("registration", re.compile(
        r"\bregistered (?:under|with) (?:the )?(?:(?:company |registration )?(?:number|no\.?))"
        r"[\s:]*(?P<num>[A-Z0-9][A-Z0-9.\-/]{2,18}[A-Z0-9])\b", re.IGNORECASE)),
]

# Forms that name no register: a number they find is a SIREN only if its check digit says so.
_LOOSE_KINDS = {"siren_registered": "siren"}

_COUNTRY = {
    "siren": "FR", "siret": "FR", "rcs": "FR", "rne": "FR", "rm": "FR", "vat_fr": "FR", "be_bce": "BE",
    "uk_company": "GB", "de_hr": "DE", "lu_rcs": "LU", "ch_uid": "CH", "es_nif": "ES",
    "it_piva": "IT", "registration": "",
}  # fmt: skip


def _record(kind: str, m: re.Match[str]) -> Registration:
    raw = m.group("num")
    number = re.sub(r"[\s.\-]", "", raw).upper()
    city = m.groupdict().get("city")
    siren: str | None = None
    valid: bool | None
    if kind in ("siren", "rcs", "rne", "rm"):
        siren, valid = number, siren_valid(number)
    elif kind == "siret":
        siren, valid = number[:9], siret_valid(number)
    elif kind == "vat_fr":
        siren, valid = number[4:], fr_vat_valid(number)
    elif kind == "be_bce":
        valid = be_enterprise_valid(number)
    elif kind == "ch_uid":
        valid = ch_uid_valid(number)
    elif kind == "es_nif":
        valid = es_nif_valid(number)
    elif kind == "it_piva":
        valid = luhn_valid(number)  # Partita IVA's check digit is Luhn
    else:
        valid = None  # UK, German, Luxembourg registers: no public checksum
    return Registration(
        kind=kind,
        country=_COUNTRY[kind],
        number=number,
        valid=valid,
        start=m.start(),
        end=m.end(),
        text=m.group(),
        siren=siren,
        city=city.strip() if city else None,
    )


def find_registrations(text: str) -> list[Registration]:
    """Registration numbers in text order, each with its checksum verdict.

    A bare nine-digit group is only a SIREN when a keyword introduces it (SIREN,
    RCS, immatriculée, RNE...) or it sits in a SIRET/VAT number, so capital
    amounts ("100 000 000 euros") and phone numbers stay out.
    """
    found: list[Registration] = []
    for lo, hi in _windows(text):
        taken: list[tuple[int, int]] = []
        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(text, lo, hi):
                s, e = m.span("num")
                if any(s < te and ts < e for ts, te in taken):
                    continue
                record = _record(_LOOSE_KINDS.get(kind, kind), m)
                if kind in _LOOSE_KINDS and not record.valid:
                    continue  # a nine-digit number no register names may be anything else
                taken.append((s, e))
                found.append(record)
    found.sort(key=lambda r: r.start)
    return found


# Every number we look for is introduced by a keyword, or has a shape of its own
# (SIRET groups, FR/BE/CHE prefixes). Scanning only around those keeps a long
# contract fast: the trigger is a plain-letters alternation on lowercased text.
# Its words are grouped by first letter (in their order within a group, so
# the same one matches): sre tries every alternative at every position, and a
# first letter rules out a whole group at once (twice as fast on a block).
_TRIGGER = re.compile(
    r"(?:s(?:ire[nt])|r(?:cs|\.c\.s|ne|\.n\.e|egistre|[ée]pertoire|egistered|egistration)|i(?:mmatricul\w*|nscrit\w*)"
    r"|t(?:va)|v(?:at)|b(?:ce|\.c\.e|e\s?[01]\d)|k(?:bo)|e(?:ntreprise|nregistr\w*)|o(?:ndernemingsnummer)"
    r"|c(?:ompan(?:y|ies)|he|\.?i\.?f)|a(?:mtsgericht)|h(?:r[ab])|n(?:\.?i\.?[fe]|um[ée]ro unique)"
    r"|p(?:artita|\.\s?iva|\.i\.)|f(?:r\s?\d\d))\b"
    r"|\d{3} \d{3} \d{3} \d{5}"
)
_BEFORE, _AFTER = 40, 170


def _windows(text: str) -> list[tuple[int, int]]:
    low = lower_same_length(text)
    windows: list[tuple[int, int]] = []
    for m in _TRIGGER.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows
