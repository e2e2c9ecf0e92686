"""``gradproof experiment phase-diagram``: where gradients vanish or explode, measured, predicted.

For every (σ_w, σ_b) of a grid, R random networks of D layers of width W with the chosen
activation: log10 ‖δ¹‖/‖δᴰ‖ at initialisation on random inputs, beside the mean-field
prediction (:mod:`gradproof.numerics.phase_diagram`). Writes to ``--out``:

* ``phase-diagram.json``: the settings, ``cells`` (one record per (σ_w, σ_b): measured, per
  seed, predicted, q*, χ(q*)) and ``rows`` (per σ_b: measured and predicted critical σ_w);
* ``phase-diagram-<activation>.png``: heat maps of measured and predicted values with the
  critical line χ(q*) = 1.

The cells run on :func:`gradproof.numerics.executor.run_tasks`: the local process pool
(``--jobs``), ``--scheduler local`` (a Dask LocalCluster of ``--jobs`` workers) or
``--scheduler tcp://HOST:PORT`` (an existing Dask cluster). Seeds are fixed per cell, so the
``cells`` are identical whichever engine runs them. Registered under ``gradproof experiment``
by :mod:`gradproof.commands.experiment` (the leading underscore keeps the command line's
discovery from adding it at the top level).
Exit codes: 0 done, 2 bad arguments or an unavailable scheduler, 3 workers lost, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any, TextIO

from gradproof.commands import progress_bar
from gradproof.safety import OutputPathError, atomic_write_text, ensure_writable_dir, to_json_text

PROG = "gradproof experiment phase-diagram"

#: Default grids per activation: around each critical line.
DEFAULT_SIGMA_W = {"sigmoid": "1:15:15", "tanh": "0.25:3:12", "relu": "0.25:3:12"}
DEFAULT_SIGMA_B = "0:2:5"


def register(exp: Any) -> None:
    pd = exp.add_parser(
        "phase-diagram",
        help="log10 ‖δ¹‖/‖δᴰ‖ over a (σ_w, σ_b) grid, measured beside the mean-field law",
        description=(
            "For each (σ_w, σ_b) cell, measure log10 ‖δ¹‖/‖δᴰ‖ (per-example RMS) at "
            "initialisation in R random networks of D layers of width W on random inputs, beside "
            "the mean-field prediction Σ log10 √χˡ ≈ (D − 1)·log10 √χ(q*). Prints a table; writes "
            "phase-diagram.json and a heat map into --out."
        ),
    )
    pd.add_argument("--activation", choices=("sigmoid", "tanh", "relu"), default="tanh")
    pd.add_argument(
        "--sigma-w",
        default=None,
        metavar="A:B:N",
        help="σ_w grid: N values from A to B (default: sigmoid 1:15:15, tanh and relu 0.25:3:12)",
    )
    pd.add_argument(
        "--sigma-b", default=DEFAULT_SIGMA_B, metavar="A:B:N", help="σ_b grid (default 0:2:5)"
    )
    pd.add_argument("--depth", type=int, default=20, help="layers D (default 20)")
    pd.add_argument("--width", type=int, default=100, help="width W of every layer (100)")
    pd.add_argument("--seeds", type=int, default=3, help="random networks per cell R (3)")
    pd.add_argument("--images", type=int, default=50, help="random inputs per network (50)")
    pd.add_argument(
        "--out", type=Path, default=Path("phase-diagram"), help="output folder (./phase-diagram)"
    )
    pd.add_argument("--no-plots", action="store_true", help="skip the PNG")
    pd.add_argument("--no-progress", action="store_true", help="no progress bar")
    pd.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="worker processes (default: one per core; with --scheduler local, the Dask "
        "workers; the results are the same either way)",
    )
    pd.add_argument(
        "--scheduler",
        default=None,
        metavar="local|tcp://HOST:PORT",
        help="run the cells on Dask: 'local' starts a LocalCluster, tcp://HOST:PORT uses an "
        "existing cluster (needs pip install 'gradproof[cluster]'); default: a local process pool",
    )
    pd.set_defaults(func=run_phase_diagram_command)


def _validate(args: argparse.Namespace) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from gradproof.numerics.executor import check_scheduler
    from gradproof.numerics.phase_diagram import parse_grid

    sigma_ws = parse_grid(args.sigma_w or DEFAULT_SIGMA_W[args.activation], "--sigma-w")
    sigma_bs = parse_grid(args.sigma_b, "--sigma-b")
    if sigma_ws[0] <= 0:
        raise ValueError(f"--sigma-w values must be > 0, got {sigma_ws[0]:g}")
    if sigma_bs[0] < 0:
        raise ValueError(f"--sigma-b values must be ≥ 0, got {sigma_bs[0]:g}")
    for name, value, low in (("--depth", args.depth, 2), ("--width", args.width, 1)):
        if value < low:
            raise ValueError(f"{name} must be ≥ {low}, got {value}")
    for name, value in (("--seeds", args.seeds), ("--images", args.images)):
        if value < 1:
            raise ValueError(f"{name} must be ≥ 1, got {value}")
    if args.jobs is not None and args.jobs < 1:
        raise ValueError(f"--jobs must be ≥ 1, got {args.jobs}")
    check_scheduler(args.scheduler)
    try:
        ensure_writable_dir(args.out, "--out")
    except OutputPathError as exc:
        raise ValueError(str(exc)) from None
    return sigma_ws, sigma_bs


def _fmt(v: Any, spec: str = "+.2f") -> str:
    return "—" if v is None or (isinstance(v, float) and not math.isfinite(v)) else format(v, spec)


def format_table(report: dict[str, Any]) -> str:
    """The cells as a table, then the critical σ_w per σ_b row."""
    lines = [
        f"{report['activation']}: depth {report['depth']}, width {report['width']}, "
        f"{report['seeds']} seeds × {report['images']} random inputs per cell; "
        "log10 ‖δ¹‖/‖δᴰ‖ (per-example RMS) at initialisation",
        "",
        f"{'σ_w':>7}  {'σ_b':>6}  {'measured':>9}  {'predicted':>9}  {'(D−1)log√χ*':>11}  "
        f"{'χ(q*)':>7}",
    ]
    for c in report["cells"]:
        lines.append(
            f"{c['sigma_w']:>7.3f}  {c['sigma_b']:>6.3f}  {_fmt(c['measured']):>9}  "
            f"{_fmt(c['predicted']):>9}  {_fmt(c['predicted_fixed_point']):>11}  "
            f"{_fmt(c['chi_star'], '.4f'):>7}"
        )
    lines += ["", "critical σ_w (log10 ‖δ¹‖/‖δᴰ‖ = 0; χ(q*) = 1 for the mean-field line):"]
    for r in report["rows"]:
        lines.append(
            f"  σ_b = {r['sigma_b']:.3f}: measured {_fmt(r['measured_critical_sigma_w'], '.3f')}, "
            f"predicted at depth D {_fmt(r['predicted_critical_sigma_w'], '.3f')}, "
            f"χ(q*) = 1 at {_fmt(r['fixed_point_critical_sigma_w'], '.4f')}"
        )
    return "\n".join(lines)


def run_phase_diagram_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from gradproof.numerics import phase_diagram as pdm
    from gradproof.numerics.executor import (
        SchedulerUnavailableError,
        WorkersLostError,
        run_tasks,
    )
    from gradproof.runner import default_jobs

    out = out or sys.stdout
    try:
        sigma_ws, sigma_bs = _validate(args)
    except ValueError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    tasks = pdm.cells(
        args.activation,
        sigma_ws,
        sigma_bs,
        depth=args.depth,
        width=args.width,
        images=args.images,
        seeds=args.seeds,
    )
    bar = progress_bar(len(tasks), args.no_progress, prog=PROG, unit="cell", desc="phase-diagram")
    try:
        records = run_tasks(
            pdm.measure_cell,
            tasks,
            jobs=default_jobs() if args.jobs is None else args.jobs,
            scheduler=args.scheduler,
            progress=None if bar is None else bar.update,
        )
    except SchedulerUnavailableError as exc:
        print(f"{PROG}: --scheduler: {exc}", file=sys.stderr)
        return 2
    except WorkersLostError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 3
    finally:
        if bar is not None:
            bar.close()
    report = {
        "activation": args.activation,
        "depth": args.depth,
        "width": args.width,
        "seeds": args.seeds,
        "images": args.images,
        "quantity": "log10 ‖δ¹‖/‖δᴰ‖ at initialisation, ‖δˡ‖ = √(mean_x ‖δˡ_x‖²), mean over "
        "seeds; predicted = Σ_{l<D} log10 √χ(qˡ) from q¹ = σ_w² + σ_b²; predicted_fixed_point = "
        "(D − 1)·log10 √χ(q*) (Poole et al. 2016; Schoenholz et al. 2017)",
        "sigma_w": list(sigma_ws),
        "sigma_b": list(sigma_bs),
        "cells": records,
        "rows": pdm.summary(args.activation, records, sigma_ws, sigma_bs),
    }
    print(format_table(report), file=out)
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / "phase-diagram.json"
    atomic_write_text(json_path, to_json_text(report, indent=1) + "\n")
    written = [json_path]
    if not args.no_plots:
        try:
            written.append(pdm.plot_report(report, args.out))
        except RuntimeError as exc:  # matplotlib missing
            print(f"{PROG}: no plots: {exc}", file=sys.stderr)
    for p in written:
        print(f"wrote {p}", file=out)
    return 0
