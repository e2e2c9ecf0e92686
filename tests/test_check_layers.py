"""``gradproof check --sizes``: BP1–BP4 proved as written, classic bugs refuted, shapes checked."""

from __future__ import annotations

import itertools
import json

import pytest
import sympy as sp

from gradproof.checker.layers import (
    LayerNetwork,
    check_layers,
    parse_matrix_expression,
    solve_layers,
)
from gradproof.checker.network import CheckInputError
from gradproof.cli import main

BP = [
    ("dC/dz2", "(a2 - y) * σ'(z2)"),  # BP1 (quadratic cost: ∇ₐC = a − y)
    ("dC/dz1", "(W2.T @ delta2) * σ'(z1)"),  # BP2
    ("dC/db1", "delta1"),  # BP3
    ("dC/dW2", "outer(delta2, a1)"),  # BP4
    ("dC/dW1", "delta1 @ x.T"),  # BP4 written with a transpose
    ("dC/da1", "W2.T @ delta2"),
]


@pytest.mark.parametrize(("derivative", "formula"), BP)
def test_backprop_equations_are_proved_as_written(derivative, formula):
    out = solve_layers((3, 4, 2), "quadratic", derivative, formula)
    assert out["status"] == "proved", out


def test_cross_entropy_output_error_is_proved():
    out = solve_layers((2, 3, 2), "cross_entropy", "dC/dz2", "a2 - y")
    assert out["status"] == "proved", out


@pytest.mark.parametrize(
    ("sizes", "derivative", "formula"),
    [
        ((3, 3, 3), "dC/dz1", "(W2 @ delta2) * σ'(z1)"),  # missing transpose (square W2)
        ((3, 4, 2), "dC/dz2", "(a2 - y) * σ(z2)"),  # σ instead of σ′
        ((3, 3, 3), "dC/dW1", "outer(delta1, a1)"),  # wrong layer index (a¹ for a⁰ = x)
        ((3, 4, 2), "dC/dz1", "(W2.T @ delta2) * σ'(z2.T @ W2).T"),  # σ′ of the wrong layer
    ],
)
def test_classic_bugs_are_refuted_with_a_concrete_network(sizes, derivative, formula):
    out = solve_layers(sizes, "quadratic", derivative, formula)
    assert out["status"] == "refuted", out
    ce = out["counterexample"]
    net = LayerNetwork(sizes)
    n_params = sum(o * (i + 1) for i, o in itertools.pairwise(sizes)) + sizes[0] + sizes[-1]
    assert len(ce["point"]) == n_params  # every entry of the network is given
    # recompute the differing entry independently, at 60 digits, from the point
    kind, layer = derivative[4], int(derivative[5:])
    pt = {sp.Symbol(k, real=True): sp.Rational(v) for k, v in ce["point"].items()}
    r, c = ce["entry"]
    claim = parse_matrix_expression(formula, net)[r - 1, c - 1].xreplace(pt)
    true = net.true_derivative(kind.replace("w", "W"), layer)[r - 1, c - 1].xreplace(pt)
    assert abs(sp.N(claim - true, 60) - sp.Float(ce["difference"], 60)) < 1e-40


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(CheckInputError, match=r"2×4.*2×1"):
        solve_layers((3, 4, 2), "quadratic", "dC/dz1", "(W2 @ delta2) * σ'(z1)")
    with pytest.raises(CheckInputError, match=r"shape 4×4, but dC/dW2 has shape 2×4"):
        solve_layers((3, 4, 2), "quadratic", "dC/dW2", "outer(delta1, a1)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("W2.__class__", "only .T"),
        ("__import__('os')", "not allowed"),
        ("W7", "layers 1…2"),
        ("exp(W2)[0]", "not allowed"),
        ("x ** y", "exponent"),
        ("outer(x)", "outer"),
    ],
)
def test_the_parser_refuses_what_is_not_whitelisted(text, message):
    with pytest.raises(CheckInputError, match=message):
        parse_matrix_expression(text, LayerNetwork((3, 4, 2)))


