"""Clause detection: is each family present, where, and how sure are we.

A family is present when some clause carries enough weighted evidence:
signals matched in the body (each counted once), plus a bonus when the
clause sits under a heading that fuzzily matches the family's headings.
Keywords alone are not enough: table-of-contents lines, definitions entries
and vetoed blocks (explicit exclusions, pointers to another document) give
no evidence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from lint.checks.matching import BlockHits, MatcherBank, Requirement, SentenceScans, evaluate, introduces_list, phrase_alternation
from lint.model import BlockKind, ClauseStatus, Document, FindingLocation, Section
from lint.normalize import fold, strip_accents
from lint.nlp.languages import PRIMARY_LANGUAGE
from lint.nlp.sentences import sentence_at, sentence_bounds
from lint.parsers.base import ARTICLE_NUMBER, ARTICLE_WORD, DIVISION_WORD, numbered_heading_level
from lint.ruleset.loader import Confidence, Detection, DocumentParts, Family

_NUMBERING = re.compile(
    rf"^\s*(({ARTICLE_WORD}|{DIVISION_WORD})\s+({ARTICLE_NUMBER}|[a-z])\b\.?|"
    r"[0-9]+(\.[0-9]+)*\.?|[ivxlc]+[.)]|[a-z][.)])\s*[-–—:.)]*\s*",
    re.I,
)
# (Without a leader, the page number follows a word: « 771 678 877 » ends a SIREN, not an entry.)
_TOC_LINE = re.compile(r"(\.{3,}|…{2,}|_{3,})\s*\d{1,3}\s*$|(?<=[^\d\s])\s\d{1,3}$")
# Contents entries a plain-text file ran together into one paragraph:
# « Article 1 - Définitions ....... 2 Article 2 - Objet ....... 2 … ».
_JOINED_TOC_ENTRY = re.compile(r"(\.{4,}|…{2,}|_{4,})\s*\d{1,3}(?=\s|$)")
MIN_JOINED_TOC_ENTRIES = 3
# Quotes around a defined term, in any language.
_OPEN_QUOTE, _CLOSE_QUOTE = "«\"“", "»\"”"
# What may come before a defined term's verb: no sentence stop, colon or French quote.
_BEFORE_VERB = r"[^.:;«»\"]"


@dataclass(frozen=True)
class _PartPatterns:
    """One language's patterns of the blocks that hold no clause, built from its
    `parts` words (DocumentParts). A pattern is None
    where the language lists no word for it."""

    # A definitions entry: « Terme » : …, « Terme » désigne …, Terme désigne … — a label
    # followed by a colon alone ("Durée : deux ans") is a clause, not a definition,
    # and so is a negation (« l'Éditeur ne désigne aucun autre revendeur ») or an appointment.
    definition: re.Pattern[str]
    # Only a quoted term defined: « Le Partenaire désigne comme interlocuteur… » is a clause.
    quoted_definition: re.Pattern[str]
    # A template's note to whoever fills it in: a whole block in parentheses or
    # brackets that offers a choice or asks for a detail.
    instruction: re.Pattern[str] | None


def _as_written(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Phrases matched on the text as written, each also without its accents (OCR, caps)."""
    return tuple(dict.fromkeys(form for p in phrases for form in (p, strip_accents(p))))


@functools.lru_cache(maxsize=8)
def _part_patterns(parts: DocumentParts) -> _PartPatterns:
    verbs = phrase_alternation(_as_written(parts.definition_verbs)) or r"(?!)"
    negated = "".join(rf"(?<!\b{re.escape(word)} )" for word in parts.negations)
    # (An appointment is a clause: « Le Fabricant désigne la société X comme son distributeur ».)
    appointment = rf"(?![^.;]{{0,120}}\b(?:{phrase_alternation(_as_written(parts.appointments))})\b)" if parts.appointments else ""
    quoted = rf"[{_OPEN_QUOTE}]\s*[^{_CLOSE_QUOTE}]{{1,70}}?\s*[{_CLOSE_QUOTE}]"
    definition = re.compile(
        rf"^(?:{quoted}\s*(?::|\b(?:{verbs})\b)"
        rf"|[\w]{_BEFORE_VERB}{{0,70}}?\s{negated}\b(?:{verbs})\b{appointment})",
        re.I,
    )
    quoted_definition = re.compile(
        rf"^(?:{quoted}|{_BEFORE_VERB}{{0,40}}?[{_OPEN_QUOTE}][^{_CLOSE_QUOTE}]{{1,70}}[{_CLOSE_QUOTE}])\s*(?::|\b(?:{verbs})\b)",
        re.I,
    )
    words = phrase_alternation(parts.instructions)
    # (A note in square brackets may hold parentheses: « [Note au rédacteur : … (art. 28 RGPD) …] ».)
    instruction = re.compile(rf"^\s*(?:\[\s*(?:{words})\b[^\]]*\]|\(\s*(?:{words})\b[^)]*\))\s*\.?\s*$", re.I) if words else None
    return _PartPatterns(definition, quoted_definition, instruction)


def _is_definition_entry(text: str, parts: DocumentParts) -> bool:
    return bool(_part_patterns(parts).definition.match(text))


@functools.lru_cache(maxsize=8)
def _blank_instruction(blanks: tuple[str, ...]) -> re.Pattern[str] | None:
    """A blank left in place of a clause, opened by one of the language's
    instructions (DocumentParts.blanks: « [à compléter – décrire les produits…] »):
    no clause evidence, but the placeholder rule must still report it."""
    if not blanks:
        return None
    words = "|".join(map(re.escape, blanks))
    return re.compile(rf"^\s*\[\s*(?:{words})\b[^\]]*\]\s*\.?\s*$", re.I)


