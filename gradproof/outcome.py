"""The result of one evidence check (:class:`Outcome`): a leaf the whole kernel shares.

:mod:`gradproof.claims` re-exports it; :mod:`gradproof.logic`, :mod:`gradproof.derivation` and
the numerics import it from here, so none of them needs the claims module (which runs their
checks) and the import graph has no cycle. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the core imports SymPy: only for the annotation
    from gradproof.core.theorem import Theorem


@dataclass(frozen=True)
class Outcome:
    """The result of one evidence check: did it hold, and a short human-readable detail.

    ``theorem`` is the core theorem (:class:`gradproof.core.Theorem`) behind a proof, when there is
    one; ``kernel_error`` marks a statement the core proved but the sanity net found false at a
    point (the detail names it): a bug in the kernel, never a verdict on the claim.
    """

    ok: bool
    detail: str
    theorem: Theorem | None = field(default=None, compare=False, repr=False)
    kernel_error: bool = False

    @classmethod
    def holds(cls, detail: str) -> Outcome:
        return cls(True, detail)

    @classmethod
    def fails(cls, detail: str) -> Outcome:
        return cls(False, detail)

    @classmethod
    def of(cls, ok: bool, detail: str) -> Outcome:
        return cls(bool(ok), detail)
