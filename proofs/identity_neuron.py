"""The identity neuron (``shared/CLAIMS.md``, "Problems at the end of ch. 5").

Nielsen ch. 5 problem "Identity neuron": with b = −w₁/2 and w₂ = 4/w₁, write x = 1/2 + Δ. Then
w₁x + b = w₁Δ and

    w₂ σ(w₁x + b) = (4/w₁) σ(w₁Δ) = x + (2/w₁ − 1/2) + E(x),   E = (4/w₁) R(w₁Δ),

with R(u) = σ(u) − 1/2 − u/4 the Taylor remainder of σ after the (vanishing) quadratic term.
Taylor's theorem with Lagrange remainder gives |R(u)| ≤ M|u|³/6, M = sup|σ‴|; σ‴ = q(1 − 6q) with
q = σ(1 − σ) = σ′ ∈ (0, 1/4] (claim ``sigmoid_prime_max``), and |q(1 − 6q)| ≤ 1/8 there. Hence
|E| ≤ (4/|w₁|)(1/8)|w₁|³|Δ|³/6 = w₁²|Δ|³/12 ≤ w₁²/96 on x ∈ [0, 1] (|Δ| ≤ 1/2): K = 1/96.
The constant is sharp as w₁ → 0: the next Taylor term, with |σ⁽⁵⁾| ≤ 1/4, gives
|E(1) + w₁²/96| ≤ w₁⁴/3840, so E(1)/w₁² → −1/96.

How the formal statement is proved (core rules only): the bounds |σ‴| ≤ 1/8 and |σ⁽⁵⁾| ≤ 1/4 are
derivations in t = e^(−ξ) > 0 (σ′ = t/(1 + t)²) joined by the core's ``abs_bound`` rule and
instantiated at t = e^(−ξ); the core's ``taylor`` rule turns each into a remainder bound; a
derivation from |E(x)| to K·w₁² under the premise w₁ ≠ 0, lo ≤ x ≤ hi (read from the statement)
ends in the core's ``inequality`` rule for K ≥ D³/12, D = max|x − 1/2| on [lo, hi]; the core's
``implies`` rule discharges the premise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, numeric, register, symbolic
from gradproof.core import Theorem
from gradproof.derivation import Derivation, Step, are_equal, is_identically_zero, sign_is
from gradproof.logic import Statement, by, fits, instance
from gradproof.proofs import sigmoid as sig
from gradproof.proofs.sigmoid import sigma

ORDER = 55

#: the constant of the bound |E(x)| ≤ K w₁² on x ∈ [0, 1]
K = sp.Rational(1, 96)

x = sp.Symbol("x", real=True)
u = sp.Symbol("u", real=True)
zz = sp.Symbol("z", real=True)
delta = sp.Symbol("Δ", real=True)
#: w₁ real; the premise w₁ ≠ 0 is inside every relation that divides by it
w1 = sp.Symbol("w_1", real=True)
NONZERO = sp.Ne(w1, 0)
t = sp.Symbol("t", positive=True)  # t = e^(−ξ)
xi = sp.Symbol("ξ", real=True)
p = sp.Symbol("p", real=True)
q = sp.Symbol("q", real=True)
c = sp.Symbol("c", nonnegative=True)  # v = c/(4(1 + c)) ∈ [0, 1/4)
e = sp.Symbol("e", nonnegative=True)  # |Δ| = 1/2 − e
m = sp.Symbol("m", positive=True)  # m = |w₁|


def remainder(v: sp.Expr) -> sp.Expr:
    """R(u) = σ(u) − 1/2 − u/4, the remainder of σ after its Taylor polynomial of degree 2 at 0."""
    return sigma(v) - sp.Rational(1, 2) - v / 4


#: R kept as an undefined function in the derivation, so that step 3 shows R(w₁Δ) instead of
#: SymPy folding 1/2 + u/4 + R(u) back into σ(u); the link is justified by R's definition.
R = sp.Function("R")
#: the core's definition R(u) := σ(u) − 1/2 − u/4 (the remainder after the degree-2 polynomial)
R_DEFINITION = core.define(R(u), remainder(u))


DECOMPOSITION_DERIVATION = Derivation(
    title="w₂σ(w₁x + b) = x + (2/w₁ − 1/2) + E(x)",
    assumptions="w₁ ≠ 0, b = −w₁/2, w₂ = 4/w₁, x = 1/2 + Δ",
    hyps=(NONZERO,),
    lhs=sp.Symbol("w₂σ(w₁x + b)"),
    steps=(
        Step(
            (4 / w1) * sigma(w1 * (sp.Rational(1, 2) + delta) - w1 / 2), "choose b, w₂; x = 1/2 + Δ"
        ),
        Step((4 / w1) * sigma(w1 * delta), "w₁x + b = w₁Δ"),
        Step(
            (4 / w1) * (sp.Rational(1, 2) + w1 * delta / 4 + R(w1 * delta)),
            "σ(u) = 1/2 + u/4 + R(u), which defines the remainder R(u) = σ(u) − 1/2 − u/4",
            check=by(R_DEFINITION),
        ),
        Step(
            (sp.Rational(1, 2) + delta) + (2 / w1 - sp.Rational(1, 2)) + 4 / w1 * R(w1 * delta),
            "expand; x = 1/2 + Δ",
            source="nielsen-ch5 problem 'Identity neuron'",
        ),
    ),
    conclusion="E(x) = (4/w₁) R(w₁Δ)",
)

THIRD_DERIVATIVE_BOUND_DERIVATION = Derivation(
    title="1/8 + σ‴ ≥ 0 on q = σ′ ∈ [0, 1/4]",
    assumptions="q = 1/4 − v, v = c/(4(1 + c)) ∈ [0, 1/4), c ≥ 0 (v = 1/4 is q = 0: σ‴ = 0)",
    lhs=sp.Rational(1, 8) + sp.Symbol("σ‴"),
    steps=(
        Step(
            sp.Rational(1, 8)
            + (sp.Rational(1, 4) - c / (4 * (1 + c)))
            * (1 - 6 * (sp.Rational(1, 4) - c / (4 * (1 + c)))),
            "σ‴ = q(1 − 6q) with q = σ(1 − σ) = 1/4 − v",
        ),
        Step(sp.factor(2 * (c / (4 * (1 + c))) * (1 - 3 * c / (4 * (1 + c)))), "= 2v(1 − 3v)"),
        Step(
            sp.Integer(0),
            "products of nonnegative factors",
            relation=">=",
        ),
    ),
    conclusion="σ‴ ≥ −1/8; with 1/8 − q(1 − 6q) = 6(q − 1/12)² + 1/12 > 0, |σ‴| ≤ 1/8",
)


def _sigma_derivatives_ok() -> tuple[bool, str]:
    """σ(0) = 1/2, σ′(0) = 1/4, σ″(0) = 0, σ‴ = p(1 − p)(1 − 6p + 6p²) at p = σ."""
    sg = sigma(zz)
    d1, d2, d3 = (sp.diff(sg, zz, k) for k in (1, 2, 3))
    at0 = (
        sp.simplify(sg.subs(zz, 0)) == sp.Rational(1, 2)
        and sp.simplify(d1.subs(zz, 0)) == sp.Rational(1, 4)
        and sp.simplify(d2.subs(zz, 0)) == 0
    )
    third_expr = p * (1 - p) * (1 - 6 * p + 6 * p**2)
    third = are_equal(d3, third_expr.subs(p, sg))
    in_q = are_equal(third_expr, (p * (1 - p)) * (1 - 6 * (p * (1 - p))))
    return at0 and third and in_q, (
        f"σ(0) = 1/2, σ′(0) = 1/4, σ″(0) = 0: {at0}; σ‴ = σ(1−σ)(1 − 6σ + 6σ²): {third}; "
        f"= q(1 − 6q) with q = σ(1 − σ): {in_q}"
    )


def identity_up_to_offset_with_error_bound() -> Outcome:
    """Decomposition identity; Taylor–Lagrange with |σ‴| ≤ 1/8 gives |E| ≤ w₁²|Δ|³/12 ≤ w₁²/96."""
    chain = DECOMPOSITION_DERIVATION.check()
    derivs, derivs_detail = _sigma_derivatives_ok()
    lower = THIRD_DERIVATIVE_BOUND_DERIVATION.check()
    upper_form = are_equal(
        sp.Rational(1, 8) - q * (1 - 6 * q), 6 * (q - sp.Rational(1, 12)) ** 2 + sp.Rational(1, 12)
    )
    qq = sp.Symbol("q", real=True)
    upper = upper_form and sign_is(
        6 * (qq - sp.Rational(1, 12)) ** 2 + sp.Rational(1, 12), "positive"
    )
    attained = sp.simplify((q * (1 - 6 * q)).subs(q, sp.Rational(1, 4))) == -sp.Rational(1, 8)
    # |E| ≤ (4/m)·(M/6)·m³|Δ|³ with M = 1/8 equals m²|Δ|³/12, and |Δ| ≤ 1/2 gives K m²
    big_m = sp.Rational(1, 8)
    dl = sp.Symbol("d", nonnegative=True)  # |Δ|
    arithmetic = are_equal((4 / m) * big_m / 6 * m**3 * dl**3, m**2 * dl**3 / 12)
    bound_ok, bound_detail = bound_constant_suffices(K)
    ok = chain.ok and derivs and lower.ok and upper and attained and arithmetic and bound_ok
    return Outcome.of(
        ok,
        f"{chain.detail}; {derivs_detail}; {lower.detail}; 1/8 − σ‴ = 6(q − 1/12)² + 1/12 > 0: "
        f"{upper}; |σ‴| = 1/8 attained at z = 0: {attained}; Taylor–Lagrange: |R(u)| ≤ |u|³/48, "
        f"(4/|w₁|)(1/8)|w₁|³|Δ|³/6 = w₁²|Δ|³/12: {arithmetic}; {bound_detail}",
    )


def bound_constant_suffices(k_const: sp.Expr) -> tuple[bool, str]:
    """Prove K·w₁² ≥ w₁²|Δ|³/12 for every |Δ| ≤ 1/2, or refuse K with a point where |E| > K·w₁².

    An inequality, not a pattern: f(d) = K − d³/12 has f′(d) = −d²/4 ≤ 0 for d ≥ 0 (sign), so on
    [0, 1/2] its minimum is f(1/2) = K − 1/96; the bound holds for all d iff K − 1/96 ≥ 0 (an exact
    comparison of numbers), i.e. for every K ≥ 1/96. For K < 1/96 the constant is refused, and
    since E(1) = −w₁²/96 + O(w₁⁴), a point (x = 1, w₁ = 2⁻ᵏ) with |E(1)| > K·w₁² is searched and
    shown, its two sides evaluated at 50 and 100 digits (they must agree to 30 digits).
    """
    k_const = sp.nsimplify(k_const)
    dd = sp.Symbol("d", nonnegative=True)  # |Δ|
    f = k_const - dd**3 / 12
    decreasing = sign_is(sp.diff(f, dd), "nonpositive")
    minimum = sp.simplify(f.subs(dd, sp.Rational(1, 2)))
    holds = bool(minimum >= 0) if minimum.is_number else False
    if decreasing and holds:
        return True, (
            f"K − |Δ|³/12 is decreasing in |Δ| (derivative −|Δ|²/4 ≤ 0), so its minimum on "
            f"[0, 1/2] is K − 1/96 = {minimum} ≥ 0 ⇒ |E(x)| ≤ K·w₁² on [0, 1] for K = {k_const}"
        )
    point = _point_where_bound_fails(k_const)
    return False, (
        f"K = {k_const}: the Taylor bound needs K ≥ 1/96 (min of K − |Δ|³/12 on [0, 1/2] is "
        f"{minimum}, decreasing: {decreasing}); " + point
    )


def _point_where_bound_fails(k_const: sp.Expr) -> str:
    """A point (x = 1, w₁ = 2⁻ᵏ) where |E(x)| > K·w₁², both sides at 50 digits; else why not."""
    kq = sp.Rational(k_const)
    for k in range(1, 40):
        values = []
        for dps in (50, 100):
            with mpmath.workdps(dps):
                mw = mpmath.mpf(2) ** -k
                out = (4 / mw) / (1 + mpmath.exp(-(mw / 2)))  # w₂σ(w₁·1 − w₁/2)
                err = out - 1 - (2 / mw - mpmath.mpf(1) / 2)
                values.append((abs(err), mpmath.mpf(kq.p) / kq.q * mw**2))
        (e50, _), (e100, b100) = values
        if e100 > b100 and abs(e50 - e100) < mpmath.mpf(10) ** -30 * e100:
            with mpmath.workdps(50):
                return (
                    f"the bound fails at x = 1, w₁ = 2^-{k}: |E(1)| = {mpmath.nstr(e100, 50)} > "
                    f"K·w₁² = {mpmath.nstr(b100, 50)}"
                )
    return "no failing point found at x = 1, w₁ = 2^-k, k < 40"


def error_bound_holds_on_a_grid() -> Outcome:
    """|E(x)| ≤ K·w₁² (K = 1/96) at 201 points of [0, 1], 14 weights w₁ of both signs (mpmath)."""
    weights = [0.001, 0.01, 0.1, 0.3, 0.5, 1.0, 2.0]
    weights = weights + [-v for v in weights]
    xs = np.linspace(0.0, 1.0, 201)
    worst_ratio = 0.0
    ok = True
    with mpmath.workdps(40):
        for wv in weights:
            mw = mpmath.mpf(wv)
            bound = mw**2 * mpmath.mpf(K.p) / K.q
            for xv in xs:
                mx = mpmath.mpf(float(xv))
                out = (4 / mw) / (1 + mpmath.exp(-(mw * mx - mw / 2)))
                err = out - mx - (2 / mw - mpmath.mpf(1) / 2)
                ratio = abs(err) / bound
                worst_ratio = max(worst_ratio, float(ratio))
                ok = ok and abs(err) <= bound
    return Outcome.of(
        ok,
        f"max |E(x)|/(K·w₁²) = {worst_ratio:.6f} ≤ 1 (K = {K}) over x ∈ [0, 1] (201 points), "
        f"w₁ ∈ ±{{0.001, …, 2}}; a ratio near 1 for small w₁ shows the constant is sharp",
    )


# ------------------------------------------------------------ bounds on σ‴ and σ⁽⁵⁾
# In t = e^(−ξ) > 0, σ′(ξ) = q = t/(1 + t)², σ‴ = q(1 − 6q) and σ⁽⁵⁾ = q(1 − 30q + 120q²). Each
# is written as a sum (q − 6q², …) so that |·| stays one absolute value (SymPy would pull the
# positive factor q out of |q(1 − 6q)|).
_Q = t / (1 + t) ** 2
#: σ‴ in t (= the third derivative of σ at ξ with t = e^(−ξ); the core's taylor rule checks it)
THIRD = _Q - 6 * _Q**2
#: σ⁽⁵⁾ in t
FIFTH = _Q - 30 * _Q**2 + 120 * _Q**3
#: 1/4 − q = (t − 1)²/(4(1 + t)²) ≥ 0 (σ′ ≤ 1/4, claim sigmoid_prime_max, in t)
_QUARTER_GAP = (t - 1) ** 2 / (4 * (1 + t) ** 2)
#: c = (t − 1)²/(4t) ≥ 0 with q = 1/(4(1 + c))
_C = (t - 1) ** 2 / (4 * t)
_EIGHTH, _QUARTER = sp.Rational(1, 8), sp.Rational(1, 4)

THIRD_UPPER_DERIVATION = Derivation(
    title="σ‴ ≤ 1/24 < 1/8",
    assumptions="t = e^(−ξ) > 0, q = σ′(ξ) = t/(1 + t)²",
    lhs=sp.Symbol("σ‴(ξ)"),
    steps=(
        Step(THIRD, "σ‴ = q(1 − 6q) = q − 6q²"),
        Step(sp.Rational(1, 24) - 6 * (_Q - sp.Rational(1, 12)) ** 2, "complete the square"),
        Step(_EIGHTH, "a square is ≥ 0", relation="<="),
    ),
    conclusion="σ‴(ξ) ≤ 1/8 for every real ξ (its maximum is 1/24, at q = 1/12)",
)

THIRD_LOWER_DERIVATION = Derivation(
    title="σ‴ ≥ −1/8",
    assumptions="t = e^(−ξ) > 0, q = σ′(ξ) = t/(1 + t)²",
    steps=(
        Step(-_EIGHTH, "the bound"),
        Step(
            -_EIGHTH + 6 * _QUARTER_GAP * (_Q + sp.Rational(1, 12)),
            "add 6(1/4 − q)(q + 1/12) ≥ 0: 1/4 − q = (t − 1)²/(4(1 + t)²)",
            relation="<=",
        ),
        Step(THIRD, "= q − 6q² = σ‴"),
    ),
    conclusion="σ‴(ξ) ≥ −1/8, with equality at q = 1/4 (ξ = 0)",
)

FIFTH_UPPER_DERIVATION = Derivation(
    title="σ⁽⁵⁾ ≤ 1/4",
    assumptions="t = e^(−ξ) > 0, q = σ′(ξ) = t/(1 + t)²",
    lhs=sp.Symbol("σ⁽⁵⁾(ξ)"),
    steps=(
        Step(FIFTH, "σ⁽⁵⁾ = q − 30q² + 120q³"),
        Step(_QUARTER - _QUARTER_GAP * (120 * _Q**2 + 1), "= 1/4 − (1/4 − q)(120q² + 1)"),
        Step(_QUARTER, "(1/4 − q)(120q² + 1) ≥ 0", relation="<="),
    ),
    conclusion="σ⁽⁵⁾(ξ) ≤ 1/4, with equality at ξ = 0",
)

FIFTH_LOWER_DERIVATION = Derivation(
    title="σ⁽⁵⁾ ≥ −1/4",
    assumptions="t = e^(−ξ) > 0, c = (t − 1)²/(4t) ≥ 0, so q = 1/(4(1 + c))",
    steps=(
        Step(-_QUARTER, "the bound"),
        Step(
            -_QUARTER
            + (16 * _C**3 + 64 * (_C - sp.Rational(5, 16)) ** 2 + sp.Rational(103, 4))
            / (64 * (1 + _C) ** 3),
            "add a cube, a square and a positive number over a positive denominator",
            relation="<=",
        ),
        Step(FIFTH, "= q − 30q² + 120q³ at q = 1/(4(1 + c))"),
    ),
    conclusion="σ⁽⁵⁾(ξ) ≥ −1/4 (its minimum is about −0.12)",
)


def _derivative_bound(lower: Derivation, upper: Derivation, g: sp.Expr, m: sp.Expr) -> Theorem:
    """⊢ |g(e^(−ξ))| ≤ m for every real ξ: −m ≤ g and g ≤ m in t > 0 (the two derivations),
    joined by the core's abs_bound rule and instantiated at t = e^(−ξ) > 0."""
    both = core.abs_bound(fits(lower, sp.Le(-m, g)), fits(upper, sp.Le(g, m)))
    return instance(both, {t: sp.exp(-xi)})


