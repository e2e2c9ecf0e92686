"""The bibliography: docs/references.bib has exactly the works of gradproof.citations.WORKS, every
claim cites one, and no reader-facing text names the seed files."""

from __future__ import annotations

import re
from pathlib import Path

from gradproof.citations import WORKS, keys
from gradproof.registry import all_claims
from gradproof.render import render

DOCS = Path(__file__).resolve().parent.parent / "docs"
SEED = re.compile(r"seed\s*0\d\d", re.I)


def _bib_entries() -> dict[str, str]:
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S)}


def test_the_bibliography_has_exactly_the_works_the_code_cites() -> None:
    entries = _bib_entries()
    assert set(entries) == set(WORKS)
    for key, body in entries.items():
        title = re.search(r"title\s*=\s*\{(.*?)\},?\n", body)
        assert title, key
        words = re.sub(r"[\\{}#]", "", title.group(1)).split()[:4]
        assert " ".join(words) in WORKS[key].reference.replace("#", ""), key


def test_every_claim_cites_a_bibliography_key() -> None:
    for claim in all_claims():
        assert keys(claim.source) and set(keys(claim.source)) <= set(WORKS), claim.id


def test_no_page_but_contributing_names_the_seed_files(tmp_path: Path) -> None:
    render(tmp_path, figures=False, results={})
    for page in tmp_path.glob("*.md"):
        assert not SEED.search(page.read_text(encoding="utf-8")), page.name
    for page in DOCS.glob("*.md"):
        if page.name != "contributing.md":
            assert not SEED.search(page.read_text(encoding="utf-8")), page.name
    assert not SEED.search((DOCS.parent / "README.md").read_text(encoding="utf-8"))
