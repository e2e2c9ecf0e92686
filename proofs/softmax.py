"""The softmax output layer and the log-likelihood cost (Nielsen ch. 3, section "Softmax").

An output layer of n_L neurons with weighted inputs zᴸ_j = Σ_k wᴸ_jk aᴸ⁻¹_k + bᴸ_j and the
softmax activation

    aᴸ_j = e^{zᴸ_j} / N,    N = Σ_{k=1}^{n_L} e^{zᴸ_k},

with the log-likelihood cost C = −ln aᴸ_y of one training input whose class is y (its one-hot
target vector has y_j = δ_jy, the Kronecker delta). The claims of this family:

* ``softmax_is_a_distribution`` — every aᴸ_j > 0 and Σ_j aᴸ_j = 1, for a **symbolic** number of
  outputs n_L (a SymPy ``Sum`` over 1 … n_L) and every real zᴸ: the core proves the sum in three
  links (unfold, the constant N comes out of the sum, N/N = 1) and the sign from e^x > 0 and a
  nonempty sum of positive terms.
* ``softmax_log_likelihood_delta`` — δᴸ_j = ∂C/∂zᴸ_j = aᴸ_j − y_j, ∂C/∂bᴸ_j = aᴸ_j − y_j and
  ∂C/∂wᴸ_jk = aᴸ⁻¹_k (aᴸ_j − y_j), for symbolic widths n_L, n_{L−1}. SymPy differentiates the
  sum entry by entry with Kronecker deltas; the sum over a delta keeps one term for an index
  inside its layer (the core's ``in_layer`` argument of ``proofs.layers``, a premise n_L ≥ j); the
  bias and weight parts go through the multivariable chain rule through zᴸ, a premise inside the
  relation, as in ``backprop_equations``.
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
import numpy as np
import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, numeric, register, symbolic
from gradproof.core import Theorem
from gradproof.derivation import Derivation, Step, check_all
from gradproof.logic import Statement, by
from gradproof.proofs import layers
from gradproof.proofs.layers import chain_rule, in_layer, partial_b, partial_w

ORDER = 32
SEED = 20261205

#: symbolic widths: n_L outputs, n_{L−1} inputs from the layer below
n_out, n_in = sp.symbols("n_L n_{L-1}", integer=True, positive=True)
_j, _k, _p, _q, _r = sp.symbols("j k p q r", integer=True, positive=True)
#: the target class y (an output's index); its one-hot vector is y_j = δ_jy
y_class = sp.Symbol("y", integer=True, positive=True)
_REAL = {"real": True}
z_out = sp.IndexedBase("z^{L}", **_REAL)
w_out = sp.IndexedBase("w^{L}", **_REAL)
b_out = sp.IndexedBase("b^{L}", **_REAL)
a_in = sp.IndexedBase("a^{L-1}", **_REAL)

#: the softmax output aᴸ_j (a function of the index; n_L and zᴸ are its parameters) and its
#: normaliser N(n) = Σ_{k=1}^{n} e^{zᴸ_k}
SOFTMAX = sp.Function("a^{L}", real=True)
NORMALISER = sp.Function("N", real=True)
#: δᴸ_j, defined as ∂C/∂zᴸ_j for C = −ln aᴸ_y; ∂C/∂bᴸ_j and ∂C/∂wᴸ_jk are undefined functions
#: whose chain rule through zᴸ is each equation's premise
DELTA_L = sp.Function("δ^{L}", real=True)


def DC_DB(j: sp.Expr) -> sp.Expr:
    """∂C/∂bᴸ_j: backprop_equations' ∂C/∂b at the output layer L (printed ∂C/∂bᴸ_j)."""
    return partial_b(layers._L, j)


def DC_DW(j: sp.Expr, k: sp.Expr) -> sp.Expr:
    """∂C/∂wᴸ_jk: backprop_equations' ∂C/∂w at the output layer L."""
    return partial_w(layers._L, j, k)


def log_likelihood_expr() -> sp.Expr:
    """C = −ln aᴸ_y, the log-likelihood cost of one input of class y (Nielsen ch. 3)."""
    return -sp.log(SOFTMAX(y_class))


