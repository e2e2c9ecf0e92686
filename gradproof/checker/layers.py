"""``gradproof check --sizes``: prove or refute a matrix formula for a fully connected network.

The network of Nielsen ch. 2 with layer widths ``sizes = (n_0, n_1, …, n_L)``, per-layer
activations f_l (:data:`gradproof.networks.LAYER_ACTIVATIONS`: sigmoid, tanh, ReLU, leaky ReLU,
identity, softmax on the output; or a user-defined SymPy function) and a cost
(:data:`gradproof.networks.LAYER_COSTS`, or a user-defined one): for one training pair (x, y) —
or a mini-batch, X with one column per example and C the mean of the examples' costs —

    zˡ = Wˡ aˡ⁻¹ + bˡ,   aˡ = f_l(zˡ)   (a⁰ = x),   C = cost(aᴸ, y),

with every entry of every Wˡ, bˡ, x and y an independent real symbol (for the categorical
cross-entropy and the log-likelihood the last entry of each target column is 1 − the others: a
target that sums to 1, one-hot for the log-likelihood). The **true** derivatives are SymPy's
differentiation of that explicit cost:

* ``dC/dWl``, ``dC/dbl``, ``dC/dx``: differentiate C in each entry;
* ``dC/dzl`` and ``dC/dal``: C is rebuilt from layer l on with fresh symbols for zˡ (or aˡ),
  differentiated in them, and the fresh symbols are replaced by zˡ (aˡ) again;
* ``deltal`` (the variable) is the true δˡ: column m is ∂C_m/∂zˡ of example m alone (with one
  training pair, δˡ = ∂C/∂zˡ) — not computed by backpropagation.

The claimed formula is parsed by a whitelist of Python's ``ast`` (never ``eval``/``sympify``):
numbers; the variables ``W1…WL`` (matrices), ``b1…bL``, ``z1…zL``, ``a1…aL``, ``x`` (= ``a0``),
``y``, ``delta1…deltaL``, ``M`` (the batch size); ``+ - * /`` elementwise with NumPy's
broadcasting (a number, a column or a row with a matrix), ``**`` with an integer exponent, ``@``
(matrix product), ``.T`` (transpose); elementwise functions (:data:`FUNCTION_NAMES`: σ, σ′,
tanh, ReLU, leaky ReLU and their derivatives, identity, exp, log), ``softmax`` (of each column),
``outer(u, v)`` = u vᵀ, ``sum``/``mean`` (of all entries, or ``axis=0``/``axis=1``). Shapes are
checked as the expression is built: a mismatch is an error naming both shapes (exit code 2).

The verdict, entry by entry: a **counterexample** is looked for first, at four concrete
networks (every entry a small rational, listed in full) where the formula as written is defined
(:func:`layer_conditions`) and the interval enclosure of an entry of claim − truth excludes 0
(:func:`gradproof.checker.core.certified_gap`, certified through any cancellation) → refuted
(exit 1), naming the entry, with the correct formula for the derivative and, when cheap to find,
a network the claim is right for (:func:`architecture_mismatch`, a hint). Otherwise every entry
of claim − truth must be **proved** ≡ 0 (:func:`prove_by_stages`): first with every zˡ and δˡ
an independent symbol, then substituting one layer's definition at a time (the chain rule for a
δ, the forward pass for a z; :meth:`LayerNetwork.stages`), each exponential, ReLU and step named
by an independent symbol (:func:`_atomize`); an identity in independent symbols holds for their
true values. A proof then passes the **sanity net** (every entry evaluated at ≥ 24 networks,
:func:`gradproof.checker.core.sanity_net`, against the explicit truth) → proved (exit 0) for the
domain shown (where the formula as written is defined; every zˡ_j ≠ 0 for ReLU and the leaky
ReLU), or a kernel error (exit 4) if the net finds it false; else undecided (exit 3). The numbers
never prove: agreement at the four networks only sends the claim on to the proof. The whole job
runs in a worker process killed after ``timeout`` seconds.
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
    DEFAULT_TIMEOUT,
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
from gradproof.checker.network import CheckInputError, relu, step, tanh_expr, tanh_prime_expr
from gradproof.checker.parser import MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, MAX_NODES, normalise
from gradproof.expressions import sigma, sigma_prime
from gradproof.networks import (
    DEFAULT_LEAK,
    LAYER_COSTS,
    OUTPUT_ONLY,
    Architecture,
    ArchitectureError,
)
from gradproof.safety import clip, dump_json

MAX_LAYERS, MAX_WIDTH, MAX_ENTRIES = 5, 6, 80
#: the largest mini-batch (columns of X) a ``--sizes`` check accepts
MAX_BATCH = 4
DIGITS = 50
_VALUES = [sp.Rational(v) for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1", "-1/2")]
_TARGETS = [sp.Rational(v) for v in ("0", "1", "1/4", "3/4", "1/2")]
_ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t\n+-*/().,@="
)
_NAME = re.compile(r"^(W|w|b|z|a|delta)_?([0-9]+)$")
#: costs whose targets are a probability vector (Σ_j y_j = 1; one-hot for the log-likelihood):
#: the last entry of each target column is written 1 − Σ of the others
_SIMPLEX_COSTS = frozenset({"categorical_cross_entropy", "log_likelihood"})


def parse_sizes(text: str | Any) -> tuple[int, ...]:
    """``"3,4,2"`` (or a sequence) → (3, 4, 2); CheckInputError naming --sizes otherwise."""
    try:
        parts = text.split(",") if isinstance(text, str) else list(text)
        sizes = tuple(int(str(p).strip()) for p in parts)
    except (TypeError, ValueError):
        raise CheckInputError(
            f"--sizes must be comma-separated layer widths like 3,4,2, got {clip(repr(text))}"
        ) from None
    if len(sizes) < 2 or len(sizes) > MAX_LAYERS + 1:
        raise CheckInputError(
            f"--sizes needs an input width and 1 to {MAX_LAYERS} layers, got {clip(repr(text))}"
        )
    if any(not 1 <= s <= MAX_WIDTH for s in sizes):
        raise CheckInputError(
            f"--sizes: every width must be between 1 and {MAX_WIDTH}, got {clip(repr(text))}"
        )
    if sum(o * (i + 1) for i, o in itertools.pairwise(sizes)) > MAX_ENTRIES:
        raise CheckInputError(
            f"--sizes {clip(repr(text))} has more than {MAX_ENTRIES} weights and biases: too large"
            " to prove entry by entry; a smaller network of the same depth shows the same formula"
        )
    return sizes


def parse_batch(batch: Any) -> int | None:
    """``None`` (one training pair, column vectors) or M, 1 ≤ M ≤ :data:`MAX_BATCH`."""
    if batch is None:
        return None
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_BATCH:
        raise CheckInputError(
            f"--batch must be a whole number of examples between 1 and {MAX_BATCH}, got {batch!r}"
        )
    return batch


def _shape(v: Any) -> tuple[int, int] | None:
    return tuple(v.shape) if isinstance(v, sp.MatrixBase) else None


def _shape_text(v: Any) -> str:
    s = _shape(v)
    return "a scalar" if s is None else f"shape {s[0]}×{s[1]}"


def _leak(value: float) -> sp.Rational:
    frac = Fraction(repr(float(value)))
    return sp.Rational(frac.numerator, frac.denominator)


def leaky_relu_expr(u: sp.Expr, eps: sp.Expr) -> sp.Expr:
    """max(εu, u) = εu + (1 − ε) ReLU(u)."""
    return eps * u + (1 - eps) * relu(u)


def leaky_relu_prime_expr(u: sp.Expr, eps: sp.Expr) -> sp.Expr:
    """ε for u < 0, 1 for u > 0 (undefined at 0) = ε + (1 − ε) step(u)."""
    return eps + (1 - eps) * step(u)


def softmax_matrix(m: sp.Matrix) -> sp.Matrix:
    """Softmax of every column: e^{z_j} / Σ_k e^{z_k}."""
    out = sp.zeros(m.rows, m.cols)
    for c in range(m.cols):
        total = sp.Add(*(sp.exp(m[r, c]) for r in range(m.rows)))
        for r in range(m.rows):
            out[r, c] = sp.exp(m[r, c]) / total
    return out


#: what a user-defined activation or cost may be: a name, or (through the Python API) a SymPy
#: Lambda / function of one variable (activation), a SymPy expression in ``a`` and ``y`` (cost)
ActivationSpec = Any


def _custom_name(act: Any) -> str:
    return f"user-defined f(z) = {act(sp.Symbol('z'))}" if callable(act) else repr(act)


@dataclass(frozen=True)
class LayerNetwork:
    """The symbolic network: matrices of symbols, its forward pass, cost and true derivatives.

    ``activations`` is one name (every layer) or one per layer (names of
    :data:`gradproof.networks.LAYER_ACTIVATIONS`; through the Python API also a SymPy
    ``Lambda``/callable of one variable); ``cost`` a name of :data:`LAYER_COSTS` or a SymPy
    expression in the symbols ``a`` and ``y`` (the cost of one output entry, summed over the
    entries); ``batch`` None (one training pair, column vectors) or M (X is n₀×M, C the mean of
    the M examples' costs); ``leak`` the leaky ReLU's ε.
    """

    sizes: tuple[int, ...]
    cost: Any = "quadratic"
    activations: Any = "sigmoid"
    batch: int | None = None
    leak: float = 0.01
    acts: tuple[Any, ...] = field(init=False, repr=False)
    W: tuple[sp.Matrix, ...] = field(init=False, repr=False)
    b: tuple[sp.Matrix, ...] = field(init=False, repr=False)
    x: sp.Matrix = field(init=False, repr=False)
    y: sp.Matrix = field(init=False, repr=False)
    free_y: tuple[sp.Symbol, ...] = field(init=False, repr=False)
    z: tuple[sp.Matrix, ...] = field(init=False, repr=False)  # z[0] unused
    a: tuple[sp.Matrix, ...] = field(init=False, repr=False)  # a[0] = x
    Zs: tuple[sp.Matrix, ...] = field(init=False, repr=False)  # fresh symbols for z, Zs[0] unused
    Ds: tuple[sp.Matrix, ...] = field(init=False, repr=False)  # fresh symbols for δ, Ds[0] unused
    eps: sp.Rational = field(init=False, repr=False)
    _memo: dict[Any, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        s = self.sizes
        L = len(s) - 1
        set_ = object.__setattr__
        set_(self, "_memo", {})
        acts = self.activations
        if isinstance(acts, str):
            acts = [t.strip() for t in acts.split(",")]
        elif isinstance(acts, Architecture) or callable(acts):
            acts = [acts]
        acts = list(acts)
        if len(acts) == 1 and isinstance(acts[0], Architecture):
            arch = acts[0]
            acts = list(arch.activations)
        if len(acts) == 1 and L > 1:
            acts = acts * L
        names = [a.lower().replace("-", "_") if isinstance(a, str) else a for a in acts]
        if len(names) != L:
            raise CheckInputError(
                f"{len(names)} activations for {L} layers: give one, or one per layer"
            )
        if isinstance(self.cost, str) and self.cost not in LAYER_COSTS:
            raise CheckInputError(
                f"cost must be one of {', '.join(LAYER_COSTS)}, got {self.cost!r}"
            )
        if not isinstance(self.cost, str) and (
            not isinstance(self.cost, sp.Expr)
            or not {str(v) for v in self.cost.free_symbols} <= {"a", "y"}
        ):
            raise CheckInputError(
                "a user-defined cost must be a SymPy expression in the symbols a and y (the"
                " cost of one output entry; it is summed over the entries)"
            )
        named = [n for n in names if isinstance(n, str)]
        try:
            if named and len(named) == len(names):
                Architecture(
                    tuple(names),
                    self.cost if isinstance(self.cost, str) else "quadratic",
                    self.leak,
                )
            else:
                for layer, n in enumerate(names, start=1):
                    if isinstance(n, str):
                        Architecture((n,), "quadratic", self.leak)
                        if n in OUTPUT_ONLY and layer != L:
                            raise CheckInputError(
                                f"{n} is an output activation, not layer {layer}'s"
                            )
                    elif not callable(n):
                        raise CheckInputError(
                            f"activation of layer {layer}: a name or a SymPy Lambda of one"
                            f" variable, got {n!r}"
                        )
        except ArchitectureError as exc:
            raise CheckInputError(str(exc)) from None
        set_(self, "acts", tuple(names))
        set_(self, "eps", _leak(self.leak))
        M = self.batch or 1

        def sym(name: str, j: int, m: int) -> sp.Symbol:
            return sp.Symbol(
                f"{name}[{j + 1}]" if self.batch is None else f"{name}[{j + 1},{m + 1}]", real=True
            )

        W = tuple(
            sp.Matrix(o, i, lambda j, k, n=n: sp.Symbol(f"W{n}[{j + 1},{k + 1}]", real=True))
            for n, (i, o) in enumerate(itertools.pairwise(s), start=1)
        )
        b = tuple(
            sp.Matrix(o, 1, lambda j, _, n=n: sp.Symbol(f"b{n}[{j + 1}]", real=True))
            for n, o in enumerate(s[1:], start=1)
        )
        x = sp.Matrix(s[0], M, lambda j, m: sym("x", j, m))
        y = sp.Matrix(s[-1], M, lambda j, m: sym("y", j, m))
        free_y = list(y)
        if isinstance(self.cost, str) and self.cost in _SIMPLEX_COSTS:
            for m in range(M):
                last = y[s[-1] - 1, m]
                free_y.remove(last)
                y[s[-1] - 1, m] = 1 - sp.Add(*(y[j, m] for j in range(s[-1] - 1)))
        zs, outs = [sp.zeros(1, 1)], [x]
        for n, (w, bias) in enumerate(zip(W, b, strict=True), start=1):
            zs.append(self._affine(w, outs[-1], bias))
            outs.append(self.act(n, zs[-1]))
        Zs = [sp.zeros(1, 1)] + [
            sp.Matrix(o, M, lambda j, m, n=n: sp.Dummy(f"Z{n}_{j + 1}_{m + 1}", real=True))
            for n, o in enumerate(s[1:], start=1)
        ]
        Ds = [sp.zeros(1, 1)] + [
            sp.Matrix(o, M, lambda j, m, n=n: sp.Dummy(f"D{n}_{j + 1}_{m + 1}", real=True))
            for n, o in enumerate(s[1:], start=1)
        ]
        for name, value in (
            ("W", W),
            ("b", b),
            ("x", x),
            ("y", y),
            ("free_y", tuple(free_y)),
            ("z", tuple(zs)),
            ("a", tuple(outs)),
            ("Zs", tuple(Zs)),
            ("Ds", tuple(Ds)),
        ):
            set_(self, name, value)

    # ---------------------------------------------------------------- the network's maps

    @property
    def layers(self) -> int:
        return len(self.sizes) - 1

    @property
    def M(self) -> int:
        return self.batch or 1

    @property
    def scale(self) -> sp.Rational:
        """1/M: the batch cost is the mean of the examples' costs."""
        return sp.Rational(1, self.M)

    @staticmethod
    def _affine(w: sp.Matrix, prev: sp.Matrix, bias: sp.Matrix) -> sp.Matrix:
        """W·prev + b, the bias added to every column."""
        prod = w * prev
        return sp.Matrix(prod.rows, prod.cols, lambda j, m: prod[j, m] + bias[j, 0])

    def act(self, layer: int, z: sp.Matrix) -> sp.Matrix:
        """The activation of ``layer`` applied to ``z`` (elementwise, softmax by columns)."""
        name = self.acts[layer - 1]
        if name == "softmax":
            return softmax_matrix(z)
        return z.applyfunc(self.elementwise(name))

    def elementwise(self, name: Any) -> Any:
        if not isinstance(name, str):
            return lambda u: sp.sympify(name(u))
        eps = self.eps
        return {
            "sigmoid": sigma,
            "tanh": tanh_expr,
            "relu": relu,
            "leaky_relu": lambda u: leaky_relu_expr(u, eps),
            "identity": lambda u: u,
        }[name]

    def cost_of_column(self, out: Sequence[sp.Expr], target: Sequence[sp.Expr]) -> sp.Expr:
        """The cost of one example, output column ``out`` with target column ``target``."""
        terms = []
        for aj, yj in zip(out, target, strict=True):
            if not isinstance(self.cost, str):
                e = self.cost
                subs = {v: (aj if str(v) == "a" else yj) for v in e.free_symbols}
                terms.append(e.xreplace(subs))
            elif self.cost == "quadratic":
                terms.append((yj - aj) ** 2 / 2)
            elif self.cost == "squared":
                terms.append((yj - aj) ** 2)
            elif self.cost == "cross_entropy":
                terms.append(-(yj * sp.log(aj) + (1 - yj) * sp.log(1 - aj)))
            else:  # categorical cross-entropy; the log-likelihood is it with a one-hot target
                terms.append(-yj * sp.log(aj))
        return sp.Add(*terms)

    def _batch_cost(self, out: sp.Matrix) -> sp.Expr:
        return self.scale * sp.Add(
            *(self.cost_of_column(list(out[:, m]), list(self.y[:, m])) for m in range(self.M))
        )

    def cost_expr(self) -> sp.Expr:
        return self._batch_cost(self.a[-1])

    def _from_layer(self, layer: int, kind: str) -> tuple[sp.Matrix, sp.Expr]:
        """Fresh symbols u for z^layer (kind "z") or a^layer (kind "a"), and C in terms of u."""
        u = sp.Matrix(self.sizes[layer], self.M, lambda j, m: sp.Dummy(f"u{j}_{m}", real=True))
        out = self.act(layer, u) if kind == "z" else u
        for n in range(layer + 1, self.layers + 1):
            out = self.act(n, self._affine(self.W[n - 1], out, self.b[n - 1]))
        return u, self._batch_cost(out)

    def true_derivative(self, kind: str, layer: int) -> sp.Matrix:
        """The true ∂C/∂(kind)^layer as a matrix of the variable's shape, by differentiating
        the explicit cost (see the module docstring); kind "x" (or "a" with layer 0) is ∂C/∂x."""
        key = ("true", kind, layer)
        if key in self._memo:
            return self._memo[key]
        if kind == "a" and layer == 0:
            kind = "x"
        if kind in ("W", "b", "x"):
            var = self.x if kind == "x" else (self.W if kind == "W" else self.b)[layer - 1]
            C = self.cost_expr()
            out = var.applyfunc(lambda v: sp.diff(C, v))
        else:
            u, C = self._from_layer(layer, kind)
            at = self.z[layer] if kind == "z" else self.a[layer]
            grad = u.applyfunc(lambda v: sp.diff(C, v))
            out = grad.xreplace(dict(zip(u, at, strict=True)))
        self._memo[key] = out
        return out

    def true_delta(self, layer: int) -> sp.Matrix:
        """δˡ: column m is ∂C_m/∂zˡ of example m alone (= M·∂C/∂zˡ for the batch mean)."""
        return self.true_derivative("z", layer) * self.M

    # ---------------------------------------------------------------- the chain structure
    #
    # The proof works with fresh symbols Zˡ (for zˡ) and Dˡ (for δˡ), layer by layer. Each is
    # defined by one step of the network or of the chain rule, applied mechanically (SymPy's
    # differentiation of one layer's map):
    #
    #   Dˡ[:, m] = Σ_i Dˡ⁺¹[i, m] ∂(Wˡ⁺¹ f_l(Zˡ[:, m]) + bˡ⁺¹)_i / ∂Zˡ[:, m]   (l < L)
    #   Dᴸ[:, m] = ∇_{Zᴸ[:, m]} cost(f_L(Zᴸ[:, m]), y[:, m])
    #   Zˡ = Wˡ f_{l−1}(Zˡ⁻¹) + bˡ,  Z¹ = W¹ x + b¹.
    #
    # Substituting these definitions one after the other ends in the explicit network; an
    # identity proved at any stage (in independent symbols) therefore holds for the network.

    def fresh_a(self, layer: int) -> sp.Matrix:
        return self.x if layer == 0 else self.act(layer, self.Zs[layer])

    def _pullback(
        self, upstream: sp.Matrix, local: sp.Matrix, var: sp.Matrix, per_column: bool
    ) -> sp.Matrix:
        """Σ over the entries (i, m) of ``local`` of upstream[i, m]·∂local[i, m]/∂var[entry]."""

        def entry(j: int, k: int) -> sp.Expr:
            v = var[j, k]
            cols = [k] if per_column else range(local.cols)
            return sp.Add(
                *(upstream[i, m] * sp.diff(local[i, m], v) for m in cols for i in range(local.rows))
            )

        return sp.Matrix(var.rows, var.cols, entry)

    def chain_truth(self, kind: str, layer: int) -> sp.Matrix:
        """The true derivative written in the fresh symbols (stage 0 of the proof)."""
        if kind == "a" and layer == 0:
            kind = "x"
        L, s = self.layers, self.scale
        if kind == "z":
            return self.Ds[layer] * s
        if kind in ("W", "b"):
            local = self._affine(self.W[layer - 1], self.fresh_a(layer - 1), self.b[layer - 1])
            var = (self.W if kind == "W" else self.b)[layer - 1]
            return self._pullback(self.Ds[layer], local, var, False) * s
        if kind == "x":
            local = self._affine(self.W[0], self.x, self.b[0])
            return self._pullback(self.Ds[1], local, self.x, True) * s
        u = sp.Matrix(self.sizes[layer], self.M, lambda j, m: sp.Dummy(f"u{j}_{m}", real=True))
        if layer < L:
            local = self._affine(self.W[layer], u, self.b[layer])
            grad = self._pullback(self.Ds[layer + 1], local, u, True)
        else:
            grad = sp.Matrix(
                u.rows,
                u.cols,
                lambda j, m: sp.diff(
                    self.cost_of_column(list(u[:, m]), list(self.y[:, m])), u[j, m]
                ),
            )
        return grad.xreplace(dict(zip(u, self.fresh_a(layer), strict=True))) * s

    def stages(self) -> list[dict[sp.Symbol, sp.Expr]]:
        """The substitutions that take the fresh symbols back to the explicit network, in order:
        D¹, …, Dᴸ by the chain rule, then Zᴸ, …, Z¹ by the forward pass."""
        if "stages" in self._memo:
            return self._memo["stages"]
        L, out = self.layers, []
        for n in range(1, L + 1):
            Z = self.Zs[n]
            if n < L:
                local = self._affine(self.W[n], self.act(n, Z), self.b[n])
                d = self._pullback(self.Ds[n + 1], local, Z, True)
            else:
                outs = self.act(L, Z)
                costs = [
                    self.cost_of_column(list(outs[:, m]), list(self.y[:, m])) for m in range(Z.cols)
                ]
                d = sp.Matrix(
                    Z.rows, Z.cols, lambda j, m, Z=Z, costs=costs: sp.diff(costs[m], Z[j, m])
                )
            out.append(dict(zip(self.Ds[n], d, strict=True)))
        for n in range(L, 0, -1):
            z = self._affine(self.W[n - 1], self.fresh_a(n - 1), self.b[n - 1])
            out.append(dict(zip(self.Zs[n], z, strict=True)))
        self._memo["stages"] = out
        return out

    # ---------------------------------------------------------------- words

    def output_gradient_text(self) -> str | None:
        """∇ₐC of one example in the formula syntax (None for a user-defined cost)."""
        aL = f"a{self.layers}"
        if not isinstance(self.cost, str):
            return None
        return {
            "quadratic": f"({aL} - y)",
            "squared": f"2*({aL} - y)",
            "cross_entropy": f"({aL} - y)/({aL}*(1 - {aL}))",
            "categorical_cross_entropy": f"(-y/{aL})",
            "log_likelihood": f"(-y/{aL})",
        }[self.cost]

    def prime_text(self, layer: int) -> str | None:
        name = self.acts[layer - 1]
        if not isinstance(name, str) or name == "softmax":
            return None
        return {
            "sigmoid": "σ'",
            "tanh": "tanh_prime",
            "relu": "relu_prime",
            "leaky_relu": "leaky_relu_prime",
            "identity": "",
        }[name]

    def output_delta_text(self) -> str | None:
        """δᴸ (one column per example) in the formula syntax, None when not written here."""
        L, aL = self.layers, f"a{self.layers}"
        g = self.output_gradient_text()
        out = self.acts[-1]
        if g is None or not isinstance(out, str):
            return None
        if out == "softmax":
            if self.cost in _SIMPLEX_COSTS:
                return f"{aL} - y"
            return f"{aL} * ({g} - sum({aL} * {g}, axis=0))"
        if out == "sigmoid" and self.cost == "cross_entropy":
            return f"{aL} - y"
        p = self.prime_text(L)
        return g if not p else f"{g} * {p}(z{L})"

    def correct_text(self, kind: str, layer: int) -> str | None:
        """The backpropagation formula for the derivative in the formula syntax (in terms of
        the δ's of the layer above), or None when there is none to write."""
        L, batch = self.layers, self.batch is not None
        per = " / M" if batch else ""
        if kind == "a" and layer == 0:
            kind = "x"
        if kind == "x":
            return f"W1.T @ delta1{per}"
        if kind == "W":
            prev = "x" if layer == 1 else f"a{layer - 1}"
            return f"delta{layer} @ {prev}.T{per}"
        if kind == "b":
            return f"sum(delta{layer}, axis=1) / M" if batch else f"delta{layer}"
        if kind == "a":
            if layer == L:
                g = self.output_gradient_text()
                return None if g is None else f"{g}{per}"
            return f"W{layer + 1}.T @ delta{layer + 1}{per}"
        if layer == L:
            d = self.output_delta_text()
            return None if d is None else (f"({d}){per}" if batch else d)
        p = self.prime_text(layer)
        if p is None:
            return None
        core = f"W{layer + 1}.T @ delta{layer + 1}"
        form = f"({core}) * {p}(z{layer})" if p else core
        return f"{form}{per}"

    def activation_text(self) -> str:
        names = [a if isinstance(a, str) else _custom_name(a) for a in self.acts]
        text = names[0] if len(set(names)) == 1 else ", ".join(names)
        if "leaky_relu" in names:
            text += f" (ε = {self.eps})"
        return text.replace("_", " ")

    def cost_text(self) -> str:
        if not isinstance(self.cost, str):
            return f"user-defined cost Σ_j c(a_j, y_j), c(a, y) = {self.cost}"
        return f"{self.cost.replace('_', '-')} cost"

    def definitions(self) -> tuple[str, ...]:
        out = []
        cols = f"×{self.M}" if self.batch is not None else "×1"
        shown = {
            "sigmoid": "σ",
            "tanh": "tanh",
            "relu": "relu",
            "leaky_relu": "leaky_relu",
            "identity": "identity",
            "softmax": "softmax",
        }
        for n in range(1, self.layers + 1):
            prev = "x" if n == 1 else f"a{n - 1}"
            out.append(f"z{n} = W{n} @ {prev} + b{n}  ({self.sizes[n]}{cols})")
            name = self.acts[n - 1]
            f = shown[name] if isinstance(name, str) else _custom_name(name)
            out.append(f"a{n} = {f}(z{n})")
        aL = f"a{self.layers}"
        per_example = (
            {
                "quadratic": f"sum((y - {aL})**2)/2",
                "squared": f"sum((y - {aL})**2)",
                "cross_entropy": f"-sum(y*log({aL}) + (1 - y)*log(1 - {aL}))",
                "categorical_cross_entropy": f"-sum(y*log({aL})) with sum(y) = 1",
                "log_likelihood": f"-log({aL}[k]) = -sum(y*log({aL})), y one-hot (y[k] = 1)",
            }[self.cost]
            if isinstance(self.cost, str)
            else f"sum(c({aL}, y)), c(a, y) = {self.cost}"
        )
        if self.batch is None:
            out.append(f"C = {per_example}")
            out.append("delta_l = dC/dz_l, the true error of layer l (by differentiation of C)")
        else:
            out.append(
                f"C = (1/M) Σ_m C_m, M = {self.batch} (column m of x, y, z_l, a_l is example m;"
                f" C_m = {per_example} of that column)"
            )
            out.append(
                "delta_l: column m is dC_m/dz_l of example m (so dC/dz_l = delta_l / M), by"
                " differentiation"
            )
        if any(a in ("relu", "leaky_relu") for a in self.acts):
            out.append("ReLU / leaky ReLU: every z_l[j] ≠ 0 (no derivative at 0)")
        return tuple(out)

    def describe(self) -> str:
        data = (
            "one training pair (x, y)"
            if self.batch is None
            else f"a mini-batch of M = {self.batch} examples (x: {self.sizes[0]}×{self.batch})"
        )
        return (
            f"fully connected network, sizes {list(self.sizes)} ({self.activation_text()};"
            f" W_l: n_l×n_(l-1)), {self.cost_text()}, {data}"
        )


# ============================================================ the whitelist parser


def _functions(net: LayerNetwork) -> dict[str, Any]:
    eps = net.eps
    return {
        "sigmoid": sigma,
        "sigmoid_prime": sigma_prime,
        "tanh": tanh_expr,
        "tanh_prime": tanh_prime_expr,
        "relu": relu,
        "relu_prime": step,
        "step": step,
        "leaky_relu": lambda u: leaky_relu_expr(u, eps),
        "leaky_relu_prime": lambda u: leaky_relu_prime_expr(u, eps),
        "identity": lambda u: u,
        "exp": sp.exp,
        "log": sp.log,
        "ln": sp.log,
    }


FUNCTION_NAMES = (
    "exp",
    "identity",
    "leaky_relu",
    "leaky_relu_prime",
    "ln",
    "log",
    "mean",
    "outer",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "step",
    "sum",
    "tanh",
    "tanh_prime",
)
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}


