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
cache folder, created private (0700).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from lint.model import ClauseStatus, DocumentReport, Finding, FindingLocation, InputErrorInfo, Severity
from lint.output import atomic_write

CACHE_FORMAT = 1
# Kinds that depend on the moment (timeout, a crash) or on the password's
# value rather than on the file, so a later run must try again.
UNCACHED_ERRORS = frozenset({"timeout", "internal", "wrong-password", "not-found"})


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
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
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

    def key(self, path: str | Path) -> str | None:
        """The entry's key, or None when the file cannot be read (its error is not cached)."""
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

    def get(self, key: str | None, path: str) -> DocumentReport | None:
        if key is None:
            return None
        try:
            data = json.loads(self._entry(key).read_text(encoding="utf-8"))
            report = document_report_from_dict(data["report"])
        except (OSError, ValueError, KeyError, TypeError):
            # Missing, or written by an incompatible version: recompute.
            self.misses += 1
            return None
        self.hits += 1
        # The same bytes may sit under another folder: report the path asked for.
        return replace(report, path=str(path))

    def put(self, key: str | None, report: DocumentReport) -> None:
        if key is None or (report.error is not None and report.error.kind in UNCACHED_ERRORS):
            return
        entry = self._entry(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write(entry, json.dumps({"format": CACHE_FORMAT, "report": report.to_dict()}, ensure_ascii=False))
        except OSError:
            pass  # a read-only or full cache folder must not fail the audit


# --- DocumentReport from its JSON form ------------------------------------------------
# These mirror the to_dict methods of lint.model (the public JSON schema), so a
# JSON report can also be read back.


def _location(data: dict) -> FindingLocation:
    return FindingLocation(page=data.get("page"), paragraph=data.get("paragraph"), section=data.get("section"))


def _clause(data: dict) -> ClauseStatus:
    return ClauseStatus(
        id=data["id"],
        title=data["title"],
        status=data["status"],
        required=data["required"],
        confidence=data["confidence"],
        location=tuple(_location(loc) for loc in data.get("location", ())),
        explanation=data.get("explanation", ""),
    )


def _finding(data: dict) -> Finding:
    return Finding(
        rule=data["rule"],
        code=data["code"],
        clause=data["clause"],
        severity=Severity(data["severity"]),
        message=data["message"],
        location=_location(data.get("location") or {}),
        excerpt=data.get("excerpt", ""),
        suggestion=data.get("suggestion", ""),
        reference=data.get("reference", ""),
        context=data.get("context", ""),
    )


def document_report_from_dict(data: dict) -> DocumentReport:
    error = data.get("error")
    return DocumentReport(
        path=data["path"],
        format=data.get("format"),
        language=data.get("language"),
        profile=data.get("profile"),
        clauses=tuple(_clause(c) for c in data.get("clauses", ())),
        findings=tuple(_finding(f) for f in data.get("findings", ())),
        error=InputErrorInfo(kind=error["kind"], message=error["message"]) if error else None,
        page_count=data.get("page_count"),
        title=data.get("title"),
    )
