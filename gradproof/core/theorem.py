"""The type of proved statements: a :class:`Theorem` ``Γ ⊢ φ`` that only the core's rules make.

A theorem holds a proposition ``prop`` (a SymPy relation or Boolean: ``Eq``, ``Le``, ``And``,
``Implies`` …, universally quantified over its free symbols, whose SymPy assumptions are their
domain), the hypotheses ``hyps`` it still depends on (a sequent Γ ⊢ φ: φ holds wherever every
member of Γ holds), the :class:`Definition` objects it relies on (``axioms``), the name of the
rule that made it and the theorems it was made from.

HOL Light's ``thm`` can only be built by its primitive rules; here the constructor demands a
private key that only :mod:`gradproof.core.rules` holds, so code outside the core can *propose*
(a search, a derivation, a heuristic) but cannot *conclude*. Python cannot stop a determined
forger (``object.__new__``); the key stops accidents, and the kernel's tests check that every
"proved" in the package carries a theorem made by a named rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy as sp

_KEY = object()


class ProofError(Exception):
    """A rule refused: its side condition or its premise does not hold.

    ``rule`` names the rule (e.g. ``"identity"``, ``"induction"``); the message says which
    condition failed, so a refusal always names the failing rule.
    """

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        self.reason = message
        super().__init__(f"rule {rule} refused: {message}")


@dataclass(frozen=True)
class Definition:
    """An axiom that *defines* something: ``lhs = rhs`` for every value of its free symbols.

    ``head`` is what is defined (an undefined SymPy function such as ``Function("σ")``, or an
    ``IndexedBase``); ``lhs`` is the defined term (``σ(x)``, ``a(n + 1, b)``, ``z[k]``) and
    ``rhs`` its body. Made by :func:`gradproof.core.rules.define`, which checks that the head is
    not a built-in function and that a recursive body recurs on a smaller integer argument. A
    theorem lists every definition it relies on; combining theorems whose definitions give one
    term two bodies is refused.
    """

    head: Any
    lhs: Any
    rhs: Any

    @property
    def equation(self) -> sp.Basic:
        return sp.Eq(self.lhs, self.rhs, evaluate=False)

    def text(self) -> str:
        """``lhs := rhs`` in Nielsen's notation (σ(x) := 1/(1 + e⁻ˣ))."""
        from gradproof.presenters import text

        return f"{text(self.lhs)} := {text(self.rhs)}"


def _args(term: Any) -> tuple[Any, ...]:
    return tuple(term.indices) if isinstance(term, sp.Indexed) else tuple(term.args)


def _overlap(a: Definition, b: Definition) -> str | None:
    """None when two definitions of one head can never define the same term differently: their
    patterns never meet at a point of their variables' domains, or where they meet the bodies
    agree. Else the reason (a term with two bodies: from them anything follows)."""
    # the pattern's variables are b's own; a symbol only in the bodies is shared by both
    rename = {s: sp.Dummy(s.name, **s.assumptions0) for s in b.lhs.free_symbols}
    b_lhs, b_rhs = b.lhs.xreplace(rename), b.rhs.xreplace(rename)
    a_args, b_args = _args(a.lhs), _args(b_lhs)
    if len(a_args) != len(b_args):
        return None
    unknowns = sorted(
        (a.lhs.free_symbols | b_lhs.free_symbols) - {a.head, b.head}, key=sp.default_sort_key
    )
    eqs = [p - q for p, q in zip(a_args, b_args, strict=True) if p != q]
    if not eqs:
        sols: list[dict[Any, Any]] = [{}]
    else:
        try:
            sols = sp.solve(eqs, unknowns, dict=True)
        except (NotImplementedError, ValueError, TypeError):
            return "SymPy cannot tell whether the patterns meet"
    for sol in sols:
        impossible = False
        for v, val in sol.items():
            for key in ("integer", "positive", "nonnegative", "negative", "nonpositive", "real"):
                if v.assumptions0.get(key) and getattr(val, f"is_{key}", None) is False:
                    impossible = True
        if impossible:
            continue
        if sp.simplify((a.rhs - b_rhs).xreplace(sol)) != 0:
            return (
                f"{sp.sstr(a.lhs)} := {sp.sstr(a.rhs)} and {sp.sstr(b.lhs)} := {sp.sstr(b.rhs)} "
                "define the same term twice, differently"
            )
    return None


