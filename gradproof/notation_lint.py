"""Find SymPy/Python syntax and raw TeX in text a reader sees (no SymPy import: cheap to run).

:func:`sympy_syntax_in` lists the fragments of a text that are the printout of a SymPy
expression rather than mathematics as Nielsen writes it: ``*`` and ``**`` products and powers,
``Eq(``/``Abs(``/``Derivative(``/``Subs(``/``exp(``/``Implies(``/``Product(``/``Sum(`` calls,
``<=``/``>=``/``!=``, ``&``/``|`` between relations, ``x[i]`` indexing, ``__`` and backslash
TeX commands (``\\delta``). The text printer (:func:`gradproof.typeset.text`) never produces
them; the tests run this over every claim's statement, result and assumption, and the docs
check over the built pages.
"""

from __future__ import annotations

import re

_CALLS = (
    "Eq",
    "Ne",
    "Abs",
    "Derivative",
    "Subs",
    "exp",
    "Implies",
    "Product",
    "Sum",
    "Integral",
    "Limit",
    "Lambda",
    "Piecewise",
    "Max",
    "Min",
    "sqrt",
    "Rational",
    "Symbol",
    "Function",
    "Indexed",
    "IndexedBase",
    "And",
    "Or",
    "Not",
)

#: (what it is, pattern) for each kind of leak
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SymPy call", re.compile(r"(?<![A-Za-z_])(?:" + "|".join(_CALLS) + r")\(")),
    ("power **", re.compile(r"\*\*")),
    ("NumPy repr", re.compile(r"\bnp\.\w+\(|\barray\(")),
    ("product *", re.compile(r"(?<=[\w)\]′])\*(?=[A-Za-z0-9_(σδ∂√])")),
    ("relation <= >= !=", re.compile(r"<=|>=|!=|==")),
    ("Boolean &", re.compile(r"\)\s*&\s*\(|\s&\s")),
    ("index [i]", re.compile(r"(?<=[A-Za-z0-9}′)])\[[A-Za-z0-9 +\-−,]+\]")),
    ("double underscore", re.compile(r"\w__")),
    ("raw TeX", re.compile(r"\\[A-Za-z]+")),
    ("subscript in braces on a name", re.compile(r"\^\(\w[^()]*\)(?=[\[‖)])")),
)


def sympy_syntax_in(text: str) -> list[str]:
    """The fragments of ``text`` written in SymPy/Python syntax or raw TeX, each as
    ``"<kind>: …context…"`` (empty when the text reads as mathematics).

    >>> sympy_syntax_in("|wσ′(0)| = |w|/4")
    []
    >>> sympy_syntax_in("Eq(Abs(w*σ′(0)), Abs(w)/4)")[0]
    'SymPy call: Eq(Abs(w*σ′(0)), A'
    """
    found: list[str] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            lo = max(0, m.start() - 10)
            found.append(f"{kind}: {text[lo : m.end() + 15]}")
    return found
