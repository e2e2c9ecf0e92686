"""Tests that need an optional extra skip cleanly without it, naming the ``pip install`` line."""

from __future__ import annotations

import pytest

from gradproof.claims import install_hint


def require(*modules: str) -> None:
    """``pytest.importorskip`` each module, the reason naming the extra that installs it."""
    for module in modules:
        pytest.importorskip(module, reason=install_hint(module))