def third_derivative_bound() -> Theorem:
    """The core theorem ⊢ |σ‴(ξ)| ≤ 1/8 for every real ξ (σ‴ written through σ′ = e^(−ξ)/(1 +
    e^(−ξ))²)."""
    return _derivative_bound(THIRD_LOWER_DERIVATION, THIRD_UPPER_DERIVATION, THIRD, _EIGHTH)


def fifth_derivative_bound() -> Theorem:
    """The core theorem ⊢ |σ⁽⁵⁾(ξ)| ≤ 1/4 for every real ξ."""
    return _derivative_bound(FIFTH_LOWER_DERIVATION, FIFTH_UPPER_DERIVATION, FIFTH, _QUARTER)


#: σ as an explicit function for the core's taylor rule (which differentiates it)
_SIGMA = sp.Lambda(u, sigma(u))


def taylor_remainder(at: sp.Expr, order: int) -> Theorem:
    """The core's Taylor–Lagrange theorem for σ at 0 evaluated at ``at``: order 2 with
    |σ‴| ≤ 1/8 (|σ(u) − 1/2 − u/4| ≤ |u|³/48) or order 4 with |σ⁽⁵⁾| ≤ 1/4."""
    bound = {2: third_derivative_bound, 4: fifth_derivative_bound}[order]()
    return core.taylor(_SIGMA, at, 0, order, bound)


