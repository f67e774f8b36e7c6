"""parse → annotate → run checks → filter by config → sorted findings.

`audit_file` is the per-document function used by the CLI, the batch runner
and distributed executors: it is pure (no output, no global state besides the
cached pipeline and rule pack) and picklable by reference.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lint.checks.matching import MatcherBank, SentenceScans, inherit_lead_ins
from lint.checks.presence import clause_sections, detect_clauses, excluded_blocks, non_clause_blocks
from lint.checks.profiles import detect_profile, missing_clause_findings
from lint.checks.rules import run_rules
from lint.config import Config
from lint.errors import InputError
from lint.model import BODY_KINDS, Document, DocumentReport, InputErrorInfo
from lint.nlp.language import detect_language
from lint.nlp.languages import LANGUAGES, PRIMARY_LANGUAGE, language
from lint.parsers import DEFAULT_LIMITS, Limits, parse
from lint.ruleset.loader import RulePack, load_rulepack

SUPPORTED_LANGUAGES = tuple(LANGUAGES)


@functools.lru_cache(maxsize=8)
def matcher_bank(pack: RulePack, lang: str) -> MatcherBank:
    nodes = []
    for family in pack.families:
        detection = family.detection.get(lang)
        if detection is None:
            continue
        nodes.extend(signal.match for signal in detection.signals)
        nodes.extend(signal.unless for signal in detection.signals if signal.unless is not None)
        nodes.extend(n for n in (detection.veto, detection.prior_needs, detection.prior_veto) if n is not None)
    for rule in pack.rules:
        text = rule.text.get(lang)
        if text is None:
            continue
        nodes.extend(text.matchers())
    for profile in pack.profiles.values():
        if lang in profile.content:
            nodes.append(profile.content[lang])
    for condition in pack.conditions.values():
        if lang in condition:
            nodes.append(condition[lang])
    analysers = language(lang)
    return MatcherBank(nodes, entity_finder=analysers.find_entity, lang=lang, entity_patterns=getattr(analysers.entities, "FINDER_PATTERNS", None))


# A few lines that reach the lazily loaded parts of the engine (party,
# territory and registration lexicons, duration and amount finders).
_WARM_UP_SAMPLE = """CONTRAT DE PRESTATION DE SERVICES

ENTRE LES SOUSSIGNÉS : la société Exemple SAS, au capital de 10 000 euros, immatriculée au RCS de Paris sous le numéro 552 100 554, ci-après « le Client », et la société Modèle SARL, ci-après « le Prestataire ».

Article 1 – Durée
Le présent contrat est conclu pour une durée de deux ans. Le Prestataire s'interdit, pendant un an, toute activité concurrente en France et en Suisse.

Article 2 – Prix
Le prix est de 1 500 euros hors taxes par mois.

Article 3 – Droit applicable
Le contrat est soumis au droit français ; tout litige relève du tribunal de commerce de Lyon.
"""


def warm_up(rule_dirs: tuple[str, ...] = ()) -> None:
    """Load, once per process, what every audit needs: the rule pack, the
    matchers and tokenizer of the primary language, the parser libraries, and
    the lexicons the entity finders load on first use. Called before forking
    workers, so they start warm and share it copy-on-write.

    This runs before any worker starts, so it holds what every file needs
    and no more: the other languages' matchers are made in the workers, as
    files need them. spaCy's model (NER, lemmas) stays lazy too: few
    contracts need it."""
    import tempfile

    from lint.nlp.entities import FINDERS, find_entity
    from lint.parsers import load_parsers

    load_parsers()
    matcher_bank(load_rulepack(rule_dirs), PRIMARY_LANGUAGE).compile_all()
    for kind in FINDERS:
        find_entity(_WARM_UP_SAMPLE, (kind,))
    with tempfile.TemporaryDirectory(prefix="clausier-warm-up-") as folder:
        sample = Path(folder) / "contrat.txt"
        sample.write_text(_WARM_UP_SAMPLE, encoding="utf-8")
        audit_file(sample, config=Config(rule_dirs=tuple(rule_dirs)))


def audit_document(document: Document, *, config: Config | None = None, profile: str | None = None) -> DocumentReport:
    """Detect clauses and run every rule on an already parsed Document."""
    config = config or Config()
    pack = load_rulepack(config.rule_dirs)
    # `config.language` (--lang) overrides detection; None or "auto" detects.
    lang = config.language if config.language not in (None, "auto") else detect_language(document.text)
    base = dict(
        path=document.path, format=document.format, page_count=document.metadata.page_count,
        page_count_source=document.metadata.page_count_source, title=document.metadata.title,
    )
    if lang not in SUPPORTED_LANGUAGES:
        found = lang or "undetermined"
        known = ", ".join(l.name for l in LANGUAGES.values())
        return DocumentReport(
            **base, language=lang, profile=None,
            error=InputErrorInfo(
                kind="unsupported-language",
                message=f"{Path(document.path).name}: the contract's language is {found}; clausier has rules for {known} (--lang overrides detection)",
            ),
        )
    bank = matcher_bank(pack, lang)
    body = [b for b in document.blocks if b.kind in BODY_KINDS]
    scanned = bank.scan(body)
    inherit_lead_ins(scanned)
    parts = pack.document_parts(lang)
    excluded = excluded_blocks(document, parts)
    sections = clause_sections(document, parts)

    sentences = SentenceScans(bank)  # shared by clause detection and the rules
    statuses, clauses, scores = [], {}, {}
    for family, status, evidence, blocks in detect_clauses(pack.families, lang, document, scanned, bank, excluded, sections, pack.confidence, parts, sentences):
        statuses.append(status)
        clauses[family.id] = blocks
        scores[family.id] = evidence.score

    profile_id = profile or config.profile or detect_profile(pack, document, scanned, lang)
    statuses, findings = missing_clause_findings(pack, profile_id, statuses, scanned, lang, document)
    findings += run_rules(pack, document, scanned, clauses, lang, config, profile_id, scores, bank, excluded=non_clause_blocks(document, excluded, parts), sentences=sentences)
    findings = config.filter_findings(pack, findings)
    findings.sort(key=lambda f: (-f.severity.rank, f.location.paragraph or 0, f.rule))
    return DocumentReport(**base, language=lang, profile=profile_id, clauses=tuple(statuses), findings=tuple(findings))


def audit_file(
    path: str | Path,
    *,
    config: Config | None = None,
    profile: str | None = None,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> DocumentReport:
    """Audit one file. Never raises for bad input: the report carries the error."""
    try:
        document = parse(path, password=password, limits=limits)
    except InputError as error:
        return DocumentReport(
            path=str(path), format=None, language=None, profile=None,
            error=InputErrorInfo(kind=error.kind, message=error.message),
        )
    return audit_document(document, config=config, profile=profile)
