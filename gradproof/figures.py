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

    # deterministic PNGs: no timestamp/software metadata that changes from run to run
    plt.rcParams.update({"savefig.dpi": 120, "figure.dpi": 120, "path.simplify": True})
    return plt


def save(fig: Any, out_dir: Path, name: str) -> Path:
    """Save ``fig`` as ``out_dir/name.<format>`` (see :func:`output`; PNG at 120 dpi by default)
    without volatile metadata, atomically (a temporary file renamed); close it; return the path."""

    plt = pyplot()
    out_dir.mkdir(parents=True, exist_ok=True)
    fmt, dpi = _OUTPUT["format"], _OUTPUT["dpi"]
    path = out_dir / f"{name}.{fmt}"
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Creator": None}
    if fmt == "svg":
        metadata = {"Creator": None, "Date": None}
    elif fmt == "pdf":
        metadata = {"Creator": None, "Producer": None, "CreationDate": None}
    try:  # atomically: an interrupted save leaves the previous file, never half of one
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path
