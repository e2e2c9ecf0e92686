"""Prove or refute a user's gradient formula for a chain of single neurons.

:func:`check` parses the user's text with the whitelist parser (:mod:`.parser`), builds the
reference derivative ∂C/∂v by SymPy differentiation of the explicit cost (:mod:`.network`), and
then, in a separate worker process that is killed after ``timeout`` seconds:

1. **proves** claim − reference ≡ 0 by exact, cheap steps first: every exponential e^u is
   named by an independent symbol t_u (e^{−u} by 1/t_u) and the difference must cancel to 0 as
   a rational function — an identity in independent symbols stays an identity after
   substituting the true values. For ReLU networks the difference is checked in every sign
   pattern of the z_j (relu(z) = z or 0, step(z) = 1 or 0), which proves the claim at every
   point where no z_j is 0;
2. only if that does not close, **looks for a counterexample**: at points whose coordinates are
   small rationals, the claim and the reference are *enclosed* by interval arithmetic
   (:func:`certified_gap`: ``mpmath.iv``, outward rounding, the precision raised from 60 to 1920
   digits while cancellation leaves the enclosure of their difference wide); a point counts only
   where the claim *as written* is defined (:func:`definedness_conditions`: divisors, arguments
   of ln and of step read from the text, not from SymPy's cancelled result) and the enclosure of
   claim − reference excludes 0 — then the result is **refuted**, every digit shown certain;
   failing that, :func:`gradproof.derivation.is_identically_zero` (slow) is tried, then more
   points;
3. a proof goes through the **sanity net** (:func:`sanity_net`): claim and reference are
   evaluated at ≥ 24 points of the domain (special points first) with the same certified
   enclosures and none of the prover's code; a point where they certainly differ makes the
   result a **kernel error** (exit code 4: a bug in the prover, with the point and both values),
   never "proved". A proof states the points it excludes: where the claim as written is
   undefined and the sign certificate (:mod:`.signs`) cannot show that this never happens;
4. if nothing is decided in time (or at all) the result is **undecided** — never a wrong verdict.

The correct expression (by backpropagation, :meth:`Network.correct_text`) is parsed by the same
parser and itself proved equal to the reference (and netted), so what is shown is checked.
"""

from __future__ import annotations

import ast
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product
from typing import Any, Literal

import sympy as sp

from gradproof import presenters
from gradproof.checker.network import KERNEL_ERROR, CheckInputError, Network, relu, step
from gradproof.checker.parser import LazyAbs, parse_derivative, parse_expression
from gradproof.checker.signs import Range, Sig, SigP, Tanh, TanhP
from gradproof.derivation import is_identically_zero

Status = Literal["proved", "refuted", "undecided", "kernel-error"]
#: 4: the sanity net found a proved result false at a point — a bug in the prover, never "proved"
EXIT_CODES: dict[str, int] = {
    "proved": 0,
    "refuted": 1,
    "invalid": 2,
    "undecided": 3,
    "kernel-error": 4,
}

