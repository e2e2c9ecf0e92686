"""The phase diagram of gradient propagation: measured log10 ‖δ¹‖/‖δᴰ‖ against the mean-field law.

For one activation φ (sigmoid, tanh or ReLU) and a grid of (σ_w, σ_b), each *cell* builds R
random networks of D layers of width W (weights N(0, σ_w²/W), biases N(0, σ_b²)), feeds n random
inputs x ~ N(0, I_W) forward, starts the backward pass from a random cost gradient
δᴰ_x = φ′(zᴰ_x) ⊙ e_x with e_x ~ N(0, I_W) (independent of the weights), and backpropagates
δˡ = φ′(zˡ) ⊙ (W^{l+1})ᵀ δ^{l+1} (BP2) down to layer 1. The measurement is

    log10 ( ‖δ¹‖ / ‖δᴰ‖ ),   ‖δˡ‖ = √(mean_x ‖δˡ_x‖²)  (the per-example RMS),

averaged over the R seeds; the mean-field law (:mod:`gradproof.numerics.mean_field`) predicts
Σ_{l<D} log10 √χ(qˡ), with q¹ = σ_w² + σ_b² (the inputs' second moment is 1) iterated by the
variance map, which is (D − 1)·log10 √χ(q*) once qˡ has reached the fixed point q*. Negative:
gradients vanish towards the input (ordered phase, χ < 1); positive: they explode (chaotic
phase, χ > 1); the critical line χ(q*) = 1 separates them.

Every random draw of a cell comes from ``numpy.random.default_rng(SeedSequence(entropy))`` with
the entropy derived from the activation, the cell's coordinates (σ_w, σ_b, to 10⁻⁹) and the seed
index (:func:`cell_entropy`) — never from the worker that runs it — and BLAS runs one thread,
so a cell's numbers are bit-identical on the local pool, a Dask cluster or in one process.
The ‖δ‖s are renormalised after every layer (their logarithms summed), so depths of hundreds of
layers neither overflow nor underflow.

Cost of one cell: R · (2D matrix products of (n × W)·(W × W) + D draws of W² normals), i.e.
about 4·R·D·n·W² flops plus R·D·W² Gaussian draws; see ``docs/mean_field.md``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from gradproof.numerics import mean_field

#: The activations of the diagram (:data:`mean_field.ACTIVATIONS`).
ACTIVATIONS = mean_field.ACTIVATIONS
_ACTIVATION_CODE = {"sigmoid": 1, "tanh": 2, "relu": 3}
_SCALE = 10**9  # coordinates enter the seed to 1e-9


@dataclass(frozen=True)
class Cell:
    """One cell of the diagram: what to measure (a picklable task)."""

    activation: str
    sigma_w: float
    sigma_b: float
    depth: int
    width: int
    images: int
    seeds: int

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {', '.join(ACTIVATIONS)}, got {self.activation!r}"
            )


def cell_entropy(activation: str, sigma_w: float, sigma_b: float, seed: int) -> list[int]:
    """The SeedSequence entropy of one (cell, seed): from the coordinates, not the worker."""
    return [
        _ACTIVATION_CODE[activation],
        round(sigma_w * _SCALE),
        round(sigma_b * _SCALE),
        seed,
    ]


def measure_seed(cell: Cell, seed: int) -> float:
    """log10 ‖δ¹‖/‖δᴰ‖ (per-example RMS norms) for one random network of the cell."""
    phi, prime = mean_field.activation_and_slope(cell.activation)
    rng = np.random.default_rng(
        np.random.SeedSequence(cell_entropy(cell.activation, cell.sigma_w, cell.sigma_b, seed))
    )
    n, w = cell.images, cell.width
    a = rng.standard_normal((n, w))
    weights, primes = [], []
    for _ in range(cell.depth):
        mat = rng.standard_normal((w, w)) * (cell.sigma_w / math.sqrt(w))
        bias = rng.standard_normal(w) * cell.sigma_b
        z = a @ mat.T + bias
        weights.append(mat)
        primes.append(prime(z))
        a = phi(z)
    delta = primes[-1] * rng.standard_normal((n, w))
    log_ratio = 0.0  # log10 ‖δˡ‖ − log10 ‖δᴰ‖, accumulated with δ renormalised each layer
    norm = math.sqrt(float(np.mean(np.sum(delta * delta, axis=1))))
    delta /= norm
    for layer in range(cell.depth - 1, 0, -1):
        delta = primes[layer - 1] * (delta @ weights[layer])
        norm = math.sqrt(float(np.mean(np.sum(delta * delta, axis=1))))
        if norm == 0.0:  # every unit dead (ReLU): the gradient vanished completely
            return -math.inf
        log_ratio += math.log10(norm)
        delta /= norm
    return log_ratio


def predicted(cell: Cell) -> dict[str, float | None]:
    """The mean-field prediction for the cell: iterated from q¹ = σ_w² + σ_b², and at the fixed
    point (None for ReLU when σ_w² ≥ 2, where q grows without bound; χ is constant anyway)."""
    q1 = cell.sigma_w**2 + cell.sigma_b**2
    out: dict[str, float | None] = {
        "predicted": mean_field.predicted_log10_gain(
            cell.activation, q1, cell.depth, cell.sigma_w, cell.sigma_b
        )
    }
    if cell.activation == "relu":
        chi_star = mean_field.chi("relu", 1.0, cell.sigma_w)
        out.update(q_star=None, chi_star=chi_star)
    else:
        q_star = fixed_point(cell.activation, cell.sigma_w, cell.sigma_b)
        chi_star = mean_field.chi(cell.activation, q_star, cell.sigma_w)
        out.update(q_star=q_star, chi_star=chi_star)
    out["predicted_fixed_point"] = (cell.depth - 1) * 0.5 * math.log10(chi_star)
    return out


def fixed_point(activation: str, sigma_w: float, sigma_b: float) -> float:
    """q* of the sigmoid's or tanh's variance map: the root of 𝒱(q) − q on [0, σ_w² + σ_b² + 1]
    (𝒱 ≤ σ_w² + σ_b² since φ² ≤ 1) by Brent's method; for tanh with σ_b = 0, q* = 0 when
    σ_w ≤ 1 and otherwise the non-zero root (0 is then unstable)."""
    from scipy.optimize import brentq

    def g(q: float) -> float:
        return mean_field.variance_map(activation, q, sigma_w, sigma_b) - q

    lo, hi = 0.0, sigma_w**2 + sigma_b**2 + 1.0
    if g(lo) <= 0.0:  # tanh, σ_b = 0: 0 is a fixed point
        if sigma_w <= 1.0:
            return 0.0
        lo = 1e-6 * (sigma_w**2 - 1.0)
        while g(lo) <= 0.0 and lo > 1e-300:
            lo /= 10.0
    return float(brentq(g, lo, hi, xtol=1e-15, rtol=1e-15))


def critical_sigma_w(activation: str, sigma_b: float, lo: float = 0.05, hi: float = 20.0) -> float:
    """σ_w with χ(q*(σ_w, σ_b)) = 1 (the critical line), by Brent's method on [lo, hi]."""
    if activation == "relu":
        return math.sqrt(2.0)
    from scipy.optimize import brentq

    def h(s: float) -> float:
        return mean_field.chi(activation, fixed_point(activation, s, sigma_b), s) - 1.0

    return float(brentq(h, lo, hi, xtol=1e-12))


