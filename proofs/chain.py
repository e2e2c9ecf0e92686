"""A chain of single sigmoid neurons (``shared/CLAIMS.md``, "Chain of single sigmoid neurons").

The simplest deep network has one neuron per layer (Nielsen ch. 5 eq. (114)–(122); lecture notes
§3.1):

    z_j = w_j a_{j−1} + b_j,   a_j = σ(z_j),   j = 1..L,   cost C(a_L).

σ is the explicit ``1/(1 + e^{−x})`` of :func:`gradproof.proofs.sigmoid.sigma` and C is an
*undefined* SymPy function, so every result holds for every differentiable cost. The central
result (claim ``chain_grad_any_depth``) is the product form

    ∂C/∂b_j = σ′(z_j) · ∏_{k=j+1}^{L} w_k σ′(z_k) · C′(a_L),

proved for every depth by induction through the trusted core and, independently, by
differentiating the composed chain for L = 1..8. Everything else in this family is read off that
product with the sigmoid claims.

The formal statements rest on the chain's equations, which are *definitions* of the core
(:class:`ChainModel`): a(n + 1) := σ(w_{n+1} a(n) + b_{n+1}), z(k) := w_k a(k − 1) + b_k, and
the chain with the bias b_j replaced by β, a(n, j, β), so that ∂C/∂b_j is the derivative in β at
β = b_j. Each statement declares the definitions it rests on (``Statement(axioms=…)``).

How an identity between two concrete chain expressions is checked
(:func:`is_zero_over_exponentials`, supporting evidence): every ``exp(…)`` atom, innermost
first, is replaced by a fresh positive symbol, and the resulting rational function is brought
over one denominator; if its numerator expands to exactly 0 the identity holds for *all* values
of those symbols, hence in particular for the actual exponentials. This is exact rewriting (no
sampling) and is fast where ``simplify`` is not.

Public names other modules use: :func:`chain_symbols`, :func:`bias_gradient_closed_form`,
:func:`is_zero_over_exponentials`, :data:`SIGMOID_CHAIN`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import mpmath
import numpy as np
import sympy as sp

import gradproof.proofs.sigmoid as sig
from gradproof import core
from gradproof.claims import Claim, Outcome, add_evidence, numeric, prop, register, symbolic
from gradproof.core import ProofError, Theorem
from gradproof.derivation import Derivation, Step
from gradproof.logic import (
    Induction,
    Statement,
    by,
    discharged,
    fits,
    instance,
    lemma,
    lemma_part,
    proof_session,
    use,
)
from gradproof.numerics import chain_numerics as cn
from gradproof.properties import run_property
from gradproof.typeset import text

ORDER = 20

#: The cost: an undefined function of the output a_L (any differentiable cost).
C = sp.Function("C")
#: A general activation, for claim larger_derivative_still_unstable.
f_act = sp.Function("f")

SEED = 20261122


# ============================================================ the symbolic chain


@dataclass(frozen=True)
class ChainSymbols:
    """The symbols of an L-neuron chain: ``w`` = (w1..wL), ``b`` = (b1..bL), ``a0``, ``dC_daL``.

    All are real SymPy symbols; ``dC_daL`` stands for C′(a_L) = ∂C/∂a_L. :meth:`z` and :meth:`a`
    give z_k and a_k written out in w, b and a0 (1-based k; a(0) is a0).
    """

    L: int
    w: tuple[sp.Symbol, ...]
    b: tuple[sp.Symbol, ...]
    a0: sp.Symbol
    dC_daL: sp.Symbol  # noqa: N815 (agreed public name: ∂C/∂a_L)

    def z(self, k: int) -> sp.Expr:
        """z_k = w_k a_{k−1} + b_k, expanded down to a0 (k = 1..L)."""
        _check_index(k, self.L, "k")
        return self.w[k - 1] * self.a(k - 1) + self.b[k - 1]

    def a(self, k: int) -> sp.Expr:
        """a_k = σ(z_k) for k = 1..L, and a_0 = a0."""
        if k == 0:
            return self.a0
        return sig.sigma(self.z(k))


def _check_depth(L: object) -> int:
    if isinstance(L, bool) or not isinstance(L, (int, np.integer)) or int(L) < 1:
        raise ValueError(f"L (the depth of the chain) must be an integer ≥ 1, got {L!r}")
    return int(L)


def _check_index(j: object, L: int, name: str = "j") -> int:
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= int(j) <= L:
        raise ValueError(f"{name} must be a layer index, an integer in 1..{L}, got {j!r}")
    return int(j)


@cache
def _chain_symbols(L: int) -> ChainSymbols:
    w = tuple(sp.Symbol(f"w{k}", real=True) for k in range(1, L + 1))
    b = tuple(sp.Symbol(f"b{k}", real=True) for k in range(1, L + 1))
    return ChainSymbols(L, w, b, sp.Symbol("a0", real=True), sp.Symbol(f"dC/da_{L}", real=True))


def chain_symbols(L: int) -> ChainSymbols:
    """The symbols of an L-neuron chain (L ≥ 1); see :class:`ChainSymbols`."""
    return _chain_symbols(_check_depth(L))


def bias_gradient_closed_form(L: int, j: int) -> sp.Expr:
    """The proved ∂C/∂b_j = σ′(z_j) ∏_{k=j+1}^{L} w_k σ′(z_k) · ∂C/∂a_L of an L-neuron chain.

    Written in the symbols of :func:`chain_symbols` (z_k expanded in w, b, a0; σ′ = σ(1 − σ) from
    :func:`gradproof.proofs.sigmoid.sigma_prime`). Source: Nielsen ch. 5 eq. (121)–(122) (L = 4,
    j = 1); every L and j ≤ L by claim ``chain_grad_any_depth``.
    """
    s = chain_symbols(L)
    j = _check_index(j, s.L)
    expr = sig.sigma_prime(s.z(j))
    for k in range(j + 1, s.L + 1):
        expr = expr * s.w[k - 1] * sig.sigma_prime(s.z(k))
    return expr * s.dC_daL


@cache
def _composed_cost(L: int) -> sp.Expr:
    """C(a_L) with a_L written out as the nested composition of the chain."""
    return C(chain_symbols(L).a(L))


def cost_derivative_of_composition(L: int, j: int) -> sp.Expr:
    """∂/∂b_j of C(a_L(b_1, …, b_L)), differentiated by SymPy, with C′(a_L) named ``dC_daL``.

    SymPy's chain rule leaves C′ evaluated at a_L as one ``Subs`` object; that object (and only
    that one) is replaced by the symbol ``chain_symbols(L).dC_daL``.
    """
    s = chain_symbols(L)
    j = _check_index(j, s.L)
    return _composed_cost_derivative(s.L, j)


@cache
def _composed_cost_derivative(L: int, j: int) -> sp.Expr:
    s = chain_symbols(L)
    d = sp.diff(_composed_cost(L), s.b[j - 1])
    return _name_cost_derivative(d, s)


def _name_cost_derivative(d: sp.Expr, s: ChainSymbols) -> sp.Expr:
    """Replace C′ evaluated at a_L (a ``Subs`` or ``Derivative`` object) by ``s.dC_daL``."""
    aL = s.a(s.L)
    found: dict[sp.Basic, sp.Basic] = {}
    for sub in d.atoms(sp.Subs):
        (var,), (point,) = sub.variables, sub.point
        if sub.expr == sp.Derivative(C(var), var) and point == aL:
            found[sub] = s.dC_daL
    for der in d.atoms(sp.Derivative):
        if der.expr == C(aL) and der.variables == (aL,):
            found[der] = s.dC_daL
    if len(found) != 1:
        raise ValueError(f"expected one C′(a_L) in the derivative, found {len(found)}: {d}")
    return d.xreplace(found)


def is_zero_over_exponentials(expr: sp.Expr) -> bool:
    """True when ``expr`` is identically 0 with every ``exp(…)`` treated as a free positive symbol.

    Innermost exponentials are replaced first, so nested chains become rational functions; the
    numerator over a common denominator is then expanded. Exact: a rational function whose
    numerator expands to 0 vanishes for every value of its symbols, so ``expr`` vanishes too.
    False means *not proved* (see :func:`refute_at_a_point` for a disproof).
    """
    symbols: dict[sp.Basic, sp.Dummy] = {}
    done: dict[sp.Basic, sp.Basic] = {}

    def generalise(e: sp.Basic) -> sp.Basic:
        # post-order: an exp(…) becomes the symbol of its (already generalised) argument, so
        # equal arguments share a symbol and no exp is ever rebuilt
        if e in done:
            return done[e]
        if isinstance(e, sp.exp):
            arg = generalise(e.args[0])
            out: sp.Basic = symbols.setdefault(arg, sp.Dummy("t", positive=True))
        elif e.args and not isinstance(e, (sp.Subs, sp.Derivative)):
            out = e.func(*(generalise(a) for a in e.args))
        else:
            out = e
        done[e] = out
        return out

    e = generalise(sp.sympify(expr))
    return bool(sp.expand(sp.numer(sp.together(e))) == 0)


def refute_at_a_point(expr: sp.Expr, seed: int = SEED, tries: int = 5) -> str:
    """Evaluate ``expr`` at reproducible random rational points at 30 digits; describe the value.

    Returns ``"difference = <value> at <name>=<p/q>, …"`` with *every* free symbol, so that the
    point can be recomputed; up to ``tries`` points are drawn until the value is nonzero (a
    counterexample). Used only to explain a failed proof, never to prove.
    """
    rng = np.random.default_rng(seed)
    symbols = sorted(expr.free_symbols, key=str)
    for _ in range(max(1, tries)):
        point = {sym: sp.Rational(int(rng.integers(-300, 300)), 100) for sym in symbols}
        value = sp.N(expr.subs(point), 30)
        if value != 0:
            break
    shown = ", ".join(f"{k}={v}" for k, v in point.items())
    return f"difference = {sp.N(value, 6)} at {shown}"


def check_bias_gradient(candidate: sp.Expr, L: int, j: int) -> Outcome:
    """Prove ``candidate`` = ∂C/∂b_j of the L-neuron chain, differentiated as a composition.

    ``candidate`` is written in :func:`chain_symbols` (L) with ``dC_daL`` for C′(a_L). Holds when
    the difference is identically 0 (:func:`is_zero_over_exponentials`); otherwise fails, with the
    value of the difference at a random point (a counterexample when it is nonzero). Text is
    refused (SymPy would ``eval`` it): parse a user's formula with :func:`gradproof.check`.
    """
    s = chain_symbols(L)
    j = _check_index(j, s.L)
    if isinstance(candidate, bool) or not isinstance(candidate, (sp.Basic, int, float)):
        raise TypeError(
            "candidate must be a SymPy expression in the symbols of chain_symbols(L) (text is"
            " not evaluated; use gradproof.check for a formula as text), got"
            f" {type(candidate).__name__} {candidate!r:.60}"
        )
    diff = cost_derivative_of_composition(s.L, j) - sp.sympify(candidate)
    if is_zero_over_exponentials(diff):
        return Outcome.holds(f"L={s.L}, j={j}: ∂C/∂b_{j} − candidate ≡ 0")
    return Outcome.fails(f"L={s.L}, j={j}: not an identity; {refute_at_a_point(diff)}")


def check_closed_form_at_depths(
    depths: Sequence[int],
    closed_form: Callable[[int, int], sp.Expr] = bias_gradient_closed_form,
) -> Outcome:
    """:func:`check_bias_gradient` of ``closed_form(L, j)`` for every L in ``depths``, j = 1..L."""
    failures: list[str] = []
    count = 0
    for L in depths:
        for j in range(1, L + 1):
            count += 1
            outcome = check_bias_gradient(closed_form(L, j), L, j)
            if not outcome.ok:
                failures.append(outcome.detail)
    if failures:
        return Outcome.fails(
            f"{len(failures)} of {count} (L, j) not proved: " + "; ".join(failures)
        )
    return Outcome.holds(
        f"derivative of the composed chain − product ≡ 0 for all {count} pairs (L, j),"
        f" L ∈ {{{', '.join(map(str, depths))}}}, 1 ≤ j ≤ L"
    )


# ============================================================ numeric helpers (float64, mpmath)


def _random_chain(rng: np.random.Generator, L: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Weights N(0, 1.5²), biases N(0, 1), input a0 uniform in (0, 1)."""
    return rng.normal(0.0, 1.5, L), rng.normal(0.0, 1.0, L), float(rng.uniform(0.0, 1.0))


#: Concrete costs for the numeric checks: (name, C(a), C′(a)) in float64 and mpmath.
_COSTS: tuple[tuple[str, Callable[[Any], Any], Callable[[Any], Any]], ...] = (
    ("quadratic (a−0.3)²/2", lambda a: (a - 0.3) ** 2 / 2, lambda a: a - 0.3),
    (
        "cross-entropy, y = 1",
        lambda a: -mpmath.log(a) if isinstance(a, mpmath.mpf) else -math.log(a),
        lambda a: -1 / a,
    ),
    (
        "cos(3a)",
        lambda a: mpmath.cos(3 * a) if isinstance(a, mpmath.mpf) else math.cos(3 * a),
        lambda a: -3 * (mpmath.sin(3 * a) if isinstance(a, mpmath.mpf) else math.sin(3 * a)),
    ),
)


#: float64 central differences (h = 1e−5) are only good to about 1e−5 here — truncation h²·C‴
#: grows with the weights of deep chains, rounding ε/h with the cost — so they are held to
#: |fd − g| ≤ FD_RTOL·(|g| + FD_ATOL); the precision comes from mpmath central differences at
#: 50 digits (h = 1e−20), held to relative MP_RTOL: what is left is the float64 rounding of g.
FD_RTOL, FD_ATOL, MP_RTOL = 1e-4, 1e-6, 1e-12


