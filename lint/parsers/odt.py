"""OpenDocument text (.odt, .ott) → Document, with zipfile and lxml.

What is read, and how:
- text:h → HEADING at its outline level; a label from the outline numbering
  style (styles.xml) is put in front when the format is simple (1, a, A, i, I).
- text:p → PARAGRAPH; a short paragraph whose style is bold, or in capitals,
  or that starts with "Article 3" style numbering, becomes a HEADING.
- text:list items → LIST_ITEM, with "1." / "a)" labels rebuilt from numbered
  list styles (bullets are dropped).
- table:table → one TABLE_CELL per cell, cell=(table, row, column); covered
  (merged) cells keep their column slot.
- text:note → FOOTNOTE blocks after the paragraph that cites them.
- Headers and footers of the master pages (styles.xml) → HEADER/FOOTER, once
  each.
- Tracked changes: deleted text lives in text:tracked-changes, outside the
  body, so it is never read; any changed region sets has_pending_revisions.
- office:annotation → Metadata.comments, not text.
- A table of contents is skipped: it repeats the headings.
- Page numbers come from LibreOffice's text:soft-page-break marks when present.
- An encrypted package (encryption-data in the manifest) is InputError
  "encrypted": clausier does not decrypt ODF packages.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from lint.errors import InputError
from lint.model import BlockKind, Comment, Document, Metadata
from lint.parsers.base import RawBlock, TextBudget, build_document, check_repeat, is_caps_title, looks_like_title, numbered_heading_level

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


T_P, T_H, T_SPAN, T_A = _q("text:p"), _q("text:h"), _q("text:span"), _q("text:a")
T_S, T_TAB, T_BREAK = _q("text:s"), _q("text:tab"), _q("text:line-break")
T_LIST, T_ITEM, T_LIST_HEADER = _q("text:list"), _q("text:list-item"), _q("text:list-header")
T_NOTE, T_NOTE_BODY, T_NUMBER = _q("text:note"), _q("text:note-body"), _q("text:number")
T_SOFT_BREAK, T_TRACKED, T_CHANGED = _q("text:soft-page-break"), _q("text:tracked-changes"), _q("text:changed-region")
T_SECTION, T_TOC = _q("text:section"), _q("text:table-of-content")
TABLE, ROW, CELL, COVERED = _q("table:table"), _q("table:table-row"), _q("table:table-cell"), _q("table:covered-table-cell")
ANNOTATION, ANNOTATION_END = _q("office:annotation"), _q("office:annotation-end")
DRAW_FRAME, DRAW_TEXT_BOX = _q("draw:frame"), _q("draw:text-box")

# Elements whose content is never running text.
_SKIP = {
    T_TRACKED,
    T_TOC,
    _q("text:alphabetical-index"),
    _q("text:illustration-index"),
    _q("text:table-index"),
    _q("text:bibliography"),
    ANNOTATION_END,
    _q("text:change"),
    _q("text:bookmark"),
    _q("text:note-citation"),
    _q("svg:title"),
    _q("svg:desc"),
    _q("office:forms"),
    _q("text:sequence-decls"),
    _q("text:variable-decls"),
    _q("text:user-field-decls"),
    _q("table:table-columns"),
    _q("table:table-column"),
    _q("office:event-listeners"),
}
# Row groups that contain table:table-row elements.
_ROW_GROUPS = {_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


@dataclass
class _Style:
    parent: str | None = None
    bold: bool | None = None
    outline_level: int | None = None


@dataclass
class _NumberFormat:
    fmt: str = ""
    prefix: str = ""
    suffix: str = ""
    display_levels: int = 1
    start: int = 1


@dataclass
class _State:
    styles: dict[str, _Style]
    list_styles: dict[str, dict[int, _NumberFormat]]
    outline: dict[int, _NumberFormat]
    paged: bool
    blocks: list[RawBlock] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    page: int = 1
    tables: int = 0
    outline_counters: list[int] = field(default_factory=lambda: [0] * 10)
    name: str = ""
    budget: TextBudget = field(default_factory=lambda: TextBudget(""))


# --- Package ----------------------------------------------------------------


def _read_xml(archive: zipfile.ZipFile, name: str, path: Path, required: bool = True):
    try:
        data = archive.read(name)
    except KeyError:
        if required:
            raise InputError("corrupt", f"{path.name}: not a valid OpenDocument file ({name} is missing)") from None
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError("corrupt", f"{path.name}: {name} is not well-formed XML ({exc})"[:300]) from None


def _check_encryption(archive: zipfile.ZipFile, path: Path) -> None:
    manifest = _read_xml(archive, "META-INF/manifest.xml", path, required=False)
    if manifest is not None and manifest.find(".//manifest:encryption-data", NS) is not None:
        raise InputError(
            "encrypted",
            f"{path.name}: the document is password-protected; clausier cannot decrypt ODT files, "
            "save a copy without a password (LibreOffice: File > Save As, untick 'Save with password')",
        )


# --- Styles -----------------------------------------------------------------


def _collect_styles(*roots) -> tuple[dict[str, _Style], dict[str, dict[int, _NumberFormat]], dict[int, _NumberFormat]]:
    styles: dict[str, _Style] = {}
    list_styles: dict[str, dict[int, _NumberFormat]] = {}
    outline: dict[int, _NumberFormat] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(_q("style:style")):
            name = style.get(_q("style:name"))
            if not name:
                continue
            props = style.find("style:text-properties", NS)
            weight = props.get(_q("fo:font-weight")) if props is not None else None
            level = style.get(_q("style:default-outline-level"))
            styles[name] = _Style(
                parent=style.get(_q("style:parent-style-name")),
                bold=(weight in ("bold", "600", "700", "800", "900")) if weight else None,
                outline_level=int(level) if level and level.isdigit() else None,
            )
        for list_style in root.iter(_q("text:list-style")):
            name = list_style.get(_q("style:name"))
            if name:
                list_styles[name] = _number_formats(list_style)
        for outline_style in root.iter(_q("text:outline-style")):
            outline = _number_formats(outline_style)
    return styles, list_styles, outline


def _number_formats(element) -> dict[int, _NumberFormat]:
    formats: dict[int, _NumberFormat] = {}
    for level_style in element:
        if not isinstance(level_style.tag, str):
            continue
        level = level_style.get(_q("text:level"))
        if not level or not level.isdigit():
            continue
        fmt = level_style.get(_q("style:num-format")) or ""
        if level_style.tag == _q("text:list-level-style-bullet"):
            fmt = ""
        display = level_style.get(_q("text:display-levels")) or "1"
        start = level_style.get(_q("text:start-value")) or "1"
        formats[int(level)] = _NumberFormat(
            fmt=fmt,
            prefix=level_style.get(_q("style:num-prefix")) or "",
            suffix=level_style.get(_q("style:num-suffix")) or "",
            display_levels=int(display) if display.isdigit() else 1,
            start=int(start) if start.isdigit() else 1,
        )
    return formats


def _style_value(styles: dict[str, _Style], name: str | None, attribute: str):
    seen = 0
    while name and name in styles and seen < 20:
        value = getattr(styles[name], attribute)
        if value is not None:
            return value
        name = styles[name].parent
        seen += 1
    return None


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _format_number(value: int, fmt: str) -> str | None:
    if fmt == "1":
        return str(value)
    if fmt in ("a", "A") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if fmt == "A" else letter
    if fmt in ("i", "I") and 1 <= value < 4000:
        out = ""
        for amount, numeral in _ROMAN:
            while value >= amount:
                out, value = out + numeral, value - amount
        return out.upper() if fmt == "I" else out
    return None


def _label(counters: list[int], level: int, formats: dict[int, _NumberFormat]) -> str:
    """The number shown before an item at `level` (1-based), or ""."""
    current = formats.get(level)
    if current is None or not current.fmt:
        return ""
    parts = []
    for lvl in range(max(1, level - current.display_levels + 1), level + 1):
        fmt = formats.get(lvl)
        number = _format_number(counters[lvl], fmt.fmt if fmt and fmt.fmt else "1")
        if number is None:
            return ""
        parts.append(number)
    return current.prefix + ".".join(parts) + current.suffix


# --- Text -------------------------------------------------------------------


def _text(element, state: _State) -> str:
    """Inline text of a paragraph, moving notes, comments and page marks aside."""
    out: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            pass
        elif tag == T_S:
            count = child.get(_q("text:c"))
            count = int(count) if count and count.isdigit() and len(count) < 10 else (10**10 if count and count.isdigit() else 1)
            # Checked before the spaces exist: text:c="300000000" is 600 MB of str.
            check_repeat(state.name, count)
            state.budget.reserve(count)
            out.append(" " * count)
        elif tag in (T_TAB, T_BREAK):
            out.append(" ")
        elif tag == T_NOTE:
            body = child.find("text:note-body", NS)
            if body is not None:
                state.notes.append(" ".join(_text(p, state) for p in body.iter(T_P, T_H)))
        elif tag == ANNOTATION:
            _comment(child, state, anchor=(element.text or "").strip())
        elif tag == T_SOFT_BREAK:
            state.page += 1
        elif tag == DRAW_FRAME:
            # Text boxes anchored in the paragraph are read as their own blocks.
            for box in child.iter(DRAW_TEXT_BOX):
                _walk(box, state)
        elif tag in _SKIP or tag == T_NUMBER:
            pass
        else:
            out.append(_text(child, state))
        out.append(child.tail or "")
    return "".join(out)


def _comment(annotation, state: _State, anchor: str = "") -> None:
    author = annotation.findtext("dc:creator", default="", namespaces=NS).strip()
    note = " ".join(_text(p, state).strip() for p in annotation.iter(T_P))
    state.comments.append(Comment(author=author, text=note.strip(), anchor=anchor[:200]))


def _is_bold_paragraph(element, state: _State) -> bool:
    if _style_value(state.styles, element.get(_q("text:style-name")), "bold"):
        return True
    # Every piece of text sits in a bold span.
    if (element.text or "").strip():
        return False
    spans = [c for c in element if isinstance(c.tag, str)]
    if not spans:
        return False
    for child in spans:
        if (child.tail or "").strip():
            return False
        if child.tag == T_SPAN:
            if not _style_value(state.styles, child.get(_q("text:style-name")), "bold"):
                if "".join(child.itertext()).strip():
                    return False
        elif child.tag not in (T_S, T_TAB, T_BREAK, _q("text:bookmark"), _q("text:bookmark-start"), _q("text:bookmark-end")):
            return False
    return True


def _emit(state: _State, block: RawBlock) -> None:
    state.budget.add(block.text)
    state.blocks.append(block)
    for note in state.notes:
        state.blocks.append(RawBlock(BlockKind.FOOTNOTE, note, page=block.page))
    state.notes.clear()


def _page(state: _State) -> int | None:
    return state.page if state.paged else None


def _heading_label(state: _State, level: int) -> str:
    counters = state.outline_counters
    if 1 <= level < len(counters):
        fmt = state.outline.get(level)
        counters[level] = counters[level] + 1 if counters[level] else (fmt.start if fmt else 1)
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        return _label(counters, level, state.outline)
    return ""


def _paragraph(element, state: _State) -> None:
    page = _page(state)
    text = _text(element, state).strip()
    level = _style_value(state.styles, element.get(_q("text:style-name")), "outline_level")
    if element.tag == T_H or level:
        level = int(element.get(_q("text:outline-level")) or level or 1)
        label = _heading_label(state, level)
        number = element.findtext("text:number", default="", namespaces=NS).strip()
        label = number or label
        if label and not text.startswith(label):
            text = f"{label} {text}"
        _emit(state, RawBlock(BlockKind.HEADING, text, level=level, page=page))
        return
    numbered = numbered_heading_level(text)
    short = looks_like_title(text) and not text.endswith((".", ":"))
    if numbered or (short and (is_caps_title(text) or _is_bold_paragraph(element, state))):
        _emit(state, RawBlock(BlockKind.HEADING, text, level=numbered or 2, page=page))
        return
    _emit(state, RawBlock(BlockKind.PARAGRAPH, text, page=page))


def _list(element, state: _State, style: str | None, depth: int, counters: list[int]) -> None:
    style = element.get(_q("text:style-name")) or style
    formats = state.list_styles.get(style or "", {})
    level = depth + 1
    fmt = formats.get(level)
    for item in element:
        if item.tag not in (T_ITEM, T_LIST_HEADER):
            if item.tag == T_SOFT_BREAK:
                state.page += 1
            continue
        label = ""
        if item.tag == T_ITEM:
            start = item.get(_q("text:start-value"))
            if start and start.isdigit():
                counters[level] = int(start)
            else:
                counters[level] = counters[level] + 1 if counters[level] else (fmt.start if fmt else 1)
            for deeper in range(level + 1, len(counters)):
                counters[deeper] = 0
            label = _label(counters, level, formats)
        first = True
        for child in item:
            if child.tag == T_LIST:
                _list(child, state, style, depth + 1, counters)
            elif child.tag in (T_P, T_H):
                if child.tag == T_H:
                    # Outline headings are often written inside a list.
                    _paragraph(child, state)
                else:
                    page = _page(state)
                    text = _text(child, state).strip()
                    if first and label and text:
                        text = f"{label} {text}"
                    _emit(state, RawBlock(BlockKind.LIST_ITEM, text, level=level, page=page))
                first = False
            else:
                _walk_one(child, state)


def _table(element, state: _State) -> None:
    index = state.tables
    state.tables += 1
    row = 0
    for row_element in _rows(element):
        col = 0
        for cell in row_element:
            if cell.tag not in (CELL, COVERED):
                continue
            repeat = cell.get(_q("table:number-columns-repeated"))
            span = int(repeat) if repeat and repeat.isdigit() else 1
            if cell.tag == CELL:
                texts: list[str] = []
                for child in cell:
                    if child.tag in (T_P, T_H):
                        texts.append(_text(child, state).strip())
                    elif child.tag == T_LIST:
                        texts.extend(_text(p, state).strip() for p in child.iter(T_P))
                    elif child.tag == TABLE:
                        texts.extend(_text(p, state).strip() for p in child.iter(T_P))
                text = " ".join(t for t in texts if t)
                if text:
                    _emit(state, RawBlock(BlockKind.TABLE_CELL, text, page=_page(state), cell=(index, row, col)))
            # Repeated empty cells pad a row to the page width; count them, no more.
            col += min(span, 1000)
        row += 1


def _rows(element):
    for child in element:
        if child.tag == ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _walk_one(child, state: _State) -> None:
    tag = child.tag
    if not isinstance(tag, str) or tag in _SKIP:
        return
    if tag in (T_P, T_H):
        _paragraph(child, state)
    elif tag == T_LIST:
        _list(child, state, None, 0, [0] * 12)
    elif tag == TABLE:
        _table(child, state)
    elif tag == T_SOFT_BREAK:
        state.page += 1
    elif tag == ANNOTATION:
        _comment(child, state)
    else:
        _walk(child, state)


def _walk(element, state: _State) -> None:
    for child in element:
        _walk_one(child, state)


def _furniture(styles_root, state: _State) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    if styles_root is None:
        return blocks
    seen: set[tuple[BlockKind, str]] = set()
    kinds = {
        _q("style:header"): BlockKind.HEADER,
        _q("style:header-left"): BlockKind.HEADER,
        _q("style:header-first"): BlockKind.HEADER,
        _q("style:footer"): BlockKind.FOOTER,
        _q("style:footer-left"): BlockKind.FOOTER,
        _q("style:footer-first"): BlockKind.FOOTER,
    }
    for master in styles_root.iter(_q("style:master-page")):
        for part in master:
            kind = kinds.get(part.tag)
            if kind is None:
                continue
            for paragraph in part.iter(T_P, T_H):
                text = _text(paragraph, state).strip()
                if text and (kind, text) not in seen:
                    seen.add((kind, text))
                    blocks.append(RawBlock(kind, text))
    state.notes.clear()
    return blocks


def _metadata(meta_root) -> tuple[str | None, int | None]:
    if meta_root is None:
        return None, None
    title = (meta_root.findtext(".//dc:title", default="", namespaces=NS) or "").strip() or None
    stats = meta_root.find(".//meta:document-statistic", NS)
    pages = stats.get(_q("meta:page-count")) if stats is not None else None
    return title, int(pages) if pages and pages.isdigit() else None


def parse_odt(path: Path, *, password: str | None = None) -> Document:
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError("corrupt", f"{path.name}: the file is corrupt or truncated (broken zip archive)") from None
    with archive:
        _check_encryption(archive, path)
        content = _read_xml(archive, "content.xml", path)
        styles_root = _read_xml(archive, "styles.xml", path, required=False)
        meta_root = _read_xml(archive, "meta.xml", path, required=False)
    title, page_count = _metadata(meta_root)
    styles, list_styles, outline = _collect_styles(styles_root, content)
    body = content.find("office:body/office:text", NS)
    if body is None:
        raise InputError("corrupt", f"{path.name}: not an OpenDocument text (no office:text body)")
    paged = page_count == 1 or body.find(".//" + T_SOFT_BREAK) is not None
    state = _State(styles=styles, list_styles=list_styles, outline=outline, paged=paged, name=path.name, budget=TextBudget(path.name))
    furniture = _furniture(styles_root, state)
    _walk(body, state)
    if not any(b.text.strip() for b in state.blocks):
        # Headers alone do not make a contract.
        raise InputError("empty", f"{path.name}: the document contains no text")
    tracked = body.find("text:tracked-changes", NS)
    pending = tracked is not None and tracked.find("text:changed-region", NS) is not None
    metadata = Metadata(
        title=title,
        page_count=page_count,
        has_pending_revisions=pending,
        comments=tuple(state.comments),
    )
    return build_document(path, "odt", furniture + state.blocks, metadata)
