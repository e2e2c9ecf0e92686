"""Rich display of claims, results and derivations (Jupyter and the terminal).

The kernel's classes (:class:`~gradproof.claims.Claim`, :class:`~gradproof.claims.ClaimResult`,
:class:`~gradproof.derivation.Derivation`, :class:`~gradproof.logic.Statement`) do not import
this module: it attaches itself from outside, registering its functions with
:mod:`gradproof.presenters` when imported (:func:`_register`). :mod:`gradproof.proofs`
and the claim modules of :mod:`gradproof.numerics` import it, so every claim and derivation a user
can hold shows. The HTML reuses the docs renderer (:mod:`gradproof.render`: the same rows, the
left-hand side in row 1, justifications numbered as their rows) and carries its math as static
MathML (:func:`gradproof.mathml.to_mathml`, no ``$…$``, no script), so it reads the same in a
notebook, VS Code or a built page, offline. :func:`claim_text` is the terminal form
(``gradproof show``): the notation printer's linear text (:func:`gradproof.typeset.text`).
The checker's results display through :mod:`gradproof.checker.show` (display never imports the
checker). Importing this module is cheap: SymPy loads only when a function is called.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from gradproof import presenters
from gradproof.citations import readable
from gradproof.claims import Claim, ClaimResult
from gradproof.mathml import MATH_FONTS, to_mathml

if TYPE_CHECKING:
    from gradproof.logic import Statement


#: The math font stack of the notebooks' MathML (no stylesheet there): OpenType MATH fonts.
_MATH_STYLE = "font-family: " + MATH_FONTS.replace('"', "'")


def math_html(tex: str, block: bool = False) -> str:
    """``tex`` as a ``<math>`` element (:func:`gradproof.mathml.to_mathml`), in display style,
    with its font inline so it reads the same without any stylesheet. A formula that cannot be
    converted (or without latex2mathml, the ``docs`` extra) is shown as escaped source code."""
    try:
        return to_mathml(tex, block, displaystyle=True, style=_MATH_STYLE)
    except (ImportError, ValueError):
        return f"<code>{html.escape(tex)}</code>"


def _esc(text: str) -> str:
    """Plain text as HTML, with the claims' x_j, e^{−z} as sub- and superscripts."""
    from gradproof.render import convert_scripts

    return convert_scripts(
        " ".join(str(text).split()),
        lambda kind, content: f"<{kind}>{html.escape(content)}</{kind}>",
        html.escape,
    )


_CELL = (
    'style="padding:0.3em 0.4em;border:none;background:none;text-align:{};vertical-align:middle"'
)
_WHY = (
    'style="padding:0.3em 0.4em;border:none;background:none;text-align:left;'
    'vertical-align:middle;font-size:0.85em;color:#555"'
)


def derivation_html(derivation: Any, number: int | None = None) -> str:
    """One derivation as an HTML table: left-hand side | relation | expression | (n) why, the
    rows numbered as their justifications, the sources once under the title."""
    from gradproof.render import derivation_display

    display = derivation_display(derivation)
    title = _esc(derivation.title)
    head = f"Derivation {number}: {title}" if number is not None else title
    out = [f"<p><strong>{head}</strong></p>"]
    if getattr(derivation, "assumptions", ""):
        out.append(f"<p><em>Assumptions:</em> {_esc(derivation.assumptions)}</p>")
    sources = display.sources()
    if sources:
        out.append(f"<p><em>Source:</em> {html.escape(sources)}</p>")
    out.append('<table class="gradproof-derivation" style="border:none;border-collapse:collapse">')
    for row in display.table():
        why = "; ".join(_esc(text) for text in row.why if text)
        left = math_html(row.left) if row.left else ""
        out.append(
            f"<tr><td {_CELL.format('right')}>{left}</td>"
            f"<td {_CELL.format('center')}>{math_html(row.relation)}</td>"
            f"<td {_CELL.format('left')}>{math_html(row.expression)}</td>"
            f"<td {_WHY}>{row.label()} {why}</td></tr>"
        )
    out.append("</table>")
    if display.notation:
        defs = ", ".join(math_html(n) for n in display.notation)
        out.append(f"<p><em>where</em> {defs}.</p>")
    if getattr(derivation, "conclusion", ""):
        out.append(f"<p><em>Conclusion:</em> {_esc(derivation.conclusion)}</p>")
    return "\n".join(out)


