"""The rule-pack loader is strict: every mistake names the file and the key."""

from __future__ import annotations

import textwrap

import pytest

from lint.ruleset.loader import builtin_rules_dir, load_rulepack
from lint.ruleset.schema import CHECK_KINDS, RulePackError

FAMILY_IDS = {"scope", "financial-terms", "roles", "confidentiality", "personal-data", "intellectual-property", "non-compete",
              "non-solicitation", "legal-identity", "jurisdiction", "amicable-resolution", "duration", "termination", "kpi", "evolution"}


def test_builtin_pack_loads_with_the_fixed_family_ids():
    pack = load_rulepack()
    assert {f.id for f in pack.families} == FAMILY_IDS
    assert [f.id for f in pack.families][:3] == ["scope", "financial-terms", "roles"]
    assert set(pack.profiles) == {"partnership", "services", "nda", "dpa", "license", "terms", "amendment"}


def test_every_rule_is_documented_and_uses_a_known_check():
    for rule in load_rulepack().rules:
        assert rule.check in CHECK_KINDS
        assert rule.docs.why.strip() and rule.docs.basis.strip() and rule.docs.fail.strip() and rule.docs.passing.strip(), rule.name
        assert "fr" in rule.text and rule.text["fr"].message and rule.text["fr"].suggestion, rule.name


def _pack_with(tmp_path, content: str):
    extra = tmp_path / "playbook"
    extra.mkdir()
    (extra / "extra.yml").write_text(textwrap.dedent(content), encoding="utf-8")
    return load_rulepack((str(extra),))


GOOD_RULE = """
rules:
  - name: playbook-no-escrow
    code: PB-001
    family: intellectual-property
    severity: info
    check: wording
    fr:
      title: Séquestre
      message: Pas de séquestre.
      suggestion: Prévoyez un séquestre du code source.
      match:
        regex: ['code source']
    docs: {why: w, basis: b, fail: f, pass: p}
"""


def test_extra_rule_folder_adds_a_company_playbook(tmp_path):
    pack = _pack_with(tmp_path, GOOD_RULE)
    assert pack.rule("playbook-no-escrow").code == "PB-001"
    assert pack.rule("PB-001").name == "playbook-no-escrow"


@pytest.mark.parametrize(
    "mutation, key",
    [
        (("severity: info", "severity: info\n    colour: red"), "colour"),
        (("check: wording", "check: regexp"), "check"),
        (("regex: ['code source']", "regex: ['code (source']"), "regex[0]"),
        (("regex: ['code source']", "patterns: [[{LOWERCASE: code}]]"), "patterns[0]"),
        (("family: intellectual-property", "family: escrow"), "family"),
        (("name: playbook-no-escrow", "name: Playbook_No_Escrow"), "name"),
        (("      match:\n        regex: ['code source']\n", ""), "match"),
        (("regex: ['code source']", "regex: ['{{no-such-class}} source']"), "regex[0]"),
        (("      match:", "      certain:\n        regex: ['x']\n      match:"), "certain"),
    ],
    ids=["unknown-key", "unknown-check", "bad-regex", "bad-spacy-pattern", "unknown-family", "not-kebab-case", "check-needs-match",
         "unknown-word-class", "certain-without-note"],
)
def test_mistakes_name_the_file_and_key(tmp_path, mutation, key):
    old, new = mutation
    with pytest.raises(RulePackError) as error:
        _pack_with(tmp_path, GOOD_RULE.replace(old, new))
    assert error.value.file.endswith("extra.yml") or "extra.yml" in str(error.value)
    assert key in error.value.key


def test_a_key_written_twice_is_refused(tmp_path):
    # YAML alone keeps the second and drops the first: a rule's second `unless:` would replace the first silently.
    with pytest.raises(RulePackError, match="duplicate key 'match'") as error:
        _pack_with(tmp_path, GOOD_RULE.replace("      match:", "      match:\n        regex: ['escrow']\n      match:", 1))
    assert "extra.yml" in str(error.value)


def test_duplicate_rule_name_is_refused(tmp_path):
    with pytest.raises(RulePackError, match="already used"):
        _pack_with(tmp_path, GOOD_RULE.replace("playbook-no-escrow", "placeholder"))


def test_installed_rules_ship_with_the_package():
    # In a wheel the YAML lives in lint/_rules; in a checkout, in rules/.
    folder = builtin_rules_dir()
    assert (folder / "profiles.yml").is_file() and len(list(folder.glob("*.yml"))) >= 17


