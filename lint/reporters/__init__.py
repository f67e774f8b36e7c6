"""Reporters: pure functions from a Report to text or bytes, one module per format."""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping


class _Registry(MutableMapping):
    """Format → reporter, each module imported when its format is first asked
    for: the terminal and HTML reporters pull in rich and jinja2, a tenth of
    a second a cold JSON audit has no use for."""

    def __init__(self, where: dict[str, tuple[str, str]]):
        self._where: dict[str, tuple[str, str] | None] = dict(where)
        self._loaded: dict = {}

    def __getitem__(self, fmt: str):
        if fmt not in self._loaded:
            module, name = self._where[fmt]
            self._loaded[fmt] = getattr(importlib.import_module(module), name)
        return self._loaded[fmt]

    def __setitem__(self, fmt: str, reporter) -> None:
        self._where.setdefault(fmt, None)
        self._loaded[fmt] = reporter

    def __delitem__(self, fmt: str) -> None:
        del self._where[fmt]
        self._loaded.pop(fmt, None)

    def __iter__(self):
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


REPORTERS = _Registry(
    {
        "text": ("lint.reporters.terminal", "render_terminal"),
        "json": ("lint.reporters.json", "render_json"),
        "markdown": ("lint.reporters.markdown", "render_markdown"),
        "sarif": ("lint.reporters.sarif", "render_sarif"),
        "html": ("lint.reporters.html", "render_html"),
        "csv": ("lint.reporters.csv", "render_csv"),
    }
)


def report_options(report, pack, **options) -> dict:
    """The options every reporter reads: `options` (color, quiet, fail_on),
    the families in report order, and the rule titles in the report's
    language (SARIF's rule descriptors, portfolio tooltips)."""
    from lint.reporters.common import report_language
    from lint.reporters.sarif import rule_descriptions

    return {**options, "families": [f.id for f in pack.families], "rules": rule_descriptions(pack, report_language(report))}
