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


@pytest.fixture
def count_calls(monkeypatch):
    """`count_calls(module, name)` wraps module.name so that each call's first
    argument is appended to the list it returns (the call itself still runs)."""

    def wrap(module, name: str) -> list:
        calls: list = []
        real = getattr(module, name)

        def counting(first, *args, **kwargs):
            calls.append(first)
            return real(first, *args, **kwargs)

        monkeypatch.setattr(module, name, counting)
        return calls

    return wrap
