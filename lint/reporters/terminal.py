"""Terminal report (format "text"): a header, the clause checklist and the
findings grouped by severity, drawn with rich.

Options:
- color (bool, default False): ANSI colours and box drawing. The CLI passes
  True only when stdout is a terminal; NO_COLOR (https://no-color.org) wins.
- quiet (bool): a one-line summary per document and only the findings at or
  above `fail_on`.
- fail_on ("error" | "warning" | "info" | "never", default "error"): the
  threshold quiet mode uses, same names as the CLI option.
- width (int, default 100).

Document text goes through rich.text.Text, never through markup, so a
contract containing "[bold]" prints as written.
"""

from __future__ import annotations

import os
from dataclasses import replace
from io import StringIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from lint.model import DocumentReport, Finding, Report, Severity
from lint.reporters.common import (
    at_or_above,
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
    report_language,
    score,
    strings,
)

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_terminal(report: Report, options: dict | None = None) -> str:
    options = options or {}
    color = bool(options.get("color", False)) and os.environ.get("NO_COLOR", "") == ""
    console = Console(
        file=StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=int(options.get("width") or 100),
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    quiet = bool(options.get("quiet", False))
    threshold = options.get("fail_on", "error")
    for index, doc in enumerate(report.documents):
        if doc.language is None:
            doc = replace(doc, language=document_language(doc, report)) if doc.error else doc
        if quiet:
            _quiet_document(console, doc, threshold)
            continue
        if index:
            console.print()
        _document(console, doc, color)
    ui = strings(report_language(report))
    if report.interrupted:
        console.print(Text(ui["interrupted"], style="bold"))
    if not quiet:
        console.print()
        console.print(Text(ui["disclaimer"], style="dim"))
    # Padding and table cells leave trailing blanks that only make diffs noisy.
    return "".join(line.rstrip() + "\n" for line in console.file.getvalue().splitlines())


def _quiet_document(console: Console, doc: DocumentReport, threshold: str) -> None:
    ui = strings(doc.language)
    line = Text(doc.path, style="bold")
    if doc.error:
        line.append(f"{ui['colon']}{ui['unreadable']} [{doc.error.kind}] {error_text(doc.error, doc.language)}", style="red")
        console.print(line, soft_wrap=True)
        return
    s = score(doc)
    line.append(f"{ui['colon']}{ui['essentials'].format(present=s.present, total=s.total)} · {counts_line(doc)}")
    console.print(line, soft_wrap=True)
    for finding in doc.findings:
        if not at_or_above(finding, threshold):
            continue
        row = Text("  ")
        row.append(f"{ui['severity'][finding.severity.value]:<13}", style=SEVERITY_STYLE[finding.severity])
        where = format_location(finding.location, doc.language) or ui["whole_document"]
        row.append(f" {finding.rule} [{where}] ")
        row.append(finding.message)
        console.print(row, soft_wrap=True)


def _document(console: Console, doc: DocumentReport, color: bool) -> None:
    ui = strings(doc.language)
    console.print(Text(doc.path, style="bold underline"))
    if doc.error:
        console.print(Padding(Text(f"{ui['unreadable']} [{doc.error.kind}]{ui['colon']}{error_text(doc.error, doc.language)}", style="red"), (0, 0, 0, 2)))
        return
    facts = []
    if doc.title:
        facts.append(doc.title)
    facts.append(f"{ui['profile']}{ui['colon']}{doc.profile or '-'}")
    facts.append(f"{ui['language']}{ui['colon']}{doc.language or '-'}")
    if doc.page_count:
        facts.append(f"{ui['pages']}{ui['colon']}{page_count_text(doc)}")
    console.print(Padding(Text(" · ".join(facts)), (0, 0, 0, 2)))
    s = score(doc)
    summary = Text("  ")
    summary.append(ui["essentials"].format(present=s.present, total=s.total), style="bold")
    if s.optional_total:
        summary.append(" · " + ui["optional"].format(present=s.optional_present, total=s.optional_total))
    summary.append(" · " + counts_line(doc))
    console.print(summary)
    console.print()
    console.print(_checklist(doc, color))
    console.print(Padding(Text(ui["confidence_note"], style="dim"), (0, 0, 0, 2)))
    if not doc.findings:
        console.print(Text("  " + ui["no_findings"]))
        return
    for severity, findings in by_severity(doc.findings):
        console.print()
        console.print(Text(f"{ui['severity'][severity.value]} ({len(findings)})", style=SEVERITY_STYLE[severity]))
        for finding in findings:
            _finding(console, doc, finding)


def _checklist(doc: DocumentReport, color: bool) -> Table:
    ui = strings(doc.language)
    table = Table(
        box=box.ROUNDED if color else box.ASCII,
        show_edge=color,
        pad_edge=False,
        title=None,
        header_style="bold" if color else "",
    )
    table.add_column("")
    table.add_column(ui["clause"])
    table.add_column(ui["status"])
    table.add_column(ui["confidence"])
    table.add_column(ui["location"])
    for clause in doc.clauses:
        mark = Text(clause_mark(clause), style="green" if clause.present else ("red" if clause.required else "dim"))
        name = Text(clause.title)
        name.append(f" ({clause.id})", style="dim")
        status = Text(clause_status(clause, doc.language))
        where = format_location(clause.location[0], doc.language) if clause.location else ""
        table.add_row(mark, name, status, confidence_label(clause.confidence, doc.language), Text(where))
    return table


def _finding(console: Console, doc: DocumentReport, finding: Finding) -> None:
    ui = strings(doc.language)
    head = Text()
    head.append(finding.rule, style="bold")
    head.append(f" ({finding.code}) · {clause_title(doc, finding.clause)}")
    where = format_location(finding.location, doc.language)
    if where:
        head.append(f" · {where}", style="dim")
    body = [Text(finding.message)]
    if finding.excerpt:
        before, words, after = finding.marked
        excerpt = Text(style="italic")
        excerpt.append(ui["quote_open"] + before)
        excerpt.append(words, style="bold underline" if finding.highlight else "")
        excerpt.append(after + ui["quote_close"])
        body.append(excerpt)
    if finding.suggestion:
        body.append(Text(f"{ui['suggestion']}{ui['colon']}{finding.suggestion}"))
    if finding.reference:
        body.append(Text(f"{ui['basis']}{ui['colon']}{finding.reference}", style="dim"))
    # Wrapped lines keep the indentation, so each finding reads as one block.
    console.print(Padding(head, (0, 0, 0, 2)))
    console.print(Padding(Group(*body), (0, 0, 0, 4)))
