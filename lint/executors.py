"""Where `audit_file` runs: in this process, in a pool of worker processes, or
on a Dask cluster. One interface, so the batch runner does not care which.

An executor takes AuditTasks and yields `(task.index, DocumentReport)` in the
order the audits finish; the batch runner puts them back in input order.
Every task yields exactly one report: a file that crashes or hangs a worker
comes back as an error report, never as an exception.
"""

from __future__ import annotations

import collections
import multiprocessing
import multiprocessing.util
import os
import signal
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Protocol, Sequence

from lint import readahead, sandbox
from lint.config import Config
from lint.errors import clean_message
from lint.model import DocumentReport, InputErrorInfo
from lint.parsers import DEFAULT_LIMITS, MiB, Limits


class ExecutorError(RuntimeError):
    """The executor itself cannot run (not a file's fault): said once, exit code 2."""


class WorkerStartError(ExecutorError):
    """Worker processes die before auditing anything: an environment problem."""


@dataclass(frozen=True)
class AuditTask:
    """One call of audit_file; picklable, so it can cross process and machine boundaries."""

    index: int
    path: str
    config: Config = field(default_factory=Config)
    profile: str | None = None
    password: str | None = None
    limits: Limits = DEFAULT_LIMITS
    # The file's Document, when a pre-reader has already read it (see lint.readahead).
    read_ahead: readahead.ReadAhead | None = None

    @property
    def read_seconds(self) -> float:
        """What reading the file ahead took, to spend from its time limit."""
        return self.read_ahead.seconds if self.read_ahead is not None else 0.0

    def seconds_left(self) -> float:
        return max(self.limits.timeout_seconds - self.read_seconds, 0.1)


def error_report(path: str, kind: str, message: str) -> DocumentReport:
    return DocumentReport(path=path, format=None, language=None, profile=None, error=InputErrorInfo(kind=kind, message=clean_message(message)))


def limit_message(path: str, kind: str, limits: Limits, detail: str = "") -> str:
    """The one-line message of a file stopped by the sandbox or the watchdog."""
    name = Path(path).name
    if kind == "timeout":
        return f"{name}: auditing the file took more than {limits.timeout_seconds:g} s; it was stopped"
    if kind == "memory":
        return f"{name}: reading the file needed more than {limits.max_memory_bytes // MiB} MiB of memory (--max-memory); it was stopped"
    return f"{name}: unexpected error inside clausier ({detail or 'the worker process died'})"


