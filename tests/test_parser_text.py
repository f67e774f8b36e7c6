"""The text and Markdown parser on the same contract saved the ways people save it."""

from __future__ import annotations

import textwrap

import pytest

from lint.model import BlockKind
from lint.parsers import parse
from lint.parsers.text import parse_text

try:
    from conftest import CORPUS
except ImportError:  # pragma: no cover - run from the project root
    from tests.conftest import CORPUS

DOCX_SAMPLE = CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"
TEXT_KINDS = (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)


@pytest.fixture(scope="module")
def docx_paragraphs() -> list[str]:
    return [b.text for b in parse(DOCX_SAMPLE).blocks if b.kind in TEXT_KINDS]


def test_word_plain_text_export_keeps_the_word_paragraphs(tmp_path, docx_paragraphs):
    # Word's "plain text" export: one line per paragraph, CRLF, cp1252, no
    # blank line between paragraphs. They were joined into a dozen blocks, so
    # findings were located under the wrong article and quoted across headings.
    path = tmp_path / "contrat.txt"
    path.write_bytes("\r\n".join(docx_paragraphs).encode("cp1252"))
    assert [b.text for b in parse_text(path).blocks] == docx_paragraphs


def test_hard_wrapped_text_is_still_joined_into_paragraphs(tmp_path, docx_paragraphs):
    path = tmp_path / "contrat.txt"
    path.write_text("\n\n".join(textwrap.fill(text, 72) for text in docx_paragraphs), encoding="utf-8")
    assert [b.text for b in parse_text(path).blocks] == docx_paragraphs


def test_real_markdown_without_its_blank_lines_reads_the_same(tmp_path, shared_contracts):
    # fr-2/22: web text, one paragraph a line with a blank line between.
    source = shared_contracts / "fr-2" / "22-cgv-saas-pilot-huckleberry.md"
    if not source.exists():
        pytest.skip(f"{source.name} not available")
    packed = tmp_path / source.name
    packed.write_text("\n".join(line for line in source.read_text(encoding="utf-8").split("\n") if line.strip()), encoding="utf-8")
    assert [b.text for b in parse(packed).blocks] == [b.text for b in parse(source).blocks]