BODY_MIN_WORDS = 12
# A heading that names the family is trusted over a body of a few words: a
# two-line commitment under « Données personnelles » is the clause.
PRIOR_BODY_MIN_WORDS = 5
MAX_HEADING_PHRASE_WORDS = 8
# Coordinated parts of a heading: « Durée et résiliation », « Prix / Paiement ».
_HEADING_PARTS = re.compile(r"\s+(?:et|ou|&)\s+|\s*[/,;:–—|]\s*|\s+-\s+|\s*\(|\)\s*")


def _vetoed(detection: Detection, scanned_by_index, indices) -> bool:
    if detection.veto is None:
        return False
    return any(i in scanned_by_index and evaluate(detection.veto, scanned_by_index[i].hits)[0] for i in indices)


POINTER_BODY_MAX_WORDS = 60


def _only_a_pointer(detection: Detection, scanned_by_index, body: list[int], words: int) -> bool:
    """A short body that sends the reader to another document, or says the
    clause does not apply, is no clause under its heading."""
    if detection.prior_veto is None or words > POINTER_BODY_MAX_WORDS:
        return False
    return any(i in scanned_by_index and evaluate(detection.prior_veto, scanned_by_index[i].hits)[0] for i in body)


def strip_numbering(title: str) -> str:
    return _NUMBERING.sub("", title, count=1).strip() or title


@functools.lru_cache(maxsize=256)
def _phrase_table(phrases: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    folded = [fold(p) for p in phrases]
    return folded, np.array([len(p.split()) for p in folded])


@functools.lru_cache(maxsize=20_000)
def _title_windows(title: str) -> tuple[list[str], np.ndarray]:
    words = fold(strip_numbering(title)).split()
    windows, sizes = [], []
    for size in range(1, min(len(words), MAX_HEADING_PHRASE_WORDS + 1) + 1):
        for i in range(len(words) - size + 1):
            windows.append(" ".join(words[i : i + size]))
            sizes.append(size)
    return windows, np.array(sizes)


@functools.lru_cache(maxsize=50_000)
def heading_score(title: str, phrases: tuple[str, ...]) -> tuple[float, str]:
    """Best fuzzy score of any phrase against whole-word windows of the title
    (windows one word shorter or longer than the phrase are compared too)."""
    windows, sizes = _title_windows(title)
    if not windows or not phrases:
        return 0.0, ""
    folded, lengths = _phrase_table(phrases)
    scores = cdist(windows, folded, scorer=fuzz.ratio)
    scores[np.abs(sizes[:, None] - lengths[None, :]) > 1] = 0
    best = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return float(scores[best]), phrases[best[1]]


@functools.lru_cache(maxsize=50_000)
def heading_prior_score(title: str, phrases: tuple[str, ...]) -> tuple[float, str]:
    """Best fuzzy score of a phrase against the whole title or one of its
    coordinated parts: unlike heading_score, a phrase matching a few words
    inside a longer title (« parties » in « Obligations des parties ») does
    not count."""
    if _TOC_LINE.search(title) and ("..." in title or "…" in title):
        return 0.0, ""
    whole = fold(strip_numbering(title)).strip(" .:-*#")
    parts = {whole, *(p.strip(" .:-*#") for p in _HEADING_PARTS.split(whole))}
    parts.discard("")
    if not parts or not phrases:
        return 0.0, ""
    folded, _ = _phrase_table(phrases)
    best = (0.0, "")
    for part in parts:
        for phrase, original in zip(folded, phrases):
            score = fuzz.ratio(part, phrase)
            if score > best[0]:
                best = (score, original)
    return best


@dataclass
class Evidence:
    score: float = 0.0
    signals: dict[str, tuple[int, tuple[int, int] | None]] = field(default_factory=dict)
    heading: str | None = None
    heading_score: float = 0.0
    blocks: list[int] = field(default_factory=list)
    section: Section | None = None




def non_clause_blocks(document: Document, excluded: set[int], parts: DocumentParts) -> frozenset[int]:
    """The excluded blocks that no rule should read either. A block like
    « Le Partenaire désigne comme interlocuteur… » gives no clause evidence,
    but it is a clause: only quoted definitions entries are left out. A blank
    or a drafting note left in place of a clause is no evidence either, but
    the placeholder rule must still report it."""
    # (The language's patterns once, not a cache lookup hashing every `parts` field per block.)
    patterns = _part_patterns(parts)
    return frozenset(
        i for i in excluded
        if document.blocks[i].kind not in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.HEADING)
        and not _is_instruction(fold(document.blocks[i].text), patterns, parts)
        and (
            not patterns.definition.match(document.blocks[i].text)
            or patterns.quoted_definition.match(document.blocks[i].text)
            or _in_definitions_section(document, i, parts)
            or _in_waived_section(document, i, parts)
        )
    )


def _is_instruction(folded: str, patterns: _PartPatterns, parts: DocumentParts) -> bool:
    if patterns.instruction and patterns.instruction.match(folded):
        return True
    blank = _blank_instruction(parts.blanks)
    return bool(blank and blank.match(folded))


def _is_definition(document: Document, index: int, parts: DocumentParts) -> bool:
    block = document.blocks[index]
    return block.kind not in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.HEADING) and bool(
        _is_definition_entry(block.text, parts) or _in_definitions_section(document, index, parts)
    )


def _under_title(document: Document, index: int, titles: tuple[str, ...]) -> bool:
    """Whether a block sits in a section (at any level) whose title opens on one of `titles` (folded)."""
    return bool(titles) and any(fold(strip_numbering(title)).startswith(titles) for title in document.blocks[index].location.section)


