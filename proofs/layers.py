"""Networks with many neurons per layer: backpropagation and the unstable gradient, for any width.

A fully connected network with layers l = 1 … L of widths n_l (Nielsen ch. 2):

    zˡ_j = Σ_{k=1}^{n_{l−1}} wˡ_jk aˡ⁻¹_k + bˡ_j,    aˡ_j = σ(zˡ_j),    cost C(aᴸ_1, …, aᴸ_{n_L}),

and δˡ_j = ∂C/∂zˡ_j. The claims of this family:

* ``backprop_equations`` — BP1–BP4, proved in index notation for **symbolic** widths n_l (SymPy
  ``IndexedBase`` and ``Sum`` over 1 … n_l). δ is *defined* as ∂C/∂z and every partial derivative
  of C by the multivariable chain rule through the next layer (declared definitions, the one
  premise); each partial derivative of a sum is taken by SymPy, which writes it with Kronecker
  deltas, and the sum over the delta collapses to one term for an index inside its layer (a
  premise inside the relation). C and σ are arbitrary differentiable functions.
* ``delta_matrix_product`` — δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Σ′(zˡ⁺¹) ⋯ (wᴸ)ᵀ Σ′(zᴸ) ∇ₐC for every depth,
  by induction on m = L − l with the kernel's :class:`gradproof.logic.Induction`: one statement
  P(m) (:func:`delta_P`), base P(0) (l = L, BP1), step P(m) ⇒ P(m + 1) (BP2), both built from P.
  Matrices are noncommuting symbols; δ is the vector BP1 and BP2 compute (matrix form).
* ``delta_norm_bound`` — per layer ‖δˡ‖ ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖/4 ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖, and over the
  layers above l, ‖δˡ‖ ≤ ¼ ∏_{k>l} (‖wᵏ‖₂/4) ‖∇ₐC‖, in index notation with δ = ∂C/∂z (the chain
  rule) for the sigmoid, σ′ ≤ 1/4 from claim ``sigmoid_prime_max``, sums bounded term by term
  (the core's ``sum_termwise`` rule) and an induction over the layers; plus what it does and does
  not say for Gaussian weights N(0, 1/n_in) (measured).
* ``width_one_layers_are_the_chain`` — with every n_l = 1 the matrix product is the chain's
  σ′(z_j) ∏_{k>j} w_k σ′(z_k) ∂C/∂a_L, for every depth (an induction), and the norm bound is the
  chain's |∂C/∂b_j| ≤ ¼ ∏_{k>j} (|w_k|/4)|∂C/∂a_L|.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import mpmath
import numpy as np
import sympy as sp

import gradproof.proofs.sigmoid as sig
from gradproof import core
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
from gradproof.core import Theorem
from gradproof.derivation import (
    Derivation,
    Justification,
    LinkContext,
    Step,
    are_equal,
    check_all,
    link,
)
from gradproof.logic import Induction, Statement, by, instance, lemma_part
from gradproof.numerics import formulas
from gradproof.proofs.sigmoid import SIGMOID_PRIME_BOUND
from gradproof.typeset import sub_text, sup_text

ORDER = 25
SEED = 20261201

# ============================================================ backprop_equations (index notation)
#
# Every object of one step of the network is named per layer (zᴸ, zˡ, zˡ⁺¹ …) and every width is
# a symbol, so the proofs hold for all widths at once. δ is *defined* as ∂C/∂z (one declared
# definition, for every layer and index); ∂C/∂z, ∂C/∂b, ∂C/∂w are undefined functions of the
# layer and the neuron's index (C is any differentiable cost), and the multivariable chain rule
# through the layer C depends on them by is a premise of each equation, inside the relation.

_i, _j, _k, _p, _r = sp.symbols("i j k p r", integer=True, positive=True)
#: the layers: L the output layer, l any layer (any integers: only the differences matter)
_L, _l = sp.symbols("L l", integer=True)
#: symbolic widths: n_L (output), n_l, n_{l+1}, n_{l−1}
n_L, n_l, n_next, n_prev = sp.symbols(  # noqa: N816
    "n_L n_l n_{l+1} n_{l-1}", integer=True, positive=True
)
_REAL = {"real": True}
_zL, _grad = sp.IndexedBase("z^{L}", **_REAL), sp.IndexedBase("∂C/∂a^{L}", **_REAL)  # noqa: N816
_zl, _zprev = sp.IndexedBase("z^{l}", **_REAL), sp.IndexedBase("z^{l-1}", **_REAL)
_wl, _bl = sp.IndexedBase("w^{l}", **_REAL), sp.IndexedBase("b^{l}", **_REAL)
_wn, _bn = sp.IndexedBase("w^{l+1}", **_REAL), sp.IndexedBase("b^{l+1}", **_REAL)
_v = sp.IndexedBase("v", **_REAL)
_x = sp.Symbol("x", real=True)

#: σ: any differentiable activation (the book's is the sigmoid, whose σ′ is σ(1 − σ)); σ′ is
#: *defined* as its derivative. Not the sigmoid family's σ (``proofs.sigmoid.SIGMA``, defined as
#: 1/(1 + e^(−x))): these equations hold for every activation.
sigma_f = sp.Function("σ")
sigma_p = sp.Function("σ′")
#: the activations of layer l − 1, aˡ⁻¹_k = σ(zˡ⁻¹_k)
a_prev = sp.Function("a^{l-1}")
#: the partial derivatives of C: ∂C/∂z(l, j) = ∂C/∂zˡ_j, ∂C/∂b(l, j), ∂C/∂w(l, j, k)
partial_z, partial_b, partial_w = (sp.Function(f"∂C/∂{v}") for v in "zbw")
#: δ(l, j) = δˡ_j, defined as ∂C/∂zˡ_j
delta = sp.Function("δ")


def z_next(i: sp.Expr) -> sp.Expr:
    """z^{l+1}_i = Σ_p w^{l+1}_ip σ(zˡ_p) + b^{l+1}_i, in zˡ (layer l's weighted inputs)."""
    return sp.Sum(_wn[i, _p] * sigma_f(_zl[_p]), (_p, 1, n_l)) + _bn[i]


def z_l(i: sp.Expr) -> sp.Expr:
    """zˡ_i = Σ_p wˡ_ip aˡ⁻¹_p + bˡ_i."""
    return sp.Sum(_wl[i, _p] * a_prev(_p), (_p, 1, n_prev)) + _bl[i]


#: What the named objects are (declared definitions, unfolded by the core): σ′ is the derivative
#: of σ, aˡ⁻¹ = σ(zˡ⁻¹), and δ is ∂C/∂z.
BP_DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    sigma_p: sp.Lambda(_x, sp.Derivative(sigma_f(_x), _x)),
    a_prev: sp.Lambda(_k, sigma_f(_zprev[_k])),
    delta: sp.Lambda((_l, _j), partial_z(_l, _j)),
}
#: :data:`BP_DEFINITIONS` as the core's definition theorems (``core.define``: axioms, not proofs)
BP_DEFINITION_THEOREMS: tuple[Theorem, ...] = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in BP_DEFINITIONS.items()
)

#: the multivariable chain rule, ∂C/∂u_j = Σ_i ∂C/∂v_i ∂v_i/∂u_j when C depends on u only
#: through v — the premise of each equation, at the equation's own indices
CHAIN_RULE_L = sp.Eq(
    partial_z(_L, _j), sp.Sum(_grad[_i] * sp.Derivative(sigma_f(_zL[_i]), _zL[_j]), (_i, 1, n_L))
)
CHAIN_RULE_Z = sp.Eq(
    partial_z(_l, _j),
    sp.Sum(partial_z(_l + 1, _i) * sp.Derivative(z_next(_i), _zl[_j]), (_i, 1, n_next)),
)
CHAIN_RULE_B = sp.Eq(
    partial_b(_l, _j), sp.Sum(partial_z(_l, _r) * sp.Derivative(z_l(_r), _bl[_j]), (_r, 1, n_l))
)
CHAIN_RULE_W = sp.Eq(
    partial_w(_l, _j, _k),
    sp.Sum(partial_z(_l, _r) * sp.Derivative(z_l(_r), _wl[_j, _k]), (_r, 1, n_l)),
)


def in_layer(*ranges: tuple[sp.Symbol, sp.Symbol]) -> Justification:
    """A link that holds because each free index lies in its layer (``(n, j)``: 1 ≤ j ≤ n).

    The core proves it in three rules: the link with its definitions unfolded and every width
    written n = j + μ (μ ≥ 0 an integer, a fresh symbol) by ``identity`` — the derivatives of the
    sums are SymPy's Kronecker deltas, and the sum over a delta keeps the one term i = j, which
    lies in 1 … j + μ; then ``substitution`` back to n (μ = n − j is in μ's domain because n ≥ j,
    a hypothesis of the result); then ``unfold`` to the link as written. The result depends on
    the hypotheses n ≥ j, which the statements state as premises.
    """

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        goal = link(prev, cur, rel)
        flat = core.unfolded(goal, using=ctx.using)
        mus = [sp.Symbol(f"μ_{j}", integer=True, nonnegative=True) for _, j in ranges]
        stages = [flat]
        for (n, j), mu in zip(ranges, mus, strict=True):
            stages.append(core.substituted(stages[-1], n, j + mu))
        thm = core.relation(stages[-1])
        for stage, (n, j), mu in reversed(list(zip(stages[:-1], ranges, mus, strict=True))):
            hyps = (sp.Ge(n, j, evaluate=False), *thm.hyps)
            thm = core.substitution(thm, stage, n, j + mu, mu, n - j, hyps=hyps)
        return core.unfold(thm, goal, hyps=thm.hyps, using=ctx.using)

    return justify


