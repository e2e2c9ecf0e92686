"""The rules of the trusted core: the only functions that make a :class:`Theorem`.

Each rule checks its own side conditions and raises :class:`ProofError` (naming itself) when one
fails. A theorem ``Γ ⊢ φ`` says: for every value of the free symbols allowed by their SymPy
assumptions at which every hypothesis in Γ holds, φ holds (and every expression in φ is
defined). The rules (see ``docs/explanation.md`` for the list with their side conditions):

``define``       an axiom f(x) := body that defines a new function or indexed name
``assume``       {h} ⊢ h
``identity``     ⊢ lhs = rhs: lhs − rhs simplifies to 0, after definitions and facts
``inequality``   ⊢ a ≤ b (<, ≥, >, ≠): the gap has the sign, from assumptions and facts
``chain``        a R₁ b R₂ c … ⊢ a R c: links that meet, strict when one link is strict
``cut``          a proved fact discharges the hypothesis it is
``instantiate``  a universally quantified theorem at values inside each symbol's domain
``implies``      Γ ∪ {H} ⊢ G gives Γ ⊢ H ⇒ G
``conj``/``part``  conjunction and its parts
``induction``    P(base) and P(n) ∧ n ≥ base ⇒ P(n + 1) give n ≥ base ⇒ P(n)
``substitution`` a change of variables u = g(v) with an inverse that covers u's whole domain
``only_solution`` H(x) = 0 in one real unknown whose solution set is {x₀} gives H ⇒ x = x₀
``range_split``  Σ/∏ over lo..hi = over lo..m times/plus over m+1..hi, both ranges signed
``mean_value``   F(x) − F(x₀) has the sign of F′(ξ)(x − x₀) for every ξ between them
``taylor``       |F(x) − Taylor polynomial| ≤ M|x − x₀|ⁿ⁺¹/(n+1)! from |F⁽ⁿ⁺¹⁾| ≤ M
``enclosure``    a relation between closed numbers decided with certified error bounds
``modus_ponens`` H ⇒ G and H (proved or assumed) give G

``sum_termwise`` =, ≤ or ≥ proved term by term gives it for the finite sums over lo..hi
``integral_monotone`` 0 ≤ f ≤ g at every real x gives ∫ f·w ≤ ∫ g·w for a weight w ≥ 0

Every rule that reads an expression first proves it defined on the whole domain
(:mod:`gradproof.core.domain`): no cancelled singular point, no derivative at a kink, no sum
over a range without a sign.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import Any, TypeVar

import sympy as sp
from sympy.core.function import AppliedUndef

from gradproof.core.algebra import (
    INEQUALITIES,
    Sign,
    fresh_bound,
    has_binder,
    has_sign,
    replace_free,
    signed_under,
    zero_under,
)
from gradproof.core.domain import _SMOOTH_EVERYWHERE, check_defined
from gradproof.core.theorem import Definition, ProofError, Theorem, _make

Relation = sp.Basic
RELATIONS = (sp.Eq, *INEQUALITIES)
_GAP: dict[type, tuple[Sign, bool]] = {
    # relation a R b  →  sign of (b − a) needed, and whether a and b swap
    sp.Le: ("nonnegative", False),
    sp.Lt: ("positive", False),
    sp.Ge: ("nonpositive", False),
    sp.Gt: ("negative", False),
    sp.Ne: ("nonzero", False),
}


_F = TypeVar("_F", bound=Callable[..., Theorem])


def _rule(name: str) -> Callable[[_F], _F]:
    """A rule that SymPy makes crash has proved nothing: its error becomes a refusal."""

    def wrap(fn: _F) -> _F:
        @functools.wraps(fn)
        def rule(*args: Any, **kwargs: Any) -> Theorem:
            try:
                return fn(*args, **kwargs)
            except ProofError:
                raise
            except (
                ValueError,
                TypeError,
                AttributeError,
                NotImplementedError,
                RecursionError,
            ) as exc:
                raise ProofError(
                    name,
                    f"SymPy could not carry it out ({type(exc).__name__}: "
                    f"{str(exc).strip()[:160]})",
                ) from exc

        return rule  # type: ignore[return-value]

    return wrap


def _short(e: Any, width: int = 90) -> str:
    text = sp.sstr(e)
    return text if len(text) <= width else text[: width - 1] + "…"


def _conjuncts(rel: sp.Basic) -> tuple[sp.Basic, ...]:
    return tuple(rel.args) if isinstance(rel, sp.And) else (rel,)


def _rel(kind: type, a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return kind(a, b, evaluate=False)


# ============================================================ definitions


@_rule("define")
def define(lhs: sp.Basic, rhs: sp.Basic) -> Theorem:
    """Rule **define**: the axiom ``lhs := rhs`` (⊢ lhs = rhs), e.g. ``σ(x) := 1/(1 + e^(−x))``.

    Side conditions: ``lhs`` is an undefined function applied to arguments (``σ(x)``,
    ``a(n + 1, b)``) or an indexed name (``z[k]``) — never a built-in function or a plain symbol
    (which would turn a variable into a constant); where ``rhs`` mentions what it defines, every
    such occurrence recurs on a first argument smaller by a positive integer (a recursion that
    ends). A theorem that uses the definition lists it among its axioms.
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if isinstance(lhs, AppliedUndef):
        head: Any = lhs.func
        occurrences = [f for f in rhs.atoms(AppliedUndef) if f.func == head]
        for occ in occurrences:
            step = sp.simplify(lhs.args[0] - occ.args[0])
            if not (step.is_integer and step.is_positive):
                raise ProofError(
                    "define",
                    f"{_short(lhs)} := … uses {_short(occ)}: a recursive definition must recur on"
                    " a smaller integer first argument",
                )
    elif isinstance(lhs, sp.Indexed):
        head = lhs.base
        if rhs.has(head):
            raise ProofError("define", f"{_short(lhs)} is defined in terms of {head} itself")
    else:
        raise ProofError(
            "define",
            f"can only define an undefined function applied to arguments or an indexed name,"
            f" not {type(lhs).__name__} {_short(lhs)}",
        )
    for key in _DOMAIN_KEYS:  # σ declared real: its body must be real (else ⊢ σ(x) ≥ … lies)
        if key == "real" and lhs.is_real and _real_valued(rhs):
            continue  # real wherever it is defined (each use is checked for definedness)
        if getattr(lhs, f"is_{key}", None) is True:
            stand_in = sp.Dummy("f", **{key: True})
            why = _satisfies(rhs, stand_in, ())
            if why is not None:
                raise ProofError(
                    "define",
                    f"{head} is declared {key}, but its body is not shown {key}: {why}",
                )
    d = Definition(head, lhs, rhs)
    return _make((), _rel(sp.Eq, lhs, rhs), "define", d.text(), axioms=frozenset({d}))


def _pattern_args(d: Definition) -> tuple[sp.Basic, ...]:
    return tuple(d.lhs.indices if isinstance(d.lhs, sp.Indexed) else d.lhs.args)


def parameters(axioms: Iterable[Definition]) -> frozenset[sp.Basic]:
    """The symbols fixed for the definitions (no rule may give them another value: two
    instances would contradict):

    * a symbol a body uses beyond its pattern (g(x) := x + y: y);
    * a symbol two definitions of one function share other than as the same bare argument
      (δ(L, j) := … and δ(L − m − 1, j) := …: L is the output layer, one for both — read as a
      variable of each, the two would overlap at every layer; j, the same bare argument of both,
      is a variable of each).
    """
    defs = list(axioms)
    out: set[sp.Basic] = set()
    for d in defs:
        out |= d.rhs.free_symbols - d.lhs.free_symbols
    for i, d in enumerate(defs):
        for e in defs[i + 1 :]:
            if e.head != d.head:
                continue
            da, ea = _pattern_args(d), _pattern_args(e)
            bare = {a for a, b in zip(da, ea, strict=False) if a == b and isinstance(a, sp.Symbol)}
            mine = set().union(*(a.free_symbols for a in da))
            theirs = set().union(*(a.free_symbols for a in ea))
            out |= (mine & theirs) - bare
    return frozenset(out)