def _broadcast(left: Any, right: Any, op: str) -> tuple[Any, Any]:
    """NumPy's broadcasting of two operands of an elementwise operation: a number with anything,
    a column (n×1) with an n×M matrix, a row (1×M) with an n×M matrix; else a shape error."""
    ls, rs = _shape(left), _shape(right)
    if ls is None or rs is None or ls == rs:
        return left, right
    rows = ls[0] if ls[0] == rs[0] else max(ls[0], rs[0]) if 1 in (ls[0], rs[0]) else None
    cols = ls[1] if ls[1] == rs[1] else max(ls[1], rs[1]) if 1 in (ls[1], rs[1]) else None
    if rows is None or cols is None:
        raise CheckInputError(
            f"shape mismatch in {op} (elementwise): left is {_shape_text(left)}, right is "
            f"{_shape_text(right)} (for a matrix product use @, for u vᵀ use outer(u, v))"
        )

    def grow(v: sp.Matrix) -> sp.Matrix:
        return sp.Matrix(
            rows, cols, lambda i, j: v[0 if v.rows == 1 else i, 0 if v.cols == 1 else j]
        )

    return grow(left), grow(right)


def _elementwise(left: Any, right: Any, f: Any) -> Any:
    ls, rs = _shape(left), _shape(right)
    if ls is None and rs is None:
        return f(left, right)
    if ls is None:
        return right.applyfunc(lambda e: f(left, e))
    if rs is None:
        return left.applyfunc(lambda e: f(e, right))
    return sp.Matrix(ls[0], ls[1], lambda i, j: f(left[i, j], right[i, j]))