def chain_rule(premise: sp.Eq) -> Justification:
    """The link δ = Σ …: δ is ∂C/∂z (the definition, core ``identity``), and ∂C/∂z is the sum
    by the chain-rule premise (core ``assume``: the result depends on it), joined by ``chain``."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        if rel != "=" or cur != premise.rhs:
            raise core.ProofError("derivation", f"the chain rule gives {premise.rhs}, not {cur}")
        parts = [core.assume(premise)]
        if prev != premise.lhs:
            parts.insert(0, core.identity(prev, premise.lhs, using=ctx.using))
        return core.chain(parts)

    return justify


def _premise(*parts: sp.Basic) -> sp.Basic:
    return parts[0] if len(parts) == 1 else sp.And(*parts)


def _in(n: sp.Symbol, j: sp.Symbol) -> sp.Basic:
    """n ≥ j: the index j lies in a layer of width n (j ≥ 1 is its assumption)."""
    return sp.Ge(n, j, evaluate=False)


_CHAIN_RULE = "multivariable chain rule"

BP1 = Derivation(
    title="BP1: δᴸ_j = ∂C/∂aᴸ_j · σ′(zᴸ_j), any output width n_L",
    assumptions=(
        "n_L any positive integer, 1 ≤ j ≤ n_L; C any differentiable function of aᴸ_1 … aᴸ_{n_L};"
        " aᴸ_i = σ(zᴸ_i), σ any differentiable function"
    ),
    hyps=(_in(n_L, _j), CHAIN_RULE_L),
    steps=(
        Step(delta(_L, _j), "δᴸ_j, defined as ∂C/∂zᴸ_j"),
        Step(
            CHAIN_RULE_L.rhs,
            f"{_CHAIN_RULE}: C depends on zᴸ_j only through aᴸ_i = σ(zᴸ_i), i = 1 … n_L",
            source="nielsen-ch2 (BP1)",
            check=chain_rule(CHAIN_RULE_L),
        ),
        Step(
            _grad[_j] * sigma_p(_zL[_j]),
            "∂σ(zᴸ_i)/∂zᴸ_j = σ′(zᴸ_i)·δ_ij (Kronecker delta): only i = j is left, 1 ≤ j ≤ n_L",
            check=in_layer((n_L, _j)),
        ),
    ),
    conclusion="δᴸ = ∇ₐC ⊙ σ′(zᴸ)",
    using=BP_DEFINITION_THEOREMS,
)

BP2 = Derivation(
    title="BP2: δˡ_j = ((wˡ⁺¹)ᵀ δˡ⁺¹)_j σ′(zˡ_j), any widths n_l, n_{l+1}",
    assumptions=(
        "n_l, n_{l+1} any positive integers, 1 ≤ j ≤ n_l; z^{l+1}_i = Σ_p w^{l+1}_ip σ(zˡ_p) + "
        "b^{l+1}_i"
    ),
    hyps=(_in(n_l, _j), CHAIN_RULE_Z),
    steps=(
        Step(delta(_l, _j), "δˡ_j, defined as ∂C/∂zˡ_j"),
        Step(
            CHAIN_RULE_Z.rhs,
            f"{_CHAIN_RULE}: C depends on zˡ_j only through z^{{l+1}}_i, i = 1 … n_{{l+1}}",
            source="nielsen-ch2 (BP2)",
            check=chain_rule(CHAIN_RULE_Z),
        ),
        Step(
            sp.Sum(_wn[_i, _j] * partial_z(_l + 1, _i), (_i, 1, n_next)) * sigma_p(_zl[_j]),
            "∂z^{l+1}_i/∂zˡ_j = Σ_p w^{l+1}_ip σ′(zˡ_p) δ_pj = w^{l+1}_ij σ′(zˡ_j), 1 ≤ j ≤ n_l",
            check=in_layer((n_l, _j)),
        ),
        Step(
            sp.Sum(_wn[_i, _j] * delta(_l + 1, _i), (_i, 1, n_next)) * sigma_p(_zl[_j]),
            "δ^{l+1}_i is ∂C/∂z^{l+1}_i; the sum Σ_i w^{l+1}_ij δ^{l+1}_i is entry j of "
            "(w^{l+1})ᵀ δ^{l+1}",
        ),
    ),
    conclusion="δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)",
    using=BP_DEFINITION_THEOREMS,
)

BP3 = Derivation(
    title="BP3: ∂C/∂bˡ_j = δˡ_j, any width n_l",
    assumptions="n_l any positive integer, 1 ≤ j ≤ n_l; zˡ_r = Σ_p wˡ_rp aˡ⁻¹_p + bˡ_r",
    hyps=(_in(n_l, _j), CHAIN_RULE_B),
    steps=(
        Step(partial_b(_l, _j), "the bias gradient ∂C/∂bˡ_j"),
        Step(
            CHAIN_RULE_B.rhs,
            f"{_CHAIN_RULE}: C depends on bˡ_j only through zˡ_r, r = 1 … n_l",
            source="nielsen-ch2 (BP3)",
            check=chain_rule(CHAIN_RULE_B),
        ),
        Step(
            partial_z(_l, _j),
            "∂zˡ_r/∂bˡ_j = δ_rj: only r = j is left, 1 ≤ j ≤ n_l",
            check=in_layer((n_l, _j)),
        ),
        Step(delta(_l, _j), "∂C/∂zˡ_j is δˡ_j (definition)"),
    ),
    conclusion="∂C/∂bˡ = δˡ",
    using=BP_DEFINITION_THEOREMS,
)

BP4 = Derivation(
    title="BP4: ∂C/∂wˡ_jk = aˡ⁻¹_k δˡ_j, any widths n_{l−1}, n_l",
    assumptions=(
        "n_{l−1}, n_l any positive integers, 1 ≤ j ≤ n_l, 1 ≤ k ≤ n_{l−1}; "
        "zˡ_r = Σ_p wˡ_rp aˡ⁻¹_p + bˡ_r"
    ),
    hyps=(_in(n_l, _j), _in(n_prev, _k), CHAIN_RULE_W),
    steps=(
        Step(partial_w(_l, _j, _k), "the weight gradient ∂C/∂wˡ_jk"),
        Step(
            CHAIN_RULE_W.rhs,
            f"{_CHAIN_RULE}: C depends on wˡ_jk only through zˡ_r, r = 1 … n_l",
            source="nielsen-ch2 (BP4)",
            check=chain_rule(CHAIN_RULE_W),
        ),
        Step(
            a_prev(_k) * partial_z(_l, _j),
            "∂zˡ_r/∂wˡ_jk = Σ_p δ_rj δ_pk aˡ⁻¹_p = δ_rj aˡ⁻¹_k: only r = j is left, 1 ≤ j ≤ n_l, "
            "1 ≤ k ≤ n_{l−1}",
            check=in_layer((n_l, _j), (n_prev, _k)),
        ),
        Step(a_prev(_k) * delta(_l, _j), "∂C/∂zˡ_j is δˡ_j (definition)"),
    ),
    conclusion="∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ",
    using=BP_DEFINITION_THEOREMS,
)

HADAMARD_IS_DIAGONAL = Derivation(
    title="Σ′(z) v = v ⊙ σ′(z) for Σ′(z) = ∂σ(z)/∂z (σ applied entrywise), any width n",
    assumptions="n any positive integer, 1 ≤ j ≤ n; Σ′(z)_ji = ∂σ(z_j)/∂z_i",
    hyps=(_in(n_l, _j),),
    steps=(
        Step(
            sp.Sum(sp.Derivative(sigma_f(_zl[_j]), _zl[_i]) * _v[_i], (_i, 1, n_l)),
            "matrix times vector: entry j of Σ′(z) v",
            source="nielsen-ch5 §'Unstable gradients in more complex networks'",
        ),
        Step(
            _v[_j] * sigma_p(_zl[_j]),
            "∂σ(z_j)/∂z_i = σ′(z_j) δ_ji: Σ′(z) is diagonal, only i = j is left, 1 ≤ j ≤ n",
            check=in_layer((n_l, _j)),
        ),
    ),
    conclusion="BP1 and BP2 in matrix form: δᴸ = Σ′(zᴸ)∇ₐC, δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹",
    using=BP_DEFINITION_THEOREMS,
)

BP_DERIVATIONS = (BP1, BP2, BP3, BP4, HADAMARD_IS_DIAGONAL)


def _bp_part(d: Derivation) -> sp.Basic:
    """The statement a derivation proves: its premises ⇒ first step = last step."""
    return sp.Implies(_premise(*d.hyps), sp.Eq(d.steps[0].expr, d.steps[-1].expr))


def bp_statement_proof(st: Statement) -> Theorem:
    """Each part is one derivation's theorem (its premises ⊢ first = last, every link proved by
    the core) with the premises discharged by the core's ⇒-introduction; joined by conj."""
    done = {}
    for d in BP_DERIVATIONS:
        thm = core.implies(d.theorem(st.definition_theorems()), _premise(*d.hyps))
        done[thm.prop] = thm
    return core.conj(*(done[p] for p in st.parts()))


