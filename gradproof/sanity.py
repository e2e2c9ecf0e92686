"""The sanity net: every proved statement is also *evaluated*, and a failure accuses the kernel.

The core (:mod:`gradproof.core`) proves statements for every value of their symbols; this module
checks them at sample points with mpmath, by a path that shares nothing with the proof (no
simplification, no sign reasoning: definitions unfolded, derivatives differentiated, numbers
substituted, both sides evaluated at 40 digits and, where they disagree, again at 90). A proved
statement false at a point of its domain is a **kernel error**: ``verify`` exits 4 and names the
point; it is never reported as proved. The net cannot make anything proved.

The points (at least :data:`MIN_POINTS` per statement, where the statement can be evaluated):
the special values of each symbol's domain (0, ±1, ±1/2, ±2, the tiny and the large, the
boundaries of an implication's premise such as |w| just below 1), then seeded random values
drawn the way hypothesis draws floats (mixed scales, near the boundaries). Symbols that stand for
an arbitrary function (a cost C) are replaced by concrete smooth functions. A statement that
uses a recursive definition, or whose premise no point satisfies, is counted as *not evaluated*
(with the reason), not as passed. One statement gets at most :data:`TIME_BUDGET` seconds: the
points evaluated by then count, and a statement with none is *not evaluated*.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from gradproof.core.theorem import Theorem

#: the least number of points at which an evaluable statement is checked
MIN_POINTS = 24
DIGITS = 40
RECHECK_DIGITS = 90
#: a relation counts as violated when it fails by more than this, relative to the sizes involved
TOLERANCE = mpmath.mpf(10) ** -25
_SEED = 20261204


@dataclass
class Counts:
    """What the net did in this process (for ``verify --details`` and the closing note)."""

    statements: int = 0
    evaluated: int = 0
    points: int = 0
    not_evaluable: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        skipped = sum(self.not_evaluable.values())
        return (
            f"sanity net: {self.evaluated} of {self.statements} proved statements evaluated at "
            f"{self.points} points in all, {skipped} not evaluable"
        )


COUNTS = Counts()


@dataclass(frozen=True)
class Verdict:
    """The net's verdict on one statement: ``failure`` names the point where it is false."""

    points: int
    failure: str | None = None
    skipped: str = ""

    @property
    def summary(self) -> str:
        if self.skipped:
            return f"not evaluated ({self.skipped})"
        return f"holds at {self.points} points"


class _NotEvaluableError(Exception):
    pass


class _UndefinedError(Exception):
    """The expression has no real value at the point."""


class KernelError(Exception):
    """The core proved something the net found false at a point (a bug in the kernel)."""


# ------------------------------------------------------------------ preparing the expression


_TEST_FUNCTIONS = (
    lambda u: sp.sin(u) + u**3 / 7 + u / 3 + sp.Rational(1, 5),
    lambda u: sp.exp(u / 3) - u**2 / 5,
    lambda u: sp.cos(u) * u + 2 * u,
)


def _text(expr: Any, width: int = 0) -> str:
    """``expr`` in Nielsen's notation (cut to ``width`` characters with … when given)."""
    from gradproof.presenters import short_text, text

    return short_text(expr, width) if width else text(expr)


def _stable_hash(*parts: object) -> int:
    """A hash that is the same in every process (Python's str hash is salted per process)."""
    h = 0
    for ch in "|".join(sp.sstr(p) for p in parts):
        h = (h * 131 + ord(ch)) % 1_000_003
    return h


def _test_function(name: str, arity: int) -> sp.Lambda:
    """A concrete smooth function standing for an arbitrary one: the same for one name everywhere
    (both sides of a relation, every link), different for different names."""
    us = sp.symbols(f"u0:{arity}", real=True)
    h = _stable_hash(name)
    body = sum(
        (_TEST_FUNCTIONS[(h + i) % len(_TEST_FUNCTIONS)](u) for i, u in enumerate(us)),
        sp.Integer(0),
    )
    if arity > 1:
        body += us[0] * us[1] / 5
    return sp.Lambda(us, body)


def _table_value(name: object, args: tuple[sp.Basic, ...]) -> sp.Rational:
    """A value for an arbitrary function or indexed name at integer arguments (a weight w_k, a
    bias b_k): seeded by the name and the arguments, so every occurrence agrees."""
    h = _stable_hash(name, *args)
    return sp.Rational((h % 2001) - 1000, 617)