DEFAULT_TIMEOUT = 30.0
#: the longest time limit accepted (one day); larger values overflow the OS's wait call
MAX_TIMEOUT = 86_400.0
DIGITS = 50
#: How far ``evalf`` may raise its working precision beyond the digits asked for.
EXTRA_DIGITS = 20
MAX_RELU_PATTERNS = 2**10
_WEIGHTS = [sp.Rational(v) for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1", "-1/2")]
_TARGETS = [sp.Rational(v) for v in ("0", "1", "1/4", "3/4", "1/2")]


@dataclass(frozen=True)
class Counterexample:
    """A point where the claim and the true derivative differ, both values at 50 digits."""

    point: dict[str, str]
    claimed_value: str
    correct_value: str
    difference: str

    def as_json(self) -> dict[str, object]:
        return {
            "point": dict(self.point),
            "claimed_value": self.claimed_value,
            "correct_value": self.correct_value,
            "difference": self.difference,
        }


@dataclass(frozen=True)
class CheckResult:
    """The verdict on a claimed derivative, with everything needed to read it.

    ``status`` is ``proved`` (equal to the true derivative for every value in ``domain``),
    ``refuted`` (``counterexample`` holds a separating point), ``undecided``, or
    ``kernel-error`` (the sanity net found the prover's "proved" false at the point in
    ``counterexample``: a bug, exit code 4, never a proof).
    ``correct`` is the true derivative in the expression syntax (z_j, a_j as in ``definitions``).
    """

    status: Status
    derivative: str
    network: dict[str, object]
    claimed: str
    correct: str
    definitions: tuple[str, ...]
    domain: str
    detail: str
    counterexample: Counterexample | None = None
    seconds: float = 0.0
    correct_checked: bool = field(default=False)

    @property
    def exit_code(self) -> int:
        """0 proved, 1 refuted, 3 undecided, 4 kernel error (2 is bad input, raised as
        CheckInputError)."""
        return EXIT_CODES[self.status]

    # Jupyter: the verdict as a small table (gradproof.checker.show registers the displays)
    def _repr_html_(self) -> str | None:
        return presenters.present(self, presenters.HTML)

    def _repr_markdown_(self) -> str | None:
        return presenters.present(self, presenters.MARKDOWN)

    def __repr__(self) -> str:
        claimed = " ".join(self.claimed.split())
        if len(claimed) > 40:
            claimed = claimed[:39] + "…"
        return f"<CheckResult {self.derivative} = {claimed} [{self.status}]>"

    def __str__(self) -> str:  # what `gradproof check` prints
        return report(self)

    def as_json(self) -> dict[str, object]:
        """The shape printed by ``gradproof check --json`` (see gradproof.commands.check)."""
        return {
            "status": self.status,
            "derivative": self.derivative,
            "network": dict(self.network),
            "claimed": self.claimed,
            "correct": self.correct,
            "correct_checked": self.correct_checked,
            "definitions": list(self.definitions),
            "domain": self.domain,
            "counterexample": None
            if self.counterexample is None
            else self.counterexample.as_json(),
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
        }


def report(result: CheckResult) -> str:
    """What ``gradproof check`` prints for ``result`` (and ``str(result)``)."""
    out: list[str] = []
    out.append(f"{result.derivative} for a {result.network['description']}")
    out.append(f"  claimed:   {result.claimed}")
    out.append(f"  correct:   {result.correct}")
    out.append(f"  where      {'; '.join(result.definitions)}")
    if result.status == "proved":
        out.append(f"PROVED for {result.domain}.")
        out.append(f"  {result.detail}")
    elif result.status in ("refuted", "kernel-error"):
        ce = result.counterexample
        assert ce is not None  # a refutation (or a kernel error) always has its point
        point = ", ".join(f"{k} = {v}" for k, v in ce.point.items())
        if result.status == "kernel-error":
            out.append(
                "KERNEL ERROR (a bug in gradproof, not a verdict): the prover said proved, but"
                " the sanity net finds the claim false at"
            )
        else:
            out.append("REFUTED: the claim differs from the true derivative at")
        out.append(f"  {point}")
        out.append(f"  claimed value:  {ce.claimed_value}")
        out.append(f"  correct value:  {ce.correct_value}")
        out.append(f"  difference:     {ce.difference}")
        if result.status == "kernel-error":
            out.append(f"  {result.detail}")
        else:
            checked = "proved" if result.correct_checked else "NOT proved"
            out.append(f"  (the correct expression is {checked} equal to {result.derivative})")
    else:
        out.append("UNDECIDED: neither a proof nor a counterexample was found.")
        out.append(f"  {result.detail}")
    return "\n".join(out)


# ============================================================ the worker's mathematics


def _atomize(expr: sp.Expr) -> tuple[sp.Expr, int]:
    """Replace every e^u by an independent positive symbol t_u (e^{−u} by 1/t_u), bottom-up."""
    gens: dict[sp.Expr, sp.Symbol] = {}

    def rec(e: sp.Basic) -> sp.Basic:
        if e.is_Atom:
            return e
        args = [rec(a) for a in e.args]
        if isinstance(e, sp.exp):
            key = sp.cancel(args[0])
            if key in gens:
                return gens[key]
            neg = sp.cancel(-key)
            if neg in gens:
                return 1 / gens[neg]
            gens[key] = sp.Dummy(f"t{len(gens)}", positive=True)
            return gens[key]
        return e.func(*args)

    return rec(expr), len(gens)


def _rational_zero(expr: sp.Expr) -> bool:
    return sp.cancel(sp.together(expr)) == 0


def _nonzero_somewhere(expr: sp.Expr, tries: int = 4) -> bool:
    """True if the rational function ``expr`` has an exact nonzero value at a random rational
    point (so it is not identically 0 and cancelling it cannot prove anything).

    Exact rational arithmetic: no rounding, no precision to raise. A point where ``expr`` is
    undefined is skipped. False means "0 at every point tried" — a filter, never a proof: the
    proof is the cancellation that follows.
    """
    free = sorted(expr.free_symbols, key=str)
    rng = random.Random(20261201)
    for _ in range(tries):
        pt = {v: sp.Rational(rng.randint(-97, 97) or 1, rng.randint(1, 89)) for v in free}
        for v in free:  # positive symbols (named exponentials) get positive values
            if v.is_positive:
                pt[v] = abs(pt[v])
        try:
            value = expr.xreplace(pt)
        except ZeroDivisionError:
            continue
        if value.is_Rational:
            return value != 0
        if value.is_number and value.is_finite is not False and value.is_zero is False:
            return True
    return False


def _relu_patterns(net: Network, diff: sp.Expr) -> tuple[bool, str]:
    """Check ``diff`` ≡ 0 in every sign pattern of the z_j of a ReLU network."""
    keys = [(i, j) for i in range(len(net.data)) for j in range(1, net.layers + 1)]
    if 2 ** len(keys) > MAX_RELU_PATTERNS:
        return False, f"too many ReLU sign patterns (2^{len(keys)}) to check one by one"
    for signs in product((0, 1), repeat=len(keys)):
        s = dict(zip(keys, signs, strict=True))
        zp: dict[tuple[int, int], sp.Expr] = {}

        def rewrite(e: sp.Basic, zp: dict[tuple[int, int], sp.Expr] = zp, s: dict = s) -> Any:
            if e.is_Atom:
                return e
            args = [rewrite(a) for a in e.args]
            if isinstance(e, (relu, step)):
                for k, zk in zp.items():
                    if sp.expand(args[0] - zk) == 0:
                        return s[k] * args[0] if isinstance(e, relu) else sp.Integer(s[k])
            return e.func(*args)

        for i, j in keys:  # z_j contains relu(z_{j-1}) only: earlier patterns are known
            zp[(i, j)] = sp.expand(rewrite(net.data[i].z[j]))
        d = rewrite(diff)
        if d.has(relu, step) or not _rational_zero(d):
            return False, f"not reduced to 0 in the sign pattern {signs}"
    return True, (
        f"in each of the {2 ** len(keys)} sign patterns of z (relu(z) = z, step(z) = 1 for z > 0;"
        " 0 and 0 for z < 0) the difference cancels to 0"
    )


SIMPLIFIED = "the difference simplifies to 0 (gradproof.derivation.is_identically_zero)"
NOT_SIMPLIFIED = "no simplification of the difference reached 0"


def prove_zero(net: Network, diff: sp.Expr, *, simplify: bool = True) -> tuple[bool, str]:
    """Try to prove ``diff`` ≡ 0 on the network's domain; returns (proved, how or why not).

    The cheap, exact steps come first (cancellation as a rational function, with exponentials
    named by independent symbols; the sign patterns of a ReLU network); with ``simplify``
    :func:`gradproof.derivation.is_identically_zero` is tried last (it can be slow on a false
    claim, so :func:`solve_steps` first looks for a counterexample before asking for it).
    """
    if net.activation == "relu":
        return _relu_patterns(net, diff)
    atoms, k = _atomize(diff)
    if _nonzero_somewhere(atoms):
        # not a rational-function identity (cancelling would only take long to say so)
        if not simplify:
            return False, "the difference is not 0 as a rational function"
        return (True, SIMPLIFIED) if is_identically_zero(diff) else (False, NOT_SIMPLIFIED)
    if _rational_zero(diff):
        return True, "the difference cancels to 0 as a rational function"
    if _rational_zero(atoms):
        return True, (
            f"with its {k} exponential(s) e^u named by independent symbols, the difference"
            " cancels to 0 as a rational function (an identity in independent symbols holds"
            " for their true values too)"
        )
    if not simplify:
        return False, "the difference does not cancel as a rational function"
    return (True, SIMPLIFIED) if is_identically_zero(diff) else (False, NOT_SIMPLIFIED)


def _value(expr: sp.Expr) -> tuple[sp.Float, sp.Float] | None:
    """(value at 50 digits, |50-digit − 100-digit value|) for a closed real expression, or None.

    Not a judge: two evaluations can agree on the same wrong value (both lose e^{−500} next to
    1), so no verdict rests on this any more — refutations use :func:`certified_gap`.

    SymPy's ``evalf`` raises its working precision until the requested digits are correct (also
    through cancellation); the second, independent evaluation at 100 digits bounds the error.
    The raise is capped at :data:`EXTRA_DIGITS` beyond the request: at an exact zero there are
    no correct digits to find and an uncapped ``evalf`` keeps raising (seconds per point); the
    capped one returns noise, which the 50/100-digit comparison then rejects.
    """
    lo = expr.evalf(DIGITS, maxn=DIGITS + EXTRA_DIGITS)
    hi = expr.evalf(2 * DIGITS, maxn=2 * DIGITS + EXTRA_DIGITS)
    if not (lo.is_Number and hi.is_Number and lo.is_finite and hi.is_finite):
        return None  # not a real number here (a ReLU kink, a log of a negative number, …)
    lo, hi = sp.Float(lo, DIGITS), sp.Float(hi, 2 * DIGITS)
    return lo, abs(hi - lo)


def _points(net: Network, count: int, seed: int) -> list[dict[sp.Symbol, sp.Rational]]:
    rng = random.Random(seed)
    weights = [*net.w, *(net.b if net.biases else ())]
    pts = []
    for n in range(count):
        pt: dict[sp.Symbol, sp.Rational] = {}
        for k, v in enumerate(weights):
            pt[v] = _WEIGHTS[(n + k) % len(_WEIGHTS)] if n == 0 else rng.choice(_WEIGHTS)
        for p in net.data:
            pt[p.x] = rng.choice(_WEIGHTS) if n else sp.Integer(1)
            pt[p.y] = rng.choice(_TARGETS) if n else sp.Integer(0)
        pts.append(pt)
    return pts


# ============================================================ certified evaluation (shared)
#
# The one numerical judge of the checker. Every refutation (``check``, ``check --sizes``,
# ``check-steps``), every "this assumption holds at this point" and the sanity net ask it. It
# evaluates SymPy expressions at an exact rational point in interval arithmetic (``mpmath.iv``:
# every operation rounds outward), so the interval it returns *contains* the true value: a
# difference whose interval excludes 0 is nonzero, whatever cancellation happened on the way
# (cancellation only widens the interval, it never moves it off the true value). An interval
# that straddles 0 and is wide is evaluated again with more digits (:data:`CERT_DIGITS`);
# beyond the last precision the point gives no verdict.

#: decimal digits of the certified evaluation, tried in turn while the enclosure of a gap
#: straddles 0 and is wider than 10^(−digits/2) times the values (cancellation: more digits help)
CERT_DIGITS: tuple[int, ...] = (60, 120, 240, 480, 960, 1920)
_LOG2_10 = 3.321928094887362


class Undefined(Exception):  # noqa: N818 - a fact about the point, not a failure
    """The expression certainly has no real value at the point: a denominator that is exactly
    0, the log of a number ≤ 0, step(0), a real power of a number ≤ 0."""


class Unknown(Exception):  # noqa: N818
    """The enclosure is too wide to say (e.g. a denominator whose interval contains 0 but is
    not exactly 0): more digits may decide."""


class Unsupported(Exception):  # noqa: N818
    """A node the interval evaluator does not know, or a symbol without a value."""


class Enclosure:
    """Rigorous enclosures of SymPy expressions at one exact point, at ``digits`` digits.

    ``point`` maps symbols to exact rationals. Calling the object on an expression returns an
    ``mpmath.iv`` interval that contains its value, or raises :class:`Undefined` (no real value
    there), :class:`Unknown` (too wide to tell at this precision) or :class:`Unsupported`.
    Shared subtrees are evaluated once (a memo per object: one point, one precision).

    The rules, each an outward-rounded interval operation: the point's values and the numbers
    are enclosed exactly (p/q as p divided by q, rounded outward; a binary float as itself); +,
    ×, integer powers (a negative power needs a base interval without 0), e^u, ln u (u > 0),
    real powers of a positive base, |u|, relu, step (u ≠ 0), and σ, σ′, tanh, tanh′ kept whole
    (:mod:`.signs`) written out through e^u.
    """

    def __init__(self, point: Mapping[Any, Any], digits: int) -> None:
        self.point = point
        self.digits = digits
        self.memo: dict[sp.Basic, Any] = {}

    @contextmanager
    def precision(self) -> Iterator[Any]:
        """``mpmath.iv`` at this object's precision (restored afterwards): interval arithmetic
        on enclosures (a gap right − left) must run at the precision they were made at."""
        import mpmath

        iv = mpmath.iv
        saved = iv.prec
        iv.dps = self.digits
        try:
            yield iv
        finally:
            iv.prec = saved

    def __call__(self, expr: sp.Basic) -> Any:
        with self.precision() as iv:
            return self._eval(expr, iv)

    def _eval(self, expr: sp.Basic, iv: Any) -> Any:
        memo = self.memo
        if expr in memo:
            return memo[expr]
        if expr in self.point:
            out = _rational_interval(sp.Rational(self.point[expr]), iv)
        elif expr.is_Rational:
            out = _rational_interval(expr, iv)
        elif expr.is_Float:
            import mpmath

            out = iv.mpf(mpmath.mpf(expr._mpf_))  # a binary number: enclosed exactly
        elif expr is sp.E:
            out = iv.e
        elif expr is sp.pi:
            out = iv.pi
        elif expr.is_Symbol:
            raise Unsupported(f"no value for the symbol {expr} at the point")
        else:
            out = self._node(expr, iv)
        memo[expr] = out
        return out

    def _node(self, expr: sp.Basic, iv: Any) -> Any:
        if expr.is_Add or expr.is_Mul:
            first, *rest = expr.args
            acc = self._eval(first, iv)
            for a in rest:
                v = self._eval(a, iv)
                acc = acc + v if expr.is_Add else acc * v
            return _finite(acc)
        if expr.is_Pow:
            return self._pow(expr, iv)
        if len(expr.args) != 1:
            raise Unsupported(type(expr).__name__)
        u = self._eval(expr.args[0], iv)
        if isinstance(expr, sp.exp):
            return _finite(iv.exp(u))
        if isinstance(expr, sp.log):
            if interval_sign(u) == 1:
                return _finite(iv.log(u))
            raise Undefined("ln of a number ≤ 0") if _upper_sign(u) <= 0 else Unknown()
        if isinstance(expr, _abs_classes()):
            return abs(u)
        if isinstance(expr, relu):
            s = interval_sign(u)
            if s is not None:
                return u if s > 0 else iv.mpf(0)
            return iv.mpf([0, u.b])
        if isinstance(expr, step):
            s = interval_sign(u)
            if s == 0:
                raise Undefined("step (ReLU′) at 0")
            if s is None:
                raise Unknown()
            return iv.mpf(1 if s > 0 else 0)
        if isinstance(expr, (Sig, SigP)):
            e = iv.exp(-u)
            return _finite(1 / (1 + e) if isinstance(expr, Sig) else e / (1 + e) ** 2)
        if isinstance(expr, (Tanh, TanhP)):
            e = iv.exp(-2 * u)
            t = _finite((1 - e) / (1 + e))
            return t if isinstance(expr, Tanh) else 1 - t**2
        raise Unsupported(type(expr).__name__)

    def _pow(self, expr: sp.Basic, iv: Any) -> Any:
        base = self._eval(expr.base, iv)
        k = expr.exp
        if k.is_Integer:
            n = int(k)
            if n >= 0:
                return _finite(base**n)
            den = base ** (-n)
            s = interval_sign(den)
            if s == 0:
                raise Undefined("division by 0")
            if s is None:
                raise Unknown()
            return _finite(1 / den)
        s = interval_sign(base)
        if s == 1:
            return _finite(iv.exp(self._eval(k, iv) * iv.log(base)))
        if s == 0 and k.is_positive:
            return iv.mpf(0)
        if _upper_sign(base) <= 0:
            raise Undefined("a real power of a number ≤ 0")
        raise Unknown()


def _abs_classes() -> tuple[type, ...]:
    """|u| and check-steps' lazy |u|."""
    return (sp.Abs, LazyAbs)


def _rational_interval(q: sp.Rational, iv: Any) -> Any:
    if q.q == 1:
        return iv.mpf(int(q.p))
    return iv.mpf(int(q.p)) / int(q.q)


def _finite(v: Any) -> Any:
    from mpmath.libmp import finf, fnan, fninf

    if any(end in (finf, fninf, fnan) for end in v._mpi_):
        raise Unknown()
    return v


def interval_sign(v: Any) -> int | None:
    """1 if the interval lies in (0, ∞), −1 in (−∞, 0), 0 if it is exactly [0, 0], else None."""
    from mpmath.libmp import fzero, mpf_sign

    lo, hi = v._mpi_
    if mpf_sign(lo) > 0:
        return 1
    if mpf_sign(hi) < 0:
        return -1
    if lo == fzero and hi == fzero:
        return 0
    return None


def _upper_sign(v: Any) -> int:
    from mpmath.libmp import mpf_sign

    return int(mpf_sign(v._mpi_[1]))


def _mag(raw: Any) -> float:
    """An upper bound of log2 |raw| (−inf for 0), read from the raw mpf (sign, mantissa,
    exponent, bits) without arithmetic: a magnitude for the heuristics, never a verdict."""
    _sign_bit, man, exp, bc = raw
    return float(exp + bc) if man else float("-inf")


def certified_digits(v: Any) -> float:
    """How many leading decimal digits of the interval's midpoint are certain (inf if exact)."""
    from mpmath.libmp import mpf_sub, round_up

    lo, hi = v._mpi_
    if lo == hi:
        return float("inf")
    if interval_sign(v) is None:
        return 0.0
    width = _mag(mpf_sub(hi, lo, 53, round_up))
    return max(0.0, (min(_mag(lo), _mag(hi)) - 1 - width) / _LOG2_10)


def _narrow(v: Any, scale: Sequence[Any], digits: int) -> bool:
    """The interval is at most 10^(−digits/2) times the largest of ``scale`` (and 1) wide."""
    from mpmath.libmp import mpf_sub, round_up

    lo, hi = v._mpi_
    if lo == hi:
        return True
    width = _mag(mpf_sub(hi, lo, 53, round_up))
    big = max([0.0, *(max(_mag(s._mpi_[0]), _mag(s._mpi_[1])) for s in scale)])
    return width <= big - digits * _LOG2_10 / 2


def interval_text(v: Any, digits: int = DIGITS) -> str:
    """The midpoint of ``v`` with as many significant digits as are certain (at most
    ``digits``, one fewer than the enclosure guarantees, so the last one shown is right)."""
    import mpmath

    lo, hi = v._mpi_
    shown = int(min(digits, certified_digits(v) - 1))
    with mpmath.workprec(int(digits * _LOG2_10) + 128):
        mid = (mpmath.mpf(lo) + mpmath.mpf(hi)) / 2
        if not mid:
            return "0.0"
        return mpmath.nstr(mid, max(1, shown))


@dataclass(frozen=True)
class Gap:
    """Certified enclosures of two sides at one point and of ``right − left``."""

    left: Any
    right: Any
    gap: Any
    digits: int

    @property
    def sign(self) -> int | None:
        """The certain sign of right − left: 1, −1, 0 (exactly equal) or None (unknown)."""
        return interval_sign(self.gap)

    @cached_property
    def narrow(self) -> bool:
        """The gap's enclosure is within 10^(−digits/2) of the sides' size: a straddle of 0 this
        narrow is agreement to that many digits, not a loss of precision."""
        return _narrow(self.gap, (self.left, self.right), self.digits)


def _enclosure(cache: dict[int, Enclosure] | None, point: Mapping[Any, Any], d: int) -> Enclosure:
    if cache is None:
        return Enclosure(point, d)
    if d not in cache:
        cache[d] = Enclosure(point, d)
    return cache[d]


def certified_gap(
    left: sp.Basic,
    right: sp.Basic,
    point: Mapping[Any, Any],
    *,
    digits: Sequence[int] = CERT_DIGITS,
    cache: dict[int, Enclosure] | None = None,
    until_digits: float = 0.0,
) -> Gap | None:
    """Enclosures of ``left``, ``right`` and ``right − left`` at ``point``; None where a side is
    undefined there (or cannot be enclosed at the last precision).

    The precision rises through ``digits`` while the gap straddles 0 without being
    :attr:`Gap.narrow` (with ``until_digits``, also while the gap or a side has fewer certain
    digits than that: for printing). The returned gap's :attr:`Gap.sign` is certain whenever it
    is not None — that is what a refutation rests on.
    """
    last: Gap | None = None
    for d in digits:
        ev = _enclosure(cache, point, d)
        try:
            lv, rv = ev(left), ev(right)
        except (Undefined, Unsupported):
            return None
        except Unknown:
            continue
        with ev.precision():
            g = Gap(lv, rv, rv - lv, d)
        last = g
        if g.sign is None and not g.narrow:
            continue
        if until_digits and min(map(certified_digits, (g.left, g.right, g.gap))) < until_digits:
            continue
        return g
    return last


def certified_in(
    expr: sp.Basic,
    rng: Range,
    point: Mapping[Any, Any],
    *,
    digits: Sequence[int] = CERT_DIGITS,
    cache: dict[int, Enclosure] | None = None,
) -> bool:
    """True only when the value of ``expr`` at ``point`` lies in ``rng`` with certainty."""
    from mpmath.libmp import mpf_sign

    for d in digits:
        ev = _enclosure(cache, point, d)
        try:
            v = ev(expr)
        except (Undefined, Unsupported):
            return False
        except Unknown:
            continue
        undecided = False
        with ev.precision() as iv:
            for end, closed, below in (
                (rng.lo, rng.lo_closed, True),
                (rng.hi, rng.hi_closed, False),
            ):
                if end is None:
                    continue
                rel = v - _rational_interval(sp.Rational(end), iv)
                lo, hi = (mpf_sign(e) for e in rel._mpi_)
                if below:  # need v > end (or ≥ for a closed end)
                    inside, outside = (lo >= 0, hi < 0) if closed else (lo > 0, hi <= 0)
                else:
                    inside, outside = (hi <= 0, lo > 0) if closed else (hi < 0, lo >= 0)
                if outside:
                    return False
                undecided = undecided or not inside
        if not undecided:
            return True
        if _narrow(v, (v,), d):
            return False  # on (or too close to) an end: no certainty at any precision
    return False


# ============================================================ where a written expression is defined
#
# SymPy simplifies as it builds: the parser turns z1/z1 into 1 and log(z1) − log(z1) into 0
# before the checker sees them. What the user wrote is undefined where a denominator is 0, where
# ln has an argument ≤ 0 and where step has the argument 0; the built expression agrees with it
# everywhere else. These conditions are read from the text itself (its syntax tree: every
# divisor, every base of a negative power, every argument of ln and of step) so that nothing
# SymPy cancelled is lost: a point refutes only where they hold, and a proof states the ones it
# cannot show to hold everywhere (the points it excludes).


@dataclass(frozen=True)
class Condition:
    """A requirement on a point: every value in ``values`` is nonzero (``kind="nonzero"``: a
    divisor, the argument of step), positive (``"positive"``: the argument of ln) or lies in
    ``range`` (``"range"``: an assumption of the domain). ``text`` is the expression as written
    (for an assumption, the assumption); ``values`` has one expression per training pair for
    text inside ``sum(...)``, one per entry for a matrix, else one."""

    text: str
    kind: str
    values: tuple[sp.Expr, ...]
    range: Range | None = None
    many: str = ""  # how ``values`` are many: " (every entry)", " (in every training pair)"

    def statement(self) -> str:
        """The condition in words: ``z1 ≠ 0``, ``1 - σ(z1) > 0``, or the assumption."""
        many = self.many if len(self.values) > 1 else ""
        if self.kind == "nonzero":
            return f"{self.text} ≠ 0{many}"
        if self.kind == "positive":
            return f"{self.text} > 0{many}"
        return self.text

    def holds_at(
        self,
        point: Mapping[Any, Any],
        *,
        digits: Sequence[int] = CERT_DIGITS,
        cache: dict[int, Enclosure] | None = None,
    ) -> bool:
        """True only when the condition holds at ``point`` with certainty."""
        if not self.values and self.kind != "range":
            return False  # a piece of text that could not be read alone: never certain
        for v in self.values:
            if self.kind == "range":
                assert self.range is not None
                ok = certified_in(v, self.range, point, digits=digits, cache=cache)
            elif self.kind == "positive":
                ok = certified_in(v, _POSITIVE, point, digits=digits, cache=cache)
            else:
                g = certified_gap(sp.Integer(0), v, point, digits=digits, cache=cache)
                ok = g is not None and g.sign in (1, -1)
            if not ok:
                return False
        return True


_POSITIVE = Range(sp.Integer(0))
_DISPLAY = (("sigmoid_prime", "σ′"), ("sigmoid", "σ"), ("tanh_prime", "tanh′"))


def _negative_literal(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, (int, float))
        and node.operand.value > 0
    )


