"""Definedness: the side condition every rule of the core checks first.

A statement "for every x in the domain, lhs = rhs" is false where a side is undefined, even if
SymPy would cancel the bad point (``x/x``, ``(x² − 1)/(x − 1)``) or evaluate a derivative by a
convention (d|x|/dx = sign(x), d max(0, x)/dx = Heaviside(x), Heaviside(0) = 1/2).
:func:`side_conditions` walks an expression *as written* (before any evaluation) and lists what
must hold for it to be defined:

* ``u⁻ᵏ``: u ≠ 0; ``u^(p/q)`` (not an integer power): u ≥ 0, and u > 0 for a negative power;
  a symbolic exponent: u > 0 unless the exponent is a nonnegative integer;
* ``log(u)``: u > 0 (the real logarithm);
* ``Heaviside(u)``: u ≠ 0 (its value at 0 is a convention, not mathematics);
* a derivative ∂/∂x of an expression containing ``|u|``, ``sign(u)``, ``Heaviside(u)`` or
  ``max``/``min`` of arguments that depend on x: the kink is excluded, u ≠ 0 (``max(u, v)``:
  u − v ≠ 0); ``Piecewise``, ``floor`` and ``ceiling`` inside a derivative are refused;
* ``Σ``/``∏`` over k = lo..hi: lo, hi integers and hi − lo + 1 ≥ 0 (a range with a sign);
* ∞, NaN and functions the check does not know are refused.

:func:`check_defined` proves each condition on the domain (the symbols' assumptions and the
facts of the context) with :func:`gradproof.core.algebra.signed_under`, and raises
:class:`~gradproof.core.theorem.ProofError` naming the first that fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from gradproof.core.algebra import Sign, has_sign, signed_under
from gradproof.core.theorem import ProofError


@dataclass(frozen=True)
class Condition:
    """``expr`` must have ``sign`` (nonzero, positive, nonnegative) everywhere on the domain."""

    expr: sp.Basic
    sign: Sign
    why: str


#: non-smooth functions: the expressions that must be nonzero for a derivative to exist
_KINKS: dict[type, Callable[[tuple[sp.Basic, ...]], list[sp.Basic]]] = {
    sp.Abs: lambda args: [args[0]],
    sp.sign: lambda args: [args[0]],
    sp.Heaviside: lambda args: [args[0]],
    sp.Max: lambda args: [a - b for i, a in enumerate(args) for b in args[i + 1 :]],
    sp.Min: lambda args: [a - b for i, a in enumerate(args) for b in args[i + 1 :]],
}
#: functions without a derivative at their breakpoints: refused inside a derivative
_NOT_DIFFERENTIABLE = (sp.Piecewise, sp.floor, sp.ceiling, sp.frac)
#: functions defined (and smooth) on every real argument
_SMOOTH_EVERYWHERE = (
    sp.exp,
    sp.sin,
    sp.cos,
    sp.tanh,
    sp.sinh,
    sp.cosh,
    sp.atan,
    sp.erf,
    sp.erfc,
)


def _impossible(why: str) -> Condition:
    return Condition(sp.Integer(0), "nonzero", why)


def _depends(e: sp.Basic, variables: frozenset[sp.Basic]) -> bool:
    return bool(variables) and any(e.has(v) for v in variables)


def side_conditions(
    expr: sp.Basic, differentiated: frozenset[sp.Basic] = frozenset()
) -> list[Condition]:
    """What must hold for ``expr`` to be defined (see the module docstring).

    ``differentiated`` holds the variables of the derivatives ``expr`` sits inside, so that the
    kinks of non-smooth functions of those variables are excluded.
    """
    out: list[Condition] = []
    _walk(sp.sympify(expr), differentiated, out)
    return out


def _walk(e: sp.Basic, diff: frozenset[sp.Basic], out: list[Condition]) -> None:
    if e in (sp.nan, sp.zoo, sp.oo, -sp.oo) or e.has(sp.nan, sp.zoo):
        out.append(_impossible(f"{sp.sstr(e)} is not a real number"))
        return
    if isinstance(e, (sp.Symbol, sp.Number, sp.NumberSymbol, sp.Indexed, sp.IndexedBase)):
        return
    if isinstance(e, (sp.Idx, sp.core.numbers.ImaginaryUnit)):
        if isinstance(e, sp.core.numbers.ImaginaryUnit):
            out.append(_impossible("the imaginary unit is not real"))
        return
    if isinstance(e, (sp.Tuple, sp.logic.boolalg.Boolean)):
        for a in e.args:
            if isinstance(a, sp.Basic):
                _walk(a, diff, out)
        return
    if isinstance(e, sp.Derivative):
        variables = frozenset(v for v, _ in e.variable_count)
        _walk(e.expr, diff | variables, out)
        for v in variables:
            if isinstance(v, (AppliedUndef, sp.Indexed)):
                out.extend(_distinct_from(v, e.expr))
        return
    if isinstance(e, sp.Subs):
        inner: list[Condition] = []
        _walk(e.expr, diff, inner)
        mapping = dict(zip(e.variables, e.point, strict=True))
        for c in inner:
            out.append(Condition(c.expr.xreplace(mapping), c.sign, c.why))
        for p in e.point:
            _walk(p, diff, out)
        return
    if isinstance(e, (sp.Sum, sp.Product)):
        _walk_range(e, diff, out)
        return
    if isinstance(e, sp.Integral):
        bound = {lim[0] for lim in e.limits}
        inner = []
        _walk(e.function, diff, inner)
        for c in inner:
            if any(c.expr.has(b) for b in bound):
                out.append(_impossible(f"the integrand needs {c.why} on the range of integration"))
            else:
                out.append(c)
        for lim in e.limits:
            for end in lim[1:]:
                if end not in (sp.oo, -sp.oo):
                    _walk(end, diff, out)
        return
    if isinstance(e, sp.Limit):
        var = e.args[1]
        inner = []
        _walk(e.args[0], diff, inner)
        out.extend(c for c in inner if not c.expr.has(var))  # near the point: the limit rule's job
        return
    if isinstance(e, sp.Pow):
        _walk_pow(e, diff, out)
        return
    if isinstance(e, sp.log):
        out.append(Condition(e.args[0], "positive", f"log({sp.sstr(e.args[0])}) needs it > 0"))
    elif isinstance(e, sp.Heaviside):
        out.append(
            Condition(e.args[0], "nonzero", f"Heaviside({sp.sstr(e.args[0])}) at 0 is a convention")
        )
    if type(e) in _KINKS or isinstance(e, _NOT_DIFFERENTIABLE):
        if _depends(e, diff):
            if isinstance(e, _NOT_DIFFERENTIABLE):
                out.append(_impossible(f"{type(e).__name__} has no derivative at its breakpoints"))
            else:
                for k in _KINKS[type(e)](e.args):
                    out.append(
                        Condition(k, "nonzero", f"{sp.sstr(e)} has no derivative where {k} = 0")
                    )
        for a in e.args:
            if isinstance(a, sp.Basic) and not isinstance(a, sp.logic.boolalg.Boolean):
                _walk(a, diff, out)
        return
    if isinstance(e, sp.KroneckerDelta):  # δ_ij: defined at every pair of indices
        if _depends(e, diff):
            out.append(_impossible(f"{sp.sstr(e)} is not differentiable in its indices"))
        for a in e.args:
            _walk(a, diff, out)
        return
    if isinstance(e, (sp.Add, sp.Mul, AppliedUndef, sp.log, sp.Heaviside, *_SMOOTH_EVERYWHERE)):
        for a in e.args:
            _walk(a, diff, out)
        return
    kinks = getattr(type(e), "kinks", None)
    if callable(kinks):  # a function of the package's that states its own kinks (relu, step)
        if _depends(e, diff):
            for k in kinks(*e.args):
                out.append(Condition(k, "nonzero", f"{sp.sstr(e)} has no derivative at {k} = 0"))
        for a in e.args:
            _walk(a, diff, out)
        return
    ours = not type(e).__module__.startswith("sympy")
    if ours and isinstance(e, sp.Function) and hasattr(type(e), "_eval_rewrite_as_exp"):
        # a function of the package's own (σ printed as σ) that *is* an elementary expression
        elementary = e.rewrite(sp.exp)
        if elementary != e:
            _walk(elementary, diff, out)
            return
    if isinstance(e, sp.Function):
        out.append(_impossible(f"the kernel does not know where {type(e).__name__} is defined"))
        return
    for a in e.args:
        if isinstance(a, sp.Basic):
            _walk(a, diff, out)


def _head(e: sp.Basic) -> object:
    return e.base if isinstance(e, sp.Indexed) else e.func


def _distinct_from(v: sp.Basic, expr: sp.Basic) -> list[Condition]:
    """A derivative with respect to an application ``v = f(k)`` treats every other application
    ``f(j)`` in ``expr`` as an independent variable, which is right only where j ≠ k: each such
    pair must differ in an argument (the first that is written differently). Indexed names need
    no condition: SymPy differentiates them index by index (∂z[i]/∂z[j] = δ_ij)."""
    out: list[Condition] = []
    if isinstance(v, sp.Indexed):
        # SymPy differentiates indexed names by index: ∂z[i]/∂z[j] = δ_ij (KroneckerDelta)
        return out
    v_args = v.args
    for u in expr.atoms(AppliedUndef):
        if u == v or _head(u) != _head(v):
            continue
        u_args = u.args
        if len(u_args) != len(v_args):
            continue
        gaps = [p - q for p, q in zip(u_args, v_args, strict=True) if p != q]
        if any(g.is_number and g != 0 for g in gaps):
            continue
        out.append(
            Condition(
                gaps[0],
                "nonzero",
                f"∂/∂{sp.sstr(v)} treats {sp.sstr(u)} as another variable, which needs "
                f"{sp.sstr(gaps[0])} ≠ 0",
            )
        )
    return out


def _walk_pow(e: sp.Pow, diff: frozenset[sp.Basic], out: list[Condition]) -> None:
    base, ex = e.args
    _walk(base, diff, out)
    _walk(ex, diff, out)
    if has_sign(base, "positive"):
        return
    text = sp.sstr(e)
    if ex.is_integer and has_sign(ex, "nonnegative"):
        return
    if ex.is_integer:
        out.append(Condition(base, "nonzero", f"{text} needs {sp.sstr(base)} ≠ 0"))
    elif ex.is_number and ex.is_rational and ex.is_positive:
        # a real root: base ≥ 0; its derivative at base = 0 exists only for exponents ≥ 1
        needs_positive = _depends(base, diff) and bool(ex < 1)
        sign: Sign = "positive" if needs_positive else "nonnegative"
        relation = ">" if needs_positive else "≥"
        out.append(Condition(base, sign, f"{text} needs {sp.sstr(base)} {relation} 0"))
    else:
        out.append(Condition(base, "positive", f"{text} needs {sp.sstr(base)} > 0"))


def _walk_range(e: sp.Basic, diff: frozenset[sp.Basic], out: list[Condition]) -> None:
    kind = "Σ" if isinstance(e, sp.Sum) else "∏"
    inner: list[Condition] = []
    _walk(e.function, diff, inner)
    for var, lo, hi in e.limits:
        for end in (lo, hi):
            _walk(end, diff, out)
            if end.is_integer is not True:
                out.append(_impossible(f"{kind} over {var}: the bound {end} is not an integer"))
        length = hi - lo + 1
        out.append(
            Condition(
                length,
                "nonnegative",
                f"{kind}_{{{var}={lo}}}^{{{hi}}} needs a range with a sign: {sp.sstr(hi)} ≥ "
                f"{sp.sstr(lo - 1)}",
            )
        )
        m = sp.Dummy("m", integer=True, nonnegative=True)
        inner = [Condition(c.expr.xreplace({var: lo + m}), c.sign, c.why) for c in inner]
    out.extend(inner)


def check_defined(exprs: Sequence[sp.Basic], facts: Sequence[sp.Basic], rule: str) -> list[str]:
    """Prove every side condition of ``exprs`` on the domain (assumptions and ``facts``).

    Returns the conditions proved, as text; raises :class:`ProofError` (naming ``rule``) at the
    first condition that cannot be proved.
    """
    done: list[str] = []
    seen: set[tuple[sp.Basic, str]] = set()
    for expr in exprs:
        for c in side_conditions(expr):
            key = (c.expr, c.sign)
            if key in seen:
                continue
            seen.add(key)
            if c.expr == 0 and c.sign == "nonzero" and c.why:
                raise ProofError(rule, f"not defined on the whole domain: {c.why}")
            if signed_under(c.expr, c.sign, facts) is None:
                raise ProofError(
                    rule,
                    f"not shown defined on the whole domain: {c.why} "
                    f"(cannot prove {sp.sstr(c.expr)} {_SIGN_TEXT[c.sign]} from the assumptions"
                    f"{' and hypotheses' if facts else ''})",
                )
            done.append(f"{sp.sstr(c.expr)} {_SIGN_TEXT[c.sign]}")
    return done


_SIGN_TEXT = {
    "nonzero": "≠ 0",
    "positive": "> 0",
    "nonnegative": "≥ 0",
    "negative": "< 0",
    "nonpositive": "≤ 0",
    "zero": "= 0",
}
