"""The contract's first article, read as evidence of its scope (`opening_section`)."""

from __future__ import annotations

from lint.checks.presence import clause_sections, excluded_blocks, opening_section
from lint.parsers import parse
from lint.parsers.text import parse_text
from lint.ruleset.loader import load_rulepack

FR = load_rulepack().document_parts("fr")

# A title set at the articles' own level over the parties' block, as a text
# file with one paragraph a line writes it (written for this test).
TITLED = """CONTRAT DE MISE À DISPOSITION DE VÉLOS CARGO
de la flotte « ROUE LIBRE »

Entre

ROUE LIBRE, SAS au capital de 20 000 €, 4 quai Perrache, 69002 Lyon, RCS Lyon 552 100 554, représentée par son président, le « Loueur » ;

et

la COMMUNE DE VILLEURBANNE, collectivité territoriale, place Lazare-Goujon, 69100 Villeurbanne, représentée par son maire en exercice, la « Commune ».

Il a été convenu ce qui suit.

Article 1 – Ce que le contrat permet

Le Loueur met à la disposition de la Commune douze vélos cargo électriques pour les agents des espaces verts, avec leur entretien et leur assurance.

Article 2 – Argent

La Commune verse au Loueur 95 euros HT par vélo et par mois, sur facture mensuelle payable par virement à trente jours de sa date d'émission.

Article 3 – Durée

Le contrat court du 1er avril 2027 au 31 mars 2028.

Article 4 – Assurance

Le Loueur assure les vélos contre le vol et la casse.

Article 5 – Litiges

Le tribunal administratif de Lyon est seul compétent.
"""


def _opening(tmp_path, text: str):
    path = tmp_path / "contrat.txt"
    path.write_text(text, encoding="utf-8")
    document = parse_text(path)
    detections = [family.detection["fr"] for family in load_rulepack().families if "fr" in family.detection]
    return opening_section(document, clause_sections(document, FR), detections, excluded_blocks(document, FR), FR)


def test_the_title_over_the_parties_is_not_the_first_article(tmp_path):
    section = _opening(tmp_path, TITLED)
    assert section is not None and section.title == "Article 1 – Ce que le contrat permet"


def test_a_numbered_first_line_is_an_article_not_a_title(tmp_path):
    # The first line is the first article itself: a named clause, so there is no opening to read.
    text = "Article 1 – Confidentialité\n\nLes informations échangées restent secrètes pendant trois ans.\n\nArticle 2 – Divers\n\nLe présent document est établi en deux exemplaires.\n"
    assert _opening(tmp_path, text) is None


# A preamble and a list of the contract's documents come before the article that says
# what the contract is for (written for this test).
PREAMBLE = """# CONVENTION DE MAINTENANCE DES ORGUES

Entre l'Atelier des Tuyaux, SARL au capital de 15 000 €, RCS Dijon 552 100 554, et la Paroisse Saint-Bénigne, association diocésaine.

## Préambule

La Paroisse possède un grand orgue de 1743, classé, dont la soufflerie a été refaite en 2019. Elle souhaite en confier l'entretien courant à un atelier proche.

## 1. Documents contractuels

Les pièces suivantes forment le contrat, dans cet ordre : la présente convention, puis le devis n° 47 du 2 mars 2027, puis les conditions générales de l'Atelier.

## 2. Ce que l'Atelier fera

Deux accords par an, au printemps et à l'automne, la vérification de la soufflerie et le remplacement des peaux usées des soufflets, sur les deux claviers et le pédalier.

## 3. Prix

La Paroisse verse à l'Atelier 1 800 euros HT par an, payables à réception de facture.
"""


def test_the_preamble_and_the_contract_documents_come_before_the_first_article(tmp_path):
    path = tmp_path / "contrat.md"
    path.write_text(PREAMBLE, encoding="utf-8")
    document = parse(path)
    detections = [family.detection["fr"] for family in load_rulepack().families if "fr" in family.detection]
    section = opening_section(document, clause_sections(document, FR), detections, excluded_blocks(document, FR), FR)
    assert section is not None and section.title == "2. Ce que l'Atelier fera"


def test_a_section_made_of_the_parties_registrations_is_not_the_first_article(tmp_path):
    text = TITLED.replace("\nEntre\n", "\nENTRE :\n", 1)
    path = tmp_path / "contrat.txt"
    path.write_text(text, encoding="utf-8")
    document = parse_text(path)
    detections = [family.detection["fr"] for family in load_rulepack().families if "fr" in family.detection]
    parties = {i for i, block in enumerate(document.blocks) if "RCS" in block.text}
    sections = clause_sections(document, FR)
    first = opening_section(document, sections, detections, excluded_blocks(document, FR), FR)
    assert opening_section(document, sections, detections, excluded_blocks(document, FR), FR, parties).title == "Article 1 – Ce que le contrat permet"
    assert first is not None and first.title == "ENTRE :"  # read by its heading alone, the comparution would be taken
