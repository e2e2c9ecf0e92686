"""Errata of the sources as claims: each printed statement refuted, the exact one proved.

Each claim here carries ``erratum`` (what the source says and what is true; the docs list these
claims on the errata page). Its formal statement holds both halves, each proved by the trusted
core (:mod:`gradproof.core`): the *refutation* of the printed form — a proved negation, such as
the printed value ≠ the true value at a witness point (closed numbers, signed by the core), or a
proved bound that contradicts it — and the exact statement. Facts proved elsewhere are used as
lemmas through their formal statements (:func:`gradproof.logic.use`, ``Claim(uses=…)``), never
restated; the checker of :func:`gradproof.check` refutes the printed forms at points as
supporting evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, numeric, register, symbolic
from gradproof.core import Theorem
from gradproof.derivation import Derivation, Step, are_equal, sign_is
from gradproof.logic import Statement, fits, proved_by, use
from gradproof.proofs.costs import quadratic_cost_expr
from gradproof.proofs.sigmoid import DEFINITIONS as SIGMOID_DEFINITIONS
from gradproof.proofs.sigmoid import (
    SIGMA,
    SIGMA_PRIME,
    SIGMOID_PRIME_BOUND,
    T_REWRITE,
    sigma,
    sigma_prime,
    sigmoid_prime_max,
    weighted_sigmoid_prime_bound,
)
from gradproof.proofs.sigmoid import z as _z
from gradproof.typeset import name_text, text

_w = sp.Symbol("w", real=True)

ORDER = 70

#: σ's and σ′'s definitions as core theorems, for the derivations and the proofs below
SIGMOID_THEOREMS: tuple[Theorem, ...] = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in SIGMOID_DEFINITIONS.items()
)


def _conjuncts(rel: sp.Basic) -> tuple[sp.Basic, ...]:
    return tuple(rel.args) if isinstance(rel, sp.And) else (rel,)


def from_lemmas(*claims: Claim) -> Callable[[sp.Basic, Statement], Theorem | None]:
    """A part prover for :func:`gradproof.logic.proved_by`: a part that is exactly a conjunct of
    a lemma's proved statement is that conjunct (the core's ``part`` rule on ``use(lemma)``)."""

    def prover(part: sp.Basic, st: Statement) -> Theorem | None:
        for claim in claims:
            thm = use(claim)
            if part in _conjuncts(thm.prop):
                return core.part(thm, part) if thm.prop != part else thm
        return None

    return prover


def _point_name(name: str) -> str:
    """A checker variable (``w0``, ``x[1]``) as the text writes it (w₀, x₁)."""
    name = re.sub(r"\[(\w+)\]", r"_\1", name)
    return name_text(re.sub(r"^([A-Za-z])(\d+)$", r"\1_\2", name))


def _checker_refutes(
    spec: dict[str, object], derivative: str, printed: str, names: Callable[[str], str]
) -> tuple[bool, str]:
    """Run the checker of ``gradproof.check`` (in this process) on ``printed``; (refuted, text)."""
    from gradproof.checker.core import solve

    answer = solve(spec, derivative, printed)
    if answer["status"] != "refuted":
        return False, f"the checker did not refute it: {answer['status']}: {answer['detail']}"
    ce = answer["counterexample"]
    point = ", ".join(
        f"{_point_name(names(k))} = {text(sp.sympify(v))}" for k, v in ce["point"].items()
    )
    return True, (
        f"refuted at {point}: printed {ce['claimed_value']}, true {ce['correct_value']} (50 digits)"
    )


# ============================================================ erratum_grad_w0_chain
# gradient-vanish-mlp: h₁ = σ(w₀x), h₂ = σ(w₁h₁), h₃ = σ(w₂h₂), o = σ(w₃h₃), C = Σ_i (y_i − o_i)².

W0, W1, W2, W3 = sp.symbols("w_0 w_1 w_2 w_3", real=True)
X, Y = sp.symbols("x y", real=True)


def _pair(x: sp.Expr, y: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    """(pair cost, true ∇_{w₀}, printed line 1, printed line 2, output o) for one pair (x, y).

    σ and σ′ are the sigmoid family's (declared definitions); δ′ in the post is σ′.
    """
    h1 = SIGMA(W0 * x)
    h2 = SIGMA(W1 * h1)
    h3 = SIGMA(W2 * h2)
    out = SIGMA(W3 * h3)
    s4, s3, s2, s1 = (
        SIGMA_PRIME(W3 * h3),
        SIGMA_PRIME(W2 * h2),
        SIGMA_PRIME(W1 * h1),
        (SIGMA_PRIME(W0 * x)),
    )
    #: the squared error of one training pair, as the post writes it (no factor 1/2)
    cost = (y - out) ** 2
    #: the true ∇_{w₀} of one pair's cost, in the post's names (δ′ = σ′)
    grad = -2 * (y - out) * s4 * W3 * s3 * W2 * s2 * W1 * s1 * x
    # the post's lines as printed (one summand each), kept unevaluated so that the factors
    # (−w₃), (−w₂), … stay visible: 2(y − o)·δ′(w₃h₃)(−w₃)δ′(w₂h₂)(−w₂)δ′(w₁h₁)(−w₁)δ′(w₀x)(−x)
    # and 2(y − o)(−w₃)(−w₂)(−w₁)(−w₀)(−x)·δ′(w₃h₃)δ′(w₂h₂)δ′(w₁h₁)δ′(w₀x)
    line_1 = sp.Mul(2, y - out, s4, -W3, s3, -W2, s2, -W1, s1, -x, evaluate=False)
    line_2 = sp.Mul(2, y - out, -W3, -W2, -W1, -W0, -x, s4, s3, s2, s1, evaluate=False)
    return cost, grad, line_1, line_2, out


PAIR_COST, GRAD_W0, PRINTED_LINE_1, PRINTED_LINE_2, OUT = _pair(X, Y)
#: the witness: w₀ = 2, w₁ = w₂ = w₃ = 1 and one training pair (x, y) = (1, 0)
WITNESS = {W0: 2, W1: 1, W2: 1, W3: 1, X: 1, Y: 0}

GRAD_W0_DERIVATION = Derivation(
    title="∇_{w₀} of one pair's squared error, four sigmoid units without biases",
    assumptions="w₀ … w₃, x, y real; h₁ = σ(w₀x), h₂ = σ(w₁h₁), h₃ = σ(w₂h₂), o = σ(w₃h₃)",
    lhs=sp.Symbol("∂(y − o)²/∂w₀"),
    steps=(
        Step(sp.Derivative(PAIR_COST, W0), "C_i = (y_i − o_i)² written out"),
        Step(
            GRAD_W0,
            "chain rule through o, h₃, h₂, h₁ (the outer derivative of (y − o)² is −2(y − o))",
            source="gradient-vanish-mlp",
        ),
    ),
    conclusion="∇_{w₀}C = −2 Σ_i (y_i − o_i) σ′(w₃h₃)w₃ σ′(w₂h₂)w₂ σ′(w₁h₁)w₁ σ′(w₀x_i)x_i",
    using=SIGMOID_THEOREMS,
)


def printed_lines_refuted_and_gradient_proved() -> Outcome:
    """The true ∇_{w₀} is derived; line 1 is exactly its negative, line 2 exactly w₀ times it.

    Each printed line is one summand times Σ_i; the sum is linear, so the per-pair identities
    decide it. At w₀ = 2, w₁ = w₂ = w₃ = x = 1, y = 0 the true gradient is positive (a sign
    argument on exact values), so both printed lines differ from it there.
    """
    chain = GRAD_W0_DERIVATION.check()  # ∂(y − o)²/∂w₀ = the true form, by the core
    flat = {SIGMA: sp.Lambda(X, sigma(X)), SIGMA_PRIME: sp.Lambda(X, sigma_prime(X))}
    grad = GRAD_W0.replace(SIGMA, flat[SIGMA]).replace(SIGMA_PRIME, flat[SIGMA_PRIME])
    opposite = sp.expand(PRINTED_LINE_1 + GRAD_W0) == 0
    extra_factor = sp.expand(PRINTED_LINE_2 - W0 * GRAD_W0) == 0
    at_point = grad.subs(WITNESS)
    positive = sign_is(at_point, "positive")
    # line 1 − true = −2·true < 0 and line 2 − true = (w₀ − 1)·true = true > 0 at the point
    ok = chain.ok and opposite and extra_factor and positive
    return Outcome.of(
        ok,
        f"{chain.detail}; printed line 1 + true ≡ 0 (wrong overall sign): {opposite}; "
        f"printed line 2 − w₀·true ≡ 0 (a spurious factor w₀, sign right): {extra_factor}; "
        f"at w₀ = 2, w₁ = w₂ = w₃ = x = 1, "
        f"y = 0 the true value {sp.N(at_point, 20)} is > 0: {positive}, so line 1 (its "
        f"negative) and line 2 (twice it) are both false there",
    )


def _grad_w0_proof(st: Statement) -> Theorem:
    """Each part by the core: the gradient by :data:`GRAD_W0_DERIVATION` (fitted exactly); the
    printed lines' relations to it by the identity rule (algebra valid for any σ′); the
    refutations by the sign rule on closed numbers (σ unfolded)."""
    done: dict[sp.Basic, Theorem] = {}
    for part in st.parts():
        if isinstance(part, sp.Eq) and part.lhs == GRAD_W0_DERIVATION.steps[0].expr:
            done[part] = fits(GRAD_W0_DERIVATION, part)
        elif isinstance(part, sp.Eq):
            done[part] = core.identity(part.lhs, part.rhs)
        else:
            done[part] = core.inequality(part, using=st.definition_theorems())
    return core.conj(*(done[p] for p in st.parts()))


#: The post's lines in the checker's names (its chain numbers neurons 1..4: w₀ → w1, h_k → a_k,
#: o → a4), for two training pairs.
_CHECKER_SPEC: dict[str, object] = {
    "layers": 4,
    "activation": "sigmoid",
    "cost": "squared",
    "biases": False,
    "pairs": 2,
    "average": False,
}
_LINE_1_TEXT = "sum(2*(y - a4)*σ'(z4)*(-w4)*σ'(z3)*(-w3)*σ'(z2)*(-w2)*σ'(z1)*(-x))"
_LINE_2_TEXT = "sum(2*(y - a4)*(-w4)*(-w3)*(-w2)*(-w1)*(-x)*σ'(z4)*σ'(z3)*σ'(z2)*σ'(z1))"


def _post_names(name: str) -> str:
    """The checker's names in the post's: w1..w4 → w₀..w₃; x_1, y_1 stay."""
    if name.startswith("w") and name[1:].isdigit():
        return f"w{int(name[1:]) - 1}"
    return name


def printed_lines_refuted_at_points_by_the_checker() -> Outcome:
    """gradproof.check's machinery refutes both printed lines (two pairs) at exact points.

    The point's coordinates are small rationals; the printed and true values are shown to 50
    digits, and their difference, evaluated at 50 and 100 digits, agrees to 20 digits.
    """
    first = _checker_refutes(_CHECKER_SPEC, "dC/dw1", _LINE_1_TEXT, _post_names)
    second = _checker_refutes(_CHECKER_SPEC, "dC/dw1", _LINE_2_TEXT, _post_names)
    return Outcome.of(first[0] and second[0], f"line 1: {first[1]}; line 2: {second[1]}")


erratum_grad_w0_chain = register(
    Claim(
        id="erratum_grad_w0_chain",
        statement=(
            "For four sigmoid units without biases (h₁ = σ(w₀x), h₂ = σ(w₁h₁), h₃ = σ(w₂h₂), "
            "o = σ(w₃h₃)) and C = Σ_i (y_i − o_i)²: ∇_{w₀}C = −2 Σ_i (y_i − o_i) σ′(w₃h₃)w₃ "
            "σ′(w₂h₂)w₂ σ′(w₁h₁)w₁ σ′(w₀x_i)x_i; the post's first printed line is exactly its "
            "negative and its second line is exactly w₀ times it, so both are false."
        ),
        source="gradient-vanish-mlp",
        evidence=(
            symbolic(printed_lines_refuted_and_gradient_proved),
            numeric(printed_lines_refuted_at_points_by_the_checker),
        ),
        notes=(
            "Each factor ∂h_{k+1}/∂h_k = σ′(w_kh_k)w_k carries no minus sign: the post's four "
            "factors (−w₃), (−w₂), (−w₁), (−x) multiply to +w₃w₂w₁x while the outer derivative "
            "∂(y − o)²/∂o = −2(y − o) is printed as +2(y − o), so line 1 has the wrong overall "
            "sign. Line 2 regroups the factors and adds a fifth, (−w₀), which fixes the sign by "
            "accident but multiplies the gradient by w₀ (w₀ appears only inside σ′(w₀x)). The "
            "formal statement proves one pair's gradient (C is the sum of such terms and ∇ is "
            "linear, so the Σ_i of the printed lines is exactly their summand's Σ_i), the two "
            "exact relations of the printed summands to the true one, and the refutation: with "
            "one pair (x, y) = (1, 0) and w₀ = 2, w₁ = w₂ = w₃ = 1 each printed line differs "
            "from the true gradient (closed numbers, signed by the core)."
        ),
        derivations=(GRAD_W0_DERIVATION,),
        erratum=(
            "Both printed lines for ∇_{w₀}C are wrong: the first has the wrong overall sign, the "
            "second an extra factor w₀; the gradient is −2Σ(y − o)σ′(w₃h₃)w₃σ′(w₂h₂)w₂σ′(w₁h₁)w₁"
            "σ′(w₀x)x."
        ),
        # (each $…$ a piece of one product, so that a narrow table cell can wrap between them)
        printed=(
            r"$\nabla_{w_0}C = \sum_{i=1}^{n} 2(y_i - o_i)$ $\delta'(w_3h_3)(-w_3)$ "
            r"$\delta'(w_2h_2)(-w_2)$ $\delta'(w_1h_1)(-w_1)$ $\delta'(w_0x_i)(-x_i)$ and, "
            r"regrouped, $\sum_{i=1}^{n} 2(y_i - o_i)$ $(-w_3)(-w_2)(-w_1)(-w_0)(-x_i)$ "
            r"$\delta'(w_3h_3)\,\delta'(w_2h_2)$ $\delta'(w_1h_1)\,\delta'(w_0x_i)$ (δ′ is σ′)"
        ),
        exact=(
            r"$\nabla_{w_0}C = -2\sum_{i=1}^{n} (y_i - o_i)$ $w_3\sigma'(w_3h_3)$ "
            r"$w_2\sigma'(w_2h_2)$ $w_1\sigma'(w_1h_1)$ $\sigma'(w_0x_i)\,x_i$: line 1 has the "
            r"wrong sign, line 2 an extra factor $w_0$"
        ),
        formal=Statement(
            sp.And(
                sp.Eq(GRAD_W0_DERIVATION.steps[0].expr, GRAD_W0_DERIVATION.steps[-1].expr),
                sp.Eq(PRINTED_LINE_1, -GRAD_W0, evaluate=False),
                sp.Eq(PRINTED_LINE_2, W0 * GRAD_W0, evaluate=False),
                sp.Ne(PRINTED_LINE_1.xreplace(WITNESS), GRAD_W0.xreplace(WITNESS), evaluate=False),
                sp.Ne(PRINTED_LINE_2.xreplace(WITNESS), GRAD_W0.xreplace(WITNESS), evaluate=False),
            ),
            domain="w₀ … w₃ real; a training pair (x, y) real",
            definitions=SIGMOID_DEFINITIONS,
            proof=_grad_w0_proof,
            explanation=(
                "h₁ = σ(w₀x), h₂ = σ(w₁h₁), h₃ = σ(w₂h₂), o = σ(w₃h₃); the first part is one "
                "pair's ∇_{w₀}(y − o)² (C = Σ_i of these); the next two relate the printed "
                "summands to it; the last two: at (x, y) = (1, 0) with w₀ = 2, w₁ = w₂ = w₃ = 1, "
                "each printed line ≠ the true gradient"
            ),
        ),
    )
)


# ============================================================ erratum_weights_of_two
# vanishing-exploding: "if each weight is exactly 2, the gradient will grow exponentially".

t = sp.Symbol("t", positive=True)  # t = e^{−z}
dd = sp.Symbol("d", nonnegative=True)  # |w| = 2 − d ≤ 2
alpha, pp, beta = sp.symbols("α p β", nonnegative=True)
qq = sp.Symbol("q", positive=True)  # q = (1/2)^n

HALF_FACTOR_DERIVATION = Derivation(
    title="|w| ≤ 2 ⇒ |w σ′(z)| ≤ 1/2",
    assumptions="t = e^{−z} > 0; |w| = 2 − d, d ≥ 0",
    lhs=sp.Rational(1, 2) - sp.Symbol("|w σ′(z)|"),
    steps=(
        Step(sp.Rational(1, 2) - (2 - dd) * t / (1 + t) ** 2, "|wσ′| = |w|σ′, σ′ = t/(1 + t)²"),
        Step(((1 + t) ** 2 - 2 * (2 - dd) * t) / (2 * (1 + t) ** 2), "common denominator"),
        Step(((t - 1) ** 2 + 2 * dd * t) / (2 * (1 + t) ** 2), "(1 + t)² − 4t = (t − 1)²"),
        Step(sp.Integer(0), "a square plus a nonnegative term, over a positive square", ">="),
    ),
    conclusion="every layer with |w| ≤ 2 multiplies the gradient by at most 1/2 in magnitude",
)

PRODUCT_STEP_DERIVATION = Derivation(
    title="induction step: factors ≤ 1/2 keep the product ≤ (1/2)ⁿ",
    assumptions=(
        "P = |∏ of n factors| ≤ q = (1/2)ⁿ (hypothesis), q = P + β, β ≥ 0; the next factor "
        "f = 1/2 − α ∈ [0, 1/2], α ≥ 0"
    ),
    lhs=sp.Symbol("(1/2)ⁿ⁺¹ − f·P"),
    steps=(
        Step(qq / 2 - (sp.Rational(1, 2) - alpha) * pp, "q/2 − fP with f = 1/2 − α"),
        Step((pp + beta) / 2 - (sp.Rational(1, 2) - alpha) * pp, "q = P + β (the hypothesis)"),
        Step(beta / 2 + alpha * pp, "expand"),
        Step(sp.Integer(0), "α, β, P ≥ 0", ">="),
    ),
    conclusion="base (1/2)⁰ = 1 = the empty product; so L − 1 layers multiply by ≤ 2^{1−L}",
    hyps=(sp.Eq(qq, pp + beta),),
)


def weights_of_two_shrink_by_two_per_layer() -> Outcome:
    """|w| ≤ 2 ⇒ each factor ≤ 1/2 (sign argument), equality at w = 2, z = 0; products ≤ 2^{−n}.

    Growth needs a factor above 1, hence |w| > 4 (the formal statement proves |w| ≤ 4 ⇒
    |wσ′(z)| ≤ 1; here |w|·max σ′ = |w|/4 ≤ 1 with the exported bound).
    """
    factor = HALF_FACTOR_DERIVATION.check()
    substitution = are_equal(
        sp.diff(sigma(sp.Symbol("z")), sp.Symbol("z")).subs(sp.Symbol("z"), -sp.log(t)),
        t / (1 + t) ** 2,
    )
    sharp = sp.simplify(2 * sigma_prime(sp.Integer(0))) == sp.Rational(1, 2)
    step = PRODUCT_STEP_DERIVATION.check()
    # |w| = 4 + e with e ≤ 0 gives |w|/4 ≤ 1: a factor above 1 needs |w|/4 > 1, i.e. |w| > 4
    ee = sp.Symbol("e", nonnegative=True)
    no_growth_up_to_4 = sign_is(1 - (4 - ee) * SIGMOID_PRIME_BOUND, "nonnegative")
    ok = factor.ok and substitution and sharp and step.ok and no_growth_up_to_4
    return Outcome.of(
        ok,
        f"{factor.detail}; σ′(z) = t/(1 + t)² at t = e^(−z): {substitution}; 2σ′(0) = 1/2 "
        f"(the bound is attained): {sharp}; {step.detail}; |w| ≤ 4 ⇒ "
        f"|w|·max σ′ = |w|/4 ≤ 1 (no factor above 1): {no_growth_up_to_4}",
    )


def weights_of_two_vanish_in_the_articles_chain() -> Outcome:
    """The article's chain (no biases) with every weight 2, 30 layers: each factor in (0, 1/2].

    Inputs a⁰ on a grid over [−5, 5]; ∂C/∂b_j by the exported gradproof.chain_bias_gradients
    (biases 0, ∂C/∂a_L = 1): |∂C/∂b_j| / |∂C/∂b_{j+1}| · σ′(z_{j+1})/σ′(z_j) = 2σ′(z_{j+1}) ≤ 1/2.
    """
    from gradproof.numerics import formulas

    depth = 30
    worst_factor, smallest_drop = 0.0, np.inf
    for a0 in np.linspace(-5.0, 5.0, 41):
        w, b = np.full(depth, 2.0), np.zeros(depth)
        grads = np.asarray(formulas.chain_bias_gradients(w, b, float(a0), 1.0), dtype=float)
        z = np.empty(depth)
        act = float(a0)
        for k in range(depth):
            z[k] = 2.0 * act
            act = float(formulas.sigmoid(z[k]))
        sp_z = np.asarray(formulas.sigmoid_prime(z), dtype=float)
        # ∂C/∂b_j/σ′(z_j) = ∏_{k>j} 2σ′(z_k): consecutive ratios are the factors 2σ′(z_{j+1})
        products = grads / sp_z
        factors = products[:-1] / products[1:]
        worst_factor = max(worst_factor, float(np.max(factors)))
        smallest_drop = min(smallest_drop, float(products[-1] / products[0]))
    ok = worst_factor <= 0.5 and smallest_drop >= 2.0 ** (depth - 1)
    return Outcome.of(
        ok,
        f"w = 2 in all {depth} layers, 41 inputs a⁰ ∈ [−5, 5]: largest per-layer factor "
        f"{worst_factor:.6f} ≤ 1/2; the gradient at layer 1 is ≥ 2^{depth - 1} times smaller "
        f"than at layer {depth} (smallest ratio {smallest_drop:.3e})",
    )


erratum_weights_of_two = register(
    Claim(
        id="erratum_weights_of_two",
        statement=(
            "In a chain of sigmoid neurons with every |w_k| ≤ 2, each factor |w_kσ′(z_k)| ≤ 1/2 "
            "(attained at w = 2, z = 0), so the gradient shrinks by at least a factor 2 per "
            "layer: weights of exactly 2 make it vanish, not explode. A factor above 1 needs "
            "|w| > 4, and every |w| > 4 gives one at z = 0 (claim gain_needs_w_ge_4)."
        ),
        source="vanishing-exploding on 'weights of exactly 2'",
        evidence=(
            symbolic(weights_of_two_shrink_by_two_per_layer),
            numeric(weights_of_two_vanish_in_the_articles_chain),
        ),
        notes=(
            "The article treats the weights apart from the sigmoid derivatives: a product of 2s "
            "grows, but each 2 is multiplied by a σ′(z_k) ≤ 1/4. Weights large enough to explode "
            "the gradient must exceed 4 in magnitude, and even then only inputs in a narrow "
            "window do (claims gain_set_width and width_max). The formal statement refutes the "
            "article's 'weights of 2 make it grow' by |2σ′(z)| ≤ 1/2 for every z; the per-layer "
            "factor bounds the gradient of an L-layer chain by 2^{1−L} (the product step is the "
            "second derivation)."
        ),
        derivations=(HALF_FACTOR_DERIVATION, PRODUCT_STEP_DERIVATION),
        erratum=(
            "Weights of exactly 2 do not make the gradient grow: with sigmoid neurons each layer "
            "multiplies it by |2σ′(z)| ≤ 1/2; growth needs |w| > 4."
        ),
        printed="If each weight is exactly 2, the gradient grows exponentially.",
        exact=(
            r"Each sigmoid layer multiplies the gradient by $\lvert 2\sigma'(z)\rvert \le "
            r"\tfrac{1}{2}$, so with weights 2 it shrinks at least as $2^{1-L}$; a factor above 1 "
            r"needs $\lvert w\rvert > 4$"
        ),
        formal=Statement(
            sp.And(
                sp.Implies(
                    sp.Le(sp.Abs(_w), 2), sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 2))
                ),
                sp.Eq(2 * SIGMA_PRIME(0), sp.Rational(1, 2)),
                sp.Le(sp.Abs(2 * SIGMA_PRIME(_z)), sp.Rational(1, 2)),
                sp.Implies(sp.Le(sp.Abs(_w), 4), sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), 1)),
                sp.Implies(sp.Gt(sp.Abs(_w), 4), sp.Gt(sp.Abs(_w * SIGMA_PRIME(0)), 1)),
            ),
            domain="w, z real",
            definitions=SIGMOID_DEFINITIONS,
            rewrite=(T_REWRITE,),
            explanation=(
                "σ′ = dσ/dz; |wσ′(z)| is one layer's factor in the gradient; the third part: "
                "with weight 2 no layer makes the gradient grow (the article's claim refuted)"
            ),
        ),
    )
)


# ============================================================ erratum_four_per_layer
# vanishing-exploding: "each additional layer forces the derivative to shrink by at least 4".


def shrink_by_four_iff_weights_at_most_one() -> Outcome:
    """|w| ≤ 1 ⇒ |wσ′(z)| ≤ |w|/4 ≤ 1/4 for every z; |w| = 1 + d, d > 0 ⇒ |w|σ′(0) > 1/4."""
    d = sp.Symbol("d", positive=True)
    at_zero = sp.simplify(sigma_prime(sp.Integer(0)))
    is_bound = at_zero == SIGMOID_PRIME_BOUND
    u = sp.Symbol("u", nonnegative=True)  # u = |w| = 1 − e ≤ 1
    e = sp.Symbol("e", nonnegative=True)
    below = sign_is(SIGMOID_PRIME_BOUND - (1 - e) * at_zero, "nonnegative") and sign_is(
        u / 4 - u * at_zero, "nonnegative"
    )
    exceeds = sign_is((1 + d) * at_zero - SIGMOID_PRIME_BOUND, "positive")
    # the article's own example, w = 0.95, is covered; its w = 2 is not: 2σ′(0) = 1/2 > 1/4
    two = sp.simplify(2 * at_zero) > SIGMOID_PRIME_BOUND
    ok = is_bound and below and exceeds and two
    return Outcome.of(
        ok,
        f"σ′(0) = {at_zero} = the bound: {is_bound}; |w| ≤ 1 ⇒ |w|σ′(0) ≤ 1/4 (and |w|/4 is the "
        f"largest factor, lemma weighted_sigmoid_prime_bound): {below}; for |w| = 1 + d, d > 0, "
        f"the factor at z = 0 is (1 + d)/4 > 1/4: {exceeds} (e.g. the article's own w = 2 gives "
        f"1/2: {two})",
    )


erratum_four_per_layer = register(
    Claim(
        id="erratum_four_per_layer",
        statement=(
            "Every layer of a sigmoid chain shrinks the gradient by a factor of at least 4 for "
            "every input if and only if all its weights satisfy |w_k| ≤ 1: the factor "
            "|w_kσ′(z_k)| is at most |w_k|/4, with equality at z_k = 0."
        ),
        source="vanishing-exploding on 'each layer shrinks the derivative by at least 4'",
        evidence=(symbolic(shrink_by_four_iff_weights_at_most_one),),
        notes=(
            "The article replaces each σ′ by its maximum 1/4 and concludes a shrinkage by 4 per "
            "layer, but that bound counts only σ′; the weights multiply in too. With |w_k| ≤ 1 "
            "the bound 4^{−L} holds for the whole chain (claim depth_shrink_bound). The formal "
            "statement says 'any |w| > 1 breaks it' as |w| > 1 ⇒ |wσ′(0)| > 1/4 (it was written "
            "with a free d > 0 for |w| = 1 + d), and refutes the article at its own w = 2."
        ),
        erratum=(
            "'Each layer shrinks the derivative by at least 4' holds only when the weights "
            "satisfy |w| ≤ 1; any |w| > 1 gives a factor |w|/4 > 1/4 at z = 0."
        ),
        printed="Each additional layer forces the derivative to shrink by at least 4.",
        exact=(
            r"$\lvert w\sigma'(z)\rvert \le \lvert w\rvert/4$: a shrinkage by at least 4 needs "
            r"$\lvert w\rvert \le 1$; at $z = 0$ any $\lvert w\rvert > 1$ gives a factor above "
            r"$\tfrac{1}{4}$"
        ),
        uses=(weighted_sigmoid_prime_bound,),
        formal=Statement(
            sp.And(
                sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Abs(_w) / 4),
                sp.Eq(sp.Abs(_w * SIGMA_PRIME(0)), sp.Abs(_w) / 4),
                sp.Implies(
                    sp.Le(sp.Abs(_w), 1), sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 4))
                ),
                sp.Implies(
                    sp.Gt(sp.Abs(_w), 1), sp.Gt(sp.Abs(_w * SIGMA_PRIME(0)), sp.Rational(1, 4))
                ),
                sp.Gt(2 * SIGMA_PRIME(0), sp.Rational(1, 4)),
            ),
            domain="w, z real",
            definitions=SIGMOID_DEFINITIONS,
            rewrite=(T_REWRITE,),
            proof=proved_by(extra=(from_lemmas(weighted_sigmoid_prime_bound),)),
            explanation=(
                "σ′ = dσ/dz; any |w| > 1 gives a factor > 1/4 at z = 0; the last part: the "
                "article's own weight 2 gives 1/2"
            ),
        ),
    )
)


# ============================================================ erratum_sigmoid_prime_strict
# nielsen-ch5 exercise ("we made use of the fact that |σ′(z)| < 1/4"); kapur-2016 ("< 1/4").


def strict_quarter_fails_only_at_zero() -> Outcome:
    """σ′(0) = 1/4 exactly (σ′ < 1/4 is false there); σ′ ≤ 1/4, equality only at 0 (lemma)."""
    at_zero = sp.simplify(sigma_prime(sp.Integer(0)))
    counterexample = at_zero == sp.Rational(1, 4)
    t = sp.Symbol("t", positive=True)  # t = e^(−z)
    gap = sp.factor(sp.Rational(1, 4) - t / (1 + t) ** 2)
    zero_only_at_t_1 = sp.solveset(sp.numer(gap), t, sp.Interval.open(0, sp.oo)) == {1}
    ok = counterexample and zero_only_at_t_1
    return Outcome.of(
        ok,
        f"σ′(0) = {at_zero}, so σ′(z) < 1/4 fails at z = 0: {counterexample}; "
        f"1/4 − σ′ = {text(gap)} "
        f"in t = e^(−z), zero only at t = 1 (z = 0): {zero_only_at_t_1}; the exact bound and "
        f"the strict bound for |w| < 1 are the lemmas sigmoid_prime_max and "
        f"weighted_sigmoid_prime_bound",
    )


erratum_sigmoid_prime_strict = register(
    Claim(
        id="erratum_sigmoid_prime_strict",
        statement=(
            "σ′(z) < 1/4 is false at z = 0, where σ′(0) = 1/4; exactly, 0 < σ′(z) ≤ 1/4 with "
            "equality only at z = 0. The strict bounds derived from it still hold because they "
            "also assume |w| < 1: |wσ′(z)| < 1/4 for every z."
        ),
        source=(
            "nielsen-ch5 exercise in §'The unstable gradient problem'; kapur-2016 (the bounds "
            "written over each σ′ factor)"
        ),
        evidence=(symbolic(strict_quarter_fails_only_at_zero),),
        notes=(
            "Nielsen states σ′(0) = 1/4 and later recalls 'the fact that |σ′(z)| < 1/4'; Kapur "
            "writes '< 1/4' over each σ′ factor after giving the range (0, 1/4]. Both mean ≤; "
            "the conclusions that need a strict inequality get it from |w| < 1. The exact "
            "statement's parts are those of the lemmas sigmoid_prime_max and "
            "weighted_sigmoid_prime_bound (used through their proved formal statements)."
        ),
        erratum="σ′(z) < 1/4 is false at z = 0 (σ′(0) = 1/4); the exact bound is σ′(z) ≤ 1/4.",
        printed=(
            r"$\lvert\sigma'(z)\rvert < \tfrac{1}{4}$ (Nielsen); $< \tfrac{1}{4}$ written over "
            r"each $\sigma'$ factor (Kapur)"
        ),
        exact=(
            r"$0 < \sigma'(z) \le \tfrac{1}{4}$, with equality only at $z = 0$: "
            r"$\sigma'(0) = \tfrac{1}{4}$"
        ),
        uses=(sigmoid_prime_max, weighted_sigmoid_prime_bound),
        formal=Statement(
            sp.And(
                sp.Eq(SIGMA_PRIME(0), sp.Rational(1, 4)),
                sp.Gt(SIGMA_PRIME(_z), 0),
                sp.Le(SIGMA_PRIME(_z), sp.Rational(1, 4)),
                sp.Implies(sp.Eq(SIGMA_PRIME(_z), sp.Rational(1, 4)), sp.Eq(_z, 0)),
                sp.Implies(
                    sp.Lt(sp.Abs(_w), 1), sp.Lt(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 4))
                ),
                sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Abs(_w) / 4),
            ),
            domain="w, z real",
            definitions=SIGMOID_DEFINITIONS,
            rewrite=(T_REWRITE,),
            proof=proved_by(extra=(from_lemmas(sigmoid_prime_max, weighted_sigmoid_prime_bound),)),
            explanation=(
                "σ′ = dσ/dz; the first part refutes σ′ < 1/4 (at z = 0); the rest is the exact "
                "statement"
            ),
        ),
    )
)


# ============================================================ erratum_notes_cost_factor_twice
# notes-ps5 §3.1 displays ∂C/∂b₁ and ∂C/∂b₃ with the factor ∂C/∂a₄ written twice.

_A0 = sp.Symbol("a_0", real=True)
_WS = sp.symbols("w_1:5", real=True)
_BS = sp.symbols("b_1:5", real=True)
_YC = sp.Symbol("y", real=True)
#: any differentiable cost of the output a₄
COST = sp.Function("C", real=True)
_ZS: list[sp.Expr] = []
_ACTS: list[sp.Expr] = [_A0]
for _k in range(4):
    _ZS.append(_WS[_k] * _ACTS[-1] + _BS[_k])
    _ACTS.append(SIGMA(_ZS[-1]))
A4 = _ACTS[4]
_u = sp.Symbol("u", real=True)
#: ∂C/∂a₄, the cost's derivative at the output
DC_DA4 = sp.Subs(sp.Derivative(COST(_u), _u), _u, A4)
#: eq. (122)'s product for b₁ and its j = 3 analogue, without ∂C/∂a₄
PRODUCT_B1 = (
    SIGMA_PRIME(_ZS[0]) * _WS[1] * SIGMA_PRIME(_ZS[1]) * _WS[2] * SIGMA_PRIME(_ZS[2]) * _WS[3]
) * SIGMA_PRIME(_ZS[3])
PRODUCT_B3 = SIGMA_PRIME(_ZS[2]) * _WS[3] * SIGMA_PRIME(_ZS[3])
#: the quadratic cost (y − a₄)²/2, for which ∂C/∂a₄ = a₄ − y
QUADRATIC = quadratic_cost_expr(A4, _YC)
#: the witness: a₀ = 1, every w_k = 1, every b_k = 0, target y = 0
NOTES_WITNESS = {_A0: 1, **dict.fromkeys(_WS, 1), **dict.fromkeys(_BS, 0), _YC: 0}
_EQ122 = "σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)"
_B3 = "σ'(z3)*w4*σ'(z4)*(a4 - y)"
_QUADRATIC_SPEC: dict[str, object] = {
    "layers": 4,
    "activation": "sigmoid",
    "cost": "quadratic",
    "biases": True,
    "pairs": None,
    "average": False,
}


def _displayed_and_true(product: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(the display with (a₄ − y) twice, the true quadratic-cost gradient) at the witness."""
    true = product * (A4 - _YC)
    shown = sp.Mul(true, A4 - _YC, evaluate=False)
    return shown.xreplace(NOTES_WITNESS), true.xreplace(NOTES_WITNESS)


