"""What the prefilter derives from a regex: each set must have a literal in any
text the regex matches in, and the sets should rule out text it cannot match in."""

from __future__ import annotations

import re

import pytest

from lint.checks.prefilter import DIGIT, required_literals
from lint.ruleset.loader import load_rulepack


def _admits(pattern: str, text: str) -> bool:
    """Whether the prefilter lets the regex be searched in `text`."""
    return all(any(re.search(r"\d", text) if alt == DIGIT else alt in text for alt in alternatives) for alternatives in required_literals(pattern))


def test_a_repeated_character_needs_that_many_in_a_row():
    assert required_literals(r"(\.{4,}|…[.…]+)") == [["....", "…"]]
    assert required_literals(r"ab{3}cd") == [["abbbcd"]]  # exactly three: the run goes on
    assert required_literals(r"n°x{3,}y") == [["n°xxx"]]  # three or more: what follows is not next to them
    assert not _admits(r"(\.{4,}|…[.…]+)", "la fin. Une autre phrase. Et une autre.")
    assert _admits(r"(\.{4,}|…[.…]+)", "le prix de ........ euros")


POINTER = r"(conformement (a |aux )?(\S+ ){0,3}politique|selon (la |les )?(\S+ ){0,3}charte)"


def test_an_alternation_needs_one_literal_of_each_choice_of_sets():
    sets = required_literals(POINTER)
    assert len(sets) == 2 and sorted(map(sorted, sets)) == [["charte", "conformement "], ["politique", "selon "]]


@pytest.mark.parametrize(
    "text, matches",
    [
        ("traitees conformement a la politique de confidentialite", True),
        ("selon les regles de la charte informatique", True),
        ("conformement au contrat, la charte s'applique", False),  # one branch's word, the other's: neither branch
        ("le contrat est conclu pour un an", False),
    ],
)
def test_the_prefilter_admits_every_text_the_regex_matches_in(text, matches):
    assert bool(re.search(POINTER, text)) == matches
    if matches:
        assert _admits(POINTER, text)
    elif "conformement" in text:
        assert not _admits(POINTER, text)  # ruled out by the second choice of sets


def _starts(pattern: str):
    from lint.checks.prefilter import sre_parse, start_strings

    return start_strings(sre_parse.parse(pattern))


def test_the_start_strings_of_an_alternation_are_its_branches_openings():
    assert _starts(r"(?:(conformement|en application) (\S+ ){0,4}politique|selon les? (termes|modalites))") == (
        "conformement ", "en application ", "selon le modalites", "selon le termes", "selon les",  # "les?": with and without its "s"
    )
    assert _starts(r"(le|la) contrat") == ("la contrat", "le contrat")
    assert _starts(r"(?=[^.;]{0,40}donnees)(ne|n')\w+") == ("n'", "ne")  # a lookahead takes no text
    assert _starts(r"^\W*(sans objet|neant)|non applicable") == ("", "non applicable")  # "": the text's start


@pytest.mark.parametrize("pattern", [r"(\S+ ){0,3}politique", r"\d+ jours", r"(?i)contrat", r"a?b", r"(a|\w+)c"])
def test_a_pattern_that_may_start_anywhere_has_no_start_strings(pattern):
    assert _starts(pattern) is None


def test_the_first_character_class_holds_digits_and_symbols_only():
    from lint.checks.prefilter import first_character_class, sre_parse

    assert re.fullmatch(first_character_class(sre_parse.parse(r"\b(3[2-9]|[4-9]\d)[/.-]\d\d")), "3")
    assert first_character_class(sre_parse.parse(r"(?:(?<=: )|(?<=,))(\.{4,}|…[.…]+)")) is not None
    assert first_character_class(sre_parse.parse(r"(€|eur)\s?\d+")) is None  # "e": nearly everywhere
    assert first_character_class(sre_parse.parse(r"^[\W\d]*x")) is None


