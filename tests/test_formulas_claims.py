"""Each verified formula agrees with the SymPy expression of the claim that verifies it.

The claim modules' expressions (agreed names, see the team brief) are lambdified to mpmath and
evaluated at 50 or more digits at many points; the NumPy formula must agree to its stated
accuracy. A claim module that does not exist yet makes its test skip with the reason — never
pass vacuously. The certified constants of the width maximum are checked against the certified
enclosure of ``gradproof.numerics.width_max``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp
from _accuracy import ulp_errors

from gradproof.numerics import formulas as fm
from gradproof.proofs.sigmoid import sigma, sigma_prime

mpf = mpmath.mpf


def claim_module(name: str, *attrs: str) -> ModuleType:
    """Import a claim module, skipping (with the reason) when it has not landed yet.

    Once the module exists, every agreed name in ``attrs`` must be there: a missing one fails.
    """
    module = pytest.importorskip(name, reason=f"{name} (a claim module) is not written yet")
    missing = [a for a in attrs if not hasattr(module, a)]
    assert not missing, f"{name} lacks the agreed public name(s) {missing}"
    return module


def evaluate(
    expr: sp.Expr,
    symbols: Sequence[sp.Symbol],
    rows: Sequence[Sequence[float]],
    digits: Callable[..., int],
) -> list[Any]:
    """The claim's expression, lambdified to mpmath, at each row of float arguments."""
    func = sp.lambdify(list(symbols), expr, modules="mpmath")
    values = []
    for row in rows:
        with mpmath.workdps(digits(*row)):
            values.append(+func(*[mpf(float(v)) for v in row]))
    return values


def digits_for_z(z: float, *_: float) -> int:
    """Enough digits that 1 − σ(z) (inside σ(1 − σ)) keeps 50 of them."""
    return 50 + int(abs(z) / 2.3) + 5


def fifty(*_: float) -> int:
    return 50


RNG = np.random.default_rng(20261123)
Z = np.concatenate([RNG.uniform(-40, 40, 150), RNG.uniform(-700, 700, 40), [0.0, 1e-8, -3.5]])
Y01 = np.concatenate([RNG.choice([0.0, 1.0], 100), RNG.uniform(0, 1, Z.size - 100)])
A01 = np.concatenate(
    [RNG.uniform(0, 1, 150), 10.0 ** RNG.uniform(-12, -1, 20), 1 - 10.0 ** RNG.uniform(-12, -1, 23)]
)

z_s, y_s, a_s, w_s, b_s = sp.symbols("z y a w b", real=True)


# ------------------------------------------------------------------ sigmoid family (landed)


def test_sigmoid_matches_claim_expression_sigma() -> None:
    reference = evaluate(sigma(z_s), [z_s], [(z,) for z in Z], fifty)
    assert ulp_errors(fm.sigmoid(Z), reference).max() <= 4.0


def test_sigmoid_prime_matches_claim_expression_sigma_prime() -> None:
    # the claim's form σ(z)(1 − σ(z)) (claim sigmoid_prime_eq), evaluated with enough digits
    reference = evaluate(sigma_prime(z_s), [z_s], [(z,) for z in Z], digits_for_z)
    assert ulp_errors(fm.sigmoid_prime(Z), reference).max() <= 4.0


# ------------------------------------------------------------------ costs


def test_cross_entropy_matches_claim_expression() -> None:
    costs = claim_module("gradproof.proofs.costs", "cross_entropy_expr")
    rows = list(zip(A01, Y01, strict=True))
    reference = evaluate(costs.cross_entropy_expr(a_s, y_s), [a_s, y_s], rows, fifty)
    assert ulp_errors(fm.cross_entropy(A01, Y01), reference).max() <= 4.0


def test_binary_entropy_matches_claim_expression() -> None:
    costs = claim_module("gradproof.proofs.costs", "binary_entropy_expr")
    reference = evaluate(costs.binary_entropy_expr(y_s), [y_s], [(a,) for a in A01], fifty)
    assert ulp_errors(fm.binary_entropy(A01), reference).max() <= 4.0


def test_cross_entropy_from_logits_matches_claim_expression_at_sigma_z() -> None:
    costs = claim_module("gradproof.proofs.costs", "cross_entropy_expr")
    z = np.concatenate([Z, [-1e4, 1e4, 2e3]])
    y = np.concatenate([Y01, [1.0, 0.0, 0.5]])
    expr = costs.cross_entropy_expr(sigma(z_s), y_s)
    reference = evaluate(expr, [z_s, y_s], list(zip(z, y, strict=True)), digits_for_z)
    assert ulp_errors(fm.cross_entropy_from_logits(z, y), reference).max() <= 4.0