def measure_cell(cell: Cell) -> dict[str, Any]:
    """One cell's record: its coordinates, the per-seed and mean measurement, the prediction."""
    from gradproof.numerics.network import single_blas_thread

    with single_blas_thread():
        per_seed = [measure_seed(cell, r) for r in range(cell.seeds)]
    finite = [v for v in per_seed if math.isfinite(v)]
    return {
        "sigma_w": cell.sigma_w,
        "sigma_b": cell.sigma_b,
        "measured": float(np.mean(per_seed)) if len(finite) == len(per_seed) else -math.inf,
        "measured_per_seed": per_seed,
        **predicted(cell),
    }


def parse_grid(text: str, option: str) -> tuple[float, ...]:
    """'A:B:N' → N evenly spaced values from A to B (N ≥ 1; 'A' alone is one value)."""
    parts = text.split(":")
    try:
        if len(parts) == 1:
            a = b = float(parts[0])
            n = 1
        elif len(parts) == 3:
            a, b, n = float(parts[0]), float(parts[1]), int(parts[2])
        else:
            raise ValueError
    except ValueError:
        raise ValueError(
            f"{option} must be A:B:N (e.g. 0.5:3:11) or one number, got {text[:80]!r}"
        ) from None
    if not (math.isfinite(a) and math.isfinite(b)) or n < 1 or a > b or (n == 1 and a != b):
        raise ValueError(
            f"{option} must be A:B:N with finite A ≤ B and N ≥ 1 (A = B when N = 1), got "
            f"{text[:80]!r}"
        )
    if n > 1000:
        raise ValueError(f"{option}: at most 1000 values per axis, got {n}")
    return tuple(float(v) for v in np.linspace(a, b, n))


