"""The gradproof pytest plugin: ``pytest --gradproof`` runs every claim as a test item.

Registered through the ``pytest11`` entry point, so it is active wherever gradproof is installed,
and does nothing unless asked:

    pytest --gradproof                                  # every claim, next to your own tests
    pytest --gradproof-only sigmoid_prime_max,relu_grad # just these (implies --gradproof)

Each claim is one item named ``gradproof::<claim id>``; it runs the claim's evidence as
``gradproof verify`` does and fails with every check's detail when the claim is not proved or
confirmed. A claim whose evidence needs an optional package that is not installed is reported as
skipped, with the ``pip install 'gradproof[…]'`` line as the reason. ``-k``, ``--lf`` and the
other selection options work on the claim items like on any test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gradproof", "gradproof claims as test items")
    group.addoption(
        "--gradproof",
        action="store_true",
        default=False,
        help="collect every gradproof claim as a test item (gradproof::<claim id>)",
    )
    group.addoption(
        "--gradproof-only",
        metavar="ID[,ID]",
        default=None,
        help="collect only these gradproof claims (comma-separated ids; implies --gradproof)",
    )


def _wanted(config: pytest.Config) -> tuple[bool, list[str] | None]:
    """(is the plugin on, the claim ids asked for — None for every claim)."""
    only = config.getoption("--gradproof-only")
    if only is not None:
        return True, [i.strip() for i in str(only).split(",")]
    return bool(config.getoption("--gradproof")), None


def pytest_configure(config: pytest.Config) -> None:
    on, wanted = _wanted(config)
    if not on or wanted is None:
        return
    from gradproof.claims import ClaimError
    from gradproof.registry import select
    from gradproof.safety import clip

    try:
        select(wanted)
    except ClaimError as exc:
        raise pytest.UsageError(f"--gradproof-only: {clip(str(exc), 400)}") from None


class ClaimItem(pytest.Item):
    """One gradproof claim as a test item."""

    def __init__(self, *, claim_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim_id = claim_id

    def runtest(self) -> None:
        from gradproof.testing import assert_claim

        assert_claim(self.claim_id)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, AssertionError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"gradproof claim {self.claim_id}"


class ClaimCollector(pytest.Collector):
    """The collector node ``gradproof`` that holds the claim items."""

    def __init__(self, *, wanted: list[str] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.wanted = wanted

    def collect(self) -> Iterator[ClaimItem]:
        from gradproof.registry import select

        for claim in select(self.wanted):
            yield ClaimItem.from_parent(self, name=claim.id, claim_id=claim.id)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Append the claim items before the other plugins select (``-k``, ``-m``, ``--lf``)."""
    on, wanted = _wanted(config)
    if not on:
        return
    collector = ClaimCollector.from_parent(
        session, name="gradproof", nodeid="gradproof", wanted=wanted
    )
    # through the public collection hooks, so the terminal counts the items like any others
    report = session.ihook.pytest_make_collect_report(collector=collector)
    session.ihook.pytest_collectreport(report=report)
    if report.failed:
        raise pytest.UsageError(f"gradproof: the claims could not be collected: {report.longrepr}")
    items.extend(item for item in report.result if isinstance(item, pytest.Item))
