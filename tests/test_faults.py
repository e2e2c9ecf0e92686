"""Faults get clear exits: the proof worker dies with its parent, files are replaced atomically,
JSON is strict, output folders are checked before the work, user text is echoed short."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from gradproof.safety import (
    ECHO_LIMIT,
    OutputPathError,
    atomic_path,
    atomic_write_text,
    clip,
    ensure_writable_dir,
    strict_json,
    to_json_text,
)

SLOW_CLAIM = "sum(" + "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y))"


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


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl: Linux")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_proof_worker_dies_with_its_parent(how: signal.Signals) -> None:
    # the report: killing `gradproof check` left its worker at 100 % CPU under init
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gradproof",
            "check",
            "dC/db1",
            SLOW_CLAIM,
            "--layers",
            "8",
            "--pairs",
            "4",
            "--timeout",
            "300",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tempfile.gettempdir(),  # outside the source tree (its gradproof/ shadows the install)
    )
    workers: list[int] = []
    try:
        # wait for states (the worker exists; it has died), not for a time: the deadlines are
        # only a safety net against a hang on a very loaded machine
        deadline = time.monotonic() + 900
        while not workers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            workers = _children(proc.pid)
        assert workers, "the check never started its worker"
        os.kill(proc.pid, how)
        proc.wait(timeout=900)
        deadline = time.monotonic() + 900
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), f"worker {workers} outlived its parent"
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:  # (a test run of a broken build must not leave them behind)
            if _alive(w):
                os.kill(w, signal.SIGKILL)


# ----------------------------------------------------------------- atomic files


def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "layer-speeds.json"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("half of a new fi", encoding="utf-8")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layer-speeds.json"]
    atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layer-speeds.json"]


def test_a_figure_is_saved_atomically_with_the_png_format(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="figures need the plot extra")
    from gradproof.figures import pyplot, save

    plt = pyplot()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    path = save(fig, tmp_path, "line")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["line.png"]


# ----------------------------------------------------------------- strict JSON


def _strict_loads(text: str) -> object:
    def refuse(token: str) -> None:
        raise ValueError(f"invalid JSON token {token}")

    return json.loads(text, parse_constant=refuse)


def test_json_is_strict_with_non_finite_values_as_null_and_a_note() -> None:
    import numpy as np

    report = {"eta": math.inf, "speeds": [[1.0, math.nan], np.array([-math.inf, 2.0])]}
    text = to_json_text(report)
    data = _strict_loads(text)
    assert data["eta"] is None and data["speeds"] == [[1.0, None], [None, 2.0]]
    assert "non-finite values (not valid JSON) written as null" in data["notes"]
    assert "$.eta: inf written as null" in data["notes"]
    assert strict_json({"ok": [1, 2.5, "x", None, True]}) == {"ok": [1, 2.5, "x", None, True]}


def test_verify_and_check_json_parse_strictly(capsys: pytest.CaptureFixture[str]) -> None:
    from gradproof.cli import main

    assert main(["verify", "--json", "--only", "sigmoid_prime_eq"]) == 0
    _strict_loads(capsys.readouterr().out)
    assert main(["check", "dC/dw1", "(a1 - y)*σ'(z1)*x", "--json"]) == 0
    _strict_loads(capsys.readouterr().out)


def test_experiment_json_is_strict_and_replaces_the_old_file(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="the embedded digits need scikit-learn")
    from gradproof.cli import main

    out = tmp_path / "o"
    out.mkdir()
    (out / "layer-speeds.json").write_text("old\n", encoding="utf-8")
    argv = [
        "experiment",
        "layer-speeds",
        "--sizes",
        "64,30,10",
        "--seeds",
        "2",
        "--epochs",
        "3",
        "--images",
        "40",
        "--no-progress",
        "--no-plots",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    data = _strict_loads((out / "layer-speeds.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data["epochs"] == 3
    assert sorted(p.name for p in out.iterdir()) == ["layer-speeds.json"]


# ----------------------------------------------------------------- output paths, echoes


def test_output_folder_problems_are_found_before_the_work(tmp_path: Path) -> None:
    a_file = tmp_path / "f"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(OutputPathError, match="exists and is not a folder"):
        ensure_writable_dir(a_file)
    with pytest.raises(OutputPathError, match="which is not a folder"):
        ensure_writable_dir(a_file / "sub" / "deeper")
    if Path("/proc/self").exists():
        with pytest.raises(OutputPathError, match="cannot write there"):
            ensure_writable_dir("/proc/gradproof-test")
    fresh = tmp_path / "new" / "folder"
    assert ensure_writable_dir(fresh) == fresh
    assert not (tmp_path / "new").exists()  # checked, not created: a refused run leaves nothing
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


def test_user_text_is_echoed_at_most_about_200_characters() -> None:
    assert clip("short") == "short"
    long = "y" * 100_000
    shown = clip(long)
    assert len(shown) <= ECHO_LIMIT and "100,000 characters in all" in shown


def test_long_only_and_expression_are_not_echoed_whole(capsys: pytest.CaptureFixture[str]) -> None:
    from gradproof.cli import main

    assert main(["verify", "--only", "z" * 100_000]) == 2
    assert len(capsys.readouterr().err) < 1500
    assert main(["check", "d" * 100_000, "x"]) == 2
    assert len(capsys.readouterr().err) < 600


# ----------------------------------------------------------------- API flags


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"biases": "no"}, "biases must be True or False, got 'no'"),
        ({"biases": 0}, "biases must be True or False, got 0"),
        ({"average": "yes", "pairs": 2}, "average must be True or False, got 'yes'"),
        ({"progress": 1}, "progress must be True or False"),
        ({"activation": ["sigmoid"]}, "activation must be one of"),
    ],
)
def test_api_flags_are_type_checked_bool_means_bool(
    kwargs: dict[str, object], message: str
) -> None:
    import gradproof
    from gradproof.checker import CheckInputError

    with pytest.raises(CheckInputError, match=message.replace("(", r"\(")):
        gradproof.check("dC/dw1", "x", **kwargs)  # type: ignore[attr-defined]


def test_a_diverging_run_is_reported_not_written_as_nan() -> None:
    pytest.importorskip("sklearn", reason="the embedded digits need scikit-learn")
    from gradproof.numerics.digits_data import embedded_digits
    from gradproof.numerics.layer_speeds import run_layer_speeds
    from gradproof.numerics.network import TrainingDivergedError

    data = embedded_digits(50, 64)
    with pytest.raises(TrainingDivergedError, match="diverged"):
        run_layer_speeds((64, 30, 10), data, seeds=1, epochs=20, eta=1e308, lmbda=5.0)
    for bad in (math.inf, math.nan, -1.0, 0.0):
        with pytest.raises(ValueError, match="eta"):
            run_layer_speeds((64, 30, 10), data, seeds=1, epochs=1, eta=bad)


def test_load_mnist_download_flag_must_be_a_bool(tmp_path: Path) -> None:
    from gradproof.numerics.digits_data import load_mnist

    with pytest.raises(TypeError, match="download must be True or False, got str"):
        load_mnist(cache_dir=tmp_path, download="no")  # type: ignore[arg-type]


# ----------------------------------------------------------------- IDX: streamed and bounded


class _CountingReader:
    """A file object that counts the decompressed bytes handed out."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.handed_out = 0

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)  # type: ignore[attr-defined]
        self.handed_out += len(data)
        return data  # type: ignore[no-any-return]

    def __enter__(self) -> _CountingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.close()  # type: ignore[attr-defined]