# ------------------------------------------------------------ the formal statement
#: E(x) = w₂σ(w₁x + b) − x − (2/w₁ − 1/2) with b = −w₁/2, w₂ = 4/w₁: the error of the neuron.
E = sp.Function("E", real=True)
_DEFINITIONS = {
    **sig.DEFINITIONS,
    E: sp.Lambda(x, (4 / w1) * sig.SIGMA(w1 * x - w1 / 2) - x - (2 / w1 - sp.Rational(1, 2))),
}
_HALF = sp.Rational(1, 2)
#: the sharpness: |E(1) + w₁²/96| ≤ w₁⁴/3840 (the next Taylor term), so E(1)/w₁² → −1/96
SHARP_CONSTANT = sp.Rational(1, 3840)


# Two small lemmas in plain real symbols, proved once by the core and instantiated at the
# neuron's expressions (so the expensive expressions never go through the sign search):
#   e = 4b/w, w ≠ 0 ⊢ |e| = 4|b|/|w|        and        |b| ≤ c, w ≠ 0 ⊢ 4|b|/|w| ≤ 4c/|w|
_e, _b, _c, _w = sp.symbols("e b c w", real=True)
_SCALED = 4 * _b / _w
_SCALE_LEMMA = Derivation(
    title="|e| = 4|b|/|w| when e = 4b/w",
    hyps=(sp.Eq(_e, _SCALED), sp.Ne(_w, 0)),
    steps=(Step(sp.Abs(_e), "|e|"), Step(4 * sp.Abs(_b) / sp.Abs(_w), "e = 4b/w")),
)
_MONOTONE_LEMMA = Derivation(
    title="4|b|/|w| ≤ 4c/|w| when |b| ≤ c",
    hyps=(sp.Le(sp.Abs(_b), _c), sp.Ne(_w, 0)),
    steps=(
        Step(4 * sp.Abs(_b) / sp.Abs(_w), "4|b|/|w|"),
        Step(4 * _c / sp.Abs(_w), "|b| ≤ c", relation="<="),
    ),
)


