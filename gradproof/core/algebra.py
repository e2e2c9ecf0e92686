"""The core's two decision procedures: "is this identically 0?" and "has this the sign?".

Both answer True only with a proof for every value of the free symbols allowed by their SymPy
assumptions (and by the *facts*: proved or hypothesised relations, see :func:`apply_fact`);
False means *not shown*, never *false*. They are exact rewritings (``simplify``, ``cancel``,
``factor``) and SymPy's assumption system, never sampling (SymPy's ``equals`` samples and is not
used). The rules of :mod:`gradproof.core.rules` call them only after the expressions were shown
to be defined on the whole domain (:mod:`gradproof.core.domain`), so cancelling a common factor
never hides a point where the original is undefined.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from itertools import permutations
from typing import Literal

import sympy as sp

Sign = Literal["positive", "nonnegative", "negative", "nonpositive", "nonzero", "zero"]
INEQUALITIES = (sp.Le, sp.Lt, sp.Ge, sp.Gt)
#: how many facts, at most, the sign search applies one after the other
MAX_FACT_DEPTH = 3


def is_identically_zero(expr: sp.Basic) -> bool:
    """True when ``expr`` simplifies to exactly 0 (a proof for all values of its symbols).

    After ``doit`` (derivatives, integrals, products with numeric ranges), tries ``simplify``,
    ``simplify`` of the ``exp`` form, ``cancel(expand(…))`` and ``simplify(powsimp(expand(…)))``
    of the ``exp`` form.
    """
    e = sp.sympify(expr)
    if isinstance(e, sp.Basic):
        e = e.doit()
    if e == 0:
        return True
    for attempt in (
        sp.simplify,
        lambda x: sp.simplify(x.rewrite(sp.exp)),
        lambda x: sp.cancel(sp.expand(x)),
        lambda x: sp.simplify(sp.powsimp(sp.expand(x.rewrite(sp.exp)), force=False)),
    ):
        try:
            if attempt(e) == 0:
                return True
        except (NotImplementedError, TypeError, ValueError, RecursionError):
            continue
    return False


def sign_is(expr: sp.Basic, sign: Sign) -> bool:
    """True when SymPy's assumptions establish ``sign`` of ``expr`` for every value.

    Tried as written, then ``factor(cancel(…))`` (so ``1/4 − t/(1 + t)²`` is seen as
    ``(t − 1)²/(4(t + 1)²)``), then after ``simplify``. ``None`` (unknown) is not established.
    """
    e = sp.sympify(expr)
    if sign == "zero":
        return is_identically_zero(e)
    forms = [e]
    with contextlib.suppress(NotImplementedError, TypeError, ValueError, sp.PolynomialError):
        forms.append(sp.factor(sp.cancel(e)))
    for form in forms:
        if has_sign(form, sign):
            return True
    try:
        simpler = sp.simplify(e)
    except (NotImplementedError, TypeError, ValueError, RecursionError):
        return False
    if has_sign(simpler, sign) or has_sign(sp.factor(simpler), sign):
        return True
    return sign in ("positive", "nonnegative", "negative", "nonpositive") and _split_sign(e, sign)


_OPPOSITE: dict[str, str] = {
    "positive": "negative",
    "nonnegative": "nonpositive",
    "negative": "positive",
    "nonpositive": "nonnegative",
}


def _split_sign(e: sp.Basic, sign: Sign) -> bool:
    """The sign of a fraction n/d from d's sign and n split in two: the terms with a symbol s and
    the terms without it, each factored (so (t − 1)² + 4μt is seen as a square plus a positive
    term). Sound: a sum of two terms of a sign has the sign, strictly if one term is strict."""
    try:
        n, d = sp.fraction(sp.cancel(sp.together(e)))
    except (NotImplementedError, TypeError, ValueError, sp.PolynomialError):
        return False
    if has_sign(d, "positive"):
        want = sign
    elif has_sign(d, "negative"):
        want = _OPPOSITE[sign]  # type: ignore[assignment]
    else:
        return False
    n = sp.expand(n)
    if not isinstance(n, sp.Add):
        return False
    weak = {"positive": "nonnegative", "negative": "nonpositive"}.get(want, want)
    for s in sorted(n.free_symbols, key=sp.default_sort_key):
        with_s = sp.Add(*(a for a in n.args if a.has(s)))
        without = sp.Add(*(a for a in n.args if not a.has(s)))
        if with_s == 0 or without == 0:
            continue
        parts = [sp.factor(with_s), sp.factor(without)]
        if all(has_sign(p, weak) for p in parts) and any(has_sign(p, want) for p in parts):  # type: ignore[arg-type]
            return True
    return False


#: the signs that contradict each sign: SymPy answering both is inconsistent, and then neither
#: answer is trusted
_CONTRADICTS: dict[str, tuple[str, ...]] = {
    "positive": ("nonpositive", "extended_nonpositive", "zero"),
    "nonnegative": ("negative", "extended_negative"),
    "negative": ("nonnegative", "extended_nonnegative", "zero"),
    "nonpositive": ("positive", "extended_positive"),
    "nonzero": ("zero",),
}


def _empty_ranges_evaluated(e: sp.Basic) -> sp.Basic:
    """``e`` with every Σ/∏ over a range known to be empty replaced by its value (0 / 1).

    SymPy's assumptions are wrong for them: an empty ``Product`` reports
    ``is_extended_nonpositive`` True (its value is 1), so whether ``−3·∏_{k=2}^{1}|w_k|`` is
    "nonnegative" depended on the random order in which SymPy evaluates its facts.
    """
    if not e.has(sp.Product, sp.Sum):
        return e
    return e.replace(
        lambda x: isinstance(x, (sp.Product, sp.Sum)) and x.has_empty_sequence is True,
        lambda x: sp.Integer(1) if isinstance(x, sp.Product) else sp.Integer(0),
    )


def has_sign(e: sp.Basic, sign: Sign) -> bool:
    """SymPy's assumptions establish ``sign`` of ``e`` — and do not also establish a sign that
    contradicts it (an inconsistency in SymPy's facts is never taken as a proof)."""
    e = _empty_ranges_evaluated(e)
    if sign == "nonzero":
        found = bool(e.is_positive is True or e.is_negative is True or e.is_nonzero is True)
    else:
        found = getattr(e, f"is_{sign}", None) is True
    return found and not any(getattr(e, f"is_{c}", None) is True for c in _CONTRADICTS[sign])


def fact_substitution(fact: sp.Basic) -> tuple[sp.Basic, sp.Basic] | None:
    """``(term, value)``: every value ``term`` may take under ``fact``, as an expression in a
    fresh parameter (or None for a fact that cannot be used this way).

    * ``Eq(a, b)``: ``a`` → ``b``;
    * ``a ≤ b``: ``a`` → ``b − μ``, μ ≥ 0 (μ > 0 for ``<``); ``a ≥ b``: ``a`` → ``b + μ``;
    * a *positive symbol* ``x`` with ``x < c`` (``x ≤ c``): ``x`` → ``c/(1 + μ)``, μ > 0 (μ ≥ 0),
      which keeps ``x > 0`` in view (every x ∈ (0, c) is c/(1 + μ) for μ = c/x − 1 > 0);
    * ``Ne(e, 0)``: ``|e|`` → ν, ν > 0.

    Proving a statement for every μ proves it at the actual value of ``a`` (μ = b − a etc.).
    """
    if isinstance(fact, sp.Eq):
        return fact.lhs, fact.rhs
    if isinstance(fact, sp.Ne) and (fact.rhs == 0 or fact.lhs == 0):
        nonzero = fact.lhs if fact.rhs == 0 else fact.rhs  # e ≠ 0: |e| is some ν > 0
        return sp.Abs(nonzero), sp.Dummy("ν", positive=True)
    if not isinstance(fact, INEQUALITIES):
        return None
    strict = isinstance(fact, (sp.Lt, sp.Gt))
    mu = sp.Dummy("μ", positive=True) if strict else sp.Dummy("μ", nonnegative=True)
    if isinstance(fact, (sp.Le, sp.Lt)):
        term, bound = fact.lhs, fact.rhs
        if isinstance(term, sp.Symbol) and term.is_positive and bound.is_positive:
            pos = sp.Dummy("μ", positive=True) if strict else sp.Dummy("μ", nonnegative=True)
            return term, bound / (1 + pos)
        return term, bound - mu
    return fact.lhs, fact.rhs + mu


_NONE: frozenset[sp.Basic] = frozenset()


def apply_fact(
    expr: sp.Basic, fact: sp.Basic, universal: frozenset[sp.Basic] = frozenset()
) -> sp.Basic | None:
    """``expr`` with the fact's term replaced by every value the fact allows (see
    :func:`fact_substitution`), or None when the term does not occur. ``universal``: the symbols
    the fact holds for *every* value of (a closed theorem's free symbols), so it may be used
    under a binder of them — at the bound variable, an instance of it."""
    pair = fact_substitution(fact)
    if pair is None:
        return None
    term, value = pair
    if term.is_number:
        return None  # replacing a number everywhere is never what a fact means
    out = replace_free(expr, {term: value}, universal)  # the term itself, where it occurs free
    if (
        out == expr
        and not isinstance(term, sp.Symbol)
        and _no_capture(expr, term, value, universal)
    ):
        out = expr.subs(term, value)  # SymPy's algebraic substitution (e.g. inside a power)
    return None if out == expr else out


def signed_under(
    expr: sp.Basic,
    sign: Sign,
    facts: Sequence[sp.Basic] = (),
    universal: Mapping[sp.Basic, frozenset[sp.Basic]] | None = None,
) -> list[str] | None:
    """The facts (in the order applied) after which ``expr`` has ``sign``, or None.
    ``universal`` maps a fact to the symbols it holds for every value of (see :func:`apply_fact`).

    Every order of up to :data:`MAX_FACT_DEPTH` applicable facts is tried (a fact applied early can
    hide another's term); ``Ne(e, 0)`` facts answer "nonzero" for ``e`` directly.
    """
    everywhere = universal or {}
    if sign_is(expr, sign):
        return []
    if sign == "nonzero" and any(_is_nonzero_fact(f, expr) for f in facts):
        return [f"{sp.sstr(expr)} ≠ 0 (hypothesis)"]
    usable = [f for f in facts if fact_substitution(f) is not None]
    for depth in range(1, min(MAX_FACT_DEPTH, len(usable)) + 1):
        for order in permutations(usable, depth):
            e: sp.Basic | None = expr
            for f in order:
                e = apply_fact(e, f, everywhere.get(f, _NONE)) if e is not None else None
                if e is None:
                    break
            if e is not None and sign_is(sp.expand(e) if sign != "nonzero" else e, sign):
                return [sp.sstr(f) for f in order]
    return None


def zero_under(
    expr: sp.Basic,
    facts: Sequence[sp.Basic] = (),
    universal: Mapping[sp.Basic, frozenset[sp.Basic]] | None = None,
) -> list[str] | None:
    """The equality facts (in order) after whose substitution ``expr`` is identically 0, or None.
    ``universal`` as for :func:`signed_under`."""
    everywhere = universal or {}
    if is_identically_zero(expr):
        return []
    eqs = [f for f in facts if isinstance(f, sp.Eq)]
    for depth in range(1, min(MAX_FACT_DEPTH, len(eqs)) + 1):
        for order in permutations(eqs, depth):
            e: sp.Basic | None = expr
            for f in order:
                e = apply_fact(e, f, everywhere.get(f, _NONE)) if e is not None else None
                if e is None:
                    break
            if e is not None and is_identically_zero(e):
                return [sp.sstr(f) for f in order]
    return None


def _is_nonzero_fact(fact: sp.Basic, expr: sp.Basic) -> bool:
    if not isinstance(fact, sp.Ne):
        return False
    a, b = fact.lhs, fact.rhs
    return (b == 0 and (a == expr or a == -expr)) or (a == 0 and (b == expr or b == -expr))


# ------------------------------------------------------------ substitution without capture

#: nodes that bind variables: a fact about a free p says nothing about the p a Σ_p binds
BINDERS = (sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Subs, sp.Lambda, sp.Limit)


def bound_variables(e: sp.Basic) -> frozenset[sp.Basic]:
    """The variables ``e`` itself binds (if it is a binder)."""
    if isinstance(e, (sp.Sum, sp.Product, sp.Integral)):
        return frozenset(lim[0] for lim in e.limits)
    if isinstance(e, sp.Derivative):
        return frozenset(v for v, _ in e.variable_count)
    if isinstance(e, (sp.Subs, sp.Lambda)):
        return frozenset(e.variables)
    if isinstance(e, sp.Limit):
        return frozenset({e.args[1]})
    return frozenset()


def _mentions(exprs: tuple[sp.Basic, ...], bound: frozenset[sp.Basic]) -> bool:
    """Some expression mentions a bound variable *free*: a symbol among its free symbols, or an
    application or indexed name (∂/∂b(j), ∂/∂z[j]) anywhere in it."""
    names: set[sp.Basic] = set()
    for e in exprs:
        names |= e.free_symbols
    symbols = {b for b in bound if isinstance(b, sp.Symbol)}
    others = bound - symbols
    return bool(names & symbols) or any(e.has(b) for e in exprs for b in others)


def replace_free(
    expr: sp.Basic,
    mapping: dict[sp.Basic, sp.Basic],
    universal: frozenset[sp.Basic] = frozenset(),
) -> sp.Basic:
    """``expr`` with each key replaced by its value where the key occurs *free*: never inside a
    binder (Σ, ∏, ∫, a derivative, a substitution, a limit) that binds one of the key's or the
    value's symbols — there it would mean another variable (or capture one). Symbols in
    ``universal`` (the replacement holds for every value of them) are the exception: under their
    binder the replacement is its instance at the bound variable."""
    if not mapping:
        return expr
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    bound = bound_variables(expr)
    if bound:
        # ∀x P(x) holds at the bound x too (an instance): universal symbols may cross
        inner = {k: v for k, v in mapping.items() if not _mentions((k, v), bound - universal)}
        if isinstance(expr, (sp.Sum, sp.Product, sp.Integral)):
            function = replace_free(expr.function, inner, universal)
            limits = [
                (lim[0], *(replace_free(b, inner, universal) for b in lim[1:]))
                for lim in expr.limits
            ]
            return type(expr)(function, *limits)
        if isinstance(expr, sp.Derivative):
            return sp.Derivative(replace_free(expr.expr, inner, universal), *expr.variable_count)
        if isinstance(expr, sp.Subs):
            point = [replace_free(p, mapping, universal) for p in expr.point]
            return sp.Subs(replace_free(expr.expr, inner, universal), expr.variables, point)
        if isinstance(expr, sp.Lambda):
            return sp.Lambda(expr.variables, replace_free(expr.expr, inner, universal))
        f, x, x0, *rest = expr.args  # Limit
        return sp.Limit(
            replace_free(f, inner, universal), x, replace_free(x0, mapping, universal), *rest
        )
    args = [
        replace_free(a, mapping, universal) if isinstance(a, sp.Basic) else a for a in expr.args
    ]
    if all(a is b for a, b in zip(args, expr.args, strict=True)):
        return expr
    return expr.func(*args)


def _no_capture(
    expr: sp.Basic, term: sp.Basic, value: sp.Basic, universal: frozenset[sp.Basic]
) -> bool:
    """No binder in ``expr`` binds a symbol of ``term`` or ``value`` (other than one they hold
    for every value of): SymPy's substitution, which also reaches under binders, then means the
    same as a substitution of free occurrences."""
    bound: set[sp.Basic] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, BINDERS):
            bound |= bound_variables(node)
    return not _mentions((term, value), frozenset(bound) - universal)


