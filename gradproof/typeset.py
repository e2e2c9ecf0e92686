"""The one printer of gradproof's mathematics: SymPy expressions and plain-text names as LaTeX.

Every page, notebook display (``_repr_latex_``/``_repr_html_``) and terminal view of a
derivation prints its expressions through this module, so the typesetting rules of the
contributing page hold everywhere and are enforced here rather than fixed page by page:

* **σ as a function.** ``1/(1 + e^{−u})`` prints as σ(u) and ``e^{−u}/(1 + e^{−u})²`` as σ′(u)
  (:func:`sigmoid_notation`), except in a row whose justification writes the exponential
  (``e^…``): that row is *about* the exponential form and shows it. Functions the proofs name
  σ, ``sigma``, σ′ or ``sigma'`` print as σ(·) and σ′(·).
* **Multi-letter names upright**: a symbol or function named ``width``, ``ReLU``, ``KL`` prints
  in roman type (``\\mathrm``/``\\operatorname``), never as a product of italic letters.
* **One logarithm**: ``ln`` (SymPy's ``log`` is the natural logarithm).
* **Indexed inputs**: ``x_j[i]`` (an ``IndexedBase`` named ``x_j``) prints as x_j^{(i)}; an
  index on a plain base (``y[i]``) as a subscript y_i.
* **Averages in front**: ``(Σ …)/n`` prints as ``(1/n) Σ …``, so no sum sits inside a fraction.
* **Plain-text names** (symbols the proofs name like ``∂C/∂b1``, ``|Π_{L+1}|``,
  ``(ReLU(z + h) − ReLU(z))/h``) are converted by :func:`text_to_latex`: Unicode sub- and
  superscripts become scripts, ``A/B`` a fraction, known words upright, bars stay whole.

This module imports SymPy at import time: the renderer and the display methods import it
inside their functions.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

#: Multi-letter words of the texts' notation printed upright in plain-text names.
UPRIGHT_WORDS: tuple[str, ...] = (
    "ReLU",
    "width",
    "erf",
    "max",
    "min",
    "exp",
    "KL",
    "sign",
    "tanh",
    "softmax",
)
_SIGMA_NAMES = {"σ", "sigma", "Sigma"}
_SIGMA_PRIME_NAMES = {"σ′", "sigma'", "σ'", "sigma_prime", "SigmaPrime"}

SIGMA = sp.Function("σ")
SIGMA_PRIME = sp.Function("σ′")

_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋ⱼₖᵢₙ", "0123456789+-jkin", strict=True))
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᴸᵀⁿ", "0123456789+-LTn", strict=True))
_CHARS = {
    "−": "-",
    "∂": r"\partial ",
    "‖": r"\| ",
    "·": r"\cdot ",
    "≤": r"\le ",
    "≥": r"\ge ",
    "≠": r"\ne ",
    "∏": r"\prod",
    "Σ": r"\Sigma ",
    "Π": r"\Pi ",
    "Δ": r"\Delta ",
    "δ": r"\delta ",
    "σ": r"\sigma ",
    "ε": r"\varepsilon ",
    "θ": r"\theta ",
    "ξ": r"\xi ",
    "φ": r"\varphi ",
    "′": "'",
    "″": "''",
    "‴": "'''",
}


def _scripts(text: str) -> str:
    """Runs of Unicode sub/superscript characters → ``_{…}`` / ``^{…}``."""
    out: list[str] = []
    i = 0
    while i < len(text):
        for table, op in ((_SUBSCRIPTS, "_"), (_SUPERSCRIPTS, "^")):
            j = i
            while j < len(text) and text[j] in table:
                j += 1
            if j > i:
                out.append(op + "{" + "".join(table[c] for c in text[i:j]) + "}")
                i = j
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_WORD = re.compile(r"(?<![A-Za-z\\])(" + "|".join(UPRIGHT_WORDS) + r"|ln)(?![A-Za-z])")
_BARE_SUB = re.compile(r"_([A-Za-z0-9])(?![A-Za-z0-9{])")
_BARE_SUB_DIGITS = re.compile(r"(?<=[A-Za-z])(\d+)(?![\d}])")


def _atom_latex(text: str) -> str:
    """One plain-text piece (no top-level ``/``) as LaTeX."""
    tex = _scripts(text)
    tex = _WORD.sub(
        lambda m: r"\ln " if m.group(1) == "ln" else rf"\operatorname{{{m.group(1)}}}", tex
    )
    tex = _BARE_SUB_DIGITS.sub(r"_{\1}", tex)
    tex = _BARE_SUB.sub(r"_{\1}", tex)
    tex = "".join(_CHARS.get(c, c) for c in tex)
    plain_bars = tex.count("|") == 2 and r"\|" not in tex  # ‖x‖ (→ \| x\|) is a norm, kept
    tex = tex.replace("|", r"\left|", 1) if plain_bars else tex
    if r"\left|" in tex:
        tex = tex[::-1].replace("|", "|thgir\\", 1)[::-1]
    return re.sub(r" +", " ", tex).strip()


def text_to_latex(name: str) -> str:
    r"""LaTeX for a plain-text math name as the proofs write them.

    ``∂C/∂b1`` → ``\frac{\partial C}{\partial b_{1}}``; ``|Π_{L+1}|`` → ``\left|\Pi _{L+1}\right|``;
    ``width`` → ``\operatorname{width}``; ``δᴸ_j`` → ``\delta ^{L}_{j}``. A name with one
    top-level ``/`` between two parts (outside brackets and bars) becomes a fraction.
    """
    depth = 0
    bars = 0
    cut = -1
    for i, c in enumerate(name):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "|":
            bars += 1
        elif c == "/" and depth == 0 and bars % 2 == 0:
            if cut >= 0:
                cut = -2
                break
            cut = i
    if cut > 0:
        num, den = name[:cut].strip(), name[cut + 1 :].strip()
        if num.startswith("(") and num.endswith(")") and num.count("(") == num.count(")"):
            inner = num[1:-1]
            if inner.count("(") == inner.count(")"):
                num = inner
        return rf"\frac{{{_atom_latex(num)}}}{{{_atom_latex(den)}}}"
    return _atom_latex(name)


def _is_plain_identifier(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z]+(_[A-Za-z0-9]+|\d+)?", name) is not None


_GREEK = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
}


class GradproofLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the rules of the module docstring."""

    def _print_Symbol(self, expr: Any, style: str = "plain") -> str:
        name = expr.name
        if name in self._settings.get("symbol_names", {}):
            return str(self._settings["symbol_names"][name])
        m = re.match(r"[A-Za-z]*", name)
        base = m.group(0) if m else ""
        if _is_plain_identifier(name) and len(base) > 1 and base.lower() not in _GREEK:
            rest = name[len(base) :]
            sub = ""
            if rest.startswith("_"):
                sub = "_{" + rest[1:] + "}"
            elif rest:
                sub = "_{" + rest + "}"
            return rf"\mathrm{{{base}}}{sub}"
        if _is_plain_identifier(name) or re.fullmatch(r"[^\W\d_]", name):
            return str(super()._print_Symbol(expr, style))
        return text_to_latex(name)

    def _print_log(self, expr: Any, exp: Any = None) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        simple = arg.is_Symbol or arg.is_Indexed or arg.is_Function
        tex = rf"\ln {inner}" if simple else rf"\ln\left({inner}\right)"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _print_Function(self, expr: Any, exp: Any = None) -> str:
        name = expr.func.__name__
        if is_index_function(expr):  # w(k) → w_k: a quantity of layer k, as the book writes it
            tex = rf"{name}_{{{self._print(expr.args[0])}}}"
            return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"
        args = ", ".join(self._print(a) for a in expr.args)
        if name in _SIGMA_NAMES:
            head = r"\sigma"
        elif name in _SIGMA_PRIME_NAMES:
            head = r"\sigma'"
        elif not _is_plain_identifier(name) and len(name) > 1:
            head = text_to_latex(name)
        else:
            return str(super()._print_Function(expr, exp))
        tex = rf"{head}\left({args}\right)"
        return tex if exp is None else rf"{tex}^{{{exp}}}"

    def _print_Subs(self, subs: Any) -> str:
        # one substitution: (d/dβ f)|_{β = b_j}, without the \substack latex2mathml makes a row of
        expr, old, new = subs.args
        if len(old) != 1:
            return str(super()._print_Subs(subs))
        at = f"{self._print(old[0])} = {self._print(new[0])}"
        return rf"\left. {self._print(expr)} \right|_{{{at}}}"

    def _print_Indexed(self, expr: Any) -> str:
        base_name = str(expr.base.label)
        base = self._print(sp.Symbol(base_name))
        index = ", ".join(self._print(i) for i in expr.indices)
        if "_" in base_name or "_{" in base:
            return rf"{base}^{{({index})}}"
        return rf"{base}_{{{index}}}"

    def _print_Mul(self, expr: Any) -> str:
        # (Σ …)/n → \frac{1}{n} Σ …: no sum inside a fraction
        num, den = expr.as_numer_denom()
        if den != 1 and den.is_Symbol and isinstance(num, sp.Sum):
            return rf"\frac{{1}}{{{self._print(den)}}} {self._print(num)}"
        if (
            den != 1
            and den.is_Symbol
            and num.is_Mul
            and num.args[0] == -1
            and isinstance(sp.Mul(*num.args[1:]), sp.Sum)
        ):
            return rf"-\frac{{1}}{{{self._print(den)}}} {self._print(sp.Mul(*num.args[1:]))}"
        return str(super()._print_Mul(expr))


