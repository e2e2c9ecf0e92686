"""``gradproof render DIR``: write the claims as MyST Markdown pages (the docs' generated part).

Runs every claim once (as ``gradproof verify`` does) or reads a ``gradproof verify --json``
report (``--from-json FILE``), then writes one page per claim family, ``ledger.md``, ``index.md``
and the claims' figures into DIR. Figures that cannot be drawn and derivation steps that would
mislead a reader (a step printed exactly like the one before it, a row shown as plain text) are
reported on stderr, also with ``--quiet``. Exit code 0 when the pages are written (a failing
claim is shown as failing on its page and in the ledger); with ``--strict``, 1 when some claim
is not proved or confirmed. 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "render",
        help="write the claims, derivations, evidence and ledger as Markdown pages",
        description=(
            "Write one MyST Markdown page per claim family (statement, source, derivations as "
            "LaTeX, evidence with its results, figures), a claims ledger and an index into DIR."
        ),
    )
    p.add_argument("dir", type=Path, help="output folder (e.g. docs/generated)")
    p.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="use the results of `gradproof verify --json > FILE` instead of running the claims",
    )
    p.add_argument("--no-figures", action="store_true", help="do not draw the figures")
    p.add_argument(
        "--skip-figure",
        action="append",
        default=[],
        metavar="NAME",
        help="do not draw this figure (repeatable)",
    )
    p.add_argument(
        "--strict", action="store_true", help="exit 1 when some claim is not proved or confirmed"
    )
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gradproof.render import render, results_from_json
    from gradproof.safety import clip

    def log(msg: str) -> None:
        if not args.quiet:
            print(f"gradproof render: {msg}", file=sys.stderr, flush=True)

    results = None
    if args.from_json is not None:
        try:
            results = results_from_json(args.from_json)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(
                f"gradproof render: --from-json {clip(str(args.from_json))}: cannot read a verify"
                f" report ({type(exc).__name__}: {clip(str(exc))})",
                file=sys.stderr,
            )
            return 2
    from gradproof.safety import OutputPathError, ensure_writable_dir

    try:  # before running any claim
        ensure_writable_dir(args.dir, "DIR")
    except OutputPathError as exc:
        print(f"gradproof render: {exc}", file=sys.stderr)
        return 2
    try:
        done = render(
            args.dir,
            results=results,
            figures=not args.no_figures,
            skip_figures=args.skip_figure,
            log=log,
        )
    except ValueError as exc:  # a derivation whose display would show a step that does nothing
        print(f"gradproof render: {clip(str(exc))}", file=sys.stderr)
        return 1
    for name, why in done.figure_errors.items():
        print(f"gradproof render: figure {name} not drawn: {why}", file=sys.stderr)
    for problem in done.display_problems:
        print(f"gradproof render: warning: {problem}", file=sys.stderr)
    for page in done.pages:
        if not args.quiet:
            print(page)
    if done.not_passed:
        print(
            f"gradproof render: claims not proved or confirmed: {', '.join(done.not_passed)}",
            file=sys.stderr,
        )
    return 1 if done.not_passed and args.strict else 0
