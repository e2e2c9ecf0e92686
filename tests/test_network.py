"""The vectorised sigmoid network: gradients against finite differences and the textbook loop."""

from __future__ import annotations

import numpy as np
import pytest

from gradproof.numerics.network import (
    Network,
    check_sizes,
    per_example_gradients,
    train_recording_speeds,
)


def _batch(sizes: tuple[int, ...], n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((n, sizes[0]))
    y = np.zeros((n, sizes[-1]))
    y[np.arange(n), rng.integers(0, sizes[-1], n)] = 1.0
    return x, y


def _cost_by_hand(net: Network, x: np.ndarray, y: np.ndarray) -> float:
    """Cross-entropy from a plain forward pass with 1/(1 + e^−z), independent of Network.cost."""
    a = x
    for w, b in zip(net.weights, net.biases, strict=True):
        a = 1.0 / (1.0 + np.exp(-(a @ w.T + b)))
    return float(-np.sum(y * np.log(a) + (1 - y) * np.log1p(-a)) / x.shape[0])


@pytest.mark.parametrize("sizes", [(5, 4, 3), (6, 5, 4, 4, 3), (3, 1, 1, 1, 2)])
def test_backprop_matches_central_finite_differences_for_every_parameter(
    sizes: tuple[int, ...],
) -> None:
    net = Network.initialise(sizes, np.random.default_rng(3))
    x, y = _batch(sizes, 17)
    grads = net.backprop(x, y)
    h = 1e-6
    for params, got in ((net.weights, grads.weights), (net.biases, grads.biases)):
        for p, g in zip(params, got, strict=True):
            fd = np.empty_like(p)
            for idx in np.ndindex(p.shape):
                saved = p[idx]
                p[idx] = saved + h
                up = _cost_by_hand(net, x, y)
                p[idx] = saved - h
                down = _cost_by_hand(net, x, y)
                p[idx] = saved
                fd[idx] = (up - down) / (2 * h)
            np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-9)


def test_cost_matches_plain_cross_entropy_formula() -> None:
    net = Network.initialise((8, 6, 4), 1)
    x, y = _batch((8, 6, 4), 12)
    assert net.cost(x, y) == pytest.approx(_cost_by_hand(net, x, y), rel=1e-13)


def test_batched_backprop_equals_the_per_example_textbook_loop() -> None:
    sizes = (20, 7, 6, 5, 4)
    net = Network.initialise(sizes, 5)
    x, y = _batch(sizes, 31)
    fast, slow = net.backprop(x, y), per_example_gradients(net, x, y)
    for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_output_bias_gradient_is_mean_of_output_minus_target() -> None:
    net = Network.initialise((4, 3, 2), 2)
    x, y = _batch((4, 3, 2), 9)
    a = x
    for w, b in zip(net.weights, net.biases, strict=True):
        a = 1.0 / (1.0 + np.exp(-(a @ w.T + b)))
    np.testing.assert_allclose(net.backprop(x, y).biases[-1], (a - y).mean(axis=0), rtol=1e-13)


def test_initialisation_draws_weights_with_variance_one_over_fan_in_and_unit_biases() -> None:
    net = Network.initialise((2500, 400, 3), np.random.default_rng(0))
    w = net.weights[0]
    # 1e6 draws: the sample sd is within ~0.2 % of the true one
    assert w.std() == pytest.approx(1 / 50, rel=0.01)
    assert abs(w.mean()) < 5 * (1 / 50) / 1000
    b = net.biases[0]
    assert b.std() == pytest.approx(1.0, rel=0.15)
    assert net.weights[1].shape == (3, 400) and net.biases[1].shape == (3,)


def test_same_seed_gives_the_same_network_and_different_seeds_differ() -> None:
    a, b, c = (Network.initialise((5, 4, 3), s) for s in (1, 1, 2))
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights, strict=True))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_update_applies_l2_weight_decay_with_n_the_batch_size() -> None:
    net = Network.initialise((3, 2, 2), 4)
    before = net.copy()
    x, y = _batch((3, 2, 2), 10)
    grads = net.backprop(x, y)
    net.update(grads, eta=0.1, lmbda=5.0, n=10)
    np.testing.assert_allclose(
        net.weights[0], (1 - 0.1 * 5.0 / 10) * before.weights[0] - 0.1 * grads.weights[0]
    )
    np.testing.assert_allclose(net.biases[1], before.biases[1] - 0.1 * grads.biases[1])


def test_speeds_are_recorded_before_each_update() -> None:
    sizes = (6, 5, 5, 5, 3)
    x, y = _batch(sizes, 25)
    net = Network.initialise(sizes, 8)
    by_hand = net.copy()
    speeds = train_recording_speeds(net, x, y, 3, eta=0.1, lmbda=5.0)
    assert speeds.shape == (4, 3)
    for epoch in range(4):
        grads = by_hand.backprop(x, y)
        expected = [np.sqrt(np.sum(g**2)) for g in grads.biases[:-1]]
        np.testing.assert_allclose(speeds[epoch], expected, rtol=1e-12)
        by_hand.update(grads, 0.1, 5.0, 25)


@pytest.mark.parametrize(
    ("sizes", "match"),
    [((5,), "at least an input"), ((5, 0, 3), "≥ 1"), ((5, 2.5, 3), "whole numbers")],
)
def test_bad_sizes_are_refused_with_a_clear_message(sizes: tuple[float, ...], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        check_sizes(sizes)  # type: ignore[arg-type]


def test_batches_of_the_wrong_shape_are_refused() -> None:
    net = Network.initialise((4, 3, 2), 0)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 4\)"):
        net.backprop(np.zeros((5, 3)), np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"y must have shape \(5, 2\)"):
        net.backprop(np.zeros((5, 4)), np.zeros((5, 3)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"epochs": -1}, "epochs"),
        ({"epochs": 1, "eta": 0.0}, "eta"),
        ({"epochs": 1, "lmbda": -1.0}, "lmbda"),
    ],
)
def test_bad_training_settings_are_refused(kwargs: dict[str, float], match: str) -> None:
    net = Network.initialise((4, 3, 2), 0)
    with pytest.raises(ValueError, match=match):
        train_recording_speeds(net, np.zeros((2, 4)), np.zeros((2, 2)), **kwargs)  # type: ignore[arg-type]


def test_a_bad_rng_is_refused() -> None:
    with pytest.raises(TypeError, match="rng"):
        Network.initialise((2, 2), "seed")  # type: ignore[arg-type]


def test_fused_sigmoid_and_prime_are_bit_for_bit_the_verified_formulas() -> None:
    from gradproof.numerics import formulas

    rng = np.random.default_rng(3)
    special = [0.0, -0.0, 1e-300, -1e-300, 5e-324, 36.0, -36.0, 700.0, -700.0, 746.0, -746.0]
    x = np.concatenate([rng.standard_normal(20_000) * 30, special, [np.inf, -np.inf, np.nan]])
    with np.errstate(under="ignore"):
        sig, prime = formulas._sigmoid_and_prime_array(x)
        blocks = formulas._sigmoid_and_prime_chunked(x.reshape(1, -1))
        plain_sig, plain_prime = formulas._sigmoid_array(x), formulas._sigmoid_prime_array(x)
    assert x.size > 2 * formulas._CHUNK  # the block-by-block paths are exercised
    for got in (sig, blocks[0].ravel(), formulas.sigmoid(x)):
        assert np.array_equal(got, plain_sig, equal_nan=True)
    for got in (prime, blocks[1].ravel(), formulas.sigmoid_prime(x)):
        assert np.array_equal(got, plain_prime, equal_nan=True)
