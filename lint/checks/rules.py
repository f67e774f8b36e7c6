"""Runs the pack's rules. Each rule names one check kind from CHECKS; the kinds
are the closed set of matching primitives that rules combine.

Policy: stay silent unless confident. A check that cannot locate what it needs
(no clause, no parties block, no numbered articles) reports nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from lint.checks.matching import BlockHits, evaluate
from lint.model import BlockKind, Document, Finding, FindingLocation, Severity
from lint.nlp.durations import find_durations, post_term_months
from lint.nlp.identifiers import find_registrations
from lint.nlp.numbers import find_amounts, find_numbers
from lint.nlp.references import find_references
from lint.ruleset.loader import Rule, RulePack, RuleText

MAX_EXCERPT = 300
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý«\"(])")


@dataclass
class Context:
    pack: RulePack
    document: Document
    scanned: list[BlockHits]
    by_index: dict[int, BlockHits]
    clauses: dict[str, list[int]]
    lang: str
    config: object


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding [start, end), as an exact slice of text."""
    left, right = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    if right - left > MAX_EXCERPT:
        left = max(left, start - 120)
        right = min(right, max(end, start) + 180)
    return left, right


def make_finding(ctx: Context, rule: Rule, text: RuleText, index: int | None, span=None, message: str | None = None, **fmt) -> Finding:
    excerpt, location = "", FindingLocation()
    if index is not None:
        block = ctx.document.blocks[index]
        if span is None:
            span = (0, len(block.text))
        left, right = sentence_around(block.text, *span)
        excerpt = block.text[left:right].strip()
        location = FindingLocation(
            page=block.location.page,
            paragraph=block.location.paragraph,
            section=block.location.section[-1] if block.location.section else None,
        )
    return Finding(
        rule=rule.name,
        code=rule.code,
        clause=rule.family or "document",
        severity=Severity(rule.severity),
        message=(message or text.message).format(**fmt) if fmt or message else text.message,
        location=location,
        excerpt=excerpt,
        suggestion=text.suggestion,
        reference=rule.docs.basis,
    )


def _scope_blocks(ctx: Context, rule: Rule) -> list[BlockHits]:
    if rule.scope == "document" or rule.family in (None, "document"):
        return ctx.scanned
    return [ctx.by_index[i] for i in ctx.clauses.get(rule.family, []) if i in ctx.by_index]


def _holds(node, result: BlockHits) -> bool:
    return node is None or evaluate(node, result.hits)[0]


# --- check kinds --------------------------------------------------------------