def definedness_conditions(
    text: str,
    build: Callable[[str, bool], Sequence[sp.Expr]],
    shown: Mapping[str, str] | None = None,
    many: str = " (in every training pair)",
) -> tuple[Condition, ...]:
    """Where the expression ``text`` (already accepted by its parser) is defined, as written.

    Reads the syntax tree of the text (never the SymPy result, which may have cancelled a
    divisor): a divisor and the base of a negative power must be nonzero, the argument of
    ``log``/``ln`` positive, the argument of ``step``/``relu_prime``/``leaky_relu_prime``
    nonzero. ``build(src, in_sum)`` turns a piece of the text into its values (one per
    training pair inside ``sum(...)``; the entries of a matrix), ``many`` says which in words;
    ``shown`` maps placeholder names to the text shown. Numbers that meet their condition are
    left out.
    """
    from gradproof.checker.parser import normalise

    found: list[tuple[str, ast.expr, bool]] = []

    def visit(node: ast.AST, in_sum: bool) -> None:
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Div):
                found.append(("nonzero", node.right, in_sum))
            elif isinstance(node.op, ast.Pow) and _negative_literal(node.right):
                found.append(("nonzero", node.left, in_sum))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            name = node.func.id
            if name in ("log", "ln"):
                found.append(("positive", node.args[0], in_sum))
            elif name in ("step", "relu_prime", "leaky_relu_prime"):
                found.append(("nonzero", node.args[0], in_sum))
            in_sum = in_sum or name == "sum"
        for child in ast.iter_child_nodes(node):
            visit(child, in_sum)

    visit(ast.parse(normalise(text), mode="eval"), False)
    out: list[Condition] = []
    seen: set[tuple[str, str, bool]] = set()
    for kind, node, in_sum in found:
        src = ast.unparse(node)
        if (kind, src, in_sum) in seen:
            continue
        seen.add((kind, src, in_sum))
        try:
            values = tuple(build(src, in_sum))
        except CheckInputError:
            values = ()  # cannot be read alone: the condition is never certain
        trivial = [
            v
            for v in values
            if v.is_Number and (v.is_positive if kind == "positive" else v.is_nonzero)
        ]
        if values and len(trivial) == len(values):
            continue
        label = src
        for old, new in (*(shown or {}).items(), *_DISPLAY):
            label = label.replace(old, new)
        out.append(Condition(label, kind, values, many=many))
    return tuple(out)


