"""lint.nlp.parties: the comparution read as a sequence of parties.

Names, cities and SIRENs are invented (the SIRENs pass Luhn)."""

from __future__ import annotations

import pytest

from lint.nlp.parties import (
    describe_party,
    find_foreign_party,
    find_party_registration,
    lexicon,
    read_parties,
    registration_blanks,
    split_parties,
)

COMPARUTION = """CONTRAT DE PRESTATION
ENTRE LES SOUSSIGNÉS :
La société Brume & Fils, SARL au capital de 7 500 euros, dont le siège est 3 allée des Pins à Aix-en-Provence, immatriculée au Registre du commerce et des sociétés d'Aix-en-Provence sous le numéro 261 973 069, représentée par son gérant,
ci-après dénommée « le Prestataire »,
d'une part,
ET :
L'agence Pivoine, située 2 rue Nationale à Lille, représentée par Mme Claire Dupuis,
ci-après « le Client »,
d'autre part,
IL A ÉTÉ CONVENU CE QUI SUIT :
Article 1 – Objet
Le Prestataire héberge le site du Client chez Nimbus Cloud SAS, dont le siège est à Roubaix.""".split("\n")


def test_comparution_is_read_as_parties():
    parties = read_parties(COMPARUTION)
    assert [(p.kind, p.block, p.identified) for p in parties] == [("company", 2, True), ("company", 6, False)]
    assert parties[0].registrations[0].city == "Aix-en-Provence"
    assert parties[1].text.startswith("L'agence Pivoine")
    # The host named in Article 1 is not a party.
    assert not any("Nimbus" in p.text for p in parties)


def test_no_comparution_no_party():
    body = ["Article 1 – Objet", "La société Nimbus Cloud, SAS au capital de 9 000 euros, dont le siège est à Roubaix, héberge le site."]
    assert read_parties(body) == []


def test_parties_in_separate_paragraphs_without_separators():
    texts = [
        "Parties",
        "Vergers du Ried, société par actions simplifiée au capital de 12 000 euros, 4 rue des Vosges, 68000 Colmar, immatriculée au RCS de Colmar sous le numéro 140 260 662, représentée par sa présidente (le « Client ») ;",
        "Logistique Alsace Sud, SARL au capital de 20 000 euros, 9 rue du Rhin, 68100 Mulhouse, représentée par son gérant (le « Transporteur »).",
        "Article 1 – Objet",
    ]
    parties = read_parties(texts)
    assert [(p.block, p.identified) for p in parties] == [(1, True), (2, False)]


def test_a_paragraph_that_goes_on_is_the_same_party():
    texts = [
        "ENTRE :",
        "La société Verrerie Comtoise, SAS au capital de 30 000 euros, dont le siège est à Besançon,",
        "immatriculée au RCS de Besançon sous le numéro 175 006 691, représentée par son président,",
        "ET :",
        "M. Paul Girardot, né le 4 mai 1970 à Dole, demeurant à Lons-le-Saunier.",
        "Article 1 – Objet",
    ]
    parties = read_parties(texts)
    assert [(p.kind, p.identified) for p in parties] == [("company", True), ("individual", False)]


def test_inline_parties_split_on_et():
    text = (
        "Entre la société Fromagerie des Causses, société anonyme au capital de 250 000 euros, dont le siège est à Millau, "
        "d'une part, et l'association Les Amis du Larzac, dont le siège est à Nant, d'autre part."
    )
    pieces = [text[a:b] for a, b in split_parties(text)]
    assert pieces[0].startswith("Entre la société Fromagerie")
    assert pieces[1].startswith("et l'association") or pieces[1].startswith("l'association")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("La société Atelier Nord, SAS au capital de 1 000 euros, dont le siège est à Lens", "company"),
        ("Atelier Vermeil, SASU, dont le siège est situé à Roubaix", "company"),
        ("L'agence Mistral Indigo, située 6 quai de la Consigne à Sète", "company"),
        ("M. Jean Martin, né le 3 mars 1980 à Tours, demeurant 5 rue Haute à Blois", "individual"),
        ("Mme Lina Roche, demeurant à Cahors", "individual"),
        ("M. Anatole Vasseur, entrepreneur individuel, établi à Arras", "sole-trader"),
        ("Mme Léa Fabre, micro-entrepreneuse, domiciliée à Sète", "sole-trader"),
        ("L'association Les Jardins du Plateau, association régie par la loi du 1er juillet 1901, dont le siège est à Vénissieux", "association"),
        ("La commune de Saint-Quentin-la-Poterie, représentée par son maire", "public-body"),
        ("L'Université de Haute-Provence, établissement public, dont le siège est à Digne", "public-body"),
        ("Le ministère de la Transition des Territoires, représenté par sa directrice des achats", "public-body"),
        ("La société Verrerie Comtoise, représentée par M. Paul Girardot, son président", "company"),
    ],
)
def test_party_kind(text, kind):
    assert describe_party(text).kind == kind


