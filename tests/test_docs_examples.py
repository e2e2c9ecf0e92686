"""The examples printed in README.md and docs/check.md say what really happens.

Each example line ``gradproof check … # … proved …`` (or ``refuted``) is run through the command
line and must exit with the code of that verdict (0 proved, 1 refuted), so the documents cannot
drift from the checker.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from gradproof.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = (ROOT / "README.md", ROOT / "docs" / "check.md")
_EXAMPLE = re.compile(r"^\s+(gradproof check .+?)\s+#\s*(.+)$")
VERDICT_CODES = {"proved": 0, "refuted": 1}


def _examples() -> list[tuple[str, str, int]]:
    found = []
    for doc in DOCUMENTS:
        for line in doc.read_text(encoding="utf-8").splitlines():
            m = _EXAMPLE.match(line)
            if m is None:
                continue
            verdicts = [v for v in VERDICT_CODES if v in m.group(2).lower()]
            if len(verdicts) == 1:
                found.append((doc.name, m.group(1), VERDICT_CODES[verdicts[0]]))
    return found


EXAMPLES = _examples()


def test_the_documents_have_examples_of_both_verdicts() -> None:
    for doc in DOCUMENTS:
        codes = {code for name, _cmd, code in EXAMPLES if name == doc.name}
        assert codes == {0, 1}, f"{doc.name}: examples found {EXAMPLES}"


@pytest.mark.parametrize(("document", "command", "code"), EXAMPLES, ids=lambda v: str(v)[:60])
def test_documented_check_example_gives_the_documented_verdict(
    document: str, command: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = shlex.split(command)[1:]  # drop the program name
    assert main(argv) == code, f"{document}: `{command}`\n{capsys.readouterr().out}"


def test_readme_python_examples_print_what_they_show() -> None:
    import doctest

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    examples = "\n".join(b for b in blocks if ">>>" in b)
    test = doctest.DocTestParser().get_doctest(examples, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test)
    assert result.attempted >= 5, "the README's >>> examples were not found"
    assert result.failed == 0, f"{result.failed} README example(s) print something else"


# --------------------------------------------------------------------------- shell lines

SHELL_DOCUMENTS = (ROOT / "README.md", ROOT / "docs" / "index.md")
_SHELL = re.compile(r"^ {4}((?:python -m )?gradproof .+?)(?:\s+#\s*(.*))?$")
_SUBSET = ("sigmoid_prime_eq", "sigmoid_prime_max")


def _shell_lines() -> list[tuple[str, str, str]]:
    """Every indented ``gradproof …`` example line (not a synopsis with [options], not a
    ``check`` line: those are tested above, not a ``check-steps`` line: those name example files
    and are tested with the check-steps page in tests/test_check_steps.py), with its comment."""
    found = []
    for doc in SHELL_DOCUMENTS:
        for line in doc.read_text(encoding="utf-8").splitlines():
            m = _SHELL.match(line)
            command = m.group(1) + " " if m is not None else ""
            if m is None or "[" in command or " check " in command or " check-steps " in command:
                continue
            found.append((doc.name, m.group(1).strip(), m.group(2) or ""))
    return found


def _subset(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run the claims-wide commands on two claims (the full run is `make verify`)."""
    import gradproof.registry as registry

    full = registry.all_claims()
    chosen = [c for c in full if c.id in _SUBSET]
    monkeypatch.setattr(registry, "all_claims", lambda: chosen)
    return [c.id for c in chosen]


def _what_it_shows(command: str, out: str, code: int, ids: list[str], cwd: Path) -> None:
    """The assertion behind each documented line's comment."""
    from gradproof.registry import all_claims, select

    words = command.split()
    if words[:2] == ["python", "-m"]:
        words = words[2:]
    sub = words[1]
    if sub == "list":  # every claim id with its statement
        assert code == 0
        for claim in all_claims():
            assert f"{claim.id} " in out and " ".join(claim.statement.split()) in out
    elif sub == "show":  # statement, source, steps with justifications, checks' results
        (claim,) = select([words[2]])
        assert code == 0 and claim.statement in out and claim.citation in out
        steps = claim.derivations[0].steps
        assert len(steps) == 5 and all(f"by: {s.why}" in out for s in steps)
        assert all(re.search(rf"^  \({n}\) ", out, re.M) for n in range(1, 6))
        assert out.count("holds:") == len(claim.checks)
    elif sub == "verify" and "--json" in words:  # machine-readable report
        report = json.loads(out)
        assert code == 0 and [c["id"] for c in report["claims"]] == ids
    elif sub == "verify" and "--only" in words:  # a subset
        rows = [line.split()[0] for line in out.splitlines()[2:-2]]
        assert code == 0 and rows == words[words.index("--only") + 1].split(",")
    elif sub == "verify":  # every claim: table + summary (+ every check's detail)
        assert code == 0 and all(i in out for i in ids) and "all claims hold" in out
        if "--details" in words:
            assert out.count("    ok   [") >= 2 * len(ids)
    elif sub == "render":  # the generated pages
        folder = cwd / words[2]
        assert code == 0 and (folder / "ledger.md").is_file() and (folder / "sigmoid.md").is_file()
    elif sub == "plot" and "--list" in words:  # the figures
        assert code == 0 and "sigmoid" in out.split()
    elif sub == "plot" and "--help" in words:  # the figures, --format, --dpi
        assert "sigmoid" in out and "--format" in out and "--dpi" in out
    else:
        raise AssertionError(f"documented command {command!r} has no test of what it shows")


