"""``gradproof.check_steps`` / ``gradproof check-steps``: check a whole derivation link by link.

The plain-text format (fixed, so documents written today keep working)::

    dC/dw1
      = -(y/σ(z1) - (1 - y)/(1 - σ(z1))) * σ'(z1) * x     # chain rule
      = x*(σ(z1) - y)                                     # σ' = σ(1 - σ)

* the first non-empty line is the starting expression; every further line starts with a relation
  ``=``, ``<=``, ``<``, ``>=``, ``>`` (or ``≤``, ``≥``) followed by an expression;
* text after ``#`` is that link's justification; blank (and comment-only) lines are ignored;
* expressions use the syntax and variables of ``gradproof check`` (the same whitelist parser and
  limits, :mod:`gradproof.checker.parser`) plus ``abs(...)`` and **derivative atoms**
  (:mod:`gradproof.checker.atoms`): ``dC/dw1``, ``dC/da4``, ``d(a4)/d(z4)``, ``∂C/∂w₁`` …

A LaTeX derivation (an ``align``/``aligned`` environment) is translated into the same syntax by
:mod:`gradproof.checker.latex` first. Every link ``eᵢ₋₁ R eᵢ`` is checked by
:func:`gradproof.checker.links.link_job` in the checker's time-limited worker process; the
summary compares the first and the last line too (and, when the first line is a derivative atom
or ``derivative=`` names one, the last line with the true derivative).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gradproof import presenters
from gradproof.checker.lines import Line, StepsInputError, looks_like_latex, parse_plain
from gradproof.checker.network import KERNEL_ERROR, CheckInputError
from gradproof.safety import clip

DEFAULT_TOTAL_TIMEOUT = 300.0


def composite(relations: Sequence[str]) -> str | None:
    """The relation between the first and the last line implied by a chain of relations."""
    kinds = {r for r in relations if r != "="}
    if not kinds:
        return "="
    if kinds <= {"<=", "<"}:
        return "<" if "<" in kinds else "<="
    if kinds <= {">=", ">"}:
        return ">" if ">" in kinds else ">="
    return None


# ============================================================ results


@dataclass(frozen=True)
class LinkResult:
    """The verdict on one link ``left R right`` (line numbers of the input)."""

    index: int
    line: int
    relation: str
    left: str
    right: str
    note: str
    status: str  # proved / refuted / undecided / kernel-error
    detail: str
    point: dict[str, str] | None = None
    left_value: str | None = None
    right_value: str | None = None
    seconds: float = 0.0
    left_latex: str = ""
    right_latex: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "line": self.line,
            "relation": self.relation,
            "left": self.left,
            "right": self.right,
            "justification": self.note,
            "status": self.status,
            "detail": self.detail,
            "point": None if self.point is None else dict(self.point),
            "left_value": self.left_value,
            "right_value": self.right_value,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class StepsResult:
    """Every link's verdict, the end-to-end checks and a summary naming the first wrong link."""

    links: tuple[LinkResult, ...]
    network: dict[str, object]
    assumptions: tuple[str, ...]
    definitions: tuple[str, ...]
    summary: str
    case: str
    first_wrong: int | None
    overall: LinkResult | None = None
    target: str | None = None
    target_check: LinkResult | None = None
    seconds: float = 0.0
    lines: tuple[Line, ...] = field(default=(), repr=False)

    @property
    def status(self) -> str:
        """``kernel-error`` (the sanity net found a proved link — or the end-to-end check — false
        at a point: a bug in the prover, it outranks every verdict), ``proved`` (every link),
        ``refuted`` (a link, or the end against ``derivative=``), else ``undecided``."""
        checked = [*self.links, self.overall, self.target_check]
        if any(r is not None and r.status == KERNEL_ERROR for r in checked):
            return KERNEL_ERROR
        if any(r.status == "refuted" for r in self.links):
            return "refuted"
        if self.target_check is not None and self.target_check.status == "refuted":
            return "refuted"
        if all(r.status == "proved" for r in self.links):
            return "proved"
        return "undecided"

    @property
    def end_check(self) -> LinkResult | None:
        """The check "last line = the true derivative" (the first-to-last check when the first
        line is the derivative atom itself), or None when there is no derivative to compare."""
        if self.target_check is not None:
            return self.target_check
        if self.target is not None and self.overall is not None and self.overall.relation == "=":
            return self.overall
        return None

    @property
    def exit_code(self) -> int:
        """0 every link proved, 1 refuted, 3 undecided, 4 kernel error (2 is bad input,
        raised)."""
        return {"proved": 0, "refuted": 1, "undecided": 3, KERNEL_ERROR: 4}[self.status]

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "case": self.case,
            "summary": self.summary,
            "first_wrong_link": self.first_wrong,
            "network": dict(self.network),
            "assumptions": list(self.assumptions),
            "definitions": list(self.definitions),
            "links": [r.as_json() for r in self.links],
            "overall": None if self.overall is None else self.overall.as_json(),
            "derivative": self.target,
            "end_equals_derivative": None if self.end_check is None else self.end_check.as_json(),
            "seconds": round(self.seconds, 3),
        }

    def __repr__(self) -> str:
        wrong = f", first wrong link {self.first_wrong}" if self.first_wrong is not None else ""
        return f"<StepsResult {len(self.links)} links{wrong} [{self.status}]>"

    def __str__(self) -> str:  # what `gradproof check-steps` prints
        return report(self)

    # ------------------------------------------------------------ display (notebooks)

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        from gradproof.render import text_latex

        rows = []
        first = self.links[0] if self.links else None
        if first is not None:
            rows.append(("", first.left_latex or text_latex(first.left), "", "", ""))
        for r in self.links:
            rel = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}[r.relation]
            rows.append(
                (rel, r.right_latex or text_latex(r.right), r.status, r.note, _point_text(r))
            )
        return rows

    def _repr_latex_(self) -> str:
        from gradproof.render import text_latex

        body = []
        for rel, tex, status, note, _ in self._rows():
            tail = f" && {text_latex(status.upper())}" if status else ""
            if note:
                tail += r" \quad " + text_latex(note)
            body.append(f"&{rel} {tex}{tail}")
        return "$$\\begin{aligned}\n" + " \\\\\n".join(body) + "\n\\end{aligned}$$"

    def _repr_html_(self) -> str | None:  # Jupyter: the chain as MathML rows with their verdicts
        return presenters.present(self, presenters.HTML)  # gradproof.checker.show registers it


