"""The matching primitives that rules combine: phrases, spaCy token patterns,
regular expressions and entities, evaluated once per block for the whole pack.

All matching runs on folded text (lowercase, accents removed), and spans are
mapped back to the original text so excerpts are quoted exactly.
"""

from __future__ import annotations

import functools
import json
import operator
import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from lint.checks.prefilter import (
    AT_TEXT_START, DIGIT, automaton, compiled_from, first_character_class, keep_compilation, literal_gate, literal_index, parsed_with_literals, program_of,
    required_literals, sre_parse, stored_compilation,
    start_strings,
)
from lint.model import Block, BlockKind
from lint.normalize import fold, strip_accents
from lint.nlp.pipeline import fold_with_map, lemmatize, tokenizer
from lint.nlp.sentences import sentence_bounds
from lint.parsers.base import numbering_level
from lint.ruleset.loader import MatchNode

Span = tuple[int, int]

# Attributes whose string values are compared with the folded token text.
_FOLDED_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM"}


def _fold_pattern_value(value, regex: bool = False):
    if isinstance(value, str):
        # Lowercasing a regex would turn \S into \s: rule regexes are written lowercase.
        return strip_accents(value) if regex else fold(value)
    if isinstance(value, list):
        return [_fold_pattern_value(v, regex) for v in value]
    if isinstance(value, dict):
        return {k: _fold_pattern_value(v, regex or k == "REGEX") for k, v in value.items()}
    return value


def _fold_token_pattern(token: dict) -> tuple[dict, bool]:
    """Fold string values of text attributes; report whether LEMMA/POS is used."""
    out = {}
    needs_tags = False
    for key, value in token.items():
        if key in _FOLDED_ATTRS:
            out["LOWER" if key in ("ORTH", "TEXT", "NORM") else key] = _fold_pattern_value(value)
        else:
            if key in ("LEMMA", "POS", "TAG", "MORPH"):
                needs_tags = True
            out[key] = value
    return out, needs_tags


def folded_pattern(pattern: str) -> str:
    """A rule regex as it runs on folded text: accents removed, and no space
    required after an elided word (« d'intervention »), so a pattern's
    "(de|d') intervention" matches it."""
    return strip_accents(pattern).replace("' ", "' ?")


def bounded_source(pattern: str) -> str:
    """A rule regex, folded, matching whole words only."""
    # A match must not start or end inside a word; a pattern that itself
    # starts or ends on punctuation or a space is already at a boundary.
    return r"(?:(?=\W)|(?<!\w))(?:" + folded_pattern(pattern) + r")(?:(?<=\W)|(?!\w))"


def bounded(pattern: str) -> re.Pattern[str]:
    return re.compile(bounded_source(pattern))


