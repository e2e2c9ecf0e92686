"""The ``gradproof`` command line: ``verify`` and the sub-commands in ``gradproof.commands``.

Exit codes (the fault policy, :mod:`gradproof.faults` and the README's "Faults"): 0 success; 1 a
claim (or a check) failed; 2 bad usage or input, or an environment fault (a path that cannot be
written, a full or closed stdout: one line naming the path and the cause); ``gradproof check``
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
from gradproof import commands, faults
from gradproof.children import EXIT_TERMINATED, Terminated
from gradproof.faults import (  # the fault policy (README "Faults"): gradproof.faults
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
)
from gradproof.safety import clip

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_INTERNAL_ERROR", "EXIT_INTERRUPTED", "main"]


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


# ---- faults: streams and the exception -> exit code mapping (gradproof.faults) -------------


def _fault(command: str | None, exc: BaseException) -> int:
    """Apply the fault policy to ``exc`` raised by ``command``: print its one line (or, for a
    bug, the traceback) and return the exit code."""
    code, line = faults.exit_code_for(exc)
    name = f"gradproof {command}" if command else "gradproof"
    if code == EXIT_BROKEN_PIPE:
        faults.silence_stdout()
        return code
    if code == EXIT_INTERNAL_ERROR:  # a bug: report it as one, not as a verdict
        traceback.print_exc()
        print(
            f"{name}: internal error ({type(exc).__name__}: {clip(str(exc))}); this is a bug in "
            "gradproof, not a verdict on your input — please report it with the traceback above",
            file=sys.stderr,
        )
        return code
    if isinstance(exc, faults.StreamWriteError):
        faults.silence_stdout()
    print(f"{name}: {line}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    saved = faults.prepare_streams()
    try:
        if sys.stdout is None:  # >&- : whatever the command printed would be lost
            print(f"gradproof: cannot write to {faults.STDOUT}: it is closed", file=sys.stderr)
            return EXIT_USAGE
        return _main(argv)
    finally:
        faults.restore_streams(saved)


# ---- end of faults ---------------------------------------------------------------------------


def _main(argv: Sequence[str] | None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit:  # --help, --version, a usage error: their output is flushed here
        try:
            sys.stdout.flush()
        except Exception as exc:  # a full or closed stdout
            return _fault(None, exc)
        raise
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
    except Exception as exc:  # the fault policy: environment faults 2, a closed pipe 141, bugs 4
        return _fault(args.command, exc)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
