"""Render the claims as MyST Markdown pages: the docs are printed from the checked objects.

:func:`render` writes, into one folder,

* one page per claim family (``<family>.md``; ``Claim.family``, i.e. the claim module's short
  name) with, for every claim of the family: an anchored heading named by the claim id, the
  statement, the source citation, the notes, every :class:`~gradproof.derivation.Derivation`
  (title, assumptions, the chain as display math from :meth:`Derivation.latex`, each step's
  justification, the conclusion), every evidence check (kind, description, the detail of its run
  — certified enclosures, tolerances and all) and the claim's figures;
* ``ledger.md``: one table row per claim (id, statement, source, evidence kinds, status, seconds);
* ``index.md``: a toctree of the ledger and the family pages;
* ``figures/<name>.png`` for every figure named in some ``Claim.figures``.

Everything comes from ONE run of every claim (:func:`run_all`, the same judgement as
``gradproof verify``) or from a ``gradproof verify --json`` report (:func:`results_from_json`).
The output is deterministic: the family pages and the index are the same bytes for the same
claims and results; the only run-dependent numbers, the seconds, appear in the ledger alone
(rounded to 0.01 s). Evidence details are printed as the checks return them, so a check whose
detail contains its own timing would make its page vary; the checks of this package do not.

LaTeX comes from SymPy's printer (``sympy.latex``) via :meth:`Derivation.latex`; each row is
checked with latex2mathml (the converter the docs use, the ``docs`` extra) and a row it cannot
convert is replaced by the expression's plain text, so the pages always build.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gradproof.claims import Claim, ClaimResult, EvidenceResult, Status

#: Decimal places of the seconds in the ledger (the only run-dependent numbers rendered).
LEDGER_SECONDS_DIGITS = 2

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|#~{}])")


def md_text(text: str) -> str:
    """Plain text made safe for one Markdown paragraph or table cell.

    Whitespace (newlines included) collapses to single spaces, and every character Markdown/MyST
    would interpret (emphasis, links, HTML, ``$`` math, ``|`` table cells, roles) is
    backslash-escaped, so the text appears exactly as written.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _rst_literals_to_md(text: str) -> str:
    """``x`` (reST literal) → `x` (Markdown code) in short titles taken from docstrings."""
    parts = re.split(r"``(.+?)``", text)
    out = []
    for i, part in enumerate(parts):
        out.append(f"`{part}`" if i % 2 else md_text(part))
    return "".join(out)


# --------------------------------------------------------------------------- LaTeX guard


def latex_converts(tex: str) -> bool:
    """True when latex2mathml turns ``tex`` into MathML without an error.

    Without latex2mathml installed (the ``docs`` extra) nothing can be checked and every row is
    accepted as SymPy printed it.
    """
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - depends on the installed extras
        return True
    try:
        out = convert(tex)
    except Exception:
        return False
    return not unconverted_latex(out)


_LEFTOVER = re.compile(r"<mi>&</mi>|>\\[A-Za-z]+<")


def unconverted_latex(mathml: str) -> list[str]:
    r"""What latex2mathml passed through unconverted: an unknown macro (``<mi>oo</mi>``) or
    an alignment ``&`` outside a supported environment (``<mi>&</mi>``, not even valid XML)."""
    return _LEFTOVER.findall(mathml)


_TEXT_SPECIAL = re.compile(r"([\\{}$&#^_%~])")


def text_latex(text: str) -> str:
    r"""``text`` as LaTeX upright text (``\text{…}``), special characters blanked out."""
    cleaned = _TEXT_SPECIAL.sub(lambda m: "" if m.group(1) == "\\" else " ", " ".join(text.split()))
    return r"\text{" + cleaned + "}"


def safe_latex(tex: str, fallback: str) -> str:
    """``tex`` when it converts to MathML, else ``fallback`` (plain text, e.g. ``str(expr)``)."""
    if latex_converts(tex):
        return tex
    return text_latex(fallback)


