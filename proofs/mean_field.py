"""Mean-field facts about gradients at initialisation (Poole et al. 2016; Schoenholz et al. 2017).

Claims of ``shared/CLAIMS.md``, "Mean-field law of layer speeds"; He et al. 2015 for ReLU.

Weights of variance σ_w²/n_in, biases of variance σ_b²; a pre-activation zˡ_j ~ N(0, qˡ). Gaussian
expectations are integrals against the standard normal density ρ(z) = e^(−z²/2)/√(2π):
E[f(√q z)] = ∫ f(√q z) ρ(z) dz over the real line. The certified numbers (fixed points, χ₁, the
critical σ_w) come from :mod:`gradproof.numerics.mean_field_certified` (mpmath).

Claims: ``relu_he_is_critical``, ``sigmoid_criticality_needs_large_weights``,
``q_map_fixed_point``, ``mean_field_gradient_law``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, certified, numeric, register
from gradproof.core import Theorem
from gradproof.logic import Rewrite, Statement, instance, lemma_part, prove_relation
from gradproof.numerics import mean_field_certified as mfc
from gradproof.proofs import sigmoid as sig
from gradproof.proofs.sigmoid import SIGMOID_PRIME_BOUND

ORDER = 95

z = sp.Symbol("z", real=True)  # the standard normal variable (integrated over)
x = sp.Symbol("x", real=True)
u = sp.Symbol("u", real=True)
q = sp.Symbol("q", positive=True)  # the pre-activation variance qˡ
sw = sp.Symbol("σ_w", positive=True)
sb = sp.Symbol("σ_b", nonnegative=True)
c = sp.Symbol("c", real=True)  # any value of ReLU′ at the kink 0
_s = sp.Symbol("s", positive=True)
t = sp.Symbol("t", positive=True)

#: the standard normal density ρ(z)
RHO = sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)


def gauss_expectation(f: sp.Expr) -> sp.Integral:
    """E[f] for z ~ N(0, 1): ∫ f ρ(z) dz over the real line (kept unevaluated)."""
    return sp.Integral(f * RHO, (z, -sp.oo, sp.oo))


_E_WORDS = "E[f(√q z)] = ∫ f(√q z) e^(−z²/2)/√(2π) dz, z ~ N(0, 1)"


# ============================================================ relu_he_is_critical
# Statement: E[ReLU′(√q z)²] = 1/2 for every q > 0, whatever value ReLU′ takes at the kink, so
# χ = σ_w²/2; χ = 1 ⇔ σ_w = √2.

RELU_PRIME_C = sp.Function("ReLU′_c", real=True)
RELU_DEFINITIONS: dict[Any, sp.Lambda] = {
    RELU_PRIME_C: sp.Lambda((x, c), sp.Piecewise((0, x < 0), (c, sp.Eq(x, 0)), (1, True)))
}
RELU_CHI = sw**2 * gauss_expectation(RELU_PRIME_C(sp.sqrt(q) * z, c) ** 2)
RELU_RELATION = sp.And(
    sp.Eq(RELU_CHI, sw**2 / 2),
    sp.Implies(sp.Eq(sw**2 / 2, 1), sp.Eq(sw, sp.sqrt(2))),
)


def relu_fraction_positive_monte_carlo() -> Outcome:
    """Monte Carlo: the mean of ReLU′(√q z)² over 200,000 draws is 1/2 within 5 standard errors
    at q = 0.01, 1, 100 (independent of the symbolic integral)."""
    rng = np.random.default_rng(23)
    zs = rng.standard_normal(200_000)
    se = 0.5 / np.sqrt(zs.size)
    worst = 0.0
    for qv in (0.01, 1.0, 100.0):
        mean = float(np.mean((np.sqrt(qv) * zs > 0).astype(float) ** 2))
        worst = max(worst, abs(mean - 0.5) / se)
    return Outcome.of(worst <= 5, f"max |mean − 1/2| = {worst:.2f} standard errors (≤ 5)")


relu_he_is_critical = register(
    Claim(
        id="relu_he_is_critical",
        statement=(
            "For ReLU, E[ReLU′(√q z)²] = 1/2 for every q > 0 (z ~ N(0, 1); ReLU′ is 0 below 0 "
            "and 1 above, and its value at the kink is irrelevant: {0} is a null set), so "
            "χ = σ_w² E[ReLU′(zˡ)²] = σ_w²/2 exactly, and χ = 1 exactly when σ_w² = 2 (He "
            "initialisation): the only critical choice."
        ),
        source="he-2015; schoenholz-2017",
        evidence=(numeric(relu_fraction_positive_monte_carlo),),
        notes=(
            "ReLU′ has no value at 0 (claim relu_grad); the statement gives it an arbitrary real "
            "value c there and proves the expectation is 1/2 for every c, which is what 'a null "
            "set' means here. The Gaussian integral is evaluated by SymPy inside the core's "
            "identity rule."
        ),
        formal=Statement(
            RELU_RELATION,
            domain="q > 0, σ_w > 0, c real (any value at the kink)",
            definitions=RELU_DEFINITIONS,
            explanation=("ReLU′_c(x, c) is 0 for x < 0, 1 for x > 0 and c at x = 0; " + _E_WORDS),
        ),
    )
)


# ================================================ sigmoid_criticality_needs_large_weights
# Statement: χ = σ_w² E[σ′(√q z)²] ≤ σ_w²/16 for every q > 0, so σ_w² < 16 ⇒ χ < 1.

SIG_CHI = sw**2 * gauss_expectation(sig.SIGMA_PRIME(sp.sqrt(q) * z) ** 2)
SIGMOID_CHI_RELATION = sp.And(
    sp.Le(SIG_CHI, sw**2 / 16),
    sp.Implies(sp.Lt(sw**2, 16), sp.Lt(SIG_CHI, 1)),
)

#: the stated critical σ_w (χ₁ = 1 at the fixed point) of the sigmoid, by σ_b: (lo, hi), and q*
#: at lo and hi (the starting points of the certification)
CRITICAL_BRACKETS: dict[float, tuple[float, float, float, float]] = {
    0.0: (10.149263699870264, 10.149263720168792, 45.62427770028093, 45.624277894478524),
    0.5: (10.178859540870713, 10.178859561228432, 46.173773376518476, 46.17377357185386),
    1.0: (10.264992925787794, 10.264992946317781, 47.800484008274196, 47.80048420694376),
}


def _sigma_prime_squared_at(arg: sp.Expr) -> tuple[Theorem, Theorem]:
    """⊢ 0 ≤ σ′(arg)² and ⊢ σ′(arg)² ≤ 1/16, from 0 < σ′ ≤ 1/4 (claim sigmoid_prime_max): s² ≤
    1/16 for 0 < s ≤ 1/4 (core inequality), at s = σ′(arg) (instantiate), hypotheses cut by the
    lemma's parts at arg."""
    quarter = SIGMOID_PRIME_BOUND
    square = core.inequality(sp.Le(_s**2, quarter**2, evaluate=False), hyps=[sp.Le(_s, quarter)])
    at_z = sig.SIGMA_PRIME(sig.z)
    thm = instance(square, {_s: at_z}, hyps=[sp.Gt(at_z, 0)])
    thm = core.cut(lemma_part(sig.sigmoid_prime_max, sp.Le, lambda r: r.lhs == at_z), thm)
    thm = core.cut(lemma_part(sig.sigmoid_prime_max, sp.Gt, lambda r: r.lhs == at_z), thm)
    upper = instance(thm, {sig.z: arg})
    lower = core.inequality(sp.Le(0, sig.SIGMA_PRIME(arg) ** 2, evaluate=False))
    return lower, upper


