"""Reporters: pure functions from a Report to text or bytes, one module per format."""

from __future__ import annotations

from lint.reporters.json import render_json
from lint.reporters.text import render_text

REPORTERS = {
    "text": render_text,
    "json": render_json,
}
