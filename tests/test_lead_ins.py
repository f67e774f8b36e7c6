"""A list item completes its lead-in's sentence and reads the lead-in's
matches. Which blocks are items is the document model's to say (every
parser marks a paragraph opening on « (a) » as one): the matcher reads the
block kinds and nothing else."""

from __future__ import annotations

from dataclasses import replace

from lint.checks.matching import inherit_lead_ins
from lint.engine import matcher_bank
from lint.model import BODY_KINDS, BlockKind
from lint.parsers.text import parse_text
from lint.ruleset.loader import load_rulepack

TEXT = """The Seller shall not, directly or indirectly:

(a) own or operate any business similar to that of the Buyer; or

(b) hire any person employed by the Buyer.

A paragraph with no enumerator.

The Buyer shall not:

(i) assign this Agreement. The Seller may assign it to an Affiliate. Notices go to the addresses above.
"""


def _body(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(TEXT, encoding="utf-8")
    return [b for b in parse_text(path).blocks if b.kind in BODY_KINDS]


def _scanned(body):
    scanned = matcher_bank(load_rulepack(), "en").scan(body)
    inherit_lead_ins(scanned)
    return {r.block.text.split(" ")[0]: r for r in scanned}


def test_enumerated_paragraphs_after_a_lead_in_read_its_matches(tmp_path):
    by_start = _scanned(_body(tmp_path))
    assert by_start["(a)"].inherited and by_start["(b)"].inherited
    assert not by_start["A"].inherited


def test_an_item_of_several_sentences_is_still_an_item(tmp_path):
    assert _scanned(_body(tmp_path))["(i)"].inherited


def test_the_matcher_reads_items_from_the_model_only(tmp_path):
    # The same text given as paragraphs: no enumerator makes the matcher read them as items.
    body = [replace(b, kind=BlockKind.PARAGRAPH) if b.kind == BlockKind.LIST_ITEM else b for b in _body(tmp_path)]
    assert not any(result.inherited for result in _scanned(body).values())


HEADED = """3.1 The Distributor shall not:

(a) sell any products that compete with the Products;

RESPONSIBILITIES OF THE CUSTOMER:

(a) keep its passwords secret.
"""


def test_a_numbered_lead_in_read_as_a_heading_still_introduces_its_list(tmp_path):
    # The parser takes « 3.1 The Distributor shall not: » for a heading by its number; its items
    # complete its sentence all the same. An unnumbered title with a colon labels, and passes nothing.
    path = tmp_path / "case.txt"
    path.write_text(HEADED, encoding="utf-8")
    body = [b for b in parse_text(path).blocks if b.kind in BODY_KINDS]
    assert [b.kind for b in body] == [BlockKind.HEADING, BlockKind.LIST_ITEM] * 2
    scanned = matcher_bank(load_rulepack(), "en").scan(body)
    inherit_lead_ins(scanned)
    items = [r for r in scanned if r.block.kind == BlockKind.LIST_ITEM]
    assert items[0].inherited and not items[1].inherited