class _LazyPattern:
    """A rule regex compiled on its first search: the prefilter leaves most of
    the ~750 patterns unused on a one-page contract, and compiling them all
    was a third of a cold start. Batches compile the primary language's
    once before forking (MatcherBank.compile_all), so that workers share
    them rather than each compile them again."""

    __slots__ = ("source", "_compiled", "_searches", "_seek", "_starts", "_start_finder")

    # Searches after which a pattern gets a quicker way to find where to try
    # it (see `search`): worth a second compile or parse only if used often.
    SEEK_AFTER = 16
    # From this many start strings, one Aho-Corasick pass over a block finds
    # them all: one str.find each was most of the searches' time for the
    # lexicon alternations, which have tens of start strings.
    FINDER_STARTS = 8
    _LITERAL_START = re.compile(r"\(?[^\\()\[\]{}?*+|^$.]")

    def __init__(self, source: str):
        self.source, self._compiled = source, None
        # `_starts`: None until chosen, then the strings a match starts with (see `search`), or () for none.
        self._searches, self._seek, self._starts, self._start_finder = 0, None, None, None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = bounded(self.source)
        return self._compiled

    def needs_starts(self) -> bool:
        return self._starts is None and not self._LITERAL_START.match(self.source)

    def choose_starts(self, parsed=None) -> None:
        """For a pattern that does not start on a literal: the strings one of
        which every match starts with, else the class of its first character
        if no letter is in it (from the bounded pattern's parse)."""
        if self.needs_starts():
            parsed = parsed if parsed is not None else sre_parse.parse(bounded_source(self.source))
            self.set_starts(*starts_of(parsed))

    def set_starts(self, starts: tuple[str, ...], first: str | None) -> None:
        self._starts = tuple(starts)
        if len(self._starts) >= self.FINDER_STARTS:
            self._start_finder = _start_finder(self._starts)
        if first is not None:
            self._seek = re.compile(first)

    def search(self, text: str):
        """`compiled.search(text)`. The word-boundary test that opens the
        bounded pattern hides its first characters from the regex engine,
        which then tries the whole pattern at every position. Two quicker
        ways, for patterns searched often enough to repay them, give the
        same first match:
        - a pattern starting on a literal: the pattern without the test finds
          the next candidate position at C speed (every position where the
          bounded pattern matches is one where the unbounded one does);
        - another pattern (an alternation of lexicon entries): str.find
          locates the strings every match starts with, and the pattern is
          tried there, leftmost first; a pattern starting on a digit or a
          symbol (a date, a bracket) seeks its first character instead."""
        starts = self._starts
        if starts:
            finder = self._start_finder
            if finder is not None:
                return self._search_at(text, {end - back for end, back in finder.iter(text)} | ({0} if AT_TEXT_START in starts else set()))
            return self._search_at_starts(text, starts)
        seek = self._seek
        if seek is None:
            if starts is None:
                self._searches += 1
                if self._searches >= self.SEEK_AFTER:
                    if self._LITERAL_START.match(self.source):
                        self._seek = re.compile(folded_pattern(self.source))
                    else:
                        self.choose_starts()
                    return self.search(text)
            return self.compiled.search(text)
        compiled = self.compiled
        position = 0
        while True:
            candidate = seek.search(text, position)
            if candidate is None:
                return None
            start = candidate.start()
            match = compiled.match(text, start)
            if match is not None:
                return match
            position = start + 1

    def _search_at_starts(self, text: str, starts: tuple[str, ...]):
        find = text.find
        positions = set()
        for start in starts:
            if start == AT_TEXT_START:
                positions.add(0)
                continue
            at = find(start)
            while at >= 0:
                positions.add(at)
                at = find(start, at + 1)
        return self._search_at(text, positions)

    def _search_at(self, text: str, positions: set[int]):
        """The first match starting at one of `positions`, leftmost first."""
        if positions:
            match = self.compiled.match
            for at in sorted(positions):
                found = match(text, at)
                if found is not None:
                    return found
        return None


def starts_of(parsed) -> tuple[tuple[str, ...], str | None]:
    """The strings every match of a parsed pattern starts with, else the class of its first character."""
    starts = tuple(start_strings(parsed) or ())
    return starts, (first_character_class(parsed) if not starts else None)


def _start_finder(starts: tuple[str, ...]):
    """An automaton finding every occurrence of the start strings in one pass;
    its value for a string is what to take from an occurrence's last index
    to get its first."""
    return automaton({start: len(start) - 1 for start in starts if start != AT_TEXT_START})


_UNSEEN = object()
_dict_get = dict.get
_DIGIT = re.compile(r"\d")


