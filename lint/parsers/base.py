"""What every parser shares: the raw block it emits, heading patterns, and the
one function that turns raw blocks into a Document with its outline."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Protocol

from lint.errors import InputError
from lint.model import Block, BlockKind, Document, Location, Metadata, Section
from lint.normalize import normalize_text


@dataclass
class RawBlock:
    kind: BlockKind
    text: str
    level: int = 0
    page: int | None = None
    cell: tuple[int, int, int] | None = None


# Budgets that keep a small crafted file from expanding into gigabytes: each
# is far above what a real contract needs, and is checked before the text it
# guards is built, so the refusal costs nothing.
MAX_TEXT_CHARS = 10_000_000  # about 5,000 pages
MAX_BLOCKS = 200_000
MAX_LABEL_CHARS = 256  # a list label ("Article 12.3.b)")
MAX_REPEAT = 10_000  # one repeated space run (ODF text:s text:c)
MAX_TABLE_DEPTH = 32  # tables inside table cells
MAX_HEADING_LEVEL = 10  # ODF's highest outline level; Word's is 9


def too_large_expanded(name: str, what: str) -> InputError:
    return InputError("too-large-expanded", f"{name}: {what}; refusing to read it")


def check_label_length(name: str, length: int) -> None:
    if length > MAX_LABEL_CHARS:
        raise too_large_expanded(name, f"a list number would be {length:,} characters long, over the limit of {MAX_LABEL_CHARS}")


def check_repeat(name: str, count: int) -> None:
    if count > MAX_REPEAT:
        raise too_large_expanded(name, f"a repeated character run of {count:,}, over the limit of {MAX_REPEAT:,}")


def check_table_depth(name: str, depth: int) -> None:
    if depth > MAX_TABLE_DEPTH:
        raise too_large_expanded(name, f"tables are nested more than {MAX_TABLE_DEPTH} deep")


class TextBudget:
    """Running totals of the blocks and characters a parser has produced."""

    def __init__(self, name: str):
        self.name = name
        self.chars = 0
        self.blocks = 0

    def add(self, text: str) -> None:
        self.blocks += 1
        self.reserve(len(text))
        if self.blocks > MAX_BLOCKS:
            raise too_large_expanded(self.name, f"it holds more than {MAX_BLOCKS:,} paragraphs")

    def reserve(self, chars: int) -> None:
        """Count text about to be built (before it is)."""
        self.chars += chars
        if self.chars > MAX_TEXT_CHARS:
            raise too_large_expanded(self.name, f"its text exceeds {MAX_TEXT_CHARS:,} characters")


class Parser(Protocol):
    def __call__(self, path: Path, *, password: str | None = None) -> Document: ...


# How an article is numbered: « Article 5 », « ART. 9.2 », « Article premier »,
# « Article IV ». Declared once for every reader of article numbers (heading
# levels here, clause detection, the document's own numbering, the parties
# block, --annotate); each adds the other labels it knows (chapitre, clause…).
# Case-insensitive: compile with re.I, or match lowercased text.
ARTICLE_WORD = r"(?:article|art\.)"
ARTICLE_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)*|[ivxlc]+|premier|1er)"
# The other labels a division of a contract is headed with, in every language
# the parsers read (they run before the language is detected).
DIVISION_WORD = r"(?:chapitre|chapter|titre|partie|part|section|annexe|appendice|appendix|schedule|exhibit)"
# A list item's enumerator opening a line or paragraph: « a) », « (iv) », « 2) », « (3) », « 1° ».
# « 1. » is left out: it numbers clauses (« 12. The Supplier shall … ») as often as items.
LIST_ENUMERATOR = re.compile(r"^\s*(?:\(?[a-z]\)|\(?[ivx]{1,5}\)|\(?\d{1,2}\)|\d{1,2}°\)?)\s+(?=\S)", re.I)
# A typed bullet opening a line or paragraph. It is layout, not text: parsers drop
# it, as Word and ODF keep their own bullets out of the paragraph's text.
LIST_BULLET = re.compile(r"^\s*[-–•▪◦●○■□➢►▸·‣⁃\uf0b7\uf0a7\uf0d8]\s+")
ARTICLE = rf"{ARTICLE_WORD}\s*{ARTICLE_NUMBER}(?![\w])"

_ROMAN = r"[IVXLC]+"
# Ordered: the first pattern that matches decides the level.
_HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^(chapitre|titre|partie|part|chapter)\s+([0-9]+|" + _ROMAN + r"|premier|un|i)\b", re.I), 1),
    (re.compile(r"^(annexe|appendice|appendix|schedule|exhibit)\b", re.I), 1),
    (re.compile(r"^" + ARTICLE, re.I), 1),
    (re.compile(r"^section\s+([0-9]+|" + _ROMAN + r")\b", re.I), 1),
    # « § 4 — Comment on mesure la qualité », « Paragraphe 2 ».
    (re.compile(r"^(§|paragraphe)\s*[0-9]{1,3}\b", re.I), 1),
    # "5.2", "5.2.1", "5.2.1.3": one level per number.
    (re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){1,5}\.?\s+\S"), 0),
    (re.compile(r"^[0-9]{1,3}\s*[.)\-–]\s*\S"), 1),
    (re.compile(r"^" + _ROMAN + r"\s*[.)\-–]\s+\S"), 1),
)

# A heading is a label, not a sentence: short, and not ending like a clause.
MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 16


def looks_like_title(text: str) -> bool:
    words = text.split()
    if not words or len(text) > MAX_HEADING_CHARS or len(words) > MAX_HEADING_WORDS:
        return False
    if text.rstrip().endswith((";", ",")):
        return False
    # "Article 5." is a title; "Le contrat est conclu pour un an." is not.
    if text.rstrip().endswith(".") and len(words) > 6:
        return False
    return True


# Markup that may open a numbered line in Markdown sources: "## 4.1", "**9.2** …".
_LEADING_MARKUP = re.compile(r"^[\s#*>]*")


def numbering_level(text: str) -> int:
    """Level of the number a block starts with (« Article 4 », « 4. » → 1,
    « 4.1 » → 2), whether or not the block is a title; 0 if unnumbered."""
    text = _LEADING_MARKUP.sub("", text).replace("**", "", 1)
    for pattern, level in _HEADING_PATTERNS:
        if pattern.match(text):
            return level or text.split(None, 1)[0].rstrip(".").count(".") + 1
    return 0


def numbered_heading_level(text: str) -> int:
    """Heading level implied by a numbering pattern, or 0 if none."""
    text = text.strip()
    return numbering_level(text) if looks_like_title(text) else 0


def is_caps_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and looks_like_title(text)


# A contents line: dot leaders before its page number.
_LEADER = re.compile(r"(\.{4,}|…{2,})")
MAX_ARTICLE_TITLE_WORDS = 8
_MAJOR = re.compile(rf"^[\s#*>]*(?:{ARTICLE_WORD}\s*)?([0-9]+)(?![0-9])", re.I)
_SUBDIVISION = re.compile(r"^[\s#*>]*([0-9]+)\.[0-9]+")


# The Latin ordinals of an article inserted between two others (« Article 2 bis »).
_INSERTED = re.compile(r"\s*(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)\b", re.I)


def article_number(title: str) -> int | None:
    """The number of a top-level article title (« ARTICLE 12 – Durée », « 12. Durée »),
    None for a sub-article (« 12.1 ») or an unnumbered title."""
    if _SUBDIVISION.match(title) or not numbering_level(title) == 1 or _LEADER.search(title):
        return None
    major = _MAJOR.match(title)
    if not major:
        return None
    # « Article 2 bis » is inserted after 2: it neither repeats nor skips a number.
    if _INSERTED.match(title, major.end()):
        return None
    # « 23. Dans le cadre des Services, nous pouvons … » numbers a paragraph, not an article.
    words = title[major.end():].strip(" .–—-:").split()
    if not re.match(ARTICLE_WORD, title.strip(" #*>"), re.I) and (len(words) > MAX_ARTICLE_TITLE_WORDS or title.rstrip().endswith(":")):
        return None
    return int(major.group(1))


def _subdivides(title: str, parent: str) -> bool:
    """« 2.1 Il incombe … » under « ARTICLE 2 – Qui fait quoi »: a sub-number of
    the article above it, whatever level the file's styles give both."""
    sub = _SUBDIVISION.match(title)
    major = sub and _MAJOR.match(parent)
    return bool(major) and sub.group(1) == major.group(1) and not _SUBDIVISION.match(parent)


