"""The distributions are complete: the sdist holds the tests (with conftest.py, helpers and data),
the docs, the Makefile, the constraints and the licence, so its tests run once unpacked."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORED_PARTS = {"__pycache__", "_build", "generated", ".hypothesis", ".pytest_cache"}

# the files the issue found missing, and the ones a user needs to run `make test` from the sdist
REQUIRED = {
    "LICENSE",
    "README.md",
    "CHANGELOG.md",  # docs/changelog.md includes it
    "Makefile",
    "constraints.txt",
    "pyproject.toml",
    "MANIFEST.in",
    "tests/conftest.py",
    "tests/_accuracy.py",
    "tests/data/hostile_inputs.json",
    "docs/conf.py",
    "docs/index.md",
    ".ci/run",
}


def test_the_licence_file_is_the_mit_licence_the_metadata_names() -> None:
    tomllib = pytest.importorskip("tomllib", reason="Python ≥ 3.11 reads TOML")
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "WITHOUT WARRANTY OF ANY KIND" in licence
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]


def _tree(folder: str) -> set[str]:
    return {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and not IGNORED_PARTS & set(p.relative_to(ROOT).parts) and p.suffix != ".pyc"
    }


@pytest.mark.slow
def test_the_sdist_holds_tests_docs_makefile_constraints_and_licence(tmp_path: Path) -> None:
    if not (ROOT / "pyproject.toml").is_file() or not (ROOT / "MANIFEST.in").is_file():
        pytest.skip("not a source tree")
    pytest.importorskip("build", reason="building the sdist needs the dev extra (build)")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--sdist",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = tmp_path.glob("gradproof-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    missing = REQUIRED - names
    assert not missing, f"missing from the sdist: {sorted(missing)}"
    for folder in ("tests", "docs", "benchmarks", "mutations", "proofs", "numerics", "gradproof"):
        missing = _tree(folder) - names
        assert not missing, f"missing from the sdist: {sorted(missing)}"
    junk = [n for n in names if IGNORED_PARTS & set(n.split("/")) or n.startswith(".venv/")]
    assert not junk, f"in the sdist but should not be: {junk[:10]}"