_e = sp.Symbol("e", real=True)


_ZERO = sp.Integer(0)


def _scaled(thm: Theorem, factor: sp.Expr, shift: sp.Expr = _ZERO) -> Theorem:
    """From ⊢ E ≤ b (or b ≤ E) conclude ⊢ a·E + d ≤ a·b + d (a = factor ≥ 0 by its sign, d = shift;
    likewise for b ≤ E): proved for
    a real symbol e in place of the integral E, then instantiated at E and the premise discharged
    (the sign rules never see the integral)."""
    rel = thm.prop
    lhs, rhs = rel.lhs, rel.rhs
    if lhs.has(sp.Integral):
        general = core.inequality(
            sp.Le(factor * _e + shift, factor * rhs + shift, evaluate=False),
            hyps=[sp.Le(_e, rhs, evaluate=False)],
        )
        premise = sp.Le(_e, rhs, evaluate=False)
        value = lhs
    else:
        general = core.inequality(
            sp.Le(factor * lhs + shift, factor * _e + shift, evaluate=False),
            hyps=[sp.Le(lhs, _e, evaluate=False)],
        )
        premise = sp.Le(lhs, _e, evaluate=False)
        value = rhs
    return core.modus_ponens(instance(core.implies(general, premise), {_e: value}), thm)


