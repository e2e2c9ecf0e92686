"""``gradproof check --sizes``: prove or refute a matrix formula for a fully connected network.

The network of Nielsen ch. 2 with layer widths ``sizes = (n_0, n_1, …, n_L)``: for one training
pair (x, y),

    zˡ = Wˡ aˡ⁻¹ + bˡ,   aˡ = σ(zˡ)   (a⁰ = x),   C = ½‖y − aᴸ‖² (quadratic), ‖y − aᴸ‖²
    (squared) or −Σ_j [y_j ln aᴸ_j + (1 − y_j) ln(1 − aᴸ_j)] (cross_entropy),

with every entry of every Wˡ, bˡ, x and y an independent real symbol. The **true** derivatives
are SymPy's differentiation of that explicit cost:

* ``dC/dWl`` (n_l × n_{l−1}) and ``dC/dbl`` (n_l × 1): differentiate C in each entry;
* ``dC/dzl`` and ``dC/dal`` (n_l × 1): C is rebuilt from layer l on with fresh symbols for zˡ
  (or aˡ), differentiated in them, and the fresh symbols are replaced by zˡ (aˡ) again;
* ``deltal`` (the variable) is that true δˡ = ∂C/∂zˡ — not computed by backpropagation.

The claimed formula is parsed by a whitelist of Python's ``ast`` (never ``eval``/``sympify``):
numbers; the variables ``W1…WL`` (matrices), ``b1…bL``, ``z1…zL``, ``a1…aL``, ``x`` (= ``a0``),
``y``, ``delta1…deltaL`` (column vectors); ``+ - * /`` (elementwise, or with a scalar), ``**`` with
an integer exponent, ``@`` (matrix product), ``.T`` (transpose); the functions ``σ``/``sigmoid``,
``σ'``/``sigmoid_prime``, ``exp``, ``log`` (elementwise), ``outer(u, v)`` = u vᵀ and ``sum(v)``
(the sum of the entries). Shapes are checked as the expression is built: a mismatch is an error
naming both shapes (exit code 2).

The verdict, entry by entry: a **counterexample** is looked for first, at four concrete
networks (every entry a small rational, listed in full) where the formula as written is defined
(:func:`layer_conditions`) and the interval enclosure of an entry of claim − truth excludes 0
(:func:`gradproof.checker.core.certified_gap`, certified through any cancellation) → refuted
(exit 1), naming the entry. Otherwise every entry of claim − truth must be **proved** ≡ 0, with
each exponential named by an independent positive symbol (an identity in independent symbols
holds for their true values), and then pass the **sanity net** (every entry evaluated at ≥ 24
networks, :func:`gradproof.checker.core.sanity_net`) → proved (exit 0) for the domain shown
(where the formula as written is defined), or a kernel error (exit 4) if the net finds it false;
else undecided (exit 3). The numbers never prove: agreement at the four networks only sends the
claim on to the proof. The whole job runs in a worker process killed after ``timeout`` seconds.
"""

from __future__ import annotations

import ast
import itertools
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from gradproof.checker.core import (
    KERNEL_ERROR,
    Condition,
    Enclosure,
    certified_gap,
    definedness_conditions,
    domain_text,
    interval_text,
    item_seed,
    sanity_net,
    uncertified,
)
from gradproof.checker.network import CheckInputError
from gradproof.checker.parser import MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, MAX_NODES, normalise
from gradproof.expressions import sigma, sigma_prime

LAYER_COSTS: tuple[str, ...] = ("quadratic", "squared", "cross_entropy")
MAX_LAYERS, MAX_WIDTH, MAX_ENTRIES = 5, 6, 80
DIGITS = 50
_VALUES = [sp.Rational(v) for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1", "-1/2")]
_TARGETS = [sp.Rational(v) for v in ("0", "1", "1/4", "3/4", "1/2")]
_ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t\n+-*/().,@"
)
_NAME = re.compile(r"^(W|w|b|z|a|delta)_?([0-9]+)$")


