"""DOCX / DOCM / DOTX → Document.

python-docx opens the package (content types, relationships, core
properties); the text is read by walking the lxml trees ourselves, because
the python-docx API hides what a contract linter needs: tracked changes,
fields, content controls, text boxes, notes, and the list labels Word
computes from numbering.xml ("Article 5 –", "5.2").

Choices worth knowing:
- Body blocks come first, in document order; headers, footers, footnotes
  and endnotes follow, so paragraph numbers match the body's order.
- Tracked changes are read as if accepted: w:ins and w:moveTo count,
  w:del and w:moveFrom do not. Metadata.has_pending_revisions says so.
- A table cell is one TABLE_CELL block (its paragraphs joined by spaces);
  a nested table's cells follow their outer cell.
- Content-control placeholder text ("Cliquez ici pour taper du texte") is
  template chrome, not contract text, and is skipped.
- Table-of-contents paragraphs (styles "toc N") are kept as paragraphs but
  never become headings, so the outline is not doubled.
- Headings, strongest evidence first: heading style or outline level;
  Word numbering whose label reads like a heading number; a typed
  "Article 5"/"5.2" pattern; a short paragraph entirely bold or in capitals.
  A heading found by formatting alone and without a number gets the level
  just below the document's top structural level (1 when there is none),
  so a bold sub-title inside an article does not close that article.
  A bare list label ("1.") makes no heading when the document has its
  outline in heading styles, nor when the next item of the same list
  follows with no text between: those are lists.
- Page numbers are not estimated (Word does not store them); page_count is
  docProps/app.xml's <Pages>, which Word updates on save and may be stale:
  when it is absent or clearly stale, the count is estimated from the words
  and metadata.page_count_source says "estimated".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lint.errors import InputError
from lint.model import BlockKind, Comment, Document, Metadata
from lint.normalize import normalize_text
from lint.parsers.base import (
    ARTICLE_WORD, DIVISION_WORD, RawBlock, TextBudget, build_document, check_label_length, check_table_depth, is_caps_title, looks_like_title, numbered_heading_level,
)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + _W_NS + "}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

# Qualified tag names, computed once: the walk compares them millions of times.
P, R, T, TBL, TR, TC = (_W + n for n in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, TCPR, TRPR = (_W + n for n in ("pPr", "rPr", "tcPr", "trPr"))
SDT, SDT_PR, SDT_CONTENT = (_W + n for n in ("sdt", "sdtPr", "sdtContent"))
CUSTOM_XML, SMART_TAG, HYPERLINK = (_W + n for n in ("customXml", "smartTag", "hyperlink"))
INS, DEL, MOVE_TO, MOVE_FROM = (_W + n for n in ("ins", "del", "moveTo", "moveFrom"))
RPR_CHANGE, PPR_CHANGE = _W + "rPrChange", _W + "pPrChange"
FLD_SIMPLE, FLD_CHAR = _W + "fldSimple", _W + "fldChar"
TAB, BR, CR, PTAB = (_W + n for n in ("tab", "br", "cr", "ptab"))
NO_BREAK_HYPHEN, SYM = _W + "noBreakHyphen", _W + "sym"
DRAWING, PICT, OBJECT, TXBX_CONTENT = (_W + n for n in ("drawing", "pict", "object", "txbxContent"))
ALT_CONTENT, MC_CHOICE, MC_FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
COMMENT_START, COMMENT_END = _W + "commentRangeStart", _W + "commentRangeEnd"
ALT_CHUNK = _W + "altChunk"
HEADER_REF, FOOTER_REF = _W + "headerReference", _W + "footerReference"
OMATH, OMATH_PARA, M_T = _M + "oMath", _M + "oMathPara", _M + "t"
P_STYLE, R_STYLE, NUM_PR, ILVL, NUM_ID = (_W + n for n in ("pStyle", "rStyle", "numPr", "ilvl", "numId"))
OUTLINE_LVL, BOLD, CAPS, VANISH = (_W + n for n in ("outlineLvl", "b", "caps", "vanish"))
GRID_SPAN, V_MERGE, GRID_BEFORE = _W + "gridSpan", _W + "vMerge", _W + "gridBefore"
SHOWING_PLACEHOLDER = _W + "showingPlcHdr"
VAL, TYPE, ID, AUTHOR = _W + "val", _W + "type", _W + "id", _W + "author"
FLD_CHAR_TYPE, SYM_CHAR = _W + "fldCharType", _W + "char"

REVISION_TAGS = (INS, DEL, MOVE_TO, MOVE_FROM, RPR_CHANGE, PPR_CHANGE)
# Inline wrappers whose children are ordinary paragraph content.
_INLINE_CONTAINERS = frozenset(
    {HYPERLINK, SMART_TAG, CUSTOM_XML, INS, MOVE_TO, FLD_SIMPLE, _W + "dir", _W + "bdo"}
)
_OFF = frozenset({"0", "false", "off", "none"})
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})

_HEADING_NAME = re.compile(r"^(?:heading|titre|berschrift|overskrift)\s*([1-9])$")
_TITLE_NAMES = frozenset({"title", "titre"})
_TOC_NAME = re.compile(r"^(?:toc|tm|table des mati)")
_PLACEHOLDER_ARG = re.compile(r"%([1-9])")
# The number a heading starts with, to look at the words after it.
_LEADING_NUMBER = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*\.?|[IVXLC]+[.)\-–])\s*[)\-–:]?\s*")
_STRONG_HEADING_WORD = re.compile(rf"^(?:{ARTICLE_WORD}|{DIVISION_WORD})\b", re.I)
_NUMBERED_FORMATS = frozenset({"decimal", "decimalZero", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter"})


# --- Styles ------------------------------------------------------------------


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    # Name-based heading level, or the outline level (0 = body text); None: inherit.
    heading: int | None = None
    num: tuple[str | None, int | None] | None = None
    bold: bool | None = None
    caps: bool | None = None
    toc: bool = False


@dataclass(frozen=True)
class _StyleInfo:
    """A style with its basedOn chain resolved."""

    heading: int = 0
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool = False
    caps: bool = False
    toc: bool = False


def _on(element) -> bool:
    """A w:b / w:caps style toggle: present means on unless val says off."""
    return element.get(VAL, "true").lower() not in _OFF


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Styles:
    def __init__(self, root):
        # Each style is read on first use: styles.xml holds hundreds (latent
        # and built-in ones) of which a document uses a few, and reading them
        # all was a sixth of parsing a DOCX.
        self._elements: dict = {}
        self._styles: dict[str, _Style | None] = {}
        self._resolved: dict[str, _StyleInfo] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for element in root.iter(_W + "style"):
            style_id = element.get(_W + "styleId")
            if not style_id:
                continue
            if element.get(TYPE) == "paragraph" and element.get(_W + "default") in ("1", "true"):
                self.default_paragraph = style_id
            self._elements[style_id] = element

    def _style(self, style_id: str) -> _Style | None:
        if style_id not in self._styles:
            element = self._elements.get(style_id)
            self._styles[style_id] = _read_style(style_id, element) if element is not None else None
        return self._styles[style_id]

    def get(self, style_id: str | None) -> _StyleInfo:
        if style_id is None:
            style_id = self.default_paragraph
            if style_id is None:
                return _EMPTY_STYLE
        info = self._resolved.get(style_id)
        if info is None:
            info = self._resolve(style_id)
            self._resolved[style_id] = info
        return info

    def _resolve(self, style_id: str) -> _StyleInfo:
        heading = num = bold = caps = None
        toc = False
        seen: set[str] = set()
        current: str | None = style_id
        # Walk up basedOn: the nearest style that sets a property wins.
        while current is not None and current not in seen:
            seen.add(current)
            style = self._style(current)
            if style is None:
                break
            if current == style_id:
                toc = style.toc
            if heading is None:
                heading = style.heading
            if num is None:
                num = style.num
            if bold is None:
                bold = style.bold
            if caps is None:
                caps = style.caps
            current = style.based_on
        num_id, ilvl = num if num is not None else (None, None)
        return _StyleInfo(heading or 0, num_id, ilvl, bool(bold), bool(caps), toc)


_EMPTY_STYLE = _StyleInfo()


def _read_style(style_id: str, element) -> _Style:
    style = _Style()
    name_el = element.find(_W + "name")
    style.name = (name_el.get(VAL, "") if name_el is not None else "").strip().lower()
    based = element.find(_W + "basedOn")
    style.based_on = based.get(VAL) if based is not None else None
    style.heading = _name_level(style.name) or _name_level(style_id.lower())
    style.toc = bool(_TOC_NAME.match(style.name))
    ppr = element.find(PPR)
    if ppr is not None:
        if style.heading is None:
            outline = ppr.find(OUTLINE_LVL)
            if outline is not None:
                level = _int(outline.get(VAL), 9)
                style.heading = level + 1 if level is not None and level < 9 else 0
        numpr = ppr.find(NUM_PR)
        if numpr is not None:
            num_el, ilvl_el = numpr.find(NUM_ID), numpr.find(ILVL)
            style.num = (
                num_el.get(VAL) if num_el is not None else None,
                _int(ilvl_el.get(VAL)) if ilvl_el is not None else None,
            )
    rpr = element.find(RPR)
    if rpr is not None:
        bold, caps = rpr.find(BOLD), rpr.find(CAPS)
        style.bold = _on(bold) if bold is not None else None
        style.caps = _on(caps) if caps is not None else None
    return style


def _name_level(name: str) -> int | None:
    match = _HEADING_NAME.match(name)
    if match:
        return int(match.group(1))
    return 1 if name in _TITLE_NAMES else None


# --- Numbering -----------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    suffix: str = " "
    restart: int | None = None
    legal: bool = False


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, _Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


def _parse_level(element) -> _Level:
    def val(tag: str) -> str | None:
        child = element.find(_W + tag)
        return child.get(VAL) if child is not None else None

    suffix = {"tab": " ", "space": " ", "nothing": ""}.get(val("suff") or "tab", " ")
    legal = element.find(_W + "isLgl")
    return _Level(
        start=_int(val("start"), 1) or 0,
        fmt=val("numFmt") or "decimal",
        text=val("lvlText"),
        suffix=suffix,
        restart=_int(val("lvlRestart")),
        legal=legal is not None and _on(legal),
    )


class _Numbering:
    """Counters and labels the way Word numbers lists: counters belong to the
    abstract list, a w:num with startOverride restarts it on first use."""

    def __init__(self, root, styles: _Styles, name: str = ""):
        self.name = name
        self._abstracts: dict[str, dict[int, _Level]] = {}
        self._style_links: dict[str, str] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()
        self._styles = styles
        if root is None:
            return
        for element in root.iter(_W + "abstractNum"):
            abstract_id = element.get(_W + "abstractNumId")
            levels = {}
            for lvl in element.iter(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl"))
                if ilvl is not None:
                    levels[ilvl] = _parse_level(lvl)
            self._abstracts[abstract_id] = levels
            link = element.find(_W + "numStyleLink")
            if link is not None and not levels:
                self._style_links[abstract_id] = link.get(VAL)
        for element in root.iter(_W + "num"):
            abstract = element.find(_W + "abstractNumId")
            if abstract is None:
                continue
            num = _Num(abstract.get(VAL))
            for override in element.iter(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"))
                if ilvl is None:
                    continue
                start = override.find(_W + "startOverride")
                if start is not None:
                    num.starts[ilvl] = _int(start.get(VAL), 1) or 0
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    num.overrides[ilvl] = _parse_level(lvl)
            self._nums[element.get(_W + "numId")] = num

    def _abstract_of(self, num: _Num) -> str:
        abstract = num.abstract
        # numStyleLink: the list is defined by the numbering of a list style.
        link = self._style_links.get(abstract)
        if link is not None:
            target = self._nums.get(self._styles.get(link).num_id or "")
            if target is not None and target.abstract not in self._style_links:
                return target.abstract
        return abstract

    def label(self, num_id: str, ilvl: int) -> tuple[str | None, bool]:
        """Advance the counter and return (label or None, is_bullet)."""
        num = self._nums.get(num_id)
        if num is None:
            return None, False
        abstract = self._abstract_of(num)
        base = self._abstracts.get(abstract, {})
        levels = {**base, **num.overrides} if num.overrides else base
        level = levels.get(ilvl)
        if level is None:
            return None, False
        counters = self._counters.setdefault(abstract, [None] * 10)
        if num_id not in self._used:
            self._used.add(num_id)
            for lvl, start in num.starts.items():
                if 0 <= lvl < 10:
                    counters[lvl] = start - 1
        if not 0 <= ilvl < 10:
            return None, False
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 10):
            deeper_level = levels.get(deeper)
            restart = deeper_level.restart if deeper_level and deeper_level.restart is not None else deeper
            if restart != 0 and ilvl < restart:
                counters[deeper] = None
        if level.fmt == "bullet":
            return None, True
        if not level.text:
            return None, False

        # A label repeating %1 thousands of times, on every item, multiplies the text.
        check_label_length(self.name, len(level.text))

        def render(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = levels.get(index) or _Level()
            value = counters[index]
            if value is None:
                value = ref.start
            return _format_number(value, "decimal" if level.legal else ref.fmt, self.name)

        label = _PLACEHOLDER_ARG.sub(render, level.text)
        check_label_length(self.name, len(label))
        return label + level.suffix, False


_ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _format_number(value: int, fmt: str, name: str = "") -> str:
    if fmt == "none":
        return ""
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        out = []
        for amount, numeral in _ROMAN_VALUES:
            count, value = divmod(value, amount)
            out.append(numeral * count)
        roman = "".join(out)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        # Word repeats the letter past Z: AA, BB, ... so item 2,000,000,000 is
        # 77 million letters long: measured before it is built.
        check_label_length(name, (value - 1) // 26 + 1)
        letters = chr(65 + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt == "decimalZero" and 0 <= value < 10:
        return f"0{value}"
    # decimal, and ordinal/cardinal text formats, which stay digits on purpose.
    return str(value)


# --- Walking the XML -------------------------------------------------------------------


@dataclass
class _Para:
    """A body paragraph before the heading decisions that need the whole document."""

    block: RawBlock
    # Why it is a heading: "style", "keyword" ("Article 5"), "number" (typed
    # "5.2"), "list" (Word list label "1."), "format" (bold or capitals
    # only); None if not one.
    evidence: str | None = None
    plain: BlockKind = BlockKind.PARAGRAPH
    list_key: tuple[str, int] | None = None


class _Walker:
    def __init__(self, styles: _Styles, numbering: _Numbering, name: str = ""):
        self.styles = styles
        self.numbering = numbering
        self.name = name
        self.budget = TextBudget(name)
        self.table_depth = 0
        self.table_index = -1
        # One entry per open field: False while in its instruction, True in its result.
        self._fields: list[bool] = []
        self._hidden_fields = 0
        self.open_comments: dict[str, list[str]] = {}
        self.comment_anchors: dict[str, str] = {}
        self.warnings: set[str] = set()
        # Per-paragraph formatting state, reset by _paragraph.
        self._bold_default = False
        self._caps_default = False
        self._all_bold = True
        self._all_caps = True

    # Block level ------------------------------------------------------------

    def blocks(self, container, out: list[_Para]) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self._paragraph(child, out)
            elif tag == TBL:
                self._table(child, out)
            elif tag == SDT:
                content = _sdt_content(child)
                if content is not None:
                    self.blocks(content, out)
            elif tag == CUSTOM_XML or tag == INS or tag == MOVE_TO:
                self.blocks(child, out)
            elif tag == ALT_CHUNK:
                self.warnings.add("embedded content (altChunk: HTML/RTF pasted as a chunk) was not read")

    def _table(self, table, out: list[_Para]) -> None:
        self.table_depth += 1
        check_table_depth(self.name, self.table_depth)
        try:
            self._rows(table, out)
        finally:
            self.table_depth -= 1

    def _rows(self, table, out: list[_Para]) -> None:
        self.table_index += 1
        index = self.table_index
        for row_number, row in enumerate(_children(table, TR)):
            col = 0
            trpr = row.find(TRPR)
            if trpr is not None:
                before = trpr.find(GRID_BEFORE)
                if before is not None:
                    col = _int(before.get(VAL), 0) or 0
            for cell in _children(row, TC):
                span, continued = 1, False
                tcpr = cell.find(TCPR)
                if tcpr is not None:
                    grid_span = tcpr.find(GRID_SPAN)
                    if grid_span is not None:
                        span = max(1, _int(grid_span.get(VAL), 1) or 1)
                    merge = tcpr.find(V_MERGE)
                    continued = merge is not None and merge.get(VAL, "continue") != "restart"
                if not continued:
                    inner: list[_Para] = []
                    self.blocks(cell, inner)
                    own = [p.block.text for p in inner if p.block.cell is None]
                    text = " ".join(t.strip() for t in own if t.strip())
                    out.append(_Para(RawBlock(BlockKind.TABLE_CELL, text, cell=(index, row_number, col))))
                    out.extend(p for p in inner if p.block.cell is not None)
                col += span

    def _paragraph(self, paragraph, out: list[_Para]) -> None:
        style_id = num_id = None
        ilvl = outline = None
        mark_deleted = False
        ppr = paragraph.find(PPR)
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag == P_STYLE:
                    style_id = child.get(VAL)
                elif tag == NUM_PR:
                    num_el, ilvl_el = child.find(NUM_ID), child.find(ILVL)
                    if num_el is not None:
                        num_id = num_el.get(VAL)
                    if ilvl_el is not None:
                        ilvl = _int(ilvl_el.get(VAL))
                elif tag == OUTLINE_LVL:
                    outline = _int(child.get(VAL))
                elif tag == RPR:
                    mark_deleted = child.find(DEL) is not None
        style = self.styles.get(style_id)
        if num_id is None:
            num_id = style.num_id
        if ilvl is None:
            ilvl = style.ilvl or 0
        self._bold_default, self._caps_default = style.bold, style.caps
        self._all_bold = self._all_caps = True
        parts: list[str] = []
        boxes: list = []
        self._inline(paragraph, parts, boxes)
        text = "".join(parts)
        for anchor in self.open_comments.values():
            anchor.append(" ")
        if mark_deleted and not text.strip():
            # A deleted list item must not take a number: Word shows "2." next.
            return

        label, bullet = None, False
        if num_id is not None and num_id != "0":
            label, bullet = self.numbering.label(num_id, ilvl)
        listed = bullet or label is not None
        if label and text.strip():
            text = label + text
        self.budget.add(text)
        para = self._classify(text, label, bullet, listed, ilvl, style, outline)
        if listed:
            para.list_key = (num_id, ilvl)
        out.append(para)
        for box in boxes:
            self.blocks(box, out)

    def _classify(self, text, label, bullet, listed, ilvl, style, outline) -> _Para:
        norm = normalize_text(text)
        plain = BlockKind.LIST_ITEM if listed else BlockKind.PARAGRAPH
        if not norm or style.toc or not looks_like_title(norm):
            return _Para(RawBlock(plain, text))
        level = style.heading
        if outline is not None:
            level = outline + 1 if outline < 9 else 0
        if level:
            return _Para(RawBlock(BlockKind.HEADING, text, level=level), "style", plain)
        if bullet:
            return _Para(RawBlock(plain, text))
        pattern_level = numbered_heading_level(norm)
        keyword = bool(_STRONG_HEADING_WORD.match(norm))
        if pattern_level and (keyword or _reads_as_title(norm)):
            evidence = "keyword" if keyword else "number"
            if label is not None and label.strip():
                pattern_level = min(ilvl + 1, 9)
                evidence = "keyword" if keyword else "list"
            return _Para(RawBlock(BlockKind.HEADING, text, level=pattern_level), evidence, plain)
        emphasised = self._all_bold or self._all_caps or is_caps_title(norm)
        if emphasised and _reads_as_title(norm) and sum(c.isalpha() for c in norm) >= 4:
            return _Para(RawBlock(BlockKind.HEADING, text), "format", plain)
        return _Para(RawBlock(plain, text))

    # Inline level ------------------------------------------------------------

    def _inline(self, node, parts: list[str], boxes: list) -> None:
        for child in node:
            tag = child.tag
            if tag == R:
                self._run(child, parts, boxes)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, parts, boxes)
            elif tag == SDT:
                content = _sdt_content(child)
                if content is not None:
                    self._inline(content, parts, boxes)
            elif tag == COMMENT_START:
                self.open_comments[child.get(ID, "")] = []
            elif tag == COMMENT_END:
                comment_id = child.get(ID, "")
                anchor = self.open_comments.pop(comment_id, None)
                if anchor is not None:
                    self.comment_anchors[comment_id] = normalize_text("".join(anchor))
            elif tag == ALT_CONTENT:
                chosen = _choose_alternative(child)
                if chosen is not None:
                    self._inline(chosen, parts, boxes)
            elif tag == OMATH or tag == OMATH_PARA:
                self._emit(parts, "".join(t.text or "" for t in child.iter(M_T)))
            # w:del, w:moveFrom, pPr, bookmarks, proofing marks: not displayed text.

    def _run(self, run, parts: list[str], boxes: list) -> None:
        bold, caps = self._bold_default, self._caps_default
        start = len(parts)
        # Hidden text still carries field characters, so the run is walked.
        vanished = False
        for child in run:
            tag = child.tag
            if tag == T:
                if child.text and not (vanished or self._hidden_fields):
                    self._emit(parts, child.text)
            elif tag == RPR:
                vanish = child.find(VANISH)
                if vanish is not None and _on(vanish):
                    vanished = True
                rstyle = child.find(R_STYLE)
                if rstyle is not None:
                    info = self.styles.get(rstyle.get(VAL))
                    bold, caps = bold or info.bold, caps or info.caps
                direct = child.find(BOLD)
                if direct is not None:
                    bold = _on(direct)
                direct = child.find(CAPS)
                if direct is not None:
                    caps = _on(direct)
            elif tag == TAB or tag == BR or tag == CR or tag == PTAB:
                if not (vanished or self._hidden_fields):
                    self._emit(parts, " ")
            elif tag == FLD_CHAR:
                self._field_char(child.get(FLD_CHAR_TYPE))
            elif tag == NO_BREAK_HYPHEN:
                if not (vanished or self._hidden_fields):
                    self._emit(parts, "-")
            elif tag == SYM:
                char = _symbol(child.get(SYM_CHAR))
                if char and not (vanished or self._hidden_fields):
                    self._emit(parts, char)
            elif tag == DRAWING or tag == PICT or tag == OBJECT:
                boxes.extend(_text_boxes(child))
            elif tag == ALT_CONTENT:
                chosen = _choose_alternative(child)
                if chosen is not None:
                    for inner in chosen:
                        boxes.extend(_text_boxes(inner))
            # instrText, delText, softHyphen, footnote and comment references: dropped.
        if any(p.strip() for p in parts[start:]):
            self._all_bold = self._all_bold and bold
            self._all_caps = self._all_caps and caps

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(False)
            self._hidden_fields += 1
        elif kind == "separate":
            if self._fields and not self._fields[-1]:
                self._fields[-1] = True
                self._hidden_fields -= 1
        elif kind == "end" and self._fields:
            if not self._fields.pop():
                self._hidden_fields -= 1

    def reset_fields(self) -> None:
        """A field never spans parts; a broken one must not hide the next part."""
        self._fields.clear()
        self._hidden_fields = 0

    def _emit(self, parts: list[str], text: str) -> None:
        parts.append(text)
        for anchor in self.open_comments.values():
            anchor.append(text)


def _children(parent, tag: str):
    """Rows of a table or cells of a row, looking through content controls
    and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = _sdt_content(child)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _children(child, tag)