def consistent_axioms(groups: Iterable[frozenset[Definition]], rule: str) -> frozenset[Definition]:
    """The union of the definitions of several theorems; refused when one term gets two bodies:
    two definitions of one head (σ(x) := … and σ(y) := …, or the patterns a(j) and a(n + 1))
    must agree wherever their patterns meet."""
    out: set[Definition] = set()
    for group in groups:
        out |= group
    by_head: dict[Any, list[Definition]] = {}
    for d in sorted(out, key=lambda d: sp.default_sort_key(d.lhs)):
        by_head.setdefault(d.head, []).append(d)
    for defs in by_head.values():
        for i, a in enumerate(defs):
            for b in defs[i + 1 :]:
                why = _checked_overlap(a, b)
                if why is not None:
                    raise ProofError(rule, f"the premises' definitions contradict: {why}")
    return frozenset(out)


_CHECKED: dict[tuple[Definition, Definition], str | None] = {}


def _checked_overlap(a: Definition, b: Definition) -> str | None:
    key = (a, b)
    if key not in _CHECKED:
        _CHECKED[key] = _overlap(a, b)
    return _CHECKED[key]


class Theorem:
    """``hyps ⊢ prop``, made by the rule ``rule`` from ``premises`` (see the module docstring)."""

    __slots__ = ("axioms", "detail", "hyps", "premises", "prop", "rule")

    hyps: frozenset[sp.Basic]
    prop: sp.Basic
    rule: str
    detail: str
    premises: tuple[Theorem, ...]
    axioms: frozenset[Definition]

    def __init__(
        self,
        key: object,
        hyps: Iterable[sp.Basic],
        prop: sp.Basic,
        rule: str,
        detail: str,
        premises: tuple[Theorem, ...] = (),
        axioms: frozenset[Definition] = frozenset(),
    ) -> None:
        if key is not _KEY:
            raise TypeError(
                "a Theorem is made only by the rules of gradproof.core (rules.identity, "
                "rules.inequality, rules.induction, …); a proof outside the core may propose, "
                "never conclude"
            )
        for name, value in (
            ("hyps", frozenset(hyps)),
            ("prop", prop),
            ("rule", rule),
            ("detail", detail),
            ("premises", tuple(premises)),
            ("axioms", frozenset(axioms)),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Theorem cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Theorem cannot be changed")

    def __repr__(self) -> str:
        hyps = ", ".join(sp.sstr(h) for h in sorted(self.hyps, key=sp.sstr))
        return f"<Theorem [{self.rule}] {hyps + ' ' if hyps else ''}⊢ {sp.sstr(self.prop):.120}>"

    @property
    def closed(self) -> bool:
        """No hypotheses left: the proposition holds on the symbols' whole domain."""
        return not self.hyps

    def rules_used(self) -> dict[str, int]:
        """How often each rule was applied in the proof tree (each sub-theorem counted once)."""
        counts: dict[str, int] = {}
        seen: set[int] = set()
        stack: list[Theorem] = [self]
        while stack:
            t = stack.pop()
            if id(t) in seen:
                continue
            seen.add(id(t))
            counts[t.rule] = counts.get(t.rule, 0) + 1
            stack.extend(t.premises)
        return counts


def _make(
    hyps: Iterable[sp.Basic],
    prop: sp.Basic,
    rule: str,
    detail: str,
    premises: tuple[Theorem, ...] = (),
    axioms: frozenset[Definition] | None = None,
) -> Theorem:
    """For :mod:`gradproof.core.rules` only (the private key is here): a theorem, with its
    premises' definitions merged."""
    groups = [p.axioms for p in premises]
    if axioms is not None:
        groups.append(axioms)
    return Theorem(_KEY, hyps, prop, rule, detail, premises, consistent_axioms(groups, rule))
