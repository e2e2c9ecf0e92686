"""Round trips through the front-ends: what is read is printed back and read again, unchanged.

* **plain**: a side read with its structure kept (:func:`gradproof.checker.steps.side_structure`:
  σ, σ′, sum(...), z_j, a_j and derivative atoms whole) is printed in the plain syntax
  (:func:`gradproof.checker.parser.to_plain`) and read again: the same structure, and the same
  SymPy expression as the checker proves with (:func:`gradproof.checker.links.parse_side`);
* **LaTeX**: the same structure typeset by :func:`gradproof.checker.steps.side_latex` (the
  notebook display) and read back by the LaTeX front-end: the same structure again, up to the
  order in which SymPy combines it (``\\frac{1}{2 (y + 2)}`` is read back as 1/(2y + 4));
* **meaning**: LaTeX generated together with the plain text it means (``\\frac{a}{b}`` with
  ``(a)/(b)``, ``\\sigma\\left(u\\right)^{2}`` with ``(σ(u))**2``, ``\\sum_{i=1}^{n}`` with
  ``sum(...)`` …) is read as that plain text: the same SymPy expression.

They run over every expression of the corpus (``tests/data/frontend_corpus.json``) that is read,
and over hypothesis-generated expressions (the derandomised ``ci`` profile under ``CI=true``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from gradproof.checker import CheckInputError
from gradproof.checker.latex import tokenize, translate
from gradproof.checker.links import parse_side
from gradproof.checker.network import Network
from gradproof.checker.parser import MAX_EXPONENT, MAX_NUMBER, to_plain
from gradproof.checker.steps import parse_derivation, side_latex, side_structure

CORPUS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "frontend_corpus.json").read_text(encoding="utf-8")
)
READ = [e for e in CORPUS if e["truth"] != "refused"]
NET = Network(layers=2)
NET_PAIRS = Network(layers=2, pairs=2)


def _latex_readable(expr: sp.Expr) -> bool:
    """Within what the LaTeX front-end reads: no ReLU (it has no LaTeX name), exponents and
    numbers inside the parser's limits (the plain printer writes larger ones as arithmetic)."""
    if any(type(f).__name__ in ("relu", "step", "relu_prime") for f in expr.atoms(sp.Function)):
        return False
    for p in expr.atoms(sp.Pow):
        if p.exp.is_Integer and abs(int(p.exp)) > MAX_EXPONENT:
            return False
    return all(
        abs(int(r.p)) <= MAX_NUMBER and int(r.q) <= MAX_NUMBER for r in expr.atoms(sp.Rational)
    )


def _equal(a: sp.Expr, b: sp.Expr) -> bool:
    """The same expression up to SymPy's order of operations (``-(u)*v`` and ``u*(-v)`` are
    built differently): identical, or a difference that cancels to 0 as a rational function
    (of the variables and the exponentials)."""
    return a == b or sp.cancel(a - b) == 0


def round_trip(text: str, net: Network) -> None:
    """Assert the three round trips of the module docstring for one side ``text``."""
    structure, _ = side_structure(text, net)
    plain = to_plain(structure)
    again, _ = side_structure(plain, net)
    assert again == structure, (text, plain, structure, again)
    assert _equal(parse_side(plain, net), parse_side(text, net)), (text, plain)
    if _latex_readable(structure):
        tex = side_latex(text, net)
        back = translate(tokenize(tex)[0])
        assert _equal(side_structure(back, net)[0], structure), (text, tex, back)


@pytest.mark.parametrize("entry", READ, ids=[e["id"] for e in READ])
def test_corpus_expressions_survive_the_round_trips(entry: dict[str, Any]) -> None:
    options = entry.get("options", {})
    net = Network(layers=options.get("layers", 2), pairs=options.get("pairs"))
    lines = parse_derivation(entry["text"], net, entry["syntax"] == "latex")
    for line in lines:
        round_trip(line.text, net)


def test_printer_writes_numbers_and_exponents_beyond_the_limits_as_arithmetic() -> None:
    x = NET.data[0].x
    for expr in (x**64, x ** (-63), 10**13 * x, x / 10**7, sp.Rational(-3, 10**9) * x**9):
        plain = to_plain(expr)
        assert parse_side(plain, NET) == expr, (expr, plain)


# ----------------------------------------------------------------- generated plain expressions

_SINGLE = ["w1", "w2", "b1", "b2", "x", "y", "z1", "a2", "dC/dw1", "dC/dz2", "d(a2)/d(z1)"]
_SHARED = ["w1", "w2", "b1", "b2", "n", "dC/dw2", "dC/db1"]
_PER_PAIR = ["x", "y", "z1", "a1", "z2", "dC/dz1", "d(a2)/d(z2)"]
_NUMBERS = ["2", "3", "0.5", "1.25", "7", "1e-2"]
_FUNCTIONS = ["σ", "σ'", "tanh", "tanh'", "exp", "log", "abs", "relu", "step"]


def _plain(leaves: list[str]) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(leaves + _NUMBERS)

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda f, a: f"{f}({a})", st.sampled_from(_FUNCTIONS), inner),
            st.builds(lambda a: f"-({a})", inner),
            st.builds(lambda a, op, b: f"({a}) {op} ({b})", inner, st.sampled_from("+-*/"), inner),
            st.builds(lambda a, k: f"({a})**{k}", inner, st.integers(-3, 3)),
        )

    return st.recursive(leaf, grow, max_leaves=6)