def _sdt_content(sdt):
    properties = sdt.find(SDT_PR)
    if properties is not None and properties.find(SHOWING_PLACEHOLDER) is not None:
        return None
    return sdt.find(SDT_CONTENT)


def _choose_alternative(alternate):
    # Choice and Fallback hold the same content (DrawingML vs VML): read one.
    choice = alternate.find(MC_CHOICE)
    return choice if choice is not None else alternate.find(MC_FALLBACK)


def _text_boxes(element) -> list:
    """Outermost w:txbxContent under a drawing; nested boxes are reached when
    the outer box's paragraphs are walked."""
    found = []
    for box in element.iter(TXBX_CONTENT):
        if any(ancestor.tag == TXBX_CONTENT for ancestor in _ancestors_until(box, element)):
            continue
        if any(ancestor.tag == MC_FALLBACK for ancestor in _ancestors_until(box, element)):
            continue
        found.append(box)
    return found


def _ancestors_until(node, stop):
    parent = node.getparent()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.getparent()


def _symbol(code: str | None) -> str:
    try:
        value = int(code, 16) if code else None
    except ValueError:
        return ""
    # F0xx codes point into a symbol font (Wingdings boxes, arrows): no text.
    if value is None or 0xF000 <= value <= 0xF0FF or value < 32:
        return ""
    return chr(value)