def _scaled_abs_link(
    e: sp.Expr, b: sp.Expr, e_is_scaled: Callable[[], Theorem]
) -> Callable[..., Theorem]:
    """The justification of |e| = 4|b|/|w₁|: the scale lemma at (e, b, w₁), its premise
    e = 4b/w₁ discharged by ``e_is_scaled`` (the core's cut rule)."""

    def justify(*_: Any) -> Theorem:
        lemma = fits(_SCALE_LEMMA, sp.Eq(sp.Abs(_e), 4 * sp.Abs(_b) / sp.Abs(_w)))
        return core.cut(e_is_scaled(), instance(lemma, {_e: e, _b: b, _w: w1}))

    return justify


def _monotone_link(b: sp.Expr, c: sp.Expr, bound: Callable[[], Theorem]) -> Callable[..., Theorem]:
    """The justification of 4|b|/|w₁| ≤ 4c/|w₁| from ``bound`` ⊢ |b| ≤ c (lemma and cut)."""

    def justify(*_: Any) -> Theorem:
        lemma = fits(_MONOTONE_LEMMA, sp.Le(4 * sp.Abs(_b) / sp.Abs(_w), 4 * _c / sp.Abs(_w)))
        return core.cut(bound(), instance(lemma, {_b: b, _c: c, _w: w1}))

    return justify


