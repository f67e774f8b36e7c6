"""Shared test fixtures: where the project's corpus and the optional shared/ folder are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_contracts() -> Path:
    path = SHARED / "contracts"
    if not path.is_dir():
        pytest.skip("../shared/contracts is not available (a user's clone has none)")
    return path