def chain_builder(
    net: Network,
    names: Callable[[str, Any], sp.Expr | None] | None = None,
    functions: Mapping[str, Callable[[sp.Expr], sp.Expr]] | None = None,
) -> Callable[[str, bool], list[sp.Expr]]:
    """The ``build`` of :func:`definedness_conditions` for the chain's expression syntax: a piece
    outside ``sum(...)`` is parsed as it stands, a piece inside once per training pair (its
    names read in that pair)."""
    from gradproof.checker.parser import Scope

    def build(src: str, in_sum: bool) -> list[sp.Expr]:
        if not in_sum or net.pairs is None:
            return [parse_expression(src, net, names=names, functions=functions)]
        out = []
        for p in net.data:

            def in_pair(name: str, _pair: Any, p: Any = p) -> sp.Expr:
                return Scope(net, p, names).lookup(name)

            out.append(parse_expression(src, net, names=in_pair, functions=functions))
        return out

    return build


#: an expression larger than this (in tree nodes) is not given to the sign certificate
_MAX_CERTIFY_NODES = 400


def _small(expr: sp.Basic) -> bool:
    return all(k <= _MAX_CERTIFY_NODES for k, _ in enumerate(sp.preorder_traversal(expr)))


def uncertified(
    conditions: Sequence[Condition], ranges: Mapping[sp.Expr, Range] | None = None
) -> list[Condition]:
    """The definedness conditions not certified to hold at every point (under ``ranges``, the
    assumptions on single variables): the points a proof must state it excludes."""
    from gradproof.checker.signs import certify_sign

    def always(kind: str, v: sp.Expr) -> bool:
        if not _small(v):
            return False
        try:
            if kind == "positive":
                return certify_sign(v, True, ranges or {})[0]
            return certify_sign(v, True, ranges or {})[0] or certify_sign(-v, True, ranges or {})[0]
        except Exception:  # a certificate that cannot be built proves nothing
            return False

    return [
        c
        for c in conditions
        if c.kind != "range" and not (c.values and all(always(c.kind, v) for v in c.values))
    ]


