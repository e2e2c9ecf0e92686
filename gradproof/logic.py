"""Statements as objects, lemmas, and induction: proofs *proposed* here, *concluded* by the core.

Every "proved" in the package is a :class:`~gradproof.core.Theorem` of the trusted core
(:mod:`gradproof.core`), whose rules check their own side conditions. This module builds proofs
out of those rules; it can search and it can fail, but it cannot conclude anything by itself.

:class:`Statement`
    a claim's mathematical statement as a SymPy relation (``Eq``, ``Le``, ``Lt``, ``Ge``, ``Gt``,
    ``And``, ``Implies`` …), universally quantified over its free symbols, whose SymPy
    assumptions (``real=True``, ``positive=True`` …) are the domain; every further premise is
    *inside* the relation (an ``Implies``), never only in the ``domain`` words.
    :meth:`Statement.prove` proves it: with the claim's own ``proof`` (a function that receives
    the statement and returns a core theorem) or with the generic prover :func:`prove_relation`
    (the core's identity and sign rules after unfolding the declared ``definitions``, and a
    declared change of variables :class:`Rewrite` such as t = e^(−z), which the core's
    ``substitution`` rule accepts only with an inverse that covers the whole domain). The
    kernel then accepts the theorem only if it is *exactly* the statement, with no hypothesis
    left and no definition the statement does not declare, and the sanity net
    (:mod:`gradproof.sanity`) evaluates the statement at sample points: a failure there is a
    *kernel error*, never "proved".

:func:`use` (lemma → theorem)
    ``use(claim)`` proves ``claim.formal`` (once per proof session) and returns its closed
    theorem; it raises :class:`LemmaError` when the lemma does not hold. :func:`instance`
    instantiates a theorem at other terms (the core checks each value is in its symbol's
    domain) and :func:`by` justifies a derivation link with theorems (or with relations, which
    stay *hypotheses* of the result until something discharges them).

:class:`Induction` (Lean's ``induction n with | zero => … | succ n ih => …``)
    one predicate ``P`` (n ↦ a SymPy relation); the base case is a derivation built *from the
    goal* ``P(base)``, the step a derivation built *from* ``ih = P(n)`` *and the goal*
    ``P(n+1)``. Each derivation must fit its goal exactly (start at its left side, end at its
    right side, compose to its relation, every link proved by the core); the core's induction
    rule checks that the induction variable's domain reaches every value from the base on.

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
    ...         Step(ih.lhs + 2 * n + 1, "split off the last term"),
    ...         Step(n**2 + 2 * n + 1, "inductive hypothesis", check=by(ih)),
    ...         Step(goal.rhs, "algebra")))
    >>> odd = Induction("sum of odd numbers", var=n, base=1, P=P, base_case=base, step=step)
    >>> odd.check().ok
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy as sp
from sympy.logic.boolalg import Boolean

from gradproof import core, presenters
from gradproof.core import ProofError, Theorem
from gradproof.derivation import Derivation, Justification, LinkContext, link, resolve
from gradproof.outcome import Outcome

StatementKind = Literal["symbolic", "certified", "numeric"]

_INEQ = (sp.Le, sp.Lt, sp.Ge, sp.Gt)
_RELATIONS = (sp.Eq, *_INEQ)


class LemmaError(RuntimeError):
    """A lemma a proof uses (``use(claim)``) has no formal statement or is not proved."""


def _short(rel: Any, width: int = 70) -> str:
    """``rel`` in one line of Nielsen's notation, cut to ``width`` characters with …"""
    return presenters.short_text(rel, width)


def expand_definitions(expr: sp.Basic, definitions: Mapping[Any, sp.Lambda]) -> sp.Basic:
    """Replace every application ``f(x)`` of a defined function by its body, then ``doit``.

    For reading and for supporting checks only: a proof unfolds definitions through the core
    (:func:`gradproof.core.define`), which checks each application is inside the definition's
    domain.
    """
    e = sp.sympify(expr)
    for _ in range(10):
        before = e
        for f, lam in definitions.items():
            e = e.replace(f, lam)
        if e == before:
            break
    return e.doit()


