"""What a text must not show a reader: pure functions over strings (no SymPy import), used by
``docs/check_math.py`` (``make docs-check``) on the built pages and by the tests on every
claim's statement, evidence result and ``gradproof show`` text (``tests/test_notation.py``);
unit-tested in ``tests/test_docs_check.py``.

Each detector takes the text of one block as the browser shows it (a paragraph, a list item, a
table cell, a ``<pre>`` with its line breaks; ``<math>`` excluded) and returns short
descriptions of what it found, empty when the text is clean:

* :func:`ascii_art_in`: 2-D text diagrams (SymPy's ``pretty()``): box-drawing and bracket-piece
  characters, ∑/∏ drawn with ``___``/``‾‾‾`` and ``╲``/``╱``, fraction bars (a run of ``─``,
  ``—``, ``-`` or ``_`` with text right above and right below it in a multi-line block);
* :func:`wrap_marks_in`: the ``↪`` that marks a line wrapped by a printer;
* :func:`raw_tex_in`: TeX source: a ``\\word`` command, ``_{``/``__{``/``^{``, ``$…$`` holding
  TeX;
* :func:`sympy_syntax_in`: SymPy/Python spelling of mathematics: ``Eq(``, ``Abs(``,
  ``Derivative(`` … and ``exp(``/``sqrt(``/``log(``, ``**``, ``*`` between operands, ``<=``
  ``>=`` ``!=`` ``==``, ``x[i]`` indexing, ``&``/``|`` between relations, ``oo``, NumPy reprs
  (``np.float64(1.0)``), SymPy's double-underscore names (``\\delta__{l}``);
* :func:`repeated_rows`: identical consecutive rows of a derivation table;
* :func:`repeated_conjuncts`: a conjunct printed twice in one formal statement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# ----------------------------------------------------------------- (a) ASCII-art math

#: Characters that only a text diagram draws: box drawing (U+2500–257F: ─ │ ┬ ╭ ╲ ╱ …), the
#: bracket pieces ⎛⎜⎝⎞⎟⎠ ⎡⎢⎣⎤⎥⎦ ⎧⎨⎩⎫⎬⎭ ⎪ ⎮ ⌠⌡ (U+239B–23B3, U+2320/2321) and the overline ‾.
DIAGRAM_CHARS = re.compile(r"[\u2500-\u257f\u239b-\u23b3\u2320\u2321\u203e]")
#: ∑/∏ drawn as ``___`` over ``╲``/``╱`` (the glyphs are caught above; the bar here), or any
#: run of three underscores: never prose.
UNDERSCORE_BAR = re.compile(r"_{3,}")
#: a fraction bar drawn in ASCII or with dashes: a run of at least three of — - _ standing
#: alone (blank or the line's end on both sides); a bar of ─ is caught as a diagram character
BAR = re.compile(r"(?<!\S)[\u2014\-_]{3,}(?!\S)")


def ascii_art_in(text: str) -> list[str]:
    """2-D text diagrams in ``text``: diagram characters anywhere, ``___`` bars, and in a
    multi-line block a fraction bar (a run of ``—``/``-``/``_``) with non-blank text in the
    line above and the line below within the bar's columns."""
    found: list[str] = []
    chars = sorted(set(DIAGRAM_CHARS.findall(text)))
    if chars:
        found.append("text-diagram characters " + " ".join(chars))
    if UNDERSCORE_BAR.search(text):
        found.append("a bar of underscores (a drawn ∑/∏ or fraction)")
    bar = drawn_fraction(text.split("\n"))
    if bar:
        found.append(bar)
    return found


def drawn_fraction(lines: Sequence[str]) -> str:
    """The first fraction drawn as text in ``lines``: a bar with non-blank text (not itself a
    bar) in the line above and the line below within the bar's columns; ``""`` when none."""
    for i in range(1, len(lines) - 1):
        for m in BAR.finditer(lines[i]):
            a, b = m.span()
            above, below = lines[i - 1][a:b].strip(), lines[i + 1][a:b].strip()
            if above and below and not BAR.search(above) and not BAR.search(below):
                return f"a fraction drawn as text: {above!r} over {below!r}"
    return ""


