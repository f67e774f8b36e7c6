import math
from decimal import Decimal

import pytest

from lint.nlp.durations import find_durations, post_term_months

DURATIONS = [
    ("vingt-quatre (24) mois", 24, "mois", 720, 24.0),
    ("trois ans", 3, "an", 1095, 36.0),
    ("trente jours", 30, "jour", 30, 1.0),
    ("un (1) an", 1, "an", 365, 12.0),
    ("un an", 1, "an", 365, 12.0),
    ("douze mois", 12, "mois", 360, 12.0),
    ("18 mois", 18, "mois", 540, 18.0),
    ("deux années", 2, "an", 730, 24.0),
    ("une semaine", 1, "semaine", 7, 7 / 30),
    ("10 jours ouvrés", 10, "jour ouvré", 14, 14 / 30),
    ("6 jours ouvrables", 6, "jour ouvrable", 7, 7 / 30),
    ("30 jours calendaires", 30, "jour calendaire", 30, 1.0),
    ("quarante-cinq (45) jours fin de mois", 45, "jour", 45, 1.5),
    ("1,5 an", Decimal("1.5"), "an", 548, 18.0),
    ("Six Mois", 6, "mois", 180, 6.0),
]


@pytest.mark.parametrize(("text", "value", "unit", "days", "months"), DURATIONS)
def test_find_durations(text, value, unit, days, months):
    (d,) = [d for d in find_durations(f"pour une durée de {text}.") if d.value is not None]
    assert (d.value, d.unit, d.days) == (value, unit, days)
    assert d.months == pytest.approx(months)
    assert d.text.lower() == text.lower().replace(" fin de mois", "")


def test_paired_mismatch_is_flagged():
    (d,) = find_durations("deux (3) ans")
    assert d.mismatch and d.value == 2 and d.figures_value == 3


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("sans limitation de durée", "unlimited"),
        ("Sans limite de durée", "unlimited"),
        ("pour une durée illimitée", "unlimited"),
        ("à perpétuité", "unlimited"),
        ("à titre perpétuel", "unlimited"),
        ("illimitée dans le temps", "unlimited"),
        ("pour une durée indéterminée", "indefinite"),
        ("à durée indéterminée", "indefinite"),
    ],
)
def test_unlimited_and_indefinite(text, flag):
    (d,) = find_durations(f"Le Partenaire s'engage {text}.")
    assert getattr(d, flag) and d.value is None and d.days is None


@pytest.mark.parametrize(
    "text",
    [
        "un délai raisonnable", "le mois de mars", "l'an dernier", "le 12 janvier 2025",
        "l'article 3 mois", "des jours fériés", "une indemnité illimitée",
    ],
)
def test_no_duration(text):
    assert find_durations(text) == []


POST_TERM = [
    ("Pendant la durée du Contrat et douze (12) mois après son terme, le Partenaire s'interdit", 12),
    ("pendant trois ans à compter de la fin du Contrat", 36),
    ("pour une durée de 5 ans suivant la cessation des relations", 60),
    ("À compter de la cessation du Contrat et pour une durée de deux (2) ans, le Client", 24),
    ("pendant la durée du Contrat et pendant vingt-quatre (24) mois suivant son expiration", 24),
    ("pendant la durée du contrat et un an après celui-ci", 12),
    ("durant six mois à l'issue du présent contrat", 6),
    ("pendant 18 mois après la résiliation ou l'expiration du Contrat", 18),
    ("pendant la durée du Contrat (3 ans) et 6 mois après sa fin", 6),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "months"), POST_TERM)
def test_post_term_months(sentence, months):
    assert post_term_months(sentence) == pytest.approx(months)


@pytest.mark.parametrize(
    "sentence",
    [
        "pendant toute la durée du contrat",
        "Le contrat est conclu pour une durée de trois (3) ans.",
        "moyennant un préavis de trois mois avant le terme",
        "Les factures sont payables à trente (30) jours.",
        "",
    ],
)
def test_post_term_months_none(sentence):
    assert post_term_months(sentence) is None


def test_post_term_unlimited_is_infinite():
    assert post_term_months("sans limitation de durée après la fin du contrat") == math.inf