def backprop_equations_in_index_notation() -> Outcome:
    """BP1–BP4 and Σ′v = v ⊙ σ′ for symbolic widths: every link proved by the core (derivatives
    of sums by SymPy's Kronecker deltas; each free index in its layer, a premise)."""
    out = check_all(BP_DERIVATIONS)
    widths = sorted(
        str(s)
        for s in set().union(*(d.steps[1].expr.free_symbols for d in BP_DERIVATIONS))
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
            "The formal statement says what δ is: δˡ_j is *defined* as ∂C/∂zˡ_j (a declared "
            "definition), and each equation's premises, inside the relation, are the "
            "multivariable chain rule for the derivative on its left — C depends on zᴸ only "
            "through aᴸ = σ(zᴸ), on zˡ only through z^{l+1} = w^{l+1}σ(zˡ) + b^{l+1}, on bˡ and "
            "wˡ only through zˡ — and the ranges of its free indices (1 ≤ j ≤ n_l, "
            "1 ≤ k ≤ n_{l−1}). The widths are SymPy symbols: the proofs are for every width at "
            "once, not for sampled sizes. SymPy differentiates the sums Σ_p w_ip σ(z_p) entry by "
            "entry, writing ∂x_p/∂x_j as the Kronecker delta δ_pj; the core sums over it with "
            "each width written n = j + μ (μ ≥ 0), one term left, then changes variables back "
            "(its substitution rule, which needs n ≥ j). σ and C are arbitrary (σ′ is defined "
            "as σ's derivative; ∂C/∂z, ∂C/∂b, ∂C/∂w are undefined functions of the layer and "
            "the index, the ∂C/∂aᴸ_i arbitrary numbers), so the equations hold for any "
            "differentiable activation and cost; for the sigmoid σ′ = σ(1 − σ) (claim "
            "sigmoid_prime_eq). The earlier formal statement wrote only the chain-rule sums on "
            "the left, so it never said δ = ∂C/∂z (issue 20)."
        ),
        derivations=BP_DERIVATIONS,
        formal=Statement(
            relation=sp.And(*(_bp_part(d) for d in BP_DERIVATIONS)),
            domain=(
                "n_L, n_l, n_{l+1}, n_{l−1} positive integers (any widths); j, k positive integers"
                " (premises: inside their layers); σ, C any differentiable functions"
            ),
            definitions=BP_DEFINITIONS,
            proof=bp_statement_proof,
            explanation=(
                "δ(l, j) = δˡ_j is defined as ∂C/∂z(l, j) = ∂C/∂zˡ_j; each equation's premises "
                "are its indices' ranges and the multivariable chain rule for the derivative on "
                "its left; a^{l-1}(k) = σ(z^{l-1}_k), σ′ = dσ/dx; the parts are BP1, BP2, BP3, "
                "BP4 and (Σ′(z)v)_j = v_j σ′(z_j) for Σ′(z) = ∂σ(z)/∂z"
            ),
        ),
    )
)
# ============================================================ delta_matrix_product
#
# Vectors and matrices as noncommuting functions of their layer: products keep their order and
# the core's identity rule treats them as the words they are (associativity only). δ and the
# ordered product Π are defined by recursions over the depth m = L − l (a recursion must go to a
# smaller argument), printed with the layer L − m.

_SECTION = "nielsen-ch5 §'Unstable gradients in more complex networks'"
#: m = L − l, the number of layers above l: the inductions run upwards in m (l = L − m)
_m = sp.Symbol("m", integer=True, nonnegative=True)


def _layer_function(
    name: str, tex: Callable[[str], str], text: Callable[[str], str], *, depth: bool = False
) -> sp.FunctionClass:
    """A noncommuting function of a layer l (``depth=True``: of the depth m, shown as the layer
    L − m), printed by ``tex``/``text`` of the layer in LaTeX and in text."""

    def layer(e: sp.Basic) -> sp.Basic:
        arg = e.args[0]
        return _L - arg if depth else arg

    def _latex(self: sp.Basic, printer: sp.printing.printer.Printer, exp: object = None) -> str:
        out = tex(printer._print(layer(self)))
        return out if exp is None else rf"\left({out}\right)^{{{exp}}}"

    def _sympystr(self: sp.Basic, printer: sp.printing.printer.Printer) -> str:
        return text(printer._print(layer(self)))

    def _pretty(self: sp.Basic, printer: sp.printing.printer.Printer) -> object:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(text(sp.sstr(layer(self))))

    return sp.Function(name, commutative=False, _latex=_latex, _sympystr=_sympystr, _pretty=_pretty)


#: Σ′(zˡ) = diag σ′(zˡ) (a function of the layer l)
SIGMA_PRIME_MATRIX = _layer_function(
    "Σ′", lambda s: rf"\Sigma'(z^{{{s}}})", lambda s: f"Σ′(z{sup_text(s)})"
)
#: (wˡ)ᵀ, the transposed weights of layer l
WEIGHT_T = _layer_function("wᵀ", lambda s: rf"(w^{{{s}}})^{{T}}", lambda s: f"(w{sup_text(s)})ᵀ")
#: δ^{L−m}: the vector BP1 and BP2 compute, by the depth m
DELTA_VECTOR = _layer_function(
    "δ", lambda s: rf"\delta^{{{s}}}", lambda s: f"δ{sup_text(s)}", depth=True
)
#: Π^{L−m} = Σ′(z^{L−m})(w^{L−m+1})ᵀ ⋯ (wᴸ)ᵀ Σ′(zᴸ), by the depth m
PRODUCT = _layer_function("Π", lambda s: rf"\Pi^{{{s}}}", lambda s: f"Π{sup_text(s)}", depth=True)
GRAD_A_C = sp.Symbol(r"\nabla_{a}C", commutative=False)


def delta_vector(m: sp.Expr) -> sp.Basic:
    """δ^{L−m} (the vector of layer L − m)."""
    return DELTA_VECTOR(m)


def product_matrix(m: sp.Expr) -> sp.Basic:
    """Π^{L−m} (the ordered product from layer L − m to the output)."""
    return PRODUCT(m)


def _front(m: sp.Expr) -> sp.Basic:
    """Σ′(z^{L−m−1})(w^{L−m})ᵀ: the factor layer L − m − 1 puts in front of layer L − m's."""
    return SIGMA_PRIME_MATRIX(_L - m - 1) * WEIGHT_T(_L - m)


#: The declared definitions: δ by the backward recursion in matrix form — BP1, δᴸ = Σ′(zᴸ)∇ₐC,
#: and BP2, δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹ (claim backprop_equations proves they give ∂C/∂z) — and Π,
#: the ordered product, one factor at a time: Πᴸ = Σ′(zᴸ), Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀΠˡ⁺¹.
DELTA_BASE = core.define(delta_vector(0), SIGMA_PRIME_MATRIX(_L) * GRAD_A_C)
DELTA_STEP = core.define(delta_vector(_m + 1), _front(_m) * delta_vector(_m))
PRODUCT_BASE_DEF = core.define(product_matrix(0), SIGMA_PRIME_MATRIX(_L))
PRODUCT_STEP_DEF = core.define(product_matrix(_m + 1), _front(_m) * product_matrix(_m))
PRODUCT_DEFINITIONS = (DELTA_BASE, DELTA_STEP, PRODUCT_BASE_DEF, PRODUCT_STEP_DEF)


def delta_P(m: sp.Expr) -> sp.Eq:
    """P(m): δˡ = Πˡ ∇ₐC with l = L − m — the one statement of the induction."""
    return sp.Eq(delta_vector(m), product_matrix(m) * GRAD_A_C)


def _product_base(goal: sp.Eq) -> Derivation:
    """P(0): δᴸ = Πᴸ ∇ₐC, from BP1 and the definition Πᴸ = Σ′(zᴸ)."""
    return Derivation(
        title="base m = 0 (l = L): δᴸ = Πᴸ ∇ₐC",
        assumptions="δᴸ = Σ′(zᴸ)∇ₐC (BP1); Πᴸ = Σ′(zᴸ) (the product with no weight factor)",
        steps=(
            Step(goal.lhs, "the output error"),
            Step(
                SIGMA_PRIME_MATRIX(_L) * GRAD_A_C,
                "BP1 in matrix form",
                source="nielsen-ch2 (BP1)",
                check=by(DELTA_BASE),
            ),
            Step(goal.rhs, "definition of Πᴸ", check=by(PRODUCT_BASE_DEF)),
        ),
        conclusion="P(0)",
    )


