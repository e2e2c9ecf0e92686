"""The chain-of-neurons proofs refuse wrong formulas, and the agreed names behave as documented.

The claims themselves run in ``test_claims.py``; here: deliberately wrong closed forms and wrong
derivation steps are refused, bad input is rejected with a clear message, and the numerics agree
with values known from the sources or computed by hand.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

import gradproof.proofs.chain as ch
import gradproof.proofs.sigmoid as sig
from gradproof.derivation import Derivation, Step
from gradproof.numerics import chain_numerics as cn


def _sp(x: sp.Expr) -> sp.Expr:
    """σ′ written independently of the code under test: e^{−x}/(1 + e^{−x})²."""
    return sp.exp(-x) / (1 + sp.exp(-x)) ** 2


def _eq122_by_hand() -> sp.Expr:
    """Nielsen ch. 5 eq. (122) built here from scratch, for L = 4."""
    w1, w2, w3, w4, b1, b2, b3, b4, a0 = sp.symbols("w1 w2 w3 w4 b1 b2 b3 b4 a0", real=True)
    z1 = w1 * a0 + b1
    z2 = w2 / (1 + sp.exp(-z1)) + b2
    z3 = w3 / (1 + sp.exp(-z2)) + b3
    z4 = w4 / (1 + sp.exp(-z3)) + b4
    dc = sp.Symbol("dC/da_4", real=True)
    return _sp(z1) * w2 * _sp(z2) * w3 * _sp(z3) * w4 * _sp(z4) * dc


# ------------------------------------------------------------------ wrong variants are refused


def _drop_one_sigma_prime(L: int, j: int) -> sp.Expr:
    s = ch.chain_symbols(L)
    return ch.bias_gradient_closed_form(L, j) / sig.sigma_prime(s.z(L))


def _extra_w1(L: int, j: int) -> sp.Expr:
    return ch.chain_symbols(L).w[0] * ch.bias_gradient_closed_form(L, j)


def _flipped_sign(L: int, j: int) -> sp.Expr:
    return -ch.bias_gradient_closed_form(L, j)


WRONG_VARIANTS: dict[str, Callable[[int, int], sp.Expr]] = {
    "drop σ′(z_L)": _drop_one_sigma_prime,
    "extra w₁": _extra_w1,
    "flipped sign": _flipped_sign,
}


@pytest.mark.parametrize("name", list(WRONG_VARIANTS))
def test_wrong_depth4_closed_form_is_refused_by_the_proof(name: str) -> None:
    wrong = WRONG_VARIANTS[name](4, 1)
    outcome = ch.depth4_product_is_derivative_of_composition(candidate=wrong)
    assert not outcome.ok, outcome.detail
    assert "not an identity" in outcome.detail


@pytest.mark.parametrize("name", list(WRONG_VARIANTS))
@pytest.mark.parametrize(("L", "j"), [(2, 1), (3, 2), (5, 1), (6, 4)])
def test_wrong_closed_form_is_refused_with_a_nonzero_counterexample(
    name: str, L: int, j: int
) -> None:
    outcome = ch.check_bias_gradient(WRONG_VARIANTS[name](L, j), L, j)
    assert not outcome.ok
    # the refusal is a disproof: the difference is nonzero at the reported point
    value = outcome.detail.split("difference = ")[1].split(" at ")[0]
    assert float(value) != 0.0


def _mp_sigma_prime(z: mpmath.mpf) -> mpmath.mpf:
    s = 1 / (1 + mpmath.exp(-z))
    return s * (1 - s)


def _mp_z(P: dict[str, mpmath.mpf], L: int, **override: mpmath.mpf) -> list[mpmath.mpf]:
    """z_1..z_L (index 0 unused) of the chain at the point P, written out here in mpmath."""
    zs, a = [mpmath.mpf(0)], P["a0"]
    for k in range(1, L + 1):
        zs.append(P[f"w{k}"] * a + override.get(f"b{k}", P[f"b{k}"]))
        a = 1 / (1 + mpmath.exp(-zs[-1]))
    return zs


#: the wrong variants again, applied to the value of the correct product (mpmath, not SymPy)
MP_VARIANTS: dict[str, Callable[[mpmath.mpf, dict[str, mpmath.mpf], list[mpmath.mpf]], Any]] = {
    "drop σ′(z_L)": lambda g, P, z: g / _mp_sigma_prime(z[-1]),
    "extra w₁": lambda g, P, z: P["w1"] * g,
    "flipped sign": lambda g, P, z: -g,
}


@pytest.mark.parametrize("name", list(WRONG_VARIANTS))
@pytest.mark.parametrize(("L", "j"), [(2, 1), (3, 2), (5, 1), (6, 4)])
def test_reported_counterexample_is_recomputed_independently_at_50_digits(
    name: str, L: int, j: int
) -> None:
    outcome = ch.check_bias_gradient(WRONG_VARIANTS[name](L, j), L, j)
    assert not outcome.ok
    value, _, shown = outcome.detail.split("difference = ")[1].partition(" at ")
    point = dict(item.split("=") for item in shown.split(", "))
    s = ch.chain_symbols(L)
    assert set(point) == {str(v) for v in (*s.w, *s.b, s.a0, s.dC_daL)}  # the whole point
    with mpmath.workdps(50):
        P = {
            k: mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for k, v in point.items()
        }
        dC = P[f"dC/da_{L}"]

        def a_L(bj: mpmath.mpf) -> mpmath.mpf:
            return 1 / (1 + mpmath.exp(-_mp_z(P, L, **{f"b{j}": bj})[-1]))

        true = mpmath.diff(a_L, P[f"b{j}"]) * dC  # numerical differentiation of the chain
        z = _mp_z(P, L)
        correct = _mp_sigma_prime(z[j]) * dC
        for k in range(j + 1, L + 1):
            correct *= P[f"w{k}"] * _mp_sigma_prime(z[k])
        assert abs(correct - true) < mpmath.mpf(10) ** -40 * max(1, abs(true))
        difference = true - MP_VARIANTS[name](correct, P, z)
        assert abs(difference) > mpmath.mpf(10) ** -30 * max(1, abs(true))  # really separates
        assert abs(mpmath.mpf(value) - difference) <= mpmath.mpf("1e-5") * abs(difference)


def test_wrong_closed_form_family_is_refused_naming_the_depths() -> None:
    outcome = ch.check_closed_form_at_depths(range(1, 4), _flipped_sign)
    assert not outcome.ok
    assert "6 of 6 (L, j) not proved" in outcome.detail and "L=3, j=2" in outcome.detail


def test_correct_closed_form_is_accepted_where_wrong_ones_are_not() -> None:
    assert ch.check_bias_gradient(ch.bias_gradient_closed_form(5, 2), 5, 2).ok
    assert ch.check_bias_gradient(_eq122_by_hand(), 4, 1).ok


def test_wrong_sigma_prime_breaks_the_chain_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sig, "sigma_prime", lambda x: sig.sigma(x) * (1 + sig.sigma(x)))
    assert not ch.depth4_product_is_derivative_of_composition().ok
    outcome = ch.check_closed_form_at_depths(range(1, 4))
    assert not outcome.ok and "6 of 6 (L, j) not proved" in outcome.detail


def _with_steps(d: Derivation, steps: tuple[Step, ...]) -> Derivation:
    """The derivation with other steps, keeping its hypotheses and facts."""
    return replace(d, steps=steps)


def test_wrong_inequality_steps_are_refused() -> None:
    assert ch.VIA_B3_BOUND.check().ok
    g3 = sp.Abs(ch._grad(3))
    last = ch.VIA_B3_BOUND.steps[-1]
    too_strong = Step(g3 / 17, last.why, last.relation, check=last.check)  # 17 is not proved
    assert not _with_steps(ch.VIA_B3_BOUND, (*ch.VIA_B3_BOUND.steps[:-1], too_strong)).check().ok
    # the shrink step with 5^(−L) for 4^(−L) after the inductive hypothesis
    steps = ch.SHRINK_STEP.steps  # goal, split, |xy|, lemma, hypothesis, merge
    weights = ch._weights(2, ch._L) * sp.Abs(ch._w_i(ch._L + 1)) / 4
    shrink_too_strong = Step(
        sp.Integer(5) ** (-ch._L) * weights, "wrong", "<=", check=steps[4].check
    )
    assert _with_steps(ch.SHRINK_STEP, steps[:5]).check().ok
    assert not _with_steps(ch.SHRINK_STEP, (*steps[:4], shrink_too_strong)).check().ok


def test_inductive_step_without_the_weight_is_refused() -> None:
    d = ch.INDUCTION_STEP  # goal, unfold, chain rule, view at b_j, name z, hypothesis, split
    steps = d.steps
    chain_rule = steps[2]
    wrong = Step(chain_rule.expr / ch._w_i(ch._L + 1), "dropped w_{L+1}", check=chain_rule.check)
    assert _with_steps(d, steps[:3]).check().ok
    assert not _with_steps(d, (steps[0], steps[1], wrong)).check().ok


def test_product_split_check_refuses_a_gap_in_the_range() -> None:
    d = ch.INDUCTION_STEP
    steps = d.steps
    split = steps[-1]
    M = ch.SIGMOID_CHAIN
    wrong = Step(
        sig.SIGMA_PRIME(ch._z_of(ch._j)) * M.prod(ch._j + 1, ch._L + 2),
        "split too far",
        check=split.check,
    )
    assert not _with_steps(d, (steps[-2], wrong)).check().ok
    assert _with_steps(d, (steps[-2], split)).check().ok


def test_view_step_without_the_inductive_hypothesis_is_refused() -> None:
    d = ch.INDUCTION_VIEW_STEP  # goal, layer L + 1 of the view, hypothesis, the chain's layer
    steps = d.steps
    assert _with_steps(d, steps[:3]).check().ok
    unjustified = Step(steps[2].expr, steps[2].why)  # a(L, j, b_j) = a_L without Q(L)
    assert not _with_steps(d, (steps[1], unjustified)).check().ok


# ------------------------------------------------------------------ agreed public names


def test_chain_symbols_have_the_agreed_names_and_assumptions() -> None:
    s = ch.chain_symbols(3)
    assert [str(x) for x in s.w] == ["w1", "w2", "w3"]
    assert [str(x) for x in s.b] == ["b1", "b2", "b3"]
    assert all(x.is_real for x in (*s.w, *s.b, s.a0, s.dC_daL))
    assert s.a(0) == s.a0 and ch.chain_symbols(3) == s


def test_closed_form_for_depth4_is_eq_122_built_by_hand() -> None:
    gap = ch.bias_gradient_closed_form(4, 1) - _eq122_by_hand()
    assert ch.is_zero_over_exponentials(gap)


def test_closed_form_of_last_layer_is_sigma_prime_times_cost_derivative() -> None:
    s = ch.chain_symbols(3)
    assert ch.is_zero_over_exponentials(ch.bias_gradient_closed_form(3, 3) - _sp(s.z(3)) * s.dC_daL)


@pytest.mark.parametrize("bad", [0, -2, 2.5, True, "3", None])
def test_bad_depth_is_refused_naming_the_argument(bad: object) -> None:
    with pytest.raises(ValueError, match=r"L \(the depth of the chain\) must be an integer ≥ 1"):
        ch.chain_symbols(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["w2*dC/da_2", None, [1]])
def test_candidate_as_text_is_refused_not_evaluated(bad: object) -> None:
    with pytest.raises(TypeError, match="candidate must be a SymPy expression"):
        ch.check_bias_gradient(bad, 2, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, 4, -1, 1.0])
def test_bad_layer_index_is_refused_naming_the_range(bad: object) -> None:
    with pytest.raises(ValueError, match=r"j must be a layer index, an integer in 1\.\.3"):
        ch.bias_gradient_closed_form(3, bad)  # type: ignore[arg-type]


# ------------------------------------------------------------------ numerics


def test_one_neuron_at_z_zero_has_gradient_one_quarter() -> None:
    # z = 2·0.5 − 1 = 0, σ′(0) = 1/4 (Nielsen ch. 5), dC/da = 1
    assert cn.bias_gradients([2.0], [-1.0], 0.5, 1.0)[0] == 0.25
    assert cn.central_difference(lambda a: a, [2.0], [-1.0], 0.5, 1) == pytest.approx(0.25, 1e-9)


def test_exploding_parameters_give_3906_25_in_float64_and_log_space() -> None:
    a0 = 0.5
    w, b = [100.0] * 4, [-100.0 * a0, -50.0, -50.0, -50.0]
    assert cn.bias_gradients(w, b, a0, 1.0)[0] == 25**3 / 4  # Nielsen ch. 5: σ′(0)·25³
    signs, lns = cn.log_bias_gradients(w, b, a0, -1.0)
    assert lns[0] == pytest.approx(math.log(3906.25), abs=1e-13) and signs[0] == -1.0


def test_log_space_agrees_with_mpmath_central_difference_at_random_chains() -> None:
    rng = np.random.default_rng(7)
    for L in (1, 4, 12):
        w, b, a0 = rng.normal(0, 2, L), rng.normal(0, 3, L), 0.3
        signs, lns = cn.log_bias_gradients(w, b, a0, 1.0)
        with mpmath.workdps(60):
            for j in range(1, L + 1):
                fd = cn.mp_central_difference(lambda a: a, list(w), list(b), a0, j, "1e-25")
                assert lns[j - 1] == pytest.approx(float(mpmath.log(abs(fd))), abs=2.5e-11)
                assert signs[j - 1] == float(mpmath.sign(fd))


def test_deep_chain_underflows_naively_but_not_in_log_space() -> None:
    r = ch.deep_chain_report(30)
    assert r["naive"] == 0.0 and r["log10_float64"] < -330
    assert r["log10_float64"] == pytest.approx(r["log10_mp_fd"], abs=1e-9)


def test_zero_weight_gives_minus_infinity_and_sign_zero() -> None:
    signs, lns = cn.log_bias_gradients([1.0, 0.0, 1.0], [0.0, 0.0, 0.0], 0.5, 1.0)
    assert lns[0] == -math.inf and signs[0] == 0.0 and math.isfinite(lns[1])


def test_numerics_refuse_bad_input_naming_the_argument() -> None:
    with pytest.raises(ValueError, match="b must have one bias per weight"):
        cn.forward([1.0, 2.0], [1.0], 0.0)
    with pytest.raises(ValueError, match="w must be a non-empty"):
        cn.forward([], [], 0.0)
    with pytest.raises(ValueError, match="activation must be one of"):
        cn.forward([1.0], [1.0], 0.0, activation="relu")
    with pytest.raises(ValueError, match=r"j must be a layer index in 1\.\.2, got 3"):
        cn.central_difference(lambda a: a, [1.0, 1.0], [0.0, 0.0], 0.0, 3)