def _lambda_definitions(defs: Mapping[Any, sp.Lambda], thm: Theorem | None) -> dict[Any, Any]:
    out: dict[Any, Any] = dict(defs)
    if thm is not None:
        for d in thm.axioms:
            lhs = d.lhs
            if (
                isinstance(lhs, AppliedUndef)
                and all(isinstance(a, sp.Symbol) for a in lhs.args)
                and len(set(lhs.args)) == len(lhs.args)
                and not d.rhs.has(lhs.func)
            ):
                out.setdefault(lhs.func, sp.Lambda(lhs.args, d.rhs))
    return out


def _apply(lam: sp.Lambda, args: tuple[sp.Basic, ...]) -> sp.Basic:
    """``lam`` at ``args``; a derivative *in* the variable (σ′ := dσ/dx) is taken at the point
    (``Subs``), a derivative already at the point x (C′(x) := dC/du at u = x) moves its point
    (wrapping it would make SymPy merge the two substitutions into a simultaneous one)."""
    differentiated = {
        v
        for d in sp.preorder_traversal(lam.expr)
        if isinstance(d, sp.Derivative)
        for v in d.variables
    }
    if not all(isinstance(a, sp.Symbol) for a in args) and differentiated & set(lam.variables):
        return sp.Subs(lam.expr, lam.variables, args)
    return lam(*args)


def _expand(e: sp.Basic, defs: Mapping[Any, Any]) -> sp.Basic:
    for _ in range(12):
        before = e
        for f, lam in defs.items():
            apps = [a for a in e.atoms(AppliedUndef) if a.func == f]
            if apps:
                e = e.xreplace({a: _apply(lam, a.args) for a in apps})
        if e == before:
            break
    return e


def _symbolic_index(v: sp.Basic) -> bool:
    """An indexed name or application whose indices are not all numbers yet (z[j], a(j))."""
    args = v.indices if isinstance(v, sp.Indexed) else v.args if isinstance(v, AppliedUndef) else ()
    return any(not a.is_number for a in args)


def _derivatives_in_symbols(e: sp.Basic) -> sp.Basic:
    """``∂F/∂u`` becomes ``(∂F(ξ)/∂ξ) at ξ = u`` — the same number, but one that survives u
    (a variable z, an application a(4) or w[k]) turning into a number at a sample point. A
    derivative already taken at a point (``Subs`` of a derivative in its variables) stays so
    (SymPy would merge nested substitutions into one simultaneous one, which is wrong here)."""
    if not e.args or not e.has(sp.Derivative):
        return e
    if (
        isinstance(e, sp.Subs)
        and isinstance(e.expr, sp.Derivative)
        and set(e.expr.variables) <= set(e.variables)
    ):
        inner = sp.Derivative(_derivatives_in_symbols(e.expr.expr), *e.expr.variable_count)
        return sp.Subs(inner, e.variables, [_derivatives_in_symbols(p) for p in e.point])
    if isinstance(e, sp.Derivative):
        expr = _derivatives_in_symbols(e.expr)
        if any(_symbolic_index(v) for v, _ in e.variable_count):
            # ∂/∂z[j] of z[i]: which applications are the variable is known only at the point
            return sp.Derivative(expr, *e.variable_count)
        counts, dummies, points = [], [], []
        for v, c in e.variable_count:
            xi = sp.Dummy("ξ", real=True)
            expr = expr.xreplace({v: xi})
            counts.append((xi, c))
            dummies.append(xi)
            points.append(v)
        return sp.Subs(sp.Derivative(expr, *counts), dummies, points)
    return e.func(*(_derivatives_in_symbols(a) for a in e.args))


def _prepare(expr: sp.Basic, defs: Mapping[Any, Any], recursive: set[Any]) -> sp.Basic:
    """Before the points: wrappers removed, closed definitions unfolded, derivatives in
    applications written at a point. (Recursive definitions and arbitrary functions are
    resolved at each point, :func:`_at_point`.)"""
    e = sp.sympify(expr).replace(lambda a: isinstance(a, sp.UnevaluatedExpr), lambda a: a.args[0])
    return _derivatives_in_symbols(_expand(e, defs))


