"""Benchmark: ``gradproof check`` on the true 8-layer formula against ``import sympy``.

The whole command ``gradproof check dC/db1 "σ'(z1)*w2*…*w8*σ'(z8)*(a8 - y)" --layers 8`` (a
true formula: eq. (122) for eight layers; it must be proved) and ``python -c "import sympy"``,
each in a fresh process, interleaved repeats, medians. Target: ≤ 5× ``import sympy``. The
refuted variant (the last σ′ dropped) is timed too, for information.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from _timing import BIN, machine_line, run_seconds, verdict

REPEATS = 5
TARGET = 5.0
TRUE_8 = "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y)"
FALSE_8 = TRUE_8.replace("*σ'(z8)", "")


def main() -> None:
    gradproof = os.path.join(BIN, "gradproof")
    print(machine_line())
    true_cmd = [gradproof, "check", "dC/db1", TRUE_8, "--layers", "8"]
    false_cmd = [gradproof, "check", "dC/db1", FALSE_8, "--layers", "8"]
    verdicts = {}
    for name, cmd in (("true", true_cmd), ("false", false_cmd)):
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
        verdicts[name] = {0: "proved", 1: "refuted", 3: "UNDECIDED"}.get(code, f"exit {code}")
    runs: dict[str, list[float]] = {"sympy": [], "true": [], "false": []}
    for _ in range(REPEATS):
        runs["sympy"].append(run_seconds([sys.executable, "-c", "import sympy"]))
        runs["true"].append(run_seconds(true_cmd))
        runs["false"].append(_seconds_any_exit(false_cmd))  # exit 1 (refuted) is expected
    med = {k: statistics.median(v) for k, v in runs.items()}
    ratio = med["true"] / med["sympy"]
    print(f"gradproof check, 8 layers, median of {REPEATS} interleaved runs (fresh processes):")
    print(f"  python -c 'import sympy'            {med['sympy']:6.2f} s")
    print(f"  true formula ({verdicts['true']})          {med['true']:6.2f} s")
    print(f"  false formula ({verdicts['false']})        {med['false']:6.2f} s  (for information)")
    print(f"  ratio true-formula check / import sympy  {ratio:5.2f}x  (target ≤ {TARGET:g}x)")
    print(
        f"verdict: proved: {verdict(verdicts['true'] == 'proved')}; ≤ {TARGET:g}× import sympy: "
        f"{verdict(ratio <= TARGET)} ({ratio:.2f}×)"
    )


def _seconds_any_exit(cmd: list[str]) -> float:
    import time

    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
