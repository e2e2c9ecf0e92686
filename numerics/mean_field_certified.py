"""Certified numbers of the mean-field variance map (claims ``q_map_fixed_point`` and
``sigmoid_criticality_needs_large_weights``, in :mod:`gradproof.proofs.mean_field`).

For an activation φ, weights of variance σ_w²/n_in and biases of variance σ_b², the variance of a
pre-activation follows the map (Poole et al. 2016)

    F(q) = σ_w² E[φ(√q z)²] + σ_b²,   z ~ N(0, 1),

and the backpropagated squared norm is multiplied per layer by χ(q) = σ_w² E[φ′(√q z)²]
(Schoenholz et al. 2017); χ₁ = χ(q*) at the fixed point q* = F(q*).

How the numbers are certified (mpmath only; no SymPy, no SciPy here):

* **Gaussian expectations** E[f(√q z)] are mpmath ``quad`` (tanh-sinh) integrals over
  (−∞, 0] and [0, ∞), computed at two working precisions (:data:`DPS_LOW`, :data:`DPS_HIGH`
  digits). The error bound of a value is the difference between the two plus both quadrature
  error estimates, times a safety factor 10 (:func:`gauss_expectation`). This is the brief's
  "quadrature at two precisions with an error bound", not interval arithmetic: it trusts
  mpmath's error estimates for these smooth, Gaussian-damped integrands.
* **q*** is enclosed by a sign change: G(q) = F(q) − q is > 0 at the lower end and < 0 at the
  upper end of a bracket, each sign decided only when |G| exceeds its error bound. G is
  continuous, so a fixed point lies in the bracket.
* **Uniqueness and attraction** of q* for one (φ, σ_w, σ_b): F maps [0, ∞) into
  I = [σ_b², σ_b² + σ_w²] (0 ≤ φ² < 1 for tanh and the sigmoid), so every fixed point lies in I
  and every orbit is in I after one step. On I, |F′| < 1 is certified on a grid: by Stein's lemma
  F′(q) = (σ_w²/2) E[(φ²)″(√q z)], and F″(q) = (σ_w²/4) E[(φ²)⁗(√q z)], so between grid points
  |F′| ≤ max over the grid + (σ_w²/4) M₄ h/2 with M₄ = max |(φ²)⁗|, which is the maximum of a
  polynomial in t = tanh(x) on [−1, 1] (or in p = σ(x) on [0, 1]; :func:`fourth_derivative_bound`).
  Then F is a contraction of I: the fixed point is unique and attracts every q ≥ 0.
* **χ₁** is enclosed from the bracket of q*: E[φ′(√q z)²] decreases in q for tanh and the
  sigmoid (φ′² is even and decreasing in |x|), so χ₁ ∈ [χ(q_hi), χ(q_lo)], each end widened by
  its error bound.
* **The critical σ_w** (χ₁ = 1) of the sigmoid is enclosed by a sign change of χ₁ − 1 between
  two values of σ_w, each sign decided from the χ₁ enclosure above.

Public names: :func:`gauss_expectation`, :func:`fixed_point`, :func:`contraction_certificate`,
:func:`critical_sigma_w`, :data:`STATED_POINTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import mpmath

#: the two working precisions (decimal digits) of every certified expectation
DPS_LOW = 25
DPS_HIGH = 35
#: the precision of the grid evaluations of F′ (their error bound is computed the same way)
DPS_GRID = (12, 16)
#: the activations the certified claims cover
ACTIVATIONS = ("sigmoid", "tanh")
#: the (σ_w, σ_b) where q_map_fixed_point certifies uniqueness, attraction, q* and χ₁
STATED_POINTS: tuple[tuple[float, float], ...] = ((1.0, 1.0), (1.0, 0.5), (1.5, 1.0), (0.5, 1.0))
#: the σ_b for which the critical σ_w of the sigmoid is certified
CRITICAL_SIGMA_B: tuple[float, ...] = (0.0, 0.5, 1.0)


def _phi(name: str) -> Callable[[Any], Any]:
    if name == "sigmoid":
        return lambda x: 1 / (1 + mpmath.exp(-x))
    if name == "tanh":
        return mpmath.tanh
    raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")


def _phi_prime(name: str) -> Callable[[Any], Any]:
    if name == "sigmoid":

        def sp(x: Any) -> Any:
            e = mpmath.exp(-abs(x))
            return e / (1 + e) ** 2

        return sp
    if name == "tanh":
        return lambda x: 1 / mpmath.cosh(x) ** 2
    raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")


# (φ²)″ and (φ²)⁗ as polynomials in u = φ(x): d/dx P(u) = P′(u) u′ with u′ = 1 − u² (tanh) or
# u(1 − u) (sigmoid). Coefficients, lowest degree first.
def _poly_mul(a: list[int], b: list[int]) -> list[int]:
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def _poly_diff(a: list[int]) -> list[int]:
    return [i * a[i] for i in range(1, len(a))] or [0]


def square_derivative_polys(name: str) -> tuple[list[int], list[int]]:
    """((φ²)″, (φ²)⁗) as integer polynomials in u = φ(x) (lowest degree first)."""
    du = {"tanh": [1, 0, -1], "sigmoid": [0, 1, -1]}[name]
    polys = [[0, 0, 1]]  # u²
    for _ in range(4):
        polys.append(_poly_mul(_poly_diff(polys[-1]), du))
    return polys[2], polys[4]


def _poly_eval(a: list[int], u: Any) -> Any:
    out = mpmath.mpf(0)
    for c in reversed(a):
        out = out * u + c
    return out


def fourth_derivative_bound(name: str) -> Any:
    """M₄ ≥ max |(φ²)⁗(x)| over the reals: the polynomial's maximum of |·| on u's range
    ([−1, 1] for tanh, [0, 1] for the sigmoid), from its values at the ends and at the real roots
    of its derivative, raised by 1e-20 for the roots' rounding."""
    _, p4 = square_derivative_polys(name)
    lo, hi = (-1, 1) if name == "tanh" else (0, 1)
    with mpmath.workdps(40):
        candidates = [mpmath.mpf(lo), mpmath.mpf(hi)]
        d = _poly_diff(p4)
        roots = mpmath.polyroots(list(reversed(d)), maxsteps=200, extraprec=200)
        for r in roots:
            if abs(mpmath.im(r)) < mpmath.mpf(10) ** -25 and lo <= mpmath.re(r) <= hi:
                candidates.append(mpmath.re(r))
        return max(abs(_poly_eval(p4, u)) for u in candidates) + mpmath.mpf(10) ** -20


