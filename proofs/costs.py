"""Cost functions: the quadratic cost, the cross-entropy and the σ′ cancellation
(``shared/CLAIMS.md``, section "Cost functions"; lecture notes §1 and problems 3-2, 3-3).

Notation (lecture notes §1): one sigmoid neuron with output a = σ(z), weighted input
z = Σ_j w_j x_j + b, target y. The quadratic cost of one training input is C = (y − a)²/2, the
cross-entropy cost of n training inputs is eq. (1),

    C = −(1/n) Σ_x [y ln a + (1 − y) ln(1 − a)].

The derivations are data (:class:`gradproof.derivation.Derivation`): the same objects are checked
by ``gradproof verify`` and printed by the docs. To keep them readable they are written with
:class:`Sigma` and :class:`SigmaPrime`, SymPy functions that print as σ(·) and σ′(·) but *are*
1/(1 + e^{−x}) and e^{−x}/(1 + e^{−x})² (``rewrite(sp.exp)``), so the kernel's simplifier checks
each link against the real sigmoid. σ′ = σ(1 − σ) is claim ``sigmoid_prime_eq`` and is reused, not
re-proved.

Other modules use the public expression builders :func:`quadratic_cost_expr`,
:func:`cross_entropy_expr`, :func:`binary_entropy_expr` and :func:`cross_entropy_grad_z_expr`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from gradproof.claims import Claim, Outcome, add_evidence, numeric, prop, register, symbolic
from gradproof.derivation import Derivation, Step, are_equal, check_all, sign_is
from gradproof.logic import Statement, fits, proved_by
from gradproof.numerics import formulas
from gradproof.proofs.sigmoid import DEFINITIONS as SIGMOID_DEFINITIONS
from gradproof.proofs.sigmoid import SIGMA, SIGMA_PRIME, sigma, sigma_prime
from gradproof.properties import run_property

ORDER = 30


# ============================================================ public expression builders


def quadratic_cost_expr(a: sp.Expr, y: sp.Expr) -> sp.Expr:
    """The quadratic cost of one output, C = (y − a)²/2 (lecture notes §1)."""
    return (sp.sympify(y) - sp.sympify(a)) ** 2 / 2


def cross_entropy_expr(a: sp.Expr, y: sp.Expr) -> sp.Expr:
    """The cross-entropy of one output and one training input, −[y ln a + (1 − y) ln(1 − a)].

    lecture notes eq. (1) is the average of this over the n training inputs.
    """
    a, y = sp.sympify(a), sp.sympify(y)
    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


def binary_entropy_expr(y: sp.Expr) -> sp.Expr:
    """The binary entropy H(y) = −[y ln y + (1 − y) ln(1 − y)] (lecture notes problem 3-2)."""
    y = sp.sympify(y)
    return -(y * sp.log(y) + (1 - y) * sp.log(1 - y))


def cross_entropy_grad_z_expr(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """∂C/∂z = σ(z) − y for the cross-entropy of a sigmoid output (claim cross_entropy_min_at_y)."""
    return sigma(sp.sympify(z)) - sp.sympify(y)


# ============================================================ display functions σ, σ′


class Sigma(sp.Function):
    """σ(x) printed as σ(x); it *is* 1/(1 + e^{−x}) (``rewrite(sp.exp)``), derivative σ′(x)."""

    def fdiff(self, argindex: int = 1) -> Any:
        return SigmaPrime(self.args[0])

    def _eval_rewrite_as_exp(self, x: Any, **kwargs: Any) -> Any:
        return sigma(x)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        arg = printer._print(self.args[0])
        return (
            rf"\sigma\left({arg}\right)" if exp is None else rf"\sigma^{{{exp}}}\left({arg}\right)"
        )

    def _sympystr(self, printer: Any) -> str:
        return f"σ({printer._print(self.args[0])})"


class SigmaPrime(sp.Function):
    """σ′(x) printed as σ′(x); it *is* dσ/dx = e^{−x}/(1 + e^{−x})² (``rewrite(sp.exp)``)."""

    def _eval_rewrite_as_exp(self, x: Any, **kwargs: Any) -> Any:
        return sp.exp(-x) / (1 + sp.exp(-x)) ** 2

    def _latex(self, printer: Any, exp: Any = None) -> str:
        arg = printer._print(self.args[0])
        return (
            rf"\sigma'\left({arg}\right)"
            if exp is None
            else rf"\sigma'^{{{exp}}}\left({arg}\right)"
        )

    def _sympystr(self, printer: Any) -> str:
        return f"σ′({printer._print(self.args[0])})"


def display_functions_are_the_sigmoid() -> bool:
    """Sigma rewrites to σ and SigmaPrime to dσ/dx: a check of a displayed step is a real check."""
    x = sp.Symbol("x", real=True)
    return are_equal(Sigma(x).rewrite(sp.exp), sigma(x)) and are_equal(
        SigmaPrime(x).rewrite(sp.exp), sp.diff(sigma(x), x)
    )


# Symbols shared by the claims below.
a = sp.Symbol("a", positive=True)  # an output in (0, 1); 1 − a > 0 is used via _ON_UNIT_SQUARE
y = sp.Symbol("y", positive=True)  # a target in (0, 1)
zs = sp.Symbol("z", real=True)
w = sp.Symbol("w", real=True)
x = sp.Symbol("x", real=True)
b = sp.Symbol("b", real=True)
yr = sp.Symbol("y", real=True)  # a target with no sign assumption (gradients hold for any y)

# a, y ∈ (0, 1) ⇔ a = 1/(1 + s), y = 1/(1 + u) with s, u > 0: a bijection that lets SymPy's
# assumption system see a > 0, 1 − a = s/(1 + s) > 0 and the same for y.
_s, _u, _v = sp.symbols("s u v", positive=True)
_ON_UNIT_SQUARE = {a: 1 / (1 + _s), y: 1 / (1 + _u)}


# ------------------------------------------------------------ names in formal statements
#: the costs as undefined functions, so formal statements print C_quad(a, y), C_CE(a, y), H(y);
#: :data:`DEFINITIONS` says what they are (with σ, σ′ of the sigmoid family).
C_QUAD = sp.Function("C_quad", real=True)
C_CE = sp.Function("C_CE", real=True)
H_ENTROPY = sp.Function("H", real=True)
_p1, _p2 = sp.symbols("p1 p2", real=True)
DEFINITIONS: dict[Any, sp.Lambda] = {
    **SIGMOID_DEFINITIONS,
    C_QUAD: sp.Lambda((_p1, _p2), quadratic_cost_expr(_p1, _p2)),
    C_CE: sp.Lambda((_p1, _p2), cross_entropy_expr(_p1, _p2)),
    H_ENTROPY: sp.Lambda(_p1, binary_entropy_expr(_p1)),
}
#: a, y ∈ (0, 1) through a = 1/(1 + s), y = 1/(1 + u), s, u > 0 (a bijection onto (0, 1)²).
UNIT_REWRITE_WHY = "a = 1/(1 + s), y = 1/(1 + u) with s, u > 0: a bijection onto (0, 1)"


def _on_unit_square(expr: sp.Expr) -> sp.Expr:
    return sp.sympify(expr).subs(_ON_UNIT_SQUARE)


def _equal_for_a_y_in_unit_interval(prev: sp.Basic, cur: sp.Basic) -> bool:
    """An ``=`` link that needs a, y ∈ (0, 1) (e.g. to combine logarithms of 1 − a, 1 − y)."""
    return are_equal(_on_unit_square(prev), _on_unit_square(cur))


def _greater_for_a_y_in_unit_interval(prev: sp.Basic, cur: sp.Basic) -> bool:
    """A ``>`` link on a, y ∈ (0, 1): prev − cur is signed positive by the assumptions."""
    return sign_is(_on_unit_square(sp.sympify(prev) - sp.sympify(cur)), "positive")


# ============================================================ quadratic_grads
# Statement: C = (y − a)²/2, a = σ(z), z = wx + b ⇒ ∂C/∂w = (a − y)σ′(z)x, ∂C/∂b = (a − y)σ′(z).

_z_wb = w * x + b

QUADRATIC_GRAD_W_DERIVATION = Derivation(
    title="∂C/∂w for the quadratic cost",
    assumptions="w, x, b, y real; z = wx + b; a = σ(z)",
    lhs=sp.Symbol("∂C/∂w"),
    steps=(
        Step(
            sp.Derivative(quadratic_cost_expr(Sigma(_z_wb), yr), w), "C = (y − a)²/2, a = σ(wx + b)"
        ),
        Step(
            (Sigma(_z_wb) - yr) * SigmaPrime(_z_wb) * x,
            "chain rule: ∂C/∂a = a − y, ∂a/∂z = σ′(z), ∂z/∂w = x",
            source="notes-ps5 §1",
        ),
    ),
    conclusion="∂C/∂w = (a − y)σ′(z)x; with x = 1, y = 0 this is aσ′(z)",
)

QUADRATIC_GRAD_B_DERIVATION = Derivation(
    title="∂C/∂b for the quadratic cost",
    assumptions="w, x, b, y real; z = wx + b; a = σ(z)",
    lhs=sp.Symbol("∂C/∂b"),
    steps=(
        Step(
            sp.Derivative(quadratic_cost_expr(Sigma(_z_wb), yr), b), "C = (y − a)²/2, a = σ(wx + b)"
        ),
        Step(
            (Sigma(_z_wb) - yr) * SigmaPrime(_z_wb),
            "chain rule: ∂C/∂a = a − y, ∂a/∂z = σ′(z), ∂z/∂b = 1",
            source="notes-ps5 §1",
        ),
    ),
    conclusion="∂C/∂b = (a − y)σ′(z); with x = 1, y = 0 this is aσ′(z)",
)


def quadratic_gradients_by_chain_rule() -> Outcome:
    """Both derivations' links hold symbolically; at x = 1, y = 0 both reduce to a σ′(z)."""
    chain = check_all([QUADRATIC_GRAD_W_DERIVATION, QUADRATIC_GRAD_B_DERIVATION])
    faithful = display_functions_are_the_sigmoid()
    # the source's substitution x = 1, y = 0, written with the explicit sigmoid
    cost = quadratic_cost_expr(sigma(_z_wb), 0)
    at_toy = {x: 1}
    toy_w = are_equal(sp.diff(cost, w).subs(at_toy), sigma(w + b) * sigma_prime(w + b))
    toy_b = are_equal(sp.diff(cost, b).subs(at_toy), sigma(w + b) * sigma_prime(w + b))
    ok = chain.ok and faithful and toy_w and toy_b
    return Outcome.of(
        ok,
        f"{chain.detail}; σ, σ′ display functions are the sigmoid: {faithful}; "
        f"x = 1, y = 0 gives ∂C/∂w = ∂C/∂b = aσ′(z): {toy_w and toy_b}",
    )


