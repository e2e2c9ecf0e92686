"""The trusted core: the only code whose correctness "proved" rests on.

A proved statement is a :class:`~gradproof.core.theorem.Theorem` ``Γ ⊢ φ``; only the rules of
:mod:`gradproof.core.rules` make one, each checking its own side conditions (definedness on the
whole domain, the domain of a lemma's instance, the strictness of a chain, the coverage of a
change of variables, the reach of an induction). Everything else in the package — the generic
prover's search (:mod:`gradproof.logic`), derivations (:mod:`gradproof.derivation`), the claims'
own proofs, printers — can only *propose* a proof by calling the rules; a statement counts as
proved only when the theorem the rules return is exactly the statement, with no hypothesis left.

The core is four small modules: :mod:`~gradproof.core.theorem` (the type),
:mod:`~gradproof.core.algebra` (the two decision procedures: identically zero, sign),
:mod:`~gradproof.core.domain` (definedness side conditions) and :mod:`~gradproof.core.rules`.
The sanity net (:mod:`gradproof.sanity`) evaluates what the core proved at sample points; it is
outside the core and can only *accuse* it (a kernel error), never make anything proved.

This package imports SymPy; keep it out of the light import path.
"""

from __future__ import annotations

from gradproof.core.rules import (
    abs_bound,
    assume,
    chain,
    conj,
    cut,
    define,
    enclosure,
    identity,
    implies,
    induction,
    inequality,
    instantiate,
    integral_monotone,
    mean_value,
    modus_ponens,
    only_solution,
    part,
    range_split,
    relation,
    substituted,
    substitution,
    sum_termwise,
    taylor,
    unfold,
    unfolded,
    weaken,
)
from gradproof.core.theorem import Definition, ProofError, Theorem

#: The rules, by the name a theorem records, with the side conditions each checks.
RULES: dict[str, str] = {
    "define": "the defined term is a new function or indexed name; recursion on a smaller integer",
    "assume": "the hypothesis is a relation; it stays in Γ until discharged",
    "unfold": "the premise is the statement with its definitions unfolded, each application "
    "inside its definition's domain",
    "identity": "both sides defined on the domain; lhs − rhs simplifies to exactly 0",
    "inequality": "both sides defined; the gap has the needed sign (strict for <, >)",
    "chain": "links meet exactly, point one way; strict only if some link is strict",
    "cut": "the fact discharged is exactly a hypothesis of the theorem",
    "instantiate": "each value lies in its symbol's domain; bound variables only renamed",
    "implies": "the conclusion was proved with the hypothesis as an assumption",
    "conj": "every part proved",
    "part": "the part is a conjunct of the proved conjunction",
    "induction": "base proves P(base), step proves P(n+1) from P(n), n ≥ base; the domain "
    "reaches every n ≥ base",
    "substitution": "the inverse maps the old variable's whole domain into the new one's and "
    "g(h(u)) = u (the rewrite is onto)",
    "only_solution": "the equation has one unknown; its real solution set is {x₀}; x₀ solves it",
    "range_split": "all three ranges have a sign",
    "mean_value": "F differentiable on the segment; F′(ξ)(x − x₀) signed for every ξ on it",
    "taylor": "F⁽ⁿ⁺¹⁾ defined everywhere and bounded by a proved, closed bound",
    "enclosure": "closed numbers; the gap's sign certified by evalf's error bounds",
    "weaken": "only < to ≤ (or ≠), = to ≤ or ≥, > to ≥; never the other way",
    "modus_ponens": "the first premise is an implication H ⇒ G, the second proves exactly H",
    "abs_bound": "−M ≤ G and G ≤ M both proved, about the same G, with bounds that are exact "
    "negatives (L + M ≡ 0); gives |G| ≤ M",
    "integral_monotone": "0 ≤ f ≤ g proved at every real x (closed premises); the weight ≥ 0 "
    "by its sign; hi ≥ lo; gives ∫ f·w ≤ ∫ g·w",
    "sum_termwise": "=, ≤ or ≥ term by term gives it for Σ over lo..hi: only range hypotheses "
    "mention the index; the range lies in its domain and has a sign; strict refused",
}

__all__ = [
    "RULES",
    "Definition",
    "ProofError",
    "Theorem",
    "abs_bound",
    "assume",
    "chain",
    "conj",
    "cut",
    "define",
    "enclosure",
    "identity",
    "implies",
    "induction",
    "inequality",
    "instantiate",
    "integral_monotone",
    "mean_value",
    "modus_ponens",
    "only_solution",
    "part",
    "range_split",
    "relation",
    "substituted",
    "substitution",
    "sum_termwise",
    "taylor",
    "unfold",
    "unfolded",
    "weaken",
]