def _reads_as_title(text: str) -> bool:
    """A short label, not a sentence or a lead-in: no closing punctuation and
    a capital after any leading number."""
    if not looks_like_title(text) or text.endswith((".", ";", ",", ":")):
        return False
    rest = _LEADING_NUMBER.sub("", text, count=1)
    first = next((c for c in rest if c.isalpha() or c.isdigit()), "")
    return bool(first) and (first.isupper() or first.isdigit())


# --- Package ------------------------------------------------------------------------


def _xml(part):
    from docx.oxml.parser import parse_xml

    element = getattr(part, "_element", None)
    return element if element is not None else parse_xml(part.blob)


def _related(part, reltype: str):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _open(path: Path):
    from docx.opc.exceptions import PackageNotFoundError
    from docx.package import Package

    try:
        # Package.open, not docx.Document: it accepts .dotx/.docm content types
        # and reads the file without ever writing to it.
        package = Package.open(str(path))
    except PackageNotFoundError:
        raise InputError("corrupt", f"{path.name}: not a Word package (no readable [Content_Types].xml)") from None
    except KeyError as exc:
        raise InputError("corrupt", f"{path.name}: the package is missing a part ({exc})") from None
    try:
        main = package.main_document_part
    except KeyError:
        raise InputError("corrupt", f"{path.name}: the package has no main document (word/document.xml)") from None
    return package, main


