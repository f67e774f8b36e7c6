"""fold / strip_accents: the per-character table gives what decomposing the
whole text and dropping its combining marks gave."""

from __future__ import annotations

import random
import unicodedata

import pytest

from lint import normalize
from lint.normalize import fold, strip_accents


def _reference(text: str) -> str:
    text = text.translate(normalize._ACCENTS)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def test_french_and_decomposed_text():
    assert fold("Œuvre « Créée » à l’Été – ÇA") == "oeuvre « creee » a l’ete – ca"
    assert strip_accents("e\u0301te\u0301 \u0301") == "ete "
    assert strip_accents("가 Ǣ ﬁ") == _reference("가 Ǣ ﬁ")


def test_random_text_matches_whole_text_decomposition():
    rng = random.Random(12)
    pool = [chr(i) for i in range(0x20, 0x3000) if chr(i).isprintable()] + ["\u0301", "\u0345", "œ", "가"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert strip_accents(text) == _reference(text)


def test_the_table_stops_growing_and_the_result_stays_the_same(monkeypatch):
    monkeypatch.setattr(normalize, "_MAX_SEEN", len(normalize._SEEN))
    text = "".join(chr(i) for i in range(0x3100, 0x3200)) + "é\u0301"
    assert strip_accents(text) == _reference(text)


def test_latin1_text_takes_the_byte_table_with_the_same_result():
    # Nine French blocks in ten are Latin-1: they fold through bytes.translate.
    rng = random.Random(7)
    latin1 = [chr(i) for i in range(256)]
    for char in latin1:
        assert strip_accents(f"a{char}é") == _reference(f"a{char}é")
    for _ in range(3000):
        text = "".join(rng.choice(latin1) for _ in range(rng.randint(1, 30)))
        assert strip_accents(text) == _reference(text)


def test_translation_is_str_translate():
    small = str.maketrans({"\u00a0": " ", "\u00ad": None, "æ": "ae", "é": "e", "’": "'", "\u200b": None})
    large = {**small, **{code: chr(code).lower() for code in range(0x100, 0x180)}, **{code: "x" for code in range(0x400, 0x440)}}
    rng = random.Random(3)
    pool = [chr(i) for i in range(256)] + ["’", "\u200b", "œ", "–", "Ā", "Ж", "ж"]
    for table in (small, large):
        translate = normalize.Translation(table)
        for _ in range(3000):
            text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 20)))
            assert translate(text) == text.translate(table)


def test_a_table_whose_replacements_it_would_change_again_is_refused():
    with pytest.raises(ValueError):
        normalize.Translation({ord("a"): "b", ord("b"): "c"})
