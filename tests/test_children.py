"""Every child process dies with its parent (SIGTERM, SIGKILL, Ctrl-C), Ctrl-C during the
start-up exits 130 without a traceback, and time limits cover parsing (gradproof.children,
gradproof.console, gradproof.limits).

The tests wait for observable states (a worker process exists and has set itself up, a line
was printed), never for a fixed time; their deadlines are only a safety net against a hang on
a very loaded machine."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

LINUX = sys.platform.startswith("linux")
pytestmark = pytest.mark.skipif(not LINUX, reason="/proc, prctl and POSIX signals: Linux")

#: only a safety net: the states waited for come within seconds on an idle machine
STATE_DEADLINE = 900.0

#: a check --sizes proof that runs for minutes (BP1–BP2 written out for a 4-layer network)
SLOW_SIZES = [
    "check",
    "--sizes",
    "3,4,4,4,2",
    "dC/dW1",
    "outer(((W2.T @ ((W3.T @ ((W4.T @ delta4) * σ'(z3))) * σ'(z2))) * σ'(z1)), x)",
    "--timeout",
    "3000",
]


def _wait_for(state: Callable[[], bool], poll: float = 0.05) -> bool:
    deadline = time.monotonic() + STATE_DEADLINE
    while not state():
        if time.monotonic() > deadline:
            return False
        time.sleep(poll)
    return True


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return bool(fields) and fields[0] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _ignores_sigint(pid: int) -> bool:
    """The first thing gradproof.children.die_with_parent does: a set-up worker."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


def _gradproof(argv: list[str], **kw: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gradproof", *argv],
        cwd=tempfile.gettempdir(),  # outside the source tree (its gradproof/ shadows the install)
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        **kw,
    )


def _drain(stream: IO[bytes], chunks: list[bytes]) -> None:
    for chunk in iter(lambda: os.read(stream.fileno(), 65536), b""):
        chunks.append(chunk)


def _workers_set_up(pid: int, count: int) -> list[int]:
    workers: list[int] = []

    def ready() -> bool:
        nonlocal workers
        workers = [w for w in _children(pid) if _ignores_sigint(w)]
        return len(workers) >= count

    assert _wait_for(ready), f"never saw {count} worker(s) of {pid}"
    return workers


def _kill_leftovers(proc: subprocess.Popen[bytes], workers: list[int]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for w in workers:  # a broken build must not leave them behind
        if _alive(w):
            os.kill(w, signal.SIGKILL)


# ----------------------------------------------------------------- the helper itself


def test_a_started_process_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild"
    script = f"""
import os, time
from gradproof.children import start_process

def sleep_long(path):
    open(path + ".tmp", "w").write(str(os.getpid()))
    os.replace(path + ".tmp", path)
    time.sleep(600)

start_process(sleep_long, ({str(pid_file)!r},))
time.sleep(600)
"""
    parent = subprocess.Popen([sys.executable, "-c", script])
    child = 0
    try:
        assert _wait_for(lambda: pid_file.exists()), "the child never started"
        child = int(pid_file.read_text())
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=STATE_DEADLINE)
        assert _wait_for(lambda: not _alive(child)), "the child outlived its killed parent"
    finally:
        _kill_leftovers(parent, [child] if child else [])


def test_die_with_parent_exits_at_once_when_the_parent_is_already_gone() -> None:
    # the race closed by the check after prctl: the parent pid given is not our parent
    code = subprocess.call(
        [
            sys.executable,
            "-c",
            "import os; from gradproof.children import die_with_parent;"
            " die_with_parent(os.getppid() + 1_000_000); print('still here')",
        ],
        stdout=subprocess.DEVNULL,
    )
    assert code == 1


def test_sigterm_raises_terminated_so_a_half_written_file_is_removed(tmp_path: Path) -> None:
    from gradproof.children import Terminated, terminated_as_exception
    from gradproof.safety import atomic_path

    target = tmp_path / "figure.png"
    with pytest.raises(Terminated), terminated_as_exception(), atomic_path(target) as tmp:
        tmp.write_bytes(b"\x89PNG half a figure")
        os.kill(os.getpid(), signal.SIGTERM)  # delivered to this (main) thread
        for _ in range(10_000):  # the handler runs at the next bytecode boundary
            time.sleep(0.001)
    assert list(tmp_path.iterdir()) == []  # neither the figure nor a hidden .tmp file
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored


_INITIALISED: list[str] = []


def _initialise(word: str) -> None:
    _INITIALISED.append(word)


