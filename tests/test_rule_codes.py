"""Rule codes: each family's own prefix, and old codes kept as aliases.

A config, a --select/--ignore option or `clausier explain` written with a code
from before a renumbering must keep picking the rules it picked then.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.config import Config, validate_selectors
from lint.model import Finding, Severity
from lint.reporters.ruledocs import find_rule
from lint.ruleset.loader import load_rulepack

PACK = load_rulepack()
FAMILY_RULES = [rule for rule in PACK.rules if rule.family not in (None, "document")]
OLD_RULE_CODES = [(rule, old) for rule in PACK.rules for old in rule.old_codes]
OLD_FAMILY_CODES = [(family, old) for family in PACK.families for old in family.old_codes]


def _finding(rule) -> Finding:
    return Finding(rule.name, rule.code, rule.family or "document", Severity(rule.severity), "")


def _selected(**config) -> set[str]:
    findings = [_finding(rule) for rule in PACK.rules]
    return {f.rule for f in Config(**config).filter_findings(PACK, findings)}


def test_the_pack_has_old_codes_to_test():
    assert OLD_RULE_CODES and OLD_FAMILY_CODES


@pytest.mark.parametrize("family", PACK.families, ids=lambda f: f.id)
def test_a_family_code_selects_only_that_family(family):
    assert _selected(select=(family.code,)) <= {r.name for r in PACK.rules if r.family == family.id}


@pytest.mark.parametrize("rule", FAMILY_RULES, ids=lambda r: r.name)
def test_a_rule_code_starts_with_its_family_code(rule):
    assert rule.code.split("-")[0] == PACK.family(rule.family).code


@pytest.mark.parametrize(("rule", "old"), OLD_RULE_CODES, ids=lambda x: getattr(x, "name", x))
def test_an_old_rule_code_still_names_its_rule(rule, old):
    prefix = old.split("-")[0]
    validate_selectors(Config(select=(old, prefix), ignore=(old,), severity=((old, "info"),)), PACK)
    assert PACK.rule(old) is rule and find_rule(PACK, old.lower()) is rule
    assert _selected(select=(old,)) == {rule.name}
    assert rule.name in _selected(select=(prefix,))
    assert rule.name not in _selected(ignore=(old,))
    (kept,) = Config(select=(old,), severity=((old, "info"),)).filter_findings(PACK, [_finding(rule)])
    assert kept.severity is Severity.INFO
    result = CliRunner().invoke(main, ["explain", old])
    assert result.exit_code == 0 and rule.code in result.stdout


@pytest.mark.parametrize(("family", "old"), OLD_FAMILY_CODES, ids=lambda x: getattr(x, "id", x))
def test_an_old_family_code_still_selects_the_family(family, old):
    validate_selectors(Config(select=(old,)), PACK)
    family_rules = {r.name for r in PACK.rules if r.family == family.id}
    assert family_rules <= _selected(select=(old,))
    assert not family_rules & _selected(ignore=(old,))