def one_hot(j: sp.Expr) -> sp.Expr:
    """y_j = δ_jy: the one-hot target vector of class y."""
    return sp.KroneckerDelta(j, y_class)


def z_expr(i: sp.Expr) -> sp.Expr:
    """zᴸ_i = Σ_p wᴸ_ip aᴸ⁻¹_p + bᴸ_i."""
    return sp.Sum(w_out[i, _p] * a_in[_p], (_p, 1, n_in)) + b_out[i]


DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    NORMALISER: sp.Lambda(n_out, sp.Sum(sp.exp(z_out[_k]), (_k, 1, n_out))),
    SOFTMAX: sp.Lambda(_j, sp.exp(z_out[_j]) / NORMALISER(n_out)),
}
LL_DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    **DEFINITIONS,
    DELTA_L: sp.Lambda(_j, sp.Derivative(log_likelihood_expr(), z_out[_j])),
}
DEFINITION_THEOREMS: tuple[Theorem, ...] = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in DEFINITIONS.items()
)
LL_DEFINITION_THEOREMS: tuple[Theorem, ...] = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in LL_DEFINITIONS.items()
)

_SECTION = "nielsen-ch3 §'Softmax'"

# ============================================================ softmax_is_a_distribution

SUM_IS_ONE = Derivation(
    title="Σ_j aᴸ_j = 1 for any number of outputs n_L",
    assumptions="n_L any positive integer; zᴸ_1 … zᴸ_{n_L} any real numbers",
    steps=(
        Step(sp.Sum(SOFTMAX(_k), (_k, 1, n_out)), "the sum of the softmax outputs"),
        Step(
            sp.Sum(sp.exp(z_out[_k]) / NORMALISER(n_out), (_k, 1, n_out)),
            "aᴸ_k = e^{zᴸ_k}/N (definition of the softmax)",
            source=_SECTION,
        ),
        Step(
            sp.Integer(1),
            "N = Σ_k e^{zᴸ_k} does not depend on k: it comes out of the sum, and N/N = 1 (N > 0)",
        ),
    ),
    conclusion="the softmax outputs sum to 1",
    using=DEFINITION_THEOREMS,
)

POSITIVE = Derivation(
    title="aᴸ_j > 0",
    assumptions="n_L any positive integer; zᴸ real",
    steps=(
        Step(SOFTMAX(_j), "a softmax output"),
        Step(
            sp.exp(z_out[_j]) / sp.Sum(sp.exp(z_out[_k]), (_k, 1, n_out)),
            "definition: e^{zᴸ_j}/Σ_k e^{zᴸ_k}",
            source=_SECTION,
        ),
        Step(
            sp.Integer(0),
            "e^x > 0 for every real x, and a sum of n_L ≥ 1 positive terms is positive",
            relation=">",
        ),
    ),
    conclusion="every softmax output is positive",
    using=DEFINITION_THEOREMS,
)

DISTRIBUTION = sp.And(
    sp.Gt(SOFTMAX(_j), 0, evaluate=False),
    sp.Eq(sp.Sum(SOFTMAX(_k), (_k, 1, n_out)), 1, evaluate=False),
)


def distribution_proof(st: Statement) -> Theorem:
    """The sum part by :data:`SUM_IS_ONE` (every link proved by the core), the sign part by the
    core's sign rule on the unfolded definition; joined by ``conj``."""
    defs = st.definition_theorems()
    total = st.part(sp.Eq)
    sign = st.part(sp.Gt)
    done = {total: _fits(SUM_IS_ONE, total, defs), sign: core.relation(sign, using=defs)}
    return core.conj(*(done[p] for p in st.parts()))


def _fits(d: Derivation, goal: sp.Basic, defs: Sequence[Theorem]) -> Theorem:
    from gradproof.logic import fits

    return fits(d, goal, defs)


def softmax_sums_to_one_for_every_n() -> Outcome:
    """Σ_j aᴸ_j = 1 and aᴸ_j > 0 for symbolic n_L: every link proved by the core."""
    out = check_all((SUM_IS_ONE, POSITIVE))
    return Outcome.of(out.ok, f"{out.detail} (symbolic number of outputs n_L)")


