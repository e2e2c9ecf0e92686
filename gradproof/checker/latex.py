r"""LaTeX derivations → the plain expression syntax of ``gradproof check`` (a translation, never
an evaluation: no TeX engine runs, no macro is expanded, and the result is parsed by the same
whitelist parser as any typed expression).

Accepted: the rows of an ``align``/``align*``/``aligned`` environment (or bare rows, optionally
inside ``\[ … \]`` or ``$$ … $$``), separated by ``\\``, each with a relation ``=``, ``<``, ``>``,
``\le``/``\leq``, ``\ge``/``\geq`` (``&`` only aligns); only the first row may have a left side.
``%`` comments, ``\text{…}`` and ``\mbox{…}`` are the row's justification; ``\label{…}``,
``\tag{…}``, ``\nonumber``, ``\notag`` and spacing (``\,`` ``\;`` ``\quad`` …) are dropped.

In expressions: numbers, the letters of the network (``w_1``, ``b_{2}``, ``x``, ``y``, ``z_3``,
``a_4``, ``n``), ``+ - * /``, ``\cdot``, ``\times``, juxtaposition (multiplication), ``{…}``,
``(…)``, ``[…]``, ``\left(``…``\right)``, ``|…|``, ``\left|``…``\right|``, ``^{k}``,
``\frac{…}{…}`` (``\dfrac``, ``\tfrac``), ``\sigma``, ``\sigma'`` (``\sigma^{\prime}``),
``\tanh``, ``\ln``, ``\log``, ``\exp``, ``e^{…}``, ``\sum_{i=1}^{n}`` (its index dropped from
``x_i``, ``y^{(i)}`` …), and derivative atoms ``\frac{\partial C}{\partial w_1}``,
``\frac{dC}{dw_1}``, ``\frac{\partial a_4}{\partial z_4}``. Any other command — ``\input``,
``\def``, ``\newcommand``, ``\csname``, ``\catcode`` … — any other environment, and nesting deeper
than :data:`MAX_DEPTH` are refused with the line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gradproof.checker.steps import MAX_LINKS, MAX_TEXT, Line, StepsInputError

MAX_DEPTH = 40
MAX_TOKENS = 6000
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
FUNCTIONS = {r"\sigma": "σ", r"\tanh": "tanh", r"\ln": "log", r"\log": "log", r"\exp": "exp"}
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
        m = re.search(r"(?<!\\)%", full)
        body = full if m is None else full[: m.start()]
        if m is not None:
            comments[number] = full[m.end() :].strip()
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


class _Translator:
    """Recursive descent over the tokens of one expression, emitting the plain syntax."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.in_abs = 0
        self.sum_index: str | None = None

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> Tok:
        t = self.peek()
        if t is None:
            raise _err("the expression ends too early", self.toks[-1] if self.toks else None)
        self.i += 1
        return t

    def expect(self, text: str) -> Tok:
        t = self.peek()
        if t is None or t.text != text:
            raise _err(f"expected {text!r} here", t or (self.toks[-1] if self.toks else None))
        return self.take()

    def enter(self, t: Tok | None) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _err(f"the expression is nested more than {MAX_DEPTH} levels deep", t)

    def skip_sizes(self) -> None:
        while (t := self.peek()) is not None and (t.text in SIZES or t.text in SPACING):
            self.i += 1

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
            return self.in_abs == 0
        closing = (")", "]", "}", "+", "-", r"\right", r"\rvert", ",")
        return not (t.text in closing or t.text in RELATIONS)

    def term(self) -> str:
        out = self.unary()
        while True:
            self.skip_sizes()
            t = self.peek()
            if t is not None and t.text in ("*", "/", r"\cdot", r"\times"):
                self.take()
                op = "/" if t.text == "/" else "*"
                out = f"{out}{op}{self.unary()}"
            elif self.starts_factor(t):
                out = f"{out}*{self.unary()}"
            else:
                return out

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
        while (t := self.peek()) is not None and t.text == "^":
            self.take()
            grp, self.i = _group(self.toks, self.i)
            if self._pair_superscript(grp):
                continue
            base = f"{_wrap(base)}**{_wrap(self.sub_translate(grp, t))}"
        return base

    def _pair_superscript(self, grp: list[Tok]) -> bool:
        """``^{(i)}``: the training-pair index of ``\\sum_i``, dropped."""
        return (
            len(grp) == 3
            and grp[0].text == "("
            and grp[2].text == ")"
            and grp[1].text == self.sum_index
        )

    def call(self, name: str) -> str:
        self.skip_sizes()
        t = self.peek()
        if t is None:
            raise _err(f"{name} needs an argument", self.toks[-1])
        arg = self.postfix()
        return f"{name}{arg}" if _grouped(arg) else f"{name}({arg})"

    def primary(self) -> str:
        self.skip_sizes()
        t = self.take()
        s = t.text
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", s):
            return s
        if s in ("(", "[", "{", r"\left", r"\lvert", "|"):
            self.enter(t)
            if s == r"\left":
                opener = self.take()
                s = {"(": "(", "[": "(", "|": "|", r"\{": "("}.get(opener.text, "")
                if not s:
                    raise _err(f"\\left{opener.text} is not accepted", opener)
            closers = {"(": ")", "[": "]", "{": "}", "|": "|", r"\lvert": r"\rvert"}
            is_abs = s in ("|", r"\lvert")
            self.in_abs += is_abs
            inner = self.expr()
            self.in_abs -= is_abs
            self.skip_sizes()
            if self.peek() is None:
                raise _err(f"this {t.text} is never closed", t)
            end = self.take()
            if end.text == r"\right":
                end = self.take()
            if end.text not in (closers[s], ")", "]") and not (is_abs and end.text == "|"):
                raise _err(f"expected a closing {closers[s]!r} here", end)
            self.depth -= 1
            return f"abs({inner})" if is_abs else f"({inner})"
        if s in (r"\frac", r"\dfrac", r"\tfrac"):
            num, self.i = _group(self.toks, self.i)
            den, self.i = _group(self.toks, self.i)
            atom = _derivative(num, den)
            if atom:
                return atom
            top = _wrap(self.sub_translate(num, t))
            return f"({top}/{_wrap(self.sub_translate(den, t))})"
        if s == r"\sigma" or s == "σ":
            prime = False
            while (p := self.peek()) is not None and p.text in ("'", "^"):
                if p.text == "'":
                    self.take()
                    prime = True
                    continue
                grp, j = _group(self.toks, self.i + 1)
                if [g.text for g in grp] == [r"\prime"]:
                    self.i = j
                    prime = True
                    continue
                break
            return self.call("σ'" if prime else "σ")
        if s in FUNCTIONS:
            if s == r"\tanh" and (p := self.peek()) is not None and p.text == "'":
                self.take()
                return self.call("tanh'")
            return self.call(FUNCTIONS[s])
        if s == r"\sum":
            return self.sum(t)
        if s in ("e", r"\mathrm"):
            if s == r"\mathrm":
                grp, self.i = _group(self.toks, self.i)
                if [g.text for g in grp] != ["e"]:
                    raise _err("\\mathrm{…} is only accepted for e", t)
            p = self.peek()
            if p is None or p.text != "^":
                raise _err("e is only accepted as e^{…} (the exponential)", t)
            self.take()
            grp, self.i = _group(self.toks, self.i)
            g = self.sub_translate(grp, t)
            return f"exp{g}" if _grouped(g) else f"exp({g})"
        if len(s) == 1 and s.isalpha():
            if s not in NAMES:
                raise _err(
                    f"unknown letter {s!r}: the variables are w_j, b_j, x, y, z_j, a_j, n", t
                )
            name = s
            p = self.peek()
            if p is not None and p.text == "_":
                self.take()
                grp, self.i = _group(self.toks, self.i)
                name += _sub(grp, self.sum_index)
            return name
        if s.startswith("\\"):
            raise _err(
                f"LaTeX command {s} is not accepted (only \\frac, \\sigma, \\cdot, \\left( …"
                " \\right), \\ln, \\log, \\exp, \\tanh, \\sum, \\partial in derivatives, spacing)",
                t,
            )
        raise _err(f"{s!r} cannot start an expression here", t)

    def sub_translate(self, toks: list[Tok], where: Tok) -> str:
        if not toks:
            raise _err("an empty group {} in an expression", where)
        sub = _Translator(toks)
        sub.depth = self.depth
        sub.sum_index = self.sum_index
        sub.enter(where)
        out = sub.expr()
        if sub.peek() is not None:
            raise _err(f"{sub.peek().text!r} is not expected here", sub.peek())  # type: ignore[union-attr]
        return out

    def sum(self, t: Tok) -> str:
        if self.sum_index is not None:
            raise _err("sums cannot be nested", t)
        self.expect("_")
        low, self.i = _group(self.toks, self.i)
        if not (len(low) >= 1 and low[0].text.isalpha() and len(low[0].text) == 1):
            raise _err("write the sum as \\sum_{i=1}^{n}", t)
        self.expect("^")
        _, self.i = _group(self.toks, self.i)
        self.sum_index = low[0].text
        body = self.term()
        self.sum_index = None
        return f"sum({body})"


