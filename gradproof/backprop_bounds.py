"""The reference of :func:`gradproof.backprop_check.check_backprop`: BP1–BP4 in float64 with a
rigorous error bound per entry, and at 50+ digits (mpmath) for the entries the bound leaves open.

**The equations** (Nielsen ch. 2 BP1–BP4, ch. 3 for softmax), for any elementwise activation f
of a layer and a softmax output a_j = e^{z_j}/Σ_k e^{z_k}::

    δᴸ = ∇ₐC ⊙ f′(zᴸ)                   (elementwise output)
    δᴸ_j = a_j (g_j − Σ_k a_k g_k)      (softmax output: Jᵀg with J = diag(a) − a aᵀ, g = ∇ₐC)
    δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f′(zˡ),   ∂C/∂bˡ = δˡ,   ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ   (batch means)

with three exact simplifications used by the reference because they are well conditioned where
the general form is not (outputs near 0 or 1): sigmoid + binary cross-entropy δᴸ = aᴸ − y;
sigmoid + categorical cross-entropy / log-likelihood δᴸ = −y ⊙ (1 − aᴸ), with 1 − σ(z)
computed as σ(−z); softmax + categorical cross-entropy / log-likelihood δᴸ = aᴸ·Σ_k y_k − y
(= aᴸ − y for a probability vector or one-hot y; Nielsen ch. 3 eq. (84)).

**The error bound** is a running (forward) error analysis in the standard model of floating
point arithmetic, |fl(a ∘ b) − a ∘ b| ≤ u|a ∘ b| with u = 2⁻⁵³: every computed quantity q̂ carries
a bound e_q ≥ |q̂ − q| on its distance from the exact value q of the same formula at the same
float64 inputs. Sums of n products get γₙ = nu/(1 − nu) times the sum of magnitudes (any order of
summation, BLAS included); the library functions exp, tanh and cosh are taken to be accurate to
``C_FUN`` = 4 ulps (glibc documents ≤ 1–2); an error e_z in z moves σ(z) by at most
σ′(ẑ)e^{e_z}e_z (|d ln σ′/dz| ≤ 1; for tanh ≤ 2), a softmax by a factor within e^{±2 max e_z},
ReLU by at most e_z (1-Lipschitz). Where a ReLU's pre-activation is within its bound of 0 the
sign (hence f′) is unknown: :func:`relu_margin_ok` lets the caller draw another network.

**The tolerance for your code** is the same analysis run on the *naive* forms a course teaches —
1 − a subtracted from a computed a, σ′ = a(1 − a), tanh′ = 1 − a², ∇ₐC = (a − y)/(a(1 − a)),
the softmax Jacobian — so it includes the conditioning of ∇ₐC near saturation (a relative error
u·a/(1 − a) in 1 − a when a is near 1), times ``TOL_FACTOR``.

A user-defined activation or cost has no known error analysis: the bound then assumes f, f′ and
∇ₐC accurate to 4 ulps and estimates f″ and the Jacobian of ∇ₐC by differences (stated in the
report); without mpmath versions of them, entries the bound cannot decide are left undecided
(never blamed).

NumPy and mpmath only (no SymPy).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
U = 2.0**-53
C_FUN = 4.0
TINY = 1e-300
#: the tolerance for your code: this many times the naive-form error bound
TOL_FACTOR = 16.0

ELEMENTWISE = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
BUILTIN_COSTS = (
    "quadratic",
    "squared",
    "cross_entropy",
    "categorical_cross_entropy",
    "log_likelihood",
)


def gamma(k: int) -> float:
    """γ_k = ku/(1 − ku), the bound on the relative rounding of k operations."""
    return k * U / (1 - k * U)


@dataclass(frozen=True)
class Activation:
    """An activation: f and f′ as NumPy functions (elementwise), optionally their mpmath
    versions (``mp_f``, ``mp_prime``: one mpf to one mpf) for the high-precision reference."""

    name: str
    f: Callable[[FloatArray], Any]
    prime: Callable[[FloatArray], Any]
    mp_f: Callable[[Any], Any] | None = None
    mp_prime: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class CostFunctions:
    """A user-defined per-example cost: ``value(a, y)`` (m,) and ``grad(a, y)`` = ∇ₐC (m, n_L)
    in NumPy; ``mp_value(a, y)`` (lists of mpf, one example) for the high-precision reference."""

    name: str
    value: Callable[[FloatArray, FloatArray], Any]
    grad: Callable[[FloatArray, FloatArray], Any]
    mp_value: Callable[[Sequence[Any], Sequence[Any]], Any] | None = None


@dataclass(frozen=True)
class Net:
    """What the reference computes: per-layer activations (a name or an :class:`Activation`),
    the cost (a name or a :class:`CostFunctions`), the leaky ReLU's ε."""

    activations: tuple[str | Activation, ...]
    cost: str | CostFunctions
    leak: float = 0.01

    def kind(self, layer: int) -> str:
        act = self.activations[layer]
        return act if isinstance(act, str) else "custom"

    @property
    def cost_name(self) -> str:
        return self.cost if isinstance(self.cost, str) else "custom"

    @property
    def has_mp(self) -> bool:
        """Whether every part has an mpmath version (the built-ins do)."""
        acts_ok = all(
            isinstance(a, str) or (a.mp_f is not None and a.mp_prime is not None)
            for a in self.activations
        )
        return acts_ok and (isinstance(self.cost, str) or self.cost.mp_value is not None)