def test_a_shipped_regex_searched_from_its_start_strings_finds_the_same_first_match():
    # The matcher tries a pattern only where one of its start strings (found
    # with str.find, or an automaton when they are many) or its first
    # character occurs: on real wording, that must find what a plain search
    # finds.
    from pathlib import Path

    from lint.checks.matching import _LazyPattern
    from lint.engine import matcher_bank
    from lint.normalize import fold
    from lint.ruleset.loader import load_rulepack

    sources = sorted((Path(__file__).resolve().parents[1] / "corpus" / "tools" / "sources").glob("*.txt"))
    text = [fold(line) for path in sources[:4] for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    patterns = [_LazyPattern(p.source) for p in matcher_bank(load_rulepack(), "fr")._patterns]
    for pattern in patterns:
        pattern.choose_starts()
    with_starts = [p for p in patterns if p._starts]
    assert len(with_starts) > 50
    # Both ways of finding start strings: str.find for a few, an automaton for many.
    assert sum(p._start_finder is not None for p in with_starts) > 20
    assert sum(p._start_finder is None for p in with_starts) > 20
    with_first_character = [p for p in patterns if p._starts == () and p._seek is not None]
    assert len(with_first_character) > 10
    with_starts += with_first_character
    matched = 0
    for pattern in with_starts:
        for line in text + ["au 31/04/2026, [nom] : ........ 12-xxx"]:
            expected = pattern.compiled.search(line)
            found = pattern.search(line)
            assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups())), (pattern.source, line)
            matched += expected is not None
    assert matched > 50


