"""Check your own backpropagation: :func:`check_backprop` and :func:`assert_backprop`.

You give a NumPy function ``fn(weights, biases, x, y) -> (grad_w, grad_b)`` for a fully connected
sigmoid network; gradproof runs it on random networks and compares every entry with two
independent references:

* the **proved backpropagation equations** BP1–BP4 (Nielsen ch. 2, claim ``backprop_equations``),
  vectorised in float64 (:func:`bp_gradients`)::

      δᴸ = ∇ₐC ⊙ σ′(zᴸ),  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ),  ∂C/∂bˡ_j = δˡ_j,  ∂C/∂wˡ_jk = aˡ⁻¹_k δˡ_j;

* **central differences at 50 digits** (mpmath, h = 10⁻²⁰, truncation error ~10⁻⁴⁰;
  :func:`mp_finite_difference_gradients`), which know nothing of backpropagation — at more digits
  (and a smaller step) when the tolerance of some entry is so small that 50 digits would not
  resolve it (deep chains of saturated sigmoids: :func:`reference_digits`).

Conventions: ``weights[l]`` has shape (n_{l+1}, n_l) (the text's wˡ⁺¹), ``biases[l]`` shape
(n_{l+1},); ``x`` holds one input per row, shape (m, n_0), ``y`` the targets, shape (m, n_L).
The cost is the *mean* over the m examples of the per-example cost: ``"quadratic"``
½‖aᴸ − y‖² or ``"cross_entropy"`` Σ_j −[y_j ln aᴸ_j + (1 − y_j) ln(1 − aᴸ_j)] (Nielsen ch. 3).
``grad_b[l]`` may be returned as (n,) or as a column (n, 1), as in Nielsen's code.

**Tolerance** (relative to float64 rounding, not a fixed rtol): an entry passes when
``|yours − exact| ≤ TOL_FACTOR · (L + n_max + m) · u · S`` with u = 2⁻⁵³ the unit roundoff and S the
entry's *rounding scale*: the same backpropagation run on magnitudes, S^L = (|aᴸ| + |y| +
|∇ₐC|) ⊙ σ′(zᴸ), Sˡ = (|wˡ⁺¹|ᵀ Sˡ⁺¹) ⊙ σ′(zˡ), then the batch means of Sˡ and Sˡ |aˡ⁻¹|ᵀ. This is
the usual a-priori bound on the rounding of sums of products (a factor of the number of operations
times u times the sum of absolute values), with room ``TOL_FACTOR`` = 16; any real bug (a missing
transpose, σ for σ′, a wrong layer, a sum for a mean) is off by many orders of magnitude more.

NumPy and mpmath only (no SymPy).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import mpmath
import numpy as np
import numpy.typing as npt

from gradproof.numerics import formulas

FloatArray = npt.NDArray[np.float64]
#: Your backpropagation: ``fn(weights, biases, x, y) -> (grad_w, grad_b)``, lists of arrays in
#: the shapes of the module docstring.
BackpropFunction = Callable[
    [list[FloatArray], list[FloatArray], FloatArray, FloatArray],
    tuple[Sequence[npt.ArrayLike], Sequence[npt.ArrayLike]],
]
UNIT_ROUNDOFF = 2.0**-53
TOL_FACTOR = 16.0
#: mpmath precision (digits) and step of the central differences
MP_DIGITS, MP_STEP = 50, "1e-20"
#: the central differences' error is kept this many decimal orders below the smallest tolerance
REFERENCE_MARGIN = 8
#: … but never more digits than this (a tolerance that would need more is left to the check)
MAX_REFERENCE_DIGITS = 500


@dataclass(frozen=True)
class Cost:
    """A per-example cost C_x(a, y), its gradient ∇ₐC_x in float64, and C_x in mpmath."""

    name: str
    value: Callable[[FloatArray, FloatArray], FloatArray]  # (m, n_L) → (m,)
    grad: Callable[[FloatArray, FloatArray], FloatArray]  # (m, n_L) → (m, n_L)
    mp_value: Callable[[Sequence[Any], Sequence[Any]], Any]  # one example, mpmath numbers


def _mp_cross_entropy(a: Sequence[Any], y: Sequence[Any]) -> Any:
    return -mpmath.fsum(
        yj * mpmath.log(aj) + (1 - yj) * mpmath.log(1 - aj) for aj, yj in zip(a, y, strict=False)
    )


COSTS: dict[str, Cost] = {
    "quadratic": Cost(
        "quadratic",
        lambda a, y: 0.5 * np.sum((a - y) ** 2, axis=-1),
        lambda a, y: a - y,
        lambda a, y: mpmath.fsum((aj - yj) ** 2 for aj, yj in zip(a, y, strict=False)) / 2,
    ),
    "cross_entropy": Cost(
        "cross_entropy",
        lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log1p(-a), axis=-1),
        lambda a, y: (a - y) / (a * (1 - a)),
        _mp_cross_entropy,
    ),
}


def cost_of(cost: str | Cost) -> Cost:
    """The :class:`Cost` named ``cost`` (``"quadratic"`` or ``"cross_entropy"``), or ``cost``."""
    if isinstance(cost, Cost):
        return cost
    if cost not in COSTS:
        raise ValueError(f"cost must be one of {', '.join(COSTS)} (or a Cost), got {cost!r}")
    return COSTS[cost]


# ============================================================ the references


def forward(
    weights: Sequence[FloatArray], biases: Sequence[FloatArray], x: FloatArray
) -> tuple[list[FloatArray], list[FloatArray]]:
    """(zs, activations) for a batch x (one input per row): zs[l] = z^{l+1}, activations[0] = x."""
    a = np.asarray(x, dtype=np.float64)
    zs, acts = [], [a]
    for w, b in zip(weights, biases, strict=True):
        z = a @ np.asarray(w).T + np.asarray(b).ravel()
        a = cast(FloatArray, formulas.sigmoid(z))  # an array for an array input
        zs.append(z)
        acts.append(a)
    return zs, acts


def bp_deltas(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    cost: str | Cost = "quadratic",
) -> tuple[list[FloatArray], list[FloatArray]]:
    """(deltas, activations): deltas[l] = δ^{l+1} per example (m, n_{l+1}) by BP1 and BP2."""
    c = cost_of(cost)
    zs, acts = forward(weights, biases, x)
    delta = c.grad(acts[-1], np.asarray(y, dtype=np.float64)) * formulas.sigmoid_prime(zs[-1])
    deltas = [delta]
    for layer in range(len(weights) - 1, 0, -1):  # BP2: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)
        delta = (delta @ np.asarray(weights[layer])) * formulas.sigmoid_prime(zs[layer - 1])
        deltas.insert(0, delta)
    return deltas, acts


def bp_gradients(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    cost: str | Cost = "quadratic",
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Batch-mean (∂C/∂wˡ, ∂C/∂bˡ) by BP1–BP4 (BP3: mean of δˡ; BP4: mean of δˡ (aˡ⁻¹)ᵀ)."""
    deltas, acts = bp_deltas(weights, biases, x, y, cost)
    m = acts[0].shape[0]
    grad_w = [d.T @ a / m for d, a in zip(deltas, acts[:-1], strict=True)]
    grad_b = [d.mean(axis=0) for d in deltas]
    return grad_w, grad_b