def _sigmoid_chi_proof(st: Statement) -> Theorem:
    lower, upper = _sigma_prime_squared_at(sp.sqrt(q) * z)
    mono = core.integral_monotone(lower, upper, z, RHO)  # E[σ′²] ≤ E[1/16]
    const = core.identity(mono.prop.rhs, sp.Rational(1, 16))  # E[1/16] = 1/16
    bound_e = core.chain([mono, const])
    bound = _scaled(bound_e, sw**2)
    premise = sp.Lt(sw**2, 16)
    below = core.inequality(sp.Lt(sw**2 / 16, 1, evaluate=False), hyps=[premise])
    small = core.implies(core.chain([bound, below]), premise)
    return core.conj(*(bound if p == bound.prop else small for p in st.relation.args))


def critical_sigma_w_certified() -> Outcome:
    """Certified (two-precision quadrature): for each stated σ_b, χ₁ − 1 < 0 at σ_w = lo and
    > 0 at σ_w = hi, so the critical σ_w lies in [lo, hi]; each ≥ 4 as the bound demands."""
    parts, ok = [], True
    for sigma_b, (lo, hi, q_lo, q_hi) in sorted(CRITICAL_BRACKETS.items()):
        try:
            crit = mfc.critical_sigma_w(sigma_b, lo, hi, q_guess=(q_lo, q_hi))
        except ArithmeticError as exc:
            ok = False
            parts.append(str(exc))
            continue
        ok = ok and lo >= 4
        parts.append(
            f"σ_b = {sigma_b:g}: critical σ_w ∈ [{lo:.12g}, {hi:.12g}] "
            f"(χ₁ ≤ {crit.chi_at_lo[1]:.12g} "
            f"at lo, ≥ {crit.chi_at_hi[0]:.12g} at hi)"
        )
    return Outcome.of(ok and bool(CRITICAL_BRACKETS), "; ".join(parts))


sigmoid_criticality_needs_large_weights = register(
    Claim(
        id="sigmoid_criticality_needs_large_weights",
        statement=(
            "For the sigmoid, χ = σ_w² E[σ′(√q z)²] ≤ σ_w²/16 for every q > 0 (because "
            "σ′ ≤ 1/4), so χ ≥ 1 needs σ_w ≥ 4 (σ_w² < 16 ⇒ χ < 1): the mean-field face of "
            "gain_needs_w_ge_4. At the fixed point of the variance map the critical σ_w "
            "(χ₁ = 1) is certified to 9 digits: 10.1492637 (σ_b = 0), 10.1788596 (σ_b = 0.5), "
            "10.2649929 (σ_b = 1) — far above the bound's 4, since at the fixed point q* ≈ 46 "
            "the factors σ′(√q* z) are mostly far below 1/4."
        ),
        source="schoenholz-2017; poole-2016",
        evidence=(certified(critical_sigma_w_certified),),
        uses=(sig.sigmoid_prime_max,),
        notes=(
            "The bound is proved by the core: σ′(√q z)² ≤ 1/16 pointwise (from "
            "sigmoid_prime_max), then the core's integral_monotone rule (monotonicity of the "
            "integral of nonnegative functions against the Gaussian density), E[1/16] = 1/16, "
            "and σ_w² < 16 ⇒ σ_w²/16 < 1. The critical values are certified by mpmath quadrature "
            "at two precisions (gradproof.numerics.mean_field_certified), not by the core."
        ),
        formal=Statement(
            SIGMOID_CHI_RELATION,
            domain="q > 0, σ_w > 0",
            definitions=sig.DEFINITIONS,
            proof=_sigmoid_chi_proof,
            explanation="σ′ = dσ/dz, σ(z) = 1/(1 + e^(−z)); " + _E_WORDS,
        ),
    )
)