def is_index_function(expr: Any) -> bool:
    """True for an undefined function of one letter at one integer argument, e.g. ``w(k)``,
    ``z(L + 1)``: a quantity of a layer, printed with a subscript (w_k, z_{L+1}) as the book
    writes it."""
    from sympy.core.function import AppliedUndef

    return (
        isinstance(expr, AppliedUndef)
        and re.fullmatch(r"[A-Za-z]", expr.func.__name__) is not None
        and len(expr.args) == 1
        and expr.args[0].is_integer is True
    )


def latex(expr: Any, **settings: Any) -> str:
    """``expr`` as LaTeX by :class:`GradproofLatexPrinter` (``symbol_names`` keyed by name)."""
    names = settings.pop("symbol_names", {}) or {}
    keyed = {getattr(k, "name", str(k)): v for k, v in names.items()}
    return str(GradproofLatexPrinter({"symbol_names": keyed, **settings}).doprint(expr))


# --------------------------------------------------------------------------- σ notation


def map_subexpressions(expr: Any, match: Any, replace: Any) -> Any:
    """``expr`` with every sub-expression ``x`` where ``match(x)`` replaced by ``replace(x)``,
    inner first; the sums, products and powers around a replacement are rebuilt unevaluated, so
    the form a step shows (an uncancelled quotient, a kept product) survives the rewriting."""
    if getattr(expr, "args", ()) and not isinstance(expr, sp.Indexed):
        new = [map_subexpressions(a, match, replace) for a in expr.args]
        if not all(n is a for n, a in zip(new, expr.args, strict=True)):
            if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)):
                expr = expr.func(*new, evaluate=False)
            else:
                expr = expr.func(*new)
    return replace(expr) if match(expr) else expr


