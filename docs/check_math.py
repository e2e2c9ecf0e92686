"""Check every built page in a real browser, as a reader sees it, offline (``make docs-check``).

Usage (after ``make docs``)::

    python docs/check_math.py [--html docs/_build/html] [--page generated/sigmoid.html ...]
                              [--widths 1280,800] [--shots docs/_build/screenshots]
                              [--chromium PATH]

Runs Debian's Chromium headless from ``file://`` with every network path closed (a dead proxy,
every host name unresolvable, no background or component traffic, a fresh profile). For every
page (default: every ``.html`` of the build but the search page) and every window width
(default 1280 px and 800 px) a copy of the page with a small measuring script is loaded with
``--dump-dom``; the script writes what the browser laid out into the DOM, and this program
asserts:

1. every ``<math>`` element is typeset (a MathML element with a non-empty box), and a page with
   math blocks has at least one ``<math>`` per block;
2. no raw LaTeX (``\\frac``, ``\\sigma``, ``\\left``, ``\\begin``, …) in the visible text;
3. nothing is wider than the content column: the page has no horizontal scroll, and no math
   block, derivation table, table or figure extends past the right edge of the article or
   scrolls inside its own box;
4. no page but the contributing page names a seed file ("seed 00x"), and no page loads a
   script, stylesheet, image or frame from the network;
5. no staircase: in every derivation table, row 1 has its left-hand side, and the typeset
   relation and expression of all rows start at the same x (within 1 px).

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
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
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
    probe = page.with_name(f".check-{page.name}")
    probe.write_text(source.replace("</body>", MEASURE_JS + "</body>", 1), encoding="utf-8")
    try:
        dom = run_chromium(
            chromium,
            ["--dump-dom", f"--window-size={width},900", "--virtual-time-budget=4000"],
            probe.as_uri(),
        )
    finally:
        probe.unlink(missing_ok=True)
    m = re.search(r'<pre id="gradproof-measure">(.*?)</pre>', dom, flags=re.S)
    if m is None:
        return {"problems": ["the measuring script did not run"], "math": 0, "height": 0}, dom
    dom = dom[: m.start()] + dom[m.end() :]
    return json.loads(html.unescape(m.group(1))), dom


def check_page(chromium: str, page: Path, width: int) -> tuple[list[str], int]:
    """The problems of ``page`` at ``width`` and the page height in px."""
    found, dom = measure(chromium, page, width)
    problems = [str(p) for p in found["problems"]]  # type: ignore[attr-defined]
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
    for page in pages:
        rel = page.relative_to(args.html.resolve()).as_posix()
        family = rel.startswith("generated/") and page.stem not in ("index", "ledger")
        for width in widths:
            problems, height = check_page(chromium, page, width)
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
        print(f"check_math: {failed} page/width combinations fail", file=sys.stderr)
        return 1
    print(
        f"check_math: all {len(pages)} pages pass at {', '.join(map(str, widths))} px; "
        f"screenshots of the family pages in {args.shots}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
