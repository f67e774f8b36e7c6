"""Every regex of the shipped rule pack compiles, in every language, word
classes expanded: the loader leaves this check to the tests for the shipped
pack (it costs half a second of every cold start) and keeps it for packs a
user adds."""

from __future__ import annotations

import re

import pytest

from lint.checks.matching import bounded
from lint.ruleset.loader import RulePackError, load_rulepack


def _leaves(pack):
    for family in pack.families:
        for detection in family.detection.values():
            for signal in detection.signals:
                for node in (signal.match, signal.unless):
                    if node is not None:
                        yield from node.leaves()
            for node in (detection.veto, detection.prior_needs, detection.prior_veto):
                if node is not None:
                    yield from node.leaves()
    for rule in pack.rules:
        for text in rule.text.values():
            for node in text.matchers():
                yield from node.leaves()


def test_every_shipped_regex_compiles():
    pack = load_rulepack()
    patterns = {value for leaf in _leaves(pack) if leaf.op == "regex" for value in leaf.values}
    assert len(patterns) > 500
    bad = []
    for pattern in patterns:
        try:
            bounded(pattern)
        except re.error as exc:
            bad.append(f"{pattern[:80]}: {exc}")
    assert not bad, bad


def test_a_user_pack_with_a_bad_regex_is_refused_at_load(tmp_path):
    (tmp_path / "extra.yml").write_text(
        "rules:\n"
        "  - name: my-rule\n    code: MY-001\n    family: scope\n    severity: info\n    check: wording\n"
        "    fr:\n      title: t\n      message: m\n      suggestion: s\n      match:\n        regex: ['(unclosed']\n"
        "    docs:\n      why: w\n      basis: b\n      fail: f\n      pass: p\n",
        encoding="utf-8",
    )
    with pytest.raises(RulePackError, match="invalid regular expression"):
        load_rulepack((tmp_path,))


def test_regexes_are_compiled_only_when_the_reader_is_asked_to():
    from lint.ruleset.loader import _matcher

    nested = {"all": [{"regex": ["ok"]}, {"not": {"regex": ["(unclosed"]}}]}
    assert _matcher(nested, "extra.yml", "match", check=False).op == "all"
    with pytest.raises(RulePackError) as error:
        _matcher(nested, "extra.yml", "match", check=True)
    assert error.value.key == "match.all[1].not.regex[0]"


