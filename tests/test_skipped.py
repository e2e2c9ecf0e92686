"""Optional dependencies never turn into failures: a check that needs an absent extra is
*skipped*, named with its ``pip install`` line; ``verify`` exits 0, ``--strict`` makes it fail."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

import gradproof.registry
from gradproof.claims import (
    Claim,
    MissingExtraError,
    Outcome,
    numeric,
    run_claim,
    symbolic,
)
from gradproof.testing import assert_claim


def _holds() -> Outcome:
    return Outcome.holds("fine")


def _needs_hypothesis() -> Outcome:
    raise ModuleNotFoundError("No module named 'hypothesis'", name="hypothesis")


def _needs_sklearn_through_a_cause() -> Outcome:
    raise RuntimeError("the embedded digits are unavailable") from MissingExtraError("sklearn")


def _needs_an_unknown_module() -> Outcome:
    raise ModuleNotFoundError("No module named 'gradproof_typo'", name="gradproof_typo")


def _breaks_while_handling_an_import_error() -> Outcome:
    try:
        raise ModuleNotFoundError("No module named 'hypothesis'", name="hypothesis")
    except ImportError:
        raise ValueError("a fallback that is itself broken") from None


def _fails() -> Outcome:
    return Outcome.fails("wrong")


def _claim(*checks: object) -> Claim:
    evidence = tuple(
        (symbolic if i == 0 else numeric)(c)  # type: ignore[arg-type]
        for i, c in enumerate(checks)
    )
    return Claim(id="a_claim", statement="s", source="nielsen-ch5", evidence=evidence)


def test_a_missing_optional_package_skips_the_claim_with_the_install_line() -> None:
    result = run_claim(_claim(_holds, _needs_hypothesis))
    assert result.status == "skipped" and not result.passed and result.skipped
    assert "needs hypothesis: pip install 'gradproof[test]'" in result.skip_reason
    assert [e.skipped for e in result.evidence] == [False, True]
    result = run_claim(_claim(_holds, _needs_sklearn_through_a_cause))
    assert result.status == "skipped"
    assert "needs scikit-learn: pip install 'gradproof[experiment]'" in result.skip_reason


def test_other_import_errors_stay_errors_and_failures_win_over_skips() -> None:
    assert run_claim(_claim(_holds, _needs_an_unknown_module)).status == "error"
    assert run_claim(_claim(_holds, _breaks_while_handling_an_import_error)).status == "error"
    assert run_claim(_claim(_fails, _needs_hypothesis)).status == "failed"


def test_assert_claim_skips_under_pytest_and_refuses_with_allow_skip_false(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = _claim(_holds, _needs_hypothesis)
    monkeypatch.setattr(gradproof.registry, "select", lambda ids: [claim])
    with pytest.raises(pytest.skip.Exception, match=r"pip install 'gradproof\[test\]'"):
        assert_claim("a_claim")
    with pytest.raises(AssertionError, match="is skipped"):
        assert_claim("a_claim", allow_skip=False)
    failing = _claim(_fails)
    monkeypatch.setattr(gradproof.registry, "select", lambda ids: [failing])
    with pytest.raises(AssertionError, match=r"\[symbolic\] FAIL: wrong"):
        assert_claim("a_claim")


# A plain `pip install gradproof` has no scikit-learn, matplotlib or tqdm (and, before hypothesis
# became a runtime dependency, no hypothesis): hide them from a fresh interpreter and verify.
_WITHOUT_EXTRAS = textwrap.dedent(
    """
    import importlib.abc, sys
    HIDDEN = {"sklearn", "matplotlib", "tqdm", "threadpoolctl", "hypothesis"}

    class Hide(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in HIDDEN:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Hide())
    import importlib.util
    _find_spec = importlib.util.find_spec
    def find_spec(name, package=None):
        return None if name.split(".")[0] in HIDDEN else _find_spec(name, package)
    importlib.util.find_spec = find_spec
    from gradproof.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def _verify_without_extras(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT_EXTRAS, "verify", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tempfile.gettempdir(),  # outside the source tree: its gradproof/ would shadow the
        # install, and hypothesis's cache (.hypothesis/) must not land in the tree
    )


@pytest.mark.slow
def test_verify_without_any_extra_exits_0_with_no_failure(tmp_path: Path) -> None:
    # the report: "13 proved, 1 confirmed, 10 failed — SOME CLAIMS FAIL", exit 1
    done = _verify_without_extras("--json")
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    statuses = {c["id"]: c["status"] for c in report["claims"]}
    assert report["failed"] == 0 and "failed" not in statuses.values()
    assert "error" not in statuses.values(), statuses
    assert statuses["layer_speeds_at_init"] == "skipped"
    assert statuses["sigmoid_prime_max"] == "skipped"  # its property check needs hypothesis
    assert statuses["sigmoid_prime_eq"] == "proved"
    assert report["skipped"] == sum(s == "skipped" for s in statuses.values()) > 0
    details = " ".join(e["detail"] for c in report["claims"] for e in c["evidence"])
    assert "pip install 'gradproof[experiment]'" in details
    assert "pip install 'gradproof[test]'" in details


def test_verify_summary_names_the_skips_and_strict_makes_them_fail() -> None:
    only = "--only=sigmoid_prime_eq,layer_speeds_in_training"
    done = _verify_without_extras(only)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 claims: 1 proved, 0 confirmed, 0 failed, 1 skipped" in done.stdout
    assert "every claim that ran holds" in done.stdout
    assert "skipped (an optional package is missing): layer_speeds_in_training" in done.stdout
    assert "pip install 'gradproof[experiment]'" in done.stdout
    assert "FAIL" not in done.stdout and "    skip [numeric]" in done.stdout
    strict = _verify_without_extras(only, "--strict")
    assert strict.returncode == 1 and "SOME CLAIMS SKIPPED (--strict)" in strict.stdout
