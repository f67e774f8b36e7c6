"""Report cache: a file whose bytes, rules, code and settings are unchanged is
not analysed again.

The key is a sha256 over the file's bytes and name plus a "salt" that covers
everything else a result depends on: the rule-pack version, the clausier
version, a fingerprint of clausier's own source files (so a development
checkout never serves results of older code under the same version number),
the configuration fingerprint, the profile, whether a password was given and
the input limits. The name is in the key because error messages and some
explanations quote it. One JSON file per key, written atomically, so a
killed run leaves either a whole entry or none.

The cache holds excerpts of audited contracts: it lives in the user's own
cache folder, created private (0700); a folder that other users can write is
refused with a warning. What it reads back is not trusted: every entry
carries an HMAC keyed by a per-user secret kept in the folder (0600), and is
checked field by field against the report's shape; an entry that fails
either check is deleted and the file analysed again.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

from lint.errors import ERROR_KINDS
from lint.model import ClauseStatus, DocumentReport, Finding, FindingLocation, InputErrorInfo, Severity
from lint.output import atomic_write

CACHE_FORMAT = 2
# Kinds that depend on the moment (timeout, a crash, memory pressure) or on the
# password's value rather than on the file, so a later run must try again.
UNCACHED_ERRORS = frozenset({"timeout", "internal", "memory", "wrong-password", "not-found", "unreadable"})
SECRET_NAME = "secret.key"
DERIVED_FOLDER = "derived"  # start-up data derived from the rule pack (see ReportCache.get_derived)
# A report is a few hundred KB at most; anything much larger is not ours.
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def default_cache_dir() -> Path:
    explicit = os.environ.get("CLAUSIER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("clausier"))


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Size and mtime of every module of the lint package: cheap, and changes
    whenever someone edits the code."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        stat_ = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat_.st_size}:{stat_.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def cache_salt(*, rules_version: str, tool_version: str, config_fingerprint: str, profile: str | None, password_given: bool, limits: Any) -> str:
    parts = [
        f"format={CACHE_FORMAT}",
        f"rules={rules_version}",
        f"tool={tool_version}",
        f"code={code_fingerprint()}",
        f"config={config_fingerprint}",
        f"profile={profile or ''}",
        f"password={int(password_given)}",
        f"limits={limits!r}",
    ]
    return "\n".join(parts)


class ReportCache:
    def __init__(self, directory: Path, salt: str):
        self.directory = Path(directory)
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries that failed the HMAC or the shape check
        # Set when the folder cannot be trusted: the cache is then off.
        self.warning: str | None = None
        self._secret: bytes | None = None
        self._opened = False

    @property
    def enabled(self) -> bool:
        self._open()
        return self._secret is not None

    def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        try:
            self._secret = self._prepare()
        except OSError as error:
            self.warning = f"cache folder {self.directory}: {error.strerror or error}; results are not cached"

    def _prepare(self) -> bytes | None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = self.directory.lstat()
        if not stat.S_ISDIR(info.st_mode):
            self.warning = f"cache folder {self.directory} is not a folder; results are not cached"
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            self.warning = f"cache folder {self.directory} belongs to another user; results are not cached"
            return None
        if info.st_mode & 0o022:
            self.warning = (
                f"cache folder {self.directory} can be written by other users (mode {stat.S_IMODE(info.st_mode):o}); "
                f"results are not cached (chmod 700 it to use it)"
            )
            return None
        return self._read_secret()

    def _read_secret(self) -> bytes | None:
        path = self.directory / SECRET_NAME
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            secret = handle.read(64)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or len(secret) < 32:
            self.warning = f"cache secret {path} is not a private file of 32 bytes; results are not cached"
            return None
        return secret

    def key(self, path: str | Path) -> str | None:
        """The entry's key, or None when the file cannot be read (its error is not cached)."""
        if not self.enabled:
            return None
        path = Path(path)
        digest = hashlib.sha256(self.salt.encode())
        digest.update(b"\0" + path.name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def _mac(self, key: str, payload: bytes) -> str:
        return hmac.new(self._secret, key.encode("ascii") + b"\0" + payload, hashlib.sha256).hexdigest()

    def get(self, key: str | None, path: str) -> DocumentReport | None:
        if key is None or not self.enabled:
            return None
        entry = self._entry(key)
        try:
            with entry.open("rb") as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            self.misses += 1
            return None
        report = self._verified(key, data)
        if report is None:
            # Forged, edited, truncated or from another version: never used,
            # and removed so that the recomputed result replaces it.
            self.rejected += 1
            self.misses += 1
            try:
                entry.unlink()
            except OSError:
                pass
            return None
        self.hits += 1
        # The same bytes may sit under another folder: report the path asked for.
        return replace(report, path=str(path))

    def _verified(self, key: str, data: bytes) -> DocumentReport | None:
        mac, _, payload = data.partition(b"\n")
        if len(data) > MAX_ENTRY_BYTES or not hmac.compare_digest(mac, self._mac(key, payload).encode("ascii")):
            return None
        try:
            content = json.loads(payload)
            if not isinstance(content, dict) or content.get("format") != CACHE_FORMAT:
                return None
            return document_report_from_dict(content["report"])
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError, InvalidEntry):
            return None

    def put(self, key: str | None, report: DocumentReport) -> None:
        if key is None or not self.enabled or (report.error is not None and report.error.kind in UNCACHED_ERRORS):
            return
        entry = self._entry(key)
        # ensure_ascii: a file name that is not UTF-8 is escaped, not lost.
        payload = json.dumps({"format": CACHE_FORMAT, "report": report.to_dict()}, ensure_ascii=True).encode("ascii")
        try:
            entry.parent.mkdir(exist_ok=True, mode=0o700)
            atomic_write(entry, self._mac(key, payload).encode("ascii") + b"\n" + payload, private=True)
        except OSError:
            pass  # a read-only or full cache folder must not fail the audit


    # --- data derived from the rule pack ------------------------------------------
    # Not results: what clausier computes from its own rules at start-up (the
    # prefilter's literal index), kept between runs, `--no-cache` or not, as
    # Python keeps bytecode. Signed like report entries: a file someone edited
    # or truncated is recomputed, never trusted.

    def _derived(self, name: str) -> Path:
        return self.directory / DERIVED_FOLDER / name

    def get_derived(self, name: str) -> bytes | None:
        """The payload stored under `name`, or None (absent, unsigned, altered)."""
        if not self.enabled:
            return None
        try:
            with self._derived(name).open("rb") as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        mac, _, payload = data.partition(b"\n")
        if len(data) > MAX_ENTRY_BYTES or not hmac.compare_digest(mac, self._mac(name, payload).encode("ascii")):
            return None
        return payload

    def put_derived(self, name: str, payload: bytes) -> None:
        if not self.enabled:
            return
        path = self._derived(name)
        try:
            path.parent.mkdir(exist_ok=True, mode=0o700)
            atomic_write(path, self._mac(name, payload).encode("ascii") + b"\n" + payload, private=True)
        except OSError:
            pass  # a read-only or full cache folder only costs the time to derive it again