def _sub(grp: list[Tok], sum_index: str | None) -> str:
    """A subscript: digits (``w_{12}`` → ``12``); the sum's index is dropped (``x_i`` → ``x``)."""
    texts = [g.text for g in grp if g.text != ","]
    texts = [x for x in texts if x != sum_index]
    joined = "".join(texts)
    if joined and not re.fullmatch(r"[0-9]+", joined):
        raise _err(f"subscript {{{_plain(grp)}}} is not a number", grp[0] if grp else None)
    return joined


_QTY = re.compile(r"^(C|[azwbx])$")


def _derivative(num: list[Tok], den: list[Tok]) -> str:
    """``\\frac{\\partial C}{\\partial w_1}`` (or d, \\mathrm{d}) → ``d(C)/d(w1)``; else ''."""

    def quantity(toks: list[Tok]) -> str | None:
        texts = [t.text for t in toks]
        if texts[:1] == [r"\partial"] or texts[:1] == ["d"]:
            texts = texts[1:]
        elif texts[:4] == [r"\mathrm", "{", "d", "}"]:
            texts = texts[4:]
        else:
            return None
        if not texts or not _QTY.match(texts[0]):
            return None
        name = texts[0]
        rest = texts[1:]
        if rest[:1] == ["_"]:
            rest = rest[1:]
            if rest[:1] == ["{"] and rest[-1:] == ["}"]:
                rest = rest[1:-1]
            index = "".join(rest)
            if not re.fullmatch(r"[0-9]+", index):
                return None
            return name + index
        return name if not rest else None

    top, bottom = quantity(num), quantity(den)
    if top is None or bottom is None:
        return ""
    return f"dC/d{bottom}" if top == "C" else f"d({top})/d({bottom})"


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


def translate(toks: list[Tok]) -> str:
    """One expression's tokens → the plain syntax (refusing anything not listed above)."""
    tr = _Translator(toks)
    out = tr.expr()
    if tr.peek() is not None:
        t = tr.peek()
        raise _err(f"{t.text!r} is not expected here", t)  # type: ignore[union-attr]
    return out