def domain_text(excluded: Sequence[str], base: str) -> str:
    """``base`` (e.g. "all real values of the variables") narrowed by the statements of the
    conditions a proof could not show to hold everywhere (``Condition.statement``)."""
    if not excluded:
        return base
    return f"{base} with {' and '.join(excluded)} (where the expression as written is defined)"


# ============================================================ the sanity net
#
# The prover's conclusions are checked by evaluation, independently of how they were reached:
# every "proved" of ``check``, ``check --sizes`` and ``check-steps`` (each proved link) is
# evaluated at ≥ NET_POINTS points of its domain — special points first (0, ±1, ±1/2, alternating
# signs, larger values, the ends of the assumed intervals, either side of every ReLU kink), then
# random rationals — with the certified evaluation above at 30, 60 and then 120 digits. It uses
# none of the prover's code (no cancellation, no sign certificate, no sign patterns, no
# simplification): the two sides are enclosed separately and compared. A point where the
# enclosure of right − left certainly breaks the relation makes the result a **kernel error**
# (exit code 4), with the point and both values: never "proved". The tolerance is the enclosure
# itself (interval arithmetic rounds outward, so a certified break is a real one); a point where
# the enclosure stays wider than 10^(−60) of the values at 120 digits is counted inconclusive.

#: the digits of the sanity net's evaluation (raised only where an enclosure is too wide)
NET_DIGITS: tuple[int, ...] = (30, 60, 120)
#: the net evaluates at least this many points of the domain where both sides are defined
NET_POINTS = 24
#: … looking at no more than this many candidate points
NET_MAX_CANDIDATES = 96
_OFF = sp.Rational(1, 1000)  # how far inside an open end, and either side of a kink


@dataclass(frozen=True)
class NetFailure:
    """A point of the domain where a proved relation fails, with both sides' values."""

    point: dict[str, str]
    index: int  # which pair of sides (the entry of a matrix, in row-major order)
    left_value: str
    right_value: str
    difference: str  # right − left


@dataclass(frozen=True)
class NetReport:
    """What the sanity net saw: points tried, in the domain, confirmed, inconclusive."""

    relation: str
    candidates: int
    special: int
    in_domain: int
    confirmed: int
    inconclusive: int
    failure: NetFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def text(self) -> str:
        """One sentence for a result's detail."""
        if self.failure is not None:
            pt = ", ".join(f"{k} = {v}" for k, v in self.failure.point.items())
            return (
                f"KERNEL ERROR: the prover said proved, but the sanity net finds the relation"
                f" false at {pt}: left {self.failure.left_value}, right"
                f" {self.failure.right_value}, right − left {self.failure.difference}"
                " (certified enclosures, mpmath interval arithmetic)"
            )
        extra = (
            f", {self.inconclusive} inconclusive (enclosure too wide)" if self.inconclusive else ""
        )
        return (
            f"sanity net: the relation holds at {self.confirmed} of {self.in_domain} points of"
            f" the domain ({self.candidates} tried, {self.special} of them special: 0, ±1,"
            f" ends, kinks){extra}, evaluated in mpmath interval arithmetic independently of"
            " the proof"
        )


def _breaks(relation: str, g: Gap) -> bool:
    """The certified gap right − left breaks ``left relation right``."""
    s = g.sign
    if relation == "=":
        return s in (1, -1)
    if relation in ("<=", "<"):
        return s == -1 or (relation == "<" and s == 0)
    return s == 1 or (relation == ">" and s == 0)


def _inside(value: sp.Rational, r: Range) -> sp.Rational:
    """``value`` if it lies in ``r``, else the point of ``r`` nearest to it (an open end moved
    inside by 1/1000, or the midpoint of a narrow interval)."""
    if r.contains(value):
        return value
    candidates = []
    if r.lo is not None:
        candidates.append(r.lo if r.lo_closed else r.lo + _OFF)
    if r.hi is not None:
        candidates.append(r.hi if r.hi_closed else r.hi - _OFF)
    if r.lo is not None and r.hi is not None:
        candidates.append((r.lo + r.hi) / 2)
    inside = [c for c in candidates if r.contains(c)]
    return min(inside, key=lambda c: abs(c - value)) if inside else value


