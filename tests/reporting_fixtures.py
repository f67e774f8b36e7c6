"""A realistic Report built by hand, so reporter tests do not depend on the engine.

It holds what reporters must cope with: a French contract with findings at
every severity (one excerpt carries markup, `&`, `|` and rich/markdown
syntax; one marks its matched words; one stands for a blank repeated three
times), an essential and an optional missing clause, an English contract, and
a file that could not be read.
"""

from __future__ import annotations

from lint.model import (
    ClauseStatus,
    DocumentReport,
    Finding,
    FindingLocation,
    InputErrorInfo,
    Report,
    Severity,
)

FR_PATH = "contrats/partenariat-agence.docx"
EN_PATH = "contracts/nda-acme.txt"
BROKEN_PATH = "contrats/scan-illisible.pdf"

NON_COMPETE_EXCERPT = "s'interdit, sans limitation de durée ni de territoire, toute activité concurrente"
SCRIPT_EXCERPT = "les informations <script>alert(1)</script> de R&D restent confidentielles | sans limite *de durée*"

# Paragraph texts the HTML reporter shows around the excerpts.
FR_PARAGRAPHS = {
    27: "9.1 Pendant toute la durée du Contrat et après son terme, le Partenaire "
    + NON_COMPETE_EXCERPT
    + " à celle du Client.",
    2: "Annexe 2 – [NOM DU CLIENT] – Convention de services",
    14: "5.2 Par dérogation, " + SCRIPT_EXCERPT + " [bold]pour les Parties[/bold].",
}


def _loc(paragraph=None, page=None, section=None) -> FindingLocation:
    return FindingLocation(page=page, paragraph=paragraph, section=section)


def french_document() -> DocumentReport:
    clauses = (
        ClauseStatus("amicable-resolution", "Règlement amiable (médiation, conciliation)", "missing", True, 0.99,
                     explanation="Closest heading: « Article 4 – Conditions financières », score 73 < 88."),
        ClauseStatus("confidentiality", "Confidentialité", "present", True, 0.9,
                     (_loc(12, 3, "Article 5 – Confidentialité"), _loc(14, 3, "Article 5 – Confidentialité"))),
        ClauseStatus("duration", "Durée et renouvellement", "present", True, 0.99, (_loc(20, 4, "Article 7 – Durée"),)),
        ClauseStatus("non-compete", "Non-concurrence", "present", False, 0.72, (_loc(26, 5, "Article 9 – Non-concurrence"),)),
        ClauseStatus("personal-data", "Données personnelles", "missing", True, 0.95),
        ClauseStatus("termination", "Résiliation", "present", True, 0.99, (_loc(30, None, "Article 10 – Résiliation"),)),
        ClauseStatus("evolution", "Évolution du contrat", "missing", False, 0.62,
                     explanation="Closest heading: « Article 11 – Modification des prix », score 80 < 88."),
    )
    findings = (
        Finding(
            rule="placeholder", code="DOC-001", clause="document", severity=Severity.ERROR,
            message="Emplacement non rempli « [NOM DU CLIENT] », 3 fois (§2 p.1, §9 p.2, §40 p.6) : le projet n'est pas prêt à signer.",
            location=_loc(2, 1),
            excerpt="Annexe 2 – [NOM DU CLIENT] – Convention de services",
            highlight=(11, 26),
            suggestion="Remplacez l'emplacement par la valeur convenue, ou supprimez la mention.",
            count=3,
        ),
        Finding(
            rule="non-compete-no-duration", code="CL301", clause="non-compete", severity=Severity.ERROR,
            message="La clause de non-concurrence n'est limitée ni dans le temps ni dans l'espace.",
            location=_loc(27, 5, "Article 9 – Non-concurrence"),
            excerpt=NON_COMPETE_EXCERPT,
            highlight=(NON_COMPETE_EXCERPT.index("sans limitation"), NON_COMPETE_EXCERPT.index(", toute")),
            suggestion="Limitez l'interdiction à une durée (par exemple 12 mois) et à un territoire définis.",
            reference="Cass. com., 4 juin 2002, n° 00-11.867 ; art. 1171 C. civ.",
        ),
        Finding(
            rule="missing-clause", code="CL001", clause="personal-data", severity=Severity.WARNING,
            message="Clause essentielle absente : Données personnelles.",
            suggestion="Ajoutez une clause « Données personnelles » au contrat.",
            reference="Art. 28 RGPD ; art. 1128 C. civ.",
        ),
        Finding(
            rule="confidentiality-unlimited", code="CL102", clause="confidentiality", severity=Severity.WARNING,
            message="L'obligation de confidentialité n'a pas de durée.",
            location=_loc(14, 3, "Article 5 – Confidentialité"),
            excerpt=SCRIPT_EXCERPT,
            suggestion="Fixez une durée après la fin du Contrat (par exemple 5 ans).",
            reference="Art. 1210 C. civ. (prohibition des engagements perpétuels).",
        ),
        Finding(
            rule="missing-clause", code="CL001", clause="amicable-resolution", severity=Severity.WARNING,
            message="Clause essentielle absente : Règlement amiable (médiation, conciliation).",
            suggestion="Ajoutez une clause « Règlement amiable (médiation, conciliation) » au contrat.",
            reference="Art. 1128 C. civ.",
        ),
        Finding(
            rule="missing-clause", code="CL001", clause="evolution", severity=Severity.INFO,
            message="Clause facultative absente : Évolution du contrat. Ce type de contrat ne l'exige pas, mais elle est souvent utile.",
            suggestion="Si le sujet vous concerne, ajoutez une clause « Évolution du contrat » au contrat.",
        ),
        Finding(
            rule="termination-notice-short", code="CL402", clause="termination", severity=Severity.INFO,
            message="Le préavis de résiliation est inférieur à un mois.",
            location=_loc(31, None, "Article 10 – Résiliation"),
            excerpt="moyennant un préavis de huit (8) jours",
            suggestion="Prévoyez un préavis d'au moins un mois.",
        ),
    )
    return DocumentReport(
        path=FR_PATH, format="docx", language="fr", profile="partnership",
        clauses=clauses, findings=findings, page_count=6, title="Contrat de partenariat & de services",
    )


def english_document() -> DocumentReport:
    clauses = (
        ClauseStatus("confidentiality", "Confidentiality", "present", True, 0.97, (_loc(4, 1, "2. Confidential Information"),)),
        ClauseStatus("duration", "Term", "missing", True, 0.9),
    )
    findings = (
        Finding(
            rule="missing-clause", code="CL001", clause="duration", severity=Severity.ERROR,
            message="Essential clause missing: Term.",
            suggestion="Add a “Term” clause to the contract.",
            reference="Art. 1210 C. civ.",
        ),
    )
    return DocumentReport(
        path=EN_PATH, format="txt", language="en", profile="nda", clauses=clauses, findings=findings, page_count=None,
        title="Mutual NDA",
    )


def broken_document() -> DocumentReport:
    return DocumentReport(
        path=BROKEN_PATH, format=None, language=None, profile=None,
        error=InputErrorInfo(kind="scanned", message="scan-illisible.pdf: no text layer on any page (OCR it first)"),
    )


def sample_report() -> Report:
    return Report(
        tool_version="0.1.0", rules_version="a100cc7d7f8f",
        documents=(french_document(), english_document(), broken_document()),
    )


def sample_paragraphs() -> dict[str, dict[int, str]]:
    return {FR_PATH: dict(FR_PARAGRAPHS)}
