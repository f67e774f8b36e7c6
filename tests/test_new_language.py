"""A third language is a rule-pack folder plus one entities module: this
test adds Spanish to a copy of the source tree, touching no file already
there, and audits a Spanish contract with it end to end (README, "Adding a
language"). It runs the CLI in a subprocess because the language registry is
read once per process, from the pack folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lint
from lint.packdata import builtin_rules_dir

LANGUAGE = """\
code: es
name: Spanish
detection_words: el la los las de del y en que por para con una un es son su sus se al no
keyword_baseline:
  jurisdiction: 'ley aplicable|tribunales'
"""
DOCUMENT = """\
rules:
  - name: missing-clause
    options:
      optional_text:
        message: "Cláusula opcional ausente: {title}."
        suggestion: "Si le concierne, añada una cláusula «{title}»."
    title: Cláusula ausente
    message: "Cláusula esencial ausente: {title}."
    suggestion: "Añada una cláusula «{title}» al contrato."
    docs:
      basis: "Objeto cierto del contrato (principio general)."
      fail: "El Prestador desarrolla la aplicación del Cliente."
      pass: "El presente contrato tiene por objeto el desarrollo de la aplicación del Cliente."
"""
JURISDICTION = """\
family: jurisdiction
title: Ley aplicable y jurisdicción
detection:
  headings: [ley aplicable, jurisdicción, ley aplicable y jurisdicción]
  heading_min_score: 90
  threshold: 4
  signals:
    - id: law
      label: la ley que rige el contrato
      weight: 4
      match:
        regex: ['(se rige|regido|sometido) (\\S+ ){0,3}(ley|legislacion)']
"""
ENTITIES = '''"""Spanish entities: none yet, so entity leaves find nothing."""
FINDERS: dict = {}


def find_entity(text, kinds):
    return None
'''
# Written for this test; no dev document is in Spanish.
CONTRACT = """CONTRATO DE PRESTACIÓN DE SERVICIOS

Artículo 1. Objeto

El presente contrato tiene por objeto el desarrollo de una aplicación móvil por el Prestador para el Cliente, en las condiciones que se establecen en las cláusulas siguientes.

Artículo 2. Ley aplicable

El presente contrato se rige por la ley española y las partes se someten a los tribunales de Sevilla para toda controversia sobre su interpretación.
"""


def _tree(tmp_path: Path, with_document: bool = True) -> Path:
    """A copy of the package and its rule pack, plus the Spanish files only."""
    root = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "_rules")
    shutil.copytree(Path(lint.__file__).parent, root / "lint", ignore=ignore)
    shutil.copytree(builtin_rules_dir(), root / "rules", ignore=ignore)
    before = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    folder = root / "rules" / "es"
    folder.mkdir()
    (folder / "language.yml").write_text(LANGUAGE, encoding="utf-8")
    (folder / "jurisdiction.yml").write_text(JURISDICTION, encoding="utf-8")
    if with_document:
        (folder / "document.yml").write_text(DOCUMENT, encoding="utf-8")
    (root / "lint" / "nlp" / "entities_es.py").write_text(ENTITIES, encoding="utf-8")
    after = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    added = set(after) - set(before)
    assert set(before) <= set(after) and all(p.parts[:2] == ("rules", "es") or p.name == "entities_es.py" for p in added)
    return root


def _audit(root: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    contract = tmp_path / "contrato.txt"
    contract.write_text(CONTRACT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root), "CLAUSIER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "lint", "audit", str(contract), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def test_a_language_folder_and_an_entities_module_add_a_language(tmp_path):
    if builtin_rules_dir().parent.name == "lint":
        pytest.skip("installed package: the rule pack is not a source folder to copy")
    done = _audit(_tree(tmp_path), tmp_path, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(done.stdout)["documents"][0]
    assert document["language"] == "es"
    clauses = {c["id"]: c for c in document["clauses"]}
    assert clauses["jurisdiction"]["status"] == "present"


def test_a_language_without_the_checklist_text_is_refused_at_load(tmp_path):
    if builtin_rules_dir().parent.name == "lint":
        pytest.skip("installed package: the rule pack is not a source folder to copy")
    done = _audit(_tree(tmp_path, with_document=False), tmp_path)
    assert done.returncode == 2
    assert "missing-clause" in done.stderr and "Traceback" not in done.stderr