def derivation_rows(derivation: Any) -> list[tuple[str, str, str, str]]:
    """``(relation LaTeX, expression LaTeX, justification, source)`` for each step, guarded.

    The relation and expression come from :meth:`Derivation.latex` (SymPy's printer); an
    expression latex2mathml cannot convert is replaced by SymPy's plain-text form.
    """
    rows = []
    for (rel, tex, why), step in zip(derivation.latex(), derivation.steps, strict=True):
        rows.append((rel, safe_latex(tex, str(step.expr)), why, getattr(step, "source", "")))
    return rows


def derivation_latex(derivation: Any) -> str:
    r"""The chain as one ``array`` (columns: lhs, relation, expression, step number).

    ``aligned`` is not supported by latex2mathml, ``array`` is (it becomes a MathML ``mtable``).
    Row 1 starts with ``lhs =`` when the derivation has a left-hand side.
    """
    import sympy as sp

    rows = derivation_rows(derivation)
    lines = []
    for i, (rel, tex, _why, _src) in enumerate(rows):
        if i == 0:
            lhs = getattr(derivation, "lhs", None)
            left = safe_latex(sp.latex(lhs), str(lhs)) if lhs is not None else tex
            mid, right = ("=", tex) if lhs is not None else ("", "")
        else:
            left, mid, right = "", rel, tex
        lines.append(f"{left} & {mid} & {right} & \\quad ({i + 1})")
    return "\\begin{array}{rcll}\n" + " \\\\\n".join(lines) + "\n\\end{array}"


