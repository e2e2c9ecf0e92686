"""A derivation's text as lines: the plain format's reader, its limits and its input error.

Shared by :mod:`gradproof.checker.steps` (which checks the links) and
:mod:`gradproof.checker.latex` (which translates a LaTeX derivation into the same lines), so that
neither imports the other for them. :mod:`gradproof.checker.steps` re-exports every name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gradproof.checker.network import CheckInputError

MAX_TEXT = 20_000
MAX_LINES = 200
MAX_LINKS = 40
_RELATION = re.compile(r"^\s*(<=|>=|≤|≥|=|<|>)")
_CANON = {"≤": "<=", "≥": ">="}


class StepsInputError(CheckInputError):
    """Bad derivation input, located at a line and column (1-based) of the text."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.line, self.column, self.reason = line, column, message
        where = f"line {line}, column {column}: " if line else ""
        super().__init__(where + message)


@dataclass(frozen=True)
class Line:
    """One line of a derivation: its relation to the previous line (None for the first)."""

    number: int
    column: int
    relation: str | None
    text: str
    note: str = ""


def parse_plain(text: str) -> list[Line]:
    """Split the plain-text format into :class:`Line` objects (no expression is parsed here)."""
    if not isinstance(text, str):
        raise StepsInputError(f"the derivation must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise StepsInputError(f"the derivation has {len(text)} characters; at most {MAX_TEXT}")
    raw = text.splitlines()
    if len(raw) > MAX_LINES:
        raise StepsInputError(f"the derivation has {len(raw)} lines; at most {MAX_LINES}")
    lines: list[Line] = []
    for number, full in enumerate(raw, start=1):
        body, _, note = full.partition("#")
        if not body.strip():
            continue
        m = _RELATION.match(body)
        if not lines:
            if m:
                raise StepsInputError(
                    "the first line is the starting expression; it cannot begin with a relation",
                    number,
                    m.start(1) + 1,
                )
            start = len(body) - len(body.lstrip())
            lines.append(Line(number, start + 1, None, body.strip(), note.strip()))
            continue
        if m is None:
            col = len(body) - len(body.lstrip()) + 1
            raise StepsInputError(
                "every line after the first must begin with a relation = <= < >= > (or ≤ ≥);"
                " an expression cannot continue on the next line",
                number,
                col,
            )
        rel = _CANON.get(m.group(1), m.group(1))
        rest = body[m.end() :]
        if rest.startswith("="):
            raise StepsInputError(f"'{m.group(1)}=' is not a relation", number, m.end())
        col = m.end() + len(rest) - len(rest.lstrip()) + 1
        if not rest.strip():
            raise StepsInputError("the relation has no expression after it", number, m.end() + 1)
        lines.append(Line(number, col, rel, rest.strip(), note.strip()))
    if len(lines) < 2:
        raise StepsInputError(
            "a derivation needs a starting expression and at least one line '= …' (or <=, <, …)"
        )
    if len(lines) - 1 > MAX_LINKS:
        raise StepsInputError(f"the derivation has {len(lines) - 1} links; at most {MAX_LINKS}")
    return lines


def looks_like_latex(text: str) -> bool:
    """The plain syntax has no backslash and no ``&``: either one means LaTeX."""
    return "\\" in text or "&" in text
