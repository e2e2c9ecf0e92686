"""The identity neuron (``shared/CLAIMS.md``, "Problems at the end of ch. 5").

Nielsen ch. 5 problem "Identity neuron": with b = −w₁/2 and w₂ = 4/w₁, write x = 1/2 + Δ. Then
w₁x + b = w₁Δ and

    w₂ σ(w₁x + b) = (4/w₁) σ(w₁Δ) = x + (2/w₁ − 1/2) + E(x),   E = (4/w₁) R(w₁Δ),

with R(u) = σ(u) − 1/2 − u/4 the Taylor remainder of σ after the (vanishing) quadratic term.
Taylor's theorem with Lagrange remainder gives |R(u)| ≤ M|u|³/6, M = sup|σ‴|; σ‴ = q(1 − 6q) with
q = σ(1 − σ) = σ′ ∈ (0, 1/4] (claim ``sigmoid_prime_max``), and |q(1 − 6q)| ≤ 1/8 there. Hence
|E| ≤ (4/|w₁|)(1/8)|w₁|³|Δ|³/6 = w₁²|Δ|³/12 ≤ w₁²/96 on x ∈ [0, 1] (|Δ| ≤ 1/2): K = 1/96.
The constant is sharp as w₁ → 0 (E ≈ −w₁²Δ³/12 there, and σ‴(0) = −1/8).
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from gradproof.claims import Claim, Outcome, numeric, register, symbolic
from gradproof.derivation import Derivation, Step, are_equal, sign_is
from gradproof.logic import Statement, prove_relation
from gradproof.proofs import sigmoid as sig
from gradproof.proofs.sigmoid import sigma

ORDER = 55

#: the constant of the bound |E(x)| ≤ K w₁² on x ∈ [0, 1]
K = sp.Rational(1, 96)

x = sp.Symbol("x", real=True)
u = sp.Symbol("u", real=True)
zz = sp.Symbol("z", real=True)
delta = sp.Symbol("Δ", real=True)
w1 = sp.Symbol("w_1", real=True, nonzero=True)
p = sp.Symbol("p", real=True)
q = sp.Symbol("q", real=True)
c = sp.Symbol("c", nonnegative=True)  # v = c/(4(1 + c)) ∈ [0, 1/4)
e = sp.Symbol("e", nonnegative=True)  # |Δ| = 1/2 − e
m = sp.Symbol("m", positive=True)  # m = |w₁|


def remainder(v: sp.Expr) -> sp.Expr:
    """R(u) = σ(u) − 1/2 − u/4, the remainder of σ after its Taylor polynomial of degree 2 at 0."""
    return sigma(v) - sp.Rational(1, 2) - v / 4


#: R kept as an undefined function in the derivation, so that step 3 shows R(w₁Δ) instead of
#: SymPy folding 1/2 + u/4 + R(u) back into σ(u); the link's check substitutes R's definition.
R = sp.Function("R")


def _with_remainder_defined(prev: sp.Basic, cur: sp.Basic) -> bool:
    """An ``=`` link whose right-hand side writes R(u): equal once R(u) = σ(u) − 1/2 − u/4."""
    return are_equal(prev, cur.replace(R, remainder))


DECOMPOSITION_DERIVATION = Derivation(
    title="w₂σ(w₁x + b) = x + (2/w₁ − 1/2) + E(x)",
    assumptions="w₁ ≠ 0, b = −w₁/2, w₂ = 4/w₁, x = 1/2 + Δ",
    lhs=sp.Symbol("w₂σ(w₁x + b)"),
    steps=(
        Step(
            (4 / w1) * sigma(w1 * (sp.Rational(1, 2) + delta) - w1 / 2), "choose b, w₂; x = 1/2 + Δ"
        ),
        Step((4 / w1) * sigma(w1 * delta), "w₁x + b = w₁Δ"),
        Step(
            (4 / w1) * (sp.Rational(1, 2) + w1 * delta / 4 + R(w1 * delta)),
            "σ(u) = 1/2 + u/4 + R(u), which defines the remainder R(u) = σ(u) − 1/2 − u/4",
            check=_with_remainder_defined,
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


# ------------------------------------------------------------ the formal statement
#: E(x) = w₂σ(w₁x + b) − x − (2/w₁ − 1/2) with b = −w₁/2, w₂ = 4/w₁: the error of the neuron.
E = sp.Function("E", real=True)
_DEFINITIONS = {
    **sig.DEFINITIONS,
    E: sp.Lambda(x, (4 / w1) * sig.SIGMA(w1 * x - w1 / 2) - x - (2 / w1 - sp.Rational(1, 2))),
}


def _identity_formal_proof(st: Statement) -> Outcome:
    """Reads the interval [lo, hi] and the constant K from the statement: with D = max|x − 1/2|
    on [lo, hi], Taylor–Lagrange and |σ‴| ≤ 1/8 give |E| ≤ w₁²D³/12, so the bound holds when
    K ≥ D³/12 (exact rational comparison). The sharpness part (the limit) by the generic prover."""
    implication = st.part(sp.Implies)
    hyp, goal = implication.args
    lo = next(h.rhs for h in hyp.args if isinstance(h, sp.Ge) and h.lhs == x)
    hi = next(h.rhs for h in hyp.args if isinstance(h, sp.Le) and h.lhs == x)
    k_const = sp.simplify(goal.rhs / w1**2)
    shape = goal.lhs == sp.Abs(E(x)) and isinstance(goal, sp.Le) and k_const.is_number
    # E as defined in the statement is (4/w₁)R(w₁Δ) at x = 1/2 + Δ (the decomposition)
    e_is_remainder = are_equal(
        sp.Lambda(x, _DEFINITIONS[E](x))(sp.Rational(1, 2) + delta).subs(
            sig.SIGMA, sig.DEFINITIONS[sig.SIGMA]
        ),
        (4 / w1) * remainder(w1 * delta),
    )
    chain = DECOMPOSITION_DERIVATION.check()
    derivs, _ = _sigma_derivatives_ok()
    lower = THIRD_DERIVATIVE_BOUND_DERIVATION.check()
    qq = sp.Symbol("q", real=True)
    upper = are_equal(
        sp.Rational(1, 8) - qq * (1 - 6 * qq),
        6 * (qq - sp.Rational(1, 12)) ** 2 + sp.Rational(1, 12),
    ) and sign_is(6 * (qq - sp.Rational(1, 12)) ** 2 + sp.Rational(1, 12), "positive")
    big_d = sp.Max(sp.Abs(lo - sp.Rational(1, 2)), sp.Abs(hi - sp.Rational(1, 2)))
    taylor = are_equal((4 / m) * sp.Rational(1, 8) / 6 * m**3 * big_d**3, m**2 * big_d**3 / 12)
    enough = bool(shape) and sp.sympify(k_const - big_d**3 / 12).is_nonnegative is True
    sharp_ok, sharp_detail = prove_relation(st.expanded(st.part(sp.Eq)))
    ok = (
        shape
        and e_is_remainder
        and chain.ok
        and derivs
        and lower.ok
        and upper
        and taylor
        and enough
        and sharp_ok
    )
    return Outcome.of(
        ok,
        f"E = (4/w₁)R(w₁Δ): {e_is_remainder}; {chain.detail}; |σ‴| ≤ 1/8: {lower.ok and upper}; "
        f"on [{lo}, {hi}] max|x − 1/2| = {big_d}, |E| ≤ w₁²·{big_d**3 / 12} (Taylor–Lagrange: "
        f"{taylor}); K = {k_const} ≥ {big_d**3 / 12}: {enough}; sharp: {sharp_detail}",
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
            "1/96 is the best constant as w₁ → 0."
        ),
        derivations=(DECOMPOSITION_DERIVATION, THIRD_DERIVATIVE_BOUND_DERIVATION),
        formal=Statement(
            sp.And(
                sp.Implies(sp.And(sp.Ge(x, 0), sp.Le(x, 1)), sp.Le(sp.Abs(E(x)), K * w1**2)),
                # the best constant is 1/96 whatever K the bound states (K ≥ 1/96 is proved)
                sp.Eq(sp.Limit(E(1) / w1**2, w1, 0), -sp.Rational(1, 96)),
            ),
            domain="w₁ ≠ 0 real, x real",
            definitions=_DEFINITIONS,
            proof=_identity_formal_proof,
            explanation=(
                "E(x) = w₂σ(w₁x + b) − x − (2/w₁ − 1/2) with b = −w₁/2, w₂ = 4/w₁; the limit "
                "shows K = 1/96 cannot be lowered"
            ),
        ),
    )
)
