"""Rule documentation for `clausier rules` and `clausier explain`."""

from __future__ import annotations

import difflib
import re

from lint.ruleset.loader import Rule, RulePack

# What each message field stands for, so `explain` never prints a raw "{title}".
FIELD_LABELS = {
    "title": "titre de la clause",
    "phrase": "expression relevée",
    "target": "renvoi",
    "months": "durée en mois",
    "maximum": "durée maximale",
    "missing": "éléments manquants",
    "count": "nombre",
    "places": "emplacements",
    "number": "numéro",
}
# The same in the other languages a rule may be explained in.
FIELD_LABELS_BY_LANG = {
    "fr": FIELD_LABELS,
    "en": {
        "title": "clause title", "phrase": "phrase found", "target": "reference", "months": "duration in months",
        "maximum": "maximum duration", "missing": "missing items", "count": "count", "places": "places", "number": "number",
    },
}
_FIELD = re.compile(r"\{(\w+)\}")


def show_fields(template: str, lang: str = "fr") -> str:
    """A message template with its fields written as ‹titre de la clause›."""
    labels = FIELD_LABELS_BY_LANG.get(lang, FIELD_LABELS)
    return _FIELD.sub(lambda m: f"‹{labels.get(m.group(1), m.group(1))}›", template)


def find_rule(pack: RulePack, name: str) -> Rule | None:
    """The rule called `name` (its name, an alias or its code), in any case."""
    wanted = name.strip().casefold()
    for rule in pack.rules:
        if wanted in {key.casefold() for key in (rule.name, *rule.codes, *rule.aliases)}:
            return rule
    return None


def nearest_rules(pack: RulePack, name: str, count: int = 3) -> list[str]:
    """Rule names or codes closest to a mistyped `name`, best first."""
    known: dict[str, str] = {}
    for rule in pack.rules:
        for key in (rule.name, *rule.codes, *rule.aliases):
            known.setdefault(key.casefold(), key)
    close = difflib.get_close_matches(name.strip().casefold(), list(known), n=count, cutoff=0.5)
    return [known[c] for c in close]


def unknown_rule_message(pack: RulePack, name: str) -> str:
    nearest = nearest_rules(pack, name)
    hint = f" ; vouliez-vous dire {' ou '.join(f'« {n} »' for n in nearest)} ?" if nearest else ""
    return f"règle inconnue « {name} »{hint} (`clausier rules` les liste toutes)"


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
    if rule.old_codes:
        lines.append("old codes: " + ", ".join(rule.old_codes))
    if rule.profiles:
        lines.append("applies to profiles: " + ", ".join(rule.profiles))
    lines += [
        "",
        "Why it matters:",
        f"  {rule.docs.why.strip()}",
        "",
        "Legal basis:",
        f"  {(text.basis or rule.docs.basis).strip()}",
        "",
        "Message:",
        f"  {show_fields(text.message, lang)}",
        "",
        "Suggestion:",
        f"  {show_fields(text.suggestion, lang)}",
    ]
    optional = (rule.options.get("optional_text") or {}).get(lang)
    if optional:
        lines += ["", "Message when the profile lists the clause as optional:", f"  {show_fields(optional.get('message', ''), lang)}"]
    lines += [
        "",
        "Failing example:",
        *(f"  {line}" for line in (text.fail or rule.docs.fail).strip().splitlines()),
        "",
        "Passing example:",
        *(f"  {line}" for line in (text.passing or rule.docs.passing).strip().splitlines()),
    ]
    return "\n".join(lines)
