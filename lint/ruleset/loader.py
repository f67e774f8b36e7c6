"""Load and validate the rule packs in rules/ (and any extra folders).

A rule pack is one YAML file per clause family. It holds the family's
detection data (headings, weighted signals, vetoes) per language, and the
family's rules. `profiles.yml` says which families each contract type needs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from lint.normalize import fold
from lint.model import MISSING_RULE
from lint.nlp.languages import PRIMARY_LANGUAGE
from lint.packdata import LANGUAGE_FILE, builtin_rules_dir
from lint.ruleset.schema import (
    CHECK_KINDS,
    CHECK_NEEDS,
    ENTITY_KINDS,
    LANGUAGES,
    MATCHER_KEYS,
    SEVERITIES,
    STATUSES,
    RulePackError,
    expect_choice,
    expect_keys,
    expect_str_list,
    expect_type,
)
from lint.yaml_data import YAMLError, load_yaml

KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


# Every MatchNode built, by its fields (see MatchNode.__new__).
_NODES: dict[tuple, "MatchNode"] = {}


@dataclass(frozen=True, eq=False)
class MatchNode:
    """A boolean tree over leaves. Leaves are compiled by lint.checks.matching.

    Nodes are interned: building a node equal to one already built gives
    that one, so a node equals only itself and hashes by identity, at C
    speed. Matching looks leaves up in per-block dicts millions of times in
    a batch, and a hash computed in Python was a twentieth of an audit."""

    op: str  # phrases | patterns | regex | entity | all | any | not
    values: tuple = ()  # strings; spaCy patterns are kept as JSON text to stay hashable
    children: tuple["MatchNode", ...] = ()
    where: str = ""  # "file: key path", for error messages and explanations

    def __new__(cls, op: str, values: tuple = (), children: tuple = (), where: str = ""):
        key = (cls, op, values, children, where)
        node = _NODES.get(key)
        if node is None:
            node = _NODES[key] = super().__new__(cls)
        return node

    def __reduce__(self):
        # Unpickled through __new__, so a node from a stored pack is the one built here.
        return (type(self), (self.op, self.values, self.children, self.where))

    def leaves(self):
        if self.children:
            for child in self.children:
                yield from child.leaves()
        else:
            yield self


@dataclass(frozen=True)
class Signal:
    id: str
    weight: float
    match: MatchNode
    unless: MatchNode | None = None
    label: str = ""


@dataclass(frozen=True)
class Detection:
    headings: tuple[str, ...]
    heading_min_score: float
    heading_weight: float
    threshold: float
    signals: tuple[Signal, ...]
    veto: MatchNode | None = None
    # Headings under which nothing counts for the family.
    heading_veto: tuple[str, ...] = ()
    # When set, evidence summed over the whole document (each signal once,
    # from at least two blocks) also makes the family present at this score.
    spread_threshold: float | None = None
    # Extra weight for a section under a matching heading whose text says
    # something (at least BODY_MIN_WORDS words), whatever the wording.
    body_weight: float = 0.0
    # A heading that names the family on its own (the whole title or one of
    # its coordinated parts) makes the clause present, whatever the body's
    # wording, unless the body is empty, vetoed, or lacks `prior_needs`.
    prior_headings: tuple[str, ...] = ()
    prior_min_score: float | None = None
    prior_needs: MatchNode | None = None
    # A body that is only a pointer or says the clause does not apply: no prior.
    prior_veto: MatchNode | None = None
    # The family's own nouns (a regex alternation): a block stating them excluded,
    # before or after them, is vetoed (see _with_lexicon_vetoes).
    own_terms: str = ""
    # Definitions entries count as evidence (« "Prestataire" désigne X, SIRET … »
    # identifies a party), where for other families they are vocabulary only.
    reads_definitions: bool = False
    # A block that carries this family's clause on its own shows that another
    # family's heading over it misleads (« Non-concurrence » over a staff
    # no-hire). False for a family whose signals run through clauses of every
    # kind (a party's undertaking).
    contradicts_headings: bool = True
    # Evidence given by the contract's first article when its heading names
    # no family: it says what the contract is for, whatever its wording.
    opening_weight: float = 0.0
    # The family's heading names a part that comes before the first article
    # (« Les parties »), so the opening article is looked for after it.
    before_opening: bool = False


@dataclass(frozen=True)
class Family:
    id: str
    code: str
    title: dict[str, str]
    definition: str
    detection: dict[str, Detection]
    file: str
    # Codes the family had before a renumbering; they still select and ignore its rules.
    old_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleText:
    title: str
    message: str
    suggestion: str
    match: MatchNode | None = None
    when: MatchNode | None = None
    unless: MatchNode | None = None
    # For wording checks: wording that lifts the risk from the sentence before
    # or after (« La résiliation prend effet à la fin du mois. »).
    unless_near: MatchNode | None = None
    # For clause-lacks: wording that states the lack outright (« sans limitation
    # de durée »). A block where `when` and this hold is reported even when
    # another restriction of the same clause has what `match` asks for.
    stated_lack: MatchNode | None = None
    items: tuple[tuple[str, MatchNode], ...] = ()
    # Severity follows certainty: an error-level finding whose clause does not
    # match `certain` (in its text or headings) is reported as a warning, with
    # `uncertain_note` telling the reader what to check.
    certain: MatchNode | None = None
    uncertain_note: str = ""
    # The rule's documentation in this language, when it has its own (a
    # language folder's rule): legal basis and the executed fail/pass examples.
    basis: str = ""
    fail: str = ""
    passing: str = ""
    # Pattern options, in this language's wording, compiled at load
    # (PATTERN_OPTIONS): where else the clause's subject is named, and the
    # pointer that makes a checklist silent.
    subject_anywhere: re.Pattern[str] | None = None
    silent_if_anywhere: re.Pattern[str] | None = None
    # For dangling-reference: a title saying the document amends or applies
    # another contract (« Avenant n° 2 au contrat … »); its references are to
    # that contract's articles unless they say « du présent avenant ».
    amends_another: re.Pattern[str] | None = None
    # For a rule with `party_kinds`: the place a matched sentence names (a court's
    # town, group `place`); silent when each party of those kinds is based there.
    party_place: re.Pattern[str] | None = None
    # For unused-definition: a definitions entry, group `term` (« « Lot » : … », « « Lot » désigne … »).
    defined_term: re.Pattern[str] | None = None
    # For unused-definition: the lead-in of a list of definitions (« les termes suivants ont le sens … : »),
    # and the term of one of its items, unquoted, group `term` (« Portail Partenaire : l'espace … »).
    definitions_lead_in: re.Pattern[str] | None = None
    defined_item: re.Pattern[str] | None = None
    # For `unless_entities`: what the NER may tag as a place but never is, over
    # the folded entity (« du Client », « au Contrat »: a party's or the contract's name).
    not_a_place: re.Pattern[str] | None = None

    def matchers(self) -> tuple[MatchNode, ...]:
        """Every match tree of this block, for the matcher bank and the pack's tests."""
        nodes = (self.match, self.when, self.unless, self.unless_near, self.stated_lack, self.certain, *(n for _, n in self.items))
        return tuple(n for n in nodes if n is not None)


