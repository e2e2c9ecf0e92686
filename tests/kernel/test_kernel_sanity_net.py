"""The sanity net: a statement the core proved is also evaluated; if it is false at a point, the
result is a kernel error (exit 4, with the point), never "proved".

To see the net catch something, the core must be broken on purpose: the tests replace its
decision procedures with ones that say yes to everything, as a bug in the core would.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import sympy as sp
from _wrong import t, w, x, y, z

import gradproof.claims as claims
import gradproof.core.rules as rules
from gradproof import sanity
from gradproof.claims import Claim, Outcome, run_claim, symbolic
from gradproof.derivation import Derivation, Step
from gradproof.logic import Statement
from gradproof.proofs import sigmoid as sig


@pytest.fixture
def broken_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """A core that 'proves' every identity and every sign (and every definedness condition)."""
    monkeypatch.setattr(rules, "zero_under", lambda expr, facts=(), universal=None: [])
    monkeypatch.setattr(rules, "signed_under", lambda expr, sign, facts=(), universal=None: [])
    monkeypatch.setattr(rules, "check_defined", lambda exprs, facts, rule: [])


def _false_claim() -> Claim:
    return Claim(
        id="false_toy_claim",
        statement="(x + 1)² = x² + 1 for every real x (false)",
        source="nielsen-ch5 eq. (122)",
        evidence=(symbolic(lambda: Outcome.holds("supporting check")),),
        formal=Statement(sp.Eq((x + 1) ** 2, x**2 + 1), domain="x real"),
    )


def test_a_false_statement_proved_by_a_broken_core_is_a_kernel_error(broken_core: None) -> None:
    outcome = Statement(sp.Eq((x + 1) ** 2, x**2 + 1), domain="x real").prove()
    assert outcome.kernel_error and not outcome.ok
    assert "KERNEL ERROR" in outcome.detail and "false at x = " in outcome.detail


def test_a_kernel_error_makes_the_claim_an_error_not_proved(broken_core: None) -> None:
    result = run_claim(_false_claim())
    assert result.status == "error"
    statement = next(e for e in result.evidence if e.name == "statement")
    assert statement.kernel_error and not statement.proves


def test_verify_exits_4_and_names_the_point(
    broken_core: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gradproof.cli import main

    claim = _false_claim()
    monkeypatch.setitem(claims._REGISTRY, claim.id, claim)
    code = main(["verify", "--only", claim.id, "--jobs", "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 4
    assert "KERNEL ERROR in false_toy_claim" in err and "false at x = " in err
    report = json.loads(out)
    assert report["claims"][0]["status"] == "error"


def test_the_net_checks_the_special_points(broken_core: None) -> None:
    """x ≠ 1 is false only at x = 1: random points miss it, the special points do not."""
    outcome = Statement(sp.Ne(x, 1), domain="x real").prove()
    assert outcome.kernel_error and "x = 1" in outcome.detail


def test_the_net_checks_the_boundary_of_a_premise(broken_core: None) -> None:
    """|w| < 1 ⇒ |w|/4 < 1/5 fails only for |w| ∈ (4/5, 1): the premise's boundary finds it."""
    rel = sp.Implies(sp.Lt(sp.Abs(w), 1), sp.Lt(sp.Abs(w) / 4, sp.Rational(1, 5), evaluate=False))
    outcome = Statement(rel, domain="w real").prove()
    assert outcome.kernel_error


def test_the_net_finds_an_undefined_point_in_the_domain(broken_core: None) -> None:
    """With the definedness check broken, x/x = 1 'for every real x' is caught at x = 0."""
    rel = sp.Eq(sp.Mul(x, sp.Pow(x, -1, evaluate=False), evaluate=False), 1)
    outcome = Statement(rel, domain="x real").prove()
    assert outcome.kernel_error and "undefined at x = 0" in outcome.detail


def test_a_wrong_link_of_a_derivation_is_a_kernel_error(broken_core: None) -> None:
    d = Derivation("d", (Step((x + 1) ** 2, "s"), Step(x**2 + 1, "wrong")))
    outcome = d.check()
    assert outcome.kernel_error and "a proved link" in outcome.detail


