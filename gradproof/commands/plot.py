"""``gradproof plot NAME [--out DIR] [--format png|svg|pdf] [--dpi N]`` writes a figure;
``--list`` names them (``--help`` lists them too, with their captions).

Exit codes: 0 written, 1 a figure could not be drawn (the error is printed), 2 bad input (no or
an unknown name, ``--out`` not a folder, a bad ``--dpi``) or a file that cannot be written (a
full disk: the fault policy of :mod:`gradproof.faults`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _figure_list() -> str:
    try:
        from gradproof.figures import all_figures, describe

        return "\n".join(f"  {name:<22} {describe(name)}" for name in all_figures())
    except Exception as exc:  # a broken claim module must not break --help
        return f"  (the figures could not be listed: {type(exc).__name__}: {exc})"


_FIGURES_EPILOG = "figures:\n<the figures>"


class _HelpWithFigures(argparse.RawDescriptionHelpFormatter):
    """Lists the figures in ``--help`` only when help is printed (listing imports SymPy)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text == _FIGURES_EPILOG:
            return "figures:\n" + _figure_list()
        return str(super()._fill_text(text, width, indent))


def register(sub: Any) -> None:
    from gradproof.figures import FORMATS

    p = sub.add_parser(
        "plot",
        help="write a figure as PNG, SVG or PDF (see --list)",
        description="Write one figure (or 'all') into --out.",
        epilog=_FIGURES_EPILOG,
        formatter_class=_HelpWithFigures,
    )
    p.add_argument("name", nargs="?", help="figure name (listed below), or 'all'")
    p.add_argument("--out", type=Path, default=Path("figures"), help="output folder (./figures)")
    p.add_argument("--format", choices=FORMATS, default="png", help="file format (png)")
    p.add_argument("--dpi", type=int, default=120, help="resolution of PNGs, 20–1200 (120)")
    p.add_argument("--list", action="store_true", help="list the available figures")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from gradproof.figures import all_figures, output
    from gradproof.safety import clip

    try:
        output(args.format, args.dpi)
    except ValueError as exc:  # "dpi must be …", "format must be …": name the option
        print(f"gradproof plot: --{exc}", file=sys.stderr)
        return 2
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
    try:
        for name in names:
            # some figures run an experiment first (layer-speeds: ~10 s): say what is being drawn
            print(f"gradproof plot: drawing {name} …", file=sys.stderr, flush=True)
            try:
                path = figures[name](args.out)
            except OSError:  # the environment (a full disk …): the fault policy, exit 2
                raise
            except Exception as exc:  # one figure's failure is reported; the others are drawn
                print(
                    f"gradproof plot: figure {name} not drawn: {type(exc).__name__}: {exc}",
                    file=sys.stderr,
                )
                failed += 1
                continue
            print(path)
    finally:
        output()  # back to the default (PNG, 120 dpi) for whoever draws next in this process
    return 1 if failed else 0