quadratic_grads = register(
    Claim(
        id="quadratic_grads",
        statement=(
            "For C = (y − a)²/2 with a = σ(z), z = wx + b: ∂C/∂w = (a − y)σ′(z)x and "
            "∂C/∂b = (a − y)σ′(z); for the toy neuron (x = 1, y = 0) both equal aσ′(z)."
        ),
        source="notes-ps5 §1",
        evidence=(symbolic(quadratic_gradients_by_chain_rule),),
        derivations=(QUADRATIC_GRAD_W_DERIVATION, QUADRATIC_GRAD_B_DERIVATION),
        formal=Statement(
            sp.And(
                sp.Eq(
                    sp.Derivative(C_QUAD(SIGMA(_z_wb), yr), w),
                    (SIGMA(_z_wb) - yr) * SIGMA_PRIME(_z_wb) * x,
                ),
                sp.Eq(
                    sp.Derivative(C_QUAD(SIGMA(_z_wb), yr), b),
                    (SIGMA(_z_wb) - yr) * SIGMA_PRIME(_z_wb),
                ),
                sp.Eq(
                    sp.Derivative(C_QUAD(SIGMA(w + b), 0), w),
                    SIGMA(w + b) * SIGMA_PRIME(w + b),
                ),
                sp.Eq(
                    sp.Derivative(C_QUAD(SIGMA(w + b), 0), b),
                    SIGMA(w + b) * SIGMA_PRIME(w + b),
                ),
            ),
            domain="w, x, b, y real",
            definitions=DEFINITIONS,
            explanation="C_quad(a, y) = (y − a)²/2, σ′ = dσ/dz; the last two: x = 1, y = 0",
        ),
    )
)


# ============================================================ cross_entropy_nonneg
# Statement: for a ∈ (0, 1) and y ∈ {0, 1}, C > 0, and C → 0 as a → y.

_a_one = sp.exp(-_s)  # a ∈ (0, 1) ⇔ a = e^{−s}, s > 0
_a_zero = 1 - sp.exp(-_s)  # a ∈ (0, 1) ⇔ 1 − a = e^{−s}, s > 0

NONNEG_Y1_DERIVATION = Derivation(
    title="C > 0 for y = 1",
    assumptions="a = e^{−s} ∈ (0, 1), i.e. s = −ln a > 0",
    lhs=sp.Symbol("C"),
    steps=(
        Step(
            -sp.log(sp.UnevaluatedExpr(_a_one)),
            "y = 1 leaves C = −ln a; write a = e^{−s}, s > 0",
        ),
        Step(_s, "ln e^{−s} = −s"),
        Step(sp.Integer(0), "s > 0", relation=">"),
    ),
    conclusion="C = −ln a > 0 for every a ∈ (0, 1)",
)

NONNEG_Y0_DERIVATION = Derivation(
    title="C > 0 for y = 0",
    assumptions="1 − a = e^{−s} ∈ (0, 1), i.e. s = −ln(1 − a) > 0",
    lhs=sp.Symbol("C"),
    steps=(
        Step(
            -sp.log(sp.UnevaluatedExpr(1 - _a_zero)),
            "y = 0 leaves C = −ln(1 − a); write 1 − a = e^{−s}, s > 0",
        ),
        Step(_s, "ln e^{−s} = −s"),
        Step(sp.Integer(0), "s > 0", relation=">"),
    ),
    conclusion="C = −ln(1 − a) > 0 for every a ∈ (0, 1)",
)


def cross_entropy_positive_and_tends_to_zero() -> Outcome:
    """For y ∈ {0, 1}: C = −ln a or −ln(1 − a) > 0 on (0, 1) (sign), and C → 0 as a → y (limit)."""
    chain = check_all([NONNEG_Y1_DERIVATION, NONNEG_Y0_DERIVATION])
    forms = are_equal(cross_entropy_expr(a, 1), -sp.log(a)) and are_equal(
        cross_entropy_expr(a, 0), -sp.log(1 - a)
    )
    lim1 = sp.limit(cross_entropy_expr(a, 1), a, 1, "-")
    lim0 = sp.limit(cross_entropy_expr(a, 0), a, 0, "+")
    ok = chain.ok and forms and lim1 == 0 and lim0 == 0
    return Outcome.of(
        ok,
        f"{chain.detail}; C(a, 1) = −ln a and C(a, 0) = −ln(1 − a): {forms}; "
        f"lim_(a→1⁻) C(a, 1) = {lim1}; lim_(a→0⁺) C(a, 0) = {lim0}",
    )


