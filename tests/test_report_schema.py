"""The JSON report validates against the documented schema (docs/report.schema.json)."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner

from lint.cli import main

from conftest import CORPUS, ROOT


def test_audit_json_validates_against_schema(tmp_path):
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    bad = tmp_path / "vide.txt"
    bad.write_text("", encoding="utf-8")
    paths = [str(CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"), str(CORPUS / "17-nda-partenaire-etranger" / "contrat.pdf"), str(bad)]
    result = CliRunner().invoke(main, ["audit", *paths, "--format", "json", "--jobs", "1", "--no-cache", "--fail-on", "never"])
    assert result.exit_code == 2  # one input could not be read
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema)
    assert [d["error"] is None for d in report["documents"]] == [True, True, False]
    first = report["documents"][0]
    assert len(first["clauses"]) == 15
    missing = [f for f in first["findings"] if f["rule"] == "missing-clause"]
    assert missing and all(f["clause"] in {c["id"] for c in first["clauses"]} for f in missing)