def _expansion(thm: Theorem) -> tuple[Any, sp.Lambda] | None:
    """(head, Lambda) when ``thm`` is ``⊢ f(x₁, …) = body`` over distinct symbols (body free of
    f): a definition unfolded at every application."""
    p = thm.prop
    if thm.hyps or not isinstance(p, sp.Eq) or not isinstance(p.lhs, AppliedUndef):
        return None
    args = p.lhs.args
    if not all(isinstance(a, sp.Symbol) for a in args) or len(set(args)) != len(args):
        return None
    if p.rhs.has(p.lhs.func):
        return None
    return p.lhs.func, sp.Lambda(args, p.rhs)


#: the assumptions that describe a domain, most specific first (the others follow from them)
_DOMAIN_KEYS = (
    "integer",
    "rational",
    "positive",
    "negative",
    "nonnegative",
    "nonpositive",
    "nonzero",
    "even",
    "odd",
    "real",
)


#: operations that give real values from real arguments wherever they are defined
_REAL_OPERATIONS = (
    sp.Add,
    sp.Mul,
    sp.Pow,
    sp.exp,
    sp.log,
    sp.Abs,
    sp.Max,
    sp.Min,
    sp.sign,
    sp.Heaviside,
    *_SMOOTH_EVERYWHERE,
    sp.Derivative,
    sp.Subs,
    sp.Sum,
    sp.Product,
    sp.Integral,
    sp.Limit,
    sp.Tuple,
    sp.Indexed,
    sp.IndexedBase,
    sp.Idx,
)


def _real_valued(e: sp.Basic) -> bool:
    """Built from real symbols, real numbers, functions and indexed names declared real and
    operations that give real values where defined (√ of a negative, ln of a nonpositive are
    *undefined* for the core, never complex): so real wherever defined."""
    if e is sp.I or isinstance(e, sp.core.numbers.ImaginaryUnit):
        return False
    if isinstance(e, (sp.Symbol, sp.Indexed)) or e.is_Number:
        return e.is_real is True
    if isinstance(e, AppliedUndef):
        return e.is_real is True and all(_real_valued(a) for a in e.args)
    if isinstance(e, (sp.NumberSymbol, sp.Idx)):
        return True
    if isinstance(e, (sp.Sum, sp.Product, sp.Integral)):
        return _real_valued(e.function) and all(
            _real_valued(b) for lim in e.limits for b in lim[1:]
        )
    if isinstance(e, sp.Derivative):
        return _real_valued(e.expr) and all(_real_valued(v) for v, _ in e.variable_count)
    if isinstance(e, sp.Subs):
        return _real_valued(e.expr) and all(_real_valued(p) for p in e.point)
    if isinstance(e, sp.Limit):
        return _real_valued(e.args[0]) and _real_valued(e.args[2])
    if not isinstance(e, _REAL_OPERATIONS):
        return False
    return all(_real_valued(a) for a in e.args if isinstance(a, sp.Basic))


def _real_where_defined(value: sp.Basic, facts: Sequence[sp.Basic]) -> bool:
    """A value built from real symbols and real operations (√ of a nonnegative, ln of a
    positive, …) is real once it is shown defined: the definedness check is the proof."""
    if value.has(sp.I) or not all(s.is_real for s in value.free_symbols):
        return False
    try:
        check_defined([value], facts, "real")
    except ProofError:
        return False
    return True


def _satisfies(value: sp.Basic, symbol: sp.Symbol, facts: Sequence[sp.Basic]) -> str | None:
    """None when ``value`` lies in ``symbol``'s domain (its assumptions), else the reason."""
    assumptions = symbol.assumptions0
    for key in _DOMAIN_KEYS:
        if assumptions.get(key) is not True:
            continue
        if key in ("positive", "nonnegative", "negative", "nonpositive", "nonzero"):
            if signed_under(value, key, facts) is not None:  # type: ignore[arg-type]
                continue
        elif getattr(value, f"is_{key}", None) is True or (
            key == "real" and _real_where_defined(value, facts)
        ):
            continue
        return f"{_short(value)} is not known to be {key} ({symbol}'s domain)"
    return None


def _expand(
    expr: sp.Basic, defs: Sequence[tuple[Any, sp.Lambda]], facts: Sequence[sp.Basic], rule: str
) -> sp.Basic:
    """``expr`` with every application of a defined function replaced by its body — each one at
    arguments inside the definition's domain (a definition over x > 0 is not used at −1)."""
    e = sp.sympify(expr)
    for _ in range(12):
        before = e
        for head, lam in defs:
            apps = [f for f in e.atoms(AppliedUndef) if f.func == head]
            for app in apps:
                for value, sym in zip(app.args, lam.variables, strict=True):
                    why = _satisfies(value, sym, facts)
                    if why is not None:
                        raise ProofError(
                            rule, f"definition of {head} used outside its domain: {why}"
                        )
            if apps:
                e = e.xreplace({app: _apply(lam, app.args) for app in apps})
        if e == before:
            return e
    raise ProofError(rule, "the definitions do not stop unfolding")


def _apply(lam: sp.Lambda, args: tuple[sp.Basic, ...]) -> sp.Basic:
    """``lam`` at ``args``, its bound variables renamed first (F(j) := Σ_i h(i)·j at j = i is
    Σ_k h(k)·i, not Σ_i h(i)·i); a body that differentiates in its variable (σ′ := dσ/dx) is
    applied as the derivative at the point (``Subs``), never as a derivative in a number; one
    that is already a derivative at the point x (C′(x) := dC/du at u = x) takes the argument as
    its point."""
    taken = frozenset().union(*(sp.sympify(a).free_symbols for a in args))
    body = fresh_bound(lam.expr, taken)
    differentiated = {
        v for d in sp.preorder_traversal(body) if isinstance(d, sp.Derivative) for v in d.variables
    }
    if differentiated & set(lam.variables) and not all(isinstance(a, sp.Symbol) for a in args):
        return sp.Subs(body, lam.variables, args)
    return body.xreplace(dict(zip(lam.variables, args, strict=True)))


class _Context:
    """What a rule may use: hypotheses Γ, and proved theorems (facts and definitions)."""

    def __init__(self, rule: str, hyps: Iterable[sp.Basic], using: Sequence[Theorem]) -> None:
        self.rule = rule
        self.hyps = frozenset(sp.sympify(h) for h in hyps)
        for u in using:
            if not isinstance(u, Theorem):
                raise ProofError(
                    rule,
                    f"can only use proved theorems, got {type(u).__name__} {_short(u)}; prove it"
                    " first (a relation nobody proved is a hypothesis: put it in hyps=)",
                )
        self.using = tuple(using)
        self.defs = [d for d in (_expansion(u) for u in self.using) if d is not None]
        expanded_heads = {h for h, _ in self.defs}
        self.facts: list[sp.Basic] = []
        for h in self.hyps:
            self.facts.extend(_conjuncts(h))
        #: a proved fact holds for every value of its free symbols that are in none of its
        #: hypotheses and are no definition's fixed parameter: usable under their binders too
        self.universal: dict[sp.Basic, frozenset[sp.Basic]] = {}
        for u in self.using:
            if _expansion(u) is not None and u.prop.lhs.func in expanded_heads:
                continue
            fixed = parameters(u.axioms).union(*(h.free_symbols for h in u.hyps))
            for c in _conjuncts(u.prop):
                self.facts.append(c)
                if c not in self.hyps:
                    self.universal[c] = frozenset(c.free_symbols - fixed)
            self.facts.extend(u.hyps)

    def all_hyps(self) -> frozenset[sp.Basic]:
        out = set(self.hyps)
        for u in self.using:
            out |= u.hyps
        return frozenset(out)

    def expand(self, e: sp.Basic) -> sp.Basic:
        return _expand(e, self.defs, self.facts, self.rule)

    def defined(self, *exprs: sp.Basic) -> list[str]:
        return check_defined([self.expand(e) for e in exprs], self.facts, self.rule)


