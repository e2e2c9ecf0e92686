"""Numerics for a chain of single neurons: forward pass, bias gradients, finite differences.

The chain (Nielsen ch. 5 eq. (114)–(122); lecture notes §3.1) has one neuron per layer:
z_j = w_j a_{j−1} + b_j, a_j = f(z_j), j = 1..L, and a cost C(a_L). Claim
``chain_grad_any_depth`` proves ∂C/∂b_j = f′(z_j) ∏_{k>j} w_k f′(z_k) · C′(a_L) (f = σ; for a
general f, claim ``larger_derivative_still_unstable``). This module evaluates that product three
ways, so the claims in :mod:`gradproof.proofs.chain` can compare it with *independent* central
finite differences of the cost:

* float64 (:func:`bias_gradients`) — underflows to 0 in deep chains;
* log space (:func:`log_bias_gradients`) — (sign, ln|∂C/∂b_j|), never underflows: the one
  log-space convention of :func:`gradproof.chain_bias_gradients_log` (which it calls for the
  sigmoid), extended to tanh;
* mpmath at any precision (:func:`mp_bias_gradients`, :func:`mp_central_difference`).

Activations are named: ``"sigmoid"`` (σ) or ``"tanh"``. Only NumPy and mpmath are imported.
This module defines no claims.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
import numpy.typing as npt

from gradproof.numerics import formulas

FloatArray = npt.NDArray[np.float64]
ACTIVATIONS = ("sigmoid", "tanh")


def _params(
    w: Sequence[float] | FloatArray, b: Sequence[float] | FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``w`` and ``b`` as float64 vectors of the same length L ≥ 1, or a ValueError naming them."""
    wa = np.asarray(w, dtype=np.float64)
    ba = np.asarray(b, dtype=np.float64)
    if wa.ndim != 1 or wa.size == 0:
        raise ValueError(f"w must be a non-empty 1-d sequence of weights, got shape {wa.shape}")
    if ba.shape != wa.shape:
        raise ValueError(
            f"b must have one bias per weight: len(w) = {wa.size}, but b has shape {ba.shape}"
        )
    return wa, ba


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")


def _f(x: Any, activation: str) -> Any:
    return formulas.sigmoid(x) if activation == "sigmoid" else np.tanh(x)


def _f_prime(x: Any, activation: str) -> Any:
    if activation == "sigmoid":
        return formulas.sigmoid_prime(x)
    return 1.0 / np.cosh(x) ** 2


def forward(
    w: Sequence[float] | FloatArray,
    b: Sequence[float] | FloatArray,
    a0: float,
    activation: str = "sigmoid",
) -> tuple[FloatArray, FloatArray]:
    """Forward pass in float64: ``(z, a)`` with z_j = w_j a_{j−1} + b_j and a_j = f(z_j)."""
    _check_activation(activation)
    wa, ba = _params(w, b)
    z = np.empty_like(wa)
    a = np.empty_like(wa)
    prev = float(a0)
    for k in range(wa.size):
        z[k] = wa[k] * prev + ba[k]
        a[k] = _f(z[k], activation)
        prev = float(a[k])
    return z, a


def bias_gradients(
    w: Sequence[float] | FloatArray,
    b: Sequence[float] | FloatArray,
    a0: float,
    dC_daL: float,
    activation: str = "sigmoid",
) -> FloatArray:
    """The proved product ∂C/∂b_j = f′(z_j) ∏_{k>j} w_k f′(z_k) · dC_daL, j = 1..L, in float64.

    Computed naively (a running product from the output backwards); it underflows to 0 in deep
    chains — see :func:`log_bias_gradients`.
    """
    wa, _ = _params(w, b)
    z, _ = forward(w, b, a0, activation)
    fp = np.asarray(_f_prime(z, activation), dtype=np.float64)
    out = np.empty_like(wa)
    tail = float(dC_daL)  # ∏_{k>j} w_k f′(z_k) · dC_daL
    for j in range(wa.size - 1, -1, -1):
        out[j] = fp[j] * tail
        tail = tail * wa[j] * fp[j]
    return out


def _ln_tanh_prime(z: FloatArray) -> FloatArray:
    """ln(1/cosh² z) = 2 ln 2 − 2|z| − 2 ln(1 + e^{−2|z|}): finite for every finite z."""
    az = np.abs(z)
    return np.asarray(2.0 * math.log(2.0) - 2.0 * az - 2.0 * np.log1p(np.exp(-2.0 * az)))


