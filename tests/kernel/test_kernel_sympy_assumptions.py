"""Wrong proofs that SymPy's assumption system would let through.

SymPy evaluates its facts in a random order (``sympy.core.random._assumptions_rng``, seeded
afresh in every process), and some of its handlers are wrong: an empty product ∏_{k=2}^{1} (whose
value is 1) reports ``is_extended_nonpositive`` True. In about 1 process in 20 that made
``−3·∏_{k=2}^{1}|w_k|`` "nonnegative", and the core proved the false link
``|σ′(z₁)|·∏_{k=2}^{1}|w_k| ≤ ∏_{k=2}^{1}|w_k|/16`` from ``|σ′(z₁)| ≤ 1/4`` (the sanity net caught
it: a kernel error in a fresh-clone test run). The core now evaluates empty Σ/∏ before asking
SymPy for a sign and never accepts a sign SymPy also contradicts. Each test runs under many
assumption orders, so a regression shows whatever order this process happens to draw.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sympy as sp
from sympy.core.cache import clear_cache
from sympy.core.random import seed as assumptions_seed

from gradproof import core
from gradproof.core.algebra import has_sign

#: SymPy assumption orders tried by each test (the bug showed in 11 of the first 200)
ORDERS = range(60)


def _orders() -> Iterator[int]:
    for s in ORDERS:
        assumptions_seed(s)
        clear_cache()
        yield s


def _empty_product() -> sp.Expr:
    k = sp.Symbol("k", integer=True)
    return sp.Product(sp.Abs(sp.Function("w")(k)), (k, 2, 1))


def test_a_negative_multiple_of_an_empty_product_is_never_nonnegative() -> None:
    for s in _orders():
        empty = _empty_product()
        assert not has_sign(-3 * empty, "nonnegative"), f"assumption order {s}"
        assert has_sign(empty, "positive"), f"assumption order {s}: ∏ over no terms is 1 > 0"


def test_the_false_base_link_is_refused_in_every_assumption_order() -> None:
    t = sp.Symbol("t", real=True)
    for s in _orders():
        empty = _empty_product()
        quarter = core.assume(sp.Le(sp.Abs(t), sp.Rational(1, 4)))
        false_link = sp.Le(sp.Abs(t) * empty, empty / 16)
        with pytest.raises(core.ProofError):
            core.inequality(false_link, using=(quarter,))
        # the true link with the same fact is still proved (the fix refuses only the false one)
        proved = core.inequality(sp.Le(sp.Abs(t) * empty, empty / 4), using=(quarter,))
        assert proved.prop == sp.Le(sp.Abs(t) * empty, empty / 4), f"assumption order {s}"


def test_an_empty_sum_is_not_positive() -> None:
    k, n = sp.Symbol("k", integer=True), sp.Symbol("n", integer=True, positive=True)
    for s in _orders():
        empty = sp.Sum(n + k**2, (k, 3, 2))  # the summand is positive; the sum over no k is 0
        assert not has_sign(empty, "positive"), f"assumption order {s}"
        with pytest.raises(core.ProofError):
            core.inequality(sp.Gt(empty, 0))
