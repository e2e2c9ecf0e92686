"""``gradproof verify``: the table, the JSON shape other tools depend on, and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gradproof.cli import main

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
    assert set(report) == {"claims", "passed", "failed"}
    assert report["passed"] == len(SIGMOID_CLAIMS) and report["failed"] == 0
    assert [c["id"] for c in report["claims"]] == SIGMOID_CLAIMS
    for c in report["claims"]:
        assert set(c) == {"id", "source", "status", "evidence", "seconds"}
        assert c["status"] == "proved"
        assert isinstance(c["seconds"], float) and c["source"].startswith("seed ")
        for e in c["evidence"]:
            assert set(e) == {"kind", "ok", "detail"}
            assert e["kind"] in {"symbolic", "numeric", "property", "certified"}
            assert e["ok"] is True and isinstance(e["detail"], str) and e["detail"]


def test_verify_table_lists_each_claim_and_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--only", "sigmoid_prime_max,sigmoid_prime_eq"]) == 0
    out = capsys.readouterr().out
    assert "sigmoid_prime_max" in out and "sigmoid_prime_eq" in out
    assert "symbolic,property" in out
    assert "2 claims: 2 proved, 0 confirmed, 0 failed" in out


def test_unknown_claim_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--only", "sigmoid_prime_eq,not_a_claim"]) == 2
    err = capsys.readouterr().err
    assert "unknown claim id(s): not_a_claim" in err and "sigmoid_prime_max" in err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "verify" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gradproof", "verify", "--json", "--only", "sigmoid_prime_eq"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["claims"][0]["id"] == "sigmoid_prime_eq"
