"""The mean-field maps of signal propagation: the variance map q ↦ 𝒱(q) and the slope χ(q).

For a fully connected network whose weights are drawn independently with mean 0 and variance
σ_w²/n_in (n_in the width of the layer they read from) and whose biases have variance σ_b², the
mean-field theory of signal propagation (Poole et al. 2016, "Exponential expressivity in deep
neural networks through transient chaos"; Schoenholz et al. 2017, "Deep Information
Propagation") treats every pre-activation zˡ_j of a wide layer as a Gaussian N(0, qˡ), with

    q^{l+1} = 𝒱(qˡ) = σ_w² E[φ(√qˡ z)²] + σ_b²,        z ~ N(0, 1),

started from the input's own second moment, q¹ = σ_w² E_x[‖x‖²]/n_0 + σ_b² (the first layer's
pre-activations are exactly that sum for given inputs). Backpropagation δˡ = φ′(zˡ) ⊙
(W^{l+1})ᵀ δ^{l+1} (Nielsen's BP2) then gives, with the weights taken independent of the
backpropagated δ^{l+1} (the theory's "gradient independence" assumption),

    E‖δˡ‖² = χˡ · E‖δ^{l+1}‖²,     χˡ = χ(qˡ) = σ_w² E[φ′(√qˡ z)²],

for any widths (the n_l terms of the sum over j cancel the 1/n_l of the variance). So the
predicted ratio of consecutive layers' speeds is ‖δ^{l+1}‖/‖δˡ‖ ≈ 1/√χˡ: for the sigmoid, whose
slope is at most ¼, χ ≤ σ_w²/16 and with σ_w = 1 each layer back is about 4–5 times slower. χ = 1
is the critical line ("edge of chaos") between vanishing (χ < 1) and exploding (χ > 1) gradients.

What the theory predicts is an *expectation over the weights and the examples* of the squared
norm of one example's δˡ_x: the per-example root mean square √(mean_x ‖δˡ_x‖²). Nielsen's "speed"
is the norm of the batch mean, ‖mean_x δˡ_x‖; :func:`measured_norms_at_init` measures both.

Quadrature. E[f(√q z)] is computed by the trapezoidal rule in z on [−13, 13] with step
h = min(⅛, ⅛/√q) (:func:`gaussian_expectation`). For an integrand analytic in a strip
|Im z| < d the rule's error decays like e^{−2πd/h} (Trefethen & Weideman, SIAM Review 56 (2014)
385–458, Thm 5.1); here d = π/(2√q) for tanh (poles of φ′ at ±iπ/2) and π/√q for the sigmoid, so
the error is below e^{−π²/(√q h)} ≤ e^{−78} times the integrand's size, and the tails beyond
|z| = 13 weigh < 10⁻³⁷. (Gauss–Hermite quadrature with a fixed number of nodes was tried
first: its error grows with q, to 10⁻³ at q = 10 and order 1 at q = 100 with 61–201 nodes,
because the integrand's poles approach the real axis as √q grows; the trapezoid rule's step
follows them.) The results agree with mpmath's adaptive quadrature at 30 digits to 10⁻¹³
relative or better (tests/test_mean_field.py). For ReLU the integrals have closed forms,
E[relu(√q z)²] = q/2 and E[relu′(√q z)²] = ½, which are used exactly (a kink makes any quadrature
converge only slowly).

NumPy only (no SymPy): importing this module is cheap. The proved and certified statements
(the law itself, the fixed point q*, χ = σ_w²/2 for ReLU, χ ≤ σ_w²/16 for the sigmoid) are the
claims of :mod:`gradproof.proofs.mean_field`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: The activations the maps are defined for (names of :data:`gradproof.networks.LAYER_ACTIVATIONS`).
ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu")

#: The trapezoidal rule's half-range in z (Gaussian tail beyond it < 10⁻³⁷) and its largest step.
Z_MAX = 13.0
STEP = 0.125


def _sech2(u: Any) -> Any:
    """sech²(u) = 4e^{−2|u|}/(1 + e^{−2|u|})², without overflow for large |u|."""
    e = np.exp(-2.0 * np.abs(u))
    return 4.0 * e / (1.0 + e) ** 2


def activation_and_slope(activation: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(φ, φ′) as vectorised NumPy functions, without overflow for large |u|: the sigmoid
    ½(1 + tanh(u/2)) with slope ¼ sech²(u/2) = σ(1 − σ), tanh with sech², ReLU max(u, 0) with the
    step 1[u > 0]."""
    if activation == "sigmoid":
        return (lambda u: 0.5 * (1.0 + np.tanh(0.5 * u))), (lambda u: 0.25 * _sech2(0.5 * u))
    if activation == "tanh":
        return np.tanh, _sech2
    if activation == "relu":
        return (lambda u: np.maximum(u, 0.0)), (lambda u: (u > 0).astype(np.float64))
    raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")


