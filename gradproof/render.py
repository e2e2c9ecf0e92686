"""Render the claims as MyST Markdown pages: the docs are printed from the checked objects.

:func:`render` writes, into one folder,

* one page per claim family (``<family>.md``; ``Claim.family``, i.e. the claim module's short
  name) with, for every claim of the family: an anchored heading named by the claim id, the
  statement, the source citation, the notes, every :class:`~gradproof.derivation.Derivation`
  (title, assumptions, the chain as display math from :meth:`Derivation.latex`, each step's
  justification, the conclusion), every evidence check (kind, description, the detail of its run
  — certified enclosures, tolerances and all) and the claim's figures;
* ``ledger.md``: one table row per claim (id, statement, source, evidence kinds, status, seconds);
* ``index.md``: a toctree of the ledger and the family pages;
* ``errata.md``: the claims that record where a source is wrong (:func:`errata_markdown`);
* ``figures/<name>.png`` for every figure named in some ``Claim.figures``.

Everything comes from ONE run of every claim (:func:`run_all`, the same judgement as
``gradproof verify``) or from a ``gradproof verify --json`` report (:func:`results_from_json`).
The output is deterministic: the family pages and the index are the same bytes for the same
claims and results; the only run-dependent numbers, the seconds, appear in the ledger alone
(rounded to 0.01 s). Evidence details are printed as the checks return them, so a check whose
detail contains its own timing would make its page vary; the checks of this package do not.

LaTeX comes from SymPy's printer (``sympy.latex``), as in :meth:`Derivation.latex`, with two
printing aids that never change an expression (:func:`derivation_display`): symbols named like
a fraction print as fractions, and very long rows write the sigmoid as σ(u) and name its
arguments z₁, z₂, … (the definitions are printed under the chain). Each row is checked with
:func:`gradproof.mathml.to_mathml` (the converter the docs and the notebooks use, the ``docs``
extra) and a row it cannot convert is replaced by the expression's plain text, so the pages
always build; two consecutive rows that print alike are an error. A derivation's rows are
numbered as their justifications, its citations are printed once (under its title), and the
claim ids its prose names link to the claims. Prose (statements, justifications, results) keeps
its plain-text notation but shows ``e^{−z}`` and ``x_j`` as super- and subscripts
(:func:`md_rich`). A figure named by several claims of a family is drawn once per page.
"""

from __future__ import annotations

import importlib
import itertools
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gradproof.claims import Claim, ClaimResult, EvidenceResult, Status
from gradproof.safety import atomic_write_text

#: Decimal places of the seconds in the ledger (the only run-dependent numbers rendered).
LEDGER_SECONDS_DIGITS = 2

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|#~{}])")


