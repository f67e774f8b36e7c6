"""Builders of the hostile files of issue 10: each is small on disk and was
enough, before the fix, to exhaust memory or time, or to break an output."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx_builders import abstract_num, new_document, num, p, set_numbering

CLAUSE = "Le Prestataire s'engage à fournir les prestations décrites ci-dessous au Client."


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref from numbered object bodies (1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def xobject_cycle_pdf(path: Path) -> Path:
    """Two form XObjects that draw each other (and themselves twice): rendering
    recurses without end; defect 1 took 22 GB of RSS."""
    text = b"BT /F1 12 Tf 72 720 Td (" + CLAUSE.encode("latin-1") + b") Tj ET\n"
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /A 5 0 R /B 6 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 7 0 R >> /XObject << /A 5 0 R >> >> >>",
        _stream(b"", text + b"/A Do\n"),
        _stream(form, b"/B Do /A Do /B Do\n"),
        _stream(form, b"/A Do /B Do /A Do\n"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path.write_bytes(pdf_bytes(objects))
    return path


def letter_counter_docx(path: Path, start: int) -> Path:
    """A list in upperLetter format starting at `start`: item n is
    (n - 1) // 26 + 1 letters long (defects 2 and 3)."""
    document = new_document("".join(p(CLAUSE, num=(1, 0)) for _ in range(3)))
    set_numbering(
        document,
        abstract_num(1, [("upperLetter", "%1.")]) + num(1, 1, f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'),
    )
    document.save(path)
    return path


def repeated_label_docx(path: Path, repeats: int = 10_000) -> Path:
    """A list label repeating %1 thousands of times (defect 3)."""
    document = new_document("".join(p(CLAUSE, num=(1, 0)) for _ in range(50)))
    set_numbering(document, abstract_num(1, [("decimal", "%1" * repeats)]) + num(1, 1))
    document.save(path)
    return path


def nested_tables_docx(path: Path, depth: int = 60) -> Path:
    body = p(CLAUSE)
    inner = p(CLAUSE)
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>{p('')}"
    document = new_document(body + inner)
    document.save(path)
    return path


ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def odt(path: Path, paragraphs_xml: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body><office:text>{paragraphs_xml}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", ODT_MANIFEST)
        archive.writestr("content.xml", content)
    return path


def space_run_odt(path: Path, count: int = 300_000_000, times: int = 1) -> Path:
    """`<text:s text:c="300000000"/>`: 530 bytes that made 600 MB (defect 3)."""
    spaces = f'<text:s text:c="{count}"/>' * times
    return odt(path, f"<text:p>{CLAUSE}{spaces}fin.</text:p>")


def non_utf8_name_zip(path: Path) -> Path:
    """A .docx whose entry is flagged UTF-8 (bit 11) but whose name is not (defect 8)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    bad = b"word/docum\xff\xfet.xml"
    # Rename in the local header and the central directory, and set the UTF-8 flag in both.
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_offset: at + name_offset + len(name)] == name:
                data[at + name_offset: at + name_offset + len(name)] = bad
                data[at + flag_offset] |= 0x00
                data[at + flag_offset + 1] |= 0x08
            at = data.find(signature, at + 1)
    path.write_bytes(bytes(data))
    return path


def nul_in_document_docx(path: Path, source: Path) -> Path:
    """word/document.xml with a NUL byte: libxml2's message ends in a newline (defect 10)."""
    with zipfile.ZipFile(source) as src:
        xml = src.read("word/document.xml")
    cut = len(xml) // 2
    from docx_builders import rewrite_zip

    rewrite_zip(source, path, {"word/document.xml": xml[:cut] + b"\x00" + xml[cut:]})
    return path
