"""The claims' plain data (id, family, module, prose statement, source) as shipped JSON.

``gradproof list`` prints it, and ``gradproof show ID`` finds the one module that defines the
claim, without importing every proof (SymPy) or the checker: a claim's id and prose are data.
The file ``gradproof/claims_index.json`` is generated from the live registry; regenerate it after
adding or changing a claim with::

    python -m gradproof.claims_index

``tests/test_claims_index.py`` fails when it differs from what the live claims say.
Standard library only.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

FILE = "claims_index.json"
REGENERATE = "python -m gradproof.claims_index"


@dataclass(frozen=True)
class Entry:
    """One claim as data: ``module`` is the module that registers it."""

    id: str
    family: str
    module: str
    statement: str
    source: str


def live() -> list[Entry]:
    """The entries of the live registry (imports every claim module: SymPy)."""
    from gradproof.registry import all_claims, claim_modules

    modules = {name.rsplit(".", 1)[-1]: name for name in claim_modules()}
    return [
        Entry(c.id, c.family, modules.get(c.family, ""), " ".join(c.statement.split()), c.source)
        for c in all_claims()
    ]


def dumps(entries: list[Entry]) -> str:
    """The file's text: one object per claim, in registry order."""
    return json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1) + "\n"


def load() -> list[Entry] | None:
    """The shipped entries, or None when the file is missing or unreadable (then callers fall
    back to the live registry)."""
    try:
        text = resources.files("gradproof").joinpath(FILE).read_text(encoding="utf-8")
        return [Entry(**item) for item in json.loads(text)]
    except (OSError, ValueError, TypeError):
        return None


def main(argv: list[str] | None = None) -> int:
    """Write the file next to this module from the live registry."""
    from gradproof.safety import atomic_write_text

    path = Path(__file__).with_name(FILE)
    atomic_write_text(path, dumps(live()))  # never half a file, whatever stops the write
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
