"""``gradproof plot NAME [--out DIR]`` writes a figure (PNG); ``--list`` names them.

Exit codes: 0 written, 1 a figure could not be drawn (the error is printed), 2 bad input (no or
an unknown name, ``--out`` not a folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "plot",
        help="write a figure as PNG (see --list)",
        description="Write one figure (or 'all') as PNG into --out.",
    )
    p.add_argument("name", nargs="?", help="figure name, or 'all'")
    p.add_argument("--out", type=Path, default=Path("figures"), help="output folder (./figures)")
    p.add_argument("--list", action="store_true", help="list the available figures")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gradproof.figures import all_figures
    from gradproof.safety import clip

    figures = all_figures()
    if args.list or not args.name:
        for name in figures:
            print(name)
        if not args.list:
            print("gradproof plot: name a figure from the list above, or 'all'", file=sys.stderr)
        return 0 if args.list else 2
    names = list(figures) if args.name == "all" else [args.name]
    unknown = [n for n in names if n not in figures]
    if unknown:
        print(
            f"gradproof plot: unknown figure {clip(repr(unknown[0]))};"
            f" available: {', '.join(figures)}",
            file=sys.stderr,
        )
        return 2
    from gradproof.safety import OutputPathError, ensure_writable_dir

    try:  # before drawing anything
        ensure_writable_dir(args.out, "--out")
    except OutputPathError as exc:
        print(f"gradproof plot: {exc}", file=sys.stderr)
        return 2
    failed = 0
    for name in names:
        # some figures run an experiment first (layer-speeds: ~10 s): say what is being drawn
        print(f"gradproof plot: drawing {name} …", file=sys.stderr, flush=True)
        try:
            path = figures[name](args.out)
        except Exception as exc:  # one figure's failure is reported; the others are still drawn
            print(
                f"gradproof plot: figure {name} not drawn: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            failed += 1
            continue
        print(path)
    return 1 if failed else 0
