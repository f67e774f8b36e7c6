"""The rule-pack schema: every key a rule file may hold, and its type.

Validation is strict. An unknown key, a wrong type or an unknown check kind is
a RulePackError naming the file and the key path, raised at load time.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("fr", "en")
SEVERITIES = ("error", "warning", "info")
STATUSES = ("stable", "preview", "deprecated")

# The closed set of check kinds. Rules combine them; adding a rule never needs code.
CHECK_KINDS = {
    "presence": "the profile requires the family but no clause was found (missing-clause)",
    "clause-lacks": "the family's clause exists but none of `match` is found in it",
    "wording": "a risky wording, found anywhere in the family's clause (or the document)",
    "duration-bound": "a duration in the clause is over `max_months`",
    "checklist": "when `when` matches, every item must be found; the finding lists those missing",
    "conditional": "when `when` matches in the document, `match` must be found too",
    "party-identification": "a French company party lacks a registration number, or one fails its checksum",
    "dangling-reference": "an internal reference to an article or annex that the document does not have",
    "amount-mismatch": "an amount written in words disagrees with its figures",
    "pending-revisions": "the file still holds unaccepted tracked changes",
}

# What each check kind needs in a rule's language block, and the options it reads.
CHECK_NEEDS = {
    "presence": ((), ("optional_text",)),
    "clause-lacks": (("match",), ("subject_anywhere", "match_anywhere", "same_sentence", "min_clause_score", "unless_entities")),
    "wording": (("match",), ("max_per_document", "page_furniture", "group_repeats", "repeat_message", "phrase_suggestions")),
    "duration-bound": ((), ("threshold", "max_months")),
    "checklist": (("when", "items"), ("min_missing", "silent_if_anywhere", "items_in_clause")),
    "conditional": (("when", "match"), ()),
    "party-identification": ((), ("checksum_message",)),
    "dangling-reference": ((), ()),
    "amount-mismatch": ((), ()),
    "pending-revisions": ((), ()),
}

MATCHER_KEYS = {"phrases", "patterns", "regex", "all", "any", "not", "entity", "near"}
ENTITY_KINDS = ("party-duty", "party-action", "party-mention", "duration", "post-term-duration", "unlimited-duration", "territory", "amount", "registration", "number", "party-registration", "foreign-party")


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
