"""The fault policy of every ``gradproof`` command, in one place (README, section "Faults").

Exit codes:

* 0 — done (proved, confirmed, written);
* 1 — a verdict: a claim failed, a formula or a link was refuted;
* 2 — bad usage or input, or an *environment fault*: a path that cannot be written or read (full,
  read-only, missing, too long, the wrong kind — a file where a folder is needed), a closed or
  full standard output, not enough memory. One line on stderr names the path and the cause;
  no traceback, and no half-written file is left (every file is written atomically);
* 3 — ``check``/``check-steps``: undecided within the time limit;
* 4 — a bug in gradproof (an unexpected exception, with its traceback; or the sanity net found
  a proved statement false at a point) — never a verdict on the input;
* 130 — interrupted (Ctrl-C); 143 — terminated (SIGTERM);
* 141 — the reader of standard output went away (``gradproof verify | head``), silently.

:func:`exit_code_for` maps an exception raised by a command to its exit code and the line
to print; :func:`prepare_streams` makes the standard streams safe to write first: a missing
stderr (``2>&-``) becomes a sink, a stderr that cannot be written is ignored, a stdout or stderr
that cannot encode Unicode gets the ASCII spelling of :mod:`gradproof.plaintext`, and a write
error on stdout is raised as :class:`StreamWriteError` (so it is told apart from a file's).
Standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

from gradproof import plaintext
from gradproof.safety import clip

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNDECIDED = 3
#: a command that raised unexpectedly (a bug), distinct from every verdict
EXIT_INTERNAL_ERROR = 4
#: after Ctrl-C (128 + SIGINT)
EXIT_INTERRUPTED = 130
#: when stdout is closed by its reader (128 + SIGPIPE)
EXIT_BROKEN_PIPE = 141
#: after SIGTERM (128 + SIGTERM)
EXIT_TERMINATED = 143

STDOUT = "standard output"


class StreamWriteError(OSError):
    """Writing to standard output failed (full, closed, an I/O error); ``filename`` names it."""


class _Stdout:
    """stdout whose write errors name it (:class:`StreamWriteError`); a closed pipe stays a
    BrokenPipeError (exit 141). Everything else is the wrapped stream's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _guard(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self._stream, method)(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StreamWriteError(exc.errno, exc.strerror or str(exc), STDOUT) from None
        except ValueError as exc:  # "I/O operation on closed file"
            raise StreamWriteError(errno.EBADF, f"closed ({exc})", STDOUT) from None

    def write(self, text: str) -> int:
        return int(self._guard("write", text))

    def writelines(self, lines: Any) -> None:
        self._guard("writelines", lines)

    def flush(self) -> None:
        self._guard("flush")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Stderr:
    """stderr that swallows its own write errors: a diagnostic that cannot be shown (stderr on
    a full disk) must not turn into a second fault."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except (OSError, ValueError):
            self._give_up()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            self._give_up()

    def _give_up(self) -> None:
        """Point stderr's descriptor at /dev/null: what is still buffered goes there at exit,
        instead of failing again (exit 120) in the interpreter's final flush."""
        try:
            fd = self._stream.fileno()
        except (OSError, ValueError, AttributeError):
            return
        _to_devnull(fd)

    def isatty(self) -> bool:
        try:
            return bool(self._stream.isatty())
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _use_ascii(stream: Any) -> bool:
    """Give ``stream`` the ASCII spelling when its encoding cannot hold Unicode; say if so."""
    if plaintext.can_encode(getattr(stream, "encoding", None)):
        return False
    reconfigure = getattr(stream, "reconfigure", None)
    if callable(reconfigure):
        with contextlib.suppress(ValueError, OSError):  # a stream that refuses: left as it is
            reconfigure(errors=plaintext.ERROR_HANDLER)
    return True


def prepare_streams() -> tuple[Any, Any]:
    """Make ``sys.stdout``/``sys.stderr`` safe for a command (see the module docstring).

    Returns the original streams, for :func:`restore_streams`. A closed stdout (``>&-``) stays
    ``None``: the command must not run, its output would be lost (exit 2, one line).
    """
    saved = (sys.stdout, sys.stderr)
    if sys.stderr is None:  # 2>&- : nothing to report to
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - the process's
    _use_ascii(sys.stderr)
    sys.stderr = _Stderr(sys.stderr)
    if sys.stdout is None:
        return saved
    plaintext.set_ascii_output(_use_ascii(sys.stdout))
    sys.stdout = _Stdout(sys.stdout)
    return saved


def restore_streams(saved: tuple[Any, Any]) -> None:
    """Undo :func:`prepare_streams` (for callers of ``gradproof.cli.main`` in-process)."""
    if isinstance(sys.stdout, _Stdout):
        sys.stdout = saved[0]
    if isinstance(sys.stderr, _Stderr):
        sys.stderr = saved[1]
    plaintext.set_ascii_output(False)


def _to_devnull(fd: int) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass


def silence_stdout() -> None:
    """Point stdout's file descriptor at /dev/null so the interpreter's final flush of what
    could not be written does not fail a second time."""
    try:
        fd = sys.stdout.fileno()  # (the stream in use: in a test, no descriptor at all)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
        return
    _to_devnull(fd)


def describe_os_error(exc: OSError) -> str:
    """``"<path>: <cause>"`` for an OSError (the path clipped), or the cause alone."""
    cause = exc.strerror or (str(exc.args[0]) if exc.args else type(exc).__name__)
    path = exc.filename
    if path is None:
        return cause
    shown = clip(os.fsdecode(path) if isinstance(path, bytes) else str(path))
    if exc.filename2 is not None:
        shown += f" -> {clip(str(exc.filename2))}"
    if path == STDOUT:
        return f"cannot write to {STDOUT}: {cause}"
    return f"{shown}: {cause}"


def exit_code_for(exc: BaseException) -> tuple[int, str | None]:
    """The exit code for an exception a command raised and the line to print (None: print
    nothing, or — for exit 4 — the caller prints the traceback and its own line)."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, "interrupted"
    if isinstance(exc, BrokenPipeError) and not isinstance(exc, StreamWriteError):
        return EXIT_BROKEN_PIPE, None
    if isinstance(exc, OSError):
        return EXIT_USAGE, describe_os_error(exc)
    if isinstance(exc, MemoryError):
        return EXIT_USAGE, "not enough memory for this request (make it smaller)"
    return EXIT_INTERNAL_ERROR, None
