"""Exported objects, bound to the claims that verify them.

Every public formula of :mod:`gradproof` carries ``__verified_by__`` (the decorator
:func:`gradproof.numerics.formulas.verified_by`), every public constant is listed with its
claims in a module-level mapping (:data:`gradproof.numerics.formulas.CONSTANTS_VERIFIED_BY`,
:data:`gradproof.proofs.sigmoid.CONSTANTS_VERIFIED_BY`), and each named claim has evidence that
runs *that very object*: :func:`ulp_accuracy` looks the formula up by name at run time and
compares it, on a fixed grid that includes the extremes, with the claim's SymPy expression
evaluated by mpmath at 50 or more digits, at the accuracy the formula's docstring states.

``tests/test_exports.py`` lists what must be bound (every name of ``gradproof.__all__``) and
fails when a name has no verifying claim or when a named claim does not call the object. (That
audit lives in the test, not here: the proofs import this module, so it must not import them.)

Light at import (standard library only); mpmath and SymPy load inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gradproof.outcome import Outcome


def formula(name: str) -> Callable[..., Any]:
    """The exported formula ``gradproof.<name>``, looked up now (so a patched object is used)."""
    from gradproof.numerics import formulas

    func = getattr(formulas, name)
    if not callable(func):
        raise TypeError(f"gradproof.{name} is not a formula")
    return func


def mp_function(expr: Any, symbols: Sequence[Any]) -> Callable[..., Any]:
    """A SymPy expression of a claim as an mpmath function of ``symbols`` (``sp.lambdify``)."""
    import sympy as sp

    return sp.lambdify(list(symbols), expr, modules="mpmath")


def _ulps(got: float, ref: Any, scale: Any) -> float:
    import math

    import mpmath

    if math.isnan(got):
        return math.inf
    spacing = max(math.ulp(abs(float(scale))), 5e-324)
    return float(abs(mpmath.mpf(got) - ref) / spacing)


def ulp_accuracy(
    name: str,
    rows: Sequence[Sequence[float]],
    reference: Callable[..., Any],
    bound: float | Callable[..., float],
    *,
    expression: str,
    scale: Callable[..., Any] | None = None,
    digits: Callable[..., int] | None = None,
    output: Callable[[Any], Sequence[float]] | None = None,
) -> Outcome:
    """The exported formula ``name`` at each row of float arguments, against ``reference``.

    ``reference(*mpf_args)`` (the claim's expression, see :func:`mp_function`) is evaluated at
    ``digits(*row)`` decimal digits (default 50) with the exact float inputs; the error is
    measured in units of the float64 spacing at ``scale(*mpf_args)`` (default: at the reference)
    and must be at most ``bound`` (a number of ulps, or a function of the row). The formula is
    called once, vectorised over the rows (columns broadcast like its arguments); ``output``
    extracts the compared values from its result when it is not a plain array. ``expression``
    names the reference in the detail.
    """
    import math

    import mpmath
    import numpy as np

    func = formula(name)
    columns = [np.array(col, dtype=np.float64) for col in zip(*rows, strict=True)]
    result = func(*columns)
    got = [float(v) for v in (output(result) if output is not None else np.ravel(result))]
    worst, worst_row = 0.0, None
    failures = 0
    for row, g in zip(rows, got, strict=True):
        with mpmath.workdps(digits(*row) if digits is not None else 50):
            args = [mpmath.mpf(float(v)) for v in row]
            ref = reference(*args)
            err = _ulps(g, ref, ref if scale is None else scale(*args))
        limit = bound(*row) if callable(bound) else bound
        if not err <= limit:
            failures += 1
        ratio = err / limit if limit else (0.0 if err == 0 else math.inf)
        if worst_row is None or ratio > worst:
            worst, worst_row = ratio, (row, g, err, limit)
    assert worst_row is not None, "ulp_accuracy needs at least one row"
    row, g, err, limit = worst_row
    shown = ", ".join(repr(float(v)) for v in row)
    return Outcome.of(
        failures == 0,
        f"exported gradproof.{name} against the claim's {expression} (mpmath) at {len(rows)} "
        f"fixed points: {failures} beyond the documented bound; worst {err:.3g} ulp "
        f"(bound {limit:.3g}) at ({shown}) → {g!r}",
    )


def exact_values(name: str, cases: Sequence[tuple[tuple[float, ...], float]], why: str) -> Outcome:
    """The exported formula ``name`` returns exactly ``expected`` (NaN matches NaN) at each case.

    For the limits and conventions the docstring states (±inf inputs, 0 ln 0 = 0, …).
    """
    import math

    func = formula(name)
    bad = []
    for args, expected in cases:
        got = float(func(*args))
        # NaN matches NaN; a zero of either sign counts as 0
        same = math.isnan(got) if math.isnan(expected) else got == expected
        if not same:
            bad.append(f"{name}{args} = {got!r}, expected {expected!r}")
    return Outcome.of(
        not bad,
        f"exported gradproof.{name} at {len(cases)} limit cases ({why}): "
        + ("all exact" if not bad else "; ".join(bad)),
    )
