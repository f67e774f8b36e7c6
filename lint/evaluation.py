"""`clausier eval`: clause detection and rule findings against reviewed labels.

Two label sources: the project's corpus (one expected.yml per sample) and a
TSV with one row per file and one 0/1 column per family (the format of
shared/contracts/labels-fr.tsv). A family with no positive label and no
positive prediction scores F1 = 1 (nothing to find, nothing falsely found).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lint.checks.profiles import MISSING_RULE
from lint.engine import audit_document
from lint.errors import InputError
from lint.model import DocumentReport
from lint.normalize import fold
from lint.parsers import parse

__all__ = ["MISSING_RULE", "evaluate_corpus", "evaluate_labels", "half_of", "render_scores"]

# The yardstick every figure is printed beside: one regular expression per
# family over the whole folded text, the script anyone could write in ten
# minutes. A detector that does not beat it clearly is not worth its code.
KEYWORD_BASELINE = {
    "fr": {
        "scope": r"\bobjet\b",
        "financial-terms": r"\b(prix|tarifs?|remuneration|honoraires|facturation|paiement)\b",
        "roles": r"\b(obligations? (du|de la|des)|responsabilites?)\b",
        "confidentiality": r"\bconfidenti",
        "personal-data": r"donnees (a caractere )?personnelles|\brgpd\b",
        "intellectual-property": r"propriete intellectuelle|droits? d'auteur",
        "non-compete": r"non[- ]concurrence|exclusivite",
        "non-solicitation": r"non[- ]sollicitation|debauch",
        "legal-identity": r"\b(siren|siret|rcs|registre du commerce)\b",
        "jurisdiction": r"droit applicable|\btribunal|\bjuridiction",
        "amicable-resolution": r"\bamiable|\bmediat|\bconciliat",
        "duration": r"\bduree\b",
        "termination": r"\bresili",
        "kpi": r"\bindicateurs?\b|niveaux? de service|\bkpi\b|\bsla\b",
        "evolution": r"\bavenant|\bmodification",
    },
}


def half_of(name: str) -> str:
    """The fixed half (A or B) a labelled file belongs to: decided by its
    name's hash, so the blind half cannot drift towards the tuned one."""
    return "A" if int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def keyword_baseline(text: str, lang: str = "fr") -> dict[str, bool]:
    folded = fold(text)
    return {family: bool(re.search(pattern, folded)) for family, pattern in KEYWORD_BASELINE.get(lang, KEYWORD_BASELINE["fr"]).items()}


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
    baseline: dict[str, Counts] = field(default_factory=dict)
    rule_errors: list[str] = field(default_factory=list)
    documents: int = 0
    unreadable: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.families.values()) / max(1, len(self.families))

    @property
    def wrong_calls(self) -> int:
        return sum(c.fp + c.fn for c in self.families.values())

    @property
    def baseline_macro_f1(self) -> float:
        return sum(c.f1 for c in self.baseline.values()) / max(1, len(self.baseline))

    @property
    def baseline_wrong_calls(self) -> int:
        return sum(c.fp + c.fn for c in self.baseline.values())


def _audit(path: Path) -> tuple[DocumentReport | None, dict[str, bool], str | None]:
    """The report, the keyword baseline's calls, or the input error kind."""
    try:
        document = parse(path)
    except InputError as error:
        return None, {}, error.kind
    report = audit_document(document)
    if report.error:
        return None, {}, report.error.kind
    return report, keyword_baseline(document.text, report.language or "fr"), None


def _compare_clauses(run: EvalRun, name: str, report: DocumentReport, expected: dict[str, bool], baseline: dict[str, bool]) -> None:
    for family, is_present in expected.items():
        run.baseline.setdefault(family, Counts()).add(is_present, baseline.get(family, False))
    predicted = {c.id: c.present for c in report.clauses}
    for family, is_present in expected.items():
        counts = run.families.setdefault(family, Counts())
        verdict = counts.add(is_present, predicted.get(family, False))
        if verdict:
            clause = next((c for c in report.clauses if c.id == family), None)
            detail = clause.explanation if clause else ""
            run.errors.append(f"{name}: {family}: {verdict} — {detail}")


def evaluate_labels(tsv_path: str | Path, half: str | None = None) -> EvalRun:
    """Score the files of a labels TSV; `half` keeps only the files of that
    half (A or B, see half_of)."""
    tsv_path = Path(tsv_path)
    root = tsv_path.parent
    run = EvalRun(name=f"labels {tsv_path}" + (f" half {half}" if half else ""))
    with tsv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        file = row.pop("file")
        if half and half_of(Path(file).name) != half:
            continue
        report, baseline, error = _audit(root / file)
        run.documents += 1
        if error:
            run.unreadable.append(f"{file}: {error}")
            continue
        _compare_clauses(run, file, report, {k: v.strip() == "1" for k, v in row.items()}, baseline)
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
        report, baseline, error = _audit(sample / expected["file"])
        run.documents += 1
        if error:
            run.unreadable.append(f"{sample.name}: {error}")
            continue
        _compare_clauses(run, sample.name, report, {k: v == "present" for k, v in expected["clauses"].items()}, baseline)
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
    lines = [
        f"## {run.name}: {run.documents} documents",
        "",
        f"{'family':<24}{'P':>6}{'R':>6}{'F1':>6}{'pos':>5}{'FP':>4}{'FN':>4}   {'keyword F1':>10}",
    ]
    for family, c in run.families.items():
        base = run.baseline.get(family, Counts())
        lines.append(f"{family:<24}{c.precision:>6.2f}{c.recall:>6.2f}{c.f1:>6.2f}{c.positives:>5}{c.fp:>4}{c.fn:>4}   {base.f1:>10.2f}")
    total = sum(c.tp + c.fp + c.fn + c.tn for c in run.families.values())
    lines.append(f"{'macro-F1':<24}{run.macro_f1:>18.3f}   wrong calls: {run.wrong_calls}/{total}")
    lines.append(f"{'keyword baseline':<24}{run.baseline_macro_f1:>18.3f}   wrong calls: {run.baseline_wrong_calls}/{total}")
    if run.rules:
        lines += ["", f"{'rule':<36}{'P':>6}{'R':>6}{'F1':>6}{'pos':>5}{'FP':>4}{'FN':>4}"]
        for rule, c in sorted(run.rules.items()):
            lines.append(f"{rule:<36}{c.precision:>6.2f}{c.recall:>6.2f}{c.f1:>6.2f}{c.positives:>5}{c.fp:>4}{c.fn:>4}")
    if run.unreadable:
        lines += ["", "unreadable: " + ", ".join(run.unreadable)]
    if show_errors and (run.errors or run.rule_errors):
        lines += ["", "wrong calls:"] + [f"  {e}" for e in run.errors + run.rule_errors]
    return "\n".join(lines) + "\n"
