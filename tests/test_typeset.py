"""The typesetting rules of the contributing page, enforced by the one printer (gradproof.typeset)
and used by the pages, the notebook display and ``gradproof show``."""

from __future__ import annotations

import re

import sympy as sp

from gradproof.derivation import Derivation, Step
from gradproof.registry import all_claims, select
from gradproof.render import derivation_display, derivation_markdown
from gradproof.typeset import (
    SIGMA,
    SIGMA_PRIME,
    about_exponential,
    latex,
    sigmoid_notation,
    text_to_latex,
)

z = sp.Symbol("z", real=True)
u = sp.Symbol("u", real=True)


def _sig(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def test_one_logarithm_ln() -> None:
    assert latex(sp.log(z)) == r"\ln z"
    assert latex(sp.log(1 - z)) == r"\ln\left(1 - z\right)"
    for claim in all_claims():
        for d in claim.derivations:
            if isinstance(d, Derivation):
                for row in derivation_display(d).table():
                    assert r"\log" not in row.expression, claim.id


def test_multi_letter_names_are_upright_and_single_letters_with_indices_are_not() -> None:
    assert latex(sp.Symbol("width")) == r"\mathrm{width}"
    assert latex(sp.Symbol("b4")) == "b_{4}"
    assert latex(sp.Symbol("w_j")) == "w_{j}"
    assert text_to_latex("(ReLU(z + h) − ReLU(z))/h") == (
        r"\frac{\operatorname{ReLU}(z + h) - \operatorname{ReLU}(z)}{h}"
    )


def test_indexed_inputs_print_as_superscript_example_index() -> None:
    x_j = sp.IndexedBase("x_j")
    y = sp.IndexedBase("y")
    i = sp.Symbol("i", integer=True)
    assert latex(x_j[i]) == "x_{j}^{(i)}"
    assert latex(y[i]) == "y_{i}"


def test_plain_text_names_keep_their_bars_and_fractions() -> None:
    assert text_to_latex("|Π_{L+1}|") == r"\left|\Pi _{L+1}\right|"
    assert text_to_latex("∂C/∂b1") == r"\frac{\partial C}{\partial b_{1}}"
    assert text_to_latex("δᴸ_j") == r"\delta ^{L}_{j}"


def test_sigmoid_notation_is_exactly_the_expression() -> None:
    expr = sp.diff(_sig(3 * z + 1), z) + _sig(z) ** 2
    short = sigmoid_notation(expr)
    assert short.has(SIGMA) and short.has(SIGMA_PRIME) and not short.has(sp.exp)
    back = short.replace(SIGMA_PRIME, lambda a: sp.exp(-a) / (1 + sp.exp(-a)) ** 2)
    back = back.replace(SIGMA, _sig)
    assert sp.simplify(back - expr) == 0
    # and σ is printed as a function, not as the exponential
    assert latex(short).count(r"\sigma") == 2 and "e^{" not in latex(short)


def test_a_step_about_the_exponential_keeps_it() -> None:
    assert about_exponential("chain rule on (1 + e^(−z))⁻¹")
    assert not about_exponential("chain rule; σ′ = σ(1 − σ)")
    (claim,) = select(["sigmoid_prime_eq"])
    rows = derivation_display(claim.derivations[0]).rows
    assert all(re.search(r"e\^\{- ?z\}", tex) for _rel, tex, _why, _src in rows)  # σ′ itself
    (chain,) = select(["chain_grad_any_depth"])
    base = derivation_display(chain.derivations[0]).rows
    assert all("e^{" not in tex for _rel, tex, _why, _src in base)
    # row 1 is the unfolded a_j as a function of b_j; from row 2 on σ is printed as a function
    assert all(r"\sigma" in tex for _rel, tex, _why, _src in base[1:])


def test_every_derivation_starts_with_its_left_hand_side_in_row_1() -> None:
    no_lhs = Derivation("no lhs", (Step(sp.Derivative(z**2, z), "start"), Step(2 * z, "power")))
    table = derivation_display(no_lhs).table()
    assert table[0].left == latex(sp.Derivative(z**2, z)) and table[0].steps == (1, 2)
    assert table[0].relation == "=" and table[0].expression == "2 z"
    with_lhs = Derivation(
        "lhs", (Step(z * (z + 1), "start"), Step(z**2 + z, "expand")), lhs=sp.Symbol("f")
    )
    rows = derivation_display(with_lhs).table()
    assert [r.left for r in rows] == ["f", ""] and [r.relation for r in rows] == ["=", "="]
    for claim in all_claims():
        for d in claim.derivations:
            if isinstance(d, Derivation):
                assert derivation_display(d).table()[0].left, claim.id


def test_justifications_sit_beside_their_rows_and_the_citation_once_above() -> None:
    (claim,) = select(["cross_entropy_cancellation"])
    md = derivation_markdown(claim.derivations[0])
    assert md.count("* - ") == 5  # one table row per step (it has a left-hand side)
    # each row: left | relation | expression | "(n) why"; the source once, under the title
    assert re.search(r"  - \(2\) chain rule: ", md)
    assert md.count("Lecture notes on Nielsen ch. 3 and 5 (problem set 5)") == 1
    assert "*Source:* " in md.split("```{list-table}")[0]


def test_a_quantity_of_a_layer_prints_with_a_subscript_and_a_value_at_a_point_without_a_table() -> (
    None
):
    from gradproof.typeset import pretty

    k = sp.Symbol("k", integer=True, positive=True)
    L = sp.Symbol("L", integer=True, positive=True)
    x, beta = sp.Symbol("x", real=True), sp.Symbol("β", real=True)
    w, zf, R = (sp.Function(n, real=True) for n in ("w", "z", "R"))
    assert latex(w(k)) == "w_{k}" and latex(zf(L + 1)) == "z_{L + 1}"
    assert pretty(w(k)) == "wₖ"
    # a real argument, two arguments or a longer name stay function applications
    assert latex(R(x)) == r"R{\left(x \right)}"
    assert latex(w(k, L)) == r"w{\left(k,L \right)}"
    # (d/dβ R(β))|_{β = w_k} is R′(w_k), as the book writes f′(z); another derivative at a point
    # is one substitution without \substack (latex2mathml makes a table row of it)
    assert latex(sp.Subs(sp.Derivative(R(beta), beta), beta, w(k))) == r"R'\left(w_{k}\right)"
    at = latex(sp.Subs(sp.Derivative(R(beta) ** 2, beta), beta, w(k)))
    assert at.endswith(r"\right|_{β = w_{k}}") and "substack" not in at
