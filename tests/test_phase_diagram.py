"""The phase diagram and its executor: cells identical on every engine, lost workers recomputed,
the command's output and refusals."""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from gradproof.numerics import executor
from gradproof.numerics import phase_diagram as pdm

SMALL = pdm.cells("tanh", (0.8, 1.6), (0.0, 0.5), depth=4, width=12, images=5, seeds=2)


def test_one_seed_matches_an_independent_loop() -> None:
    """measure_seed against the textbook loop: one example at a time, no renormalisation."""
    cell = pdm.Cell("tanh", 1.3, 0.4, 5, 7, 3, 1)
    rng = np.random.default_rng(np.random.SeedSequence(pdm.cell_entropy("tanh", 1.3, 0.4, 0)))
    x = rng.standard_normal((3, 7))
    ws, bs = [], []
    for _ in range(5):
        ws.append(rng.standard_normal((7, 7)) * 1.3 / math.sqrt(7))
        bs.append(rng.standard_normal(7) * 0.4)
    e = rng.standard_normal((3, 7))
    first, last = [], []
    for i in range(3):
        a, zs = x[i], []
        for w, b in zip(ws, bs, strict=True):
            zs.append(w @ a + b)
            a = np.tanh(zs[-1])
        d = (1 - np.tanh(zs[-1]) ** 2) * e[i]
        last.append(d @ d)
        for layer in range(3, -1, -1):
            d = (1 - np.tanh(zs[layer]) ** 2) * (ws[layer + 1].T @ d)
        first.append(d @ d)
    expected = 0.5 * math.log10(np.mean(first) / np.mean(last))
    assert pdm.measure_seed(cell, 0) == pytest.approx(expected, rel=1e-12)


def test_pool_gives_the_sequential_cells() -> None:
    one = executor.run_tasks(pdm.measure_cell, SMALL, jobs=1)
    two = executor.run_tasks(pdm.measure_cell, SMALL, jobs=2)
    assert json.dumps(one) == json.dumps(two)


def _die_once(path: str) -> int:
    """Kill the worker process the first time (a marker file says it happened), then answer."""
    marker = Path(path)
    if not marker.exists():
        marker.write_text("died")
        os._exit(1)
    return 7


def test_a_lost_pool_worker_is_recomputed(tmp_path: Path) -> None:
    ticks: list[int] = []
    tasks = [str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c")]
    out = executor.run_tasks(_die_once, tasks, jobs=2, progress=ticks.append)
    assert out == [7, 7, 7]
    assert sum(ticks) == 3


def _fail(k: int) -> int:
    if k == 1:
        raise ValueError("task 1 fails")
    return k


def test_a_task_error_propagates() -> None:
    with pytest.raises(ValueError, match="task 1 fails"):
        executor.run_tasks(_fail, [0, 1, 2], jobs=2)
    with pytest.raises(ValueError, match="activation"):
        pdm.Cell("softplus", 1, 0, 2, 2, 1, 1)


def test_scheduler_values() -> None:
    assert executor.check_scheduler(None) is None
    assert executor.check_scheduler("local") == "local"
    assert executor.check_scheduler("tcp://127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    with pytest.raises(ValueError, match="scheduler"):
        executor.check_scheduler("http://example")


@pytest.fixture(scope="module")
def dask_cluster() -> object:
    distributed = pytest.importorskip("distributed")
    import logging

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    yield cluster
    cluster.close()


@pytest.mark.slow
def test_dask_gives_the_pool_cells(dask_cluster: object) -> None:
    address = dask_cluster.scheduler_address  # type: ignore[attr-defined]
    pool = executor.run_tasks(pdm.measure_cell, SMALL, jobs=2)
    dask = executor.run_tasks(pdm.measure_cell, SMALL, jobs=2, scheduler=address)
    assert json.dumps(dask) == json.dumps(pool)


@pytest.mark.slow
def test_a_lost_dask_worker_is_recomputed(dask_cluster: object, tmp_path: Path) -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    address = dask_cluster.scheduler_address  # type: ignore[attr-defined]
    tasks = [str(tmp_path / "a"), str(tmp_path / "b")]
    assert executor.run_tasks(_die_once, tasks, jobs=2, scheduler=address) == [7, 7]


def _run(*argv: str) -> int:
    from gradproof.cli import main

    return main(["experiment", "phase-diagram", *argv])


def test_command_writes_the_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(
        "--activation", "relu", "--sigma-w", "1:2:3", "--sigma-b", "0:0.5:2", "--depth", "4",
        "--width", "10", "--seeds", "2", "--images", "4", "--jobs", "1", "--no-plots",
        "--no-progress", "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0
    report = json.loads((tmp_path / "phase-diagram.json").read_text())
    assert len(report["cells"]) == 6
    cell = report["cells"][0]
    assert {"sigma_w", "sigma_b", "measured", "predicted", "chi_star"} <= set(cell)
    assert cell["predicted"] == pytest.approx(3 * 0.5 * math.log10(0.5))  # χ = σ_w²/2 = 1/2
    assert report["rows"][0]["fixed_point_critical_sigma_w"] == pytest.approx(math.sqrt(2))
    assert "critical σ_w" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sigma-w", "3:1:4"], "--sigma-w"),
        (["--sigma-w", "0:1:4"], "> 0"),
        (["--sigma-b", "x"], "--sigma-b"),
        (["--depth", "1"], "--depth"),
        (["--scheduler", "udp://h:1"], "--scheduler"),
    ],
)
def test_command_refuses_bad_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _run(*args, "--out", str(tmp_path)) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_layer_speeds_on_dask_equal_the_pool(dask_cluster: object) -> None:
    from gradproof.numerics.digits_data import embedded_digits
    from gradproof.numerics.layer_speeds import run_layer_speeds

    data = embedded_digits(40, 64)
    address = dask_cluster.scheduler_address  # type: ignore[attr-defined]
    pool = run_layer_speeds((64, 8, 8, 10), data, seeds=2, epochs=2, jobs=2)
    dask = run_layer_speeds((64, 8, 8, 10), data, seeds=2, epochs=2, jobs=2, scheduler=address)
    assert json.dumps(dask.as_json()) == json.dumps(pool.as_json())


@pytest.mark.slow
def test_command_on_a_local_dask_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    common = ["--sigma-w", "1:2:2", "--sigma-b", "0", "--depth", "3", "--width", "6", "--seeds",
              "1", "--images", "3", "--no-plots", "--no-progress", "--jobs", "2"]  # fmt: skip
    assert _run(*common, "--scheduler", "local", "--out", str(tmp_path / "dask")) == 0
    assert _run(*common, "--out", str(tmp_path / "pool")) == 0
    cells = [
        json.loads((tmp_path / name / "phase-diagram.json").read_text())["cells"]
        for name in ("dask", "pool")
    ]
    assert cells[0] == cells[1]