def _limits_by_continuity(e: sp.Basic, ctx: _Context) -> sp.Basic:
    """Every ``Limit(f, x, x₀)`` replaced by f(x₀), where f is continuous at x₀: f is built from
    functions continuous where defined, and f is defined at x₀ with strict side conditions (so
    also near x₀). Any other limit is refused."""
    from gradproof.core.domain import side_conditions

    def value(lim: sp.Limit) -> sp.Basic:
        f, x, x0 = lim.args[0], lim.args[1], lim.args[2]
        jumps = (sp.Piecewise, sp.floor, sp.ceiling, sp.sign, sp.Heaviside)
        if x0 in (sp.oo, -sp.oo) or f.has(*jumps):
            raise ProofError(ctx.rule, f"cannot evaluate {_short(lim)} (not a limit of continuity)")
        at = f.xreplace({x: x0})
        for c in side_conditions(f):
            if not c.expr.has(x):
                continue
            if c.sign == "nonnegative":
                raise ProofError(ctx.rule, f"{_short(lim)}: {c.why} is not strict near {x0}")
            if signed_under(c.expr.xreplace({x: x0}), c.sign, ctx.facts) is None:
                raise ProofError(ctx.rule, f"{_short(lim)}: at {x} = {x0}, {c.why} fails")
        return at

    limits = list(e.atoms(sp.Limit))
    return e.xreplace({lim: value(lim) for lim in limits}) if limits else e


def unfolded(prop: sp.Basic, *, using: Sequence[Theorem] = (), rule: str = "unfold") -> sp.Basic:
    """``prop`` with every definition in ``using`` unfolded in each side of each relation (the
    relations and connectives rebuilt unevaluated); applications outside a definition's domain
    are refused."""
    ctx = _Context(rule, (), using)
    return _unfold(sp.sympify(prop), ctx)


def _unfold(prop: sp.Basic, ctx: _Context) -> sp.Basic:
    if isinstance(prop, (*RELATIONS, sp.Ne)):
        return type(prop)(ctx.expand(prop.lhs), ctx.expand(prop.rhs), evaluate=False)
    if isinstance(prop, (sp.And, sp.Or, sp.Implies, sp.Not)):
        return type(prop)(*(_unfold(a, ctx) for a in prop.args))
    return prop


@_rule("unfold")
def unfold(
    thm: Theorem, prop: sp.Basic, *, hyps: Iterable[sp.Basic] = (), using: Sequence[Theorem] = ()
) -> Theorem:
    """Rule **unfold** (definitions): from ``Γ′ ⊢ φ′`` conclude ``Γ ⊢ φ`` where φ′ and Γ′ are φ
    and Γ with the definitions in ``using`` unfolded (at arguments inside their domains).

    Side condition: the premise is exactly the unfolded statement. The conclusion relies on the
    definitions (they are among its axioms)."""
    rule = "unfold"
    if not isinstance(thm, Theorem):
        raise ProofError(rule, f"the premise must be a proved theorem, got {_short(thm)}")
    ctx = _Context(rule, (), using)
    prop = sp.sympify(prop)
    hyps = frozenset(sp.sympify(h) for h in hyps)
    if thm.prop != _unfold(prop, ctx):
        raise ProofError(
            rule,
            f"the premise {_short(thm.prop)} is not {_short(prop)} with its definitions unfolded",
        )
    allowed = {_unfold(h, ctx) for h in hyps}
    extra = thm.hyps - allowed
    if extra:
        raise ProofError(rule, f"the premise depends on {_short(next(iter(extra)))}, not in Γ")
    return _make(hyps, prop, rule, "definitions unfolded", (thm, *ctx.using))


# ============================================================ identity and inequality


@_rule("assume")
def assume(h: sp.Basic) -> Theorem:
    """Rule **assume**: ``{h} ⊢ h`` for a relation h (the start of a proof under a hypothesis)."""
    h = sp.sympify(h)
    if not isinstance(h, (*RELATIONS, sp.Ne, sp.And)):
        raise ProofError("assume", f"a hypothesis must be a relation, got {_short(h)}")
    return _make({h}, h, "assume", _short(h))


@_rule("identity")
def identity(
    lhs: sp.Basic, rhs: sp.Basic, *, hyps: Iterable[sp.Basic] = (), using: Sequence[Theorem] = ()
) -> Theorem:
    """Rule **identity**: ``Γ ⊢ lhs = rhs``.

    Side conditions: both sides defined on the domain (after the definitions in ``using`` are
    unfolded, at arguments inside their domains); limits only where continuity gives them;
    ``lhs − rhs`` simplifies to exactly 0, possibly after substituting the equations among the
    hypotheses and the proved facts in ``using``.
    """
    ctx = _Context("identity", hyps, using)
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    defined = ctx.defined(lhs, rhs)
    left = _limits_by_continuity(ctx.expand(lhs), ctx)
    right = _limits_by_continuity(ctx.expand(rhs), ctx)
    used = zero_under(left - right, ctx.facts, ctx.universal)
    if used is None:
        raise ProofError("identity", f"{_short(lhs)} − ({_short(rhs)}) is not shown ≡ 0")
    detail = "difference ≡ 0" + (f" using {'; '.join(used)}" if used else "")
    if defined:
        detail += f"; defined where {', '.join(defined[:4])}{' …' if len(defined) > 4 else ''}"
    return _make(ctx.all_hyps(), _rel(sp.Eq, lhs, rhs), "identity", detail, ctx.using)


@_rule("inequality")
def inequality(
    rel: sp.Basic, *, hyps: Iterable[sp.Basic] = (), using: Sequence[Theorem] = ()
) -> Theorem:
    """Rule **inequality** (the sign of a gap): ``Γ ⊢ a ≤ b`` (``<``, ``≥``, ``>``, ``≠``).

    Side conditions: both sides defined on the domain; ``b − a`` has the sign the relation needs
    (≥ 0 for ≤, > 0 for <, …) by SymPy's assumptions, possibly after the hypotheses and proved
    facts replace a term by every value they allow (a ≤ c: a → c − μ, μ ≥ 0).
    """
    ctx = _Context("inequality", hyps, using)
    rel = sp.sympify(rel)
    if type(rel) not in _GAP:
        raise ProofError("inequality", f"not an inequality: {_short(rel)}")
    a, b = rel.lhs, rel.rhs
    ctx.defined(a, b)
    gap = _limits_by_continuity(ctx.expand(b), ctx) - _limits_by_continuity(ctx.expand(a), ctx)
    sign = _GAP[type(rel)][0]
    used = signed_under(gap, sign, ctx.facts, ctx.universal)
    if used is None:
        raise ProofError(
            "inequality", f"{_short(rel)}: the gap {_short(gap, 60)} is not shown {sign}"
        )
    detail = f"gap {sign}" + (f" using {'; '.join(used)}" if used else "")
    return _make(ctx.all_hyps(), _rel(type(rel), a, b), "inequality", detail, ctx.using)


def relation(
    rel: sp.Basic, *, hyps: Iterable[sp.Basic] = (), using: Sequence[Theorem] = ()
) -> Theorem:
    """:func:`identity` for an ``Eq``, :func:`inequality` for the others."""
    rel = sp.sympify(rel)
    if isinstance(rel, sp.Eq):
        return identity(rel.lhs, rel.rhs, hyps=hyps, using=using)
    return inequality(rel, hyps=hyps, using=using)


# ============================================================ chains, cut, instances


_DIRECTION = {sp.Eq: 0, sp.Le: 1, sp.Lt: 1, sp.Ge: -1, sp.Gt: -1}


@_rule("chain")
def chain(links: Sequence[Theorem]) -> Theorem:
    """Rule **chain** (transitivity): from ``a R₁ b``, ``b R₂ c``, … conclude ``a R z``.

    Side conditions: every link is a proved relation (=, ≤, <, ≥, >); each link starts where the
    previous ended (structurally equal); the links point one way (no ≤ with ≥); ``R`` is ``=``
    when all are, else ≤/≥, and strict (<, >) only when at least one link is strict.
    """
    if not links:
        raise ProofError("chain", "no links")
    for t in links:
        if not isinstance(t, Theorem) or type(t.prop) not in _DIRECTION:
            raise ProofError("chain", f"a link must be a proved =, ≤, <, ≥ or > relation: {t!r}")
    for prev, cur in pairwise(links):
        if prev.prop.rhs != cur.prop.lhs:
            raise ProofError(
                "chain",
                f"the links do not meet: one ends at {_short(prev.prop.rhs, 60)}, the next starts"
                f" at {_short(cur.prop.lhs, 60)}",
            )
    directions = {_DIRECTION[type(t.prop)] for t in links} - {0}
    if len(directions) > 1:
        raise ProofError("chain", "links point both ways (≤ and ≥): they compose to nothing")
    strict = any(isinstance(t.prop, (sp.Lt, sp.Gt)) for t in links)
    if not directions:
        kind: type = sp.Eq
    elif directions == {1}:
        kind = sp.Lt if strict else sp.Le
    else:
        kind = sp.Gt if strict else sp.Ge
    hyps: set[sp.Basic] = set()
    for t in links:
        hyps |= t.hyps
    prop = _rel(kind, links[0].prop.lhs, links[-1].prop.rhs)
    return _make(hyps, prop, "chain", f"{len(links)} links", tuple(links))


