"""Cost functions: the quadratic cost, the cross-entropy and the σ′ cancellation
(``shared/CLAIMS.md``, section "Cost functions"; lecture notes §1 and problems 3-2, 3-3).

Notation (lecture notes §1): one sigmoid neuron with output a = σ(z), weighted input
z = Σ_j w_j x_j + b, target y. The quadratic cost of one training input is C = (y − a)²/2, the
cross-entropy cost of n training inputs is eq. (1),

    C = −(1/n) Σ_x [y ln a + (1 − y) ln(1 − a)].

The derivations are data (:class:`gradproof.derivation.Derivation`): the same objects are proved
by the trusted core (:mod:`gradproof.core`) and printed by the docs. They are written with the
sigmoid family's σ and σ′ (undefined functions that print as σ(·), σ′(·)) and carry their
definitions σ(x) := 1/(1 + e^{−x}), σ′(x) := dσ/dx as core theorems (:data:`DEFINITION_THEOREMS`),
so every link is checked against the real sigmoid, and the formal statements declare the same
definitions. Outputs and targets in (0, 1) are positive symbols with the premises a < 1, y < 1
*inside* each relation; the core's sign rule reads such a premise as a = 1/(1 + μ), μ > 0, and
where a link needs 1 − a > 0 and 1 − y > 0 at once it is proved in p, q with a = 1/(1 + p),
y = 1/(1 + q) and carried back by the core's ``substitution`` rule, whose inverses p = 1/a − 1,
q = 1/y − 1 show that the change of variables covers the whole square (:func:`unit_square`).

Other modules use the public expression builders :func:`quadratic_cost_expr`,
:func:`cross_entropy_expr`, :func:`binary_entropy_expr` and :func:`cross_entropy_grad_z_expr`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, add_evidence, numeric, prop, register, symbolic
from gradproof.core import ProofError, Theorem
from gradproof.derivation import (
    Derivation,
    Justification,
    LinkContext,
    Step,
    are_equal,
    check_all,
    link,
    sign_is,
)
from gradproof.logic import Rewrite, Statement, by, fits, proved_by
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


# ============================================================ names, definitions, justifications

# Symbols shared by the claims below.
a = sp.Symbol("a", positive=True)  # an output; a < 1 is a premise inside each relation
y = sp.Symbol("y", positive=True)  # a target; y < 1 is a premise inside each relation
zs = sp.Symbol("z", real=True)
w = sp.Symbol("w", real=True)
x = sp.Symbol("x", real=True)
b = sp.Symbol("b", real=True)
yr = sp.Symbol("y", real=True)  # a target with no sign assumption (gradients hold for any y)

#: the premises that put an output a and a target y inside (0, 1) (both symbols are positive)
A_BELOW_ONE = sp.Lt(a, 1)
Y_BELOW_ONE = sp.Lt(y, 1)
IN_UNIT_SQUARE = sp.And(A_BELOW_ONE, Y_BELOW_ONE)

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
#: the same definitions as core theorems (rule ``define``): the facts every derivation here uses
DEFINITION_THEOREMS: tuple[Theorem, ...] = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in DEFINITIONS.items()
)


def sigma_definitions_are_the_sigmoid() -> bool:
    """σ and σ′ of the derivations are defined as 1/(1 + e^{−x}) and its derivative."""
    v = sp.Symbol("v", real=True)
    return are_equal(DEFINITIONS[SIGMA](v), sigma(v)) and are_equal(
        DEFINITIONS[SIGMA_PRIME](v), sp.diff(sigma(v), v)
    )


def termwise(*facts: Theorem | Callable[[], Theorem]) -> Justification:
    """A link Σ_{i=lo}^{hi} f = Σ_{i=lo}^{hi} g (one range on both sides): f = g proved by the
    core for an index with lo ≤ i ≤ hi (with the derivation's facts and ``facts``), then summed
    by the core's ``sum_termwise`` rule. SymPy's own simplification of such sums can take
    minutes."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        if (
            rel != "="
            or not isinstance(prev, sp.Sum)
            or not isinstance(cur, sp.Sum)
            or prev.limits != cur.limits
            or len(prev.limits) != 1
        ):
            raise ProofError("termwise", "the link is not Σ f = Σ g over one and the same range")
        i_, lo, hi = prev.limits[0]
        extra = [f if isinstance(f, Theorem) else f() for f in facts]
        ranges = (sp.Le(lo, i_, evaluate=False), sp.Le(i_, hi, evaluate=False))
        term = core.identity(
            prev.function, cur.function, hyps=(*ctx.hyps, *ranges), using=(*ctx.using, *extra)
        )
        definitions = [u for u in ctx.using if u.rule == "define"]
        return core.sum_termwise(term, i_, lo, hi, hyps=ctx.hyps, using=definitions)

    return justify