# ============================================================ changes of variables


@dataclass(frozen=True)
class Rewrite:
    """A change of variables ``target = value`` with the inverse that proves it covers the domain.

    ``target`` is a symbol or a term of the statement (e.g. ``exp(-z)``), ``value`` its new form
    in the fresh symbol ``var`` (e.g. ``t``, ``t > 0``), ``inverse`` the value of ``var`` written
    in the statement's terms (e.g. ``exp(-z)``: t = e^(−z)). The core's
    ``substitution`` rule checks that the inverse of every value of the target lies in ``var``'s
    domain and that ``value`` at it gives the target back, so that the statement in ``var`` is
    about every point of the original domain. ``why`` says it in words.
    """

    target: sp.Basic
    value: sp.Basic
    var: sp.Symbol
    inverse: sp.Basic
    why: str = ""

    def text(self) -> str:
        text = presenters.text
        return f"{text(self.target)} = {text(self.value)}" + (f" ({self.why})" if self.why else "")


# ============================================================ the generic prover


def _conjuncts(rel: sp.Basic) -> tuple[sp.Basic, ...]:
    return tuple(rel.args) if isinstance(rel, sp.And) else (rel,)


def _attempt(make: Callable[[], Theorem], errors: list[str]) -> Theorem | None:
    try:
        return make()
    except ProofError as exc:
        errors.append(str(exc))
    except (NotImplementedError, ValueError, TypeError) as exc:  # SymPy gave up: not proved
        errors.append(f"SymPy cannot decide it ({type(exc).__name__}: {str(exc)[:100]})")
    return None


def _attempt_expr(make: Callable[[], sp.Basic], errors: list[str]) -> sp.Basic | None:
    try:
        return make()
    except ProofError as exc:
        errors.append(str(exc))
    except (NotImplementedError, ValueError, TypeError) as exc:
        errors.append(f"SymPy cannot carry it out ({type(exc).__name__})")
    return None


def prove_relation(
    relation: sp.Basic,
    hyps: Sequence[sp.Basic] = (),
    using: Sequence[Theorem] = (),
    rewrites: Sequence[Rewrite] = (),
) -> Theorem:
    """A core theorem ``hyps ⊢ relation`` found by a small search over the core's rules.

    * ``Eq`` / inequalities: the core's ``identity`` / ``inequality`` rules (definitions and
      facts from ``using``, hypotheses from ``hyps``); failing that, after each applicable
      :class:`Rewrite` (the core's ``substitution`` rule checks it covers the domain);
    * ``And``: every part (parts proved earlier are facts for the later ones);
    * ``Implies(H, G)``: ``G`` proved with H's parts as hypotheses, then the core's ``implies``
      rule; an equation in one unknown ⇒ ``x = x₀`` also by the core's ``only_solution`` rule.

    Raises :class:`ProofError` with the refusals when no rule applies.
    """
    relation = sp.sympify(relation)
    errors: list[str] = []
    if isinstance(relation, sp.And):
        done: list[Theorem] = []
        for p in sorted(_conjuncts(relation), key=lambda r: isinstance(r, sp.Implies)):
            done.append(prove_relation(p, hyps, (*using, *done), rewrites))
        by_part = {t.prop: t for t in done}
        return core.conj(*(by_part[p] for p in relation.args))
    if isinstance(relation, sp.Implies):
        h, g = relation.args
        if isinstance(h, sp.Eq) and isinstance(g, sp.Eq) and isinstance(g.lhs, sp.Symbol):
            found = _attempt(lambda: core.only_solution(h, g.lhs, g.rhs, using=using), errors)
            if found is not None:
                return found
        inner = _attempt(
            lambda: prove_relation(g, (*hyps, *_conjuncts(h)), using, rewrites), errors
        )
        if inner is not None:
            return core.implies(inner, h)
        raise ProofError("prover", f"{_short(relation)}: " + " | ".join(errors[-2:]))
    if not isinstance(relation, (*_RELATIONS, sp.Ne)):
        raise ProofError("prover", f"cannot prove a {type(relation).__name__}: {_short(relation)}")
    direct = _attempt(lambda: core.relation(relation, hyps=hyps, using=using), errors)
    if direct is not None:
        return direct
    if rewrites and using:  # a change of variables acts on the unfolded statement
        flat = _attempt_expr(lambda: core.unfolded(relation, using=using), errors)
        flat_hyps = [core.unfolded(h, using=using) for h in hyps]
        if flat is not None and flat != relation:
            inner = _attempt(lambda: prove_relation(flat, flat_hyps, (), rewrites), errors)
            if inner is not None:
                return core.unfold(inner, relation, hyps=hyps, using=using)
    for rw in rewrites:
        if not relation.has(rw.target) and not any(h.has(rw.target) for h in hyps):
            continue
        try:
            q = core.substituted(relation, rw.target, rw.value)
            q_hyps = [core.substituted(h, rw.target, rw.value) for h in hyps]
        except (ValueError, TypeError) as exc:  # e.g. a derivative in the replaced term
            errors.append(f"rewrite {rw.text()} cannot be applied ({type(exc).__name__})")
            continue
        rest = [r for r in rewrites if r is not rw]
        inner = _attempt(
            lambda q=q, q_hyps=q_hyps, rest=rest: prove_relation(  # type: ignore[misc]
                q, q_hyps, using, rest
            ),
            errors,
        )
        if inner is None:
            continue
        done_rw = _attempt(
            lambda inner=inner, rw=rw: core.substitution(  # type: ignore[misc]
                inner, relation, rw.target, rw.value, rw.var, rw.inverse, hyps=hyps, using=using
            ),
            errors,
        )
        if done_rw is not None:
            return done_rw
    raise ProofError("prover", f"{_short(relation)}: " + " | ".join(errors[-3:]))


