"""σ and σ′ as SymPy expressions, shared by the proofs and the checker.

They are definitions, not claims: :mod:`gradproof.proofs.sigmoid` proves what they satisfy
(``sigmoid_prime_eq``: σ′ is dσ/dx) and re-exports them; the checker builds its networks from
them. Keeping them here lets ``gradproof check`` load without the proofs and keeps the import
graph acyclic.
"""

from __future__ import annotations

import sympy as sp


def sigma(x: sp.Expr) -> sp.Expr:
    """The sigmoid as a SymPy expression, 1/(1 + e^(−x))."""
    return 1 / (1 + sp.exp(-x))


def sigma_prime(x: sp.Expr) -> sp.Expr:
    """σ′ in the form the texts use, σ(x)(1 − σ(x)) — proved to be dσ/dx by ``sigmoid_prime_eq``."""
    return sigma(x) * (1 - sigma(x))
