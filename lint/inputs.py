"""Which files an audit reads: files as given, folders walked recursively."""

from __future__ import annotations

import fnmatch
from pathlib import Path

from lint.parsers import SUPPORTED_SUFFIXES

LOCK_PREFIXES = ("~$", ".~lock.")


def _matches(path: Path, root: Path, globs: tuple[str, ...]) -> bool:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) for g in globs)


def collect_paths(paths: tuple[str, ...], include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[Path]:
    """Files named explicitly are always kept (so a bad one is reported);
    inside folders, hidden files, lock files and unsupported types are skipped."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for child in sorted(path.rglob("*")):
                rel_parts = child.relative_to(path).parts
                if any(p.startswith(".") for p in rel_parts) or child.name.startswith(LOCK_PREFIXES):
                    continue
                if not child.is_file() or child.suffix.lower() not in (*SUPPORTED_SUFFIXES, ".doc"):
                    continue
                if include and not _matches(child, path, include):
                    continue
                if exclude and _matches(child, path, exclude):
                    continue
                found.append(child)
            candidates = found
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return out