# ------------------------------------------------------------ ln t ≥ 1 − 1/t

_t = sp.Symbol("t", positive=True)


def _log_bound_by_mean_value(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
    """ln t ≥ 1 − 1/t by the core's mean value rule on F(u) = ln u + 1/u over the segment from 1
    to t (parametrised by s ∈ [0, 1]): F′(ξ)(t − 1) = θ(t − 1)²/ξ² ≥ 0."""
    s = sp.Symbol("s", real=True)
    u = 1 + s * (_t - 1)
    mv = core.mean_value(sp.Lambda(s, sp.log(u) + 1 / u), 1, 0, "nonnegative", hyps=ctx.hyps)
    return core.relation(link(prev, cur, rel), hyps=ctx.hyps, using=(mv,))


LOG_BOUND_DERIVATION = Derivation(
    title="ln t ≥ 1 − 1/t by the mean value theorem",
    assumptions="t > 0",
    steps=(
        Step(sp.log(_t), "F(u) = ln u + 1/u has F(1) = 1 and F′(u) = (u − 1)/u²"),
        Step(
            1 - 1 / _t,
            "mean value theorem: F(t) − F(1) = F′(ξ)(t − 1) = θ(t − 1)²/ξ² ≥ 0 for "
            "ξ = 1 + θ(t − 1), θ ∈ (0, 1)",
            relation=">=",
            check=_log_bound_by_mean_value,
        ),
    ),
    conclusion="ln t ≥ 1 − 1/t for every t > 0 (the tangent bound of ln at 1, from below in 1/t)",
)

# ------------------------------------------------------------ a, y ∈ (0, 1) as a = 1/(1 + p)

_p, _q = sp.symbols("p q", positive=True)
#: a = 1/(1 + p) and y = 1/(1 + q): every a, y ∈ (0, 1) is one, with p = 1/a − 1 > 0
A_REWRITE = Rewrite(a, 1 / (1 + _p), _p, 1 / a - 1, "a = 1/(1 + p), p > 0: onto (0, 1)")
Y_REWRITE = Rewrite(y, 1 / (1 + _q), _q, 1 / y - 1, "y = 1/(1 + q), q > 0: onto (0, 1)")


def unit_square(*log_bounds_at: sp.Expr) -> Justification:
    """A link about a, y ∈ (0, 1) proved in p, q > 0 with a = 1/(1 + p), y = 1/(1 + q) (where
    a, 1 − a, y, 1 − y are all visibly positive, so logarithms combine), then carried back by the
    core's ``substitution`` rule twice: the inverses p = 1/a − 1 and q = 1/y − 1 are > 0 under
    a < 1, y < 1, so the change of variables covers the whole square. ``log_bounds_at`` are
    values of t (in a, y) at which ln t ≥ 1 − 1/t (:data:`LOG_BOUND_DERIVATION`) is used."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        ra, ry = A_REWRITE, Y_REWRITE
        goal = link(prev, cur, rel)
        in_p = core.substituted(goal, ra.target, ra.value)
        in_pq = core.substituted(in_p, ry.target, ry.value)
        facts: list[Theorem] = []
        if log_bounds_at:
            bound = LOG_BOUND_DERIVATION.theorem()
            for v in log_bounds_at:
                at = v.xreplace({ra.target: ra.value, ry.target: ry.value})
                facts.append(core.instantiate(bound, {_t: at}))
        inner = core.relation(in_pq, using=(*ctx.using, *facts))
        back_y = core.substitution(
            inner, in_p, ry.target, ry.value, ry.var, ry.inverse, hyps=(Y_BELOW_ONE,)
        )
        return core.substitution(
            back_y, goal, ra.target, ra.value, ra.var, ra.inverse, hyps=(A_BELOW_ONE, Y_BELOW_ONE)
        )

    return justify


# ------------------------------------------------------------ proofs of statements


def _conjuncts(rel: sp.Basic) -> tuple[sp.Basic, ...]:
    return tuple(rel.args) if isinstance(rel, sp.And) else (rel,)


def fit_chain(
    goal: sp.Basic, derivations: Sequence[Derivation], extra: Sequence[Theorem] = ()
) -> Theorem:
    """The core theorem of ``goal`` from derivations that follow one another (the core's
    ``chain`` rule joins them). When they end at a number c and the goal's right side r is
    another one, one more link c ≥ r (or ≤, =) is proved by the core's sign rule: e.g. a goal
    C − H ≥ −1/10, weaker than the derivations' C − H ≥ 0, is still proved."""
    thm = core.chain([d.theorem(extra) for d in derivations])
    if thm.prop.lhs != goal.lhs:
        raise ProofError("fits", f"the derivations start at {thm.prop.lhs}, not at {goal.lhs}")
    if thm.prop.rhs != goal.rhs:
        last = core.relation(type(goal)(thm.prop.rhs, goal.rhs, evaluate=False), hyps=thm.hyps)
        thm = core.chain([thm, last])
    thm = core.weaken(thm, type(goal))
    if thm.prop != goal:
        raise ProofError("fits", f"the derivations prove {thm.prop}, not {goal}")
    return thm


def under_premises(
    *groups: Sequence[Derivation],
) -> Callable[[sp.Basic, Statement], Theorem | None]:
    """A part prover for :func:`gradproof.logic.proved_by`: a part ``H ⇒ G`` is proved by the
    group of derivations whose hypotheses are exactly H's parts and which start at G's left
    side (:func:`fit_chain`, each derivation with its own facts and definitions), then the
    core's ``implies`` rule discharges H."""

    def prover(part: sp.Basic, st: Statement) -> Theorem | None:
        if not isinstance(part, sp.Implies):
            return None
        hyp, goal = part.args
        for group in groups:
            if set(group[0].hyps) == set(_conjuncts(hyp)) and group[0].steps[0].expr == goal.lhs:
                return core.implies(fit_chain(goal, group), hyp)
        return None

    return prover


# ============================================================ quadratic_grads
# Statement: C = (y − a)²/2, a = σ(z), z = wx + b ⇒ ∂C/∂w = (a − y)σ′(z)x, ∂C/∂b = (a − y)σ′(z).

_z_wb = w * x + b

QUADRATIC_GRAD_W_DERIVATION = Derivation(
    title="∂C/∂w for the quadratic cost",
    assumptions="w, x, b, y real; z = wx + b; a = σ(z)",
    lhs=sp.Symbol("∂C/∂w"),
    steps=(
        Step(
            sp.Derivative(quadratic_cost_expr(SIGMA(_z_wb), yr), w), "C = (y − a)²/2, a = σ(wx + b)"
        ),
        Step(
            (SIGMA(_z_wb) - yr) * SIGMA_PRIME(_z_wb) * x,
            "chain rule: ∂C/∂a = a − y, ∂a/∂z = σ′(z), ∂z/∂w = x",
            source="notes-ps5 §1",
        ),
    ),
    conclusion="∂C/∂w = (a − y)σ′(z)x; with x = 1, y = 0 this is aσ′(z)",
    using=DEFINITION_THEOREMS,
)

QUADRATIC_GRAD_B_DERIVATION = Derivation(
    title="∂C/∂b for the quadratic cost",
    assumptions="w, x, b, y real; z = wx + b; a = σ(z)",
    lhs=sp.Symbol("∂C/∂b"),
    steps=(
        Step(
            sp.Derivative(quadratic_cost_expr(SIGMA(_z_wb), yr), b), "C = (y − a)²/2, a = σ(wx + b)"
        ),
        Step(
            (SIGMA(_z_wb) - yr) * SIGMA_PRIME(_z_wb),
            "chain rule: ∂C/∂a = a − y, ∂a/∂z = σ′(z), ∂z/∂b = 1",
            source="notes-ps5 §1",
        ),
    ),
    conclusion="∂C/∂b = (a − y)σ′(z); with x = 1, y = 0 this is aσ′(z)",
    using=DEFINITION_THEOREMS,
)


def quadratic_gradients_by_chain_rule() -> Outcome:
    """Both derivations' links hold symbolically; at x = 1, y = 0 both reduce to a σ′(z)."""
    chain = check_all([QUADRATIC_GRAD_W_DERIVATION, QUADRATIC_GRAD_B_DERIVATION])
    faithful = sigma_definitions_are_the_sigmoid()
    # the source's substitution x = 1, y = 0, written with the explicit sigmoid
    cost = quadratic_cost_expr(sigma(_z_wb), 0)
    at_toy = {x: 1}
    toy_w = are_equal(sp.diff(cost, w).subs(at_toy), sigma(w + b) * sigma_prime(w + b))
    toy_b = are_equal(sp.diff(cost, b).subs(at_toy), sigma(w + b) * sigma_prime(w + b))
    ok = chain.ok and faithful and toy_w and toy_b
    return Outcome.of(
        ok,
        f"{chain.detail}; σ, σ′ are defined as the sigmoid and its derivative: {faithful}; "
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

NONNEG_Y1_DERIVATION = Derivation(
    title="C > 0 for y = 1",
    assumptions="0 < a < 1",
    lhs=sp.Symbol("C"),
    steps=(
        Step(C_CE(a, 1), "the cross-entropy of an output a for the target y = 1"),
        Step(-sp.log(a), "y = 1 leaves C = −ln a"),
        Step(sp.Integer(0), "0 < a < 1, so ln a < 0", relation=">"),
    ),
    conclusion="C = −ln a > 0 for every a ∈ (0, 1)",
    hyps=(A_BELOW_ONE,),
    using=DEFINITION_THEOREMS,
)

NONNEG_Y0_DERIVATION = Derivation(
    title="C > 0 for y = 0",
    assumptions="0 < a < 1",
    lhs=sp.Symbol("C"),
    steps=(
        Step(C_CE(a, 0), "the cross-entropy of an output a for the target y = 0"),
        Step(-sp.log(1 - a), "y = 0 leaves C = −ln(1 − a)"),
        Step(sp.Integer(0), "0 < 1 − a < 1, so ln(1 − a) < 0", relation=">"),
    ),
    conclusion="C = −ln(1 − a) > 0 for every a ∈ (0, 1)",
    hyps=(A_BELOW_ONE,),
    using=DEFINITION_THEOREMS,
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
            "(claim cross_entropy_min_at_y). The formal statement carries the premise a < 1 "
            "inside each inequality (a is a positive symbol); the limits are the one-sided limits "
            "of C(a, 1) = −ln a at 1 and of C(a, 0) = −ln(1 − a) at 0, both continuous there."
        ),
        derivations=(NONNEG_Y1_DERIVATION, NONNEG_Y0_DERIVATION),
        formal=Statement(
            sp.And(
                sp.Implies(A_BELOW_ONE, sp.Gt(C_CE(a, 1), 0)),
                sp.Implies(A_BELOW_ONE, sp.Gt(C_CE(a, 0), 0)),
                sp.Eq(sp.Limit(C_CE(a, 1), a, 1, "-"), 0),
                sp.Eq(sp.Limit(C_CE(a, 0), a, 0, "+"), 0),
            ),
            domain="a > 0; the premise a < 1 inside each inequality",
            definitions=DEFINITIONS,
            proof=proved_by(
                extra=(under_premises((NONNEG_Y1_DERIVATION,), (NONNEG_Y0_DERIVATION,)),)
            ),
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


def _cross_entropy_derivation(
    param: sp.Symbol, z_i: sp.Expr, dz: sp.Expr, title: str, name: str
) -> Derivation:
    """The lecture notes §1 derivation of ∂C/∂param for the cross-entropy (1), over n inputs.

    ``z_i`` is the weighted input of training example i and ``dz`` = ∂z_i/∂param (x_j[i] or 1).
    The first link (a finite sum differentiated term by term) is the core's identity rule; the
    others are proved for every i = 1..n and summed by the core (:func:`termwise`), so the
    factor 1/n stays inside the sum.
    """
    sg, sgp, yi = SIGMA(z_i), SIGMA_PRIME(z_i), _Y[i]
    cost = sp.Sum(cross_entropy_expr(sg, yi), (i, 1, n)) / n
    ratio = sp.Pow(sg * (1 - sg), -1, evaluate=False)
    substituted = sp.Mul(sg * (1 - sg), dz * (sg - yi), ratio, evaluate=False)

    def mean(term: sp.Expr) -> sp.Expr:
        return sp.Sum(term / n, (i, 1, n))

    return Derivation(
        title=title,
        assumptions=(
            "n ≥ 1 training inputs x, Σ_x their sum; each input's z = Σ_k w_k x_k + b written as "
            + ("w_j x_j + r, r free of w_j" if dz != 1 else "b + s, s free of b")
            + "; each input's target y real"
        ),
        lhs=sp.Symbol(name),
        steps=(
            Step(
                sp.Derivative(cost, param),
                "cross-entropy (1) with a = σ(z)",
                source="nielsen-ch3 eq. (57); notes-ps5 eq. (1)",
            ),
            Step(
                mean(sp.Derivative(cross_entropy_expr(sg, yi), param)),
                "a finite sum is differentiated term by term",
            ),
            Step(
                mean(((1 - yi) / (1 - sg) - yi / sg) * sgp * dz),
                "chain rule twice: d ln σ = σ′/σ, ∂z/∂" + str(param) + " = " + str(dz),
                source="notes-ps5 §1",
                check=termwise(),
            ),
            Step(
                mean(sgp * dz * (sg - yi) / (sg * (1 - sg))),
                "common denominator σ(z)(1 − σ(z))",
                source="notes-ps5 §1",
                check=termwise(),
            ),
            Step(
                mean(substituted),
                "substitute σ′(z) = σ(z)(1 − σ(z)) (claim sigmoid_prime_eq)",
                source="notes-ps5 §1",
                check=termwise(),
            ),
            Step(
                mean(dz * (sg - yi)),
                "σ′ cancels against σ(1 − σ)",
                check=termwise(),
            ),
        ),
        conclusion=f"{name} = (1/n) Σ_x {'' if dz == 1 else 'x_j '}(σ(z) − y): no σ′(z) factor",
        using=DEFINITION_THEOREMS,
    )


#: the textbook algebra for one training input, in its weighted input z (general target y): the
#: chain rule, the common denominator σ(z)(1 − σ(z)), σ′ = σ(1 − σ) substituted, σ′ cancelled
_sg, _sgp = SIGMA(zs), SIGMA_PRIME(zs)
CANCELLATION_DERIVATION = Derivation(
    title="∂C/∂z for the cross-entropy of one input: σ′ cancels",
    assumptions="z real (the weighted input of one training input), y real; a = σ(z)",
    lhs=sp.Symbol("∂C/∂z"),
    steps=(
        Step(
            sp.Derivative(cross_entropy_expr(_sg, yr), zs),
            "cross-entropy (1) of one input with a = σ(z)",
            source="nielsen-ch3 eq. (57); notes-ps5 eq. (1)",
        ),
        Step(
            ((1 - yr) / (1 - _sg) - yr / _sg) * _sgp,
            "chain rule: d ln σ = σ′/σ, d ln(1 − σ) = −σ′/(1 − σ)",
            source="notes-ps5 §1",
        ),
        Step(
            _sgp * (_sg - yr) / (_sg * (1 - _sg)),
            "common denominator σ(z)(1 − σ(z))",
            source="notes-ps5 §1",
        ),
        Step(
            sp.Mul(
                _sg * (1 - _sg),
                _sg - yr,
                sp.Pow(_sg * (1 - _sg), -1, evaluate=False),
                evaluate=False,
            ),
            "substitute σ′(z) = σ(z)(1 − σ(z)) (claim sigmoid_prime_eq)",
            source="notes-ps5 §1",
        ),
        Step(_sg - yr, "σ′ cancels against σ(1 − σ)"),
    ),
    conclusion=(
        "∂C/∂z = σ(z) − y: no σ′(z) factor; with ∂z/∂w_j = x_j and the average over the inputs, "
        "∂C/∂w_j = (1/n) Σ_x x_j (σ(z) − y)"
    ),
    using=DEFINITION_THEOREMS,
)


#: the cross-entropy (1) over n inputs as a function of the weight w_j
WEIGHT_COST = sp.Sum(cross_entropy_expr(SIGMA(wj * _X[i] + _R[i]), _Y[i]), (i, 1, n)) / n


def _weight_gradient(goal: sp.Basic) -> Theorem:
    """∂/∂w_j (1/n) Σ_i C_i = Σ_i x_j[i](σ(z_i) − y_i)/n: the derivative of the finite sum taken
    term by term (the core's identity rule), each term's chain rule and cancellation proved for
    every i = 1..n (identity) and summed (the core's sum_termwise rule); the two joined by the
    core's chain rule. The per-input algebra is :data:`CANCELLATION_DERIVATION`'s."""
    z_i = wj * _X[i] + _R[i]
    term = sp.Derivative(cross_entropy_expr(SIGMA(z_i), _Y[i]), wj) / n
    linear = core.identity(goal.lhs, sp.Sum(term, (i, 1, n)), using=DEFINITION_THEOREMS)
    ranges = (sp.Le(1, i, evaluate=False), sp.Le(i, n, evaluate=False))
    each = core.identity(term, goal.rhs.function, hyps=ranges, using=DEFINITION_THEOREMS)
    summed = core.sum_termwise(each, i, 1, n, using=DEFINITION_THEOREMS)
    return core.chain([linear, summed])


def _cancellation_proof(st: Statement) -> Theorem:
    """The weight gradient over n inputs (:func:`_weight_gradient`), one input's ∂C/∂z
    (:data:`CANCELLATION_DERIVATION`, fitted exactly) and the factor σ′/(σ(1 − σ)) = 1 (the
    core's identity rule with σ's definitions)."""
    gradient = st.part(sp.Eq, lambda p: p.lhs.has(sp.Sum))
    one_input = st.part(sp.Eq, lambda p: p.lhs.has(sp.Derivative) and not p.lhs.has(sp.Sum))
    ratio = st.part(sp.Eq, lambda p: not p.lhs.has(sp.Derivative))
    parts = {
        gradient: _weight_gradient(gradient),
        one_input: fits(CANCELLATION_DERIVATION, one_input),
        ratio: core.identity(ratio.lhs, ratio.rhs, using=st.definition_theorems()),
    }
    return core.conj(*(parts[p] for p in st.parts()))


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
    """Each link of the one-input derivation is proved by the core (σ, σ′ defined)."""
    chain = CANCELLATION_DERIVATION.check()
    faithful = sigma_definitions_are_the_sigmoid()
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
            "symbolic throughout. The m weights are handled by writing each input's z = w_j x_j +"
            " r where r = Σ_{k≠j} w_k x_k + b collects everything that does not depend on w_j, so"
            " the proof holds for every m and every j. The derivative of the sum is taken term by"
            " term, and each term's chain rule and cancellation is proved for every i = 1..n and "
            "summed by the core's sum_termwise rule (the derivation shows the same algebra for "
            "one input in its weighted input z; the bias claim shows it over n inputs). σ′ is "
            "defined as dσ/dz, so σ′ = σ(1 − σ) (claim sigmoid_prime_eq) is checked in each link;"
            " the targets y may be any reals, not only 0 and 1."
        ),
        derivations=(CANCELLATION_DERIVATION,),
        formal=Statement(
            sp.And(
                sp.Eq(
                    sp.Derivative(WEIGHT_COST, wj),
                    sp.Sum(_X[i] * (SIGMA(wj * _X[i] + _R[i]) - _Y[i]) / n, (i, 1, n)),
                ),
                sp.Eq(CANCELLATION_DERIVATION.steps[0].expr, SIGMA(zs) - yr),
                sp.Eq(SIGMA_PRIME(zs) / (SIGMA(zs) * (1 - SIGMA(zs))), 1),
            ),
            domain="n ≥ 1 inputs x; w_j and each input's x_j, r, y real; z, y real",
            definitions=DEFINITIONS,
            proof=_cancellation_proof,
            explanation=(
                "Σ_x sums over the n inputs x, each with z = w_j x_j + r, r = Σ_{k≠j} w_k x_k + b "
                "free of w_j, and target y; the left side is ∂/∂w_j of the cross-entropy (1); "
                "the second part is one input's ∂C/∂z; the third: the factor σ′/(σ(1 − σ)) of "
                "the intermediate form is 1"
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
    """Each link of the ∂C/∂b derivation over n symbolic inputs is proved by the core."""
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
                sp.Sum((SIGMA(b + _S[i]) - _Y[i]) / n, (i, 1, n)),
            ),
            domain="n ≥ 1 inputs x; b and each input's s, y real",
            definitions=DEFINITIONS,
            proof=proved_by(BIAS_GRAD_DERIVATION),
            explanation=(
                "Σ_x sums over the n inputs x, each with z = b + s, s = Σ_j w_j x_j free of b, and "
                "target y; the left side is ∂/∂b of "
                "the cross-entropy (1)"
            ),
        ),
    )
)