def _unroll(e: sp.Basic, recursive: Sequence[Any]) -> sp.Basic:
    """Every application of a recursively defined function at concrete arguments replaced by
    the body of the definition whose pattern it matches (solved for the pattern's integer
    variables, which must land in their domains), until none is left."""
    from gradproof.core.rules import parameters

    heads = {d.head for d in recursive}
    fixed = parameters(recursive)  # one value for all the definitions: the point's
    at = {k: v for k, v in _POINT.items() if k in fixed}
    for _ in range(MAX_UNROLL):
        _tick()
        apps = [a for a in e.atoms(AppliedUndef) if a.func in heads]
        if not apps:
            return e
        app = min(apps, key=sp.default_sort_key)
        body = None
        for d in recursive:
            if d.head != app.func or len(d.lhs.args) != len(app.args):
                continue
            lhs, rhs = d.lhs.xreplace(at), d.rhs.xreplace(at)
            unknowns = sorted(lhs.free_symbols - fixed, key=sp.default_sort_key)
            eqs = [p - q for p, q in zip(lhs.args, app.args, strict=True)]
            if not unknowns:
                sols: list[dict[Any, Any]] = [] if any(eqs) else [{}]
            try:
                sols = sp.solve(eqs, unknowns, dict=True) if unknowns else sols
            except (NotImplementedError, ValueError, TypeError):
                continue
            for sol in sols:
                if any(v not in sol for v in unknowns) and unknowns:
                    continue
                if all(_fits_domain(sol[v], v) for v in unknowns) and all(
                    sp.simplify(q.xreplace(sol)) == 0 for q in eqs
                ):
                    body = rhs.xreplace(sol)
                    break
            if body is not None:
                break
        if body is None:
            raise _NotEvaluableError(f"no definition of {app.func} applies at {_text(app)}")
        e = e.xreplace({app: body})
    raise _NotEvaluableError("a recursive definition does not end")


def _fits_domain(value: sp.Basic, sym: sp.Symbol) -> bool:
    if value.free_symbols:
        return all(getattr(value, f"is_{k}", None) is True for k in ("real",) if sym.is_real)
    if sym.is_integer and not value.is_integer:
        return False
    if sym.is_positive and not value > 0:
        return False
    return not (sym.is_nonnegative and value < 0)


#: the most applications of recursive definitions the net unrolls in one expression
MAX_UNROLL = 120
#: the longest Σ or ∏ the net writes out term by term
MAX_TERMS = 400


def _finite(e: sp.Basic) -> sp.Basic:
    """Every Σ and ∏ with numeric integer limits written out term by term (outermost limit
    first, so inner limits become numbers too), so that w(k) inside ∏_{k=2}^{2} gets the same
    table value as the w(2) outside it. An empty range is 0 (Σ) or 1 (∏)."""
    if not e.args:
        return e
    _tick()
    if isinstance(e, (sp.Sum, sp.Product)):
        var, lo, hi = (_finite(x) for x in e.limits[-1])
        if lo.is_Integer and hi.is_Integer and hi - lo <= MAX_TERMS:
            inner = e.function if len(e.limits) == 1 else type(e)(e.function, *e.limits[:-1])
            terms = [_finite(inner.xreplace({var: sp.Integer(v)})) for v in range(lo, hi + 1)]
            return sp.Add(*terms) if isinstance(e, sp.Sum) else sp.Mul(*terms)
    args = [_finite(a) if isinstance(a, sp.Basic) else a for a in e.args]
    if any(a is not b for a, b in zip(args, e.args, strict=True)):
        return e.func(*args)
    return e


def _signed(value: sp.Basic, stands_for: sp.Basic) -> sp.Basic:
    """A stand-in value with the sign its function or indexed name declares (‖δ‖² ≥ 0, n[l] a
    positive integer): a stand-in outside the declared domain would accuse a correct proof."""
    if stands_for.is_integer:
        size = sp.floor(abs(value))
        if stands_for.is_positive:
            return size + 1
        if stands_for.is_nonnegative:
            return size
        if stands_for.is_negative:
            return -size - 1
        return -size if stands_for.is_nonpositive else sp.floor(value)
    if stands_for.is_positive:
        return sp.exp(value)
    if stands_for.is_nonnegative:
        return value**2
    if stands_for.is_negative:
        return -sp.exp(value)
    if stands_for.is_nonpositive:
        return -(value**2)
    return value


