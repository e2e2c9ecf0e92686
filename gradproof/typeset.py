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
from typing import Any, ClassVar

import sympy as sp
from sympy.logic.boolalg import Boolean
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

#: Multi-letter words of the texts' notation printed upright in plain-text names.
UPRIGHT_WORDS: tuple[str, ...] = (
    "LeakyReLU",
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


_SCRIPTED_NAME = re.compile(r"([^\W\d_]+)((?:[_^](?:\{[^{}]*\}|[A-Za-z0-9]+))+)")
_SCRIPT = re.compile(r"([_^])(\{[^{}]*\}|[A-Za-z0-9]+)")


def name_latex(name: str) -> str | None:
    r"""LaTeX for a name with scripts as the proofs write them: ``w^L_jk`` → ``w^{L}_{jk}``,
    ``z_j^L`` → ``z_{j}^{L}``, ``a^{L-1}_k`` → ``a^{L-1}_{k}``; a subscript that is a word
    (``C_quad``, ``P_CE``, ``Δ_CE``) is upright: ``C_{\mathrm{quad}}``. None for other names."""
    m = _SCRIPTED_NAME.fullmatch(name)
    if m is None:
        return None
    out = text_to_latex(m.group(1)).strip()
    for op, body in _SCRIPT.findall(m.group(2)):
        if body.startswith("{"):
            body = body[1:-1]
        if re.fullmatch(r"[A-Za-z]{2,}", body) and (body.isupper() or len(body) > 2):
            body = rf"\mathrm{{{body}}}"  # a label (CE, quad), not a product of indices
        out += f"{op}{{{body}}}"
    return out


class GradproofLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the rules of the module docstring and Nielsen's notation
    (w before a, ∂C/∂b_j for the derivative through a(n, j, β), Σ_x over the inputs)."""

    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "hidden_index": None,
    }

    def _print_KroneckerDelta(self, expr: Any, exp: Any = None) -> str:
        # the indicator 𝟙(j = y), not SymPy's δ_{jy}: δ is the error δˡ_j in Nielsen's notation
        i, j = (self._print(a) for a in expr.args)
        out = rf"\mathbb{{1}}({i} = {j})"
        return out if exp is None else rf"\left({out}\right)^{{{exp}}}"

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
        if (_is_plain_identifier(name) and "_" not in name) or re.fullmatch(r"[^\W\d_]", name):
            return str(super()._print_Symbol(expr, style))
        scripted = name_latex(name)
        return scripted if scripted is not None else text_to_latex(name)

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
        scripted = self._nielsen_function(expr)
        if scripted is not None:
            return scripted if exp is None else rf"\left({scripted}\right)^{{{exp}}}"
        args = ", ".join(self._print(a) for a in expr.args)
        if name in _SIGMA_NAMES:
            head = r"\sigma"
        elif name in _SIGMA_PRIME_NAMES:
            head = r"\sigma'"
        elif name_latex(name) is not None and "′" not in name:
            head = str(name_latex(name))
        elif not _is_plain_identifier(name) and len(name) > 1:
            head = text_to_latex(name)
        else:
            return str(super()._print_Function(expr, exp))
        tex = rf"{head}\left({args}\right)"
        return tex if exp is None else rf"{tex}^{{{exp}}}"

    def _nielsen_function(self, expr: Any) -> str | None:
        """The book's name of a quantity the proofs write as a function: C′(a_L) = ∂C/∂a_L,
        ∂C/∂z(l, j) = ∂C/∂zˡ_j, δ(l, j) = δˡ_j, a^{l-1}(k) = a^{l−1}_k (None for others)."""
        name = expr.func.__name__
        args = expr.args
        if "_latex" in type(expr).__dict__:
            return None  # a function declared with its own LaTeX form
        if name == "C′" and len(args) == 1 and _head_name(args[0]) == "a":
            return rf"\frac{{\partial C}}{{\partial {self._print(args[0])}}}"
        if name.startswith("∂C/∂") and len(args) in (2, 3):
            var = name[len("∂C/∂") :]
            sub = "".join(self._print(a) for a in args[1:])
            return rf"\frac{{\partial C}}{{\partial {var}^{{{self._print(args[0])}}}_{{{sub}}}}}"
        if name == "δ" and len(args) == 2:
            return rf"\delta^{{{self._print(args[0])}}}_{{{self._print(args[1])}}}"
        if "^" in name and len(args) == 1:
            return rf"{text_to_latex(name)}_{{{self._print(args[0])}}}"
        if name == "a" and len(args) == 3:
            n, j, beta = (self._print(a) for a in args)
            return rf"a_{{{n}}}\big|_{{b_{{{j}}} = {beta}}}"
        return None

    def _print_Subs(self, subs: Any) -> str:
        # one substitution: (d/dβ f)|_{β = b_j}, without the \substack latex2mathml makes a row of
        expr, old, new = subs.args
        if len(old) != 1:
            return str(super()._print_Subs(subs))
        if isinstance(expr, sp.Derivative) and len(expr.variables) == 1:
            var, at, f = old[0], new[0], expr.expr
            if isinstance(f, sp.Function) and f.args == (var,) and not at.is_Symbol:
                return rf"{self._print(sp.Function(f.func.__name__ + '′')(at))}"  # F′(x)
            if (
                isinstance(f, sp.Function)
                and len(f.args) == 1
                and _head_name(f.args[0]) == "a"
                and len(f.args[0].args) == 3
            ):  # (∂/∂β) C(a(n, j, β)) at β = b_j: ∂C/∂b_j
                head = text_to_latex(f.func.__name__)
                return rf"\frac{{\partial {head}}}{{\partial {self._print(at)}}}"
            if _head_name(f) == "a" and len(f.args) == 3:  # ∂a_n/∂b_j
                n = self._print(f.args[0])
                return rf"\frac{{\partial a_{{{n}}}}}{{\partial {self._print(at)}}}"
        at = f"{self._print(old[0])} = {self._print(new[0])}"
        return rf"\left. {self._print(expr)} \right|_{{{at}}}"

    def _print_Indexed(self, expr: Any) -> str:
        base_name = str(expr.base.label)
        base = self._print(sp.Symbol(base_name))
        hidden = self._settings.get("hidden_index")
        if hidden is not None and expr.indices == (hidden,):
            return base  # an input's quantity inside Σ_x: x_j, y
        index = ", ".join(self._print(i) for i in expr.indices)
        if base_name.startswith("∂C/∂"):  # ∂C/∂aᴸ[j] → ∂C/∂aᴸ_j
            var = name_latex(base_name[len("∂C/∂") :]) or base_name[len("∂C/∂") :]
            return rf"\frac{{\partial C}}{{\partial {var}_{{{index}}}}}"
        if "_" in base_name and "^" not in base_name:
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
        return self._nielsen_mul(expr)

    def _factor_tex(self, f: Any, last: bool, alone: bool) -> str:
        tex = self._print(f)
        if isinstance(f, sp.UnevaluatedExpr):
            f = f.args[0]
        if isinstance(f, (sp.Add, sp.Derivative)) and not alone:
            return rf"\left({tex}\right)"
        if isinstance(f, (sp.Sum, sp.Product)) and not last:
            return rf"\left({tex}\right)"
        if f.is_Number and (f < 0 or not f.is_Integer):
            return rf"\left({tex}\right)"
        if isinstance(f, sp.Mul) and not alone:
            return rf"\left({tex}\right)"
        return tex

    def _factors_tex(self, factors: list[Any]) -> str:
        factors = nielsen_factors(factors)
        out = ""
        for i, f in enumerate(factors):
            tex = self._factor_tex(f, i == len(factors) - 1, len(factors) == 1)
            if out and (out[-1].isdigit() or out.endswith("}")) and tex[:1].isdigit():
                out += r" \cdot " + tex
            else:
                out += (" " if out else "") + tex
        return out

    def _nielsen_mul(self, expr: Any) -> str:
        """A product in the book's order (numbers, weights, the rest, ∂C/∂…, then Σ and ∏),
        quotients as one fraction."""
        factors = list(sp.Mul.make_args(expr))
        coeff = sp.Mul(*[f for f in factors if f.is_Number])
        rest = [f for f in factors if not f.is_Number]
        sign = ""
        if coeff.is_negative:
            sign, coeff = "-", -coeff
        num: list[Any] = []
        den: list[Any] = []
        if coeff != 1:
            if coeff.is_Rational and coeff.q != 1:
                if coeff.p != 1:
                    num.append(sp.Integer(coeff.p))
                den.append(sp.Integer(coeff.q))
            else:
                num.append(coeff)
        for f in rest:
            if isinstance(f, sp.Pow) and f.exp.is_Number and f.exp < 0:
                den.append(f.base if f.exp == -1 else sp.Pow(f.base, -f.exp, evaluate=False))
            else:
                num.append(f)
        if not den:
            return sign + (self._factors_tex(num) if num else "1")
        num_tex = self._factors_tex(num) if num else "1"
        den_tex = self._factors_tex(den)
        if r"\frac" in num_tex or any(isinstance(f, (sp.Sum, sp.Product)) for f in num):
            return rf"{sign}\frac{{1}}{{{den_tex}}} {num_tex}"
        return rf"{sign}\frac{{{num_tex}}}{{{den_tex}}}"

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        return nielsen_terms(super()._as_ordered_terms(expr, order=order))

    def _print_Sum(self, expr: Any) -> str:
        hidden = _input_index(expr)
        if hidden is None:
            return str(super()._print_Sum(expr))
        saved = self._settings.get("hidden_index")
        self._settings["hidden_index"] = hidden
        try:
            body = self._print(expr.function)
        finally:
            self._settings["hidden_index"] = saved
        if isinstance(expr.function, sp.Add):
            body = rf"\left({body}\right)"
        return rf"\sum_{{x}} {body}"

    def _print_Implies(self, expr: Any, altchar: Any = None) -> str:
        p, q = expr.args
        return rf"{self._print(p)} \implies {self._print(q)}"


def is_index_function(expr: Any) -> bool:
    """True for an undefined function of one letter at one integer argument, e.g. ``w(k)``,
    ``z(L + 1)``: a quantity of a layer, printed with a subscript (w_k, z_{L+1}) as the book
    writes it."""
    from sympy.core.function import AppliedUndef

    return (
        isinstance(expr, AppliedUndef)
        and re.fullmatch(r"[a-z]", expr.func.__name__) is not None
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
    """``expr`` for the terminal: the linear text of :func:`text` (Nielsen's notation: σ(u),
    σ′(u), ln, w_k, x_j⁽ⁱ⁾), a relation wider than ``width`` broken at its relation signs, ⇒
    and ∧ (:func:`display_text`); never a 2-D text diagram."""
    if isinstance(expr, sp.Basic) and isinstance(expr, Boolean):
        return "\n".join(display_text(expr))
    return text(expr)


# --------------------------------------------------------------------------- Nielsen's order
#
# The book writes a weight before what it multiplies (w₁a₀ + b₁, w_kσ′(z_k)), a sum's bias
# last (wx + b), a positive term before a subtracted one (σ(z) − y), sums and products of
# factors after the factors they multiply. Both printers read sums and products in this order.


def _head_name(e: Any) -> str:
    """The name a factor is read by: a symbol's, a function's, an indexed quantity's base."""
    if isinstance(e, sp.UnevaluatedExpr):
        return _head_name(e.args[0])
    if isinstance(e, sp.Pow):
        return _head_name(e.base)
    if isinstance(e, sp.Indexed):
        return str(e.base.label)
    if isinstance(e, sp.Symbol):
        return e.name
    if isinstance(e, sp.Function):
        return getattr(e.func, "__name__", "")
    return ""


def _is_weight(e: Any) -> bool:
    return re.match(r"w(?![A-Za-z])", _head_name(e)) is not None


def _is_bias(e: Any) -> bool:
    return re.match(r"b(?![A-Za-z])", _head_name(e)) is not None


def is_cost_derivative(e: Any) -> bool:
    """∂C/∂… of the cost: a symbol or function named so, C′(·), or (∂/∂β) C(a(n, j, β))."""
    if isinstance(e, sp.Subs):
        inner = e.args[0]
        return isinstance(inner, sp.Derivative) and _head_name(inner.expr) in {"C", "f", "a"}
    name = _head_name(e)
    return name.startswith(("∂C/∂", r"\nabla", "∇")) or name == "C′"


def factor_rank(e: Any) -> int:
    """Where a factor goes in a product: numbers, weights, other plain quantities (x_j), the
    rest (σ′(z), (σ(z) − y)), ∂C/∂…, then Σ and ∏: x_j(σ(z) − y), w_kσ′(z_k)."""
    if isinstance(e, sp.UnevaluatedExpr):
        return factor_rank(e.args[0])
    if e.is_Number:
        return 0
    if _is_weight(e):
        return 1
    if isinstance(e, (sp.Sum, sp.Product)):
        return 5
    if is_cost_derivative(e):
        return 4
    if isinstance(e, (sp.Symbol, sp.Indexed)):
        return 2
    return 3


def term_rank(e: Any) -> int:
    """Where a term goes in a sum: subtracted terms last, a bias after the weighted terms."""
    if e.could_extract_minus_sign():
        return 3
    if _is_bias(e):
        return 2
    if isinstance(e, sp.Mul) and any(_is_weight(f) for f in e.args):
        return 0
    return 1


def nielsen_factors(factors: Any) -> list[Any]:
    return sorted(factors, key=factor_rank)


def nielsen_terms(terms: Any) -> list[Any]:
    return sorted(terms, key=term_rank)


# --------------------------------------------------------------------------- text scripts

_SUP_TEXT = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzLT",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴸᵀ",
        strict=True,
    )
)
_SUB_TEXT = dict(
    zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)


