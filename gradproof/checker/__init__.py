"""Checking a user's own gradient derivation (``gradproof.check`` / ``gradproof check``).

* :mod:`.parser` — the whitelist parser: user text → SymPy, never through ``eval``/``sympify``;
* :mod:`.network` — the chain of single neurons, its cost and the reference derivative;
* :mod:`.steps` — :func:`check_steps`: a whole derivation link by link (:mod:`.atoms`,
  :mod:`.links`, :mod:`.signs`, :mod:`.latex`);
* :mod:`.layers` — a fully connected network (``--sizes``): matrix formulas, derivations;
* :mod:`.api` — the public :func:`check` and :func:`check_steps` (chain or ``sizes``);
* :mod:`.core` — the chain's :func:`check`: prove (symbolic identity) or refute (a separating
  point), with a time limit enforced by killing a worker process.
"""

from __future__ import annotations

from gradproof.checker.api import check, check_steps
from gradproof.checker.core import CheckResult, Counterexample
from gradproof.checker.layers import LayerCheckResult
from gradproof.checker.network import CheckInputError
from gradproof.checker.steps import LinkResult, StepsInputError, StepsResult

# the results' notebook displays attach themselves when the checker is imported
from gradproof.checker import show as _show  # noqa: F401  isort: skip

__all__ = [
    "CheckInputError",
    "CheckResult",
    "Counterexample",
    "LayerCheckResult",
    "LinkResult",
    "StepsInputError",
    "StepsResult",
    "check",
    "check_steps",
]
