"""PDF → Document, with pypdfium2 (PDFium) only.

Engine choice, measured with ``benchmarks/pdf_engines.py`` on the 30 CUAD PDFs
in shared/contracts (461 pages in all; seconds per file, then in total):

    pypdfium2 text             0.002-0.08 s    0.51 s   (1.1 ms/page)
    pdfplumber extract_words   0.04-6.0 s     33.2 s   (72 ms/page)
    pdfplumber extract_text    0.04-6.3 s     35.8 s   (78 ms/page)
    this parser, end to end    0.004-0.15 s    0.97 s   (2.1 ms/page; 85 pages in 0.15 s)

pdfplumber gives the same words about 65 times slower, so it is not used at
run time, not even for ruled tables. PDFium's own text (``FPDFText_GetText``)
matches the CUAD reference texts (token F1 >= 0.999); we take layout from a
few PDFium calls per line rather than per character (a per-character loop
costs 0.45 s on 85 pages):

- Lines are PDFium's own line breaks; for each line we read the origin and box
  of its first and last characters, the size they are drawn at (font size
  times the scale of the text matrix: many producers set size 1 and scale)
  and the weight.
- A line much wider than its characters need is scanned for wide gaps (more
  than 1.8 em) and cut into pieces there. Pieces are what tables and columns
  are built from.
- Two-column pages: when most lines sit wholly left or wholly right of a
  gutter in the middle of the page, the left column is read before the right
  one (full-width lines such as titles stay where they are).
- Tables: on a page that is not two-column, a line cut into pieces is a
  table row only if a path (ruling line, cell box) stands in each of its gaps
  or if its pieces line up with those of neighbouring cut lines; justified
  text has wide gaps too, at random places. Two or more such rows in a row
  are a table; each piece is a TABLE_CELL, rows are lines, columns the piece
  order. Other cut lines are read as text again. A cell wrapped over two lines
  gives two rows.
- Page furniture: lines at the top or bottom of a page whose digits-as-#
  form recurs on most pages become HEADER/FOOTER blocks (outside the body
  text checks read); bare page numbers ("3", "Page 3 sur 12", "3/12",
  "- 3 -") are dropped.
- Paragraphs are rebuilt from lines (gap, indent, list markers, numbered
  headings, font change, a short line ending a sentence), line-end hyphens
  are joined, and headings come from size, weight, numbering and capitals.
- Pages with no text but with images are "scanned": listed in the metadata
  with a warning, or an InputError("scanned") when no page has text.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lint.errors import InputError
from lint.model import BlockKind, Document, Metadata
from lint.parsers.base import LIST_BULLET, LIST_ENUMERATOR, RawBlock, build_document, is_caps_title, looks_like_title, numbered_heading_level

# PDFium marks a hyphen it saw at a line end with U+FFFE and does not break the line there.
_PDFIUM_HYPHEN = "\ufffe"
_LINE_SPLIT = re.compile(r"([^\r\n\ufffe]*)(\r\n|\n|\r|\ufffe|$)")
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:/|sur|of|de)\s*\d{1,4})?$", re.I
)
# Below this many letters, a page covered by an image is taken as scanned.
_MIN_LETTERS = 25
_NUMBER_DEPTH = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s")
_WORD = re.compile(r"\w+(?:-\w+)*")
_SENTENCE_END = (".", "!", "?", ":", ";", "»", '"', "”")
# Before these, a line-end hyphen belongs to a compound word and is kept.
_PREFIXES = frozenset(
    "anti auto avant arrière après bio co contre demi entre ex extra hors infra inter intra "
    "micro mi multi néo non post pré pre pro quasi re semi sous super sur trans tri ultra vice "
    "self well cross long short".split()
)
_MEANINGLESS_TITLE = re.compile(
    r"^(untitled|sans titre|document\d*|microsoft word\b.*|.*\.(docx?|odt|rtf|pdf|txt)|\W*)$", re.I
)


@dataclass
class _Piece:
    """A run of text on one line, with its geometry (PDF units, y upwards)."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    bold: bool
    hyphen: bool = False  # ended with a line-end hyphen that PDFium flagged
    page: int = 0
    row: int = 0  # index of the physical line on its page
    cell: tuple[int, int, int] | None = None
    furniture: BlockKind | None = None


