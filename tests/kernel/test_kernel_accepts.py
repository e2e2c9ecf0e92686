"""Each rule of the core accepts a true statement (so its refusals are not refusals of everything),
and the theorem it makes is exactly what was asked, with the rule's name recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy as sp
from _wrong import k, n, s, t, w, x, y, z

from gradproof import core
from gradproof.core import RULES, Theorem

half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
f = sp.Function("f")
a_ = sp.Function("a")
j = sp.Symbol("j", integer=True, positive=True)


def _eq(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Eq(a, b, evaluate=False)


def _le(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Le(a, b, evaluate=False)


def _lt(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Lt(a, b, evaluate=False)


def _odd(v: sp.Basic) -> sp.Basic:
    return _eq(sp.Sum(2 * k - 1, (k, 1, v)), v**2)


def _sigma_prime(v: sp.Expr) -> sp.Expr:
    return sp.exp(-v) / (1 + sp.exp(-v)) ** 2


def _taylor() -> Theorem:
    """σ(y) = σ(0) + σ′(0)y + R with |σ″| ≤ 1/4·… — here the simplest: |e^{−ξ²}′′| is hard, so
    F(x) = x²/2 + x, F″ = 1, |1| ≤ 1: |F(y) − F(0) − F′(0)y| ≤ y²/2 (exact)."""
    F = sp.Lambda(x, x**2 / 2 + x)
    bound = core.inequality(_le(sp.Abs(sp.Integer(1) + 0 * w), 1))
    return core.taylor(F, y, 0, 1, bound)


ACCEPTED: dict[str, tuple[Callable[[], Theorem], sp.Basic | None]] = {
    "define": (lambda: core.define(f(x), x + 1), _eq(f(x), x + 1)),
    "assume": (lambda: core.assume(_le(x, 1)), _le(x, 1)),
    "unfold": (
        lambda: core.unfold(
            core.identity(x + 1 - 1, x), _eq(f(x) - 1, x), using=(core.define(f(y), y + 1),)
        ),
        _eq(f(x) - 1, x),
    ),
    "identity": (lambda: core.identity((x + 1) ** 2, x**2 + 2 * x + 1), None),
    "inequality": (lambda: core.inequality(_le(_sigma_prime(z), quarter)), None),
    "chain": (
        lambda: core.chain(
            [
                core.identity((x - 1) ** 2, x**2 - 2 * x + 1),
                core.inequality(_lt(x**2 - 2 * x + 1, x**2 - 2 * x + 2)),
            ]
        ),
        _lt((x - 1) ** 2, x**2 - 2 * x + 2),
    ),
    "weaken": (
        lambda: core.weaken(core.inequality(_lt(x**2, x**2 + 1)), sp.Le),
        _le(x**2, x**2 + 1),
    ),
    "cut": (
        lambda: core.cut(
            core.inequality(_le(sp.Abs(w) / 2, sp.Abs(w))),
            core.inequality(_le(sp.Abs(w) / 4, sp.Abs(w)), hyps=(_le(sp.Abs(w) / 2, sp.Abs(w)),)),
        ),
        _le(sp.Abs(w) / 4, sp.Abs(w)),
    ),
    "instantiate": (
        lambda: core.instantiate(
            core.inequality(sp.Gt(sp.log(1 + t), 0, evaluate=False)), {t: s**2}
        ),
        sp.Gt(sp.log(1 + s**2), 0, evaluate=False),
    ),
    "implies": (
        lambda: core.implies(
            core.inequality(_lt(sp.Abs(w) / 4, quarter), hyps=(_lt(sp.Abs(w), 1),)),
            _lt(sp.Abs(w), 1),
        ),
        sp.Implies(_lt(sp.Abs(w), 1), _lt(sp.Abs(w) / 4, quarter)),
    ),
    "conj": (
        lambda: core.conj(core.identity(x + x, 2 * x), core.inequality(_le(0, x**2))),
        None,
    ),
    "part": (
        lambda: core.part(
            core.conj(core.identity(x + x, 2 * x), core.inequality(_le(0, x**2))), _le(0, x**2)
        ),
        _le(0, x**2),
    ),
    "induction": (
        lambda: core.induction(
            n,
            1,
            _odd,
            core.identity(_odd(sp.Integer(1)).lhs, _odd(sp.Integer(1)).rhs),
            core.identity(_odd(n + 1).lhs, _odd(n + 1).rhs, hyps=(_odd(n),)),
        ),
        _odd(n),
    ),
    "substitution": (
        lambda: core.substitution(
            core.inequality(_le(t / (1 + t) ** 2, quarter)),
            _le(_sigma_prime(z), quarter),
            sp.exp(-z),
            t,
            t,
            sp.exp(-z),
        ),
        _le(_sigma_prime(z), quarter),
    ),
    "only_solution": (
        lambda: core.only_solution(_eq(_sigma_prime(z), quarter), z, 0),
        sp.Implies(_eq(_sigma_prime(z), quarter), _eq(z, 0)),
    ),
    "range_split": (lambda: core.range_split(sp.Product(k, (k, 1, n)), n - 1), None),
    "sum_termwise": (
        lambda: core.sum_termwise(core.inequality(_le(-(k**2), k**2)), k, 1, n),
        _le(sp.Sum(-(k**2), (k, 1, n)), sp.Sum(k**2, (k, 1, n))),
    ),
    "integral_monotone": (
        lambda: core.integral_monotone(
            core.inequality(_le(0, sp.cos(x) ** 2)),
            core.inequality(_le(sp.cos(x) ** 2, 1)),
            x,
            sp.exp(-(x**2)),
        ),
        _le(
            sp.Integral(sp.cos(x) ** 2 * sp.exp(-(x**2)), (x, -sp.oo, sp.oo)),
            sp.Integral(sp.exp(-(x**2)), (x, -sp.oo, sp.oo)),
        ),
    ),
    "mean_value": (
        lambda: core.mean_value(sp.Lambda(x, x**3), t, 0, "nonnegative"),
        sp.Ge(t**3, 0, evaluate=False),
    ),
    "taylor": (_taylor, None),
    "modus_ponens": (
        lambda: core.modus_ponens(
            core.implies(
                core.inequality(_lt(sp.Abs(w) / 4, quarter), hyps=(_lt(sp.Abs(w), 1),)),
                _lt(sp.Abs(w), 1),
            ),
            core.inequality(_lt(sp.Abs(w), 1), hyps=(_lt(sp.Abs(w), half),)),
        ),
        _lt(sp.Abs(w) / 4, quarter),
    ),
    "abs_bound": (
        lambda: core.abs_bound(
            core.inequality(_le(-1, 2 * t / (1 + t**2))),
            core.inequality(_le(2 * t / (1 + t**2), 1)),
        ),
        None,
    ),
    "enclosure": (
        lambda: core.enclosure(
            _lt(sp.Abs(sp.erf(1 / sp.sqrt(2)) - sp.Rational(6827, 10000)), sp.Rational(1, 20000))
        ),
        None,
    ),
}


def test_every_rule_has_a_true_statement_here() -> None:
    assert set(ACCEPTED) == set(RULES)


@pytest.mark.parametrize("rule", sorted(ACCEPTED))
def test_the_rule_accepts_a_true_statement(rule: str) -> None:
    make, expected = ACCEPTED[rule]
    thm = make()
    assert isinstance(thm, Theorem)
    assert thm.rule == rule
    if expected is not None:
        assert thm.prop == expected
    assert rule in thm.rules_used()


def test_an_induction_whose_domain_is_all_integers_from_a_symbolic_base() -> None:
    """With var ≥ base not implied by var's domain, the induction states the premise itself."""
    L = sp.Symbol("L", integer=True, positive=True)

    def P(v: sp.Basic) -> sp.Basic:
        return _eq(sp.Sum(1, (k, j, v)), v - j + 1)

    base = core.identity(P(j).lhs, P(j).rhs)
    step = core.identity(P(L + 1).lhs, P(L + 1).rhs, hyps=(P(L), sp.Ge(L, j, evaluate=False)))
    thm = core.induction(L, j, P, base, step)
    assert thm.prop == sp.Implies(sp.Ge(L, j, evaluate=False), P(L))
    assert thm.closed


