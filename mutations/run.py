"""Run the mutation catalogue: ``make mutate`` (or ``python mutations/run.py [--jobs N] [ID …]``).

Each mutation of :data:`mutations.catalogue.MUTATIONS` is applied, one at a time, to a temporary
copy of the package laid out as installed (``tmp/gradproof``, ``tmp/gradproof/proofs``,
``tmp/gradproof/numerics``, beside a copy of ``tests/``); ``python -m gradproof verify --only
<claims> --json`` (when the entry names claims) and ``python -m pytest <tests>`` (when it names
tests) run there with ``PYTHONPATH`` pointing at the copy (checked once: the copy, not the working
tree, is imported).
A progress line is printed per mutation, then the mutation score — the share of the mutations
expected to be caught that were caught — and the expected survivors with their reasons.

Exit code 0 when every mutation behaved as catalogued (caught, or survived when expected), 1
otherwise, 2 for a malformed catalogue or an unknown id, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mutations.catalogue import MUTATIONS, Mutation  # noqa: E402

#: where each source folder goes in the temporary package tree
LAYOUT = {"gradproof": "gradproof", "proofs": "gradproof/proofs", "numerics": "gradproof/numerics"}
#: a mutation whose verify run takes longer than this is reported as timed out (not caught)
TIMEOUT = 240.0


class CatalogueError(ValueError):
    """An entry whose original text does not occur exactly once in its file, or a bad field."""


def check_catalogue(mutations: tuple[Mutation, ...] = MUTATIONS, root: Path = ROOT) -> None:
    """Raise :class:`CatalogueError` unless every entry is well formed and applies cleanly."""
    seen: set[str] = set()
    for m in mutations:
        if m.id in seen:
            raise CatalogueError(f"{m.id}: duplicate id")
        seen.add(m.id)
        if not m.claims and not m.tests:
            raise CatalogueError(f"{m.id}: names no claim and no test (nothing would detect it)")
        for t in m.tests:
            if not (root / t.split("::", 1)[0]).exists():
                raise CatalogueError(f"{m.id}: no test file or folder {t}")
        if m.original == m.replacement:
            raise CatalogueError(f"{m.id}: the replacement equals the original")
        top = m.file.split("/", 1)[0]
        if top not in LAYOUT:
            raise CatalogueError(f"{m.id}: {m.file} is not under {', '.join(LAYOUT)}")
        path = root / m.file
        if not path.is_file():
            raise CatalogueError(f"{m.id}: no file {m.file}")
        count = path.read_text(encoding="utf-8").count(m.original)
        if count != 1:
            raise CatalogueError(f"{m.id}: the original text occurs {count} times in {m.file}")


def build_tree(dest: Path, root: Path = ROOT) -> None:
    """Copy the package sources into ``dest`` in the installed layout (no caches), and the tests
    with the pytest configuration and the docs pages they read beside them."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for src, target in LAYOUT.items():
        shutil.copytree(root / src, dest / target, ignore=ignore, dirs_exist_ok=True)
    shutil.copytree(root / "tests", dest / "tests", ignore=ignore, dirs_exist_ok=True)
    # the pages some tests read (the docs' examples), without the built site
    docs_ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_build", "generated")
    shutil.copytree(root / "docs", dest / "docs", ignore=docs_ignore, dirs_exist_ok=True)
    shutil.copy2(root / "pyproject.toml", dest / "pyproject.toml")


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.setdefault("CI", "true")  # the derandomised hypothesis profile
    return env