# ----------------------------------------------------------------- (b) wrap marks

WRAP_MARK = "\u21aa"  # ↪


def wrap_marks_in(text: str) -> list[str]:
    """The ``↪`` a printer puts where it wrapped a line (the reader sees a broken formula)."""
    n = text.count(WRAP_MARK)
    return [f"{n} wrap mark{'s' if n > 1 else ''} ↪"] if n else []


# ----------------------------------------------------------------- (c) raw TeX

TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
TEX_SCRIPT = re.compile(r"_{1,2}\{|\^\{")
#: ``$…$`` around TeX (a backslash, a brace or a script inside): math left to a JavaScript
#: renderer that does not run
TEX_DOLLARS = re.compile(r"\$[^$\n]*[\\{}_^][^$\n]*\$")


def raw_tex_in(text: str) -> list[str]:
    """TeX source left in visible text: ``\\frac``, ``\\sigma`` or any ``\\word``; ``_{``,
    ``__{``, ``^{``; ``$…$`` holding TeX."""
    found = [f"TeX {c}" for c in sorted(set(TEX_COMMAND.findall(text)))]
    found += [f"TeX script {s}" for s in sorted(set(TEX_SCRIPT.findall(text)))]
    if TEX_DOLLARS.search(text):
        found.append("TeX between $ signs")
    return found


# ----------------------------------------------------------------- (d) SymPy/Python syntax

#: SymPy class and function names a printed formula spells out (``Eq(x, y)`` for x = y, …).
#: Not preceded by a letter, digit, ``_`` or ``.`` (``np.exp(`` names a NumPy function in a
#: code reference; ``Sum(`` is never prose, ``f(x)`` and ``C(a)`` are).
SYMPY_CALL = re.compile(
    r"(?<![\w.])("
    r"Eq|Ne|Lt|Le|Gt|Ge|Abs|Derivative|Subs|Sum|Product|Integral|Limit|Implies|Equivalent"
    r"|Piecewise|And|Or|Not|Xor|ITE|Function|Symbol|Dummy|Wild|Integer|Rational|Float|Mul|Add"
    r"|Pow|Lambda|Tuple|Indexed|IndexedBase|Idx|Max|Min|Heaviside|KroneckerDelta|Matrix"
    r"|exp|sqrt|log|re|im|conjugate"
    r")\("
)
POWER = re.compile(r"\*\*")
#: ``*`` between two operands (``a*b``, ``2 * x``, ``(…)*σ``): a letter, digit, prime, ``)``
#: or ``]`` before, a letter, digit or ``(`` after
TIMES = re.compile(r"[\w′)\]](?:\*| \* )(?![⁰¹²³⁴⁵⁶⁷⁸⁹])[\w(]")
COMPARISON = re.compile(r"<=|>=|!=|==")
#: ``x[i]``, ``w_j[k]``: a short name (a symbol, at most 6 characters) directly followed by a
#: bracketed index (``[1, 2]`` after a space, a citation ``[Nie15]`` after a space, an interval
#: ``[0, 1]``, a package's extra ``gradproof[experiment]`` and the expectation ``E[X]`` are
#: not indexing)
#: ``E[X]``, the expectation, is the one bracketed argument of mathematics: never indexing
INDEXING = re.compile(r"(?<![\w.])(?!E\[)[^\W\d]\w{0,5}\[[^\]\s][^\]]*\]")
RELATION = "=<>≤≥≠"
LOGICAL_AMP = re.compile(rf"[{RELATION}][^&|;,\n]*?(?:\s?&\s?| \| )[^&|;,\n]*?[{RELATION}]")
INFINITY = re.compile(r"(?<![\w.])-?oo(?!\w)")
#: a NumPy scalar's or array's repr (``np.float64(1.0)``, ``array([…])``)
NUMPY_REPR = re.compile(r"\bnp\.\w+\(|(?<![\w.])array\(")
#: SymPy's double-underscore names for a superscript (``delta__l``, ``\delta__{l}``)
DOUBLE_UNDERSCORE = re.compile(r"[^\W_]__")