def rounding_scales(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    cost: str | Cost = "quadratic",
) -> tuple[list[FloatArray], list[FloatArray]]:
    """The rounding scale S of every gradient entry (see the module docstring)."""
    c = cost_of(cost)
    ya = np.asarray(y, dtype=np.float64)
    zs, acts = forward(weights, biases, x)
    s = (np.abs(acts[-1]) + np.abs(ya) + np.abs(c.grad(acts[-1], ya))) * formulas.sigmoid_prime(
        zs[-1]
    )
    scales = [s]
    for layer in range(len(weights) - 1, 0, -1):
        s = (s @ np.abs(np.asarray(weights[layer]))) * formulas.sigmoid_prime(zs[layer - 1])
        scales.insert(0, s)
    m = acts[0].shape[0]
    sw = [sl.T @ np.abs(a) / m for sl, a in zip(scales, acts[:-1], strict=True)]
    sb = [sl.mean(axis=0) for sl in scales]
    return sw, sb


def _mp_cost(
    weights: Sequence[Sequence[Sequence[Any]]],
    biases: Sequence[Sequence[Any]],
    x: FloatArray,
    y: FloatArray,
    cost: Cost,
) -> Any:
    """The batch-mean cost at mpmath precision (weights as nested lists of mpf)."""
    total = mpmath.mpf(0)
    for xi, yi in zip(x, y, strict=True):
        a = [mpmath.mpf(float(v)) for v in xi]
        for w, b in zip(weights, biases, strict=True):
            a = [
                1 / (1 + mpmath.exp(-(mpmath.fdot(row, a) + bj)))
                for row, bj in zip(w, b, strict=True)
            ]
        total += cost.mp_value(a, [mpmath.mpf(float(v)) for v in yi])
    return total / len(x)


