"""The interval evaluator every refutation and the sanity net rest on encloses the true value.

:class:`gradproof.checker.core.Enclosure` must return an interval that contains the value of the
expression at the exact rational point — at any precision, through any cancellation — and say
"undefined" only where the expression has no real value. Checked against a plain mpmath
evaluation at 300 digits written here (a tree walk of its own), over random expressions built
from every node the checker produces (+, ×, integer powers, e^u, ln, |u|, relu, step, and σ, σ′,
tanh, tanh′ kept whole) at random rational points (hypothesis), including 0 and ±1.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gradproof.checker import core
from gradproof.checker.network import relu, step
from gradproof.checker.signs import Sig, SigP, Tanh, TanhP

U, V = sp.Symbol("u", real=True), sp.Symbol("v", real=True)


class NoValueError(Exception):
    pass


def reference(e: sp.Basic, point: dict[sp.Symbol, sp.Rational]) -> Any:
    """The value at 300 digits by plain mpmath (NoValueError where it has no real value)."""
    if e in point:
        q = point[e]
        return mpmath.mpf(int(q.p)) / int(q.q)
    if e.is_Rational:
        return mpmath.mpf(int(e.p)) / int(e.q)
    if e is sp.E:  # exp(1), which SymPy writes as the constant E
        return mpmath.e
    args = [reference(a, point) for a in e.args]
    if e.is_Add:
        return mpmath.fsum(args)
    if e.is_Mul:
        return mpmath.fprod(args)
    if e.is_Pow:
        base, k = args
        if base == 0 and k < 0:
            raise NoValueError
        return base ** int(k)
    (x,) = args
    if isinstance(e, sp.exp):
        return mpmath.exp(x)
    if isinstance(e, sp.log):
        if x <= 0:
            raise NoValueError
        return mpmath.log(x)
    if isinstance(e, sp.Abs):
        return abs(x)
    if isinstance(e, relu):
        return max(x, mpmath.mpf(0))
    if isinstance(e, step):
        if x == 0:
            raise NoValueError
        return mpmath.mpf(1 if x > 0 else 0)
    if isinstance(e, (Sig, SigP)):
        s = 1 / (1 + mpmath.exp(-x))
        return s if isinstance(e, Sig) else s * (1 - s)
    if isinstance(e, (Tanh, TanhP)):
        t = mpmath.tanh(x)
        return t if isinstance(e, Tanh) else 1 - t**2
    raise TypeError(type(e).__name__)


leaves = st.one_of(
    st.sampled_from([U, V]),
    st.fractions(min_value=-5, max_value=5, max_denominator=9).map(sp.Rational),
)
UNARY = [sp.exp, sp.log, sp.Abs, relu, step, Sig, SigP, Tanh, TanhP]


def _extend(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
    return st.one_of(
        st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] - ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] * ab[1]),
        st.tuples(children, st.integers(-3, 3)).map(lambda bk: _pow(bk[0], bk[1])),
        st.tuples(st.sampled_from(UNARY), children).map(lambda fa: fa[0](fa[1])),
    )


def _pow(base: sp.Expr, k: int) -> sp.Expr:
    if base == 0 and k < 0:
        return base
    return base**k


expressions = st.recursive(leaves, _extend, max_leaves=8)
values = st.one_of(
    st.sampled_from([0, 1, -1]),
    st.fractions(min_value=-6, max_value=6, max_denominator=17),
).map(sp.Rational)


@settings(max_examples=300, deadline=None)
@given(expressions, values, values, st.sampled_from([30, 60]))
def test_the_enclosure_contains_the_value_or_the_expression_is_undefined(
    expr: sp.Expr, u: sp.Rational, v: sp.Rational, digits: int
) -> None:
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) or (
        not expr.is_real and expr.is_real is not None
    ):
        return
    point = {U: u, V: v}
    try:
        with mpmath.workdps(300):
            exact: Any = reference(expr, point)
    except (NoValueError, OverflowError):
        exact = None
    except TypeError:
        return  # a node SymPy built that the checker never produces
    try:
        enclosure = core.Enclosure(point, digits)(expr)
    except core.Undefined:
        assert exact is None, (expr, point)  # "undefined" only where there is no value
        return
    except (core.Unknown, core.Unsupported):
        return  # no verdict: allowed (never a wrong one)
    assert exact is not None, (expr, point, enclosure)
    lo, hi = ends(enclosure)
    with mpmath.workdps(300):
        assert lo <= exact <= hi, (expr, point, digits, lo, exact, hi)


def ends(enclosure: Any) -> tuple[Any, Any]:
    """The interval's ends as mpf numbers, exactly (at the default 53 bits they would be
    rounded to nearest — possibly inward)."""
    with mpmath.workprec(8000):
        return mpmath.mpf(enclosure._mpi_[0]), mpmath.mpf(enclosure._mpi_[1])


def test_cancellation_widens_the_enclosure_but_never_moves_it_off_the_value() -> None:
    z = sp.Symbol("z", real=True)
    written = sp.exp(1000 * z) * (1 + sp.exp(-1000 * z)) - sp.exp(1000 * z)  # = 1
    for digits in (60, 480, 960):
        lo, hi = ends(core.Enclosure({z: sp.Rational(1, 2)}, digits)(written))
        assert lo <= 1 <= hi
    # at 480 digits the 217-digit e^{500} no longer hides the 1
    assert core.interval_sign(core.Enclosure({z: sp.Rational(1, 2)}, 480)(written)) == 1


def test_undefined_means_no_real_value_there() -> None:
    point = {U: sp.Integer(0), V: sp.Integer(-2)}
    for expr in (1 / U, sp.log(U), sp.log(V), step(U), U**-2 + 1):
        try:
            core.Enclosure(point, 30)(expr)
        except core.Undefined:
            continue
        raise AssertionError(f"{expr} has no value at {point}")
    # relu(0) = 0, |0| = 0, σ′(0) = 1/4: defined
    for expr, value in ((relu(U), 0), (sp.Abs(U), 0), (SigP(U), sp.Rational(1, 4))):
        enc = core.Enclosure(point, 30)(expr)
        lo, hi = (mpmath.mpf(end) for end in enc._mpi_)
        assert (
            lo
            <= mpmath.mpf(value.p if hasattr(value, "p") else value) / getattr(value, "q", 1)
            <= hi
        )
