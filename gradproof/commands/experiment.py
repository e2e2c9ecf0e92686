"""``gradproof experiment layer-speeds``: the per-layer learning speeds of Nielsen ch. 5.

Trains R independently seeded sigmoid networks by full-batch gradient descent and records
‖δˡ‖ (the norm of hidden layer l's batch-averaged bias gradient) before every update
(:mod:`gradproof.numerics.layer_speeds`). Writes to ``--out``:

* ``layer-speeds.json``: the settings, per-layer statistics, the ordering fractions and every
  norm (``speeds[seed][epoch][layer]``);
* ``layer-speeds.png``: ‖δˡ‖ against epoch, log scale (geometric mean over seeds, min–max band);
* ``layer-speeds-seed<S>.png``: the first seed's run alone, like the book's single-run figures;
* ``layer-speeds-bound.png``: measured ‖δˡ‖ next to the proved norm bound's prediction;
* ``layer-speed-ratios.png``: the ratios ‖δˡ⁺¹‖/‖δˡ‖ at initialisation, predicted by the
  mean-field law (1/√χˡ, :mod:`gradproof.numerics.mean_field`) beside the measured ones; the
  JSON's ``mean_field`` holds the same numbers (``q``, ``chi``, ``predicted_ratio``,
  ``measured_ratio`` and ``measured_ratio_per_example_rms``, one per pair of hidden layers).

The table includes, per hidden layer, the distribution of the per-example ratio
‖δˡ_x‖/((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖), which the claim ``delta_norm_bound`` proves ≤ 1: a ratio above 1
is a bug (reported on stderr, exit code 4).

and prints a table to stdout; a progress bar (tqdm, the ``experiment`` extra) goes to stderr.
The seeds are trained in parallel, one process per core (``--jobs``), each seed whole in one
process with BLAS at one thread, so the numbers do not depend on ``--jobs``.
Exit codes: 0 done, 2 bad arguments (``--out`` is checked writable before any work; ``--eta`` and
``--lmbda`` must be finite), data that cannot be loaded or a run that diverges; 130 after Ctrl-C.
Output files are written atomically: an interrupted run leaves the previous file or the new one.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any, TextIO

from gradproof.commands import progress_bar
from gradproof.safety import (
    OutputPathError,
    atomic_write_text,
    clip,
    ensure_writable_dir,
    to_json_text,
)

PROG = "gradproof experiment layer-speeds"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "experiment",
        help="run a measured experiment (layer-speeds, phase-diagram)",
        description="Run one of the measured experiments of the source texts.",
    )
    exp = p.add_subparsers(dest="experiment", metavar="EXPERIMENT")
    ls = exp.add_parser(
        "layer-speeds",
        help="per-layer learning speeds ‖δˡ‖ at initialisation and during training",
        description=(
            "Train R seeded sigmoid networks by batch gradient descent (Nielsen ch. 5: "
            "η = 0.1, λ = 5.0, 1,000 images, 500 epochs) and record ‖δˡ‖ for every hidden layer "
            "before every update. Prints a table; writes JSON and PNGs into --out."
        ),
    )
    ls.add_argument(
        "--sizes",
        default="784,30,30,30,10",
        help="layer widths, comma-separated (default 784,30,30,30,10; first = 784 or 64 "
        "for the embedded digits, 784 for MNIST; last = 10)",
    )
    ls.add_argument(
        "--data",
        nargs="+",
        default=["digits"],
        metavar="SOURCE",
        help="'digits' (embedded scikit-learn 8×8 digits, offline; default), 'mnist' "
        "(cached in --cache-dir, downloaded once) or 'mnist PATH' (a folder with the IDX files)",
    )
    ls.add_argument("--seeds", type=int, default=20, help="number of seeds R (default 20)")
    ls.add_argument("--first-seed", type=int, default=0, help="first seed (default 0)")
    ls.add_argument("--epochs", type=int, default=500, help="gradient-descent updates (500)")
    ls.add_argument("--images", type=int, default=1000, help="training images, one batch (1000)")
    ls.add_argument("--eta", type=float, default=0.1, help="learning rate η (0.1)")
    ls.add_argument("--lmbda", type=float, default=5.0, help="L2 parameter λ (5.0)")
    ls.add_argument(
        "--out",
        type=Path,
        default=Path("layer-speeds"),
        help="output folder (default ./layer-speeds)",
    )
    ls.add_argument("--cache-dir", type=Path, default=None, help="MNIST cache folder")
    ls.add_argument("--no-plots", action="store_true", help="skip the PNGs")
    ls.add_argument("--no-progress", action="store_true", help="no progress bar")
    ls.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="processes training seeds in parallel (default: one per core; 1 = one after "
        "another; the results are the same either way)",
    )
    ls.add_argument(
        "--scheduler",
        default=None,
        metavar="local|tcp://HOST:PORT",
        help="train the seeds on Dask: 'local' starts a LocalCluster of --jobs workers, "
        "tcp://HOST:PORT uses an existing cluster (pip install 'gradproof[cluster]'); "
        "default: a local process pool",
    )
    ls.set_defaults(func=run_layer_speeds_command)
    from gradproof.commands import _phase_diagram

    _phase_diagram.register(exp)
    p.set_defaults(func=lambda args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


class UsageError(ValueError):
    """A bad command-line value; the message names the option."""


def parse_sizes(text: str) -> tuple[int, ...]:
    """'784,30,30,10' → (784, 30, 30, 10), or a UsageError naming --sizes."""
    parts = [p.strip() for p in text.split(",")]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise UsageError(
            "--sizes must be comma-separated whole numbers like 784,30,30,10,"
            f" got {clip(repr(text))}"
        ) from None
    if len(sizes) < 3:
        raise UsageError(
            "--sizes needs an input, at least one hidden and an output layer,"
            f" got {clip(repr(text))}"
        )
    if any(s < 1 for s in sizes):
        raise UsageError(f"--sizes: every width must be ≥ 1, got {clip(repr(text))}")
    if sizes[-1] != 10:
        raise UsageError(f"--sizes must end in 10 (one output per digit), got {clip(repr(text))}")
    return sizes


def _validate(args: argparse.Namespace) -> tuple[tuple[int, ...], str, Path | None]:
    sizes = parse_sizes(args.sizes)
    source = args.data[0]
    if source not in ("digits", "mnist"):
        raise UsageError(
            f"--data must be 'digits', 'mnist' or 'mnist PATH', got {clip(repr(args.data[0]))}"
        )
    if len(args.data) > (2 if source == "mnist" else 1):
        raise UsageError(
            f"--data {source} takes {'at most one PATH' if source == 'mnist' else 'no PATH'}, "
            f"got {clip(repr(' '.join(args.data)))}"
        )
    path = Path(args.data[1]) if len(args.data) == 2 else None
    if source == "digits" and sizes[0] not in (784, 64):
        raise UsageError(
            f"--sizes must start with 784 (digits upscaled to 28×28) or 64 (raw 8×8) for "
            f"--data digits, got {sizes[0]}"
        )
    if source == "mnist" and sizes[0] != 784:
        raise UsageError(f"--sizes must start with 784 for --data mnist, got {sizes[0]}")
    if args.seeds < 1:
        raise UsageError(f"--seeds must be ≥ 1, got {args.seeds}")
    if args.first_seed < 0:
        raise UsageError(f"--first-seed must be ≥ 0, got {args.first_seed}")
    if args.epochs < 0:
        raise UsageError(f"--epochs must be ≥ 0, got {args.epochs}")
    if args.images < 1:
        raise UsageError(f"--images must be ≥ 1, got {args.images}")
    if not (math.isfinite(args.eta) and args.eta > 0):  # refuses nan, inf, 0 and below
        raise UsageError(f"--eta must be a finite number > 0, got {args.eta}")
    if not (math.isfinite(args.lmbda) and args.lmbda >= 0):
        raise UsageError(f"--lmbda must be a finite number ≥ 0 (0: no L2 decay), got {args.lmbda}")
    if args.eta * args.lmbda / args.images > 2:
        raise UsageError(
            f"--eta {args.eta:g} × --lmbda {args.lmbda:g} / --images {args.images} > 2: the weight"
            " decay factor 1 − ηλ/n would be below −1 and the weights would grow without bound"
        )
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be ≥ 1, got {args.jobs}")
    _refuse_beyond_ceilings(args, sizes)
    from gradproof.numerics.executor import check_scheduler

    try:
        check_scheduler(args.scheduler)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:  # before any work: an unwritable --out costs nothing
        ensure_writable_dir(args.out, "--out")
    except OutputPathError as exc:
        raise UsageError(str(exc)) from None
    return sizes, source, path


def _refuse_beyond_ceilings(args: argparse.Namespace, sizes: tuple[int, ...]) -> None:
    """Estimate the run's memory and work from the options alone and refuse, with the figure
    and the ceiling, what this machine cannot do (gradproof.limits) — before any allocation."""
    from gradproof.limits import MAX_OPERATIONS, memory_ceiling, training_estimate
    from gradproof.runner import default_jobs

    jobs = default_jobs() if args.jobs is None else args.jobs
    estimate = training_estimate(sizes, args.images, args.seeds, args.epochs, jobs)
    what = (
        f"--sizes {clip(args.sizes)} with --images {args.images}, --seeds {args.seeds}"
        f" and --epochs {args.epochs}"
    )
    refusal = estimate.refusal(clip(what), memory_ceiling(), MAX_OPERATIONS)
    if refusal is not None:
        raise UsageError(refusal)


def format_table(run: Any) -> str:
    """The per-layer table printed to stdout."""
    rows = run.layer_summary()
    book = run.book_at_init
    lines = [
        f"sizes {list(run.sizes)}; data: {run.data}; {len(run.seeds)} seeds "
        f"({run.seeds[0]}…{run.seeds[-1]}); {run.epochs} epochs of batch gradient descent, "
        f"η = {run.eta}, λ = {run.lmbda}",
        "",
        f"{'layer':>5}  {'book (init)':>11}  {'at init: mean ± sd':>20}  {'[min, max]':>20}  "
        f"{'lowest (mean)':>13}  {'final: mean ± sd':>20}",
    ]
    for i, r in enumerate(rows):
        b = f"{book[i]:.3g}" if book is not None else "—"
        lines.append(
            f"{i + 1:>5}  {b:>11}  {r['init_mean']:>10.4g} ± {r['init_sd']:<7.2g}  "
            f"{'[' + format(r['init_min'], '.3g') + ', ' + format(r['init_max'], '.3g') + ']':>20}"
            f"  {r['lowest_mean']:>13.3g}  {r['final_mean']:>10.3g} ± {r['final_sd']:<7.2g}"
        )
    n = len(run.seeds)
    at_init = int(run.ordered_at_init.sum())
    throughout = int(run.ordered_throughout.sum())
    from gradproof.numerics.layer_speeds import is_ordered

    pairs = float(is_ordered(run.speeds).mean())
    lines += [
        "",
        f"ordering ‖δ¹‖ < ‖δ²‖ < …: at initialisation in {at_init}/{n} seeds "
        f"({at_init / n:.0%}); at every one of the {run.epochs + 1} recorded epochs in "
        f"{throughout}/{n} seeds ({throughout / n:.0%}); in {pairs:.1%} of all (seed, epoch) pairs",
    ]
    if book is not None:
        lines.append(
            "book: one unseeded run on 1,000 MNIST images — compare the ordering and the "
            "magnitudes, not the digits"
        )
    lines += format_bound_table(run)
    lines += format_mean_field_table(run)
    return "\n".join(lines)


def format_mean_field_table(run: Any) -> list[str]:
    """The mean-field section: predicted 1/√χˡ beside the measured ratios, both norms."""
    mf = run.mean_field_summary()
    if not mf:
        return []
    lines = [
        "",
        "mean-field law (Poole et al. 2016; Schoenholz et al. 2017), σ_w = σ_b = 1: "
        "‖δˡ⁺¹‖/‖δˡ‖ ≈ 1/√χˡ at initialisation,",
        f"  χˡ = E[σ′(√qˡ z)²], qˡ⁺¹ = E[σ(√qˡ z)²] + 1 from q¹ = E‖x‖²/n₀ + 1 = {mf['q'][0]:.4f};",
        "  the theory speaks of the per-example RMS √(mean_x ‖δˡ_x‖²), the book measures "
        "‖mean_x δˡ_x‖ (both measured; geometric means over seeds)",
        f"{'layers':>7}  {'qˡ':>7}  {'χˡ':>7}  {'predicted':>9}  {'measured (book)':>15}  "
        f"{'measured (RMS)':>14}",
    ]
    rms = mf.get("measured_ratio_per_example_rms", [float("nan")] * len(mf["q"]))
    for k, (q, c, p, m, r) in enumerate(
        zip(mf["q"], mf["chi"], mf["predicted_ratio"], mf["measured_ratio"], rms, strict=True)
    ):
        lines.append(
            f"{f'{k + 1}→{k + 2}':>7}  {q:>7.4f}  {c:>7.4f}  {p:>9.3f}  {m:>15.3f}  {r:>14.3f}"
        )
    return lines


def format_bound_table(run: Any) -> list[str]:
    """The norm-bound section: the per-example ratio's distribution and measured vs bound."""
    rows = run.bound_summary()
    if not rows:
        return []
    total = int(sum(r["violations"] for r in rows))
    lines = [
        "",
        "norm bound (claim delta_norm_bound, proved for any weights): per training example x,",
        "  ratio = ‖δˡ_x‖ / ((‖wˡ⁺¹‖₂/4)·‖δˡ⁺¹_x‖) ≤ 1, over every seed and recorded epoch;",
        "  bound = ∏_(k>l)(‖wᵏ‖₂/4)·mean_x‖δᴸ_x‖ ≥ mean_x‖δˡ_x‖ ≥ measured ‖δˡ‖ = ‖mean_x δˡ_x‖",
        "  (geometric means over seeds, at initialisation and after the last epoch)",
        f"{'layer':>5}  {'ratio max':>9}  {'mean':>6}  {'median':>7}  {'95 %':>6}  {'> 1':>4}  "
        f"{'init: ‖δˡ‖':>10}  {'mean‖δˡ_x‖':>10}  {'bound':>8}  "
        f"{'final: ‖δˡ‖':>11}  {'mean‖δˡ_x‖':>10}  {'bound':>8}",
    ]
    for r in rows:
        lines.append(
            f"{int(r['layer']):>5}  {r['ratio_max']:>9.4f}  {r['ratio_mean']:>6.3f}  "
            f"{'≤ ' + format(r['ratio_median_bin'], '.2f'):>7}  "
            f"{'≤ ' + format(r['ratio_q95_bin'], '.2f'):>6}  {int(r['violations']):>4}  "
            f"{r['measured_init']:>10.3g}  {r['per_example_init']:>10.3g}  "
            f"{r['predicted_init']:>8.3g}  {r['measured_final']:>11.3g}  "
            f"{r['per_example_final']:>10.3g}  {r['predicted_final']:>8.3g}"
        )
    pairs = int(sum(r["pairs"] for r in rows))
    lines.append(
        f"ratios above 1: {total} of {pairs:,}"
        + ("" if total == 0 else "  — A VIOLATION OF A PROVED BOUND: a bug, please report it")
        + " (median and 95 % are upper edges of 0.05-wide bins)"
    )
    return lines