# ============================================================ statements


def _definition_theorems(definitions: Mapping[Any, sp.Lambda]) -> tuple[Theorem, ...]:
    out = []
    for f, lam in definitions.items():
        out.append(core.define(f(*lam.variables), lam.expr))
    return tuple(out)


@dataclass(frozen=True)
class Statement:
    """A claim's formal statement: one SymPy relation, its domain, and how it is proved.

    ``relation``
        a SymPy Boolean (``Eq``, ``Le``, ``Lt``, ``And``, ``Implies`` …); free symbols are
        universally quantified over the values their assumptions allow, and every other premise
        is inside the relation (an ``Implies``).
    ``domain``
        the domain in words (e.g. ``"z real"``); the symbols' assumptions and the relation's
        premises must say the same.
    ``variables``
        the quantified symbols, in the order a reader should see them (default: sorted free
        symbols).
    ``definitions``
        undefined functions used in ``relation`` mapped to their definition (a ``Lambda``),
        e.g. ``{σ: Lambda(x, 1/(1 + exp(−x)))}``: the relation prints ``σ(z)``; the core unfolds
        it (:func:`gradproof.core.define`).
    ``axioms``
        further definitions the proof relies on (theorems of :func:`gradproof.core.define`,
        or functions returning one), e.g. a recursive definition of a chain's activations; the
        kernel refuses a proof that relies on a definition the statement does not declare.
    ``rewrite``
        changes of variables (:class:`Rewrite`) the generic prover may use, each checked by the
        core to cover the whole domain.
    ``proof``
        optional ``proof(statement) -> Theorem``: the claim's own proof, which receives *this*
        statement; without it the generic prover :func:`prove_relation` proves ``relation``.
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
    rewrite: tuple[Rewrite, ...] = field(default=(), compare=False)
    proof: Callable[[Statement], Any] | None = field(default=None, compare=False)
    kind: StatementKind = "symbolic"
    explanation: str = ""
    axioms: tuple[Any, ...] = field(default=(), compare=False)

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
        rewrite = self.rewrite
        if isinstance(rewrite, Rewrite):
            rewrite = (rewrite,)
        if not isinstance(rewrite, tuple) or not all(isinstance(r, Rewrite) for r in rewrite):
            raise TypeError(
                "Statement(rewrite=…) takes Rewrite(target, value, var, inverse) objects: a"
                " change of variables is accepted only with the inverse that shows it covers the"
                f" domain, got {rewrite!r:.80}"
            )
        object.__setattr__(self, "rewrite", rewrite)
        object.__setattr__(self, "axioms", tuple(self.axioms))
        if not self.variables:
            free = sorted(getattr(rel, "free_symbols", set()), key=str)
            object.__setattr__(self, "variables", tuple(free))

    # ------------------------------------------------------------ reading it

    def expanded(self, expr: sp.Basic | None = None) -> sp.Basic:
        """``expr`` (default: the relation) with definitions expanded (for reading only)."""
        return expand_definitions(self.relation if expr is None else expr, self.definitions)

    def parts(self) -> tuple[sp.Basic, ...]:
        """The conjuncts of the relation (the relation itself when it is not an ``And``).

        Order is SymPy's canonical order of ``And``'s arguments, not the order written; look parts
        up by what they are (see :meth:`part`)."""
        return _conjuncts(self.relation)

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

    def definition_theorems(self) -> tuple[Theorem, ...]:
        """The core's definition theorems of ``definitions`` and ``axioms`` (built once)."""
        cached = self.__dict__.get("_definition_theorems")
        if cached is None:
            cached = (*_definition_theorems(self.definitions), *(resolve(a) for a in self.axioms))
            object.__setattr__(self, "_definition_theorems", cached)
        return cached

    # ------------------------------------------------------------ proving it

    def theorem(self) -> Theorem:
        """The core theorem of exactly this statement (raises :class:`ProofError` otherwise)."""
        if self.proof is not None:
            try:
                thm = self.proof(self)
            except LookupError as exc:  # Statement.part: a part the proof needs is missing
                raise ProofError(
                    "statement", f"the statement is not of the form its proof proves: {exc}"
                ) from None
            if isinstance(thm, Outcome):
                if thm.theorem is None:
                    raise ProofError(
                        "statement",
                        "the proof returned an outcome without a core theorem: it concluded "
                        f"outside the core ({thm.detail[:120]})",
                    )
                thm = thm.theorem
        else:
            thm = prove_relation(self.relation, (), self.definition_theorems(), self.rewrite)
        accept(self, thm)
        return thm

    def prove(self) -> Outcome:
        """Prove it (see :meth:`theorem`), then run the sanity net on the proved statement."""
        if self.kind == "numeric" and self.proof is not None:
            outcome = self.proof(self)  # an empirical statement: confirmed, never a theorem
            if not isinstance(outcome, Outcome):
                raise TypeError(f"statement proof returned {type(outcome).__name__}, not Outcome")
            return Outcome(outcome.ok, outcome.detail)
        from gradproof.sanity import KernelError, net_for_statement

        try:
            thm = self.theorem()
        except ProofError as exc:
            return Outcome.fails(f"formal statement NOT proved: {exc}")
        except KernelError as exc:
            return Outcome(False, str(exc), None, kernel_error=True)

        verdict = net_for_statement(self, thm)
        rules = ", ".join(f"{r}×{n}" for r, n in sorted(thm.rules_used().items()))
        axioms = "; ".join(sorted(d.text() for d in thm.axioms))
        detail = f"formal statement proved by the core ({rules})"
        if self.rewrite and "substitution" in thm.rules_used():
            detail += f" with {'; '.join(r.text() for r in self.rewrite)}"
        if axioms:
            detail += f"; definitions: {presenters.short_text(axioms, 300)}"
        if verdict.failure is not None:
            return Outcome(
                False,
                f"KERNEL ERROR: {detail}, but {verdict.failure}",
                thm,
                kernel_error=True,
            )
        return Outcome(True, f"{detail}; sanity net: {verdict.summary}", thm)

    # ------------------------------------------------------------ printing it

    # The printers attach from outside (gradproof.presenters; gradproof.display registers them):
    # without them, SymPy's own forms.

    def pretty(self) -> str:
        """The relation in Unicode (the docs' printer), then ``for <domain>``."""
        shown = presenters.present(self, presenters.FORMULA)
        return shown if shown is not None else f"{sp.pretty(self.relation)}\nfor {self.domain}"

    def text(self) -> str:
        """One line: the relation in Nielsen's notation (the registered formula printer,
        :func:`gradproof.presenters.text`)."""
        return presenters.text(self.relation)

    def latex(self) -> str:
        """The relation in LaTeX followed by ``\\quad\\text{for <domain>}``."""
        shown = presenters.present(self, presenters.LATEX)
        if shown is not None:
            return shown
        return rf"{sp.latex(self.relation)} \quad \text{{for {self.domain}}}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def accept(st: Statement, thm: Any) -> None:
    """The kernel's acceptance of a theorem for a statement (raises :class:`ProofError`).

    It must be a core theorem, with no hypothesis left, of *exactly* the statement's relation,
    relying on no definition but those the statement declares (its ``definitions`` and
    ``axioms``, with the same bodies).
    """
    if not isinstance(thm, Theorem):
        raise ProofError(
            "statement",
            f"the proof returned {type(thm).__name__}, not a core theorem: only the core concludes",
        )
    if thm.hyps:
        raise ProofError(
            "statement",
            "the theorem still depends on hypotheses nobody proved: "
            + "; ".join(_short(h, 60) for h in thm.hyps),
        )
    if thm.prop != st.relation:
        raise ProofError(
            "statement",
            f"the theorem proves {_short(thm.prop, 100)}, not the statement "
            f"{_short(st.relation, 100)}",
        )
    declared = {d.lhs: d.rhs for t in st.definition_theorems() for d in t.axioms}
    for d in thm.axioms:
        if declared.get(d.lhs) != d.rhs:
            raise ProofError(
                "statement",
                f"the proof relies on the definition {d.text()}, which the statement does not"
                " declare (definitions= or axioms=)",
            )