@dataclass
class _Page:
    number: int
    width: float
    height: float
    pieces: list[_Piece] = field(default_factory=list)
    has_text: bool = False
    two_columns: bool = False
    # Bounds (left, bottom, right, top) of the vector paths: ruling lines and cell boxes.
    paths: list[tuple[float, float, float, float]] = field(default_factory=list)


# --- Reading the file -------------------------------------------------------


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password is None:
                raise InputError(
                    "encrypted",
                    f"{path.name}: the PDF is password-protected; give the password with --password",
                ) from None
            raise InputError("wrong-password", f"{path.name}: the password given does not open this PDF") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError("encrypted", f"{path.name}: the PDF uses an unsupported encryption scheme") from None
        raise InputError("corrupt", f"{path.name}: the PDF is corrupt or truncated and cannot be opened") from None


def _title(doc: pdfium.PdfDocument) -> str | None:
    try:
        title = (doc.get_metadata_value("Title") or "").strip()
    except Exception:  # unreadable info dictionary: not worth failing the file
        return None
    if len(title) < 3 or _MEANINGLESS_TITLE.match(title) or not any(c.isalpha() for c in title):
        return None
    return title


class _TextPage:
    """Thin wrapper over the raw PDFium calls we need, with reused buffers."""

    def __init__(self, textpage):
        self.tp = textpage
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._matrix = pdfium_c.FS_MATRIX()

    def char_index(self, text_index: int) -> int:
        return pdfium_c.FPDFText_GetCharIndexFromTextIndex(self.tp, text_index)

    def box(self, ci: int) -> tuple[float, float, float, float]:
        pdfium_c.FPDFText_GetCharBox(self.tp, ci, self._l, self._r, self._b, self._t)
        return self._l.value, self._b.value, self._r.value, self._t.value

    def origin(self, ci: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharOrigin(self.tp, ci, self._x, self._y)
        return self._x.value, self._y.value

    def size(self, ci: int) -> float:
        """The size the glyph is drawn at: PDFium's font size times the scale
        of the character's matrix. Quartz, InDesign and Word's PDFMaker often
        set the font at size 1 and scale it with the text matrix, so the font
        size alone is 1.0 for every line."""
        size = pdfium_c.FPDFText_GetFontSize(self.tp, ci)
        if pdfium_c.FPDFText_GetMatrix(self.tp, ci, self._matrix):
            m = self._matrix
            scale = abs(m.a * m.d - m.b * m.c) ** 0.5
            if scale > 0:
                size *= scale
        return size

    def bold(self, ci: int) -> bool:
        weight = pdfium_c.FPDFText_GetFontWeight(self.tp, ci)
        if weight >= 600:
            return True
        if weight > 0:
            return False
        # No weight in the font descriptor: fall back on the font name.
        n = pdfium_c.FPDFText_GetFontInfo(self.tp, ci, None, 0, None)
        if n <= 0:
            return False
        buffer = ctypes.create_string_buffer(n)
        pdfium_c.FPDFText_GetFontInfo(self.tp, ci, buffer, n, None)
        return bool(re.search(rb"bold|black|heavy|semibold|demi", buffer.value, re.I))


def _page_pieces(textpage, number: int) -> list[_Piece]:
    tp = _TextPage(textpage)
    text = textpage.get_text_range()
    pieces: list[_Piece] = []
    row = 0
    for match in _LINE_SPLIT.finditer(text):
        segment, end = match.group(1), match.group(2)
        if not segment.strip():
            continue
        line = _line_pieces(tp, segment, match.start(1), number)
        for i, piece in enumerate(line):
            # A line PDFium did not break gets one row per baseline.
            if i and abs(piece.baseline - line[i - 1].baseline) > 3.0:
                row += 1
            piece.row = row
            pieces.append(piece)
        if pieces and end == _PDFIUM_HYPHEN:
            pieces[-1].hyphen = True
        row += 1
    return pieces


def _line_pieces(tp: _TextPage, segment: str, start: int, page: int, split: bool = True) -> list[_Piece]:
    lead = len(segment) - len(segment.lstrip())
    first = start + lead
    last = start + len(segment.rstrip()) - 1
    ca, cb = tp.char_index(first), tp.char_index(last)
    if ca < 0 or cb < 0:
        return [_Piece(segment.strip(), 0.0, 0.0, 0.0, 0.0, False, page=page)]
    xa, ya = tp.origin(ca)
    _, yb = tp.origin(cb)
    size = tp.size(ca) or tp.size(cb) or 10.0
    if split and abs(ya - yb) > max(size, 3.0):
        # PDFium kept two physical lines together (rare): split where the baseline jumps.
        return _split_by_baseline(tp, segment, start, page)
    x0 = tp.box(ca)[0]
    x1 = tp.box(cb)[2]
    bold = tp.bold(ca) and tp.bold(cb)
    piece = _Piece(segment.strip(), x0, x1, ya, size, bold, page=page)
    stripped = segment.strip()
    # Justified text is at most about 0.6 em per character; a wider line has gaps.
    if " " in stripped and (x1 - x0) > 0.75 * size * len(stripped) + 3 * size:
        return _split_at_gaps(tp, piece, segment, start)
    return [piece]


def _split_at_gaps(tp: _TextPage, piece: _Piece, segment: str, start: int) -> list[_Piece]:
    parts: list[_Piece] = []
    cursor = len(segment) - len(segment.lstrip())
    begin_x = piece.x0
    for gap in re.finditer(r" +", segment):
        if gap.start() <= cursor or gap.end() >= len(segment.rstrip()):
            continue
        before = tp.char_index(start + gap.start() - 1)
        after = tp.char_index(start + gap.end())
        if before < 0 or after < 0:
            continue
        left_end = tp.box(before)[2]
        right_start = tp.box(after)[0]
        if right_start - left_end > 1.8 * piece.size:
            text = segment[cursor:gap.start()].strip()
            parts.append(_Piece(text, begin_x, left_end, piece.baseline, piece.size, piece.bold, page=piece.page))
            cursor, begin_x = gap.end(), right_start
    if not parts:
        return [piece]
    parts.append(
        _Piece(segment[cursor:].strip(), begin_x, piece.x1, piece.baseline, piece.size, piece.bold, page=piece.page)
    )
    return [p for p in parts if p.text]


def _split_by_baseline(tp: _TextPage, segment: str, start: int, page: int) -> list[_Piece]:
    groups: list[list[tuple[int, int]]] = []
    current_y = None
    for word in re.finditer(r"\S+", segment):
        ci = tp.char_index(start + word.start())
        y = tp.origin(ci)[1] if ci >= 0 else current_y
        if not groups or (y is not None and current_y is not None and abs(y - current_y) > 3.0):
            groups.append([])
        groups[-1].append(word.span())
        current_y = y
    pieces: list[_Piece] = []
    for group in groups:
        a, b = group[0][0], group[-1][1]
        pieces.extend(_line_pieces(tp, segment[a:b], start + a, page, split=False))
    return pieces


def _image_coverage(page, width: float, height: float) -> float:
    """Largest share of the page covered by one image (0 if none)."""
    area = max(width * height, 1e-6)
    best = 0.0
    for left, bottom, right, top in _object_bounds(page, pdfium_c.FPDF_PAGEOBJ_IMAGE, max_depth=4):
        best = max(best, min(1.0, max(0.0, right - left) * max(0.0, top - bottom) / area))
    return best


def _path_bounds(page) -> list[tuple[float, float, float, float]]:
    return list(_object_bounds(page, pdfium_c.FPDF_PAGEOBJ_PATH, max_depth=2, skip_unplaced=True))


def _object_bounds(page, kind: int, *, max_depth: int, skip_unplaced: bool = False):
    """The bounds of the page's objects of one kind, Form XObjects entered to
    `max_depth` levels, as `page.get_objects(filter=(kind,), max_depth=…)`
    finds them, with its errors; an object whose bounds pdfium cannot give is
    an error too, or skipped with `skip_unplaced`. Through the raw calls:
    get_objects makes a Python object of every object of the page (text
    runs, paths: hundreds a page) before filtering them."""
    box = [ctypes.c_float() for _ in range(4)]

    def walk(parent, count, get, level):
        n = count(parent)
        if n < 0:
            raise pdfium.PdfiumError("Failed to get number of pageobjects.")
        for i in range(n):
            raw = get(parent, i)
            if not raw:
                raise pdfium.PdfiumError("Failed to get pageobject.")
            found = pdfium_c.FPDFPageObj_GetType(raw)
            if found == pdfium_c.FPDF_PAGEOBJ_UNKNOWN:
                raise pdfium.PdfiumError("Failed to determine pageobject type.")
            if found == kind:
                if pdfium_c.FPDFPageObj_GetBounds(raw, *box):
                    yield tuple(c.value for c in box)
                elif not skip_unplaced:
                    raise pdfium.PdfiumError("Failed to locate pageobject.")
            elif found == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
                yield from walk(raw, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, level + 1)

    yield from walk(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, 0)


def _read_pages(doc: pdfium.PdfDocument) -> tuple[list[_Page], list[int], list[int]]:
    """Pages with their pieces, the numbers of scanned pages and of damaged ones."""
    pages: list[_Page] = []
    scanned: list[int] = []
    broken: list[int] = []
    for index in range(len(doc)):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            broken.append(index + 1)
            continue
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                pieces = _page_pieces(textpage, index + 1)
            finally:
                textpage.close()
            letters = _letters(pieces)
            info = _Page(index + 1, width, height, pieces, has_text=letters > 0)
            if len({p.row for p in pieces}) < len(pieces):
                # Some line was cut at a gap: keep the paths, which may rule a table.
                info.paths = _path_bounds(page)
            if letters < _MIN_LETTERS:
                coverage = _image_coverage(page, width, height)
                # No text but an image, or a page-sized image under a stray label.
                if (letters == 0 and coverage > 0) or coverage >= 0.8:
                    scanned.append(index + 1)
                    info.has_text = False
            pages.append(info)
        except pdfium.PdfiumError:
            broken.append(index + 1)
        finally:
            page.close()
    return pages, scanned, broken


def _letters(pieces: list[_Piece]) -> int:
    """Letters and digits on the page, counted up to _MIN_LETTERS: all that
    is asked is whether there are none, and whether there are that many."""
    letters = 0
    for piece in pieces:
        letters += sum(map(str.isalnum, piece.text))
        if letters >= _MIN_LETTERS:
            break
    return letters


def _has_letters(text: str) -> bool:
    return any(c.isalnum() for c in text)


# --- Layout -----------------------------------------------------------------


def _order_columns(page: _Page) -> None:
    """Put a two-column page in reading order, in place."""
    pieces = [p for p in page.pieces if p.size > 0]
    if len(pieces) < 12:
        return
    left_edge = min(p.x0 for p in pieces)
    right_edge = max(p.x1 for p in pieces)
    width = right_edge - left_edge
    if width <= 0:
        return
    best = None
    for step in range(30, 71, 2):
        gutter = left_edge + width * step / 100
        crossing = sum(1 for p in pieces if p.x0 < gutter < p.x1)
        if best is None or crossing < best[0]:
            best = (crossing, gutter)
    crossing, gutter = best
    left = [p for p in pieces if p.x1 <= gutter]
    right = [p for p in pieces if p.x0 >= gutter]
    if crossing > 0.15 * len(pieces) or len(left) < 0.25 * len(pieces) or len(right) < 0.25 * len(pieces):
        return
    # Columns of prose, not narrow table cells.
    if statistics.median(p.x1 - p.x0 for p in left) < 0.25 * width:
        return
    if statistics.median(p.x1 - p.x0 for p in right) < 0.25 * width:
        return
    ordered: list[_Piece] = []
    band: list[_Piece] = []

    def flush():
        band.sort(key=lambda p: (p.x0 >= gutter, -p.baseline))
        ordered.extend(band)
        band.clear()

    for piece in sorted(page.pieces, key=lambda p: -p.baseline):
        if piece.x0 < gutter < piece.x1:
            flush()
            ordered.append(piece)
        else:
            band.append(piece)
    flush()
    # Rows follow the new order so that paragraph building sees column breaks.
    row = -1
    last = None
    for piece in ordered:
        key = (piece.x0 >= gutter, round(piece.baseline, 1))
        if key != last:
            row += 1
            last = key
        piece.row = row
    page.pieces = ordered
    page.two_columns = True


def _mark_tables(pages: list[_Page]) -> None:
    table_index = 0
    for page in pages:
        if page.two_columns:
            continue
        rows: dict[int, list[_Piece]] = {}
        for piece in page.pieces:
            rows.setdefault(piece.row, []).append(piece)
        run: list[list[_Piece]] = []
        for row in sorted(rows) + [None]:
            cells = rows.get(row) if row is not None else None
            if cells is not None and len(cells) >= 2 and not any(c.furniture for c in cells):
                run.append(sorted(cells, key=lambda p: p.x0))
                continue
            for table in _tables_in(run, page.paths):
                for r, line in enumerate(table):
                    for c, piece in enumerate(line):
                        piece.cell = (table_index, r, c)
                table_index += 1
            run = []


def _tables_in(run: list[list[_Piece]], paths: list[tuple[float, float, float, float]]) -> list[list[list[_Piece]]]:
    """The tables in a run of consecutive lines that were cut at wide gaps.

    A wide gap alone does not make a table: justified text, a form's blank
    or a lone tab leave gaps too. A row is kept when a ruling line or a cell
    border stands in each of its gaps, or when its pieces stand in columns
    that other rows of the run share; two or more kept rows in a row make a
    table. Rows that fall out are read again on their own, since a table may
    sit beside lines that merely have a gap."""
    if len(run) < 2:
        return []
    keep = [ruled or aligned for ruled, aligned in zip(_ruled(run, paths), _aligned(run))]
    if all(keep):
        return [run]
    tables: list[list[list[_Piece]]] = []
    part: list[list[_Piece]] = []
    for line, kept in zip(run + [[]], keep + [False]):
        if kept:
            part.append(line)
        else:
            tables.extend(_tables_in(part, paths))
            part = []
    return tables


def _ruled(run: list[list[_Piece]], paths: list[tuple[float, float, float, float]]) -> list[bool]:
    """For each line of the run, whether every gap between its pieces holds
    the edge of a path drawn at the line's height: a vertical rule, a cell's
    box, or the joint of a horizontal rule drawn cell by cell. The edge must
    stand clear of the words, so that an underline does not count."""
    result = []
    for line in run:
        size = max(line[0].size, 1.0)
        baseline = line[0].baseline
        near = [
            (left, right)
            for left, bottom, right, top in paths
            if bottom <= baseline + 1.5 * size and top >= baseline - 1.2 * size
        ]
        ruled = bool(near)
        for prev, piece in zip(line, line[1:]):
            lo, hi = prev.x1 + 0.25 * size, piece.x0 - 0.25 * size
            if not any(lo < left < hi or lo < right < hi for left, right in near):
                ruled = False
                break
        result.append(ruled)
    return result


def _aligned(run: list[list[_Piece]]) -> list[bool]:
    """For each line of the run, whether most of its pieces after the first
    line up (left edge, right edge or centre) with a piece of another line.

    Lines of justified text all end at the right margin, so a match on the
    right edge there counts only for a short piece (a page number, an amount)
    that at least two other lines match: a column, not the margin."""
    size = statistics.median(p.size for line in run for p in line) or 10.0
    tol = max(2.0, 0.5 * size)
    left = min(line[0].x0 for line in run)
    right = max(line[-1].x1 for line in run)
    # Pieces that can anchor a column: those not at the left margin.
    inner = [[p for p in line if p.x0 > left + tol] for line in run]
    result: list[bool] = []
    for i, line in enumerate(run):
        pieces = line[1:]
        matched = 0
        for piece in pieces:
            middle = (piece.x0 + piece.x1) / 2
            hit = False
            margin_rows = 0
            for k, others in enumerate(inner):
                if k == i:
                    continue
                for q in others:
                    if abs(q.x0 - piece.x0) <= tol or abs((q.x0 + q.x1) / 2 - middle) <= tol:
                        hit = True
                        break
                    if abs(q.x1 - piece.x1) <= tol:
                        if right - piece.x1 > tol:
                            hit = True
                            break
                        margin_rows += 1
                        break
                if hit:
                    break
            if hit or (margin_rows >= 2 and len(piece.text) <= 12):
                matched += 1
        result.append(2 * matched >= len(pieces) and matched > 0)
    return result


def _mark_furniture(pages: list[_Page]) -> None:
    """Flag running headers/footers and drop bare page numbers."""
    edges: list[tuple[_Page, list[_Piece], list[_Piece]]] = []
    for page in pages:
        rows: dict[int, list[_Piece]] = {}
        for piece in page.pieces:
            rows.setdefault(piece.row, []).append(piece)
        ordered = sorted(rows.values(), key=lambda ps: -max(p.baseline for p in ps))
        top = [p for ps in ordered[:2] for p in ps]
        bottom = [p for ps in ordered[-2:] for p in ps] if len(ordered) > 2 else []
        edges.append((page, top, bottom))
    counts: Counter[tuple[str, str]] = Counter()
    for _, top, bottom in edges:
        counts.update({("top", _furniture_key(p.text)) for p in top})
        counts.update({("bottom", _furniture_key(p.text)) for p in bottom})
    n = len(pages)
    threshold = n if n <= 3 else max(3, (n + 1) // 2)
    for page, top, bottom in edges:
        for zone, zone_pieces, kind in (("top", top, BlockKind.HEADER), ("bottom", bottom, BlockKind.FOOTER)):
            for piece in zone_pieces:
                if _PAGE_NUMBER.match(piece.text.strip()):
                    piece.text = ""
                elif n >= 2 and counts[(zone, _furniture_key(piece.text))] >= threshold:
                    # Kept on each page, out of the body, so a page's text stays whole.
                    piece.furniture = kind
    for page in pages:
        page.pieces = [p for p in page.pieces if p.text]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


# --- Paragraphs and headings ------------------------------------------------


@dataclass
class _Para:
    pieces: list[_Piece]
    kind: BlockKind = BlockKind.PARAGRAPH

    @property
    def first(self) -> _Piece:
        return self.pieces[0]

    @property
    def last(self) -> _Piece:
        return self.pieces[-1]


def _join(pieces: list[_Piece], vocabulary: set[str]) -> str:
    text = pieces[0].text
    for prev, piece in zip(pieces, pieces[1:]):
        nxt = piece.text
        if prev.hyphen or (text.endswith("-") and len(text) > 1 and text[-2].isalpha()):
            stem = text.rstrip("-" + _PDFIUM_HYPHEN)
            head = re.search(r"(\w+)$", stem)
            tail = re.match(r"\w+", nxt)
            head_word = head.group(1).lower() if head else ""
            tail_word = tail.group(0).lower() if tail else ""
            if head_word + "-" + tail_word in vocabulary:
                keep = True  # the document writes this compound with a hyphen elsewhere
            elif head_word + tail_word in vocabulary:
                keep = False
            else:
                keep = not nxt[:1].islower() or head_word in _PREFIXES
            text = stem + ("-" if keep else "") + nxt
        else:
            text = text + " " + nxt
    return text.replace(_PDFIUM_HYPHEN, "-")


def _paragraphs(page: _Page, spacing: float) -> list[_Para]:
    paras: list[_Para] = []
    current: list[_Piece] = []
    right_margin = max((p.x1 for p in page.pieces if p.cell is None), default=page.width)
    column_right = right_margin

    def flush():
        if current:
            paras.append(_Para(list(current)))
            current.clear()

    previous: _Piece | None = None
    for piece in page.pieces:
        if piece.cell is not None or piece.furniture is not None:
            flush()
            kind = piece.furniture or BlockKind.TABLE_CELL
            paras.append(_Para([piece], kind))
            previous = None
            continue
        if page.two_columns:
            column_right = max((p.x1 for p in page.pieces if (p.x0 < piece.x1 and p.x1 > piece.x0)), default=right_margin)
        if previous is not None and _breaks(previous, piece, current, spacing, column_right):
            flush()
        current.append(piece)
        previous = piece
    flush()
    return paras


def _breaks(prev: _Piece, piece: _Piece, current: list[_Piece], spacing: float, right: float) -> bool:
    size = max(piece.size, 1.0)
    drop = prev.baseline - piece.baseline
    if prev.row == piece.row:
        return False
    if drop < -size:
        # Up to the top of the next column: the sentence may go on there.
        return prev.text.rstrip().endswith(_SENTENCE_END) or not piece.text[:1].islower()
    if drop > max(1.45 * spacing, 1.6 * size):
        return True
    if abs(prev.size - piece.size) > 0.9 or prev.bold != piece.bold:
        return True
    text = piece.text
    if LIST_BULLET.match(text) or LIST_ENUMERATOR.match(text) or numbered_heading_level(text):
        return True
    prev_text = prev.text.rstrip()
    short = prev.x1 < right - max(4 * size, 0.12 * (right - prev.x0))
    if short and prev_text.endswith(_SENTENCE_END):
        return True
    if short and len(current) == 1 and (numbered_heading_level(prev_text) or is_caps_title(prev_text)):
        return True
    # An indented line after a finished sentence starts a paragraph.
    if piece.x0 > prev.x0 + size and prev_text.endswith(_SENTENCE_END):
        return True
    return False


def _line_spacing(pages: list[_Page]) -> float:
    drops: list[float] = []
    for page in pages:
        for a, b in zip(page.pieces, page.pieces[1:]):
            d = a.baseline - b.baseline
            if 0 < d < 3 * max(a.size, 1):
                drops.append(round(d, 1))
    return statistics.median(drops) if drops else 12.0


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for piece in page.pieces:
            if piece.size > 0:
                sizes[round(piece.size * 2) / 2] += len(piece.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _classify(para: _Para, text: str, body: float, heading_sizes: list[float]) -> RawBlock:
    page = para.first.page
    if para.kind != BlockKind.PARAGRAPH:
        return RawBlock(para.kind, text, page=page, cell=para.first.cell)
    size = max(p.size for p in para.pieces)
    numbered = numbered_heading_level(text)
    depth = _NUMBER_DEPTH.match(text)
    if numbered and depth:
        # base.py stops at three levels; "3.5.1.1" is a fourth.
        numbered = min(depth.group(1).count(".") + 1, 6)
    titled = looks_like_title(text) and len(para.pieces) <= 3
    if titled and size >= body * 1.15 and size - body >= 1:
        level = 1 + next((i for i, s in enumerate(heading_sizes) if size >= s), len(heading_sizes))
        return RawBlock(BlockKind.HEADING, text, level=min(numbered or level, 6), page=page)
    if numbered:
        return RawBlock(BlockKind.HEADING, text, level=numbered, page=page)
    bullet = LIST_BULLET.match(text)
    if bullet:
        # A bold bullet is a list item, not a heading.
        return RawBlock(BlockKind.LIST_ITEM, text[bullet.end():], page=page)
    if titled and (all(p.bold for p in para.pieces) or is_caps_title(text)) and _has_letters(text):
        return RawBlock(BlockKind.HEADING, text, level=2 if heading_sizes else 1, page=page)
    # A paragraph opening on an enumerator becomes a list item in build_document, as in every format.
    return RawBlock(BlockKind.PARAGRAPH, text, page=page)


def _blocks(pages: list[_Page]) -> list[RawBlock]:
    spacing = _line_spacing(pages)
    body = _body_size(pages)
    paras = [para for page in pages for para in _paragraphs(page, spacing)]
    big = sorted(
        {round(max(p.size for p in para.pieces)) for para in paras if para.kind == BlockKind.PARAGRAPH}
        - {s for s in range(0, int(body * 1.15) + 1)},
        reverse=True,
    )
    heading_sizes = [float(s) for s in big[:3]]
    vocabulary = {
        word.lower() for page in pages for piece in page.pieces for word in _WORD.findall(piece.text)
    }
    blocks: list[RawBlock] = []
    for para in paras:
        text = _join(para.pieces, vocabulary)
        block = _classify(para, text, body, heading_sizes)
        previous = blocks[-1] if blocks else None
        # A paragraph cut by a page break continues on the next page.
        if (
            previous is not None
            and block.kind == BlockKind.PARAGRAPH
            and previous.kind == BlockKind.PARAGRAPH
            and previous.page != block.page
            and not previous.text.rstrip().endswith(_SENTENCE_END)
            and block.text[:1].islower()
        ):
            previous.text = previous.text + " " + block.text
            continue
        blocks.append(block)
    return blocks


# --- Entry point ------------------------------------------------------------


def _recover_with_pdfminer(path: Path) -> Document | None:
    """PDFium refuses some damaged files that pdfminer (through pdfplumber)
    still reads: recover their text, without layout analysis, rather than
    calling the file corrupt."""
    import pdfplumber

    from lint.parsers.text import _blocks as text_blocks

    raw = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            page_count = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                for block in text_blocks((page.extract_text() or "").split("\n"), markdown=False):
                    block.page = number
                    raw.append(block)
    except Exception:
        return None
    if not raw:
        return None
    warning = "PDFium could not open this damaged PDF; its text was recovered with pdfminer, without layout analysis"
    return build_document(path, "pdf", raw, Metadata(page_count=page_count, warnings=(warning,)))


def parse_pdf(path: Path, *, password: str | None = None) -> Document:
    path = Path(path)
    try:
        doc = _open(path, password)
    except InputError as error:
        recovered = _recover_with_pdfminer(path) if error.kind == "corrupt" else None
        if recovered is None:
            raise
        return recovered
    try:
        page_count = len(doc)
        title = _title(doc)
        pages, scanned, broken = _read_pages(doc)
    finally:
        doc.close()
    if page_count == 0:
        raise InputError("empty", f"{path.name}: the PDF has no pages")
    text_pages = [p for p in pages if p.has_text]
    if broken and not text_pages:
        raise InputError("corrupt", f"{path.name}: the PDF is damaged; none of its pages with text could be read")
    if not text_pages:
        if scanned:
            raise InputError(
                "scanned",
                f"{path.name}: the PDF has no text layer (scanned pages); run OCR first, "
                "e.g. `ocrmypdf in.pdf out.pdf`",
            )
        raise InputError("empty", f"{path.name}: the PDF contains no readable text (no text layer and no images)")
    warnings: list[str] = []
    if scanned:
        listed = ", ".join(map(str, scanned))
        warnings.append(
            f"{len(scanned)} of {page_count} pages have no text layer and were not read (pages {listed}); "
            "run OCR on them, e.g. `ocrmypdf in.pdf out.pdf`"
        )
    if broken:
        warnings.append(
            f"{len(broken)} of {page_count} pages are damaged and were not read (pages {', '.join(map(str, broken))})"
        )
    for page in text_pages:
        _order_columns(page)
    _mark_furniture(text_pages)
    _mark_tables(text_pages)
    metadata = Metadata(
        title=title, page_count=page_count, scanned_pages=tuple(scanned), warnings=tuple(warnings)
    )
    return build_document(path, "pdf", _blocks(text_pages), metadata)
