"""Entity leaves for rules (durations, territories, amounts, registrations):
a thin bridge from the rule pack's `entity:` matchers to the lint.nlp finders."""

from __future__ import annotations

import math

from lint.nlp.durations import find_durations, post_term_months
from lint.nlp.identifiers import find_registrations
from lint.nlp.numbers import find_amounts, find_numbers
from lint.nlp.territories import find_territories


def _first(items):
    for item in items:
        return item.start, item.end
    return None


def _post_term(text: str):
    months = post_term_months(text)
    if months is None or math.isinf(months):
        return None
    return _first(d for d in find_durations(text) if d.months is not None)


FINDERS = {
    "duration": lambda text: _first(d for d in find_durations(text) if d.value is not None),
    "post-term-duration": _post_term,
    "unlimited-duration": lambda text: _first(d for d in find_durations(text) if d.unlimited),
    "territory": lambda text: _first(find_territories(text)),
    "amount": lambda text: _first(find_amounts(text)),
    "registration": lambda text: _first(find_registrations(text)),
    "number": lambda text: _first(find_numbers(text)),
}


def find_entity(text: str, kinds: tuple[str, ...]):
    """First span in `text` of an entity of one of `kinds`, or None."""
    for kind in kinds:
        span = FINDERS[kind](text)
        if span is not None:
            return span
    return None