def _reads(text: str, net: Network) -> bool:
    try:
        parse_side(text, net)
    except CheckInputError:  # division by zero, a cancelled denominator, a number too large …
        return False
    return True


@given(_plain(_SINGLE))
def test_generated_plain_expressions_survive_the_round_trips(text: str) -> None:
    assume(_reads(text, NET))
    round_trip(text, NET)


@given(_plain(_PER_PAIR + _SHARED), _plain(_SHARED))
def test_generated_sums_over_pairs_survive_the_round_trips(inside: str, outside: str) -> None:
    text = f"sum({inside}) * ({outside})"
    assume(_reads(text, NET_PAIRS))
    round_trip(text, NET_PAIRS)


# ----------------------------------------------------------------- generated LaTeX, with meaning

_TEX_LEAVES = [
    ("w_1", "w1"),
    ("w_{2}", "w2"),
    ("b_1", "b1"),
    ("x", "x"),
    ("y", "y"),
    ("z_1", "z1"),
    ("a_{2}", "a2"),
    ("2", "2"),
    ("3", "3"),
    ("0.5", "0.5"),
    (r"\frac{\partial C}{\partial w_1}", "dC/dw1"),
    (r"\frac{\partial C}{\partial z_{2}}", "dC/dz2"),
    (r"\frac{\partial a_2}{\partial z_1}", "d(a2)/d(z1)"),
    (r"\frac12", "1/2"),
]
_TEX_PAIR_LEAVES = [
    ("x_i", "x"),
    ("y^{(i)}", "y"),
    ("z_{1,i}", "z1"),
    ("a_2^{(i)}", "a2"),
    (r"\frac{\partial C}{\partial z_1^{(i)}}", "dC/dz1"),
    ("w_1", "w1"),
    ("b_2", "b2"),
    ("n", "n"),
    ("2", "2"),
]
_TEX_FUNCTIONS = [
    (r"\sigma", "σ"),
    (r"\sigma'", "σ'"),
    (r"\sigma^{\prime}", "σ'"),
    (r"\tanh", "tanh"),
    (r"\tanh'", "tanh'"),
    (r"\exp", "exp"),
    (r"\ln", "log"),
    (r"\log", "log"),
]

Pair = tuple[str, str]


def _tex(leaves: list[Pair]) -> st.SearchStrategy[Pair]:
    """(LaTeX, the plain text it means), built from constructs whose reading is fixed."""

    def grow(inner: st.SearchStrategy[Pair]) -> st.SearchStrategy[Pair]:
        def call(f: Pair, a: Pair, delim: bool) -> Pair:
            arg = rf"\left({a[0]}\right)" if delim else f"({a[0]})"
            return f"{f[0]}{arg}", f"{f[1]}({a[1]})"

        def power(a: Pair, k: int, call_base: bool) -> Pair:
            if call_base:  # a power after a function's parentheses is a power of its value
                return rf"\sigma\left({a[0]}\right)^{{{k}}}", f"(σ({a[1]}))**{k}"
            return rf"\left({a[0]}\right)^{{{k}}}", f"({a[1]})**{k}"

        def binary(a: Pair, op: str, b: Pair) -> Pair:
            left, right = rf"\left({a[0]}\right)", rf"\left({b[0]}\right)"
            tex = {
                "+": f"{left} + {right}",
                "-": f"{left} - {right}",
                "*": rf"{left} \cdot {right}",
                " ": f"{left} {right}",
                "/": rf"\frac{{{a[0]}}}{{{b[0]}}}",
                "x": rf"{left} \times {right}",
            }[op]
            return tex, f"({a[1]}) {'*' if op in ' x' else op} ({b[1]})"

        return st.one_of(
            st.builds(call, st.sampled_from(_TEX_FUNCTIONS), inner, st.booleans()),
            st.builds(lambda a: (rf"-\left({a[0]}\right)", f"-({a[1]})"), inner),
            st.builds(lambda a: (rf"\left|{a[0]}\right|", f"abs({a[1]})"), inner),
            st.builds(lambda a: (f"e^{{{a[0]}}}", f"exp({a[1]})"), inner),
            st.builds(binary, inner, st.sampled_from(["+", "-", "*", " ", "/", "x"]), inner),
            st.builds(power, inner, st.integers(-3, 3), st.booleans()),
        )

    return st.recursive(st.sampled_from(leaves), grow, max_leaves=5)


def _same_meaning(tex: str, plain: str, net: Network) -> None:
    try:
        expected = parse_side(plain, net)
    except CheckInputError:
        assume(False)
        return
    read = translate(tokenize(tex)[0])
    assert _equal(parse_side(read, net), expected), (tex, read, plain)
    round_trip(read, net)


@given(_tex(_TEX_LEAVES))
def test_generated_latex_is_read_as_what_it_means(pair: Pair) -> None:
    _same_meaning(pair[0], pair[1], NET)


@given(_tex(_TEX_PAIR_LEAVES), st.sampled_from([("w_1", "w1"), (r"\frac{1}{n}", "1/n")]))
def test_generated_latex_sums_are_read_as_what_they_mean(body: Pair, factor: Pair) -> None:
    tex = rf"{factor[0]} \sum_{{i=1}}^{{n}} \left({body[0]}\right)"
    plain = f"({factor[1]}) * sum({body[1]})"
    _same_meaning(tex, plain, NET_PAIRS)