def duplicated_factor_refuted() -> Outcome:
    """The displays equal the true gradients times ∂C/∂a₄; refuted for C = (y − a₄)²/2 at points.

    The true forms (eq. (122) and its j = 3 analogue) are the formal statement's; with the
    quadratic cost ∂C/∂a₄ = a₄ − y, and the checker refutes the displayed forms at exact points.
    """
    b1 = _checker_refutes(_QUADRATIC_SPEC, "dC/db1", f"{_EQ122}*(a4 - y)", str)
    b3 = _checker_refutes(_QUADRATIC_SPEC, "dC/db3", f"{_B3}*(a4 - y)", str)
    return Outcome.of(
        b1[0] and b3[0], f"displayed ∂C/∂b₁ (with (∂C/∂a₄)²): {b1[1]}; displayed ∂C/∂b₃: {b3[1]}"
    )


def _notes_proof(st: Statement) -> Theorem:
    """The gradients by the core's identity rule (σ unfolded; C any differentiable function);
    the refutations by its sign rule on closed numbers."""
    defs = st.definition_theorems()
    done = {
        p: core.identity(p.lhs, p.rhs, using=defs)
        if isinstance(p, sp.Eq)
        else core.inequality(p, using=defs)
        for p in st.parts()
    }
    return core.conj(*(done[p] for p in st.parts()))


