"""What every human-facing reporter shares: UI strings per language, the score,
locations written the same way everywhere, and findings grouped by severity.

User-facing text follows the contract's language: French for "fr", English
for everything else (an unread document has no language and gets English).
"""

from __future__ import annotations

from dataclasses import dataclass

from lint.model import DocumentReport, Finding, FindingLocation, Report, Severity
from lint.nlp.languages import PRIMARY_LANGUAGE
from lint.normalize import fold, normalize_text

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# Same names and ranks as the CLI's --fail-on.
THRESHOLDS = {"error": 3, "warning": 2, "info": 1, "never": 99}

# The interface strings of a language that has none below.
FALLBACK_UI = "en"

UI = {
    "fr": {
        "essentials": "{present}/{total} clauses essentielles",
        "essentials_present": "{present}/{total} clauses essentielles présentes",
        "optional": "{present}/{total} clauses facultatives",
        "severity": {"error": "Erreur", "warning": "Avertissement", "info": "Information"},
        "severity_count": {"error": ("erreur", "erreurs"), "warning": ("avertissement", "avertissements"),
                           "info": ("information", "informations")},
        "language": "Langue",
        "profile": "Profil",
        "pages": "Pages",
        "estimated_pages": "{n} (estimation d'après le texte)",
        "checklist": "Clauses",
        "findings": "Constats",
        "clause": "Clause",
        "status": "Statut",
        "present": "présente",
        "missing": "absente",
        "required": "essentielle",
        "optional_one": "facultative",
        "confidence": "Fiabilité",
        "status_present": "présente",
        "status_missing_required": "absente (essentielle)",
        "status_missing_optional": "absente (facultative)",
        "confidence_levels": {"high": "élevée", "medium": "moyenne", "low": "faible"},
        "confidence_note": "Fiabilité : à quel point clausier est sûr du statut indiqué. "
        "Pour une clause absente, « élevée » veut dire qu'aucun passage approchant n'a été trouvé ; "
        "« faible » qu'un passage s'en approche et mérite une relecture.",
        "disclaimer": "Clausier signale des points d'attention ; ce n'est pas un conseil juridique.",
        "notice": "Avis",
        "occurrences": "{count} occurrences",
        "location": "Emplacement",
        "rule": "Règle",
        "excerpt": "Extrait",
        "basis": "Fondement",
        "suggestion": "Suggestion",
        "no_findings": "Aucun constat.",
        "unreadable": "Document non analysé",
        "whole_document": "document entier",
        "missing_clauses": "Clauses manquantes",
        "summary": "Synthèse",
        "contents": "Sommaire",
        "documents": "Documents",
        "report_title": "Rapport Clausier",
        "generated_by": "Généré par clausier {version} (règles {rules})",
        "paragraph_note": "Paragraphe {n}",
        "interrupted": "Analyse interrompue : rapport partiel.",
        "why": "Pourquoi",
        "quote_open": "« ",
        "quote_close": " »",
        "colon": " : ",
        "none": "aucune",
    },
    "en": {
        "essentials": "{present}/{total} essential clauses",
        "essentials_present": "{present}/{total} essential clauses present",
        "optional": "{present}/{total} optional clauses",
        "severity": {"error": "Error", "warning": "Warning", "info": "Info"},
        "severity_count": {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("info", "info")},
        "language": "Language",
        "profile": "Profile",
        "pages": "Pages",
        "estimated_pages": "{n} (estimated from the text)",
        "checklist": "Clauses",
        "findings": "Findings",
        "clause": "Clause",
        "status": "Status",
        "present": "present",
        "missing": "missing",
        "required": "essential",
        "optional_one": "optional",
        "confidence": "Reliability",
        "status_present": "present",
        "status_missing_required": "missing (essential)",
        "status_missing_optional": "missing (optional)",
        "confidence_levels": {"high": "high", "medium": "medium", "low": "low"},
        "confidence_note": "Reliability: how sure clausier is of the status shown. "
        "For a missing clause, “high” means no passage came close; “low” that one did and deserves a read.",
        "disclaimer": "Clausier points out items to review; this is not legal advice.",
        "notice": "Notice",
        "occurrences": "{count} occurrences",
        "location": "Location",
        "rule": "Rule",
        "excerpt": "Excerpt",
        "basis": "Legal basis",
        "suggestion": "Suggestion",
        "no_findings": "No findings.",
        "unreadable": "Document not analysed",
        "whole_document": "whole document",
        "missing_clauses": "Missing clauses",
        "summary": "Summary",
        "contents": "Contents",
        "documents": "Documents",
        "report_title": "Clausier report",
        "generated_by": "Generated by clausier {version} (rules {rules})",
        "paragraph_note": "Paragraph {n}",
        "interrupted": "Run interrupted: partial report.",
        "why": "Why",
        "quote_open": "“",
        "quote_close": "”",
        "colon": ": ",
        "none": "none",
    },
}