cross_entropy_nonneg = register(
    Claim(
        id="cross_entropy_nonneg",
        statement=(
            "For a ∈ (0, 1) and y ∈ {0, 1}, C = −[y ln a + (1 − y) ln(1 − a)] > 0, and C → 0 as "
            "a → y; hence the average (1) over n training inputs is > 0 too."
        ),
        source="nielsen-ch3 eq. (57); notes-ps5 §1 eq. (1)",
        evidence=(symbolic(cross_entropy_positive_and_tends_to_zero),),
        notes=(
            "The text argues that 'all the individual terms' are negative and refers to the sum "
            "in '(57)' (Nielsen's numbering; it is eq. (1) in the lecture notes). For y ∈ {0, 1} "
            "one of the "
            "two logarithm terms is multiplied by 0, so the terms are ≤ 0 and the strict "
            "inequality C > 0 comes from the remaining term, which needs a strictly inside (0, 1). "
            "C = 0 is never attained, only approached as a → y. For targets strictly between 0 "
            "and 1 the cost is bounded below by the binary entropy, not by 0 "
            "(claim cross_entropy_min_at_y)."
        ),
        derivations=(NONNEG_Y1_DERIVATION, NONNEG_Y0_DERIVATION),
        formal=Statement(
            sp.And(
                sp.Gt(C_CE(a, 1), 0),
                sp.Gt(C_CE(a, 0), 0),
                sp.Eq(sp.Limit(C_CE(a, 1), a, 1, "-"), 0),
                sp.Eq(sp.Limit(C_CE(a, 0), a, 0, "+"), 0),
            ),
            domain="a ∈ (0, 1)",
            definitions=DEFINITIONS,
            rewrite={a: 1 / (1 + _s)},
            rewrite_why="a = 1/(1 + s), s > 0: a bijection onto (0, 1)",
            explanation="C_CE(a, y) = −[y ln a + (1 − y) ln(1 − a)]",
        ),
    )
)


# ============================================================ cross_entropy_cancellation
# Statement: ∂C/∂w_j = (1/n) Σ_x x_j (σ(z) − y): the σ′(z) factor cancels exactly.

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
wj = sp.Symbol("w_j", real=True)
_X = sp.IndexedBase("x_j", real=True)  # x_j[i]: the j-th input of training example i
_R = sp.IndexedBase("r", real=True)  # r[i] = Σ_{k≠j} w_k x_k[i] + b: does not depend on w_j
_S = sp.IndexedBase("s", real=True)  # s[i] = Σ_j w_j x_j[i]: does not depend on b
_Y = sp.IndexedBase("y", real=True)  # target of training example i


def _one_sum_multiple(expr: sp.Basic) -> tuple[sp.Expr, sp.Sum] | None:
    """(k, S) when ``expr`` is k·S for one Sum S and a factor k free of S's index; else None."""
    sums = expr.atoms(sp.Sum)
    if len(sums) != 1 or expr.has(sp.Derivative):
        return None
    total = sums.pop()
    slot = sp.Dummy("S")
    linear = expr.xreplace({total: slot})
    k = sp.diff(linear, slot)
    index = total.limits[0][0]
    if k.has(slot) or k.has(index) or sp.expand(linear - k * slot) != 0:
        return None
    return k, total


def _equal_term_by_term(prev: sp.Basic, cur: sp.Basic) -> bool:
    """k₁ Σ_i f_i = k₂ Σ_i g_i over the same range, proved by k₁ f_i − k₂ g_i ≡ 0 for every i.

    Both sides must be a multiple of one Sum with the same limits by a factor free of the index
    (checked), so equal summands give equal sums for every n. Much faster than simplifying Sums.
    """
    left, right = _one_sum_multiple(prev), _one_sum_multiple(cur)
    if left is None or right is None or left[1].limits != right[1].limits:
        return False
    return are_equal(left[0] * left[1].function, right[0] * right[1].function)


def _cross_entropy_derivation(
    param: sp.Symbol, z_i: sp.Expr, dz: sp.Expr, title: str, name: str
) -> Derivation:
    """The lecture notes §1 derivation of ∂C/∂param for the cross-entropy (1), over n inputs.

    ``z_i`` is the weighted input of training example i and ``dz`` = ∂z_i/∂param (x_j[i] or 1).
    """
    sg, sgp, yi = Sigma(z_i), SigmaPrime(z_i), _Y[i]
    cost = sp.Sum(cross_entropy_expr(sg, yi), (i, 1, n)) / n
    ratio = sp.Pow(sg * (1 - sg), -1, evaluate=False)
    substituted = sp.Mul(sg * (1 - sg), dz * (sg - yi), ratio, evaluate=False)
    return Derivation(
        title=title,
        assumptions=(
            "n ≥ 1 training inputs i = 1..n; z_i = Σ_k w_k x_k[i] + b written as "
            + ("w_j x_j[i] + r[i], r[i] free of w_j" if dz != 1 else "b + s[i], s[i] free of b")
            + "; targets y[i] real"
        ),
        lhs=sp.Symbol(name),
        steps=(
            Step(
                sp.Derivative(cost, param),
                "cross-entropy (1) with a = σ(z)",
                source="nielsen-ch3 eq. (57); notes-ps5 eq. (1)",
            ),
            Step(
                -sp.Sum((yi / sg - (1 - yi) / (1 - sg)) * sgp * dz, (i, 1, n)) / n,
                "chain rule twice: d ln σ = σ′/σ, ∂z/∂" + str(param) + " = " + str(dz),
                source="notes-ps5 §1",
            ),  # linearity: d/dw Σ = Σ d/dw; checked by the kernel's simplifier on the Sum
            Step(
                sp.Sum(sgp * dz * (sg - yi) / (sg * (1 - sg)), (i, 1, n)) / n,
                "common denominator σ(z)(1 − σ(z))",
                source="notes-ps5 §1",
                check=_equal_term_by_term,
            ),
            Step(
                sp.Sum(substituted, (i, 1, n)) / n,
                "substitute σ′(z) = σ(z)(1 − σ(z)) (claim sigmoid_prime_eq)",
                source="notes-ps5 §1",
                check=_equal_term_by_term,
            ),
            Step(
                sp.Sum(dz * (sg - yi), (i, 1, n)) / n,
                "σ′ cancels against σ(1 − σ)",
                check=_equal_term_by_term,
            ),
        ),
        conclusion=f"{name} = (1/n) Σ_x {'' if dz == 1 else 'x_j '}(σ(z) − y): no σ′(z) factor",
    )


CANCELLATION_DERIVATION = _cross_entropy_derivation(
    wj, wj * _X[i] + _R[i], _X[i], "∂C/∂w_j for the cross-entropy: σ′ cancels", "∂C/∂w_j"
)


def _cost_and_grads_numpy(
    weights: np.ndarray, bias: float, inputs: np.ndarray, targets: np.ndarray
) -> tuple[Callable[[np.ndarray, float], float], np.ndarray, float]:
    """Cost (1) as a function of (w, b); the proved gradients (1/n)Σ x_j(σ − y), (1/n)Σ(σ − y)."""

    def cost(wv: np.ndarray, bv: float) -> float:
        act = formulas.sigmoid(inputs @ wv + bv)
        return float(-np.mean(targets * np.log(act) + (1 - targets) * np.log1p(-act)))

    err = formulas.sigmoid(inputs @ weights + bias) - targets
    return cost, inputs.T @ err / len(targets), float(np.mean(err))


def gradients_match_finite_differences() -> Outcome:
    """(1/n)Σ x_j(σ(z) − y) and (1/n)Σ(σ(z) − y) match central differences of (1), n = 40, m = 5."""
    rng = np.random.default_rng(4)
    m, n_inputs, h, tol = 5, 40, 1e-6, 1e-8
    inputs = rng.normal(size=(n_inputs, m))
    targets = rng.uniform(0.0, 1.0, size=n_inputs)
    weights, bias = rng.normal(size=m), float(rng.normal())
    cost, grad_w, grad_b = _cost_and_grads_numpy(weights, bias, inputs, targets)
    fd_w = np.array(
        [(cost(weights + h * e, bias) - cost(weights - h * e, bias)) / (2 * h) for e in np.eye(m)]
    )
    fd_b = (cost(weights, bias + h) - cost(weights, bias - h)) / (2 * h)
    err = max(float(np.max(np.abs(fd_w - grad_w))), abs(fd_b - grad_b))
    return Outcome.of(
        err <= tol,
        f"max |formula − central difference (h = {h:g})| = {err:.1e} (tolerance {tol:g}) over "
        f"{m} weights and the bias, {n_inputs} random inputs with targets in [0, 1]",
    )


