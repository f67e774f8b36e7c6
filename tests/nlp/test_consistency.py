"""Shares that should total 100 %, read one sentence at a time (lint.nlp.sentences)."""

from __future__ import annotations

from lint.nlp.entities import find_share_mismatches


def test_a_schedule_short_of_100_is_found():
    assert find_share_mismatches("Le prix est payable à raison de 30 % à la commande et 40 % à la livraison.")


def test_a_schedule_in_items_separated_by_semicolons_is_one_sentence():
    assert find_share_mismatches("Le prix est facturé selon l'échéancier suivant : 30 % à la commande ; 40 % à la livraison ; 40 % à la recette.")


def test_a_share_at_a_stage_the_wording_does_not_name_leaves_the_sum_unknown():
    # « à la bascule » is no stage the French wording knows: the 30 % is not read as a share, so 70 % proves nothing.
    assert not find_share_mismatches("Le prix est facturé selon l'échéancier suivant : 30 % à la commande ; 40 % à la livraison ; 30 % à la bascule en production.")
