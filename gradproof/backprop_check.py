"""Check your own backpropagation: :func:`check_backprop` and :func:`assert_backprop`.

You give a NumPy function ``fn(weights, biases, x, y) -> (grad_w, grad_b)`` for a fully connected
network — any activations of :data:`gradproof.networks.LAYER_ACTIVATIONS` (sigmoid, tanh, ReLU,
leaky ReLU, identity, a softmax output) or your own ``(f, f′)``, any cost of
:data:`gradproof.networks.LAYER_COSTS` or your own ``(value, grad)`` — and gradproof runs it on
random networks and decides every entry of your gradients against the exact gradient.

**The reference** (:mod:`gradproof.backprop_bounds`): the proved backpropagation equations BP1–BP4
(Nielsen ch. 2, claim ``backprop_equations``; softmax via its Jacobian, with the exact
simplifications δᴸ = aᴸ − y of ch. 3) evaluated in float64 with a *rigorous* running error bound
per entry — every rounding and every library-function error propagated through the magnitudes,
the conditioning of ∇ₐC near saturation included. An entry is decided in float64 when
|yours − reference| is beyond (tolerance + bound) or within (tolerance − bound); only the rest is
recomputed by BP1–BP4 at 50 digits (mpmath; 100 if still open). The old reference — 50-digit
central differences of every entry (:func:`mp_finite_difference_gradients`) — stays for the claim
``backprop_equations``, which checks the float64 equations against it.

**The tolerance** for your own float64 rounding is ``TOL_FACTOR`` = 16 times the same error
analysis run on the textbook forms (1 − a subtracted, σ′ = a(1 − a), ∇ₐC = (a − y)/(a(1 − a)),
σ accurate to u absolute): a correct implementation is within it, any real bug (a transpose, σ for
σ′, a wrong layer, a sum for a mean) is off by many orders of magnitude more. Where those forms
overflow in float64 (1 − a = 0 at a saturated output) no tolerance exists and the entries are not
judged (the report says how many); an entry neither float64 nor mpmath can decide is never
counted as wrong.

**Conventions**: ``weights[l]`` has shape (n_{l+1}, n_l) (the text's wˡ⁺¹), ``biases[l]`` shape
(n_{l+1},); ``x`` holds one input per row, shape (m, n_0), ``y`` the targets, shape (m, n_L). The
cost is the *mean* over the m examples of the per-example cost. Targets: one-hot rows for
``log_likelihood`` (C = −ln a_y, y the class of the 1), probability vectors (rows ≥ 0 summing to
1) for ``categorical_cross_entropy`` (C = −Σ y ln a; δᴸ = aᴸ·Σy − y for a softmax output), uniform
in [0, 1] otherwise. ``grad_b[l]`` may be returned as (n,) or as a column (n, 1), as in Nielsen's
code.

**Your function** runs in a worker process (fork) under ``timeout`` seconds per call (default
``DEFAULT_TIMEOUT`` = 60; ``timeout=None`` runs it here, without a limit); the worker is a daemon
that dies with this process (Linux: ``PR_SET_PDEATHSIG``) and is killed at the limit. A traceback
it raises is kept in the report. Gradients that are not real numbers (complex, strings, booleans,
masked entries) are refused with ``TypeError``/``ValueError``, as are bad ``sizes``.

NumPy and mpmath only (no SymPy).
"""

from __future__ import annotations

import itertools
import multiprocessing
import traceback as tb
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union, cast

import mpmath
import numpy as np
import numpy.typing as npt

from gradproof.backprop_bounds import (
    BUILTIN_COSTS,
    Activation,
    CostFunctions,
    Net,
    bounded_gradients,
    mp_gradients,
    plain_gradients,
    relu_margin_ok,
)
from gradproof.networks import (
    DEFAULT_LEAK,
    LAYER_ACTIVATIONS,
    LAYER_COSTS,
    Architecture,
    ArchitectureError,
)
from gradproof.numerics import formulas
from gradproof.safety import clip

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
    """The rounding scale S of every gradient entry of a sigmoid network (the claim
    ``backprop_equations`` compares BP1–BP4 with 50-digit differences within
    ``TOL_FACTOR·(L + n_max + m)·u·S``): backpropagation run on magnitudes,
    S^L = (|aᴸ| + |y| + |∇ₐC|) ⊙ σ′(zᴸ), Sˡ = (|wˡ⁺¹|ᵀ Sˡ⁺¹) ⊙ σ′(zˡ), then the batch means of Sˡ
    and Sˡ |aˡ⁻¹|ᵀ. check_backprop itself uses the finer bounds of
    :mod:`gradproof.backprop_bounds`."""
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


# ============================================================ the check (every architecture)

#: the most weight layers, parameters, trials and examples per network check_backprop accepts
MAX_DEPTH = 50
MAX_PARAMETERS = 20_000
MAX_TRIALS = 100
MAX_BATCH = 1_000
#: the default time limit (seconds) for each call of your function
DEFAULT_TIMEOUT = 60.0

ActivationSpec = Any  # a name, an Activation, a pair (f, f_prime) or an object with .f, .prime
CostSpec = Union[str, Cost, CostFunctions, tuple[Callable[..., Any], Callable[..., Any]]]  # noqa: UP007


