"""The gain of one sigmoid neuron (``shared/CLAIMS.md``, "Problems at the end of ch. 5").

The gain is g(a) = |w σ′(wa + b)|, the factor one neuron contributes to a backpropagated gradient
(Nielsen ch. 5 eq. (122)). Part (1) of the problem after eq. (122): g ≥ 1 somewhere forces |w| ≥ 4.
Part (2): for |w| ≥ 4 the set {a : g(a) ≥ 1} is one closed interval; its width is *exactly*
formula (123), (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1).

How it is proved. Write p = σ(z), z = wa + b. Since σ′ = σ(1 − σ) > 0 (claims
``sigmoid_prime_eq``, ``sigmoid_prime_max``), g ≥ 1 ⇔ |w| p(1 − p) ≥ 1 ⇔ (p − p₋)(p − p₊) ≤ 0
with p± = (1 ± s)/2, s = √(1 − 4/|w|) ∈ [0, 1). Every identity is checked with s as a positive
symbol and |w| written as 4/(1 − s²), which makes the square root disappear; the few sign facts
that need s < 1 use s = r/(1 + r), r > 0, a bijection onto (0, 1).

Public names other modules use: :func:`gain_expr`, :func:`gain_interval_endpoints_expr`,
:func:`gain_width_expr`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, add_evidence, numeric, prop, register, symbolic
from gradproof.core import Theorem
from gradproof.derivation import Derivation, Step, are_equal, check_all, sign_is
from gradproof.logic import Rewrite, Statement, instance, lemma_part, prove_relation, proved_by
from gradproof.proofs import sigmoid as sig
from gradproof.proofs.sigmoid import SIGMOID_PRIME_BOUND, sigma, sigma_prime
from gradproof.properties import run_property

ORDER = 50

w = sp.Symbol("w", real=True)
a = sp.Symbol("a", real=True)
b = sp.Symbol("b", real=True)
z = sp.Symbol("z", real=True)
p = sp.Symbol("p", real=True)
t = sp.Symbol("t", positive=True)  # t = e^{−z}
d = sp.Symbol("d", positive=True)  # slack: |w| = 4 − d < 4
s = sp.Symbol("s", positive=True)  # s = √(1 − 4/|w|), |w| > 4
r = sp.Symbol("r", positive=True)  # s = r/(1 + r) ∈ (0, 1)
e = sp.Symbol("e", nonnegative=True)
f = sp.Symbol("f", nonnegative=True)
wp = sp.Symbol("w", positive=True)  # w > 0
wn = sp.Symbol("w", negative=True)  # w < 0

#: s < 1 (|w| finite): the hypothesis of the derivations in s, where 1 − s² and 1 − s divide
S_BELOW_ONE = sp.Lt(s, 1)
#: |w| in terms of s = √(1 − 4/|w|): s² = 1 − 4/|w| ⇔ |w| = 4/(1 − s²).
ABS_W_OF_S = 4 / (1 - s**2)
#: p₋ and p₊, the roots of |w| p(1 − p) = 1.
P_MINUS = (1 - s) / 2
P_PLUS = (1 + s) / 2
#: Half-width of the set in z: σ⁻¹(p₊) = ln(p₊/p₋) = ln((1 + s)/(1 − s)).
HALF_WIDTH_Z = sp.log((1 + s) / (1 - s))


def gain_expr(w: sp.Expr, a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """|w σ′(wa + b)| as a SymPy expression (σ′ = σ(1 − σ), claim ``sigmoid_prime_eq``)."""
    return sp.Abs(w * sigma_prime(w * a + b))


def _s_of(w: sp.Expr) -> sp.Expr:
    return sp.sqrt(1 - 4 / sp.Abs(w))


def gain_interval_endpoints_expr(w: sp.Expr, b: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(lo, hi) of {a : |w σ′(wa + b)| ≥ 1} for |w| ≥ 4, either sign of w (claim gain_set_width).

    lo, hi = −b/w ∓ ln((1 + s)/(1 − s))/|w| with s = √(1 − 4/|w|); Nielsen ch. 5 problem part (2).
    """
    sw = _s_of(w)
    half = sp.log((1 + sw) / (1 - sw)) / sp.Abs(w)
    return (-b / w - half, -b / w + half)


def gain_width_expr(w: sp.Expr) -> sp.Expr:
    """Formula (123) of Nielsen ch. 5: (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1), for |w| ≥ 4."""
    return 2 / sp.Abs(w) * sp.log(sp.Abs(w) * (1 + _s_of(w)) / 2 - 1)


def _width_123_float(abs_w: float) -> float:
    """Formula (123) in plain floats (an independent evaluation for the numeric checks)."""
    return 2.0 / abs_w * math.log(abs_w * (1.0 + math.sqrt(1.0 - 4.0 / abs_w)) / 2.0 - 1.0)


def _gain_float(wv: float, av: float, bv: float) -> float:
    """|w σ′(wa + b)| in floats, σ′(z) = e^{−|z|}/(1 + e^{−|z|})² (no overflow)."""
    ez = math.exp(-abs(wv * av + bv))
    return abs(wv) * ez / (1.0 + ez) ** 2


# ============================================================ gain_needs_w_ge_4
# Statement: |w σ′(wa + b)| ≥ 1 for some a ⇒ |w| ≥ 4.

