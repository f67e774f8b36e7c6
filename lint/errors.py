"""Input errors: one kind per way a file can fail to be read.

Each kind is a public identifier (it appears in the JSON report), so names are
stable. Every one of them maps to exit code 2 in the CLI.
"""

from __future__ import annotations

import re

ERROR_KINDS = {
    "not-found": "the file does not exist",
    "unreadable": "the file exists but cannot be read (permissions, a symbolic link loop)",
    "unsupported-format": "the extension is not one clausier reads",
    "legacy-doc": "a legacy Word .doc file",
    "lock-file": "a Word/LibreOffice lock file, not a document",
    "not-a-zip": "an Office file that is not a zip archive",
    "corrupt": "a corrupt or truncated file",
    "encrypted": "an encrypted file needing a password",
    "wrong-password": "the password given does not open the file",
    "scanned": "a PDF without a text layer",
    "empty": "a document with no text",
    "too-large": "a file over the size limit",
    "zip-bomb": "an archive whose decompressed size is over the limit",
    "too-large-expanded": "a small file whose text, labels or structure would expand past a budget",
    "timeout": "reading the file took longer than the time limit",
    "memory": "reading the file needed more memory than the limit",
    "unsupported-language": "the contract's language has no rule pack yet",
    "internal": "an unexpected error inside clausier",
}


# C0 and C1 controls, DEL, and the bidi overrides that can disguise a line on a terminal.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")
MAX_MESSAGE_CHARS = 500


def clean_message(text: str) -> str:
    """One printable line: document text and file names end up in error
    messages, and must not move the cursor, colour the terminal or add lines."""
    text = _CONTROLS.sub(" ", str(text)).strip()
    # A name that is not valid UTF-8 is kept readable, not left as lone surrogates.
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that surrogateescape did not make
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def safe_kind(kind: str) -> str:
    """A kind from the fixed vocabulary; anything else (a forged report) is "internal"."""
    return kind if isinstance(kind, str) and kind in ERROR_KINDS else "internal"


class InputError(Exception):
    """A file that cannot be turned into a Document."""

    def __init__(self, kind: str, message: str):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown input error kind: {kind}")
        super().__init__(message)
        self.kind = kind
        self.message = clean_message(message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Crosses process boundaries (the sandbox pickles what the child returns).
        return (InputError, (self.kind, self.message))