def _check_q(q: float) -> float:
    qf = float(q)
    if not (math.isfinite(qf) and qf >= 0):
        raise ValueError(f"q (a variance) must be finite and ≥ 0, got {q!r}")
    return qf


def gaussian_expectation(f: Callable[[Any], Any], q: float) -> float:
    """E[f(√q z)] for z ~ N(0, 1), by the trapezoidal rule described in the module docstring.

    ``f`` must be vectorised (NumPy in, NumPy out) and analytic near the real axis, with poles
    no closer than ~π/2 to it (true of φ, φ² and φ′² for the sigmoid and tanh). q = 0 gives f(0).
    """
    qf = _check_q(q)
    if qf == 0.0:
        return float(f(np.zeros(1))[0])
    h = min(STEP, STEP / math.sqrt(qf))
    k = math.ceil(Z_MAX / h)
    z = np.arange(-k, k + 1, dtype=np.float64) * h
    weights = h * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return float(np.dot(weights, f(math.sqrt(qf) * z)))


def second_moment(activation: str, q: float) -> float:
    """E[φ(√q z)²], z ~ N(0, 1): the mean square of the layer's outputs when zˡ ~ N(0, q)."""
    _check_activation(activation)
    if activation == "relu":
        return 0.5 * _check_q(q)
    phi, _ = activation_and_slope(activation)
    return gaussian_expectation(lambda u: phi(u) ** 2, q)


def slope_moment(activation: str, q: float) -> float:
    """E[φ′(√q z)²], z ~ N(0, 1) (for ReLU exactly ½ whenever q > 0)."""
    _check_activation(activation)
    if activation == "relu":
        _check_q(q)
        return 0.5
    _, prime = activation_and_slope(activation)
    return gaussian_expectation(lambda u: prime(u) ** 2, q)


def variance_map(activation: str, q: float, sigma_w: float, sigma_b: float) -> float:
    """𝒱(q) = σ_w² E[φ(√q z)²] + σ_b²: the next layer's pre-activation variance."""
    return sigma_w**2 * second_moment(activation, q) + sigma_b**2


def chi(activation: str, q: float, sigma_w: float) -> float:
    """χ(q) = σ_w² E[φ′(√q z)²]: the factor E‖δˡ‖² = χ(qˡ) E‖δ^{l+1}‖² of the mean-field law."""
    return sigma_w**2 * slope_moment(activation, q)


def first_layer_q(x: Any, sigma_w: float, sigma_b: float) -> float:
    """q¹ = σ_w² E_x[‖x‖²]/n_0 + σ_b²: the first layer's pre-activation variance for inputs x
    (one per row), averaged over the examples — the data's own first-layer second moment."""
    xa = np.asarray(x, dtype=np.float64)
    if xa.ndim != 2 or xa.shape[0] < 1 or xa.shape[1] < 1:
        raise ValueError(f"x must be a non-empty batch of shape (n, n_0), got {xa.shape}")
    return float(sigma_w**2 * np.mean(np.sum(xa * xa, axis=1)) / xa.shape[1] + sigma_b**2)


