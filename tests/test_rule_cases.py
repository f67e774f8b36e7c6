"""Rule cases as data: every rule's failing and passing French examples, and
each family's presence cases, live in tests/rule_cases/<family>.yml and run
here. Ids start with the family (`confidentiality-no-duration-fail-2`,
`legal-identity-party-identification-pass-1`, `kpi-present-3`), so
`pytest -k confidentiality` selects one family.

A case is a text, or a mapping `{text: …, xfail: "why"}` for a known gap that
needs engine code. A meta-test fails when a rule or a family has too few cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint import engine
from lint.engine import audit_document
from lint.parsers import parse
from lint.parsers.text import parse_text
from lint.ruleset.loader import load_rulepack

try:  # tests/ is a plain folder today; keep working if it becomes a package
    from docx_builders import new_document, p, r
except ImportError:  # pragma: no cover
    from tests.docx_builders import new_document, p, r

CASES_DIR = Path(__file__).parent / "rule_cases"
DEFAULT_PROFILE = "partnership"
MIN_CASES = 3
# Covered by the presence cases: a family missing from a profile is the finding.
PRESENCE_RULE = "missing-clause"
# Rules whose cases cannot be plain text, with the builder of their files.
DOCX_RULES = {"unaccepted-revisions"}


def _load_files() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {} for path in sorted(CASES_DIR.glob("*.yml"))}


FILES = _load_files()


def _case(raw) -> tuple[str, str | None]:
    if isinstance(raw, dict):
        return raw["text"], raw.get("xfail")
    return raw, None


def _id(family: str, name: str) -> str:
    return name if name.startswith(family) else f"{family}-{name}"


def _params(kind: str) -> list:
    """pytest params for presence cases (kind='presence') or rule cases."""
    out = []
    for family, data in FILES.items():
        if kind == "presence":
            for expected in ("present", "absent"):
                for n, raw in enumerate((data.get("presence") or {}).get(expected) or [], 1):
                    text, xfail = _case(raw)
                    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
                    out.append(pytest.param(family, expected, text, id=f"{family}-{expected}-{n}", marks=marks))
            continue
        for rule, spec in (data.get("rules") or {}).items():
            if rule in DOCX_RULES:
                continue
            profile = spec.get("profile", DEFAULT_PROFILE)
            for expected in ("fail", "pass"):
                for n, raw in enumerate(spec.get(expected) or [], 1):
                    text, xfail = _case(raw)
                    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
                    out.append(pytest.param(rule, profile, expected, text, id=f"{_id(family, rule)}-{expected}-{n}", marks=marks))
    return out


def _docs_params() -> list:
    out = []
    for rule in load_rulepack().rules:
        if rule.name == PRESENCE_RULE:
            continue
        profile = rule.profiles[0] if rule.profiles else DEFAULT_PROFILE
        for expected, text in (("fail", rule.docs.fail), ("pass", rule.docs.passing)):
            if text and not text.startswith("("):  # "(a DOCX file …)" describes a file, not a text
                out.append(pytest.param(rule.name, profile, expected, text, id=f"{_id(rule.family or 'document', rule.name)}-docs-{expected}"))
    return out


def _audit_text(text: str, tmp_path: Path, profile: str = DEFAULT_PROFILE):
    # A case written as a pipe table (a contract laid out as a grid) is read as Markdown.
    path = tmp_path / ("case.md" if any(line.startswith("|") for line in text.splitlines()) else "case.txt")
    path.write_text(text, encoding="utf-8")
    report = audit_document(parse_text(path), profile=profile)
    assert report.error is None, report.error
    return report


def _explain(report, family: str | None = None) -> str:
    lines = [f"  {c.id}: {c.status} ({c.explanation})" for c in report.clauses if c.present or c.id == family]
    lines += [f"  finding {f.rule}: « {f.excerpt} »" for f in report.findings if f.rule != "missing-clause"]
    return "\n".join(lines)


def _check_rule(report, rule: str, expected: str) -> None:
    fired = [f for f in report.findings if f.rule == rule]
    if expected == "fail":
        assert fired, f"{rule} should fire\n{_explain(report)}"
    else:
        assert not fired, f"{rule} should not fire\n{_explain(report)}"


@pytest.mark.parametrize(("family", "expected", "text"), _params("presence"))
def test_presence_case(family, expected, text, tmp_path):
    report = _audit_text(text, tmp_path)
    status = next(c for c in report.clauses if c.id == family)
    want = "present" if expected == "present" else "missing"
    assert status.status == want, f"{family} should be {want}\n{_explain(report, family)}"


@pytest.mark.parametrize(("rule", "profile", "expected", "text"), _params("rules"))
def test_rule_case(rule, profile, expected, text, tmp_path):
    _check_rule(_audit_text(text, tmp_path, profile), rule, expected)


@pytest.mark.parametrize(("rule", "profile", "expected", "text"), _docs_params())
def test_rule_docs_example(rule, profile, expected, text, tmp_path, monkeypatch):
    """The examples shown by `clausier explain` are true. They are one-line
    excerpts, often too short for the document-level language guess (three
    French function words at least), so they are read as French."""
    monkeypatch.setattr(engine, "detect_language", lambda text: "fr")
    _check_rule(_audit_text(text, tmp_path, profile), rule, expected)


# --- unaccepted-revisions: cases are Word files -------------------------------

_BODY = "Le Prestataire réalise le site internet du Client pour un prix de 8 000 euros hors taxes."
_AUTHOR = 'w:id="{id}" w:author="Me Durand" w:date="2025-03-04T10:00:00Z"'


def _revision_docx(kind: str):
    """A small contract whose second paragraph carries the revision `kind`."""
    first = p("Article 1 – Objet") + p("Le présent contrat a pour objet la refonte du site internet de l'Agence.")
    attrs = _AUTHOR.format(id=1)
    bodies = {
        # pending: still to accept or reject
        "insertion": f"<w:p>{r('Le prix est fixé à ')}<w:ins {attrs}>{r('9 500 euros')}</w:ins>{r(' hors taxes.')}</w:p>",
        "deletion": f"<w:p>{r('Le Client paie ')}<w:del {attrs}><w:r><w:delText>sans délai</w:delText></w:r></w:del>{r(' sous trente jours.')}</w:p>",
        "moved": (
            f"<w:p><w:moveFrom {attrs}>{r('Les factures sont payables par virement.')}</w:moveFrom></w:p>"
            f"<w:p>{r('Le Client règle chaque facture.')}<w:moveTo {_AUTHOR.format(id=2)}>{r(' Les factures sont payables par virement.')}</w:moveTo></w:p>"
        ),
        "formatting": (
            f'<w:p><w:r><w:rPr><w:b/><w:rPrChange {attrs}><w:rPr/></w:rPrChange></w:rPr>'
            f'<w:t xml:space="preserve">{_BODY}</w:t></w:r></w:p>'
        ),
        # settled: nothing left to accept
        "accepted": p("Le prix est fixé à 9 500 euros hors taxes."),
        "comment-word": p("Les modifications suivies et révisions du cahier des charges sont acceptées par avenant signé."),
        "plain-bold": f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{_BODY}</w:t></w:r></w:p>',
    }
    return new_document(first + bodies[kind])


REVISION_CASES = {"fail": ["insertion", "deletion", "moved", "formatting"], "pass": ["accepted", "comment-word", "plain-bold"]}


@pytest.mark.parametrize(
    ("expected", "kind"),
    [pytest.param(e, k, id=f"document-unaccepted-revisions-{e}-{k}") for e, kinds in REVISION_CASES.items() for k in kinds],
)
def test_unaccepted_revisions_case(expected, kind, tmp_path):
    path = tmp_path / f"{kind}.docx"
    _revision_docx(kind).save(str(path))
    report = audit_document(parse(path))
    _check_rule(report, "unaccepted-revisions", expected)


# --- meta-tests ---------------------------------------------------------------


def _counts() -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for data in FILES.values():
        for rule, spec in (data.get("rules") or {}).items():
            counts[rule] = {e: len(spec.get(e) or []) for e in ("fail", "pass")}
    for expected, kinds in REVISION_CASES.items():
        counts.setdefault("unaccepted-revisions", {"fail": 0, "pass": 0})[expected] = len(kinds)
    return counts


def test_every_rule_has_cases():
    counts = _counts()
    short = [
        f"{rule.name} ({rule.file}): {counts.get(rule.name, {}).get('fail', 0)} fail, {counts.get(rule.name, {}).get('pass', 0)} pass"
        for rule in load_rulepack().rules
        if rule.name != PRESENCE_RULE and min(counts.get(rule.name, {"fail": 0, "pass": 0}).values()) < MIN_CASES
    ]
    assert not short, f"rules with fewer than {MIN_CASES} failing or passing cases in tests/rule_cases/:\n" + "\n".join(short)


def test_every_family_has_presence_cases():
    short = []
    for family in load_rulepack().families:
        presence = FILES.get(family.id, {}).get("presence") or {}
        n_present, n_absent = len(presence.get("present") or []), len(presence.get("absent") or [])
        if min(n_present, n_absent) < MIN_CASES:
            short.append(f"{family.id}: {n_present} present, {n_absent} absent")
    assert not short, f"families with fewer than {MIN_CASES} presence cases in tests/rule_cases/<family>.yml:\n" + "\n".join(short)


def test_case_files_name_known_rules_and_families():
    """A typo in a rule name would silently test nothing."""
    pack = load_rulepack()
    rules = {rule.name for rule in pack.rules}
    families = {family.id for family in pack.families} | {"document"}
    unknown = [f"{stem}.yml" for stem in FILES if stem not in families]
    unknown += [f"{stem}.yml: {rule}" for stem, data in FILES.items() for rule in (data.get("rules") or {}) if rule not in rules]
    unknown += [f"{stem}.yml: key {key}" for stem, data in FILES.items() for key in data if key not in ("presence", "rules")]
    assert not unknown, "unknown names in tests/rule_cases/:\n" + "\n".join(unknown)