def sup_text(s: str) -> str:
    """``s`` as a superscript in text: Unicode superscripts (ˡ⁺¹) when every character has
    one, else ``^{s}``."""
    s = s.replace(" ", "").replace("-", "−")
    letters = sum(c.isalpha() for c in s)
    if s and len(s) <= 6 and letters <= 2 and all(c in _SUP_TEXT for c in s):
        return "".join(_SUP_TEXT[c] for c in s)
    return "^" + (s if len(s) == 1 else "{" + s + "}")


def sub_text(s: str) -> str:
    """``s`` as a subscript in text: Unicode subscripts (ⱼₖ) when every character has one, else
    ``_s`` (one character) or ``_{s}``."""
    s = s.replace(" ", "").replace("-", "−")
    if s and len(s) <= 6 and all(c in _SUB_TEXT for c in s):
        return "".join(_SUB_TEXT[c] for c in s)
    if re.fullmatch(r"[A-Za-z0-9]+", s) and (len(s) == 1 or not s.isdigit()):
        return "_" + s
    return "_{" + s + "}"


_NAME_SCRIPT = re.compile(r"([_^])(\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9]+)")
_TEX_WORDS = {r"\nabla": "∇", r"\delta": "δ", r"\sigma": "σ", r"\Pi": "Π", r"\partial": "∂"}


