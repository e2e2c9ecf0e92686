"""Citation locators checked against the cited works' structure (gradproof.locators).

Every claim and every derivation step cites places that exist in the cited work, that the
reviewed table lets that claim cite, and whose content matches the claim's text; an erratum cites
first the work it corrects. The three locator changes an audit made without any test noticing
(eq. (121) for (122), problem 3-3 for 3-2, the wrong work for an erratum) are each refused.
"""

from __future__ import annotations

import pytest

from gradproof.citations import (
    WORKS,
    CitationError,
    check_citation,
    numbers_stated,
    parse_source,
    places,
)
from gradproof.claims import Claim, registered
from gradproof.locators import STRUCTURES
from gradproof.registry import all_claims

CLAIMS = all_claims()


def _text(claim: Claim) -> str:
    """What a claim says: statement, notes, erratum, derivation titles, conclusions and steps."""
    parts = [claim.statement, claim.notes, claim.erratum]
    for d in claim.derivations:
        parts += [str(getattr(d, "title", "")), str(getattr(d, "conclusion", ""))]
        parts += [str(getattr(s, "why", "")) for s in getattr(d, "steps", ())]
    return "\n".join(parts)


def _step_sources(claim: Claim) -> list[str]:
    return [s.source for d in claim.derivations for s in getattr(d, "steps", ()) if s.source]


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_cites_places_that_exist_and_hold_what_it_states(claim: Claim) -> None:
    problems = check_citation(claim.id, claim.source, _text(claim), erratum=claim.is_erratum)
    for source in _step_sources(claim):
        problems += check_citation(claim.id, source, _text(claim))
    assert not problems, "\n".join(problems)


def test_every_cited_work_has_a_structure() -> None:
    assert set(STRUCTURES) == set(WORKS)


def test_every_place_is_in_canonical_form_and_names_registered_claims() -> None:
    known = set(registered())
    for key, structure in STRUCTURES.items():
        locators = structure.locators()
        assert len(set(locators)) == len(locators), key
        for place in structure.places:
            assert places(place.locator) == (place.locator,), (key, place.locator)
            assert place.content and place.keywords, (key, place.locator)
            unknown = set(place.cited_by) - known
            assert not unknown, f"{key} {place.locator}: unregistered claims {unknown}"
        assert set(structure.errata) <= known, key


def test_every_erratum_is_recorded_against_the_work_it_corrects() -> None:
    for claim in CLAIMS:
        if claim.is_erratum:
            first = parse_source(claim.source)[0].key
            assert claim.id in STRUCTURES[first].errata, claim.id


@pytest.mark.parametrize(
    ("claim_id", "changed", "why"),
    [
        # the audit's three locator changes
        ("depth_shrink_bound", "nielsen-ch5 eq. (121)", "eq. (121) for eq. (122)"),
        ("sigmoid_prime_max", "nielsen-ch5 after eq. (121)", "after eq. (121) for (122)"),
        ("cross_entropy_min_at_y", "notes-ps5 problem 3-3", "problem 3-3 for 3-2"),
        ("output_error_cross_entropy", "notes-ps5 problem 3-2", "problem 3-2 for 3-3"),
        ("erratum_grad_w0_chain", "vanishing-exploding", "the wrong work for an erratum"),
        ("erratum_weights_of_two", "kapur-2016", "the wrong work for an erratum"),
        # places that do not exist, unreadable locators, a numbered work without a locator
        ("gain_set_width", "nielsen-ch5 eq. (124)", "no eq. (124)"),
        ("cross_entropy_min_at_y", "notes-ps5 problem 3-7", "no problem 3-7"),
        ("width_max", "nielsen-ch5 problem after eq. (122), part (4)", "no part (4)"),
        ("relu_grad", "notes-ps5 §4", "no §4"),
        ("backprop_equations", "nielsen-ch2 (BP5)", "no (BP5)"),
        ("identity_neuron", "nielsen-ch5", "no locator"),
        ("identity_neuron", "nielsen-ch5 page 12", "unreadable"),
        # a place that exists but holds something else
        ("gain_needs_w_ge_4", "nielsen-ch5 problem after eq. (122), part (3)", "part (3)"),
        ("cross_entropy_bias_grad", "nielsen-ch3 eq. (61)", "(61) for (62)"),
    ],
)
def test_a_changed_locator_is_refused(claim_id: str, changed: str, why: str) -> None:
    claim = registered()[claim_id]
    assert not check_citation(claim_id, claim.source, _text(claim), erratum=claim.is_erratum)
    problems = check_citation(claim_id, changed, _text(claim), erratum=claim.is_erratum)
    assert problems, f"{why}: {changed!r} accepted for {claim_id}"


def test_a_claim_whose_text_does_not_match_the_place_is_refused() -> None:
    # the table alone would accept it; the keywords of problem 3-2 are not in this text
    problems = check_citation(
        "cross_entropy_min_at_y", "notes-ps5 problem 3-2", "the gradient of a ReLU unit"
    )
    assert any("mentions none of" in p for p in problems)


def test_places_expands_ranges_and_skips_remarks() -> None:
    assert places("eq. (114)–(116)") == ("eq. (114)", "eq. (115)", "eq. (116)")
    assert places("(BP1)–(BP3)") == ("(BP1)", "(BP2)", "(BP3)")
    assert places("(BP1), (BP2)") == ("(BP1)", "(BP2)")
    assert places("after eq. (122) (σ′(0) = 1/4)") == ("after eq. (122)",)
    assert places("problem after eq. (122), part (2), eq. (123)") == (
        "problem after eq. (122), part (2)",
        "eq. (123)",
    )
    assert places("§1 eq. (1) ff.") == ("§1", "eq. (1)")
    assert places("eq. (121)–(122), generalised") == ("eq. (121)", "eq. (122)")
    assert places("") == ("",)


@pytest.mark.parametrize("locator", ["page 7", "eq. 122", "eq. (122)–(120)", "chapter 5"])
def test_places_refuses_what_it_cannot_read(locator: str) -> None:
    with pytest.raises(CitationError):
        places(locator)


def test_numbers_stated_are_the_sources_as_printed() -> None:
    # lecture notes §1: the toy neuron's numbers
    stated = numbers_stated("notes-ps5 §1")
    for number in ("0.6", "0.9", "0.82", "0.15", "0.09", "2.0", "0.98", "150"):
        assert number in stated
    assert "0.16" not in stated and "0.094" not in stated
    # Nielsen ch. 5 §'The vanishing gradient problem': the measured speeds
    assert {"0.07", "0.31", "0.285"} <= set(
        numbers_stated("nielsen-ch5 §'The vanishing gradient problem'")
    )