def _product_step(ih: sp.Eq, goal: sp.Eq) -> Derivation:
    """P(m) ⇒ P(m + 1): with l = L − m − 1, BP2, the hypothesis, the definition of Πˡ."""
    front = _front(_m)
    return Derivation(
        title="step m → m + 1 (l = L − m − 1): P(m) ⇒ P(m + 1)",
        assumptions="hypothesis P(m): δˡ⁺¹ = Πˡ⁺¹ ∇ₐC; Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ Πˡ⁺¹",
        steps=(
            Step(goal.lhs, "the error of layer l = L − m − 1"),
            Step(
                front * ih.lhs,
                "BP2 in matrix form",
                source="nielsen-ch2 (BP2)",
                check=by(DELTA_STEP),
            ),
            Step(front * ih.rhs, "inductive hypothesis P(m)", check=by(ih)),
            Step(
                goal.rhs,
                "definition of Πˡ (matrix products are associative)",
                source=_SECTION,
                check=by(PRODUCT_STEP_DEF),
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
    domain="l = L − m; matrices of any widths; any differentiable cost",
)
PRODUCT_BASE = PRODUCT_INDUCTION.base_derivation()
PRODUCT_STEP = PRODUCT_INDUCTION.step_derivation()


def unrolled_product(depth: int) -> sp.Basic:
    """Π^{L−depth} written out: Σ′(z^{L−d})(w^{L−d+1})ᵀ ⋯ (wᴸ)ᵀ Σ′(zᴸ)."""
    factors: list[sp.Basic] = [SIGMA_PRIME_MATRIX(_L - depth)]
    for k in range(depth - 1, -1, -1):
        factors += [WEIGHT_T(_L - k), SIGMA_PRIME_MATRIX(_L - k)]
    return sp.Mul(*factors)


def _unfold(depth: int) -> sp.Basic:
    """Π^{L−depth} by the recursive definition, unfolded to the end (the definitions' bodies
    substituted one after the other)."""
    expr: sp.Basic = product_matrix(depth)
    for m in range(depth, 0, -1):
        expr = expr.xreplace({product_matrix(m): _front(m - 1) * product_matrix(m - 1)})
    return expr.xreplace({product_matrix(0): SIGMA_PRIME_MATRIX(_L)})


def product_form_for_every_depth_by_induction() -> Outcome:
    """Induction on m = L − l with one statement P; the definition unrolls to the product."""
    out = PRODUCT_INDUCTION.check()
    depths = [d for d in range(6) if _unfold(d) == unrolled_product(d)]
    ok = out.ok and depths == list(range(6))
    return Outcome.of(
        ok,
        f"{out.detail}; Πˡ's recursive definition unrolls to the written-out product "
        f"Σ′(zˡ)(wˡ⁺¹)ᵀ⋯Σ′(zᴸ) for L − l = {depths} (noncommuting factors, symbolic L)",
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
            "which is the written-out product by associativity). Matrices and vectors are "
            "noncommuting symbols of their layer, so the proof is for every width and uses "
            "only associativity. δ is declared by the recursion BP1 and BP2 compute in matrix "
            "form, δᴸ = Σ′(zᴸ)∇ₐC and δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹; that this δ is ∂C/∂zˡ is claim "
            "backprop_equations (a lemma of this claim), whose index form, with "
            "Σ′(z)v = v ⊙ σ′(z), is the matrix form entry by entry — a step the kernel cannot "
            "take from index to matrix notation, so it is cited, not re-derived here. The "
            "kernel's Induction object builds base and step from that one P and checks that "
            "each fits its goal exactly. Every l = L − m ≤ L is covered, m = 0, 1, 2, …"
        ),
        derivations=(PRODUCT_BASE, PRODUCT_STEP),
        formal=Statement(
            relation=PRODUCT_INDUCTION.conclusion(),
            domain="m ≥ 0 integer, l = L − m; matrices of any widths; any differentiable cost",
            axioms=PRODUCT_DEFINITIONS,
            proof=lambda st: PRODUCT_INDUCTION.theorem(),
            explanation=(
                "δˡ by BP1 and BP2 in matrix form (= ∂C/∂zˡ, claim backprop_equations); "
                "Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀ ⋯ Σ′(zᴸ) (Πᴸ = Σ′(zᴸ)); l = L − m"
            ),
        ),
        uses=(backprop_equations,),
    )
)
# ============================================================ delta_norm_bound
#
# Index notation again, now with the layer as an argument (the induction moves across layers):
# z[l, j], w[l, i, j], b[l, i], widths n[l]; the sigmoid σ of the sigmoid family (σ′ ≤ 1/4 is
# its claim sigmoid_prime_max). ∂C/∂z is declared by the chain rule, layer by layer downwards from
# the output (a recursion on the depth m = L − l), and δ(l, j) is ∂C/∂zˡ_j. Norms are squared
# (‖v‖² = Σ_j v_j²), so every bound is a polynomial inequality; for numbers ≥ 0, a² ≤ b² is a ≤ b.

_n = sp.IndexedBase("n", integer=True, positive=True)
_z, _w, _b = (sp.IndexedBase(s, real=True) for s in ("z", "w", "b"))
_q, _kk = sp.Symbol("q", integer=True, positive=True), sp.Symbol("k", integer=True)
_s = sp.Symbol("s", positive=True)
_SIG_DEFINITIONS = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in sig.DEFINITIONS.items()
)


def _named(
    name: str, tex: Callable[..., str], text: Callable[..., str], sign: str = "real"
) -> sp.FunctionClass:
    """A real function (``sign="nonnegative"``: ≥ 0) printed by ``tex(print, *args)`` in LaTeX
    and ``text(print, *args)`` in text, ``print`` the printer of one expression."""

    def _latex(self: sp.Basic, printer: sp.printing.printer.Printer, exp: object = None) -> str:
        out = tex(printer._print, *self.args)
        return out if exp is None else rf"{{{out}}}^{{{exp}}}"

    def _sympystr(self: sp.Basic, printer: sp.printing.printer.Printer) -> str:
        return text(printer._print, *self.args)

    def _pretty(self: sp.Basic, printer: sp.printing.printer.Printer) -> object:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(text(sp.sstr, *self.args))

    return sp.Function(name, **{sign: True}, _latex=_latex, _sympystr=_sympystr, _pretty=_pretty)


#: ∂C/∂z(m, j) = ∂C/∂z^{L−m}_j, by the depth m below the output
DC_DZ = _named(
    "∂C/∂z",
    lambda p, m, j: rf"\frac{{\partial C}}{{\partial z^{{{p(_L - m)}}}_{{{p(j)}}}}}",
    lambda p, m, j: f"∂C/∂z{sup_text(p(_L - m))}{sub_text(p(j))}",
)
#: δ(l, j) = δˡ_j
DELTA = _named(
    "δ",
    lambda p, layer, j: rf"\delta^{{{p(layer)}}}_{{{p(j)}}}",
    lambda p, layer, j: f"δ{sup_text(p(layer))}{sub_text(p(j))}",
)
#: U(l, j) = ((wˡ⁺¹)ᵀ δˡ⁺¹)_j
BACK = _named(
    "U",
    lambda p, layer, j: (
        rf"\left((w^{{{p(layer + 1)}}})^{{T}}\delta^{{{p(layer + 1)}}}\right)_{{{p(j)}}}"
    ),
    lambda p, layer, j: f"((w{sup_text(p(layer + 1))})ᵀδ{sup_text(p(layer + 1))}){sub_text(p(j))}",
)
#: s(k): any number the premises let bound the gain of (wᵏ)ᵀ; ‖wᵏ‖₂, the spectral norm, does
SPECTRAL = _named(
    "‖w‖₂", lambda p, k: rf"\|w^{{{p(k)}}}\|_{{2}}", lambda p, k: f"‖w{sup_text(p(k))}‖₂"
)


def _layer_z(layer: sp.Expr, i: sp.Expr) -> sp.Expr:
    """z^{layer}_i as a function of layer − 1's weighted inputs: Σ_p w_ip σ(z^{layer−1}_p) + b_i."""
    return (
        sp.Sum(_w[layer, i, _p] * sig.SIGMA(_z[layer - 1, _p]), (_p, 1, _n[layer - 1]))
        + _b[layer, i]
    )


#: the chain rule, by the depth: at the output C depends on zᴸ only through aᴸ = σ(zᴸ); one layer
#: down, on z^{L−m−1} only through z^{L−m}. A recursion on the depth (it ends at the output).
DC_DZ_OUTPUT = core.define(
    DC_DZ(0, _j),
    sp.Sum(_grad[_q] * sp.Derivative(sig.SIGMA(_z[_L, _q]), _z[_L, _j]), (_q, 1, _n[_L])),
)
DC_DZ_DOWN = core.define(
    DC_DZ(_m + 1, _j),
    sp.Sum(
        DC_DZ(_m, _q) * sp.Derivative(_layer_z(_L - _m, _q), _z[_L - _m - 1, _j]),
        (_q, 1, _n[_L - _m]),
    ),
)
#: δˡ_j is ∂C/∂zˡ_j; U(l, j) is entry j of (wˡ⁺¹)ᵀδˡ⁺¹
NORM_DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    **sig.DEFINITIONS,
    DELTA: sp.Lambda((_l, _j), DC_DZ(_L - _l, _j)),
    BACK: sp.Lambda((_l, _j), sp.Sum(_w[_l + 1, _q, _j] * DELTA(_l + 1, _q), (_q, 1, _n[_l + 1]))),
}


_width = sp.Symbol("n", integer=True, positive=True)
#: squared Euclidean norms, as functions of the layer and the width they sum over
NORM2_DELTA = _named(
    "‖δ‖²",
    lambda p, layer, n: rf"\|\delta^{{{p(layer)}}}\|^{{2}}",
    lambda p, layer, n: f"‖δ{sup_text(p(layer))}‖²",
    "nonnegative",
)
NORM2_BACK = _named(
    "‖wᵀδ‖²",
    lambda p, k, n: rf"\|(w^{{{p(k)}}})^{{T}}\delta^{{{p(k)}}}\|^{{2}}",
    lambda p, k, n: f"‖(w{sup_text(p(k))})ᵀδ{sup_text(p(k))}‖²",
    "nonnegative",
)
NORM2_GRAD = _named(
    "‖∇ₐC‖²", lambda p, n: r"\|\nabla_{a}C\|^{2}", lambda p, n: "‖∇ₐC‖²", "nonnegative"
)
NORM_DEFINITIONS.update(
    {
        NORM2_DELTA: sp.Lambda((_l, _width), sp.Sum(DELTA(_l, _j) ** 2, (_j, 1, _width))),
        NORM2_BACK: sp.Lambda((_kk, _width), sp.Sum(BACK(_kk - 1, _j) ** 2, (_j, 1, _width))),
        NORM2_GRAD: sp.Lambda(_width, sp.Sum(_grad[_j] ** 2, (_j, 1, _width))),
    }
)


def norm2_delta(layer: sp.Expr) -> sp.Expr:
    """‖δ^layer‖² = Σ_j (δ^layer_j)² over the layer's n_layer neurons."""
    return NORM2_DELTA(layer, _n[layer])


def norm2_back(layer: sp.Expr) -> sp.Expr:
    """‖(w^layer)ᵀ δ^layer‖² = Σ_j ((w^layer)ᵀ δ^layer)_j², over layer − 1's neurons."""
    return NORM2_BACK(layer, _n[layer - 1])


