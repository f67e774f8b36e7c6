"""Runs the pack's rules. Each rule names one check kind from CHECKS; the kinds
are the closed set of matching primitives that rules combine.

Policy: stay silent unless confident. A check that cannot locate what it needs
(no clause, no parties block, no numbered articles) reports nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable, Iterable

from lint.checks.kinds import CheckKind, register
from lint.checks.excerpts import FormatFields, excerpt_span, highlight_span, phrase_suggestion, widen_to_words
from lint.checks.matching import BlockHits, SentenceScans, bounded, evaluate, may_hold, phrase_alternation
from lint.checks.presence import contents_blocks
from lint.model import Block, BlockKind, Document, Finding, FindingLocation, Severity
from lint.normalize import fold
from lint.nlp.durations import find_durations, post_term_months
from lint.nlp.identifiers import find_registrations
from lint.nlp.parties import Party, read_parties
from lint.nlp.sentences import sentence_bounds
from lint.nlp.languages import language
from lint.nlp.pipeline import fold_with_map, place_entities
from lint.parsers.base import ARTICLE_NUMBER, ARTICLE_WORD, article_number, numbering_level
from lint.ruleset.loader import Rule, RulePack, RuleText

MAX_EXCERPT = 300
ANCHOR_MIN_WORDS = 8
MAX_NER_BLOCKS = 12


@dataclass
class Context:
    pack: RulePack
    document: Document
    scanned: list[BlockHits]
    by_index: dict[int, BlockHits]
    clauses: dict[str, list[int]]
    lang: str
    config: object
    bank: object = None
    profile: str | None = None
    clause_scores: dict[str, float] | None = None
    # Blocks that are never a clause: definitions entries, table-of-contents
    # lines and template instructions; no rule reads them.
    excluded: frozenset[int] = frozenset()
    # The document's sentence scans, shared with clause detection (lint.checks.matching.SentenceScans).
    sentence_scans: SentenceScans | None = None

    @cached_property
    def parties(self) -> list[Party]:
        """The parties of the comparution and signature blocks (lint.nlp.parties),
        read once for every rule that asks."""
        return read_parties([result.block.text for result in self.scanned], self.lang)

    def sentences(self, result: BlockHits) -> list[tuple[int, int, dict]]:
        """The block's sentences with their own matches, for checks whose
        conditions must hold together in one sentence."""
        if self.sentence_scans is None:
            self.sentence_scans = SentenceScans(self.bank)
        return self.sentence_scans(result)

    @cached_property
    def contents(self) -> set[int]:
        """The table of contents' blocks (lint.checks.presence.contents_blocks), read once."""
        return contents_blocks(self.document, self.pack.document_parts(self.lang))


