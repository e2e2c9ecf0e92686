"""One link ``left R right`` of a derivation: proved, refuted with a point, or undecided.

The network is a chain of single neurons (:class:`gradproof.checker.network.Network`); each side
is parsed by the whitelist parser, with derivative atoms (:mod:`.atoms`) resolved through the
parser's ``names=`` hook. The worker (:func:`link_job`, run by the checker's time-limited worker
process) then:

1. **looks for a point of the domain where the link fails** — the points of ``gradproof check``
   (small rationals, :func:`gradproof.checker.core._points`), moved inside the assumptions'
   intervals and kept only where every assumption holds with certainty; at each, the gap
   ``right − left`` is evaluated at 50 and 100 digits (:func:`gradproof.checker.core._value`)
   and counts only when its two evaluations agree to 20 digits and it is far above evaluation
   noise (for ``=``: nonzero; for ``≤``: negative; for ``<``: negative or exactly 0 …);
2. otherwise **proves** the link: an ``=`` by :func:`gradproof.checker.core.prove_zero` (the
   difference cancels to 0 — for all real values; under assumptions also by the two signs), an
   inequality by a sign certificate (:mod:`.signs`) under the assumptions, with σ, σ′ and the
   derivative atoms first kept whole, then written out;
3. else **undecided**, saying at how many points the two sides agreed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gradproof.checker.atoms import Atom, AtomTable, atom_value, extract_atoms
from gradproof.checker.core import DIGITS, _points, _value, prove_zero
from gradproof.checker.network import CheckInputError, Network, Pair, activation_of, relu, step
from gradproof.checker.parser import check_notation, parse_expression
from gradproof.checker.signs import (
    OPAQUE_FUNCTIONS,
    Range,
    certify_sign,
    opaque_activation,
)

RELATIONS = ("=", "<=", "<", ">=", ">")
RELATION_TEXT = {"=": "=", "<=": "≤", "<": "<", ">=": "≥", ">": ">"}
_FLIP = {"<=": ">=", "<": ">", ">=": "<=", ">": "<", "=": "="}


class _OpaqueNetwork(Network):
    """The same chain with σ, σ′, tanh, tanh′ kept as whole atoms (:mod:`.signs`)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        f: Any = opaque_activation(self.activation)
        data = []
        for p in self.data:
            zs: list[sp.Expr] = [sp.Integer(0)]
            acts: list[sp.Expr] = [p.x]
            for j in range(self.layers):
                zs.append(self.w[j] * acts[-1] + (self.b[j] if self.biases else 0))
                acts.append(f(zs[-1]))
            data.append(Pair(p.x, p.y, tuple(zs), tuple(acts)))
        object.__setattr__(self, "data", tuple(data))


class LazyAbs(sp.Function):
    """|u| left unevaluated until a number is asked for (``Abs`` would try to decide the sign
    of a closed expression symbolically every time a point is substituted, which is slow)."""

    nargs = 1

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        from mpmath.libmp import prec_to_dps

        value = self.args[0].evalf(prec_to_dps(prec))
        if value is None or not value.is_Number:
            return None
        return abs(value)

    def _latex(self, printer: Any) -> str:
        return r"\left|" + printer._print(self.args[0]) + r"\right|"


def parse_side(text: str, net: Network, mode: str = "explicit") -> sp.Expr:
    """Parse one side (derivative atoms allowed) in a mode:

    * ``explicit`` — σ = 1/(1 + e^{−u}) written out (for proofs of identities and for points);
    * ``opaque`` — σ, σ′, tanh, tanh′ kept whole, atoms written out in them (``net`` must be an
      opaque network);
    * ``atomic`` — as ``opaque`` but each derivative atom is one real symbol.
    """
    if isinstance(text, str):
        check_notation(text)  # before the atoms' subscript digits are rewritten
    body, atoms = extract_atoms(text)
    value: Callable[[Atom, Pair | None], sp.Expr]
    if mode == "atomic":

        def value(atom: Atom, pair: Pair | None) -> sp.Expr:
            atom_value(atom, net, pair, lambda u: u)  # validates the pair rule only
            where = "" if pair is None or not atom.per_pair else f"[{net.data.index(pair) + 1}]"
            return sp.Symbol(f"{atom.text}{where}", real=True)

    else:
        f: Any = activation_of(net.activation)[0] if mode == "explicit" else None
        if f is None:
            f = opaque_activation(net.activation)

        def value(atom: Atom, pair: Pair | None) -> sp.Expr:
            return atom_value(atom, net, pair, f)

    table = AtomTable(atoms, net, value)
    functions = {"abs": LazyAbs} if mode == "explicit" else OPAQUE_FUNCTIONS
    return parse_expression(body, net, names=table, functions=functions)


