"""The examples printed in README.md and docs/check.md say what really happens.

Each example line ``gradproof check … # … proved …`` (or ``refuted``) is run through the command
line and must exit with the code of that verdict (0 proved, 1 refuted), so the documents cannot
drift from the checker.
"""

from __future__ import annotations

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