_WEAKER = {
    sp.Eq: (sp.Le, sp.Ge),
    sp.Lt: (sp.Le, sp.Ne),
    sp.Gt: (sp.Ge, sp.Ne),
}


@_rule("weaken")
def weaken(thm: Theorem, kind: type) -> Theorem:
    """Rule **weaken**: ``a < b`` gives ``a ≤ b`` (and ``a ≠ b``), ``a = b`` gives ``a ≤ b`` and
    ``a ≥ b``, ``a > b`` gives ``a ≥ b``. Never the other way (≤ does not give <)."""
    if not isinstance(thm, Theorem):
        raise ProofError("weaken", f"needs a proved theorem, got {_short(thm)}")
    if type(thm.prop) is kind:
        return thm
    if kind not in _WEAKER.get(type(thm.prop), ()):
        raise ProofError(
            "weaken", f"{type(thm.prop).__name__} does not give {kind.__name__}: {thm!r}"
        )
    prop = _rel(kind, thm.prop.lhs, thm.prop.rhs)
    return _make(thm.hyps, prop, "weaken", f"to {kind.__name__}", (thm,))


@_rule("cut")
def cut(fact: Theorem, thm: Theorem) -> Theorem:
    """Rule **cut** (use of a proved fact): from ``Γ₁ ⊢ A`` and ``Γ₂ ∪ {A} ⊢ B`` conclude
    ``Γ₁ ∪ Γ₂ ⊢ B``. Side condition: A is exactly a hypothesis of the second theorem."""
    for t in (fact, thm):
        if not isinstance(t, Theorem):
            raise ProofError("cut", f"both premises must be proved theorems, got {_short(t)}")
    if fact.prop not in thm.hyps:
        raise ProofError("cut", f"{_short(fact.prop)} is not a hypothesis of {thm!r}")
    hyps = fact.hyps | (thm.hyps - {fact.prop})
    return _make(hyps, thm.prop, "cut", f"discharged {_short(fact.prop, 60)}", (fact, thm))


def _bound_symbols(e: sp.Basic) -> set[sp.Basic]:
    out: set[sp.Basic] = set()
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.Derivative):
            out |= {v for v, _ in node.variable_count}
        elif isinstance(node, (sp.Sum, sp.Product, sp.Integral)):
            out |= {lim[0] for lim in node.limits}
        elif isinstance(node, (sp.Lambda, sp.Subs)):
            out |= set(node.variables)
        elif isinstance(node, sp.Limit):
            out.add(node.args[1])
    return out


def _replaced(prop: sp.Basic, mapping: dict[sp.Basic, sp.Basic]) -> sp.Basic:
    """``prop`` with the mapping applied, relations and connectives rebuilt unevaluated (the
    instance is the same statement at other terms, not SymPy's verdict on it)."""
    if isinstance(prop, (*RELATIONS, sp.Ne)):
        return type(prop)(prop.lhs.xreplace(mapping), prop.rhs.xreplace(mapping), evaluate=False)
    if isinstance(prop, (sp.And, sp.Or, sp.Implies, sp.Not)):
        return type(prop)(*(_replaced(a, mapping) for a in prop.args))
    return prop.xreplace(mapping)


@_rule("instantiate")
def instantiate(
    thm: Theorem, subs: dict[sp.Basic, sp.Basic], *, hyps: Iterable[sp.Basic] = ()
) -> Theorem:
    """Rule **instantiate** (a lemma at other terms): ``Γ[x := e] ∪ H ⊢ φ[x := e]``.

    Side conditions: each replaced ``x`` is a symbol of the theorem; each value ``e`` is defined
    and lies in x's domain (every assumption of x holds for e, from the assumptions of e's
    symbols and the hypotheses H, which the result then depends on); a symbol that the statement
    binds (a derivative's or a sum's variable) is only renamed, to a symbol or indexed name that
    does not occur in the statement yet.
    """
    if not isinstance(thm, Theorem):
        raise ProofError("instantiate", f"can only instantiate a proved theorem, got {_short(thm)}")
    mapping = {sp.sympify(k): sp.sympify(v) for k, v in subs.items()}
    extra = frozenset(sp.sympify(h) for h in hyps)
    facts = [c for h in extra for c in _conjuncts(h)]
    everything = sp.And(thm.prop, *thm.hyps) if thm.hyps else thm.prop
    free = everything.free_symbols | _bound_symbols(everything)
    bound = _bound_symbols(everything)
    fixed = parameters(thm.axioms)
    for x, e in mapping.items():
        if not isinstance(x, sp.Symbol):
            raise ProofError("instantiate", f"only symbols are instantiated, not {_short(x)}")
        if x in fixed:
            raise ProofError(
                "instantiate",
                f"{x} is a parameter of a definition the theorem relies on: it has one value, not"
                " one per instance",
            )
        captured = e.free_symbols & bound
        if captured:
            raise ProofError(
                "instantiate",
                f"the value {_short(e)} mentions {', '.join(map(str, captured))}, which the"
                " statement binds: it would be captured",
            )
        if x not in free:
            raise ProofError("instantiate", f"{x} does not occur in {thm!r}")
        check_defined([e], facts, "instantiate")
        why = _satisfies(e, x, facts)
        if why is not None:
            raise ProofError("instantiate", f"the lemma is used outside its domain: {why}")
        if x in bound and (not isinstance(e, (sp.Symbol, sp.Indexed)) or everything.has(e)):
            raise ProofError(
                "instantiate",
                f"{x} is a bound variable of the statement: it may only be renamed to a fresh"
                f" symbol, not replaced by {_short(e)}",
            )
    prop = _replaced(thm.prop, mapping)
    hyps = {_replaced(h, mapping) for h in thm.hyps}
    if prop is sp.false or sp.false in hyps:
        raise ProofError("instantiate", f"the instance evaluates to False: {_short(prop)}")
    text = ", ".join(f"{k} = {_short(v, 30)}" for k, v in mapping.items())
    kept = {h for h in hyps if h is not sp.true} | set(extra)
    return _make(kept, prop, "instantiate", text, (thm,))


# ============================================================ logic


@_rule("implies")
def implies(thm: Theorem, hyp: sp.Basic) -> Theorem:
    """Rule **implies** (⇒-introduction): from ``Γ ⊢ G`` conclude ``Γ \\ parts(H) ⊢ H ⇒ G``.

    The hypothesis H (a relation or a conjunction of relations) is discharged from the
    theorem's hypotheses; the conclusion was proved with H's parts as assumptions, never by
    solving H for one variable.
    """
    if not isinstance(thm, Theorem):
        raise ProofError("implies", f"the premise must be a proved theorem, got {_short(thm)}")
    hyp = sp.sympify(hyp)
    for h in _conjuncts(hyp):
        if not isinstance(h, (*RELATIONS, sp.Ne)):
            raise ProofError("implies", f"a hypothesis must be a relation, got {_short(h)}")
    prop = sp.Implies(hyp, thm.prop)
    if not isinstance(prop, sp.Implies):
        raise ProofError("implies", f"SymPy evaluated the implication to {prop}")
    hyps = thm.hyps - set(_conjuncts(hyp)) - {hyp}
    return _make(hyps, prop, "implies", f"under {_short(hyp, 60)}", (thm,))


@_rule("conj")
def conj(*thms: Theorem) -> Theorem:
    """Rule **conj**: from ``Γᵢ ⊢ φᵢ`` conclude ``⋃Γᵢ ⊢ φ₁ ∧ φ₂ ∧ …``."""
    if not thms or not all(isinstance(t, Theorem) for t in thms):
        raise ProofError("conj", "needs proved theorems")
    hyps: set[sp.Basic] = set()
    for t in thms:
        hyps |= t.hyps
    prop = sp.And(*(t.prop for t in thms)) if len(thms) > 1 else thms[0].prop
    return _make(hyps, prop, "conj", f"{len(thms)} parts", tuple(thms))


