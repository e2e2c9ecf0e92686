"""Shared helper of the accuracy tests: errors in units in the last place against mpmath."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from mpmath import mpf


def ulp_errors(
    got: Any, reference: Sequence[Any], scale: Sequence[Any] | None = None
) -> np.ndarray:
    """|got − reference| in units of the float64 spacing at |scale| (default: at the reference).

    ``reference`` holds mpmath values (computed by the caller at high precision); the spacing is
    floored at the smallest subnormal so that a zero reference does not divide by zero.
    """
    got_arr = np.asarray(got, dtype=np.float64).ravel()
    scale = reference if scale is None else scale
    errors = []
    for g, r, s in zip(got_arr, reference, scale, strict=True):
        spacing = max(float(np.spacing(np.float64(abs(float(s))))), 5e-324)
        errors.append(float(abs(mpf(float(g)) - r) / spacing))
    return np.array(errors)
