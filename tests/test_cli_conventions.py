"""CLI conventions a user expects: colour switches (--color, FORCE_COLOR,
NO_COLOR) and `explain` that forgives case and typos."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main

CONTRACT = "Le Prestataire s'engage à livrer le site au Client dans les meilleurs délais.\n"
ANSI = "\x1b["


@pytest.fixture
def contract(tmp_path) -> Path:
    path = tmp_path / "contrat.txt"
    path.write_text(CONTRACT * 3, encoding="utf-8")
    return path


def _audit(path: Path, *args: str, env: dict | None = None):
    # CliRunner's stdout is not a terminal, as in a pipe.
    return CliRunner().invoke(main, ["audit", "--jobs", "1", "--no-cache", "--quiet", *args, str(path)], env=env or {})


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {"NO_COLOR": None, "FORCE_COLOR": None}, False),  # piped: plain
        (("--color",), {"NO_COLOR": None, "FORCE_COLOR": None}, True),  # --color forces it
        ((), {"NO_COLOR": None, "FORCE_COLOR": "1"}, True),  # so does FORCE_COLOR
        ((), {"NO_COLOR": None, "FORCE_COLOR": "0"}, False),
        (("--color",), {"NO_COLOR": "1", "FORCE_COLOR": None}, False),  # NO_COLOR wins over --color
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # and over FORCE_COLOR
        (("--no-color",), {"NO_COLOR": None, "FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_switches(contract, args, env, coloured):
    result = _audit(contract, *args, env=env)
    assert result.exit_code in (0, 1), result.output
    assert (ANSI in result.stdout) is coloured


@pytest.mark.parametrize("name", ["missing-clause", "MISSING-CLAUSE", "cl001", "CL001", "Vague-Term", "vague-001"])
def test_explain_accepts_names_and_codes_in_any_case(name):
    result = CliRunner().invoke(main, ["explain", name])
    assert result.exit_code == 0, result.output
    assert "{" not in result.stdout  # no raw "{title}" or "{phrase}"


def test_explain_suggests_the_nearest_rule_on_a_typo():
    result = CliRunner().invoke(main, ["explain", "vage-term"])
    assert result.exit_code == 2
    assert "vouliez-vous dire « vague-term »" in result.stderr


def test_explain_missing_clause_shows_fields_in_words():
    out = CliRunner().invoke(main, ["explain", "CL001"]).stdout
    assert "Clause essentielle absente : ‹titre de la clause›." in out
    assert "Clause facultative absente" in out
