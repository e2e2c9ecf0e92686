"""The core's abs_bound rule: −M ≤ G and G ≤ M give |G| ≤ M, and nothing else.

Each wrong use must be refused with a ProofError that names the rule; the true statements at
the end must be accepted.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof import core
from gradproof.core import ProofError, Theorem

x = sp.Symbol("x", positive=True)
y = sp.Symbol("y", real=True)
HALF = sp.Rational(1, 2)


def le(a: object, b: object) -> sp.Basic:
    return sp.Le(a, b, evaluate=False)


def lt(a: object, b: object) -> sp.Basic:
    return sp.Lt(a, b, evaluate=False)


def _fraction_bounds() -> tuple[Theorem, Theorem]:
    """⊢ −1 ≤ x/(1 + x) and ⊢ x/(1 + x) ≤ 1 for x > 0."""
    g = x / (1 + x)
    return core.inequality(le(-1, g)), core.inequality(le(g, 1))


def _refused(make: object) -> ProofError:
    with pytest.raises(ProofError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.rule == "abs_bound", caught.value
    assert "abs_bound" in str(caught.value)
    return caught.value


def test_bounds_that_are_not_negatives_are_refused() -> None:
    # −1 ≤ G and G ≤ 1/2 do not give |G| ≤ 1/2 (G = −1 is allowed by the first premise)
    lower, _ = _fraction_bounds()
    upper_half = core.inequality(le(x / (2 * (1 + x)), HALF))
    err = _refused(lambda: core.abs_bound(lower, upper_half))
    assert "different expressions" in err.reason or "negatives" in err.reason
    wide = core.inequality(le(-2, x / (1 + x)))  # −2 ≤ G ≤ 1: not |G| ≤ 1
    err = _refused(lambda: core.abs_bound(wide, _fraction_bounds()[1]))
    assert "not negatives of each other" in err.reason


def test_premises_about_different_expressions_are_refused() -> None:
    lower, _ = _fraction_bounds()
    other = core.inequality(le(1 / (1 + x), 1))
    err = _refused(lambda: core.abs_bound(lower, other))
    assert "different expressions" in err.reason


def test_an_unproved_relation_is_refused() -> None:
    lower, _ = _fraction_bounds()
    _refused(lambda: core.abs_bound(lower, le(x / (1 + x), 1)))  # a relation, not a theorem
    _refused(lambda: core.abs_bound(le(-1, x / (1 + x)), lower))


def test_two_upper_bounds_are_refused() -> None:
    # G ≤ 1 twice (the second read as "lower" would need −1 ≤ G): G = −5 satisfies both
    _, upper = _fraction_bounds()
    _refused(lambda: core.abs_bound(upper, upper))


def test_the_premises_in_the_wrong_order_are_refused() -> None:
    lower, upper = _fraction_bounds()
    _refused(lambda: core.abs_bound(upper, lower))


def test_an_equation_is_not_a_bound() -> None:
    eq = core.identity(x / (1 + x), 1 - 1 / (1 + x))
    _, upper = _fraction_bounds()
    _refused(lambda: core.abs_bound(eq, upper))


def test_a_true_two_sided_bound_gives_the_absolute_value() -> None:
    lower, upper = _fraction_bounds()
    thm = core.abs_bound(lower, upper)
    assert thm.prop == le(sp.Abs(x / (1 + x)), 1)
    assert thm.closed and thm.rule == "abs_bound"


def test_hypotheses_are_carried_and_greater_equal_forms_read() -> None:
    # {0 ≤ y, y ≤ 1} ⊢ |y − 1/2| ≤ 1/2, the lower premise written as y − 1/2 ≥ −1/2
    lower = core.inequality(sp.Ge(y - HALF, -HALF, evaluate=False), hyps=[sp.Ge(y, 0)])
    upper = core.inequality(le(y - HALF, HALF), hyps=[le(y, 1)])
    thm = core.abs_bound(lower, upper)
    assert thm.prop == le(sp.Abs(y - HALF), HALF)
    assert thm.hyps == {sp.Ge(y, 0), le(y, 1)}
    closed = core.implies(thm, sp.And(sp.Ge(y, 0), le(y, 1)))
    assert closed.closed


def test_strict_premises_give_a_strict_bound() -> None:
    g = x / (1 + x)
    lower = core.inequality(lt(-1, g))
    upper = core.inequality(lt(g, 1))
    assert isinstance(core.abs_bound(lower, upper).prop, sp.Lt)
    assert isinstance(core.abs_bound(lower, core.inequality(le(g, 1))).prop, sp.Le)


def test_the_rule_is_listed_with_its_side_conditions() -> None:
    assert "abs_bound" in core.RULES and "negatives" in core.RULES["abs_bound"]
