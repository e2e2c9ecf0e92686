"""A chain of single sigmoid neurons (``shared/CLAIMS.md``, "Chain of single sigmoid neurons").

The simplest deep network has one neuron per layer (Nielsen ch. 5 eq. (114)–(122); lecture notes
§3.1):

    z_j = w_j a_{j−1} + b_j,   a_j = σ(z_j),   j = 1..L,   cost C(a_L).

σ is the explicit ``1/(1 + e^{−x})`` of :func:`gradproof.proofs.sigmoid.sigma` and C is an
*undefined* SymPy function, so every result holds for every differentiable cost. The central
result (claim ``chain_grad_any_depth``) is the product form

    ∂C/∂b_j = σ′(z_j) · ∏_{k=j+1}^{L} w_k σ′(z_k) · C′(a_L),

proved for every depth by induction and, independently, by differentiating the composed chain
for L = 1..8. Everything else in this family is read off that product with the sigmoid claims.

How an identity between two chain expressions is proved (:func:`is_zero_over_exponentials`):
every ``exp(…)`` atom, innermost first, is replaced by a fresh positive symbol, and the resulting
rational function is brought over one denominator; if its numerator expands to exactly 0 the
identity holds for *all* values of those symbols, hence in particular for the actual
exponentials. This is exact rewriting (no sampling) and is fast where ``simplify`` is not.

Public names other modules use: :func:`chain_symbols`, :func:`bias_gradient_closed_form`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import mpmath
import numpy as np
import sympy as sp

import gradproof.proofs.sigmoid as sig
from gradproof.claims import Claim, Outcome, add_evidence, numeric, prop, register, symbolic
from gradproof.derivation import Derivation, Step, are_equal, check_all, sign_is
from gradproof.logic import (
    Induction,
    Statement,
    by,
    expand_definitions,
    fits,
    instance,
    prove_relation,
    proved_by,
    use,
)
from gradproof.numerics import chain_numerics as cn
from gradproof.properties import run_property

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


# ============================================================ chain_grad_b1_depth4
# Statement: ∂C/∂b₁ = σ′(z₁) w₂ σ′(z₂) w₃ σ′(z₃) w₄ σ′(z₄) ∂C/∂a₄ for any differentiable C.

_S4 = chain_symbols(4)


def _eq122() -> sp.Expr:
    """Nielsen ch. 5 eq. (122), factor by factor, in the symbols of ``chain_symbols(4)``."""
    sp_ = sig.sigma_prime
    w, z = _S4.w, _S4.z
    return sp_(z(1)) * w[1] * sp_(z(2)) * w[2] * sp_(z(3)) * w[3] * sp_(z(4)) * _S4.dC_daL


def _derivative_equals(L: int) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Step check: ``prev`` (an unevaluated ∂C(a_L)/∂b_j) equals ``cur`` over the exponentials."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        evaluated = _name_cost_derivative(sp.sympify(prev).doit(), chain_symbols(L))
        return is_zero_over_exponentials(evaluated - cur)

    return check


DEPTH4_DERIVATION = Derivation(
    title="∂C/∂b₁ of a 4-neuron chain (Nielsen ch. 5 eq. (122))",
    assumptions="w_k, b_k, a0 real; σ(x) = 1/(1 + e^{−x}); C any differentiable function of a4",
    lhs=sp.Symbol("∂C/∂b1"),
    steps=(
        Step(
            sp.Derivative(_composed_cost(4), _S4.b[0]),
            "C(a₄) with a₄ = σ(w₄σ(w₃σ(w₂σ(w₁a₀ + b₁) + b₂) + b₃) + b₄) written out",
        ),
        Step(
            _eq122(),
            "differentiate the composition (SymPy); C′(a₄) named dC/da_4; σ′ = σ(1 − σ)",
            source="nielsen-ch5 eq. (122); notes-ps5 §3.1",
            check=_derivative_equals(4),
        ),
    ),
    conclusion="∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃σ′(z₃) w₄σ′(z₄) ∂C/∂a₄",
)


def depth4_product_is_derivative_of_composition(candidate: sp.Expr | None = None) -> Outcome:
    """SymPy's ∂/∂b₁ of C(a₄(b₁)) minus the eq. (122) product is identically 0 (C undefined)."""
    form = _eq122() if candidate is None else candidate
    direct = check_bias_gradient(form, 4, 1)
    chain = DEPTH4_DERIVATION.check() if candidate is None else direct
    same = is_zero_over_exponentials(form - bias_gradient_closed_form(4, 1))
    return Outcome.of(
        direct.ok and chain.ok and same,
        f"{direct.detail}; {chain.detail}; eq. (122) = bias_gradient_closed_form(4, 1): {same}",
    )


def depth4_matches_finite_differences() -> Outcome:
    """Product = central differences (float64 h = 1e-5; mpmath 50 digits) at 30 random chains."""
    return _fd_outcome([4], trials=30, seed=SEED)


def _depth4_relation() -> sp.Basic:
    """∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃σ′(z₃)w₄σ′(z₄)·∂C/∂a₄, in the names of chain_grad_any_depth."""
    w_, z_, b_ = (sp.IndexedBase(n, real=True) for n in ("w", "z", "b"))
    a4 = sp.Function("a")(4, b_[1])
    sp_ = sig.SIGMA_PRIME
    rhs = sp_(z_[1]) * w_[2] * sp_(z_[2]) * w_[3] * sp_(z_[3]) * w_[4] * sp_(z_[4])
    return sp.Eq(sp.Derivative(C(a4), b_[1]), rhs * sp.Derivative(C(a4), a4))


def _depth4_proof(st: Statement) -> Outcome:
    """The statement is chain_grad_any_depth's (a lemma) at L = 4, j = 1, and its product is
    SymPy's derivative of the composed 4-chain (differentiated here, not the lemma)."""
    lemma = use(chain_grad_any_depth).relation
    inst = lemma.xreplace({_L: sp.Integer(4), _j: sp.Integer(1), _bj: _b_i[1]})
    inst = inst.replace(lambda e: isinstance(e, sp.Product), lambda e: e.doit())
    rel = st.relation
    is_instance = (
        isinstance(rel, sp.Eq) and rel.lhs == inst.lhs and sp.expand(rel.rhs - inst.rhs) == 0
    )
    cost = sp.Derivative(C(_a_of(4, _b_i[1])), _a_of(4, _b_i[1]))
    product = sp.expand(rel.rhs / cost) if isinstance(rel, sp.Eq) else sp.Integer(0)
    direct = check_bias_gradient(_instantiate(product, 4, 1) * _S4.dC_daL, 4, 1)
    return Outcome.of(
        is_instance and direct.ok,
        f"chain_grad_any_depth at L = 4, j = 1 (lemma): {is_instance}; against the composed "
        f"chain: {direct.detail}",
    )


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
            "(114)–(121), with ≈ signs); here the composed function is differentiated exactly. "
            "The weight w₁ does not appear: b₁ enters z₁ with coefficient 1."
        ),
        derivations=(DEPTH4_DERIVATION,),
        formal=Statement(
            _depth4_relation(),
            domain="w_k, b_k, a₀ real; C any differentiable cost",
            proof=_depth4_proof,
            explanation="a(4, b₁) is a₄ as a function of b₁; z_k = w_k a_{k−1} + b_k",
        ),
    )
)