@_rule("part")
def part(thm: Theorem, which: sp.Basic) -> Theorem:
    """Rule **part** (∧-elimination): from ``Γ ⊢ φ₁ ∧ …`` conclude ``Γ ⊢ φᵢ``."""
    if not isinstance(thm, Theorem):
        raise ProofError("part", f"needs a proved theorem, got {_short(thm)}")
    if which not in _conjuncts(thm.prop):
        raise ProofError("part", f"{_short(which)} is not a part of {_short(thm.prop)}")
    return _make(thm.hyps, which, "part", _short(which, 60), (thm,))


# ============================================================ induction


@_rule("induction")
def induction(
    var: sp.Symbol,
    base: sp.Basic,
    P: Callable[[sp.Basic], sp.Basic],
    base_case: Theorem,
    step: Theorem,
) -> Theorem:
    """Rule **induction** on the integer ``var`` from ``base``: ``Γ ⊢ var ≥ base ⇒ P(var)``
    (plain ``P(var)`` when var's assumptions already give var ≥ base).

    Side conditions: ``var`` is an integer symbol and ``base`` an integer not mentioning it;
    every ``base + m`` (m = 0, 1, …) lies in var's domain (so the step, proved for var's domain,
    reaches every value from the base on); ``base_case`` proves exactly ``P(base)``; ``step``
    proves exactly ``P(var + 1)`` from hypotheses among ``P(var)``, ``var ≥ base`` and the
    context Γ; Γ does not mention ``var``.
    """
    rule = "induction"
    if not isinstance(var, sp.Symbol) or var.is_integer is not True:
        raise ProofError(rule, f"the induction variable {var} must be an integer symbol")
    base = sp.sympify(base)
    if base.is_integer is not True or base.has(var):
        raise ProofError(rule, f"the base {base} must be an integer not mentioning {var}")
    m = sp.Dummy("m", integer=True, nonnegative=True)
    why = _satisfies(base + m, var, ())
    if why is not None:
        raise ProofError(
            rule,
            f"{var}'s domain does not contain every integer from the base {base} on ({why}): the"
            " step would not reach all of them",
        )
    goal_base, ih, goal_step = P(base), P(var), P(var + 1)
    ge = _rel(sp.Ge, var, base)
    for t, goal, name in ((base_case, goal_base, "base case"), (step, goal_step, "step")):
        if not isinstance(t, Theorem):
            raise ProofError(rule, f"the {name} must be a proved theorem, got {_short(t)}")
        if t.prop != goal:
            raise ProofError(
                rule, f"the {name} proves {_short(t.prop)}, not {_short(goal)} (P({name}))"
            )
    if var in parameters(base_case.axioms | step.axioms):
        raise ProofError(rule, f"{var} is a parameter of a definition used: it is fixed there")
    context = (step.hyps - {ih, ge}) | base_case.hyps
    if any(h.has(var) for h in context):
        bad = next(h for h in context if h.has(var))
        raise ProofError(
            rule,
            f"the step uses {_short(bad)}, which is neither P({var}) nor {var} ≥ {base} nor a"
            " hypothesis free of the induction variable",
        )
    already = has_sign(sp.sympify(var - base), "nonnegative")
    prop = ih if already else sp.Implies(ge, ih)
    return _make(context, prop, rule, f"on {var} from {base}", (base_case, step))


# ============================================================ change of variables


def substituted(expr: sp.Basic, target: sp.Basic, value: sp.Basic) -> sp.Basic:
    """``expr`` with ``target`` replaced by ``value`` (exactly for a symbol, else SymPy's
    algebraic ``subs``, which also turns e^(−2z) into t² for t = e^(−z)). Relations and their
    connectives are rebuilt unevaluated, so the result is still the statement, not SymPy's
    verdict on it."""
    if isinstance(expr, (*RELATIONS, sp.Ne)):
        lhs, rhs = (substituted(a, target, value) for a in expr.args)
        return type(expr)(lhs, rhs, evaluate=False)
    if isinstance(expr, (sp.And, sp.Or, sp.Implies, sp.Not)):
        return type(expr)(*(substituted(a, target, value) for a in expr.args))
    if isinstance(target, sp.Symbol) or has_binder(expr):
        return replace_free(expr, {target: value})
    return expr.subs(target, value)


@_rule("substitution")
def substitution(
    thm: Theorem,
    prop: sp.Basic,
    target: sp.Basic,
    value: sp.Basic,
    var: sp.Symbol,
    inverse: sp.Basic,
    *,
    hyps: Iterable[sp.Basic] = (),
    using: Sequence[Theorem] = (),
) -> Theorem:
    """Rule **substitution** (a change of variables u = g(v)): from ``Γ[u := g(v)] ⊢ φ[u := g(v)]``
    for every v in v's domain, conclude ``Γ ⊢ φ``.

    ``target`` is u (a symbol, or a term such as e^(−z)), ``value`` is g(v), ``inverse`` is h(u):
    the value of v written in the statement's terms (e.g. ``exp(-z)`` for t = e^(−z)). Side
    conditions (onto-ness, proved on Γ's domain): h(u) lies in v's domain, and g(h(u)) = u; v is
    fresh. Then every value of u is g of some admissible v, so the
    statement in v covers the whole domain of u (a rewrite that covers only part of it — e^(−z) =
    1 + t with t > 0 — is refused).
    """
    rule = "substitution"
    if not isinstance(thm, Theorem):
        raise ProofError(rule, f"the premise must be a proved theorem, got {_short(thm)}")
    hyps = frozenset(sp.sympify(h) for h in hyps)
    prop = sp.sympify(prop)
    target, value, inverse = sp.sympify(target), sp.sympify(value), sp.sympify(inverse)
    if not isinstance(var, sp.Symbol) or prop.has(var) or any(h.has(var) for h in hyps):
        raise ProofError(rule, f"the new variable {var} must be a symbol not in the statement")
    if target.free_symbols & parameters(thm.axioms):
        raise ProofError(rule, f"{_short(target)} is a parameter of a definition: it is fixed")
    expected = substituted(prop, target, value)
    if thm.prop != expected:
        raise ProofError(
            rule,
            f"the premise proves {_short(thm.prop)}, not the statement rewritten with "
            f"{_short(target)} = {_short(value)}: {_short(expected)}",
        )
    allowed = {substituted(h, target, value) for h in hyps}
    extra = thm.hyps - allowed
    if extra:
        raise ProofError(rule, f"the premise depends on {_short(next(iter(extra)))}, not in Γ")
    ctx = _Context(rule, hyps, using)
    if inverse.has(var):
        raise ProofError(rule, f"the inverse {_short(inverse)} must be written without {var}")
    at = inverse
    ctx.defined(at)
    why = _satisfies(at, var, ctx.facts)
    if why is not None:
        raise ProofError(
            rule,
            f"{_short(target)} = {_short(value)} does not cover the domain: the inverse "
            f"{_short(at)} is not shown in {var}'s domain ({why})",
        )
    back = value.xreplace({var: at})
    ctx.defined(back)
    if zero_under(back - target, ctx.facts, ctx.universal) is None:
        raise ProofError(
            rule, f"g(h(u)) = {_short(back)} is not shown equal to {_short(target)}: not an inverse"
        )
    detail = f"{_short(target)} = {_short(value)}, {var} = {_short(at)} covers the domain"
    return _make(hyps | ctx.all_hyps(), prop, rule, detail, (thm, *ctx.using))


# ============================================================ equality only at a point


def _real_domain(x: sp.Symbol) -> sp.Set:
    if x.is_integer:
        raise ProofError("only_solution", f"{x} is an integer: solving over the reals is wrong")
    if x.is_real is not True:
        raise ProofError("only_solution", f"{x} must be a real symbol")
    if x.is_positive:
        return sp.Interval.open(0, sp.oo)
    if x.is_nonnegative:
        return sp.Interval(0, sp.oo)
    if x.is_negative:
        return sp.Interval.open(-sp.oo, 0)
    if x.is_nonpositive:
        return sp.Interval(-sp.oo, 0)
    return sp.S.Reals


