"""The hostile-input corpus (``tests/data/hostile_inputs.json``): every entry exits as stated.

Each entry is run through the real command line — in this process (``gradproof.cli.main``) or,
for a closed pipe and Ctrl-C, as a subprocess — or through the API, and must give its exit code
(or exception) and a message containing its fragment, never a traceback. The expression attack
strings of ``test_check_parser_fuzz.ATTACKS`` join the corpus through the command line too.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _extras import require
from test_check_parser_fuzz import ATTACKS

from gradproof.cli import main

CORPUS_FILE = Path(__file__).parent / "data" / "hostile_inputs.json"
CORPUS: list[dict[str, Any]] = json.loads(CORPUS_FILE.read_text(encoding="utf-8"))["entries"]
LONG = "x" * 100_000
SLOW_CLAIM = "sum(" + "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y))"
IMAGES = "train-images-idx3-ubyte"
LABELS = "train-labels-idx1-ubyte"


# ----------------------------------------------------------------- files the entries need


def _idx(type_byte: int, shape: tuple[int, ...], data: bytes) -> bytes:
    return bytes([0, 0, type_byte, len(shape)]) + struct.pack(f">{len(shape)}I", *shape) + data


def _labels(folder: Path, n: int) -> None:
    (folder / LABELS).write_bytes(_idx(0x08, (n,), bytes(range(n))))


def idx_corrupt_deflate(folder: Path) -> None:
    good = gzip.compress(_idx(0x08, (10, 28, 28), bytes(10 * 784 * [7])))
    middle = len(good) // 2
    broken = good[:middle] + bytes(b ^ 0xFF for b in good[middle : middle + 8]) + good[middle + 8 :]
    (folder / f"{IMAGES}.gz").write_bytes(broken)
    _labels(folder, 10)


def idx_gzip_bomb(folder: Path) -> None:
    """A valid MNIST header (60,000 images) followed by far more zeros than it announces."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    parts = [comp.compress(_idx(0x08, (60000, 28, 28), b""))]
    zeros = bytes(1 << 20)
    parts += [comp.compress(zeros) for _ in range(64)]  # 64 MiB > the 47 MB announced
    parts.append(comp.flush())
    (folder / f"{IMAGES}.gz").write_bytes(b"".join(parts))
    _labels(folder, 10)


def idx_huge_header(folder: Path) -> None:
    (folder / IMAGES).write_bytes(_idx(0x08, (2**31, 28, 28), b"\x00" * 100))
    _labels(folder, 10)


def idx_zero_images(folder: Path) -> None:
    (folder / IMAGES).write_bytes(_idx(0x08, (0, 28, 28), b""))
    _labels(folder, 0)


def idx_bad_magic(folder: Path) -> None:
    (folder / IMAGES).write_bytes(b"\x1f\x8bnot an idx file at all")
    _labels(folder, 10)


def idx_truncated(folder: Path) -> None:
    (folder / IMAGES).write_bytes(_idx(0x08, (10, 28, 28), b"\x00" * 100))
    _labels(folder, 10)


def idx_truncated_gzip(folder: Path) -> None:
    good = gzip.compress(_idx(0x08, (10, 28, 28), os.urandom(10 * 784)))
    (folder / f"{IMAGES}.gz").write_bytes(good[: len(good) // 2])
    _labels(folder, 10)


def idx_bad_type(folder: Path) -> None:
    (folder / IMAGES).write_bytes(_idx(0x07, (10, 28, 28), b"\x00" * 7840))
    _labels(folder, 10)


def verify_json_garbage(folder: Path) -> None:
    (folder / "report.json").write_text('{"claims": [not json', encoding="utf-8")


BUILDERS: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        idx_corrupt_deflate,
        idx_gzip_bomb,
        idx_huge_header,
        idx_zero_images,
        idx_bad_magic,
        idx_truncated,
        idx_truncated_gzip,
        idx_bad_type,
        verify_json_garbage,
    )
}


# ----------------------------------------------------------------- running an entry


