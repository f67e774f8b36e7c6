"""dangling-reference (DOC-002) on whole documents: a reference to another
document's article stays silent, a reference to this document's own
numbering is resolved against every numbered line (headings, inline
sub-articles, parts bound together), and only a number surely missing fires.

The wordings are invented for these tests; none is taken from a development
contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.engine import audit_document
from lint.parsers.text import parse_text

RULE = "dangling-reference"

# Nine numbered articles of a fictitious orchard-maintenance agreement.
_TOPICS = [
    ("Objet", "Le Jardinier entretient les vergers de la Coopérative."),
    ("Durée", "L'accord court sur trois saisons de récolte."),
    ("Rémunération", "La Coopérative verse 4 200 euros hors taxes par saison."),
    ("Matériel", "Le Jardinier apporte ses propres sécateurs et échelles."),
    ("Assurance", "Le Jardinier est assuré pour les chutes de branches."),
    ("Calendrier", "Les tailles ont lieu entre novembre et février."),
    ("Confidentialité", "Les rendements communiqués restent confidentiels."),
    ("Fin de l'accord", "Chaque partie peut mettre fin à l'accord avec un préavis de deux mois."),
    ("Litiges", "Les parties recherchent d'abord une solution amiable."),
]


def _contract(extra: str, at: int = 3, articles: int = 9) -> str:
    """An n-article contract with `extra` appended to article `at`'s body."""
    parts = []
    for n, (title, body) in enumerate(_TOPICS[:articles], 1):
        parts.append(f"Article {n} – {title}")
        parts.append(f"{body} {extra}".strip() if n == at else body)
    return "\n\n".join(parts) + "\n"


def _findings(text: str, tmp_path: Path):
    path = tmp_path / "case.txt"
    path.write_text(text, encoding="utf-8")
    report = audit_document(parse_text(path))
    assert report.error is None, report.error
    return [f for f in report.findings if f.rule == RULE]


EXTERNAL = [
    "Les pénalités de retard suivent l'article 14.2 du CCAG-TIC.",
    "Les articles 41 à 44 du cahier des clauses administratives générales s'appliquent aux livraisons de greffons.",
    "Les droits prévus aux articles 12, 13 et 15 du Règlement (UE) 2016/679 sont rappelés aux cueilleurs.",
    "Toute fuite de données est notifiée dans le délai de l'art. 33.1 RGPD.",
    "Les tarifs de cueillette sont ceux de l'article 18 des Conditions Particulières.",
    "La répartition des récoltes suit l'article 11 de l'accord de consortium.",
    "Les données de santé visées à l'article 9, paragraphe 2, point g) du règlement général sur la protection"
    " des données ne sont pas traitées.",
    "Les quantités sont celles de l'article 25 du bon de commande signé au printemps.",
    "La garantie est celle de l'article 21 du contrat-cadre de maintenance.",
    "Les modalités de l'article 16 dudit CCAP s'appliquent aux replantations.",
    # the paragraph names the regulation; its bare article number is the regulation's
    "Les relevés nominatifs des cueilleurs relèvent du RGPD. Toute fuite est signalée sous 72 heures, comme le prévoit l'article 33.",
]


@pytest.mark.parametrize("sentence", EXTERNAL, ids=range(1, len(EXTERNAL) + 1))
def test_another_documents_article_is_silent(sentence, tmp_path):
    assert _findings(_contract(sentence), tmp_path) == []


DANGLING = [
    ("Pour les arrosages, voir l'article 14.", "article 14"),
    ("Les frais de gel sont remboursés selon l'article 12 du présent accord.", "article 12 du présent accord"),
    ("Le préavis est celui de l'article 11 ci-après.", "article 11"),
    ("Les échelles prêtées sont restituées comme prévu à l'Article 10 des présentes.", "Article 10 des présentes"),
]


@pytest.mark.parametrize(("sentence", "target"), DANGLING, ids=range(1, len(DANGLING) + 1))
def test_missing_own_article_fires_with_its_sentence(sentence, target, tmp_path):
    (finding,) = _findings(_contract(sentence), tmp_path)
    assert finding.excerpt == sentence
    assert target in finding.message


def test_existing_article_is_silent(tmp_path):
    assert _findings(_contract("Le calendrier de l'article 6 ci-dessous s'impose."), tmp_path) == []


def test_missing_inline_sub_article_fires(tmp_path):
    text = _contract(
        "4.1 Les échelles sont vérifiées chaque saison. 4.2 Les lames sont affûtées. Voir aussi l'article 4.5 des présentes.",
        at=4,
    )
    (finding,) = _findings(text, tmp_path)
    assert "4.5" in finding.message


def test_inline_sub_article_in_a_joined_paragraph_is_found(tmp_path):
    """"6.3 Récolte" follows on the next line of the same paragraph."""
    text = _contract(
        "Les dates sont fixées à l'Article 6.3 des présentes.\n6.3 Récolte : la cueillette commence à maturité des fruits.",
        at=6,
    )
    assert _findings(text, tmp_path) == []


def test_parts_bound_together_each_keep_their_numbering(tmp_path):
    """General terms numbered 1..9 followed by particular terms numbered 1..3:
    "l'article 8" in the particular terms is the general terms' article 8."""
    particular = "\n\n".join(
        [
            "CONDITIONS PARTICULIÈRES",
            "1. Verger concerné",
            "Le verger de la parcelle nord est seul concerné.",
            "2. Prix",
            "Le prix est réduit de dix pour cent la première saison.",
            "3. Fin",
            "Le préavis de l'article 8 s'applique aussi à la parcelle nord.",
        ]
    )
    assert _findings(_contract("") + "\n" + particular + "\n", tmp_path) == []


def test_document_without_numbering_is_silent(tmp_path):
    text = "\n\n".join(body for _, body in _TOPICS) + "\n\nPour les arrosages, voir l'article 14.\n"
    assert _findings(text, tmp_path) == []


def test_a_paragraph_opening_on_a_code_article_is_read(tmp_path):
    # « Article L. 441-10 … » at a line start once stopped the audit (internal error).
    text = _contract("Voir l'article 14.") + "\nArticle L. 441-10 du Code de commerce : les pénalités de retard sont dues.\n"
    (finding,) = _findings(text, tmp_path)
    assert "article 14" in finding.message
