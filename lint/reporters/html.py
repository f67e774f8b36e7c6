"""HTML report: one self-contained page that works offline and prints to PDF.

The template only formats; this module turns the Report into plain view
dicts (labels in the contract's language, anchors, the excerpt split inside
its paragraph) so the template never has to make a decision. Jinja2
autoescape is on for every template: all text from a contract is data.

Options:
- paragraphs: {document path: {paragraph number: text}}, the paragraph
  around each excerpt, so the excerpt is shown highlighted in context.
  Without it (or when the excerpt is not found in it) the excerpt is shown
  alone.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from lint.model import DocumentReport, Finding, Report
from lint.reporters.common import (
    by_severity,
    clause_mark,
    clause_status,
    clause_title,
    confidence_label,
    counts_line,
    page_count_text,
    document_language,
    error_text,
    format_location,
    locate_excerpt,
    report_language,
    score,
    severity_counts,
    strings,
)

TEMPLATES = Path(__file__).parent / "templates"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # every template, whatever its extension
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_html(report: Report, options: dict | None = None) -> str:
    options = options or {}
    paragraphs = options.get("paragraphs") or {}
    language = report_language(report)
    ui = strings(language)
    documents = [
        document_view(doc, index, paragraphs.get(doc.path, {}), document_language(doc, report))
        for index, doc in enumerate(report.documents, start=1)
    ]
    return _ENV.get_template("report.html.j2").render(
        lang=language,
        ui=ui,
        documents=documents,
        interrupted=report.interrupted,
        generated_by=ui["generated_by"].format(version=report.tool_version, rules=report.rules_version),
        disclaimer=ui["disclaimer"],
    )


def document_view(doc: DocumentReport, index: int, paragraphs: dict[int, str], language: str | None = None) -> dict:
    """Everything the `document` macro shows, for one audited document.
    `language` is the page's for a document that could not be read."""
    language = doc.language or language
    ui = strings(language)
    anchor = f"doc-{index}"
    view = {
        "anchor": anchor,
        "path": doc.path,
        "lang": language or "en",
        "ui": ui,
        "title": doc.title,
        "profile": doc.profile,
        "language": doc.language,
        "page_count": page_count_text(doc) if doc.page_count else None,
        "error": doc.error,
        "error_text": error_text(doc.error, language) if doc.error else "",
        "clauses": [],
        "groups": [],
        "counts": [],
    }
    if doc.error:
        return view
    s = score(doc)
    view["score"] = ui["essentials"].format(present=s.present, total=s.total)
    view["optional"] = ui["optional"].format(present=s.optional_present, total=s.optional_total) if s.optional_total else ""
    view["counts_line"] = counts_line(doc)
    view["counts"] = [
        {"severity": sev.value, "label": ui["severity"][sev.value], "count": n}
        for sev, n in severity_counts(doc.findings).items()
    ]
    clause_anchor = {c.id: f"{anchor}-clause-{i}" for i, c in enumerate(doc.clauses, start=1)}
    # Findings are numbered in the order they are shown (by severity), so "→ 2" points at the second one.
    shown = [f for _, group in by_severity(doc.findings) for f in group]
    number = {id(f): i for i, f in enumerate(shown, start=1)}
    numbered = {id(f): f"{anchor}-finding-{number[id(f)]}" for f in shown}
    for clause in doc.clauses:
        view["clauses"].append(
            {
                "anchor": clause_anchor[clause.id],
                "id": clause.id,
                "title": clause.title,
                "present": clause.present,
                "required": clause.required,
                "mark": clause_mark(clause),
                "status": clause_status(clause, doc.language),
                "confidence": confidence_label(clause.confidence, doc.language),
                "score": f"{clause.confidence:.2f}",
                "locations": [format_location(loc, doc.language) for loc in clause.location],
                "explanation": clause.explanation,
                "findings": [
                    {"anchor": numbered[id(f)], "number": number[id(f)]} for f in shown if f.clause == clause.id
                ],
            }
        )
    for severity, findings in by_severity(doc.findings):
        view["groups"].append(
            {
                "severity": severity.value,
                "label": ui["severity"][severity.value],
                "findings": [
                    _finding_view(doc, f, number[id(f)], numbered[id(f)], clause_anchor.get(f.clause), paragraphs)
                    for f in findings
                ],
            }
        )
    return view


def _finding_view(
    doc: DocumentReport, finding: Finding, number: int, anchor: str, clause_anchor: str | None, paragraphs
) -> dict:
    context = None
    text = finding.context or (paragraphs.get(finding.location.paragraph) if finding.location.paragraph else None)
    if text and finding.excerpt:
        span = locate_excerpt(text, finding.excerpt)
        if span:
            start, end = span
            context = {"before": text[:start], **_marked(text[start:end], finding), "after": text[end:]}
    return {
        "anchor": anchor,
        "number": number,
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.value,
        "severity_label": strings(doc.language)["severity"][finding.severity.value],
        "clause": clause_title(doc, finding.clause),
        "clause_anchor": clause_anchor,
        "location": format_location(finding.location, doc.language),
        "message": finding.message,
        "excerpt": finding.excerpt,
        "marked": _marked(finding.excerpt, finding),
        "context": context,
        "suggestion": finding.suggestion,
        "reference": finding.reference,
    }


def _marked(shown: str, finding: Finding) -> dict:
    """The excerpt as shown, cut around its matched words: {lead, match, tail}.
    Without marked words the whole excerpt is the match."""
    if finding.highlight is None:
        return {"lead": "", "match": shown, "tail": ""}
    if shown == finding.excerpt:
        span = finding.highlight
    else:  # the source's typography differs from clausier's normalised text
        words = finding.marked[1]
        span = locate_excerpt(shown, words) if words.strip() else None
    if span is None:
        return {"lead": "", "match": shown, "tail": ""}
    start, end = span
    return {"lead": shown[:start], "match": shown[start:end], "tail": shown[end:]}
