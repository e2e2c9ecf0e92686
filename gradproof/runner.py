"""Running claims' checks in worker processes, with a time limit per check.

``gradproof verify`` judges every claim by running its checks (``Claim.checks``: the lemmas it
uses, its formal statement, its evidence; :func:`gradproof.claims.run_evidence`). This module
runs those checks

* **in parallel**: the unit of work is one evidence check; ``jobs`` worker processes take the
  checks as they become free, the first worker in registry order (claim by claim, check by
  check), the others from the end of the registry backwards (where the long training runs are);
  ``jobs=1`` takes them all in registry order;
* **with a time limit**: a check still running ``check_timeout`` seconds after it was handed to a
  worker is stopped for real — its worker process is killed (SIGKILL: SymPy cannot ignore it) and
  replaced — and reported as a raised check with detail ``timed out after S s``, so its claim's
  status is ``error`` and the run goes on with the other checks;
* **in order**: ``on_result`` is called once per claim, in the order of ``claims``, as soon as that
  claim and every claim before it are judged (later claims finished early are held back).

``jobs=1`` is the sequential mode: one worker, the checks one after another (still killable).
Worker processes are forked from the calling process, so they see every claim it can see
(including claims built on the fly, e.g. in a test) without pickling the checks. Where ``fork`` is
not available (Windows) the checks run in the calling process, one after another, and the time
limit cannot be enforced (said in :data:`RunInfo.mode`).

Every check runs under the derandomised hypothesis profile of ``gradproof verify``
(:func:`gradproof.properties.verify_profile`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from gradproof.claims import Claim, ClaimResult, Evidence, EvidenceResult, run_evidence, status_of

#: The default time limit of one evidence check, in seconds (generous: the slowest check of
#: ``gradproof verify`` takes a few seconds).
DEFAULT_CHECK_TIMEOUT = 120.0


def default_jobs() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """True where worker processes can be forked (Linux, macOS; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


#: the most worker processes a run may ask for
MAX_JOBS = 1024
#: the longest time limit of a check, in seconds (one day)
MAX_TIMEOUT = 86400.0


def check_jobs(jobs: Any, name: str = "jobs") -> int:
    """``jobs`` as an int in 1..:data:`MAX_JOBS`; ValueError naming ``name`` otherwise."""
    shown = repr(jobs) if len(repr(jobs)) <= 40 else f"{repr(jobs)[:30]}…"
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"{name} must be an int ≥ 1, got {shown}")
    if jobs > MAX_JOBS:
        raise ValueError(f"{name} must be at most {MAX_JOBS}, got {shown}")
    return jobs


def check_timeout_value(seconds: Any, name: str = "check_timeout") -> float:
    """``seconds`` as a float in (0, :data:`MAX_TIMEOUT`]; ValueError naming ``name`` otherwise
    (a limit past a day overflows the timers below: 1e308 s is refused, not an OverflowError)."""
    shown = repr(seconds) if len(repr(seconds)) <= 40 else f"{repr(seconds)[:30]}…"
    try:
        value = float(seconds)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{name} must be a number of seconds > 0, got {shown}") from exc
    if isinstance(seconds, bool) or not (0 < value <= MAX_TIMEOUT):
        raise ValueError(
            f"{name} must be a finite number of seconds > 0, at most {MAX_TIMEOUT:g}, got {shown}"
        )
    return value


@dataclass(frozen=True)
class RunInfo:
    """How a run was made: worker processes used, the time limit, and the mode in words."""

    jobs: int
    check_timeout: float
    mode: str


def timed_out(name: str, kind: Any, seconds: float) -> EvidenceResult:
    """The result of a check stopped at its time limit (reported like a raised check)."""
    return EvidenceResult(
        kind, False, f"{name}: timed out after {seconds:g} s", name, raised=True, seconds=seconds
    )


# --------------------------------------------------------------------------- worker side

#: The checks of each claim (``Claim.checks``: lemmas used, the formal statement, the evidence),
#: fixed once by the parent and inherited by the forked workers.
_WORKER_CHECKS: Sequence[tuple[Evidence, ...]] = ()


def _worker_main(conn: Connection) -> None:
    """Loop: receive (claim index, evidence index), run that check, send the EvidenceResult."""
    from gradproof.logic import proof_session
    from gradproof.properties import verify_profile

    # started by gradproof.children.start_process: dies with the parent on every path, and
    # ignores Ctrl-C (the parent handles it and stops us)
    with verify_profile(), proof_session():
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):  # the parent went away
                break
            if task is None:
                break
            ci, ei = task
            result = run_evidence(_WORKER_CHECKS[ci][ei])
            try:
                conn.send(result)
            except (BrokenPipeError, OSError):
                break
    conn.close()
    os._exit(0)  # skip atexit handlers inherited from the parent (pytest, hypothesis)