# ============================================================ cross_entropy_min_at_y
# Statement: for y ∈ (0, 1), C(a) is strictly convex on (0, 1), its only stationary point is
# a = y, where C = H(y), and C(a) − H(y) = KL(y‖a) ≥ 0. In z: ∂C/∂z = σ(z) − y.

C_a = cross_entropy_expr(a, y)
KL_EXPR = y * sp.log(y / a) + (1 - y) * sp.log((1 - y) / (1 - a))
#: C′(a), the derivative of the cross-entropy in the output
C_PRIME = sp.Derivative(C_CE(a, y), a)

MIN_FIRST_DERIVATIVE = Derivation(
    title="C′(a) for the cross-entropy",
    assumptions="a, y ∈ (0, 1)",
    lhs=sp.Symbol("dC/da"),
    steps=(
        Step(C_PRIME, "C(a) = −[y ln a + (1 − y) ln(1 − a)]"),
        Step(-y / a + (1 - y) / (1 - a), "d ln a = 1/a, d ln(1 − a) = −1/(1 − a)"),
        Step((a - y) / (a * (1 - a)), "common denominator a(1 − a) > 0"),
    ),
    conclusion="C′(a) has the sign of a − y: it vanishes only at a = y",
    hyps=(A_BELOW_ONE, Y_BELOW_ONE),
    using=DEFINITION_THEOREMS,
)

