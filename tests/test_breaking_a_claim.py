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
    assert main(["verify", "--json", "--only", "sigmoid_prime_eq,sigmoid_prime_max"]) == 1
    report = json.loads(capsys.readouterr().out)
    status = {c["id"]: c["status"] for c in report["claims"]}
    assert status == {"sigmoid_prime_eq": "failed", "sigmoid_prime_max": "failed"}
    assert report["failed"] == 2


def test_wrong_numeric_formula_fails_verify_naming_the_claim(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(formulas, "sigmoid_prime", _wrong_formula)
    assert main(["verify", "--only", "sigmoid_prime_eq"]) == 1
    out = capsys.readouterr().out
    assert "sigmoid_prime_eq" in out and "failed" in out
    assert "FAIL [numeric]" in out and "SOME CLAIMS FAIL: sigmoid_prime_eq" in out


def test_wrong_formula_fails_pytest_naming_the_claim(pytester: pytest.Pytester) -> None:
    claims_test = Path(__file__).with_name("test_claims.py").read_text()
    pytester.makepyfile(test_broken_claims=claims_test)
    pytester.makeconftest(
        """
        import numpy as np
        import pytest
        from gradproof.numerics import formulas

        @pytest.fixture(autouse=True)
        def break_sigmoid_prime(monkeypatch):
            real = formulas.sigmoid
            monkeypatch.setattr(
                formulas, "sigmoid_prime", lambda z: 1.01 * real(z) * (1 - real(z))
            )
        """
    )
    result = pytester.runpytest_inprocess("-k", "sigmoid_prime_eq", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*test_claim_holds?sigmoid_prime_eq?*", "*claim sigmoid_prime_eq is failed*"]
    )