@dataclass(frozen=True)
class Mismatch:
    """One wrong entry: which trial, layer (1-based, the text's l), parameter and entry, your
    value, the correct one and the tolerance; ``reference`` says how the correct value was
    computed (float64 BP1–BP4 with its error bound, or at 50+ digits)."""

    trial: int
    layer: int
    parameter: str  # "weights" or "biases"
    entry: tuple[int, ...]
    yours: float
    correct: float
    tolerance: float
    reference: str = "float64 BP1–BP4"

    def describe(self) -> str:
        short = "w" if self.parameter == "weights" else "b"
        where = ", ".join(map(str, self.entry))
        return (
            f"layer {self.layer} (grad_{short}[{self.layer - 1}]), entry [{where}] of "
            f"∂C/∂{short}{self.layer} (random network {self.trial + 1}): yours {self.yours!r}, "
            f"correct {self.correct!r} ({self.reference}); |difference| = "
            f"{abs(self.yours - self.correct):.3e} > tolerance {self.tolerance:.3e}"
        )


@dataclass(frozen=True)
class BackpropReport:
    """The verdict of :func:`check_backprop`.

    ``ok`` is True when every entry of every trial is within tolerance. Otherwise ``wrong`` counts
    the wrong entries per (layer, parameter) — ``(layer, "weights" | "biases", wrong, of)`` —,
    ``mismatch`` is the first wrong entry (from the output layer back: where the error enters),
    ``worst`` the one furthest beyond its tolerance, ``hint`` a likely cause; or ``error`` says
    why the function could not be compared (it raised — ``traceback`` is its traceback —, timed
    out, or returned the wrong shapes). ``str(report)`` is the verdict in words.
    """

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
    reference_digits: int = 0  # the most digits the mpmath reference needed (0: none)
    architecture: str = ""
    wrong: tuple[tuple[int, str, int, int], ...] = ()
    worst: Mismatch | None = None
    hint: str = ""
    traceback: str = ""
    high_precision_entries: int = 0  # entries the float64 bound left open, decided by mpmath
    undecided_entries: int = 0  # left open even so (never counted as wrong)

    @property
    def wrong_entries(self) -> int:
        """How many entries were wrong (over every trial)."""
        return sum(w[2] for w in self.wrong)

    def __str__(self) -> str:
        what = (
            f"backprop for sizes {list(self.sizes)}, {self.architecture or self.cost} "
            f"(mean over a batch of {self.batch}), {self.trials} random network(s)"
        )
        notes = "".join(f"\nNote: {n}" for n in self.notes)
        if self.ok:
            how = "decided in float64 with a rigorous error bound"
            if self.high_precision_entries:
                how += (
                    f", {self.high_precision_entries} of them by a {self.reference_digits}-digit"
                    " mpmath reference"
                )
            return (
                f"PASSED: {what}: all {self.entries_checked} gradient entries agree with "
                f"BP1–BP4 within the float64 rounding tolerance ({how}; largest error = "
                f"{self.worst_error_over_tolerance:.2g} × the tolerance)" + notes
            )
        if self.error:
            text = f"FAILED: {what}: {self.error}"
            if self.traceback:
                text += "\nYour function's traceback:\n" + self.traceback.rstrip()
            return text + notes
        assert self.mismatch is not None
        per = "; ".join(
            f"layer {layer} {param}: {bad} of {of}" for layer, param, bad, of in self.wrong
        )
        lines = [
            f"FAILED: {what}: {self.wrong_entries} of {self.entries_checked} gradient entries "
            f"wrong ({per})",
            f"first wrong entry: {self.mismatch.describe()}",
        ]
        if self.worst is not None and self.worst != self.mismatch:
            lines.append(f"worst: {self.worst.describe()}")
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines) + notes


# ------------------------------------------------------------ inputs


def _check_sizes(sizes: Any) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)):
        raise TypeError(
            f"sizes must be a sequence of layer widths such as [3, 4, 2], not a string "
            f"({clip(repr(sizes))})"
        )
    try:
        items = list(sizes)
    except TypeError:
        raise TypeError(
            f"sizes must be a sequence of layer widths such as [3, 4, 2], got "
            f"{type(sizes).__name__}"
        ) from None
    for v in items:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise TypeError(
                f"sizes must be whole numbers (int), got {clip(repr(v))} of type "
                f"{type(v).__name__} in {clip(repr(items))}"
            )
    s = tuple(int(v) for v in items)
    if len(s) < 2 or any(v < 1 for v in s):
        raise ValueError(
            f"sizes must be ≥ 2 whole numbers ≥ 1 (input, …, output), got {clip(repr(list(s)))}"
        )
    if len(s) - 1 > MAX_DEPTH:
        raise ValueError(
            f"sizes has {len(s) - 1} weight layers; check_backprop takes at most {MAX_DEPTH} "
            "(a deeper network checks nothing a shallower one does not)"
        )
    params = sum(o * (i + 1) for i, o in itertools.pairwise(s))
    if params > MAX_PARAMETERS:
        raise ValueError(
            f"sizes {clip(repr(list(s)))} have {params} parameters, more than the "
            f"{MAX_PARAMETERS} check_backprop takes; check a smaller network of the same depth"
        )
    return s


def _check_count(name: str, value: Any, top: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {clip(repr(value))}")
    if not 1 <= value <= top:
        raise ValueError(f"{name} must be an int from 1 to {top}, got {value!r}")
    return int(value)


def _check_timeout(timeout: Any) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float, np.floating, np.integer)):
        raise TypeError(f"timeout must be a number of seconds or None, got {clip(repr(timeout))}")
    t = float(timeout)
    if not (0 < t <= 1e6):
        raise ValueError(
            f"timeout must be in (0, 10⁶] seconds (or None: no limit), got {timeout!r}"
        )
    return t