# A label column: short row titles (« Durée », « Règlement amiable ») beside text.
MAX_ROW_LABEL_WORDS = 8
MIN_LABEL_TABLE_ROWS = 3
MIN_ROW_TEXT_WORDS = 6


def _row_label_cells(raw_blocks: list[RawBlock]) -> set[int]:
    """Positions of the left cells of two-column tables that title their rows.

    A contract written as a grid (« Objet | Stipulation ») puts each clause in
    the right cell of a row whose left cell names it: that left cell is the
    clause's heading. A table is read so only when it has exactly two columns,
    a few rows, left cells short enough to be titles and right cells that are
    mostly sentences; a price grid (« Stockage | 11,40 € ») or a signature
    table keeps its cells."""
    tables: dict[int, dict[int, dict[int, int]]] = {}
    for position, raw in enumerate(raw_blocks):
        if raw.kind == BlockKind.TABLE_CELL and raw.cell is not None:
            table, row, col = raw.cell
            tables.setdefault(table, {}).setdefault(row, {})[col] = position
    def words(position: int) -> int:
        return len(raw_blocks[position].text.split())

    labels: set[int] = set()
    for rows in tables.values():
        if any(set(cols) - {0, 1} for cols in rows.values()):
            continue
        pairs = [(cols[0], cols[1]) for cols in rows.values() if 0 in cols and 1 in cols]
        if len(pairs) < MIN_LABEL_TABLE_ROWS:
            continue
        titled = [(left, right) for left, right in pairs if 0 < words(left) <= MAX_ROW_LABEL_WORDS and looks_like_title(raw_blocks[left].text.strip())]
        texts = [right for _, right in pairs if words(right) >= MIN_ROW_TEXT_WORDS]
        if len(titled) * 10 < len(pairs) * 7 or len(texts) * 2 < len(pairs):
            continue
        # A header row (« Objet | Stipulation ») titles the columns, not a clause.
        first_left, first_right = pairs[0]
        header = words(first_left) <= 3 and words(first_right) <= 3
        labels.update(left for left, _ in titled if not (header and left == first_left))
    return labels