class LazyHits(dict):
    """Leaf → span. Entity leaves (durations, territories, parties…) are slow
    to compute and rarely needed, so they are found on first lookup only; so
    are regex leaves (`regexes`): most are read on few blocks (a rule's
    `when` fails first, a family's signals are read but not its vetoes), and
    running all of them on every block was half of an audit."""

    def __init__(self, text: str, finder, offset: int = 0, regexes: "_BlockRegexes | None" = None):
        super().__init__()
        self._text, self._finder, self._offset, self._regexes = text, finder, offset, regexes
        # Entity kinds → span: leaves of several families ask for the same kinds,
        # or for some of the same (« party-duty » alone, and with « party-action »).
        self._entities: dict[tuple, Span | None] = {}

    def get(self, node, default=None):
        value = _dict_get(self, node, _UNSEEN)
        if value is _UNSEEN:
            value = None
            op = node.op
            if op == "regex":
                if self._regexes is not None:
                    value = self._regexes.span(node)
                    dict.__setitem__(self, node, value)
            elif op == "entity":
                value = self._entity(node.values)
                dict.__setitem__(self, node, value)
        return default if value is None else value

    def _entity(self, kinds: tuple[str, ...]) -> Span | None:
        """The first span of an entity of one of `kinds`, as the finder gives
        it (the first kind that has one wins), each kind found once a block."""
        found = self._entities
        if kinds in found:
            return found[kinds]
        span = None
        if len(kinds) > 1:
            for kind in kinds:
                span = self._entity((kind,))
                if span is not None:
                    break
        elif self._finder is not None:
            raw = self._finder(self._text, kinds)
            span = None if raw is None else (raw[0] + self._offset, raw[1] + self._offset)
        found[kinds] = span
        return span

    def found(self):
        """The leaves matched so far, with their spans (every regex leaf is
        looked at first, as if all had been searched when the block was scanned)."""
        if self._regexes is not None:
            for node in self._regexes.bank._regex_leaves:
                self.get(node)
        return {node: span for node, span in self.items() if span is not None}


def scan_sentences(bank: "MatcherBank", result: "BlockHits") -> list[tuple[int, int, object]]:
    """The block's sentences, each scanned on its own: (start, end, matches in
    the block's offsets). A one-sentence block keeps its own matches."""
    text = result.block.text
    bounds = sentence_bounds(text)
    if len(bounds) == 1:
        return [(0, len(text), result.hits)]
    pieces = bank.scan([replace(result.block, text=text[left:right]) for left, right in bounds])
    return [(left, right, ShiftedHits(piece.hits, left)) for (left, right), piece in zip(bounds, pieces)]


class SentenceScans:
    """Each block's sentences scanned on their own, once per document: clause
    detection (a signal's exception held to its sentence) and the rules (match,
    when and unless in one sentence) ask for the same blocks."""

    def __init__(self, bank: "MatcherBank"):
        self.bank = bank
        self._by_block: dict[int, list[tuple[int, int, object]]] = {}

    def __call__(self, result: "BlockHits") -> list[tuple[int, int, object]]:
        index = result.block.location.block
        if index not in self._by_block:
            self._by_block[index] = scan_sentences(self.bank, result)
        return self._by_block[index]


class ShiftedHits:
    """The matches of a piece of a block scanned on its own (a sentence),
    with spans in the block's offsets; found on demand like the piece's."""

    __slots__ = ("_hits", "_offset")

    def __init__(self, hits: LazyHits, offset: int):
        self._hits, self._offset = hits, offset

    def get(self, node, default=None):
        span = self._hits.get(node)
        return default if span is None else (span[0] + self._offset, span[1] + self._offset)


class _BlockRegexes:
    """The rule regexes of one block, each searched at most once, on demand:
    a pattern shared by several leaves (a lexicon used by many families) is
    searched once, and a pattern whose required literals are not all in the
    block is not searched at all."""

    __slots__ = ("bank", "folded", "index", "_present", "_memo")

    def __init__(self, bank: "MatcherBank", folded: str, index):
        self.bank, self.folded, self.index = bank, folded, index
        self._present: int | None = None
        self._memo: dict[int, object] = {}

    def present(self) -> int:
        """A bit for each required set that has one of its literals in the block."""
        present = self._present
        if present is None:
            present = 0
            automaton = self.bank._automaton
            if automaton is not None:
                for _, sets in automaton.iter(self.folded):
                    present |= sets
            if self.bank._digit_sets and _DIGIT.search(self.folded):
                present |= self.bank._digit_sets
            self._present = present
        return present

    def span(self, node) -> Span | None:
        """The span of the leaf's first pattern that matches, in the original text."""
        bank = self.bank
        present = self._present
        if present is None:
            present = self.present()
        anyof, checks = bank._leaf_checks[node]
        if anyof and not anyof & present:
            return None  # every pattern of the leaf needs a literal, and none is in the block
        memo = self._memo
        for pattern_id, needed in checks:
            if needed & present != needed:
                continue  # a literal the pattern needs is not in the block
            match = memo.get(pattern_id, _UNSEEN)
            if match is _UNSEEN:
                match = memo[pattern_id] = bank._patterns[pattern_id].search(self.folded)
            if match:
                last = len(self.index) - 1
                return self.index[match.start()], self.index[min(match.end(), last)]
        return None