def parse_sizes(text: str | Any) -> tuple[int, ...]:
    """``"3,4,2"`` (or a sequence) → (3, 4, 2); CheckInputError naming --sizes otherwise."""
    try:
        parts = text.split(",") if isinstance(text, str) else list(text)
        sizes = tuple(int(str(p).strip()) for p in parts)
    except (TypeError, ValueError):
        raise CheckInputError(
            f"--sizes must be comma-separated layer widths like 3,4,2, got {text!r}"
        ) from None
    if len(sizes) < 2 or len(sizes) > MAX_LAYERS + 1:
        raise CheckInputError(
            f"--sizes needs an input width and 1 to {MAX_LAYERS} layers, got {text!r}"
        )
    if any(not 1 <= s <= MAX_WIDTH for s in sizes):
        raise CheckInputError(
            f"--sizes: every width must be between 1 and {MAX_WIDTH}, got {text!r}"
        )
    if sum(o * (i + 1) for i, o in itertools.pairwise(sizes)) > MAX_ENTRIES:
        raise CheckInputError(
            f"--sizes {text!r} has more than {MAX_ENTRIES} weights and biases: too large to prove"
            " entry by entry; a smaller network of the same depth shows the same formula"
        )
    return sizes


def _shape(v: Any) -> tuple[int, int] | None:
    return tuple(v.shape) if isinstance(v, sp.MatrixBase) else None


def _shape_text(v: Any) -> str:
    s = _shape(v)
    return "a scalar" if s is None else f"shape {s[0]}×{s[1]}"


@dataclass(frozen=True)
class LayerNetwork:
    """The symbolic network: matrices of symbols, its forward pass, cost and true derivatives."""

    sizes: tuple[int, ...]
    cost: str = "quadratic"
    W: tuple[sp.Matrix, ...] = field(init=False, repr=False)
    b: tuple[sp.Matrix, ...] = field(init=False, repr=False)
    x: sp.Matrix = field(init=False, repr=False)
    y: sp.Matrix = field(init=False, repr=False)
    z: tuple[sp.Matrix, ...] = field(init=False, repr=False)  # z[0] unused
    a: tuple[sp.Matrix, ...] = field(init=False, repr=False)  # a[0] = x

    def __post_init__(self) -> None:
        if self.cost not in LAYER_COSTS:
            raise CheckInputError(
                f"cost must be one of {', '.join(LAYER_COSTS)}, got {self.cost!r}"
            )
        s = self.sizes
        W = tuple(
            sp.Matrix(o, i, lambda j, k, n=n: sp.Symbol(f"W{n}[{j + 1},{k + 1}]", real=True))
            for n, (i, o) in enumerate(itertools.pairwise(s), start=1)
        )
        b = tuple(
            sp.Matrix(o, 1, lambda j, _, n=n: sp.Symbol(f"b{n}[{j + 1}]", real=True))
            for n, o in enumerate(s[1:], start=1)
        )
        x = sp.Matrix(s[0], 1, lambda j, _: sp.Symbol(f"x[{j + 1}]", real=True))
        y = sp.Matrix(s[-1], 1, lambda j, _: sp.Symbol(f"y[{j + 1}]", real=True))
        zs, acts = [sp.zeros(1, 1)], [x]
        for w, bias in zip(W, b, strict=True):
            zs.append(w * acts[-1] + bias)
            acts.append(zs[-1].applyfunc(sigma))
        for name, value in (
            ("W", W),
            ("b", b),
            ("x", x),
            ("y", y),
            ("z", tuple(zs)),
            ("a", tuple(acts)),
        ):
            object.__setattr__(self, name, value)

    @property
    def layers(self) -> int:
        return len(self.sizes) - 1

    def _cost_of(self, out: sp.Matrix) -> sp.Expr:
        terms = []
        for aj, yj in zip(out, self.y, strict=True):
            if self.cost == "quadratic":
                terms.append((yj - aj) ** 2 / 2)
            elif self.cost == "squared":
                terms.append((yj - aj) ** 2)
            else:
                terms.append(-(yj * sp.log(aj) + (1 - yj) * sp.log(1 - aj)))
        return sp.Add(*terms)

    def cost_expr(self) -> sp.Expr:
        return self._cost_of(self.a[-1])

    def _from_layer(self, layer: int, kind: str) -> tuple[sp.Matrix, sp.Expr]:
        """Fresh symbols u for z^layer (kind "z") or a^layer (kind "a"), and C in terms of u."""
        u = sp.Matrix(self.sizes[layer], 1, lambda j, _: sp.Dummy(f"u{j}", real=True))
        act = u.applyfunc(sigma) if kind == "z" else u
        for w, bias in zip(self.W[layer:], self.b[layer:], strict=True):
            act = (w * act + bias).applyfunc(sigma)
        return u, self._cost_of(act)

    def true_derivative(self, kind: str, layer: int) -> sp.Matrix:
        """The true ∂C/∂(kind)^layer as a matrix of the variable's shape (see module docstring)."""
        if kind in ("W", "b"):
            var = (self.W if kind == "W" else self.b)[layer - 1]
            C = self.cost_expr()
            return var.applyfunc(lambda v: sp.diff(C, v))
        u, C = self._from_layer(layer, kind)
        at = self.z[layer] if kind == "z" else self.a[layer]
        grad = u.applyfunc(lambda v: sp.diff(C, v))
        return grad.xreplace(dict(zip(u, at, strict=True)))

    def definitions(self) -> tuple[str, ...]:
        out = []
        for n in range(1, self.layers + 1):
            prev = "x" if n == 1 else f"a{n - 1}"
            out.append(f"z{n} = W{n} @ {prev} + b{n}  ({self.sizes[n]}×1)")
            out.append(f"a{n} = σ(z{n})")
        aL = f"a{self.layers}"
        out.append(
            {
                "quadratic": f"C = sum((y - {aL})**2)/2",
                "squared": f"C = sum((y - {aL})**2)",
                "cross_entropy": f"C = -sum(y*log({aL}) + (1 - y)*log(1 - {aL}))",
            }[self.cost]
        )
        out.append("delta_l = dC/dz_l, the true error of layer l (by differentiation of C)")
        return tuple(out)

    def describe(self) -> str:
        return (
            f"fully connected sigmoid network, sizes {list(self.sizes)} (x: {self.sizes[0]}×1, "
            f"W_l: n_l×n_(l-1)), {self.cost.replace('_', '-')} cost, one training pair (x, y)"
        )


