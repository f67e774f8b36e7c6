import pytest

from lint.nlp.references import Numbering, find_references, mentions_law


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


# --- another document's numbering: "du/de la/des <document>" -------------------

OTHER_DOCUMENT = [
    ("l'article 14.2 du CCAG-TIC", ["14.2"], "CCAG-TIC"),
    ("les articles 41 à 43 du CCAG-PI", ["41", "42", "43"], "CCAG-PI"),
    ("les articles 12, 13 et 15 du Règlement", ["12", "13", "15"], "Règlement"),
    ("l'art. 33.1 RGPD", ["33.1"], "RGPD"),
    ("l'art. 32, 1°, b) du RGPD", ["32"], "RGPD"),
    ("l'Article 30(2) RGPD", ["30"], "RGPD"),
    ("les articles 15 et suivants du RGPD", ["15"], "RGPD"),
    ("l'article 6.1.c) du Règlement (UE) 2016/679", ["6.1"], "Règlement (UE) 2016/679"),
    ("l'article 9, paragraphe 2, troisième alinéa du règlement", ["9", "2"], "règlement"),
    ("l'article 18 des Conditions Particulières", ["18"], "Conditions Particulières"),
    ("l'article 4 des conditions générales de location", ["4"], "conditions générales"),
    ("l'article 11 de l'accord de consortium", ["11"], "accord"),
    ("l'article 25 du bon de commande", ["25"], "bon de commande"),
    ("l'article 21 du contrat-cadre", ["21"], "contrat-cadre"),
    ("l'article 3 de l'annexe 5", ["3"], "annexe"),
    ("les articles 16.1, et 16.4 dudit CCAP", ["16.1", "16.4"], "CCAP"),
    ("l'article 7 du même code", ["7"], "code"),
    ("l'article 2 de la convention d'hébergement", ["2"], "convention"),
    # a document named without "présent" may be another one: unsure, silent
    ("l'article 5 du Contrat", ["5"], "Contrat"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "targets", "source"), OTHER_DOCUMENT)
def test_another_documents_article_is_external(text, targets, source):
    refs = [r for r in find_references(f"Les parties appliquent {text} sans réserve.") if r.kind != "annex"]
    assert [r.target for r in refs] == targets
    assert all(r.external and not r.own for r in refs)
    assert refs[0].source.startswith(source)


OWN = [
    "l'Article 8.3 des présentes",
    "l'article 12 du présent accord-cadre",
    "l'article 6 de la présente convention",
    "l'article 2 des présentes conditions générales",
    "l'article 4 ci-dessus",
    "l'article 10 ci-après",
    "l'article 3",
]


@pytest.mark.parametrize("text", OWN)
def test_own_article_is_internal(text):
    (r,) = find_references(f"Les parties appliquent {text} sans réserve.")
    assert not r.external
    assert r.own == (text != "l'article 3")


# --- the document's own numbering ----------------------------------------------------


def _ref(text):
    (r,) = [r for r in find_references(text) if r.kind in ("article", "clause", "annex")]
    return r


def test_numbering_is_read_at_every_line_start():
    n = Numbering.collect(
        [
            "ARTICLE 1 – OBJET",
            "Article deux n'existe pas",
            "## 2. Durée",
            "**3.1** Le loyer est payé d'avance.",
            "3.2. Révision : le loyer suit l'indice.",
            "4 - Fin",
            "Les frais sont dus. 5.1 Retards : une pénalité s'applique.",
            "Le prix est de 12. Les frais en sus.",
            "Annexe B – Plan des lieux",
        ]
    )
    assert n.articles == {"1", "2", "3.1", "3.2", "4", "5.1"}
    assert n.annexes == {"B"}


def _nine(*extra):
    return Numbering.collect([f"Article {n} – Titre" for n in range(1, 10)] + list(extra))


def test_past_the_last_article_is_dangling():
    assert _nine().resolves(_ref("voir l'article 14")) is False
    assert _nine().resolves(_ref("voir l'article 18")) is False
    short = Numbering.collect(["Article 1 – Objet", "Article 2 – Prix", "Article 3 – Durée"])
    assert short.resolves(_ref("voir l'article 9")) is False
    assert _nine().resolves(_ref("voir l'article 9")) is True


def test_other_documents_and_unsure_numbers_are_not_judged():
    n = _nine()
    assert n.resolves(_ref("voir l'article 14 du CCAG-PI")) is None
    assert n.resolves(_ref("voir l'article 19")) is None  # far past the end: some code's or regulation's
    assert n.resolves(_ref("voir l'article 12 bis")) is None
    gap = Numbering.collect([f"Article {k} – Titre" for k in (1, 2, 3, 5, 6)])
    assert gap.resolves(_ref("voir l'article 4")) is None  # a gap: our reading may have missed it


def test_without_numbering_nothing_is_judged():
    assert Numbering.collect(["Objet", "Le Client paie."]).resolves(_ref("voir l'article 14")) is None


