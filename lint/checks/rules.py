"""Runs the pack's rules: each rule names one check kind from CHECKS."""

from __future__ import annotations

from lint.checks.matching import BlockHits
from lint.model import Document, Finding
from lint.ruleset.loader import RulePack


def run_rules(pack: RulePack, document: Document, scanned: list[BlockHits], clauses: dict[str, list[int]], lang: str, config) -> list[Finding]:
    return []