def _as_activation(spec: Any, layer: int) -> str | Activation:
    if isinstance(spec, str):
        return spec.strip().lower().replace("-", "_")
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, tuple) and len(spec) == 2 and all(callable(f) for f in spec):
        return Activation(f"custom activation of layer {layer}", spec[0], spec[1])
    f, prime = getattr(spec, "f", None), getattr(spec, "prime", None)
    if callable(f) and callable(prime):
        return Activation(
            str(getattr(spec, "name", f"custom activation of layer {layer}")),
            f,
            prime,
            getattr(spec, "mp_f", None),
            getattr(spec, "mp_prime", None),
        )
    raise TypeError(
        f"activation of layer {layer} must be a name ({', '.join(LAYER_ACTIVATIONS)}), a pair "
        f"(f, f_prime) of NumPy functions or an object with .f and .prime; got {clip(repr(spec))}"
    )


def _as_cost(cost: Any) -> str | CostFunctions:
    if isinstance(cost, str):
        name = cost.strip().lower().replace("-", "_")
        if name not in LAYER_COSTS:
            raise ValueError(
                f"cost must be one of {', '.join(LAYER_COSTS)} (or (value, grad) functions), "
                f"got {clip(repr(cost))}"
            )
        return name
    if isinstance(cost, Cost):
        if cost.name in COSTS and COSTS[cost.name] is cost:
            return cost.name
        return CostFunctions(cost.name, cost.value, cost.grad, cost.mp_value)
    if isinstance(cost, CostFunctions):
        return cost
    if isinstance(cost, tuple) and len(cost) == 2 and all(callable(f) for f in cost):
        return CostFunctions("custom cost", cost[0], cost[1])
    raise TypeError(
        f"cost must be a name ({', '.join(LAYER_COSTS)}), a pair (value, grad) of NumPy "
        f"functions of (a, y) or a CostFunctions; got {clip(repr(cost))}"
    )


def build_net(
    layers: int, activations: Any, cost: Any, leak: float = DEFAULT_LEAK
) -> tuple[Net, str]:
    """The :class:`~gradproof.backprop_bounds.Net` checked and its description."""
    c = _as_cost(cost)
    if activations is None or isinstance(activations, str):
        arch_acts: list[Any] = list(
            Architecture.parse(activations, "quadratic", layers=layers, leak=leak).activations
        )
    elif isinstance(activations, Activation) or (
        isinstance(activations, tuple)
        and len(activations) == 2
        and all(callable(f) for f in activations)
    ):
        arch_acts = [activations] * layers
    else:
        arch_acts = list(activations)
        if len(arch_acts) == 1:
            arch_acts = arch_acts * layers
    if len(arch_acts) != layers:
        raise ValueError(
            f"{len(arch_acts)} activations for {layers} layers: give one, or one per layer"
        )
    acts = tuple(_as_activation(a, k) for k, a in enumerate(arch_acts, start=1))
    names = [a for a in acts if isinstance(a, str)]
    if len(names) == len(acts) and isinstance(c, str):
        arch = Architecture(tuple(names), c, leak)  # validates names, softmax placement, logs
        return Net(acts, c, arch.leak), arch.describe()
    for layer, a in enumerate(acts, start=1):  # mixed: validate the names one by one
        if isinstance(a, str):
            if a not in LAYER_ACTIVATIONS:
                raise ArchitectureError(
                    f"unknown activation {clip(repr(a))} for layer {layer}; choose from "
                    f"{', '.join(LAYER_ACTIVATIONS)}"
                )
            if a == "softmax" and layer != len(acts):
                raise ArchitectureError(
                    f"softmax is an output activation: layer {layer} cannot use it"
                )
    Architecture(("sigmoid",), "quadratic", leak)  # validates ε
    desc = ", ".join(a if isinstance(a, str) else a.name for a in acts).replace("_", " ")
    cname = c if isinstance(c, str) else c.name
    return Net(acts, c, float(leak)), f"{desc}; {cname.replace('_', ' ')} cost"


def draw_network(
    sizes: Sequence[int],
    rng: np.random.Generator,
    batch: int,
    cost: str,
    scale: float = 1.0,
) -> tuple[list[FloatArray], list[FloatArray], FloatArray, FloatArray]:
    """Weights and biases N(0, scale²), inputs uniform in (0, 1), targets by the cost's
    convention: one-hot rows (log-likelihood), probability vectors (categorical
    cross-entropy), uniform in [0, 1] otherwise."""
    weights = [rng.standard_normal((o, i)) * scale for i, o in itertools.pairwise(sizes)]
    biases = [rng.standard_normal(o) * scale for o in sizes[1:]]
    x = rng.uniform(0.0, 1.0, (batch, sizes[0]))
    n = sizes[-1]
    if cost == "log_likelihood":
        y = np.eye(n)[rng.integers(0, n, batch)]
    elif cost == "categorical_cross_entropy":
        y = rng.uniform(0.0, 1.0, (batch, n))
        y /= y.sum(axis=1, keepdims=True)
    else:
        y = rng.uniform(0.0, 1.0, (batch, n))
    return weights, biases, x, y


# ------------------------------------------------------------ your function, in a worker


