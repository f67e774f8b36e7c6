"""Reporters: pure functions from a Report to text or bytes, one module per format."""

from __future__ import annotations

from lint.reporters.csv import render_csv
from lint.reporters.html import render_html
from lint.reporters.json import render_json
from lint.reporters.markdown import render_markdown
from lint.reporters.sarif import render_sarif
from lint.reporters.terminal import render_terminal

REPORTERS = {
    "text": render_terminal,
    "json": render_json,
    "markdown": render_markdown,
    "sarif": render_sarif,
    "html": render_html,
    "csv": render_csv,
}


def report_options(report, pack, **options) -> dict:
    """The options every reporter reads: `options` (color, quiet, fail_on),
    the families in report order, and the rule titles in the report's
    language (SARIF's rule descriptors, portfolio tooltips)."""
    from lint.reporters.common import report_language
    from lint.reporters.sarif import rule_descriptions

    return {**options, "families": [f.id for f in pack.families], "rules": rule_descriptions(pack, report_language(report))}
