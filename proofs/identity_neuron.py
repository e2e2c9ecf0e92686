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
    gap = K * m**2 - m**2 * (sp.Rational(1, 2) - e) ** 3 / 12
    gap_form = are_equal(gap, m**2 * e * ((e - sp.Rational(3, 4)) ** 2 + sp.Rational(3, 16)) / 12)
    gap_sign = sign_is(
        m**2 * e * ((e - sp.Rational(3, 4)) ** 2 + sp.Rational(3, 16)) / 12, "nonnegative"
    )
    ok = (
        chain.ok
        and derivs
        and lower.ok
        and upper
        and attained
        and arithmetic
        and gap_form
        and gap_sign
    )
    return Outcome.of(
        ok,
        f"{chain.detail}; {derivs_detail}; {lower.detail}; 1/8 − σ‴ = 6(q − 1/12)² + 1/12 > 0: "
        f"{upper}; |σ‴| = 1/8 attained at z = 0: {attained}; Taylor–Lagrange: |R(u)| ≤ |u|³/48, "
        f"(4/|w₁|)(1/8)|w₁|³|Δ|³/6 = w₁²|Δ|³/12: {arithmetic}; w₁²/96 − w₁²|Δ|³/12 ≥ 0 for "
        f"|Δ| = 1/2 − e ≤ 1/2: {gap_form and gap_sign} ⇒ |E(x)| ≤ w₁²/96 on [0, 1] (K = 1/96)",
    )


def error_bound_holds_on_a_grid() -> Outcome:
    """|E(x)| ≤ w₁²/96 at 201 points of [0, 1] for 14 weights w₁ of both signs (mpmath, 40 dp)."""
    weights = [0.001, 0.01, 0.1, 0.3, 0.5, 1.0, 2.0]
    weights = weights + [-v for v in weights]
    xs = np.linspace(0.0, 1.0, 201)
    worst_ratio = 0.0
    ok = True
    with mpmath.workdps(40):
        for wv in weights:
            mw = mpmath.mpf(wv)
            bound = mw**2 / 96
            for xv in xs:
                mx = mpmath.mpf(float(xv))
                out = (4 / mw) / (1 + mpmath.exp(-(mw * mx - mw / 2)))
                err = out - mx - (2 / mw - mpmath.mpf(1) / 2)
                ratio = abs(err) / bound
                worst_ratio = max(worst_ratio, float(ratio))
                ok = ok and abs(err) <= bound
    return Outcome.of(
        ok,
        f"max |E(x)|/(w₁²/96) = {worst_ratio:.6f} ≤ 1 over x ∈ [0, 1] (201 points), "
        f"w₁ ∈ ±{{0.001, …, 2}}; the ratio near 1 for small w₁ shows K = 1/96 is sharp",
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
                sp.Eq(sp.Limit(E(1) / w1**2, w1, 0), -K),
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
