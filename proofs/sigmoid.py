"""Sigmoid facts (``shared/CLAIMS.md``, section "Sigmoid facts").

σ(z) = 1/(1 + e^(−z)). Every inequality about σ′ is proved through the substitution t = e^(−z),
a bijection from the reals onto (0, ∞): σ(z) = 1/(1 + t) and σ′(z) = t/(1 + t)², rational functions
of one positive symbol whose signs SymPy establishes from ``t > 0`` alone.

Other modules reuse :func:`sigma`, :func:`sigma_prime` and the facts proved here
(:data:`SIGMOID_PRIME_BOUND`), rather than proving them again.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from gradproof.claims import Claim, Outcome, add_evidence, numeric, prop, register, symbolic
from gradproof.derivation import Derivation, Step, are_equal, sign_is
from gradproof.expressions import sigma, sigma_prime
from gradproof.logic import Rewrite, Statement
from gradproof.numerics import formulas
from gradproof.properties import run_property
from gradproof.typeset import text

ORDER = 10

z = sp.Symbol("z", real=True)
w = sp.Symbol("w", real=True)
t = sp.Symbol("t", positive=True)  # t = e^(−z)
d = sp.Symbol("d", positive=True)  # slack: |w| = 1 − d < 1


def _shown_product(*factors: sp.Expr) -> sp.Expr:
    """The product of ``factors`` kept as written, for display (SymPy would merge them).

    Each factor is wrapped in :class:`sympy.UnevaluatedExpr`; ``doit()`` (which the derivation
    checker applies before simplifying) unwraps them, so the link is still proved symbolically.
    """
    return sp.Mul(*(sp.UnevaluatedExpr(f) for f in factors), evaluate=False)


def in_t(expr: sp.Expr) -> sp.Expr:
    """Rewrite an expression in z through t = e^(−z) (t > 0)."""
    return sp.simplify(expr.subs(sp.exp(-z), t))


#: The proved bound 0 < σ′ ≤ 1/4, for reuse by other families' proofs. Claim
#: ``sigmoid_prime_max`` proves exactly this value (bound and attained), so changing it fails there.
SIGMOID_PRIME_BOUND = sp.Rational(1, 4)

# ------------------------------------------------------------ names used in formal statements
#: σ and σ′ as undefined functions, so formal statements print σ(z), σ′(z); :data:`DEFINITIONS`
#: says what they are (σ′ is SymPy's derivative of σ, computed here, not typed in).
SIGMA = sp.Function("σ", real=True)
SIGMA_PRIME = sp.Function("σ′", real=True)
_x = sp.Symbol("x", real=True)
DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    SIGMA: sp.Lambda(_x, sigma(_x)),
    SIGMA_PRIME: sp.Lambda(_x, sp.diff(sigma(_x), _x)),
}
#: The substitution every σ′ inequality is proved through: t = e^(−z), a bijection ℝ → (0, ∞); the
#: core accepts it with its inverse (t is e^(−z) itself, which is > 0 for every real z).
T_WHY = "t = e^(−z) > 0, a bijection from ℝ onto (0, ∞)"
T_REWRITE = Rewrite(sp.exp(-z), t, t, sp.exp(-z), T_WHY)
#: The claims whose evidence checks each reused constant of this module.
CONSTANTS_VERIFIED_BY: dict[str, tuple[str, ...]] = {"SIGMOID_PRIME_BOUND": ("sigmoid_prime_max",)}


# ============================================================ sigmoid_prime_eq
# Statement: σ′(z) = σ(z)(1 − σ(z)) for every real z.

SIGMOID_PRIME_EQ_DERIVATION = Derivation(
    title="σ′ = σ(1 − σ)",
    assumptions="z real",
    steps=(
        Step(sp.Derivative(sigma(z), z), "definition σ(z) = 1/(1 + e^(−z))"),
        Step(sp.exp(-z) / (1 + sp.exp(-z)) ** 2, "chain rule on (1 + e^(−z))⁻¹"),
        Step(
            _shown_product(1 / (1 + sp.exp(-z)), sp.exp(-z) / (1 + sp.exp(-z))),
            "split the square: 1/(1 + e^(−z)) times e^(−z)/(1 + e^(−z))",
        ),
        Step(
            _shown_product(sigma(z), 1 - 1 / (1 + sp.exp(-z))),
            "e^(−z)/(1 + e^(−z)) = 1 − 1/(1 + e^(−z)), so the product is σ(z)(1 − σ(z))",
            source="notes-ps5 §1",
        ),
    ),
    conclusion="σ′(z) = σ(z)(1 − σ(z))",
)


def derivative_of_sigma_is_sigma_times_one_minus_sigma() -> Outcome:
    """dσ/dz − σ(1 − σ) simplifies to 0 for every real z, and the derivation's links all hold."""
    chain = SIGMOID_PRIME_EQ_DERIVATION.check()
    identity = are_equal(sp.diff(sigma(z), z), sigma_prime(z))
    return Outcome.of(
        chain.ok and identity,
        f"{chain.detail}; d/dz σ(z) − σ_prime(z) ≡ 0: {identity}",
    )


