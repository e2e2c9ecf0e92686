"""The table of docs/course_cases.md: every command runs with the verdict shown, and the share of
expressible cases stated on the page is the table's own count (so the page cannot drift)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from gradproof.cli import main

PAGE = Path(__file__).resolve().parent.parent / "docs" / "course_cases.md"
_ROW = re.compile(r"^\|\s*(\d+)\s*\|(.*?)\|\s*(`[^`]*`|—)\s*\|\s*([a-z ]+?)\s*\|\s*$")
EXIT = {"proved": 0, "refuted": 1}


def _rows() -> list[tuple[int, str, str, str]]:
    rows = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            rows.append((int(m.group(1)), m.group(2).strip(), m.group(3).strip("`"), m.group(4)))
    return rows


ROWS = _rows()


def test_the_table_is_read_and_numbered_in_order() -> None:
    assert len(ROWS) >= 40
    assert [r[0] for r in ROWS] == list(range(1, len(ROWS) + 1))
    assert {r[3] for r in ROWS} <= {"proved", "refuted", "not expressible"}


def test_the_stated_share_is_the_tables_and_at_least_90_percent() -> None:
    text = PAGE.read_text(encoding="utf-8")
    m = re.search(r"Expressible: (\d+) of (\d+) cases \((\d+) %\)", text)
    assert m is not None
    expressible = sum(1 for r in ROWS if r[3] != "not expressible")
    assert (int(m.group(1)), int(m.group(2))) == (expressible, len(ROWS))
    assert int(m.group(3)) == round(100 * expressible / len(ROWS))
    assert expressible / len(ROWS) >= 0.9


@pytest.mark.parametrize(
    ("number", "case", "command", "verdict"),
    [r for r in ROWS if r[3] != "not expressible"],
    ids=[f"row{r[0]}" for r in ROWS if r[3] != "not expressible"],
)
def test_every_command_has_the_verdict_shown(
    number: int, case: str, command: str, verdict: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = shlex.split(command)
    assert argv[:2] == ["gradproof", "check"]
    code = main(argv[1:])
    out = capsys.readouterr().out
    assert code == EXIT[verdict], f"row {number} ({case}): exit {code}\n{out}"
    assert ("PROVED" if verdict == "proved" else "REFUTED") in out