# ============================================================ lemmas

_SESSION: dict[int, tuple[Statement, Outcome]] | None = None


@contextmanager
def proof_session() -> Iterator[None]:
    """Within it, each lemma is proved once (``use`` reuses the outcome); outside, every use
    proves afresh, so nothing proved under a test's monkeypatch outlives the test."""
    global _SESSION
    outer = _SESSION
    if outer is None:
        _SESSION = {}
    try:
        yield
    finally:
        if outer is None:
            _SESSION = None


def prove_once(statement: Statement) -> Outcome:
    """``statement.prove()``, reused within one :func:`proof_session` (by object identity)."""
    if _SESSION is not None:
        hit = _SESSION.get(id(statement))
        if hit is not None and hit[0] is statement:
            return hit[1]
    return prove_fresh(statement)


def prove_fresh(statement: Statement) -> Outcome:
    """``statement.prove()`` now (the kernel's ``statement`` check), kept for :func:`use` in the
    current proof session."""
    outcome = statement.prove()
    if _SESSION is not None:
        _SESSION[id(statement)] = (statement, outcome)
    return outcome


def _formal_of(lemma: Any) -> Statement:
    formal = getattr(lemma, "formal", lemma)
    formal = formal.get() if callable(getattr(formal, "get", None)) else formal
    if not isinstance(formal, Statement):
        name = getattr(lemma, "id", repr(lemma))
        raise LemmaError(f"lemma {name} has no formal statement to use")
    return formal