def _in_definitions_section(document: Document, index: int, parts: DocumentParts) -> bool:
    return _under_title(document, index, parts.definitions)


def _in_waived_section(document: Document, index: int, parts: DocumentParts) -> bool:
    """Under a title listing the clauses the parties chose not to keep or left open
    (« Clauses non retenues », « Points non tranchés »): exclusions, no clause."""
    return _under_title(document, index, parts.waived)


def excluded_blocks(document: Document, parts: DocumentParts) -> set[int]:
    """Blocks that never count as clause content: TOC lines and definitions.
    `parts`: the document language's titles of them (RulePack.document_parts)."""
    excluded: set[int] = set()
    for section in document.all_sections():
        title = fold(strip_numbering(section.title))
        if any(title.startswith(t) for t in parts.contents):
            # Only the entries: a TOC section often runs on into the parties block, and a
            # « SOMMAIRE » one level above the articles would hold them all: it stops at the next heading.
            end = next((i for i in range(section.start + 1, section.end) if document.blocks[i].kind == BlockKind.HEADING), section.end)
            excluded.update(i for i in range(section.start, end) if len(document.blocks[i].text) < 120)
        elif title.startswith(parts.definitions + parts.waived + parts.contract_documents):
            # (The list of the documents the contract is made of describes them; it holds no clause.)
            excluded.update(range(section.start, section.end))
    excluded |= contents_entries(document, parts) | pointer_rows(document, parts)
    patterns = _part_patterns(parts)
    for block in document.blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.HEADING):
            excluded.add(block.location.block)
        elif _is_contents_line(block.text):
            excluded.add(block.location.block)
        elif len(block.text) < 600 and patterns.definition.match(block.text):
            excluded.add(block.location.block)
        elif _is_instruction(fold(block.text), patterns, parts):
            excluded.add(block.location.block)
    return excluded


# A cell that only names the governing document is short: « CGS, article 11 ».
MAX_POINTER_CELL_WORDS = 12


def pointer_rows(document: Document, parts: DocumentParts) -> set[int]:
    """The cells of table rows where one short cell names another document as
    the one that governs the row (« Obligations de discrétion | CGS, article 11 »,
    « Données des passagers | Voir Annexe 2 »): a grid of pointers, no clause."""
    if not parts.governing_documents:
        return set()
    rows: dict[tuple[int, int], list[int]] = {}
    for block in document.blocks:
        if block.kind == BlockKind.TABLE_CELL and block.cell is not None:
            rows.setdefault(block.cell[:2], []).append(block.location.block)
    found: set[int] = set()
    for cells in rows.values():
        texts = [fold(document.blocks[i].text).strip(" .;:-–—*") for i in cells]
        if len(cells) >= 2 and any(len(t.split()) <= MAX_POINTER_CELL_WORDS and _names_any(t, parts.governing_documents) for t in texts):
            found.update(cells)
    return found


def _names_any(folded: str, phrases: tuple[str, ...]) -> bool:
    """Whether a short cell opens on one of the phrases, or names it as the
    document a part belongs to (« CGS, article 11 », « Annexe « Niveaux de
    service » des CGS, version 2.0 »)."""
    words = " " + re.sub(r"[^a-z0-9]+", " ", folded) + " "
    return _opens_on(folded, phrases) or any(
        f" {owner} {re.sub(r'[^a-z0-9]+', ' ', p).strip()} " in words for p in phrases for owner in ("des", "du", "de la", "de l")
    )


def _opens_on(folded: str, phrases: tuple[str, ...]) -> bool:
    return any(folded.startswith(p) and folded[len(p) : len(p) + 1] in ("", " ", ",", ".", ";", ":", "(") for p in phrases)


# A numbered title the parser took for a list item or a paragraph: « 2. Objet »,
# « IV – Résiliation ». Short, no closing punctuation, text after it.
MIN_PSEUDO_TITLES = 3
MAX_TITLE_WORDS = 8


def _pseudo_sections(document: Document) -> list[Section]:
    """Sections under numbered titles the parser did not mark as headings,
    when the document has an outline of at least three of them."""
    blocks = document.blocks
    titles = [
        i for i, block in enumerate(blocks[:-1])
        if block.kind in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH)
        and len(block.text.split()) <= MAX_TITLE_WORDS and len(block.text) <= 80
        and numbered_heading_level(block.text) and not block.text.rstrip().endswith((".", ";", ",", ":"))
        and blocks[i + 1].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        # A title has a body: a sentence, not another entry of a list of names.
        and len(blocks[i + 1].text.split()) >= MAX_TITLE_WORDS
    ]
    if len(titles) < MIN_PSEUDO_TITLES:
        return []
    sections = []
    for n, start in enumerate(titles):
        end = titles[n + 1] if n + 1 < len(titles) else len(blocks)
        heading = next((j for j in range(start + 1, end) if blocks[j].kind == BlockKind.HEADING), end)
        sections.append(Section(title=blocks[start].text.strip(), level=9, start=start, end=heading))
    return sections


def clause_sections(document: Document, parts: DocumentParts) -> list[Section]:
    """Sections that can name a clause: not the document title wrapping
    everything, nor an entry of a table of contents (the last entry of a
    contents list would otherwise "own" the parties' block after it)."""
    # (A table's row counts once: a section holding a grid of cells is not the whole document.)
    units = [0]
    rows: set[tuple[int, int]] = set()
    for block in document.blocks:
        row = block.cell[:2] if block.kind == BlockKind.TABLE_CELL and block.cell is not None else None
        units.append(units[-1] + (0 if row in rows else 1))
        if row is not None:
            rows.add(row)
    total = max(1, units[-1])
    toc = contents_entries(document, parts)
    candidates = [*document.all_sections(), *_pseudo_sections(document)]
    return [s for s in candidates if ((units[s.end] - units[s.start]) < 0.5 * total or total < 8) and s.start not in toc]


