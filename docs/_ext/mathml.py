"""Offline math for the HTML docs: LaTeX → MathML at build time, no JavaScript.

Registered as Sphinx's HTML math renderer ``mathml`` (``html_math_renderer = "mathml"`` in
conf.py). Inline ``math`` nodes and ``math_block`` nodes (MyST ``$…$`` / ``$$…$$`` and
``amsmath`` environments) are converted with latex2mathml and written into the page as MathML
Core, which browsers render natively: the pages work from ``file://`` with no network and no
script. A formula latex2mathml cannot convert is a build warning (so ``-W`` fails the build) and
is shown as its LaTeX source.

Why not MathJax/KaTeX: see docs/contributing.md ("Math in the docs").
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# latex2mathml passes alignment '&' outside array/matrix environments through as <mi>&</mi>;
# aligned/split are rewritten to array, which it supports (rendered as an <mtable>).
_REWRITES = (
    (r"\begin{aligned}", r"\begin{array}{rl}"),
    (r"\end{aligned}", r"\end{array}"),
    (r"\begin{split}", r"\begin{array}{rl}"),
    (r"\end{split}", r"\end{array}"),
)
# an unknown macro comes out as <mi>\foo</mi>; a stray '&' as <mi>&</mi> (not even valid XML)
_LEFTOVER = re.compile(r"<mi>&</mi>|>\\[A-Za-z]+<")


def to_mathml(latex: str, display: str) -> str:
    """MathML for ``latex`` (``display``: "inline" or "block"); ValueError if unsupported."""
    from latex2mathml.converter import convert

    tex = latex.strip()
    for old, new in _REWRITES:
        tex = tex.replace(old, new)
    try:
        out: str = convert(tex, display=display)
    except Exception as exc:
        raise ValueError(
            f"latex2mathml cannot convert {latex!r}: {type(exc).__name__}: {exc}"
        ) from exc
    leftover = _LEFTOVER.findall(out)
    if leftover:
        raise ValueError(f"latex2mathml left {', '.join(leftover)} unconverted in {latex!r}")
    return out


def _convert_or_warn(self: Any, node: nodes.Element, latex: str, display: str) -> str:
    try:
        return to_mathml(latex, display)
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
    display = "block" if _in_derivation_table(node) else "inline"
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(_convert_or_warn(self, node, node.astext(), display))
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
        self.body.append(_convert_or_warn(self, node, part, "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_math_block, None),
    )
    app.add_css_file("mathml.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
