"""Plain text and Markdown → Document.

Hard-wrapped lines are joined into paragraphs (in unwrapped text, where long
lines are common, each line is one); Markdown headings, emphasis-only
lines, list items and pipe tables are recognised. UTF-8 first, cp1252 as the
fallback that French Windows users actually produce.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import replace
from pathlib import Path

from lint.errors import InputError
from lint.model import BlockKind, Document, Metadata
from lint.parsers.base import LIST_BULLET, LIST_ENUMERATOR, MAX_TEXT_CHARS, RawBlock, build_document, is_caps_title, numbered_heading_level

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
# The closing #s are stripped in code: a lazy body before `\s*#*\s*$` is
# quadratic on a long run of spaces.
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# A quoted passage (« > … »): an amendment quoting the articles it rewrites.
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:> ?)+")
_MD_EMPHASIS_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
# The list markers of plain text and Markdown (« - », « * », « 1. », « a) »):
# dropped from the item, as Markdown renders them and as the parser always
# did. Other typed bullets and enumerators (« – », « (a) », « 1° ») are read
# in build_document, as in every format.
_TEXT_MARKER = re.compile(r"^\s*(?:[-*+•▪◦]|\d{1,2}[.)]|[a-z][.)])\s+")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# One cell of a table's rule line; the line is split in code (_is_table_rule):
# as one regex, its runs of optional spaces made long lines quadratic.
_RULE_CELL = re.compile(r":?-{2,}:?")
# Between two cells of a table row typed in plain text (« Durée | 12 mois »).
_CELL_SEPARATOR = " | "
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
# Emphasis markers only when they wrap text: a run of underscores is a blank to
# fill in. Markers are paired in code (_strip_emphasis), in linear time: as a
# regex, `(\*\*|__)(.+?)\1` rescans the rest of the line from every opener.
_MD_MARKER = re.compile(r"(?=(\*\*|__))")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# The longest line the emphasis-line heading can match (120 characters of text).
_MAX_EMPHASIS_LINE = 130
_FRENCH_LETTERS = "éèàêâçôîûùëïÉÈÀ"
# Hard-wrapped text has no line much longer than its wrap width (70 to 100
# columns). When long lines are common the text is not wrapped: Word's "plain
# text" export and most editors write each paragraph as one line, often with
# no blank line after it, so each line is a paragraph of its own.
_UNWRAPPED_LINE = 120
_UNWRAPPED_SHARE = 0.2


def read_text_file(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Legacy 8-bit French text is cp1252 (Windows) or, more rarely, Mac Roman:
    # keep whichever decodes to more French accented letters.
    candidates = [data.decode(enc, errors="replace") for enc in ("cp1252", "mac_roman")]
    return max(candidates, key=lambda text: sum(text.count(c) for c in _FRENCH_LETTERS))


def _clean_inline(text: str) -> str:
    text = _strip_links(text)
    # Past the last ">" no tag can close; leaving that tail out keeps the
    # regex from rescanning it from every "<".
    end = text.rfind(">") + 1
    text = _HTML_TAG.sub(" ", text[:end]) + text[end:]
    text = _strip_emphasis(text).replace("`", "")
    return html.unescape(text)


def _strip_links(text: str) -> str:
    r"""`[label](target)` and `![alt](src)` → the label, as the regex
    `!?\[([^\]]*)\]\([^)]*\)` would, with each character looked at a bounded
    number of times."""
    out: list[str] = []
    pos = 0
    i = text.find("[")
    while i != -1:
        close = text.find("]", i + 1)
        if close == -1:
            break  # no later "[" has a "]" after it either
        if text.startswith("(", close + 1):
            end = text.find(")", close + 2)
            if end == -1:
                break  # nor a ")"
            start = i - 1 if i > pos and text[i - 1] == "!" else i
            out.append(text[pos:start])
            out.append(text[i + 1:close])
            pos = end + 1
            i = text.find("[", pos)
        else:
            # Every "[" before `close` would stop at the same "]": skip them.
            i = text.find("[", close + 1)
    out.append(text[pos:])
    return "".join(out)


def _strip_emphasis(text: str) -> str:
    r"""`**x**` and `__x__` → x, pairing each opener with the nearest valid
    closer of the same kind, like `(?<![\w*])(\*\*|__)(?=[^\s_*])(.+?)(?<=[^\s_*])\1(?![\w*])`."""
    markers = [m.start() for m in _MD_MARKER.finditer(text)]
    if len(markers) < 2:
        return text
    n = len(text)

    def is_word_or_star(c: str) -> bool:
        return c == "*" or c.isalnum() or c == "_"

    def plain(c: str) -> bool:  # [^\s_*]
        return not (c.isspace() or c in "_*")

    closers: dict[str, list[int]] = {"**": [], "__": []}
    for k in markers:
        if k > 0 and plain(text[k - 1]) and (k + 2 >= n or not is_word_or_star(text[k + 2])):
            closers[text[k:k + 2]].append(k)
    out: list[str] = []
    pos = 0
    for k in markers:
        if k < pos:
            continue
        if (k > 0 and is_word_or_star(text[k - 1])) or k + 2 >= n or not plain(text[k + 2]):
            continue
        candidates = closers[text[k:k + 2]]
        j = bisect.bisect_left(candidates, k + 3)
        if j == len(candidates):
            continue
        close = candidates[j]
        out.append(text[pos:k])
        out.append(text[k + 2:close])
        pos = close + 2
    out.append(text[pos:])
    return "".join(out)


def _grid_lines(lines: list[str]) -> set[int]:
    """The lines of a table typed without its outer bars (« Clause | Stipulation »,
    then « ---|--- » or more such rows): two or more lines in a row, each with
    « | » between cells. A lone line with a bar is prose."""
    barred = [_CELL_SEPARATOR in line or (_is_table_rule(line.strip()) and "|" in line) for line in lines]
    found: set[int] = set()
    start = None
    for i, is_row in enumerate([*barred, False]):
        if is_row and start is None:
            start = i
        elif not is_row and start is not None:
            if i - start >= 2:
                found.update(range(start, i))
            start = None
    return found


def _is_table_rule(stripped: str) -> bool:
    r"""`|---|:--:|`, as `^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$` matched."""
    inner = stripped[1:] if stripped.startswith("|") else stripped
    inner = inner[:-1] if inner.endswith("|") else inner
    return all(_RULE_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


def _heading_text(rest: str) -> str:
    # What `(.*?)\s*#*\s*$` leaves: optional closing #s and spaces removed.
    return rest.rstrip().rstrip("#").rstrip()


def parse_text(path: Path, *, password: str | None = None, markdown: bool | None = None) -> Document:
    raw = read_text_file(path)
    # Checked before the lines and blocks are built from it. A plain text file
    # holds its text as it is: too large, not "expanded".
    if len(raw) > MAX_TEXT_CHARS:
        raise InputError("too-large", f"{path.name}: {len(raw):,} characters of text, over the limit of {MAX_TEXT_CHARS:,}")
    if markdown is None:
        markdown = path.suffix.lower() in (".md", ".markdown")
    title = None
    if markdown:
        match = _FRONT_MATTER.match(raw)
        if match:
            for line in match.group(1).splitlines():
                if line.lower().startswith("title:"):
                    title = html.unescape(line.split(":", 1)[1].strip().strip("\"'")) or None
            raw = raw[match.end():]
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = _promote_plain_titles(list(_blocks(lines, markdown, unwrapped=_is_unwrapped(lines))))
    fmt = "markdown" if markdown else "text"
    if not any(b.text.strip() for b in blocks):
        raise InputError("empty", f"{path.name}: the document contains no text")
    return build_document(path, fmt, blocks, Metadata(title=title))


def _is_unwrapped(lines: list[str]) -> bool:
    text = [line for line in lines if line.strip()]
    return sum(len(line) > _UNWRAPPED_LINE for line in text) >= _UNWRAPPED_SHARE * len(text) > 0


def _blocks(lines: list[str], markdown: bool, unwrapped: bool = False):
    paragraph: list[str] = []
    table_index = -1
    table_row = 0
    in_table = False

    def flush():
        if paragraph:
            text = _clean_inline(" ".join(s.strip() for s in paragraph))
            paragraph.clear()
            yield _classify(text)

    grid = _grid_lines(lines)
    for i, line in enumerate(lines):
        if markdown:
            line = _BLOCKQUOTE.sub("", line)
        stripped = line.strip()
        if (markdown and _TABLE_ROW.match(line)) or i in grid:
            yield from flush()
            if not in_table:
                in_table, table_index, table_row = True, table_index + 1, 0
            if _is_table_rule(stripped):
                continue
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            for col, cell in enumerate(cells):
                if cell:
                    yield RawBlock(BlockKind.TABLE_CELL, _clean_inline(cell), cell=(table_index, table_row, col))
            table_row += 1
            continue
        in_table = False
        if not stripped:
            yield from flush()
            continue
        if markdown:
            heading = _MD_HEADING.match(stripped)
            if heading:
                yield from flush()
                yield RawBlock(BlockKind.HEADING, _clean_inline(_heading_text(heading.group(2))), level=len(heading.group(1)))
                continue
            if _SETEXT.match(stripped) and paragraph and len(paragraph) == 1:
                text = _clean_inline(paragraph.pop())
                yield RawBlock(BlockKind.HEADING, text, level=1 if stripped.startswith("=") else 2)
                continue
            emphasis = _MD_EMPHASIS_LINE.match(stripped) if len(stripped) <= _MAX_EMPHASIS_LINE else None
            if emphasis and len(emphasis.group(2)) <= 120:
                yield from flush()
                text = _clean_inline(emphasis.group(2))
                yield RawBlock(BlockKind.HEADING, text, level=numbered_heading_level(text) or 3)
                continue
        if _is_list_line(line, paragraph) and not numbered_heading_level(stripped):
            yield from flush()
            paragraph.append(line)
            # A list item ends at the next item or blank line; the classifier
            # below sees the marker and keeps the kind.
            continue
        if paragraph and (unwrapped or _starts_new_block(paragraph, stripped)):
            yield from flush()
        paragraph.append(line)
    yield from flush()


# A text whose writer marked no heading (no number, capitals or markup) may
# still set its parts under short titles on lines of their own: « Ce qu'on fait
# ensemble », « Qui s'occupe de quoi », « Combien de temps ? ». Several such
# lines, each over a paragraph, are its headings.
PLAIN_TITLE_MAX_WORDS = 8
PLAIN_TITLE_MIN_BODY_WORDS = 12
PLAIN_TITLES_MIN = 4


def _promote_plain_titles(blocks: list[RawBlock]) -> list[RawBlock]:
    # Only the body before the first real heading: a heading among the first blocks is the document's
    # own title (« CONVENTION DE PARTENARIAT ») and marks no part; plain-language terms may end on
    # headed annexes (« ANNEXE A – Qui signe ce contrat ? ») and their body still has plain titles.
    body_end = next((i for i in range(DOCUMENT_TITLE_BLOCKS, len(blocks)) if blocks[i].kind == BlockKind.HEADING), len(blocks))
    titles = [
        i for i in range(body_end - 1)
        if blocks[i].kind == BlockKind.PARAGRAPH and _is_plain_title(blocks[i].text)
        and blocks[i + 1].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and len(blocks[i + 1].text.split()) >= PLAIN_TITLE_MIN_BODY_WORDS
    ]
    if len(titles) < PLAIN_TITLES_MIN:
        return blocks
    for i in titles:
        blocks[i] = replace(blocks[i], kind=BlockKind.HEADING, level=2)
    return blocks


# How many blocks at the top of a text may be its title and subtitle.
DOCUMENT_TITLE_BLOCKS = 2


def _is_plain_title(text: str) -> bool:
    """A short line that opens on a capital and ends on no sentence or clause
    punctuation (a question mark may end a title), with no colon (« Objet : … »
    is a letter's subject line)."""
    text = text.strip()
    return (
        0 < len(text.split()) <= PLAIN_TITLE_MAX_WORDS and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":", "!", "»", ")", "…")) and ":" not in text
    )