def report(result: StepsResult) -> str:
    """What ``gradproof check-steps`` prints for ``result`` (and ``str(result)``)."""
    from gradproof.checker.links import RELATION_TEXT

    out: list[str] = []
    out.append(f"derivation for a {result.network['description']}")
    if result.assumptions:
        out.append(f"  assuming   {'; '.join(result.assumptions)}")
    out.append(f"  where      {'; '.join(result.definitions)}")
    if result.links:
        out.append(f"  line {result.lines[0].number}: {result.links[0].left}")
    for r in result.links:
        rel = RELATION_TEXT[r.relation]
        note = f"   # {r.note}" if r.note else ""
        out.append(
            f"  link {r.index} (line {r.line}): {rel} {r.right}{note}\n"
            f"      {r.status.upper()} ({r.seconds:.2f} s)"
        )
        if r.status in ("refuted", "kernel-error") and r.point is not None:
            point = ", ".join(f"{k} = {v}" for k, v in r.point.items())
            if r.status == "kernel-error":
                out.append("      a bug in gradproof: the sanity net finds the proved link false")
            out.append(f"      at {point}")
            out.append(f"      left:  {r.left_value}")
            out.append(f"      right: {r.right_value}")
        else:
            out.append(f"      {r.detail}")
    out.append(f"SUMMARY: {result.summary}")
    return "\n".join(out)


