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

from lint.engine import audit_document
from lint.errors import InputError
from lint.model import MISSING_RULE, DocumentReport
from lint.nlp.languages import LANGUAGES, PRIMARY_LANGUAGE
from lint.normalize import fold
from lint.parsers import parse

__all__ = ["MISSING_RULE", "evaluate_corpus", "evaluate_cuad", "evaluate_labels", "half_of", "render_scores"]

# The yardstick every figure is printed beside: one regular expression per
# family over the whole folded text, the script anyone could write in ten
# minutes, declared in each language's language.yml. A detector that does
# not beat it clearly is not worth its code.
KEYWORD_BASELINE = {code: lang.keyword_baseline for code, lang in LANGUAGES.items()}


def half_of(name: str) -> str:
    """The fixed half (A or B) a labelled file belongs to: decided by its
    name's hash, so the blind half cannot drift towards the tuned one."""
    return "A" if int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def keyword_baseline(text: str, lang: str = PRIMARY_LANGUAGE) -> dict[str, bool]:
    folded = fold(text)
    return {family: bool(re.search(pattern, folded)) for family, pattern in KEYWORD_BASELINE[lang].items()}


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
    # Families scored on recall only (CUAD labels one kind of the clause).
    recall_only: dict[str, Counts] = field(default_factory=dict)
    recall_baseline: dict[str, Counts] = field(default_factory=dict)

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
    return report, keyword_baseline(document.text, report.language or PRIMARY_LANGUAGE), None


def _compare_clauses(run: EvalRun, name: str, report: DocumentReport, expected: dict[str, bool], baseline: dict[str, bool], into: str = "families") -> None:
    for family, is_present in expected.items():
        (run.baseline if into == "families" else run.recall_baseline).setdefault(family, Counts()).add(is_present, baseline.get(family, False))
    predicted = {c.id: c.present for c in report.clauses}
    for family, is_present in expected.items():
        counts = getattr(run, into).setdefault(family, Counts())
        verdict = counts.add(is_present, predicted.get(family, False))
        if verdict and (into == "families" or verdict == "missed"):
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


# CUAD v1 categories (master_clauses*.csv) → clause family. A family is
# present when any of its categories is: a Yes/No category answering "Yes",
# a free-text one (Governing Law, Expiration Date…) holding any answer.
CUAD_FAMILIES = {
    "jurisdiction": ("Governing Law",),
    "non-compete": ("Non-Compete",),
    "non-solicitation": ("No-Solicit Of Employees",),
    "intellectual-property": (
        "License Grant", "Non-Transferable License", "Affiliate License-Licensor", "Affiliate License-Licensee",
        "Unlimited/All-You-Can-Eat-License", "Irrevocable Or Perpetual License", "Ip Ownership Assignment",
        "Joint Ip Ownership", "Source Code Escrow",
    ),
}
# Families CUAD labels only one side of (a category is a kind of the clause,
# its absence says nothing of the family): recall only.
CUAD_RECALL_FAMILIES = {
    "duration": ("Expiration Date", "Renewal Term"),
    "termination": ("Termination For Convenience",),
    "financial-terms": ("Revenue/Profit Sharing",),
}


def _cuad_answer(row: dict, category: str) -> bool:
    answer = (row.get(f"{category}-Answer") or row.get(f"{category}- Answer") or "").strip()
    return bool(answer) and answer.lower() not in ("no", "[]")


def cuad_labels(csv_path: str | Path) -> dict[str, dict[str, bool]]:
    """File stem → family → present, for every family of CUAD_FAMILIES and CUAD_RECALL_FAMILIES."""
    with Path(csv_path).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    mapping = {**CUAD_FAMILIES, **CUAD_RECALL_FAMILIES}
    return {
        Path(row["Filename"]).stem.strip(): {family: any(_cuad_answer(row, c) for c in categories) for family, categories in mapping.items()}
        for row in rows
    }


def evaluate_cuad(cuad_dir: str | Path, half: str | None = None) -> EvalRun:
    """Score clause detection on CUAD's text contracts (DIR/txt/*.txt)
    against every master_clauses*.csv in DIR. The four CUAD_FAMILIES make the
    macro-F1; the CUAD_RECALL_FAMILIES are reported as recall."""
    cuad_dir = Path(cuad_dir)
    labels: dict[str, dict[str, bool]] = {}
    for csv_path in sorted(cuad_dir.glob("master_clauses*.csv")):
        labels.update(cuad_labels(csv_path))
    run = EvalRun(name=f"cuad {cuad_dir}" + (f" half {half}" if half else ""))
    texts = {p.stem.strip(): p for p in sorted((cuad_dir / "txt").glob("*.txt"))}
    for stem, expected in sorted(labels.items()):
        path = texts.get(stem)
        if path is None or (half and half_of(path.name) != half):
            continue
        report, baseline, error = _audit(path)
        run.documents += 1
        if error:
            run.unreadable.append(f"{path.name}: {error}")
            continue
        _compare_clauses(run, path.name, report, {f: expected[f] for f in CUAD_FAMILIES}, baseline)
        _compare_clauses(run, path.name, report, {f: expected[f] for f in CUAD_RECALL_FAMILIES}, baseline, into="recall_only")
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
    if run.recall_only:
        lines += ["", f"{'recall only':<24}{'R':>6}{'pos':>5}{'FN':>4}   {'keyword R':>10}"]
        for family, c in run.recall_only.items():
            lines.append(f"{family:<24}{c.recall:>6.2f}{c.positives:>5}{c.fn:>4}   {run.recall_baseline.get(family, Counts()).recall:>10.2f}")
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
