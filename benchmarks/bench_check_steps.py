"""Benchmark ``gradproof check-steps``: time per link against ``gradproof check``, same run.

Baseline: ``gradproof.check`` proving the final formula of each derivation (one worker, one
proof). Measured: ``gradproof.check_steps`` on the whole derivation; printed per link and as the
ratio (time per link) / (time of the single check). Target: ≤ 3× per link — a link costs about
what one ``check`` costs (each link is a worker and a proof or a refutation of its own).

Derivations: the cross-entropy cancellation (Nielsen ch. 3), eq. (122) for four neurons written
as a chain-rule product of derivative atoms (Nielsen ch. 5), the factor 16 as an inequality under
assumptions (Nielsen ch. 5), and a derivation with one wrong link.

Prints the numbers; exits 0 either way — timings are not assertions.
Run with ``python benchmarks/bench_check_steps.py`` (``make bench`` runs every bench_*.py).
"""

from __future__ import annotations

import time
from typing import Any

CASES: list[tuple[str, str, dict[str, Any], tuple[str, str]]] = [
    (
        "cross-entropy cancellation",
        "dC/dw1\n = -(y/σ(z1) - (1 - y)/(1 - σ(z1)))*σ'(z1)*x\n"
        " = x*(σ(z1) - y)*σ'(z1)/(σ(z1)*(1 - σ(z1)))\n = x*(σ(z1) - y)\n",
        {"cost": "cross_entropy"},
        ("dC/dw1", "x*(σ(z1) - y)"),
    ),
    (
        "eq. (122), chain-rule atoms",
        "dC/db1\n = dC/da4 * d(a4)/d(z4) * d(z4)/d(a3) * d(a3)/d(z3) * d(z3)/d(a2)"
        " * d(a2)/d(z2) * d(z2)/d(a1) * d(a1)/d(z1) * d(z1)/d(b1)\n"
        " = σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)\n",
        {"layers": 4},
        ("dC/db1", "σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)"),
    ),
    (
        "factor 16 under assumptions",
        "abs(dC/db1)\n = abs(σ'(z1)*w2*σ'(z2)*w3*dC/db3)\n"
        " = abs(w2)*abs(w3)*σ'(z1)*σ'(z2)*abs(dC/db3)\n"
        " <= abs(w2)*abs(w3)*abs(dC/db3)/16\n < abs(dC/db3)/16\n",
        {"layers": 4, "assume": ["-1 < w2 < 1", "-1 < w3 < 1", "abs(dC/db3) > 0"]},
        ("dC/db1", "σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)"),
    ),
    (
        "one wrong link (quadratic)",
        "dC/dw1\n = (a1 - y)*σ'(z1)*x\n = (a1 - y)*x\n",
        {},
        ("dC/dw1", "(a1 - y)*σ'(z1)*x"),
    ),
]


def main() -> None:
    from gradproof.checker import check, check_steps

    print(f"{'derivation':32} {'links':>5} {'verdicts':34} {'s/link':>7} {'check s':>8} ratio")
    for name, text, options, (derivative, final) in CASES:
        check_options = {k: v for k, v in options.items() if k != "assume"}
        start = time.perf_counter()
        base = check(derivative, final, **check_options)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        r = check_steps(text, **options)
        total = time.perf_counter() - start
        per_link = total / len(r.links)
        verdicts = ",".join(link.status for link in r.links)
        print(
            f"{name:32} {len(r.links):5d} {verdicts:34} {per_link:7.2f} {baseline:8.2f}"
            f" {per_link / baseline:5.1f}x  (check: {base.status}; links:"
            f" {', '.join(f'{link.seconds:.2f}' for link in r.links)} s;"
            f" overall {0 if r.overall is None else r.overall.seconds:.2f} s)"
        )
    print("target: time per link ≤ 3× one gradproof check (timings vary with the machine's load)")


if __name__ == "__main__":
    main()