@_rule("only_solution")
def only_solution(
    hyp: sp.Basic, x: sp.Symbol, x0: sp.Basic, *, using: Sequence[Theorem] = ()
) -> Theorem:
    """Rule **only_solution**: ``⊢ H ⇒ x = x₀`` for an equation H in the single unknown x.

    Side conditions: after the definitions are unfolded, H mentions no symbol but x (so it is
    never "solved for x" while other variables are ignored); H is defined on x's domain;
    SymPy's ``solveset`` over x's real domain returns a finite set whose every element equals
    x₀; and x₀ does solve H (a consistency check of the solver).
    """
    rule = "only_solution"
    ctx = _Context(rule, (), using)
    hyp, x0 = sp.sympify(hyp), sp.sympify(x0)
    if not isinstance(hyp, sp.Eq) or not isinstance(x, sp.Symbol):
        raise ProofError(rule, "needs an equation and a symbol")
    expanded = ctx.expand(hyp.lhs) - ctx.expand(hyp.rhs)
    others = expanded.free_symbols - {x}
    if others:
        raise ProofError(
            rule,
            f"the hypothesis {_short(hyp)} also depends on {', '.join(map(str, others))}: solving"
            f" it for {x} alone ignores them",
        )
    ctx.defined(hyp.lhs, hyp.rhs)
    sols = sp.solveset(expanded, x, domain=_real_domain(x))
    if not isinstance(sols, sp.FiniteSet):
        raise ProofError(rule, f"the solution set {sols} is not a finite set SymPy could list")
    if not all(zero_under(s - x0) is not None for s in sols):
        raise ProofError(rule, f"{_short(hyp)} has the solutions {sols}, not only {x0}")
    if zero_under(expanded.xreplace({x: x0})) is None:
        raise ProofError(rule, f"{x} = {x0} does not solve {_short(hyp)}")
    prop = sp.Implies(hyp, _rel(sp.Eq, x, x0))
    return _make(ctx.all_hyps(), prop, rule, f"solutions in {x}: {sols}", ctx.using)


# ============================================================ sums and products


@_rule("range_split")
def range_split(expr: sp.Basic, at: sp.Basic, *, hyps: Iterable[sp.Basic] = ()) -> Theorem:
    """Rule **range_split**: ``⊢ ∏_{k=lo}^{hi} f = ∏_{k=lo}^{at} f · ∏_{k=at+1}^{hi} f`` (and
    the same for Σ with +). Side condition: all three ranges have a sign (lo − 1 ≤ at ≤ hi)
    on the domain."""
    rule = "range_split"
    ctx = _Context(rule, hyps, ())
    if not isinstance(expr, (sp.Sum, sp.Product)) or len(expr.limits) != 1:
        raise ProofError(rule, f"needs a Σ or ∏ over one index, got {_short(expr)}")
    f, (k, lo, hi) = expr.function, expr.limits[0]
    cls = type(expr)
    left, right = cls(f, (k, lo, at)), cls(f, (k, at + 1, hi))
    ctx.defined(expr, left, right)
    join = sp.Add if cls is sp.Sum else sp.Mul
    whole = join(left, right, evaluate=False)
    return _make(ctx.all_hyps(), _rel(sp.Eq, expr, whole), rule, f"at {at}")


# ============================================================ calculus


def _segment_point(x: sp.Basic, x0: sp.Basic) -> tuple[sp.Basic, sp.Symbol]:
    theta = sp.Dummy("θ", positive=True)
    return x0 + theta * (x - x0), theta


@_rule("mean_value")
def mean_value(
    F: sp.Lambda,
    x: sp.Basic,
    x0: sp.Basic,
    sign: Sign,
    *,
    hyps: Iterable[sp.Basic] = (),
    using: Sequence[Theorem] = (),
) -> Theorem:
    """Rule **mean_value**: ``Γ ⊢ F(x) − F(x₀) ⋈ 0`` (``sign`` nonnegative or nonpositive).

    Side conditions: F′(ξ)(x − x₀) has the sign for every ξ = x₀ + θ(x − x₀), θ ∈ (0, 1)
    (checked with θ a positive symbol and θ < 1 a hypothesis), and F′ is defined at every such ξ
    and F at x and x₀ (F differentiable on the segment). Then by the mean value theorem
    F(x) − F(x₀) = F′(ξ)(x − x₀) for some such ξ, which has the sign.
    """
    rule = "mean_value"
    if sign not in ("nonnegative", "nonpositive"):
        raise ProofError(rule, f"the mean value rule gives ≥ 0 or ≤ 0, not {sign}")
    if not isinstance(F, sp.Lambda) or len(F.variables) != 1:
        raise ProofError(rule, "F must be a Lambda of one variable")
    xi, theta = _segment_point(sp.sympify(x), sp.sympify(x0))
    below_one = _rel(sp.Lt, theta, 1)
    ctx = _Context(rule, (*hyps, below_one), using)
    (u,) = F.variables
    ctx.defined(F(x), F(x0), sp.Subs(sp.Derivative(F.expr, u), u, xi))
    slope = ctx.expand(sp.diff(F.expr, u)).xreplace({u: xi}) * (x - x0)
    used = signed_under(slope, sign, ctx.facts, ctx.universal)
    if used is None:
        raise ProofError(rule, f"F′(ξ)(x − x₀) = {_short(slope, 60)} is not shown {sign}")
    kind = sp.Ge if sign == "nonnegative" else sp.Le
    prop = _rel(kind, F(x) - F(x0), 0)
    hyps_out = ctx.all_hyps() - {below_one}
    if any(h.has(theta) for h in hyps_out):
        raise ProofError(rule, "a hypothesis mentions the intermediate point")
    return _make(hyps_out, prop, rule, f"ξ = {_short(xi, 40)}", ctx.using)


@_rule("taylor")
def taylor(
    F: sp.Lambda,
    x: sp.Basic,
    x0: sp.Basic,
    n: int,
    bound: Theorem,
    *,
    hyps: Iterable[sp.Basic] = (),
    using: Sequence[Theorem] = (),
) -> Theorem:
    """Rule **taylor** (Taylor–Lagrange): ``Γ ⊢ |F(x) − Σ_{k≤n} F⁽ᵏ⁾(x₀)(x − x₀)ᵏ/k!| ≤
    M|x − x₀|ⁿ⁺¹/(n + 1)!`` from ``bound``: ``⊢ |G(ξ)| ≤ M`` for every real ξ, where G is
    F⁽ⁿ⁺¹⁾ (checked: G − F⁽ⁿ⁺¹⁾ ≡ 0) and ξ a real symbol M does not mention.

    Side conditions: F⁽ⁿ⁺¹⁾ is defined for every real argument (F is n + 1 times differentiable
    on the whole line, so on the segment); the bound is closed over ξ (no hypothesis on it).
    """
    rule = "taylor"
    if not isinstance(F, sp.Lambda) or len(F.variables) != 1:
        raise ProofError(rule, "F must be a Lambda of one variable")
    if not isinstance(bound, Theorem) or not isinstance(bound.prop, sp.Le):
        raise ProofError(rule, "the bound must be a proved |F⁽ⁿ⁺¹⁾(ξ)| ≤ M")
    ctx = _Context(rule, hyps, (*using, bound))
    (u,) = F.variables
    g = bound.prop.lhs
    if not isinstance(g, sp.Abs):
        if not has_sign(g, "nonnegative"):  # a constant such as |1| = 1 is its own modulus
            raise ProofError(rule, "the bound's left side must be |F⁽ⁿ⁺¹⁾(ξ)|")
        g = sp.Abs(g, evaluate=False)
    free = g.free_symbols - F.expr.free_symbols
    if len(free) > 1:
        raise ProofError(rule, "the bound must be in one new real variable ξ (or constant)")
    xi = next(iter(free)) if free else sp.Dummy("ξ", real=True)
    if xi.is_real is not True or any(
        xi.assumptions0.get(key) for key in ("positive", "negative", "nonnegative", "nonpositive")
    ):
        raise ProofError(rule, f"{xi} must range over all reals")
    if any(h.has(xi) for h in bound.hyps) or bound.prop.rhs.has(xi) or bound.hyps:
        raise ProofError(rule, "the bound must hold for every ξ, unconditionally, with M free of ξ")
    high = sp.diff(F.expr, u, n + 1).xreplace({u: xi})
    ctx.defined(sp.Subs(sp.Derivative(F.expr, (u, n + 1)), u, xi))
    if zero_under(ctx.expand(g.args[0]) - ctx.expand(high)) is None:
        raise ProofError(rule, f"the bound is not about F⁽{n + 1}⁾: {_short(g)}")
    terms = (
        sp.diff(F.expr, u, k).xreplace({u: x0}) * (x - x0) ** k / sp.factorial(k)
        for k in range(n + 1)
    )
    poly = sum(terms, sp.Integer(0))
    ctx.defined(F(x), poly)
    M = bound.prop.rhs
    prop = _rel(sp.Le, sp.Abs(F(x) - poly), M * sp.Abs(x - x0) ** (n + 1) / sp.factorial(n + 1))
    return _make(ctx.all_hyps(), prop, rule, f"order {n} at {_short(x0, 30)}", ctx.using)


