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