def cells(
    activation: str,
    sigma_ws: Sequence[float],
    sigma_bs: Sequence[float],
    *,
    depth: int,
    width: int,
    images: int,
    seeds: int,
) -> list[Cell]:
    """The grid's cells, σ_b major (row), σ_w minor (column)."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
    return [
        Cell(activation, sw, sb, depth, width, images, seeds) for sb in sigma_bs for sw in sigma_ws
    ]


def crossing(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The first x where the piecewise-linear y(x) crosses 0 going up, or None."""
    pts = list(zip(xs, ys, strict=True))
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if math.isfinite(y0) and math.isfinite(y1) and y0 < 0 <= y1:
            return x0 + (x1 - x0) * (-y0) / (y1 - y0)
    return None


def summary(
    activation: str,
    records: Sequence[dict[str, Any]],
    sigma_ws: Sequence[float],
    sigma_bs: Sequence[float],
) -> list[dict[str, Any]]:
    """Per σ_b row: the measured critical σ_w (where log10 ‖δ¹‖/‖δᴰ‖ crosses 0 upwards, by
    linear interpolation), the crossing of the iterated prediction, and the fixed point's
    critical σ_w (χ(q*) = 1, :func:`critical_sigma_w`)."""
    rows = []
    for i, sb in enumerate(sigma_bs):
        row = records[i * len(sigma_ws) : (i + 1) * len(sigma_ws)]
        rows.append(
            {
                "sigma_b": sb,
                "measured_critical_sigma_w": crossing(sigma_ws, [r["measured"] for r in row]),
                "predicted_critical_sigma_w": crossing(sigma_ws, [r["predicted"] for r in row]),
                "fixed_point_critical_sigma_w": critical_sigma_w(activation, sb),
            }
        )
    return rows


def cell_dict(cell: Cell) -> dict[str, Any]:
    return asdict(cell)


def critical_line(activation: str, sigma_bs: Any, points: int = 30) -> Any:
    """(σ_w, σ_b) pairs of the critical line χ(q*) = 1 over the σ_b range (for drawing)."""
    bs = np.linspace(min(sigma_bs), max(sigma_bs), points if len(sigma_bs) > 1 else 1)
    return np.array([critical_sigma_w(activation, float(b)) for b in bs]), bs


