"""Batch audits: input collection, order, cache, executors and their failure modes.

Most tests use `jobs=1`, where each file runs in a sandbox child forked from
the test process; the worker-process tests fork after the session has loaded
the model, so workers start warm. The spawn and Dask tests
load the model in fresh processes and cost a few seconds each.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

import lint.executors
from lint.batch import BatchSettings, audit_batch, contract_page_name, run_batch, short_names
from lint.cache import ReportCache, document_report_from_dict
from lint.executors import LocalExecutor, ProcessExecutor, run_task
from lint.inputs import collect_inputs
from lint.model import Report
from lint.reporters.csv import render_csv

from forked_calls import CallLog

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEXT_SAMPLES = sorted(CORPUS.glob("*/contrat.txt"))


@pytest.fixture(scope="session")
def warm_model():
    lint.executors.warm()


@pytest.fixture
def contracts(tmp_path) -> Path:
    """A folder of small text contracts, with things a batch must skip or report."""
    root = tmp_path / "contrats"
    (root / "sub" / "deep").mkdir(parents=True)
    shutil.copy(TEXT_SAMPLES[0], root / "a.txt")
    shutil.copy(TEXT_SAMPLES[1], root / "sub" / "b.txt")
    shutil.copy(TEXT_SAMPLES[2], root / "sub" / "deep" / "c.txt")
    (root / "~$a.docx").write_bytes(b"lock")
    (root / ".~lock.a.odt#").write_text("lock")
    (root / ".cache").mkdir()
    (root / ".cache" / "hidden.txt").write_text("Le contrat est conclu.")
    (root / ".hidden.txt").write_text("x")
    (root / "notes.xlsx").write_bytes(b"PK")
    (root / "broken.docx").write_bytes(b"not a zip at all")
    return root


def names(paths) -> list[str]:
    return [Path(p).name for p in paths]


# --- inputs ------------------------------------------------------------------------


def test_folders_are_walked_skipping_lock_hidden_and_foreign_files(contracts):
    files = collect_inputs((str(contracts),)).files
    assert names(files) == ["a.txt", "broken.docx", "b.txt", "c.txt"]


def test_include_exclude_globs(contracts):
    assert names(collect_inputs((str(contracts),), include=("*.txt",)).files) == ["a.txt", "b.txt", "c.txt"]
    assert names(collect_inputs((str(contracts),), include=("sub/*",)).files) == ["b.txt", "c.txt"]
    assert names(collect_inputs((str(contracts),), exclude=("sub/deep",)).files) == ["a.txt", "broken.docx", "b.txt"]
    assert names(collect_inputs((str(contracts),), include=("**/*.TXT",), exclude=("b.*",)).files) == ["a.txt", "c.txt"]


def test_named_files_are_kept_even_when_a_folder_walk_would_skip_them(contracts):
    lock = contracts / "~$a.docx"
    files = collect_inputs((str(lock), str(contracts / "a.txt"), str(contracts))).files
    assert names(files)[:2] == ["~$a.docx", "a.txt"]
    assert names(files).count("a.txt") == 1  # named, then found again in the folder


# --- order, errors, cache ------------------------------------------------------------


def test_batch_reports_every_file_in_input_order_with_errors_in_place(contracts, warm_model):
    files = collect_inputs((str(contracts),)).files
    result = run_batch(files, BatchSettings(jobs=1))
    assert [d.path for d in result.documents] == [str(f) for f in files]
    errors = {Path(d.path).name: d.error.kind for d in result.documents if d.error}
    assert errors == {"broken.docx": "not-a-zip"}
    assert not result.interrupted


def test_ordered_stream_with_two_workers(contracts, warm_model):
    files = [contracts / "a.txt", contracts / "sub" / "b.txt", contracts / "broken.docx", contracts / "sub" / "deep" / "c.txt"] * 2
    documents = list(audit_batch(files, BatchSettings(jobs=2)))
    assert [d.path for d in documents] == [str(f) for f in files]
    assert [d.error.kind if d.error else None for d in documents] == [None, None, "not-a-zip", None] * 2


def test_cache_hit_skips_the_engine(contracts, warm_model, tmp_path, monkeypatch):
    calls = CallLog(tmp_path / "calls.log")
    monkeypatch.setattr(lint.executors, "run_task", calls.wrap(run_task))
    files = collect_inputs((str(contracts),)).files
    cache = ReportCache(tmp_path / "cache", salt="test")
    first = run_batch(files, BatchSettings(jobs=1), cache=cache)
    assert len(calls) == 4
    # A copy under another folder hits too, and reports its own path.
    copy = tmp_path / "copie" / "a.txt"
    copy.parent.mkdir()
    shutil.copy(contracts / "a.txt", copy)
    second = run_batch([*files, copy], BatchSettings(jobs=1), cache=cache)
    assert len(calls) == 4 and cache.hits == 5
    assert second.documents[:4] == first.documents
    assert second.documents[4].path == str(copy)
    # Same bytes under another salt (rules, config, code...) is a miss.
    run_batch(files[:1], BatchSettings(jobs=1), cache=ReportCache(tmp_path / "cache", salt="other"))
    assert len(calls) == 5


def test_timeouts_and_internal_errors_are_not_cached(tmp_path):
    from lint.executors import error_report

    cache = ReportCache(tmp_path / "cache", salt="s")
    source = tmp_path / "x.txt"
    source.write_text("Le présent contrat.")
    key = cache.key(source)
    cache.put(key, error_report(str(source), "timeout", "x.txt: too slow"))
    assert cache.get(key, str(source)) is None
    cache.put(key, error_report(str(source), "corrupt", "x.txt: broken"))
    assert cache.get(key, str(source)).error.kind == "corrupt"


def test_report_round_trips_through_its_json_form(warm_model):
    report = run_task(lint.executors.AuditTask(index=0, path=str(TEXT_SAMPLES[0])))
    assert report.findings and report.clauses
    again = document_report_from_dict(report.to_dict())
    assert again.to_dict() == report.to_dict()


def test_ctrl_c_keeps_the_reports_already_done(contracts, warm_model, monkeypatch):
    def interrupt_on_third(task):
        if task.index == 2:
            raise KeyboardInterrupt
        return run_task(task)

    monkeypatch.setattr(lint.executors, "run_task", interrupt_on_third)
    files = collect_inputs((str(contracts),)).files
    result = run_batch(files, BatchSettings(jobs=1))
    assert result.interrupted and len(result.documents) == 2 and result.total == 4


# --- worker processes ------------------------------------------------------------------


def _crash_or_hang(task):
    name = Path(task.path).name
    if name.startswith("crash"):
        faulthandler.disable()  # pytest's, inherited by the fork: no traceback dump
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hang"):
        time.sleep(60)
    return run_task(task)


def test_a_crashing_or_hanging_file_costs_only_its_own_report(contracts, warm_model, monkeypatch):
    monkeypatch.setattr(lint.executors, "run_task", _crash_or_hang)  # inherited by forked workers
    for name in ("crash.txt", "hang.txt"):
        shutil.copy(contracts / "a.txt", contracts / name)
    files = [contracts / "a.txt", contracts / "crash.txt", contracts / "sub" / "b.txt", contracts / "hang.txt", contracts / "sub" / "deep" / "c.txt"]
    executor = ProcessExecutor(2, timeout=1, mp_context="fork")
    executor.GRACE_SECONDS = 0.5
    started = time.monotonic()
    result = run_batch(files, BatchSettings(jobs=2), executor_factory=lambda n: executor)
    assert time.monotonic() - started < 30
    kinds = [d.error.kind if d.error else None for d in result.documents]
    assert kinds == [None, "internal", None, "timeout", None]
    # The crash ends the file's own sandbox child, not the worker; the hang
    # (longer than the executor's limit) gets its worker killed and the pool rebuilt.
    assert executor.pool_builds == 2


def test_spawned_workers_load_the_model_themselves():
    executor = ProcessExecutor(2, mp_context="spawn")
    tasks = [lint.executors.AuditTask(index=i, path=str(p)) for i, p in enumerate(TEXT_SAMPLES[:2])]
    results = dict(executor.results(tasks))
    assert sorted(results) == [0, 1] and all(r.error is None for r in results.values())


@pytest.mark.dask
def test_dask_local_cluster(contracts):
    distributed = pytest.importorskip("distributed")
    files = collect_inputs((str(contracts),)).files
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            result = run_batch(files, BatchSettings(scheduler=client))
    assert [d.path for d in result.documents] == [str(f) for f in files]
    assert [d.error.kind if d.error else None for d in result.documents] == [None, "not-a-zip", None, None]


# --- portfolio outputs ----------------------------------------------------------------


def test_csv_has_one_row_per_file_with_errors(contracts, warm_model):
    files = collect_inputs((str(contracts),)).files
    result = run_batch(files, BatchSettings(jobs=1))
    report = Report(tool_version="t", rules_version="r", documents=result.documents)
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(render_csv(report, {}))))
    assert len(rows) == len(files)
    # Headers and values in the report's language (French here), family columns by title.
    broken = next(r for r in rows if r["chemin"].endswith("broken.docx"))
    assert broken["type d'erreur"] == "not-a-zip" and broken["Confidentialité"] == ""
    good = next(r for r in rows if r["chemin"].endswith("a.txt"))
    assert good["langue"] == "fr" and good["Confidentialité"] in ("présente", "absente (essentielle)", "absente (facultative)")


def test_contract_page_names_are_numbered_and_safe():
    assert contract_page_name(3, 12, "sub/Contrat final (v2).docx") == "03-sub-Contrat-final-v2.html"
    assert contract_page_name(7, 150, "../x.pdf") == "007-x.html"
    report = Report("t", "r", tuple(
        lint.executors.error_report(p, "empty", "x") for p in ("/data/a/contrat.docx", "/data/b/contrat.docx")
    ))
    assert list(short_names(report).values()) == ["a/contrat.docx", "b/contrat.docx"]


def test_local_executor_yields_every_task():
    tasks = [lint.executors.AuditTask(index=i, path=f"/nope/{i}.docx") for i in range(3)]
    assert [i for i, r in LocalExecutor().results(tasks)] == [0, 1, 2]
