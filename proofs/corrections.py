"""Errata of the sources as claims: each printed statement refuted, the exact one proved.

Each claim here carries ``erratum`` (what the source says and what is true; the docs list these
claims on the errata page). Its evidence refutes the printed statement — symbolically where it
differs from the truth by an exact factor or sign, and at a concrete point whose values are shown
to 50 digits (the checker of :func:`gradproof.check`, run in this process) — and proves the exact
statement. Facts proved elsewhere are used as lemmas: the lemma's own symbolic proof is run again
(:func:`lemma`), never restated.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from gradproof.claims import Claim, Outcome, numeric, register, registered, symbolic
from gradproof.derivation import Derivation, Step, are_equal, sign_is
from gradproof.logic import Statement
from gradproof.proofs import gain as _gain  # noqa: F401  (registers the lemma gain_needs_w_ge_4)
from gradproof.proofs.chain import is_zero_over_exponentials
from gradproof.proofs.sigmoid import DEFINITIONS as SIGMOID_DEFINITIONS
from gradproof.proofs.sigmoid import (
    SIGMA_PRIME,
    SIGMOID_PRIME_BOUND,
    T_REWRITE,
    T_WHY,
    sigma,
    sigma_prime,
)
from gradproof.proofs.sigmoid import z as _z

_w = sp.Symbol("w", real=True)
_d = sp.Symbol("d", positive=True)

ORDER = 70


def lemma(claim_id: str, check_name: str) -> Outcome:
    """Use the proved claim ``claim_id`` as a lemma: re-run its symbolic check ``check_name``.

    The lemma must be registered, the check must be one of its proving (symbolic or certified)
    checks, and it must hold now; the outcome says which lemma was used.
    """
    claim = registered().get(claim_id)
    if claim is None:
        return Outcome.fails(f"lemma {claim_id} is not registered")
    evidence = [ev for ev in claim.evidence if ev.name == check_name and ev.proves]
    if not evidence:
        return Outcome.fails(f"lemma {claim_id} has no proving check {check_name}")
    outcome = evidence[0].check()
    return Outcome.of(outcome.ok, f"lemma {claim_id} ({check_name} re-run): {outcome.ok}")


def _checker_refutes(
    spec: dict[str, object], derivative: str, printed: str, names: Callable[[str], str]
) -> tuple[bool, str]:
    """Run the checker of ``gradproof.check`` (in this process) on ``printed``; (refuted, text)."""
    from gradproof.checker.core import solve

    answer = solve(spec, derivative, printed)
    if answer["status"] != "refuted":
        return False, f"the checker did not refute it: {answer['status']}: {answer['detail']}"
    ce = answer["counterexample"]
    point = ", ".join(f"{names(k)} = {v}" for k, v in ce["point"].items())
    return True, (
        f"refuted at {point}: printed {ce['claimed_value']}, true {ce['correct_value']} (50 digits)"
    )


# ============================================================ erratum_grad_w0_chain
# gradient-vanish-mlp: h₁ = σ(w₀x), h₂ = σ(w₁h₁), h₃ = σ(w₂h₂), o = σ(w₃h₃), C = Σ_i (y_i − o_i)².

W0, W1, W2, W3 = sp.symbols("w_0 w_1 w_2 w_3", real=True)
X, Y = sp.symbols("x y", real=True)
H1 = sigma(W0 * X)
H2 = sigma(W1 * H1)
H3 = sigma(W2 * H2)
OUT = sigma(W3 * H3)
#: the squared error of one training pair, as the post writes it (no factor 1/2)
PAIR_COST = (Y - OUT) ** 2

#: the true ∇_{w₀} of one pair's cost, in the post's names (δ′ = σ′)
GRAD_W0 = (
    -2
    * (Y - OUT)
    * sigma_prime(W3 * H3)
    * W3
    * sigma_prime(W2 * H2)
    * W2
    * sigma_prime(W1 * H1)
    * W1
    * sigma_prime(W0 * X)
    * X
)
#: the post's first printed line (one summand):
#: 2(y − o)·δ′(w₃h₃)(−w₃)δ′(w₂h₂)(−w₂)δ′(w₁h₁)(−w₁)δ′(w₀x)(−x)
PRINTED_LINE_1 = (
    2
    * (Y - OUT)
    * sigma_prime(W3 * H3)
    * (-W3)
    * sigma_prime(W2 * H2)
    * (-W2)
    * sigma_prime(W1 * H1)
    * (-W1)
    * sigma_prime(W0 * X)
    * (-X)
)
#: the post's second printed line (one summand): 2(y − o)(−w₃)(−w₂)(−w₁)(−w₀)(−x)·∏δ′
PRINTED_LINE_2 = (
    2
    * (Y - OUT)
    * (-W3)
    * (-W2)
    * (-W1)
    * (-W0)
    * (-X)
    * sigma_prime(W3 * H3)
    * sigma_prime(W2 * H2)
    * sigma_prime(W1 * H1)
    * sigma_prime(W0 * X)
)


def _gradient_shown() -> sp.Expr:
    """The true ∇_{w₀} written with σ(·), σ′(·) display functions (which *are* the sigmoid)."""
    from gradproof.proofs.costs import Sigma, SigmaPrime

    h1 = Sigma(W0 * X)
    h2 = Sigma(W1 * h1)
    h3 = Sigma(W2 * h2)
    factors = (SigmaPrime(W3 * h3) * W3 * SigmaPrime(W2 * h2) * W2 * SigmaPrime(W1 * h1) * W1) * (
        SigmaPrime(W0 * X) * X
    )
    return -2 * (Y - Sigma(W3 * h3)) * factors


def _derivative_of_pair_cost(prev: sp.Basic, cur: sp.Basic) -> bool:
    """Step check: SymPy's ∂/∂w₀ of the composed pair cost minus ``cur`` is identically 0."""
    return is_zero_over_exponentials(sp.sympify(prev).doit() - cur.rewrite(sp.exp))


