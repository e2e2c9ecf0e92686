"""The user's network, described symbolically: a chain of L single neurons.

For one training pair (x, y) the chain computes, with a₀ = x,

    z_j = w_j a_{j−1} + b_j,    a_j = f(z_j)    (j = 1 … L; b_j = 0 without biases),

and the cost is one of (lecture notes §1; Nielsen ch. 5 eq. (122); the blog post “How does
gradient vanish in Multi-Layer Neural Network?”)

* ``quadratic``      C = (y − a_L)²/2
* ``squared``        C = (y − a_L)²            (as the “gradient vanish” blog post writes it)
* ``cross_entropy``  C = −[y ln a_L + (1 − y) ln(1 − a_L)]   (sigmoid output only: 0 < a_L < 1)

With ``pairs = n`` the cost is summed over n training pairs (x⁽ⁱ⁾, y⁽ⁱ⁾) — or averaged with
``average=True`` — and the weights and biases are shared.

The activations are σ(z) = 1/(1 + e^{−z}), tanh(z) written as (1 − e^{−2z})/(1 + e^{−2z}), and
ReLU. ReLU is not differentiable at 0: its derivative is written :class:`step` (1 for z > 0, 0 for
z < 0, undefined at 0) and every statement about a ReLU network is made for the points where every
z_j ≠ 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from gradproof.expressions import sigma, sigma_prime
from gradproof.networks import ACTIVATIONS, COSTS, MAX_LAYERS, MAX_PAIRS
from gradproof.safety import clip

Activation = Literal["sigmoid", "tanh", "relu"]
Cost = Literal["quadratic", "squared", "cross_entropy"]



class CheckInputError(ValueError):
    """The user's input (network, derivative name or expression) is not acceptable."""


#: the status of a result whose proof the sanity net found false at a point (exit code 4): a
#: bug in the prover, reported with the point — never "proved"
KERNEL_ERROR = "kernel-error"


def _sign(arg: sp.Expr) -> int | None:
    """The sign of ``arg`` when it is cheap to know: an exact number, or from the symbols'
    assumptions. A closed numeric expression (e.g. e − 3) is left to evaluation at points
    (``_eval_evalf``), so that building an expression never triggers a numerical computation."""
    if arg.is_Number:
        return 1 if arg.is_positive else -1 if arg.is_negative else 0
    if arg.is_number:
        return None
    if arg.is_extended_positive:
        return 1
    if arg.is_extended_negative:
        return -1
    if arg.is_zero:
        return 0
    return None


def _numeric(arg: sp.Expr, prec: int) -> sp.Float | None:
    """``arg`` evaluated at binary precision ``prec`` if it is a nonzero real number, else None
    (zero is a kink of ReLU: no derivative there)."""
    from mpmath.libmp import prec_to_dps

    value = arg.evalf(prec_to_dps(prec))
    if value is None or not value.is_Number or value == 0:
        return None
    return value


class relu(sp.Function):  # noqa: N801 - SymPy function classes are lower-case by convention
    """ReLU(u) = max(0, u); its derivative is :class:`step` (left unevaluated at u = 0)."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        sign = _sign(arg)
        if sign is None:
            return None
        return arg if sign > 0 else sp.Integer(0)

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        value = _numeric(self.args[0], prec)
        if value is None:
            return None
        return value if value > 0 else sp.Float(0)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return step(self.args[0])


class step(sp.Function):  # noqa: N801
    """The derivative of ReLU: 1 for u > 0, 0 for u < 0, undefined (unevaluated) at u = 0."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        sign = _sign(arg)
        if sign is None or sign == 0:
            return None
        return sp.Integer(1 if sign > 0 else 0)

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        value = _numeric(self.args[0], prec)
        if value is None:
            return None
        return sp.Float(1 if value > 0 else 0)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.Integer(0)  # almost everywhere: the claims are made off the kinks


def tanh_expr(u: sp.Expr) -> sp.Expr:
    """tanh(u) = (1 − e^{−2u})/(1 + e^{−2u}), in the exponential form shared with the proofs."""
    return (1 - sp.exp(-2 * u)) / (1 + sp.exp(-2 * u))


