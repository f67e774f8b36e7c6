"""sandbox.Runner: one forked child serves a batch's files one after another,
with the limits a child per file had (time, memory, crash isolation), and is
replaced whenever a call fails. No timing is asserted."""

from __future__ import annotations

import faulthandler
import os
import signal
import time
from pathlib import Path

import pytest

import lint.executors
from lint import sandbox
from lint.executors import AuditTask, run_sandboxed, run_task

pytestmark = pytest.mark.skipif(not sandbox.available(), reason="the sandbox needs fork (Linux)")

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEXT_SAMPLE = CORPUS / "13-prestation-audit-securite" / "contrat.txt"

_served = 0  # calls served by this process (in a child: since it was forked)


def pid_and_count(_=None):
    global _served
    _served += 1
    return os.getpid(), _served


def crash(_=None):
    faulthandler.disable()  # pytest's, inherited by the fork: no traceback dump
    os.kill(os.getpid(), signal.SIGSEGV)


def hang(_=None):
    time.sleep(600)


def exhaust(_=None):
    raise MemoryError


def interrupt(_=None):
    raise KeyboardInterrupt


@pytest.fixture
def runner():
    runner = sandbox.Runner()
    yield runner
    runner.close()


def test_one_child_serves_call_after_call(runner):
    first = runner.run(pid_and_count, timeout=30)
    second = runner.run(pid_and_count, timeout=30)
    assert first[0] == second[0] != os.getpid()
    assert (first[1], second[1]) == (_served + 1, _served + 2)  # the child's own count


@pytest.mark.parametrize(
    "call, kind, timeout",
    [(crash, "internal", 30), (hang, "timeout", 0.2), (exhaust, "memory", 30)],
)
def test_a_failed_call_is_reported_and_the_next_runs_in_a_new_child(runner, call, kind, timeout):
    before, _ = runner.run(pid_and_count, timeout=30)
    outcome = runner.run(call, timeout=timeout)
    assert isinstance(outcome, sandbox.Failure) and outcome.kind == kind
    assert runner.fresh
    after, count = runner.run(pid_and_count, timeout=30)
    assert after != before and count == _served + 1


def test_an_interrupt_in_the_call_is_raised_and_ends_the_child(runner):
    runner.run(pid_and_count, timeout=30)
    with pytest.raises(sandbox.Interrupted):
        runner.run(interrupt, timeout=30)
    assert runner.fresh


def test_a_child_killed_while_idle_is_replaced(runner):
    before, _ = runner.run(pid_and_count, timeout=30)
    os.kill(before, signal.SIGKILL)
    time.sleep(0.1)  # let it die; the next call must not care either way
    after, _ = runner.run(pid_and_count, timeout=30)
    assert after != before


def _crash_unless_fresh(task):
    # Fails only in a child that has already served a file: an earlier
    # file's doing, which a fresh child must not inherit.
    if pid_and_count()[1] > 1:
        crash()
    return run_task(task)


def test_a_file_that_fails_in_a_used_child_is_judged_again_in_a_fresh_one(runner, monkeypatch):
    monkeypatch.setattr(lint.executors, "run_task", _crash_unless_fresh)
    task = AuditTask(index=0, path=str(TEXT_SAMPLE))
    first = run_sandboxed(task, runner)
    second = run_sandboxed(task, runner)
    assert first.error is None and second.error is None
    assert second.to_dict() == first.to_dict()


def test_a_file_that_fails_in_a_fresh_child_too_keeps_its_error(runner, monkeypatch):
    monkeypatch.setattr(lint.executors, "run_task", lambda task: crash())
    report = run_sandboxed(AuditTask(index=0, path=str(TEXT_SAMPLE)), runner)
    assert report.error is not None and report.error.kind == "internal"
