"""Annotated Word copy: one comment per finding on its excerpt, a summary on the
title, the original untouched, and a file that Word tools can open."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from lint.annotate import AnnotateError, annotate_docx
from lint.model import ClauseStatus, DocumentReport, Finding, FindingLocation, InputErrorInfo, Severity

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

CLAUSE = "La présente obligation de confidentialité s'applique sans limite de durée."
REPEATED = "le Partenaire s'interdit toute activité concurrente"


def _contract(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("")  # an empty first paragraph: the summary goes on the title, after it
    document.add_paragraph("CONTRAT DE PARTENARIAT", style="Title")
    document.add_paragraph("Article 5 – Confidentialité", style="Heading 1")
    # The excerpt crosses formatting runs, and Word's typography (curly apostrophe, NBSP).
    para = document.add_paragraph("La présente obligation de ")
    para.add_run("confidentialité").bold = True
    para.add_run(" s\u2019applique sans\u00a0limite de durée.")
    document.add_paragraph("Pendant le Contrat, " + REPEATED + " dans l'Union.")
    document.add_paragraph("Article 9 – Non-concurrence", style="Heading 1")
    document.add_paragraph("Après le terme, " + REPEATED + " pendant douze mois.")
    document.add_paragraph("Les informations <script>alert(1)</script> de R&D restent secrètes.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Préavis"
    table.cell(0, 1).text = "moyennant un préavis de huit (8) jours"
    document.save(path)
    return path


def _report(path: Path) -> DocumentReport:
    findings = (
        Finding("non-compete-no-duration", "CL301", "non-compete", Severity.ERROR,
                "La non-concurrence n'est pas limitée dans l'espace.", FindingLocation(paragraph=7),
                excerpt=REPEATED, suggestion="Limitez-la à un territoire.", reference="Cass. com., 4 juin 2002."),
        Finding("confidentiality-unlimited", "CL102", "confidentiality", Severity.WARNING,
                "L'obligation de confidentialité n'a pas de durée.", FindingLocation(paragraph=3),
                excerpt="confidentialité s'applique sans limite de durée",
                suggestion="Fixez une durée (5 ans).", reference="Art. 1210 C. civ."),
        Finding("missing-clause", "CL001", "personal-data", Severity.WARNING,
                "Clause essentielle absente : Données personnelles.", reference="Art. 28 RGPD."),
        Finding("vague-wording", "CL900", "confidentiality", Severity.INFO, "Formulation à préciser.",
                FindingLocation(paragraph=8), excerpt="<script>alert(1)</script> de R&D"),
        Finding("termination-notice-short", "CL402", "termination", Severity.INFO, "Préavis court.",
                FindingLocation(paragraph=9), excerpt="préavis de huit (8) jours"),
    )
    clauses = (
        ClauseStatus("confidentiality", "Confidentialité", "present", True, 0.9),
        ClauseStatus("personal-data", "Données personnelles", "missing", True, 0.95),
        ClauseStatus("kpi", "Indicateurs de performance", "missing", False, 0.9),
        ClauseStatus("termination", "Résiliation", "present", True, 0.99),
    )
    return DocumentReport(str(path), "docx", "fr", "partnership", clauses=clauses, findings=findings)


def _anchored_text(document, comment_id: int) -> str:
    """The text between a comment's range markers, in document order."""
    body = document.element.body
    inside, parts = False, []
    for node in body.iter():
        if node.tag == qn("w:commentRangeStart") and node.get(qn("w:id")) == str(comment_id):
            inside = True
        elif node.tag == qn("w:commentRangeEnd") and node.get(qn("w:id")) == str(comment_id):
            return "".join(parts)
        elif inside and node.tag == qn("w:t"):
            parts.append(node.text or "")
    raise AssertionError(f"comment {comment_id} has no range")


def _paragraph_of(document, comment_id: int) -> str:
    for para in document.element.body.iter(qn("w:p")):
        if any(n.get(qn("w:id")) == str(comment_id) for n in para.iter(qn("w:commentRangeStart"))):
            return "".join(t.text or "" for t in para.iter(qn("w:t")))
    raise AssertionError(comment_id)