def _fill(value: Any, tmp: Path) -> Any:
    if isinstance(value, str):
        return (
            value.replace("{tmp}", str(tmp))
            .replace("{file}", str(tmp / "a-file"))
            .replace("{long}", LONG)
            .replace("{slow_claim}", SLOW_CLAIM)
        )
    if isinstance(value, list):
        return [_fill(v, tmp) for v in value]
    if isinstance(value, dict):
        if set(value) == {"masked"}:
            values = value["masked"]
            return np.ma.masked_array(values, mask=[False] + [True] * (len(values) - 1))
        return {k: _fill(v, tmp) for k, v in value.items()}
    return value


def _prepare(entry: dict[str, Any], tmp: Path) -> None:
    (tmp / "a-file").write_text("not a folder\n", encoding="utf-8")
    if "files" in entry:
        BUILDERS[entry["files"]](tmp)
    for path, text in entry.get("previous", {}).items():
        p = Path(_fill(path, tmp))
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


#: Only a safety net against a hang: the interrupt tests wait for states (a worker process, its
#: signal disposition, a line printed), polling; on an idle machine they come within seconds.
STATE_DEADLINE = 900.0


def _wait_for(state: Callable[[], bool], poll: float = 0.05) -> bool:
    """Poll until ``state()`` holds (True) or :data:`STATE_DEADLINE` passes (False)."""
    deadline = time.monotonic() + STATE_DEADLINE
    while not state():
        if time.monotonic() > deadline:
            return False
        time.sleep(poll)
    return True


def _ignores_sigint(pid: int) -> bool:
    """Whether ``pid`` has set SIGINT to be ignored (its SigIgn mask in /proc/<pid>/status)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def _running_check(pid: int) -> bool:
    """``gradproof check`` is waiting for its proof worker: the worker exists and has set up
    (it ignores SIGINT, which it does first), and the parent sleeps — after the fork it sleeps
    only in the wait for the worker's answer, inside the code that stops the worker."""
    workers = _children(pid)
    return bool(workers) and all(_ignores_sigint(w) for w in workers) and _state(pid) == "S"


#: What the experiment prints (stderr) when its command starts training: its progress bar, or
#: the note that there is none without tqdm.
TRAINING_STARTED = ("layer-speeds:", "(no progress bar")


def _drain(stream: Any, chunks: list[bytes]) -> None:
    """Read ``stream`` until EOF into ``chunks`` (a thread: the test watches what arrives)."""
    fd = stream.fileno()
    for chunk in iter(lambda: os.read(fd, 65536), b""):
        chunks.append(chunk)


def _without_progress(err: str) -> list[str]:
    """The stderr lines that are not the progress bar (its \r-separated redraws) or blank."""
    pieces = err.replace("\r", "\n").splitlines()
    return [p for p in pieces if p.strip() and not p.lstrip().startswith(TRAINING_STARTED)]


def _run_subprocess(entry: dict[str, Any], argv: list[str]) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "gradproof", *argv]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        # outside the source tree: its gradproof/ would shadow the install, and hypothesis's
        # cache (.hypothesis/, written by verify's property checks) must not land in the tree
        cwd=tempfile.gettempdir(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    if entry["mode"] == "broken_pipe":  # like `gradproof verify --details | head -1`
        proc.stdout.readline()
        proc.stdout.close()
        err_bytes = proc.stderr.read()
        return proc.wait(timeout=STATE_DEADLINE), err_bytes.decode(errors="replace")
    # sigint: wait until the command is in the state the entry is about — never for a fixed
    # time, which a loaded machine (or a fresh clone compiling every module) overruns — then
    # press Ctrl-C (SIGINT to the process): `check` waiting for its proof worker, `experiment`
    # training (it has printed its progress bar)
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(proc.stderr, chunks), daemon=True)
    reader.start()
    workers: list[int] = []

    def ready() -> bool:
        if argv[0] == "check":
            return _running_check(proc.pid)
        return any(m in b"".join(chunks).decode(errors="replace") for m in TRAINING_STARTED)

    try:
        reached = _wait_for(lambda: proc.poll() is not None or ready())
        assert proc.poll() is None, f"the command ended before Ctrl-C: {b''.join(chunks)[-2000:]!r}"
        assert reached, f"{argv[0]} never reached the state to interrupt"
        if argv[0] == "check":
            workers = _children(proc.pid)
            assert workers, "no proof worker found to interrupt"
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=STATE_DEADLINE)
    finally:
        if proc.poll() is None:  # (a failed wait must not leave the command running)
            proc.kill()
            proc.wait()
    reader.join(STATE_DEADLINE)
    proc.stdout.close()
    proc.stderr.close()
    _wait_for(lambda: not any(_alive(w) for w in workers))
    assert not any(_alive(w) for w in workers), f"worker(s) {workers} still running"
    return code, b"".join(chunks).decode(errors="replace")