# ============================================================ the whitelist parser


_FUNCS = {
    "sigmoid": sigma,
    "sigmoid_prime": sigma_prime,
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
}
FUNCTION_NAMES = (*sorted(_FUNCS), "outer", "sum")
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}


class _Builder:
    def __init__(self, net: LayerNetwork, deltas: dict[int, sp.Matrix]) -> None:
        self.net = net
        self.deltas = deltas
        self.nodes = 0

    def name(self, ident: str) -> Any:
        net = self.net
        L = net.layers
        if ident == "x":
            return net.x
        if ident == "y":
            return net.y
        m = _NAME.match(ident)
        if m is None:
            raise CheckInputError(
                f"unknown name {ident!r}: the variables are W1…W{L}, b1…b{L}, z1…z{L}, a1…a{L}, "
                f"x (= a0), y, delta1…delta{L}"
            )
        base, index = m.group(1), int(m.group(2))
        if base == "a" and index == 0:
            return net.a[0]
        if not 1 <= index <= L:
            raise CheckInputError(f"unknown variable {ident!r}: this network has layers 1…{L}")
        if base in ("W", "w"):
            return net.W[index - 1]
        if base == "b":
            return net.b[index - 1]
        if base == "z":
            return net.z[index]
        if base == "a":
            return net.a[index]
        if index not in self.deltas:
            self.deltas[index] = net.true_derivative("z", index)
        return self.deltas[index]

    def build(self, node: ast.AST, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CheckInputError(f"the expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise CheckInputError(f"the expression is nested more than {MAX_DEPTH} levels deep")
        d = depth + 1
        if isinstance(node, ast.Expression):
            return self.build(node.body, d)
        if isinstance(node, ast.Constant):
            return _number(node.value)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            if node.attr != "T":
                raise CheckInputError(
                    f"only .T (transpose) is allowed after a value, got .{node.attr}"
                )
            value = self.build(node.value, d)
            if not isinstance(value, sp.MatrixBase):
                raise CheckInputError("the transpose .T needs a vector or matrix, got a scalar")
            return value.T
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.build(node.operand, d)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            return self.binop(node, d)
        if isinstance(node, ast.Call):
            return self.call(node, d)
        raise CheckInputError(
            f"{type(node).__name__} is not allowed; use numbers, the variables, + - * / ** @ .T "
            "and "
            f"the functions {', '.join(FUNCTION_NAMES)}"
        )

    def binop(self, node: ast.BinOp, depth: int) -> Any:
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise CheckInputError(f"operator {type(node.op).__name__} is not allowed")
        left = self.build(node.left, depth)
        if op == "**":
            k = node.right
            if not (
                isinstance(k, ast.Constant)
                and type(k.value) is int
                and abs(k.value) <= MAX_EXPONENT
            ):
                raise CheckInputError(
                    f"an exponent must be an integer literal |k| ≤ {MAX_EXPONENT}"
                )
            if isinstance(left, sp.MatrixBase):
                return left.applyfunc(lambda e: e**k.value)
            return left**k.value
        right = self.build(node.right, depth)
        ls, rs = _shape(left), _shape(right)
        if op == "@":
            if ls is None or rs is None or ls[1] != rs[0]:
                raise CheckInputError(
                    f"shape mismatch in @ (matrix product): left is {_shape_text(left)}, right is "
                    f"{_shape_text(right)}; the left's columns must equal the right's rows"
                )
            return left * right
        if ls is not None and rs is not None and ls != rs:
            raise CheckInputError(
                f"shape mismatch in {op} (elementwise): left is {_shape_text(left)}, right is "
                f"{_shape_text(right)} (for a matrix product use @, for u vᵀ use outer(u, v))"
            )
        if op in ("+", "-") and (ls is None) != (rs is None):
            raise CheckInputError(
                f"shape mismatch in {op}: left is {_shape_text(left)}, right is "
                f"{_shape_text(right)}"
            )
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            if ls is not None and rs is not None:
                return left.multiply_elementwise(right)
            return left * right
        if rs is None:
            if right == 0:
                raise CheckInputError("division by zero in the expression")
            return left / right
        if ls is None:
            return right.applyfunc(lambda e: left / e)
        return sp.Matrix(ls[0], ls[1], lambda i, j: left[i, j] / right[i, j])

    def call(self, node: ast.Call, depth: int) -> Any:
        if not isinstance(node.func, ast.Name):
            raise CheckInputError(f"only the functions {', '.join(FUNCTION_NAMES)} can be called")
        fname = node.func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise CheckInputError(f"{fname}(...) takes positional arguments only")
        args = [self.build(a, depth) for a in node.args]
        if fname == "outer":
            if len(args) != 2 or any((_shape(a) or (0, 0))[1] != 1 for a in args):
                shown = ", ".join(_shape_text(a) for a in args)
                raise CheckInputError(f"outer(u, v) takes two column vectors, got {shown}")
            return args[0] * args[1].T
        if len(args) != 1:
            raise CheckInputError(f"{fname}(...) takes exactly one argument")
        (arg,) = args
        if fname == "sum":
            return sp.Add(*arg) if isinstance(arg, sp.MatrixBase) else arg
        if fname not in _FUNCS:
            raise CheckInputError(
                f"unknown function {fname!r}: the functions are {', '.join(FUNCTION_NAMES)}"
            )
        f = _FUNCS[fname]
        return arg.applyfunc(f) if isinstance(arg, sp.MatrixBase) else f(arg)


def _number(value: object) -> sp.Rational:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckInputError(f"only real numbers are allowed as constants, got {value!r}")
    if isinstance(value, float) and (value != value or abs(value) > 1e6):
        raise CheckInputError(f"the number {value!r} is too large (at most 1e6)")
    if isinstance(value, int) and abs(value) > 10**6:
        raise CheckInputError(f"the number {value} is too large (at most 1000000)")
    frac = Fraction(repr(value))
    return sp.Rational(frac.numerator, frac.denominator)


def parse_matrix_expression(text: str, net: LayerNetwork) -> Any:
    """Parse ``text`` into a SymPy Matrix (or scalar) in the network's symbols; see module doc."""
    if not isinstance(text, str) or not text.strip():
        raise CheckInputError("the expression must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise CheckInputError(f"the expression has {len(text)} characters; at most {MAX_LENGTH}")
    norm = normalise(text).replace("δ", "delta").replace("ᵀ", ".T")
    for pos, ch in enumerate(norm):
        if ch not in _ALLOWED:
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise CheckInputError(
                f"character {shown} (near position {pos}) is not allowed: use letters, digits, _,"
                " spaces and + - * / ** @ ( ) . , (σ, σ' and δ are accepted)"
            )
    try:
        tree = ast.parse(norm, mode="eval")
    except SyntaxError as exc:
        raise CheckInputError(f"the expression is not valid syntax: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise CheckInputError(f"the expression cannot be parsed: {type(exc).__name__}") from None
    return _Builder(net, {}).build(tree)


_DERIVATIVE = re.compile(
    r"^\s*(?:d|∂)\s*C\s*/\s*(?:d|∂)\s*(?P<kind>W|w|b|z|a)\s*_?\s*(?P<l>[0-9]+)\s*$"
)


def parse_layer_derivative(text: str, net: LayerNetwork) -> tuple[str, int]:
    """``dC/dW2`` → ("W", 2); also dC/db1, dC/dz1, dC/da1 (∂ accepted)."""
    if not isinstance(text, str) or len(text) > 40:  # before the regex: its blanks backtrack
        raise CheckInputError(
            "the derivative must be a short string like 'dC/dW2' (at most 40 characters), got "
            + (f"a text of {len(text)} characters" if isinstance(text, str) else repr(text))
        )
    m = _DERIVATIVE.match(text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")))
    if m is None:
        raise CheckInputError(
            f"derivative {text!r} not understood: write dC/dWl, dC/dbl, dC/dzl or dC/dal with "
            f"l between 1 and {net.layers}"
        )
    kind, layer = m.group("kind").replace("w", "W"), int(m.group("l"))
    if not 1 <= layer <= net.layers:
        raise CheckInputError(f"derivative {text!r}: this network has layers 1…{net.layers}")
    return kind, layer


# ============================================================ the verdict


def _atomize(expr: sp.Expr, gens: dict[sp.Expr, sp.Symbol]) -> sp.Expr:
    """Every e^u → an independent positive symbol t_u (e^{−u} → 1/t_u), innermost first."""

    def rec(e: sp.Basic) -> sp.Basic:
        if e.is_Atom:
            return e
        args = [rec(a) for a in e.args]
        if isinstance(e, sp.exp):
            key = sp.expand(args[0])
            if key in gens:
                return gens[key]
            if -key in gens:
                return 1 / gens[-key]
            gens[key] = sp.Dummy(f"t{len(gens)}", positive=True)
            return gens[key]
        return e.func(*args)

    return rec(expr)


def prove_entry_zero(diff: sp.Expr) -> bool:
    """True when ``diff`` cancels to 0 as a rational function once exponentials are named."""
    if diff == 0:
        return True
    atoms = _atomize(sp.sympify(diff), {})
    return bool(sp.expand(sp.numer(sp.together(atoms))) == 0)


def _point(net: LayerNetwork, n: int, seed: int) -> dict[sp.Symbol, sp.Rational]:
    rng = random.Random(seed + n)
    params = [*itertools.chain.from_iterable(net.W), *itertools.chain.from_iterable(net.b)]
    pt: dict[sp.Symbol, sp.Rational] = {}
    for k, v in enumerate(params):
        pt[v] = _VALUES[(n + k) % len(_VALUES)] if n == 0 else rng.choice(_VALUES)
    for k, v in enumerate(net.x):
        pt[v] = _VALUES[(n + 3 * k + 1) % len(_VALUES)] if n == 0 else rng.choice(_VALUES)
    for k, v in enumerate(net.y):
        pt[v] = _TARGETS[(n + k) % len(_TARGETS)] if n == 0 else rng.choice(_TARGETS)
    return pt


@dataclass(frozen=True)
class LayerCounterexample:
    point: dict[str, str]
    entry: tuple[int, int]
    claimed_value: str
    correct_value: str
    difference: str

    def as_json(self) -> dict[str, object]:
        return {
            "point": dict(self.point),
            "entry": list(self.entry),
            "claimed_value": self.claimed_value,
            "correct_value": self.correct_value,
            "difference": self.difference,
        }


def layer_conditions(text: str, net: LayerNetwork) -> tuple[Condition, ...]:
    """Where the formula ``text`` is defined as written (every entry of every divisor nonzero,
    of every argument of log positive), read from its syntax tree: see
    :func:`gradproof.checker.core.definedness_conditions`."""

    def build(src: str, _in_sum: bool) -> list[sp.Expr]:
        value = parse_matrix_expression(src, net)
        return list(value) if isinstance(value, sp.MatrixBase) else [sp.sympify(value)]

    return definedness_conditions(text, build, many=" (every entry)")


def find_layer_counterexample(
    net: LayerNetwork,
    claim: sp.Matrix,
    true: sp.Matrix,
    count: int = 4,
    conditions: Sequence[Condition] = (),
) -> LayerCounterexample | None:
    """A concrete network where some entry of claim − truth is certainly nonzero, else None.

    Certified (:func:`gradproof.checker.core.certified_gap`): each entry of the claim and of the
    truth is enclosed by interval arithmetic, the precision raised while cancellation leaves
    the difference's enclosure wide; an entry separates them only when that enclosure excludes
    0, and only at a network where the formula as written is defined (``conditions``).
    """
    for n in range(count):
        pt = _point(net, n, seed=17)
        cache: dict[int, Enclosure] = {}
        if not all(c.holds_at(pt, cache=cache) for c in conditions):
            continue
        for idx, (c, t) in enumerate(zip(claim, true, strict=True)):
            g = certified_gap(t, c, pt, cache=cache)  # right − left = claim − true
            if g is None or g.sign not in (1, -1):
                continue
            shown = certified_gap(t, c, pt, until_digits=DIGITS + 2) or g
            r, col = divmod(idx, claim.cols)
            return LayerCounterexample(
                {str(k): str(v) for k, v in pt.items()},
                (r + 1, col + 1),
                interval_text(shown.right),
                interval_text(shown.left),
                interval_text(shown.gap),
            )
    return None


def layer_variables(net: LayerNetwork) -> list[sp.Symbol]:
    """Every entry of W1…WL, b1…bL, x and y: the variables of the layered network."""
    return [
        *itertools.chain.from_iterable(net.W),
        *itertools.chain.from_iterable(net.b),
        *net.x,
        *net.y,
    ]


def solve_layers(
    sizes: tuple[int, ...], cost: str, derivative: str, claimed: str
) -> dict[str, Any]:
    """Parse, refute or prove, and put a proof through the sanity net (no time limit);
    returns plain data for the result."""
    net = LayerNetwork(sizes, cost)
    kind, layer = parse_layer_derivative(derivative, net)
    claim = parse_matrix_expression(claimed, net)
    true = net.true_derivative(kind, layer)
    if not isinstance(claim, sp.MatrixBase):
        claim_shape = "a scalar"
    else:
        claim_shape = f"shape {claim.rows}×{claim.cols}"
    if not isinstance(claim, sp.MatrixBase) or claim.shape != true.shape:
        raise CheckInputError(
            f"shape mismatch: the claimed expression has {claim_shape}, but dC/d{kind}{layer} has "
            f"shape {true.rows}×{true.cols}"
        )
    conditions = layer_conditions(claimed, net)
    ce = find_layer_counterexample(net, claim, true, conditions=conditions)
    if ce is not None:
        return {
            "status": "refuted",
            "counterexample": ce.as_json(),
            "detail": f"entry {ce.entry} differs at the network given, where the formula is"
            " defined as written: the interval enclosure of claim − truth (mpmath interval"
            " arithmetic, outward rounding) excludes 0; every digit shown is certain",
        }
    diff = claim - true
    bad = [
        (r + 1, c + 1)
        for r, c in itertools.product(range(diff.rows), range(diff.cols))
        if not prove_entry_zero(diff[r, c])
    ]
    if bad:
        return {
            "status": "undecided",
            "detail": f"claim and truth agree at 4 concrete networks (interval enclosures of"
            f" their difference contain 0), but entries {bad[:5]} did not cancel symbolically",
        }
    how = (
        f"all {diff.rows * diff.cols} entries of claim − true derivative cancel to 0 with every"
        " exponential named by an independent positive symbol (an identity in independent"
        " symbols holds for their true values)"
    )
    report = sanity_net(
        list(zip(true, claim, strict=True)),
        "=",
        layer_variables(net),
        conditions=conditions,
        seed=item_seed(claimed, derivative),
    )
    if not report.ok:
        f = report.failure
        assert f is not None
        r, c = divmod(f.index, claim.cols)
        return {
            "status": KERNEL_ERROR,
            "counterexample": {
                "point": f.point,
                "entry": [r + 1, c + 1],
                "claimed_value": f.right_value,
                "correct_value": f.left_value,
                "difference": f.difference,
            },
            "detail": f"{report.text()}; the proof said: {how}. This is a bug in gradproof's"
            " prover (please report it)",
        }
    return {
        "status": "proved",
        "detail": f"{how}; {report.text()}",
        "excluded": [cond.statement() for cond in uncertified(conditions)],
    }


def _worker(conn: Any, *args: Any) -> None:
    try:
        conn.send(solve_layers(*args))
    except CheckInputError as exc:
        conn.send({"status": "invalid", "detail": str(exc)})
    except BaseException as exc:  # report, never hang the parent
        conn.send({"status": "undecided", "detail": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


#: what a proof of a ``--sizes`` formula covers (narrowed where the formula is undefined)
LAYER_DOMAIN = "all real weights, biases, inputs and targets (entry by entry)"


@dataclass(frozen=True)
class LayerCheckResult:
    """The verdict on a matrix formula: ``proved`` (for every point of ``domain``), ``refuted``
    (``counterexample`` holds a separating network), ``undecided``, or ``kernel-error`` (a proof
    the sanity net found false at the network in ``counterexample``: a bug, never a proof)."""

    status: str
    derivative: str
    sizes: tuple[int, ...]
    cost: str
    claimed: str
    description: str
    definitions: tuple[str, ...]
    detail: str
    counterexample: LayerCounterexample | None = None
    seconds: float = 0.0
    domain: str = LAYER_DOMAIN

    @property
    def exit_code(self) -> int:
        """0 proved, 1 refuted, 3 undecided, 4 kernel error (2 is bad input, raised)."""
        return {"proved": 0, "refuted": 1, "undecided": 3, KERNEL_ERROR: 4}[self.status]

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "derivative": self.derivative,
            "network": {
                "sizes": list(self.sizes),
                "cost": self.cost,
                "description": self.description,
            },
            "claimed": self.claimed,
            "definitions": list(self.definitions),
            "domain": self.domain,
            "counterexample": None
            if self.counterexample is None
            else self.counterexample.as_json(),
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
        }

    def text(self) -> str:
        lines = [
            f"{self.derivative} for a {self.description}",
            f"  claimed:   {self.claimed}",
            f"  where      {'; '.join(self.definitions)}",
        ]
        if self.status == "proved":
            lines += [f"PROVED for {self.domain}.", f"  {self.detail}"]
        elif self.status in ("refuted", KERNEL_ERROR):
            ce = self.counterexample
            assert ce is not None
            if self.status == KERNEL_ERROR:
                lines += [
                    "KERNEL ERROR (a bug in gradproof, not a verdict): the prover said proved,"
                    " but the sanity net finds the formula false at the network"
                ]
            else:
                lines.append("REFUTED: at the network")
            for group in ("W", "b", "x", "y"):
                items = [f"{k} = {v}" for k, v in ce.point.items() if k.startswith(group)]
                lines.append("  " + ", ".join(items))
            lines += [
                f"  entry {ce.entry} of {self.derivative}:",
                f"  claimed value:  {ce.claimed_value}",
                f"  correct value:  {ce.correct_value}",
                f"  difference:     {ce.difference}",
            ]
            if self.status == KERNEL_ERROR:
                lines.append(f"  {self.detail}")
        else:
            lines += [
                "UNDECIDED: neither a proof nor a counterexample was found.",
                f"  {self.detail}",
            ]
        return "\n".join(lines)


def check_layers(
    derivative: str,
    claimed: str,
    *,
    sizes: Any,
    cost: str = "quadratic",
    timeout: float = 60.0,
    started: float | None = None,
) -> LayerCheckResult:
    """Prove or refute ``claimed`` (matrix syntax, see the module docstring) as ``derivative``
    (``"dC/dW2"``, ``"dC/db1"``, ``"dC/dz1"``, ``"dC/da1"``) of the network with ``sizes``.

    Example (BP4 of Nielsen ch. 2)::

        >>> check_layers("dC/dW2", "outer(delta2, a1)", sizes="3,4,2").status
        'proved'

    Raises :class:`CheckInputError` (exit code 2) for bad input, including a shape mismatch
    (both shapes named); the proof runs in a worker process killed ``timeout`` seconds after
    ``started`` (a :func:`time.monotonic` time; default: this call).
    """
    start = time.perf_counter()
    if started is None:  # ``timeout`` counts from ``started`` (default: now), parsing included
        started = time.monotonic()
    s = parse_sizes(sizes)
    if cost not in LAYER_COSTS:
        raise CheckInputError(f"cost must be one of {', '.join(LAYER_COSTS)}, got {cost!r}")
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout <= 86_400
    ):
        raise CheckInputError(
            f"timeout must be a positive number of seconds ≤ 86400, got {timeout!r}"
        )
    net = LayerNetwork(s, cost)
    kind, layer = parse_layer_derivative(derivative, net)  # quick errors before forking
    from gradproof.children import context, start_process, stop_process

    ctx = context()
    parent, child = ctx.Pipe(duplex=False)
    # dies with this process on every path (gradproof.children), so a killed command never
    # leaves its worker holding stdout
    proc = start_process(_worker, (child, s, cost, derivative, claimed), ctx=ctx)
    child.close()
    try:
        answer: dict[str, Any] = (
            dict(parent.recv())
            if parent.poll(max(0.0, started + timeout - time.monotonic()))
            else {
                "status": "undecided",
                "detail": f"no verdict within the time limit of {timeout:g} s",
            }
        )
    except EOFError:
        answer = {"status": "undecided", "detail": "the proof worker stopped without an answer"}
    finally:
        stop_process(proc)
        parent.close()
    if answer["status"] == "invalid":
        raise CheckInputError(answer["detail"])
    ce = answer.get("counterexample")
    excluded = answer.get("excluded") or []
    return LayerCheckResult(
        status=answer["status"],
        derivative=f"∂C/∂{kind}{layer}",
        sizes=s,
        cost=cost,
        claimed=claimed,
        description=net.describe(),
        definitions=net.definitions(),
        detail=answer["detail"],
        counterexample=None
        if ce is None
        else LayerCounterexample(
            ce["point"],
            tuple(ce["entry"]),
            ce["claimed_value"],
            ce["correct_value"],
            ce["difference"],
        ),
        seconds=time.perf_counter() - start,
        domain=domain_text(excluded, LAYER_DOMAIN),
    )


def run_layers_command(args: Any, out: Any) -> int:
    """``gradproof check --sizes …``: print the verdict (text or --json); the exit code."""
    import json
    import sys

    chain_only = [
        flag
        for flag, used in (
            ("--layers", args.layers != 1),
            ("--pairs", args.pairs is not None),
            ("--average", args.average),
            ("--no-biases", args.no_biases),
            ("--activation", args.activation != "sigmoid"),
        )
        if used
    ]
    try:
        if chain_only:
            raise CheckInputError(
                f"{', '.join(chain_only)} describe a chain of single neurons; with --sizes the "
                "network is given by its widths (sigmoid, biases, one training pair)"
            )
        from gradproof.limits import command_start

        result = check_layers(
            args.derivative,
            args.expression,
            sizes=args.sizes,
            cost=args.cost,
            timeout=args.timeout,
            started=command_start(),  # --timeout counts from the command's start
        )
    except CheckInputError as exc:
        if args.json:
            json.dump({"status": "invalid", "error": str(exc)}, out, ensure_ascii=False)
            print(file=out)
        else:
            print(f"gradproof check: bad input: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result.as_json(), out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        print(result.text(), file=out)
    return result.exit_code
