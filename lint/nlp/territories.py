"""Territories named in a clause: France, regions, départements, countries, "monde entier".

The lexicon is data (data/territories_fr.yml) so a lawyer can review and extend
it. Matching ignores accents, case, hyphens and spaces, and only takes whole
words; names that are also common words ("Somme", "Cher", "Var") need a
capital, and a département context when they open a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lint.normalize import fold
from lint.yaml_data import load_yaml

__all__ = ["KINDS", "Territory", "find_territories", "load_lexicon"]

DATA_FILE = Path(__file__).with_name("data") / "territories_fr.yml"
# Kinds in lookup priority: a name listed under two kinds (Guadeloupe is a
# region and a département) takes the first.
KINDS = (
    "world", "supranational", "continent", "country", "overseas", "region", "department", "city",
)  # fmt: skip


@dataclass(frozen=True)
class Territory:
    """kind: one of KINDS, or "defined_term" (« le Territoire ») or "entity" (from spaCy)."""

    kind: str
    name: str
    start: int
    end: int
    text: str
    code: str | None = None
    overseas: bool = False


@dataclass(frozen=True)
class _Entry:
    kind: str
    name: str
    code: str | None
    ambiguous: bool
    overseas: bool
    abbrev: bool


_SEPS = re.compile(r"[\s-]+")
_AFTER_APOSTROPHE = re.compile(r"'\s+")


@cache
def _key(name: str) -> str:
    """Lookup key: folded, hyphens and spaces as one space, no space after apostrophes."""
    return _AFTER_APOSTROPHE.sub("'", _SEPS.sub(" ", fold(name).strip()))


@cache
def load_lexicon(path: Path = DATA_FILE) -> dict[str, _Entry]:
    """Folded name → entry, from the YAML lexicon."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    unknown = set(data) - set(KINDS)
    if unknown:
        raise ValueError(f"{path}: unknown territory kinds {sorted(unknown)}")
    lexicon: dict[str, _Entry] = {}
    for kind in KINDS:
        for item in data.get(kind) or []:
            item = {"name": item} if isinstance(item, str) else item
            extra = set(item) - {"name", "code", "aliases", "ambiguous", "abbrev", "overseas"}
            if extra:
                raise ValueError(f"{path}: {item['name']}: unknown keys {sorted(extra)}")
            code = str(item["code"]) if "code" in item else None
            base = dict(kind=kind, name=item["name"], code=code,
                        overseas=bool(item.get("overseas")))  # fmt: skip
            for alias in [item["name"], *item.get("aliases", [])]:
                lexicon.setdefault(
                    _key(alias), _Entry(**base, ambiguous=bool(item.get("ambiguous")), abbrev=False)
                )
            for abbrev in item.get("abbrev", []):
                lexicon.setdefault(_key(abbrev), _Entry(**base, ambiguous=False, abbrev=True))
    return lexicon


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex for many names, as a trie: Python's re tries alternatives in order."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = []
        for ch in sorted(c for c in node if c):
            piece = r"[\s-]+" if ch == " " else (r"'\s?" if ch == "'" else re.escape(ch))
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # Optional after the longer names so the longest one wins ("Loire-Atlantique").
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _fold_table() -> dict[int, str]:
    """Same-length fold, so offsets in the folded text are offsets in the original."""
    table = {}
    for cp in range(0x41, 0x250):
        ch = chr(cp)
        f = fold(ch)
        if len(f) == 1 and f != ch:
            table[cp] = f
    return table


_FOLD = _fold_table()


@cache
def _scanner(path: Path = DATA_FILE) -> re.Pattern[str]:
    pattern = _trie_pattern(load_lexicon(path))
    # Whole words only, and not a piece of a hyphenated name (Marne-la-Vallée).
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w]|-\w)")


_DEPT_BEFORE = re.compile(r"d[ée]partements?\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+)?$", re.I)
_CODE_AFTER = re.compile(r"\s*\((?:\d{2,3}|2[AB])\)")
_DEPT_CODE = re.compile(r"\bd[ée]partements?\s+(?:n°\s*)?(?P<code>\d{2,3}|2[AB])\b", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n•]|^\s*-)\s*(?:\d+[.)]\s*)?$")
# Searched as a literal first (fast), then the determiner or quote before it.
_TERRITOIRE = re.compile(r"\bTerritoire\b(?!\s+de\s+Belfort)")
_DEFINED_BEFORE = re.compile(r"(?:\b(?:le|du|au|ce|dudit|ledit)\s+|[«\"]\s*)$")
_ENTITY_LABELS = {"LOC", "GPE"}


def _accept(text: str, entry: _Entry, start: int, end: int) -> bool:
    surface = text[start:end]
    if entry.abbrev:
        return surface.isupper()
    if not entry.ambiguous:
        return True
    if not surface[:1].isupper() or re.match(r"\s*\d", text[end : end + 3]):
        return False  # "la somme", "le Lot 2"
    if _DEPT_BEFORE.search(text, max(0, start - 30), start) or _CODE_AFTER.match(text, end):
        return True
    return not _SENTENCE_START.search(text, max(0, start - 12), start)


def find_territories(
    text: str, entities: Iterable[Any] | None = None, *, lexicon_path: Path = DATA_FILE
) -> list[Territory]:
    """Territories named in `text`, in text order.

    `entities` may hold spaCy spans (start_char, end_char, label_) or
    (start, end, label) tuples; LOC/GPE ones that the lexicon did not find are
    added as kind "entity".
    """
    lexicon = load_lexicon(lexicon_path)
    folded = text.translate(_FOLD)
    found: list[Territory] = []
    for m in _scanner(lexicon_path).finditer(folded):
        entry = lexicon.get(_key(m.group()))
        if entry is None or not _accept(text, entry, m.start(), m.end()):
            continue
        end = m.end()
        code_after = _CODE_AFTER.match(text, end)
        if code_after and entry.kind == "department":
            end = code_after.end()
        found.append(Territory(entry.kind, entry.name, m.start(), end, text[m.start() : end],
                               entry.code, entry.overseas))  # fmt: skip
    found.extend(_by_code(text, lexicon, found))
    for m in _TERRITOIRE.finditer(text):
        if _DEFINED_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            found.append(Territory("defined_term", "Territoire", m.start(), m.end(), m.group()))
    found.extend(_entities(text, entities or (), found))
    found.sort(key=lambda t: (t.start, t.end))
    return found


def _by_code(text: str, lexicon: dict[str, _Entry], found: list[Territory]) -> list[Territory]:
    """ "département 69" / "départements 01 et 38" name no département in words."""
    out = []
    by_code = None
    for m in _DEPT_CODE.finditer(text):
        if by_code is None:
            by_code = {e.code: e for e in lexicon.values() if e.kind == "department" and e.code}
        entry = by_code.get(m.group("code").zfill(2).upper())
        if entry and not any(t.start <= m.start("code") < t.end for t in found):
            out.append(Territory("department", entry.name, m.start(), m.end(), m.group(),
                                 entry.code, entry.overseas))  # fmt: skip
    return out


def _entities(text: str, entities: Iterable[Any], found: list[Territory]) -> list[Territory]:
    out = []
    for ent in entities:
        if isinstance(ent, tuple):
            start, end, label = ent
        else:
            start, end, label = ent.start_char, ent.end_char, ent.label_
        if label not in _ENTITY_LABELS:
            continue
        if any(start < t.end and t.start < end for t in found):
            continue
        out.append(Territory("entity", text[start:end], start, end, text[start:end]))
    return out
