"""Benchmark: ``gradproof verify`` wall time, parallel (default) against sequential (``--jobs 1``).

Both are the same runner, the same claims and the same evidence; ``--jobs 1`` runs every check
one after another in one worker process, which is how verify ran before the runner became
parallel, so it is the baseline measured in this run. Repeats are interleaved (sequential,
parallel, sequential, …) and the medians compared. Targets (issue "Speed"): verify ≤ 8 s wall on
the 2-core machine and ≤ 0.5× the sequential time.
"""

from __future__ import annotations

import os
import statistics

from _timing import BIN, machine_line, run_seconds, verdict

REPEATS = 3
TARGET_SECONDS = 8.0
TARGET_RATIO = 0.5


def main() -> None:
    gradproof = os.path.join(BIN, "gradproof")
    print(machine_line())
    seq: list[float] = []
    par: list[float] = []
    for _ in range(REPEATS):
        seq.append(run_seconds([gradproof, "verify", "--jobs", "1"]))
        par.append(run_seconds([gradproof, "verify"]))
    s, p = statistics.median(seq), statistics.median(par)
    print(f"gradproof verify, median of {REPEATS} interleaved runs each (whole command, wall):")
    print(f"  sequential (--jobs 1, the baseline)   {s:7.2f} s   runs: {_fmt(seq)}")
    print(f"  parallel (default, one job per core)  {p:7.2f} s   runs: {_fmt(par)}")
    print(f"  ratio parallel / sequential           {p / s:7.2f}x  (target ≤ {TARGET_RATIO}x)")
    print(
        f"verdict: ≤ {TARGET_SECONDS:g} s: {verdict(p <= TARGET_SECONDS)} ({p:.2f} s"
        + ("" if p <= TARGET_SECONDS else f", {p - TARGET_SECONDS:.2f} s over")
        + f"); ≤ {TARGET_RATIO}× sequential: {verdict(p / s <= TARGET_RATIO)} ({p / s:.2f}×)"
    )


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