def _mp_softmax(zs: Sequence[mpmath.mpf]) -> list[mpmath.mpf]:
    top = max(zs)
    e = [mpmath.exp(v - top) for v in zs]
    s = mpmath.fsum(e)
    return [v / s for v in e]


def softmax_distribution_at_random_points() -> Outcome:
    """50-digit softmax of random and extreme z (|z| up to 1000), n = 1 … 40: sum 1, all > 0."""
    rng = np.random.default_rng(SEED)
    worst, smallest, cases = mpmath.mpf(0), mpmath.mpf(1), 0
    with mpmath.workdps(50):
        for n in (1, 2, 3, 7, 10, 40):
            for scale in (1.0, 30.0, 1000.0):
                zs = [mpmath.mpf(float(v)) for v in rng.normal(scale=scale, size=n)]
                a = _mp_softmax(zs)
                worst = max(worst, abs(mpmath.fsum(a) - 1))
                smallest = min(smallest, min(a))
                cases += 1
        ok = worst <= mpmath.mpf(10) ** -45 and smallest > 0
        detail = (
            f"{cases} random softmax layers (n = 1 … 40, z ~ N(0, s²), s up to 1000), 50 digits: "
            f"|Σ a − 1| ≤ {mpmath.nstr(worst, 3)}, smallest output {mpmath.nstr(smallest, 3)} > 0"
        )
    return Outcome.of(ok, detail)


softmax_is_a_distribution = register(
    Claim(
        id="softmax_is_a_distribution",
        statement=(
            "For a softmax output layer aᴸ_j = e^{zᴸ_j}/Σ_k e^{zᴸ_k} with any number n_L of "
            "outputs and any real weighted inputs zᴸ: every output is positive and the outputs "
            "sum to 1, so they form a probability distribution."
        ),
        source=_SECTION,
        evidence=(
            symbolic(softmax_sums_to_one_for_every_n),
            numeric(softmax_distribution_at_random_points),
        ),
        notes=(
            "The number of outputs is a SymPy symbol n_L (the sum is a SymPy Sum over 1 … n_L), "
            "so the proof is for every n_L ≥ 1 at once, not for sampled sizes. The normaliser "
            "N = Σ_k e^{zᴸ_k} is a declared definition; the core accepts the division because N "
            "is a nonempty sum of positive terms. The book states the two facts in the softmax "
            "section's discussion after defining the softmax; the 50-digit values only confirm."
        ),
        derivations=(SUM_IS_ONE, POSITIVE),
        formal=Statement(
            DISTRIBUTION,
            domain="n_L a positive integer (any number of outputs); j a positive integer; zᴸ real",
            definitions=DEFINITIONS,
            proof=distribution_proof,
            explanation=(
                "aᴸ(j) = e^{zᴸ_j}/N(n_L) is the softmax output j, N(n_L) = Σ_{k=1}^{n_L} e^{zᴸ_k}"
            ),
        ),
    )
)

# ============================================================ softmax_log_likelihood_delta


def _in(n: sp.Symbol, j: sp.Symbol) -> sp.Basic:
    return sp.Ge(n, j, evaluate=False)


_COLLAPSE = Derivation(
    title="Σ_k δ_jk e^{zᴸ_k} = e^{zᴸ_j} for 1 ≤ j ≤ n_L",
    assumptions="n_L any positive integer, 1 ≤ j ≤ n_L",
    hyps=(_in(n_out, _j),),
    steps=(
        Step(sp.Sum(sp.KroneckerDelta(_j, _k) * sp.exp(z_out[_k]), (_k, 1, n_out)), "the sum"),
        Step(sp.exp(z_out[_j]), "only k = j is left, 1 ≤ j ≤ n_L", check=in_layer((n_out, _j))),
    ),
    conclusion="the Kronecker delta picks out term j",
)

