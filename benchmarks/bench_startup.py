"""Benchmark: the command line's start-up against ``import sympy``.

``gradproof --help``, ``gradproof list`` and ``gradproof show sigmoid_prime_max --no-run``, each
in a fresh process, against ``python -c "import sympy"``, interleaved repeats, medians (issue 21).
Targets: ``--help`` ≤ 0.6× and ``list`` ≤ 1.5× ``import sympy``; ``show`` is timed for
information. ``GRADPROOF=/path/to/gradproof`` times another installation (e.g. an older checkout)
against this interpreter's SymPy: run it from a directory outside the checkout.
"""

from __future__ import annotations

import os
import statistics
import sys

from _timing import BIN, machine_line, run_seconds, verdict

REPEATS = 7
TARGETS = {"--help": 0.6, "list": 1.5}
COMMANDS = {
    "--help": ["--help"],
    "list": ["list"],
    "show": ["show", "sigmoid_prime_max", "--no-run"],
}


def main() -> None:
    gradproof = os.environ.get("GRADPROOF") or os.path.join(BIN, "gradproof")
    print(machine_line())
    print(f"gradproof: {gradproof}")
    cases = {"sympy": [sys.executable, "-c", "import sympy"]}
    cases |= {name: [gradproof, *args] for name, args in COMMANDS.items()}
    for argv in cases.values():  # warm the file cache; each must succeed
        run_seconds(argv)
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(REPEATS):
        for name, argv in cases.items():
            runs[name].append(run_seconds(argv))
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"start-up, median of {REPEATS} interleaved runs (fresh processes):")
    print(f"  python -c 'import sympy'                 {med['sympy']:6.2f} s")
    verdicts = []
    for name, args in COMMANDS.items():
        ratio = med[name] / med["sympy"]
        target = TARGETS.get(name)
        goal = f"(target ≤ {target:g}×)" if target is not None else "(for information)"
        label = f"gradproof {' '.join(args)}"
        print(f"  {label:<42} {med[name]:6.2f} s  {ratio:5.2f}× import sympy {goal}")
        if target is not None:
            verdicts.append(f"{name} ≤ {target:g}×: {verdict(ratio <= target)} ({ratio:.2f}×)")
    print("verdict: " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
