"""The mutation catalogue is well formed (the runs themselves: ``make mutate``)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gradproof.registry import all_claims  # noqa: E402
from mutations.catalogue import MUTATIONS  # noqa: E402
from mutations.run import CatalogueError, check_catalogue  # noqa: E402


def test_every_original_text_occurs_exactly_once_in_its_file() -> None:
    check_catalogue()


def test_catalogue_has_at_least_30_mutations_expected_to_be_caught() -> None:
    assert sum(m.expected_caught for m in MUTATIONS) >= 30
    assert len({m.id for m in MUTATIONS}) == len(MUTATIONS)


def test_every_named_claim_is_registered_and_every_survivor_says_why() -> None:
    known = {c.id for c in all_claims()}
    for m in MUTATIONS:
        assert set(m.claims) <= known, (m.id, set(m.claims) - known)
        if not m.expected_caught:
            assert len(m.survives.split()) >= 5, f"{m.id}: say why it is right to survive"


def test_the_item_1_mutations_are_in_the_catalogue() -> None:
    ids = {m.id for m in MUTATIONS if m.expected_caught}
    for required in (
        "width_max_argmax_6_9",
        "width_max_value_0_45",
        "cross_entropy_grad_sign_flipped",
        "quadratic_grad_sign_flipped",
        "gain_interval_width_scaled_by_1_plus_1e9",
        "sigmoid_prime_bound_one_third",
    ):
        assert required in ids


def test_a_malformed_entry_is_refused() -> None:
    entry = MUTATIONS[0]
    with pytest.raises(CatalogueError, match="occurs 0 times"):
        check_catalogue((replace(entry, original="this text is not in the file"),))
    with pytest.raises(CatalogueError, match="duplicate id"):
        check_catalogue((entry, entry))