@dataclass
class BlockHits:
    """What matched in one block: leaf → first span (in the block's original text)."""

    block: Block
    folded: str
    hits: dict[MatchNode, Span]
    # Matches of the lead-in sentence a list item completes; clause detection
    # reads them, rules quote only what the block itself says.
    inherited: "dict[MatchNode, Span] | _LeadIn" = field(default_factory=dict)
    # What the block and its lead-in hold, as Requirement tests it (see Requirement.mask).
    mask: int | None = field(default=None, repr=False, compare=False)

    @property
    def with_lead_in(self):
        return _Inherited(self.hits, self.inherited) if self.inherited else self.hits


class _LeadIn:
    """What a list item inherits from its lead-in: each of the lead-in's
    matches, spanning the whole item. Read on demand, as the lead-in's own
    regex leaves are. Entity leaves, which a scan never finds (they are
    computed on lookup), are not inherited."""

    __slots__ = ("_hits", "_whole")

    def __init__(self, hits: LazyHits, whole: Span):
        self._hits, self._whole = hits, whole

    def get(self, node, default=None):
        if node.op == "entity" or self._hits.get(node) is None:
            return default
        return self._whole


class _Inherited:
    """A block's own matches, then its lead-in's."""

    def __init__(self, own, inherited):
        self._own, self._inherited = own, inherited

    def get(self, node, default=None):
        value = self._own.get(node)
        return value if value is not None else self._inherited.get(node, default)