def _refuse(arr: Any, name: str, layer: int) -> tuple[str, str] | None:
    """(exception name, message) when a returned gradient is not an array of real numbers."""
    where = f"{name}[{layer - 1}] (layer {layer})"
    if isinstance(arr, np.ma.MaskedArray) and np.ma.is_masked(arr):
        return (
            "ValueError",
            f"{where} is a masked array with masked entries: every entry needs a value",
        )
    try:
        raw = np.asarray(arr)
    except Exception as exc:
        return "TypeError", f"{where} is not an array of numbers ({type(exc).__name__})"
    kind = raw.dtype.kind
    if kind == "c":
        if np.any(np.imag(raw) != 0):
            return "TypeError", (
                f"{where} is complex ({raw.dtype}) with a nonzero imaginary part: the gradients "
                "of a real cost are real"
            )
        return "TypeError", f"{where} is complex ({raw.dtype}): return real floats"
    if kind in "USVMmO" or kind == "b":
        what = {"U": "strings", "S": "bytes", "b": "booleans", "O": "Python objects"}.get(
            kind, raw.dtype.name
        )
        if kind == "O":
            try:
                np.asarray(raw, dtype=np.float64)
            except (TypeError, ValueError):
                return "TypeError", f"{where} is an array of {what}, not of real numbers"
            if any(isinstance(v, (complex, str, bytes, bool)) for v in raw.ravel().tolist()):
                return "TypeError", f"{where} holds complex numbers, strings or booleans"
            return None
        return "TypeError", f"{where} is an array of {what}, not of real numbers"
    return None


def _as_layers(
    got: Any, shapes: Sequence[tuple[int, ...]], name: str
) -> tuple[list[FloatArray] | None, str, tuple[str, str] | None]:
    """(arrays, shape error, refusal) for one of the lists your function returned."""
    if isinstance(got, (str, bytes, np.ndarray)) and not (
        isinstance(got, np.ndarray) and got.dtype == object
    ):
        items: list[Any] | None = None
    else:
        try:
            items = list(got)
        except TypeError:
            items = None
    if items is None:
        return (
            None,
            f"{name} must be a list of arrays (one per layer), got {type(got).__name__}",
            None,
        )
    if len(items) != len(shapes):
        return None, f"{name} has {len(items)} entries, expected one per layer: {len(shapes)}", None
    out = []
    for layer, (g, shape) in enumerate(zip(items, shapes, strict=True), start=1):
        refusal = _refuse(g, name, layer)
        if refusal is not None:
            return None, "", refusal
        try:
            arr = np.array(g, dtype=np.float64)
        except (TypeError, ValueError):
            return None, f"{name}[{layer - 1}] (layer {layer}) is not an array of numbers", None
        if arr.shape != shape:
            if not (len(shape) == 1 and arr.shape == (shape[0], 1)):
                return (
                    None,
                    (
                        f"{name}[{layer - 1}] (layer {layer}) has shape {arr.shape}, "
                        f"expected {shape}"
                    ),
                    None,
                )
            arr = arr.reshape(shape)
        out.append(arr)
    return out, "", None


def _run_trials(fn: Any, inputs: Sequence[Any], shapes: Any, send: Any) -> None:
    """Call fn on every trial's network, sending one message per trial (in the worker)."""
    w_shapes, b_shapes = shapes
    for trial, (weights, biases, x, y) in enumerate(inputs):
        try:
            got = fn([w.copy() for w in weights], [b.copy() for b in biases], x.copy(), y.copy())
        except Exception as exc:
            here = exc.__traceback__
            frames = tb.format_exception(type(exc), exc, here.tb_next if here else None)
            send.send(("raised", f"{type(exc).__name__}: {clip(str(exc))}", "".join(frames)))
            return
        try:
            got_w_raw, got_b_raw = got
        except (TypeError, ValueError):
            send.send(("shape", f"fn must return (grad_w, grad_b), got {clip(repr(got))}", ""))
            return
        got_w, err_w, ref_w = _as_layers(got_w_raw, w_shapes, "grad_w")
        got_b, err_b, ref_b = (
            (None, "", None) if got_w is None else _as_layers(got_b_raw, b_shapes, "grad_b")
        )
        refusal = ref_w or ref_b
        if refusal is not None:
            send.send(("refuse", *refusal))
            return
        if got_w is None or got_b is None:
            send.send(("shape", err_w or err_b, ""))
            return
        send.send(("ok", got_w, got_b))
        del trial


class _Collect:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    def send(self, msg: Any) -> None:
        self.messages.append(msg)


def start_worker(target: Callable[..., None], args: tuple[Any, ...]) -> tuple[Any, Any]:
    """Run ``target(*args, send)`` in a forked daemon process that dies with this one
    (:func:`gradproof.children.start_process`); returns (process, receiving end of the pipe).
    The one place check_backprop starts a process (fork: ``fn`` need not be picklable)."""
    from gradproof.children import start_process

    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = start_process(target, (*args, send), ctx=ctx)
    send.close()
    return proc, recv


def _call_user(fn: Any, inputs: Sequence[Any], shapes: Any, timeout: float | None) -> list[Any]:
    """One message per trial (stopping at the first that is not "ok"), from a worker process
    under ``timeout`` seconds per call (None: in this process, no limit)."""
    if timeout is None or "fork" not in multiprocessing.get_all_start_methods():
        out = _Collect()
        _run_trials(fn, inputs, shapes, out)
        return out.messages
    proc, recv = start_worker(_run_trials, (fn, inputs, shapes))
    messages: list[Any] = []
    try:
        for trial in range(len(inputs)):
            if not recv.poll(timeout):
                messages.append(
                    (
                        "timeout",
                        f"fn did not return within {timeout:g} s (random network "
                        f"{trial + 1}); the time limit is check_backprop(..., timeout=…)",
                        "",
                    )
                )
                break
            try:
                msg = recv.recv()
            except EOFError:
                proc.join(1)
                messages.append(
                    (
                        "died",
                        f"fn ended its process without returning (exit code "
                        f"{proc.exitcode}, random network {trial + 1})",
                        "",
                    )
                )
                break
            messages.append(msg)
            if msg[0] != "ok":
                break
    finally:
        if proc.is_alive():
            proc.kill()  # the user's function may ignore SIGTERM: no grace
        proc.join(5)
        recv.close()
    return messages


# ------------------------------------------------------------ the comparison