def test_cross_entropy_grad_matches_claim_expression_and_its_derivative() -> None:
    costs = claim_module(
        "gradproof.proofs.costs", "cross_entropy_grad_z_expr", "cross_entropy_expr"
    )
    rows = list(zip(Z, Y01, strict=True))
    scale = []
    for z, y in rows:
        with mpmath.workdps(digits_for_z(z)):
            s = 1 / (1 + mpmath.exp(-mpf(z)))
            scale.append((1 - mpf(y)) * s + mpf(y) * (1 - s))
    got = fm.cross_entropy_grad(Z, Y01)
    claimed = evaluate(costs.cross_entropy_grad_z_expr(z_s, y_s), [z_s, y_s], rows, digits_for_z)
    assert ulp_errors(got, claimed, scale).max() <= 4.0
    # and the claim's gradient is the z-derivative of the claim's cost (SymPy differentiates)
    derivative = sp.diff(costs.cross_entropy_expr(sigma(z_s), y_s), z_s)
    differentiated = evaluate(derivative, [z_s, y_s], rows[:60], digits_for_z)
    assert ulp_errors(got[:60], differentiated, scale[:60]).max() <= 4.0


def test_quadratic_cost_and_grad_match_claim_expression() -> None:
    costs = claim_module("gradproof.proofs.costs", "quadratic_cost_expr")
    a = np.concatenate([A01, RNG.normal(0, 10, 20)])
    y = np.concatenate([Y01, RNG.normal(0, 10, 20)])
    reference = evaluate(
        costs.quadratic_cost_expr(a_s, y_s), [a_s, y_s], list(zip(a, y, strict=True)), fifty
    )
    assert ulp_errors(fm.quadratic_cost(a, y), reference).max() <= 2.0
    derivative = sp.diff(
        costs.quadratic_cost_expr(sigma(z_s), y_s), z_s
    )  # ∂C/∂z, claim quadratic_grads
    rows = list(zip(Z, Y01, strict=True))
    claimed = evaluate(derivative, [z_s, y_s], rows, digits_for_z)
    scale = []
    for z, yy in rows:
        with mpmath.workdps(digits_for_z(z)):
            s = 1 / (1 + mpmath.exp(-mpf(z)))
            scale.append(((1 - mpf(yy)) * s + mpf(yy) * (1 - s)) * s * (1 - s))
    assert ulp_errors(fm.quadratic_grad(Z, Y01), claimed, scale).max() <= 6.0


# ------------------------------------------------------------------ chain


def test_chain_bias_gradients_match_the_proved_closed_form() -> None:
    chain = claim_module("gradproof.proofs.chain", "chain_symbols", "bias_gradient_closed_form")
    rng = np.random.default_rng(5)
    for depth in (1, 2, 3, 4, 6):
        syms = chain.chain_symbols(depth)
        args = [*syms.w, *syms.b, syms.a0, syms.dC_daL]
        for _ in range(4):
            w = rng.normal(0, 3, depth)
            b = rng.normal(0, 2, depth)
            a0, g = float(rng.uniform(-2, 2)), float(rng.normal())
            got = fm.chain_bias_gradients(w, b, a0, g)
            sign, logabs = fm.chain_bias_gradients_log(w, b, a0, g)
            row = [*w, *b, a0, g]
            for j in range(1, depth + 1):
                expr = chain.bias_gradient_closed_form(depth, j)
                (reference,) = evaluate(expr, args, [row], lambda *_: 80)
                assert float(got[j - 1]) == pytest.approx(float(reference), rel=1e-13), (depth, j)
                assert sign[j - 1] == float(mpmath.sign(reference))
                assert logabs[j - 1] == pytest.approx(float(mpmath.log(abs(reference))), abs=1e-13)


# ------------------------------------------------------------------ gain


def test_gain_matches_claim_expression() -> None:
    gain_mod = claim_module("gradproof.proofs.gain", "gain_expr")
    rng = np.random.default_rng(6)
    w = rng.normal(0, 6, 200)
    a = rng.uniform(-1, 2, 200)
    b = rng.normal(0, 3, 200)
    rows = list(zip(w, a, b, strict=True))
    reference = evaluate(
        gain_mod.gain_expr(w_s, a_s, b_s),
        [w_s, a_s, b_s],
        rows,
        lambda w, a, b: digits_for_z(w * a + b),
    )
    # the docstring's bound, 4 ulp + a relative (|wa| + |z|)·2⁻⁵³, in ulp
    tolerance = 4 + np.abs(w * a) + np.abs(w * a + b)
    assert np.all(ulp_errors(fm.gain(w, a, b), reference) <= tolerance)


