"""A list item completes its lead-in's sentence and reads the lead-in's
matches. Items the parser kept as paragraphs, opening on their own
enumerator (« (a) … »), are items too while they hold one sentence; a
scanned page read as one paragraph that happens to open on « (i) » is not."""

from __future__ import annotations

from lint.checks.matching import inherit_lead_ins
from lint.engine import matcher_bank
from lint.model import BODY_KINDS
from lint.parsers.text import parse_text
from lint.ruleset.loader import load_rulepack

TEXT = """The Seller shall not, directly or indirectly:

(a) own or operate any business similar to that of the Buyer; or

(b) hire any person employed by the Buyer.

A paragraph with no enumerator.

The Buyer shall not:

(i) assign this Agreement. The Seller may assign it to an Affiliate. Notices go to the addresses above.
"""


def _scanned(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(TEXT, encoding="utf-8")
    body = [b for b in parse_text(path).blocks if b.kind in BODY_KINDS]
    scanned = matcher_bank(load_rulepack(), "en").scan(body)
    inherit_lead_ins(scanned)
    return {r.block.text.split(" ")[0]: r for r in scanned}


def test_enumerated_paragraphs_after_a_lead_in_read_its_matches(tmp_path):
    by_start = _scanned(tmp_path)
    assert by_start["(a)"].inherited and by_start["(b)"].inherited
    assert not by_start["A"].inherited


def test_a_paragraph_of_several_sentences_is_no_item(tmp_path):
    assert not _scanned(tmp_path)["(i)"].inherited