# A contents entry: short, and not a sentence (no verb-ending full stop).
_CONTENTS_ENTRY_MAX_WORDS = 14


def _is_contents_line(text: str) -> bool:
    """A contents line on its own (« Article 3 – Prix ....... 4 »), or several a
    plain-text file ran together into one paragraph."""
    # (A table row typed with « | » is no contents entry: « Effectif | 12 ».)
    return (len(text) < 120 and " | " not in text and bool(_TOC_LINE.search(text)) and len(text.split()) <= 14) or (
        # (The substring tests skip the regex, which tries every position, on the blocks that hold no leader.)
        ("...." in text or "……" in text or "____" in text) and len(_JOINED_TOC_ENTRY.findall(text)) >= MIN_JOINED_TOC_ENTRIES
    )


def contents_blocks(document: Document, parts: DocumentParts) -> set[int]:
    """Every block of a table of contents: the entries after its title and
    contents lines anywhere. An article a contents list names is not one the
    document has."""
    # (A heading « ANNEXE 4 » ends on a number too; it is the annex, not an entry.)
    return contents_entries(document, parts) | {b.location.block for b in document.blocks if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.HEADING) and _is_contents_line(b.text)}


def contents_entries(document: Document, parts: DocumentParts) -> set[int]:
    """The blocks of a table of contents: after a « Sommaire » / « Table des
    matières » title, the run of short title-like lines that follows, whatever
    the parser made of them (headings, list items, paragraphs)."""
    entries: set[int] = set()
    blocks = document.blocks
    for index, block in enumerate(blocks):
        # Length first: folding every block of a long contract for a title check is wasted.
        if len(block.text) > 60 or not fold(strip_numbering(block.text)).strip(" :.").startswith(parts.contents):
            continue
        for later in range(index + 1, len(blocks)):
            if blocks[later].kind in (BlockKind.HEADER, BlockKind.FOOTER):
                continue
            words = blocks[later].text.split()
            # An entry ends on its page number, not on a sentence's full stop.
            if not words or len(words) > _CONTENTS_ENTRY_MAX_WORDS or (words[-1].endswith(".") and not words[-1].rstrip(".").isdigit()):
                break
            entries.add(later)
    return entries


def claimed_blocks(detection: Detection, per_block: dict[int, _Hits]) -> list[int]:
    """Blocks whose own text carries the family's clause, without any heading's
    help, for a family whose clause can contradict another's heading."""
    if not detection.contradicts_headings:
        return []
    weights = {s.id: s.weight for s in detection.signals}
    return [i for i, found in per_block.items() if sum(weights[s] for s in found) >= detection.threshold]


def opening_section(
    document: Document, sections: list[Section], detections: list[Detection], excluded: set[int], parts: DocumentParts, before: set[int] = frozenset(),
) -> Section | None:
    """The contract's first article: the first section with a body of its own
    whose heading names no family (« 1. Ce que les parties ont décidé »,
    « Pourquoi ce contrat »). Parties, preamble, definitions and contents come
    before it and are skipped by their headings or as excluded blocks.
    `before`: blocks carrying a clause that comes before the first article
    (the parties' registrations): a section made of them, whatever its
    heading (« ENTRE : »), is the comparution."""
    title = document.metadata.title
    for section in sorted(sections, key=lambda s: s.start):
        if section.start == 0 and title and fold(section.title.strip()) == fold(title.strip()) and strip_numbering(section.title) == section.title.strip():
            continue  # the document's title (not a numbered article) over the parties' block, at the articles' own level
        body = [i for i in range(section.start + 1, section.end) if i not in excluded]
        words = sum(len(document.blocks[i].text.split()) for i in body)
        if words < BODY_MIN_WORDS or fold(strip_numbering(section.title)).strip(" :*").startswith(parts.contract_documents + parts.preamble):
            continue
        if 2 * sum(len(document.blocks[i].text.split()) for i in body if i in before) >= words:
            continue
        named = [d for d in detections if heading_score(section.title, d.headings)[0] >= d.heading_min_score]
        if named and all(d.before_opening for d in named):
            continue  # « Les parties »: the comparution comes before the first article
        if named:
            return None  # the first article is a named clause: no opening to read
        return section
    return None


def family_excluded(detection: Detection, document: Document, excluded: set[int], parts: DocumentParts) -> set[int]:
    """The blocks that give the family no evidence: definitions entries count
    for a family that reads them (a party defined as « le Prestataire »)."""
    if detection.reads_definitions:
        return {i for i in excluded if not _is_definition(document, i, parts)}
    return excluded


def _another_clause(
    family_id: str, claimed: dict[int, set[str]], document: Document, scanned_by_index: dict[int, BlockHits], section: Section, body: list[int], words: int,
) -> bool:
    """The heading misleads: a good part of its body carries another family's
    clause (a third of its words: a clause's first paragraph carries it, the
    next ones complete it), none of it carries this family's, and the body
    never takes up the heading's own words (« Résiliation » over a fixed term
    that never says « résilier »). A reader goes by the text, not the heading."""
    other = sum(len(document.blocks[i].text.split()) for i in body if claimed.get(i, set()) - {family_id})
    if words == 0 or other * 3 < words:
        return False
    stems = {w[:HEADING_STEM] for w in re.findall(r"\w+", fold(strip_numbering(section.title))) if len(w) >= HEADING_STEM_MIN}
    text = " ".join(scanned_by_index[i].folded for i in body if i in scanned_by_index)
    return not any(stem in text for stem in stems)