@dataclass(frozen=True)
class Assumption:
    """``lo < expr < hi`` (either end optional) for one expression of the derivation's syntax."""

    text: str
    expr: str
    range: Range


_ASSUME_SPLIT = r"(<=|>=|≤|≥|<|>)"


def parse_assumption(text: str, net: Network) -> Assumption:
    """``"w1 > 0"``, ``"-1 < w2 < 1"``, ``"abs(dC/db3) > 0"`` → an :class:`Assumption`."""
    import re

    if not isinstance(text, str) or not text.strip():
        raise CheckInputError(f"an assumption must be a text like 'w1 > 0', got {text!r}")
    if len(text) > 200:
        raise CheckInputError("an assumption has more than 200 characters")
    pieces = [p.strip() for p in re.split(_ASSUME_SPLIT, text)]
    if len(pieces) not in (3, 5):
        raise CheckInputError(
            f"assumption {text!r} not understood: write 'E > c', 'E <= c' or 'c1 < E < c2'"
            " (E an expression, c numbers; relations < <= > >= ≤ ≥)"
        )
    exprs, rels = pieces[0::2], [p.replace("≤", "<=").replace("≥", ">=") for p in pieces[1::2]]
    numbers: list[sp.Rational | None] = []
    for e in exprs:
        try:
            v = parse_side(e, net)
        except CheckInputError as exc:
            raise CheckInputError(f"assumption {text!r}: {exc}") from None
        numbers.append(v if v.is_Rational else None)
    unknown = [i for i, n in enumerate(numbers) if n is None]
    if len(unknown) != 1 or (len(exprs) == 3 and unknown != [1]):
        raise CheckInputError(
            f"assumption {text!r}: exactly one side must be an expression and the others"
            " numbers (e.g. '-1 < w2 < 1')"
        )
    if len(rels) == 2 and (rels[0][0] != rels[1][0]):
        raise CheckInputError(f"assumption {text!r}: both relations must point the same way")
    k = unknown[0]
    r = Range()
    for i, rel in enumerate(rels):
        # the relation rel sits between exprs[i] and exprs[i + 1]
        other, left = (i + 1, True) if i == k else (i, False)
        c = numbers[other]
        assert c is not None
        le = rel in ("<", "<=")  # exprs[i] is below exprs[i+1]
        closed = rel in ("<=", ">=")
        expr_below = le == left
        r = r.meet(Range(hi=c, hi_closed=closed) if expr_below else Range(lo=c, lo_closed=closed))
    if r.empty:
        raise CheckInputError(f"assumption {text!r} leaves no value")
    return Assumption(text=text, expr=exprs[k], range=r)


# ============================================================ the worker's mathematics


def _mp_tree(expr: sp.Expr, cache: dict[sp.Expr, Any]) -> Any:
    """A closed expression evaluated by mpmath at the current precision, each shared subtree
    once; None where it is not a real number (a log of a negative number, a ReLU kink …)."""
    import mpmath

    if expr in cache:
        return cache[expr]
    if expr.is_Rational:
        v: Any = mpmath.mpf(int(expr.p)) / int(expr.q)
    elif expr.is_Float:
        v = mpmath.mpf(expr._mpf_)
    elif expr.is_NumberSymbol:  # e (from exp(1)), π
        v = mpmath.mpf(expr._as_mpf_val(mpmath.mp.prec + 10))
    else:
        args = [_mp_tree(a, cache) for a in expr.args]
        if any(a is None for a in args):
            v = None
        elif expr.is_Add:
            v = mpmath.fsum(args)
        elif expr.is_Mul:
            v = mpmath.fprod(args)
        elif expr.is_Pow:
            base, e = args
            v = None if base == 0 and e < 0 else base**e
        elif isinstance(expr, sp.exp):
            v = mpmath.exp(args[0])
        elif isinstance(expr, sp.log):
            v = mpmath.log(args[0]) if args[0] > 0 else None
        elif isinstance(expr, (LazyAbs, sp.Abs)):
            v = abs(args[0])
        elif isinstance(expr, relu):
            v = args[0] if args[0] > 0 else mpmath.mpf(0)
        elif isinstance(expr, step):
            v = None if args[0] == 0 else mpmath.mpf(args[0] > 0)
        else:
            raise TypeError(type(expr).__name__)
        if v is not None and (not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v)):
            v = None
    cache[expr] = v
    return v


