"""Running hypothesis property tests as claim evidence.

A property check is a function that builds and runs a ``@given`` test (importing hypothesis
inside, since hypothesis is the ``test`` extra, not a runtime dependency)::

    def bound_holds_for_random_weights() -> Outcome:
        from hypothesis import given, strategies as st

        @given(w=st.floats(-1, 1, exclude_min=True, exclude_max=True))
        def check(w: float) -> None:
            assert abs(w * sigmoid_prime(0.0)) < 0.25

        return run_property(check, "|w σ′(0)| < 1/4 for w in (-1, 1)")

The test runs under hypothesis' current settings profile: inside pytest that is the profile chosen
with ``--hypothesis-profile`` (``ci`` by default under CI=true, see ``tests/conftest.py``); under
``gradproof verify`` it is :data:`VERIFY_PROFILE` (derandomised, so the report is reproducible).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from gradproof.outcome import Outcome

VERIFY_PROFILE = "gradproof-verify"
#: Hypothesis examples per property check under ``gradproof verify``.
VERIFY_MAX_EXAMPLES = 200


@contextlib.contextmanager
def verify_profile() -> Iterator[None]:
    """Run the body under the derandomised profile of ``gradproof verify`` (no example database).

    The profile that was loaded before is restored afterwards, so calling ``verify`` in-process
    (from a test, say) leaves hypothesis' global settings as they were. Without hypothesis
    installed the body runs anyway; property checks then report the missing extra as an error.
    """
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        yield
        return
    current_name = getattr(settings, "get_current_profile_name", None)  # hypothesis ≥ 6.139
    if current_name is not None:
        previous = current_name()
    else:  # older hypothesis: keep the current settings under a profile of our own
        previous = f"{VERIFY_PROFILE}-previous"
        settings.register_profile(previous, parent=settings.default)
    settings.register_profile(
        VERIFY_PROFILE,
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=VERIFY_MAX_EXAMPLES,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile(VERIFY_PROFILE)
    try:
        yield
    finally:
        settings.load_profile(previous)


def run_property(test: Callable[[], None], statement: str) -> Outcome:
    """Run a ``@given``-decorated ``test``; a counterexample becomes a failed :class:`Outcome`.

    Errors other than a falsified assertion (a bug in the test itself) propagate, so the claim is
    reported as ``error`` rather than ``failed``.
    """
    from hypothesis import settings

    current = settings()
    try:
        test()
    except AssertionError as exc:
        notes = " ".join(str(n) for n in getattr(exc, "__notes__", []))
        return Outcome.fails(f"counterexample to {statement}: {exc} {notes}".strip())
    return Outcome.holds(
        f"{statement}: no counterexample in {current.max_examples} hypothesis examples"
        f" (derandomize={current.derandomize})"
    )
