"""Per-layer learning speeds ‖δˡ‖ in sigmoid networks (CLAIMS.md, "Many-neuron networks").

Nielsen ch. 5 (and lecture notes §3.1, which follows it) measures how fast each hidden layer of a
[784, 30, …, 30, 10] sigmoid network learns by ‖δˡ‖, the length of the vector of bias gradients
δˡ_j = ∂C/∂bˡ_j averaged over the training images, and reports that it grows from the first
hidden layer to the last: 0.07, 0.31 (two hidden layers), 0.012, 0.060, 0.283 (three) and 0.003,
0.017, 0.070, 0.285 (four) just after initialisation, with the same ordering along batch gradient
descent on 1,000 MNIST images for 500 epochs (η = 0.1, λ = 5.0).

Those are numbers from one unseeded run, so they cannot be checked as equalities. What is checked
here is the statement behind them, as statistics over seeds: for R independently initialised
networks (:func:`run_layer_speeds`), the fraction of seeds for which ‖δ¹‖ < ‖δ²‖ < … < ‖δ^{L−1}‖
holds, and the mean and spread of each ‖δˡ‖. A claim passes when the ordering holds for at least
:data:`PASS_FRACTION` = 95 % of the seeds. The network is :mod:`gradproof.numerics.network`;
the data (:mod:`gradproof.numerics.digits_data`) are scikit-learn's bundled 8×8 digits, offline,
upscaled to 28×28 = 784 inputs for the book's architectures (or real MNIST from the command line,
``gradproof experiment layer-speeds --data mnist PATH``). ``gradproof verify`` runs quick settings
(:data:`QUICK_TRAINING`); the full 500-epoch run is the command-line experiment.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import gradproof.display  # noqa: F401  (attaches the display of the claims defined here)
from gradproof.claims import Claim, Empirical, Outcome, numeric, register
from gradproof.numerics import formulas
from gradproof.numerics.digits_data import DigitSet, embedded_digits
from gradproof.numerics.network import (
    RATIO_BINS,
    BoundRecord,
    Network,
    check_sizes,
    single_blas_thread,
    train_recording_speeds,
)

ORDER = 80

#: The book's initialisation in mean-field terms: weights N(0, σ_w²/n_in), biases N(0, σ_b²).
BOOK_SIGMA_W, BOOK_SIGMA_B = 1.0, 1.0

#: ‖δˡ‖ at initialisation for the hidden layers, as printed in Nielsen ch. 5 (one MNIST run).
BOOK_SPEEDS_AT_INIT: dict[tuple[int, ...], tuple[float, ...]] = {
    (784, 30, 30, 10): (0.07, 0.31),
    (784, 30, 30, 30, 10): (0.012, 0.060, 0.283),
    (784, 30, 30, 30, 30, 10): (0.003, 0.017, 0.070, 0.285),
}
BOOK_ARCHITECTURES: tuple[tuple[int, ...], ...] = tuple(BOOK_SPEEDS_AT_INIT)
#: The book's training set-up: learning rate, L2 parameter, images, epochs (Nielsen ch. 5).
BOOK_ETA, BOOK_LMBDA, BOOK_IMAGES, BOOK_EPOCHS = 0.1, 5.0, 1000, 500
#: A claim holds when the ordering holds in at least this fraction of the seeds.
PASS_FRACTION = 0.95
#: Default number of seeds (independent initialisations).
DEFAULT_SEEDS = 20
#: Our mean must lie within this factor of the book's single-run number (a magnitude check).
MAGNITUDE_FACTOR = 3.0


@dataclass(frozen=True)
class QuickSettings:
    """The reduced training run ``gradproof verify`` uses for ``layer_speeds_in_training``."""

    architectures: tuple[tuple[int, ...], ...]
    seeds: int
    epochs: int
    images: int


#: verify's training check: the book's three depths on the raw 8×8 digits (64 inputs, 12× fewer
#: multiply-adds in the first layer than 784), all 1,000 images as one batch, 20 seeds, 40 epochs
#: (through the steep drop of the speeds).
QUICK_TRAINING = QuickSettings(
    architectures=((64, 30, 30, 10), (64, 30, 30, 30, 10), (64, 30, 30, 30, 30, 10)),
    seeds=DEFAULT_SEEDS,
    epochs=40,
    images=BOOK_IMAGES,
)


def is_ordered(speeds: Any) -> npt.NDArray[np.bool_]:
    """True where ‖δ¹‖ < ‖δ²‖ < … strictly along the last axis (the hidden layers)."""
    s = np.asarray(speeds, dtype=np.float64)
    return np.all(np.diff(s, axis=-1) > 0, axis=-1)


@dataclass(frozen=True)
class SpeedRun:
    """‖δˡ‖ for R seeds along training: ``speeds[r, e, l]`` for seed r, epoch e, hidden layer l+1.

    Epoch 0 is the value at initialisation, epoch e the value after e updates (measured before
    update e + 1). See :func:`run_layer_speeds`.
    """

    sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    epochs: int
    eta: float
    lmbda: float
    images: int
    data: str
    speeds: npt.NDArray[np.float64] = field(repr=False)
    #: the norm bound measured along the run (see :class:`BoundRecord`), per seed: arrays of
    #: shape (R, epochs + 1, hidden) and, for ``ratio_hist``, (R, hidden, RATIO_BINS + 1)
    ratio_max: npt.NDArray[np.float64] | None = field(default=None, repr=False)
    ratio_mean: npt.NDArray[np.float64] | None = field(default=None, repr=False)
    predicted: npt.NDArray[np.float64] | None = field(default=None, repr=False)
    ratio_hist: npt.NDArray[np.int64] | None = field(default=None, repr=False)
    example_mean: npt.NDArray[np.float64] | None = field(default=None, repr=False)
    #: √(mean_x ‖δˡ_x‖²) per seed, epoch and hidden layer (the mean-field law's norm)
    example_rms: npt.NDArray[np.float64] | None = field(default=None, repr=False)
    #: E_x‖x‖²/n_0 of the training inputs: the data's first-layer second moment
    input_second_moment: float | None = None

    @property
    def at_init(self) -> npt.NDArray[np.float64]:
        """(R, hidden layers): ‖δˡ‖ at initialisation."""
        return self.speeds[:, 0, :]

    @property
    def ordered_at_init(self) -> npt.NDArray[np.bool_]:
        """(R,): does ‖δ¹‖ < ‖δ²‖ < … hold at initialisation, per seed."""
        return is_ordered(self.at_init)

    @property
    def ordered_throughout(self) -> npt.NDArray[np.bool_]:
        """(R,): does the ordering hold at every recorded epoch, per seed."""
        return np.all(is_ordered(self.speeds), axis=1)

    @property
    def book_at_init(self) -> tuple[float, ...] | None:
        """The book's numbers for this architecture (784 inputs) if it printed them, else None."""
        return BOOK_SPEEDS_AT_INIT.get(self.sizes)

    def layer_summary(self) -> list[dict[str, float]]:
        """Per hidden layer: mean, sd, min, max over seeds at init and at the end; mean of the
        smallest value along training; the fraction of (seed, epoch) pairs that are ordered."""
        rows = []
        final = self.speeds[:, -1, :]
        low = self.speeds.min(axis=1)
        for layer in range(self.speeds.shape[2]):
            init = self.at_init[:, layer]
            rows.append(
                {
                    "layer": float(layer + 1),
                    "init_mean": float(init.mean()),
                    "init_sd": float(init.std(ddof=1)) if init.size > 1 else 0.0,
                    "init_min": float(init.min()),
                    "init_max": float(init.max()),
                    "final_mean": float(final[:, layer].mean()),
                    "final_sd": float(final[:, layer].std(ddof=1)) if init.size > 1 else 0.0,
                    "lowest_mean": float(low[:, layer].mean()),
                }
            )
        return rows

    def bound_summary(self) -> list[dict[str, float]]:
        """Per hidden layer l: the distribution of ρˡ_x = ‖δˡ_x‖/((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖) over every
        seed, recorded epoch and example (max and mean exactly; median and 95 % as the upper
        edge of their histogram bin, width 1/RATIO_BINS), the number above 1 (violations of the
        theorem: must be 0), and the measured speed against the bound's prediction
        ∏_{k>l}(‖wᵏ‖₂/4)·mean_x‖δᴸ_x‖ at initialisation and at the end (geometric means)."""
        if self.ratio_max is None or self.ratio_hist is None or self.predicted is None:
            return []
        assert self.ratio_mean is not None
        rows = []
        for layer in range(self.speeds.shape[2]):
            hist = self.ratio_hist[:, layer].sum(axis=0)
            cum = np.cumsum(hist) / hist.sum()
            edges = np.arange(1, RATIO_BINS + 2) / RATIO_BINS

            def quantile(q: float, cum: Any = cum, edges: Any = edges) -> float:
                return float(edges[int(np.searchsorted(cum, q))])

            meas, pred = self.speeds[:, :, layer], self.predicted[:, :, layer]
            rows.append(
                {
                    "layer": float(layer + 1),
                    "ratio_max": float(self.ratio_max[:, :, layer].max()),
                    "ratio_mean": float(self.ratio_mean[:, :, layer].mean()),
                    "ratio_median_bin": quantile(0.5),
                    "ratio_q95_bin": quantile(0.95),
                    "violations": float(hist[RATIO_BINS]),
                    "pairs": float(hist.sum()),
                    "measured_init": float(np.exp(np.log(meas[:, 0]).mean())),
                    "per_example_init": _geo(self.example_mean, 0, layer),
                    "per_example_final": _geo(self.example_mean, -1, layer),
                    "predicted_init": float(np.exp(np.log(pred[:, 0]).mean())),
                    "measured_final": float(np.exp(np.log(meas[:, -1]).mean())),
                    "predicted_final": float(np.exp(np.log(pred[:, -1]).mean())),
                    "largest_measured_over_predicted": float((meas / pred).max()),
                    "largest_per_example_over_predicted": float(
                        (self.example_mean[:, :, layer] / pred).max()
                        if self.example_mean is not None
                        else float("nan")
                    ),
                }
            )
        return rows

    def as_json(self) -> dict[str, Any]:
        """Everything, every norm included (``speeds`` as nested lists [seed][epoch][layer])."""
        bound = {}
        if self.ratio_max is not None:
            assert self.ratio_mean is not None and self.predicted is not None
            assert self.ratio_hist is not None
            bound = {
                "bound": {
                    "statement": "‖δˡ_x‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖ for every example x (claim "
                    "delta_norm_bound); ratio = left/right",
                    "layers": self.bound_summary(),
                    "ratio_bins": RATIO_BINS,
                    "ratio_hist": self.ratio_hist.tolist(),
                    "ratio_max": self.ratio_max.tolist(),
                    "ratio_mean": self.ratio_mean.tolist(),
                    "predicted": self.predicted.tolist(),
                }
            }
        mean_field = self.mean_field_summary()
        return {**self._json_core(), **bound, **({"mean_field": mean_field} if mean_field else {})}

    def mean_field_summary(self) -> dict[str, Any]:
        """The mean-field prediction of the ratios ‖δˡ⁺¹‖/‖δˡ‖ at initialisation beside the
        measured ones, one entry per pair (l, l + 1) of consecutive hidden layers (empty with
        fewer than two hidden layers or without the input moment).

        ``q``/``chi``: qˡ and χˡ = E[σ′(√qˡ z)²] of the lower layer of the pair (σ_w = σ_b = 1,
        the book's initialisation), q¹ from the data's own second moment
        (:mod:`gradproof.numerics.mean_field`); ``predicted_ratio`` = 1/√χˡ;
        ``measured_ratio``: the ratio of the seeds' geometric-mean speeds ‖mean_x δˡ_x‖ (the
        book's norm); ``measured_ratio_per_example_rms``: the same for √(mean_x ‖δˡ_x‖²), the
        norm the theory speaks of.
        """
        hidden = len(self.sizes) - 2
        if hidden < 2 or self.input_second_moment is None:
            return {}
        from gradproof.numerics import mean_field

        q1 = BOOK_SIGMA_W**2 * self.input_second_moment + BOOK_SIGMA_B**2
        qs = mean_field.q_sequence("sigmoid", q1, hidden, BOOK_SIGMA_W, BOOK_SIGMA_B)
        chis = [mean_field.chi("sigmoid", float(q), BOOK_SIGMA_W) for q in qs]
        geo = np.exp(np.log(self.at_init).mean(axis=0))
        out: dict[str, Any] = {
            "theory": "E‖δˡ‖² = χˡ E‖δˡ⁺¹‖², χˡ = σ_w² E[σ′(√qˡ z)²], qˡ⁺¹ = σ_w² E[σ(√qˡ z)²] + "
            "σ_b² (Poole et al. 2016; Schoenholz et al. 2017); predicted ‖δˡ⁺¹‖/‖δˡ‖ = 1/√χˡ",
            "norms": "the theory speaks of the per-example RMS √(mean_x ‖δˡ_x‖²); the book "
            "measures ‖mean_x δˡ_x‖, the norm of the batch mean (measured_ratio)",
            "sigma_w": BOOK_SIGMA_W,
            "sigma_b": BOOK_SIGMA_B,
            "input_second_moment": self.input_second_moment,
            "q": [float(q) for q in qs[:-1]],
            "chi": chis[:-1],
            "predicted_ratio": [1.0 / math.sqrt(c) for c in chis[:-1]],
            "measured_ratio": [float(geo[k + 1] / geo[k]) for k in range(hidden - 1)],
        }
        if self.example_rms is not None:
            rms = np.exp(np.log(self.example_rms[:, 0, :]).mean(axis=0))
            out["measured_ratio_per_example_rms"] = [
                float(rms[k + 1] / rms[k]) for k in range(hidden - 1)
            ]
        return out

    def _json_core(self) -> dict[str, Any]:
        return {
            "sizes": list(self.sizes),
            "data": self.data,
            "images": self.images,
            "seeds": list(self.seeds),
            "epochs": self.epochs,
            "eta": self.eta,
            "lmbda": self.lmbda,
            "book_at_init": None if self.book_at_init is None else list(self.book_at_init),
            "fraction_ordered_at_init": float(self.ordered_at_init.mean()),
            "fraction_ordered_throughout": float(self.ordered_throughout.mean()),
            "fraction_epochs_ordered": float(is_ordered(self.speeds).mean()),
            "layers": self.layer_summary(),
            "speeds": self.speeds.tolist(),
        }