# A heading word is taken up by its body when its first letters reappear
# there (« résiliation » … « résilier »); shorter words are function words.
HEADING_STEM = 6
HEADING_STEM_MIN = 4


def _opening_evidence(detection: Detection, document: Document, scanned_by_index: dict[int, BlockHits], excluded: set[int], opening: Section | None) -> Evidence | None:
    """The contract's first article, for a family it names (`opening_weight`),
    unless its body only points elsewhere or is vetoed."""
    if opening is None or not detection.opening_weight:
        return None
    body = [i for i in range(opening.start + 1, opening.end) if i not in excluded]
    words = sum(len(document.blocks[i].text.split()) for i in body)
    if not body or _vetoed(detection, scanned_by_index, body) or _only_a_pointer(detection, scanned_by_index, body, words):
        return None
    return Evidence(score=detection.opening_weight, signals={"opening-section": (body[0], None)}, blocks=body)


def detect_clauses(
    families: list[Family], lang: str, document: Document, scanned: list[BlockHits], bank: MatcherBank,
    excluded: set[int], sections: list[Section], confidence: Confidence, parts: DocumentParts, sentences: SentenceScans | None = None,
) -> list[tuple[Family, ClauseStatus, Evidence, list[int]]]:
    """Every family's status, best evidence and clause blocks, in two passes:
    first each family's body signals, then the decisions, which need to know
    which blocks carry another family's clause (a misleading heading) and
    where the contract's first article is."""
    detections = [(family, family.detection[lang]) for family in families if lang in family.detection]
    scanned_by_index = {r.block.location.block: r for r in scanned}
    sentences = sentences or SentenceScans(bank)
    passes = []
    claimed: dict[int, set[str]] = {}
    for family, detection in detections:
        own_excluded = family_excluded(detection, document, excluded, parts)
        headed = family_sections(detection, sections)
        per_block = _signals_by_block(
            detection, scanned, own_excluded, headed[2], bank.requirement(signal.match for signal in detection.signals),
            [bank.requirement((signal.match,)) for signal in detection.signals], sentences,
        )
        for index in claimed_blocks(detection, per_block):
            claimed.setdefault(index, set()).add(family.id)
        passes.append((family, detection, own_excluded, headed, per_block))
    first = {family.id for family, detection in detections if detection.before_opening}
    before = {index for index, ids in claimed.items() if ids & first}
    opening = opening_section(document, sections, [d for _, d in detections], excluded, parts, before)
    # The short articles whose paragraphs add up: the clause sections, and each table with its lead-in (once per document).
    summed = [*sections, *_table_units(document)]
    return [
        (family, *detect_family(family, detection, document, scanned_by_index, own_excluded, lang, confidence, per_block, claimed, opening, headed, summed))
        for family, detection, own_excluded, headed, per_block in passes
    ]


def detect_family(
    family: Family,
    detection: Detection,
    document: Document,
    scanned_by_index: dict[int, BlockHits],
    excluded: set[int],
    lang: str,
    confidence: Confidence,
    per_block: dict[int, _Hits],
    claimed: dict[int, set[str]],
    opening: Section | None,
    headed: tuple,
    sections: list[Section],
) -> tuple[ClauseStatus, Evidence, list[int]]:
    """Return the family's status, the best evidence and the clause's blocks.

    `excluded` is the family's (`family_excluded`), `headed` its
    `family_sections` and `per_block` its body signals; `claimed` maps a
    block to the families whose clause its text carries on its own
    (`claimed_blocks`), so that a heading naming this family over another
    family's clause is read as the misleading heading it is. `opening` is the
    contract's first article (`opening_section`), evidence for a family with
    `opening_weight`; `sections` are the document's clause sections, whose
    short articles (and tables with their lead-in) sum their paragraphs' signals (`_section_evidence`)."""
    matched_sections, best_heading, vetoed = headed
    weights = {s.id: s.weight for s in detection.signals}
    candidates: list[Evidence] = []
    for index, found in per_block.items():
        candidates.append(Evidence(score=sum(weights[s] for s in found), signals=dict(found), blocks=[index]))
    candidates += _headed_evidence(family.id, detection, document, scanned_by_index, excluded, vetoed, matched_sections, per_block, claimed)
    opened = _opening_evidence(detection, document, scanned_by_index, excluded, opening)
    if opened is not None:
        candidates.append(opened)
        weights["opening-section"] = detection.opening_weight
    spread = _spread_evidence(detection, per_block, weights)
    if spread is not None:
        candidates.append(spread)
    candidates += _section_evidence(document, sections, matched_sections, per_block, weights)
    best = max(candidates, key=lambda e: (e.score, e.heading is not None), default=Evidence())
    present = best.score >= detection.threshold
    title = family.title.get(lang) or family.title.get(PRIMARY_LANGUAGE) or family.id
    if present:
        sureness = min(confidence.cap, confidence.base + confidence.scale * min(1.0, (best.score - detection.threshold) / detection.threshold + confidence.present_offset))
        explanation = _explain_present(best, detection, document)
        clause_blocks = _clause_blocks(best, candidates, detection, [s for s, _ in matched_sections], document)
        locations = _clause_locations(detection, document, clause_blocks, matched_sections, per_block, weights)
    else:
        sureness = min(confidence.cap, confidence.base + confidence.scale * (1 - best.score / detection.threshold))
        explanation = _explain_missing(best, best_heading, detection, document)
        clause_blocks = []
        locations = ()
    status = ClauseStatus(
        id=family.id,
        title=title,
        status="present" if present else "missing",
        required=False,
        confidence=sureness,
        location=locations,
        explanation=explanation,
    )
    return status, best, clause_blocks