def _core_title(package) -> str | None:
    """The title in the file's core properties, or None when it has none.
    python-docx makes up a core-properties part titled "Word Document" for a
    file without one (Google Docs exports): that title is no one's, and it
    would hide the document's own first line from reports and profile detection."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    if not any(rel.reltype == RT.CORE_PROPERTIES for rel in package.rels.values()):
        return None
    return (package.core_properties.title or "").strip() or None


def parse_docx(path: Path, *, password: str | None = None) -> Document:
    """Read a .docx/.docm/.dotx/.dotm file. `password` is unused: encrypted
    packages are OLE files and are refused by the registry before this."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package, main = _open(path)
    root = _xml(main)
    if root.tag.startswith("{" + _STRICT_W_NS):
        raise InputError(
            "unsupported-format",
            f"{path.name}: saved as Strict Open XML, which clausier does not read; save it as an ordinary .docx",
        )
    body = root.find(_W + "body")
    if body is None:
        raise InputError("corrupt", f"{path.name}: word/document.xml has no body")

    styles_part = _related(main, RT.STYLES)
    styles = _Styles(_xml(styles_part) if styles_part is not None else None)
    numbering_part = _related(main, RT.NUMBERING)
    walker = _Walker(styles, _Numbering(_xml(numbering_part) if numbering_part is not None else None, styles, path.name), path.name)

    paras: list[_Para] = []
    walker.blocks(body, paras)
    roots = [root]
    blocks = _settle_headings(paras)
    blocks += _furniture(walker, main, root, roots)
    blocks += _notes(walker, main, RT.FOOTNOTES, "footnote", roots)
    blocks += _notes(walker, main, RT.ENDNOTES, "endnote", roots)

    comments_part = _related(main, RT.COMMENTS)
    comments = _comments(_xml(comments_part), walker.comment_anchors) if comments_part is not None else ()
    pending = any(next(r.iter(*REVISION_TAGS), None) is not None for r in roots)
    title = _core_title(package)
    pages, pages_source = _page_count(package, blocks)
    metadata = Metadata(
        title=title,
        page_count=pages,
        page_count_source=pages_source,
        has_pending_revisions=pending,
        comments=comments,
        warnings=tuple(sorted(walker.warnings)),
    )
    return build_document(path, "docx", blocks, metadata)