@dataclass(frozen=True)
class RuleDocs:
    why: str
    basis: str
    fail: str
    passing: str


@dataclass(frozen=True)
class Rule:
    name: str
    code: str
    family: str | None
    severity: str
    check: str
    options: dict[str, Any]
    text: dict[str, RuleText]
    docs: RuleDocs
    status: str = "stable"
    aliases: tuple[str, ...] = ()
    scope: str = "clause"  # where the check looks: the family's clause, or the whole document
    profiles: tuple[str, ...] = ()  # contract types the rule applies to; empty: all
    file: str = ""
    # Codes the rule had before a renumbering: configs, --select/--ignore and
    # `explain` written with them keep working.
    old_codes: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.old_codes)


@dataclass(frozen=True)
class ProfileFamily:
    severity: str | None  # None: optional, no finding when missing
    required: bool
    when: str | None = None  # a condition id: required only if it matches


@dataclass(frozen=True)
class Profile:
    id: str
    title: dict[str, str]
    title_phrases: dict[str, tuple[str, ...]]
    content: dict[str, MatchNode]
    families: dict[str, ProfileFamily]


@dataclass(frozen=True)
class ProfileDetection:
    """How a contract type is recognised (profiles.yml `profile_detection`)."""

    title_min_score: float
    content_min_blocks: int


@dataclass(frozen=True)
class Confidence:
    """How sure a clause status is (profiles.yml `confidence`)."""

    base: float
    scale: float
    cap: float
    present_offset: float


@dataclass(frozen=True)
class DocumentParts:
    """One language's words for the parts of a contract that hold no clause
    (document.yml `parts`), folded but for PARTS_KEYS_AS_WRITTEN: the titles of its table of contents,
    definitions, preamble and list of contract documents, each matched at
    the start of a heading, and the instructions that open a blank left in
    place of a clause (« [à compléter …] »). A language whose pack has no
    such block recognises none of them."""

    contents: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()
    contract_documents: tuple[str, ...] = ()
    blanks: tuple[str, ...] = ()
    # The title of a section that lists the clauses the parties chose not to
    # keep (« Clauses non retenues »): its entries are exclusions, no clause.
    waived: tuple[str, ...] = ()
    # What opens a table cell that names another document as the one that
    # governs its row (« CGS, article 11 », « Voir Annexe 2 »): the row's other
    # cells are pointers, no clause.
    governing_documents: tuple[str, ...] = ()
    # The words of a definitions entry (« X désigne … »), those that make
    # « X désigne Y comme … » an appointment instead, and those before the
    # verb that deny it (« l'Éditeur ne désigne aucun … »).
    definition_verbs: tuple[str, ...] = ()
    appointments: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    # The words that open a drafting note in parentheses or brackets
    # (« [Option : …] », « (préciser le lieu) »): no clause evidence.
    instructions: tuple[str, ...] = ()
    # The words opening a sentence whose subject points back to the one
    # before (« Elles s'appliquent … », « Cette obligation … »).
    anaphora: tuple[str, ...] = ()


NO_PARTS = DocumentParts()


@dataclass(frozen=True, eq=False)  # identity hash: the pack is cached and used as a cache key
class RulePack:
    families: tuple[Family, ...]
    rules: tuple[Rule, ...]
    profiles: dict[str, Profile]
    conditions: dict[str, dict[str, MatchNode]]
    default_profile: str
    version: str
    # Thresholds a user may set in clausier.toml ([thresholds]), with their defaults.
    thresholds: dict[str, float]
    profile_detection: ProfileDetection
    confidence: Confidence
    sources: tuple[str, ...] = field(default=())
    # Per language (document.yml `parts`).
    parts: dict[str, DocumentParts] = field(default_factory=dict)

    def document_parts(self, lang: str) -> DocumentParts:
        return self.parts.get(lang, NO_PARTS)

    def family(self, family_id: str) -> Family:
        for family in self.families:
            if family.id == family_id:
                return family
        raise KeyError(family_id)

    def rule(self, name: str) -> Rule:
        for rule in self.rules:
            if rule.name == name or name in rule.aliases or name in rule.codes:
                return rule
        raise KeyError(name)


# --- parsing helpers ---------------------------------------------------------

# Pack-wide numbers in profiles.yml (see _settings).
PACK_SETTINGS = ("thresholds", "profile_detection", "confidence")