def gradient_formula_matches_mpmath_derivative() -> Outcome:
    """Property: x_j(σ(z) − y) and σ(z) − y equal mpmath.diff of one input's cost (30 digits)."""
    from hypothesis import given
    from hypothesis import strategies as st

    small = st.floats(-8.0, 8.0, allow_nan=False)

    @given(
        st.lists(small, min_size=3, max_size=3),
        st.lists(small, min_size=3, max_size=3),
        small,
        st.floats(0.0, 1.0),
    )
    def check(ws: list[float], xs: list[float], bias: float, target: float) -> None:
        weights, inputs = np.array(ws), np.array(xs)
        err = float(formulas.sigmoid(float(inputs @ weights) + bias)) - target
        with mpmath.workdps(30):

            def cost(*params: Any) -> Any:
                # −ln σ(z) = ln(1 + e^{−z}), −ln(1 − σ(z)) = ln(1 + e^{z}): no cancellation
                zz = mpmath.fsum(p * mpmath.mpf(xv) for p, xv in zip(params[:3], xs, strict=True))
                zz += params[3]
                return target * mpmath.log1p(mpmath.exp(-zz)) + (1 - target) * mpmath.log1p(
                    mpmath.exp(zz)
                )

            point = [mpmath.mpf(v) for v in [*ws, bias]]
            for k in range(4):

                def along(t: Any, k: int = k) -> Any:
                    return cost(*point[:k], t, *point[k + 1 :])

                ref = float(mpmath.diff(along, point[k]))
                got = err * xs[k] if k < 3 else err
                assert abs(got - ref) <= 1e-12 * (1 + abs(ref)), (
                    f"∂C/∂{'w' if k < 3 else 'b'}{k + 1 if k < 3 else ''}: formula {got!r}, "
                    f"mpmath {ref!r}"
                )

    return run_property(check, "∂C/∂w_j = x_j(σ(z) − y), ∂C/∂b = σ(z) − y for one input")


def sigma_prime_cancels_over_n_inputs() -> Outcome:
    """Each link of the derivation over n symbolic inputs simplifies to 0 (σ, σ′ the real ones)."""
    chain = CANCELLATION_DERIVATION.check()
    faithful = display_functions_are_the_sigmoid()
    return Outcome.of(chain.ok and faithful, f"{chain.detail}; σ, σ′ are the sigmoid: {faithful}")


cross_entropy_cancellation = register(
    Claim(
        id="cross_entropy_cancellation",
        statement=(
            "For a = σ(z), z = Σ_j w_j x_j + b and the cross-entropy (1): "
            "∂C/∂w_j = (1/n) Σ_x x_j (σ(z) − y); the factor σ′(z)/(σ(z)(1 − σ(z))) of the "
            "intermediate form equals 1, so σ′(z) cancels exactly."
        ),
        source="nielsen-ch3 eq. (57)–(61); notes-ps5 §1 eq. (1) ff.",
        evidence=(
            symbolic(sigma_prime_cancels_over_n_inputs),
            numeric(gradients_match_finite_differences),
            prop(gradient_formula_matches_mpmath_derivative),
        ),
        notes=(
            "The number n of training inputs is a SymPy symbol (a Sum over i = 1..n) and stays "
            "symbolic throughout. The m weights are handled by writing z_i = w_j x_j[i] + r[i] "
            "where r[i] = Σ_(k≠j) w_k x_k[i] + b collects everything that does not depend on w_j, "
            "so the proof holds for every m and every j. The link σ′ = σ(1 − σ) is the proved "
            "claim sigmoid_prime_eq; the targets y may be any reals, not only 0 and 1."
        ),
        derivations=(CANCELLATION_DERIVATION,),
        formal=Statement(
            sp.And(
                sp.Eq(
                    CANCELLATION_DERIVATION.steps[0].expr,
                    sp.Sum(_X[i] * (Sigma(wj * _X[i] + _R[i]) - _Y[i]), (i, 1, n)) / n,
                ),
                sp.Eq(SigmaPrime(zs) / (Sigma(zs) * (1 - Sigma(zs))), 1),
            ),
            domain="n ≥ 1 inputs; w_j, x_j[i], r[i], y[i], z real",
            proof=proved_by(CANCELLATION_DERIVATION),
            explanation=(
                "z_i = w_j x_j[i] + r[i] with r[i] = Σ_(k≠j) w_k x_k[i] + b free of w_j; the "
                "left side is ∂/∂w_j of the cross-entropy (1); the second part: the factor "
                "σ′/(σ(1 − σ)) of the intermediate form is 1"
            ),
        ),
    )
)


# ============================================================ cross_entropy_bias_grad
# Statement: ∂C/∂b = (1/n) Σ_x (σ(z) − y).

BIAS_GRAD_DERIVATION = _cross_entropy_derivation(
    b, b + _S[i], sp.Integer(1), "∂C/∂b for the cross-entropy: σ′ cancels", "∂C/∂b"
)


def bias_gradient_over_n_inputs() -> Outcome:
    """Each link of the ∂C/∂b derivation over n symbolic inputs simplifies to 0."""
    chain = BIAS_GRAD_DERIVATION.check()
    return Outcome.of(chain.ok, chain.detail)


cross_entropy_bias_grad = register(
    Claim(
        id="cross_entropy_bias_grad",
        statement="For the cross-entropy (1) of a sigmoid neuron, ∂C/∂b = (1/n) Σ_x (σ(z) − y).",
        source="nielsen-ch3 eq. (62); notes-ps5 eq. (2)",
        evidence=(
            symbolic(bias_gradient_over_n_inputs),
            numeric(gradients_match_finite_differences),
        ),
        notes=(
            "The text leaves this derivation to the reader; it is the weight derivation with "
            "∂z/∂b = 1 in place of ∂z/∂w_j = x_j, done here step by step with n symbolic."
        ),
        derivations=(BIAS_GRAD_DERIVATION,),
        formal=Statement(
            sp.Eq(
                BIAS_GRAD_DERIVATION.steps[0].expr,
                sp.Sum(Sigma(b + _S[i]) - _Y[i], (i, 1, n)) / n,
            ),
            domain="n ≥ 1 inputs; b, s[i], y[i] real",
            proof=proved_by(BIAS_GRAD_DERIVATION),
            explanation=(
                "z_i = b + s[i] with s[i] = Σ_j w_j x_j[i] free of b; the left side is ∂/∂b of "
                "the cross-entropy (1)"
            ),
        ),
    )
)


# ============================================================ cross_entropy_min_at_y
# Statement: for y ∈ (0, 1), C(a) is strictly convex on (0, 1), its unique minimum is at a = y
# where C = H(y), and C(a) − H(y) = KL(y‖a) ≥ 0. In z: ∂C/∂z = σ(z) − y.

C_a = cross_entropy_expr(a, y)
KL_EXPR = y * sp.log(y / a) + (1 - y) * sp.log((1 - y) / (1 - a))
_theta = 1 / (1 + _v)  # θ ∈ (0, 1)
_theta_sym = sp.Symbol("theta", positive=True)  # θ
_xi = (1 - _theta_sym) * y + _theta_sym * a  # a point strictly between y and a

MIN_FIRST_DERIVATIVE = Derivation(
    title="C′(a) for the cross-entropy",
    assumptions="a, y ∈ (0, 1)",
    lhs=sp.Symbol("dC/da"),
    steps=(
        Step(sp.Derivative(C_a, a), "C(a) = −[y ln a + (1 − y) ln(1 − a)]"),
        Step(-y / a + (1 - y) / (1 - a), "d ln a = 1/a, d ln(1 − a) = −1/(1 − a)"),
        Step((a - y) / (a * (1 - a)), "common denominator a(1 − a) > 0"),
    ),
    conclusion="C′(a) has the sign of a − y: it vanishes only at a = y",
)

