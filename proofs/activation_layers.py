"""BP1–BP4 for tanh, ReLU, leaky ReLU and identity layers; dead ReLUs; the leaky ReLU's floor.

Sources: Nielsen ch. 2 (BP1)–(BP4); Kapur (2016), "Rohan #4: The vanishing gradient problem".

The equations of ``backprop_equations`` (``proofs.layers``) hold for any differentiable
activation. Here each layer's activation is named — f_X for X ∈ {tanh, ReLU, leaky ReLU,
identity} with f′_X := df_X/dx — and BP1 and BP2 are proved for each in index notation with
symbolic widths, then f′_X at the point is replaced by its value:

* tanh: f′(z) = 1 − tanh²(z) (the core's identity rule on the definition);
* identity: f′(z) = 1;
* ReLU: f′(z) = 1 for z > 0 and 0 for z < 0, and the leaky ReLU max(εz, z), 0 < ε < 1:
  f′(z) = 1 for z > 0 and ε for z < 0 — the facts of claim ``relu_grad`` (``proofs.activations``),
  used as a lemma: instantiated at zˡ_j and applied to the premise zˡ_j > 0 or zˡ_j < 0. At a
  kink there is no derivative, so these equations are stated off it: every premise zˡ_j ≠ 0 is
  inside the relation, and the core refuses f′_ReLU(zˡ_j) without it.

The step through the sum (∂/∂zˡ_j of Σ_p w_ip f(zˡ_p), a Kronecker delta) keeps f_X a name, as in
``backprop_equations`` (f_X differentiable at every zˡ_p is the chain rule's premise); its
definition is unfolded only at the point zˡ_j, where the premise excludes the kink.

``dead_relu_blocks_gradient``: a ReLU unit with zˡ_j < 0 has δˡ_j = 0, so its bias and incoming
weights get zero gradient and its term wˡ_jk δˡ_j in every earlier layer's BP2 sum is 0.
``leaky_relu_factor_floor``: |w f′(z)| = ε|w| for z < 0 and |w f′(z)| = |w| > ε|w| for z > 0
(w ≠ 0), so the factor a leaky ReLU layer contributes is never below ε|w|.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

import gradproof.proofs.activations as act
import gradproof.proofs.layers as lay
from gradproof import core
from gradproof.claims import Claim, Outcome, numeric, register
from gradproof.core import Theorem
from gradproof.derivation import Derivation, Justification, LinkContext, Step, link
from gradproof.logic import Statement, lemma_part

ORDER = 36
SEED = 20261206

_x = sp.Symbol("x", real=True)
eps = act.eps  # ε > 0; the premise ε < 1 is inside each relation that needs it
_BELOW_ONE = sp.Lt(eps, 1, evaluate=False)
_zL, _zl, _grad, _wn = lay._zL, lay._zl, lay._grad, lay._wn  # noqa: N816
_i, _j, _k, _L, _l = lay._i, lay._j, lay._k, lay._L, lay._l
n_L, n_l, n_next = lay.n_L, lay.n_l, lay.n_next  # noqa: N816
delta, partial_z, partial_b, partial_w = lay.delta, lay.partial_z, lay.partial_b, lay.partial_w


@dataclass(frozen=True)
class Activation:
    """One named activation f_X, its derivative f′_X := df_X/dx, and f′_X's value off the kink.

    ``cases`` lists (premise, value): f′_X(z) = value where the premise holds (``None``: for
    every real z).
    """

    name: str
    f: sp.FunctionClass
    fp: sp.FunctionClass
    body: sp.Expr
    cases: tuple[tuple[Callable[[sp.Expr], sp.Basic | None], Callable[[sp.Expr], sp.Expr]], ...]
    #: each case in words, with z for the point, e.g. "1 for z > 0"
    words: tuple[str, ...] = ()
    #: the value comes from claim relu_grad (ReLU, leaky ReLU)
    uses_relu_grad: bool = False


def _always(z: sp.Expr) -> None:
    return None


def _pos(z: sp.Expr) -> sp.Basic:
    return sp.Gt(z, 0, evaluate=False)


def _neg(z: sp.Expr) -> sp.Basic:
    return sp.Lt(z, 0, evaluate=False)


def _neg_leaky(z: sp.Expr) -> sp.Basic:
    return sp.And(sp.Lt(z, 0, evaluate=False), _BELOW_ONE)


def _pos_leaky(z: sp.Expr) -> sp.Basic:
    return sp.And(sp.Gt(z, 0, evaluate=False), _BELOW_ONE)


def _named(label: str) -> tuple[sp.FunctionClass, sp.FunctionClass]:
    return sp.Function(f"f_{label}", real=True), sp.Function(f"f′_{label}", real=True)


_F_TANH, _FP_TANH = _named("tanh")
_F_ID, _FP_ID = _named("id")
_F_RELU, _FP_RELU = _named("ReLU")
_F_LEAKY, _FP_LEAKY = _named("leaky")

TANH = Activation(
    "tanh",
    _F_TANH,
    _FP_TANH,
    sp.tanh(_x),
    ((_always, lambda z: 1 - sp.tanh(z) ** 2),),
    words=("(1 − tanh²(z))",),
)
IDENTITY = Activation(
    "identity", _F_ID, _FP_ID, _x, ((_always, lambda z: sp.Integer(1)),), words=("1",)
)
RELU = Activation(
    "ReLU",
    _F_RELU,
    _FP_RELU,
    act.RELU(_x),
    ((_pos, lambda z: sp.Integer(1)), (_neg, lambda z: sp.Integer(0))),
    words=("1 for z > 0", "0 for z < 0"),
    uses_relu_grad=True,
)
LEAKY = Activation(
    "leaky ReLU",
    _F_LEAKY,
    _FP_LEAKY,
    act.LEAKY(_x, eps),
    ((_pos_leaky, lambda z: sp.Integer(1)), (_neg_leaky, lambda z: eps)),
    words=("1 for z > 0", "ε for z < 0"),
    uses_relu_grad=True,
)
ACTIVATIONS: tuple[Activation, ...] = (TANH, RELU, LEAKY, IDENTITY)


def _lambda(body: sp.Expr) -> sp.Lambda:
    if body == _x:
        return sp.Lambda(_x, sp.Mul(1, _x, evaluate=False))
    return sp.Lambda(_x, body)


DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    **lay.BP_DEFINITIONS,
    **act.DEFINITIONS,
    # f_id's body is its variable: Lambda(x, x) would become SymPy's identity, whose variable
    # has no assumptions, so it is written 1·x (unevaluated)
    **{a.f: _lambda(a.body) for a in ACTIVATIONS},
    **{a.fp: sp.Lambda(_x, sp.Derivative(a.f(_x), _x)) for a in ACTIVATIONS},
}
_DEF = {f: core.define(f(*lam.variables), lam.expr) for f, lam in DEFINITIONS.items()}


def _defs(*heads: sp.FunctionClass) -> tuple[Theorem, ...]:
    return tuple(_DEF[h] for h in heads)


#: the definitions the step through the sum unfolds: δ = ∂C/∂z and f′_X = df_X/dx (f_X a name)
def _sum_defs(a: Activation) -> tuple[Theorem, ...]:
    return _defs(lay.delta, lay.a_prev, a.fp)


def _relu_grad_fact(value_is: sp.Expr, premise: sp.Basic, at: sp.Expr, a: Activation) -> Theorem:
    """``premise(at) ⊢ F′(at) = value`` from the lemma ``relu_grad`` (its part for this case,
    instantiated at ``at`` by the core, its premise assumed; the core's modus ponens)."""
    head = act.RELU_PRIME if a is RELU else act.LEAKY_PRIME
    args = (act.z,) if a is RELU else (act.z, eps)

    def wanted(r: sp.Basic) -> bool:
        g = r.args[1]
        return isinstance(g, sp.Eq) and g.lhs == head(*args) and g.rhs == value_is

    part = lemma_part(act.relu_grad, sp.Implies, wanted)
    inst = core.instantiate(part, {act.z: at})
    parts = premise.args if isinstance(premise, sp.And) else (premise,)
    assumed = core.conj(*(core.assume(p) for p in parts)) if len(parts) > 1 else None
    return core.modus_ponens(inst, assumed or core.assume(premise))


def value_fact(a: Activation, case: int, at: sp.Expr) -> Theorem:
    """``premise ⊢ f′_X(at) = value`` for case ``case`` of activation ``a``, proved by the core:
    the definitions unfolded at the point (the premise excludes a kink), then for ReLU and the
    leaky ReLU the lemma ``relu_grad``."""
    premise_of, value_of = a.cases[case]
    premise = premise_of(at)
    value = value_of(at)
    hyps: tuple[sp.Basic, ...] = ()
    if premise is not None:
        hyps = tuple(premise.args) if isinstance(premise, sp.And) else (premise,)
    if not a.uses_relu_grad:
        return core.identity(a.fp(at), value, hyps=hyps, using=_defs(a.f, a.fp))
    head = act.RELU_PRIME if a is RELU else act.LEAKY_PRIME
    named = head(at) if a is RELU else head(at, eps)
    extra = (act.RELU, act.RELU_PRIME) if a is RELU else (act.LEAKY, act.LEAKY_PRIME)
    same = core.identity(a.fp(at), named, hyps=hyps, using=_defs(a.f, a.fp, *extra))
    lemma_value = value.xreplace({at: act.z})
    return core.chain([same, _relu_grad_fact(lemma_value, premise, at, a)])


def _with(fact: Callable[[], Theorem]) -> Justification:
    """The link c·f′_X(z) = c·value from ``fact`` (premise ⊢ f′_X(z) = value): the core's identity
    rule proves X·f′_X(z) = X·value for a fresh symbol X (no definition unfolded), and its
    instantiate rule puts the cofactor c (e.g. a sum over the next layer) for X."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        thm = fact()
        at = thm.prop.lhs
        cofactor = prev.xreplace({at: sp.Integer(1)})
        general = core.identity(_X * at, _X * thm.prop.rhs, hyps=thm.hyps, using=(thm,))
        out = core.instantiate(general, {_X: cofactor})
        if out.prop != link(prev, cur, rel):
            raise core.ProofError("derivation", f"the link is not c·f′ = c·value: {out.prop}")
        return out

    return justify


_X = sp.Symbol("X")


def _flat(*parts: sp.Basic | None) -> tuple[sp.Basic, ...]:
    """The premises, conjunctions split into their parts (each a hypothesis of its own)."""
    flat: list[sp.Basic] = []
    for p in parts:
        if p is None:
            continue
        flat.extend(p.args if isinstance(p, sp.And) else (p,))
    return tuple(flat)


def _premise(*parts: sp.Basic | None) -> sp.Basic:
    flat = _flat(*parts)
    return flat[0] if len(flat) == 1 else sp.And(*flat)


def chain_rule_output(a: Activation) -> sp.Eq:
    """∂C/∂zᴸ_j = Σ_i ∂C/∂aᴸ_i ∂f_X(zᴸ_i)/∂zᴸ_j (C depends on zᴸ only through aᴸ = f_X(zᴸ))."""
    return sp.Eq(
        partial_z(_L, _j),
        sp.Sum(_grad[_i] * sp.Derivative(a.f(_zL[_i]), _zL[_j]), (_i, 1, n_L)),
    )


def z_next(a: Activation, i: sp.Expr) -> sp.Expr:
    """z^{l+1}_i = Σ_p w^{l+1}_ip f_X(zˡ_p) + b^{l+1}_i."""
    return sp.Sum(_wn[i, lay._p] * a.f(_zl[lay._p]), (lay._p, 1, n_l)) + lay._bn[i]


def chain_rule_hidden(a: Activation) -> sp.Eq:
    """∂C/∂zˡ_j = Σ_i ∂C/∂z^{l+1}_i ∂z^{l+1}_i/∂zˡ_j (C depends on zˡ only through z^{l+1})."""
    return sp.Eq(
        partial_z(_l, _j),
        sp.Sum(partial_z(_l + 1, _i) * sp.Derivative(z_next(a, _i), _zl[_j]), (_i, 1, n_next)),
    )


def bp1(a: Activation, case: int) -> Derivation:
    """BP1 for activation ``a`` in case ``case`` (its premise on zᴸ_j)."""
    rule = chain_rule_output(a)
    premise = a.cases[case][0](_zL[_j])
    value = a.cases[case][1](_zL[_j])
    return Derivation(
        title=f"BP1, {a.name}: δᴸ_j = ∂C/∂aᴸ_j · {a.words[case].replace('z', 'zᴸ_j')}",
        assumptions=f"n_L any positive integer, 1 ≤ j ≤ n_L; aᴸ_i = f_X(zᴸ_i), f_X the {a.name}",
        hyps=_flat(lay._in(n_L, _j), rule, premise),
        steps=(
            Step(delta(_L, _j), "δᴸ_j, defined as ∂C/∂zᴸ_j"),
            Step(
                rule.rhs,
                "multivariable chain rule through aᴸ_i = f_X(zᴸ_i)",
                source="nielsen-ch2 (BP1)",
                check=lay.chain_rule(rule),
            ),
            Step(
                _grad[_j] * a.fp(_zL[_j]),
                "∂f_X(zᴸ_i)/∂zᴸ_j = f′_X(zᴸ_i)δ_ij: only i = j is left, 1 ≤ j ≤ n_L",
                check=lay.in_layer((n_L, _j)),
            ),
            Step(
                _grad[_j] * value,
                f"f′_X(zᴸ_j) for the {a.name}" + (" (claim relu_grad)" if a.uses_relu_grad else ""),
                check=_with(lambda: value_fact(a, case, _zL[_j])),
            ),
        ),
        conclusion=f"δᴸ = ∇ₐC ⊙ f′(zᴸ) for the {a.name}",
        using=_sum_defs(a),
    )


def _definitions_only(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
    """A link that holds by the definitions alone (the core's identity rule, no hypothesis)."""
    return core.relation(link(prev, cur, rel), using=ctx.using)


def bp2(a: Activation, case: int) -> Derivation:
    """BP2 for activation ``a`` at layer l in case ``case`` (its premise on zˡ_j)."""
    rule = chain_rule_hidden(a)
    premise = a.cases[case][0](_zl[_j])
    value = a.cases[case][1](_zl[_j])
    back = sp.Sum(_wn[_i, _j] * partial_z(_l + 1, _i), (_i, 1, n_next))
    named = sp.Sum(_wn[_i, _j] * delta(_l + 1, _i), (_i, 1, n_next))
    return Derivation(
        title=f"BP2, {a.name}: δˡ_j = ((wˡ⁺¹)ᵀδˡ⁺¹)_j · {a.words[case].replace('z', 'zˡ_j')}",
        assumptions=f"n_l, n_{{l+1}} any positive integers, 1 ≤ j ≤ n_l; aˡ_p = f_X(zˡ_p), the "
        f"{a.name}",
        hyps=_flat(lay._in(n_l, _j), rule, premise),
        steps=(
            Step(delta(_l, _j), "δˡ_j, defined as ∂C/∂zˡ_j"),
            Step(
                rule.rhs,
                "multivariable chain rule through z^{l+1}_i",
                source="nielsen-ch2 (BP2)",
                check=lay.chain_rule(rule),
            ),
            Step(
                back * a.fp(_zl[_j]),
                "∂z^{l+1}_i/∂zˡ_j = w^{l+1}_ij f′_X(zˡ_j), 1 ≤ j ≤ n_l",
                check=lay.in_layer((n_l, _j)),
            ),
            Step(
                named * a.fp(_zl[_j]),
                "∂C/∂z^{l+1}_i is δ^{l+1}_i: entry j of (w^{l+1})ᵀδ^{l+1}",
                check=_definitions_only,
            ),
            Step(
                named * value,
                f"f′_X(zˡ_j) for the {a.name}" + (" (claim relu_grad)" if a.uses_relu_grad else ""),
                check=_with(lambda: value_fact(a, case, _zl[_j])),
            ),
        ),
        conclusion=f"δˡ = ((wˡ⁺¹)ᵀδˡ⁺¹) ⊙ f′(zˡ) for the {a.name}",
        using=_sum_defs(a),
    )


ANY_ACTIVATION_DERIVATIONS: tuple[Derivation, ...] = tuple(
    d for a in ACTIVATIONS for c in range(len(a.cases)) for d in (bp1(a, c), bp2(a, c))
)
#: BP3 and BP4 do not involve the layer's activation (aˡ⁻¹ = f(zˡ⁻¹) for any f): they are
#: backprop_equations' parts, used as a lemma (``uses``) rather than proved again here


def _part(d: Derivation) -> sp.Basic:
    return sp.Implies(_premise(*d.hyps), sp.Eq(d.steps[0].expr, d.steps[-1].expr))


def _proved_parts(derivations: Sequence[Derivation]) -> dict[sp.Basic, Theorem]:
    done = {}
    for d in derivations:
        thm = core.implies(d.theorem(), _premise(*d.hyps))
        done[thm.prop] = thm
    return done


def any_activation_proof(st: Statement) -> Theorem:
    """Each part is one derivation's theorem with its premises discharged (core ``implies``);
    the derivations unfold only their own definitions (f_X stays a name inside the sums)."""
    done = _proved_parts(ANY_ACTIVATION_DERIVATIONS)
    return core.conj(*(done[p] for p in st.parts()))


# ------------------------------------------------------------ numeric confirmation (mpmath)

_MP_ACT: dict[str, tuple[Callable[[mpmath.mpf], mpmath.mpf], Callable[[mpmath.mpf], mpmath.mpf]]]
_MP_ACT = {
    "tanh": (mpmath.tanh, lambda v: 1 - mpmath.tanh(v) ** 2),
    "relu": (lambda v: max(mpmath.mpf(0), v), lambda v: mpmath.mpf(1 if v > 0 else 0)),
    "leaky_relu": (
        lambda v: v if v > 0 else mpmath.mpf("0.01") * v,
        lambda v: mpmath.mpf(1) if v > 0 else mpmath.mpf("0.01"),
    ),
    "identity": (lambda v: v, lambda v: mpmath.mpf(1)),
}


def _mp_forward(ws, bs, x, name):  # type: ignore[no-untyped-def]
    f = _MP_ACT[name][0]
    a, zs, acts = x, [], [x]
    for w, b in zip(ws, bs, strict=True):
        zz = w * a + b
        zs.append(zz)
        a = mpmath.matrix([f(v) for v in zz])
        acts.append(a)
    return zs, acts


def _mp_cost(ws, bs, x, y, name) -> mpmath.mpf:  # type: ignore[no-untyped-def]
    a = _mp_forward(ws, bs, x, name)[1][-1]
    return mpmath.fsum((a[i] - y[i]) ** 2 for i in range(len(y))) / 2


def _mp_backprop(ws, bs, x, y, name):  # type: ignore[no-untyped-def]
    """BP1–BP4 with the activation's f′ (the proved formulas), quadratic cost."""
    fp = _MP_ACT[name][1]
    zs, acts = _mp_forward(ws, bs, x, name)
    d = mpmath.matrix([(acts[-1][i] - y[i]) * fp(zs[-1][i]) for i in range(len(y))])
    gw, gb = [None] * len(ws), [None] * len(ws)
    for layer in range(len(ws) - 1, -1, -1):
        gb[layer] = d
        gw[layer] = d * acts[layer].T
        if layer:
            back = ws[layer].T * d
            d = mpmath.matrix([back[i] * fp(zs[layer - 1][i]) for i in range(len(back))])
    return gw, gb


def _min_abs_z(ws, bs, x, name) -> mpmath.mpf:  # type: ignore[no-untyped-def]
    return min(abs(v) for zz in _mp_forward(ws, bs, x, name)[0] for v in zz)


def bp_matches_finite_differences_for_every_activation() -> Outcome:
    """Random networks [3, 4, 3, 2] per activation: BP1–BP4 with the proved f′ = 50-digit central
    differences (h = 1e−20; ReLU networks with every |zˡ_j| ≥ 1e−6, off the kink)."""
    rng = np.random.default_rng(SEED)
    sizes = (3, 4, 3, 2)
    worst: dict[str, mpmath.mpf] = {}
    with mpmath.workdps(60):
        h = mpmath.mpf(10) ** -20
        for name in _MP_ACT:
            worst[name] = mpmath.mpf(0)
            for _ in range(2):
                while True:
                    ws = [
                        mpmath.matrix(rng.normal(size=(m, n)).tolist())
                        for n, m in itertools.pairwise(sizes)
                    ]
                    bs = [mpmath.matrix(rng.normal(size=m).tolist()) for m in sizes[1:]]
                    x = mpmath.matrix(rng.uniform(size=sizes[0]).tolist())
                    if _min_abs_z(ws, bs, x, name) > mpmath.mpf("1e-6"):
                        break
                y = mpmath.matrix(rng.uniform(size=sizes[-1]).tolist())
                gw, gb = _mp_backprop(ws, bs, x, y, name)
                for layer, (w, b) in enumerate(zip(ws, bs, strict=True)):
                    for idx in [(r, c) for r in range(w.rows) for c in range(w.cols)]:
                        wp, wm = [m.copy() for m in ws], [m.copy() for m in ws]
                        wp[layer][idx] += h
                        wm[layer][idx] -= h
                        fd = (_mp_cost(wp, bs, x, y, name) - _mp_cost(wm, bs, x, y, name)) / (2 * h)
                        worst[name] = max(worst[name], abs(fd - gw[layer][idx]))
                    for r in range(b.rows):
                        bp_, bm = [m.copy() for m in bs], [m.copy() for m in bs]
                        bp_[layer][r] += h
                        bm[layer][r] -= h
                        fd = (_mp_cost(ws, bp_, x, y, name) - _mp_cost(ws, bm, x, y, name)) / (
                            2 * h
                        )
                        worst[name] = max(worst[name], abs(fd - gb[layer][r]))
        ok = all(v <= mpmath.mpf(10) ** -30 for v in worst.values())
        shown = ", ".join(f"{k} {mpmath.nstr(v, 2)}" for k, v in worst.items())
    return Outcome.of(
        ok,
        "confirmation: 2 random networks [3, 4, 3, 2] per activation (weights, biases N(0, 1), "
        "quadratic cost, leaky ε = 0.01), every ∂C/∂wˡ_jk and ∂C/∂bˡ_j from BP1–BP4 with the "
        f"proved f′ against 60-digit central differences (h = 1e−20): max |difference| {shown} "
        "(tolerance 1e−30)",
    )


backprop_equations_any_activation = register(
    Claim(
        id="backprop_equations_any_activation",
        statement=(
            "For a fully connected network of any widths whose layers use tanh, ReLU, the leaky "
            "ReLU max(εz, z) (0 < ε < 1) or the identity (each layer its own activation f), and "
            "any differentiable cost: BP1 δᴸ = ∇ₐC ⊙ f′(zᴸ), BP2 δˡ = ((wˡ⁺¹)ᵀδˡ⁺¹) ⊙ f′(zˡ), BP3 "
            "∂C/∂bˡ_j = δˡ_j and BP4 ∂C/∂wˡ_jk = aˡ⁻¹_k δˡ_j hold with f′ = 1 − tanh² for tanh, "
            "f′ = 1 for the identity, f′(z) = 1 (z > 0) and 0 (z < 0) for ReLU, 1 (z > 0) and ε "
            "(z < 0) for the leaky ReLU — for ReLU and the leaky ReLU away from 0 (every "
            "zˡ_j ≠ 0), where they have no derivative."
        ),
        source="nielsen-ch2 (BP1)–(BP4); kapur-2016",
        # the formal statement is the symbolic evidence (its proof checks every derivation)
        evidence=(numeric(bp_matches_finite_differences_for_every_activation),),
        notes=(
            "backprop_equations proves BP1–BP4 for any differentiable activation σ; each "
            "equation involves one layer's activation only, so a network with a different f per "
            "layer obeys them layer by layer. Here f is named per activation (f_tanh, f_ReLU, "
            "f_leaky, f_id, with f′_X defined as df_X/dx) and BP1, BP2 are proved for each with "
            "symbolic widths, then f′_X(zˡ_j) is replaced by its value: for tanh and the "
            "identity by the core's identity rule on the definition; for ReLU and the leaky ReLU "
            "by claim relu_grad (a lemma: its parts instantiated at zˡ_j, their premise "
            "zˡ_j > 0 or zˡ_j < 0 inside each equation). Inside the sums f_X stays a name (the "
            "chain-rule premise is that f_X is differentiable at every zˡ_p, i.e. every "
            "zˡ_p ≠ 0 for ReLU); its definition is unfolded only at the point zˡ_j, where the "
            "core refuses it unless the premise excludes the kink. BP3 and BP4 do not involve "
            "the activation (aˡ⁻¹ = f(zˡ⁻¹) for any f): they are backprop_equations' own parts, "
            "used as a lemma (its formal statement is proved in this claim's checks), so the "
            "formal statement here holds BP1 and BP2 for each activation and case. "
            "The 50-digit finite differences only confirm."
        ),
        derivations=ANY_ACTIVATION_DERIVATIONS,
        uses=(act.relu_grad, lay.backprop_equations),
        formal=Statement(
            relation=sp.And(*(_part(d) for d in ANY_ACTIVATION_DERIVATIONS)),
            domain=(
                "n_L, n_l, n_{l+1} positive integers (any widths); j a positive integer "
                "(premise: inside its layer); ε > 0 (premise ε < 1); for ReLU and "
                "the leaky ReLU every zˡ_j ≠ 0 (the premise zˡ_j > 0 or zˡ_j < 0 inside each "
                "equation); C any differentiable cost"
            ),
            definitions=DEFINITIONS,
            proof=any_activation_proof,
            explanation=(
                "f_tanh(x) = tanh x, f_ReLU(x) = ReLU(x) = max(0, x), f_leaky(x) = max(εx, x), "
                "f_id(x) = x; f′_X = df_X/dx; δ(l, j) = ∂C/∂zˡ_j; each equation's premises are "
                "its indices' ranges, the chain rule for its left side and, off the kink, the "
                "sign of zˡ_j"
            ),
        ),
    )
)

# ============================================================ dead_relu_blocks_gradient
#
# A ReLU unit j of layer l with zˡ_j < 0: δˡ_j = 0 (BP2 for ReLU, the case zˡ_j < 0), so by BP3
# and BP4 its bias and incoming weights get zero gradient, and its term wˡ_jk δˡ_j of BP2 one
# layer down — the only way the error passes through unit j to earlier layers — is 0.

DEAD_DELTA = bp2(RELU, 1)
_DEAD_PREMISES = DEAD_DELTA.hyps  # n_l ≥ j, the chain rule through z^{l+1}, zˡ_j < 0


def _dead_delta_is_zero() -> Theorem:
    """premises ⊢ ∂C/∂zˡ_j = 0: δ's definition, then :data:`DEAD_DELTA`'s theorem."""
    named = core.identity(partial_z(_l, _j), delta(_l, _j), using=_defs(lay.delta))
    return core.chain([named, DEAD_DELTA.theorem()])


def _times_zero(fact: Callable[[], Theorem]) -> Justification:
    """The link c·u = 0 from ``fact`` (premises ⊢ u = 0): identity X·u = 0 for a fresh symbol X,
    then the core's instantiate rule puts the cofactor c for X."""

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        thm = fact()
        cofactor = prev.xreplace({thm.prop.lhs: sp.Integer(1)})
        general = core.identity(_X * thm.prop.lhs, sp.Integer(0), hyps=thm.hyps, using=(thm,))
        out = core.instantiate(general, {_X: cofactor})
        if out.prop != link(prev, cur, rel):
            raise core.ProofError("derivation", f"the link is not c·0 = 0: {out.prop}")
        return out

    return justify


DEAD_BIAS = Derivation(
    title="a dead ReLU unit's bias: ∂C/∂bˡ_j = 0 when zˡ_j < 0",
    assumptions="1 ≤ j ≤ n_l; layer l's activation is ReLU; zˡ_j < 0",
    hyps=(*_DEAD_PREMISES, lay.CHAIN_RULE_B),
    steps=(
        Step(partial_b(_l, _j), "the bias gradient ∂C/∂bˡ_j"),
        Step(
            lay.CHAIN_RULE_B.rhs,
            "multivariable chain rule through zˡ_r",
            source="nielsen-ch2 (BP3)",
            check=lay.chain_rule(lay.CHAIN_RULE_B),
        ),
        Step(partial_z(_l, _j), "∂zˡ_r/∂bˡ_j = δ_rj, 1 ≤ j ≤ n_l", check=lay.in_layer((n_l, _j))),
        Step(
            sp.Integer(0),
            "δˡ_j = ((wˡ⁺¹)ᵀδˡ⁺¹)_j · ReLU′(zˡ_j) = 0 for zˡ_j < 0",
            source="kapur-2016",
            check=_times_zero(_dead_delta_is_zero),
        ),
    ),
    conclusion="a dead unit's bias does not learn",
    using=_defs(lay.delta),
)

DEAD_WEIGHT = Derivation(
    title="a dead ReLU unit's incoming weights: ∂C/∂wˡ_jk = 0 when zˡ_j < 0",
    assumptions="1 ≤ j ≤ n_l, 1 ≤ k ≤ n_{l−1}; layer l's activation is ReLU; zˡ_j < 0",
    hyps=(*_DEAD_PREMISES, lay._in(lay.n_prev, _k), lay.CHAIN_RULE_W),
    steps=(
        Step(partial_w(_l, _j, _k), "the weight gradient ∂C/∂wˡ_jk"),
        Step(
            lay.CHAIN_RULE_W.rhs,
            "multivariable chain rule through zˡ_r",
            source="nielsen-ch2 (BP4)",
            check=lay.chain_rule(lay.CHAIN_RULE_W),
        ),
        Step(
            lay.a_prev(_k) * partial_z(_l, _j),
            "∂zˡ_r/∂wˡ_jk = δ_rj aˡ⁻¹_k, 1 ≤ j ≤ n_l, 1 ≤ k ≤ n_{l−1}",
            check=lay.in_layer((n_l, _j), (lay.n_prev, _k)),
        ),
        Step(
            sp.Integer(0),
            "δˡ_j = 0 for zˡ_j < 0",
            source="kapur-2016",
            check=_times_zero(_dead_delta_is_zero),
        ),
    ),
    conclusion="a dead unit's incoming weights do not learn",
    using=_defs(lay.delta, lay.a_prev),
)

DEAD_PASSES_NOTHING = Derivation(
    title="what a dead ReLU unit passes down: its term wˡ_jk δˡ_j of BP2 at layer l − 1 is 0",
    assumptions="1 ≤ j ≤ n_l; layer l's activation is ReLU; zˡ_j < 0; k any unit of layer l − 1",
    hyps=_DEAD_PREMISES,
    steps=(
        Step(lay._wl[_j, _k] * delta(_l, _j), "unit j's term of (wˡ)ᵀδˡ in BP2 for δˡ⁻¹_k"),
        Step(
            sp.Integer(0),
            "δˡ_j = 0 for zˡ_j < 0",
            source="kapur-2016",
            check=_times_zero(lambda: DEAD_DELTA.theorem()),
        ),
    ),
    conclusion=(
        "every earlier δ, and by BP3, BP4 every earlier ∂C/∂w, ∂C/∂b, is linear in δˡ: unit j "
        "contributes nothing to any of them"
    ),
)

DEAD_DERIVATIONS = (DEAD_DELTA, DEAD_BIAS, DEAD_WEIGHT, DEAD_PASSES_NOTHING)


def dead_relu_proof(st: Statement) -> Theorem:
    """Each part one derivation's theorem, premises discharged (core ``implies``), joined."""
    done = _proved_parts(DEAD_DERIVATIONS)
    return core.conj(*(done[p] for p in st.parts()))


def _without_unit(ws, bs, layer: int, unit: int):  # type: ignore[no-untyped-def]
    """The network with unit ``unit`` of hidden layer ``layer`` (1-based) removed."""
    ws2, bs2 = [m.copy() for m in ws], [m.copy() for m in bs]
    keep = [r for r in range(ws[layer - 1].rows) if r != unit]
    ws2[layer - 1] = mpmath.matrix(
        [[ws[layer - 1][r, c] for c in range(ws[layer - 1].cols)] for r in keep]
    )
    bs2[layer - 1] = mpmath.matrix([bs[layer - 1][r] for r in keep])
    nxt = ws[layer]
    ws2[layer] = mpmath.matrix(
        [[nxt[r, c] for c in range(nxt.cols) if c != unit] for r in range(nxt.rows)]
    )
    return ws2, bs2


def dead_unit_blocks_gradient_numerically() -> Outcome:
    """ReLU networks [3, 4, 3, 2] with unit 2 of layer 2 dead (bias −100): 50-digit central
    differences of its bias and weights are 0, and every layer-1 gradient equals that of the
    network without the unit."""
    rng = np.random.default_rng(SEED + 2)
    sizes = (3, 4, 3, 2)
    own, earlier = mpmath.mpf(0), mpmath.mpf(0)
    with mpmath.workdps(50):
        h = mpmath.mpf(10) ** -20
        for _ in range(3):
            ws = [
                mpmath.matrix(rng.normal(size=(m, n)).tolist())
                for n, m in itertools.pairwise(sizes)
            ]
            bs = [mpmath.matrix(rng.normal(size=m).tolist()) for m in sizes[1:]]
            bs[1][1] = mpmath.mpf(-100)  # unit 2 of layer 2: zˡ_j < 0 for every input in [0, 1]³
            x = mpmath.matrix(rng.uniform(size=sizes[0]).tolist())
            y = mpmath.matrix(rng.uniform(size=sizes[-1]).tolist())

            def cost(w_, b_):  # type: ignore[no-untyped-def]
                return _mp_cost(w_, b_, x, y, "relu")  # noqa: B023

            for idx in [(1, c) for c in range(ws[1].cols)] + [(1, None)]:
                wp, wm = [m.copy() for m in ws], [m.copy() for m in ws]
                bp_, bm = [m.copy() for m in bs], [m.copy() for m in bs]
                if idx[1] is None:
                    bp_[1][1] += h
                    bm[1][1] -= h
                else:
                    wp[1][idx] += h
                    wm[1][idx] -= h
                own = max(own, abs(cost(wp, bp_) - cost(wm, bm)) / (2 * h))
            ws2, bs2 = _without_unit(ws, bs, 2, 1)
            g_full = _mp_backprop(ws, bs, x, y, "relu")
            g_cut = _mp_backprop(ws2, bs2, x, y, "relu")
            diff_w = g_full[0][0] - g_cut[0][0]
            diff_b = g_full[1][0] - g_cut[1][0]
            earlier = max(
                earlier,
                max(abs(v) for v in diff_w),
                max(abs(v) for v in diff_b),
            )
        ok = own == 0 and earlier == 0
    return Outcome.of(
        ok,
        "confirmation: 3 random ReLU networks [3, 4, 3, 2] (weights N(0, 1), inputs U(0, 1)) "
        "with unit 2 of layer 2 given bias −100: 50-digit central differences of its bias and "
        f"incoming weights: max {mpmath.nstr(own, 2)}; every layer-1 gradient minus that of the "
        f"network without the unit: max {mpmath.nstr(earlier, 2)}",
    )


dead_relu_blocks_gradient = register(
    Claim(
        id="dead_relu_blocks_gradient",
        statement=(
            "A ReLU unit j of layer l whose weighted input is negative (zˡ_j < 0) for every "
            "training input passes exactly zero gradient: δˡ_j = 0, so ∂C/∂bˡ_j = 0 and "
            "∂C/∂wˡ_jk = 0 (its own bias and incoming weights do not learn), and its term "
            "wˡ_jk δˡ_j in BP2 for every earlier layer is 0, so it contributes nothing to any "
            "∂C/∂wᵏ, ∂C/∂bᵏ with k < l."
        ),
        source="kapur-2016",
        evidence=(numeric(dead_unit_blocks_gradient_numerically),),
        notes=(
            "The post says a dead ReLU (output zero for a negative input) can completely block "
            "backpropagation because its gradient is zero. Proved per training input with the "
            "premise zˡ_j < 0 inside each equation (the cost of a batch is the mean over its "
            "inputs, so if the premise holds for every input the averages are 0 too): δˡ_j = 0 "
            "is BP2 for ReLU in the case zˡ_j < 0 (claim backprop_equations_any_activation's "
            "derivation, with claim relu_grad's ReLU′(z) = 0 for z < 0); BP3 and BP4 then give "
            "the bias and weight gradients; every earlier δ is computed by BP2 from δˡ, in which "
            "unit j enters only through the term wˡ_jk δˡ_j, proved 0 — the earlier gradients are "
            "linear in δˡ, so unit j contributes nothing to them (the 50-digit confirmation "
            "compares them with those of the network without unit j)."
        ),
        derivations=DEAD_DERIVATIONS,
        uses=(act.relu_grad,),
        formal=Statement(
            relation=sp.And(*(_part(d) for d in DEAD_DERIVATIONS)),
            domain=(
                "n_l, n_{l+1}, n_{l−1} positive integers (any widths); j, k positive integers "
                "(premises: inside their layers); layer l's activation ReLU with zˡ_j < 0 (a "
                "premise); C any differentiable cost"
            ),
            definitions=DEFINITIONS,
            proof=dead_relu_proof,
            explanation=(
                "f_ReLU(x) = max(0, x) is layer l's activation, f′_ReLU = df_ReLU/dx; δ(l, j) = "
                "∂C/∂zˡ_j; the premises are the indices' ranges, the chain rule for each "
                "left side, and zˡ_j < 0"
            ),
        ),
    )
)

# ============================================================ leaky_relu_factor_floor

w = sp.Symbol("w", real=True)
_z = act.z
_LP = act.LEAKY_PRIME(_z, eps)
_NEG = sp.And(sp.Lt(_z, 0, evaluate=False), _BELOW_ONE)
_POS = sp.And(sp.Gt(_z, 0, evaluate=False), _BELOW_ONE)
_W_NONZERO = sp.Gt(sp.Abs(w), 0, evaluate=False)


def _leaky_value(value: sp.Expr, premise: sp.Basic) -> Callable[[], Theorem]:
    def fact() -> Theorem:
        return _relu_grad_fact(value, premise, _z, LEAKY)

    return fact


def _by_fact(fact: Callable[[], Theorem]) -> Justification:
    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        return core.relation(link(prev, cur, rel), hyps=ctx.hyps, using=(fact(),))

    return justify


FLOOR_NEGATIVE = Derivation(
    title="|w f′(z)| = ε|w| for z < 0 (leaky ReLU, 0 < ε < 1)",
    assumptions="w real; z < 0; 0 < ε < 1",
    hyps=tuple(_NEG.args),
    steps=(
        Step(sp.Abs(w * _LP), "the factor a leaky ReLU unit contributes"),
        Step(
            eps * sp.Abs(w),
            "f′(z) = ε for z < 0 (claim relu_grad), and |wε| = ε|w| as ε > 0",
            source="kapur-2016",
            check=_by_fact(_leaky_value(eps, _NEG)),
        ),
    ),
    conclusion="for z < 0 the factor is exactly ε|w|",
)

FLOOR_POSITIVE = Derivation(
    title="|w f′(z)| ≥ ε|w| for z > 0 (leaky ReLU, 0 < ε < 1)",
    assumptions="w real; z > 0; 0 < ε < 1",
    hyps=tuple(_POS.args),
    steps=(
        Step(sp.Abs(w * _LP), "the factor a leaky ReLU unit contributes"),
        Step(
            sp.Abs(w),
            "f′(z) = 1 for z > 0 (claim relu_grad)",
            source="kapur-2016",
            check=_by_fact(_leaky_value(sp.Integer(1), _POS)),
        ),
        Step(eps * sp.Abs(w), "ε < 1 and |w| ≥ 0", relation=">="),
    ),
    conclusion="for z > 0 the factor |w| is at least ε|w|",
)

FLOOR_STRICT = Derivation(
    title="|w f′(z)| > ε|w| for z > 0 and w ≠ 0: equality only for z < 0",
    assumptions="w ≠ 0 real; z > 0; 0 < ε < 1",
    hyps=(*_POS.args, _W_NONZERO),
    steps=(
        Step(sp.Abs(w * _LP), "the factor a leaky ReLU unit contributes"),
        Step(
            sp.Abs(w),
            "f′(z) = 1 for z > 0 (claim relu_grad)",
            check=_by_fact(_leaky_value(sp.Integer(1), _POS)),
        ),
        Step(eps * sp.Abs(w), "ε < 1 and |w| > 0", relation=">"),
    ),
    conclusion="for z > 0 and w ≠ 0 the factor is strictly above ε|w|",
)

FLOOR_DERIVATIONS = (FLOOR_NEGATIVE, FLOOR_POSITIVE, FLOOR_STRICT)

FLOOR_RELATION = sp.And(
    sp.Implies(_NEG, sp.Eq(sp.Abs(w * _LP), eps * sp.Abs(w), evaluate=False)),
    sp.Implies(_POS, sp.Ge(sp.Abs(w * _LP), eps * sp.Abs(w), evaluate=False)),
    sp.Implies(
        sp.And(*_POS.args, _W_NONZERO), sp.Gt(sp.Abs(w * _LP), eps * sp.Abs(w), evaluate=False)
    ),
)


def floor_proof(st: Statement) -> Theorem:
    """Each part by the derivation that fits it exactly (premises discharged by the core's
    ``implies`` rule); a part no derivation fits is not proved."""
    from gradproof.logic import fits

    done = {}
    for part in st.parts():
        premise, goal = part.args
        errors = []
        for d in FLOOR_DERIVATIONS:
            if type(goal) is not {"=": sp.Eq, ">=": sp.Ge, ">": sp.Gt}[d.steps[-1].relation]:
                continue
            try:
                done[part] = core.implies(fits(d, goal, st.definition_theorems()), premise)
                break
            except core.ProofError as exc:
                errors.append(str(exc))
        else:
            raise core.ProofError("statement", f"no derivation fits {part}: {'; '.join(errors)}")
    return core.conj(*(done[p] for p in st.parts()))


def floor_holds_at_random_points() -> Outcome:
    """|w f′(z)| ≥ ε|w| at 10⁵ random (w, z, ε) in float64 (f′ = 1 or ε), equality only z < 0."""
    rng = np.random.default_rng(SEED + 3)
    wv = rng.normal(scale=10.0, size=100_000)
    zv = rng.normal(scale=10.0, size=100_000)
    ev = rng.uniform(1e-6, 1.0, size=100_000)
    zv[zv == 0] = 1.0
    factor = np.abs(wv * np.where(zv > 0, 1.0, ev))
    floor = ev * np.abs(wv)
    ok = bool(np.all(factor >= floor) and np.all((factor == floor) == ((zv < 0) | (wv == 0))))
    return Outcome.of(
        ok,
        "confirmation: 10⁵ random w ~ N(0, 100), z ~ N(0, 100), ε ~ U(1e−6, 1): "
        f"|w f′(z)| ≥ ε|w| everywhere: {ok}; equal exactly where z < 0",
    )


leaky_relu_factor_floor = register(
    Claim(
        id="leaky_relu_factor_floor",
        statement=(
            "For the leaky ReLU max(εz, z) with 0 < ε < 1, the factor |w f′(z)| that a unit "
            "contributes to a backpropagated gradient is never below ε|w| for any z ≠ 0: it is "
            "exactly ε|w| for z < 0 and |w| > ε|w| for z > 0 (w ≠ 0), so a leaky ReLU unit never "
            "passes zero gradient the way a dead ReLU does."
        ),
        source="kapur-2016",
        evidence=(numeric(floor_holds_at_random_points),),
        notes=(
            "The post says leaky ReLUs have a small gradient ε instead of zero for negative "
            "inputs, so they do not die. Stated off the kink z = 0 (no derivative there); "
            "f′(z) = ε for z < 0 and 1 for z > 0 are claim relu_grad's facts, used as a lemma "
            "(instantiated by the core at z, their premises assumed and discharged). 'Equality "
            "exactly when z < 0' holds for w ≠ 0 (for w = 0 both sides are 0), written |w| > 0."
        ),
        derivations=FLOOR_DERIVATIONS,
        uses=(act.relu_grad,),
        formal=Statement(
            FLOOR_RELATION,
            domain="w, z real; ε > 0; premises z < 0 or z > 0, ε < 1, and |w| > 0 in the last part",
            definitions=act.DEFINITIONS,
            proof=floor_proof,
            explanation="LeakyReLU′(z, ε) is the derivative of max(εu, u) at u = z (off the kink)",
        ),
    )
)