def _fd_agreement(depths: Sequence[int], trials: int, seed: int) -> tuple[float, float, int]:
    """Worst gaps of the float64 product against float64 and mpmath central differences.

    Returns ``(worst float64 gap / (|g| + FD_ATOL), worst mpmath relative gap, count)``.
    """
    rng = np.random.default_rng(seed)
    worst64, worst_mp, n = 0.0, 0.0, 0
    for L in depths:
        for trial in range(trials):
            w, b, a0 = _random_chain(rng, L)
            _, cost, dcost = _COSTS[trial % len(_COSTS)]
            aL = float(cn.forward(w, b, a0)[1][-1])
            grads = cn.bias_gradients(w, b, a0, float(dcost(aL)))
            for j in range(1, L + 1):
                g = float(grads[j - 1])
                fd = cn.central_difference(cost, w, b, a0, j, h=1e-5)
                worst64 = max(worst64, abs(fd - g) / (abs(g) + FD_ATOL))
                with mpmath.workdps(50):
                    fd_mp = cn.mp_central_difference(cost, list(w), list(b), a0, j, "1e-20")
                    if fd_mp != 0:
                        worst_mp = max(worst_mp, float(abs((g - fd_mp) / fd_mp)))
                n += 1
    return worst64, worst_mp, n


def _fd_outcome(depths: Sequence[int], trials: int, seed: int) -> Outcome:
    worst64, worst_mp, n = _fd_agreement(depths, trials, seed)
    return Outcome.of(
        worst64 <= FD_RTOL and worst_mp <= MP_RTOL,
        f"{n} gradients at random chains (weights N(0, 1.5²), biases N(0, 1); costs quadratic, "
        f"cross-entropy, cos 3a): float64 central differences within {worst64:.1e}·(|g| + "
        f"{FD_ATOL:g}) (tolerance {FD_RTOL:g}); mpmath central differences (50 digits) within "
        f"relative {worst_mp:.1e} (tolerance {MP_RTOL:g})",
    )


# ============================================================ the chain as definitions of the core
# The formal statements of this family rest on the model equations of the chain, stated once as
# axioms of the trusted core (core.define) and declared by every statement that uses them.

#: the symbols of the formal statements
_k = sp.Symbol("k", integer=True, positive=True)  # a layer index (a product's, z's argument)
_j = sp.Symbol("j", integer=True, positive=True)  # the layer whose bias is varied
_L = sp.Symbol("L", integer=True, positive=True)  # the depth of the chain
_n = sp.Symbol("n", integer=True, nonnegative=True)
_m = sp.Symbol("m", integer=True, nonnegative=True)
_beta = sp.Symbol("β", real=True)  # the value given to the bias b_j
_a0 = sp.Symbol("a_0", real=True)
#: the weights w(k) and biases b(k) as functions of the layer: the sanity net replaces a function
#: by one test function for every argument, while it would give IndexedBase entries w[L + 1] and
#: w[k] (k bound by a product) unrelated values and report a true range split false
_w_i, _b_i = sp.Function("w", real=True), sp.Function("b", real=True)
#: a(n): the activation of layer n; a(n, j, β): the same with the bias b_j replaced by β
_a_of = sp.Function("a", real=True)
#: z(k) = w_k a(k − 1) + b_k, the weighted input of layer k
_z_of = sp.Function("z", real=True)
_GE = sp.Ge(_L, _j)  # L ≥ j: the products ∏_{k=j+1}^{L} have a range with a sign

#: C′(x) := (d/du) C(u) at u = x: the cost's derivative, so that ∂C/∂a_L prints C′(a(L))
C_PRIME = sp.Function("C′", real=True)
_xc, _uc = sp.Symbol("x", real=True), sp.Symbol("u", real=True)
COST_DEFINITIONS: dict[Any, sp.Lambda] = {
    C_PRIME: sp.Lambda(_xc, sp.Subs(sp.Derivative(C(_uc), _uc), _uc, _xc))
}
COST_FACT = core.define(C_PRIME(_xc), COST_DEFINITIONS[C_PRIME].expr)

#: σ and σ′ as definitions of the core (the sigmoid claims' own, so their lemmas fit)
SIGMA_FACTS: tuple[Theorem, ...] = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in sig.DEFINITIONS.items()
)


def _one_session(proof: Callable[[Statement], Theorem]) -> Callable[[Statement], Theorem]:
    """``proof`` run in one proof session: a lemma it uses several times is proved once."""

    @functools.wraps(proof)
    def run(st: Statement) -> Theorem:
        with proof_session():
            return proof(st)

    return run