# ------------------------------------------------------------------ float64 values and bounds


@dataclass
class LayerValues:
    """One layer's forward values with their error bounds (arrays (m, n))."""

    z: FloatArray
    ez: FloatArray
    a: FloatArray
    ea: FloatArray
    fp: FloatArray  # f′(z) (unused for softmax)
    efp: FloatArray
    a1: FloatArray | None = None  # 1 − a (sigmoid, softmax)
    ea1: FloatArray | None = None


def sigmoid_pair(z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(σ(z), σ(−z)) = (a, 1 − a), both to a few ulps relative (no cancellation in 1 − a)."""
    with np.errstate(over="ignore", under="ignore"):
        e = np.exp(-np.abs(z))
        one = 1.0 / (1.0 + e)
        other = e / (1.0 + e)
    pos = z >= 0
    return np.where(pos, one, other), np.where(pos, other, one)


def _rel_recip(x: FloatArray, ex: FloatArray) -> FloatArray:
    """A bound on |1/x_exact − 1/x̂|·|x̂| given |x̂ − x_exact| ≤ ex (inf when ex ≥ x̂ > 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = ex / (np.abs(x) - ex)
    return np.where((ex < np.abs(x)) & np.isfinite(r), r, np.inf)


def _custom_second(act: Activation, z: FloatArray, fp: FloatArray) -> FloatArray:
    h = 1e-4 * (1 + np.abs(z))
    with np.errstate(all="ignore"):
        d = np.abs(np.asarray(act.prime(z + h), float) - np.asarray(act.prime(z - h), float))
    return np.nan_to_num(d / (2 * h), nan=np.inf) + 1e-3 * np.abs(fp)


def activate(net: Net, layer: int, z: FloatArray, ez: FloatArray, naive: bool) -> LayerValues:
    """f(z), f′(z) of layer ``layer`` (0-based) with their error bounds."""
    kind = net.kind(layer)
    zero = np.zeros_like(z)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if kind == "sigmoid":
            s, s1 = sigmoid_pair(z)
            k = np.exp(np.minimum(ez, 700.0))
            drift = s * s1 * k * ez
            rel = (C_FUN + 3) * U
            ea = drift + rel * s
            fp = s * s1
            if naive:  # σ to u absolute (e.g. ½(1 + tanh(z/2))); 1 − a subtracted; σ′ = a(1 − a)
                ea = ea + 2 * U
                ea1 = ea + U * s1
                efp = ea * (np.abs(1 - 2 * s) + ea) + 3 * U * fp
            else:
                ea1 = drift + rel * s1
                efp = fp * (np.expm1(np.minimum(ez, 700.0)) + (2 * rel + U) * 1.01)
            return LayerValues(z, ez, s, ea, fp, efp, s1, ea1)
        if kind == "tanh":
            t = np.tanh(z)
            sech = 1.0 / np.cosh(z)
            fp = sech * sech
            k2 = np.exp(np.minimum(2 * ez, 700.0))
            ea = fp * k2 * ez + C_FUN * U * np.abs(t)
            if naive:  # 1 − tanh²
                efp = (2 * np.abs(t) + ea) * ea + 2 * U
            else:
                efp = fp * (np.expm1(np.minimum(2 * ez, 700.0)) + (2 * C_FUN + 4) * U)
            return LayerValues(z, ez, t, ea, fp, efp)
        if kind in ("relu", "leaky_relu"):
            eps = 0.0 if kind == "relu" else float(net.leak)
            pos, neg = z > ez, z < -ez
            a = np.where(z > 0, z, eps * z)
            ea = np.where(pos, ez, np.where(neg, eps * ez + U * np.abs(a), ez + U * np.abs(a)))
            fp = np.where(z > 0, 1.0, eps)
            efp = np.where(pos | neg, 0.0, 1.0 - eps)
            return LayerValues(z, ez, a, ea, fp, efp)
        if kind == "identity":
            return LayerValues(z, ez, z.copy(), ez.copy(), np.ones_like(z), zero)
        if kind == "softmax":
            n = z.shape[1]
            zmax = z.max(axis=1, keepdims=True)
            e = np.exp(z - zmax)
            total = e.sum(axis=1, keepdims=True)
            a = e / total
            others = e @ (np.ones((n, n)) - np.eye(n)) / total  # 1 − a_j = Σ_{k≠j} a_k
            rel_e = C_FUN * U + 1.01 * U * np.abs(z - zmax)
            rel = (rel_e.max(axis=1, keepdims=True) * 2 + rel_e + gamma(n + 2)) * 1.01
            big = np.expm1(np.minimum(2 * ez.max(axis=1, keepdims=True), 700.0))
            ea = a * (big + rel) * 1.01 + (TINY if naive else 0.0)  # exp may underflow
            ea1 = ea + U * others if naive else others * (big + rel) * 1.01
            return LayerValues(z, ez, a, ea, zero, zero, others, ea1)
        act = net.activations[layer]
        assert isinstance(act, Activation)
        a = np.asarray(act.f(z), dtype=np.float64)
        fp = np.asarray(act.prime(z), dtype=np.float64)
        ea = 2 * np.abs(fp) * ez + 4 * U * np.abs(a)
        efp = 2 * _custom_second(act, z, fp) * ez + 4 * U * np.abs(fp)
        return LayerValues(z, ez, a, ea, fp, efp)


def cost_gradient(net: Net, out: LayerValues, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(∇ₐC, its error bound) for the general (unsimplified) forms."""
    a, ea, name = out.a, out.ea, net.cost_name
    with np.errstate(all="ignore"):
        if name == "quadratic":
            g = a - y
            return g, ea + U * np.abs(g)
        if name == "squared":
            g = 2 * (a - y)
            return g, 2 * ea + U * np.abs(g)
        if name == "cross_entropy":
            a1 = out.a1 if out.a1 is not None else 1 - a
            ea1 = out.ea1 if out.ea1 is not None else ea + U
            d = a - y
            den = a * a1
            r = (1 + _rel_recip(a, ea)) * (1 + _rel_recip(a1, ea1)) * (1 + U) - 1
            g = d / den
            eg = (ea + U * np.abs(d)) * (1 + r) / den + np.abs(d) * r / den + 2 * U * np.abs(g)
            return g, np.nan_to_num(eg, nan=np.inf)
        if name in ("categorical_cross_entropy", "log_likelihood"):
            g = -y / a
            eg = np.abs(g) * (_rel_recip(a, ea) + U) * 1.01
            return g, np.nan_to_num(eg, nan=np.inf)
        cost = net.cost
        assert isinstance(cost, CostFunctions)
        g = np.asarray(cost.grad(a, y), dtype=np.float64)
        eg = 8 * U * np.abs(g)
        for k in range(a.shape[1]):  # the Jacobian of ∇ₐC by forward differences, column k
            h = 1e-6 * (1 + np.abs(a[:, k]))
            shifted = a.copy()
            shifted[:, k] += h
            col = (np.asarray(cost.grad(shifted, y), dtype=np.float64) - g) / h[:, None]
            eg += 2 * np.abs(np.nan_to_num(col, nan=np.inf)) * ea[:, k : k + 1]
        return g, eg


def output_delta(
    net: Net, out: LayerValues, y: FloatArray, naive: bool
) -> tuple[FloatArray, FloatArray]:
    """(δᴸ, its error bound); the simplified forms for the reference, the general ones for the
    tolerance (``naive``)."""
    kind, cost = net.kind(len(net.activations) - 1), net.cost_name
    a, ea = out.a, out.ea
    n = a.shape[1]
    if not naive and kind == "sigmoid" and cost == "cross_entropy":
        d = a - y
        return d, ea + U * np.abs(d)
    if not naive and kind == "sigmoid" and cost in ("categorical_cross_entropy", "log_likelihood"):
        assert out.a1 is not None and out.ea1 is not None
        d = -y * out.a1
        return d, np.abs(y) * out.ea1 + U * np.abs(d)
    if not naive and kind == "softmax" and cost in ("categorical_cross_entropy", "log_likelihood"):
        sy = y.sum(axis=1, keepdims=True)
        d = a * sy - y
        ed = ea * np.abs(sy) + gamma(n + 2) * (a * np.abs(y).sum(axis=1, keepdims=True) + np.abs(y))
        return d, ed
    if not naive and kind == "softmax" and cost == "cross_entropy":
        # a_j g_j = (a_j − y_j)/(1 − a_j): no division by a_j (which may underflow)
        assert out.a1 is not None and out.ea1 is not None
        with np.errstate(all="ignore"):
            d0 = a - y
            r1 = _rel_recip(out.a1, out.ea1)
            ag = d0 / out.a1
            eag = (ea + U * np.abs(d0)) * (1 + r1) / out.a1 + np.abs(d0) * r1 / out.a1
            eag = eag + U * np.abs(ag)
            dot = ag.sum(axis=1, keepdims=True)  # Σ_k a_k g_k
            edot = eag.sum(axis=1, keepdims=True) + gamma(n) * np.abs(ag).sum(axis=1, keepdims=True)
            d = ag - a * dot
            ed = eag + ea * (np.abs(dot) + edot) + a * edot
            ed = ed + gamma(2) * (np.abs(ag) + a * np.abs(dot))
        return d, np.nan_to_num(ed, nan=np.inf)
    g, eg = cost_gradient(net, out, y)
    with np.errstate(all="ignore"):
        if kind == "softmax":
            ag = a * g
            dot = ag.sum(axis=1, keepdims=True)
            edot = (ea * (np.abs(g) + eg) + a * eg).sum(axis=1, keepdims=True) + gamma(n) * np.abs(
                ag
            ).sum(axis=1, keepdims=True)
            inner = g - dot
            einner = eg + edot + U * np.abs(inner)
            d = a * inner
            ed = ea * (np.abs(inner) + einner) + a * einner + U * np.abs(d)
            return d, np.nan_to_num(ed, nan=np.inf)
        d = g * out.fp
        ed = eg * (np.abs(out.fp) + out.efp) + np.abs(g) * out.efp + U * np.abs(d)
        return d, np.nan_to_num(ed, nan=np.inf)


@dataclass
class Bounded:
    """Gradients (batch means, per layer) with a bound on each entry's distance from the exact
    value; ``layers`` are the forward values (for the ReLU margin and the hints)."""

    grad_w: list[FloatArray]
    grad_b: list[FloatArray]
    err_w: list[FloatArray]
    err_b: list[FloatArray]
    layers: list[LayerValues]


def bounded_gradients(
    net: Net,
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    naive: bool = False,
) -> Bounded:
    """BP1–BP4 in float64 with an error bound per entry (see the module docstring)."""
    a, ea = x, np.zeros_like(x)
    acts, eacts, layers = [a], [ea], []
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        aw = np.abs(w)
        n_in = w.shape[1]
        z = a @ w.T + b
        ez = ea @ aw.T + gamma(n_in + 1) * (np.abs(a) @ aw.T + np.abs(b)) * 1.01
        vals = activate(net, layer, z, ez, naive)
        layers.append(vals)
        a, ea = vals.a, vals.ea
        acts.append(a)
        eacts.append(ea)
    m = x.shape[0]
    delta, ed = output_delta(net, layers[-1], y, naive)
    grad_w: list[FloatArray] = [np.empty(0)] * len(weights)
    grad_b: list[FloatArray] = [np.empty(0)] * len(weights)
    err_w: list[FloatArray] = [np.empty(0)] * len(weights)
    err_b: list[FloatArray] = [np.empty(0)] * len(weights)
    gm = gamma(m + 1) * 1.01
    with np.errstate(all="ignore"):
        for layer in range(len(weights) - 1, -1, -1):
            ad = np.abs(delta)
            grad_b[layer] = delta.sum(axis=0) / m
            err_b[layer] = (ed.sum(axis=0) + gm * ad.sum(axis=0)) / m + TINY
            prev, eprev = acts[layer], eacts[layer]
            grad_w[layer] = delta.T @ prev / m
            err_w[layer] = (
                ed.T @ (np.abs(prev) + eprev) + ad.T @ eprev + gm * (ad.T @ np.abs(prev))
            ) / m + TINY
            if layer:
                w = weights[layer]
                aw = np.abs(w)
                v = delta @ w
                ev = ed @ aw + gamma(w.shape[0]) * 1.01 * (ad @ aw)
                vals = layers[layer - 1]
                delta = v * vals.fp
                ed = ev * (np.abs(vals.fp) + vals.efp) + np.abs(v) * vals.efp + U * np.abs(delta)
                ed = np.nan_to_num(ed, nan=np.inf)
    err_w = [np.nan_to_num(e * (1 + 1e-6), nan=np.inf) for e in err_w]
    err_b = [np.nan_to_num(e * (1 + 1e-6), nan=np.inf) for e in err_b]
    return Bounded(grad_w, grad_b, err_w, err_b, layers)


def relu_margin_ok(net: Net, naive: Bounded) -> bool:
    """Whether every ReLU / leaky ReLU pre-activation is clearly away from 0 (more than
    ``4·TOL_FACTOR`` times its naive error bound): else f′(z) is not determined by float64."""
    for layer, vals in enumerate(naive.layers):
        near = np.abs(vals.z) <= 4 * TOL_FACTOR * vals.ez + TINY
        if net.kind(layer) in ("relu", "leaky_relu") and np.any(near):
            return False
    return True


# ------------------------------------------------------------------ plain float64 variants


def plain_gradients(
    net: Net,
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    variant: str = "",
) -> tuple[list[FloatArray], list[FloatArray]]:
    """BP1–BP4 in float64 without a bound, or a classic mistake (for the hints): ``variant`` is
    ``transpose`` (wˡ⁺¹ for (wˡ⁺¹)ᵀ in BP2), ``f_for_fprime`` (f(z) for f′(z) in BP1/BP2),
    ``next_activation`` (aˡ for aˡ⁻¹ in BP4; ``next_activation_hidden``: below the output layer
    only), ``quadratic_delta`` ((aᴸ − y) ⊙ f′(zᴸ) whatever the
    cost) or ``difference_delta`` (aᴸ − y whatever the cost and output). Raises ValueError when
    the variant's shapes do not fit."""
    b = bounded_gradients(net, weights, biases, x, y) if not variant else None
    if b is not None:
        return b.grad_w, b.grad_b
    a = x
    acts, layers = [a], []
    for layer, (w, bias) in enumerate(zip(weights, biases, strict=True)):
        z = a @ w.T + bias
        vals = activate(net, layer, z, np.zeros_like(z), naive=False)
        layers.append(vals)
        a = vals.a
        acts.append(a)

    def slope(layer: int) -> FloatArray:
        return layers[layer].a if variant == "f_for_fprime" else layers[layer].fp

    out = layers[-1]
    last = len(weights) - 1
    if variant == "quadratic_delta":
        if net.kind(last) == "softmax":  # Jᵀ(aᴸ − y)
            g = out.a - y
            delta = out.a * (g - (out.a * g).sum(axis=1, keepdims=True))
        else:
            delta = (out.a - y) * out.fp
    elif variant == "difference_delta":
        delta = out.a - y
    elif variant == "f_for_fprime" and net.kind(last) != "softmax":
        g, _ = cost_gradient(net, out, y)
        delta = g * out.a
    else:
        delta, _ = output_delta(net, out, y, naive=False)
    m = x.shape[0]
    gw: list[FloatArray] = [np.empty(0)] * len(weights)
    gb: list[FloatArray] = [np.empty(0)] * len(weights)
    with np.errstate(all="ignore"):
        for layer in range(last, -1, -1):
            gb[layer] = delta.mean(axis=0)
            shifted = variant == "next_activation" or (
                variant == "next_activation_hidden" and layer < last
            )
            prev = acts[layer + 1] if shifted else acts[layer]
            if prev.shape[1] != weights[layer].shape[1]:
                raise ValueError("shapes do not fit")
            gw[layer] = delta.T @ prev / m
            if layer:
                w = weights[layer]
                if variant == "transpose":
                    if w.shape[0] != w.shape[1]:
                        raise ValueError("shapes do not fit")
                    w = w.T
                delta = (delta @ w) * slope(layer - 1)
    return gw, gb


# ------------------------------------------------------------------ the mpmath reference


def _mp_act(net: Net, layer: int, z: list[Any]) -> tuple[list[Any], list[Any]]:
    kind = net.kind(layer)
    if kind == "sigmoid":
        a = [1 / (1 + mpmath.exp(-v)) for v in z]
        return a, [1 / (1 + mpmath.exp(v)) for v in z]  # (a, 1 − a)
    if kind == "tanh":
        return [mpmath.tanh(v) for v in z], [mpmath.sech(v) ** 2 for v in z]
    if kind in ("relu", "leaky_relu"):
        eps = mpmath.mpf(0) if kind == "relu" else mpmath.mpf(float(net.leak))
        return [v if v > 0 else eps * v for v in z], [mpmath.mpf(1) if v > 0 else eps for v in z]
    if kind == "identity":
        return list(z), [mpmath.mpf(1)] * len(z)
    if kind == "softmax":
        top = max(z)
        e = [mpmath.exp(v - top) for v in z]
        total = mpmath.fsum(e)
        rest = [mpmath.fsum(e[:j] + e[j + 1 :]) / total for j in range(len(e))]
        return [v / total for v in e], rest  # (a, 1 − a)
    act = net.activations[layer]
    assert isinstance(act, Activation) and act.mp_f is not None and act.mp_prime is not None
    return [act.mp_f(v) for v in z], [act.mp_prime(v) for v in z]


def _mp_output_delta(net: Net, a: list[Any], second: list[Any], y: list[Any]) -> list[Any]:
    kind, cost = net.kind(len(net.activations) - 1), net.cost_name
    if kind == "sigmoid":
        fp = [ai * oi for ai, oi in zip(a, second, strict=True)]
        one_minus = second
        if cost == "cross_entropy":
            return [ai - yi for ai, yi in zip(a, y, strict=True)]
        if cost in ("categorical_cross_entropy", "log_likelihood"):
            return [-yi * oi for yi, oi in zip(y, second, strict=True)]
    else:
        fp = second
        one_minus = second if kind == "softmax" else [1 - ai for ai in a]
    if cost == "quadratic":
        g = [ai - yi for ai, yi in zip(a, y, strict=True)]
    elif cost == "squared":
        g = [2 * (ai - yi) for ai, yi in zip(a, y, strict=True)]
    elif cost == "cross_entropy":
        g = [(ai - yi) / (ai * oi) for ai, yi, oi in zip(a, y, one_minus, strict=True)]
    elif cost in ("categorical_cross_entropy", "log_likelihood"):
        if kind == "softmax":
            sy = mpmath.fsum(y)
            return [ai * sy - yi for ai, yi in zip(a, y, strict=True)]
        g = [-yi / ai for ai, yi in zip(a, y, strict=True)]
    else:
        c = net.cost
        assert isinstance(c, CostFunctions) and c.mp_value is not None
        mp_value = c.mp_value
        g = []
        for j in range(len(a)):

            def along(t: Any, j: int = j) -> Any:
                return mp_value([t if k == j else v for k, v in enumerate(a)], y)

            g.append(mpmath.diff(along, a[j]))
    if kind == "softmax":
        dot = mpmath.fsum(ai * gi for ai, gi in zip(a, g, strict=True))
        return [ai * (gi - dot) for ai, gi in zip(a, g, strict=True)]
    return [gi * fi for gi, fi in zip(g, fp, strict=True)]


def mp_gradients(
    net: Net,
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    digits: int = 50,
) -> tuple[list[list[list[Any]]], list[list[Any]]]:
    """The batch-mean gradients by BP1–BP4 at ``digits`` digits (mpmath numbers; nested lists
    in the shapes of the weights and biases). The float64 inputs are exact in mpmath."""
    with mpmath.workdps(digits):
        wm = [[[mpmath.mpf(float(v)) for v in row] for row in w] for w in weights]
        bm = [[mpmath.mpf(float(v)) for v in np.ravel(b)] for b in biases]
        m = len(x)
        gw = [[[mpmath.mpf(0)] * len(row) for row in w] for w in wm]
        gb = [[mpmath.mpf(0)] * len(b) for b in bm]
        for xi, yi in zip(x, y, strict=True):
            a = [mpmath.mpf(float(v)) for v in xi]
            acts, seconds = [a], []
            for layer, (w, b) in enumerate(zip(wm, bm, strict=True)):
                z = [mpmath.fdot(row, a) + bj for row, bj in zip(w, b, strict=True)]
                a, second = _mp_act(net, layer, z)
                if net.kind(layer) == "sigmoid":  # f′ = a(1 − a)
                    second_fp = [ai * oi for ai, oi in zip(a, second, strict=True)]
                else:
                    second_fp = second
                acts.append(a)
                seconds.append((second, second_fp))
            ym = [mpmath.mpf(float(v)) for v in yi]
            delta = _mp_output_delta(net, acts[-1], seconds[-1][0], ym)
            for layer in range(len(wm) - 1, -1, -1):
                prev = acts[layer]
                for j, dj in enumerate(delta):
                    gb[layer][j] += dj
                    row = gw[layer][j]
                    for k, ak in enumerate(prev):
                        row[k] += dj * ak
                if layer:
                    w = wm[layer]
                    fp = seconds[layer - 1][1]
                    delta = [
                        mpmath.fsum(w[j][k] * delta[j] for j in range(len(delta))) * fp[k]
                        for k in range(len(prev))
                    ]
        gw = [[[v / m for v in row] for row in w] for w in gw]
        gb = [[v / m for v in b] for b in gb]
    return gw, gb
