"""Check in a real browser that a built derivation page shows typeset math, offline.

Usage (after ``make docs``)::

    python docs/check_math.py [--html docs/_build/html] [--page generated/sigmoid.html ...]
                              [--screenshot docs/_build/derivation.png] [--chromium PATH]

Runs Debian's Chromium headless from ``file://`` with every network path closed (a dead proxy,
every host name unresolvable, no background or component traffic, a fresh profile) and

1. ``--dump-dom`` for each page (default: the sigmoid page, and the chain page with the largest
   formulas and an inline notation line): asserts the rendered DOM contains MathML ``<math>``
   elements (at least one per math block of the page) and fractions, and that no raw LaTeX
   (``\\frac``, ``\\sigma``, ``\\left``, ``\\begin``, …) is left in the page's visible text;
2. ``--screenshot``: writes a PNG of the first page (1200×1600) and asserts it is a non-trivial
   PNG.

Exit code 0 when both pass, 1 when a check fails, 2 when the page or Chromium is missing.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_PAGES = ("generated/sigmoid.html", "generated/chain.html")
RAW_LATEX = re.compile(
    r"\\(frac|sigma|left|right|begin|end|operatorname|mathrm|sqrt|prod|sum|le|ge)\b"
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
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


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
    """The page text outside <math>, <script>, <style> and tag markup (entities decoded)."""
    body = re.sub(r"<(script|style|math)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def check_dom(dom: str, expected_blocks: int) -> list[str]:
    problems = []
    n_math = len(re.findall(r"<math\b", dom))
    if n_math == 0:
        problems.append("no <math> element in the rendered page: the math was not typeset")
    elif n_math < expected_blocks:
        problems.append(f"{n_math} <math> elements, fewer than the {expected_blocks} math blocks")
    if "<mfrac" not in dom:
        problems.append("no <mfrac> in the page: fractions were not typeset")
    raw = sorted(set(RAW_LATEX.findall(visible_text(dom))))
    if raw:
        problems.append("raw LaTeX left in the page text: " + ", ".join("\\" + r for r in raw))
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    p.add_argument(
        "--page",
        action="append",
        help="page to check, relative to --html (repeatable; default: the sigmoid and chain pages)",
    )
    p.add_argument("--screenshot", type=Path, default=ROOT / "_build" / "derivation.png")
    p.add_argument("--chromium", default=None, help="path of the chromium binary")
    args = p.parse_args(argv)

    pages = [(args.html / p).resolve() for p in args.page or DEFAULT_PAGES]
    for page in pages:
        if not page.is_file():
            print(f"check_math: page {page} not found; run `make docs` first", file=sys.stderr)
            return 2
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print("check_math: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    failed = False
    for page in pages:
        url = page.as_uri()
        source = page.read_text(encoding="utf-8")
        expected = len(re.findall(r'<div class="math', source))
        dom = run_chromium(chromium, ["--dump-dom"], url)
        problems = check_dom(dom, expected)
        for problem in problems:
            print(f"check_math: FAIL {url}: {problem}", file=sys.stderr)
        if problems:
            failed = True
        else:
            n_math = len(re.findall(r"<math\b", dom))
            print(f"check_math: ok {url}: {n_math} <math> elements, no raw LaTeX")

    url = pages[0].as_uri()
    problems = []
    shot = args.screenshot.resolve()
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    run_chromium(chromium, [f"--screenshot={shot}", "--window-size=1200,1600"], url)
    if not shot.is_file() or shot.stat().st_size < 10_000:
        problems.append(f"screenshot {shot} missing or nearly empty")
    elif shot.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        problems.append(f"screenshot {shot} is not a PNG")

    for problem in problems:
        print(f"check_math: FAIL {url}: {problem}", file=sys.stderr)
    if failed or problems:
        return 1
    print(f"check_math: ok: screenshot of {url} in {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
