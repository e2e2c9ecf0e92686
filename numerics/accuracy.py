"""Searching for the worst error of each exported formula, in ulps, against a 50-digit reference.

Every formula of :mod:`gradproof.numerics.formulas` promises an accuracy in its docstring (e.g.
``sigmoid_prime``: ≤ 4 ulp relative on [−700, 700]). A fixed grid of a hundred points checks that
promise only where the grid happens to fall, and rounding errors large enough to break it are rare
and sit in narrow places: the uncompensated σ′ = t/(1 + t)² is 4.07 ulp off at
z = −6.236666679570021, where t = e^(−|z|) lies just above 2⁻⁹ (so its own rounding error is
large compared with it) and σ′(z) lies just below 2⁻⁹ (so an ulp of the result is small compared
with it); a 93-point grid never comes near. Here the worst case is *searched for*, the way
SciPy's mpmath tests of ``scipy.special`` look for it (``scipy/special/_mptestutils.py``: dense
sampling including the awkward regions, a high-precision reference):

1. **targeted sampling** (:meth:`Spec.sample`): broad samples over the promised domain, plus
   dense windows where errors concentrate — wherever the result or an intermediate quantity
   (e^(−|z|), a logarithm's argument, a term of a sum) crosses a power of two, since that is where
   the spacing of floats jumps by 2 relative to the value (:func:`binade_crossings`), and near
   the domain's edges;
2. **screening** of every sample against a reference evaluated in extended precision
   (``numpy.longdouble``, 64-bit significand on x86: about 2⁻¹¹ ulp of float64), vectorised;
3. **local refinement**: the worst points found are perturbed by 1 to 2⁴⁰ ulps in each argument,
   a few rounds, keeping the worst of everything seen (hill climbing on the error);
4. **confirmation** with mpmath at ≥ 50 digits of the claim's own SymPy expression (passed in by
   the claim module, so the reference is the statement that was proved) at the worst points and
   at every point whose screened error exceeds :data:`CONFIRM_FRACTION` of the bound. The
   promised bound must hold at every point: a confirmed point beyond it fails the check, and so
   does a screen that disagrees with mpmath by more than :data:`SCREEN_TOLERANCE` of the bound
   at a confirmed point (the screen would then not be trustworthy).

:func:`hypothesis_check` adds a hypothesis property test (``target()`` steers it towards large
errors) against the same mpmath reference. Where ``longdouble`` is no wider than float64
(Windows, Apple silicon) the screen falls back to mpmath at 30 digits on a thinned sample, and the
report says so.

Pure NumPy at import (mpmath and hypothesis load inside the functions).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from gradproof.claims import Outcome
from gradproof.numerics import formulas

FloatArray = npt.NDArray[np.float64]
LongArray = npt.NDArray[np.longdouble]
Columns = tuple[npt.NDArray[Any], ...]
#: row → the exact value(s) of the claim's expression at the row's float inputs, in mpmath
MpReference = Callable[..., Sequence[Any]]

#: Seed of the search (part of the evidence: the same points on every run).
SEED = 20261204
#: Screened points whose error exceeds this fraction of the bound are confirmed with mpmath.
CONFIRM_FRACTION = 0.9
#: Largest disagreement allowed between the long-double screen and mpmath at a confirmed point,
#: as a fraction of the bound (a hundredth of the error for errors beyond 100 times the bound).
#: The screen picks the points to confirm (those beyond :data:`CONFIRM_FRACTION` of the bound),
#: so it must be good to well within 1 − CONFIRM_FRACTION of the bound.
SCREEN_TOLERANCE = 0.02
#: The worst points confirmed with mpmath in any case.
CONFIRM_TOP = 24
#: At most this many points confirmed with mpmath (a formula far off fails long before).
CONFIRM_MAX = 160
#: Rounds of local refinement, points refined per round, neighbours per point.
REFINE_ROUNDS, REFINE_TOP, REFINE_NEIGHBOURS = 4, 32, 192
#: True where numpy.longdouble has at least a 64-bit significand (x86 80-bit, IEEE quad).
EXTENDED = np.finfo(np.longdouble).nmant >= 63
#: Points screened with mpmath when there is no extended long double.
FALLBACK_POINTS = 3000

LN2 = math.log(2.0)


# ------------------------------------------------------------------ sampling helpers


def log_uniform(rng: np.random.Generator, lo: float, hi: float, n: int) -> FloatArray:
    """n magnitudes log-uniform on [lo, hi] (0 < lo < hi)."""
    return np.asarray(np.exp(rng.uniform(math.log(lo), math.log(hi), n)), dtype=np.float64)


def around(
    rng: np.random.Generator, centres: Any, widths: Any, n_each: int, side: str = "both"
) -> FloatArray:
    """n_each points in [c − w, c + w] (side "both"), [c − w, c] ("below") or [c, c + w]
    ("above") for every centre c and width w."""
    c = np.repeat(np.asarray(centres, dtype=np.float64), n_each)
    w = np.repeat(np.broadcast_to(np.asarray(widths, dtype=np.float64), np.shape(centres)), n_each)
    lo = {"both": -1.0, "below": -1.0, "above": 0.0}[side]
    hi = {"both": 1.0, "below": 0.0, "above": 1.0}[side]
    return np.asarray(c + w * rng.uniform(lo, hi, c.size), dtype=np.float64)


def binade_crossings(x: FloatArray, values: Any) -> tuple[FloatArray, FloatArray]:
    """The brackets [x_i, x_{i+1}] of a sorted grid where |values| crosses a power of two.

    That is where the float spacing of the value jumps by a factor 2 relative to the value, so a
    fixed relative error is worth twice as many ulps just below the power as just above it.
    """
    v = np.abs(np.asarray(values, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.floor(np.log2(v))
    change = (e[1:] != e[:-1]) & np.isfinite(e[1:]) & np.isfinite(e[:-1])
    return x[:-1][change], x[1:][change]


def in_brackets(
    rng: np.random.Generator, lo: FloatArray, hi: FloatArray, n_each: int, widen: float = 1.0
) -> FloatArray:
    """n_each points in each bracket [lo, hi], widened by ``widen`` times its width each side."""
    width = hi - lo
    return around(rng, (lo + hi) / 2, width * (0.5 + widen), n_each)


def ulp_neighbours(rng: np.random.Generator, x: Any, n_each: int) -> FloatArray:
    """n_each floats near each x: x + k·spacing(x), |k| from 1 to 2⁴⁰ ulps, log-uniformly."""
    base = np.repeat(np.asarray(x, dtype=np.float64), n_each)
    scale = np.exp2(rng.integers(0, 41, base.size)).astype(np.float64)
    k = np.maximum(1.0, np.floor(scale * rng.uniform(0.0, 1.0, base.size)))
    k *= rng.choice([-1.0, 1.0], base.size)
    with np.errstate(over="ignore", invalid="ignore"):
        out = base + k * np.spacing(np.abs(base))
    return np.asarray(np.where(np.isfinite(out), out, base), dtype=np.float64)


def ulps(got: Any, ref: Any, scale: Any) -> FloatArray:
    """|got − ref| in units of the float64 spacing at |scale| (floored at the least subnormal).

    ``ref`` and ``scale`` may be long doubles (the screen); the difference is taken in long
    double, so the measurement itself is good to about 2⁻¹¹ ulp.
    """
    g = np.asarray(got, dtype=np.longdouble)
    r = np.asarray(ref, dtype=np.longdouble)
    spacing = np.maximum(np.spacing(np.abs(np.asarray(scale, dtype=np.float64))), 5e-324)
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(g - r) / spacing.astype(np.longdouble)
    err = np.where(np.isnan(g) & ~np.isnan(r), np.inf, err)
    err = np.where((np.isnan(g) & np.isnan(r)) | (g == r), 0.0, err)
    return np.asarray(err, dtype=np.float64)


# ------------------------------------------------------------------ the search


@dataclass(frozen=True)
class Spec:
    """How to search one exported formula's promised accuracy.

    ``sample(rng)`` gives the candidate inputs (a tuple of arrays whose first axis runs over the
    rows); ``evaluate(func, cols)`` calls the exported formula once, vectorised, and returns its
    outputs (a list of float64 arrays of shape (rows,) or (rows, k)); ``screen(cols)`` gives the
    extended-precision references and ``scale(cols, refs)`` the values whose spacing is the unit;
    ``bound(cols)`` the promised ulps per row (same shapes as the outputs, or broadcastable);
    ``mp_scale(row, refs)`` and ``digits(row)`` the same for the mpmath confirmation, where the
    claim module supplies the reference; ``perturb`` lists the arguments the refinement moves;
    ``domain`` clips each argument to the promised range (after sampling and after every
    perturbation) and ``valid(cols)`` masks the rows where the promise applies.
    """

    name: str
    promise: str
    sample: Callable[[np.random.Generator], Columns]
    screen: Callable[[Columns], list[LongArray]]
    bound: Callable[[Columns], list[Any]]
    evaluate: Callable[[Callable[..., Any], Columns], list[FloatArray]] | None = None
    scale: Callable[[Columns, list[LongArray]], list[Any]] | None = None
    mp_scale: Callable[[tuple[Any, ...], Sequence[Any]], Sequence[Any]] | None = None
    digits: Callable[[tuple[float, ...]], int] = field(default=lambda row: 50)
    perturb: tuple[int, ...] = (0,)
    valid: Callable[[Columns], npt.NDArray[np.bool_]] | None = None
    domain: tuple[tuple[float, float], ...] | None = None
    strategy: Callable[[], Any] | None = None

    def restrict(self, cols: Columns) -> Columns:
        """``cols`` clipped to :attr:`domain`, then the rows :attr:`valid` keeps."""
        if self.domain is not None:
            cols = tuple(np.clip(c, lo, hi) for c, (lo, hi) in zip(cols, self.domain, strict=True))
        if self.valid is not None:
            cols = _take(cols, self.valid(cols))
        return cols

    def call(self, cols: Columns) -> list[FloatArray]:
        """The exported formula (looked up now, so a patched or mutated one is what runs)."""
        func = getattr(formulas, self.name)
        if self.evaluate is not None:
            return self.evaluate(func, cols)
        return [np.asarray(func(*cols), dtype=np.float64)]


def _take(cols: Columns, idx: Any) -> Columns:
    return tuple(np.asarray(c)[idx] for c in cols)


def _concat(a: Columns, b: Columns) -> Columns:
    return tuple(np.concatenate([x, y]) for x, y in zip(a, b, strict=True))


def _row(cols: Columns, i: int) -> tuple[Any, ...]:
    return tuple(
        float(c[i]) if np.ndim(c[i]) == 0 else np.asarray(c[i], dtype=np.float64) for c in cols
    )


def _row_ratio(values: list[Any], bounds: list[Any]) -> FloatArray:
    """Per row, the largest error/bound over the outputs (and over a row's components)."""
    parts = []
    for err, bnd in zip(values, bounds, strict=True):
        e = np.asarray(err, dtype=np.float64)
        b = np.broadcast_to(np.asarray(bnd, dtype=np.float64), e.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(b > 0, e / b, np.where(e == 0, 0.0, np.inf))
        parts.append(r.reshape(r.shape[0], -1).max(axis=1) if r.ndim > 1 else r)
    return np.asarray(np.max(np.stack(parts), axis=0), dtype=np.float64)


def _errors_ulps(spec: Spec, cols: Columns) -> tuple[FloatArray, FloatArray]:
    """(error/bound ratio, error in ulps) per row, screened in long double."""
    got = spec.call(cols)
    refs = spec.screen(cols)
    scales = spec.scale(cols, refs) if spec.scale is not None else refs
    errs = [ulps(g, r, s) for g, r, s in zip(got, refs, scales, strict=True)]
    bounds = spec.bound(cols)
    ratio = _row_ratio(errs, bounds)
    worst_ulps = _row_ratio(errs, [np.ones(1)] * len(errs))
    return ratio, worst_ulps


def _mp_errors(spec: Spec, cols: Columns, i: int, reference: MpReference) -> tuple[float, float]:
    """(error/bound, error in ulps) of row i against the claim's expression in mpmath."""
    import mpmath

    row = _row(cols, i)
    one = _take(cols, [i])
    outputs = spec.call(one)
    got = [np.asarray(g, dtype=np.float64).reshape(-1) for g in outputs]
    bounds = [
        float(v)
        for g, b in zip(outputs, spec.bound(one), strict=True)
        for v in np.broadcast_to(np.asarray(b, dtype=np.float64), np.shape(g)).reshape(-1)
    ]
    with mpmath.workdps(max(50, spec.digits(row))):
        args = [
            mpmath.mpf(float(v)) if np.ndim(v) == 0 else [mpmath.mpf(float(u)) for u in v]
            for v in row
        ]
        refs = list(reference(*args))
        scales = list(spec.mp_scale(tuple(args), refs)) if spec.mp_scale is not None else refs
        flat_refs = _flatten(refs)
        flat_scales = _flatten(scales)
        flat_got = [float(v) for g in got for v in g]
        worst_ratio, worst_ulps = 0.0, 0.0
        for k, (g, r, s) in enumerate(zip(flat_got, flat_refs, flat_scales, strict=True)):
            if g == r or (math.isnan(g) and math.isnan(float(r))):
                err = 0.0
            elif math.isnan(g) or math.isnan(float(r)):
                err = math.inf
            else:
                spacing = max(math.ulp(abs(float(s))), 5e-324)
                err = float(abs(mpmath.mpf(g) - r) / spacing)
            bnd = bounds[k]
            ratio = err / bnd if bnd > 0 else (0.0 if err == 0 else math.inf)
            worst_ratio, worst_ulps = max(worst_ratio, ratio), max(worst_ulps, err)
    return worst_ratio, worst_ulps


def _flatten(values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, (list, tuple)):
            out.extend(v)
        else:
            out.append(v)
    return out


@dataclass(frozen=True)
class SearchReport:
    """What one search found: the worst confirmed point, counts and the screen's accuracy."""

    name: str
    promise: str
    screened: int
    confirmed: int
    beyond: int
    worst_ulps: float
    worst_ratio: float
    worst_row: tuple[Any, ...]
    screen_disagreement: float
    screen: str

    @property
    def ok(self) -> bool:
        return self.beyond == 0 and self.screen_disagreement <= SCREEN_TOLERANCE

    def detail(self) -> str:
        shown = ", ".join(
            repr(v) if isinstance(v, float) else "[" + ", ".join(f"{u:.17g}" for u in v) + "]"
            for v in self.worst_row
        )
        verdict = (
            "none beyond it"
            if self.beyond == 0
            else f"{self.beyond} confirmed beyond it (mpmath, ≥ 50 digits)"
        )
        screen_note = (
            f"screen agrees with mpmath to {self.screen_disagreement:.3f} of the bound"
            if self.screen_disagreement <= SCREEN_TOLERANCE
            else f"SCREEN DISAGREES with mpmath by {self.screen_disagreement:.3g} of the bound"
        )
        return (
            f"exported gradproof.{self.name}, promised {self.promise}: worst-case search over "
            f"{self.screened:,} points ({self.screen}; targeted at binade crossings, locally "
            f"refined), {self.confirmed} confirmed with mpmath: worst {self.worst_ulps:.3g} ulp "
            f"({self.worst_ratio:.3g} of the bound) at ({shown}); {verdict}; {screen_note}"
        )


def _screen_mp(spec: Spec, cols: Columns, reference: MpReference) -> tuple[FloatArray, FloatArray]:
    """The screen without an extended long double: mpmath at 30+ digits, row by row."""
    n = len(cols[0])
    ratio, err = np.empty(n), np.empty(n)
    for i in range(n):
        ratio[i], err[i] = _mp_errors(spec, cols, i, reference)
    return ratio, err


def search(
    spec: Spec, reference: MpReference, *, seed: int = SEED, rounds: int = REFINE_ROUNDS
) -> SearchReport:
    """Search ``spec``'s formula for its worst error; confirm with ``reference`` (mpmath).

    See the module docstring for the steps. Deterministic for a given seed.
    """
    rng = np.random.default_rng(seed)
    cols = spec.restrict(spec.sample(rng))
    if EXTENDED:
        ratio, err = _errors_ulps(spec, cols)
        screen = f"screened in {np.finfo(np.longdouble).nmant + 1}-bit long double"
        for _ in range(rounds):
            top = np.argsort(ratio, kind="stable")[-REFINE_TOP:]
            moved = list(_take(cols, np.repeat(top, REFINE_NEIGHBOURS)))
            for k in spec.perturb:
                moved[k] = _perturb(rng, np.asarray(cols[k])[top], REFINE_NEIGHBOURS)
            fresh = spec.restrict(tuple(moved))
            r2, e2 = _errors_ulps(spec, fresh)
            cols, ratio, err = (
                _concat(cols, fresh),
                np.concatenate([ratio, r2]),
                np.concatenate([err, e2]),
            )
    else:
        keep = np.linspace(0, len(cols[0]) - 1, min(FALLBACK_POINTS, len(cols[0]))).astype(int)
        cols = _take(cols, keep)
        ratio, err = _screen_mp(spec, cols, reference)
        screen = "screened with mpmath (numpy.longdouble is no wider than float64 here)"
    order = np.argsort(-ratio, kind="stable")
    near = order[ratio[order] >= CONFIRM_FRACTION]
    chosen = list(dict.fromkeys([*order[:CONFIRM_TOP].tolist(), *near[:CONFIRM_MAX].tolist()]))
    chosen = chosen[:CONFIRM_MAX]
    worst_ratio, worst_ulps, worst_i, beyond, disagreement = -1.0, 0.0, int(order[0]), 0, 0.0
    for i in chosen:
        r_mp, e_mp = _mp_errors(spec, cols, i, reference)
        if math.isfinite(r_mp) and math.isfinite(ratio[i]):
            # in fractions of the bound; relative (1 %) for errors beyond 100 times the bound
            gap = abs(r_mp - float(ratio[i])) / max(1.0, 0.01 * r_mp)
            disagreement = max(disagreement, gap)
        elif math.isfinite(r_mp) != math.isfinite(float(ratio[i])):
            disagreement = math.inf
        if r_mp > 1.0:
            beyond += 1
        if r_mp > worst_ratio:
            worst_ratio, worst_ulps, worst_i = r_mp, e_mp, i
    return SearchReport(
        spec.name,
        spec.promise,
        len(cols[0]),
        len(chosen),
        beyond,
        worst_ulps,
        worst_ratio,
        _row(cols, worst_i),
        disagreement if EXTENDED else 0.0,
        screen,
    )


def _perturb(rng: np.random.Generator, base: Any, n_each: int) -> npt.NDArray[Any]:
    """Neighbours of each row of ``base`` (shape (rows,) or (rows, k)): every component moved by
    :func:`ulp_neighbours` independently."""
    arr = np.asarray(base, dtype=np.float64)
    flat = np.repeat(arr, n_each, axis=0)
    moved = ulp_neighbours(rng, flat.reshape(-1), 1).reshape(flat.shape)
    # move about half of the components of a vector argument, keep the others
    if flat.ndim > 1:
        keep = rng.uniform(size=flat.shape) < 0.5
        moved = np.where(keep, flat, moved)
    return moved


def hypothesis_check(spec: Spec, reference: MpReference) -> Any:
    """A hypothesis property: the promised bound holds at every generated point (mpmath
    reference), with ``target()`` steering the search towards large errors. Run it with
    :func:`gradproof.properties.run_property`."""
    from hypothesis import given, target

    assert spec.strategy is not None, f"{spec.name}: no hypothesis strategy"

    @given(spec.strategy())
    def check(row: tuple[Any, ...]) -> None:
        cols = spec.restrict(tuple(np.asarray([v], dtype=np.float64) for v in row))
        if len(cols[0]) == 0:
            return
        ratio, err = _mp_errors(spec, cols, 0, reference)
        target(min(ratio, 1e6), label=f"{spec.name} error / bound")
        assert ratio <= 1.0, (
            f"gradproof.{spec.name}{tuple(row)!r} is {err:.3g} ulp off the claim's expression "
            f"(mpmath), beyond the promised {spec.promise}"
        )

    return check


# ------------------------------------------------------------------ long-double references
# Each reference is the formula's mathematics evaluated in extended precision, written here and
# not taken from formulas.py (which it checks); only its stable form follows the same algebra.


def _ld(x: Any) -> LongArray:
    return np.asarray(x, dtype=np.longdouble)


def _t_ld(z: Any) -> LongArray:
    """e^(−|z|) in long double."""
    return np.asarray(np.exp(-np.abs(_ld(z))))


def sigmoid_ld(z: Any) -> LongArray:
    """σ(z) = 1/(1 + e^(−z)), as 1/(1 + t) or t/(1 + t) with t = e^(−|z|), in long double."""
    t = _t_ld(z)
    return np.asarray(np.where(_ld(z) >= 0, 1 / (1 + t), t / (1 + t)))


def sigmoid_prime_ld(z: Any) -> LongArray:
    """σ′(z) = t/(1 + t)², t = e^(−|z|), in long double."""
    t = _t_ld(z)
    return np.asarray(t / (1 + t) ** 2)


def _xlogy_ld(x: Any, logy: Any) -> LongArray:
    """x·(−log y) with 0·inf = 0."""
    xx, ll = _ld(x), _ld(logy)
    with np.errstate(invalid="ignore"):
        return np.asarray(np.where(xx == 0, 0, -xx * ll))


def cross_entropy_ld(a: Any, y: Any) -> LongArray:
    """−[y ln a + (1 − y) ln(1 − a)] with 0 ln 0 = 0, in long double."""
    aa, yy = _ld(a), _ld(y)
    with np.errstate(divide="ignore"):
        return np.asarray(_xlogy_ld(yy, np.log(aa)) + _xlogy_ld(1 - yy, np.log1p(-aa)))


def softplus_ld(x: Any) -> LongArray:
    """ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)), in long double."""
    xx = _ld(x)
    return np.asarray(np.maximum(xx, 0) + np.log1p(np.exp(-np.abs(xx))))


def half_width_ld(abs_w: Any) -> LongArray:
    """z* = 2 arccosh(√|w|/2) for |w| ≥ 4, with u = (|w| − 4)/(2(√|w| + 2)) exact near 4."""
    w = _ld(abs_w)
    u = (w - 4) / (2 * (np.sqrt(w) + 2))
    return np.asarray(2 * np.log1p(u + np.sqrt(u) * np.sqrt(u + 2)))


# ------------------------------------------------------------------ where errors concentrate


def exp_breakpoints(z_max: float) -> FloatArray:
    """z = j ln 2 (j ≥ 1) up to z_max: where t = e^(−|z|) crosses the power of two 2⁻ʲ."""
    return np.asarray(np.arange(1, int(z_max / LN2) + 1) * LN2, dtype=np.float64)


def sigmoid_prime_breakpoints(z_max: float) -> FloatArray:
    """z > 0 where σ′(z) = 2⁻ᵏ (k ≥ 3): t = e^(−z) solves t/(1 + t)² = 2⁻ᵏ, t < 1."""
    k = np.arange(3, 1023, dtype=np.float64)
    a = np.exp2(k) - 2.0  # (1 + t)²/t = t + 2 + 1/t = 2ᵏ
    with np.errstate(over="ignore", invalid="ignore"):
        z = np.log(a) + np.log1p(np.sqrt(np.maximum(1.0 - 4.0 / (a * a), 0.0))) - LN2
    return np.asarray(z[np.isfinite(z) & (z <= z_max)], dtype=np.float64)


def windows(
    rng: np.random.Generator,
    centres: FloatArray,
    *,
    narrow: Any,
    n_narrow: int,
    wide: float,
    n_wide: int,
    side: str = "both",
) -> FloatArray:
    """Dense narrow windows and sparser wide ones around each breakpoint."""
    return np.concatenate(
        [
            around(rng, centres, narrow, n_narrow, side),
            around(rng, centres, np.full(centres.shape, wide), n_wide, "both"),
        ]
    )


def logistic_sample(rng: np.random.Generator, z_max: float, *, prime: bool) -> FloatArray:
    """Logits for σ and σ′ on [−z_max, z_max]: uniform, log-spaced magnitudes, the edges, and
    dense windows where e^(−|z|) (and σ′ or σ) cross powers of two.

    The narrow windows have width 4·2⁻ʲ on the side where t = e^(−|z|) lies just *above* 2⁻ʲ
    (below z = j ln 2): for large z, σ′ ≈ σ(−z) ≈ t(1 − 2t) lies just below 2⁻ʲ there, so the
    rounding error of t is large relative to t while an ulp of the result is small relative to
    the result — where the uncompensated σ′ loses 4.07 ulp.
    """
    breaks = exp_breakpoints(z_max)
    small = breaks[:64]
    big = breaks[64:]
    parts = [
        rng.uniform(-z_max, z_max, 40_000),
        rng.uniform(-40.0, 40.0, 40_000),
        log_uniform(rng, 1e-300, z_max, 10_000) * rng.choice([-1.0, 1.0], 10_000),
        windows(
            rng,
            small,
            narrow=4.0 * np.exp2(-np.arange(1, small.size + 1)),
            n_narrow=2500,
            wide=1.0 / 16,
            n_wide=300,
            side="below",
        ),
        windows(rng, big, narrow=64 * np.spacing(big), n_narrow=24, wide=1 / 16, n_wide=24),
        np.array([0.0, -0.0, 5e-324, 1e-300, 1.0, 36.7, z_max, 0.5, 2.0, 1e-8, 100.0]),
        np.linspace(-40.0, 40.0, 81),  # the fixed grid this search replaced
    ]
    if prime:
        crossings = sigmoid_prime_breakpoints(z_max)
        parts.append(
            windows(rng, crossings[:64], narrow=1e-3, n_narrow=800, wide=1 / 16, n_wide=100)
        )
    z = np.concatenate(parts)
    z = np.concatenate([z, -z])
    return np.asarray(z[np.abs(z) <= z_max], dtype=np.float64)


# ------------------------------------------------------------------ the formulas' promises


def _single(ref: Callable[..., LongArray]) -> Callable[[Columns], list[LongArray]]:
    return lambda cols: [ref(*cols)]


def sigmoid_spec() -> Spec:
    """``sigmoid``: ≤ 4 ulp relative on [−700, 700]."""
    return Spec(
        name="sigmoid",
        promise="≤ 4 ulp relative on [−700, 700]",
        domain=((-700.0, 700.0),),
        sample=lambda rng: (logistic_sample(rng, 700.0, prime=False),),
        screen=_single(sigmoid_ld),
        bound=lambda cols: [4.0],
        strategy=_floats_strategy(((-700.0, 700.0),)),
    )


def sigmoid_prime_spec() -> Spec:
    """``sigmoid_prime``: ≤ 4 ulp relative on [−700, 700]."""
    return Spec(
        name="sigmoid_prime",
        promise="≤ 4 ulp relative on [−700, 700]",
        domain=((-700.0, 700.0),),
        sample=lambda rng: (logistic_sample(rng, 700.0, prime=True),),
        screen=_single(sigmoid_prime_ld),
        bound=lambda cols: [4.0],
        # 1 − σ(z) inside σ(1 − σ) loses |z|/ln 10 digits: keep 50 beyond them
        digits=lambda row: 55 + int(abs(row[0]) / 2.3),
        strategy=_floats_strategy(((-700.0, 700.0),)),
    )


def _floats_strategy(ranges: Sequence[tuple[float, float]]) -> Callable[[], Any]:
    """A hypothesis strategy of rows of floats, one range per argument (endpoints included)."""

    def make() -> Any:
        from hypothesis import strategies as st

        return st.tuples(*(st.floats(lo, hi, allow_nan=False) for lo, hi in ranges))

    return make


def unit_grid(rng: np.random.Generator, n: int) -> FloatArray:
    """Probabilities in [0, 1]: uniform, log-spaced down to the least subnormal, log-spaced
    towards 1 (1 − 2⁻⁵³ … 1/2), and the edges."""
    near_one = 1.0 - log_uniform(rng, 2.0**-53, 0.5, n)
    return np.concatenate(
        [
            rng.uniform(0.0, 1.0, n),
            log_uniform(rng, 5e-324, 0.5, n),
            near_one,
            1.0 - np.arange(1, 65) * 2.0**-53,
            np.array([0.0, 1.0, 5e-324, 1e-300, 1e-12, 0.1, 0.25, 0.5, 0.9, 1 - 1e-12]),
        ]
    )


def targeted_1d(
    rng: np.random.Generator,
    grid: FloatArray,
    values: Sequence[Any],
    n_each: int,
) -> FloatArray:
    """Points in every bracket of the sorted ``grid`` where one of ``values`` (the result and the
    intermediates, evaluated on the grid) crosses a power of two."""
    x = np.sort(grid)
    out = [x]
    for v in values:
        order = np.argsort(grid)
        lo, hi = binade_crossings(x, np.asarray(v, dtype=np.float64)[order])
        out.append(in_brackets(rng, lo, hi, n_each))
    return np.concatenate(out)


def binary_entropy_spec() -> Spec:
    """``binary_entropy``: ≤ 4 ulp relative on [0, 1]."""

    def sample(rng: np.random.Generator) -> Columns:
        grid = np.sort(unit_grid(rng, 4000))
        y = _ld(grid)
        with np.errstate(divide="ignore"):
            terms = [cross_entropy_ld(grid, grid), _xlogy_ld(y, np.log(y)), 1 - y]
            terms.append(_xlogy_ld(1 - y, np.log1p(-y)))
        pts = targeted_1d(rng, grid, [np.asarray(t, dtype=np.float64) for t in terms], 24)
        pts = np.concatenate([pts, unit_grid(rng, 30_000)])
        return (np.clip(pts, 0.0, 1.0),)

    return Spec(
        name="binary_entropy",
        promise="≤ 4 ulp relative on [0, 1]",
        domain=((0.0, 1.0),),
        sample=sample,
        screen=lambda cols: [cross_entropy_ld(cols[0], cols[0])],
        bound=lambda cols: [4.0],
        digits=lambda row: 400,  # 1 − y exactly, for y down to the least subnormal
        # H(0) = H(1) = 0 by the convention 0 ln 0 = 0, which the claim's expression (0·(−∞))
        # does not evaluate: those two points are checked as exact values
        valid=lambda cols: (cols[0] > 0) & (cols[0] < 1),
        strategy=_floats_strategy(((0.0, 1.0),)),
    )


def cross_entropy_spec() -> Spec:
    """``cross_entropy``: ≤ 4 ulp relative for a, y ∈ [0, 1] (where the cost is finite)."""

    def sample(rng: np.random.Generator) -> Columns:
        grid = np.sort(unit_grid(rng, 3000))
        a_parts, y_parts = [], []
        targets = np.array([0.0, 1.0, 0.5, 0.25, 1e-10, 0.9, 1 - 2.0**-53, 0.3, 0.7, 1e-300])
        for yv in targets:
            with np.errstate(divide="ignore", invalid="ignore"):
                vals = [cross_entropy_ld(grid, yv), _xlogy_ld(yv, np.log(_ld(grid)))]
                vals.append(_xlogy_ld(1 - _ld(yv), np.log1p(-_ld(grid))))
                a = targeted_1d(rng, grid, [np.asarray(v, dtype=np.float64) for v in vals], 8)
            a_parts.append(a)
            y_parts.append(np.full(a.size, yv))
        for av in (0.5, 0.1, 0.9, 1e-12, 1 - 1e-12, 1e-300):
            vals = [cross_entropy_ld(av, grid)]
            y = targeted_1d(rng, grid, [np.asarray(vals[0], dtype=np.float64)], 8)
            y_parts.append(y)
            a_parts.append(np.full(y.size, av))
        n = 60_000
        a_parts.append(unit_grid(rng, n // 4)[:n])
        y_parts.append(
            np.concatenate([unit_grid(rng, n // 4), rng.uniform(0, 1, 10)])[: a_parts[-1].size]
        )
        a_rand = unit_grid(rng, 5000)
        a_parts.append(a_rand)
        y_parts.append(a_rand * (1 + rng.uniform(-1e-3, 1e-3, a_rand.size)))  # y ≈ a
        a = np.clip(np.concatenate(a_parts), 0.0, 1.0)
        y = np.clip(np.concatenate(y_parts), 0.0, 1.0)
        return a, y

    screen = lambda cols: [cross_entropy_ld(*cols)]  # noqa: E731
    return Spec(
        name="cross_entropy",
        promise="≤ 4 ulp relative for a, y ∈ [0, 1]",
        domain=((0.0, 1.0), (0.0, 1.0)),
        sample=sample,
        screen=screen,
        bound=lambda cols: [4.0],
        digits=lambda row: 400,
        perturb=(0, 1),
        # a ∈ {0, 1}: 0 ln 0 = 0 or C = +inf, checked as exact values (the claim's expression
        # evaluates 0·(−∞) there)
        valid=lambda cols: (cols[0] > 0) & (cols[0] < 1),
        strategy=_floats_strategy(((0.0, 1.0), (0.0, 1.0))),
    )


def logit_digits(row: tuple[Any, ...]) -> int:
    """Digits for a reference in σ(z): 1 − σ(z) keeps 60 of them for |z| up to 10⁴."""
    return 60 + int(abs(float(row[0])) / 2.3)


def logits(rng: np.random.Generator, z_max: float, n: int) -> FloatArray:
    """Logits up to |z| = z_max: uniform on [−40, 40] and [−745, 745], log-spaced magnitudes up
    to z_max, dense windows below each j ln 2 (e^(−|z|) just above 2⁻ʲ), the edges."""
    breaks = exp_breakpoints(min(z_max, 745.0))[:64]
    z = np.concatenate(
        [
            rng.uniform(-40.0, 40.0, n),
            rng.uniform(-745.0, 745.0, n // 4),
            log_uniform(rng, 1e-300, z_max, n // 4),
            around(rng, breaks, 4.0 * np.exp2(-np.arange(1, breaks.size + 1)), 40, "below"),
            np.array([0.0, 1e-8, 0.5, 2.0, 7.0, 40.0, 745.0, z_max]),
        ]
    )
    z = np.concatenate([z, -z])
    return np.asarray(z[np.abs(z) <= z_max], dtype=np.float64)


def _targets(rng: np.random.Generator, n: int, *, any_real: bool = False) -> FloatArray:
    """Targets y: 0 and 1 (a third each), uniform on [0, 1], near 0 and 1; with ``any_real``
    also outside [0, 1]."""
    y = rng.choice(np.array([0.0, 1.0, 0.5, 0.25, 0.3]), n)
    kind = rng.integers(0, 6, n)
    y = np.where(kind == 3, rng.uniform(0, 1, n), y)
    y = np.where(kind == 4, log_uniform(rng, 1e-300, 0.5, n), y)
    y = np.where(kind == 5, 1 - log_uniform(rng, 2.0**-53, 0.5, n), y)
    if any_real:
        wide = rng.choice([-1.0, 1.0], n) * log_uniform(rng, 1e-3, 1e3, n)
        y = np.where(rng.uniform(size=n) < 0.2, wide, y)
    return np.asarray(y, dtype=np.float64)


def cross_entropy_from_logits_spec() -> Spec:
    """``cross_entropy_from_logits``: ≤ 4 ulp relative for |z| ≤ 10⁴, y ∈ [0, 1]."""

    def ref(cols: Columns) -> LongArray:
        z, y = _ld(cols[0]), _ld(cols[1])
        return np.asarray(y * softplus_ld(-z) + (1 - y) * softplus_ld(z))

    def sample(rng: np.random.Generator) -> Columns:
        z = logits(rng, 1e4, 30_000)
        return z, _targets(rng, z.size)

    return Spec(
        name="cross_entropy_from_logits",
        promise="≤ 4 ulp relative for |z| ≤ 1e4",
        domain=((-1e4, 1e4), (0.0, 1.0)),
        sample=sample,
        screen=lambda cols: [ref(cols)],
        bound=lambda cols: [4.0],
        digits=logit_digits,
        perturb=(0, 1),
        # hypothesis up to |z| = 800 (a reference beyond needs thousands of digits per example;
        # the search confirms points up to 1e4)
        strategy=_floats_strategy(((-800.0, 800.0), (0.0, 1.0))),
    )


def _both_sigmas_ld(cols: Columns) -> LongArray:
    """|1 − y|σ(z) + |y|σ(−z): the scale of the rounding of σ(z) − y = (1 − y)σ(z) − yσ(−z)
    (each part computed apart); (1 − y)σ(z) + yσ(−z) for y ∈ [0, 1]."""
    z, y = _ld(cols[0]), _ld(cols[1])
    return np.asarray(np.abs(1 - y) * sigmoid_ld(z) + np.abs(y) * sigmoid_ld(-z))


def _sigma_minus_y_ld(cols: Columns) -> LongArray:
    z, y = _ld(cols[0]), _ld(cols[1])
    return np.asarray((1 - y) * sigmoid_ld(z) - y * sigmoid_ld(-z))


def _both_sigmas_mp(args: tuple[Any, ...], refs: Sequence[Any]) -> list[Any]:
    import mpmath

    z, y = args[0], args[1]
    s_pos = 1 / (1 + mpmath.exp(-z))
    return [abs(1 - y) * s_pos + abs(y) * (1 - s_pos)]


def cross_entropy_grad_spec() -> Spec:
    """``cross_entropy_grad``: error ≤ 4 ulp of (1 − y)σ(z) + yσ(−z), y ∈ [0, 1]."""

    def sample(rng: np.random.Generator) -> Columns:
        z = logits(rng, 745.0, 40_000)
        return z, _targets(rng, z.size)

    return Spec(
        name="cross_entropy_grad",
        promise="error ≤ 4 ulp of (1 − y)σ(z) + yσ(−z)",
        domain=((-745.0, 745.0), (0.0, 1.0)),
        sample=sample,
        screen=lambda cols: [_sigma_minus_y_ld(cols)],
        scale=lambda cols, refs: [_both_sigmas_ld(cols)],
        mp_scale=_both_sigmas_mp,
        bound=lambda cols: [4.0],
        digits=logit_digits,
        perturb=(0, 1),
        strategy=_floats_strategy(((-745.0, 745.0), (0.0, 1.0))),
    )


def quadratic_cost_spec() -> Spec:
    """``quadratic_cost``: ≤ 2 ulp relative for any real a, y (finite result)."""

    def ref(cols: Columns) -> LongArray:
        d = _ld(cols[1]) - _ld(cols[0])
        return np.asarray(d * d / 2)

    def sample(rng: np.random.Generator) -> Columns:
        n = 40_000
        a = rng.choice([-1.0, 1.0], n) * log_uniform(rng, 1e-300, 1e150, n)
        y = np.where(
            rng.uniform(size=n) < 0.5,
            rng.choice([0.0, 1.0, 0.7, -3.0], n),
            rng.choice([-1.0, 1.0], n) * log_uniform(rng, 1e-300, 1e150, n),
        )
        # close pairs (y − a exact by Sterbenz, then d² near a binade edge) and |y − a| spread
        # over the binades where (y − a)²/2 crosses powers of two
        d = rng.choice([-1.0, 1.0], n) * np.exp2(rng.uniform(-500, 500, n) / 2) * np.sqrt(2)
        a2 = rng.uniform(-4, 4, n)
        return np.concatenate([a, a2, a]), np.concatenate([y, a2 + d, a * (1 + 2.0**-40)])

    return Spec(
        name="quadratic_cost",
        promise="≤ 2 ulp relative for any real a, y",
        sample=sample,
        screen=lambda cols: [ref(cols)],
        bound=lambda cols: [2.0],
        digits=lambda row: 60,
        perturb=(0, 1),
        valid=lambda cols: np.isfinite(np.asarray(ref(cols), dtype=np.float64)),
        strategy=_floats_strategy(((-1e150, 1e150), (-1e150, 1e150))),
    )


def quadratic_grad_spec() -> Spec:
    """``quadratic_grad``: error ≤ 6 ulp of (|1 − y|σ(z) + |y|σ(−z))·σ′(z), any real y, for
    |z| ≤ 708 (σ′(z) a normal float)."""

    def scale(cols: Columns, refs: list[LongArray]) -> list[Any]:
        return [_both_sigmas_ld(cols) * sigmoid_prime_ld(cols[0])]

    def mp_scale(args: tuple[Any, ...], refs: Sequence[Any]) -> list[Any]:
        import mpmath

        z = args[0]
        t = mpmath.exp(-abs(z))
        return [_both_sigmas_mp(args, refs)[0] * t / (1 + t) ** 2]

    def sample(rng: np.random.Generator) -> Columns:
        z = logits(rng, 745.0, 40_000)
        return z, _targets(rng, z.size, any_real=True)

    return Spec(
        name="quadratic_grad",
        promise="error ≤ 6 ulp of (|1 − y|σ(z) + |y|σ(−z))·σ′(z) for |z| ≤ 708",
        domain=((-708.0, 708.0), (-1e3, 1e3)),
        sample=sample,
        screen=lambda cols: [_sigma_minus_y_ld(cols) * sigmoid_prime_ld(cols[0])],
        scale=scale,
        mp_scale=mp_scale,
        bound=lambda cols: [6.0],
        digits=logit_digits,
        perturb=(0, 1),
        strategy=_floats_strategy(((-708.0, 708.0), (-1e3, 1e3))),
    )


def gain_spec() -> Spec:
    """``gain``: relative error ≤ 4 ulp + (|wa| + |wa + b|)·2⁻⁵³ (the rounding of z = wa + b,
    amplified by |d ln σ′/dz| ≤ 1), for |wa + b| ≤ 700."""

    def ref(cols: Columns) -> LongArray:
        w, a, b = (_ld(c) for c in cols)
        return np.asarray(np.abs(w) * sigmoid_prime_ld(w * a + b))

    def bound(cols: Columns) -> list[Any]:
        w, a, b = (np.asarray(c, dtype=np.float64) for c in cols)
        r = np.abs(np.asarray(ref(cols), dtype=np.float64))
        spacing = np.maximum(np.spacing(r), 5e-324)
        with np.errstate(over="ignore", invalid="ignore"):
            z_part = (np.abs(w * a) + np.abs(w * a + b)) * 2.0**-53 * r / spacing
        return [4.0 + z_part]

    def sample(rng: np.random.Generator) -> Columns:
        n = 60_000
        w = rng.choice([-1.0, 1.0], n) * log_uniform(rng, 1e-3, 1e3, n)
        a = rng.choice([-1.0, 1.0], n) * log_uniform(rng, 1e-3, 10.0, n)
        z = np.concatenate([rng.uniform(-40, 40, n // 2), logits(rng, 700.0, n // 4)])
        z = z[rng.integers(0, z.size, n)]
        b = z - w * a  # wa + b = z up to rounding: large |wa| with small |z| included
        a0 = np.where(rng.uniform(size=n) < 0.1, 0.0, a)
        fixed = [
            (sg * wv, av, bv)
            for wv in (0.5, 3.9, 4.0, 6.894151032272928, 100.0, 1e3)
            for sg in (1.0, -1.0)
            for av in (-1.0, 0.0, 0.3, 2.0)
            for bv in (-3.0, 0.0, 1.5)
        ]
        fw, fa, fb = (np.array(c) for c in zip(*fixed, strict=True))
        return np.concatenate([w, fw]), np.concatenate([a0, fa]), np.concatenate([b, fb])

    def valid(cols: Columns) -> Any:
        w, a, b = cols
        with np.errstate(over="ignore", invalid="ignore"):
            return np.abs(np.asarray(w) * a + b) <= 700.0

    return Spec(
        name="gain",
        promise="relative error ≤ 4 ulp + (|wa| + |wa + b|)·2⁻⁵³",
        sample=sample,
        screen=lambda cols: [ref(cols)],
        bound=bound,
        digits=lambda row: 60 + int(abs(row[0] * row[1] + row[2]) / 2.3),
        perturb=(0, 1, 2),
        valid=valid,
        strategy=_floats_strategy(((-1e3, 1e3), (-10.0, 10.0), (-700.0, 700.0))),
    )


def _abs_w_sample(rng: np.random.Generator, n: int) -> FloatArray:
    """|w| ≥ 4: just above 4 (4 + k ulp and 4(1 + 2⁻⁵² … 1)), log-spaced up to 10³⁰⁰, the
    maximiser 6.894…, and dense brackets where the width or z* crosses a power of two."""
    grid = np.sort(
        np.concatenate(
            [
                4.0 * (1 + log_uniform(rng, 2.0**-52, 1.0, n)),
                log_uniform(rng, 4.0, 1e300, n),
                4.0 + np.arange(0, 64) * np.spacing(4.0),
                np.array([4.0, 4.5, 6.894151032272928, 20.0, 1e3, 1e6, 1e100, 1e200]),
            ]
        )
    )
    z_star = np.asarray(half_width_ld(grid), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return targeted_1d(rng, grid, [z_star, z_star / grid], 16)


def gain_interval_width_spec() -> Spec:
    """``gain_interval_width``: ≤ 6 ulp relative for |w| ≥ 4 (eq. (123))."""

    def sample(rng: np.random.Generator) -> Columns:
        w = _abs_w_sample(rng, 20_000)
        return (w * rng.choice([-1.0, 1.0], w.size),)

    def valid(cols: Columns) -> Any:
        w = np.abs(np.asarray(cols[0]))
        return (w > 4.0) & np.isfinite(w)  # at |w| = 4 the width is 0 exactly (exact_values)

    return Spec(
        name="gain_interval_width",
        promise="≤ 6 ulp relative for |w| ≥ 4",
        sample=sample,
        screen=lambda cols: [2 * half_width_ld(np.abs(_ld(cols[0]))) / np.abs(_ld(cols[0]))],
        bound=lambda cols: [6.0],
        digits=lambda row: 60,
        valid=valid,
        strategy=_floats_strategy(((4.0, 1e300),)),
    )


def gain_interval_spec() -> Spec:
    """``gain_interval``: each endpoint within 4 ulp of max(|b/w|, z*/|w|) plus 4 ulp of
    z*/|w| (z*/|w| the half-width) of −b/w ∓ z*/|w|, for |w| ≥ 4."""

    def refs(cols: Columns) -> list[LongArray]:
        w, b = _ld(cols[0]), _ld(cols[1])
        half = half_width_ld(np.abs(w)) / np.abs(w)
        return [np.asarray(-b / w - half), np.asarray(-b / w + half)]

    def scale(cols: Columns, _refs: list[LongArray]) -> list[Any]:
        w, b = _ld(cols[0]), _ld(cols[1])
        half = half_width_ld(np.abs(w)) / np.abs(w)
        s = np.maximum(np.abs(b / w), half)
        return [s, s]

    def bound(cols: Columns) -> list[Any]:
        w, b = _ld(cols[0]), _ld(cols[1])
        half = np.asarray(half_width_ld(np.abs(w)) / np.abs(w), dtype=np.float64)
        s = np.maximum(np.abs(np.asarray(b / w, dtype=np.float64)), half)
        extra = 4.0 * np.spacing(half) / np.maximum(np.spacing(s), 5e-324)
        return [4.0 + extra, 4.0 + extra]

    def mp_scale(args: tuple[Any, ...], values: Sequence[Any]) -> list[Any]:
        w, b = args
        s = max(abs(b / w), abs(values[1] - values[0]) / 2)
        return [s, s]

    def evaluate(func: Callable[..., Any], cols: Columns) -> list[FloatArray]:
        lo, hi = func(*cols)
        return [np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)]

    def sample(rng: np.random.Generator) -> Columns:
        w = _abs_w_sample(rng, 6_000)
        w = w * rng.choice([-1.0, 1.0], w.size)
        b = np.where(
            rng.uniform(size=w.size) < 0.3,
            rng.choice([-3.0, 0.0, 7.5], w.size),
            rng.choice([-1.0, 1.0], w.size) * log_uniform(rng, 1e-10, 1e10, w.size),
        )
        # b/w near the half-width: the endpoint nearer 0 cancels
        near = rng.uniform(size=w.size) < 0.3
        half = np.asarray(half_width_ld(np.abs(w)) / np.abs(w), dtype=np.float64)
        b = np.where(near & np.isfinite(half), w * half * rng.choice([-1.0, 1.0], w.size), b)
        return w, b

    def valid(cols: Columns) -> Any:
        w, b = (np.asarray(c) for c in cols)
        return (np.abs(w) >= 4.0) & np.isfinite(w) & np.isfinite(b) & (np.abs(w) <= 1e200)

    return Spec(
        name="gain_interval",
        promise="each endpoint within 4 ulp of max(|b/w|, z*/|w|) plus 4 ulp of z*/|w|",
        sample=sample,
        evaluate=evaluate,
        screen=refs,
        scale=scale,
        mp_scale=mp_scale,
        bound=bound,
        digits=lambda row: 60,
        perturb=(0, 1),
        valid=valid,
        strategy=_floats_strategy(((4.0, 1e6), (-10.0, 10.0))),
    )


# ------------------------------------------------------------------ chains of single neurons

EPS = 2.0**-52


def chain_forward_ld(w: Any, b: Any, a0: Any) -> tuple[LongArray, LongArray]:
    """(z, inputs a_{k−1}) of every layer, shape (rows, L), in long double."""
    ww, bb = _ld(w), _ld(b)
    a = _ld(a0)
    z = np.empty(ww.shape, dtype=np.longdouble)
    a_in = np.empty(ww.shape, dtype=np.longdouble)
    for k in range(ww.shape[-1]):
        a_in[..., k] = a
        z[..., k] = ww[..., k] * a + bb[..., k]
        a = sigmoid_ld(z[..., k])
    return z, a_in


def forward_error_bounds(w: Any, b: Any, a0: Any) -> FloatArray:
    """δ_k, a first-order bound on |z_k − fl(z_k)| in the float forward pass, shape (rows, L).

    fl(z_k) = fl(fl(w_k a_{k−1}) + b_k) from the float a_{k−1}: δ_1 = (|w_1 a_0| + |z_1|)·2⁻⁵³
    and δ_k = (|w_k a_{k−1}| + |z_k|)·2⁻⁵³ + |w_k|·(σ′(z_{k−1})δ_{k−1} + 4·2⁻⁵² a_{k−1}) (the
    error of a_{k−1} = σ(z_{k−1}): its input's error times σ′, plus σ's own 4 ulp).
    """
    z, a_in = (np.asarray(v, dtype=np.float64) for v in chain_forward_ld(w, b, a0))
    ww = np.asarray(w, dtype=np.float64)
    u = 2.0**-53
    out = np.empty(z.shape)
    with np.errstate(over="ignore", invalid="ignore"):
        prev = np.zeros(z.shape[:-1])
        for k in range(z.shape[-1]):
            own = (np.abs(ww[..., k] * a_in[..., k]) + np.abs(z[..., k])) * u
            if k:
                sp_prev = np.asarray(sigmoid_prime_ld(z[..., k - 1]), dtype=np.float64)
                own = own + np.abs(ww[..., k]) * (sp_prev * prev + 4 * EPS * a_in[..., k])
            out[..., k] = own
            prev = own
    return out


def chain_gradients_ld(w: Any, b: Any, a0: Any, g: Any) -> LongArray:
    """∂C/∂b_j = σ′(z_j) ∏_{k>j} w_k σ′(z_k) · ∂C/∂a_L for every j, in long double."""
    z, _ = chain_forward_ld(w, b, a0)
    sp_ = sigmoid_prime_ld(z)
    ww = _ld(w)
    out = np.empty(z.shape, dtype=np.longdouble)
    carried = _ld(g).copy()
    for j in range(z.shape[-1] - 1, -1, -1):
        out[..., j] = sp_[..., j] * carried
        carried = ww[..., j] * sp_[..., j] * carried
    return out


def chain_log_gradients_ld(w: Any, b: Any, a0: Any, g: Any) -> tuple[LongArray, LongArray]:
    """(sign, ln|∂C/∂b_j|) for every j, in long double (log σ′ = −|z| − 2 ln(1 + e^(−|z|)))."""
    z, _ = chain_forward_ld(w, b, a0)
    ww = _ld(w)
    log_sp = -np.abs(z) - 2 * np.log1p(np.exp(-np.abs(z)))
    with np.errstate(divide="ignore"):
        log_terms = np.log(np.abs(ww)) + log_sp
        log_g = np.log(np.abs(_ld(g)))
    out = np.empty(z.shape, dtype=np.longdouble)
    sign = np.empty(z.shape, dtype=np.longdouble)
    acc_log, acc_sign = log_g.copy(), np.sign(_ld(g))
    for j in range(z.shape[-1] - 1, -1, -1):
        out[..., j] = log_sp[..., j] + acc_log
        sign[..., j] = acc_sign
        acc_log = acc_log + log_terms[..., j]
        acc_sign = acc_sign * np.sign(ww[..., j])
    return sign, out


def chain_sample(rng: np.random.Generator, depth: int, n: int) -> Columns:
    """n chains of ``depth`` neurons: ordinary (w ~ N(0, 2²), b ~ N(0, 1.5²)), wide weights
    (|w| log-spaced in [10⁻³, 10³]), saturated (|b| = 30), z_k steered to just below j ln 2
    (σ′ hardest to round there), z_k = 0 with w = 100, and a zero weight."""
    w = rng.normal(0.0, 2.0, (n, depth))
    wide = rng.uniform(size=n) < 0.3
    w[wide] = (rng.choice([-1.0, 1.0], (n, depth)) * np.exp(rng.uniform(-6.9, 6.9, (n, depth))))[
        wide
    ]
    b = rng.normal(0.0, 1.5, (n, depth))
    sat = rng.uniform(size=n) < 0.15
    b[sat] = (30.0 * rng.choice([-1.0, 1.0], (n, depth)))[sat]
    a0 = np.where(rng.uniform(size=n) < 0.1, 0.0, rng.uniform(-1.0, 1.0, n))
    g = rng.choice([-1.0, 1.0], n) * np.exp(rng.uniform(-23.0, 23.0, n))
    # steer: z_k just below j ln 2 (j ≤ 12), b_k chosen from the float forward pass
    steer = rng.uniform(size=n) < 0.4
    breaks = exp_breakpoints(12 * LN2)
    a = a0.copy()
    for k in range(depth):
        jj = rng.integers(0, breaks.size, n)
        target = (breaks[jj] - rng.uniform(0, 4.0, n) * np.exp2(-(jj + 1.0))) * rng.choice(
            [-1.0, 1.0], n
        )
        b[:, k] = np.where(steer, target - w[:, k] * a, b[:, k])
        a = np.asarray(formulas.sigmoid(w[:, k] * a + b[:, k]), dtype=np.float64)
    fixed_w, fixed_b = np.full((1, depth), 100.0), np.full((1, depth), -50.0)  # z_k = 0 exactly
    zero_w = w[:1].copy()
    zero_w[0, -1] = 0.0
    return (
        np.concatenate([w, fixed_w, zero_w]),
        np.concatenate([b, fixed_b, b[:1]]),
        np.concatenate([a0, [0.5, 0.25]]),
        np.concatenate([g, [0.7, 2.0]]),
    )


def _chain_valid(cols: Columns) -> Any:
    """Finite inputs, σ′(z_k) a normal float at every layer, and every ∂C/∂b_j either 0 or a
    normal float (relative accuracy means nothing for a result that under- or overflows)."""
    w, b, a0, g = (np.asarray(c) for c in cols)
    z, _ = chain_forward_ld(w, b, a0)
    finite = np.all(np.isfinite(w), axis=1) & np.all(np.isfinite(b), axis=1)
    finite &= np.isfinite(a0) & np.isfinite(g)
    with np.errstate(all="ignore"):
        ref = np.abs(chain_gradients_ld(w, b, a0, g))
    tiny, big = np.finfo(np.float64).tiny, np.finfo(np.float64).max
    normal = (ref == 0) | ((ref >= tiny) & (ref <= big))
    return (
        finite
        & np.all(np.abs(np.asarray(z, dtype=np.float64)) <= 700.0, axis=1)
        & np.all(normal, axis=1)
    )


def _chain_digits(row: tuple[Any, ...]) -> int:
    """60 digits beyond those 1 − σ(z_k) loses inside σ(1 − σ) (the claim's form of σ′)."""
    w, b, a0 = (np.asarray(v, dtype=np.float64).reshape(1, -1) for v in row[:3])
    z, _ = chain_forward_ld(w, b, a0.reshape(1))
    return 60 + int(float(np.max(np.abs(np.asarray(z, dtype=np.float64)))) / 2.3)


def chain_spec(depth: int) -> Spec:
    """``chain_bias_gradients`` at one depth: relative error ≤ (6 + 3(L − j))·2⁻⁵² +
    Σ_{k≥j} δ_k (:func:`forward_error_bounds`)."""

    def bound(cols: Columns) -> list[Any]:
        ref = np.abs(np.asarray(chain_gradients_ld(*cols), dtype=np.float64))
        delta = forward_error_bounds(cols[0], cols[1], cols[2])
        tail = np.cumsum(delta[:, ::-1], axis=1)[:, ::-1]  # Σ_{k ≥ j} δ_k
        j = np.arange(1, depth + 1)
        rel = (6 + 3 * (depth - j)) * EPS + tail
        return [rel * ref / np.maximum(np.spacing(ref), 5e-324)]

    return Spec(
        name="chain_bias_gradients",
        promise=f"relative error ≤ (6 + 3(L − j))·2⁻⁵² + Σ_(k≥j) δ_k (L = {depth})",
        sample=lambda rng: chain_sample(rng, depth, 6000),
        screen=lambda cols: [chain_gradients_ld(*cols)],
        bound=bound,
        digits=_chain_digits,
        perturb=(0, 1, 2, 3),
        valid=_chain_valid,
        strategy=_chain_strategy(depth),
    )


def chain_log_spec(depth: int) -> Spec:
    """``chain_bias_gradients_log`` at one depth: the sign exactly, and ln|∂C/∂b_j| within
    4·2⁻⁵³·Σ_k(|ln|w_k|| + |ln σ′(z_k)|) + Σ_k δ_k + 8 ulp."""

    def evaluate(func: Callable[..., Any], cols: Columns) -> list[FloatArray]:
        sign, logabs = func(*cols)
        return [np.asarray(sign, dtype=np.float64), np.asarray(logabs, dtype=np.float64)]

    def screen(cols: Columns) -> list[LongArray]:
        sign, logabs = chain_log_gradients_ld(*cols)
        return [sign, logabs]

    def bound(cols: Columns) -> list[Any]:
        w = np.asarray(cols[0], dtype=np.float64)
        z, _ = chain_forward_ld(cols[0], cols[1], cols[2])
        log_sp = np.asarray(-np.abs(z) - 2 * np.log1p(np.exp(-np.abs(z))), dtype=np.float64)
        with np.errstate(divide="ignore"):
            spread = np.sum(np.where(w == 0, 0.0, np.abs(np.log(np.abs(w)))), axis=1)
        spread = spread + np.sum(np.abs(log_sp), axis=1)
        delta = np.sum(forward_error_bounds(cols[0], cols[1], cols[2]), axis=1)
        ref = np.abs(np.asarray(chain_log_gradients_ld(*cols)[1], dtype=np.float64))
        spacing = np.maximum(np.spacing(np.where(np.isfinite(ref), ref, 1.0)), 5e-324)
        extra = (4 * 2.0**-53 * spread + delta)[:, None] / spacing
        return [np.zeros(1), 8.0 + extra]

    return Spec(
        name="chain_bias_gradients_log",
        promise=(
            f"sign exact, ln|∂C/∂b_j| within 4·2⁻⁵³·Σ_k(|ln|w_k|| + |ln σ′(z_k)|) + Σ_k δ_k "
            f"+ 8 ulp (L = {depth})"
        ),
        sample=lambda rng: chain_sample(rng, depth, 6000),
        evaluate=evaluate,
        screen=screen,
        bound=bound,
        digits=_chain_digits,
        perturb=(0, 1, 2, 3),
        valid=_chain_valid,
        strategy=_chain_strategy(depth),
    )


def _chain_strategy(depth: int) -> Callable[[], Any]:
    def make() -> Any:
        from hypothesis import strategies as st

        floats = st.floats
        return st.tuples(
            st.lists(floats(-10.0, 10.0), min_size=depth, max_size=depth),
            st.lists(floats(-30.0, 30.0), min_size=depth, max_size=depth),
            floats(-1.0, 1.0),
            floats(-1e3, 1e3),
        )

    return make


# ------------------------------------------------------------------ as claim evidence


def searched(
    spec: Spec, reference: MpReference, against: str = "", *, with_property: bool = True
) -> Outcome:
    """The worst-case search, then the hypothesis property (:func:`property_checked`), as one
    numeric check: it holds when no point either finds breaks the promise.

    ``against`` names the reference in the detail when it is not the formula's own claim
    expression (e.g. "∂C/∂z of the claim's cost"). Without hypothesis installed the search runs
    alone and the detail says so (the claim is not held back for it); ``with_property=False``
    runs the search alone (where another call already tries the same formula with hypothesis).
    """
    report = search(spec, reference)
    detail = report.detail() + (f" (against {against})" if against else "")
    if not with_property:
        return Outcome.of(report.ok, detail)
    try:
        import hypothesis  # noqa: F401
    except ImportError:
        return Outcome.of(report.ok, f"{detail}; hypothesis not installed: no property run")
    prop = property_checked(spec, reference, against)
    return Outcome.of(report.ok and prop.ok, f"{detail}; {prop.detail}")


def property_checked(spec: Spec, reference: MpReference, against: str = "") -> Outcome:
    """The hypothesis property of :func:`hypothesis_check` as a check (``run_property``)."""
    from gradproof.properties import run_property

    what = f"against {against}, " if against else ""
    return run_property(
        hypothesis_check(spec, reference),
        f"gradproof.{spec.name} within its promised {spec.promise} ({what}mpmath, ≥ 50 digits)",
    )


def single(reference: Callable[..., Any]) -> MpReference:
    """An mpmath function of the arguments as a one-output reference."""
    return lambda *args: [reference(*args)]


def all_specs() -> list[Spec]:
    """One search spec per exported formula with an accuracy promise (chains at depth 4)."""
    return [
        sigmoid_spec(),
        sigmoid_prime_spec(),
        binary_entropy_spec(),
        cross_entropy_spec(),
        cross_entropy_from_logits_spec(),
        cross_entropy_grad_spec(),
        quadratic_cost_spec(),
        quadratic_grad_spec(),
        gain_spec(),
        gain_interval_spec(),
        gain_interval_width_spec(),
        chain_spec(4),
        chain_log_spec(4),
    ]
