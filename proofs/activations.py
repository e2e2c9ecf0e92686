"""Activation functions other than the sigmoid (``shared/CLAIMS.md``, section "Activations").

ReLU(z) = max(0, z) (lecture notes §2; Kapur (2016)) and the leaky ReLU max(εz, z) with 0 < ε < 1
(Kapur (2016)). Both have a kink at 0, where no derivative exists; SymPy's conventions there
(d max(0, x)/dx = Heaviside(x) with Heaviside(0) = 1/2, or 1 for the Piecewise form) are not
mathematics, and the trusted core refuses a derivative at a kink unless the domain excludes it.
So the claim is stated in two pieces, every premise inside the relation:

* off the kink: ReLU′(z) = 0 for z < 0 and 1 for z > 0; the leaky ReLU's derivative is ε for
  z < 0 and 1 for z > 0 (ReLU′ and the leaky ReLU′ are *defined* as the derivative of max at the
  point, which the core accepts only where z ≠ 0). The core proves them through the change of
  variables z = −c (z < 0) or z = c (z > 0) with c > 0 and ε = 1/(1 + κ) with κ > 0, each
  checked by its substitution rule to cover the premise's whole domain;
* at the kink: the difference quotient (f(h) − f(0))/h is exactly 1 for every h > 0 and 0 (ReLU)
  or ε (leaky ReLU) for every h < 0, so the right and left derivatives at 0 are 1 and 0 (or ε)
  and differ: no derivative at 0.
"""

from __future__ import annotations

import sympy as sp

from gradproof import core
from gradproof.claims import Claim, Outcome, register, symbolic
from gradproof.derivation import Derivation, Step, are_equal, check_all
from gradproof.logic import Rewrite, Statement
from gradproof.typeset import text

ORDER = 35

z = sp.Symbol("z", real=True)
h = sp.Symbol("h", real=True)
eps = sp.Symbol("ε", positive=True)
c = sp.Symbol("c", positive=True)  # |z| or |h| for a point off the kink
_e = sp.Symbol("κ", positive=True)  # not "e": that letter is Euler's number
EPS = 1 / (1 + _e)  # ε ∈ (0, 1) ⇔ ε = 1/(1 + κ), κ > 0
_x = sp.Symbol("x", real=True)
_u = sp.Symbol("u", real=True)
_t = sp.Symbol("t", positive=True)


def relu_expr(x: sp.Expr) -> sp.Expr:
    """ReLU(x) = max(0, x) as a SymPy expression (lecture notes §2)."""
    return sp.Max(0, x)


def leaky_relu_expr(x: sp.Expr, slope: sp.Expr = EPS) -> sp.Expr:
    """Leaky ReLU max(εx, x), the leaky ReLU for 0 < ε < 1 (Kapur (2016))."""
    return sp.Max(slope * x, x)


#: ReLU and the leaky ReLU as named functions, and their derivatives at a point: *defined* as the
#: derivative of the max at u = x, which exists (and the core accepts) only off the kink x = 0
RELU = sp.Function("ReLU", real=True)
RELU_PRIME = sp.Function("ReLU′", real=True)
LEAKY = sp.Function("LeakyReLU", real=True)
LEAKY_PRIME = sp.Function("LeakyReLU′", real=True)
DEFINITIONS: dict[sp.FunctionClass, sp.Lambda] = {
    RELU: sp.Lambda(_x, relu_expr(_x)),
    RELU_PRIME: sp.Lambda(_x, sp.Subs(sp.Derivative(relu_expr(_u), _u), _u, _x)),
    LEAKY: sp.Lambda((_x, _t), leaky_relu_expr(_x, _t)),
    LEAKY_PRIME: sp.Lambda((_x, _t), sp.Subs(sp.Derivative(leaky_relu_expr(_u, _t), _u), _u, _x)),
}
DEFINITION_THEOREMS = tuple(
    core.define(f(*lam.variables), lam.expr) for f, lam in DEFINITIONS.items()
)

#: The changes of variables the proofs use, each with the inverse that shows it covers its
#: premise's domain (the core's substitution rule checks it): z = −c covers z < 0, z = c covers
#: z > 0 (c > 0), the same for h, and ε = 1/(1 + κ) covers 0 < ε < 1 (κ = 1/ε − 1 > 0).
REWRITES = (
    Rewrite(z, -c, c, -z, "z = −c, c > 0: every z < 0"),
    Rewrite(z, c, c, z, "z = c > 0: every z > 0"),
    Rewrite(h, -c, c, -h, "h = −c, c > 0: every h < 0"),
    Rewrite(h, c, c, h, "h = c > 0: every h > 0"),
    Rewrite(eps, EPS, _e, 1 / eps - 1, "ε = 1/(1 + κ), κ > 0: every 0 < ε < 1"),
)


def _quotient(f: sp.Expr, f0: sp.Expr, step: sp.Expr) -> sp.Expr:
    """(f − f0)/step, left unevaluated so the statement shows the difference quotient."""
    return sp.Mul(sp.Add(f, -f0, evaluate=False), sp.Pow(step, -1, evaluate=False), evaluate=False)


