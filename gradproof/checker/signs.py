"""Sign certificates for the inequality links of ``gradproof check-steps``.

To prove ``g ≥ 0`` (or ``g > 0``) for every point of the domain, each *atom* of g — a variable,
σ(u), σ′(u), tanh(u), tanh′(u), e^u, ln u, relu(u), step(u), |u|, or a derivative atom kept
whole — is replaced by an **independent** symbol ranging over a set that contains every value
the atom takes:

=============  =====================  ==================================================
atom           range                  why
=============  =====================  ==================================================
σ(u)           (0, 1)                 σ(u) = 1/(1 + e^{−u})
σ′(u)          (0, 1/4]               claim ``sigmoid_prime_max`` (Nielsen ch. 5)
tanh(u)        (−1, 1)
tanh′(u)       (0, 1]                 1 − tanh²
e^u            (0, ∞)
relu(u)        [0, ∞)
step(u)        [0, 1]
|u|            [0, ∞), or ±u when the sign of u is proved first, or from an assumption
a variable     its assumptions (``--assume "-1 < w2 < 1"``), else all reals
=============  =====================  ==================================================

If the inequality holds for *all* values of the independent symbols in their ranges, it holds in
particular for the values the atoms really take: the replacement can only lose information, so
the method is sound (it may fail to prove a true inequality — then the link is undecided, never
wrongly proved). Each range is then written through parameters t ≥ 0 (or t > 0 for an open
end) by a map onto it — e.g. (l, h] ∋ (h + l t)/(1 + t), [l, h] ∋ l + (h − l)·4t/(1 + t)²
(for a goal g ≥ 0 the end l may be left out: g is continuous where defined), ℝ ∋ t − s — and
g becomes a quotient of polynomials in the t's. A polynomial whose
coefficients are all ≥ 0 is ≥ 0 for t ≥ 0, and > 0 when one of its positive monomials has only
strictly positive parameters (a constant, or t's with open ends): that is the certificate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from gradproof.checker.network import relu, step


class Sig(sp.Function):
    """σ(u) kept whole (an atom with range (0, 1)); dσ/du = σ′(u)."""

    nargs = 1
    is_real = True

    def _eval_is_positive(self) -> bool:
        return True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return SigP(self.args[0])


class SigP(sp.Function):
    """σ′(u) kept whole (an atom with range (0, 1/4]); dσ′/du = σ′(u)(1 − 2σ(u))."""

    nargs = 1
    is_real = True

    def _eval_is_positive(self) -> bool:
        return True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        u = self.args[0]
        return SigP(u) * (1 - 2 * Sig(u))


class Tanh(sp.Function):
    """tanh(u) kept whole (range (−1, 1)); its derivative is tanh′(u)."""

    nargs = 1
    is_real = True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return TanhP(self.args[0])


class TanhP(sp.Function):
    """tanh′(u) = 1 − tanh(u)² kept whole (range (0, 1]); its derivative is −2 tanh tanh′."""

    nargs = 1
    is_real = True

    def _eval_is_positive(self) -> bool:
        return True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        u = self.args[0]
        return -2 * Tanh(u) * TanhP(u)


#: the parser's function names mapped to the opaque atoms (``functions=`` of parse_expression)
OPAQUE_FUNCTIONS = {"sigmoid": Sig, "sigmoid_prime": SigP, "tanh": Tanh, "tanh_prime": TanhP}


def opaque_activation(name: str) -> object:
    return {"sigmoid": Sig, "tanh": Tanh}.get(name, relu)


@dataclass(frozen=True)
class Range:
    """An interval with optional ends (None = unbounded) and closedness flags."""

    lo: sp.Rational | None = None
    hi: sp.Rational | None = None
    lo_closed: bool = False
    hi_closed: bool = False

    def meet(self, other: Range) -> Range:
        lo, lc = self.lo, self.lo_closed
        if other.lo is not None and (lo is None or other.lo > lo):
            lo, lc = other.lo, other.lo_closed
        elif other.lo is not None and other.lo == lo:
            lc = lc and other.lo_closed
        hi, hc = self.hi, self.hi_closed
        if other.hi is not None and (hi is None or other.hi < hi):
            hi, hc = other.hi, other.hi_closed
        elif other.hi is not None and other.hi == hi:
            hc = hc and other.hi_closed
        return Range(lo, hi, lc, hc)

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def contains(self, value: sp.Rational) -> bool:
        if self.lo is not None and (value < self.lo or (value == self.lo and not self.lo_closed)):
            return False
        return not (
            self.hi is not None and (value > self.hi or (value == self.hi and not self.hi_closed))
        )

    def inside(self, candidates: list[sp.Rational]) -> list[sp.Rational]:
        """Some rationals of this range: the candidates that lie in it, else interior points."""
        found = [c for c in candidates if self.contains(c)]
        if found:
            return found
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            return [lo + (hi - lo) * sp.Rational(k, 8) for k in (1, 4, 7)]
        if lo is not None:
            return [lo + sp.Rational(1, 2), lo + 2]
        assert hi is not None
        return [hi - sp.Rational(1, 2), hi - 2]

    def text(self, name: str) -> str:
        parts = []
        if self.lo is not None:
            parts.append(f"{self.lo} {'<=' if self.lo_closed else '<'} ")
        parts.append(name)
        if self.hi is not None:
            parts.append(f" {'<=' if self.hi_closed else '<'} {self.hi}")
        return "".join(parts)


_FIXED: dict[type, Range] = {
    Sig: Range(sp.Integer(0), sp.Integer(1)),
    SigP: Range(sp.Integer(0), sp.Rational(1, 4), hi_closed=True),
    Tanh: Range(sp.Integer(-1), sp.Integer(1)),
    TanhP: Range(sp.Integer(0), sp.Integer(1), hi_closed=True),
    sp.exp: Range(sp.Integer(0)),
    relu: Range(sp.Integer(0), lo_closed=True),
    step: Range(sp.Integer(0), sp.Integer(1), True, True),
}
MAX_ATOM_SYMBOLS = 40
MAX_TERMS = 20_000


class _UnprovableError(Exception):
    pass


class _Certifier:
    def __init__(self, ranges: Mapping[sp.Expr, Range]) -> None:
        self.ranges = ranges
        self.params: dict[sp.Expr, sp.Expr] = {}  # atom → its parametrisation in t's
        self.strict: set[sp.Symbol] = set()  # parameters > 0 (the others are ≥ 0)
        self.used: list[str] = []
        self.goal_strict = True

    def _new(self, strict: bool) -> sp.Symbol:
        t = sp.Symbol(f"t{len(self.used)}_", real=True)
        self.used.append(t.name)
        if strict:
            self.strict.add(t)
        if len(self.used) > MAX_ATOM_SYMBOLS:
            raise _UnprovableError("too many atoms")
        return t

    def parametrise(self, r: Range) -> sp.Expr:
        lo, hi = r.lo, r.hi
        if lo is None and hi is None:
            return self._new(False) - self._new(False)
        if hi is None:
            assert lo is not None
            return lo + self._new(not r.lo_closed)
        if lo is None:
            return hi - self._new(not r.hi_closed)
        if lo == hi:
            return lo
        if r.lo_closed and r.hi_closed and self.goal_strict:
            t = self._new(False)
            return lo + (hi - lo) * 4 * t / (1 + t) ** 2
        if r.hi_closed:
            # (l, h]; for a goal ≥ 0 also [l, h]: a continuous g ≥ 0 on (l, h] is ≥ 0 at l
            t = self._new(False)
            return (hi + lo * t) / (1 + t)
        t = self._new(not r.lo_closed)
        return (lo + hi * t) / (1 + t)

    def range_of(self, atom: sp.Expr) -> Range:
        r = _FIXED.get(type(atom), Range())
        for key, extra in self.ranges.items():
            if key == atom:
                r = r.meet(extra)
        return r

    def rewrite(self, e: sp.Expr) -> sp.Expr:
        """``e`` with every atom replaced by its parametrisation (same atom, same symbols)."""
        if e.is_Number:
            return e
        if e.is_Add or e.is_Mul:
            return e.func(*(self.rewrite(a) for a in e.args))
        if e.is_Pow and e.exp.is_Integer:
            return self.rewrite(e.base) ** e.exp
        if isinstance(e, sp.Abs):
            return self._abs(e)
        if e in self.params:
            return self.params[e]
        r = self.range_of(e)
        if r.empty:
            raise _UnprovableError("the assumptions leave no value")
        self.params[e] = self.parametrise(r)
        return self.params[e]

    def _abs(self, e: sp.Abs) -> sp.Expr:
        u = e.args[0]
        if u.is_Mul:
            return sp.Mul(*(self.rewrite(sp.Abs(f, evaluate=False)) for f in u.args))
        if u.is_Pow and u.exp.is_Integer:
            return self.rewrite(sp.Abs(u.base)) ** u.exp
        if u.is_Number:
            return abs(u)
        if e in self.params:
            return self.params[e]
        explicit = [r for k, r in self.ranges.items() if k == e]
        if not explicit:  # the sign of u decides |u| = ±u
            inner = _Certifier(self.ranges)
            for s, how in ((1, u), (-1, -u)):
                try:
                    if inner.sign(how, strict=False):
                        return self.rewrite(s * u)
                except _UnprovableError:
                    pass
        r = Range(sp.Integer(0), lo_closed=True)
        if u.is_Symbol or u in self.ranges:
            ru = self.range_of(u)
            if ru.lo is not None and ru.hi is not None:
                ends = [abs(ru.lo), abs(ru.hi)]
                top = max(ends)
                closed = (ru.lo_closed and abs(ru.lo) == top) or (
                    ru.hi_closed and abs(ru.hi) == top
                )
                r = r.meet(Range(None, top, hi_closed=closed))
        for extra in explicit:
            r = r.meet(extra)
        self.params[e] = self.parametrise(r)
        return self.params[e]

    def sign(self, gap: sp.Expr, strict: bool) -> bool:
        """True when ``gap ≥ 0`` (``> 0`` if strict) is certified for every parameter value."""
        self.goal_strict = strict
        g = sp.cancel(sp.together(self.rewrite(gap)))
        num, den = sp.fraction(g)
        ts = sorted({s for s in g.free_symbols}, key=lambda s: s.name)
        if any(not s.name.endswith("_") for s in ts):
            raise _UnprovableError("symbols left over")
        return _signed(num, den, ts, self.strict, strict)


def _poly_sign(p: sp.Expr, ts: list[sp.Symbol], strict_vars: set[sp.Symbol]) -> tuple[int, bool]:
    """(s, strict): all coefficients have sign s (0 if p ≡ 0); strict when p ≠ 0 everywhere."""
    poly = sp.Poly(sp.expand(p), *ts) if ts else sp.Poly(p, sp.Symbol("t_dummy_"))
    terms = poly.terms()
    if len(terms) > MAX_TERMS:
        raise _UnprovableError("too many terms")
    coeffs = [c for _, c in terms if c != 0]
    if not coeffs:
        return 0, False
    if all(c > 0 for c in coeffs):
        s = 1
    elif all(c < 0 for c in coeffs):
        s = -1
    else:
        return 2, False
    gens = poly.gens
    strict = any(
        all(e == 0 or gens[i] in strict_vars for i, e in enumerate(mon)) for mon, c in terms if c
    )
    return s, strict


def _signed(
    num: sp.Expr, den: sp.Expr, ts: list[sp.Symbol], strict_vars: set[sp.Symbol], strict: bool
) -> bool:
    sn, num_strict = _poly_sign(num, ts, strict_vars)
    sd, den_strict = _poly_sign(den, ts, strict_vars)
    if sd not in (1, -1) or not den_strict:
        return False
    if sn == 0:
        return not strict
    if sn not in (1, -1) or sn != sd:
        return False
    return num_strict or not strict


def certify_sign(gap: sp.Expr, strict: bool, ranges: Mapping[sp.Expr, Range]) -> tuple[bool, str]:
    """Try to prove ``gap ≥ 0`` (``> 0`` when ``strict``) over the atoms' ranges (see module)."""
    cert = _Certifier(ranges)
    try:
        ok = cert.sign(gap, strict)
    except (_UnprovableError, sp.PolynomialError, sp.polys.polyerrors.GeneratorsNeeded) as exc:
        return False, f"no sign certificate ({exc})"
    if not ok:
        return False, "no sign certificate (coefficients of mixed sign)"
    if not cert.params:
        return True, "the two sides are the same expression (|u·v| = |u|·|v|, σ′ > 0)"
    return True, (
        f"sign certificate: {len(cert.params)} atom(s) (σ, σ′, |·|, variables …) replaced by"
        " independent values over ranges containing theirs (σ′ ∈ (0, 1/4], σ ∈ (0, 1), the"
        " assumptions); the gap is then a ratio of polynomials with coefficients of one sign"
    )