def has_binder(expr: sp.Basic) -> bool:
    return any(isinstance(n, BINDERS) for n in sp.preorder_traversal(expr))


def fresh_bound(expr: sp.Basic, avoid: frozenset[sp.Basic] | None = None) -> sp.Basic:
    """``expr`` with its bound variables renamed to fresh ones (α-renaming) — every one, or only
    those in ``avoid`` — so that putting it where a free symbol of the same name lives cannot
    capture it. (Renaming only where needed keeps Σ_j … equal to the Σ_j … written elsewhere.)"""
    if not expr.args or not has_binder(expr):
        return expr
    args = [fresh_bound(a, avoid) if isinstance(a, sp.Basic) else a for a in expr.args]
    e = expr.func(*args) if any(a is not b for a, b in zip(args, expr.args, strict=True)) else expr
    bound = bound_variables(e)
    if not bound or isinstance(e, sp.Derivative):
        return e  # a derivative's variable is also the point it is taken at: not renamed
    rename = {
        v: sp.Dummy(getattr(v, "name", "v"), **getattr(v, "assumptions0", {}))
        for v in bound
        if isinstance(v, sp.Symbol) and (avoid is None or v in avoid)
    }
    if not rename:
        return e
    if isinstance(e, (sp.Sum, sp.Product, sp.Integral)):
        limits = [(rename.get(lim[0], lim[0]), *lim[1:]) for lim in e.limits]
        return type(e)(e.function.xreplace(rename), *limits)
    if isinstance(e, sp.Subs):
        return sp.Subs(e.expr.xreplace(rename), [rename.get(v, v) for v in e.variables], e.point)
    if isinstance(e, sp.Lambda):
        return sp.Lambda(tuple(rename.get(v, v) for v in e.variables), e.expr.xreplace(rename))
    f, x, x0, *rest = e.args  # Limit
    return sp.Limit(f.xreplace(rename), rename.get(x, x), x0, *rest)