def test_a_gzip_bomb_is_never_decompressed_beyond_what_its_header_announces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the report: a 2 MB bomb with a valid header was decompressed whole (4.3 GB RSS)
    import gzip
    import struct
    import zlib

    from gradproof.numerics import digits_data

    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = comp.compress(bytes([0, 0, 8, 3]) + struct.pack(">3I", 10, 28, 28))
    body += b"".join(comp.compress(bytes(1 << 20)) for _ in range(200))  # 200 MiB of zeros
    body += comp.flush()
    bomb = tmp_path / "train-images-idx3-ubyte.gz"
    bomb.write_bytes(body)
    readers: list[_CountingReader] = []
    real_open = gzip.open

    def counting_open(path: object, mode: str = "rb") -> _CountingReader:
        readers.append(_CountingReader(real_open(path, mode)))
        return readers[-1]

    monkeypatch.setattr(digits_data.gzip, "open", counting_open)
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte.gz: .* holds more"):
        digits_data.read_idx(bomb)
    assert readers[0].handed_out == 4 + 12 + 10 * 784 + 1  # header, announced data, one byte
    # a header announcing more than the bound is refused before any data is read
    huge = tmp_path / "huge-idx3-ubyte"
    huge.write_bytes(bytes([0, 0, 8, 3]) + struct.pack(">3I", 10**6, 28, 28))
    with pytest.raises(ValueError, match="huge-idx3-ubyte: IDX header says shape"):
        digits_data.read_idx(huge, max_bytes=10**6)


# ----------------------------------------------------------------- permissions and the policy


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_output_files_get_the_mode_the_umask_gives(tmp_path: Path, umask: int) -> None:
    # like any Unix tool (`touch`, `>`): 0666 without the umask's bits, not tempfile's 0600
    old = os.umask(umask)
    try:
        target = atomic_write_text(tmp_path / "report.json", "{}\n")
        (tmp_path / "reference").write_text("x", encoding="utf-8")
    finally:
        os.umask(old)
    expected = 0o666 & ~umask
    assert target.stat().st_mode & 0o777 == expected
    assert (tmp_path / "reference").stat().st_mode & 0o777 == expected


def test_a_failed_write_names_the_file_not_its_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(OSError) as info, atomic_path(target):
        raise OSError(28, "No space left on device")
    assert info.value.filename == str(target) and info.value.errno == 28
    assert list(tmp_path.iterdir()) == []


def test_a_name_longer_than_the_file_system_allows_is_refused_before_the_work(
    tmp_path: Path,
) -> None:
    with pytest.raises(OutputPathError, match="File name too long"):
        ensure_writable_dir(tmp_path / ("n" * 300), "--out")
    with pytest.raises(OSError) as info:
        atomic_write_text(tmp_path / ("n" * 300 + ".json"), "x")
    assert "File name too long" in str(info.value) and list(tmp_path.iterdir()) == []


def test_the_policy_maps_each_fault_to_its_exit_code() -> None:
    from gradproof.faults import StreamWriteError, exit_code_for

    assert exit_code_for(KeyboardInterrupt()) == (130, "interrupted")
    assert exit_code_for(BrokenPipeError(32, "Broken pipe")) == (141, None)
    code, line = exit_code_for(OSError(28, "No space left on device", "/x/out.json"))
    assert (code, line) == (2, "/x/out.json: No space left on device")
    code, line = exit_code_for(StreamWriteError(28, "No space left on device", "standard output"))
    assert (code, line) == (2, "cannot write to standard output: No space left on device")
    code, line = exit_code_for(OSError(36, "File name too long", "/" + "n" * 5000))
    assert code == 2 and line is not None and len(line) < 300
    assert exit_code_for(MemoryError())[0] == 2
    assert exit_code_for(ZeroDivisionError()) == (4, None)  # a bug stays a bug
