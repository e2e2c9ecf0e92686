"""Verified formulas: fast, numerically stable NumPy implementations users can import.

Every function here is tied to the claim that verifies it (named in its docstring) and is tested
(``tests/test_formulas*.py``) against the SymPy expression of that claim and against an mpmath
reference at 50 digits, with the accuracy stated in its docstring; that claim's evidence searches
for the worst case of that accuracy (:mod:`gradproof.numerics.accuracy`).

Conventions shared by every function:

* inputs are real numbers or array-likes; they broadcast against each other like a NumPy ufunc,
  0-d inputs give NumPy scalars. Integers and booleans become float64; float16/32/64 keep their
  precision. Strings, complex numbers, objects and ragged sequences raise :class:`TypeError`,
  values outside a function's domain and shapes that do not broadcast raise :class:`ValueError`;
  both name the argument.
* NaN in gives NaN out. No input — finite, ±inf or NaN — raises a floating-point warning
  (not even under ``np.errstate(all="raise")`` or ``python -W error``): results that underflow
  are rounded to 0 silently, results whose exact value lies beyond the float range are returned
  as ±inf.
* ±inf in gives **the limit** where the formula has one (σ(±∞) = 1 or 0, σ′(±∞) = 0, a weight
  w → ±∞ in a gain or a chain: ``gain``'s limit, +inf for a = 0 and 0 for a ≠ 0) and **NaN where
  it has none** (∞ − ∞, 0·∞: e.g. ``quadratic_cost(inf, inf)``). Each docstring says which.
* Masked arrays (``numpy.ma``) are refused with a ``TypeError``: a formula would drop the mask.
* "ulp" below is the spacing of floats at the exact result, measured against mpmath at 50 digits
  with the (exactly representable) float inputs.

This module imports only NumPy (no SymPy, no SciPy) so that ``import gradproof`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Literal, NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt

__all__ = [
    "WIDTH_MAX_ARGMAX",
    "WIDTH_MAX_VALUE",
    "GainInterval",
    "GainIntervalEmptyError",
    "binary_entropy",
    "chain_bias_gradients",
    "chain_bias_gradients_log",
    "cross_entropy",
    "cross_entropy_from_logits",
    "cross_entropy_grad",
    "gain",
    "gain_interval",
    "gain_interval_width",
    "quadratic_cost",
    "quadratic_grad",
    "sigmoid",
    "sigmoid_prime",
]

FloatArray = npt.NDArray[np.floating[Any]]
#: What the formulas return: a float64 scalar for a scalar input (like a ufunc), an array of
#: float64 for an array input.
FloatResult = np.float64 | npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike
_F = TypeVar("_F", bound=Callable[..., Any])


def verified_by(*claim_ids: str) -> Callable[[_F], _F]:
    """Mark a formula with the ids of the claims whose evidence checks it (``__verified_by__``).

    Machine-readable: ``gradproof verify`` runs those claims, and each of them calls this very
    function (tests/test_exports.py instruments the call).
    """
    if not claim_ids:
        raise ValueError("verified_by() needs at least one claim id")

    def mark(func: _F) -> _F:
        func.__verified_by__ = claim_ids  # type: ignore[attr-defined]
        return func

    return mark


#: The |w| at which the width (123) of {a : |w σ′(wa + b)| ≥ 1} is greatest (Nielsen ch. 5 problem
#: after eq. (122), part (3): "≈ 6.9"). Claim ``width_max``. The float nearest to
#: 6.894151032272928014212004353…, computed independently with mpmath at 60 digits (root of the
#: derivative of (123), ``mpmath.findroot``); it lies inside the certified enclosure of
#: ``gradproof.numerics.width_max.certified_width_maximum()`` (tested).
WIDTH_MAX_ARGMAX: Final[float] = 6.894151032272928

#: The greatest width of {a : |w σ′(wa + b)| ≥ 1}, formula (123) at :data:`WIDTH_MAX_ARGMAX`
#: (the text's "≈ 0.45"). Claim ``width_max``. The float nearest to 0.447743204694302849178324…
#: (mpmath, 60 digits); inside the certified enclosure (tested).
WIDTH_MAX_VALUE: Final[float] = 0.44774320469430284

#: The claims that check each exported constant (a float cannot carry ``__verified_by__``).
CONSTANTS_VERIFIED_BY: Final[dict[str, tuple[str, ...]]] = {
    "WIDTH_MAX_ARGMAX": ("width_max",),
    "WIDTH_MAX_VALUE": ("width_max",),
}


class GainIntervalEmptyError(ValueError):
    """Raised by ``gain_interval(..., empty="raise")`` when |w| < 4: no input reaches gain 1."""


class GainInterval(NamedTuple):
    """Endpoints ``lo ≤ hi`` of the closed interval {a : |w σ′(wa + b)| ≥ 1} (arrays or scalars)."""

    lo: FloatResult
    hi: FloatResult


# ------------------------------------------------------------------ input handling


def _as_real_array(x: object, name: str) -> FloatArray:
    """``x`` as a floating NumPy array, or a TypeError naming the argument.

    Integers and booleans are promoted to float64; float16/32/64 keep their dtype; complex,
    strings, objects and other dtypes are refused.
    """
    if isinstance(x, (str, bytes)):
        shown = repr(x) if len(x) <= 60 else f"{x[:40]!r}… ({len(x)} characters)"
        raise TypeError(
            f"{name} must be a real number or array of real numbers, got the string {shown}"
        )
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array: the formulas would drop its mask silently, so masked "
            f"arrays are refused. Pass {name}.filled(np.nan) (masked entries give NaN) or "
            f"{name}.compressed() (masked entries dropped), and re-apply the mask to the result"
        )
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be a real number or array of real numbers: {exc}") from exc
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real; complex input (dtype {arr.dtype}) is not supported")
    raise TypeError(f"{name} must be a real number or array of real numbers, got dtype {arr.dtype}")


def _check_broadcast(**arrays: FloatArray) -> tuple[int, ...]:
    """The common broadcast shape, or a ValueError naming the arguments and their shapes."""
    shapes = [a.shape for a in arrays.values()]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        described = ", ".join(f"{k} has shape {a.shape}" for k, a in arrays.items())
        raise ValueError(f"the arguments must broadcast together, but {described}") from None


def _check_in_unit_interval(x: FloatArray, name: str) -> None:
    """ValueError naming ``name`` unless every non-NaN value lies in [0, 1]."""
    bad = (x < 0) | (x > 1)
    if np.any(bad):
        value = float(x[bad].flat[0] if x.ndim else x[()])
        raise ValueError(
            f"{name} must lie in [0, 1] (a probability or target), got {value!r}"
            f"{'' if x.ndim == 0 else f' among {int(np.count_nonzero(bad))} bad values'}"
        )


def _result(out: FloatArray) -> Any:
    """Return a NumPy scalar for 0-d results, like a ufunc does."""
    return out[()] if out.ndim == 0 else out


# ------------------------------------------------------------------ array kernels (no checks)


def _sigmoid_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(σ(x), σ(−x)) = (σ(x), 1 − σ(x)), each to ≤ 3 ulp relative (no cancellation).

    With t = e^{−|x|} ∈ [0, 1] and d = 1 + t: σ(|x|) = 1/d and σ(−|x|) = t/d.
    """
    t = np.exp(-np.abs(x))
    d = 1.0 + t
    big = 1.0 / d
    small = t / d
    pos = x >= 0
    return np.where(pos, big, small), np.where(pos, small, big)