def name_text(name: str) -> str:
    r"""A symbol's name in text with Nielsen's scripts: ``a^{L-1}_k`` → a^{L−1}ₖ, ``w_1`` → w₁,
    ``\nabla_{a}C`` → ∇ₐC, ``∂C/∂a^{L}`` → ∂C/∂aᴸ; names with no scripts are kept."""
    for tex, char in _TEX_WORDS.items():
        name = name.replace(tex, char)

    def script(m: re.Match[str]) -> str:
        body = m.group(2)
        if body[0] in "{(":
            body = body[1:-1]
        return sup_text(body) if m.group(1) == "^" else sub_text(body)

    if re.fullmatch(r"[A-Za-z]+_[A-Za-z]{2,}", name):  # C_quad, P_CE: a label, kept
        return name
    return _NAME_SCRIPT.sub(script, name)


# --------------------------------------------------------------------------- text printer


_REL_TEXT = {"==": "=", "<=": "≤", ">=": "≥", "!=": "≠", "<": "<", ">": ">"}


def _input_index(sum_expr: Any) -> Any:
    """The index of a sum over the training inputs (Σ_{i=1}^{n} with targets y[i]), else None:
    the book writes such a sum Σ_x and drops the input's index."""
    if not isinstance(sum_expr, sp.Sum) or len(sum_expr.limits) != 1:
        return None
    i, lo, _hi = sum_expr.limits[0]
    if lo != 1:
        return None
    targets = [
        x
        for x in sum_expr.function.atoms(sp.Indexed)
        if str(x.base.label) == "y" and x.indices == (i,)
    ]
    return i if targets else None


