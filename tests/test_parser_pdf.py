"""PDF parser on the real files of shared/contracts (skipped when absent)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from lint.errors import InputError
from lint.model import BODY_KINDS, BlockKind
from lint.parsers import parse

CONTRACTS = Path(__file__).resolve().parents[1].parent / "shared" / "contracts"
TRICKY = CONTRACTS / "tricky"
CUAD_PDFS = sorted((CONTRACTS / "cuad" / "pdf").glob("**/*.pdf"))
FRENCH_PDFS = sorted((CONTRACTS / "fr").glob("**/*.pdf"))

# The bar for extracted words against CUAD's reference texts.
MIN_TOKEN_F1 = 0.98

# Passwords from the source test suites (pdfplumber, py-pdf sample files, pypdf).
PASSWORDS = {
    "pdfplumber/password-example.pdf": "test",
    "pdf-sample-files/libreoffice-writer-password.pdf": "openpassword",
    "pypdf/crazyones-encrypted-256.pdf": "password",
    "pypdf/r4-aes-user-password.pdf": "asdfzxcv",
}
# Files that must fail, with the kind they fail with.
EXPECTED_ERRORS = {
    **{name: "encrypted" for name in PASSWORDS},
    "pdf-sample-files/imagemagick-images.pdf": "scanned",
    # The pages object is broken beyond what PDFium repairs.
    # PDFium refuses it; pdfminer recovers its text (see _recover_with_pdfminer).
    # A full-page 200 dpi scan whose only text is a date stamp ("2021 3 31").
    "pdfplumber/malformed-from-issue-932.pdf": "scanned",
    # Malformed font resources: PDFium (like poppler) finds no text and no image.
    "pypdf/2788_example_malformed.pdf": "empty",
}


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (shared/contracts is not checked out)")
    return path


@lru_cache(maxsize=None)
def parsed(path: Path):
    """Parse each file once per session; an InputError is returned, not raised."""
    try:
        return parse(path)
    except InputError as error:
        return error


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def token_f1(extracted: str, reference: str) -> float:
    got, want = tokens(extracted), tokens(reference)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def tricky_pdfs() -> list[str]:
    return sorted(str(p.relative_to(TRICKY)) for p in TRICKY.glob("*/*.pdf")) or ["(absent)"]


# --- Tricky files ------------------------------------------------------------


@pytest.mark.parametrize("name", tricky_pdfs())
def test_tricky_pdf_reads_or_fails_cleanly(name):
    path = need(TRICKY / name)
    result = parsed(path)
    expected = EXPECTED_ERRORS.get(name)
    if expected:
        assert isinstance(result, InputError), f"{name} should fail with {expected}"
        assert result.kind == expected
        assert "\n" not in result.message and path.name in result.message
    else:
        assert not isinstance(result, InputError), f"{name}: {result.kind}: {result.message}"
        assert result.text.strip()
        assert result.metadata.page_count >= 1


@pytest.mark.parametrize("name,password", sorted(PASSWORDS.items()))
def test_encrypted_pdf_opens_with_its_password(name, password):
    path = need(TRICKY / name)
    error = parsed(path)
    assert error.kind == "encrypted" and "--password" in error.message
    document = parse(path, password=password)
    assert document.text.strip()
    with pytest.raises(InputError) as wrong:
        parse(path, password="not-the-password")
    assert wrong.value.kind == "wrong-password"


def test_owner_password_only_is_readable():
    document = parsed(need(TRICKY / "pypdf" / "r2-owner-password.pdf"))
    assert "encryption test" in document.text


def test_scanned_message_says_ocr():
    error = parsed(need(TRICKY / "pdf-sample-files" / "imagemagick-images.pdf"))
    assert "ocrmypdf" in error.message and "text layer" in error.message


def test_partly_scanned_pdf_lists_its_pages(tmp_path):
    """A text page followed by an image-only page: parses, names the page."""
    pdfium = pytest.importorskip("pypdfium2")
    source = pdfium.PdfDocument(str(need(TRICKY / "pypdf" / "r2-owner-password.pdf")))
    images = pdfium.PdfDocument(str(need(TRICKY / "pdf-sample-files" / "imagemagick-images.pdf")))
    merged = pdfium.PdfDocument.new()
    merged.import_pages(source, [0])
    merged.import_pages(images, [3])
    path = tmp_path / "mixed.pdf"
    merged.save(str(path))
    document = parse(path)
    assert document.metadata.scanned_pages == (2,)
    assert any("page" in w and "2" in w for w in document.metadata.warnings)
    assert "encryption test" in document.text


def test_truncated_pdf_is_corrupt(tmp_path):
    data = need(TRICKY / "pypdf" / "r2-owner-password.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    result = parsed(path)
    # PDFium repairs what it can; what it cannot is "corrupt", never a traceback.
    assert not isinstance(result, InputError) or result.kind in ("corrupt", "empty")


def test_garbage_after_header_is_corrupt(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    result = parsed(path)
    assert isinstance(result, InputError) and result.kind == "corrupt"


def test_multicolumn_reads_left_column_first():
    document = parsed(need(TRICKY / "pdf-sample-files" / "multicolumn.pdf"))
    text = document.text
    # End of the left column of page 1, then the start of the right column.
    left_end = text.index("Vivamus viverra fermentum felis. Donec nonummy")
    right_start = text.index("pellentesque ante. Phasellus adipiscing semper elit.")
    assert left_end < right_start
    # The sentence cut by the column break is one paragraph.
    assert any("Donec nonummy pellentesque ante." in b.text for b in document.blocks)


def test_multicolumn_table_cells():
    document = parsed(need(TRICKY / "pdf-sample-files" / "multicolumn.pdf"))
    cells = {b.cell: b.text for b in document.blocks if b.kind == BlockKind.TABLE_CELL}
    rows = {}
    for (table, row, col), text in cells.items():
        rows.setdefault((table, row), {})[col] = text
    assert {0: "Austria", 1: "8.9", 2: "83,879", 3: "Vienna", 4: "German"} in rows.values()
    assert all(b.location.page == 3 for b in document.blocks if b.kind == BlockKind.TABLE_CELL)


def test_hyphenated_line_ends_are_joined():
    text = parsed(need(TRICKY / "pdf-sample-files" / "multicolumn.pdf")).text
    assert "adipiscing" in text and "adip-" not in text and "\ufffe" not in text


# --- CUAD: words against the reference texts --------------------------------


def _cuad_ids() -> list[Path]:
    return CUAD_PDFS or [Path("(absent)")]


@pytest.mark.parametrize("path", _cuad_ids(), ids=lambda p: p.stem[:40])
def test_cuad_token_f1(path):
    need(path)
    reference = CONTRACTS / "cuad" / "txt" / (path.stem + ".txt")
    need(reference)
    document = parsed(path)
    assert not isinstance(document, InputError), document
    score = token_f1(document.text, reference.read_text(encoding="utf-8", errors="replace"))
    assert score >= MIN_TOKEN_F1, f"token F1 {score:.4f} < {MIN_TOKEN_F1}"
    pages = {b.location.page for b in document.blocks}
    assert None not in pages and max(pages) <= document.metadata.page_count


def test_long_pdf_reads_every_page():
    """The longest CUAD PDF (80 pages) parses whole, each block on a real page.
    Its speed is measured by benchmarks/pdf_engines.py, not asserted here:
    a timed test fails on a loaded machine and proves nothing on a fast one."""
    longest = need(max(CUAD_PDFS, key=lambda p: p.stat().st_size) if CUAD_PDFS else Path("(absent)"))
    document = parse(longest)
    assert document.metadata.page_count >= 40
    pages = {b.location.page for b in document.blocks}
    assert None not in pages and max(pages) == document.metadata.page_count


def test_page_furniture_leaves_the_body():
    path = next((p for p in CUAD_PDFS if p.name.startswith("RareElement")), None)
    document = parsed(need(path or Path("(absent)")))
    body = [b.text for b in document.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)]
    assert not any(t.startswith("Source: RARE ELEMENT") for t in body)
    footers = [b for b in document.blocks if b.kind in (BlockKind.HEADER, BlockKind.FOOTER)]
    assert len(footers) >= document.metadata.page_count - 1
    assert not any(re.fullmatch(r"(Page )?\d+( of \d+)?", b.text) for b in document.blocks)


# --- French PDFs --------------------------------------------------------------


def _french_ids() -> list[Path]:
    return FRENCH_PDFS or [Path("(absent)")]


@pytest.mark.parametrize("path", _french_ids(), ids=lambda p: p.stem[:40])
def test_french_pdf_headings(path):
    document = parsed(need(path))
    assert not isinstance(document, InputError), document
    assert document.sections, "no headings found"
    headings = {b.text for b in document.blocks if b.kind == BlockKind.HEADING}
    starts = [b.text for b in document.blocks if re.match(r"(Article|ARTICLE)\s+\d+\b", b.text)]
    # Every block that starts "Article N" is short and is a heading.
    for text in starts:
        if len(text) <= 120:
            assert text in headings, f"not a heading: {text!r}"


def test_french_accents_and_numbered_headings():
    path = CONTRACTS / "fr" / "betagouv_datapass" / "cgu_api_scolarite.pdf"
    document = parsed(need(path))
    titles = [s.title for s in document.all_sections()]
    assert "1. Objet et champ d'application des modalités d'utilisation du service" in titles
    assert "6.1. Modification et évolution du Service" in titles
    assert "à" in document.text and "\ufffd" not in document.text


# --- Tables against justified text ------------------------------------------

# The bar: in a PDF of this many body words or more, at most this share
# of them sits in blocks of one or two words (a sign of text cut into cells).
MIN_WORDS = 500
MAX_SHORT_SHARE = 0.10
ALL_PDFS = sorted(
    p
    for folder in ("fr", "fr-2", "cuad/pdf", "tricky")
    for p in (CONTRACTS / folder).glob("**/*.pdf")
)


def short_block_share(document) -> tuple[int, float]:
    """Body words, and the share of them in blocks of one or two words."""
    counts = [len(b.text.split()) for b in document.blocks if b.kind in BODY_KINDS]
    words = sum(counts)
    return words, sum(n for n in counts if n <= 2) / max(words, 1)


@pytest.mark.parametrize(
    "path",
    ALL_PDFS or [Path("(absent)")],
    ids=lambda p: str(p.relative_to(CONTRACTS)) if p in ALL_PDFS else "absent",
)
def test_real_pdf_text_is_not_cut_into_cells(path):
    document = parsed(need(path))
    if isinstance(document, InputError):
        pytest.skip(f"unreadable by design: {document.kind}")
    words, share = short_block_share(document)
    if words < MIN_WORDS:
        pytest.skip(f"{words} body words, under {MIN_WORDS}")
    assert share <= MAX_SHORT_SHARE, f"{share:.1%} of {words} body words sit in blocks of one or two words"


def _cell_rows(document) -> list[list[str]]:
    rows: dict[tuple[int, int], dict[int, str]] = {}
    for block in document.blocks:
        if block.kind == BlockKind.TABLE_CELL:
            table, row, col = block.cell
            rows.setdefault((table, row), {})[col] = block.text
    return [[cols[c] for c in sorted(cols)] for _, cols in sorted(rows.items())]


def test_aligned_table_without_rules_stays_cells():
    """An SLA table of priorities, delays and rates, with no ruling lines."""
    sla = CONTRACTS / "fr" / "Cloud-Temple_docs" / "CT.AM.JUR.ANX -Annexe_Convention de Services_SNC_v2.pdf"
    document = parsed(need(sla))
    rows = _cell_rows(document)
    for row in (["P1", "30mn", "95%"], ["P3", "4h", "90%"], ["P5", "48h", "85%"]):
        assert row in rows


def test_ruled_table_keeps_its_header_row():
    """Cells in drawn boxes; the header is centred, the data are not aligned
    with it, so the ruling lines are what make it a table. Made by Quartz,
    with fonts set at size 1 and scaled by the text matrix."""
    document = parsed(need(CONTRACTS / "fr-2" / "39-cgv-production-audiovisuelle-mcp.pdf"))
    rows = _cell_rows(document)
    assert ["Plus de 30 jours avant", "Aucune (acompte conservé)"] in rows
    assert ["De 30 à 15 jours avant", "30 %"] in rows
    assert any(row[0].startswith("DÉLAI D") and row[1].startswith("INDEMNITÉ") for row in rows)
    # The body around it is prose, not cells.
    assert any(b.kind == BlockKind.PARAGRAPH and len(b.text.split()) > 30 for b in document.blocks)


def test_scaled_font_pdf_reads_as_paragraphs_and_headings():
    """Word's PDFMaker sets text at size 1 scaled by the text matrix: a real
    contract came out as thousands of one-word cells."""
    document = parsed(need(CONTRACTS / "fr-2" / "08-contrat-sponsoring-castelroutards.pdf"))
    assert not any(b.kind == BlockKind.TABLE_CELL for b in document.blocks)
    headings = {b.text for b in document.blocks if b.kind == BlockKind.HEADING}
    assert "Article 1 - Objet du contrat" in headings
    assert any(b.text.startswith("Le présent contrat a pour objet") for b in document.blocks)


# A generated page: justified lines whose word gaps are several ems wide (a
# narrow measure, or long words that did not fit), then a real three-column
# table with no ruling lines; set either at the font size or at size 1 scaled
# by the text matrix (as Quartz, InDesign and Word's PDFMaker write it).
_JUSTIFIED = [
    "Le Prestataire s'engage à exécuter",
    "les prestations conformément aux",
    "règles de l'art et aux stipulations",
    "du présent contrat, dans les délais",
    "convenus avec le Client.",
]
_TABLE = [
    ("Niveau", "Délai", "Taux"),
    ("Critique", "4 heures", "99,9 %"),
    ("Majeur", "1 jour", "99,5 %"),
    ("Mineur", "5 jours", "98 %"),
]


def _text(font: str, size: float, x: float, y: float, text: str, scaled: bool) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    if scaled:
        return f"BT /{font} 1 Tf {size} 0 0 {size} {x:.2f} {y:.2f} Tm ({escaped}) Tj ET"
    return f"BT /{font} {size} Tf {x:.2f} {y:.2f} Td ({escaped}) Tj ET"


def _justified_pdf(path: Path, scaled: bool) -> Path:
    size, left, right = 11.0, 72.0, 523.0
    ops = [_text("F2", 12, left, 760, "Article 1 - Objet", scaled)]
    y = 730.0
    for line in _JUSTIFIED[:-1]:
        words = line.split()
        widths = [0.52 * size * len(w) for w in words]  # about Helvetica's average width
        gap = (right - left - sum(widths)) / (len(words) - 1)
        x = left
        for word, width in zip(words, widths):
            ops.append(_text("F1", size, x, y, word, scaled))
            x += width + gap
        y -= 14
    ops.append(_text("F1", size, left, y, _JUSTIFIED[-1], scaled))  # a paragraph's last line is not justified
    y -= 20
    for row in _TABLE:
        for x, cell in zip((72, 250, 420), row):
            ops.append(_text("F1", size, x, y, cell, scaled))
        y -= 16
    content = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("scaled", [False, True], ids=["font-size", "scaled-by-matrix"])
def test_justified_text_is_a_paragraph_and_aligned_columns_a_table(tmp_path, scaled):
    document = parse(_justified_pdf(tmp_path / "justified.pdf", scaled))
    kinds = [(b.kind, b.text) for b in document.blocks]
    assert (BlockKind.HEADING, "Article 1 - Objet") in kinds
    paragraphs = [text for kind, text in kinds if kind == BlockKind.PARAGRAPH]
    assert " ".join(_JUSTIFIED) in paragraphs
    assert _cell_rows(document) == [list(row) for row in _TABLE]


@pytest.mark.skipif(not TRICKY.is_dir(), reason="../shared/contracts is absent")
def test_object_bounds_are_those_pypdfium2s_page_objects_give():
    """The images and paths the parser measures through raw calls are the
    objects, in order, with the bounds and errors, that get_objects gives."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from lint.parsers.pdf import _object_bounds

    def outcome(walk):
        try:
            return list(walk())
        except pdfium.PdfiumError:
            return "error"

    def through_objects(page, kind, depth):
        for obj in page.get_objects(filter=(kind,), max_depth=depth):
            yield tuple(obj.get_bounds())

    pages = 0
    for path in sorted(TRICKY.glob("**/*.pdf")) + FRENCH_PDFS:
        try:
            document = pdfium.PdfDocument(str(path), password=PASSWORDS.get(path.relative_to(TRICKY).as_posix()) if path.is_relative_to(TRICKY) else None)
        except pdfium.PdfiumError:
            continue
        for index in range(len(document)):
            page = document[index]
            for kind, depth in ((pdfium_c.FPDF_PAGEOBJ_IMAGE, 4), (pdfium_c.FPDF_PAGEOBJ_PATH, 2)):
                expected = outcome(lambda: through_objects(page, kind, depth))
                assert outcome(lambda: _object_bounds(page, kind, max_depth=depth)) == expected, (path.name, index, kind)
            page.close()
            pages += 1
        document.close()
    assert pages > 100