def _ratio(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    """num/den without cancelling, so a step can show the quotient before it is simplified."""
    return sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)


RELU_NEGATIVE_DERIVATION = Derivation(
    title="ReLU′(z) = 0 for z < 0",
    assumptions="z = −c, c > 0 (every z < 0 is one)",
    steps=(
        Step(RELU_PRIME(-c), "the derivative of max(0, u) at u = −c, which is not the kink 0"),
        Step(
            sp.Integer(0),
            "max(0, u) = 0 for every u < 0, a neighbourhood of −c",
            source="notes-ps5 §2",
        ),
    ),
    conclusion="ReLU′(z) = 0 for every z < 0",
    using=DEFINITION_THEOREMS,
)

RELU_POSITIVE_DERIVATION = Derivation(
    title="ReLU′(z) = 1 for z > 0",
    assumptions="z = c > 0",
    steps=(
        Step(RELU_PRIME(c), "the derivative of max(0, u) at u = c, which is not the kink 0"),
        Step(
            sp.Integer(1),
            "max(0, u) = u for every u > 0, a neighbourhood of c",
            source="notes-ps5 §2",
        ),
    ),
    conclusion="ReLU′(z) = 1 for every z > 0",
    using=DEFINITION_THEOREMS,
)

LEAKY_NEGATIVE_DERIVATION = Derivation(
    title="leaky ReLU′(z) = ε for z < 0",
    assumptions="ε = 1/(1 + κ) ∈ (0, 1) with κ > 0; z = −c, c > 0",
    steps=(
        Step(
            LEAKY_PRIME(-c, EPS),
            "the derivative of max(εu, u) at u = −c; its kink, εu = u, is u = 0",
        ),
        Step(EPS, "max(εu, u) = εu for every u < 0, since ε < 1", source="kapur-2016"),
    ),
    conclusion="the leaky ReLU′(z) = ε for every z < 0",
    using=DEFINITION_THEOREMS,
)

LEAKY_POSITIVE_DERIVATION = Derivation(
    title="leaky ReLU′(z) = 1 for z > 0",
    assumptions="ε = 1/(1 + κ) ∈ (0, 1) with κ > 0; z = c > 0",
    steps=(
        Step(LEAKY_PRIME(c, EPS), "the derivative of max(εu, u) at u = c, not the kink u = 0"),
        Step(sp.Integer(1), "max(εu, u) = u for every u > 0, since ε < 1", source="kapur-2016"),
    ),
    conclusion="the leaky ReLU′(z) = 1 for every z > 0",
    using=DEFINITION_THEOREMS,
)

RELU_RIGHT_OF_ZERO_DERIVATION = Derivation(
    title="at 0, from the right: (ReLU(h) − ReLU(0))/h = 1 for every h > 0",
    assumptions="h = c > 0",
    steps=(
        Step(_quotient(RELU(c), RELU(0), c), "difference quotient at 0, step h = c > 0"),
        Step(_ratio(c, c), "max(0, c) = c, max(0, 0) = 0"),
        Step(sp.Integer(1), "c ≠ 0"),
    ),
    conclusion="the quotient is 1 for every h > 0: the right derivative at 0 is 1",
    using=DEFINITION_THEOREMS,
)

RELU_LEFT_OF_ZERO_DERIVATION = Derivation(
    title="at 0, from the left: (ReLU(h) − ReLU(0))/h = 0 for every h < 0",
    assumptions="h = −c, c > 0",
    steps=(
        Step(_quotient(RELU(-c), RELU(0), -c), "difference quotient at 0, step h = −c < 0"),
        Step(sp.Integer(0), "max(0, −c) = 0, max(0, 0) = 0"),
    ),
    conclusion="the quotient is 0 for every h < 0: the left derivative at 0 is 0 ≠ 1, so ReLU "
    "has no derivative at 0",
    using=DEFINITION_THEOREMS,
)

RELU_DERIVATIONS = (
    RELU_NEGATIVE_DERIVATION,
    RELU_POSITIVE_DERIVATION,
    LEAKY_NEGATIVE_DERIVATION,
    LEAKY_POSITIVE_DERIVATION,
    RELU_RIGHT_OF_ZERO_DERIVATION,
    RELU_LEFT_OF_ZERO_DERIVATION,
)

_Q = sp.Integer(0)
_BELOW_ONE = sp.Lt(eps, 1, evaluate=False)
RELATION = sp.And(
    sp.Implies(sp.Lt(z, 0, evaluate=False), sp.Eq(RELU_PRIME(z), 0)),
    sp.Implies(sp.Gt(z, 0, evaluate=False), sp.Eq(RELU_PRIME(z), 1)),
    sp.Implies(sp.And(sp.Lt(z, 0, evaluate=False), _BELOW_ONE), sp.Eq(LEAKY_PRIME(z, eps), eps)),
    sp.Implies(sp.And(sp.Gt(z, 0, evaluate=False), _BELOW_ONE), sp.Eq(LEAKY_PRIME(z, eps), 1)),
    sp.Implies(sp.Gt(h, 0, evaluate=False), sp.Eq(_quotient(RELU(h), RELU(_Q), h), 1)),
    sp.Implies(sp.Lt(h, 0, evaluate=False), sp.Eq(_quotient(RELU(h), RELU(_Q), h), 0)),
    sp.Implies(
        sp.And(sp.Gt(h, 0, evaluate=False), _BELOW_ONE),
        sp.Eq(_quotient(LEAKY(h, eps), LEAKY(_Q, eps), h), 1),
    ),
    sp.Implies(
        sp.And(sp.Lt(h, 0, evaluate=False), _BELOW_ONE),
        sp.Eq(_quotient(LEAKY(h, eps), LEAKY(_Q, eps), h), eps),
    ),
)