def _starts_new_block(paragraph: list[str], line: str) -> bool:
    """In hard-wrapped text a new heading or item starts a block even without a
    blank line before it."""
    if numbered_heading_level(line) and len(paragraph[-1].strip()) < 60:
        return True
    previous = paragraph[-1].strip()
    # A row of a table typed with « | » between its cells is a line of its own:
    # prose is not wrapped into or out of it.
    if _CELL_SEPARATOR in line or _CELL_SEPARATOR in previous:
        return True
    if len(paragraph) == 1 and numbered_heading_level(previous):
        # "4.1 DUREE" then text is a heading; "3.1 L'acceptation par le" wrapped
        # at 70 columns is the start of a paragraph.
        return is_caps_title(previous) or len(previous) < 45
    return False


def _is_list_line(line: str, paragraph: list[str]) -> bool:
    """Whether a line opens a list item. Another bullet or enumerator than the
    text's own opens one only after a line that ends on punctuation:
    hard-wrapped text puts « (30) jours » of « trente (30) jours » at a line
    start too."""
    if _TEXT_MARKER.match(line):
        return True
    typed = LIST_BULLET.match(line) or LIST_ENUMERATOR.match(line)
    return typed is not None and (not paragraph or paragraph[-1].rstrip().endswith((".", ":", ";")))


def _classify(text: str) -> RawBlock:
    level = numbered_heading_level(text)
    if level:
        return RawBlock(BlockKind.HEADING, text, level=level)
    marker = _TEXT_MARKER.match(text)
    if marker:
        return RawBlock(BlockKind.LIST_ITEM, text[marker.end():])
    if is_caps_title(text):
        return RawBlock(BlockKind.HEADING, text, level=1)
    return RawBlock(BlockKind.PARAGRAPH, text)