def tanh_prime_expr(u: sp.Expr) -> sp.Expr:
    """tanh′(u) = 1 − tanh(u)²."""
    return 1 - tanh_expr(u) ** 2


def activation_of(name: str) -> tuple[object, object]:
    """(f, f′) as functions from SymPy expressions to SymPy expressions."""
    if name == "sigmoid":
        return sigma, sigma_prime
    if name == "tanh":
        return tanh_expr, tanh_prime_expr
    return relu, step


#: how each activation and its derivative are written in the expression syntax
DISPLAY = {"sigmoid": ("σ", "σ'"), "tanh": ("tanh", "tanh'"), "relu": ("relu", "step")}


@dataclass(frozen=True)
class Pair:
    """One training pair's symbols and its forward pass: z[j], a[j] for j = 1 … L (a[0] = x)."""

    x: sp.Symbol
    y: sp.Symbol
    z: tuple[sp.Expr, ...]  # z[0] unused (None-like 0); z[j] for j ≥ 1
    a: tuple[sp.Expr, ...]  # a[0] = x


@dataclass(frozen=True)
class Network:
    """A chain of ``layers`` single neurons with one activation, optional biases and a cost."""

    layers: int = 1
    activation: str = "sigmoid"
    cost: str = "quadratic"
    biases: bool = True
    pairs: int | None = None
    average: bool = False
    w: tuple[sp.Symbol, ...] = field(init=False, repr=False)
    b: tuple[sp.Symbol, ...] = field(init=False, repr=False)
    data: tuple[Pair, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.layers, bool) or not isinstance(self.layers, int):
            raise CheckInputError(f"layers must be an integer, got {clip(repr(self.layers))}")
        if not 1 <= self.layers <= MAX_LAYERS:
            raise CheckInputError(f"layers must be between 1 and {MAX_LAYERS}, got {self.layers!r}")
        for flag in ("biases", "average"):  # bool means bool: "no" or 1 is not read as True
            value = getattr(self, flag)
            if not isinstance(value, bool):
                raise CheckInputError(
                    f"{flag} must be True or False, got {clip(repr(value))}"
                    f" ({type(value).__name__})"
                )
        if not isinstance(self.activation, str) or self.activation not in ACTIVATIONS:
            raise CheckInputError(
                f"activation must be one of {', '.join(ACTIVATIONS)},"
                f" got {clip(repr(self.activation))}"
            )
        if not isinstance(self.cost, str) or self.cost not in COSTS:
            raise CheckInputError(
                f"cost must be one of {', '.join(COSTS)}, got {clip(repr(self.cost))}"
            )
        if self.cost == "cross_entropy" and self.activation != "sigmoid":
            raise CheckInputError(
                f"cost 'cross_entropy' needs an output in (0, 1), i.e. activation 'sigmoid';"
                f" got activation {self.activation!r}"
            )
        if self.pairs is not None and (
            isinstance(self.pairs, bool)
            or not isinstance(self.pairs, int)
            or not 1 <= self.pairs <= MAX_PAIRS
        ):
            raise CheckInputError(
                f"pairs must be None or an integer between 1 and {MAX_PAIRS},"
                f" got {clip(repr(self.pairs))}"
            )
        if self.average and self.pairs is None:
            raise CheckInputError("average=True needs pairs=n (the cost averaged over n pairs)")
        L = self.layers
        w = tuple(sp.Symbol(f"w{j}", real=True) for j in range(1, L + 1))
        b = tuple(sp.Symbol(f"b{j}", real=True) for j in range(1, L + 1))
        f, _ = activation_of(self.activation)
        data = []
        for i in range(1, (self.pairs or 1) + 1):
            suffix = "" if self.pairs is None else f"[{i}]"
            x = sp.Symbol(f"x{suffix}", real=True)
            y = sp.Symbol(f"y{suffix}", real=True)
            zs: list[sp.Expr] = [sp.Integer(0)]
            acts: list[sp.Expr] = [x]
            for j in range(L):
                zj = w[j] * acts[-1] + (b[j] if self.biases else 0)
                zs.append(zj)
                acts.append(f(zj))  # type: ignore[operator]
            data.append(Pair(x, y, tuple(zs), tuple(acts)))
        object.__setattr__(self, "w", w)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "data", tuple(data))

    # ------------------------------------------------------------------ the cost

    def pair_cost(self, pair: Pair) -> sp.Expr:
        a, y = pair.a[-1], pair.y
        if self.cost == "quadratic":
            return (y - a) ** 2 / 2
        if self.cost == "squared":
            return (y - a) ** 2
        return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))

    def total_cost(self) -> sp.Expr:
        total = sp.Add(*(self.pair_cost(p) for p in self.data))
        if self.average:
            total = total / len(self.data)
        return total

    def variable(self, kind: str, index: int) -> sp.Symbol:
        """The symbol ``w_j``/``b_j`` (kind "w"/"b") or ``x`` (kind "x", one pair only)."""
        if kind == "x":
            return self.data[0].x
        return (self.w if kind == "w" else self.b)[index - 1]

    def true_derivative(self, kind: str, index: int) -> sp.Expr:
        """∂C/∂v, by SymPy's differentiation of the explicit cost (the reference)."""
        return sp.diff(self.total_cost(), self.variable(kind, index))

    # ------------------------------------------------------------------ display

    def describe(self) -> str:
        bias = "with biases" if self.biases else "without biases"
        over = (
            "one training pair (x, y)"
            if self.pairs is None
            else f"{'the mean' if self.average else 'the sum'} over {self.pairs} training pairs"
        )
        return (
            f"chain of {self.layers} {self.activation} neuron(s) {bias}, "
            f"{self.cost.replace('_', '-')} cost, {over}"
        )

    def definitions(self) -> tuple[str, ...]:
        """The definitions of z_j, a_j and C, written in the expression syntax."""
        f, _ = DISPLAY[self.activation]
        out = []
        for j in range(1, self.layers + 1):
            prev = "x" if j == 1 else f"a{j - 1}"
            bias = f" + b{j}" if self.biases else ""
            out.append(f"z{j} = w{j}*{prev}{bias}")
            out.append(f"a{j} = {f}(z{j})")
        aL = f"a{self.layers}"
        cost = {
            "quadratic": f"(y - {aL})**2/2",
            "squared": f"(y - {aL})**2",
            "cross_entropy": f"-(y*log({aL}) + (1 - y)*log(1 - {aL}))",
        }[self.cost]
        if self.pairs is not None:
            cost = f"sum({cost})" + ("/n" if self.average else "")
        out.append(f"C = {cost}")
        return tuple(out)

    def correct_text(self, kind: str, index: int) -> str:
        """The correct derivative by backpropagation, written in the expression syntax.

        δ_L = ∂C/∂a_L · f′(z_L) (for cross-entropy with a sigmoid output δ_L = a_L − y, the σ′
        cancels: lecture notes §1), δ_j = δ_{j+1} w_{j+1} f′(z_j); then ∂C/∂b_j = δ_j,
        ∂C/∂w_j = a_{j−1} δ_j and ∂C/∂x = w_1 δ_1 (Nielsen ch. 5 eq. (122) is ∂C/∂b_1 for L = 4).
        """
        _, fp = DISPLAY[self.activation]
        L = self.layers
        aL = f"a{L}"
        if self.cost == "cross_entropy":
            tail = [f"({aL} - y)"]
        else:
            tail = [f"{fp}(z{L})", f"({aL} - y)" if self.cost == "quadratic" else f"2*({aL} - y)"]
        j = 1 if kind == "x" else index
        factors: list[str] = []
        if kind == "w":
            factors.append("x" if j == 1 else f"a{j - 1}")
        if kind == "x":
            factors.append("w1")
        for k in range(j, L):
            factors.append(f"{fp}(z{k})")
            factors.append(f"w{k + 1}")
        factors.extend(tail)
        text = "*".join(factors)
        if self.pairs is not None:
            text = f"sum({text})" + ("/n" if self.average else "")
        return text