GRAD_W0_DERIVATION = Derivation(
    title="∇_{w₀} of one pair's squared error, four sigmoid units without biases",
    assumptions="w₀ … w₃, x, y real; h₁ = σ(w₀x), h₂ = σ(w₁h₁), h₃ = σ(w₂h₂), o = σ(w₃h₃)",
    lhs=sp.Symbol("∂(y − o)²/∂w₀"),
    steps=(
        Step(sp.Derivative(PAIR_COST, W0), "C_i = (y_i − o_i)² written out"),
        Step(
            _gradient_shown(),
            "chain rule through o, h₃, h₂, h₁ (the outer derivative of (y − o)² is −2(y − o))",
            source="gradient-vanish-mlp",
            check=_derivative_of_pair_cost,
        ),
    ),
    conclusion="∇_{w₀}C = −2 Σ_i (y_i − o_i) σ′(w₃h₃)w₃ σ′(w₂h₂)w₂ σ′(w₁h₁)w₁ σ′(w₀x_i)x_i",
)

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


def printed_lines_refuted_and_gradient_proved() -> Outcome:
    """The true ∇_{w₀} is proved; line 1 is exactly its negative, line 2 exactly w₀ times it.

    Each printed line is one summand times Σ_i; the sum is linear, so the per-pair identities
    decide it. At w₀ = 2, w₁ = w₂ = w₃ = x = 1, y = 0 the true gradient is positive (a sign
    argument on exact values), so both printed lines differ from it there.
    """
    chain = GRAD_W0_DERIVATION.check()
    proved = is_zero_over_exponentials(sp.diff(PAIR_COST, W0) - GRAD_W0)
    opposite = sp.expand(PRINTED_LINE_1 + GRAD_W0) == 0
    extra_factor = sp.expand(PRINTED_LINE_2 - W0 * GRAD_W0) == 0
    point = {W0: 2, W1: 1, W2: 1, W3: 1, X: 1, Y: 0}
    at_point = GRAD_W0.subs(point)
    positive = sign_is(at_point, "positive")
    # line 1 − true = −2·true < 0 and line 2 − true = (w₀ − 1)·true = true > 0 at the point
    ok = chain.ok and proved and opposite and extra_factor and positive
    return Outcome.of(
        ok,
        f"{chain.detail}; ∂(y − o)²/∂w₀ − (−2(y − o)∏ w_kσ′ · σ′(w₀x)x) ≡ 0: {proved}; printed "
        f"line 1 + true ≡ 0 (wrong overall sign): {opposite}; printed line 2 − w₀·true ≡ 0 "
        f"(a spurious factor w₀, sign right): {extra_factor}; at w₀ = 2, w₁ = w₂ = w₃ = x = 1, "
        f"y = 0 the true value {sp.N(at_point, 20)} is > 0: {positive}, so line 1 (its "
        f"negative) and line 2 (twice it) are both false there",
    )


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
            "accident but multiplies the gradient by w₀ (w₀ appears only inside σ′(w₀x))."
        ),
        derivations=(GRAD_W0_DERIVATION,),
        erratum=(
            "Both printed lines for ∇_{w₀}C are wrong: the first has the wrong overall sign, the "
            "second an extra factor w₀; the gradient is −2Σ(y − o)σ′(w₃h₃)w₃σ′(w₂h₂)w₂σ′(w₁h₁)w₁"
            "σ′(w₀x)x."
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
        Step(
            (pp + beta) / 2 - (sp.Rational(1, 2) - alpha) * pp,
            "q = P + β",
            check=lambda prev, cur: are_equal(sp.sympify(prev).subs(qq, pp + beta), cur),
        ),
        Step(beta / 2 + alpha * pp, "expand"),
        Step(sp.Integer(0), "α, β, P ≥ 0", ">="),
    ),
    conclusion="base (1/2)⁰ = 1 = the empty product; so L − 1 layers multiply by ≤ 2^{1−L}",
)


