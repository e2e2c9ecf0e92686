"""Rule integral_monotone (gradproof.core): 0 ≤ f ≤ g at every real x gives ∫ f w ≤ ∫ g w.

Wrong uses it must refuse (each refusal names the rule): a premise with a hypothesis left, a
variable restricted to part of the line, a weight that can be negative, premises about different
functions, a lower premise that is not 0 ≤ f, a range with hi < lo. And a true statement it
accepts (the one the mean-field claims use).
"""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof import core
from gradproof.core import ProofError

x = sp.Symbol("x", real=True)
xp = sp.Symbol("x", positive=True)
a = sp.Symbol("a", real=True)
RHO = sp.exp(-(x**2) / 2)


def _le(lhs: sp.Basic, rhs: sp.Basic) -> sp.Basic:
    return sp.Le(lhs, rhs, evaluate=False)


def _refused(make) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ProofError) as err:
        make()
    assert err.value.rule == "integral_monotone", err.value
    return str(err.value)


def _premises(v: sp.Symbol = x) -> tuple[core.Theorem, core.Theorem]:
    return (
        core.inequality(_le(0, sp.sin(v) ** 2)),
        core.inequality(_le(sp.sin(v) ** 2, 1)),
    )


def test_accepts_a_bounded_square_against_the_gaussian_weight() -> None:
    lower, upper = _premises()
    thm = core.integral_monotone(lower, upper, x, RHO)
    assert thm.closed and thm.rule == "integral_monotone"
    assert thm.prop == _le(
        sp.Integral(sp.sin(x) ** 2 * RHO, (x, -sp.oo, sp.oo)),
        sp.Integral(RHO, (x, -sp.oo, sp.oo)),
    )


def test_refuses_a_premise_with_a_hypothesis_left() -> None:
    lower, _ = _premises()
    under = core.inequality(_le(sp.sin(x) ** 2, a), hyps=[sp.Ge(a, 1, evaluate=False)])
    assert "hypotheses" in _refused(lambda: core.integral_monotone(lower, under, x, RHO))


def test_refuses_a_variable_restricted_to_half_the_line() -> None:
    lower, upper = _premises(xp)
    assert "narrower" in _refused(lambda: core.integral_monotone(lower, upper, xp, RHO))


def test_refuses_a_weight_that_can_be_negative() -> None:
    lower, upper = _premises()
    assert "weight" in _refused(lambda: core.integral_monotone(lower, upper, x, x * RHO))


def test_refuses_premises_about_different_functions() -> None:
    lower, _ = _premises()
    other = core.inequality(_le(sp.cos(x) ** 2, 1))
    assert "second premise" in _refused(lambda: core.integral_monotone(lower, other, x, RHO))


def test_refuses_a_lower_premise_that_is_not_nonnegativity() -> None:
    _, upper = _premises()
    low = core.inequality(_le(-1, sp.sin(x) ** 2))
    assert "0 ≤ f" in _refused(lambda: core.integral_monotone(low, upper, x, RHO))


def test_refuses_a_reversed_range() -> None:
    lower, upper = _premises()
    assert "hi ≥ lo" in _refused(lambda: core.integral_monotone(lower, upper, x, RHO, 1, 0))


def test_the_rule_is_listed() -> None:
    assert "integral_monotone" in core.RULES