def _point_text(r: LinkResult) -> str:
    if r.point is None:
        return ""
    pt = ", ".join(f"{k} = {v}" for k, v in r.point.items())
    return f"{pt}: left {r.left_value}, right {r.right_value}"


# ============================================================ display of one side


def side_structure(text: str, net: Any) -> tuple[Any, dict[Any, str]]:
    """One side read with its structure kept, and the LaTeX name of each of its symbols.

    The same parser as :func:`gradproof.checker.links.parse_side` (the same refusals), but σ,
    σ′, tanh, exp, log, abs … are unevaluated functions named as in the syntax
    (:data:`gradproof.checker.parser.STRUCTURE_FUNCTIONS`), ``sum(...)`` is one function of a
    generic pair, and ``z_j``, ``a_j``, ``n`` and each derivative atom are symbols (an atom's
    name is its text, ``dC/dw1``). Printed back by :func:`gradproof.checker.parser.to_plain`
    it parses again to the same object; :func:`side_latex` typesets it."""
    import sympy as sp

    from gradproof.checker.atoms import AtomTable, extract_atoms
    from gradproof.checker.parser import (
        STRUCTURE_FUNCTIONS,
        Scope,
        check_notation,
        parse_expression,
    )

    check_notation(text)
    body, atoms = extract_atoms(text)
    AtomTable(atoms, net, lambda a, p: sp.Integer(0))  # validates the atoms
    tex_names: dict[Any, str] = {}
    many = net.pairs is not None  # per-pair names then exist only inside sum(...)
    pair_tex = "^{(i)}" if many else ""

    def symbol(name: str, tex: str) -> Any:
        s = sp.Symbol(name, real=True)
        tex_names[s] = tex
        return s

    def q(x: Any) -> str:
        if x.kind == "C":
            return "C"
        base = "x" if x.name == "x" else f"{x.kind}_{{{x.index}}}"
        return base + (pair_tex if x.per_pair else "")

    def names(name: str, pair: Any) -> Any:
        m = re.fullmatch(r"__d([0-9]+)__", name)
        if m:
            atom = atoms[int(m.group(1))]
            if atom.per_pair and pair is None:
                raise CheckInputError(
                    f"{atom.text} belongs to one training pair: with pairs={net.pairs} use it"
                    " inside sum(...)"
                )
            tex = rf"\frac{{\partial {q(atom.top)}}}{{\partial {q(atom.bottom)}}}"
            return symbol(atom.text, tex)
        Scope(net, pair).lookup(name)  # the parser's own checks (unknown, outside sum …)
        m = re.fullmatch(r"([A-Za-z]+)_?([0-9]+)", name)
        if name == "n":
            return symbol("n", "n")
        if name in ("x", "y") or (m and m.group(1) == "a" and m.group(2) == "0"):
            plain = "y" if name == "y" else "x"
            return symbol(plain, plain + pair_tex)
        assert m is not None
        kind, index = m.group(1), m.group(2)
        tex = f"{kind}_{{{index}}}" + (pair_tex if kind in ("a", "z") else "")
        return symbol(f"{kind}{index}", tex)

    expr = parse_expression(body, net, names=names, functions=STRUCTURE_FUNCTIONS)
    return expr, tex_names


def side_latex(text: str, net: Any) -> str:
    """LaTeX of one side as the user wrote it (σ, a_j, z_j, sums and derivative atoms kept),
    in the notation that :mod:`gradproof.checker.latex` reads back exactly."""
    expr, tex_names = side_structure(text, net)
    return str(_side_latex_printer()({"symbol_names": tex_names}).doprint(expr))


#: the LaTeX of the syntax's function names (:func:`side_latex`)
_LATEX_NAMES = {
    "sigmoid": r"\sigma",
    "sigmoid_prime": r"\sigma'",
    "tanh": r"\tanh",
    "tanh_prime": r"\tanh'",
    "exp": r"\exp",
    "log": r"\ln",
    "ln": r"\ln",
    "relu": r"\operatorname{relu}",
    "relu_prime": r"\operatorname{step}",
    "step": r"\operatorname{step}",
}


