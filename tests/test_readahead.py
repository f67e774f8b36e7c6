"""Reading files ahead while a batch warms up (lint.readahead): a document
read ahead is the one the parser gives, a file that cannot be read leaves
nothing, and an audit from a document read ahead is the file's audit.
No timing is asserted."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

import lint.executors
from lint import readahead, sandbox
from lint.batch import BatchSettings, run_batch
from lint.executors import AuditTask, ProcessExecutor, run_task
from lint.parsers import parse

pytestmark = pytest.mark.skipif(not sandbox.available(), reason="reading ahead needs fork (Linux)")

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SAMPLES = [CORPUS / "01-partenariat-agence-digitale" / "contrat.docx", CORPUS / "05-partenariat-apporteur-affaires" / "contrat.txt"]


@pytest.fixture
def files(tmp_path) -> list[Path]:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip archive" * 10)
    return [*SAMPLES, broken]


def read_everything(tasks) -> tuple[readahead.PreReader, dict]:
    reader = readahead.PreReader(tasks)
    reader.start()
    return reader, reader.stop(wait=True)


def test_documents_read_ahead_are_the_parsers_and_unreadable_files_leave_none(files):
    tasks = [AuditTask(index=i, path=str(p)) for i, p in enumerate(files)]
    reader, read = read_everything(tasks)
    try:
        assert sorted(read) == [0, 1]  # not the broken file: its worker reads it and reports why
        for index, ahead in read.items():
            assert ahead.load() == parse(files[index])
            assert 0 <= ahead.seconds < tasks[index].limits.timeout_seconds
    finally:
        reader.close()
    assert not os.path.exists(os.path.dirname(read[0].path))


def test_a_stopped_pre_reader_leaves_whole_documents_only(files):
    tasks = [AuditTask(index=i, path=str(p)) for i, p in enumerate(files * 20)]
    reader = readahead.PreReader(tasks)
    reader.start()
    read = reader.stop()  # at once: most files not read, one perhaps half-written
    try:
        assert all(ahead.load() is not None for ahead in read.values())
    finally:
        reader.close()


def test_an_audit_from_a_document_read_ahead_is_the_files_audit(files):
    tasks = [AuditTask(index=i, path=str(p)) for i, p in enumerate(files)]
    reader, read = read_everything(tasks)
    try:
        for index, ahead in read.items():
            ahead_task = dataclasses.replace(tasks[index], read_ahead=ahead)
            assert ahead_task.seconds_left() == pytest.approx(tasks[index].limits.timeout_seconds - ahead.seconds)
            assert run_task(ahead_task) == run_task(tasks[index])
        gone = dataclasses.replace(read[0], path=str(Path(read[0].path).with_suffix(".gone")))
        assert run_task(dataclasses.replace(tasks[0], read_ahead=gone)) == run_task(tasks[0])
    finally:
        reader.close()


def test_a_batch_with_two_jobs_audits_the_documents_read_ahead(files, tmp_path, monkeypatch):
    expected = run_batch(files, BatchSettings(jobs=1)).documents
    # As in a cold process (this one may be warm already), and with every
    # file read before the workers start, whatever the machine's speed.
    monkeypatch.setattr(lint.executors, "_warmed", set())
    monkeypatch.setattr(readahead.PreReader, "stop", lambda self, stop=readahead.PreReader.stop: stop(self, wait=True))
    log = tmp_path / "calls.log"

    def logged(task):  # runs in the workers' sandbox children: a file, not a list
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{Path(task.path).name} {task.read_ahead is not None}\n")
        return run_task(task)

    monkeypatch.setattr(lint.executors, "run_task", logged)
    executor = ProcessExecutor(2, mp_context="fork")
    result = run_batch(files, BatchSettings(jobs=2), executor_factory=lambda n: executor)
    assert result.documents == expected
    assert sorted(log.read_text().splitlines()) == sorted(f"{p.name} {p != files[-1]}" for p in files)
