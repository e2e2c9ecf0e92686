"""One entry of the mutation catalogue (see :mod:`mutations.catalogue`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutation:
    """One mutation: where, what changes, and which claims must fail (or why none must)."""

    id: str
    file: str
    original: str
    replacement: str
    claims: tuple[str, ...] = ()
    survives: str = ""
    tests: tuple[str, ...] = ()

    @property
    def expected_caught(self) -> bool:
        return not self.survives