def _top_slash(s: str) -> bool:
    """True when ``s`` has a ``/`` outside brackets and scripts (it reads as a fraction)."""
    depth = 0
    for c in s:
        if c in "([{|":
            depth += 1 if c != "|" or depth == 0 else -1
        elif c in ")]}":
            depth -= 1
        elif c == "/" and depth == 0:
            return True
    return False


class GradproofTextPrinter(StrPrinter):
    """SymPy's linear printer with Nielsen's notation in Unicode, for terminals and prose:
    ``|wσ′(0)| = |w|/4``, ``σ′(z) ≤ 1/4``, ``∂C/∂b₁``, ``e⁻ˣ``, ``Σ_x``, ``∏_{k=j+1}^{L}``;
    products by juxtaposition in the book's order (w before a), ``≤ ≥ ≠ ⇒ ∧``, never SymPy's
    ``*``, ``**``, ``Abs(``, ``Eq(``, ``Derivative(``, ``Subs(`` or ``exp(``."""

    printmethod = "_gradproof_text"
    _default_settings: ClassVar[dict[str, Any]] = {
        **StrPrinter._default_settings,
        "hidden_index": None,
    }

    def _print_Symbol(self, expr: Any) -> str:
        return name_text(expr.name)

    def _print_Dummy(self, expr: Any) -> str:
        return name_text(expr.name)

    def _print_Integer(self, expr: Any) -> str:
        return str(expr.p).replace("-", "−")

    def _print_Rational(self, expr: Any) -> str:
        return f"{expr.p}/{expr.q}".replace("-", "−")

    def _print_Float(self, expr: Any) -> str:
        return str(super()._print_Float(expr)).replace("-", "−")

    def _print_NegativeOne(self, expr: Any) -> str:
        return "−1"

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return "−∞"

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return "true"

    def _print_BooleanFalse(self, expr: Any) -> str:
        return "false"

    # ---------------------------------------------------------------- names with scripts

    def _print_Indexed(self, expr: Any) -> str:
        label = str(expr.base.label)
        base = name_text(label)
        hidden = self._settings.get("hidden_index")
        if hidden is not None and expr.indices == (hidden,):
            return base  # an input's quantity inside Σ_x: x_j, y
        index = "".join(self._print(i) for i in expr.indices)
        if len(expr.indices) > 1 and not all(len(self._print(i)) == 1 for i in expr.indices):
            index = ",".join(self._print(i) for i in expr.indices)
        if "_" in label and "^" not in label:  # x_j[i] → x_j⁽ⁱ⁾: the i-th input's x_j
            return base + sup_text(f"({index})")
        return base + sub_text(index)

    def _print_Function(self, expr: Any) -> str:
        name = expr.func.__name__
        args = expr.args
        if "_sympystr" in type(expr).__dict__:  # a function declared with its own text form
            return str(expr._sympystr(self))
        if is_index_function(expr):  # w(k) → w_k
            return name_text(name) + sub_text(self._print(args[0]))
        if name == "C′" and len(args) == 1 and _head_name(args[0]) == "a":
            return "∂C/∂" + self._print(args[0])  # C′(a_L) = ∂C/∂a_L
        if name.startswith("∂C/∂") and len(args) in (2, 3):  # ∂C/∂z(l, j) → ∂C/∂zˡⱼ
            return (
                name
                + sup_text(self._print(args[0]))
                + sub_text("".join(self._print(a) for a in args[1:]))
            )
        if name == "δ" and len(args) == 2:
            return "δ" + sup_text(self._print(args[0])) + sub_text(self._print(args[1]))
        if "^" in name and len(args) == 1:  # a^{l-1}(k) → a^{l−1}ₖ
            return name_text(name) + sub_text(self._print(args[0]))
        if name == "a" and len(args) == 3:  # a(n, j, β): a_n with b_j replaced by β
            n, j, beta = (self._print(a) for a in args)
            return f"a{sub_text(n)}(b{sub_text(j)} = {beta})"
        head = (
            "σ′" if name in _SIGMA_PRIME_NAMES else "σ" if name in _SIGMA_NAMES else name_text(name)
        )
        return f"{head}({', '.join(self._print(a) for a in args)})"

    def _print_exp(self, expr: Any) -> str:
        return "e" + self._script_power(expr.args[0])

    def _print_log(self, expr: Any) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        simple = arg.is_Symbol or arg.is_Indexed or isinstance(arg, sp.Function)
        return f"ln {inner}" if simple and not isinstance(arg, sp.exp) else f"ln({inner})"

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Piecewise(self, expr: Any) -> str:
        parts = [
            f"{self._print(e)} " + ("otherwise" if c is sp.true else f"if {self._print(c)}")
            for e, c in expr.args
        ]
        return "{" + "; ".join(parts) + "}"

    def _print_KroneckerDelta(self, expr: Any) -> str:
        # the indicator 𝟙(j = y), not δ_jy: δ is the error δˡ_j in Nielsen's notation
        i, j = (self._print(a) for a in expr.args)
        return f"𝟙({i} = {j})"

    def _print_Max(self, expr: Any) -> str:
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr: Any) -> str:
        return f"min({', '.join(self._print(a) for a in expr.args)})"

    # ---------------------------------------------------------------- arithmetic

    def _script_power(self, e: Any) -> str:
        text = self._print(e)
        return sup_text(text)

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, e = expr.as_base_exp()
        if e == sp.S.Half:
            inner = self._print(base)
            return f"√{inner}" if base.is_Atom or base.is_Indexed else f"√({inner})"
        if e.is_Number and e < 0:
            den = base if e == -1 else sp.Pow(base, -e, evaluate=False)
            return f"1/{self.parenthesize(den, PRECEDENCE['Mul'], strict=True)}"
        return self.parenthesize(base, PRECEDENCE["Pow"], strict=True) + self._script_power(e)

    def parenthesize(self, item: Any, level: int, strict: bool = False) -> str:
        while isinstance(item, sp.UnevaluatedExpr):
            item = item.args[0]
        text = self._print(item)
        if isinstance(item, (sp.Function, sp.Abs, sp.Indexed, sp.Subs)) and not isinstance(
            item, sp.exp
        ):
            return text
        if (precedence(item) < level) or ((not strict) and precedence(item) <= level):
            return f"({text})"
        if item.is_Number and (item < 0 or not item.is_Integer):
            return f"({text})"
        return text

    def _join(self, parts: list[str]) -> str:
        out = ""
        for p in parts:
            if not out:
                out = p
                continue
            left, right = out[-1], p[0]
            if (left in "0123456789⁰¹²³⁴⁵⁶⁷⁸⁹)") and (right in "0123456789−"):
                out += "·" + p
            elif (
                _top_slash(p)
                or _top_slash(out.rsplit(" ", 1)[-1])
                or re.match(r"[A-Za-z]{2,}", p)
                or (re.search(r"[A-Za-z]{2,}$", out) and right.isalpha())
            ):
                out += " " + p
            else:
                out += p
        return out

    def _print_Mul(self, expr: Any) -> str:
        factors = list(sp.Mul.make_args(expr))
        sign = ""
        coeff = [f for f in factors if f.is_Number]
        rest = [f for f in factors if not f.is_Number]
        c = sp.Mul(*coeff) if coeff else sp.S.One
        if c.is_negative:
            sign, c = "−", -c
        num: list[Any] = []
        den: list[Any] = []
        plain = [f for f in rest if not (isinstance(f, sp.Pow) and f.exp.is_negative)]
        if (
            c.is_Rational
            and c.q != 1
            and plain == rest
            and any(_top_slash(self._print(f)) for f in rest)
        ):  # (15625/4) dC/da₄: the coefficient apart from a factor that is a quotient
            body = self._join(
                [self.parenthesize(f, PRECEDENCE["Mul"]) for f in nielsen_factors(rest)]
            )
            return f"{sign}({c.p}/{c.q}) {body}"
        if c != 1:
            if c.is_Rational and c.q != 1:
                if c.p != 1:
                    num.append(sp.Integer(c.p))
                den.append(sp.Integer(c.q))
            else:
                num.append(c)
        for f in rest:
            if isinstance(f, sp.Pow) and f.exp.is_Number and f.exp < 0:
                den.append(f.base if f.exp == -1 else sp.Pow(f.base, -f.exp, evaluate=False))
            else:
                num.append(f)
        if den and len(num) > 1 and any(isinstance(f, (sp.Sum, sp.Product)) for f in num):
            # (Σ …)/n → (1/n)Σ …: no sum inside a fraction
            head = self._join([self.parenthesize(f, PRECEDENCE["Mul"]) for f in den])
            den = []
            sign += f"(1/{head})"
        num = nielsen_factors(num)
        ps = []
        for i, f in enumerate(num):
            if (isinstance(f, sp.Derivative) and len(num) > 1) or (
                isinstance(f, (sp.Sum, sp.Product)) and i < len(num) - 1
            ):
                ps.append(f"({self._print(f)})")
            else:
                ps.append(self.parenthesize(f, PRECEDENCE["Mul"], strict=False))
        text = self._join(ps) if ps else "1"
        if den:
            d = self._join([self.parenthesize(f, PRECEDENCE["Mul"], strict=False) for f in den])
            if len(den) > 1:
                d = f"({d})"
            if any(_top_slash(p) for p in ps) or any(
                isinstance(f, (sp.Sum, sp.Product, sp.Derivative)) for f in num
            ):
                text = f"(1/{d}){text}" if ps else f"1/{d}"
            else:
                text = f"{text}/{d}"
        if sign.startswith("−") and sign != "−" and not den:
            pass
        return sign + text

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        terms = nielsen_terms(self._as_ordered_terms(expr, order=None))
        out = ""
        for t in terms:
            if t.could_extract_minus_sign():
                body = self._print(-t)
                if isinstance(-t, sp.Add):
                    body = f"({body})"
                out += (" − " if out else "−") + body
            else:
                out += (" + " if out else "") + self._print(t)
        return out

    # ---------------------------------------------------------------- calculus

    def _partial(self, var: Any, count: int, expr: Any) -> str:
        v = self._print(var)
        ordinary = expr.free_symbols <= {var}
        d = "d" if ordinary else "∂"
        if count == 1:
            return f"{d}/{d}{v}"
        return f"{d}{sup_text(str(count))}/{d}{v}{sup_text(str(count))}"

    def _print_Derivative(self, expr: Any) -> str:
        inner = expr.expr
        ops = "".join(self._partial(v, n, inner) for v, n in expr.variable_count)
        body = self._print(inner)
        if isinstance(inner, (sp.Add, sp.Mul, sp.Sum)):
            body = f"[{body}]"
        return f"{ops} {body}"

    def _print_Subs(self, expr: Any) -> str:
        inner, old, new = expr.args
        if len(old) == 1 and isinstance(inner, sp.Derivative) and len(inner.variables) == 1:
            var, at = old[0], new[0]
            f = inner.expr
            if isinstance(f, sp.Function) and f.args == (var,):  # (d/du F(u))|_{u = x} = F′(x)
                name = name_text(f.func.__name__)
                if at.is_Symbol:  # a definition's pattern: F′(x) := dF(u)/du at u = x
                    u = self._print(var)
                    return f"d{name}({u})/d{u} at {u} = {self._print(at)}"
                return f"{name}′({self._print(at)})"
            if (
                isinstance(f, sp.Function)
                and len(f.args) == 1
                and _head_name(f.args[0]) == "a"
                and len(f.args[0].args) == 3
            ):  # (∂/∂β) C(a(n, j, β)) at β = b_j: ∂C/∂b_j
                return f"∂{name_text(f.func.__name__)}/∂{self._print(at)}"
            if _head_name(f) == "a" and len(f.args) == 3:  # ∂a_n/∂b_j
                return f"∂a{sub_text(self._print(f.args[0]))}/∂{self._print(at)}"
        at = ", ".join(
            f"{self._print(o)} = {self._print(n)}" for o, n in zip(old, new, strict=True)
        )
        return f"[{self._print(inner)}]_{{{at}}}"

    def _bound(self, e: Any) -> str:
        return self._print(e).replace(" ", "")

    def _print_Sum(self, expr: Any) -> str:
        hidden = _input_index(expr)
        if hidden is not None:
            saved = self._settings.get("hidden_index")
            self._settings["hidden_index"] = hidden
            try:
                body = self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)
            finally:
                self._settings["hidden_index"] = saved
            return f"Σ_x {body}"
        body = self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)
        heads = "".join(
            f"Σ_{{{self._bound(i)}={self._bound(lo)}}}^{{{self._bound(hi)}}} "
            for i, lo, hi in expr.limits
        )
        return heads + body

    def _print_Product(self, expr: Any) -> str:
        body = self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)
        heads = "".join(
            f"∏_{{{self._bound(i)}={self._bound(lo)}}}^{{{self._bound(hi)}}} "
            for i, lo, hi in expr.limits
        )
        return heads + body

    def _print_Limit(self, expr: Any) -> str:
        e, z, z0, d = expr.args
        side = {"+": "⁺", "-": "⁻"}.get(str(d), "")
        return f"lim_{{{self._print(z)}→{self._print(z0)}{side}}} {self._print(e)}"

    def _print_Integral(self, expr: Any) -> str:
        out = ""
        for lim in expr.limits:
            if len(lim) == 3:
                out += f"∫_{{{self._print(lim[1])}}}^{{{self._print(lim[2])}}} "
            else:
                out += "∫ "
        dx = " ".join(f"d{self._print(lim[0])}" for lim in expr.limits)
        return f"{out}{self.parenthesize(expr.function, PRECEDENCE['Mul'])} {dx}"

    def _print_Lambda(self, expr: Any) -> str:
        args = ", ".join(self._print(v) for v in expr.variables)
        return f"({args}) ↦ {self._print(expr.expr)}"

    # ---------------------------------------------------------------- logic

    def _print_Relational(self, expr: Any) -> str:
        op = _REL_TEXT.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _bool_part(self, e: Any) -> str:
        text = self._print(e)
        return f"({text})" if isinstance(e, (sp.Implies, sp.Or, sp.And)) else text

    def _print_And(self, expr: Any) -> str:
        return " ∧ ".join(self._bool_part(a) for a in expr.args)

    def _print_Or(self, expr: Any) -> str:
        return " ∨ ".join(self._bool_part(a) for a in expr.args)

    def _print_Not(self, expr: Any) -> str:
        return "¬" + self._bool_part(expr.args[0])

    def _print_Implies(self, expr: Any) -> str:
        p, q = expr.args
        left = self._print(p) if isinstance(p, sp.And) else self._bool_part(p)
        right = self._print(q) if isinstance(q, sp.And) else self._bool_part(q)
        return f"{left} ⇒ {right}"

    def _print_Tuple(self, expr: Any) -> str:
        return "(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_list(self, expr: Any) -> str:
        return "[" + ", ".join(self._print(a) for a in expr) + "]"

    def _print_tuple(self, expr: Any) -> str:
        return "(" + ", ".join(self._print(a) for a in expr) + ")"

    def _print_Interval(self, expr: Any) -> str:
        lo = "(" if expr.left_open else "["
        hi = ")" if expr.right_open else "]"
        return f"{lo}{self._print(expr.start)}, {self._print(expr.end)}{hi}"


