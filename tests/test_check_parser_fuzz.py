"""The expression parser under attack and under fuzzing.

* :data:`ATTACKS` — known ways to make an expression evaluator run code, read files, allocate
  without bound or recurse without bound. Each must be refused with a :class:`CheckInputError`
  whose message says what is not allowed, before any worker starts; several would create a
  sentinel file if any of their code ran, and the file must not exist afterwards.
* random text (hypothesis): the parser either returns a SymPy expression or raises
  :class:`CheckInputError` — never another exception.
* random valid expressions (hypothesis): the parsed SymPy object evaluates, at a point, to the
  value an independent mpmath evaluation of the same expression tree gives.

Run under the CI profile (derandomised) by ``CI=true``; see tests/conftest.py.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from gradproof.checker import CheckInputError, check
from gradproof.checker.network import Network
from gradproof.checker.parser import MAX_LENGTH, parse_expression

SENTINEL = "/tmp/gradproof_check_sentinel_{tag}"

ATTACKS: list[str] = [
    # code execution through names, attributes, calls
    "__import__('os').system('touch {sentinel}')",
    "__import__(os)",
    "__import__",
    "eval(x)",
    "exec(x)",
    "open(x)",
    "compile(x, x, x)",
    "globals()",
    "locals()",
    "vars()",
    "breakpoint()",
    "getattr(x, y)",
    "print(x)",
    "input()",
    "sympify(x)",
    "S(x)",
    "Symbol(x)",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "w1.real",
    "sigmoid.__globals__",
    "σ.__globals__",
    "sigmoid(x).func",
    "(1).__class__.__mro__",
    "x.y",
    # lambdas, comprehensions, generators, walrus, conditionals, f-strings, strings
    "lambda: 0",
    "lambda x: x",
    "(lambda: __import__('os').system('touch {sentinel}'))()",
    "[x for x in y]",
    "(x for x in y)",
    "sum(x for x in y)",
    "sum(open('{sentinel}', 'w') for x in y)",
    "{{x: 1}}",
    "{{x}}",
    "[x]",
    "x[0]",
    "(y := 1)",
    "x if y else w1",
    "f'{{x}}'",
    "f\"{{__import__('os').system('touch {sentinel}')}}\"",
    "'abc'",
    "b'x'",
    "x and y",
    "x or y",
    "not x",
    "x < y",
    "x == y",
    "x != y",
    # operators outside the whitelist
    "x // 2",
    "x % 2",
    "x @ y",
    "x | y",
    "x & y",
    "~x",
    "x << 2",
    # calls with the wrong shape
    "sigmoid(x, y)",
    "sigmoid(x=1)",
    "sigmoid(*x)",
    "exp(**x)",
    "sigmoid()",
    "x(1)",
    # resource exhaustion: huge powers and numbers, long and deep inputs
    "9**9**9**9",
    "9**99999",
    "2**1000",
    "x**(1/2)",
    "x**w1",
    "x**1.5",
    "x**100",
    "w1**-9",
    "(((x**8)**8)**8)**8",
    "(((9**8)**8)**8)**8",
    "((123456**8)**8)**8",
    "10**100",
    "1e308",
    "1e999",
    "1e-300",
    "99999999999",
    "1" * 5000,
    "x+" * 1500 + "x",
    "(" * 500 + "x" + ")" * 500,
    "-" * 1999 + "x",
    "sigmoid(" * 45 + "x" + ")" * 45,
    "+".join(["x"] * 700),
    # statements, comments, line tricks
    "x; __import__('os')",
    "x\nimport os",
    "import os",
    "x = 1",
    "x # comment",
    "x\\\n+ y",
    "\\x41",
    # unicode tricks: look-alike letters that NFKC would turn into names, invisible characters
    "ｅｘｐ(x)",
    "ℯxp(x)",
    "𝐱",
    "w¹",
    "x⁻¹",
    "x\u200b+y",
    "x\u202e+y",
    "x\x00",
    "σ''(z1)",
    # constants Python has but real arithmetic does not
    "1j",
    "x*1j",
    "True",
    "None",
    "...",
    "1/0",
    "x/(w1 - w1)",
    "log(-1)",
    "x + log(-2)*w1",
    # empty and malformed
    "",
    "   ",
    "x y",
    "(x",
    "x)",
    ")(",
]


def test_every_attack_is_refused_with_a_clear_error_and_runs_nothing(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    refused = 0
    for attack in ATTACKS:
        text = attack.format(sentinel=sentinel) if "{sentinel}" in attack else attack
        if "{sentinel}" not in attack:
            text = attack.replace("{{", "{").replace("}}", "}")
        try:
            check("dC/dw1", text, timeout=5)
        except CheckInputError as exc:
            message = str(exc)
        else:
            pytest.fail(f"attack accepted: {attack!r}")
        assert message and "Traceback" not in message, (attack, message)
        refused += 1
    assert not sentinel.exists()
    assert refused == len(ATTACKS) >= 100
    print(f"{refused} attack strings refused", file=sys.stderr)


def test_attack_error_messages_say_what_is_wrong() -> None:
    net = Network()
    cases = {
        "().__class__": "Attribute is not allowed",
        "__import__(os)": "unknown function '__import__'",
        "9**9**9**9": "an exponent must be an integer literal",
        "2**1000": "exponent 1000 is too large",
        "(((9**8)**8)**8)**8": "too large",
        "(" * 500 + "x" + ")" * 500: "nested more than",
        "x" * (MAX_LENGTH + 1): f"at most {MAX_LENGTH}",
        "lambda: 0": "character ':'",
        "ｅｘｐ(x)": "not allowed",
        "x if y else w1": "IfExp is not allowed",
        "x // 2": "operator FloorDiv is not allowed",
        "1e999": "too large",
        "True": "only real numbers",
        "(x for x in y)": "GeneratorExp is not allowed",
        "sigmoid(*x)": "exactly one argument",
        "1/0": "division by zero",
    }
    for text, message in cases.items():
        with pytest.raises(CheckInputError, match=message.replace("(", r"\(")):
            parse_expression(text, net)


def test_valid_but_expensive_expression_is_stopped_by_the_time_limit() -> None:
    # a tower of exponentials is valid input; evaluating it is hopeless, so the answer is the
    # time limit's "undecided" (or a refutation found before it), never a hang
    claim = "exp(" * 12 + "x" + ")" * 12
    r = check("dC/dw1", claim, timeout=2)
    assert r.status in {"undecided", "refuted"}


# ----------------------------------------------------------------- random text


NET1 = Network(layers=2)
NET_PAIRS = Network(layers=2, pairs=2)


@given(st.text(max_size=300))
def test_random_text_parses_or_is_refused_cleanly(text: str) -> None:
    for net in (NET1, NET_PAIRS):
        try:
            expr = parse_expression(text, net)
        except CheckInputError as exc:
            assert str(exc)
        else:
            assert isinstance(expr, sp.Basic)


@given(st.text(alphabet="wbxyzan012345679+-*/().,σ' _^e", max_size=120))
def test_random_near_miss_text_parses_or_is_refused_cleanly(text: str) -> None:
    for net in (NET1, NET_PAIRS):
        try:
            expr = parse_expression(text, net)
        except CheckInputError as exc:
            assert str(exc)
        else:
            assert isinstance(expr, sp.Basic)


# ----------------------------------------------------------------- random valid expressions

# the point: w1 = 1/2, b1 = −1/3, w2 = 3/2, b2 = 1/4, x = 3/4, y = 1/5
POINT = {"w1": "1/2", "b1": "-1/3", "w2": "3/2", "b2": "1/4", "x": "3/4", "y": "1/5"}


def _mp(v: str) -> Any:
    p, _, q = v.partition("/")
    return mpmath.mpf(int(p)) / int(q or 1)


def _mp_env() -> dict[str, Any]:
    env = {k: _mp(v) for k, v in POINT.items()}
    env["z1"] = env["w1"] * env["x"] + env["b1"]
    env["a1"] = 1 / (1 + mpmath.exp(-env["z1"]))
    env["z2"] = env["w2"] * env["a1"] + env["b2"]
    env["a2"] = 1 / (1 + mpmath.exp(-env["z2"]))
    env["a0"] = env["x"]
    return env


def _sig(u: Any) -> Any:
    return 1 / (1 + mpmath.exp(-u))


MP_FUNCS = {
    "sigmoid": _sig,
    "σ": _sig,
    "σ'": lambda u: _sig(u) * (1 - _sig(u)),
    "sigmoid_prime": lambda u: _sig(u) * (1 - _sig(u)),
    "tanh": mpmath.tanh,
    "tanh'": lambda u: 1 - mpmath.tanh(u) ** 2,
    "exp": mpmath.exp,
}

leaves = st.one_of(
    st.sampled_from(["w1", "b1", "w2", "b2", "x", "y", "z1", "a1", "z2", "a2", "a0", "w_1"]),
    st.integers(0, 50).map(str),
    st.sampled_from(["0.5", "1.25", "0.1", "3.0"]),
)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, st.integers(-3, 3)).map(lambda t: f"({t[0]})**{t[1]}"),
        st.tuples(children, st.integers(-3, 3)).map(lambda t: f"({t[0]})^({t[1]})"),
        children.map(lambda c: f"-({c})"),
        st.tuples(st.sampled_from(sorted(MP_FUNCS)), children).map(lambda t: f"{t[0]}({t[1]})"),
    )


expressions = st.recursive(leaves, _extend, max_leaves=12)


def _mp_eval(text: str) -> Any:
    """Evaluate the generated text with mpmath: an independent reading of the same grammar."""
    env = _mp_env()
    env["w_1"] = env["w1"]
    # the generator only produces the grammar above, so a tiny reader of Python's syntax tree
    # suffices; the notations σ', σ, tanh' and ^ are rewritten here, not by the parser's normalise
    import ast

    src = text.replace("σ'", "SP").replace("σ", "SG").replace("tanh'", "TP").replace("^", "**")

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return mpmath.mpf(str(node.value))
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            op = type(node.op)
            if op is ast.Add:
                return a + b
            if op is ast.Sub:
                return a - b
            if op is ast.Mult:
                return a * b
            if op is ast.Div:
                return a / b
            return a ** int(b)
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            name = {"SP": "σ'", "SG": "σ", "TP": "tanh'"}.get(node.func.id, node.func.id)
            return MP_FUNCS[name](ev(node.args[0]))
        raise AssertionError(ast.dump(node))

    return ev(ast.parse(src, mode="eval"))


@given(expressions)
def test_random_valid_expressions_parse_to_the_same_value(text: str) -> None:
    try:
        with mpmath.workdps(240):
            check_value = _mp_eval(text)
        with mpmath.workdps(120):
            expected = _mp_eval(text)
    except (ZeroDivisionError, OverflowError):
        assume(False)
    with mpmath.workdps(120):
        assume(mpmath.isfinite(expected) and abs(expected) < mpmath.mpf(10) ** 40)
        # the reference itself must be well conditioned here (e.g. 1 − tanh(26)² cancels)
        assume(abs(check_value - expected) <= mpmath.mpf(10) ** -60 * max(1, abs(expected)))
        try:
            expr = parse_expression(text, NET1)
        except CheckInputError as exc:  # only the documented refusals are acceptable
            assert "division by zero" in str(exc) or "undefined" in str(exc), (text, exc)
            return
        net_symbols = {s.name: s for s in expr.free_symbols}
        subs = {net_symbols[k]: sp.Rational(v) for k, v in POINT.items() if k in net_symbols}
        value = expr.xreplace(subs).evalf(60)
        assume(value.is_Number)
        got = mpmath.mpf(str(sp.Float(value, 60)))
        tol = mpmath.mpf(10) ** -40 * max(1, abs(expected))  # evalf(60) is accurate to 60 digits
        assert abs(got - expected) <= tol, (text, got, expected)
        assert math.isfinite(float(got))