# Why a file was not analysed, in the report's language; the parser's own
# message (English, technical) stays in the JSON and SARIF reports.
ERROR_TEXT = {
    "fr": {
        "not-found": "le fichier n'existe pas",
        "unreadable": "fichier illisible : droits d'accès insuffisants ou lien symbolique en boucle",
        "unsupported-format": "clausier ne lit pas ce type de fichier (formats lus : .docx, .pdf, .odt, .txt, .md)",
        "legacy-doc": "ancien format Word .doc : enregistrez-le en .docx",
        "lock-file": "fichier de verrouillage Word ou LibreOffice, pas un document",
        "not-a-zip": "fichier Office endommagé (ce n'est pas une archive valide)",
        "corrupt": "fichier endommagé ou tronqué",
        "encrypted": "fichier protégé par un mot de passe (option --password)",
        "wrong-password": "le mot de passe donné n'ouvre pas le fichier",
        "scanned": "PDF sans texte (document numérisé) : passez-le d'abord dans un logiciel de reconnaissance de caractères",
        "empty": "le document ne contient pas de texte",
        "too-large": "fichier trop volumineux",
        "zip-bomb": "archive dont le contenu décompressé dépasse la limite",
        "too-large-expanded": "fichier dont le contenu déplié dépasse la limite",
        "timeout": "la lecture du fichier a dépassé le temps alloué",
        "memory": "la lecture du fichier a demandé plus de mémoire que la limite",
        "unsupported-language": "langue du document indéterminée ou sans règles dans clausier (l'option --lang la force)",
        "internal": "erreur interne de clausier",
    },
}


def error_text(error, language: str | None) -> str:
    """The reason a file was not analysed, in `language` when clausier speaks it."""
    table = ERROR_TEXT.get(language or "")
    if table and error.kind in table:
        return table[error.kind]
    return error.message


def page_count_text(doc: DocumentReport) -> str:
    """"11", or "21 (estimation d'après le texte)" when the file's own count was absent or stale."""
    if doc.page_count_source == "estimated":
        return strings(doc.language)["estimated_pages"].format(n=doc.page_count)
    return str(doc.page_count)


def clause_status(clause, language: str | None) -> str:
    """"présente", "absente (essentielle)" or "absente (facultative)": the one
    vocabulary every report uses, from the profile's `required`."""
    ui = strings(language)
    if clause.present:
        return ui["status_present"]
    return ui["status_missing_required"] if clause.required else ui["status_missing_optional"]


def clause_mark(clause) -> str:
    """✓ present, ✗ missing and essential, – missing and optional."""
    if clause.present:
        return "✓"
    return "✗" if clause.required else "–"


def confidence_label(confidence: float, language: str | None) -> str:
    """The checker's confidence in the status, in words a reader can use."""
    levels = strings(language)["confidence_levels"]
    if confidence >= 0.85:
        return levels["high"]
    return levels["medium"] if confidence >= 0.6 else levels["low"]


def strings(language: str | None) -> dict:
    """The interface strings in `language`; English for a language without any here."""
    return UI.get(language or "", UI[FALLBACK_UI])