def text(expr: Any, *, ascii: bool | None = False) -> str:
    """``expr`` in one line of Unicode with Nielsen's notation (:class:`GradproofTextPrinter`).
    A ``str`` is returned unchanged; anything else is sympified first.

    ASCII mode (``ascii=True``; ``ascii=None``: chosen from stdout's encoding, as the command
    line found it, :func:`gradproof.plaintext.ascii_output`) spells it in ASCII with the one
    transliteration table of :mod:`gradproof.plaintext`: σ′(z₁) → s'(z1), ‖δˡ‖ → ||d^l||.
    The default stays Unicode: pages and JSON keep the notation whatever the terminal; what is
    printed to an ASCII terminal is spelled by the same table at the stream."""
    from gradproof import plaintext

    shown = expr if isinstance(expr, str) else str(GradproofTextPrinter().doprint(expr))
    if plaintext.ascii_output() if ascii is None else ascii:
        return plaintext.to_ascii(shown)
    return shown


# --------------------------------------------------------------------------- formal statements

#: A row of a displayed formal statement wider than this many characters of its one-line text
#: print is broken at its relation sign (fits the content column at 800 px).
DISPLAY_WIDTH = 56


def statement_parts(relation: Any) -> list[Any]:
    """The conjuncts of a formal statement as a reader should see them, each once.

    The top-level ``∧`` is split; a conjunct that appears twice is shown once; implications
    with the same conclusion whose premises differ in one conjunct each (``w > 4 ∧ P ⇒ Q`` and
    ``w < −4 ∧ P ⇒ Q``) are shown as one, ``(w > 4 ∨ w < −4) ∧ P ⇒ Q`` — the same proposition
    (``(A ⇒ Q) ∧ (B ⇒ Q)`` is ``A ∨ B ⇒ Q``), printed shorter. Only the printing changes: the
    kernel proves the relation as written.
    """
    parts = list(relation.args) if isinstance(relation, sp.And) else [relation]
    seen: list[Any] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    out: list[Any] = []
    used: set[int] = set()
    for i, p in enumerate(seen):
        if i in used:
            continue
        if not isinstance(p, sp.Implies):
            out.append(p)
            continue
        group = [p]
        for k in range(i + 1, len(seen)):
            q = seen[k]
            if k not in used and isinstance(q, sp.Implies) and text(q.args[1]) == text(p.args[1]):
                group.append(q)
                used.add(k)
        if len(group) == 1:
            out.append(p)
            continue
        # compared as printed: a symbol may carry other assumptions in each part (w > 4, w < −4)
        premises = [{text(c): c for c in sp.And.make_args(g.args[0])} for g in group]
        common = set.intersection(*(set(pr) for pr in premises))
        rest = [[c for t, c in pr.items() if t not in common] for pr in premises]
        if all(len(r) == 1 for r in rest):
            either = sp.Or(*[r[0] for r in rest], evaluate=False)
            ordered = [c for c in sp.And.make_args(group[0].args[0]) if text(c) in common]
            premise = sp.And(either, *ordered, evaluate=False) if ordered else either
            out.append(sp.Implies(premise, p.args[1], evaluate=False))
        else:  # (A ⇒ Q) ∧ (B ⇒ Q) is (A ∨ B) ⇒ Q whatever A and B are: Q printed once
            either = sp.Or(*[g.args[0] for g in group], evaluate=False)
            out.append(sp.Implies(either, p.args[1], evaluate=False))
    return out