def _sigmoid_prime_array(x: FloatArray) -> FloatArray:
    """σ′(x) = t/(1 + t)² with t = e^{−|x|}, in three fresh buffers (x may be the caller's).

    The rounding of s = fl(1 + t) would count twice in (1 + t)²; it is compensated exactly:
    c = (1 − s) + t is the rounding error (1 + t = s + c exactly, Fast2Sum since 1 ≥ t), and
    t/(1 + t)² = t/s² · (1 − 2c/s) + O(c²). This brings the worst error from 4.46 ulp (the plain
    form, beyond the promised 4; e.g. 4.07 ulp at z = −6.236666679570021, where t lies just above
    2⁻⁹ and σ′ just below it) to 3.42 ulp (the worst case searched for by
    :mod:`gradproof.numerics.accuracy`) at about 1.7× the cost of the plain form.
    :func:`sigmoid_prime` runs it block by block (:func:`_in_chunks`);
    benchmarks/bench_formulas.py times it against SciPy's one-call composite
    ``s = expit(z); s*(1 − s)`` (which loses accuracy where σ(z) is near 1), target ≤ 1.2× its
    time. The ratio depends on the array size and the machine
    (measured between 0.4× and 1.2× on the 2-core development machine).
    """
    return _sigmoid_prime_from_t(_exp_neg_abs(x))