class _Builder:
    """Builds the value of a formula: ``fresh`` reads zˡ, aˡ, δˡ in the proof's fresh symbols
    (stage 0), otherwise as the explicit network (δˡ by differentiation)."""

    def __init__(self, net: LayerNetwork, fresh: bool = False) -> None:
        self.net = net
        self.fresh = fresh
        self.funcs = _functions(net)
        self.nodes = 0

    def name(self, ident: str) -> Any:
        net = self.net
        L = net.layers
        if ident == "x":
            return net.x
        if ident == "y":
            return net.y
        if ident == "M":
            if net.batch is None:
                raise CheckInputError("M (the batch size) is defined only with --batch M")
            return sp.Integer(net.batch)
        m = _NAME.match(ident)
        if m is None:
            raise CheckInputError(
                f"unknown name {ident!r}: the variables are W1…W{L}, b1…b{L}, z1…z{L}, a1…a{L}, "
                f"x (= a0), y, delta1…delta{L}" + (", M" if net.batch is not None else "")
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
            return net.Zs[index] if self.fresh else net.z[index]
        if base == "a":
            return net.fresh_a(index) if self.fresh else net.a[index]
        return net.Ds[index] if self.fresh else net.true_delta(index)

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
        if op == "@":
            ls, rs = _shape(left), _shape(right)
            if ls is None or rs is None or ls[1] != rs[0]:
                raise CheckInputError(
                    f"shape mismatch in @ (matrix product): left is {_shape_text(left)}, right is "
                    f"{_shape_text(right)}; the left's columns must equal the right's rows"
                )
            return left * right
        left, right = _broadcast(left, right, op)
        if op == "+":
            return _elementwise(left, right, lambda p, q: p + q)
        if op == "-":
            return _elementwise(left, right, lambda p, q: p - q)
        if op == "*":
            return _elementwise(left, right, lambda p, q: p * q)
        if _shape(right) is None and right == 0:
            raise CheckInputError("division by zero in the expression")
        return _elementwise(left, right, lambda p, q: p / q)

    def call(self, node: ast.Call, depth: int) -> Any:
        if not isinstance(node.func, ast.Name):
            raise CheckInputError(f"only the functions {', '.join(FUNCTION_NAMES)} can be called")
        fname = node.func.id
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise CheckInputError(f"{fname}(...) takes no *arguments")
        axis = None
        if node.keywords:
            kw = node.keywords
            if (
                fname not in ("sum", "mean")
                or len(kw) != 1
                or kw[0].arg != "axis"
                or not isinstance(kw[0].value, ast.Constant)
                or kw[0].value.value not in (0, 1)
                or isinstance(kw[0].value.value, bool)
            ):
                raise CheckInputError(
                    f"{fname}(...): the only keyword is axis=0 or axis=1, of sum and mean"
                )
            axis = kw[0].value.value
        args = [self.build(a, depth) for a in node.args]
        if fname == "outer":
            if len(args) != 2 or any((_shape(a) or (0, 0))[1] != 1 for a in args):
                shown = ", ".join(_shape_text(a) for a in args)
                raise CheckInputError(f"outer(u, v) takes two column vectors, got {shown}")
            return args[0] * args[1].T
        if fname in ("sum", "mean") and len(args) == 2 and axis is None:
            ax = node.args[1]
            if isinstance(ax, ast.Constant) and ax.value in (0, 1) and type(ax.value) is int:
                axis, args = ax.value, args[:1]
        if len(args) != 1:
            raise CheckInputError(f"{fname}(...) takes exactly one argument")
        (arg,) = args
        if fname in ("sum", "mean"):
            if not isinstance(arg, sp.MatrixBase):
                return arg
            if axis is None:
                total, count = sp.Add(*arg), arg.rows * arg.cols
                return total / count if fname == "mean" else total
            if axis == 0:  # down the rows: a 1×cols row
                out = sp.Matrix(1, arg.cols, lambda _, j: sp.Add(*arg[:, j]))
                count = arg.rows
            else:  # along each row: a rows×1 column
                out = sp.Matrix(arg.rows, 1, lambda i, _: sp.Add(*arg[i, :]))
                count = arg.cols
            return out / count if fname == "mean" else out
        if fname == "softmax":
            if not isinstance(arg, sp.MatrixBase):
                raise CheckInputError(
                    "softmax(v) takes a vector or matrix (softmax of each column)"
                )
            return softmax_matrix(arg)
        if fname not in self.funcs:
            raise CheckInputError(
                f"unknown function {fname!r}: the functions are {', '.join(FUNCTION_NAMES)}"
            )
        f = self.funcs[fname]
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


def parse_matrix_expression(text: str, net: LayerNetwork, fresh: bool = False) -> Any:
    """Parse ``text`` into a SymPy Matrix (or scalar) in the network's symbols (see the module
    docstring); ``fresh``: zˡ, aˡ, δˡ in the proof's fresh symbols (:meth:`LayerNetwork.stages`)."""
    if not isinstance(text, str) or not text.strip():
        raise CheckInputError("the expression must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise CheckInputError(f"the expression has {len(text)} characters; at most {MAX_LENGTH}")
    for old in ("leaky_relu'", "leaky_relu′"):
        text = text.replace(old, "leaky_relu_prime")
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
    return _Builder(net, fresh).build(tree)


_DERIVATIVE = re.compile(
    r"^\s*(?:d|∂)\s*C\s*/\s*(?:d|∂)\s*(?:(?P<x>x|X)|(?P<kind>W|w|b|z|a)\s*_?\s*(?P<l>[0-9]+))\s*$"
)


def parse_layer_derivative(text: str, net: LayerNetwork) -> tuple[str, int]:
    """``dC/dW2`` → ("W", 2); also dC/db1, dC/dz1, dC/da1, dC/dx (→ ("x", 0); ∂ accepted)."""
    if not isinstance(text, str) or len(text) > 40:  # before the regex: its blanks backtrack
        raise CheckInputError(
            "the derivative must be a short string like 'dC/dW2' (at most 40 characters), got "
            + (f"a text of {len(text)} characters" if isinstance(text, str) else repr(text))
        )
    m = _DERIVATIVE.match(text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")))
    if m is None:
        raise CheckInputError(
            f"derivative {clip(repr(text))} not understood: write dC/dWl, dC/dbl, dC/dzl, dC/dal"
            f" with l between 1 and {net.layers}, or dC/dx"
        )
    if m.group("x"):
        return "x", 0
    kind, layer = m.group("kind").replace("w", "W"), int(m.group("l"))
    if kind == "a" and layer == 0:
        return "x", 0
    if not 1 <= layer <= net.layers:
        raise CheckInputError(
            f"derivative {clip(repr(text))}: this network has layers 1…{net.layers}"
        )
    return kind, layer


# ============================================================ the verdict


def _atomize(expr: sp.Expr, gens: dict[Any, sp.Symbol]) -> sp.Expr:
    """Name the transcendental pieces by independent symbols, innermost first: every e^u → a
    positive symbol t_u (e^{−u} → 1/t_u, e^{ku} → t_u^k for an integer k, e^{u+v} → t_u t_v);
    step(u) → a symbol s_u (step(−u) → 1 − s_u) and relu(u) → u·s_u. An identity in
    independent symbols holds for their true values: for step and relu at every u ≠ 0, where
    relu(u) = u·step(u) and step(−u) = 1 − step(u)."""

    def rec(e: sp.Basic) -> sp.Basic:
        if e.is_Atom:
            return e
        args = [rec(a) for a in e.args]
        if isinstance(e, sp.exp):  # e^{Σ k_i u_i} = Π (e^{u_i})^{k_i}, k_i integers
            out = sp.Integer(1)
            for term in sp.Add.make_args(sp.expand(args[0])):
                k, key = term.as_coeff_Mul()
                if not k.is_Integer:
                    k, key = sp.Integer(1), term
                if key in gens:
                    out *= gens[key] ** k
                elif -key in gens:
                    out *= gens[-key] ** (-k)
                else:
                    gens[key] = sp.Dummy(f"t{len(gens)}", positive=True)
                    out *= gens[key] ** k
            return out
        if isinstance(e, (step, relu)):
            key = sp.expand(args[0])
            if ("s", key) in gens:
                s = gens[("s", key)]
            elif ("s", -key) in gens:
                s = 1 - gens[("s", -key)]
            else:
                s = gens[("s", key)] = sp.Dummy(f"s{len(gens)}", real=True)
            return s if isinstance(e, step) else args[0] * s
        return e.func(*args)

    return rec(expr)


def prove_entry_zero(diff: sp.Expr) -> bool:
    """True when ``diff`` cancels to 0 as a rational function once exponentials, ReLU and step
    are named (:func:`_atomize`)."""
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
    if isinstance(net.cost, str) and net.cost in _SIMPLEX_COSTS:  # a one-hot target column
        rows = net.sizes[-1]
        for m in range(net.M):
            hot = (n + m) % rows if n == 0 else rng.randrange(rows)
            for j in range(rows - 1):
                pt[net.y[j, m]] = sp.Integer(1 if j == hot else 0)
        return pt
    for k, v in enumerate(net.y):
        pt[v] = _TARGETS[(n + k) % len(_TARGETS)] if n == 0 else rng.choice(_TARGETS)
    return pt


def _shown_point(net: LayerNetwork, pt: dict[sp.Symbol, sp.Rational]) -> dict[str, str]:
    """The point as text, with the derived last target entries (Σ y = 1) written out."""
    out = {str(k): str(v) for k, v in pt.items()}
    for idx, v in enumerate(net.y):
        if not v.is_Symbol:
            r, c = divmod(idx, net.y.cols)
            name = f"y[{r + 1}]" if net.batch is None else f"y[{r + 1},{c + 1}]"
            out[name] = str(v.xreplace(pt))
    return out


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
                _shown_point(net, pt),
                (r + 1, col + 1),
                interval_text(shown.right),
                interval_text(shown.left),
                interval_text(shown.gap),
            )
    return None


def layer_variables(net: LayerNetwork) -> list[sp.Symbol]:
    """Every independent entry of W1…WL, b1…bL, x and y: the variables of the layered network
    (for the categorical cross-entropy and the log-likelihood the last entry of each target
    column is 1 − the others, not a variable)."""
    return [
        *itertools.chain.from_iterable(net.W),
        *itertools.chain.from_iterable(net.b),
        *net.x,
        *net.free_y,
    ]


def prove_by_stages(
    net: LayerNetwork, claim0: sp.Matrix, truth0: sp.Matrix, max_stage: int | None = None
) -> tuple[list[tuple[int, int]], int]:
    """Prove every entry of claim − truth ≡ 0, stage by stage (:meth:`LayerNetwork.stages`).

    Stage 0 has zˡ and δˡ as fresh independent symbols; each next stage substitutes one layer's
    definition (the chain rule for a δ, the forward pass for a z). An entry that cancels at
    some stage (:func:`prove_entry_zero`) is an identity in that stage's independent symbols,
    hence true once every definition is substituted: true for the explicit network. Returns
    the entries that never cancelled (1-based) and the deepest stage used (at most
    ``max_stage`` when given).
    """
    pending = {idx: claim0[idx] - truth0[idx] for idx in range(claim0.rows * claim0.cols)}
    deepest = 0
    for k, stage in enumerate([None, *net.stages()]):
        if max_stage is not None and k > max_stage:
            break
        if stage is not None:
            pending = {i: e.xreplace(stage) for i, e in pending.items()}
        pending = {i: e for i, e in pending.items() if not prove_entry_zero(e)}
        deepest = k
        if not pending:
            break
    bad = [(i // claim0.cols + 1, i % claim0.cols + 1) for i in sorted(pending)]
    return bad, deepest


def _alternatives(net: LayerNetwork) -> list[LayerNetwork]:
    """Networks that differ from ``net`` in one choice: the hidden activations, the output
    activation, or the cost (named ones only)."""
    if not isinstance(net.cost, str) or not all(isinstance(a, str) for a in net.acts):
        return []
    acts, L, out = list(net.acts), net.layers, []
    options: list[tuple[tuple[str, ...], str]] = []
    hidden = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
    if L > 1:
        options += [((*(h,) * (L - 1), acts[-1]), net.cost) for h in hidden if h != acts[0]]
    options += [((*acts[:-1], o), net.cost) for o in (*hidden, "softmax") if o != acts[-1]]
    options += [(tuple(acts), c) for c in LAYER_COSTS if c != net.cost]
    for a, c in options:
        try:
            out.append(LayerNetwork(net.sizes, c, a, net.batch, net.leak))
        except CheckInputError:
            continue
    return out


def _numeric_equal(p: Any, q: Any) -> bool:
    try:
        pv, qv = complex(sp.N(p, 30)), complex(sp.N(q, 30))
    except (TypeError, ValueError):
        return False
    if pv.imag or qv.imag or pv != pv or qv != qv:
        return False
    return abs(pv - qv) <= 1e-12 * (1 + abs(qv))


def architecture_mismatch(net: LayerNetwork, derivative: str, claimed: str) -> str | None:
    """The description of a network (one choice changed) whose true derivative the claim
    matches at three test networks, or None: a hint, never a proof."""
    if net.layers > 3 or sum(net.sizes) > 12:
        return None
    values = [_point(net, n, seed=101) for n in range(3)]
    for alt in _alternatives(net):
        try:
            kind, layer = parse_layer_derivative(derivative, alt)
            claim = parse_matrix_expression(claimed, alt)
            true = alt.true_derivative(kind, layer)
        except CheckInputError:
            continue
        if not isinstance(claim, sp.MatrixBase) or claim.shape != true.shape:
            continue
        ok = True
        for pt in values:
            full = {
                sp.Symbol(k, real=True): sp.Rational(v) for k, v in _shown_point(net, pt).items()
            }
            if not all(
                _numeric_equal(c.xreplace(full), t.xreplace(full))
                for c, t in zip(claim, true, strict=True)
            ):
                ok = False
                break
        if ok:
            return f"{alt.activation_text()} layers, {alt.cost_text()}"
    return None


def _side(net: LayerNetwork, text: str) -> tuple[Any, Any, str | None]:
    """(explicit value, stage-0 value, derivative name or None) of one side: a derivative
    ``dC/dW2`` (its truth) or a matrix formula."""
    if _DERIVATIVE.match(text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))):
        kind, layer = parse_layer_derivative(text, net)
        name = "x" if kind == "x" else f"{kind}{layer}"
        return net.true_derivative(kind, layer), net.chain_truth(kind, layer), name
    explicit = parse_matrix_expression(text, net)
    fresh = parse_matrix_expression(text, net, fresh=True)
    return explicit, fresh, None


def solve_link(spec: dict[str, Any], left: str, right: str) -> dict[str, Any]:
    """Refute, or prove entry by entry and put through the sanity net, ``left = right``: each
    side a derivative (``dC/dz1``, its truth) or a matrix formula. Plain data for the result;
    ``spec`` holds the network (sizes, cost, activations, batch, leak) and ``hints``."""
    spec = dict(spec)
    hints = bool(spec.pop("hints", False))
    net = LayerNetwork(tuple(spec.pop("sizes")), spec.pop("cost"), **spec)
    true, truth0, name = _side(net, left)
    claim, claim0, _ = _side(net, right)
    claimed = right
    what = f"dC/d{name}" if name is not None else "the left side"
    shape = _shape(true)
    if shape is None:
        true, truth0 = sp.Matrix([[true]]), sp.Matrix([[truth0]])
    if not isinstance(claim, sp.MatrixBase):
        if shape is None:
            claim, claim0 = sp.Matrix([[claim]]), sp.Matrix([[claim0]])
        else:
            raise CheckInputError(
                f"shape mismatch: the claimed expression is a scalar, but {what} has shape"
                f" {true.rows}×{true.cols}"
            )
    if claim.shape != true.shape:
        raise CheckInputError(
            f"shape mismatch: the claimed expression has shape {claim.rows}×{claim.cols}, but"
            f" {what} has shape {true.rows}×{true.cols}"
        )
    conditions = layer_conditions(claimed, net)
    if name is None:
        conditions = (*layer_conditions(left, net), *conditions)
    ce = find_layer_counterexample(net, claim, true, conditions=conditions)
    if ce is not None:
        out: dict[str, Any] = {
            "status": "refuted",
            "counterexample": ce.as_json(),
            "detail": f"entry {ce.entry} differs at the network given, where the formula is"
            " defined as written: the interval enclosure of claim − truth (mpmath interval"
            " arithmetic, outward rounding) excludes 0; every digit shown is certain",
        }
        if name is not None:
            kind, layer = parse_layer_derivative(left, net)
            correct = net.correct_text(kind, layer)
            if correct is not None:
                try:
                    c0 = parse_matrix_expression(correct, net, fresh=True)
                    out["correct"] = correct
                    # the first stages only (cheap): the formula is one chain-rule step
                    out["correct_checked"] = not prove_by_stages(net, c0, truth0, 2)[0]
                except CheckInputError:
                    pass
            if hints:
                out["mismatch"] = architecture_mismatch(net, left, claimed)
        return out
    bad, deepest = prove_by_stages(net, claim0, truth0)
    if bad:
        return {
            "status": "undecided",
            "detail": f"both sides agree at 4 concrete networks (interval enclosures of"
            f" their difference contain 0), but entries {bad[:5]} did not cancel symbolically",
        }
    how = (
        f"all {claim.rows * claim.cols} entries of the difference cancel to 0 with"
        " every exponential, ReLU and step named by an independent symbol (an identity in"
        " independent symbols holds for their true values), "
        + (
            "with zˡ and δˡ as independent symbols (each then defined by one layer's forward"
            " step or chain-rule step)"
            if deepest < len(net.stages())
            else "the network written out in full"
        )
    )
    report = sanity_net(
        list(zip(true, claim, strict=True)),
        "=",
        layer_variables(net),
        conditions=conditions,
        seed=item_seed(claimed, left),
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


def solve_layers(
    sizes: tuple[int, ...],
    cost: Any,
    derivative: str,
    claimed: str,
    *,
    activations: Any = "sigmoid",
    batch: int | None = None,
    leak: float = DEFAULT_LEAK,
    hints: bool = True,
) -> dict[str, Any]:
    """Parse, refute or prove ``claimed`` as ``derivative``, and put a proof through the sanity
    net (no time limit); returns plain data for the result."""
    net = LayerNetwork(tuple(sizes), cost, activations, batch, leak)
    parse_layer_derivative(derivative, net)
    spec = {
        "sizes": tuple(sizes),
        "cost": cost,
        "activations": activations,
        "batch": batch,
        "leak": leak,
        "hints": hints,
    }
    return solve_link(spec, derivative, claimed)


def _worker(conn: Any, spec: dict[str, Any], left: str, right: str) -> None:
    try:
        conn.send(solve_link(spec, left, right))
    except CheckInputError as exc:
        conn.send({"status": "invalid", "detail": str(exc)})
    except BaseException as exc:  # report, never hang the parent
        conn.send({"status": "undecided", "detail": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def _run(spec: dict[str, Any], left: str, right: str, deadline: float) -> dict[str, Any]:
    """:func:`solve_link` in a worker process (:mod:`gradproof.children`: it dies with this
    process on every path, so a killed command never leaves it holding stdout), killed at
    ``deadline`` (a :func:`time.monotonic` time)."""
    from gradproof.children import context, start_process, stop_process

    ctx = context()
    parent, child = ctx.Pipe(duplex=False)
    proc = start_process(_worker, (child, spec, left, right), ctx=ctx)
    child.close()
    try:
        answer: dict[str, Any] = (
            dict(parent.recv())
            if parent.poll(max(0.0, deadline - time.monotonic()))
            else {
                "status": "undecided",
                "detail": "no verdict within the time limit",
            }
        )
    except EOFError:
        answer = {"status": "undecided", "detail": "the proof worker stopped without an answer"}
    finally:
        stop_process(proc)
        parent.close()
    return answer


#: what a proof of a ``--sizes`` formula covers (narrowed where the formula is undefined)
LAYER_DOMAIN = "all real weights, biases, inputs and targets (entry by entry)"


@dataclass(frozen=True)
class LayerCheckResult:
    """The verdict on a matrix formula: ``proved`` (for every point of ``domain``), ``refuted``
    (``counterexample`` holds a separating network; ``correct`` the backpropagation formula for
    the derivative, ``correct_checked`` whether it was proved; ``mismatch`` a network the claim
    seems right for), ``undecided``, or ``kernel-error`` (a proof the sanity net found false at
    the network in ``counterexample``: a bug, never a proof)."""

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
    activations: tuple[str, ...] = ()
    batch: int | None = None
    correct: str | None = None
    correct_checked: bool = False
    mismatch: str | None = None

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
                "activations": list(self.activations),
                "cost": self.cost,
                "batch": self.batch,
                "description": self.description,
            },
            "claimed": self.claimed,
            "correct": self.correct,
            "correct_checked": self.correct_checked,
            "mismatch": self.mismatch,
            "definitions": list(self.definitions),
            "domain": self.domain,
            "counterexample": None
            if self.counterexample is None
            else self.counterexample.as_json(),
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
        }

    def __str__(self) -> str:
        return self.text()

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
            if self.correct is not None:
                how = "proved" if self.correct_checked else "not proved here"
                lines.append(f"  the correct formula ({how}): {self.correct}")
            if self.mismatch is not None:
                lines.append(
                    f"  your formula is right for {self.mismatch}, not for the network checked"
                    " (it matches that network's derivative at 3 test networks; a hint, not a"
                    " proof)"
                )
        else:
            lines += [
                "UNDECIDED: neither a proof nor a counterexample was found.",
                f"  {self.detail}",
            ]
        return "\n".join(lines)


def _domain(net: LayerNetwork) -> str:
    out = LAYER_DOMAIN
    if any(a in ("relu", "leaky_relu") for a in net.acts):
        out += " where every zˡ_j ≠ 0 (ReLU and the leaky ReLU have no derivative at 0)"
    if isinstance(net.cost, str) and net.cost in _SIMPLEX_COSTS:
        out += (
            ", with targets whose entries sum to 1 in every column (the last entry is 1 − the"
            " others"
            + (
                "; a one-hot y, as the log-likelihood takes it, is such a target)"
                if net.cost == "log_likelihood"
                else ")"
            )
        )
    return out


def _check_timeout(timeout: Any) -> float:
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout <= 86_400
    ):
        raise CheckInputError(
            f"timeout must be a positive number of seconds ≤ 86400, got {timeout!r}"
        )
    return float(timeout)


def check_layers(
    derivative: str,
    claimed: str,
    *,
    sizes: Any,
    cost: Any = "quadratic",
    activations: Any = "sigmoid",
    batch: int | None = None,
    leak: float = DEFAULT_LEAK,
    timeout: float = DEFAULT_TIMEOUT,
    hints: bool = True,
    started: float | None = None,
) -> LayerCheckResult:
    """Prove or refute ``claimed`` (matrix syntax, see the module docstring) as ``derivative``
    (``"dC/dW2"``, ``"dC/db1"``, ``"dC/dz1"``, ``"dC/da1"``, ``"dC/dx"``) of the network with
    ``sizes``, ``activations``, ``cost`` and ``batch`` (see :class:`LayerNetwork`).

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
    m = parse_batch(batch)
    limit = _check_timeout(timeout)
    if isinstance(leak, bool) or not isinstance(leak, (int, float)):
        raise CheckInputError(f"leak must be a number 0 < ε < 1, got {leak!r}")
    net = LayerNetwork(s, cost, activations, m, float(leak))
    kind, layer = parse_layer_derivative(derivative, net)  # quick errors before forking
    parse_matrix_expression(claimed, net, fresh=True)
    spec = {
        "sizes": s,
        "cost": cost,
        "activations": net.acts,
        "batch": m,
        "leak": float(leak),
        "hints": hints,
    }
    answer = _run(spec, derivative, claimed, started + limit)
    if answer["status"] == "invalid":
        raise CheckInputError(answer["detail"])
    ce = answer.get("counterexample")
    excluded = answer.get("excluded") or []
    name = "x" if kind == "x" else f"{kind}{layer}"
    return LayerCheckResult(
        status=answer["status"],
        derivative=f"∂C/∂{name}",
        sizes=s,
        cost=cost if isinstance(cost, str) else str(cost),
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
        domain=domain_text(excluded, _domain(net)),
        activations=tuple(a if isinstance(a, str) else _custom_name(a) for a in net.acts),
        batch=m,
        correct=answer.get("correct"),
        correct_checked=bool(answer.get("correct_checked", False)),
        mismatch=answer.get("mismatch"),
    )


def run_layers_command(args: Any, out: Any) -> int:
    """``gradproof check --sizes …``: print the verdict (text or --json); the exit code."""
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
                "network is given by its widths, --activations, --cost and --batch"
            )
        from gradproof.limits import command_start

        result = check_layers(
            args.derivative,
            args.expression,
            sizes=args.sizes,
            cost=args.cost,
            activations=getattr(args, "activations", None) or "sigmoid",
            batch=getattr(args, "batch", None),
            leak=getattr(args, "leak", DEFAULT_LEAK),
            timeout=args.timeout,
            started=command_start(),  # --timeout counts from the command's start
        )
    except CheckInputError as exc:
        if args.json:
            dump_json({"status": "invalid", "error": str(exc)}, out, indent=None)
        else:
            print(f"gradproof check: bad input: {exc}", file=sys.stderr)
        return 2
    if args.json:
        dump_json(result.as_json(), out)
    else:
        print(result.text(), file=out)
    return result.exit_code


# ============================================================ derivations in matrix form


def check_layer_steps(
    text: str,
    *,
    sizes: Any,
    cost: Any = "quadratic",
    activations: Any = "sigmoid",
    batch: int | None = None,
    leak: float = DEFAULT_LEAK,
    derivative: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    total_timeout: float = 300.0,
    started: float | None = None,
) -> Any:
    """Check a derivation in matrix form link by link (``gradproof check-steps --sizes``).

    The plain-text format of :mod:`gradproof.checker.steps` with ``=`` links only; every line is
    a matrix formula of the ``--sizes`` syntax, or (the first line, or ``derivative``) a
    derivative ``dC/dW2``. Each link is refuted at a concrete network or proved entry by entry
    exactly as ``check --sizes`` proves a formula; returns a
    :class:`gradproof.checker.steps.StepsResult`.
    """
    from gradproof.checker.lines import StepsInputError, parse_plain
    from gradproof.checker.links import RELATION_TEXT
    from gradproof.checker.steps import LinkResult, StepsResult, _summary, _unwrapped, composite

    start = time.perf_counter()
    s = parse_sizes(sizes)
    m = parse_batch(batch)
    limit = _check_timeout(timeout)
    total = _check_timeout(total_timeout)
    net = LayerNetwork(s, cost, activations, m, float(leak))
    lines = parse_plain(text)
    if len(lines) < 2:
        raise StepsInputError("a derivation needs at least two lines (a start and one link)")
    for ln in lines[1:]:
        if ln.relation != "=":
            raise StepsInputError(
                "a derivation in matrix form (--sizes) takes = links only", ln.number, ln.column
            )
    for ln in lines:
        try:
            _side(net, ln.text) if ln is lines[0] else parse_matrix_expression(ln.text, net)
        except CheckInputError as exc:
            raise StepsInputError(f"{exc} (in {ln.text[:60]!r})", ln.number, ln.column) from None
    first_is_derivative = bool(
        _DERIVATIVE.match(lines[0].text.translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")))
    )
    target = derivative
    if target is not None:
        try:
            parse_layer_derivative(target, net)
        except CheckInputError as exc:
            raise StepsInputError(f"derivative: {exc}") from None
    elif first_is_derivative:
        target = lines[0].text.strip()
    spec = {
        "sizes": s,
        "cost": cost,
        "activations": net.acts,
        "batch": m,
        "leak": float(leak),
        "hints": False,
    }
    deadline = (time.monotonic() if started is None else started) + total

    def run(left: str, right: Any, index: int) -> LinkResult:
        t0 = time.perf_counter()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            answer: dict[str, Any] = {
                "status": "undecided",
                "detail": f"not checked: the total time limit of {total:g} s was reached",
            }
        else:
            answer = _run(spec, left, right.text, time.monotonic() + min(limit, remaining))
            if answer["status"] == "invalid":
                raise StepsInputError(str(answer["detail"]), right.number, right.column)
        ce = answer.get("counterexample")
        entry = "" if ce is None else f"entry {tuple(ce['entry'])}: "
        return LinkResult(
            index=index,
            line=right.number,
            relation="=",
            left=" ".join(left.split()),
            right=" ".join(right.text.split()),
            note=right.note,
            status=answer["status"],
            detail=str(answer["detail"]),
            point=None if ce is None else dict(ce["point"]),
            left_value=None if ce is None else entry + str(ce["correct_value"]),
            right_value=None if ce is None else entry + str(ce["claimed_value"]),
            seconds=time.perf_counter() - t0,
        )

    links = tuple(run(lines[i - 1].text, lines[i], i) for i in range(1, len(lines)))
    overall = run(lines[0].text, lines[-1], 0) if len(links) > 1 else links[0]
    target_check = None
    if target is not None and not (
        first_is_derivative and _unwrapped(lines[0].text) == _unwrapped(target)
    ):
        target_check = run(target, lines[-1], 0)
    first_wrong = next((r.index for r in links if r.status == "refuted"), None)
    case, summary = _summary(
        links,
        lines,
        composite(["="] * len(links)),
        overall,
        target,
        target_check,
        first_wrong,
        first_is_derivative,
        RELATION_TEXT,
    )
    return StepsResult(
        links=links,
        network={
            "sizes": list(s),
            "activations": [a if isinstance(a, str) else _custom_name(a) for a in net.acts],
            "cost": cost if isinstance(cost, str) else str(cost),
            "batch": m,
            "description": net.describe(),
        },
        assumptions=(),
        definitions=net.definitions(),
        summary=summary,
        case=case,
        first_wrong=first_wrong,
        overall=overall,
        target=target,
        target_check=target_check,
        seconds=time.perf_counter() - start,
        lines=tuple(lines),
    )
