"""The pre-commit hook, run as pre-commit would run it (without needing the
pre-commit package): its `entry` and `args`, with the staged files of a
temporary git repository that match its `files` pattern as arguments."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DRAFT = """CONTRAT DE PRESTATION DE SERVICES

Entre la société Alpha, d'une part, et la société Beta, d'autre part, il a été convenu ce qui suit.

Article 1 – Objet
Le Prestataire réalise le site internet du Client pour un prix de [MONTANT] euros hors taxes.
"""


def _hook() -> dict:
    (hook,) = [h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8")) if h["id"] == "clausier"]
    return hook


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def _run_hook(repo: Path) -> subprocess.CompletedProcess:
    hook = _hook()
    staged = _git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR").split()
    files = [f for f in staged if re.search(hook["files"], f)]
    command = shlex.split(hook["entry"])
    # pre-commit installs the package in its own environment; here the test's environment has it.
    command[0] = str(Path(sys.executable).with_name(command[0]))
    return subprocess.run([*command, *hook.get("args", []), *files], cwd=repo, capture_output=True, text=True, timeout=600)


def test_hook_declares_the_contract_formats():
    hook = _hook()
    assert hook["language"] == "python" and hook["entry"].startswith("clausier audit")
    for name in ("a.docx", "b.pdf", "c.odt", "contrats/d.md"):
        assert re.search(hook["files"], name), name
    assert not re.search(hook["files"], "notes.txt") and not re.search(hook["files"], "script.py")


def test_hook_entry_blocks_a_commit_with_a_blank_left_in_a_contract(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "contrats").mkdir()
    (repo / "contrats" / "prestation.md").write_text(DRAFT, encoding="utf-8")
    (repo / "notes.txt").write_text("pas un contrat", encoding="utf-8")
    _git(repo, "add", ".")
    result = _run_hook(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "contrats/prestation.md" in result.stdout and "placeholder" in result.stdout
    assert "notes.txt" not in result.stdout  # not a contract format: never passed to the hook


def test_hook_entry_no_longer_reports_the_blank_once_filled(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "prestation.md").write_text(DRAFT.replace("[MONTANT]", "8 000"), encoding="utf-8")
    _git(repo, "add", ".")
    result = _run_hook(repo)
    assert "placeholder" not in result.stdout
    assert result.returncode in (0, 1), result.stderr  # other findings may remain; the blank is gone