def norm2_grad() -> sp.Expr:
    """‖∇ₐC‖² = Σ_j (∂C/∂aᴸ_j)²."""
    return NORM2_GRAD(_n[_L])


_NORM_DEFS = {f: core.define(f(*lam.variables), lam.expr) for f, lam in NORM_DEFINITIONS.items()}


_MEMO: dict[str, Theorem] | None = None


@contextmanager
def _one_proof() -> Iterator[None]:
    """Within it, each sub-theorem of the norm bound is proved once (:func:`_once`); outside,
    every use proves afresh, so nothing proved under a test's monkeypatch outlives it."""
    global _MEMO
    outer = _MEMO
    if outer is None:
        _MEMO = {}
    try:
        yield
    finally:
        if outer is None:
            _MEMO = None


def _once(key: str, prove: Callable[[], Theorem]) -> Theorem:
    if _MEMO is None:
        return prove()
    if key not in _MEMO:
        _MEMO[key] = prove()
    return _MEMO[key]


def _defs(*heads: sp.FunctionClass) -> tuple[Theorem, ...]:
    return tuple(_NORM_DEFS[h] for h in heads)


def _chain_of(*thms: Theorem) -> Justification:
    """A link proved by a fixed chain of core theorems (``core.chain``), which must be the link."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        return core.chain(list(thms))

    return justify


def _d_sigma(x: sp.Expr) -> sp.Expr:
    """dσ(u)/du at u = x, as SymPy writes it once the Kronecker sum has collapsed."""
    return sp.Derivative(sig.SIGMA(x), x)


def _output_layer_error() -> Theorem:
    """{n_L ≥ j} ⊢ δᴸ_j = ∂C/∂aᴸ_j σ′(zᴸ_j) (BP1 for this network): δ is ∂C/∂z, the chain rule
    at the output, the Kronecker delta (σ left unexpanded), σ′ = dσ/dz (the sigmoid's
    definitions)."""
    return Derivation(
        "BP1 at the output layer",
        (
            Step(DELTA(_L, _j), "δᴸ_j"),
            Step(DC_DZ(0, _j), "is ∂C/∂zᴸ_j (definition)", check=by(_NORM_DEFS[DELTA])),
            Step(
                DC_DZ_OUTPUT.prop.rhs,
                "chain rule through aᴸ = σ(zᴸ)",
                check=_chain_of(DC_DZ_OUTPUT),
            ),
            Step(
                _grad[_j] * _d_sigma(_z[_L, _j]),
                "Kronecker delta, 1 ≤ j ≤ n_L",
                check=in_layer((_n[_L], _j)),
            ),
            Step(
                _grad[_j] * sig.SIGMA_PRIME(_z[_L, _j]),
                "σ′ is σ's derivative",
                check=by(*_SIG_DEFINITIONS),
            ),
        ),
    ).theorem()


def _hidden_layer_error() -> Theorem:
    """{L ≥ l + 1, n_l ≥ j} ⊢ δˡ_j = σ′(zˡ_j) ((wˡ⁺¹)ᵀδˡ⁺¹)_j (BP2 for this network): the chain
    rule one layer down from l + 1 (the definition at depth L − l − 1 ≥ 0), the Kronecker delta
    (σ left unexpanded), σ′ = dσ/dz, δ^{l+1} is ∂C/∂z^{l+1}."""
    down = core.instantiate(DC_DZ_DOWN, {_m: _L - _l - 1}, hyps=[sp.Ge(_L, _l + 1)])
    back = sp.Sum(_w[_l + 1, _q, _j] * DC_DZ(_L - _l - 1, _q), (_q, 1, _n[_l + 1]))
    return Derivation(
        "BP2 at a hidden layer",
        (
            Step(DELTA(_l, _j), "δˡ_j"),
            Step(DC_DZ(_L - _l, _j), "is ∂C/∂zˡ_j (definition)", check=by(_NORM_DEFS[DELTA])),
            Step(down.prop.rhs, "chain rule through z^{l+1}", check=_chain_of(down)),
            Step(
                _d_sigma(_z[_l, _j]) * back,
                "Kronecker delta, 1 ≤ j ≤ n_l",
                check=in_layer((_n[_l], _j)),
            ),
            Step(
                sig.SIGMA_PRIME(_z[_l, _j]) * back,
                "σ′ is σ's derivative",
                check=by(*_SIG_DEFINITIONS),
            ),
            Step(
                sig.SIGMA_PRIME(_z[_l, _j]) * BACK(_l, _j),
                "∂C/∂z^{l+1} is δ^{l+1}: entry j of (wˡ⁺¹)ᵀδˡ⁺¹",
                check=by(*_defs(DELTA, BACK)),
            ),
        ),
    ).theorem()


def _sigma_prime_squared() -> Theorem:
    """⊢ σ′(z)² ≤ 1/16 for every real z, from 0 < σ′(z) ≤ 1/4 (claim sigmoid_prime_max): s² ≤ 1/16
    for 0 < s ≤ 1/4 (core ``inequality``), at s = σ′(z) (``instantiate``, σ′(z) > 0 a hypothesis),
    both hypotheses discharged by the lemma's parts (``cut``)."""
    quarter = SIGMOID_PRIME_BOUND
    square = core.inequality(sp.Le(_s**2, quarter**2, evaluate=False), hyps=[sp.Le(_s, quarter)])
    at = sig.SIGMA_PRIME(sig.z)
    positive = sp.Gt(at, 0)
    thm = instance(square, {_s: at}, hyps=[positive])
    thm = core.cut(lemma_part(sig.sigmoid_prime_max, sp.Le, lambda r: r.lhs == at), thm)
    return core.cut(lemma_part(sig.sigmoid_prime_max, sp.Gt, lambda r: r.lhs == at), thm)