def formula_matches_mpmath_derivative() -> Outcome:
    """gradproof.numerics.formulas.sigmoid_prime agrees with mpmath.diff of σ at 50 digits, to
    the 4 ulp its docstring promises (the tolerance of the claim it serves, not a looser one)."""
    points = np.concatenate([np.linspace(-40.0, 40.0, 161), [-700.0, -100.0, 100.0, 700.0]])
    got = np.asarray(formulas.sigmoid_prime(points), dtype=float)
    worst, worst_at = 0.0, 0.0
    for x, g in zip(points, got, strict=True):
        # σ(x) = 1 − e^(−x) + …: keep 50 digits beyond the e^(−|x|) that σ′ is made of
        with mpmath.workdps(50 + int(abs(x) / 2.3)):
            ref = mpmath.diff(lambda s: 1 / (1 + mpmath.exp(-s)), mpmath.mpf(float(x)))
            err = float(abs(mpmath.mpf(float(g)) - ref)) / math.ulp(float(ref))
        if err > worst:
            worst, worst_at = err, float(x)
    tol = 4.0
    return Outcome.of(
        worst <= tol,
        f"max error {worst:.3g} ulp at z = {worst_at!r} (tolerance {tol:g} ulp, the promise of "
        f"gradproof.sigmoid_prime) at {points.size} points in [−700, 700]",
    )


sigmoid_prime_eq = register(
    Claim(
        id="sigmoid_prime_eq",
        statement="σ′(z) = σ(z)(1 − σ(z)) for every real z.",
        source="notes-ps5 §1; kapur-2016",
        evidence=(
            symbolic(derivative_of_sigma_is_sigma_times_one_minus_sigma),
            numeric(formula_matches_mpmath_derivative),
        ),
        derivations=(SIGMOID_PRIME_EQ_DERIVATION,),
        figures=("sigmoid",),
        formal=Statement(
            sp.Eq(sp.Derivative(SIGMA(z), z), SIGMA(z) * (1 - SIGMA(z))),
            domain="z real",
            definitions=DEFINITIONS,
            explanation="σ(z) = 1/(1 + e^(−z))",
        ),
    )
)


# ============================================================ sigmoid_prime_max
# Statement: 0 < σ′(z) ≤ 1/4 for every real z, with equality only at z = 0.

SIGMOID_PRIME_MAX_DERIVATION = Derivation(
    title="1/4 − σ′ is a square",
    assumptions="t = e^(−z) > 0",
    lhs=sp.Rational(1, 4) - sp.Symbol("σ′(z)"),
    steps=(
        Step(sp.Rational(1, 4) - t / (1 + t) ** 2, "σ′(z) = t/(1 + t)² with t = e^(−z)"),
        Step(((1 + t) ** 2 - 4 * t) / (4 * (1 + t) ** 2), "common denominator"),
        Step((t - 1) ** 2 / (4 * (t + 1) ** 2), "(1 + t)² − 4t = (t − 1)²"),
        Step(
            sp.Integer(0),
            "a square over a positive denominator",
            relation=">=",
        ),
    ),
    conclusion="σ′(z) ≤ 1/4, with equality iff t = 1, i.e. z = 0",
)


