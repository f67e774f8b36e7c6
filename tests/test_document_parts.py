"""The titles of a contract's parts that hold no clause (contents, definitions,
preamble, contract documents) and the words that open a blank are data: one
`parts` block per language in document.yml, read and checked at load."""

from __future__ import annotations

import re
import shutil
import textwrap

import pytest

import lint.ruleset.loader as loader
from lint.checks.presence import excluded_blocks
from lint.config import Config
from lint.engine import audit_document
from lint.parsers import parse
from lint.parsers.text import parse_text
from lint.ruleset.loader import NO_PARTS, load_rulepack
from lint.ruleset.schema import RulePackError


def test_each_language_gets_its_own_titles_from_the_data():
    pack = load_rulepack()
    fr, en = pack.document_parts("fr"), pack.document_parts("en")
    # Written with their accents, folded as headings are.
    assert "table des matieres" in fr.contents and "preambule" in fr.preamble and "a completer" in fr.blanks
    assert "table of contents" in en.contents and "recitals" in en.preamble and "order of precedence" in en.contract_documents
    assert not {"contents", "table of contents", "recitals", "whereas", "contract documents"} & {*fr.contents, *fr.preamble, *fr.contract_documents}
    assert not {"sommaire", "glossaire", "preambule", "pieces contractuelles"} & {*en.contents, *en.definitions, *en.preamble, *en.contract_documents}
    assert en.blanks == ()


def test_a_title_is_recognised_in_its_own_language_only(tmp_path):
    path = tmp_path / "contrat.md"
    path.write_text(
        "# Glossaire\n\nSite : le site internet du Client, accessible en ligne.\n\n"
        "# Table of contents\n\nServices\n\nFees\n\n"
        "# Article 1 – Objet\n\nLe Prestataire réalise le site internet du Client.\n",
        encoding="utf-8",
    )
    document = parse(path)
    pack = load_rulepack()

    def excluded_texts(lang):
        return {document.blocks[i].text for i in excluded_blocks(document, pack.document_parts(lang))} - {"Glossaire", "Table of contents", "Article 1 – Objet"}

    assert excluded_texts("fr") == {"Site : le site internet du Client, accessible en ligne."}
    assert excluded_texts("en") == {"Services", "Fees"}


@pytest.fixture
def fresh_pack_cache(tmp_path, monkeypatch):
    """A pack read afresh, stored in a private cache, and forgotten after the test."""
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(tmp_path / "cache"))
    loader._load_rulepack_cached.cache_clear()
    yield
    loader._load_rulepack_cached.cache_clear()


ENGLISH = """MASTER SERVICES AGREEMENT

TABLE OF CONTENTS

1. Definitions ..... 1

2. Services ..... 2

1. Definitions

"Services" means the consulting services described in Exhibit A.

2. Services

The Supplier shall provide the Services to the Customer.

3. Fees

The Customer shall pay the Supplier a monthly fee of USD 5,000 within thirty (30) days of invoice.
"""


def test_a_language_without_the_block_loads_and_audits(tmp_path, monkeypatch, fresh_pack_cache):
    rules = tmp_path / "rules"
    shutil.copytree(loader.builtin_rules_dir(), rules)
    english = rules / "en" / "document.yml"
    text, count = re.subn(r"(?ms)^parts:\n.*?(?=^rules:)", "", english.read_text(encoding="utf-8"))
    assert count == 1
    english.write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "builtin_rules_dir", lambda: rules)

    pack = load_rulepack()
    assert pack.document_parts("en") is NO_PARTS and pack.document_parts("fr").contents
    path = tmp_path / "msa.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    report = audit_document(parse_text(path), config=Config(language="en"), profile="services")
    assert report.error is None and report.language == "en" and report.clauses


def _playbook(tmp_path, files: dict[str, str]):
    extra = tmp_path / "playbook"
    for name, content in files.items():
        (extra / name).parent.mkdir(parents=True, exist_ok=True)
        (extra / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return (str(extra),)


@pytest.mark.parametrize(
    "files, file, key, message",
    [
        ({"document.yml": "parts:\n  fr:\n    contents: sommaire\n"}, "document.yml", "parts.fr.contents", "expected list"),
        ({"document.yml": "parts:\n  fr: [sommaire]\n"}, "document.yml", "parts.fr", "expected a mapping"),
        ({"document.yml": "parts:\n  fr:\n    titles: [sommaire]\n"}, "document.yml", "parts.fr.titles", "unknown key"),
        ({"document.yml": "parts:\n  de:\n    contents: [inhalt]\n"}, "document.yml", "parts.de", "unknown key"),
        ({"document.yml": "parts:\n  fr:\n    contents: ['']\n"}, "document.yml", "parts.fr.contents[0]", "empty phrase"),
        ({"en/document.yml": "parts:\n  contents: [1]\n"}, "en/document.yml", "parts.contents[0]", "expected str"),
        ({"extra.yml": "parts:\n  fr:\n    contents: [sommaire]\n"}, "extra.yml", "parts", "unknown key"),
        ({"document.yml": "parts:\n  fr:\n    contents: [sommaire]\n"}, "document.yml", "parts.fr", "defined twice"),
    ],
    ids=["not-a-list", "not-a-mapping", "unknown-kind", "unknown-language", "empty-title", "not-a-string", "outside-document-yml", "twice"],
)
def test_a_damaged_parts_block_is_a_load_error_naming_the_file_and_key(tmp_path, files, file, key, message):
    with pytest.raises(RulePackError) as error:
        load_rulepack(_playbook(tmp_path, files))
    assert (error.value.file, error.value.key) == (file, key) and message in error.value.message


def test_definition_entries_and_drafting_notes_are_each_languages_own_words(tmp_path):
    """The verbs of a definitions entry, the words of an appointment and of a
    drafting note come from each language's `parts`, not from code."""
    pack = load_rulepack()
    fr, en = pack.document_parts("fr"), pack.document_parts("en")
    assert "désigne" in fr.definition_verbs and "means" in en.definition_verbs
    assert not set(fr.definition_verbs) & set(en.definition_verbs)
    path = tmp_path / "contrat.txt"
    path.write_text(
        "Article 1 – Objet\n\n"
        "Le Portail désigne l'application de réservation mise à disposition des adhérents.\n\n"
        "L'Association désigne la société Altivéa comme son unique prestataire de billetterie.\n\n"
        "Un arbitre désigné par la chambre de commerce tranche le différend.\n\n"
        "[Option : prévoir une remise de fidélité]\n\n"
        "The Platform means the booking application made available to members.\n",
        encoding="utf-8",
    )
    document = parse(path)

    def excluded_texts(parts):
        return {document.blocks[i].text for i in excluded_blocks(document, parts)} - {"Article 1 – Objet"}

    # (« désigné », a participle, defines nothing; an appointment is a clause.)
    assert excluded_texts(fr) == {
        "Le Portail désigne l'application de réservation mise à disposition des adhérents.",
        "[Option : prévoir une remise de fidélité]",
    }
    assert excluded_texts(en) == {"[Option : prévoir une remise de fidélité]", "The Platform means the booking application made available to members."}
    # A language that lists none of these words recognises none of them.
    assert excluded_texts(NO_PARTS) == set()
