"""CSV portfolio report: one row per input file, for a spreadsheet.

Columns: path, format, profile, language, one column per clause family
(titled with the family's name; présente / absente (essentielle) / absente
(facultative), the checklist's own words; empty when the file could not be
read), the number of findings per severity, then the error kind and message.
Headers and values are in the report's language (French unless most
documents are not). A file that could not be read still has its row, so the
row count is the file count.

Options:
- families: clause family ids in rule-pack order (the CLI passes them).
  Without it, families appear in the order the documents list them.
"""

from __future__ import annotations

import csv
import io

from lint.model import Report, Severity
from lint.reporters.common import FALLBACK_UI, clause_status, error_text, report_language

SEVERITIES = tuple(s.value for s in Severity)
HEADERS = {
    "fr": {"path": "chemin", "format": "format", "profile": "profil", "language": "langue",
           "error": "erreurs", "warning": "avertissements", "info": "informations",
           "error_kind": "type d'erreur", "error_message": "message d'erreur"},
    "en": {"path": "path", "format": "format", "profile": "profile", "language": "language",
           "error": "errors", "warning": "warnings", "info": "info",
           "error_kind": "error kind", "error_message": "error message"},
}
# A cell starting with one of these is run as a formula by spreadsheets; file
# names and messages come from outside, so they are quoted (OWASP advice).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    value = value or ""
    return "'" + value if value.startswith(FORMULA_START) else value


def family_columns(report: Report, options: dict | None = None) -> list[str]:
    families = list((options or {}).get("families") or ())
    for doc in report.documents:
        for clause in doc.clauses:
            if clause.id not in families:
                families.append(clause.id)
    return families


def render_csv(report: Report, options: dict | None = None) -> str:
    families = family_columns(report, options)
    language = report_language(report)
    head = HEADERS.get(language, HEADERS[FALLBACK_UI])
    titles: dict[str, str] = {}
    for doc in report.documents:
        for clause in doc.clauses:
            if doc.language == language:
                titles.setdefault(clause.id, clause.title)
    out = io.StringIO()
    # Spreadsheets expect CRLF rows (RFC 4180); the csv module writes them.
    writer = csv.writer(out)
    writer.writerow([
        head["path"], head["format"], head["profile"], head["language"],
        *(titles.get(f, f) for f in families),
        *(head[s] for s in SEVERITIES), head["error_kind"], head["error_message"],
    ])
    for doc in report.documents:
        status = {clause.id: clause_status(clause, language) for clause in doc.clauses}
        counts = {s: 0 for s in SEVERITIES}
        for finding in doc.findings:
            counts[finding.severity.value] += 1
        writer.writerow([
            _text(doc.path),
            doc.format or "",
            doc.profile or "",
            doc.language or "",
            *(status.get(f, "") for f in families),
            *(counts[s] for s in SEVERITIES),
            doc.error.kind if doc.error else "",
            _text(error_text(doc.error, language) if doc.error else ""),
        ])
    return out.getvalue()
