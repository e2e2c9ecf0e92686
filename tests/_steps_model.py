"""An independent mpmath model of a derivation line, for the check-steps tests.

It shares nothing with gradproof's checker but the text: the chain's forward pass is written out
in mpmath, derivative atoms are mpmath's *numerical* differentiation (``mpmath.diff``) of the
downstream quantity as a function of the upstream one, and the expression is read by a tiny
evaluator over Python's syntax tree. Single training pair only.
"""

from __future__ import annotations

import ast
import re
from fractions import Fraction
from typing import Any

import mpmath

_Q = r"(C|[azwb][0-9]+|x)"
ATOM = re.compile(rf"(?<![A-Za-z0-9_])[d∂](?:\({_Q}\)|{_Q})/[d∂](?:\({_Q}\)|{_Q})")


def sig(u: Any) -> Any:
    return 1 / (1 + mpmath.exp(-u))


ACT = {
    "sigmoid": (sig, lambda u: sig(u) * (1 - sig(u))),
    "tanh": (mpmath.tanh, lambda u: 1 - mpmath.tanh(u) ** 2),
    "relu": (lambda u: u if u > 0 else mpmath.mpf(0), lambda u: mpmath.mpf(1 if u > 0 else 0)),
}


def point(p: dict[str, str]) -> dict[str, Any]:
    out = {}
    for k, v in p.items():
        f = Fraction(v)
        out[k] = mpmath.mpf(f.numerator) / f.denominator
    return out


class Model:
    def __init__(
        self, layers: int, activation: str = "sigmoid", cost: str = "quadratic", biases: bool = True
    ) -> None:
        self.L, self.act, self.cost, self.biases = layers, activation, cost, biases
        self.f, self.fp = ACT[activation]

    def forward(
        self, P: dict[str, Any], start: tuple[str, int] | None = None, value: Any = None
    ) -> dict[str, Any]:
        """Every z_j, a_j and C; with ``start`` = (kind, j), that node is forced to ``value``."""
        q: dict[str, Any] = {"a0": P["x"]}
        if start == ("a", 0):
            q["a0"] = value
        for j in range(1, self.L + 1):
            z = P[f"w{j}"] * q[f"a{j - 1}"] + (P.get(f"b{j}", 0) if self.biases else 0)
            if start == ("z", j):
                z = value
            q[f"z{j}"] = z
            q[f"a{j}"] = self.f(z)
            if start == ("a", j):
                q[f"a{j}"] = value
        a, y = q[f"a{self.L}"], P["y"]
        if self.cost == "quadratic":
            q["C"] = (y - a) ** 2 / 2
        elif self.cost == "squared":
            q["C"] = (y - a) ** 2
        else:
            q["C"] = -(y * mpmath.log(a) + (1 - y) * mpmath.log(1 - a))
        q["x"] = P["x"]
        return q

    def atom(self, P: dict[str, Any], top: str, bottom: str) -> Any:
        bottom = "a0" if bottom == "x" else bottom
        kind, j = bottom[0], int(bottom[1:])
        if kind in ("w", "b"):
            return mpmath.diff(lambda t: self.forward({**P, bottom: t})[top], P[bottom])
        base = self.forward(P)[bottom]
        return mpmath.diff(lambda t: self.forward(P, (kind, j), t)[top], base)

    def value(self, text: str, P: dict[str, Any]) -> Any:
        atoms: list[tuple[str, str]] = []

        def sub(m: re.Match[str]) -> str:
            atoms.append((m.group(1) or m.group(2), m.group(3) or m.group(4)))
            return f"ATOM{len(atoms) - 1}"

        src = ATOM.sub(
            sub, text.replace(" ", "").translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
        )
        src = src.replace("σ'", "SP").replace("σ", "SG").replace("tanh'", "TP").replace("^", "**")
        env = {**P, **self.forward(P)}
        for k, (top, bottom) in enumerate(atoms):
            env[f"ATOM{k}"] = self.atom(P, top, bottom)
        fns = {
            "SG": sig,
            "SP": lambda u: sig(u) * (1 - sig(u)),
            "TP": lambda u: 1 - mpmath.tanh(u) ** 2,
            "tanh": mpmath.tanh,
            "exp": mpmath.exp,
            "log": mpmath.log,
            "abs": abs,
            "relu": ACT["relu"][0],
            "step": ACT["relu"][1],
        }

        def ev(node: ast.AST) -> Any:
            if isinstance(node, ast.Expression):
                return ev(node.body)
            if isinstance(node, ast.Constant):
                return mpmath.mpf(str(node.value))
            if isinstance(node, ast.Name):
                return env[node.id]
            if isinstance(node, ast.UnaryOp):
                v = ev(node.operand)
                return -v if isinstance(node.op, ast.USub) else v
            if isinstance(node, ast.BinOp):
                a, b = ev(node.left), ev(node.right)
                return {
                    ast.Add: lambda: a + b,
                    ast.Sub: lambda: a - b,
                    ast.Mult: lambda: a * b,
                    ast.Div: lambda: a / b,
                    ast.Pow: lambda: a ** int(b),
                }[type(node.op)]()
            if isinstance(node, ast.Call):
                assert isinstance(node.func, ast.Name)
                return fns[node.func.id](ev(node.args[0]))
            raise AssertionError(ast.dump(node))

        return ev(ast.parse(src, mode="eval"))


def holds(relation: str, left: Any, right: Any, tol: Any) -> bool:
    """The relation, up to ``tol`` (numerical differentiation is not exact)."""
    if relation == "=":
        return bool(abs(left - right) <= tol)
    if relation in ("<=", "<"):
        return bool(left <= right + tol)
    return bool(left >= right - tol)