class MatcherBank:
    """Every leaf of a rule pack compiled into one PhraseMatcher, two Matchers
    (plain and lemma) and a list of regexes, so a document is scanned once."""

    def __init__(self, nodes: Iterable[MatchNode], entity_finder=None, lang: str = "fr", entity_patterns: dict | None = None):
        from spacy.matcher import Matcher, PhraseMatcher

        self.lang = lang
        tok = tokenizer(lang)
        vocab = tok.vocab
        self._phrase = PhraseMatcher(vocab, attr="LOWER")
        self._tokens = Matcher(vocab, validate=True)
        self._lemma = Matcher(vocab, validate=True)
        # Distinct pattern sources, each compiled once; a leaf's patterns by id, in order.
        self._patterns: list[_LazyPattern] = []
        self._requirements: list[list[frozenset[str]]] = []
        self._leaf_patterns: dict[MatchNode, list[int]] = {}
        pattern_ids: dict[str, int] = {}
        self._entities: list[MatchNode] = []
        self._keys: dict[str, MatchNode] = {}
        self.entity_finder = entity_finder
        self._entity_finder = _gated_finder(entity_finder, entity_patterns or {})
        self.uses_lemmas = False
        self._has_token_patterns = False
        # Per phrase, the words a block must hold for it to match (None: cannot tell).
        self._phrase_words: list[tuple[str, ...] | None] = []
        seen: set[MatchNode] = set()
        for root in nodes:
            for leaf in root.leaves():
                if leaf in seen:
                    continue
                seen.add(leaf)
                key = f"L{len(self._keys)}"
                self._keys[key] = leaf
                if leaf.op == "phrases":
                    docs = [tok(fold(p)) for p in leaf.values]
                    self._phrase.add(key, docs)
                    self._phrase_words.extend(_phrase_words(doc) for doc in docs)
                elif leaf.op == "patterns":
                    plain, tagged = [], []
                    for raw in leaf.values:
                        tokens = [_fold_token_pattern(t) for t in json.loads(raw)]
                        pattern = [t for t, _ in tokens]
                        (tagged if any(n for _, n in tokens) else plain).append(pattern)
                    if plain:
                        self._tokens.add(key, plain)
                        self._has_token_patterns = True
                    if tagged:
                        self.uses_lemmas = True
                        # Lemma patterns run on the original text, so text
                        # attributes are compared lowercase with accents.
                        self._lemma.add(key, [[_unfold_for_lemma(t) for t in json.loads(raw)] for raw in leaf.values if _has_tags(raw)])
                elif leaf.op == "regex":
                    ids = self._leaf_patterns.setdefault(leaf, [])
                    for value in leaf.values:
                        if value not in pattern_ids:
                            pattern_ids[value] = len(self._patterns)
                            self._patterns.append(_LazyPattern(value))
                        ids.append(pattern_ids[value])
                elif leaf.op == "entity":
                    self._entities.append(leaf)
        self._regex_leaves = tuple(self._leaf_patterns)
        self._requirements_of: dict[tuple[MatchNode, ...], Requirement | None] = {}
        self._terms_of: dict[MatchNode, frozenset[int] | None] = {}
        # What each regex needs is read from its parse on first use (a scan,
        # a requirement), or by compile_all from the parse it compiles.
        self._indexed = False

    def _index(self) -> None:
        if not self._indexed:
            literals = literal_index([folded_pattern(p.source) for p in self._patterns])
            self._requirements = [[frozenset(alts) for alts in sets] for sets in literals]
            self._index_literals()

    def _index_literals(self) -> None:
        """An Aho-Corasick automaton finds, in one pass over a block, which
        required literals occur; a rule regex runs only where each of its
        required sets has a literal. Sets are bits of an int: a literal's
        value is the sets it belongs to, a pattern's the sets it needs."""
        bits: dict[frozenset[str], int] = {}
        for reqs in self._requirements:
            for alts in reqs:
                bits.setdefault(alts, 1 << len(bits))
        self._needed = [sum({bits[alts] for alts in reqs}) for reqs in self._requirements]
        # Per leaf, the literals one of its patterns at least needs (0 when a
        # pattern needs none), and its patterns with what each needs: most
        # leaves looked up in a block are ruled out by the first test.
        self._leaf_checks = {
            leaf: (
                0 if any(self._needed[i] == 0 for i in ids) else functools.reduce(operator.or_, (self._needed[i] for i in ids), 0),
                tuple((i, self._needed[i]) for i in ids),
            )
            for leaf, ids in self._leaf_patterns.items()
        }
        # Phrase and token-pattern leaves get bits too, after the literal sets',
        # so that one int tells what a block holds of both (Requirement.mask).
        phrase_leaves = [leaf for leaf in self._keys.values() if leaf.op in ("phrases", "patterns")]
        self._leaf_bits = {leaf: 1 << (len(bits) + i) for i, leaf in enumerate(phrase_leaves)}
        sets_of: dict[str, int] = {}
        for alts, bit in bits.items():
            for lit in alts:
                sets_of[lit] = sets_of.get(lit, 0) | bit
        # The sets a digit satisfies are marked by a search for one, not by the automaton.
        self._digit_sets = sets_of.pop(DIGIT, 0)
        self._automaton = automaton(sets_of)
        self._indexed = True

    def compile_all(self) -> None:
        """Compile every rule regex now (before forking workers, so they
        share them), each parsed once for its compile, its literals and its
        start strings (the word-boundary lookarounds around a rule's pattern
        need no literal, so the bounded pattern needs what the rule's own
        does). What this derives is the same every run for the same pack: it
        is kept in the cache folder and read back (see stored_compilation)."""
        sources = [bounded_source(pattern.source) for pattern in self._patterns]
        stored = stored_compilation(sources)
        if stored is None:
            stored = [self._derive(pattern, source) for pattern, source in zip(self._patterns, sources)]
            keep_compilation(sources, [(starts, literals, program) for starts, literals, program, _ in stored])
            stored = [(starts, literals, compiled) for starts, literals, _, compiled in stored]
        requirements = []
        for pattern, (starts, literals, compiled) in zip(self._patterns, stored):
            if starts is not None and pattern.needs_starts():
                pattern.set_starts(*starts)
            if pattern._compiled is None:
                pattern._compiled = compiled
            requirements.append([frozenset(alts) for alts in literals])
        if not self._indexed:
            self._requirements = requirements
            self._index_literals()

    @staticmethod
    def _derive(pattern: "_LazyPattern", source: str) -> tuple:
        """(start strings or None, required literals, program or None, compiled) of one pattern, from one parse."""
        try:
            parsed, literals = parsed_with_literals(source)
        except Exception:  # noqa: BLE001 - the rule pack's schema has validated every regex
            return None, required_literals(folded_pattern(pattern.source)), None, re.compile(source)
        # Before the compile, which may reshape the parse.
        starts = starts_of(parsed) if pattern.needs_starts() else None
        program = program_of(parsed)
        try:
            return starts, literals, program, compiled_from(source, program)
        except Exception:  # noqa: BLE001 - the documented way always works
            return starts, literals, None, re.compile(source)

    def requirement(self, nodes: Iterable[MatchNode]) -> "Requirement | None":
        """What a block must hold for any of `nodes` to match in it, as a
        quick test, or None when one of them may match without any leaf (a
        `not`, an entity, a regex needing no literal)."""
        nodes = tuple(nodes)
        self._index()
        if nodes not in self._requirements_of:
            self._requirements_of[nodes] = Requirement.of(self, nodes)
        return self._requirements_of[nodes]

    def scan(self, blocks: Iterable[Block]) -> list[BlockHits]:
        self._index()
        tok = tokenizer(self.lang)
        results = []
        for block in blocks:
            folded, index = fold_with_map(block.text)
            found: list[tuple[MatchNode, int, int]] = []
            if self._needs_tokens(folded):
                doc = tok(folded)
                for matcher in (self._phrase, self._tokens) if self._has_token_patterns else (self._phrase,):
                    for key, start, end in matcher(doc):
                        span = doc[start:end]
                        found.append((self._keys[self.vocab_string(key)], span.start_char, span.end_char))
            hits = LazyHits(block.text, self._entity_finder, regexes=_BlockRegexes(self, folded, index) if self._patterns else None)
            last = len(index) - 1
            for node, start, end in found:
                # The first span of a leaf is kept; folded offsets map back to the original text.
                if node not in hits:
                    hits[node] = (index[start], index[min(end, last)])
            results.append(BlockHits(block=block, folded=folded, hits=hits))
        if self.uses_lemmas:
            self._scan_lemmas(results)
        return results

    def _needs_tokens(self, folded: str) -> bool:
        """Whether a phrase or token pattern may match in the block. The rule
        packs hold few phrases and no token patterns, and tokenizing every
        block for them was a twentieth of an audit: a phrase matches only
        where each of its words is in the folded text."""
        if self._has_token_patterns:
            return True
        for words in self._phrase_words:
            if words is None:
                return True
            for word in words:
                if word not in folded:
                    break
            else:
                return True
        return False

    def _scan_lemmas(self, results: list[BlockHits]) -> None:
        # Tag only blocks where something cheap already matched: lemma
        # patterns refine evidence, they never find a clause on their own.
        candidates = [r for r in results if r.hits.found()]
        for result, doc in zip(candidates, lemmatize([r.block.text for r in candidates])):
            for key, start, end in self._lemma(doc):
                node = self._keys[self.vocab_string(key)]
                span = doc[start:end]
                result.hits.setdefault(node, (span.start_char, span.end_char))

    def vocab_string(self, key_hash: int) -> str:
        return tokenizer(self.lang).vocab.strings[key_hash]


