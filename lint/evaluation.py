"""`clausier eval`: clause detection and rule findings against reviewed labels.

Two label sources: the project's corpus (one expected.yml per sample) and a
TSV with one row per file and one 0/1 column per family (the format of
shared/contracts/labels-fr.tsv). A family with no positive label and no
positive prediction scores F1 = 1 (nothing to find, nothing falsely found).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lint.checks.profiles import MISSING_RULE
from lint.engine import audit_file
from lint.model import DocumentReport

__all__ = ["MISSING_RULE", "evaluate_corpus", "evaluate_labels", "render_scores"]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    def add(self, expected: bool, predicted: bool) -> str | None:
        if expected and predicted:
            self.tp += 1
        elif expected:
            self.fn += 1
            return "missed"
        elif predicted:
            self.fp += 1
            return "false alarm"
        else:
            self.tn += 1
        return None


@dataclass
class EvalRun:
    name: str
    families: dict[str, Counts] = field(default_factory=dict)
    rules: dict[str, Counts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rule_errors: list[str] = field(default_factory=list)
    documents: int = 0
    unreadable: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.families.values()) / max(1, len(self.families))

    @property
    def wrong_calls(self) -> int:
        return sum(c.fp + c.fn for c in self.families.values())


def _compare_clauses(run: EvalRun, name: str, report: DocumentReport, expected: dict[str, bool]) -> None:
    predicted = {c.id: c.present for c in report.clauses}
    for family, is_present in expected.items():
        counts = run.families.setdefault(family, Counts())
        verdict = counts.add(is_present, predicted.get(family, False))
        if verdict:
            clause = next((c for c in report.clauses if c.id == family), None)
            detail = clause.explanation if clause else ""
            run.errors.append(f"{name}: {family}: {verdict} — {detail}")


def evaluate_labels(tsv_path: str | Path) -> EvalRun:
    tsv_path = Path(tsv_path)
    root = tsv_path.parent
    run = EvalRun(name=f"labels {tsv_path}")
    with tsv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        file = row.pop("file")
        report = audit_file(root / file)
        run.documents += 1
        if report.error:
            run.unreadable.append(f"{file}: {report.error.kind}")
            continue
        _compare_clauses(run, file, report, {k: v.strip() == "1" for k, v in row.items()})
    return run


def default_corpus_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "corpus"


def load_expected(sample_dir: Path) -> dict:
    return yaml.safe_load((sample_dir / "expected.yml").read_text(encoding="utf-8"))


def corpus_samples(corpus_dir: str | Path | None = None) -> list[Path]:
    corpus = Path(corpus_dir) if corpus_dir else default_corpus_dir()
    return sorted(p.parent for p in corpus.glob("*/expected.yml"))


def evaluate_corpus(corpus_dir: str | Path | None = None) -> EvalRun:
    run = EvalRun(name=f"corpus {corpus_dir or default_corpus_dir()}")
    for sample in corpus_samples(corpus_dir):
        expected = load_expected(sample)
        report = audit_file(sample / expected["file"])
        run.documents += 1
        if report.error:
            run.unreadable.append(f"{sample.name}: {report.error.kind}")
            continue
        _compare_clauses(run, sample.name, report, {k: v == "present" for k, v in expected["clauses"].items()})
        expected_rules = {(f["rule"], f.get("clause")) for f in expected.get("findings") or []}
        found_rules = {(f.rule, f.clause) for f in report.findings if f.rule != MISSING_RULE}
        for rule in {r for r, _ in expected_rules | found_rules}:
            counts = run.rules.setdefault(rule, Counts())
            exp = any(r == rule for r, _ in expected_rules)
            got = any(r == rule for r, _ in found_rules)
            verdict = counts.add(exp, got)
            if verdict:
                run.rule_errors.append(f"{sample.name}: {rule}: {verdict}")
    return run


def render_scores(run: EvalRun, show_errors: bool = True) -> str:
    lines = [f"## {run.name}: {run.documents} documents", "", f"{'family':<24}{'P':>6}{'R':>6}{'F1':>6}{'pos':>5}{'FP':>4}{'FN':>4}"]
    for family, c in run.families.items():
        lines.append(f"{family:<24}{c.precision:>6.2f}{c.recall:>6.2f}{c.f1:>6.2f}{c.positives:>5}{c.fp:>4}{c.fn:>4}")
    total = sum(c.tp + c.fp + c.fn + c.tn for c in run.families.values())
    lines.append(f"{'macro-F1':<24}{run.macro_f1:>18.3f}   wrong calls: {run.wrong_calls}/{total}")
    if run.rules:
        lines += ["", f"{'rule':<36}{'P':>6}{'R':>6}{'F1':>6}{'pos':>5}{'FP':>4}{'FN':>4}"]
        for rule, c in sorted(run.rules.items()):
            lines.append(f"{rule:<36}{c.precision:>6.2f}{c.recall:>6.2f}{c.f1:>6.2f}{c.positives:>5}{c.fp:>4}{c.fn:>4}")
    if run.unreadable:
        lines += ["", "unreadable: " + ", ".join(run.unreadable)]
    if show_errors and (run.errors or run.rule_errors):
        lines += ["", "wrong calls:"] + [f"  {e}" for e in run.errors + run.rule_errors]
    return "\n".join(lines) + "\n"
