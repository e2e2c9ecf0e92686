"""check_backprop / assert_backprop: correct code passes, each classic bug is found and located.

The implementations below are written here by hand (not taken from gradproof): a vectorised one,
one in the style of Nielsen's ``network.py`` (column vectors, a loop over the examples, summed
then divided by the batch size), and copies of the vectorised one with one classic bug each.
"""

from __future__ import annotations

import numpy as np
import pytest

from gradproof.backprop_check import (
    assert_backprop,
    bp_gradients,
    check_backprop,
    mp_finite_difference_gradients,
    random_network,
)


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sig_prime(z):
    return _sig(z) * (1.0 - _sig(z))


def _make(bug: str = "", cost: str = "quadratic"):
    """A vectorised backprop (one example per row) with an optional planted bug."""

    def backprop(weights, biases, x, y):
        acts, zs = [x], []
        for w, b in zip(weights, biases, strict=False):
            z = acts[-1] @ w.T + b
            zs.append(z)
            acts.append(_sig(z))
        if cost == "quadratic":
            delta = (acts[-1] - y) * (_sig(zs[-1]) if bug == "sigma" else _sig_prime(zs[-1]))
        else:
            delta = acts[-1] - y
        m = x.shape[0] if bug != "no_average" else 1
        gw, gb = [None] * len(weights), [None] * len(weights)
        for layer in range(len(weights) - 1, -1, -1):
            gb[layer] = delta.sum(axis=0) / m
            prev = acts[layer + 1] if bug == "wrong_layer" else acts[layer]
            gw[layer] = delta.T @ prev / m
            if layer:
                w = weights[layer]
                back = delta @ (w.T if bug == "transpose" else w)
                delta = back * (
                    _sig(zs[layer - 1]) if bug == "sigma" else _sig_prime(zs[layer - 1])
                )
        return gw, gb

    return backprop


def nielsen_style(weights, biases, x, y):
    """Like Nielsen's network.py: column vectors, one example at a time, nabla sums, then / m."""
    nabla_w = [np.zeros(w.shape) for w in weights]
    nabla_b = [np.zeros((b.size, 1)) for b in biases]
    for xi, yi in zip(x, y, strict=False):
        activation = xi.reshape(-1, 1)
        activations, zs = [activation], []
        for b, w in zip(biases, weights, strict=False):
            z = np.dot(w, activation) + b.reshape(-1, 1)
            zs.append(z)
            activation = _sig(z)
            activations.append(activation)
        delta = (activations[-1] - yi.reshape(-1, 1)) * _sig_prime(zs[-1])
        nabla_b[-1] += delta
        nabla_w[-1] += np.dot(delta, activations[-2].transpose())
        for ell in range(2, len(weights) + 1):
            delta = np.dot(weights[-ell + 1].transpose(), delta) * _sig_prime(zs[-ell])
            nabla_b[-ell] += delta
            nabla_w[-ell] += np.dot(delta, activations[-ell - 1].transpose())
    m = len(x)
    return [nw / m for nw in nabla_w], [nb / m for nb in nabla_b]


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_correct_vectorised_backprop_passes(cost):
    report = check_backprop(_make("", cost), [3, 4, 2], cost=cost)
    assert report.ok, str(report)
    assert report.entries_checked == 3 * (12 + 4 + 8 + 2)
    assert report.worst_error_over_tolerance < 1


def test_nielsen_style_code_passes_on_a_deeper_network():
    report = assert_backprop(nielsen_style, [2, 3, 3, 2], trials=2)
    assert report.ok and "PASSED" in str(report)


@pytest.mark.parametrize(
    ("bug", "sizes", "layer", "parameter"),
    [
        # square layers so that the missing transpose is a wrong value, not a shape error: δ²
        # is right, δ¹ = (w²δ²) ⊙ σ′(z¹) is not
        ("transpose", [3, 3, 3], 1, "biases"),
        ("sigma", [3, 4, 2], 2, "biases"),  # σ in δᴸ: wrong from the output layer on
        ("wrong_layer", [3, 3, 3], 2, "weights"),  # δ² right, but multiplied by a² for a¹
        ("no_average", [3, 4, 2], 2, "biases"),
    ],
)
def test_each_classic_bug_is_found_with_its_first_wrong_layer(bug, sizes, layer, parameter):
    report = check_backprop(_make(bug), sizes)
    assert not report.ok
    m = report.mismatch
    assert m is not None, report.error
    assert (m.layer, m.parameter) == (layer, parameter)
    assert abs(m.yours - m.correct) > m.tolerance
    text = str(report)
    assert text.startswith("FAILED") and f"layer {layer}" in text
    with pytest.raises(AssertionError, match=f"layer {layer}"):
        assert_backprop(_make(bug), sizes)


def test_forgetting_to_average_gets_a_hint():
    report = check_backprop(_make("no_average"), [3, 4, 2], batch=4)
    assert report.mismatch is not None and "summed" in report.hint


def test_missing_transpose_with_rectangular_layers_is_reported_not_raised():
    report = check_backprop(_make("transpose"), [3, 4, 2])
    assert not report.ok and "raised ValueError" in report.error


def test_wrong_shapes_are_named():
    def flat(weights, biases, x, y):
        gw, gb = _make()(weights, biases, x, y)
        return [g.T for g in gw], gb

    report = check_backprop(flat, [3, 4, 2])
    assert not report.ok and "shape (3, 4), expected (4, 3)" in report.error


def test_bp_equations_agree_with_50_digit_differences_independently():
    rng = np.random.default_rng(5)
    w, b, x, y = random_network((2, 3, 2), rng, 2)
    fd_w, fd_b = mp_finite_difference_gradients(w, b, x, y, "cross_entropy")
    bp_w, bp_b = bp_gradients(w, b, x, y, "cross_entropy")
    for f, g in zip(fd_w + fd_b, bp_w + bp_b, strict=False):
        np.testing.assert_allclose(g, f, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sizes": [3]}, "sizes"),
        ({"sizes": [3, 0, 2]}, "sizes"),
        ({"sizes": [3, 4, 2], "cost": "hinge"}, "cost must be one of"),
        ({"sizes": [3, 4, 2], "trials": 0}, "trials"),
        ({"sizes": [150, 150]}, "20000 check_backprop takes"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        check_backprop(_make(), **kwargs)


def test_testing_module_exports_the_checker():
    from gradproof import testing

    assert testing.check_backprop is check_backprop and testing.assert_backprop is assert_backprop
