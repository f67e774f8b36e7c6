"""Check kinds, each declared once: its function, what it is for, what it
needs in a rule's language block, and the options it reads.

The declarations live beside the functions (lint.checks.rules registers
them); the rule-pack loader validates `check:`, the needs and the options
against this registry, so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class CheckKind:
    name: str
    function: Callable
    description: str
    # Keys a rule's language block must hold (match, when, items).
    needs: tuple[str, ...] = ()
    # Options a rule of this kind may set.
    options: tuple[str, ...] = ()


REGISTRY: dict[str, CheckKind] = {}


def register(*kinds: CheckKind) -> dict[str, CheckKind]:
    for kind in kinds:
        if kind.name in REGISTRY and REGISTRY[kind.name] != kind:
            raise ValueError(f"check kind {kind.name!r} is declared twice")
        REGISTRY[kind.name] = kind
    return {kind.name: kind for kind in kinds}


def check_kinds() -> dict[str, CheckKind]:
    """Every declared check kind (importing the modules that declare them)."""
    import lint.checks.rules  # noqa: F401 - declares the kinds

    return REGISTRY