# --- DocumentReport from its JSON form ------------------------------------------------
# These mirror the to_dict methods of lint.model (the public JSON schema), so a
# JSON report can also be read back. Every field is type-checked: a value of
# the wrong type raises InvalidEntry here rather than an AttributeError in a
# reporter much later.


class InvalidEntry(ValueError):
    """A report dict that does not have the report schema's shape."""


def _get(data: Any, key: str, types: tuple[type, ...], default: Any = ..., *, nullable: bool = False) -> Any:
    if not isinstance(data, dict):
        raise InvalidEntry(f"expected an object around {key!r}")
    if key not in data:
        if default is ...:
            raise InvalidEntry(f"missing {key!r}")
        return default
    value = data[key]
    if value is None and nullable:
        return None
    # bool is an int in Python, never in the schema.
    if isinstance(value, bool) and bool not in types:
        raise InvalidEntry(f"{key!r} has the wrong type")
    if not isinstance(value, types):
        raise InvalidEntry(f"{key!r} has the wrong type")
    return value


def _location(data: Any) -> FindingLocation:
    return FindingLocation(
        page=_get(data, "page", (int,), None, nullable=True),
        paragraph=_get(data, "paragraph", (int,), None, nullable=True),
        section=_get(data, "section", (str,), None, nullable=True),
    )


def _clause(data: Any) -> ClauseStatus:
    return ClauseStatus(
        id=_get(data, "id", (str,)),
        title=_get(data, "title", (str,)),
        status=_get(data, "status", (str,)),
        required=_get(data, "required", (bool,)),
        confidence=float(_get(data, "confidence", (int, float))),
        location=tuple(_location(loc) for loc in _get(data, "location", (list,), [])),
        explanation=_get(data, "explanation", (str,), ""),
    )


def _finding(data: Any) -> Finding:
    severity = _get(data, "severity", (str,))
    if severity not in {s.value for s in Severity}:
        raise InvalidEntry(f"unknown severity {severity!r}")
    excerpt = _get(data, "excerpt", (str,), "")
    highlight = _get(data, "highlight", (dict,), None, nullable=True)
    span = None
    if highlight is not None:
        start, end = _get(highlight, "start", (int,)), _get(highlight, "end", (int,))
        if not 0 <= start <= end <= len(excerpt):
            raise InvalidEntry("highlight outside its excerpt")
        span = (start, end)
    count = _get(data, "count", (int,), 1)
    if count < 1:
        raise InvalidEntry("count below 1")
    return Finding(
        rule=_get(data, "rule", (str,)),
        code=_get(data, "code", (str,)),
        clause=_get(data, "clause", (str,)),
        severity=Severity(severity),
        message=_get(data, "message", (str,)),
        location=_location(_get(data, "location", (dict,), {}, nullable=True) or {}),
        excerpt=excerpt,
        suggestion=_get(data, "suggestion", (str,), ""),
        reference=_get(data, "reference", (str,), ""),
        context=_get(data, "context", (str,), ""),
        highlight=span,
        count=count,
    )


def _error(data: Any) -> InputErrorInfo | None:
    if data is None:
        return None
    kind = _get(data, "kind", (str,))
    if kind not in ERROR_KINDS:
        raise InvalidEntry(f"unknown error kind {kind[:40]!r}")
    return InputErrorInfo(kind=kind, message=_get(data, "message", (str,)))


def document_report_from_dict(data: Any) -> DocumentReport:
    return DocumentReport(
        path=_get(data, "path", (str,)),
        format=_get(data, "format", (str,), None, nullable=True),
        language=_get(data, "language", (str,), None, nullable=True),
        profile=_get(data, "profile", (str,), None, nullable=True),
        clauses=tuple(_clause(c) for c in _get(data, "clauses", (list,), [])),
        findings=tuple(_finding(f) for f in _get(data, "findings", (list,), [])),
        error=_error(_get(data, "error", (dict,), None, nullable=True)),
        page_count=_get(data, "page_count", (int,), None, nullable=True),
        title=_get(data, "title", (str,), None, nullable=True),
        page_count_source=_get(data, "page_count_source", (str,), None, nullable=True),
    )