def run_layer_speeds(
    sizes: Sequence[int],
    data: DigitSet,
    *,
    seeds: int = DEFAULT_SEEDS,
    epochs: int = BOOK_EPOCHS,
    eta: float = BOOK_ETA,
    lmbda: float = BOOK_LMBDA,
    first_seed: int = 0,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> SpeedRun:
    """Train ``seeds`` networks (seeds first_seed, first_seed + 1, …) on all of ``data`` as one
    batch for ``epochs`` updates, recording ‖δˡ‖ before each update
    (:func:`gradproof.numerics.network.train_recording_speeds`).

    ``progress(k)`` is called with the number of epochs just completed (for a progress bar).
    With ``jobs`` > 1 the seeds are spread over that many forked worker processes (each seed is
    trained whole by one worker, BLAS at one thread per process), so the result is the same,
    bit for bit, as the sequential run (``jobs=1``); progress is reported as the workers go.
    With ``scheduler`` ("local" or "tcp://HOST:PORT") the seeds run on Dask instead
    (:func:`gradproof.numerics.executor.run_tasks`; progress then counts whole seeds), with the
    same results. Raises ValueError when the sizes do not fit the data or have no hidden layer,
    or for a bad ``jobs``.
    """
    sizes = check_sizes(sizes)
    if len(sizes) < 3:
        raise ValueError(f"sizes needs at least one hidden layer, got {list(sizes)}")
    if sizes[0] != data.input_size:
        raise ValueError(
            f"sizes[0] = {sizes[0]} does not match the data's {data.input_size} inputs "
            f"({data.source})"
        )
    if sizes[-1] != 10:
        raise ValueError(f"sizes[-1] must be 10 (one output per digit), got {sizes[-1]}")
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise ValueError(f"seeds must be an int ≥ 1, got {seeds!r}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an int ≥ 1, got {jobs!r}")
    x, y = data.images, data.targets
    seed_list = list(range(first_seed, first_seed + seeds))
    if scheduler is not None:
        from gradproof.numerics.executor import run_tasks

        tick = None if progress is None else (lambda n: progress(n * max(epochs, 1)))
        results = run_tasks(
            _seed_task,
            [(sizes, x, y, k, epochs, eta, lmbda) for k in seed_list],
            jobs=jobs,
            scheduler=scheduler,
            progress=tick,
        )
    elif jobs > 1 and seeds > 1 and _can_fork():
        results = _train_seeds_in_processes(
            sizes, x, y, seed_list, epochs, eta, lmbda, min(jobs, seeds), progress
        )
    else:
        step: Callable[[int], None] | None = None
        if progress is not None:
            step = lambda _epoch: progress(1)  # noqa: E731
        results = [_train_seed(sizes, x, y, k, epochs, eta, lmbda, step) for k in seed_list]
    runs = [speeds for speeds, _ in results]
    records = [rec for _, rec in results]
    return SpeedRun(
        sizes=sizes,
        seeds=tuple(range(first_seed, first_seed + seeds)),
        epochs=epochs,
        eta=eta,
        lmbda=lmbda,
        images=len(data),
        data=data.source,
        speeds=np.stack(runs),
        ratio_max=np.stack([r.ratio_max for r in records]),
        ratio_mean=np.stack([r.ratio_mean for r in records]),
        predicted=np.stack([r.predicted for r in records]),
        ratio_hist=np.stack([r.hist for r in records]),
        example_mean=np.stack([r.example_mean for r in records]),
        example_rms=np.stack([r.example_rms for r in records]),
        input_second_moment=float(np.mean(np.sum(x * x, axis=1)) / x.shape[1]),
    )


def _train_seed(
    sizes: tuple[int, ...],
    x: Any,
    y: Any,
    seed: int,
    epochs: int,
    eta: float,
    lmbda: float,
    callback: Callable[[int], None] | None,
) -> tuple[npt.NDArray[np.float64], BoundRecord]:
    """One seed's run: initialise with ``default_rng(seed)``, train, return its speeds and the
    norm-bound record (:class:`BoundRecord`)."""
    net = Network.initialise(sizes, np.random.default_rng(seed))
    rec = BoundRecord.empty(epochs, len(sizes) - 2)
    speeds = train_recording_speeds(
        net, x, y, epochs, eta=eta, lmbda=lmbda, callback=callback, bounds=rec
    )
    return speeds, rec


def _seed_task(
    args: tuple[tuple[int, ...], Any, Any, int, int, float, float],
) -> tuple[npt.NDArray[np.float64], BoundRecord]:
    """One seed's whole run, as a task of :func:`gradproof.numerics.executor.run_tasks`."""
    sizes, x, y, seed, epochs, eta, lmbda = args
    return _train_seed(sizes, x, y, seed, epochs, eta, lmbda, None)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


#: Set in each forked worker of :func:`_train_seeds_in_processes`: (arguments, progress queue).
_WORKER_STATE: dict[str, Any] = {}


def _worker_train(seed: int) -> tuple[int, tuple[npt.NDArray[np.float64], BoundRecord]]:
    import time

    sizes, x, y, epochs, eta, lmbda = _WORKER_STATE["args"]
    queue = _WORKER_STATE["queue"]
    pending = [0, time.monotonic()]

    def tick(_epoch: int) -> None:  # report epochs done, at most ~10 times a second
        pending[0] += 1
        now = time.monotonic()
        if now - pending[1] >= 0.1:
            queue.put(pending[0])
            pending[0], pending[1] = 0, now

    speeds = _train_seed(sizes, x, y, seed, epochs, eta, lmbda, tick)
    if pending[0]:
        queue.put(pending[0])
    return seed, speeds


def _worker_init(args: tuple[Any, ...], queue: Any) -> None:
    # run after gradproof.children.die_with_parent (the pool's initializer): the worker dies
    # with the parent on every path and ignores Ctrl-C (the parent handles it)
    from gradproof.numerics.executor import init_worker

    init_worker()  # executor's preparation of every worker (SIGINT ignored)
    _WORKER_STATE["args"] = args
    _WORKER_STATE["queue"] = queue


def _train_seeds_in_processes(
    sizes: tuple[int, ...],
    x: Any,
    y: Any,
    seeds: list[int],
    epochs: int,
    eta: float,
    lmbda: float,
    jobs: int,
    progress: Callable[[int], None] | None,
) -> list[tuple[npt.NDArray[np.float64], BoundRecord]]:
    """Each seed trained whole by one of ``jobs`` forked processes; results in seed order."""
    import multiprocessing
    import queue as queue_module

    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    done: dict[int, tuple[npt.NDArray[np.float64], BoundRecord]] = {}
    reported = 0
    from gradproof.children import pool as child_pool

    pool = child_pool(jobs, _worker_init, ((sizes, x, y, epochs, eta, lmbda), q), ctx=ctx)
    try:
        pending = pool.map_async(_worker_train, seeds, chunksize=1)
        while not pending.ready():
            try:
                n = q.get(timeout=0.1)
            except queue_module.Empty:
                continue
            n = min(n, len(seeds) * epochs - reported)
            reported += n
            if progress is not None and n:
                progress(n)
        for seed, speeds in pending.get():
            done[seed] = speeds
        # reports still in flight when the last result came: the bar ends exactly at the total
        if progress is not None and len(seeds) * epochs > reported:
            progress(len(seeds) * epochs - reported)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    return [done[k] for k in seeds]


def _fmt_layers(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.3g}" for v in values)


# ============================================================ layer_speeds_at_init


def speeds_grow_towards_the_output_at_init() -> Outcome:
    """20 seeds × the book's 3 architectures on 1,000 digits: ‖δ¹‖ < ‖δ²‖ < … in ≥ 95 % of seeds."""
    data = embedded_digits(BOOK_IMAGES, 784)
    ok = True
    parts = []
    for sizes in BOOK_ARCHITECTURES:
        run = run_layer_speeds(sizes, data, seeds=DEFAULT_SEEDS, epochs=0)
        frac = float(run.ordered_at_init.mean())
        means = run.at_init.mean(axis=0)
        sds = run.at_init.std(axis=0, ddof=1)
        book = BOOK_SPEEDS_AT_INIT[sizes]
        ratios = means / np.asarray(book)
        magnitude = bool(np.all((ratios <= MAGNITUDE_FACTOR) & (ratios >= 1 / MAGNITUDE_FACTOR)))
        ok = ok and frac >= PASS_FRACTION and magnitude
        parts.append(
            f"{list(sizes)}: ordered in {frac:.0%} of seeds; mean ± sd "
            + ", ".join(f"{m:.3g} ± {s:.2g}" for m, s in zip(means, sds, strict=True))
            + f" (book, one MNIST run: {_fmt_layers(book)}; ratio ours/book "
            + f"{_fmt_layers(ratios)}, within ×{MAGNITUDE_FACTOR:g}: {magnitude})"
        )
    return Outcome.of(ok, f"{data.source}; " + "; ".join(parts))


def bias_gradients_by_central_differences(
    net: Network, x: Any, y: Any, h: float = 1e-5
) -> list[npt.NDArray[np.float64]]:
    """∂C/∂b_j for every bias, by central differences (C(b + h) − C(b − h))/2h of Network.cost.

    An independent computation of what backpropagation computes (error O(h²) + rounding/h).
    """
    out = []
    with single_blas_thread():
        for bias in net.biases:
            fd = np.empty_like(bias)
            for j in range(bias.size):
                saved = bias[j]
                bias[j] = saved + h
                up = net.cost(x, y)
                bias[j] = saved - h
                down = net.cost(x, y)
                bias[j] = saved
                fd[j] = (up - down) / (2 * h)
            out.append(fd)
    return out


def backprop_bias_gradients_match_finite_differences() -> Outcome:
    """‖δˡ‖ is ‖∂C/∂bˡ‖: backprop agrees with central differences of the cost for every bias."""
    data = embedded_digits(100, 784)
    net = Network.initialise((784, 30, 30, 10), np.random.default_rng(7))
    grads = net.backprop(data.images, data.targets)
    h = 1e-5
    fds = bias_gradients_by_central_differences(net, data.images, data.targets, h)
    worst = max(
        float(np.linalg.norm(fd - g) / np.linalg.norm(fd))
        for fd, g in zip(fds, grads.biases, strict=True)
    )
    # central differences at h = 1e-5: truncation ~h²·C‴ and rounding ~u·C/h, measured 4.5e-9
    # relative on this seeded network: 1e-7 (a 20-fold margin), not 1e-6
    tol = 1e-7
    return Outcome.of(
        worst <= tol,
        f"{sum(fd.size for fd in fds)} biases of a [784, 30, 30, 10] network on 100 digits: "
        f"largest per-layer relative error ‖backprop − central difference (h = {h:g})‖/‖fd‖ = "
        f"{worst:.1e} (tolerance {tol:g})",
    )


def one_neuron_layers_match_the_verified_chain_formula() -> Outcome:
    """A [1, 1, 1, 1, 1] network's bias gradients equal formulas.chain_bias_gradients (eq. 122)."""
    rng = np.random.default_rng(11)
    worst = 0.0
    trials = 200
    for _ in range(trials):
        net = Network.initialise((1, 1, 1, 1, 1), rng)
        net.weights = [w * 3.0 for w in net.weights]  # include |w| > 1 as well
        x = rng.random((1, 1))
        y = rng.integers(0, 2, size=(1, 1)).astype(float)
        grads = net.backprop(x, y)
        ws = np.array([float(w[0, 0]) for w in net.weights])
        bs = np.array([float(b[0]) for b in net.biases])
        a_out = float(net.feedforward(x)[0, 0])
        dC_da = (a_out - float(y[0, 0])) / (a_out * (1.0 - a_out))  # cross-entropy ∂C/∂a
        ref = np.asarray(formulas.chain_bias_gradients(ws, bs, float(x[0, 0]), dC_da))
        got = np.array([float(b[0]) for b in grads.biases])
        worst = max(worst, float(np.max(np.abs(got - ref) / np.abs(ref))))
    tol = 1e-12
    return Outcome.of(
        worst <= tol,
        f"{trials} random chains of 4 sigmoid neurons (|w| up to ~9): largest relative difference "
        f"between backprop's ∂C/∂b_j and σ′(z_j)∏_(k>j) w_k σ′(z_k) ∂C/∂a_L = {worst:.1e} "
        f"(tolerance {tol:g})",
    )


layer_speeds_at_init = register(
    Claim(
        id="layer_speeds_at_init",
        statement=(
            "In a sigmoid network initialised as in the book (weights N(0, 1/n_in), biases "
            "N(0, 1)), the norms ‖δˡ‖ of the hidden layers' batch-averaged bias gradients grow "
            "from the first hidden layer to the last: ‖δ¹‖ < ‖δ²‖ < … (in ≥ 95 % of seeds)."
        ),
        source="nielsen-ch5 §'The vanishing gradient problem' (measured norms "
        "0.07, 0.31 / 0.012, 0.060, 0.283 / 0.003, 0.017, 0.070, 0.285); notes-ps5 §3.1",
        evidence=(
            numeric(speeds_grow_towards_the_output_at_init),
            numeric(backprop_bias_gradients_match_finite_differences),
            numeric(one_neuron_layers_match_the_verified_chain_formula),
        ),
        notes=(
            "A measurement, not a theorem: for particular weights the ordering can fail, so it is "
            "stated and checked as a frequency over 20 seeds. The book's numbers come from one "
            "unseeded run on 1,000 MNIST images; here the offline data are scikit-learn's 8×8 "
            "digits upscaled to 28×28, so the same ordering and magnitudes of the same order are "
            "expected (checked: each seed mean within a factor 3 of the book's number), not "
            "equality. With real MNIST run `gradproof experiment layer-speeds --data mnist PATH`. "
            "‖δˡ‖ is itself only a rough measure of a layer's speed (the text says so): it leaves "
            "out the weight gradients."
        ),
        figures=("layer-speeds-at-init",),
        formal=Empirical(
            "a frequency over random initialisations (≥ 95 % of 20 seeds ordered) on a stand-in "
            "data set; no symbolic statement holds for every weight draw (the ordering can fail "
            "for particular weights), so it is measured and confirmed, not proved"
        ),
    )
)


# ============================================================ layer_speeds_in_training


def geometric_mean_over_seeds(run: SpeedRun) -> npt.NDArray[np.float64]:
    """(epochs + 1, hidden layers): exp of the mean of ln‖δˡ‖ over the seeds (log-scale mean)."""
    return np.asarray(np.exp(np.log(run.speeds).mean(axis=0)))


@cache
def quick_run(sizes: tuple[int, ...]) -> SpeedRun:
    """The :data:`QUICK_TRAINING` run of one architecture (cached: two claims read it)."""
    q = QUICK_TRAINING
    data = embedded_digits(q.images, sizes[0])
    return run_layer_speeds(sizes, data, seeds=q.seeds, epochs=q.epochs)


def _ordering_along_descent(sizes: tuple[int, ...]) -> Outcome:
    """The quick run for one architecture: 20 seeds × 40 epochs on 1,000 digits; ordered in
    ≥ 95 % of (seed, epoch) pairs and at every epoch for the seeds' geometric mean."""
    q = QUICK_TRAINING
    data = embedded_digits(q.images, sizes[0])
    run = quick_run(sizes)
    pairs = float(is_ordered(run.speeds).mean())
    mean_ordered = bool(np.all(is_ordered(geometric_mean_over_seeds(run))))
    throughout = float(run.ordered_throughout.mean())
    rows = run.layer_summary()
    return Outcome.of(
        pairs >= PASS_FRACTION and mean_ordered,
        f"{data.source}, one batch, η = {BOOK_ETA}, λ = {BOOK_LMBDA}, {q.seeds} seeds × "
        f"{q.epochs} epochs; {list(sizes)}: ordered in {pairs:.1%} of (seed, epoch) pairs, at "
        f"every epoch in {throughout:.0%} of seeds, geometric mean ordered at every epoch: "
        f"{mean_ordered}; mean ‖δˡ‖ at init "
        + _fmt_layers([r["init_mean"] for r in rows])
        + ", lowest along training "
        + _fmt_layers([r["lowest_mean"] for r in rows])
        + f", after {q.epochs} epochs "
        + _fmt_layers([r["final_mean"] for r in rows]),
    )


def ordering_holds_along_gradient_descent_two_hidden() -> Outcome:
    """Quick run, two hidden layers [64, 30, 30, 10], 20 seeds × 40 epochs: ordered in ≥ 95 % of
    (seed, epoch) pairs and at every epoch for the seeds' geometric mean."""
    return _ordering_along_descent(QUICK_TRAINING.architectures[0])


def ordering_holds_along_gradient_descent_three_hidden() -> Outcome:
    """Quick run, three hidden layers [64, 30, 30, 30, 10], 20 seeds × 40 epochs: ordered in
    ≥ 95 % of (seed, epoch) pairs and at every epoch for the seeds' geometric mean."""
    return _ordering_along_descent(QUICK_TRAINING.architectures[1])


def ordering_holds_along_gradient_descent_four_hidden() -> Outcome:
    """Quick run, four hidden layers [64, 30, 30, 30, 30, 10], 20 seeds × 40 epochs: ordered in
    ≥ 95 % of (seed, epoch) pairs and at every epoch for the seeds' geometric mean."""
    return _ordering_along_descent(QUICK_TRAINING.architectures[2])


def _small_batch(sizes: tuple[int, ...], n: int, seed: int) -> tuple[Any, Any]:
    """n random inputs in [0, 1] and one-hot targets for a network of these sizes."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, (n, sizes[0]))
    y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    return x, y


def regularised_cost(net: Network, x: Any, y: Any, lmbda: float) -> float:
    """C_λ = C + (λ/2n) Σ_l ‖Wˡ‖²_F: the cross-entropy of :meth:`Network.cost` plus the L2 term of
    Nielsen's ``network2`` (ch. 3, L2 regularisation; n the number of training inputs, biases
    not regularised) — written here, apart from the update rule it checks."""
    n = np.asarray(x).shape[0]
    penalty = sum(float(np.sum(w * w)) for w in net.weights)
    return net.cost(x, y) + lmbda / (2 * n) * penalty


def training_step_descends_the_l2_regularised_cost() -> Outcome:
    """One update of :func:`train_recording_speeds` (η = 0.1, λ = 5.0) moves every weight and
    bias by −η times the central-difference derivative of C_λ = C + (λ/2n) Σ‖Wˡ‖²_F — the L2 term
    divided by the number of training inputs n (here 9, so a term not divided by n would be 9
    times too strong) — on a [6, 5, 4, 3] network."""
    sizes, n, h = (6, 5, 4, 3), 9, 1e-6
    x, y = _small_batch(sizes, n, 3)
    net = Network.initialise(sizes, np.random.default_rng(5))
    before = net.copy()
    train_recording_speeds(net, x, y, 1, eta=BOOK_ETA, lmbda=BOOK_LMBDA)
    worst = 0.0
    probe = before.copy()
    for params_before, params_probe, params_after in (
        *zip(before.weights, probe.weights, net.weights, strict=True),
        *zip(before.biases, probe.biases, net.biases, strict=True),
    ):
        flat, after = params_probe.reshape(-1), params_after.reshape(-1)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + h
            up = regularised_cost(probe, x, y, BOOK_LMBDA)
            flat[k] = saved - h
            down = regularised_cost(probe, x, y, BOOK_LMBDA)
            flat[k] = saved
            expected = params_before.reshape(-1)[k] - BOOK_ETA * (up - down) / (2 * h)
            worst = max(worst, abs(float(after[k]) - float(expected)))
    tol = 1e-9  # η × the central difference's error (≈ 1e-9 here, measured ≤ 1e-10)
    count = sum(w.size + b.size for w, b in zip(before.weights, before.biases, strict=True))
    return Outcome.of(
        worst <= tol,
        f"{count} parameters of a {list(sizes)} network, one update on {n} inputs: largest "
        f"|after − (before − η ∂C_λ/∂θ)| = {worst:.1e} (tolerance {tol:g}), ∂C_λ/∂θ by central "
        f"differences (h = {h:g}) of the cross-entropy plus (λ/2n)Σ‖Wˡ‖²_F, λ = {BOOK_LMBDA}",
    )


layer_speeds_in_training = register(
    Claim(
        id="layer_speeds_in_training",
        statement=(
            "Along full-batch gradient descent (η = 0.1, L2 λ = 5.0, 1,000 images) the hidden "
            "layers' speeds stay ordered, ‖δ¹‖ < ‖δ²‖ < …: in ≥ 95 % of all (seed, epoch) pairs, "
            "and at every epoch for the geometric mean over seeds."
        ),
        source="nielsen-ch5 §'The vanishing gradient problem' (1,000 images, 500 epochs, "
        "batch gradient descent); notes-ps5 §3.1",
        evidence=(
            numeric(ordering_holds_along_gradient_descent_two_hidden),
            numeric(ordering_holds_along_gradient_descent_three_hidden),
            numeric(ordering_holds_along_gradient_descent_four_hidden),
            numeric(training_step_descends_the_l2_regularised_cost),
        ),
        notes=(
            "The text says of its single run that the first hidden layer learns more slowly than "
            "the second 'through it all'. Per seed that is not always so: in the full set-up on "
            "the embedded digits (784 inputs, 500 epochs, 20 seeds, `gradproof experiment "
            "layer-speeds`) the ordering held at every epoch in 80 % of seeds for [784, 30, 30, "
            "10], 95 % for [784, 30, 30, 30, 10] and 100 % for [784, 30, 30, 30, 30, 10]; the "
            "failures are adjacent layers crossing near the dip (from epoch ~50, when both speeds "
            "have fallen ~50-fold, or late in training), while 97–100 % of all (seed, epoch) pairs "
            "stayed ordered and the seeds' geometric mean was ordered at every epoch. So the "
            "claim is stated for pairs and for the mean, which is what holds. verify runs quick "
            "settings (64 raw 8×8 inputs, 40 epochs, 20 seeds, the three book depths) to stay "
            "fast. The book's figures are single unseeded MNIST runs: expect the same ordering "
            "and shape (a quick drop, then a rebound), not the same numbers. The 40 quick epochs "
            "cover the initial drop only (the speeds are still falling at epoch 40), not the dip "
            "and the rebound where per-seed crossings occur: those are the CLI run's to show."
        ),
        figures=("layer-speeds",),
        formal=Empirical(
            "a frequency over seeds and epochs of gradient descent (≥ 95 % of (seed, epoch) "
            "pairs ordered, and the seeds' geometric mean ordered at every epoch); per seed the "
            "ordering can fail, so no formal statement holds: it is measured, not proved"
        ),
    )
)


# ============================================================ layer_speeds_obey_the_norm_bound


def _geo(values: npt.NDArray[np.float64] | None, epoch: int, layer: int) -> float:
    """Geometric mean over the seeds of values[:, epoch, layer] (NaN when not recorded)."""
    if values is None:
        return float("nan")
    return float(np.exp(np.log(values[:, epoch, layer]).mean()))


def _bound_parts(run: SpeedRun) -> tuple[bool, str]:
    rows = run.bound_summary()
    ok = all(r["violations"] == 0 and r["ratio_max"] <= 1.0 for r in rows) and all(
        r["largest_measured_over_predicted"] <= 1.0
        and r["largest_per_example_over_predicted"] <= 1.0 + 1e-12
        for r in rows
    )
    text = f"{list(run.sizes)}: " + "; ".join(
        f"l = {int(r['layer'])}: ratio max {r['ratio_max']:.3f}, mean {r['ratio_mean']:.3f}, "
        f"median ≤ {r['ratio_median_bin']:.2f}, 95 % ≤ {r['ratio_q95_bin']:.2f}; measured/bound "
        f"at init {r['measured_init'] / r['predicted_init']:.2g}"
        for r in rows
    )
    return ok, text


def bound_ratios_never_exceed_one_in_training() -> Outcome:
    """The quick training runs (20 seeds × 3 depths × 41 epochs × 1,000 images): every per-example
    ratio ‖δˡ_x‖/((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖) ≤ 1, and every measured ‖δˡ‖ ≤ the bound's prediction."""
    ok, parts, pairs = True, [], 0
    for sizes in QUICK_TRAINING.architectures:
        run = quick_run(sizes)
        good, text = _bound_parts(run)
        ok = ok and good
        parts.append(text)
        pairs += int(sum(r["pairs"] for r in run.bound_summary()))
    return Outcome.of(
        ok,
        f"{pairs:,} (seed, epoch, example, layer) ratios, none above 1: {ok}; " + " | ".join(parts),
    )


def spectral_norm(w: Any) -> float:
    """‖W‖₂, the largest singular value, as √(largest eigenvalue of WᵀW) (``eigvalsh``): computed
    apart from the SVD that :class:`BoundRecord` uses, and not the Frobenius norm ‖W‖_F, which
    is larger (by up to √rank) and would make the bound look looser than it is."""
    m = np.asarray(w, dtype=np.float64)
    gram = m.T @ m if m.shape[0] >= m.shape[1] else m @ m.T
    return float(np.sqrt(max(float(np.linalg.eigvalsh(gram)[-1]), 0.0)))


def _independent_bound_row(net: Network, x: Any, y: Any) -> dict[str, Any]:
    """The quantities of one :class:`BoundRecord` row, recomputed apart from it: per-example
    errors δˡ_x from :func:`per_example_gradients` on one input at a time (the textbook loop;
    with a batch of one the bias gradient is δˡ_x), spectral norms by :func:`spectral_norm`."""
    from gradproof.numerics.network import per_example_gradients

    n_layers = len(net.weights)
    deltas = np.array(
        [
            [
                float(np.linalg.norm(g))
                for g in per_example_gradients(net, x[i : i + 1], y[i : i + 1]).biases
            ]
            for i in range(x.shape[0])
        ]
    )  # (examples, layers 1 … L)
    factor = np.array([spectral_norm(w) / 4 for w in net.weights[1:]])
    ratio = deltas[:, :-1] / (factor[None, :] * deltas[:, 1:])
    predicted = np.array(
        [float(np.prod(factor[layer:])) * deltas[:, -1].mean() for layer in range(n_layers - 1)]
    )
    return {
        "ratio_max": ratio.max(axis=0),
        "ratio_mean": ratio.mean(axis=0),
        "predicted": predicted,
        "example_mean": deltas[:, :-1].mean(axis=0),
    }


def bound_record_matches_an_independent_computation() -> Outcome:
    """The experiment's bound record (per-example ratios ‖δˡ_x‖/((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖) and the
    predictions ∏_{k>l}(‖wᵏ‖₂/4)·mean_x‖δᴸ_x‖) at initialisation and after 3 updates equals a
    recomputation from spectral norms (√ of WᵀW's largest eigenvalue) and per-example errors by
    the textbook loop, to 1e-12 relative, for the three quick architectures on 40 inputs."""
    worst, rows = 0.0, 0
    for sizes in QUICK_TRAINING.architectures:
        x, y = _small_batch(sizes, 40, 11)
        net = Network.initialise(sizes, np.random.default_rng(13))
        start = net.copy()
        rec = BoundRecord.empty(3, len(sizes) - 2)
        train_recording_speeds(net, x, y, 3, eta=BOOK_ETA, lmbda=BOOK_LMBDA, bounds=rec)
        for epoch, weights_at in ((0, start), (3, net)):
            ref = _independent_bound_row(weights_at, x, y)
            for key, expected in ref.items():
                got = getattr(rec, key)[epoch]
                worst = max(worst, float(np.max(np.abs(got - expected) / np.abs(expected))))
                rows += 1
    tol = 1e-12  # different summation orders (measured ≤ 2e-15)
    return Outcome.of(
        worst <= tol,
        f"{rows} recorded rows (ratio max and mean, bound prediction, mean ‖δˡ_x‖; epochs 0 and "
        f"3; {', '.join(str(list(s)) for s in QUICK_TRAINING.architectures)}) against spectral "
        f"norms from eigvalsh(WᵀW) and per-example δˡ_x from the textbook loop: largest "
        f"relative difference {worst:.1e} (tolerance {tol:g})",
    )


layer_speeds_obey_the_norm_bound = register(
    Claim(
        id="layer_speeds_obey_the_norm_bound",
        statement=(
            "In the layer-speed experiment, for every seed, recorded epoch and training example, "
            "‖δˡ_x‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖ (the ratio is ≤ 1), and each measured speed ‖δˡ‖ is at "
            "most mean_x‖δˡ_x‖ ≤ ∏_{k>l}(‖wᵏ‖₂/4)·mean_x‖δᴸ_x‖, the bound's prediction."
        ),
        source="nielsen-ch5 §'Unstable gradients in more complex networks'; "
        "nielsen-ch5 §'The vanishing gradient problem'",
        evidence=(
            numeric(bound_ratios_never_exceed_one_in_training),
            numeric(bound_record_matches_an_independent_computation),
        ),
        formal=Empirical(
            "measured: the ratios of trained networks' error norms, whose bound ≤ 1 is the "
            "formal statement of claim delta_norm_bound; this claim checks it on the experiment"
        ),
        notes=(
            "A check of the theorem delta_norm_bound on the very networks the experiment trains: "
            "it holds for any weights, so a ratio above 1 would be a bug in the network code "
            "and fails this claim. The distribution says how much of the early layers' slowness "
            "the bound explains: each layer back multiplies the bound by ‖wˡ⁺¹‖₂/4 (about ½ at "
            "initialisation), while the measured ratios are lower still. After training the "
            "batch-averaged speed ‖mean_x δˡ_x‖ falls far below mean_x‖δˡ_x‖ (the examples' "
            "errors cancel in the mean), a part of the slowdown the per-example bound cannot "
            "see; the figure shows all three. The full run "
            "(gradproof experiment layer-speeds) prints the same table for 500 epochs."
        ),
        figures=("layer-speeds-bound",),
    )
)


# ============================================================ layer_speed_ratio_prediction

#: The architecture whose measured ratios are compared with the prediction: the book's deepest.
RATIO_ARCHITECTURE = (784, 30, 30, 30, 30, 10)
#: Largest |ln(measured/predicted)| allowed for the seeds' geometric-mean ratio at width 30
#: (20 seeds): 0.1, i.e. within about 10 % (measured ≤ 0.07 on the embedded digits).
RATIO_TOLERANCE = 0.1
#: The width sweep: [64, W, W, W, W, 10] on the raw 8×8 digits, 250 images, 8 seeds each.
WIDTH_SWEEP: tuple[int, ...] = (30, 100, 300, 1000)
SWEEP_IMAGES, SWEEP_SEEDS = 250, 8
#: At width 1,000 the per-seed gap (RMS over seeds and pairs of ln(measured/predicted)) must be
#: below this (measured ≈ 0.02), and the seeds' geometric mean within SWEEP_MEAN_TOLERANCE.
GAP_AT_WIDEST, SWEEP_MEAN_TOLERANCE = 0.05, 0.02


def init_norms(sizes: tuple[int, ...], x: Any, y: Any, seed: int) -> tuple[Any, Any]:
    """At initialisation (``Network.initialise(sizes, default_rng(seed))``, as the experiment):
    per hidden layer ‖mean_x δˡ_x‖ (the book's speed) and √(mean_x ‖δˡ_x‖²) (per-example RMS)."""
    net = Network.initialise(sizes, np.random.default_rng(seed))
    norms: list[npt.NDArray[np.float64]] = []
    with single_blas_thread():
        grads = net._backprop_columns(
            np.ascontiguousarray(x.T), np.ascontiguousarray(x), np.ascontiguousarray(y.T), norms
        )
    rms = np.array([math.sqrt(float(np.mean(n**2))) for n in norms[:-1]])
    return grads.hidden_speeds(), rms


@dataclass(frozen=True)
class WidthPoint:
    """One width of the sweep: the predicted ln-ratios and each seed's measured ones."""

    width: int
    predicted: tuple[float, ...]  # 1/√χˡ per pair of consecutive hidden layers
    batch: npt.NDArray[np.float64]  # (seeds, pairs): measured ratios, ‖mean_x δˡ_x‖
    rms: npt.NDArray[np.float64]  # (seeds, pairs): measured ratios, √(mean_x ‖δˡ_x‖²)

    def gap(self, which: str) -> float:
        """√(mean over seeds and pairs of ln(measured/predicted)²): the per-seed gap."""
        dev = np.log(getattr(self, which)) - np.log(np.asarray(self.predicted))[None, :]
        return float(np.sqrt(np.mean(dev**2)))

    def mean_gap(self, which: str) -> float:
        """max over pairs of |ln(geometric mean over seeds of measured / predicted)|."""
        dev = np.log(getattr(self, which)).mean(axis=0) - np.log(np.asarray(self.predicted))
        return float(np.max(np.abs(dev)))


@cache
def width_sweep() -> tuple[WidthPoint, ...]:
    """The sweep of :data:`WIDTH_SWEEP` (cached: the claim and its figure read it)."""
    from gradproof.numerics import mean_field

    data = embedded_digits(SWEEP_IMAGES, 64)
    points = []
    for width in WIDTH_SWEEP:
        sizes = (64, width, width, width, width, 10)
        pred = mean_field.predict(data.images, len(sizes) - 2).predicted_ratio
        batch, rms = [], []
        for seed in range(SWEEP_SEEDS):
            b, r = init_norms(sizes, data.images, data.targets, seed)
            batch.append(b[1:] / b[:-1])
            rms.append(r[1:] / r[:-1])
        points.append(WidthPoint(width, pred, np.array(batch), np.array(rms)))
    return tuple(points)


@cache
def ratio_run() -> SpeedRun:
    """The experiment at initialisation for :data:`RATIO_ARCHITECTURE`: 20 seeds, 1,000 digits."""
    data = embedded_digits(BOOK_IMAGES, RATIO_ARCHITECTURE[0])
    return run_layer_speeds(RATIO_ARCHITECTURE, data, seeds=DEFAULT_SEEDS, epochs=0)


def predicted_ratios_match_the_experiment() -> Outcome:
    """[784, 30, 30, 30, 30, 10], 20 seeds, 1,000 embedded digits at initialisation: for each pair
    of consecutive hidden layers the measured ratio (seeds' geometric means, both norms) is within
    ×e^{±0.1} of the mean-field prediction 1/√χˡ."""
    run = ratio_run()
    mf = run.mean_field_summary()
    pred = np.asarray(mf["predicted_ratio"])
    worst = 0.0
    for key in ("measured_ratio", "measured_ratio_per_example_rms"):
        worst = max(worst, float(np.max(np.abs(np.log(np.asarray(mf[key]) / pred)))))
    return Outcome.of(
        worst <= RATIO_TOLERANCE,
        f"{run.data}, {list(run.sizes)}, {len(run.seeds)} seeds, σ_w = σ_b = 1, q¹ = "
        f"{mf['q'][0]:.4f} from the data (E‖x‖²/n₀ = {mf['input_second_moment']:.4f}): "
        f"qˡ {_fmt_layers(mf['q'])}, χˡ {_fmt_layers(mf['chi'])}; ratio ‖δˡ⁺¹‖/‖δˡ‖ predicted "
        f"1/√χˡ = {_fmt_layers(mf['predicted_ratio'])}, measured (norm of the batch mean, the "
        f"book's) {_fmt_layers(mf['measured_ratio'])}, (per-example RMS, the theory's) "
        f"{_fmt_layers(mf['measured_ratio_per_example_rms'])}; largest |ln(measured/predicted)| "
        f"{worst:.3f} (tolerance {RATIO_TOLERANCE:g})",
    )


def the_gap_shrinks_with_width() -> Outcome:
    """[64, W, W, W, W, 10] for W = 30, 100, 300, 1,000 (250 raw digits, 8 seeds): the per-seed
    gap between measured and predicted ratios decreases strictly with W for both norms, is below
    0.05 at W = 1,000, where the seeds' geometric mean is within e^{±0.02} of the prediction."""
    points = width_sweep()
    ok = True
    parts = []
    for which, name in (("batch", "‖mean_x δˡ_x‖"), ("rms", "per-example RMS")):
        gaps = [p.gap(which) for p in points]
        shrinking = all(a > b for a, b in itertools.pairwise(gaps))
        widest, mean_gap = gaps[-1], points[-1].mean_gap(which)
        ok = ok and shrinking and widest <= GAP_AT_WIDEST and mean_gap <= SWEEP_MEAN_TOLERANCE
        parts.append(
            f"{name}: gap "
            + ", ".join(f"{g:.3f}" for g in gaps)
            + " (√W·gap "
            + ", ".join(f"{g * math.sqrt(p.width):.2f}" for g, p in zip(gaps, points, strict=True))
            + f"), strictly shrinking: {shrinking}; at W = {points[-1].width} the seeds' mean is "
            f"off by "
            f"{mean_gap:.4f} (tolerance {SWEEP_MEAN_TOLERANCE:g})"
        )
    return Outcome.of(
        ok,
        f"widths {', '.join(str(p.width) for p in points)}, {SWEEP_IMAGES} raw 8×8 digits, "
        f"{SWEEP_SEEDS} seeds, predicted 1/√χˡ = {_fmt_layers(points[0].predicted)}; gap = "
        "√(mean over seeds and layer pairs of ln(measured/predicted)²), must shrink with W and "
        f"be ≤ {GAP_AT_WIDEST:g} at the widest; " + "; ".join(parts),
    )


layer_speed_ratio_prediction = register(
    Claim(
        id="layer_speed_ratio_prediction",
        statement=(
            "With the book's initialisation (weights N(0, 1/n_in), biases N(0, 1): σ_w = σ_b = 1) "
            "the ratio of consecutive hidden layers' speeds at initialisation is predicted by the "
            "mean-field law, ‖δˡ⁺¹‖/‖δˡ‖ ≈ 1/√χˡ with χˡ = σ_w² E[σ′(√qˡ z)²] and qˡ iterated "
            "from the data's own first-layer second moment (about 4.9 per layer, where the book "
            "measured about 5): within ×e^{±0.1} for [784, 30, 30, 30, 30, 10] over 20 seeds, for "
            "the norm of the batch mean (the book's) and for the per-example RMS (the theory's); "
            "and the gap shrinks as the width grows over 30, 100, 300, 1,000."
        ),
        source="schoenholz-2017; poole-2016; nielsen-ch5 §'The vanishing gradient problem'",
        evidence=(
            numeric(predicted_ratios_match_the_experiment),
            numeric(the_gap_shrinks_with_width),
        ),
        notes=(
            "The law E‖δˡ‖² = χˡ E‖δˡ⁺¹‖² is an expectation over the weights and the examples of "
            "one example's squared error norm, derived under the assumption that the weights are "
            "independent of the backpropagated error (claim mean_field_gradient_law): it speaks "
            "of the per-example RMS √(mean_x ‖δˡ_x‖²). The book's speed is ‖mean_x δˡ_x‖, the "
            "norm of the batch mean; both are measured and both agree at initialisation, since "
            "the output errors of a freshly initialised network are much alike across examples. "
            "A finite network's ratio fluctuates around the prediction by about 0.5/√W to "
            "0.9/√W in ln (the sweep's √W·gap stays between 0.5 and 0.95): the wider, the "
            "closer. verify runs the sweep on 250 raw digits and 8 seeds (a few seconds); "
            "`gradproof experiment layer-speeds` prints the predicted and measured ratios for "
            "any architecture, digits or MNIST."
        ),
        figures=("layer-speed-ratios",),
        formal=Empirical(
            "a statistical agreement of measured ratios with the mean-field prediction, within a "
            "stated tolerance over seeds, and a trend with width: the law itself is an "
            "expectation (claim mean_field_gradient_law); a given network's ratio fluctuates "
            "around it, so this is measured and confirmed, not proved"
        ),
    )
)


# ============================================================ figures


def draw_run(run: SpeedRun, ax: Any) -> None:
    """Draw ‖δˡ‖ against epoch for each hidden layer into ``ax`` (log scale): the seeds'
    geometric mean as a line and a band from the smallest to the largest seed. The legend is
    the figure's, outside the axes (:func:`gradproof.figures.legend_outside`)."""
    epochs = np.arange(run.speeds.shape[1])
    for layer in range(run.speeds.shape[2]):
        s = run.speeds[:, :, layer]
        colour = f"C{layer}"
        mean = np.exp(np.log(s).mean(axis=0))
        ax.plot(epochs, mean, color=colour, label=f"hidden layer {layer + 1}")
        if s.shape[0] > 1:
            ax.fill_between(epochs, s.min(axis=0), s.max(axis=0), color=colour, alpha=0.2, lw=0)
    ax.set_yscale("log")
    ax.set_ylabel(r"speed $\|\delta^l\|$")
    if len(run.seeds) == 1:
        ax.set_title(f"{list(run.sizes)}, seed {run.seeds[0]} (one run)")
    else:
        ax.set_title(f"{list(run.sizes)}, {len(run.seeds)} seeds")
    ax.grid(alpha=0.3, which="both")


def _layers_legend(fig: Any, axes: Any) -> None:
    """The legend of the panel with the most lines, below all panels."""
    from gradproof.figures import legend_outside

    widest = max(axes, key=lambda ax: len(ax.lines))
    handles, labels = widest.get_legend_handles_labels()
    legend_outside(fig, handles, labels, ncol=4)


def plot_run(run: SpeedRun, out_dir: Path, name: str) -> Path:
    """Write ``out_dir/name.png``: :func:`draw_run` of ``run`` (like Nielsen's figures)."""
    from gradproof.figures import figure, save

    fig, ax = figure(6.0, 4.2)
    draw_run(run, ax)
    ax.set_xlabel("epoch")
    _layers_legend(fig, [ax])
    how = "\nline: geometric mean, band: min–max over the seeds" if len(run.seeds) > 1 else ""
    fig.suptitle(f"{run.data}; η = {run.eta}, λ = {run.lmbda}{how}")
    return save(fig, out_dir, name)


def plot_layer_speeds(out_dir: Path) -> Path:
    """‖δˡ‖ of each hidden layer along gradient descent for the three book depths: the run of
    claim layer_speeds_in_training itself (its data, 20 seeds, 40 epochs).

    Three panels (2, 3 and 4 hidden layers of 30 sigmoid neurons, the 1,000 digits as 64 raw 8×8
    inputs, one batch): one line per hidden layer, the geometric mean over the seeds, with the
    min–max band; the earlier layers lie below the later ones at every epoch. The 784-input,
    500-epoch version is ``gradproof experiment layer-speeds``.
    """
    from gradproof.figures import figure, save

    q = QUICK_TRAINING
    data = embedded_digits(q.images, q.architectures[0][0])
    fig, axes = figure(6.0, 9.0, nrows=len(q.architectures), sharex=True)
    for ax, sizes in zip(axes, q.architectures, strict=True):
        run = run_layer_speeds(sizes, data, seeds=q.seeds, epochs=q.epochs)
        draw_run(run, ax)
    axes[-1].set_xlabel("epoch")
    _layers_legend(fig, axes)
    fig.suptitle(
        f"Speed of learning per hidden layer, batch gradient descent\n{data.source}, "
        f"η = {BOOK_ETA}, λ = {BOOK_LMBDA}\nline: geometric mean, band: min–max over seeds"
    )
    return save(fig, out_dir, "layer-speeds")


def plot_layer_speeds_at_init(out_dir: Path) -> Path:
    """‖δˡ‖ at initialisation, 20 seeds per book architecture, with the book's numbers."""
    from gradproof.figures import figure, legend_outside, save

    data = embedded_digits(BOOK_IMAGES, 784)
    fig, ax = figure(6.0, 4.6)
    for i, sizes in enumerate(BOOK_ARCHITECTURES):
        run = run_layer_speeds(sizes, data, seeds=DEFAULT_SEEDS, epochs=0)
        layers = np.arange(1, len(sizes) - 1)
        for r in range(run.at_init.shape[0]):
            ax.plot(layers + 0.05 * (i - 1), run.at_init[r], ".", color=f"C{i}", alpha=0.35, ms=4)
        ax.plot(
            layers,
            np.exp(np.log(run.at_init).mean(axis=0)),
            "-",
            color=f"C{i}",
            label=f"{list(sizes)}: geometric mean of {DEFAULT_SEEDS} seeds",
        )
        ax.plot(layers, BOOK_SPEEDS_AT_INIT[sizes], "x", color=f"C{i}", ms=9, mew=2)
    ax.plot([], [], "x", color="k", label="book (one MNIST run)")
    ax.set_yscale("log")
    ax.set_xticks([1, 2, 3, 4])
    ax.set_xlabel(r"hidden layer $l$")
    ax.set_ylabel(r"$\|\delta^l\|$ at initialisation")
    ax.set_title(f"Speeds at initialisation\n{data.source}")
    ax.grid(alpha=0.3, which="both")
    legend_outside(fig, ncol=1)
    return save(fig, out_dir, "layer-speeds-at-init")


def draw_bound(run: SpeedRun, ax: Any) -> None:
    """Measured ‖δˡ‖ (solid) and the bound's prediction ∏_{k>l}(‖wᵏ‖₂/4)·mean_x‖δᴸ_x‖ (dashed)
    against epoch, geometric means over the seeds, log scale (legend: :func:`_bound_legend`)."""
    assert run.predicted is not None
    epochs = np.arange(run.speeds.shape[1])
    for layer in range(run.speeds.shape[2]):
        colour = f"C{layer}"
        meas = np.exp(np.log(run.speeds[:, :, layer]).mean(axis=0))
        pred = np.exp(np.log(run.predicted[:, :, layer]).mean(axis=0))
        ax.plot(epochs, meas, color=colour)
        if run.example_mean is not None:
            per = np.exp(np.log(run.example_mean[:, :, layer]).mean(axis=0))
            ax.plot(epochs, per, ":", color=colour)
        ax.plot(epochs, pred, "--", color=colour)
    ax.set_yscale("log")
    ax.set_ylabel(r"$\|\delta^l\|$ and its bound")
    ax.set_title(f"{list(run.sizes)}, {len(run.seeds)} seeds")
    ax.grid(alpha=0.3, which="both")


def _bound_legend(fig: Any, layers: int, per_example: bool) -> None:
    """Colour = hidden layer, line style = what is drawn; below all panels."""
    from matplotlib.lines import Line2D

    from gradproof.figures import legend_outside

    handles = [Line2D([], [], color=f"C{i}", lw=3) for i in range(layers)]
    labels = [f"layer {i + 1}" for i in range(layers)]
    styles = [("-", r"measured $\|\delta^l\|$")]
    if per_example:
        styles.append((":", r"mean$_x$ $\|\delta^l_x\|$"))
    styles.append(("--", r"bound $\prod_{k>l}(\|w^k\|_2/4)\,\mathrm{mean}_x\|\delta^L_x\|$"))
    handles += [Line2D([], [], color="k", ls=ls) for ls, _ in styles]
    labels += [label for _, label in styles]
    legend_outside(fig, handles, labels, ncol=layers)


def plot_bound_run(run: SpeedRun, out_dir: Path, name: str) -> Path:
    """Write ``out_dir/name.png``: :func:`draw_bound` of ``run``."""
    from gradproof.figures import figure, save

    fig, ax = figure(6.0, 4.6)
    draw_bound(run, ax)
    ax.set_xlabel("epoch")
    _bound_legend(fig, run.speeds.shape[2], run.example_mean is not None)
    fig.suptitle(f"{run.data}: measured speed and the bound of claim delta_norm_bound")
    return save(fig, out_dir, name)


def plot_layer_speeds_bound(out_dir: Path) -> Path:
    """The three book depths (3 seeds, 64 raw 8×8 inputs, 500 epochs): measured ‖δˡ‖ next to
    the norm bound's prediction."""
    from gradproof.figures import figure, save

    data = embedded_digits(BOOK_IMAGES, 64)
    fig, axes = figure(6.0, 9.6, nrows=len(QUICK_TRAINING.architectures), sharex=True)
    runs = []
    for ax, sizes in zip(axes, QUICK_TRAINING.architectures, strict=True):
        runs.append(run_layer_speeds(sizes, data, seeds=3, epochs=BOOK_EPOCHS))
        draw_bound(runs[-1], ax)
    axes[-1].set_xlabel("epoch")
    _bound_legend(
        fig, max(r.speeds.shape[2] for r in runs), any(r.example_mean is not None for r in runs)
    )
    fig.suptitle(
        "Measured speed and the proved bound, geometric means over seeds\n"
        f"({data.source}, η = {BOOK_ETA}, λ = {BOOK_LMBDA})"
    )
    return save(fig, out_dir, "layer-speeds-bound")


def draw_ratios(run: SpeedRun, ax: Any) -> None:
    """The mean-field prediction 1/√χˡ of ‖δˡ⁺¹‖/‖δˡ‖ beside the measured ratios at
    initialisation (both norms), one group per pair of consecutive hidden layers."""
    mf = run.mean_field_summary()
    pairs = np.arange(1, len(mf["predicted_ratio"]) + 1)
    ax.plot(pairs, mf["predicted_ratio"], "o-", color="k", label=r"predicted $1/\sqrt{\chi^l}$")
    ax.plot(
        pairs - 0.06,
        mf["measured_ratio"],
        "s",
        color="C0",
        label=r"measured, $\|\mathrm{mean}_x\,\delta^l_x\|$ (the book's)",
    )
    if "measured_ratio_per_example_rms" in mf:
        ax.plot(
            pairs + 0.06,
            mf["measured_ratio_per_example_rms"],
            "^",
            color="C1",
            label=r"measured, per-example RMS (the theory's)",
        )
    ax.set_xticks(pairs, [f"{k}→{k + 1}" for k in pairs])
    ax.set_xlabel(r"hidden layers $l \to l+1$")
    ax.set_ylabel(r"$\|\delta^{l+1}\| / \|\delta^l\|$ at init")
    ax.set_title(f"{list(run.sizes)}, {len(run.seeds)} seeds (geometric means)")
    ax.grid(alpha=0.3)


def plot_ratio_run(run: SpeedRun, out_dir: Path, name: str) -> Path:
    """Write ``out_dir/name.png``: :func:`draw_ratios` of ``run``."""
    from gradproof.figures import figure, legend_outside, save

    fig, ax = figure(6.0, 4.2)
    draw_ratios(run, ax)
    legend_outside(fig, ncol=1)
    fig.suptitle(f"{run.data}: mean-field prediction and measurement, σ_w = σ_b = 1")
    return save(fig, out_dir, name)


def plot_layer_speed_ratios(out_dir: Path) -> Path:
    """The ratio of consecutive hidden layers' speeds at initialisation, predicted by the
    mean-field law and measured (claim layer_speed_ratio_prediction), and the gap against width.

    Top: [784, 30, 30, 30, 30, 10] on 1,000 embedded digits, 20 seeds: predicted 1/√χˡ beside
    the measured ratios for both norms. Bottom: the per-seed gap (RMS of ln(measured/predicted))
    for widths 30 … 1,000, log-log, with the line 0.8/√W.
    """
    from gradproof.figures import figure, legend_outside, save

    fig, (top, bottom) = figure(6.0, 7.4, nrows=2)
    draw_ratios(ratio_run(), top)
    points = width_sweep()
    widths = np.array([p.width for p in points], dtype=float)
    bottom.plot(widths, [p.gap("batch") for p in points], "s-", color="C0")
    bottom.plot(widths, [p.gap("rms") for p in points], "^-", color="C1")
    bottom.plot(widths, 0.8 / np.sqrt(widths), ":", color="k", label=r"$0.8/\sqrt{W}$")
    bottom.set_xscale("log")
    bottom.set_yscale("log")
    bottom.set_xlabel("width W of the four hidden layers")
    bottom.set_ylabel("gap: RMS of ln(measured/predicted)")
    bottom.set_title(f"[64, W, W, W, W, 10], {SWEEP_IMAGES} raw digits, {SWEEP_SEEDS} seeds")
    bottom.grid(alpha=0.3, which="both")
    handles, labels = top.get_legend_handles_labels()
    h2, l2 = bottom.get_legend_handles_labels()
    legend_outside(fig, handles + h2, labels + l2, ncol=2)
    fig.suptitle("Mean-field law of layer speeds, σ_w = σ_b = 1")
    return save(fig, out_dir, "layer-speed-ratios")


FIGURES = {
    "layer-speeds": plot_layer_speeds,
    "layer-speeds-at-init": plot_layer_speeds_at_init,
    "layer-speeds-bound": plot_layer_speeds_bound,
    "layer-speed-ratios": plot_layer_speed_ratios,
}
