import pytest

from lint.nlp.references import find_references


def _refs(text):
    return [(r.kind, r.target, r.external) for r in find_references(text)]


CASES = [
    ("conformément à l'article 5", [("article", "5", False)]),
    ("l'article 5.2", [("article", "5.2", False)]),
    ("l'Article 5.2.", [("article", "5.2", False)]),
    ("articles 3 et 7", [("article", "3", False), ("article", "7", False)]),
    ("articles 3, 5 ou 7", [("article", t, False) for t in ("3", "5", "7")]),
    ("aux articles 4 à 6", [("article", t, False) for t in ("4", "5", "6")]),
    ("les articles 1.2 à 1.4", [("article", "1.2", False), ("article", "1.4", False)]),
    ("l'article premier", [("article", "1", False)]),
    ("l'article 1er", [("article", "1", False)]),
    ("art. 8", [("article", "8", False)]),
    ("la clause 12", [("clause", "12", False)]),
    ("au paragraphe 3", [("paragraph", "3", False)]),
    ("l'alinéa 2", [("paragraph", "2", False)]),
    ("en Annexe 2", [("annex", "2", False)]),
    ("l'annexe B", [("annex", "B", False)]),
    ("l'Annexe II", [("annex", "II", False)]),
    ("les annexes 1 et 2", [("annex", "1", False), ("annex", "2", False)]),
    ("l'article 12 du présent contrat", [("article", "12", False)]),
    ("l'article 1231-5 du Code civil", [("article", "1231-5", True)]),
    ("l'article L. 441-10 du Code de commerce", [("article", "L441-10", True)]),
    ("article 28 du RGPD", [("article", "28", True)]),
    ("l'article 6.1 du Règlement (UE) 2016/679", [("article", "6.1", True)]),
    ("l'article 34 de la loi n° 78-17", [("article", "34", True)]),
    ("l'article 5 de la Directive 2019/770", [("article", "5", True)]),
    ("l'article L. 122-4 du CPI", [("article", "L122-4", True)]),
    ("l'article L. 122-4 du code de la propriété intellectuelle", [("article", "L122-4", True)]),
    ("article L8222-1 du Code du travail", [("article", "L8222-1", True)]),
    ("l'article 206 du CGI", [("article", "206", True)]),
    ("l'article 3 du présent code", [("article", "3", True)]),
    ("article 1171 C. civ.", [("article", "1171", True)]),
    ("l'article 9, alinéa 2, du Code civil", [("article", "9", True), ("paragraph", "2", True)]),
    ("article L131-3", [("article", "L131-3", True)]),
    ("article R123-237", [("article", "R123-237", True)]),
    ("article 1231-5", [("article", "1231-5", True)]),
    ("article D8222-5", [("article", "D8222-5", True)]),
    ("l'article 1104", [("article", "1104", True)]),
    ("articles L. 441-10 et D. 441-5 du Code de commerce",
     [("article", "L441-10", True), ("article", "D441-5", True)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_references(text, expected):
    assert _refs(f"Les parties se réfèrent à {text} pour ce point.") == expected


@pytest.mark.parametrize(
    "text",
    [
        "particulièrement 5 jours",
        "l'article suivant",
        "une annexe à la présente",
        "des articles de presse",
        "les clauses du contrat",
        "la section commerciale",
    ],
)
def test_no_reference(text):
    assert find_references(text) == []


def test_source_is_quoted():
    (r,) = find_references("selon l'article 1231-5 du Code civil, le juge")
    assert r.source == "Code civil" and r.text == "article 1231-5 du Code civil"


def test_direction():
    assert find_references("l'article 5 ci-dessus")[0].direction == "above"
    assert find_references("l'article 7 ci-après")[0].direction == "below"
    assert find_references("l'article 7")[0].direction is None


def test_heading_is_not_a_reference():
    text = "Préambule\nArticle 5 – Prix\nLe prix est fixé à l'article 6."
    refs = find_references(text)
    assert [(r.target, r.heading) for r in refs] == [("5", True), ("6", False)]


def test_spans_index_the_input():
    text = "Voir  les articles 3 et 7 ; l'Annexe B."
    for r in find_references(text):
        assert text[r.start : r.end] == r.text