def plot_report(report: dict[str, Any], out_dir: Any) -> Any:
    """Write ``phase-diagram-<activation>.png``: heat maps of the measured and the predicted
    log10 ‖δ¹‖/‖δᴰ‖ over (σ_w, σ_b), the critical line χ(q*) = 1 and Nielsen's (1, 1)."""
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.lines import Line2D

    from gradproof.figures import figure, legend_outside, save

    sw = np.asarray(report["sigma_w"], dtype=float)
    sb = np.asarray(report["sigma_b"], dtype=float)
    shape = (len(sb), len(sw))

    def grid(key: str) -> Any:
        vals = np.array([c[key] if c[key] is not None else np.nan for c in report["cells"]])
        return vals.astype(float).reshape(shape)

    measured, pred = grid("measured"), grid("predicted")
    finite = np.concatenate([measured[np.isfinite(measured)], pred[np.isfinite(pred)]])
    # white at 0, full blue at the strongest vanishing and full red at the strongest explosion
    norm = TwoSlopeNorm(
        vcenter=0.0,
        vmin=min(float(finite.min()) if finite.size else -1.0, -1e-3),
        vmax=max(float(finite.max()) if finite.size else 1.0, 1e-3),
    )

    def edges(v: Any) -> Any:
        if v.size == 1:
            return np.array([v[0] - 0.5, v[0] + 0.5])
        mid = (v[1:] + v[:-1]) / 2
        return np.concatenate([[2 * v[0] - mid[0]], mid, [2 * v[-1] - mid[-1]]])

    fig, axes = figure(6.0, 3.9, ncols=2, sharey=True)
    line_w, line_b = critical_line(report["activation"], sb)
    nielsen_shown = bool(
        edges(sw)[0] <= 1.0 <= edges(sw)[-1] and edges(sb)[0] <= 1.0 <= edges(sb)[-1]
    )
    mesh = None
    for ax, values, title in ((axes[0], measured, "measured"), (axes[1], pred, "mean-field")):
        mesh = ax.pcolormesh(edges(sw), edges(sb), values, cmap="RdBu_r", norm=norm)
        if len(sw) > 1 and len(sb) > 1 and np.isfinite(values).all():
            ax.contour(sw, sb, values, levels=[0.0], colors="k", linestyles="--", linewidths=1)
        ax.plot(line_w, line_b, "-", color="k", lw=2)
        if nielsen_shown:
            ax.plot([1.0], [1.0], "*", color="gold", mec="k", ms=12)
        ax.set_xlim(edges(sw)[0], edges(sw)[-1])
        ax.set_ylim(edges(sb)[0], edges(sb)[-1])
        ax.set_xlabel(r"$\sigma_w$")
        ax.set_title(title)
    axes[0].set_ylabel(r"$\sigma_b$")
    low, high = float(norm.vmin or -1.0), float(norm.vmax or 1.0)
    ticks = np.round(np.concatenate([np.linspace(low, 0, 4), np.linspace(0, high, 4)]), 1)
    ticks = np.unique(np.clip(ticks, np.ceil(low * 10) / 10, np.floor(high * 10) / 10))
    fig.colorbar(
        mesh, ax=axes, label=r"$\log_{10}\|\delta^1\|/\|\delta^D\|$", shrink=0.9, ticks=ticks
    )
    handles = [
        Line2D([], [], color="k", lw=2),
        Line2D([], [], color="k", lw=1, ls="--"),
        Line2D([], [], ls="", marker="*", color="gold", mec="k", ms=12),
    ]
    labels = [
        r"critical line $\chi(q^*) = 1$",
        f"ratio 1 at depth {report['depth']}",
        r"Nielsen's $\sigma_w = \sigma_b = 1$",
    ]
    if not nielsen_shown:
        handles, labels = handles[:2], labels[:2]
    legend_outside(fig, handles, labels, ncol=3)
    fig.suptitle(
        f"{report['activation']}: D = {report['depth']}, W = {report['width']}, "
        f"{report['seeds']} seeds (blue: vanishing, red: exploding)"
    )
    return save(fig, out_dir, f"phase-diagram-{report['activation']}")