def test_a_theorem_lists_the_definitions_it_relies_on() -> None:
    import gradproof.display  # noqa: F401  (registers the notation printer the text uses)

    d = core.define(f(x), x**2)
    thm = core.identity(f(y) - y**2, 0, using=(d,))
    assert {a.text() for a in thm.axioms} == {"f(x) := x²"}


def test_implies_discharges_its_hypothesis_only() -> None:
    thm = core.inequality(_le(x + y, 0), hyps=(_le(x, 0), _le(y, 0)))
    out = core.implies(thm, _le(x, 0))
    assert out.hyps == frozenset({_le(y, 0)})
    assert not out.closed


def test_a_theorem_with_hypotheses_left_does_not_prove_a_claim() -> None:
    from gradproof.claims import Claim, Outcome, run_claim, symbolic

    under = core.inequality(_le(x, 1), hyps=(_le(x, 0),))
    claim = Claim(
        id="toy_claim",
        statement="x ≤ 1 (only under x ≤ 0)",
        source="nielsen-ch5 eq. (122)",
        evidence=(symbolic(lambda: Outcome(True, "a theorem with a hypothesis left", under)),),
    )
    result = run_claim(claim)
    assert result.status == "confirmed" and not result.evidence[0].proves


def test_the_explanation_page_lists_every_rule_of_the_core() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "explanation.md").read_text("utf-8")
    missing = [r for r in RULES if f"`{r}`" not in page]
    assert not missing, f"docs/explanation.md does not describe the rules {missing}"