def use(lemma: Any) -> Theorem:
    """The closed core theorem of ``lemma``'s formal statement (a ``Claim`` with ``formal=``, or
    a :class:`Statement`).

    Proves it first (once per proof session, :func:`prove_once`); raises :class:`LemmaError`
    naming the lemma when it does not hold, is only confirmed numerically, or tripped the
    sanity net, so a theorem built on it cannot be proved.
    """
    formal = _formal_of(lemma)
    outcome = prove_once(formal)
    if not outcome.ok or formal.kind == "numeric" or not isinstance(outcome.theorem, Theorem):
        name = getattr(lemma, "id", formal.text())
        why = outcome.detail if not outcome.ok else "it is only confirmed numerically"
        raise LemmaError(f"lemma {name} is not proved: {why}")
    return outcome.theorem


def lemma(claim: Any) -> Callable[[], Theorem]:
    """``use(claim)`` later: a fact for ``Derivation(using=…)`` or :func:`by` that is proved on
    first use (not at import)."""

    def proved() -> Theorem:
        try:
            return use(claim)
        except LemmaError as exc:
            raise ProofError("lemma", str(exc)) from None

    proved.__name__ = f"lemma {getattr(claim, 'id', '?')}"
    return proved


def lemma_part(
    claim: Any, kind: type, test: Callable[[sp.Basic], bool] = lambda r: True
) -> Theorem:
    """The one conjunct of the lemma's theorem of type ``kind`` satisfying ``test`` (core rule
    ``part``)."""
    thm = use(claim)
    found = [p for p in _conjuncts(thm.prop) if isinstance(p, kind) and test(p)]
    if len(found) != 1:
        raise LemmaError(
            f"lemma {getattr(claim, 'id', '?')} has {len(found)} parts of type {kind.__name__}"
            " matching the test (expected exactly 1)"
        )
    return core.part(thm, found[0])


