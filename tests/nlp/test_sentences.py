"""The one sentence splitter (lint.nlp.sentences), on what contracts write
in both languages: abbreviations, numbered items, figures and ellipses."""

from __future__ import annotations

import pytest

from lint.nlp.sentences import sentence_bounds


def _sentences(text: str) -> list[str]:
    return [text[left:right] for left, right in sentence_bounds(text)]


@pytest.mark.parametrize(
    "text",
    [
        # French
        "Conformément à l'art. L. 442-1 du Code de commerce, le préavis est de trois mois.",
        "Le Client est représenté par M. Dupont, son gérant.",
        "La société est immatriculée sous le n° 123 456 789. le siège est à Lyon.",
        "Les frais (cf. Annexe 2) sont remboursés sur justificatif.",
        "Le taux est de 3.5 % par an.",
        "Le prix est de 1 000 € HT. 20 % sont payés à la commande.",
        "Le Prestataire s'engage à livrer le ... Le Client recevra la facture.",
        "Le titulaire du compte … Monsieur ou Madame signe ici.",
        "1. Le Prestataire réalise les Prestations décrites en Annexe.",
        "5.2. Le prix est révisé chaque année.",
        "IV. Les Parties conviennent de ce qui suit.",
        "La société Orbitale S.A. (ci-après « le Client ») confie la mission.",
        # English
        "Acme Inc. (the \"Company\") and Beta Ltd. agree as follows.",
        "Any software, e.g. Microsoft Office, is excluded.",
        "As set out in Sec. A of Exhibit B, fees are due monthly.",
        "The goods ship to the U.S. Patent Office in Alexandria.",
        "Mr. Smith signs for the Supplier.",
        "Payment is due under Contract No. A-12 within thirty days.",
        "The rate is 2.75 percent.",
        "1. The Supplier shall deliver the Products.",
    ],
)
def test_one_sentence(text):
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Le contrat prend effet à sa signature. Il est conclu pour un an.", 2),
        ("Le Prestataire s'interdit de démarcher les clients ; Le Client s'interdit de recruter son personnel.", 2),
        ("Sont remboursés les frais de déplacement, d'hébergement, etc. Le Client les paie sous trente jours.", 2),
        ("Le prestataire respecte l'état de l'art. Toutefois, il ne garantit aucun résultat.", 2),
        ("Voir l'article 5. « Le Client » désigne la société signataire.", 2),
        ("Le contrat est conclu pour un an ! Il se renouvelle ensuite. Qui le résilie ? L'une ou l'autre Partie.", 4),
        ("The Supplier shall deliver the Products. The Buyer shall pay the price.", 2),
        ("Fees are listed in Schedule 1. (a) Fees are paid monthly.", 2),
        ("Is notice required? Yes, thirty days.", 2),
        ("Les pénalités figurent à l'annexe B. La responsabilité du Fournisseur est limitée.", 2),
        ("The fees are set out in Exhibit A. The Buyer pays them monthly.", 2),
    ],
)
def test_several_sentences(text, count):
    pieces = _sentences(text)
    assert len(pieces) == count
    # Each sentence is an exact slice, ending on its punctuation and without the spaces between.
    assert all(piece == piece.strip() for piece in pieces)
    assert " ".join(pieces) == text


def test_bounds_cover_the_text_in_order():
    text = "Article 1. Objet. Le présent contrat a pour objet la refonte du site ; Le prix est fixe."
    bounds = sentence_bounds(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] <= b[0] for a, b in zip(bounds, bounds[1:]))


def test_a_unit_ends_its_sentence():
    assert len(_sentences("L'assistance est joignable de 8 h à 19 h. Nous répondons dans la journée.")) == 2