def _fast_value(expr: sp.Expr) -> tuple[sp.Float, sp.Float] | None:
    """Same contract as :func:`gradproof.checker.core._value` (the value at 50 digits and its
    distance from a second evaluation at twice the precision), computed by mpmath over the
    tree with shared subtrees evaluated once; falls back to ``_value`` for other nodes."""
    import mpmath

    try:
        with mpmath.workdps(2 * DIGITS + 20):
            hi = _mp_tree(expr, {})
        with mpmath.workdps(DIGITS + 10):
            lo = _mp_tree(expr, {})
    except TypeError:
        return _value(expr)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    if lo is None or hi is None:
        return None
    lo_f = sp.Float(lo, DIGITS)
    return lo_f, abs(sp.Float(hi, 2 * DIGITS) - lo_f)


def _holds(value: tuple[sp.Float, sp.Float] | None, r: Range) -> bool:
    """The value lies in the range with certainty (beyond its evaluation error)."""
    if value is None:
        return False
    v, err = value
    margin = err * 10 + sp.Float("1e-40")
    if r.lo is not None and not (v - margin > r.lo or (r.lo_closed and v - margin >= r.lo)):
        return False
    return not (
        r.hi is not None and not (v + margin < r.hi or (r.hi_closed and v + margin <= r.hi))
    )