MIN_SECOND_DERIVATIVE = Derivation(
    title="C″(a) > 0: strict convexity",
    assumptions="a, y ∈ (0, 1)",
    lhs=sp.Symbol("d²C/da²"),
    steps=(
        Step(sp.Derivative(C_a, (a, 2)), "differentiate C′(a) = −y/a + (1 − y)/(1 − a)"),
        Step(y / a**2 + (1 - y) / (1 - a) ** 2, "d(1/a) = −1/a², d(1/(1 − a)) = 1/(1 − a)²"),
        Step(
            sp.Integer(0),
            "y > 0 and 1 − y > 0 over positive squares",
            relation=">",
            check=_greater_for_a_y_in_unit_interval,
        ),
    ),
    conclusion="C is strictly convex on (0, 1)",
)

MIN_KL_DERIVATION = Derivation(
    title="C(a) − H(y) is the Kullback–Leibler divergence",
    assumptions="a, y ∈ (0, 1)",
    lhs=sp.Symbol("C(a) − H(y)"),
    steps=(
        Step(C_a - binary_entropy_expr(y), "C(a) minus the binary entropy H(y)"),
        Step(
            KL_EXPR,
            "ln y − ln a = ln(y/a), ln(1 − y) − ln(1 − a) = ln((1 − y)/(1 − a))",
            check=_equal_for_a_y_in_unit_interval,
        ),
    ),
    conclusion="C(a) − H(y) = KL(y‖a) = y ln(y/a) + (1 − y) ln((1 − y)/(1 − a))",
)

_F_prime = (a - y) / (a * (1 - a))  # F = C − H(y) has F′ = C′ (first derivation)

MIN_KL_NONNEG_DERIVATION = Derivation(
    title="KL(y‖a) ≥ 0 by the mean value theorem",
    assumptions=(
        "a, y ∈ (0, 1); F(a) = C(a) − H(y) has F(y) = 0 and F′ = C′; "
        "ξ = (1 − θ)y + θa for some θ ∈ (0, 1)"
    ),
    lhs=sp.Symbol("F(a) − F(y)"),
    steps=(
        Step(
            _F_prime.subs(a, sp.Symbol("ξ")).subs(sp.Symbol("ξ"), _xi) * (a - y),
            "mean value theorem: F(a) − F(y) = F′(ξ)(a − y), F′(ξ) = (ξ − y)/(ξ(1 − ξ))",
        ),
        Step(
            _theta_sym * (a - y) ** 2 / (_xi * ((1 - _theta_sym) * (1 - y) + _theta_sym * (1 - a))),
            "ξ − y = θ(a − y); 1 − ξ = (1 − θ)(1 − y) + θ(1 − a)",
        ),
        Step(
            sp.Integer(0),
            "θ > 0, a square, and ξ, 1 − ξ are convex combinations of numbers in (0, 1)",
            relation=">=",
            check=lambda p, c: sign_is(
                _on_unit_square(p - c).subs(_theta_sym, _theta), "nonnegative"
            ),
        ),
    ),
    conclusion="KL(y‖a) = F(a) − F(y) ≥ 0, with equality only when a = y",
)


def _kl_mvt_premises(f_prime: sp.Expr) -> bool:
    """The mean value theorem's inputs for F(a) = KL(y‖a): F′ is ``f_prime`` and F(y) = 0.

    Checked on a, y ∈ (0, 1) (where F is differentiable), so the F′(ξ) that
    :data:`MIN_KL_NONNEG_DERIVATION` signs is the derivative of the KL expression it bounds.
    """
    derivative = are_equal(_on_unit_square(sp.diff(KL_EXPR, a)), _on_unit_square(f_prime))
    vanishes_at_y = are_equal(_on_unit_square(KL_EXPR.subs(a, y)), 0)
    return derivative and vanishes_at_y


MIN_IN_Z_DERIVATION = Derivation(
    title="∂C/∂z = σ(z) − y",
    assumptions="z real, y real, a = σ(z)",
    lhs=sp.Symbol("∂C/∂z"),
    steps=(
        Step(sp.Derivative(cross_entropy_expr(Sigma(zs), yr), zs), "C with a = σ(z)"),
        Step(
            -(yr / Sigma(zs) - (1 - yr) / (1 - Sigma(zs))) * SigmaPrime(zs),
            "chain rule",
            source="notes-ps5 §1",
        ),
        Step(
            Sigma(zs) - yr, "σ′ = σ(1 − σ) cancels the common denominator (claim sigmoid_prime_eq)"
        ),
    ),
    conclusion="∂C/∂z = σ(z) − y, zero exactly when σ(z) = y",
)


def minimum_at_y_is_binary_entropy() -> Outcome:
    """C′ = (a − y)/(a(1 − a)) is 0 on (0, 1) only at a = y; C″ > 0; C(y) = H(y); C − H = KL ≥ 0."""
    chains = check_all(
        [MIN_FIRST_DERIVATIVE, MIN_SECOND_DERIVATIVE, MIN_KL_DERIVATION, MIN_KL_NONNEG_DERIVATION]
    )
    # y = 1/(1 + u), u > 0, is a general target in (0, 1); solve C′(a) = 0 for a ∈ (0, 1)
    numerator = sp.numer(sp.together(sp.diff(C_a, a))).subs(y, 1 / (1 + _u))
    roots = sp.solveset(numerator, a, sp.Interval.open(0, 1))
    root_is_y = roots == sp.FiniteSet(1 / (1 + _u))
    # C′ = (a − y)/(a(1 − a)) has the sign of a − y because the denominator is positive
    denominator_positive = sign_is(_on_unit_square(a * (1 - a)), "positive")
    min_value = are_equal(C_a.subs(a, y), binary_entropy_expr(y))
    mvt_premises = _kl_mvt_premises(_F_prime)
    kl_zero_only_at_y = sp.solveset(
        sp.numer(sp.together(_on_unit_square((a - y) ** 2))), _s, sp.Interval.open(0, sp.oo)
    ) == sp.FiniteSet(_u)
    z_chain = MIN_IN_Z_DERIVATION.check()
    grad_z = are_equal(
        sp.diff(cross_entropy_expr(sigma(zs), yr), zs), cross_entropy_grad_z_expr(zs, yr)
    )
    # σ(z) = y has the single real solution z = ln(y/(1 − y)) for y = 1/(1 + u) ∈ (0, 1)
    z_roots = sp.solveset(sigma(zs) - 1 / (1 + _u), zs, sp.S.Reals)
    logit = z_roots == sp.FiniteSet(-sp.log(_u))
    ok = (
        chains.ok
        and root_is_y
        and denominator_positive
        and min_value
        and mvt_premises
        and kl_zero_only_at_y
        and z_chain.ok
        and grad_z
        and logit
    )
    return Outcome.of(
        ok,
        f"{chains.detail}; roots of C′ in (0, 1) for y = 1/(1 + u): {roots} = {{y}}: {root_is_y}; "
        f"a(1 − a) > 0: {denominator_positive}; C(y) = H(y): {min_value}; "
        f"MVT premises ∂KL/∂a = (a − y)/(a(1 − a)), KL(y‖y) = 0: {mvt_premises}; "
        f"KL = 0 only at a = y: {kl_zero_only_at_y}; "
        f"{z_chain.detail}; ∂C/∂z ≡ σ(z) − y: {grad_z}; σ(z) = y ⇔ z = ln(y/(1 − y)): {logit}",
    )