GAIN_BELOW_ONE_DERIVATION = Derivation(
    title="|w| = 4 − d < 4 ⇒ |w σ′(z)| < 1",
    assumptions="t = e^{−z} > 0, 0 < d ≤ 4 (|w| = 4 − d)",
    lhs=1 - sp.Symbol("|w σ′(wa + b)|"),
    steps=(
        Step(
            1 - (4 - d) * t / (1 + t) ** 2, "|wσ′| = |w|σ′ and σ′ = t/(1 + t)² (sigmoid_prime_max)"
        ),
        Step(((1 + t) ** 2 - 4 * t + d * t) / (1 + t) ** 2, "common denominator"),
        Step(((t - 1) ** 2 + d * t) / (1 + t) ** 2, "(1 + t)² − 4t = (t − 1)²"),
        Step(
            sp.Integer(0),
            "a square plus a positive term over a positive denominator",
            relation=">",
        ),
    ),
    conclusion="for |w| < 4 the gain is below 1 at every a; so gain ≥ 1 somewhere needs |w| ≥ 4",
)


def gain_at_most_quarter_w_so_one_needs_four() -> Outcome:
    """|wσ′| ≤ |w|/4 (weighted_sigmoid_prime_bound), so |w| < 4 ⇒ gain < 1 (sign argument)."""
    u = sp.Symbol("u", nonnegative=True)  # u = |w|
    sp_t = t / (1 + t) ** 2
    bound = sign_is(u * SIGMOID_PRIME_BOUND - u * sp_t, "nonnegative")
    chain = GAIN_BELOW_ONE_DERIVATION.check()
    # the bound is attained: at a = −b/w, z = 0 and the gain is |w|/4, so |w| = 4 reaches 1
    at_peak = sp.simplify(gain_expr(w, -b / w, b) - sp.Abs(w) / 4) == 0
    sharp = sp.simplify(gain_expr(sp.Integer(4), a, -4 * a)) == 1
    ok = bound and chain.ok and at_peak and sharp
    return Outcome.of(
        ok,
        f"|w|/4 − |w|σ′ ≥ 0: {bound}; {chain.detail}; gain(−b/w) = |w|/4: {at_peak}; "
        f"|w| = 4 reaches gain 1 (the bound 4 is sharp): {sharp}",
    )


def gain_below_one_for_small_weights() -> Outcome:
    """Property: for |w| < 4 and any a, b the float gain is < 1; at a = −b/w it equals |w|/4."""
    from hypothesis import given
    from hypothesis import strategies as st

    finite = st.floats(-1e6, 1e6, allow_nan=False)

    @given(st.floats(-4.0, 4.0, exclude_min=True, exclude_max=True), finite, finite)
    def check(wv: float, av: float, bv: float) -> None:
        g = _gain_float(wv, av, bv)
        assert g < 1.0, f"gain({wv!r}, {av!r}, {bv!r}) = {g!r} ≥ 1 with |w| < 4"
        # |w|/4 up to the rounding of the float evaluation: a few ulp relative, and one
        # subnormal ulp absolute (for subnormal w the product |w|·σ′ rounds in absolute terms)
        slack = abs(wv) / 4 * 1e-15 + math.ulp(0.0)
        assert g <= abs(wv) / 4 + slack, f"gain({wv!r}, {av!r}, {bv!r}) = {g!r} > |w|/4"

    return run_property(check, "|w σ′(wa + b)| < 1 whenever |w| < 4")


def _needs_four_proof(st: Statement) -> Theorem:
    """Gain ≥ 1 ⇒ |w| ≥ c, in the core: the lemma |wσ′(z)| ≤ |w|/4 (weighted_sigmoid_prime_bound,
    its conjunct with a symbolic right side) instantiated at z = wa + b, restated by the sign
    rule as |w| ≥ 4|wσ′(wa + b)|; with the hypothesis gain ≥ 1 the sign rule proves the goal
    (|w| − c ≥ 4(gain − 1) + … ≥ 0 only for c ≤ 4), and the implies rule discharges it. The
    equality part (|w| = 4 reaches gain 1) by the generic prover with σ′'s definition."""
    implication = st.part(sp.Implies)
    hyp, goal = implication.args
    lemma = lemma_part(sig.weighted_sigmoid_prime_bound, sp.Le, lambda r: not r.rhs.is_number)
    at = instance(lemma, {sig.z: w * a + b})  # ⊢ |wσ′(wa + b)| ≤ |w|/4
    bound = at.prop
    four = core.inequality(sp.Ge(4 * bound.rhs, 4 * bound.lhs), using=(at,))  # |w| ≥ 4|wσ′(wa+b)|
    needs = core.implies(core.inequality(goal, hyps=(hyp,), using=(four,)), hyp)
    sharp = prove_relation(st.part(sp.Eq), using=st.definition_theorems())
    proved = {implication: needs, sharp.prop: sharp}
    return core.conj(*(proved[p] for p in st.parts()))


gain_needs_w_ge_4 = register(
    Claim(
        id="gain_needs_w_ge_4",
        statement="If |w σ′(wa + b)| ≥ 1 for some input a, then |w| ≥ 4 (and |w| = 4 suffices).",
        source="nielsen-ch5 problem after eq. (122), part (1)",
        evidence=(
            symbolic(gain_at_most_quarter_w_so_one_needs_four),
            prop(gain_below_one_for_small_weights),
        ),
        derivations=(GAIN_BELOW_ONE_DERIVATION,),
        figures=("gain-width",),
        uses=(sig.weighted_sigmoid_prime_bound,),
        formal=Statement(
            sp.And(
                sp.Implies(sp.Ge(sp.Abs(w * sig.SIGMA_PRIME(w * a + b)), 1), sp.Ge(sp.Abs(w), 4)),
                sp.Eq(sp.Abs(4 * sig.SIGMA_PRIME(4 * a - 4 * a)), 1, evaluate=False),
            ),
            domain="w, a, b real",
            definitions=sig.DEFINITIONS,
            proof=_needs_four_proof,
            explanation="σ′ = dσ/dz; the second part: w = 4, b = −4a reaches gain 1 (4 is sharp)",
        ),
    )
)


