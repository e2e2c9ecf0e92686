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
(with the reason), not as passed.
"""

from __future__ import annotations

import random
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


def _prepare(expr: sp.Basic, defs: Mapping[Any, Any], recursive: set[Any]) -> sp.Basic:
    """Definitions unfolded, other undefined functions replaced by concrete ones."""
    e = sp.sympify(expr).replace(
        lambda a: isinstance(a, sp.UnevaluatedExpr), lambda a: a.args[0]
    )
    for _ in range(12):
        before = e
        for f, lam in defs.items():
            e = e.replace(f, lam)
        if e == before:
            break
    heads = {a.func for a in e.atoms(AppliedUndef)}
    if heads & recursive:
        names = ", ".join(sorted(str(h) for h in heads & recursive))
        raise _NotEvaluableError(f"uses the recursive definition of {names}")
    for i, h in enumerate(sorted(heads, key=str)):
        apps = [a for a in e.atoms(AppliedUndef) if a.func == h]
        if any(len(a.args) != 1 for a in apps):
            raise _NotEvaluableError(f"{h} is an arbitrary function of several arguments")
        f = _TEST_FUNCTIONS[i % len(_TEST_FUNCTIONS)]
        u = sp.Dummy("u")
        e = e.replace(h, sp.Lambda(u, f(u)))
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
            base = [0, 1, -1, 2, -2, 3, -5, 7]
        vals = [q(b) for b in base]
        while len(vals) < n:
            vals.append(q(rng.randint(1 if sym.is_positive else -6, 8)))
        return vals[:n]
    special = [q(0), q(1), q(-1), q(1, 2), q(-1, 2), q(2), q(-2), q(3), q(-7, 3), q(10), q(-10)]
    special += [q(1, 1000), q(-1, 1000), q(999, 1000), q(-999, 1000), q(1001, 1000), q(40)]
    if sym.is_positive:
        vals = [abs(v) for v in special if v != 0]
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
        elif sym.is_nonnegative:
            v = abs(v)
        elif sym.is_negative:
            v = -abs(v) - q(1, 10**6)
        vals.append(v)
    return vals


def _variables(e: sp.Basic) -> list[sp.Basic]:
    out = set(e.free_symbols)
    for ind in e.atoms(sp.Indexed):
        out.add(ind)
        out.discard(ind.base.label)
    out = {s for s in out if not isinstance(s, sp.IndexedBase)}
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
    if sym.is_positive and not v > 0:
        return False
    return not (sym.is_nonnegative and v < 0)


# ------------------------------------------------------------------ evaluating


def _substitute(e: sp.Basic, point: Mapping[sp.Basic, sp.Rational]) -> sp.Basic:
    """``e`` at the point, leaving the variables that a limit, sum or integral binds alone."""
    if isinstance(e, (sp.Limit, sp.Sum, sp.Product, sp.Integral)):
        bound = {e.args[1]} if isinstance(e, sp.Limit) else {lim[0] for lim in e.limits}
        inner = {k: v for k, v in point.items() if k not in bound}
        args = [_substitute(a, inner) for a in e.args]
        return type(e)(*args).doit()
    if not e.args or not e.has(sp.Limit, sp.Sum, sp.Product, sp.Integral):
        return e.xreplace(dict(point))
    return e.func(*(_substitute(a, point) for a in e.args))


def _value(expr: sp.Basic, point: Mapping[sp.Basic, sp.Rational], digits: int) -> mpmath.mpf:
    e = _substitute(expr, point)
    v = sp.N(e, digits)
    if v.has(sp.nan, sp.zoo) or v in (sp.oo, -sp.oo):
        raise _UndefinedError(f"{sp.sstr(expr)} is undefined there")
    if not v.is_number:
        raise _NotEvaluableError(f"{sp.sstr(expr)[:60]} does not evaluate to a number")
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
    recursive = set()
    if theorem is not None:
        for d in theorem.axioms:
            recursive.add(d.head)
    defs = _lambda_definitions(definitions or {}, theorem)
    recursive -= set(defs)
    rel = relation
    if theorem is not None and theorem.hyps:
        rel = sp.Implies(sp.And(*theorem.hyps), relation)
    try:
        prepared = _prepare_relation(rel, defs, recursive)
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
        except _UndefinedError as exc:
            COUNTS.points += checked
            COUNTS.evaluated += 1
            return Verdict(checked, f"it is undefined at {_point_text(point)}: {exc}")
        except (ZeroDivisionError, ValueError, TypeError, OverflowError, AttributeError) as exc:
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
        lhs = _differentiated(_prepare(rel.lhs, defs, recursive))
        rhs = _differentiated(_prepare(rel.rhs, defs, recursive))
        return type(rel)(lhs, rhs, evaluate=False)
    return rel


def _differentiated(e: sp.Basic) -> sp.Basic:
    if e.has(sp.Derivative, sp.Subs):
        e = e.doit()
    if e.has(sp.Derivative):
        raise _NotEvaluableError("a derivative SymPy cannot take")
    return e


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