def _oriented(lhs: sp.Expr, remainder_term: sp.Expr) -> sp.Expr:
    """``±remainder_term``, the sign for which ``lhs`` = 4(±remainder_term)/w₁ (SymPy chooses the
    sign inside |·| canonically). A proposal only: the core's identity rule checks it."""
    from gradproof.logic import expand_definitions

    plus = lhs - _SCALED.xreplace({_b: remainder_term, _w: w1})
    return remainder_term if is_identically_zero(expand_definitions(plus, _DEFINITIONS)) else (
        -remainder_term
    )


def _scaled_remainder_theorem(lhs: sp.Expr, b: sp.Expr) -> Callable[[], Theorem]:
    """w₁ ≠ 0 ⊢ lhs = 4b/w₁ (the core's identity rule with the definitions of E and σ)."""

    def prove() -> Theorem:
        defs = [core.define(f(*lam.variables), lam.expr) for f, lam in _DEFINITIONS.items()]
        scaled = _SCALED.xreplace({_b: b, _w: w1})
        return core.identity(lhs, scaled, hyps=(NONZERO,), using=defs)

    return prove


def _taylor_bound_expr(at: sp.Expr, order: int, m: sp.Expr) -> sp.Expr:
    """M|at|ⁿ⁺¹/(n + 1)!, the right side the core's taylor rule states."""
    return m * sp.Abs(at - 0) ** (order + 1) / sp.factorial(order + 1)