def run_layer_speeds_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from gradproof.numerics.digits_data import DataUnavailableError, embedded_digits, load_mnist
    from gradproof.numerics.layer_speeds import (
        plot_bound_run,
        plot_ratio_run,
        plot_run,
        run_layer_speeds,
    )
    from gradproof.runner import default_jobs

    out = out or sys.stdout
    try:
        sizes, source, path = _validate(args)
    except UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    try:
        if source == "digits":
            data = embedded_digits(args.images, sizes[0])
        else:
            data = load_mnist(path, args.images, cache_dir=args.cache_dir)
    except DataUnavailableError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # too many images asked for, or a malformed IDX file
        print(f"{PROG}: --data {clip(' '.join(args.data))} / --images: {exc}", file=sys.stderr)
        return 2
    from gradproof.numerics.executor import SchedulerUnavailableError, WorkersLostError
    from gradproof.numerics.network import TrainingDivergedError

    bar = progress_bar(
        args.seeds * args.epochs, args.no_progress, prog=PROG, unit="epoch", desc="layer-speeds"
    )
    try:
        run = run_layer_speeds(
            sizes,
            data,
            seeds=args.seeds,
            epochs=args.epochs,
            eta=args.eta,
            lmbda=args.lmbda,
            first_seed=args.first_seed,
            progress=None if bar is None else bar.update,
            jobs=default_jobs() if args.jobs is None else args.jobs,
            scheduler=args.scheduler,
        )
    except TrainingDivergedError as exc:
        print(f"{PROG}: --eta/--lmbda: {exc}", file=sys.stderr)
        return 2
    except SchedulerUnavailableError as exc:
        print(f"{PROG}: --scheduler: {exc}", file=sys.stderr)
        return 2
    except WorkersLostError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 3
    finally:
        if bar is not None:
            bar.close()
    print(format_table(run), file=out)
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / "layer-speeds.json"
    # strict JSON (non-finite values as null, with a note), written atomically
    atomic_write_text(json_path, to_json_text(run.as_json(), indent=1) + "\n")
    written = [json_path]
    if not args.no_plots:
        try:
            from dataclasses import replace as _replace

            written.append(plot_run(run, args.out, "layer-speeds"))
            written.append(plot_bound_run(run, args.out, "layer-speeds-bound"))
            if run.mean_field_summary():
                written.append(plot_ratio_run(run, args.out, "layer-speed-ratios"))
            first = _replace(run, seeds=run.seeds[:1], speeds=run.speeds[:1])
            written.append(plot_run(first, args.out, f"layer-speeds-seed{run.seeds[0]}"))
        except RuntimeError as exc:  # matplotlib missing
            print(f"{PROG}: no plots: {exc}", file=sys.stderr)
    for p in written:
        print(f"wrote {p}", file=out)
    violations = sum(r["violations"] for r in run.bound_summary())
    if violations:
        print(f"{PROG}: {int(violations)} bound ratios above 1 (a bug)", file=sys.stderr)
        return 4
    return 0
