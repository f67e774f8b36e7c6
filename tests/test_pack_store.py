"""The rule pack read from YAML is kept in the cache folder between runs:
read back only for the same rule files and code, and signed; read from the
YAML again otherwise. A pack with an error is never kept."""

from __future__ import annotations

import pickle
import textwrap

import pytest

from lint.ruleset import loader
from lint.ruleset.loader import PACK_STORE_NAME, RulePackError, load_rulepack

from test_ruleset_loader import GOOD_RULE as PLAYBOOK  # a small valid playbook


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(folder))
    loader._load_rulepack_cached.cache_clear()
    yield folder
    loader._load_rulepack_cached.cache_clear()


@pytest.fixture
def reads(count_calls) -> list[tuple[str, ...]]:
    """Every read of a pack from its YAML."""
    return count_calls(loader, "_read_rulepack")


def _fresh(extra_dirs=()):
    """load_rulepack as a new process would call it."""
    loader._load_rulepack_cached.cache_clear()
    return load_rulepack(extra_dirs)


def _same(a, b) -> bool:
    return (a.families, a.rules, a.profiles, a.conditions, a.default_profile, a.version, a.thresholds, a.profile_detection, a.confidence, a.sources) == (
        b.families, b.rules, b.profiles, b.conditions, b.default_profile, b.version, b.thresholds, b.profile_detection, b.confidence, b.sources
    )


def _playbook(tmp_path, content=PLAYBOOK):
    extra = tmp_path / "playbook"
    extra.mkdir(exist_ok=True)
    (extra / "extra.yml").write_text(textwrap.dedent(content), encoding="utf-8")
    return (str(extra),)


def test_the_pack_is_read_from_yaml_once_then_from_the_store(cache_dir, reads):
    first = _fresh()
    assert (cache_dir / "derived" / PACK_STORE_NAME).is_file() and len(reads) == 1
    second = _fresh()
    assert len(reads) == 1 and second is not first
    assert _same(first, second)
    assert loader._read_rulepack(()) and _same(second, loader._read_rulepack(()))


def test_a_changed_rule_file_is_read_again(cache_dir, reads, tmp_path):
    extra = _playbook(tmp_path)
    assert _fresh(extra).rule("PB-001").severity == "info"
    _playbook(tmp_path, PLAYBOOK.replace("severity: info", "severity: warning"))
    assert _fresh(extra).rule("PB-001").severity == "warning"
    (tmp_path / "playbook" / "more.yml").write_text(textwrap.dedent(PLAYBOOK).replace("PB-001", "PB-002").replace("playbook-no-escrow", "playbook-two"), encoding="utf-8")
    assert _fresh(extra).rule("PB-002").name == "playbook-two"
    assert len(reads) == 3


def test_a_pack_with_an_error_is_never_stored(cache_dir, reads, tmp_path):
    extra = _playbook(tmp_path, PLAYBOOK.replace("check: wording", "check: nonsense"))
    for _ in range(2):
        with pytest.raises(RulePackError):
            _fresh(extra)
    assert len(reads) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data.replace(b"playbook-no-escrow", b"playbook-no-escrox"),  # edited, signature kept
        lambda data: b"0" * 64 + b"\n" + data.partition(b"\n")[2],  # signature replaced
    ],
)
def test_a_damaged_or_altered_store_is_not_used(cache_dir, reads, tmp_path, damage):
    extra = _playbook(tmp_path)
    _fresh(extra)
    path = cache_dir / "derived" / PACK_STORE_NAME
    path.write_bytes(damage(path.read_bytes()))
    assert _fresh(extra).rule("playbook-no-escrow").code == "PB-001"
    assert len(reads) == 2


def test_a_signed_store_that_is_not_a_pack_is_not_used(cache_dir, reads):
    from lint.cache import ReportCache, default_cache_dir

    _fresh()
    key = loader._pack_key([loader.builtin_rules_dir()])
    ReportCache(default_cache_dir(), salt="").put_derived(PACK_STORE_NAME, key.encode() + b"\n" + pickle.dumps({"not": "a pack"}))
    assert _fresh().families and len(reads) == 2


def test_without_a_usable_cache_folder_the_pack_is_read_every_time(tmp_path, monkeypatch, reads):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(blocker / "cache"))
    try:
        assert _fresh().families and _fresh().families
    finally:
        loader._load_rulepack_cached.cache_clear()
    assert len(reads) == 2


def test_the_key_covers_the_files_the_reader_reads(tmp_path):
    # A rule folder's own files and its language folders' (rules/en/…), not
    # whatever else lies under it.
    folder = tmp_path / "rules"
    for name in ("family.yml", "en/family.yml", "notes/draft.yml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("a: 1\n", encoding="utf-8")
    key = loader._pack_key([folder])
    (folder / "notes" / "draft.yml").write_text("a: 2\n", encoding="utf-8")
    assert loader._pack_key([folder]) == key
    for name in ("en/family.yml", "family.yml"):
        (folder / name).write_text("a: 3\n", encoding="utf-8")
        assert loader._pack_key([folder]) != key
        key = loader._pack_key([folder])
    assert loader._pack_key([tmp_path / "missing"]) is None