# ============================================================ q_map_fixed_point
# Statement (proved): F(q) ≤ σ_w² + σ_b² for the sigmoid and tanh, every q > 0, σ_w > 0,
# σ_b ≥ 0 — F maps [0, ∞) into a bounded interval, so F(q) − q changes sign and a fixed point
# exists. Certified: uniqueness, attraction, q* and χ₁ at the stated (σ_w, σ_b).

TANH = sp.Function("tanh", real=True)
Q_MAP_DEFINITIONS: dict[Any, sp.Lambda] = {
    sig.SIGMA: sig.DEFINITIONS[sig.SIGMA],
    TANH: sp.Lambda(x, (1 - sp.exp(-2 * x)) / (1 + sp.exp(-2 * x))),
}
ACTIVATION_FUNCTIONS = {"sigmoid": sig.SIGMA, "tanh": TANH}


def variance_map_expr(phi: Any) -> sp.Expr:
    """F(q) = σ_w² E[φ(√q z)²] + σ_b² (Poole et al. 2016)."""
    return sw**2 * gauss_expectation(phi(sp.sqrt(q) * z) ** 2) + sb**2


Q_MAP_RELATION = sp.And(
    *(
        part
        for phi in (sig.SIGMA, TANH)
        for part in (sp.Le(variance_map_expr(phi), sw**2 + sb**2, evaluate=False),)
    )
)
_Q_DEFS: tuple[Theorem, ...] = ()


def _q_map_defs() -> tuple[Theorem, ...]:
    global _Q_DEFS
    if not _Q_DEFS:
        _Q_DEFS = tuple(core.define(f(x), lam.expr) for f, lam in Q_MAP_DEFINITIONS.items())
    return _Q_DEFS


def _bounds_of(phi: Any) -> Theorem:
    defs = tuple(d for d in _q_map_defs() if d.prop.lhs.func == phi)
    t_u = Rewrite(sp.exp(-u), t, t, sp.exp(-u), "t = e^(−u) > 0")
    t_2u = Rewrite(sp.exp(-2 * u), t, t, sp.exp(-2 * u), "t = e^(−2u) > 0")
    below_one = prove_relation(sp.Le(phi(u) ** 2, 1), (), defs, (t_u, t_2u))
    upper = instance(below_one, {u: sp.sqrt(q) * z})
    lower = core.inequality(sp.Le(0, phi(sp.sqrt(q) * z) ** 2, evaluate=False))
    return core.integral_monotone(lower, upper, z, RHO)


def _q_map_proof(st: Statement) -> Theorem:
    out = []
    for phi in (sig.SIGMA, TANH):
        high = _bounds_of(phi)
        one = core.chain([high, core.identity(high.prop.rhs, 1)])  # E[φ²] ≤ 1
        out.append(_scaled(one, sw**2, sb**2))
    by_prop = {thm.prop: thm for thm in out}
    return core.conj(*(by_prop[p] for p in st.relation.args))


#: stated fixed points at σ_w = σ_b = 1: q* and χ₁ (17 significant digits; certified to ≥ 15)
STATED_FIXED_POINTS: dict[str, tuple[float, float]] = {
    "sigmoid": (1.3021340363057863, 0.041959734636367985),
    "tanh": (1.4638508911025472, 0.39887900654373576),
}
#: the certified digits of the stated numbers
STATED_DIGITS = 15


def fixed_points_certified() -> Outcome:
    """Certified (two-precision quadrature): at σ_w = σ_b = 1 the stated q* lies in a bracket
    where F(q) − q changes sign and χ₁ in the enclosure from it, both agreeing with the stated
    numbers to STATED_DIGITS digits; |F′| < 1 on F's invariant interval, so q* is the unique fixed
    point and attracts every q ≥ 0."""
    parts, ok = [], True
    for name, (q_star, chi1) in STATED_FIXED_POINTS.items():
        try:
            fp = mfc.fixed_point(name, 1.0, 1.0, guess=q_star)
        except ArithmeticError as exc:  # the stated q* is not bracketed: the claim fails
            ok = False
            parts.append(f"{name}: stated q* = {q_star!r} not certified: {exc}")
            continue
        con = mfc.contraction_certificate(name, 1.0, 1.0)
        tol = 10.0 ** (1 - STATED_DIGITS)
        q_ok = abs(fp.q - q_star) <= tol * q_star and fp.digits(fp.q_lo, fp.q_hi) >= STATED_DIGITS
        c_ok = (
            abs(fp.chi1 - chi1) <= tol * chi1 and fp.digits(fp.chi_lo, fp.chi_hi) >= STATED_DIGITS
        )
        ok = ok and q_ok and c_ok and con.holds
        parts.append(
            f"{name}: q* ∈ [{float(fp.q_lo)!r}, {float(fp.q_hi)!r}], χ₁ ∈ [{float(fp.chi_lo)!r}, "
            f"{float(fp.chi_hi)!r}]; |F′| ≤ {con.bound:.4f} < 1 on [σ_b², σ_b² + σ_w²] "
            f"(grid max {con.grid_max:.4f}, step {con.step:.3g}, M₄ = {con.m4:.4g})"
        )
    return Outcome.of(ok, "; ".join(parts))


