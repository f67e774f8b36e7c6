"""Reporters: snapshots of every format from one hand-built Report, and the
behaviour each format promises (escaping, colour, quiet mode, SARIF shape).

Snapshots change only with CLAUSIER_UPDATE_SNAPSHOTS=1; review their diff
like code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from lint.model import FindingLocation, Report
from lint.reporters import REPORTERS
from lint.reporters.common import locate_excerpt
from lint.reporters.csv import render_csv
from lint.reporters.html import render_html
from lint.reporters.json import render_json
from lint.reporters.portfolio import render_portfolio
from lint.reporters.markdown import escape, render_markdown
from lint.reporters.sarif import render_sarif
from lint.reporters.terminal import render_terminal
try:  # tests/ is a plain folder today; keep working if it becomes a package
    from reporting_fixtures import EN_PATH, FR_PATH, french_document, sample_paragraphs, sample_report
except ImportError:  # pragma: no cover
    from tests.reporting_fixtures import EN_PATH, FR_PATH, french_document, sample_paragraphs, sample_report

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("CLAUSIER_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as out:  # CSV rows end in CRLF: keep them
            out.write(actual)
        return
    assert path.exists(), f"no snapshot {path.name}; run with CLAUSIER_UPDATE_SNAPSHOTS=1 and review it"
    with open(path, encoding="utf-8", newline="") as stored:
        expected = stored.read()
    assert actual == expected, f"{path.name} differs; if intended, update with CLAUSIER_UPDATE_SNAPSHOTS=1"


@pytest.fixture(autouse=True)
def _no_color_env(monkeypatch):
    # Snapshots must not depend on the developer's terminal.
    monkeypatch.delenv("NO_COLOR", raising=False)


SNAPSHOT_CASES = {
    "report.txt": lambda r: render_terminal(r, {"color": False, "width": 100}),
    "report-quiet.txt": lambda r: render_terminal(r, {"quiet": True, "fail_on": "warning", "width": 100}),
    "report-color.ansi": lambda r: render_terminal(r, {"color": True, "width": 100}),
    "report.md": lambda r: render_markdown(r, {}),
    "report.sarif": lambda r: render_sarif(r, {}),
    "report.html": lambda r: render_html(r, {"paragraphs": sample_paragraphs()}),
    "report.csv": lambda r: render_csv(r, {}),
    "report.json": lambda r: render_json(r, {}),
    "portfolio.html": lambda r: render_portfolio(r, {}),
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT_CASES))
def test_snapshot(name):
    assert_snapshot(name, SNAPSHOT_CASES[name](sample_report()))


# --- one vocabulary across formats -------------------------------------------------------------

DISCLAIMER = "Clausier signale des points d'attention ; ce n'est pas un conseil juridique."
HUMAN_FORMATS = {
    "text": lambda r: render_terminal(r, {"width": 200}),
    "markdown": lambda r: render_markdown(r, {}),
    "html": lambda r: render_html(r, {}),
    "csv": lambda r: render_csv(r, {}),
    "portfolio": lambda r: render_portfolio(r, {}),
}


@pytest.mark.parametrize("name", sorted(HUMAN_FORMATS))
def test_missing_clauses_say_essential_or_optional_as_the_profile_does(name):
    """Évolution du contrat is optional in the profile, Données personnelles required:
    every format calls them so, and no format calls the optional one essential."""
    french = Report(tool_version="0.1.0", rules_version="x", documents=(french_document(),))
    out = HUMAN_FORMATS[name](french)
    plain = re.sub(r"\x1b\[[0-9;]*m|\\", "", out)
    assert "absente (facultative)" in plain and "absente (essentielle)" in plain
    assert "Clause essentielle absente : Évolution" not in plain
    if name in ("text", "markdown", "html"):
        assert "Clause facultative absente : Évolution du contrat" in plain.replace("&#39;", "'")


@pytest.mark.parametrize("name", ["text", "markdown", "html", "portfolio", "json", "sarif"])
def test_every_report_says_it_is_not_legal_advice(name):
    renderers = {**HUMAN_FORMATS, "json": lambda r: render_json(r, {}), "sarif": lambda r: render_sarif(r, {})}
    out = renderers[name](sample_report()).replace("&#39;", "'").replace("\\", "")
    assert DISCLAIMER in out


def test_absent_clause_confidence_is_explained_in_words():
    out = render_terminal(Report(tool_version="0.1.0", rules_version="x", documents=(french_document(),)), {"width": 200})
    row = next(line for line in out.splitlines() if "Données personnelles" in line and "absente" in line)
    assert "élevée" in row and "0.95" not in row
    assert "aucun passage approchant" in out


def test_csv_speaks_the_report_language():
    rows = list(csv.reader(io.StringIO(render_csv(sample_report(), {}))))
    assert rows[0][:4] == ["chemin", "format", "profil", "langue"]
    assert rows[0][-2:] == ["type d'erreur", "message d'erreur"]
    assert {"présente", "absente (essentielle)", "absente (facultative)"} <= set(rows[1])
    assert rows[3][-1].startswith("PDF sans texte")  # the reason in French, not the parser's English


def test_portfolio_cells_carry_a_symbol_as_well_as_a_colour():
    out = render_portfolio(sample_report(), {})
    for state, symbol in (("present", "✓"), ("missing_required", "✗"), ("missing_optional", "–")):
        assert re.search(rf'<td class="cell {state}"[^>]*><span aria-hidden="true">{symbol}</span>', out), state
    # Headers fit: details in parentheses go to the tooltip.
    assert ">Règlement amiable</th>" in out and 'title="Règlement amiable (médiation, conciliation)' in out


def test_registry_names_the_cli_formats():
    assert {"text", "json", "markdown", "sarif", "html"} <= set(REPORTERS)
    assert REPORTERS["text"] is render_terminal


# --- terminal ---------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[")
BOX_DRAWING = re.compile("[\u2500-\u257f]")


def test_terminal_plain_has_no_escape_codes_nor_box_drawing():
    out = render_terminal(sample_report(), {"color": False})
    assert not ANSI.search(out)
    assert not BOX_DRAWING.search(out)
    assert "3/5 clauses essentielles" in out
    assert "1/2 essential clauses" in out


def test_terminal_colour_only_when_asked_and_no_color_unset(monkeypatch):
    assert ANSI.search(render_terminal(sample_report(), {"color": True}))
    monkeypatch.setenv("NO_COLOR", "1")
    out = render_terminal(sample_report(), {"color": True})
    assert not ANSI.search(out)
    assert not BOX_DRAWING.search(out)


def test_terminal_prints_rich_markup_from_the_contract_literally():
    doc = french_document()
    tricky = replace(doc.findings[0], excerpt="[bold red]sans limite[/] :warning: [link=http://x]y[/link]")
    report = Report("0.1.0", "x", (replace(doc, findings=(tricky,)),))
    out = render_terminal(report, {"color": True, "width": 200})
    assert "[bold red]sans limite[/] :warning: [link=http://x]y[/link]" in re.sub(r"\x1b\[[0-9;]*m", "", out)


def test_terminal_groups_findings_by_severity_in_order():
    out = render_terminal(sample_report(), {})
    french = out.split("contracts/nda-acme.txt")[0]
    positions = [french.index(h) for h in ("Erreur (2)", "Avertissement (3)", "Information (2)")]
    assert positions == sorted(positions)
    assert "Fondement : Cass. com." in french and "Suggestion : Limitez" in french
    assert "« s'interdit, sans limitation" in french
    assert "§27 p.5 « Article 9 – Non-concurrence »" in french


def test_terminal_quiet_shows_summary_and_findings_at_or_above_threshold():
    out = render_terminal(sample_report(), {"quiet": True, "fail_on": "error"})
    lines = out.splitlines()
    assert lines[0].startswith(f"{FR_PATH} : 3/5 clauses essentielles")
    assert sum("non-compete-no-duration" in line for line in lines) == 1
    assert "confidentiality-unlimited" not in out and "termination-notice-short" not in out
    assert "Fiabilité" not in out  # no checklist
    assert any(line.startswith(EN_PATH) for line in lines)
    assert len(lines) == 6  # 3 documents + 2 French errors + 1 English error


def test_terminal_quiet_info_threshold_lists_everything():
    out = render_terminal(sample_report(), {"quiet": True, "fail_on": "info"})
    assert "termination-notice-short" in out


# --- markdown ---------------------------------------------------------------------------------


def test_markdown_escapes_document_text():
    out = render_markdown(sample_report())
    assert "<script>" not in out
    assert r"\<script\>alert(1)\</script\>" in out
    assert r"R\&D" in out and r"confidentielles \| sans limite \*de durée\*" in out
    assert escape("# Titre") == r"\# Titre" and escape("- puce") == r"\- puce" and escape("1. un") == r"1\. un"
    assert escape("[lien](http://x)") == r"\[lien\](http://x)"


def test_markdown_tables_keep_their_columns():
    doc = french_document()
    clause = replace(doc.clauses[0], title="Prix | remises `HT`")
    out = render_markdown(Report("0.1.0", "x", (replace(doc, clauses=(clause,)),)))
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row


def test_markdown_excerpts_are_quotes():
    assert "  > s'interdit, **sans limitation de durée ni de territoire**, toute activité" in render_markdown(sample_report())


# --- SARIF ------------------------------------------------------------------------------------


def _sarif(report=None) -> dict:
    return json.loads(render_sarif(report or sample_report()))


def test_sarif_top_level_and_driver():
    sarif = _sarif()
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    assert len(sarif["runs"]) == 1
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "clausier" and driver["version"] == "0.1.0" and driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert set(rule) >= {"id", "name", "shortDescription", "defaultConfiguration"}
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}


def test_sarif_results_follow_the_spec_shape():
    run = _sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    fired = {f.rule for d in sample_report().documents for f in d.findings}
    assert {rule["id"] for rule in rules} == fired
    assert len(run["results"]) == 8
    for result in run["results"]:
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"]["clausier/v1"]) == 32
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri in (FR_PATH, EN_PATH)  # relative, as given
        region = location["physicalLocation"].get("region")
        if region:
            assert region["startLine"] >= 1
    assert "paragraph" in run["properties"]["locationNote"]


def test_sarif_missing_clause_has_no_region_and_excerpt_findings_do():
    results = _sarif()["runs"][0]["results"]
    missing = [r for r in results if r["ruleId"] == "missing-clause"]
    assert len(missing) == 4
    for result in missing:
        assert "region" not in result["locations"][0]["physicalLocation"]
    (non_compete,) = [r for r in results if r["ruleId"] == "non-compete-no-duration"]
    region = non_compete["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 27
    assert region["snippet"]["text"].startswith("s'interdit")
    assert non_compete["level"] == "error"
    info = [r for r in results if r["ruleId"] == "termination-notice-short"]
    assert info[0]["level"] == "note"


def test_sarif_fingerprints_are_stable_and_ignore_location():
    doc = french_document()
    moved = tuple(replace(f, location=FindingLocation(paragraph=(f.location.paragraph or 0) + 40)) for f in doc.findings)
    before = [r["partialFingerprints"] for r in _sarif(Report("0.1.0", "x", (doc,)))["runs"][0]["results"]]
    after = [r["partialFingerprints"] for r in _sarif(Report("0.1.0", "x", (replace(doc, findings=moved),)))["runs"][0]["results"]]
    assert before == after
    assert len({fp["clausier/v1"] for fp in before}) == len(before)


def test_sarif_unreadable_input_is_a_notification():
    invocation = _sarif()["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "scanned"


def test_every_error_kind_is_said_in_french():
    # A French report printed the parser's English message for the kinds
    # missing here ("unreadable": "…: cannot be read (a symbolic link loop)").
    from lint.errors import ERROR_KINDS
    from lint.reporters.common import ERROR_TEXT

    assert set(ERROR_TEXT["fr"]) == set(ERROR_KINDS)


def test_sarif_uses_rule_descriptions_when_given():
    sarif = json.loads(render_sarif(sample_report(), {"rules": {"missing-clause": {"title": "Clause essentielle absente", "help_uri": "https://example.org/r"}}}))
    (rule,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "missing-clause"]
    assert rule["shortDescription"]["text"] == "Clause essentielle absente"
    assert rule["helpUri"] == "https://example.org/r"


# --- HTML -------------------------------------------------------------------------------------


def test_html_escapes_contract_text():
    out = render_html(sample_report(), {"paragraphs": sample_paragraphs()})
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "R&amp;D" in out and "Contrat de partenariat &amp; de services" in out


def test_html_is_self_contained():
    out = render_html(sample_report(), {"paragraphs": sample_paragraphs()})
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", out)
    assert "@import" not in out and "url(" not in out
    assert "<link" not in out
    assert "@media print" in out


def test_html_highlights_excerpt_inside_its_paragraph():
    out = render_html(sample_report(), {"paragraphs": sample_paragraphs()})
    # The excerpt is set apart in its paragraph, and only the matched words are marked.
    assert ('le Partenaire <span class="excerpt">s&#39;interdit, <mark>sans limitation de durée ni de territoire</mark>, '
            "toute activité concurrente</span> à celle du Client.") in out
    # Without paragraphs the excerpt is shown alone, still with its words marked.
    bare = render_html(sample_report(), {})
    assert '<span class="excerpt">s&#39;interdit, <mark>sans limitation' in bare and "le Partenaire <span" not in bare
    # A finding without marked words marks its whole excerpt.
    assert '<span class="excerpt"><mark>moyennant un préavis de huit (8) jours</mark></span>' in bare


def test_html_ui_language_follows_each_contract():
    out = render_html(sample_report(), {})
    french, english = out.split('id="doc-2"')
    assert 'lang="fr"' in french and "clauses essentielles" in french and "Fondement" in french
    assert 'lang="en"' in english and "essential clauses" in english and "Legal basis" in english


def test_html_navigation_anchors_resolve():
    out = render_html(sample_report(), {})
    targets = set(re.findall(r'href="#([^"]+)"', out))
    ids = set(re.findall(r'id="([^"]+)"', out))
    assert targets and targets <= ids
    assert '<nav class="top"' in out
    single = render_html(Report("0.1.0", "x", (french_document(),)), {})
    assert '<nav class="top"' not in single


def test_locate_excerpt_survives_typography():
    text = "Le Partenaire s\u2019interdit,\u00a0sans  limitation de DURÉE."
    start, end = locate_excerpt(text, "s'interdit, sans limitation de duree")
    assert text[start:end] == "s\u2019interdit,\u00a0sans  limitation de DURÉE"
    assert locate_excerpt(text, "…limitation de durée…") is not None
    assert locate_excerpt(text, "absent") is None


# --- HTML in a real browser -----------------------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed (still filtered) scanlines of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(sample_report(), {"paragraphs": sample_paragraphs()}), encoding="utf-8")
    shot = tmp_path / "shot.png"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,2000",
        "--hide-scrollbars", page.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 2000)
    # A blank or unstyled page has a handful of byte values; text, tags and marks give many.
    assert len(set(pixels)) > 64
    if os.environ.get("CLAUSIER_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["CLAUSIER_KEEP_SCREENSHOT"])