_Hits = dict[str, tuple[int, tuple[int, int] | None]]  # signal id → (block, span)


def family_sections(detection: Detection, sections: list[Section]) -> tuple[list[tuple[Section, float]], tuple, set[int]]:
    """The sections under a heading of the family (with their scores), the
    closest heading of all (for the explanation of a missing clause), and the
    blocks under a vetoing heading."""
    headings = detection.headings
    matched_sections = []
    best_heading = (0.0, "", None)
    vetoed: set[int] = set()
    for section in sections:
        if detection.heading_veto and heading_score(section.title, detection.heading_veto)[0] >= detection.heading_min_score:
            # Nothing under such a heading counts for the family ("Durée de conservation" is not the term).
            vetoed.update(range(section.start, section.end))
            continue
        score, phrase = heading_score(section.title, headings)
        if score > best_heading[0]:
            best_heading = (score, phrase, section)
        if score < detection.heading_min_score and detection.prior_headings:
            # A heading of the prior list counts as a heading of the family too.
            score, phrase = max((score, phrase), heading_prior_score(section.title, detection.prior_headings))
        if score >= detection.heading_min_score:
            matched_sections.append((section, score))
    return matched_sections, best_heading, vetoed


# A sentence or two that only sends the reader elsewhere (« Les conditions de
# résiliation figurent dans le contrat-cadre. »); a longer block that also
# mentions another document still says something of its own.
POINTER_BLOCK_MAX_WORDS = 30


def _short_pointer(detection: Detection, result: BlockHits, found: dict | None = None) -> bool:
    """Whether a short block only points elsewhere or states a clause absent.
    `found`, the family's signals in the block: one in another sentence than
    the pointer's is a clause beside it (« La convention est soumise au droit
    français. Il n'est prévu aucune conciliation : … le tribunal de Chambéry »)."""
    if detection.prior_veto is None or len(result.block.text.split()) > POINTER_BLOCK_MAX_WORDS:
        return False
    matched, span = evaluate(detection.prior_veto, result.hits)
    if not matched or span is None or not found:
        return matched
    bounds = sentence_bounds(result.block.text)
    own = sentence_at(bounds, span[0])
    return all(where is None or sentence_at(bounds, where[0]) == own for _, where in found.values())


def _excepted(signal, result: BlockHits, span, sentences) -> bool:
    """Whether a signal's exception (`unless`) holds in the sentence of its
    match or the one before or after (« … son mot de passe. Il s'engage à ne
    pas les communiquer »): in a long block that mixes clauses, an exception
    three sentences away belongs to another clause."""
    pieces = sentences(result) if sentences is not None and span is not None else None
    if not pieces or len(pieces) <= 3:
        return True
    # (A match may run over several sentences: « s'engage à ne pas divulguer … Chaque Partie s'interdit … un produit concurrent ».)
    first, last = sentence_at(pieces, span[0]), sentence_at(pieces, max(span[0], span[1] - 1))
    return any(evaluate(signal.unless, near)[0] for _, _, near in pieces[max(0, first - 1) : last + 2])


def _signals_by_block(
    detection: Detection, scanned: list[BlockHits], excluded: set[int], vetoed: set[int], requirement: Requirement | None = None,
    signal_requirements: list[Requirement | None] | None = None, sentences=None,
) -> dict[int, _Hits]:
    """The family's signals found in each block that may give evidence.
    `signal_requirements`, one a signal, rule out signals that cannot match
    in a block; the veto and pointer tests, which only take away, are read
    in the few blocks where a signal matched. `sentences` scans a block's
    sentences on their own, to hold a signal's exception to its sentence."""
    per_block: dict[int, _Hits] = {}
    needs = signal_requirements or [None] * len(detection.signals)
    for result in scanned:
        index = result.block.location.block
        if index in excluded or index in vetoed:
            continue
        if requirement is not None and not requirement.may_hold(result):
            continue  # no signal can match: the veto is moot
        hits = result.with_lead_in
        found = {}
        for signal, need in zip(detection.signals, needs):
            if need is not None and not need.may_hold(result):
                continue
            matched, span = evaluate(signal.match, hits)
            if matched and signal.unless is not None and evaluate(signal.unless, hits)[0]:
                matched = not _excepted(signal, result, span, sentences)
            if matched:
                found[signal.id] = (index, span)
        if not found:
            continue
        if detection.veto is not None and evaluate(detection.veto, hits)[0]:
            continue
        if _short_pointer(detection, result, found):
            continue
        per_block[index] = found
    return per_block


