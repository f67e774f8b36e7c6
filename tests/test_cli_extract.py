"""`clausier extract`, and bad input everywhere: one clear line, exit code 2, no traceback."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from lint.cli import main

from conftest import CORPUS

runner = CliRunner()


def test_version():
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "clausier" in result.output


def test_extract_text_shows_outline_and_blocks():
    result = runner.invoke(main, ["extract", str(CORPUS / "01-partenariat-agence-digitale" / "contrat.docx")])
    assert result.exit_code == 0
    assert "## Outline" in result.output and "Confidentialité" in result.output
    assert "[§1 " in result.output


def test_extract_json_is_the_document_model():
    result = runner.invoke(main, ["extract", "--format", "json", str(CORPUS / "13-prestation-audit-securite" / "contrat.txt")])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"path", "format", "metadata", "blocks", "sections"}
    block = data["blocks"][0]
    assert set(block) >= {"kind", "text", "level", "location"}
    assert set(block["location"]) == {"page", "block", "section"}


def _bad_files(tmp_path):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blanc.md"
    blank.write_text("   \n\n  \n", encoding="utf-8")
    not_zip = tmp_path / "faux.docx"
    not_zip.write_text("ceci n'est pas un zip", encoding="utf-8")
    lock = tmp_path / "~$contrat.docx"
    lock.write_bytes(b"\x00" * 162)
    legacy = tmp_path / "ancien.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    unknown = tmp_path / "contrat.rtf"
    unknown.write_text("{\\rtf1 contrat}", encoding="utf-8")
    truncated = tmp_path / "tronque.docx"
    with zipfile.ZipFile(tmp_path / "full.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 1000)
    truncated.write_bytes((tmp_path / "full.docx").read_bytes()[:200])
    not_pdf = tmp_path / "faux.pdf"
    not_pdf.write_text("pas un pdf", encoding="utf-8")
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (320 * 1024 * 1024))
    return {
        "empty": empty, "empty-md": blank, "not-a-zip": not_zip, "lock-file": lock, "legacy-doc": legacy,
        "unsupported-format": unknown, "corrupt": truncated, "corrupt-pdf": not_pdf, "zip-bomb": bomb,
        "not-found": tmp_path / "absent.pdf",
    }


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return _bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", ["empty", "empty-md", "not-a-zip", "lock-file", "legacy-doc", "unsupported-format", "corrupt", "corrupt-pdf", "zip-bomb", "not-found"])
def test_bad_input_gives_one_line_and_exit_2(bad_files, case):
    result = CliRunner().invoke(main, ["extract", str(bad_files[case])])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("clausier: error [")
    kind = case.split("-md")[0].replace("corrupt-pdf", "corrupt")
    assert f"[{kind}]" in lines[0]


def test_input_file_is_never_modified(tmp_path):
    source = CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"
    before = source.read_bytes()
    runner.invoke(main, ["extract", str(source)])
    assert source.read_bytes() == before
