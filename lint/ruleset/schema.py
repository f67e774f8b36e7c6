"""The rule-pack schema: every key a rule file may hold, and its type.

Validation is strict. An unknown key, a wrong type or an unknown check kind is
a RulePackError naming the file and the key path, raised at load time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lint.nlp.languages import LANGUAGES as _DECLARED

# The languages the pack folders declare (rules/language.yml, rules/<code>/language.yml).
LANGUAGES = tuple(_DECLARED)
SEVERITIES = ("error", "warning", "info")
STATUSES = ("stable", "preview", "deprecated")

class _CheckKindView(Mapping):
    """A read-only view of the check kinds declared in lint.checks (each
    kind declared once, with its function): name → one field of it."""

    def __init__(self, field):
        self._field = field

    def _kinds(self):
        from lint.checks.kinds import check_kinds

        return check_kinds()

    def __getitem__(self, name):
        return self._field(self._kinds()[name])

    def __iter__(self):
        return iter(self._kinds())

    def __len__(self):
        return len(self._kinds())


# The closed set of check kinds: name → description, and name → (keys a
# language block needs, options a rule may set). Declared in lint.checks.rules.
CHECK_KINDS = _CheckKindView(lambda kind: kind.description)
CHECK_NEEDS = _CheckKindView(lambda kind: (kind.needs, kind.options))

MATCHER_KEYS = {"phrases", "patterns", "regex", "all", "any", "not", "entity", "near"}
ENTITY_KINDS = ("party-duty", "party-action", "party-mention", "duration", "post-term-duration", "unlimited-duration", "territory", "amount", "registration", "number", "party-registration", "foreign-party", "foreign-court")


class RulePackError(Exception):
    def __init__(self, file: str, key: str, message: str):
        super().__init__(f"{file}: {key}: {message}")
        self.file, self.key, self.message = file, key, message


def expect_keys(data: Any, allowed: set[str], required: set[str], file: str, where: str) -> dict:
    if not isinstance(data, dict):
        raise RulePackError(file, where, f"expected a mapping, got {type(data).__name__}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise RulePackError(file, f"{where}.{unknown[0]}" if where else unknown[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(data))
    if missing:
        raise RulePackError(file, f"{where}.{missing[0]}" if where else missing[0], "required key is missing")
    return data


def expect_type(value: Any, kind: type | tuple[type, ...], file: str, where: str):
    if not isinstance(value, kind) or (kind in (int, float, (int, float)) and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise RulePackError(file, where, f"expected {names}, got {type(value).__name__}")
    return value


def expect_str_list(value: Any, file: str, where: str) -> list[str]:
    expect_type(value, list, file, where)
    for i, item in enumerate(value):
        expect_type(item, str, file, f"{where}[{i}]")
    return value


def expect_choice(value: Any, choices, file: str, where: str):
    if value not in choices:
        raise RulePackError(file, where, f"{value!r} is not one of {', '.join(map(str, choices))}")
    return value