def _quad(f: Callable[[Any], Any], q: Any) -> tuple[Any, Any]:
    """E[f(√q z)] and quad's error estimate at the current precision."""
    s = mpmath.sqrt(q)
    norm = 1 / mpmath.sqrt(2 * mpmath.pi)

    def g(x: Any) -> Any:
        return f(s * x) * mpmath.exp(-x * x / 2) * norm

    v, err = mpmath.quad(g, [-mpmath.inf, 0, mpmath.inf], error=True)
    return v, err


def gauss_expectation(
    f: Callable[[Any], Any], q: Any, dps: tuple[int, int] = (DPS_LOW, DPS_HIGH)
) -> tuple[Any, Any]:
    """(value, error bound) of E[f(√q z)], z ~ N(0, 1), from quadrature at two precisions."""
    with mpmath.workdps(dps[0]):
        v1, e1 = _quad(f, mpmath.mpf(q))
    with mpmath.workdps(dps[1]):
        v2, e2 = _quad(f, mpmath.mpf(q))
        bound = 10 * (abs(v2 - v1) + abs(e1) + abs(e2)) + mpmath.mpf(10) ** (-dps[0])
    return v2, bound


def variance_map(name: str, sigma_w: float, sigma_b: float, q: Any) -> tuple[Any, Any]:
    """(F(q), error bound), F(q) = σ_w² E[φ(√q z)²] + σ_b²."""
    phi = _phi(name)
    e, err = gauss_expectation(lambda x: phi(x) ** 2, q)
    sw2 = mpmath.mpf(sigma_w) ** 2
    return sw2 * e + mpmath.mpf(sigma_b) ** 2, sw2 * err