q_map_fixed_point = register(
    Claim(
        id="q_map_fixed_point",
        statement=(
            "For the sigmoid and tanh the variance map F(q) = σ_w² E[φ(√q z)²] + σ_b² maps "
            "[0, ∞) into [σ_b², σ_w² + σ_b²] (proved for every σ_w > 0, σ_b ≥ 0), so it has a "
            "fixed point q*; at σ_w = σ_b = 1 (the book's initialisation) the fixed point is "
            "unique and attracting, with q* = 1.30213403630579 (sigmoid) and 1.46385089110255 "
            "(tanh), and χ₁ = σ_w² E[φ′(√q* z)²] = 0.0419597346363680 (sigmoid) and "
            "0.398879006543736 (tanh), certified to 15 digits."
        ),
        source="poole-2016; schoenholz-2017",
        evidence=(certified(fixed_points_certified),),
        notes=(
            "Proved by the core: 0 ≤ φ² ≤ 1 pointwise, the integral_monotone rule and E[1] = 1 "
            "give F ≤ σ_w² + σ_b² (the formal statement); F ≥ σ_b² ≥ 0 as the expectation of a "
            "square (not put to the core), so with F continuous F(q) − q changes sign on "
            "[0, σ_w² + σ_b²]: a fixed point exists. Uniqueness and attraction are certified "
            "only at the "
            "stated points, not for every (σ_w, σ_b): |F′| < 1 on the invariant interval by "
            "Stein's lemma F′(q) = (σ_w²/2) E[(φ²)″(√q z)] on a grid plus the bound M₄ of (φ²)⁗ "
            "between grid points, by mpmath quadrature at two precisions "
            "(gradproof.numerics.mean_field_certified); the certificate also holds at "
            "(1, 0.5), (1.5, 1), (0.5, 1) (tests). For tanh with σ_b = 0 and σ_w > 1 the fixed "
            "point is NOT unique (q = 0 is a repelling fixed point beside q* > 0), so 'unique "
            "for every σ_w, σ_b' needs σ_b > 0."
        ),
        formal=Statement(
            Q_MAP_RELATION,
            domain="q > 0, σ_w > 0, σ_b ≥ 0",
            definitions=Q_MAP_DEFINITIONS,
            proof=_q_map_proof,
            explanation="σ(x) = 1/(1 + e^(−x)), tanh(x) = (1 − e^(−2x))/(1 + e^(−2x)); " + _E_WORDS,
        ),
    )
)


# ============================================================ mean_field_gradient_law
# Statement: under the mean-field assumptions, E‖δˡ‖² = σ_w² E[φ′(zˡ)²] E‖δˡ⁺¹‖², for any widths
# n_l, n_{l+1} when the weights have variance σ_w²/n_in (n_in = n_l); per unit, the mean square
# E[(δˡ_j)²] = σ_w² E[φ′²] (n_{l+1}/n_l) E[(δˡ⁺¹_k)²].

