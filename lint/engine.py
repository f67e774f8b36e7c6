"""parse → annotate → run checks → filter by config → sorted findings.

`audit_file` is the per-document function used by the CLI, the batch runner
and distributed executors: it is pure (no output, no global state besides the
cached pipeline and rule pack) and picklable by reference.
"""

from __future__ import annotations

from pathlib import Path

from lint.errors import InputError
from lint.model import Document, DocumentReport, InputErrorInfo
from lint.parsers import DEFAULT_LIMITS, Limits, parse


def audit_document(document: Document, *, config=None, profile: str | None = None) -> DocumentReport:
    """Detect clauses and run every rule on an already parsed Document."""
    raise NotImplementedError  # filled in by the clause-detection work


def audit_file(
    path: str | Path,
    *,
    config=None,
    profile: str | None = None,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> DocumentReport:
    """Audit one file. Never raises for bad input: the report carries the error."""
    try:
        document = parse(path, password=password, limits=limits)
    except InputError as error:
        return DocumentReport(
            path=str(path), format=None, language=None, profile=None,
            error=InputErrorInfo(kind=error.kind, message=error.message),
        )
    return audit_document(document, config=config, profile=profile)