@functools.lru_cache(maxsize=8)
def _anaphora(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A sentence whose subject points back to the one before, by the language's
    words (DocumentParts.anaphora): « Elles s'appliquent … », « Cette obligation … »."""
    if not words:
        return None
    # (After a sub-clause's number too: « 7.2 Cette obligation perdure … ».)
    return re.compile(r"\W*(?:\d{1,3}(?:\.\d{1,3})*\.?\)?\s+)?(?:" + phrase_alternation(words) + r")\b", re.I)


def _points_back(ctx: Context, text: str, start: int) -> bool:
    pattern = _anaphora(ctx.pack.document_parts(ctx.lang).anaphora)
    # (Folded: the words are kept without accents; 60 characters hold any of them.)
    return bool(pattern and pattern.match(fold(text[start : start + 60])))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence(s) holding [start, end), as an exact slice of
    text on word boundaries; a long sentence is cut to the clause at fault."""
    bounds = sentence_bounds(text)
    left = next((a for a, b in reversed(bounds) if a <= start), 0)
    right = next((b for a, b in bounds if b >= end), len(text))
    return excerpt_span(text, (left, right), (start, end), MAX_EXCERPT)


def make_finding(ctx: Context, rule: Rule, text: RuleText, index: int | None, span=None, message: str | None = None, **fmt) -> Finding:
    excerpt, location, context, highlight = "", FindingLocation(), "", None
    suggestion = text.suggestion
    if index is not None:
        block = ctx.document.blocks[index]
        whole = span is None
        if whole:
            span = (0, len(block.text))
        left, right = sentence_around(block.text, *span)
        excerpt = block.text[left:right]
        context = block.text
        if not whole:
            highlight = highlight_span(block.text, span, (left, right))
            start, end = widen_to_words(block.text, *span)
            phrase = block.text[start:end].strip()
            fmt.setdefault("phrase", phrase)
            suggestion = phrase_suggestion(rule.options.get("phrase_suggestions", {}).get(ctx.lang), phrase) or suggestion
        location = FindingLocation(
            page=block.location.page,
            paragraph=block.location.paragraph,
            section=block.location.section[-1] if block.location.section else None,
        )
    template = message or text.message
    return Finding(
        rule=rule.name,
        code=rule.code,
        clause=rule.family or "document",
        severity=Severity(rule.severity),
        message=template.format_map(FormatFields(fmt)) if fmt else template,
        location=location,
        excerpt=excerpt,
        suggestion=suggestion.format_map(FormatFields(fmt)) if fmt and "{" in suggestion else suggestion,
        reference=text.basis or rule.docs.basis,
        context=context,
        highlight=highlight,
    )


def _scope_blocks(ctx: Context, rule: Rule) -> list[BlockHits]:
    if rule.scope == "document" or rule.family in (None, "document"):
        return [b for b in ctx.scanned if b.block.location.block not in ctx.excluded]
    return _family_blocks(ctx, rule.family)


def _family_blocks(ctx: Context, family: str) -> list[BlockHits]:
    """The blocks of the family's clause that rules may read."""
    return [ctx.by_index[i] for i in ctx.clauses.get(family, []) if i in ctx.by_index and i not in ctx.excluded]


def _not_excepted(unless, result: BlockHits) -> bool:
    """The block is not one the rule's `unless` sets aside."""
    return unless is None or not evaluate(unless, result.hits)[0]


# --- check kinds --------------------------------------------------------------


def check_clause_lacks(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """The family's clause exists (and `when` holds in it) but nothing in it
    matches `match`."""
    blocks = [b for b in _scope_blocks(ctx, rule) if b.block.kind != BlockKind.HEADING]
    if not blocks:
        return []
    if (ctx.clause_scores or {}).get(rule.family, 0) < float(rule.options.get("min_clause_score", 0)):
        return []  # a passing mention, not a clause worth checking in detail
    if rule.options.get("same_sentence") and text.when is not None:
        return _lacks_in_sentence(ctx, rule, text, blocks)
    if rule.options.get("match_anywhere") and any(evaluate(text.match, b.hits)[0] for b in ctx.scanned):
        return []
    blocks_when = blocks if text.when is None else [b for b in blocks if evaluate(text.when, b.hits)[0]]
    if not blocks_when:
        return []
    # A restriction that says it has no limit is reported where it says so,
    # whatever another restriction of the same clause provides.
    stated = [b for b in blocks_when if text.stated_lack is not None and evaluate(text.stated_lack, b.hits)[0] and _not_excepted(text.unless, b)]
    if stated:
        return [make_finding(ctx, rule, text, stated[0].block.location.block, evaluate(text.stated_lack, stated[0].hits)[1])]
    if text.when is not None:
        # Quote a sentence, not a table header or a label.
        anchor = next((b for b in blocks_when if len(b.block.text.split()) >= ANCHOR_MIN_WORDS), blocks_when[0])
    else:
        # Quote a sentence of the clause, not a fragment left by the layout.
        anchor = next((b for b in blocks if len(b.block.text.split()) >= ANCHOR_MIN_WORDS), blocks[0])
    if any(evaluate(text.match, b.hits)[0] for b in blocks):
        return []
    # The answer may sit in another article ("Durée des obligations"): look at
    # every block that names the subject before calling it missing.
    subject = text.subject_anywhere
    if subject:
        articles = _clause_articles(blocks)
        refers = language(ctx.lang).entities.find_references
        for b in ctx.scanned:
            if not _not_excepted(text.unless, b) or not evaluate(text.match, b.hits)[0]:
                continue
            # Named by its subject, or by its article's number (« Les obligations du § 2 demeurent trois ans »).
            if _subject(b, subject) or (articles and any(r.target in articles and not r.external for r in refers(b.block.text))):
                return []
    if text.unless is not None and any(evaluate(text.unless, b.hits)[0] for b in blocks):
        return []
    labels = rule.options.get("unless_entities")
    if labels and language(ctx.lang).has_ner:
        context = getattr(language(ctx.lang).entities, "PLACE_CONTEXT", None)
        places = place_entities([b.block.text for b in blocks[:MAX_NER_BLOCKS]], frozenset(labels), context)
        if any(not (text.not_a_place and text.not_a_place.fullmatch(fold(place))) for place in places):
            return []  # spaCy's NER finds what the lexicon missed (a place it does not list)
    span = evaluate(text.when, anchor.hits)[1] if text.when is not None else None
    return [make_finding(ctx, rule, text, anchor.block.location.block, span)]


def _lacks_in_sentence(ctx: Context, rule: Rule, text: RuleText, blocks: list[BlockHits]) -> list[Finding]:
    """`match` must hold in a sentence where `when` holds; silent if any does."""
    first = None
    for result, span, hits in _sentences_where(ctx, text.when, blocks, min_words=6):
        if evaluate(text.match, hits)[0]:
            return []
        first = first or (result, span)
    if first is None:
        return []
    subject = text.subject_anywhere
    # By block number: `b not in blocks` compared whole BlockHits field by field (0.1 s on a 40-page contract).
    inside = {b.block.location.block for b in blocks}
    elsewhere = [b for b in ctx.scanned if b.block.location.block not in inside and b.block.kind != BlockKind.HEADING and subject and _subject(b, subject)]
    if any(evaluate(text.match, hits)[0] for _, _, hits in _sentences_where(ctx, text.when, elsewhere)):
        return []  # measured where the contract states its objectives elsewhere (« Article 3 – Objectifs »)
    return [make_finding(ctx, rule, text, first[0].block.location.block, first[1])]


def _sentences_where(ctx: Context, when, blocks: list[BlockHits], min_words: int = 0):
    """(block, span, sentence matches) for each sentence of `blocks` where
    `when` holds; a label shorter than `min_words` is not a statement."""
    for result in blocks:
        if not evaluate(when, result.hits)[0]:
            continue
        for left, right, hits in ctx.sentences(result):
            matched, span = evaluate(when, hits)
            if matched and len(result.block.text[left:right].split()) >= min_words:
                yield result, span, hits


_ARTICLE_TITLE = re.compile(rf"^\W*(?:{ARTICLE_WORD}|§)\s*({ARTICLE_NUMBER})(?![\w])", re.I)


def _clause_articles(blocks: list[BlockHits]) -> frozenset[str]:
    """The numbers of the articles that hold the clause (« 7 » for « Article 7 – Confidentialité »)."""
    return frozenset(m.group(1) for b in blocks for title in b.block.location.section if (m := _ARTICLE_TITLE.match(title)))


def _subject(result: BlockHits, pattern: re.Pattern[str]) -> bool:
    return pattern.search(result.folded) is not None


def check_wording(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A risky wording: one finding per block where `match` holds (and `when`
    holds, and `unless` does not).

    Options: `page_furniture` also reads running headers and footers;
    `group_repeats` makes one finding per distinct wording (a template blank
    repeated thirty times), with the count and the first places in
    `repeat_message`; `party_kinds` keeps the rule silent unless a party of the
    comparution is of one of those kinds."""
    party_kinds = rule.options.get("party_kinds")
    concerned = [p for p in ctx.parties if p.source == "comparution" and p.kinds & set(party_kinds)] if party_kinds else []
    if party_kinds and not concerned:
        return []  # the wording is a risk only when such a party signs (a non-merchant)
    findings = []
    limit = int(rule.options.get("max_per_document", 20))
    grouped = bool(rule.options.get("group_repeats"))
    groups: dict[str, list] = {}  # folded wording → [first finding, count, paragraphs]
    kinds = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.HEADING}
    blocks = list(_scope_blocks(ctx, rule))
    if rule.options.get("page_furniture"):
        kinds |= {BlockKind.HEADER, BlockKind.FOOTER}
        furniture = [b for b in ctx.document.blocks if b.kind in (BlockKind.HEADER, BlockKind.FOOTER)]
        if furniture and ctx.bank is not None:
            blocks = sorted([*blocks, *ctx.bank.scan(furniture)], key=lambda r: r.block.location.block)
    # A block holding none of the literals and phrases `match` needs is ruled out by one `&`.
    requirement = ctx.bank.requirement((text.match,)) if ctx.bank is not None else None
    for position, result in enumerate(blocks):
        if result.block.kind not in kinds:
            continue
        if (requirement is not None and not requirement.may_hold(result)) or not may_hold(text.match, result.hits):
            continue
        # match, when and unless must hold together in one sentence;
        # `unless_near` may also hold in the sentence before or after (« La
        # Revente est une violation grave. En cas de Revente, … résilier
        # immédiatement. », « … à tout moment. Elle prend effet à la fin du mois. »).
        sentences = ctx.sentences(result)
        # `when_before`: a sentence whose subject points back may take it from the sentences before
        # (« … ne pas divulguer les Informations Confidentielles. … Elles s'appliquent … sans limitation de durée. »).
        before = int(rule.options.get("when_before", 0))
        # `when_lead_in`: a list item completes its lead-in's sentence, which may hold `when`
        # (« Le Prestataire s'engage à : » then « c) livrer …, dans la mesure du possible »).
        lead_in = bool(rule.options.get("when_lead_in")) and text.when is not None and bool(result.inherited) and evaluate(text.when, result.inherited)[0]
        # (A sub-clause that points back reaches the one before it in its article:
        # « 7.1 … ne pas divulguer … » then « 7.2 Cette obligation perdure sans limite dans le temps ».)
        section = result.block.location.section
        previous = [b for b in blocks[max(0, position - before) : position] if b.block.location.section == section and b.block.kind != BlockKind.HEADING] if before else []
        for k, (left, right, hits) in enumerate(sentences):
            matched, span = evaluate(text.match, hits)
            reach = before if before and _points_back(ctx, result.block.text, left) else 0
            when_held = (
                text.when is None
                or lead_in
                or any(evaluate(text.when, near)[0] for _, _, near in sentences[max(0, k - reach) : k + 1])
                or (reach > k and any(evaluate(text.when, b.hits)[0] for b in previous))
            )
            if not matched or not when_held:
                continue
            if text.unless is not None and evaluate(text.unless, hits)[0]:
                continue
            if text.unless_near is not None and any(evaluate(text.unless_near, near)[0] for _, _, near in sentences[max(0, k - 1) : k + 2]):
                continue
            if concerned and _at_their_place(text.party_place, fold(result.block.text[left:right]), concerned):
                continue
            if not grouped:
                findings.append(make_finding(ctx, rule, text, result.block.location.block, span))
                break
            for found in _all_spans(text.match, result.block.text, left, right) or [span]:
                start, end = widen_to_words(result.block.text, *found)
                # Blanks of any length are one wording: « ____ » and « ________ », « ……. » and « ……….. ».
                key = _REPEATED_CHARACTER.sub(r"\1\1\1", " ".join(fold(result.block.text[start:end]).replace("…", "...").split()))
                if key in groups:
                    groups[key][1] += 1
                    groups[key][2].append(result.block.location)
                elif len(groups) < limit:
                    groups[key] = [make_finding(ctx, rule, text, result.block.location.block, found), 1, [result.block.location]]
        if not grouped and len(findings) >= limit:
            break
    if grouped:
        repeat = rule.options.get("repeat_message", {}).get(ctx.lang)
        for finding, count, places in groups.values():
            if count > 1 and repeat:
                distinct = list(dict.fromkeys(_place(loc) for loc in places))
                shown = ", ".join(distinct[:3]) + (", …" if len(distinct) > 3 else "")
                message = repeat.format_map(FormatFields(phrase=finding.marked[1], count=count, places=shown))
                finding = replace(finding, message=message, count=count)
            findings.append(finding)
    return findings


def _at_their_place(pattern: re.Pattern[str] | None, sentence: str, parties) -> bool:
    """Whether the place the sentence names (a court's town) is where each of
    `parties` is based, as its description says: a court at their own seat
    takes nothing from them."""
    place = pattern.search(sentence) if pattern is not None else None
    if place is None:
        return False
    town = re.compile(rf"(?<![\w-]){re.escape(place.group('place'))}(?![\w-])")
    return all(town.search(fold(p.text)) for p in parties)


_REPEATED_CHARACTER = re.compile(r"(.)\1{3,}")


def _place(location) -> str:
    return f"§{location.paragraph}" + (f" p.{location.page}" if location.page is not None else "")


def _all_spans(node, block_text: str, left: int, right: int) -> list[tuple[int, int]]:
    """Every place a regex leaf of `node` matches in block_text[left:right],
    in order (`evaluate` keeps only the first span of each leaf)."""
    folded, index = fold_with_map(block_text[left:right])
    spans = set()
    for leaf in node.leaves():
        if leaf.op != "regex":
            continue
        for value in leaf.values:
            for match in bounded(value).finditer(folded):
                if match.end() > match.start():
                    spans.add((left + index[match.start()], left + index[match.end()]))
    # Overlapping matches of different patterns ("[nom]" and "[ nom ]") count once.
    out: list[tuple[int, int]] = []
    for span in sorted(spans):
        if out and span[0] < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], span[1]))
        else:
            out.append(span)
    return out


def check_duration_bound(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A post-contract duration in the clause is over the configured maximum."""
    maximum = ctx.config.threshold(rule.options["threshold"]) if "threshold" in rule.options else float(rule.options["max_months"])
    findings = []
    for result in _scope_blocks(ctx, rule):
        if text.when is not None and not evaluate(text.when, result.hits)[0]:
            continue
        block_text = result.block.text
        # With `when`, a duration counts in the sentence of the restriction or the next one that
        # points back to it (« Cette interdiction vaut deux ans »): in a long article mixing clauses,
        # « trois ans après son terme » may be the secrecy's period, not the restriction's.
        pieces = [(0, len(block_text))] if text.when is None else _restriction_sentences(ctx, result, text.when)
        best = None
        for left, right in pieces:
            months = post_term_months(block_text[left:right])
            if months is not None and months != float("inf") and (best is None or months > best[0]):
                best = (months, left, right)
        if best is None or best[0] <= maximum:
            continue
        months, left, right = best
        span = next(((left + d.start, left + d.end) for d in find_durations(block_text[left:right]) if d.months == months), None)
        findings.append(make_finding(ctx, rule, text, result.block.location.block, span, months=f"{months:g}", maximum=f"{maximum:g}"))
    return findings


def _restriction_sentences(ctx: Context, result: BlockHits, when) -> list[tuple[int, int]]:
    """The sentences where `when` holds, each with the next one when that one points back."""
    sentences = ctx.sentences(result)
    out = []
    for k, (left, right, hits) in enumerate(sentences):
        if evaluate(when, hits)[0]:
            out.append((left, right))
            if k + 1 < len(sentences) and _points_back(ctx, result.block.text, sentences[k + 1][0]):
                out.append(sentences[k + 1][:2])
    return out


def check_checklist(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """When `when` holds somewhere, every item must be found somewhere in the
    document; one finding lists the missing ones."""
    silent = text.silent_if_anywhere
    if silent and any(silent.search(r.folded) for r in ctx.scanned):
        return []  # the items live in another document the contract points to (a DPA)
    anchors = [r for r in ctx.scanned if r.block.location.block not in ctx.excluded and r.block.kind != BlockKind.HEADING and evaluate(text.when, r.hits)[0]]
    candidates = [r for r in anchors if not (text.unless and evaluate(text.unless, r.hits)[0])]
    if not candidates:
        return []
    # Quote the family's clause, not the parties' introduction that names a role.
    in_clause = {r.block.location.block for r in _scope_blocks(ctx, rule)}
    anchor = next((r for r in candidates if r.block.location.block in in_clause), candidates[0])
    # Items of a clause (an assignment's territory and duration) are looked for
    # in that clause; items that may sit anywhere (a DPA's annex) in the document.
    if rule.options.get("items_in_clause"):
        where = [r for a in anchors for r in _sub_article(ctx, a)]
    else:
        where = ctx.scanned
    missing = [label for label, node in text.items if not any(evaluate(node, r.hits)[0] for r in where)]
    minimum = int(rule.options.get("min_missing", 1))
    if len(missing) < minimum:
        return []
    span = evaluate(text.when, anchor.hits)[1]
    return [make_finding(ctx, rule, text, anchor.block.location.block, span, missing=" ; ".join(missing), count=len(missing))]


def _sub_article(ctx: Context, anchor: BlockHits) -> list[BlockHits]:
    """The anchor and the rest of the article or sub-article it belongs to:
    up to the next number of the same or a higher level (« 8.4. » after
    « 8.3. », « Article 5 » after a paragraph of Article 4), with its lead-in,
    list items and inner sub-headings."""
    depth = numbering_level(anchor.block.text)
    back = anchor.block.location.block
    while not depth and back > 0:
        # An unnumbered paragraph or list item belongs to the numbered block above it.
        back -= 1
        depth = numbering_level(ctx.document.blocks[back].text)
    depth = depth or 1
    out = [anchor]
    for index in range(anchor.block.location.block + 1, len(ctx.document.blocks)):
        block = ctx.document.blocks[index]
        level = numbering_level(block.text) if block.kind != BlockKind.LIST_ITEM else 0
        if level and level <= depth:
            break
        if index in ctx.by_index:
            out.append(ctx.by_index[index])
    return out


def check_conditional(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """When `when` holds in the document, `match` must hold somewhere too. The
    finding quotes the family's clause, or with `quote_trigger` the block
    where `when` holds (the promise that lacks its detail)."""
    def holds(result: BlockHits) -> bool:
        return evaluate(text.when, result.hits)[0] and not (text.unless and evaluate(text.unless, result.hits)[0])

    anchor = next((r for r in ctx.scanned if r.block.location.block not in ctx.excluded and r.block.kind != BlockKind.HEADING and holds(r)), None)
    # `table_rows`: a table's row, each cell under its column's header, reads as one statement
    # (« Disponibilité du tableau de bord ; Objectif : 99,9 % ») for `when`, and its cells alone for `match`.
    rows, plain_rows = _table_rows(ctx) if rule.options.get("table_rows") else ([], [])
    row_anchor = None if anchor is not None else next((row for row in rows if holds(row[0])), None)
    if (anchor is None and row_anchor is None) or any(evaluate(text.match, r.hits)[0] for r in [*ctx.scanned, *plain_rows]):
        return []
    if row_anchor is not None:
        row, cells = row_anchor
        start, end = evaluate(text.when, row.hits)[1]
        # Quote the cell where the statement ends (the rate), within that cell's own text.
        index, left, right = next(((i, a, b) for i, a, b in cells if a < end <= b), cells[-1])
        return [make_finding(ctx, rule, text, index, (max(start, left) - left, min(end, right) - left))]
    span = evaluate(text.when, anchor.hits)[1]
    # Quote the family's clause where the missing detail belongs (the forum
    # chosen without a law), when there is one, rather than the fact that
    # calls for it (a foreign party's description).
    clause = [] if rule.options.get("quote_trigger") else [b for b in _family_blocks(ctx, rule.family) if b.block.kind != BlockKind.HEADING]
    if clause:
        return [make_finding(ctx, rule, text, clause[0].block.location.block, None)]
    return [make_finding(ctx, rule, text, anchor.block.location.block, span)]


def _table_rows(ctx: Context) -> tuple[list[tuple[BlockHits, list[tuple[int, int, int]]]], list[BlockHits]]:
    """A document's table rows, scanned two ways. For `when`: each value of a
    row below the first, under its column's header and after the row's own
    label, « Objectif : Disponibilité du standard : 99,7 % », with the block
    index and span of both cells in that text. For `match`: every row's cells
    alone, since a header names a column and states nothing of a row
    (« Mode de calcul » over « pourcentage de disponibilité » measures
    nothing). Rows with an excluded cell are left out."""
    if ctx.bank is None:
        return [], []
    tables: dict[int, dict[int, dict[int, Block]]] = {}
    for block in ctx.document.blocks:
        if block.kind == BlockKind.TABLE_CELL and block.cell is not None:
            table, row, column = block.cell
            tables.setdefault(table, {}).setdefault(row, {})[column] = block
    labelled, spans, plain = [], [], []
    for rows in tables.values():
        header = rows[min(rows)]
        for number, cells in sorted(rows.items()):
            if any(b.location.block in ctx.excluded for b in cells.values()):
                continue
            ordered = [block for _, block in sorted(cells.items())]
            plain.append(Block(kind=BlockKind.PARAGRAPH, text=_CELL_SEPARATOR.join(b.text for b in ordered), level=0, location=ordered[0].location))
            if number == min(rows):
                continue
            name = ordered[0]
            for column, value in sorted(cells.items())[1:]:
                label = header[column].text.strip() if column in header else ""
                prefix = f"{label}{_LABEL_SEPARATOR}" if label and label != value.text.strip() else ""
                at = len(prefix) + len(name.text) + len(_LABEL_SEPARATOR)
                labelled.append(Block(kind=BlockKind.PARAGRAPH, text=f"{prefix}{name.text}{_LABEL_SEPARATOR}{value.text}", level=0, location=value.location))
                spans.append([(name.location.block, len(prefix), len(prefix) + len(name.text)), (value.location.block, at, at + len(value.text))])
    return list(zip(ctx.bank.scan(labelled), spans)), ctx.bank.scan(plain)


_LABEL_SEPARATOR = " : "
_CELL_SEPARATOR = " ; "


def check_party_identification(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A company party (or a sole trader saying it is registered) described in
    the comparution without SIREN, RCS or a blank left for one, or a number
    failing its checksum. Individuals, associations, public bodies, foreign
    companies and companies named elsewhere (hosts, sub-processors) are not
    checked; no comparution, no finding."""
    findings = []
    for party in ctx.parties:
        if party.source != "comparution" or not _needs_registration(party):
            continue
        result = ctx.scanned[party.block]
        findings.append(make_finding(ctx, rule, text, result.block.location.block, (party.start, min(party.end, len(result.block.text)))))
    for result in ctx.scanned:
        for registration in find_registrations(result.block.text):
            if registration.country == "FR" and registration.valid is False and registration.kind in ("siren", "siret", "rcs", "rne", "rm"):
                message = rule.options.get("checksum_message", {}).get(ctx.lang, text.message)
                findings.append(
                    make_finding(ctx, rule, text, result.block.location.block, (registration.start, registration.end), message=message, number=registration.text)
                )
    return findings


def _needs_registration(party: Party) -> bool:
    if party.identified or party.foreign or not party.described:
        return False
    if party.kind == "company":
        return True
    return party.kind == "sole-trader" and party.registered_claim


def check_dangling_reference(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """References to an article or annex of this document that it does not
    have. Silent when unsure: another document's article, a document without
    numbering of its own, a number inside a gap (see lint.nlp.references)."""
    # Page furniture and bare numbers in table cells (row numbers, quantities) are not article numbers.
    # A contents list may name articles the body dropped (« Article 15 – Médiation ..... 9 »).
    analysers = language(ctx.lang).entities
    toc = ctx.contents
    numbering = analysers.Numbering.collect(
        block.text
        for block in ctx.document.blocks
        if block.kind not in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.FOOTNOTE)
        and not (block.kind == BlockKind.TABLE_CELL and block.text.strip().rstrip(".").isdigit())
        and block.location.block not in toc
    )
    title = next((fold(b.text) for b in ctx.document.blocks if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER)), "")
    amendment = text.amends_another is not None and text.amends_another.search(title) is not None
    findings = []
    for result in ctx.scanned:
        if result.block.kind == BlockKind.HEADING:
            continue
        block_text = result.block.text
        for ref in analysers.find_references(block_text):
            if numbering.resolves(ref) is not False or (amendment and not ref.own):
                continue
            # "prévues par le RGPD, notamment aux articles 44 à 50"; a law's annex names its law
            # ("l'annexe II du règlement"), so a bare "annexe 4" beside "l'article 28 du RGPD" is the contract's.
            if not ref.own and ref.kind != "annex" and analysers.mentions_law(block_text):
                continue
            findings.append(make_finding(ctx, rule, text, result.block.location.block, (ref.start, ref.end), target=ref.text))
    # A contents line announcing an article the body does not have (« Art. 14 – Non-sollicitation ..... 9 »)
    # promises a clause the reader will not find.
    # (An entry opens on its article's number, which in the body would be a heading, not a reference.)
    # One finding names them all: a contents list that outlived its articles is one defect.
    announced = [
        (index, ref)
        for index in sorted(toc)
        for ref in analysers.find_references(ctx.document.blocks[index].text)
        if numbering.resolves(replace(ref, heading=False)) is False and not (amendment and not ref.own)
    ]
    if announced:
        index, first = announced[0]
        names = [ref.text for _, ref in announced]
        target = ", ".join(names[:MAX_NAMED_TARGETS]) + (", …" if len(names) > MAX_NAMED_TARGETS else "")
        findings.append(make_finding(ctx, rule, text, index, (first.start, first.end), target=target))
    return findings


MAX_NAMED_TARGETS = 5


MIN_NUMBERED_ARTICLES = 4


def check_numbering_gap(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """Top-level article headings numbered out of sequence: a number skipped
    (12 then 14) or repeated. A restart at 1 is a new part (general then
    particular terms); contents lines are not headings; a document with few
    numbered articles is left alone."""
    toc = ctx.contents
    numbered = [
        (block.location.block, n)
        for block in ctx.document.blocks
        if block.kind == BlockKind.HEADING and block.location.block not in toc and (n := article_number(block.text)) is not None
    ]
    if len(numbered) < MIN_NUMBERED_ARTICLES:
        return []
    # A number the headings skip may open a paragraph the parser did not take for a heading
    # (a long title, « 8. Actualisations régulières de notre Site et de notre Service »).
    numbering = language(ctx.lang).entities.Numbering.collect(block.text for block in ctx.document.blocks if block.location.block not in toc)
    elsewhere = {int(a) for a in numbering.articles if a.isdigit()}
    findings = []
    for (_, previous), (index, number) in zip(numbered, numbered[1:]):
        skipped = number > previous + 1 and not any(n in elsewhere for n in range(previous + 1, number))
        if number == previous or skipped:
            block = ctx.document.blocks[index]
            findings.append(make_finding(ctx, rule, text, index, (0, len(block.text)), previous=previous, number=number))
    return findings[: int(rule.options.get("max_per_document", 3))]


def _spans_found(ctx: Context, rule: Rule, text: RuleText, finder: str) -> list[Finding]:
    """One finding per span the language's analyser `finder` returns in a block
    (a language without that analyser has no such finding)."""
    find = getattr(language(ctx.lang).entities, finder, None)
    if find is None:
        return []
    return [make_finding(ctx, rule, text, result.block.location.block, span) for result in ctx.scanned for span in find(result.block.text)]


def check_amount_mismatch(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    return _spans_found(ctx, rule, text, "find_amount_mismatches")


def check_share_total(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    return _spans_found(ctx, rule, text, "find_share_mismatches")


def check_weekday(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    return _spans_found(ctx, rule, text, "find_wrong_weekdays")


def check_tax_total(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    return _spans_found(ctx, rule, text, "find_tax_mismatches")


def check_unused_definition(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    """A term the contract defines (`defined_term`, in the language's wording)
    that no other block uses, in the singular or the plural. Read on folded
    text, so a lowercase use counts: the rule errs towards silence."""
    if text.defined_term is None:
        return []
    # The body's folded text comes from the scan; footnotes may use a term too.
    folded = [(result.block, result.folded) for result in ctx.scanned]
    folded += [(b, fold(b.text)) for b in ctx.document.blocks if b.kind == BlockKind.FOOTNOTE]
    whole = "\n".join(low for _, low in folded)
    findings = []
    listed = False  # inside the items of a definitions lead-in
    for block, low in folded:
        entry = text.defined_term.search(low)
        if block.kind != BlockKind.LIST_ITEM:
            # A lead-in ends on a colon; a heading (« 1. Définitions ») needs none.
            ends_a_lead_in = low.rstrip().endswith(":") or block.kind == BlockKind.HEADING
            listed = text.definitions_lead_in is not None and ends_a_lead_in and text.definitions_lead_in.search(low) is not None
        elif entry is None and listed and text.defined_item is not None:
            # Its terms in bold, lost to the text, not in quotes: « Portail Partenaire : l'espace … ».
            entry = text.defined_item.search(low)
        if entry is None:
            continue
        term = _OPTIONAL_ENDING.sub("", entry.group("term").strip())
        if len(term) < MIN_DEFINED_TERM:
            continue
        # Each word in the singular or the plural: « Prestations de Service » is used as « prestation de service ».
        words = (re.escape(w[:-1]) + "[sx]?" if len(w) > 3 and w[-1] in "sx" else re.escape(w) + "[sx]?" for w in term.split())
        body = r"\s+".join(words) + r"(?![\w-])"
        use, seek = re.compile(r"(?<![\w-])" + body), re.compile(body)
        # Used elsewhere: more uses in the whole text than in the entry's own block.
        if _count_matches(use, seek, whole) > _count_matches(use, seek, low):
            continue
        _, index = fold_with_map(block.text)
        start, end = entry.span("term")
        findings.append(make_finding(ctx, rule, text, block.location.block, (index[start], index[end]), term=block.text[index[start] : index[end]]))
        if len(findings) >= int(rule.options.get("max_per_document", 5)):
            break
    return findings


def _count_matches(pattern: re.Pattern[str], seek: re.Pattern[str], text: str) -> int:
    """len(pattern.findall(text)) for a pattern opening on a lookbehind, which
    the regex engine tries at every position of the whole contract: `seek`,
    the pattern without it, finds the candidates at C speed (it matches
    wherever the pattern does), and findall's order is kept (a match is
    never empty, the next is sought from its end)."""
    count, position = 0, 0
    while (candidate := seek.search(text, position)) is not None:
        match = pattern.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
        else:
            count, position = count + 1, match.end()
    return count


MIN_DEFINED_TERM = 3
# « affiliation(s) », « utilisateur(trice)s »: the optional ending of a defined term.
_OPTIONAL_ENDING = re.compile(r"\s*\((?:s|e|es|x|trice|trices|ice)\)\s*$")


def check_pending_revisions(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    if not ctx.document.metadata.has_pending_revisions:
        return []
    return [make_finding(ctx, rule, text, None)]


def check_presence(ctx: Context, rule: Rule, text: RuleText) -> list[Finding]:
    return []  # missing-clause findings come from the profile (lint.checks.profiles)


# The closed set of check kinds, each declared once. Rules combine them;
# adding a rule never needs code.
KINDS = register(
    CheckKind("presence", check_presence, "the profile requires the family but no clause was found (missing-clause)", options=("optional_text",)),
    CheckKind("clause-lacks", check_clause_lacks, "the family's clause exists but none of `match` is found in it",
              needs=("match",), options=("subject_anywhere", "match_anywhere", "same_sentence", "min_clause_score", "unless_entities")),
    CheckKind("wording", check_wording, "a risky wording, found anywhere in the family's clause (or the document)",
              needs=("match",), options=("max_per_document", "page_furniture", "group_repeats", "repeat_message", "phrase_suggestions", "party_kinds", "when_before", "when_lead_in")),
    CheckKind("duration-bound", check_duration_bound, "a duration in the clause is over `max_months`", options=("threshold", "max_months")),
    CheckKind("checklist", check_checklist, "when `when` matches, every item must be found; the finding lists those missing",
              needs=("when", "items"), options=("min_missing", "silent_if_anywhere", "items_in_clause")),
    CheckKind("conditional", check_conditional, "when `when` matches in the document, `match` must be found too", needs=("when", "match"),
              options=("quote_trigger", "table_rows")),
    CheckKind("party-identification", check_party_identification, "a French company party lacks a registration number, or one fails its checksum",
              options=("checksum_message",)),
    CheckKind("dangling-reference", check_dangling_reference, "an internal reference to an article or annex that the document does not have", options=("amends_another",)),
    CheckKind("amount-mismatch", check_amount_mismatch, "an amount written in words disagrees with its figures"),
    CheckKind("share-total", check_share_total, "the shares of a split stated in one sentence do not total 100 %"),
    CheckKind("weekday", check_weekday, "a date is given with a weekday that is not its own"),
    CheckKind("tax-total", check_tax_total, "an amount before tax and after tax stated together differ by no tax rate of the country"),
    CheckKind("unused-definition", check_unused_definition, "a term the contract defines is used nowhere else", options=("max_per_document",)),
    CheckKind("numbering-gap", check_numbering_gap, "top-level articles numbered out of sequence (a number skipped or repeated)", options=("max_per_document",)),
    CheckKind("pending-revisions", check_pending_revisions, "the file still holds unaccepted tracked changes"),
)
CHECKS: dict[str, Callable[[Context, Rule, RuleText], list[Finding]]] = {name: kind.function for name, kind in KINDS.items()}


def run_rules(
    pack: RulePack,
    document: Document,
    scanned: list[BlockHits],
    clauses: dict[str, list[int]],
    lang: str,
    config,
    profile: str | None = None,
    clause_scores: dict[str, float] | None = None,
    bank=None,
    excluded: frozenset[int] = frozenset(),
    sentences: SentenceScans | None = None,
) -> list[Finding]:
    ctx = Context(pack, document, scanned, {r.block.location.block: r for r in scanned}, clauses, lang, config, bank, profile, clause_scores,
                  excluded=frozenset(excluded), sentence_scans=sentences)
    findings: list[Finding] = []
    for rule in pack.rules:
        text = rule.text.get(lang)
        if text is None or rule.status == "deprecated" or (rule.profiles and profile not in rule.profiles):
            continue
        found = CHECKS[rule.check](ctx, rule, text)
        if found and text.certain is not None and rule.severity == "error" and not _clause_is_certain(ctx, rule, text):
            found = [replace(f, severity=Severity("warning"), message=f"{f.message} {text.uncertain_note}") for f in found]
        findings.extend(found)
    return _dedupe(findings)


def _clause_is_certain(ctx: Context, rule: Rule, text: RuleText) -> bool:
    """Whether the clause says plainly what it is: `certain` matches in its
    text or in the heading of a section it sits in."""
    indices = ctx.clauses.get(rule.family, [])
    if any(i in ctx.by_index and evaluate(text.certain, ctx.by_index[i].hits)[0] for i in indices):
        return True
    titles = {ctx.document.blocks[i].location.section[-1] for i in indices if ctx.document.blocks[i].location.section}
    if not titles:
        return False
    template = ctx.document.blocks[indices[0]]
    scanned = ctx.bank.scan([replace(template, text=title) for title in sorted(titles)])
    return any(evaluate(text.certain, result.hits)[0] for result in scanned)


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen, out = set(), []
    for finding in findings:
        # Two wordings of one sentence (two different blanks) are two findings.
        key = (finding.rule, finding.location.paragraph, finding.excerpt, finding.highlight)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