def _side_latex_printer() -> Any:
    """The LaTeX printer of :func:`side_latex` (built on first use: SymPy is imported late)."""
    from sympy.printing.latex import LatexPrinter

    class SideLatexPrinter(LatexPrinter):
        r"""Nielsen's notation for the syntax's functions: σ(z), σ′(z), tanh, ln, exp, |u| and
        Σ over the training pairs; a power of a function's value is written after it,
        ``\sigma\left(z\right)^{2}`` (never ``\sigma^{2}(z)``, which is ambiguous)."""

        def _print_Function(self, expr: Any, exp: str | None = None) -> str:
            name = type(expr).__name__
            arg = self._print(expr.args[0])
            if name == "abs":
                out = rf"\left|{arg}\right|"
            elif name == "sum":
                out = rf"\left(\sum_{{i=1}}^{{n}} \left({arg}\right)\right)"
            else:
                out = rf"{_LATEX_NAMES.get(name, name)}\left({arg}\right)"
            return out if exp is None else f"{out}^{{{exp}}}"

    return SideLatexPrinter


# ============================================================ the public function


def parse_derivation(text: str, net: Any, latex: bool | None = None) -> list[Line]:
    """The lines of ``text`` (plain, or LaTeX when ``latex`` is True, or None and the text has
    a backslash or ``&``), every expression parsed once in ``net`` so that bad input is
    reported here, with its place, before any worker starts."""
    from gradproof.checker.links import parse_side

    if latex is None:
        latex = isinstance(text, str) and looks_like_latex(text)
    if latex:
        from gradproof.checker.latex import parse_latex

        lines = parse_latex(text)
    else:
        lines = parse_plain(text)
    for ln in lines:
        try:
            parse_side(ln.text, net)
        except StepsInputError:
            raise
        except CheckInputError as exc:
            raise StepsInputError(f"{exc} (in {ln.text[:60]!r})", ln.number, ln.column) from None
        except RecursionError:
            raise StepsInputError(
                "the expression is nested too deeply", ln.number, ln.column
            ) from None
    return lines


#: the longest ``derivative=`` accepted: a derivative atom (``dC/dw1``, ``d(a4)/d(z4)``,
#: ``\\frac{\\partial C}{\\partial w_1}``) is short; a longer text is refused before any work
MAX_DERIVATIVE_LENGTH = 200
#: seconds the command's own work (reading, display) may run past ``total_timeout`` before it
#: is stopped: the links' workers are stopped at ``total_timeout`` itself
TOTAL_TIMEOUT_GRACE = 3.0


class StepsTimeoutError(Exception):
    """The derivation could not even be read (parsed) within ``total_timeout``: no link was
    judged. The command line reports it as undecided (exit code 3)."""


