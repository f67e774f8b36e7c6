"""Entity leaves for rules (durations, territories, amounts, registrations):
a thin bridge from the rule pack's `entity:` matchers to lint.nlp finders."""

from __future__ import annotations


def find_entity(text: str, kinds: tuple[str, ...]):
    """First span in `text` of an entity of one of `kinds`, or None."""
    return None