def _at_point(e: sp.Basic, recursive: Sequence[Any]) -> sp.Basic:
    """The expression at a point (already substituted): recursive definitions unrolled, arbitrary
    functions and indexed names at integer arguments given table values, other arbitrary
    functions replaced by concrete smooth ones, derivatives taken."""
    if recursive:  # the unrolled bodies may apply closed definitions again (σ′ in Πˡ's)
        e = _expand(_unroll(e, recursive), _DEFINITIONS)
    e = _derivatives_in_symbols(_finite(e))  # indices are numbers now: z[1] is z[1]
    tables: dict[sp.Basic, sp.Basic] = {}
    for ind in e.atoms(sp.Indexed):
        if all(i.is_integer and i.is_number for i in ind.indices):
            tables[ind] = _signed(_table_value(ind.base.label, ind.indices), ind)
        else:
            raise _NotEvaluableError(f"the index of {sp.sstr(ind)} is not an integer there")
    for app in e.atoms(AppliedUndef):
        if app.args and all(a.is_number and a.is_integer for a in app.args):
            tables[app] = _signed(_table_value(app.func, app.args), app)
    if tables:
        e = e.xreplace(tables)
    for h in {a.func for a in e.atoms(AppliedUndef)}:
        arity = {len(a.args) for a in e.atoms(AppliedUndef) if a.func == h}
        for n in arity:
            lam = _test_function(str(h), n)
            e = e.xreplace(
                {
                    a: _signed(lam(*a.args), a)
                    for a in e.atoms(AppliedUndef)
                    if a.func == h and len(a.args) == n
                }
            )
    if e.has(sp.Derivative, sp.Subs):
        e = e.doit()
    if e.has(sp.Derivative):
        raise _NotEvaluableError("a derivative SymPy cannot take")
    return e


# ------------------------------------------------------------------ choosing the points


def _candidates(sym: sp.Basic, rng: random.Random, n: int) -> list[sp.Rational]:
    """``n`` values in the symbol's domain: its special values first, then seeded random ones of
    mixed scales."""
    q = sp.Rational
    if getattr(sym, "is_integer", False):
        if sym.is_positive:
            base = [1, 2, 3, 4, 5, 7, 1, 2, 3]
        elif sym.is_nonnegative:
            base = [0, 1, 2, 3, 5, 0, 1]
        elif sym.is_negative:
            base = [-1, -2, -3, -5]
        else:
            base = [1, -1, 2, -2, 3, -5, 7] if sym.is_nonzero else [0, 1, -1, 2, -2, 3, -5, 7]
        vals = [q(b) for b in base]
        lo = 1 if sym.is_positive else 0 if sym.is_nonnegative else -6
        hi = -1 if sym.is_negative else 0 if sym.is_nonpositive else 8
        while len(vals) < n:
            v = q(rng.randint(lo, hi))
            if _admissible(sym, v):
                vals.append(v)
        return vals[:n]
    special = [q(0), q(1), q(-1), q(1, 2), q(-1, 2), q(2), q(-2), q(3), q(-7, 3), q(10), q(-10)]
    special += [q(1, 1000), q(-1, 1000), q(999, 1000), q(-999, 1000), q(1001, 1000), q(40)]
    if sym.is_positive:
        vals = [abs(v) for v in special if v != 0]
    elif sym.is_nonzero:
        vals = [v for v in special if v != 0]
    elif sym.is_nonnegative:
        vals = [abs(v) for v in special]
    elif sym.is_negative:
        vals = [-abs(v) for v in special if v != 0]
    elif sym.is_nonpositive:
        vals = [-abs(v) for v in special]
    else:
        vals = list(special)
    while len(vals) < n:
        scale = rng.choice([1, 1, 10, 100, q(1, 10), q(1, 1000)])
        v = q(rng.randint(-1000, 1000), 997) * scale
        if sym.is_positive:
            v = abs(v) + q(1, 10**6)
        elif sym.is_nonzero and v == 0:
            v = q(1, 7)
        elif sym.is_nonnegative:
            v = abs(v)
        elif sym.is_negative:
            v = -abs(v) - q(1, 10**6)
        vals.append(v)
    return vals


def _variables(e: sp.Basic) -> list[sp.Basic]:
    """The symbols to choose values for (an indexed name w[k] takes its value from its index)."""
    labels = {ind.base.label for ind in e.atoms(sp.Indexed)}
    out = {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s not in labels}
    return sorted(out, key=sp.default_sort_key)


