"""Limits decided before the work: time limits that count from a command's start, and
estimates of an experiment's memory and work checked against stated ceilings.

**Time.**
The proofs of ``check`` and ``check-steps`` run in worker processes killed at their time limit
(:mod:`gradproof.checker.core`); what the command does *before* and *between* them in its own
process (reading the derivation, building each side in SymPy for display) cannot be killed that
way. :func:`deadline` stops it instead: until the ``with`` block ends, a timer raises
:class:`TimeLimitExceeded` in the main thread when the deadline passes, so ``--total-timeout 40``
covers parsing too (SymPy is pure Python: the exception lands between two bytecodes).

The timer is a POSIX interval timer (``SIGALRM``); it is used only in the main thread, only when
no other timer is set and ``SIGALRM`` has no handler of its own (an embedding program's alarm is
left alone); elsewhere :func:`deadline` does nothing, and only the workers' limits apply.

**Resources.** :func:`training_estimate` estimates an experiment's peak memory and work from
its sizes alone; :meth:`Estimate.refusal` compares them with :func:`memory_ceiling` (half of
the physical memory) and :data:`MAX_OPERATIONS`, giving the one-line refusal with the figures
(``gradproof experiment`` exits 2 with it before loading any data).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any


def process_start() -> float:
    """The :func:`time.monotonic` time at which this process started (Linux: from
    ``/proc/self/stat``, so the interpreter's own start-up and the imports count too); elsewhere
    the time of this call. Run as the program, the command line passes it as ``started=`` to
    ``check``, ``check_layers`` and ``check_steps`` (:func:`command_start`), so that
    ``--timeout`` counts from the command's start."""
    now = time.monotonic()
    try:
        with open("/proc/self/stat") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])  # field 22: starttime
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        elapsed = uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return now
    return now - min(max(elapsed, 0.0), 3600.0)  # (a clock oddity never makes it absurd)


#: set by the console entry point (:mod:`gradproof.console`): the command is the program, and its
#: time limits count from the process's start; None when a command runs inside another program
#: (``gradproof.cli.main([...])`` from a test): they count from the command's call
_PROGRAM_START: float | None = None


def mark_program_start() -> None:
    """Called once by the console entry point: this process is the command."""
    global _PROGRAM_START
    _PROGRAM_START = process_start()


def command_start() -> float:
    """The :func:`time.monotonic` time a command's time limits count from: the process's start
    when it runs as the program (:func:`mark_program_start`), else now (its call)."""
    return time.monotonic() if _PROGRAM_START is None else _PROGRAM_START


class TimeLimitExceeded(BaseException):
    """The command's own work passed its deadline. A ``BaseException``: code that catches
    ``Exception`` to report bad input does not turn it into a verdict."""


def _usable() -> bool:
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
        return False
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


@contextlib.contextmanager
def deadline(at: float) -> Iterator[bool]:
    """Raise :class:`TimeLimitExceeded` in this (main) thread if the block is still running at
    ``at`` (a :func:`time.monotonic` time). Yields whether the limit is enforced."""
    if not _usable():
        yield False
        return

    def fire(_signum: int, _frame: Any) -> None:
        raise TimeLimitExceeded

    old = signal.signal(signal.SIGALRM, fire)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(at - time.monotonic(), 0.001))
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------- resource ceilings

#: the most floating-point operations an experiment may be estimated to need (about a day on
#: one core at 10⁹–10¹⁰ operations a second); larger requests are refused before any work
MAX_OPERATIONS = 1e15


def memory_ceiling() -> int:
    """Bytes an experiment may be estimated to need: half of this machine's physical memory
    (4 GiB where that cannot be read)."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        total = 8 * 1024**3
    return max(1, int(total) // 2)


@dataclass(frozen=True)
class Estimate:
    """Estimated peak memory (bytes) and work (floating-point operations) of a request."""

    memory: float
    operations: float

    def refusal(self, what: str, max_memory: float, max_operations: float) -> str | None:
        """None when within both ceilings, else one line with the figures and the ceiling."""
        if self.memory > max_memory:
            return (
                f"{what} would need about {_bytes(self.memory)} of memory, more than the"
                f" ceiling of {_bytes(max_memory)} (half of this machine's memory); ask for"
                " fewer seeds, epochs, images or narrower layers"
            )
        if self.operations > max_operations:
            return (
                f"{what} would need about {self.operations:.1e} floating-point operations"
                f" (~{_duration(self.operations / 1e9)} at 10⁹ a second), more than the"
                f" ceiling of {max_operations:.0e}; ask for fewer seeds, epochs, images or"
                " narrower layers"
            )
        return None


def _bytes(n: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n / 1e3:.3g} kB"


def _duration(seconds: float) -> str:
    for unit, size in (("years", 3.15e7), ("days", 86400.0), ("hours", 3600.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


def training_estimate(
    sizes: Sequence[int], images: int, seeds: int, epochs: int, jobs: int = 1
) -> Estimate:
    """Estimate of training ``seeds`` fully connected networks of widths ``sizes`` on one batch
    of ``images`` for ``epochs`` updates, recording per-layer speeds and norm bounds at every
    epoch (:func:`gradproof.numerics.layer_speeds.run_layer_speeds`), ``jobs`` at a time.

    Work: a forward and a backward pass (≈ 6 operations per weight per example) and a spectral
    norm of every weight matrix (≈ 10·m·n·min(m, n)) at each of the ``epochs + 1`` recorded
    epochs. Memory: per running job the weights, their gradients and copies (≈ 4 per weight) and
    the per-example activations, errors and norms (≈ 6 per unit per example); for the whole run
    the per-epoch records (5 arrays of hidden-layer values per seed, twice while stacked)."""
    pairs = list(itertools.pairwise(sizes))
    weights = float(sum((m + 1) * n for m, n in pairs))
    units = float(sum(sizes))
    recorded = float(epochs) + 1.0
    svd = float(sum(10.0 * m * n * min(m, n) for m, n in pairs[1:]))
    operations = float(seeds) * recorded * (6.0 * weights * images + svd)
    hidden = max(len(sizes) - 2, 0)
    per_job = 8.0 * (4.0 * weights + 6.0 * units * images)
    records = 8.0 * 2.0 * 5.0 * float(seeds) * recorded * hidden
    memory = per_job * max(1, min(jobs, seeds)) + records
    return Estimate(memory=memory, operations=operations)