def check_steps(
    text: str,
    *,
    layers: int = 1,
    activation: str = "sigmoid",
    cost: str = "quadratic",
    biases: bool = True,
    pairs: int | None = None,
    average: bool = False,
    assume: Sequence[str] = (),
    latex: bool | None = None,
    derivative: str | None = None,
    timeout: float = 30.0,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
    progress: bool = False,
    started: float | None = None,
) -> StepsResult:
    """Check the derivation ``text`` link by link (format: see the module docstring).

    The network options are those of :func:`gradproof.check`; ``assume`` holds domain
    assumptions (``"w1 > 0"``, ``"-1 < w2 < 1"``, ``"abs(dC/db3) > 0"``) used by every link;
    ``latex`` forces (True) or forbids (False) the LaTeX reading (None: LaTeX when the text has
    a backslash or ``&``); ``derivative`` (e.g. ``"dC/dw1"``) names what the first line is meant
    to be when it is not itself a derivative atom. Each link runs in the worker process for at
    most ``timeout`` s, the whole derivation for at most ``total_timeout`` s (the links left
    over are undecided). Example (Nielsen ch. 3, the cross-entropy cancels σ′)::

        >>> r = check_steps("dC/dw1\\n = x*(σ(z1) - y)", cost="cross_entropy")
        >>> r.status
        'proved'

    Raises :class:`StepsInputError` (a ``CheckInputError``, a ``ValueError``) for bad input,
    with the line and column. ``total_timeout`` counts from this call's start, reading the
    derivation included: if the work done in this process (parsing each line, which can take
    minutes for deeply nested input, and the display) outlasts it by
    :data:`TOTAL_TIMEOUT_GRACE` s, :class:`StepsTimeoutError` is raised (enforced in the main
    thread on POSIX systems; see :mod:`gradproof.limits`).

    Parameters
    ----------
    text : str
        The derivation: a starting expression, then one relation and expression per line.
    layers : int
        Number of neurons in the chain, 1–8.
    activation : {"sigmoid", "tanh", "relu"}
        The neurons' activation.
    cost : {"quadratic", "squared", "cross_entropy"}
        (y − a)²/2, (y − a)² or the cross-entropy (sigmoid only).
    biases : bool
        Whether the neurons have biases b1…bL.
    pairs : int or None
        None: one training pair (x, y); N (1–4): the cost summed over N pairs.
    average : bool
        With ``pairs``, the mean instead of the sum.
    assume : sequence of str
        Domain assumptions, e.g. ``"w1 > 0"``.
    latex : bool or None
        Force (True) or forbid (False) the LaTeX reading; None decides from the text.
    derivative : str or None
        What the first line is meant to be, when it is not a derivative atom.
    timeout : float
        Seconds per link.
    total_timeout : float
        Seconds for the whole derivation.
    progress : bool
        Show a progress bar.
    started : float or None
        The :func:`time.monotonic` time ``total_timeout`` counts from (the command line passes
        its process's start); None: this call.

    Returns
    -------
    StepsResult
        One result per link (proved, refuted with a point, undecided), the first wrong link
        and the overall ``status``.
    """
    from gradproof.checker.atoms import ATOM, extract_atoms
    from gradproof.checker.core import MAX_TIMEOUT, _run_with_timeout
    from gradproof.checker.links import RELATION_TEXT, link_job, parse_assumption, parse_side
    from gradproof.checker.network import Network
    from gradproof.limits import TimeLimitExceeded
    from gradproof.limits import deadline as time_limit

    start = time.perf_counter()
    if started is None:  # total_timeout counts from here, reading the input included
        started = time.monotonic()
    for name, value in (("timeout", timeout), ("total_timeout", total_timeout)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not 0 < value <= MAX_TIMEOUT
        ):
            raise StepsInputError(
                f"{name} must be a positive number of seconds, at most {MAX_TIMEOUT:g},"
                f" got {value!r}"
            )
    if isinstance(derivative, str) and len(derivative) > MAX_DERIVATIVE_LENGTH:
        raise StepsInputError(  # before any work (unwrapping its parentheses is quadratic)
            f"derivative must be a derivative atom like 'dC/dw1' (at most"
            f" {MAX_DERIVATIVE_LENGTH} characters), got a text of {len(derivative)} characters"
        )
    try:
        with time_limit(started + float(total_timeout) + TOTAL_TIMEOUT_GRACE):
            if isinstance(assume, str):
                assume = [assume]
            spec_net: dict[str, Any] = {
                "layers": layers,
                "activation": activation,
                "cost": cost,
                "biases": biases,
                "pairs": pairs,
                "average": average,
            }
            net = Network(**spec_net)
            lines = parse_derivation(text, net, latex)
            assumptions = []
            combined: dict[Any, Any] = {}
            for a in assume:
                try:
                    parsed = parse_assumption(a, net)
                    key = parse_side(parsed.expr, net)
                except CheckInputError as exc:
                    raise StepsInputError(f"--assume: {exc}") from None
                combined[key] = (
                    combined[key].meet(parsed.range) if key in combined else parsed.range
                )
                if combined[key].empty:
                    raise StepsInputError(
                        f"--assume: the assumptions on {parsed.expr} leave no value"
                    )
                assumptions.append(parsed.text)
            target = derivative
            first_atom = ATOM.fullmatch(_unwrapped(lines[0].text))
            if target is not None:
                if not isinstance(target, str) or not ATOM.fullmatch(_unwrapped(target)):
                    raise StepsInputError(
                        "derivative must be a derivative atom like 'dC/dw1', got "
                        + clip(repr(target))
                    )
                try:
                    parse_side(target, net)
                except CheckInputError as exc:
                    raise StepsInputError(f"derivative: {exc}") from None
            elif first_atom is not None:
                target = _unwrapped(lines[0].text)
            _, first_atoms = extract_atoms(lines[0].text)

            deadline = started + float(total_timeout)

            def run(left: Line | str, right: Line, relation: str, index: int) -> LinkResult:
                ltext = left if isinstance(left, str) else left.text
                t0 = time.perf_counter()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    answer: dict[str, Any] = {
                        "status": "undecided",
                        "detail": "not checked: the total time limit of"
                        f" {total_timeout:g} s was reached",
                    }
                else:
                    spec = {"network": spec_net, "relation": relation, "assumptions": assumptions}
                    answer = _run_with_timeout(
                        spec,
                        ltext,
                        right.text,
                        min(float(timeout), remaining),
                        progress,
                        job=link_job,
                    )
                    if answer["status"] == "invalid":
                        raise StepsInputError(str(answer["detail"]), right.number, right.column)
                past = time.monotonic() >= deadline
                return LinkResult(
                    index=index,
                    line=right.number,
                    relation=relation,
                    left=" ".join(ltext.split()),
                    right=" ".join(right.text.split()),
                    note=right.note,
                    status=answer["status"],
                    detail=str(answer["detail"]),
                    point=answer.get("point"),
                    left_value=answer.get("left_value"),
                    right_value=answer.get("right_value"),
                    seconds=time.perf_counter() - t0,
                    # past the deadline, no display work (the plain text is shown)
                    left_latex="" if past else _latex_or_empty(ltext, net),
                    right_latex="" if past else _latex_or_empty(right.text, net),
                )

            links = tuple(
                run(lines[i - 1], lines[i], str(lines[i].relation), i) for i in range(1, len(lines))
            )
            rel = composite([str(ln.relation) for ln in lines[1:]])
            overall = None
            if rel is not None and len(links) > 1:
                overall = run(lines[0], lines[-1], rel, 0)
            elif rel is not None:
                overall = links[0]
            target_check = None
            same_start = first_atom is not None and _unwrapped(lines[0].text) == _unwrapped(
                str(target)
            )
            if target is not None and rel == "=" and not same_start:
                target_check = run(target, lines[-1], "=", 0)
            first_wrong = next((r.index for r in links if r.status == "refuted"), None)
            case, summary = _summary(
                links,
                lines,
                rel,
                overall,
                target,
                target_check,
                first_wrong,
                bool(first_atoms),
                RELATION_TEXT,
            )
            return StepsResult(
                links=links,
                network={**spec_net, "description": net.describe()},
                assumptions=tuple(assumptions),
                definitions=net.definitions(),
                summary=summary,
                case=case,
                first_wrong=first_wrong,
                overall=overall,
                target=target,
                target_check=target_check,
                seconds=time.perf_counter() - start,
                lines=tuple(lines),
            )
    except TimeLimitExceeded:
        raise StepsTimeoutError(
            f"the derivation could not be read and checked within the total time limit of"
            f" {total_timeout:g} s (the expressions are too large or too deeply nested)"
        ) from None


