"""A whitelist parser for user expressions: text → SymPy, without ``eval`` or ``sympify``.

The text comes from users, so it never reaches Python's ``eval`` (which ``sympy.sympify`` and
``parse_expr`` use). Instead:

1. a few notations are rewritten as plain text (``σ'``/``σ′`` → ``sigmoid_prime``, ``σ`` →
   ``sigmoid``, ``tanh'`` → ``tanh_prime``, ``relu'`` → ``step``, ``^`` → ``**``, ``−`` → ``-``,
   ``·``/``×`` → ``*``, subscript digits ``₁`` → ``1``);
2. every character must then be an ASCII letter, digit, ``_``, space, ``+ - * / ( ) . ,``
   (no quotes, brackets, braces, ``:``, ``=``, ``@``, ``\\``, non-ASCII letters …);
3. the length (:data:`MAX_LENGTH`) and parenthesis depth (:data:`MAX_PAREN_DEPTH`) are bounded
   *before* Python's parser sees the text;
4. ``ast.parse(mode="eval")`` builds a syntax tree (which runs nothing), and a recursive walk
   accepts only these nodes, building the SymPy object directly:

   * ``BinOp`` with ``+ - * / **``; ``UnaryOp`` ``-``/``+``;
   * ``Constant`` int/float (not bool, complex, None or ``...``), magnitude ≤ :data:`MAX_NUMBER`
     and, if nonzero, ≥ 1/:data:`MAX_NUMBER`, read exactly as the decimal written (``0.1`` =
     1/10; hexadecimal, octal, binary literals and ``_`` separators are refused);
   * ``x ** k`` only with an integer literal k, |k| ≤ :data:`MAX_EXPONENT`;
   * ``Name`` from the network's variables (see :class:`Scope`);
   * ``Call`` of a whitelisted function name with exactly one positional argument and no
     keywords or ``*args``: sigmoid, sigmoid_prime, tanh, tanh_prime, relu, step (= relu_prime),
     exp, log (= ln), abs, and ``sum`` (over training pairs, not nested);

   the tree depth is bounded by :data:`MAX_DEPTH` and the node count by :data:`MAX_NODES`.
   Anything else — attributes, subscripts, lambdas, comprehensions, comparisons, boolean
   operators, conditional expressions, ``//``, ``%``, ``@`` … — is an error that names it.
5. a result that is undefined (division by zero, ∞) or not real (the imaginary unit, as in
   ``log(-1)``) is refused; a division whose denominator can be 0 and that SymPy cancels
   (``x/x``, ``0/x``) is read, and the checker states the excluded points (x ≠ 0) with any proof,
   reading them from the text as written;
6. notations that would change meaning are refused, not guessed: ``σ''`` (no second
   derivative is modelled), ``σ^2(z)`` (a power written on the function), ``2₁``, ``w01``,
   ``dC/dw1**2`` (see :func:`check_notation`).

:class:`PlainPrinter` (:func:`to_plain`) prints an expression back in this syntax so that it is
read again as the same expression.

Names: ``w1 … wL``, ``b1 … bL`` (with biases), ``x`` (= ``a0``), ``y``, and ``z1 … zL``,
``a1 … aL`` (replaced by their definitions); ``w_1`` = ``w1``. With n training pairs, ``x``,
``y``, ``a_j``, ``z_j`` exist only inside ``sum(…)``, which adds its argument over the n pairs,
and the name ``n`` is the number of pairs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from gradproof.checker.network import (
    CheckInputError,
    Network,
    Pair,
    relu,
    step,
    tanh_expr,
    tanh_prime_expr,
)
from gradproof.expressions import sigma, sigma_prime
from gradproof.safety import clip

MAX_LENGTH = 2000
MAX_PAREN_DEPTH = 32
MAX_DEPTH = 40
MAX_NODES = 600
MAX_EXPONENT = 8
MAX_NUMBER = 10**6
MAX_BITS = 4096

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
#: textual rewrites, applied in this order (longest first so that σ′ is not read as σ then ′)
_REWRITES: tuple[tuple[str, str], ...] = (
    ("sigmoid′", "sigmoid_prime"),
    ("sigmoid'", "sigmoid_prime"),
    ("σ′", "sigmoid_prime"),
    ("σ'", "sigmoid_prime"),
    ("σ", "sigmoid"),
    ("tanh′", "tanh_prime"),
    ("tanh'", "tanh_prime"),
    ("relu′", "step"),
    ("relu'", "step"),
    ("−", "-"),
    ("·", "*"),
    ("⋅", "*"),
    ("×", "*"),
    ("^", "**"),
)
#: σ'' and the like: a prime after a derivative (before the rewrites, so σ'' is not σ' then ')
_HIGHER_PRIME = re.compile(r"(?:σ|sigmoid|tanh|relu|sigmoid_prime|tanh_prime)\s*['′]\s*['′]")
#: a subscript digit that is not part of a name's subscript: after a digit (2₁ would read as
#: 21), before a digit (z₁2 as z12), or on no name at all (₁ alone as 1)
_DIGIT_SUBSCRIPT = re.compile(r"[0-9][₀-₉]|[₀-₉][0-9]|(?<![A-Za-z_₀-₉])[₀-₉]")
#: the literal forms read exactly: decimal integers and decimals, with an optional exponent
_DECIMAL = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t\n+-*/().,")
_NAME = re.compile(r"^([A-Za-z]+)_?([0-9]+)$")

_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sigmoid": sigma,
    "sigmoid_prime": sigma_prime,
    "tanh": tanh_expr,
    "tanh_prime": tanh_prime_expr,
    "relu": relu,
    "relu_prime": step,
    "step": step,
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "abs": sp.Abs,
}
FUNCTION_NAMES: tuple[str, ...] = (*sorted(_FUNCTIONS), "sum")

_OPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class LazyAbs(sp.Function):
    """|u| left unevaluated until a number is asked for (``Abs`` would try to decide the sign
    of a closed expression symbolically every time a point is substituted, which is slow)."""

    nargs = 1

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        from mpmath.libmp import prec_to_dps

        value = self.args[0].evalf(prec_to_dps(prec))
        if value is None or not value.is_Number:
            return None
        return abs(value)

    def _latex(self, printer: Any) -> str:
        return r"\left|" + printer._print(self.args[0]) + r"\right|"


def normalise(text: str) -> str:
    """Apply the textual rewrites of step 1 (no evaluation; plain string replacement)."""
    out = text.translate(_SUBSCRIPTS)
    for old, new in _REWRITES:
        out = out.replace(old, new)
    return out


@dataclass(frozen=True)
class Scope:
    """The names an expression may use, for a given network (and, inside ``sum``, a pair)."""

    network: Network
    pair: Pair | None  # None: outside sum(...) with several pairs
    #: names resolved before the network's own (``gradproof check-steps`` uses it for its
    #: derivative atoms and its display): ``names(name, pair)`` returns an expression or None
    names: Callable[[str, Pair | None], sp.Expr | None] | None = None

    def lookup(self, name: str) -> sp.Expr:
        if self.names is not None:
            found = self.names(name, self.pair)
            if found is not None:
                return found
        net = self.network
        L = net.layers
        if name == "n" and net.pairs is not None:
            return sp.Integer(net.pairs)
        m = _NAME.match(name)
        if m and len(m.group(2)) > 1 and m.group(2).startswith("0"):
            raise CheckInputError(
                f"{name!r}: a layer number has no leading zero (w1, z2 …; {name} is not read as"
                f" {m.group(1)}{int(m.group(2))})"
            )
        base, index = (m.group(1), int(m.group(2))) if m else (name, None)
        if (index is None and base in ("x", "y")) or (base == "a" and index == 0):
            return self._pair_value(name, "y" if base == "y" else "x", 0)
        if index is not None and base in ("w", "b"):
            if not 1 <= index <= L:
                raise CheckInputError(
                    f"unknown variable {name!r}: a {L}-layer chain has {base}1 … {base}{L}"
                )
            if base == "b" and not net.biases:
                raise CheckInputError(
                    f"unknown variable {name!r}: this network has no biases (use biases=True)"
                )
            return net.variable(base, index)
        if index is not None and base in ("a", "z"):
            if not 1 <= index <= L:
                first = 0 if base == "a" else 1
                raise CheckInputError(
                    f"unknown variable {name!r}: a {L}-layer chain has {base}{first} … {base}{L}"
                )
            return self._pair_value(name, base, index)
        known = "w1…wL, b1…bL, x (= a0), y, z1…zL, a1…aL" + (", n" if net.pairs else "")
        raise CheckInputError(f"unknown name {name!r}: the variables are {known}")

    def _pair_value(self, name: str, base: str, index: int) -> sp.Expr:
        if self.pair is None:
            raise CheckInputError(
                f"{name!r} belongs to one training pair: with pairs={self.network.pairs} use it"
                " inside sum(...)"
            )
        if base == "x":
            return self.pair.x
        if base == "y":
            return self.pair.y
        return (self.pair.a if base == "a" else self.pair.z)[index]


def check_notation(text: str) -> None:
    """Refuse, before any rewrite, the notations a rewrite would change: ``σ''`` (a second
    derivative, which would otherwise read as σ' followed by a stray prime), a subscript digit
    that is not a name's index (``2₁`` would become 21, ``₁`` alone 1) and a power right after
    a derivative atom
    (``dC/dw1**2``: (∂C/∂w₁)² or ∂C/∂(w₁²)?)."""
    m = _HIGHER_PRIME.search(text)
    if m is not None:
        raise CheckInputError(
            f"{m.group(0)!r} (near position {m.start()}) is a second or higher derivative, which"
            " the checker does not model: only σ' (sigmoid_prime) and tanh' are"
        )
    m = _DIGIT_SUBSCRIPT.search(text)
    if m is not None:
        raise CheckInputError(
            f"{m.group(0)!r} (near position {m.start()}): a subscript digit is read only as a"
            " name's index (z₁, w₂): next to a digit, or on no name, it would be read as an"
            " ordinary digit"
        )
    from gradproof.checker.atoms import ATOM

    plain = text.translate(_SUBSCRIPTS)
    for atom in ATOM.finditer(plain):
        if re.match(r"\s*(\*\*|\^)", plain[atom.end() :]):
            raise CheckInputError(
                f"{atom.group(0)!r} followed by a power is ambiguous (the power of the"
                f" derivative, or a derivative by a power?): write ({atom.group(0)})**2"
            )


def _check_characters(text: str) -> str:
    if not isinstance(text, str):
        raise CheckInputError(f"the expression must be a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise CheckInputError(
            f"the expression has {len(text)} characters; at most {MAX_LENGTH} are accepted"
        )
    if not text.strip():
        raise CheckInputError("the expression is empty")
    check_notation(text)
    norm = normalise(text)
    for pos, ch in enumerate(norm):
        if ch not in _ALLOWED:
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise CheckInputError(
                f"character {shown} (near position {pos}) is not allowed in an expression:"
                " use letters, digits, _, spaces and + - * / ** ^ ( ) . , (σ and σ' are accepted)"
            )
    depth = 0
    for ch in norm:
        depth += ch == "("
        depth -= ch == ")"
        if depth > MAX_PAREN_DEPTH:
            raise CheckInputError(
                f"parentheses are nested more than {MAX_PAREN_DEPTH} deep; simplify the expression"
            )
    return norm


def _number(node: ast.Constant, source: str) -> sp.Rational:
    """The number as written: a decimal literal read exactly (``0.1`` = 1/10,
    ``0.30000000000000001`` = 30000000000000001/10¹⁷, never the nearest float); hexadecimal,
    octal, binary literals and ``_`` separators are refused (``0x10`` is not 0·x10)."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckInputError(f"only real numbers are allowed as constants, got {value!r}")
    literal = ast.get_source_segment(source, node) or ""
    if not _DECIMAL.fullmatch(literal):
        raise CheckInputError(
            f"the number {clip(repr(literal))} is not a plain decimal: write numbers like 2, 0.5"
            " or 1e-3 (no 0x…, 0o…, 0b…, no _ between digits)"
        )
    exact = Decimal(literal)  # compared before any big integer is built (1e999999999)
    if exact.copy_abs() > MAX_NUMBER:
        raise CheckInputError(f"the number {literal} is too large (at most {MAX_NUMBER})")
    if exact != 0 and exact.copy_abs() < Decimal(1) / MAX_NUMBER:
        raise CheckInputError(f"the number {literal} is too small (at least 1/{MAX_NUMBER})")
    frac = Fraction(exact)
    return sp.Rational(frac.numerator, frac.denominator)


def _shown(node: ast.AST) -> str:
    text = ast.unparse(node)  # prints the tree back as text; runs nothing
    return text if len(text) <= 40 else text[:39] + "…"


def _exponent(node: ast.expr) -> int:
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if (
        not isinstance(node, ast.Constant)
        or isinstance(node.value, bool)
        or not isinstance(node.value, int)
    ):
        raise CheckInputError(
            f"an exponent must be an integer literal between -{MAX_EXPONENT} and {MAX_EXPONENT}"
            f" (like x**2 or x**-1), got {_shown(node)}"
        )
    k = sign * node.value
    if abs(k) > MAX_EXPONENT:
        raise CheckInputError(
            f"the exponent {k} is too large: exponents must lie between -{MAX_EXPONENT} and"
            f" {MAX_EXPONENT}"
        )
    return k


def _power(base: sp.Expr, k: int) -> sp.Expr:
    """base**k, refusing results whose numbers or exponents would explode (e.g. (9**8)**8…)."""
    for num in base.atoms(sp.Rational):
        if (int(num.p).bit_length() + int(num.q).bit_length()) * abs(k) > MAX_BITS:
            raise CheckInputError(
                f"the power ({num})**{k} is too large (numbers are limited to {MAX_BITS} bits)"
            )
    result = base**k
    for p in result.atoms(sp.Pow):
        e = p.exp
        if e.is_Integer and abs(int(e)) > MAX_EXPONENT**2:
            raise CheckInputError(
                f"the expression has a power with exponent {e}; nested powers may multiply"
                f" exponents up to {MAX_EXPONENT**2}"
            )
    return result


def _product(left: sp.Expr, right: sp.Expr, divide: bool) -> sp.Expr:
    """``left·right`` or ``left/right``. SymPy may cancel a factor (``x/x`` → 1); the points where
    the text as written is undefined are read from the text itself by the checker
    (:func:`gradproof.checker.core.definedness_conditions`) and stated with any proof."""
    return left / right if divide else left * right


class _Builder:
    def __init__(
        self,
        network: Network,
        functions: Mapping[str, Callable[[sp.Expr], sp.Expr]] | None = None,
        source: str = "",
    ) -> None:
        self.network = network
        self.functions = {**_FUNCTIONS, **(functions or {})}
        self.nodes = 0
        self.source = source  # the normalised text, for the literals as written
        self.variables = frozenset(
            {*network.w, *network.b, *(p.x for p in network.data), *(p.y for p in network.data)}
        )

    def build(self, node: ast.AST, scope: Scope, depth: int, in_sum: bool) -> sp.Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CheckInputError(f"the expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise CheckInputError(f"the expression is nested more than {MAX_DEPTH} levels deep")
        d = depth + 1
        if isinstance(node, ast.Expression):
            return self.build(node.body, scope, d, in_sum)
        if isinstance(node, ast.Constant):
            return _number(node, self.source)
        if isinstance(node, ast.Name):
            return scope.lookup(node.id)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand, scope, d, in_sum)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, scope, d, in_sum)
            raise CheckInputError(f"operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.BinOp):
            return self._binop(node, scope, d, in_sum)
        if isinstance(node, ast.Call):
            return self._call(node, scope, d, in_sum)
        raise CheckInputError(
            f"{type(node).__name__} is not allowed in an expression; only numbers, the network's"
            f" variables, + - * / **, and the functions {', '.join(FUNCTION_NAMES)}"
        )

    def _binop(self, node: ast.BinOp, scope: Scope, depth: int, in_sum: bool) -> sp.Expr:
        """A chain a ∘ b ∘ c … of + − (or of * /) is built iteratively along its left spine, so
        a long flat sum or product is not mistaken for deep nesting."""
        op = _OPS.get(type(node.op))
        if op is None:
            raise CheckInputError(
                f"operator {type(node.op).__name__} is not allowed; use + - * / ** (or ^)"
            )
        if op == "**":
            if isinstance(node.left, ast.Name) and (
                node.left.id in self.functions or node.left.id == "sum"
            ):
                raise CheckInputError(
                    f"a power written on the function ({node.left.id}**k(…), σ^2(z)) is"
                    " ambiguous — a power of the value, an iterate or the inverse: write"
                    " σ(z)**2 for (σ(z))², σ(σ(z)) for the iterate"
                )
            return _power(self.build(node.left, scope, depth, in_sum), _exponent(node.right))
        family = ("+", "-") if op in ("+", "-") else ("*", "/")
        chain: list[tuple[str, ast.expr]] = []
        cur: ast.expr = node
        while isinstance(cur, ast.BinOp) and _OPS.get(type(cur.op)) in family:
            chain.append((_OPS[type(cur.op)], cur.right))
            cur = cur.left
            self.nodes += 1
        result = self.build(cur, scope, depth, in_sum)
        for sym, operand in reversed(chain):
            right = self.build(operand, scope, depth, in_sum)
            if sym == "+":
                result = result + right
            elif sym == "-":
                result = result - right
            elif sym == "*":
                result = _product(result, right, False)
            else:
                if right == 0:
                    raise CheckInputError("division by zero in the expression")
                result = _product(result, right, True)
        return result

    def _call(self, node: ast.Call, scope: Scope, depth: int, in_sum: bool) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            raise CheckInputError(
                f"only the named functions {', '.join(FUNCTION_NAMES)} can be called"
                f" (got a call of {type(node.func).__name__})"
            )
        fname = node.func.id
        if fname not in self.functions and fname != "sum":
            raise CheckInputError(
                f"unknown function {fname!r}: the functions are {', '.join(FUNCTION_NAMES)}"
            )
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise CheckInputError(f"{fname}(...) takes exactly one argument, no keywords or *args")
        if fname == "sum":
            net = self.network
            if net.pairs is None:
                raise CheckInputError(
                    "sum(...) adds over training pairs: give the number of pairs (pairs=n)"
                )
            if in_sum:
                raise CheckInputError("sum(...) cannot be nested")
            if "sum" in self.functions:  # kept whole (display, round trips): one generic pair
                body = self.build(node.args[0], Scope(net, net.data[0], scope.names), depth, True)
                return self.functions["sum"](body)
            return sp.Add(
                *(
                    self.build(node.args[0], Scope(net, p, scope.names), depth, True)
                    for p in net.data
                )
            )
        return self.functions[fname](self.build(node.args[0], scope, depth, in_sum))


def parse_expression(
    text: str,
    network: Network,
    *,
    names: Callable[[str, Pair | None], sp.Expr | None] | None = None,
    functions: Mapping[str, Callable[[sp.Expr], sp.Expr]] | None = None,
) -> sp.Expr:
    """Parse the user's ``text`` into a SymPy expression in the variables of ``network``.

    ``names`` (optional) resolves extra names first (see :class:`Scope`); ``functions``
    (optional) replaces the SymPy object built for some whitelisted function names (e.g. an
    unevaluated σ for display) — neither widens what the text may contain beyond letters,
    digits and the whitelisted nodes. Raises :class:`CheckInputError` with a message naming what
    is not accepted.
    """
    norm = _check_characters(text)
    try:
        tree = ast.parse(norm, mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise CheckInputError(f"the expression is not valid syntax{where}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise CheckInputError(f"the expression cannot be parsed: {type(exc).__name__}") from None
    pair = network.data[0] if network.pairs is None else None
    builder = _Builder(network, functions, norm)
    expr = builder.build(tree, Scope(network, pair, names), 0, False)
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise CheckInputError("the expression is undefined (division by zero or infinity)")
    if expr.has(sp.I):
        raise CheckInputError(
            "the expression is not a real number (it contains the imaginary unit, e.g. from the"
            " log of a negative constant such as log(-1))"
        )
    return sp.sympify(expr) if not isinstance(expr, sp.Basic) else expr


_DERIVATIVE = re.compile(
    r"^\s*(?:d|∂)\s*C\s*/\s*(?:d|∂)\s*(?:(?P<kind>[wb])\s*_?\s*(?P<index>[0-9]+)|(?P<x>x|a_?0))\s*$"
)


def parse_derivative(text: str, network: Network) -> tuple[str, int]:
    """Parse a derivative name like ``dC/dw1``, ``∂C/∂b₂``, ``dC/dx`` into (kind, index).

    kind is "w", "b" or "x" (index 0). ``dC/dx`` needs a single training pair.
    """
    if not isinstance(text, str) or len(text) > 40:
        raise CheckInputError(
            f"the derivative must be a short string like 'dC/dw1', got {clip(repr(text))}"
        )
    m = _DERIVATIVE.match(text.translate(_SUBSCRIPTS))
    if m is None:
        raise CheckInputError(
            f"derivative {text!r} not understood: write dC/dwJ, dC/dbJ or dC/dx (∂ also accepted),"
            f" J between 1 and {network.layers}"
        )
    if m.group("x"):
        if network.pairs is not None:
            raise CheckInputError(
                "dC/dx is defined for one training pair; drop pairs= to differentiate in x"
            )
        return "x", 0
    kind, index = m.group("kind"), int(m.group("index"))
    if not 1 <= index <= network.layers:
        raise CheckInputError(
            f"derivative {text!r}: a {network.layers}-layer chain has {kind}1 … {kind}"
            f"{network.layers}"
        )
    if kind == "b" and not network.biases:
        raise CheckInputError(f"derivative {text!r}: this network has no biases")
    return kind, index


# ============================================================ printing back


class PlainPrinter(StrPrinter):
    """SymPy → the plain expression syntax, so that :func:`parse_expression` reads the text
    back as the same SymPy object (the round trip of ``tests/test_frontend_round_trip.py``).

    Only what the parser builds is printed: integers and rationals (a number beyond the
    parser's :data:`MAX_NUMBER` as an arithmetic of allowed ones), integer powers (an exponent
    beyond :data:`MAX_EXPONENT` as a power of a power), the whitelisted functions by their
    names (``Abs`` as ``abs``), derivative atoms kept whole as symbols (in parentheses), and
    the other symbols by name."""

    def _print_Integer(self, expr: sp.Integer) -> str:
        return _integer_text(int(expr.p))

    def _print_Rational(self, expr: sp.Rational) -> str:
        top, bottom = _integer_text(int(expr.p)), _integer_text(int(expr.q))
        return f"{top}/{bottom}" if bottom.isdigit() else f"{top}/({bottom})"

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "exp(1)"

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return f"({expr.name})" if "/" in expr.name else expr.name

    def _print_Abs(self, expr: sp.Expr) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Function(self, expr: sp.Expr) -> str:
        name = type(expr).__name__
        name = {"LazyAbs": "abs", "Abs": "abs"}.get(name, name)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Mul(self, expr: sp.Mul) -> str:
        """Factors in an order that SymPy rebuilds unchanged. A number times a sum is
        distributed when the two meet alone (``2*(x + y)`` is read back as ``2*x + 2*y``), so
        sums come after the other factors, the number goes last when only sums are left, a
        negative product starting with a sum is written ``-(…)``, and each denominator factor
        is divided on its own."""
        coeff, factors = expr.as_coeff_mul()
        if coeff.is_negative:
            text = self._print(-expr)
            return f"-({text})" if text.startswith("(") else f"-{text}"
        prec = PRECEDENCE["Mul"]
        top = [f for f in factors if not (f.is_Pow and f.exp.is_negative)]
        top = [f for f in top if not f.is_Add] + [f for f in top if f.is_Add]
        bottom = [sp.Pow(f.base, -f.exp) for f in factors if f.is_Pow and f.exp.is_negative]
        text = "*".join(self.parenthesize(f, prec) for f in top) or "1"
        number = _integer_text(int(coeff.p)) if coeff.p != 1 else ""
        if number and not top:
            text, number = number, ""
        elif number and not top[0].is_Add:
            text, number = f"{number}*{text}", ""
        for f in bottom:
            text += "/" + self.parenthesize(f, prec, strict=True)
        if number:  # after the sums and the divisions: (x + y)*2 alone would be distributed
            text += f"*{number}"
        if coeff.q != 1:
            text += "/" + _integer_text(int(coeff.q))
        return text

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        e = expr.exp
        if not e.is_Integer:
            raise CheckInputError(f"the power {expr} has no plain form (integer exponents only)")
        k = int(e)
        base = self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=True)
        if k < 0:
            return f"1/{self.parenthesize(sp.Pow(expr.base, -k), PRECEDENCE['Mul'], strict=True)}"
        if k <= MAX_EXPONENT:
            return f"{base}**{k}"
        q, r = divmod(k, MAX_EXPONENT)
        parts = [f"({base}**{MAX_EXPONENT})**{q}" if q > 1 else f"{base}**{MAX_EXPONENT}"]
        parts += [f"{base}**{r}" if r > 1 else base] if r else []
        return parts[0] if len(parts) == 1 else f"({'*'.join(parts)})"


def _integer_text(n: int) -> str:
    """``n`` in digits, or, beyond :data:`MAX_NUMBER`, as ``(q*1000000 + r)`` recursively."""
    if abs(n) <= MAX_NUMBER:
        return str(n)
    if n < 0:
        return f"(-{_integer_text(-n)})"
    q, r = divmod(n, MAX_NUMBER)
    return f"({_integer_text(q)}*{MAX_NUMBER} + {r})"


def to_plain(expr: sp.Expr) -> str:
    """``expr`` printed in the plain syntax (see :class:`PlainPrinter`)."""
    return PlainPrinter().doprint(expr)


#: the whitelisted functions as unevaluated SymPy functions named as in the syntax, for reading
#: an expression with its structure kept (``functions=`` of :func:`parse_expression`)
STRUCTURE_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    name: sp.Function(name) for name in FUNCTION_NAMES
}