def _probe() -> tuple[list[str], int, bool]:
    return _INITIALISED, os.getppid(), signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def test_a_pool_initializer_chains_the_given_one() -> None:
    from gradproof.children import pool

    p = pool(1, _initialise, ("yes",))
    try:
        initialised, parent, ignores_ctrl_c = p.apply(_probe)
    finally:
        p.terminate()
        p.join()
    assert initialised == ["yes"] and parent == os.getpid() and ignores_ctrl_c


# ----------------------------------------------------------------- the commands


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_no_pool_worker_of_the_experiment_outlives_it(how: signal.Signals, tmp_path: Path) -> None:
    # the issue: SIGTERM or SIGKILL to `gradproof experiment` left 2 pool workers training for a
    # minute, then printing BrokenPipeError tracebacks
    argv = ["experiment", "layer-speeds", "--sizes", "64,8,10", "--images", "50"]
    argv += ["--seeds", "4", "--epochs", "400000", "--jobs", "2", "--no-plots"]
    argv += ["--out", str(tmp_path / "out")]
    proc = _gradproof(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(proc.stderr, chunks), daemon=True)
    reader.start()
    workers: list[int] = []
    try:
        workers = _workers_set_up(proc.pid, 2)
        os.kill(proc.pid, how)
        code = proc.wait(timeout=STATE_DEADLINE)
        assert _wait_for(lambda: not any(_alive(w) for w in workers)), f"{workers} outlived it"
        reader.join(STATE_DEADLINE)
        err = b"".join(chunks).decode(errors="replace")
        if how == signal.SIGTERM:
            assert code == 143, err[-2000:]
            assert "Traceback" not in err and "terminated" in err, err[-2000:]
        else:
            assert code == -signal.SIGKILL
            assert "Traceback" not in err, err[-2000:]  # (what the orphans used to print)
        assert not (tmp_path / "out" / "layer-speeds.json").exists()
    finally:
        _kill_leftovers(proc, workers)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_piped_check_sizes_ends_when_it_is_killed(how: signal.Signals) -> None:
    # the issue: SIGKILL to `check --sizes` during a long proof left its worker alive (PPID 1)
    # holding stdout, so `gradproof check --sizes … | cat` never ended
    proc = _gradproof(SLOW_SIZES, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True),
    ]
    for r in readers:
        r.start()
    workers: list[int] = []
    try:
        workers = _workers_set_up(proc.pid, 1)
        os.kill(proc.pid, how)
        code = proc.wait(timeout=STATE_DEADLINE)
        for r in readers:  # EOF on both pipes: no process holds them any more
            r.join(STATE_DEADLINE)
            assert not r.is_alive(), "a pipe is still held open after the command was killed"
        assert _wait_for(lambda: not any(_alive(w) for w in workers)), f"{workers} outlived it"
        text = b"".join(err).decode(errors="replace")
        assert code == (143 if how == signal.SIGTERM else -signal.SIGKILL), text[-2000:]
        assert "Traceback" not in text, text[-2000:]
    finally:
        _kill_leftovers(proc, workers)


def test_sigterm_to_check_stops_its_worker_and_exits_143() -> None:
    claim = "sum(" + "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y))"
    argv = ["check", "dC/db1", claim, "--layers", "8", "--pairs", "4", "--timeout", "3000"]
    proc = _gradproof(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        workers = _workers_set_up(proc.pid, 1)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=STATE_DEADLINE)
        assert proc.returncode == 143, err[-2000:]
        assert b"Traceback" not in err and b"terminated" in err
        assert _wait_for(lambda: not any(_alive(w) for w in workers))
    finally:
        _kill_leftovers(proc, workers)


# ----------------------------------------------------------------- Ctrl-C during start-up

#: delays after the entry module (gradproof.console) is loaded: during the imports of the
#: command line and of NumPy/SymPy, and later
START_DELAYS = [0.0, 0.002, 0.01, 0.03, 0.1, 0.3]


