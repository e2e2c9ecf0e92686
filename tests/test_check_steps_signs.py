"""The sign certificate of check-steps' inequality links (gradproof.checker.signs) is sound.

* known facts are certified and their near misses are not: σ′ ≤ 1/4 but not σ′ ≤ 1/5 nor the
  strict σ′ < 1/4 (σ′(0) = 1/4); |w| < 1 under −1 < w < 1 but not |w| ≤ 1/2;
* random polynomial gaps in σ(u), σ′(u), |w| and w: whenever one is certified ≥ 0 (or > 0), it
  is evaluated with mpmath at random real points (σ, σ′ computed from a real u, w drawn inside
  its assumption) and must have that sign there — the certificate is never wrong, whatever it
  fails to prove.
"""

from __future__ import annotations

import random

import mpmath
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gradproof.checker.signs import Range, Sig, SigP, certify_sign

u = sp.Symbol("u", real=True)
v = sp.Symbol("v", real=True)
w = sp.Symbol("w", real=True)
W_RANGE = {w: Range(sp.Integer(-1), sp.Integer(1))}


def test_known_bounds_are_certified_and_their_near_misses_are_not() -> None:
    quarter, fifth = sp.Rational(1, 4), sp.Rational(1, 5)
    assert certify_sign(quarter - SigP(u), False, {})[0]
    assert not certify_sign(fifth - SigP(u), False, {})[0]
    assert not certify_sign(quarter - SigP(u), True, {})[0]  # equality at u = 0
    assert certify_sign(1 - sp.Abs(w), True, W_RANGE)[0]
    assert not certify_sign(sp.Rational(1, 2) - sp.Abs(w), False, W_RANGE)[0]
    assert not certify_sign(1 - sp.Abs(w), False, {})[0]  # no assumption on w
    assert certify_sign(Sig(u) * (1 - Sig(u)) - 0, True, {})[0]
    assert certify_sign(sp.Abs(w) * (quarter - SigP(u) * SigP(v) * 4), False, W_RANGE)[0]
    # the factor 16: |w2 w3| σ′σ′ ≤ |w2 w3|/16 (not ≤ /17)
    w3 = sp.Symbol("w3", real=True)
    prod = sp.Abs(w) * sp.Abs(w3) * SigP(u) * SigP(v)
    assert certify_sign(sp.Abs(w) * sp.Abs(w3) / 16 - prod, False, {})[0]
    assert not certify_sign(sp.Abs(w) * sp.Abs(w3) / 17 - prod, False, {})[0]


ATOMS = [Sig(u), SigP(u), Sig(v), SigP(v), sp.Abs(w), w]


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.integers(-4, 4),
            st.lists(st.integers(0, 2), min_size=len(ATOMS), max_size=len(ATOMS)),
        ),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_certified_gaps_have_their_sign_at_random_real_points(
    terms: list[tuple[int, list[int]]], strict: bool
) -> None:
    gap = sp.Add(*(c * sp.Mul(*(a**k for a, k in zip(ATOMS, ks, strict=True))) for c, ks in terms))
    ok, _how = certify_sign(gap, strict, W_RANGE)
    if not ok:
        return
    rng = random.Random(str(terms))
    f = sp.lambdify(
        (u, v, w),
        gap.replace(Sig, lambda x: 1 / (1 + sp.exp(-x))).replace(
            SigP, lambda x: sp.exp(-x) / (1 + sp.exp(-x)) ** 2
        ),
        "mpmath",
    )
    with mpmath.workdps(40):
        for _ in range(20):
            pu, pv = mpmath.mpf(rng.uniform(-8, 8)), mpmath.mpf(rng.choice([0, rng.uniform(-8, 8)]))
            pw = mpmath.mpf(rng.uniform(-0.999, 0.999))
            value = f(pu, pv, pw)
            assert value > -mpmath.mpf("1e-30"), (gap, pu, pv, pw, value)
            if strict:
                assert value > 0, (gap, pu, pv, pw, value)