def _unwrapped(text: str) -> str:
    """``text`` without surrounding blanks and outer parentheses, subscript digits as digits."""
    t = text.strip().translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
    while t.startswith("(") and t.endswith(")"):
        depth = 0
        for k, ch in enumerate(t):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and k < len(t) - 1:
                return t
        t = t[1:-1].strip()
    return t


def _latex_or_empty(text: str, net: Any) -> str:
    try:
        return side_latex(text, net)
    except Exception:  # display only: the plain text is shown instead
        return ""


def _summary(
    links: Sequence[LinkResult],
    lines: Sequence[Line],
    rel: str | None,
    overall: LinkResult | None,
    target: str | None,
    target_check: LinkResult | None,
    first_wrong: int | None,
    has_atom: bool,
    rel_text: dict[str, str],
) -> tuple[str, str]:
    """(case, sentence): ``kernel_error``, ``all_proved``, ``compensating``, ``wrong``,
    ``wrong_start``, ``undecided``."""
    broken = [
        r for r in (*links, overall, target_check) if r is not None and r.status == KERNEL_ERROR
    ]
    if broken:
        where = ", ".join(
            f"link {r.index} (line {r.line})"
            if r.index
            else f"the end-to-end check (line {r.line})"
            for r in broken
        )
        return "kernel_error", (
            f"KERNEL ERROR in {where}: the prover said proved, but the sanity net found the"
            " relation false at the point shown. This is a bug in gradproof (please report"
            " it); no verdict on this derivation can be trusted from this run."
        )
    n = len(links)
    all_links = "The link is" if n == 1 else f"All {n} links are"
    first, last = lines[0].text, lines[-1].text
    end = ""
    if rel is not None and overall is not None:
        end = f"the end result (line {lines[0].number} {rel_text[rel]} line {lines[-1].number})"
    end_status = overall.status if overall is not None else None
    about_target = ""
    if target is not None:
        tc = target_check or (overall if rel == "=" else None)
        if tc is not None:
            verdict = {
                "proved": "equals",
                "refuted": "does NOT equal",
                "undecided": "could not be compared with",
                KERNEL_ERROR: "could not be compared (a kernel error) with",
            }[tc.status]
            about_target = f" The last line {verdict} the true derivative {target}."
    if first_wrong is not None:
        wrong = links[first_wrong - 1]
        head = (
            f"Link {first_wrong} (line {wrong.line}: {rel_text[wrong.relation]} {wrong.right})"
            " is the first wrong link"
        )
        if end_status == "proved":
            return "compensating", (
                f"{head}, yet {end} holds: compensating errors — a wrong link, a correct end"
                f" result.{about_target}"
            )
        if end_status == "refuted":
            return "wrong", f"{head}; {end} is wrong too.{about_target}"
        if rel is None:
            return "wrong", (
                f"{head}; the links mix ≤ and ≥, so they imply no relation between the first"
                f" and the last line.{about_target}"
            )
        return "wrong", f"{head}; {end} is undecided.{about_target}"
    if all(r.status == "proved" for r in links):
        if target_check is not None and target_check.status == "refuted":
            return "wrong_start", (
                f"{all_links} proved, but the last line is not the true derivative"
                f" {target}: the first line ({first}) is not {target} — the derivation is right"
                " from a starting point that is not what was meant."
            )
        chain = f" so line {lines[0].number} {rel_text[rel]} line {lines[-1].number}" if rel else ""
        note = (
            ""
            if has_atom or target is not None
            else (
                " (The first line is not a derivative atom: name what it is meant to be with"
                " --derivative to check the end result against the true derivative.)"
            )
        )
        return (
            "all_proved",
            f"{all_links} proved,{chain} ({first} … {last}).{about_target}{note}",
        )
    undecided = [r.index for r in links if r.status != "proved"]
    return "undecided", (
        f"No link is refuted, but link(s) {', '.join(map(str, undecided))} could not be decided"
        f" in the time limit.{about_target}"
    )
