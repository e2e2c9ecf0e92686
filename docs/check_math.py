"""Check every built page in a real browser, as a reader sees it, offline (``make docs-check``).

Usage (after ``make docs``)::

    python docs/check_math.py [--html docs/_build/html] [--page generated/sigmoid.html ...]
                              [--widths 1280,800] [--shots docs/_build/screenshots]
                              [--chromium PATH]

Runs Debian's Chromium headless from ``file://`` with every network path closed (a dead proxy,
every host name unresolvable, no background or component traffic, a fresh profile). For every
page (default: every ``.html`` of the build but the search page) and every window width
(default 1280 px and 800 px) a copy of the page with a small measuring script
(``check_math.js``) is loaded with ``--dump-dom``; the script writes what the browser laid out
into the DOM, and this program asserts (each failure line starts with its check's name; the
last line counts the findings per check):

1. every ``<math>`` element is typeset (a MathML element with a non-empty box), and a page with
   math blocks has at least one ``<math>`` per block;
2. no raw LaTeX (``\\frac``, ``\\sigma``, ``\\left``, ``\\begin``, …) in the visible text
   of any page;
3. ``overflow``: nothing is wider than the content column: the page has no horizontal scroll,
   and no math block, derivation table, table or figure extends past the right edge of the
   article or scrolls inside its own box; on claim pages and the notebook page no output
   ``<pre>`` scrolls inside its box either (output wraps);
4. no page but the contributing page names a seed file ("seed 00x"), and no page loads a
   script, stylesheet, image or frame from the network;
5. ``staircase``: in every derivation table, row 1 has its left-hand side, and the typeset
   relation and expression of all rows start at the same x (within 1 px).

On the claim pages (``generated/*.html``) and the notebook page (``example.html``), every text
the reader sees — paragraphs, list items, table cells, captions and ``<pre>`` code/output
blocks with their line breaks, everything in the article but ``<math>`` — is checked block by
block with the pure functions of ``gradproof/notation_lint.py`` (unit-tested in
``tests/test_docs_check.py``). The one exception is code a user types: an element with the
class ``user-input`` (e.g. a ``{code-block}`` with ``:class: user-input``, or a check-steps
summary, which quotes the user's lines as written), a notebook's input cell (``.cell_input``),
a notebook cell tagged ``user-input`` (``.tag_user-input``: its output prints the user's input
back, e.g. ``print(steps)``) and ``<kbd>``, with everything inside them. Checked once per page:

6. ``ascii-art``: no 2-D text diagram: box-drawing/bracket-piece characters (⎛⎜⎝⎞⎟⎠ ⎡⎢⎣⎤⎥⎦
   ─│┬╭╮╰╯ ╲╱ ‾ …), ``___`` bars of a drawn ∑/∏, fractions drawn as a ``---``/``———`` bar with
   text above and below;
7. ``wrap-mark``: no ``↪`` wrap marks;
8. ``raw-tex``: no TeX: any ``\\word``, ``_{``, ``__{``, ``^{``, ``$…$`` holding TeX;
9. ``sympy-syntax``: no SymPy/Python spelling of mathematics: ``Eq(``, ``Ne(``, ``Abs(``,
   ``Derivative(``, ``Subs(``, ``Sum(``, ``Product(``, ``Implies(``, ``Piecewise(``, ``exp(``,
   ``sqrt(``, ``log(`` …, ``**``, ``*`` between operands, ``<=`` ``>=`` ``!=`` ``==``, ``x[i]``
   indexing, ``&`` between relations, ``oo`` (notation such as ``C(a) ≥ 0`` or ``f(x)``
   passes).

On every page:

10. ``repeated-row``: no two consecutive rows of a derivation table (``table.derivation``, the
    notebook's ``table.gradproof-derivation``) with the same relation and expression;
11. ``repeated-conjunct``: no conjunct printed twice in one formal statement (the blocks after
    a paragraph starting "Formal statement": each ``<math>`` whole — the printer sets one
    conjunct per display block, a long one broken into rows at ``∧``, ``⇒`` and relation signs —
    and the lines of each ``<pre>``; continuation lines starting with a relation sign are joined
    first): the same top-level conjunct twice, the same conclusion in
    two implications, or the same conjunct twice in one bracketed ``∧``-chain;
12. ``broken-word``: no word broken across lines inside a table cell: for each run of
    non-blank characters in a ``<td>``/``<th>`` (outside ``<math>``; split where a line may
    break anyway: spaces, after ``-`` ``–`` ``—`` ``/``), the boxes of its first and last
    character (``Range.getClientRects``) must overlap vertically, i.e. lie on one line;
13. ``image-text``: every figure's ``<img>`` (inside a ``<figure>``) shows its smallest text
    at ≥ 9 CSS px: rendered width ÷ natural width × the image's smallest text in image
    pixels, which the figure writer records in the PNG's ``tEXt`` chunk ``gradproof:figure`` (JSON
    ``{"min_text_px": …, "legends_over_data": …}``, see ``gradproof.figures.save``); an image
    without the record fails, and so does one whose record says a legend covers data;
14. ``figure-number``: every ``<figure>``'s caption starts "Figure n — " with n = 1, 2, … in
    page order.

It then saves a full-page screenshot of every family page (``generated/*.html``) at each width
into ``--shots`` (``<page>-<width>.png``) for review, and asserts each is a non-trivial PNG.

Exit code 0 when everything passes, 1 when a check fails, 2 when pages or Chromium are missing.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from gradproof.notation_lint import (
    ascii_art_in,
    raw_tex_in,
    repeated_conjuncts,
    repeated_rows,
    sympy_syntax_in,
    wrap_marks_in,
)

ROOT = Path(__file__).resolve().parent

#: the pages whose every text is checked for the notation (claim pages and the notebook)
NOTATION_PAGES = re.compile(r"^(generated/[^/]+|example)\.html$")
#: the smallest text, in CSS px, a figure may show (issue 21)
MIN_TEXT_PX = 9.0
#: the PNG text chunk in which gradproof.figures.save records a figure's text size and legends
FIGURE_META_KEY = "gradproof:figure"
FIGURE_CAPTION = re.compile(r"^Figure (\d+) — \S")
RAW_LATEX = re.compile(
    r"\\(frac|sigma|left|right|begin|end|operatorname|mathrm|sqrt|prod|sum|le|ge|partial|ln)\b"
)
OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
SKIP_PAGES = {"search.html"}
SEED_FILE = re.compile(r"seed\s*0\d\d", re.I)
# a script, stylesheet, image or frame fetched from the network (plain links are fine)
REMOTE_ASSET = re.compile(
    r'<(?:script|img|iframe)\b[^>]*\bsrc="((?:https?:)?//[^"]+)"'
    r'|<link\b[^>]*\bhref="((?:https?:)?//[^"]+)"[^>]*>',
    re.I,
)
TOLERANCE_PX = 1.0

# Runs in the page after layout; writes its findings as JSON into a <pre> (id gradproof-measure).
MEASURE_JS = "<script>\n" + (ROOT / "check_math.js").read_text(encoding="utf-8") + "</script>\n"


def find_chromium(explicit: str | None) -> str | None:
    for candidate in (explicit, shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def run_chromium(chromium: str, extra: list[str], url: str, timeout: float = 120.0) -> str:
    with tempfile.TemporaryDirectory(prefix="gradproof-chromium-") as profile:
        cmd = [chromium, *OFFLINE_FLAGS, f"--user-data-dir={profile}", *extra, url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(
            f"chromium exited with {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}"
        )
    return proc.stdout


def visible_text(dom: str) -> str:
    """The page text outside <math>, <script>, <style>, code and tag markup (entities decoded)."""
    body = re.sub(r"<(script|style|math|pre|code)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def check_dom(dom: str, expected_blocks: int) -> list[str]:
    """What the text of a rendered DOM shows wrong: no ``<math>`` at all, fewer ``<math>``
    elements than the page's math blocks, raw LaTeX in the visible text."""
    problems = []
    n_math = len(re.findall(r"<math\b", dom))
    if n_math == 0 and expected_blocks:
        problems.append("no <math> element in the rendered page: the math was not typeset")
    elif n_math < expected_blocks:
        problems.append(f"{n_math} <math> elements, fewer than the {expected_blocks} math blocks")
    raw = sorted(set(RAW_LATEX.findall(visible_text(dom))))
    if raw:
        problems.append("raw LaTeX left in the page text: " + ", ".join("\\" + r for r in raw))
    return problems


