"""``gradproof plot``: figures are listed, written as PNG, and unknown names are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradproof.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_plot_lists_the_sigmoid_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "--list"]) == 0
    assert "sigmoid" in capsys.readouterr().out.split()


def test_plot_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "sigmoid", "--out", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "sigmoid.png"
    assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 10_000


def test_plot_refuses_an_unknown_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "no-such-figure"]) == 2
    assert "unknown figure 'no-such-figure'" in capsys.readouterr().err