@dataclass
class _Trial:
    """The data of one trial and the comparison of every entry."""

    weights: list[FloatArray]
    biases: list[FloatArray]
    x: FloatArray
    y: FloatArray
    yours: list[FloatArray] = field(default_factory=list)  # per (layer, param) in _order
    ref: list[FloatArray] = field(default_factory=list)
    bound: list[FloatArray] = field(default_factory=list)
    tol: list[FloatArray] = field(default_factory=list)


def _order(layers: int) -> list[tuple[int, str]]:
    """(0-based layer, parameter) from the output layer back, biases before weights."""
    return [(k, p) for k in range(layers - 1, -1, -1) for p in ("biases", "weights")]


def _mp_float(v: Any) -> float:
    return float(v)


def check_backprop(
    fn: BackpropFunction,
    sizes: Sequence[int],
    cost: CostSpec = "quadratic",
    *,
    activations: ActivationSpec | Sequence[ActivationSpec] | None = None,
    leak: float = DEFAULT_LEAK,
    trials: int = 3,
    batch: int = 3,
    seed: int = 0,
    timeout: float | None = DEFAULT_TIMEOUT,
    weight_scale: float = 1.0,
) -> BackpropReport:
    """Compare your ``fn(weights, biases, x, y) -> (grad_w, grad_b)`` with the exact gradients.

    On ``trials`` random networks of the given ``sizes`` and architecture (weights and biases
    N(0, weight_scale²), a batch of ``batch`` inputs in (0, 1), targets by the cost's convention)
    every entry of your gradients is compared with the exact gradient of the batch-mean cost:
    float64 BP1–BP4 carry a rigorous error bound per entry (:mod:`gradproof.backprop_bounds`);
    an entry is decided in float64 when |yours − reference| is clearly within or clearly beyond
    the tolerance allowed for your own float64 rounding, and by a 50-digit mpmath
    backpropagation otherwise. Correct code is never blamed: an entry neither can decide is
    counted as undecided, not wrong. ``fn`` runs in a worker process under ``timeout`` seconds
    per call and receives copies. Example::

        report = check_backprop(my_backprop, [3, 4, 2], "log_likelihood",
                                activations="relu,softmax")
        print(report)            # PASSED: … / FAILED: … wrong entries per layer, first, hint

    Parameters
    ----------
    fn : BackpropFunction
        Your ``fn(weights, biases, x, y) -> (grad_w, grad_b)``.
    sizes : sequence of int
        Layer widths from the input to the output, e.g. ``[3, 4, 2]`` (at most ``MAX_DEPTH``
        = 50 weight layers and ``MAX_PARAMETERS`` = 20,000 parameters).
    cost : str or (value, grad) or Cost
        ``"quadratic"`` ½‖a − y‖², ``"squared"`` ‖a − y‖², ``"cross_entropy"`` (binary),
        ``"categorical_cross_entropy"`` −Σ y ln a, ``"log_likelihood"`` −ln a_y (one-hot y), or
        your own per-example cost as NumPy functions ``value(a, y)`` (m,) and ``grad(a, y)`` =
        ∇ₐC (m, n_L) (a :class:`~gradproof.backprop_bounds.CostFunctions` can add an mpmath
        ``mp_value``). The batch's cost is the mean.
    activations : str or sequence, optional
        ``None``: the sigmoid everywhere (Nielsen's network); one name for every layer
        (``"tanh"``) or one per layer (``"relu,relu,softmax"`` or a list); a list item may also
        be ``(f, f_prime)`` NumPy functions or an object with ``.f`` and ``.prime`` (an
        :class:`~gradproof.backprop_bounds.Activation`, optionally with ``mp_f``/``mp_prime``).
    leak : float
        The leaky ReLU's slope ε (0 < ε < 1).
    trials : int
        Random networks to try (1–100).
    batch : int
        Examples per network (1–1000).
    seed : int
        Seed of the random networks.
    timeout : float or None
        Seconds each call of ``fn`` may take (default 60); it runs in a worker process that is
        killed at the limit. ``None``: run ``fn`` in this process, without a limit.
    weight_scale : float
        Standard deviation of the random weights and biases (large values saturate the units).

    Returns
    -------
    BackpropReport
        ``ok``; when not, the wrong entries per layer and parameter, the first and the worst, a
        hint, or why the function could not be compared (``error``, ``traceback``).

    Raises
    ------
    TypeError
        ``fn`` not callable; ``sizes`` a string or with non-int entries; gradients returned as
        complex numbers, strings, booleans or other objects.
    ValueError
        Sizes out of range (fewer than 2, a width < 1, more than 50 weight layers or 20,000
        parameters), an unknown activation or cost, masked entries in a returned gradient.
    """
    if not callable(fn):
        raise TypeError(
            "fn must be a function (weights, biases, x, y) -> (grad_w, grad_b), got "
            + clip(repr(fn))
        )
    s = _check_sizes(sizes)
    trials = _check_count("trials", trials, MAX_TRIALS)
    batch = _check_count("batch", batch, MAX_BATCH)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {clip(repr(seed))}")
    limit = _check_timeout(timeout)
    if isinstance(weight_scale, bool) or not (0 < float(weight_scale) <= 1e3):
        raise ValueError(f"weight_scale must be in (0, 1000], got {weight_scale!r}")
    net, description = build_net(len(s) - 1, activations, cost, leak)
    if net.kind(len(s) - 2) == "softmax" and s[-1] < 2:
        raise ValueError(
            "a softmax output needs at least 2 units: with one, aᴸ = 1 whatever the weights"
        )
    cost_label = net.cost_name if isinstance(net.cost, str) else net.cost.name
    rng = np.random.default_rng(int(seed))
    notes: list[str] = []
    cases: list[_Trial] = []
    redraws = 0
    for _ in range(trials):
        for _attempt in range(100):
            w, b, x, y = draw_network(s, rng, batch, net.cost_name, float(weight_scale))
            naive = bounded_gradients(net, w, b, x, y, naive=True)
            if relu_margin_ok(net, naive):
                break
            redraws += 1
        cases.append(_Trial(w, b, x, y))
    if redraws:
        notes.append(
            f"{redraws} random network(s) were drawn again: a ReLU pre-activation was within "
            "rounding of 0, where f′ is undefined"
        )
    if any(not isinstance(a, str) for a in net.activations) or not isinstance(net.cost, str):
        notes.append(
            "a user-defined activation or cost: the error bound assumes f, f′ and ∇ₐC accurate "
            "to 4 ulps and estimates f″ and ∂(∇ₐC)/∂a by differences"
        )
    w_shapes = [(o, i) for i, o in itertools.pairwise(s)]
    b_shapes = [(o,) for o in s[1:]]
    inputs = [(c.weights, c.biases, c.x, c.y) for c in cases]
    messages = _call_user(fn, inputs, (w_shapes, b_shapes), limit)

    def report(ok: bool, **kw: Any) -> BackpropReport:
        kw.setdefault("entries_checked", 0)
        kw.setdefault("worst_error_over_tolerance", 0.0)
        return BackpropReport(
            ok, s, cost_label, trials, batch, architecture=description, notes=tuple(notes), **kw
        )

    last = messages[-1] if messages else ("died", "fn's worker sent nothing", "")
    if last[0] == "refuse":
        raise {"TypeError": TypeError, "ValueError": ValueError}[last[1]](last[2])
    if last[0] != "ok" or len(messages) < trials:
        trial = len(messages)
        kind, text, trace = last
        error = f"fn raised {text} (random network {trial})" if kind == "raised" else text
        return report(False, error=error, traceback=trace)

    order = _order(len(s) - 1)
    checked, worst, wrong_total = 0, 0.0, 0
    wrong = {key: 0 for key in order}
    first: Mismatch | None = None
    worst_entry: Mismatch | None = None
    first_trial: _Trial | None = None
    worst_entry_score = 0.0
    high, undecided, digits_used, skipped = 0, 0, 0, 0
    for t, (case, (_, got_w, got_b)) in enumerate(zip(cases, messages, strict=True)):
        ref = bounded_gradients(net, case.weights, case.biases, case.x, case.y)
        naive = bounded_gradients(net, case.weights, case.biases, case.x, case.y, naive=True)
        status: list[tuple[int, str, FloatArray, FloatArray, Any, Any]] = []
        open_any = False
        for layer, param in order:
            w_side = param == "weights"
            case.yours.append((got_w if w_side else got_b)[layer])
            case.ref.append((ref.grad_w if w_side else ref.grad_b)[layer])
            case.bound.append((ref.err_w if w_side else ref.err_b)[layer])
            nb = (naive.err_w if w_side else naive.err_b)[layer]
            with np.errstate(over="ignore"):
                case.tol.append(TOL_FACTOR * np.maximum(nb, case.bound[-1]))
        # where the textbook float64 formulas overflow (an infinite tolerance somewhere), an
        # inf or nan of yours is that overflow spreading, not a wrong formula: not judged
        overflow = any(not np.all(np.isfinite(tol)) for tol in case.tol)
        for idx, (layer, param) in enumerate(order):
            mine, r, bnd, tol = case.yours[idx], case.ref[idx], case.bound[idx], case.tol[idx]
            with np.errstate(invalid="ignore", over="ignore"):
                err = np.abs(mine - r)
                unbounded = ~np.isfinite(tol)
                if overflow:
                    unbounded |= ~np.isfinite(mine)
                sure_ok = (np.isfinite(mine) & (err + bnd <= tol)) | unbounded
                sure_bad = (~np.isfinite(mine) | (err - bnd > tol)) & np.isfinite(r) & ~unbounded
            skipped += int(unbounded.sum())
            opened = ~(sure_ok | sure_bad)
            open_any = open_any or bool(opened.any())
            status.append((layer, param, r.copy(), err, sure_bad, opened))
        high_at = [np.zeros(st[5].shape, bool) for st in status]
        if open_any:
            high_at = [st[5].copy() for st in status]
            opened_now = sum(int(st[5].sum()) for st in status)
            exact = _high_precision(net, case, order, status)
            if exact is None:
                for _, _, _, _, _, opened in status:
                    undecided += int(opened.sum())
                    opened[...] = False
            else:
                digits_used = max(digits_used, exact)
                high += opened_now
        for idx, (layer, param, r, err, bad, _opened) in enumerate(status):
            mine, tol = case.yours[idx], case.tol[idx]
            checked += mine.size
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = np.where(np.isfinite(mine), err / tol, np.inf)
            finite = ratio[np.isfinite(ratio) & ~bad]
            if finite.size:
                worst = max(worst, float(finite.max()))
            if not bad.any():
                continue
            wrong[(layer, param)] += int(bad.sum())
            wrong_total += int(bad.sum())
            first_trial = first_trial or case
            entry = tuple(int(v) for v in np.argwhere(bad)[0])
            reference = _reference_text(case.bound[idx][entry], high_at[idx][entry], digits_used)
            here = Mismatch(
                t,
                layer + 1,
                param,
                entry,
                float(mine[entry]),
                float(r[entry]),
                float(tol[entry]),
                reference,
            )
            first = first or here
            masked = np.where(bad, np.nan_to_num(ratio, nan=np.inf, posinf=1e308), -1.0)
            k = tuple(int(v) for v in np.unravel_index(int(np.argmax(masked)), masked.shape))
            score = float(masked[k])
            if worst_entry is None or score > worst_entry_score:
                worst_entry_score = score
                worst_entry = Mismatch(
                    t,
                    layer + 1,
                    param,
                    k,
                    float(mine[k]),
                    float(r[k]),
                    float(tol[k]),
                    _reference_text(case.bound[idx][k], high_at[idx][k], digits_used),
                )
    if skipped:
        notes.append(
            f"{skipped} entr{'y' if skipped == 1 else 'ies'} not judged: there the textbook "
            "float64 formulas overflow or divide by 0 (e.g. 1 − a = 0 at a saturated output), "
            "so no tolerance for your rounding exists"
        )
    if undecided:
        notes.append(
            f"{undecided} entr{'y' if undecided == 1 else 'ies'} could not be decided (a "
            "user-defined function without an mpmath version, or a cost undefined at the "
            "random network): not counted as wrong"
        )
    if first is None:
        return report(
            True,
            entries_checked=checked,
            worst_error_over_tolerance=worst,
            reference_digits=digits_used,
            high_precision_entries=high,
            undecided_entries=undecided,
        )
    assert first_trial is not None
    per = tuple(
        (
            layer + 1,
            param,
            wrong[(layer, param)],
            (s[layer + 1] * (s[layer] if param == "weights" else 1)) * trials,
        )
        for layer, param in order
        if wrong[(layer, param)]
    )
    return report(
        False,
        entries_checked=checked,
        worst_error_over_tolerance=worst_entry_score if worst_entry else worst,
        mismatch=first,
        worst=worst_entry,
        wrong=per,
        hint=_hint(net, description, first_trial, order, batch),
        reference_digits=digits_used,
        high_precision_entries=high,
        undecided_entries=undecided,
    )


