"""SARIF 2.1.0 report, for code-scanning dashboards and review tools.

Mapping choices:
- One run; one reportingDescriptor per rule that fired, in first-seen order.
- region.startLine carries clausier's paragraph number (1-based, in document
  order), not a line of the file: a .docx has no lines. The run's
  `properties` say so, for consumers that read them.
- A missing clause has no place in the text, so its result points at the
  file only (artifactLocation, no region).
- partialFingerprints["clausier/v1"] hashes (rule, clause, excerpt), which
  survives edits elsewhere in the contract, so a dashboard can track a
  finding across versions.

Options:
- rules: {rule name: {"title": str, "description": str, "help_uri": str}},
  all keys optional; `rule_descriptions(pack, lang)` builds it from the rule
  pack. Without it the descriptor falls back to the rule name.
- information_uri: overrides INFORMATION_URI.
"""

from __future__ import annotations

import hashlib
import json

from lint.model import MISSING_RULE, Finding, Report, Severity
from lint.reporters.common import report_language, strings

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/clausier/clausier"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
LOCATION_NOTE = (
    "region.startLine is clausier's 1-based paragraph number in document order "
    "(body paragraphs, list items and table cells), not a line of the file."
)


def rule_descriptions(pack, lang: str = "fr") -> dict[str, dict[str, str]]:
    """The `rules` option from a loaded RulePack: title and rationale per rule name."""
    out = {}
    for rule in pack.rules:
        text = rule.text.get(lang) or next(iter(rule.text.values()), None)
        out[rule.name] = {
            "title": text.title if text else rule.name,
            "description": " ".join(rule.docs.why.split()),
        }
    return out


def fingerprint(finding: Finding) -> str:
    key = "\x1f".join((finding.rule, finding.clause, finding.excerpt))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def render_sarif(report: Report, options: dict | None = None) -> str:
    options = options or {}
    known = options.get("rules") or {}
    descriptors: dict[str, dict] = {}
    results = []
    artifacts: dict[str, int] = {}
    notifications = []

    for doc in report.documents:
        artifacts.setdefault(doc.path, len(artifacts))
        if doc.error:
            # An unreadable input is a tool notification, not a finding about the contract.
            notifications.append(
                {
                    "level": "error",
                    "descriptor": {"id": doc.error.kind},
                    "message": {"text": doc.error.message},
                    "locations": [_file_location(doc.path, artifacts[doc.path])],
                }
            )
            continue
        for finding in doc.findings:
            if finding.rule not in descriptors:
                descriptors[finding.rule] = _descriptor(finding, known.get(finding.rule, {}))
            results.append(_result(finding, doc.path, artifacts[doc.path], list(descriptors).index(finding.rule)))

    run = {
        "tool": {
            "driver": {
                "name": "clausier",
                "version": report.tool_version,
                "informationUri": options.get("information_uri", INFORMATION_URI),
                "properties": {"rulesVersion": report.rules_version},
                "rules": list(descriptors.values()),
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.interrupted and not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "artifacts": [{"location": {"uri": path}} for path in artifacts],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"locationNote": LOCATION_NOTE, "disclaimer": strings(report_language(report))["disclaimer"]},
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _descriptor(finding: Finding, known: dict[str, str]) -> dict:
    descriptor = {
        "id": finding.rule,
        "name": finding.rule,
        "shortDescription": {"text": known.get("title") or finding.rule},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"code": finding.code},
    }
    if known.get("description"):
        descriptor["fullDescription"] = {"text": known["description"]}
    if known.get("help_uri"):
        descriptor["helpUri"] = known["help_uri"]
    return descriptor


def _file_location(path: str, index: int) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": path, "index": index}}}


def _result(finding: Finding, path: str, artifact: int, rule_index: int) -> dict:
    location = _file_location(path, artifact)
    paragraph = finding.location.paragraph
    # Only a finding about a passage gets a region; SARIF requires startLine >= 1.
    if finding.rule != MISSING_RULE and paragraph and paragraph >= 1:
        region = {"startLine": paragraph}
        if finding.excerpt:
            region["snippet"] = {"text": finding.excerpt}
        location["physicalLocation"]["region"] = region
    if finding.location.section:
        location["logicalLocations"] = [{"name": finding.location.section, "kind": "section"}]
    text = finding.message
    if finding.suggestion:
        text += " " + finding.suggestion
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"clausier/v1": fingerprint(finding)},
        "properties": {"clause": finding.clause, "code": finding.code},
    }
    if finding.location.page is not None:
        result["properties"]["page"] = finding.location.page
    if finding.reference:
        result["properties"]["reference"] = finding.reference
    return result