def test_true_statements_pass_the_net_at_twenty_points_or_more() -> None:
    for claim in (sig.sigmoid_prime_eq, sig.sigmoid_prime_max, sig.weighted_sigmoid_prime_bound):
        st = claim.formal
        assert isinstance(st, Statement)
        verdict = sanity.net_for_statement(st, st.theorem())
        assert verdict.failure is None and verdict.points >= 20, (claim.id, verdict)


def test_the_net_evaluates_with_the_premise_and_skips_points_outside_it() -> None:
    rel = sp.Implies(sp.Lt(t, 1), sp.Gt(-sp.log(t), 0, evaluate=False))
    verdict = sanity.evaluate(rel)
    assert verdict.failure is None and verdict.points >= 20


def test_an_arbitrary_function_is_replaced_by_concrete_ones() -> None:
    f = sp.Function("C")
    rel = sp.Eq(sp.Derivative(f(x**2), x), 2 * x * sp.Subs(sp.Derivative(f(y), y), y, x**2))
    assert sanity.evaluate(rel).points >= 20
    wrong = sp.Eq(sp.Derivative(f(x**2), x), x * sp.Subs(sp.Derivative(f(y), y), y, x**2))
    assert sanity.evaluate(wrong).failure is not None


def test_the_net_counts_what_it_did() -> None:
    before = sanity.COUNTS.evaluated
    sanity.evaluate(sp.Ge(z**2, 0, evaluate=False))
    assert sanity.COUNTS.evaluated == before + 1
    assert "proved statements evaluated" in sanity.COUNTS.summary()


def test_verify_details_reports_the_net(capsys: pytest.CaptureFixture[str]) -> None:
    from gradproof.cli import main

    code = main(["verify", "--only", "sigmoid_prime_max", "--jobs", "1", "--details"])
    out: Any = capsys.readouterr().out
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("sanity net:"))
    points = int(line.split(" at ")[1].split()[0])
    assert points >= 20


def test_indexed_names_take_one_value_per_index_on_both_sides() -> None:
    """w[L + 1]·∏_{k≤L} w[k] = ∏_{k≤L+1} w[k]: at L = 3 both sides read w[4] alike."""
    from gradproof import core

    k = sp.Symbol("k", integer=True, positive=True)
    L = sp.Symbol("L", integer=True, positive=True)
    W = sp.IndexedBase("W", real=True)
    split = core.range_split(sp.Product(W[k], (k, 1, L + 1)), L)
    thm = core.identity(
        W[L + 1] * sp.Product(W[k], (k, 1, L)), sp.Product(W[k], (k, 1, L + 1)), using=(split,)
    )
    verdict = sanity.evaluate(thm.prop, {}, thm)
    assert verdict.failure is None and verdict.points >= 20
    wrong = sp.Eq(W[L] * sp.Product(W[k], (k, 1, L)), sp.Product(W[k], (k, 1, L + 1)))
    assert sanity.evaluate(wrong).failure is not None


def test_one_name_is_one_function_on_both_sides() -> None:
    g, zf = sp.Function("g", real=True), sp.Function("zf", real=True)
    j = sp.Symbol("j", integer=True, positive=True)
    k = sp.Symbol("k", integer=True)
    rel = sp.Eq(g(zf(j)), g(zf(j)) * sp.Product(zf(k) / zf(k), (k, j + 1, j)), evaluate=False)
    assert sanity.evaluate(rel).failure is None


def test_a_recursive_definition_is_unrolled_at_each_point() -> None:
    """a(n + 1) := 2·a(n), a(1) := 3: then a(n) = 3·2^(n−1), evaluated at n = 1, 2, 3 …"""
    from gradproof import core

    a = sp.Function("a", real=True)
    n = sp.Symbol("n", integer=True, positive=True)
    m = sp.Symbol("m", integer=True, nonnegative=True)
    step, base = core.define(a(m + 2), 2 * a(m + 1)), core.define(a(sp.Integer(1)), sp.Integer(3))
    right = core.conj(step, base)  # a theorem carrying both definitions
    verdict = sanity.evaluate(sp.Eq(a(n), 3 * 2 ** (n - 1)), {}, right)
    assert verdict.failure is None and verdict.points >= 5
    assert sanity.evaluate(sp.Eq(a(n), 3 * 2**n), {}, right).failure is not None