# ============================================================ chain_grad_any_depth
# Statement: ∂C/∂b_j = σ′(z_j) ∏_{k=j+1}^{L} w_k σ′(z_k) ∂C/∂a_L for every L ≥ 1 and 1 ≤ j ≤ L.

_bj = sp.Symbol("b_j", real=True)
_wj, _aprev = sp.Symbol("w_j", real=True), sp.Symbol("a_{j-1}", real=True)
_wn, _bn = sp.Symbol("w_{L+1}", real=True), sp.Symbol("b_{L+1}", real=True)
_A = sp.Function("a_L")  # a_L as an arbitrary differentiable function of b_j
_k = sp.Symbol("k", integer=True)
_j = sp.Symbol("j", integer=True, positive=True)
_L = sp.Symbol("L", integer=True, positive=True)
_w_i, _z_i = sp.IndexedBase("w", real=True), sp.IndexedBase("z", real=True)
_b_i = sp.IndexedBase("b", real=True)
#: σ′ as an opaque (real) function, the one of the sigmoid statements: the ∏ algebra holds for
#: any function, and σ′'s values enter only through the proved statements of the sigmoid claims.
_sigma_prime_opaque = sig.SIGMA_PRIME


def _factor(k: sp.Expr) -> sp.Expr:
    return _w_i[k] * _sigma_prime_opaque(_z_i[k])


