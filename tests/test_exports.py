"""Every exported formula and constant names its verifying claims, and those claims use it.

The binding is machine-readable (``__verified_by__`` on each formula, ``CONSTANTS_VERIFIED_BY``
for the constants, see :mod:`gradproof.exported`). Here each named claim is run with the formulas
replaced by counting wrappers (the call is instrumented), and each constant is changed to a wrong
value, which must make its claim fail.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy as sp

import gradproof
from gradproof.claims import registered, run_claim
from gradproof.numerics import formulas
from gradproof.proofs import sigmoid
from gradproof.properties import verify_profile
from gradproof.registry import all_claims

#: Names in ``gradproof.__all__`` that are not formulas or constants, and why they need no claim.
NOT_FORMULAS: dict[str, str] = {
    "__version__": "the package version, not mathematics",
    "check": "a prover for the user's own formulas, not a formula (tests/test_check.py)",
    "check_steps": "a prover for the user's own derivations, not a formula",
    "GainInterval": "the named tuple (lo, hi) that gain_interval returns",
    "GainIntervalEmptyError": "the exception gain_interval(..., empty='raise') raises",
}


def public_names() -> dict[str, tuple[str, ...]]:
    """Every public formula and constant of :mod:`gradproof` → the claims that verify it.

    The formulas and constants of ``gradproof.__all__`` (except :data:`NOT_FORMULAS`) plus the
    proofs' reused constants (``gradproof.proofs.sigmoid.CONSTANTS_VERIFIED_BY``). A name
    without a verifying claim maps to ``()``.
    """
    out: dict[str, tuple[str, ...]] = {}
    for name in gradproof.__all__:
        if name in NOT_FORMULAS:
            continue
        obj = getattr(gradproof, name)
        if callable(obj):
            out[name] = tuple(getattr(obj, "__verified_by__", ()))
        else:
            out[name] = tuple(formulas.CONSTANTS_VERIFIED_BY.get(name, ()))
    for name, ids in sigmoid.CONSTANTS_VERIFIED_BY.items():
        out[f"proofs.sigmoid.{name}"] = tuple(ids)
    return out


all_claims()  # import every claim module
BINDING = public_names()
FUNCTIONS = {n: ids for n, ids in BINDING.items() if callable(getattr(gradproof, n, None))}
CLAIMS_NAMED = sorted({c for ids in FUNCTIONS.values() for c in ids})


def test_every_public_name_is_bound_or_explained() -> None:
    for name in gradproof.__all__:
        assert name in BINDING or name in NOT_FORMULAS, f"gradproof.{name} is not bound"
    # the agreed list of the issue: 13 formulas, 2 constants, and SIGMOID_PRIME_BOUND
    assert len(FUNCTIONS) == 13
    assert {"WIDTH_MAX_ARGMAX", "WIDTH_MAX_VALUE", "proofs.sigmoid.SIGMOID_PRIME_BOUND"} <= set(
        BINDING
    )


@pytest.mark.parametrize("name", sorted(BINDING))
def test_public_name_has_a_registered_verifying_claim(name: str) -> None:
    ids = BINDING[name]
    assert ids, f"{name} names no verifying claim"
    unknown = [i for i in ids if i not in registered()]
    assert not unknown, f"{name} names unregistered claim(s) {unknown}"


def _counting(func: Callable[..., Any], calls: dict[str, int], name: str) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return func(*args, **kwargs)

    return wrapper


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", CLAIMS_NAMED)
def test_named_claim_calls_the_exported_formula(
    claim_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = dict.fromkeys(FUNCTIONS, 0)
    for name in FUNCTIONS:
        wrapper = _counting(getattr(formulas, name), calls, name)
        monkeypatch.setattr(formulas, name, wrapper)
        monkeypatch.setattr(gradproof, name, wrapper)
    with verify_profile():
        result = run_claim(registered()[claim_id])
    assert result.passed, [e.detail for e in result.evidence if not e.ok]
    expected = [n for n, ids in FUNCTIONS.items() if claim_id in ids]
    not_called = [n for n in expected if calls[n] == 0]
    assert not not_called, f"{claim_id} names but never calls {not_called}"


def _status_with(monkeypatch: pytest.MonkeyPatch, claim_id: str, **patches: Any) -> str:
    for attr, value in patches.items():
        monkeypatch.setattr(formulas, attr, value)
        if hasattr(gradproof, attr):
            monkeypatch.setattr(gradproof, attr, value)
    with verify_profile():
        return run_claim(registered()[claim_id]).status


@pytest.mark.parametrize(
    ("constant", "wrong"),
    [
        ("WIDTH_MAX_ARGMAX", 6.9),
        ("WIDTH_MAX_ARGMAX", math.nextafter(formulas.WIDTH_MAX_ARGMAX, 7.0)),
        ("WIDTH_MAX_VALUE", 0.45),
        ("WIDTH_MAX_VALUE", math.nextafter(formulas.WIDTH_MAX_VALUE, 0.0)),
    ],
)
def test_a_wrong_width_constant_fails_width_max(
    constant: str, wrong: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert formulas.CONSTANTS_VERIFIED_BY[constant] == ("width_max",)
    assert _status_with(monkeypatch, "width_max", **{constant: wrong}) == "failed"


def test_sigmoid_prime_bound_of_one_third_fails_sigmoid_prime_max(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert sigmoid.CONSTANTS_VERIFIED_BY["SIGMOID_PRIME_BOUND"] == ("sigmoid_prime_max",)
    monkeypatch.setattr(sigmoid, "SIGMOID_PRIME_BOUND", sp.Rational(1, 3))
    with verify_profile():
        assert run_claim(registered()["sigmoid_prime_max"]).status == "failed"


def _exported_checks_status(claim_id: str) -> bool:
    """Whether every evidence check of the claim that runs an exported object holds."""
    claim = registered()[claim_id]
    checks = [ev for ev in claim.evidence if ev.name.startswith("exported_")]
    assert checks, f"{claim_id} has no exported-object check"
    return all(ev.check().ok for ev in checks)


def _negated(func: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *a, **k: -np.asarray(func(*a, **k))


@pytest.mark.parametrize(
    ("name", "claim_ids"),
    [
        ("cross_entropy_grad", ("cross_entropy_bias_grad", "cross_entropy_cancellation")),
        ("quadratic_grad", ("quadratic_grads",)),
    ],
)
def test_flipping_the_sign_of_a_gradient_fails_its_claims(
    name: str, claim_ids: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    for claim_id in claim_ids:
        assert _exported_checks_status(claim_id)
    monkeypatch.setattr(formulas, name, _negated(getattr(formulas, name)))
    for claim_id in claim_ids:
        assert not _exported_checks_status(claim_id), claim_id


def test_scaling_the_width_by_one_plus_1e_9_fails_gain_set_width_and_width_max(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = formulas.gain_interval_width
    monkeypatch.setattr(
        formulas, "gain_interval_width", lambda w: np.asarray(original(w)) * (1 + 1e-9)
    )
    assert not _exported_checks_status("gain_set_width")
    assert not _exported_checks_status("width_max")


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_docstring_names_the_same_claims_as_verified_by(name: str) -> None:
    import re

    doc = getattr(formulas, name).__doc__ or ""
    sentence = re.search(r"Verified by claims?\s+(.*?)\.\s", doc, re.DOTALL)
    assert sentence, f"{name}: no 'Verified by claim …' sentence"
    cited = set(re.findall(r"``([a-z0-9_]+)``", sentence.group(1)))
    assert cited == set(FUNCTIONS[name]), (name, cited, FUNCTIONS[name])
