"""The claim kernel: validation, judging, the registry and the derivation checker."""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof.claims import (
    Claim,
    ClaimError,
    Evidence,
    Outcome,
    certified,
    numeric,
    prop,
    run_claim,
    symbolic,
)
from gradproof.derivation import Derivation, Step, are_equal, sign_is
from gradproof.registry import all_claims, select


def _holds() -> Outcome:
    return Outcome.holds("fine")


def _fails() -> Outcome:
    return Outcome.fails("wrong")


def _raises() -> Outcome:
    raise RuntimeError("boom")


def test_claim_without_evidence_is_refused() -> None:
    with pytest.raises(ClaimError, match="at least one evidence"):
        Claim(id="some_claim", statement="x", source="seed 000", evidence=())


def test_claim_without_source_is_refused() -> None:
    with pytest.raises(ClaimError, match="cite its source"):
        Claim(id="some_claim", statement="x", source="  ", evidence=(symbolic(_holds),))


@pytest.mark.parametrize("bad_id", ["SigmoidMax", "sigmoid-max", "1claim", "", "a__b", "_x"])
def test_claim_id_must_be_snake_case(bad_id: str) -> None:
    with pytest.raises(ClaimError, match="snake_case"):
        Claim(id=bad_id, statement="x", source="seed 000", evidence=(symbolic(_holds),))


def test_unknown_evidence_kind_is_refused() -> None:
    with pytest.raises(ClaimError, match="evidence kind"):
        Evidence("guess", _holds)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("evidence", "status"),
    [
        ((symbolic(_holds), numeric(_holds)), "proved"),
        ((certified(_holds),), "proved"),
        ((numeric(_holds), prop(_holds)), "confirmed"),
        ((symbolic(_holds), numeric(_fails)), "failed"),
        ((numeric(_holds), prop(_fails)), "failed"),
        ((symbolic(_holds), numeric(_raises)), "error"),
        ((symbolic(_fails), numeric(_raises)), "error"),
    ],
)
def test_status_follows_the_evidence(evidence: tuple[Evidence, ...], status: str) -> None:
    claim = Claim(id="some_claim", statement="x", source="seed 000", evidence=evidence)
    assert run_claim(claim).status == status


def test_a_raising_check_is_reported_with_its_exception() -> None:
    claim = Claim(id="some_claim", statement="x", source="s", evidence=(numeric(_raises),))
    (ev,) = run_claim(claim).evidence
    assert not ev.ok and ev.raised and "RuntimeError: boom" in ev.detail


def test_registry_ids_are_unique_and_sources_present() -> None:
    claims = all_claims()
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids))
    assert all(c.source and c.evidence and c.family for c in claims)


def test_select_names_unknown_ids() -> None:
    with pytest.raises(ClaimError, match="no_such_claim"):
        select(["sigmoid_prime_eq", "no_such_claim"])


def test_select_keeps_registry_order() -> None:
    chosen = select(["weighted_sigmoid_prime_bound", "sigmoid_prime_eq"])
    assert [c.id for c in chosen] == ["sigmoid_prime_eq", "weighted_sigmoid_prime_bound"]


x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)


def test_derivation_accepts_a_true_chain() -> None:
    d = Derivation("square", (Step((x + 1) ** 2, "start"), Step(x**2 + 2 * x + 1, "expand")))
    assert d.check().ok


def test_derivation_refuses_a_wrong_step_and_names_it() -> None:
    d = Derivation(
        "square",
        (Step((x + 1) ** 2, "start"), Step(x**2 + 2 * x + 1, "expand"), Step(x**2 + 1, "oops")),
    )
    outcome = d.check()
    assert not outcome.ok and "oops" in outcome.detail and d.failed_links() == [2]


def test_inequality_link_needs_a_sign_argument() -> None:
    without = Derivation("ineq", (Step(p + 1, "start"), Step(p, "drop 1", relation=">")))
    with_check = Derivation(
        "ineq",
        (
            Step(p + 1, "start"),
            Step(p, "drop 1", relation=">", check=lambda a, b: sign_is(a - b, "positive")),
        ),
    )
    assert not without.check().ok
    assert with_check.check().ok


def test_sign_is_needs_the_assumptions() -> None:
    assert sign_is((p - 1) ** 2 / (4 * (p + 1) ** 2), "nonnegative")
    assert not sign_is(x - 1, "positive")  # unknown sign is not a proof


def test_are_equal_does_not_sample() -> None:
    # equal at many sample points but not identically: must not be accepted
    assert not are_equal(sp.sin(sp.pi * x) ** 2, sp.Integer(0))
    assert are_equal(sp.exp(2 * x), sp.exp(x) ** 2)


def test_a_module_that_fails_to_import_becomes_an_error_claim() -> None:
    from gradproof.registry import _import_error_claim

    claim = _import_error_claim("gradproof.proofs.broken", SyntaxError("invalid syntax"))
    result = run_claim(claim)
    assert claim.id == "broken_module_imports" and result.status == "error"
    assert "gradproof.proofs.broken failed to import" in result.evidence[0].detail
