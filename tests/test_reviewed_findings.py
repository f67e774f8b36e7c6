"""Rule findings judged by two independent readers (issue 14).

`tests/data/reviewed-findings.tsv` holds one verdict per finding on the real
contracts of ../shared/contracts (file, rule, paragraph, verdict, reason). A
finding judged wrong must not come back; the shared folder is optional, so
those tests skip without it. `clausier eval --findings` is tested on the
project's own corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.engine import audit_file
from lint.evaluation import VERDICTS, evaluate_findings, load_reviews

REVIEWED = Path(__file__).parent / "data" / "reviewed-findings.tsv"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_reviewed_file_is_well_formed():
    reviews = load_reviews(REVIEWED)
    assert reviews, "no reviewed findings"
    assert {r.verdict for r in reviews} <= set(VERDICTS)
    keys = [(r.file, r.rule, r.paragraph) for r in reviews]
    assert len(keys) == len(set(keys)), "a finding is judged twice"
    assert all(r.reason.strip() for r in reviews), "every verdict gives its reason"
    # Verdicts name places, they do not copy contracts.
    assert max(len(r.reason) for r in reviews) <= 200


def test_no_finding_judged_wrong_comes_back(shared_contracts):
    reviews = load_reviews(REVIEWED)
    wrong = {(r.file, r.rule, r.paragraph): r.reason for r in reviews if r.verdict == "wrong"}
    back = []
    for file in sorted({f for f, _, _ in wrong}):
        report = audit_file(shared_contracts / file)
        for finding in report.findings:
            key = (file, finding.rule, finding.location.paragraph)
            if key in wrong:
                back.append(f"{file}: {finding.rule} §{finding.location.paragraph} ({finding.severity.value}) — judged wrong: {wrong[key]}")
    assert back == []


def test_error_findings_on_the_dev_contracts_are_all_judged_correct(shared_contracts):
    reviews = load_reviews(REVIEWED)
    verdicts = {(r.file, r.rule, r.paragraph): r.verdict for r in reviews}
    doubtful = []
    for file in sorted({r.file for r in reviews}):
        for finding in audit_file(shared_contracts / file).findings:
            if finding.severity.value == "error" and finding.rule not in ("missing-clause", "placeholder"):
                verdict = verdicts.get((file, finding.rule, finding.location.paragraph), "not reviewed")
                if verdict != "correct":
                    doubtful.append(f"{file}: {finding.rule} §{finding.location.paragraph}: {verdict}")
    assert doubtful == []


def _labels(tmp_path: Path, sample: str) -> Path:
    labels = tmp_path / "labels.tsv"
    target = CORPUS / sample
    contract = next(p for p in target.iterdir() if p.name.startswith("contrat"))
    labels.write_text(f"file\tscope\n{contract}\t1\n", encoding="utf-8")
    return labels


def test_eval_findings_prints_precision_and_unreviewed(tmp_path):
    labels = _labels(tmp_path, "01-partenariat-agence-digitale")
    report = audit_file(Path(labels.read_text().splitlines()[1].split("\t")[0]))
    rules = [f for f in report.findings if f.rule not in ("missing-clause", "placeholder")]
    assert len(rules) >= 2, "the sample is meant to hold rule findings"
    judged, left = rules[0], rules[1:]
    reviewed = tmp_path / "reviewed.tsv"
    reviewed.write_text(
        "file\trule\tparagraph\tverdict\treason\n"
        f"{Path(report.path).name}\t{judged.rule}\t{judged.location.paragraph or ''}\twrong\ttest verdict\n",
        encoding="utf-8",
    )
    run = evaluate_findings(reviewed, [Path(report.path)], "test")
    assert run.counts[(judged.rule, judged.severity.value)]["wrong"] == 1
    assert run.precision(judged.severity.value) == 0.0
    assert len(run.unreviewed) == len(left)
    result = CliRunner().invoke(main, ["eval", "--findings", str(reviewed), "--labels", str(labels)])
    assert result.exit_code == 0, result.output
    assert "findings judged wrong" in result.output and f"not reviewed yet ({len(left)})" in result.output


def test_eval_findings_needs_labels(tmp_path):
    reviewed = tmp_path / "reviewed.tsv"
    reviewed.write_text("file\trule\tparagraph\tverdict\treason\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--findings", str(reviewed)])
    assert result.exit_code != 0
