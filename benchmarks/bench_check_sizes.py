"""Benchmark: the 4-layer BP2 proof of ``gradproof check --sizes 3,3,3,3`` in the default limit.

``gradproof check --sizes 3,3,3,3 "dC/dz1" "(W2.T @ delta2) * σ'(z1)"`` (BP2 for the first of
three layers: true, it must be proved) as a whole command in a fresh process, interleaved with
``python -c "import sympy"`` (the baseline every checker command pays), medians. Target: proved
within the default time limit of ``gradproof check`` (30 s). The proof works stage by stage with
zˡ and δˡ as independent symbols (:func:`gradproof.checker.layers.prove_by_stages`); the
expanded network of the previous prover took ~38 s on a quiet machine (206 s on a busy one).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from _timing import BIN, machine_line, run_seconds, verdict

REPEATS = 3
LIMIT = 30.0  # gradproof check's default --timeout


def main() -> None:
    gradproof = os.path.join(BIN, "gradproof")
    print(machine_line())
    cmd = [gradproof, "check", "--sizes", "3,3,3,3", "dC/dz1", "(W2.T @ delta2) * σ'(z1)"]
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
    status = {0: "proved", 1: "refuted", 3: "UNDECIDED"}.get(code, f"exit {code}")
    runs: dict[str, list[float]] = {"sympy": [], "bp2": []}
    for _ in range(REPEATS):
        runs["sympy"].append(run_seconds([sys.executable, "-c", "import sympy"]))
        runs["bp2"].append(run_seconds(cmd))
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"gradproof check --sizes 3,3,3,3 (BP2, layer 1), median of {REPEATS} interleaved runs:")
    print(f"  python -c 'import sympy'   {med['sympy']:6.2f} s")
    print(f"  BP2 proof ({status})        {med['bp2']:6.2f} s  (limit {LIMIT:g} s)")
    print(
        f"verdict: proved: {verdict(status == 'proved')}; within the default limit: "
        f"{verdict(status == 'proved' and med['bp2'] <= LIMIT)} ({med['bp2']:.1f} s of {LIMIT:g})"
    )


if __name__ == "__main__":
    main()