def _kl_nonnegative_part(part: sp.Basic, st: Any) -> tuple[bool, str] | None:
    """Prover for the part C_CE(a, y) − H(y) ≥ c: its left side is KL(y‖a) (derivation
    MIN_KL_DERIVATION fits), KL ≥ 0 by the mean value theorem (MIN_KL_NONNEG_DERIVATION and its
    premises), and c must be 0 (a larger c is refuted at a = y, where C − H = 0)."""
    if not isinstance(part, sp.Ge) or not part.lhs.has(C_CE):
        return None
    lhs = part.lhs.replace(C_CE, DEFINITIONS[C_CE]).replace(H_ENTROPY, DEFINITIONS[H_ENTROPY])
    is_kl, kl_detail = fits(MIN_KL_DERIVATION, sp.Eq(lhs, KL_EXPR, evaluate=False))
    mvt = MIN_KL_NONNEG_DERIVATION.check()
    premises = _kl_mvt_premises(_F_prime)
    bound_ok = sp.sympify(part.rhs).is_nonpositive is True
    ok = is_kl and mvt.ok and premises and bound_ok
    return ok, (
        f"C − H = KL: {kl_detail}; {mvt.detail}; MVT premises: {premises}; "
        f"bound {part.rhs} ≤ 0 = KL(y‖y): {bound_ok}"
    )


def cross_entropy_at_least_binary_entropy() -> Outcome:
    """Property: C(a, y) − H(y) = KL(y‖a) ≥ 0 for all floats a, y in (0, 1) (mpmath, 80 digits)."""
    from hypothesis import example, given
    from hypothesis import strategies as st

    unit = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True)

    @given(unit, unit)
    @example(0.5, 0.5 + 2**-53)
    @example(5e-324, 1e-323)
    @example(1 - 2**-53, 1 - 2**-52)
    def check(av: float, yv: float) -> None:
        with mpmath.workdps(80):  # log1p keeps ln(1 − a) exact-ish for tiny a
            am, ym = mpmath.mpf(av), mpmath.mpf(yv)
            c = -(ym * mpmath.log(am) + (1 - ym) * mpmath.log1p(-am))
            h = -(ym * mpmath.log(ym) + (1 - ym) * mpmath.log1p(-ym))
            kl = ym * mpmath.log(ym / am) + (1 - ym) * (mpmath.log1p(-ym) - mpmath.log1p(-am))
            assert c - h >= 0, f"C({av!r}, {yv!r}) − H = {c - h} < 0"
            assert abs((c - h) - kl) <= mpmath.mpf(10) ** -70 * (1 + abs(c)), "C − H ≠ KL"
            if av != yv:
                assert c - h > 0, f"C − H = 0 at a = {av!r} ≠ y = {yv!r}"

    return run_property(check, "C(a, y) ≥ H(y) with C − H = KL(y‖a), a, y ∈ (0, 1)")


cross_entropy_min_at_y = register(
    Claim(
        id="cross_entropy_min_at_y",
        statement=(
            "For y ∈ (0, 1) the cross-entropy C(a) = −[y ln a + (1 − y) ln(1 − a)] is strictly "
            "convex on (0, 1) with its unique minimum at a = y (i.e. σ(z) = y, since "
            "∂C/∂z = σ(z) − y), where C equals the binary entropy H(y); and "
            "C(a) − H(y) = KL(y‖a) ≥ 0, with equality only at a = y."
        ),
        source="notes-ps5 problem 3-2",
        evidence=(
            symbolic(minimum_at_y_is_binary_entropy),
            prop(cross_entropy_at_least_binary_entropy),
        ),
        notes=(
            "Proved for one training input; the cost (1) is the average over inputs of such terms, "
            "each depending on its own σ(z), so it is minimised when σ(z) = y for every input, "
            "with minimum (1/n)Σ H(y) as the problem states. KL ≥ 0 is shown by the mean value "
            "theorem (no sampling): F(a) = KL(y‖a) is differentiable on (0, 1) with F(y) = 0 and "
            "F′(a) = (a − y)/(a(1 − a)) (both checked symbolically), so F(a) = F(a) − F(y) = "
            "F′(ξ)(a − y) for some ξ = (1 − θ)y + θa, θ ∈ (0, 1), and F′(ξ)(a − y) = "
            "θ(a − y)²/(ξ(1 − ξ)) is signed symbolically for every θ ∈ (0, 1)."
        ),
        derivations=(
            MIN_FIRST_DERIVATIVE,
            MIN_SECOND_DERIVATIVE,
            MIN_KL_DERIVATION,
            MIN_KL_NONNEG_DERIVATION,
            MIN_IN_Z_DERIVATION,
        ),
        formal=Statement(
            sp.And(
                sp.Gt(sp.Derivative(C_CE(a, y), (a, 2)), 0),
                sp.Implies(sp.Eq(sp.Derivative(C_CE(a, y), a), 0), sp.Eq(a, y)),
                sp.Eq(C_CE(y, y), H_ENTROPY(y)),
                sp.Ge(C_CE(a, y) - H_ENTROPY(y), 0),
                sp.Eq(sp.Derivative(C_CE(SIGMA(zs), yr), zs), SIGMA(zs) - yr),
            ),
            domain="a, y ∈ (0, 1); z real; in the last part y (written y) any real",
            definitions=DEFINITIONS,
            rewrite={a: 1 / (1 + _s), y: 1 / (1 + _u)},
            rewrite_why=UNIT_REWRITE_WHY,
            proof=lambda st: proved_by(extra=(_kl_nonnegative_part,))(st),
            explanation=(
                "C_CE(a, y) = −[y ln a + (1 − y) ln(1 − a)], H(y) = C_CE(y, y) the binary "
                "entropy; C − H = KL(y‖a) ≥ 0 by the mean value theorem"
            ),
        ),
    )
)


# ============================================================ output_error_cross_entropy
# Statement: sigmoid output layer, multi-neuron cross-entropy: δᴸ = aᴸ − y and
# ∂C/∂wᴸ_jk = a_k^{L−1}(aᴸ_j − y_j); for the quadratic cost there is an extra σ′(zᴸ_j).

zj = sp.Symbol("z_j^L", real=True)
yj = sp.Symbol("y_j", real=True)
_wjk = sp.Symbol("w^L_jk", real=True)
_ak = sp.Symbol("a^{L-1}_k", real=True)
_rj = sp.Symbol("r_j", real=True)

OUTPUT_ERROR_DERIVATION = Derivation(
    title="δᴸ_j = aᴸ_j − y_j for the cross-entropy",
    assumptions=(
        "C = −Σ_j [y_j ln aᴸ_j + (1 − y_j) ln(1 − aᴸ_j)], aᴸ_j = σ(zᴸ_j); only the j-th term "
        "depends on zᴸ_j"
    ),
    lhs=sp.Symbol("δᴸ_j"),
    steps=(
        Step(sp.Derivative(cross_entropy_expr(Sigma(zj), yj), zj), "δᴸ_j = ∂C/∂zᴸ_j"),
        Step(
            -(yj / Sigma(zj) - (1 - yj) / (1 - Sigma(zj))) * SigmaPrime(zj),
            "chain rule through aᴸ_j = σ(zᴸ_j)",
        ),
        Step(
            SigmaPrime(zj) * (Sigma(zj) - yj) / (Sigma(zj) * (1 - Sigma(zj))),
            "common denominator",
        ),
        Step(Sigma(zj) - yj, "σ′ = σ(1 − σ) cancels (claim sigmoid_prime_eq)"),
    ),
    conclusion="δᴸ = aᴸ − y; then ∂C/∂wᴸ_jk = a_k^{L−1} δᴸ_j = a_k^{L−1}(aᴸ_j − y_j)",
)

_J, _K = 3, 2  # the small symbolic layer: 3 output neurons, 2 inputs from layer L − 1


