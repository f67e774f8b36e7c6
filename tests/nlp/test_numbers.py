from decimal import Decimal

import pytest

from lint.nlp.numbers import (
    figure_is_ambiguous,
    find_amounts,
    find_numbers,
    parse_figure,
    parse_french_number_words,
)

WORDS = [
    ("un", 1), ("une", 1), ("zéro", 0), ("dix-sept", 17), ("vingt-quatre", 24),
    ("trente et un", 31), ("vingt-et-un", 21), ("soixante-dix", 70), ("soixante et onze", 71),
    ("soixante-dix-sept", 77), ("quatre-vingts", 80), ("quatre-vingt-un", 81),
    ("quatre-vingt-onze", 91), ("quatre-vingt-dix-neuf", 99), ("cent", 100), ("cent un", 101),
    ("deux cents", 200), ("deux cent cinquante", 250), ("mille", 1000), ("dix mille", 10_000),
    ("cent vingt mille", 120_000), ("un million", 1_000_000),
    ("deux millions cinq cent mille", 2_500_000), ("deux-cent-mille", 200_000),
    ("mille-neuf-cent-quatre-vingt-dix", 1990), ("septante-trois", 73), ("huitante", 80),
    ("octante-deux", 82), ("nonante-neuf", 99), ("DIX MILLE", 10_000), ("Quarante", 40),
    ("trois cent mille deux cent douze", 300_212), ("un milliard deux millions", 1_002_000_000),
]  # fmt: skip
NOT_WORDS = [
    "", "deux trois", "million", "dix-deux", "cent cent", "trente et deux", "et", "vingt et",
    "mille million", "quarante cinquante", "vingt-quatre jours", "un deux", "zéro un",
]


@pytest.mark.parametrize(("text", "value"), WORDS)
def test_parse_french_number_words(text, value):
    assert parse_french_number_words(text) == value


@pytest.mark.parametrize("text", NOT_WORDS)
def test_parse_french_number_words_rejects(text):
    assert parse_french_number_words(text) is None


