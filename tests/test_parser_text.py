"""The text and Markdown parser on the same contract saved the ways people save it."""

from __future__ import annotations

import textwrap

import pytest

from lint.model import BlockKind
from lint.parsers import parse
from lint.parsers.text import parse_text

try:
    from conftest import CORPUS
except ImportError:  # pragma: no cover - run from the project root
    from tests.conftest import CORPUS

DOCX_SAMPLE = CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"
TEXT_KINDS = (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)


@pytest.fixture(scope="module")
def docx_paragraphs() -> list[str]:
    return [b.text for b in parse(DOCX_SAMPLE).blocks if b.kind in TEXT_KINDS]


def test_word_plain_text_export_keeps_the_word_paragraphs(tmp_path, docx_paragraphs):
    # Word's "plain text" export: one line per paragraph, CRLF, cp1252, no
    # blank line between paragraphs. They were joined into a dozen blocks, so
    # findings were located under the wrong article and quoted across headings.
    path = tmp_path / "contrat.txt"
    path.write_bytes("\r\n".join(docx_paragraphs).encode("cp1252"))
    assert [b.text for b in parse_text(path).blocks] == docx_paragraphs


def test_hard_wrapped_text_is_still_joined_into_paragraphs(tmp_path, docx_paragraphs):
    path = tmp_path / "contrat.txt"
    path.write_text("\n\n".join(textwrap.fill(text, 72) for text in docx_paragraphs), encoding="utf-8")
    assert [b.text for b in parse_text(path).blocks] == docx_paragraphs


def test_real_markdown_without_its_blank_lines_reads_the_same(tmp_path, shared_contracts):
    # fr-2/22: web text, one paragraph a line with a blank line between.
    source = shared_contracts / "fr-2" / "22-cgv-saas-pilot-huckleberry.md"
    if not source.exists():
        pytest.skip(f"{source.name} not available")
    packed = tmp_path / source.name
    packed.write_text("\n".join(line for line in source.read_text(encoding="utf-8").split("\n") if line.strip()), encoding="utf-8")
    assert [b.text for b in parse(packed).blocks] == [b.text for b in parse(source).blocks]


PLAIN_TITLED = """\
Accord de dépôt entre l'atelier Brun et la librairie des Quais

Ce que nous faisons ensemble
L'atelier confie à la librairie, sans les lui vendre, vingt carnets reliés à la main, que la librairie expose près de la caisse.

Qui s'occupe de quoi
L'atelier livre les carnets emballés et passe chaque mois ; la librairie les présente, les vend et tient à jour la liste des ventes.

L'argent
Sur chaque carnet vendu, la librairie garde trente pour cent du prix et verse le reste à l'atelier avant le dix du mois suivant.

Combien de temps ?
L'accord vaut six mois à compter de sa signature, puis se poursuit de trois mois en trois mois sauf avis contraire donné un mois avant.

Lu et approuvé
Anne Brun
"""


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_short_titles_on_their_own_line_are_headings_when_nothing_else_is(tmp_path, suffix):
    # A plain-language contract marks no heading (no number, capitals or markup):
    # its short titles over a paragraph each are its headings; the sign-off over a name is not.
    path = tmp_path / f"depot{suffix}"
    path.write_text(PLAIN_TITLED, encoding="utf-8")
    headings = [b.text for b in parse_text(path).blocks if b.kind == BlockKind.HEADING]
    assert headings == ["Ce que nous faisons ensemble", "Qui s'occupe de quoi", "L'argent", "Combien de temps ?"]


def test_a_letter_keeps_its_lines_as_paragraphs(tmp_path):
    # A salutation, a subject line and a sign-off are no titles, and three
    # candidate lines are too few to call the text titled.
    letter = PLAIN_TITLED.replace("L'argent\n", "L'argent.\n").replace("Combien de temps ?\n", "Objet : durée\n")
    path = tmp_path / "lettre.txt"
    path.write_text("Madame,\n\n" + letter, encoding="utf-8")
    assert not [b for b in parse_text(path).blocks if b.kind == BlockKind.HEADING]


def test_marked_headings_are_left_alone(tmp_path):
    # A heading the writer marked inside the text: its own structure is kept as it is.
    path = tmp_path / "marque.md"
    body = PLAIN_TITLED.replace("L'argent\n", "## L'argent\n")
    path.write_text(body, encoding="utf-8")
    assert [b.text for b in parse_text(path).blocks if b.kind == BlockKind.HEADING] == ["L'argent"]


def test_a_marked_document_title_alone_does_not_hide_the_plain_titles(tmp_path):
    # « # CONVENTION DE PARTENARIAT » on top is the document's name, not one of its parts.
    path = tmp_path / "titre.md"
    path.write_text("# Accord de dépôt\n\n" + PLAIN_TITLED, encoding="utf-8")
    headings = [b.text for b in parse_text(path).blocks if b.kind == BlockKind.HEADING]
    assert headings[0] == "Accord de dépôt" and {"Ce que nous faisons ensemble", "Qui s'occupe de quoi", "Combien de temps ?"} <= set(headings)


def test_plain_titles_before_headed_annexes_are_headings(tmp_path):
    # Plain-language terms whose annexes carry marked headings (« ANNEXE A – Qui signe ? »):
    # the body before the first annex still has its plain titles.
    path = tmp_path / "abonnement.txt"
    annexes = "\nANNEXE A – Qui signe cet accord ?\nL'atelier Brun, entreprise individuelle, 4 rue des Tanneurs, et la librairie des Quais, SARL.\n"
    path.write_text(PLAIN_TITLED + annexes, encoding="utf-8")
    headings = [b.text for b in parse_text(path).blocks if b.kind == BlockKind.HEADING]
    assert headings == ["Ce que nous faisons ensemble", "Qui s'occupe de quoi", "L'argent", "Combien de temps ?", "ANNEXE A – Qui signe cet accord ?"]


def test_a_grid_typed_without_outer_bars_is_a_table_in_hard_wrapped_text(tmp_path, docx_paragraphs):
    # A grid typed in plain text (« Sujet | Document ») inside hard-wrapped prose:
    # each cell is a table cell of its row, and the prose around it is still joined.
    grid = "Sujet | Document applicable\n---|---\nSecret des affaires | CGV, article 9\nRèglement amiable | CGV, article 14"
    prose = [textwrap.fill(text, 72) for text in docx_paragraphs[:3]]
    path = tmp_path / "devis.txt"
    path.write_text("\n\n".join([prose[0], grid, *prose[1:]]), encoding="utf-8")
    blocks = parse_text(path).blocks
    cells = [(b.text, b.cell[1:]) for b in blocks if b.kind == BlockKind.TABLE_CELL]
    assert cells == [("Sujet", (0, 0)), ("Document applicable", (0, 1)), ("Secret des affaires", (1, 0)), ("CGV, article 9", (1, 1)),
                     ("Règlement amiable", (2, 0)), ("CGV, article 14", (2, 1))]
    assert [b.text for b in blocks if b.kind != BlockKind.TABLE_CELL] == docx_paragraphs[:3]


def test_a_single_line_with_a_bar_is_prose(tmp_path):
    path = tmp_path / "lettre.txt"
    path.write_text("Objet : devis n° 12 | version 2\n\nMadame, nous vous adressons notre devis.", encoding="utf-8")
    assert not [b for b in parse_text(path).blocks if b.kind == BlockKind.TABLE_CELL]