def _is_sigmoid_power(e: Any) -> bool:
    """``(1 + e^{a})^{−n}`` (n a positive integer), i.e. σ(−a)^n."""
    return (
        isinstance(e, sp.Pow)
        and e.exp.is_Integer is True
        and e.exp < 0
        and isinstance(e.base, sp.Add)
        and len(e.base.args) == 2
        and sp.S.One in e.base.args
        and any(isinstance(a, sp.exp) for a in e.base.args)
    )


def _exp_arg(base: Any) -> Any:
    return next(a for a in base.args if isinstance(a, sp.exp)).args[0]


def _sigma_prime_in_mul(e: Any) -> bool:
    """A product with factors ``e^{a}`` and ``(1 + e^{a})^{−2}``: σ′(−a) times the rest."""
    if not isinstance(e, sp.Mul):
        return False
    exps = {f.args[0] for f in e.args if isinstance(f, sp.exp)}
    return any(_is_sigmoid_power(f) and f.exp == -2 and _exp_arg(f.base) in exps for f in e.args)


def _as_sigma_prime(e: Any) -> Any:
    args = list(e.args)
    for f in args:
        if _is_sigmoid_power(f) and f.exp == -2:
            a = _exp_arg(f.base)
            exp_factor = next(g for g in args if isinstance(g, sp.exp) and g.args[0] == a)
            if exp_factor is not None:
                args.remove(f)
                args.remove(exp_factor)
                if not args:
                    return SIGMA_PRIME(-a)
                return sp.Mul(*args, SIGMA_PRIME(-a), evaluate=False)
    return e  # pragma: no cover - guarded by _sigma_prime_in_mul


def sigmoid_notation(expr: Any) -> Any:
    """``expr`` with ``e^{−u}/(1 + e^{−u})²`` written σ′(u) and ``(1 + e^{−u})^{−n}`` σ(u)^n.

    Exactly equal (σ and σ′ are undefined functions; substituting their definitions gives
    ``expr`` back). Unevaluated wrappers are kept, so a row keeps the form the step shows.
    """
    e = sp.sympify(expr)
    e = map_subexpressions(e, _sigma_prime_in_mul, _as_sigma_prime)
    return map_subexpressions(e, _is_sigmoid_power, lambda p: SIGMA(-_exp_arg(p.base)) ** (-p.exp))