def chi(name: str, sigma_w: float, q: Any) -> tuple[Any, Any]:
    """(χ(q), error bound), χ(q) = σ_w² E[φ′(√q z)²]."""
    dphi = _phi_prime(name)
    e, err = gauss_expectation(lambda x: dphi(x) ** 2, q)
    sw2 = mpmath.mpf(sigma_w) ** 2
    return sw2 * e, sw2 * err


@dataclass(frozen=True)
class FixedPoint:
    """A certified fixed point: q* ∈ [q_lo, q_hi] and χ₁ ∈ [chi_lo, chi_hi] (mpmath numbers)."""

    activation: str
    sigma_w: float
    sigma_b: float
    q_lo: Any
    q_hi: Any
    chi_lo: Any
    chi_hi: Any

    @property
    def q(self) -> float:
        return float((self.q_lo + self.q_hi) / 2)

    @property
    def chi1(self) -> float:
        return float((self.chi_lo + self.chi_hi) / 2)

    def digits(self, lo: Any, hi: Any) -> int:
        """Significant digits the enclosure [lo, hi] fixes (relative width)."""
        width = abs(hi - lo) / max(abs(hi), mpmath.mpf(10) ** -30)
        return max(0, int(-mpmath.log10(width)) if width > 0 else 30)


def _iterate(name: str, sigma_w: float, sigma_b: float, start: Any = None) -> Any:
    """q* by secant on G(q) = F(q) − q (30 digits), from ``start`` (default σ_b² + σ_w²/2)."""
    with mpmath.workdps(30):
        phi = _phi(name)
        sw2, sb2 = mpmath.mpf(sigma_w) ** 2, mpmath.mpf(sigma_b) ** 2

        def G(q: Any) -> Any:
            return sw2 * _quad(lambda x: phi(x) ** 2, q)[0] + sb2 - q

        q = mpmath.mpf(start) if start is not None else sb2 + sw2 / 2
        return mpmath.findroot(G, q, tol=mpmath.mpf(10) ** -26)


def _sign(value: Any, bound: Any) -> int:
    if value > bound:
        return 1
    if value < -bound:
        return -1
    return 0


@cache
def fixed_point(
    name: str, sigma_w: float, sigma_b: float, rel: float = 1e-16, guess: float | None = None
) -> FixedPoint:
    """The certified fixed point of F and χ₁ there (see the module docstring): the bracket is
    ``guess`` (a stated value; default: found by secant on F(q) − q) times 1 ∓ ``rel``.

    Raises ``ArithmeticError`` when a sign cannot be decided (the bracket is not certified)."""
    if sigma_w <= 0 or sigma_b < 0:
        raise ValueError(f"need σ_w > 0 and σ_b ≥ 0, got σ_w={sigma_w!r}, σ_b={sigma_b!r}")
    with mpmath.workdps(DPS_HIGH):
        q0 = mpmath.mpf(guess) if guess is not None else _iterate(name, sigma_w, sigma_b)
        eps = abs(q0) * mpmath.mpf(rel)
        q_lo, q_hi = q0 - eps, q0 + eps
        if guess is not None and guess <= 0:
            raise ValueError(f"a fixed point guess must be > 0, got {guess!r}")
        for q, want in ((q_lo, 1), (q_hi, -1)):
            fq, err = variance_map(name, sigma_w, sigma_b, q)
            if _sign(fq - q, err) != want:
                raise ArithmeticError(
                    f"{name} σ_w={sigma_w} σ_b={sigma_b}: F(q) − q at q = {mpmath.nstr(q, 25)} "
                    f"is {mpmath.nstr(fq - q, 5)} ± {mpmath.nstr(err, 3)}, not of sign {want}"
                )
        c_hi, e_hi = chi(name, sigma_w, q_lo)  # E[φ′²] decreases in q: χ(q_lo) is the upper end
        c_lo, e_lo = chi(name, sigma_w, q_hi)
        return FixedPoint(name, sigma_w, sigma_b, q_lo, q_hi, c_lo - e_lo, c_hi + e_hi)


@dataclass(frozen=True)
class Contraction:
    """|F′| ≤ bound < 1 on I = [σ_b², σ_b² + σ_w²]: grid maximum, grid step and M₄."""

    activation: str
    sigma_w: float
    sigma_b: float
    grid_max: float
    step: float
    m4: float
    bound: float

    @property
    def holds(self) -> bool:
        return self.bound < 1