def sigma_prime_is_positive_and_at_most_a_quarter() -> Outcome:
    """With t = e^(−z) > 0: σ′ = t/(1+t)² > 0, 1/4 − σ′ = (t−1)²/(4(t+1)²) ≥ 0, = 0 iff z = 0."""
    as_t = in_t(sigma_prime(z))
    substitution = are_equal(as_t, t / (1 + t) ** 2)
    positive = sign_is(as_t, "positive")
    chain = SIGMOID_PRIME_MAX_DERIVATION.check()
    # the exported constant SIGMOID_PRIME_BOUND (reused by other families) is what is proved:
    # the bound, its equality set and its value at 0 are all computed from it
    bound = SIGMOID_PRIME_BOUND
    gap = sp.factor(bound - as_t)
    zero_set_t = sp.solveset(sp.numer(sp.together(gap)), t, domain=sp.Interval.open(0, sp.oo))
    zero_set_z = sp.solveset(sp.Eq(sp.exp(-z), 1), z, domain=sp.S.Reals)
    equality_only_at_0 = zero_set_t == sp.FiniteSet(1) and zero_set_z == sp.FiniteSet(0)
    at_zero = sp.simplify(sigma_prime(sp.Integer(0))) == bound
    # the same bound in the texts' form σ′ = p(1 − p), p = σ(z): 1/4 − p(1 − p) = (p − 1/2)²
    p = sp.Symbol("p", real=True)
    quadratic = are_equal(bound - p * (1 - p), (p - sp.Rational(1, 2)) ** 2) and (
        sign_is(bound - p * (1 - p), "nonnegative")
    )
    ok = substitution and positive and chain.ok and equality_only_at_0 and at_zero and quadratic
    return Outcome.of(
        ok,
        f"σ′ = t/(1+t)² (t = e^(−z) > 0): {substitution}; σ′ > 0: {positive}; {chain.detail}; "
        f"1/4 − σ′ = {text(gap)}; zero only at t = 1 ⇔ z = 0: {equality_only_at_0}; "
        f"σ′(0) = SIGMOID_PRIME_BOUND = {bound}: {at_zero}; in p = σ: {bound} − p(1 − p) = "
        f"(p − 1/2)² ≥ 0: {quadratic}",
    )


def bound_holds_for_every_float() -> Outcome:
    """Property: 0 ≤ σ′(z) ≤ 1/4 for all floats (±inf included), σ′ > 0 on |z| ≤ 700, < 1/4 off 0.

    Below 1e-6 in magnitude 1/4 − σ′(z) ≈ z²/16 is smaller than the rounding error of 1/4, so
    the strict inequality is tested only for |z| ≥ 1e-6; past |z| ≈ 745 σ′ underflows to 0.
    """
    from hypothesis import example, given
    from hypothesis import strategies as st

    @given(st.floats(allow_nan=False))
    @example(0.0)
    @example(-0.0)
    @example(math.inf)
    @example(-math.inf)
    @example(5e-324)
    def check(x: float) -> None:
        v = float(formulas.sigmoid_prime(x))
        assert 0.0 <= v <= 0.25, f"σ′({x!r}) = {v!r} outside [0, 1/4]"
        if abs(x) <= 700:
            assert v > 0.0, f"σ′({x!r}) = {v!r} is not positive"
        if abs(x) >= 1e-6:
            assert v < 0.25, f"σ′({x!r}) = {v!r} reaches 1/4 away from 0"
        if x == 0:
            assert v == 0.25, f"σ′(0) = {v!r}, expected exactly 1/4"

    return run_property(check, "0 < σ′(z) ≤ 1/4, = 1/4 only at 0")


sigmoid_prime_max = register(
    Claim(
        id="sigmoid_prime_max",
        statement="0 < σ′(z) ≤ 1/4 for every real z, with equality only at z = 0.",
        source="nielsen-ch5 after eq. (122) (σ′(0) = 1/4); notes-ps5 §3.1; kapur-2016",
        evidence=(
            symbolic(sigma_prime_is_positive_and_at_most_a_quarter),
            prop(bound_holds_for_every_float),
        ),
        derivations=(SIGMOID_PRIME_MAX_DERIVATION,),
        figures=("sigmoid",),
        formal=Statement(
            sp.And(
                sp.Gt(SIGMA_PRIME(z), 0),
                sp.Le(SIGMA_PRIME(z), SIGMOID_PRIME_BOUND),
                sp.Eq(SIGMA_PRIME(0), SIGMOID_PRIME_BOUND),
                sp.Implies(sp.Eq(SIGMA_PRIME(z), SIGMOID_PRIME_BOUND), sp.Eq(z, 0)),
            ),
            domain="z real",
            definitions=DEFINITIONS,
            rewrite=(T_REWRITE,),
            explanation="σ′ = dσ/dz, σ(z) = 1/(1 + e^(−z)); the bound is attained, and only at 0",
        ),
    )
)


