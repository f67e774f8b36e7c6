"""Configuration: clausier.toml or [tool.clausier], strict keys, selection, severities, thresholds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.config import ConfigError, load_config, validate_selectors
from lint.engine import audit_file
from lint.ruleset.loader import load_rulepack

from conftest import CORPUS

SAMPLE = CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"


def _copy_sample(tmp_path):
    target = tmp_path / "contrat.docx"
    target.write_bytes(SAMPLE.read_bytes())
    return target


def test_no_config_gives_defaults(tmp_path):
    config = load_config(_copy_sample(tmp_path))
    assert config.profile is None and config.threshold("non-compete-max-months") == 24


def test_clausier_toml_found_in_a_parent_folder(tmp_path):
    (tmp_path / "clausier.toml").write_text('profile = "services"\n[thresholds]\nnon-compete-max-months = 12\n', encoding="utf-8")
    sub = tmp_path / "dossiers" / "2026"
    sub.mkdir(parents=True)
    config = load_config(_copy_sample(sub))
    assert config.profile == "services" and config.threshold("non-compete-max-months") == 12


def test_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.clausier]\nignore = ["vague-term"]\n', encoding="utf-8")
    assert load_config(_copy_sample(tmp_path)).ignore == ("vague-term",)


@pytest.mark.parametrize("content, key", [
    ("colour = 'rouge'\n", "colour"),
    ("[thresholds]\nnon-compete-max-mois = 12\n", "thresholds.non-compete-max-mois"),
    ("profile = 'bail'\n", "profile"),
    ("[severity]\nvague-term = 'critique'\n", "severity.vague-term"),
])
def test_unknown_keys_are_errors_that_name_them(tmp_path, content, key):
    (tmp_path / "clausier.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(_copy_sample(tmp_path))
    assert error.value.key == key


def test_unknown_selector_is_an_error(tmp_path):
    (tmp_path / "clausier.toml").write_text("select = ['no-such-rule']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no-such-rule"):
        validate_selectors(load_config(_copy_sample(tmp_path)), load_rulepack())


def test_select_ignore_and_severity_change_the_findings(tmp_path):
    sample = _copy_sample(tmp_path)
    before = {f.rule for f in audit_file(sample).findings}
    assert {"vague-term", "termination-no-notice"} <= before
    (tmp_path / "clausier.toml").write_text("ignore = ['vague-term']\n[severity]\ntermination-no-notice = 'error'\n", encoding="utf-8")
    report = audit_file(sample, config=load_config(sample))
    rules = {f.rule: f.severity.value for f in report.findings}
    assert "vague-term" not in rules and rules["termination-no-notice"] == "error"
    (tmp_path / "clausier.toml").write_text("select = ['TERM']\n", encoding="utf-8")
    assert {f.rule for f in audit_file(sample, config=load_config(sample)).findings} <= {"termination-no-notice", "renewal-no-notice", "missing-clause"}


def test_threshold_changes_a_rule(tmp_path):
    text = tmp_path / "nc.txt"
    text.write_text(
        "Article 1 – Non-concurrence\n\nPendant dix-huit (18) mois après la fin du Contrat, le Partenaire s'interdit toute "
        "activité concurrente de celle du Client en France.\n", encoding="utf-8")
    assert "non-compete-excessive-duration" not in {f.rule for f in audit_file(text).findings}
    (tmp_path / "clausier.toml").write_text("[thresholds]\nnon-compete-max-months = 12\n", encoding="utf-8")
    assert "non-compete-excessive-duration" in {f.rule for f in audit_file(text, config=load_config(text)).findings}


def test_bad_config_on_the_command_line_is_one_line_and_exit_2(tmp_path):
    sample = _copy_sample(tmp_path)
    (tmp_path / "clausier.toml").write_text("colour = 'rouge'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(sample), "--jobs", "1", "--no-cache"])
    assert result.exit_code == 2 and "colour" in result.stderr and "Traceback" not in result.output
