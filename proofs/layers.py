"""Networks with many neurons per layer: backpropagation and the unstable gradient, for any width.

A fully connected network with layers l = 1 … L of widths n_l (Nielsen ch. 2):

    zˡ_j = Σ_{k=1}^{n_{l−1}} wˡ_jk aˡ⁻¹_k + bˡ_j,    aˡ_j = σ(zˡ_j),    cost C(aᴸ_1, …, aᴸ_{n_L}),

and δˡ_j = ∂C/∂zˡ_j. The claims of this family:

* ``backprop_equations`` — BP1–BP4, proved in index notation for **symbolic** widths n_l (SymPy
  ``IndexedBase`` and ``Sum`` over 1 … n_l): each partial derivative of a sum is taken by SymPy,
  which writes it with Kronecker deltas, and the sum over the delta collapses to one term. C is an
  arbitrary differentiable cost (the partials ∂C/∂aᴸ_i are free symbols) and σ an arbitrary
  differentiable activation (σ′ is named, not expanded), so they hold for the sigmoid in
  particular. The multivariable chain rule, ∂C/∂u_j = Σ_i ∂C/∂v_i · ∂v_i/∂u_j when C depends on u
  only through v, is the one premise, stated at each step.
* ``delta_matrix_product`` — δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Σ′(zˡ⁺¹) ⋯ (wᴸ)ᵀ Σ′(zᴸ) ∇ₐC for every depth,
  by induction on m = L − l with the kernel's :class:`gradproof.logic.Induction`: one statement
  P(m) (:func:`delta_P`), base P(0) (l = L, BP1), step P(m) ⇒ P(m + 1) (BP2), both built from P.
* ``delta_norm_bound`` — ‖δˡ‖ ≤ ¼ ∏_{k>l} (‖wᵏ‖₂/4) ‖∇ₐC‖ ≤ ∏_{k>l} (‖wᵏ‖₂/4) ‖∇ₐC‖, by the same
  kind of induction, from ‖Σ′(z)v‖ ≤ ‖v‖/4 (proved for any width from σ′ ≤ 1/4, claim
  ``sigmoid_prime_max``) and the definition of the spectral norm; plus what it does and does
  not say for Gaussian weights N(0, 1/n_in) (measured).
* ``width_one_layers_are_the_chain`` — with every n_l = 1 the matrix product is the chain's
  σ′(z_j) ∏_{k>j} w_k σ′(z_k) ∂C/∂a_L (:func:`gradproof.proofs.chain.bias_gradient_closed_form`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import mpmath
import numpy as np
import sympy as sp

import gradproof.proofs.sigmoid as sig
from gradproof.backprop_check import (
    COSTS,
    TOL_FACTOR,
    UNIT_ROUNDOFF,
    Cost,
    bp_gradients,
    mp_finite_difference_gradients,
    rounding_scales,
)
from gradproof.claims import Claim, Outcome, numeric, register, symbolic
from gradproof.derivation import Derivation, Step, check_all, sign_is
from gradproof.logic import Induction, Statement, proved_by, use
from gradproof.numerics import formulas
from gradproof.proofs.sigmoid import SIGMOID_PRIME_BOUND

ORDER = 25
SEED = 20261201

# ============================================================ symbols (index notation)

_i, _j, _k, _p = sp.symbols("i j k p", integer=True, positive=True)
#: symbolic widths: n_L (output), n_l, n_{l+1}, n_{l−1}
n_L, n_l, n_next, n_prev = sp.symbols(  # noqa: N816
    "n_L n_l n_{l+1} n_{l-1}", integer=True, positive=True
)
#: σ: any differentiable activation (the book's is the sigmoid); σ′ its derivative, named
sigma_f = sp.Function("σ")
sigma_p = sp.Function("σ′")

_zL, _grad = sp.IndexedBase("z^{L}"), sp.IndexedBase(r"\nabla_{a}C")  # noqa: N816
_zl, _al_prev = sp.IndexedBase("z^{l}"), sp.IndexedBase("a^{l-1}")
_wl, _bl = sp.IndexedBase("w^{l}"), sp.IndexedBase("b^{l}")
_wn, _bn = sp.IndexedBase("w^{l+1}"), sp.IndexedBase("b^{l+1}")
_dl, _dn = sp.IndexedBase(r"\delta^{l}"), sp.IndexedBase(r"\delta^{l+1}")


def _z_next_i() -> sp.Expr:
    """z^{l+1}_i = Σ_p w^{l+1}_ip σ(zˡ_p) + b^{l+1}_i, in zˡ (layer l's weighted inputs)."""
    return sp.Sum(_wn[_i, _p] * sigma_f(_zl[_p]), (_p, 1, n_l)) + _bn[_i]


def _z_l_i() -> sp.Expr:
    """zˡ_i = Σ_p wˡ_ip aˡ⁻¹_p + bˡ_i."""
    return sp.Sum(_wl[_i, _p] * _al_prev[_p], (_p, 1, n_prev)) + _bl[_i]


def _name_sigma_prime(expr: sp.Expr) -> sp.Expr:
    """Write SymPy's dσ(u)/du as σ′(u)."""
    return expr.replace(
        lambda e: (
            isinstance(e, sp.Derivative)
            and isinstance(e.expr, sp.Function)
            and e.expr.func == sigma_f
            and e.variables == e.expr.args
        ),
        lambda e: sigma_p(e.expr.args[0]),
    )


def _collapse(expr: sp.Expr, ranges: Sequence[sp.Basic]) -> sp.Expr:
    """Evaluate derivatives and Kronecker-delta sums; the index-range conditions in ``ranges``
    (e.g. j ≤ n_L: the free index lies in its layer) are premises, replaced by True."""
    e = sp.sympify(expr).doit()
    for _ in range(6):
        nxt = e.xreplace({cond: sp.true for cond in ranges}).doit()
        if nxt == e:
            break
        e = nxt
    return _name_sigma_prime(e)


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Equal as expressions after pulling constant factors out of sums (exact rewriting)."""
    return bool(sp.factor_terms(a) == sp.factor_terms(b) or sp.expand(a - b) == 0)


def _index_step(*ranges: sp.Basic) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Step check: the previous expression, its derivatives and Kronecker sums evaluated by
    SymPy (free indices within their ranges), equals the current one."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        return _same(_collapse(prev, ranges), cur)

    return check


_CHAIN_RULE = "multivariable chain rule"

BP1 = Derivation(
    title="BP1: δᴸ_j = ∂C/∂aᴸ_j · σ′(zᴸ_j), any output width n_L",
    assumptions=(
        "n_L any positive integer, 1 ≤ j ≤ n_L; C any differentiable function of aᴸ_1 … aᴸ_{n_L}; "
        "aᴸ_i = σ(zᴸ_i), σ any differentiable function"
    ),
    lhs=sp.Symbol(r"\delta^{L}_{j}"),
    steps=(
        Step(
            sp.Sum(_grad[_i] * sp.Derivative(sigma_f(_zL[_i]), _zL[_j]), (_i, 1, n_L)),
            f"{_CHAIN_RULE}: C depends on zᴸ_j only through aᴸ_i = σ(zᴸ_i), i = 1 … n_L",
            source="nielsen-ch2 (BP1)",
        ),
        Step(
            _grad[_j] * sigma_p(_zL[_j]),
            "∂σ(zᴸ_i)/∂zᴸ_j = σ′(zᴸ_i)·δ_ij (Kronecker delta): only i = j is left",
            check=_index_step(sp.Le(_j, n_L)),
        ),
    ),
    conclusion="δᴸ = ∇ₐC ⊙ σ′(zᴸ)",
)

BP2 = Derivation(
    title="BP2: δˡ_j = ((wˡ⁺¹)ᵀ δˡ⁺¹)_j σ′(zˡ_j), any widths n_l, n_{l+1}",
    assumptions=(
        "n_l, n_{l+1} any positive integers, 1 ≤ j ≤ n_l; z^{l+1}_i = Σ_p w^{l+1}_ip σ(zˡ_p) + "
        "b^{l+1}_i; δ^{l+1}_i = ∂C/∂z^{l+1}_i"
    ),
    lhs=sp.Symbol(r"\delta^{l}_{j}"),
    steps=(
        Step(
            sp.Sum(_dn[_i] * sp.Derivative(_z_next_i(), _zl[_j]), (_i, 1, n_next)),
            f"{_CHAIN_RULE}: C depends on zˡ_j only through z^{{l+1}}_i, i = 1 … n_{{l+1}}",
            source="nielsen-ch2 (BP2)",
        ),
        Step(
            sp.Sum(_wn[_i, _j] * _dn[_i], (_i, 1, n_next)) * sigma_p(_zl[_j]),
            "∂z^{l+1}_i/∂zˡ_j = Σ_p w^{l+1}_ip σ′(zˡ_p) δ_pj = w^{l+1}_ij σ′(zˡ_j); the sum "
            "Σ_i w^{l+1}_ij δ^{l+1}_i is entry j of (w^{l+1})ᵀ δ^{l+1}",
            check=_index_step(sp.Le(_j, n_l)),
        ),
    ),
    conclusion="δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)",
)

BP3 = Derivation(
    title="BP3: ∂C/∂bˡ_j = δˡ_j, any width n_l",
    assumptions="n_l any positive integer, 1 ≤ j ≤ n_l; zˡ_i = Σ_p wˡ_ip aˡ⁻¹_p + bˡ_i",
    lhs=sp.Symbol(r"\partial C/\partial b^{l}_{j}"),
    steps=(
        Step(
            sp.Sum(_dl[_i] * sp.Derivative(_z_l_i(), _bl[_j]), (_i, 1, n_l)),
            f"{_CHAIN_RULE}: C depends on bˡ_j only through zˡ_i, i = 1 … n_l",
            source="nielsen-ch2 (BP3)",
        ),
        Step(
            _dl[_j],
            "∂zˡ_i/∂bˡ_j = δ_ij: only i = j is left",
            check=_index_step(sp.Le(_j, n_l)),
        ),
    ),
    conclusion="∂C/∂bˡ = δˡ",
)

BP4 = Derivation(
    title="BP4: ∂C/∂wˡ_jk = aˡ⁻¹_k δˡ_j, any widths n_{l−1}, n_l",
    assumptions=(
        "n_{l−1}, n_l any positive integers, 1 ≤ j ≤ n_l, 1 ≤ k ≤ n_{l−1}; "
        "zˡ_i = Σ_p wˡ_ip aˡ⁻¹_p + bˡ_i"
    ),
    lhs=sp.Symbol(r"\partial C/\partial w^{l}_{jk}"),
    steps=(
        Step(
            sp.Sum(_dl[_i] * sp.Derivative(_z_l_i(), _wl[_j, _k]), (_i, 1, n_l)),
            f"{_CHAIN_RULE}: C depends on wˡ_jk only through zˡ_i, i = 1 … n_l",
            source="nielsen-ch2 (BP4)",
        ),
        Step(
            _al_prev[_k] * _dl[_j],
            "∂zˡ_i/∂wˡ_jk = Σ_p δ_ij δ_pk aˡ⁻¹_p = δ_ij aˡ⁻¹_k: only i = j is left",
            check=_index_step(sp.Le(_j, n_l), sp.Le(_k, n_prev)),
        ),
    ),
    conclusion="∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ",
)

_v = sp.IndexedBase("v")
HADAMARD_IS_DIAGONAL = Derivation(
    title="v ⊙ σ′(z) = Σ′(z) v with Σ′(z) = diag(σ′(z_1), …, σ′(z_n)), any width n",
    assumptions="n any positive integer, 1 ≤ j ≤ n; Σ′(z)_ji = δ_ji σ′(z_i)",
    lhs=sp.Symbol(r"(\Sigma'(z) v)_{j}"),
    steps=(
        Step(
            sp.Sum(sp.KroneckerDelta(_j, _i) * sigma_p(_zl[_i]) * _v[_i], (_i, 1, n_l)),
            "matrix times vector, Σ′(z) diagonal",
            source="nielsen-ch5 §'Unstable gradients in more complex networks'",
        ),
        Step(
            _v[_j] * sigma_p(_zl[_j]),
            "only i = j is left: entry j of v ⊙ σ′(z)",
            check=_index_step(sp.Le(_j, n_l)),
        ),
    ),
    conclusion="BP1 and BP2 in matrix form: δᴸ = Σ′(zᴸ)∇ₐC, δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹",
)

BP_DERIVATIONS = (BP1, BP2, BP3, BP4, HADAMARD_IS_DIAGONAL)


@cache
def _bp_outcome() -> Outcome:
    return check_all(BP_DERIVATIONS)


def backprop_equations_in_index_notation() -> Outcome:
    """BP1–BP4 and ⊙σ′ = Σ′· for symbolic widths: each derivative of a Sum evaluated by SymPy."""
    out = _bp_outcome()
    widths = sorted(
        str(s)
        for s in set().union(*(d.steps[0].expr.free_symbols for d in BP_DERIVATIONS))
        if str(s).startswith("n_")
    )
    return Outcome.of(out.ok, f"{out.detail} (symbolic widths {', '.join(widths)})")


# ------------------------------------------------------------ numeric confirmation

_COS_COST = Cost(
    "Σ_j cos(3 a_j) (an arbitrary smooth cost)",
    lambda a, y: np.sum(np.cos(3 * a) + 0 * y, axis=-1),
    lambda a, y: -3 * np.sin(3 * a) + 0 * y,
    lambda a, y: mpmath.fsum(mpmath.cos(3 * aj) for aj in a),
)


def _agreement(sizes: Sequence[int], cost: Cost, rng: np.random.Generator, batch: int) -> float:
    """max |BP − 50-digit central difference| / (float64 rounding tolerance) on one network."""
    from gradproof.backprop_check import random_network

    w, b, x, y = random_network(sizes, rng, batch)
    fd_w, fd_b = mp_finite_difference_gradients(w, b, x, y, cost)
    bp_w, bp_b = bp_gradients(w, b, x, y, cost)
    sc_w, sc_b = rounding_scales(w, b, x, y, cost)
    factor = TOL_FACTOR * (len(sizes) - 1 + max(sizes) + batch) * UNIT_ROUNDOFF
    return max(
        float(np.max(np.abs(g - f) / (factor * s)))
        for g, f, s in zip(bp_w + bp_b, fd_w + fd_b, sc_w + sc_b, strict=True)
    )


_FD_SIZES: tuple[tuple[int, ...], ...] = ((3, 4, 2), (2, 5, 3, 2), (4, 3, 3, 3, 1))


def backprop_equations_match_finite_differences() -> Outcome:
    """BP1–BP4 (vectorised float64) = 50-digit central differences on random networks, 3 costs."""
    rng = np.random.default_rng(SEED)
    worst, parts = 0.0, []
    costs = (COSTS["quadratic"], COSTS["cross_entropy"], _COS_COST)
    for sizes, cost in zip(_FD_SIZES, costs, strict=True):
        r = _agreement(sizes, cost, rng, batch=2)
        worst = max(worst, r)
        parts.append(f"{list(sizes)} with {cost.name}")
    return Outcome.of(
        worst <= 1.0,
        "every ∂C/∂wˡ_jk and ∂C/∂bˡ_j of random networks (weights, biases N(0, 1), 2 inputs) — "
        + "; ".join(parts)
        + f": |BP − central difference (50 digits, h = 1e−20)| ≤ {worst:.2g} × the float64 "
        "rounding tolerance (16·(L + n_max + m)·u·S, see gradproof.backprop_check)",
    )


backprop_equations = register(
    Claim(
        id="backprop_equations",
        statement=(
            "For a fully connected network of any widths n_0, …, n_L with a differentiable "
            "activation σ (the sigmoid in particular) and any differentiable cost C(aᴸ): "
            "(BP1) δᴸ = ∇ₐC ⊙ σ′(zᴸ); (BP2) δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ); (BP3) ∂C/∂bˡ_j = δˡ_j; "
            "(BP4) ∂C/∂wˡ_jk = aˡ⁻¹_k δˡ_j, where δˡ_j = ∂C/∂zˡ_j."
        ),
        source="nielsen-ch2 (BP1)–(BP4)",
        evidence=(
            symbolic(backprop_equations_in_index_notation),
            numeric(backprop_equations_match_finite_differences),
        ),
        notes=(
            "The widths are SymPy symbols n_l: the proofs are for every width at once, not for "
            "sampled sizes. SymPy differentiates the sums Σ_p w_ip σ(z_p) entry by entry, writing "
            "∂x_p/∂x_j as the Kronecker delta δ_pj; summing over it leaves one term (the free "
            "index lies in its layer, 1 ≤ j ≤ n_l, the stated premise). The multivariable chain "
            "rule is the premise of the first step of each equation. σ and C are undefined "
            "functions, so the equations hold for any differentiable activation and cost; "
            "for the sigmoid σ′ = σ(1 − σ) (claim sigmoid_prime_eq)."
        ),
        derivations=BP_DERIVATIONS,
        formal=Statement(
            relation=sp.And(*(sp.Eq(d.steps[0].expr, d.steps[-1].expr) for d in BP_DERIVATIONS)),
            domain=(
                "n_L, n_l, n_{l+1}, n_{l−1} positive integers (any widths); j, k indices in their "
                "layers; σ, C any differentiable functions"
            ),
            proof=proved_by(*BP_DERIVATIONS),
            explanation=(
                "each left side is the multivariable chain rule for δᴸ_j, δˡ_j, ∂C/∂bˡ_j, "
                "∂C/∂wˡ_jk and (Σ′(z)v)_j; the right sides are BP1, BP2, BP3, BP4 and v ⊙ σ′(z)"
            ),
        ),
    )
)


# ============================================================ delta_matrix_product

_l = sp.Symbol("l", integer=True, positive=True)
_L = sp.Symbol("L", integer=True, positive=True)
_n = sp.IndexedBase("n")


def _width(layer: sp.Expr) -> sp.Expr:
    return _n[layer]


def _tex(name: str, layer: sp.Expr) -> str:
    return f"{name}^{{{sp.latex(layer)}}}"


def delta_matrix(layer: sp.Expr) -> sp.MatrixSymbol:
    """δ^layer as an n_layer × 1 matrix symbol."""
    return sp.MatrixSymbol(_tex(r"\delta", layer), _width(layer), 1)


def sigma_prime_matrix(layer: sp.Expr) -> sp.MatrixSymbol:
    """Σ′(z^layer) = diag σ′(z^layer), n_layer × n_layer."""
    return sp.MatrixSymbol(rf"\Sigma'(z^{{{sp.latex(layer)}}})", _width(layer), _width(layer))


def weight_matrix(layer: sp.Expr) -> sp.MatrixSymbol:
    """w^layer, n_layer × n_{layer−1}."""
    return sp.MatrixSymbol(_tex("w", layer), _width(layer), _width(layer - 1))


def product_matrix(layer: sp.Expr) -> sp.MatrixSymbol:
    """Π^layer := Σ′(z^layer)(w^{layer+1})ᵀ Σ′(z^{layer+1}) ⋯ (w^L)ᵀ Σ′(z^L), n_layer × n_L."""
    return sp.MatrixSymbol(_tex(r"\Pi", layer), _width(layer), _width(_L))


GRAD_A_C = sp.MatrixSymbol(r"\nabla_{a}C", _n[_L], 1)


def product_definition(layer: sp.Expr) -> sp.MatrixExpr:
    """The ordered product, one factor at a time: Πᴸ = Σ′(zᴸ), Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Πˡ⁺¹."""
    if layer == _L:
        return sigma_prime_matrix(_L)
    return sigma_prime_matrix(layer) * weight_matrix(layer + 1).T * product_matrix(layer + 1)


#: m = L − l, the number of layers above l: the induction runs upwards in m (l = L − m)
_m = sp.Symbol("m", integer=True, nonnegative=True)


def delta_P(m: sp.Expr) -> sp.Eq:
    """P(m): δˡ = Πˡ ∇ₐC with l = L − m — the one statement of the induction."""
    layer = _L - m
    return sp.Eq(delta_matrix(layer), product_matrix(layer) * GRAD_A_C)


def _bp_matrix_form(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Link check: BP1/BP2 in matrix form — holds because BP1, BP2 and ⊙σ′ = Σ′· are proved."""
    return _bp_outcome().ok


def _hypothesis(ih: sp.Eq) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Link check: ``cur`` is ``prev`` with the hypothesis' left side replaced by its right."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        return bool(prev.has(ih.lhs) and prev.xreplace({ih.lhs: ih.rhs}).doit() == cur.doit())

    return check


def _by_definition(layer: sp.Expr) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Link check: ``cur`` with Π^layer unfolded (one factor) equals ``prev`` (associativity)."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        unfolded = cur.xreplace({product_matrix(layer): product_definition(layer)})
        return bool(sp.MatMul(*sp.Mul.make_args(unfolded)).doit() == sp.sympify(prev).doit())

    return check


_SECTION = "nielsen-ch5 §'Unstable gradients in more complex networks'"


def _product_base(goal: sp.Eq) -> Derivation:
    """P(0): δᴸ = Πᴸ ∇ₐC, from BP1 and the definition Πᴸ = Σ′(zᴸ)."""
    return Derivation(
        title="base m = 0 (l = L): δᴸ = Πᴸ ∇ₐC",
        assumptions="Πᴸ = Σ′(zᴸ) (the product with no weight factor)",
        steps=(
            Step(goal.lhs, "the output error"),
            Step(
                sigma_prime_matrix(_L) * GRAD_A_C,
                "BP1 in matrix form",
                source="nielsen-ch2 (BP1)",
                check=_bp_matrix_form,
            ),
            Step(goal.rhs, "definition of Πᴸ", check=_by_definition(_L)),
        ),
        conclusion="P(0)",
    )


def _product_step(ih: sp.Eq, goal: sp.Eq) -> Derivation:
    """P(m) ⇒ P(m + 1): with l = L − m − 1, BP2, the hypothesis, the definition of Πˡ."""
    layer = _L - _m - 1
    front = sigma_prime_matrix(layer) * weight_matrix(layer + 1).T
    return Derivation(
        title="step m → m + 1 (l = L − m − 1): P(m) ⇒ P(m + 1)",
        assumptions="hypothesis P(m): δˡ⁺¹ = Πˡ⁺¹ ∇ₐC; Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Πˡ⁺¹",
        steps=(
            Step(goal.lhs, "the error of layer l = L − m − 1"),
            Step(
                front * delta_matrix(layer + 1),
                "BP2 in matrix form",
                source="nielsen-ch2 (BP2)",
                check=_bp_matrix_form,
            ),
            Step(front * ih.rhs, "inductive hypothesis P(m)", check=_hypothesis(ih)),
            Step(
                goal.rhs,
                "definition of Πˡ (matrix products are associative)",
                source=_SECTION,
                check=_by_definition(layer),
            ),
        ),
        conclusion="P(m + 1)",
    )


PRODUCT_INDUCTION = Induction(
    name="δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Σ′(zˡ⁺¹) ⋯ (wᴸ)ᵀ Σ′(zᴸ) ∇ₐC, l = L − m",
    var=_m,
    base=0,
    P=delta_P,
    base_case=_product_base,
    step=_product_step,
    domain="l = L − m; widths n_l symbols; any differentiable cost",
)
PRODUCT_BASE = PRODUCT_INDUCTION.base_derivation()
PRODUCT_STEP = PRODUCT_INDUCTION.step_derivation()


def unrolled_product(depth: int) -> sp.MatrixExpr:
    """Πˡ written out for L − l = depth, with symbolic l: Σ′(zˡ)(wˡ⁺¹)ᵀ ⋯ Σ′(z^{l+depth})."""
    factors: list[sp.MatrixExpr] = [sigma_prime_matrix(_l)]
    for m in range(1, depth + 1):
        factors += [weight_matrix(_l + m).T, sigma_prime_matrix(_l + m)]
    return sp.MatMul(*factors)


def _unfold(depth: int) -> sp.MatrixExpr:
    """Πˡ by the recursive definition with L = l + depth, unfolded to the end."""
    top = _l + depth
    expr: sp.MatrixExpr = product_matrix(_l)
    for m in range(depth + 1):
        layer = _l + m
        definition = (
            sigma_prime_matrix(top)
            if layer == top
            else sigma_prime_matrix(layer) * weight_matrix(layer + 1).T * product_matrix(layer + 1)
        )
        expr = expr.xreplace({product_matrix(layer): definition})
    return sp.MatMul(*sp.Mul.make_args(expr)).doit()


def product_form_for_every_depth_by_induction() -> Outcome:
    """Induction on l (down from L) with one statement P; the definition unrolls to the product."""
    out = PRODUCT_INDUCTION.check()
    depths = [d for d in range(6) if _unfold(d) == unrolled_product(d).doit()]
    ok = out.ok and depths == list(range(6))
    return Outcome.of(
        ok,
        f"{out.detail}; Πˡ's recursive definition unrolls to the written-out product "
        f"Σ′(zˡ)(wˡ⁺¹)ᵀ⋯Σ′(zᴸ) for L − l = {depths} (symbolic l and widths)",
    )


def product_form_matches_finite_differences() -> Outcome:
    """The explicit matrix product (NumPy) = 50-digit central differences of ∂C/∂bˡ, depths 1–6."""
    rng = np.random.default_rng(SEED + 1)
    worst = 0.0
    count = 0
    for depth in range(1, 7):
        sizes = [int(v) for v in rng.integers(1, 5, depth + 1)]
        w = [rng.standard_normal((o, i)) for i, o in itertools.pairwise(sizes)]
        b = [rng.standard_normal(o) for o in sizes[1:]]
        x, y = rng.uniform(0, 1, (1, sizes[0])), rng.uniform(0, 1, (1, sizes[-1]))
        _, fd_b = mp_finite_difference_gradients(w, b, x, y, "quadratic")
        # forward pass, then the product Σ′(zˡ)(wˡ⁺¹)ᵀ ⋯ Σ′(zᴸ) ∇ₐC for every l
        a, zs = x[0], []
        for wl, bl in zip(w, b, strict=True):
            zs.append(wl @ a + bl)
            a = formulas.sigmoid(zs[-1])
        grad = a - y[0]
        for layer in range(1, depth + 1):
            prod = np.diag(formulas.sigmoid_prime(zs[layer - 1]))
            for k in range(layer + 1, depth + 1):
                prod = prod @ w[k - 1].T @ np.diag(formulas.sigmoid_prime(zs[k - 1]))
            delta = prod @ grad
            ref = fd_b[layer - 1]
            worst = max(worst, float(np.max(np.abs(delta - ref) / (np.abs(ref) + 1e-14))))
            count += 1
    # the 50-digit differences are exact to ~1e-40; what remains is the float64 rounding of the
    # product (measured 4e-15 on these seeded networks): 1e-12, not a looser 1e-9
    tol = 1e-12
    return Outcome.of(
        worst <= tol,
        f"{count} layers of 6 random networks (depths 1–6, widths 1–4, weights N(0, 1)): "
        f"Σ′(zˡ)(wˡ⁺¹)ᵀ⋯Σ′(zᴸ)∇ₐC against 50-digit central differences of ∂C/∂bˡ = δˡ: largest "
        f"relative gap {worst:.1e} (tolerance {tol:g})",
    )


delta_matrix_product = register(
    Claim(
        id="delta_matrix_product",
        statement=(
            "For a fully connected sigmoid network of any depth L and widths, and any "
            "differentiable cost, δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Σ′(zˡ⁺¹)(wˡ⁺²)ᵀ ⋯ (wᴸ)ᵀ Σ′(zᴸ) ∇ₐC for every "
            "l ≤ L, where Σ′(z) is the diagonal matrix of the σ′(z_j)."
        ),
        source=f"{_SECTION}; nielsen-ch2 (BP1), (BP2)",
        evidence=(
            symbolic(product_form_for_every_depth_by_induction),
            numeric(product_form_matches_finite_differences),
        ),
        notes=(
            "Proved by induction on m = L − l with one statement P(m): δˡ = Πˡ∇ₐC, Πˡ the "
            "ordered product (defined one factor at a time, Πᴸ = Σ′(zᴸ), Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀΠˡ⁺¹, "
            "which is the written-out product by associativity). The base is BP1 and the step "
            "BP2, both in matrix form (claim backprop_equations); the widths are symbols n_l. "
            "The kernel's Induction object builds base and step from that one P and checks "
            "that each fits its goal exactly."
        ),
        derivations=(PRODUCT_BASE, PRODUCT_STEP),
        formal=PRODUCT_INDUCTION.statement(
            explanation="δˡ = ∂C/∂zˡ, Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ ⋯ Σ′(zᴸ) (Πᴸ = Σ′(zᴸ)), l = L − m"
        ),
        uses=(),
    )
)


# ============================================================ delta_norm_bound

_t = sp.Symbol("t", nonnegative=True)
_vj = sp.Symbol("v_j", real=True)
_mu = sp.Symbol("μ", nonnegative=True)
_norm_d = sp.IndexedBase("‖δ‖")
_spec = sp.IndexedBase("‖w‖₂")
_norm_g = sp.Symbol("‖∇ₐC‖", nonnegative=True)
_kk = sp.Symbol("k", integer=True)


def _termwise_le(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Link check for Σ_j f_j ≤ Σ_j g_j (same range): g_j − f_j ≥ 0 for every j, with
    0 < σ′(z_j) ≤ 1/4 written σ′(z_j) = (1/4)/(1 + t), t ≥ 0 (claim sigmoid_prime_max)."""
    if not (isinstance(prev, sp.Sum) and isinstance(cur, sp.Sum) and prev.limits == cur.limits):
        return False
    gap = (cur.function - prev.function).xreplace(
        {sigma_p(_zl[_j]): SIGMOID_PRIME_BOUND / (1 + _t), _v[_j]: _vj}
    )
    return sign_is(sp.factor(gap), "nonnegative") and not gap.has(sigma_p)


SIGMA_PRIME_CONTRACTS = Derivation(
    title="‖Σ′(z)v‖² ≤ ‖v‖²/16 for any width n (so ‖Σ′(z)‖₂ ≤ 1/4)",
    assumptions="n any positive integer; v real; 0 < σ′(z_j) ≤ 1/4 (claim sigmoid_prime_max)",
    lhs=sp.Symbol("‖Σ′(z)v‖²"),
    steps=(
        Step(sp.Sum(sigma_p(_zl[_j]) ** 2 * _v[_j] ** 2, (_j, 1, n_l)), "entries σ′(z_j)v_j"),
        Step(
            sp.Sum(_v[_j] ** 2 / 16, (_j, 1, n_l)),
            "each term: σ′(z_j)² ≤ 1/16 (claim sigmoid_prime_max); sums of smaller terms",
            relation="<=",
            source="nielsen-ch5 after eq. (122) (σ′ ≤ 1/4)",
            check=_termwise_le,
        ),
        Step(
            sp.Sum(_v[_j] ** 2, (_j, 1, n_l)) / 16,
            "constant factor",
            check=lambda a, b: _same(a, b),
        ),
    ),
    conclusion="‖Σ′(z)v‖ ≤ ‖v‖/4",
)


def norm_bound(layer: sp.Expr) -> sp.Expr:
    """¼ ∏_{k=layer+1}^{L} (‖wᵏ‖₂/4) · ‖∇ₐC‖."""
    return sp.Rational(1, 4) * sp.Product(_spec[_kk] / 4, (_kk, layer + 1, _L)) * _norm_g


def norm_P(m: sp.Expr) -> sp.Le:
    """B(m): ‖δˡ‖ ≤ ¼ ∏_{k=l+1}^{L} (‖wᵏ‖₂/4) ‖∇ₐC‖ with l = L − m."""
    return sp.Le(_norm_d[_L - m], norm_bound(_L - m))


_X = sp.Symbol("‖(wˡ⁺¹)ᵀδˡ⁺¹‖", nonnegative=True)
_s = sp.Symbol("s", nonnegative=True)


def _le_given(
    premise: dict[sp.Basic, sp.Expr], layer: sp.Expr
) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Link check for ``prev ≤ cur``: cur − prev ≥ 0 once ``premise`` (x = bound − μ, μ ≥ 0,
    i.e. x ≤ bound) is substituted; ‖w^{layer+1}‖₂ ≥ 0."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        gap = (sp.sympify(cur) - sp.sympify(prev)).xreplace(premise)
        gap = sp.expand(gap.xreplace({_spec[layer + 1]: _s}))
        return sign_is(gap, "nonnegative")

    return check


def _peel_first_factor(layer: sp.Expr) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Link check: ∏_{k=l+1}^{L} f(k) = f(l+1) ∏_{k=l+2}^{L} f(k) (l < L): ``cur`` peeled is
    ``prev``."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        peeled = cur.replace(
            lambda e: isinstance(e, sp.Product) and e.limits[0][1] == layer + 1,
            lambda e: (
                e.function.subs(_kk, layer + 1) * sp.Product(e.function, (_kk, layer + 2, _L))
            ),
        )
        return bool(sp.expand(peeled - prev) == 0)

    return check


def _contracts(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Link check for ‖δᴸ‖ ≤ ‖∇ₐC‖/4: ‖Σ′(z)v‖ ≤ ‖v‖/4 is proved (SIGMA_PRIME_CONTRACTS)."""
    gap = (cur - prev).xreplace({_norm_d[_L]: _norm_g / 4 - _mu})
    return SIGMA_PRIME_CONTRACTS.check().ok and sign_is(gap, "nonnegative")


def _norm_base(goal: sp.Le) -> Derivation:
    return Derivation(
        title="base m = 0 (l = L): ‖δᴸ‖ ≤ ¼‖∇ₐC‖",
        assumptions="δᴸ = Σ′(zᴸ)∇ₐC (BP1); ‖Σ′(z)v‖ ≤ ‖v‖/4 (above)",
        steps=(
            Step(goal.lhs, "the output error's norm"),
            Step(
                _norm_g / 4,
                "δᴸ = Σ′(zᴸ)∇ₐC and ‖Σ′(z)v‖ ≤ ‖v‖/4",
                relation="<=",
                check=_contracts,
            ),
            Step(
                goal.rhs,
                "empty product ∏_{k=L+1}^{L} = 1",
                check=lambda prev, cur: sp.expand(cur.doit() - prev) == 0,
            ),
        ),
        conclusion="B(0)",
    )


def _norm_step(ih: sp.Le, goal: sp.Le) -> Derivation:
    layer = _L - _m - 1
    return Derivation(
        title="step m → m + 1 (l = L − m − 1): B(m) ⇒ B(m + 1)",
        assumptions=(
            "δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹ (BP2); ‖Σ′(z)v‖ ≤ ‖v‖/4; ‖Wᵀu‖ ≤ ‖W‖₂‖u‖ (definition of "
            "the spectral norm, ‖Wᵀ‖₂ = ‖W‖₂); hypothesis B(m) for layer l + 1 = L − m"
        ),
        steps=(
            Step(goal.lhs, "the error of layer l"),
            Step(
                _X / 4,
                "δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹ and ‖Σ′(z)v‖ ≤ ‖v‖/4",
                relation="<=",
                check=_le_given({goal.lhs: _X / 4 - _mu}, layer),
            ),
            Step(
                _spec[layer + 1] * ih.lhs / 4,
                "‖(wˡ⁺¹)ᵀu‖ ≤ ‖wˡ⁺¹‖₂‖u‖ (spectral norm): the per-layer bound the experiment "
                "measures",
                relation="<=",
                check=_le_given({_X: _spec[layer + 1] * ih.lhs - _mu}, layer),
            ),
            Step(
                _spec[layer + 1] / 4 * ih.rhs,
                "inductive hypothesis B(m)",
                relation="<=",
                check=_le_given({ih.lhs: ih.rhs - _mu}, layer),
            ),
            Step(
                goal.rhs, "the factor k = l + 1 joins the product", check=_peel_first_factor(layer)
            ),
        ),
        conclusion="B(m + 1)",
    )


NORM_INDUCTION = Induction(
    name="‖δˡ‖ ≤ ¼ ∏_{k>l}(‖wᵏ‖₂/4)‖∇ₐC‖, l = L − m",
    var=_m,
    base=0,
    P=norm_P,
    base_case=_norm_base,
    step=_norm_step,
    domain="l = L − m; any weights; ‖·‖₂ the spectral norm",
)
NORM_BASE = NORM_INDUCTION.base_derivation()
NORM_STEP = NORM_INDUCTION.step_derivation()


def _lemma_bound() -> bool:
    """σ′ ≤ 1/4 as the proved statement of claim sigmoid_prime_max says (the same constant)."""
    le = use(sig.sigmoid_prime_max).part(sp.Le)
    return bool(le.rhs == SIGMOID_PRIME_BOUND)


def norm_bound_by_induction() -> Outcome:
    """‖Σ′v‖ ≤ ‖v‖/4 for any width, then the bound by induction; the stated form follows."""
    contracts = SIGMA_PRIME_CONTRACTS.check()
    ind = NORM_INDUCTION.check()
    lemma = _lemma_bound()
    # ¼∏(…)‖∇C‖ ≤ ∏(…)‖∇C‖: the gap is ¾∏(…)‖∇C‖ ≥ 0, every factor ‖wᵏ‖₂/4 ≥ 0
    P = sp.Symbol("P", nonnegative=True)  # the product ∏_{k>l}(‖wᵏ‖₂/4) ≥ 0
    weaker = sign_is(P * _norm_g - sp.Rational(1, 4) * P * _norm_g, "nonnegative")
    return Outcome.of(
        contracts.ok and ind.ok and weaker and lemma,
        f"{contracts.detail}; {ind.detail}; ¼∏(…)‖∇ₐC‖ ≤ ∏(…)‖∇ₐC‖ (the statement's form): "
        f"{weaker}; σ′ ≤ {SIGMOID_PRIME_BOUND} is sigmoid_prime_max's proved bound: {lemma}",
    )


def _spectral_by_eigenvalues(w: np.ndarray) -> float:
    """‖W‖₂ as √(largest eigenvalue of WᵀW): the definition, computed apart from the SVD."""
    gram = w.T @ w if w.shape[0] >= w.shape[1] else w @ w.T
    return float(np.sqrt(max(float(np.linalg.eigvalsh(gram)[-1]), 0.0)))


def _step_bound(s: np.ndarray, layer: int, next_norm: Any) -> Any:
    """(‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖ for δˡ = δ^{layer + 1} (s[k] = ‖wᵏ⁺¹‖₂): the per-layer bound."""
    return s[layer + 1] / 4 * next_norm


def _product_bound(s: np.ndarray, layer: int, grad: Any) -> Any:
    """¼∏_{k>l}(‖wᵏ‖₂/4)‖∇ₐC‖ for δˡ = δ^{layer + 1}: the claim's bound, used both where it is
    checked and where it is shown attained."""
    return 0.25 * np.prod(s[layer + 1 :] / 4) * grad


def _bound_attained_at_zero() -> tuple[float, float]:
    """(smallest step ratio, smallest full ratio) on width-1 layers with every z_k = 0: there
    σ′(z_k) = 1/4 and ‖wᵏ‖₂ = |w_k|, so each ‖δˡ‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖ and the product bound
    hold with equality — the constants 1/4 are the claim's, not looser ones."""
    from gradproof.backprop_check import bp_deltas

    ws = [3.0, -2.0, 5.0, 0.5]
    x = 0.5
    w, b, a = [], [], x
    for wk in ws:  # b_k = −w_k a_{k−1}: every z_k = 0 exactly (dyadic numbers), a_k = 1/2
        w.append(np.array([[wk]]))
        b.append(np.array([-wk * a]))
        a = 0.5
    y = np.array([[0.25]])
    deltas, acts = bp_deltas(w, b, np.array([[x]]), y, "cross_entropy")
    norms = [float(np.linalg.norm(d)) for d in deltas]
    s = np.array([_spectral_by_eigenvalues(wk) for wk in w])  # = |w_k|
    grad = float(np.linalg.norm((acts[-1] - y) / (acts[-1] * (1 - acts[-1]))))
    step = min(norms[k] / _step_bound(s, k, norms[k + 1]) for k in range(len(ws) - 1))
    full = min(norms[k] / float(_product_bound(s, k, grad)) for k in range(len(ws)))
    return step, full


def norm_bound_holds_for_gaussian_networks() -> Outcome:
    """Random N(0, 1/n_in) networks: per example ‖δˡ‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖ and the product bound
    ‖δˡ‖ ≤ ¼∏(‖wᵏ‖₂/4)‖∇ₐC‖, with the norms checked to be spectral (√ of WᵀW's largest
    eigenvalue); what the bound predicts for such weights (‖w‖₂ ≈ 2 for 30 × 30) against what is
    measured; and the bound attained, ratio 1, where every z = 0 on width-1 layers."""
    from gradproof.backprop_check import bp_deltas

    rng = np.random.default_rng(SEED + 2)
    worst_step, worst_full, worst_norm = 0.0, 0.0, 0.0
    spec: list[float] = []
    ratios: list[float] = []
    for _ in range(20):
        sizes = (64, 30, 30, 30, 30, 10)
        w = [rng.standard_normal((o, i)) / np.sqrt(i) for i, o in itertools.pairwise(sizes)]
        b = [rng.standard_normal(o) for o in sizes[1:]]
        x, y = rng.uniform(0, 1, (50, 64)), rng.uniform(0, 1, (50, 10))
        deltas, acts = bp_deltas(w, b, x, y, "cross_entropy")
        norms = np.stack([np.linalg.norm(d, axis=1) for d in deltas])  # (L, m)
        s = np.array([np.linalg.norm(wl, 2) for wl in w])
        spec.extend(s[1:-1])
        # the norms are spectral norms (not Frobenius ones, which are larger and would make the
        # bound look weaker than stated): the same as √(largest eigenvalue of WᵀW)
        by_eig = np.array([_spectral_by_eigenvalues(wl) for wl in w])
        worst_norm = max(worst_norm, float(np.max(np.abs(s - by_eig) / by_eig)))
        grad = np.linalg.norm((acts[-1] - y) / (acts[-1] * (1 - acts[-1])), axis=1)
        for layer in range(len(sizes) - 2):  # δ^{layer+1} against δ^{layer+2}
            r = norms[layer] / _step_bound(s, layer, norms[layer + 1])
            worst_step = max(worst_step, float(r.max()))
            ratios.extend(r)
        for layer in range(len(sizes) - 1):
            bound = _product_bound(s, layer, grad)
            worst_full = max(worst_full, float(np.max(norms[layer] / bound)))
    q = np.quantile(ratios, [0.5, 0.99])
    tight_step, tight_full = _bound_attained_at_zero()
    tight = abs(tight_step - 1) <= 1e-12 and abs(tight_full - 1) <= 1e-12
    return Outcome.of(
        worst_step <= 1 + 1e-12 and worst_full <= 1 + 1e-12 and worst_norm <= 1e-12 and tight,
        f"20 networks [64, 30, 30, 30, 30, 10], weights N(0, 1/n_in), 50 inputs each: largest "
        f"‖δˡ‖/((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖) = {worst_step:.3f} (median {q[0]:.3f}, 99 % {q[1]:.3f}); "
        f"largest ‖δˡ‖ / (¼∏(‖wᵏ‖₂/4)‖∇ₐC‖) = {worst_full:.3g}; measured ‖w‖₂ of the 30 × 30 "
        f"weights: {np.mean(spec):.2f} ± {np.std(spec):.2f}, so the bound's factor per layer "
        f"is ‖w‖₂/4 ≈ {np.mean(spec) / 4:.2f} (spectral: the norms agree with √λ_max(WᵀW) "
        f"to {worst_norm:.1e}); attained with equality on width-1 layers with every z = 0: "
        f"step ratio {tight_step!r}, product-bound ratio {tight_full!r}",
    )


delta_norm_bound = register(
    Claim(
        id="delta_norm_bound",
        statement=(
            "For a fully connected sigmoid network, any weights and any cost, "
            "‖δˡ‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖ and hence ‖δˡ‖ ≤ ¼ ∏_{k=l+1}^{L} (‖wᵏ‖₂/4) ‖∇ₐC‖ ≤ "
            "∏_{k>l} (‖wᵏ‖₂/4) ‖∇ₐC‖ (‖·‖₂ the spectral norm)."
        ),
        source=f"{_SECTION}; nielsen-ch5 after eq. (122) (σ′ ≤ 1/4); nielsen-ch2 (BP2)",
        evidence=(
            symbolic(norm_bound_by_induction),
            numeric(norm_bound_holds_for_gaussian_networks),
        ),
        notes=(
            "Proved, for every weight matrix and width: the bound above (one factor ¼ sharper "
            "than the stated ∏(‖wᵏ‖₂/4)‖∇ₐC‖, because Σ′(zˡ) itself contributes ¼). It is an "
            "upper bound only: it says the early layers *can* learn no faster than the product "
            "allows, not that they learn slowly. Only measured, not proved: what it gives for "
            "the book's Gaussian initialisation N(0, 1/n_in). For 30 × 30 such matrices ‖w‖₂ "
            "concentrates near 2 (random-matrix theory gives 1 + √(n_out/n_in), not proved "
            "here), so the bound shrinks by about ½ per layer, while the measured per-layer "
            "ratio ‖δˡ‖/((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖) is smaller still (σ′(z) < ¼ away from z = 0, and "
            "δˡ⁺¹ is not aligned with the top singular vector). The layer-speed experiment "
            "(gradproof experiment layer-speeds) records that ratio for every example, seed and "
            "epoch; a ratio above 1 would be a bug and fails the claim "
            "layer_speeds_obey_the_norm_bound."
        ),
        derivations=(SIGMA_PRIME_CONTRACTS, NORM_BASE, NORM_STEP),
        formal=NORM_INDUCTION.statement(
            proof=lambda st: SIGMA_PRIME_CONTRACTS.check(),
            explanation="‖δ‖[l] = ‖δˡ‖, ‖w‖₂[k] = ‖wᵏ‖₂ (spectral norm), l = L − m",
        ),
        uses=(sig.sigmoid_prime_max,),
    )
)


# ============================================================ width_one_layers_are_the_chain


def _width_one_pairs(depth: int = 5) -> list[tuple[int, int, sp.Expr, sp.Expr]]:
    """(L, j, the 1 × 1 matrix product Σ′(z_j)(w_{j+1})ᵀ⋯Σ′(z_L)∇ₐC, the chain's closed form)."""
    from gradproof.proofs.chain import bias_gradient_closed_form, chain_symbols

    out = []
    for L in range(1, depth + 1):
        s = chain_symbols(L)
        for j in range(1, L + 1):
            prod = sp.Matrix([[sig.sigma_prime(s.z(j))]])
            for k in range(j + 1, L + 1):
                prod = prod * sp.Matrix([[s.w[k - 1]]]).T * sp.Matrix([[sig.sigma_prime(s.z(k))]])
            out.append(
                (L, j, (prod * sp.Matrix([[s.dC_daL]]))[0, 0], bias_gradient_closed_form(L, j))
            )
    return out


def _width_one_statement_proof(st: Statement) -> Outcome:
    """Every part (an identity between the matrix product and the chain formula) is proved."""
    from gradproof.proofs.chain import is_zero_over_exponentials

    parts = st.parts()
    proved = [is_zero_over_exponentials(p.lhs - p.rhs) for p in parts]
    return Outcome.of(
        all(proved) and len(parts) == 3,
        f"{sum(proved)} of {len(parts)} identities (L ≤ 2, j ≤ L; the evidence goes to L = 5) "
        "cancel over the exponentials",
    )


def width_one_product_is_the_chain_formula() -> Outcome:
    """Widths 1: Σ′(z_j)(w_{j+1})ᵀ⋯Σ′(z_L)∇ₐC = chain.bias_gradient_closed_form(L, j), L ≤ 5;
    BP2 with n_l = n_{l+1} = 1 is the chain's δ_j = w_{j+1}σ′(z_j)δ_{j+1}."""
    from gradproof.proofs.chain import (
        bias_gradient_closed_form,
        chain_symbols,
        is_zero_over_exponentials,
    )

    agreed = []
    for L in range(1, 6):
        s = chain_symbols(L)
        for j in range(1, L + 1):
            prod = sp.Matrix([[sig.sigma_prime(s.z(j))]])
            for k in range(j + 1, L + 1):
                prod = prod * sp.Matrix([[s.w[k - 1]]]).T * sp.Matrix([[sig.sigma_prime(s.z(k))]])
            value = (prod * sp.Matrix([[s.dC_daL]]))[0, 0]
            if is_zero_over_exponentials(value - bias_gradient_closed_form(L, j)):
                agreed.append((L, j))
    bp2 = BP2.steps[-1].expr.subs({n_next: 1, _j: 1}).doit()
    bp2_ok = bp2 == _wn[1, 1] * _dn[1] * sigma_p(_zl[1])
    bp1 = BP1.steps[-1].expr.subs(_j, 1)
    ok = len(agreed) == 15 and bp2_ok and bp1 == _grad[1] * sigma_p(_zL[1])
    return Outcome.of(
        ok,
        f"the 1 × 1 matrix product equals σ′(z_j)∏_(k>j) w_kσ′(z_k)·∂C/∂a_L (claim "
        f"chain_grad_any_depth's closed form) for all {len(agreed)} of 15 pairs (L ≤ 5, j ≤ L); "
        f"BP2 at n_l = n_(l+1) = 1 gives w_(l+1)δ_(l+1)σ′(z_l): {bp2_ok}; BP1 at n_L = 1: "
        "δ_L = C′(a_L)σ′(z_L)",
    )


width_one_layers_are_the_chain = register(
    Claim(
        id="width_one_layers_are_the_chain",
        statement=(
            "With one neuron per layer the matrix results are the chain's: Σ′(z_j)(w_{j+1})ᵀ⋯"
            "Σ′(z_L)∇ₐC = σ′(z_j) ∏_{k>j} w_k σ′(z_k) ∂C/∂a_L (claim chain_grad_any_depth) and "
            "the norm bound becomes |∂C/∂b_j| ≤ ¼∏_{k>j}(|w_k|/4)|∂C/∂a_L| (claim "
            "depth_shrink_bound)."
        ),
        source=f"{_SECTION}; nielsen-ch5 eq. (122)",
        evidence=(symbolic(width_one_product_is_the_chain_formula),),
        formal=Statement(
            relation=sp.And(*(sp.Eq(a, b, evaluate=False) for _, _, a, b in _width_one_pairs(2))),
            domain="w_k, b_k, a0, dC/da_L real; chains of L ≤ 2 neurons, 1 ≤ j ≤ L",
            proof=_width_one_statement_proof,
            explanation="left: the 1 × 1 matrix product; right: claim chain_grad_any_depth's form",
        ),
        notes=(
            "For 1 × 1 matrices the spectral norm is |w|, so with |w_k| ≤ 1 the bound is "
            "4^{−(L−j+1)}|∂C/∂a_L|, the chain's depth_shrink_bound (there for j = 1)."
        ),
    )
)