MIN_STATIONARY_DERIVATION = Derivation(
    title="C′(a) = 0 only at a = y",
    assumptions="a, y ∈ (0, 1) and C′(a) = 0",
    steps=(
        Step(a, "an output a where C′(a) = 0"),
        Step(
            y + a * (1 - a) * C_PRIME,
            "C′(a) = (a − y)/(a(1 − a)) (derivation above), so a − y = a(1 − a)C′(a)",
            check=by(*DEFINITION_THEOREMS),
        ),
        Step(y, "C′(a) = 0"),
    ),
    conclusion="the only stationary point of C on (0, 1) is a = y",
    hyps=(A_BELOW_ONE, Y_BELOW_ONE, sp.Eq(C_PRIME, 0)),
)

MIN_SECOND_DERIVATIVE = Derivation(
    title="C″(a) > 0: strict convexity",
    assumptions="a, y ∈ (0, 1)",
    lhs=sp.Symbol("d²C/da²"),
    steps=(
        Step(sp.Derivative(C_CE(a, y), (a, 2)), "differentiate C′(a) = −y/a + (1 − y)/(1 − a)"),
        Step(y / a**2 + (1 - y) / (1 - a) ** 2, "d(1/a) = −1/a², d(1/(1 − a)) = 1/(1 − a)²"),
        Step(sp.Integer(0), "y > 0 and 1 − y > 0 over positive squares", relation=">"),
    ),
    conclusion="C is strictly convex on (0, 1)",
    hyps=(A_BELOW_ONE, Y_BELOW_ONE),
    using=DEFINITION_THEOREMS,
)

