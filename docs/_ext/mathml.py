"""Offline math for the HTML docs: LaTeX → MathML at build time, no JavaScript.

Registered as Sphinx's HTML math renderer ``mathml`` (``html_math_renderer = "mathml"`` in
conf.py). Inline ``math`` nodes and ``math_block`` nodes (MyST ``$…$`` / ``$$…$$`` and
``amsmath`` environments) are converted by :func:`gradproof.mathml.to_mathml` (latex2mathml plus
the corrections that make it typeset like TeX: fences, primes, display style, limits) and written
into the page as MathML Core, which browsers render natively: the pages work from ``file://``
with no network and no script. A formula that cannot be converted is a build warning (so ``-W``
fails the build) and is shown as its LaTeX source.

The math font is STIX Two Math (an OpenType MATH font, SIL Open Font License 1.1), taken at
build time from the installed ``ziamath`` package (the ``docs`` extra) and copied into the
build's ``_static/fonts``; ``_static/mathml.css`` declares it with ``@font-face``.

Why not MathJax/KaTeX: see docs/contributing.md ("Math in the docs").
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from gradproof.mathml import to_mathml

logger = logging.getLogger(__name__)

#: the font file inside the ziamath wheel, and where the build puts it (see mathml.css)
FONT_FILE = "STIXTwoMath-Regular.ttf"
FONT_TARGET = Path("_static") / "fonts" / FONT_FILE


def _convert_or_warn(
    self: Any, node: nodes.Element, latex: str, display: bool, displaystyle: bool
) -> str:
    try:
        return to_mathml(latex, display, displaystyle=displaystyle)
    except ValueError as exc:
        logger.warning("%s", exc, location=node, type="mathml")
        return '<code class="math-source">' + self.encode(latex) + "</code>"


def _in_derivation_table(node: nodes.Node) -> bool:
    """True inside a derivation table (``gradproof render``): its cells are display math."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.table) and "derivation" in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def visit_math(self: Any, node: nodes.math) -> None:
    # a derivation's cells are display formulas split into columns: typeset them display-style
    display_style = _in_derivation_table(node)
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(_convert_or_warn(self, node, node.astext(), False, display_style))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_math_block(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        from sphinx.util.math import get_node_equation_number

        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})</span>')
    # blank lines separate equations (Sphinx's convention for math blocks)
    parts = [p for p in node.astext().split("\n\n") if p.strip()]
    if node.get("no-wrap", node.get("nowrap", False)):
        parts = [node.astext()]
    for part in parts:
        self.body.append(_convert_or_warn(self, node, part, True, True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def math_font() -> Path | None:
    """STIX Two Math as installed with ziamath (None when ziamath is missing). The package is
    found, not imported: importing it loads the font and its renderer, which the build does not
    use."""
    spec = importlib.util.find_spec("ziamath")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "fonts" / FONT_FILE
    return path if path.is_file() else None


def check_math_font(app: Sphinx) -> None:
    """Warn at the start of the build (``-W``: fail) when the math font is not installed."""
    if math_font() is None:
        logger.warning(
            "mathml: STIX Two Math not found (install the docs extra: pip install "
            "'gradproof[docs]', which brings ziamath); the pages would use the system math font",
            type="mathml",
        )


def copy_math_font(app: Sphinx, exception: Exception | None) -> None:
    """Put the math font into the HTML build's ``_static/fonts`` (see ``mathml.css``)."""
    font = math_font()
    if exception is not None or app.builder.format != "html" or font is None:
        return
    target = Path(app.outdir) / FONT_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font, target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_math_block, None),
    )
    app.add_css_file("mathml.css")
    app.connect("builder-inited", check_math_font)
    app.connect("build-finished", copy_math_font)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