erratum_notes_cost_factor_twice = register(
    Claim(
        id="erratum_notes_cost_factor_twice",
        statement=(
            "∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃σ′(z₃)w₄σ′(z₄)·∂C/∂a₄ and ∂C/∂b₃ = σ′(z₃)w₄σ′(z₄)·∂C/∂a₄, "
            "each with ∂C/∂a₄ once; the lecture notes' side-by-side display writes it twice, "
            "which is false (for the quadratic cost it squares a₄ − y)."
        ),
        source="notes-ps5 §3.1 (comparison of ∂C/∂b₁ and ∂C/∂b₃); nielsen-ch5 eq. (122)",
        evidence=(symbolic(duplicated_factor_refuted),),
        notes=(
            "A transcription slip: the brace marking the common terms w₄σ′(z₄)∂C/∂a₄ is followed "
            "by ∂C/∂a₄ again. Nielsen's figure has it once, as in eq. (122). The formal statement "
            "proves both gradients for any differentiable cost C(a₄) (the composed chain "
            "differentiated by the core, not through the chain family's lemma), their quadratic "
            "cost forms, and the refutation: at a₀ = 1, every w_k = 1, b_k = 0 and y = 0 each "
            "display differs from the true gradient (closed numbers, signed by the core)."
        ),
        erratum=("The displayed ∂C/∂b₁ and ∂C/∂b₃ carry the factor ∂C/∂a₄ twice; it appears once."),
        printed=(
            r"$\dfrac{\partial C}{\partial b_1} = \sigma'(z_1)$ $w_2\sigma'(z_2)$ "
            r"$w_3\sigma'(z_3)$ $w_4\sigma'(z_4)$ "
            r"$\dfrac{\partial C}{\partial a_4}\dfrac{\partial C}{\partial a_4}$ and "
            r"$\dfrac{\partial C}{\partial b_3} = \sigma'(z_3)$ $w_4\sigma'(z_4)$ "
            r"$\dfrac{\partial C}{\partial a_4}\dfrac{\partial C}{\partial a_4}$"
        ),
        exact=(
            r"$\dfrac{\partial C}{\partial b_1} = \sigma'(z_1)$ $w_2\sigma'(z_2)$ "
            r"$w_3\sigma'(z_3)$ $w_4\sigma'(z_4)$ $\dfrac{\partial C}{\partial a_4}$ and "
            r"$\dfrac{\partial C}{\partial b_3} = \sigma'(z_3)$ $w_4\sigma'(z_4)$ "
            r"$\dfrac{\partial C}{\partial a_4}$, once (Nielsen's eq. (122))"
        ),
        formal=Statement(
            sp.And(
                sp.Eq(sp.Derivative(COST(A4), _BS[0]), PRODUCT_B1 * DC_DA4),
                sp.Eq(sp.Derivative(COST(A4), _BS[2]), PRODUCT_B3 * DC_DA4),
                sp.Eq(sp.Derivative(QUADRATIC, _BS[0]), PRODUCT_B1 * (A4 - _YC)),
                sp.Eq(sp.Derivative(QUADRATIC, _BS[2]), PRODUCT_B3 * (A4 - _YC)),
                sp.Ne(*_displayed_and_true(PRODUCT_B1), evaluate=False),
                sp.Ne(*_displayed_and_true(PRODUCT_B3), evaluate=False),
            ),
            domain="a₀, w₁ … w₄, b₁ … b₄, y real; C any differentiable cost of a₄",
            definitions=SIGMOID_DEFINITIONS,
            proof=_notes_proof,
            explanation=(
                "a₄ = σ(w₄σ(w₃σ(w₂σ(w₁a₀ + b₁) + b₂) + b₃) + b₄), z_k = w_k a_{k−1} + b_k; "
                "∂C/∂a₄ is C′ at a₄; the third and fourth parts: C = (y − a₄)²/2; the last two: "
                "at a₀ = 1, w_k = 1, b_k = 0, y = 0 the display (with (a₄ − y)²) ≠ the gradient"
            ),
        ),
    )
)
