"""``gradproof verify``: the table, the JSON shape other tools depend on, and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import gradproof
from gradproof.citations import parse_source
from gradproof.cli import EXIT_INTERNAL_ERROR, main

SIGMOID_CLAIMS = [
    "sigmoid_prime_eq",
    "sigmoid_prime_max",
    "weighted_sigmoid_prime_bound",
    "gaussian_weight_usually_small",
]


def test_verify_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--json", "--only", ",".join(SIGMOID_CLAIMS)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(report) == {"version", "claims", "passed", "failed", "skipped"}
    assert report["version"] == gradproof.__version__
    assert report["passed"] == len(SIGMOID_CLAIMS) and report["failed"] == 0
    assert report["skipped"] == 0
    assert [c["id"] for c in report["claims"]] == SIGMOID_CLAIMS
    for c in report["claims"]:
        assert set(c) == {"id", "source", "status", "evidence", "seconds"}
        assert c["status"] == "proved"
        assert isinstance(c["seconds"], float) and parse_source(c["source"])
        for e in c["evidence"]:
            assert set(e) == {"kind", "ok", "detail", "skipped", "proves", "kernel_error"}
            assert e["kernel_error"] is False
            assert e["skipped"] is False
            assert e["kind"] in {"symbolic", "numeric", "property", "certified"}
            assert e["ok"] is True and isinstance(e["detail"], str) and e["detail"]


def test_verify_table_lists_each_claim_and_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--only", "sigmoid_prime_max,sigmoid_prime_eq"]) == 0
    out = capsys.readouterr().out
    assert "sigmoid_prime_max" in out and "sigmoid_prime_eq" in out
    assert "symbolic,property" in out
    assert "2 claims: 2 proved, 0 confirmed, 0 failed, 0 skipped" in out


def test_unknown_claim_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--only", "sigmoid_prime_eq,not_a_claim"]) == 2
    err = capsys.readouterr().err
    assert "--only 'sigmoid_prime_eq,not_a_claim'" in err
    assert "unknown claim id(s): not_a_claim" in err and "gradproof list" in err
    # a near miss gets the ids it was probably meant to be
    assert main(["verify", "--only", "sigmoid_prime_mx"]) == 2
    err = capsys.readouterr().err
    assert "Did you mean" in err and "sigmoid_prime_max" in err


def test_an_empty_only_list_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--only", " , "]) == 2
    assert "no claim id given" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "verify" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gradproof", "verify", "--json", "--only", "sigmoid_prime_eq"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,  # outside the source tree: its gradproof/ would shadow the install,
        # and hypothesis's cache (.hypothesis/) must not land in the tree (the sdist takes it)
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["claims"][0]["id"] == "sigmoid_prime_eq"


def test_verify_reports_every_status_and_fails_on_failed_or_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One claim per status through the command line: exit 1, counts and statuses as judged."""
    import gradproof.registry
    from gradproof.claims import Claim, Outcome, numeric, symbolic

    def holds() -> Outcome:  # a core theorem behind it: only such symbolic evidence proves
        import sympy as sp

        from gradproof import core

        return Outcome(True, "fine", core.identity(sp.Integer(2), sp.Integer(1) + sp.Integer(1)))

    def fails() -> Outcome:
        return Outcome.fails("wrong")

    def raises() -> Outcome:
        raise RuntimeError("boom")

    claims = [
        Claim(id="a_proved", statement="x", source="gradproof test", evidence=(symbolic(holds),)),
        Claim(id="b_confirmed", statement="x", source="gradproof test", evidence=(numeric(holds),)),
        Claim(id="c_failed", statement="x", source="gradproof test", evidence=(symbolic(fails),)),
        Claim(id="d_error", statement="x", source="gradproof test", evidence=(numeric(raises),)),
    ]
    monkeypatch.setattr(gradproof.registry, "select", lambda ids, c=None: claims)
    assert main(["verify", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [c["status"] for c in report["claims"]] == ["proved", "confirmed", "failed", "error"]
    assert (report["passed"], report["failed"]) == (2, 2)
    assert "RuntimeError: boom" in report["claims"][3]["evidence"][0]["detail"]
    assert main(["verify"]) == 1
    assert "SOME CLAIMS FAIL: c_failed, d_error" in capsys.readouterr().out


def test_an_unexpected_exception_is_reported_as_a_bug_not_as_a_verdict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gradproof.checker

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(gradproof.checker, "check", broken)
    code = main(["check", "dC/dw1", "x*(σ(z1) - y)", "--cost", "cross_entropy"])
    err = capsys.readouterr().err
    # not 1 (refuted), 2 (bad input) or 3 (undecided): the user's formula was not judged
    assert code == EXIT_INTERNAL_ERROR == 4
    assert "internal error (RuntimeError: simulated bug)" in err and "Traceback" in err