#: the multivariable chain rule through zᴸ (C depends on bᴸ and wᴸ only through zᴸ): each
#: equation's premise, at the equation's own indices
CHAIN_RULE_B = sp.Eq(
    DC_DB(_j),
    sp.Sum(DELTA_L(_r) * sp.Derivative(z_expr(_r), b_out[_j]), (_r, 1, n_out)),
)
CHAIN_RULE_W = sp.Eq(
    DC_DW(_j, _q),
    sp.Sum(DELTA_L(_r) * sp.Derivative(z_expr(_r), w_out[_j, _q]), (_r, 1, n_out)),
)


def _collapsed() -> Theorem:
    return _COLLAPSE.theorem()


#: δᴸ's theorem while :func:`ll_statement_proof` runs (proved once there, used by the bias and
#: weight derivations); empty otherwise, so each use outside it proves afresh
_DELTA_PROVED: list[Theorem] = []


def _delta_theorem() -> Theorem:
    return _DELTA_PROVED[-1] if _DELTA_PROVED else DELTA_DERIVATION.theorem()


DELTA_DERIVATION = Derivation(
    title="δᴸ_j = aᴸ_j − y_j for the softmax and C = −ln aᴸ_y, any n_L",
    assumptions="n_L any positive integer, 1 ≤ j ≤ n_L; y the target class, y_j = δ_jy",
    hyps=(_in(n_out, _j),),
    steps=(
        Step(DELTA_L(_j), "δᴸ_j, defined as ∂C/∂zᴸ_j"),
        Step(sp.Derivative(log_likelihood_expr(), z_out[_j]), "C = −ln aᴸ_y", source=_SECTION),
        Step(
            -one_hot(_j)
            + sp.Sum(sp.KroneckerDelta(_j, _k) * sp.exp(z_out[_k]), (_k, 1, n_out))
            / NORMALISER(n_out),
            "−ln aᴸ_y = −zᴸ_y + ln Σ_k e^{zᴸ_k}; ∂zᴸ_y/∂zᴸ_j = δ_jy, ∂zᴸ_k/∂zᴸ_j = δ_jk",
        ),
        Step(
            -one_hot(_j) + sp.exp(z_out[_j]) / NORMALISER(n_out),
            "the Kronecker delta keeps term k = j of the sum, 1 ≤ j ≤ n_L",
            check=by(_collapsed),
        ),
        Step(SOFTMAX(_j) - one_hot(_j), "e^{zᴸ_j}/N = aᴸ_j; δ_jy = y_j"),
    ),
    conclusion="δᴸ = aᴸ − y",
    using=LL_DEFINITION_THEOREMS,
)

BIAS_DERIVATION = Derivation(
    title="∂C/∂bᴸ_j = aᴸ_j − y_j, any n_L",
    assumptions="n_L, n_{L−1} any positive integers, 1 ≤ j ≤ n_L; zᴸ_r = Σ_p wᴸ_rp aᴸ⁻¹_p + bᴸ_r",
    hyps=(_in(n_out, _j), CHAIN_RULE_B),
    steps=(
        Step(DC_DB(_j), "the bias gradient ∂C/∂bᴸ_j"),
        Step(
            CHAIN_RULE_B.rhs,
            "multivariable chain rule: C depends on bᴸ_j only through zᴸ_r, r = 1 … n_L",
            check=chain_rule(CHAIN_RULE_B),
        ),
        Step(
            DELTA_L(_j),
            "∂zᴸ_r/∂bᴸ_j = δ_rj: only r = j is left, 1 ≤ j ≤ n_L",
            check=in_layer((n_out, _j)),
        ),
        Step(SOFTMAX(_j) - one_hot(_j), "δᴸ_j = aᴸ_j − y_j", check=by(_delta_theorem)),
    ),
    conclusion="∂C/∂bᴸ = aᴸ − y",
)