def _typed_list_item(raw: RawBlock, text: str) -> tuple[RawBlock, str]:
    """A paragraph opening on a typed enumerator (« (a) », « 1° ») or bullet
    (« - ») is a list item, whatever the format: the same reading as Word's and
    ODF's own lists. The bullet is dropped, the enumerator kept (« au b) ci-dessus »)."""
    bullet = LIST_BULLET.match(text)
    if bullet:
        return replace(raw, kind=BlockKind.LIST_ITEM), text[bullet.end():]
    if LIST_ENUMERATOR.match(text):
        return replace(raw, kind=BlockKind.LIST_ITEM), text
    return raw, text


def build_document(
    path: Path | str,
    fmt: str,
    raw_blocks: Iterable[RawBlock],
    metadata: Metadata,
) -> Document:
    """Normalise text, drop empty blocks, number them and build the outline."""
    blocks: list[Block] = []
    stack: list[tuple[int, str, int]] = []  # (level, title, block index)
    budget = TextBudget(Path(path).name)
    received: list[RawBlock] = []
    for raw in raw_blocks:
        budget.add(raw.text)  # before the next block is read: a crafted file stops here
        received.append(raw)
    row_labels = _row_label_cells(received)
    outer_level = 0  # the level of the last heading outside a table
    for position, raw in enumerate(received):
        text = normalize_text(raw.text)
        if raw.kind == BlockKind.PARAGRAPH:
            raw, text = _typed_list_item(raw, text)
        if not text:
            continue
        index = len(blocks)
        if position in row_labels:
            # A row title heads its row, one level under the heading around the table.
            raw = replace(raw, kind=BlockKind.HEADING, level=min(outer_level + 1, MAX_HEADING_LEVEL))
        level = raw.level if raw.kind == BlockKind.HEADING else 0
        if raw.kind == BlockKind.HEADING:
            # A file may claim outline level 2,000,000,000; indenting by it
            # (extract, reporters) would need gigabytes.
            level = min(max(1, level), MAX_HEADING_LEVEL)
            # « 2.1 » and « 2.2 » under « ## ARTICLE 2 », whatever level the file's styles give them.
            article = next((lvl for lvl, title, _ in reversed(stack) if _subdivides(text, title)), None)
            if article is not None and level <= article:
                level = min(article + 1, MAX_HEADING_LEVEL)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text, index))
            if position not in row_labels:
                outer_level = level
        section = tuple(title for _, title, _ in stack)
        if raw.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            section = ()
        blocks.append(
            Block(
                kind=raw.kind,
                text=text,
                level=level,
                location=Location(block=index, page=raw.page, section=section),
                cell=raw.cell,
            )
        )
    sections = _outline(blocks)
    if metadata.title is None:
        metadata = replace(metadata, title=_guess_title(blocks))
    return Document(
        path=str(path),
        format=fmt,
        metadata=metadata,
        blocks=tuple(blocks),
        sections=sections,
    )


def _outline(blocks: list[Block]) -> tuple[Section, ...]:
    headings = [b for b in blocks if b.kind == BlockKind.HEADING]
    total = len(blocks)

    def build(start: int, stop: int, parent_end: int) -> tuple[Section, ...]:
        nodes = []
        i = start
        while i < stop:
            head = headings[i]
            j = i + 1
            while j < stop and headings[j].level > head.level:
                j += 1
            end = headings[j].location.block if j < stop else parent_end
            nodes.append(
                Section(
                    title=head.text,
                    level=head.level,
                    start=head.location.block,
                    end=end,
                    page=head.location.page,
                    children=build(i + 1, j, end),
                )
            )
            i = j
        return tuple(nodes)

    return build(0, len(headings), total)


def _guess_title(blocks: list[Block]) -> str | None:
    for block in blocks[:15]:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.FOOTNOTE, BlockKind.TABLE_CELL):
            continue
        if len(block.text) <= MAX_HEADING_CHARS:
            return block.text
        return None
    return None