def derivation_markdown(derivation: Any) -> str:
    """Plain Markdown (for ``_repr_markdown_``): title, the chain as ``$$…$$``, justifications."""
    from gradproof.render import derivation_display, derivation_latex

    display = derivation_display(derivation)
    lines = [f"**{derivation.title}**", ""]
    if display.sources():
        lines += [f"*Source:* {display.sources()}", ""]
    lines += ["$$", derivation_latex(derivation, display), "$$", ""]
    for row in display.table():
        lines.append(f"- {row.label()} {row.justification()}")
    return "\n".join(lines) + "\n"


def derivation_latex(derivation: Any) -> str:
    """``$$…$$`` around the chain's ``array`` (for ``_repr_latex_``)."""
    from gradproof.render import derivation_latex as chain

    return "$$" + chain(derivation) + "$$"


def _status_html(status: str) -> str:
    colour = {"proved": "#1a7f37", "confirmed": "#1a7f37"}.get(status, "#cf222e")
    return f'<strong style="color:{colour}">{_esc(status)}</strong>'


def formal_html(formal: Any) -> str:
    """A formal statement as display math: one block per conjunct of its top-level ``∧``, then
    its domain (an empirical statement, which has no relation, as text)."""
    relation = getattr(formal, "relation", None)
    if relation is None:
        return f"<p><strong>Formal statement.</strong> {_esc(formal.pretty())}</p>"
    import sympy as sp

    from gradproof.typeset import canonical_functions, latex

    parts = relation.args if isinstance(relation, sp.And) else (relation,)
    blocks = [math_html(latex(canonical_functions(part)), block=True) for part in parts]
    out = ["<p><strong>Formal statement</strong> (proved by the kernel on every run):</p>"]
    out += [f'<div style="overflow-x:auto;margin:0.4em 0">{b}</div>' for b in blocks]
    if getattr(formal, "domain", ""):
        out.append(f"<p><em>for</em> {_esc(formal.domain)}.</p>")
    return "\n".join(out)


def claim_html(claim: Claim, result: ClaimResult | None = None) -> str:
    """A claim (and, when given, its result): statement, formal statement as display math,
    source, derivations, evidence — MathML with its font inline, no ``$…$``, no stylesheet."""
    out = [
        f'<div class="gradproof-claim"><p><code>{_esc(claim.id)}</code>'
        + (f" — {_status_html(result.status)}" if result is not None else "")
        + "</p>",
        f"<p><strong>Statement.</strong> {_esc(claim.statement)}</p>",
    ]
    if claim.formal is not None:
        out.append(formal_html(claim.formal))
    out.append(f"<p><strong>Source.</strong> {_esc(claim.citation)}</p>")
    derivations = [d for d in claim.derivations if hasattr(d, "latex")]
    for n, derivation in enumerate(derivations, 1):
        out.append(derivation_html(derivation, n))
    out.append("<p><strong>Evidence.</strong></p><ul>")
    ran = list(result.evidence) if result is not None else []
    for i, ev in enumerate(claim.checks):
        item = f"<li><strong>{_esc(ev.kind)}</strong> — {_esc(ev.description)}"
        if i < len(ran):
            mark = "holds" if ran[i].ok else ("raised" if ran[i].raised else "FAILS")
            item += f"<br><em>Result ({mark}):</em> {_esc(ran[i].detail)}"
        out.append(item + "</li>")
    out.append("</ul></div>")
    return "\n".join(out)


