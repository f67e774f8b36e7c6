"""What the prefilter derives from a regex: each set must have a literal in any
text the regex matches in, and the sets should rule out text it cannot match in."""

from __future__ import annotations

import re

import pytest

from lint.checks.prefilter import DIGIT, required_literals


def _admits(pattern: str, text: str) -> bool:
    """Whether the prefilter lets the regex be searched in `text`."""
    return all(any(re.search(r"\d", text) if alt == DIGIT else alt in text for alt in alternatives) for alternatives in required_literals(pattern))


def test_a_repeated_character_needs_that_many_in_a_row():
    assert required_literals(r"(\.{4,}|…[.…]+)") == [["....", "…"]]
    assert required_literals(r"ab{3}cd") == [["abbbcd"]]  # exactly three: the run goes on
    assert required_literals(r"n°x{3,}y") == [["n°xxx"]]  # three or more: what follows is not next to them
    assert not _admits(r"(\.{4,}|…[.…]+)", "la fin. Une autre phrase. Et une autre.")
    assert _admits(r"(\.{4,}|…[.…]+)", "le prix de ........ euros")


POINTER = r"(conformement (a |aux )?(\S+ ){0,3}politique|selon (la |les )?(\S+ ){0,3}charte)"


def test_an_alternation_needs_one_literal_of_each_choice_of_sets():
    sets = required_literals(POINTER)
    assert len(sets) == 2 and sorted(map(sorted, sets)) == [["charte", "conformement "], ["politique", "selon "]]


@pytest.mark.parametrize(
    "text, matches",
    [
        ("traitees conformement a la politique de confidentialite", True),
        ("selon les regles de la charte informatique", True),
        ("conformement au contrat, la charte s'applique", False),  # one branch's word, the other's: neither branch
        ("le contrat est conclu pour un an", False),
    ],
)
def test_the_prefilter_admits_every_text_the_regex_matches_in(text, matches):
    assert bool(re.search(POINTER, text)) == matches
    if matches:
        assert _admits(POINTER, text)
    elif "conformement" in text:
        assert not _admits(POINTER, text)  # ruled out by the second choice of sets
