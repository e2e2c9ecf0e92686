"""Every registered claim is its own test item, named by its id.

A failing item prints each evidence check's kind and detail, so ``pytest`` names the claim and
says which check broke.
"""

from __future__ import annotations

import pytest

from gradproof.claims import Claim, run_claim
from gradproof.registry import all_claims

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_holds(claim: Claim) -> None:
    result = run_claim(claim)
    report = "\n".join(
        f"  [{e.kind}] {'ok' if e.ok else 'FAIL'}: {e.detail}" for e in result.evidence
    )
    assert result.passed, f"claim {claim.id} is {result.status}:\n{report}"