@pytest.mark.parametrize("delay", START_DELAYS)
@pytest.mark.parametrize("argv", [["list"], ["check", "dC/dw1", "x*(a1 - y)*σ'(z1)"]])
def test_ctrl_c_during_the_start_up_exits_130_without_a_traceback(
    argv: list[str], delay: float
) -> None:
    # the issue: Ctrl-C in the first 0.3 s printed a traceback and exited -2. Synchronised on
    # the import of the entry module (-X importtime reports it when done): from there on the
    # program's handling is in place, whatever moment the signal lands. (Before it, only the
    # interpreter's own start-up runs, which no program controls.)
    proc = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "gradproof", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tempfile.gettempdir(),
    )
    assert proc.stderr is not None
    seen = b""
    while not seen.rstrip().endswith(b"| gradproof.console"):
        line = proc.stderr.readline()
        assert line, f"gradproof.console was never imported: {seen[-2000:]!r}"
        seen = line
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    code = proc.wait(timeout=STATE_DEADLINE)
    err = rest.decode(errors="replace")
    assert "Traceback" not in err, err[-3000:]
    if code == -signal.SIGINT:
        # KNOWN, rare (about 1 run in 30 of `check` at 0.1 s on a loaded machine, not seen under
        # strace; each time the interrupt landed in an import): it was handled ("interrupted"
        # printed, 130 returned) and the process still ended by SIGINT. A shell shows 130 either
        # way; the handling must have run
        assert re.search(r"gradproof( [a-z-]+)?: interrupted", err), err[-3000:]
        return
    assert code in (130, 0), (code, err[-3000:])  # 0: it finished before the signal landed
    if code == 130:
        assert "interrupted" in err


# ----------------------------------------------------------------- time limits cover parsing


def test_check_timeout_covers_building_the_expression() -> None:
    # σ' nested 20 deep: building it in SymPy took minutes before the time limit even started
    from gradproof.checker import check

    nested = "σ'(" * 20 + "z1" + ")" * 20
    result = check("dC/dw1", nested, timeout=2)  # returning at all shows the limit held
    assert result.status == "undecided"
    assert "time limit of 2 s" in result.detail


def test_check_steps_total_timeout_covers_reading_the_derivation() -> None:
    from gradproof.checker.steps import StepsTimeoutError, check_steps

    nested = "σ'(" * 20 + "z1" + ")" * 20
    with pytest.raises(StepsTimeoutError, match="total time limit of 2 s"):
        check_steps(f"dC/dw1\n = {nested}\n = {nested}", total_timeout=2)


def test_absurdly_long_derivative_names_are_refused_before_any_work() -> None:
    from gradproof.checker import CheckInputError
    from gradproof.checker.layers import check_layers
    from gradproof.checker.steps import MAX_DERIVATIVE_LENGTH, StepsInputError, check_steps

    # the issue: 120 s (a regex backtracking over 100,000 blanks) and 180 s (60,000 parentheses)
    with pytest.raises(CheckInputError, match="100005 characters"):
        check_layers("dC/dW" + " " * 100_000, "delta2", sizes="3,4,2")
    parens = "(" * 60_000 + "dC/dw1" + ")" * 60_000
    with pytest.raises(StepsInputError, match=f"at most {MAX_DERIVATIVE_LENGTH} characters"):
        check_steps("dC/dw1\n = x*(σ(z1) - y)", derivative=parens, total_timeout=40)


def test_the_deadline_leaves_an_embedding_programs_alarm_alone() -> None:
    from gradproof.limits import deadline

    old = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        with deadline(time.monotonic() + 0.01) as enforced:
            assert not enforced
    finally:
        signal.signal(signal.SIGALRM, old)
    with deadline(time.monotonic() + 100) as enforced:
        assert enforced
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# ----------------------------------------------------------------- resources refused up front


@pytest.mark.parametrize(
    ("options", "figure"),
    [
        (["--epochs", "1000000000000"], "TB of memory"),
        (["--epochs", "10" + "0" * 29], "TB of memory"),
        (["--seeds", "1000000000", "--epochs", "0"], "GB of memory"),
        (["--sizes", "784,1000000,10"], "GB of memory"),
        (["--sizes", "784,3000,3000,10", "--epochs", "100000", "--seeds", "1"], "operations"),
    ],
)
def test_an_experiment_beyond_the_ceilings_is_refused_with_the_figure(
    options: list[str], figure: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gradproof.cli import main

    code = main(["experiment", "layer-speeds", *options, "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert figure in err and "ceiling" in err, err
    assert not (tmp_path / "o" / "layer-speeds.json").exists()


def test_the_estimate_is_close_to_a_count_by_hand() -> None:
    from gradproof.limits import training_estimate

    # 784-30-10, 1,000 images, 1 seed, 0 epochs: weights (784+1)*30 + (30+1)*10 = 23,860;
    # one pass 6 * 23,860 * 1,000 = 1.4316e8; the spectral norm of the 10×30 matrix 10*10*30*10
    est = training_estimate((784, 30, 10), 1000, 1, 0)
    assert est.operations == 6 * 23_860 * 1000 + 10 * 30 * 10 * 10
    # memory: 8 B * (4 * 23,860 + 6 * 824 * 1,000) per job, records 8 * 2 * 5 * 1 * 1 * 1
    assert est.memory == 8 * (4 * 23_860 + 6 * 824 * 1000) + 8 * 2 * 5