def _domain_points(
    net: Network,
    count: int,
    seed: int,
    assumptions: Sequence[tuple[Assumption, sp.Expr]],
) -> Iterator[dict[sp.Symbol, sp.Rational]]:
    """Points of ``gradproof check`` moved into the assumptions' intervals, plus edge points
    (each weight 0) where exact ties show up; only points where every assumption holds."""
    rng = random.Random(seed)
    direct: dict[sp.Expr, Range] = {}
    for a, e in assumptions:
        if e.is_Symbol:
            direct[e] = direct[e].meet(a.range) if e in direct else a.range
    candidates = [sp.Rational(v) for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1")]
    base = _points(net, count, seed)
    if seed == 1:
        for j in range(net.layers):
            pt = dict(base[0])
            pt[net.w[j]] = sp.Integer(0)
            base.append(pt)
    for pt in base:
        for sym, r in direct.items():
            if sym in pt and not r.contains(pt[sym]):
                pt[sym] = rng.choice(r.inside(candidates))
        if all(
            _holds(_fast_value(e.xreplace(pt)), a.range) for a, e in assumptions if not e.is_Symbol
        ):
            yield pt


def _violates(relation: str, exact: sp.Expr, gap: tuple[sp.Float, sp.Float] | None) -> bool:
    """The gap right − left (its exact value at the point and its evaluation) breaks the
    relation with certainty."""
    if exact == 0:
        return relation in ("<", ">")
    if gap is None:
        return False
    d, err = gap
    if d == 0 or err > sp.Float("1e-20") * abs(d):
        return False
    if relation == "=":
        return True
    if relation in ("<=", "<"):
        return bool(d < 0)
    return bool(d > 0)


def find_violation(
    net: Network,
    left: sp.Expr,
    right: sp.Expr,
    relation: str,
    assumptions: Sequence[tuple[Assumption, sp.Expr]],
    count: int,
    seed: int,
    tally: dict[str, int],
) -> dict[str, Any] | None:
    tally.setdefault("points", 0)
    tally.setdefault("compared", 0)
    gap_expr = right - left
    for pt in _domain_points(net, count, seed, assumptions):
        tally["points"] += 1
        exact = gap_expr.xreplace(pt)
        gap = None if exact == 0 else _fast_value(exact)
        tally["compared"] += exact == 0 or gap is not None
        if not _violates(relation, exact, gap):
            continue
        lv, rv = _fast_value(left.xreplace(pt)), _fast_value(right.xreplace(pt))
        if lv is None or rv is None:
            continue
        scale = max(sp.Float(1), abs(lv[0]), abs(rv[0]))
        if exact != 0 and gap is not None and abs(gap[0]) <= sp.Float("1e-70") * scale:
            continue
        return {
            "point": {str(k): str(v) for k, v in pt.items()},
            "left_value": str(lv[0]),
            "right_value": str(rv[0]),
            "difference": "0" if exact == 0 else str(gap[0] if gap else ""),
        }
    return None


def _opaque_ranges(spec: dict[str, Any], net: Network, mode: str) -> dict[sp.Expr, Range]:
    ranges: dict[sp.Expr, Range] = {}
    for text in spec.get("assumptions", ()):
        a = parse_assumption(text, Network(**spec["network"]))
        key = parse_side(a.expr, net, mode)
        ranges[key] = ranges[key].meet(a.range) if key in ranges else a.range
        if not a.range.contains(sp.Integer(0)):
            # a product that is not 0 has no factor 0: every factor f has |f| > 0
            for f in _factors(key):
                k = sp.Abs(f)
                nonzero = Range(sp.Integer(0))
                ranges[k] = ranges[k].meet(nonzero) if k in ranges else nonzero
    return ranges


def _factors(e: sp.Expr) -> list[sp.Expr]:
    """The multiplicative factors of ``e`` (through |·| and integer powers), numbers left out."""
    if isinstance(e, sp.Abs):
        return _factors(e.args[0])
    if e.is_Mul:
        return [f for a in e.args for f in _factors(a)]
    if e.is_Pow and e.exp.is_Integer:
        return _factors(e.base)
    return [] if e.is_Number else [e]


def _certify(spec: dict[str, Any], left: str, right: str, relation: str) -> tuple[bool, str]:
    """Sign certificates of ``right − left`` (or the reverse) in the opaque modes."""
    net = _OpaqueNetwork(**spec["network"])
    why = "no sign certificate"
    for mode, label in (("atomic", "derivative atoms kept whole"), ("opaque", "atoms written out")):
        try:
            lo, hi = parse_side(left, net, mode), parse_side(right, net, mode)
            ranges = _opaque_ranges(spec, net, mode)
        except CheckInputError as exc:
            why = str(exc)
            continue
        gaps = (
            [(hi - lo, False), (lo - hi, False)]
            if relation == "="
            else [(hi - lo if relation in ("<=", "<") else lo - hi, relation in ("<", ">"))]
        )
        results = [certify_sign(g, strict, ranges) for g, strict in gaps]
        if all(ok for ok, _ in results):
            how = results[0][1]
            if relation == "=":
                how = f"both right − left ≥ 0 and left − right ≥ 0 are certified: {how}"
            return True, f"{how} ({label})"
        why = next(h for ok, h in results if not ok)
    return False, why


def link_job(spec: dict[str, Any], left: str, right: str) -> Iterator[dict[str, Any]]:
    """The worker's job for one link (see the module docstring); yields one final answer."""
    net = Network(**spec["network"])
    relation = spec["relation"]
    lhs, rhs = parse_side(left, net), parse_side(right, net)
    assumptions = [
        (a, parse_side(a.expr, net))
        for a in (parse_assumption(t, net) for t in spec.get("assumptions", ()))
    ]
    tally: dict[str, int] = {}
    bad = find_violation(net, lhs, rhs, relation, assumptions, 6, 1, tally)
    proved, how = False, ""
    if bad is None:
        if relation == "=":
            if assumptions or lhs.has(LazyAbs) or rhs.has(LazyAbs):
                proved, how = _certify(spec, left, right, relation)
            if not proved:
                proved, how = prove_zero(net, lhs - rhs)
                if proved:
                    how = f"left − right ≡ 0 for all real values: {how}"
        else:
            proved, how = _certify(spec, left, right, relation)
        if not proved:
            bad = find_violation(net, lhs, rhs, relation, assumptions, 60, 2, tally)
    rel = RELATION_TEXT[relation]
    if bad is not None:
        where = "in the domain (the assumptions hold there)" if assumptions else ""
        yield {
            "status": "refuted",
            "detail": f"left {rel} right fails at the point shown {where}".rstrip()
            + " (values at 50 digits; the gap, evaluated at 50 and 100 digits, agrees to 20"
            " digits or is exactly 0)",
            **bad,
            "final": True,
        }
        return
    if proved:
        yield {"status": "proved", "detail": how, "final": True}
        return
    compared, points = tally.get("compared", 0), tally.get("points", 0)
    yield {
        "status": "undecided",
        "detail": f"left {rel} right held at all {compared} of {points} test points where both"
        f" sides are real numbers (50 digits), and no proof closed: {how}",
        "final": True,
    }
