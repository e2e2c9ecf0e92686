"""``gradproof plot``: figures are listed, written as PNG, and unknown names are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from _extras import require

from gradproof.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_plot_lists_the_sigmoid_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "--list"]) == 0
    assert "sigmoid" in capsys.readouterr().out.split()


def test_plot_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require("matplotlib")
    assert main(["plot", "sigmoid", "--out", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "sigmoid.png"
    assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 10_000


def test_plot_refuses_an_unknown_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "no-such-figure"]) == 2
    assert "unknown figure 'no-such-figure'" in capsys.readouterr().err


def test_plot_without_a_name_lists_and_says_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plot"]) == 2
    captured = capsys.readouterr()
    assert "sigmoid" in captured.out.split()
    assert "name a figure" in captured.err


def test_plot_refuses_an_out_that_is_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    assert main(["plot", "sigmoid", "--out", str(not_a_folder)]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and str(not_a_folder) in err and "not a folder" in err


def test_a_figure_that_fails_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gradproof.figures as figures

    def broken(out_dir: Path) -> Path:
        raise RuntimeError("figures need matplotlib")

    monkeypatch.setattr(figures, "all_figures", lambda: {"broken": broken})
    assert main(["plot", "broken", "--out", str(tmp_path)]) == 1
    assert (
        "figure broken not drawn: RuntimeError: figures need matplotlib" in capsys.readouterr().err
    )


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_plot_writes_svg_and_pdf(
    fmt: str, magic: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plot", "sigmoid", "--out", str(tmp_path), "--format", fmt]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / f"sigmoid.{fmt}" and path.read_bytes().startswith(magic)
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically


def test_plot_dpi_sets_the_png_resolution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    sizes = {}
    for dpi in (60, 120):
        out = tmp_path / str(dpi)
        assert main(["plot", "sigmoid", "--out", str(out), "--dpi", str(dpi)]) == 0
        with Image.open(out / "sigmoid.png") as im:
            sizes[dpi] = im.size
    assert abs(sizes[120][0] / sizes[60][0] - 2) < 0.05
    assert main(["plot", "sigmoid", "--dpi", "5"]) == 2
    assert "dpi must be" in capsys.readouterr().err


def test_plot_help_lists_every_figure_with_its_caption(capsys: pytest.CaptureFixture[str]) -> None:
    from gradproof.figures import all_figures, describe

    with pytest.raises(SystemExit):
        main(["plot", "--help"])
    out = capsys.readouterr().out
    for name in all_figures():
        assert f"  {name} " in out and describe(name)[:40] in out
    assert "--format" in out and "--dpi" in out