def test_gain_interval_matches_claim_endpoint_expressions() -> None:
    gain_mod = claim_module("gradproof.proofs.gain", "gain_interval_endpoints_expr")
    rng = np.random.default_rng(7)
    ws = np.concatenate([4 + 10.0 ** rng.uniform(-10, 3, 60), [4.0, 6.894151032272928, 1e6]])
    ws = ws * rng.choice([-1.0, 1.0], ws.size)
    bs = rng.normal(0, 3, ws.size)
    lo_expr, hi_expr = gain_mod.gain_interval_endpoints_expr(w_s, b_s)
    rows = list(zip(ws, bs, strict=True))
    lo_ref = evaluate(lo_expr, [w_s, b_s], rows, fifty)
    hi_ref = evaluate(hi_expr, [w_s, b_s], rows, fifty)
    lo, hi = fm.gain_interval(ws, bs)
    for i, (w, b) in enumerate(rows):
        ref = sorted([lo_ref[i], hi_ref[i]], key=lambda v: float(mpmath.re(v)))
        scale = max(abs(b / w), float(abs(ref[1] - ref[0])), 1e-300)
        assert abs(lo[i] - float(mpmath.re(ref[0]))) <= 8 * 2.0**-52 * scale, (w, b)
        assert abs(hi[i] - float(mpmath.re(ref[1]))) <= 8 * 2.0**-52 * scale, (w, b)


def test_gain_interval_width_matches_claim_formula_123() -> None:
    gain_mod = claim_module("gradproof.proofs.gain", "gain_width_expr")
    ws = np.concatenate([4 + 10.0 ** np.linspace(-14, 3, 60), 10.0 ** np.linspace(3, 200, 20)])
    ws = np.concatenate([ws, -ws[::3]])
    reference = evaluate(gain_mod.gain_width_expr(w_s), [w_s], [(w,) for w in ws], fifty)
    assert ulp_errors(fm.gain_interval_width(ws), [mpmath.re(r) for r in reference]).max() <= 6.0


# ------------------------------------------------------------------ certified width maximum


def test_width_max_constants_lie_in_the_certified_enclosures() -> None:
    width_max = claim_module("gradproof.numerics.width_max", "certified_width_maximum")
    box = width_max.certified_width_maximum()
    assert mpf(box.argmax_hi) - mpf(box.argmax_lo) <= 1e-12
    assert mpf(box.max_hi) - mpf(box.max_lo) <= 1e-12
    # the constants are the nearest floats to the true values, so they may sit half an ulp outside
    # a very tight enclosure: allow exactly that
    half_ulp_arg = np.spacing(fm.WIDTH_MAX_ARGMAX) / 2
    half_ulp_val = np.spacing(fm.WIDTH_MAX_VALUE) / 2
    assert (
        mpf(box.argmax_lo) - half_ulp_arg
        <= fm.WIDTH_MAX_ARGMAX
        <= mpf(box.argmax_hi) + half_ulp_arg
    )
    assert mpf(box.max_lo) - half_ulp_val <= fm.WIDTH_MAX_VALUE <= mpf(box.max_hi) + half_ulp_val


# ------------------------------------------------------------------ every cited claim exists

# where each claim family lives (the agreed module names)
FAMILY_MODULE = {
    "sigmoid_prime_eq": "gradproof.proofs.sigmoid",
    "sigmoid_prime_max": "gradproof.proofs.sigmoid",
    "weighted_sigmoid_prime_bound": "gradproof.proofs.sigmoid",
    "chain_grad_b1_depth4": "gradproof.proofs.chain",
    "chain_grad_any_depth": "gradproof.proofs.chain",
    "quadratic_grads": "gradproof.proofs.costs",
    "cross_entropy_nonneg": "gradproof.proofs.costs",
    "cross_entropy_cancellation": "gradproof.proofs.costs",
    "cross_entropy_bias_grad": "gradproof.proofs.costs",
    "cross_entropy_min_at_y": "gradproof.proofs.costs",
    "gain_needs_w_ge_4": "gradproof.proofs.gain",
    "gain_set_width": "gradproof.proofs.gain",
    "width_max": "gradproof.numerics.width_max",
}


def _cited_claim_ids() -> dict[str, set[str]]:
    """Claim id -> the formulas whose docstring says "Verified by claim(s) ``id`` …"."""
    cited: dict[str, set[str]] = {}
    for name in fm.__all__:
        obj = getattr(fm, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        sentence = re.search(r"Verified by claims?\s+(.*?)\.\s", obj.__doc__ or "", re.DOTALL)
        assert sentence, f"{name}: no 'Verified by claim …' sentence"
        for claim_id in re.findall(r"``([a-z0-9_]+)``", sentence.group(1)):
            cited.setdefault(claim_id, set()).add(name)
    return cited


@pytest.mark.parametrize("claim_id", sorted(FAMILY_MODULE))
def test_every_claim_a_formula_cites_is_registered(claim_id: str) -> None:
    cited = _cited_claim_ids()
    assert claim_id in cited, (
        f"no formula cites {claim_id} (update FAMILY_MODULE or the docstrings)"
    )
    module_name = FAMILY_MODULE[claim_id]
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        pytest.skip(f"{module_name} (claim {claim_id}) is not written yet")
    from gradproof.claims import registered

    assert claim_id in registered(), (
        f"{cited[claim_id]} cite {claim_id}, which {module_name} does not register"
    )


def test_formulas_cite_no_claim_outside_the_known_families() -> None:
    unknown = set(_cited_claim_ids()) - set(FAMILY_MODULE)
    assert not unknown, f"docstrings cite claim ids not in FAMILY_MODULE: {sorted(unknown)}"