MIN_KL_DERIVATION = Derivation(
    title="C(a) − H(y) is the Kullback–Leibler divergence",
    assumptions="a, y ∈ (0, 1)",
    steps=(
        Step(C_CE(a, y) - H_ENTROPY(y), "C(a) minus the binary entropy H(y)"),
        Step(
            KL_EXPR,
            "ln y − ln a = ln(y/a), ln(1 − y) − ln(1 − a) = ln((1 − y)/(1 − a))",
            check=unit_square(),
        ),
    ),
    conclusion="C(a) − H(y) = KL(y‖a) = y ln(y/a) + (1 − y) ln((1 − y)/(1 − a))",
    hyps=(A_BELOW_ONE, Y_BELOW_ONE),
    using=DEFINITION_THEOREMS,
)

#: the lower bound of KL(y‖a) from ln t ≥ 1 − 1/t at t = y/a and t = (1 − y)/(1 − a)
KL_TANGENT_BOUND = y * (1 - a / y) + (1 - y) * (1 - (1 - a) / (1 - y))

MIN_KL_NONNEG_DERIVATION = Derivation(
    title="KL(y‖a) ≥ 0 by the mean value theorem",
    assumptions="a, y ∈ (0, 1); ln t ≥ 1 − 1/t for t > 0 (mean value theorem, derivation above)",
    steps=(
        Step(KL_EXPR, "KL(y‖a) = y ln(y/a) + (1 − y) ln((1 − y)/(1 − a))"),
        Step(
            KL_TANGENT_BOUND,
            "ln t ≥ 1 − 1/t at t = y/a and at t = (1 − y)/(1 − a), with weights y, 1 − y > 0",
            relation=">=",
            check=unit_square(y / a, (1 - y) / (1 - a)),
        ),
        Step(sp.Integer(0), "y − a + (1 − y) − (1 − a) = 0"),
    ),
    conclusion="KL(y‖a) ≥ 0, so C(a) ≥ H(y) = C(y): the minimum of C is at a = y",
    hyps=(A_BELOW_ONE, Y_BELOW_ONE),
)