n_l = sp.Symbol("n_l", integer=True, positive=True)
n_next = sp.Symbol("n_{l+1}", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
k2 = sp.Symbol("k′", integer=True, positive=True)
_mu = sp.Symbol("μ", integer=True, nonnegative=True)
PHI2 = sp.Symbol("Φ", positive=True)  # E[φ′(zˡ_j)²], the same for every j
PP = sp.IndexedBase("φ′")  # φ′(zˡ_j)
WW = sp.IndexedBase("w")  # w^{l+1}_{kj}
DD = sp.IndexedBase("δ")  # δ^{l+1}_k

#: the expectations the derivation names (SymPy functions; the assumptions define them)
E_TERM = sp.Function("E[φ′²ww′δδ′]", real=True)  # E[φ′_j² w_kj w_k′j δ_k δ_k′]
E_PP = sp.Function("E[φ′²]", real=True)  # E[φ′(zˡ_j)²]
E_WW = sp.Function("E[ww′]", real=True)  # E[w_kj w_k′j]
E_DD = sp.Function("E[δδ′]", real=True)  # E[δˡ⁺¹_k δˡ⁺¹_k′] (free: any correlations)
E_NORM = sp.Function("E‖δˡ‖²", real=True)
E_NORM_NEXT = sp.Function("E‖δˡ⁺¹‖²", real=True)


def _bp2_square() -> tuple[sp.Expr, sp.Expr]:
    """(δˡ_j)² = δˡ_j · δˡ_j by BP2, δˡ_j = φ′(zˡ_j) Σ_k w_kj δ_k, and its expansion
    Σ_k Σ_k′ φ′_j² w_kj w_k′j δ_k δ_k′."""
    delta_j = PP[j] * sp.Sum(WW[k, j] * DD[k], (k, 1, n_next))
    # the square as δˡ_j · δˡ_j, the second copy summed over k′ (the core does not rename dummies)
    again = PP[j] * sp.Sum(WW[k2, j] * DD[k2], (k2, 1, n_next))
    expanded = sp.Sum(
        sp.Sum(PP[j] ** 2 * WW[k, j] * WW[k2, j] * DD[k] * DD[k2], (k2, 1, n_next)),
        (k, 1, n_next),
    )
    return sp.Mul(delta_j, again, evaluate=False), expanded


#: each assumption (and linearity of E) as the definition it licenses
GRADIENT_LAW_DEFINITIONS: dict[Any, sp.Lambda] = {
    # linearity of E over the expanded square of BP2, summed over the n_l units of layer l
    E_NORM: sp.Lambda(
        (n_l, n_next),
        sp.Sum(sp.Sum(sp.Sum(E_TERM(j, k, k2), (k2, 1, n_next)), (k, 1, n_next)), (j, 1, n_l)),
    ),
    # (A1) the weights w^{l+1}, the backpropagated δ^{l+1} and φ′(zˡ) are independent
    E_TERM: sp.Lambda((j, k, k2), E_PP(j) * E_WW(k, k2) * E_DD(k, k2)),
    # (A2) independent zero-mean entries of variance σ_w²/n_in, n_in = n_l
    E_WW: sp.Lambda((k, k2), sw**2 / n_l * sp.KroneckerDelta(k, k2)),
    # (A3) zˡ_j ~ N(0, qˡ) identically distributed: E[φ′(zˡ_j)²] = Φ for every j
    E_PP: sp.Lambda(j, PHI2),
    # linearity of E: E‖δˡ⁺¹‖² = Σ_k E[(δˡ⁺¹_k)²]
    E_NORM_NEXT: sp.Lambda(n_next, sp.Sum(E_DD(k, k), (k, 1, n_next))),
}

#: per unit: σ_w² Φ (n_{l+1}/n_l) · E‖δˡ⁺¹‖²/n_{l+1}, kept as written (SymPy would cancel n_{l+1})
_PER_UNIT = sp.Mul(sw**2 * PHI2, n_next / n_l, E_NORM_NEXT(n_next) / n_next, evaluate=False)

GRADIENT_LAW_RELATION = sp.And(
    sp.Eq(*_bp2_square()),
    sp.Eq(E_NORM(n_l, n_next), sw**2 * PHI2 * E_NORM_NEXT(n_next)),
    sp.Eq(E_NORM(n_l, n_next) / n_l, _PER_UNIT),
)


def _square_expanded() -> Theorem:
    """⊢ (φ′_j Σ_k w_kj δ_k)² = Σ_k Σ_k′ φ′_j² w_kj w_k′j δ_k δ_k′ (expand the square)."""
    square, expanded = _bp2_square()
    other = sp.Sum(WW[k2, j] * DD[k2], (k2, 1, n_next))  # the same sum, index k′
    first = core.identity(square, PP[j] ** 2 * sp.Sum(WW[k, j] * DD[k] * other, (k, 1, n_next)))
    per_k = core.identity(
        WW[k, j] * DD[k] * other, sp.Sum(WW[k, j] * DD[k] * WW[k2, j] * DD[k2], (k2, 1, n_next))
    )
    summed = core.sum_termwise(per_k, k, 1, n_next)
    scaled = core.identity(
        first.prop.rhs, PP[j] ** 2 * summed.prop.rhs, using=(summed,)
    )  # φ′_j² times both sides
    inside = core.identity(scaled.prop.rhs, expanded)  # the constant φ′_j² into the sums
    return core.chain([first, scaled, inside])


def _kronecker_sum() -> Theorem:
    """⊢ Σ_k Σ_k′ δ_kk′ E[δ_k δ_k′] = Σ_k E[δ_k²]: for 1 ≤ k ≤ n_{l+1} the delta keeps the one
    term k′ = k (written n_{l+1} = k + μ, μ ≥ 0, then substituted back), summed term by term."""
    inner = sp.Sum(sp.KroneckerDelta(k, k2) * E_DD(k, k2), (k2, 1, n_next))
    goal = sp.Eq(inner, E_DD(k, k))
    flat = core.relation(core.substituted(goal, n_next, k + _mu))
    back = core.substitution(
        flat, goal, n_next, k + _mu, _mu, n_next - k, hyps=(sp.Ge(n_next, k, evaluate=False),)
    )
    return core.sum_termwise(back, k, 1, n_next)


def _gradient_law_proof(st: Statement) -> Theorem:
    defs = st.definition_theorems()
    expanded = _square_expanded()
    c = PHI2 * sw**2 / n_l
    kd = sp.Sum(sp.Sum(sp.KroneckerDelta(k, k2) * E_DD(k, k2), (k2, 1, n_next)), (k, 1, n_next))
    unfolded = core.identity(
        E_NORM(n_l, n_next),
        sp.Sum(
            sp.Sum(
                sp.Sum(c * sp.KroneckerDelta(k, k2) * E_DD(k, k2), (k2, 1, n_next)),
                (k, 1, n_next),
            ),
            (j, 1, n_l),
        ),
        using=defs,
    )  # (A1), (A2), (A3) and linearity
    inner = sp.Sum(
        sp.Sum(c * sp.KroneckerDelta(k, k2) * E_DD(k, k2), (k2, 1, n_next)), (k, 1, n_next)
    )
    out_front = core.sum_termwise(core.identity(inner, c * kd), j, 1, n_l)  # c out of the sums
    kron = _kronecker_sum()
    diagonal = core.identity(
        out_front.prop.rhs, sp.Sum(c * kron.prop.rhs, (j, 1, n_l)), using=(kron,)
    )
    summed_j = core.identity(
        diagonal.prop.rhs, sw**2 * PHI2 * E_NORM_NEXT(n_next), using=defs
    )  # n_l equal terms, and linearity for E‖δˡ⁺¹‖²
    law = core.chain([unfolded, out_front, diagonal, summed_j])
    per_unit = core.identity(E_NORM(n_l, n_next) / n_l, _PER_UNIT, using=(law,))
    by_prop = {thm.prop: thm for thm in (expanded, law, per_unit)}
    return core.conj(*(by_prop[p] for p in st.relation.args))


def gradient_law_monte_carlo() -> Outcome:
    """Monte Carlo on a wide random layer (n_l = 400, n_{l+1} = 250, tanh, σ_w = 1.5, q = 1.2):
    with zˡ ~ N(0, q), w ~ N(0, σ_w²/n_l) and δˡ⁺¹ drawn independently (the assumptions),
    δˡ = φ′(zˡ) ⊙ (wᵀδˡ⁺¹) gives mean ‖δˡ‖² / mean ‖δˡ⁺¹‖² within 3% of σ_w² E[φ′(√q z)²]
    (E by 80-point Gauss–Hermite), over 300 draws. It confirms the algebra under the assumptions;
    whether a trained or real network meets them is layer_speed_ratio_prediction's question."""
    rng = np.random.default_rng(2017)
    n_in, n_out, sigma_w, qv, draws = 400, 250, 1.5, 1.2, 300
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    e_phi2 = float(np.sum(weights / np.cosh(np.sqrt(qv) * nodes) ** 4) / np.sqrt(2 * np.pi))
    predicted = sigma_w**2 * e_phi2
    num = den = 0.0
    for _ in range(draws):
        zl = rng.normal(0.0, np.sqrt(qv), n_in)
        w = rng.normal(0.0, sigma_w / np.sqrt(n_in), (n_out, n_in))
        d_next = rng.standard_normal(n_out)
        d_l = (1.0 / np.cosh(zl) ** 2) * (w.T @ d_next)
        num += float(d_l @ d_l)
        den += float(d_next @ d_next)
    measured = num / den
    rel = abs(measured / predicted - 1)
    return Outcome.of(
        rel <= 0.03,
        f"E‖δˡ‖²/E‖δˡ⁺¹‖² measured {measured:.4f}, predicted σ_w² E[φ′²] = {predicted:.4f} "
        f"(relative gap {rel:.2%} ≤ 3%; widths {n_in} and {n_out}: no width factor for the "
        "norm, n_{l+1}/n_l per unit)",
    )


mean_field_gradient_law = register(
    Claim(
        id="mean_field_gradient_law",
        statement=(
            "Under the mean-field assumptions — (A1) the weights wˡ⁺¹, the backpropagated δˡ⁺¹ "
            "and φ′(zˡ) independent; (A2) the entries of wˡ⁺¹ independent, zero-mean, of "
            "variance σ_w²/n_in with n_in = n_l; (A3) the zˡ_j identically distributed, "
            "N(0, qˡ), so E[φ′(zˡ_j)²] = Φ for every j — BP2, δˡ_j = φ′(zˡ_j) Σ_k w_kj δˡ⁺¹_k, "
            "gives E‖δˡ‖² = σ_w² E[φ′(zˡ)²] E‖δˡ⁺¹‖² for any widths n_l, n_{l+1} (the fan-in "
            "variance absorbs the width), and per unit E[(δˡ_j)²] = σ_w² E[φ′(zˡ)²] "
            "(n_{l+1}/n_l) E[(δˡ⁺¹_k)²]."
        ),
        source="schoenholz-2017",
        evidence=(numeric(gradient_law_monte_carlo),),
        notes=(
            "The derivation, step by step, each step a core rule: expand the square of BP2 "
            "(δˡ_j·δˡ_j = Σ_k Σ_k′ φ′_j² w_kj w_k′j δ_k δ_k′, the constant into the sums and "
            "sum_termwise); linearity of E (E‖δˡ‖² is the sum of the expectations of the "
            "expanded terms); (A1) factors each term's expectation into E[φ′_j²] E[w_kj w_k′j] "
            "E[δ_k δ_k′]; (A2) E[w_kj w_k′j] = (σ_w²/n_l) δ_kk′, which kills the cross terms "
            "k ≠ k′; (A3) E[φ′_j²] = Φ; the Kronecker sum keeps k′ = k for 1 ≤ k ≤ n_{l+1}; the "
            "n_l equal terms over j cancel the 1/n_l. The assumptions and linearity are the "
            "statement's definitions (axioms) of the named expectations, so a proof that used "
            "anything else would be refused. (A1) is the mean-field approximation of Schoenholz "
            "et al. (the backward weights are the forward ones, so it is exact only in the "
            "wide limit); E[δ_k δ_k′] is left free (any correlations)."
        ),
        formal=Statement(
            GRADIENT_LAW_RELATION,
            domain="widths n_l, n_{l+1} ≥ 1, units 1 ≤ j ≤ n_l; σ_w > 0, Φ > 0",
            definitions=GRADIENT_LAW_DEFINITIONS,
            proof=_gradient_law_proof,
            explanation=(
                "φ′ⱼ, wₖⱼ, δₖ: φ′(zˡ_j), w^{l+1}_{kj}, δ^{l+1}_k. The definitions are the "
                "assumptions: linearity E‖δˡ‖² := Σ_j Σ_k Σ_k′ E[φ′ⱼ²wₖⱼw_k′ⱼδₖδ_k′] and "
                "E‖δˡ⁺¹‖² := Σ_k E[δₖ²]; (A1) independence E[φ′ⱼ²wₖⱼw_k′ⱼδₖδ_k′] := "
                "E[φ′ⱼ²] E[wₖⱼw_k′ⱼ] E[δₖδ_k′]; (A2) E[wₖⱼw_k′ⱼ] := σ_w² δ_kk′/n_l (independent, "
                "zero mean, variance σ_w²/n_in); (A3) E[φ′ⱼ²] := Φ (identically distributed)"
            ),
        ),
    )
)
