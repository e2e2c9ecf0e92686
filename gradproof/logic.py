"""Statements as objects, lemmas, and induction: the parts of a proof that must fit together.

Three small objects (all SymPy; keep this module out of the light import path):

:class:`Statement`
    a claim's mathematical statement as a SymPy relation (``Eq``, ``Le``, ``Lt``, ``Ge``, ``Gt``,
    ``And``, ``Implies`` …), universally quantified over its free symbols, whose SymPy
    assumptions (``real=True``, ``positive=True`` …) are the domain; ``domain`` says the same in
    words. :meth:`Statement.prove` proves it: with the claim's own ``proof`` (a function that
    *receives the statement* and must use its parts) or with the generic prover
    :func:`prove_relation` (identity by simplification to 0, sign of the gap from the
    assumptions, after expanding the declared ``definitions`` and applying a declared
    ``rewrite`` such as t = e^(−z)). A claim carries it as ``Claim(formal=…)``; the kernel proves
    it on every run (evidence ``statement``), so changing a number in it makes the claim fail.
    ``pretty()`` (Unicode) and ``latex()`` print it, for ``verify --details``, ``show`` and the
    docs.

:func:`use` (lemma → theorem)
    ``use(claim)`` proves ``claim.formal`` (once per process) and returns that very
    :class:`Statement`; it raises :class:`LemmaError` when the lemma does not hold. A theorem
    lists its lemmas in ``Claim(uses=(lemma_claim, …))``; the kernel re-proves each (evidence
    ``uses <id>``) so the theorem fails when a lemma fails. :func:`instance` instantiates a lemma's
    relation at the theorem's terms and :func:`by` turns a proved relation into a
    :class:`~gradproof.derivation.Step` check.

:class:`Induction` (Lean's ``induction n with | zero => … | succ n ih => …``)
    one predicate ``P`` (n ↦ a SymPy relation); the base case is a derivation built *from the
    goal* ``P(base)``, the step a derivation built *from* ``ih = P(n)`` *and the goal* ``P(n+1)``.
    The checker requires each derivation to start at the goal's left side, end at its right side,
    compose to the goal's relation, and have every link proved. Nothing is restated by hand:
    change a factor in ``P``, in the step or in the base and :meth:`Induction.check` fails.
    :meth:`Induction.statement` is the claim's formal statement: ``∀ n ≥ base: P(n)``, printed
    from ``P`` itself.

Example (the sum of the first n odd numbers)::

    >>> import sympy as sp
    >>> from gradproof.derivation import Derivation, Step
    >>> from gradproof.logic import Induction, by
    >>> n, k = sp.symbols("n k", integer=True, positive=True)
    >>> P = sp.Lambda(n, sp.Eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2))
    >>> def base(goal):
    ...     return Derivation("n = 1", (Step(goal.lhs, "P(1)"), Step(goal.rhs, "evaluate")))
    >>> def step(ih, goal):
    ...     return Derivation("n → n + 1", (
    ...         Step(goal.lhs, "goal"),
    ...         Step(ih.lhs + 2 * n + 1, "split off the last term", check=lambda a, b: sp.simplify(
    ...             a.doit() - b.doit()) == 0),
    ...         Step(n**2 + 2 * n + 1, "inductive hypothesis", check=by(ih)),
    ...         Step(goal.rhs, "algebra")))
    >>> odd = Induction("sum of odd numbers", var=n, base=1, P=P, base_case=base, step=step)
    >>> odd.check().ok
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy as sp
from sympy.logic.boolalg import Boolean

from gradproof.claims import Outcome
from gradproof.derivation import Derivation, is_identically_zero, sign_is

StatementKind = Literal["symbolic", "certified", "numeric"]

_INEQ = (sp.Le, sp.Lt, sp.Ge, sp.Gt)


class LemmaError(RuntimeError):
    """A lemma a proof uses (``use(claim)``) has no formal statement or is not proved."""


# ============================================================ the generic prover


def expand_definitions(expr: sp.Basic, definitions: Mapping[Any, sp.Lambda]) -> sp.Basic:
    """Replace every application ``f(x)`` of a defined function by its body, then ``doit``.

    ``definitions`` maps an undefined SymPy function (e.g. ``Function("σ")``) to a ``Lambda``.
    Definitions may refer to each other; they are expanded until none is left (at most 10 rounds).
    """
    e = sp.sympify(expr)
    for _ in range(10):
        before = e
        for f, lam in definitions.items():
            e = e.replace(f, lam)
        if e == before:
            break
    return e.doit()


def _sides(rel: sp.Basic) -> tuple[sp.Expr, sp.Expr, str]:
    """(smaller, larger, strictness) of an inequality, normalised to ``small ≤/< large``."""
    if isinstance(rel, sp.Le):
        return rel.lhs, rel.rhs, "nonnegative"
    if isinstance(rel, sp.Lt):
        return rel.lhs, rel.rhs, "positive"
    if isinstance(rel, sp.Ge):
        return rel.rhs, rel.lhs, "nonnegative"
    return rel.rhs, rel.lhs, "positive"  # Gt


def _gap_sign(gap: sp.Expr, sign: str) -> bool:
    if sign_is(gap, sign):  # type: ignore[arg-type]
        return True
    simpler = sp.simplify(gap)
    return sign_is(simpler, sign) or sign_is(sp.factor(simpler), sign)  # type: ignore[arg-type]


def prove_relation(relation: sp.Basic, facts: Sequence[sp.Basic] = ()) -> tuple[bool, str]:
    """Prove a SymPy relation for every value of its free symbols (their assumptions = domain).

    * ``True`` holds, ``False`` fails;
    * ``Eq(a, b)``: ``a − b`` simplifies to exactly 0 (:func:`is_identically_zero`), also after
      the proved ``facts`` are applied (:func:`apply_fact`);
    * ``Le``/``Lt``/``Ge``/``Gt``: the gap has the needed sign from the assumptions alone
      (:func:`~gradproof.derivation.sign_is`, also after ``simplify``); failing that, the proved
      ``facts`` are applied one after the other (``a ≤ b`` replaces ``a`` by ``b − μ`` with a
      fresh μ ≥ 0, i.e. by every value the fact allows) and the sign is tried after each;
    * ``And``: every part; ``Or``: some part;
    * ``Implies(Eq(f, c), Eq(x, x₀))``: the real solutions of ``f = c`` in ``x`` lie in {x₀}
      (SymPy ``solveset``) — "equality only at x₀" (that x₀ *is* a solution is a separate
      ``Eq`` part of a sharp statement);
    * ``Implies(H, G)`` with ``H`` an inequality or equation (or an ``And`` of them): ``G`` is
      proved with ``H``'s parts added to the facts, so ``|w| < 1`` becomes ``|w| = 1 − μ``,
      μ > 0 — the parametrisation of the hypothesis is derived from it, never declared.

    Returns ``(ok, detail)``; not ok means *not proved* (use a counterexample to say *false*).
    """
    rel = relation
    if rel is sp.true or rel is True:
        return True, "true"
    if rel is sp.false or rel is False:
        return False, "false (SymPy evaluates it to False)"
    if isinstance(rel, sp.Eq):
        diff = rel.lhs - rel.rhs
        if is_identically_zero(diff):
            return True, f"{_short(rel)}: difference ≡ 0"
        for fact in facts:
            applied = apply_fact(diff, fact)
            if applied is not None:
                diff = applied
                if is_identically_zero(diff):
                    return True, f"{_short(rel)}: difference ≡ 0 using {_short(fact, 40)}"
        return False, f"{_short(rel)}: difference not shown ≡ 0"
    if isinstance(rel, _INEQ):
        small, large, sign = _sides(rel)
        gap = large - small
        if _gap_sign(gap, sign):
            return True, f"{_short(rel)}: gap has the sign"
        used = _signed_with_facts(gap, sign, list(facts), min(3, len(facts)))
        if used is not None:
            return True, f"{_short(rel)}: gap has the sign using {'; '.join(used)}"
        return False, f"{_short(rel)}: gap sign not established"
    if isinstance(rel, sp.And):
        parts = [prove_relation(a, facts) for a in rel.args]
        return all(p for p, _ in parts), " ∧ ".join(d for _, d in parts)
    if isinstance(rel, sp.Or):
        parts = [prove_relation(a, facts) for a in rel.args]
        return any(p for p, _ in parts), " ∨ ".join(d for _, d in parts)
    if isinstance(rel, sp.Implies):
        hyp, goal = rel.args
        if isinstance(hyp, sp.Eq) and isinstance(goal, sp.Eq) and isinstance(goal.lhs, sp.Symbol):
            x = goal.lhs
            sols = sp.solveset(sp.Eq(hyp.lhs, hyp.rhs), x, domain=sp.S.Reals)
            ok = _within(sols, sp.FiniteSet(goal.rhs))
            return ok, f"{_short(rel)}: solutions of the hypothesis in {x}: {sols}"
        hyps = hyp.args if isinstance(hyp, sp.And) else (hyp,)
        if all(isinstance(h, (sp.Eq, *_INEQ)) for h in hyps):
            ok, detail = prove_relation(goal, (*facts, *hyps))
            return ok, f"{_short(rel)}: under the hypothesis: {detail}"
        return False, f"{_short(rel)}: cannot use a hypothesis of this form"
    return False, f"cannot prove a {type(rel).__name__}"


def _prove_safely(relation: sp.Basic, facts: Sequence[sp.Basic]) -> tuple[bool, str]:
    """:func:`prove_relation`, where SymPy giving up (NotImplementedError, e.g. a limit it cannot
    take) means *not proved*, not a crash."""
    try:
        return prove_relation(relation, facts)
    except NotImplementedError as exc:
        return False, f"{_short(relation)}: SymPy cannot decide it ({exc})"


def _within(sols: sp.Set, only: sp.Set) -> bool:
    """``sols ⊆ only``, seeing through ``A \\ B`` (a subset of A) where SymPy cannot decide."""
    while isinstance(sols, sp.Complement):
        sols = sols.args[0]
    return sols.is_subset(only) is True


def _signed_with_facts(
    gap: sp.Expr, sign: str, facts: list[sp.Basic], depth: int
) -> list[str] | None:
    """The facts (in order of use) after whose application ``gap`` has ``sign``, or None.

    A small search: every order of up to ``depth`` applicable facts (a fact applied early can
    hide another's left side, so greedy application in one order is not enough)."""
    if depth <= 0:
        return None
    for i, fact in enumerate(facts):
        applied = apply_fact(gap, fact)
        if applied is None:
            continue
        if _gap_sign(applied, sign):
            return [_short(fact, 40)]
        rest = _signed_with_facts(applied, sign, facts[:i] + facts[i + 1 :], depth - 1)
        if rest is not None:
            return [_short(fact, 40), *rest]
    return None


def apply_fact(gap: sp.Expr, fact: sp.Basic) -> sp.Expr | None:
    """``gap`` with the fact's left side replaced by every value the fact allows.

    ``Eq(a, b)``: ``a`` → ``b``; ``a ≤ b``: ``a`` → ``b − μ``, μ ≥ 0 fresh (μ > 0 for ``<``);
    ``a ≥ b``: ``a`` → ``b + μ``. Proving a sign for every μ proves it for every value of ``a``
    the fact allows. None when ``a`` does not occur in ``gap``.
    """
    if isinstance(fact, sp.Eq):
        value = fact.rhs
    elif isinstance(fact, _INEQ):
        strict = isinstance(fact, (sp.Lt, sp.Gt))
        mu = sp.Dummy("μ", positive=True) if strict else sp.Dummy("μ", nonnegative=True)
        value = fact.rhs - mu if isinstance(fact, (sp.Le, sp.Lt)) else fact.rhs + mu
    else:
        return None
    out = gap.subs(fact.lhs, value)
    return None if out == gap else sp.expand(out)


def _short(rel: sp.Basic, width: int = 70) -> str:
    text = sp.sstr(rel)
    return text if len(text) <= width else text[: width - 1] + "…"


# ============================================================ statements


@dataclass(frozen=True)
class Statement:
    """A claim's formal statement: one SymPy relation, its domain, and how it is proved.

    ``relation``
        a SymPy Boolean (``Eq``, ``Le``, ``Lt``, ``And``, ``Implies`` …); free symbols are
        universally quantified over the values their assumptions allow.
    ``domain``
        the domain in words (e.g. ``"z real"``); the symbols' assumptions must say the same.
    ``variables``
        the quantified symbols, in the order a reader should see them (default: sorted free
        symbols).
    ``definitions``
        undefined functions used in ``relation`` mapped to their definition (a ``Lambda``),
        e.g. ``{σ: Lambda(x, 1/(1 + exp(−x)))}``: the relation prints ``σ(z)``, the prover
        expands it.
    ``rewrite``
        a declared exact substitution applied after expanding definitions, e.g.
        ``{exp(−z): t}`` with ``t`` positive (a bijection ℝ → (0, ∞)); ``rewrite_why`` says why
        it loses nothing.
    ``proof``
        optional ``proof(statement) -> Outcome``: the claim's own proof, which receives *this*
        statement and must take its numbers and expressions from it. Without it the generic
        prover :func:`prove_relation` proves ``relation``.
    ``kind``
        ``"symbolic"`` (default), ``"certified"`` (interval arithmetic) or ``"numeric"`` (an
        empirical statement of a measured quantity with its tolerance: confirmed, not proved).
    ``explanation``
        optional words printed under the formula (e.g. what a symbol stands for).
    """

    relation: Any
    domain: str
    variables: tuple[sp.Symbol, ...] = ()
    definitions: Mapping[Any, sp.Lambda] = field(default_factory=dict, compare=False)
    rewrite: Mapping[sp.Basic, sp.Basic] = field(default_factory=dict, compare=False)
    rewrite_why: str = ""
    proof: Callable[[Statement], Outcome] | None = field(default=None, compare=False)
    kind: StatementKind = "symbolic"
    explanation: str = ""

    def __post_init__(self) -> None:
        rel = self.relation
        if isinstance(rel, bool):
            rel = sp.true if rel else sp.false
        if not isinstance(rel, Boolean):
            raise TypeError(
                "Statement(relation=…) must be a SymPy relation or Boolean (Eq, Le, And, …), got "
                f"{type(rel).__name__} {rel!r:.60}"
            )
        if rel is sp.true:
            raise ValueError(
                "Statement(relation=…) is already True: SymPy decided it while building it, so it"
                " would print as 'True'. Build it with evaluate=False, or with undefined functions"
                " and definitions= (σ, σ′ …), so the relation stays as written and is proved here"
            )
        object.__setattr__(self, "relation", rel)
        if not self.domain.strip():
            raise ValueError("Statement(domain=…) must say the domain in words, e.g. 'z real'")
        if self.kind not in ("symbolic", "certified", "numeric"):
            raise ValueError(
                f"Statement(kind=…) must be symbolic, certified or numeric, got {self.kind!r}"
            )
        if not self.variables:
            free = sorted(getattr(rel, "free_symbols", set()), key=str)
            object.__setattr__(self, "variables", tuple(free))

    # ------------------------------------------------------------ reading it

    def expanded(self, expr: sp.Basic | None = None) -> sp.Basic:
        """``expr`` (default: the relation) with definitions expanded and the rewrite applied."""
        e = expand_definitions(self.relation if expr is None else expr, self.definitions)
        if self.rewrite:
            e = e.subs(dict(self.rewrite))
        return e

    def parts(self) -> tuple[sp.Basic, ...]:
        """The conjuncts of the relation (the relation itself when it is not an ``And``).

        Order is SymPy's canonical order of ``And``'s arguments, not the order written; look parts
        up by what they are (see :meth:`part`)."""
        rel = self.relation
        return tuple(rel.args) if isinstance(rel, sp.And) else (rel,)

    def part(self, kind: type, test: Callable[[sp.Basic], bool] = lambda r: True) -> sp.Basic:
        """The one conjunct of type ``kind`` (e.g. ``sp.Le``) satisfying ``test``.

        Raises ``LookupError`` when there is none or more than one, so a proof that reads a
        statement never silently picks the wrong part.
        """
        found = [p for p in self.parts() if isinstance(p, kind) and test(p)]
        if len(found) != 1:
            raise LookupError(
                f"statement {self.text()} has {len(found)} parts of type {kind.__name__} matching"
                " the test (expected exactly 1)"
            )
        return found[0]

    # ------------------------------------------------------------ proving it

    def prove(self) -> Outcome:
        """Prove it: with its ``proof`` (which receives this statement) or generically."""
        if self.proof is not None:
            try:
                outcome = self.proof(self)
            except LookupError as exc:  # Statement.part: a part the proof needs is missing
                return Outcome.fails(f"the statement is not of the form its proof proves: {exc}")
            if not isinstance(outcome, Outcome):
                raise TypeError(f"statement proof returned {type(outcome).__name__}, not Outcome")
            return outcome
        facts: list[sp.Basic] = []
        results: list[tuple[bool, str]] = []
        # identities and inequalities first, so that an implication may use them as facts
        for part in sorted(self.parts(), key=lambda p: isinstance(p, sp.Implies)):
            forms = [self.expanded(part)]
            if self.rewrite:  # also without the rewrite (e.g. solving for z itself)
                forms.append(expand_definitions(part, self.definitions))
            ok, detail = False, ""
            for form in forms:
                ok, detail = _prove_safely(form, facts)
                if ok:
                    if isinstance(form, _INEQ):
                        facts.append(form)
                    break
            results.append((ok, f"{_short(part, 50)}: {'✓' if ok else 'NOT proved: ' + detail}"))
        how = f" (with {self._rewrite_text()})" if self.rewrite else ""
        ok = all(r for r, _ in results)
        detail = "; ".join(d for _, d in results)
        return Outcome.of(ok, f"formal statement {'proved' if ok else 'NOT proved'}{how}: {detail}")

    def _rewrite_text(self) -> str:
        subs = ", ".join(f"{sp.sstr(k)} = {sp.sstr(v)}" for k, v in self.rewrite.items())
        return subs + (f" ({self.rewrite_why})" if self.rewrite_why else "")

    # ------------------------------------------------------------ printing it

    def pretty(self) -> str:
        """The relation in 2-D Unicode (the docs' printer: σ(u), ln), then ``for <domain>``."""
        from gradproof.typeset import canonical_functions, pretty

        return f"{pretty(canonical_functions(self.relation))}\nfor {self.domain}"

    def text(self) -> str:
        """One line: the relation in SymPy's linear form (Unicode symbol names kept)."""
        return sp.sstr(self.relation)

    def latex(self) -> str:
        """The relation in LaTeX followed by ``\\quad\\text{for <domain>}``."""
        from gradproof.typeset import canonical_functions, latex

        return rf"{latex(canonical_functions(self.relation))} \quad \text{{for {self.domain}}}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


# ============================================================ lemmas


_PROVED: dict[int, tuple[Statement, Outcome]] = {}


def prove_once(statement: Statement) -> Outcome:
    """``statement.prove()``, cached per process by object identity (a copy is re-proved)."""
    hit = _PROVED.get(id(statement))
    if hit is not None and hit[0] is statement:
        return hit[1]
    outcome = statement.prove()
    _PROVED[id(statement)] = (statement, outcome)
    return outcome


def prove_fresh(statement: Statement) -> Outcome:
    """``statement.prove()`` now (the kernel's ``statement`` check), remembered for :func:`use`."""
    outcome = statement.prove()
    _PROVED[id(statement)] = (statement, outcome)
    return outcome


def _formal_of(lemma: Any) -> Statement:
    formal = getattr(lemma, "formal", lemma)
    formal = formal.get() if callable(getattr(formal, "get", None)) else formal
    if not isinstance(formal, Statement):
        name = getattr(lemma, "id", repr(lemma))
        raise LemmaError(f"lemma {name} has no formal statement to use")
    return formal


def use(lemma: Any) -> Statement:
    """The proved formal statement of ``lemma`` (a ``Claim`` with ``formal=``, or a Statement).

    Proves it first (once per process, :func:`prove_once`); raises :class:`LemmaError` naming
    the lemma when it does not hold, so a theorem built on it cannot be proved.
    """
    formal = _formal_of(lemma)
    outcome = prove_once(formal)
    if not outcome.ok or formal.kind == "numeric":
        name = getattr(lemma, "id", formal.text())
        why = outcome.detail if not outcome.ok else "it is only confirmed numerically"
        raise LemmaError(f"lemma {name} is not proved: {why}")
    return formal


def lemma_check(lemma: Any) -> Callable[[], Outcome]:
    """The kernel's check for ``Claim(uses=(lemma, …))``: the lemma's statement is proved."""

    def check() -> Outcome:
        name = getattr(lemma, "id", "lemma")
        try:
            formal = use(lemma)
        except LemmaError as exc:
            return Outcome.fails(str(exc))
        return Outcome.holds(f"lemma {name} proved: {formal.text()}")

    check.__name__ = f"uses {getattr(lemma, 'id', 'lemma')}"
    return check


def instance(relation: sp.Basic, subs: Mapping[sp.Basic, sp.Basic]) -> sp.Basic:
    """A proved relation at other terms: ``relation`` with its free symbols replaced (no evaluation
    of the relation itself, so ``Le(σ′(z), 1/4)`` at z = z₁ stays a relation)."""
    return relation.xreplace(dict(subs))


def by(fact: sp.Basic) -> Callable[[sp.Basic, sp.Basic], bool]:
    """A :class:`~gradproof.derivation.Step` check that uses a proved relation ``fact``.

    ``Eq(a, b)``: the link holds when ``previous`` with ``a`` replaced by ``b`` equals
    ``current`` (for ``=`` links) or has the link's sign. An inequality ``a ≤ b`` (``<``, ``≥``,
    ``>``): ``a`` is replaced by ``b − μ`` (``b + μ``) with a fresh μ ≥ 0 (μ > 0 when strict), which
    describes every value the fact allows; the link ``previous R current`` must then hold for
    every μ: for ``=`` the two sides are equal, for an inequality the gap has the needed sign.
    ``And`` facts apply each conjunct in turn. The fact must already be proved (an inductive
    hypothesis, or a part of ``use(lemma)``).
    """

    def subs_for(f: sp.Basic) -> dict[sp.Basic, sp.Basic]:
        if isinstance(f, sp.And):
            out: dict[sp.Basic, sp.Basic] = {}
            for a in f.args:
                out.update(subs_for(a))
            return out
        if isinstance(f, sp.Eq):
            return {f.lhs: f.rhs}
        if isinstance(f, _INEQ):
            strict = isinstance(f, (sp.Lt, sp.Gt))
            mu = sp.Dummy("μ", positive=True) if strict else sp.Dummy("μ", nonnegative=True)
            if isinstance(f, (sp.Le, sp.Lt)):
                return {f.lhs: f.rhs - mu}
            return {f.lhs: f.rhs + mu}
        raise TypeError(f"by(): cannot use a {type(f).__name__} as a fact: {f}")

    subs = subs_for(fact)

    def check(prev: sp.Basic, cur: sp.Basic, relation: str = "=") -> bool:
        p, c = sp.sympify(prev).subs(subs), sp.sympify(cur).subs(subs)
        if p == sp.sympify(prev) and c == sp.sympify(cur):
            return False  # the fact does not occur: it cannot be what justifies the link
        if relation == "=":
            return is_identically_zero(p - c)
        need = {"<=": "nonnegative", "<": "positive", ">=": "nonpositive", ">": "negative"}
        return _gap_sign(sp.expand(c - p), need[relation])

    check.uses_relation = True  # type: ignore[attr-defined]
    check.fact = fact  # type: ignore[attr-defined]
    return check


# ============================================================ induction

_COMPATIBLE = {
    # goal relation: (allowed link relations, needs at least one strict link)
    sp.Eq: ({"="}, False),
    sp.Le: ({"=", "<=", "<"}, False),
    sp.Lt: ({"=", "<=", "<"}, True),
    sp.Ge: ({"=", ">=", ">"}, False),
    sp.Gt: ({"=", ">=", ">"}, True),
}


def fits(derivation: Derivation, goal: sp.Basic) -> tuple[bool, str]:
    """Does ``derivation`` prove exactly ``goal``? It must start at ``goal.lhs``, end at
    ``goal.rhs`` (structurally equal), compose to the goal's relation, and have every link proved.
    """
    if type(goal) not in _COMPATIBLE:
        return False, f"goal {goal} is not an =, ≤, <, ≥ or > relation"
    first, last = derivation.steps[0].expr, derivation.steps[-1].expr
    title = derivation.title
    if first != goal.lhs:
        return False, f"{title}: starts at {_short(first)}, not at the goal's {_short(goal.lhs)}"
    if last != goal.rhs:
        return False, f"{title}: ends at {_short(last)}, not at the goal's {_short(goal.rhs)}"
    allowed, strict = _COMPATIBLE[type(goal)]
    rels = [s.relation for s in derivation.steps[1:]]
    if any(r not in allowed for r in rels) or (strict and not any(r in ("<", ">") for r in rels)):
        return False, f"{derivation.title}: links {rels} do not compose to {type(goal).__name__}"
    outcome = derivation.check()
    return outcome.ok, outcome.detail


@dataclass(frozen=True)
class Induction:
    """∀ n ≥ base: P(n), proved by induction on ``var`` (see the module docstring's example).

    ``P``
        n ↦ a SymPy relation (a ``Lambda`` or a Python callable); the same ``P`` gives the base
        goal ``P(base)``, the hypothesis ``P(n)``, the step goal ``P(n + 1)`` and the statement.
    ``base_case(goal)``
        returns a :class:`~gradproof.derivation.Derivation` from ``goal.lhs`` to ``goal.rhs``.
    ``step(ih, goal)``
        returns a Derivation from ``goal.lhs`` to ``goal.rhs`` that may use ``ih`` through
        ``Step(…, check=by(ih))``.
    ``var``
        an integer symbol; ``base`` its first value (a number or an expression such as ``j``).
    """

    name: str
    var: sp.Symbol
    base: Any
    P: Callable[[Any], sp.Basic]
    base_case: Callable[[sp.Basic], Derivation]
    step: Callable[[sp.Basic, sp.Basic], Derivation]
    domain: str = ""

    def goal(self, n: Any) -> sp.Basic:
        """``P(n)`` as a relation (the one object every piece is derived from)."""
        rel = self.P(sp.sympify(n))
        if not isinstance(rel, (sp.Eq, *_INEQ)):
            raise TypeError(f"induction {self.name}: P({n}) must be a relation, got {rel!r:.80}")
        return rel

    def base_derivation(self) -> Derivation:
        return self.base_case(self.goal(self.base))

    def step_derivation(self) -> Derivation:
        return self.step(self.goal(self.var), self.goal(self.var + 1))

    def check(self) -> Outcome:
        """Base: the base derivation proves P(base). Step: the step derivation proves P(n + 1)
        from P(n). Both must fit their goals exactly (:func:`fits`)."""
        for n in (self.base, self.var, self.var + 1):
            if self.P(sp.sympify(n)) is sp.false:
                return Outcome.fails(f"induction {self.name}: P({n}) evaluates to False")
        b_ok, b_detail = fits(self.base_derivation(), self.goal(self.base))
        s_ok, s_detail = fits(self.step_derivation(), self.goal(self.var + 1))
        verdict = "holds" if b_ok and s_ok else "fails"
        return Outcome.of(
            b_ok and s_ok,
            f"induction {self.name} {verdict}: base P({self.base}): {b_detail}; "
            f"step P({self.var}) ⇒ P({self.var} + 1): {s_detail}",
        )

    def statement(
        self, proof: Callable[[Statement], Outcome] | None = None, explanation: str = ""
    ) -> Statement:
        """The formal statement ``P(var)`` for ``var ≥ base``, proved by this induction.

        The statement's proof checks that the statement it receives *is* ``P(var)`` (so a changed
        copy of the statement fails) and then runs :meth:`check`; ``proof``, when given, runs
        after (e.g. the step from P to the claim's exact wording).
        """
        domain = f"{self.var} ≥ {self.base} integer" + (f"; {self.domain}" if self.domain else "")

        def by_induction(st: Statement) -> Outcome:
            if st.relation != self.goal(self.var):
                return Outcome.fails(
                    f"the statement {st.text()} is not P({self.var}) ="
                    f" {sp.sstr(self.goal(self.var))} of induction {self.name}"
                )
            outcome = self.check()
            if proof is None or not outcome.ok:
                return outcome
            extra = proof(st)
            return Outcome.of(extra.ok, f"{outcome.detail}; {extra.detail}")

        return Statement(
            relation=self.goal(self.var),
            domain=domain,
            proof=by_induction,
            explanation=explanation,
        )


# ============================================================ proofs from derivations

PartProver = Callable[[sp.Basic, "Statement"], "tuple[bool, str] | None"]


def proved_by(
    *derivations: Derivation, extra: Sequence[PartProver] = ()
) -> Callable[[Statement], Outcome]:
    """A statement proof: each conjunct is proved by a derivation that *fits* it exactly
    (:func:`fits`: starts at its left side, ends at its right side, every link proved), else by
    one of ``extra`` (``prover(part, statement) -> (ok, detail)``, or None when it does not apply;
    when one applies its verdict is final), else by the generic prover (definitions expanded,
    rewrite applied).

    So a statement whose number or factor is changed no longer fits its derivation and fails.
    """

    def proof(st: Statement) -> Outcome:
        results: list[tuple[bool, str]] = []
        facts: list[sp.Basic] = []
        for part in sorted(st.parts(), key=lambda p: isinstance(p, sp.Implies)):
            done: tuple[bool, str] | None = None
            for d in derivations:
                if type(part) in _COMPATIBLE and d.steps[0].expr == part.lhs:
                    done = fits(d, part)
                    if done[0]:
                        break
            settled = False  # an extra prover that applies has the last word (no slow fallback)
            if done is None or not done[0]:
                for prover in extra:
                    attempt = prover(part, st)
                    if attempt is not None:
                        done, settled = attempt, True
                        if done[0]:
                            break
            if not settled and (done is None or not done[0]):
                forms = [st.expanded(part)]
                if st.rewrite:
                    forms.append(expand_definitions(part, st.definitions))
                for form in forms:
                    done = _prove_safely(form, facts)
                    if done[0]:
                        if isinstance(form, _INEQ):
                            facts.append(form)
                        break
            assert done is not None
            ok, detail = done
            results.append((ok, f"{_short(part, 50)}: {'✓' if ok else 'NOT proved: ' + detail}"))
        ok = all(r for r, _ in results)
        text = "; ".join(d for _, d in results)
        return Outcome.of(ok, f"formal statement {'proved' if ok else 'NOT proved'}: {text}")

    return proof