def sympy_syntax_in(text: str) -> list[str]:
    """SymPy/Python spellings of mathematics in ``text`` (empty when the text is clean).

    Found: SymPy calls (``Eq(``, ``Ne(``, ``Abs(``, ``Derivative(``, ``Subs(``, ``Sum(``,
    ``Product(``, ``Implies(``, ``Piecewise(`` …, ``exp(``, ``sqrt(``, ``log(``), ``**``, ``*``
    between operands, ``<=``/``>=``/``!=``/``==``, indexing ``x[i]``, ``&``/``|`` joining two
    relations, ``oo`` for ∞. Not found: ordinary notation such as ``C(a) ≥ 0``, ``f(x)``,
    ``σ′(z) ≤ 1/4``, an interval ``[0, 1]`` or a citation ``[Nie15]`` after a space.
    """
    found = [f"SymPy {name}(" for name in sorted(set(SYMPY_CALL.findall(text)))]
    if POWER.search(text):
        found.append("Python power **")
    elif m := TIMES.search(text):
        found.append(f"Python product {m.group(0).strip()!r}")
    found += [f"Python comparison {c}" for c in sorted(set(COMPARISON.findall(text)))]
    if m := INDEXING.search(text):
        found.append(f"Python indexing {m.group(0)!r}")
    if m := LOGICAL_AMP.search(text):
        found.append(f"relations joined by & or |: {m.group(0)!r}")
    if INFINITY.search(text):
        found.append("SymPy oo for ∞")
    if m := NUMPY_REPR.search(text):
        found.append(f"NumPy repr {m.group(0)!r}")
    if m := DOUBLE_UNDERSCORE.search(text):
        found.append(f"SymPy double-underscore name {m.group(0)!r}")
    return found


def notation_problems(text: str) -> list[str]:
    """Every detector above on one block of text: (a) text diagrams, (b) wrap marks, (c) raw
    TeX, (d) SymPy/Python syntax."""
    return ascii_art_in(text) + wrap_marks_in(text) + raw_tex_in(text) + sympy_syntax_in(text)


# ----------------------------------------------------------------- (e) derivation rows

INVISIBLE = re.compile(r"[\u2061-\u2064\u200b\u00ad]")


def normal(text: str) -> str:
    """``text`` without invisible operators and with all whitespace removed (MathML text
    content has no meaningful spaces)."""
    return re.sub(r"\s+", "", INVISIBLE.sub("", text))


def repeated_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """Consecutive rows of a derivation table that show the same step again.

    ``rows`` are the rows' cell texts in the table's column order — left-hand side, relation,
    expression, justification… (the layout the staircase check assumes). Two consecutive rows
    repeat when their relation and expression (cells 2 and 3) are equal and not empty; the
    left-hand side (only in row 1) and the justification do not count."""
    found = []
    for k in range(1, len(rows)):
        a, b = rows[k - 1], rows[k]
        if len(a) < 3 or len(b) < 3:
            continue
        step_a, step_b = normal(a[1]) + normal(a[2]), normal(b[1]) + normal(b[2])
        if normal(a[2]) and step_a == step_b:
            found.append(f"rows {k} and {k + 1} are the same step {a[1].strip()} {a[2].strip()}")
    return found


# ----------------------------------------------------------------- (f) conjuncts

AND = "∧"
#: a line that continues the one before it: it starts with a relation or an operator
CONTINUES = re.compile(r"^[=<>≤≥≠≈≡∈⊆→⇒⟹⇔+−\-·×/]")