def _collapse_mul(e: Any) -> Any:
    args = list(e.args)
    changed = False
    for f in list(args):
        if isinstance(f, sp.Function) and f.func == SIGMA and f in args:
            partner = 1 - f
            if partner in args:
                args.remove(f)
                args.remove(partner)
                args.append(SIGMA_PRIME(*f.args))
                changed = True
    return sp.Mul(*args, evaluate=False) if changed else e


def sigma_prime_notation(expr: Any) -> Any:
    """``expr`` with each product ``σ(u)(1 − σ(u))`` written σ′(u) (proved equal by the claim
    ``sigmoid_prime_eq``); used only for rows still too long after naming, and only when the
    rewriting absorbs every σ(u) of the row (a row that still shows σ(u) is about σ(1 − σ),
    e.g. a cancellation, and keeps it)."""
    e = sp.sympify(expr)
    collapsed = map_subexpressions(e, lambda x: isinstance(x, sp.Mul), _collapse_mul)
    primed = {f.args for f in collapsed.atoms(sp.Function) if f.func == SIGMA_PRIME}
    left = {f.args for f in collapsed.atoms(sp.Function) if f.func == SIGMA}
    new = primed - {f.args for f in e.atoms(sp.Function) if f.func == SIGMA_PRIME}
    return e if new & left else collapsed


def canonical_functions(expr: Any) -> Any:
    """Functions the proofs name σ/sigma (σ′/sigma') as :data:`SIGMA` (:data:`SIGMA_PRIME`)."""

    def head(x: Any) -> Any:
        if not isinstance(x, sp.Function):
            return None
        name = getattr(x.func, "__name__", "")
        if name in _SIGMA_NAMES and x.func != SIGMA:
            return SIGMA
        if name in _SIGMA_PRIME_NAMES and x.func != SIGMA_PRIME:
            return SIGMA_PRIME
        return None

    return map_subexpressions(
        sp.sympify(expr), lambda x: head(x) is not None, lambda x: head(x)(*x.args)
    )


_EXPONENTIAL_WORDS = re.compile(r"e\^|\bexp\b|e\s*\^|exponential")


def about_exponential(justification: str) -> bool:
    """True when a step's justification writes the exponential (``e^…``, exp): the row then
    shows σ's exponential form instead of σ(u)."""
    return _EXPONENTIAL_WORDS.search(justification) is not None


def pretty(expr: Any, width: int = 100) -> str:
    """A Unicode pretty print of ``expr`` (for the terminal), with the same rules: σ(u), σ′(u),
    ln, indexed inputs x_j⁽ⁱ⁾. ``expr`` is printed as given (pass the display form)."""
    from sympy.printing.pretty.pretty import PrettyPrinter

    class _Pretty(PrettyPrinter):
        def _print_log(self, e: Any) -> Any:
            return self._print_Function(sp.Function("ln")(*e.args))

        def _print_Symbol(self, e: Any, bold_name: bool = False) -> Any:
            name = re.sub(r"\^\{\((\w)\)\}", lambda m: "⁽" + _SUP_OUT.get(m[1], m[1]) + "⁾", e.name)
            return super()._print_Symbol(sp.Symbol(name) if name != e.name else e, bold_name)

        def _print_Function(self, e: Any, sort: bool = False, func_name: Any = None) -> Any:
            if is_index_function(e):  # w(k) → w_k
                index = sp.sstr(e.args[0]).replace(" ", "")
                if all(c in _SUB_OUT for c in index):
                    return self._print(
                        sp.Symbol(e.func.__name__ + "".join(_SUB_OUT[c] for c in index))
                    )
                return self._print(sp.Symbol(f"{e.func.__name__}_{index}"))
            return super()._print_Function(e, sort, func_name)

        def _print_Indexed(self, e: Any) -> Any:
            label = str(e.base.label)
            index = ",".join(str(i) for i in e.indices)
            sup = "".join(_SUP_OUT.get(c, c) for c in f"({index})")
            name = (
                label + sup
                if "_" in label
                else label + "".join(_SUB_OUT.get(c, "_" + c) for c in index)
            )
            return self._print(sp.Symbol(name))

    printer = _Pretty({"use_unicode": True, "num_columns": width, "wrap_line": True})
    return str(printer.doprint(expr))


_SUP_OUT = dict(zip("0123456789+-()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁱⁿ", strict=True))
_SUB_OUT = dict(zip("0123456789+-ijkn", "₀₁₂₃₄₅₆₇₈₉₊₋ᵢⱼₖₙ", strict=True))