def error_bound_derivation(premise: sp.Basic, goal: sp.Basic) -> Derivation:
    """|E(x)| ≤ K·w₁² under ``premise`` (w₁ ≠ 0, lo ≤ x ≤ hi), for ``goal`` = |E(x)| ≤ K·w₁².

    |E(x)| = (4/|w₁|)|σ(u) − 1/2 − u/4| (u = w₁(x − 1/2)) ≤ (4/|w₁|)(1/8)|u|³/6 (Taylor–Lagrange)
    = w₁²|x − 1/2|³/12 ≤ K·w₁², the last link the core's sign rule with |x − 1/2|³ ≤ D³,
    D = max(|lo − 1/2|, |hi − 1/2|): it holds when K − D³/12 ≥ 0.
    """
    hyps = _conjuncts(premise)
    lo = _bound_of(hyps, sp.Ge)
    hi = _bound_of(hyps, sp.Le)
    big_d = sp.Max(sp.Abs(lo - _HALF), sp.Abs(hi - _HALF))
    u_at = w1 * (x - _HALF)
    b = _oriented(E(x), _taylor_term(u_at, 2))
    bound = _taylor_bound_expr(u_at, 2, _EIGHTH)

    def cube_bound() -> Theorem:
        return _abs_cube_bound(lo, hi, big_d)

    return Derivation(
        title="|E(x)| ≤ K·w₁² by Taylor–Lagrange",
        assumptions=f"w₁ ≠ 0, {lo} ≤ x ≤ {hi}; u = w₁(x − 1/2)",
        hyps=hyps,
        steps=(
            Step(sp.Abs(E(x)), "the error of the neuron"),
            Step(
                4 * sp.Abs(b) / sp.Abs(w1),
                "E(x) = (4/w₁)(σ(u) − 1/2 − u/4) (definition of E)",
                check=_scaled_abs_link(E(x), b, _scaled_remainder_theorem(E(x), b)),
            ),
            Step(
                4 * bound / sp.Abs(w1),
                "Taylor–Lagrange with |σ‴| ≤ 1/8: |σ(u) − 1/2 − u/4| ≤ |u|³/48",
                relation="<=",
                check=_monotone_link(b, bound, lambda: taylor_remainder(u_at, 2)),
            ),
            Step(w1**2 * sp.Abs(x - _HALF) ** 3 / 12, "|u| = |w₁||x − 1/2|"),
            Step(
                goal.rhs,
                f"|x − 1/2| ≤ {big_d} on [{lo}, {hi}]; K ≥ {big_d}³/12",
                relation="<=",
                check=by(cube_bound),
            ),
        ),
        conclusion="|E(x)| ≤ K·w₁² wherever K ≥ D³/12",
    )