def measure(chromium: str, page: Path, width: int) -> tuple[dict[str, object], str]:
    """Load a measuring copy of ``page`` at ``width``; (the script's findings, the DOM)."""
    source = page.read_text(encoding="utf-8")
    # the copy lives in a scratch folder (the built site is not written to); a <base> makes
    # its relative links (styles, images, fonts) resolve to the page's own folder
    base = f'<base href="{html.escape(page.parent.as_uri())}/">'
    source = re.sub(r"(<head\b[^>]*>)", lambda m: m.group(1) + base, source, count=1)
    with tempfile.TemporaryDirectory(prefix="gradproof-check-") as scratch:
        probe = Path(scratch) / page.name
        probe.write_text(source.replace("</body>", MEASURE_JS + "</body>", 1), encoding="utf-8")
        dom = run_chromium(
            chromium,
            ["--dump-dom", f"--window-size={width},900", "--virtual-time-budget=4000"],
            probe.as_uri(),
        )
    m = re.search(r'<pre id="gradproof-measure">(.*?)</pre>', dom, flags=re.S)
    if m is None:
        return {"problems": ["the measuring script did not run"], "math": 0, "height": 0}, dom
    dom = dom[: m.start()] + dom[m.end() :]
    return json.loads(html.unescape(m.group(1))), dom