def _prod(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    return sp.Product(_factor(_k), (_k, lo, hi))


def _single_term_products_evaluated(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: equal after evaluating the one-factor products (∏_{k=n}^{n} f(k) = f(n))."""
    return are_equal(prev, cur.replace(lambda e: isinstance(e, sp.Product), lambda e: e.doit()))


def _adjacent_products_merged(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: ∏_{k=p}^{q} f · ∏_{k=q+1}^{r} f = ∏_{k=p}^{r} f (SymPy's product_simplify)."""
    from sympy.simplify.simplify import product_simplify

    return bool(sp.simplify(product_simplify(prev) - cur) == 0)


def _last_factor_split_off(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: ``prev`` = ``cur`` once every ∏_{k=p}^{q} f(k) in ``cur`` is written as
    ∏_{k=p}^{q−1} f(k) · f(q) (the product's definition; no evaluation of either product)."""

    def split(e: sp.Product) -> sp.Expr:
        f, (var, lo, hi) = e.function, e.limits[0]
        return sp.Product(f, (var, lo, hi - 1)) * f.subs(var, hi)

    split_cur = cur.replace(lambda e: isinstance(e, sp.Product), split)
    return bool(sp.expand(sp.sympify(prev) - split_cur) == 0)


# ------------------------------------------------------------ the induction, one P
# a(n, b_j) is a_n as a function of b_j; a_{j−1} is computed before layer j, so it is a symbol.
_a_of = sp.Function("a")
_a_before = _aprev  # a_{j−1}


def _layer(n: sp.Expr, a_in: sp.Expr, bias: sp.Expr) -> sp.Expr:
    """a_n = σ(w_n a_{n−1} + b_n): the chain's definition, shared by the base and the step."""
    return sig.SIGMA(_w_i[n] * a_in + bias)


def _unfolds(n: sp.Expr, a_in: sp.Expr, bias: sp.Expr) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Step check: ``cur`` is ``prev`` with a(n, b_j) replaced by its definition :func:`_layer`."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        return bool(sp.sympify(prev).subs(_a_of(n, _bj), _layer(n, a_in, bias)) == cur)

    return check


def _names_z(n: sp.Expr, a_in: sp.Expr, bias: sp.Expr) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Step check: ``cur`` is ``prev`` with w_n a_{n−1} + b_n written z_n (its definition)."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        return bool(sp.sympify(cur).subs(_z_i[n], _w_i[n] * a_in + bias) == prev)

    return check


def _chain_rule(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: equal once σ, σ′ are expanded (σ′ = dσ/dz) and derivatives evaluated."""
    return are_equal(
        expand_definitions(prev, sig.DEFINITIONS), expand_definitions(cur, sig.DEFINITIONS)
    )


def grad_product(n: sp.Expr) -> sp.Expr:
    """σ′(z_j) ∏_{k=j+1}^{n} w_k σ′(z_k): the stated product (σ′ opaque, w and z indexed)."""
    return sig.SIGMA_PRIME(_z_i[_j]) * _prod(_j + 1, n)


def chain_P(n: sp.Expr) -> sp.Basic:
    """P(n): ∂a_n/∂b_j = σ′(z_j) ∏_{k=j+1}^{n} w_k σ′(z_k) — the one statement of the induction."""
    return sp.Eq(sp.Derivative(_a_of(n, _bj), _bj), grad_product(n))


def _chain_base(goal: sp.Basic) -> Derivation:
    """P(j) from its goal: a_j = σ(w_j a_{j−1} + b_j), derivative σ′(z_j), empty product."""
    return Derivation(
        title="base case n = j: ∂a_j/∂b_j = σ′(z_j)",
        assumptions="a_{j−1} does not depend on b_j (it is computed before layer j)",
        steps=(
            Step(goal.lhs, "the goal P(j)"),
            Step(
                sp.Derivative(_layer(_j, _a_before, _bj), _bj),
                "a_j = σ(z_j), z_j = w_j a_{j−1} + b_j",
                check=_unfolds(_j, _a_before, _bj),
                source="nielsen-ch5 eq. (115)",
            ),
            Step(
                sig.SIGMA_PRIME(_w_i[_j] * _a_before + _bj),
                "chain rule; ∂z_j/∂b_j = 1; σ′ = dσ/dz",
                check=_chain_rule,
                source="nielsen-ch5 eq. (116)",
            ),
            Step(
                sig.SIGMA_PRIME(_z_i[_j]),
                "z_j = w_j a_{j−1} + b_j",
                check=_names_z(_j, _a_before, _bj),
            ),
            Step(goal.rhs, "the empty product ∏_{k=j+1}^{j} is 1"),
        ),
    )


def _chain_step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
    """P(n + 1) from P(n): unfold a_{n+1}, chain rule, the hypothesis, split the product."""
    n = _L
    a_n = _a_of(n, _bj)
    return Derivation(
        title="inductive step n → n + 1: appending a neuron multiplies by w_{n+1}σ′(z_{n+1})",
        assumptions="a_n any differentiable function of b_j; w_{n+1}, b_{n+1} independent of b_j",
        steps=(
            Step(goal.lhs, "the goal P(n + 1)"),
            Step(
                sp.Derivative(_layer(n + 1, a_n, _b_i[n + 1]), _bj),
                "a_{n+1} = σ(z_{n+1}), z_{n+1} = w_{n+1} a_n + b_{n+1}",
                check=_unfolds(n + 1, a_n, _b_i[n + 1]),
            ),
            Step(
                _w_i[n + 1]
                * sig.SIGMA_PRIME(_w_i[n + 1] * a_n + _b_i[n + 1])
                * sp.Derivative(a_n, _bj),
                "chain rule: ∂z_{n+1}/∂a_n = w_{n+1}",
                check=_chain_rule,
                source="nielsen-ch5 eq. (117)–(119)",
            ),
            Step(
                _w_i[n + 1] * sig.SIGMA_PRIME(_z_i[n + 1]) * sp.Derivative(a_n, _bj),
                "z_{n+1} = w_{n+1} a_n + b_{n+1}",
                check=_names_z(n + 1, a_n, _b_i[n + 1]),
            ),
            Step(
                _w_i[n + 1] * sig.SIGMA_PRIME(_z_i[n + 1]) * ih.rhs,
                "inductive hypothesis P(n)",
                check=by(ih),
            ),
            Step(
                goal.rhs,
                "∏_{k=j+1}^{n+1} = ∏_{k=j+1}^{n} · w_{n+1}σ′(z_{n+1})",
                check=_last_factor_split_off,
            ),
        ),
    )


CHAIN_INDUCTION = Induction(
    name="∂a_n/∂b_j = σ′(z_j) ∏_{k=j+1}^{n} w_k σ′(z_k)",
    var=_L,
    base=_j,
    P=chain_P,
    base_case=_chain_base,
    step=_chain_step,
    domain="j ≥ 1 integer; w_k, b_k real; a_n = σ(w_n a_{n−1} + b_n)",
)
INDUCTION_BASE = CHAIN_INDUCTION.base_derivation()
INDUCTION_STEP = CHAIN_INDUCTION.step_derivation()

# the cost: ∂C/∂b_j = C′(a_L) ∂a_L/∂b_j, then P(L)
_a_last = _a_of(_L, _bj)
_dcost_dbj = sp.Derivative(C(_a_last), _bj)
_dcost_da_last = sp.Derivative(C(_a_last), _a_last)


def _cost_derivation(goal: sp.Basic) -> Derivation:
    """The claim from P(L): ∂C/∂b_j = ∂C/∂a_L · ∂a_L/∂b_j (chain rule) = ∂C/∂a_L · P(L)'s side."""
    return Derivation(
        title="the cost: ∂C/∂b_j = ∂C/∂a_L · ∂a_L/∂b_j, then P(L)",
        assumptions="C any differentiable function of a_L",
        steps=(
            Step(goal.lhs, "C depends on b_j only through a_L"),
            Step(_dcost_da_last * sp.Derivative(_a_last, _bj), "chain rule"),
            Step(
                _dcost_da_last * chain_P(_L).rhs,
                "P(L), proved by induction",
                check=by(chain_P(_L)),
            ),
            Step(goal.rhs, "the statement's right side"),
        ),
    )


#: The claim's formal statement: built from P(L) (its right side is P's), proved by the induction.
CHAIN_STATEMENT_RELATION = sp.Eq(_dcost_dbj, CHAIN_INDUCTION.goal(_L).rhs * _dcost_da_last)
INDUCTION_COST = _cost_derivation(CHAIN_STATEMENT_RELATION)
INDUCTION = (INDUCTION_BASE, INDUCTION_STEP, INDUCTION_COST)


def _instantiate(expr: sp.Expr, L: int, j: int) -> sp.Expr:
    """The opaque product form at concrete L and j, in the symbols of :func:`chain_symbols`."""
    s = chain_symbols(L)
    e = expr.subs({_j: j, _L: L}).doit()
    e = e.replace(
        lambda x: isinstance(x, sp.Indexed) and x.base == _w_i, lambda x: s.w[int(x.indices[0]) - 1]
    )
    e = e.replace(
        lambda x: isinstance(x, sp.Indexed) and x.base == _z_i, lambda x: s.z(int(x.indices[0]))
    )
    return e.replace(sig.SIGMA_PRIME, sp.Lambda(_x_dummy, sig.sigma_prime(_x_dummy)))


_x_dummy = sp.Symbol("x", real=True)


def _chain_statement_proof(st: Statement) -> Outcome:
    """The statement fits the cost derivation (so its right side is P(L)'s times ∂C/∂a_L), and the
    concrete helper :func:`bias_gradient_closed_form` is P at L = 1..5 (every j)."""
    ok, detail = fits(_cost_derivation(st.relation), st.relation)
    helper_bad = [
        (L, j)
        for L in range(1, 6)
        for j in range(1, L + 1)
        if not is_zero_over_exponentials(
            _instantiate(chain_P(_L).rhs, L, j) * chain_symbols(L).dC_daL
            - bias_gradient_closed_form(L, j)
        )
    ]
    return Outcome.of(
        ok and not helper_bad,
        f"{detail}; bias_gradient_closed_form(L, j) = P(L) at j for L = 1..5: "
        + ("all 15 pairs" if not helper_bad else f"NOT for {helper_bad}"),
    )


def _chain_formal() -> Statement:
    by_induction = CHAIN_INDUCTION.statement().proof
    assert by_induction is not None

    def proof(st: Statement) -> Outcome:
        ind = CHAIN_INDUCTION.check()
        if not ind.ok:
            return ind
        rest = _chain_statement_proof(st)
        return Outcome.of(rest.ok, f"{ind.detail}; {rest.detail}")

    return Statement(
        CHAIN_STATEMENT_RELATION,
        domain=f"{_L} ≥ {_j} ≥ 1 integers; w_k, b_k real; C any differentiable cost",
        proof=proof,
        explanation=(
            "a(L, b_j) is the chain's output a_L as a function of b_j, z_k = w_k a_{k−1} + b_k; "
            "proved by induction on L (base L = j) from the one statement P(L): "
            + sp.sstr(chain_P(_L))
        ),
    )


def product_form_for_every_depth_by_induction() -> Outcome:
    """Induction on L ≥ j with one P(L): base P(j), step P(L) ⇒ P(L+1), then ×∂C/∂a_L."""
    ind = CHAIN_INDUCTION.check()
    cost = fits(INDUCTION_COST, CHAIN_STATEMENT_RELATION)
    return Outcome.of(ind.ok and cost[0], f"{ind.detail}; {cost[1]}")


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
            symbolic(product_form_for_every_depth_by_induction),
            symbolic(product_form_by_direct_expansion_up_to_depth_8),
            numeric(product_matches_finite_differences_at_many_depths),
            numeric(deep_chain_underflows_in_float64_but_agrees_in_log_space),
        ),
        notes=(
            "Nielsen ch. 5 writes the product for L = 4 and says ∂C/∂b₃ 'follows the same pattern' "
            "without deriving it; the induction proves the pattern for every L and j. In a deep "
            "saturated chain the product drops below the float64 range (10^−308): evaluate it "
            "as a sum of logarithms (gradproof.chain_bias_gradients_log)."
        ),
        derivations=INDUCTION,
        formal=_chain_formal(),
    )
)


# ============================================================ grad_b1_via_b3
# Statement: ∂C/∂b₁ = σ′(z₁) w₂ σ′(z₂) w₃ · ∂C/∂b₃ exactly (L ≥ 3); hence |w₂|, |w₃| < 1 ⇒
# |∂C/∂b₁| < |∂C/∂b₃|/16 whenever ∂C/∂b₃ ≠ 0 (and both vanish together otherwise).


def _split_products(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: ``cur`` splits a product of ``prev`` into adjacent ranges (merge them back)."""
    return _adjacent_products_merged(cur, prev)


# ∂C/∂b₃ and ∂C/∂a_L as symbols, so the last step shows them; its check substitutes the product
# form of ∂C/∂b₃ (claim chain_grad_any_depth with j = 3) back in.
_DC_DB3, _DC_DAL = sp.Symbol("∂C/∂b3"), sp.Symbol("dC/da_L")


def _bracket_is_grad_b3(prev: sp.Basic, cur: sp.Basic) -> bool:
    """An ``=`` link equal once ∂C/∂b₃ = σ′(z₃) ∏_{k=4}^{L} w_k σ′(z_k) · ∂C/∂a_L is substituted."""
    grad_b3 = _sigma_prime_opaque(_z_i[3]) * _prod(4, _L) * _DC_DAL
    return are_equal(prev, cur.subs(_DC_DB3, grad_b3))


VIA_B3_IDENTITY = Derivation(
    title="∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃ · ∂C/∂b₃ for every depth L ≥ 3",
    assumptions="L ≥ 3 integer; the product form of claim chain_grad_any_depth; σ′ any function",
    lhs=sp.Symbol("∂C/∂b1") / _DC_DAL,
    steps=(
        Step(_sigma_prime_opaque(_z_i[1]) * _prod(2, _L), "chain_grad_any_depth with j = 1"),
        Step(
            _sigma_prime_opaque(_z_i[1]) * _prod(2, 3) * _prod(4, _L),
            "split the range 2..L into 2..3 and 4..L",
            check=_split_products,
        ),
        Step(
            _sigma_prime_opaque(_z_i[1])
            * _w_i[2]
            * _sigma_prime_opaque(_z_i[2])
            * _w_i[3]
            * _sigma_prime_opaque(_z_i[3])
            * _prod(4, _L),
            "write out the two factors",
        ),
        Step(
            _sigma_prime_opaque(_z_i[1])
            * _w_i[2]
            * _sigma_prime_opaque(_z_i[2])
            * _w_i[3]
            * sp.UnevaluatedExpr(_DC_DB3 / _DC_DAL),
            "σ′(z₃) ∏_{k=4}^{L} w_k σ′(z_k) = (∂C/∂b₃)/(∂C/∂a_L) (chain_grad_any_depth with j = 3)",
            check=_bracket_is_grad_b3,
        ),
    ),
    conclusion="∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃ · ∂C/∂b₃",
)

# |∂C/∂b₁| = A·B·W·G with A = σ′(z₁), B = |w₂σ′(z₂)|, W = |w₃|, G = |∂C/∂b₃| > 0
_Aa, _Bb = sp.Symbol("σ′(z₁)", positive=True), sp.Symbol("|w₂σ′(z₂)|", nonnegative=True)
_Ww, _Gg = sp.Symbol("|w₃|", nonnegative=True), sp.Symbol("|∂C/∂b₃|", positive=True)
_alpha, _delta, _eps = (
    sp.Symbol("α", nonnegative=True),
    sp.Symbol("δ", positive=True),
    sp.Symbol("ε", positive=True),
)


def _gap_has_sign(
    subs: dict[sp.Symbol, sp.Expr], sign: str
) -> Callable[[sp.Basic, sp.Basic], bool]:
    """Step check for ``prev R cur``: ``cur − prev`` has ``sign`` once ``subs`` encodes premises."""

    def check(prev: sp.Basic, cur: sp.Basic) -> bool:
        gap = sp.expand((sp.sympify(cur) - sp.sympify(prev)).subs(subs))
        return sign_is(gap, sign)  # type: ignore[arg-type]

    return check


VIA_B3_BOUND = Derivation(
    title="|∂C/∂b₁| < |∂C/∂b₃|/16 when |w₂|, |w₃| < 1 and ∂C/∂b₃ ≠ 0",
    assumptions=(
        "σ′(z₁) = 1/4 − α, α ≥ 0 (claim sigmoid_prime_max); |w₃| = 1 − δ, δ > 0; "
        "|w₂σ′(z₂)| = 1/4 − ε, ε > 0 (claim weighted_sigmoid_prime_bound, |w₂| < 1); "
        "|∂C/∂b₃| > 0"
    ),
    lhs=sp.Symbol("|∂C/∂b₁|"),
    steps=(
        Step(_Aa * _Bb * _Ww * _Gg, "modulus of the identity (σ′ > 0)"),
        Step(
            _Bb * _Ww * _Gg / 4,
            "σ′(z₁) ≤ 1/4 (claim sigmoid_prime_max)",
            relation="<=",
            check=_gap_has_sign({_Aa: sp.Rational(1, 4) - _alpha}, "nonnegative"),
        ),
        Step(
            _Bb * _Gg / 4,
            "|w₃| < 1",
            relation="<=",
            check=_gap_has_sign({_Ww: 1 - _delta}, "nonnegative"),
        ),
        Step(
            _Gg / 16,
            "|w₂σ′(z₂)| < 1/4 (claim weighted_sigmoid_prime_bound) and |∂C/∂b₃| > 0",
            relation="<",
            check=_gap_has_sign({_Bb: sp.Rational(1, 4) - _eps}, "positive"),
        ),
    ),
    conclusion="|∂C/∂b₁| < |∂C/∂b₃|/16 — strictly more than a factor of 16",
)


def b1_via_b3_identity_and_strict_bound() -> Outcome:
    """Identity by differentiating the composition (L = 3..6) and for all L ≥ 3; then the bound."""
    direct: list[int] = []
    for L in range(3, 7):
        s = chain_symbols(L)
        ratio = sig.sigma_prime(s.z(1)) * s.w[1] * sig.sigma_prime(s.z(2)) * s.w[2]
        gap = cost_derivative_of_composition(L, 1) - ratio * cost_derivative_of_composition(L, 3)
        if is_zero_over_exponentials(gap):
            direct.append(L)
    links = check_all((VIA_B3_IDENTITY, VIA_B3_BOUND))
    ok = direct == [3, 4, 5, 6] and links.ok
    return Outcome.of(
        ok,
        f"∂C/∂b₁ − σ′(z₁)w₂σ′(z₂)w₃·∂C/∂b₃ ≡ 0 by direct differentiation (no closed form used) "
        f"for L = {direct}; {links.detail}",
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


def _grad(j: int) -> sp.Expr:
    """∂C/∂b_j written as in chain_grad_any_depth: ∂/∂b_j of C(a(L, b_j))."""
    return sp.Derivative(C(_a_of(_L, _b_i[j])), _b_i[j])


def _via_b3_relation(factor: int = 16) -> sp.Basic:
    sp_ = sig.SIGMA_PRIME
    return sp.And(
        sp.Eq(_grad(1), sp_(_z_i[1]) * _w_i[2] * sp_(_z_i[2]) * _w_i[3] * _grad(3)),
        sp.Implies(
            sp.And(sp.Lt(sp.Abs(_w_i[2]), 1), sp.Lt(sp.Abs(_w_i[3]), 1)),
            sp.Lt(sp.Abs(_grad(1)), sp.Abs(_grad(3)) / factor),
        ),
    )


def _via_b3_proof(st: Statement) -> Outcome:
    """Identity: both gradients from chain_grad_any_depth (lemma) at j = 1 and j = 3, the
    product split at 3|4. Bound: the derivation VIA_B3_BOUND must prove exactly the statement's
    inequality (its factor 16, its hypotheses |w₂|, |w₃| < 1)."""
    lemma = use(chain_grad_any_depth).relation
    identity = st.part(sp.Eq)
    grads = {_grad(j): lemma.rhs.xreplace({_j: sp.Integer(j), _bj: _b_i[j]}) for j in (1, 3)}
    # the lemma's left sides at j = 1, 3 are the statement's ∂C/∂b₁, ∂C/∂b₃
    lhs_ok = all(
        lemma.lhs.xreplace({_j: sp.Integer(j), _bj: _b_i[j]}) == g
        for j, g in zip((1, 3), grads, strict=True)
    )
    # C′ at a_L, whichever b_j a_L is viewed as a function of, is one number
    cost_prime = {sp.Derivative(C(_a_of(_L, _b_i[j])), _a_of(_L, _b_i[j])): _DC_DAL for j in (1, 3)}
    gap = (identity.lhs - identity.rhs).xreplace(grads).xreplace(cost_prime)
    split = gap.replace(
        lambda e: isinstance(e, sp.Product) and e.limits[0][1] == 2,
        lambda e: sp.Product(e.function, (_k, 2, 3)).doit() * sp.Product(e.function, (_k, 4, _L)),
    )
    split = split.replace(
        lambda e: isinstance(e, sp.Product) and e.limits[0][1] == 4,
        lambda e: sp.Product(e.function, (_k, 4, _L)),
    )
    identity_ok = lhs_ok and sp.expand(split) == 0
    bound = st.part(sp.Implies)
    hyp, goal = bound.args
    expected = _via_b3_relation().args
    expected_bound = next(a for a in expected if isinstance(a, sp.Implies))
    hyp_ok = hyp == expected_bound.args[0]
    factor = sp.simplify(goal.rhs.args[0] if goal.rhs.is_Mul else 1)
    shape_ok = isinstance(goal, sp.Lt) and goal.lhs == sp.Abs(_grad(1))
    fit_ok, fit_detail = fits(VIA_B3_BOUND, sp.Lt(_Aa * _Bb * _Ww * _Gg, _Gg * factor))
    ok = identity_ok and hyp_ok and shape_ok and fit_ok
    return Outcome.of(
        ok,
        f"identity from chain_grad_any_depth at j = 1, 3 with ∏ split at 3|4: {identity_ok}; "
        f"hypotheses |w₂|, |w₃| < 1: {hyp_ok}; bound |∂C/∂b₁| < {factor}·|∂C/∂b₃|: {fit_detail}",
    )


grad_b1_via_b3 = register(
    Claim(
        id="grad_b1_via_b3",
        statement=(
            "In a chain of L ≥ 3 sigmoid neurons, ∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) w₃ · ∂C/∂b₃ exactly; "
            "hence if |w₂| < 1 and |w₃| < 1 then |∂C/∂b₁| < |∂C/∂b₃|/16 whenever ∂C/∂b₃ ≠ 0."
        ),
        source="nielsen-ch5 after eq. (122) (∂C/∂b₁ against ∂C/∂b₃); notes-ps5 §3.1",
        evidence=(
            symbolic(b1_via_b3_identity_and_strict_bound),
            prop(b1_via_b3_holds_for_random_chains),
        ),
        notes=(
            "The text's 'a factor of 16 (or more) smaller' is an inequality, not an identity, and "
            "it needs |w₂| < 1 and |w₃| < 1 (the text only says weights 'usually' satisfy this; "
            "for w ~ N(0, 1) both hold with probability erf(1/√2)² ≈ 0.47, claim "
            "gaussian_weight_usually_small). Under those conditions it is strict — more than 16 — "
            "unless ∂C/∂b₃ = 0, when both gradients vanish. The extra factor is "
            "σ′(z₁)·w₂σ′(z₂)·w₃, i.e. (w₂σ′(z₂))·(w₃σ′(z₁)): the lecture notes' overbraces put the "
            "second σ′ on z₃, but ∂C/∂b₃ already carries σ′(z₃). With |w₂| or |w₃| ≥ 1 the "
            "factor can be smaller than 16 (see claims gain_* and exploding_example)."
        ),
        derivations=(VIA_B3_IDENTITY, VIA_B3_BOUND),
        uses=(chain_grad_any_depth, sig.sigmoid_prime_max, sig.weighted_sigmoid_prime_bound),
        formal=Statement(
            _via_b3_relation(),
            domain="L ≥ 3 integer; w_k, b_k real; in the bound ∂C/∂b₃ ≠ 0",
            proof=_via_b3_proof,
            explanation="∂C/∂b_j written ∂/∂b_j C(a(L, b_j)) as in chain_grad_any_depth",
        ),
    )
)


# ============================================================ depth_shrink_bound
# Statement: |w_k| ≤ 1 for k = 2..L ⇒ |∂C/∂b₁| ≤ 4^{−L} |∂C/∂a_L|.

_U = sp.Symbol("|Π_L|", nonnegative=True)  # Π_L = ∂a_L/∂b₁ = σ′(z₁)∏_{k=2}^{L} w_kσ′(z_k)
_V = sp.Symbol("|w_{L+1}σ′(z_{L+1})|", nonnegative=True)
_nu, _mu = sp.Symbol("ν", nonnegative=True), sp.Symbol("μ", nonnegative=True)


def _pi(n: sp.Expr) -> sp.Expr:
    """Π_n = ∂a_n/∂b₁ = σ′(z₁) ∏_{k=2}^{n} w_k σ′(z_k): chain_grad_any_depth's product, j = 1."""
    return grad_product(n).subs(_j, 1)


#: The claim's hypothesis on the weights, for every k = 2..L.
SHRINK_HYPOTHESIS = sp.Le(sp.Abs(_w_i[_k]), 1)


def shrink_P(n: sp.Expr) -> sp.Basic:
    """P(n): |Π_n| ≤ 4^(−n) — the one statement of the induction."""
    return sp.Le(sp.Abs(_pi(n)), sp.Integer(4) ** (-n))


def _split_inside_moduli(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: ``prev`` with each ∏_{k=p}^{q} written ∏_{k=p}^{q−1} · (factor q) equals ``cur``
    once every modulus of a product is written as the product of the moduli (|xy| = |x||y|)."""

    def split(e: sp.Product) -> sp.Expr:
        f, (var, lo, hi) = e.function, e.limits[0]
        return sp.Product(f, (var, lo, hi - 1)) * f.subs(var, hi)

    def moduli_of_factors(e: sp.Basic) -> sp.Basic:  # |xy| = |x||y|
        return e.replace(
            lambda x: isinstance(x, sp.Abs) and isinstance(x.args[0], sp.Mul),
            lambda x: sp.Mul(*(sp.Abs(f) for f in x.args[0].args)),
        )

    split_prev = sp.sympify(prev).replace(lambda e: isinstance(e, sp.Product), split)
    return bool(sp.expand(moduli_of_factors(split_prev) - moduli_of_factors(cur)) == 0)


def _sigmoid_facts(zk: sp.Expr) -> tuple[sp.Basic, sp.Basic]:
    """σ′(z_k) > 0 and σ′(z_k) ≤ 1/4: the proved statement of sigmoid_prime_max, at z = z_k."""
    st = use(sigmoid_prime_max_claim())
    return (
        instance(st.part(sp.Gt), {sig.z: zk}),
        instance(st.part(sp.Le), {sig.z: zk}),
    )


def sigmoid_prime_max_claim() -> Claim:
    return sig.sigmoid_prime_max


def _shrink_base(goal: sp.Basic) -> Derivation:
    positive, bound = _sigmoid_facts(_z_i[1])
    return Derivation(
        title="base case L = 1: |Π₁| = σ′(z₁) ≤ 1/4",
        assumptions="the proved statement of sigmoid_prime_max at z = z₁",
        steps=(
            Step(goal.lhs, "the goal P(1)"),
            Step(sp.Abs(sig.SIGMA_PRIME(_z_i[1])), "the empty product ∏_{k=2}^{1} is 1"),
            Step(sig.SIGMA_PRIME(_z_i[1]), "σ′ > 0 (sigmoid_prime_max)", check=by(positive)),
            Step(goal.rhs, "σ′ ≤ 1/4 (sigmoid_prime_max)", "<=", check=by(bound)),
        ),
    )


def _shrink_step(hypothesis: sp.Basic) -> Callable[[sp.Basic, sp.Basic], Derivation]:
    """The step, using ``hypothesis`` (|w_k| ≤ 1, from the statement) at k = n + 1."""

    def step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
        n = _L
        wn, zn = _w_i[n + 1], _z_i[n + 1]
        weighted = use(sig.weighted_sigmoid_prime_bound).part(
            sp.Le, lambda r: not r.rhs.is_number
        )  # |wσ′(z)| ≤ |w|/4
        return Derivation(
            title="inductive step: |Π_{L+1}| ≤ 4^{−(L+1)} from |Π_L| ≤ 4^{−L}",
            assumptions=f"{sp.sstr(hypothesis)} at k = L + 1; the lemma {sp.sstr(weighted)}",
            steps=(
                Step(goal.lhs, "the goal P(L + 1)"),
                Step(
                    ih.lhs * sp.Abs(wn * sig.SIGMA_PRIME(zn)),
                    "Π_{L+1} = Π_L · w_{L+1}σ′(z_{L+1}) (the product of chain_grad_any_depth)",
                    check=_split_inside_moduli,
                ),
                Step(
                    ih.lhs * sp.Abs(wn) / 4,
                    "|wσ′(z)| ≤ |w|/4 (weighted_sigmoid_prime_bound)",
                    "<=",
                    check=by(instance(weighted, {sig.w: wn, sig.z: zn})),
                ),
                Step(
                    ih.lhs / 4,
                    "the hypothesis at k = L + 1",
                    "<=",
                    check=by(hypothesis.subs(_k, n + 1)),
                ),
                Step(ih.rhs / 4, "inductive hypothesis P(L)", "<=", check=by(ih)),
                Step(goal.rhs, "4^(−L)/4 = 4^(−(L+1))"),
            ),
        )

    return step


def shrink_induction(hypothesis: sp.Basic = SHRINK_HYPOTHESIS) -> Induction:
    """∀ L ≥ 1: |Π_L| ≤ 4^(−L), by induction, under ``hypothesis`` on w_k (k = 2..L)."""
    return Induction(
        name="|Π_L| ≤ 4^(−L)",
        var=_L,
        base=1,
        P=shrink_P,
        base_case=_shrink_base,
        step=_shrink_step(hypothesis),
        domain=f"{sp.sstr(hypothesis)} for k = 2..L",
    )


def _attained(n: sp.Expr) -> sp.Expr:
    """Π_n at w_k = 1 and every z_k = 0."""
    return _pi(n).replace(
        lambda e: isinstance(e, sp.Indexed), lambda e: 1 if e.base == _w_i else sp.Integer(0)
    )


def _shrink_statement_proof(st: Statement) -> Outcome:
    """The statement's implication is hypothesis ⇒ P(L), proved by the induction *with that
    hypothesis*; its equality (attainment) is proved by the generic prover."""
    implication = st.part(sp.Implies)
    hypothesis, conclusion = implication.args
    if conclusion != shrink_P(_L):
        return Outcome.fails(f"{sp.sstr(conclusion)} is not P(L) = {sp.sstr(shrink_P(_L))}")
    ind = shrink_induction(hypothesis).check()
    attained = st.part(sp.Eq)
    ok, detail = prove_relation(expand_definitions(attained, sig.DEFINITIONS))
    return Outcome.of(ind.ok and ok, f"{ind.detail}; sharp: {detail}")


SHRINK_INDUCTION = shrink_induction()
SHRINK_STEP = SHRINK_INDUCTION.step_derivation()


def shrink_bound_by_induction() -> Outcome:
    """Induction: base |Π₁| = σ′(z₁) ≤ 1/4; step ×|wσ′| ≤ |w|/4 ≤ 1/4; sharp (w_k = 1, z_k = 0)."""
    ind = SHRINK_INDUCTION.check()
    sharp: list[int] = []
    for L in range(1, 7):
        s = chain_symbols(L)
        at = {s.b[0]: -s.a0, **{s.w[k]: 1 for k in range(L)}}
        at.update({s.b[k]: -sp.Rational(1, 2) for k in range(1, L)})
        value = sp.simplify(bias_gradient_closed_form(L, 1).subs(at))
        if sp.simplify(value - sp.Integer(4) ** -L * s.dC_daL) == 0:
            sharp.append(L)
    ok = ind.ok and sharp == list(range(1, 7))
    return Outcome.of(
        ok,
        f"{ind.detail}; so |∂C/∂b₁| = |Π_L||∂C/∂a_L| ≤ 4^(−L)|∂C/∂a_L|; equality in the "
        f"concrete chain with w_k = 1, every z_k = 0 for L = {sharp}",
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
        evidence=(symbolic(shrink_bound_by_induction), prop(shrink_bound_holds_for_random_chains)),
        notes=(
            "The article “Vanishing and Exploding Gradients” argues with σ′ ≤ 1/4 alone and then "
            "brings in the weights; the factor 4 per "
            "layer needs |w_k| ≤ 1. Only w₂..w_L matter: w₁ does not enter ∂C/∂b₁. The bound is "
            "sharp (equality when every z_k = 0 and |w_k| = 1), so 'at least 4' cannot be improved."
        ),
        derivations=(SHRINK_INDUCTION.base_derivation(), SHRINK_STEP),
        uses=(chain_grad_any_depth, sig.sigmoid_prime_max, sig.weighted_sigmoid_prime_bound),
        formal=Statement(
            sp.And(
                sp.Implies(SHRINK_HYPOTHESIS, shrink_P(_L)),
                sp.Eq(_attained(_L), sp.Integer(4) ** (-_L)),
            ),
            domain="L ≥ 1 integer, the hypothesis for every k = 2..L; z_k real",
            proof=_shrink_statement_proof,
            explanation=(
                "Π_L = σ′(z₁)∏_{k=2}^{L} w_kσ′(z_k) = (∂C/∂b₁)/(∂C/∂a_L) (claim "
                "chain_grad_any_depth), so |∂C/∂b₁| ≤ 4^(−L)|∂C/∂a_L|; the second part: the "
                "bound is attained at w_k = 1, z_k = 0"
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
        f"composition at these parameters = {derivative} = (1/4)·25³·C′(a₄): {exact}, at "
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


#: ∂C/∂b₁ of the 4-chain as a function of its parameters (w₁..w₄, b₁..b₄, a₀), for display.
GRAD_B1_DEPTH4 = sp.Function("∂C/∂b₁")
_params4 = (*_S4.w, *_S4.b, _S4.a0)


def _exploding_relation() -> sp.Basic:
    sp_, a0 = sig.SIGMA_PRIME, _S4.a0
    at = (100, 100, 100, 100, -100 * a0, -50, -50, -50, a0)
    return sp.And(
        sp.Eq(GRAD_B1_DEPTH4(*at), sp.Rational(1, 4) * 25**3 * _S4.dC_daL),
        sp.Eq(100 * sp_(0), 25),
        sp.Eq(sp_(0) * sp.Product(100 * sp_(0), (_k, 2, _L)), sp.Integer(25) ** (_L - 1) / 4),
    )


def _exploding_gradient_part(part: sp.Basic, st: Statement) -> tuple[bool, str] | None:
    """The part ∂C/∂b₁(parameters) = value: SymPy's derivative of the composed chain at those
    parameters minus the value is 0 over the exponentials (exact, and fast where ``simplify``
    of a wrong parameter can run for many minutes)."""
    if not (isinstance(part, sp.Eq) and part.lhs.func == GRAD_B1_DEPTH4):
        return None
    at = dict(zip(_params4, part.lhs.args, strict=True))
    derivative = cost_derivative_of_composition(4, 1).subs(at)
    gap = derivative - part.rhs
    if is_zero_over_exponentials(gap):
        return True, "derivative of the composition at the parameters − value ≡ 0"
    return False, f"not an identity; {refute_at_a_point(gap)}"


_EXPLODING_DEFINITIONS = {
    **sig.DEFINITIONS,
    GRAD_B1_DEPTH4: sp.Lambda(_params4, cost_derivative_of_composition(4, 1)),
}


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
            "and 25^(L−1)/4 at depth L."
        ),
        formal=Statement(
            _exploding_relation(),
            domain="a₀ real; L ≥ 2 integer; C any differentiable cost",
            definitions=_EXPLODING_DEFINITIONS,
            proof=proved_by(extra=(_exploding_gradient_part,)),
            explanation=(
                "∂C/∂b₁(w₁, …, w₄, b₁, …, b₄, a₀) is SymPy's derivative of the composed 4-chain; "
                "the parameters make every z_j = 0, so every factor is 100σ′(0) = 25"
            ),
        ),
    )
)


# ============================================================ larger_derivative_still_unstable
# Statement: for any differentiable activation f the gradient is f′(z₁)∏_{k≥2} w_k f′(z_k) C′(a_L);
# factors of modulus ≥ c > 1 make it grow like c^{L−1}, factors ≤ c < 1 make it shrink like c^{L−1}.

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


_c = sp.Symbol("c", positive=True)
_Vg = sp.Symbol("|w_{L+1}f′(z_{L+1})|", nonnegative=True)

EXPLODE_STEP = Derivation(
    title="factors ≥ c: |Π_{L+1}| ≥ c^{L+1} from |Π_L| ≥ c^L",
    assumptions="|w_{L+1}f′(z_{L+1})| = c + ν, ν ≥ 0; |Π_L| = c^L + μ, μ ≥ 0 (hypothesis); c > 0",
    lhs=sp.Symbol("|Π_{L+1}|"),
    steps=(
        Step(_U * _Vg, "Π_{L+1} = Π_L · w_{L+1} f′(z_{L+1})"),
        Step(_U * _c, "|w_{L+1}f′| ≥ c", ">=", check=_gap_has_sign({_Vg: _c + _nu}, "nonpositive")),
        Step(
            _c**_L * _c, "hypothesis", ">=", check=_gap_has_sign({_U: _c**_L + _mu}, "nonpositive")
        ),
        Step(_c ** (_L + 1), "arithmetic"),
    ),
    conclusion="|Π_L| ≥ c^L for all L (base L = 0: Π₀ = 1)",
)

VANISH_STEP = Derivation(
    title="factors ≤ c: |Π_{L+1}| ≤ c^{L+1} from |Π_L| ≤ c^L",
    assumptions="|w_{L+1}f′(z_{L+1})| = c − ν, ν ≥ 0; |Π_L| = c^L − μ, μ ≥ 0 (hypothesis); c > 0",
    lhs=sp.Symbol("|Π_{L+1}|"),
    steps=(
        Step(_U * _Vg, "Π_{L+1} = Π_L · w_{L+1} f′(z_{L+1})"),
        Step(_U * _c, "|w_{L+1}f′| ≤ c", "<=", check=_gap_has_sign({_Vg: _c - _nu}, "nonnegative")),
        Step(
            _c**_L * _c, "hypothesis", "<=", check=_gap_has_sign({_U: _c**_L - _mu}, "nonnegative")
        ),
        Step(_c ** (_L + 1), "arithmetic"),
    ),
    conclusion="|Π_L| ≤ c^L for all L (base L = 0: Π₀ = 1)",
)


def general_activation_product_and_its_instability() -> Outcome:
    """Any f: SymPy's ∂C/∂b₁ (L = 4) and the step give f′(z₁)∏w_kf′(z_k)C′; c^L → ∞ or 0."""
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
    step = _name_primes(sp.diff(f_act(_wn * _A(_bj) + _bn), _bj))
    step_ok = sp.simplify(step - _wn * _fp(_wn * _A(_bj) + _bn) * sp.Derivative(_A(_bj), _bj)) == 0
    d = sp.Symbol("d", positive=True)
    grows = sp.limit((1 + d) ** _L, _L, sp.oo) == sp.oo
    shrinks = sp.limit((1 + d) ** (-_L), _L, sp.oo) == 0
    links = check_all((EXPLODE_STEP, VANISH_STEP))
    ok = depth4 and step_ok and grows and shrinks and links.ok
    return Outcome.of(
        ok,
        f"general f, L = 4: ∂C/∂b₁ − f′(z₁)w₂f′(z₂)w₃f′(z₃)w₄f′(z₄)C′ ≡ 0: {depth4}; inductive "
        f"step with f: ∂a_(L+1)/∂b_j = w f′(z_(L+1)) ∂a_L/∂b_j: {step_ok} (base and ∏ algebra "
        f"as in chain_grad_any_depth, which never used the form of σ′); {links.detail}; "
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


def _larger_relation() -> sp.Basic:
    """∂C/∂b₁ of a 4-chain with any activation f is a product of factors w_k f′(z_k); a step of
    the growth and of the decay bound; (1 + d)^L → ∞ and (1 + d)^(−L) → 0."""
    s4 = chain_symbols(4)
    xi = sp.Symbol("ξ", real=True)
    act, zs = s4.a0, []
    for k in range(4):
        zs.append(s4.w[k] * act + s4.b[k])
        act = f_act(zs[-1])
    fprime = [sp.Subs(sp.Derivative(f_act(xi), xi), xi, zk) for zk in zs]
    cost_prime = sp.Subs(sp.Derivative(C(xi), xi), xi, act)
    product = fprime[0] * sp.Mul(*(s4.w[k] * fprime[k] for k in range(1, 4))) * cost_prime
    dd = sp.Symbol("d", positive=True)
    return sp.And(
        sp.Eq(sp.Derivative(C(act), s4.b[0]), product),
        sp.Implies(sp.And(sp.Ge(_Vg, _c), sp.Ge(_U, _c**_L)), sp.Ge(_U * _Vg, _c ** (_L + 1))),
        sp.Implies(sp.And(sp.Le(_Vg, _c), sp.Le(_U, _c**_L)), sp.Le(_U * _Vg, _c ** (_L + 1))),
        sp.Eq(sp.Limit((1 + dd) ** _L, _L, sp.oo), sp.oo),
        sp.Eq(sp.Limit((1 + dd) ** (-_L), _L, sp.oo), 0),
    )


def _vanish_step_part(part: sp.Basic, st: Statement) -> tuple[bool, str] | None:
    """The decay step: its hypotheses must be exactly those VANISH_STEP's checks encode
    (|w f′| ≤ c, |Π_L| ≤ c^L, both moduli ≥ 0) and VANISH_STEP must fit its conclusion."""
    if not (isinstance(part, sp.Implies) and isinstance(part.args[1], sp.Le)):
        return None
    hyp, goal = part.args
    hyp_ok = hyp == sp.And(sp.Le(_Vg, _c), sp.Le(_U, _c**_L))
    ok, detail = fits(VANISH_STEP, goal)
    return hyp_ok and ok, f"hypotheses as in the derivation: {hyp_ok}; {detail}"


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
            "later layer, so it is stable only if those factors balance near 1 layer after layer."
        ),
        derivations=(EXPLODE_STEP, VANISH_STEP),
        formal=Statement(
            _larger_relation(),
            domain="w_k, b_k, a₀ real; f, C any differentiable functions; c, d > 0; L ≥ 1",
            proof=proved_by(extra=(_vanish_step_part,)),
            explanation=(
                "first part: depth 4 with any activation f (the induction of "
                "chain_grad_any_depth never used the form of σ′); |Π_L| = |∂C/∂b₁|/|C′| and "
                "|w_{L+1}f′(z_{L+1})| are the moduli in the two inductive steps: factors ≥ c give "
                "|Π_L| ≥ c^L, factors ≤ c give |Π_L| ≤ c^L"
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
