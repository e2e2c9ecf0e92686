"""The claim kernel: validation, judging, the registry and the derivation checker."""

from __future__ import annotations

from itertools import pairwise

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
from gradproof.derivation import Derivation, Relation, Step, are_equal, sign_is
from gradproof.logic import by
from gradproof.registry import all_claims, select


def _holds() -> Outcome:
    return Outcome.holds("fine")


def _proves() -> Outcome:
    from gradproof import core

    x = sp.Symbol("x", real=True)
    return Outcome(True, "a core theorem", core.identity((x + 1) ** 2, x**2 + 2 * x + 1))


def _fails() -> Outcome:
    return Outcome.fails("wrong")


def _raises() -> Outcome:
    raise RuntimeError("boom")


def test_claim_without_evidence_is_refused() -> None:
    with pytest.raises(ClaimError, match="at least one evidence"):
        Claim(id="some_claim", statement="x", source="nielsen-ch5", evidence=())


def test_claim_without_source_is_refused() -> None:
    with pytest.raises(ClaimError, match="cite its source"):
        Claim(id="some_claim", statement="x", source="  ", evidence=(symbolic(_holds),))


@pytest.mark.parametrize("bad_id", ["SigmoidMax", "sigmoid-max", "1claim", "", "a__b", "_x"])
def test_claim_id_must_be_snake_case(bad_id: str) -> None:
    with pytest.raises(ClaimError, match="snake_case"):
        Claim(id=bad_id, statement="x", source="nielsen-ch5", evidence=(symbolic(_holds),))


def test_evidence_description_is_the_whole_first_paragraph_of_the_docstring() -> None:
    def wrapped() -> Outcome:
        """Measure the set by root finding for random (w, b)
        and compare with formula (123).

        Details that are not part of the summary.
        """
        return Outcome.holds("fine")

    assert numeric(wrapped).description == (
        "Measure the set by root finding for random (w, b) and compare with formula (123)."
    )
    assert numeric(_holds).description == "_holds"  # no docstring: the function's name


def test_unknown_evidence_kind_is_refused() -> None:
    with pytest.raises(ClaimError, match="evidence kind"):
        Evidence("guess", _holds)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("evidence", "status"),
    [
        # only a closed theorem of the trusted core proves; a check that merely says "holds"
        # supports the claim (and confirms it), it never proves it
        ((symbolic(_proves), numeric(_holds)), "proved"),
        ((certified(_proves),), "proved"),
        ((symbolic(_holds), numeric(_holds)), "confirmed"),
        ((certified(_holds),), "confirmed"),
        ((numeric(_holds), prop(_holds)), "confirmed"),
        ((numeric(_proves), prop(_holds)), "confirmed"),
        ((symbolic(_proves), numeric(_fails)), "failed"),
        ((symbolic(_holds), numeric(_fails)), "failed"),
        ((numeric(_holds), prop(_fails)), "failed"),
        ((symbolic(_holds), numeric(_raises)), "error"),
        ((symbolic(_fails), numeric(_raises)), "error"),
    ],
)
def test_status_follows_the_evidence(evidence: tuple[Evidence, ...], status: str) -> None:
    claim = Claim(id="some_claim", statement="x", source="nielsen-ch5", evidence=evidence)
    assert run_claim(claim).status == status


def test_a_raising_check_is_reported_with_its_exception() -> None:
    claim = Claim(
        id="some_claim", statement="x", source="gradproof test", evidence=(numeric(_raises),)
    )
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


def test_inequality_link_is_proved_by_the_sign_of_the_gap() -> None:
    def link(start: sp.Expr, end: sp.Expr, relation: Relation) -> bool:
        return (
            Derivation("ineq", (Step(start, "start"), Step(end, "?", relation=relation))).check().ok
        )

    # p > 0 by assumption: the gap (p + 1) − p = 1 is signed for every p
    assert link(p + 1, p, ">") and link(p + 1, p, ">=")
    assert link(p, p + 1, "<") and link(p, p + 1, "<=")
    assert link(p, p, ">=") and not link(p, p, ">")
    # the wrong direction is refused
    assert not link(p, p + 1, ">") and not link(p + 1, p, "<=")
    # a gap whose sign the assumptions do not settle (x real: x² − x) is not a proof
    assert not link(x**2, x, ">=")
    # a step's own justification must be a core theorem of that link: x² > x holds under the
    # hypothesis x > 1 (x = 1 + μ), which then stays a hypothesis of the derivation's theorem
    custom = Derivation(
        "ineq",
        (
            Step(x**2, "start"),
            Step(x, "x > 1", relation=">", check=by(sp.Gt(x, 1))),
        ),
    )
    outcome = custom.check()
    assert outcome.ok and outcome.theorem.hyps == {sp.Gt(x, 1)}
    # a boolean check (the old style) is refused: it is not a proof
    boolean = Derivation(
        "ineq", (Step(x**2, "start"), Step(x, "trust", ">", check=lambda *a: True))  # type: ignore[arg-type]
    )
    assert not boolean.check().ok


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


def test_sigmoid_inequality_links_compare_both_sides() -> None:
    """The ≥/> links of the sigmoid bounds check previous − current, so a wrong bound fails."""
    from dataclasses import replace

    import gradproof.proofs.sigmoid as sig

    for derivation in (sig.SIGMOID_PRIME_MAX_DERIVATION, sig.WEIGHTED_BOUND_DERIVATION):
        assert derivation.check().ok
        last = derivation.steps[-1]
        too_high = replace(last, expr=sp.Rational(1, 100))  # false at t = 1 (z = 0)
        wrong = Derivation(derivation.title, (*derivation.steps[:-1], too_high))
        assert wrong.failed_links() == [len(derivation.steps) - 1]


def test_sigmoid_derivation_shows_every_step_in_its_own_form() -> None:
    """No two consecutive rows of σ′ = σ(1 − σ) print the same (SymPy must not merge a split)."""
    import gradproof.proofs.sigmoid as sig

    rows = [tex for _rel, tex, _why in sig.SIGMOID_PRIME_EQ_DERIVATION.latex()]
    assert all(a != b for a, b in pairwise(rows))
    assert sig.SIGMOID_PRIME_EQ_DERIVATION.check().ok


def test_a_source_must_cite_a_bibliography_key() -> None:
    with pytest.raises(ClaimError, match="not a bibliography key"):
        Claim(
            id="some_claim",
            statement="x",
            source="seed 000 eq. (122)",
            evidence=(symbolic(_holds),),
        )


def test_citations_print_the_works_not_the_keys() -> None:
    from gradproof.citations import compact, readable

    text = readable("nielsen-ch5 eq. (122); notes-ps5 §3.1")
    assert text.startswith("Nielsen, Neural Networks and Deep Learning, ch. 5, eq. (122); Lecture")
    assert "nielsen-ch5" not in text and "notes-ps5" not in text
    assert compact("nielsen-ch5 eq. (122)") == "Nielsen ch. 5 eq. (122)"


def test_no_registered_claim_cites_a_seed_file() -> None:
    from gradproof.registry import all_claims

    for claim in all_claims():
        assert "seed" not in claim.citation.lower(), claim.id