def q_sequence(
    activation: str, q1: float, layers: int, sigma_w: float, sigma_b: float
) -> FloatArray:
    """q¹, q², …, q^{layers}: the variance map iterated from q¹."""
    if layers < 1:
        raise ValueError(f"layers must be ≥ 1, got {layers}")
    qs = [_check_q(q1)]
    for _ in range(layers - 1):
        qs.append(variance_map(activation, qs[-1], sigma_w, sigma_b))
    return np.array(qs)


def fixed_point(
    activation: str, sigma_w: float, sigma_b: float, *, q0: float = 1.0, tol: float = 1e-14
) -> float:
    """q* = 𝒱(q*), by iterating the map from q0 (the sigmoid's and tanh's map is a contraction
    towards its unique attracting fixed point; see claim q_map_fixed_point). Not for ReLU, whose
    map σ_w² q/2 + σ_b² has no finite fixed point when σ_w² ≥ 2. Raises ValueError if the
    iteration has not converged in 10,000 steps."""
    if activation == "relu":
        raise ValueError("ReLU's variance map has no finite fixed point for σ_w² ≥ 2")
    q = _check_q(q0)
    for _ in range(10_000):
        new = variance_map(activation, q, sigma_w, sigma_b)
        if abs(new - q) <= tol * max(1.0, new):
            return new
        q = new
    raise ValueError(f"the variance map did not converge from q0 = {q0} (σ_w = {sigma_w})")


@dataclass(frozen=True)
class Prediction:
    """The mean-field prediction for the hidden layers 1 … H of one network.

    ``q[l]`` and ``chi[l]`` for hidden layer l + 1; ``predicted_ratio[l]`` = 1/√χ^{l+1}, the
    predicted ‖δ^{l+2}‖/‖δ^{l+1}‖ for the pair of consecutive hidden layers (l + 1, l + 2), so
    it has H − 1 entries.
    """

    activation: str
    sigma_w: float
    sigma_b: float
    q: tuple[float, ...]
    chi: tuple[float, ...]

    @property
    def predicted_ratio(self) -> tuple[float, ...]:
        return tuple(1.0 / math.sqrt(c) for c in self.chi[:-1])


def predict(
    x: Any, hidden: int, *, activation: str = "sigmoid", sigma_w: float = 1.0, sigma_b: float = 1.0
) -> Prediction:
    """The mean-field prediction for ``hidden`` hidden layers on inputs ``x`` (one per row):
    q¹ from the data (:func:`first_layer_q`), then the variance map, χ at each qˡ."""
    q1 = first_layer_q(x, sigma_w, sigma_b)
    qs = q_sequence(activation, q1, hidden, sigma_w, sigma_b)
    return Prediction(
        activation,
        float(sigma_w),
        float(sigma_b),
        tuple(float(v) for v in qs),
        tuple(chi(activation, float(v), sigma_w) for v in qs),
    )


def predicted_log10_gain(
    activation: str, q1: float, depth: int, sigma_w: float, sigma_b: float
) -> float:
    """Σ_{l=1}^{D−1} log10 √χˡ: the predicted log10 ‖δ¹‖/‖δᴰ‖ over ``depth`` = D layers, with qˡ
    iterated from q¹. At the fixed point (qˡ = q* for every l) it is (D − 1)·log10 √χ(q*)."""
    qs = q_sequence(activation, q1, depth, sigma_w, sigma_b)
    return float(sum(0.5 * math.log10(chi(activation, float(v), sigma_w)) for v in qs[:-1]))


def geometric_mean(values: Sequence[float] | FloatArray, axis: int = 0) -> Any:
    """exp(mean(log values)) along ``axis``."""
    return np.exp(np.log(np.asarray(values, dtype=np.float64)).mean(axis=axis))