# ============================================================ weighted_sigmoid_prime_bound
# Statement: |w σ′(z)| ≤ |w|/4 for all real w, z; hence |w| < 1 ⇒ |w σ′(z)| < 1/4.

WEIGHTED_BOUND_DERIVATION = Derivation(
    title="|w σ′(z)| < 1/4 when |w| = 1 − d, d > 0",
    assumptions="t = e^(−z) > 0, 0 < d ≤ 1 (|w| = 1 − d)",
    lhs=sp.Rational(1, 4) - sp.Symbol("|w σ′(z)|"),
    steps=(
        Step(sp.Rational(1, 4) - (1 - d) * t / (1 + t) ** 2, "|w σ′| = |w| σ′ since σ′ > 0"),
        Step(((1 + t) ** 2 - 4 * (1 - d) * t) / (4 * (1 + t) ** 2), "common denominator"),
        Step(((t - 1) ** 2 + 4 * d * t) / (4 * (1 + t) ** 2), "(1 + t)² − 4t = (t − 1)²"),
        Step(
            sp.Integer(0),
            "a square plus a positive term, over a positive denominator",
            relation=">",
        ),
    ),
    conclusion="|w σ′(z)| < 1/4 for every z when |w| < 1",
)


def weighted_bound_by_sign_argument() -> Outcome:
    """|wσ′| = |w|σ′ ≤ |w|/4 (from sigmoid_prime_max) and, for |w| = 1 − d < 1, 1/4 − |wσ′| > 0."""
    sp_t = t / (1 + t) ** 2  # σ′ in t, as the derivation uses it
    substitution = are_equal(in_t(sigma_prime(z)), sp_t)
    abs_w = sp.Symbol("u", nonnegative=True)  # u = |w|
    modulus = sp.simplify(sp.Abs(w * sp_t)) == sp.Abs(w) * sp_t
    general = sign_is(abs_w / 4 - abs_w * sp_t, "nonnegative")
    chain = WEIGHTED_BOUND_DERIVATION.check()
    ok = substitution and modulus and general and chain.ok
    return Outcome.of(
        ok,
        f"σ′ = t/(1+t)² (t = e^(−z) > 0): {substitution}; |wσ′| = |w|σ′: {modulus}; "
        f"|w|/4 − |w|σ′ ≥ 0 for all w: {general}; {chain.detail}",
    )


