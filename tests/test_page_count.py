"""DOCX page count: the file's own <Pages> when plausible, else an estimate
from the words (about 500 a page), and the report says which."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from lint.parsers import parse

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">{pages}</Properties>'
)
SENTENCE = "Le Prestataire réalise les prestations décrites en annexe dans les délais convenus avec le Client. "


def _docx(path: Path, words: int, pages: int | None) -> Path:
    document = docx.Document()
    document.add_heading("Contrat de prestation de services", level=1)
    per_paragraph = len(SENTENCE.split()) * 10
    for _ in range(max(1, words // per_paragraph)):
        document.add_paragraph(SENTENCE * 10)
    built = path.with_suffix(".tmp.docx")
    document.save(built)
    app = APP_XML.format(pages=f"<Pages>{pages}</Pages>" if pages is not None else "")
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, app.encode() if item.filename == "docProps/app.xml" else data)
        if "docProps/app.xml" not in source.namelist():
            out.writestr("docProps/app.xml", app.encode())
    built.unlink()
    return path


@pytest.mark.parametrize(
    ("words", "stored", "pages", "source"),
    [
        (5000, 1, 10, "estimated"),  # stale: ten pages of words, the file says one
        (5000, None, 10, "estimated"),  # absent
        (5000, 8, 8, "document"),  # plausible: kept as Word counted it
        (600, 2, 2, "document"),
    ],
)
def test_page_count_is_estimated_only_when_absent_or_stale(tmp_path, words, stored, pages, source):
    document = parse(_docx(tmp_path / "contrat.docx", words, stored))
    assert (document.metadata.page_count, document.metadata.page_count_source) == (pages, source)


def test_audit_report_says_the_count_is_an_estimate(tmp_path):
    from lint.engine import audit_file
    from lint.reporters.terminal import render_terminal
    from lint.model import Report

    report = audit_file(_docx(tmp_path / "contrat.docx", 5000, 1))
    assert report.page_count_source == "estimated" and report.to_dict()["page_count_source"] == "estimated"
    out = render_terminal(Report("t", "r", (report,)), {"width": 200})
    assert "Pages : 10 (estimation d'après le texte)" in out