# A document with this many heading-styled paragraphs states its outline
# with styles; a bare "1." there is an ordinary numbered list.
_STYLED_OUTLINE_MIN = 3


def _settle_headings(paras: list[_Para]) -> list[RawBlock]:
    styled = sum(1 for p in paras if p.evidence == "style") >= _STYLED_OUTLINE_MIN
    texts = [p for p in paras if p.block.text.strip()]
    # Items of one list that follow each other with no text between are a
    # list ("1. Point one", "2. Point two"), not a run of empty sections.
    adjacent = set()
    for before, after in zip(texts, texts[1:]):
        if before.list_key is not None and before.list_key == after.list_key:
            adjacent.update((id(before), id(after)))
    for para in paras:
        if para.evidence == "list" and (styled or id(para) in adjacent):
            para.evidence = None
            para.block.kind = para.plain
            para.block.level = 0
    structural = [p.block.level for p in paras if p.evidence in ("style", "keyword", "number", "list")]
    format_level = min(min(structural) + 1, 9) if structural else 1
    blocks = []
    for para in paras:
        block = para.block
        if para.evidence == "format":
            block.level = format_level
        blocks.append(block)
    return blocks


def _furniture(walker: _Walker, main, root, roots: list) -> list[RawBlock]:
    """Headers then footers, each distinct text once, in section order."""
    headers: list[RawBlock] = []
    footers: list[RawBlock] = []
    seen: set[tuple[BlockKind, str]] = set()
    seen_parts: set[int] = set()
    for reference in root.iter(HEADER_REF, FOOTER_REF):
        rel = main.rels.get(reference.get(_R_ID))
        if rel is None or rel.is_external or id(rel.target_part) in seen_parts:
            continue
        seen_parts.add(id(rel.target_part))
        kind, target = (BlockKind.HEADER, headers) if reference.tag == HEADER_REF else (BlockKind.FOOTER, footers)
        part_root = _xml(rel.target_part)
        roots.append(part_root)
        items: list[_Para] = []
        walker.reset_fields()
        walker.blocks(part_root, items)
        for item in items:
            key = (kind, normalize_text(item.block.text))
            if key[1] and key not in seen:
                seen.add(key)
                target.append(RawBlock(kind, item.block.text))
    return headers + footers


