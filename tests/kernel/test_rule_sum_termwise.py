"""Rule sum_termwise (gradproof.core): a relation proved term by term holds for the finite sums.

Wrong uses it must refuse (each refusal names the rule): a strict inequality, a hypothesis that
pins the index to one value, a range that leaves the index's domain, a range without a sign, a
definition with the index as a free parameter, a premise nobody proved. And true statements it
accepts, with and without range hypotheses.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof import core
from gradproof.core import ProofError

k = sp.Symbol("k", integer=True, positive=True)
ki = sp.Symbol("k", integer=True)  # any integer
n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True)
x = sp.IndexedBase("x", real=True)
c = sp.Symbol("c", real=True)


def _refused(make) -> str:
    with pytest.raises(ProofError) as err:
        make()
    assert err.value.rule == "sum_termwise", err.value
    return str(err.value)


def test_accepts_a_termwise_inequality_for_the_sums() -> None:
    term = core.inequality(sp.Le(-(x[k] ** 2), x[k] ** 2, evaluate=False))
    thm = core.sum_termwise(term, k, 1, n)
    assert thm.closed
    assert thm.prop == sp.Le(
        sp.Sum(-(x[k] ** 2), (k, 1, n)), sp.Sum(x[k] ** 2, (k, 1, n)), evaluate=False
    )
    assert thm.rule == "sum_termwise"


def test_accepts_range_hypotheses_and_discharges_them() -> None:
    # (n − k)·x_k² ≥ 0 needs k ≤ n: a range hypothesis, discharged by the rule
    term = core.inequality(sp.Ge((n - k) * x[k] ** 2, 0), hyps=[sp.Le(k, n)])
    assert term.hyps == {sp.Le(k, n)}
    thm = core.sum_termwise(term, k, 1, n)
    assert thm.closed
    assert thm.prop == sp.Ge(
        sp.Sum((n - k) * x[k] ** 2, (k, 1, n)), sp.Sum(0, (k, 1, n)), evaluate=False
    )


def test_accepts_an_equation_term_by_term() -> None:
    term = core.identity((x[k] + 1) ** 2, x[k] ** 2 + 2 * x[k] + 1)
    thm = core.sum_termwise(term, k, 1, n)
    assert isinstance(thm.prop, sp.Eq) and thm.closed


def test_refuses_a_strict_inequality() -> None:
    # 0 < 1 term by term, but Σ over an empty range (n = 0) gives 0 < 0
    term = core.inequality(sp.Lt(sp.Integer(0), sp.Integer(1) + x[k] ** 2, evaluate=False))
    assert "strict" in _refused(lambda: core.sum_termwise(term, k, 1, m))


def test_refuses_a_hypothesis_that_pins_the_index() -> None:
    # {k = 1} ⊢ x_k = x_1 is true, Σ_k x_k = Σ_k x_1 is not
    term = core.identity(x[k], x[1], hyps=[sp.Eq(k, 1)])
    assert "not a range hypothesis" in _refused(lambda: core.sum_termwise(term, k, 1, n))


def test_refuses_a_range_hypothesis_for_another_range() -> None:
    # proved for k ≤ 3 only, summed up to n
    term = core.inequality(sp.Ge(3 - k, 0), hyps=[sp.Le(k, 3)])
    _refused(lambda: core.sum_termwise(term, k, 1, n))


def test_refuses_a_range_that_leaves_the_index_domain() -> None:
    # k is positive: the term at k = 0 was never proved
    term = core.inequality(sp.Ge(k, 1, evaluate=False))
    assert "domain" in _refused(lambda: core.sum_termwise(term, k, 0, n))


def test_refuses_a_range_without_a_sign() -> None:
    term = core.inequality(sp.Le(-(x[ki] ** 2), x[ki] ** 2, evaluate=False))
    # hi − lo + 1 = m − 4 has no sign for an arbitrary integer m
    assert "sign" in _refused(lambda: core.sum_termwise(term, ki, 5, m))


def test_refuses_a_definition_with_the_index_as_a_parameter() -> None:
    f = sp.Function("f")
    t = sp.Symbol("t", real=True)
    definition = core.define(f(t), k * t)  # f depends on k, which its left side hides
    term = core.identity(f(1), k, using=[definition])
    assert "parameter" in _refused(lambda: core.sum_termwise(term, k, 1, n))


def test_refuses_a_premise_nobody_proved() -> None:
    _refused(lambda: core.sum_termwise(sp.Le(x[k], x[k] + 1), k, 1, n))  # type: ignore[arg-type]


def test_refuses_an_index_that_is_not_an_integer() -> None:
    term = core.identity(x[1] * c, c * x[1])
    _refused(lambda: core.sum_termwise(term, c, 1, n))


def test_is_listed_among_the_rules() -> None:
    assert "sum_termwise" in core.RULES
