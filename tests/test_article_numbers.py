"""One way to number an article (lint.parsers.base.ARTICLE), read alike by
every reader of article numbers: heading levels, clause detection, the
document's own numbering, the parties block and --annotate."""

from __future__ import annotations

import re

import pytest

from lint.annotate import _LABEL
from lint.checks.presence import _NUMBERING
from lint.nlp.parties import _ARTICLE as PARTIES_ARTICLE
from lint.nlp.references import Numbering
from lint.normalize import fold
from lint.parsers.base import ARTICLE, numbering_level

LABELS = ["Article 5", "ARTICLE 12", "Art. 9.2", "Article premier", "Article 1er", "Article IV", "article 3.1.2"]
NOT_LABELS = ["Articles 5 et 6", "Article unique", "Artistes 5", "Article 12bis"]


@pytest.mark.parametrize("label", LABELS)
def test_every_reader_reads_an_article_label(label):
    line = f"{label} – Objet du contrat"
    assert re.match(ARTICLE, label, re.I)
    assert numbering_level(line) == 1
    assert Numbering.collect([line]).articles
    assert _NUMBERING.match(line).group(0).strip(" –") == label
    assert _LABEL.sub("", line, count=1) == "Objet du contrat"
    assert PARTIES_ARTICLE.match(fold(line))


@pytest.mark.parametrize("text", NOT_LABELS)
def test_other_words_are_not_article_labels(text):
    assert not re.match(ARTICLE, text, re.I)
    assert numbering_level(text) == 0
    assert not PARTIES_ARTICLE.match(fold(text))


@pytest.mark.parametrize("line", ["§ 4 — Comment on mesure la qualité", "§12 - Litiges", "Paragraphe 3 – Durée"])
def test_a_paragraph_sign_numbers_a_heading(line):
    # « § N » numbers the articles of some contracts (legal-design and German-style drafts).
    assert numbering_level(line) == 1


def test_a_paragraph_sign_in_a_sentence_is_no_heading():
    assert numbering_level("Les sommes du § 3 sont dues à la livraison.") == 0


@pytest.mark.parametrize(
    "text, annexes",
    [
        ("Annexe 2 : Liste des composants", {"2"}),
        ("ANNEXE B – Plan d'assurance sécurité", {"B"}),
        ("Appendice III", {"3"}),
        ("Le contrat comprend les ANNEXES 1 (Dossier d'architecture), 2 (Description des traitements) et 3 (Plan)", {"1", "2", "3"}),
        ("Le présent contrat n'a pas d'annexe.", set()),
    ],
)
def test_the_numbering_reads_annexes_in_any_case(text, annexes):
    # Numbering.collect reads annex patterns only in blocks that name an annex
    # or appendix, found in the lowercased text: capitals must not hide one.
    numbering = Numbering.collect([text, "Article 1 – Objet", "1.2 Le Client paie."])
    assert set(numbering.annexes) == annexes
    assert {"1", "1.2"} <= set(numbering.articles)