# ============================================================ numbers


@_rule("enclosure")
def enclosure(rel: sp.Basic, digits: Sequence[int] = (30, 60, 120)) -> Theorem:
    """Rule **enclosure**: ``⊢ a R b`` for closed numbers a, b (no free symbols), decided by
    SymPy's ``evalf`` with ``strict=True`` (its error bounds guarantee every digit returned) at
    rising precision: the relation holds when a − b is away from 0 by more than the error bound.
    Side condition: both sides defined; an exact tie (a − b ≡ 0) is decided only for ≤, ≥, =.
    """
    rule = "enclosure"
    rel = sp.sympify(rel)
    if type(rel) not in (*RELATIONS, sp.Ne) or rel.free_symbols:
        raise ProofError(rule, f"needs a relation between closed numbers, got {_short(rel)}")
    check_defined([rel.lhs, rel.rhs], (), rule)
    gap = sp.sympify(rel.rhs - rel.lhs).doit()
    # evaluate first: a gap away from 0 needs no (possibly slow) exact simplification
    for d in digits:
        try:
            value = sp.N(gap, d, strict=True)
        except Exception:
            continue
        if value == 0 or not value.is_real:
            continue
        if isinstance(rel, sp.Eq):
            raise ProofError(rule, f"{_short(rel)} is false: the sides differ by {sp.N(value, 6)}")
        positive = bool(value > 0)
        need = {sp.Le: True, sp.Lt: True, sp.Ge: False, sp.Gt: False}
        if isinstance(rel, sp.Ne) or positive == need[type(rel)]:
            return _make((), rel, rule, f"gap {sp.N(value, 6)} with {d} certified digits")
        raise ProofError(rule, f"{_short(rel)} is false: the gap is {sp.N(value, 6)}")
    if zero_under(gap) is not None:  # no precision separates the sides: are they equal?
        if isinstance(rel, (sp.Eq, sp.Le, sp.Ge)):
            return _make((), rel, rule, "both sides equal exactly")
        raise ProofError(rule, f"{_short(rel)}: the two sides are equal")
    raise ProofError(rule, f"{_short(rel)}: no precision up to {digits[-1]} digits decides it")


# ============================================================ ⇒-elimination


def modus_ponens(implication: Theorem, premise: Theorem) -> Theorem:
    """Rule **modus_ponens** (⇒-elimination): from ``Γ₁ ⊢ H ⇒ G`` and ``Γ₂ ⊢ H`` conclude
    ``Γ₁ ∪ Γ₂ ⊢ G``.

    The counterpart of :func:`implies`: a lemma proved as an implication (an induction's
    ``n ≥ base ⇒ P(n)``, a statement with its premises inside) is used where its premise is
    proved — or assumed, with :func:`assume`, so that the premise stays a hypothesis of the
    result until :func:`implies` or :func:`cut` discharges it.

    Side conditions: both premises are proved theorems; the first proves an implication
    ``H ⇒ G``; the second proves exactly ``H`` (structurally equal: ``a ≤ b`` does not stand for
    ``a < b``, nor one conjunct for the whole conjunction). Sound: wherever every member of
    Γ₁ ∪ Γ₂ holds, H holds and H ⇒ G holds, so G holds.
    """
    rule = "modus_ponens"
    for name, t in (("implication", implication), ("premise", premise)):
        if not isinstance(t, Theorem):
            raise ProofError(rule, f"the {name} must be a proved theorem, got {_short(t)}")
    if not isinstance(implication.prop, sp.Implies):
        raise ProofError(rule, f"{_short(implication.prop)} is not an implication H ⇒ G")
    hyp, goal = implication.prop.args
    if premise.prop != hyp:
        raise ProofError(
            rule,
            f"the premise proves {_short(premise.prop)}, not the implication's hypothesis "
            f"{_short(hyp)}",
        )
    hyps = implication.hyps | premise.hyps
    return _make(hyps, goal, rule, f"from {_short(hyp, 60)}", (implication, premise))


# ============================================================ absolute values


def _bound_pair(thm: Theorem, which: str) -> tuple[sp.Basic, sp.Basic, bool]:
    """``(small, big, strict)`` of a proved ``small ≤ big`` (or ``<``, ``≥``, ``>`` read the
    other way round)."""
    p = thm.prop
    if isinstance(p, (sp.Le, sp.Lt)):
        return p.lhs, p.rhs, isinstance(p, sp.Lt)
    if isinstance(p, (sp.Ge, sp.Gt)):
        return p.rhs, p.lhs, isinstance(p, sp.Gt)
    raise ProofError("abs_bound", f"the {which} premise must be an inequality, got {_short(p)}")


def abs_bound(lower: Theorem, upper: Theorem) -> Theorem:
    """Rule **abs_bound** (a two-sided bound is a bound on the absolute value): from
    ``Γ₁ ⊢ −M ≤ G`` and ``Γ₂ ⊢ G ≤ M`` conclude ``Γ₁ ∪ Γ₂ ⊢ |G| ≤ M`` (``<`` when both premises
    are strict).

    The mathematics: |G| is G or −G; G ≤ M by the second premise and −G ≤ M by the first, so
    |G| ≤ M wherever both hold (and M ≥ |G| ≥ 0 follows, it is not assumed). G is defined wherever
    Γ₁ ∪ Γ₂ holds because the premises were proved. Side conditions: both premises are proved
    theorems; the first reads ``L ≤ G`` (or ``G ≥ L``), the second ``G ≤ M`` (or ``M ≥ G``); the
    two G are the same expression (structurally); and the bounds are exact negatives, L + M ≡ 0.
    """
    rule = "abs_bound"
    for t, which in ((lower, "lower"), (upper, "upper")):
        if not isinstance(t, Theorem):
            raise ProofError(rule, f"the {which} premise must be a proved theorem, got {_short(t)}")
    low, g, strict_low = _bound_pair(lower, "lower")
    g2, high, strict_high = _bound_pair(upper, "upper")
    if g != g2:
        raise ProofError(
            rule,
            f"the premises bound different expressions: {_short(g, 60)} from below, "
            f"{_short(g2, 60)} from above",
        )
    if zero_under(sp.sympify(low + high)) is None:
        raise ProofError(
            rule,
            f"the bounds {_short(low, 40)} and {_short(high, 40)} are not negatives of each other:"
            " |G| ≤ M needs −M ≤ G and G ≤ M",
        )
    kind = sp.Lt if strict_low and strict_high else sp.Le
    prop = _rel(kind, sp.Abs(g), high)
    return _make(
        lower.hyps | upper.hyps,
        prop,
        rule,
        f"−{_short(high, 30)} ≤ G ≤ {_short(high, 30)}",
        (lower, upper),
    )


# ============================================================ finite sums term by term


def _range_hypothesis(h: sp.Basic, k: sp.Symbol, lo: sp.Basic, hi: sp.Basic) -> bool:
    """``h`` says ``lo ≤ k`` or ``k ≤ hi`` (in any of the four ways of writing it)."""
    forms = {
        sp.Ge(k, lo, evaluate=False),
        sp.Le(lo, k, evaluate=False),
        sp.Le(k, hi, evaluate=False),
        sp.Ge(hi, k, evaluate=False),
    }
    return h in forms