def log_bias_gradients(
    w: Sequence[float] | FloatArray,
    b: Sequence[float] | FloatArray,
    a0: float,
    dC_daL: float,
    activation: str = "sigmoid",
) -> tuple[FloatArray, FloatArray]:
    """``(sign, ln|∂C/∂b_j|)`` for j = 1..L: the proved product, summed in log space.

    The convention of :func:`gradproof.chain_bias_gradients_log` (like ``numpy.linalg.slogdet``:
    the sign first, then the natural logarithm); for the sigmoid it *is* that function, for tanh
    the same sum with ln tanh′. A zero weight or ``dC_daL = 0`` gives sign 0 and −inf.
    """
    _check_activation(activation)
    wa, ba = _params(w, b)
    if activation == "sigmoid":
        sign, logabs = formulas.chain_bias_gradients_log(wa, ba, float(a0), float(dC_daL))
        return np.asarray(sign, dtype=np.float64), np.asarray(logabs, dtype=np.float64)
    z, _ = forward(wa, ba, a0, activation)
    lfp = _ln_tanh_prime(z)
    with np.errstate(divide="ignore"):
        lw = np.log(np.abs(wa))
        lc = math.log(abs(dC_daL)) if dC_daL != 0 else -math.inf
    logs = np.empty_like(wa)
    signs = np.empty_like(wa)
    tail_log, tail_sign = lc, float(np.sign(dC_daL))
    for j in range(wa.size - 1, -1, -1):
        logs[j] = lfp[j] + tail_log
        signs[j] = tail_sign + 0.0
        tail_log += lw[j] + lfp[j]
        tail_sign *= float(np.sign(wa[j]))
    return signs, logs


# --------------------------------------------------------------------------- mpmath


def _mp_f(x: Any, activation: str) -> Any:
    return 1 / (1 + mpmath.exp(-x)) if activation == "sigmoid" else mpmath.tanh(x)


def _mp_f_prime(x: Any, activation: str) -> Any:
    if activation == "sigmoid":
        s = 1 / (1 + mpmath.exp(-x))
        return s * (1 - s)
    return 1 / mpmath.cosh(x) ** 2


def mp_forward(
    w: Sequence[Any], b: Sequence[Any], a0: Any, activation: str = "sigmoid"
) -> tuple[list[Any], list[Any]]:
    """Forward pass in mpmath at the current precision: lists ``(z, a)``."""
    _check_activation(activation)
    if len(w) != len(b) or not w:
        raise ValueError(f"w and b must be non-empty and equally long, got {len(w)} and {len(b)}")
    z: list[Any] = []
    a: list[Any] = []
    prev = mpmath.mpf(a0)
    for wk, bk in zip(w, b, strict=True):
        zk = mpmath.mpf(wk) * prev + mpmath.mpf(bk)
        z.append(zk)
        prev = _mp_f(zk, activation)
        a.append(prev)
    return z, a


def mp_bias_gradients(
    w: Sequence[Any], b: Sequence[Any], a0: Any, dC_daL: Any, activation: str = "sigmoid"
) -> list[Any]:
    """The proved product for every j, in mpmath at the current precision (no underflow)."""
    z, _ = mp_forward(w, b, a0, activation)
    out: list[Any] = [mpmath.mpf(0)] * len(w)
    tail = mpmath.mpf(dC_daL)
    for j in range(len(w) - 1, -1, -1):
        fp = _mp_f_prime(z[j], activation)
        out[j] = fp * tail
        tail = tail * mpmath.mpf(w[j]) * fp
    return out


def mp_central_difference(
    cost: Callable[[Any], Any],
    w: Sequence[Any],
    b: Sequence[Any],
    a0: Any,
    j: int,
    h: Any,
    activation: str = "sigmoid",
) -> Any:
    """(C(a_L(b_j + h)) − C(a_L(b_j − h)))/(2h) in mpmath at the current precision (j is 1-based).

    Independent of the closed form: it only runs the chain forwards. The truncation error is
    O(h²); choose the precision so that 10^{−dps}/h is far below the gradient.
    """
    if not 1 <= j <= len(b):
        raise ValueError(f"j must be a layer index in 1..{len(b)}, got {j}")
    hh = mpmath.mpf(h)

    def cost_at(shift: Any) -> Any:
        bb = [mpmath.mpf(x) for x in b]
        bb[j - 1] += shift
        return cost(mp_forward(w, bb, a0, activation)[1][-1])

    return (cost_at(hh) - cost_at(-hh)) / (2 * hh)


def central_difference(
    cost: Callable[[float], float],
    w: Sequence[float] | FloatArray,
    b: Sequence[float] | FloatArray,
    a0: float,
    j: int,
    h: float = 1e-6,
    activation: str = "sigmoid",
) -> float:
    """Float64 central difference of C(a_L) in b_j (j is 1-based); error O(h²) + O(ε/h)."""
    wa, ba = _params(w, b)
    if not 1 <= j <= wa.size:
        raise ValueError(f"j must be a layer index in 1..{wa.size}, got {j}")

    def cost_at(shift: float) -> float:
        bb = ba.copy()
        bb[j - 1] += shift
        return float(cost(float(forward(wa, bb, a0, activation)[1][-1])))

    return (cost_at(h) - cost_at(-h)) / (2.0 * h)
