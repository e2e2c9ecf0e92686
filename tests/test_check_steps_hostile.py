"""Hostile input to the parser paths that ``gradproof check-steps`` adds (the LaTeX translation,
the derivation format, derivative atoms, assumptions): every item of :data:`HOSTILE_LATEX`,
:data:`HOSTILE_PLAIN` and :data:`HOSTILE_ASSUMPTIONS` must be refused as bad input (exit code 2
on the command line) **before any worker process starts** — so in the time of parsing, with the
lengths, nesting and counts bounded — and nothing in them may run (a sentinel file must not
appear). Random text (hypothesis) is either translated or refused cleanly, never another error.

Kept apart from ``gradproof check``'s corpus (tests/test_check_parser_fuzz.py) so the two can grow
independently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradproof.checker import core
from gradproof.checker.lines import MAX_LINKS, MAX_TEXT
from gradproof.checker.network import CheckInputError, Network
from gradproof.checker.steps import StepsInputError, check_steps, parse_derivation
from gradproof.cli import main

ROW = r"\frac{\partial C}{\partial w_1} &= x(\sigma(z_1) - y)"

HOSTILE_LATEX: list[str] = [
    # TeX primitives and macros that read or write files, run programs or redefine things
    r"\input{/etc/passwd} &= x",
    r"\input /etc/passwd",
    r"\include{secret} &= x",
    r"\InputIfFileExists{x}{}{} &= x",
    r"\def\x{w_1} \x &= w_1",
    r"\gdef\x{1} &= 1",
    r"\edef\x{1} &= 1",
    r"\let\sigma\relax w_1 &= w_1",
    r"\newcommand{\x}{w_1} \x &= w_1",
    r"\renewcommand{\sigma}{\exp} \sigma(x) &= \exp(x)",
    r"\DeclareMathOperator{\foo}{foo} w_1 &= w_1",
    r"\csname input\endcsname{/etc/passwd} &= x",
    r"\catcode`\%=11 w_1 &= w_1",
    r"\write18{touch {sentinel}} w_1 &= w_1",
    r"\immediate\write18{touch {sentinel}} w_1 &= w_1",
    r"\directlua{os.execute('touch {sentinel}')} w_1 &= w_1",
    r"\openin5=/etc/passwd w_1 &= w_1",
    r"\read5 to \x w_1 &= w_1",
    r"\expandafter\x\y &= 1",
    r"\scantokens{\input x} &= 1",
    r"\special{ps: x} w_1 &= w_1",
    r"\usepackage{shellesc} w_1 &= w_1",
    r"\documentclass{article} w_1 &= w_1",
    r"\verb|\input x| &= 1",
    r"\href{file:///etc/passwd}{x} &= x",
    r"\includegraphics{x} &= x",
    r"^^5cinput{/etc/passwd} &= x",
    r"w_1 &= w_1^^5c",
    # environments other than align/aligned
    r"\begin{verbatim}\input x\end{verbatim}",
    r"\begin{filecontents}{x.tex}\input y\end{filecontents} w_1 &= w_1",
    r"\begin{align}\begin{align}w_1 &= w_1\end{align}\end{align}\begin{align}w_1&=w_1\end{align}",
    r"\begin{tikzpicture} w_1 &= w_1 \end{tikzpicture}",
    # unknown commands, letters and characters
    r"\foo{x} &= x",
    r"\alpha &= x",
    r"\partial C &= x",
    r"q_1 &= x",
    r"w_1 &= \frac{1}{2}\;\text{ok}\; \#",
    "w_1 &= w_1 \x00",
    "w_1 &= w_1 @",
    r"w_{1a} &= w_1",
    r"e &= 1",
    r"\mathrm{x}^{2} &= x",
    # malformed structure
    r"&= x",
    r"w_1 \\ w_2 &= w_2",
    r"w_1 &= ",
    r"w_1 &= (x",
    r"w_1 &= x)",
    r"w_1 &= \frac{x}",
    r"w_1 &= \left( x \right]\right)",
    r"w_1 &= |x",
    r"w_1 &= \sum_{i=1}^{n} \sum_{j=1}^{n} x",
    r"w_1 &= \sigma",
    # resource exhaustion: nesting, length, rows, tokens, powers
    r"w_1 &= " + "{" * 5000 + "x" + "}" * 5000,
    r"w_1 &= " + r"\left(" * 400 + "x" + r"\right)" * 400,
    r"w_1 &= " + r"\frac{1}{" * 200 + "x" + "}" * 200,
    r"w_1 &= " + r"\sigma(" * 300 + "x" + ")" * 300,
    r"w_1 &= " + "-" * 3000 + "x",
    r"w_1 &= " + "x^{" * 100 + "2" + "}" * 100,
    r"w_1 &= x^{999999}",
    r"w_1 &= 9^{9^{9^{9}}}",
    r"w_1 &= e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{e^{x}}}}}}}}}}}}}}}}}}}}"
    + r"\cdot"
    + r"x" * 3000,
    "w_1 &= " + "x" * (MAX_TEXT + 10),
    "w_1 " + r" \\ &= w_1" * (MAX_LINKS + 5),
    "w_1 &= " + " + ".join(["x"] * 3000),
    r"\\" * 9000,
    "",
    "   ",
    "%" * 100,
]

HOSTILE_PLAIN: list[str] = [
    "__import__('os').system('touch {sentinel}')\n = x",
    "dC/dw1\n = __d0__",
    "dC/dw1\n = __import__",
    "dC/dw1\n = (lambda: 0)()",
    "dC/dw1\n = open('{sentinel}', 'w')",
    "dC/dw1\n = x.__class__",
    "dC/dw1\n = dC/dw1" + " * dC/dw1" * 60,
    "dC/dw99999999999999999999\n = x",
    "d(a1)/d(C)\n = x",
    "d(w1)/d(b1)\n = x",
    "dC/dy\n = x",
    "dC/dw1\n = dC/dx",  # fine alone; with pairs it needs sum — see below (single pair: valid)
    "dC/dw1\n = x" + "\n = x" * (MAX_LINKS + 1),
    "dC/dw1\n" + "\n" * 300 + " = x",
    "x" * (MAX_TEXT + 1),
    "dC/dw1\n = " + "(" * 500 + "x" + ")" * 500,
    "dC/dw1\n = " + "abs(" * 60 + "x" + ")" * 60,
    "dC/dw1\n = x\n continued",
    "dC/dw1\n =< x",
    "dC/dw1\n != x",
    "dC/dw1\n => x",
    "dC/dw1 = x",
    "dC/dw1\n = x = y",
    "dC/dw1\n = x; import os",
    "dC/dw1\n = x \\ y",
    "dC/dw1\n = x & y",
]
HOSTILE_PLAIN.remove("dC/dw1\n = dC/dx")

HOSTILE_ASSUMPTIONS: list[str] = [
    "__import__('os') > 0",
    "w1 > w2",
    "w1",
    "w1 > 0 > w2",
    "0 < w1 > 1",
    "1 < w1 < 0",
    "w1 > 1e999",
    "w9 > 0",
    "w1 >",
    "x" * 300 + " > 0",
    "w1 = 0",
    "lambda: 0 > 1",
]


def _fill(text: str, sentinel: Path) -> str:
    return text.replace("{sentinel}", str(sentinel))


@pytest.fixture
def no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any worker start fails the test: refusals must come from parsing alone."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a worker was started for hostile input")

    monkeypatch.setattr(core, "_run_with_timeout", refuse)


def test_hostile_latex_is_refused_before_any_worker(tmp_path: Path, no_worker: None) -> None:
    sentinel = tmp_path / "sentinel"
    for text in HOSTILE_LATEX:
        with pytest.raises(CheckInputError) as info:
            check_steps(_fill(text, sentinel), latex=True)
        assert str(info.value) and "Traceback" not in str(info.value), text[:80]
    assert not sentinel.exists()
    assert len(HOSTILE_LATEX) >= 60


def test_hostile_plain_text_is_refused_before_any_worker(tmp_path: Path, no_worker: None) -> None:
    sentinel = tmp_path / "sentinel"
    for text in HOSTILE_PLAIN:
        with pytest.raises(CheckInputError):
            check_steps(_fill(text, sentinel), layers=2)
    assert not sentinel.exists()


def test_hostile_assumptions_are_refused_before_any_worker(no_worker: None) -> None:
    for a in HOSTILE_ASSUMPTIONS:
        with pytest.raises(CheckInputError, match="assume"):
            check_steps("dC/dw1\n = x*(a1 - y)*σ'(z1)", assume=[a])


def test_latex_errors_name_line_and_column(no_worker: None) -> None:
    cases = {
        "w_1 &= w_1 \\\\\n  &= \\input{x}": (2, 6, r"\\input is not accepted"),
        "w_1 &= w_1 \\\\\n  &= \\def\\x{1}": (2, 6, r"\\def is not accepted"),
        "\\begin{verbatim}": (1, 1, "environment 'verbatim' is not accepted"),
        "w_1 &= " + "{" * 100 + "x" + "}" * 100: (1, 0, "nested more than"),
        "w_1 &= w_1\n &= (x": (2, 5, "never closed"),
        "w_1 &= w_1\n &= (x]]": (2, 8, "is not expected here"),
    }
    for text, (line, column, message) in cases.items():
        with pytest.raises(StepsInputError, match=message) as info:
            check_steps(text, latex=True)
        assert info.value.line == line, str(info.value)
        if column:
            assert info.value.column == column, str(info.value)
        else:  # somewhere inside the run of braces
            assert 8 < info.value.column <= 108, str(info.value)


def test_cli_refuses_hostile_latex_file_with_exit_2(
    tmp_path: Path, no_worker: None, capsys: Any
) -> None:
    f = tmp_path / "evil.tex"
    f.write_text("\\begin{align}\n\\input{/etc/passwd} &= x\n\\end{align}\n", encoding="utf-8")
    assert main(["check-steps", str(f)]) == 2
    err = capsys.readouterr().err
    assert "line 2, column 1" in err and "\\input" in err
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 200_000)
    assert main(["check-steps", str(big)]) == 2
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    assert main(["check-steps", str(binary)]) == 2


# ----------------------------------------------------------------- fuzzing the new parser paths

NET = Network(layers=2)
NET_PAIRS = Network(layers=2, pairs=2)


def _parses_or_refuses(text: str, latex: bool) -> None:
    for net in (NET, NET_PAIRS):
        try:
            lines = parse_derivation(text, net, latex)
        except CheckInputError as exc:
            assert str(exc)
        else:
            assert len(lines) >= 2


@given(st.text(max_size=300))
def test_random_text_as_latex_translates_or_is_refused_cleanly(text: str) -> None:
    _parses_or_refuses(text, True)


@given(
    st.text(
        alphabet="\\{}()[]_^&=<>|'+-*/ \nwbxyzaCdn0123456789%frac sigma left right "
        "partial cdot sum ln exp",
        max_size=200,
    )
)
def test_near_latex_text_translates_or_is_refused_cleanly(text: str) -> None:
    _parses_or_refuses(text, True)


@given(st.text(alphabet="wbxyzanCd012345679+-*/().,σ'∂ _^=<>≤≥#\nabs", max_size=200))
def test_random_plain_derivations_parse_or_are_refused_cleanly(text: str) -> None:
    _parses_or_refuses(text, False)


LATEX_PIECES = [
    r"w_1",
    r"w_2",
    r"x",
    r"y",
    r"z_1",
    r"a_2",
    r"\sigma(z_1)",
    r"\sigma'(z_2)",
    r"\frac{\partial C}{\partial w_1}",
    r"\frac{\partial a_2}{\partial z_2}",
    r"e^{-z_1}",
    r"\ln(a_1)",
    r"|w_2|",
    r"\left(1 - a_2\right)",
    r"2",
    r"\frac{1}{4}",
]


@given(
    st.lists(st.sampled_from(LATEX_PIECES), min_size=1, max_size=8),
    st.lists(st.sampled_from([" + ", " - ", r" \cdot ", " ", "/"]), min_size=8, max_size=8),
)
def test_generated_latex_rows_translate_to_expressions_the_parser_accepts(
    pieces: list[str], ops: list[str]
) -> None:
    expr = pieces[0] + "".join(op + p for op, p in zip(ops, pieces[1:], strict=False))
    text = f"w_1 &= {expr}"
    try:
        lines = parse_derivation(text, NET, True)
    except CheckInputError as exc:
        # the parser's own arithmetic refusals, and juxtapositions that read in two ways
        # (a/b c, x 2, 2\frac{1}{4}, |x| y |z|): those are refused, never guessed
        message = str(exc)
        assert any(k in message for k in ("division by zero", "undefined", "ambiguous")), (
            text,
            exc,
        )
    else:
        assert [ln.relation for ln in lines] == [None, "="]
