"""Typographic normalisation, in one place for every parser and matcher."""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (before « ; : ? !)
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u3000": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,  # BOM
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)



class Translation:
    """`str.translate(table)`, faster: str.translate looks each non-ASCII
    character up in the dict (about 90 ns a character, most of folding a
    block). Latin-1 text (nine blocks in ten of a French contract) goes
    through bytes.translate and a 256-byte table; other text replaces each
    distinct character the table changes, which gives the same result since
    no replacement holds a character the table changes."""

    __slots__ = ("table", "_bytes", "_delete", "_wide", "_pairs")

    # Up to this many entries, looking each one up in the text (a C search)
    # is quicker than listing the text's distinct characters.
    FEW = 64

    def __init__(self, table: dict[int, str | None]):
        self.table = table
        if any(value and any(table.get(ord(c), c) != c for c in value) for value in table.values()):
            raise ValueError("a replacement holds a character the table changes: translate it in one pass")
        self._bytes, self._delete, self._wide = bytearray(range(256)), bytearray(), bytearray()
        for code in range(256):
            value = table.get(code, chr(code))
            if value is None:
                self._delete.append(code)
            elif len(value) == 1 and ord(value) < 256:
                self._bytes[code] = ord(value)
            else:
                self._wide.append(code)
        self._bytes, self._delete = bytes(self._bytes), bytes(self._delete)
        self._pairs = [(chr(code), value or "") for code, value in table.items()] if len(table) <= self.FEW else None

    def __call__(self, text: str) -> str:
        fast = self.latin1(text)
        if fast is not None:
            return fast
        if self._pairs is None:
            return replace_each(text, set(text), self.table)
        for char, value in self._pairs:
            if char in text:
                text = text.replace(char, value)
        return text

    def latin1(self, text: str) -> str | None:
        """The translation of Latin-1 text, or None for text that is not."""
        try:
            raw = text.encode("latin-1")
        except UnicodeEncodeError:
            return None
        if self._wide and any(code in raw for code in self._wide):
            return None
        return raw.translate(self._bytes, self._delete).decode("latin-1")


def replace_each(text: str, chars: set[str], table: dict[int, str | None]) -> str:
    """`text.translate(table)` for a table none of whose replacements holds a
    character it changes, given the distinct characters of `text`."""
    for char in chars:
        code = ord(char)
        if code in table:
            text = text.replace(char, table[code] or "")
    return text


_TRANSLATE_FAST = Translation(_TRANSLATE)
_SPACES = re.compile(r"[ ]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, plain spaces and apostrophes, no soft hyphens or ligatures.

    Guillemets « » and en/em dashes are kept: they carry meaning in French
    headings ("Article 5 – Confidentialité") and quotations.
    """
    text = _TRANSLATE_FAST(unicodedata.normalize("NFC", text))
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _accent_table() -> dict[int, str]:
    table = {ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE"}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and base:
            table[code] = base
    return table


_ACCENTS = _accent_table()


# Other non-ASCII characters met so far join the table: their NFD form
# without combining marks, where that differs. Decomposing and dropping marks
# works character by character (canonical reordering only moves marks, which
# are dropped), so one translate gives what decomposing the whole text gives,
# at C speed: most French blocks hold a « or a ’, and every one of them took
# the slow path.
_TABLE: dict[int, str] = dict(_ACCENTS)
_SEEN: set[str] = {chr(code) for code in _ACCENTS}
_MAX_SEEN = 20_000  # a file of every Unicode character must not grow it without end


def _without_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# What _TABLE gives each Latin-1 character once seen.
_LATIN1_ACCENTS = Translation({code: _ACCENTS.get(code) or _without_marks(chr(code)) for code in range(256)})


def strip_accents(text: str) -> str:
    """Remove accents and expand œ/æ, keeping case (safe on regular expressions)."""
    if text.isascii():
        return text
    fast = _LATIN1_ACCENTS.latin1(text)
    if fast is not None:
        return fast
    chars = set(text)
    new = chars.difference(_SEEN)
    if new:
        if len(_SEEN) + len(new) > _MAX_SEEN:
            return _without_marks(text.translate(_ACCENTS))
        for char in new:
            base = _without_marks(char)
            if base != char:
                _TABLE[ord(char)] = base
        _SEEN.update(new)
    # A character's base holds no character of the table (it has no marks
    # left to drop), so replacing one character after the other is translating.
    return replace_each(text, chars, _TABLE)


def fold(text: str) -> str:
    """Lowercase without accents, for matching that survives OCR and caps."""
    return strip_accents(text).lower()
