"""The toy neuron: the gradient-descent step, the plateau definition, bad input, the figure."""

from __future__ import annotations

import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
from _extras import require

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
        ({"starts": ((0.6,),)}, "starts must be finite .w, b. pairs"),
        ({"starts": ((0.6, 0.9, 1.0),)}, "starts must be finite .w, b. pairs"),
        ({"starts": (("w", "b"),)}, "starts must be finite .w, b. pairs"),
        ({"x": float("nan")}, "x .the training input. must be a finite real number"),
        ({"y": float("inf")}, "y .the target. must be a finite real number"),
        ({"y": True}, "y .the target. must be a finite real number"),
        ({"costs": ("cross-entropy",), "y": 1.5}, r"must lie in \[0, 1\] for the cross-entropy"),
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
    require("matplotlib")
    assert main(["plot", "toy-neuron", "--out", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "toy-neuron.png"
    assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 20_000


def _independent_run(w: float, b: float, cost: str, epochs: int) -> list[mpmath.mpf]:
    """Gradient descent at 30 digits with the gradient from mpmath.diff of the cost itself.

    Shares nothing with the code under test: no gradient formula, no float sigmoid.
    """
    with mpmath.workdps(30):
        wm, bm, eta = mpmath.mpf(w), mpmath.mpf(b), mpmath.mpf("0.15")

        def c(wv: mpmath.mpf, bv: mpmath.mpf) -> mpmath.mpf:
            a = 1 / (1 + mpmath.exp(-(wv * 1 + bv)))  # input x = 1, target y = 0
            return a**2 / 2 if cost == "quadratic" else -mpmath.log(1 - a)

        outputs = []
        for n in range(epochs + 1):
            outputs.append(1 / (1 + mpmath.exp(-(wm + bm))))
            if n < epochs:
                gw = mpmath.diff(lambda t, b0=bm: c(t, b0), wm)
                gb = mpmath.diff(lambda t, w0=wm: c(w0, t), bm)
                wm, bm = wm - eta * gw, bm - eta * gb
        return outputs


def test_toy_curves_match_an_independent_mpmath_run() -> None:
    """All four runs agree with a 30-digit re-implementation, and so do the documented numbers."""
    curves = tn.toy_curves()
    plateaus = {}
    for cost in tn.COSTS:
        for start in tn.STARTS:
            ref = _independent_run(start[0], start[1], cost, tn.EPOCHS)
            got = curves.outputs[curves.run(cost, start)]
            assert np.max(np.abs(got - np.array([float(v) for v in ref]))) < 1e-12
            # the plateau counted on the high-precision curve, directly from its definition
            for fraction in (0.05, 0.10):
                first = next(k for k, v in enumerate(ref) if v <= (1 - fraction) * ref[0])
                assert tn.plateau_length(got, fraction=fraction) == first
                plateaus[cost, start, fraction] = first
    hard = (2.0, 2.0)
    q5, q10 = plateaus["quadratic", hard, 0.05], plateaus["quadratic", hard, 0.10]
    ce5 = plateaus["cross-entropy", hard, 0.05]
    notes = tn.toy_neuron_numbers.notes
    assert f"{q5} measured; {q10} with a 10 % criterion" in notes  # the docs state these numbers
    assert (q5, ce5) == (151, 5)  # the numbers README.md quotes for the two (2, 2) runs


def test_cost_values_are_each_runs_own_cost() -> None:
    curves = tn.learning_curves(((2.0, 2.0), (2.0, 2.0)), ("quadratic", "cross-entropy"), 3)
    cost = tn.cost_values(curves)
    for n in range(4):
        a = _sig(curves.weights[0, n] + curves.biases[0, n])
        assert cost[0, n] == pytest.approx(a * a / 2, rel=1e-14)
        z = curves.weights[1, n] + curves.biases[1, n]
        assert cost[1, n] == pytest.approx(math.log1p(math.exp(z)), rel=1e-14)  # −ln(1 − σ(z))
    with pytest.raises(ValueError, match=r"y \(the target\) must lie in"):
        tn.cost_values(curves, y=2.0)


def test_formal_statement_is_confirmed_and_never_proved() -> None:
    from gradproof.claims import run_claim
    from gradproof.core import ProofError
    from gradproof.logic import LemmaError, use

    st = tn.toy_neuron_numbers.formal.get()
    assert st.kind == "numeric"
    outcome = st.prove()
    assert outcome.ok and outcome.theorem is None, outcome.detail
    assert "certified by the core's enclosure rule" in outcome.detail
    with pytest.raises(ProofError):  # its proof gives an outcome, never a core theorem
        st.theorem()
    with pytest.raises(LemmaError, match="only confirmed numerically"):
        use(tn.toy_neuron_numbers)
    result = run_claim(tn.toy_neuron_numbers)
    assert result.status == "confirmed"
    assert not any(e.proves for e in result.evidence)