def _notes(walker: _Walker, main, reltype: str, tag: str, roots: list) -> list[RawBlock]:
    part = _related(main, reltype)
    if part is None:
        return []
    part_root = _xml(part)
    roots.append(part_root)
    blocks = []
    for note in part_root.iter(_W + tag):
        if note.get(TYPE) in _NOTE_SEPARATORS:
            continue
        items: list[_Para] = []
        walker.reset_fields()
        walker.blocks(note, items)
        text = " ".join(i.block.text.strip() for i in items if i.block.text.strip())
        if text:
            blocks.append(RawBlock(BlockKind.FOOTNOTE, text))
    return blocks


def _comments(root, anchors: dict[str, str]) -> tuple[Comment, ...]:
    # Comment bodies get their own walker: their fields and styles must not
    # disturb the body's state, and their numbering is not the body's.
    walker = _Walker(_Styles(None), _Numbering(None, _Styles(None)))
    comments = []
    for element in root.iter(_W + "comment"):
        items: list[_Para] = []
        walker.blocks(element, items)
        text = normalize_text(" ".join(i.block.text for i in items))
        comments.append(
            Comment(
                author=element.get(AUTHOR, ""),
                text=text,
                anchor=anchors.get(element.get(ID, ""), ""),
            )
        )
    return tuple(comments)


def _page_count(package, blocks: list[RawBlock]) -> tuple[int | None, str | None]:
    """(pages, "document") from docProps/app.xml's <Pages>, or (pages,
    "estimated") from the words (about WORDS_PER_PAGE a page) when the file
    stores none or a clearly stale one: Word updates <Pages> only when it
    repaginates, and generators often write 1."""
    words = sum(len(b.text.split()) for b in blocks if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER))
    estimate = -(-words // WORDS_PER_PAGE) if words else None
    stored = _stored_page_count(package)
    if stored and (estimate is None or estimate <= stored * STALE_PAGES_FACTOR):
        return stored, "document"
    if estimate:
        return estimate, "estimated"
    return None, None


WORDS_PER_PAGE = 500
# The stored count is stale when the words fill more than this many times as many pages.
STALE_PAGES_FACTOR = 2


def _stored_page_count(package) -> int | None:
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            try:
                pages = _xml(part).find(_APP_NS + "Pages")
            except Exception:  # a damaged app.xml only costs the page count
                return None
            value = _int(pages.text.strip() if pages is not None and pages.text else None)
            return value if value and value > 0 else None
    return None