def split_top(text: str, sep: str = AND) -> list[str]:
    """``text`` split at the ``sep`` outside every bracket ((), [], {}, ⟨⟩)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{⟨":
            depth += 1
        elif ch in ")]}⟩":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def chains(text: str) -> list[list[str]]:
    """Every ``∧``-chain in ``text``: the top-level one and the one inside each bracket pair
    (``(A ∧ B) ⟹ (C ∧ D ∧ C)`` has the chains [(…) ⟹ (…)], [A, B] and [C, D, C])."""
    out = [split_top(text)]
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "([{⟨":
            stack.append(i)
        elif ch in ")]}⟩" and stack:
            inner = text[stack.pop() + 1 : i]
            if AND in inner:
                out.append(split_top(inner))
    return out


def statement_conjuncts(lines: Sequence[str]) -> list[str]:
    """The top-level conjuncts of a formal statement shown as ``lines`` (rows of a display,
    separate math blocks, or lines of text): lines of a text diagram are left out (they are
    reported as such), continuation lines (starting with a relation or operator) are joined to
    the line before, leading/trailing ``∧`` dropped, then each line is split at its top-level
    ``∧`` — unless it is an implication: ``∧`` binds tighter than ``⇒``, so ``a ∧ b ⇒ c`` is
    one conjunct (its premise is ``a ∧ b``). White space is removed."""
    joined: list[str] = []
    for line in lines:
        if DIAGRAM_CHARS.search(line) or WRAP_MARK in line:
            continue
        line = normal(line)
        if not line:
            continue
        if line.startswith(AND):
            joined.append(line[1:])
        elif joined and CONTINUES.match(line) and not joined[-1].endswith(AND):
            joined[-1] += line
        else:
            joined.append(line)
    out = []
    for line in joined:
        line = line.strip(AND)
        if consequent(line) != line:  # an implication: its premise's ∧ is not top level
            out.append(line)
        else:
            out += [c for c in split_top(line) if c]
    return out


IMPLIES = re.compile(r"[⇒⟹]")


def unwrap(text: str) -> str:
    """``text`` without brackets around the whole of it: ``(a ∧ b)`` → ``a ∧ b``."""
    while text[:1] in "([":
        depth, end = 0, 0
        for end, ch in enumerate(text):  # noqa: B007 (end is used after the loop)
            depth += ch in "([{⟨"
            depth -= ch in ")]}⟩"
            if depth == 0:
                break
        if end != len(text) - 1:
            return text
        text = text[1:-1]
    return text


def consequent(conjunct: str) -> str:
    """What a conjunct asserts: the part after its last top-level implication arrow (the
    whole conjunct when it is no implication)."""
    depth, cut = 0, -1
    for i, ch in enumerate(conjunct):
        depth += ch in "([{⟨"
        depth -= ch in ")]}⟩"
        if depth == 0 and IMPLIES.match(ch):
            cut = i
    return conjunct[cut + 1 :]


def repeated_conjuncts(lines: Sequence[str]) -> list[str]:
    """Conjuncts printed twice in one formal statement: the same top-level conjunct twice;
    the same conjunct asserted twice (in the consequents of two implications — a case split
    whose cases conclude the same thing — or a consequent and a top-level conjunct); or the
    same conjunct twice in any one ``∧``-chain inside brackets. A premise shared by two
    implications (``(A ∧ w > 4) ⟹ …`` and ``(A ∧ w < −4) ⟹ …``) is not a repetition."""
    found: list[str] = []

    def note(c: str) -> None:
        if c not in found:
            found.append(c)

    top = statement_conjuncts(lines)
    asserted: list[str] = []
    for c in top:
        asserted += [unwrap(p) for p in split_top(unwrap(consequent(c))) if p]
        for chain in chains(c)[1:]:
            parts = [p for p in chain if p]
            for p in parts:
                if parts.count(p) > 1:
                    note(p)
    for c in asserted:
        if asserted.count(c) > 1:
            note(c)
    return [f"conjunct printed twice: {c}" for c in found]