def claim_markdown(claim: Claim, result: ClaimResult | None = None) -> str:
    """A claim as plain Markdown (for ``_repr_markdown_``)."""
    lines = [f"**`{claim.id}`**" + (f" — **{result.status}**" if result is not None else "")]
    lines += ["", f"**Statement.** {claim.statement}", ""]
    if claim.formal is not None:
        lines += ["**Formal statement.**", "", f"$${claim.formal.latex()}$$", ""]
    lines += [f"**Source.** {claim.citation}", ""]
    for derivation in claim.derivations:
        if hasattr(derivation, "latex"):
            lines.append(derivation_markdown(derivation))
    ran = list(result.evidence) if result is not None else []
    for i, ev in enumerate(claim.checks):
        detail = f" — {'holds' if ran[i].ok else 'FAILS'}: {ran[i].detail}" if i < len(ran) else ""
        lines.append(f"- **{ev.kind}** {ev.description}{detail}")
    return "\n".join(lines) + "\n"


def result_html(result: ClaimResult) -> str:
    """A claim's result: the claim's display with the verdicts (or the verdicts alone)."""
    if result.claim is not None:
        return claim_html(result.claim, result)
    items = "".join(
        f"<li><strong>{_esc(e.kind)}</strong> {'holds' if e.ok else 'FAILS'}: {_esc(e.detail)}</li>"
        for e in result.evidence
    )
    return f"<p><code>{_esc(result.id)}</code> — {_status_html(result.status)}</p><ul>{items}</ul>"


def result_markdown(result: ClaimResult) -> str:
    """A claim's result as plain Markdown."""
    if result.claim is not None:
        return claim_markdown(result.claim, result)
    lines = [f"**`{result.id}`** — **{result.status}**", ""]
    lines += [f"- **{e.kind}** {'holds' if e.ok else 'FAILS'}: {e.detail}" for e in result.evidence]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- terminal


def derivation_text(derivation: Any) -> str:
    """A derivation for the terminal: the rows the docs print (left-hand side in row 1, σ
    notation, named arguments), each as SymPy's Unicode pretty print, then its justification."""
    from gradproof.render import derivation_display
    from gradproof.typeset import pretty

    display = derivation_display(derivation)
    lines = [derivation.title]
    if getattr(derivation, "assumptions", ""):
        lines.append(f"  assuming {derivation.assumptions}")
    rels = {"=": "=", "<=": "≤", "<": "<", ">=": "≥", ">": ">"}
    steps = list(derivation.steps)
    for i, step in enumerate(steps):
        if i == 0:
            head = pretty(display.lhs_expr) if display.lhs_expr is not None else ""
            if head:
                lines += [f"  {t}" for t in head.splitlines()]
            rel = "=" if head else " "
        else:
            rel = rels[step.relation]
        body = pretty(display.exprs[i] if display.exprs else step.expr).splitlines()
        mid = len(body) // 2
        for k, text in enumerate(body):
            lines.append(f"  ({i + 1}) {rel} {text}" if k == mid else f"        {text}")
        cite = f" [{readable(step.source)}]" if step.source else ""
        lines.append(f"        by: {step.why}{cite}")
    if display.definitions:
        lines.append(
            "  where "
            + "; ".join(
                f"{pretty(n)} = {' '.join(pretty(d).split())}" for n, d in display.definitions
            )
        )
    if getattr(derivation, "conclusion", ""):
        lines.append(f"  so: {derivation.conclusion}")
    return "\n".join(lines)


