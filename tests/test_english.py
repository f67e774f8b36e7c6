"""English contracts: the language folder rules/en/, --lang, mixed batches,
the English rule cases (tests/rule_cases/en/, read with the language key
`en`), the examples of the English rule docs, and CUAD scoring (skipped
when ../shared/ is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lint.cli import main
from lint.config import Config
from lint.engine import audit_document
from lint.nlp.languages import LANGUAGES
from lint.parsers.text import parse_text
from lint.ruleset.loader import load_rulepack
from lint.ruleset.schema import RulePackError

try:
    from docx_builders import new_document, p
except ImportError:  # pragma: no cover
    from tests.docx_builders import new_document, p

CASES_DIR = Path(__file__).parent / "rule_cases"
CUAD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "contracts" / "cuad"
ENGLISH = """MASTER SERVICES AGREEMENT

This Master Services Agreement is entered into between Alpha Inc., a Delaware corporation, and Beta LLC.

1. Services. The Supplier shall provide the consulting services described in Exhibit A.

2. Fees. The Customer shall pay the Supplier a monthly fee of USD 5,000 within thirty (30) days of invoice.

3. Non-Competition. During the Term, the Supplier shall not provide services to any business that competes with the Customer.

4. Governing Law. This Agreement shall be governed by the laws of the State of New York.
"""
FRENCH = """CONTRAT DE PRESTATION DE SERVICES

Article 1 – Objet
Le présent contrat a pour objet de définir les conditions dans lesquelles le Prestataire réalise le site internet du Client.

