"""Where the sentences of a block begin and end: one rule for every reader
(rules held to one sentence, excerpts, shares that should total 100 %).

A sentence ends on « . », « ; », « ! » or « ? » followed by a space and what
opens a sentence: a capital, a quote or a bracket. « ; » counts because
contracts chain their obligations with it (« … ; Le Client … »). What
follows a lowercase word or a figure goes on: « trente (30) jours. dont… »
is a typo, « 3.5 » and « 1 000 € HT. 20 % » are figures. A period does not
end a sentence after:
- an abbreviation of either language (« M. Dupont », « cf. Annexe »,
  "Acme Inc. (the Company)", "Sec. A"), or initials (« S.A. », "U.S.
  Patent", "e.g. Microsoft");
- an ellipsis (« … », « ... »), which marks a blank or a cut quotation;
- the number of a numbered item (« 1. Le Prestataire », « 5.2. Le prix »),
  which opens its sentence;
- before a code article's letter (« art. L. 442-1 »).
« etc. » is no abbreviation here: before a capital it ends its sentence
(« …, frais de déplacement, etc. Le Client … »).
"""

from __future__ import annotations

import re

from lint.nlp.languages import LANGUAGES

# Words that end on a period without ending their sentence, from each
# language's language.yml. Every language's are used on every text: a French
# contract names "Acme Inc.", an English one cites « art. L. 442-1 ».
_ABBREVIATIONS = frozenset().union(*(lang.abbreviations for lang in LANGUAGES.values()))

# A candidate end: the punctuation, the spaces after it, and a sentence opening after them.
_CANDIDATE = re.compile(r"[.;!?]\s+(?=[A-ZÀ-Ý«\"(])")
# The word a period closes: everything back to the last space or opening bracket
# or quote, within the longest abbreviation's reach.
_WORD_BREAK = re.compile(r"[\s(«\"“']")
MAX_WORD = 12
# Letters with periods: « S.A. », "U.S.", "e.g.", "L.L.C.". Not a letter alone: a
# capital ends a reference as often (« l'annexe B. La … ») and a lowercase one a
# unit (« de 8 h à 19 h. Nous … »); « M. » is in the abbreviations.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# A sentence so far made of an item's number only: « 1. », « 5.2. », « IV. », « b. ».
_NUMBER_ONLY = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[ivxlc]{1,6}|[A-Za-z])\.", re.S)
# A code article's letter and number after « art. »: « L. 442-1 », « R.123-4 ».
_CODE_ARTICLE = re.compile(r"[LRDA]\.?\s?\d")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, end exclusive and before the
    spaces that separate it from the next; the bounds cover the text in order."""
    bounds, start = [], 0
    for match in _CANDIDATE.finditer(text):
        end = match.start()
        if text[end] == "." and not _ends_sentence(text, start, end, match.end()):
            continue
        bounds.append((start, end + 1))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def sentence_at(bounds, offset: int) -> int:
    """The index, in `bounds` (sentence_bounds, or tuples that open on its
    (start, end)), of the sentence holding `offset`: the next one for the
    spaces between two, the last past the end."""
    return next((i for i, (_, end, *_) in enumerate(bounds) if offset < end), len(bounds) - 1)


def _ends_sentence(text: str, start: int, period: int, following: int) -> bool:
    before = text[max(start, period - MAX_WORD):period]
    word = _WORD_BREAK.split(before)[-1]
    if word.endswith(".") or word.endswith("…"):
        return False  # an ellipsis
    if _INITIALS.fullmatch(word) or word in _ABBREVIATIONS:
        return False
    if _NUMBER_ONLY.fullmatch(text, start, period + 1):
        return False
    return _CODE_ARTICLE.match(text, following) is None
