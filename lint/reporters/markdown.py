"""Markdown report, for pasting into a ticket or a wiki page.

Every string that comes from a contract or a rule is escaped: a clause that
contains `|`, `*`, `<script>` or `[text](url)` must show as written, not
break the table or become a link or HTML.
"""

from __future__ import annotations

import re

from lint.model import DocumentReport, Report
from lint.reporters.common import (
    by_severity,
    clause_status,
    clause_title,
    confidence_label,
    counts_line,
    page_count_text,
    document_language,
    error_text,
    format_location,
    report_language,
    score,
    strings,
)

# Characters that open or close inline markup anywhere in a line (emphasis,
# code, links, HTML, entities, table cells). CommonMark renders a backslash
# before any ASCII punctuation as the bare character, so escaping is safe;
# the rest of the punctuation is left alone to keep the raw text readable.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Markup that is active only at the start of a line: heading, list, quote.
_LINE_START = re.compile(r"^([#>=+-]|\d+[.)])")


def escape(text: str) -> str:
    """Escape markdown-active characters; newlines become spaces so a value stays on its line."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def render_markdown(report: Report, options: dict | None = None) -> str:
    out: list[str] = []
    for doc in report.documents:
        out += _document(doc, document_language(doc, report))
    footer_ui = strings(report_language(report))
    if report.interrupted:
        out += [f"> **{footer_ui['interrupted']}**", ""]
    out.append("_" + escape(footer_ui["generated_by"].format(version=report.tool_version, rules=report.rules_version)) + "_")
    out += ["", "_" + escape(footer_ui["disclaimer"]) + "_"]
    return "\n".join(out) + "\n"


def _marked(finding) -> str:
    """The excerpt, escaped, with its matched words in bold."""
    if finding.highlight is None:
        return escape(finding.excerpt)
    before, words, after = finding.marked
    # Private-use marks survive escaping and whitespace folding, then become the bold markers.
    return escape(f"{before}\ue000{words}\ue001{after}").replace("\ue000", "**").replace("\ue001", "**")


def _document(doc: DocumentReport, language: str) -> list[str]:
    ui = strings(language)
    out = [f"## {escape(doc.path)}", ""]
    if doc.error:
        return out + [f"**{ui['unreadable']}** (`{doc.error.kind}`){ui['colon']}{escape(error_text(doc.error, language))}", ""]
    s = score(doc)
    facts = []
    if doc.title:
        facts.append(f"**{escape(doc.title)}**")
    facts.append(f"{ui['profile']}{ui['colon']}`{doc.profile or '-'}`")
    facts.append(f"{ui['language']}{ui['colon']}`{doc.language or '-'}`")
    if doc.page_count:
        facts.append(f"{ui['pages']}{ui['colon']}{escape(page_count_text(doc))}")
    summary = f"**{ui['essentials'].format(present=s.present, total=s.total)}**"
    if s.optional_total:
        summary += " · " + ui["optional"].format(present=s.optional_present, total=s.optional_total)
    out += [" · ".join(facts), "", summary + " · " + counts_line(doc), ""]

    out += [f"### {ui['checklist']}", ""]
    out.append(f"| | {ui['clause']} | {ui['status']} | {ui['confidence']} | {ui['location']} |")
    out.append("|---|---|---|---|---|")
    for clause in doc.clauses:
        mark = "✅" if clause.present else ("❌" if clause.required else "➖")
        status = clause_status(clause, doc.language)
        where = format_location(clause.location[0], doc.language) if clause.location else ""
        out.append(
            f"| {mark} | {escape(clause.title)} | {status} | {confidence_label(clause.confidence, doc.language)} | {escape(where)} |"
        )
    out += ["", f"_{escape(ui['confidence_note'])}_", ""]

    out += [f"### {ui['findings']}", ""]
    if not doc.findings:
        return out + [ui["no_findings"], ""]
    for severity, findings in by_severity(doc.findings):
        out += [f"#### {ui['severity'][severity.value]} ({len(findings)})", ""]
        for finding in findings:
            where = format_location(finding.location, doc.language)
            head = f"- **`{finding.rule}`** ({finding.code}) · {escape(clause_title(doc, finding.clause))}"
            if where:
                head += f" · {escape(where)}"
            out.append(head)
            out.append(f"  {escape(finding.message)}")
            if finding.excerpt:
                out += ["", f"  > {_marked(finding)}"]
            if finding.suggestion:
                out += ["", f"  **{ui['suggestion']}**{ui['colon']}{escape(finding.suggestion)}"]
            if finding.reference:
                out += ["", f"  **{ui['basis']}**{ui['colon']}{escape(finding.reference)}"]
            out.append("")
    return out