def _premise_boundaries(e: sp.Basic) -> dict[sp.Basic, list[sp.Rational]]:
    """For premises ``x ⋈ c`` with a number c: points just inside and on the boundary."""
    out: dict[sp.Basic, list[sp.Rational]] = {}
    for imp in e.atoms(sp.Implies):
        hyp = imp.args[0]
        for h in hyp.args if isinstance(hyp, sp.And) else (hyp,):
            if isinstance(h, sp.core.relational.Relational) and h.rhs.is_number:
                target = h.lhs.args[0] if isinstance(h.lhs, sp.Abs) else h.lhs
                if isinstance(target, (sp.Symbol, sp.Indexed)):
                    c = sp.nsimplify(h.rhs)
                    eps = sp.Rational(1, 10**6)
                    out.setdefault(target, []).extend([c, c - eps, c + eps, -c + eps, c / 2])
    return out


def _points(e: sp.Basic, rng: random.Random) -> list[dict[sp.Basic, sp.Rational]]:
    syms = _variables(e)
    boundaries = _premise_boundaries(e)
    columns = {}
    for s in syms:
        special = [v for v in boundaries.get(s, []) if _admissible(s, v)]
        columns[s] = special + _candidates(s, rng, 4 * MIN_POINTS)
    # more rows than needed: an implication's premise rules some out
    count = max([4 * MIN_POINTS, *(len(c) for c in columns.values())]) if syms else 1
    pts = []
    for i in range(count):
        pts.append({s: columns[s][(i * (1 + k)) % len(columns[s])] for k, s in enumerate(syms)})
    return pts


def _admissible(sym: sp.Basic, v: sp.Rational) -> bool:
    if getattr(sym, "is_integer", False) and not v.is_integer:
        return False
    if sym.is_nonzero and v == 0:
        return False
    if sym.is_positive and not v > 0:
        return False
    return not (sym.is_nonnegative and v < 0)


# ------------------------------------------------------------------ evaluating


def _substitute(e: sp.Basic, point: Mapping[sp.Basic, sp.Rational]) -> sp.Basic:
    """``e`` at the point, leaving the variables that a limit, sum or integral binds alone."""
    if isinstance(e, sp.Subs):
        inner = {k: v for k, v in point.items() if k not in set(e.variables)}
        return sp.Subs(
            _substitute(e.expr, inner), e.variables, [_substitute(p, point) for p in e.point]
        )
    if isinstance(e, (sp.Limit, sp.Sum, sp.Product, sp.Integral)):
        bound = {e.args[1]} if isinstance(e, sp.Limit) else {lim[0] for lim in e.limits}
        inner = {k: v for k, v in point.items() if k not in bound}
        args = [_substitute(a, inner) for a in e.args]
        # an integral is left to evalf's quadrature: SymPy's symbolic integration (doit) of, say,
        # tanh(√q z)² against the Gaussian density runs for minutes, past the time budget
        if isinstance(e, sp.Integral) or e.has(AppliedUndef):
            return type(e)(*args)
        return type(e)(*args).doit()
    if not e.args or not e.has(sp.Limit, sp.Sum, sp.Product, sp.Integral, sp.Subs):
        return e.xreplace(dict(point))
    return e.func(*(_substitute(a, point) for a in e.args))


_RECURSIVE: list[Any] = []  # the recursive definitions of the statement being evaluated
_DEFINITIONS: dict[Any, Any] = {}  # and its closed ones (unfolded again after unrolling)
_POINT: dict[sp.Basic, sp.Rational] = {}  # the point being evaluated (for fixed parameters)
_DEADLINE = [0.0]  # time.monotonic() after which the statement's evaluation stops
#: seconds the net spends on one statement at most (its points so far count)
TIME_BUDGET = 6.0


class _OutOfTimeError(Exception):
    """The statement's time budget is spent."""


def _tick() -> None:
    if time.monotonic() > _DEADLINE[0]:
        raise _OutOfTimeError


def _quadrature(integral: sp.Integral, digits: int) -> sp.Basic:
    """A closed one-variable integral's value by mpmath's tanh-sinh quadrature (split at 0 on
    the whole line, where the mean-field integrands have their kinks), at ``digits`` + 10 digits;
    the integral itself when it is not of that form. SymPy's evalf of such an integral takes
    seconds per point, past the net's time budget."""
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        return integral
    var, lo, hi = integral.limits[0]
    if integral.function.free_symbols - {var} or lo.free_symbols or hi.free_symbols:
        return integral

    def end(b: sp.Basic) -> Any:
        if b == sp.oo:
            return mpmath.inf
        if b == -sp.oo:
            return -mpmath.inf
        return mpmath.mpf(sp.N(b, digits + 10))

    try:
        f = sp.lambdify(var, integral.function, modules="mpmath")
        with mpmath.workdps(digits + 10):
            ends = [end(lo), end(hi)]
            if lo == -sp.oo and hi == sp.oo:
                ends.insert(1, mpmath.mpf(0))
            value = mpmath.quad(f, ends)
        return sp.Float(str(value), digits + 10)
    except Exception:  # anything lambdify or quad cannot do: evalf decides
        return integral


