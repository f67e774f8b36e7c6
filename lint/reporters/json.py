"""JSON report: the public, versioned schema documented in the README."""

from __future__ import annotations

import json

from lint.model import Report


def render_json(report: Report, options: dict | None = None) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
