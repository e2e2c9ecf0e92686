"""``gradproof verify``: run every registered claim and report.

The table lists claim id, source, evidence kinds, status and seconds, one row per claim as it
finishes; a summary line follows. ``--json`` prints instead exactly::

    {"claims": [{"id": str, "source": str, "status": "proved"|"confirmed"|"failed"|"error",
                 "evidence": [{"kind": str, "ok": bool, "detail": str}], "seconds": float}],
     "passed": int, "failed": int}

Exit code 0 when every selected claim is proved or confirmed, 1 otherwise, 2 for an unknown id.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify",
        help="run every claim's evidence and print the report",
        description="Run every registered claim's evidence (proofs and confirmations) and report.",
    )
    p.add_argument("--json", action="store_true", help="print the machine-readable report")
    p.add_argument(
        "--only",
        metavar="ID[,ID]",
        help="run only these claims (comma-separated ids; an unknown id is an error)",
    )
    p.add_argument(
        "--details",
        action="store_true",
        help="print every evidence detail under its claim (failures always show theirs)",
    )
    p.set_defaults(func=run)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _formal_block(claim: Any) -> str:
    """The claim's formal statement (2-D Unicode, indented), then the prose as explanation."""
    pad = "    "
    if claim.formal is None:
        lines = ["formal: (none)"]
    else:
        lines = ["formal:"] + [pad + line for line in claim.formal.pretty().splitlines()]
        if getattr(claim.formal, "explanation", ""):
            lines.append(f"{pad}where {claim.formal.explanation}")
    lines.append(f"in words: {claim.statement}")
    return "\n".join(pad + line for line in lines)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from gradproof.citations import compact
    from gradproof.claims import ClaimError, ClaimResult, run_claim
    from gradproof.properties import verify_profile
    from gradproof.registry import select

    out = out or sys.stdout
    try:
        ids = None if args.only is None else args.only.split(",")
        claims = select(ids)
    except ClaimError as exc:
        print(f"gradproof verify --only {args.only!r}: {exc}", file=sys.stderr)
        return 2
    results: list[ClaimResult] = []
    start = time.perf_counter()
    id_w = max([len(c.id) for c in claims] + [5])
    header = f"{'claim':<{id_w}}  {'source':<32}  {'evidence':<28}  {'status':<9}  {'seconds':>7}"
    if not args.json:
        print(header, file=out)
        print("-" * len(header), file=out)
    for claim in claims:
        with verify_profile():
            result = run_claim(claim)
        results.append(result)
        if args.json:
            continue
        kinds = ",".join(claim.kinds)
        print(
            f"{claim.id:<{id_w}}  {_short(compact(claim.source), 32):<32}  "
            f"{_short(kinds, 28):<28}  "
            f"{result.status:<9}  {result.seconds:7.2f}",
            file=out,
            flush=True,
        )
        if args.details:
            print(_formal_block(claim), file=out)
        if args.details or not result.passed:
            for ev in result.evidence:
                mark = "ok  " if ev.ok else "FAIL"
                print(f"    {mark} [{ev.kind}] {ev.detail}", file=out)
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    if args.json:
        report = {"claims": [r.as_json() for r in results], "passed": passed, "failed": failed}
        json.dump(report, out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        proved = sum(r.status == "proved" for r in results)
        confirmed = sum(r.status == "confirmed" for r in results)
        print("-" * len(header), file=out)
        verdict = "all claims hold" if failed == 0 else "SOME CLAIMS FAIL"
        failing = [r.id for r in results if not r.passed]
        print(
            f"{len(results)} claims: {proved} proved, {confirmed} confirmed, {failed} failed"
            f" in {time.perf_counter() - start:.1f} s — {verdict}"
            + (f": {', '.join(failing)}" if failing else ""),
            file=out,
        )
    return 0 if failed == 0 else 1
