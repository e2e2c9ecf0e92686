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

from gradproof.claims import Claim, ClaimError, Outcome, registered, symbolic

CLAIM_PACKAGES: tuple[str, ...] = ("gradproof.proofs", "gradproof.numerics")


def claim_modules() -> list[str]:
    """Names of the modules that may define claims, in import order.

    A module that fails to import is still listed (last); :func:`all_claims` turns it into a
    claim with status ``error`` instead of letting one broken module hide every other claim.
    """
    found: list[tuple[int, str]] = []
    for package_name in CLAIM_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_"):
                continue
            name = f"{package_name}.{info.name}"
            try:
                module = importlib.import_module(name)
            except Exception as exc:  # reported as an error claim by all_claims()
                _BROKEN[name] = exc
                found.append((10**9, name))
                continue
            _BROKEN.pop(name, None)
            found.append((int(getattr(module, "ORDER", 100)), name))
    return [name for _, name in sorted(found)]


_BROKEN: dict[str, BaseException] = {}


def _import_error_claim(module: str, exc: BaseException) -> Claim:
    short = module.rsplit(".", 1)[-1]

    def module_imports() -> Outcome:
        raise ImportError(f"{module} failed to import: {type(exc).__name__}: {exc}") from exc

    return Claim(
        id=f"{short}_module_imports",
        statement=f"The claim module {module} imports, so its claims can be checked.",
        source=f"gradproof module {module}",
        evidence=(symbolic(module_imports),),
        family=short,
    )


def all_claims() -> list[Claim]:
    """Every registered claim, importing the claim modules first (see :func:`claim_modules`).

    Returns
    -------
    list of Claim
        Every claim, in the order of the documentation's pages.
    """
    modules = claim_modules()
    rank = {name.rsplit(".", 1)[-1]: i for i, name in enumerate(modules)}
    claims = list(registered().values())
    claims += [_import_error_claim(m, exc) for m, exc in _BROKEN.items()]
    # stable sort: module order first, registration order inside a module
    return sorted(claims, key=lambda c: rank.get(c.family, len(rank)))


def select(ids: Iterable[str] | None, claims: Sequence[Claim] | None = None) -> list[Claim]:
    """The claims named by ``ids`` (all of them when ``ids`` is None), in registry order.

    Raises :class:`ClaimError` naming every unknown id and listing the known ones.

    Parameters
    ----------
    ids : iterable of str or None
        Claim ids; None for every claim.
    claims : sequence of Claim or None
        Where to look (default: :func:`all_claims`).

    Returns
    -------
    list of Claim
        The claims named, in registry order.

    Raises
    ------
    ClaimError
        Naming every unknown id.
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
        from gradproof.safety import clip

        shown = ", ".join(clip(i, 60) for i in unknown[:5])  # user text: echoed short
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        import difflib

        close = sorted(
            {m for i in unknown[:5] for m in difflib.get_close_matches(i[:80], known, n=3)}
        )
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise ClaimError(
            f"unknown claim id(s): {shown}{more}.{hint} `gradproof list` shows all"
            f" {len(known)} ids."
        )
    chosen = set(wanted)
    return [c for c in claims if c.id in chosen]
