"""clausier: a French-first contract completeness linter."""

__version__ = "0.1.0"
