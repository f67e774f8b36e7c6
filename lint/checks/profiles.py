"""Profiles (contract types): which families a contract must contain.

The profile is detected from the title and the opening headings first, then
from content signals; `--profile` overrides it.
"""

from __future__ import annotations

from dataclasses import replace

from lint.checks.matching import BlockHits, evaluate
from lint.checks.presence import heading_score
from lint.model import MISSING_RULE, BlockKind, ClauseStatus, Document, Finding, FindingLocation, Severity
from lint.ruleset.loader import RulePack

NOT_CONTRACT_RULE = "not-a-contract"


def detect_profile(pack: RulePack, document: Document, scanned: list[BlockHits], lang: str) -> str:
    titles = [document.metadata.title or ""]
    titles += [b.text for b in document.blocks[:12] if b.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and len(b.text) < 150]
    # The first title line (in document order) that names a contract type decides.
    for title in titles:
        if not title:
            continue
        scores = {p.id: heading_score(title, p.title_phrases.get(lang, ()))[0] for p in pack.profiles.values() if p.title_phrases.get(lang)}
        best_id, best_score = max(scores.items(), key=lambda kv: kv[1], default=(None, 0.0))
        if best_score >= pack.profile_detection.title_min_score:
            return best_id
    counts = {}
    for profile in pack.profiles.values():
        node = profile.content.get(lang)
        if node is not None:
            counts[profile.id] = sum(1 for r in scanned if evaluate(node, r.hits)[0])
    if counts:
        pid, count = max(counts.items(), key=lambda kv: kv[1])
        if count >= pack.profile_detection.content_min_blocks:
            return pid
    return pack.default_profile


def condition_holds(pack: RulePack, condition: str, scanned: list[BlockHits], lang: str) -> bool:
    node = pack.conditions[condition].get(lang)
    return node is not None and any(evaluate(node, r.hits)[0] for r in scanned)


def missing_clause_findings(
    pack: RulePack, profile_id: str, statuses: list[ClauseStatus], scanned: list[BlockHits], lang: str, document: Document
) -> tuple[list[ClauseStatus], list[Finding]]:
    """Statuses with `required` set from the profile, and a finding per
    missing family the profile lists: worded "essentielle" only where the
    profile requires the family, "facultative" otherwise. A document with no
    sign of a contract gets one notice instead."""
    profile = pack.profiles[profile_id]
    rule = pack.rule(MISSING_RULE)
    text = rule.text[lang]
    optional = (rule.options.get("optional_text") or {}).get(lang) or {}
    out_statuses, findings = [], []
    for status in statuses:
        spec = profile.families.get(status.id)
        required = bool(spec and spec.required and spec.severity)
        if spec and spec.when and not condition_holds(pack, spec.when, scanned, lang):
            required = False
            spec = None
        status = replace(status, required=required)
        out_statuses.append(status)
        if status.present or spec is None or spec.severity is None:
            continue
        message = text.message if required else optional.get("message", text.message)
        suggestion = text.suggestion if required else optional.get("suggestion", text.suggestion)
        findings.append(
            Finding(
                rule=rule.name,
                code=rule.code,
                clause=status.id,
                severity=Severity(spec.severity),
                message=message.format(title=status.title),
                location=FindingLocation(),
                excerpt="",
                suggestion=suggestion.format(title=status.title),
                reference=text.basis or rule.docs.basis,
            )
        )
    notice = not_a_contract(pack, scanned, lang)
    if notice is not None and findings:
        return out_statuses, [notice]
    return out_statuses, findings


def not_a_contract(pack: RulePack, scanned: list[BlockHits], lang: str) -> Finding | None:
    """The NOT_CONTRACT_RULE notice when no block shows a party, an
    obligation or a contract title (the signals are the rule's `match`)."""
    try:
        rule = pack.rule(NOT_CONTRACT_RULE)
    except KeyError:
        return None
    text = rule.text.get(lang)
    if text is None or text.match is None or rule.status == "deprecated":
        return None
    if any(evaluate(text.match, result.hits)[0] for result in scanned):
        return None
    return Finding(
        rule=rule.name,
        code=rule.code,
        clause="document",
        severity=Severity(rule.severity),
        message=text.message,
        location=FindingLocation(),
        suggestion=text.suggestion,
        reference=text.basis or rule.docs.basis,
    )
