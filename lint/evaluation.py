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
        return _macro_f1(self.families)

    @property
    def wrong_calls(self) -> int:
        return _wrong_calls(self.families)

    @property
    def baseline_macro_f1(self) -> float:
        return _macro_f1(self.baseline)

    @property
    def baseline_wrong_calls(self) -> int:
        return _wrong_calls(self.baseline)


def _macro_f1(families: dict[str, Counts]) -> float:
    return sum(c.f1 for c in families.values()) / max(1, len(families))


def _wrong_calls(families: dict[str, Counts]) -> int:
    return sum(c.fp + c.fn for c in families.values())


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


# --- reviewed findings -------------------------------------------------------

# Rules whose findings are not judged one by one: a missing clause is scored by
# the clause labels, and a blank is a blank.
UNREVIEWED_RULES = (MISSING_RULE, "placeholder")
VERDICTS = ("correct", "wrong", "unsure")


@dataclass(frozen=True)
class Review:
    file: str
    rule: str
    paragraph: int | None
    verdict: str
    reason: str


def load_reviews(tsv_path: str | Path) -> list[Review]:
    """Rows of file, rule, paragraph, verdict, reason; `file` is a path under
    the shared contracts folder (fr/…, fr-2/…)."""
    reviews = []
    with Path(tsv_path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["verdict"] not in VERDICTS:
                raise ValueError(f"{tsv_path}: verdict {row['verdict']!r} is not one of {', '.join(VERDICTS)}")
            paragraph = int(row["paragraph"]) if row["paragraph"].strip() else None
            reviews.append(Review(row["file"], row["rule"], paragraph, row["verdict"], row["reason"]))
    return reviews


def review_key(path: str | Path, reviews: list[Review]) -> str | None:
    """The reviewed file name this path stands for (reviews name files by
    their path under the contracts folder)."""
    text = Path(path).as_posix()
    return next((r.file for r in reviews if text.endswith("/" + r.file) or text == r.file), None)


@dataclass
class FindingsRun:
    name: str
    counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    unreviewed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    documents: int = 0

    def add(self, rule: str, severity: str, verdict: str) -> None:
        bucket = self.counts.setdefault((rule, severity), {v: 0 for v in VERDICTS})
        bucket[verdict] += 1

    def precision(self, severity: str | None = None) -> float:
        correct = sum(c["correct"] for (_, s), c in self.counts.items() if severity in (None, s))
        wrong = sum(c["wrong"] for (_, s), c in self.counts.items() if severity in (None, s))
        return correct / (correct + wrong) if correct + wrong else 1.0


def evaluate_findings(reviews_path: str | Path, paths: list[Path], name: str) -> FindingsRun:
    """Judge each rule finding on `paths` by the reviewed verdicts."""
    reviews = load_reviews(reviews_path)
    verdicts = {(r.file, r.rule, r.paragraph): r for r in reviews}
    run = FindingsRun(name=name)
    for path in paths:
        report, _, error = _audit(path)
        run.documents += 1
        if error:
            continue
        key = review_key(path, reviews) or Path(path).name
        for finding in report.findings:
            if finding.rule in UNREVIEWED_RULES:
                continue
            review = verdicts.get((key, finding.rule, finding.location.paragraph))
            if review is None:
                run.unreviewed.append(f"{key}\t{finding.rule}\t{finding.location.paragraph or ''}\t{finding.severity.value}\t{finding.excerpt[:80]}")
                continue
            run.add(finding.rule, finding.severity.value, review.verdict)
            if review.verdict == "wrong":
                run.wrong.append(f"{key}: {finding.rule} §{finding.location.paragraph} ({finding.severity.value}): {review.reason}")
    return run


def labelled_paths(tsv_path: str | Path, half: str | None = None) -> list[Path]:
    tsv_path = Path(tsv_path)
    with tsv_path.open(encoding="utf-8") as handle:
        files = [row["file"] for row in csv.DictReader(handle, delimiter="\t")]
    return [tsv_path.parent / f for f in files if not half or half_of(Path(f).name) == half]


def render_findings(run: FindingsRun) -> str:
    lines = [f"## reviewed findings, {run.name}: {run.documents} documents", "", f"{'rule':<34}{'severity':<10}{'correct':>8}{'wrong':>6}{'unsure':>7}{'P':>6}"]
    for (rule, severity), c in sorted(run.counts.items()):
        judged = c["correct"] + c["wrong"]
        precision = f"{c['correct'] / judged:.2f}" if judged else "–"
        lines.append(f"{rule:<34}{severity:<10}{c['correct']:>8}{c['wrong']:>6}{c['unsure']:>7}{precision:>6}")
    for severity in ("error", "warning", "info"):
        lines.append(f"precision at {severity:<8}{run.precision(severity):>6.2f}")
    lines.append(f"precision overall   {run.precision():>6.2f}")
    if run.wrong:
        lines += ["", "findings judged wrong:"] + [f"  {w}" for w in run.wrong]
    if run.unreviewed:
        lines += ["", f"not reviewed yet ({len(run.unreviewed)}):"] + [f"  {u}" for u in run.unreviewed]
    return "\n".join(lines) + "\n"
