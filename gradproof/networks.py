"""The networks gradproof checks, as plain data: activations, costs, architectures, size limits.

Standard library only (no SymPy, no NumPy), so the command line can offer them as options without
loading the checker, and every route describes a network the same way: ``gradproof check``
(chain mode and ``--sizes``), ``gradproof check-steps``, :func:`gradproof.check` and
:func:`gradproof.backprop_check.check_backprop` all take one :class:`Architecture` (or the
names it is built from). Each route supplies its own implementation of the names (SymPy in the
checker, NumPy in :mod:`gradproof.backprop_check`); the proofs of the equations each uses are
in :mod:`gradproof.proofs`.

Activations (per layer; Nielsen ch. 2–3, lecture notes §2, Kapur (2016)):

======================  ===================================================  ================
name                    f(z)                                                 f′(z)
======================  ===================================================  ================
``sigmoid``             σ(z) = 1/(1 + e⁻ᶻ)                                   σ(z)(1 − σ(z))
``tanh``                tanh z                                               1 − tanh² z
``relu``                max(0, z)                                            0 (z < 0), 1 (z > 0)
``leaky_relu``          max(εz, z), 0 < ε < 1 (``leak``)                     ε (z < 0), 1 (z > 0)
``identity``            z (a linear layer)                                   1
``softmax``             e^{z_j} / Σ_k e^{z_k} (output layer only)            a Jacobian, not ⊙
======================  ===================================================  ================

ReLU and the leaky ReLU have no derivative at 0; every statement about them holds away from 0,
and says so.

Costs (per example; a batch's cost is the mean over its examples):

* ``quadratic`` — ½‖y − aᴸ‖² (Nielsen's convention, with the ½); ∇ₐC = aᴸ − y;
* ``squared`` — ‖y − aᴸ‖² (without the ½); ∇ₐC = 2(aᴸ − y);
* ``cross_entropy`` — binary cross-entropy −Σ_j [y_j ln aᴸ_j + (1 − y_j) ln(1 − aᴸ_j)]
  (Nielsen ch. 3 eq. (63)); outputs in (0, 1);
* ``categorical_cross_entropy`` — −Σ_j y_j ln aᴸ_j; outputs positive;
* ``log_likelihood`` — −ln aᴸ_y for the target class y (Nielsen ch. 3 eq. (80)), i.e. the
  categorical cross-entropy of a one-hot target; outputs positive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: the activations of chain mode (one neuron per layer)
ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu")
#: the costs of chain mode
COSTS: tuple[str, ...] = ("quadratic", "squared", "cross_entropy")
MAX_LAYERS = 8
MAX_PAIRS = 4

#: every activation of a layer of a fully connected network
LAYER_ACTIVATIONS: tuple[str, ...] = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "identity",
    "softmax",
)
#: activations allowed only on the output layer
OUTPUT_ONLY: frozenset[str] = frozenset({"softmax"})
#: every cost of a fully connected network
LAYER_COSTS: tuple[str, ...] = (
    "quadratic",
    "squared",
    "cross_entropy",
    "categorical_cross_entropy",
    "log_likelihood",
)
#: costs that take the logarithm of the outputs: the output activation must make them positive
#: (and, for the binary cross-entropy, below 1)
_LOG_COSTS: dict[str, frozenset[str]] = {
    "cross_entropy": frozenset({"sigmoid", "softmax"}),
    "categorical_cross_entropy": frozenset({"sigmoid", "softmax"}),
    "log_likelihood": frozenset({"sigmoid", "softmax"}),
}
#: the leaky ReLU's slope ε for z < 0 when none is given
DEFAULT_LEAK = 0.01


class ArchitectureError(ValueError):
    """An architecture that cannot be built (the message says which name or layer and why)."""


def _names(text: str | Sequence[str]) -> list[str]:
    if isinstance(text, str):
        items = [t.strip() for t in text.split(",")]
    else:
        items = [str(t).strip() for t in text]
    return [t.lower().replace("-", "_") for t in items]


@dataclass(frozen=True)
class Architecture:
    """A fully connected network's activations (one per layer 1…L) and per-example cost.

    Build it with :meth:`parse` from the names of the command line (``--activations
    relu,relu,softmax --cost log_likelihood``) or directly. ``leak`` is the leaky ReLU's ε.
    """

    activations: tuple[str, ...]
    cost: str = "quadratic"
    leak: float = DEFAULT_LEAK

    def __post_init__(self) -> None:
        if not self.activations:
            raise ArchitectureError("an architecture needs at least one layer")
        for layer, name in enumerate(self.activations, start=1):
            if name not in LAYER_ACTIVATIONS:
                raise ArchitectureError(
                    f"unknown activation {name[:40]!r} for layer {layer}; choose from "
                    f"{', '.join(LAYER_ACTIVATIONS)}"
                )
            if name in OUTPUT_ONLY and layer != len(self.activations):
                raise ArchitectureError(
                    f"{name} is an output activation: layer {layer} of {len(self.activations)} "
                    "cannot use it"
                )
        if self.cost not in LAYER_COSTS:
            raise ArchitectureError(
                f"unknown cost {self.cost[:40]!r}; choose from {', '.join(LAYER_COSTS)}"
            )
        allowed = _LOG_COSTS.get(self.cost)
        if allowed is not None and self.output not in allowed:
            raise ArchitectureError(
                f"the {self.cost.replace('_', ' ')} cost takes ln of the outputs, so the output "
                f"layer must be {' or '.join(sorted(allowed))}, not {self.output}"
            )
        if isinstance(self.leak, bool) or not (0.0 < float(self.leak) < 1.0):
            raise ArchitectureError(
                f"the leaky ReLU's slope ε must satisfy 0 < ε < 1, got {self.leak!r}"
            )

    @classmethod
    def parse(
        cls,
        activations: str | Sequence[str] | None,
        cost: str = "quadratic",
        layers: int | None = None,
        leak: float = DEFAULT_LEAK,
    ) -> Architecture:
        """From names: one activation for every layer (``"tanh"``) or one per layer
        (``"relu,relu,softmax"``); ``None`` is the sigmoid everywhere (Nielsen's network).

        ``layers`` (L, the number of weight layers) is required when one name stands for all.
        """
        names = _names(activations) if activations is not None else ["sigmoid"]
        if any(not n for n in names):
            raise ArchitectureError(f"empty activation name in {activations!r}")
        if len(names) == 1 and layers is not None:
            if names[0] in OUTPUT_ONLY and layers > 1:
                raise ArchitectureError(
                    f"{names[0]} is an output activation; give one per layer, e.g. "
                    f"{','.join(['sigmoid'] * (layers - 1) + [names[0]])}"
                )
            names = names * layers
        elif layers is not None and len(names) != layers:
            raise ArchitectureError(
                f"{len(names)} activations for {layers} layers: give one, or one per layer"
            )
        return cls(tuple(names), _names(cost)[0] if isinstance(cost, str) else cost, leak)

    @property
    def layers(self) -> int:
        """L, the number of weight layers."""
        return len(self.activations)

    @property
    def output(self) -> str:
        """The output layer's activation."""
        return self.activations[-1]

    def describe(self) -> str:
        """One line, e.g. ``relu, relu, softmax; log-likelihood cost``."""
        acts = self.activations
        names = acts[0] if len(set(acts)) == 1 else ", ".join(acts)
        if "leaky_relu" in acts:
            names += f" (ε = {self.leak:g})"
        return f"{names.replace('_', ' ')}; {self.cost.replace('_', ' ')} cost"
