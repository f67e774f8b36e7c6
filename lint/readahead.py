"""Reading files ahead while a batch's workers cannot start yet.

Before a pool of workers forks, the parent loads what every audit needs
(spaCy, the rule pack, the matchers: about two seconds), and with two jobs
the second core would sit idle all that time. Reading a file into its
Document needs none of it, so a pre-reader forked first parses the batch's
files meanwhile, largest first, each in a sandbox child under its limits,
and leaves every Document it read as a pickle in a private folder. When the
parent is warm it stops the pre-reader (a file half read is read again by
its worker), and the workers audit the documents already read instead of
parsing those files again. Together with the parent, the pre-reader is one
of the `--jobs` processes busy at a time, never one more, and it runs at the
lowest priority, so that on a busy machine it takes no time from the parent.

A file the pre-reader could not read (bad input, a limit hit, a crash)
leaves nothing, and its worker reads it as if there had been no pre-reader,
so every error is still found, and reported, by the worker alone.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from lint import sandbox

if TYPE_CHECKING:
    from lint.executors import AuditTask
    from lint.model import Document

_SUFFIX = ".pickle"


@dataclass(frozen=True)
class ReadAhead:
    """A file's Document, read ahead: where its pickle is, and the seconds
    its reading took (spent from the file's time limit)."""

    path: str
    seconds: float

    def load(self) -> Document | None:
        """The Document; None if its pickle is gone or unreadable (the file is then read again)."""
        try:
            with open(self.path, "rb") as file:
                return pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None


def _read_to(task: AuditTask, folder: str) -> bool:
    """In a sandbox child: parse the task's file and store its Document;
    False (nothing stored) for a file that cannot be read."""
    from lint.errors import InputError
    from lint.parsers import parse

    started = time.monotonic()
    try:
        document = parse(task.path, password=task.password, limits=task.limits)
    except InputError:
        return False
    milliseconds = int((time.monotonic() - started) * 1000)
    partial = os.path.join(folder, f".{task.index}.part")
    with open(partial, "wb") as file:
        pickle.dump(document, file, protocol=pickle.HIGHEST_PROTOCOL)
    # Complete or absent: the name only appears once the whole pickle is written.
    os.rename(partial, os.path.join(folder, f"{task.index}-{milliseconds}{_SUFFIX}"))
    return True


class _Stop(Exception):
    """The parent is warm: the pre-reader stops where it is."""


def _stop(signum, frame):
    raise _Stop()


def _pre_reader(tasks: Sequence[AuditTask], folder: str) -> None:
    """The pre-reader process: every task's file in turn, until stopped."""
    code = 0
    runners: dict[int, sandbox.Runner] = {}
    try:
        signal.signal(signal.SIGTERM, _stop)
        # Only a core nobody else wants: where the cores are busy (other
        # programs), reading ahead must not slow the parent's warm-up.
        os.nice(19)
        sandbox.enter_child(None)
        # Largest first: in the time it has, the pre-reader then spends the
        # most on parsing and the least on what each file costs besides (a
        # pickle, a file, a look-up). Sorted here, not in the parent, whose
        # time is the batch's.
        for task in sorted(tasks, key=lambda task: -_size(task.path)):
            limit = task.limits.max_memory_bytes
            runner = runners.setdefault(limit, sandbox.Runner(max_memory=limit))
            runner.run(_read_to, task, folder, timeout=task.limits.timeout_seconds)
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            # Ended and reaped here, so that their CPU time counts in ours,
            # and so in the batch's.
            for runner in runners.values():
                runner.close(kill=code != 0)
        finally:
            os._exit(code)


class PreReader:
    """`start` forks the pre-reader; `stop` ends it and returns what it read,
    by task index; `close` removes the folder (after the workers are done)."""

    def __init__(self, tasks: Sequence[AuditTask]):
        self.tasks = list(tasks)
        self.folder: str | None = None
        self.pid: int | None = None

    def start(self) -> None:
        from lint.parsers import load_parsers

        # Before the fork, so the pre-reader and the workers share one import.
        load_parsers()
        self.folder = tempfile.mkdtemp(prefix="clausier-read-ahead-")
        pid = os.fork()
        if pid == 0:
            _pre_reader(self.tasks, self.folder)
        self.pid = pid

    def stop(self, *, wait: bool = False) -> dict[int, ReadAhead]:
        """Stop the pre-reader (with `wait`, once it has read every file) and
        list the documents it stored."""
        if self.pid is not None:
            if not wait:
                try:
                    os.kill(self.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            os.waitpid(self.pid, 0)
            self.pid = None
        found = {}
        for name in os.listdir(self.folder) if self.folder else ():
            if name.endswith(_SUFFIX):
                index, milliseconds = name[: -len(_SUFFIX)].split("-")
                found[int(index)] = ReadAhead(os.path.join(self.folder, name), int(milliseconds) / 1000)
        return found

    def close(self) -> None:
        self.stop()
        if self.folder is not None:
            # A child killed while writing may leave a part file: ignore races.
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def useful(n_tasks: int, jobs: int) -> bool:
    """Whether reading ahead can help: fork available, a second job to use
    the idle core, and a second file for the workers to start on."""
    return sandbox.available() and jobs >= 2 and n_tasks >= 2

