"""JSON report: the public, versioned schema documented in the README."""

from __future__ import annotations

import json

from lint.model import Report
from lint.reporters.common import report_language, strings


def render_json(report: Report, options: dict | None = None) -> str:
    data = report.to_dict()
    # Every report says it once: findings are points to review, not legal advice.
    data["disclaimer"] = strings(report_language(report))["disclaimer"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