Article 2 – Droit applicable
Le contrat est soumis au droit français ; tout litige relève du tribunal de commerce de Lyon.
"""


def _lang_cases(lang: str) -> dict[str, dict]:
    folder = CASES_DIR / lang
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {} for path in sorted(folder.glob("*.yml"))}


def _audit(text: str, tmp_path: Path, lang: str = "en", profile: str = "partnership"):
    path = tmp_path / "case.txt"
    path.write_text(text, encoding="utf-8")
    report = audit_document(parse_text(path), config=Config(language=lang), profile=profile)
    assert report.error is None, report.error
    return report


def _presence_params():
    out = []
    for lang in (d.name for d in sorted(CASES_DIR.iterdir()) if d.is_dir() and d.name in LANGUAGES):
        for family, data in _lang_cases(lang).items():
            for expected in ("present", "absent"):
                for n, text in enumerate((data.get("presence") or {}).get(expected) or [], 1):
                    out.append(pytest.param(lang, family, expected, text, id=f"{lang}-{family}-{expected}-{n}"))
    return out


def _rule_params():
    out = []
    for lang in (d.name for d in sorted(CASES_DIR.iterdir()) if d.is_dir() and d.name in LANGUAGES):
        for family, data in _lang_cases(lang).items():
            for rule, spec in (data.get("rules") or {}).items():
                for expected in ("fail", "pass"):
                    for n, text in enumerate(spec.get(expected) or [], 1):
                        out.append(pytest.param(lang, rule, expected, text, id=f"{lang}-{rule}-{expected}-{n}"))
    return out


def _docs_params():
    out = []
    for rule in load_rulepack().rules:
        for lang, text in rule.text.items():
            if lang == "fr" or rule.name == "missing-clause":
                continue
            for expected, example in (("fail", text.fail), ("pass", text.passing)):
                assert example, f"{rule.name}: the {lang} block has no {expected} example"
                out.append(pytest.param(lang, rule.name, expected, example, id=f"{lang}-{rule.name}-docs-{expected}"))
    return out


@pytest.mark.parametrize(("lang", "family", "expected", "text"), _presence_params())
def test_presence_case(lang, family, expected, text, tmp_path):
    report = _audit(text, tmp_path, lang)
    status = next(c for c in report.clauses if c.id == family)
    want = "present" if expected == "present" else "missing"
    assert status.status == want, f"{family} should be {want}: {status.explanation}"


@pytest.mark.parametrize(("lang", "rule", "expected", "text"), _rule_params() + _docs_params())
def test_rule_case(lang, rule, expected, text, tmp_path):
    report = _audit(text, tmp_path, lang)
    fired = [f for f in report.findings if f.rule == rule]
    assert bool(fired) == (expected == "fail"), f"{rule} {'should' if expected == 'fail' else 'should not'} fire: {[f.excerpt for f in report.findings]}"


def test_every_family_has_an_english_block():
    pack = load_rulepack()
    assert [f.id for f in pack.families if "en" not in f.detection] == []
    assert all("en" in p.title_phrases for p in pack.profiles.values())


def test_french_only_rules_do_not_run_on_english():
    pack = load_rulepack()
    assert "en" not in pack.rule("party-identification").text


def test_language_folder_names_only_known_rules(tmp_path):
    extra = tmp_path / "playbook"
    (extra / "en").mkdir(parents=True)
    (extra / "en" / "x.yml").write_text("rules:\n  - name: no-such-rule\n    title: t\n    message: m\n    suggestion: s\n    docs: {basis: b, fail: f, pass: p}\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="no-such-rule"):
        load_rulepack((str(extra),))


def test_english_contract_is_audited_in_english(tmp_path):
    report = _audit(ENGLISH, tmp_path, lang="auto", profile=None)
    assert report.language == "en" and report.profile == "services"
    present = {c.id for c in report.clauses if c.present}
    assert {"non-compete", "jurisdiction", "financial-terms"} <= present
    missing = [f for f in report.findings if f.rule == "missing-clause"]
    assert missing and all(f.message.startswith(("Essential clause missing", "Optional clause missing")) for f in missing)


def test_cli_lang_option_and_mixed_batch(tmp_path):
    (tmp_path / "msa.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "contrat.txt").write_text(FRENCH, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--format", "json", "--no-cache", "-j", "1", "-q"])
    assert result.exit_code in (0, 1), result.output
    languages = {Path(d["path"]).name: d["language"] for d in json.loads(result.stdout)["documents"]}
    assert languages == {"msa.txt": "en", "contrat.txt": "fr"}
    forced = CliRunner().invoke(main, ["audit", str(tmp_path / "msa.txt"), "--lang", "en", "--format", "json", "--no-cache", "-q"])
    assert json.loads(forced.stdout)["documents"][0]["language"] == "en"
    bad = CliRunner().invoke(main, ["audit", str(tmp_path / "msa.txt"), "--lang", "de"])
    assert bad.exit_code == 2


def test_html_portfolio_has_a_language_column(tmp_path):
    (tmp_path / "msa.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "contrat.txt").write_text(FRENCH, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--format", "html", "--no-cache", "-j", "1", "-q"])
    assert result.exit_code in (0, 1)
    assert ">en<" in result.stdout and ">fr<" in result.stdout


def test_annotate_english_docx(tmp_path):
    source, dest = tmp_path / "msa.docx", tmp_path / "msa-annotated.docx"
    body = "".join(p(line) for line in ENGLISH.splitlines() if line.strip())
    new_document(body + p("The Supplier shall use its best efforts to deliver the reports.")).save(str(source))
    result = CliRunner().invoke(main, ["audit", str(source), "--annotate", str(dest), "--no-cache", "-q"])
    assert result.exit_code in (0, 1), result.output
    assert dest.is_file()
    import zipfile

    comments = zipfile.ZipFile(dest).read("word/comments.xml").decode("utf-8")
    assert "best efforts" in comments


@pytest.mark.skipif(not (CUAD_DIR / "master_clauses-dev.csv").is_file(), reason="../shared/contracts/cuad is absent")
def test_cuad_labels_map_categories_to_families():
    from lint.evaluation import CUAD_FAMILIES, CUAD_RECALL_FAMILIES, cuad_labels

    labels = cuad_labels(CUAD_DIR / "master_clauses-dev.csv")
    assert len(labels) == 100
    assert all(set(v) == set(CUAD_FAMILIES) | set(CUAD_RECALL_FAMILIES) for v in labels.values())
    assert sum(v["jurisdiction"] for v in labels.values()) > 50


def test_config_language_key():
    from lint.config import ConfigError, parse_config

    assert parse_config({"language": "en"}, "clausier.toml").language == "en"
    assert Config().fingerprint() == Config(language="auto").fingerprint()  # detection keeps the cache keys of before
    with pytest.raises(ConfigError, match="language"):
        parse_config({"language": "de"}, "clausier.toml")


def test_english_entities():
    from lint.nlp.entities_en import find_amount_mismatches, find_durations, parse_number_words

    assert parse_number_words("one hundred and twenty") == 120 and parse_number_words("twenty-four") == 24
    assert [months for _, _, months in find_durations("twelve (12) months, 2 years, in perpetuity")] == [12, 24, None]
    assert find_amount_mismatches("within thirty (60) days") and not find_amount_mismatches("three (3) million dollars ($3,000,000)")


def test_explain_in_english():
    result = CliRunner().invoke(main, ["explain", "non-compete-no-duration", "--lang", "en"])
    assert result.exit_code == 0
    assert "Non-compete with no time limit" in result.output and "Restraint of trade" in result.output
    assert "During the Term and for twelve (12) months" in result.output


MIN_CASES = 3


def test_every_language_block_has_cases():
    """As for French: every family has presence cases, every rule failing and
    passing ones (its docs examples count), in each language folder."""
    pack = load_rulepack()
    short = []
    for lang in (d.name for d in sorted(CASES_DIR.iterdir()) if d.is_dir() and d.name in LANGUAGES):
        files = _lang_cases(lang)
        for family in pack.families:
            if lang not in family.detection:
                continue
            presence = files.get(family.id, {}).get("presence") or {}
            if min(len(presence.get("present") or []), len(presence.get("absent") or [])) < MIN_CASES:
                short.append(f"{lang}/{family.id}: presence")
        counts = {rule: spec for data in files.values() for rule, spec in (data.get("rules") or {}).items()}
        for rule in pack.rules:
            if lang not in rule.text or rule.name == "missing-clause":
                continue
            spec = counts.get(rule.name, {})
            for expected in ("fail", "pass"):
                if len(spec.get(expected) or []) + 1 < MIN_CASES:  # + the docs example
                    short.append(f"{lang}/{rule.name}: {expected}")
    assert not short, "too few English cases:\n" + "\n".join(short)