def _and(parts: list[Any]) -> Any:
    return parts[0] if len(parts) == 1 else sp.And(*parts, evaluate=False)


def _rows(expr: Any) -> list[tuple[str, Any]]:
    """``expr`` cut into (connective, piece) rows: an implication at ⟹, a conjunction at ∧, a
    relation at its sign — only where the one-line text is wider than :data:`DISPLAY_WIDTH`."""
    if len(text(expr)) <= DISPLAY_WIDTH:
        return [("", expr)]
    if isinstance(expr, sp.Implies):
        p, q = expr.args
        return _rows(p) + [(r"\implies" if i == 0 else c, e) for i, (c, e) in enumerate(_rows(q))]
    if isinstance(expr, sp.And):  # conjuncts packed into rows that fit
        rows: list[tuple[str, Any]] = []
        pack: list[Any] = []
        for a in expr.args:
            if pack and len(text(sp.And(*pack, a, evaluate=False))) > DISPLAY_WIDTH:
                rows.append((r"\wedge" if rows else "", _and(pack)))
                pack = []
            if len(text(a)) > DISPLAY_WIDTH:
                if pack:
                    rows.append((r"\wedge" if rows else "", _and(pack)))
                    pack = []
                for j, (c, e) in enumerate(_rows(a)):
                    rows.append((r"\wedge" if rows and not j else c, e))
            else:
                pack.append(a)
        if pack:
            rows.append((r"\wedge" if rows else "", _and(pack)))
        return rows
    if isinstance(expr, sp.Or):  # each disjunct on its own rows (∧ binds tighter than ∨)
        rows = []
        for a in expr.args:
            for j, (c, e) in enumerate(_rows(a)):
                rows.append((r"\vee" if rows and not j else c, e))
        return rows
    if isinstance(expr, sp.core.relational.Relational):
        rows = []
        for op, side in (("", expr.lhs), (expr.rel_op, expr.rhs)):
            first, *more = _chunks(side)
            rows += [(op, first), *(("cont", c) for c in more)]
        return rows
    return [("", expr)]


