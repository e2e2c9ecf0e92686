"""Checking a user's own gradient derivation (``gradproof.check`` / ``gradproof check``).

* :mod:`.parser` — the whitelist parser: user text → SymPy, never through ``eval``/``sympify``;
* :mod:`.network` — the chain of single neurons, its cost and the reference derivative;
* :mod:`.core` — :func:`check`: prove (symbolic identity) or refute (a separating point), with a
  time limit enforced by killing a worker process.
"""

from __future__ import annotations

from gradproof.checker.core import CheckResult, Counterexample, check
from gradproof.checker.network import CheckInputError

__all__ = ["CheckInputError", "CheckResult", "Counterexample", "check"]