def _value(expr: sp.Basic, point: Mapping[sp.Basic, sp.Rational], digits: int) -> mpmath.mpf:
    _POINT.clear()
    _POINT.update(point)
    e = _at_point(_substitute(expr, point), _RECURSIVE)
    if e.has(sp.Sum, sp.Product):  # evalf would sum numerically (slowly, and only approximately)
        raise _NotEvaluableError("a sum or product over a range too long to write out")
    _tick()
    if e.has(sp.Integral):
        e = e.xreplace({i: _quadrature(i, digits) for i in e.atoms(sp.Integral)})
    v = sp.N(e, digits)
    if v.has(sp.nan, sp.zoo) or v in (sp.oo, -sp.oo):
        raise _UndefinedError(f"{_text(expr)} is undefined there")
    if not v.is_number:
        raise _NotEvaluableError(f"{_text(expr, 60)} does not evaluate to a number")
    if not v.is_real:
        re, im = sp.re(v), sp.im(v)
        if bool(abs(im) < sp.Float(10) ** (-digits + 5) * (1 + abs(re))):
            v = re
        else:
            raise _UndefinedError(f"{sp.sstr(expr)} is not a real number there ({v})")
    return mpmath.mpf(str(v)) if not v.is_Integer else mpmath.mpf(int(v))


def _holds(rel: sp.Basic, point: Mapping[sp.Basic, sp.Rational], digits: int) -> bool | None:
    """True/False at the point; None when a premise is not (robustly) satisfied."""
    if rel is sp.true:
        return True
    if rel is sp.false:
        return False
    if isinstance(rel, sp.And):
        results = [_holds(a, point, digits) for a in rel.args]
        if any(r is False for r in results):
            return False
        return True if any(r is True for r in results) else None
    if isinstance(rel, sp.Implies):
        premise = _robust(rel.args[0], point, digits)
        if premise is not True:
            return None
        return _holds(rel.args[1], point, digits)
    if isinstance(rel, sp.Or):
        results = [_holds(a, point, digits) for a in rel.args]
        return True if any(r is True for r in results) else (None if None in results else False)
    if not isinstance(rel, sp.core.relational.Relational):
        raise _NotEvaluableError(f"cannot evaluate a {type(rel).__name__}")
    with mpmath.workdps(digits):
        a, b = _value(rel.lhs, point, digits), _value(rel.rhs, point, digits)
        slack = TOLERANCE * (1 + abs(a) + abs(b))
        if isinstance(rel, sp.Eq):
            return bool(abs(a - b) <= slack)
        if isinstance(rel, sp.Ne):
            return bool(abs(a - b) > 0)
        if isinstance(rel, (sp.Le, sp.Lt)):
            return bool(a <= b + slack)
        return bool(a >= b - slack)


def _robust(rel: sp.Basic, point: Mapping[sp.Basic, sp.Rational], digits: int) -> bool | None:
    """A premise holds with a margin (so rounding cannot make a false premise look true)."""
    if isinstance(rel, sp.And):
        parts = [_robust(a, point, digits) for a in rel.args]
        return all(p is True for p in parts)
    if not isinstance(rel, sp.core.relational.Relational):
        return None
    try:
        with mpmath.workdps(digits):
            a, b = _value(rel.lhs, point, digits), _value(rel.rhs, point, digits)
    except (_UndefinedError, ZeroDivisionError, ValueError, TypeError):
        return None
    margin = mpmath.mpf(10) ** -20 * (1 + abs(a) + abs(b))
    if isinstance(rel, sp.Eq):
        return bool(abs(a - b) <= TOLERANCE * (1 + abs(a) + abs(b)))
    if isinstance(rel, sp.Ne):
        return bool(abs(a - b) > margin)
    if isinstance(rel, sp.Lt):
        return bool(a < b - margin)
    if isinstance(rel, sp.Le):
        return bool(a <= b)
    if isinstance(rel, sp.Gt):
        return bool(a > b + margin)
    return bool(a >= b)