def run_task(task: AuditTask) -> DocumentReport:
    """audit_file, plus a last-resort catch so that an engine bug on one file
    becomes that file's "internal" error instead of stopping the batch."""
    from lint.engine import audit_document, audit_file

    try:
        document = task.read_ahead.load() if task.read_ahead is not None else None
        if document is not None:
            return audit_document(document, config=task.config, profile=task.profile)
        return audit_file(task.path, config=task.config, profile=task.profile, password=task.password, limits=task.limits)
    except MemoryError:
        return error_report(task.path, "memory", limit_message(task.path, "memory", task.limits))
    except RecursionError:
        return error_report(task.path, "corrupt", f"{Path(task.path).name}: the file is nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        return error_report(task.path, "internal", limit_message(task.path, "internal", task.limits, f"{type(exc).__name__}: {exc}"))


_warmed: set[tuple[str, ...]] = set()  # the rule folders this process has warmed up for


def warm(rule_dirs: tuple[str, ...] = ()) -> None:
    """Load the rule pack, its matchers and the lexicons once per process,
    so the first file a worker audits does not pay for them."""
    import gc

    from lint.engine import warm_up

    if tuple(rule_dirs) in _warmed:
        return  # a worker forked from a warm parent: its sample audit would be done again for nothing
    warm_up(rule_dirs)
    _warmed.add(tuple(rule_dirs))
    # What is loaded now lives as long as the process: the collector need not
    # walk it again after every few thousand allocations of an audit, nor
    # touch (and so copy) its pages in forked children.
    gc.freeze()


class Executor(Protocol):
    def results(self, tasks: Sequence[AuditTask]) -> Iterator[tuple[int, DocumentReport]]: ...

    def close(self, *, cancel: bool = False) -> None: ...


class LocalExecutor:
    """In this process, without hard limits: for platforms without fork, and
    for callers that already run inside a sandbox. The parser's SIGALRM limit
    applies in the main thread; the NLP stage has no limit here."""

    def results(self, tasks: Sequence[AuditTask]) -> Iterator[tuple[int, DocumentReport]]:
        for task in tasks:
            yield task.index, run_task(task)

    def close(self, *, cancel: bool = False) -> None:
        pass


def _sandboxed_task(task: AuditTask) -> DocumentReport:
    # Looked up at call time, so a test's monkeypatch of run_task reaches the child.
    return run_task(task)


def run_sandboxed(task: AuditTask, runner: sandbox.Runner | None = None) -> DocumentReport:
    """run_task in a forked child with the task's memory and time limits: a
    child of its own, or the runner's, which serves one file after another.
    A file that fails in a runner's child that had served others (memory,
    crash, internal error) is run again in a fresh child, so its verdict is
    never an earlier file's doing."""
    timeout = task.seconds_left()
    if runner is None:
        outcome = sandbox.run(_sandboxed_task, task, timeout=timeout, max_memory=task.limits.max_memory_bytes)
    else:
        fresh = runner.fresh
        outcome = runner.run(_sandboxed_task, task, timeout=timeout)
        if not fresh and _retry_fresh(outcome):
            runner.close()
            outcome = runner.run(_sandboxed_task, task, timeout=timeout)
    if isinstance(outcome, sandbox.Failure):
        return error_report(task.path, outcome.kind, limit_message(task.path, outcome.kind, task.limits, outcome.detail))
    return outcome


def _retry_fresh(outcome) -> bool:
    if isinstance(outcome, sandbox.Failure):
        return outcome.kind != "timeout"
    return outcome.error is not None and outcome.error.kind in ("memory", "internal")


def _runner_for(runners: dict, task: AuditTask) -> sandbox.Runner:
    """One serving child per memory limit (a batch has one)."""
    key = task.limits.max_memory_bytes
    if key not in runners:
        runners[key] = sandbox.Runner(max_memory=key)
    return runners[key]


def _close_runners(runners: dict) -> None:
    for runner in runners.values():
        runner.close()
    runners.clear()


class SandboxExecutor:
    """One file at a time (`--jobs 1`, and a single file), each in a child
    forked from this process with an address-space cap and a wall-clock limit
    enforced by SIGKILL. With several files the model is loaded here once
    first, so every child starts warm; a single file loads it in its child,
    inside the file's own time budget."""

    def __init__(self, *, rule_dirs: tuple[str, ...] = ()):
        self.rule_dirs = rule_dirs

    def results(self, tasks: Sequence[AuditTask]) -> Iterator[tuple[int, DocumentReport]]:
        runners: dict = {}
        if len(tasks) > 1:
            sandbox.capture_library_warnings()
            warm(self.rule_dirs)
        try:
            for task in tasks:
                try:
                    # A single file gets a child of its own, which loads the model in its budget.
                    yield task.index, run_sandboxed(task, _runner_for(runners, task) if len(tasks) > 1 else None)
                except sandbox.Interrupted:
                    raise KeyboardInterrupt from None
        finally:
            _close_runners(runners)

    def close(self, *, cancel: bool = False) -> None:
        pass


# --- worker processes ---------------------------------------------------------

_events = None  # the worker's end of the "task started" channel
_runners: dict = {}  # the worker's serving sandbox children


def _init_worker(events, rule_dirs: tuple[str, ...], max_memory: int | None = None) -> None:
    global _events
    # Ctrl-C is the parent's business: it stops the pool and writes the partial report.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _events = events
    sandbox.capture_library_warnings()
    warm(rule_dirs)
    # After the model is in: the cap is for what one file makes the worker allocate.
    sandbox.limit_memory(max_memory)
    # A worker leaving normally stops and reaps its serving children (their
    # CPU time then counts in the worker's, and none is left to the system);
    # a killed worker's children die with it.
    multiprocessing.util.Finalize(None, _close_runners, args=(_runners,), exitpriority=10)


def _run_in_worker(task: AuditTask) -> DocumentReport:
    # Tell the parent which process runs which file and since when, so its
    # watchdog can stop a hung file and a crash can be pinned on the right one.
    # SimpleQueue writes synchronously: the message is out even if we then segfault.
    _events.put((task.index, os.getpid(), time.monotonic()))
    if sandbox.available():
        # Each file in a child of this warm worker: memory and time limits
        # end that child alone, so the pool is not broken and the report
        # says which limit was hit.
        return run_sandboxed(task, _runner_for(_runners, task))
    return run_task(task)


class ProcessExecutor:
    """A ProcessPoolExecutor whose workers load the model once.

    - A file running longer than `timeout` seconds gets its worker killed and
      a "timeout" error (the parser's own SIGALRM limit is only a first line:
      it cannot interrupt a C library stuck in a loop).
    - A worker that dies (segfault, OOM kill) breaks the pool: the pool is
      rebuilt, files that had not started are resubmitted, and the files that
      were running are rerun one at a time, so the one that crashes again is
      known for sure and gets an "internal" error.
    """

    # Per worker, how many tasks wait in the pool's queue: enough to keep
    # workers busy, few enough that Ctrl-C and the watchdog act quickly.
    QUEUE_DEPTH = 2
    POLL_SECONDS = 0.2
    GRACE_SECONDS = 2.0  # lets the parser's own, cleaner timeout fire first

    def __init__(
        self, jobs: int, *, timeout: float = DEFAULT_LIMITS.timeout_seconds, rule_dirs: tuple[str, ...] = (),
        mp_context: str | None = None, max_memory: int | None = DEFAULT_LIMITS.max_memory_bytes,
    ):
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_memory = max_memory
        self.rule_dirs = rule_dirs
        self.context = multiprocessing.get_context(mp_context or ("fork" if os.name == "posix" and "fork" in multiprocessing.get_all_start_methods() else "spawn"))
        self.pool: ProcessPoolExecutor | None = None
        self.events = None
        self.worker_pids: set[int] = set()
        self.pool_builds = 0
        self.idle_breaks = 0
        self.reader: readahead.PreReader | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        self.events = self.context.SimpleQueue()
        self.worker_pids = set()
        self.pool_builds += 1
        return ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=self.context, initializer=_init_worker, initargs=(self.events, self.rule_dirs, self.max_memory)
        )

    def _drain(self, started: dict[int, tuple[int, float]]) -> None:
        while not self.events.empty():
            index, pid, t0 = self.events.get()
            started[index] = (pid, t0)
            self.worker_pids.add(pid)

    def results(self, tasks: Sequence[AuditTask]) -> Iterator[tuple[int, DocumentReport]]:
        pending = collections.deque(tasks)
        suspects: collections.deque[AuditTask] = collections.deque()
        inflight: dict[Future, AuditTask] = {}
        started: dict[int, tuple[int, float]] = {}
        timed_out: set[int] = set()
        if self.context.get_start_method() == "fork":
            pending = collections.deque(self._warm_reading_ahead(tasks))
        self.pool = self._new_pool()
        while pending or suspects or inflight:
            if suspects:
                if not inflight:
                    task = suspects.popleft()
                    inflight[self.pool.submit(_run_in_worker, task)] = task
            else:
                while pending and len(inflight) < self.jobs * self.QUEUE_DEPTH:
                    task = pending.popleft()
                    inflight[self.pool.submit(_run_in_worker, task)] = task
            done, _ = wait(list(inflight), timeout=self.POLL_SECONDS, return_when=FIRST_COMPLETED)
            self._drain(started)
            broken = False
            for future in done:
                task = inflight.pop(future)
                try:
                    report = future.result()
                except BrokenProcessPool:
                    broken = True
                    inflight[future] = task  # handled with the rest of the broken pool below
                    continue
                started.pop(task.index, None)
                yield task.index, report
            if broken:
                yield from self._recover(inflight, started, timed_out, pending, suspects)
                continue
            self._watchdog(inflight, started, timed_out)
        self.close()

    def _warm_reading_ahead(self, tasks: Sequence[AuditTask]) -> list[AuditTask]:
        """Load the model here once, so the workers fork warm and share it
        copy-on-write; meanwhile, a pre-reader uses the idle core to read
        the first files. The tasks come back with the documents it read."""
        reader = None
        if tuple(self.rule_dirs) not in _warmed and readahead.useful(len(tasks), self.jobs):
            reader = self.reader = readahead.PreReader(tasks)
            reader.start()
        try:
            warm(self.rule_dirs)
        finally:
            read = reader.stop() if reader is not None else {}
        return [replace(task, read_ahead=read[task.index]) if task.index in read else task for task in tasks]

    def _watchdog(self, inflight: dict[Future, AuditTask], started, timed_out: set[int]) -> None:
        now = time.monotonic()
        for task in inflight.values():
            pid, t0 = started.get(task.index, (None, None))
            if pid is not None and task.index not in timed_out and now - t0 > self.timeout - task.read_seconds + self.GRACE_SECONDS:
                timed_out.add(task.index)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def _recover(self, inflight, started, timed_out, pending, suspects) -> Iterator[tuple[int, DocumentReport]]:
        """The pool is broken: say which files it cost, requeue the others, rebuild."""
        running = [task for task in inflight.values() if task.index in started]
        if not running:
            # Nothing had started: the workers themselves cannot start (e.g. the model is missing).
            self.idle_breaks += 1
            if self.idle_breaks >= 2:
                self.close(cancel=True)
                raise WorkerStartError("clausier: worker processes stop before auditing anything; try --jobs 1 to see why")
        else:
            self.idle_breaks = 0
        killed = {task.index for task in running} & timed_out  # our watchdog explains the break
        requeue = []
        for task in inflight.values():
            name = Path(task.path).name
            if task.index in killed:
                yield task.index, error_report(task.path, "timeout", limit_message(task.path, "timeout", replace(task.limits, timeout_seconds=self.timeout)))
            elif task.index in started and not killed and len(running) == 1:
                # The only file running when a worker died: it is the culprit.
                yield task.index, error_report(
                    task.path, "internal", f"{name}: the worker process auditing this file died (crash, or over the memory limit)"
                )
            elif task.index in started and not killed:
                # Culprit or bystander: rerun it alone to find out.
                suspects.append(task)
            else:
                requeue.append(task)
            started.pop(task.index, None)
        pending.extendleft(reversed(requeue))
        inflight.clear()
        self._stop_pool(cancel=True)
        self.pool = self._new_pool()

    def close(self, *, cancel: bool = False) -> None:
        self._stop_pool(cancel=cancel)
        # The documents read ahead are kept until no worker can need them again.
        if self.reader is not None:
            self.reader.close()
            self.reader = None

    def _stop_pool(self, *, cancel: bool) -> None:
        if self.pool is None:
            return
        if cancel:
            # Running files would otherwise finish first; their workers hold nothing we need.
            for pid in self.worker_pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
        self.pool = None