def report_language(report: Report) -> str:
    """The language of the page around the documents: the primary language
    unless most read documents are in others, then the commonest of those."""
    languages = [d.language for d in report.documents if d.language]
    if languages.count(PRIMARY_LANGUAGE) * 2 >= len(languages):
        return PRIMARY_LANGUAGE
    return max(sorted(set(languages)), key=languages.count)


def document_language(doc: DocumentReport, report: Report) -> str:
    """The language a document's part of a report is written in: the
    document's own, or the report's when the document could not be read."""
    return doc.language or report_language(report)


@dataclass(frozen=True)
class Score:
    """Essential clauses are those the profile requires; optional ones are counted apart."""

    present: int
    total: int
    optional_present: int
    optional_total: int


def score(doc: DocumentReport) -> Score:
    required = [c for c in doc.clauses if c.required]
    optional = [c for c in doc.clauses if not c.required]
    return Score(
        present=sum(c.present for c in required),
        total=len(required),
        optional_present=sum(c.present for c in optional),
        optional_total=len(optional),
    )


def score_line(doc: DocumentReport, key: str = "essentials") -> str:
    s = score(doc)
    return strings(doc.language)[key].format(present=s.present, total=s.total)


def quoted(text: str, language: str | None) -> str:
    ui = strings(language)
    return f"{ui['quote_open']}{text}{ui['quote_close']}"


def format_location(location: FindingLocation | None, language: str | None) -> str:
    """"§12 p.3 « Article 5 – Confidentialité »", or "" when nothing is known."""
    if location is None:
        return ""
    parts = []
    if location.paragraph is not None:
        parts.append(f"§{location.paragraph}")
    if location.page is not None:
        parts.append(f"p.{location.page}")
    if location.section:
        parts.append(quoted(location.section, language))
    return " ".join(parts)


def clause_location(doc: DocumentReport, clause_id: str) -> str:
    for clause in doc.clauses:
        if clause.id == clause_id and clause.location:
            return format_location(clause.location[0], doc.language)
    return ""


def clause_title(doc: DocumentReport, clause_id: str) -> str:
    for clause in doc.clauses:
        if clause.id == clause_id:
            return clause.title
    return clause_id


def by_severity(findings) -> list[tuple[Severity, list[Finding]]]:
    """Severity groups, most severe first, empty groups left out."""
    groups = []
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if group:
            groups.append((severity, group))
    return groups


def severity_counts(findings) -> dict[Severity, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def counts_line(doc: DocumentReport) -> str:
    """"1 erreur, 3 avertissements", or the no-findings sentence."""
    ui = strings(doc.language)
    parts = [
        f"{n} {ui['severity_count'][s.value][n > 1]}" for s, n in severity_counts(doc.findings).items() if n
    ]
    return ", ".join(parts) if parts else ui["no_findings"]


def at_or_above(finding: Finding, threshold: str) -> bool:
    return finding.severity.rank >= THRESHOLDS[threshold]


_ELLIPSES = ("…", "...")


def locate_excerpt(text: str, excerpt: str) -> tuple[int, int] | None:
    """(start, end) of `excerpt` in the raw `text`, compared on normalised, folded text.

    Findings quote clausier's normalised text (plain spaces and apostrophes,
    no soft hyphens), while the source keeps its typography, so an exact
    `str.find` would miss most real excerpts. A leading or trailing ellipsis
    (a shortened excerpt) is ignored.
    """
    needle = excerpt.strip()
    for mark in _ELLIPSES:
        needle = needle.removeprefix(mark).removesuffix(mark)
    needle = " ".join(fold(normalize_text(needle)).split())
    if not needle:
        return None
    folded, starts, ends = [], [], []
    for index, char in enumerate(text):
        piece = " " if char.isspace() else fold(normalize_text(char))
        if piece == " " and (not folded or folded[-1] == " "):
            continue
        for out in piece:
            folded.append(out)
            starts.append(index)
            ends.append(index + 1)
    position = "".join(folded).find(needle)
    if position < 0:
        return None
    return starts[position], ends[position + len(needle) - 1]