def claim_text(claim: Claim, result: ClaimResult | None = None) -> str:
    """``gradproof show ID``: statement, source, each derivation step, the evidence results."""
    lines = [claim.id, ""]
    if claim.formal is not None:
        formal = claim.formal.pretty().splitlines()
        lines += ["Formal statement (what the evidence proves):"] + [f"  {r}" for r in formal]
        lines += ["", f"In words:  {claim.statement}"]
    else:
        lines.append(f"Statement: {claim.statement}")
    lines.append(f"Source:    {claim.citation}")
    if claim.notes:
        lines.append(f"Notes:     {' '.join(claim.notes.split())}")
    derivations = [d for d in claim.derivations if hasattr(d, "latex")]
    for n, derivation in enumerate(derivations, 1):
        lines += ["", f"Derivation {n}: {derivation_text(derivation)}"]
    lines += ["", "Evidence:"]
    ran = list(result.evidence) if result is not None else []
    for i, ev in enumerate(claim.checks):
        lines.append(f"  [{ev.kind}] {ev.description}")
        if i < len(ran):
            mark = "holds" if ran[i].ok else ("raised" if ran[i].raised else "FAILS")
            lines.append(f"      {mark}: {ran[i].detail}")
    if result is not None:
        lines += ["", f"Status: {result.status} ({result.seconds:.2f} s)"]
    return "\n".join(lines)


def result_text(result: ClaimResult) -> str:
    """``gradproof show ID`` for a result: the claim's report with the verdicts."""
    if result.claim is not None:
        return claim_text(result.claim, result)
    lines = [result.id, "", "Evidence:"]
    for e in result.evidence:
        mark = "holds" if e.ok else ("raised" if e.raised else "FAILS")
        lines.append(f"  [{e.kind}] {mark}: {e.detail}")
    return "\n".join([*lines, "", f"Status: {result.status} ({result.seconds:.2f} s)"])


def statement_formula(statement: Statement) -> str:
    """A formal statement in Nielsen's notation, one conjunct per line (a long one broken at ⇒,
    ∧ and its relation sign; :func:`gradproof.typeset.statement_text`), then ``for <domain>``."""
    from gradproof.typeset import statement_text

    return "\n".join([*statement_text(statement.relation), f"for {statement.domain}"])


def statement_latex(statement: Statement) -> str:
    """A formal statement in LaTeX, its conjuncts one per row
    (:func:`gradproof.typeset.statement_latex`), followed by ``\\text{for <domain>}``."""
    from gradproof.typeset import statement_latex as blocks

    rows = r" \\ ".join(blocks(statement.relation))
    return rf"\begin{{array}}{{l}} {rows} \\ \text{{for {statement.domain}}} \end{{array}}"


def formula_text(expr: Any) -> str:
    """A SymPy expression or relation in one line of Nielsen's notation (σ, σ′ named as such;
    :func:`gradproof.typeset.text`): the kernel's detail strings print through this."""
    from gradproof.typeset import canonical_functions, text

    return text(canonical_functions(expr))


# --------------------------------------------------------------------------- registration


def _register() -> None:
    """Attach this module's printers to the kernel's classes (:mod:`gradproof.presenters`)."""
    # the SymPy classes by name: importing this module stays cheap (no SymPy), so the claim
    # modules that must stay free of SymPy can import it
    derivation, statement = "gradproof.derivation.Derivation", "gradproof.logic.Statement"
    table: list[tuple[type | str, str, presenters.Presenter]] = [
        (Claim, presenters.HTML, claim_html),
        (Claim, presenters.MARKDOWN, claim_markdown),
        (Claim, presenters.REPORT, claim_text),
        (ClaimResult, presenters.HTML, result_html),
        (ClaimResult, presenters.MARKDOWN, result_markdown),
        (ClaimResult, presenters.REPORT, result_text),
        (derivation, presenters.HTML, derivation_html),
        (derivation, presenters.MARKDOWN, derivation_markdown),
        (derivation, presenters.LATEX, derivation_latex),
        (derivation, presenters.REPORT, derivation_text),
        (statement, presenters.FORMULA, statement_formula),
        (statement, presenters.LATEX, statement_latex),
        ("sympy.core.basic.Basic", presenters.FORMULA, formula_text),
    ]
    for cls, fmt, func in table:
        presenters.register(cls, fmt, func)


_register()