def one_sided_derivatives_at_zero() -> dict[str, sp.Expr]:
    """Right and left limits of f(h)/h at 0 for ReLU and the leaky ReLU (sympy.limit)."""
    return {
        "relu+": sp.limit(relu_expr(h) / h, h, 0, "+"),
        "relu-": sp.limit(relu_expr(h) / h, h, 0, "-"),
        "leaky+": sp.limit(leaky_relu_expr(h) / h, h, 0, "+"),
        "leaky-": sp.limit(leaky_relu_expr(h) / h, h, 0, "-"),
    }


def kink_is_refused() -> bool:
    """The core refuses the derivative *at* 0 — SymPy's values there (Heaviside(0) = 1/2) are a
    convention, not a derivative — whatever value is claimed."""
    for value in (sp.Integer(0), sp.Rational(1, 2), sp.Integer(1)):
        try:
            core.identity(RELU_PRIME(0), value, using=DEFINITION_THEOREMS)
        except core.ProofError:
            continue
        return False
    return True


def relu_derivative_off_the_kink() -> Outcome:
    """Derivatives 0, 1 (ReLU) and ε, 1 (leaky) off 0 and the difference quotients at 0, every
    link proved by the core; the core refuses ReLU′(0); SymPy's one-sided limits agree."""
    chains = check_all(RELU_DERIVATIONS)
    lim = one_sided_derivatives_at_zero()
    relu_kink = lim["relu+"] == 1 and lim["relu-"] == 0
    leaky_kink = are_equal(lim["leaky+"], 1) and are_equal(lim["leaky-"], EPS)
    eps_below_one = bool((1 - EPS).is_positive)  # so ε ≠ 1 and the one-sided limits differ
    refused = kink_is_refused()
    ok = chains.ok and relu_kink and leaky_kink and eps_below_one and refused
    return Outcome.of(
        ok,
        f"{chains.detail}; at 0: ReLU right/left derivatives {text(lim['relu+'])} and "
        f"{text(lim['relu-'])}, leaky ReLU {text(lim['leaky+'])} and "
        f"{text(sp.simplify(lim['leaky-'].subs(_e, 1 / eps - 1)))} with ε < 1 "
        f"(sympy.limit): not differentiable at 0; the core refuses ReLU′(0) = 0, 1/2 or 1: "
        f"{refused}",
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
        evidence=(symbolic(relu_derivative_off_the_kink),),
        notes=(
            "Kapur (2016) first says the derivative is 1 'when the input is greater or equal to "
            "zero', then that ReLU is not differentiable at zero; the second is right: the "
            "one-sided derivatives at 0 are 1 and 0. The formal statement is restated for z ≠ 0 "
            "(issue 20): SymPy's diff is no proof at the kink (for the Piecewise form it returns "
            "1 at 0, the loose sentence's convention; for max(0, z) it returns the Heaviside "
            "step H(z), which SymPy sets to 1/2 at 0), and the core refuses a derivative at a "
            "kink. So "
            "ReLU′ and the leaky ReLU′ are defined as the derivative of the max at the point, "
            "stated for z < 0 and z > 0 (premises inside the relation), and the kink is covered "
            "by the difference quotients at 0, which are exactly 1 for every h > 0 and 0 (ReLU) "
            "or ε (leaky) for every h < 0: the right and left derivatives are 1 and 0 (or ε), "
            "different, so there is no derivative at 0. The form max(εz, z) is the leaky ReLU "
            "only for ε < 1 (a premise); for ε > 1 it would select εz on the positive side. The "
            "proofs write z = ∓c and h = ∓c with c > 0 and ε = 1/(1 + κ) with κ > 0, changes of "
            "variables the core accepts only because each covers its premise's whole domain."
        ),
        derivations=RELU_DERIVATIONS,
        formal=Statement(
            RELATION,
            domain="z, h real, ε > 0 (premises z < 0 or z > 0, h < 0 or h > 0, ε < 1)",
            definitions=DEFINITIONS,
            rewrite=REWRITES,
            explanation=(
                "ReLU(x) = max(0, x), LeakyReLU(x, ε) = max(εx, x); ReLU′(x) and "
                "LeakyReLU′(x, ε) are the derivatives of the max at u = x, defined off the kink "
                "x = 0 only; the last four parts are the difference quotients at the kink"
            ),
        ),
    )
)
