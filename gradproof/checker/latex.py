r"""LaTeX derivations → the plain expression syntax of ``gradproof check`` (a translation, never
an evaluation: no TeX engine runs, no macro is expanded, and the result is parsed by the same
whitelist parser as any typed expression).

Accepted: the rows of an ``align``/``align*``/``aligned`` environment (or bare rows, optionally
inside ``\[ … \]`` or ``$$ … $$``), separated by ``\\``, each with a relation ``=``, ``<``, ``>``,
``\le``/``\leq``, ``\ge``/``\geq`` (``&`` only aligns); only the first row may have a left side.
``%`` comments, ``\text{…}`` and ``\mbox{…}`` are the row's justification; ``\label{…}``,
``\tag{…}``, ``\nonumber``, ``\notag`` and spacing (``\,`` ``\;`` ``\quad`` …) are dropped.

In expressions: numbers, the letters of the network (``w_1``, ``b_{2}``, ``x``, ``y``, ``z_3``,
``a_4``, ``n``), ``+ - * /``, ``\cdot``, ``\times``, ``\odot`` (of numbers: the product),
juxtaposition (multiplication), ``{…}``, ``(…)``, ``[…]``, ``\left(``…``\right)``, ``|…|``,
``\left|``…``\right|``, ``^{k}``, ``\frac{…}{…}`` (``\dfrac``, ``\tfrac``; ``\frac12`` as TeX
reads it), ``\sigma``, ``\sigma'`` (``\sigma^{\prime}``), ``\tanh``, ``\tanh'``, ``\ln``,
``\log`` (natural), ``\exp``, ``e^{…}``, ``\sum_{i=1}^{n}`` (the sum over the training pairs;
each per-pair name inside carries the index: ``x_i``, ``y^{(i)}``, ``z_{1,i}``, ``z_1^{(i)}``),
and derivative atoms ``\frac{\partial C}{\partial w_1}``, ``\frac{dC}{dw_1}``,
``\frac{\partial a_4}{\partial z_4}``. A function's parenthesised argument is its argument and
a power after it is a power of the value (``\sigma(z)^2`` = (σ(z))²).

What cannot be read exactly is refused, never guessed (docs/check_steps.md lists the cases):
σ″ and other higher derivatives, powers written on a function (``\sigma^2(z)``), sums with other
bounds than ``i = 1 … n``, unparenthesised arguments with something after them (``\ln 2x``),
what TeX typesets otherwise than it looks (``x^12``, ``2 2``, a double superscript), products
and bars that read in two ways (``x/2 y``, ``2\frac{1}{4}``, ``|x| y |z|``), index-like
superscripts (``x^{(2)}``), transposes, norms, and mathematics after a row's ``\text{…}``. Any
other command — ``\input``, ``\def``, ``\newcommand``, ``\csname``, ``\catcode`` … — any other
environment, and nesting deeper than :data:`MAX_DEPTH` are refused with the line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gradproof.checker.lines import MAX_LINKS, MAX_TEXT, Line, StepsInputError

MAX_DEPTH = 40
MAX_TOKENS = 6000
MAX_BARS = 200  # bare bars | in one expression (their pairing is counted in quadratic time)
ENVIRONMENTS = frozenset({"align", "align*", "aligned", "split"})
RELATIONS = {
    "=": "=",
    "<": "<",
    ">": ">",
    "≤": "<=",
    "≥": ">=",
    r"\le": "<=",
    r"\leq": "<=",
    r"\leqslant": "<=",
    r"\ge": ">=",
    r"\geq": ">=",
    r"\geqslant": ">=",
    r"\lt": "<",
    r"\gt": ">",
}
SPACING = frozenset(
    {
        r"\,",
        r"\;",
        r"\:",
        r"\!",
        "\\ ",
        r"\quad",
        r"\qquad",
        r"\displaystyle",
        r"\nonumber",
        r"\notag",
        r"\left.",
        r"\right.",
    }
)
SIZES = frozenset(
    {
        r"\big",
        r"\Big",
        r"\bigg",
        r"\Bigg",
        r"\bigl",
        r"\bigr",
        r"\Bigl",
        r"\Bigr",
        r"\biggl",
        r"\biggr",
        r"\Biggl",
        r"\Biggr",
    }
)
NAMES = frozenset("wbxyzanCde")


@dataclass(frozen=True)
class Tok:
    text: str
    line: int
    col: int
    note: str = ""  # the content of \text{…} (read verbatim, never parsed)


def _err(message: str, tok: Tok | None) -> StepsInputError:
    if tok is None:
        return StepsInputError(message)
    return StepsInputError(message, tok.line, tok.col)


_COMMENT = re.compile(r"(?:^|[^\\])(?:\\\\)*(%)")
_TEXT = re.compile(r"\\(?:text|mbox|textrm)\s*\{")
_TOKEN = re.compile(
    r"(?P<ws>\s+)|(?P<rowbreak>\\\\)|(?P<cmd>\\[A-Za-z]+\*?|\\.)|(?P<num>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<ch>[A-Za-z{}()\[\]+\-*/^_'=<>&|,.$σ≤≥−·])",
    re.S,
)


def tokenize(text: str) -> tuple[list[Tok], dict[int, str]]:
    """Tokens with 1-based line/column, and the ``%`` comment of each line."""
    if not isinstance(text, str):
        raise StepsInputError(f"the derivation must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise StepsInputError(f"the derivation has {len(text)} characters; at most {MAX_TEXT}")
    toks: list[Tok] = []
    comments: dict[int, str] = {}
    for number, full in enumerate(text.splitlines(), start=1):
        m = _COMMENT.search(full)  # a % after an even number of backslashes (\\% too)
        body = full if m is None else full[: m.start(1)]
        if m is not None:
            comments[number] = full[m.end(1) :].strip()
        pos = 0
        while pos < len(body):
            tm = _TEXT.match(body, pos)
            if tm is not None:
                depth, end = 1, tm.end()
                while end < len(body) and depth:
                    depth += body[end] == "{"
                    depth -= body[end] == "}"
                    end += 1
                if depth:
                    raise StepsInputError("this \\text{ is not closed on its line", number, pos + 1)
                toks.append(Tok(r"\text", number, pos + 1, body[tm.end() : end - 1].strip()))
                pos = end
                continue
            t = _TOKEN.match(body, pos)
            if t is None:
                ch = body[pos]
                shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
                raise StepsInputError(f"character {shown} is not accepted", number, pos + 1)
            if t.lastgroup != "ws":
                s = t.group(0).replace("−", "-").replace("·", "*")
                toks.append(Tok(s, number, pos + 1))
                if len(toks) > MAX_TOKENS:
                    raise StepsInputError(f"more than {MAX_TOKENS} LaTeX tokens", number, pos + 1)
            pos = t.end()
    return toks, comments


def _group(toks: list[Tok], i: int) -> tuple[list[Tok], int]:
    """The tokens of the brace group (or single token) at ``i``, and the index after it."""
    if i >= len(toks):
        raise _err("a group {…} is missing at the end", toks[-1] if toks else None)
    if toks[i].text != "{":
        return [toks[i]], i + 1
    depth = 0
    for j in range(i, len(toks)):
        depth += toks[j].text == "{"
        depth -= toks[j].text == "}"
        if depth > MAX_DEPTH:
            raise _err(f"braces are nested more than {MAX_DEPTH} deep", toks[j])
        if depth == 0:
            return toks[i + 1 : j], j + 1
    raise _err("this { is never closed", toks[i])


def _plain(toks: list[Tok]) -> str:
    return " ".join(t.text for t in toks)


# ============================================================ rows


def _environment(toks: list[Tok]) -> list[Tok]:
    """The tokens inside the (single) environment, with \\begin/\\end and math delimiters out."""
    out: list[Tok] = []
    i = 0
    seen = 0
    while i < len(toks):
        t = toks[i]
        if t.text in (r"\begin", r"\end"):
            name_toks, j = _group(toks, i + 1)
            name = "".join(x.text for x in name_toks)
            if name not in ENVIRONMENTS:
                raise _err(f"environment {name!r} is not accepted; use align, align* or aligned", t)
            seen += t.text == r"\begin"
            if seen > 2:
                raise _err("only one align/aligned environment is accepted", t)
            i = j
            continue
        if t.text in ("$", r"\[", r"\]", r"\(", r"\)"):
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def _strip_row(row: list[Tok]) -> tuple[list[Tok], list[str]]:
    """Remove \\text{…}/\\mbox{…} (kept as notes), \\label/\\tag, spacing and ``&``."""
    out: list[Tok] = []
    notes: list[str] = []
    i = 0
    while i < len(row):
        t = row[i]
        if t.text == r"\text":
            notes.append(t.note)
            i += 1
            continue
        if t.text in (r"\label", r"\tag"):
            _, i = _group(row, i + 1)
            continue
        if t.text in SPACING or t.text == "&":
            i += 1
            continue
        if notes and t.text not in (".", ","):
            raise _err(
                "\\text{…} is the row's justification and comes after its expression: the"
                " mathematics after it would be read as part of the expression (move the text to"
                " the end of the row, or the formula into the text)",
                t,
            )
        out.append(t)
        i += 1
    while out and out[-1].text in (".", ","):  # the full stop of a displayed equation
        out.pop()
    return out, notes


def parse_latex(text: str) -> list[Line]:
    """Translate a LaTeX derivation into :class:`Line` objects in the plain syntax."""
    toks, comments = tokenize(text)
    body = _environment(toks)
    rows: list[list[Tok]] = [[]]
    for t in body:
        if t.text == "\\\\":
            rows.append([])
        else:
            rows[-1].append(t)
    lines: list[Line] = []
    used_comments: set[int] = set()
    for row in rows:
        row, notes = _strip_row(row)
        if not row:
            continue
        last_line = row[-1].line
        for k in sorted(comments):
            if row[0].line <= k <= last_line and k not in used_comments:
                notes.append(comments[k])
                used_comments.add(k)
        note = " ".join(n for n in notes if n).strip()
        pieces: list[tuple[str | None, list[Tok]]] = [(None, [])]
        depth = 0
        for t in row:
            depth += t.text in ("{", "(", "[", r"\left")
            depth -= t.text in ("}", ")", "]", r"\right")
            if depth == 0 and t.text in RELATIONS:
                pieces.append((RELATIONS[t.text], []))
            else:
                pieces[-1][1].append(t)
        _, start = pieces[0]
        if start:
            if lines:
                raise _err(
                    "only the first row may have a left side; later rows start with &="
                    " (or &\\le …)",
                    start[0],
                )
            lines.append(Line(start[0].line, start[0].col, None, translate(start), ""))
        for rel, expr in pieces[1:]:
            if not lines:
                raise _err("the first row must start with an expression", row[0])
            if not expr:
                raise _err("a relation with no expression after it", row[-1])
            lines.append(Line(expr[0].line, expr[0].col, rel, translate(expr), note))
            note = ""
    if len(lines) < 2:
        raise StepsInputError(
            "a LaTeX derivation needs a first expression and at least one row '&= …'"
        )
    if len(lines) - 1 > MAX_LINKS:
        raise StepsInputError(f"the derivation has {len(lines) - 1} links; at most {MAX_LINKS}")
    return lines


# ============================================================ expressions

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
#: the fraction commands
FRACS = frozenset({r"\frac", r"\dfrac", r"\tfrac"})
#: the functions, and whether a prime (their derivative) is modelled
FUNCTIONS = {
    r"\sigma": "σ",
    "σ": "σ",
    r"\tanh": "tanh",
    r"\ln": "log",
    r"\log": "log",
    r"\exp": "exp",
}
PRIMED = frozenset({"σ", "tanh"})
#: names that belong to one training pair (x, y, z_j, a_j)
PER_PAIR = frozenset("xyza")
#: commands that are refused with a reason of their own (the rest: "is not accepted")
REFUSED = {
    r"\prod": "products \\prod are not modelled (only \\sum_{i=1}^{n} over the training pairs)",
    r"\partial": "\\partial is read only in a derivative \\frac{\\partial u}{\\partial v}",
    r"\|": "norms \\|…\\| are not modelled: every quantity of the chain is a number; use |…|",
    r"\Vert": "norms \\|…\\| are not modelled: every quantity of the chain is a number; use |…|",
    r"\lVert": "norms \\|…\\| are not modelled: every quantity of the chain is a number; use |…|",
    r"\top": "transposes are not modelled: every quantity of the chain is a number",
    r"\intercal": "transposes are not modelled: every quantity of the chain is a number",
    r"\delta": "δ is not a name of the checker: write the derivative atom"
    " \\frac{\\partial C}{\\partial z_j}",
}
#: tokens after which an operand is complete (for the pairing of bare bars |…|)
_CLOSERS = frozenset({")", "]", "}", r"\rvert"})
#: tokens that can start an operand
_STARTERS = frozenset(
    {"(", "[", "{", r"\left", r"\lvert", "-", "+", r"\mathrm", r"\sum", *FRACS, *FUNCTIONS}
)
#: tokens that end a factor (a product continues only with an operator or a new factor)
_ENDS = frozenset(
    {")", "]", "}", "+", "-", r"\right", r"\rvert", ",", "*", "/", r"\cdot", r"\times", r"\odot"}
    | {"^", "_", "'", "&"}
)
_PRODUCTS = (r"\cdot", r"\times", r"\odot", "*")


def _split_number(toks: list[Tok], i: int, where: str) -> None:
    """TeX reads one character as an unbraced argument: ``\\frac12`` is ``\\frac{1}{2}``.

    A run of digits at ``i`` is split into its first digit and the rest (in place); a decimal
    number there is refused (``\\frac1.5`` is not what it looks like)."""
    t = toks[i]
    if not _NUMBER.fullmatch(t.text) or len(t.text) == 1:
        return
    if not t.text.isdigit():
        raise _err(
            f"{where}{t.text} takes only the digit {t.text[0]} as its argument in TeX:"
            f" write {where}{{{t.text}}}",
            t,
        )
    toks[i : i + 1] = [Tok(t.text[0], t.line, t.col), Tok(t.text[1:], t.line, t.col + 1)]


class _Translator:
    """Recursive descent over the tokens of one expression, emitting the plain syntax.

    It reads what the LaTeX means or refuses it: nothing is dropped and nothing is guessed (a
    second derivative, a power written on a function, bounds of a sum, an ambiguous product …
    are refused with the reason and the place)."""

    def __init__(self, toks: list[Tok], sum_index: str | None = None) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.bare_abs = 0  # a bare |…| is open: a bare | closes it
        self.sum_index = sum_index
        self.superscripted = False  # the last primary carried a superscript already

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> Tok:
        t = self.peek()
        if t is None:
            raise _err("the expression ends too early", self.toks[-1] if self.toks else None)
        self.i += 1
        return t

    def expect(self, text: str, why: str = "") -> Tok:
        t = self.peek()
        if t is None or t.text != text:
            where = t or (self.toks[-1] if self.toks else None)
            raise _err(why or f"expected {text!r} here", where)
        return self.take()

    def enter(self, t: Tok | None) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _err(f"the expression is nested more than {MAX_DEPTH} levels deep", t)

    def skip_sizes(self) -> None:
        while (t := self.peek()) is not None and (t.text in SIZES or t.text in SPACING):
            self.i += 1

    def script(self, mark: Tok) -> list[Tok]:
        """The argument of ``^`` or ``_`` (``mark``): a group, or one token — never a run of
        digits, which TeX splits (``x^12`` is x¹·2)."""
        t = self.peek()
        if t is not None and _NUMBER.fullmatch(t.text) and len(t.text) > 1:
            raise _err(
                f"{mark.text}{t.text} is typeset by TeX as {mark.text}{{{t.text[0]}}}"
                f"{t.text[1:]}: write {mark.text}{{{t.text}}}",
                t,
            )
        grp, self.i = _group(self.toks, self.i)
        return grp

    # ------------------------------------------------------------ sums, products, powers

    def expr(self) -> str:
        self.enter(self.peek())
        out = self.term()
        while (t := self.peek()) is not None and t.text in ("+", "-"):
            self.take()
            out += f" {t.text} " + self.term()
        self.depth -= 1
        return out

    def starts_factor(self, t: Tok | None) -> bool:
        if t is None:
            return False
        if t.text == "|":
            return self.bare_abs == 0
        return not (t.text in _ENDS or t.text in RELATIONS)

    def term(self) -> str:
        out = last = self.unary()
        divided = False
        while True:
            self.skip_sizes()
            t = self.peek()
            if t is not None and (t.text in _PRODUCTS or t.text == "/"):
                self.take()
                op = "/" if t.text == "/" else "*"
                divided = divided or op == "/"
                last = self.unary()
                out = f"{out}{op}{last}"
            elif self.starts_factor(t):
                assert t is not None
                self._check_juxtaposition(t, last, divided)
                last = self.unary()
                out = f"{out}*{last}"
            else:
                return out

    def _check_juxtaposition(self, t: Tok, last: str, divided: bool) -> None:
        """Refuse the products whose reading is not unique."""
        if divided:
            raise _err(
                "a product written after '/' is ambiguous (is a/b c equal to (a/b)·c or to"
                " a/(b·c)?): write \\frac{…}{…}, parentheses or \\cdot",
                t,
            )
        if _NUMBER.fullmatch(t.text):
            raise _err(
                f"the number {t.text} right after another factor is ambiguous (TeX shows '2 2'"
                " as 22 and 'x 2' as x2): write \\cdot between the factors",
                t,
            )
        if _NUMBER.fullmatch(last) and t.text in FRACS and self._numeric_fraction():
            raise _err(
                f"{last} followed by a numeric fraction is ambiguous (a product, or a mixed"
                f" number like 2¼): write {last}\\cdot\\frac{{…}}{{…}} for the product",
                t,
            )

    def _numeric_fraction(self) -> bool:
        """The tokens at the cursor are \\frac with two arguments that are plain numbers (read
        as TeX reads them: ``\\frac12`` too)."""
        toks = list(self.toks[self.i + 1 :])  # a copy: the digits are split as \frac will
        try:
            if toks:
                _split_number(toks, 0, r"\frac")
            num, j = _group(toks, 0)
            if j < len(toks):
                _split_number(toks, j, r"\frac")
            den, _ = _group(toks, j)
        except StepsInputError:
            return False
        return all(len(g) == 1 and _NUMBER.fullmatch(g[0].text) for g in (num, den))

    def unary(self) -> str:
        self.skip_sizes()
        t = self.peek()
        if t is not None and t.text in ("-", "+"):
            self.take()
            self.enter(t)
            inner = self.unary()
            self.depth -= 1
            return f"({t.text}{inner})" if t.text == "-" else inner
        return self.postfix()

    def postfix(self) -> str:
        base = self.primary()
        sup = self.superscripted
        while (t := self.peek()) is not None and t.text in ("^", "'"):
            if t.text == "'":
                raise _err("a prime ' is read only right after \\sigma or \\tanh (σ′, tanh′)", t)
            if sup:
                raise _err(
                    "a second superscript (x^{2}^{3}, e^{x}^{2}) is not valid LaTeX: group the"
                    " base, as in {x^{2}}^{3} or \\left(e^{x}\\right)^{2}",
                    t,
                )
            self.take()
            grp = self.script(t)
            self._check_exponent(grp, t)
            base = f"{_wrap(base)}**{_wrap(self.sub_translate(grp, t))}"
            sup = True
        self.superscripted = False
        return base

    def _check_exponent(self, grp: list[Tok], caret: Tok) -> None:
        texts = [g.text for g in grp]
        if texts in (["T"], [r"\top"], [r"\intercal"]):
            raise _err(
                "transposes are not modelled: every quantity of the chain is a number", caret
            )
        if texts and all(x in (r"\prime", "'") for x in texts):
            raise _err("a prime is read only right after \\sigma or \\tanh (σ′, tanh′)", caret)
        if len(texts) >= 3 and texts[0] == "(" and _closes_at_end(texts):
            raise _err(
                f"the superscript ^{{{_plain(grp)}}} reads both as a power and as an index (the"
                " training pair x^{(i)}): write the power without parentheses, ^{2}; a pair index"
                " is read only as x^{(i)}, y^{(i)}, z_j^{(i)}, a_j^{(i)} inside \\sum_{i=1}^{n}",
                caret,
            )

    # ------------------------------------------------------------ primaries

    def primary(self) -> str:
        self.skip_sizes()
        t = self.take()
        s = t.text
        self.superscripted = False
        if _NUMBER.fullmatch(s):
            return s
        if s in ("(", "[", "{", r"\left", r"\lvert", "|"):
            out = self.group(t)
            self.superscripted = False
            return out
        if s in FRACS:
            return self.fraction(t)
        if s in FUNCTIONS:
            return self.function(t)
        if s == r"\sum":
            return self.sum(t)
        if s in ("e", r"\mathrm"):
            return self.exponential(t)
        if len(s) == 1 and s.isalpha():
            return self.name(t)
        if s in REFUSED:
            raise _err(REFUSED[s], t)
        if s.startswith("\\"):
            raise _err(
                f"LaTeX command {s} is not accepted (only \\frac, \\sigma, \\tanh, \\ln, \\log,"
                " \\exp, \\sum_{i=1}^{n}, \\cdot, \\times, \\odot, \\left( … \\right), |…|,"
                " \\partial in derivatives, spacing)",
                t,
            )
        raise _err(f"{s!r} cannot start an expression here", t)

    def group(self, t: Tok) -> str:
        """``( … )``, ``[ … ]``, ``{ … }``, ``\\left( … \\right)``, ``|…|``, ``\\lvert … \\rvert``
        (an absolute value closes with the same kind of bar)."""
        self.enter(t)
        s = t.text
        explicit = s == r"\left"
        if explicit:
            opener = self.take()
            s = {"(": "(", "[": "[", "|": "|", r"\lvert": r"\lvert"}.get(opener.text, "")
            if not s:
                raise _err(f"\\left{opener.text} is not accepted", opener)
        is_abs = s in ("|", r"\lvert")
        saved = self.bare_abs
        self.bare_abs = 1 if (s == "|" and not explicit) else 0
        inner = self.expr()
        self.bare_abs = saved
        self.skip_sizes()
        if self.peek() is None:
            raise _err(f"this {t.text} is never closed", t)
        end = self.take()
        if explicit:
            if end.text != r"\right":
                raise _err(f"this \\left{s} is closed without \\right", end)
            if self.peek() is None:
                raise _err(f"this \\left{s} is never closed", t)
            end = self.take()
        if is_abs:
            if end.text != {"|": "|", r"\lvert": r"\rvert"}[s]:
                raise _err(f"an absolute value opened by {s} must close with the same bar", end)
        elif end.text not in {"(": (")", "]"), "[": ("]", ")"), "{": ("}",)}[s]:
            # ( and [ close each other (the grouping is the same); a brace group only with }
            closer = {"(": ")", "[": "]", "{": "}"}[s]
            raise _err(f"expected a closing {closer!r} here", end)
        self.depth -= 1
        return f"abs({inner})" if is_abs else f"({inner})"

    def fraction(self, t: Tok) -> str:
        if self.i < len(self.toks):
            _split_number(self.toks, self.i, t.text)
        num, self.i = _group(self.toks, self.i)
        if self.i < len(self.toks):
            _split_number(self.toks, self.i, t.text + "{" + _plain(num) + "}")
        den, self.i = _group(self.toks, self.i)
        atom = _derivative(num, den, self.sum_index, t)
        if atom:
            return atom
        top = _wrap(self.sub_translate(num, t))
        return f"({top}/{_wrap(self.sub_translate(den, t))})"

    def function(self, t: Tok) -> str:
        r"""``\sigma(z)``, ``\sigma'(z)``, ``\tanh'(z)``, ``\ln x``, ``\exp(…)``: the argument in
        parentheses (a power after it is a power of the value: ``\sigma(z)^2`` = (σ(z))²), or
        one bare operand with nothing after it that could belong to it."""
        name = FUNCTIONS[t.text]
        primes = 0
        while (p := self.peek()) is not None and p.text in ("'", "^"):
            if p.text == "'":
                self.take()
                primes += 1
                continue
            grp, j = _group(self.toks, self.i + 1)
            texts = [g.text for g in grp]
            if not (texts and all(x in (r"\prime", "'") for x in texts)):
                raise _err(
                    f"a power written on the function ({t.text}^{{{_plain(grp)}}}(z)) is"
                    " ambiguous — a power of the value, an iterate or the inverse: write"
                    f" {t.text}(z)^{{2}} for (σ(z))², {t.text}({t.text}(z)) for the iterate",
                    p,
                )
            self.i = j
            primes += len(texts)
        if primes and name not in PRIMED:
            raise _err(f"a prime on {t.text} is not accepted (only σ′ and tanh′ are modelled)", t)
        if primes > 1:
            raise _err(
                f"{t.text} with {primes} primes (a derivative of order {primes}) is not modelled"
                " by the checker: only the first derivatives σ′ and tanh′ are",
                t,
            )
        if primes:
            name += "'"
        self.skip_sizes()
        p = self.peek()
        if p is None:
            raise _err(f"{t.text} needs an argument", t)
        if p.text == "_":
            raise _err(
                f"a subscript on {t.text} is not accepted (\\ln and \\log are the natural"
                " logarithm; no other base is modelled)",
                p,
            )
        after = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        delimited = p.text in ("(", "[") or (
            p.text == r"\left" and after is not None and after.text in ("(", "[")
        )
        arg = self.primary()
        if not delimited:
            self.skip_sizes()
            nxt = self.peek()
            if self.superscripted or (
                nxt is not None and (nxt.text in ("^", "_") or self.starts_factor(nxt))
            ):
                where = nxt if nxt is not None else p
                raise _err(
                    f"the argument of {t.text} without parentheses is ambiguous here ({t.text} x^2"
                    f" or {t.text} 2x: which part is the argument?): write {t.text}(…)",
                    where,
                )
        self.superscripted = False
        return f"{name}{arg}" if _grouped(arg) else f"{name}({arg})"

    def exponential(self, t: Tok) -> str:
        """``e^{…}`` (or ``\\mathrm{e}^{…}``): the exponential."""
        if t.text == r"\mathrm":
            grp, self.i = _group(self.toks, self.i)
            if [g.text for g in grp] != ["e"]:
                raise _err("\\mathrm{…} is only accepted for e", t)
        p = self.peek()
        if p is None or p.text != "^":
            raise _err("e is only accepted as e^{…} (the exponential)", t)
        self.take()
        grp = self.script(p)
        g = self.sub_translate(grp, t)
        self.superscripted = True
        return f"exp{g}" if _grouped(g) else f"exp({g})"

    def name(self, t: Tok) -> str:
        """A letter with its layer subscript and, inside ``\\sum_{i=1}^{n}``, the pair index
        (``x_i``, ``y^{(i)}``, ``z_{1,i}``, ``z_1^{(i)}``), which each per-pair name must carry."""
        s = t.text
        if s not in NAMES:
            raise _err(f"unknown letter {s!r}: the variables are w_j, b_j, x, y, z_j, a_j, n", t)
        name, indexed = s, False
        p = self.peek()
        if p is not None and p.text == "_":
            self.take()
            grp = self.script(p)
            digits, indexed = _subscript(s, grp, self.sum_index, p)
            name += digits
        p = self.peek()
        sup = False
        if p is not None and p.text == "^" and self.sum_index is not None:
            grp, j = _group(self.toks, self.i + 1)
            if [g.text for g in grp] == ["(", self.sum_index, ")"]:
                if s not in PER_PAIR:
                    raise _err(f"{s} is shared by all training pairs: it has no pair index", p)
                if indexed:
                    raise _err("the pair index is written twice", p)
                self.i, indexed, sup = j, True, True
        if self.sum_index is not None and s in PER_PAIR and not indexed:
            raise _err(
                f"inside \\sum_{{{self.sum_index}=1}}^{{n}}, {s} belongs to one training pair:"
                f" write its index ({s}_{self.sum_index} or {s}^{{({self.sum_index})}}; z_{{1,"
                f"{self.sum_index}}} or z_1^{{({self.sum_index})}})",
                t,
            )
        self.superscripted = sup
        return name

    def sum(self, t: Tok) -> str:
        """``\\sum_{i=1}^{n}`` — the sum over the n training pairs, the only one modelled."""
        if self.sum_index is not None:
            raise _err("sums cannot be nested", t)
        while (p := self.peek()) is not None and p.text in (r"\limits", r"\nolimits"):
            self.take()
        shape = "write the sum over the training pairs as \\sum_{i=1}^{n}"
        mark = self.expect("_", shape)
        low = self.script(mark)
        texts = [g.text for g in low]
        if not (len(texts) == 3 and texts[1] == "=" and len(texts[0]) == 1 and texts[0].isalpha()):
            raise _err(f"the sum's lower bound {{{_plain(low)}}} is not understood: {shape}", t)
        index = texts[0]
        if index in NAMES:
            raise _err(f"the sum's index {index!r} is a name of the network: use i, j or k", low[0])
        mark = self.expect("^", shape)
        high = self.script(mark)
        if texts[2] != "1" or [g.text for g in high] != ["n"]:
            raise _err(
                f"the sum runs from {index} = {texts[2]} to {_plain(high)}: only sums over all the"
                f" training pairs, {index} = 1 … n, are modelled ({shape})",
                t,
            )
        self.sum_index = index
        body = self.term()
        self.sum_index = None
        self.superscripted = False
        return f"sum({body})"

    def sub_translate(self, toks: list[Tok], where: Tok) -> str:
        if not toks:
            raise _err("an empty group {} in an expression", where)
        sub = _Translator(toks, self.sum_index)
        sub.depth = self.depth
        sub.enter(where)
        out = sub.expr()
        if (left := sub.peek()) is not None:
            raise _err(f"{left.text!r} is not expected here", left)
        return out


def _closes_at_end(texts: list[str]) -> bool:
    """``texts`` is one parenthesised group ``( … )`` from its first to its last token."""
    depth = 0
    for k, x in enumerate(texts):
        depth += x == "("
        depth -= x == ")"
        if depth == 0:
            return k == len(texts) - 1
    return False


def _subscript(base: str, grp: list[Tok], sum_index: str | None, mark: Tok) -> tuple[str, bool]:
    """A subscript: a layer number (``w_{1}`` → ``1``; no leading zero), the pair index of the
    enclosing sum on x and y (``x_i``), or both on z and a (``z_{1,i}``, ``z_{i,1}``).

    Returns the digits and whether the pair index was written."""
    texts = [g.text for g in grp]
    at = grp[0] if grp else mark
    idx = sum_index

    def layer(d: str) -> str:
        if not d.isdigit():
            raise _err(f"subscript {{{_plain(grp)}}}: {d!r} is not a layer number", at)
        if len(d) > 1 and d[0] == "0":
            raise _err(f"subscript {{{_plain(grp)}}}: a layer number has no leading zero", at)
        return d

    if len(texts) == 1 and texts[0] != idx:
        return layer(texts[0]), False
    if idx is not None and texts == [idx]:
        if base not in ("x", "y"):
            raise _err(
                f"{base}_{idx}: the pair index goes with a layer number on z and a ({base}_{{1,"
                f"{idx}}}); w and b are shared by all pairs"
                if base in ("z", "a")
                else f"{base} is shared by all training pairs: it has no pair index",
                at,
            )
        return "", True
    if idx is not None and len(texts) == 3 and texts[1] == "," and idx in (texts[0], texts[2]):
        if base not in ("z", "a"):
            raise _err(f"{base}_{{{_plain(grp)}}}: only z and a have a layer and a pair index", at)
        return layer(texts[2] if texts[0] == idx else texts[0]), True
    raise _err(
        f"subscript {{{_plain(grp)}}} is not understood: write a layer number (w_1, z_{{2}})"
        " or, inside \\sum_{i=1}^{n}, the pair index (x_i, z_{1,i})",
        at,
    )


_QTY = re.compile(r"^(C|[azwbx])$")


def _derivative(num: list[Tok], den: list[Tok], sum_index: str | None, where: Tok) -> str:
    """``\\frac{\\partial C}{\\partial w_1}`` (or d, \\mathrm{d}) → ``dC/dw1``; ``''`` when the
    fraction is not a derivative. Inside ``\\sum_{i=1}^{n}`` a per-pair quantity (a_j, z_j, x)
    carries the pair index (``z_1^{(i)}``, ``z_{1,i}``, ``x_i``); outside it carries none."""

    def prefix(texts: list[str]) -> list[str] | None:
        if texts[:1] == [r"\partial"] or texts[:1] == ["d"]:
            return texts[1:]
        if texts[:4] == [r"\mathrm", "{", "d", "}"]:
            return texts[4:]
        return None

    def quantity(texts: list[str]) -> str | None:
        if not texts or not _QTY.match(texts[0]):
            return None
        name, rest = texts[0], texts[1:]
        index, paired = "", False
        if rest[:1] == ["_"]:
            rest = rest[1:]
            if rest[:1] == ["{"]:
                if "}" not in rest:
                    return None
                k = rest.index("}")
                inner, rest = rest[1:k], rest[k + 1 :]
            else:
                inner, rest = rest[:1], rest[1:]
            if len(inner) == 1 and inner[0].isdigit() and not inner[0].startswith("0"):
                index = inner[0]
            elif len(inner) == 1 and inner[0].isdigit() and inner[0] == "0":
                index = "0"
            elif sum_index is not None and inner == [sum_index] and name == "x":
                paired = True
            elif (
                sum_index is not None
                and len(inner) == 3
                and inner[1] == ","
                and sum_index in (inner[0], inner[2])
                and name in ("a", "z")
            ):
                index = inner[2] if inner[0] == sum_index else inner[0]
                paired = index.isdigit()
                if not paired:
                    return None
            else:
                return None
        if sum_index is not None and rest == ["^", "{", "(", sum_index, ")", "}"]:
            if paired:
                return None
            paired, rest = True, []
        if rest or (name in "wb" and not index) or (name == "C" and index):
            return None
        per_pair = name in ("a", "z", "x")
        if per_pair and sum_index is not None and not paired:
            raise _err(
                f"inside \\sum_{{{sum_index}=1}}^{{n}}, ∂{name}{index}: a derivative of (or by)"
                f" a per-pair quantity carries the pair index, as in z_{{1}}^{{({sum_index})}}",
                where,
            )
        if paired and not per_pair:
            return None
        return name + index

    top_t, bottom_t = prefix([t.text for t in num]), prefix([t.text for t in den])
    if top_t is None or bottom_t is None:
        return ""
    top, bottom = quantity(top_t), quantity(bottom_t)
    if top is None or bottom is None:
        raise _err(
            f"the derivative \\frac{{{_plain(num)}}}{{{_plain(den)}}} is not understood: write"
            " \\frac{\\partial u}{\\partial v} with u one of C, a_j, z_j and v one of w_j, b_j,"
            " a_j, z_j, x (first derivatives only)",
            where,
        )
    if top == "C":
        return f"dC/d{bottom}"
    return f"d({top})/d({bottom})"


def _grouped(s: str) -> bool:
    """``s`` is one parenthesised group ``( … )`` from its first to its last character."""
    if not (s.startswith("(") and s.endswith(")")):
        return False
    depth = 0
    for k, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and k < len(s) - 1:
            return False
    return True


def _wrap(s: str) -> str:
    """``s`` in parentheses unless it is a name, a number or already one group or call."""
    if re.fullmatch(r"[A-Za-z0-9_.]+", s) or _grouped(s):
        return s
    m = re.fullmatch(r"[A-Za-z_σ']+(\(.*\))", s)
    if m and _grouped(m.group(1)):
        return s
    return f"({s})"


def _bar_readings(toks: list[Tok]) -> int:
    """In how many ways (counted up to 2) the bare bars ``|`` of an expression pair up.

    A bar after a complete operand may close the innermost open ``|…|`` or open a new one (a
    product: ``|x|y|z|`` is |x|·y·|z| or |x·|y|·z|); elsewhere it can only open. Parentheses
    are ignored, so the count can only be too high: 1 means the reading is unique."""
    view = [t for t in toks if t.text not in SIZES and t.text not in SPACING]
    explicit = {
        k for k, t in enumerate(view) if k > 0 and view[k - 1].text in (r"\left", r"\right")
    }
    bars = [k for k, t in enumerate(view) if t.text == "|" and k not in explicit]
    if len(bars) < 3:
        return 1
    if len(bars) > MAX_BARS:
        raise _err(
            f"more than {MAX_BARS} bars | in one expression: write absolute values as"
            " \\left| … \\right|",
            view[bars[MAX_BARS]],
        )
    is_bar = set(bars)

    def ends_operand(t: Tok) -> bool:
        s = t.text
        return bool(_NUMBER.fullmatch(s)) or (len(s) == 1 and s.isalpha()) or s in _CLOSERS

    def starts_operand(t: Tok | None) -> bool:
        if t is None:
            return False
        s = t.text
        return (
            bool(_NUMBER.fullmatch(s))
            or (len(s) == 1 and s.isalpha())
            or s in _STARTERS
            or s == "|"
        )

    # state: (open bars, role of the previous bar if it is the token just before) -> count
    states: dict[tuple[int, str], int] = {(0, ""): 1}
    for k in bars:
        before = view[k - 1] if k > 0 else None
        after = view[k + 1] if k + 1 < len(view) else None
        new: dict[tuple[int, str], int] = {}
        fixed = before is not None and k - 1 not in is_bar
        if fixed and k - 1 in explicit:
            fixed_operand = view[k - 2].text == r"\right"
        else:
            fixed_operand = fixed and before is not None and ends_operand(before)
        can_open = starts_operand(after)
        for (depth, prev), count in states.items():
            operand = fixed_operand if fixed or before is None else prev == "close"
            moves = []
            if can_open:
                moves.append((depth + 1, "open"))
            if operand and depth > 0:
                moves.append((depth - 1, "close"))
            for key in moves:
                new[key] = min(2, new.get(key, 0) + count)
        states = {(d, r): c for (d, r), c in new.items()}
    return min(2, sum(c for (d, _), c in states.items() if d == 0))


def translate(toks: list[Tok]) -> str:
    """One expression's tokens → the plain syntax (refusing anything not listed above)."""
    if _bar_readings(toks) > 1:
        first = next(t for t in toks if t.text == "|")
        raise _err(
            "the bars |…| of this expression pair up in more than one way (|x|y|z| is |x|·y·|z|"
            " or |x·|y|·z|): write the inner ones as \\left| … \\right| or put \\cdot between"
            " the factors — the reading is ambiguous",
            first,
        )
    tr = _Translator(toks)
    out = tr.expr()
    if tr.peek() is not None:
        t = tr.peek()
        raise _err(f"{t.text!r} is not expected here", t)  # type: ignore[union-attr]
    return out