def test_a_block_a_family_requirement_rules_out_has_none_of_its_signals():
    # Clause detection skips a block where the family's requirement (a few
    # `&` of the block's literal and leaf bits) says no: evaluating every
    # signal there must say no too; likewise a signal's own requirement.
    from pathlib import Path

    from lint.checks.matching import evaluate, inherit_lead_ins
    from lint.engine import matcher_bank
    from lint.model import BODY_KINDS
    from lint.parsers import parse

    pack = load_rulepack()
    bank = matcher_bank(pack, "fr")
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    ruled_out = signal_ruled_out = matched = 0
    for path in sorted(corpus.glob("0[1-4]-*/contrat.*")):
        scanned = bank.scan([b for b in parse(path).blocks if b.kind in BODY_KINDS])
        inherit_lead_ins(scanned)
        for family in pack.families:
            signals = family.detection["fr"].signals
            requirement = bank.requirement(signal.match for signal in signals)
            for result in scanned:
                if requirement is not None and not requirement.may_hold(result):
                    ruled_out += 1
                    assert not any(evaluate(signal.match, result.with_lead_in)[0] for signal in signals), (family.id, result.block.text)
                # Each signal's own requirement (one of a few bit sets held whole) too.
                for signal in signals:
                    holds = evaluate(signal.match, result.with_lead_in)[0]
                    matched += holds
                    need = bank.requirement((signal.match,))
                    if need is not None and not need.may_hold(result):
                        signal_ruled_out += 1
                        assert not holds, (family.id, signal.id, result.block.text)
    assert ruled_out > 100
    assert signal_ruled_out > 1000 and matched > 50


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_blocks_left_untokenized_have_no_phrase_match(lang, monkeypatch):
    # A block is tokenized for the PhraseMatcher only where every word of
    # some phrase is in its folded text: scanning every block with the
    # tokenizer must find the same phrase matches, and the test must see
    # both blocks skipped and phrases found.
    from pathlib import Path

    from lint.checks.matching import MatcherBank
    from lint.engine import matcher_bank
    from lint.model import Block, BlockKind, Location
    from lint.normalize import fold

    bank = matcher_bank(load_rulepack(), lang)
    phrases = [value for leaf in bank._keys.values() if leaf.op == "phrases" for value in leaf.values]
    assert phrases
    sources = sorted((Path(__file__).resolve().parents[1] / "corpus" / "tools" / "sources").glob("*.txt"))
    lines = [line for path in sources for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Each phrase as written, capitalised, cut by a line break and glued to a word.
    lines += [f"Il est dit : {p}." for p in phrases] + [f"{p.upper()} !" for p in phrases]
    lines += [p.replace(" ", "\n", 1) for p in phrases] + [f"x{p}y" for p in phrases]
    blocks = [Block(kind=BlockKind.PARAGRAPH, text=line, level=0, location=Location(block=i)) for i, line in enumerate(lines)]

    def phrase_hits(results):
        return [{node: span for node, span in dict.items(r.hits) if node.op == "phrases"} for r in results]

    skipped = sum(not bank._needs_tokens(fold(line)) for line in lines)
    fast = phrase_hits(bank.scan(blocks))
    monkeypatch.setattr(MatcherBank, "_needs_tokens", lambda self, folded: True)
    full = phrase_hits(bank.scan(blocks))
    assert fast == full
    assert sum(map(bool, full)) >= len(phrases)
    assert skipped > len(lines) / 2


def test_entity_leaves_give_what_the_language_finder_gives():
    # A block's entity leaves are found one kind at a time, each kind once,
    # and a kind whose regex needs a literal the block lacks is not looked
    # for: every leaf's span must be the one the finder gives for its kinds.
    import collections
    from pathlib import Path

    from lint.checks.matching import LazyHits, _gated_finder
    from lint.engine import matcher_bank
    from lint.model import BODY_KINDS
    from lint.nlp import entities
    from lint.nlp.languages import language
    from lint.parsers import parse

    bank = matcher_bank(load_rulepack(), "fr")
    leaves = list(dict.fromkeys(bank._entities))
    assert any(len(leaf.values) > 1 for leaf in leaves)
    find = language("fr").find_entity
    calls: collections.Counter = collections.Counter()

    def counting(text, kinds):
        calls[kinds] += 1
        return find(text, kinds)

    finder = _gated_finder(counting, entities.FINDER_PATTERNS)
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    found = blocks = 0
    for path in sorted(corpus.glob("0[1-6]-*/contrat.*")):
        for block in parse(path).blocks:
            if block.kind not in BODY_KINDS:
                continue
            blocks += 1
            hits = LazyHits(block.text, finder)
            for leaf in leaves:
                expected = find(block.text, leaf.values)
                assert hits.get(leaf) == expected, (leaf.values, block.text)
                found += expected is not None
    assert found > 20
    # Each kind looked for once a block at most, and the gated ones in few blocks.
    assert all(len(kinds) == 1 and n <= blocks for kinds, n in calls.items())
    assert calls[("party-duty",)] < blocks / 2


def test_counting_a_term_from_its_candidates_counts_what_findall_does():
    # The unused-definition rule counts a term's uses in the whole contract
    # from the places its words occur (the pattern without its lookbehind):
    # on real wording, with words glued to others and repeated, as findall.
    import re
    from pathlib import Path

    from lint.checks.rules import _count_matches
    from lint.normalize import fold

    sources = sorted((Path(__file__).resolve().parents[1] / "corpus" / "tools" / "sources").glob("*.txt"))
    text = fold("\n".join(path.read_text(encoding="utf-8") for path in sources[:3]))
    words = sorted({w for w in re.findall(r"[a-z]{4,}", text)})[::7]
    terms = words + [f"{a} {b}" for a, b in zip(words, words[1:])] + ["a a", "le client"]
    text += " xle client le client-a a a a a"
    counted = 0
    for term in terms:
        body = r"\s+".join(re.escape(w) + "[sx]?" for w in term.split()) + r"(?![\w-])"
        use = re.compile(r"(?<![\w-])" + body)
        expected = len(use.findall(text))
        assert _count_matches(use, re.compile(body), text) == expected, term
        counted += expected > 0
    assert counted > 50