@pytest.mark.parametrize(("document", "command", "comment"), _shell_lines(), ids=lambda v: v[:50])
def test_documented_shell_line_shows_what_it_says(
    document: str,
    command: str,
    comment: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    words = shlex.split(command)
    if words[:2] == ["python", "-m"]:
        words = words[2:]
    ids = _subset(monkeypatch) if words[1] in ("verify", "render") else []
    monkeypatch.chdir(tmp_path)
    if "--from-json" in words:  # the documented report comes from the documented --json line
        assert main(["verify", "--json"]) == 0
        (tmp_path / words[words.index("--from-json") + 1]).write_text(
            capsys.readouterr().out, encoding="utf-8"
        )
    argv = words[1 : words.index(">")] if ">" in words else words[1:]
    try:
        code = main(argv)
    except SystemExit as exc:  # --help
        code = int(exc.code or 0)
    _what_it_shows(command, capsys.readouterr().out, code, ids, tmp_path)


def test_api_page_examples_print_what_they_show() -> None:
    import doctest

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    examples = "\n".join(b for b in blocks if ">>>" in b)
    test = doctest.DocTestParser().get_doctest(examples, {}, "api.md", "api.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test)
    assert result.attempted >= 12, "the API page's >>> examples were not found"
    assert result.failed == 0, f"{result.failed} API page example(s) print something else"


# --------------------------------------------------------------------------- the user pages

#: Pages whose ``>>>`` examples are run as doctests (ELLIPSIS for tracebacks and long reports).
DOCTEST_PAGES = ("backprop.md", "testing.md")
#: Pages whose ```console blocks (``$ command`` then its output) are run.
CONSOLE_PAGES = ("getting_started.md", "testing.md")


@pytest.mark.parametrize("page", DOCTEST_PAGES)
def test_user_page_python_examples_print_what_they_show(page: str) -> None:
    import doctest

    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    examples = "\n".join(b for b in blocks if ">>>" in b)
    test = doctest.DocTestParser().get_doctest(examples, {}, page, page, 0)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.DocTestRunner(optionflags=flags).run(test)
    assert result.attempted >= 4, f"{page}: the >>> examples were not found"
    assert result.failed == 0, f"{result.failed} example(s) of {page} print something else"


def _console_examples() -> list[tuple[str, str, str]]:
    """(page, command, the output shown) for every ``$ …`` line of a ```console block."""
    found = []
    for page in CONSOLE_PAGES:
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
            for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, shown = part.partition("\n")
                found.append((page, command.strip(), shown))
    return found


CONSOLE = _console_examples()


def test_the_user_pages_have_console_examples() -> None:
    commands = {c.split()[0] + " " + c.split()[1] for _p, c, _s in CONSOLE}
    assert {"gradproof verify", "gradproof list", "gradproof show", "gradproof check"} <= commands
    assert any(c.startswith("pytest ") for _p, c, _s in CONSOLE)


def _matches(shown: str, out: str) -> bool:
    import doctest

    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    return doctest.OutputChecker().check_output(shown, out, flags)


@pytest.mark.parametrize(("page", "command", "shown"), CONSOLE, ids=lambda v: str(v)[:50])
def test_console_example_prints_what_the_page_shows(
    page: str,
    command: str,
    shown: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each documented command is run (``gradproof`` in this process, ``pytest`` in a fresh one
    in a folder holding the page's test file) and must print the lines shown, ``...`` standing
    for times and for the parts the page leaves out."""
    import subprocess
    import sys

    words = shlex.split(command)
    if words[0] == "gradproof":
        code = main(words[1:])
        out, err = capsys.readouterr()
        assert code == 0, f"{page}: `{command}` exited {code}\n{out}\n{err}"
    else:
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        test_file = re.search(
            r"```python\n(from gradproof.testing import assert_claim\n.*?)```", text, flags=re.S
        )
        assert test_file, f"{page}: the test file the pytest example runs on"
        (tmp_path / "test_mine.py").write_text(test_file.group(1), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *words[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        out = run.stdout
        assert run.returncode == 0, f"{page}: `{command}` exited {run.returncode}\n{out}"
    assert _matches(shown, out), f"{page}: `{command}` printed\n{out}\nthe page shows\n{shown}"


def test_the_example_notebook_is_a_downloadable_ipynb_run_by_the_build() -> None:
    """docs/example.ipynb is a valid notebook stored without outputs (the build executes it),
    links itself for download, and shows a claim, a derivation, a claim's result, a check and a
    step check."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(ROOT / "docs" / "example.ipynb", as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    source = "\n".join(c.source for c in nb.cells)
    assert "{download}`" in source and "<example.ipynb>`" in source
    for shown in (
        "claim\n",
        "claim.derivations[0]",
        "run_claim(",
        "gradproof.check(",
        "gradproof.check_steps(",
    ):
        assert shown in source + "\n", shown
    assert not (ROOT / "docs" / "example.md").exists()
    assert 'nb_execution_mode = "force"' in (ROOT / "docs" / "conf.py").read_text()