def _termwise(make_term: Callable[[], Theorem], index: sp.Symbol, hi: sp.Expr) -> Justification:
    """Σ_{index=1}^{hi} f ≤ Σ g from the term's theorem f ≤ g (core ``sum_termwise``)."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        return core.sum_termwise(make_term(), index, 1, hi)

    return justify


def _output_term() -> Theorem:
    """{n_L ≥ j} ⊢ (δᴸ_j)² ≤ (∂C/∂aᴸ_j)²/16."""
    bp1 = _output_layer_error()
    bound = instance(_sigma_prime_squared(), {sig.z: _z[_L, _j]})
    return Derivation(
        "(δᴸ_j)² ≤ (∂C/∂aᴸ_j)²/16",
        (
            Step(DELTA(_L, _j) ** 2, "entry j of δᴸ"),
            Step((_grad[_j] * sig.SIGMA_PRIME(_z[_L, _j])) ** 2, "BP1", check=by(bp1)),
            Step(_grad[_j] ** 2 / 16, "σ′² ≤ 1/16", relation="<=", check=by(bound)),
        ),
    ).theorem()


def _hidden_term() -> Theorem:
    """{L ≥ l + 1, n_l ≥ j} ⊢ (δˡ_j)² ≤ ((wˡ⁺¹)ᵀδˡ⁺¹)_j²/16."""
    bp2 = _hidden_layer_error()
    bound = instance(_sigma_prime_squared(), {sig.z: _z[_l, _j]})
    return Derivation(
        "(δˡ_j)² ≤ ((wˡ⁺¹)ᵀδˡ⁺¹)_j²/16",
        (
            Step(DELTA(_l, _j) ** 2, "entry j of δˡ"),
            Step((sig.SIGMA_PRIME(_z[_l, _j]) * BACK(_l, _j)) ** 2, "BP2", check=by(bp2)),
            Step(BACK(_l, _j) ** 2 / 16, "σ′² ≤ 1/16", relation="<=", check=by(bound)),
        ),
    ).theorem()


OUTPUT_CONTRACTS = Derivation(
    title="‖δᴸ‖² ≤ ‖∇ₐC‖²/16 for any output width (BP1 and σ′ ≤ 1/4)",
    assumptions="n_L any positive integer; δᴸ_j = ∂C/∂zᴸ_j; 0 < σ′ ≤ 1/4 (claim sigmoid_prime_max)",
    steps=(
        Step(norm2_delta(_L), "the output error's norm, squared"),
        Step(
            sp.Sum(DELTA(_L, _j) ** 2, (_j, 1, _n[_L])),
            "the sum of the squared entries",
            check=by(*_defs(NORM2_DELTA)),
        ),
        Step(
            sp.Sum(_grad[_j] ** 2 / 16, (_j, 1, _n[_L])),
            "term by term: (δᴸ_j)² = (∂C/∂aᴸ_j)² σ′(zᴸ_j)² ≤ (∂C/∂aᴸ_j)²/16 (BP1, σ′² ≤ 1/16)",
            relation="<=",
            source="nielsen-ch5 after eq. (122) (σ′ ≤ 1/4)",
            check=_termwise(_output_term, _j, _n[_L]),
        ),
        Step(norm2_grad() / 16, "constant factor: ‖∇ₐC‖²/16", check=by(*_defs(NORM2_GRAD))),
    ),
    conclusion="‖δᴸ‖ ≤ ‖∇ₐC‖/4",
)

SIGMA_PRIME_CONTRACTS = Derivation(
    title="‖δˡ‖² ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/16 for any widths: Σ′(zˡ) shrinks by at least 4",
    assumptions=(
        "l < L; n_l any positive integer; δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀδˡ⁺¹ (BP2, from δ = ∂C/∂z); "
        "0 < σ′ ≤ 1/4 (claim sigmoid_prime_max)"
    ),
    hyps=(sp.Ge(_L, _l + 1, evaluate=False),),
    steps=(
        Step(norm2_delta(_l), "the error's norm, squared"),
        Step(
            sp.Sum(DELTA(_l, _j) ** 2, (_j, 1, _n[_l])),
            "the sum of the squared entries",
            check=by(*_defs(NORM2_DELTA)),
        ),
        Step(
            sp.Sum(BACK(_l, _j) ** 2 / 16, (_j, 1, _n[_l])),
            "term by term: (δˡ_j)² = σ′(zˡ_j)² ((wˡ⁺¹)ᵀδˡ⁺¹)_j² ≤ ((wˡ⁺¹)ᵀδˡ⁺¹)_j²/16 "
            "(BP2, σ′² ≤ 1/16)",
            relation="<=",
            source="nielsen-ch5 after eq. (122) (σ′ ≤ 1/4)",
            check=_termwise(_hidden_term, _j, _n[_l]),
        ),
        Step(
            norm2_back(_l + 1) / 16,
            "constant factor: ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/16",
            check=by(*_defs(NORM2_BACK)),
        ),
    ),
    conclusion="‖δˡ‖ ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖/4 ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖ (spectral norm)",
)


def norm_P(m: sp.Expr) -> sp.Le:
    """T(m), l = L − m: ‖δˡ‖² ∏_{k=l+1}^{L} ‖δᵏ‖² ≤ (1/16) ∏_{k=l+1}^{L} (‖(wᵏ)ᵀδᵏ‖²/16) ‖∇ₐC‖²
    — the per-layer bounds multiplied together (no division: some δᵏ may be 0)."""
    layer = _L - m
    return sp.Le(
        norm2_delta(layer) * sp.Product(norm2_delta(_kk), (_kk, layer + 1, _L)),
        sp.Rational(1, 16) * sp.Product(norm2_back(_kk) / 16, (_kk, layer + 1, _L)) * norm2_grad(),
    )


def _norm_base(goal: sp.Le) -> Derivation:
    return Derivation(
        title="base m = 0 (l = L): ‖δᴸ‖² ≤ ‖∇ₐC‖²/16",
        assumptions="empty products are 1",
        steps=(
            Step(goal.lhs, "T(0)'s left side"),
            Step(norm2_delta(_L), "empty product ∏_{k=L+1}^{L} = 1"),
            Step(
                goal.rhs,
                "BP1 and σ′ ≤ 1/4 (above): ‖δᴸ‖² ≤ ‖∇ₐC‖²/16; empty product ∏_{k=L+1}^{L} = 1",
                relation="<=",
                check=by(lambda: _once("output", OUTPUT_CONTRACTS.theorem)),
            ),
        ),
        conclusion="T(0)",
    )


def _split_first(expr: sp.Basic) -> Theorem:
    """∏_{k=a}^{b} f = ∏_{k=a}^{a} f · ∏_{k=a+1}^{b} f for the one product in ``expr`` (core
    ``range_split``)."""
    (product,) = expr.atoms(sp.Product)
    return core.range_split(product, product.limits[0][1])


def _norm_step(ih: sp.Le, goal: sp.Le) -> Derivation:
    layer = _L - _m - 1
    rest = sp.Product(norm2_delta(_kk), (_kk, layer + 2, _L))

    def per_layer() -> Theorem:
        """At l = L − m − 1; its hypothesis L ≥ l + 1 is L ≥ L − m, proved (m ≥ 0) and cut."""
        thm = instance(_once("per layer", SIGMA_PRIME_CONTRACTS.theorem), {_l: layer})
        for h in [h for h in thm.hyps if h.has(_m)]:
            thm = core.cut(core.inequality(h), thm)
        return thm

    return Derivation(
        title="step m → m + 1 (l = L − m − 1): T(m) ⇒ T(m + 1)",
        assumptions=(
            "‖δˡ‖² ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/16 (above, at l = L − m − 1 < L); hypothesis T(m) for layer "
            "l + 1 = L − m; every factor ≥ 0"
        ),
        steps=(
            Step(goal.lhs, "T(m + 1)'s left side"),
            Step(
                norm2_delta(layer) * norm2_delta(layer + 1) * rest,
                "the factor k = l + 1 leaves the product",
                check=by(_split_first(goal.lhs)),
            ),
            Step(
                norm2_back(layer + 1) / 16 * norm2_delta(layer + 1) * rest,
                "‖δˡ‖² ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/16",
                relation="<=",
                check=by(per_layer),
            ),
            Step(
                norm2_back(layer + 1) / 16 * ih.rhs,
                "inductive hypothesis T(m)",
                relation="<=",
                check=by(ih),
            ),
            Step(
                goal.rhs,
                "the factor k = l + 1 joins the product",
                check=by(_split_first(goal.rhs)),
            ),
        ),
        conclusion="T(m + 1)",
    )


NORM_INDUCTION = Induction(
    name="‖δˡ‖² ∏_{k>l}‖δᵏ‖² ≤ (1/16) ∏_{k>l}(‖(wᵏ)ᵀδᵏ‖²/16) ‖∇ₐC‖², l = L − m",
    var=_m,
    base=0,
    P=norm_P,
    base_case=_norm_base,
    step=_norm_step,
    domain="l = L − m; any weights and widths; δ = ∂C/∂z (chain rule); sigmoid σ",
)
NORM_BASE = NORM_INDUCTION.base_derivation()
NORM_STEP = NORM_INDUCTION.step_derivation()

#: the layers above l, and what the bound multiplies over them
_ABOVE = (_kk, _l + 1, _L)
_NORMS_ABOVE = sp.Product(norm2_delta(_kk), _ABOVE)
_GAINS_ABOVE = sp.Product(norm2_back(_kk), _ABOVE)
_SPECTRAL_ABOVE = sp.Product(SPECTRAL(_kk) ** 2, _ABOVE)
#: the premises of the product form: the spectral norms bound the gains of the layers above l
#: (multiplied together: true factor by factor for ‖wᵏ‖₂) and no δᵏ above l is zero
PRODUCT_PREMISES = (
    sp.Ge(_L, _l, evaluate=False),
    sp.Le(_GAINS_ABOVE, _SPECTRAL_ABOVE * _NORMS_ABOVE, evaluate=False),
    sp.Gt(_NORMS_ABOVE, 0, evaluate=False),
)
PRODUCT_FORM = sp.Le(
    norm2_delta(_l),
    sp.Rational(1, 16) * sp.Product(SPECTRAL(_kk) ** 2 / 16, _ABOVE) * norm2_grad(),
)
#: the per-layer form: if s bounds the gain of (wˡ⁺¹)ᵀ on δˡ⁺¹ (‖wˡ⁺¹‖₂ does), ‖δˡ‖ ≤ (s/4)‖δˡ⁺¹‖
PER_LAYER_PREMISES = (
    sp.Ge(_L, _l + 1, evaluate=False),
    sp.Le(norm2_back(_l + 1), SPECTRAL(_l + 1) ** 2 * norm2_delta(_l + 1), evaluate=False),
)
PER_LAYER_FORM = sp.Le(norm2_delta(_l), SPECTRAL(_l + 1) ** 2 / 16 * norm2_delta(_l + 1))

PER_LAYER_BOUND = Derivation(
    title="‖δˡ‖² ≤ (‖wˡ⁺¹‖₂²/16)‖δˡ⁺¹‖²: one layer back",
    assumptions="l < L; s = ‖wˡ⁺¹‖₂ bounds the gain: ‖(wˡ⁺¹)ᵀδˡ⁺¹‖ ≤ s‖δˡ⁺¹‖",
    hyps=PER_LAYER_PREMISES,
    steps=(
        Step(PER_LAYER_FORM.lhs, "the error of layer l, squared"),
        Step(
            norm2_back(_l + 1) / 16,
            "Σ′(zˡ) shrinks by at least 4 (above)",
            relation="<=",
            check=by(lambda: _once("per layer", SIGMA_PRIME_CONTRACTS.theorem)),
        ),
        Step(
            PER_LAYER_FORM.rhs,
            "the spectral norm bounds the gain of (wˡ⁺¹)ᵀ (premise)",
            relation="<=",
            check=by(PER_LAYER_PREMISES[1]),
        ),
    ),
    conclusion="‖δˡ‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖",
)


def _telescoped_at_l() -> Theorem:
    """{L ≥ l} ⊢ T(L − l): the induction's conclusion at m = L − l."""
    return instance(
        _once("induction", NORM_INDUCTION.theorem), {_m: _L - _l}, hyps=[PRODUCT_PREMISES[0]]
    )


_B_TIMES = sp.Rational(1, 16) * sp.Product(SPECTRAL(_kk) ** 2 / 16, _ABOVE) * norm2_grad()

PRODUCT_BOUND = Derivation(
    title="‖δˡ‖² ∏_{k>l}‖δᵏ‖² ≤ (1/16) ∏_{k>l}(‖wᵏ‖₂²/16) ‖∇ₐC‖² ∏_{k>l}‖δᵏ‖²",
    assumptions=(
        "l ≤ L; ∏_{k>l}‖(wᵏ)ᵀδᵏ‖² ≤ ∏_{k>l}‖wᵏ‖₂² ∏_{k>l}‖δᵏ‖² (the spectral norms, factor by "
        "factor)"
    ),
    hyps=PRODUCT_PREMISES[:2],
    steps=(
        Step(norm2_delta(_l) * _NORMS_ABOVE, "T(L − l)'s left side"),
        Step(
            sp.Rational(1, 16) * sp.Product(norm2_back(_kk) / 16, _ABOVE) * norm2_grad(),
            "the induction, at m = L − l",
            relation="<=",
            check=by(_telescoped_at_l),
        ),
        Step(
            sp.Rational(1, 16) * sp.Integer(16) ** (_l - _L) * _GAINS_ABOVE * norm2_grad(),
            "the constant factors out of the product",
        ),
        Step(
            sp.Rational(1, 16)
            * sp.Integer(16) ** (_l - _L)
            * _SPECTRAL_ABOVE
            * _NORMS_ABOVE
            * norm2_grad(),
            "the spectral norms bound the gains (premise)",
            relation="<=",
            check=by(PRODUCT_PREMISES[1]),
        ),
        Step(_B_TIMES * _NORMS_ABOVE, "the constant back into the product"),
    ),
    conclusion="dividing by ∏_{k>l}‖δᵏ‖² > 0: ‖δˡ‖ ≤ ¼ ∏_{k>l}(‖wᵏ‖₂/4) ‖∇ₐC‖",
)