def sharpness_derivation(goal: sp.Basic) -> Derivation:
    """|E(1) + w₁²/96| ≤ w₁⁴/3840 from the order-4 Taylor–Lagrange bound with |σ⁽⁵⁾| ≤ 1/4."""
    u_at = w1 / 2
    inner = goal.lhs.args[0] if isinstance(goal.lhs, sp.Abs) else goal.lhs
    b = _oriented(inner, _taylor_term(u_at, 4))
    bound = _taylor_bound_expr(u_at, 4, _QUARTER)
    steps = [
        Step(goal.lhs, "E at x = 1 (Δ = 1/2)"),
        Step(
            4 * sp.Abs(b) / sp.Abs(w1),
            "E(1) + w₁²/96 = (4/w₁)(σ(u) − 1/2 − u/4 + u³/48)",
            check=_scaled_abs_link(inner, b, _scaled_remainder_theorem(inner, b)),
        ),
        Step(
            4 * bound / sp.Abs(w1),
            "Taylor–Lagrange of order 4 with |σ⁽⁵⁾| ≤ 1/4: (4/|w₁|)(1/4)|w₁/2|⁵/5!",
            relation="<=",
            check=_monotone_link(b, bound, lambda: taylor_remainder(u_at, 4)),
        ),
    ]
    if steps[-1].expr != goal.rhs:  # SymPy already writes (4/|w₁|)(1/4)|w₁/2|⁵/120 as w₁⁴/3840
        steps.append(Step(goal.rhs, "the stated bound", relation="<="))
    return Derivation(
        title="E(1) = −w₁²/96 + O(w₁⁴): the constant 1/96 is sharp",
        assumptions="w₁ ≠ 0; u = w₁/2",
        hyps=(NONZERO,),
        steps=tuple(steps),
        conclusion="|E(1)/w₁² + 1/96| ≤ w₁²/3840 → 0: no K < 1/96 bounds |E| on [0, 1]",
    )


def _taylor_term(at: sp.Expr, order: int) -> sp.Expr:
    """σ(at) minus its Taylor polynomial of the given order at 0, as the taylor rule writes it
    (inside its absolute value)."""
    body = sigma(u)
    poly = sum(
        (sp.diff(body, u, k).xreplace({u: 0}) * at**k / sp.factorial(k) for k in range(order + 1)),
        sp.Integer(0),
    )
    return sp.Abs(_SIGMA(at) - poly).args[0]


def _abs_cube_bound(lo: sp.Expr, hi: sp.Expr, big_d: sp.Expr) -> Theorem:
    """{lo ≤ x ≤ hi} ⊢ |x − 1/2|³ ≤ D³: |x − 1/2| ≤ D (the core's abs_bound rule on
    −D ≤ x − 1/2 ≤ D), then the cube by the lemma d³ ≤ D³ for 0 ≤ d ≤ D."""
    at_least, at_most = sp.Ge(x, lo), sp.Le(x, hi)
    low = core.inequality(sp.Le(-big_d, x - _HALF), hyps=(at_least,))
    high = core.inequality(sp.Le(x - _HALF, big_d), hyps=(at_most,))
    within = core.abs_bound(low, high)  # |x − 1/2| ≤ D
    gap = core.inequality(sp.Ge(big_d - sp.Abs(x - _HALF), 0), using=(within,))
    cube = instance(_cube_lemma(), {_d: sp.Abs(x - _HALF), _big_d: big_d})
    return core.cut(gap, cube)


_d = sp.Symbol("d", nonnegative=True)
_big_d = sp.Symbol("D", positive=True)

CUBE_DERIVATION = Derivation(
    title="d³ ≤ D³ for 0 ≤ d ≤ D",
    assumptions="d ≥ 0, D > 0, D − d ≥ 0",
    hyps=(sp.Ge(_big_d - _d, 0),),
    steps=(
        Step(_d**3, "the cube"),
        Step(_big_d**3 - (_big_d - _d) * (_big_d**2 + _big_d * _d + _d**2), "D³ − d³ factored"),
        Step(_big_d**3, "(D − d)(D² + Dd + d²) ≥ 0", relation="<="),
    ),
)


def _cube_lemma() -> Theorem:
    """{D − d ≥ 0} ⊢ d³ ≤ D³ (d ≥ 0, D > 0)."""
    return fits(CUBE_DERIVATION, sp.Le(_d**3, _big_d**3))