FIGURES = [
    ("1 000", "1000"), ("1 000,50", "1000.50"), ("1.000,50", "1000.50"), ("1000.50", "1000.50"),
    ("10 000", "10000"), ("2,5", "2.5"), ("1 000 000", "1000000"), ("1.000", "1000"),
    ("1,000", "1.000"), ("1,000,000", "1000000"), ("1,000.50", "1000.50"), ("1'000.50", "1000.50"),
    ("42", "42"), ("0,5", "0.5"), (" 12 ", "12"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value"), FIGURES)
def test_parse_figure(text, value):
    assert parse_figure(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1 00", "1,2,3", "12/03", "", "1.2.3", "1 0000"])
def test_parse_figure_rejects(text):
    assert parse_figure(text) is None


@pytest.mark.parametrize(("text", "ambiguous"), [("1.000", True), ("1,000", True),
                         ("1 000", False), ("1.000,00", False), ("10,5", False)])  # fmt: skip
def test_figure_is_ambiguous(text, ambiguous):
    assert figure_is_ambiguous(text) is ambiguous


def _values(text):
    return [(m.text, m.value) for m in find_numbers(text)]


def test_find_numbers_words_and_figures():
    found = _values("Un délai de trente (30) jours, puis 1 000 unités et vingt-quatre mois.")
    assert found == [("trente (30)", 30), ("1 000", 1000), ("vingt-quatre", 24)]


def test_find_numbers_paired_records_both_and_agreement():
    (m,) = find_numbers("vingt-quatre (24)")
    assert (m.words_value, m.figures_value, m.agree, m.form) == (24, Decimal(24), True, "paired")
    (m,) = find_numbers("trente (20) jours")
    assert m.agree is False and m.value == 30  # the words prevail
    (m,) = find_numbers("30 (trente) jours")
    assert m.agree is True and m.text == "30 (trente)"


@pytest.mark.parametrize(
    "text",
    [
        "le 12 janvier 2024",  # dates
        "le 12/03/2024 ou le 2024-03-12",
        "Tél. : 01 23 45 67 89",  # phone
        "conformément à l'article 5.2 et à l'article L. 441-10",  # references
        "l'annexe 3",
        "SIREN 123 456 789",
        "immatriculée au RCS de Lyon sous le numéro 123 456 782",
        "la loi n° 78-17",
        "aucune maintenance, une partie, un délai",  # articles, not numbers
        "un logiciel neuf",
        "dix-septième, centre, septembre, millionnaire",
        "un contrat B2B",
    ],
)
def test_find_numbers_traps(text):
    assert find_numbers(text) == []


def test_find_numbers_weak_words_when_asked_or_confirmed():
    assert [m.value for m in find_numbers("un (1) an")] == [1]
    assert [m.value for m in find_numbers("un an", include_weak=True)] == [1]
    assert _values("dix pour cent") == [("dix", 10)]


def test_find_numbers_spans_quote_the_input():
    text = "Payer  quarante-deux  euros"
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == m.text == "quarante-deux"


AMOUNTS = [
    ("1 000,50 €", "1000.50", "EUR", None),
    ("1.000,50 EUR", "1000.50", "EUR", None),
    ("10 000 euros HT", "10000", "EUR", "HT"),
    ("€ 500", "500", "EUR", None),
    ("500€ TTC", "500", "EUR", "TTC"),
    ("quarante (40) euros", "40", "EUR", None),
    ("dix mille (10 000) euros", "10000", "EUR", None),
    ("deux millions d'euros", "2000000", "EUR", None),
    ("2 M€", "2000000", "EUR", None),
    ("1,5 million d'euros", "1500000", "EUR", None),
    ("15 k€ hors taxes", "15000", "EUR", "HT"),
    ("USD 1,000,000", "1000000", "USD", None),
    ("£200", "200", "GBP", None),
    ("3 000 CHF", "3000", "CHF", None),
    ("DIX MILLE EUROS", "10000", "EUR", None),
]


@pytest.mark.parametrize(("text", "value", "currency", "tax"), AMOUNTS)
def test_find_amounts(text, value, currency, tax):
    (a,) = find_amounts(f"Le prix est de {text}, payable à réception.")
    assert (a.value, a.currency, a.tax, a.text) == (Decimal(value), currency, tax, text)


def test_amount_words_and_figures_agree():
    (a,) = find_amounts("dix mille euros (10 000 €)")
    assert (a.words_value, a.figures_value, a.mismatch) == (10000, 10000, False)
    assert a.text == "dix mille euros (10 000 €)"


def test_amount_words_and_figures_mismatch_words_prevail():
    (a,) = find_amounts("la somme de dix mille euros (1 000 €) HT")
    assert a.mismatch and a.value == 10000 and a.figures_value == 1000 and a.tax == "HT"


def test_amount_figures_then_words():
    (a,) = find_amounts("40 € (quarante euros)")
    assert (a.value, a.mismatch) == (40, False)


@pytest.mark.parametrize(
    "text",
    [
        "SIREN 123 456 789",
        "123 456 789",
        "article 1 000",
        "Tél. 01 23 45 67 89",
        "le 12 janvier 2024",
        "pendant 30 jours",
        "une euro-obligation",
    ],
)
def test_no_amount_without_currency(text):
    assert find_amounts(text) == []


def test_ambiguous_amount_is_flagged():
    (a,) = find_amounts("1.000 €")
    assert a.value == 1000 and a.ambiguous


def test_quantity_after_a_reference_is_kept():
    assert _values("l'article 5 prévoit 30 jours et l'annexe 2 cite 1 000 unités") == [
        ("30", 30),
        ("1 000", 1000),
    ]


@pytest.mark.parametrize(("text", "agree"), [
    ("une commission de dix pour cent (10 %) du chiffre d'affaires", True),
    ("une commission de dix pour cent (15 %) du chiffre d'affaires", False),
    ("une remise de vingt et un pourcent (21%)", True),
    # six number words: the whole run is read, not its last five
    ("un plafond de trois cent mille deux cent douze pour cent (300212 %)", True),
])  # fmt: skip
def test_a_rate_in_words_and_figures_is_one_mention(text, agree):
    (rate,) = [m for m in find_numbers(text) if m.form == "paired"]
    assert rate.agree is agree and rate.text.endswith("%)") and rate.words_value == parse_french_number_words(rate.text.split(" pour")[0])


def test_a_decimal_rate_in_words_is_not_paired():
    assert all(m.form != "paired" for m in find_numbers("deux virgule cinq pour cent (2,5 %)"))
