"""The command line starts fast: ``--help`` and ``list`` load neither SymPy nor the checker.

A claim's id and prose statement are data (``gradproof/claims_index.json``, generated from the
live registry by ``python -m gradproof.claims_index``): the shipped file must say exactly what the
live claims say. What a command imports is read from ``sys.modules`` when it exits, in a
subprocess (no timing is asserted here; ``benchmarks/bench_startup.py`` measures the start-up).
"""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stdout
from importlib import resources

import pytest

from gradproof import claims_index
from gradproof.cli import main


def test_the_shipped_claims_index_is_what_the_live_claims_say() -> None:
    shipped = resources.files("gradproof").joinpath(claims_index.FILE).read_text(encoding="utf-8")
    live = claims_index.live()
    assert len(live) >= 30
    assert shipped == claims_index.dumps(live), (
        f"gradproof/{claims_index.FILE} is stale: regenerate it with `{claims_index.REGENERATE}`"
    )
    assert claims_index.load() == live


def test_list_prints_every_live_claim() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["list"]) == 0
    lines = out.getvalue().splitlines()
    live = claims_index.live()
    assert [line.split()[0] for line in lines] == [e.id for e in live]
    for line, entry in zip(lines, live, strict=True):
        assert line.endswith(entry.statement)


#: runs ``python -m gradproof ARGS`` and then writes every module in sys.modules to stderr (after
#: a marker line); ``-X importtime`` would not do: it misses ``importlib.import_module``
_WRAPPER = """
import runpy, sys
sys.argv = ["gradproof", *sys.argv[1:]]
try:
    runpy.run_module("gradproof", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print("--modules--", *sorted(sys.modules), sep="\\n", file=sys.stderr)
sys.exit(code)
"""


def _imported(*args: str) -> set[str]:
    """The modules ``python -m gradproof ARGS`` has imported when it exits (it must exit 0)."""
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set(proc.stderr.split("--modules--", 1)[1].split())
    assert "gradproof.cli" in names and "gradproof.commands.show" in names
    return names


def _loaded(names: set[str], package: str) -> list[str]:
    return sorted(n for n in names if n == package or n.startswith(package + "."))


@pytest.mark.parametrize("args", [["--help"], ["list"]])
def test_help_and_list_import_neither_sympy_nor_the_checker(args: list[str]) -> None:
    names = _imported(*args)
    assert not _loaded(names, "sympy"), f"gradproof {' '.join(args)} imports SymPy"
    assert not _loaded(names, "gradproof.checker")
    assert not _loaded(names, "gradproof.proofs")


def test_show_imports_only_the_claims_module_and_not_the_checker() -> None:
    names = _imported("show", "sigmoid_prime_max", "--no-run")
    assert "gradproof.proofs.sigmoid" in names
    assert not _loaded(names, "gradproof.checker")
    assert "gradproof.proofs.corrections" not in names  # the other proofs stay unloaded


def test_an_unknown_id_still_suggests_the_known_ones() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gradproof", "show", "sigmoid_prime_mx", "--no-run"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 2
    assert "unknown claim id" in proc.stderr and "sigmoid_prime_max" in proc.stderr
    assert "gradproof list" in proc.stderr