def test_a_derivative_by_index_is_taken_once_the_index_is_a_number() -> None:
    """Σ_i ∂σ(z_i)/∂z_j · v_i = σ′(z_j) v_j (only i = j is left): true at every n, j; the net
    must not read ∂σ(z_i)/∂z_j as 0 because i and j are written differently."""
    zz, v = sp.IndexedBase("z", real=True), sp.IndexedBase("v", real=True)
    i, j, n = sp.symbols("i j n", integer=True, positive=True)
    s = sp.Function("s", real=True)
    lhs = sp.Sum(sp.Derivative(s(zz[i]), zz[j]) * v[i], (i, 1, n))
    rhs = sp.Subs(sp.Derivative(s(x), x), x, zz[j]) * v[j]
    assert sanity.evaluate(sp.Implies(sp.Le(j, n), sp.Eq(lhs, rhs))).failure is None
    assert sanity.evaluate(sp.Implies(sp.Le(j, n), sp.Eq(lhs, 2 * rhs))).failure is not None


def test_a_definition_that_is_a_derivative_at_its_point_moves_the_point() -> None:
    """C′(x) := dC/du at u = x, used at −c: SymPy would merge the two substitutions into one
    simultaneous one (u → x, x → −c) and evaluate dC/du at x, a free symbol."""
    from gradproof import core

    c = sp.Symbol("c", positive=True)
    u = sp.Symbol("u", real=True)
    xr = sp.Symbol("x", real=True)
    big_c, c_prime = sp.Function("Cc", real=True), sp.Function("Cc′", real=True)
    d = core.define(c_prime(xr), sp.Subs(sp.Derivative(big_c(u), u), u, xr))
    rel = sp.Eq(c_prime(-c), sp.Subs(sp.Derivative(big_c(u), u), u, -c))
    verdict = sanity.evaluate(rel, {}, d)
    assert verdict.failure is None and verdict.points >= 20
    prepared = sanity._prepare_relation(rel, sanity._lambda_definitions({}, d), set())
    assert xr not in prepared.free_symbols


def test_a_nonnegative_integer_is_never_given_a_negative_value() -> None:
    import random

    m0 = sp.Symbol("m", integer=True, nonnegative=True)
    pos = sp.Symbol("p", integer=True, positive=True)
    for sym in (m0, pos):
        values = sanity._candidates(sym, random.Random(0), 200)
        assert all(sanity._admissible(sym, v) for v in values), sym


def test_closed_definitions_apply_inside_unrolled_recursive_ones() -> None:
    """P(m + 1) := g(m + 1)·P(m), P(0) := g(0) with g(x) := x² + 1 closed: |P(m)| ≥ 1 needs g
    itself, not a stand-in function, in the unrolled product."""
    from gradproof import core

    P, g = sp.Function("P", real=True), sp.Function("g_closed", real=True)
    m0 = sp.Symbol("m", integer=True, nonnegative=True)
    xr = sp.Symbol("x", real=True)
    defs = core.conj(
        core.define(g(xr), xr**2 + 1),
        core.define(P(m0 + 1), g(m0 + 1) * P(m0)),
        core.define(P(sp.Integer(0)), g(sp.Integer(0))),
    )
    verdict = sanity.evaluate(sp.Ge(P(m0), 1, evaluate=False), {}, defs)
    assert verdict.failure is None and verdict.points >= 5
    assert sanity.evaluate(sp.Le(P(m0), 1, evaluate=False), {}, defs).failure is not None


def test_stand_ins_keep_the_declared_sign() -> None:
    """A width n[l] is a positive integer, ‖δ‖² ≥ 0, a negative name stays negative."""
    for kind in ("positive", "nonnegative", "negative", "nonpositive"):
        for integer in (True, False):
            f = sp.Function(f"f_{kind}_{integer}", **{kind: True, "integer": integer})
            for v in (sp.Rational(-1000, 617), sp.Rational(0), sp.Rational(999, 617)):
                out = sanity._signed(v, f(sp.Integer(3)))
                assert getattr(out, f"is_{kind}") is True, (kind, integer, v, out)
                assert out.is_integer is True or not integer
