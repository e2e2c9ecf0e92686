"""Claims in your own tests: ``assert_claim("sigmoid_prime_max")``.

::

    from gradproof.testing import assert_claim

    def test_the_sigmoid_facts_i_rely_on():
        assert_claim("sigmoid_prime_max")          # 0 < σ′ ≤ 1/4, proved symbolically
        assert_claim("weighted_sigmoid_prime_bound")

Each call runs the claim's evidence (proofs and confirmations) exactly as ``gradproof verify``
does, under its derandomised hypothesis profile. For every claim at once, use the pytest plugin:
``pytest --gradproof`` (:mod:`gradproof.pytest_plugin`).

Your own backpropagation code: ``check_backprop`` / ``assert_backprop`` (see
:mod:`gradproof.backprop_check`), against the proved BP1–BP4 in float64 with a rigorous error
bound (50 digits where that bound cannot decide), for every activation and cost.
"""

from __future__ import annotations

import sys

from gradproof.backprop_check import BackpropReport, Mismatch, assert_backprop, check_backprop
from gradproof.claims import ClaimError, ClaimResult, run_claim
from gradproof.safety import clip, require_bool

__all__ = [
    "BackpropReport",
    "Mismatch",
    "assert_backprop",
    "assert_claim",
    "check_backprop",
    "claim_report",
]


def claim_report(result: ClaimResult) -> str:
    """The claim's status and every check's kind, verdict and detail, one line each."""
    lines = [f"claim {result.id} is {result.status} ({result.source}):"]
    for e in result.evidence:
        verdict = "ok" if e.ok else "skipped" if e.skipped else "FAIL"
        lines.append(f"  [{e.kind}] {verdict}: {e.detail}")
    return "\n".join(lines)


def assert_claim(claim_id: str, *, allow_skip: bool = True) -> ClaimResult:
    """Run the claim ``claim_id`` and raise ``AssertionError`` unless it is proved or confirmed.

    A claim whose evidence needs an optional package that is not installed is *skipped*: with
    ``allow_skip`` (the default) that is ``pytest.skip`` under pytest (the reason names the
    ``pip install 'gradproof[…]'`` line) and a returned result elsewhere; with
    ``allow_skip=False`` it is an ``AssertionError`` like a failure. An unknown id raises
    :class:`gradproof.claims.ClaimError` (a ``ValueError``) listing the known ones. Returns the
    :class:`~gradproof.claims.ClaimResult`.

    Parameters
    ----------
    claim_id : str
        A claim id, as ``gradproof list`` prints them.
    allow_skip : bool
        Whether a claim skipped for a missing optional package passes (pytest: is skipped).

    Returns
    -------
    ClaimResult
        The claim's result: ``status``, ``passed`` and every check's result.

    Raises
    ------
    AssertionError
        When the claim is neither proved nor confirmed (or skipped with ``allow_skip=False``).
    ClaimError
        For an unknown id.
    """
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a claim id string, got {type(claim_id).__name__}")
    require_bool(allow_skip, "allow_skip")
    from gradproof.properties import verify_profile
    from gradproof.registry import select

    try:
        (claim,) = select([claim_id])
    except ValueError as exc:
        if isinstance(exc, ClaimError):
            raise
        raise ClaimError(f"claim id {clip(repr(claim_id))} names no single claim") from None
    with verify_profile():
        result = run_claim(claim)
    if result.passed:
        return result
    if result.skipped and allow_skip:
        if "pytest" in sys.modules:
            import pytest

            pytest.skip(f"claim {result.id} skipped: {result.skip_reason}")
        return result
    raise AssertionError(claim_report(result))
