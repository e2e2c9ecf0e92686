"""The public routes :func:`gradproof.check` and :func:`gradproof.check_steps`.

Each takes either a chain of single neurons (:func:`gradproof.checker.core.check`,
:func:`gradproof.checker.steps.check_steps`) or, with ``sizes``, a fully connected network
(:func:`gradproof.checker.layers.check_layers`, :func:`gradproof.checker.layers.check_layer_steps`:
``gradproof check --sizes`` and ``gradproof check-steps --sizes``, the same verdicts).
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from gradproof.checker.core import DEFAULT_TIMEOUT, CheckResult
from gradproof.checker.core import check as _chain_check
from gradproof.checker.layers import LayerCheckResult, check_layer_steps, check_layers
from gradproof.checker.network import CheckInputError
from gradproof.checker.steps import DEFAULT_TOTAL_TIMEOUT, StepsResult
from gradproof.checker.steps import check_steps as _chain_steps
from gradproof.networks import DEFAULT_LEAK


def _chain_only(**used: bool) -> None:
    names = [name for name, flag in used.items() if flag]
    if names:
        raise CheckInputError(
            f"{', '.join(names)}: for a chain of single neurons; with sizes the network is given"
            " by its widths, activations, cost and batch"
        )


def check(
    derivative: str,
    claimed: str,
    *,
    sizes: str | Sequence[int] | None = None,
    activations: str | Sequence[str | sp.Lambda] | None = None,
    cost: str | sp.Expr = "quadratic",
    batch: int | None = None,
    leak: float = DEFAULT_LEAK,
    layers: int = 1,
    activation: str = "sigmoid",
    biases: bool = True,
    pairs: int | None = None,
    average: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: bool = False,
    started: float | None = None,
) -> CheckResult | LayerCheckResult:
    """Prove or refute ``claimed`` as the derivative ``derivative`` of a network's cost.

    With ``sizes`` (layer widths, ``"3,4,2"`` or ``(3, 4, 2)``) the network is fully connected
    and ``claimed`` a matrix formula — ``gradproof check --sizes``, same verdicts (see the
    check page and :mod:`gradproof.checker.layers`). Without it the network is a chain of
    single neurons and ``claimed`` a scalar formula (``gradproof check``). Examples (Nielsen
    ch. 3: the cross-entropy cancels σ′; softmax with the log-likelihood gives δᴸ = aᴸ − y)::

        >>> check("dC/dw1", "x*(sigmoid(z1) - y)", cost="cross_entropy").status
        'proved'
        >>> check("dC/dz2", "a2 - y", sizes="2,2,2", activations="relu,softmax",
        ...       cost="log_likelihood").status
        'proved'

    Raises :class:`CheckInputError` (a ``ValueError``) for bad input; the proof runs in a
    worker process killed after ``timeout`` seconds (status ``"undecided"``).

    Parameters
    ----------
    derivative : str
        What is differentiated: ``"dC/dw1"``, ``"∂C/∂b2"``, ``"dC/dx"`` for a chain;
        ``"dC/dW2"``, ``"dC/db1"``, ``"dC/dz1"``, ``"dC/da1"``, ``"dC/dx"`` with ``sizes``.
    claimed : str
        Your formula for it (``"x*σ'(z1)*(a1 - y)"``; ``"delta2 @ a1.T / M"`` with ``sizes``).
    sizes : str, sequence of int or None
        None: a chain of single neurons. Layer widths (n0, n1, …, nL): a fully connected
        network; ``layers``, ``activation``, ``biases``, ``pairs`` and ``average`` must then
        keep their defaults.
    activations : str, sequence or None
        With ``sizes``: one activation for every layer or one per layer
        (``"relu,relu,softmax"``): ``sigmoid``, ``tanh``, ``relu``, ``leaky_relu``,
        ``identity``, ``softmax`` (output only), or a SymPy ``Lambda`` of one variable (a
        user-defined activation). None is the sigmoid. ReLU proofs hold where every zˡ_j ≠ 0.
    cost : str or sympy.Expr
        ``"quadratic"`` (½‖a − y‖²), ``"squared"`` (‖a − y‖²), ``"cross_entropy"`` (binary);
        with ``sizes`` also ``"categorical_cross_entropy"`` (−Σ y ln a, targets summing to 1),
        ``"log_likelihood"`` (−ln a_y, y a one-hot column) or a SymPy expression in the
        symbols ``a`` and ``y`` (one output entry's cost, summed over the entries).
    batch : int or None
        With ``sizes``: a mini-batch of M examples (1–4). x is n0×M, y nL×M, C the mean of the
        examples' costs; ``deltal`` has one column per example (its own ∂C_m/∂zˡ) and ``M``
        is a name.
    leak : float
        The leaky ReLU's slope ε for z < 0 (0 < ε < 1).
    layers : int
        Chain: number of neurons, 1–8.
    activation : {"sigmoid", "tanh", "relu"}
        Chain: the neurons' activation.
    biases : bool
        Chain: whether the neurons have biases b1…bL.
    pairs : int or None
        Chain: None for one training pair (x, y); N (1–4) for the cost summed over N pairs.
    average : bool
        Chain: with ``pairs``, the mean instead of the sum.
    timeout : float
        Seconds the proof may take before the result is undecided.
    progress : bool
        Chain: show a progress bar (tqdm) once the wait passes 2 s.
    started : float or None
        A :func:`time.monotonic` time the limit counts from (the command line passes its own
        start, so parsing counts too); None: this call.

    Returns
    -------
    CheckResult or LayerCheckResult
        ``status`` is ``"proved"``, ``"refuted"`` (with a certified ``counterexample``),
        ``"undecided"`` or ``"kernel-error"``; ``exit_code`` is the command line's.
    """
    if sizes is None:
        if activations is not None or batch is not None:
            raise CheckInputError(
                "activations and batch describe a fully connected network: give its sizes"
                " (a chain of single neurons takes activation, pairs and average)"
            )
        return _chain_check(
            derivative,
            claimed,
            layers=layers,
            activation=activation,
            cost=cost,
            biases=biases,
            pairs=pairs,
            average=average,
            timeout=timeout,
            progress=progress,
            started=started,
        )
    _chain_only(
        layers=layers != 1,
        activation=activation != "sigmoid",
        biases=biases is not True,
        pairs=pairs is not None,
        average=average is not False,
    )
    return check_layers(
        derivative,
        claimed,
        sizes=sizes,
        cost=cost,
        activations=activations if activations is not None else "sigmoid",
        batch=batch,
        leak=leak,
        timeout=timeout,
        started=started,
    )


def check_steps(
    text: str,
    *,
    sizes: str | Sequence[int] | None = None,
    activations: str | Sequence[str | sp.Lambda] | None = None,
    cost: str | sp.Expr = "quadratic",
    batch: int | None = None,
    leak: float = DEFAULT_LEAK,
    layers: int = 1,
    activation: str = "sigmoid",
    biases: bool = True,
    pairs: int | None = None,
    average: bool = False,
    assume: Sequence[str] = (),
    latex: bool | None = None,
    derivative: str | None = None,
    timeout: float = 30.0,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
    progress: bool = False,
    started: float | None = None,
) -> StepsResult:
    """Check the derivation ``text`` link by link (the format of the check-steps page).

    Without ``sizes``: a chain of single neurons, links ``=``, ``<=``, ``<``, ``>=``, ``>``,
    plain text or LaTeX, derivative atoms (:func:`gradproof.checker.steps.check_steps`). With
    ``sizes``: a derivation in matrix form for a fully connected network — every line a matrix
    formula, ``=`` links only, the first line possibly a derivative (``dC/dW2``), each link
    proved entry by entry as :func:`check` proves a formula with ``sizes``
    (``gradproof check-steps --sizes``, same verdicts). Example (Nielsen ch. 3; BP2)::

        >>> check_steps("dC/dw1\\n = x*(σ(z1) - y)", cost="cross_entropy").status
        'proved'
        >>> check_steps("dC/dz1\\n = (W2.T @ delta2) * a1*(1 - a1)", sizes="2,2,1").status
        'proved'

    Raises :class:`gradproof.checker.steps.StepsInputError` (a ``CheckInputError``, a
    ``ValueError``) for bad input, with the line and column.

    Parameters
    ----------
    text : str
        The derivation: a starting expression, then one relation and expression per line.
    sizes, activations, cost, batch, leak
        The network, as for :func:`check`.
    layers, activation, biases, pairs, average
        The chain of single neurons, as for :func:`check` (without ``sizes`` only).
    assume : sequence of str
        Chain only: domain assumptions, e.g. ``"w1 > 0"``.
    latex : bool or None
        Chain only: force (True) or forbid (False) the LaTeX reading; None decides from the
        text.
    derivative : str or None
        What the first line is meant to be, when it is not a derivative itself.
    timeout : float
        Seconds per link.
    total_timeout : float
        Seconds for the whole derivation.
    progress : bool
        Chain only: show a progress bar.
    started : float or None
        A :func:`time.monotonic` time ``total_timeout`` counts from; None: this call.

    Returns
    -------
    StepsResult
        One result per link (proved, refuted with a point, undecided), the first wrong link
        and the overall ``status``.
    """
    if sizes is None:
        if activations is not None or batch is not None:
            raise CheckInputError("activations and batch need sizes (a fully connected network)")
        return _chain_steps(
            text,
            layers=layers,
            activation=activation,
            cost=cost,
            biases=biases,
            pairs=pairs,
            average=average,
            assume=assume,
            latex=latex,
            derivative=derivative,
            timeout=timeout,
            total_timeout=total_timeout,
            progress=progress,
            started=started,
        )
    from gradproof.checker.lines import StepsInputError

    try:
        _chain_only(
            layers=layers != 1,
            activation=activation != "sigmoid",
            biases=biases is not True,
            pairs=pairs is not None,
            average=average is not False,
            assume=bool(assume),
            latex=bool(latex),
        )
    except CheckInputError as exc:
        raise StepsInputError(str(exc)) from None
    result: StepsResult = check_layer_steps(
        text,
        sizes=sizes,
        cost=cost,
        activations=activations if activations is not None else "sigmoid",
        batch=batch,
        leak=leak,
        derivative=derivative,
        timeout=timeout,
        total_timeout=total_timeout,
        started=started,
    )
    return result