# ============================================================ gain_set_width
# Statement: for |w| ≥ 4, {a : gain ≥ 1} is one closed interval, b only shifts it, and its width
# is exactly formula (123).

QUADRATIC_DERIVATION = Derivation(
    title="|w| p(1 − p) − 1 factors through p± = (1 ± s)/2",
    assumptions="s = √(1 − 4/|w|) ∈ (0, 1), so |w| = 4/(1 − s²); p = σ(wa + b)",
    hyps=(S_BELOW_ONE,),
    lhs=sp.Symbol("|w σ′(wa + b)|") - 1,
    steps=(
        Step(
            ABS_W_OF_S * p * (1 - p) - 1, "σ′ = σ(1 − σ) > 0 (sigmoid_prime_eq), |w| = 4/(1 − s²)"
        ),
        Step(-ABS_W_OF_S * (p**2 - p + (1 - s**2) / 4), "take out −|w|; 1/|w| = (1 − s²)/4"),
        Step(-ABS_W_OF_S * (p - P_MINUS) * (p - P_PLUS), "roots p± = (1 ± s)/2"),
    ),
    conclusion="gain ≥ 1 ⇔ (p − p₋)(p − p₊) ≤ 0 ⇔ p₋ ≤ p ≤ p₊",
)

ENDPOINT_DERIVATION = Derivation(
    title="σ⁻¹(p₊) = ln(p₊/p₋) = ln((1 + s)/(1 − s)) and σ⁻¹(p₋) = −σ⁻¹(p₊)",
    assumptions="0 < s < 1",
    hyps=(S_BELOW_ONE,),
    lhs=sp.Symbol("σ(ln(p₊/p₋))"),
    steps=(
        Step(
            1 / (1 + sp.exp(-sp.log(P_PLUS / P_MINUS), evaluate=False)),
            "σ(u) = 1/(1 + e^(−u)) at u = ln(p₊/p₋); σ⁻¹(p) = ln(p/(1 − p)) and 1 − p₊ = p₋",
        ),
        Step(1 / (1 + P_MINUS / P_PLUS), "e^(−ln x) = 1/x"),
        Step(P_PLUS, "simplify"),
    ),
    conclusion="σ(±ln((1 + s)/(1 − s))) = p±, so p₋ ≤ σ(z) ≤ p₊ ⇔ |z| ≤ ln((1 + s)/(1 − s))",
)

WIDTH_123_DERIVATION = Derivation(
    title="the width of the set equals formula (123) exactly",
    assumptions="s = √(1 − 4/|w|) ∈ (0, 1), |w| = 4/(1 − s²)",
    hyps=(S_BELOW_ONE,),
    lhs=sp.Symbol("width"),
    steps=(
        Step(
            2 * HALF_WIDTH_Z / ABS_W_OF_S,
            "a = (z − b)/w maps |z| ≤ ln((1+s)/(1−s)) onto an interval",
        ),
        Step(2 / ABS_W_OF_S * sp.log(2 / (1 - s) - 1), "(1 + s)/(1 − s) = 2/(1 − s) − 1"),
        Step(
            2 / ABS_W_OF_S * sp.log(ABS_W_OF_S * (1 + s) / 2 - 1),
            "2/(1 − s) = |w|(1 + s)/2 since |w|(1 − s²) = 4",
            source="nielsen-ch5 eq. (123)",
        ),
    ),
    conclusion="width = (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1): (123) with equality",
)


def _quadratic_sign_cases() -> tuple[bool, bool, bool]:
    """Q(p) = (p − p₋)(p − p₊): > 0 left of p₋, > 0 right of p₊, ≤ 0 between (s = e + f)."""
    q = (p - P_MINUS) * (p - P_PLUS)
    ep = sp.Symbol("e", positive=True)
    left = sign_is(sp.expand(q.subs(p, P_MINUS - ep)), "positive") or sign_is(
        sp.factor(q.subs(p, P_MINUS - ep)), "positive"
    )
    right = sign_is(sp.factor(q.subs(p, P_PLUS + ep)), "positive")
    inside = sign_is(sp.expand(q.subs(p, P_MINUS + e).subs(s, e + f)), "nonpositive")
    return left, right, inside


