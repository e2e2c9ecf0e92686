"""The ``gradproof`` command line: ``verify`` and the sub-commands in ``gradproof.commands``.

Exit codes: 0 success; 1 a claim (or a check) failed; 2 bad usage or input; ``gradproof check``
adds 3 (undecided). An unexpected exception is a bug in gradproof, not a verdict: its traceback
is printed and the exit code is :data:`EXIT_INTERNAL_ERROR` (4), never 1 ("failed"/"refuted").
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback
from collections.abc import Sequence

import gradproof
from gradproof import commands

#: exit code of a command that raised unexpectedly (a bug), distinct from every verdict
EXIT_INTERNAL_ERROR = 4


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradproof",
        description=(
            "Machine-checked mathematics of vanishing gradients and the cross-entropy cost."
        ),
    )
    parser.add_argument("--version", action="version", version=f"gradproof {gradproof.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(func(args))
    except Exception as exc:  # a bug: report it as one, not as a failed claim or refuted formula
        traceback.print_exc()
        print(
            f"gradproof {args.command}: internal error ({type(exc).__name__}: {exc}); this is a "
            "bug in gradproof, not a verdict on your input — please report it with the "
            "traceback above",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
