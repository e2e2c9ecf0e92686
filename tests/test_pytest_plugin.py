"""``pytest --gradproof``: the claims as test items in any project (the ``pytest11`` plugin)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_gradproof_only_collects_and_passes_the_named_claims(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--gradproof-only", "sigmoid_prime_eq,relu_grad", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        ["*gradproof::sigmoid_prime_eq PASSED*", "*gradproof::relu_grad PASSED*"]
    )


def test_without_the_option_the_plugin_adds_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_own():\n    assert True\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)


def test_claims_run_next_to_a_projects_own_tests_and_obey_k(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_own():\n    assert True\n")
    result = pytester.runpytest("--gradproof", "-k", "own or sigmoid_prime_eq")
    result.assert_outcomes(passed=2)


def test_an_unknown_claim_id_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--gradproof-only", "no_such_claim")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--gradproof-only: unknown claim id(s): no_such_claim*"])


def test_assert_claim_runs_one_claim_in_a_users_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from gradproof.testing import assert_claim

        def test_sigmoid_facts():
            result = assert_claim("sigmoid_prime_max")
            assert result.status == "proved"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)