def md_text(text: str) -> str:
    """Plain text made safe for one Markdown paragraph or table cell.

    Whitespace (newlines included) collapses to single spaces, and every character Markdown/MyST
    would interpret (emphasis, links, HTML, ``$`` math, ``|`` table cells, roles) is
    backslash-escaped, so the text appears exactly as written.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


_CODE_SPAN = re.compile(r"`([^`]+)`")
# Scripts written in plain text the way the claims write them: x^{…} / x_{…} (one level of
# nested braces), x^(…) / Σ_(…), and bare x^2, e^−z, c^L, 10^−308, x_j, w_jk.
_SCRIPT = re.compile(
    r"(?P<op>[\^_])(?:"
    r"\{(?P<brace>(?:[^{}]|\{[^{}]*\})+)\}"
    r"|\((?P<paren>(?:[^()]|\([^()]*\))+)\)"
    r"|(?P<bare>[−-]?[A-Za-z0-9]+)(?![A-Za-z0-9]))"
)
# the base of a bare subscript: one letter, optionally with its superscript (a run of Unicode
# superscripts as in aᴸ or zˡ⁺¹, or a written one as in z^{l+1}), not part of a longer
# identifier, so ``sigmoid_prime_eq`` or ``dC/da_4`` stay as written
_SUB_BASE = re.compile(
    r"(?:^|[^\w])[^\W\d_]"
    r"(?:[\u1d2c-\u1d6a\u02b0-\u02ff\u2070-\u207f\u00b9\u00b2\u00b3]*"
    r"|\^\{[^{}]*\}|\^\([^()]*\)|\^[A-Za-z0-9])$"
)


def _script(m: re.Match[str], before: str) -> tuple[str, str] | None:
    """``(role, content)`` for one script match (role "sup" or "sub"), or None: leave as is."""
    op, brace, paren, bare = m.group("op", "brace", "paren", "bare")
    role = "sup" if op == "^" else "sub"
    if brace is not None:
        content = brace.replace("{", "").replace("}", "")
    elif paren is not None:
        content = paren
    else:
        content = bare
        if op == "_" and (len(bare) > 2 or not _SUB_BASE.search(before)):
            return None
        if op == "^" and not (bare.lstrip("−-").isdigit() or len(bare.lstrip("−-")) == 1):
            return None
        if not before or before[-1].isspace():
            return None
    if not content.strip() or "`" in content:
        return None
    return role, content


def convert_scripts(
    text: str, role: Callable[[str, str], str], escape: Callable[[str], str]
) -> str:
    """``text`` with each plain-text script (see :func:`md_rich`) replaced by
    ``role(kind, content)`` (kind "sup" or "sub") and the rest passed through ``escape``."""
    out: list[str] = []
    pos = 0
    for m in _SCRIPT.finditer(text):
        found = _script(m, text[: m.start()])
        if found is None:
            continue
        out.append(escape(text[pos : m.start()]))
        out.append(role(*found))
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_rich(text: str, *, table: bool = False) -> str:
    """Prose with the claims' plain-text math notation, as MyST that reads like typeset text.

    Like :func:`md_text` (whitespace collapsed, Markdown characters escaped), except that

    * ``x^{…}``, ``x^(…)``, ``e^−z``, ``c^L``, ``10^−308`` become superscripts and ``x_{…}``,
      ``Σ_(…)``, ``x_j``, ``w_jk`` subscripts (MyST's ``{sup}``/``{sub}`` roles), so "e^{−z}" reads
      e⁻ᶻ instead of showing its braces. A bare subscript needs a one-letter base, so identifiers
      such as ``sigmoid_prime_eq`` or ``dC/da_4`` stay as written;
    * a `backtick span` stays a code span (a command such as ``--data mnist`` keeps its dashes).

    ``table=True`` for a table cell: ``|`` inside roles and code spans is escaped as well, and a
    formula is glued where a browser would break it inside a word (:func:`glue_formula`).
    """

    def bars(content: str) -> str:  # a table row splits at every unescaped |, even in code
        return content.replace("|", r"\|") if table else content

    def role(kind: str, content: str) -> str:
        return f"{{{kind}}}`{bars(glue_formula(content) if table else content)}`"

    def plain(content: str) -> str:
        return _md_escape(glue_formula(content) if table else content)

    flat = " ".join(str(text).split())
    parts = _CODE_SPAN.split(flat)
    out = []
    for i, part in enumerate(parts):
        out.append(f"`{bars(part)}`" if i % 2 else convert_scripts(part, role, plain))
    return "".join(out)


#: where the Unicode line-breaking rules let a browser break a formula inside a word: before
#: ``(`` or ``|`` and after ``′``, ``|`` or ``)`` (σ′|(z), |w₁|)|(1/4), (wˡ⁺¹)|ᵀ)
_FORMULA_BREAK = re.compile(r"(?<=\S)(?=[(|])|(?<=[′|)])(?=\S)")
#: U+2060 WORD JOINER: no break here, and nothing visible or copied as a space
WORD_JOINER = "\u2060"


def glue_formula(text: str) -> str:
    """``text`` with a word joiner wherever a formula written without spaces (``σ′(zₖ)``,
    ``(4/|w₁|)(1/4)``) could otherwise be broken across lines in a narrow table cell; breaks at
    spaces are untouched."""
    return _FORMULA_BREAK.sub(WORD_JOINER, text)


def _rst_literals_to_md(text: str) -> str:
    """``x`` (reST literal) → `x` (Markdown code) in short titles taken from docstrings."""
    parts = re.split(r"``(.+?)``", text)
    out = []
    for i, part in enumerate(parts):
        out.append(f"`{part}`" if i % 2 else md_rich(part))
    return "".join(out)


# --------------------------------------------------------------------------- LaTeX guard


def latex_converts(tex: str) -> bool:
    """True when :func:`gradproof.mathml.to_mathml` (the pages' converter) typesets ``tex``.

    Without latex2mathml installed (the ``docs`` extra) nothing can be checked and every row is
    accepted as SymPy printed it.
    """
    from gradproof.mathml import to_mathml

    try:
        to_mathml(tex, False)
    except ImportError:  # pragma: no cover - depends on the installed extras
        return True
    except ValueError:
        return False
    return True


def unconverted_latex(mathml: str) -> list[str]:
    r"""What latex2mathml passed through unconverted (see :func:`gradproof.mathml.unconverted`)."""
    from gradproof.mathml import unconverted

    return unconverted(mathml)


_TEXT_SPECIAL = re.compile(r"([\\{}$&#^_%~])")


def text_latex(text: str) -> str:
    r"""``text`` as LaTeX upright text (``\text{…}``), special characters blanked out."""
    cleaned = _TEXT_SPECIAL.sub(lambda m: "" if m.group(1) == "\\" else " ", " ".join(text.split()))
    return r"\text{" + cleaned + "}"


def safe_latex(tex: str, fallback: str) -> str:
    """``tex`` when it converts to MathML, else ``fallback`` (plain text, ``typeset.text``)."""
    if latex_converts(tex):
        return tex
    return text_latex(fallback)


#: A derivation row wider than this many visible characters has its σ arguments named (see
#: :func:`derivation_display`).
LONG_ROW_CHARS = 48

_FRACTION_NAME = re.compile(r"^([^/\s|()]+)/([^/\s|()]+)$")


def fraction_symbol_names(exprs: Iterable[Any]) -> dict[Any, str]:
    r"""LaTeX for the symbols named like a fraction: ``dC/da_4`` → ``\frac{dC}{da_{4}}``.

    The proofs name some symbols ``dC/da_4`` or ``∂C/∂b1`` (C′(a₄) as one symbol); printed as
    they are, ``dC/da_{4} w_{2} w_{3}`` reads as dC divided by everything after it. A symbol
    that is itself part of a fraction (a factor of a product with a denominator) keeps its
    slash: a fraction of fractions would only be smaller, not clearer.
    """
    import sympy as sp

    def in_a_fraction(expr: Any) -> set[Any]:
        inside: set[Any] = set()
        for node in sp.preorder_traversal(expr):
            factors = sp.Mul.make_args(node) if isinstance(node, (sp.Mul, sp.Pow)) else ()
            if any(f.is_Pow and f.exp.is_negative for f in factors):
                inside |= {f.base if f.is_Pow else f for f in factors}
        return inside

    names: dict[Any, str] = {}
    for expr in exprs:
        if not isinstance(expr, sp.Basic):
            continue
        skip = in_a_fraction(expr)
        for sym in expr.free_symbols:
            m = _FRACTION_NAME.match(getattr(sym, "name", ""))
            if isinstance(sym, sp.Symbol) and m and sym not in skip:
                num, den = (sp.latex(sp.Symbol(part)) for part in m.groups())
                names[sym] = rf"\frac{{{num}}}{{{den}}}"
    return names


def _sigma() -> Any:
    from gradproof.typeset import SIGMA

    return SIGMA


def abbreviate_sigmoid(expr: Any) -> Any:
    """``expr`` with every ``1/(1 + e^{−u})`` (and its powers) written ``σ(u)`` and every
    ``e^{−u}/(1 + e^{−u})²`` written ``σ′(u)`` — exactly equal (see
    :func:`gradproof.typeset.sigmoid_notation`)."""
    from gradproof.typeset import sigmoid_notation

    return sigmoid_notation(expr)


def name_sigmoid_arguments(
    exprs: dict[int, Any], letter: str
) -> tuple[dict[int, Any], list[tuple[Any, Any]]]:
    """Name the arguments of σ and σ′ inner first (z₁ = a₀w₁ + b₁, z₂ = b₂ + w₂σ(z₁), …).

    An argument that depends on one summation index ``i`` (an indexed input) is named
    ``z^{(i)}`` instead of a numbered ``z_k``.
    """
    import sympy as sp

    from gradproof.typeset import SIGMA, SIGMA_PRIME, is_index_function, map_subexpressions

    heads = (SIGMA, SIGMA_PRIME)
    definitions: list[tuple[Any, Any]] = []
    work = dict(exprs)
    while True:
        args = {  # an argument that is already a name (z_k as z(k)) keeps it
            f.args[0]
            for e in work.values()
            for f in e.atoms(sp.Function)
            if f.func in heads and not f.args[0].is_Atom and not is_index_function(f.args[0])
        }
        # innermost: no σ with an unnamed (non-atomic) argument inside
        inner = [
            a
            for a in args
            if not any(g.func in heads and not g.args[0].is_Atom for g in a.atoms(sp.Function))
        ]
        if not inner:
            return work, definitions
        for arg in sorted(inner, key=sp.default_sort_key):
            indices = {i for x in arg.atoms(sp.Indexed) for i in x.indices}
            if len(indices) == 1:
                name = sp.Symbol(f"{letter}^{{({next(iter(indices))})}}", real=True)
            else:
                name = sp.Symbol(f"{letter}_{len(definitions) + 1}", real=True)
            definitions.append((name, arg))
            # −arg too: e^{−u} keeps its argument distributed, −b₂ − w₂σ(z₁) → −z₂
            key = _canonical(arg)
            reps = {key: name, _canonical(-key): -name}
            work = {
                i: map_subexpressions(
                    e,
                    lambda x, r=reps: _canonical(x) in r,
                    lambda x, r=reps: r[_canonical(x)],
                )
                for i, e in work.items()
            }


def _canonical(expr: Any) -> Any:
    """``expr`` rebuilt with SymPy's evaluation (argument order, merged factors), so a sum or
    product kept unevaluated by a step matches the same sub-expression written elsewhere."""
    args = getattr(expr, "args", ())
    if not args or getattr(expr, "is_Atom", False):
        return expr
    try:
        return expr.func(*(_canonical(a) for a in args))
    except Exception:  # a node that cannot be rebuilt from its arguments: compare as is
        return expr


@dataclass(frozen=True)
class DerivationDisplay:
    """How a derivation is printed: LaTeX rows, the left-hand side, and the notation used.

    ``rows`` has one ``(relation, expression, justification, source)`` per step;
    :meth:`table` lays them out with the left-hand side in row 1.
    """

    rows: tuple[tuple[str, str, str, str], ...]  # (relation, expression, justification, source)
    lhs: str | None
    notation: tuple[str, ...] = ()  # LaTeX definitions, e.g. "z_{1} = a_{0} w_{1} + b_{1}"
    fallbacks: tuple[int, ...] = ()  # rows latex2mathml could not convert (shown as plain text)
    #: the SymPy forms printed (σ notation, named arguments), for the terminal's pretty print
    exprs: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    lhs_expr: Any = field(default=None, compare=False, repr=False)
    definitions: tuple[tuple[Any, Any], ...] = field(default=(), compare=False, repr=False)

    def problems(self) -> list[str]:
        """What a reader would trip over: rows printed as plain text, and consecutive rows that
        print exactly alike (SymPy evaluated the rewriting a step is meant to show, or two steps
        differ only in what the notation hides); see :meth:`identical_rows`."""
        out = [f"step {i + 1} is shown as plain text (latex2mathml)" for i in self.fallbacks]
        return out + self.identical_rows()

    def identical_rows(self) -> list[str]:
        """Consecutive formulas of the table that print alike (an error when rendering)."""
        formulas = [(0, self.lhs)] if self.lhs is not None else []
        formulas += [(i + 1, tex) for i, (_rel, tex, _why, _src) in enumerate(self.rows)]
        out = []
        for (before, a), (step, b) in itertools.pairwise(formulas):
            if _same_print(a, b):
                what = "the left-hand side" if before == 0 else f"step {before}"
                out.append(
                    f"step {step} prints exactly like {what} (SymPy evaluated it, or the "
                    "notation hides the difference; keep the form with sympy.UnevaluatedExpr or "
                    "evaluate=False, or show the difference)"
                )
        return out

    def table(self) -> list[TableRow]:
        """The printed rows, numbered 1, 2, …: every derivation starts with its left-hand side in
        row 1.

        With a left-hand side, row 1 is ``lhs = e₀``; without one, the first step's expression
        is the left-hand side and row 1 is ``e₀ R e₁`` (both steps' justifications beside it,
        under the row's one number). Every later row is ``R eᵢ`` in the same columns, so row 1
        lines up with the others.
        """
        rows = list(self.rows)
        if self.lhs is not None:
            first = TableRow((1,), self.lhs, "=", rows[0][1], (rows[0][2],), (rows[0][3],), 1)
            rest = range(1, len(rows))
        else:
            first = TableRow(
                (1, 2),
                rows[0][1],
                rows[1][0],
                rows[1][1],
                (rows[0][2], rows[1][2]),
                (rows[0][3], rows[1][3]),
                1,
            )
            rest = range(2, len(rows))
        out = [first]
        for i in rest:
            rel, tex, why, source = rows[i]
            out.append(TableRow((i + 1,), "", rel, tex, (why,), (source,), len(out) + 1))
        return out

    def sources(self) -> str:
        """The derivation's citations, once: each work with its places and the rows that use
        them, e.g. "Nielsen, Neural Networks and Deep Learning, ch. 5: eq. (115) (row 1),
        eq. (116) (row 2)" ("" when no step cites anything)."""
        return derivation_sources(self.table())


def _same_print(a: str, b: str) -> bool:
    """Two LaTeX formulas that print alike (the same TeX, or the same MathML)."""
    if " ".join(a.split()) == " ".join(b.split()):
        return True
    from gradproof.mathml import to_mathml

    try:
        return to_mathml(a, False) == to_mathml(b, False)
    except (ImportError, ValueError):
        return False


def derivation_sources(table: Sequence[TableRow]) -> str:
    """See :meth:`DerivationDisplay.sources`."""
    from gradproof.citations import parse_source

    places: dict[str, dict[str, list[int]]] = {}  # work → locator → rows
    for row in table:
        for source in row.sources:
            if not source:
                continue
            for cite in parse_source(source):
                rows = places.setdefault(cite.key, {}).setdefault(cite.locator, [])
                if row.number not in rows:
                    rows.append(row.number)
    parts = []
    for key, locators in places.items():
        from gradproof.citations import WORKS

        items = []
        for locator, rows in locators.items():
            where = ", ".join(str(n) for n in rows)
            label = f"(row{'s' if len(rows) > 1 else ''} {where})"
            items.append(f"{locator} {label}" if locator else label)
        parts.append(f"{WORKS[key].short}: {', '.join(items)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class TableRow:
    """One printed row: step numbers, left-hand side, relation, expression, why, sources, and
    the row's number (what its justification is labelled with)."""

    steps: tuple[int, ...]
    left: str
    relation: str
    expression: str
    why: tuple[str, ...]
    sources: tuple[str, ...]
    number: int = 1

    def justification(self) -> str:
        """The plain-text justification (its steps' reasons, without citations: a derivation
        cites its sources once, :meth:`DerivationDisplay.sources`)."""
        return "; ".join(why for why in self.why if why)

    def label(self) -> str:
        """``(n)``: the row's number."""
        return f"({self.number})"


def _visible_length(tex: str) -> int:
    """A rough width of a LaTeX row in characters: commands and braces do not count."""
    t = re.sub(r"\\(left|right|operatorname|mathrm|quad|,)", "", tex)
    t = re.sub(r"\\[A-Za-z]+", "x", t)
    return len(re.sub(r"[{}\s^_]", "", t))


def derivation_display(derivation: Any) -> DerivationDisplay:
    r"""The rows of ``derivation`` as LaTeX from the package's printer, guarded.

    Each step's expression is printed by :func:`gradproof.typeset.latex` (SymPy's LaTeX printer
    with the typesetting rules of the contributing page), with these aids for the reader that
    never change the expression's value:

    * σ and σ′ print as functions (:func:`abbreviate_sigmoid`), except in a row whose
      justification writes the exponential: that step is about the exponential form;
    * when some row is wider than :data:`LONG_ROW_CHARS` visible characters, the arguments of
      σ are named (z₁, z₂, … inner first, or z^{(i)} for an indexed input) in every row, as the
      book writes z = wa + b; the definitions (which show what each name depends on) are
      returned in ``notation`` and printed under the chain.

    An expression latex2mathml cannot convert is replaced by its text form (typeset.text).
    """
    import sympy as sp
    from sympy.core.function import AppliedUndef

    from gradproof.typeset import about_exponential, canonical_functions, sigma_prime_notation, text
    from gradproof.typeset import latex as tex_print

    steps = list(derivation.steps)
    lhs = getattr(derivation, "lhs", None)
    base_rows = derivation.latex()
    relations = [rel for rel, _tex, _why in base_rows]
    exprs = {}
    for i, step in enumerate(steps):
        e = canonical_functions(sp.sympify(step.expr))
        exprs[i] = e if about_exponential(step.why) else abbreviate_sigmoid(e)

    def tex_of(expr: Any) -> str:
        return tex_print(expr)

    texts = {i: tex_of(e) for i, e in exprs.items()}
    notation: list[str] = []
    definitions: list[tuple[Any, Any]] = []
    if any(_visible_length(t) > LONG_ROW_CHARS for t in texts.values()):
        long_rows = dict(exprs)
        if long_rows:
            taken = {s.name[:1] for e in exprs.values() for s in e.free_symbols}
            taken |= {  # the names of functions too: z(k) prints z_k
                f.func.__name__[:1] for e in exprs.values() for f in e.atoms(AppliedUndef)
            }
            letter = next((c for c in ("z", "u", "ζ") if c not in taken), "ζ")
            named, definitions = name_sigmoid_arguments(long_rows, letter)
            for i, e in named.items():
                exprs[i] = e
                texts[i] = tex_of(e)
                if _visible_length(texts[i]) > LONG_ROW_CHARS and not about_exponential(
                    steps[i].why
                ):  # still too long: σ(u)(1 − σ(u)) as σ′(u), the book's notation
                    exprs[i] = sigma_prime_notation(e)
                    texts[i] = tex_of(exprs[i])
            notation += [f"{tex_of(n)} = {tex_of(d)}" for n, d in definitions]
    rows = tuple(
        (relations[i], safe_latex(texts[i], text(exprs[i])), step.why, getattr(step, "source", ""))
        for i, step in enumerate(steps)
    )
    fallbacks = tuple(i for i, row in enumerate(rows) if row[1] != texts[i])
    lhs_tex = None
    lhs_expr = None
    if lhs is not None:
        lhs_expr = abbreviate_sigmoid(canonical_functions(sp.sympify(lhs)))
        lhs_tex = safe_latex(tex_of(lhs_expr), text(lhs))
    return DerivationDisplay(
        rows,
        lhs_tex,
        tuple(safe_latex(n, n) for n in notation),
        fallbacks,
        tuple(exprs[i] for i in range(len(steps))),
        lhs_expr,
        tuple(definitions),
    )


def derivation_rows(derivation: Any) -> list[tuple[str, str, str, str]]:
    """``(relation LaTeX, expression LaTeX, justification, source)`` for each step, guarded."""
    return list(derivation_display(derivation).rows)


def derivation_latex(derivation: Any, display: DerivationDisplay | None = None) -> str:
    r"""The chain as one ``array`` (columns: lhs, relation, expression, step number).

    ``aligned`` is not supported by latex2mathml, ``array`` is (it becomes a MathML ``mtable``).
    Row 1 holds the left-hand side (see :meth:`DerivationDisplay.table`). The pages use
    :func:`derivation_markdown` (justifications beside the rows); this form is for a LaTeX
    display (``_repr_latex_``).
    """
    display = display or derivation_display(derivation)
    lines = []
    for row in display.table():
        lines.append(f"{row.left} & {row.relation} & {row.expression} & \\quad {row.label()}")
    return "\\begin{array}{rcll}\n" + " \\\\\n".join(lines) + "\n\\end{array}"


def md_linked(text: str, claim_ids: Collection[str] = (), *, table: bool = False) -> str:
    """:func:`md_rich`, with each claim id of ``claim_ids`` named in ``text`` a link to the
    claim's section (a ``{ref}`` role: Sphinx resolves it on whichever family page the claim
    is)."""
    flat = " ".join(str(text).split())
    pattern = _claim_id_pattern(frozenset(claim_ids))
    if pattern is None or "`" in flat:  # no links inside code spans
        return md_rich(flat, table=table)
    out = []
    pos = 0
    for m in pattern.finditer(flat):
        out.append(_md_piece(flat[pos : m.start()], table))
        out.append(f"{{ref}}`{m.group(0)} <{m.group(0)}>`")
        pos = m.end()
    out.append(_md_piece(flat[pos:], table))
    return "".join(out)


def _md_piece(text: str, table: bool) -> str:
    """:func:`md_rich` of a piece of a sentence, keeping the spaces at its ends."""
    if not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead + md_rich(text, table=table) + trail


def _claim_id_pattern(claim_ids: frozenset[str]) -> re.Pattern[str] | None:
    """A regex matching any of ``claim_ids`` as a whole word (longest first), or None."""
    if not claim_ids:
        return None
    alternatives = "|".join(re.escape(c) for c in sorted(claim_ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w`])(?:{alternatives})(?![\w`])")


def derivation_markdown(derivation: Any, number: int = 1, claim_ids: Collection[str] = ()) -> str:
    """One derivation as MyST Markdown: title, assumptions, its sources (once), then a table
    whose rows are ``left-hand side | relation | expression | (n) justification``, the rows
    numbered 1, 2, … as their justifications. Claim ids of ``claim_ids`` named in the prose are
    links to the claims.

    Raises :class:`ValueError` when two consecutive rows print alike (see
    :meth:`DerivationDisplay.identical_rows`): a reader would see a step that does nothing.
    """
    display = derivation_display(derivation)
    same = display.identical_rows()
    if same:
        raise ValueError(f"derivation {getattr(derivation, 'title', '')!r}: " + "; ".join(same))
    table = display.table()
    out = [f"#### Derivation {number}: {md_rich(derivation.title)}", ""]
    if getattr(derivation, "assumptions", ""):
        out += [f"*Assumptions:* {md_linked(derivation.assumptions, claim_ids)}", ""]
    sources = display.sources()
    if sources:
        out += [f"*Source:* {md_text(sources)}", ""]
    out += ["```{list-table}", ":class: derivation", ""]
    for row in table:
        why = "; ".join(md_linked(text, claim_ids, table=True) for text in row.why if text)
        left = f"${row.left}$" if row.left else ""
        out += [
            f"* - {left}",
            f"  - ${row.relation}$",
            f"  - ${row.expression}$",
            f"  - {row.label()} {why}",
        ]
    out += ["```", ""]
    if display.notation:
        defs = ", ".join(f"${n}$" for n in display.notation)
        out += [f"*where* {defs}.", ""]
    if getattr(derivation, "conclusion", ""):
        out += [f"*Conclusion:* {md_linked(derivation.conclusion, claim_ids)}", ""]
    return "\n".join(out)


def formal_markdown(formal: Any) -> list[str]:
    """A claim's formal statement as Markdown lines: one display-math block per conjunct of its
    top-level ``∧``, each conjunct once, a long one broken at ⟹, ∧ and its relation sign
    (:func:`gradproof.typeset.statement_latex`), then its domain. Printed from the very relation
    the kernel proves (see :mod:`gradproof.logic`); never a text diagram."""
    from gradproof.claims import Empirical

    if isinstance(formal, Empirical) or not hasattr(formal, "relation"):
        return [f"**Formal statement.** {md_rich(formal.pretty())}", ""]
    from gradproof.typeset import statement_latex

    out = ["**Formal statement** (proved by the kernel on every run):", ""]
    for block in statement_latex(formal.relation):
        out += ["$$", block, "$$", ""]
    out += [f"*for* {md_rich(formal.domain)}.", ""]
    return out


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Rendered:
    """What was written: the page paths and the figures that could not be drawn (with why)."""

    pages: tuple[Path, ...]
    figures: tuple[Path, ...] = ()
    figure_errors: Mapping[str, str] = field(default_factory=dict)
    not_passed: tuple[str, ...] = ()
    #: presentation problems of derivations (see :meth:`DerivationDisplay.problems`), per claim
    display_problems: tuple[str, ...] = ()


def run_all(
    claims: Sequence[Claim], progress: Callable[[ClaimResult], None] | None = None
) -> dict[str, ClaimResult]:
    """Run every claim once, as ``gradproof verify`` does (under its hypothesis profile)."""
    from gradproof.claims import run_claim
    from gradproof.properties import verify_profile

    results: dict[str, ClaimResult] = {}
    for claim in claims:
        with verify_profile():
            result = run_claim(claim)
        results[claim.id] = result
        if progress is not None:
            progress(result)
    return results


def results_from_json(report: Mapping[str, Any] | str | Path) -> dict[str, ClaimResult]:
    """Results from a ``gradproof verify --json`` report (a dict, a JSON string or a file path)."""
    if isinstance(report, Path):
        data: Any = json.loads(report.read_text(encoding="utf-8"))
    elif isinstance(report, str):
        data = json.loads(report)
    else:
        data = report
    if not isinstance(data, Mapping) or not isinstance(data.get("claims"), list):
        raise ValueError(
            "report: expected the output of `gradproof verify --json` "
            '({"claims": [...], "passed": int, "failed": int})'
        )
    results: dict[str, ClaimResult] = {}
    for entry in data["claims"]:
        evidence = tuple(
            EvidenceResult(
                kind=e["kind"],
                ok=bool(e["ok"]),
                detail=str(e["detail"]),
                skipped=bool(e.get("skipped", False)),
                proves=bool(e.get("proves", False)),
                kernel_error=bool(e.get("kernel_error", False)),
            )
            for e in entry["evidence"]
        )
        status: Status = entry["status"]
        results[entry["id"]] = ClaimResult(
            entry["id"], entry["source"], status, evidence, float(entry["seconds"])
        )
    return results


# --------------------------------------------------------------------------- pages


def _status(result: ClaimResult | None) -> str:
    """The status as shown (plain words: emoji fonts are not everywhere); failures in capitals."""
    if result is None:
        return "not run"
    if result.skipped:  # an optional package was missing when the claim ran: not a failure
        return "skipped (optional package missing)"
    return result.status if result.passed else f"**{result.status.upper()}**"


# "(``shared/CLAIMS.md``, section …)" at the end of a module's first docstring line: a pointer
# for developers to a file outside the package, not part of a page title
_CLAIMS_FILE_REF = re.compile(r"\s*\((?:``)?(?:shared/)?CLAIMS\.md(?:``)?\b[^()]*\)$")


def family_title(family: str) -> str:
    """A family's title: the first line of its module's docstring (else the family name)."""
    from gradproof.registry import CLAIM_PACKAGES

    for package in CLAIM_PACKAGES:
        try:
            module = importlib.import_module(f"{package}.{family}")
        except Exception:
            continue
        doc = (module.__doc__ or "").strip()
        if doc:
            first = _CLAIMS_FILE_REF.sub("", doc.splitlines()[0].strip().rstrip("."))
            return f"{family}: {_rst_literals_to_md(first)}"
    return md_text(family)


def family_module(family: str) -> str:
    """The dotted name of the module that defines ``family`` (empty when none imports)."""
    from gradproof.registry import CLAIM_PACKAGES

    for package in CLAIM_PACKAGES:
        try:
            importlib.import_module(f"{package}.{family}")
        except Exception:
            continue
        return f"{package}.{family}"
    return ""


def claim_markdown(
    claim: Claim,
    result: ClaimResult | None,
    figure_files: Mapping[str, str] | None = None,
    shown: dict[str, str] | None = None,
    claim_ids: Collection[str] = (),
) -> str:
    """One claim's section (heading with an anchor named by the id, then everything about it).

    ``shown`` (figure name → claim id) records the figures already on the page: a figure named
    by several claims of a family is drawn once, at the first, and referred to from the others.
    Figures are numbered per page in the order drawn ("Figure 1 — caption"), as
    ``make docs-check`` requires.
    """
    out = [f"({claim.id})=", f"## `{claim.id}`", ""]
    out += [f"**Statement.** {md_rich(claim.statement)}", ""]
    if claim.formal is not None:
        out += formal_markdown(claim.formal)
    out += [f"**Source.** {md_text(claim.citation)} {cite_role(claim.source)}", ""]
    if claim.is_erratum:
        errata_link = "{doc}`errata page <errata>`"
        out += [f"**Erratum.** {md_rich(claim.erratum)} (see the {errata_link})", ""]
    if claim.notes:
        out += [f"**Notes.** {md_linked(claim.notes, set(claim_ids) - {claim.id})}", ""]
    kinds = ", ".join(f"`{k}`" for k in claim.kinds)
    out += [f"**Evidence kinds.** {kinds} — **status:** {_status(result)}", ""]
    derivations = [d for d in claim.derivations if hasattr(d, "latex")]
    if derivations:
        out += ["### Derivations", ""]
        for n, derivation in enumerate(derivations, 1):
            out.append(derivation_markdown(derivation, n, claim_ids))
    out += ["### Evidence", ""]
    ran = list(result.evidence) if result is not None else []
    for i, ev in enumerate(claim.checks):
        line = f"- **{ev.kind}** — {md_rich(ev.description)}"
        if i < len(ran):
            r = ran[i]
            mark = (
                "holds" if r.ok else "skipped" if r.skipped else ("raised" if r.raised else "FAILS")
            )
            line += f"  \n  *Result ({mark}):* {md_rich(r.detail)}"
        out.append(line)
    out.append("")
    figure_files = figure_files or {}
    shown = {} if shown is None else shown
    for name in claim.figures:
        # figures are numbered per page, in the order they are drawn: "Figure 2 — …"
        label = f"figure-{claim.family or 'claims'}-{name}"
        if name in shown:
            first, number = shown[name], list(shown).index(name) + 1
            out += [
                f"{{ref}}`Figure {number} <{label}>` (`{name}`) is shown above, with "
                f"{{ref}}`{first} <{first}>`.",
                "",
            ]
        elif name in figure_files:
            shown[name] = claim.id
            caption, alt = figure_caption(name)
            out += [
                f"```{{figure}} {figure_files[name]}",
                f":alt: {alt}",
                f":name: {label}",
                "",
                f"Figure {len(shown)} — {md_rich(caption)} (`gradproof plot {name}`)",
                "```",
                "",
            ]
        else:
            out += [
                f"*Figure `{name}` is not drawn here:* make it with `gradproof plot {name}`.",
                "",
            ]
    return "\n".join(out)


def cite_role(source: str) -> str:
    """A ``{cite:p}`` role linking the works of ``source`` to their References entries (one per
    work: Nielsen's chapters cite the book's one entry), or "" when none is a bibliography work."""
    from gradproof.citations import entries

    cited = entries(source)
    return "{cite:p}`" + ",".join(cited) + "`" if cited else ""


def figure_caption(name: str) -> tuple[str, str]:
    """``(caption, alt text)`` of a figure from its function's docstring: the first sentence
    or paragraph is the caption, the whole docstring (one line) the alt text."""
    from gradproof.figures import all_figures

    func = all_figures().get(name)
    doc = " ".join(((func.__doc__ or "") if func is not None else "").split())
    if not doc:
        return name, f"figure {name}"
    first = doc.split(". ")[0].rstrip(".") + "."
    alt = re.sub(r"[`*_|{}\\]", "", doc.replace(":func:", ""))
    return first, f"Figure {name}: {alt}"


def family_markdown(
    family: str,
    claims: Sequence[Claim],
    results: Mapping[str, ClaimResult],
    figure_files: Mapping[str, str] | None = None,
    claim_ids: Collection[str] = (),
) -> str:
    """The page of one family: title, module, a list of its claims, then each claim's section.

    ``claim_ids``: the claims of the whole site (their ids in prose become links)."""
    module = family_module(family)
    out = [f"# {family_title(family)}", ""]
    if module:
        out += [
            f"Claims defined in `{module}`, rendered from the objects `gradproof verify` checks.",
            "",
        ]
    for claim in claims:
        out.append(f"- {{ref}}`{claim.id} <{claim.id}>` — {md_rich(claim.statement)}")
    out.append("")
    shown: dict[str, str] = {}
    for claim in claims:
        out.append(claim_markdown(claim, results.get(claim.id), figure_files, shown, claim_ids))
    return "\n".join(out).rstrip("\n") + "\n"


def ledger_markdown(claims: Sequence[Claim], results: Mapping[str, ClaimResult]) -> str:
    """The claims ledger: one table row per claim (seconds rounded to 0.01 s)."""
    ok = sum(1 for c in claims if c.id in results and results[c.id].passed)
    total_seconds = sum(results[c.id].seconds for c in claims if c.id in results)
    out = [
        "# Claims ledger",
        "",
        f"{len(claims)} claims, {ok} proved or confirmed, {len(claims) - ok} not, in one run of "
        f"every claim ({total_seconds:.{LEDGER_SECONDS_DIGITS}f} s of checks). A claim is "
        "*proved* when a `symbolic` or `certified` check holds and none fails, *confirmed* when "
        "only `numeric`/`property` checks exist and all hold.",
        "",
        "```{table}",
        ":class: ledger",
        "",
        "| id | statement | source | evidence | status | seconds |",
        "| --- | --- | --- | --- | --- | ---: |",
    ]
    for c in claims:
        r = results.get(c.id)
        seconds = f"{r.seconds:.{LEDGER_SECONDS_DIGITS}f}" if r is not None else "–"
        out.append(
            f"| {{ref}}`{c.id} <{c.id}>` | {md_rich(c.statement, table=True)} | "
            f"{md_text(c.citation)} | "
            f"{', '.join(c.kinds)} | {_status(r)} | {seconds} |"
        )
    out.append("```")
    return "\n".join(out) + "\n"


_INLINE_MATH = re.compile(r"(\$[^$]+\$)")


def md_math_text(text: str, *, table: bool = False) -> str:
    """Prose with ``$…$`` LaTeX math (the errata's ``printed``/``exact``) as MyST: the math kept
    for the build's math engine, the prose as :func:`md_rich` writes it."""
    def prose(part: str) -> str:  # md_rich trims; the spaces around the math stay
        lead = " " if part[:1].isspace() else ""
        trail = " " if part[-1:].isspace() and part.strip() else ""
        return lead + md_rich(part, table=table) + trail

    parts = _INLINE_MATH.split(" ".join(str(text).split()))
    return "".join(p if i % 2 else prose(p) for i, p in enumerate(parts))


def _breakable(claim_id: str) -> str:
    """A claim id as link text that a narrow table cell may break after its underscores (a zero
    width space after each), never inside a word."""
    return claim_id.replace("_", "_\u200b")


def errata_markdown(claims: Sequence[Claim], results: Mapping[str, ClaimResult]) -> str:
    """The errata page: a table of every claim marked as an erratum (:attr:`Claim.is_erratum`).

    One row per erratum, in registry order: where (the corrected work, cited first in the
    claim's source, and the place in it), what the source prints (:attr:`Claim.printed`), what
    is true (:attr:`Claim.exact`), and the claim that decides it (linked to its section) with its
    status in the run that built the pages. Nothing run-dependent beyond the status, so the page
    is stable.
    """
    from gradproof.citations import parse_source

    errata = [c for c in claims if c.is_erratum]
    out = [
        "# Errata",
        "",
        "Where a source text is wrong. Each row is decided by a claim that `gradproof verify` "
        "checks like every other: its formal statement, proved by the trusted core, refutes "
        "what the source prints (exactly, or at a concrete point with closed numbers) and proves "
        "what is true. The claim's section gives the proof and the reasoning.",
        "",
    ]
    if not errata:
        out += ["No claim among these records an erratum.", ""]
        return "\n".join(out).rstrip("\n") + "\n"
    out += [
        "```{table}",
        ":class: errata",
        "",
        "| where | the source prints | what is true | decided by |",
        "| --- | --- | --- | --- |",
    ]
    for c in errata:
        first = parse_source(c.source)[0]  # the work corrected (cited first, tested)
        where = md_text(first.readable())
        if first.work.entry:  # linked to its References entry
            where += f" {{cite:p}}`{first.work.entry}`"
        out.append(
            f"| {where} | {md_math_text(c.printed, table=True)} | "
            f"{md_math_text(c.exact, table=True)} | {{ref}}`{_breakable(c.id)} <{c.id}>` "
            f"({_status(results.get(c.id))}) |"
        )
    out.append("```")
    return "\n".join(out).rstrip("\n") + "\n"


def index_markdown(families: Iterable[str]) -> str:
    """The generated section's index: the ledger and one page per family."""
    lines = [
        "# Claims and derivations",
        "",
        "Generated by `gradproof render` from the claims `gradproof verify` checks.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        "ledger",
    ]
    lines += list(families)
    lines.append("```")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- driver


def families_of(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    """Claims grouped by family, in claim (registry) order."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.family or "unsorted", []).append(claim)
    return groups


def draw_figures(
    names: Iterable[str], out_dir: Path, log: Callable[[str], None] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Draw the named figures into ``out_dir/figures``; (name → relative path, name → error)."""
    from gradproof.figures import all_figures

    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}, {}
    offered = all_figures()
    done: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in wanted:
        func = offered.get(name)
        if func is None:
            errors[name] = "no claim module offers this figure"
            continue
        if log is not None:
            log(f"figure {name}")
        try:
            path = func(out_dir / "figures")
        except OSError:  # the environment (a full disk …): the fault policy, exit 2
            raise
        except Exception as exc:  # a figure must not take the docs down; reported instead
            errors[name] = f"{type(exc).__name__}: {exc}"
            continue
        done[name] = path.relative_to(out_dir).as_posix()
    return done, errors


def render(
    out_dir: Path,
    claims: Sequence[Claim] | None = None,
    results: Mapping[str, ClaimResult] | None = None,
    *,
    figures: bool = True,
    skip_figures: Iterable[str] = (),
    log: Callable[[str], None] | None = None,
) -> Rendered:
    """Write the family pages, ``ledger.md`` and ``index.md`` into ``out_dir``.

    ``claims`` defaults to every registered claim (``gradproof.registry.all_claims``);
    ``results`` to one run of them (:func:`run_all`). Claims missing from ``results`` are shown
    as "not run". ``figures=False`` skips drawing (the pages then say how to draw them).

    Raises :class:`ValueError`, before writing anything, when a derivation has two consecutive
    rows that print alike (:meth:`DerivationDisplay.identical_rows`).
    """
    from gradproof.registry import all_claims

    claims = list(all_claims() if claims is None else claims)
    displays = [
        (claim, derivation, derivation_display(derivation))
        for claim in claims
        for derivation in claim.derivations
        if hasattr(derivation, "latex")
    ]
    identical = [
        f"{claim.id}: derivation {getattr(derivation, 'title', '')!r}: {problem}"
        for claim, derivation, display in displays
        for problem in display.identical_rows()
    ]
    if identical:
        raise ValueError("; ".join(identical))
    claim_ids = {c.id for c in claims}
    if results is None:
        results = run_all(claims, None if log is None else lambda r: log(f"{r.id}: {r.status}"))
    out_dir.mkdir(parents=True, exist_ok=True)
    skip = set(skip_figures)
    figure_files: dict[str, str] = {}
    figure_errors: dict[str, str] = {}
    if figures:
        names = [n for c in claims for n in c.figures if n not in skip]
        figure_files, figure_errors = draw_figures(names, out_dir, log)
    pages: list[Path] = []
    groups = families_of(claims)
    for family, members in groups.items():
        path = out_dir / f"{family}.md"
        atomic_write_text(path, family_markdown(family, members, results, figure_files, claim_ids))
        pages.append(path)
    ledger = out_dir / "ledger.md"
    atomic_write_text(ledger, ledger_markdown(claims, results))
    index = out_dir / "index.md"
    atomic_write_text(index, index_markdown(groups))
    errata = out_dir / "errata.md"  # in the toctree of docs/index.md
    atomic_write_text(errata, errata_markdown(claims, results))
    display_problems = tuple(
        f"{claim.id}: derivation {getattr(derivation, 'title', '')!r}: {problem}"
        for claim, derivation, display in displays
        for problem in display.problems()
    )
    return Rendered(
        (index, ledger, errata, *pages),
        tuple(out_dir / p for p in figure_files.values()),
        figure_errors,
        tuple(c.id for c in claims if c.id not in results or not results[c.id].passed),
        display_problems,
    )
