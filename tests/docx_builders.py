"""Build small Word files inside tests: python-docx for the package, raw
WordprocessingML for what its API cannot write (revisions, numbering
definitions, text boxes, notes, content controls)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())

CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CT_ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"


def p(text: str = "", *, style: str | None = None, num: tuple[int, int] | None = None, bold: bool = False) -> str:
    """One paragraph of plain runs; `num` is (numId, ilvl)."""
    ppr = ""
    if style or num:
        numpr = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr = f"<w:pPr>{pstyle}{numpr}</w:pPr>"
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def new_document(body: str = "", *, styles: str = "") -> docx.document.Document:
    """A python-docx Document whose body is `body` (WordprocessingML without
    the w: namespace declarations) and with extra w:style elements."""
    document = docx.Document()
    body_el = document.element.body
    sect_pr = body_el.find(f"{{{W_NS}}}sectPr")
    for child in list(body_el):
        if child is not sect_pr:
            body_el.remove(child)
    for element in _fragment(body):
        sect_pr.addprevious(element)
    for element in _fragment(styles):
        document.styles.element.append(element)
    return document


def _fragment(xml: str) -> list:
    if not xml:
        return []
    return list(parse_xml(f"<w:body {_XMLNS}>{xml}</w:body>"))


def add_part(document, partname: str, reltype: str, content_type: str, root_tag: str, inner: str) -> None:
    """Relate a new XML part to the main document, replacing any of that type."""
    main = document.part
    for rid, rel in list(main.rels.items()):
        if rel.reltype == reltype:
            main.drop_rel(rid)
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{root_tag} {_XMLNS}>{inner}</{root_tag}>'
    part = Part(PackURI(partname), content_type, blob.encode("utf-8"), main.package)
    main.relate_to(part, reltype)


def set_numbering(document, inner: str) -> None:
    add_part(document, "/word/numbering2.xml", RT.NUMBERING, CT_NUMBERING, "w:numbering", inner)


def set_notes(document, kind: str, notes: dict[int, str]) -> None:
    """Footnotes or endnotes, with the separator notes Word always writes."""
    tag = "footnote" if kind == "footnotes" else "endnote"
    inner = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
    )
    for note_id, text in notes.items():
        ref = "footnoteRef" if tag == "footnote" else "endnoteRef"
        inner += f'<w:{tag} w:id="{note_id}"><w:p><w:r><w:{ref}/></w:r>{r(" " + text)}</w:p></w:{tag}>'
    reltype, ct = (RT.FOOTNOTES, CT_FOOTNOTES) if tag == "footnote" else (RT.ENDNOTES, CT_ENDNOTES)
    add_part(document, f"/word/{kind}.xml", reltype, ct, f"w:{kind}", inner)


def abstract_num(abstract_id: int, levels: list[tuple[str, str]]) -> str:
    """An abstractNum with one (numFmt, lvlText) per level, each starting at 1."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def rewrite_zip(source: Path, target: Path, edits: dict[str, bytes | None]) -> None:
    """Copy a package, replacing (bytes) or removing (None) some members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in edits:
                if edits[info.filename] is not None:
                    dst.writestr(info.filename, edits[info.filename])
            else:
                dst.writestr(info, src.read(info.filename))
