"""Rule documentation for `clausier rules` and `clausier explain`."""

from __future__ import annotations

from lint.ruleset.loader import Rule, RulePack


def render_rule_list(pack: RulePack, lang: str = "fr") -> str:
    rows = [("NAME", "CODE", "FAMILY", "SEVERITY", "CHECK", "STATUS")]
    for rule in pack.rules:
        rows.append((rule.name, rule.code, rule.family or "document", rule.severity, rule.check, rule.status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"\n{len(pack.rules)} rules in {len(pack.families)} clause families; rule pack {pack.version}")
    return "\n".join(lines)


def render_explain(pack: RulePack, rule: Rule, lang: str = "fr") -> str:
    text = rule.text.get(lang) or next(iter(rule.text.values()))
    family = pack.family(rule.family).title.get(lang) if rule.family not in (None, "document") else "document"
    lines = [
        f"{rule.name} ({rule.code}) — {text.title}",
        f"family: {rule.family or 'document'} ({family})   severity: {rule.severity}   check: {rule.check}   status: {rule.status}",
    ]
    if rule.aliases:
        lines.append("aliases: " + ", ".join(rule.aliases))
    if rule.profiles:
        lines.append("applies to profiles: " + ", ".join(rule.profiles))
    lines += [
        "",
        "Why it matters:",
        f"  {rule.docs.why.strip()}",
        "",
        "Legal basis:",
        f"  {rule.docs.basis.strip()}",
        "",
        "Message:",
        f"  {text.message}",
        "",
        "Suggestion:",
        f"  {text.suggestion}",
        "",
        "Failing example:",
        *(f"  {line}" for line in rule.docs.fail.strip().splitlines()),
        "",
        "Passing example:",
        *(f"  {line}" for line in rule.docs.passing.strip().splitlines()),
    ]
    return "\n".join(lines)