def _reference_text(bound: float, by_mpmath: bool, digits: int) -> str:
    if by_mpmath:
        return f"{digits}-digit BP1–BP4"
    return f"float64 BP1–BP4 ± {float(bound):.1e}"


def _high_precision(
    net: Net, case: _Trial, order: Sequence[tuple[int, str]], status: list[Any]
) -> int | None:
    """Decide the open entries by BP1–BP4 at 50 digits (100 if still open); their error bound is
    the float64 one scaled by the smaller unit roundoff. Returns the digits used, or None when
    the network has a user-defined part without an mpmath version."""
    if not net.has_mp:
        return None
    for digits in (50, 100):
        try:
            gw, gb = mp_gradients(net, case.weights, case.biases, case.x, case.y, digits)
        except (ZeroDivisionError, ValueError, OverflowError):
            return None  # a cost undefined at this network (ln 0): nothing to compare
        scale = 4 * 10.0 ** (1 - digits) / UNIT_ROUNDOFF
        still = False
        with mpmath.workdps(digits):
            for idx, (layer, param, r, err, bad, opened) in enumerate(status):
                exact = (gw if param == "weights" else gb)[layer]
                mine, tol, bnd = case.yours[idx], case.tol[idx], case.bound[idx]
                for entry in map(tuple, np.argwhere(opened)):
                    value = exact[entry[0]][entry[1]] if param == "weights" else exact[entry[0]]
                    diff = float(abs(mpmath.mpf(float(mine[entry])) - value))
                    b = float(bnd[entry]) * scale
                    r[entry] = float(value)
                    err[entry] = diff
                    if diff - b > tol[entry]:
                        bad[entry] = True
                        opened[entry] = False
                    elif diff + b <= tol[entry]:
                        opened[entry] = False
                    else:
                        still = True
        if not still:
            return digits
    for *_, opened in status:  # within 10⁻⁸⁰ of the tolerance: the benefit of the doubt
        opened[...] = False
    return 100