def check_clause_lacks(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """The family's clause exists (and `when` holds in it) but nothing in it
    matches `match`."""
    blocks = _scope_blocks(ctx, rule)
    if not blocks:
        return []
    if text.when is not None:
        blocks_when = [b for b in blocks if evaluate(text.when, b.hits)[0]]
        if not blocks_when:
            return []
        anchor = blocks_when[0]
    else:
        anchor = blocks[0]
    if any(evaluate(text.match, b.hits)[0] for b in blocks):
        return []
    # The answer may sit in another article ("Durée des obligations"): look at
    # every block that names the subject before calling it missing.
    subject = rule.options.get("subject_anywhere")
    if subject and any(evaluate(text.match, b.hits)[0] for b in ctx.scanned if _holds(text.unless, b) and _subject(b, subject)):
        return []
    if text.unless is not None and any(evaluate(text.unless, b.hits)[0] for b in blocks):
        return []
    span = evaluate(text.when, anchor.hits)[1] if text.when is not None else None
    return [make_finding(ctx, rule, text, anchor.block.location.block, span)]


def _subject(result: BlockHits, pattern: str) -> bool:
    return re.search(pattern, result.folded) is not None


def check_wording(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A risky wording: one finding per block where `match` holds (and `when`
    holds, and `unless` does not)."""
    findings = []
    limit = int(rule.options.get("max_per_document", 20))
    for result in _scope_blocks(ctx, rule):
        if result.block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.HEADING):
            continue
        matched, span = evaluate(text.match, result.hits)
        if not matched or not _holds(text.when, result):
            continue
        if text.unless is not None and evaluate(text.unless, result.hits)[0]:
            continue
        findings.append(make_finding(ctx, rule, text, result.block.location.block, span))
        if len(findings) >= limit:
            break
    return findings


def check_duration_bound(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A post-contract duration in the clause is over the configured maximum."""
    maximum = ctx.config.threshold(rule.options["threshold"]) if "threshold" in rule.options else float(rule.options["max_months"])
    findings = []
    for result in _scope_blocks(ctx, rule):
        if text.when is not None and not evaluate(text.when, result.hits)[0]:
            continue
        block_text = result.block.text
        months = post_term_months(block_text)
        if months is None or months == float("inf") or months <= maximum:
            continue
        span = next(((d.start, d.end) for d in find_durations(block_text) if d.months == months), None)
        findings.append(make_finding(ctx, rule, text, result.block.location.block, span, months=f"{months:g}", maximum=f"{maximum:g}"))
    return findings


def check_checklist(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """When `when` holds somewhere, every item must be found somewhere in the
    document; one finding lists the missing ones."""
    anchor = next((r for r in ctx.scanned if evaluate(text.when, r.hits)[0] and not (text.unless and evaluate(text.unless, r.hits)[0])), None)
    if anchor is None:
        return []
    missing = [label for label, node in text.items if not any(evaluate(node, r.hits)[0] for r in ctx.scanned)]
    minimum = int(rule.options.get("min_missing", 1))
    if len(missing) < minimum:
        return []
    span = evaluate(text.when, anchor.hits)[1]
    return [make_finding(ctx, rule, text, anchor.block.location.block, span, missing=" ; ".join(missing), count=len(missing))]


def check_conditional(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """When `when` holds in the document, `match` must hold somewhere too."""
    anchor = next((r for r in ctx.scanned if evaluate(text.when, r.hits)[0] and not (text.unless and evaluate(text.unless, r.hits)[0])), None)
    if anchor is None or any(evaluate(text.match, r.hits)[0] for r in ctx.scanned):
        return []
    span = evaluate(text.when, anchor.hits)[1]
    return [make_finding(ctx, rule, text, anchor.block.location.block, span)]


_PARTY_END = re.compile(r"^(article|art\.)\s*(1|premier|1er|i)\b|^(il a ete|il est) (convenu|arrete)|^(preambule|expose|objet|1[.)]\s)", re.I)
_COMPANY = re.compile(
    r"\b(sas|sasu|sarl|eurl|sa|snc|sca|scop|sci|selarl|societe (par actions simplifiee|anonyme|a responsabilite limitee|en nom collectif|civile|cooperative))\b"
)
_FOREIGN = re.compile(
    r"\b(de droit|soumise? au droit) (belge|anglais|allemand|suisse|luxembourgeois|espagnol|italien|neerlandais|americain|britannique|irlandais|portugais|canadien|etranger)|"
    r"\b(gmbh|ltd|limited|llc|inc|bv|nv|srl|spa|s\.l\.|sprl|ag|plc|corp)\b"
)


def _party_blocks(ctx: Context) -> list[BlockHits]:
    """Blocks of the comparution: before the first article or the recitals."""
    out = []
    for result in ctx.scanned[:40]:
        if _PARTY_END.search(result.folded.strip()):
            break
        out.append(result)
    return out


def check_party_identification(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A French company party without SIREN/RCS, or a number failing its checksum."""
    findings = []
    blocks = _party_blocks(ctx)
    for i, result in enumerate(blocks):
        if not _COMPANY.search(result.folded) or len(result.block.text) < 25:
            continue
        # The identification often continues in the next paragraph.
        window = result.block.text + " " + (blocks[i + 1].block.text if i + 1 < len(blocks) else "")
        registrations = find_registrations(window)
        if registrations or _FOREIGN.search(result.folded):
            continue
        if _is_placeholder_only(result.folded):
            continue
        findings.append(make_finding(ctx, rule, text, result.block.location.block, None))
    for result in ctx.scanned:
        for registration in find_registrations(result.block.text):
            if registration.country == "FR" and registration.valid is False and registration.kind in ("siren", "siret", "rcs", "rne"):
                message = rule.options.get("checksum_message", {}).get(ctx.lang, text.message)
                findings.append(
                    make_finding(ctx, rule, text, result.block.location.block, (registration.start, registration.end), message=message, number=registration.text)
                )
    return findings


def _is_placeholder_only(folded: str) -> bool:
    return bool(re.search(r"\[[^\]]*\]|_{3,}|x{2,}|\{\{", folded))


_ARTICLE_HEADING = re.compile(r"^\s*(article|art\.)\s*([0-9]+(\.[0-9]+)*|[ivxlc]+|premier|1er)\b", re.I)
_NUMBERED = re.compile(r"^\s*([0-9]+(\.[0-9]+)*)[.)\s]")
_ANNEX = re.compile(r"^\s*(annexe|appendice)\s+([0-9]+|[a-z]|[ivxlc]+)\b", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20}


def _normal_target(target: str) -> str:
    target = target.lower().strip(".")
    if target in ("premier", "1er"):
        return "1"
    return str(_ROMAN.get(target, target))


def check_dangling_reference(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """References to an article or annex the document does not have. Only
    when the document numbers its articles (or annexes) itself."""
    articles: set[str] = set()
    annexes: set[str] = set()
    for block in ctx.document.blocks:
        candidate = block.text if block.kind == BlockKind.HEADING or len(block.text) < 200 else block.text[:40]
        match = _ARTICLE_HEADING.match(candidate)
        if match:
            articles.add(_normal_target(match.group(2)))
        elif block.kind == BlockKind.HEADING:
            numbered = _NUMBERED.match(candidate)
            if numbered:
                articles.add(numbered.group(1))
        annex = _ANNEX.match(candidate)
        if annex and (block.kind == BlockKind.HEADING or len(block.text) < 120):
            annexes.add(_normal_target(annex.group(2)))
    tops = {a.split(".")[0] for a in articles}
    has_sub = any("." in a for a in articles)
    findings = []
    for result in ctx.scanned:
        if result.block.kind == BlockKind.HEADING:
            continue
        for ref in find_references(result.block.text):
            if ref.external or ref.heading or ref.direction is not None and ref.kind != "annex" and not ref.target:
                continue
            target = _normal_target(ref.target)
            if ref.kind in ("article", "clause"):
                if len(tops) < 3 or not target[:1].isdigit():
                    continue
                top = target.split(".")[0]
                if top in tops and ("." not in target or not has_sub or target in articles):
                    continue
            elif ref.kind == "annex":
                if not annexes or target in annexes:
                    continue
            else:
                continue
            findings.append(make_finding(ctx, rule, text, result.block.location.block, (ref.start, ref.end), target=ref.text))
    return findings


def check_amount_mismatch(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    findings = []
    for result in ctx.scanned:
        seen = set()
        for item in [*find_amounts(result.block.text), *(n for n in find_numbers(result.block.text) if getattr(n, "mismatch", False))]:
            if getattr(item, "mismatch", False) and (item.start, item.end) not in seen:
                seen.add((item.start, item.end))
                findings.append(make_finding(ctx, rule, text, result.block.location.block, (item.start, item.end)))
    return findings


def check_pending_revisions(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    if not ctx.document.metadata.has_pending_revisions:
        return []
    return [make_finding(ctx, rule, text, None)]


def check_presence(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    return []  # missing-clause findings come from the profile (lint.checks.profiles)


CHECKS: dict[str, Callable[[Context, Rule, RuleText], list[Finding]]] = {
    "presence": check_presence,
    "clause-lacks": check_clause_lacks,
    "wording": check_wording,
    "duration-bound": check_duration_bound,
    "checklist": check_checklist,
    "conditional": check_conditional,
    "party-identification": check_party_identification,
    "dangling-reference": check_dangling_reference,
    "amount-mismatch": check_amount_mismatch,
    "pending-revisions": check_pending_revisions,
}


def run_rules(
    pack: RulePack, document: Document, scanned: list[BlockHits], clauses: dict[str, list[int]], lang: str, config
) -> list[Finding]:
    ctx = Context(pack, document, scanned, {r.block.location.block: r for r in scanned}, clauses, lang, config)
    findings: list[Finding] = []
    for rule in pack.rules:
        text = rule.text.get(lang)
        if text is None or rule.status == "deprecated":
            continue
        findings.extend(CHECKS[rule.check](ctx, rule, text))
    return _dedupe(findings)


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen, out = set(), []
    for finding in findings:
        key = (finding.rule, finding.location.paragraph, finding.excerpt)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
