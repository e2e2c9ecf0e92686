"""The ``gradproof`` console entry point (and ``python -m gradproof``).

Its only job is to put the signal handling of a program in place *before* anything heavy is
imported, then hand over to :func:`gradproof.cli.main`:

* Ctrl-C while the command line is still being imported (NumPy, SymPy, argparse: the first few
  tenths of a second) exits 130 with one line, no traceback — nothing has started, so nothing
  needs stopping (``os._exit``). Once :func:`gradproof.cli.main` runs, Ctrl-C is the usual
  ``KeyboardInterrupt``, which the command turns into a clean stop and exit 130.
* SIGTERM and SIGHUP become :class:`gradproof.children.Terminated` (clean stop, exit 143; see
  :mod:`gradproof.children`).
* Once the command has returned, Ctrl-C is ignored and SIGTERM ends the process at once with
  143 (there is nothing left to stop; see :func:`_quiet_exit`).

This module imports only the standard library's ``os``, ``signal`` and ``sys`` (already loaded
by the interpreter) and the light ``gradproof`` package itself, so the window in which Ctrl-C
could still show a traceback is the interpreter's own start-up.
"""

from __future__ import annotations

import os
import signal
import sys


def _exit_at_once(signum: int, _frame: object) -> None:
    # during the start-up (nothing started yet: no worker, no file) or the exit (all stopped)
    interrupted = signum == signal.SIGINT
    with _suppress_os_error():
        os.write(2, b"\ngradproof: interrupted\n" if interrupted else b"\ngradproof: terminated\n")
    os._exit(130 if interrupted else 143)


class _suppress_os_error:  # noqa: N801 - contextlib would be one more import at start-up
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, *_: object) -> bool:
        return isinstance(kind, type) and issubclass(kind, OSError)


def _install_startup_handlers() -> None:
    signal.signal(signal.SIGINT, _exit_at_once)
    signal.signal(signal.SIGTERM, _exit_at_once)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _exit_at_once)


_install_startup_handlers()  # on import: this module is only imported to run the program


def main() -> int:
    """Run the command line on ``sys.argv`` with a program's signal handling."""
    from gradproof.children import EXIT_TERMINATED, Terminated, handle_termination
    from gradproof.cli import EXIT_INTERRUPTED
    from gradproof.cli import main as cli_main
    from gradproof.limits import mark_program_start

    try:
        mark_program_start()  # the time limits count from the process's start
        handle_termination()  # SIGTERM/SIGHUP → Terminated (clean stop, exit 143)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C → KeyboardInterrupt
        code = cli_main()
    except KeyboardInterrupt:  # landed between the lines above and cli.main's own handlers
        code = EXIT_INTERRUPTED
        print("\ngradproof: interrupted", file=sys.stderr)
    except Terminated:
        code = EXIT_TERMINATED
        print("\ngradproof: terminated", file=sys.stderr)
    _quiet_exit()
    return code


def _quiet_exit() -> None:
    """The command is over: a signal during the interpreter's exit must not change its code.
    SIGTERM/SIGHUP end the process at once with 143; SIGINT is ignored — a Python handler
    would be reset to the default action by the interpreter's finalisation, where a late Ctrl-C
    would kill the process (exit -2) after "interrupted" was printed; an ignored one stays
    ignored."""
    _install_startup_handlers()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
