"""The hypothesis profiles registered in conftest.py: derandomised under CI, deeper on request."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings


def test_ci_profile_is_derandomised_without_a_database() -> None:
    ci = settings.get_profile("ci")
    assert ci.derandomize is True and ci.database is None


def test_thorough_profile_runs_many_more_examples() -> None:
    assert (
        settings.get_profile("thorough").max_examples
        >= 10 * settings.get_profile("ci").max_examples
    )


def test_ci_profile_is_the_default_under_ci(request: pytest.FixtureRequest) -> None:
    chosen = request.config.getoption("hypothesis_profile", default=None)
    if chosen is not None:
        pytest.skip(f"profile chosen explicitly on the command line: {chosen}")
    on_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    assert settings().derandomize is on_ci


def test_the_profile_in_force_is_the_one_asked_for(request: pytest.FixtureRequest) -> None:
    """``--hypothesis-profile NAME`` wins over conftest's default (CI=true → ci, else dev)."""
    on_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    chosen = request.config.getoption("hypothesis_profile", default=None)
    wanted_name = chosen or ("ci" if on_ci else "dev")
    wanted = settings.get_profile(wanted_name)
    current = settings()
    assert (current.max_examples, current.derandomize, current.database) == (
        wanted.max_examples,
        wanted.derandomize,
        wanted.database,
    ), f"profile in force is not {wanted_name!r}"
    if hasattr(settings, "get_current_profile_name"):  # hypothesis ≥ 6.139
        assert settings.get_current_profile_name() == wanted_name
