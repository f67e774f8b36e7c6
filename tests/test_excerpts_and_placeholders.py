"""What a reader meets in a finding: an excerpt that starts and ends on word
boundaries with its matched words marked, placeholders that are real blanks
(counted once when repeated), a vague phrase named with a fix for it, and a
notice instead of missing clauses for a document that is not a contract."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from lint.checks.excerpts import excerpt_span, highlight_span, is_boundary, widen_to_words
from lint.engine import audit_document, audit_file
from lint.parsers import parse
from lint.parsers.text import parse_text

from conftest import CORPUS

CONTRACT_HEAD = (
    "CONTRAT DE PRESTATION DE SERVICES\n\n"
    "Entre la société Alpha, d'une part, et la société Beta, d'autre part, il a été convenu ce qui suit.\n\n"
)


def _audit_text(tmp_path: Path, text: str, name: str = "contrat.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = audit_document(parse_text(path))
    assert report.error is None, report.error
    return report


def _assert_on_word_boundaries(report) -> None:
    for finding in report.findings:
        if not finding.excerpt:
            continue
        start = finding.context.find(finding.excerpt)
        assert start >= 0, (report.path, finding.rule, finding.excerpt)
        end = start + len(finding.excerpt)
        assert is_boundary(finding.context, start) and is_boundary(finding.context, end), (
            f"{report.path}: {finding.rule} excerpt cut inside a word: «{finding.excerpt}»"
        )
        assert finding.excerpt == finding.excerpt.strip()
        if finding.highlight is not None:
            a, b = finding.highlight
            assert 0 <= a < b <= len(finding.excerpt)
            assert is_boundary(finding.excerpt, a) and is_boundary(finding.excerpt, b)


# --- excerpts -------------------------------------------------------------------------------------


def test_widen_to_words_never_cuts_a_word():
    text = "la protection des données personnelles du Client"
    i = text.index("donnée")
    assert text[slice(*widen_to_words(text, i, i + 6))] == "données"
    assert widen_to_words(text, 3, 3) == (3, 3)  # already between words
    # An elision or a hyphen joins the two sides: no excerpt starts at "article" of "l'article".
    assert not is_boundary("l'article", 2) and not is_boundary("sous-traitant", 5)


def test_long_sentence_is_cut_to_the_clause_at_fault_on_word_boundaries():
    text = (
        "Sans préjudice des autres stipulations du présent contrat et des engagements pris par chacune des parties "
        "au titre des annexes techniques, financières et juridiques qui en font partie intégrante, le Prestataire "
        "s'efforcera, dans la mesure du possible, de prévenir le Client de toute interruption programmée du service, "
        "y compris pendant les périodes de maintenance, de mise à jour ou de migration vers une nouvelle infrastructure "
        "décidées par le Prestataire seul ou à la demande du Client ou de ses représentants dûment habilités."
    )
    match = (text.index("dans la mesure"), text.index("dans la mesure") + len("dans la mesure du possible"))
    left, right = excerpt_span(text, (0, len(text)), match, 200)
    assert right - left <= 220 and left <= match[0] and right >= match[1]
    assert is_boundary(text, left) and is_boundary(text, right)
    a, b = highlight_span(text, match, (left, right))
    assert text[left:right][a:b] == "dans la mesure du possible"


def test_a_long_sentence_is_never_cut_inside_a_template_field():
    # fr-2/05 (a DOCX template): excerpts began with « }} hors taxes) » and ended
    # with « nbrToLetters(1) », cut at the parenthesis and the comma of a field.
    text = (
        "Le prix total de l'étude est fixé d'un commun accord à {{ etude.nbrJEH }} jours correspondant à "
        "{{ etude.montant | money }} € HT ({{ etude.montant | nbrToLetters(1) }} hors taxes) et à "
        "{{ etude.frais }} € HT ({{ etude.frais | nbrToLetters(1, 'ceil') }} hors taxes) de frais, soit un total de "
        "{{ etude.total | money }} € HT ({{ etude.total | nbrToLetters(1) }} hors taxes) payable à la commande."
    )
    for field in ("{{ etude.frais }}", "{{ etude.total | money }}", "{{ etude.montant | money }}"):
        match = (text.index(field), text.index(field) + len(field))
        for max_length in (60, 90, 120, 160):
            excerpt = text[slice(*excerpt_span(text, (0, len(text)), match, max_length))]
            assert excerpt.count("{{") == excerpt.count("}}"), (field, max_length, excerpt)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/contrat.*"))


@pytest.fixture(scope="module")
def corpus_reports():
    return [audit_file(p) for p in _corpus_files()]


def test_corpus_excerpts_start_and_end_on_word_boundaries(corpus_reports):
    assert corpus_reports
    for report in corpus_reports:
        _assert_on_word_boundaries(report)


def test_shared_contracts_excerpts_start_and_end_on_word_boundaries(shared_contracts):
    files = sorted(p for p in (shared_contracts / "fr").rglob("*") if p.is_file())
    assert files
    for path in files:
        _assert_on_word_boundaries(audit_file(path))


# --- placeholders ---------------------------------------------------------------------------------


def _placeholders(report):
    return [f for f in report.findings if f.rule == "placeholder"]


def test_letterhead_bullets_are_not_blanks(tmp_path):
    letterhead = "ALPHA SAS CAPITAL 13 729 971 € ● SIRET 825 400 336 00095 ● TVA FR 55 825 400 336 ● TEL +33 1 41 91 77 77 · FAX +33 1 41 91 77 78\n\n"
    body = "Article 1 – Objet\nLe Prestataire réalise le site internet du Client pour un prix de 8 000 euros hors taxes.\n\n__________________________\n"
    report = _audit_text(tmp_path, letterhead + CONTRACT_HEAD + body)
    assert _placeholders(report) == []


def test_one_blank_repeated_ten_times_is_one_finding_with_its_count(tmp_path):
    body = "".join(
        f"Article {n} – Engagement {n}\n{{{{company.name}}}} s'engage à livrer le lot {n} au Client.\n\n" for n in range(1, 11)
    )
    report = _audit_text(tmp_path, CONTRACT_HEAD + body)
    (finding,) = _placeholders(report)
    assert finding.count == 10
    assert "{{company.name}}" in finding.message and "10 fois" in finding.message
    assert finding.message.count("§") == 3 and "…" in finding.message  # the first places, not all ten
    assert finding.marked[1] == "{{company.name}}"


def test_dotted_blanks_ending_in_dots_are_one_wording(tmp_path):
    # fr-2/12 (PDF): « du ……………., au …………….. » gave two findings quoting the
    # same sentence, as the ellipses ended in one full stop or two.
    body = "Article 1 – Durée\nLe contrat couvre la période allant du ……………., au …………….., puis du ……………………….\n"
    (finding,) = _placeholders(_audit_text(tmp_path, CONTRACT_HEAD + body))
    assert finding.count == 3


def test_different_blanks_are_different_findings(tmp_path):
    body = "Article 1 – Prix\nLe prix est de [MONTANT] euros.\n\nArticle 2 – Durée\nLe contrat prend effet le {{date_debut}}.\n"
    report = _audit_text(tmp_path, CONTRACT_HEAD + body)
    assert sorted(f.marked[1] for f in _placeholders(report)) == ["[MONTANT]", "{{date_debut}}"]
    assert all(f.count == 1 and "fois" not in f.message for f in _placeholders(report))


def test_blanks_in_a_running_header_are_reported(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "[CLIENT] Annexe [X] – Convention de services – [DATE]"
    document.add_heading("Convention de services", level=1)
    document.add_paragraph("Le Prestataire s'engage à fournir au Client les services décrits ci-après pendant la durée du contrat.")
    path = tmp_path / "annexe.docx"
    document.save(path)
    report = audit_document(parse(path))
    found = {f.marked[1] for f in _placeholders(report)}
    assert "[CLIENT]" in found


# --- vague-term -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase", "hint"),
    [
        ("Le Prestataire s'efforce, dans la mesure du possible, de prévenir le Client des maintenances.", "dans la mesure du possible", "limites"),
        ("Le Prestataire s'engage à corriger les anomalies dans les meilleurs délais.", "dans les meilleurs délais", "jours ouvrés"),
        ("Le Prestataire doit informer le Client en temps utile de tout retard.", "en temps utile", "échéance"),
    ],
)
def test_vague_term_names_the_phrase_and_suggests_a_fix_for_it(tmp_path, sentence, phrase, hint):
    report = _audit_text(tmp_path, CONTRACT_HEAD + "Article 1 – Obligations\n" + sentence + "\n")
    (finding,) = [f for f in report.findings if f.rule == "vague-term"]
    assert f"« {phrase} »" in finding.message
    assert finding.marked[1] == phrase
    assert hint in finding.suggestion


# --- not a contract -------------------------------------------------------------------------------


def test_minutes_get_a_notice_instead_of_missing_clauses(tmp_path):
    minutes = (
        "PROCÈS-VERBAL\n\nSéance publique du 20 juin\n\nLa séance est ouverte à 16 heures. "
        "L'ordre du jour de la séance est adopté. Aucune question du public.\n\nLa séance est levée à 16 h 05.\n"
    )
    report = _audit_text(tmp_path, minutes, "pv.txt")
    assert [f.rule for f in report.findings] == ["not-a-contract"]
    assert "ne ressemble pas à un contrat" in report.findings[0].message


def test_shared_meeting_minutes_pdf_gets_the_notice(shared_contracts):
    path = shared_contracts / "tricky" / "pdfplumber" / "2023-06-20-PV.pdf"
    if not path.exists():
        pytest.skip("the minutes PDF is not in ../shared")
    report = audit_file(path)
    assert [f.rule for f in report.findings] == ["not-a-contract"]


def test_a_contract_keeps_its_missing_clauses(tmp_path):
    report = _audit_text(tmp_path, CONTRACT_HEAD + "Article 1 – Objet\nLe Prestataire réalise le site internet du Client.\n")
    rules = {f.rule for f in report.findings}
    assert "missing-clause" in rules and "not-a-contract" not in rules
