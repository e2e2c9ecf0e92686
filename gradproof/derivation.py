"""Derivations as data: a list of SymPy steps that the checker walks and the renderer prints.

A :class:`Derivation` is a chain ``e₀ R₁ e₁ R₂ e₂ …`` where each relation ``Rᵢ`` is ``=``, ``≤``,
``<``, ``≥`` or ``>`` and each step carries its justification and, where it has one, its source.
:meth:`Derivation.check` proves every link:

* an ``=`` link holds when ``eᵢ₋₁ − eᵢ`` simplifies to exactly 0 (unevaluated derivatives are
  evaluated first). Simplification is a proof: it is exact rewriting, not sampling; SymPy's
  ``equals`` (which samples random points) is never used.
* an inequality link ``eᵢ₋₁ R eᵢ`` holds when :func:`sign_is` establishes the sign of the gap
  ``eᵢ₋₁ − eᵢ`` that ``R`` needs (positive for ``>``, nonnegative for ``≥``, negative for ``<``,
  nonpositive for ``≤``) from the symbols' assumptions alone, for every value in the domain. A step
  whose gap SymPy cannot sign as written supplies its own ``check`` (a callable
  ``(previous, current) -> bool``), e.g. one that substitutes a parametrisation first.

The first step's relation is ignored (it is the starting point). Because the chain is data, the same
object is checked by ``gradproof verify`` and rendered into the documentation.

This module imports SymPy; keep it out of the light import path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from gradproof.citations import parse_source
from gradproof.claims import Outcome

Relation = Literal["=", "<=", "<", ">=", ">"]
Sign = Literal["positive", "nonnegative", "negative", "nonpositive"]
RELATIONS: tuple[Relation, ...] = ("=", "<=", "<", ">=", ">")
RELATION_LATEX: dict[str, str] = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}
#: The sign of ``previous − current`` that each inequality relation needs.
GAP_SIGN: dict[str, Sign] = {
    ">": "positive",
    ">=": "nonnegative",
    "<": "negative",
    "<=": "nonpositive",
}


def is_identically_zero(expr: sp.Expr) -> bool:
    """True when ``expr`` simplifies to exactly 0 (a proof for all values of its symbols).

    After ``doit`` (which evaluates derivatives and integrals and unwraps ``UnevaluatedExpr``),
    tries, in order: ``simplify``; ``simplify`` after rewriting to ``exp``; ``expand`` then
    ``cancel``; ``expand`` of the ``exp`` form, ``powsimp`` (without ``force``), ``simplify``. Every
    one is an exact rewriting valid under the symbols' assumptions (as usual, removable
    singularities may be cancelled). Returns False when none of them reaches 0 — which means
    *not proved*, not *false*.
    """
    e = sp.sympify(expr)
    if isinstance(e, sp.Basic):
        e = e.doit()
    if e == 0:
        return True
    for attempt in (
        lambda x: sp.simplify(x),
        lambda x: sp.simplify(x.rewrite(sp.exp)),
        lambda x: sp.cancel(sp.expand(x)),
        lambda x: sp.simplify(sp.powsimp(sp.expand(x.rewrite(sp.exp)), force=False)),
    ):
        if attempt(e) == 0:
            return True
    return False


def are_equal(a: sp.Basic, b: sp.Basic) -> bool:
    """True when ``a − b`` is identically zero (see :func:`is_identically_zero`)."""
    return is_identically_zero(sp.sympify(a) - sp.sympify(b))


def sign_is(expr: sp.Expr, sign: Sign) -> bool:
    """True when SymPy's assumption system establishes the sign of ``expr`` for all values.

    The expression is tried as written (so a proof can present it in a telling form, such as
    ``((t − 1)² + 4dt)/(4(1 + t)²)``) and then factored, so that e.g. ``1/4 − t/(1 + t)²`` is seen
    as ``(t − 1)²/(4(t + 1)²)``. ``None`` (unknown) counts as not established.
    """
    e = sp.sympify(expr)
    return any(getattr(form, f"is_{sign}") is True for form in (e, sp.factor(sp.cancel(e))))


@dataclass(frozen=True)
class Step:
    """One link of a derivation: ``relation`` to the previous step, the new expression, and why.

    ``check``, when given, replaces the default test of the link and is trusted: it receives
    ``(previous, current)`` and must establish ``previous R current`` (``R`` = ``relation``) for
    every value in the domain — for an inequality, the sign of ``previous − current`` (e.g.
    ``sign_is(previous - current, "positive")`` for ``>``), not the sign of one side alone. A
    check with the attribute ``uses_relation = True`` (such as :func:`gradproof.logic.by`) is
    called as ``check(previous, current, relation)``.
    """

    expr: sp.Basic
    why: str
    relation: Relation = "="
    source: str = ""
    check: Callable[[sp.Basic, sp.Basic], bool] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}, got {self.relation!r}")
        if self.source:
            parse_source(self.source)  # a bibliography key + locator, see gradproof.citations
        object.__setattr__(self, "expr", sp.sympify(self.expr))


@dataclass(frozen=True)
class Derivation:
    """A titled chain of :class:`Step` objects over stated assumptions.

    ``assumptions`` is the domain in words (the symbols' SymPy assumptions must say the same);
    ``lhs`` is an optional left-hand side printed before the chain (e.g. ``∂C/∂w_j``).
    """

    title: str
    steps: tuple[Step, ...]
    assumptions: str = ""
    lhs: sp.Basic | None = None
    conclusion: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        if len(self.steps) < 2:
            raise ValueError(f"derivation {self.title!r} needs at least two steps")

    def failed_links(self) -> list[int]:
        """Indices ``i ≥ 1`` of links ``steps[i-1] → steps[i]`` that could not be established."""
        bad: list[int] = []
        for i in range(1, len(self.steps)):
            prev, cur = self.steps[i - 1], self.steps[i]
            if cur.check is not None and getattr(cur.check, "uses_relation", False):
                ok = bool(cur.check(prev.expr, cur.expr, cur.relation))  # type: ignore[call-arg]
            elif cur.check is not None:
                ok = bool(cur.check(prev.expr, cur.expr))
            elif cur.relation == "=":
                ok = are_equal(prev.expr, cur.expr)
            else:  # an inequality: the sign of the gap, from the assumptions alone
                ok = sign_is(prev.expr - cur.expr, GAP_SIGN[cur.relation])
            if not ok:
                bad.append(i)
        return bad

    def check(self) -> Outcome:
        """Prove every link of the chain (see the module docstring)."""
        bad = self.failed_links()
        n = len(self.steps) - 1
        if bad:
            which = "; ".join(f"step {i} ({self.steps[i].why})" for i in bad)
            return Outcome.fails(f"{self.title}: {len(bad)} of {n} links not established: {which}")
        return Outcome.holds(f"{self.title}: all {n} links established symbolically")

    def _repr_html_(self) -> str:  # Jupyter: the rows the docs print, justifications beside
        from gradproof.display import derivation_html

        return derivation_html(self)

    def _repr_latex_(self) -> str:
        from gradproof.display import derivation_latex

        return derivation_latex(self)

    def _repr_markdown_(self) -> str:
        from gradproof.display import derivation_markdown

        return derivation_markdown(self)

    def latex(self) -> list[tuple[str, str, str]]:
        """``(relation, LaTeX, justification)`` for each step, for the renderer."""
        rows = []
        for i, s in enumerate(self.steps):
            rel = "" if i == 0 else RELATION_LATEX[s.relation]
            rows.append((rel, sp.latex(s.expr), s.why))
        return rows


def check_all(derivations: Sequence[Derivation]) -> Outcome:
    """Check several derivations; holds when all hold, detail lists each."""
    outcomes = [d.check() for d in derivations]
    return Outcome.of(all(o.ok for o in outcomes), "; ".join(o.detail for o in outcomes))