def set_is_one_closed_interval_of_width_123() -> Outcome:
    """Symbolic: gain ≥ 1 ⇔ p₋ ≤ σ(z) ≤ p₊ ⇔ |z| ≤ ln((1+s)/(1−s)); a-interval; width = (123)."""
    chains = check_all((QUADRATIC_DERIVATION, ENDPOINT_DERIVATION, WIDTH_123_DERIVATION))
    # s really is √(1 − 4/|w|) when |w| = 4/(1 − s²)
    s_consistent = sp.simplify(sp.sqrt(1 - 4 / ABS_W_OF_S) - s) == 0
    # 0 < p₋ ≤ p₊ < 1, with s = r/(1 + r) ∈ (0, 1)
    s_r = r / (1 + r)
    order = all(
        sign_is(sp.factor(x.subs(s, s_r)), "positive")
        for x in (P_MINUS, P_PLUS - P_MINUS, 1 - P_PLUS)
    )
    complement = sp.simplify(1 - P_PLUS - P_MINUS) == 0
    left, right, inside = _quadratic_sign_cases()
    # σ⁻¹(p₋) = −σ⁻¹(p₊): σ(−L) = p₋
    lower = sp.simplify(sigma(-HALF_WIDTH_Z) - P_MINUS) == 0
    # a = (z − b)/w: endpoints for both signs of w are −b/w ∓ L/|w|, and b only shifts them
    big_l = sp.Symbol("L", positive=True)
    pos = are_equal((-big_l - b) / wp, -b / wp - big_l / sp.Abs(wp)) and are_equal(
        (big_l - b) / wp, -b / wp + big_l / sp.Abs(wp)
    )
    neg = are_equal((big_l - b) / wn, -b / wn - big_l / sp.Abs(wn)) and are_equal(
        (-big_l - b) / wn, -b / wn + big_l / sp.Abs(wn)
    )
    # the public endpoint expressions at |w| = 4/(1 − s²) are those; the gain there is 1
    # (with s = r/(1 + r), so that |w| = 4(1 + r)²/(1 + 2r) is visibly positive)
    abs_w_r = sp.factor(ABS_W_OF_S.subs(s, s_r))
    half_r = HALF_WIDTH_Z.subs(s, s_r)
    lo_p, hi_p = gain_interval_endpoints_expr(abs_w_r, b)
    lo_n, hi_n = gain_interval_endpoints_expr(-abs_w_r, b)
    public = (
        are_equal(hi_p - lo_p, 2 * half_r / abs_w_r)
        and are_equal(lo_n - hi_n, -2 * half_r / abs_w_r)
        and are_equal(lo_p + hi_p, -2 * b / abs_w_r)
        and are_equal(lo_n + hi_n, 2 * b / abs_w_r)
        and are_equal(ABS_W_OF_S * sigma_prime(HALF_WIDTH_Z), 1)
    )
    width_public = are_equal(gain_width_expr(abs_w_r), 2 * half_r / abs_w_r)
    at_four = sp.simplify(gain_width_expr(sp.Integer(4))) == 0
    # |w| = 4 (s = 0, outside the s > 0 above): with t = e^{−z}, 1 − gain = (t − 1)²/(1 + t)²,
    # which vanishes only at t = 1 (z = 0): the set is the one point a = −b/w, of width 0
    one_minus_gain_at_four = 1 - 4 * t / (1 + t) ** 2
    at_four_point = are_equal(one_minus_gain_at_four, (t - 1) ** 2 / (1 + t) ** 2) and sp.solve(
        sp.numer(sp.factor(one_minus_gain_at_four)), t
    ) == [1]
    ok = (
        chains.ok
        and s_consistent
        and order
        and complement
        and left
        and right
        and inside
        and lower
        and pos
        and neg
        and public
        and width_public
        and at_four
        and at_four_point
    )
    return Outcome.of(
        ok,
        f"{chains.detail}; s = √(1 − 4/|w|): {s_consistent}; 0 < p₋ ≤ p₊ < 1: {order}; "
        f"p₋ = 1 − p₊: {complement}; (p−p₋)(p−p₊) > 0 outside, ≤ 0 inside: "
        f"{left and right and inside}; σ(−L) = p₋: {lower}; a-interval −b/w ∓ L/|w| for w > 0: "
        f"{pos}, w < 0: {neg} (b only shifts it by −b/w); public endpoint/width expressions "
        f"agree and gain(endpoint) = 1: {public and width_public}; at |w| = 4 the set is the point "
        f"−b/w (1 − gain = (t − 1)²/(1 + t)², zero only at t = e^{{−z}} = 1): {at_four_point}, "
        f"width 0: {at_four}",
    )


def _measured_interval(wv: float, bv: float) -> tuple[float, float]:
    """Endpoints of {a : gain ≥ 1}: scipy.optimize.brentq on gain − 1 either side of −b/w."""
    from scipy.optimize import brentq

    centre = -bv / wv
    reach = 2.0 * math.log(4.0 * abs(wv)) / abs(wv) + 1.0 / abs(wv)

    def g(x: float) -> float:
        return _gain_float(wv, x, bv) - 1.0

    lo = brentq(g, centre - reach, centre, xtol=1e-15, rtol=1e-15, maxiter=500)
    hi = brentq(g, centre, centre + reach, xtol=1e-15, rtol=1e-15, maxiter=500)
    return float(lo), float(hi)


def width_matches_root_finding() -> Outcome:
    """Measure the set by brentq for 300 seeded random (w, b) and compare with formula (123)."""
    rng = np.random.default_rng(20261123)
    n = 300
    abs_w = 4.0 + 10.0 ** rng.uniform(-2, 4, n)
    ws = abs_w * rng.choice([-1.0, 1.0], n)
    bs = rng.uniform(-50, 50, n)
    worst = 0.0
    one_piece = True
    for wv, bv in zip(ws, bs, strict=True):
        lo, hi = _measured_interval(float(wv), float(bv))
        width = _width_123_float(abs(float(wv)))
        worst = max(worst, abs((hi - lo) - width) / width)
        # one interval: the gain is ≥ 1 at interior grid points and < 1 just outside
        grid = np.linspace(lo, hi, 41)[1:-1]
        inside = all(_gain_float(float(wv), float(x), float(bv)) >= 1.0 for x in grid)
        step = (hi - lo) * 0.01
        outside = all(
            _gain_float(float(wv), x, float(bv)) < 1.0
            for x in (lo - step, hi + step, lo - 10 * step, hi + 10 * step)
        )
        one_piece = one_piece and inside and outside
    # brentq (xtol = rtol = 1e-15) puts each endpoint within a few ulp of the root; |b/w| ≤ 12.5
    # and the width ≥ 2e-3 here, so the relative error of the width is at most ~1e-12 (measured
    # 7e-14): 1e-11, not the 1e-9 that would let a width off by 1e-10 pass
    tol = 1e-11
    return Outcome.of(
        worst <= tol and one_piece,
        f"{n} random (w, b), |w| ∈ 4 + [1e-2, 1e4], both signs, b ∈ [−50, 50]: max relative "
        f"|measured − (123)| = {worst:.2e} (tolerance {tol:g}); gain ≥ 1 inside and < 1 "
        f"outside the measured interval: {one_piece}",
    )


