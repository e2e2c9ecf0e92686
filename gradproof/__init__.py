"""gradproof: machine-checked mathematics of vanishing gradients and the cross-entropy cost.

Importing ``gradproof`` is cheap: it re-exports the verified NumPy formulas of
:mod:`gradproof.numerics.formulas` (``from gradproof import sigmoid``), loaded with NumPy on first
use (PEP 562), so that the command line's start-up imports nothing before its Ctrl-C handling is
in place (:mod:`gradproof.console`). The proofs (SymPy) live in
:mod:`gradproof.proofs` and load only when asked for, e.g. by ``gradproof verify``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up

if TYPE_CHECKING:  # the real names and types for mypy; at run time they load on first use
    from gradproof.numerics.formulas import (
        WIDTH_MAX_ARGMAX,
        WIDTH_MAX_VALUE,
        GainInterval,
        GainIntervalEmptyError,
        binary_entropy,
        chain_bias_gradients,
        chain_bias_gradients_log,
        cross_entropy,
        cross_entropy_from_logits,
        cross_entropy_grad,
        gain,
        gain_interval,
        gain_interval_width,
        quadratic_cost,
        quadratic_grad,
        sigmoid,
        sigmoid_prime,
    )

#: the verified NumPy formulas re-exported here, loaded (with NumPy) on first use
_FORMULAS = frozenset(
    {
        "WIDTH_MAX_ARGMAX",
        "WIDTH_MAX_VALUE",
        "GainInterval",
        "GainIntervalEmptyError",
        "binary_entropy",
        "chain_bias_gradients",
        "chain_bias_gradients_log",
        "cross_entropy",
        "cross_entropy_from_logits",
        "cross_entropy_grad",
        "gain",
        "gain_interval",
        "gain_interval_width",
        "quadratic_cost",
        "quadratic_grad",
        "sigmoid",
        "sigmoid_prime",
    }
)

__version__ = "0.1.0"

__all__ = [
    "WIDTH_MAX_ARGMAX",
    "WIDTH_MAX_VALUE",
    "GainInterval",
    "GainIntervalEmptyError",
    "__version__",
    "binary_entropy",
    "chain_bias_gradients",
    "chain_bias_gradients_log",
    "check",
    "check_steps",
    "cross_entropy",
    "cross_entropy_from_logits",
    "cross_entropy_grad",
    "gain",
    "gain_interval",
    "gain_interval_width",
    "quadratic_cost",
    "quadratic_grad",
    "sigmoid",
    "sigmoid_prime",
]


def __getattr__(name: str) -> object:
    if name in _FORMULAS:
        from gradproof.numerics import formulas

        value = getattr(formulas, name)
        globals()[name] = value  # later look-ups skip this function
        return value
    # ``gradproof.check`` (checking a user's derivation) needs SymPy: load it only when asked for.
    if name == "check":
        from gradproof.checker import check

        return check
    if name == "check_steps":
        from gradproof.checker.api import check_steps

        return check_steps
    raise AttributeError(f"module 'gradproof' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
