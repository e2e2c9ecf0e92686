"""Checking a user's own gradient derivation (``gradproof.check`` / ``gradproof check``).

* :mod:`.parser` — the whitelist parser: user text → SymPy, never through ``eval``/``sympify``;
* :mod:`.network` — the chain of single neurons, its cost and the reference derivative;
* :mod:`.steps` — :func:`check_steps`: a whole derivation link by link (:mod:`.atoms`,
  :mod:`.links`, :mod:`.signs`, :mod:`.latex`);
* :mod:`.core` — :func:`check`: prove (symbolic identity) or refute (a separating point), with a
  time limit enforced by killing a worker process.
"""

from __future__ import annotations

from gradproof.checker.core import CheckResult, Counterexample, check
from gradproof.checker.network import CheckInputError
from gradproof.checker.steps import LinkResult, StepsInputError, StepsResult, check_steps

# the results' notebook displays attach themselves when the checker is imported
from gradproof.checker import show as _show  # noqa: F401  isort: skip

__all__ = [
    "CheckInputError",
    "CheckResult",
    "Counterexample",
    "LinkResult",
    "StepsInputError",
    "StepsResult",
    "check",
    "check_steps",
]
