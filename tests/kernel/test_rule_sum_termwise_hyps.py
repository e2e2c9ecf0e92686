"""The core's sum_termwise rule with a context Γ given (hyps=) and definitions (using=): Σ f R Σ g.

Wrong uses it must refuse (each refusal names the rule): a strict relation (false for an empty
range), a premise that holds only for part of the range (an extra hypothesis on the index, or an
index whose domain misses the first values), a context hypothesis that mentions the index, a
range without a sign (Σ_{k=1}^{m} with m any integer: SymPy reverses such a sum, which turns
≤ into ≥), a bound that mentions the index, and a premise nobody proved. And the true uses: an
identity and an inequality summed over 1..n.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof import core
from gradproof.core import ProofError

k = sp.Symbol("k", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True)  # any integer: 1..m may be a reversed range
x = sp.IndexedBase("x", real=True)


def _refused(make: object) -> ProofError:
    with pytest.raises(ProofError) as exc:
        make()  # type: ignore[operator]
    assert exc.value.rule == "sum_termwise"
    return exc.value


def test_an_identity_summed_term_by_term_is_accepted() -> None:
    term = core.identity((k + 1) ** 2, k**2 + 2 * k + 1)
    thm = core.sum_termwise(term, k, 1, n)
    assert thm.closed and thm.rule == "sum_termwise"
    assert thm.prop == sp.Eq(
        sp.Sum((k + 1) ** 2, (k, 1, n)), sp.Sum(k**2 + 2 * k + 1, (k, 1, n)), evaluate=False
    )


def test_an_inequality_that_needs_the_range_hypotheses_is_accepted() -> None:
    # k ≤ n gives k ≤ n for every term: Σ_{k=1}^{n} k ≤ Σ_{k=1}^{n} n
    term = core.inequality(sp.Le(k, n), hyps=(sp.Le(k, n, evaluate=False),))
    thm = core.sum_termwise(term, k, 1, n)
    assert thm.closed and isinstance(thm.prop, sp.Le)


def test_a_strict_relation_is_refused() -> None:
    # x_k < x_k + 1 for every k, but Σ over an empty range is 0 < 0
    term = core.inequality(sp.Lt(x[k], x[k] + 1, evaluate=False))
    err = _refused(lambda: core.sum_termwise(term, k, 1, n))
    assert "strict" in err.reason


def test_a_premise_proved_for_part_of_the_range_is_refused() -> None:
    # (k − 1)/(k − 1) = 1 holds only for k ≥ 2: the hypothesis k ≥ 2 is not a range hypothesis
    two = sp.Ge(k, 2)
    term = core.identity(
        sp.Mul(k - 1, sp.Pow(k - 1, -1, evaluate=False), evaluate=False), 1, hyps=(two,)
    )
    err = _refused(lambda: core.sum_termwise(term, k, 1, n))
    assert "depends on" in err.reason


def test_an_index_whose_domain_misses_the_first_value_is_refused() -> None:
    # the premise, proved for k ≥ 1, says nothing about k = 0
    term = core.identity(k / k, 1)
    err = _refused(lambda: core.sum_termwise(term, k, 0, n))
    assert "domain" in err.reason


def test_a_context_hypothesis_on_the_index_is_refused() -> None:
    hyp = sp.Gt(x[k], 0)
    term = core.inequality(sp.Ge(x[k], 0), hyps=(hyp,))
    err = _refused(lambda: core.sum_termwise(term, k, 1, n, hyps=(hyp,)))
    assert "mentions k" in err.reason or "mentions the index k" in err.reason


def test_a_range_without_a_sign_is_refused() -> None:
    # Σ_{k=1}^{m} with m = −3 is −Σ_{k=−2}^{0}: a termwise ≤ would become ≥
    j = sp.Symbol("j", integer=True)
    term = core.inequality(sp.Le(j, j + 1, evaluate=False))
    err = _refused(lambda: core.sum_termwise(term, j, 1, m))
    assert "range with a sign" in err.reason


def test_a_bound_that_mentions_the_index_is_refused() -> None:
    term = core.identity(2 * k, k + k)
    _refused(lambda: core.sum_termwise(term, k, 1, k + 1))


def test_a_premise_nobody_proved_is_refused() -> None:
    _refused(lambda: core.sum_termwise(sp.Eq(k, k + 1), k, 1, n))  # type: ignore[arg-type]


def test_a_premise_with_a_term_undefined_inside_the_range_is_refused() -> None:
    # a definition is not checked where its body is undefined: F(k) := 1/(k − 3) at k = 3
    F = sp.Function("F")
    term = core.define(F(k), 1 / (k - 3))
    err = _refused(lambda: core.sum_termwise(term, k, 1, n))
    assert "defined" in err.reason


def test_definitions_show_the_sums_defined() -> None:
    # ln σ(x_k) is defined because σ > 0, which only σ's definition shows
    sig = sp.Function("σ", real=True)
    u = sp.Symbol("u", real=True)
    d = core.define(sig(u), 1 / (1 + sp.exp(-u)))
    term = core.identity(sp.log(sig(x[k])), -sp.log(1 + sp.exp(-x[k])), using=(d,))
    _refused(lambda: core.sum_termwise(term, k, 1, n))
    thm = core.sum_termwise(term, k, 1, n, using=(d,))
    assert thm.closed and d.axioms <= thm.axioms


def test_an_extra_hypothesis_on_the_index_is_refused() -> None:
    """hyps= may add hypotheses about the other symbols, never about k: beside Σ_k, a hypothesis
    x_k > 0 would be about a k the sum does not have."""
    term = core.inequality(sp.Ge(x[k] ** 2, 0, evaluate=False))
    err = _refused(lambda: core.sum_termwise(term, k, 1, n, hyps=(sp.Gt(x[k], 0),)))
    assert "mentions the index k" in err.reason