def lemma_check(lemma: Any) -> Callable[[], Outcome]:
    """The kernel's check for ``Claim(uses=(lemma, …))``: the lemma's statement is proved."""

    def check() -> Outcome:
        name = getattr(lemma, "id", "lemma")
        try:
            thm = use(lemma)
        except LemmaError as exc:
            return Outcome.fails(str(exc))
        return Outcome(True, f"lemma {name} proved: {_short(thm.prop, 200)}", thm)

    check.__name__ = f"uses {getattr(lemma, 'id', 'lemma')}"
    return check


def instance(
    thm: Theorem, subs: Mapping[sp.Basic, sp.Basic], hyps: Sequence[sp.Basic] = ()
) -> Theorem:
    """A proved theorem at other terms (the core's ``instantiate`` rule: each value must lie in
    its symbol's domain, shown from the assumptions and the hypotheses ``hyps``)."""
    return core.instantiate(thm, dict(subs), hyps=hyps)


def discharged(thm: Theorem) -> Theorem:
    """``thm`` with its implication's premise discharged (the core's ``modus_ponens``) where the
    core proves the premise from the symbols' domains alone (L ≥ 1 for a positive integer L);
    otherwise ``thm`` unchanged, its premise left for the caller."""
    if not isinstance(thm.prop, sp.Implies):
        return thm
    try:
        premise = core.relation(thm.prop.args[0])
    except ProofError:
        return thm
    return core.modus_ponens(thm, premise)


def by(*facts: Any) -> Justification:
    """A :class:`~gradproof.derivation.Step` justification that uses the given facts.

    Each fact is a core :class:`~gradproof.core.Theorem` (e.g. ``use(lemma)``, ``instance(…)``,
    a definition), a zero-argument function returning one (:func:`lemma`), or a *relation*: a
    relation nobody proved is a **hypothesis** — the link's theorem, and every theorem built on
    it, depends on it until a rule discharges it (an inductive hypothesis by the induction rule,
    an implication's premise by the ``implies`` rule); a statement is never proved with one left.

    The link ``previous R current`` is proved by the core's identity or inequality rule with
    the facts: an equation ``a = b`` replaces ``a`` by ``b``; ``a ≤ b`` replaces ``a`` by every
    value it allows (b − μ, μ ≥ 0).
    """
    if not facts:
        raise ValueError("by() needs at least one fact")

    def justify(prev: sp.Basic, cur: sp.Basic, rel: str, ctx: LinkContext) -> Theorem:
        theorems: list[Theorem] = []
        hyps: list[sp.Basic] = []
        for f in facts:
            if isinstance(f, Theorem):
                theorems.append(f)
            elif isinstance(f, sp.Basic):
                for c in _conjuncts(f):
                    if not isinstance(c, (*_RELATIONS, sp.Ne)):
                        raise ProofError("by", f"cannot use a {type(c).__name__} as a fact: {c}")
                    hyps.append(c)
            elif getattr(f, "formal", None) is not None:
                theorems.append(lemma(f)())
            else:
                theorems.append(resolve(f))
        goal = link(prev, cur, rel)
        return core.relation(goal, hyps=(*ctx.hyps, *hyps), using=(*ctx.using, *theorems))

    justify.facts = facts  # type: ignore[attr-defined]
    return justify


