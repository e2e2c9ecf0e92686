"""The toy neuron: the gradient-descent step, the plateau definition, bad input, the figure."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from gradproof.cli import main
from gradproof.numerics import toy_neuron as tn

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _sig(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


def test_first_step_matches_a_hand_computed_update() -> None:
    """One epoch by hand with math.exp: quadratic ∂C/∂b = aσ′(z), cross-entropy ∂C/∂b = a."""
    curves = tn.learning_curves(((0.6, 0.9), (0.6, 0.9)), ("quadratic", "cross-entropy"), 1)
    a0 = _sig(1.5)
    quad_step = 0.15 * a0 * a0 * (1 - a0)
    ce_step = 0.15 * a0
    assert curves.weights[0, 1] == pytest.approx(0.6 - quad_step, rel=1e-14)
    assert curves.biases[0, 1] == pytest.approx(0.9 - quad_step, rel=1e-14)
    assert curves.weights[1, 1] == pytest.approx(0.6 - ce_step, rel=1e-14)
    assert curves.outputs[1, 1] == pytest.approx(_sig(1.5 - 2 * ce_step), rel=1e-14)


def test_step_follows_finite_difference_gradient() -> None:
    """The update direction is minus the central-difference gradient of each cost."""
    w0, b0, h = 2.0, 2.0, 1e-6
    costs = {
        "quadratic": lambda w, b: _sig(w + b) ** 2 / 2,
        "cross-entropy": lambda w, b: -math.log(1 - _sig(w + b)),
    }
    for name, cost in costs.items():
        curves = tn.learning_curves(((w0, b0),), (name,), 1)  # type: ignore[arg-type]
        fd_w = (cost(w0 + h, b0) - cost(w0 - h, b0)) / (2 * h)
        assert (w0 - curves.weights[0, 1]) / 0.15 == pytest.approx(fd_w, rel=1e-6)


def test_plateau_length_counts_epochs_before_five_percent_progress() -> None:
    curve = [1.0] * 10 + [0.96, 0.95, 0.5]
    assert tn.plateau_length(curve) == 11  # 0.95 ≤ 0.95·1.0 first at index 11
    assert tn.plateau_length(curve, fraction=0.5) == 12
    assert tn.plateau_length([1.0, 1.0, 0.99]) is None
    assert tn.plateau_length([0.2, 0.3, 0.7], target=1.0, fraction=0.5) == 2


def test_plateau_length_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="fraction must lie in"):
        tn.plateau_length([1.0, 0.5], fraction=1.5)
    with pytest.raises(ValueError, match="non-empty 1-d"):
        tn.plateau_length([])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"costs": ("cubic",)}, "cost must be one of"),
        ({"epochs": -1}, "epochs must be a non-negative integer"),
        ({"epochs": 2.5}, "epochs must be a non-negative integer"),
        ({"eta": 0.0}, "eta .learning rate. must be a positive finite number"),
        ({"eta": float("nan")}, "eta .learning rate. must be a positive finite number"),
        ({"starts": ((float("inf"), 0.0),)}, "starts must be finite"),
        ({"starts": ((0.0, 0.0), (1.0, 1.0))}, "same length"),
    ],
)
def test_learning_curves_refuse_bad_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"starts": ((0.6, 0.9),), "costs": ("quadratic",)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        tn.learning_curves(**args)  # type: ignore[arg-type]


def test_cross_entropy_plateau_is_far_shorter_than_quadratic() -> None:
    curves = tn.toy_curves()
    hard = (2.0, 2.0)
    q = tn.plateau_length(curves.outputs[curves.run("quadratic", hard)])
    ce = tn.plateau_length(curves.outputs[curves.run("cross-entropy", hard)])
    assert q is not None and ce is not None and ce * 10 < q
    assert np.all(np.diff(curves.outputs, axis=1) < 0)  # every run moves towards the target 0


def test_plot_toy_neuron_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "toy-neuron", "--out", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "toy-neuron.png"
    assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 20_000