class ChainModel:
    """A chain of single neurons with the activation ``act``, as definitions of the core.

    The model equations (Nielsen ch. 5 eq. (114)–(121)) are axioms made by :func:`core.define`;
    a statement that rests on one declares it (``Statement(axioms=…)``) so that readers see it:

    * ``a(0) := a₀`` and ``a(n + 1) := act(w_{n+1} a(n) + b_{n+1})`` for n ≥ 0 — the
      activations, recurring on a smaller first argument;
    * ``z(k) := w_k a(k − 1) + b_k`` for k ≥ 1 — the weighted inputs;
    * the *view* ``a(n, j, β)``: a_n as a function of the bias b_j = β, every other parameter
      fixed. ``a(j, j, β) := act(w_j a(j − 1) + β)``: a_{j−1} is computed before layer j, so it is
      the activation a(j − 1), in which β does not occur (a_{j−1} does not depend on b_j). And
      ``a(j + m + 1, j, β) := act(w_{j+m+1} a(j + m, j, β) + b_{j+m+1})`` for m ≥ 0: the recursion
      holds from layer j on, so it is written with n = j + m — it recurs on a smaller first
      argument, and no two patterns overlap (first argument j, and j + m + 1 > j).

    ∂C/∂b_j is ``(∂/∂β) C(a(L, j, β))`` at β = b_j (:meth:`bias_grad`): the derivative is taken
    with respect to a variable that occurs nowhere but in the view, so no parameter that should
    vary is held fixed, and none that should stay fixed varies.
    """

    def __init__(
        self,
        name: str,
        act: sp.FunctionClass,
        act_prime: sp.FunctionClass,
        definitions: dict[Any, sp.Lambda],
    ) -> None:
        w, b, a, z, j, m, n, k, beta = _w_i, _b_i, _a_of, _z_of, _j, _m, _n, _k, _beta
        self.name, self.act, self.act_prime = name, act, act_prime
        #: act, act′ and C′ as Lambdas (Statement(definitions=…)); act and act′ as the core's
        #: definitions
        self.definitions = {**definitions, **COST_DEFINITIONS}
        self.act_facts: tuple[Theorem, ...] = (
            SIGMA_FACTS
            if definitions is sig.DEFINITIONS
            else tuple(core.define(f(*lam.variables), lam.expr) for f, lam in definitions.items())
        )
        self.start = core.define(a(0), _a0)
        self.forward = core.define(a(n + 1), act(w(n + 1) * a(n) + b(n + 1)))
        self.pre = core.define(z(k), w(k) * a(k - 1) + b(k))
        self.view_start = core.define(a(j, j, beta), act(w(j) * a(j - 1) + beta))
        self.view_next = core.define(
            a(j + m + 1, j, beta), act(w(j + m + 1) * a(j + m, j, beta) + b(j + m + 1))
        )
        #: the model equations the product form rests on (a(0) := a₀ is not among them: the
        #: product form holds whatever the input)
        self.axioms: tuple[Theorem, ...] = (
            self.forward,
            self.pre,
            self.view_start,
            self.view_next,
        )

    # ------------------------------------------------------------ the expressions

    def grad(self, expr: sp.Expr, j: sp.Expr) -> sp.Expr:
        """``(∂/∂β) expr`` at β = b_j (expr written in the view a(n, j, β))."""
        return sp.Subs(sp.Derivative(expr, _beta), _beta, _b_i(j))

    def bias_grad(self, L: sp.Expr, j: sp.Expr) -> sp.Expr:
        """∂C/∂b_j of the L-neuron chain: (∂/∂β) C(a(L, j, β)) at β = b_j."""
        return self.grad(C(_a_of(L, j, _beta)), j)

    def cost_prime(self, L: sp.Expr) -> sp.Expr:
        """∂C/∂a_L: C′ at the output a(L)."""
        return C_PRIME(_a_of(L))

    def factor(self, k: sp.Expr) -> sp.Expr:
        """The factor of layer k, w_k act′(z_k)."""
        return _w_i(k) * self.act_prime(_z_of(k))

    def prod(self, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
        """∏_{k=lo}^{hi} w_k act′(z_k)."""
        return sp.Product(self.factor(_k), (_k, lo, hi))

    def P(self, n: sp.Expr) -> sp.Basic:
        """P(n): ∂a_n/∂b_j = act′(z_j) ∏_{k=j+1}^{n} w_k act′(z_k) — the induction's statement."""
        lhs = self.grad(_a_of(n, _j, _beta), _j)
        return sp.Eq(lhs, self.act_prime(_z_of(_j)) * self.prod(_j + 1, n))

    def Q(self, n: sp.Expr) -> sp.Basic:
        """Q(n): a(n, j, b_j) = a(n) — at β = b_j the view is the chain itself."""
        return sp.Eq(_a_of(n, _j, _b_i(_j)), _a_of(n))

    def relation(self) -> sp.Basic:
        """L ≥ j ⇒ ∂C/∂b_j = act′(z_j) ∏_{k=j+1}^{L} w_k act′(z_k) · ∂C/∂a_L."""
        rhs = self.act_prime(_z_of(_j)) * self.prod(_j + 1, _L) * self.cost_prime(_L)
        return sp.Implies(_GE, sp.Eq(self.bias_grad(_L, _j), rhs))

    # ------------------------------------------------------------ the view is the chain at b_j

    def _view_base(self, goal: sp.Basic) -> Derivation:
        j, w, b, a = _j, _w_i, _b_i, _a_of
        return Derivation(
            title=f"base case L = j: a(j, j, b_j) = a_j ({self.name})",
            assumptions="j ≥ 1 integer; the view a(j, j, β) at β = b_j",
            steps=(
                Step(goal.lhs, "the goal Q(j)"),
                Step(
                    self.act(w(j) * a(j - 1) + b(j)),
                    "a(j, j, β) = σ(w_j a_{j−1} + β), at β = b_j",
                    check=by(instance(self.view_start, {_beta: b(j)})),
                ),
                Step(
                    goal.rhs,
                    "a_j = σ(w_j a_{j−1} + b_j) (the chain, at n = j − 1 ≥ 0)",
                    check=by(instance(self.forward, {_n: j - 1})),
                    source="nielsen-ch5 eq. (115)",
                ),
            ),
        )

    def _view_step(self, ih: sp.Basic, goal: sp.Basic) -> Derivation:
        L, j, w, b, a = _L, _j, _w_i, _b_i, _a_of
        return Derivation(
            title=f"inductive step L → L + 1: a(L + 1, j, b_j) = a_{{L+1}} ({self.name})",
            assumptions="L ≥ j (the step's hypothesis); Q(L) (the inductive hypothesis)",
            steps=(
                Step(goal.lhs, "the goal Q(L + 1)"),
                Step(
                    self.act(w(L + 1) * a(L, j, b(j)) + b(L + 1)),
                    "layer L + 1 of the view, at β = b_j (its recursion at m = L − j ≥ 0)",
                    check=by(instance(self.view_next, {_m: L - j, _beta: b(j)}, hyps=(_GE,))),
                ),
                Step(
                    self.act(w(L + 1) * a(L) + b(L + 1)),
                    "inductive hypothesis Q(L)",
                    check=by(ih),
                ),
                Step(
                    goal.rhs,
                    "a_{L+1} = σ(w_{L+1} a_L + b_{L+1}) (the chain at n = L)",
                    check=by(instance(self.forward, {_n: L})),
                ),
            ),
        )

    def view_induction(self) -> Induction:
        """L ≥ j ⇒ a(L, j, b_j) = a(L), by induction on L from j."""
        return Induction(
            name=f"a(L, j, b_j) = a_L ({self.name})",
            var=_L,
            base=_j,
            P=self.Q,
            base_case=self._view_base,
            step=self._view_step,
            domain="j ≥ 1 integer; the chain's definitions",
        )

    # ------------------------------------------------------------ the product, by induction

    def _product_base(self, goal: sp.Basic) -> Derivation:
        j, w, b, a = _j, _w_i, _b_i, _a_of
        return Derivation(
            title="base case L = j: ∂a_j/∂b_j = σ′(z_j)",
            assumptions="a_{j−1} does not depend on b_j (it is computed before layer j)",
            steps=(
                Step(goal.lhs, "the goal P(j): ∂a_j/∂b_j, at β = b_j"),
                Step(
                    self.grad(self.act(w(j) * a(j - 1) + _beta), j),
                    "a(j, j, β) = σ(w_j a_{j−1} + β): z_j with b_j = β",
                    check=by(self.view_start),
                    source="nielsen-ch5 eq. (115)",
                ),
                Step(
                    self.act_prime(w(j) * a(j - 1) + b(j)),
                    "chain rule; ∂(w_j a_{j−1} + β)/∂β = 1; σ′ = dσ/dz",
                    check=by(*self.act_facts),
                    source="nielsen-ch5 eq. (116)",
                ),
                Step(
                    goal.rhs,
                    "z_j = w_j a_{j−1} + b_j; the empty product ∏_{k=j+1}^{j} is 1",
                    check=by(self.pre),
                ),
            ),
        )

    def _product_step(
        self, view: Callable[[], Theorem]
    ) -> Callable[[sp.Basic, sp.Basic], Derivation]:
        def step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
            L, j, w, b, a = _L, _j, _w_i, _b_i, _a_of
            chain_rule = w(L + 1) * self.act_prime(w(L + 1) * a(L, j, b(j)) + b(L + 1))
            at_bias = w(L + 1) * self.act_prime(w(L + 1) * a(L) + b(L + 1))
            named = w(L + 1) * self.act_prime(_z_of(L + 1))
            d_view = self.grad(a(L, j, _beta), j)
            return Derivation(
                title=(
                    "inductive step L → L + 1: appending a neuron multiplies by w_{L+1}σ′(z_{L+1})"
                ),
                assumptions="L ≥ j (the step's hypothesis); P(L) (the inductive hypothesis)",
                hyps=(_GE,),
                steps=(
                    Step(goal.lhs, "the goal P(L + 1)"),
                    Step(
                        self.grad(self.act(w(L + 1) * a(L, j, _beta) + b(L + 1)), j),
                        "a_{L+1} = σ(z_{L+1}), z_{L+1} = w_{L+1} a_L + b_{L+1} (layer L + 1 of "
                        "the view: its recursion at m = L − j ≥ 0)",
                        check=by(instance(self.view_next, {_m: L - j}, hyps=(_GE,))),
                    ),
                    Step(
                        chain_rule * d_view,
                        "chain rule: ∂z_{L+1}/∂a_L = w_{L+1}, b_{L+1} does not depend on b_j",
                        check=by(*self.act_facts),
                        source="nielsen-ch5 eq. (117)–(119)",
                    ),
                    Step(
                        at_bias * d_view,
                        "at β = b_j the view is the chain: a(L, j, b_j) = a_L (by induction)",
                        check=by(lambda: core.modus_ponens(view(), core.assume(_GE))),
                    ),
                    Step(named * d_view, "z_{L+1} = w_{L+1} a_L + b_{L+1}", check=by(self.pre)),
                    Step(named * ih.rhs, "inductive hypothesis P(L)", check=by(ih)),
                    Step(
                        goal.rhs,
                        "∏_{k=j+1}^{L+1} = ∏_{k=j+1}^{L} · w_{L+1}σ′(z_{L+1}) (L ≥ j)",
                        check=by(core.range_split(self.prod(j + 1, L + 1), L, hyps=(_GE,))),
                    ),
                ),
            )

        return step

    def product_induction(self, view: Callable[[], Theorem]) -> Induction:
        """L ≥ j ⇒ P(L), by induction on L from j; ``view`` gives the view lemma's theorem."""
        return Induction(
            name=f"∂a_L/∂b_j = σ′(z_j) ∏_{{k=j+1}}^{{L}} w_k σ′(z_k) ({self.name})",
            var=_L,
            base=_j,
            P=self.P,
            base_case=self._product_base,
            step=self._product_step(view),
            domain="j ≥ 1 integer; w_k, b_k real; the chain's definitions",
        )

    # ------------------------------------------------------------ the cost

    def cost_derivation(
        self, goal: sp.Basic, view: Callable[[], Theorem], product: Callable[[], Theorem]
    ) -> Derivation:
        """∂C/∂b_j = ∂C/∂a_L · ∂a_L/∂b_j (chain rule), then P(L); under L ≥ j."""
        L, j, a = _L, _j, _a_of
        d_view = self.grad(a(L, j, _beta), j)
        at_view = a(L, j, _b_i(j))
        return Derivation(
            title="the cost: ∂C/∂b_j = ∂C/∂a_L · ∂a_L/∂b_j, then P(L)",
            assumptions="L ≥ j; C any differentiable function of a_L",
            hyps=(_GE,),
            steps=(
                Step(goal.lhs, "C depends on b_j only through a_L"),
                Step(
                    C_PRIME(at_view) * d_view,
                    "chain rule; C′ = dC/da",
                    check=by(COST_FACT),
                ),
                Step(
                    self.cost_prime(L) * d_view,
                    "at β = b_j the view is the chain: a(L, j, b_j) = a_L",
                    check=by(lambda: core.modus_ponens(view(), core.assume(_GE))),
                ),
                Step(
                    goal.rhs,
                    "P(L), proved by induction",
                    check=by(lambda: core.modus_ponens(product(), core.assume(_GE))),
                ),
            ),
        )

    def theorem(self, relation: sp.Basic) -> Theorem:
        """The core's theorem of ``relation`` = ``L ≥ j ⇒ ∂C/∂b_j = …`` (raises ProofError): the
        view lemma and the product by induction on L from j, then the cost's derivation under
        L ≥ j, discharged by the implies rule."""
        if not (isinstance(relation, sp.Implies) and relation.args[0] == _GE):
            raise ProofError("chain", f"not of the form L ≥ j ⇒ …: {sp.sstr(relation)[:80]}")
        goal = relation.args[1]
        view = self.view_induction().theorem()
        product = self.product_induction(lambda: view).theorem()
        cost = fits(self.cost_derivation(goal, lambda: view, lambda: product), goal)
        return core.implies(cost, _GE)


SIGMOID_CHAIN = ChainModel("sigmoid", sig.SIGMA, sig.SIGMA_PRIME, sig.DEFINITIONS)


def _fresh_view() -> Theorem:
    """The sigmoid chain's view lemma, proved afresh (for the derivations printed in the docs)."""
    return SIGMOID_CHAIN.view_induction().theorem()


def _fresh_product() -> Theorem:
    return SIGMOID_CHAIN.product_induction(_fresh_view).theorem()


# ============================================================ chain_grad_b1_depth4
# Statement: ∂C/∂b₁ = σ′(z₁) w₂ σ′(z₂) w₃ σ′(z₃) w₄ σ′(z₄) ∂C/∂a₄ for any differentiable C.

_S4 = chain_symbols(4)


def _eq122() -> sp.Expr:
    """Nielsen ch. 5 eq. (122), factor by factor, in the symbols of ``chain_symbols(4)``."""
    sp_ = sig.sigma_prime
    w, z = _S4.w, _S4.z
    return sp_(z(1)) * w[1] * sp_(z(2)) * w[2] * sp_(z(3)) * w[3] * sp_(z(4)) * _S4.dC_daL


def _depth4_relation() -> sp.Basic:
    """∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃σ′(z₃)w₄σ′(z₄)·∂C/∂a₄ in the names of chain_grad_any_depth."""
    sp_, w, z = sig.SIGMA_PRIME, _w_i, _z_of
    rhs = sp_(z(1)) * w(2) * sp_(z(2)) * w(3) * sp_(z(3)) * w(4) * sp_(z(4))
    return sp.Eq(SIGMOID_CHAIN.bias_grad(4, 1), rhs * SIGMOID_CHAIN.cost_prime(4))


def _any_depth_at(subs: dict[sp.Basic, sp.Basic]) -> Callable[[], Theorem]:
    """chain_grad_any_depth's theorem (the lemma, L ≥ j ⇒ …) instantiated at ``subs``, on first
    use; a premise the symbols' domains prove (L ≥ 1, 4 ≥ 1) discharged, another (L ≥ 3 at
    j = 3) left for the caller."""
    return lambda: discharged(instance(use(chain_grad_any_depth), subs))


def _depth4_derivation(goal: sp.Basic) -> Derivation:
    """From the goal: chain_grad_any_depth at L = 4, j = 1, then the product written out."""
    M = SIGMOID_CHAIN
    return Derivation(
        title="∂C/∂b₁ of a 4-neuron chain (Nielsen ch. 5 eq. (122))",
        assumptions="w_k, b_k, a₀ real; σ(x) = 1/(1 + e^{−x}); C any differentiable function of a₄",
        steps=(
            Step(goal.lhs, "∂C/∂b₁: (∂/∂β) C(a(4, 1, β)) at β = b₁"),
            Step(
                sig.SIGMA_PRIME(_z_of(1)) * M.prod(2, 4) * M.cost_prime(4),
                "chain_grad_any_depth at L = 4, j = 1",
                check=by(_any_depth_at({_L: sp.Integer(4), _j: sp.Integer(1)})),
            ),
            Step(
                goal.rhs,
                "write out the product over k = 2, 3, 4",
                source="nielsen-ch5 eq. (122); notes-ps5 §3.1",
            ),
        ),
        conclusion="∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃σ′(z₃) w₄σ′(z₄) ∂C/∂a₄",
    )


DEPTH4_RELATION = _depth4_relation()
DEPTH4_DERIVATION = _depth4_derivation(DEPTH4_RELATION)


def _depth4_proof(st: Statement) -> Theorem:
    """The derivation built from the statement's own sides must fit it: chain_grad_any_depth
    (a lemma) at L = 4, j = 1, and the product over k = 2..4 written out."""
    return fits(_depth4_derivation(st.relation), st.relation)


def depth4_product_is_derivative_of_composition(candidate: sp.Expr | None = None) -> Outcome:
    """SymPy's ∂/∂b₁ of C(a₄(b₁)) minus the eq. (122) product is identically 0 (C undefined).

    Independent of the formal proof: the composed chain σ(w₄σ(w₃σ(w₂σ(w₁a₀ + b₁) + b₂) + b₃) + b₄)
    is differentiated by SymPy and compared over the exponentials.
    """
    form = _eq122() if candidate is None else candidate
    direct = check_bias_gradient(form, 4, 1)
    same = is_zero_over_exponentials(form - bias_gradient_closed_form(4, 1))
    return Outcome.of(
        direct.ok and same,
        f"{direct.detail}; eq. (122) = bias_gradient_closed_form(4, 1): {same}",
    )


def depth4_matches_finite_differences() -> Outcome:
    """Product = central differences (float64 h = 1e-5; mpmath 50 digits) at 30 random chains."""
    return _fd_outcome([4], trials=30, seed=SEED)


chain_grad_b1_depth4 = register(
    Claim(
        id="chain_grad_b1_depth4",
        statement=(
            "For a chain of four sigmoid neurons and any differentiable cost C(a₄), "
            "∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃σ′(z₃) w₄σ′(z₄) ∂C/∂a₄."
        ),
        source="nielsen-ch5 eq. (114)–(122); notes-ps5 §3.1",
        evidence=(
            symbolic(depth4_product_is_derivative_of_composition),
            numeric(depth4_matches_finite_differences),
        ),
        notes=(
            "Nielsen ch. 5 reaches eq. (122) by tracking small changes Δb₁ → Δa₁ → Δz₂ → … (eq. "
            "(114)–(121), with ≈ signs); here it is chain_grad_any_depth at L = 4, j = 1, and the "
            "composed function is also differentiated exactly (evidence). The weight w₁ does not "
            "appear: b₁ enters z₁ with coefficient 1."
        ),
        derivations=(DEPTH4_DERIVATION,),
        formal=Statement(
            DEPTH4_RELATION,
            domain="w_k, b_k, a₀ real; C any differentiable cost",
            definitions=SIGMOID_CHAIN.definitions,
            axioms=SIGMOID_CHAIN.axioms,
            proof=_one_session(_depth4_proof),
            explanation=(
                "(∂/∂β) C(a(4, 1, β)) at β = b₁ is ∂C/∂b₁: a(n, j, β) is a_n with the bias b_j "
                "replaced by β; z(k) = w_k a(k − 1) + b_k, a(k) = σ(z(k)) (the definitions)"
            ),
        ),
    )
)


# ============================================================ chain_grad_any_depth
# Statement: L ≥ j ⇒ ∂C/∂b_j = σ′(z_j) ∏_{k=j+1}^{L} w_k σ′(z_k) ∂C/∂a_L (L, j ≥ 1 integers).

CHAIN_VIEW_INDUCTION = SIGMOID_CHAIN.view_induction()
CHAIN_INDUCTION = SIGMOID_CHAIN.product_induction(_fresh_view)
INDUCTION_VIEW_BASE = CHAIN_VIEW_INDUCTION.base_derivation()
INDUCTION_VIEW_STEP = CHAIN_VIEW_INDUCTION.step_derivation()
INDUCTION_BASE = CHAIN_INDUCTION.base_derivation()
INDUCTION_STEP = CHAIN_INDUCTION.step_derivation()

#: The claim's formal statement; its right side is P(L)'s times ∂C/∂a_L.
CHAIN_STATEMENT_RELATION = SIGMOID_CHAIN.relation()
INDUCTION_COST = SIGMOID_CHAIN.cost_derivation(
    CHAIN_STATEMENT_RELATION.args[1], _fresh_view, _fresh_product
)
INDUCTION = (
    INDUCTION_BASE,
    INDUCTION_STEP,
    INDUCTION_VIEW_BASE,
    INDUCTION_VIEW_STEP,
    INDUCTION_COST,
)


def chain_P(n: sp.Expr) -> sp.Basic:
    """P(n): ∂a_n/∂b_j = σ′(z_j) ∏_{k=j+1}^{n} w_k σ′(z_k) — the one statement of the induction."""
    return SIGMOID_CHAIN.P(n)


def _chain_statement_proof(st: Statement) -> Theorem:
    return SIGMOID_CHAIN.theorem(st.relation)


def _x_dummy_lambda() -> sp.Lambda:
    x = sp.Symbol("x", real=True)
    return sp.Lambda(x, sig.sigma_prime(x))


def _instantiate(expr: sp.Expr, L: int, j: int) -> sp.Expr:
    """The formal product form at concrete L and j, in the symbols of :func:`chain_symbols`."""
    s = chain_symbols(L)
    e = expr.xreplace({_j: sp.Integer(j), _L: sp.Integer(L)}).doit()
    e = e.replace(
        lambda x: isinstance(x, sp.Function) and x.func == _w_i, lambda x: s.w[int(x.args[0]) - 1]
    )
    e = e.replace(
        lambda x: isinstance(x, sp.Function) and x.func == _z_of, lambda x: s.z(int(x.args[0]))
    )
    return e.replace(sig.SIGMA_PRIME, _x_dummy_lambda())


def closed_form_helper_is_the_proved_product() -> Outcome:
    """bias_gradient_closed_form(L, j) (what other modules and the exported formulas use) is the
    formal statement's right side at L = 1..5, every j ≤ L (z_k written out, σ′ = σ(1 − σ))."""
    rhs = SIGMOID_CHAIN.P(_L).rhs
    bad = [
        (L, j)
        for L in range(1, 6)
        for j in range(1, L + 1)
        if not is_zero_over_exponentials(
            _instantiate(rhs, L, j) * chain_symbols(L).dC_daL - bias_gradient_closed_form(L, j)
        )
    ]
    return Outcome.of(
        not bad,
        "bias_gradient_closed_form(L, j) = σ′(z_j)∏_{k=j+1}^{L} w_kσ′(z_k)·∂C/∂a_L (the formal "
        "statement's product) for L = 1..5: " + ("all 15 pairs" if not bad else f"NOT for {bad}"),
    )


def product_form_by_direct_expansion_up_to_depth_8() -> Outcome:
    """For L = 1..8 and every j ≤ L: SymPy's ∂C(a_L)/∂b_j − closed form ≡ 0 (36 identities)."""
    return check_closed_form_at_depths(range(1, 9))


def _deep_chain(L: int = 30, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, float]:
    """A chain whose every neuron is saturated: |b_k| in [25, 35], weights N(0, 1), a0 = 0.5."""
    rng = np.random.default_rng(seed)
    b = rng.uniform(25.0, 35.0, L) * rng.choice([-1.0, 1.0], L)
    return rng.normal(0.0, 1.0, L), b, 0.5


def deep_chain_report(L: int = 30) -> dict[str, float]:
    """log10|∂C/∂b₁| of a saturated depth-L chain three ways (quadratic cost, y = 0.3).

    Keys: ``naive`` (the float64 product, which underflows), ``log10_float64`` (the product summed
    in log space), ``log10_mp_product`` and ``log10_mp_fd`` (mpmath: the product, and a central
    difference h = 1e−30 at enough digits to resolve it), ``float64_fd`` (a float64 central
    difference, which sees no change at all).
    """
    w, b, a0 = _deep_chain(L)
    aL = float(cn.forward(w, b, a0)[1][-1])
    dC = aL - 0.3
    naive = float(cn.bias_gradients(w, b, a0, dC)[0])
    _signs, lns = cn.log_bias_gradients(w, b, a0, dC)
    logs = lns / math.log(10.0)
    digits = int(-logs[0]) + 80
    with mpmath.workdps(digits):
        wm = [mpmath.mpf(float(x)) for x in w]
        bm = [mpmath.mpf(float(x)) for x in b]
        a_mp = cn.mp_forward(wm, bm, mpmath.mpf(a0))[1][-1]
        g_mp = cn.mp_bias_gradients(wm, bm, mpmath.mpf(a0), a_mp - mpmath.mpf("0.3"))[0]
        fd_mp = cn.mp_central_difference(
            lambda a: (a - mpmath.mpf("0.3")) ** 2 / 2, wm, bm, a0, 1, mpmath.mpf("1e-30")
        )
        out = {
            "naive": naive,
            "log10_float64": float(logs[0]),
            "log10_mp_product": float(mpmath.log10(abs(g_mp))),
            "log10_mp_fd": float(mpmath.log10(abs(fd_mp))),
            "rel_gap_mp": float(abs(fd_mp - g_mp) / abs(g_mp)),
            "digits": float(digits),
        }
    out["float64_fd"] = cn.central_difference(lambda a: (a - 0.3) ** 2 / 2, w, b, a0, 1)
    return out


def product_matches_finite_differences_at_many_depths() -> Outcome:
    """Product = central differences (float64, mpmath) for L ∈ {1, 2, 3, 5, 8, 13}, every j."""
    return _fd_outcome([1, 2, 3, 5, 8, 13], trials=6, seed=SEED + 1)


def deep_chain_underflows_in_float64_but_agrees_in_log_space() -> Outcome:
    """L = 30 saturated chain: naive float64 → 0, log-space product = mpmath product = mpmath FD."""
    r = deep_chain_report(30)
    ok = (
        r["naive"] == 0.0
        and r["float64_fd"] == 0.0
        and abs(r["log10_float64"] - r["log10_mp_product"]) < 1e-9
        and r["rel_gap_mp"] < 1e-40
        and r["log10_float64"] < -308
    )
    return Outcome.of(
        ok,
        f"log10|∂C/∂b₁|: float64 log-space {r['log10_float64']:.10f}, mpmath product "
        f"{r['log10_mp_product']:.10f}, mpmath central difference {r['log10_mp_fd']:.10f} "
        f"(relative gap {r['rel_gap_mp']:.1e} at {int(r['digits'])} digits); naive float64 "
        f"product = {r['naive']!r}, float64 central difference = {r['float64_fd']!r} (underflow)",
    )


chain_grad_any_depth = register(
    Claim(
        id="chain_grad_any_depth",
        statement=(
            "For a chain of L ≥ 1 sigmoid neurons, any 1 ≤ j ≤ L and any differentiable cost C, "
            "∂C/∂b_j = σ′(z_j) ∏_{k=j+1}^{L} w_k σ′(z_k) · ∂C/∂a_L."
        ),
        source="nielsen-ch5 eq. (121)–(122), generalised; notes-ps5 §3.1; vanishing-exploding",
        evidence=(
            symbolic(closed_form_helper_is_the_proved_product),
            symbolic(product_form_by_direct_expansion_up_to_depth_8),
            numeric(product_matches_finite_differences_at_many_depths),
            numeric(deep_chain_underflows_in_float64_but_agrees_in_log_space),
        ),
        notes=(
            "Nielsen ch. 5 writes the product for L = 4 and says ∂C/∂b₃ 'follows the same pattern' "
            "without deriving it; the induction proves the pattern for every L and j. The "
            "formal statement rests on the chain's equations, declared as definitions: "
            "a(n + 1) = σ(w_{n+1}a(n) + b_{n+1}), z(k) = w_k a(k − 1) + b_k, and the chain with "
            "b_j replaced by β, a(n, j, β), in which a_{j−1} = a(j − 1) does not depend on β; "
            "∂C/∂b_j is (∂/∂β)C(a(L, j, β)) at β = b_j, and the product ∏_{k=j+1}^{L} needs "
            "L ≥ j, which is the statement's premise. In a deep "
            "saturated chain the product drops below the float64 range (10^−308): evaluate it "
            "as a sum of logarithms (gradproof.chain_bias_gradients_log)."
        ),
        derivations=INDUCTION,
        formal=Statement(
            CHAIN_STATEMENT_RELATION,
            domain="L, j ≥ 1 integers; w_k, b_k, a₀ real; C any differentiable cost",
            definitions=SIGMOID_CHAIN.definitions,
            axioms=SIGMOID_CHAIN.axioms,
            proof=_chain_statement_proof,
            explanation=(
                "a(n, j, β) is a_n with the bias b_j replaced by β, so (∂/∂β) C(a(L, j, β)) at "
                "β = b_j is ∂C/∂b_j; z(k) = w_k a(k − 1) + b_k. Proved by induction on L from j "
                "(the base L = j, the step L → L + 1) of P(L): " + text(chain_P(_L))
            ),
        ),
    )
)


# ============================================================ grad_b1_via_b3
# Statement: L ≥ 3 ⇒ ∂C/∂b₁ = σ′(z₁) w₂ σ′(z₂) w₃ · ∂C/∂b₃ exactly; hence L ≥ 3, |w₂|, |w₃| < 1 and
# ∂C/∂b₃ ≠ 0 ⇒ |∂C/∂b₁| < |∂C/∂b₃|/16 (both gradients vanish together when ∂C/∂b₃ = 0).

_GE3 = sp.Ge(_L, 3)


def _grad(j: int) -> sp.Expr:
    """∂C/∂b_j of the L-chain, written as in chain_grad_any_depth."""
    return SIGMOID_CHAIN.bias_grad(_L, sp.Integer(j))


def _weighted_part(kind: type) -> Theorem:
    """The part of weighted_sigmoid_prime_bound of type ``kind`` (Le: |wσ′(z)| ≤ |w|/4;
    Implies: |w| < 1 ⇒ |wσ′(z)| < 1/4)."""
    return lemma_part(sig.weighted_sigmoid_prime_bound, kind, lambda r: not isinstance(r, sp.Eq))


def _sigma_prime_at_most_a_quarter(zk: sp.Expr) -> Callable[[], Theorem]:
    """|σ′(z_k)| ≤ 1/4: weighted_sigmoid_prime_bound's |wσ′(z)| ≤ |w|/4 at w = 1, z = z_k."""
    return lambda: instance(_weighted_part(sp.Le), {sig.w: sp.Integer(1), sig.z: zk})


def _via_b3_identity(goal: sp.Basic) -> Derivation:
    M, sp_, w, z = SIGMOID_CHAIN, sig.SIGMA_PRIME, _w_i, _z_of
    head = sp_(z(1)) * w(2) * sp_(z(2)) * w(3)
    return Derivation(
        title="∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃ · ∂C/∂b₃ for every depth L ≥ 3",
        assumptions="L ≥ 3 integer; claim chain_grad_any_depth at j = 1 and j = 3",
        hyps=(_GE3,),
        steps=(
            Step(goal.lhs, "∂C/∂b₁"),
            Step(
                sp_(z(1)) * M.prod(2, _L) * M.cost_prime(_L),
                "chain_grad_any_depth with j = 1",
                check=by(_any_depth_at({_j: sp.Integer(1)})),
            ),
            Step(
                sp_(z(1)) * M.prod(2, 3) * M.prod(4, _L) * M.cost_prime(_L),
                "split the range 2..L into 2..3 and 4..L (L ≥ 3)",
                check=by(lambda: core.range_split(M.prod(2, _L), 3, hyps=(_GE3,))),
            ),
            Step(
                head * sp_(z(3)) * M.prod(4, _L) * M.cost_prime(_L),
                "write out the two factors",
            ),
            Step(
                goal.rhs,
                "σ′(z₃) ∏_{k=4}^{L} w_k σ′(z_k) · ∂C/∂a_L = ∂C/∂b₃ (chain_grad_any_depth with "
                "j = 3, L ≥ 3)",
                check=by(
                    lambda: core.modus_ponens(
                        _any_depth_at({_j: sp.Integer(3)})(), core.assume(_GE3)
                    )
                ),
            ),
        ),
        conclusion="∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃ · ∂C/∂b₃",
    )


def _premise_about(premises: sp.Basic, subject: sp.Basic, kind: type = sp.Basic) -> sp.Basic:
    """The statement's premise (of type ``kind``) whose left side is ``subject``: each link uses
    the statement's own premise, so a changed or dropped premise fails the link."""
    parts = premises.args if isinstance(premises, sp.And) else (premises,)
    found = [p for p in parts if isinstance(p, kind) and getattr(p, "lhs", None) == subject]
    if len(found) != 1:
        raise ProofError("grad_b1_via_b3", f"no single premise about {sp.sstr(subject)}")
    return found[0]


def _via_b3_bound(
    goal: sp.Basic, premises: sp.Basic, identity: Callable[[], Theorem]
) -> Derivation:
    """Each link uses only the premise it needs (so the sign search stays small); every premise
    used stays a hypothesis of the theorem until the statement's implication discharges it."""
    sp_, w, z = sig.SIGMA_PRIME, _w_i, _z_of
    g3 = sp.Abs(_grad(3))
    weighted2 = sp.Abs(w(2) * sp_(z(2)))

    def weighted_below_a_quarter() -> Theorem:
        return core.modus_ponens(
            instance(_weighted_part(sp.Implies), {sig.w: w(2), sig.z: z(2)}),
            core.assume(_premise_about(premises, sp.Abs(w(2)))),
        )

    def nonzero() -> Theorem:  # |∂C/∂b₃| > 0: SymPy alone does not know a modulus is finite
        return core.assume(_premise_about(premises, _grad(3), sp.Ne))

    return Derivation(
        title="|∂C/∂b₁| < |∂C/∂b₃|/16 when |w₂|, |w₃| < 1 and ∂C/∂b₃ ≠ 0",
        assumptions=(
            "L ≥ 3, |w₂| < 1, |w₃| < 1, ∂C/∂b₃ ≠ 0 (the premises); |σ′| ≤ 1/4 and |w₂| < 1 ⇒ "
            "|w₂σ′(z₂)| < 1/4 (claim weighted_sigmoid_prime_bound)"
        ),
        steps=(
            Step(goal.lhs, "|∂C/∂b₁|"),
            Step(
                sp.Abs(sp_(z(1))) * weighted2 * sp.Abs(w(3)) * g3,
                "the modulus of the identity (L ≥ 3): |xy| = |x||y|",
                check=by(identity),
            ),
            Step(
                weighted2 * sp.Abs(w(3)) * g3 / 4,
                "|σ′(z₁)| ≤ 1/4 (the weighted σ′ bound at w = 1); |∂C/∂b₃| > 0",
                "<=",
                check=by(_sigma_prime_at_most_a_quarter(z(1)), nonzero),
            ),
            Step(
                weighted2 * g3 / 4,
                "|w₃| < 1; |∂C/∂b₃| > 0",
                "<=",
                check=by(lambda: core.assume(_premise_about(premises, sp.Abs(w(3)))), nonzero),
            ),
            Step(
                goal.rhs,
                "|w₂σ′(z₂)| < 1/4 (the weighted σ′ bound, |w₂| < 1) and |∂C/∂b₃| > 0",
                "<",
                check=by(weighted_below_a_quarter, nonzero),
            ),
        ),
        conclusion="|∂C/∂b₁| < |∂C/∂b₃|/16 — strictly more than a factor of 16",
    )


def _via_b3_relation(factor: int = 16) -> sp.Basic:
    sp_, w, z = sig.SIGMA_PRIME, _w_i, _z_of
    premises = sp.And(_GE3, sp.Lt(sp.Abs(w(2)), 1), sp.Lt(sp.Abs(w(3)), 1), sp.Ne(_grad(3), 0))
    return sp.And(
        sp.Implies(_GE3, sp.Eq(_grad(1), sp_(z(1)) * w(2) * sp_(z(2)) * w(3) * _grad(3))),
        sp.Implies(premises, sp.Lt(sp.Abs(_grad(1)), sp.Abs(_grad(3)) / factor)),
    )


VIA_B3_RELATION = _via_b3_relation()
_identity_part = next(p for p in VIA_B3_RELATION.args if p.args[0] == _GE3)
VIA_B3_IDENTITY = _via_b3_identity(_identity_part.args[1])


def _via_b3_identity_theorem() -> Theorem:
    return fits(VIA_B3_IDENTITY, _identity_part.args[1])


_bound_part = next(p for p in VIA_B3_RELATION.args if p.args[0] != _GE3)
VIA_B3_BOUND = _via_b3_bound(_bound_part.args[1], _bound_part.args[0], _via_b3_identity_theorem)


def _via_b3_proof(st: Statement) -> Theorem:
    """Identity: from chain_grad_any_depth (a lemma) at j = 1 and j = 3, the product split at
    3|4, under L ≥ 3. Bound: its modulus with the sigmoid bounds, under the premises. Each
    derivation is built from the statement's own part, so a changed factor or premise fails."""
    done: dict[sp.Basic, Theorem] = {}
    identity_part = st.part(sp.Implies, lambda p: p.args[0] == _GE3)
    eq = identity_part.args[1]
    identity = fits(_via_b3_identity(eq), eq)
    done[identity_part] = core.implies(identity, _GE3)
    bound_part = st.part(sp.Implies, lambda p: p.args[0] != _GE3)
    premises, bound = bound_part.args
    thm = fits(_via_b3_bound(bound, premises, lambda: identity), bound)
    done[bound_part] = core.implies(thm, premises)
    return core.conj(*(done[p] for p in st.parts()))


def b1_via_b3_by_direct_differentiation() -> Outcome:
    """The identity by differentiating the composed chain (L = 3..6), no closed form used."""
    direct: list[int] = []
    for L in range(3, 7):
        s = chain_symbols(L)
        ratio = sig.sigma_prime(s.z(1)) * s.w[1] * sig.sigma_prime(s.z(2)) * s.w[2]
        gap = cost_derivative_of_composition(L, 1) - ratio * cost_derivative_of_composition(L, 3)
        if is_zero_over_exponentials(gap):
            direct.append(L)
    return Outcome.of(
        direct == [3, 4, 5, 6],
        f"∂C/∂b₁ − σ′(z₁)w₂σ′(z₂)w₃·∂C/∂b₃ ≡ 0 by direct differentiation (no closed form used) "
        f"for L = {direct}",
    )


def _mp_gradient_fd(
    w: Sequence[float], b: Sequence[float], a0: float, j: int, y: float
) -> tuple[Any, Any, int]:
    """(∂C/∂b_j by an mpmath central difference, C′(a_L), digits) for C = (a_L − y)²/2.

    The precision is 80 digits beyond the size of the gradient (estimated in float64 log space, so
    that tiny gradients are still resolved); h = 10^−35 keeps the O(h²) truncation below 10^−60.
    The value itself comes only from running the chain forwards.
    """
    aL = float(cn.forward(w, b, a0)[1][-1])
    logs = cn.log_bias_gradients(w, b, a0, 1.0)[1] / math.log(10.0)
    size = float(logs[j - 1]) if math.isfinite(float(logs[j - 1])) else 0.0
    digits = 120 + max(0, int(-size)) + max(0, int(-math.log10(abs(aL - y) + 1e-300)))
    with mpmath.workdps(digits):
        ym = mpmath.mpf(y)
        fd = cn.mp_central_difference(
            lambda a: (a - ym) ** 2 / 2, list(w), list(b), a0, j, mpmath.mpf("1e-35")
        )
        a_mp = cn.mp_forward(list(w), list(b), a0)[1][-1]
        return fd, a_mp - ym, digits


def b1_via_b3_holds_for_random_chains() -> Outcome:
    """Property: ∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃·∂C/∂b₃ and, for |w₂|,|w₃| < 1, |∂C/∂b₁| < |∂C/∂b₃|/16.

    Both gradients are mpmath central differences (≥ 120 digits) (independent of the product form);
    L ∈ 3..8, w₂, w₃ ∈ (−1, 1), other weights and biases in [−8, 8], a₀ ∈ [−2, 2], quadratic cost.
    """
    from hypothesis import assume, given
    from hypothesis import strategies as st

    small = st.floats(-1.0, 1.0, exclude_min=True, exclude_max=True)
    big = st.floats(-8.0, 8.0)

    @given(
        L=st.integers(3, 8),
        w23=st.tuples(small, small),
        rest=st.lists(big, min_size=6, max_size=6),
        b=st.lists(big, min_size=8, max_size=8),
        a0=st.floats(-2.0, 2.0),
        y=st.floats(-1.0, 2.0),
    )
    def check(
        L: int, w23: tuple[float, float], rest: list[float], b: list[float], a0: float, y: float
    ) -> None:
        w = [rest[0], w23[0], w23[1], *rest[1 : L - 2]]
        bb = b[:L]
        g1, _, d1 = _mp_gradient_fd(w, bb, a0, 1, y)
        g3, _, d3 = _mp_gradient_fd(w, bb, a0, 3, y)
        assume(g3 != 0)
        with mpmath.workdps(max(d1, d3)):
            z = cn.mp_forward(w, bb, a0)[0]
            sp1 = 1 / (1 + mpmath.exp(-z[0])) * (1 - 1 / (1 + mpmath.exp(-z[0])))
            sp2 = 1 / (1 + mpmath.exp(-z[1])) * (1 - 1 / (1 + mpmath.exp(-z[1])))
            ratio = sp1 * w[1] * sp2 * w[2]
            assert abs(g1 - ratio * g3) <= mpmath.mpf(10) ** -50 * abs(g3), (g1, ratio * g3)
            assert abs(g1) < abs(g3) / 16, f"|∂C/∂b₁| = {g1} not < |∂C/∂b₃|/16 = {abs(g3) / 16}"

    return run_property(check, "∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃ ∂C/∂b₃ and |∂C/∂b₁| < |∂C/∂b₃|/16")


grad_b1_via_b3 = register(
    Claim(
        id="grad_b1_via_b3",
        statement=(
            "In a chain of L ≥ 3 sigmoid neurons, ∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃ · ∂C/∂b₃ exactly; "
            "hence if |w₂| < 1 and |w₃| < 1 then |∂C/∂b₁| < |∂C/∂b₃|/16 whenever ∂C/∂b₃ ≠ 0."
        ),
        source="nielsen-ch5 after eq. (122) (∂C/∂b₁ against ∂C/∂b₃); notes-ps5 §3.1",
        evidence=(
            symbolic(b1_via_b3_by_direct_differentiation),
            prop(b1_via_b3_holds_for_random_chains),
        ),
        notes=(
            "The text's 'a factor of 16 (or more) smaller' is an inequality, not an identity, and "
            "it needs |w₂| < 1 and |w₃| < 1 (the text only says weights 'usually' satisfy this; "
            "for w ~ N(0, 1) both hold with probability erf(1/√2)² ≈ 0.47, claim "
            "gaussian_weight_usually_small). Under those conditions it is strict — more than 16 — "
            "unless ∂C/∂b₃ = 0, when both gradients vanish: the premise ∂C/∂b₃ ≠ 0 is part of "
            "the formal statement (for a constant cost the strict bound is false). The extra "
            "factor is σ′(z₁)·w₂σ′(z₂)·w₃, i.e. (w₂σ′(z₂))·(w₃σ′(z₁)): the lecture notes' "
            "overbraces put the second σ′ on z₃, but ∂C/∂b₃ already carries σ′(z₃). With |w₂| or "
            "|w₃| ≥ 1 the factor can be smaller than 16 (see claims gain_* and exploding_example)."
        ),
        derivations=(VIA_B3_IDENTITY, VIA_B3_BOUND),
        uses=(chain_grad_any_depth, sig.weighted_sigmoid_prime_bound),
        formal=Statement(
            VIA_B3_RELATION,
            domain="L ≥ 1 integer (L ≥ 3 is a premise of each part); w_k, b_k, a₀ real; C any "
            "differentiable cost",
            definitions=SIGMOID_CHAIN.definitions,
            axioms=SIGMOID_CHAIN.axioms,
            proof=_one_session(_via_b3_proof),
            explanation=(
                "∂C/∂b_j written (∂/∂β) C(a(L, j, β)) at β = b_j, as in chain_grad_any_depth; "
                "z(k) = w_k a(k − 1) + b_k"
            ),
        ),
    )
)


# ============================================================ depth_shrink_bound
# Statement: |∂C/∂b₁| ≤ 4^{−L} ∏_{k=2}^{L}|w_k| · |∂C/∂a_L| for every L ≥ 1; hence with
# ∏_{k=2}^{L}|w_k| ≤ 1 (in particular with every |w_k| ≤ 1), |∂C/∂b₁| ≤ 4^{−L}|∂C/∂a_L|; sharp.


def _pi(n: sp.Expr) -> sp.Expr:
    """Π_n = ∂a_n/∂b₁ = σ′(z₁) ∏_{k=2}^{n} w_k σ′(z_k): chain_grad_any_depth's product, j = 1."""
    return sig.SIGMA_PRIME(_z_of(1)) * SIGMOID_CHAIN.prod(2, n)


def _weights(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """∏_{k=lo}^{hi} |w_k|: the weights the bound uses."""
    return sp.Product(sp.Abs(_w_i(_k)), (_k, lo, hi))


def shrink_P(n: sp.Expr) -> sp.Basic:
    """P(n): |Π_n| ≤ 4^(−n) ∏_{k=2}^{n}|w_k| — the one statement of the induction."""
    return sp.Le(sp.Abs(_pi(n)), sp.Integer(4) ** (-n) * _weights(2, n))


def _shrink_base(goal: sp.Basic) -> Derivation:
    # every row keeps the (empty) product of the weights: both sides of each link name the same
    # functions w, z, σ′ (the sanity net evaluates each link with one test function per name)
    empty_weights = _weights(2, 1)
    return Derivation(
        title="base case L = 1: |Π₁| = |σ′(z₁)| ≤ 1/4",
        assumptions="weighted_sigmoid_prime_bound at w = 1: |σ′(z)| ≤ 1/4",
        steps=(
            Step(goal.lhs, "the goal P(1)"),
            Step(
                sp.Abs(sig.SIGMA_PRIME(_z_of(1))) * empty_weights,
                "the empty products ∏_{k=2}^{1} are 1",
            ),
            Step(
                goal.rhs,
                "|σ′(z)| ≤ 1/4 (weighted_sigmoid_prime_bound at w = 1)",
                "<=",
                check=by(_sigma_prime_at_most_a_quarter(_z_of(1))),
            ),
        ),
    )


def _shrink_step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
    L, w = _L, _w_i
    wn, zn = w(L + 1), _z_of(L + 1)
    factor = sp.Abs(wn * sig.SIGMA_PRIME(zn))

    def weighted_at_next() -> Theorem:
        return instance(_weighted_part(sp.Le), {sig.w: wn, sig.z: zn})

    return Derivation(
        title="inductive step: |Π_{L+1}| ≤ 4^{−(L+1)}∏_{k=2}^{L+1}|w_k| from P(L)",
        assumptions="P(L) (the inductive hypothesis); the lemma |wσ′(z)| ≤ |w|/4",
        steps=(
            Step(goal.lhs, "the goal P(L + 1)"),
            Step(
                sp.Abs(_pi(L) * wn * sig.SIGMA_PRIME(zn)),
                "∏_{k=2}^{L+1} = ∏_{k=2}^{L} · w_{L+1}σ′(z_{L+1})",
                check=by(core.range_split(SIGMOID_CHAIN.prod(2, L + 1), L)),
            ),
            Step(ih.lhs * factor, "|xy| = |x||y|"),
            Step(
                ih.lhs * sp.Abs(wn) / 4,
                "|wσ′(z)| ≤ |w|/4 (weighted_sigmoid_prime_bound)",
                "<=",
                check=by(weighted_at_next),
            ),
            Step(ih.rhs * sp.Abs(wn) / 4, "inductive hypothesis P(L)", "<=", check=by(ih)),
            Step(
                goal.rhs,
                "4^(−L)/4 = 4^(−(L+1)); ∏_{k=2}^{L}|w_k| · |w_{L+1}| = ∏_{k=2}^{L+1}|w_k|",
                check=by(core.range_split(_weights(2, L + 1), L)),
            ),
        ),
    )


def shrink_induction() -> Induction:
    """∀ L ≥ 1: |Π_L| ≤ 4^(−L) ∏_{k=2}^{L}|w_k|, by induction (no hypothesis on the weights)."""
    return Induction(
        name="|Π_L| ≤ 4^(−L) ∏_{k=2}^{L}|w_k|",
        var=_L,
        base=1,
        P=shrink_P,
        base_case=_shrink_base,
        step=_shrink_step,
        domain="w_k real; z_k real",
    )


def _attained(n: sp.Expr) -> sp.Expr:
    """Π_n at w_k = 1 and every z_k = 0."""
    return (
        _pi(n)
        .replace(lambda e: isinstance(e, sp.Function) and e.func == _w_i, lambda e: sp.Integer(1))
        .replace(lambda e: isinstance(e, sp.Function) and e.func == _z_of, lambda e: sp.Integer(0))
    )


def _shrink_relation() -> sp.Basic:
    grad, cost = sp.Abs(SIGMOID_CHAIN.bias_grad(_L, 1)), sp.Abs(SIGMOID_CHAIN.cost_prime(_L))
    quarter_L = sp.Integer(4) ** (-_L)
    return sp.And(
        sp.Le(grad, quarter_L * _weights(2, _L) * cost),
        sp.Implies(sp.Le(_weights(2, _L), 1), sp.Le(grad, quarter_L * cost)),
        sp.Eq(_attained(_L), quarter_L),
    )


def _shrink_claim_derivation(goal: sp.Basic, shrink: Callable[[], Theorem]) -> Derivation:
    return Derivation(
        title="|∂C/∂b₁| ≤ 4^{−L} ∏_{k=2}^{L}|w_k| · |∂C/∂a_L|",
        assumptions="claim chain_grad_any_depth at j = 1; the induction P(L)",
        steps=(
            Step(goal.lhs, "|∂C/∂b₁|"),
            Step(
                sp.Abs(_pi(_L)) * sp.Abs(SIGMOID_CHAIN.cost_prime(_L)),
                "∂C/∂b₁ = Π_L · ∂C/∂a_L (chain_grad_any_depth at j = 1); |xy| = |x||y|",
                check=by(_any_depth_at({_j: sp.Integer(1)})),
            ),
            Step(
                goal.rhs, "|Π_L| ≤ 4^{−L}∏_{k=2}^{L}|w_k| (the induction)", "<=", check=by(shrink)
            ),
        ),
    )


def _shrink_statement_proof(st: Statement) -> Theorem:
    """The bound from the induction (no hypothesis on the weights) and chain_grad_any_depth; the
    prose's form under ∏|w_k| ≤ 1; the sharpness by the definitions of σ, σ′."""
    pi_bound = shrink_induction().theorem()
    bound_part = st.part(sp.Le)
    bound = fits(_shrink_claim_derivation(bound_part, lambda: pi_bound), bound_part)
    implication = st.part(sp.Implies)
    hyp, goal = implication.args
    under = Derivation(
        title="with ∏_{k=2}^{L}|w_k| ≤ 1",
        hyps=(hyp,),
        steps=(
            Step(goal.lhs, "|∂C/∂b₁|"),
            Step(bound_part.rhs, "the bound above", "<=", check=by(bound)),
            Step(goal.rhs, "∏_{k=2}^{L}|w_k| ≤ 1", "<="),
        ),
    )
    weights_small = core.implies(fits(under, goal), hyp)
    sharp = st.part(sp.Eq)
    attained = core.identity(sharp.lhs, sharp.rhs, using=SIGMA_FACTS)
    done = {bound_part: bound, implication: weights_small, sharp: attained}
    return core.conj(*(done[p] for p in st.parts()))


SHRINK_INDUCTION = shrink_induction()
SHRINK_BASE = SHRINK_INDUCTION.base_derivation()
SHRINK_STEP = SHRINK_INDUCTION.step_derivation()
SHRINK_RELATION = _shrink_relation()
SHRINK_CLAIM = _shrink_claim_derivation(
    next(p for p in SHRINK_RELATION.args if isinstance(p, sp.Le)),
    lambda: shrink_induction().theorem(),
)


def shrink_bound_is_sharp_in_concrete_chains() -> Outcome:
    """Equality in the concrete chain w_k = 1, b₁ = −a₀, b_k = −1/2 (every z_k = 0), L = 1..6:
    SymPy's derivative of the composed chain is 4^(−L)·∂C/∂a_L exactly."""
    sharp: list[int] = []
    for L in range(1, 7):
        s = chain_symbols(L)
        at = {s.b[0]: -s.a0, **{s.w[k]: 1 for k in range(L)}}
        at.update({s.b[k]: -sp.Rational(1, 2) for k in range(1, L)})
        value = sp.simplify(cost_derivative_of_composition(L, 1).subs(at))
        if sp.simplify(value - sp.Integer(4) ** -L * s.dC_daL) == 0:
            sharp.append(L)
    return Outcome.of(
        sharp == list(range(1, 7)),
        "∂C/∂b₁ of the composed chain = 4^(−L)·∂C/∂a_L with w_k = 1 and every z_k = 0 for "
        f"L = {sharp}: the factor 4 per layer cannot be improved",
    )


def shrink_bound_holds_for_random_chains() -> Outcome:
    """Property: |∂C/∂b₁| ≤ 4^{−L}|∂C/∂a_L| for L ∈ 1..8, |w_k| ≤ 1 (k ≥ 2), any w₁, b, a₀.

    ∂C/∂b₁ is an mpmath central difference (≥ 120 digits, independent of the product form), w₁
    and the biases in [−8, 8], a₀ ∈ [−2, 2], quadratic cost. Slack 1e−60 relative covers the
    O(h²) error when the bound is attained (every z_k = 0, |w_k| = 1).
    """
    from hypothesis import given
    from hypothesis import strategies as st

    @given(
        L=st.integers(1, 8),
        w1=st.floats(-8.0, 8.0),
        w=st.lists(st.floats(-1.0, 1.0), min_size=7, max_size=7),
        b=st.lists(st.floats(-8.0, 8.0), min_size=8, max_size=8),
        a0=st.floats(-2.0, 2.0),
        y=st.floats(-1.0, 2.0),
    )
    def check(L: int, w1: float, w: list[float], b: list[float], a0: float, y: float) -> None:
        ws = [w1, *w[: L - 1]]
        g1, dC, digits = _mp_gradient_fd(ws, b[:L], a0, 1, y)
        with mpmath.workdps(digits):
            bound = abs(dC) / mpmath.mpf(4) ** L
            assert abs(g1) <= bound * (1 + mpmath.mpf(10) ** -60) + mpmath.mpf(10) ** -80, (
                f"|∂C/∂b₁| = {mpmath.nstr(abs(g1), 8)} > 4^-{L}|∂C/∂a_L| = {mpmath.nstr(bound, 8)}"
            )

    return run_property(check, "|∂C/∂b₁| ≤ 4^(−L)|∂C/∂a_L| when |w_k| ≤ 1 for k ≥ 2")


depth_shrink_bound = register(
    Claim(
        id="depth_shrink_bound",
        statement=(
            "In a chain of L sigmoid neurons with |w_k| ≤ 1 for k = 2..L, "
            "|∂C/∂b₁| ≤ 4^{−L} |∂C/∂a_L|: each layer shrinks the gradient by a factor of at "
            "least 4."
        ),
        source="vanishing-exploding on 'each layer shrinks the derivative by at least 4'; "
        "nielsen-ch5 eq. (122)",
        evidence=(
            symbolic(shrink_bound_is_sharp_in_concrete_chains),
            prop(shrink_bound_holds_for_random_chains),
        ),
        notes=(
            "The article “Vanishing and Exploding Gradients” argues with σ′ ≤ 1/4 alone and then "
            "brings in the weights; the factor 4 per layer needs the weights. The formal "
            "statement proves the general form |∂C/∂b₁| ≤ 4^{−L}∏_{k=2}^{L}|w_k|·|∂C/∂a_L| "
            "for every L, with no hypothesis, and the text's form under ∏_{k=2}^{L}|w_k| ≤ 1, "
            "which every |w_k| ≤ 1 (k = 2..L) gives: a hypothesis '|w_k| ≤ 1' with a free k "
            "would read 'for every integer k', not 'for the weights of this chain'. Only "
            "w₂..w_L matter: w₁ does not enter ∂C/∂b₁. The bound is sharp (equality when every "
            "z_k = 0 and |w_k| = 1), so 'at least 4' cannot be improved."
        ),
        derivations=(SHRINK_BASE, SHRINK_STEP, SHRINK_CLAIM),
        uses=(chain_grad_any_depth, sig.weighted_sigmoid_prime_bound),
        formal=Statement(
            SHRINK_RELATION,
            domain="L ≥ 1 integer; w_k, b_k, a₀ real; C any differentiable cost",
            definitions=SIGMOID_CHAIN.definitions,
            axioms=SIGMOID_CHAIN.axioms,
            proof=_one_session(_shrink_statement_proof),
            explanation=(
                "∂C/∂b₁ written (∂/∂β) C(a(L, 1, β)) at β = b₁, as in chain_grad_any_depth; "
                "the premise ∏_{k=2}^{L}|w_k| ≤ 1 holds when every |w_k| ≤ 1; the third part: "
                "σ′(z₁)∏_{k=2}^{L} w_kσ′(z_k) at w_k = 1, z_k = 0 attains the bound 4^(−L)"
            ),
        ),
    )
)


# ============================================================ exploding_example
# Statement: w_j = 100, b₁ = −100a₀, b_j = −50 (j ≥ 2) make every z_j = 0, every w_jσ′(z_j) = 25
# and ∂C/∂b₁ = (1/4)·25³·∂C/∂a₄.


def exploding_parameters(L: int) -> dict[sp.Symbol, sp.Expr]:
    """The text's choice for an L-chain: w_j = 100, b₁ = −100 a₀, b_j = −50 for j ≥ 2."""
    s = chain_symbols(L)
    at: dict[sp.Symbol, sp.Expr] = {wk: sp.Integer(100) for wk in s.w}
    at[s.b[0]] = -100 * s.a0
    at.update({bk: sp.Integer(-50) for bk in s.b[1:]})
    return at


def exploding_example_is_exact() -> Outcome:
    """With those parameters every z_j ≡ 0 (any a₀), w_jσ′(z_j) = 25 and ∂C/∂b₁ = (1/4)25³ C′."""
    s = chain_symbols(4)
    at = exploding_parameters(4)
    zeros = all(sp.simplify(s.z(k).subs(at)) == 0 for k in range(1, 5))
    factors = [sp.simplify(100 * sig.sigma_prime(s.z(k).subs(at))) for k in range(1, 5)]
    derivative = sp.simplify(cost_derivative_of_composition(4, 1).subs(at))
    exact = sp.simplify(derivative - sp.Rational(1, 4) * 25**3 * s.dC_daL) == 0
    a4 = sp.simplify(s.a(4).subs(at))
    general = sp.Product(sp.Integer(25), (_k, 2, _L)).doit() == 25 ** (_L - 1)
    ok = zeros and factors == [25] * 4 and exact and a4 == sp.Rational(1, 2) and general
    return Outcome.of(
        ok,
        f"z_1..z_4 ≡ 0 for every a₀: {zeros}; w_jσ′(z_j) = {factors}; SymPy's ∂C/∂b₁ of the "
        f"composition at these parameters = {text(derivative)} = (1/4)·25³·C′(a₄): {exact}, at "
        f"a₄ = {a4}; depth L: σ′(0)∏_{{k=2}}^{{L}} 25 = 25^(L−1)/4: {general}",
    )


def exploding_example_matches_finite_differences() -> Outcome:
    """Central differences (float64, mpmath) at the text's parameters: ∂C/∂b₁ = 3906.25·C′(1/2)."""
    w = [100.0] * 4
    gaps: list[float] = []
    for a0 in (0.0, 0.37, 1.0):
        b = [-100.0 * a0, -50.0, -50.0, -50.0]
        cost = _COSTS[0][1]  # (a − 0.3)²/2, C′(1/2) = 0.2
        expected = 25**3 / 4 * 0.2
        fd64 = cn.central_difference(cost, w, b, a0, 1, h=1e-7)
        with mpmath.workdps(90):  # b₁ = −100a₀ exactly: in float64 z₁ would be ~1e−16, not 0
            b_mp = [-100 * mpmath.mpf(a0), -50, -50, -50]
            fd_mp = cn.mp_central_difference(cost, w, b_mp, a0, 1, mpmath.mpf("1e-35"))
            exact = mpmath.mpf(25) ** 3 / 4 * (mpmath.mpf(1) / 2 - mpmath.mpf(0.3))
            gaps += [abs(fd64 - expected) / expected, float(abs(fd_mp - exact) / exact)]
    worst64, worst_mp = max(gaps[0::2]), max(gaps[1::2])
    ok = worst64 < 1e-5 and worst_mp < 1e-40
    return Outcome.of(
        ok,
        f"expected (1/4)·25³·0.2 = {25**3 / 4 * 0.2} (cost (a₄ − 0.3)²/2 at a₄ = 1/2), a₀ ∈ "
        f"{{0, 0.37, 1}}: float64 h = 1e−7 within relative {worst64:.1e}; mpmath 90 digits, "
        f"h = 1e−35, within "
        f"{worst_mp:.1e}",
    )


#: The text's parameters as premises: w_j = 100, b₁ = −100 a₀, b_j = −50 (j = 2, 3, 4).
EXPLODING_PREMISES: tuple[sp.Basic, ...] = (
    *(sp.Eq(_w_i(k), 100) for k in range(1, 5)),
    sp.Eq(_b_i(1), -100 * _a0),
    *(sp.Eq(_b_i(k), -50) for k in range(2, 5)),
)


def _exploding_relation() -> sp.Basic:
    sp_, z = sig.SIGMA_PRIME, _z_of
    value = sp.Mul(
        sp.Rational(1, 4),
        sp.Pow(25, 3, evaluate=False),
        SIGMOID_CHAIN.cost_prime(4),
        evaluate=False,
    )
    conclusions = (
        *(sp.Eq(z(k), 0) for k in range(1, 5)),
        *(_factor_at(k) for k in range(1, 5)),
        sp.Eq(SIGMOID_CHAIN.bias_grad(4, 1), value),
    )
    depth_L = sp.Eq(sp_(0) * sp.Product(100 * sp_(0), (_k, 2, _L)), sp.Integer(25) ** (_L - 1) / 4)
    return sp.And(sp.Implies(sp.And(*EXPLODING_PREMISES), sp.And(*conclusions)), depth_L)


def _premise(st_premises: Sequence[sp.Basic], target: sp.Basic) -> sp.Basic:
    """The premise of the statement about ``target`` (w_k or b_k): the proof uses only the
    statement's own premises, so a changed premise changes what is proved."""
    found = [p for p in st_premises if isinstance(p, sp.Eq) and p.lhs == target]
    if len(found) != 1:
        raise ProofError("exploding_example", f"no premise about {target} in the statement")
    return found[0]


def _cut_all(thm: Theorem, facts: Sequence[Theorem]) -> Theorem:
    """``thm`` with each hypothesis that one of ``facts`` proves discharged (the core's cut)."""
    for fact in facts:
        if fact.prop in thm.hyps:
            thm = core.cut(fact, thm)
    return thm


def _layer_by_layer(premises: Sequence[sp.Basic]) -> tuple[list[Theorem], list[Theorem]]:
    """Under the premises: z(k) = 0 and a(k) = 1/2 for k = 1..4, each a core theorem.

    Each step is proved with only the relations it needs as hypotheses (the two premises of its
    layer and a(k − 1) = 1/2), which the previous layer's theorem then discharges (cut)."""
    M = SIGMOID_CHAIN
    zs: list[Theorem] = []
    acts: list[Theorem] = []
    previous: Theorem = M.start  # a(0) = a₀
    for k in range(1, 5):
        given = (_premise(premises, _w_i(k)), _premise(premises, _b_i(k)))
        zk = core.identity(_z_of(k), sp.Integer(0), hyps=(*given, previous.prop), using=(M.pre,))
        zk = _cut_all(zk, (previous,))
        as_sigma = core.identity(
            _a_of(k), M.act(_z_of(k)), using=(instance(M.forward, {_n: k - 1}), M.pre)
        )
        half = core.identity(M.act(_z_of(k)), sp.Rational(1, 2), hyps=(zk.prop,), using=SIGMA_FACTS)
        previous = _cut_all(core.chain([as_sigma, half]), (zk,))
        zs.append(zk)
        acts.append(previous)
    return zs, acts


def _factor_at(k: int) -> sp.Basic:
    """w_k σ′(z_k) = 25, the text's 'every term'."""
    return sp.Eq(_w_i(k) * sig.SIGMA_PRIME(_z_of(k)), 25)


def _factor_theorem(k: int, premises: Sequence[sp.Basic], zk: Theorem) -> Theorem:
    """Under w_k = 100 and z_k = 0 (discharged by ``zk``): w_kσ′(z_k) = 100σ′(0) = 25."""
    f = _factor_at(k)
    thm = core.identity(
        f.lhs, f.rhs, hyps=(_premise(premises, _w_i(k)), zk.prop), using=SIGMA_FACTS
    )
    return _cut_all(thm, (zk,))


def _exploding_derivation(goal: sp.Basic) -> Derivation:
    """∂C/∂b₁ at the text's parameters: eq. (122), then every factor 100σ′(0) = 25 and
    σ′(z₁) = σ′(0) = 1/4 — those relations are hypotheses of the links, discharged by the
    layer-by-layer theorems (:func:`_exploding_proof`)."""
    sp_, z = sig.SIGMA_PRIME, _z_of
    return Derivation(
        title="∂C/∂b₁ = (1/4)·25³·∂C/∂a₄ at w_j = 100, b₁ = −100a₀, b_j = −50",
        assumptions=(
            "every z_j = 0 and w_jσ′(z_j) = 25 at the text's parameters (layer by layer: "
            "z_j = 100·a_{j−1} − 50 with a_{j−1} = σ(0) = 1/2)"
        ),
        steps=(
            Step(goal.lhs, "∂C/∂b₁ of the 4-neuron chain"),
            Step(
                DEPTH4_RELATION.rhs,
                "eq. (122) (claim chain_grad_b1_depth4)",
                check=by(lemma(chain_grad_b1_depth4)),
            ),
            Step(
                sp.Mul(
                    sp_(z(1)),
                    sp.Pow(25, 3, evaluate=False),
                    SIGMOID_CHAIN.cost_prime(4),
                    evaluate=False,
                ),
                "every later factor w_jσ′(z_j) = 100σ′(0) = 25",
                check=by(*(_factor_at(k) for k in range(2, 5))),
            ),
            Step(
                goal.rhs,
                "σ′(z₁) = σ′(0) = 1/4",
                check=by(sp.Eq(z(1), 0), *SIGMA_FACTS),
            ),
        ),
        conclusion="three factors of 25 and σ′(z₁) = 1/4: (1/4)·25³ = 3906.25",
    )


def _exploding_proof(st: Statement) -> Theorem:
    """Under the statement's premises, layer by layer: z(k) = 0 (so a(k) = σ(0) = 1/2 feeds the
    next layer), every factor w_kσ′(z_k) = 25, and ∂C/∂b₁ from chain_grad_b1_depth4 (a lemma);
    the depth-L arithmetic by the definition of σ′."""
    implication = st.part(sp.Implies)
    premises_rel, conclusions = implication.args
    premises = tuple(premises_rel.args) if isinstance(premises_rel, sp.And) else (premises_rel,)
    zs, _acts = _layer_by_layer(premises)
    factors = [_factor_theorem(k, premises, zs[k - 1]) for k in range(1, 5)]
    proved = {t.prop: t for t in (*zs, *factors)}
    done: list[Theorem] = []
    parts = conclusions.args if isinstance(conclusions, sp.And) else (conclusions,)
    # the layer-by-layer parts first: a changed number fails there before the lemma is proved
    for c in sorted(parts, key=lambda c: isinstance(c.lhs, sp.Subs)):
        if isinstance(c.lhs, sp.Subs):
            done.append(_cut_all(fits(_exploding_derivation(c), c), (*zs, *factors)))
        elif c in proved:
            done.append(proved[c])
        else:
            raise ProofError("exploding_example", f"no proof of {sp.sstr(c)}")
    under = core.implies(core.conj(*done), premises_rel)
    depth_L = st.part(sp.Eq)
    arithmetic = core.identity(depth_L.lhs, depth_L.rhs, using=SIGMA_FACTS)
    parts = {implication: under, depth_L: arithmetic}
    return core.conj(*(parts[p] for p in st.parts()))


EXPLODING_RELATION = _exploding_relation()
_EXPLODING_PART = next(p for p in EXPLODING_RELATION.args if isinstance(p, sp.Implies))
EXPLODING_DERIVATION = _exploding_derivation(
    next(c for c in _EXPLODING_PART.args[1].args if isinstance(c.lhs, sp.Subs))
)


exploding_example = register(
    Claim(
        id="exploding_example",
        statement=(
            "With w_j = 100 and biases b₁ = −100a₀, b_j = −50 (j ≥ 2) every z_j = 0, every "
            "w_jσ′(z_j) = 25, and ∂C/∂b₁ = (1/4)·25³·∂C/∂a₄ for the 4-neuron chain."
        ),
        source="nielsen-ch5 §'The exploding gradient problem', after eq. (122)",
        evidence=(
            symbolic(exploding_example_is_exact),
            numeric(exploding_example_matches_finite_differences),
        ),
        notes=(
            "The text says to choose the later biases 'by the same idea'; since "
            "a_{j−1} = σ(0) = 1/2 that means b_j = −50. w₁ = 100 only fixes b₁: ∂C/∂b₁ does not "
            "contain w₁, so three factors of 25 and σ′(z₁) = 1/4 remain — (1/4)·25³ = 3906.25, "
            "and 25^(L−1)/4 at depth L. The parameters are premises of the formal statement; "
            "the chain's equations (a(0) = a₀, a(n + 1) = σ(z(n + 1))) are its definitions."
        ),
        derivations=(EXPLODING_DERIVATION,),
        uses=(chain_grad_b1_depth4,),
        formal=Statement(
            EXPLODING_RELATION,
            domain="a₀ real; L ≥ 1 integer; C any differentiable cost",
            definitions=SIGMOID_CHAIN.definitions,
            axioms=(SIGMOID_CHAIN.start, *SIGMOID_CHAIN.axioms),
            proof=_one_session(_exploding_proof),
            explanation=(
                "(∂/∂β) C(a(4, 1, β)) at β = b₁ is ∂C/∂b₁ of the 4-neuron chain; the parameters "
                "make every z_j = 0, so every factor is 100σ′(0) = 25; the second part is the "
                "same product at depth L"
            ),
        ),
    )
)


# ============================================================ larger_derivative_still_unstable
# Statement: for any differentiable activation f the gradient is f′(z_j)∏_{k=j+1}^{L} w_k f′(z_k)·C′
# at every depth; factors whose product is ≥ c^{L−1} (e.g. every |w_k f′(z_k)| ≥ c > 1) make
# |∂C/∂b₁| ≥ c^{L−1}|f′(z₁)||C′| (growth), ≤ c^{L−1} (e.g. every factor ≤ c < 1) make it ≤ (decay).

_c = sp.Symbol("c", positive=True)
_fp = sp.Function("f′")


def _name_primes(expr: sp.Expr) -> sp.Expr:
    """Write SymPy's chain-rule output with f′(p) for f′ evaluated at p and C′ for C′(a_L)."""

    def rename(e: sp.Basic) -> sp.Basic:
        if isinstance(e, sp.Subs):
            (var,), (point,) = e.variables, e.point
            if e.expr == sp.Derivative(f_act(var), var):
                return _fp(point)
        return e

    out = expr.replace(lambda e: isinstance(e, sp.Subs), rename)
    out = out.replace(
        lambda e: (
            isinstance(e, sp.Derivative)
            and isinstance(e.expr, sp.Function)
            and e.expr.func == f_act
            and e.variables == e.expr.args
        ),
        lambda e: _fp(e.expr.args[0]),
    )
    return out.replace(
        lambda e: (
            isinstance(e, sp.Derivative) and isinstance(e.expr, sp.Function) and e.expr.func == C
        ),
        lambda e: sp.Symbol("C′(a_L)", real=True),
    )


def general_activation_product_and_its_instability() -> Outcome:
    """Any f: SymPy's ∂C/∂b₁ of the composed 4-chain is f′(z₁)∏w_kf′(z_k)C′ (independent of the
    induction); c^L → ∞ for c > 1 and → 0 for c < 1."""
    s = chain_symbols(4)
    a = s.a0
    zs: list[sp.Expr] = []
    for k in range(4):
        zs.append(s.w[k] * a + s.b[k])
        a = f_act(zs[-1])
    derivative = _name_primes(sp.diff(C(a), s.b[0]))
    expected = _fp(zs[0]) * sp.Mul(*(s.w[k] * _fp(zs[k]) for k in range(1, 4)))
    expected = expected * sp.Symbol("C′(a_L)", real=True)
    depth4 = sp.simplify(derivative - expected) == 0
    d = sp.Symbol("d", positive=True)
    grows = sp.limit((1 + d) ** _L, _L, sp.oo) == sp.oo
    shrinks = sp.limit((1 + d) ** (-_L), _L, sp.oo) == 0
    ok = depth4 and grows and shrinks
    return Outcome.of(
        ok,
        f"general f, L = 4: ∂C/∂b₁ − f′(z₁)w₂f′(z₂)w₃f′(z₃)w₄f′(z₄)C′ ≡ 0: {depth4}; "
        f"(1 + d)^L → ∞: {grows}, (1 + d)^(−L) → 0: {shrinks}",
    )


def tanh_chain_explodes_or_vanishes() -> Outcome:
    """tanh (f′ up to 1, 4× σ′'s): product = mpmath FD; z_k = 0: w = 1.5 explodes, 0.5 vanishes."""
    rng = np.random.default_rng(SEED + 3)
    worst = 0.0
    for L in (2, 5, 9):
        w, b, a0 = _random_chain(rng, L)
        with mpmath.workdps(50):
            aL = cn.mp_forward(list(w), list(b), a0, "tanh")[1][-1]
            g = cn.mp_bias_gradients(list(w), list(b), a0, aL - mpmath.mpf("0.3"), "tanh")
            for j in range(1, L + 1):
                fd = cn.mp_central_difference(
                    lambda a: (a - mpmath.mpf("0.3")) ** 2 / 2,
                    list(w),
                    list(b),
                    a0,
                    j,
                    "1e-20",
                    "tanh",
                )
                worst = max(worst, float(abs((fd - g[j - 1]) / fd)))
    slopes: dict[float, float] = {}
    for weight in (1.5, 0.5):
        logs = []
        for L in (10, 20, 30):
            a0 = 0.4
            ws = [weight] * L
            bs = [-weight * a0] + [0.0] * (L - 1)  # tanh(0) = 0, so every z_k = 0
            with mpmath.workdps(60):
                fd = cn.mp_central_difference(lambda a: a, ws, bs, a0, 1, "1e-25", "tanh")
                logs.append(float(mpmath.log10(abs(fd))))
        slopes[weight] = (logs[2] - logs[0]) / 20  # log10 growth per layer
    ok = (
        worst < 1e-20
        and abs(slopes[1.5] - math.log10(1.5)) < 1e-12
        and abs(slopes[0.5] - math.log10(0.5)) < 1e-12
    )
    spread = _random_tanh_spread()
    return Outcome.of(
        ok,
        f"tanh chains L ∈ {{2, 5, 9}}: product vs 50-digit central differences within {worst:.1e}; "
        f"every z_k = 0: log10|∂C/∂b₁| changes per layer by {slopes[1.5]:+.12f} for w = 1.5 "
        f"(log10 1.5 = {math.log10(1.5):+.12f}) and {slopes[0.5]:+.12f} for w = 0.5; random "
        f"N(0, 1) weights and biases, L = 30: log10|∂C/∂b₁/∂C/∂a_L| has 5–95% range {spread}",
    )


def _random_tanh_spread() -> str:
    """5% and 95% quantiles of log10|∂C/∂b₁ / ∂C/∂a_L| over 400 random tanh chains of depth 30."""
    rng = np.random.default_rng(SEED + 4)
    vals = []
    for _ in range(400):
        w, b = rng.normal(0.0, 1.0, 30), rng.normal(0.0, 1.0, 30)
        logs = cn.log_bias_gradients(w, b, 0.5, 1.0, "tanh")[1] / math.log(10.0)
        vals.append(float(logs[0]))
    lo, hi = np.quantile(vals, [0.05, 0.95])
    return f"[{lo:.1f}, {hi:.1f}]"


# ------------------------------------------------------------ the formal statement: any activation
#: a general differentiable activation f and its derivative f′ (f′(x) := (d/du) f(u) at u = x)
_F = sp.Function("f", real=True)
_F_PRIME = sp.Function("f′", real=True)
_xf, _uf = sp.Symbol("x", real=True), sp.Symbol("u", real=True)
F_DEFINITIONS: dict[Any, sp.Lambda] = {
    _F_PRIME: sp.Lambda(_xf, sp.Subs(sp.Derivative(_F(_uf), _uf), _uf, _xf)),
}
#: the chain with the activation f: the same induction as chain_grad_any_depth, which never uses
#: the form of σ′ (only the chain rule)
GENERAL_CHAIN = ChainModel("any activation f", _F, _F_PRIME, F_DEFINITIONS)


def _general_factors(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    return GENERAL_CHAIN.prod(lo, hi)


def _larger_relation() -> sp.Basic:
    """For any activation f: the product form at every depth (L ≥ j); with the factors' product
    |∏_{k=2}^{L} w_k f′(z_k)| at least c^{L−1} (at most c^{L−1}), |∂C/∂b₁| is at least (at most)
    c^{L−1}|f′(z₁)||∂C/∂a_L| — every factor ≥ c > 1 gives the first, every factor ≤ c < 1 the
    second."""
    M = GENERAL_CHAIN
    grad = sp.Abs(M.bias_grad(_L, 1))
    scale = _c ** (_L - 1) * sp.Abs(_F_PRIME(_z_of(1))) * sp.Abs(M.cost_prime(_L))
    product = sp.Abs(_general_factors(2, _L))
    return sp.And(
        M.relation(),
        sp.Implies(sp.Ge(product, _c ** (_L - 1)), sp.Ge(grad, scale)),
        sp.Implies(sp.Le(product, _c ** (_L - 1)), sp.Le(grad, scale)),
    )


def _general_modulus(product_form: Theorem) -> Theorem:
    """⊢ |∂C/∂b₁| = |f′(z₁)| |∏_{k=2}^{L} w_k f′(z_k)| |C′(a_L)|, from the product form at j = 1."""
    M = GENERAL_CHAIN
    factors = (
        sp.Abs(_F_PRIME(_z_of(1))) * sp.Abs(_general_factors(2, _L)) * sp.Abs(M.cost_prime(_L))
    )
    return core.identity(sp.Abs(M.bias_grad(_L, 1)), factors, using=(product_form,))


def _factors_bound_derivation(
    goal: sp.Basic, hyp: sp.Basic, modulus: Callable[[], Theorem]
) -> Derivation:
    """|∂C/∂b₁| = |f′(z₁)| |∏ w_k f′(z_k)| |∂C/∂a_L| and the premise on the product, in one link
    (whose sides both name ∂C/∂b₁, so the sanity net reads it as one statement about the chain)."""
    grows = isinstance(goal, sp.Ge)
    return Derivation(
        title="factors of modulus ≥ c: |∂C/∂b₁| ≥ c^{L−1}|f′(z₁)||∂C/∂a_L|"
        if grows
        else "factors of modulus ≤ c: |∂C/∂b₁| ≤ c^{L−1}|f′(z₁)||∂C/∂a_L|",
        assumptions="the product form (first part) at j = 1; the premise on the factors' product",
        hyps=(hyp,),
        steps=(
            Step(goal.lhs, "|∂C/∂b₁|"),
            Step(
                goal.rhs,
                "|∂C/∂b₁| = |f′(z₁)| |∏_{k=2}^{L} w_k f′(z_k)| |C′(a_L)| (the product form at "
                "j = 1) and the premise |∏_{k=2}^{L} w_k f′(z_k)| "
                + ("≥ c^{L−1}" if grows else "≤ c^{L−1}"),
                ">=" if grows else "<=",
                check=by(modulus),
            ),
        ),
    )


def _larger_proof(st: Statement) -> Theorem:
    """The product form by GENERAL_CHAIN's induction (the σ chain's, with f); at j = 1 it gives
    the modulus of the gradient as the product of the per-layer factors' moduli, and the two
    bounds follow from their premises."""
    product_part = st.part(sp.Implies, lambda p: p.args[0] == _GE)
    product = GENERAL_CHAIN.theorem(product_part)
    modulus = _general_modulus(discharged(instance(product, {_j: sp.Integer(1)})))
    done = {product_part: product}
    for part in st.parts():
        if part is product_part or part == product_part:
            continue
        hyp, goal = part.args
        thm = fits(_factors_bound_derivation(goal, hyp, lambda: modulus), goal)
        done[part] = core.implies(thm, hyp)
    return core.conj(*(done[p] for p in st.parts()))


LARGER_RELATION = _larger_relation()
GENERAL_CHAIN_STEP = GENERAL_CHAIN.product_induction(
    lambda: GENERAL_CHAIN.view_induction().theorem()
).step_derivation()


def _general_product_at_one() -> Theorem:
    relation = next(p for p in LARGER_RELATION.args if p.args[0] == _GE)
    return _general_modulus(
        discharged(instance(GENERAL_CHAIN.theorem(relation), {_j: sp.Integer(1)}))
    )


#: the growth (≥) and the decay (≤) derivations, one per bound of the statement
FACTOR_BOUND_DERIVATIONS = tuple(
    _factors_bound_derivation(p.args[1], p.args[0], _general_product_at_one)
    for p in sorted(LARGER_RELATION.args, key=lambda p: not isinstance(p.args[1], sp.Ge))
    if p.args[0] != _GE
)


larger_derivative_still_unstable = register(
    Claim(
        id="larger_derivative_still_unstable",
        statement=(
            "For any differentiable activation f, ∂C/∂b₁ = f′(z₁) ∏_{k=2}^{L} w_k f′(z_k) · "
            "∂C/∂a_L; if every |w_k f′(z_k)| ≥ c > 1 it grows at least like c^{L−1}, if every "
            "|w_k f′(z_k)| ≤ c < 1 it shrinks at least like c^{L−1}: a larger f′ does not remove "
            "the instability."
        ),
        source="nielsen-ch5 exercise in §'The unstable gradient problem'; notes-ps5 problem 3-6",
        evidence=(
            symbolic(general_activation_product_and_its_instability),
            numeric(tanh_chain_explodes_or_vanishes),
        ),
        notes=(
            "Answer to problem 3-6: no. A larger derivative only moves the typical factor "
            "|w_k f′(z_k)|; the gradient of an early layer is still a product of one factor per "
            "later layer, so it is stable only if those factors balance near 1 layer after layer. "
            "The formal statement proves the product form for every depth and every j with an "
            "arbitrary activation f (the induction of chain_grad_any_depth with f for σ), and "
            "states the growth and the decay with the premise on the product of the factors, "
            "|∏_{k=2}^{L} w_k f′(z_k)| ≥ c^{L−1} (≤ c^{L−1}), which every factor ≥ c (≤ c) "
            "gives: a premise on 'every k' would be a free k, read 'for every integer k'."
        ),
        derivations=(GENERAL_CHAIN_STEP, *FACTOR_BOUND_DERIVATIONS),
        formal=Statement(
            LARGER_RELATION,
            domain="L, j ≥ 1 integers; c > 0; w_k, b_k, a₀ real; f, C any differentiable functions",
            definitions=GENERAL_CHAIN.definitions,
            axioms=GENERAL_CHAIN.axioms,
            proof=_larger_proof,
            explanation=(
                "a(n + 1) = f(z(n + 1)), z(k) = w_k a(k − 1) + b_k; a(n, j, β) is a_n with b_j "
                "replaced by β, so (∂/∂β) C(a(L, j, β)) at β = b_j is ∂C/∂b_j; f′(x) is f's "
                "derivative at x. For c > 1 the bound c^{L−1} grows exponentially with the "
                "depth, for c < 1 it vanishes"
            ),
        ),
    )
)


# ============================================================ the exported chain formulas
# gradproof.chain_bias_gradients and gradproof.chain_bias_gradients_log (``__verified_by__``)
# against the proved closed form bias_gradient_closed_form(L, j), evaluated by mpmath at 60+
# digits with the exact float inputs, at the accuracy their docstrings state: the worst case
# searched for over thousands of chains per depth (gradproof.numerics.accuracy: ordinary,
# saturated, wide weights, z_k steered to where σ′ rounds worst, local refinement, mpmath
# confirmation) and tried by hypothesis.


@cache
def _closed_form_mp(L: int, j: int) -> Callable[..., Any]:
    from gradproof.exported import mp_function

    s = chain_symbols(L)
    return mp_function(bias_gradient_closed_form(L, j), [*s.w, *s.b, s.a0, s.dC_daL])


def _chain_reference(L: int) -> Callable[..., list[Any]]:
    """The proved product for every j of a depth-L chain, as one mpmath reference."""
    forms = [_closed_form_mp(L, j) for j in range(1, L + 1)]

    def reference(w: Sequence[Any], b: Sequence[Any], a0: Any, g: Any) -> list[Any]:
        return [[f(*w, *b, a0, g) for f in forms]]

    return reference


def _chain_log_reference(L: int) -> Callable[..., list[Any]]:
    """(sign, ln|∂C/∂b_j|) of the proved product, for the log-space formula."""
    plain = _chain_reference(L)

    def reference(w: Sequence[Any], b: Sequence[Any], a0: Any, g: Any) -> list[Any]:
        values = plain(w, b, a0, g)[0]
        logs = [mpmath.log(abs(v)) if v else mpmath.mpf("-inf") for v in values]
        return [[mpmath.sign(v) for v in values], logs]

    return reference


def exported_chain_gradients_match_closed_form(
    depths: Sequence[int], property_depth: int
) -> Outcome:
    """The exported chain formulas against the proved product, worst case searched per depth.

    chain_bias_gradients: relative error ≤ (6 + 3(L − j))·2⁻⁵² + Σ_{k≥j} δ_k, δ_k the forward
    error bound of z_k (docstring; :func:`gradproof.numerics.accuracy.forward_error_bounds`);
    chain_bias_gradients_log: the sign exactly and ln|∂C/∂b_j| within
    4·2⁻⁵³·Σ_k(|ln|w_k|| + |ln σ′(z_k)|) + Σ_k δ_k + 8 ulp of the log. Hypothesis tries both
    formulas at ``property_depth`` too (each example costs L² closed forms at 60 digits).
    """
    from gradproof.numerics import accuracy

    parts = []
    for L in depths:
        also = property_depth == L
        parts.append(
            accuracy.searched(accuracy.chain_spec(L), _chain_reference(L), with_property=also)
        )
        parts.append(
            accuracy.searched(
                accuracy.chain_log_spec(L), _chain_log_reference(L), with_property=also
            )
        )
    return Outcome.of(all(p.ok for p in parts), "; ".join(p.detail for p in parts))


def exported_chain_formulas_at_depth_4() -> Outcome:
    """gradproof.chain_bias_gradients(_log) on 4-neuron chains = eq. (122), to the stated
    accuracy at the worst chain found."""
    return exported_chain_gradients_match_closed_form([4], property_depth=4)


def exported_chain_formulas_at_many_depths() -> Outcome:
    """gradproof.chain_bias_gradients(_log) on chains of depths 1, 2, 3 and 6 = the product, to
    the stated accuracy at the worst chain found."""
    return exported_chain_gradients_match_closed_form([1, 2, 3, 6], property_depth=3)


chain_grad_b1_depth4 = add_evidence(
    chain_grad_b1_depth4, numeric(exported_chain_formulas_at_depth_4)
)
chain_grad_any_depth = add_evidence(
    chain_grad_any_depth,
    numeric(exported_chain_formulas_at_many_depths),
)