def weights_of_two_shrink_by_two_per_layer() -> Outcome:
    """|w| ≤ 2 ⇒ each factor ≤ 1/2 (sign argument), equality at w = 2, z = 0; products ≤ 2^{−n}.

    Growth needs a factor above 1, hence |w| > 4: lemma gain_needs_w_ge_4 (gain ≤ |w|/4).
    """
    factor = HALF_FACTOR_DERIVATION.check()
    substitution = are_equal(
        sp.diff(sigma(sp.Symbol("z")), sp.Symbol("z")).subs(sp.Symbol("z"), -sp.log(t)),
        t / (1 + t) ** 2,
    )
    sharp = sp.simplify(2 * sigma_prime(sp.Integer(0))) == sp.Rational(1, 2)
    step = PRODUCT_STEP_DERIVATION.check()
    growth = lemma("gain_needs_w_ge_4", "gain_at_most_quarter_w_so_one_needs_four")
    # |w| = 4 + e with e ≤ 0 gives |w|/4 ≤ 1: a factor above 1 needs |w|/4 > 1, i.e. |w| > 4
    ee = sp.Symbol("e", nonnegative=True)
    no_growth_up_to_4 = sign_is(1 - (4 - ee) * SIGMOID_PRIME_BOUND, "nonnegative")
    ok = factor.ok and substitution and sharp and step.ok and growth.ok and no_growth_up_to_4
    return Outcome.of(
        ok,
        f"{factor.detail}; σ′(z) = t/(1 + t)² at t = e^(−z): {substitution}; 2σ′(0) = 1/2 "
        f"(the bound is attained): {sharp}; {step.detail}; {growth.detail}; |w| ≤ 4 ⇒ "
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
            "|w| > 4 (claim gain_needs_w_ge_4)."
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
            "window do (claims gain_set_width and width_max)."
        ),
        derivations=(HALF_FACTOR_DERIVATION, PRODUCT_STEP_DERIVATION),
        erratum=(
            "Weights of exactly 2 do not make the gradient grow: with sigmoid neurons each layer "
            "multiplies it by |2σ′(z)| ≤ 1/2; growth needs |w| > 4."
        ),
    )
)


# ============================================================ erratum_four_per_layer
# vanishing-exploding: "each additional layer forces the derivative to shrink by at least 4".


def shrink_by_four_iff_weights_at_most_one() -> Outcome:
    """|w| ≤ 1 ⇒ |wσ′(z)| ≤ 1/4 for every z (lemma); |w| = 1 + d, d > 0 ⇒ |w|σ′(0) > 1/4."""
    below = lemma("weighted_sigmoid_prime_bound", "weighted_bound_by_sign_argument")
    d = sp.Symbol("d", positive=True)
    at_zero = sp.simplify(sigma_prime(sp.Integer(0)))
    is_bound = at_zero == SIGMOID_PRIME_BOUND
    exceeds = sign_is((1 + d) * at_zero - SIGMOID_PRIME_BOUND, "positive")
    # the article's own example, w = 0.95, is covered; its w = 2 is not: 2σ′(0) = 1/2 > 1/4
    two = sp.simplify(2 * at_zero) > SIGMOID_PRIME_BOUND
    ok = below.ok and is_bound and exceeds and two
    return Outcome.of(
        ok,
        f"{below.detail} (|wσ′| ≤ |w|/4 ≤ 1/4 when |w| ≤ 1); σ′(0) = {at_zero} = the bound: "
        f"{is_bound}; for |w| = 1 + d, d > 0, the factor at z = 0 is (1 + d)/4 > 1/4: "
        f"{exceeds} (e.g. the article's own w = 2 gives 1/2: {two})",
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
            "the bound 4^{−L} holds for the whole chain (claim depth_shrink_bound)."
        ),
        erratum=(
            "'Each layer shrinks the derivative by at least 4' holds only when the weights "
            "satisfy |w| ≤ 1; any |w| > 1 gives a factor |w|/4 > 1/4 at z = 0."
        ),
        formal=Statement(
            sp.And(
                sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Abs(_w) / 4),
                sp.Eq(sp.Abs(_w * SIGMA_PRIME(0)), sp.Abs(_w) / 4),
                sp.Implies(
                    sp.Le(sp.Abs(_w), 1), sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 4))
                ),
                sp.Gt((1 + _d) * SIGMA_PRIME(0), sp.Rational(1, 4)),
            ),
            domain="w, z real; d > 0 (|w| = 1 + d is every |w| > 1)",
            definitions=SIGMOID_DEFINITIONS,
            rewrite=T_REWRITE,
            rewrite_why=T_WHY,
            explanation="σ′ = dσ/dz; the last part: any |w| = 1 + d > 1 gives a factor > 1/4 at 0",
        ),
    )
)


