"""Breaking a claim on purpose makes both ``gradproof verify`` and pytest fail, naming the claim."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import gradproof.proofs.sigmoid as sig
from gradproof.cli import main
from gradproof.numerics import formulas


def _wrong_sigma_prime(x: sp.Expr) -> sp.Expr:
    return sig.sigma(x) * (1 + sig.sigma(x))  # sign flipped inside


def _wrong_formula(z: object) -> object:
    return 1.01 * np.asarray(formulas.sigmoid(z)) * (1 - np.asarray(formulas.sigmoid(z)))


def test_wrong_symbolic_sigma_prime_fails_verify(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sig, "sigma_prime", _wrong_sigma_prime)
    ids = ["sigmoid_prime_eq", "sigmoid_prime_max", "weighted_sigmoid_prime_bound"]
    assert main(["verify", "--json", "--only", ",".join(ids)]) == 1
    report = json.loads(capsys.readouterr().out)
    status = {c["id"]: c["status"] for c in report["claims"]}
    assert status == dict.fromkeys(ids, "failed")
    assert report["failed"] == 3 and report["passed"] == 0
    for c in report["claims"]:  # the symbolic proof is what breaks, not only the numbers
        # the claim's own symbolic evidence breaks; the formal statement defines σ′ as dσ/dz
        # itself, so the broken helper does not touch it
        own = [e for e in c["evidence"] if not e["detail"].startswith("formal statement")]
        symbolic_oks = [e["ok"] for e in own if e["kind"] == "symbolic"]
        assert symbolic_oks and not any(symbolic_oks), (c["id"], symbolic_oks)
        formal = [e for e in c["evidence"] if e["detail"].startswith("formal statement")]
        assert [e["ok"] for e in formal] == [True]


def test_wrong_numeric_formula_fails_verify_naming_the_claim(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(formulas, "sigmoid_prime", _wrong_formula)
    assert main(["verify", "--only", "sigmoid_prime_eq"]) == 1
    out = capsys.readouterr().out
    assert "sigmoid_prime_eq" in out and "failed" in out
    assert "FAIL [numeric]" in out and "SOME CLAIMS FAIL: sigmoid_prime_eq" in out


_BREAK_FORMULA = """
import pytest
from gradproof.numerics import formulas

@pytest.fixture(autouse=True)
def break_sigmoid_prime(monkeypatch):
    real = formulas.sigmoid
    monkeypatch.setattr(formulas, "sigmoid_prime", lambda z: 1.01 * real(z) * (1 - real(z)))
"""

_BREAK_SYMBOLIC = """
import pytest
import gradproof.proofs.sigmoid as sig

@pytest.fixture(autouse=True)
def break_sigma_prime(monkeypatch):
    monkeypatch.setattr(sig, "sigma_prime", lambda x: sig.sigma(x) * (1 + sig.sigma(x)))
"""


@pytest.mark.parametrize(
    ("conftest", "broken_kind"),
    [(_BREAK_FORMULA, "numeric"), (_BREAK_SYMBOLIC, "symbolic")],
    ids=["numeric_formula", "symbolic_sigma_prime"],
)
def test_broken_sigma_prime_fails_pytest_naming_the_claim(
    pytester: pytest.Pytester, conftest: str, broken_kind: str
) -> None:
    claims_test = Path(__file__).with_name("test_claims.py").read_text()
    pytester.makepyfile(test_broken_claims=claims_test)
    pytester.makeconftest(conftest)
    result = pytester.runpytest_inprocess("-k", "sigmoid_prime_eq", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_claim_holds?sigmoid_prime_eq?*",
            "*claim sigmoid_prime_eq is failed*",
            f"*[[]{broken_kind}[]] FAIL*",
        ]
    )
