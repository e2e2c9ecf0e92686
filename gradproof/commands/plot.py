"""``gradproof plot NAME [--out DIR]`` writes a figure (PNG); ``--list`` names them."""

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

    figures = all_figures()
    if args.list or not args.name:
        for name in figures:
            print(name)
        return 0 if args.list else 2
    names = list(figures) if args.name == "all" else [args.name]
    unknown = [n for n in names if n not in figures]
    if unknown:
        print(
            f"gradproof plot: unknown figure {unknown[0]!r}; available: {', '.join(figures)}",
            file=sys.stderr,
        )
        return 2
    for name in names:
        path = figures[name](args.out)
        print(path)
    return 0