# ============================================================ derivations that fit a goal

_WEAKEN_TO = {sp.Le: sp.Le, sp.Lt: sp.Lt, sp.Ge: sp.Ge, sp.Gt: sp.Gt, sp.Eq: sp.Eq}


def fits(derivation: Derivation, goal: sp.Basic, extra: Sequence[Theorem] = ()) -> Theorem:
    """The core theorem that ``derivation`` proves exactly ``goal`` (raises ProofError otherwise).

    It must start at ``goal.lhs`` and end at ``goal.rhs`` (structurally equal), every link
    proved by the core, and compose (the core's ``chain`` rule, then ``weaken`` from < to ≤ or
    from = to ≤) to the goal's relation; a ``<`` goal needs a strict link.
    """
    if type(goal) not in _WEAKEN_TO:
        raise ProofError("fits", f"goal {_short(goal)} is not an =, ≤, <, ≥ or > relation")
    first, last = derivation.steps[0].expr, derivation.steps[-1].expr
    title = derivation.title
    if first != goal.lhs:
        raise ProofError(
            "fits", f"{title}: starts at {_short(first)}, not at the goal's {_short(goal.lhs)}"
        )
    if last != goal.rhs:
        raise ProofError(
            "fits", f"{title}: ends at {_short(last)}, not at the goal's {_short(goal.rhs)}"
        )
    thm = derivation.theorem(extra)
    thm = core.weaken(thm, type(goal))
    if thm.prop != goal:
        raise ProofError("fits", f"{title}: proves {_short(thm.prop)}, not {_short(goal)}")
    return thm


def fits_outcome(derivation: Derivation, goal: sp.Basic) -> Outcome:
    """:func:`fits` as an outcome (for checks that report rather than raise)."""
    try:
        thm = fits(derivation, goal)
    except ProofError as exc:
        return Outcome.fails(str(exc))
    return Outcome(True, f"{derivation.title}: fits {_short(goal)}", thm)


# ============================================================ induction


