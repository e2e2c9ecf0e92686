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
    """Save ``fig`` as ``out_dir/name.png`` without volatile metadata; close it; return the path."""
    plt = pyplot()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.png"
    try:  # atomically: an interrupted save leaves the previous PNG, never half of one
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format="png", metadata={"Software": None}, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path
