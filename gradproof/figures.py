"""Figures: PNGs a person would rather look at than read, made by ``gradproof plot NAME``.

A claim module offers figures through a module-level ``FIGURES`` mapping from a figure name to a
function ``(out_dir: Path) -> Path`` that writes one PNG into ``out_dir`` and returns its path.
:func:`all_figures` collects them from every claim module; a claim lists the names of its figures
in ``Claim.figures`` so the docs can show them beside it. Figures need the ``plot`` extra
(matplotlib), imported inside the functions so claim modules stay importable without it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gradproof.safety import atomic_path

FigureFunction = Callable[[Path], Path]

#: The width in CSS px of the docs' content column in a browser window 800 px wide (furo's
#: article, measured in Chromium by ``docs/check_math.py``'s page; 736 px at 1280 px too): a
#: figure wider than this is shrunk to it, and its text with it.
COLUMN_PX = 736
#: The smallest text a figure may show on the page, in CSS px (issue 21), checked by
#: ``make docs-check`` from the record :func:`save` writes.
MIN_TEXT_PX = 9.0
#: The ``tEXt`` chunk of a saved PNG holding the figure's record (JSON): ``min_text_px``, the
#: smallest drawn font size in image pixels at natural size; ``legends_over_data``, how many
#: lines/bands a legend covers inside an axes (must be 0).
RECORD_KEY = "gradproof:figure"

#: Formats :func:`save` can write (``gradproof plot --format``).
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
#: The output format and resolution :func:`save` uses; ``gradproof plot --format/--dpi`` and
#: :func:`output` set them.
_OUTPUT: dict[str, Any] = {"format": "png", "dpi": 120}


def output(format: str = "png", dpi: int = 120) -> None:
    """Set the format (png, svg or pdf) and resolution (dots per inch) of the next figures."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    if not isinstance(dpi, int) or not 20 <= dpi <= 1200:
        raise ValueError(f"dpi must be an integer between 20 and 1200, got {dpi!r}")
    _OUTPUT.update(format=format, dpi=dpi)


def describe(name: str) -> str:
    """The first sentence of a figure's docstring (its caption)."""
    func = all_figures().get(name)
    doc = " ".join(((func.__doc__ or "") if func is not None else "").split())
    return (doc.split(". ")[0].rstrip(".") + ".") if doc else name


def all_figures() -> dict[str, FigureFunction]:
    """Every figure offered by the claim modules, by name (sorted)."""
    from gradproof.registry import claim_modules

    found: dict[str, FigureFunction] = {}
    for name in claim_modules():
        try:
            module = importlib.import_module(name)
        except Exception:  # a broken module is reported by `gradproof verify`, not here
            continue
        for fig_name, func in getattr(module, "FIGURES", {}).items():
            if fig_name in found and found[fig_name] is not func:
                raise ValueError(f"figure name {fig_name!r} is offered by two modules")
            found[fig_name] = func
    return dict(sorted(found.items()))


def pyplot() -> Any:
    """matplotlib.pyplot on the non-interactive Agg backend, or a clear error without the extra."""
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - depends on the installed extras
        from gradproof.claims import MissingExtraError

        raise RuntimeError("figures need matplotlib: pip install 'gradproof[plot]'") from (
            MissingExtraError("matplotlib", "figures")
        )
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # deterministic PNGs: no timestamp/software metadata that changes from run to run; text
    # sizes that stay legible in the docs' column (see MIN_TEXT_PX)
    plt.rcParams.update(
        {
            "savefig.dpi": 120,
            "figure.dpi": 120,
            "path.simplify": True,
            "font.size": 9.0,
            "legend.fontsize": 8.5,
            "xtick.labelsize": 8.5,
            "ytick.labelsize": 8.5,
            "mathtext.fontset": "dejavusans",
        }
    )
    return plt


def figure(width: float = 6.0, height: float = 3.8, **subplots: Any) -> tuple[Any, Any]:
    """``plt.subplots`` for a docs figure: ``width`` inches at most 6.1 (≤ :data:`COLUMN_PX`
    at 120 dpi, so the page never shrinks the figure's text), constrained layout (room for a
    legend outside the axes, see :func:`legend_outside`)."""
    if width * 120 > COLUMN_PX:
        raise ValueError(f"a docs figure is at most {COLUMN_PX / 120:.2f} in wide, not {width}")
    plt = pyplot()
    return plt.subplots(figsize=(width, height), layout="constrained", **subplots)


def legend_outside(fig: Any, handles: Any = None, labels: Any = None, ncol: int = 2) -> Any:
    """One legend for the whole figure, below the axes (off every curve): the handles and
    labels of the first axes unless given."""
    if handles is None:
        handles, labels = fig.axes[0].get_legend_handles_labels()
    return fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False)


#: mathtext draws a sub-/superscript or a fraction's parts at 0.7 of the size around them
SCRIPT_SHRINK = 0.7


