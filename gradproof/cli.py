"""The ``gradproof`` command line: ``verify`` and the sub-commands in ``gradproof.commands``.

Exit codes: 0 success; 1 a claim (or a check) failed; 2 bad usage or input; ``gradproof check``
adds 3 (undecided). An unexpected exception is a bug in gradproof, not a verdict: its traceback
is printed and the exit code is :data:`EXIT_INTERNAL_ERROR` (4), never 1 ("failed"/"refuted").
Faults that are not bugs get quiet exits: Ctrl-C prints one line and exits
:data:`EXIT_INTERRUPTED` (130, like a shell); a closed output pipe (``gradproof verify | head``)
exits :data:`EXIT_BROKEN_PIPE` (141, as if killed by SIGPIPE) without a message; SIGTERM or
SIGHUP (turned into :class:`gradproof.children.Terminated` by the console entry point,
:mod:`gradproof.console`) stop the workers, remove temporary files and exit
:data:`gradproof.children.EXIT_TERMINATED` (143).
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
from gradproof.children import EXIT_TERMINATED, Terminated

#: exit code of a command that raised unexpectedly (a bug), distinct from every verdict
EXIT_INTERNAL_ERROR = 4
#: exit code after Ctrl-C (128 + SIGINT)
EXIT_INTERRUPTED = 130
#: exit code when stdout is closed by its reader (128 + SIGPIPE)
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
        pass


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


def _ignore_further_interrupts(argv: Sequence[str] | None) -> None:
    """After the first Ctrl-C the command is shutting down (workers stopped, files left whole):
    a second one arriving during the shutdown must not turn exit 130 into death by SIGINT. Only
    when run as the program (``argv`` from the command line): a caller of ``main([...])`` keeps
    its own Ctrl-C."""
    import signal
    import threading

    if argv is None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        _ignore_further_interrupts(argv)
        print("\ngradproof: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:  # SIGTERM/SIGHUP (gradproof.children.handle_termination)
        print("\ngradproof: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code = int(func(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return code
    except KeyboardInterrupt:
        _ignore_further_interrupts(argv)
        print(f"\ngradproof {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:  # SIGTERM/SIGHUP: workers stopped and temporary files removed on the way
        _ignore_further_interrupts(argv)
        print(f"\ngradproof {args.command}: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
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