# ============================================================ erratum_sigmoid_prime_strict
# nielsen-ch5 exercise ("we made use of the fact that |σ′(z)| < 1/4"); kapur-2016 ("< 1/4").


def strict_quarter_fails_only_at_zero() -> Outcome:
    """σ′(0) = 1/4 exactly (σ′ < 1/4 is false there); σ′ ≤ 1/4, equality only at 0 (lemma)."""
    at_zero = sp.simplify(sigma_prime(sp.Integer(0)))
    counterexample = at_zero == sp.Rational(1, 4)
    exact = lemma("sigmoid_prime_max", "sigma_prime_is_positive_and_at_most_a_quarter")
    strict_where_needed = lemma("weighted_sigmoid_prime_bound", "weighted_bound_by_sign_argument")
    ok = counterexample and exact.ok and strict_where_needed.ok
    return Outcome.of(
        ok,
        f"σ′(0) = {at_zero}, so σ′(z) < 1/4 fails at z = 0: {counterexample}; {exact.detail} "
        f"(0 < σ′ ≤ 1/4, equality only at 0); {strict_where_needed.detail} (|w| < 1 ⇒ "
        f"|wσ′(z)| < 1/4 for every z: the strict bound the texts use survives)",
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
            "the conclusions that need a strict inequality get it from |w| < 1."
        ),
        erratum="σ′(z) < 1/4 is false at z = 0 (σ′(0) = 1/4); the exact bound is σ′(z) ≤ 1/4.",
        formal=Statement(
            sp.And(
                sp.Eq(SIGMA_PRIME(0), sp.Rational(1, 4)),
                sp.Le(SIGMA_PRIME(_z), sp.Rational(1, 4)),
                sp.Implies(
                    sp.Lt(sp.Abs(_w), 1), sp.Lt(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 4))
                ),
                sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Abs(_w) / 4),
            ),
            domain="w, z real",
            definitions=SIGMOID_DEFINITIONS,
            rewrite=T_REWRITE,
            rewrite_why=T_WHY,
            explanation="σ′ = dσ/dz; the first part refutes σ′ < 1/4 (at z = 0)",
        ),
    )
)


# ============================================================ erratum_notes_cost_factor_twice
# notes-ps5 §3.1 displays ∂C/∂b₁ and ∂C/∂b₃ with the factor ∂C/∂a₄ written twice.

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


def duplicated_factor_refuted() -> Outcome:
    """The displays equal the true gradients times ∂C/∂a₄; refuted for C = (y − a₄)²/2 at points.

    The true forms are eq. (122) and its j = 3 analogue (lemma chain_grad_b1_depth4); with the
    quadratic cost ∂C/∂a₄ = a₄ − y, and the checker refutes the displayed forms at exact points.
    """
    correct = lemma("chain_grad_b1_depth4", "depth4_product_is_derivative_of_composition")
    b1 = _checker_refutes(_QUADRATIC_SPEC, "dC/db1", f"{_EQ122}*(a4 - y)", str)
    b3 = _checker_refutes(_QUADRATIC_SPEC, "dC/db3", f"{_B3}*(a4 - y)", str)
    return Outcome.of(
        correct.ok and b1[0] and b3[0],
        f"{correct.detail}; displayed ∂C/∂b₁ (with (∂C/∂a₄)²): {b1[1]}; displayed ∂C/∂b₃: {b3[1]}",
    )


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
            "by ∂C/∂a₄ again. Nielsen's figure has it once, as in eq. (122)."
        ),
        erratum=("The displayed ∂C/∂b₁ and ∂C/∂b₃ carry the factor ∂C/∂a₄ twice; it appears once."),
    )
)