def _chunks(side: Any) -> list[Any]:
    """A long sum or product cut into pieces that fit a row (terms or factors kept whole)."""
    if len(text(side)) <= DISPLAY_WIDTH or not isinstance(side, (sp.Add, sp.Mul)):
        return [side]
    if isinstance(side, sp.Add):
        items, make = nielsen_terms(sp.Add.make_args(side)), sp.Add
    else:
        items, make = nielsen_factors(sp.Mul.make_args(side)), sp.Mul
    if any(isinstance(f, sp.Pow) and f.exp.is_negative for f in items):
        return [side]  # a quotient stays one fraction
    pieces: list[list[Any]] = [[]]
    for item in items:
        trial = pieces[-1] + [item]
        if pieces[-1] and len(text(make(*trial, evaluate=False))) > DISPLAY_WIDTH:
            pieces.append([item])
        else:
            pieces[-1] = trial
    return [p[0] if len(p) == 1 else make(*p, evaluate=False) for p in pieces]


_REL_TEX = {"==": "=", "<=": r"\le", ">=": r"\ge", "!=": r"\ne", "<": "<", ">": ">"}


def _is_term(piece: Any) -> bool:
    """True for a piece of a long sum (printed after + or −), False for a piece of a product."""
    return bool(getattr(piece, "_gradproof_term", False)) or isinstance(piece, sp.Add)