def _exp_neg_abs(x: FloatArray) -> FloatArray:
    """t = e^{−|x|} ∈ [0, 1] in a fresh buffer (never overflows)."""
    t = np.empty(x.shape, dtype=x.dtype)
    np.abs(x, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    return t


def _sigmoid_prime_from_t(t: FloatArray) -> FloatArray:
    """σ′ = t/(1 + t)² from t = e^{−|x|}, compensated (see :func:`_sigmoid_prime_array`);
    overwrites and returns ``t``."""
    s = np.add(t, 1.0, out=np.empty_like(t))
    c = np.subtract(1.0, s, out=np.empty_like(t))
    c += t  # 1 + t = s + c exactly
    c /= s
    c *= -2.0
    c += 1.0  # 1 − 2c/s
    np.multiply(s, s, out=s)
    np.divide(t, s, out=t)
    t *= c
    # σ′ ≤ 1/4 holds exactly (claim sigmoid_prime_max); clip the last-bit rounding near z = 0
    np.minimum(t, 0.25, out=t)
    return t


def _sigmoid_from_t(t: FloatArray, x: FloatArray) -> FloatArray:
    """σ(x) from t = e^{−|x|}: 1/(1 + t) for x ≥ 0, t/(1 + t) for x < 0 (a fresh buffer)."""
    d = np.add(t, 1.0, out=np.empty_like(t))
    # numerator: 1 for z ≥ 0, t for z < 0 — as max(t, [z ≥ 0]) since t ≤ 1 (NaN stays NaN);
    # branch-free, several times faster than a masked copy on mixed signs
    out = np.empty_like(t)
    np.maximum(t, x >= 0, out=out, dtype=t.dtype)
    np.divide(out, d, out=out)
    return out


def _sigmoid_and_prime_array(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(σ(x), σ′(x)) from one e^{−|x|}: bit for bit what :func:`sigmoid` and
    :func:`_sigmoid_prime_array` return, at one exponential per element instead of two (for
    backpropagation, which needs both; tests/test_network.py checks the bits).
    """
    t = _exp_neg_abs(x)
    sig = _sigmoid_from_t(t, x)
    return sig, _sigmoid_prime_from_t(t)


def _log_sigmoid_prime(x: FloatArray) -> FloatArray:
    """log σ′(x) = −|x| − 2 log(1 + e^{−|x|}), finite for every finite x."""
    ax = np.abs(x)
    return -ax - 2.0 * np.log1p(np.exp(-ax))


def _softplus(x: FloatArray, log_term: FloatArray) -> FloatArray:
    """log(1 + e^{x}) = max(x, 0) + log1p(e^{−|x|}), given ``log_term`` = log1p(e^{−|x|})."""
    return np.maximum(x, 0.0) + log_term


def _times_nonneg_or_zero(c: FloatArray, v: FloatArray) -> FloatArray:
    """c·v with the convention 0·(±inf) = 0 (a vanishing weight kills its term)."""
    return np.where(c == 0, 0.0, c * v)


# ------------------------------------------------------------------ sigmoid


@verified_by("sigmoid_prime_eq")
def sigmoid(z: ArrayLike) -> FloatResult:
    """Logistic sigmoid σ(z) = 1/(1 + e^{−z}), elementwise.

    With t = e^{−|z|} ∈ [0, 1]: σ(z) = 1/(1 + t) for z ≥ 0 and t/(1 + t) for z < 0, so ``exp``
    never overflows and nothing cancels. σ(−∞) = 0, σ(+∞) = 1, NaN gives NaN; σ(z) underflows to
    0 (silently) for z < −745.

    Source: Nielsen ch. 5 and lecture notes §1 (definition). Verified by claim
    ``sigmoid_prime_eq`` (its derivative is σ(1 − σ)). Accuracy: ≤ 4 ulp relative on
    [−700, 700] against mpmath at 50 digits (worst case found by the search of
    :mod:`gradproof.numerics.accuracy`: 2.45 ulp).

    Parameters
    ----------
    z : ArrayLike
        Weighted inputs, any real values (±inf and NaN included).

    Returns
    -------
    FloatResult
        σ(z), a float64 scalar for a scalar z, otherwise an array of z's shape.
    """
    x = _as_real_array(z, "z")
    with np.errstate(under="ignore"):
        return _result(_in_chunks(_sigmoid_array, x))


def _sigmoid_array(x: FloatArray) -> FloatArray:
    """σ(x) with t = e^{−|x|}: 1/(1 + t) for x ≥ 0, t/(1 + t) for x < 0 (fresh buffers)."""
    return _sigmoid_from_t(_exp_neg_abs(x), x)


#: Elements per block of :func:`_in_chunks`: 64 KiB of float64, so each temporary stays in the
#: CPU cache and below the C library's mmap threshold (128 KiB; larger temporaries are mapped
#: and page-faulted afresh at every call, which costs more than the arithmetic).
_CHUNK = 1 << 13


def _in_chunks(kernel: Callable[[FloatArray], FloatArray], x: FloatArray) -> FloatArray:
    """``kernel(x)`` computed block by block of :data:`_CHUNK` elements.

    The kernels are elementwise, so the result is the same bit for bit; on large arrays their
    many passes then run over cache-resident blocks instead of streaming the whole array from
    memory each time.
    """
    if x.size <= _CHUNK:
        return kernel(x)
    flat = x.reshape(-1)
    out = np.empty(flat.shape, dtype=x.dtype)
    for start in range(0, flat.size, _CHUNK):
        out[start : start + _CHUNK] = kernel(flat[start : start + _CHUNK])
    return out.reshape(x.shape)


def _sigmoid_and_prime_chunked(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """:func:`_sigmoid_and_prime_array` block by block (see :func:`_in_chunks`); same bits."""
    if x.size <= _CHUNK:
        return _sigmoid_and_prime_array(x)
    flat = x.reshape(-1)
    sig = np.empty(flat.shape, dtype=x.dtype)
    prime = np.empty(flat.shape, dtype=x.dtype)
    for start in range(0, flat.size, _CHUNK):
        block = slice(start, start + _CHUNK)
        sig[block], prime[block] = _sigmoid_and_prime_array(flat[block])
    return sig.reshape(x.shape), prime.reshape(x.shape)


@verified_by("sigmoid_prime_eq", "sigmoid_prime_max")
def sigmoid_prime(z: ArrayLike) -> FloatResult:
    """Derivative of the sigmoid, σ′(z) = σ(z)(1 − σ(z)) = e^{−|z|}/(1 + e^{−|z|})², elementwise.

    The second form is used: with t = e^{−|z|} ∈ (0, 1] nothing overflows or cancels. σ′ is even,
    0 < σ′(z) ≤ 1/4 with σ′(0) = 1/4 exactly, σ′(±∞) = 0, NaN gives NaN; σ′ underflows to 0
    (silently) for |z| > 745.

    Source: lecture notes §1; Kapur (2016); σ′(0) = 1/4 in Nielsen ch. 5 after eq. (122).
    Verified by claims
    ``sigmoid_prime_eq`` (the identity) and ``sigmoid_prime_max`` (the bound). Accuracy: ≤ 4 ulp
    relative on [−700, 700] against mpmath at 50 digits (worst case found by the search of
    :mod:`gradproof.numerics.accuracy`: 3.42 ulp).

    Parameters
    ----------
    z : ArrayLike
        Weighted inputs, any real values.

    Returns
    -------
    FloatResult
        σ′(z) ∈ [0, 1/4], of z's shape.
    """
    x = _as_real_array(z, "z")
    with np.errstate(under="ignore"):
        return _result(_in_chunks(_sigmoid_prime_array, x))


# ------------------------------------------------------------------ costs


def _cross_entropy_terms(aa: FloatArray, yy: FloatArray) -> FloatArray:
    """y·(−ln a) + (1 − y)·(−ln(1 − a)) for checked a, y ∈ [0, 1], with 0·(+inf) = 0."""
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        first = _times_nonneg_or_zero(yy, -np.log(aa))
        second = _times_nonneg_or_zero(1.0 - yy, -np.log1p(-aa))
        return np.asarray(first + second)


@verified_by("cross_entropy_min_at_y")
def binary_entropy(y: ArrayLike) -> FloatResult:
    """Binary entropy H(y) = −[y ln y + (1 − y) ln(1 − y)] (natural log), y ∈ [0, 1].

    The minimum over a of the cross-entropy −[y ln a + (1 − y) ln(1 − a)], reached at a = y.
    Uses 0 ln 0 = 0, so H(0) = H(1) = 0; ln(1 − y) is evaluated as log1p(−y). Both terms are
    ≥ 0, so nothing cancels. y outside [0, 1] raises ValueError; NaN gives NaN.

    Source: lecture notes problem 3-2. Verified by claim ``cross_entropy_min_at_y``.
    Accuracy: ≤ 4 ulp relative against mpmath at 50 digits (tests/test_formulas.py).

    Parameters
    ----------
    y : ArrayLike
        Targets in [0, 1].

    Returns
    -------
    FloatResult
        H(y) ≥ 0 in nats, of y's shape.
    """
    yy = _as_real_array(y, "y")
    _check_in_unit_interval(yy, "y")
    return _result(_cross_entropy_terms(yy, yy))


@verified_by("cross_entropy_nonneg", "cross_entropy_min_at_y")
def cross_entropy(a: ArrayLike, y: ArrayLike) -> FloatResult:
    """Cross-entropy of one output, C(a, y) = −[y ln a + (1 − y) ln(1 − a)], elementwise.

    ``a`` is the neuron's output (a probability) and ``y`` the target, both in [0, 1]; average
    over training inputs yourself (``np.mean``) for the cost (1) of the text. Uses 0 ln 0 = 0, so
    C(0, 0) = C(1, 1) = 0, and C = +inf when a ∈ {0, 1} contradicts y (exact, no warning).
    ln(1 − a) is evaluated as log1p(−a). Both terms are ≥ 0, so nothing cancels. Values outside
    [0, 1] raise ValueError; NaN gives NaN. For outputs given as logits z (a = σ(z)) prefer
    :func:`cross_entropy_from_logits`, which does not lose the tail when σ(z) rounds to 0 or 1.

    Source: lecture notes §1 eq. (1). Verified by claims ``cross_entropy_nonneg`` (C > 0 on (0, 1),
    → 0 as a → y) and ``cross_entropy_min_at_y``. Accuracy: ≤ 4 ulp relative against mpmath at
    50 digits (tests/test_formulas.py).

    Parameters
    ----------
    a : ArrayLike
        Outputs of the neuron, in [0, 1].
    y : ArrayLike
        Targets in [0, 1], broadcast against ``a``.

    Returns
    -------
    FloatResult
        C(a, y) ≥ 0 per element (+inf where a contradicts y).
    """
    aa = _as_real_array(a, "a")
    yy = _as_real_array(y, "y")
    _check_broadcast(a=aa, y=yy)
    _check_in_unit_interval(aa, "a")
    _check_in_unit_interval(yy, "y")
    return _result(_cross_entropy_terms(aa, yy))


@verified_by("cross_entropy_nonneg", "cross_entropy_cancellation")
def cross_entropy_from_logits(z: ArrayLike, y: ArrayLike) -> FloatResult:
    """Cross-entropy of a sigmoid output given its logit: C = −[y ln σ(z) + (1 − y) ln(1 − σ(z))].

    Evaluated as y·softplus(−z) + (1 − y)·softplus(z), softplus(x) = ln(1 + eˣ) =
    max(x, 0) + log1p(e^{−|x|}): both terms are ≥ 0 (no cancellation) and nothing overflows, so it
    is accurate for every finite z (|z| = 1e4 and beyond), where σ(z) itself rounds to 0 or 1.
    z = ±inf gives the limits (0 when the target agrees, +inf when it does not). y must lie in
    [0, 1] (ValueError otherwise); NaN gives NaN.

    Source: lecture notes §1 eq. (1) with a = σ(z). Verified by claims ``cross_entropy_nonneg`` and
    ``cross_entropy_cancellation`` (its z-derivative is σ(z) − y). Accuracy: ≤ 4 ulp relative
    against mpmath at 50 digits for |z| ≤ 1e4 (tests/test_formulas.py).

    Parameters
    ----------
    z : ArrayLike
        Weighted inputs (logits), a = σ(z).
    y : ArrayLike
        Targets in [0, 1], broadcast against ``z``.

    Returns
    -------
    FloatResult
        C(σ(z), y) ≥ 0 per element.
    """
    zz = _as_real_array(z, "z")
    yy = _as_real_array(y, "y")
    _check_broadcast(z=zz, y=yy)
    _check_in_unit_interval(yy, "y")
    with np.errstate(under="ignore", invalid="ignore", over="ignore"):
        log_term = np.log1p(np.exp(-np.abs(zz)))
        towards_one = _times_nonneg_or_zero(yy, _softplus(-zz, log_term))
        towards_zero = _times_nonneg_or_zero(1.0 - yy, _softplus(zz, log_term))
        out = np.asarray(towards_one + towards_zero)
    return _result(out)


@verified_by("cross_entropy_bias_grad", "cross_entropy_cancellation")
def cross_entropy_grad(z: ArrayLike, y: ArrayLike) -> FloatResult:
    """∂C/∂z = σ(z) − y for the cross-entropy C of a sigmoid output a = σ(z), elementwise.

    Signature (z, y), z the weighted input (logit): this is ∂C/∂b for one training input, and
    ∂C/∂w_j = x_j·(σ(z) − y) — the σ′(z) factor has cancelled. Evaluated as
    (1 − y)·σ(z) − y·σ(−z) with both sigmoids computed without cancellation, so the tiny
    gradients of confident outputs survive: for y = 1 and z = 40 it returns −σ(−40) ≈ −4.2e-18,
    where σ(40) − 1 rounds to 0. y must lie in [0, 1] (ValueError otherwise); NaN gives NaN;
    z = ±inf gives 1 − y and −y.

    Source: lecture notes §1, eq. (2) (bias gradient) and the weight gradient just before it.
    Verified by claims ``cross_entropy_bias_grad`` and ``cross_entropy_cancellation``.
    Accuracy: error ≤ 4 ulp of (1 − y)σ(z) + yσ(−z) against mpmath at 50 digits — hence ≤ 4 ulp
    relative for y ∈ {0, 1} (tests/test_formulas.py).

    Parameters
    ----------
    z : ArrayLike
        Weighted inputs (logits).
    y : ArrayLike
        Targets in [0, 1], broadcast against ``z``.

    Returns
    -------
    FloatResult
        ∂C/∂z = σ(z) − y per element.
    """
    zz = _as_real_array(z, "z")
    yy = _as_real_array(y, "y")
    _check_broadcast(z=zz, y=yy)
    _check_in_unit_interval(yy, "y")
    with np.errstate(under="ignore"):
        s_pos, s_neg = _sigmoid_pair(zz)
        out = np.asarray((1.0 - yy) * s_pos - yy * s_neg)
    return _result(out)


@verified_by("quadratic_grads")
def quadratic_cost(a: ArrayLike, y: ArrayLike) -> FloatResult:
    """Quadratic cost of one output, C(a, y) = (y − a)²/2, elementwise, for any real a, y.

    Average over training inputs yourself (``np.mean``). A result beyond the float range is
    returned as +inf without a warning; one infinite argument gives +inf (the limit), both
    infinite with the same sign give NaN (y − a has no limit); NaN gives NaN.

    Source: lecture notes §1 (the toy neuron's cost). Verified by claim ``quadratic_grads`` (whose
    gradients are taken of this cost). Accuracy: ≤ 2 ulp relative against mpmath at 50 digits
    (tests/test_formulas.py).

    Parameters
    ----------
    a : ArrayLike
        Outputs.
    y : ArrayLike
        Targets, broadcast against ``a``.

    Returns
    -------
    FloatResult
        (y − a)²/2 per element.
    """
    aa = _as_real_array(a, "a")
    yy = _as_real_array(y, "y")
    _check_broadcast(a=aa, y=yy)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        d = np.asarray(yy - aa)  # inf − inf = NaN: no limit
        out = np.asarray(0.5 * d * d)
    return _result(out)


@verified_by("quadratic_grads")
def quadratic_grad(z: ArrayLike, y: ArrayLike) -> FloatResult:
    """∂C/∂z = (σ(z) − y)·σ′(z) for the quadratic cost C = (y − a)²/2 of a = σ(z), elementwise.

    Signature (z, y), z the weighted input, like :func:`cross_entropy_grad`: this is ∂C/∂b for
    one training input, and ∂C/∂w = x·(σ(z) − y)σ′(z). The σ′(z) factor — the learning slowdown
    of a saturated neuron — is what the cross-entropy removes. σ(z) − y is evaluated as
    (1 − y)σ(z) − yσ(−z) (no cancellation when y ∈ {0, 1}, or y outside (0, 1)), σ′ as
    t/(1 + t)², t = e^{−|z|}. Any real y; z = ±inf gives 0; NaN gives NaN.

    Source: lecture notes §1 (∂C/∂w = (a − y)σ′(z)x, ∂C/∂b = (a − y)σ′(z)). Verified by claim
    ``quadratic_grads``. Accuracy: error ≤ 6 ulp of (|1 − y|σ(z) + |y|σ(−z))·σ′(z) against mpmath
    at 50 digits for |z| ≤ 708, where σ′(z) is a normal float — ≤ 6 ulp relative for
    y ∈ {0, 1}; for y ∈ [0, 1] the scale is (1 − y)σ(z) + yσ(−z). (For y outside [0, 1] the two
    parts of σ(z) − y have opposite signs in that scale's plain form, which can cancel, so the
    moduli are what bounds the rounding; beyond |z| = 708 σ′'s own rounding to a subnormal,
    multiplied by |σ(z) − y|, can exceed 6 ulp.)

    Parameters
    ----------
    z : ArrayLike
        Weighted inputs.
    y : ArrayLike
        Targets, broadcast against ``z``.

    Returns
    -------
    FloatResult
        ∂C/∂z = (σ(z) − y)σ′(z) per element.
    """
    zz = _as_real_array(z, "z")
    yy = _as_real_array(y, "y")
    _check_broadcast(z=zz, y=yy)
    with np.errstate(under="ignore", over="ignore"):
        s_pos, s_neg = _sigmoid_pair(zz)
        out = np.asarray(((1.0 - yy) * s_pos - yy * s_neg) * _sigmoid_prime_array(zz))
    return _result(out)


# ------------------------------------------------------------------ chain of single neurons


class _Chain(NamedTuple):
    """The forward pass of a chain: w, b, z and the inputs a_{j−1} of each layer, (..., L)."""

    w: FloatArray
    b: FloatArray
    z: FloatArray
    a_in: FloatArray
    g: FloatArray


def _chain_forward(
    weights: ArrayLike, biases: ArrayLike, a0: ArrayLike, dC_daL: ArrayLike
) -> _Chain:
    """Validate, broadcast and run the forward pass (see :class:`_Chain`).

    An infinite weight meeting an input a_{j−1} = 0 gives z_j = b_j (the limit w → ∞ of
    w·0 + b), not NaN.
    """
    w = _as_real_array(weights, "weights")
    b = _as_real_array(biases, "biases")
    x0 = _as_real_array(a0, "a0")
    g = _as_real_array(dC_daL, "dC_daL")
    for arr, name in ((w, "weights"), (b, "biases")):
        if arr.ndim == 0:
            raise ValueError(
                f"{name} must be an array whose last axis runs over the L ≥ 1 layers, got the "
                f"scalar {float(arr[()])!r}; pass [{float(arr[()])!r}] for a one-neuron chain"
            )
    if w.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"weights and biases must have one entry per layer on their last axis, but weights "
            f"has shape {w.shape} ({w.shape[-1]} layers) and biases {b.shape} "
            f"({b.shape[-1]} layers)"
        )
    n_layers = w.shape[-1]
    if n_layers == 0:
        raise ValueError("weights and biases must describe at least one layer, got 0 layers")
    batch = _check_broadcast(
        **{
            "weights (without its layer axis)": w[..., 0],
            "biases (without its layer axis)": b[..., 0],
            "a0": x0,
            "dC_daL": g,
        }
    )
    dtype = np.result_type(w, b, x0, g)
    w = np.broadcast_to(w, (*batch, n_layers)).astype(dtype, copy=False)
    b = np.broadcast_to(b, (*batch, n_layers)).astype(dtype, copy=False)
    z = np.empty((*batch, n_layers), dtype=dtype)
    a_in = np.empty((*batch, n_layers), dtype=dtype)
    activation: FloatArray = np.broadcast_to(np.asarray(x0, dtype=dtype), batch)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        for j in range(n_layers):
            a_in[..., j] = activation
            wj, bj = w[..., j], b[..., j]
            z[..., j] = np.where(np.isinf(wj) & (activation == 0), bj, wj * activation + bj)
            s_pos, _ = _sigmoid_pair(z[..., j])
            activation = s_pos
    return _Chain(w, b, z, a_in, np.broadcast_to(g, batch).astype(dtype, copy=False))


def _chain_terms(chain: _Chain, sp: FloatArray) -> FloatArray:
    """The per-layer factors w_k σ′(z_k), with :func:`gain`'s limit for an infinite weight.

    For |w_k| = ∞: ±∞ (the sign of w_k) when a_{k−1} = 0 and b_k is finite, 0 when a_{k−1} ≠ 0
    (σ′ decays exponentially in w), NaN when there is no limit (NaN inputs, a_{k−1} = 0 with an
    infinite b_k, or w·a_{k−1} + b_k = ∞ − ∞).
    """
    w, b, z, a_in = chain.w, chain.b, chain.z, chain.a_in
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        at_zero = np.where(np.isfinite(b), w, np.nan)
        elsewhere = np.where(np.isnan(z), np.nan, 0.0)
        limit = np.where(a_in == 0, at_zero, elsewhere)
        return np.asarray(np.where(np.isinf(w), limit, w * sp))


@verified_by("chain_grad_b1_depth4", "chain_grad_any_depth")
def chain_bias_gradients(
    weights: ArrayLike, biases: ArrayLike, a0: ArrayLike, dC_daL: ArrayLike
) -> FloatResult:
    """∂C/∂b_j for every layer j of a chain of single sigmoid neurons.

    The chain: z_j = w_j a_{j−1} + b_j, a_j = σ(z_j) for j = 1 … L, input a_0 = ``a0``, and a cost
    C(a_L) whose derivative ∂C/∂a_L at the output is ``dC_daL``. Then

        ∂C/∂b_j = σ′(z_j) · ∏_{k=j+1}^{L} w_k σ′(z_k) · ∂C/∂a_L.

    ``weights`` and ``biases`` have shape (..., L) (the last axis runs over the layers, layer 1
    first); ``a0`` and ``dC_daL`` broadcast against the leading axes. Returns an array of shape
    (..., L) whose entry j − 1 is ∂C/∂b_j. Computed backwards with two multiplications per
    layer: P_L = ∂C/∂a_L, P_j = w_{j+1}σ′(z_{j+1})·P_{j+1}, ∂C/∂b_j = σ′(z_j)·P_j. Deep chains
    under- or overflow (vanishing/exploding gradients): the result is then 0 or ±inf without a
    warning; use :func:`chain_bias_gradients_log`. An infinite weight w_k contributes the limit of
    its factor w_k σ′(z_k), as :func:`gain` does: 0 when its input a_{k−1} ≠ 0, ±inf when
    a_{k−1} = 0 (b_k finite); an infinite bias gives σ′ = 0 (the limit); products with no limit
    (0·∞, ∞ − ∞ in z) are NaN. No warnings.

    Source: Nielsen ch. 5 eq. (121)–(122) (depth 4), generalised to any depth. Verified by claims
    ``chain_grad_b1_depth4`` and ``chain_grad_any_depth``. Accuracy: relative error
    ≤ (6 + 3(L − j))·2⁻⁵² + Σ_{k≥j} δ_k against mpmath at 60 digits, where results are 0 or
    normal floats and every |z_k| ≤ 700. δ_k bounds the error of the forward value z_k (and
    |d ln σ′/dz| ≤ 1 turns it into a relative error of σ′(z_k)): δ_1 = (|w_1 a_0| + |z_1|)·2⁻⁵³,
    δ_k = (|w_k a_{k−1}| + |z_k|)·2⁻⁵³ + |w_k|(σ′(z_{k−1})δ_{k−1} + 4·2⁻⁵² a_{k−1}) — the
    rounding of w_k a_{k−1} + b_k, which is large when a large w_k a_{k−1} cancels against
    b_k, plus the error carried in from a_{k−1} (worst case searched for by
    :mod:`gradproof.numerics.accuracy`).

    Parameters
    ----------
    weights : ArrayLike
        w_1 … w_L, shape (..., L), layer 1 first.
    biases : ArrayLike
        b_1 … b_L, the shape of ``weights``.
    a0 : ArrayLike
        The input a_0, broadcast against the leading axes.
    dC_daL : ArrayLike
        ∂C/∂a_L at the output, broadcast like ``a0``.

    Returns
    -------
    FloatResult
        Shape (..., L); entry j − 1 is ∂C/∂b_j.
    """
    chain = _chain_forward(weights, biases, a0, dC_daL)
    z, g = chain.z, chain.g
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        sp = _sigmoid_prime_array(z)
        terms = _chain_terms(chain, sp)  # w_k σ′(z_k): the factors of Nielsen ch. 5 eq. (122)
        out = np.empty_like(z)
        carried = g.copy()  # ∏_{k>j} w_k σ′(z_k) · ∂C/∂a_L
        n_layers = z.shape[-1]
        for j in range(n_layers - 1, -1, -1):
            out[..., j] = sp[..., j] * carried
            if j:
                carried = terms[..., j] * carried
    return cast(FloatResult, out)


@verified_by("chain_grad_b1_depth4", "chain_grad_any_depth")
def chain_bias_gradients_log(
    weights: ArrayLike, biases: ArrayLike, a0: ArrayLike, dC_daL: ArrayLike
) -> tuple[FloatResult, FloatResult]:
    """(sign, log|∂C/∂b_j|) for every layer j of a chain of single sigmoid neurons.

    The same gradients as :func:`chain_bias_gradients` (same arguments and shapes), returned like
    ``numpy.linalg.slogdet``: ``sign`` ∈ {−1, 0, +1} and ``logabs`` = ln|∂C/∂b_j| (natural log),
    so that ∂C/∂b_j = sign·exp(logabs), for chains so deep that the product under- or overflows.
    This (sign, natural log) pair is gradproof's one convention for gradients in log space.
    log σ′(z) = −|z| − 2 log1p(e^{−|z|}) is finite for every finite z, so
    ln|∂C/∂b_j| = ln σ′(z_j) + Σ_{k>j} (ln|w_k| + ln σ′(z_k)) + ln|∂C/∂a_L|.
    sign = sign(∂C/∂a_L)·∏_{k>j} sign(w_k), since σ′ > 0 (claim ``sigmoid_prime_max``); it is 0
    **only** when the gradient is exactly 0 (a zero weight above layer j, ∂C/∂a_L = 0, or a
    factor whose limit is 0), never because the sum of logarithms left the float range: for
    weights like 1e308 the logarithm itself can be below −1.8e308, and then logabs = −inf with
    sign ±1 (a nonzero gradient too small even for log space). Infinite weights follow
    :func:`gain`'s limit (see :func:`chain_bias_gradients`); NaN where there is no limit.

    Source: Nielsen ch. 5 eq. (121)–(122), generalised to any depth. Verified by claims
    ``chain_grad_b1_depth4`` and ``chain_grad_any_depth``. Accuracy: the sign exactly, and
    absolute error of logabs ≤ 4·2⁻⁵³·Σ_k(|ln|w_k|| + |ln σ′(z_k)|) + Σ_k δ_k + 8 ulp, δ_k the
    forward errors of :func:`chain_bias_gradients`, against mpmath at 60 digits for |z_k| ≤ 700
    (worst case searched for by :mod:`gradproof.numerics.accuracy`).

    Parameters
    ----------
    weights, biases, a0, dC_daL : ArrayLike
        As for :func:`chain_bias_gradients`.

    Returns
    -------
    sign : FloatResult
        −1, 0 or +1 per layer, shape (..., L).
    logabs : FloatResult
        ln|∂C/∂b_j| per layer, shape (..., L).
    """
    chain = _chain_forward(weights, biases, a0, dC_daL)
    w, z, g = chain.w, chain.z, chain.g
    with np.errstate(under="ignore", over="ignore", divide="ignore", invalid="ignore"):
        log_sp = _log_sigmoid_prime(z)  # −inf exactly where z = ±inf (σ′ = 0 in the limit)
        # ln|w_k σ′(z_k)| and the sign of each factor, infinite weights by gain's limit
        terms_limit = _chain_terms(chain, np.zeros_like(z))  # only read where w is infinite
        finite_w = np.isfinite(w)
        log_terms = np.where(finite_w, np.log(np.abs(w)) + log_sp, np.log(np.abs(terms_limit)))
        factor_sign = np.where(finite_w, np.sign(w), np.sign(terms_limit))
        # σ′(z_j) is 0 only in the limit of an infinite input; z_j = ±inf from finite w, b and
        # a_{j−1} is an overflow of a finite z_j, where σ′ > 0 is merely below the float range
        finite_in = finite_w & np.isfinite(chain.b) & np.isfinite(chain.a_in)
        sp_zero = np.isinf(z) & ~finite_in
        # a factor is exactly 0 only for w = 0, σ′ = 0 in that sense, or an infinite weight's
        # limit 0: the signs never depend on whether a logarithm or the sum below overflows
        factor_zero = (w == 0) | sp_zero | (~finite_w & (terms_limit == 0))
        factor_sign = np.where(factor_zero, 0.0, factor_sign)
        # Σ_{k>j} log_terms_k: reversed cumulative sum, shifted by one layer
        suffix = np.zeros_like(z)
        sign_suffix = np.ones_like(z)
        if z.shape[-1] > 1:
            rev = np.cumsum(log_terms[..., :0:-1], axis=-1)
            suffix[..., :-1] = rev[..., ::-1]
            rev_sign = np.cumprod(factor_sign[..., :0:-1], axis=-1)
            sign_suffix[..., :-1] = rev_sign[..., ::-1]
        logabs = log_sp + suffix + np.log(np.abs(g))[..., None]
        own_sign = np.where(sp_zero, 0.0, 1.0)  # σ′(z_j) > 0 unless z_j = ±inf in the limit
        sign = sign_suffix * np.sign(g)[..., None] * own_sign
        sign = np.where(np.isnan(logabs), np.nan, sign) + 0.0  # (+0.0 turns −0 into 0)
    return sign, logabs


# ------------------------------------------------------------------ gain of one neuron


@verified_by("gain_needs_w_ge_4", "weighted_sigmoid_prime_bound")
def gain(w: ArrayLike, a: ArrayLike, b: ArrayLike) -> FloatResult:
    """Gain of one sigmoid neuron, |w σ′(wa + b)|, elementwise (broadcasting w, a, b).

    The factor one layer contributes to a backpropagated gradient (Nielsen ch. 5 eq. (122));
    |gain| ≥ 1 is needed for the gradient not to shrink. Computed as |w|·σ′(wa + b). For
    |w| = inf the limit in w is returned: +inf when a = 0 (and b finite), 0 when a ≠ 0; a
    product wa beyond the float range gives 0 (σ′ has underflowed long before). NaN gives NaN.

    Source: Nielsen ch. 5 problem after eq. (122). Verified by claims ``gain_needs_w_ge_4``
    (gain ≥ 1 forces |w| ≥ 4) and ``weighted_sigmoid_prime_bound`` (gain ≤ |w|/4). Accuracy:
    relative error ≤ 4 ulp + (|wa| + |wa + b|)·2⁻⁵³ (the rounding of z = wa + b, amplified by
    |d ln σ′/dz| = |tanh(z/2)| ≤ 1), against mpmath at 50 digits (tests/test_formulas.py).

    Parameters
    ----------
    w : ArrayLike
        Weights.
    a : ArrayLike
        Inputs.
    b : ArrayLike
        Biases; the three broadcast together.

    Returns
    -------
    FloatResult
        |w σ′(wa + b)| ≥ 0.
    """
    ww = _as_real_array(w, "w")
    aa = _as_real_array(a, "a")
    bb = _as_real_array(b, "b")
    _check_broadcast(w=ww, a=aa, b=bb)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        z = ww * aa + bb
        out = np.asarray(np.abs(ww) * _sigmoid_prime_array(np.asarray(z)))
        w_inf = np.isinf(ww)
        if np.any(w_inf):
            limit = np.where(aa == 0, np.where(np.isfinite(bb), np.inf, np.nan), 0.0)
            # a ≠ 0 with an infinite b of the opposite sign to w·a: no limit
            clash = (aa != 0) & np.isinf(bb) & (np.sign(bb) != np.sign(ww * aa))
            limit = np.where(clash | np.isnan(aa) | np.isnan(bb), np.nan, limit)
            out = np.asarray(np.where(w_inf, limit, out))
    return _result(out)


def _half_width_in_z(abs_w: FloatArray) -> FloatArray:
    """z* = 2 arccosh(√|w|/2) = ln(|w|(1 + √(1 − 4/|w|))/2 − 1) for 4 ≤ |w| < inf; NaN below 4.

    σ′(z) = 1/(4 cosh²(z/2)) ≥ 1/|w| ⇔ |z| ≤ z*. arccosh(1 + u) = log1p(u + √u·√(u + 2)) with
    u = √|w|/2 − 1 = (|w| − 4)/(2(√|w| + 2)): |w| − 4 is exact near 4, so no cancellation.
    """
    finite = np.where(np.isinf(abs_w), 4.0, abs_w)
    u = (finite - 4.0) / (2.0 * (np.sqrt(finite) + 2.0))
    u = np.where(u >= 0, u, np.nan)  # |w| < 4: empty set, no endpoints
    return np.asarray(2.0 * np.log1p(u + np.sqrt(u) * np.sqrt(u + 2.0)))


@verified_by("gain_needs_w_ge_4", "gain_set_width")
def gain_interval(
    w: ArrayLike, b: ArrayLike, *, empty: Literal["nan", "raise"] = "nan"
) -> GainInterval:
    """Endpoints (lo, hi) of the set of inputs {a : |w σ′(wa + b)| ≥ 1}, elementwise in (w, b).

    For |w| ≥ 4 the set is the closed interval −b/w ± z*/|w| with
    z* = ln(|w|(1 + √(1 − 4/|w|))/2 − 1) = 2 arccosh(√|w|/2); at |w| = 4 it is the single point
    −b/w (lo = hi). **For |w| < 4 the set is empty** (claim ``gain_needs_w_ge_4``): with the
    default ``empty="nan"`` those entries of lo and hi are NaN (an array may mix both cases);
    with ``empty="raise"`` any such entry raises :class:`GainIntervalEmptyError` (a ValueError)
    naming the offending w. For |w| = inf and finite b the limit (−b/w, −b/w) = (∓0, ∓0) is
    returned; an infinite b with finite |w| ≥ 4 gives the limit lo = hi = −b/w = ∓inf (the
    interval moves off to infinity), with an infinite w too NaN (no limit). Returns a
    :class:`GainInterval` named tuple (lo, hi).

    Source: Nielsen ch. 5 problem after eq. (122), parts (1)–(2), eq. (123). Verified by claims
    ``gain_needs_w_ge_4`` and ``gain_set_width``. Accuracy: each endpoint within 4 ulp of
    max(|b/w|, z*/|w|) plus a relative 4 ulp of z*/|w| — the half-width is accurate to a few ulp
    relative even at |w| → 4, where (123) evaluated naively loses every digit — against mpmath
    at 50 digits (tests/test_formulas.py).

    Parameters
    ----------
    w : ArrayLike
        Weights.
    b : ArrayLike
        Biases, broadcast against ``w``.
    empty : {"nan", "raise"}
        What an entry with |w| < 4 (empty set) gives: NaN endpoints, or
        :class:`GainIntervalEmptyError`.

    Returns
    -------
    GainInterval
        The named tuple (lo, hi) of endpoints.
    """
    if empty not in ("nan", "raise"):
        raise ValueError(f"empty must be 'nan' or 'raise', got {empty!r}")
    ww = _as_real_array(w, "w")
    bb = _as_real_array(b, "b")
    _check_broadcast(w=ww, b=bb)
    abs_w = np.abs(ww)
    if empty == "raise":
        small = abs_w < 4
        if np.any(small):
            value = float(ww[small].flat[0] if ww.ndim else ww[()])
            raise GainIntervalEmptyError(
                f"w = {value!r}: |w σ′(wa + b)| ≥ 1 needs |w| ≥ 4 (claim gain_needs_w_ge_4), so "
                "no input a reaches gain 1; pass empty='nan' to get NaN endpoints instead"
            )
    with np.errstate(invalid="ignore", under="ignore", over="ignore", divide="ignore"):
        half = np.where(np.isinf(abs_w), 0.0, _half_width_in_z(abs_w) / abs_w)
        centre = -bb / ww
        # an infinite b moves the interval off to ∓inf (the limit; lo = hi = −b/w there); an
        # infinite b with an infinite w has no limit: inf/inf = NaN
        lo = np.asarray(centre - half)
        hi = np.asarray(centre + half)
    return GainInterval(_result(lo), _result(hi))


@verified_by("gain_set_width", "width_max")
def gain_interval_width(w: ArrayLike) -> FloatResult:
    """Width of {a : |w σ′(wa + b)| ≥ 1}: (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1) for |w| ≥ 4.

    Formula (123) of the text, which gives the width exactly (the text only says "no greater
    than"); it does not depend on b. Evaluated as (4/|w|) arccosh(√|w|/2) without cancellation
    near |w| = 4, where it is 0. For |w| < 4 the set is empty and **0 is returned** (the length
    of the empty set); |w| = inf gives the limit 0; NaN gives NaN. The width is greatest at
    |w| = :data:`WIDTH_MAX_ARGMAX` ≈ 6.894, where it is :data:`WIDTH_MAX_VALUE` ≈ 0.4477.

    Source: Nielsen ch. 5 problem after eq. (122), part (2), eq. (123). Verified by claims
    ``gain_set_width`` and ``width_max``. Accuracy: ≤ 6 ulp relative for |w| ≥ 4 (including
    |w| → 4) against mpmath at 50 digits (tests/test_formulas.py).

    Parameters
    ----------
    w : ArrayLike
        Weights.

    Returns
    -------
    FloatResult
        The width, 0 for |w| < 4, of w's shape.
    """
    ww = _as_real_array(w, "w")
    abs_w = np.abs(ww)
    with np.errstate(invalid="ignore", under="ignore"):
        width = 2.0 * _half_width_in_z(abs_w) / abs_w
        width = np.where(abs_w < 4, 0.0, width)
        width = np.asarray(np.where(np.isinf(abs_w), 0.0, width), dtype=abs_w.dtype)
    return _result(width)
