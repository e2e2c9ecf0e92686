"""Where independent tasks (phase-diagram cells, layer-speed seeds) run: one ``concurrent.futures``
executor behind one function, :func:`run_tasks`.

* default: a local process pool (:class:`concurrent.futures.ProcessPoolExecutor`, fork context)
  of ``jobs`` workers, or the calling process itself when ``jobs`` = 1;
* ``scheduler="local"``: a Dask ``LocalCluster`` of ``jobs`` single-threaded worker processes
  started for the run and closed after it;
* ``scheduler="tcp://HOST:PORT"``: an existing Dask cluster (its scheduler's address).

Dask (``dask.distributed``) is the optional extra ``gradproof[cluster]``, imported only when a
scheduler is asked for. Its :meth:`distributed.Client.get_executor` is a ``concurrent.futures``
executor too, so the loop below is the same for every engine.

Guarantees, whichever engine runs the tasks:

* results come back in the order of the tasks (a task's result depends only on its argument:
  callers fix seeds per task, never per worker, so the results are bit-identical);
* ``progress(1)`` is called once per finished task (the progress bar counts tasks);
* Ctrl-C (KeyboardInterrupt in the waiting loop) cancels every pending future, stops the
  workers and re-raises, so the command exits with 130 and leaves no process behind;
* a lost worker's tasks are recomputed, never dropped: the pool is rebuilt and the unfinished
  tasks are resubmitted (a dead worker breaks a ``ProcessPoolExecutor``: BrokenProcessPool),
  up to :data:`RESTARTS` times; Dask's scheduler reruns a task whose worker died (its
  ``allowed-failures``) and the executor adds ``retries``. If the workers keep dying,
  :class:`WorkersLostError` says so — a missing result is never returned as a hole.

Every local worker process runs :func:`init_worker` first, the ONE place that prepares a
worker: it ignores SIGINT (the parent handles Ctrl-C) and calls :data:`WORKER_INITIALIZER` if set
(e.g. a hook that makes the worker die with its parent).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Called first in every local worker process (the pool's and a LocalCluster's), after SIGINT is
#: set to be ignored. None: nothing more.
WORKER_INITIALIZER: Callable[[], None] | None = None
#: How many times a broken local pool is rebuilt (and Dask retries a failed task) before the
#: run gives up with :class:`WorkersLostError`.
RESTARTS = 3

_TCP = re.compile(r"^tcp://[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


class WorkersLostError(RuntimeError):
    """Worker processes kept dying: some tasks could not be computed."""


class SchedulerUnavailableError(RuntimeError):
    """``--scheduler`` asks for Dask, which is not installed or cannot be reached."""


def check_scheduler(text: str | None) -> str | None:
    """None (the local pool), "local" or "tcp://HOST:PORT"; ValueError otherwise."""
    if text is None or text == "pool":
        return None
    if text == "local" or _TCP.match(text):
        return text
    raise ValueError(f"--scheduler must be 'local' or 'tcp://HOST:PORT', got {text[:200]!r}")


def init_worker() -> None:
    """The one initializer of every local worker process (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    hook = WORKER_INITIALIZER
    if hook is not None:
        hook()


def _fork_pool(jobs: int) -> cf.ProcessPoolExecutor:
    import multiprocessing

    from gradproof.children import initializer

    init, initargs = initializer(init_worker)  # dies with this process, on every path
    return cf.ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=init,
        initargs=initargs,
    )


def _stop_pool(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (not after their current task)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(Exception):
            p.terminate()
    for p in processes:
        with contextlib.suppress(Exception):
            p.join(5)


@contextlib.contextmanager
def dask_executor(scheduler: str, jobs: int) -> Iterator[cf.Executor]:
    """A ``concurrent.futures`` executor on a Dask cluster: a LocalCluster of ``jobs`` worker
    processes (one thread each) for ``scheduler="local"``, else the cluster at the address."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SchedulerUnavailableError(
            "--scheduler needs dask.distributed: pip install 'gradproof[cluster]'"
        ) from exc
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,
            )
            client = Client(cluster)
            client.run(init_worker)  # the same preparation as the pool's workers
        else:
            client = Client(scheduler, timeout=10)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise SchedulerUnavailableError(
            f"cannot reach the Dask scheduler at {scheduler[:200]}: {exc}"
        ) from exc
    try:
        yield client.get_executor(pure=False, retries=RESTARTS)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_tasks(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``[fn(t) for t in tasks]``, computed on the engine chosen (see the module docstring).

    ``fn`` must be a module-level function (it is pickled to the workers) whose result depends
    only on its argument. Raises :class:`WorkersLostError` when workers keep dying,
    :class:`SchedulerUnavailableError` when a Dask scheduler is asked for but unavailable, and
    re-raises the first exception a task raised (after cancelling the others).
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an int ≥ 1, got {jobs!r}")
    scheduler = check_scheduler(scheduler)
    tick = progress or (lambda _n: None)
    if scheduler is not None:
        with dask_executor(scheduler, jobs) as executor:
            return _collect(executor, fn, tasks, tick, restart=None)
    if jobs == 1 or len(tasks) <= 1:
        out = []
        for t in tasks:
            out.append(fn(t))
            tick(1)
        return out
    return _run_on_pool(fn, tasks, min(jobs, len(tasks)), tick)


def _run_on_pool(
    fn: Callable[[T], R], tasks: Sequence[T], jobs: int, tick: Callable[[int], None]
) -> list[R]:
    results: dict[int, R] = {}
    for attempt in range(RESTARTS + 1):
        pool = _fork_pool(jobs)
        try:
            _collect(pool, fn, tasks, tick, restart=results)
            pool.shutdown(wait=True)
            return [results[i] for i in range(len(tasks))]
        except cf.process.BrokenProcessPool:
            _stop_pool(pool)  # a worker died: rebuild the pool, resubmit what is missing
            if attempt == RESTARTS:
                missing = len(tasks) - len(results)
                raise WorkersLostError(
                    f"worker processes died {RESTARTS + 1} times; {missing} of {len(tasks)} "
                    "tasks could not be computed"
                ) from None
        except BaseException:
            _stop_pool(pool)
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _collect(
    executor: cf.Executor,
    fn: Callable[[T], R],
    tasks: Sequence[T],
    tick: Callable[[int], None],
    restart: dict[int, R] | None,
) -> list[R]:
    """Submit every task not in ``restart`` (already done), wait, fill the results in order."""
    done: dict[int, R] = restart if restart is not None else {}
    futures = {executor.submit(fn, t): i for i, t in enumerate(tasks) if i not in done}
    pending = set(futures)
    try:
        while pending:
            finished, pending = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for f in finished:
                done[futures[f]] = f.result()  # a task's own exception propagates
                tick(1)
    except BaseException:  # Ctrl-C, a task's error, a broken pool: nothing left running
        for f in pending:
            f.cancel()
        raise
    return [done[i] for i in range(len(tasks))]
