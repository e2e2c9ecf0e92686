"""Nielsen's notation from the two printers (text and LaTeX), and no SymPy syntax anywhere a
reader looks: statements, ``gradproof show``, evidence results.

The expected strings are written by hand from the book (Nielsen ch. 2, 3, 5): w before a
(w₁a₀ + b₁), w_kσ′(z_k), δˡ, ‖δˡ‖, ‖wᵏ‖₂, Σ_x over the inputs, ∂C/∂a_L, σ′ one symbol.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof.notation_lint import sympy_syntax_in
from gradproof.registry import all_claims
from gradproof.typeset import latex, statement_parts, statement_text, text

SIGMA, SIGMA_PRIME = sp.Function("σ", real=True), sp.Function("σ′", real=True)
w, z, x, y, b, a0 = sp.symbols("w z x y b a_0", real=True)
w1, b1, b3 = sp.symbols("w_1 b_1 b_3", real=True)
k = sp.Symbol("k", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
L = sp.Symbol("L", integer=True, positive=True)
wf, zf, bf, af = (sp.Function(n, real=True) for n in "wzba")
beta = sp.Symbol("β", real=True)
C = sp.Function("C")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (sp.Eq(sp.Abs(w * SIGMA_PRIME(0)), sp.Abs(w) / 4), "|wσ′(0)| = |w|/4"),
        (sp.Le(SIGMA_PRIME(z), sp.Rational(1, 4)), "σ′(z) ≤ 1/4"),
        (sp.Ge(sp.Abs(w), 4), "|w| ≥ 4"),
        (sp.Ne(w, 0), "w ≠ 0"),
        (
            sp.Implies(sp.Lt(sp.Abs(w), 1), sp.Lt(sp.Abs(w * SIGMA_PRIME(z)), sp.Rational(1, 4))),
            "|w| < 1 ⇒ |wσ′(z)| < 1/4",
        ),
        (sp.And(sp.Gt(z, 0), sp.Lt(w, 1)), "z > 0 ∧ w < 1"),
        (a0 * w1 + b1, "w₁a₀ + b₁"),  # w before a, the bias last
        (SIGMA(a0 * w1 + b1), "σ(w₁a₀ + b₁)"),
        (-y + SIGMA(z), "σ(z) − y"),
        (1 / (1 + sp.exp(-x)), "1/(1 + e⁻ˣ)"),
        (x**2, "x²"),
        (sp.log(x), "ln x"),
        (sp.sqrt(1 - 4 / sp.Abs(w)), "√(1 − 4/|w|)"),
        (SIGMA_PRIME(zf(k)) * wf(k), "wₖσ′(zₖ)"),
        (sp.Product(wf(k) * SIGMA_PRIME(zf(k)), (k, j + 1, L)), "∏_{k=j+1}^{L} wₖσ′(zₖ)"),
        # ∂C/∂b_j: the derivative through the activation as a function of the bias b_j
        (sp.Subs(sp.Derivative(C(af(L, j, beta)), beta), beta, bf(j)), "∂C/∂bⱼ"),
        (sp.Subs(sp.Derivative(C(af(4, 1, beta)), beta), beta, bf(1)), "∂C/∂b₁"),
        (sp.Function("C′")(af(L)), "∂C/∂a_L"),
        (sp.Derivative(SIGMA(z), z), "d/dz σ(z)"),
    ],
)
def test_text_printer_writes_nielsens_notation(expr: sp.Basic, expected: str) -> None:
    assert text(expr) == expected
    assert sympy_syntax_in(text(expr)) == []


def test_a_sum_over_the_inputs_is_sigma_x_without_the_input_index() -> None:
    i, n = sp.Symbol("i", integer=True, positive=True), sp.Symbol("n", integer=True, positive=True)
    xj, ys = sp.IndexedBase("x_j", real=True), sp.IndexedBase("y", real=True)
    wj = sp.Symbol("w_j", real=True)
    grad = sp.Sum((SIGMA(wj * xj[i]) - ys[i]) * xj[i], (i, 1, n)) / n
    assert text(grad) == "(1/n)Σ_x xⱼ(σ(wⱼxⱼ) − y)"
    assert latex(grad) == (
        r"\frac{1}{n} \sum_{x} x_{j} \left(\sigma\left(w_{j} x_{j}\right) - y\right)"
    )


def test_layer_quantities_print_with_the_layer_as_superscript() -> None:
    from gradproof.proofs import layers

    l = sp.Symbol("l", integer=True)  # noqa: E741 - the book's layer index
    assert text(layers.NORM2_DELTA(l, 3)) == "‖δˡ‖²"
    assert text(layers.SPECTRAL(k) ** 2) == "‖wᵏ‖₂²"
    assert text(layers.DELTA(l, j)) == "δˡⱼ"
    assert text(layers.DELTA_VECTOR(sp.Symbol("m"))) == "δᴸ⁻ᵐ"


def test_latex_printer_writes_nielsens_notation() -> None:
    assert latex(a0 * w1 + b1) == "w_{1} a_{0} + b_{1}"
    assert latex(SIGMA_PRIME(zf(k)) * wf(k)) == r"w_{k} \sigma'\left(z_{k}\right)"
    assert latex(sp.Subs(sp.Derivative(C(af(L, j, beta)), beta), beta, bf(j))) == (
        r"\frac{\partial C}{\partial b_{j}}"
    )
    assert latex(sp.Function("C′")(af(L))) == r"\frac{\partial C}{\partial a_{L}}"
    assert latex(sp.Implies(sp.Lt(w, 1), sp.Gt(z, 0))) == r"w < 1 \implies z > 0"
    assert latex(sp.Symbol("w^L_jk")) == "w^{L}_{jk}"
    assert latex(sp.Symbol("C_quad")) == r"C_{\mathrm{quad}}"


def test_gain_set_width_shows_each_conjunct_once() -> None:
    (claim,) = (c for c in all_claims() if c.id == "gain_set_width")
    relation = claim.formal.relation
    shown = "\n".join(statement_text(relation))
    # the kernel proves five conjuncts (two pairs for w > 4 and w < −4); the reader sees three
    assert len(sp.And.make_args(relation)) == 5 and len(statement_parts(relation)) == 3
    assert shown.count("hi(w, b) − lo(w, b) = W₁₂₃(w)") == 1
    assert "w > 4 ∨ w < −4" in shown


def _statement_texts() -> list[tuple[str, str]]:
    out = []
    for claim in all_claims():
        out.append((claim.id, claim.statement))
        if claim.formal is not None:
            out.append((claim.id, claim.formal.pretty()))
    return out


def test_no_sympy_syntax_in_any_formal_statement() -> None:
    bad = {cid: sympy_syntax_in(t) for cid, t in _statement_texts() if sympy_syntax_in(t)}
    assert bad == {}


def test_no_sympy_syntax_in_gradproof_show() -> None:
    from gradproof.display import claim_text  # what ``gradproof show ID --no-run`` prints

    bad = {}
    for claim in all_claims():
        found = sympy_syntax_in(claim_text(claim, None))
        if found:
            bad[claim.id] = found
    assert bad == {}


def test_the_lint_finds_sympy_syntax() -> None:
    assert sympy_syntax_in("Eq(Abs(w*σ′(0)), Abs(w)/4)")
    assert sympy_syntax_in("(Abs(w*σ′(z)) <= Abs(w)/4) & (Implies(x, y))")
    assert sympy_syntax_in("exp(-x)/(1 + exp(-x))**2")
    assert sympy_syntax_in("Abs(w[k]) <= 1")
    assert sympy_syntax_in(r"\delta__{l}")
    assert sympy_syntax_in("15625*dC/da_4/4")
    assert sympy_syntax_in("step ratio np.float64(1.0)")
    assert sympy_syntax_in("∂C/∂b₁ = w₂w₃σ′(z₁)σ′(z₂) ∂C/∂b₃") == []


@pytest.mark.slow
def test_no_sympy_syntax_in_any_evidence_result() -> None:
    from gradproof.render import run_all

    claims = all_claims()
    results = run_all(claims)
    bad = {}
    for cid, result in results.items():
        assert result.passed, cid
        for ev in result.evidence:
            found = sympy_syntax_in(ev.detail)
            if found:
                bad[cid] = found
    assert bad == {}
