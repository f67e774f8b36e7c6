import pytest
import yaml

from lint.nlp.territories import DATA_FILE, find_territories


def _found(text):
    return [(t.kind, t.name) for t in find_territories(text)]


POSITIVE = [
    ("en France", ("country", "France")),
    ("en France métropolitaine", ("country", "France métropolitaine")),
    ("en FRANCE METROPOLITAINE", ("country", "France métropolitaine")),
    ("dans les DOM", ("overseas", "outre-mer")),
    ("en outre-mer", ("overseas", "outre-mer")),
    ("dans le monde entier", ("world", "monde entier")),
    ("à l'international", ("world", "monde entier")),
    ("à l'étranger", ("world", "monde entier")),
    ("dans tous pays", ("world", "monde entier")),
    ("en Île-de-France", ("region", "Île-de-France")),
    ("en Ile de France", ("region", "Île-de-France")),
    ("en Auvergne-Rhône-Alpes", ("region", "Auvergne-Rhône-Alpes")),
    ("en Nouvelle Aquitaine", ("region", "Nouvelle-Aquitaine")),
    ("à La Réunion", ("region", "La Réunion")),
    ("à Paris et sa région", ("city", "Paris et sa région")),
    ("dans le Grand Lyon", ("city", "Grand Lyon")),
    ("dans l'Union européenne", ("supranational", "Union européenne")),
    ("dans l'UE", ("supranational", "Union européenne")),
    ("dans l'Espace économique européen", ("supranational", "Espace économique européen")),
    ("dans l'EEE", ("supranational", "Espace économique européen")),
    ("en Allemagne", ("country", "Allemagne")),
    ("aux États-Unis", ("country", "États-Unis")),
    ("aux Etats Unis", ("country", "États-Unis")),
    ("en Europe", ("continent", "Europe")),
    ("en Amérique du Nord", ("continent", "Amérique du Nord")),
    ("dans le département du Rhône", ("department", "Rhône")),
    ("en Loire-Atlantique", ("department", "Loire-Atlantique")),
    ("en Haute-Loire", ("department", "Haute-Loire")),
    ("dans les Bouches-du-Rhône", ("department", "Bouches-du-Rhône")),
    ("dans l'Herault", ("department", "Hérault")),
    ("dans le Val-d'Oise", ("department", "Val-d'Oise")),
    ("dans le Var", ("department", "Var")),
    ("dans l'Ain", ("department", "Ain")),
    ("dans la Somme", ("department", "Somme")),
    ("Nord (59)", ("department", "Nord")),
    ("dans le département 69", ("department", "Rhône")),
    ("sur le territoire français", ("country", "France")),
    ("pour le Territoire", ("defined_term", "Territoire")),
    ("(ci-après le « Territoire »)", ("defined_term", "Territoire")),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_find_territories(text, expected):
    assert _found(text) == [expected]


NEGATIVE = [
    "Il convient de maintenir la qualité.",  # "Ain" inside a word
    "la somme de dix euros",  # "Somme" as a common noun
    "Somme due au titre du Contrat.",  # capitalised only because it opens a sentence
    "Cher Monsieur,",
    "un prix cher",
    "le Lot 2 du marché",
    "la vienne, le var, le nord de l'entrepôt",
    "tout le monde est d'accord",
    "un arbitrage international",
    "Marne-la-Vallée",
    "une ue, un dom",
    "le territoire concerné",
    "le Territoire de Belfort",  # a département, not the defined term
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_find_territories_negative(text):
    kinds = _found(text)
    if text == "le Territoire de Belfort":
        assert kinds == [("department", "Territoire de Belfort")]
    else:
        assert kinds == []


def test_spans_and_codes():
    text = "Le Partenaire s'interdit, en France métropolitaine et dans le Var (83), de"
    found = find_territories(text)
    assert [t.text for t in found] == ["France métropolitaine", "Var (83)"]
    assert [text[t.start : t.end] for t in found] == ["France métropolitaine", "Var (83)"]
    assert found[1].code == "83"


def test_overseas_flag():
    (t,) = find_territories("en Guadeloupe")
    assert t.overseas and t.code == "01"


def test_entities_are_added_when_not_in_lexicon():
    text = "dans la vallée de Chamonix et en France"
    found = find_territories(text, entities=[(18, 26, "LOC"), (33, 39, "GPE"), (0, 4, "PER")])
    assert [(t.kind, t.text) for t in found] == [("entity", "Chamonix"), ("country", "France")]


def test_lexicon_counts():
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    assert len(data["department"]) == 101
    assert len({d["code"] for d in data["department"]}) == 101
    assert len([r for r in data["region"] if not r.get("overseas")]) == 13
