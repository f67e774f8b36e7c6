"""Every parser marks list items the same way in the document model: a
paragraph opening on a typed enumerator (« (a) », « b) », « 1° », "(i)") or
bullet (« - », « – ») is a list item, the bullet dropped and the enumerator
kept, as are the items of Word's and ODF's own lists."""

from __future__ import annotations

import pytest

from lint.model import BlockKind
from lint.parsers import parse

try:
    from docx_builders import abstract_num, new_document, num, p, set_numbering
    from test_parser_odt import write_odt
except ImportError:  # run from the repository root as a package
    from tests.docx_builders import abstract_num, new_document, num, p, set_numbering
    from tests.test_parser_odt import write_odt

LEAD_IN = "Le Prestataire s'interdit de :"
# (typed paragraph, text the model keeps)
TYPED_ITEMS = [
    ("(a) démarcher les clients du Client ;", "(a) démarcher les clients du Client ;"),
    ("1° publier ses prix ;", "1° publier ses prix ;"),
    ("(iv) hire any employee of the Buyer;", "(iv) hire any employee of the Buyer;"),
    ("- divulguer ses méthodes ;", "divulguer ses méthodes ;"),
    ("– céder le contrat.", "céder le contrat."),
]
PLAIN = "Le présent contrat est conclu pour une durée d'un an."


def _kinds(document) -> dict[str, BlockKind]:
    return {block.text: block.kind for block in document.blocks}


def _assert_typed_items(document) -> None:
    kinds = _kinds(document)
    for _, kept in TYPED_ITEMS:
        assert kinds.get(kept) == BlockKind.LIST_ITEM, (kept, kinds)
    assert kinds[PLAIN] == BlockKind.PARAGRAPH
    assert kinds[LEAD_IN] == BlockKind.PARAGRAPH


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_and_markdown_mark_typed_items(tmp_path, suffix):
    path = tmp_path / f"contrat{suffix}"
    path.write_text("\n\n".join([LEAD_IN, *(typed for typed, _ in TYPED_ITEMS), PLAIN]) + "\n", encoding="utf-8")
    _assert_typed_items(parse(path))


def test_hard_wrapped_items_start_blocks_but_a_wrapped_number_does_not(tmp_path):
    path = tmp_path / "contrat.txt"
    path.write_text(
        f"{LEAD_IN}\n(a) démarcher les clients ;\n(b) recruter son personnel.\n\n"
        "Le prix est payable dans un délai de trente\n(30) jours à compter de la facture.\n",
        encoding="utf-8",
    )
    blocks = [(b.kind, b.text) for b in parse(path).blocks]
    assert (BlockKind.LIST_ITEM, "(a) démarcher les clients ;") in blocks
    assert (BlockKind.LIST_ITEM, "(b) recruter son personnel.") in blocks
    assert (BlockKind.PARAGRAPH, "Le prix est payable dans un délai de trente (30) jours à compter de la facture.") in blocks


def test_markdown_and_text_markers_are_items_without_their_marker(tmp_path):
    # Markdown renders its own markers (and the text parser always dropped them): « 1. » here is no article number.
    path = tmp_path / "contrat.md"
    path.write_text(f"{LEAD_IN}\n\n* démarcher les clients ;\n+ recruter son personnel ;\nb) céder le contrat ;\n1. publier ses prix sur tout support, même avec l'accord écrit du Client ;\n", encoding="utf-8")
    kinds = _kinds(parse(path))
    for item in ("démarcher les clients ;", "recruter son personnel ;", "céder le contrat ;", "publier ses prix sur tout support, même avec l'accord écrit du Client ;"):
        assert kinds[item] == BlockKind.LIST_ITEM


def test_docx_marks_typed_items_and_word_lists(tmp_path):
    body = "".join(p(text) for text in [LEAD_IN, *(typed for typed, _ in TYPED_ITEMS), PLAIN])
    body += p("numbered by Word", num=(1, 0)) + p("bulleted by Word", num=(2, 0))
    document = new_document(body)
    set_numbering(document, abstract_num(1, [("lowerLetter", "%1)")]) + abstract_num(2, [("bullet", "•")]) + num(1, 1) + num(2, 2))
    path = tmp_path / "contrat.docx"
    document.save(path)
    parsed = parse(path)
    _assert_typed_items(parsed)
    kinds = _kinds(parsed)
    assert kinds["a) numbered by Word"] == BlockKind.LIST_ITEM
    assert kinds["bulleted by Word"] == BlockKind.LIST_ITEM


def test_odt_marks_typed_items_and_odf_lists(tmp_path):
    paragraphs = "".join(f"<text:p>{text}</text:p>" for text in [LEAD_IN, *(typed for typed, _ in TYPED_ITEMS), PLAIN])
    odf_list = '<text:list text:style-name="Bullets"><text:list-item><text:p>listed by ODF</text:p></text:list-item></text:list>'
    parsed = parse(write_odt(tmp_path / "contrat.odt", paragraphs + odf_list))
    _assert_typed_items(parsed)
    assert _kinds(parsed)["listed by ODF"] == BlockKind.LIST_ITEM
