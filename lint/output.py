"""Atomic output: a report or an annotated copy is complete or absent, never half written."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

# Lone surrogates: what Python makes of file-name bytes that are not UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
JSON_FORMATS = frozenset({"json", "sarif"})


def report_bytes(data: str | bytes, fmt: str | None = None) -> bytes:
    """The bytes of a rendered report, valid UTF-8 whatever the file names:
    JSON escapes a lone surrogate (it only occurs inside strings), other
    formats show U+FFFD in its place."""
    if isinstance(data, bytes):
        return data
    if _SURROGATE.search(data):
        if fmt in JSON_FORMATS:
            data = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", data)
        else:
            data = _SURROGATE.sub("\ufffd", data)
    return data.encode("utf-8")


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # Elsewhere, reading the umask means setting it: set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _is_special(path: Path) -> bool:
    """A device, pipe or socket (/dev/null, /dev/stdout, a FIFO): written to in
    place, since renaming a file over it would replace the device itself
    (as root, `-o /dev/null` turned /dev/null into a regular file)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_writable(path: str | Path) -> None:
    """Raise OSError now, before the audit, when `path` cannot be written:
    a missing or read-only folder, a parent that is a file, /dev/null/x, /proc."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder", str(path))
    if _is_special(path):
        if not os.access(path, os.W_OK):
            raise PermissionError(13, "Permission denied", str(path))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)


def atomic_write(path: str | Path, data: str | bytes, *, fmt: str | None = None, private: bool = False) -> None:
    """Write `data` to `path` through a temporary file renamed over it.

    The file gets the mode an ordinary `open()` would give (0666 less the
    umask: 0644 under the usual 022), not mkstemp's 0600; `private` keeps 0600
    (cache entries hold contract excerpts)."""
    path = Path(path)
    payload = report_bytes(data, fmt)
    if _is_special(path):
        with open(path, "wb") as handle:
            handle.write(payload)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if not private:
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