def _gated_finder(finder, patterns: dict[str, re.Pattern[str]]):
    """The entity finder, not called on a text where the kinds asked for
    are all found by a plain regex (`patterns`, kind → the finder's regex)
    that needs a literal the text lacks: a party's duty or action is
    looked for in every block, and the regexes, which open on a lookbehind
    and a class, were tried at every position."""
    gates = {kind: gate for kind, pattern in patterns.items() if (gate := literal_gate(pattern)) is not None}
    if finder is None or not gates:
        return finder
    by_kinds: dict[tuple[str, ...], tuple] = {}

    def find(text: str, kinds: tuple[str, ...]):
        needed = by_kinds.get(kinds)
        if needed is None:
            needed = by_kinds[kinds] = tuple(gates.get(kind) for kind in kinds)
        for gate in needed:
            if gate is None or gate(text):
                return finder(text, kinds)
        return None

    return find


def _phrase_words(doc) -> tuple[str, ...] | None:
    """The words (lowercase token texts) a block's folded text must contain
    for the PhraseMatcher to find `doc` in it: every token it matches is a
    piece of that text, equal to the phrase's token in lowercase. Folded text
    is lowercase already, so a word is found as it is; a word outside ASCII
    (whose case mapping could differ once cut out of its text) gives None."""
    words = tuple(token.lower_ for token in doc)
    return words if words and all(word.isascii() for word in words) else None



