"""File → Document. Picks the parser by extension, checked against the file's
magic bytes, and enforces the limits that keep bad input from hurting us."""

from __future__ import annotations

import errno
import os
import signal
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lint.errors import InputError
from lint.model import BODY_KINDS, Document

MiB = 1024 * 1024
# A real .docx has a few dozen parts; tens of thousands is a crafted archive.
MAX_ZIP_ENTRIES = 10_000


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MiB
    max_unzipped_bytes: int = 300 * MiB
    max_compression_ratio: int = 200
    timeout_seconds: float = 60.0
    # Address-space cap of the process that reads and audits one file (the sandbox's).
    max_memory_bytes: int = 1024 * MiB


DEFAULT_LIMITS = Limits()

SUPPORTED_SUFFIXES = {
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".dotm": "docx",
    ".pdf": "pdf",
    ".odt": "odt",
    ".ott": "odt",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}


def load_parsers() -> None:
    """Import every parser and the libraries they import on first use, for a
    process about to fork children that will read files."""
    import docx.package  # noqa: F401 - python-docx, which the DOCX parser imports on first use

    from lint.parsers import docx as docx_parser, odt, pdf, text  # noqa: F401 - imported for their libraries


def _parser_for(fmt: str) -> Callable[..., Document]:
    # Imported lazily: a text audit should not pay for pdfium or lxml imports.
    if fmt == "docx":
        from lint.parsers.docx import parse_docx

        return parse_docx
    if fmt == "pdf":
        from lint.parsers.pdf import parse_pdf

        return parse_pdf
    if fmt == "odt":
        from lint.parsers.odt import parse_odt

        return parse_odt
    from lint.parsers.text import parse_text

    return parse_text


def detect_format(path: Path) -> str:
    """The format to read `path` as, or an InputError saying why not."""
    name = path.name
    suffix = path.suffix.lower()
    if name.startswith(("~$", ".~lock.")):
        raise InputError("lock-file", f"{name}: this is an Office lock file, not a document")
    if suffix == ".doc":
        if _head(path).startswith(b"PK"):
            # A .docx under the old extension (renamed, or saved so by a web
            # app): Word opens it as a .docx, and so do we.
            return "docx"
        raise InputError(
            "legacy-doc",
            f"{name}: legacy Word .doc files are not supported; save it as .docx "
            "(Word: File > Save As) or convert it with `libreoffice --headless --convert-to docx`",
        )
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputError("unsupported-format", f"{name}: unsupported file type '{suffix or '(none)'}' (clausier reads {known})")
    return fmt


def _head(path: Path) -> bytes:
    """The first bytes of the file; none when it cannot be read (the parser says why)."""
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError:
        return b""


def _sniff(path: Path, fmt: str, limits: Limits) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise InputError("empty", f"{path.name}: the file is empty (0 bytes)")
    if fmt in ("docx", "odt"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            # OLE2: a legacy .doc renamed, or an encrypted OOXML package.
            raise InputError(
                "encrypted" if _is_encrypted_ooxml(path) else "legacy-doc",
                f"{path.name}: this is a password-protected Office file; remove the password in Word and try again"
                if _is_encrypted_ooxml(path)
                else f"{path.name}: this is a legacy Word .doc file under a .{fmt} name; save it as .docx",
            )
        if not head.startswith(b"PK"):
            raise InputError("not-a-zip", f"{path.name}: not a valid .{fmt} file (it is not a zip archive)")
        _check_zip(path, limits)
    elif fmt == "pdf":
        with path.open("rb") as handle:
            start = handle.read(1024)
        if b"%PDF" not in start:
            raise InputError("corrupt", f"{path.name}: not a PDF file (no %PDF header)")


def _is_encrypted_ooxml(path: Path) -> bool:
    with path.open("rb") as handle:
        data = handle.read(64 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, ValueError, EOFError, OSError):
        # UnicodeDecodeError: an entry flagged UTF-8 whose name is not.
        raise InputError("corrupt", f"{path.name}: the file is corrupt or truncated (broken zip archive)") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError("zip-bomb", f"{path.name}: the archive holds {len(infos)} entries, over the limit of {MAX_ZIP_ENTRIES}; refusing to open it")
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > limits.max_unzipped_bytes:
        raise InputError(
            "zip-bomb",
            f"{path.name}: the archive would expand to {total // MiB} MiB, over the limit of "
            f"{limits.max_unzipped_bytes // MiB} MiB; refusing to open it",
        )
    if total > 10 * MiB and total / packed > limits.max_compression_ratio:
        raise InputError(
            "zip-bomb",
            f"{path.name}: the archive would expand {total / packed:.0f} times (to {total // MiB} MiB), over the "
            f"limit of {limits.max_compression_ratio} times; refusing to open it",
        )


@contextmanager
def _time_limit(seconds: float, name: str):
    # SIGALRM only works in the main thread; elsewhere (e.g. a thread pool)
    # the limit is enforced by the caller.
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum, frame):
        raise InputError("timeout", f"{name}: reading the file took more than {seconds:g} s; giving up")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse(path: str | Path, *, password: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read any supported file into a Document, or raise InputError."""
    path = Path(path)
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ENOENT and not os.path.lexists(path):
            raise InputError("not-found", f"{path}: no such file") from None
        reason = {errno.ELOOP: "a symbolic link loop", errno.ENOENT: "a broken symbolic link"}.get(error.errno, error.strerror)
        raise InputError("unreadable", f"{path}: cannot be read ({reason})") from None
    if path.is_dir():
        raise InputError("unsupported-format", f"{path}: is a folder, not a file")
    fmt = detect_format(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(
            "too-large",
            f"{path.name}: the file is {size / MiB:.1f} MiB, over the limit of {limits.max_file_bytes // MiB} MiB",
        )
    parser = _parser_for(fmt)
    with _time_limit(limits.timeout_seconds, path.name):
        try:
            # Inside the handlers: a damaged archive can fail while merely being listed.
            _sniff(path, fmt, limits)
            if fmt in ("text", "markdown"):
                document = parser(path, password=password, markdown=(fmt == "markdown"))
            else:
                document = parser(path, password=password)
        except InputError:
            raise
        except RecursionError:
            raise InputError("corrupt", f"{path.name}: the file is nested too deeply to read") from None
        except MemoryError:
            raise InputError("memory", f"{path.name}: reading the file needed more memory than the limit") from None
        except OSError as exc:
            # No permission is not damage: the file is fine, this user cannot open it.
            kind = "unreadable" if exc.errno in (errno.EACCES, errno.EPERM) else "corrupt"
            raise InputError(kind, f"{path.name}: the file could not be read ({exc.strerror or type(exc).__name__})") from None
        except Exception as exc:  # a parser library failing on a damaged file
            raise InputError("corrupt", f"{path.name}: the file is corrupt or unreadable ({type(exc).__name__}: {exc})"[:300]) from None
    if not any(b.text for b in document.blocks if b.kind in BODY_KINDS):
        raise InputError("empty", f"{path.name}: the document contains no text")
    return document
