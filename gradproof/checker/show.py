"""Rich display of the checker's results (``gradproof.check`` and ``gradproof.check_steps``)
in a notebook: the verdicts as tables of MathML, in the notation the checker reads back.

The checker's result classes do not import this module (it imports them): it registers its
functions with :mod:`gradproof.presenters` when :mod:`gradproof.checker` is imported, the way
:mod:`gradproof.display` does for the claims. The MathML comes from :mod:`gradproof.display`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from gradproof import presenters
from gradproof.display import _esc, _status_html, math_html

if TYPE_CHECKING:
    from gradproof.checker.core import CheckResult


def _network(spec: Any) -> Any:
    """The checker's network of a result's ``network`` dict (None when it cannot be rebuilt)."""
    try:
        from gradproof.checker.network import Network

        return Network(**{k: v for k, v in dict(spec).items() if k != "description"})
    except Exception:
        return None


def expression_html(text: str, net: Any) -> str:
    """An expression in the checker's syntax (``x*(σ(z1) - y)``) as MathML, in the notation
    the checker reads back (σ, z₁, a₁); escaped code when it does not parse."""
    if net is not None and text:
        try:
            from gradproof.checker.steps import side_latex

            return math_html(side_latex(text, net))
        except Exception:  # display only: the text as the user wrote it
            pass
    if re.fullmatch(r"[A-Za-z]", text):  # a one-letter name the parser does not read (C)
        return math_html(text)
    return f"<code>{html.escape(text)}</code>"


def _definition_html(text: str, net: Any) -> str:
    left, sep, right = text.partition(" = ")
    if not sep:
        return expression_html(text, net)
    return f"{expression_html(left, net)} = {expression_html(right, net)}"


def check_html(result: CheckResult) -> str:
    """A ``gradproof.check`` verdict: status, the derivative, the claimed and the true
    derivative as MathML, the network's definitions, domain and detail."""
    net = _network(result.network)
    rows = [
        ("derivative", expression_html(result.derivative, net) if result.derivative else ""),
        ("claimed", expression_html(result.claimed, net) if result.claimed else ""),
        ("correct", expression_html(result.correct, net) if result.correct else ""),
        ("where", "; ".join(_definition_html(d, net) for d in result.definitions)),
        ("domain", _esc(result.domain) if result.domain else ""),
        ("detail", _esc(result.detail) if result.detail else ""),
    ]
    if result.counterexample is not None:
        rows.append(("counterexample", _esc(str(result.counterexample.as_json()))))
    body = "".join(
        f'<tr><th style="text-align:left;padding:0.2em 1em 0.2em 0;vertical-align:middle">{k}'
        f'</th><td style="text-align:left;padding:0.2em 0;vertical-align:middle">{v}</td></tr>'
        for k, v in rows
        if v
    )
    return f"<p>gradproof check: {_status_html(result.status)}</p><table>{body}</table>"


def steps_html(result: Any) -> str:
    """A ``gradproof.check_steps`` verdict: one row per line of the chain (relation, the line
    as MathML, the link's verdict, justification, counterexample), then the summary."""
    from gradproof.render import text_latex

    colour = {"proved": "#1a7f37", "refuted": "#cf222e", "undecided": "#9a6700"}
    cell = 'style="padding:0.2em 0.5em;text-align:left;vertical-align:middle"'
    out = [
        "<table>",
        f"<tr><th {cell}>link</th><th {cell}></th><th {cell}>expression</th>"
        f"<th {cell}>verdict</th><th {cell}>justification</th><th {cell}>counterexample</th></tr>",
    ]
    rels = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}
    rows: list[tuple[str, str, str, str, str]] = []
    links = list(result.links)
    if links:
        first = links[0]
        rows.append(("", first.left_latex or text_latex(first.left), "", "", ""))
    for r in links:
        point = ""
        if r.point is not None:
            pt = ", ".join(f"{k} = {v}" for k, v in r.point.items())
            point = f"{pt}: left {r.left_value}, right {r.right_value}"
        rows.append(
            (rels[r.relation], r.right_latex or text_latex(r.right), r.status, r.note, point)
        )
    for k, (rel, tex, status, note, point) in enumerate(rows):
        verdict = (
            f'<b style="color:{colour.get(status, "#8250df")}">{html.escape(status)}</b>'
            if status
            else ""
        )
        out.append(
            f"<tr><td {cell}>{k if k else ''}</td><td {cell}>{math_html(rel) if rel else ''}</td>"
            f"<td {cell}>{math_html(tex)}</td><td {cell}>{verdict}</td>"
            f"<td {cell}>{_esc(note)}</td><td {cell}>{_esc(point)}</td></tr>"
        )
    out.append("</table>")
    # the summary quotes the user's first and last lines as written (the checker's syntax)
    out.append(f'<p class="user-input">{_esc(result.summary)}</p>')
    return "\n".join(out)


def check_markdown(result: CheckResult) -> str:
    """A ``gradproof.check`` verdict as plain Markdown."""
    lines = [f"**gradproof check: {result.status}**", ""]
    lines += [f"- claimed: `{result.claimed}`", f"- correct: `{result.correct}`"]
    lines += [f"- domain: {result.domain}", f"- {result.detail}"]
    return "\n".join(lines) + "\n"


def _register() -> None:
    """Attach the checker's displays to its result classes (:mod:`gradproof.presenters`)."""
    check, steps = "gradproof.checker.core.CheckResult", "gradproof.checker.steps.StepsResult"
    presenters.register(check, presenters.HTML, check_html)
    presenters.register(check, presenters.MARKDOWN, check_markdown)
    presenters.register(steps, presenters.HTML, steps_html)


_register()