def _headed_evidence(
    family_id: str,
    detection: Detection,
    document: Document,
    scanned_by_index: dict[int, BlockHits],
    excluded: set[int],
    vetoed: set[int],
    matched_sections: list[tuple[Section, float]],
    per_block: dict[int, _Hits],
    claimed: dict[int, set[str]],
) -> list[Evidence]:
    """The evidence of each section under a heading of the family: its
    heading, the signals in it, and what a heading of the prior list or a
    body with something to say adds."""
    weights = {s.id: s.weight for s in detection.signals}
    candidates: list[Evidence] = []
    for section, hscore in matched_sections:
        found: _Hits = {}
        blocks = []
        for index in range(section.start, section.end):
            for sid, hit in per_block.get(index, {}).items():
                found.setdefault(sid, hit)
                if index not in blocks:
                    blocks.append(index)
        body = [i for i in range(section.start + 1, section.end) if i not in excluded and i not in vetoed]
        words = sum(len(document.blocks[i].text.split()) for i in body)
        if _only_a_pointer(detection, scanned_by_index, body, words):
            continue  # « régis par l'accord signé séparément », « Sans objet »: nothing here
        if not found and _another_clause(family_id, claimed, document, scanned_by_index, section, body, words):
            continue  # « Non-concurrence » over a staff no-hire: the heading misleads
        prior_min = detection.prior_min_score if detection.prior_min_score is not None else detection.heading_min_score
        prior = bool(detection.prior_headings) and heading_prior_score(section.title, detection.prior_headings)[0] >= prior_min
        # Under a heading naming several families (« Confidentialité ; données ; propriété intellectuelle »), a
        # paragraph that only points elsewhere (« … sont régis par l'article 14 de l'Accord-Cadre ») says nothing.
        content = [i for i in body if not (i in scanned_by_index and _short_pointer(detection, scanned_by_index[i]))] if prior else []
        if (
            prior
            and sum(len(document.blocks[i].text.split()) for i in content) >= PRIOR_BODY_MIN_WORDS
            and not _vetoed(detection, scanned_by_index, body)
            and (detection.prior_needs is None or any(i in scanned_by_index and evaluate(detection.prior_needs, scanned_by_index[i].hits)[0] for i in content))
        ):
            found["heading-prior"] = (content[0], None)
            weights["heading-prior"] = max(detection.threshold - detection.heading_weight, 0.0)
        elif detection.body_weight and not found:
            if words >= BODY_MIN_WORDS and not _vetoed(detection, scanned_by_index, body):
                found["heading-body"] = (body[0], None)
                weights.setdefault("heading-body", detection.body_weight)
        if found:
            candidates.append(
                Evidence(
                    score=detection.heading_weight + sum(weights[s] for s in found),
                    signals=found,
                    heading=section.title,
                    heading_score=hscore,
                    blocks=blocks or [section.start],
                    section=section,
                )
            )
    return candidates


# An article of a few paragraphs states one clause; a longer section (a whole
# chapter) would add up unrelated weak signals.
SECTION_MAX_BLOCKS = 6


def _table_units(document: Document) -> list[Section]:
    """Each table with the paragraph that leads into it and the one that
    follows it, read as one short article: « Les objectifs que nous nous sommes
    fixés : » | Mesure | Objectif | Seuil bas | … « Si vous êtes sous le seuil
    bas deux trimestres de suite, … ». A document without headings has no
    other article to sum them in."""
    blocks = document.blocks
    spans: dict[int, list[int]] = {}
    for block in blocks:
        if block.kind == BlockKind.TABLE_CELL and block.cell is not None:
            span = spans.setdefault(block.cell[0], [block.location.block, block.location.block])
            span[1] = block.location.block
    units = []
    prose = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
    for first, last in spans.values():
        start = first - 1 if first > 0 and blocks[first - 1].kind in prose else first
        end = last + 2 if last + 1 < len(blocks) and blocks[last + 1].kind in prose else last + 1
        units.append(Section(title="", level=9, start=start, end=end))
    return units


def _section_evidence(
    document: Document, sections: list[Section], matched_sections: list[tuple[Section, float]], per_block: dict[int, _Hits], weights: dict[str, float],
) -> list[Evidence]:
    """The evidence of each short article whatever its title: distinct
    signals from at least two of its paragraphs, summed (a clause set out in
    sub-paragraphs 10.1, 10.2, 10.3, none of which carries it alone). An
    article is short by its paragraphs: list items belong to the paragraph
    that leads into them (« Il incombe au Producteur : a) … b) … c) … »)."""
    headed = {id(section) for section, _ in matched_sections}
    kinds = [block.kind for block in document.blocks]
    candidates = []
    for section in sections:
        if id(section) in headed:
            continue
        # (A table counts as one paragraph: a grid of thresholds under « 6. Données » states one thing.)
        tables = {document.blocks[index].cell[0] for index in range(section.start, section.end)
                  if kinds[index] == BlockKind.TABLE_CELL and document.blocks[index].cell is not None}
        paragraphs = len(tables) + sum(1 for index in range(section.start, section.end)
                                     if kinds[index] not in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL) or document.blocks[index].cell is None)
        if paragraphs > SECTION_MAX_BLOCKS + 1:
            continue
        found: _Hits = {}
        for index in range(section.start, section.end):
            for sid, hit in per_block.get(index, {}).items():
                found.setdefault(sid, hit)
        blocks = sorted({hit[0] for hit in found.values()})
        if len(blocks) >= 2 and len(found) >= 2:
            candidates.append(Evidence(score=sum(weights[s] for s in found), signals=found, blocks=blocks))
    return candidates


def _spread_evidence(detection: Detection, per_block: dict[int, _Hits], weights: dict[str, float]) -> Evidence | None:
    """Evidence summed over the whole document, each signal once, when the
    family allows it (`spread_threshold`) and at least two blocks give it."""
    if detection.spread_threshold is None:
        return None
    spread: _Hits = {}
    for index in sorted(per_block):
        for sid, hit in per_block[index].items():
            spread.setdefault(sid, hit)
    blocks = sorted({hit[0] for hit in spread.values()})
    score = sum(weights[s] for s in spread)
    if len(blocks) >= 2 and score >= detection.spread_threshold:
        # Rescaled so that the common threshold applies.
        return Evidence(score=detection.threshold * score / detection.spread_threshold, signals=spread, blocks=blocks)
    return None