_a, _bb = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
_c, _x_pos = sp.Symbol("c", real=True), sp.Symbol("x", positive=True)


def _divide_by_positive() -> Theorem:
    """{a x ≤ b x} ⊢ a ≤ b for real a, b and x > 0: in c = a x (core ``substitution``, inverse
    c = a x), {c ≤ b x} ⊢ c/x ≤ b is a gap μ/x ≥ 0 (core ``inequality``)."""
    inner = core.inequality(
        sp.Le(_c / _x_pos, _bb, evaluate=False), hyps=[sp.Le(_c, _bb * _x_pos, evaluate=False)]
    )
    return core.substitution(
        inner,
        sp.Le(_a, _bb, evaluate=False),
        _a,
        _c / _x_pos,
        _c,
        _a * _x_pos,
        hyps=[sp.Le(_a * _x_pos, _bb * _x_pos, evaluate=False)],
    )


def declared_signs() -> tuple[Theorem, ...]:
    """The squared norms are declared ≥ 0 (so that the core's sign rule sees it); the core's
    ``define`` does not check a head's assumptions against its body, so each is proved here from
    the body (a sum of squares of real terms): ⊢ body ≥ 0 by ``inequality``. Raises ProofError
    otherwise."""
    out = []
    for head in (NORM2_DELTA, NORM2_BACK, NORM2_GRAD):
        body = NORM_DEFINITIONS[head].expr
        out.append(core.inequality(sp.Ge(body, 0, evaluate=False)))
    return tuple(out)


def norm_statement_proof(st: Statement) -> Theorem:
    """The per-layer form from :data:`PER_LAYER_BOUND`; the product form from
    :data:`PRODUCT_BOUND` divided by ∏_{k>l}‖δᵏ‖² > 0; premises discharged (⇒-introduction)."""
    declared_signs()
    with _one_proof():
        per_layer = core.implies(PER_LAYER_BOUND.theorem(), sp.And(*PER_LAYER_PREMISES))
        times = PRODUCT_BOUND.theorem()
    divide = instance(
        _divide_by_positive(),
        {_a: norm2_delta(_l), _bb: _B_TIMES, _x_pos: _NORMS_ABOVE},
        hyps=[PRODUCT_PREMISES[0], PRODUCT_PREMISES[2]],
    )
    product = core.implies(core.cut(times, divide), sp.And(*PRODUCT_PREMISES))
    done = {per_layer.prop: per_layer, product.prop: product}
    return core.conj(*(done[p] for p in st.parts()))


def norm_bound_by_induction() -> Outcome:
    """‖δᴸ‖ ≤ ‖∇ₐC‖/4 and ‖δˡ‖ ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖/4 for any widths (δ = ∂C/∂z, σ′ ≤ 1/4 from
    sigmoid_prime_max, sums term by term), then the product over the layers by induction."""
    with _one_proof():
        parts = [
            OUTPUT_CONTRACTS.check(),
            SIGMA_PRIME_CONTRACTS.check(),
            NORM_INDUCTION.check(),
            PRODUCT_BOUND.check(),
        ]
    return Outcome.of(all(o.ok for o in parts), "; ".join(o.detail for o in parts))


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
        f"step ratio {float(tight_step):.6g}, product-bound ratio {float(tight_full):.6g}",
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
            "Proved, for every weight matrix and width, with δˡ_j defined as ∂C/∂zˡ_j and ∂C/∂z "
            "declared by the chain rule layer by layer from the output: ‖δᴸ‖ ≤ ‖∇ₐC‖/4 and "
            "‖δˡ‖ ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖/4 (BP1, BP2 and σ′ ≤ 1/4 of claim sigmoid_prime_max, the sums "
            "bounded term by term), hence ‖δˡ‖ ≤ (s/4)‖δˡ⁺¹‖ for any s bounding the gain of "
            "(wˡ⁺¹)ᵀ on δˡ⁺¹ — the spectral norm ‖wˡ⁺¹‖₂ does, by its definition — and, over "
            "the layers above l, ‖δˡ‖ ≤ ¼ ∏_{k>l}(‖wᵏ‖₂/4)‖∇ₐC‖ (one factor ¼ sharper than the "
            "stated ∏(‖wᵏ‖₂/4)‖∇ₐC‖, because Σ′(zˡ) itself contributes ¼). The formal "
            "statement says it with the norms squared (for numbers ≥ 0, a² ≤ b² is a ≤ b) and "
            'every premise inside the relation. The kernel cannot state "for every k" as a '
            "premise, so the product form assumes the spectral bounds multiplied together, "
            "∏_{k>l}‖(wᵏ)ᵀδᵏ‖² ≤ ∏_{k>l}‖wᵏ‖₂²‖δᵏ‖² (true factor by factor), and "
            "∏_{k>l}‖δᵏ‖² > 0: it is proved from the per-layer bounds multiplied together "
            "(an induction) and a division by that product; when some δᵏ above l is 0, δˡ is 0 "
            "(BP2) and the bound holds trivially, a case the formal statement leaves out. It is "
            "an upper bound only: it says the early layers *can* learn no faster than the product "
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
        derivations=(
            OUTPUT_CONTRACTS,
            SIGMA_PRIME_CONTRACTS,
            PER_LAYER_BOUND,
            NORM_BASE,
            NORM_STEP,
            PRODUCT_BOUND,
        ),
        formal=Statement(
            relation=sp.And(
                sp.Implies(sp.And(*PER_LAYER_PREMISES), PER_LAYER_FORM),
                sp.Implies(sp.And(*PRODUCT_PREMISES), PRODUCT_FORM),
            ),
            domain=(
                "l, L integers; any widths n, weights w, biases b, weighted inputs z and cost "
                "gradient ∂C/∂aᴸ; ‖w^k‖₂ any numbers (premises: they bound the gains)"
            ),
            definitions=NORM_DEFINITIONS,
            axioms=(DC_DZ_OUTPUT, DC_DZ_DOWN),
            proof=norm_statement_proof,
            explanation=(
                "δˡ_j = ∂C/∂zˡ_j, ∂C/∂z by the chain rule from the output (aᴸ = σ(zᴸ), σ the "
                "sigmoid); ‖·‖ Euclidean norms; ‖w^k‖₂ stands for the spectral norm, of which the "
                "premises use only that it bounds the gain of (wᵏ)ᵀ on δᵏ"
            ),
        ),
        uses=(sig.sigmoid_prime_max,),
    )
)
# ============================================================ width_one_layers_are_the_chain
#
# With one neuron per layer every matrix is 1 × 1: Σ′(zˡ) is the number σ′(z_l) and (wˡ)ᵀ the
# number w_l, so the ordered product Πˡ of delta_matrix_product is a product of numbers. Its
# recursion (the same as Π's, in numbers) is declared by the depth m and the output layer L; the
# two inductions show it is the chain's product and obeys the chain's bound.

_zc, _wc = sp.IndexedBase("z", real=True), sp.IndexedBase("w", real=True)
_dc_da_last = sp.Symbol("∂C/∂a_L", real=True)
_y = sp.Symbol("y", real=True)


#: Π1(m, L) = Πˡ for width one, l = L − m (a number)
PRODUCT_1 = _named(
    "Π1",
    lambda p, m, top: rf"\Pi^{{{p(top - m)}}}",
    lambda p, m, top: f"Π{sup_text(p(top - m))}",
)
PRODUCT_1_BASE = core.define(PRODUCT_1(0, _L), sig.SIGMA_PRIME(_zc[_L]))
PRODUCT_1_STEP = core.define(
    PRODUCT_1(_m + 1, _L),
    sig.SIGMA_PRIME(_zc[_L - _m - 1]) * _wc[_L - _m] * PRODUCT_1(_m, _L),
)


def chain_factors(m: sp.Expr) -> sp.Expr:
    """∏_{k=L−m+1}^{L} w_k σ′(z_k): the chain's factors above layer L − m."""
    return sp.Product(_wc[_kk] * sig.SIGMA_PRIME(_zc[_kk]), (_kk, _L - m + 1, _L))


def width_one_P(m: sp.Expr) -> sp.Eq:
    """E(m): Π^{L−m} ∂C/∂a_L = σ′(z_{L−m}) ∏_{k=L−m+1}^{L} w_k σ′(z_k) ∂C/∂a_L."""
    return sp.Eq(
        PRODUCT_1(m, _L) * _dc_da_last,
        sig.SIGMA_PRIME(_zc[_L - m]) * chain_factors(m) * _dc_da_last,
    )


def width_one_bound_P(m: sp.Expr) -> sp.Le:
    """B(m): |Π^{L−m} ∂C/∂a_L| ≤ ¼ ∏_{k=L−m+1}^{L} (|w_k|/4) |∂C/∂a_L|."""
    return sp.Le(
        sp.Abs(PRODUCT_1(m, _L) * _dc_da_last),
        SIGMOID_PRIME_BOUND
        * sp.Product(sp.Abs(_wc[_kk]) * SIGMOID_PRIME_BOUND, (_kk, _L - m + 1, _L))
        * sp.Abs(_dc_da_last),
    )


