"""``gradproof check-steps FILE|-``: check a whole derivation link by link.

Example (Nielsen, *Neural Networks and Deep Learning*, ch. 3: the cross-entropy cancels σ′)::

    printf 'dC/dw1\\n = x*σ(z1)*(1-σ(z1))*(σ(z1)-y)/(σ(z1)*(1-σ(z1)))\\n = x*(σ(z1)-y)\\n' \\
        | gradproof check-steps - --cost cross_entropy

Exit codes: 0 every link proved, 1 a link refuted (or, with ``--derivative``, the end result is
not that derivative), 2 bad input (with line and column), 3 undecided, 4 kernel error (the sanity
net found a proved link false at a point: a bug in gradproof, never "proved"; the link's
``point``, ``left_value`` and ``right_value`` say where). ``--json`` prints one object::

    {"status": "proved"|"refuted"|"undecided"|"kernel-error", "case": str, "summary": str,
     "first_wrong_link": int|null, "network": {...}, "assumptions": [str],
     "definitions": [str],
     "links": [{"index", "line", "relation", "left", "right", "justification", "status",
                "detail", "point": null|{variable: "p/q"}, "left_value", "right_value",
                "seconds"}],
     "overall": null|{link}, "derivative": null|str, "end_equals_derivative": null|{link},
     "seconds": float}

or, for bad input, ``{"status": "invalid", "error": str, "line": int, "column": int}``; when
``--total-timeout`` (counted from the start, reading included) passes before the derivation is
even read, ``{"status": "undecided", "error": str}`` (exit code 3).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from gradproof.commands.check import add_network_options, add_sizes_options

EPILOG = """\
format (plain text): the first line is the starting expression; every further line starts with
a relation = <= < >= > (or ≤ ≥) and an expression; text after # is the link's justification.
  dC/dw1
    = x*σ(z1)*(1 - σ(z1))*(σ(z1) - y)/(σ(z1)*(1 - σ(z1)))   # chain rule
    = x*(σ(z1) - y)                                          # σ' = σ(1 - σ)
  (with --cost cross_entropy both links are proved)
expressions: the syntax of 'gradproof check' plus abs(...) and derivative atoms dC/dw1, dC/da4,
d(a4)/d(z4), ∂C/∂w₁ (the true partial derivative, the parameters held fixed).
LaTeX (--latex, a .tex file, or any input with a backslash or &): the rows of an align/aligned
environment, &= and &\\le, \\frac, \\sigma, \\sigma', \\cdot, \\left( \\right), \\ln, \\exp, e^{..},
\\sum_{i=1}^{n}, \\frac{\\partial C}{\\partial w_1}; % comments are justifications.
matrix form (--sizes 3,4,2, with --activations, --cost, --batch as for 'gradproof check'): every
line a matrix formula, = links only, each proved entry by entry:
  dC/dz1
    = (W2.T @ delta2) * σ'(z1)          # BP2
    = (W2.T @ delta2) * a1 * (1 - a1)   # σ' = σ(1 - σ)
exit codes: 0 every link proved, 1 a link refuted, 2 bad input, 3 undecided, 4 kernel error (a
bug: a proved link the sanity net found false at a point; never reported as proved)."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check-steps",
        help="check a whole derivation link by link: the first wrong link, with a point",
        description=(
            "Check a derivation (a chain of = <= < >= > links) link by link: each link is"
            " proved for all values in the domain, refuted at a concrete point (both sides to"
            " 50 digits) or left undecided; the summary names the first wrong link."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="the derivation: a file (.txt, or .tex for LaTeX) or - for stdin")
    add_network_options(p)
    add_sizes_options(p)
    p.add_argument(
        "--assume",
        action="append",
        default=[],
        metavar="A",
        help='a domain assumption such as "w1 > 0" or "-1 < w2 < 1" (repeatable)',
    )
    p.add_argument("--latex", action="store_true", help="read the input as LaTeX")
    p.add_argument(
        "--derivative",
        default=None,
        help="what the first line is meant to be (e.g. dC/dw1), when it is not a derivative atom",
    )
    p.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per link before 'undecided' (30)"
    )
    p.add_argument(
        "--total-timeout",
        type=float,
        default=300.0,
        help="seconds for the whole derivation (300); later links are left undecided",
    )
    p.add_argument("--json", action="store_true", help="print the machine-readable result")
    p.set_defaults(func=run)


MAX_FILE_BYTES = 100_000


def _read(name: str) -> str:
    from gradproof.checker.steps import StepsInputError
    from gradproof.safety import clip

    try:
        if name == "-":
            if sys.stdin is None:  # <&- : nothing to read
                raise StepsInputError("cannot read - (standard input is closed)")
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(name, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise StepsInputError(f"cannot read {clip(repr(name))}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise StepsInputError(f"{clip(repr(name))} is larger than {MAX_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StepsInputError(f"{clip(repr(name))} is not UTF-8 text (byte {exc.start})") from None


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from gradproof.checker.api import check_steps
    from gradproof.checker.network import CheckInputError
    from gradproof.checker.steps import StepsTimeoutError
    from gradproof.limits import command_start
    from gradproof.safety import dump_json

    out = out or sys.stdout
    try:
        text = _read(args.file)
        latex = True if args.latex or Path(args.file).suffix == ".tex" else None
        result = check_steps(
            text,
            layers=args.layers,
            activation=args.activation,
            cost=args.cost,
            biases=not args.no_biases,
            pairs=args.pairs,
            average=args.average,
            assume=args.assume,
            latex=latex,
            derivative=args.derivative,
            timeout=args.timeout,
            total_timeout=args.total_timeout,
            progress=not args.json and sys.stderr.isatty(),
            sizes=args.sizes,
            activations=args.activations,
            batch=args.batch,
            leak=args.leak,
            started=command_start(),  # --total-timeout counts from the command's start
        )
    except StepsTimeoutError as exc:  # --total-timeout passed while reading the derivation
        if args.json:
            dump_json({"status": "undecided", "error": str(exc)}, out, indent=None)
        else:
            print(f"gradproof check-steps: undecided: {exc}", file=sys.stderr)
        return 3
    except CheckInputError as exc:  # StepsInputError too, with its line and column
        line = getattr(exc, "line", 0)
        column = getattr(exc, "column", 0)
        if args.json:
            dump_json(  # strict JSON (gradproof.safety)
                {"status": "invalid", "error": str(exc), "line": line, "column": column},
                out,
                indent=None,
            )
        else:
            print(f"gradproof check-steps: bad input: {exc}", file=sys.stderr)
        return 2
    if args.json:
        dump_json(result.as_json(), out, indent=2)
    else:
        print(result, file=out)  # str(StepsResult) is this report
    return result.exit_code
