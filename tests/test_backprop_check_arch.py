"""check_backprop for every activation and cost: correct course code is never blamed, the float64
reference's error bound holds, planted bugs are caught with the right hint, bad inputs refused.

The backpropagation under test (tests/backprop_course_code.py) is written by hand in the style of
Nielsen's network2.py; the references it is compared with here are independent of gradproof's
float64 code: mpmath central differences of the cost (written in this file) for the equations,
and a 50-digit mpmath backpropagation for the rounding bound.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

import mpmath
import numpy as np
import pytest
from backprop_course_code import combinations, make_backprop
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradproof.backprop_bounds import Net, bounded_gradients, mp_gradients
from gradproof.backprop_check import assert_backprop, check_backprop, draw_network

COMBOS = combinations()
IDS = ["-".join(c) for c in COMBOS]
#: the thorough hypothesis profile (``pytest --hypothesis-profile thorough``) runs the deep variants
DEEP = settings.default.max_examples >= 1000


def _random_sizes(rng: np.random.Generator) -> list[int]:
    depth = int(rng.integers(1, 4))  # 1–3 weight layers before the output's
    return [int(v) for v in rng.integers(1, 31, depth)] + [int(rng.integers(2, 11))]


def _run_course_code(hidden: str, out: str, cost: str, networks: int) -> None:
    rng = np.random.default_rng(abs(hash((hidden, out, cost))) % 2**32)
    for k in range(networks):
        sizes = _random_sizes(rng)
        acts = (hidden,) * (len(sizes) - 2) + (out,)
        scale = float(rng.choice([0.5, 1.0, 3.0, 5.0]))  # 3 and 5 saturate the units
        report = check_backprop(
            make_backprop(acts, cost),
            sizes,
            cost,
            activations=acts,
            trials=1,
            seed=k,
            timeout=None,
            weight_scale=scale,
        )
        assert report.ok, f"{sizes}, weight scale {scale}:\n{report}"


@pytest.mark.parametrize(("hidden", "out", "cost"), COMBOS, ids=IDS)
def test_course_code_passes_for_every_activation_and_cost(hidden: str, out: str, cost: str) -> None:
    _run_course_code(hidden, out, cost, 10)


@pytest.mark.slow
@pytest.mark.skipif(not DEEP, reason="50 networks per combination: the thorough profile")
@pytest.mark.parametrize(("hidden", "out", "cost"), COMBOS, ids=IDS)
def test_course_code_passes_on_50_networks_per_combination(
    hidden: str, out: str, cost: str
) -> None:
    _run_course_code(hidden, out, cost, 50)


def test_network2_cross_entropy_at_20_20_10_is_not_blamed() -> None:
    """The issue's case: network2.py's cross-entropy (δᴸ = aᴸ − y) at [20, 20, 10] stopped with
    an internal error when an output was near 1; on many seeds, saturated ones included."""
    fn = make_backprop(("sigmoid", "sigmoid"), "cross_entropy")
    for seed in range(6):
        report = check_backprop(fn, [20, 20, 10], "cross_entropy", seed=seed, timeout=None)
        assert report.ok, str(report)
        report = check_backprop(
            fn, [20, 20, 10], "cross_entropy", seed=seed, timeout=None, weight_scale=4.0
        )
        assert report.ok, str(report)


@st.composite
def _networks(draw: Any) -> tuple[Any, ...]:
    hidden, out, cost = draw(st.sampled_from(COMBOS))
    depth = draw(st.integers(1, 2))
    sizes = [draw(st.integers(1, 30)) for _ in range(depth)] + [draw(st.integers(2, 10))]
    scale = draw(st.sampled_from([0.3, 1.0, 2.0, 4.0, 6.0]))
    seed = draw(st.integers(0, 2**31))
    return hidden, out, cost, sizes, scale, seed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks())
def test_the_float64_bound_holds_and_correct_code_passes(case: tuple[Any, ...]) -> None:
    """Random sizes up to [30, 30, 10], every combination, saturated outputs included: the float64
    reference is within its bound of the 50-digit BP1–BP4, and the course code passes."""
    hidden, out, cost, sizes, scale, seed = case
    acts = (hidden,) * (len(sizes) - 2) + (out,)
    net = Net(acts, cost)
    w, b, x, y = draw_network(sizes, np.random.default_rng(seed), 2, cost, scale)
    ref = bounded_gradients(net, w, b, x, y)
    exact_w, exact_b = mp_gradients(net, w, b, x, y, 50)
    with mpmath.workdps(50):
        for layer in range(len(w)):
            for k, row in enumerate(exact_w[layer]):
                for j, v in enumerate(row):
                    err = abs(mpmath.mpf(float(ref.grad_w[layer][k, j])) - v)
                    assert err <= ref.err_w[layer][k, j], (layer, k, j)
            for k, v in enumerate(exact_b[layer]):
                assert abs(mpmath.mpf(float(ref.grad_b[layer][k])) - v) <= ref.err_b[layer][k]
    report = check_backprop(
        make_backprop(acts, cost),
        sizes,
        cost,
        activations=acts,
        trials=1,
        batch=2,
        seed=seed,
        timeout=None,
        weight_scale=scale,
    )
    assert report.ok, str(report)


# ------------------------------------------------------------ the equations, independently


def _mp_example_cost(cost: str, a: list[Any], t: list[Any]) -> Any:
    pairs = list(zip(a, t, strict=True))
    if cost == "quadratic":
        return mpmath.fsum((p - q) ** 2 for p, q in pairs) / 2
    if cost == "squared":
        return mpmath.fsum((p - q) ** 2 for p, q in pairs)
    if cost == "cross_entropy":
        return -mpmath.fsum(q * mpmath.log(p) + (1 - q) * mpmath.log(1 - p) for p, q in pairs)
    if cost == "categorical_cross_entropy":
        return -mpmath.fsum(q * mpmath.log(p) for p, q in pairs)
    return -mpmath.log(a[max(range(len(t)), key=lambda j: t[j])])  # log-likelihood, one-hot t


def _mp_cost(acts: tuple[str, ...], cost: str, w: Any, b: Any, x: Any, y: Any) -> Any:
    """The batch-mean cost at mpmath precision, straight from the definitions."""
    total = mpmath.mpf(0)
    for xi, yi in zip(x, y, strict=True):
        a = [mpmath.mpf(float(v)) for v in xi]
        for name, wl, bl in zip(acts, w, b, strict=True):
            z = [
                mpmath.fsum(r * v for r, v in zip(row, a, strict=True)) + c
                for row, c in zip(wl, bl, strict=True)
            ]
            if name == "softmax":
                e = [mpmath.exp(v) for v in z]
                a = [v / mpmath.fsum(e) for v in e]
            else:
                f = {
                    "sigmoid": lambda v: 1 / (1 + mpmath.exp(-v)),
                    "tanh": mpmath.tanh,
                    "relu": lambda v: max(v, 0),
                    "leaky_relu": lambda v: v if v > 0 else v / 100,
                    "identity": lambda v: v,
                }[name]
                a = [f(v) for v in z]
        t = [mpmath.mpf(float(v)) for v in yi]
        total += _mp_example_cost(cost, a, t)
    return total / len(x)


@pytest.mark.parametrize(("hidden", "out", "cost"), COMBOS[::3], ids=IDS[::3])
def test_bp_references_equal_central_differences_of_the_cost(
    hidden: str, out: str, cost: str
) -> None:
    """Both references (float64 and 50-digit BP1–BP4, with the simplified output δ of softmax and
    cross-entropy) equal 40-digit central differences of the cost defined from scratch."""
    sizes = [3, 4, 3]
    acts = (hidden, out)
    w, b, x, y = draw_network(sizes, np.random.default_rng(7), 2, cost, 1.0)
    ref = bounded_gradients(Net(acts, cost), w, b, x, y)
    with mpmath.workdps(40):
        h = mpmath.mpf("1e-15")
        wm = [[[mpmath.mpf(float(v)) for v in row] for row in wl] for wl in w]
        bm = [[mpmath.mpf(float(v)) for v in bl] for bl in b]
        for layer in range(2):
            for j in range(sizes[layer + 1]):
                saved = bm[layer][j]
                bm[layer][j] = saved + h
                up = _mp_cost(acts, cost, wm, bm, x, y)
                bm[layer][j] = saved - h
                down = _mp_cost(acts, cost, wm, bm, x, y)
                bm[layer][j] = saved
                fd = float((up - down) / (2 * h))
                assert ref.grad_b[layer][j] == pytest.approx(fd, rel=1e-9, abs=1e-12)
                k = j % sizes[layer]
                saved = wm[layer][j][k]
                wm[layer][j][k] = saved + h
                up = _mp_cost(acts, cost, wm, bm, x, y)
                wm[layer][j][k] = saved - h
                down = _mp_cost(acts, cost, wm, bm, x, y)
                wm[layer][j][k] = saved
                fd = float((up - down) / (2 * h))
                assert ref.grad_w[layer][j, k] == pytest.approx(fd, rel=1e-9, abs=1e-12)


# ------------------------------------------------------------ planted bugs and their hints

SIG3 = ("sigmoid", "sigmoid", "sigmoid")


@pytest.mark.parametrize(
    ("bug", "acts", "cost", "sizes", "hint"),
    [
        ("transpose", SIG3, "quadratic", [4, 5, 5, 5], "transpose"),
        ("sigma_for_prime", SIG3, "quadratic", [4, 5, 5, 3], "σ for σ′"),
        ("sigma_for_prime", ("tanh", "tanh", "identity"), "quadratic", [4, 5, 5, 3], "σ for σ′"),
        ("off_by_one", SIG3, "quadratic", [4, 4, 4, 3], "off-by-one layer"),
        ("half", SIG3, "quadratic", [4, 5, 5, 3], "½ convention"),
        ("summed", SIG3, "cross_entropy", [4, 5, 5, 3], "summed over the batch"),
        ("quadratic_delta", SIG3, "cross_entropy", [4, 5, 5, 3], "wrong output δ"),
        (
            "quadratic_delta",
            ("relu", "relu", "softmax"),
            "log_likelihood",
            [4, 5, 5, 3],
            "wrong output δ",
        ),
    ],
)
def test_each_planted_bug_is_caught_with_its_hint(
    bug: str, acts: Any, cost: str, sizes: Any, hint: str
) -> None:
    report = check_backprop(
        make_backprop(acts, cost, bug=bug), sizes, cost, activations=acts, timeout=None
    )
    assert not report.ok and report.mismatch is not None, str(report)
    assert hint in report.hint, str(report)
    assert report.wrong_entries > 0 and f"Hint: {report.hint}" in str(report)
    assert (report.worst is not None and "worst" in str(report)) or report.worst == report.mismatch


@pytest.mark.parametrize(
    ("implemented", "checked", "named"),
    [
        (("relu", "relu", "sigmoid"), SIG3, "relu, relu, sigmoid"),
        (("sigmoid", "sigmoid", "identity"), SIG3, "sigmoid, sigmoid, identity"),
        (("tanh", "tanh", "softmax"), ("tanh", "tanh", "sigmoid"), "tanh, tanh, softmax"),
    ],
)
def test_a_mismatched_architecture_is_named(implemented: Any, checked: Any, named: str) -> None:
    report = check_backprop(
        make_backprop(implemented, "quadratic"), [4, 5, 5, 3], activations=checked, timeout=None
    )
    assert not report.ok
    assert f"match a network with {named}; quadratic cost" in report.hint, report.hint
    assert "not the one checked" in report.hint


def test_every_wrong_entry_is_counted_per_layer_and_parameter() -> None:
    report = check_backprop(make_backprop(SIG3, "quadratic", bug="off_by_one"), [4, 4, 4, 3])
    assert not report.ok
    layers = {(layer, param) for layer, param, _bad, _of in report.wrong}
    assert (3, "weights") not in layers and (3, "biases") not in layers  # the output layer is right
    assert all(0 < bad <= of for _l, _p, bad, of in report.wrong)
    assert report.mismatch is not None and report.mismatch.layer == 2
    assert f"{report.wrong_entries} of {report.entries_checked} gradient entries wrong" in str(
        report
    )


# ------------------------------------------------------------ user-defined activation and cost


def _softplus_net(bug: float = 0.0) -> Any:
    def sig(z: Any) -> Any:
        return 1 / (1 + np.exp(-z))

    def fn(w: Any, b: Any, x: Any, y: Any) -> Any:
        acts, zs = [x], []
        for wl, bl in zip(w, b, strict=True):
            zs.append(acts[-1] @ wl.T + bl)
            acts.append(np.log1p(np.exp(zs[-1])))
        delta = -3 * np.sin(3 * acts[-1]) * sig(zs[-1])  # C = Σ cos(3a)
        gw, gb = [None] * len(w), [None] * len(w)
        for layer in range(len(w) - 1, -1, -1):
            gb[layer] = delta.mean(axis=0)
            gw[layer] = delta.T @ acts[layer] / len(x) * (1 + bug)
            if layer:
                delta = (delta @ w[layer]) * sig(zs[layer - 1])
        return gw, gb

    return fn


SOFTPLUS = (lambda z: np.log1p(np.exp(z)), lambda z: 1 / (1 + np.exp(-z)))
COS_COST = (lambda a, y: np.sum(np.cos(3 * a), axis=-1), lambda a, y: -3 * np.sin(3 * a))


def test_a_user_defined_activation_and_cost_are_checked() -> None:
    report = check_backprop(_softplus_net(), [3, 4, 2], COS_COST, activations=SOFTPLUS)
    assert report.ok, str(report)
    assert "user-defined" in str(report)
    bad = check_backprop(_softplus_net(1e-6), [3, 4, 2], COS_COST, activations=SOFTPLUS)
    assert not bad.ok and bad.mismatch is not None and bad.mismatch.parameter == "weights"


# ------------------------------------------------------------ refusals, traceback, time limit


def _correct(w: Any, b: Any, x: Any, y: Any) -> Any:
    return make_backprop(("sigmoid", "sigmoid"), "quadratic")(w, b, x, y)


@pytest.mark.parametrize(
    ("wrap", "error", "message"),
    [
        (lambda gw, gb: ([g + 1e6j for g in gw], gb), TypeError, "complex"),
        (lambda gw, gb: ([np.ma.masked_all(g.shape) for g in gw], gb), ValueError, "masked"),
        (lambda gw, gb: ([np.full(g.shape, "0.1") for g in gw], gb), TypeError, "strings"),
        (lambda gw, gb: (gw, [np.ones(g.shape, bool) for g in gb]), TypeError, "booleans"),
    ],
)
def test_gradients_that_are_not_real_numbers_are_refused(
    wrap: Any, error: Any, message: str
) -> None:
    with pytest.raises(error, match=message):
        check_backprop(lambda w, b, x, y: wrap(*_correct(w, b, x, y)), [3, 4, 2])


@pytest.mark.parametrize(
    ("sizes", "error", "message"),
    [
        ("32", TypeError, "not a string"),
        ([True, 2], TypeError, "whole numbers"),
        ([2.5, 2], TypeError, "whole numbers"),
        ([1] * 1000, ValueError, "at most 50"),
        ([3, 1], None, ""),
    ],
)
def test_bad_sizes_are_refused(sizes: Any, error: Any, message: str) -> None:
    if error is None:
        check_backprop(_correct, sizes)
        return
    with pytest.raises(error, match=message):
        check_backprop(_correct, sizes)


def test_a_softmax_of_one_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 units"):
        check_backprop(_correct, [3, 1], "log_likelihood", activations="softmax")


def test_the_traceback_of_a_raising_function_is_kept() -> None:
    def broken(w: Any, b: Any, x: Any, y: Any) -> Any:
        return {}["missing key"]

    report = check_backprop(broken, [3, 4, 2])
    assert not report.ok and "fn raised KeyError" in report.error
    assert "in broken" in report.traceback and "missing key" in report.traceback
    assert "Your function's traceback" in str(report) and "in broken" in str(report)


def test_a_function_that_never_returns_is_stopped_and_its_worker_killed() -> None:
    def forever(w: Any, b: Any, x: Any, y: Any) -> Any:
        while True:
            time.sleep(0.05)

    report = check_backprop(forever, [3, 4, 2], timeout=1)
    assert not report.ok and "did not return within 1 s" in report.error
    assert multiprocessing.active_children() == []


def test_a_function_that_kills_its_process_is_reported() -> None:
    import os

    report = check_backprop(lambda w, b, x, y: os._exit(3), [3, 4, 2])
    assert not report.ok and "exit code 3" in report.error


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), 1e308, "5"])
def test_bad_timeouts_are_refused(timeout: Any) -> None:
    with pytest.raises((TypeError, ValueError), match="timeout"):
        check_backprop(_correct, [3, 4, 2], timeout=timeout)


def test_assert_backprop_takes_the_new_keywords() -> None:
    fn = make_backprop(("relu", "softmax"), "log_likelihood")
    report = assert_backprop(fn, [4, 6, 3], "log_likelihood", activations="relu,softmax")
    assert report.ok and "relu, softmax; log likelihood cost" in str(report)


def test_entries_the_float64_bound_cannot_decide_go_to_mpmath() -> None:
    """A function returning reference + exactly the tolerance: |yours − reference| = tolerance,
    which the float64 bound cannot decide; the 50-digit reference does, and its verdict agrees
    with an exact comparison made here."""
    from gradproof.backprop_bounds import TOL_FACTOR

    net = Net(("tanh", "sigmoid"), "cross_entropy")

    def on_the_edge(w: Any, b: Any, x: Any, y: Any) -> Any:
        ref = bounded_gradients(net, w, b, x, y)
        naive = bounded_gradients(net, w, b, x, y, naive=True)
        tol_w = [TOL_FACTOR * np.maximum(n, e) for n, e in zip(naive.err_w, ref.err_w, strict=True)]
        tol_b = [TOL_FACTOR * np.maximum(n, e) for n, e in zip(naive.err_b, ref.err_b, strict=True)]
        return (
            [g + t for g, t in zip(ref.grad_w, tol_w, strict=True)],
            [g + t for g, t in zip(ref.grad_b, tol_b, strict=True)],
        )

    sizes = [3, 4, 2]
    report = check_backprop(
        on_the_edge, sizes, "cross_entropy", activations="tanh,sigmoid", trials=1, timeout=None
    )
    assert report.high_precision_entries > 0 and report.reference_digits >= 50, str(report)
    w, b, x, y = draw_network(sizes, np.random.default_rng(0), 3, "cross_entropy")
    mine_w, mine_b = on_the_edge(w, b, x, y)
    exact_w, exact_b = mp_gradients(net, w, b, x, y, 60)
    ref = bounded_gradients(net, w, b, x, y)
    naive = bounded_gradients(net, w, b, x, y, naive=True)
    wrong = 0
    with mpmath.workdps(60):
        for layer in range(2):
            tol = TOL_FACTOR * np.maximum(naive.err_b[layer], ref.err_b[layer])
            for j, v in enumerate(exact_b[layer]):
                wrong += abs(mpmath.mpf(float(mine_b[layer][j])) - v) > tol[j]
            tol = TOL_FACTOR * np.maximum(naive.err_w[layer], ref.err_w[layer])
            for j, row in enumerate(exact_w[layer]):
                for k, v in enumerate(row):
                    wrong += abs(mpmath.mpf(float(mine_w[layer][j, k])) - v) > tol[j, k]
    assert report.wrong_entries == wrong


def test_ctrl_c_while_the_function_runs_kills_its_worker() -> None:
    import os
    import signal
    import threading

    def forever(w: Any, b: Any, x: Any, y: Any) -> Any:
        while True:
            time.sleep(0.05)

    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            check_backprop(forever, [3, 4, 2], timeout=120)
    finally:
        timer.cancel()
    assert multiprocessing.active_children() == []