MIN_IN_Z_DERIVATION = Derivation(
    title="∂C/∂z = σ(z) − y",
    assumptions="z real, y real, a = σ(z)",
    lhs=sp.Symbol("∂C/∂z"),
    steps=(
        Step(sp.Derivative(cross_entropy_expr(SIGMA(zs), yr), zs), "C with a = σ(z)"),
        Step(
            -(yr / SIGMA(zs) - (1 - yr) / (1 - SIGMA(zs))) * SIGMA_PRIME(zs),
            "chain rule",
            source="notes-ps5 §1",
        ),
        Step(
            SIGMA(zs) - yr, "σ′ = σ(1 − σ) cancels the common denominator (claim sigmoid_prime_eq)"
        ),
    ),
    conclusion="∂C/∂z = σ(z) − y, zero exactly when σ(z) = y",
    using=DEFINITION_THEOREMS,
)

# a, y ∈ (0, 1) as a = 1/(1 + s), y = 1/(1 + u), s, u > 0: for the supporting checks only
_s, _u = sp.symbols("s u", positive=True)
_ON_UNIT_SQUARE = {a: 1 / (1 + _s), y: 1 / (1 + _u)}


def minimum_at_y_is_binary_entropy() -> Outcome:
    """C′ = (a − y)/(a(1 − a)) is 0 on (0, 1) only at a = y; C″ > 0; C(y) = H(y); C − H = KL ≥ 0."""
    chains = check_all(
        [
            LOG_BOUND_DERIVATION,
            MIN_FIRST_DERIVATIVE,
            MIN_STATIONARY_DERIVATION,
            MIN_SECOND_DERIVATIVE,
            MIN_KL_DERIVATION,
            MIN_KL_NONNEG_DERIVATION,
        ]
    )
    # y = 1/(1 + u), u > 0, is a general target in (0, 1); solve C′(a) = 0 for a ∈ (0, 1)
    numerator = sp.numer(sp.together(sp.diff(C_a, a))).subs(y, 1 / (1 + _u))
    roots = sp.solveset(numerator, a, sp.Interval.open(0, 1))
    root_is_y = roots == sp.FiniteSet(1 / (1 + _u))
    # C′ = (a − y)/(a(1 − a)) has the sign of a − y because the denominator is positive
    denominator_positive = sign_is((a * (1 - a)).subs(_ON_UNIT_SQUARE), "positive")
    min_value = are_equal(C_a.subs(a, y), binary_entropy_expr(y))
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
        and z_chain.ok
        and grad_z
        and logit
    )
    return Outcome.of(
        ok,
        f"{chains.detail}; roots of C′ in (0, 1) for y = 1/(1 + u): {roots} = {{y}}: {root_is_y}; "
        f"a(1 − a) > 0: {denominator_positive}; C(y) = H(y): {min_value}; "
        f"{z_chain.detail}; ∂C/∂z ≡ σ(z) − y: {grad_z}; σ(z) = y ⇔ z = ln(y/(1 − y)): {logit}",
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
            "with minimum (1/n)Σ H(y) as the problem states. Every premise a, y ∈ (0, 1) is inside "
            "the formal relation (a, y positive, a < 1, y < 1). KL ≥ 0 is shown by the mean value "
            "theorem (no sampling): F(u) = ln u + 1/u has F′(ξ)(t − 1) = θ(t − 1)²/ξ² ≥ 0 "
            "between 1 and t, so ln t ≥ 1 − 1/t, and at t = y/a and t = (1 − y)/(1 − a) this gives "
            "KL(y‖a) ≥ y(1 − a/y) + (1 − y)(1 − (1 − a)/(1 − y)) = 0. The formal statement says "
            "'the only stationary point is a = y' as C′(a) = 0 ⇒ a = y, proved under that "
            "hypothesis from a − y = a(1 − a)C′(a); with C ≥ H(y) = C(y) it makes a = y the "
            "unique minimiser, so C(a) = H(y) only at a = y (a minimiser of a differentiable "
            "function on an open interval is a stationary point) — that last step is not a "
            "separate formal part."
        ),
        derivations=(
            MIN_FIRST_DERIVATIVE,
            MIN_STATIONARY_DERIVATION,
            MIN_SECOND_DERIVATIVE,
            MIN_KL_DERIVATION,
            LOG_BOUND_DERIVATION,
            MIN_KL_NONNEG_DERIVATION,
            MIN_IN_Z_DERIVATION,
        ),
        formal=Statement(
            sp.And(
                sp.Implies(IN_UNIT_SQUARE, sp.Gt(sp.Derivative(C_CE(a, y), (a, 2)), 0)),
                sp.Implies(sp.And(A_BELOW_ONE, Y_BELOW_ONE, sp.Eq(C_PRIME, 0)), sp.Eq(a, y)),
                sp.Implies(Y_BELOW_ONE, sp.Eq(C_CE(y, y), H_ENTROPY(y))),
                sp.Implies(IN_UNIT_SQUARE, sp.Ge(C_CE(a, y) - H_ENTROPY(y), 0)),
                sp.Eq(sp.Derivative(C_CE(SIGMA(zs), yr), zs), SIGMA(zs) - yr),
            ),
            domain=(
                "a, y > 0 with the premises a < 1, y < 1 inside; z real; in the last part y "
                "(written y) any real"
            ),
            definitions=DEFINITIONS,
            proof=proved_by(
                extra=(
                    under_premises(
                        (MIN_SECOND_DERIVATIVE,),
                        (MIN_STATIONARY_DERIVATION,),
                        (MIN_KL_DERIVATION, MIN_KL_NONNEG_DERIVATION),
                    ),
                )
            ),
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
        Step(sp.Derivative(cross_entropy_expr(SIGMA(zj), yj), zj), "δᴸ_j = ∂C/∂zᴸ_j"),
        Step(
            -(yj / SIGMA(zj) - (1 - yj) / (1 - SIGMA(zj))) * SIGMA_PRIME(zj),
            "chain rule through aᴸ_j = σ(zᴸ_j)",
        ),
        Step(
            SIGMA_PRIME(zj) * (SIGMA(zj) - yj) / (SIGMA(zj) * (1 - SIGMA(zj))),
            "common denominator",
        ),
        Step(SIGMA(zj) - yj, "σ′ = σ(1 − σ) cancels (claim sigmoid_prime_eq)"),
    ),
    conclusion="δᴸ = aᴸ − y; then ∂C/∂wᴸ_jk = a_k^{L−1} δᴸ_j = a_k^{L−1}(aᴸ_j − y_j)",
    using=DEFINITION_THEOREMS,
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