def test_sub_articles():
    n = _nine("4.1 Livraison", "4.2 Recette", "7.1.1 Délais")
    assert n.resolves(_ref("l'article 4.5 des présentes")) is False
    assert n.resolves(_ref("l'article 4.2")) is True
    assert n.resolves(_ref("l'article 6.2")) is False  # article 6 has no 6.1 and the document numbers that deep
    assert n.resolves(_ref("l'article 4.1.3")) is False
    assert n.resolves(_ref("l'article 7.2.1")) is None  # no 7.2 to hang it on


def test_parts_bound_together_merge_their_numbering():
    general = [f"{k}. TITRE" for k in range(1, 28)]
    particular = ["1. Objet", "2. Prix", "3. Durée"]
    n = Numbering.collect(general + particular)
    assert n.resolves(_ref("l'article 17")) is True
    assert n.resolves(_ref("l'article 27 ci-dessus")) is True


def test_annexes():
    n = Numbering.collect(["Article 1 – Objet", "Annexe 1 – Tarifs", "ANNEXE B : Plan"])
    assert n.resolves(_ref("en annexe 1")) is True
    assert n.resolves(_ref("en Annexe B")) is True
    assert n.resolves(_ref("en annexe 3")) is False
    assert n.resolves(_ref("la présente annexe a pour objet")) is None


def test_annex_beside_a_law_is_its_owners_only_when_named():
    """Beside a law, « l'annexe 2 de l'arrêté » is the act's; a bare « l'annexe 4 » stays the contract's."""
    owned = find_references("Le Cabinet applique le Code du travail et les modèles de l'annexe 2 de l'arrêté du 25 février 2016.")
    assert [(r.target, r.external) for r in owned if r.kind == "annex"] == [("2", True)]
    bare = find_references("Le Cabinet applique le Code du travail ; les bulletins suivent le modèle de l'annexe 4.")
    assert [(r.target, r.external) for r in bare if r.kind == "annex"] == [("4", False)]
    # Without a law named, an annex « de la » something is not presumed another act's.
    plain = find_references("Les bulletins suivent le modèle de l'annexe 4 de la procédure interne.")
    assert [(r.target, r.external) for r in plain if r.kind == "annex"] == [("4", False)]


def test_law_mention():
    assert mentions_law("prévues par le RGPD, notamment aux articles 44 à 50")
    assert not mentions_law("dans les conditions de l'article 15")
    assert mentions_law("selon le Règlement (UE) 2016/679, notamment son article 33")
    assert mentions_law("au sens du Code de la consommation, article 12")
    assert mentions_law("les articles 4 et 5 du règlement général précité")


def test_contract_words_that_look_like_laws_are_not_law_mentions():
    # Invented wordings: a contract's own "règlement amiable" and "code source"
    # must not make its bare article numbers another text's.
    assert not mentions_law("Faute de règlement amiable selon l'article 23, le litige est porté devant le juge")
    assert not mentions_law("Le code source livré en vertu de l'article 6 reste la propriété du Client")
    assert not mentions_law("un règlement des sommes dues sous trente jours, comme dit à l'article 9")


def test_sub_article_numbered_with_a_dash_inside_a_joined_paragraph_exists():
    from lint.nlp.references import Numbering

    # Invented wording: sub-articles "2.3 - …" joined into one paragraph.
    text = ("2.1 - Le Destinataire garde le secret sur les plans reçus. 2.2 - Il les range sous clé. "
            "2.3 - Il ne les montre qu'à ses salariés, selon l'article 2.3 du présent accord.")
    assert "2.3" in Numbering.collect([text]).articles


def test_annexes_titled_inside_a_line_or_listed_exist():
    # Invented wordings: annexes named at the end of a contract on one line.
    n = Numbering.collect([
        "Article 1 – Objet", "Article 2 – Prix", "Article 3 – Durée",
        "Pièces jointes : Annexe 1 : Cahier des charges – Annexe 2 : Grille tarifaire",
        "Annexes : A – Plan de test ; B – Procès-verbal type ; C – Contacts",
    ])
    assert n.resolves(_ref("selon la grille de l'annexe 2")) is True
    assert n.resolves(_ref("le procès-verbal de l'annexe B")) is True
    assert n.resolves(_ref("les contacts de l'Annexe C")) is True
    assert n.resolves(_ref("le planning de l'annexe 4")) is False


def test_an_annex_of_another_contract_is_external():
    # Invented wording: a data agreement titled as another contract's annex.
    refs = find_references("(Annexe 3 au Contrat de maintenance « Parc informatique » du 4 mai 2027)")
    assert [(r.kind, r.target, r.external) for r in refs] == [("annex", "3", True)]
    assert [r.target for r in find_references("les articles 32 à 34 et l'annexe 2")] == ["32", "33", "34", "2"]
