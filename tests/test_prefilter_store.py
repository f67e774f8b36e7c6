"""The prefilter's literal index is kept between runs in the cache folder:
read back only when it is this pack's, this code's and signed, derived again
otherwise, and always equal to what required_literals gives."""

from __future__ import annotations

import json

import pytest

from lint.checks import prefilter
from lint.checks.prefilter import LITERAL_INDEX_NAME, literal_index, required_literals

PATTERNS = [r"s'interdi\w* (\S+ ){0,8}(divulg|communiqu)", r"\d{3} ?rcs", r"(duree|terme) de (un|deux) ans", r"a(b|c)"]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(folder))
    return folder


def _stored(cache_dir):
    return cache_dir / "derived" / LITERAL_INDEX_NAME


def test_the_index_is_derived_once_then_read_back(cache_dir, count_calls):
    expected = [required_literals(p) for p in PATTERNS]
    calls = count_calls(prefilter, "required_literals")
    assert literal_index(PATTERNS) == expected and len(calls) == len(PATTERNS)
    assert _stored(cache_dir).is_file()
    assert literal_index(PATTERNS) == expected and len(calls) == len(PATTERNS)  # read, not derived


def test_other_patterns_derive_their_own_index(cache_dir, count_calls):
    literal_index(PATTERNS)
    calls = count_calls(prefilter, "required_literals")
    changed = [*PATTERNS[:-1], r"(clause|article) penale"]
    assert literal_index(changed) == [required_literals(p) for p in changed]
    assert calls == changed


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7],  # truncated
        lambda data: data.replace(b"divulg", b"zzzzzz"),  # edited, signature kept
        lambda data: b"not a signature\n" + data.partition(b"\n")[2],  # signature replaced
        lambda data: b"\x00\xff" * 40,  # garbage
    ],
)
def test_a_damaged_or_altered_index_is_derived_again(cache_dir, count_calls, damage):
    expected = [required_literals(p) for p in PATTERNS]
    literal_index(PATTERNS)
    path = _stored(cache_dir)
    path.write_bytes(damage(path.read_bytes()))
    calls = count_calls(prefilter, "required_literals")
    assert literal_index(PATTERNS) == expected
    assert len(calls) == len(PATTERNS)


def test_a_signed_index_of_the_wrong_shape_is_not_used(cache_dir, count_calls):
    # Signed by this user's secret but not an index for these patterns
    # (e.g. written by another version): derived again.
    from lint.cache import ReportCache, default_cache_dir

    expected = [required_literals(p) for p in PATTERNS]
    literal_index(PATTERNS)
    key = json.loads(_stored(cache_dir).read_bytes().partition(b"\n")[2])["key"]
    store = ReportCache(default_cache_dir(), salt="")
    for wrong in ({"key": key, "literals": expected[:-1]}, {"key": key, "literals": [[["ok", 3]]] * len(PATTERNS)}, {"key": "other", "literals": expected}):
        store.put_derived(LITERAL_INDEX_NAME, json.dumps(wrong).encode())
        calls = count_calls(prefilter, "required_literals")
        assert literal_index(PATTERNS) == expected and len(calls) == len(PATTERNS)


def test_without_a_usable_cache_folder_the_index_is_derived(tmp_path, monkeypatch, count_calls):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(blocker / "cache"))
    calls = count_calls(prefilter, "required_literals")
    assert literal_index(PATTERNS) == [required_literals(p) for p in PATTERNS]
    assert literal_index(PATTERNS) and len(calls) == 2 * len(PATTERNS)


def test_a_bank_reads_the_stored_index_of_its_own_patterns(cache_dir, count_calls):
    # Two banks of one pack, the second reading what the first stored: same requirements.
    from lint.checks.matching import MatcherBank
    from lint.engine import matcher_bank
    from lint.ruleset.loader import load_rulepack

    nodes = list(matcher_bank(load_rulepack(), "fr")._regex_leaves)
    first = MatcherBank(nodes)
    first._index()
    calls = count_calls(prefilter, "required_literals")
    second = MatcherBank(nodes)
    second._index()
    assert not calls
    assert second._requirements == first._requirements and any(second._requirements)
    assert second._leaf_checks == first._leaf_checks and second._digit_sets == first._digit_sets


def _starts_of(bank):
    return [(p._starts, p._seek.pattern if p._seek is not None else None) for p in bank._patterns]


def _compiled_of(bank):
    return [(p._compiled.pattern, p._compiled.flags, p._compiled.groups, p._compiled.groupindex) for p in bank._patterns]


SAMPLE = (
    "Le Prestataire s'interdit, pendant deux ans, de proposer un poste aux salariés du Client. "
    "Tout litige sera porté devant le tribunal de commerce de Lyon. RCS Lyon 552 100 554, article 12.3."
)


def _hits(bank):
    return [[m.span() for m in p._compiled.finditer(SAMPLE.lower())] for p in bank._patterns]


def test_compile_all_stores_what_it_derives_and_reads_it_back(cache_dir, count_calls):
    # A second bank of the pack takes each pattern's start strings, literals and compiled
    # code from the cache folder without parsing any pattern, and they give what deriving
    # gives; a damaged store is derived again.
    from lint.checks import matching
    from lint.checks.matching import MatcherBank
    from lint.engine import matcher_bank
    from lint.ruleset.loader import load_rulepack

    nodes = list(matcher_bank(load_rulepack(), "fr")._regex_leaves)
    first = MatcherBank(nodes)
    first.compile_all()
    assert (cache_dir / "derived" / prefilter.COMPILED_NAME).is_file()
    starts_calls = count_calls(matching, "starts_of")
    parse_calls = count_calls(matching, "parsed_with_literals")
    second = MatcherBank(nodes)
    second.compile_all()
    assert not starts_calls and not parse_calls
    assert _starts_of(second) == _starts_of(first) and any(starts for starts, _ in _starts_of(second))
    assert second._requirements == first._requirements and any(second._requirements)
    assert _compiled_of(second) == _compiled_of(first)
    assert _hits(second) == _hits(first) and any(_hits(second))
    path = cache_dir / "derived" / prefilter.COMPILED_NAME
    path.write_bytes(path.read_bytes()[:-9])
    third = MatcherBank(nodes)
    third.compile_all()
    assert starts_calls and parse_calls and _starts_of(third) == _starts_of(first) and _compiled_of(third) == _compiled_of(first)


def test_code_the_regex_engine_refuses_is_derived_again(cache_dir, monkeypatch):
    # The store is signed, but a program the engine would not run (another
    # engine's code under the same key) must not be used: _sre checks it.
    from lint.checks.matching import MatcherBank, bounded_source
    from lint.engine import matcher_bank
    from lint.ruleset.loader import load_rulepack

    nodes = list(matcher_bank(load_rulepack(), "fr")._regex_leaves)[:20]
    bank = MatcherBank(nodes)
    sources = [bounded_source(p.source) for p in bank._patterns]
    entries = [MatcherBank._derive(p, s)[:3] for p, s in zip(bank._patterns, sources)]
    prefilter.keep_compilation(sources, entries)
    assert prefilter.stored_compilation(sources) is not None
    broken = [(starts, literals, None if program is None else (program[0], [99] * len(program[1]), *program[2:])) for starts, literals, program in entries]
    prefilter.keep_compilation(sources, broken)
    assert prefilter.stored_compilation(sources) is None
