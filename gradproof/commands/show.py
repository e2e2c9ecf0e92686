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


def run_show(args: argparse.Namespace) -> int:
    from gradproof.claims import ClaimError, run_claim
    from gradproof.display import claim_text
    from gradproof.properties import verify_profile
    from gradproof.registry import select

    try:
        (claim,) = select([args.id])
    except ClaimError as exc:
        print(f"gradproof show {args.id!r}: {exc}", file=sys.stderr)
        return 2
    result = None
    if not args.no_run:
        with verify_profile():
            result = run_claim(claim)
    print(claim_text(claim, result))
    return 0 if result is None or result.passed else 1


def run_list(args: argparse.Namespace) -> int:
    from gradproof.registry import all_claims

    claims = all_claims()
    width = max(len(c.id) for c in claims)
    for claim in claims:
        print(f"{claim.id:<{width}}  {' '.join(claim.statement.split())}")
    return 0
