"""The layer-speed experiment: statistics over seeds, the ordering test, the CLI and its outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from _extras import require

from gradproof.cli import main
from gradproof.numerics import layer_speeds
from gradproof.numerics.digits_data import embedded_digits
from gradproof.numerics.layer_speeds import (
    BOOK_SPEEDS_AT_INIT,
    is_ordered,
    run_layer_speeds,
)
from gradproof.numerics.network import Network, per_example_gradients

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_is_ordered_needs_strict_growth_towards_the_output() -> None:
    speeds = np.array([[0.01, 0.05, 0.3], [0.01, 0.3, 0.05], [0.05, 0.05, 0.3], [0.3, 0.05, 0.01]])
    assert is_ordered(speeds).tolist() == [True, False, False, False]


def test_ordering_check_fails_for_an_exploding_network() -> None:
    require("sklearn")
    # hidden-to-hidden weights ×8 and zero biases make |w σ′| > 1 typical: the speeds then shrink
    # towards the output, so the ordering test must say False for every seed
    data = embedded_digits(200, 64)
    results = []
    for seed in range(10):
        net = Network.initialise((64, 30, 30, 30, 10), seed)
        for w in net.weights[1:]:
            w *= 8.0
        for b in net.biases:
            b[:] = 0.0
        results.append(bool(is_ordered(net.backprop(data.images, data.targets).hidden_speeds())))
    assert not any(results)


def test_recorded_speeds_at_init_are_the_per_example_bias_gradient_norms() -> None:
    require("sklearn")
    data = embedded_digits(60, 64)
    sizes = (64, 30, 30, 30, 10)
    run = run_layer_speeds(sizes, data, seeds=3, epochs=2, first_seed=5)
    assert run.speeds.shape == (3, 3, 3)
    assert run.seeds == (5, 6, 7)
    for r, seed in enumerate(run.seeds):
        net = Network.initialise(sizes, np.random.default_rng(seed))
        grads = per_example_gradients(net, data.images, data.targets)
        expected = [np.sqrt(np.sum(b**2)) for b in grads.biases[:-1]]
        np.testing.assert_allclose(run.at_init[r], expected, rtol=1e-12)


def test_summary_and_json_hold_every_norm_and_the_ordering_fractions() -> None:
    require("sklearn")
    data = embedded_digits(50, 64)
    run = run_layer_speeds((64, 30, 30, 10), data, seeds=4, epochs=3)
    doc = json.loads(json.dumps(run.as_json()))
    assert np.array_equal(np.array(doc["speeds"]), run.speeds)
    assert doc["fraction_ordered_at_init"] == float(np.mean(is_ordered(run.speeds[:, 0])))
    rows = doc["layers"]
    assert len(rows) == 2
    assert rows[0]["init_mean"] == pytest.approx(float(np.mean(run.speeds[:, 0, 0])))
    assert rows[1]["init_sd"] == pytest.approx(float(np.std(run.speeds[:, 0, 1], ddof=1)))
    assert doc["book_at_init"] is None  # 64 inputs: not one of the book's architectures


def test_seed_statistics_of_a_hand_made_run() -> None:
    # 3 seeds × 3 recorded epochs × 2 hidden layers, values chosen by hand:
    # seed 0 ordered throughout; seed 1 ordered at init, crossed at epoch 2; seed 2 never ordered
    speeds = np.array(
        [
            [[0.1, 0.4], [0.01, 0.02], [0.001, 0.002]],
            [[0.2, 0.3], [0.02, 0.03], [0.004, 0.003]],
            [[0.5, 0.5], [0.06, 0.05], [0.002, 0.001]],
        ]
    )
    run = layer_speeds.SpeedRun(
        sizes=(64, 30, 30, 10),
        seeds=(0, 1, 2),
        epochs=2,
        eta=0.1,
        lmbda=5.0,
        images=10,
        data="hand-made",
        speeds=speeds,
    )
    assert run.ordered_at_init.tolist() == [True, True, False]
    assert run.ordered_throughout.tolist() == [True, False, False]
    doc = run.as_json()
    assert doc["fraction_ordered_at_init"] == pytest.approx(2 / 3)
    assert doc["fraction_ordered_throughout"] == pytest.approx(1 / 3)
    assert doc["fraction_epochs_ordered"] == pytest.approx(5 / 9)  # ordered (seed, epoch) pairs
    first, second = doc["layers"]
    assert first["init_mean"] == pytest.approx(0.8 / 3)
    assert first["init_sd"] == pytest.approx(
        np.sqrt(((0.1 - 0.8 / 3) ** 2 + (0.2 - 0.8 / 3) ** 2 + (0.5 - 0.8 / 3) ** 2) / 2)
    )
    assert (first["init_min"], first["init_max"]) == (0.1, 0.5)
    assert second["final_mean"] == pytest.approx(0.006 / 3)
    assert second["lowest_mean"] == pytest.approx((0.002 + 0.003 + 0.001) / 3)
    # the seeds' geometric mean: exp of the mean of the logs, here (0.1·0.2·0.5)^(1/3) at init
    geo = layer_speeds.geometric_mean_over_seeds(run)
    assert geo[0, 0] == pytest.approx(0.01 ** (1 / 3))


def test_book_numbers_are_the_ones_printed_in_seed_000() -> None:
    assert BOOK_SPEEDS_AT_INIT == {
        (784, 30, 30, 10): (0.07, 0.31),
        (784, 30, 30, 30, 10): (0.012, 0.060, 0.283),
        (784, 30, 30, 30, 30, 10): (0.003, 0.017, 0.070, 0.285),
    }


@pytest.mark.parametrize(
    ("sizes", "match"),
    [((784, 30, 10), "does not match"), ((64, 10), "hidden"), ((64, 30, 9), "must be 10")],
)
def test_sizes_that_do_not_fit_the_data_are_refused(sizes: tuple[int, ...], match: str) -> None:
    require("sklearn")
    with pytest.raises(ValueError, match=match):
        run_layer_speeds(sizes, embedded_digits(20, 64), seeds=1, epochs=0)


def test_claims_name_figures_that_exist() -> None:
    for claim in (
        layer_speeds.layer_speeds_at_init,
        layer_speeds.layer_speeds_in_training,
        layer_speeds.layer_speeds_obey_the_norm_bound,
    ):
        assert set(claim.figures) <= set(layer_speeds.FIGURES)


def test_cli_writes_a_table_a_json_of_every_norm_and_pngs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require("sklearn", "matplotlib")
    argv = ["experiment", "layer-speeds", "--sizes", "64,30,30,10", "--seeds", "3"]
    argv += ["--epochs", "4", "--images", "80", "--out", str(tmp_path), "--no-progress"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "at init: mean ± sd" in out and "ordering ‖δ¹‖ < ‖δ²‖" in out
    doc = json.loads((tmp_path / "layer-speeds.json").read_text(encoding="utf-8"))
    assert np.array(doc["speeds"]).shape == (3, 5, 2)
    assert doc["images"] == 80 and doc["sizes"] == [64, 30, 30, 10]
    for name in ("layer-speeds.png", "layer-speeds-seed0.png", "layer-speeds-bound.png"):
        assert (tmp_path / name).read_bytes()[:8] == PNG_MAGIC
    assert "ratios above 1: 0 of 2,400" in out  # 2 hidden layers × 5 epochs × 80 × 3 seeds
    assert doc["bound"]["layers"][0]["violations"] == 0
    assert np.array(doc["bound"]["ratio_hist"]).sum() == 2 * 5 * 80 * 3


def test_cli_reports_the_book_numbers_for_a_book_architecture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require("sklearn")
    argv = ["experiment", "layer-speeds", "--sizes", "784,30,30,10", "--seeds", "2"]
    argv += ["--epochs", "0", "--out", str(tmp_path), "--no-progress", "--no-plots"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "0.07" in out and "0.31" in out and "one unseeded run" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--sizes", "784,30,x,10"], "--sizes must be comma-separated whole numbers"),
        (["--sizes", "784,10"], "at least one hidden"),
        (["--sizes", "784,30,30,5"], "must end in 10"),
        (["--sizes", "100,30,10"], "must start with 784"),
        (["--seeds", "0"], "--seeds must be ≥ 1"),
        (["--epochs", "-3"], "--epochs must be ≥ 0"),
        (["--images", "5000"], "--images: n must be an int in 1…1797"),
        (["--eta", "0"], "--eta must be a finite number > 0"),
        (["--data", "cifar"], "--data must be 'digits', 'mnist' or 'mnist PATH'"),
        (["--jobs", "0"], "--jobs must be ≥ 1"),
        (["--data", "digits", "x"], "--data digits takes no PATH"),
        (["--data", "mnist", "/no/such/folder"], "is not a folder"),
        (["--data", "mnist", "/tmp", "--sizes", "64,30,10"], "must start with 784"),
    ],
)
def test_cli_refuses_bad_arguments_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    if "--images" in extra:  # refused only once the data are loaded
        require("sklearn")
    argv = ["experiment", "layer-speeds", "--out", str(tmp_path / "o"), "--no-progress"]
    assert main([*argv, *extra]) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert not (tmp_path / "o").exists()


def test_cli_experiment_without_a_name_is_a_usage_error() -> None:
    assert main(["experiment"]) == 2


def test_cli_runs_on_mnist_idx_files_from_a_local_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import struct

    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=6, dtype=np.uint8)
    for name, arr in (("train-images-idx3-ubyte", images), ("train-labels-idx1-ubyte", labels)):
        header = bytes([0, 0, 0x08, arr.ndim]) + b"".join(struct.pack(">I", s) for s in arr.shape)
        (tmp_path / name).write_bytes(header + arr.tobytes())
    argv = ["experiment", "layer-speeds", "--data", "mnist", str(tmp_path), "--images", "5"]
    argv += ["--sizes", "784,30,30,10", "--seeds", "2", "--epochs", "1"]
    argv += ["--out", str(tmp_path / "out"), "--no-progress", "--no-plots"]
    assert main(argv) == 0
    doc = json.loads((tmp_path / "out" / "layer-speeds.json").read_text(encoding="utf-8"))
    assert doc["images"] == 5 and doc["data"].startswith("MNIST training set")
    assert "MNIST" in capsys.readouterr().out


def test_recorded_bound_ratios_match_an_independent_computation() -> None:
    """The run's ratio max/mean at epoch 0 recomputed from the BP equations of
    gradproof.backprop_check (a separate implementation), with spectral norms by SVD."""
    from gradproof.backprop_check import bp_deltas

    data = embedded_digits(60, 64)
    run = run_layer_speeds((64, 30, 30, 10), data, seeds=1, epochs=0)
    net = Network.initialise((64, 30, 30, 10), np.random.default_rng(0))
    deltas, _ = bp_deltas(net.weights, net.biases, data.images, data.targets, "cross_entropy")
    norms = [np.linalg.norm(d, axis=1) for d in deltas]
    spec = [np.linalg.svd(w, compute_uv=False)[0] for w in net.weights]
    assert run.ratio_max is not None and run.ratio_mean is not None
    for layer in range(2):
        ratio = norms[layer] / (spec[layer + 1] / 4 * norms[layer + 1])
        assert run.ratio_max[0, 0, layer] == pytest.approx(ratio.max(), rel=1e-10)
        assert run.ratio_mean[0, 0, layer] == pytest.approx(ratio.mean(), rel=1e-10)
        assert ratio.max() <= 1


def test_a_ratio_above_one_is_counted_and_fails_the_bound_check() -> None:
    from gradproof.numerics.network import RATIO_BINS, BoundRecord

    rec = BoundRecord.empty(0, 1)
    weights = [np.eye(2), 4 * np.eye(2)]  # ‖w²‖₂/4 = 1
    rec.record(0, weights, [np.array([2.0, 0.5]), np.array([1.0, 1.0])])  # ratios 2 and 0.5
    assert rec.hist[0, RATIO_BINS] == 1 and rec.hist[0, RATIO_BINS // 2] == 1
    assert rec.ratio_max[0, 0] == 2.0
    data = embedded_digits(40, 64)
    run = run_layer_speeds((64, 30, 10), data, seeds=1, epochs=0)
    assert layer_speeds._bound_parts(run)[0]
    assert run.ratio_hist is not None and run.ratio_max is not None
    run.ratio_hist[0, 0, RATIO_BINS] += 1
    run.ratio_max[0, 0, 0] = 1.5
    assert not layer_speeds._bound_parts(run)[0]


def test_seeds_in_parallel_processes_give_the_sequential_numbers_bit_for_bit() -> None:
    data = embedded_digits(120, 64)
    counts: dict[int, int] = {1: 0, 2: 0}

    def counter(jobs: int) -> Callable[[int], None]:
        def tick(n: int) -> None:
            counts[jobs] += n

        return tick

    kwargs = {"seeds": 5, "epochs": 7, "first_seed": 3}
    one = run_layer_speeds((64, 30, 30, 10), data, jobs=1, progress=counter(1), **kwargs)
    two = run_layer_speeds((64, 30, 30, 10), data, jobs=2, progress=counter(2), **kwargs)
    assert one.seeds == two.seeds == (3, 4, 5, 6, 7)
    assert np.array_equal(one.speeds, two.speeds)  # the same bits, seed by seed
    assert one.ratio_max is not None and two.ratio_max is not None
    assert np.array_equal(one.ratio_max, two.ratio_max)  # the bound record crosses processes
    assert counts == {1: 5 * 7, 2: 5 * 7}  # the progress bar reaches exactly seeds × epochs
    # and each seed is the seed's own run (not a shuffled order)
    alone = run_layer_speeds((64, 30, 30, 10), data, seeds=1, epochs=7, first_seed=6)
    assert np.array_equal(two.speeds[3], alone.speeds[0])


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_jobs_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="jobs must be an int ≥ 1"):
        run_layer_speeds(
            (64, 30, 10),
            embedded_digits(20, 64),
            seeds=1,
            epochs=1,
            jobs=bad,  # type: ignore[arg-type]
        )
