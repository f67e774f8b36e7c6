"""Where the shipped rule pack lives: in the installed package (`lint/_rules`,
put there by the wheel) or, from a source tree, the `rules/` folder beside
`lint/`. Both the language registry and the rule loader read from it."""

from __future__ import annotations

from pathlib import Path

# A pack folder's language declaration: its name, tokenizer, detection words…
LANGUAGE_FILE = "language.yml"


def builtin_rules_dir() -> Path:
    installed = Path(__file__).resolve().parent / "_rules"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[1] / "rules"