# Regexes of the shipped pack are checked by the test suite (they all compile
# when tests/test_rule_pack_regexes.py runs), so the CLI does not compile each
# of them at start-up: that was 0.5 s of every cold audit. Packs a user adds
# (--rules DIR, playbooks) are checked as they load, with the file and key:
# the readers below take `check` (compile the regexes), from _shipped.
def _shipped(path: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(builtin_rules_dir().resolve())
    except OSError:
        return False


def _matcher(data: Any, file: str, where: str, check: bool) -> MatchNode:
    """The matcher written in `data`; its regexes are compiled when `check`."""
    if isinstance(data, list):  # a bare list is an "any" of nodes
        return MatchNode("any", children=tuple(_matcher(d, file, f"{where}[{i}]", check) for i, d in enumerate(data)), where=f"{file}: {where}")
    data = expect_keys(data, MATCHER_KEYS, set(), file, where)
    nodes = []
    for key, value in data.items():
        path = f"{where}.{key}"
        if key in ("phrases", "regex"):
            values = tuple(expect_str_list(value, file, path))
            if key == "regex" and check:
                for i, pattern in enumerate(values):
                    try:
                        re.compile(pattern)
                    except re.error as exc:
                        raise RulePackError(file, f"{path}[{i}]", f"invalid regular expression: {exc}") from None
            nodes.append(MatchNode(key, values=values, where=f"{file}: {path}"))
        elif key == "patterns":
            expect_type(value, list, file, path)
            for i, pattern in enumerate(value):
                expect_type(pattern, list, file, f"{path}[{i}]")
            _validate_spacy_patterns(value, file, path)
            nodes.append(MatchNode(key, values=tuple(json.dumps(p, ensure_ascii=False) for p in value), where=f"{file}: {path}"))
        elif key == "entity":
            entities = [value] if isinstance(value, str) else expect_str_list(value, file, path)
            for i, entity in enumerate(entities):
                expect_choice(entity, ENTITY_KINDS, file, f"{path}[{i}]")
            nodes.append(MatchNode("entity", values=tuple(entities), where=f"{file}: {path}"))
        elif key in ("all", "any"):
            expect_type(value, list, file, path)
            children = tuple(_matcher(v, file, f"{path}[{i}]", check) for i, v in enumerate(value))
            nodes.append(MatchNode(key, children=children, where=f"{file}: {path}"))
        elif key == "not":
            nodes.append(MatchNode("not", children=(_matcher(value, file, path, check),), where=f"{file}: {path}"))
        elif key == "near":
            raise RulePackError(file, path, "'near' is reserved and not implemented yet")
    if not nodes:
        raise RulePackError(file, where, "empty matcher")
    if len(nodes) == 1:
        return nodes[0]
    # Several keys in one mapping: any of them.
    return MatchNode("any", children=tuple(nodes), where=f"{file}: {where}")


@functools.lru_cache(maxsize=1)
def _pattern_validator():
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    return Matcher(Vocab(), validate=True)


def _validate_spacy_patterns(patterns: list, file: str, where: str) -> None:
    matcher = _pattern_validator()
    for i, pattern in enumerate(patterns):
        try:
            matcher.add(f"check-{i}", [pattern])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError with details
            raise RulePackError(file, f"{where}[{i}]", f"invalid spaCy pattern: {str(exc).strip()[:300]}") from None
        finally:
            if f"check-{i}" in matcher:
                matcher.remove(f"check-{i}")


def _lang_map(data: Any, file: str, where: str) -> dict[str, str]:
    data = expect_keys(data, set(LANGUAGES), set(), file, where)
    for lang, text in data.items():
        expect_type(text, str, file, f"{where}.{lang}")
    return dict(data)


def _detection(data: Any, file: str, where: str, check: bool) -> Detection:
    keys = {"headings", "heading_min_score", "heading_weight", "body_weight", "threshold", "spread_threshold", "signals", "veto", "heading_veto", "prior_headings", "prior_min_score", "prior_needs", "prior_veto", "reads_definitions", "contradicts_headings", "opening_weight", "before_opening", "own_terms"}
    data = expect_keys(data, keys, {"headings", "signals", "threshold"}, file, where)
    signals = []
    seen = set()
    for i, item in enumerate(expect_type(data["signals"], list, file, f"{where}.signals")):
        path = f"{where}.signals[{i}]"
        item = expect_keys(item, {"id", "weight", "match", "unless", "label"}, {"id", "weight", "match"}, file, path)
        if item["id"] in seen:
            raise RulePackError(file, f"{path}.id", f"duplicate signal id {item['id']!r}")
        seen.add(item["id"])
        signals.append(
            Signal(
                id=expect_type(item["id"], str, file, f"{path}.id"),
                weight=float(expect_type(item["weight"], (int, float), file, f"{path}.weight")),
                match=_matcher(item["match"], file, f"{path}.match", check),
                unless=_matcher(item["unless"], file, f"{path}.unless", check) if "unless" in item else None,
                label=expect_type(item.get("label", item["id"]), str, file, f"{path}.label"),
            )
        )
    return Detection(
        headings=tuple(expect_str_list(data["headings"], file, f"{where}.headings")),
        heading_min_score=float(expect_type(data.get("heading_min_score", 88), (int, float), file, f"{where}.heading_min_score")),
        heading_weight=float(expect_type(data.get("heading_weight", 2), (int, float), file, f"{where}.heading_weight")),
        threshold=float(expect_type(data["threshold"], (int, float), file, f"{where}.threshold")),
        signals=tuple(signals),
        veto=_matcher(data["veto"], file, f"{where}.veto", check) if "veto" in data else None,
        heading_veto=tuple(expect_str_list(data.get("heading_veto", []), file, f"{where}.heading_veto")),
        body_weight=float(expect_type(data.get("body_weight", 0), (int, float), file, f"{where}.body_weight")),
        spread_threshold=float(expect_type(data["spread_threshold"], (int, float), file, f"{where}.spread_threshold")) if "spread_threshold" in data else None,
        prior_headings=tuple(expect_str_list(data.get("prior_headings", []), file, f"{where}.prior_headings")),
        prior_min_score=float(expect_type(data["prior_min_score"], (int, float), file, f"{where}.prior_min_score")) if "prior_min_score" in data else None,
        prior_needs=_matcher(data["prior_needs"], file, f"{where}.prior_needs", check) if "prior_needs" in data else None,
        prior_veto=_matcher(data["prior_veto"], file, f"{where}.prior_veto", check) if "prior_veto" in data else None,
        reads_definitions=expect_type(data.get("reads_definitions", False), bool, file, f"{where}.reads_definitions"),
        opening_weight=float(expect_type(data.get("opening_weight", 0), (int, float), file, f"{where}.opening_weight")),
        before_opening=expect_type(data.get("before_opening", False), bool, file, f"{where}.before_opening"),
        contradicts_headings=expect_type(data.get("contradicts_headings", True), bool, file, f"{where}.contradicts_headings"),
        own_terms=_compile_option(data["own_terms"], file, f"{where}.own_terms").pattern if "own_terms" in data else "",
    )


# Options that hold a regular expression over folded text, in a language's
# wording: allowed in a language block, compiled when the pack loads.
PATTERN_OPTIONS = ("subject_anywhere", "silent_if_anywhere", "amends_another", "party_place", "defined_term", "definitions_lead_in", "defined_item", "not_a_place")


def _compile_option(value: Any, file: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(expect_type(value, str, file, where))
    except re.error as exc:
        raise RulePackError(file, where, f"invalid regular expression: {exc}") from None


def _rule(data: Any, family: str | None, file: str, where: str, check: bool) -> Rule:
    keys = {"name", "code", "old_codes", "family", "severity", "check", "options", "docs", "status", "aliases", "scope", "profiles", *LANGUAGES}
    data = expect_keys(data, keys, {"name", "code", "severity", "check", "docs"}, file, where)
    name = expect_type(data["name"], str, file, f"{where}.name")
    if not KEBAB.match(name):
        raise RulePackError(file, f"{where}.name", f"{name!r} is not kebab-case")
    where = f"rules[{name}]"
    expect_choice(data["severity"], SEVERITIES, file, f"{where}.severity")
    expect_choice(data["check"], CHECK_KINDS, file, f"{where}.check")
    expect_choice(data.get("status", "stable"), STATUSES, file, f"{where}.status")
    expect_choice(data.get("scope", "clause"), ("clause", "document"), file, f"{where}.scope")
    docs = expect_keys(data["docs"], {"why", "basis", "fail", "pass"}, {"why", "basis", "fail", "pass"}, file, f"{where}.docs")
    for key in docs:
        expect_type(docs[key], str, file, f"{where}.docs.{key}")
    texts = {}
    for lang in LANGUAGES:
        if lang not in data:
            continue
        path = f"{where}.{lang}"
        block = expect_keys(data[lang], {"title", "message", "suggestion", "match", "when", "unless", "unless_near", "stated_lack", "items", "certain", "uncertain_note", *PATTERN_OPTIONS}, {"title", "message", "suggestion"}, file, path)
        if ("certain" in block) != ("uncertain_note" in block):
            raise RulePackError(file, f"{path}.certain", "'certain' and 'uncertain_note' go together")
        items = []
        for i, item in enumerate(block.get("items", [])):
            item = expect_keys(item, {"label", "match"}, {"label", "match"}, file, f"{path}.items[{i}]")
            items.append((expect_type(item["label"], str, file, f"{path}.items[{i}].label"), _matcher(item["match"], file, f"{path}.items[{i}].match", check)))
        texts[lang] = RuleText(
            title=expect_type(block["title"], str, file, f"{path}.title"),
            message=expect_type(block["message"], str, file, f"{path}.message"),
            suggestion=expect_type(block["suggestion"], str, file, f"{path}.suggestion"),
            match=_matcher(block["match"], file, f"{path}.match", check) if "match" in block else None,
            when=_matcher(block["when"], file, f"{path}.when", check) if "when" in block else None,
            unless=_matcher(block["unless"], file, f"{path}.unless", check) if "unless" in block else None,
            unless_near=_matcher(block["unless_near"], file, f"{path}.unless_near", check) if "unless_near" in block else None,
            stated_lack=_matcher(block["stated_lack"], file, f"{path}.stated_lack", check) if "stated_lack" in block else None,
            items=tuple(items),
            certain=_matcher(block["certain"], file, f"{path}.certain", check) if "certain" in block else None,
            uncertain_note=expect_type(block.get("uncertain_note", ""), str, file, f"{path}.uncertain_note"),
            **{key: _compile_option(block[key], file, f"{path}.{key}") for key in PATTERN_OPTIONS if key in block},
        )
    if not texts:
        raise RulePackError(file, where, f"a rule needs at least one language block ({', '.join(LANGUAGES)})")
    options = expect_type(data.get("options", {}), dict, file, f"{where}.options")
    # A pattern option written at rule level is French wording (the pack's
    # first language): it belongs to the French block, compiled like the others.
    for key in PATTERN_OPTIONS:
        if key in options and PRIMARY_LANGUAGE in texts and getattr(texts[PRIMARY_LANGUAGE], key) is None:
            texts[PRIMARY_LANGUAGE] = replace(texts[PRIMARY_LANGUAGE], **{key: _compile_option(options[key], file, f"{where}.options.{key}")})
    needs, allowed_options = CHECK_NEEDS[data["check"]]
    for key in options:
        if key not in allowed_options:
            raise RulePackError(file, f"{where}.options.{key}", f"unknown option for check {data['check']!r} (allowed: {', '.join(allowed_options) or 'none'})")
    if "threshold" in options:
        expect_choice(options["threshold"], tuple(shipped_thresholds()), file, f"{where}.options.threshold")
    for lang, text in texts.items():
        for need in needs:
            if not getattr(text, need):
                raise RulePackError(file, f"{where}.{lang}.{need}", f"check {data['check']!r} needs '{need}'")
    return Rule(
        name=name,
        code=expect_type(data["code"], str, file, f"{where}.code"),
        family=data.get("family", family),
        severity=data["severity"],
        check=data["check"],
        options=dict(options),
        text=texts,
        docs=RuleDocs(why=docs["why"], basis=docs["basis"], fail=docs["fail"], passing=docs["pass"]),
        status=data.get("status", "stable"),
        aliases=tuple(expect_str_list(data.get("aliases", []), file, f"{where}.aliases")),
        scope=data.get("scope", "clause"),
        profiles=tuple(expect_str_list(data.get("profiles", []), file, f"{where}.profiles")),
        file=file,
        old_codes=tuple(expect_str_list(data.get("old_codes", []), file, f"{where}.old_codes")),
    )


LEXICON_FILE = "lexicon.yml"
_CLASS_REF = re.compile(r"(?<!\\)\{\{([a-z][a-z0-9-]*)\}\}")


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        raise RulePackError(path.name, "(yaml)", str(exc).replace("\n", " ")) from None


def _load_lexicon(path: Path | None) -> dict[str, dict[str, str]]:
    """Word classes per language (restriction verbs, staff nouns…), each a
    list of regex alternatives; a rule regex names one as {{class-name}}."""
    if path is None:
        return {}
    return _load_lexicon_data(_read_yaml(path) or {}, path.name, not _shipped(path))


def _load_lexicon_data(data: Any, file: str, check: bool) -> dict[str, dict[str, str]]:
    data = expect_keys(data, set(LANGUAGES), set(), file, "")
    lexicon: dict[str, dict[str, str]] = {}
    for lang, classes in data.items():
        expect_type(classes, dict, file, lang)
        resolved: dict[str, str] = {}
        for name, alternatives in classes.items():
            where = f"{lang}.{name}"
            if not KEBAB.match(name):
                raise RulePackError(file, where, f"{name!r} is not kebab-case")
            values = expect_str_list(alternatives, file, where)
            # A class may use classes defined above it.
            values = [_expand_string(v, resolved, file, where) for v in values]
            pattern = "(?:" + "|".join(values) + ")"
            if check:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise RulePackError(file, where, f"invalid regular expression: {exc}") from None
            resolved[name] = pattern
        lexicon[lang] = resolved
    return lexicon


def _expand_string(value: str, classes: dict[str, str], file: str, where: str) -> str:
    def replace(match: re.Match) -> str:
        if match.group(1) not in classes:
            raise RulePackError(file, where, f"unknown word class {{{{{match.group(1)}}}}} (see {LEXICON_FILE})")
        return classes[match.group(1)]

    return _CLASS_REF.sub(replace, value)


def _expand_classes(data: Any, lexicon: dict[str, dict[str, str]], file: str, lang: str | None = None, where: str = "") -> Any:
    """Replace {{class}} references in every string below a language key."""
    if isinstance(data, dict):
        return {k: _expand_classes(v, lexicon, file, k if k in LANGUAGES else lang, f"{where}.{k}" if where else str(k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_expand_classes(v, lexicon, file, lang, f"{where}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, str) and lang is not None and "{{" in data:
        return _expand_string(data, lexicon.get(lang, {}), file, where)
    return data


# Word classes that veto a heading prior in every family unless it declares its own.
DEFAULT_PRIOR_VETO_CLASSES = ("pointer", "deferral", "empty-clause")
REQUIRED_PRIOR_VETO_CLASSES = ("pointer", "empty-clause")
# A family's own terms stated excluded, the stated exclusion before them or after them.
EXCLUSION_CLASSES = ("exclusion", "excluded-after")


def _with_lexicon_vetoes(detection: Detection, classes: dict[str, str], file: str) -> Detection:
    """The vetoes built from lexicon classes: the default prior veto, and the
    family's `own_terms` stated excluded (« aucune obligation de
    confidentialité n'est stipulée », « … la médiation est expressément exclue »),
    one shape for every family instead of a copy in each file."""
    if detection.prior_veto is None and all(c in classes for c in REQUIRED_PRIOR_VETO_CLASSES):
        # (A language's lexicon may lack a class of the default, « deferral »: the others still apply.)
        node = MatchNode("regex", values=tuple(classes[c] for c in DEFAULT_PRIOR_VETO_CLASSES if c in classes), where=f"{file}: prior_veto (lexicon)")
        detection = replace(detection, prior_veto=node)
    if detection.own_terms and all(c in classes for c in EXCLUSION_CLASSES):
        terms = detection.own_terms
        node = MatchNode("regex", values=(f"(?=[^.;]{{0,160}}{terms}){classes['exclusion']}", f"{terms}{classes['excluded-after']}"), where=f"{file}: veto (own terms excluded)")
        veto = node if detection.veto is None else MatchNode("any", children=(detection.veto, node), where=detection.veto.where)
        detection = replace(detection, veto=veto)
    return detection


# The file whose `parts` block holds, per language, the words of the parts of a
# contract that hold no clause (DocumentParts): beside the document-wide rules,
# where a reviewer looks for what concerns the document as a whole.
PARTS_FILE = "document.yml"
PARTS_KEYS = tuple(f.name for f in fields(DocumentParts))


# Words matched on the text as written, accents included: « désigne » defines,
# « désigné » does not (« un médiateur désigné par … » is a clause).
PARTS_KEYS_AS_WRITTEN = ("definition_verbs", "appointments", "negations")


def _document_parts(data: Any, file: str, where: str) -> DocumentParts:
    """A language's `parts` block: lists of phrases, folded as headings are."""
    data = expect_keys(data, set(PARTS_KEYS), set(), file, where)
    parts = {}
    for key, value in data.items():
        phrases = expect_str_list(value, file, f"{where}.{key}")
        for i, phrase in enumerate(phrases):
            if not phrase.strip():
                # (An empty title would start every heading.)
                raise RulePackError(file, f"{where}.{key}[{i}]", "empty phrase")
        parts[key] = tuple(phrase.strip() if key in PARTS_KEYS_AS_WRITTEN else fold(phrase.strip()) for phrase in phrases)
    return DocumentParts(**parts)


def _add_parts(parts: dict[str, DocumentParts], lang: str, found: DocumentParts, file: str, where: str) -> None:
    if lang in parts:
        raise RulePackError(file, where, f"the {lang!r} parts are defined twice")
    parts[lang] = found


def _load_family_file(path: Path, lexicon: dict[str, dict[str, str]] | None = None) -> tuple[Family | None, list[Rule], dict[str, DocumentParts]]:
    file = path.name
    check = not _shipped(path)
    data = _expand_classes(_read_yaml(path), lexicon or {}, file)
    data = expect_keys(data, {"family", "code", "old_codes", "title", "definition", "detection", "rules", *(("parts",) if file == PARTS_FILE else ())}, set(), file, "")
    family = None
    family_id = data.get("family")
    if "detection" in data:
        expect_keys(data, set(data), {"family", "code", "title", "definition"}, file, "")
        if not KEBAB.match(family_id):
            raise RulePackError(file, "family", f"{family_id!r} is not kebab-case")
        detection = expect_keys(data["detection"], set(LANGUAGES), set(), file, "detection")
        family = Family(
            id=family_id,
            code=expect_type(data["code"], str, file, "code"),
            title=_lang_map(data["title"], file, "title"),
            definition=expect_type(data["definition"], str, file, "definition"),
            detection={lang: _with_lexicon_vetoes(_detection(block, file, f"detection.{lang}", check), (lexicon or {}).get(lang, {}), file) for lang, block in detection.items()},
            file=file,
            old_codes=tuple(expect_str_list(data.get("old_codes", []), file, "old_codes")),
        )
    rules = [_rule(item, family_id, file, f"rules[{i}]", check) for i, item in enumerate(data.get("rules", []) or [])]
    parts = {lang: _document_parts(block, file, f"parts.{lang}") for lang, block in expect_keys(data.get("parts", {}), set(LANGUAGES), set(), file, "parts").items()}
    return family, rules, parts


def _numbers(data: Any, keys: tuple[str, ...], kind: type | tuple[type, ...], file: str, where: str) -> dict[str, Any]:
    """A mapping of exactly `keys` to non-negative numbers of `kind`."""
    data = expect_keys(data, set(keys), set(keys), file, where)
    for key in keys:
        if expect_type(data[key], kind, file, f"{where}.{key}") < 0:
            raise RulePackError(file, f"{where}.{key}", "expected a non-negative number")
    return data


def _settings(path: Path) -> tuple[dict[str, float], ProfileDetection, Confidence]:
    """The pack-wide numbers of profiles.yml: user thresholds with their
    defaults, how a profile is detected, and the confidence formula."""
    file = path.name
    data = _read_yaml(path)
    missing = [key for key in PACK_SETTINGS if key not in data]
    if missing:
        raise RulePackError(file, missing[0], "required key is missing")
    thresholds = expect_type(data["thresholds"], dict, file, "thresholds")
    _numbers(thresholds, tuple(thresholds), (int, float), file, "thresholds")
    detection = _numbers(data["profile_detection"], ("title_min_score", "content_min_blocks"), (int, float), file, "profile_detection")
    expect_type(detection["content_min_blocks"], int, file, "profile_detection.content_min_blocks")
    confidence = _numbers(data["confidence"], ("base", "scale", "cap", "present_offset"), (int, float), file, "confidence")
    return (
        {name: float(value) for name, value in thresholds.items()},
        ProfileDetection(title_min_score=float(detection["title_min_score"]), content_min_blocks=detection["content_min_blocks"]),
        Confidence(**{key: float(value) for key, value in confidence.items()}),
    )


@functools.lru_cache(maxsize=1)
def shipped_thresholds() -> dict[str, float]:
    """The thresholds a user may set, with their defaults: read before any
    pack is loaded, to check a configuration file's [thresholds]."""
    return _settings(builtin_rules_dir() / "profiles.yml")[0]


def _load_profiles(path: Path, family_ids: set[str], lexicon: dict[str, dict[str, str]] | None = None, language_folders: tuple[Path, ...] = ()) -> tuple[dict[str, Profile], dict[str, dict[str, MatchNode]], str, list[str]]:
    file = path.name
    check = True  # profiles' regexes have always been compiled as they load
    data = _read_yaml(path)
    for folder in language_folders:
        data = _overlay_profiles(data, folder)
    data = expect_keys(_expand_classes(data, lexicon or {}, file), {"default", "profiles", "conditions", "order", *PACK_SETTINGS}, {"default", "profiles"}, file, "")
    order = expect_str_list(data.get("order", []), file, "order")
    for i, fid in enumerate(order):
        if fid not in family_ids:
            raise RulePackError(file, f"order[{i}]", f"unknown clause family {fid!r}")
    conditions = {}
    for cid, block in (data.get("conditions") or {}).items():
        block = expect_keys(block, set(LANGUAGES), set(), file, f"conditions.{cid}")
        conditions[cid] = {lang: _matcher(m, file, f"conditions.{cid}.{lang}", check) for lang, m in block.items()}
    profiles = {}
    for pid, block in data["profiles"].items():
        where = f"profiles.{pid}"
        block = expect_keys(block, {"title", "detect", "families"}, {"title", "families"}, file, where)
        title_phrases: dict[str, tuple[str, ...]] = {}
        content: dict[str, MatchNode] = {}
        for lang, det in (block.get("detect") or {}).items():
            expect_choice(lang, LANGUAGES, file, f"{where}.detect")
            det = expect_keys(det, {"title", "content"}, set(), file, f"{where}.detect.{lang}")
            title_phrases[lang] = tuple(expect_str_list(det.get("title", []), file, f"{where}.detect.{lang}.title"))
            if "content" in det:
                content[lang] = _matcher(det["content"], file, f"{where}.detect.{lang}.content", check)
        families = {}
        for fid, spec in block["families"].items():
            path_key = f"{where}.families.{fid}"
            if fid not in family_ids:
                raise RulePackError(file, path_key, "unknown clause family")
            if isinstance(spec, str) or spec is None:
                spec = {"severity": spec}
            spec = expect_keys(spec, {"severity", "when", "required"}, set(), file, path_key)
            severity = spec.get("severity")
            if severity is not None:
                expect_choice(severity, SEVERITIES, file, f"{path_key}.severity")
            when = spec.get("when")
            if when is not None and when not in conditions:
                raise RulePackError(file, f"{path_key}.when", f"unknown condition {when!r}")
            required = spec.get("required", severity in ("error", "warning"))
            families[fid] = ProfileFamily(severity=severity, required=bool(required), when=when)
        profiles[pid] = Profile(
            id=pid,
            title=_lang_map(block["title"], file, f"{where}.title"),
            title_phrases=title_phrases,
            content=content,
            families=families,
        )
    default = data["default"]
    if default not in profiles:
        raise RulePackError(file, "default", f"unknown profile {default!r}")
    return profiles, conditions, default, order


# A language folder (rules/<code>/) holds one language's pack over the shared
# families and rules: lexicon.yml (its word classes, no language key), one
# file per family (the family's `detection` and `title` for that language,
# and `rules` by name with their language block, per-language options and
# docs; document.yml also its `parts`, without the language key), and
# profiles.yml (title phrases, content signals and conditions).
OVERLAY_RULE_KEYS = {"name", "options", "docs", "title", "message", "suggestion", "match", "when", "unless", "items", "certain", "uncertain_note", *PATTERN_OPTIONS}


def _language_folders(directory: Path) -> list[Path]:
    return [d for d in sorted(directory.iterdir()) if d.is_dir() and d.name in LANGUAGES]


def _load_language_lexicon(folder: Path) -> dict[str, str]:
    path = folder / LEXICON_FILE
    if not path.is_file():
        return {}
    return _load_lexicon_data({folder.name: _read_yaml(path) or {}}, f"{folder.name}/{path.name}", not _shipped(path))[folder.name]


def _overlay_rule(rule: Rule, item: dict, lang: str, file: str, where: str, check: bool) -> Rule:
    item = expect_keys(item, OVERLAY_RULE_KEYS, {"name", "title", "message", "suggestion", "docs"}, file, where)
    options = dict(rule.options)
    for key, value in (expect_type(item.get("options", {}), dict, file, f"{where}.options")).items():
        if not isinstance(options.get(key), dict):
            raise RulePackError(file, f"{where}.options.{key}", f"rule {rule.name!r} has no per-language option {key!r}")
        options[key] = {**options[key], lang: value}
    docs = expect_keys(item["docs"], {"basis", "fail", "pass"}, {"basis", "fail", "pass"}, file, f"{where}.docs")
    block = {k: v for k, v in item.items() if k not in ("name", "options", "docs")}
    base = dict(name=rule.name, code=rule.code, severity=rule.severity, check=rule.check, options=options, scope=rule.scope,
                docs={"why": rule.docs.why, "basis": docs["basis"], "fail": docs["fail"], "pass": docs["pass"]}, **{lang: block})
    parsed = _rule(base, rule.family, file, where, check)
    text = replace(parsed.text[lang], basis=docs["basis"], fail=docs["fail"], passing=docs["pass"])
    return replace(rule, options=options, text={**rule.text, lang: text})


def _load_language_folder(folder: Path, lexicon: dict[str, dict[str, str]], families: list[Family], rules: list[Rule], parts: dict[str, DocumentParts]) -> None:
    """Merge a language folder's blocks into the families, rules and parts (in place)."""
    lang = folder.name
    check = not _shipped(folder)
    by_family = {f.id: i for i, f in enumerate(families)}
    by_rule = {r.name: i for i, r in enumerate(rules)}
    for path in sorted(folder.glob("*.yml")):
        if path.name in (LEXICON_FILE, "profiles.yml", LANGUAGE_FILE):
            continue
        file = f"{lang}/{path.name}"
        try:
            raw = _read_yaml(path) or {}
        except RulePackError as error:
            raise RulePackError(file, error.key, error.message) from None
        data = _expand_classes({lang: raw}, lexicon, file)[lang]
        data = expect_keys(data, {"family", "title", "detection", "rules", *(("parts",) if path.name == PARTS_FILE else ())}, set(), file, "")
        if "parts" in data:
            _add_parts(parts, lang, _document_parts(data["parts"], file, "parts"), file, "parts")
        family_id = data.get("family")
        if "detection" in data or "title" in data:
            if family_id not in by_family:
                raise RulePackError(file, "family", f"unknown clause family {family_id!r}")
            family = families[by_family[family_id]]
            detection = dict(family.detection)
            if "detection" in data:
                detection[lang] = _with_lexicon_vetoes(_detection(data["detection"], file, "detection", check), lexicon.get(lang, {}), file)
            title = {**family.title, lang: expect_type(data.get("title", family.title.get(lang, family.id)), str, file, "title")}
            families[by_family[family_id]] = replace(family, detection=detection, title=title)
        for i, item in enumerate(data.get("rules", []) or []):
            name = item.get("name") if isinstance(item, dict) else None
            if name not in by_rule:
                raise RulePackError(file, f"rules[{i}].name", f"unknown rule {name!r}: a language folder adds a language to a rule of the pack")
            rules[by_rule[name]] = _overlay_rule(rules[by_rule[name]], item, lang, file, f"rules[{name}]", check)


def _overlay_profiles(data: dict, folder: Path) -> dict:
    """profiles.yml's data with a language folder's profiles.yml merged in
    under the language key: title phrases and content per profile, and the
    conditions."""
    path = folder / "profiles.yml"
    if not path.is_file():
        return data
    lang, file = folder.name, f"{folder.name}/profiles.yml"
    extra = expect_keys(_read_yaml(path) or {}, {"profiles", "conditions"}, set(), file, "")
    data = dict(data)
    profiles = {pid: dict(block) for pid, block in data["profiles"].items()}
    for pid, detect in (extra.get("profiles") or {}).items():
        if pid not in profiles:
            raise RulePackError(file, f"profiles.{pid}", "unknown profile")
        profiles[pid]["detect"] = {**(profiles[pid].get("detect") or {}), lang: detect}
    conditions = {cid: dict(block) for cid, block in (data.get("conditions") or {}).items()}
    for cid, block in (extra.get("conditions") or {}).items():
        if cid not in conditions:
            raise RulePackError(file, f"conditions.{cid}", "unknown condition")
        conditions[cid][lang] = block
    data["profiles"], data["conditions"] = profiles, conditions
    return data


def load_rulepack(extra_dirs: tuple[str | Path, ...] = ()) -> RulePack:
    return _load_rulepack_cached(tuple(str(Path(d).resolve()) for d in extra_dirs))


@functools.lru_cache(maxsize=8)
def _load_rulepack_cached(extra_dirs: tuple[str, ...]) -> RulePack:
    """The pack, as last read from the same rule files by the same code (see
    `_stored_pack`), or read and checked now."""
    key = _pack_key([builtin_rules_dir(), *map(Path, extra_dirs)])
    pack = _stored_pack(key) if key is not None else None
    if pack is None:
        pack = _read_rulepack(extra_dirs)
        if key is not None:
            _store_pack(key, pack)
    return pack


# Reading and checking the YAML of the pack was about a tenth of a cold
# one-page audit, for the same pack every run: the pack read is kept in the
# cache folder (signed with the per-user secret of the report cache; see
# ReportCache.get_derived) under a key over every rule file's name and bytes,
# clausier's code and Python's version, and read again from the YAML whenever
# any of them changes or the stored copy cannot be used. A pack that fails
# its checks is never stored, so its error is raised every run.
PACK_STORE_NAME = "rule-pack.pickle"


def _pack_key(dirs: list[Path]) -> str | None:
    import sys

    from lint.cache import code_fingerprint

    digest = hashlib.sha256(f"{sys.version}\0{code_fingerprint()}".encode())
    try:
        for directory in dirs:
            digest.update(b"\0dir\0" + str(directory.resolve()).encode("utf-8", "surrogateescape"))
            # The files the reader reads: the folder's own, and its language folders'.
            for path in sorted(directory.glob("*.yml")) + [p for folder in _language_folders(directory) for p in sorted(folder.glob("*.yml"))]:
                digest.update(b"\0" + str(path.relative_to(directory)).encode("utf-8", "surrogateescape") + b"\0")
                digest.update(path.read_bytes())
    except OSError:
        return None  # the reader will say what is wrong with the folder
    return digest.hexdigest()


def _pack_store():
    from lint.cache import ReportCache, default_cache_dir

    try:
        return ReportCache(default_cache_dir(), salt="")
    except Exception:  # noqa: BLE001 - no cache folder: read the YAML every time
        return None


def _stored_pack(key: str) -> RulePack | None:
    import pickle

    store = _pack_store()
    payload = store.get_derived(PACK_STORE_NAME) if store is not None else None
    if payload is None:
        return None
    stored_key, _, data = payload.partition(b"\n")
    if stored_key != key.encode("ascii"):
        return None
    try:
        # Signed by this user's secret (get_derived checks it) before it is unpickled.
        pack = pickle.loads(data)
    except Exception:  # noqa: BLE001 - written by a version whose classes differ
        return None
    return pack if isinstance(pack, RulePack) else None


def _store_pack(key: str, pack: RulePack) -> None:
    import pickle

    store = _pack_store()
    if store is None:
        return
    try:
        data = pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a pack that cannot be pickled is read from YAML each time
        return
    store.put_derived(PACK_STORE_NAME, key.encode("ascii") + b"\n" + data)


def _read_rulepack(extra_dirs: tuple[str, ...]) -> RulePack:
    dirs = [builtin_rules_dir(), *map(Path, extra_dirs)]
    families: list[Family] = []
    rules: list[Rule] = []
    parts: dict[str, DocumentParts] = {}
    digest = hashlib.sha256()
    profiles_path = None
    sources = []
    for directory in dirs:
        if not directory.is_dir():
            raise RulePackError(str(directory), "(folder)", "rule folder not found")
    lexicon_path = builtin_rules_dir() / LEXICON_FILE
    lexicon = _load_lexicon(lexicon_path if lexicon_path.is_file() else None)
    language_folders = tuple(folder for directory in dirs for folder in _language_folders(directory))
    for folder in language_folders:
        lexicon[folder.name] = {**lexicon.get(folder.name, {}), **_load_language_lexicon(folder)}
    for directory in dirs:
        for path in sorted(directory.glob("*.yml")):
            digest.update(path.read_bytes())
            sources.append(str(path))
            if path.name == "profiles.yml":
                profiles_path = profiles_path or path
                continue
            if path.name in (LEXICON_FILE, LANGUAGE_FILE):
                continue
            family, file_rules, file_parts = _load_family_file(path, lexicon)
            for lang, found in file_parts.items():
                _add_parts(parts, lang, found, path.name, f"parts.{lang}")
            if family:
                if any(f.id == family.id for f in families):
                    raise RulePackError(path.name, "family", f"family {family.id!r} is defined twice")
                families.append(family)
            rules.extend(file_rules)
    if profiles_path is None:
        raise RulePackError("profiles.yml", "(file)", "missing from the built-in rules folder")
    family_ids = {f.id for f in families}
    # A selector names one family: no code, old or current, is shared.
    family_codes: dict[str, str] = {}
    for family in families:
        for key in (family.code, *family.old_codes):
            if key in family_codes:
                raise RulePackError(family.file, "code", f"{key!r} is already used by family {family_codes[key]}")
            family_codes[key] = family.id
    names: dict[str, str] = {}
    for rule in rules:
        if rule.family is not None and rule.family not in family_ids and rule.family != "document":
            raise RulePackError(rule.file, f"rules[{rule.name}].family", f"unknown clause family {rule.family!r}")
        for key in (rule.name, *rule.codes, *rule.aliases):
            if key in names:
                raise RulePackError(rule.file, f"rules[{rule.name}]", f"{key!r} is already used by {names[key]}")
            names[key] = rule.name
    for folder in language_folders:
        for path in sorted(folder.glob("*.yml")):
            digest.update(path.read_bytes())
            sources.append(str(path))
        _load_language_folder(folder, lexicon, families, rules, parts)
    missing = next((r for r in rules if r.name == MISSING_RULE), None)
    for lang in LANGUAGES:
        # The checklist words every absent family with this rule: a language
        # without its text would fail on its first contract, not here.
        if missing is not None and lang not in missing.text:
            raise RulePackError(f"{lang}/{PARTS_FILE}", f"rules[{MISSING_RULE}]", f"language {lang!r} gives no title, message and suggestion for {MISSING_RULE!r}")
    profiles, conditions, default, order = _load_profiles(profiles_path, family_ids, lexicon, language_folders)
    thresholds, profile_detection, confidence = _settings(profiles_path)
    rank = {fid: i for i, fid in enumerate(order)}
    families.sort(key=lambda f: rank.get(f.id, len(rank)))
    rules.sort(key=lambda r: rank.get(r.family or "", len(rank)))
    for rule in rules:
        for pid in rule.profiles:
            if pid not in profiles:
                raise RulePackError(rule.file, f"rules[{rule.name}].profiles", f"unknown profile {pid!r}")
    return RulePack(
        families=tuple(families),
        rules=tuple(rules),
        profiles=profiles,
        conditions=conditions,
        default_profile=default,
        version=digest.hexdigest()[:12],
        thresholds=thresholds,
        profile_detection=profile_detection,
        confidence=confidence,
        sources=tuple(sources),
        parts=parts,
    )
