"""Child processes that die with their parent, on every path.

Every worker process gradproof starts (``verify``'s pool of checks, ``check``'s and
``check-steps``' proof worker, ``check --sizes``' worker, the experiments' training pool) is
started through this module, so that none outlives the command that started it:

* **SIGKILL of the parent** (nothing in the parent runs): each child asks the kernel to kill it
  when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``), then checks that the parent
  is still its parent (closing the race of a parent that died before the ``prctl``). A watchdog
  thread polling :func:`os.getppid` backs this up (and is the only guard where ``prctl`` does not
  exist: macOS, the BSDs): the child exits within :data:`WATCHDOG_PERIOD` seconds of being
  orphaned. A child therefore never keeps a pipe open after its parent is gone (a piped run
  ``gradproof check … | cat`` ends).
* **SIGTERM / SIGHUP to the parent**: the command line (:func:`handle_termination`, installed by
  the console entry point) turns them into the exception :class:`Terminated` in the main thread,
  so every ``finally`` and ``except BaseException`` runs: workers are stopped, the atomic writers
  remove their temporary files (no hidden ``.tmp.png`` is left), and the command exits
  :data:`EXIT_TERMINATED` (143 = 128 + SIGTERM, like a process killed by SIGTERM).
* **Ctrl-C**: the children ignore SIGINT (the terminal sends it to the whole process group); the
  parent gets ``KeyboardInterrupt``, stops them, and exits 130.

Child side: :func:`die_with_parent` (the first thing a child runs; usable as the
``initializer`` of a :class:`multiprocessing.pool.Pool` or a
:class:`concurrent.futures.ProcessPoolExecutor`, with ``initargs=(os.getpid(),)`` given by the
parent, or chained with another initializer through :func:`initializer`). Parent side:
:func:`start_process` (a :class:`multiprocessing.Process` whose target first calls
:func:`die_with_parent`), :func:`stop_process`, :func:`pool` and :func:`handle_termination`.

The module is light (standard library only) and part of the kernel: it prints nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

#: exit code after SIGTERM or SIGHUP (128 + SIGTERM, what a shell shows for a killed process)
EXIT_TERMINATED = 143

#: seconds between two checks of the watchdog thread that backs up ``PR_SET_PDEATHSIG``
WATCHDOG_PERIOD = 0.5

_PR_SET_PDEATHSIG = 1


class Terminated(BaseException):
    """Raised in the main thread when the process receives SIGTERM or SIGHUP (after
    :func:`handle_termination`). A ``BaseException`` like ``KeyboardInterrupt``: ``except
    Exception`` does not swallow it, ``finally`` clauses run."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"terminated by {signal.Signals(signum).name}")


# --------------------------------------------------------------------------- child side


def _set_pdeathsig() -> bool:
    """Ask the kernel for SIGKILL when the parent (thread) dies; True if it took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):  # pragma: no cover - no usable libc
        return False


def _watchdog(parent_pid: int) -> None:
    while True:
        time.sleep(WATCHDOG_PERIOD)
        if os.getppid() != parent_pid:
            os._exit(1)


def die_with_parent(parent_pid: int | None = None) -> None:
    """Make the calling (child) process die with its parent; call it first thing in the child.

    ``parent_pid`` is the parent's pid as the parent saw it before starting the child (pass
    ``os.getpid()`` from the parent): if the parent has already died, the child exits at once.
    Without it, the current parent is taken (a parent that died before this call is then not
    noticed by the first check, only by the watchdog's, as the new parent is not the old one;
    give ``parent_pid`` where you can).

    Also resets the signal handlers inherited from the parent: SIGINT ignored (the parent
    handles Ctrl-C and stops its children), SIGTERM and SIGHUP back to their default action
    (the parent's :func:`handle_termination` handler must not run in a child).
    """
    if parent_pid is None:
        parent_pid = os.getppid()
    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            if hasattr(signal, "SIGHUP"):
                signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _set_pdeathsig()
    if os.getppid() != parent_pid:  # the parent died before the kernel was asked: the race
        os._exit(1)
    threading.Thread(
        target=_watchdog, args=(parent_pid,), name="gradproof-parent-watchdog", daemon=True
    ).start()


def _chained(parent_pid: int, init: Callable[..., Any] | None, args: tuple[Any, ...]) -> None:
    die_with_parent(parent_pid)
    if init is not None:
        init(*args)


def initializer(
    init: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = ()
) -> tuple[Callable[..., None], tuple[Any, ...]]:
    """``(initializer, initargs)`` for a process pool: :func:`die_with_parent` (this process as
    the parent), then ``init(*initargs)`` if given. Use as ``Pool(n, *initializer(f, args))`` or
    ``ProcessPoolExecutor(n, initializer=i, initargs=a)`` with ``i, a = initializer(f, args)``."""
    return _chained, (os.getpid(), init, tuple(initargs))


def _child_main(parent_pid: int, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    die_with_parent(parent_pid)
    target(*args)


# --------------------------------------------------------------------------- parent side


def context() -> Any:
    """The multiprocessing context gradproof uses: ``fork`` where it exists, else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def start_process(
    target: Callable[..., Any], args: tuple[Any, ...] = (), *, ctx: Any = None
) -> Any:
    """Start ``target(*args)`` in a daemon child process that dies with this one (see the
    module docstring); returns the started :class:`multiprocessing.Process`."""
    ctx = ctx or context()
    proc = ctx.Process(target=_child_main, args=(os.getpid(), target, tuple(args)), daemon=True)
    proc.start()
    return proc


def stop_process(proc: Any, grace: float = 2.0) -> None:
    """Stop ``proc`` (SIGTERM, then SIGKILL after ``grace`` seconds) and reap it."""
    if proc.is_alive():
        proc.terminate()
        proc.join(grace)
        if proc.is_alive():
            proc.kill()
    proc.join()


def pool(
    processes: int,
    init: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    *,
    ctx: Any = None,
) -> Any:
    """A :class:`multiprocessing.pool.Pool` whose workers die with this process and run
    ``init(*initargs)`` first. Stop it with ``terminate()`` in a ``finally``."""
    ctx = ctx or context()
    init_fn, init_args = initializer(init, initargs)
    return ctx.Pool(processes, initializer=init_fn, initargs=init_args)


def _raise_terminated(signum: int, _frame: Any) -> None:
    # a second SIGTERM during the shutdown must not interrupt the cleanup it started
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    raise Terminated(signum)


def handle_termination() -> bool:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` raised in the main thread (the
    command line's clean shutdown: children stopped, temporary files removed, exit 143).
    For programs, not libraries: it replaces the process's handlers. Returns False (and does
    nothing) outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGTERM, _raise_terminated)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _raise_terminated)
    return True


@contextlib.contextmanager
def terminated_as_exception() -> Iterator[None]:
    """:func:`handle_termination` for the duration of a ``with`` block (previous handlers
    restored after), e.g. for a test or an embedding program."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ["SIGTERM", "SIGHUP"]
    old = {n: signal.getsignal(getattr(signal, n)) for n in names if hasattr(signal, n)}
    handle_termination()
    try:
        yield
    finally:
        for n, h in old.items():
            signal.signal(getattr(signal, n), h)