@pytest.fixture
def annotated(tmp_path):
    source = _contract(tmp_path / "contrat.docx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    dest = tmp_path / "out" / "contrat-annote.docx"
    count = annotate_docx(source, dest, _report(source), "fr")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the original is never modified
    return source, dest, count


def test_one_comment_per_excerpt_plus_summary(annotated):
    _, dest, count = annotated
    document = docx.Document(dest)
    comments = list(document.comments)
    assert count == len(comments) == 4 + 1
    assert {(c.author, c.initials) for c in comments} == {("Clausier", "CL")}
    assert not [p for p in dest.parent.iterdir() if p.name.endswith(".tmp")]


def test_comment_text_has_message_basis_and_suggestion(annotated):
    document = docx.Document(annotated[1])
    texts = [c.text for c in document.comments]
    (confidentiality,) = [t for t in texts if t.startswith("L'obligation de confidentialité")]
    assert confidentiality.splitlines() == [
        "L'obligation de confidentialité n'a pas de durée.",
        "Fondement : Art. 1210 C. civ.",
        "Suggestion : Fixez une durée (5 ans).",
    ]


def test_comments_cover_exactly_the_excerpt(annotated):
    document = docx.Document(annotated[1])
    by_text = {c.text.splitlines()[0]: c.comment_id for c in document.comments}
    assert _anchored_text(document, by_text["L'obligation de confidentialité n'a pas de durée."]) == (
        "confidentialité s\u2019applique sans\u00a0limite de durée"
    )
    assert _anchored_text(document, by_text["Formulation à préciser."]) == "<script>alert(1)</script> de R&D"
    assert _anchored_text(document, by_text["Préavis court."]) == "préavis de huit (8) jours"
    # The formatting of split runs is kept.
    bold = [r for p in document.paragraphs for r in p.runs if r.bold]
    assert [r.text for r in bold] == ["confidentialité"]
    assert "La présente obligation de confidentialité s\u2019applique sans\u00a0limite de durée." in [
        p.text for p in document.paragraphs
    ]


def test_repeated_excerpt_goes_to_the_paragraph_nearest_the_reported_one(annotated):
    document = docx.Document(annotated[1])
    (comment_id,) = [c.comment_id for c in document.comments if c.text.startswith("La non-concurrence")]
    assert _paragraph_of(document, comment_id).startswith("Après le terme")


def test_summary_on_the_title_lists_missing_clauses_and_score(annotated):
    document = docx.Document(annotated[1])
    (summary,) = [c for c in document.comments if c.text.startswith("Clausier")]
    assert _anchored_text(document, summary.comment_id) == "CONTRAT DE PARTENARIAT"
    lines = summary.text.splitlines()
    assert lines[0] == "Clausier : 2/3 clauses essentielles présentes."
    # The checklist's words: essential only where the profile requires the clause.
    assert "– Données personnelles : absente (essentielle)" in lines
    assert "– Indicateurs de performance : absente (facultative)" in lines
    assert lines[-1] == "Clausier signale des points d'attention ; ce n'est pas un conseil juridique."


def test_comment_anchors_on_the_marked_words(tmp_path):
    source = _contract(tmp_path / "contrat.docx")
    excerpt = "La présente obligation de confidentialité s'applique sans limite de durée."
    words = "sans limite de durée"
    finding = Finding("confidentiality-unlimited", "CL102", "confidentiality", Severity.WARNING,
                      "Durée illimitée.", FindingLocation(paragraph=4), excerpt=excerpt,
                      highlight=(excerpt.index(words), excerpt.index(words) + len(words)))
    report = DocumentReport(str(source), "docx", "fr", "partnership", findings=(finding,))
    dest = tmp_path / "annote.docx"
    annotate_docx(source, dest, report, "fr")
    document = docx.Document(dest)
    (comment_id,) = [c.comment_id for c in document.comments if c.text.startswith("Durée illimitée")]
    # The file has a curly apostrophe and a no-break space where the finding has plain ones.
    assert _anchored_text(document, comment_id) == "sans\u00a0limite de durée"


def test_heading_excerpt_with_a_word_numbering_label_is_found(tmp_path):
    source = _contract(tmp_path / "c.docx")
    heading = Finding("kpi-no-owner", "CL500", "confidentiality", Severity.INFO, "Titre.", FindingLocation(paragraph=3),
                      excerpt="Article 12 – Article 5 – Confidentialité")
    report = DocumentReport(str(source), "docx", "fr", "partnership", findings=(heading,))
    dest = tmp_path / "a.docx"
    assert annotate_docx(source, dest, report, "fr") == 2
    document = docx.Document(dest)
    (comment,) = [c for c in document.comments if c.text.startswith("Titre")]
    assert _anchored_text(document, comment.comment_id) == "Article 5 – Confidentialité"


def test_unfound_excerpt_goes_into_the_summary(tmp_path):
    source = _contract(tmp_path / "c.docx")
    lost = Finding("vague-wording", "CL900", "scope", Severity.INFO, "Introuvable.", FindingLocation(paragraph=4),
                   excerpt="texte absent du contrat")
    report = DocumentReport(str(source), "docx", "en", "partnership", findings=(lost,))
    dest = tmp_path / "a.docx"
    assert annotate_docx(source, dest, report, "en") == 1
    (summary,) = docx.Document(dest).comments
    assert summary.text.splitlines() == [
        "Clausier: 0/0 essential clauses present.",
        "Missing clauses: none.",
        "Findings: ",
        "– Introuvable. (§4)",
        "Clausier points out items to review; this is not legal advice.",
    ]


def test_refuses_pdf_unread_documents_and_overwriting_the_source(tmp_path):
    pdf = tmp_path / "contrat.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    report = DocumentReport(str(pdf), "pdf", "fr", "partnership")
    with pytest.raises(AnnotateError, match="docs/annotate.md"):
        annotate_docx(pdf, tmp_path / "out.pdf", report, "fr")
    source = _contract(tmp_path / "c.docx")
    with pytest.raises(AnnotateError):
        annotate_docx(source, source, _report(source), "fr")
    broken = DocumentReport(str(source), None, None, None, error=InputErrorInfo("corrupt", "bad"))
    with pytest.raises(AnnotateError):
        annotate_docx(source, tmp_path / "x.docx", broken, "fr")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_annotated_copy(annotated, tmp_path):
    _, dest, _ = annotated
    outdir = tmp_path / "pdf"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(dest)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = outdir / (dest.stem + ".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
