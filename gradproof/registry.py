"""Collect every claim defined in ``gradproof.proofs`` and ``gradproof.numerics``.

Each module of those two packages registers its claims at import (``gradproof.claims.register``).
:func:`all_claims` imports them all, so adding a module with a registered claim is all it takes for
``gradproof verify``, pytest and the docs to pick the claim up. Modules are imported in the order of
their optional module-level ``ORDER`` integer (default 100), then by name; claims keep the order in
which their module registers them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Sequence

from gradproof.claims import Claim, ClaimError, registered

CLAIM_PACKAGES: tuple[str, ...] = ("gradproof.proofs", "gradproof.numerics")


def claim_modules() -> list[str]:
    """Names of the modules that may define claims, in import order."""
    found: list[tuple[int, str]] = []
    for package_name in CLAIM_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_"):
                continue
            name = f"{package_name}.{info.name}"
            module = importlib.import_module(name)
            found.append((int(getattr(module, "ORDER", 100)), name))
    return [name for _, name in sorted(found)]


def all_claims() -> list[Claim]:
    """Every registered claim, importing the claim modules first."""
    modules = claim_modules()
    rank = {name.rsplit(".", 1)[-1]: i for i, name in enumerate(modules)}
    claims = list(registered().values())
    # stable sort: module order first, registration order inside a module
    return sorted(claims, key=lambda c: rank.get(c.family, len(rank)))


def select(ids: Iterable[str] | None, claims: Sequence[Claim] | None = None) -> list[Claim]:
    """The claims named by ``ids`` (all of them when ``ids`` is None), in registry order.

    Raises :class:`ClaimError` naming every unknown id and listing the known ones.
    """
    claims = list(all_claims() if claims is None else claims)
    if ids is None:
        return claims
    wanted = [i.strip() for i in ids if i.strip()]
    if not wanted:
        raise ClaimError("no claim id given")
    known = {c.id for c in claims}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise ClaimError(
            f"unknown claim id(s): {', '.join(unknown)}. Known ids: {', '.join(sorted(known))}"
        )
    chosen = set(wanted)
    return [c for c in claims if c.id in chosen]