@pytest.mark.parametrize(
    ("text", "non_trading"),
    [
        ("La SCP Garnier et Roux, société civile professionnelle d'huissiers, dont le siège est à Niort", True),
        ("Le Cabinet d'orthophonie des Halles, SELARL au capital de 5 000 €, inscrite au tableau de l'Ordre", True),
        ("L'Officine du Port, société d'exercice libéral par actions simplifiée de pharmaciens, à Lorient", True),
        ("La société Bâtir Ouest, SAS au capital de 8 000 €, qui loue ses locaux à une société civile immobilière", False),
        ("La société Verrerie Comtoise, SARL immatriculée au RCS de Besançon", False),
    ],
)
def test_civil_and_liberal_companies_are_no_traders(text, non_trading):
    party = describe_party(text)
    assert party.kind == "company"
    assert ("non-trading-company" in party.kinds) is non_trading


@pytest.mark.parametrize(
    "text",
    [
        "SIRET : [à compléter]",
        "immatriculée au RCS de {{ville}} n° {{numero}}",
        "SIREN : ______",
        "immatriculée au RCS de ............ sous le numéro ............",
        "N° SIRET : <à renseigner>",
        "Inscrit(e) au tableau du Conseil départemental de l'ordre de",
        "SIRET : XXX XXX XXX XXXXX",
    ],
)
def test_registration_blanks(text):
    assert registration_blanks(text)
    assert describe_party(text).identified


@pytest.mark.parametrize(
    "text",
    [
        "immatriculée au RCS de Lyon sous le numéro 261 973 069, représentée par son gérant",
        "SIRET : 261 973 069 00014",
        "dont le siège est à Lyon, représentée par son gérant",
    ],
)
def test_no_blank_where_filled_or_absent(text):
    assert registration_blanks(text) == []


def test_party_registration_entity():
    text = "La société Optique Grand Large, SARL au capital de 15 000 €, 3 quai Duguay-Trouin à Saint-Malo, 337 384 804 R.C.S. Saint-Malo."
    span = find_party_registration(text)
    assert span is not None and "337 384 804" in text[span[0]:span[1]]
    # A host or a sub-processor is not a party.
    assert find_party_registration("Le site est hébergé par Cumulus Data SAS, dont le siège est à Brest, RCS Brest 832 294 821.") is None
    assert find_party_registration("Sous-traitants ultérieurs : Relais Pixel SAS, dont le siège est à Tours, SIREN 550 047 120.") is None
    # No registration at all.
    assert find_party_registration("La société Atelier Nord, SAS, dont le siège est à Lens.") is None


def test_foreign_party_entity():
    party = "ET : Helios Data GmbH, société de droit allemand, dont le siège est à Munich, représentée par son gérant."
    assert find_foreign_party(party) is not None
    seat = "ET : Lumen Studio, société anonyme dont le siège social est situé à Genève, en Suisse, représentée par son administrateur."
    assert find_foreign_party(seat) is not None
    # Providers listed in a DPA, with their country, are not parties.
    dpa = "Sous-traitants ultérieurs : Nordwolke GmbH (Allemagne), hébergement des sauvegardes ; Pacific Mail Inc. (États-Unis), envoi des courriels."
    assert find_foreign_party(dpa) is None
    host = "Les données sont hébergées par Nordwolke GmbH, dont le siège est à Berlin en Allemagne, représentée par son gérant."
    assert find_foreign_party(host) is None
    french = "ENTRE : Verrerie Comtoise, SAS au capital de 30 000 euros, dont le siège est à Besançon, représentée par son président."
    assert find_foreign_party(french) is None


def test_unknown_language_is_an_error():
    lexicon.cache_clear()
    with pytest.raises(ValueError, match="no party lexicon"):
        lexicon("xx")