def script_depth(text: str) -> int:
    """How deep the sub-/superscripts and fractions of ``text``'s mathtext (``$…$``) nest:
    0 for plain text, 1 for ``$\\delta^l$`` or ``$\\frac{1}{4}$``, 2 for ``$x_{k^2}$``."""
    depth = 0
    for i, part in enumerate(text.split("$")):
        if i % 2 == 0:
            continue  # outside $…$
        level, stack, pending = 0, [], 0
        j = 0
        while j < len(part):
            ch = part[j]
            if ch in "_^" or part.startswith("\\frac", j):
                pending = 1
                j += 5 if ch == "\\" else 1
                if ch != "\\" and j < len(part) and part[j] not in "{\\":
                    depth = max(depth, level + 1)  # a one-character script: x_j
                    pending = 0
                continue
            if ch == "{":
                stack.append(pending)
                level += pending
                depth = max(depth, level)
                pending = 0
            elif ch == "}" and stack:
                level -= stack.pop()
            j += 1
    return depth


def drawn_text_sizes(fig: Any) -> list[float]:
    """The effective font sizes (points) of every non-empty text matplotlib draws for
    ``fig`` — tick labels, axis labels, titles, legend entries, annotations — found by drawing
    it once; a text with mathtext scripts or fractions counts at the size of its smallest
    script (:func:`script_depth`, :data:`SCRIPT_SHRINK`)."""
    from matplotlib.text import Text

    sizes: list[float] = []
    draw = Text.draw

    def spy(self: Any, renderer: Any) -> Any:
        text = self.get_text()
        if self.get_visible() and text.strip():
            sizes.append(float(self.get_fontsize()) * SCRIPT_SHRINK ** script_depth(text))
        return draw(self, renderer)

    Text.draw = spy  # type: ignore[method-assign]
    try:
        fig.canvas.draw()
    finally:
        Text.draw = draw  # type: ignore[method-assign]
    return sizes


def legend_overlaps(fig: Any) -> int:
    """How many (legend, data line or band) pairs overlap inside an axes: a legend's box,
    cut to the axes, meets a line's drawn path (or a marker-only line's points) or a filled
    band. 0 for legends placed outside the axes or in an empty region. Call after drawing."""
    from matplotlib.collections import PolyCollection
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    legends += list(fig.legends)
    hits = 0
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            inside = Bbox.intersection(box, ax.bbox)
            if inside is None or inside.width <= 0 or inside.height <= 0:
                continue
            for line in ax.lines:
                if not line.get_visible():
                    continue
                path = line.get_transform().transform_path(line.get_path())
                if line.get_linestyle() in ("None", "", " "):
                    hits += any(inside.contains(x, y) for x, y in path.vertices)
                else:
                    hits += bool(path.intersects_bbox(inside, filled=False))
            for band in ax.collections:
                if isinstance(band, PolyCollection) and band.get_visible():
                    t = band.get_transform()
                    paths = band.get_paths()
                    hits += any(t.transform_path(q).intersects_bbox(inside) for q in paths)
    return hits


def figure_record(fig: Any, dpi: float) -> dict[str, float | int]:
    """What :func:`save` records about ``fig`` (see :data:`RECORD_KEY`); draws the figure."""
    sizes = drawn_text_sizes(fig)
    return {
        "min_text_px": round(min(sizes) * dpi / 72, 2) if sizes else 0.0,
        "legends_over_data": legend_overlaps(fig),
    }


def read_record(path: Path) -> dict[str, Any] | None:
    """The record :func:`save` wrote into the PNG ``path`` (``None`` without one)."""
    import json

    from PIL import Image

    with Image.open(path) as image:
        text = getattr(image, "text", {}).get(RECORD_KEY)
    return None if text is None else dict(json.loads(text))


def save(fig: Any, out_dir: Path, name: str) -> Path:
    """Save ``fig`` as ``out_dir/name.<format>`` (see :func:`output`; PNG at 120 dpi by default)
    without volatile metadata, atomically (a temporary file renamed); close it; return the path.

    A PNG carries the figure's record (:data:`RECORD_KEY`, see :func:`figure_record`): its
    smallest text in image pixels and whether a legend covers data, for ``make docs-check``."""

    plt = pyplot()
    out_dir.mkdir(parents=True, exist_ok=True)
    fmt, dpi = _OUTPUT["format"], _OUTPUT["dpi"]
    path = out_dir / f"{name}.{fmt}"
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Creator": None}
    if fmt == "png":
        import json

        record = figure_record(fig, dpi)
        metadata[RECORD_KEY] = json.dumps(record, sort_keys=True)
    elif fmt == "svg":
        metadata = {"Creator": None, "Date": None}
    elif fmt == "pdf":
        metadata = {"Creator": None, "Producer": None, "CreationDate": None}
    try:  # atomically: an interrupted save leaves the previous file, never half of one
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path