def test_word_classes_expand_in_rule_patterns(tmp_path):
    # {{staff-noun}} comes from rules/lexicon.yml and matches every form of the class.
    pack = _pack_with(tmp_path, GOOD_RULE.replace("regex: ['code source']", "regex: ['{{staff-noun}} affecte']"))
    pattern = pack.rule("playbook-no-escrow").text["fr"].match.values[0]
    assert "{{" not in pattern and "salarie" in pattern and "collaborat" in pattern


def test_lexicon_classes_compile_and_build_on_each_other():
    import re

    import yaml

    from lint.ruleset.loader import LEXICON_FILE, _load_lexicon

    path = builtin_rules_dir() / LEXICON_FILE
    lexicon = _load_lexicon(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(lexicon["fr"]) == set(raw["fr"])
    for name, pattern in lexicon["fr"].items():
        assert "{{" not in pattern, name
        re.compile(pattern)
    # hiring-verb builds on staff-noun: « engager » hires only a member of staff.
    hiring = re.compile(lexicon["fr"]["hiring-verb"])
    assert hiring.search("engager un salarie de l'autre partie")
    assert not hiring.fullmatch("engager la responsabilite")


SETTINGS_MISTAKES = [
    (("confidence: {base: 0.6,", "confidence: {base: -0.6,"), "confidence.base"),
    (("profile_detection: {title_min_score: 90, content_min_blocks: 3}", "profile_detection: {title_min_score: 90, content_min_blocks: 2.5}"), "profile_detection.content_min_blocks"),
    (("present_offset: 0.25}", "present_offset: 0.25, floor: 1}"), "confidence.floor"),
    (("  notice-min-days: 30\n", "  notice-min-days: trente\n"), "thresholds.notice-min-days"),
    (("profile_detection: {title_min_score: 90, content_min_blocks: 3}\n", ""), "profile_detection"),
]


@pytest.mark.parametrize("mutation, key", SETTINGS_MISTAKES, ids=[key for _, key in SETTINGS_MISTAKES])
def test_pack_settings_are_typed_and_checked(tmp_path, mutation, key):
    from lint.ruleset.loader import _settings

    old, new = mutation
    text = (builtin_rules_dir() / "profiles.yml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "profiles.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        _settings(path)
    assert error.value.key == key and error.value.file == "profiles.yml"


def test_profile_title_score_comes_from_the_pack(tmp_path):
    import dataclasses

    from lint.checks.profiles import detect_profile
    from lint.parsers.text import parse_text

    pack = load_rulepack()
    path = tmp_path / "contrat.txt"
    path.write_text("Contrat de prestation de services\n\nArticle 1 – Objet\n\nLe Prestataire réalise le site.\n", encoding="utf-8")
    document = parse_text(path)
    found = detect_profile(pack, document, [], "fr")
    assert found != pack.default_profile
    strict = dataclasses.replace(pack, profile_detection=dataclasses.replace(pack.profile_detection, title_min_score=101.0))
    assert detect_profile(strict, document, [], "fr") == pack.default_profile


def test_equal_matcher_nodes_are_one_node_however_they_are_made():
    # Matching looks nodes up by identity: a node equal to another, built
    # again, copied, replaced or read back from a stored pack, must be it.
    import copy
    import dataclasses
    import pickle

    from lint.ruleset.loader import MatchNode

    leaf = MatchNode("regex", values=("prix (ferme|fixe)",), where="t.yml: match")
    tree = MatchNode("all", children=(leaf, MatchNode("not", children=(MatchNode("phrases", values=("sans objet",)),))))
    again = MatchNode("all", children=(MatchNode("regex", ("prix (ferme|fixe)",), (), "t.yml: match"), MatchNode("not", children=(MatchNode("phrases", values=("sans objet",)),))))
    assert again is tree and again == tree and hash(again) == hash(tree)
    assert pickle.loads(pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL)) is tree
    assert copy.deepcopy(tree) is tree and dataclasses.replace(leaf) is leaf
    other = dataclasses.replace(leaf, where="u.yml: match")
    assert other is not leaf and other != leaf and {leaf: 1}.get(other) is None
    pack = load_rulepack()
    stored = pickle.loads(pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
    assert stored.families[0].detection["fr"].signals[0].match is pack.families[0].detection["fr"].signals[0].match