def test_the_prefilter_never_rules_out_a_line_where_a_shipped_regex_matches():
    # Required literals (and « a digit ») skip searches: they must hold
    # wherever the pattern matches, on real contract wording.
    from pathlib import Path

    from lint.checks.matching import folded_pattern
    from lint.checks.prefilter import DIGIT, required_literals
    from lint.normalize import fold

    sources = sorted((Path(__file__).resolve().parents[1] / "corpus" / "tools" / "sources").glob("*.txt"))
    lines = [fold(line) for path in sources[:3] for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    assert len(lines) > 100
    patterns = {value for leaf in _leaves(load_rulepack()) if leaf.op == "regex" for value in leaf.values}
    matched = 0
    for pattern in patterns:
        compiled, needs = bounded(pattern), required_literals(folded_pattern(pattern))
        for line in lines:
            if compiled.search(line):
                matched += 1
                for alternatives in needs:
                    assert any(re.search(r"\d", line) if alt == DIGIT else alt in line for alt in alternatives), (pattern, alternatives, line)
    assert matched > 100


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_bank_compiled_up_front_reads_and_compiles_the_regexes_as_one_built_on_demand(lang):
    # compile_all parses each bounded regex once for its compile and its
    # literals; on demand, literals come from the rule's own pattern and the
    # compile from re.compile.
    from lint.checks.matching import MatcherBank
    from lint.engine import matcher_bank

    built = matcher_bank(load_rulepack(), lang)
    nodes = [leaf for leaf in built._regex_leaves]
    on_demand, up_front = MatcherBank(nodes, lang=lang), MatcherBank(nodes, lang=lang)
    on_demand._index()
    up_front.compile_all()
    assert up_front._requirements == on_demand._requirements and any(up_front._requirements)
    assert up_front._leaf_checks == on_demand._leaf_checks and up_front._digit_sets == on_demand._digit_sets
    for pattern in up_front._patterns:
        expected, compiled = bounded(pattern.source), pattern.compiled
        assert (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex) == (expected.pattern, expected.flags, expected.groups, expected.groupindex)


def _elided_then_space(parsed) -> bool:
    """Whether a parsed regex holds a group with an elided alternative (« d' », « qu' »)
    followed by a required space: « (de|d') (\\S+ ) » can never match « d'un »."""
    from re import _constants as c

    def ends_elided(items) -> bool:
        return bool(items) and items[-1] == (c.LITERAL, ord("'"))

    def walk(seq) -> bool:
        items = list(seq)
        for i, (op, av) in enumerate(items):
            inner = []
            if op is c.SUBPATTERN:
                inner = [av[-1]]
                body = list(av[-1])
                alts = [list(alt) for alt in body[0][1][1]] if len(body) == 1 and body[0][0] is c.BRANCH else [body]
                if any(ends_elided(alt) for alt in alts) and i + 1 < len(items) and items[i + 1] == (c.LITERAL, ord(" ")):
                    return True
            elif op is c.BRANCH:
                inner = av[1]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                inner = [av[2]]
            elif op in (c.ASSERT, c.ASSERT_NOT):
                inner = [av[1]]
            elif op is c.ATOMIC_GROUP:
                inner = [av]
            if any(walk(sub) for sub in inner):
                return True
        return False

    return walk(parsed)


def _shipped_patterns_where(shape) -> list[str]:
    """The shipped regexes whose parsed form has the faulty `shape`."""
    from re import _parser

    patterns = {value for leaf in _leaves(load_rulepack()) if leaf.op == "regex" for value in leaf.values}
    return sorted(p for p in patterns if shape(_parser.parse(p)))


def test_no_shipped_regex_holds_an_elided_word_apart_from_the_next():
    # French elides before a vowel with no space (« d'un », « n'en », « qu'il »):
    # « (de|d') (\S+ ){0,2}mois » silently misses « d'un mois ». The space goes
    # into the other alternatives instead: « (de |d')(\S+ ){0,2}mois ».
    from re import _parser

    bad = _shipped_patterns_where(_elided_then_space)
    assert not bad, bad[:5]
    assert _elided_then_space(_parser.parse("(aucune?|pas d'|sans) (\\S+ ){0,2}exclusivite"))
    assert not _elided_then_space(_parser.parse("(aucune? |pas d'|sans )(\\S+ ){0,2}exclusivite"))


def _ends_on_one_letter(parsed) -> bool:
    """Whether a parsed regex ends (trailing assertions aside) on a single
    letter or digit class: « (de|d') [a-z] » matches one letter, never a word."""
    from re import _constants as c

    items = [item for item in parsed if item[0] not in (c.AT, c.ASSERT, c.ASSERT_NOT)]
    if len(items) < 2 or items[-1][0] is not c.IN:
        return False
    # Only when it is the whole last word: after a space, an apostrophe or a group ending on one.
    def ends_apart(item) -> bool:
        op, av = item
        if op is c.LITERAL:
            return av in (ord(" "), ord("'"))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            return any(sub == (c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)]) for sub in av[2]) or any(ends_apart(sub) for sub in list(av[2])[-1:])
        if op is c.SUBPATTERN:
            body = list(av[-1])
            return bool(body) and ends_apart(body[-1])
        if op is c.BRANCH:
            return all(alt and ends_apart(list(alt)[-1]) for alt in av[1])
        return False
    if not ends_apart(items[-2]):
        return False
    wordy = {c.CATEGORY_WORD, c.CATEGORY_DIGIT}
    return any((op is c.RANGE and any(chr(x).isalnum() for x in av)) or (op is c.CATEGORY and av in wordy) for op, av in items[-1][1])


def test_no_shipped_regex_ends_on_a_single_letter():
    # The matcher keeps a match only where it covers whole tokens: a pattern
    # ending on « [a-z] » or « \w » with no repeat can never match « Factor ».
    from re import _parser

    bad = _shipped_patterns_where(_ends_on_one_letter)
    assert not bad, bad[:5]
    assert _ends_on_one_letter(_parser.parse("autre que (le |la )?[a-z]"))
    assert not _ends_on_one_letter(_parser.parse("autre que (le |la )?\\w+"))
    assert not _ends_on_one_letter(_parser.parse("restent a vous\\s*[.;:,]"))
    assert not _ends_on_one_letter(_parser.parse("(19|20)\\d\\d"))
    assert _ends_on_one_letter(_parser.parse("publiee (du|le|au) \\d"))