def check_isolation(tree: Path) -> None:
    """Fail unless ``import gradproof`` in the copy loads the copy (not the editable install)."""
    code = (
        "import gradproof, gradproof.proofs.sigmoid as a, gradproof.numerics.formulas as b;"
        "print(gradproof.__file__); print(a.__file__); print(b.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tree,
        env=_env(tree),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    outside = [p for p in out if not Path(p).resolve().is_relative_to(tree.resolve())]
    if outside:
        raise RuntimeError(f"the mutated copy is not what gets imported: {outside}")


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    statuses: dict[str, str]
    seconds: float
    problem: str = ""  # a timeout, a crash, unparsable output
    #: the named tests' verdict: None (none named), True (they failed: caught), False (passed)
    tests_failed: bool | None = None

    @property
    def claims_caught(self) -> bool:
        return bool(self.mutation.claims) and all(
            self.statuses.get(c) in ("failed", "error") for c in self.mutation.claims
        )

    @property
    def caught(self) -> bool:
        return not self.problem and (self.claims_caught or self.tests_failed is True)

    @property
    def as_expected(self) -> bool:
        if self.mutation.expected_caught:
            return self.caught
        return (
            not self.problem
            and all(self.statuses.get(c) == "proved" for c in self.mutation.claims)
            and self.tests_failed is not True
        )


def _run_tests(m: Mutation, tree: Path, timeout: float) -> tuple[bool | None, str]:
    """(failed?, problem) of ``pytest <m.tests>`` in the mutated copy; exit 1 is a failure (the
    mutation is seen), 0 a pass, anything else (no tests collected, usage error) a problem."""
    if not m.tests:
        return None, ""
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *m.tests]
    try:
        proc = subprocess.run(
            cmd, cwd=tree, env=_env(tree), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, f"tests timed out after {timeout:g} s"
    if proc.returncode in (0, 1):
        return proc.returncode == 1, ""
    tail = (proc.stdout or proc.stderr).strip().splitlines()[-2:]
    return None, f"pytest exit {proc.returncode}: {' | '.join(tail)}"


def _run_claims(m: Mutation, tree: Path, timeout: float) -> tuple[dict[str, str], str]:
    """(status per named claim, problem) of ``gradproof verify --only <m.claims>`` in the copy."""
    if not m.claims:
        return {}, ""
    cmd = [sys.executable, "-m", "gradproof", "verify", "--only", ",".join(m.claims), "--json"]
    try:
        proc = subprocess.run(
            cmd, cwd=tree, env=_env(tree), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {}, f"timed out after {timeout:g} s"
    try:
        report = json.loads(proc.stdout)
        return {c["id"]: c["status"] for c in report["claims"]}, ""
    except (json.JSONDecodeError, KeyError, TypeError):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {}, f"exit {proc.returncode}, no report: {' | '.join(tail)}"


def run_one(m: Mutation, base: Path, scratch: Path) -> Outcome:
    """Apply ``m`` to a fresh copy of ``base`` and run its detectors (claims, tests) there."""
    tree = scratch / m.id
    shutil.copytree(base, tree)
    target = tree / LAYOUT[m.file.split("/", 1)[0]] / m.file.split("/", 1)[1]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(m.original, m.replacement, 1), encoding="utf-8")
    start = time.perf_counter()
    try:
        statuses, problem = _run_claims(m, tree, TIMEOUT)
        tests_failed, test_problem = (None, "")
        caught_by_claims = bool(m.claims) and all(
            statuses.get(c) in ("failed", "error") for c in m.claims
        )
        # the tests run when no claim saw the mutation (or the entry names no claim), and for
        # expected survivors (which must pass them too)
        if not problem and (not caught_by_claims or not m.expected_caught):
            tests_failed, test_problem = _run_tests(m, tree, TIMEOUT)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    seconds = time.perf_counter() - start
    return Outcome(m, statuses, seconds, problem or test_problem, tests_failed)


def _line(i: int, n: int, o: Outcome) -> str:
    if o.problem:
        verdict = "PROBLEM"
    elif o.mutation.expected_caught:
        verdict = "caught" if o.caught else "SURVIVED"
    else:
        verdict = "survived (expected)" if o.as_expected else "KILLED (expected to survive)"
    seen = [f"{c}: {o.statuses.get(c, '?')}" for c in o.mutation.claims]
    if o.tests_failed is not None:
        seen.append(f"tests {' '.join(o.mutation.tests)}: {'FAILED' if o.tests_failed else 'pass'}")
    detail = o.problem or ", ".join(seen)
    return f"[{i:>2}/{n}] {verdict:<28} {o.mutation.id:<46} {o.seconds:6.1f} s  ({detail})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="run only these mutations (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel verify runs (default 2)")
    args = parser.parse_args(argv)
    try:
        check_catalogue()
    except CatalogueError as exc:
        print(f"mutations: malformed catalogue: {exc}", file=sys.stderr)
        return 2
    chosen = [m for m in MUTATIONS if not args.ids or m.id in args.ids]
    unknown = set(args.ids) - {m.id for m in MUTATIONS}
    if unknown:
        print(f"mutations: unknown id(s) {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print(f"mutations: --jobs must be ≥ 1, got {args.jobs}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="gradproof-mutate-") as tmp:
        scratch = Path(tmp)
        base = scratch / "_base"
        build_tree(base)
        check_isolation(base)
        print(f"{len(chosen)} mutations, {args.jobs} at a time, in {scratch}", flush=True)
        pool = ThreadPoolExecutor(max_workers=args.jobs)
        try:
            futures = [pool.submit(run_one, m, base, scratch) for m in chosen]
            for i, fut in enumerate(as_completed(futures), 1):
                outcome = fut.result()
                outcomes.append(outcome)
                print(_line(i, len(chosen), outcome), flush=True)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            print("mutations: interrupted", file=sys.stderr)
            return 130
        pool.shutdown()
    expected = [o for o in outcomes if o.mutation.expected_caught]
    caught = sum(o.caught for o in expected)
    survivors = [o for o in outcomes if not o.mutation.expected_caught]
    score = 100.0 * caught / len(expected) if expected else 100.0
    print(
        f"mutation score: {caught}/{len(expected)} caught ({score:.1f} %) of the mutations "
        f"expected to be caught; {len(survivors)} expected survivors; "
        f"{time.perf_counter() - start:.0f} s"
    )
    for o in survivors:
        state = "stayed proved" if o.as_expected else "DID NOT stay proved"
        print(f"  survivor {o.mutation.id} ({state}): {o.mutation.survives}")
    bad = [o for o in outcomes if not o.as_expected]
    for o in bad:
        print(f"  NOT AS CATALOGUED: {o.mutation.id}: {o.problem or o.statuses}")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