def _small_layer() -> tuple[Any, Any, Any, Any, list[sp.Expr], list[sp.Expr]]:
    W = sp.Matrix(_J, _K, lambda j, k: sp.Symbol(f"w_{j + 1}{k + 1}", real=True))
    B = sp.Matrix(_J, 1, lambda j, _k: sp.Symbol(f"b_{j + 1}", real=True))
    A = sp.Matrix(_K, 1, lambda k, _z: sp.Symbol(f"a_{k + 1}", real=True))  # a^{L−1}
    Y = sp.Matrix(_J, 1, lambda j, _k: sp.Symbol(f"y_{j + 1}", real=True))
    Z = list(W * A + B)
    return W, B, A, Y, Z, [sigma(zz) for zz in Z]


def output_error_on_a_three_by_two_layer() -> Outcome:
    """3 × 2 layer, all symbols free: δ = a − y, ∂C/∂w_jk = a_k(a_j − y_j) (quadratic: times σ′)."""
    chain = OUTPUT_ERROR_DERIVATION.check()
    W, B, A, Y, Z, out = _small_layer()
    ce = sum(cross_entropy_expr(out[j], Y[j]) for j in range(_J))
    quad = sum(quadratic_cost_expr(out[j], Y[j]) for j in range(_J))
    # δ_j = ∂C/∂z_j: differentiate C written in free symbols ζ_j standing for z_j
    zeta = sp.symbols(f"zeta1:{_J + 1}", real=True)
    ce_z = sum(cross_entropy_expr(sigma(zeta[j]), Y[j]) for j in range(_J))
    delta_ok = all(are_equal(sp.diff(ce_z, zeta[j]), sigma(zeta[j]) - Y[j]) for j in range(_J))
    ce_w = all(
        are_equal(sp.diff(ce, W[j, k]), A[k] * (out[j] - Y[j]))
        for j in range(_J)
        for k in range(_K)
    )
    ce_b = all(are_equal(sp.diff(ce, B[j]), out[j] - Y[j]) for j in range(_J))
    quad_w = all(
        are_equal(sp.diff(quad, W[j, k]), A[k] * (out[j] - Y[j]) * sigma_prime(Z[j]))
        for j in range(_J)
        for k in range(_K)
    )
    ok = chain.ok and delta_ok and ce_w and ce_b and quad_w
    return Outcome.of(
        ok,
        f"{chain.detail}; on a {_J}×{_K} layer: δ_j = a_j − y_j: {delta_ok}; cross-entropy "
        f"∂C/∂w_jk = a_k(a_j − y_j): {ce_w}, ∂C/∂b_j = a_j − y_j: {ce_b}; quadratic "
        f"∂C/∂w_jk = a_k(a_j − y_j)σ′(z_j): {quad_w}",
    )


def output_gradients_match_finite_differences() -> Outcome:
    """Random 10 × 7 output layer, n = 5 inputs: both costs' ∂C/∂wᴸ_jk match central differences."""
    rng = np.random.default_rng(33)
    n_out, n_in, n_x, h, tol = 10, 7, 5, 1e-6, 1e-8
    W = rng.normal(size=(n_out, n_in))
    B = rng.normal(size=n_out)
    A = rng.uniform(0.0, 1.0, size=(n_x, n_in))  # a^{L−1} for each training input
    Y = rng.uniform(0.0, 1.0, size=(n_x, n_out))

    def ce(Wv: np.ndarray) -> float:
        out = formulas.sigmoid(A @ Wv.T + B)
        return float(-np.sum(Y * np.log(out) + (1 - Y) * np.log1p(-out)) / n_x)

    def quad(Wv: np.ndarray) -> float:
        out = formulas.sigmoid(A @ Wv.T + B)
        return float(np.sum((Y - out) ** 2) / 2 / n_x)

    Zs = A @ W.T + B
    out = formulas.sigmoid(Zs)
    grad_ce = (out - Y).T @ A / n_x  # (1/n) Σ_x a_k (a_j − y_j)
    grad_quad = ((out - Y) * formulas.sigmoid_prime(Zs)).T @ A / n_x
    worst = {"cross-entropy": 0.0, "quadratic": 0.0}
    for (name, f), grad in zip(
        (("cross-entropy", ce), ("quadratic", quad)), (grad_ce, grad_quad), strict=True
    ):
        for j in range(n_out):
            for k in range(n_in):
                E = np.zeros_like(W)
                E[j, k] = h
                fd = (f(W + E) - f(W - E)) / (2 * h)
                worst[name] = max(worst[name], abs(fd - grad[j, k]))
    # the quadratic gradient without σ′ must NOT match: the factor is real
    no_sigma_prime = float(np.max(np.abs((out - Y).T @ A / n_x - grad_quad)))
    ok = max(worst.values()) <= tol and no_sigma_prime > 1e3 * tol
    return Outcome.of(
        ok,
        f"max |formula − central difference (h = {h:g})|: cross-entropy "
        f"{worst['cross-entropy']:.1e}, quadratic {worst['quadratic']:.1e} (tolerance {tol:g}); "
        f"dropping σ′ from the quadratic gradient changes it by up to {no_sigma_prime:.2f}",
    )


output_error_cross_entropy = register(
    Claim(
        id="output_error_cross_entropy",
        statement=(
            "For a sigmoid output layer and "
            "C = −(1/n) Σ_x Σ_j [y_j ln aᴸ_j + (1 − y_j) ln(1 − aᴸ_j)]: "
            "δᴸ = aᴸ − y for each input and ∂C/∂wᴸ_jk = (1/n) Σ_x a_k^{L−1}(aᴸ_j − y_j); for the "
            "quadratic cost the same gradient carries the extra factor σ′(zᴸ_j)."
        ),
        source="notes-ps5 problem 3-3",
        evidence=(
            symbolic(output_error_on_a_three_by_two_layer),
            numeric(output_gradients_match_finite_differences),
        ),
        notes=(
            "The symbolic proof is the generic-neuron derivation (valid for any number of output "
            "neurons, since output j's term is the only one depending on zᴸ_j) plus a complete "
            "check of every weight and bias on a 3 × 2 layer with all symbols free. The average "
            "over n inputs follows by linearity of differentiation."
        ),
        derivations=(OUTPUT_ERROR_DERIVATION,),
        formal=Statement(
            sp.And(
                sp.Eq(sp.Derivative(C_CE(SIGMA(zj), yj), zj), SIGMA(zj) - yj),
                sp.Eq(
                    sp.Derivative(C_CE(SIGMA(_wjk * _ak + _rj), yj), _wjk),
                    _ak * (SIGMA(_wjk * _ak + _rj) - yj),
                ),
                sp.Eq(
                    sp.Derivative(C_QUAD(SIGMA(_wjk * _ak + _rj), yj), _wjk),
                    _ak * (SIGMA(_wjk * _ak + _rj) - yj) * SIGMA_PRIME(_wjk * _ak + _rj),
                ),
            ),
            domain="all symbols real; one input (the average over n inputs is linear)",
            definitions=DEFINITIONS,
            explanation=(
                "output j's term of the cost is the only one that depends on zᴸ_j = "
                "w_jk a_k^{L−1} + r_j (r_j: the other terms of zᴸ_j); δᴸ_j = ∂C/∂zᴸ_j"
            ),
        ),
    )
)


# ============================================================ the exported cost formulas
# gradproof.cross_entropy, binary_entropy, cross_entropy_from_logits, cross_entropy_grad,
# quadratic_cost and quadratic_grad (``__verified_by__``) checked by the claims that name them:
# the forms they evaluate proved equal to the claims' expressions, and their accuracy against
# those expressions (mpmath) at the documented ulp bounds, the worst case searched for
# (gradproof.numerics.accuracy: targeted sampling, local refinement, mpmath confirmation) and
# tried by hypothesis; exact values at the edges.


def _softplus_sym(v: sp.Expr) -> sp.Expr:
    return sp.log(1 + sp.exp(v))