def _call_api(entry: dict[str, Any], tmp: Path) -> str:
    import gradproof
    from gradproof.checker import CheckInputError
    from gradproof.testing import assert_claim

    funcs: dict[str, Callable[..., Any]] = {
        "check": gradproof.check,  # type: ignore[attr-defined]
        "assert_claim": assert_claim,
        "quadratic_cost": gradproof.quadratic_cost,
    }
    errors: dict[str, type[BaseException]] = {
        "CheckInputError": CheckInputError,
        "TypeError": TypeError,
        "ValueError": ValueError,
    }
    with pytest.raises(errors[entry["raises"]]) as info:
        funcs[entry["call"]](*_fill(entry["args"], tmp), **_fill(entry["kwargs"], tmp))
    return str(info.value)


def run_entry(
    entry: dict[str, Any], tmp: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int | str, str]:
    """(exit code — or the exception's name for API entries —, stderr or message)."""
    _prepare(entry, tmp)
    if "call" in entry:
        return entry["raises"], _call_api(entry, tmp)
    argv = _fill(entry["argv"], tmp)
    if "mode" in entry:
        return _run_subprocess(entry, argv)
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


def _entry_id(entry: dict[str, Any]) -> str:
    words = entry.get("argv") or [entry.get("call", ""), *map(str, entry.get("kwargs", {}))]
    text = " ".join(w if len(w) < 30 else w[:12] + "…" for w in map(str, words))
    return f"{entry['category']}: {text}"


@pytest.mark.parametrize("entry", CORPUS, ids=[_entry_id(e) for e in CORPUS])
def test_hostile_input_gets_its_exit_code_and_message(
    entry: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if "mode" in entry and not sys.platform.startswith("linux"):
        pytest.skip("signals and /proc: Linux only")
    if "/proc/" in json.dumps(entry) and not Path("/proc/self").exists():
        pytest.skip("no /proc on this system")
    require(*entry.get("needs", []))  # e.g. training on the embedded digits: scikit-learn
    code, err = run_entry(entry, tmp_path, capsys)
    expected = entry.get("raises", entry.get("exit"))
    assert code == expected, f"exit {code}, expected {expected}; stderr:\n{err[-2000:]}"
    assert entry["fragment"] in err, err[-2000:]
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    if "max_stderr" in entry:
        assert len(err) <= entry["max_stderr"], f"{len(err)} characters echoed"
    for path in entry.get("absent", []):
        assert not Path(_fill(path, tmp_path)).exists(), path
    for path, text in entry.get("previous", {}).items():
        assert Path(_fill(path, tmp_path)).read_text(encoding="utf-8") == text
    if entry.get("mode") == "sigint":  # one line, besides the experiment's progress bar
        assert _without_progress(err) == [entry["fragment"]], err
    if entry.get("mode") == "broken_pipe":
        assert err == "", err


def test_every_parser_attack_string_is_refused_by_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for attack in ATTACKS:
        text = attack.replace("{{", "{").replace("}}", "}")
        capsys.readouterr()
        code = main(["check", "dC/dw1", "--", text])
        err = capsys.readouterr().err
        assert code == 2, (attack, code, err)
        assert "gradproof check: bad input:" in err and "Traceback" not in err, (attack, err)
        assert len(err) < 1000, (attack, len(err))


def test_the_corpus_covers_every_category_of_the_issue() -> None:
    categories = {e["category"] for e in CORPUS}
    assert {
        "verify-args",
        "check-expression",
        "check-options",
        "experiment-numbers",
        "output-path",
        "idx-file",
        "api-flags",
        "broken-pipe",
        "interrupt",
    } <= categories
    assert len(CORPUS) + len(ATTACKS) >= 150