def _random_in(r: Range | None, rng: random.Random) -> sp.Rational:
    step_ = sp.Rational(rng.randint(1, 64), rng.randint(1, 8))
    if r is None or (r.lo is None and r.hi is None):
        return sp.Rational(rng.randint(-24, 24), rng.randint(1, 8))
    if r.lo is not None and r.hi is not None:
        return r.lo + (r.hi - r.lo) * sp.Rational(rng.randint(1, 96), 97)
    if r.lo is not None:
        return r.lo + step_
    assert r.hi is not None
    return r.hi - step_


def net_points(
    variables: Sequence[sp.Symbol],
    ranges: Mapping[sp.Symbol, Range],
    extra: Sequence[Mapping[sp.Symbol, sp.Rational]] = (),
    seed: int = 0,
) -> Iterator[tuple[dict[sp.Symbol, sp.Rational], bool]]:
    """Candidate points (point, special?): the special ones first, then random rationals (every
    value moved into the range assumed for its variable)."""
    half = sp.Rational(1, 2)
    patterns = [
        lambda k: 0,
        lambda k: 1,
        lambda k: -1,
        lambda k: (1, -1)[k % 2],
        lambda k: (-1, 1)[k % 2],
        lambda k: half,
        lambda k: -half,
        lambda k: (2, -3, 3, -2)[k % 4],
    ]
    specials: list[dict[sp.Symbol, sp.Rational]] = [
        {v: _inside(sp.Rational(f(k)), ranges.get(v, Range())) for k, v in enumerate(variables)}
        for f in patterns
    ]
    if ranges:  # every ranged variable at its lower end, then at its upper end
        for end in ("lo", "hi"):
            pt = dict(specials[5])
            for v, r in ranges.items():
                if v in pt and getattr(r, end) is not None:
                    big = sp.Integer(-(10**6) if end == "lo" else 10**6)
                    pt[v] = _inside(big, r)
            specials.append(pt)
    for pt in specials:
        yield pt, True
    for given in extra:
        yield {**specials[5], **given}, True
    rng = random.Random(seed)
    while True:
        yield {v: _random_in(ranges.get(v), rng) for v in variables}, False


def sanity_net(
    pairs: Sequence[tuple[sp.Expr, sp.Expr]],
    relation: str,
    variables: Sequence[sp.Symbol],
    *,
    ranges: Mapping[sp.Symbol, Range] | None = None,
    conditions: Sequence[Condition] = (),
    extra_points: Sequence[Mapping[sp.Symbol, sp.Rational]] = (),
    seed: int = 0,
) -> NetReport:
    """Evaluate each ``left relation right`` of ``pairs`` at points of the domain.

    The domain: every variable in its ``ranges`` (by construction of the points) and every
    ``condition`` certainly true (assumptions on expressions, where the written expressions are
    defined); points where a side is undefined are skipped. Stops at the first certified
    failure, or once :data:`NET_POINTS` points of the domain were evaluated (all special points
    always are), looking at no more than :data:`NET_MAX_CANDIDATES` candidates.
    """
    ranges = ranges or {}
    candidates = special = in_domain = confirmed = inconclusive = 0
    for pt, is_special in net_points(variables, ranges, extra_points, seed):
        if candidates >= NET_MAX_CANDIDATES or (not is_special and in_domain >= NET_POINTS):
            break
        candidates += 1
        special += is_special
        if not all(r.contains(pt[v]) for v, r in ranges.items() if v in pt):
            continue  # a given point (a ReLU kink) outside an assumed interval
        cache: dict[int, Enclosure] = {}
        if not all(c.holds_at(pt, digits=NET_DIGITS, cache=cache) for c in conditions):
            continue
        gaps = [certified_gap(lhs, rhs, pt, digits=NET_DIGITS, cache=cache) for lhs, rhs in pairs]
        if any(g is None for g in gaps):
            continue  # a side is undefined here
        in_domain += 1
        for index, g in enumerate(gaps):
            assert g is not None
            if _breaks(relation, g):
                lhs, rhs = pairs[index]
                return NetReport(
                    relation,
                    candidates,
                    special,
                    in_domain,
                    confirmed,
                    inconclusive,
                    _net_failure(pt, index, lhs, rhs),
                )
        if all(g is not None and (g.sign is not None or g.narrow) for g in gaps):
            confirmed += 1
        else:
            inconclusive += 1
    return NetReport(relation, candidates, special, in_domain, confirmed, inconclusive)


def _net_failure(
    pt: Mapping[sp.Symbol, sp.Rational], index: int, lhs: sp.Expr, rhs: sp.Expr
) -> NetFailure:
    g = certified_gap(lhs, rhs, pt, until_digits=DIGITS + 2)
    assert g is not None
    return NetFailure(
        point={str(k): str(v) for k, v in pt.items()},
        index=index,
        left_value=interval_text(g.left),
        right_value=interval_text(g.right),
        difference=interval_text(g.gap),
    )


def kink_points(net: Network) -> list[dict[sp.Symbol, sp.Rational]]:
    """For a ReLU chain: points with z_j exactly 0 (outside the domain: the net skips them) and
    z_j = ±1/1000 (either side of the kink), for each layer j of the first training pair."""
    if net.activation != "relu":
        return []
    base: dict[sp.Symbol, sp.Rational] = {}
    for v in (*net.w, *(net.b if net.biases else ())):
        base[v] = sp.Integer(1)
    for p in net.data:
        base[p.x], base[p.y] = sp.Rational(1, 2), sp.Integer(0)
    out = []
    first = net.data[0]
    for j in range(1, net.layers + 1):
        for target in (sp.Integer(0), _OFF, -_OFF):
            pt = dict(base)
            if net.biases:
                without = first.z[j].xreplace({**pt, net.b[j - 1]: 0})
                pt[net.b[j - 1]] = target - without
            else:
                a_prev = first.a[j - 1].xreplace(pt)
                if a_prev == 0 or not a_prev.is_Rational:
                    continue
                pt[net.w[j - 1]] = target / a_prev
            if all(v.is_Rational for v in pt.values()):
                out.append(pt)
    return out


def find_counterexample(
    net: Network,
    claim: sp.Expr,
    true: sp.Expr,
    count: int,
    seed: int,
    tally: dict[str, int] | None = None,
    conditions: Sequence[Condition] = (),
) -> Counterexample | None:
    """A point (small rationals) where claim and true certainly differ, else None.

    Certified: the claim and the true derivative are enclosed by interval arithmetic
    (:func:`certified_gap`, precision raised while cancellation leaves the gap's enclosure wide)
    and the point counts only when the enclosure of claim − true excludes 0 — and only where the
    claim *as written* is defined (``conditions``: no divisor 0, no ln of a number ≤ 0, even
    where SymPy cancelled them). ``tally`` (if given) counts the points tried (``"points"``) and
    those where both sides were defined and compared (``"compared"``), so that "no
    counterexample" is never reported for points never compared.
    """
    if tally is not None:
        tally.setdefault("points", 0)
        tally.setdefault("compared", 0)
    for pt in _points(net, count, seed):
        if tally is not None:
            tally["points"] += 1
        cache: dict[int, Enclosure] = {}
        if not all(c.holds_at(pt, cache=cache) for c in conditions):
            continue  # the claim as written is undefined here (or not certainly defined)
        g = certified_gap(true, claim, pt, cache=cache)  # right − left = claim − true
        if g is None:
            continue
        if tally is not None:
            tally["compared"] += 1
        if g.sign in (1, -1):
            shown = certified_gap(true, claim, pt, until_digits=DIGITS + 2) or g
            return Counterexample(
                point={str(k): str(v) for k, v in pt.items()},
                claimed_value=interval_text(shown.right),
                correct_value=interval_text(shown.left),
                difference=interval_text(shown.gap),
            )
    return None


