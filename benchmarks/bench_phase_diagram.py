"""Benchmark: the phase-diagram sweep on the local process pool and on Dask.

Times, in one run on this machine (interleaved repeats, medians):

1. a sweep of :data:`CELLS` tanh cells (depth :data:`DEPTH`, width :data:`WIDTH`, :data:`SEEDS`
   seeds × :data:`IMAGES` random inputs each) on the local pool with 1 and with 2 workers: the
   throughput in cells per second and the 2-worker speed-up (ideal: 2 on two free cores);
2. the same sweep on a Dask LocalCluster of 2 workers against the 2-worker pool, the cluster's
   start-up included (what ``--scheduler local`` costs) and excluded (a running cluster, what
   ``--scheduler tcp://…`` costs). Target (issue "mean-field law"): Dask ≤ 1.3× the pool.

Also the cost of one cell as a function of D, W, R and n (:func:`cell_costs`), the numbers the
docs' "Scale on paper" extrapolates from. Prints ratios and a met / NOT met verdict; asserts
nothing about time (the machine may be shared).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import machine_line, verdict

from gradproof.numerics import executor
from gradproof.numerics import phase_diagram as pdm

CELLS, DEPTH, WIDTH, SEEDS, IMAGES = 50, 20, 300, 2, 50
REPEATS = 2
TARGET = 1.3


def sweep() -> list[pdm.Cell]:
    sigma_ws = tuple(0.5 + 0.25 * k for k in range(10))
    sigma_bs = (0.0, 0.25, 0.5, 0.75, 1.0)
    return pdm.cells(
        "tanh", sigma_ws, sigma_bs, depth=DEPTH, width=WIDTH, images=IMAGES, seeds=SEEDS
    )


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def cell_costs() -> None:
    """Seconds per cell for a few (D, W, R, n), and the fit time per layer = a·n·W² + b·W² at
    W = 1,000 (a: the two matrix products, b: drawing the W² weights and the elementwise work),
    then the extrapolation to a 1,000-cell, width-1,000, depth-100 diagram (R = 3, n = 50)."""
    print("one cell, one process (seconds; flops ≈ 4·R·D·n·W²):")
    per_layer: dict[tuple[int, int], float] = {}
    for depth, width, seeds, images in (
        (20, 100, 1, 50),
        (40, 100, 1, 50),
        (20, 200, 1, 50),
        (20, 200, 1, 200),
        (20, 400, 1, 50),
        (10, 1000, 1, 50),
        (10, 1000, 1, 200),
    ):
        cell = pdm.Cell("tanh", 1.0, 0.5, depth, width, images, seeds)
        best = min(
            timed(lambda c=cell: pdm.measure_cell(c)) for _ in range(3 if width < 800 else 2)
        )
        flops = 4 * seeds * depth * images * width**2
        per_layer[(width, images)] = best / (seeds * depth)
        print(
            f"  D = {depth:4d}, W = {width:5d}, R = {seeds}, n = {images:4d}: {best:7.4f} s "
            f"({flops / best / 1e9:5.2f} GFLOP/s, {best / (seeds * depth) * 1e3:7.3f} ms per layer)"
        )
    t50, t200 = per_layer[(1000, 50)], per_layer[(1000, 200)]
    a = (t200 - t50) / (150 * 1000**2)
    b = (t50 - a * 50 * 1000**2) / 1000**2
    cell = 3 * 100 * (a * 50 * 1000**2 + b * 1000**2)
    print(
        f"fit at W = 1000: time per layer ≈ a·n·W² + b·W² with a = {a:.3g} s, b = {b:.3g} s; "
        f"one cell of D = 100, W = 1000, R = 3, n = 50 ≈ {cell:.1f} s; a 1,000-cell diagram ≈ "
        f"{1000 * cell / 3600:.2f} h on 1 worker, "
        + ", ".join(f"{1000 * cell / n / 60:.1f} min on {n}" for n in (2, 8, 32, 128))
        + " (ideal scaling; the cells are independent)"
    )


def main() -> int:
    print(machine_line())
    tasks = sweep()
    one, two, dask_cold, dask_warm = [], [], [], []
    import distributed

    for _ in range(REPEATS):
        one.append(timed(lambda: executor.run_tasks(pdm.measure_cell, tasks, jobs=1)))
        two.append(timed(lambda: executor.run_tasks(pdm.measure_cell, tasks, jobs=2)))
        dask_cold.append(
            timed(lambda: executor.run_tasks(pdm.measure_cell, tasks, jobs=2, scheduler="local"))
        )
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=50
        ) as cluster:
            address = cluster.scheduler_address
            executor.run_tasks(pdm.measure_cell, tasks[:2], jobs=2, scheduler=address)  # warm
            dask_warm.append(
                timed(
                    lambda a=address: executor.run_tasks(
                        pdm.measure_cell, tasks, jobs=2, scheduler=a
                    )
                )
            )
    t1, t2 = statistics.median(one), statistics.median(two)
    cold, warm = statistics.median(dask_cold), statistics.median(dask_warm)
    print(
        f"sweep: {len(tasks)} tanh cells, D = {DEPTH}, W = {WIDTH}, R = {SEEDS}, n = {IMAGES}; "
        f"medians of {REPEATS}"
    )
    print(f"  pool, 1 worker : {t1:6.2f} s  ({len(tasks) / t1:5.2f} cells/s)")
    print(
        f"  pool, 2 workers: {t2:6.2f} s  ({len(tasks) / t2:5.2f} cells/s); speed-up {t1 / t2:.2f}×"
    )
    print(
        f"  Dask LocalCluster, 2 workers, start-up included: {cold:6.2f} s = {cold / t2:.2f}× pool"
    )
    print(
        f"  Dask, running 2-worker cluster (tcp://):          {warm:6.2f} s = {warm / t2:.2f}× pool"
    )
    print(
        f"Dask overhead ≤ {TARGET}× the pool on a {len(tasks)}-cell sweep: running cluster "
        f"{verdict(warm / t2 <= TARGET)}; with start-up {verdict(cold / t2 <= TARGET)}"
    )
    cell_costs()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
