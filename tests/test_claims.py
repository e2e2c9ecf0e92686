"""Every registered claim is its own test item, named by its id.

A failing item prints each evidence check's kind and detail, so ``pytest`` names the claim and
says which check broke. A claim whose evidence needs an optional package that is not installed
is skipped, with the ``pip install 'gradproof[…]'`` line as the reason
(:func:`gradproof.testing.assert_claim`).
"""

from __future__ import annotations

import pytest

from gradproof.claims import Claim
from gradproof.registry import all_claims
from gradproof.testing import assert_claim

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_holds(claim: Claim) -> None:
    assert_claim(claim.id)