def chain_variables(net: Network) -> list[sp.Symbol]:
    """Every variable of a chain network: weights, biases, then each pair's x and y."""
    return [
        *net.w,
        *(net.b if net.biases else ()),
        *(p.x for p in net.data),
        *(p.y for p in net.data),
    ]


def relu_conditions(net: Network) -> tuple[Condition, ...]:
    """For a ReLU chain, the domain's "no z_j is 0" (ReLU has no derivative at its kink)."""
    if net.activation != "relu":
        return ()
    return tuple(
        Condition(f"z{j}", "nonzero", tuple(p.z[j] for p in net.data))
        for j in range(1, net.layers + 1)
    )


def chain_net(
    net: Network,
    left: sp.Expr,
    right: sp.Expr,
    relation: str = "=",
    *,
    conditions: Sequence[Condition] = (),
    ranges: Mapping[sp.Symbol, Range] | None = None,
    seed: int = 0,
) -> NetReport:
    """The sanity net for ``left relation right`` on a chain network's domain (its ReLU kinks
    excluded, with points either side of them)."""
    return sanity_net(
        [(left, right)],
        relation,
        chain_variables(net),
        ranges=ranges,
        conditions=(*conditions, *relu_conditions(net)),
        extra_points=kink_points(net),
        seed=seed,
    )


def item_seed(*texts: str) -> int:
    """A seed that belongs to the work item (its texts), not to the process that runs it."""
    import zlib

    return zlib.crc32("\n".join(texts).encode("utf-8"))


def solve_steps(spec: dict[str, Any], derivative: str, claimed: str) -> Iterator[dict[str, Any]]:
    """The worker's job: parse, then refute or prove, then put a proof through the sanity net.
    Yields plain data (strings, bools): answers with ``"final": False`` while a later stage
    (named by ``"unfinished"``) is still running, then the complete answer (``"final": True``).
    """
    net = Network(**spec)
    kind, index = parse_derivative(derivative, net)
    claim = parse_expression(claimed, net)
    correct = parse_expression(net.correct_text(kind, index), net)
    true = net.true_derivative(kind, index)
    conditions = definedness_conditions(claimed, chain_builder(net))
    tally: dict[str, int] = {}
    # prove first (exact and cheap); look for a counterexample only when that does not close,
    # then try the slow simplification, then look harder
    ce = None
    proved, how = prove_zero(net, claim - true, simplify=False)
    if not proved:
        ce = find_counterexample(net, claim, true, 6, seed=1, tally=tally, conditions=conditions)
    if not proved and ce is None and net.activation != "relu":  # ReLU: the patterns decided
        if is_identically_zero(claim - true):
            proved, how = True, SIMPLIFIED
        else:
            how = NOT_SIMPLIFIED
    if not proved and ce is None:
        ce = find_counterexample(net, claim, true, 60, seed=2, tally=tally, conditions=conditions)
    out: dict[str, Any]
    if ce is not None:
        out = {"status": "refuted", "counterexample": ce.as_json()}
        out["detail"] = (
            "the claim differs from the true derivative at the point shown, where it is"
            " defined as written: the interval enclosure of claim − true derivative (mpmath"
            " interval arithmetic, outward rounding) excludes 0; every digit shown is certain"
        )
    elif proved:
        excluded = uncertified(conditions)
        out = {
            "status": "proved",
            "detail": f"claim − true derivative ≡ 0: {how}",
            "excluded": [c.statement() for c in excluded],
        }
        yield {
            "status": "undecided",
            "detail": f"the prover says claim − true derivative ≡ 0 ({how}), but",
            "unfinished": "the sanity net (the proof's evaluation at points of its domain)",
            "final": False,
        }
        report = chain_net(net, true, claim, conditions=conditions, seed=item_seed(claimed))
        if not report.ok:
            out = _kernel_error(out["detail"], report)
        else:
            out["detail"] = f"{out['detail']}; {report.text()}"
    else:
        compared, points = tally["compared"], tally["points"]
        seen = (
            f"the claim agrees with the true derivative at all {compared} of {points} test"
            " points where both are defined (interval enclosures of their difference contain"
            " 0)"
            if compared
            else f"at none of the {points} test points are both sides defined (a log of a"
            " negative number? a ReLU kink? a divisor 0?), so nothing could be compared"
        )
        out = {
            "status": "undecided",
            "detail": f"{seen}, and the symbolic proof did not close: {how}",
        }
    if out["status"] == "proved" and correct == claim:  # the claim is the displayed expression
        yield {**out, "correct_checked": True, "final": True}
        return
    yield {**out, "correct_checked": False, "final": False}
    correct_ok, correct_how = prove_zero(net, correct - true)
    if correct_ok and correct != claim:
        report = chain_net(net, true, correct, seed=item_seed(claimed, "correct"))
        if not report.ok:
            yield {
                **_kernel_error(f"the correct expression shown: {correct_how}", report),
                "correct_checked": False,
                "final": True,
            }
            return
    note = "proved" if correct_ok else "NOT proved"
    yield {
        **out,
        "correct_checked": correct_ok,
        "detail": f"{out['detail']}; the correct expression shown was {note} equal to the true"
        f" derivative: {correct_how}",
        "final": True,
    }


def _kernel_error(how: str, report: NetReport) -> dict[str, Any]:
    """The answer when the sanity net contradicts a proof: the point and both values."""
    f = report.failure
    assert f is not None
    return {
        "status": KERNEL_ERROR,
        "counterexample": {
            "point": f.point,
            "claimed_value": f.right_value,
            "correct_value": f.left_value,
            "difference": f.difference,
        },
        "detail": f"{report.text()}; the proof said: {how}. This is a bug in gradproof's prover"
        " (please report it); the claim is neither proved nor refuted by this run",
    }


def solve(spec: dict[str, Any], derivative: str, claimed: str) -> dict[str, Any]:
    """:func:`solve_steps` run to the end in this process (no time limit): the final answer."""
    *_, last = solve_steps(spec, derivative, claimed)
    return last


