"""Each check kind is declared once (lint.checks.kinds): its function, its
description, what it needs and its options. The loader's view and the
runner's table are that one declaration."""

from lint.checks.kinds import check_kinds
from lint.checks.rules import CHECKS
from lint.ruleset.loader import load_rulepack
from lint.ruleset.schema import CHECK_KINDS, CHECK_NEEDS


def test_one_declaration_feeds_the_runner_and_the_schema():
    kinds = check_kinds()
    assert set(kinds) == set(CHECKS) == set(CHECK_KINDS) == set(CHECK_NEEDS)
    for name, kind in kinds.items():
        assert callable(kind.function) and CHECKS[name] is kind.function
        assert kind.description.strip() and CHECK_KINDS[name] == kind.description
        assert CHECK_NEEDS[name] == (kind.needs, kind.options)


def test_every_rule_uses_a_declared_kind_with_its_options():
    kinds = check_kinds()
    for rule in load_rulepack().rules:
        kind = kinds[rule.check]
        assert set(rule.options) <= set(kind.options), rule.name
        for lang, text in rule.text.items():
            assert all(getattr(text, need) for need in kind.needs), (rule.name, lang)
