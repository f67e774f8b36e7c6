"""Hard limits for the work done on one file: a forked child with a capped
address space, killed when its time is up.

A timer or a signal handler inside the process cannot stop C code (PDFium,
libxml2) that loops or allocates without returning to Python; the kernel can.
So the child gets `RLIMIT_AS` (an allocation past it fails: a MemoryError in
Python, an abort in C), and the parent waits on a pipe with a deadline and
sends SIGKILL when it passes. The result comes back pickled through the pipe.

Forking after the imports (and, for batches, after the model is loaded) keeps
the start-up cost of a sandboxed file to a few milliseconds. Where fork is not
available (Windows), `available()` is False and callers run in-process.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

MiB = 1024 * 1024
DEFAULT_MAX_MEMORY = 1024 * MiB
# Below this the warm model alone would not fit.
MIN_MAX_MEMORY = 256 * MiB
# After the time limit, a little longer so that the parser's own, clearer
# timeout can fire first.
GRACE_SECONDS = 1.0

# A C library that cannot get memory usually aborts (std::bad_alloc,
# PartitionAlloc's deliberate crash) rather than return an error; the kernel's
# OOM killer sends SIGKILL.
_MEMORY_SIGNALS = {getattr(signal, name) for name in ("SIGABRT", "SIGTRAP", "SIGILL", "SIGBUS", "SIGKILL") if hasattr(signal, name)}


@dataclass(frozen=True)
class Failure:
    """Why the child gave no result: kind is "timeout", "memory" or "internal"."""

    kind: str
    detail: str = ""


class Interrupted(Exception):
    """The child's work raised KeyboardInterrupt."""


def available() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class _Collector(logging.Handler):
    """Keeps third-party log records (pdfminer warns on most damaged PDFs) off
    stderr, where each error must be one line of ours."""

    def __init__(self, limit: int = 200):
        super().__init__(logging.WARNING)
        self.limit = limit
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.limit:
            try:
                self.records.append(f"{record.name}: {record.getMessage()}"[:300])
            except Exception:  # noqa: BLE001 - a malformed record must not fail the audit
                pass


_collector: _Collector | None = None


def capture_library_warnings() -> _Collector:
    """Route library logging and Python warnings into a collector instead of
    stderr (once per process; idempotent)."""
    global _collector
    if _collector is None:
        _collector = _Collector()
        root = logging.getLogger()
        root.addHandler(_collector)
        for name in ("pdfminer", "pdfplumber", "pypdfium2"):
            logging.getLogger(name).setLevel(logging.ERROR)
        logging.captureWarnings(True)
    return _collector


# A forked child already holds its parent's address space (about 330 MiB for
# the CLI with the model loaded; more inside a test session or a host program):
# the cap always leaves at least this much above it, so that a large parent
# does not make every file fail.
MIN_HEADROOM = 256 * MiB


def _address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(max_memory: int | None) -> None:
    """Cap this process's address space (never raise an existing lower cap)."""
    if not max_memory:
        return
    import resource

    max_memory = max(max_memory, _address_space() + MIN_HEADROOM)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    new = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    if soft == resource.RLIM_INFINITY or new < soft:
        resource.setrlimit(resource.RLIMIT_AS, (new, hard))


def _child(write_fd: int, fn: Callable[..., Any], args: tuple, max_memory: int | None) -> None:
    code = 0
    try:
        # Ctrl-C reaches the whole process group; the parent decides what it means.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with_parent()
        if not os.environ.get("CLAUSIER_DEBUG"):
            import faulthandler

            # C libraries write to fd 2 directly, and faulthandler (PYTHONFAULTHANDLER,
            # pytest) to its own copy of it: one line per error is ours to print.
            faulthandler.disable()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        capture_library_warnings()
        limit_memory(max_memory)
        try:
            payload = ("ok", fn(*args))
        except MemoryError:
            payload = ("memory", "")
        except KeyboardInterrupt:
            payload = ("interrupt", "")
        except RecursionError:
            payload = ("error", "RecursionError")
        except Exception as exc:  # noqa: BLE001 - reported as the file's "internal" error
            payload = ("error", f"{type(exc).__name__}: {exc}"[:300])
        try:
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", ""))
        except Exception as exc:  # noqa: BLE001
            data = pickle.dumps(("error", f"unpicklable result ({type(exc).__name__})"))
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        # No atexit handlers, no flushing of buffers inherited from the parent.
        os._exit(code)


def run(fn: Callable[..., Any], *args: Any, timeout: float | None, max_memory: int | None = DEFAULT_MAX_MEMORY) -> Any:
    """`fn(*args)` in a forked child: its return value, or a Failure.

    Raises Interrupted when `fn` raised KeyboardInterrupt, and
    KeyboardInterrupt itself when the user pressed Ctrl-C while waiting (the
    child is killed first)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, fn, args, max_memory)
    os.close(write_fd)
    chunks: list[bytes] = []
    timed_out = False
    finished = False
    deadline = None if timeout is None else time.monotonic() + timeout + GRACE_SECONDS
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        if not finished:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
        os.close(read_fd)
    if timed_out:
        return Failure("timeout")
    if chunks:
        try:
            tag, value = pickle.loads(b"".join(chunks))
        except Exception as exc:  # noqa: BLE001 - a child killed half-way through writing
            tag, value = "error", f"unreadable result from the child process ({type(exc).__name__})"
        if tag == "ok":
            return value
        if tag == "memory":
            return Failure("memory")
        if tag == "interrupt":
            raise Interrupted()
        if tag == "error":
            return Failure("internal", value)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        if max_memory and number in _MEMORY_SIGNALS:
            return Failure("memory", name)
        return Failure("internal", f"the process reading the file crashed ({name})")
    return Failure("internal", f"the process reading the file stopped (exit status {os.waitstatus_to_exitcode(status)})")


def _die_with_parent() -> None:
    """If the parent is killed (a batch watchdog stopping a worker), the kernel
    kills this child too, instead of leaving it to run unwatched."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(70)
    except (OSError, AttributeError):
        pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