def width_matches_high_precision_roots() -> Outcome:
    """Property: over w ∈ (4, 1e4] (both signs), b ∈ [−50, 50], certified 60-digit roots give
    width (123) to 30 digits.

    Each root of g(a) = |w|σ′(wa + b) − 1 is found by Newton's method at 60 digits, kept inside
    its bracket by bisection, and then certified: g changes sign between r − ε and r + ε
    (ε = 10⁻⁵⁰(1 + |b/w|)), and g is monotone on each side of −b/w, so r is within ε of the
    only root on that side (two sign evaluations instead of a 170-step bisection).
    """
    import mpmath
    from hypothesis import given
    from hypothesis import strategies as st

    @given(
        st.floats(4.0, 1e4, exclude_min=True),
        st.sampled_from([-1.0, 1.0]),
        st.floats(-50.0, 50.0),
    )
    def check(abs_wv: float, sign: float, bv: float) -> None:
        wv = sign * abs_wv
        with mpmath.workdps(60):
            mw, mb = mpmath.mpf(wv), mpmath.mpf(bv)
            aw = abs(mw)

            def g_and_slope(x: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
                e = mpmath.exp(-(mw * x + mb))
                s = 1 / (1 + e)
                sp_ = e * s * s  # σ′(z) = e^{−z}/(1 + e^{−z})²
                return aw * sp_ - 1, aw * mw * sp_ * (1 - 2 * s)

            centre = -mb / mw
            reach = 2 * mpmath.log(4 * aw) / aw + 1 / aw
            eps = mpmath.mpf(10) ** -50 * (1 + abs(centre))
            try:  # a double-precision start (brentq); Newton then needs a few steps only
                starts = [mpmath.mpf(r) for r in _measured_interval(wv, bv)]
            except (ValueError, ZeroDivisionError, OverflowError):  # too close to |w| = 4
                starts = [None, None]
            roots = []
            for outer, start in zip((centre - reach, centre + reach), starts, strict=True):
                # bracket [out, inn]: g(out) < 0 ≤ g(inn) = g(centre) = |w|/4 − 1
                out, inn = outer, centre
                assert g_and_slope(out)[0] < 0, f"bracket end {out} not outside (w={wv!r})"
                inside = start is not None and min(out, inn) < start < max(out, inn)
                x = start if inside else (out + inn) / 2
                for _ in range(400):
                    gx, dg = g_and_slope(x)
                    if gx < 0:
                        out = x
                    else:
                        inn = x
                    step = gx / dg if dg != 0 else None
                    if step is not None and abs(step) < eps / 4:
                        break  # converged (the certificate below decides)
                    nxt = None if step is None else x - step
                    if nxt is None or not (min(out, inn) < nxt < max(out, inn)):
                        nxt = (out + inn) / 2  # Newton left the bracket: bisect
                    if abs(inn - out) < eps:
                        x = nxt
                        break
                    x = nxt
                # certificate: a sign change across [x − ε, x + ε], outer side negative
                towards_out = -1 if outer < centre else 1
                assert g_and_slope(x + towards_out * eps)[0] < 0, f"root not certified w={wv!r}"
                assert g_and_slope(x - towards_out * eps)[0] >= 0, f"root not certified w={wv!r}"
                roots.append(x)
            lo, hi = min(roots), max(roots)
            sw = mpmath.sqrt(1 - 4 / aw)
            formula = 2 / aw * mpmath.log(aw * (1 + sw) / 2 - 1)
            assert g_and_slope((lo + hi) / 2)[0] >= 0, f"gain < 1 at the centre, w={wv!r}"
            # |measured − true width| ≤ 2ε; compare with (123) to 30 digits
            rel = (abs((hi - lo) - formula) + 2 * eps) / formula
            assert rel < mpmath.mpf(10) ** -30, f"w={wv!r}, b={bv!r}: relative gap {rel}"

    return run_property(check, "certified 60-digit roots give width (123) to 30 digits")


# ------------------------------------------------------------ the formal statement of the width
GAIN = sp.Function("gain", real=True)
LO, HI = sp.Function("lo", real=True), sp.Function("hi", real=True)
WIDTH_123 = sp.Function("W₁₂₃", real=True)
_GAIN_DEFINITIONS = {
    **sig.DEFINITIONS,
    GAIN: sp.Lambda((w, a, b), gain_expr(w, a, b)),
    LO: sp.Lambda((w, b), gain_interval_endpoints_expr(w, b)[0]),
    HI: sp.Lambda((w, b), gain_interval_endpoints_expr(w, b)[1]),
    WIDTH_123: sp.Lambda(w, gain_width_expr(w)),
}


#: The change of variables of the width statement, in two steps the core's substitution rule
#: checks (each with its inverse): |w| = 4 + v (v = |w| − 4 > 0 under the premise |w| > 4), then
#: v = 4(1 + r)²/(1 + 2r) − 4 = 4r²/(1 + 2r), r > 0, whose inverse r = (v + √(v² + 4v))/4 is
#: positive for every v > 0. Together |w| = 4(1 + r)²/(1 + 2r) = 4/(1 − s²) with
#: s = r/(1 + r) = √(1 − 4/|w|): every square root of the statement becomes rational in r.
v = sp.Symbol("v", positive=True)  # v = |w| − 4 > 0
_V_OF_R = 4 * (1 + r) ** 2 / (1 + 2 * r) - 4  # written so that 4 + v is 4(1 + r)²/(1 + 2r)
WIDTH_REWRITES = (
    Rewrite(wp, 4 + v, v, wp - 4, "w = 4 + v, v = w − 4 > 0 under the premise w > 4"),
    Rewrite(wn, -4 - v, v, -wn - 4, "w = −4 − v, v = −w − 4 > 0 under the premise w < −4"),
    Rewrite(
        v,
        _V_OF_R,
        r,
        (v + sp.sqrt(v**2 + 4 * v)) / 4,
        "v = 4(1 + r)²/(1 + 2r) − 4, r = (v + √(v² + 4v))/4 > 0: a bijection of (0, ∞), so "
        "|w| = 4(1 + r)²/(1 + 2r) and √(1 − 4/|w|) = r/(1 + r)",
    ),
)


def _width_relation() -> sp.Basic:
    """For w > 4 and for w < −4 (the premise inside each part): the width is (123), lo and hi
    are centred on −b/w, and the gain there is 1; every a with gain ≥ 1 lies between lo and hi;
    at |w| = 4 the width (123) is 0."""
    parts = []
    for v, premise in ((wp, sp.Gt(wp, 4)), (wn, sp.Lt(wn, -4))):
        parts.append(
            sp.Implies(
                premise,
                sp.And(
                    sp.Eq(HI(v, b) - LO(v, b), WIDTH_123(v)),
                    sp.Eq(LO(v, b) + HI(v, b), -2 * b / v),
                    sp.Eq(GAIN(v, LO(v, b), b), 1),
                    sp.Eq(GAIN(v, HI(v, b), b), 1),
                ),
            )
        )
        parts.append(
            sp.Implies(
                sp.And(premise, sp.Ge(GAIN(v, a, b), 1)),
                sp.And(sp.Le(LO(v, b), a), sp.Le(a, HI(v, b))),
            )
        )
    parts.append(sp.Eq(WIDTH_123(4), 0))
    return sp.And(*parts)


# ------------------------------------------------------------ gain ≥ 1 only between lo and hi
# After |w| = 4(1 + r)²/(1 + 2r) (the rewrites above) put T = 1 + 2r = (1 + s)/(1 − s) = e^L and
# change a to t = e^(−(wa + b)) > 0 (a = (−ln t − b)/w, a bijection of the reals onto t > 0):
# gain − 1 = Q/(T(1 + t)²) with Q = (Tt − 1)(T − t), so gain ≥ 1 gives Q ≥ 0, and Q ≥ 0 gives
# 1/T ≤ t ≤ T through the two identities below (each a square plus Q over T² − 1 > 0), i.e.
# −L ≤ wa + b ≤ L: a between lo and hi.
# (t is the module's positive symbol t, here standing for e^(−(wa + b)))
_T = 1 + 2 * r
_Q = (_T * t - 1) * (_T - t)
_Q_NONNEGATIVE = sp.Ge(_Q, 0)

BELOW_T_DERIVATION = Derivation(
    title="Q ≥ 0 ⇒ t ≤ T",
    assumptions="t = e^(−(wa + b)) > 0, T = 1 + 2r = (1 + s)/(1 − s) > 1, Q = (Tt − 1)(T − t) ≥ 0",
    hyps=(_Q_NONNEGATIVE,),
    steps=(
        Step(_T - t, "T − t"),
        Step((_T * (_T - t) ** 2 + _Q) / (_T**2 - 1), "= (T(T − t)² + Q)/(T² − 1)"),
        Step(sp.Integer(0), "a square and Q ≥ 0 over T² − 1 > 0", relation=">="),
    ),
    conclusion="e^(−(wa + b)) ≤ T = e^L, i.e. wa + b ≥ −L",
)

ABOVE_T_DERIVATION = Derivation(
    title="Q ≥ 0 ⇒ Tt ≥ 1",
    assumptions="t = e^(−(wa + b)) > 0, T = 1 + 2r > 1, Q = (Tt − 1)(T − t) ≥ 0",
    hyps=(_Q_NONNEGATIVE,),
    steps=(
        Step(_T * t - 1, "Tt − 1"),
        Step(((_T * t - 1) ** 2 + _T * _Q) / (_T**2 - 1), "= ((Tt − 1)² + TQ)/(T² − 1)"),
        Step(sp.Integer(0), "a square and TQ ≥ 0 over T² − 1 > 0", relation=">="),
    ),
    conclusion="e^(−(wa + b)) ≥ 1/T = e^(−L), i.e. wa + b ≤ L",
)


def _t_bounds(gain_at_least_one: sp.Basic) -> tuple[Theorem, Theorem]:
    """From the hypothesis gain ≥ 1 (in t and r): ⊢ t ≤ T and ⊢ Tt ≥ 1 under it."""
    from gradproof.logic import fits

    scaled = _T * (1 + t) ** 2 * (gain_at_least_one.lhs - 1)  # T(1 + t)²(gain − 1) = Q
    signed = core.inequality(sp.Ge(scaled, 0), hyps=(gain_at_least_one,))
    q_signed = core.inequality(_Q_NONNEGATIVE, using=(core.identity(_Q, scaled), signed))
    below = core.cut(q_signed, fits(BELOW_T_DERIVATION, sp.Ge(_T - t, 0)))
    above = core.cut(q_signed, fits(ABOVE_T_DERIVATION, sp.Ge(_T * t - 1, 0)))
    return (
        core.inequality(sp.Le(t, _T), using=(below,)),
        core.inequality(sp.Ge(_T * t, 1), using=(above,)),
    )


def _inclusion_prover(part: sp.Basic, st: Statement) -> Theorem | None:
    """The part "premise ∧ gain(w, a, b) ≥ 1 ⇒ lo ≤ a ≤ hi" through the core (else None).

    Unfold the definitions; change variables w → ±(4 + v) → r (the statement's rewrites) and
    a → t = e^(−(wa + b)), each by the core's substitution rule with its inverse; in t, each
    bound is a derivation whose last link is the sign of (1/|w|)·ln(T/t) or (1/|w|)·ln(Tt),
    from :func:`_t_bounds`; then substitute back, fold the definitions and discharge the premise.
    """
    from gradproof.derivation import is_identically_zero
    from gradproof.logic import by, fits

    if not (isinstance(part, sp.Implies) and part.args[0].has(GAIN) and part.args[1].has(LO)):
        return None
    premise, conclusion = part.args
    defs = st.definition_theorems()
    w_sym = next(h.lhs for h in premise.args if isinstance(h, (sp.Gt, sp.Lt)))
    to_v = next(rw for rw in st.rewrite if rw.target == w_sym)
    to_r = next(rw for rw in st.rewrite if rw.target == to_v.var)
    flat = core.unfolded(part, using=defs)
    hyps_w, concl_w = list(flat.args[0].args), flat.args[1]
    hyps_v = [core.substituted(h, w_sym, to_v.value) for h in hyps_w]
    concl_v = core.substituted(concl_w, w_sym, to_v.value)
    hyps_r = [core.substituted(h, to_v.var, to_r.value) for h in hyps_v]
    concl_r = core.substituted(concl_v, to_v.var, to_r.value)
    w_r = core.substituted(to_v.value, to_v.var, to_r.value)
    a_of_t = (-sp.log(t) - b) / w_r
    concl_t = core.substituted(concl_r, a, a_of_t)
    gain_hyp = next(core.substituted(h, a, a_of_t) for h in hyps_r if h.has(a))
    below, above = _t_bounds(gain_hyp)
    root = sp.sqrt(1 - (2 * r + 1) / (r + 1) ** 2)  # √(1 − 4/|w|) at |w| = 4(1 + r)²/(1 + 2r)
    log_t = core.identity(sp.log((root + 1) / (1 - root)), sp.log(_T))  # L = ln T
    per_abs_w = _T / (4 * (r + 1) ** 2)  # 1/|w|
    proved = []
    for bound in concl_t.args:
        low, high = bound.lhs, bound.rhs

        def fits_form(form: sp.Expr, low: sp.Expr = low, high: sp.Expr = high) -> bool:
            middle = high - per_abs_w * sp.log(form)
            gap = sp.expand_log((low - middle).subs(log_t.prop.lhs, sp.log(_T)), force=True)
            return is_identically_zero(gap)  # a proposal only; the core's identity rule decides

        form, fact = next(
            ((f, th) for f, th in ((_T / t, below), (_T * t, above)) if fits_form(f)),
            (_T * t, above),
        )
        middle = high - per_abs_w * sp.log(form)
        steps = (
            Step(low, "the bound in t"),
            Step(middle, "L = ln T", check=by(log_t)),
            Step(high, "ln(T/t) ≥ 0 or ln(Tt) ≥ 0", relation="<=", check=by(fact)),
        )
        proved.append(fits(Derivation("lo ≤ a ≤ hi in t", steps), bound))
    in_t = core.conj(*proved)
    gain_r = next(h for h in hyps_r if h.has(a))
    in_r = core.substitution(in_t, concl_r, a, a_of_t, t, sp.exp(-(w_r * a + b)), hyps=[gain_r])
    in_v = core.substitution(in_r, concl_v, to_v.var, to_r.value, to_r.var, to_r.inverse,
                             hyps=hyps_v)
    in_w = core.substitution(in_v, concl_w, w_sym, to_v.value, to_v.var, to_v.inverse,
                             hyps=hyps_w)
    folded = core.unfold(in_w, conclusion, hyps=list(premise.args), using=defs)
    return core.implies(folded, premise)


gain_set_width = register(
    Claim(
        id="gain_set_width",
        statement=(
            "For |w| ≥ 4 the set {a : |w σ′(wa + b)| ≥ 1} is one closed interval, "
            "−b/w ∓ ln((1 + s)/(1 − s))/|w| with s = √(1 − 4/|w|), so b only shifts it, and its "
            "width equals (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1) exactly."
        ),
        source="nielsen-ch5 problem after eq. (122), part (2), eq. (123)",
        evidence=(
            symbolic(set_is_one_closed_interval_of_width_123),
            numeric(width_matches_root_finding),
            prop(width_matches_high_precision_roots),
        ),
        notes=(
            "The source asks to show the width is 'no greater than' (123); in fact (123) is the "
            "width exactly: the set is the closed interval between the two roots of "
            "|w|σ′(wa + b) = 1. At |w| = 4 it shrinks to the single point −b/w. The formal "
            "statement says, for w > 4 and for w < −4 (premises inside it), that every a with "
            "gain ≥ 1 lies in [lo, hi], that the gain is 1 at lo and hi, and that hi − lo is "
            "(123); its changes of variables are checked by the kernel to cover every such w."
        ),
        derivations=(
            QUADRATIC_DERIVATION,
            ENDPOINT_DERIVATION,
            WIDTH_123_DERIVATION,
            BELOW_T_DERIVATION,
            ABOVE_T_DERIVATION,
        ),
        figures=("gain-width",),
        formal=Statement(
            _width_relation(),
            domain="b real, w real (w > 4 or w < −4 are premises; and |w| = 4)",
            definitions=_GAIN_DEFINITIONS,
            rewrite=WIDTH_REWRITES,
            proof=proved_by(extra=(_inclusion_prover,)),
            explanation=(
                "gain(w, a, b) = |wσ′(wa + b)|; lo, hi = −b/w ∓ ln((1 + s)/(1 − s))/|w|, "
                "s = √(1 − 4/|w|); W₁₂₃(w) = (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1) is eq. (123). "
                "Every a with gain ≥ 1 lies in [lo, hi] and the gain is 1 at both ends, so the set "
                "spans exactly (123); that the whole of [lo, hi] has gain ≥ 1 (one interval) is "
                "the claim's symbolic evidence (p₋ ≤ σ(z) ≤ p₊), not yet formal. Each part "
                "appears for w > 4 and for w < −4"
            ),
        ),
    )
)


# ============================================================ the exported gain formulas
# gradproof.gain, gain_interval and gain_interval_width (``__verified_by__``) against this
# family's expressions (mpmath, 60+ digits) at the accuracy their docstrings state: the worst case
# searched for (gradproof.numerics.accuracy: targeted sampling including |w| → 4⁺, huge |w| and
# both signs, local refinement, mpmath confirmation) and tried by hypothesis.


def _gain_references() -> dict[str, Any]:
    """Each gain formula's search spec and the claim's expression for it, in mpmath."""
    import mpmath

    from gradproof.exported import mp_function
    from gradproof.numerics import accuracy

    gain_mp = mp_function(gain_expr(w, a, b), [w, a, b])
    width_mp = mp_function(gain_width_expr(w), [w])
    lo_expr, hi_expr = gain_interval_endpoints_expr(w, b)
    lo_mp, hi_mp = mp_function(lo_expr, [w, b]), mp_function(hi_expr, [w, b])
    return {
        "gain": (accuracy.gain_spec(), accuracy.single(gain_mp)),
        "gain_interval": (
            accuracy.gain_interval_spec(),
            lambda wv, bv: sorted([mpmath.re(lo_mp(wv, bv)), mpmath.re(hi_mp(wv, bv))]),
        ),
        "gain_interval_width": (
            accuracy.gain_interval_width_spec(),
            lambda wv: [mpmath.re(width_mp(wv))],
        ),
    }


def _gain_searched(name: str) -> Outcome:
    from gradproof.numerics import accuracy

    return accuracy.searched(*_gain_references()[name])


def exported_gain_accurate() -> Outcome:
    """gradproof.gain within 4 ulp + (|wa| + |wa + b|)·2⁻⁵³ of |w σ′(wa + b)| at the worst point
    found; the limits at w = ±inf."""
    from gradproof.exported import exact_values

    accuracy = _gain_searched("gain")
    limits = exact_values(
        "gain",
        [((math.inf, 0.0, 1.0), math.inf), ((math.inf, 1.0, 0.0), 0.0), ((4.0, 1.0, -4.0), 1.0)],
        "|w| = inf: +inf at a = 0, 0 at a ≠ 0; gain 1 at |w| = 4, z = 0",
    )
    return Outcome.of(accuracy.ok and limits.ok, f"{accuracy.detail}; {limits.detail}")


def exported_gain_interval_empty_below_four() -> Outcome:
    """gradproof.gain_interval: NaN endpoints for every |w| < 4 and the error with empty='raise'."""
    from gradproof.exported import formula

    func = formula("gain_interval")
    ws = np.array([-3.999999999, -1.0, 0.0, 0.5, 3.9, math.nextafter(4.0, 0.0)])
    lo, hi = func(ws, np.full(ws.shape, 0.7))
    empty = bool(np.all(np.isnan(lo)) and np.all(np.isnan(hi)))
    lo4, hi4 = func(4.0, 2.0)
    point = float(lo4) == float(hi4) == -0.5
    raised = False
    try:
        func(3.9, 0.0, empty="raise")
    except ValueError as exc:
        raised = "gain_needs_w_ge_4" in str(exc)
    ok = empty and point and raised
    return Outcome.of(
        ok,
        f"exported gradproof.gain_interval: NaN endpoints at all {ws.size} weights with "
        f"|w| < 4 (the set is empty): {empty}; |w| = 4 gives the single point −b/w: {point}; "
        f"empty='raise' raises, naming the claim: {raised}",
    )


def exported_gain_interval_accurate() -> Outcome:
    """gradproof.gain_interval's endpoints within 4 ulp of max(|b/w|, z*/|w|) plus 4 ulp of z*/|w|
    of the claim's −b/w ∓ ln((1 + s)/(1 − s))/|w| at the worst point found, |w| ≥ 4."""
    return _gain_searched("gain_interval")


def exported_gain_interval_width_accurate() -> Outcome:
    """gradproof.gain_interval_width within 6 ulp of formula (123) at the worst point found for
    |w| > 4; 0 at |w| = 4, for |w| < 4 (empty set) and at |w| = inf."""
    from gradproof.exported import exact_values

    accuracy = _gain_searched("gain_interval_width")
    limits = exact_values(
        "gain_interval_width",
        [((4.0,), 0.0), ((3.9,), 0.0), ((-1.0,), 0.0), ((math.inf,), 0.0), ((math.nan,), math.nan)],
        "0 at |w| = 4, for the empty set |w| < 4 and at |w| = inf",
    )
    return Outcome.of(accuracy.ok and limits.ok, f"{accuracy.detail}; {limits.detail}")


gain_needs_w_ge_4 = add_evidence(
    gain_needs_w_ge_4,
    numeric(exported_gain_accurate),
    numeric(exported_gain_interval_empty_below_four),
)
gain_set_width = add_evidence(
    gain_set_width,
    numeric(exported_gain_interval_accurate),
    numeric(exported_gain_interval_width_accurate),
)