def bound_holds_for_random_weights_and_inputs() -> Outcome:
    """Property: |w σ′(z)| < 1/4 for w in (−1, 1) and any float z; ≤ |w|/4 for any finite w.

    z ranges over every float (±inf, ±1e308, subnormals included); the explicit examples are the
    tightest cases, |w| one ulp below 1 at z = ±0 where σ′ = 1/4, and the extremes of z and w.
    """
    from hypothesis import example, given
    from hypothesis import strategies as st

    below_one = math.nextafter(1.0, 0.0)

    @given(
        st.floats(-1.0, 1.0, exclude_min=True, exclude_max=True),
        st.floats(allow_nan=False),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    @example(below_one, 0.0, 1.7976931348623157e308)
    @example(-below_one, -0.0, -1.7976931348623157e308)
    @example(below_one, 5e-324, 5e-324)
    @example(below_one, math.inf, 1.0)
    @example(-below_one, -math.inf, -1.0)
    @example(below_one, -1e308, 0.0)
    def check(w_small: float, x: float, w_any: float) -> None:
        s = float(formulas.sigmoid_prime(x))
        assert abs(w_small * s) < 0.25, f"|{w_small!r} σ′({x!r})| = {abs(w_small * s)!r}"
        assert abs(w_any * s) <= abs(w_any) / 4, f"|{w_any!r} σ′({x!r})| > |w|/4"

    return run_property(check, "|w σ′(z)| < 1/4 for |w| < 1 and ≤ |w|/4 always")


weighted_sigmoid_prime_bound = register(
    Claim(
        id="weighted_sigmoid_prime_bound",
        statement=(
            "|w σ′(z)| ≤ |w|/4 for all real w and z; in particular |w| < 1 ⇒ |w σ′(z)| < 1/4."
        ),
        source="nielsen-ch5 after eq. (122); notes-ps5 §3.1",
        evidence=(
            symbolic(weighted_bound_by_sign_argument),
            prop(bound_holds_for_random_weights_and_inputs),
        ),
        derivations=(WEIGHTED_BOUND_DERIVATION,),
        formal=Statement(
            sp.And(
                sp.Le(sp.Abs(w * SIGMA_PRIME(z)), sp.Abs(w) / 4),
                sp.Eq(sp.Abs(w * SIGMA_PRIME(0)), sp.Abs(w) / 4),
                sp.Implies(
                    sp.Lt(sp.Abs(w), 1), sp.Lt(sp.Abs(w * SIGMA_PRIME(z)), sp.Rational(1, 4))
                ),
            ),
            domain="w, z real",
            definitions=DEFINITIONS,
            rewrite=(T_REWRITE,),
            explanation=("σ′ = dσ/dz; the general bound is attained at z = 0"),
        ),
    )
)


# ============================================================ gaussian_weight_usually_small
# Statement: for w ~ N(0, 1), P(|w| < 1) = erf(1/√2) ≈ 0.6827.

gaussian = sp.Symbol("x", real=True)
GAUSSIAN_DENSITY = sp.exp(-(gaussian**2) / 2) / sp.sqrt(2 * sp.pi)

GAUSSIAN_DERIVATION = Derivation(
    title="P(|w| < 1) for w ~ N(0, 1)",
    assumptions="standard normal density",
    steps=(
        Step(sp.Integral(GAUSSIAN_DENSITY, (gaussian, -1, 1)), "probability of |w| < 1"),
        Step(sp.erf(1 / sp.sqrt(2)), "∫₀ˣ e^(−s²/2) ds = √(π/2) erf(x/√2), and φ is even"),
    ),
    conclusion="P(|w| < 1) = erf(1/√2)",
)


def probability_is_erf_of_one_over_root_two() -> Outcome:
    """∫₋₁¹ φ(x) dx = erf(1/√2) exactly (SymPy integration, then simplification to 0)."""
    chain = GAUSSIAN_DERIVATION.check()
    total = sp.integrate(GAUSSIAN_DENSITY, (gaussian, -sp.oo, sp.oo))
    return Outcome.of(chain.ok and total == 1, f"{chain.detail}; ∫φ = {total}")


def probability_matches_scipy_and_sampling() -> Outcome:
    """erf(1/√2) at 50 digits ≈ 0.6827 (text's 'usually'), = SciPy's Φ(1) − Φ(−1), and sampling."""
    from scipy.special import ndtr  # Φ, what scipy.stats.norm.cdf evaluates (cheaper import)

    with mpmath.workdps(50):
        exact = mpmath.erf(1 / mpmath.sqrt(2))
    scipy_value = float(ndtr(1.0) - ndtr(-1.0))
    rng = np.random.default_rng(20261122)
    n = 1_000_000
    frac = float(np.mean(np.abs(rng.standard_normal(n)) < 1.0))
    stderr = math.sqrt(float(exact) * (1 - float(exact)) / n)
    ok = (
        abs(float(exact) - 0.6827) < 5e-5
        and abs(scipy_value - float(exact)) < 1e-15
        and abs(frac - float(exact)) < 5 * stderr
    )
    return Outcome.of(
        ok,
        f"erf(1/√2) = {mpmath.nstr(exact, 15)} (mpmath, 50 digits); SciPy Φ(1) − Φ(−1) = "
        f"{scipy_value:.15f}; {n:,} samples: {frac:.5f} (±{stderr:.5f})",
    )


gaussian_weight_usually_small = register(
    Claim(
        id="gaussian_weight_usually_small",
        statement="For w ~ N(0, 1), P(|w| < 1) = erf(1/√2) ≈ 0.6827: the exact sense of 'usually'.",
        source="nielsen-ch5 after eq. (122) (weights initialised N(0, 1))",
        evidence=(
            symbolic(probability_is_erf_of_one_over_root_two),
            numeric(probability_matches_scipy_and_sampling),
        ),
        notes=(
            "The text says weights drawn from N(0, 1) 'usually' satisfy |w| < 1; the exact "
            "probability is erf(1/√2) ≈ 0.683, so about one weight in three has |w| ≥ 1."
        ),
        derivations=(GAUSSIAN_DERIVATION,),
        formal=Statement(
            sp.And(
                sp.Eq(sp.Integral(GAUSSIAN_DENSITY, (gaussian, -1, 1)), sp.erf(1 / sp.sqrt(2))),
                sp.Lt(
                    sp.Abs(sp.erf(1 / sp.sqrt(2)) - sp.Rational(6827, 10000)),
                    sp.Rational(1, 20000),
                    evaluate=False,
                ),
            ),
            domain="w ~ N(0, 1) with density e^(−x²/2)/√(2π)",
            explanation="the left side is P(|w| < 1); 0.6827 is the text's value, to 4 digits",
        ),
    )
)


# ============================================================ the exported σ and σ′
# gradproof.sigmoid and gradproof.sigmoid_prime are checked by claim sigmoid_prime_eq (their forms
# and accuracy against the claim's expressions) — the very objects users import.

#: Logits beyond the promised [−700, 700], where σ′ is subnormal or underflows: checked at fixed
#: points (within 4 ulp of the subnormal spacing), outside the searched domain.
Z_TAIL: tuple[float, ...] = tuple(sgn * v for v in (700.5, 720.0, 744.0, 745.0) for sgn in (1, -1))


def _digits_for(x: float, *_: float) -> int:
    """Digits that keep 50 of them in 1 − σ(x) (inside σ(1 − σ)) for large |x|."""
    return 55 + int(abs(x) / 2.3)


def exported_branch_forms_are_sigma_and_sigma_prime() -> Outcome:
    """The forms the exported formulas evaluate, with t = e^{−|z|}, are σ and σ(1 − σ) exactly.

    gradproof.sigmoid returns 1/(1 + t) for z ≥ 0 and t/(1 + t) for z < 0; gradproof.sigmoid_prime
    returns t/(1 + t)² (before its rounding compensation). Each branch is proved equal to the
    claim's expression on its half-line (SymPy, z ≥ 0 and z < 0 as assumptions).
    """
    zp, zn = sp.Symbol("z", nonnegative=True), sp.Symbol("z", negative=True)
    t_of = {zp: sp.exp(-sp.Abs(zp)), zn: sp.exp(-sp.Abs(zn))}
    forms = {
        "σ, z ≥ 0: 1/(1 + t)": are_equal(1 / (1 + t_of[zp]), sigma(zp)),
        "σ, z < 0: t/(1 + t)": are_equal(t_of[zn] / (1 + t_of[zn]), sigma(zn)),
        "σ′, z ≥ 0: t/(1 + t)²": are_equal(t_of[zp] / (1 + t_of[zp]) ** 2, sigma_prime(zp)),
        "σ′, z < 0: t/(1 + t)²": are_equal(t_of[zn] / (1 + t_of[zn]) ** 2, sigma_prime(zn)),
    }
    return Outcome.of(
        all(forms.values()), "; ".join(f"{k} = claim expression: {v}" for k, v in forms.items())
    )


def _sigmoid_references() -> tuple[Any, Any]:
    """The claim's σ and σ(1 − σ) as mpmath functions of one argument."""
    from gradproof.exported import mp_function
    from gradproof.numerics import accuracy

    return (
        accuracy.single(mp_function(sigma(z), [z])),
        accuracy.single(mp_function(sigma_prime(z), [z])),
    )


def exported_sigmoid_and_sigmoid_prime_accurate() -> Outcome:
    """gradproof.sigmoid and gradproof.sigmoid_prime within their documented 4 ulp of σ, σ(1 − σ).

    The worst case on [−700, 700] is searched for (:func:`gradproof.numerics.accuracy.search`:
    hundreds of thousands of logits, dense where e^(−|z|) and the result cross powers of two,
    screened in long double, refined around the worst, confirmed with mpmath at ≥ 50 digits of the
    claim's :func:`sigma` and :func:`sigma_prime`; then hypothesis, ``target()`` steering it to
    large errors); the subnormal tail 700 < |z| ≤ 745 at fixed
    points; and the exact limits σ(±inf), σ′(±inf) = 0, σ′(0) = 1/4, σ′(±1e308) = 0, NaN → NaN.
    """
    from gradproof.exported import exact_values, mp_function, ulp_accuracy
    from gradproof.numerics import accuracy

    ref_sigma, ref_prime = _sigmoid_references()
    first = accuracy.searched(accuracy.sigmoid_spec(), ref_sigma)
    second = accuracy.searched(accuracy.sigmoid_prime_spec(), ref_prime)
    tail = ulp_accuracy(
        "sigmoid_prime",
        [(v,) for v in Z_TAIL],
        mp_function(sigma_prime(z), [z]),
        4.0,
        expression="σ(z)(1 − σ(z)), subnormal tail",
        digits=_digits_for,
    )
    inf, nan = math.inf, math.nan
    limits = exact_values(
        "sigmoid", [((inf,), 1.0), ((-inf,), 0.0), ((0.0,), 0.5), ((nan,), nan)], "σ(±inf), σ(0)"
    )
    limits_prime = exact_values(
        "sigmoid_prime",
        [((inf,), 0.0), ((-inf,), 0.0), ((0.0,), 0.25), ((1e308,), 0.0), ((nan,), nan)],
        "σ′(±inf) = 0, σ′(0) = 1/4",
    )
    parts = (first, second, tail, limits, limits_prime)
    return Outcome.of(all(o.ok for o in parts), "; ".join(o.detail for o in parts))


sigmoid_prime_eq = add_evidence(
    sigmoid_prime_eq,
    symbolic(exported_branch_forms_are_sigma_and_sigma_prime),
    numeric(exported_sigmoid_and_sigmoid_prime_accurate),
)


def exported_gain_within_the_weighted_bound() -> Outcome:
    """gradproof.gain(w, a, b) = |w σ′(wa + b)| ≤ |w|/4 on a fixed grid, = |w|/4 where wa + b = 0.

    The grid: w from 1e-300 to 1e300 of both signs, a and b such that z = wa + b ranges from 0
    to beyond the underflow of σ′.
    """
    from gradproof.exported import formula

    gain = formula("gain")
    ws = np.array(
        [sg * v for v in (1e-300, 0.01, 0.99, 1.0, 3.9, 4.0, 100.0, 1e300) for sg in (1, -1)]
    )
    zs = np.array([0.0, 1e-8, 0.5, 3.0, 40.0, 700.0, 800.0])
    w_grid, z_grid = np.meshgrid(ws, zs)
    a_grid = np.full(w_grid.shape, 0.5)
    b_grid = z_grid - w_grid * a_grid  # so that wa + b = z (up to rounding)
    g = np.asarray(gain(w_grid, a_grid, b_grid), dtype=float)
    within = bool(np.all(g <= np.abs(w_grid) / 4))
    peak = np.asarray(gain(ws, np.ones_like(ws), -ws), dtype=float)
    at_zero = bool(np.all(peak == np.abs(ws) / 4))
    below = bool(np.all(np.asarray(gain(ws[np.abs(ws) < 1], 0.5, 0.0)) < 0.25))
    return Outcome.of(
        within and at_zero and below,
        f"exported gradproof.gain at {g.size} fixed (w, a, b): ≤ |w|/4 everywhere: {within}; "
        f"= |w|/4 exactly at wa + b = 0 for all {ws.size} weights: {at_zero}; < 1/4 for |w| < 1: "
        f"{below}",
    )


weighted_sigmoid_prime_bound = add_evidence(
    weighted_sigmoid_prime_bound, numeric(exported_gain_within_the_weighted_bound)
)


# ============================================================ figures


def plot_sigmoid(out_dir: Path) -> Path:
    """σ and σ′ on [−8, 8], with the maximum σ′(0) = 1/4 marked (claim sigmoid_prime_max)."""
    from gradproof.figures import figure, legend_outside, save

    x = np.linspace(-8.0, 8.0, 801)
    fig, ax = figure(6.0, 3.8)
    ax.plot(x, formulas.sigmoid(x), label=r"$\sigma(z)$")
    ax.plot(x, formulas.sigmoid_prime(x), label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$")
    ax.axhline(0.25, color="grey", lw=0.8, ls="--")
    ax.plot([0.0], [0.25], "o", color="C1")
    ax.annotate(
        r"maximum $\sigma'(0) = 1/4$",
        (0.0, 0.25),
        xytext=(1.8, 0.4),
        arrowprops={"arrowstyle": "->"},
    )
    ax.set_xlabel(r"$z$")
    ax.set_title("The sigmoid and its derivative")
    legend_outside(fig)
    ax.grid(alpha=0.3)
    return save(fig, out_dir, "sigmoid")


FIGURES = {"sigmoid": plot_sigmoid}
