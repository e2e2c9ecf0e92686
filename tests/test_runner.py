"""The verify runner: checks in worker processes, a real time limit per check, registry order."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from gradproof.claims import Claim, Outcome, numeric, symbolic
from gradproof.cli import main
from gradproof.runner import can_fork, check_jobs, check_timeout_value, run_claims

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes need fork")


def _claim(cid: str, *checks: object) -> Claim:
    return Claim(
        id=cid,
        statement=f"{cid} holds.",
        source="nielsen-ch5 eq. (122)",
        evidence=tuple(symbolic(c) for c in checks),  # type: ignore[arg-type]
    )


def _proved(detail: str) -> Outcome:
    """A symbolic check that holds with a core theorem behind it (only those make "proved")."""
    import sympy as sp

    from gradproof import core

    return Outcome(True, detail, core.identity(sp.Integer(1) + sp.Integer(1), sp.Integer(2)))


def quick_truth() -> Outcome:
    """A check that holds at once."""
    return _proved("1 + 1 = 2")


def quick_failure() -> Outcome:
    """A check that does not hold."""
    return Outcome.fails("1 + 1 ≠ 3")


def test_a_slow_check_is_stopped_at_its_time_limit_and_the_run_goes_on(tmp_path: Path) -> None:
    marker = tmp_path / "still-running"
    pid_file = tmp_path / "pid"

    def slow_sympy_check() -> Outcome:
        """Works for a minute (a stand-in for a SymPy simplification that never ends)."""
        marker.write_text("")
        pid_file.write_text(str(os.getpid()))
        import sympy as sp

        x = sp.Symbol("x")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sp.expand((x + 1) ** 8)
            with marker.open("a") as f:
                f.write(".")
            time.sleep(0.02)  # mostly idle: the test must not eat a core while it waits
        return _proved("finished")

    claims = [
        _claim("first_quick", quick_truth),
        _claim("slow_one", quick_truth, slow_sympy_check),
        _claim("after_slow", quick_truth),
    ]
    results, info = run_claims(claims, jobs=2, check_timeout=4)
    assert [r.id for r in results] == ["first_quick", "slow_one", "after_slow"]
    assert [r.status for r in results] == ["proved", "error", "proved"]
    slow = results[1].evidence[1]
    # stopped, not waited for: a check that ran its minute would have held ("finished")
    assert slow.raised and not slow.ok
    assert slow.detail == "slow_sympy_check: timed out after 4 s"
    # the worker really is gone: nothing writes the marker any more
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    before = marker.stat().st_size
    time.sleep(0.3)
    assert marker.stat().st_size == before
    assert info.check_timeout == 4 and info.jobs == 2


def test_results_arrive_in_registry_order_whatever_finishes_first() -> None:
    def slow_truth() -> Outcome:
        """Takes a moment, so a later claim finishes first."""
        time.sleep(0.5)
        return _proved("slow")

    seen: list[str] = []
    claims = [_claim("takes_time", slow_truth), _claim("instant", quick_truth)]
    claims += [_claim(f"more_{k}", quick_failure if k == 2 else quick_truth) for k in range(4)]
    results, _ = run_claims(claims, jobs=2, on_result=lambda r: seen.append(r.id))
    assert seen == [c.id for c in claims] == [r.id for r in results]
    assert [r.status for r in results] == ["proved"] * 4 + ["failed", "proved"]


def test_sequential_and_parallel_runs_judge_alike() -> None:
    def raises() -> Outcome:
        """A broken check."""
        raise RuntimeError("boom")

    claims = [
        _claim("holds", quick_truth),
        _claim("fails", quick_truth, quick_failure),
        _claim("breaks", raises),
        Claim(
            id="numbers",
            statement="numbers.",
            source="nielsen-ch5 eq. (122)",
            evidence=(numeric(quick_truth),),
        ),
    ]
    one, info1 = run_claims(claims, jobs=1)
    two, info2 = run_claims(claims, jobs=2)
    assert info1.mode.startswith("sequential") and info2.mode.startswith("parallel")
    key = [(r.id, r.status, [(e.kind, e.ok, e.detail) for e in r.evidence]) for r in one]
    assert key == [(r.id, r.status, [(e.kind, e.ok, e.detail) for e in r.evidence]) for r in two]
    assert [r.status for r in one] == ["proved", "failed", "error", "confirmed"]
    assert "RuntimeError: boom" in one[2].evidence[0].detail


def test_a_worker_that_dies_is_an_error_and_is_replaced() -> None:
    def dies() -> Outcome:
        """Kills its own process (like a crash in a C extension)."""
        os._exit(3)

    claims = [_claim("dies", dies), _claim("after_death", quick_truth)]
    results, _ = run_claims(claims, jobs=1)
    assert [r.status for r in results] == ["error", "proved"]
    assert "worker process died (exit code 3)" in results[0].evidence[0].detail


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_bad_jobs_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="jobs must be an int ≥ 1"):
        check_jobs(bad)


@pytest.mark.parametrize("bad", [0, -3, float("inf"), float("nan"), "soon", True])
def test_bad_timeouts_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="check_timeout must be"):
        check_timeout_value(bad)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], "--jobs must be an int ≥ 1, got 0"),
        (["--jobs", "two"], "--jobs: expected a whole number of worker processes"),
        (["--check-timeout", "-1"], "--check-timeout must be a finite number of seconds > 0"),
        (["--check-timeout", "inf"], "--check-timeout must be a finite number of seconds > 0"),
    ],
)
def test_bad_verify_options_exit_2_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--only", "sigmoid_prime_eq", *args]) == 2
    assert message in capsys.readouterr().err


def test_verify_details_say_how_the_run_was_made_and_what_it_covered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", "--only", "sigmoid_prime_max", "--details", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "run: sequential (1 worker process), time limit 120 s per check" in out
    assert "each property check at 200 derandomised hypothesis examples" in out
    assert "no counterexample in 200 hypothesis examples" in out
    assert "thorough runs:" in out


def test_verify_reports_a_check_past_its_time_limit_and_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gradproof.claims import _REGISTRY, register

    def never_ending_simplification() -> Outcome:
        """Loops far past any time limit (a stand-in for a runaway sp.simplify)."""
        import sympy as sp

        x = sp.Symbol("x")
        while True:
            sp.expand((x + 2) ** 8)
            time.sleep(0.02)

    slow = register(_claim("temporary_slow_claim", never_ending_simplification), family="tests")
    quick = register(_claim("temporary_quick_claim", quick_truth), family="tests")
    try:
        argv = ["verify", "--only", f"{slow.id},{quick.id}", "--check-timeout", "3"]
        code = main(argv)  # the check never ends: returning at all shows it was stopped
    finally:
        _REGISTRY.pop(slow.id, None)
        _REGISTRY.pop(quick.id, None)
    out = capsys.readouterr().out
    assert code == 1
    assert "never_ending_simplification: timed out after 3 s" in out
    row = next(line for line in out.splitlines() if line.startswith("temporary_slow_claim"))
    assert "error" in row
    assert "temporary_quick_claim" in out and "1 proved, 0 confirmed, 1 failed" in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    import signal
    import subprocess

    pid_file = tmp_path / "worker.pid"
    script = f"""
import os, time
from gradproof.claims import Claim, Outcome, symbolic
from gradproof.runner import run_claims

def long_check() -> Outcome:
    '''Runs far longer than the test.'''
    open({str(pid_file)!r}, "w").write(str(os.getpid()))
    time.sleep(120)
    return Outcome.holds("done")

claim = Claim(id="long_one", statement="s.", source="nielsen-ch5 eq. (122)",
              evidence=(symbolic(long_check),))
run_claims([claim], jobs=1)
"""
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        # wait for states (the worker has written its pid; it has died), not for a time: the
        # deadlines are only a safety net against a hang on a very loaded machine
        deadline = time.monotonic() + 900
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        worker = int(pid_file.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=900)
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline and _alive(worker):
            time.sleep(0.05)
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
            pytest.fail("the worker outlived its killed parent")
    finally:
        if parent.poll() is None:
            parent.kill()


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True
