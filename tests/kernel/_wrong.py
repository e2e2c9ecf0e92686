"""Helpers for the kernel's suite of wrong proofs: each must be refused, naming the failing rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sympy as sp

from gradproof.core import ProofError, Theorem
from gradproof.logic import Statement


@dataclass(frozen=True)
class Wrong:
    """A wrong proof or an ill-posed/false statement, and the rule whose refusal stops it.

    ``attempt`` either raises :class:`ProofError` (a rule refused) or returns a
    :class:`Statement`, whose ``prove()`` must then fail. ``rule`` is the name the refusal must
    carry (``"rule <name> refused"``); ``why`` says what is wrong, for a reader of the table.
    """

    id: str
    attempt: Callable[[], Any]
    rule: str
    why: str
    says: str = ""


def refused(case: Wrong) -> str:
    """Run the attempt; return the refusal's text, failing the test if anything was proved."""
    try:
        out = case.attempt()
    except ProofError as exc:
        return str(exc)
    if isinstance(out, Theorem):
        pytest.fail(f"{case.id}: the core made a theorem of something wrong: {out!r}")
    assert isinstance(out, Statement), f"{case.id}: attempt returned {out!r}"
    outcome = out.prove()
    assert not outcome.ok, f"{case.id} ({case.why}) was PROVED: {outcome.detail}"
    assert not outcome.kernel_error, f"{case.id}: a kernel error, not a refusal: {outcome.detail}"
    return outcome.detail


def assert_refused_by(case: Wrong) -> None:
    text = refused(case)
    assert f"rule {case.rule} refused" in text, (
        f"{case.id} ({case.why}) was refused, but not by rule {case.rule}: {text[:400]}"
    )
    assert case.says in text, f"{case.id}: the refusal does not say {case.says!r}: {text[:400]}"


x, y, z, w = sp.symbols("x y z w", real=True)
t, s, u = sp.symbols("t s u", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True)
k = sp.Symbol("k", integer=True)


def sigma(v: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-v))
