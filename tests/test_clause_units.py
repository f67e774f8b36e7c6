"""Small pieces of clause detection and rule scoping, on invented headings."""

from __future__ import annotations

import pytest

from lint.checks.presence import heading_prior_score
from lint.parsers.base import numbering_level

PHRASES = ("durée", "résiliation", "parties", "non-sollicitation")


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Article 8 – Durée et résiliation", ("durée", "résiliation")),  # a coordinated part names the family
        ("12. Résiliation", ("résiliation",)),
        ("ARTICLE 6 : NON-SOLLICITATION DU PERSONNEL", None),  # not a prior phrase as a whole
        ("Article 4. Obligations des parties", None),  # « parties » inside a longer title does not count
        ("Article 3 – Durée ........................ 7", None),  # a table-of-contents line
    ],
)
def test_heading_prior_needs_the_whole_title_or_a_coordinated_part(title, expected):
    score, phrase = heading_prior_score(title, PHRASES)
    if expected is None:
        assert score < 88
    else:
        assert score >= 88 and phrase in expected


@pytest.mark.parametrize(
    "text, depth",
    [("Article 4 – Cession", 1), ("4. Cession", 1), ("4.1 Durée de la cession", 2), ("### 4.3.2 Reproduction", 3),
     ("**9.2** Paiement", 2), ("Les droits sont cédés", None), ("ARTICLE PREMIER – Objet", 1)],
)
def test_number_depth_reads_article_and_sub_article_numbers(text, depth):
    assert (numbering_level(text) or None) == depth


def testcontents_entries_stop_at_a_bare_full_stop(tmp_path):
    # A lone "." after a contents title ended the run with an IndexError once.
    from lint.checks.presence import contents_entries
    from lint.parsers import parse
    from lint.ruleset.loader import load_rulepack

    path = tmp_path / "contrat.txt"
    path.write_text("Sommaire\n\n1. Objet ..... 2\n\n.\n\nLe présent contrat a pour objet la maintenance du site de l'Association.\n", encoding="utf-8")
    document = parse(path)
    entries = contents_entries(document, load_rulepack().document_parts("fr"))
    texts = [document.blocks[i].text for i in sorted(entries)]
    assert texts and all("Objet" in t for t in texts)


def test_sub_numbers_nest_under_their_article_whatever_the_markup_level(tmp_path):
    # « ## ARTICLE 2 » and a numbered lead-in « 2.1. … : » both came out at level 2, so the
    # article's section ended before its own sub-clauses (a roles article read as empty).
    from lint.parsers import parse

    path = tmp_path / "contrat.md"
    path.write_text(
        "## ARTICLE 2 – RÉPARTITION DES TÂCHES\n\n2.1. Le Traiteur s'engage à :\n\n- livrer les repas ;\n\n"
        "2.2. L'Association, pour sa part :\n\n- fournit la salle.\n\n## ARTICLE 3 – PRIX\n\nLe prix est de 900 euros.\n",
        encoding="utf-8",
    )
    sections = {s.title: s for s in parse(path).all_sections()}
    article, second = sections["ARTICLE 2 – RÉPARTITION DES TÂCHES"], sections["2.2. L'Association, pour sa part :"]
    assert article.start < second.start < second.end <= article.end
    assert sections["ARTICLE 3 – PRIX"].start >= article.end


def test_a_markdown_quotation_keeps_its_paragraphs(tmp_path):
    # An amendment quoting the article it rewrites (« > 6.1 … > > 6.2 … ») came out as one
    # block with the quote marks inside, so each quoted paragraph was read as part of one.
    from lint.parsers import parse

    path = tmp_path / "avenant.md"
    path.write_text(
        "L'article 6 du Contrat est remplacé par :\n\n> « Article 6 – Visibilité\n>\n"
        "> 6.1. Le Club affiche le logo du Sponsor sur ses maillots.\n>\n"
        "> 6.2. Le nombre moyen de spectateurs doit atteindre au moins deux mille. »\n",
        encoding="utf-8",
    )
    texts = [b.text for b in parse(path).blocks]
    assert any(t.startswith("6.1.") for t in texts) and any(t.startswith("6.2.") for t in texts)
    assert not any(">" in t for t in texts)