def _continued(tex: str, expr_of: Any) -> str:
    if _is_term(expr_of):
        return tex if tex.startswith("-") else "+ " + tex
    return r"\cdot " + tex


def display_latex(expr: Any) -> str:
    """One conjunct as display LaTeX: one line when it fits :data:`DISPLAY_WIDTH`, else an
    ``aligned`` block broken at its relation signs, ⟹ and ∧ (``&=`` / ``&\\implies``)."""
    rows = _rows(expr)
    if len(rows) == 1:
        return latex(rows[0][1])
    lines = []
    for connective, piece in rows:
        op = _REL_TEX.get(connective, connective)
        tex = latex(piece)
        if connective == "cont":  # a long side continued: + term, or ·factor
            lines.append(rf"&\qquad {_continued(tex, expr_of=piece)}")
            continue
        if connective == r"\wedge" and isinstance(piece, (sp.Implies, sp.Or)):
            tex = rf"\left({tex}\right)"
        lines.append(f"&{op} {tex}" if op else f"&{tex}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def display_text(expr: Any) -> list[str]:
    """One conjunct as lines of text, broken as :func:`display_latex` breaks it."""
    out = []
    for connective, piece in _rows(expr):
        op = {r"\implies": "⇒", r"\wedge": "∧"}.get(connective, _REL_TEXT.get(connective, ""))
        body = text(piece)
        if connective == "cont":
            out.append(
                "    " + (body if body.startswith("−") else "+ " + body)
                if _is_term(piece)
                else "    ·" + body
            )
            continue
        if connective == r"\wedge" and isinstance(piece, (sp.Implies, sp.Or)):
            body = f"({body})"
        out.append(f"{op} {body}" if op else body)
    return [out[0], *("    " + line for line in out[1:])]


def statement_latex(relation: Any) -> list[str]:
    """A formal statement's display blocks, one per conjunct (:func:`statement_parts`), with
    Nielsen's notation (σ, σ′ named as such)."""
    return [display_latex(canonical_functions(p)) for p in statement_parts(relation)]


def statement_text(relation: Any) -> list[str]:
    """A formal statement as lines of text: each conjunct on its own line(s)."""
    parts = statement_parts(relation)
    return [line for p in parts for line in display_text(canonical_functions(p))]