def phrase_alternation(phrases: tuple[str, ...]) -> str:
    """Phrases of a language's data as one regex alternation, matched literally,
    a space standing for any run of spaces; empty for no phrase."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)

def introduces_list(block) -> bool:
    """A paragraph or item ending on a colon: the lead-in of the list items after it."""
    return block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and block.text.rstrip().endswith(":")


def inherit_lead_ins(results: list[BlockHits]) -> None:
    """A list item completes the sentence of its lead-in (« Le Prestataire
    s'interdit de : » then « – démarcher les clients… »), so it carries the
    lead-in's matches too, spanning the item itself."""
    lead: BlockHits | None = None
    for result in results:
        if lead is not None and result.block.kind == BlockKind.LIST_ITEM:
            result.inherited, result.mask = _LeadIn(lead.hits, (0, len(result.block.text))), None
            continue
        lead = result if introduces_list(result.block) or _numbered_lead_in(result.block) else None


def _numbered_lead_in(block) -> bool:
    """« 3.1 The Distributor shall not: »: a numbered paragraph ending on a colon, which the parser
    took for a heading by its number alone. An unnumbered title with a colon (« Responsabilité du
    Client : ») labels what follows and completes no sentence."""
    return block.kind == BlockKind.HEADING and block.text.rstrip().endswith(":") and numbering_level(block.text) > 0


def _has_tags(raw: str) -> bool:
    return any(k in ("LEMMA", "POS", "TAG", "MORPH") for t in json.loads(raw) for k in t)


def _unfold_for_lemma(token: dict) -> dict:
    return {("LOWER" if k in ("ORTH", "TEXT", "NORM") else k): v for k, v in token.items()}


def evaluate(node: MatchNode, hits: dict[MatchNode, Span]) -> tuple[bool, Span | None]:
    """Whether a matcher tree holds in a block, and the span that shows it."""
    if not node.children:
        span = hits.get(node)
        return span is not None, span
    if node.op == "not":
        matched, _ = evaluate(node.children[0], hits)
        return not matched, None
    if node.op == "all":
        spans = []
        for child in node.children:
            matched, span = evaluate(child, hits)
            if not matched:
                return False, None
            if span:
                spans.append(span)
        if not spans:
            return True, None
        return True, (min(s[0] for s in spans), max(s[1] for s in spans))
    for child in node.children:  # any
        matched, span = evaluate(child, hits)
        if matched:
            return True, span
    return False, None


def may_hold(node: MatchNode, hits: dict[MatchNode, Span]) -> bool:
    """Whether a matcher tree can hold in some sentence of a block whose
    matches are `hits`: `not` is read as true, since a block-wide match under
    it (a number in another sentence) says nothing of each sentence."""
    if not node.children:
        return hits.get(node) is not None
    if node.op == "not":
        return True
    if node.op == "all":
        return all(may_hold(child, hits) for child in node.children)
    return any(may_hold(child, hits) for child in node.children)


# The most alternatives a requirement keeps for one tree (see _terms): an
# `all` of `any`s multiplies them, and each costs a test per block.
MAX_TERMS = 16


def _terms(bank: MatcherBank, node: MatchNode, memo: dict) -> frozenset[int] | None:
    """The bit sets one of which a block's mask must hold whole for `node`
    to hold in it, or None when it may hold in any block (under a `not`, an
    entity computed on lookup, a regex needing no literal, a leaf not in
    the bank). A regex leaf needs all the literal sets of one of its
    patterns, a phrase or token-pattern leaf its own bit; `any` needs one of
    its children's, `all` one of each child's (as many children's as
    MAX_TERMS allows: needing fewer is still true of every match)."""
    if node in memo:
        return memo[node]
    if not node.children:
        terms = None
        if node.op == "regex" and node in bank._leaf_checks:
            needs = frozenset(needed for _, needed in bank._leaf_checks[node][1])
            terms = needs if needs and 0 not in needs else None
        elif node.op in ("phrases", "patterns") and node in bank._leaf_bits:
            terms = frozenset((bank._leaf_bits[node],))
    elif node.op == "not":
        terms = None
    elif node.op == "all":
        terms = None
        for child in sorted((t for t in (_terms(bank, c, memo) for c in node.children) if t is not None), key=len):
            joined = child if terms is None else _minimal({a | b for a in terms for b in child})
            if len(joined) > MAX_TERMS:
                break
            terms = joined
    else:  # any
        children = [_terms(bank, c, memo) for c in node.children]
        terms = None if any(t is None for t in children) else _minimal(frozenset().union(*children))
    memo[node] = terms
    return terms


def _minimal(terms) -> frozenset[int]:
    """The terms without those holding another whole (a block holding the larger holds the smaller)."""
    ordered = sorted(set(terms), key=int.bit_count)
    kept: list[int] = []
    for term in ordered:
        if not any(term & small == small for small in kept):
            kept.append(term)
    return frozenset(kept)


class Requirement:
    """A quick test that rules a block out for a set of matcher trees: for
    each tree, the literals its regex leaves need are not all in the block,
    or its phrase and token-pattern leaves did not match there (nor in the
    lead-in it inherits). Where it says no, evaluating the trees would say
    no too.

    Literal sets and matched leaves are bits of one int, the block's
    (`mask`, made on the first test and kept); a requirement is a few bit
    sets (`terms`), one of which the mask must hold whole. Each of a
    document's blocks is tested for every family and signal, and most are
    ruled out by the first `&`, with the bits of all terms (`bits`)."""

    __slots__ = ("bits", "terms", "_leaf_bits")

    def __init__(self, terms: frozenset[int], leaf_bits: dict[MatchNode, int]):
        # Fewest bits first: the likeliest to hold.
        self.terms = tuple(sorted(terms, key=int.bit_count))
        self.bits = functools.reduce(operator.or_, terms, 0)
        self._leaf_bits = leaf_bits

    @classmethod
    def of(cls, bank: MatcherBank, nodes: tuple[MatchNode, ...]) -> "Requirement | None":
        memo = bank._terms_of
        terms: set[int] = set()
        for node in nodes:
            needed = _terms(bank, node, memo)
            if needed is None:
                return None
            terms |= needed
        return cls(_minimal(terms), bank._leaf_bits) if terms else None

    def may_hold(self, result: BlockHits) -> bool:
        mask = result.mask
        if mask is None:
            mask = result.mask = self.mask(result)
        if mask < 0:
            return True
        if not mask & self.bits:
            return False
        for term in self.terms:
            if mask & term == term:
                return True
        return False

    def mask(self, result: BlockHits) -> int:
        """The block's literal sets and matched leaves, with its lead-in's; -1 when unknown (anything may hold)."""
        own = self._hits_mask(result.hits)
        inherited = result.inherited
        if isinstance(inherited, _LeadIn):
            lead = self._hits_mask(inherited._hits)
            return -1 if own < 0 or lead < 0 else own | lead
        return -1 if inherited else own

    def _hits_mask(self, hits) -> int:
        if not isinstance(hits, LazyHits):
            return -1
        regexes = hits._regexes
        mask = 0 if regexes is None else regexes.present()
        leaf_bits = self._leaf_bits
        # Phrase and token-pattern leaves are all in the dict once the block is scanned.
        for node, span in dict.items(hits):
            if span is not None and node in leaf_bits:
                mask |= leaf_bits[node]
        return mask
