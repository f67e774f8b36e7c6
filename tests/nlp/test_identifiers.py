import pytest

from lint.nlp.identifiers import (
    be_enterprise_valid,
    ch_uid_valid,
    es_nif_valid,
    find_registrations,
    fr_vat_valid,
    luhn_valid,
    siren_valid,
    siret_valid,
)


@pytest.mark.parametrize(
    ("siren", "valid"),
    [
        ("732 829 320", True),
        ("732829320", True),
        ("123 456 782", True),
        ("552 100 554", True),
        ("443 061 841", True),
        ("123 456 789", False),
        ("732 829 321", False),
        ("73282932", False),  # eight digits
        ("7328293200", False),  # ten digits
        ("732-829-320", False),
    ],
)
def test_siren_valid(siren, valid):
    assert siren_valid(siren) is valid


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("732 829 320 00074", True),
        ("73282932000074", True),
        ("732 829 320 00075", False),
        ("356 000 000 49837", True),  # La Poste: fails Luhn, sum of digits is 50
        ("356 000 000 00048", True),  # La Poste head office: passes Luhn
        ("356 000 000 49838", False),
        ("123 456 789", False),
    ],
)
def test_siret_valid(siret, valid):
    assert siret_valid(siret) is valid


def test_luhn():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710") and not luhn_valid("")


def test_other_checksums():
    assert fr_vat_valid("FR 44 732829320") and not fr_vat_valid("FR 45 732829320")
    assert be_enterprise_valid("0403.170.701") and not be_enterprise_valid("0403.170.702")
    assert ch_uid_valid("CHE-116.281.710") and not ch_uid_valid("CHE-116.281.711")
    assert es_nif_valid("12345678Z") and not es_nif_valid("12345678A")
    assert es_nif_valid("X1234567L") and es_nif_valid("B12345674")


FOUND = [
    ("SIREN 732 829 320", "siren", "FR", "732829320", True),
    ("SIREN : 123456789", "siren", "FR", "123456789", False),
    ("immatriculée sous le numéro 732 829 320", "siren", "FR", "732829320", True),
    ("SIRET 732 829 320 00074", "siret", "FR", "73282932000074", True),
    ("établissement 732 829 320 00074", "siret", "FR", "73282932000074", True),
    ("RCS Lyon 123 456 782", "rcs", "FR", "123456782", True),
    ("immatriculée au RCS de Lyon sous le numéro 123 456 782", "rcs", "FR", "123456782", True),
    ("R.C.S. Paris B 123 456 789", "rcs", "FR", "123456789", False),
    ("443 061 841 RCS Paris", "rcs", "FR", "443061841", True),
    ("au registre du commerce et des sociétés de Nanterre sous le n° 552 100 554",
     "rcs", "FR", "552100554", True),
    ("immatriculée au RNE sous le numéro 542 051 180", "rne", "FR", "542051180", True),
    ("TVA intracommunautaire FR 44 732829320", "vat_fr", "FR", "FR44732829320", True),
    ("BCE 0403.170.701", "be_bce", "BE", "0403170701", True),
    ("numéro d'entreprise BE 0403.170.702", "be_bce", "BE", "0403170702", False),
    ("Companies House number 01234567", "uk_company", "GB", "01234567", None),
    ("company number SC123456", "uk_company", "GB", "SC123456", None),
    ("Amtsgericht München HRB 12345", "de_hr", "DE", "HRB12345", None),
    ("RCS Luxembourg B123456", "lu_rcs", "LU", "B123456", None),
    ("IDE CHE-116.281.710 TVA", "ch_uid", "CH", "CHE116281710", True),
    ("CIF B12345674", "es_nif", "ES", "B12345674", True),
    ("Partita IVA 00743110157", "it_piva", "IT", "00743110157", True),
    ("registered under number 12-3456-X", "registration", "", "123456X", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "country", "number", "valid"), FOUND)
def test_find_registrations(text, kind, country, number, valid):
    (r,) = find_registrations(f"La société ACME, {text}, représentée par M. Dupont.")
    assert (r.kind, r.country, r.number, r.valid) == (kind, country, number, valid)


def test_french_mentions_carry_the_siren_and_city():
    text = "immatriculée au RCS de Aix-en-Provence sous le numéro 552 100 554 ; SIRET 732 829 320 00074"
    rcs, siret = find_registrations(text)
    assert (rcs.siren, rcs.city) == ("552100554", "Aix-en-Provence")
    assert siret.siren == "732829320"
    assert text[rcs.start : rcs.end] == rcs.text


@pytest.mark.parametrize(
    "text",
    [
        "au capital de 100 000 000 euros",
        "123 456 789",  # nine digits without a keyword
        "Tél. : 01 23 45 67 89",
        "la somme de 732 829 320 €",
        "l'article 1231-5 du Code civil",
    ],
)
def test_find_registrations_negative(text):
    assert find_registrations(text) == []


def test_several_in_one_comparution():
    text = (
        "ACME SAS, au capital de 10 000 euros, immatriculée au RCS de Lyon sous le numéro "
        "123 456 782, TVA FR 44 732829320 ; et BETA SARL, 443 061 841 RCS Paris."
    )
    assert [r.kind for r in find_registrations(text)] == ["rcs", "vat_fr", "rcs"]


# --- register cities of several words, short RCS forms, répertoire des métiers ---
# (invented numbers that pass Luhn)


@pytest.mark.parametrize(
    ("text", "kind", "city"),
    [
        ("immatriculée au Registre du commerce et des sociétés d'Aix-en-Provence sous le numéro 261 973 069", "rcs", "Aix-en-Provence"),
        ("immatriculée au RCS de Saint-Denis de la Réunion sous le numéro 140 260 662", "rcs", "Saint-Denis de la Réunion"),
        ("immatriculée au Registre du Commerce de Chalon-sur-Saône sous le numéro 175 006 691", "rcs", "Chalon-sur-Saône"),
        ("RCS BOURG EN BRESSE (01) : 242.995.371", "rcs", "BOURG EN BRESSE"),
        ("RCS Nevers B 175 006 691", "rcs", "Nevers"),
        ("337 384 804 R.C.S. Saint-Malo", "rcs", "Saint-Malo"),
        ("immatriculé au répertoire des métiers de la Somme sous le numéro 832 294 821", "rm", "Somme"),
    ],
)
def test_register_city_and_short_forms(text, kind, city):
    (found,) = find_registrations(text)
    assert (found.kind, found.city, found.valid) == (kind, city, True)