def exported_cost_forms_are_the_claims() -> Outcome:
    """The forms the exported cost formulas evaluate equal the claims' expressions (SymPy).

    cross_entropy_from_logits: y·softplus(−z) + (1 − y)·softplus(z) = C(σ(z), y);
    cross_entropy_grad: (1 − y)σ(z) − yσ(−z) = σ(z) − y = ∂C(σ(z), y)/∂z;
    quadratic_grad: ((1 − y)σ(z) − yσ(−z))·σ′(z) = ∂/∂z (y − σ(z))²/2.
    """
    from_logits = are_equal(
        yr * _softplus_sym(-zs) + (1 - yr) * _softplus_sym(zs),
        cross_entropy_expr(sigma(zs), yr),
    )
    both_sigmas = (1 - yr) * sigma(zs) - yr * sigma(-zs)
    grad = are_equal(both_sigmas, cross_entropy_grad_z_expr(zs, yr)) and are_equal(
        cross_entropy_grad_z_expr(zs, yr), sp.diff(cross_entropy_expr(sigma(zs), yr), zs)
    )
    quad = are_equal(both_sigmas * sigma_prime(zs), sp.diff(quadratic_cost_expr(sigma(zs), yr), zs))
    return Outcome.of(
        from_logits and grad and quad,
        f"y·softplus(−z) + (1 − y)·softplus(z) = C(σ(z), y): {from_logits}; "
        f"(1 − y)σ(z) − yσ(−z) = σ(z) − y = ∂C/∂z: {grad}; "
        f"((1 − y)σ(z) − yσ(−z))σ′(z) = ∂/∂z (y − σ(z))²/2: {quad}",
    )


def _joined(*outcomes: Outcome) -> Outcome:
    return Outcome.of(all(o.ok for o in outcomes), "; ".join(o.detail for o in outcomes))


def _references() -> dict[str, Any]:
    """Each cost formula's spec and the claim's expression for it, in mpmath."""
    from gradproof.exported import mp_function
    from gradproof.numerics import accuracy

    one = accuracy.single
    return {
        "cross_entropy": (
            accuracy.cross_entropy_spec(),
            one(mp_function(cross_entropy_expr(a, y), [a, y])),
        ),
        "binary_entropy": (
            accuracy.binary_entropy_spec(),
            one(mp_function(binary_entropy_expr(y), [y])),
        ),
        "cross_entropy_from_logits": (
            accuracy.cross_entropy_from_logits_spec(),
            one(mp_function(cross_entropy_expr(sigma(zs), yr), [zs, yr])),
        ),
        "cross_entropy_grad": (
            accuracy.cross_entropy_grad_spec(),
            one(mp_function(cross_entropy_grad_z_expr(zs, yr), [zs, yr])),
        ),
        # the same formula against the derivative of the claim's cost (SymPy diff)
        "cross_entropy_grad as ∂C/∂z": (
            accuracy.cross_entropy_grad_spec(),
            one(mp_function(sp.diff(cross_entropy_expr(sigma(zs), yr), zs), [zs, yr])),
        ),
        "quadratic_cost": (
            accuracy.quadratic_cost_spec(),
            one(mp_function(quadratic_cost_expr(a, y), [a, y])),
        ),
        "quadratic_grad": (
            accuracy.quadratic_grad_spec(),
            one(mp_function(sp.diff(quadratic_cost_expr(sigma(zs), yr), zs), [zs, yr])),
        ),
    }


def _against(name: str) -> str:
    """How a reference differs from the formula's own claim expression, for the detail."""
    return "∂C/∂z of the claim's cost (SymPy diff)" if " as " in name else ""


def _searched(name: str) -> Outcome:
    from gradproof.numerics import accuracy

    spec, reference = _references()[name]
    return accuracy.searched(spec, reference, _against(name))


def exported_cross_entropy_accurate() -> Outcome:
    """gradproof.cross_entropy within 4 ulp of −[y ln a + (1 − y) ln(1 − a)] at the worst point
    found by the search over a, y ∈ [0, 1]; exact at the edges."""
    from gradproof.exported import exact_values

    edges = exact_values(
        "cross_entropy",
        [((0.0, 0.0), 0.0), ((1.0, 1.0), 0.0), ((0.0, 1.0), math.inf), ((1.0, 0.0), math.inf)],
        "0 ln 0 = 0; C = +inf when a ∈ {0, 1} contradicts y",
    )
    return _joined(_searched("cross_entropy"), edges)


def exported_binary_entropy_accurate() -> Outcome:
    """gradproof.binary_entropy within 4 ulp of H(y) = −[y ln y + (1 − y) ln(1 − y)] at the worst
    point found on [0, 1]; H(0) = H(1) = 0 exactly."""
    from gradproof.exported import exact_values

    edges = exact_values("binary_entropy", [((0.0,), 0.0), ((1.0,), 0.0)], "0 ln 0 = 0")
    return _joined(_searched("binary_entropy"), edges)


def exported_cross_entropy_from_logits_accurate() -> Outcome:
    """gradproof.cross_entropy_from_logits within 4 ulp of C(σ(z), y) at the worst point found
    for |z| ≤ 1e4, y ∈ [0, 1]; its limits at z = ±inf."""
    from gradproof.exported import exact_values

    edges = exact_values(
        "cross_entropy_from_logits",
        [((math.inf, 1.0), 0.0), ((-math.inf, 0.0), 0.0), ((math.inf, 0.0), math.inf)],
        "z = ±inf: 0 when the target agrees, +inf when it does not",
    )
    return _joined(_searched("cross_entropy_from_logits"), edges)


def exported_cross_entropy_grad_accurate() -> Outcome:
    """gradproof.cross_entropy_grad within 4 ulp (of (1 − y)σ(z) + yσ(−z)) of σ(z) − y at the
    worst point found; its limits."""
    from gradproof.exported import exact_values

    edges = exact_values(
        "cross_entropy_grad",
        [((math.inf, 0.25), 0.75), ((-math.inf, 0.25), -0.25), ((40.0, 1.0), -float(sigma(-40)))],
        "z = ±inf gives 1 − y and −y; y = 1, z = 40 keeps −σ(−40)",
    )
    return _joined(_searched("cross_entropy_grad"), edges)


def exported_cross_entropy_grad_is_the_cost_derivative() -> Outcome:
    """gradproof.cross_entropy_grad within 4 ulp of ∂/∂z of the claim's C(σ(z), y) (SymPy diff)
    at the worst point found."""
    return _searched("cross_entropy_grad as ∂C/∂z")


def exported_quadratic_formulas_accurate() -> Outcome:
    """gradproof.quadratic_cost within 2 ulp of (y − a)²/2 and quadratic_grad within 6 ulp (of
    (|1 − y|σ(z) + |y|σ(−z))σ′(z)) of ∂C/∂z, each at the worst point found; limits."""
    from gradproof.exported import exact_values

    edges = exact_values(
        "quadratic_grad", [((math.inf, 0.0), 0.0), ((-math.inf, 1.0), 0.0)], "z = ±inf gives 0"
    )
    return _joined(_searched("quadratic_cost"), _searched("quadratic_grad"), edges)


quadratic_grads = add_evidence(
    quadratic_grads,
    symbolic(exported_cost_forms_are_the_claims),
    numeric(exported_quadratic_formulas_accurate),
)
cross_entropy_nonneg = add_evidence(
    cross_entropy_nonneg,
    numeric(exported_cross_entropy_accurate),
    numeric(exported_cross_entropy_from_logits_accurate),
)
cross_entropy_cancellation = add_evidence(
    cross_entropy_cancellation,
    symbolic(exported_cost_forms_are_the_claims),
    numeric(exported_cross_entropy_grad_is_the_cost_derivative),
    numeric(exported_cross_entropy_from_logits_accurate),
)
cross_entropy_bias_grad = add_evidence(
    cross_entropy_bias_grad,
    numeric(exported_cross_entropy_grad_accurate),
)
cross_entropy_min_at_y = add_evidence(
    cross_entropy_min_at_y,
    numeric(exported_binary_entropy_accurate),
    numeric(exported_cross_entropy_accurate),
)
