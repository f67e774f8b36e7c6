"""Golden corpus: the project's own samples against their reviewed expected.yml.

Thresholds are those the clause-detection issue sets; a regression in any
family or any rule shows up here. Expected results live in corpus/*/expected.yml
and change only when a reviewer edits them.
"""

from __future__ import annotations

import pytest

from lint.engine import audit_file
from lint.evaluation import MISSING_RULE, corpus_samples, evaluate_corpus, load_expected

from conftest import CORPUS


@pytest.fixture(scope="module")
def corpus_run():
    return evaluate_corpus(CORPUS)


def test_corpus_is_large_and_varied():
    samples = corpus_samples(CORPUS)
    assert len(samples) >= 25
    expected = [load_expected(s) for s in samples]
    formats = {e["file"].rsplit(".", 1)[1] for e in expected}
    assert {"docx", "pdf", "odt"} <= formats and formats & {"txt", "md"}
    assert {e["profile"] for e in expected} >= {"partnership", "services", "nda", "dpa", "license", "terms"}
    assert any(e["complete"] for e in expected) and any(not e["complete"] for e in expected)


def test_every_sample_is_read(corpus_run):
    assert corpus_run.unreadable == []


def test_clause_detection_macro_f1(corpus_run):
    assert corpus_run.macro_f1 >= 0.95, "\n".join(corpus_run.errors)


def test_no_family_below_threshold(corpus_run):
    weak = {f: round(c.f1, 2) for f, c in corpus_run.families.items() if c.positives >= 3 and c.f1 < 0.85}
    assert weak == {}


def test_rule_findings_precision_and_recall(corpus_run):
    tp = sum(c.tp for c in corpus_run.rules.values())
    fp = sum(c.fp for c in corpus_run.rules.values())
    fn = sum(c.fn for c in corpus_run.rules.values())
    assert tp / (tp + fp) >= 0.95, "\n".join(corpus_run.rule_errors)
    assert tp / (tp + fn) >= 0.9, "\n".join(corpus_run.rule_errors)


@pytest.mark.parametrize("sample", [s for s in corpus_samples(CORPUS) if load_expected(s)["complete"]], ids=lambda p: p.name)
def test_complete_contracts_raise_no_wording_finding(sample):
    report = audit_file(sample / load_expected(sample)["file"])
    wording = [f"{f.rule} §{f.location.paragraph}: {f.excerpt[:80]}" for f in report.findings if f.rule != MISSING_RULE]
    assert wording == []