def clip(text: str, n: int = 70) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


def notation_findings(texts: list[dict[str, Any]]) -> list[str]:
    """(a)–(d) on every block of text of a page: one line per block and kind of defect."""
    detectors = (
        ("ascii-art", ascii_art_in),
        ("wrap-mark", wrap_marks_in),
        ("raw-tex", raw_tex_in),
        ("sympy-syntax", sympy_syntax_in),
    )
    out = []
    for block in texts:
        text = str(block["text"])
        if not block.get("pre"):
            text = " ".join(text.split())  # the browser collapses a paragraph's white space
        for tag, detect in detectors:
            found = detect(text)
            if found:
                out.append(f"{tag}: {'; '.join(found)} in «{clip(text)}»")
    return out


def png_text_chunks(path: Path) -> dict[str, str]:
    """The ``tEXt`` chunks of a PNG file (keyword → text); empty for anything else."""
    data = path.read_bytes() if path.is_file() else b""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return {}
    chunks, pos = {}, 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt" and b"\0" in body:
            key, _, value = body.partition(b"\0")
            chunks[key.decode("latin-1")] = value.decode("latin-1")
        if kind == b"IEND":
            break
        pos += 12 + length
    return chunks


def image_findings(shown: float, natural: float, meta: str | None, where: str) -> list[str]:
    """(i) an image's smallest text on screen (CSS px) = shown width ÷ natural width × its
    smallest text in image pixels (recorded by the figure writer) must be ≥ 9 px; its legends
    must not cover data. No record: the text size cannot be known, which fails too."""
    if meta is None:
        return [
            f"image-text: {where} records no text size (PNG text chunk {FIGURE_META_KEY!r},"
            " written by gradproof.figures.save)"
        ]
    try:
        record = json.loads(meta)
        min_px = float(record["min_text_px"])
    except (ValueError, KeyError, TypeError):
        return [f"image-text: {where}: unreadable {FIGURE_META_KEY} record {meta!r}"]
    out = []
    if natural > 0 and shown > 0:
        on_screen = shown / natural * min_px
        if on_screen < MIN_TEXT_PX:
            out.append(
                f"image-text: smallest text {on_screen:.1f} px < {MIN_TEXT_PX:g} px "
                f"({min_px:.1f} px at natural width {natural:.0f}, shown {shown:.0f} px wide) "
                f"in {where}"
            )
    if record.get("legends_over_data", 0):
        out.append(
            f"image-text: a legend covers {record['legends_over_data']} data points in {where}"
        )
    return out


def caption_findings(captions: list[str]) -> list[str]:
    """(j) every figure of a page is captioned "Figure n — …", n = 1, 2, … in page order."""
    out = []
    for n, caption in enumerate(captions, 1):
        m = FIGURE_CAPTION.match(caption)
        if m is None or int(m.group(1)) != n:
            out.append(
                f"figure-number: figure {n} is not captioned 'Figure {n} — …': «{clip(caption)}»"
            )
    return out


def file_of(url: str) -> Path | None:
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme != "file":
        return None
    return Path(urllib.request.url2pathname(parsed.path))


def layout_findings(found: dict[str, Any], notation: bool, first_width: bool) -> list[str]:
    """The problems in what the measuring script reported: (a)–(d) on a claim or notebook
    page, (e), (f) and (j) once per page (at the first width), (h) and (i) at every width."""
    out: list[str] = []
    if notation and first_width:
        out += notation_findings(found.get("texts", []))
    if first_width:
        for table in found.get("derivations", []):
            out += [f"repeated-row: {p} in {table['where']}" for p in repeated_rows(table["rows"])]
        for st in found.get("statements", []):
            out += [
                f"repeated-conjunct: {p} ({st['where']})" for p in repeated_conjuncts(st["lines"])
            ]
        out += caption_findings(found.get("captions", []))
    if notation:
        out += [f"overflow: output block {p}" for p in found.get("preScroll", [])]
    out += [f"broken-word: a word broken across lines: {b}" for b in found.get("broken", [])]
    for img in found.get("images", []):
        path = file_of(str(img["src"]))
        meta = png_text_chunks(path).get(FIGURE_META_KEY) if path is not None else None
        out += image_findings(float(img["shown"]), float(img["natural"]), meta, str(img["where"]))
    return out


