"""The fault policy (README "Faults") on a broken machine: every command, run as a program.

Each case of :data:`CASES` runs ``python -m gradproof …`` in a subprocess under one fault — a
full file system (a tiny tmpfs in a private mount namespace where ``unshare`` allows it, else
``ulimit -f`` with SIGXFSZ ignored), a read-only one, a closed or full standard output or
error, an ASCII-only locale, a cache path of the wrong kind, an over-long name, an echo of a
100,000-character argument, an out-of-range number — and must give its exit code and a message
naming the path and the cause, never a traceback, and leave no partial file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux faults")

FAST_CLAIM = "sigmoid_prime_eq"
CHECK = ["check", "dC/dw1", "(a1 - y)*σ'(z1)*x"]
STEPS = "dC/dw1\n = x*σ(z1)*(1-σ(z1))*(σ(z1)-y)/(σ(z1)*(1-σ(z1)))\n = x*(σ(z1)-y)\n"
TINY = [
    "experiment", "layer-speeds", "--sizes", "64,3,3,10", "--seeds", "1", "--epochs", "2",
    "--images", "20", "--jobs", "1", "--no-progress",
]  # fmt: skip
LONG = "x" * 100_000
NAME_MAX = 255


@dataclasses.dataclass
class Case:
    name: str
    argv: list[str]
    exit: int
    fragment: str = ""  # in stderr ("{tmp}" is the case's folder)
    env: dict[str, str | None] = dataclasses.field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    stdout: str = "pipe"  # pipe | closed | full | epipe (a pipe whose reader has gone)
    stderr: str = "pipe"  # pipe | closed | full
    stdin: str = "null"  # null | closed
    fs: str = ""  # "" | full (tmpfs/ulimit at {tmp}/fs) | readonly (tmpfs at {tmp}/fs)
    fsize: int = 0  # RLIMIT_FSIZE in bytes for the fs=full fallback
    room: int = 0  # fs=full on a tmpfs: KiB free (0: none at all)
    ulimit: bool = False  # fs=full by `ulimit -f` even where a tmpfs can be mounted
    ascii_out: bool = False  # stdout must be pure ASCII
    stdout_has: str = ""
    max_stderr: int = 2000
    category: str = ""


def _file(tmp: Path) -> None:
    (tmp / "a-file").write_text("not a folder\n", encoding="utf-8")


def _cache_entry_folder(tmp: Path) -> None:
    (tmp / "cache" / "train-images-idx3-ubyte.gz").mkdir(parents=True)


def _steps_file(tmp: Path) -> None:
    (tmp / "steps.txt").write_text(STEPS, encoding="utf-8")


def _empty_report(tmp: Path) -> None:
    """A ``verify --json`` report without claims: render writes every page, runs nothing."""
    report = '{"version": "0", "claims": [], "passed": 0, "failed": 0, "skipped": 0}\n'
    (tmp / "report.json").write_text(report, encoding="utf-8")


MNIST = [*TINY[:3], "784,3,10", *TINY[4:], "--data", "mnist", "--out", "{tmp}/out"]

CASES: list[Case] = [
    # ------------------------------------------------------------ the MNIST cache
    Case("cache folder is a file", [*MNIST, "--cache-dir", "{tmp}/a-file"], 2,
         "{tmp}/a-file", setup=_file, category="cache"),
    Case("cache entry is a folder", [*MNIST, "--cache-dir", "{tmp}/cache"], 2,
         "train-images-idx3-ubyte.gz", setup=_cache_entry_folder, category="cache"),
    Case("cache under /proc", [*MNIST, "--cache-dir", "/proc/gradproof-cache"], 2,
         "/proc/gradproof-cache", category="cache"),
    Case("XDG_CACHE_HOME is a file", MNIST, 2, "{tmp}/a-file",
         env={"XDG_CACHE_HOME": "{tmp}/a-file"}, setup=_file, category="cache"),
    Case("default cache under a read-only HOME", MNIST, 2, "{tmp}/fs",
         env={"XDG_CACHE_HOME": None, "HOME": "{tmp}/fs"}, fs="readonly", category="cache"),
    Case("--data mnist with a 100,000-character path", [*MNIST[:-4], "--data", "mnist", LONG,
         "--out", "{tmp}/out"], 2, "characters in all", max_stderr=1500, category="echo"),
    Case("--cache-dir of 100,000 characters", [*MNIST, "--cache-dir", "{tmp}/" + LONG], 2,
         "characters in all", max_stderr=1500, category="echo"),
    # ------------------------------------------------------------ output files
    Case("experiment JSON on a full file system", [*TINY, "--no-plots", "--out", "{tmp}/fs"],
         2, "layer-speeds.json", fs="full", fsize=200, category="output-file"),
    Case("experiment PNG on a full file system", [*TINY, "--out", "{tmp}/fs"], 2,
         ".png", fs="full", fsize=20_000, room=16, category="output-file"),
    Case("plot PNG on a full file system", ["plot", "sigmoid", "--out", "{tmp}/fs"], 2,
         "sigmoid.png", fs="full", fsize=2000, category="output-file"),
    Case("experiment JSON under ulimit -f", [*TINY, "--no-plots", "--out", "{tmp}/fs"],
         2, "layer-speeds.json: File too large", fs="full", fsize=200, ulimit=True,
         category="output-file"),
    Case("experiment PNG under ulimit -f", [*TINY, "--out", "{tmp}/fs"], 2,
         ".png: File too large", fs="full", fsize=20_000, ulimit=True, category="output-file"),
    Case("plot PNG under ulimit -f", ["plot", "sigmoid", "--out", "{tmp}/fs"], 2,
         "sigmoid.png: File too large", fs="full", fsize=2000, ulimit=True,
         category="output-file"),
    Case("experiment --out name longer than NAME_MAX",
         [*TINY, "--no-plots", "--out", "{tmp}/" + "n" * (NAME_MAX + 10)], 2,
         "File name too long", category="output-file"),
    Case("plot --out name longer than NAME_MAX",
         ["plot", "sigmoid", "--out", "{tmp}/" + "n" * (NAME_MAX + 10)], 2,
         "File name too long", category="output-file"),
    Case("render into a read-only folder", ["render", "{tmp}/fs", "--no-figures"], 2,
         "{tmp}/fs", fs="readonly", category="output-file"),
    Case("render pages on a full file system",
         ["render", "{tmp}/fs", "--from-json", "{tmp}/report.json", "--no-figures", "--quiet"],
         2, ".md: No space left on device", fs="full", fsize=4000, room=16,
         setup=_empty_report, category="output-file"),
    # ------------------------------------------------------------ ASCII locale
    Case("list in ASCII", ["list"], 0, env={"PYTHONIOENCODING": "ascii"}, ascii_out=True,
         stdout_has="s'(z) = s(z)(1 - s(z))", category="ascii"),
    Case("list in Latin-1", ["list"], 0, env={"PYTHONIOENCODING": "latin-1"},
         stdout_has="s'(z) = s(z)(1 - s(z))", category="ascii"),
    Case("show in ASCII", ["show", FAST_CLAIM, "--no-run"], 0,
         env={"PYTHONIOENCODING": "ascii"}, ascii_out=True, category="ascii"),
    Case("show delta_norm_bound in ASCII", ["show", "delta_norm_bound", "--no-run"], 0,
         env={"PYTHONIOENCODING": "ascii"}, ascii_out=True, stdout_has="||", category="ascii"),
    Case("verify in ASCII", ["verify", "--only", FAST_CLAIM, "--details"], 0,
         env={"PYTHONIOENCODING": "ascii"}, ascii_out=True, category="ascii"),
    Case("check in ASCII", CHECK, 0, env={"PYTHONIOENCODING": "ascii"}, ascii_out=True,
         stdout_has="PROVED", category="ascii"),
    Case("check --json in ASCII: escapes, not transliteration", ["check", "--json", *CHECK[1:]],
         0, env={"PYTHONIOENCODING": "ascii"}, ascii_out=True, stdout_has="\\u2202C/\\u2202w",
         category="ascii"),
    Case("verify --json in ASCII", ["verify", "--only", FAST_CLAIM, "--json"], 0,
         env={"PYTHONIOENCODING": "ascii"}, ascii_out=True, stdout_has="\\u03c3",
         category="ascii"),
    Case("check refuted in ASCII", ["check", "dC/db1", "(a1 - y)*x"], 1,
         env={"PYTHONIOENCODING": "ascii"}, ascii_out=True, stdout_has="dC/db1",
         category="ascii"),
    Case("check-steps in ASCII", ["check-steps", "{tmp}/steps.txt", "--cost", "cross_entropy"],
         0, env={"PYTHONIOENCODING": "ascii"}, setup=_steps_file, ascii_out=True,
         category="ascii"),
    Case("check-steps <= in ASCII",
         ["check-steps", "{tmp}/steps.txt", "--cost", "quadratic"], 1,
         env={"PYTHONIOENCODING": "ascii"}, setup=_steps_file, ascii_out=True, category="ascii"),
    Case("check bad input in ASCII (stderr)", ["check", "dC/dw1", "σ'(z1"], 2, "bad input",
         env={"PYTHONIOENCODING": "ascii"}, category="ascii"),
    # ------------------------------------------------------------ closed / full streams
    *[
        Case(f"{' '.join(argv[:2])} with stdout {how}", argv, 2, "standard output", stdout=how,
             setup=_steps_file, category="stream")
        for argv in (
            ["verify", "--only", FAST_CLAIM],
            CHECK,
            ["check-steps", "{tmp}/steps.txt", "--cost", "cross_entropy"],
            ["list"],
            ["show", FAST_CLAIM, "--no-run"],
            ["plot", "--list"],
            ["check", "--json", *CHECK[1:]],
            ["--help"],
        )
        for how in ("closed", "full")
    ],
    *[
        Case(f"{' '.join(argv[:2])} into a pipe whose reader has gone", argv, 141,
             stdout="epipe", setup=_steps_file, max_stderr=0, category="stream")
        for argv in (
            ["verify", "--only", FAST_CLAIM],
            CHECK,
            ["check-steps", "{tmp}/steps.txt", "--cost", "cross_entropy"],
            ["list"],
            ["show", FAST_CLAIM, "--no-run"],
            ["plot", "--list"],
        )
    ],
    Case("render with stdout closed", ["render", "{tmp}/r", "--no-figures"], 2,
         "standard output", stdout="closed", category="stream"),
    Case("experiment with stdout full", [*TINY, "--no-plots", "--out", "{tmp}/o"], 2,
         "standard output", stdout="full", category="stream"),
    Case("check with stderr closed", CHECK, 0, stderr="closed", category="stream"),
    Case("check bad input with stderr closed", ["check", "dC/dw1", "(("], 2, stderr="closed",
         category="stream"),
    Case("check bad input with stderr full", ["check", "dC/dw1", "(("], 2, stderr="full",
         category="stream"),
    Case("check-steps with stderr closed",
         ["check-steps", "{tmp}/steps.txt", "--cost", "cross_entropy"], 0, stderr="closed",
         setup=_steps_file, category="stream"),
    Case("list with stdout and stderr closed", ["list"], 2, stdout="closed", stderr="closed",
         category="stream"),
    Case("check-steps - with stdin closed", ["check-steps", "-"], 2, "standard input",
         stdin="closed", category="stream"),
    # ------------------------------------------------------------ echoes and numbers
    Case("show with a 100,000-character id", ["show", LONG], 2, "characters in all",
         max_stderr=1500, category="echo"),
    Case("check --sizes with a 100,000-character formula",
         ["check", "--sizes", "3,4,2", "dC/db1", LONG], 2, "bad input", max_stderr=1500,
         category="echo"),
    Case("check --sizes with a 100,000-character derivative",
         ["check", "--sizes", "3,4,2", "dC/d" + LONG, "b1"], 2, "bad input",
         max_stderr=1500, category="echo"),
    Case("check-steps --derivative of 100,000 characters",
         ["check-steps", "{tmp}/steps.txt", "--derivative", LONG], 2, "derivative must be",
         setup=_steps_file, max_stderr=1500, category="echo"),
    Case("check with a 100,000-character derivative", ["check", LONG, "x"], 2, "bad input",
         max_stderr=1500, category="echo"),
    Case("verify --check-timeout 1e308", ["verify", "--only", FAST_CLAIM, "--check-timeout",
         "1e308"], 2, "--check-timeout", category="numbers"),
    Case("verify --jobs 1e30", ["verify", "--jobs", "1" + "0" * 30], 2, "--jobs",
         category="numbers"),
    Case("check --timeout 1e308", [*CHECK, "--timeout", "1e308"], 2, "timeout must be",
         category="numbers"),
    Case("check --timeout nan", [*CHECK, "--timeout", "nan"], 2, "timeout must be",
         category="numbers"),
    Case("check --timeout -1", [*CHECK, "--timeout=-1"], 2, "timeout must be", category="numbers"),
    Case("check-steps --timeout inf", ["check-steps", "{tmp}/steps.txt", "--timeout", "inf"],
         2, "timeout must be", setup=_steps_file, category="numbers"),
    Case("check-steps --total-timeout nan",
         ["check-steps", "{tmp}/steps.txt", "--total-timeout", "nan"], 2, "timeout must be",
         setup=_steps_file, category="numbers"),
    Case("check-steps --total-timeout 1e308",
         ["check-steps", "{tmp}/steps.txt", "--total-timeout", "1e308"], 2, "timeout must be",
         setup=_steps_file, category="numbers"),
    Case("plot --dpi 10**30", ["plot", "sigmoid", "--dpi", "1" + "0" * 30, "--out", "{tmp}/p"],
         2, "--dpi", category="numbers"),
    Case("experiment --eta 1e308 --lmbda 1e308",
         [*TINY, "--eta", "1e308", "--lmbda", "1e308", "--out", "{tmp}/o"], 2, "--eta",
         category="numbers"),
]  # fmt: skip


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         "d=$(mktemp -d) && mount -t tmpfs -o size=4k none $d && umount $d && rmdir $d"],
        capture_output=True,
    )  # fmt: skip
    return probe.returncode == 0


UNSHARE = _can_unshare()


def _preexec(case: Case, use_ulimit: bool) -> Callable[[], None]:
    def run() -> None:
        if case.stdin == "closed":
            os.close(0)
        if case.stdout == "closed":
            os.close(1)
        if case.stderr == "closed":
            os.close(2)
        if use_ulimit:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it raises EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (case.fsize, case.fsize))

    return run


@dataclasses.dataclass
class Outcome:
    code: int
    out: bytes
    err: str
    left: list[str]  # the files in {tmp}/fs afterwards


def run_case(case: Case, tmp: Path) -> Outcome:
    if case.setup is not None:
        case.setup(tmp)
    argv = [_fill(a, tmp) for a in case.argv]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    env["PYTHONUNBUFFERED"] = "0"
    for key, value in case.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = _fill(value, tmp)
    fs = tmp / "fs"
    listing = tmp / "listing.txt"
    cmd = [sys.executable, "-m", "gradproof", *argv]
    use_ulimit = False
    if case.fs:
        fs.mkdir()
        if UNSHARE and not case.ulimit:
            opts = f"size={case.room or 4}k" if case.fs == "full" else "ro,size=4k"
            no_room = case.fs == "full" and not case.room
            fill = 'cat /dev/zero > "$1/filler" 2>/dev/null; ' if no_room else ""
            fill = fill.replace("$1", "$d")
            cmd = [
                "unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                f'd="$1"; l="$2"; shift 2; mount -t tmpfs -o {opts} none "$d" && {fill}'
                '"$@"; rc=$?; ls -A "$d" > "$l"; exit $rc',
                "sh", str(fs), str(listing), *cmd,
            ]  # fmt: skip
        elif case.fs == "full":
            use_ulimit = True
        elif os.geteuid() != 0:
            fs.chmod(stat.S_IRUSR | stat.S_IXUSR)
        else:
            pytest.skip("a read-only folder needs unshare (root ignores permissions)")
    stdout: Any = subprocess.PIPE
    stderr: Any = subprocess.PIPE
    full = open(os.devnull.replace("null", "full"), "wb")  # noqa: SIM115
    read_end, write_end = os.pipe()
    os.close(read_end)  # a reader that has gone: a write raises EPIPE
    try:
        if case.stdout == "epipe":
            stdout = write_end
        if case.stdout == "full":
            stdout = full
        if case.stderr == "full":
            stderr = full
        proc = subprocess.run(
            cmd,
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=tmp,
            preexec_fn=_preexec(case, use_ulimit),
            timeout=600,
            close_fds=True,
        )
    finally:
        full.close()
        os.close(write_end)
    if case.fs and UNSHARE and not case.ulimit:
        left = listing.read_text().split() if listing.exists() else ["<no listing>"]
    elif case.fs:
        left = [p.name for p in fs.iterdir()]
    else:
        left = []
    err = (proc.stderr or b"").decode("utf-8", errors="replace")
    return Outcome(proc.returncode, proc.stdout or b"", err, [n for n in left if n != "filler"])


def check_outcome(case: Case, got: Outcome, tmp: Path) -> list[str]:
    """The ways ``got`` breaks the policy (empty: it keeps it)."""
    problems = []
    if got.code != case.exit:
        problems.append(f"exit {got.code}, expected {case.exit}")
    if "Traceback" in got.err or "internal error" in got.err:
        problems.append("traceback")
    if case.fragment and _fill(case.fragment, tmp)[:300] not in got.err:
        problems.append(f"stderr lacks {case.fragment[:60]!r}")
    if len(got.err) > case.max_stderr:
        problems.append(f"{len(got.err)} characters on stderr")
    if case.ascii_out and not got.out.isascii():
        problems.append("non-ASCII output")
    if case.stdout_has and case.stdout_has.encode() not in got.out:
        problems.append(f"stdout lacks {case.stdout_has!r}")
    if "--json" in case.argv and case.stdout == "pipe" and got.code in (0, 1):
        try:
            json.loads(got.out, parse_constant=lambda token: 1 / 0)  # strict: no NaN
        except (ValueError, ZeroDivisionError):
            problems.append("stdout is not strict JSON")
    partial = [n for n in got.left if ".tmp" in n or n.startswith(".")]
    if case.fs == "full" and partial:
        problems.append(f"left behind: {partial}")
    if case.exit == 2 and case.fragment and got.err.count("\n") > 3:
        problems.append("more than a few lines on stderr")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_fault_gets_its_exit_code_and_one_clear_line(case: Case, tmp_path: Path) -> None:
    got = run_case(case, tmp_path)
    problems = check_outcome(case, got, tmp_path)
    assert not problems, f"{problems}; stderr:\n{got.err[-2000:]}"


def test_the_fault_cases_cover_every_category() -> None:
    assert {c.category for c in CASES} == {
        "cache", "output-file", "ascii", "stream", "echo", "numbers",
    }  # fmt: skip
    assert len(CASES) >= 60


if __name__ == "__main__":  # a before/after tally: python tests/test_environment_faults.py
    import collections

    tally: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for case in CASES:
        if sys.argv[1:] and not any(word in case.name for word in sys.argv[1:]):
            continue  # python tests/test_environment_faults.py [WORD …]: the cases named so
        with tempfile.TemporaryDirectory() as d:
            try:
                got = run_case(case, Path(d))
                problems = check_outcome(case, got, Path(d))
            except BaseException as exc:  # a tally, not a test
                problems = [f"{type(exc).__name__}"]
        kind = "traceback" if "traceback" in problems else "wrong" if problems else "ok"
        tally[case.category][kind] += 1
        print(f"{kind:9} {case.category:12} {case.name}: {'; '.join(problems)}", flush=True)
    for cat, counts in tally.items():
        print(cat, dict(counts))