# ------------------------------------------------------------ hints


_FACTOR_NAMES = {
    2.0: "2× the correct one: the ½ convention — cost='quadratic' is ½‖aᴸ − y‖² with ∇ₐC = aᴸ − y; "
    "you differentiated ‖aᴸ − y‖² (cost='squared')",
    0.5: "½× the correct one: the ½ convention — cost='squared' is ‖aᴸ − y‖² with ∇ₐC = 2(aᴸ − y); "
    "you differentiated ½‖aᴸ − y‖² (cost='quadratic')",
    -1.0: "the correct one with the wrong sign",
}


def _factor_text(c: float, batch: int) -> str:
    if batch > 1 and abs(c - batch) < 1e-6 * batch:
        return (
            f"{batch}× the correct one: the gradients were summed over the batch, not averaged "
            "(the cost is the mean over the examples)"
        )
    if batch > 1 and abs(c - 1 / batch) < 1e-6 / batch:
        return f"1/{batch} of the correct one: divided by the batch size twice"
    for k, text in _FACTOR_NAMES.items():
        if abs(c - k) < 1e-6:
            return text
    return f"{c:.6g}× the correct one (a constant factor)"


def _fits(
    yours: Sequence[FloatArray], other: Sequence[FloatArray], tol: Sequence[FloatArray]
) -> bool:
    return all(
        bool(np.all(np.abs(a - b) <= t + 1e-8 * np.abs(b)))
        for a, b, t in zip(yours, other, tol, strict=True)
    )


def _constant_factor(case: _Trial, idx: Sequence[int]) -> float | None:
    ys = np.concatenate([case.yours[i].ravel() for i in idx])
    rs = np.concatenate([case.ref[i].ravel() for i in idx])
    if not np.all(np.isfinite(ys)) or not np.any(rs):
        return None
    c = float(ys @ rs / (rs @ rs))
    if c == 0 or abs(c - 1) < 1e-9:
        return None
    tol = [case.tol[i] * abs(c) for i in idx]
    return c if _fits([case.yours[i] for i in idx], [c * case.ref[i] for i in idx], tol) else None


