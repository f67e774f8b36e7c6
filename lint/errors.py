"""Input errors: one kind per way a file can fail to be read.

Each kind is a public identifier (it appears in the JSON report), so names are
stable. Every one of them maps to exit code 2 in the CLI.
"""

from __future__ import annotations

ERROR_KINDS = {
    "not-found": "the file does not exist",
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
    "timeout": "reading the file took longer than the time limit",
    "unsupported-language": "the contract's language has no rule pack yet",
    "internal": "an unexpected error inside clausier",
}


class InputError(Exception):
    """A file that cannot be turned into a Document."""

    def __init__(self, kind: str, message: str):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown input error kind: {kind}")
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message