class _Worker:
    """One forked worker process and the check it is running (if any)."""

    def __init__(self, ctx: Any) -> None:
        from gradproof.children import start_process

        parent_end, child_end = ctx.Pipe(duplex=True)
        self.process = start_process(_worker_main, (child_end,), ctx=ctx)
        child_end.close()
        self.conn: Connection = parent_end
        self.task: tuple[int, int] | None = None
        self.started = 0.0

    def give(self, task: tuple[int, int]) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


# --------------------------------------------------------------------------- parent side


def run_claims(
    claims: Sequence[Claim],
    *,
    jobs: int | None = None,
    check_timeout: float = DEFAULT_CHECK_TIMEOUT,
    on_result: Callable[[ClaimResult], None] | None = None,
) -> tuple[list[ClaimResult], RunInfo]:
    """Run every evidence check of ``claims`` and judge each claim; see the module docstring.

    Returns the results in the order of ``claims`` and how the run was made. ``jobs`` defaults
    to :func:`default_jobs` (never more than the number of checks); ``check_timeout`` is the
    time limit of one check in seconds. A worker that dies while running a check (a crash in a
    C extension, say) turns that check into a raised result; the run goes on.
    """
    claims = list(claims)
    check_timeout = check_timeout_value(check_timeout)
    checks = [tuple(c.checks) for c in claims]  # lemmas, formal statement, evidence
    tasks = [(ci, ei) for ci, cs in enumerate(checks) for ei in range(len(cs))]
    jobs = check_jobs(default_jobs() if jobs is None else jobs)
    jobs = max(1, min(jobs, len(tasks)))
    results: dict[tuple[int, int], EvidenceResult] = {}
    judged: list[ClaimResult] = []

    def report_ready() -> None:
        while len(judged) < len(claims):
            ci = len(judged)
            claim = claims[ci]
            if not all((ci, ei) in results for ei in range(len(checks[ci]))):
                return
            evidence = tuple(results[(ci, ei)] for ei in range(len(checks[ci])))
            seconds = sum(e.seconds for e in evidence)
            result = ClaimResult(
                claim.id, claim.source, status_of(evidence), evidence, seconds, claim
            )
            judged.append(result)
            if on_result is not None:
                on_result(result)

    if not can_fork():  # pragma: no cover - Windows
        from gradproof.logic import proof_session
        from gradproof.properties import verify_profile

        with verify_profile(), proof_session():
            for task in tasks:
                ci, ei = task
                results[task] = run_evidence(checks[ci][ei])
                report_ready()
        return judged, RunInfo(1, check_timeout, "in-process, sequential (no time limit)")

    if tasks:
        _run_in_workers(checks, tasks, jobs, check_timeout, results, report_ready)
    mode = "sequential (1 worker process)" if jobs == 1 else f"parallel ({jobs} worker processes)"
    return judged, RunInfo(jobs, check_timeout, mode)


def _run_in_workers(
    checks: Sequence[tuple[Evidence, ...]],
    tasks: list[tuple[int, int]],
    jobs: int,
    check_timeout: float,
    results: dict[tuple[int, int], EvidenceResult],
    report_ready: Callable[[], None],
) -> None:
    global _WORKER_CHECKS
    ctx = multiprocessing.get_context("fork")
    _WORKER_CHECKS = checks  # inherited by the forked workers
    # worker 0 walks the checks from the front (so rows print as the run goes); the others from
    # the back, where the long measured runs of the numerics package are: both ends meet with
    # every core busy until close to the end
    todo = deque(tasks)
    workers: list[_Worker] = []
    try:
        workers = [_Worker(ctx) for _ in range(jobs)]
        while todo or any(w.task is not None for w in workers):
            for i, w in enumerate(workers):
                if w.task is None and todo:
                    w.give(todo.popleft() if i == 0 else todo.pop())
            busy = [w for w in workers if w.task is not None]
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + check_timeout for w in busy) - now)
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                task = w.task
                ci, ei = task
                ev = checks[ci][ei]
                if w.conn in ready:
                    try:
                        results[task] = w.conn.recv()
                        w.task = None
                        continue
                    except (EOFError, OSError):
                        w.kill()
                        code = w.process.exitcode
                        results[task] = EvidenceResult(
                            ev.kind,
                            False,
                            f"{ev.name}: its worker process died (exit code {code})",
                            ev.name,
                            raised=True,
                            seconds=time.monotonic() - w.started,
                        )
                        workers[i] = _Worker(ctx)
                        continue
                if time.monotonic() - w.started >= check_timeout:
                    w.kill()
                    results[task] = timed_out(ev.name, ev.kind, check_timeout)
                    workers[i] = _Worker(ctx)
            report_ready()
    except BaseException:
        for w in workers:
            w.kill()
        raise
    finally:
        _WORKER_CHECKS = ()
    for w in workers:
        w.stop()