def _clause_locations(
    detection: Detection,
    document: Document,
    clause_blocks: list[int],
    matched_sections: list[tuple[Section, float]],
    per_block: dict[int, _Hits],
    weights: dict[str, float],
) -> tuple:
    """Up to three places of the clause, in distinct sections."""
    # A location is where the clause is, not a block holding one generic word of it.
    in_headed = {i for section, _ in matched_sections for i in range(section.start, section.end)}
    located = [i for i in clause_blocks if i in in_headed or sum(weights.get(sid, 0) for sid in per_block.get(i, {})) >= detection.threshold / 2]
    return _distinct_sections([_location(document, i) for i in located or clause_blocks])[:3]


def _clause_blocks(best: Evidence, candidates: list[Evidence], detection: Detection, sections: list[Section], document: Document) -> list[int]:
    """Every block that is part of the clause: the best evidence first, then
    every section under a matching heading and every block strong enough on
    its own, so that checks looking for a detail (a duration, a notice) see
    the whole clause."""
    spans = []
    for evidence in [best, *sorted(candidates, key=lambda e: -e.score)]:
        if evidence is best or (evidence.heading is None and evidence.score >= detection.threshold):
            spans.append(list(range(evidence.section.start, evidence.section.end)) if evidence.section else evidence.blocks)
    spans += [list(range(section.start, section.end)) for section in sections]
    ordered: list[int] = []
    for span in spans:
        ordered += [i for i in span if i not in ordered]
    out: list[int] = []
    for index in ordered:
        out += [i for i in _with_list(document, index) if i not in out]
    # A clause found by its words alone, in a short section, takes that section with it: the
    # review or the owner of indicators is often the next paragraph (« Un bilan est présenté
    # chaque semestre »). Not a passing mention in another article (« Résiliation »).
    if best.section is None and best.blocks:
        section = _innermost_section(document, best.blocks[0])
        if section is not None and section.end - section.start <= MAX_CLAUSE_SECTION_BLOCKS:
            out += [i for i in range(section.start + 1, section.end) if i not in out]
    return out


MAX_CLAUSE_SECTION_BLOCKS = 8


def _innermost_section(document: Document, index: int) -> Section | None:
    inside = [s for s in document.all_sections() if s.start < index < s.end]
    return min(inside, key=lambda s: s.end - s.start) if inside else None


def _with_list(document: Document, index: int) -> list[int]:
    """A list item with its lead-in and its sibling items: a clause written
    as « Les objectifs suivants, mesurés … : - … ; - … » is one clause."""
    blocks = document.blocks
    if blocks[index].kind != BlockKind.LIST_ITEM:
        return [index]
    first = index
    while first > 0 and blocks[first - 1].kind == BlockKind.LIST_ITEM:
        first -= 1
    # Only a list under a lead-in ending on a colon: numbered titles the
    # parser read as list items (« 11. Propriété intellectuelle ») are not one.
    if first == 0 or blocks[first - 1].kind != BlockKind.PARAGRAPH or not introduces_list(blocks[first - 1]):
        return [index]
    first -= 1
    last = index
    while last + 1 < len(blocks) and blocks[last + 1].kind == BlockKind.LIST_ITEM:
        last += 1
    return list(range(first, last + 1))


def _distinct_sections(locations: list[FindingLocation]) -> tuple[FindingLocation, ...]:
    """The first block of each section the clause spans."""
    seen, out = set(), []
    for location in locations:
        key = location.section or f"§{location.paragraph}"
        if key not in seen:
            seen.add(key)
            out.append(location)
    return tuple(out)


def _location(document: Document, index: int) -> FindingLocation:
    block = document.blocks[index]
    section = block.location.section[-1] if block.location.section else None
    if section and _TOC_LINE.search(section) and re.search(r"\.{3,}|…", section):
        section = None  # a table-of-contents line taken for a heading is no place to send a reader
    return FindingLocation(page=block.location.page, paragraph=block.location.paragraph, section=section)


def _quote(document: Document, index: int, span) -> str:
    text = document.blocks[index].text
    if span:
        excerpt = text[span[0] : span[1]]
    else:
        excerpt = text
    return excerpt if len(excerpt) <= 90 else excerpt[:87] + "…"


def _explain_present(best: Evidence, detection: Detection, document: Document) -> str:
    parts = []
    if best.heading:
        parts.append(f"heading « {best.heading} » (score {best.heading_score:.0f})")
    labels = {s.id: s.label for s in detection.signals} | {"heading-body": "text under the heading", "heading-prior": "a clause under a heading that names the family", "opening-section": "the contract's first article"}
    for sid, (index, span) in best.signals.items():
        parts.append(f"{labels[sid]}: « {_quote(document, index, span)} » (§{index + 1})")
    return f"evidence {best.score:g} ≥ {detection.threshold:g}: " + "; ".join(parts)


def _explain_missing(best: Evidence, best_heading, detection: Detection, document: Document) -> str:
    searched = ", ".join(f"« {h} »" for h in detection.headings[:6])
    labels = ", ".join(s.label for s in detection.signals[:6])
    text = f"searched headings {searched} (min score {detection.heading_min_score:g}) and clauses with: {labels}."
    score, phrase, section = best_heading
    if section is not None and score >= detection.heading_min_score:
        text += f" Heading « {section.title} » matches (score {score:.0f}) but its text does not carry the clause."
    elif section is not None and score > 0:
        text += f" Closest heading: « {section.title} », score {score:.0f} < {detection.heading_min_score:g}."
    if best.score > 0:
        index = best.blocks[0]
        first = next(iter(best.signals.values()))
        text += f" Closest clause: §{index + 1} « {_quote(document, index, first[1])} », evidence {best.score:g} < {detection.threshold:g}."
    else:
        text += " Nothing close was found."
    return text
