"""Activation functions other than the sigmoid (``shared/CLAIMS.md``, section "Activations").

ReLU(z) = max(0, z) (lecture notes §2; Kapur (2016)) and the leaky ReLU max(εz, z) with 0 < ε < 1
(Kapur (2016)). A derivative is a limit of difference quotients, so the proofs work with the
quotient (f(z + h) − f(z))/h directly:

* at z < 0 write z = −c (c > 0) and z + h = −cq with q > 0 (every h with |h| < c is of this
  form): the quotient is then identically 0 for ReLU and ε for the leaky ReLU;
* at z > 0 write z = c and z + h = cq (q > 0): the quotient is identically 1;
* at z = 0 the one-sided limits of f(h)/h are computed with ``sympy.limit``; they differ, so the
  function has no derivative at 0.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from gradproof.claims import Claim, Outcome, register, symbolic
from gradproof.derivation import Derivation, Step, are_equal, check_all
from gradproof.logic import Statement, proved_by

ORDER = 35

c = sp.Symbol("c", positive=True)  # |z| for z ≠ 0
q = sp.Symbol("q", positive=True)  # z + h = ±c q keeps the sign of z
h = sp.Symbol("h", real=True)
_e = sp.Symbol("κ", positive=True)  # not "e": that letter is Euler's number
EPS = 1 / (1 + _e)  # ε ∈ (0, 1) ⇔ ε = 1/(1 + κ), κ > 0


def relu_expr(x: sp.Expr) -> sp.Expr:
    """ReLU(x) = max(0, x) as a SymPy expression (lecture notes §2)."""
    return sp.Max(0, x)


def leaky_relu_expr(x: sp.Expr, eps: sp.Expr = EPS) -> sp.Expr:
    """Leaky ReLU max(εx, x), the leaky ReLU for 0 < ε < 1 (Kapur (2016))."""
    return sp.Max(eps * x, x)


def _relu_shown(x: sp.Expr) -> sp.Expr:
    return sp.Max(0, x, evaluate=False)


def _leaky_shown(x: sp.Expr) -> sp.Expr:
    return sp.Max(EPS * x, x, evaluate=False)


def _ratio(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    """num/den without cancelling, so a step can show the quotient before it is simplified."""
    return sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)


def _quotient(f: Callable[[sp.Expr], sp.Expr], at: sp.Expr, moved: sp.Expr) -> sp.Expr:
    """(f(moved) − f(at))/(moved − at), left unevaluated so the renderer shows the max terms."""
    return sp.Mul(
        sp.Add(f(moved), -f(at), evaluate=False),
        sp.Pow(sp.Add(moved, -at), -1, evaluate=False),
        evaluate=False,
    )


RELU_NEGATIVE_DERIVATION = Derivation(
    title="ReLU′(z) = 0 for z < 0",
    assumptions="z = −c, c > 0; z + h = −cq with q > 0 (any |h| < c)",
    lhs=sp.Symbol("(ReLU(z + h) − ReLU(z))/h"),
    steps=(
        Step(_quotient(_relu_shown, -c, -c * q), "difference quotient, both points negative"),
        Step(sp.Integer(0), "max(0, v) = 0 for v < 0", source="notes-ps5 §2"),
    ),
    conclusion="the quotient is 0 for all small h, so ReLU′(z) = 0",
)

RELU_POSITIVE_DERIVATION = Derivation(
    title="ReLU′(z) = 1 for z > 0",
    assumptions="z = c > 0; z + h = cq with q > 0 (any |h| < c)",
    lhs=sp.Symbol("(ReLU(z + h) − ReLU(z))/h"),
    steps=(
        Step(_quotient(_relu_shown, c, c * q), "difference quotient, both points positive"),
        Step(_ratio(c * q - c, c * q - c), "max(0, v) = v for v > 0", source="notes-ps5 §2"),
        Step(sp.Integer(1), "h ≠ 0"),
    ),
    conclusion="the quotient is 1 for all small h ≠ 0, so ReLU′(z) = 1",
)

LEAKY_NEGATIVE_DERIVATION = Derivation(
    title="leaky ReLU′(z) = ε for z < 0",
    assumptions="ε = 1/(1 + κ) ∈ (0, 1) with κ > 0; z = −c, c > 0; z + h = −cq with q > 0",
    lhs=sp.Symbol("(f(z + h) − f(z))/h"),
    steps=(
        Step(_quotient(_leaky_shown, -c, -c * q), "difference quotient, both points negative"),
        Step(_ratio(EPS * (c - c * q), c - c * q), "max(εv, v) = εv for v < 0 since ε < 1"),
        Step(EPS, "h ≠ 0", source="kapur-2016"),
    ),
    conclusion="the quotient is ε for all small h ≠ 0, so the leaky ReLU′(z) = ε",
)

LEAKY_POSITIVE_DERIVATION = Derivation(
    title="leaky ReLU′(z) = 1 for z > 0",
    assumptions="ε = 1/(1 + κ) ∈ (0, 1) with κ > 0; z = c > 0; z + h = cq with q > 0",
    lhs=sp.Symbol("(f(z + h) − f(z))/h"),
    steps=(
        Step(_quotient(_leaky_shown, c, c * q), "difference quotient, both points positive"),
        Step(sp.Integer(1), "max(εv, v) = v for v > 0 since ε < 1"),
    ),
    conclusion="the quotient is 1, so the leaky ReLU′(z) = 1",
)


def one_sided_derivatives_at_zero() -> dict[str, sp.Expr]:
    """Right and left limits of f(h)/h at 0 for ReLU and the leaky ReLU (sympy.limit)."""
    return {
        "relu+": sp.limit(relu_expr(h) / h, h, 0, "+"),
        "relu-": sp.limit(relu_expr(h) / h, h, 0, "-"),
        "leaky+": sp.limit(leaky_relu_expr(h) / h, h, 0, "+"),
        "leaky-": sp.limit(leaky_relu_expr(h) / h, h, 0, "-"),
    }


def relu_derivative_by_difference_quotients() -> Outcome:
    """Quotients are identically 0, 1 (ReLU) and ε, 1 (leaky) off 0; limits at 0 differ."""
    chains = check_all(
        [
            RELU_NEGATIVE_DERIVATION,
            RELU_POSITIVE_DERIVATION,
            LEAKY_NEGATIVE_DERIVATION,
            LEAKY_POSITIVE_DERIVATION,
        ]
    )
    lim = one_sided_derivatives_at_zero()
    relu_kink = lim["relu+"] == 1 and lim["relu-"] == 0
    leaky_kink = are_equal(lim["leaky+"], 1) and are_equal(lim["leaky-"], EPS)
    eps_below_one = bool((1 - EPS).is_positive)  # so ε ≠ 1 and the one-sided limits differ
    ok = chains.ok and relu_kink and leaky_kink and eps_below_one
    return Outcome.of(
        ok,
        f"{chains.detail}; at 0: ReLU right/left derivatives {lim['relu+']}/{lim['relu-']}, "
        f"leaky ReLU {lim['leaky+']}/{sp.simplify(lim['leaky-'])} with ε = 1/(1 + κ) < 1: "
        "not differentiable at 0",
    )


relu_grad = register(
    Claim(
        id="relu_grad",
        statement=(
            "ReLU′(z) = 0 for z < 0 and 1 for z > 0, and ReLU has no derivative at 0 (right "
            "derivative 1, left derivative 0); the leaky ReLU max(εz, z), 0 < ε < 1, has "
            "derivative ε for z < 0, 1 for z > 0, and none at 0."
        ),
        source="notes-ps5 §2; kapur-2016",
        evidence=(symbolic(relu_derivative_by_difference_quotients),),
        notes=(
            "Kapur (2016) first says the derivative is 1 'when the input is greater or equal to "
            "zero', then that ReLU is not differentiable at zero; the second is right: the "
            "one-sided derivatives at 0 are 1 and 0. (SymPy's own diff is no proof here: for the "
            "Piecewise form it returns 1 at 0, the loose sentence's convention, and for max(0, z) "
            "it returns Heaviside(z), which SymPy sets to 1/2 at 0; the proof uses difference "
            "quotients and one-sided limits instead.) The form max(εz, z) is the leaky ReLU only "
            "for ε < 1; for ε > 1 it would select εz on the positive side. ε is written "
            "1/(1 + κ) with κ > 0, which covers every ε in (0, 1)."
        ),
        derivations=(
            RELU_NEGATIVE_DERIVATION,
            RELU_POSITIVE_DERIVATION,
            LEAKY_NEGATIVE_DERIVATION,
            LEAKY_POSITIVE_DERIVATION,
        ),
        formal=Statement(
            sp.And(
                sp.Eq(_quotient(_relu_shown, -c, -c * q), 0),
                sp.Eq(_quotient(_relu_shown, c, c * q), 1),
                sp.Eq(_quotient(_leaky_shown, -c, -c * q), EPS),
                sp.Eq(_quotient(_leaky_shown, c, c * q), 1),
                sp.Eq(sp.Limit(relu_expr(h) / h, h, 0, "+"), 1),
                sp.Eq(sp.Limit(relu_expr(h) / h, h, 0, "-"), 0),
                sp.Eq(sp.Limit(leaky_relu_expr(h) / h, h, 0, "+"), 1),
                sp.Eq(sp.Limit(leaky_relu_expr(h) / h, h, 0, "-"), EPS),
            ),
            domain=(
                "c, q, e > 0: z = ∓c and z + h = ∓cq cover every z ≠ 0 and every |h| < |z|; "
                "ε = 1/(1 + e) covers (0, 1)"
            ),
            proof=proved_by(
                RELU_NEGATIVE_DERIVATION,
                RELU_POSITIVE_DERIVATION,
                LEAKY_NEGATIVE_DERIVATION,
                LEAKY_POSITIVE_DERIVATION,
            ),
            explanation=(
                "the difference quotients are constant near every z ≠ 0 (0 and 1 for ReLU, ε and "
                "1 for the leaky ReLU); at 0 the one-sided limits differ (1 ≠ 0, 1 ≠ ε): no "
                "derivative there"
            ),
        ),
    )
)
