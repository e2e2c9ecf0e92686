"""One link ``left R right`` of a derivation: proved, refuted with a point, or undecided.

The network is a chain of single neurons (:class:`gradproof.checker.network.Network`); each side
is parsed by the whitelist parser, with derivative atoms (:mod:`.atoms`) resolved through the
parser's ``names=`` hook. The worker (:func:`link_job`, run by the checker's time-limited worker
process) then:

1. **looks for a point of the domain where the link fails** — the points of ``gradproof check``
   (small rationals, :func:`gradproof.checker.core._points`), moved inside the assumptions'
   intervals and kept only where every assumption holds with certainty and both sides are
   defined *as written* (:func:`side_conditions`: a divisor SymPy cancelled still counts); at
   each, both sides are enclosed by interval arithmetic
   (:func:`gradproof.checker.core.certified_gap`) and the point counts only when the enclosure
   of ``right − left`` certainly breaks the relation (for ``=``: excludes 0; for ``≤``: lies
   below 0; for ``<``: below 0 or exactly 0 …) → **refuted**;
2. otherwise **proves** the link: an ``=`` by :func:`gradproof.checker.core.prove_zero` (the
   difference cancels to 0 — for all real values; under assumptions also by the two signs), an
   inequality by a sign certificate (:mod:`.signs`) under the assumptions, with σ, σ′ and the
   derivative atoms first kept whole, then written out; a proof then goes through the
   **sanity net** (:func:`gradproof.checker.core.sanity_net`): evaluated at ≥ 24 points of the
   domain, it is **proved** (stating the points where a side as written is undefined) or, if
   the net finds it false at a point, a **kernel error** (exit code 4) — never proved;
3. else **undecided**, saying at how many points the two sides agreed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gradproof.checker.atoms import Atom, AtomTable, atom_value, extract_atoms
from gradproof.checker.core import (
    DIGITS,
    KERNEL_ERROR,
    Condition,
    _points,
    certified_gap,
    chain_builder,
    chain_net,
    definedness_conditions,
    interval_text,
    item_seed,
    prove_zero,
    relu_conditions,
    uncertified,
)
from gradproof.checker.network import CheckInputError, Network, Pair, activation_of
from gradproof.checker.parser import LazyAbs, check_notation, parse_expression
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


def side_conditions(text: str, net: Network) -> tuple[Condition, ...]:
    """Where one side is defined *as written* (divisors nonzero, arguments of ln positive,
    of step nonzero — even where SymPy cancelled them), its pieces read in ``explicit`` mode
    (see :func:`gradproof.checker.core.definedness_conditions`)."""
    body, atoms = extract_atoms(text)
    f: Any = activation_of(net.activation)[0]
    table = AtomTable(atoms, net, lambda atom, pair: atom_value(atom, net, pair, f))
    shown = {f"__d{k}__": a.text for k, a in enumerate(atoms)}
    build = chain_builder(net, names=table, functions={"abs": LazyAbs})
    return definedness_conditions(body, build, shown)


def assumption_conditions(
    assumptions: Sequence[tuple[Assumption, sp.Expr]],
) -> tuple[dict[sp.Symbol, Range], tuple[Condition, ...]]:
    """The domain of the assumptions: ranges of single variables (points are built inside
    them), and conditions on expressions (checked, with certainty, at each point)."""
    direct: dict[sp.Symbol, Range] = {}
    others = []
    for a, e in assumptions:
        if isinstance(e, sp.Symbol):
            direct[e] = direct[e].meet(a.range) if e in direct else a.range
        else:
            others.append(Condition(a.text, "range", (e,), a.range))
    return direct, tuple(others)


def _domain_points(
    net: Network,
    count: int,
    seed: int,
    assumptions: Sequence[tuple[Assumption, sp.Expr]],
) -> Iterator[dict[sp.Symbol, sp.Rational]]:
    """Points of ``gradproof check`` moved into the assumptions' intervals, plus edge points
    (each weight 0) where exact ties show up; only points where every assumption holds with
    certainty (:func:`gradproof.checker.core.certified_in`)."""
    rng = random.Random(seed)
    direct, others = assumption_conditions(assumptions)
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
        if all(r.contains(pt[sym]) for sym, r in direct.items() if sym in pt) and all(
            c.holds_at(pt) for c in others
        ):
            yield pt


def _breaks(relation: str, sign: int | None) -> bool:
    """The certain sign of the gap right − left (0: exactly equal) breaks the relation."""
    if sign is None:
        return False
    if relation == "=":
        return sign != 0
    if relation in ("<=", "<"):
        return sign < 0 or (relation == "<" and sign == 0)
    return sign > 0 or (relation == ">" and sign == 0)


def find_violation(
    net: Network,
    left: sp.Expr,
    right: sp.Expr,
    relation: str,
    assumptions: Sequence[tuple[Assumption, sp.Expr]],
    count: int,
    seed: int,
    tally: dict[str, int],
    conditions: Sequence[Condition] = (),
) -> dict[str, Any] | None:
    """A point of the domain where ``left relation right`` certainly fails, else None.

    Certified (:func:`gradproof.checker.core.certified_gap`): both sides are enclosed by
    interval arithmetic at the point, the precision raised while cancellation leaves the gap's
    enclosure wide, and the gap right − left must certainly break the relation (for ``<`` and
    ``>`` an exact 0 breaks it too: the enclosure [0, 0], or an exact evaluation of the gap at
    the rational point). Only at points where the assumptions hold with certainty and both sides
    are defined as written (``conditions``; a ReLU network's kinks are left out).
    """
    tally.setdefault("points", 0)
    tally.setdefault("compared", 0)
    conditions = (*conditions, *relu_conditions(net))
    for pt in _domain_points(net, count, seed, assumptions):
        tally["points"] += 1
        cache: dict[int, Any] = {}
        if not all(c.holds_at(pt, cache=cache) for c in conditions):
            continue
        g = certified_gap(left, right, pt, cache=cache)
        if g is None:
            continue
        tally["compared"] += 1
        sign = g.sign
        tie = sign is None and relation in ("<", ">") and g.narrow
        if tie and (right - left).xreplace(pt) == 0:  # exact rational evaluation: a tie
            sign = 0
        if not _breaks(relation, sign):
            continue
        shown = g if sign == 0 else certified_gap(left, right, pt, until_digits=DIGITS + 2) or g
        return {
            "point": {str(k): str(v) for k, v in pt.items()},
            "left_value": interval_text(shown.left),
            "right_value": interval_text(shown.right),
            "difference": "0" if sign == 0 else interval_text(shown.gap),
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
    """The worker's job for one link (see the module docstring): a non-final answer while a
    proof goes through the sanity net, then the final one."""
    net = Network(**spec["network"])
    relation = spec["relation"]
    lhs, rhs = parse_side(left, net), parse_side(right, net)
    assumptions = [
        (a, parse_side(a.expr, net))
        for a in (parse_assumption(t, net) for t in spec.get("assumptions", ()))
    ]
    conditions = (*side_conditions(left, net), *side_conditions(right, net))
    tally: dict[str, int] = {}
    bad = find_violation(net, lhs, rhs, relation, assumptions, 6, 1, tally, conditions)
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
            bad = find_violation(net, lhs, rhs, relation, assumptions, 60, 2, tally, conditions)
    rel = RELATION_TEXT[relation]
    if bad is not None:
        where = "in the domain (the assumptions hold there)" if assumptions else ""
        yield {
            "status": "refuted",
            "detail": f"left {rel} right fails at the point shown {where}".rstrip()
            + ", where both sides are defined as written: the interval enclosure of right − left"
            " (mpmath interval arithmetic, outward rounding) certainly breaks the relation, or"
            " the gap is exactly 0 for a strict one; every digit shown is certain",
            **bad,
            "final": True,
        }
        return
    if proved:
        yield from _netted(net, lhs, rhs, relation, assumptions, conditions, how, (left, right))
        return
    compared, points = tally.get("compared", 0), tally.get("points", 0)
    yield {
        "status": "undecided",
        "detail": f"left {rel} right held at all {compared} of {points} test points where both"
        " sides are defined (no certified break), and no proof closed: " + how,
        "final": True,
    }


def _netted(
    net: Network,
    lhs: sp.Expr,
    rhs: sp.Expr,
    relation: str,
    assumptions: Sequence[tuple[Assumption, sp.Expr]],
    conditions: Sequence[Condition],
    how: str,
    texts: tuple[str, str],
) -> Iterator[dict[str, Any]]:
    """A proved link through the sanity net: proved (its excluded points stated), or a
    kernel error with the point and both values."""
    yield {
        "status": "undecided",
        "detail": f"the prover says the link holds ({how}), but",
        "unfinished": "the sanity net (the proof's evaluation at points of its domain)",
        "final": False,
    }
    ranges, on_expressions = assumption_conditions(assumptions)
    report = chain_net(
        net,
        lhs,
        rhs,
        relation,
        conditions=(*conditions, *on_expressions),
        ranges=ranges,
        seed=item_seed(relation, *texts),
    )
    if not report.ok:
        f = report.failure
        assert f is not None
        yield {
            "status": KERNEL_ERROR,
            "detail": f"{report.text()}; the proof said: {how}. This is a bug in gradproof's"
            " prover (please report it)",
            "point": f.point,
            "left_value": f.left_value,
            "right_value": f.right_value,
            "difference": f.difference,
            "final": True,
        }
        return
    excluded = [c.statement() for c in uncertified(conditions, ranges)]
    where = (
        f"proved where both sides are defined as written ({' and '.join(excluded)}): "
        if excluded
        else ""
    )
    yield {"status": "proved", "detail": f"{where}{how}; {report.text()}", "final": True}
