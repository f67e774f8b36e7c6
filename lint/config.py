"""User configuration: clausier.toml or [tool.clausier] in pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Config:
    profile: str | None = None
    rule_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()

    def filter_findings(self, pack, findings):
        return list(findings)