@_rule("sum_termwise")
def sum_termwise(
    thm: Theorem,
    index: sp.Symbol,
    lo: sp.Basic,
    hi: sp.Basic,
    *,
    hyps: Iterable[sp.Basic] = (),
    using: Sequence[Theorem] = (),
) -> Theorem:
    """Rule **sum_termwise** (finite sums term by term): from ``Γ ∪ R ⊢ f(k) ⋈ g(k)`` conclude
    ``Γ ⊢ Σ_{k=lo}^{hi} f(k) ⋈ Σ_{k=lo}^{hi} g(k)``, for ⋈ one of =, ≤, ≥.

    ``R`` holds only range hypotheses of the index, ``lo ≤ k`` and ``k ≤ hi`` (written
    ``k ≥ lo``, ``lo ≤ k``, ``k ≤ hi`` or ``hi ≥ k``); the rule discharges them. Side conditions:
    k is an integer symbol and lo, hi integers that do not mention it; every integer
    lo, lo + 1, … lies in k's domain (its assumptions, with Γ); the range has a sign,
    hi − lo + 1 ≥ 0, on Γ's domain (so both sums are defined); no other hypothesis in Γ mentions
    k, and no definition the theorem relies on has k as a free parameter of its body (either
    would make the theorem about one k, not about every term). Strict relations are refused (an
    empty range gives 0 = 0, never 0 < 0).

    Then, for every value of the other symbols at which Γ holds, each term k = lo … hi satisfies
    f(k) ⋈ g(k) (k is in its domain and R holds), and a finite sum of such terms does too.

    ``hyps``: more hypotheses for the conclusion (none may mention k); ``using``: closed
    theorems (definitions such as σ's) with which the sums are shown defined.
    """
    rule = "sum_termwise"
    if not isinstance(thm, Theorem):
        raise ProofError(rule, f"the premise must be a proved theorem, got {_short(thm)}")
    if not isinstance(index, sp.Symbol) or index.is_integer is not True:
        raise ProofError(rule, f"the index {index} must be an integer symbol")
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    for end in (lo, hi):
        if end.is_integer is not True or end.has(index):
            raise ProofError(rule, f"the bound {end} must be an integer not mentioning {index}")
    prop = thm.prop
    if type(prop) not in (sp.Eq, sp.Le, sp.Ge):
        raise ProofError(
            rule,
            f"{_short(prop)} is not an =, ≤ or ≥ relation (a strict inequality does not survive"
            " an empty range)",
        )
    context = {h for h in thm.hyps if not _range_hypothesis(h, index, lo, hi)}
    bad = [h for h in context if h.has(index)]
    if bad:
        raise ProofError(
            rule,
            f"the premise depends on {_short(bad[0])}, which mentions {index} but is not a range"
            f" hypothesis {lo} ≤ {index} or {index} ≤ {hi}",
        )
    for d in thm.axioms:
        if index in d.rhs.free_symbols - d.lhs.free_symbols:
            raise ProofError(
                rule, f"the definition {d.text()} has {index} as a free parameter of its body"
            )
    extra = {sp.sympify(h) for h in hyps}
    if any(h.has(index) for h in extra):
        bad = [h for h in extra if h.has(index)]
        raise ProofError(rule, f"the hypothesis {_short(bad[0])} mentions the index {index}")
    context |= extra
    ctx = _Context(rule, context, using)
    if any(u.hyps for u in ctx.using):
        raise ProofError(rule, "the theorems used to show the sums defined must be closed")
    facts = ctx.facts
    m = sp.Dummy("m", integer=True, nonnegative=True)
    why = _satisfies(lo + m, index, facts)
    if why is not None:
        raise ProofError(
            rule, f"the range from {lo} leaves {index}'s domain ({why}): not every term is covered"
        )
    left = sp.Sum(prop.lhs, (index, lo, hi))
    right = sp.Sum(prop.rhs, (index, lo, hi))
    ctx.defined(left, right)
    out = _rel(type(prop), left, right)
    detail = f"{index} = {_short(lo, 20)} … {_short(hi, 20)}"
    return _make(context, out, rule, detail, (thm, *ctx.using))


# ============================================================ integrals


def _whole_real_line(x: sp.Symbol) -> bool:
    """``x`` is a real symbol with no other assumption: a theorem about it holds at every real."""
    if not isinstance(x, sp.Symbol) or x.is_real is not True:
        return False
    narrower = ("positive", "negative", "nonnegative", "nonpositive", "zero", "integer", "nonzero")
    return all(getattr(x, f"is_{a}") is None for a in narrower)


@_rule("integral_monotone")
def integral_monotone(
    lower: Theorem,
    upper: Theorem,
    var: sp.Symbol,
    weight: sp.Basic,
    lo: sp.Basic = -sp.oo,
    hi: sp.Basic = sp.oo,
    *,
    using: Sequence[Theorem] = (),
) -> Theorem:
    """Rule **integral_monotone** (monotonicity of the integral of nonnegative functions): from
    ``⊢ 0 ≤ f(x)`` and ``⊢ f(x) ≤ g(x)``, conclude
    ``⊢ ∫_{lo}^{hi} f(x) w(x) dx ≤ ∫_{lo}^{hi} g(x) w(x) dx``.

    Side conditions: both premises closed (no hypotheses), about the same f; x a real symbol with
    no narrower assumption (so the premises hold at every real x, the whole range included), no
    definition the premises rely on has x as a free parameter of its body; the weight w is
    defined on the real line and w(x) ≥ 0 by its sign alone; lo, hi do not mention x and
    hi − lo ≥ 0 (or an end is infinite). Then f·w and g·w are nonnegative functions defined
    everywhere (built from functions continuous where defined, so measurable), their integrals
    exist in [0, ∞], and the integral is monotone: the conclusion holds in the extended reals,
    and as real numbers whenever the right side is finite.

    ``using``: closed theorems (definitions) with which the weight is shown defined.
    """
    rule = "integral_monotone"
    for thm in (lower, upper):
        if not isinstance(thm, Theorem):
            raise ProofError(rule, f"the premises must be proved theorems, got {_short(thm)}")
        if thm.hyps:
            raise ProofError(rule, f"the premise {_short(thm.prop)} still has hypotheses")
    if not _whole_real_line(var):
        raise ProofError(
            rule, f"the variable {var} must be a real symbol with no narrower assumption"
        )
    low = lower.prop
    if isinstance(low, sp.Ge):
        low = sp.Le(low.rhs, low.lhs, evaluate=False)
    if not (isinstance(low, sp.Le) and low.lhs == 0):
        raise ProofError(rule, f"the first premise must be 0 ≤ f, got {_short(lower.prop)}")
    f = low.rhs
    up = upper.prop
    if isinstance(up, sp.Ge):
        up = sp.Le(up.rhs, up.lhs, evaluate=False)
    if not (isinstance(up, sp.Le) and up.lhs == f):
        raise ProofError(
            rule, f"the second premise must be {_short(f)} ≤ g, got {_short(upper.prop)}"
        )
    g = up.rhs
    for thm in (lower, upper):
        for d in thm.axioms:
            if var in d.rhs.free_symbols - d.lhs.free_symbols:
                raise ProofError(
                    rule, f"the definition {d.text()} has {var} as a free parameter of its body"
                )
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    if lo.has(var) or hi.has(var):
        raise ProofError(rule, f"the ends {lo}, {hi} must not mention {var}")
    if not (lo == -sp.oo or hi == sp.oo) and signed_under(hi - lo, "nonnegative") is None:
        raise ProofError(rule, f"the range {lo} … {hi} is not shown to have hi ≥ lo")
    weight = sp.sympify(weight)
    ctx = _Context(rule, (), using)
    if any(u.hyps for u in ctx.using):
        raise ProofError(rule, "the theorems used to show the weight defined must be closed")
    ctx.defined(weight)
    if signed_under(ctx.expand(weight), "nonnegative") is None:
        raise ProofError(rule, f"the weight {_short(weight)} is not shown ≥ 0")
    left = sp.Integral(f * weight, (var, lo, hi))
    right = sp.Integral(g * weight, (var, lo, hi))
    detail = f"∫ over {var} from {_short(lo, 20)} to {_short(hi, 20)}, weight {_short(weight, 40)}"
    out = sp.Le(left, right, evaluate=False)
    return _make((), out, rule, detail, (lower, upper, *ctx.using))
