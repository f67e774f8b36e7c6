"""`clausier audit` through click's CliRunner: options, outputs and exit codes.

Runs in-process with --jobs 1 (each file in a sandbox child forked from the
test process, so the model loads once for the session); the cache folder is a
temporary one for every test.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import lint.executors
from lint.cli import main
from lint.executors import run_task

from forked_calls import CallLog

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEXT_SAMPLES = sorted(CORPUS.glob("*/contrat.txt"))
DOCX_SAMPLE = CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "lot"
    (root / "sub").mkdir(parents=True)
    shutil.copy(TEXT_SAMPLES[0], root / "a.txt")
    shutil.copy(TEXT_SAMPLES[1], root / "sub" / "b.txt")
    (root / "~$b.docx").write_bytes(b"lock")
    (root / "vide.docx").write_bytes(b"")
    return root


@pytest.fixture
def counted(monkeypatch, tmp_path) -> CallLog:
    calls = CallLog(tmp_path / "calls.log")
    monkeypatch.setattr(lint.executors, "run_task", calls.wrap(run_task))
    return calls


def audit(*args: str):
    return CliRunner().invoke(main, ["audit", "--jobs", "1", *args], catch_exceptions=False)


def test_folder_to_csv_one_row_per_file_and_exit_2_for_the_bad_one(folder, tmp_path):
    out = tmp_path / "lot.csv"
    result = audit(str(folder), "--format", "csv", "--output", str(out))
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [Path(r["chemin"]).name for r in rows] == ["a.txt", "b.txt", "vide.docx"]
    assert rows[2]["type d'erreur"] == "empty" and rows[0]["type d'erreur"] == ""
    assert "error [empty]" in result.stderr


def test_exit_codes_follow_fail_on(tmp_path):
    sample = str(TEXT_SAMPLES[0])
    report = json.loads(audit(sample, "--format", "json", "--fail-on", "never").stdout)
    severities = {f["severity"] for f in report["documents"][0]["findings"]}
    assert severities  # the sample has findings, so the thresholds below mean something
    assert audit(sample, "--fail-on", "never").exit_code == 0
    assert audit(sample, "--fail-on", "info").exit_code == 1
    expected_on_error = 1 if "error" in severities else 0
    assert audit(sample).exit_code == expected_on_error  # default: error


def test_config_fail_on_applies_when_the_flag_is_absent(tmp_path):
    shutil.copy(TEXT_SAMPLES[0], tmp_path / "c.txt")
    (tmp_path / "clausier.toml").write_text('fail-on = "info"\n')
    assert audit(str(tmp_path / "c.txt")).exit_code == 1
    assert audit(str(tmp_path / "c.txt"), "--fail-on", "never").exit_code == 0


def test_config_errors_exit_2_with_one_line(tmp_path):
    shutil.copy(TEXT_SAMPLES[0], tmp_path / "c.txt")
    (tmp_path / "clausier.toml").write_text('colour = "red"\n')
    result = audit(str(tmp_path / "c.txt"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "colour" in result.stderr
    assert audit(str(tmp_path / "c.txt"), "--config", str(tmp_path / "absent.toml")).exit_code == 2
    (tmp_path / "clausier.toml").unlink()
    bad_select = audit(str(tmp_path / "c.txt"), "--select", "no-such-rule")
    assert bad_select.exit_code == 2 and "no-such-rule" in bad_select.stderr


def test_select_and_ignore_filter_findings():
    sample = str(TEXT_SAMPLES[0])
    full = json.loads(audit(sample, "--format", "json").stdout)["documents"][0]["findings"]
    rule = full[0]["rule"]
    ignored = json.loads(audit(sample, "--format", "json", "--ignore", rule).stdout)["documents"][0]["findings"]
    selected = json.loads(audit(sample, "--format", "json", "--select", rule).stdout)["documents"][0]["findings"]
    assert rule not in {f["rule"] for f in ignored}
    assert {f["rule"] for f in selected} == {rule}


def test_second_run_comes_from_the_cache_and_no_cache_reruns(folder, counted):
    audit(str(folder), "--format", "json")
    assert len(counted) == 3
    second = audit(str(folder), "--format", "json")
    assert len(counted) == 3  # nothing analysed again
    assert len(json.loads(second.stdout)["documents"]) == 3
    audit(str(folder), "--format", "json", "--no-cache")
    assert len(counted) == 6


def test_ctrl_c_writes_the_partial_report_and_exits_130(folder, tmp_path, monkeypatch):
    def interrupt_on_second(task):
        if task.index == 1:
            raise KeyboardInterrupt
        return run_task(task)

    monkeypatch.setattr(lint.executors, "run_task", interrupt_on_second)
    out = tmp_path / "partiel.json"
    result = audit(str(folder), "--format", "json", "--output", str(out))
    assert result.exit_code == 130
    assert "Traceback" not in result.output + result.stderr
    report = json.loads(out.read_text())
    assert report["interrupted"] is True and len(report["documents"]) == 1


def test_jobs_2_keeps_input_order(folder):
    files = [str(folder / "sub" / "b.txt"), str(folder / "vide.docx"), str(folder / "a.txt")]
    result = CliRunner().invoke(main, ["audit", "--jobs", "2", "--no-cache", "--format", "json", *files])
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == files


def test_no_files_is_a_usage_error(tmp_path):
    result = audit(str(tmp_path))
    assert result.exit_code == 2 and "no contract files" in result.stderr


def test_html_portfolio_with_a_page_per_contract(folder, tmp_path):
    out = tmp_path / "rapport.html"
    result = audit(str(folder), "--format", "html", "--output", str(out))
    assert result.exit_code == 2  # vide.docx
    page = out.read_text(encoding="utf-8")
    pages = sorted(p.name for p in (tmp_path / "rapport_files").iterdir())
    assert pages == ["01-a.html", "02-sub-b.html", "03-vide.html"]
    for name in pages:
        assert f'href="rapport_files/{name}"' in page
    assert "http" not in page.replace("http-equiv", "")  # self-contained, offline
    assert "class=\"error\"" in page


def test_annotate_refuses_non_docx_and_several_inputs(folder, tmp_path):
    pdf_like = audit(str(folder / "a.txt"), "--annotate", str(tmp_path / "x.docx"))
    assert pdf_like.exit_code == 2 and ".docx" in pdf_like.stderr
    several = audit(str(folder), "--annotate", str(tmp_path / "x.docx"))
    assert several.exit_code == 2 and "single" in several.stderr


def test_annotate_writes_a_commented_copy(tmp_path):
    pytest.importorskip("lint.annotate")
    dest = tmp_path / "annoté.docx"
    result = audit(str(DOCX_SAMPLE), "--annotate", str(dest), "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert dest.is_file() and dest.read_bytes()[:2] == b"PK"


def test_colour_is_off_for_pipes_and_options_reach_reporters(monkeypatch):
    seen = {}
    from lint import reporters

    monkeypatch.setitem(reporters.REPORTERS, "json", lambda report, options: seen.update(options) or "{}")
    audit(str(TEXT_SAMPLES[0]), "--format", "json", "--quiet")
    assert seen["color"] is False and seen["quiet"] is True
    audit(str(TEXT_SAMPLES[0]), "--format", "json", "--color")
    assert seen["color"] is True and seen["families"]
