"""``gradproof show ID``: one claim in the terminal; ``gradproof list``: every id and statement.

``show`` prints the statement, the source (the works by title, with their locators), every
derivation step as SymPy's Unicode pretty print with its justification, and the evidence: with
``--no-run`` the checks are listed, otherwise they are run (as ``gradproof verify`` runs them)
and their results printed. Exit codes: 0 shown (and, when run, the claim holds), 1 the claim's
checks did not all hold, 2 an unknown id.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "show",
        help="print one claim: statement, source, derivation steps, evidence results",
        description="Print one claim: statement, source, each derivation step (Unicode) with its "
        "justification, and the results of its evidence checks.",
    )
    p.add_argument("id", help="claim id (see `gradproof list`)")
    p.add_argument("--no-run", action="store_true", help="list the checks without running them")
    p.set_defaults(func=run_show)
    q = sub.add_parser(
        "list",
        help="print every claim id with its statement",
        description="Print every claim id with its statement, one claim per line.",
    )
    q.set_defaults(func=run_list)


def _find(claim_id: str) -> Any:
    """The claim ``claim_id``: imported from the one module the shipped index names (no other
    proof, no checker), else looked up in the whole registry (which raises ClaimError, suggesting
    close ids, for an unknown one)."""
    import importlib

    from gradproof.claims import registered
    from gradproof.claims_index import load
    from gradproof.registry import select

    module = next((e.module for e in load() or () if e.id == claim_id), None)
    if module:
        importlib.import_module(module)  # registers the module's claims
        claim = registered().get(claim_id)
        if claim is not None:
            return claim
    (claim,) = select([claim_id])
    return claim


def run_show(args: argparse.Namespace) -> int:
    from gradproof.claims import ClaimError, run_claim
    from gradproof.properties import verify_profile

    try:
        claim = _find(args.id)
    except ClaimError as exc:
        from gradproof.safety import clip

        print(f"gradproof show {clip(repr(args.id))}: {exc}", file=sys.stderr)
        return 2
    if args.no_run:
        print(claim)  # str(Claim) is this report
        return 0
    with verify_profile():
        result = run_claim(claim)
    print(result)  # str(ClaimResult) is this report
    return 0 if result.passed else 1


def run_list(args: argparse.Namespace) -> int:
    """Every claim id and statement, from the shipped index (no SymPy), or the live registry."""
    from gradproof.claims_index import live, load

    entries = load() or live()
    width = max(len(e.id) for e in entries)
    for entry in entries:
        print(f"{entry.id:<{width}}  {' '.join(entry.statement.split())}")
    return 0
