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


def test_compile_all_stores_the_start_strings_and_reads_them_back(cache_dir, count_calls):
    # A second bank of the pack takes each pattern's start strings from the cache folder,
    # and they are the ones choosing gives; a damaged store is chosen again.
    from lint.checks import matching
    from lint.checks.matching import MatcherBank
    from lint.engine import matcher_bank
    from lint.ruleset.loader import load_rulepack

    nodes = list(matcher_bank(load_rulepack(), "fr")._regex_leaves)
    first = MatcherBank(nodes)
    first.compile_all()
    assert (cache_dir / "derived" / prefilter.STARTS_INDEX_NAME).is_file()
    calls = count_calls(matching, "starts_of")
    second = MatcherBank(nodes)
    second.compile_all()
    assert not calls
    assert _starts_of(second) == _starts_of(first) and any(starts for starts, _ in _starts_of(second))
    path = cache_dir / "derived" / prefilter.STARTS_INDEX_NAME
    path.write_bytes(path.read_bytes()[:-9])
    third = MatcherBank(nodes)
    third.compile_all()
    assert calls and _starts_of(third) == _starts_of(first)