@dataclass(frozen=True)
class Induction:
    """∀ n ≥ base: P(n), proved by induction on ``var`` (see the module docstring's example).

    ``P``
        n ↦ a SymPy relation (a ``Lambda`` or a Python callable); the same ``P`` gives the base
        goal ``P(base)``, the hypothesis ``P(n)``, the step goal ``P(n + 1)`` and the statement.
    ``base_case(goal)``
        returns a :class:`~gradproof.derivation.Derivation` from ``goal.lhs`` to ``goal.rhs``.
    ``step(ih, goal)``
        returns a Derivation from ``goal.lhs`` to ``goal.rhs`` that may use ``ih`` (and
        ``var ≥ base``) as hypotheses through ``Step(…, check=by(ih))``.
    ``var``
        an integer symbol whose domain contains every integer from ``base`` on; ``base`` its
        first value (a number or an integer expression such as ``j``).
    ``using``
        proved facts (definitions, lemmas) the base and the step may use in every link.
    """

    name: str
    var: sp.Symbol
    base: Any
    P: Callable[[Any], sp.Basic]
    base_case: Callable[[sp.Basic], Derivation]
    step: Callable[[sp.Basic, sp.Basic], Derivation]
    domain: str = ""
    using: tuple[Any, ...] = field(default=(), compare=False)

    def goal(self, n: Any) -> sp.Basic:
        """``P(n)`` as a relation (the one object every piece is derived from)."""
        rel = self.P(sp.sympify(n))
        if rel is sp.false:
            raise ProofError("induction", f"{self.name}: P({n}) evaluates to False")
        if not isinstance(rel, _RELATIONS):
            raise TypeError(f"induction {self.name}: P({n}) must be a relation, got {rel!r:.80}")
        return rel

    def base_derivation(self) -> Derivation:
        return self.base_case(self.goal(self.base))

    def step_derivation(self) -> Derivation:
        return self.step(self.goal(self.var), self.goal(self.var + 1))

    def theorem(self) -> Theorem:
        """The core's induction rule on the base's and the step's theorems (raises ProofError)."""
        extra = tuple(resolve(u) for u in self.using)
        base = fits(self.base_derivation(), self.goal(self.base), extra)
        step = fits(self.step_derivation(), self.goal(self.var + 1), extra)
        return core.induction(self.var, sp.sympify(self.base), self.goal, base, step)

    def conclusion(self) -> sp.Basic:
        """What the induction proves: ``P(var)``, or ``var ≥ base ⇒ P(var)`` when var's domain
        does not already give var ≥ base (as the core's rule states it)."""
        base = sp.sympify(self.base)
        if sp.sympify(self.var - base).is_nonnegative is True:
            return self.goal(self.var)
        return sp.Implies(sp.Ge(self.var, base, evaluate=False), self.goal(self.var))

    def check(self) -> Outcome:
        """Base and step each fit their goal; the core's induction rule concludes."""
        try:
            thm = self.theorem()
        except ProofError as exc:
            return Outcome.fails(f"induction {self.name} fails: {exc}")
        return Outcome(
            True,
            f"induction {self.name} holds: base P({self.base}) and step P({self.var}) ⇒ "
            f"P({self.var} + 1) proved by the core",
            thm,
        )

    def statement(
        self, proof: Callable[[Statement], Any] | None = None, explanation: str = ""
    ) -> Statement:
        """The formal statement proved by this induction (:meth:`conclusion`).

        The statement's proof requires the statement it receives to *be* the conclusion (so a
        changed copy fails); ``proof``, when given, receives the statement and the induction's
        theorem's outcome is not enough on its own — it must return the theorem of the
        statement (e.g. built from :meth:`theorem`).
        """
        domain = f"{self.var} ≥ {self.base} integer" + (f"; {self.domain}" if self.domain else "")

        def by_induction(st: Statement) -> Theorem:
            if proof is not None:
                return proof(st)
            return self.theorem()

        return Statement(
            relation=self.conclusion(),
            domain=domain,
            proof=by_induction,
            explanation=explanation,
            axioms=self.using,
        )


# ============================================================ proofs from derivations

PartProver = Callable[[sp.Basic, "Statement"], "Theorem | None"]


def proved_by(
    *derivations: Derivation, extra: Sequence[PartProver] = ()
) -> Callable[[Statement], Theorem]:
    """A statement proof: each conjunct is proved by a derivation that *fits* it exactly
    (:func:`fits`), else by one of ``extra`` (``prover(part, statement) -> Theorem``, or None when
    it does not apply; a prover that applies and raises has the last word), else by the generic
    prover (definitions unfolded, rewrites checked by the core). The parts are joined by the
    core's ``conj`` rule, so a statement whose number or factor is changed fails.
    """

    def proof(st: Statement) -> Theorem:
        defs = st.definition_theorems()
        done: dict[sp.Basic, Theorem] = {}
        for p in sorted(st.parts(), key=lambda r: isinstance(r, sp.Implies)):
            thm: Theorem | None = None
            errors: list[str] = []
            for d in derivations:
                if type(p) in _WEAKEN_TO and d.steps[0].expr == p.lhs:
                    thm = _attempt(lambda d=d, p=p: fits(d, p, defs), errors)  # type: ignore[misc]
                    if thm is not None:
                        break
            if thm is None:
                for prover in extra:
                    found = prover(p, st)
                    if found is not None:
                        thm = found
                        break
            if thm is None:
                thm = prove_relation(p, (), (*defs, *done.values()), st.rewrite)
            done[p] = thm
        return core.conj(*(done[p] for p in st.parts()))

    return proof