def derivation_markdown(derivation: Any, number: int = 1) -> str:
    """One derivation as MyST Markdown: title, assumptions, display math, justifications."""
    out = [f"#### Derivation {number}: {md_text(derivation.title)}", ""]
    if getattr(derivation, "assumptions", ""):
        out += [f"*Assumptions:* {md_text(derivation.assumptions)}", ""]
    out += ["$$", derivation_latex(derivation), "$$", ""]
    for i, (_rel, _tex, why, source) in enumerate(derivation_rows(derivation)):
        cite = f" ({md_text(source)})" if source else ""
        label = "start" if i == 0 else "by"
        out.append(f"{i + 1}. {label}: {md_text(why)}{cite}")
    out.append("")
    if getattr(derivation, "conclusion", ""):
        out += [f"*Conclusion:* {md_text(derivation.conclusion)}", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Rendered:
    """What was written: the page paths and the figures that could not be drawn (with why)."""

    pages: tuple[Path, ...]
    figures: tuple[Path, ...] = ()
    figure_errors: Mapping[str, str] = field(default_factory=dict)
    not_passed: tuple[str, ...] = ()


def run_all(
    claims: Sequence[Claim], progress: Callable[[ClaimResult], None] | None = None
) -> dict[str, ClaimResult]:
    """Run every claim once, as ``gradproof verify`` does (under its hypothesis profile)."""
    from gradproof.claims import run_claim
    from gradproof.properties import verify_profile

    results: dict[str, ClaimResult] = {}
    for claim in claims:
        with verify_profile():
            result = run_claim(claim)
        results[claim.id] = result
        if progress is not None:
            progress(result)
    return results


def results_from_json(report: Mapping[str, Any] | str | Path) -> dict[str, ClaimResult]:
    """Results from a ``gradproof verify --json`` report (a dict, a JSON string or a file path)."""
    if isinstance(report, Path):
        data: Any = json.loads(report.read_text(encoding="utf-8"))
    elif isinstance(report, str):
        data = json.loads(report)
    else:
        data = report
    if not isinstance(data, Mapping) or not isinstance(data.get("claims"), list):
        raise ValueError(
            "report: expected the output of `gradproof verify --json` "
            '({"claims": [...], "passed": int, "failed": int})'
        )
    results: dict[str, ClaimResult] = {}
    for entry in data["claims"]:
        evidence = tuple(
            EvidenceResult(kind=e["kind"], ok=bool(e["ok"]), detail=str(e["detail"]))
            for e in entry["evidence"]
        )
        status: Status = entry["status"]
        results[entry["id"]] = ClaimResult(
            entry["id"], entry["source"], status, evidence, float(entry["seconds"])
        )
    return results


# --------------------------------------------------------------------------- pages


def _status(result: ClaimResult | None) -> str:
    """The status as shown (plain words: emoji fonts are not everywhere); failures in capitals."""
    if result is None:
        return "not run"
    return result.status if result.passed else f"**{result.status.upper()}**"


def family_title(family: str) -> str:
    """A family's title: the first line of its module's docstring (else the family name)."""
    from gradproof.registry import CLAIM_PACKAGES

    for package in CLAIM_PACKAGES:
        try:
            module = importlib.import_module(f"{package}.{family}")
        except Exception:
            continue
        doc = (module.__doc__ or "").strip()
        if doc:
            first = doc.splitlines()[0].strip().rstrip(".")
            return f"{family}: {_rst_literals_to_md(first)}"
    return md_text(family)


def family_module(family: str) -> str:
    """The dotted name of the module that defines ``family`` (empty when none imports)."""
    from gradproof.registry import CLAIM_PACKAGES

    for package in CLAIM_PACKAGES:
        try:
            importlib.import_module(f"{package}.{family}")
        except Exception:
            continue
        return f"{package}.{family}"
    return ""


def claim_markdown(
    claim: Claim, result: ClaimResult | None, figure_files: Mapping[str, str] | None = None
) -> str:
    """One claim's section (heading with an anchor named by the id, then everything about it)."""
    out = [f"({claim.id})=", f"## `{claim.id}`", ""]
    out += [f"**Statement.** {md_text(claim.statement)}", ""]
    out += [f"**Source.** {md_text(claim.source)}", ""]
    if claim.notes:
        out += [f"**Notes.** {md_text(claim.notes)}", ""]
    kinds = ", ".join(f"`{k}`" for k in claim.kinds)
    out += [f"**Evidence kinds.** {kinds} — **status:** {_status(result)}", ""]
    derivations = [d for d in claim.derivations if hasattr(d, "latex")]
    if derivations:
        out += ["### Derivations", ""]
        for n, derivation in enumerate(derivations, 1):
            out.append(derivation_markdown(derivation, n))
    out += ["### Evidence", ""]
    ran = list(result.evidence) if result is not None else []
    for i, ev in enumerate(claim.evidence):
        line = f"- **{ev.kind}** — {md_text(ev.description)}"
        if i < len(ran):
            r = ran[i]
            mark = "holds" if r.ok else ("raised" if r.raised else "FAILS")
            line += f"  \n  *Result ({mark}):* {md_text(r.detail)}"
        out.append(line)
    out.append("")
    figure_files = figure_files or {}
    for name in claim.figures:
        if name in figure_files:
            out += [f"![figure {md_text(name)}]({figure_files[name]})", ""]
        else:
            out += [
                f"*Figure `{name}` is not drawn here:* make it with `gradproof plot {name}`.",
                "",
            ]
    return "\n".join(out)


def family_markdown(
    family: str,
    claims: Sequence[Claim],
    results: Mapping[str, ClaimResult],
    figure_files: Mapping[str, str] | None = None,
) -> str:
    """The page of one family: title, module, a list of its claims, then each claim's section."""
    module = family_module(family)
    out = [f"# {family_title(family)}", ""]
    if module:
        out += [
            f"Claims defined in `{module}`, rendered from the objects `gradproof verify` checks.",
            "",
        ]
    for claim in claims:
        out.append(f"- {{ref}}`{claim.id} <{claim.id}>` — {md_text(claim.statement)}")
    out.append("")
    for claim in claims:
        out.append(claim_markdown(claim, results.get(claim.id), figure_files))
    return "\n".join(out).rstrip("\n") + "\n"


def ledger_markdown(claims: Sequence[Claim], results: Mapping[str, ClaimResult]) -> str:
    """The claims ledger: one table row per claim (seconds rounded to 0.01 s)."""
    ok = sum(1 for c in claims if c.id in results and results[c.id].passed)
    total_seconds = sum(results[c.id].seconds for c in claims if c.id in results)
    out = [
        "# Claims ledger",
        "",
        f"{len(claims)} claims, {ok} proved or confirmed, {len(claims) - ok} not, in one run of "
        f"every claim ({total_seconds:.{LEDGER_SECONDS_DIGITS}f} s of checks). A claim is "
        "*proved* when a `symbolic` or `certified` check holds and none fails, *confirmed* when "
        "only `numeric`/`property` checks exist and all hold.",
        "",
        "| id | statement | source | evidence | status | seconds |",
        "| --- | --- | --- | --- | --- | ---: |",
    ]
    for c in claims:
        r = results.get(c.id)
        seconds = f"{r.seconds:.{LEDGER_SECONDS_DIGITS}f}" if r is not None else "–"
        out.append(
            f"| {{ref}}`{c.id} <{c.id}>` | {md_text(c.statement)} | {md_text(c.source)} | "
            f"{', '.join(c.kinds)} | {_status(r)} | {seconds} |"
        )
    return "\n".join(out) + "\n"


def index_markdown(families: Iterable[str]) -> str:
    """The generated section's index: the ledger and one page per family."""
    lines = [
        "# Claims and derivations",
        "",
        "Generated by `gradproof render` from the claims `gradproof verify` checks.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        "ledger",
    ]
    lines += list(families)
    lines.append("```")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- driver


def families_of(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    """Claims grouped by family, in claim (registry) order."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.family or "unsorted", []).append(claim)
    return groups


def draw_figures(
    names: Iterable[str], out_dir: Path, log: Callable[[str], None] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Draw the named figures into ``out_dir/figures``; (name → relative path, name → error)."""
    from gradproof.figures import all_figures

    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}, {}
    offered = all_figures()
    done: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in wanted:
        func = offered.get(name)
        if func is None:
            errors[name] = "no claim module offers this figure"
            continue
        if log is not None:
            log(f"figure {name}")
        try:
            path = func(out_dir / "figures")
        except Exception as exc:  # a figure must not take the docs down; reported instead
            errors[name] = f"{type(exc).__name__}: {exc}"
            continue
        done[name] = path.relative_to(out_dir).as_posix()
    return done, errors


def render(
    out_dir: Path,
    claims: Sequence[Claim] | None = None,
    results: Mapping[str, ClaimResult] | None = None,
    *,
    figures: bool = True,
    skip_figures: Iterable[str] = (),
    log: Callable[[str], None] | None = None,
) -> Rendered:
    """Write the family pages, ``ledger.md`` and ``index.md`` into ``out_dir``.

    ``claims`` defaults to every registered claim (``gradproof.registry.all_claims``);
    ``results`` to one run of them (:func:`run_all`). Claims missing from ``results`` are shown
    as "not run". ``figures=False`` skips drawing (the pages then say how to draw them).
    """
    from gradproof.registry import all_claims

    claims = list(all_claims() if claims is None else claims)
    if results is None:
        results = run_all(claims, None if log is None else lambda r: log(f"{r.id}: {r.status}"))
    out_dir.mkdir(parents=True, exist_ok=True)
    skip = set(skip_figures)
    figure_files: dict[str, str] = {}
    figure_errors: dict[str, str] = {}
    if figures:
        names = [n for c in claims for n in c.figures if n not in skip]
        figure_files, figure_errors = draw_figures(names, out_dir, log)
    pages: list[Path] = []
    groups = families_of(claims)
    for family, members in groups.items():
        path = out_dir / f"{family}.md"
        path.write_text(family_markdown(family, members, results, figure_files), encoding="utf-8")
        pages.append(path)
    ledger = out_dir / "ledger.md"
    ledger.write_text(ledger_markdown(claims, results), encoding="utf-8")
    index = out_dir / "index.md"
    index.write_text(index_markdown(groups), encoding="utf-8")
    return Rendered(
        (index, ledger, *pages),
        tuple(out_dir / p for p in figure_files.values()),
        figure_errors,
        tuple(c.id for c in claims if c.id not in results or not results[c.id].passed),
    )
