"""The networks ``gradproof check`` accepts: activations, costs and size limits.

Plain data (no SymPy), so the command line can offer them as options without loading the checker;
:mod:`gradproof.checker.network` builds the networks and re-exports these names.
"""

from __future__ import annotations

ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu")
COSTS: tuple[str, ...] = ("quadratic", "squared", "cross_entropy")
MAX_LAYERS = 8
MAX_PAIRS = 4