def mp_finite_difference_gradients(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    cost: str | Cost = "quadratic",
    digits: int = MP_DIGITS,
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Every ∂C/∂wˡ_jk and ∂C/∂bˡ_j by a central difference at ``digits`` digits (default 50,
    h = 10⁻²⁰; in general h = 10^(−2·digits/5)).

    Independent of backpropagation: only the forward pass is evaluated. The truncation error is
    O(h²) ≈ 10^(−4·digits/5) and the rounding error ≈ 10^(−digits)/h = 10^(−3·digits/5)
    (relative to the cost): at 50 digits 10⁻⁴⁰ and 10⁻³⁰, far below float64 resolution for
    gradients that are not themselves tiny (see :func:`reference_digits`).
    """
    c = cost_of(cost)
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    with mpmath.workdps(digits):
        h = mpmath.mpf(MP_STEP) if digits == MP_DIGITS else mpmath.mpf(10) ** (-(2 * digits) // 5)
        wm = [[[mpmath.mpf(float(v)) for v in row] for row in np.asarray(w)] for w in weights]
        bm = [[mpmath.mpf(float(v)) for v in np.asarray(b).ravel()] for b in biases]

        def derivative(params: list[Any], index: int) -> float:
            saved = params[index]
            params[index] = saved + h
            up = _mp_cost(wm, bm, xa, ya, c)
            params[index] = saved - h
            down = _mp_cost(wm, bm, xa, ya, c)
            params[index] = saved
            return float((up - down) / (2 * h))

        grad_w, grad_b = [], []
        for w_l, b_l in zip(wm, bm, strict=True):
            gw = np.array([[derivative(row, k) for k in range(len(row))] for row in w_l])
            gb = np.array([derivative(b_l, j) for j in range(len(b_l))])
            grad_w.append(gw)
            grad_b.append(gb)
    return grad_w, grad_b


def reference_digits(
    smallest_tolerance: float, cost_size: float, operations: int, margin: int = REFERENCE_MARGIN
) -> int:
    """The digits at which the central differences resolve the smallest tolerance.

    Their rounding error is about 10^(−3·digits/5)·max(|C|, 1)·(number of operations): at a fixed
    50 digits ≈ 10⁻³⁰ — more than the float64 tolerance of a gradient entry that is itself
    below ~10⁻¹⁴ (a deep chain of sigmoids: each layer multiplies by σ′ ≤ 1/4), and the
    comparison with BP1–BP4 then fails for a *correct* implementation. So the digits grow until
    that error is ``margin`` orders of magnitude below ``smallest_tolerance`` (never below 50).
    """
    import math

    scale = max(abs(cost_size), 1.0) * max(operations, 1)
    tiny = max(smallest_tolerance, 1e-300)
    needed = (math.log10(scale) - math.log10(tiny) + margin) * 5 / 3
    return min(MAX_REFERENCE_DIGITS, max(MP_DIGITS, math.ceil(needed)))


# ============================================================ the check


def random_network(
    sizes: Sequence[int], rng: np.random.Generator, batch: int
) -> tuple[list[FloatArray], list[FloatArray], FloatArray, FloatArray]:
    """Weights N(0, 1), biases N(0, 1), inputs uniform in (0, 1), targets uniform in [0, 1]."""
    weights = [rng.standard_normal((o, i)) for i, o in itertools.pairwise(sizes)]
    biases = [rng.standard_normal(o) for o in sizes[1:]]
    return (
        weights,
        biases,
        rng.uniform(0.0, 1.0, (batch, sizes[0])),
        rng.uniform(0.0, 1.0, (batch, sizes[-1])),
    )


@dataclass(frozen=True)
class Mismatch:
    """The first wrong entry: which trial, layer (1-based, the text's l), parameter and entry.

    "First" in the order backpropagation computes: from the output layer back, the biases (δˡ)
    before the weights (δˡ (aˡ⁻¹)ᵀ) — so the layer named is where the error enters.
    """

    trial: int
    layer: int
    parameter: str  # "weights" or "biases"
    entry: tuple[int, ...]
    yours: float
    finite_difference: float
    backprop_equations: float
    tolerance: float
    hint: str = ""
    digits: int = MP_DIGITS  # of the central difference

    def describe(self) -> str:
        name = f"∂C/∂w{self.layer}" if self.parameter == "weights" else f"∂C/∂b{self.layer}"
        where = ", ".join(map(str, self.entry))
        text = (
            f"layer {self.layer} (grad_{'w' if self.parameter == 'weights' else 'b'}"
            f"[{self.layer - 1}]), entry [{where}] of {name} (random network {self.trial + 1}): "
            f"yours {self.yours!r}, correct {self.finite_difference!r} ({self.digits}-digit "
            f"central difference; the proved BP1–BP4 give {self.backprop_equations!r}); "
            f"|difference| = {abs(self.yours - self.finite_difference):.3e} > tolerance "
            f"{self.tolerance:.3e}"
        )
        return text + (f". Hint: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class BackpropReport:
    """The verdict of :func:`check_backprop`. ``ok`` is True when every entry of every trial
    is within tolerance; otherwise ``mismatch`` is the first wrong entry (or ``error`` says
    why the function could not be compared: it raised, or returned the wrong shapes)."""

    ok: bool
    sizes: tuple[int, ...]
    cost: str
    trials: int
    batch: int
    entries_checked: int
    worst_error_over_tolerance: float
    mismatch: Mismatch | None = None
    error: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    reference_digits: int = MP_DIGITS  # the most digits the central differences needed

    def __str__(self) -> str:
        what = (
            f"backprop for sizes {list(self.sizes)}, {self.cost} cost (mean over a batch of "
            f"{self.batch}), {self.trials} random network(s)"
        )
        if self.ok:
            return (
                f"PASSED: {what}: all {self.entries_checked} gradient entries agree with "
                f"{self.reference_digits}-digit central differences and with BP1–BP4 (largest "
                f"error = {self.worst_error_over_tolerance:.2g} × the float64 rounding tolerance)"
            )
        if self.error:
            return f"FAILED: {what}: {self.error}"
        assert self.mismatch is not None
        return f"FAILED: {what}: first wrong entry: {self.mismatch.describe()}"


def _as_layers(
    got: Any, shapes: Sequence[tuple[int, ...]], name: str
) -> tuple[list[FloatArray] | None, str]:
    try:
        items = list(got)
    except TypeError:
        return None, f"{name} must be a list of arrays (one per layer), got {type(got).__name__}"
    if len(items) != len(shapes):
        return None, f"{name} has {len(items)} entries, expected one per layer: {len(shapes)}"
    out = []
    for layer, (g, shape) in enumerate(zip(items, shapes, strict=True), start=1):
        try:
            arr = np.asarray(g, dtype=np.float64)
        except (TypeError, ValueError):
            return None, f"{name}[{layer - 1}] (layer {layer}) is not an array of numbers"
        if arr.shape != shape:
            column = len(shape) == 1 and arr.shape == (shape[0], 1)
            if not column:
                return None, (
                    f"{name}[{layer - 1}] (layer {layer}) has shape {arr.shape}, expected {shape}"
                )
            arr = arr.reshape(shape)
        out.append(arr)
    return out, ""


def _check_inputs(sizes: Sequence[int], trials: int, batch: int) -> tuple[int, ...]:
    try:
        s = tuple(int(v) for v in sizes)
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be a sequence of layer widths, got {sizes!r}") from None
    if (
        len(s) < 2
        or any(v < 1 for v in s)
        or any(float(a) != b for a, b in zip(sizes, s, strict=False))
    ):
        raise ValueError(
            f"sizes must be ≥ 2 whole numbers ≥ 1 (input, …, output), got {list(sizes)!r}"
        )
    if sum(o * (i + 1) for i, o in itertools.pairwise(s)) > 2000:
        raise ValueError(
            f"sizes {list(s)} have more than 2000 parameters: the 50-digit finite differences "
            "would take long; check a smaller network of the same depth"
        )
    for name, value, lo in (("trials", trials, 1), ("batch", batch, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            raise ValueError(f"{name} must be an int ≥ {lo}, got {value!r}")
    return s


def check_backprop(
    fn: BackpropFunction,
    sizes: Sequence[int],
    cost: str | Cost = "quadratic",
    *,
    trials: int = 3,
    batch: int = 3,
    seed: int = 0,
) -> BackpropReport:
    """Compare your ``fn(weights, biases, x, y) -> (grad_w, grad_b)`` with the exact gradients.

    On ``trials`` random networks of the given ``sizes`` (weights and biases N(0, 1), a batch of
    ``batch`` inputs in (0, 1), targets in [0, 1]), every entry of your gradients is compared with
    a 50-digit central difference of the batch-mean cost (more digits where a tolerance is tiny:
    :func:`reference_digits`), within the float64 rounding tolerance
    of the module docstring; the proved BP1–BP4 (Nielsen ch. 2, claim ``backprop_equations``) are
    run alongside and must agree too (an internal error otherwise). Returns a
    :class:`BackpropReport` naming the first wrong layer and entry. ``fn`` receives copies.
    Example::

        report = check_backprop(my_backprop, [3, 4, 2], cost="cross_entropy")
        print(report)            # PASSED: … / FAILED: … first wrong entry: layer 1 …

    Parameters
    ----------
    fn : BackpropFunction
        Your ``fn(weights, biases, x, y) -> (grad_w, grad_b)``.
    sizes : sequence of int
        Layer widths from the input to the output, e.g. ``[3, 4, 2]``.
    cost : {"quadratic", "cross_entropy"} or Cost
        The per-example cost; the batch's cost is its mean.
    trials : int
        Random networks to try.
    batch : int
        Examples per network.
    seed : int
        Seed of the random networks.

    Returns
    -------
    BackpropReport
        ``ok`` and, when not, the first wrong entry (``mismatch``) or why the function could
        not be compared (``error``); ``str(report)`` is the verdict in words.
    """
    if not callable(fn):
        raise TypeError(
            f"fn must be a function (weights, biases, x, y) -> (grad_w, grad_b), got {fn!r}"
        )
    s = _check_inputs(sizes, trials, batch)
    c = cost_of(cost)
    rng = np.random.default_rng(seed)
    w_shapes = [(o, i) for i, o in itertools.pairwise(s)]
    b_shapes = [(o,) for o in s[1:]]
    worst, count, most_digits = 0.0, 0, MP_DIGITS

    def report(ok: bool, **kw: Any) -> BackpropReport:
        kw.setdefault("entries_checked", count)
        kw.setdefault("worst_error_over_tolerance", worst)
        kw.setdefault("reference_digits", most_digits)
        return BackpropReport(ok, s, c.name, trials, batch, **kw)

    for trial in range(trials):
        weights, biases, x, y = random_network(s, rng, batch)
        try:
            got = fn([w.copy() for w in weights], [b.copy() for b in biases], x.copy(), y.copy())
            got_w_raw, got_b_raw = got
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            return report(
                False,
                error=f"fn raised {type(exc).__name__}: {exc} (random network {trial + 1})",
            )
        got_w, err_w = _as_layers(got_w_raw, w_shapes, "grad_w")
        got_b, err_b = _as_layers(got_b_raw, b_shapes, "grad_b")
        if got_w is None or got_b is None:
            return report(False, error=err_w or err_b)
        bp_w, bp_b = bp_gradients(weights, biases, x, y, c)
        sc_w, sc_b = rounding_scales(weights, biases, x, y, c)
        factor = TOL_FACTOR * (len(s) - 1 + max(s) + batch) * UNIT_ROUNDOFF
        smallest = factor * min(float(np.min(a)) for a in (*sc_w, *sc_b)) + 1e-300
        cost_size = float(np.mean(c.value(forward(weights, biases, x)[1][-1], y)))
        digits = reference_digits(smallest, cost_size, len(s) * max(s) * batch)
        most_digits = max(most_digits, digits)
        fd_w, fd_b = mp_finite_difference_gradients(weights, biases, x, y, c, digits)
        for layer in range(len(s) - 2, -1, -1):  # from the output back, as backprop runs
            for param, mine, fd, bp, sc in (
                ("biases", got_b[layer], fd_b[layer], bp_b[layer], sc_b[layer]),
                ("weights", got_w[layer], fd_w[layer], bp_w[layer], sc_w[layer]),
            ):
                tol = factor * sc + 1e-300
                if not np.all(np.abs(bp - fd) <= tol):  # the proved equations themselves
                    raise RuntimeError(
                        f"internal error: BP1–BP4 and the {digits}-digit differences disagree at"
                        f" layer {layer + 1} ({param}); please report this"
                    )
                err = np.abs(mine - fd)
                bad = ~(err <= tol)  # NaN counts as wrong
                count += mine.size
                if np.any(bad):
                    entry = tuple(int(v) for v in np.argwhere(bad)[0])
                    return report(
                        False,
                        worst_error_over_tolerance=float(np.nanmax(err / tol)),
                        mismatch=Mismatch(
                            trial,
                            layer + 1,
                            param,
                            entry,
                            float(mine[entry]),
                            float(fd[entry]),
                            float(bp[entry]),
                            float(tol[entry]),
                            _hint(mine, fd, batch),
                            digits,
                        ),
                    )
                worst = max(worst, float(np.max(err / tol)))
    return report(True)


def _hint(mine: FloatArray, fd: FloatArray, batch: int) -> str:
    """A likely cause when the whole layer is off by a telling factor."""
    if np.allclose(mine, batch * fd, rtol=1e-9, atol=1e-15) and batch > 1:
        return (
            f"every entry of this layer is {batch}× the correct one: the gradients were summed "
            "over the batch, not averaged (the cost is the mean over the examples)"
        )
    if np.allclose(mine, -fd, rtol=1e-9, atol=1e-15):
        return "every entry of this layer has the wrong sign"
    return ""


def assert_backprop(
    fn: BackpropFunction,
    sizes: Sequence[int],
    cost: str | Cost = "quadratic",
    *,
    trials: int = 3,
    batch: int = 3,
    seed: int = 0,
) -> BackpropReport:
    """:func:`check_backprop`, raising ``AssertionError`` with the report when it fails (pytest).

    Example::

        def test_my_backprop():
            assert_backprop(my_backprop, [3, 4, 2], cost="quadratic")

    Parameters
    ----------
    fn, sizes, cost, trials, batch, seed
        As for :func:`check_backprop`.

    Returns
    -------
    BackpropReport
        The passing report.

    Raises
    ------
    AssertionError
        With the report, when the check fails.
    """
    report = check_backprop(fn, sizes, cost, trials=trials, batch=batch, seed=seed)
    if not report.ok:
        raise AssertionError(str(report))
    return report
