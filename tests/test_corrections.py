"""Errata claims: the printed statements are really wrong, the corrections really right.

Expected values come from independent computations (mpmath central differences of the composed
chain), not from the code under test; the errata page lists exactly the erratum claims.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from gradproof import core
from gradproof.claims import registered, run_claim
from gradproof.core import ProofError
from gradproof.logic import Statement
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
    # printed as the text writes them: w₀ … w₃, x₁, y₁, x₂, y₂, minus signs as −
    point = {
        k: v.replace("−", "-") for k, v in (part.split(" = ") for part in point_text.split(", "))
    }
    sub = "₀₁₂₃"
    with mpmath.workdps(60):
        w = [mpmath.mpf(sympy_rational(point[f"w{sub[k]}"])) for k in range(4)]
        pairs = [(mpmath.mpf(point[f"x{sub[i]}"]), mpmath.mpf(point[f"y{sub[i]}"])) for i in (1, 2)]

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
        assert (f" <{claim.id}>`" in page) == claim.is_erratum, claim.id
    assert "seed" not in page.lower() and "00" not in page


def _formal(claim_id: str) -> Statement:
    formal = registered()[claim_id].formal
    assert isinstance(formal, Statement), claim_id
    return formal


@pytest.mark.parametrize("claim_id", ERRATA)
def test_every_erratum_states_a_refutation_and_the_exact_form(claim_id: str) -> None:
    """Both halves are in the formal statement the core proves: a negation of the printed form
    (≠ at a witness, a strict or non-strict bound that contradicts it, or the value at the point
    where it fails) and the exact statement (an identity or a bound for every value)."""
    parts = _formal(claim_id).parts()
    refutations = [
        p for p in parts if isinstance(p, (sp.Ne, sp.Lt, sp.Gt, sp.Le)) and not p.free_symbols
    ]
    exact = [p for p in parts if p.free_symbols]
    if claim_id == "erratum_sigmoid_prime_strict":  # σ′(0) = 1/4: the witness of σ′ < 1/4 failing
        refutations = [p for p in parts if isinstance(p, sp.Eq) and not p.free_symbols]
    if claim_id == "erratum_weights_of_two":  # |2σ′(z)| ≤ 1/2 < 1 for every z: no growth
        refutations = [p for p in parts if isinstance(p, sp.Le) and not p.has(sp.Implies)]
    assert refutations, claim_id
    assert exact, claim_id


def test_the_printed_lines_are_refuted_at_the_witness_and_not_at_w0_one() -> None:
    """At w₀ = 1 the second printed line (w₀ times the truth) is right: the witness needs w₀ ≠ 1,
    and a statement that uses w₀ = 1 as its witness is refused by the core."""
    st = _formal("erratum_grad_w0_chain")
    at_one = {**cr.WITNESS, cr.W0: 1}
    wrong = sp.And(
        *(
            sp.Ne(cr.PRINTED_LINE_2.xreplace(at_one), cr.GRAD_W0.xreplace(at_one), evaluate=False)
            if isinstance(p, sp.Ne) and p.lhs == cr.PRINTED_LINE_2.xreplace(cr.WITNESS)
            else p
            for p in st.parts()
        )
    )
    assert wrong != st.relation
    assert not replace(st, relation=wrong).prove().ok


def test_the_notes_display_with_the_factor_once_is_not_refuted() -> None:
    """The refutation is real: the display with ∂C/∂a₄ once equals the true gradient at the
    witness, and the core refuses to prove the two different."""
    true = cr.PRODUCT_B1 * (cr.A4 - cr._YC)
    once = sp.Ne(true.xreplace(cr.NOTES_WITNESS), true.xreplace(cr.NOTES_WITNESS), evaluate=False)
    with pytest.raises(ProofError):
        core.inequality(
            once, using=_formal("erratum_notes_cost_factor_twice").definition_theorems()
        )


def test_weights_of_two_growth_threshold_is_exactly_four() -> None:
    """|w| ≤ 4 never grows the gradient, |w| > 4 does at z = 0; at |w| = 4 the factor is 1, so
    'growth' from |w| ≥ 4 is refused."""
    st = _formal("erratum_weights_of_two")
    grows = st.part(sp.Implies, lambda p: isinstance(p.args[0], sp.Gt))
    at_four = sp.Implies(sp.Ge(grows.args[0].lhs, 4), grows.args[1])
    wrong = sp.And(*(at_four if p is grows else p for p in st.parts()))
    assert not replace(st, relation=wrong).prove().ok


def test_errata_page_is_a_table_of_printed_and_true_forms() -> None:
    """One row per erratum: where, what the source prints, what is true, the deciding claim; the
    two middle cells differ, and every piece of math in them typesets (latex2mathml)."""
    import re

    from gradproof.render import latex_converts

    claims = all_claims()
    page = errata_markdown(claims, {})
    assert "| where | the source prints | what is true | decided by |" in page
    rows = [line for line in page.splitlines() if line.startswith("| ") and "{ref}" in line]
    errata = [c for c in claims if c.is_erratum]
    assert len(rows) == len(errata) == len(ERRATA)
    for claim, row in zip(errata, rows, strict=True):
        link = claim.id.replace("_", "_\u200b")  # breakable after the underscores only
        assert row.endswith(f"{{ref}}`{link} <{claim.id}>` (not run) |"), row
        assert claim.printed.strip() and claim.exact.strip() and claim.printed != claim.exact
        for text in (claim.printed, claim.exact):
            for tex in re.findall(r"\$([^$]+)\$", text):
                assert latex_converts(tex), (claim.id, tex)


def test_an_erratum_without_its_printed_form_is_refused() -> None:
    from gradproof.claims import ClaimError

    claim = registered()["erratum_weights_of_two"]
    with pytest.raises(ClaimError, match="printed="):
        replace(claim, printed="")