def _point_text(point: Mapping[sp.Basic, sp.Rational]) -> str:
    return ", ".join(f"{sp.sstr(k)} = {sp.sstr(v)}" for k, v in point.items()) or "(no variables)"


def evaluate(
    relation: sp.Basic,
    definitions: Mapping[Any, Any] = {},
    theorem: Theorem | None = None,
) -> Verdict:
    """The net on one proved relation (with the theorem's hypotheses as premises, if given)."""
    COUNTS.statements += 1
    defs = _lambda_definitions(definitions or {}, theorem)
    recursive = [d for d in (theorem.axioms if theorem is not None else ()) if d.head not in defs]
    _RECURSIVE[:] = recursive
    _DEADLINE[0] = time.monotonic() + TIME_BUDGET
    _DEFINITIONS.clear()
    _DEFINITIONS.update(defs)
    rel = relation
    if theorem is not None and theorem.hyps:
        rel = sp.Implies(sp.And(*theorem.hyps), relation)
    try:
        prepared = _prepare_relation(rel, defs, set())
    except _NotEvaluableError as exc:
        return _skip(str(exc))
    rng = random.Random(_SEED)
    checked = 0
    for point in _points(prepared, rng):
        try:
            ok = _holds(prepared, point, DIGITS)
            if ok is False:
                ok = _holds(prepared, point, RECHECK_DIGITS)
        except _NotEvaluableError as exc:
            return _skip(str(exc))
        except _OutOfTimeError:
            if checked:
                break
            return _skip(f"no point evaluated within {TIME_BUDGET:g} s")
        except _UndefinedError as exc:
            COUNTS.points += checked
            COUNTS.evaluated += 1
            return Verdict(checked, f"it is undefined at {_point_text(point)}: {exc}")
        except (
            ZeroDivisionError,
            ValueError,
            TypeError,
            OverflowError,
            AttributeError,
            RecursionError,
        ) as exc:
            return _skip(f"SymPy could not evaluate it ({type(exc).__name__})")
        if ok is None:
            continue
        checked += 1
        if ok is False:
            COUNTS.points += checked
            COUNTS.evaluated += 1
            return Verdict(checked, f"it is false at {_point_text(point)}")
        if checked >= 2 * MIN_POINTS:
            break
    if checked == 0:
        return _skip("no sample point satisfies its premises")
    COUNTS.points += checked
    COUNTS.evaluated += 1
    return Verdict(checked)


def _skip(reason: str) -> Verdict:
    COUNTS.not_evaluable[reason.split(":")[0][:60]] = (
        COUNTS.not_evaluable.get(reason.split(":")[0][:60], 0) + 1
    )
    return Verdict(0, None, reason)


def _prepare_relation(rel: sp.Basic, defs: Mapping[Any, Any], recursive: set[Any]) -> sp.Basic:
    if isinstance(rel, (sp.And, sp.Or, sp.Implies, sp.Not)):
        return type(rel)(*(_prepare_relation(a, defs, recursive) for a in rel.args))
    if isinstance(rel, sp.core.relational.Relational):
        lhs = _prepare(rel.lhs, defs, recursive)
        rhs = _prepare(rel.rhs, defs, recursive)
        return type(rel)(lhs, rhs, evaluate=False)
    return rel


def net_for_statement(statement: Any, theorem: Theorem) -> Verdict:
    """The net on a proved :class:`gradproof.logic.Statement` (its relation and definitions)."""
    return evaluate(statement.relation, statement.definitions, theorem)


_SEEN: dict[tuple[sp.Basic, frozenset[sp.Basic]], Verdict] = {}


def net_for_theorems(theorems: Sequence[Theorem]) -> Verdict:
    """The net on several proved theorems (a derivation's links); the first failure wins. A
    theorem already evaluated in this process (same proposition and hypotheses) is not again."""
    total = 0
    skipped: list[str] = []
    for t in theorems:
        key = (t.prop, t.hyps)
        v = _SEEN.get(key) or evaluate(t.prop, {}, t)
        _SEEN[key] = v
        if v.failure is not None:
            return Verdict(total + v.points, f"{sp.sstr(t.prop)[:100]}: {v.failure}")
        total += v.points
        if v.skipped:
            skipped.append(v.skipped)
    return Verdict(total, None, "; ".join(dict.fromkeys(skipped)) if not total else "")
