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