WEIGHT_DERIVATION = Derivation(
    title="∂C/∂wᴸ_jk = aᴸ⁻¹_k (aᴸ_j − y_j), any n_L, n_{L−1}",
    assumptions=(
        "n_L, n_{L−1} any positive integers, 1 ≤ j ≤ n_L, 1 ≤ k ≤ n_{L−1} (k written q); "
        "zᴸ_r = Σ_p wᴸ_rp aᴸ⁻¹_p + bᴸ_r"
    ),
    hyps=(_in(n_out, _j), _in(n_in, _q), CHAIN_RULE_W),
    steps=(
        Step(DC_DW(_j, _q), "the weight gradient ∂C/∂wᴸ_jq"),
        Step(
            CHAIN_RULE_W.rhs,
            "multivariable chain rule: C depends on wᴸ_jq only through zᴸ_r, r = 1 … n_L",
            check=chain_rule(CHAIN_RULE_W),
        ),
        Step(
            a_in[_q] * DELTA_L(_j),
            "∂zᴸ_r/∂wᴸ_jq = δ_rj aᴸ⁻¹_q: only r = j is left, 1 ≤ j ≤ n_L, 1 ≤ q ≤ n_{L−1}",
            check=in_layer((n_out, _j), (n_in, _q)),
        ),
        Step(a_in[_q] * (SOFTMAX(_j) - one_hot(_j)), "δᴸ_j = aᴸ_j − y_j", check=by(_delta_theorem)),
    ),
    conclusion="∂C/∂wᴸ = (aᴸ − y)(aᴸ⁻¹)ᵀ",
)

LL_DERIVATIONS = (DELTA_DERIVATION, BIAS_DERIVATION, WEIGHT_DERIVATION)


def _premise(*parts: sp.Basic) -> sp.Basic:
    return parts[0] if len(parts) == 1 else sp.And(*parts)


def _ll_part(d: Derivation) -> sp.Basic:
    return sp.Implies(_premise(*d.hyps), sp.Eq(d.steps[0].expr, d.steps[-1].expr))


def ll_statement_proof(st: Statement) -> Theorem:
    """Each part is one derivation's theorem with its premises discharged (core ``implies``).

    Only δᴸ's derivation unfolds the declared definitions; the bias and weight derivations keep
    δᴸ_r a name inside their sums (the core collapses the Kronecker delta there) and use δᴸ's
    theorem, which relies on the same declared definitions."""
    done = {}
    _DELTA_PROVED[:] = [DELTA_DERIVATION.theorem(st.definition_theorems())]
    try:
        for d in LL_DERIVATIONS:
            thm = _DELTA_PROVED[0] if d is DELTA_DERIVATION else d.theorem()
            thm = core.implies(thm, _premise(*d.hyps))
            done[thm.prop] = thm
    finally:
        _DELTA_PROVED.clear()
    return core.conj(*(done[p] for p in st.parts()))


def log_likelihood_gradients_for_every_width() -> Outcome:
    """δᴸ, ∂C/∂bᴸ and ∂C/∂wᴸ for symbolic n_L, n_{L−1}: every link proved by the core."""
    out = check_all(LL_DERIVATIONS)
    return Outcome.of(out.ok, f"{out.detail} (symbolic widths n_L, n_{{L−1}})")


def _mp_cost(
    w: list[list[mpmath.mpf]], b: list[mpmath.mpf], x: list[mpmath.mpf], y: int
) -> mpmath.mpf:
    zs = [mpmath.fsum(wj[k] * x[k] for k in range(len(x))) + b[j] for j, wj in enumerate(w)]
    top = max(zs)
    return -(zs[y] - top) + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in zs))