@cache
def contraction_certificate(
    name: str, sigma_w: float, sigma_b: float, points: int = 0
) -> Contraction:
    """Certify |F′| < 1 on I (module docstring); ``points`` grid points (default: enough that
    the between-points term is at most 0.05)."""
    sw2 = mpmath.mpf(sigma_w) ** 2
    lo, hi = mpmath.mpf(sigma_b) ** 2, mpmath.mpf(sigma_b) ** 2 + sw2
    m4 = fourth_derivative_bound(name)
    if points <= 0:
        # (σ_w²/4) M₄ h/2 ≤ 0.2 with h = (hi − lo)/(points − 1)
        points = int(mpmath.ceil(sw2 * m4 * (hi - lo) / mpmath.mpf(1.6))) + 2
    p2, _ = square_derivative_polys(name)
    phi = _phi(name)
    worst = mpmath.mpf(0)
    h = (hi - lo) / (points - 1)
    for i in range(points):
        q = lo + i * h
        if q == 0:  # F′(0) = (σ_w²/2)(φ²)″(0): the integrand at q = 0 is a constant
            v, err = _poly_eval(p2, phi(mpmath.mpf(0))), mpmath.mpf(0)
        else:
            v, err = gauss_expectation(lambda x: _poly_eval(p2, phi(x)), q, DPS_GRID)
        worst = max(worst, abs(sw2 / 2 * v) + sw2 / 2 * err)
    between = sw2 / 4 * m4 * h / 2
    return Contraction(
        name, sigma_w, sigma_b, float(worst), float(h), float(m4), float(worst + between)
    )


@dataclass(frozen=True)
class Critical:
    """A certified critical σ_w of the sigmoid: χ₁ < 1 at σ_w = lo and χ₁ > 1 at σ_w = hi."""

    sigma_b: float
    lo: float
    hi: float
    chi_at_lo: tuple[float, float]
    chi_at_hi: tuple[float, float]

    @property
    def value(self) -> float:
        return (self.lo + self.hi) / 2


def _chi1_minus_one(name: str, sigma_w: Any, sigma_b: float) -> Any:
    with mpmath.workdps(30):
        q = _iterate(name, sigma_w, sigma_b)
        return chi(name, sigma_w, q)[0] - 1


def find_critical_sigma_w(sigma_b: float, name: str = "sigmoid", start: float = 8.0) -> float:
    """The σ_w with χ₁ = 1 (secant on χ₁ − 1, not certified; see :func:`critical_sigma_w`)."""
    with mpmath.workdps(30):
        root = mpmath.findroot(
            lambda s: _chi1_minus_one(name, s, sigma_b),
            mpmath.mpf(start),
            tol=mpmath.mpf(10) ** -20,
        )
    return float(root)


@cache
def critical_sigma_w(
    sigma_b: float,
    lo: float,
    hi: float,
    name: str = "sigmoid",
    q_guess: tuple[float, float] | None = None,
) -> Critical:
    """Certify that χ₁ − 1 changes sign on [lo, hi] for the given σ_b (module docstring): χ₁ < 1
    at σ_w = lo and χ₁ > 1 at σ_w = hi, so a critical σ_w lies in [lo, hi]. ``q_guess``: q* at lo
    and hi (default: found by secant)."""
    guesses = q_guess if q_guess is not None else (None, None)
    at_lo = fixed_point(name, lo, sigma_b, guess=guesses[0])
    at_hi = fixed_point(name, hi, sigma_b, guess=guesses[1])
    if not (at_lo.chi_hi < 1 < at_hi.chi_lo):
        raise ArithmeticError(
            f"σ_b={sigma_b}: χ₁ − 1 has no certified sign change on [{lo!r}, {hi!r}] "
            f"(χ₁ ∈ [{float(at_lo.chi_lo)}, {float(at_lo.chi_hi)}] at lo, "
            f"[{float(at_hi.chi_lo)}, {float(at_hi.chi_hi)}] at hi)"
        )
    return Critical(
        sigma_b,
        lo,
        hi,
        (float(at_lo.chi_lo), float(at_lo.chi_hi)),
        (float(at_hi.chi_lo), float(at_hi.chi_hi)),
    )
