"""``gradproof verify``: run every registered claim and report.

The table lists claim id, source, evidence kinds, status and seconds, one row per claim as it
finishes; a summary line follows. ``--json`` prints instead exactly::

    {"version": str,
     "claims": [{"id": str, "source": str,
                 "status": "proved"|"confirmed"|"failed"|"error"|"skipped",
                 "evidence": [{"kind": str, "ok": bool, "detail": str, "skipped": bool,
                               "proves": bool, "kernel_error": bool}],
                 "seconds": float}],
     "passed": int, "failed": int, "skipped": int}

``version`` is gradproof's version. A claim is ``skipped`` when a check needs an optional package
that is not installed (its detail names the ``pip install 'gradproof[…]'`` line); nothing of it
failed. Exit code 0 when every selected claim is proved, confirmed or skipped (with ``--strict``:
proved or confirmed), 1 otherwise, 2 for an unknown id or a bad option value, 4 for a *kernel
error*: a statement the trusted core proved that the sanity net (:mod:`gradproof.sanity`) found
false at a point — a bug in the kernel, reported with the point on stderr, never as proved.

The checks run in ``--jobs`` worker processes (default: one per core; ``--jobs 1`` runs them one
after another) and each check has a time limit (``--check-timeout``, default 120 s): a check past
it is stopped (its worker process is killed) and reported ``error: timed out after S s``; the
other claims still run. Rows are printed in registry order as soon as a claim and every claim
before it are judged. See :mod:`gradproof.runner`.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

#: exit code when the sanity net catches the kernel proving a false statement
EXIT_KERNEL_ERROR = 4


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
    p.add_argument(
        "--jobs",
        metavar="N",
        help="worker processes running checks in parallel (default: one per core; 1 = one "
        "check after another)",
    )
    p.add_argument(
        "--check-timeout",
        metavar="S",
        help=f"stop a check after S seconds and report it as an error (default {_TIMEOUT:g})",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="a claim skipped for a missing optional package counts as a failure (exit 1)",
    )
    p.set_defaults(func=run)


_TIMEOUT = 120.0


def _coverage_lines() -> list[str]:
    """What a verify run covers (the quick run) and where the thorough runs are."""
    from gradproof.numerics.layer_speeds import QUICK_TRAINING
    from gradproof.properties import VERIFY_MAX_EXAMPLES

    q = QUICK_TRAINING
    depths = ", ".join(str(list(a)) for a in q.architectures)
    return [
        "coverage of this run (quick): every symbolic and certified proof in full; each property "
        f"check at {VERIFY_MAX_EXAMPLES} derandomised hypothesis examples; the training check "
        f"at {q.seeds} seeds x {q.epochs} epochs on {q.images} images for {depths}.",
        "thorough runs: `pytest --hypothesis-profile thorough` (5,000 random examples per "
        "property) and `gradproof experiment layer-speeds` (784 inputs, 500 epochs).",
    ]


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _option(value: Any, flag: str, parse: Any) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        text = str(exc) if flag in str(exc) else f"{flag}: {exc}"
        raise ValueError(f"gradproof verify: {text}") from exc


def _parse_jobs(value: str | None) -> int | None:
    from gradproof.runner import check_jobs

    if value is None:
        return None
    try:
        jobs = int(value)
    except ValueError:
        raise ValueError(
            f"expected a whole number of worker processes ≥ 1, got {value!r}"
        ) from None
    return check_jobs(jobs, "--jobs")


def _parse_timeout(value: str | None) -> float:
    from gradproof.runner import check_timeout_value

    return _TIMEOUT if value is None else check_timeout_value(value, "--check-timeout")


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
    import gradproof
    from gradproof.citations import compact
    from gradproof.claims import ClaimError, ClaimResult
    from gradproof.registry import select
    from gradproof.runner import run_claims
    from gradproof.safety import clip, dump_json

    out = out or sys.stdout
    try:
        jobs = _option(getattr(args, "jobs", None), "--jobs", _parse_jobs)
        timeout = _option(getattr(args, "check_timeout", None), "--check-timeout", _parse_timeout)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        ids = None if args.only is None else args.only.split(",")
        claims = select(ids)
    except ClaimError as exc:
        print(f"gradproof verify --only {clip(repr(args.only))}: {exc}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    id_w = max([len(c.id) for c in claims] + [5])
    header = f"{'claim':<{id_w}}  {'source':<32}  {'evidence':<28}  {'status':<9}  {'seconds':>7}"
    if not args.json:
        print(header, file=out)
        print("-" * len(header), file=out)

    def show(result: ClaimResult) -> None:
        if args.json:
            return
        claim = result.claim
        assert claim is not None
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
            # (a skipped claim shows its checks too: the details name the pip install line)
            for ev in result.evidence:
                mark = "ok  " if ev.ok else "skip" if ev.skipped else "FAIL"
                print(f"    {mark} [{ev.kind}] {ev.detail}", file=out)
        out.flush()

    results, info = run_claims(claims, jobs=jobs, check_timeout=timeout, on_result=show)
    passed = sum(r.passed for r in results)
    skipped = [r for r in results if r.skipped]
    failed = len(results) - passed - len(skipped)
    if args.json:
        report = {
            "version": gradproof.__version__,
            "claims": [r.as_json() for r in results],
            "passed": passed,
            "failed": failed,
            "skipped": len(skipped),
        }
        dump_json(report, out, indent=2)
    else:
        proved = sum(r.status == "proved" for r in results)
        confirmed = sum(r.status == "confirmed" for r in results)
        print("-" * len(header), file=out)
        strict = bool(getattr(args, "strict", False))  # (a Namespace built by hand may lack it)
        bad = failed + (len(skipped) if strict else 0)
        if bad:
            verdict = "SOME CLAIMS FAIL" if failed else "SOME CLAIMS SKIPPED (--strict)"
        else:
            verdict = "all claims hold" if not skipped else "every claim that ran holds"
        failing = [r.id for r in results if not r.passed and not r.skipped]
        print(
            f"{len(results)} claims: {proved} proved, {confirmed} confirmed, {failed} failed, "
            f"{len(skipped)} skipped in {time.perf_counter() - start:.1f} s — {verdict}"
            + (f": {', '.join(failing)}" if failing else ""),
            file=out,
        )
        if skipped:
            hints = sorted({h for r in skipped for h in _hints(r)})
            print(
                f"skipped (an optional package is missing): {', '.join(r.id for r in skipped)}"
                f" — {'; '.join(hints)}",
                file=out,
            )
        if args.details:
            print(f"run: {info.mode}, time limit {info.check_timeout:g} s per check", file=out)
            net = [sum(e.net[i] for r in results for e in r.evidence) for i in range(3)]
            print(
                f"sanity net: {net[0]} proved statements and links evaluated at {net[1]} points"
                f" ({net[2]} not evaluable: definitions that cannot be unrolled at a point,"
                " premises no sample point meets, no point evaluated within the time budget)",
                file=out,
            )
            for line in _coverage_lines():
                print(line, file=out)
    kernel_errors = [
        (r.id, e.detail) for r in results for e in r.evidence if getattr(e, "kernel_error", False)
    ]
    if kernel_errors:
        for cid, detail in kernel_errors:
            print(f"gradproof: KERNEL ERROR in {cid}: {detail}", file=sys.stderr)
        return EXIT_KERNEL_ERROR
    if failed:
        return 1
    return 1 if skipped and getattr(args, "strict", False) else 0


def _hints(result: Any) -> list[str]:
    """The ``pip install`` lines named by a skipped claim's checks."""
    import re

    return re.findall(r"pip install '[^']+'", result.skip_reason) or ["see --details"]