def _worker(
    conn: Any,
    spec: dict[str, Any],
    derivative: str,
    claimed: str,
    job: Any = None,
) -> None:
    # started by gradproof.children.start_process: it dies with the parent, ignores Ctrl-C
    try:  # a memory ceiling for the worker only (Linux): 2 GiB beyond what it starts with
        import os
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + 2 * 1024**3
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass
    try:
        for step_answer in (job or solve_steps)(spec, derivative, claimed):
            conn.send(step_answer)
    except CheckInputError as exc:
        conn.send({"status": "invalid", "detail": str(exc)})
    except BaseException as exc:  # report, never hang the parent
        conn.send({"status": "undecided", "detail": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def _wait(conn: Any, timeout: float, progress: bool) -> bool:
    """Wait up to ``timeout`` s for the worker's answer; with ``progress``, show a tqdm bar of
    the elapsed time once the wait passes 2 s (tqdm is the ``experiment`` extra; without it,
    no bar)."""
    if not progress:
        return bool(conn.poll(timeout))
    start = time.monotonic()
    bar: Any = None
    try:
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= timeout:
                return False
            if conn.poll(min(0.25, timeout - elapsed)):
                return True
            if bar is None and elapsed > 2.0:
                try:
                    from tqdm import tqdm
                except ImportError:
                    return bool(conn.poll(max(0.0, timeout - elapsed)))
                bar = tqdm(
                    total=round(timeout, 1),
                    desc="proving",
                    unit="s",
                    leave=False,
                    bar_format="{desc}: {bar} {n:.0f}/{total:.0f} s (time limit)",
                )
            if bar is not None:
                bar.n = round(min(elapsed, timeout), 1)
                bar.refresh()
    finally:
        if bar is not None:
            bar.close()


def _run_with_timeout(
    spec: dict[str, Any],
    derivative: str,
    claimed: str,
    timeout: float,
    progress: bool = False,
    job: Any = None,
    deadline: float | None = None,
) -> dict[str, Any]:
    """Run ``job(spec, derivative, claimed)`` (default :func:`solve_steps`; a module-level
    generator of answer dicts) in a worker process killed after ``timeout`` seconds, or at
    ``deadline`` (a :func:`time.monotonic` time) when given: the time limit of a command
    counts from its start (parsing included), not from the start of this worker."""
    from gradproof.children import context, start_process, stop_process

    ctx = context()
    parent, child = ctx.Pipe(duplex=False)
    proc = start_process(_worker, (child, spec, derivative, claimed, job), ctx=ctx)
    child.close()
    if deadline is None:
        deadline = time.monotonic() + timeout
    answer: dict[str, Any] | None = None
    try:
        while answer is None or not answer.get("final", True):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not _wait(parent, remaining, progress):
                break
            try:
                answer = dict(parent.recv())
            except EOFError:
                break
        if answer is not None:
            if not answer.get("final", True):
                unfinished = answer.get(
                    "unfinished",
                    "the proof that the correct expression shown equals the true derivative",
                )
                answer["detail"] = (
                    f"{answer['detail']}; {unfinished} did not finish within {timeout:g} s"
                )
            return answer
        if not proc.is_alive():
            proc.join(5)
            return {
                "status": "undecided",
                "detail": f"the proof worker stopped without an answer (exit code {proc.exitcode};"
                " out of memory?)",
            }
        return {
            "status": "undecided",
            "detail": f"no proof and no counterexample within the time limit of {timeout:g} s",
        }
    finally:
        stop_process(proc)
        parent.close()


def check(
    derivative: str,
    claimed: str,
    *,
    layers: int = 1,
    activation: str = "sigmoid",
    cost: str = "quadratic",
    biases: bool = True,
    pairs: int | None = None,
    average: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: bool = False,
    started: float | None = None,
) -> CheckResult:
    """Prove or refute ``claimed`` as the derivative ``derivative`` of the network's cost.

    The network is a chain of ``layers`` single neurons (activation ``"sigmoid"``, ``"tanh"`` or
    ``"relu"``; with or without biases), cost ``"quadratic"`` (y − a)²/2, ``"squared"`` (y − a)²
    or ``"cross_entropy"`` (sigmoid only), for one training pair (x, y) or summed (averaged
    with ``average=True``) over ``pairs`` pairs. ``derivative`` is ``"dC/dw1"``, ``"∂C/∂b2"``,
    ``"dC/dx"`` …; ``claimed`` uses the syntax of the ``gradproof check`` page, e.g.
    ``"σ'(z1)*w2*σ'(z2)*(a2 - y)"``. Example (lecture notes §1, cross-entropy gradient)::

        >>> check("dC/dw1", "x*(sigmoid(z1) - y)", cost="cross_entropy").status
        'proved'

    Raises :class:`CheckInputError` (a ``ValueError``) for bad input; the proof itself runs in a
    worker process killed after ``timeout`` seconds, giving status ``"undecided"``. With
    ``progress=True`` a progress bar (tqdm) shows the elapsed time when the wait passes 2 s.

    Parameters
    ----------
    derivative : str
        What is differentiated, e.g. ``"dC/dw1"`` or ``"∂C/∂b2"``.
    claimed : str
        Your formula for it, in the syntax of the check page.
    layers : int
        Number of neurons in the chain, 1–8.
    activation : {"sigmoid", "tanh", "relu"}
        The neurons' activation.
    cost : {"quadratic", "squared", "cross_entropy"}
        (y − a)²/2, (y − a)² or the cross-entropy (sigmoid only).
    biases : bool
        Whether the neurons have biases b1…bL.
    pairs : int or None
        None: one training pair (x, y); N (1–4): the cost summed over N pairs.
    average : bool
        With ``pairs``, the mean instead of the sum.
    timeout : float
        Seconds the proof may take before the result is undecided.
    progress : bool
        Show a progress bar (tqdm) once the wait passes 2 s.
    started : float or None
        The :func:`time.monotonic` time ``timeout`` counts from (the command line passes its
        process's start, :func:`gradproof.limits.command_start`); None: this call.

    Returns
    -------
    CheckResult
        ``status`` is ``"proved"``, ``"refuted"`` (with a certified ``counterexample``),
        ``"undecided"`` or ``"kernel-error"``; ``exit_code`` is the command line's.
    """
    start = time.perf_counter()
    if started is None:  # the time limit counts from here, parsing included
        started = time.monotonic()
    if not isinstance(progress, bool):
        raise CheckInputError(f"progress must be True or False, got {type(progress).__name__}")
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout <= MAX_TIMEOUT  # also refuses nan and inf
    ):
        raise CheckInputError(
            f"timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}"
            f" (one day), got {timeout!r}"
        )
    spec: dict[str, Any] = {
        "layers": layers,
        "activation": activation,
        "cost": cost,
        "biases": biases,
        "pairs": pairs,
        "average": average,
    }
    net = Network(**spec)
    kind, index = parse_derivative(derivative, net)  # a short regex match (≤ 40 characters)
    name = "x" if kind == "x" else f"{kind}{index}"
    # bad input is reported here, before any worker starts — but building the expression in
    # SymPy can take minutes (σ' nested 20 deep), so this parse runs under the time limit too
    # (gradproof.limits; where it cannot be enforced, the worker's parse reports bad input)
    from gradproof.limits import TimeLimitExceeded
    from gradproof.limits import deadline as time_limit

    answer: dict[str, Any] | None = None
    try:
        with time_limit(started + float(timeout)) as enforced:
            if enforced:
                parse_expression(claimed, net)
    except TimeLimitExceeded:
        answer = {
            "status": "undecided",
            "detail": f"no proof and no counterexample within the time limit of {timeout:g} s"
            " (reading the expression took all of it)",
        }
    if answer is None:
        answer = _run_with_timeout(
            spec, derivative, claimed, float(timeout), progress, deadline=started + float(timeout)
        )
    if answer["status"] == "invalid":  # bad input, found by the worker's parse
        raise CheckInputError(str(answer["detail"]))
    excluded = answer.get("excluded")
    if excluded is None:  # no proof: the domain a proof would have, in general terms
        domain = (
            "every point where no z_j is 0 (ReLU has no derivative at 0) and the claimed"
            " expression is defined"
            if activation == "relu"
            else "all real values of the variables at which the claimed expression is defined"
        )
    else:
        domain = (
            "every point where no z_j is 0 (ReLU has no derivative at 0)"
            if activation == "relu"
            else "all real values of the variables"
        )
        domain = domain_text(excluded, domain)
    ce = answer.get("counterexample")
    return CheckResult(
        status=answer["status"],
        derivative=f"∂C/∂{name}",
        network={**spec, "description": net.describe()},
        claimed=" ".join(claimed.split()),
        correct=net.correct_text(kind, index),
        definitions=net.definitions(),
        domain=domain,
        detail=str(answer["detail"]),
        counterexample=None if ce is None else Counterexample(**ce),
        seconds=time.perf_counter() - start,
        correct_checked=bool(answer.get("correct_checked", False)),
    )
