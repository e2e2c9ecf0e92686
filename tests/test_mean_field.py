"""The NumPy mean-field maps against independent computations (mpmath, closed forms, sampling),
and the layer-speeds experiment's ``mean_field`` report."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from gradproof.numerics import mean_field as mf


def _mp_expectation(f: object, q: float) -> float:
    """E[f(√q z)] by mpmath's adaptive quadrature at 30 digits (an independent reference)."""
    with mpmath.workdps(30):
        s = mpmath.sqrt(mpmath.mpf(q))
        g = lambda z: f(s * z) * mpmath.exp(-z * z / 2) / mpmath.sqrt(2 * mpmath.pi)  # noqa: E731
        return float(mpmath.quad(g, [-mpmath.inf, -8, -2, 0, 2, 8, mpmath.inf]))


def _mp_sigmoid(u: object) -> object:
    return 1 / (1 + mpmath.exp(-u))


REFERENCES = {
    ("sigmoid", "second"): lambda u: _mp_sigmoid(u) ** 2,
    ("sigmoid", "slope"): lambda u: (_mp_sigmoid(u) * (1 - _mp_sigmoid(u))) ** 2,
    ("tanh", "second"): lambda u: mpmath.tanh(u) ** 2,
    ("tanh", "slope"): lambda u: (1 - mpmath.tanh(u) ** 2) ** 2,
}


@pytest.mark.parametrize("q", [1e-4, 0.3, 1.0, 1.3, 10.0, 100.0, 2500.0])
@pytest.mark.parametrize(("activation", "which"), sorted(REFERENCES))
def test_quadrature_matches_mpmath(activation: str, which: str, q: float) -> None:
    func = mf.second_moment if which == "second" else mf.slope_moment
    expected = _mp_expectation(REFERENCES[(activation, which)], q)
    assert func(activation, q) == pytest.approx(expected, rel=1e-12, abs=1e-300)


def test_relu_closed_forms_match_sampling() -> None:
    rng = np.random.default_rng(0)
    z = rng.standard_normal(400_000) * math.sqrt(2.0)
    assert mf.second_moment("relu", 2.0) == pytest.approx(np.mean(np.maximum(z, 0) ** 2), rel=1e-2)
    assert mf.slope_moment("relu", 2.0) == pytest.approx(np.mean(z > 0), rel=1e-2)
    assert mf.chi("relu", 5.0, math.sqrt(2.0)) == pytest.approx(1.0, rel=1e-15)


def test_zero_variance_and_the_maps() -> None:
    assert mf.second_moment("sigmoid", 0.0) == 0.25
    assert mf.slope_moment("tanh", 0.0) == 1.0
    assert mf.variance_map("tanh", 0.0, 2.0, 0.5) == pytest.approx(0.25)
    q = mf.fixed_point("sigmoid", 1.0, 1.0)
    assert mf.variance_map("sigmoid", q, 1.0, 1.0) == pytest.approx(q, rel=1e-13)
    with pytest.raises(ValueError, match="activation"):
        mf.chi("softplus", 1.0, 1.0)
    with pytest.raises(ValueError, match="variance"):
        mf.second_moment("tanh", -1.0)


def test_prediction_iterates_from_the_data() -> None:
    x = np.full((3, 4), 0.5)  # ‖x‖²/n₀ = 0.25 for every row
    p = mf.predict(x, 3, sigma_w=2.0, sigma_b=0.5)
    assert p.q[0] == pytest.approx(4 * 0.25 + 0.25)
    assert p.q[1] == pytest.approx(4 * mf.second_moment("sigmoid", p.q[0]) + 0.25)
    assert len(p.predicted_ratio) == 2
    assert p.predicted_ratio[0] == pytest.approx(1 / math.sqrt(p.chi[0]))


def test_layer_speeds_report_the_mean_field_prediction() -> None:
    from gradproof.numerics.digits_data import embedded_digits
    from gradproof.numerics.layer_speeds import run_layer_speeds

    data = embedded_digits(200, 64)
    run = run_layer_speeds((64, 30, 30, 30, 10), data, seeds=3, epochs=1)
    out = run.as_json()["mean_field"]
    assert set(out) >= {"q", "chi", "predicted_ratio", "measured_ratio"}
    assert len(out["q"]) == len(out["measured_ratio"]) == 2
    # the measured ratio is the ratio of the seeds' geometric-mean speeds at initialisation
    geo = np.exp(np.log(run.speeds[:, 0, :]).mean(axis=0))
    assert out["measured_ratio"][0] == pytest.approx(geo[1] / geo[0], rel=1e-12)
    # the per-example RMS from the textbook loop, one input at a time
    from gradproof.numerics.network import Network, per_example_gradients

    net = Network.initialise((64, 30, 30, 30, 10), np.random.default_rng(0))
    norms = np.array(
        [
            [np.linalg.norm(g) for g in per_example_gradients(net, x[None], y[None]).biases]
            for x, y in zip(data.images, data.targets, strict=True)
        ]
    )
    rms = np.sqrt(np.mean(norms**2, axis=0))
    assert run.example_rms is not None
    assert run.example_rms[0, 0, :] == pytest.approx(rms[:3], rel=1e-10)
    # about 4.9 per layer, as the book's ~5
    assert all(4.0 < r < 6.0 for r in out["predicted_ratio"])
