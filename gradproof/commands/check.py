"""``gradproof check``: prove or refute your own gradient formula for a chain of neurons.

Example (Nielsen ch. 5 eq. (122), with the quadratic cost so that ∂C/∂a₄ = a₄ − y)::

    gradproof check "dC/db1" "σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)" --layers 4

Exit codes: 0 proved, 1 refuted, 2 bad input, 3 undecided (no proof or counterexample in time),
4 kernel error (the sanity net found a proved result false at a point: a bug in gradproof, never
"proved"). ``--json`` prints exactly one object::

    {"status": "proved"|"refuted"|"undecided"|"kernel-error", "derivative": "∂C/∂b1",
     "network": {"layers": int, "activation": str, "cost": str, "biases": bool,
                 "pairs": int|null, "average": bool, "description": str},
     "claimed": str, "correct": str, "correct_checked": bool, "definitions": [str],
     "domain": str,
     "counterexample": null | {"point": {variable: "p/q"}, "claimed_value": str,
                               "correct_value": str, "difference": str},
     "detail": str, "seconds": float}

or, for bad input, ``{"status": "invalid", "error": str}`` (exit code 2). For a kernel error,
``counterexample`` is the point where the sanity net found the proved result false. Values are
decimal strings with up to 50 significant digits, each digit certain (interval arithmetic);
point coordinates are exact rationals.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from gradproof.networks import (
    ACTIVATIONS,
    COSTS,
    DEFAULT_LEAK,
    LAYER_ACTIVATIONS,
    LAYER_COSTS,
    MAX_LAYERS,
    MAX_PAIRS,
)

EPILOG = """\
expression syntax: numbers, + - * / and ** (or ^) with an integer exponent |k| <= 8; variables
w1..wL, b1..bL, x (= a0), y, z1..zL and a1..aL (replaced by their definitions); functions
sigmoid (σ), sigmoid_prime (σ'), tanh, tanh_prime (tanh'), relu, step (relu'), exp, log (ln), abs.
With --pairs n the cost is summed over n training pairs: write sum(...) around the per-pair
part, e.g. "sum((a1 - y)*σ'(z1)*x)"; n is the number of pairs.
derivative: dC/dw1, dC/db2, dC/dx (∂C/∂w₁ is accepted too).
an expression that starts with "-" goes after "--": gradproof check dC/dw1 -- "-(y - a1)*x".
with --sizes 3,4,2 (a fully connected network): variables W1..WL (matrices), b1..bL, z1..zL,
a1..aL, x, y, delta1..deltaL (column vectors, or n×M matrices with --batch M; deltaL is the true
dC/dzL of each example), M; @ matrix product, .T transpose, + - * / elementwise (a number or a
column broadcasts), outer(u, v), sum(v), sum(v, axis=0|1), mean; functions σ, σ', tanh,
tanh_prime, relu, relu_prime (step), leaky_relu, leaky_relu_prime, identity, softmax, exp, log;
dC/dW2, dC/db1, dC/dz1, dC/da1, dC/dx, e.g.
  gradproof check --sizes 3,4,2 "dC/dz1" "(W2.T @ delta2) * σ'(z1)"   (BP2: proved)
  gradproof check --sizes 2,2,2 --activations relu,softmax --cost log_likelihood "dC/dz2" "a2 - y"
  gradproof check --sizes 2,2,2 --batch 3 "dC/dW2" "delta2 @ a1.T / M"
exit codes: 0 proved, 1 refuted, 2 bad input, 3 undecided, 4 kernel error (a bug: a proof the
sanity net found false at a point; never reported as proved)."""


def add_network_options(p: argparse.ArgumentParser, sum_where: str = "") -> None:
    """The options describing the chain of single neurons (shared by ``check`` and
    ``check-steps``): --layers, --activation, --cost, --no-biases, --pairs, --average."""
    p.add_argument(
        "--layers", type=int, default=1, help=f"neurons in the chain (1..{MAX_LAYERS}; default 1)"
    )
    p.add_argument("--activation", default="sigmoid", choices=ACTIVATIONS, help="default sigmoid")
    p.add_argument(
        "--cost",
        default="quadratic",
        choices=(*COSTS, *(c for c in LAYER_COSTS if c not in COSTS)),
        help="quadratic (y-a)^2/2 (default), squared (y-a)^2, cross_entropy; with --sizes also "
        "categorical_cross_entropy (-sum y ln a, sum y = 1) and log_likelihood (-ln a_y, y a "
        "one-hot column)",
    )
    p.add_argument("--no-biases", action="store_true", help="neurons without biases (z = w a)")
    p.add_argument(
        "--pairs",
        type=int,
        default=None,
        metavar="N",
        help=f"sum the cost over N training pairs (1..{MAX_PAIRS}); use sum(...){sum_where}",
    )
    p.add_argument("--average", action="store_true", help="with --pairs: average instead of sum")


def add_sizes_options(p: argparse.ArgumentParser) -> None:
    """The options describing a fully connected network (``--sizes`` mode)."""
    p.add_argument(
        "--sizes",
        default=None,
        metavar="N0,N1,…",
        help="a fully connected network with these layer widths (e.g. 3,4,2): matrix "
        "formulas for dC/dWl, dC/dbl, dC/dzl, dC/dal, dC/dx (see gradproof.checker.layers)",
    )
    p.add_argument(
        "--activations",
        default=None,
        metavar="F[,F…]",
        help="with --sizes: one activation for every layer or one per layer, from "
        f"{', '.join(LAYER_ACTIVATIONS)} (softmax: output only); default sigmoid",
    )
    p.add_argument(
        "--batch",
        type=int,
        default=None,
        metavar="M",
        help="with --sizes: a mini-batch of M examples (x is n0×M, C the mean; M is a name)",
    )
    p.add_argument(
        "--leak",
        type=float,
        default=DEFAULT_LEAK,
        metavar="ε",
        help=f"the leaky ReLU's slope for z < 0 (default {DEFAULT_LEAK})",
    )


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="prove or refute your own formula for a gradient of a chain of neurons",
        description=(
            "Prove (symbolically, for all values) or refute (with a concrete point) a claimed"
            " derivative of the cost of a chain of single neurons."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("derivative", help="which derivative, e.g. dC/dw1, dC/db2, dC/dx")
    p.add_argument("expression", help='your claimed expression, e.g. "(a1 - y)*σ\'(z1)*x"')
    add_network_options(p, sum_where=" in EXPRESSION")
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds before 'undecided' (default 30, at most 86400)",
    )
    p.add_argument("--json", action="store_true", help="print the machine-readable result")
    add_sizes_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from gradproof.checker import CheckInputError, check
    from gradproof.limits import command_start
    from gradproof.safety import dump_json

    out = out or sys.stdout
    if args.sizes is not None:
        from gradproof.checker.layers import run_layers_command

        return run_layers_command(args, out)
    try:
        sizes_only = [
            flag
            for flag, used in (
                ("--activations", getattr(args, "activations", None) is not None),
                ("--batch", getattr(args, "batch", None) is not None),
            )
            if used
        ]
        if sizes_only:
            raise CheckInputError(
                f"{', '.join(sizes_only)} {'describe' if len(sizes_only) > 1 else 'describes'} a"
                " fully connected network: give its widths"
                " with --sizes (a chain of single neurons takes --activation and --pairs)"
            )
        result = check(
            args.derivative,
            args.expression,
            layers=args.layers,
            activation=args.activation,
            cost=args.cost,
            biases=not args.no_biases,
            pairs=args.pairs,
            average=args.average,
            timeout=args.timeout,
            progress=not args.json and sys.stderr.isatty(),
            started=command_start(),  # --timeout counts from the command's start
        )
    except CheckInputError as exc:
        if args.json:
            dump_json({"status": "invalid", "error": str(exc)}, out, indent=None)
        else:
            print(f"gradproof check: bad input: {exc}", file=sys.stderr)
        return 2
    if args.json:
        dump_json(result.as_json(), out, indent=2)
    else:
        print(result, file=out)  # str(CheckResult) is this report
    return result.exit_code
