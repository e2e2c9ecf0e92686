"""Course-style backpropagation for every activation and cost, written here by hand.

In the style of Nielsen's ``network2.py``: column vectors, one example at a time, the gradients
summed over the batch then divided by its size; activations and costs as small classes with
``fn``/``prime`` and ``delta`` methods. Nothing here is taken from gradproof. Planted bugs
(``bug=``) make the classic mistakes the checker's hints name.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _sigmoid(z: Any) -> Any:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, no overflow


ACTS: dict[str, tuple[Any, Any]] = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * _sigmoid(-z)),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
}


def _leaky(eps: float) -> tuple[Any, Any]:
    return (lambda z: np.where(z > 0, z, eps * z), lambda z: np.where(z > 0, 1.0, eps))


def _softmax(z: Any) -> Any:
    e = np.exp(z - z.max())
    return e / e.sum()


def _output_delta(out: str, cost: str, z: Any, a: Any, y: Any, bug: str, eps: float) -> Any:
    """δᴸ for one example (column vectors)."""
    if out == "softmax":
        if cost in ("categorical_cross_entropy", "log_likelihood") and bug != "quadratic_delta":
            return a - y  # Nielsen ch. 3 eq. (84); y sums to 1
        if cost == "cross_entropy" and bug != "quadratic_delta":
            ag = (a - y) / (a.sum() - a)  # a_j g_j, g_j = (a_j − y_j)/(a_j(1 − a_j))
            return ag - a * ag.sum()  # Jᵀg without dividing by a_j (it may underflow to 0)
        g = 2 * (a - y) if cost == "squared" else a - y
        if bug == "quadratic_delta":
            g = a - y
        return a * (g - (a * g).sum())  # Jᵀg, J = diag(a) − a aᵀ
    f, fprime = _leaky(eps) if out == "leaky_relu" else ACTS[out]
    slope = f(z) if bug == "sigma_for_prime" else fprime(z)
    if bug == "quadratic_delta":
        return (a - y) * slope
    if cost == "cross_entropy":  # network2.py's CrossEntropyCost.delta
        return a - y
    if cost in ("categorical_cross_entropy", "log_likelihood"):  # sigmoid output
        return -y * _sigmoid(-z) if bug != "sigma_for_prime" else -y / a * slope
    if cost == "squared" or bug == "half":
        return 2 * (a - y) * slope
    return (a - y) * slope


def make_backprop(activations: tuple[str, ...], cost: str, eps: float = 0.01, bug: str = "") -> Any:
    """fn(weights, biases, x, y) -> (grad_w, grad_b) for the batch-mean cost."""

    def backprop(weights: Any, biases: Any, x: Any, y: Any) -> Any:
        with np.errstate(all="ignore"):  # saturated networks: inf and nan are judged, not shown
            return _backprop(weights, biases, x, y)

    def _backprop(weights: Any, biases: Any, x: Any, y: Any) -> Any:
        nabla_w = [np.zeros(w.shape) for w in weights]
        nabla_b = [np.zeros((b.size, 1)) for b in biases]
        for xi, yi in zip(x, y, strict=True):
            activation = xi.reshape(-1, 1)
            acts, zs = [activation], []
            for layer, (b, w) in enumerate(zip(biases, weights, strict=True)):
                z = np.dot(w, activation) + b.reshape(-1, 1)
                zs.append(z)
                name = activations[layer]
                if name == "softmax":
                    activation = _softmax(z)
                else:
                    activation = (_leaky(eps) if name == "leaky_relu" else ACTS[name])[0](z)
                acts.append(activation)
            delta = _output_delta(
                activations[-1], cost, zs[-1], acts[-1], yi.reshape(-1, 1), bug, eps
            )
            nabla_b[-1] += delta
            nabla_w[-1] += np.dot(delta, acts[-2].T)
            for ell in range(2, len(weights) + 1):
                name = activations[-ell]
                f, fprime = _leaky(eps) if name == "leaky_relu" else ACTS[name]
                slope = f(zs[-ell]) if bug == "sigma_for_prime" else fprime(zs[-ell])
                w = weights[-ell + 1]
                back = np.dot(w, delta) if bug == "transpose" else np.dot(w.T, delta)
                delta = back * slope
                nabla_b[-ell] += delta
                prev = acts[-ell] if bug == "off_by_one" else acts[-ell - 1]
                nabla_w[-ell] += np.dot(delta, prev.T)
        m = 1 if bug == "summed" else len(x)
        return [nw / m for nw in nabla_w], [nb / m for nb in nabla_b]

    return backprop


def combinations() -> list[tuple[str, str, str]]:
    """(hidden, output, cost): every activation and cost the checker accepts."""
    hidden = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
    out = (*hidden, "softmax")
    logs = ("cross_entropy", "categorical_cross_entropy", "log_likelihood")
    found = []
    for h in hidden:
        for o in out:
            for c in ("quadratic", "squared", *logs):
                if c in logs and o not in ("sigmoid", "softmax"):
                    continue
                found.append((h, o, c))
    return found
