"""Errata claims: the printed statements are really wrong, the corrections really right.

Expected values come from independent computations (mpmath central differences of the composed
chain), not from the code under test; the errata page lists exactly the erratum claims.
"""

from __future__ import annotations

from pathlib import Path

import mpmath
import pytest

from gradproof.claims import registered, run_claim
from gradproof.proofs import corrections as cr
from gradproof.registry import all_claims
from gradproof.render import errata_markdown

ERRATA = [
    "erratum_grad_w0_chain",
    "erratum_weights_of_two",
    "erratum_four_per_layer",
    "erratum_sigmoid_prime_strict",
    "erratum_notes_cost_factor_twice",
]


def _sigma(v: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-v))


def _pair_cost(w: list[mpmath.mpf], x: mpmath.mpf, y: mpmath.mpf) -> mpmath.mpf:
    h = x
    for wk in w:
        h = _sigma(wk * h)
    return (y - h) ** 2


def test_every_erratum_is_marked_and_registered() -> None:
    claims = {c.id: c for c in all_claims()}
    marked = sorted(i for i, c in claims.items() if c.is_erratum)
    assert marked == sorted(ERRATA)
    for claim_id in ERRATA:
        assert claims[claim_id].family == "corrections"
        assert claims[claim_id].erratum.strip()


def test_the_posts_two_lines_differ_from_a_central_difference_at_the_checkers_point() -> None:
    outcome = cr.printed_lines_refuted_at_points_by_the_checker()
    assert outcome.ok, outcome.detail
    # the point printed for line 1 (post's names), recomputed independently
    point_text = outcome.detail.split("refuted at ", 1)[1].split(":", 1)[0]
    point = dict(part.split(" = ") for part in point_text.split(", "))
    with mpmath.workdps(60):
        w = [mpmath.mpf(sympy_rational(point[f"w{k}"])) for k in range(4)]
        pairs = [(mpmath.mpf(point[f"x[{i}]"]), mpmath.mpf(point[f"y[{i}]"])) for i in (1, 2)]

        def cost(w0: mpmath.mpf) -> mpmath.mpf:
            return sum(_pair_cost([w0, *w[1:]], x, y) for x, y in pairs)

        true = mpmath.diff(cost, w[0])
        printed_1 = mpmath.mpf(outcome.detail.split("printed ", 1)[1].split(",", 1)[0])
        stated_true = mpmath.mpf(outcome.detail.split("true ", 1)[1].split(" ", 1)[0])
        assert abs(stated_true - true) < mpmath.mpf(10) ** -45
        assert abs(printed_1 + true) < mpmath.mpf(10) ** -45  # line 1 is the negative
        assert abs(true) > mpmath.mpf(10) ** -3


def sympy_rational(text: str) -> mpmath.mpf:
    num, _, den = text.partition("/")
    return mpmath.mpf(int(num)) / (int(den) if den else 1)


def test_a_correct_line_would_not_be_refuted() -> None:
    # the refutation can fail: the corrected line (−2 instead of 2, no (−w₀)) is not refuted
    corrected = "sum(-2*(y - a4)*σ'(z4)*w4*σ'(z3)*w3*σ'(z2)*w2*σ'(z1)*x)"
    refuted, why = cr._checker_refutes(cr._CHECKER_SPEC, "dC/dw1", corrected, str)
    assert not refuted and "proved" in why


def test_two_times_sigma_prime_reaches_one_half_and_never_exceeds_it() -> None:
    with mpmath.workdps(40):
        values = [2 * _sigma(z) * (1 - _sigma(z)) for z in mpmath.linspace(-10, 10, 2001)]
    assert max(values) <= mpmath.mpf(1) / 2
    assert max(values) == mpmath.mpf(1) / 2  # at z = 0, a grid point


@pytest.mark.parametrize("claim_id", ERRATA)
def test_erratum_claims_hold(claim_id: str) -> None:
    result = run_claim(registered()[claim_id])
    assert result.status == "proved", [e.detail for e in result.evidence if not e.ok]


def test_errata_page_lists_every_erratum_and_nothing_else(tmp_path: Path) -> None:
    claims = all_claims()
    page = errata_markdown(claims, {})
    for claim in claims:
        assert (f"{{ref}}`{claim.id} <{claim.id}>`" in page) == claim.is_erratum, claim.id
    assert "seed" not in page.lower() and "00" not in page