def _variant_lists(
    case: _Trial, order: Sequence[tuple[int, str]], gw: Any, gb: Any
) -> list[FloatArray]:
    return [(gw if p == "weights" else gb)[k] for k, p in order]


_VARIANT_TEXT = {
    "transpose": "your gradients match BP2 with wˡ⁺¹ where (wˡ⁺¹)ᵀ belongs: a missing (or extra) "
    "transpose when the error is passed back a layer",
    "f_for_fprime": "your gradients match BP1/BP2 with the activation f(z) where its derivative "
    "f′(z) belongs (σ for σ′)",
    "next_activation": "your gradients match ∂C/∂wˡ = δˡ (aˡ)ᵀ: an off-by-one layer — BP4 uses "
    "the previous layer's activations aˡ⁻¹ (activations[l], not activations[l + 1])",
    "next_activation_hidden": "your gradients match ∂C/∂wˡ = δˡ (aˡ)ᵀ below the output layer: "
    "an off-by-one layer — BP4 uses the previous layer's activations aˡ⁻¹",
    "quadratic_delta": "your output error δᴸ is the quadratic cost's, (aᴸ − y) ⊙ f′(zᴸ): a wrong "
    "output δ for the {cost} cost",
    "difference_delta": "your output error δᴸ is aᴸ − y (the cross-entropy's with a sigmoid "
    "output, the log-likelihood's with a softmax one): a wrong output δ for {arch}",
}


def _hint(
    net: Net, description: str, case: _Trial, order: Sequence[tuple[int, str]], batch: int
) -> str:
    """A likely cause, from the first failing trial: a constant factor, a classic mistake, or
    another architecture whose gradients yours match."""
    everything = list(range(len(order)))
    c = _constant_factor(case, everything)
    if c is not None:
        return "every entry is " + _factor_text(c, batch)
    bad_groups = [
        i for i in everything if np.any(~(np.abs(case.yours[i] - case.ref[i]) <= case.tol[i]))
    ]
    factors = [(i, _constant_factor(case, [i])) for i in bad_groups]
    if factors and all(f is not None for _, f in factors):
        groups: dict[str, list[str]] = {}
        for i, f in factors:
            layer, param = order[i]
            assert f is not None
            groups.setdefault(_factor_text(f, batch), []).append(f"grad_{param[0]}[{layer}]")
        text = "; ".join(
            f"{', '.join(names)} {'is' if len(names) == 1 else 'are each'} {what}"
            for what, names in groups.items()
        )
        return text + " (the other gradients are right)"
    data = (case.weights, case.biases, case.x, case.y)
    for variant, text in _VARIANT_TEXT.items():
        try:
            gw, gb = plain_gradients(net, *data, variant=variant)
        except (ValueError, AssertionError):
            continue
        if _fits(case.yours, _variant_lists(case, order, gw, gb), case.tol):
            return text.format(cost=net.cost_name.replace("_", " "), arch=description)
    if not (all(isinstance(a, str) for a in net.activations) and isinstance(net.cost, str)):
        return ""
    matches: list[tuple[bool, str]] = []
    kinds = ("sigmoid", "tanh", "identity", "relu", "leaky_relu")  # identity before relu
    hidden_choices = kinds if len(net.activations) > 1 else ("identity",)
    for hidden in hidden_choices:
        for out in (*kinds, "softmax"):
            for cost in BUILTIN_COSTS:
                acts = (hidden,) * (len(net.activations) - 1) + (out,)
                if acts == net.activations and cost == net.cost:
                    continue
                try:
                    alt = Architecture(acts, cost, net.leak)
                except ArchitectureError:
                    continue
                gw, gb = plain_gradients(Net(acts, cost, net.leak), *data)
                if _fits(case.yours, _variant_lists(case, order, gw, gb), case.tol):
                    matches.append((cost != net.cost, alt.describe()))
    if not matches:
        return ""
    names = [m for _other_cost, m in sorted(matches, key=lambda m: m[0])]  # the checked cost first
    also = f" (or: {'; '.join(names[1:4])})" if len(names) > 1 else ""
    return (
        f"your gradients match a network with {names[0]}{also}, not the one checked "
        f"({description}): pass the activations and cost your code implements "
        "(activations=…, cost=…), or fix the code"
    )


def assert_backprop(
    fn: BackpropFunction,
    sizes: Sequence[int],
    cost: CostSpec = "quadratic",
    *,
    activations: ActivationSpec | Sequence[ActivationSpec] | None = None,
    leak: float = DEFAULT_LEAK,
    trials: int = 3,
    batch: int = 3,
    seed: int = 0,
    timeout: float | None = DEFAULT_TIMEOUT,
    weight_scale: float = 1.0,
) -> BackpropReport:
    """:func:`check_backprop`, raising ``AssertionError`` with the report when it fails (pytest).

    Example::

        def test_my_backprop():
            assert_backprop(my_backprop, [3, 4, 2], cost="quadratic")

    Parameters
    ----------
    fn, sizes, cost, activations, leak, trials, batch, seed, timeout, weight_scale
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
    report = check_backprop(
        fn,
        sizes,
        cost,
        activations=activations,
        leak=leak,
        trials=trials,
        batch=batch,
        seed=seed,
        timeout=timeout,
        weight_scale=weight_scale,
    )
    if not report.ok:
        raise AssertionError(str(report))
    return report