def _bound_of(hyps: tuple[Any, ...], kind: type[Any]) -> sp.Expr:
    """The number c of the premise ``x ≥ c`` (kind Ge) or ``x ≤ c`` (kind Le)."""
    found = [h.rhs for h in hyps if isinstance(h, kind) and h.lhs == x and h.rhs.is_number]
    if len(found) != 1:
        raise LookupError(f"the premise must bound x by one number ({kind.__name__})")
    return found[0]


def _conjuncts(rel: sp.Basic) -> tuple[sp.Basic, ...]:
    return tuple(rel.args) if isinstance(rel, sp.And) else (rel,)


def _identity_formal_proof(st: Statement) -> Theorem:
    """The core theorem of the statement: the error bound for the interval and the constant the
    statement states (read from it: the premise's lo ≤ x ≤ hi, the conclusion's K·w₁²), proved
    by :func:`error_bound_derivation` and the core's implies rule; the sharpness by
    :func:`sharpness_derivation`. A changed interval, constant or factor fails in the core."""
    bound = st.part(sp.Implies, lambda r: r.args[1].has(E(x)))
    sharp = st.part(sp.Implies, lambda r: not r.args[1].has(E(x)))
    proved = {}
    for part, make in (
        (bound, lambda p: error_bound_derivation(p.args[0], p.args[1])),
        (sharp, lambda p: sharpness_derivation(p.args[1])),
    ):
        premise, goal = part.args
        chain = fits(make(part), goal)
        proved[part] = core.implies(chain, premise)
    return core.conj(*(proved[p] for p in st.parts()))


#: The two parts of the formal statement: the bound on [0, 1] and the sharpness.
BOUND_PART = sp.Implies(
    sp.And(NONZERO, sp.Ge(x, 0), sp.Le(x, 1)), sp.Le(sp.Abs(E(x)), K * w1**2)
)
SHARP_PART = sp.Implies(
    NONZERO, sp.Le(sp.Abs(E(1) + w1**2 / 96), SHARP_CONSTANT * w1**4)
)
#: The derivations the documentation prints (x ∈ [0, 1], K = 1/96): built from the claim's
#: constants, not from the statement object, so a changed statement fails in its proof only.
ERROR_BOUND_DERIVATION = error_bound_derivation(
    sp.And(NONZERO, sp.Ge(x, 0), sp.Le(x, 1)), sp.Le(sp.Abs(E(x)), K * w1**2)
)
SHARPNESS_DERIVATION = sharpness_derivation(
    sp.Le(sp.Abs(E(1) + w1**2 / 96), sp.Rational(1, 3840) * w1**4)
)


identity_neuron = register(
    Claim(
        id="identity_neuron",
        statement=(
            "With b = −w₁/2 and w₂ = 4/w₁, w₂σ(w₁x + b) = x + (2/w₁ − 1/2) + E(x) with "
            "|E(x)| ≤ w₁²/96 for x ∈ [0, 1]: up to a constant offset the neuron is the identity."
        ),
        source="nielsen-ch5 problem 'Identity neuron'",
        evidence=(
            symbolic(identity_up_to_offset_with_error_bound),
            numeric(error_bound_holds_on_a_grid),
        ),
        notes=(
            "The text only says w₂σ(w₁x + b) ≈ x. Exactly: the output is x plus the constant "
            "2/w₁ − 1/2 (which the next layer's bias absorbs) plus an error of at most w₁²/96; "
            "1/96 is the best constant as w₁ → 0: |E(1) + w₁²/96| ≤ w₁⁴/3840, so "
            "E(1)/w₁² → −1/96 (the formal statement says this bound rather than the limit, "
            "which the kernel evaluates only by continuity)."
        ),
        derivations=(
            DECOMPOSITION_DERIVATION,
            ERROR_BOUND_DERIVATION,
            THIRD_UPPER_DERIVATION,
            THIRD_LOWER_DERIVATION,
            SHARPNESS_DERIVATION,
            FIFTH_UPPER_DERIVATION,
            FIFTH_LOWER_DERIVATION,
        ),
        formal=Statement(
            sp.And(BOUND_PART, SHARP_PART),
            domain="w₁ real, x real (w₁ ≠ 0 and 0 ≤ x ≤ 1 are premises)",
            definitions=_DEFINITIONS,
            proof=_identity_formal_proof,
            explanation=(
                "E(x) = w₂σ(w₁x + b) − x − (2/w₁ − 1/2) with b = −w₁/2, w₂ = 4/w₁; the second "
                "part says E(1) = −w₁²/96 + O(w₁⁴), so K = 1/96 cannot be lowered"
            ),
        ),
    )
)
