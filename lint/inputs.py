"""Which files an audit reads: files as given, folders walked recursively.

Inside folders we skip what is not a contract: hidden files and folders (so
`.git` is never walked), Word and LibreOffice lock files, and types clausier
does not read (`.doc` is kept so that it gets its "save as .docx" message).
A file named explicitly is always kept, whatever it is, so that a bad one is
reported rather than silently dropped.

`--include`/`--exclude` globs are matched case-insensitively against the path
relative to the folder given and against the file name; `*` also crosses
folders, a leading `**/` is optional, and an excluded folder is not walked.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from lint.parsers import SUPPORTED_SUFFIXES

LOCK_PREFIXES = ("~$", ".~lock.")
FOLDER_SUFFIXES = frozenset({*SUPPORTED_SUFFIXES, ".doc"})


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    # Folders that could not be listed: said, not hidden.
    warnings: list[str] = field(default_factory=list)


def _matches(rel: str, globs: tuple[str, ...]) -> bool:
    rel = rel.lower()
    name = rel.rsplit("/", 1)[-1]
    for glob in globs:
        glob = glob.lower()
        variants = (glob, glob[3:]) if glob.startswith("**/") else (glob,)
        if any(fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(name, g) for g in variants):
            return True
    return False


def is_skipped_name(name: str) -> bool:
    return name.startswith(".") or name.startswith(LOCK_PREFIXES)


def _walk(root: Path, include: tuple[str, ...], exclude: tuple[str, ...], warnings: list[str]) -> list[Path]:
    found = []

    def on_error(error: OSError) -> None:
        warnings.append(f"{error.filename}: cannot list this folder ({error.strerror}); its files were not audited")

    for folder, dirs, files in os.walk(root, onerror=on_error):
        here = Path(folder)
        rel_folder = here.relative_to(root).as_posix()
        prefix = "" if rel_folder == "." else rel_folder + "/"
        # Pruning in place keeps os.walk out of hidden and excluded folders.
        dirs[:] = sorted(d for d in dirs if not is_skipped_name(d) and not (exclude and _matches(prefix + d, exclude)))
        for name in sorted(files):
            rel = prefix + name
            if is_skipped_name(name) or Path(name).suffix.lower() not in FOLDER_SUFFIXES:
                continue
            if include and not _matches(rel, include):
                continue
            if exclude and _matches(rel, exclude):
                continue
            found.append(here / name)
    # Path order (a/x before b.docx), as a file manager lists them.
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def collect_inputs(paths: tuple[str, ...], include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Inputs:
    """The files to audit, in the order given (folders sorted by path), each once."""
    result = Inputs()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        candidates = _walk(path, include, exclude, result.warnings) if path.is_dir() else [path]
        for candidate in candidates:
            try:
                key = candidate.resolve()
            except (OSError, RuntimeError):
                # A symlink loop: kept, so that it gets its own error row.
                key = candidate.absolute()
            if key not in seen:
                seen.add(key)
                result.files.append(candidate)
    return result
