"""Derivative atoms of a derivation: ``dC/dw1``, ``d(a4)/d(z4)``, ``∂C/∂b₂`` … as SymPy values.

A derivative atom ``du/dv`` is the true partial derivative of a downstream network quantity u
(the cost C, or a_k, z_k of one training pair) with respect to an upstream one v (a parameter w_j
or b_j, the input x = a₀, or a_j, z_j), the other parameters held fixed. For the chain of single
neurons z_j = w_j a_{j−1} + b_j, a_j = f(z_j) (Nielsen, *Neural Networks and Deep Learning*,
ch. 5, eq. (114)–(122)):

* for a parameter v, ∂u/∂v is SymPy's derivative of u's expression in the parameters;
* for a node v = z_j or a_j, the network after v is rebuilt with v replaced by a fresh symbol V,
  u is differentiated in V, and V is then set back to v's value: the "downstream as a function of
  upstream" reading used by the chain rule (so ``dC/da4 * d(a4)/d(z4)`` is ``dC/dz4``).

Atoms are found in the text by :data:`ATOM` and replaced by placeholder names (``__d0__`` …) that
the whitelist parser resolves through :class:`AtomTable` (see ``names=`` of
:func:`gradproof.checker.parser.parse_expression`); nothing is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from gradproof.checker.network import CheckInputError, Network, Pair

_QTY = r"C|[azwb]\s*_?\s*[0-9]+|x"
#: ``dC/dw1``, ``d(a4)/d(z4)``, ``∂C/∂w1`` (subscript digits are translated before matching)
ATOM = re.compile(
    r"(?<![A-Za-z0-9_])[d∂]\s*(?:\(\s*(?P<u1>" + _QTY + r")\s*\)|(?P<u2>" + _QTY + r"))"
    r"\s*/\s*[d∂]\s*(?:\(\s*(?P<v1>" + _QTY + r")\s*\)|(?P<v2>" + _QTY + r"))(?![A-Za-z0-9_])"
)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
PLACEHOLDER = re.compile(r"__d([0-9]+)__")
MAX_ATOMS = 40


@dataclass(frozen=True)
class Quantity:
    """A network quantity: ``C``, or (kind, index) with kind in a, z (nodes), w, b (parameters)."""

    kind: str  # "C", "a", "z", "w", "b"
    index: int = 0

    @property
    def name(self) -> str:
        if self.kind == "C":
            return "C"
        if self.kind == "a" and self.index == 0:
            return "x"
        return f"{self.kind}{self.index}"

    @property
    def position(self) -> float:
        """Order along the forward pass: a₀ < z₁ < a₁ < z₂ < … < C; parameters have none."""
        if self.kind == "C":
            return float("inf")
        return 2 * self.index - (self.kind == "z")

    @property
    def per_pair(self) -> bool:
        return self.kind in ("a", "z")


def _quantity(text: str) -> Quantity:
    t = re.sub(r"[\s_]", "", text)
    if t == "C":
        return Quantity("C")
    if t == "x":
        return Quantity("a", 0)
    return Quantity(t[0], int(t[1:]))


@dataclass(frozen=True)
class Atom:
    """``d(upstream → downstream)``: ∂``top``/∂``bottom``."""

    top: Quantity
    bottom: Quantity

    @property
    def text(self) -> str:
        if self.top.kind == "C":
            return f"dC/d{self.bottom.name}"
        return f"d({self.top.name})/d({self.bottom.name})"

    @property
    def per_pair(self) -> bool:
        """True when the atom belongs to one training pair (inside ``sum(...)`` with pairs)."""
        return self.top.per_pair or self.bottom.per_pair

    def validate(self, net: Network) -> None:
        L = net.layers
        for q in (self.top, self.bottom):
            if q.kind == "C":
                continue
            low = 0 if q.kind == "a" else 1
            if not low <= q.index <= L:
                raise CheckInputError(
                    f"derivative {self.text}: {q.name} does not exist in a {L}-layer chain"
                    f" ({q.kind}{low} … {q.kind}{L})"
                )
            if q.kind == "b" and not net.biases:
                raise CheckInputError(f"derivative {self.text}: this network has no biases")
        if self.bottom.kind == "C":
            raise CheckInputError(
                f"derivative {self.text}: C is the last quantity; nothing is d/dC"
            )
        if self.top.kind in ("w", "b"):
            raise CheckInputError(
                f"derivative {self.text}: {self.top.name} is a parameter; write the derivative of"
                " a downstream quantity (C, a_k, z_k) with respect to an upstream one"
            )
        if self.bottom.kind not in ("w", "b") and self.top.position < self.bottom.position:
            raise CheckInputError(
                f"derivative {self.text}: {self.top.name} comes before {self.bottom.name} in the"
                f" forward pass, so it is not a function of {self.bottom.name}"
            )


def extract_atoms(text: str) -> tuple[str, list[Atom]]:
    """Replace every derivative atom in ``text`` by a placeholder ``__dN__``; return both."""
    if "__" in text:
        raise CheckInputError("'__' is not allowed in an expression")
    atoms: list[Atom] = []

    def sub(m: re.Match[str]) -> str:
        top = _quantity(m.group("u1") or m.group("u2"))
        bottom = _quantity(m.group("v1") or m.group("v2"))
        atoms.append(Atom(top, bottom))
        if len(atoms) > MAX_ATOMS:
            raise CheckInputError(f"more than {MAX_ATOMS} derivative atoms in one expression")
        return f" __d{len(atoms) - 1}__ "

    out = ATOM.sub(sub, text.translate(_SUBSCRIPTS))
    return out.strip(), atoms


def _cost_of(net: Network, pair: Pair, a_last: sp.Expr) -> sp.Expr:
    cost = net.pair_cost(Pair(pair.x, pair.y, pair.z, (*pair.a[:-1], a_last)))
    return cost / len(net.data) if net.average else cost


def atom_value(
    atom: Atom,
    net: Network,
    pair: Pair | None,
    f: Callable[[sp.Expr], sp.Expr],
) -> sp.Expr:
    """The value of ``atom`` in ``net`` (whose forward pass uses the activation ``f``)."""
    top, bottom = atom.top, atom.bottom
    if atom.per_pair and pair is None:
        raise CheckInputError(
            f"{atom.text} belongs to one training pair: with pairs={net.pairs} use it inside"
            " sum(...)"
        )
    if bottom.kind in ("w", "b"):
        sym = net.variable(bottom.kind, bottom.index)
        if top.kind == "C":
            total = sp.Add(*(_cost_of(net, p, p.a[-1]) for p in net.data))
            return sp.diff(total, sym)
        assert pair is not None
        return sp.diff((pair.a if top.kind == "a" else pair.z)[top.index], sym)
    assert pair is not None
    V = sp.Dummy("V", real=True)
    j = bottom.index
    zs: dict[int, sp.Expr] = {}
    acts: dict[int, sp.Expr] = {}
    if bottom.kind == "z":
        zs[j] = V
        acts[j] = f(V)
    else:
        acts[j] = V
    for k in range(j + 1, net.layers + 1):
        zs[k] = net.w[k - 1] * acts[k - 1] + (net.b[k - 1] if net.biases else 0)
        acts[k] = f(zs[k])
    if top.kind == "C":
        value = _cost_of(net, pair, acts[net.layers])
    else:
        value = (acts if top.kind == "a" else zs)[top.index]
    actual = (pair.z if bottom.kind == "z" else pair.a)[j]
    return sp.diff(value, V).xreplace({V: actual})


class AtomTable:
    """Resolves the placeholders of one expression for the parser's ``names=`` hook."""

    def __init__(
        self,
        atoms: list[Atom],
        net: Network,
        value: Callable[[Atom, Pair | None], sp.Expr],
    ) -> None:
        for a in atoms:
            a.validate(net)
        self.atoms = atoms
        self.value = value

    def __call__(self, name: str, pair: Pair | None) -> sp.Expr | None:
        m = PLACEHOLDER.fullmatch(name)
        if m is None:
            return None
        return self.value(self.atoms[int(m.group(1))], pair)
