"""The bibliography: docs/references.bib has exactly the works of gradproof.citations.WORKS, every
claim cites one, and no reader-facing text names the seed files."""

from __future__ import annotations

import re
from pathlib import Path

from gradproof.citations import BIBLIOGRAPHY, WORKS, keys
from gradproof.registry import all_claims
from gradproof.render import render

DOCS = Path(__file__).resolve().parent.parent / "docs"
SEED = re.compile(r"seed\s*0\d\d", re.I)


def _bib_entries() -> dict[str, str]:
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S)}


def test_the_bibliography_has_exactly_the_works_the_code_cites() -> None:
    entries = _bib_entries()
    assert set(entries) == set(BIBLIOGRAPHY)
    for key, body in entries.items():
        title = re.search(r"title\s*=\s*\{(.*?)\},?\n", body)
        assert title, key
        words = re.sub(r"[\\{}#]", "", title.group(1)).split()[:4]
        for cited_as in BIBLIOGRAPHY[key]:
            assert " ".join(words) in WORKS[cited_as].reference.replace("#", ""), key


def test_one_entry_per_work() -> None:
    """Nielsen's book is one entry however many chapters the claims cite (the issue found it
    listed three times), and no two entries have the same title."""
    entries = _bib_entries()
    titles = [t for b in entries.values() for t in re.findall(r"\btitle\s*=\s*\{(.*?)\},?\n", b)]
    assert len(titles) == len(set(titles))
    chapters = ("nielsen-ch2", "nielsen-ch3", "nielsen-ch5")
    assert {WORKS[k].entry for k in chapters} == {"nielsen2015"}
    nielsen = entries["nielsen2015"]
    for field, value in (("author", "Michael A. Nielsen"), ("year", "2015")):
        assert re.search(rf"\b{field}\s*=\s*\{{{value}\}}", nielsen), field
    assert "url       = {http://neuralnetworksanddeeplearning.com/}" in nielsen


def test_entries_that_state_no_url_say_so() -> None:
    """Every entry has a URL, or says that the work states none (none is guessed)."""
    for key, body in _bib_entries().items():
        assert re.search(r"\burl\s*=", body) or "URL not stated" in body, key


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