def log_likelihood_gradients_match_finite_differences() -> Outcome:
    """Random softmax layers (n_L × n_{L−1} = 4×3, 10×5): every ∂C/∂bᴸ_j, ∂C/∂wᴸ_jk against 50-digit
    central differences; a − 2y (a wrong δ) must not match."""
    rng = np.random.default_rng(SEED + 1)
    worst, wrong = mpmath.mpf(0), mpmath.mpf("inf")
    with mpmath.workdps(50):
        h = mpmath.mpf(10) ** -20
        for n_o, n_i in ((4, 3), (10, 5)):
            w = [[mpmath.mpf(float(v)) for v in row] for row in rng.normal(size=(n_o, n_i))]
            b = [mpmath.mpf(float(v)) for v in rng.normal(size=n_o)]
            x = [mpmath.mpf(float(v)) for v in rng.uniform(size=n_i)]
            y = int(rng.integers(n_o))
            zs = [mpmath.fsum(w[j][k] * x[k] for k in range(n_i)) + b[j] for j in range(n_o)]
            a = _mp_softmax(zs)
            for j in range(n_o):
                err = a[j] - (1 if j == y else 0)
                bp, bm = list(b), list(b)
                bp[j] += h
                bm[j] -= h
                fd = (_mp_cost(w, bp, x, y) - _mp_cost(w, bm, x, y)) / (2 * h)
                worst = max(worst, abs(fd - err))
                if j == y:
                    wrong = min(wrong, abs(fd - (a[j] - 2)))
                for k in range(n_i):
                    wp = [list(r) for r in w]
                    wm = [list(r) for r in w]
                    wp[j][k] += h
                    wm[j][k] -= h
                    fd = (_mp_cost(wp, b, x, y) - _mp_cost(wm, b, x, y)) / (2 * h)
                    worst = max(worst, abs(fd - x[k] * err))
        ok = worst <= mpmath.mpf(10) ** -30 and wrong > mpmath.mpf("0.5")
        detail = (
            "softmax layers 4×3 and 10×5 (weights, biases N(0, 1), inputs U(0, 1), random class "
            f"y): |formula − central difference (50 digits, h = 1e−20)| ≤ {mpmath.nstr(worst, 3)}"
            f" for every ∂C/∂bᴸ_j and ∂C/∂wᴸ_jk; the wrong δᴸ_y = aᴸ_y − 2 misses by ≥ "
            f"{mpmath.nstr(wrong, 3)}"
        )
    return Outcome.of(ok, detail)


softmax_log_likelihood_delta = register(
    Claim(
        id="softmax_log_likelihood_delta",
        statement=(
            "For a softmax output layer with any number of outputs n_L and the log-likelihood "
            "cost C = −ln aᴸ_y of an input of class y (one-hot target y_j = δ_jy): "
            "δᴸ_j = ∂C/∂zᴸ_j = aᴸ_j − y_j, ∂C/∂bᴸ_j = aᴸ_j − y_j and "
            "∂C/∂wᴸ_jk = aᴸ⁻¹_k (aᴸ_j − y_j)."
        ),
        source=_SECTION,
        evidence=(
            symbolic(log_likelihood_gradients_for_every_width),
            numeric(log_likelihood_gradients_match_finite_differences),
        ),
        notes=(
            "The book's softmax section states these gradients and leaves their derivation as a "
            "problem; the lecture notes' problem 3-3 is the sigmoid and cross-entropy analogue "
            "(claim output_error_cross_entropy). The widths n_L and n_{L−1} are SymPy symbols; "
            "SymPy writes ∂zᴸ_k/∂zᴸ_j as the Kronecker delta δ_jk and the core keeps the one term "
            "k = j of the sum for an index inside its layer (a premise). δᴸ_j is defined as "
            "∂C/∂zᴸ_j; the bias and weight gradients follow from it by the multivariable chain "
            "rule through zᴸ = wᴸaᴸ⁻¹ + bᴸ, a premise of each equation, as in backprop_equations "
            "(BP3, BP4). The index k of the statement is written q in the formal statement "
            "(k is the softmax sum's index)."
        ),
        derivations=LL_DERIVATIONS,
        formal=Statement(
            relation=sp.And(*(_ll_part(d) for d in LL_DERIVATIONS)),
            domain=(
                "n_L, n_{L−1} positive integers (any widths); j, q, y positive integers (premises:"
                " j, q inside their layers); weights, biases, aᴸ⁻¹ real"
            ),
            definitions=LL_DEFINITIONS,
            proof=ll_statement_proof,
            explanation=(
                "aᴸ(j) = e^{zᴸ_j}/N(n_L), N(n_L) = Σ_k e^{zᴸ_k}; δᴸ(j) is defined as ∂C/∂zᴸ_j "
                "with C = −ln aᴸ(y); δ_jy = y_j is the one-hot target; the premises are the "
                "indices' ranges and the chain rule through zᴸ_r = Σ_p wᴸ_rp aᴸ⁻¹_p + bᴸ_r"
            ),
        ),
    )
)