def test_cli_sizes_exit_codes_and_json(capsys):
    assert main(["check", "--sizes", "2,2,1", "dC/db1", "delta1"]) == 0
    assert "PROVED" in capsys.readouterr().out
    assert main(["check", "--sizes", "2,2,1", "--json", "dC/dz1", "(W2.T @ delta2) * σ(z1)"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "refuted" and data["counterexample"]["entry"]
    assert main(["check", "--sizes", "2,2,1", "dC/dz1", "W2 @ delta2"]) == 2
    assert "shape" in capsys.readouterr().err
    assert main(["check", "--sizes", "2,x", "dC/db1", "delta1"]) == 2
    assert main(["check", "--sizes", "2,2,1", "--pairs", "2", "dC/db1", "delta1"]) == 2


def test_check_layers_api_and_timeout():
    res = check_layers("dC/dW2", "outer(delta2, a1)", sizes="2,2,1")
    assert res.status == "proved" and res.exit_code == 0
    with pytest.raises(CheckInputError, match="timeout"):
        check_layers("dC/dW2", "outer(delta2, a1)", sizes="2,2,1", timeout=0)


# ------------------------------------------------------------------ issue 22: every network


def test_a_number_with_a_vector_is_elementwise():
    net = LayerNetwork((2, 3, 2))
    one_minus = parse_matrix_expression("1 - a1", net)
    assert one_minus.shape == (3, 1)
    assert sp.simplify(one_minus[0] - (1 - net.a[1][0])) == 0
    plus = parse_matrix_expression("a1 + 1", net)
    assert sp.simplify(plus[2] - (net.a[1][2] + 1)) == 0
    out = solve_layers((2, 3, 2), "quadratic", "dC/dz1", "(W2.T @ delta2) * a1*(1 - a1)")
    assert out["status"] == "proved", out
    ce = solve_layers((2, 2, 2), "cross_entropy", "dC/da2", "-y/a2 + (1 - y)/(1 - a2)")
    assert ce["status"] == "proved", ce


def test_a_column_broadcasts_over_a_batch_and_sum_takes_an_axis():
    net = LayerNetwork((2, 2, 2), batch=3)
    z = parse_matrix_expression("W1 @ x + b1", net)
    assert z.shape == (2, 3) and sp.expand(z[1, 2] - net.z[1][1, 2]) == 0
    assert parse_matrix_expression("sum(a1, axis=1)", net).shape == (2, 1)
    assert parse_matrix_expression("sum(a1, axis=0)", net).shape == (1, 3)
    assert parse_matrix_expression("M", net) == 3
    with pytest.raises(CheckInputError, match="axis"):
        parse_matrix_expression("sum(a1, axis=2)", net)
    with pytest.raises(CheckInputError, match="only with --batch"):
        parse_matrix_expression("a1 / M", LayerNetwork((2, 2, 2)))


@pytest.mark.parametrize(
    ("acts", "cost", "derivative", "formula"),
    [
        # wrong for these networks (right for others): never proved
        ("relu,softmax", "log_likelihood", "dC/dz2", "(a2 - y) * a2 * (1 - a2)"),
        ("sigmoid,softmax", "quadratic", "dC/dz2", "a2 - y"),
        ("tanh,sigmoid", "quadratic", "dC/dz1", "(W2.T @ delta2) * a1 * (1 - a1)"),
        ("leaky_relu,identity", "quadratic", "dC/dz1", "(W2.T @ delta2) * relu_prime(z1)"),
        ("relu,identity", "squared", "dC/dz2", "a2 - y"),
        ("sigmoid,sigmoid", "categorical_cross_entropy", "dC/dz2", "a2 - y"),
    ],
)
def test_formulas_of_another_network_are_refuted(acts, cost, derivative, formula):
    out = solve_layers((2, 2, 2), cost, derivative, formula, activations=acts, hints=False)
    assert out["status"] == "refuted", out


def test_the_truth_is_independent_of_the_stages_it_is_proved_in():
    # the explicit truth (differentiation of C) against a finite difference at a point: the
    # reference the sanity net and the counterexamples use does not come from the chain rule
    net = LayerNetwork((2, 2, 2), "log_likelihood", "leaky_relu,softmax", leak=0.1)
    true = net.true_derivative("W", 1)
    pt = {v: sp.Rational(k % 5 - 2, 3) + sp.Rational(1, 7) for k, v in enumerate(layer_vars(net))}
    pt[net.free_y[0]] = sp.Integer(1)
    h = sp.Rational(1, 10**12)
    C = net.cost_expr()
    w = net.W[0][1, 0]
    fd = (C.xreplace({**pt, w: pt[w] + h}) - C.xreplace({**pt, w: pt[w] - h})) / (2 * h)
    assert abs(sp.N(true[1, 0].xreplace(pt), 30) - sp.N(fd, 30)) < 1e-15


def layer_vars(net):
    from gradproof.checker.layers import layer_variables

    return layer_variables(net)


def test_relu_proofs_state_the_kink_and_softmax_the_target():
    r = check_layers(
        "dC/dz2", "a2 - y", sizes="2,2,2", activations="relu,softmax", cost="log_likelihood"
    )
    assert r.status == "proved"
    assert "zˡ_j ≠ 0" in r.domain and "one-hot" in r.domain


def test_a_user_defined_activation_and_cost_through_the_python_api():
    import gradproof

    u, a, y = sp.Symbol("u"), sp.Symbol("a"), sp.Symbol("y")
    cube = sp.Lambda(u, u**3)
    # by hand: C = Σ (a − y)⁴, ∂C/∂z2 = 4(a2 − y)³ σ′(z2); f′(z) = 3z² for the cubic layer
    kw = {"sizes": (2, 2, 1), "activations": [cube, "sigmoid"], "cost": (a - y) ** 4}
    assert gradproof.check("dC/dz2", "4*(a2 - y)**3 * σ'(z2)", **kw).status == "proved"
    assert gradproof.check("dC/dz1", "(W2.T @ delta2) * 3*z1**2", **kw).status == "proved"
    assert gradproof.check("dC/dz1", "(W2.T @ delta2) * 3*z1", **kw).status == "refuted"
    with pytest.raises(CheckInputError, match="symbols a and y"):
        gradproof.check("dC/dz2", "a2", sizes=(2, 1), cost=(a - u) ** 2)


def test_the_python_route_gives_the_cli_verdicts(capsys):
    import gradproof

    cases = [
        (["--activations", "relu,softmax", "--cost", "log_likelihood"], "dC/dW2",
         "(a2 - y) @ a1.T", {"activations": "relu,softmax", "cost": "log_likelihood"}),
        (["--batch", "2"], "dC/dW2", "delta2 @ a1.T", {"batch": 2}),
        (["--activations", "tanh"], "dC/dx", "W1.T @ delta1", {"activations": "tanh"}),
    ]
    for flags, derivative, formula, kw in cases:
        code = main(["check", "--sizes", "2,2,2", *flags, derivative, formula])
        capsys.readouterr()
        result = gradproof.check(derivative, formula, sizes="2,2,2", **kw)
        assert result.exit_code == code
    assert main(["check", "--sizes", "2,2,2", "dC/dz1", "W2 @ delta2 @ x"]) == 2
    capsys.readouterr()
    with pytest.raises(CheckInputError):
        gradproof.check("dC/dz1", "W2 @ delta2 @ x", sizes="2,2,2")
    with pytest.raises(CheckInputError, match="chain"):
        gradproof.check("dC/dz1", "delta1", sizes="2,2,2", pairs=2)


def test_a_refutation_prints_the_correct_formula_and_a_mismatch(capsys):
    code = main(["check", "--sizes", "2,2,2", "--batch", "2", "dC/dW2", "delta2 @ a1.T"])
    out = capsys.readouterr().out
    assert code == 1 and "the correct formula (proved): delta2 @ a1.T / M" in out
    code = main(["check", "--sizes", "2,2,2", "--activations", "sigmoid,identity",
                 "dC/dz2", "(a2 - y) * σ'(z2)"])
    out = capsys.readouterr().out
    assert code == 1 and "your formula is right for sigmoid layers" in out


def test_the_four_layer_bp2_proof_is_decided_in_the_default_time_limit():
    import gradproof

    r = gradproof.check("dC/dz1", "(W2.T @ delta2) * σ'(z1)", sizes="3,3,3,3")
    assert r.status == "proved", r.detail
    print(f"4-layer BP2: {r.seconds:.1f} s")


def test_check_steps_in_matrix_form(capsys, tmp_path):
    import gradproof

    text = "dC/dz1\n = (W2.T @ delta2) * σ'(z1)\n = (W2.T @ delta2) * a1 * (1 - a1)\n"
    r = gradproof.check_steps(text, sizes="2,3,2")
    assert r.status == "proved" and len(r.links) == 2
    wrong = text + " = (W2.T @ delta2) * a1\n"
    r = gradproof.check_steps(wrong, sizes="2,3,2")
    assert r.status == "refuted" and r.first_wrong == 3
    f = tmp_path / "d.txt"
    f.write_text(wrong, encoding="utf-8")
    assert main(["check-steps", "--sizes", "2,3,2", str(f)]) == r.exit_code
    assert "first wrong link" in capsys.readouterr().out
    with pytest.raises(CheckInputError, match="= links only"):
        gradproof.check_steps("dC/dz1\n <= delta1\n", sizes="2,3,2")