def _width_one_base(goal: sp.Eq) -> Derivation:
    return Derivation(
        title="base m = 0 (l = L): Πᴸ ∂C/∂a_L = σ′(z_L) ∂C/∂a_L",
        steps=(
            Step(goal.lhs, "the 1 × 1 product for l = L"),
            Step(
                goal.rhs,
                "Πᴸ = Σ′(zᴸ) = σ′(z_L); empty product ∏_{k=L+1}^{L} = 1",
                check=by(PRODUCT_1_BASE),
            ),
        ),
        conclusion="E(0)",
    )


def _width_one_step(ih: sp.Eq, goal: sp.Eq) -> Derivation:
    front = sig.SIGMA_PRIME(_zc[_L - _m - 1]) * _wc[_L - _m]
    return Derivation(
        title="step m → m + 1 (l = L − m − 1): E(m) ⇒ E(m + 1)",
        steps=(
            Step(goal.lhs, "the 1 × 1 product for l = L − m − 1"),
            Step(
                front * ih.lhs,
                "Πˡ = Σ′(zˡ)(wˡ⁺¹)ᵀΠˡ⁺¹ = σ′(z_l) w_{l+1} Πˡ⁺¹",
                check=by(PRODUCT_1_STEP),
            ),
            Step(
                goal.rhs,
                "inductive hypothesis E(m); w_{l+1}σ′(z_{l+1}) joins the product",
                check=by(ih, _split_first(goal.rhs)),
            ),
        ),
        conclusion="E(m + 1)",
    )


WIDTH_ONE_INDUCTION = Induction(
    name="width one: Πˡ ∂C/∂a_L = σ′(z_l) ∏_{k>l} w_k σ′(z_k) ∂C/∂a_L, l = L − m",
    var=_m,
    base=0,
    P=width_one_P,
    base_case=_width_one_base,
    step=_width_one_step,
    domain="l = L − m; one neuron per layer",
)


def _weighted_quarter() -> Theorem:
    """⊢ |σ′(z) y| ≤ |y|/4 for all real z, y, from 0 < σ′(z) ≤ 1/4 (claim sigmoid_prime_max): for
    0 < s ≤ 1/4, |s y| ≤ |y|/4 (core ``inequality``), at s = σ′(z) (``instantiate``), the
    hypotheses cut by the lemma's parts."""
    quarter = SIGMOID_PRIME_BOUND
    scaled = core.inequality(
        sp.Le(sp.Abs(_s * _y, evaluate=False), quarter * sp.Abs(_y), evaluate=False),
        hyps=[sp.Le(_s, quarter)],
    )
    at = sig.SIGMA_PRIME(sig.z)
    thm = instance(scaled, {_s: at}, hyps=[sp.Gt(at, 0)])
    thm = core.cut(lemma_part(sig.sigmoid_prime_max, sp.Le, lambda r: r.lhs == at), thm)
    return core.cut(lemma_part(sig.sigmoid_prime_max, sp.Gt, lambda r: r.lhs == at), thm)


def _width_one_bound_base(goal: sp.Le) -> Derivation:
    return Derivation(
        title="base m = 0: |Πᴸ ∂C/∂a_L| ≤ ¼|∂C/∂a_L|",
        steps=(
            Step(goal.lhs, "the 1 × 1 product for l = L"),
            Step(
                sp.Abs(sig.SIGMA_PRIME(_zc[_L]) * _dc_da_last),
                "Πᴸ = σ′(z_L)",
                check=by(PRODUCT_1_BASE),
            ),
            Step(
                SIGMOID_PRIME_BOUND * sp.Abs(_dc_da_last),
                "0 < σ′ ≤ 1/4 (claim sigmoid_prime_max)",
                relation="<=",
                check=by(lambda: instance(_weighted_quarter(), {sig.z: _zc[_L], _y: _dc_da_last})),
            ),
            Step(goal.rhs, "empty product ∏_{k=L+1}^{L} = 1"),
        ),
        conclusion="B(0)",
    )


def _width_one_bound_step(ih: sp.Le, goal: sp.Le) -> Derivation:
    layer = _L - _m - 1
    rest = _wc[layer + 1] * PRODUCT_1(_m, _L) * _dc_da_last
    return Derivation(
        title="step m → m + 1: B(m) ⇒ B(m + 1)",
        steps=(
            Step(goal.lhs, "the 1 × 1 product for l = L − m − 1"),
            Step(
                sp.Abs(sig.SIGMA_PRIME(_zc[layer]) * rest),
                "Πˡ = σ′(z_l) w_{l+1} Πˡ⁺¹",
                check=by(PRODUCT_1_STEP),
            ),
            Step(
                SIGMOID_PRIME_BOUND * sp.Abs(rest),
                "0 < σ′ ≤ 1/4 (claim sigmoid_prime_max)",
                relation="<=",
                check=by(lambda: instance(_weighted_quarter(), {sig.z: _zc[layer], _y: rest})),
            ),
            Step(
                SIGMOID_PRIME_BOUND
                * sp.Abs(_wc[layer + 1])
                * sp.Abs(PRODUCT_1(_m, _L) * _dc_da_last),
                "|ab| = |a||b|",
            ),
            Step(
                goal.rhs,
                "inductive hypothesis B(m); |w_{l+1}|/4 joins the product",
                relation="<=",
                check=by(ih, _split_first(goal.rhs)),
            ),
        ),
        conclusion="B(m + 1)",
    )


WIDTH_ONE_BOUND_INDUCTION = Induction(
    name="width one: |Πˡ ∂C/∂a_L| ≤ ¼ ∏_{k>l} (|w_k|/4) |∂C/∂a_L|, l = L − m",
    var=_m,
    base=0,
    P=width_one_bound_P,
    base_case=_width_one_bound_base,
    step=_width_one_bound_step,
    domain="l = L − m; one neuron per layer; sigmoid σ",
)


def width_one_statement_proof(st: Statement) -> Theorem:
    """Both inductions (the core's induction rule), joined by conj."""
    done = [WIDTH_ONE_INDUCTION.theorem(), WIDTH_ONE_BOUND_INDUCTION.theorem()]
    by_prop = {t.prop: t for t in done}
    return core.conj(*(by_prop[p] for p in st.parts()))


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


def width_one_products_by_induction() -> Outcome:
    """Both inductions of the formal statement, every depth: the 1 × 1 product is the chain's,
    and its bound the chain's."""
    inductions = [WIDTH_ONE_INDUCTION.check(), WIDTH_ONE_BOUND_INDUCTION.check()]
    return Outcome.of(all(o.ok for o in inductions), "; ".join(o.detail for o in inductions))


def width_one_product_is_the_chain_formula() -> Outcome:
    """Widths 1: the explicit 1 × 1 matrix products equal chain.bias_gradient_closed_form(L, j),
    L ≤ 5 — the chain module's own expressions (a supporting check of the same objects)."""
    agreed = [(L, j) for L, j, a, b in _width_one_pairs() if are_equal(a, b)]
    return Outcome.of(
        len(agreed) == 15,
        f"the 1 × 1 matrix product equals σ′(z_j)∏_(k>j) w_kσ′(z_k)·∂C/∂a_L (the chain module's "
        f"closed form, claim chain_grad_any_depth) for {len(agreed)} of 15 pairs (L ≤ 5, j ≤ L)",
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
        evidence=(
            symbolic(width_one_products_by_induction),
            symbolic(width_one_product_is_the_chain_formula),
        ),
        formal=Statement(
            relation=sp.And(
                WIDTH_ONE_INDUCTION.conclusion(), WIDTH_ONE_BOUND_INDUCTION.conclusion()
            ),
            domain="m ≥ 0 integer, l = L − m; w_k, z_k, ∂C/∂a_L real; one neuron per layer",
            axioms=(PRODUCT_1_BASE, PRODUCT_1_STEP),
            definitions=sig.DEFINITIONS,
            proof=width_one_statement_proof,
            explanation=(
                "Π^{L−m} is the 1 × 1 product Σ′(z^{L−m})(w^{L−m+1})ᵀ ⋯ Σ′(zᴸ), declared by the "
                "recursion Πᴸ = σ′(z_L), Πˡ = σ′(z_l) w_{l+1} Πˡ⁺¹; right: the chain's "
                "σ′(z_j)∏_{k>j} w_kσ′(z_k) and its bound, j = L − m"
            ),
        ),
        notes=(
            "For every depth, by two inductions on m = L − l over the 1 × 1 case of Π's "
            "recursion (Σ′(zˡ) = σ′(z_l), (wˡ)ᵀ = w_l): the product is the chain's "
            "σ′(z_l)∏_{k>l} w_kσ′(z_k) (claim chain_grad_any_depth's form) and, with "
            "0 < σ′ ≤ 1/4 (claim sigmoid_prime_max), |Πˡ∂C/∂a_L| ≤ ¼∏_{k>l}(|w_k|/4)|∂C/∂a_L| "
            "— for 1 × 1 matrices the spectral norm is |w|, so this is delta_norm_bound's form; "
            "with |w_k| ≤ 1 it is 4^{−(L−l+1)}|∂C/∂a_L|, the chain's depth_shrink_bound (there "
            "for j = 1). The earlier formal statement checked L ≤ 2 only; the supporting check "
            "still compares the explicit 1 × 1 matrix products with the chain module's closed "
            "form for L ≤ 5."
        ),
        uses=(sig.sigmoid_prime_max,),
    )
)
