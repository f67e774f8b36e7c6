"""Hard limits for the work done on one file: a forked child with a capped
address space, killed when its time is up.

A timer or a signal handler inside the process cannot stop C code (PDFium,
libxml2) that loops or allocates without returning to Python; the kernel can.
So the child gets `RLIMIT_AS` (an allocation past it fails: a MemoryError in
Python, an abort in C), and the parent waits on a pipe with a deadline and
sends SIGKILL when it passes. The result comes back pickled through the pipe.

Forking after the imports (and, for batches, after the model is loaded) keeps
the start-up cost of a sandboxed file to a few milliseconds. A batch goes
further with a `Runner`: one child serves file after file under the same
limits, and is replaced whenever a file fails in it. Where fork is not
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


def enter_child(max_memory: int | None) -> None:
    """What a sandbox child does first: Ctrl-C and stderr are the parent's,
    library warnings are collected, the address space is capped."""
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


def _outcome(fn: Callable[..., Any], args: tuple) -> bytes:
    """`fn(*args)` as a pickled (tag, value): never raises for what fn does."""
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
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", ""))
    except Exception as exc:  # noqa: BLE001
        return pickle.dumps(("error", f"unpicklable result ({type(exc).__name__}: {exc})"[:300]))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _child(write_fd: int, fn: Callable[..., Any], args: tuple, max_memory: int | None) -> None:
    code = 0
    try:
        enter_child(max_memory)
        _write_all(write_fd, _outcome(fn, args))
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        # No atexit handlers, no flushing of buffers inherited from the parent.
        os._exit(code)


def _result(data: bytes, status: int | None, max_memory: int | None) -> Any:
    """The call's value or a Failure, from what the child wrote and, when it
    died, its wait status."""
    if data:
        try:
            tag, value = pickle.loads(data)
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
    if status is not None and os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        if max_memory and number in _MEMORY_SIGNALS:
            return Failure("memory", name)
        return Failure("internal", f"the process reading the file crashed ({name})")
    code = os.waitstatus_to_exitcode(status) if status is not None else "unknown"
    return Failure("internal", f"the process reading the file stopped (exit status {code})")


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
    data = b"".join(chunks)
    return _result(data, None if data else status, max_memory)


# --- a child that serves many calls ---------------------------------------------------

_HEADER = 16  # length of the pickled outcome, then the child's address space


class Runner:
    """Like `run`, but one forked child serves call after call, so a batch
    pays for a fork and for the copy-on-write of the warm model once, not for
    every file (about 25 ms a file, a fifth of an audit).

    The limits are those of `run`: the child has its address space capped,
    each call has its deadline, after which the child is killed. A child that
    died, was killed, or failed a call in any way but returning is replaced
    by a fresh one for the next call; so is one whose address space grew more
    than MAX_GROWTH since it started, so that every call has about the
    headroom under the cap that a fresh child has. `fresh` tells whether the
    next call runs in a child that has served none: callers that want a
    failure's verdict from a fresh child, as `run` would give it, call again."""

    MAX_GROWTH = 128 * MiB

    def __init__(self, max_memory: int | None = DEFAULT_MAX_MEMORY):
        self.max_memory = max_memory
        self.pid: int | None = None
        self.calls = 0  # calls served by the current child
        self._to_child = self._from_child = -1
        self._start_space = 0

    @property
    def fresh(self) -> bool:
        return self.pid is None or self.calls == 0

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(request_write)
            os.close(result_read)
            _serve(request_read, result_write, self.max_memory)
        os.close(request_read)
        os.close(result_write)
        self.pid, self.calls = pid, 0
        self._to_child, self._from_child = request_write, result_read
        self._start_space = 0

    def run(self, fn: Callable[..., Any], *args: Any, timeout: float | None) -> Any:
        """`fn(*args)` in the child: its value or a Failure; raises as `run` does."""
        request = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        if self.pid is None:
            self._start()
        try:
            _write_all(self._to_child, len(request).to_bytes(8, "little") + request)
        except BrokenPipeError:
            # The idle child died (killed from outside): start another.
            self.close()
            self._start()
            _write_all(self._to_child, len(request).to_bytes(8, "little") + request)
        deadline = None if timeout is None else time.monotonic() + timeout + GRACE_SECONDS
        data = bytearray()
        expected = None
        space = 0
        try:
            while expected is None or len(data) < _HEADER + expected:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    self._stop(kill=True)
                    return Failure("timeout")
                ready, _, _ = select.select([self._from_child], [], [], left)
                if not ready:
                    continue
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:  # the child died
                    status = self._stop(kill=True)
                    return _result(b"", status, self.max_memory)
                data += chunk
                if expected is None and len(data) >= _HEADER:
                    expected = int.from_bytes(data[:8], "little")
                    space = int.from_bytes(data[8:16], "little")
        except BaseException:
            self._stop(kill=True)  # Ctrl-C while waiting
            raise
        self.calls += 1
        if not self._start_space:
            self._start_space = space
        try:
            outcome = _result(bytes(data[_HEADER:]), None, self.max_memory)
        except Interrupted:
            self._stop(kill=True)
            raise
        if isinstance(outcome, Failure) or space - self._start_space > self.MAX_GROWTH:
            self._stop(kill=True)
        return outcome

    def _stop(self, *, kill: bool) -> int | None:
        """End the child (killed, or told to stop by closing its pipe) and reap it."""
        if self.pid is None:
            return None
        if kill:
            _kill(self.pid)
        os.close(self._to_child)
        os.close(self._from_child)
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status

    def close(self, *, kill: bool = False) -> None:
        """End the child: once it has finished its call, or at once with `kill`."""
        self._stop(kill=kill)


def _read_exact(fd: int, n: int) -> bytes | None:
    data = bytearray()
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _serve(request_fd: int, result_fd: int, max_memory: int | None) -> None:
    """The Runner's child: calls, one after the other, until its pipe closes."""
    code = 0
    try:
        enter_child(max_memory)
        while True:
            header = _read_exact(request_fd, 8)
            if header is None:
                break
            fn, args = pickle.loads(_read_exact(request_fd, int.from_bytes(header, "little")))
            data = _outcome(fn, args)
            _write_all(result_fd, len(data).to_bytes(8, "little") + _address_space().to_bytes(8, "little") + data)
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        os._exit(code)


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