def check_page(
    chromium: str, page: Path, width: int, notation: bool = False, first_width: bool = True
) -> tuple[list[str], int]:
    """The problems of ``page`` at ``width`` and the page height in px."""
    found, dom = measure(chromium, page, width)
    problems = [str(p) for p in found["problems"]]  # type: ignore[attr-defined]
    problems += layout_findings(found, notation, first_width)
    source = page.read_text(encoding="utf-8")
    expected = len(re.findall(r'<div class="math[ "]', source))
    problems += check_dom(dom, expected)
    remote = [a or b for a, b in REMOTE_ASSET.findall(source)]
    if remote:
        problems.append("loads from the network: " + ", ".join(sorted(set(remote))[:3]))
    if page.name != "contributing.html" and SEED_FILE.search(visible_text(dom)):
        problems.append(
            "names a seed file (cite the work instead; the mapping is on the "
            "contributing page only)"
        )
    return problems, int(found["height"])  # type: ignore[call-overload]


def screenshot(chromium: str, page: Path, width: int, height: int, shot: Path) -> list[str]:
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    size = f"--window-size={width},{max(600, min(height, 30000))}"
    run_chromium(
        chromium, [f"--screenshot={shot}", size, "--virtual-time-budget=4000"], page.as_uri()
    )
    if not shot.is_file() or shot.stat().st_size < 10_000:
        return [f"screenshot {shot} missing or nearly empty"]
    if shot.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        return [f"screenshot {shot} is not a PNG"]
    return []


KINDS = (
    "overflow",
    "ascii-art",
    "wrap-mark",
    "raw-tex",
    "sympy-syntax",
    "repeated-row",
    "repeated-conjunct",
    "broken-word",
    "image-text",
    "figure-number",
)


def kind_of(problem: str) -> str:
    """The check a problem line comes from (its ``kind:`` prefix; ``other`` for the rest)."""
    head = problem.split(":", 1)[0]
    if head in KINDS:
        return head
    if "wider than" in problem or "scrolls horizontally" in problem:
        return "overflow"
    if problem.startswith("staircase"):
        return "staircase"
    return "other"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    p.add_argument("--page", action="append", help="page relative to --html (default: all)")
    p.add_argument("--widths", default="1280,800", help="window widths in px (comma-separated)")
    p.add_argument("--shots", type=Path, default=ROOT / "_build" / "screenshots")
    p.add_argument("--chromium", default=None, help="path of the chromium binary")
    args = p.parse_args(argv)

    try:
        widths = [int(w) for w in args.widths.split(",") if w.strip()]
    except ValueError:
        print(
            f"check_math: --widths {args.widths!r}: expected integers like 1280,800",
            file=sys.stderr,
        )
        return 2
    if args.page:
        pages = [(args.html / q).resolve() for q in args.page]
    else:
        pages = sorted(
            q
            for q in args.html.rglob("*.html")
            if q.name not in SKIP_PAGES
            and "_static" not in q.parts
            and "_sources" not in q.parts
            and not q.name.startswith(".check-")
        )
    missing = [q for q in pages if not q.is_file()]
    if not pages or missing:
        print(
            f"check_math: pages {missing or args.html} not found; run `make docs` first",
            file=sys.stderr,
        )
        return 2
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print("check_math: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    failed = 0
    tally: Counter[str] = Counter()
    for page in pages:
        rel = page.relative_to(args.html.resolve()).as_posix()
        family = rel.startswith("generated/") and page.stem not in ("index", "ledger")
        notation = NOTATION_PAGES.match(rel) is not None
        for i, width in enumerate(widths):
            problems, height = check_page(chromium, page, width, notation, i == 0)
            tally.update(kind_of(p) for p in problems)
            if family:
                shot = args.shots.resolve() / f"{page.stem}-{width}.png"
                problems += screenshot(chromium, page, width, height, shot)
            for problem in problems:
                print(f"check_math: FAIL {rel} @{width}px: {problem}", file=sys.stderr)
            if problems:
                failed += 1
            else:
                print(f"check_math: ok {rel} @{width}px")
    if failed:
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(tally.items()))
        print(
            f"check_math: {failed} page/width combinations fail; findings: {counts}",
            file=sys.stderr,
        )
        return 1
    print(
        f"check_math: all {len(pages)} pages pass at {', '.join(map(str, widths))} px; "
        f"screenshots of the family pages in {args.shots}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