# --- Dask ------------------------------------------------------------------------


class DaskExecutor:
    """Sends `run_task` calls to a Dask distributed scheduler (`--scheduler`).

    Tasks carry file *paths*, not bytes: every worker must see the files at the
    same path (a shared folder or network store). Workers keep the model
    loaded between tasks; `client.run(warm)` loads it up front. Per-file time
    limits are the parser's own (workers run tasks in threads, where SIGALRM
    is not available), so a hung file holds one worker thread until it ends.
    """

    def __init__(self, address, *, rule_dirs: tuple[str, ...] = ()):
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("--scheduler needs the Dask extra: pip install 'clausier[dask]'") from None
        self.client = address if isinstance(address, Client) else Client(address)
        self.owns_client = not isinstance(address, Client)
        self.client.run(warm, rule_dirs)

    def results(self, tasks: Sequence[AuditTask]) -> Iterator[tuple[int, DocumentReport]]:
        from distributed import as_completed

        # Absolute paths, as the workers' current folder is not ours; the
        # report then shows the path as the user gave it.
        futures = {self.client.submit(run_task, replace(task, path=str(Path(task.path).absolute())), pure=False): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                report = replace(future.result(), path=task.path)
            except Exception as exc:  # noqa: BLE001 - a lost worker or a cancelled task
                report = error_report(task.path, "internal", f"{Path(task.path).name}: the Dask task failed ({type(exc).__name__}: {exc})"[:500])
            yield task.index, report

    def close(self, *, cancel: bool = False) -> None:
        if self.owns_client:
            self.client.close()


def make_executor(
    jobs: int, n_tasks: int, *, scheduler=None, timeout: float, rule_dirs: tuple[str, ...] = (), mp_context: str | None = None,
    max_memory: int | None = DEFAULT_LIMITS.max_memory_bytes,
) -> Executor:
    if scheduler is not None:
        return DaskExecutor(scheduler, rule_dirs=rule_dirs)
    workers = min(jobs, n_tasks)
    if workers <= 1:
        return SandboxExecutor(rule_dirs=rule_dirs) if sandbox.available() else LocalExecutor()
    return ProcessExecutor(workers, timeout=timeout, rule_dirs=rule_dirs, mp_context=mp_context, max_memory=max_memory)


def iter_tasks(paths: Iterable[tuple[int, str]], **common) -> list[AuditTask]:
    return [AuditTask(index=i, path=p, **common) for i, p in paths]
