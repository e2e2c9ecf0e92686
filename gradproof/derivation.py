"""Derivations as data: a list of SymPy steps that the core proves and the renderer prints.

A :class:`Derivation` is a chain ``e₀ R₁ e₁ R₂ e₂ …`` where each relation ``Rᵢ`` is ``=``, ``≤``,
``<``, ``≥`` or ``>`` and each step carries its justification and, where it has one, its source.
:meth:`Derivation.theorem` proves it through the trusted core (:mod:`gradproof.core`): every link
``eᵢ₋₁ Rᵢ eᵢ`` becomes a theorem of the core's ``identity`` rule (for ``=``: the difference
simplifies to 0, both sides defined on the whole domain) or ``inequality`` rule (the gap has the
sign the relation needs), under the derivation's hypotheses ``hyps`` and with its proved facts
``using``; a step may name its own justification (``check=by(lemma)``, see
:func:`gradproof.logic.by`), which must itself return a core theorem of *exactly that link*. The
core's ``chain`` rule then composes the links (strict only when some link is strict).

The first step's relation is ignored (it is the starting point). Because the chain is data, the
same object is proved by ``gradproof verify`` and rendered into the documentation.

:func:`is_identically_zero`, :func:`are_equal` and :func:`sign_is` are the core's decision
procedures, re-exported for the claims' *supporting* checks; a check that calls them directly
can fail a claim but never makes it proved — only a core theorem does.

This module imports SymPy; keep it out of the light import path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from gradproof import presenters
from gradproof.citations import parse_source
from gradproof.core import ProofError, Theorem, chain, relation
from gradproof.core.algebra import is_identically_zero, sign_is
from gradproof.outcome import Outcome
from gradproof.sanity import KernelError

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
#: The SymPy relation of each link symbol.
RELATION_CLASS: dict[str, type] = {
    "=": sp.Eq,
    "<=": sp.Le,
    "<": sp.Lt,
    ">=": sp.Ge,
    ">": sp.Gt,
}

__all__ = [
    "GAP_SIGN",
    "RELATIONS",
    "RELATION_LATEX",
    "Derivation",
    "LinkContext",
    "Step",
    "are_equal",
    "check_all",
    "is_identically_zero",
    "link",
    "sign_is",
]


def are_equal(a: sp.Basic, b: sp.Basic) -> bool:
    """True when ``a − b`` is identically zero (see :func:`is_identically_zero`)."""
    return is_identically_zero(sp.sympify(a) - sp.sympify(b))


def link(prev: sp.Basic, cur: sp.Basic, rel: str) -> sp.Basic:
    """The relation ``prev R cur`` of one link, unevaluated (what its theorem must prove)."""
    return RELATION_CLASS[rel](sp.sympify(prev), sp.sympify(cur), evaluate=False)


@dataclass(frozen=True)
class LinkContext:
    """What a step's justification may use: the derivation's hypotheses and proved facts."""

    hyps: tuple[sp.Basic, ...]
    using: tuple[Theorem, ...]


#: A step's own justification: ``(previous, current, relation, context) -> Theorem`` proving
#: exactly ``previous R current`` (see :func:`gradproof.logic.by`).
Justification = Callable[[sp.Basic, sp.Basic, str, LinkContext], Theorem]
#: A fact a derivation may use: a proved theorem, or a function that proves one on first use.
Fact = Theorem | Callable[[], Theorem]


def resolve(fact: Fact) -> Theorem:
    """A proved theorem from a fact given to a derivation: a :class:`Theorem`, or a zero-argument
    callable returning one (a lemma proved on first use)."""
    if isinstance(fact, Theorem):
        return fact
    if callable(fact):
        out = fact()
        if isinstance(out, Theorem):
            return out
    raise ProofError(
        "derivation",
        f"{fact!r:.80} is not a proved theorem (nor a function returning one); a relation nobody"
        " proved belongs in hyps=, where it stays a hypothesis of the result",
    )


@dataclass(frozen=True)
class Step:
    """One link of a derivation: ``relation`` to the previous step, the new expression, and why.

    ``check``, when given, is the link's own justification (a :data:`Justification`, e.g.
    :func:`gradproof.logic.by`): it must return a core :class:`~gradproof.core.Theorem` of exactly
    ``previous R current``. Without it the link is proved by the core's ``identity`` or
    ``inequality`` rule under the derivation's hypotheses and facts.
    """

    expr: sp.Basic
    why: str
    relation: Relation = "="
    source: str = ""
    check: Justification | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}, got {self.relation!r}")
        if self.source:
            parse_source(self.source)  # a bibliography key + locator, see gradproof.citations
        object.__setattr__(self, "expr", sp.sympify(self.expr))


@dataclass(frozen=True)
class Derivation:
    """A titled chain of :class:`Step` objects over stated hypotheses.

    ``assumptions`` is the domain in words (the symbols' SymPy assumptions must say the same);
    ``hyps`` are the relations assumed (each stays a hypothesis of the derivation's theorem until
    a proof discharges it: an implication's premise, an inductive hypothesis); ``using`` are the
    proved facts every link may use (theorems, or functions returning one, e.g. definitions or a
    lemma). ``lhs`` is an optional left-hand side printed before the chain (e.g. ``∂C/∂w_j``).
    """

    title: str
    steps: tuple[Step, ...]
    assumptions: str = ""
    lhs: sp.Basic | None = None
    conclusion: str = ""
    hyps: tuple[sp.Basic, ...] = ()
    using: tuple[Fact, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "hyps", tuple(sp.sympify(h) for h in self.hyps))
        object.__setattr__(self, "using", tuple(self.using))
        if len(self.steps) < 2:
            raise ValueError(f"derivation {self.title!r} needs at least two steps")

    def context(self, extra: Sequence[Theorem] = ()) -> LinkContext:
        """The hypotheses and the proved facts (resolved now) every link may use."""
        return LinkContext(self.hyps, (*(resolve(u) for u in self.using), *extra))

    def link_theorem(self, i: int, ctx: LinkContext) -> Theorem:
        """The core's theorem for link ``i`` (``steps[i-1] R steps[i]``); raises ProofError."""
        prev, cur = self.steps[i - 1], self.steps[i]
        goal = link(prev.expr, cur.expr, cur.relation)
        if cur.check is None:
            return relation(goal, hyps=ctx.hyps, using=ctx.using)
        thm = cur.check(prev.expr, cur.expr, cur.relation, ctx)
        if not isinstance(thm, Theorem):
            raise ProofError(
                "derivation",
                f"step {i}'s check returned {type(thm).__name__}, not a core theorem: a link is"
                " proved only by the core's rules",
            )
        if thm.prop != goal:
            raise ProofError(
                "derivation",
                f"step {i}'s justification proves {sp.sstr(thm.prop):.80}, not the link "
                f"{sp.sstr(goal):.80}",
            )
        return thm

    def link_results(self, extra: Sequence[Theorem] = ()) -> list[Theorem | ProofError]:
        """For each link ``i ≥ 1``: its theorem, or the core's refusal."""
        try:
            ctx = self.context(extra)
        except ProofError as exc:
            return [exc] * (len(self.steps) - 1)
        out: list[Theorem | ProofError] = []
        for i in range(1, len(self.steps)):
            try:
                out.append(self.link_theorem(i, ctx))
            except ProofError as exc:
                out.append(exc)
        return out

    def failed_links(self) -> list[int]:
        """Indices ``i ≥ 1`` of links ``steps[i-1] → steps[i]`` that the core refused."""
        return [i for i, r in enumerate(self.link_results(), 1) if not isinstance(r, Theorem)]

    def theorem(self, extra: Sequence[Theorem] = ()) -> Theorem:
        """``hyps ⊢ e₀ R eₙ``: every link proved by the core, composed by its ``chain`` rule."""
        results = self.link_results(extra)
        bad = [(i, r) for i, r in enumerate(results, 1) if not isinstance(r, Theorem)]
        if bad:
            i, err = bad[0]
            raise ProofError(
                "derivation",
                f"{self.title}: {len(bad)} of {len(results)} links not proved; step {i} "
                f"({self.steps[i].why}): {err}",
            )
        links = [r for r in results if isinstance(r, Theorem)]
        _net(self.title, links)
        return chain(links)

    def check(self) -> Outcome:
        """Prove the chain (see :meth:`theorem`); the outcome carries the theorem."""
        results = self.link_results()
        n = len(results)
        bad = [(i, r) for i, r in enumerate(results, 1) if not isinstance(r, Theorem)]
        if bad:
            which = "; ".join(f"step {i} ({self.steps[i].why}): {r}" for i, r in bad)
            return Outcome.fails(f"{self.title}: {len(bad)} of {n} links not established: {which}")
        links = [r for r in results if isinstance(r, Theorem)]
        try:
            _net(self.title, links)
        except KernelError as exc:
            return Outcome(False, str(exc), None, kernel_error=True)
        thm = chain(links)
        hyps = f" under {len(thm.hyps)} hypotheses" if thm.hyps else ""
        return Outcome(True, f"{self.title}: all {n} links proved by the core{hyps}", thm)

    # Display attaches from outside (gradproof.presenters; gradproof.display registers the
    # printers): the kernel prints nothing itself.

    def _repr_html_(self) -> str | None:  # Jupyter: the rows the docs print, justifications
        return presenters.present(self, presenters.HTML)

    def _repr_latex_(self) -> str | None:
        return presenters.present(self, presenters.LATEX)

    def _repr_markdown_(self) -> str | None:
        return presenters.present(self, presenters.MARKDOWN)

    def __repr__(self) -> str:
        title = presenters.shorten(self.title, 60)
        return f"<Derivation {title!r}: {len(self.steps)} steps>"

    def __str__(self) -> str:  # the derivation as `gradproof show` prints it
        return presenters.present(self, presenters.REPORT) or repr(self)

    def latex(self) -> list[tuple[str, str, str]]:
        """``(relation, LaTeX, justification)`` for each step, for the renderer."""
        rows = []
        for i, s in enumerate(self.steps):
            rel = "" if i == 0 else RELATION_LATEX[s.relation]
            rows.append((rel, sp.latex(s.expr), s.why))
        return rows


def _net(title: str, links: Sequence[Theorem]) -> None:
    """The sanity net on every proved link; a link false at a point raises KernelError."""
    from gradproof.sanity import net_for_theorems

    verdict = net_for_theorems(links)
    if verdict.failure is not None:
        raise KernelError(f"KERNEL ERROR in derivation {title!r}: a proved link {verdict.failure}")


def check_all(derivations: Sequence[Derivation]) -> Outcome:
    """Check several derivations; holds when all hold, detail lists each (a kernel error in one
    is a kernel error of all)."""
    outcomes = [d.check() for d in derivations]
    return Outcome(
        all(o.ok for o in outcomes),
        "; ".join(o.detail for o in outcomes),
        kernel_error=any(o.kernel_error for o in outcomes),
    )
