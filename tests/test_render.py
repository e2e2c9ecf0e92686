"""``gradproof render``: pages printed from the checked objects; deterministic; offline math."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from gradproof import claims as claims_module
from gradproof.claims import Claim, Outcome, numeric, register, run_claim, symbolic
from gradproof.cli import main
from gradproof.derivation import Derivation, Step
from gradproof.registry import all_claims
from gradproof.render import (
    derivation_latex,
    derivation_rows,
    md_text,
    render,
    results_from_json,
    run_all,
    safe_latex,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"
SIGMOID_IDS = [
    "sigmoid_prime_eq",
    "sigmoid_prime_max",
    "weighted_sigmoid_prime_bound",
    "gaussian_weight_usually_small",
]


def _mathml_ext() -> Any:
    """docs/_ext/mathml.py, the converter the Sphinx build uses."""
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import mathml
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    return mathml


def _sigmoid_claims() -> list[Claim]:
    return [c for c in all_claims() if c.family == "sigmoid"]


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rendering_the_sigmoid_family_twice_gives_identical_bytes(tmp_path: Path) -> None:
    claims = _sigmoid_claims()
    assert [c.id for c in claims] == SIGMOID_IDS
    first = render(tmp_path / "a", claims, run_all(claims), figures=True)
    second = render(tmp_path / "b", claims, run_all(claims), figures=True)
    a, b = _tree_bytes(tmp_path / "a"), _tree_bytes(tmp_path / "b")
    assert set(a) == {"index.md", "ledger.md", "sigmoid.md", "figures/sigmoid.png"}
    assert not first.figure_errors and not second.figure_errors
    # the seconds are run-dependent and live in the ledger only; everything else is identical
    for name in ("index.md", "sigmoid.md", "figures/sigmoid.png"):
        assert a[name] == b[name], f"{name} differs between two renders"
    ledger_a = a["ledger.md"].decode().splitlines()
    ledger_b = b["ledger.md"].decode().splitlines()
    assert len(ledger_a) == len(ledger_b)
    strip = [line.rsplit("|", 2)[0] for line in ledger_a[4:]]
    assert strip == [line.rsplit("|", 2)[0] for line in ledger_b[4:]]


def test_family_page_has_every_claim_derivation_step_and_evidence_result(tmp_path: Path) -> None:
    claims = _sigmoid_claims()
    results = run_all(claims)
    render(tmp_path, claims, results, figures=False)
    page = (tmp_path / "sigmoid.md").read_text(encoding="utf-8")
    for claim in claims:
        assert f"({claim.id})=\n## `{claim.id}`" in page  # anchor + heading
        assert md_text(claim.statement) in page
        assert md_text(claim.source) in page
        for derivation in claim.derivations:
            assert isinstance(derivation, Derivation)
            assert md_text(derivation.title) in page
            for rel, tex, why in derivation.latex():
                assert tex in page, f"{claim.id}: step LaTeX {tex!r} missing"
                assert md_text(why) in page
                if rel:
                    assert f"& {rel} & {tex} &" in page
        for ev, res in zip(claim.evidence, results[claim.id].evidence, strict=True):
            assert md_text(ev.description) in page
            assert md_text(res.detail) in page
    # a figure not drawn is named with the command that draws it
    assert "gradproof plot sigmoid" in page
    # the sign argument of sigmoid_prime_max appears as its ≥ link
    assert r"& \ge & 0 &" in page


def test_ledger_has_one_row_per_claim_with_status_and_seconds(tmp_path: Path) -> None:
    claims = _sigmoid_claims()
    results = run_all(claims)
    render(tmp_path, claims, results, figures=False)
    rows = [
        line
        for line in (tmp_path / "ledger.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| {ref}")
    ]
    assert [r.split("`")[1].split(" ")[0] for r in rows] == SIGMOID_IDS
    for row, claim in zip(rows, claims, strict=True):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[3] == ", ".join(claim.kinds)
        assert cells[4] == "proved"
        assert cells[5] == f"{results[claim.id].seconds:.2f}"


@pytest.fixture
def synthetic_claim() -> Iterator[Claim]:
    """A claim registered at runtime in a family of its own; removed again afterwards."""
    x = sp.Symbol("x", real=True)
    derivation = Derivation(
        title="(x + 1)² expands",
        assumptions="x real",
        steps=(Step((x + 1) ** 2, "definition"), Step(x**2 + 2 * x + 1, "binomial formula")),
        conclusion="(x + 1)² = x² + 2x + 1",
    )

    def expands() -> Outcome:
        """The square of x + 1 expands to x² + 2x + 1."""
        return derivation.check()

    def at_three() -> Outcome:
        """At x = 3 both sides are 16."""
        return Outcome.of((3 + 1) ** 2 == 16, "(3 + 1)² = 16 = 9 + 6 + 1")

    claim = register(
        Claim(
            id="synthetic_square_expands",
            statement="(x + 1)² = x² + 2x + 1 for every real x.",
            source="test fixture",
            evidence=(symbolic(expands), numeric(at_three)),
            derivations=(derivation,),
        ),
        family="synthetic_family",
    )
    try:
        yield claim
    finally:
        claims_module._REGISTRY.pop(claim.id, None)


def test_a_claim_registered_at_runtime_gets_its_page_and_ledger_row(
    tmp_path: Path, synthetic_claim: Claim
) -> None:
    everything = all_claims()
    assert synthetic_claim.id in [c.id for c in everything]
    results = {synthetic_claim.id: run_claim(synthetic_claim)}
    done = render(tmp_path, everything, results, figures=False)
    page = (tmp_path / "synthetic_family.md").read_text(encoding="utf-8")
    assert "(synthetic_square_expands)=" in page
    assert "x^{2} + 2 x + 1" in page
    assert "all 1 links established symbolically" in page
    assert "synthetic_family" in (tmp_path / "index.md").read_text(encoding="utf-8")
    ledger = (tmp_path / "ledger.md").read_text(encoding="utf-8")
    assert "{ref}`synthetic_square_expands <synthetic_square_expands>`" in ledger
    # every other claim still has its section, marked as not run in this render
    for claim in everything:
        family_page = (tmp_path / f"{claim.family}.md").read_text(encoding="utf-8")
        assert f"({claim.id})=" in family_page
    assert synthetic_claim.id not in done.not_passed
    assert set(done.not_passed) == {c.id for c in everything} - {synthetic_claim.id}


def test_every_derivation_of_every_claim_converts_to_mathml() -> None:
    mathml = _mathml_ext()
    derivations = [
        (c.id, d) for c in all_claims() for d in c.derivations if isinstance(d, Derivation)
    ]
    assert len(derivations) >= 4
    fallbacks = []
    for claim_id, derivation in derivations:
        out = mathml.to_mathml(derivation_latex(derivation), "block")  # raises if unsupported
        assert out.count("<mtr>") == len(derivation.steps), claim_id
        for (_, tex, _), (_, guarded, _, _) in zip(
            derivation.latex(), derivation_rows(derivation), strict=True
        ):
            if guarded != tex:
                fallbacks.append((claim_id, tex))
    # SymPy's printing of today's derivations needs no fallback; a new one would be listed here
    assert fallbacks == []


def test_latex_the_converter_cannot_handle_falls_back_to_plain_text() -> None:
    mathml = _mathml_ext()
    for bad in (r"\unknownmacro{x}", r"\left( x", "x^"):
        with pytest.raises(ValueError, match="latex2mathml"):
            mathml.to_mathml(bad, "inline")
        guarded = safe_latex(bad, "x + 1")
        assert guarded == r"\text{x + 1}"
        assert "<mtext>" in mathml.to_mathml(guarded, "inline")
    assert safe_latex(r"\frac{1}{4}", "1/4") == r"\frac{1}{4}"


def test_plain_text_is_escaped_so_markdown_shows_it_verbatim() -> None:
    from markdown_it import MarkdownIt

    text = "|w| < 1 ⇒ *not emphasis* $not math$ [not a link](x) <b>not html</b> a_b_c"
    html = MarkdownIt("commonmark").render(md_text(text))
    assert "<em>" not in html and "<a " not in html and "<b>" not in html
    assert "*not emphasis*" in html and "$not math$" in html and "&lt;b&gt;" in html


def test_results_from_verify_json_give_the_same_ledger(tmp_path: Path) -> None:
    claims = _sigmoid_claims()[:1]
    results = run_all(claims)
    report = {"claims": [r.as_json() for r in results.values()], "passed": 1, "failed": 0}
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    render(tmp_path / "direct", claims, results, figures=False)
    render(tmp_path / "json", claims, results_from_json(path), figures=False)
    direct = (tmp_path / "direct" / "sigmoid.md").read_text(encoding="utf-8")
    from_json = (tmp_path / "json" / "sigmoid.md").read_text(encoding="utf-8")
    assert direct == from_json


def test_render_command_rejects_a_bad_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a report"}', encoding="utf-8")
    assert main(["render", str(tmp_path / "out"), "--from-json", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "--from-json" in err and "gradproof verify --json" in err
    assert not (tmp_path / "out").exists()


def test_unconvertible_math_in_a_page_fails_the_sphinx_build(tmp_path: Path) -> None:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "extensions = ['myst_parser', 'mathml']\nhtml_math_renderer = 'mathml'\n"
        "myst_enable_extensions = ['dollarmath', 'amsmath']\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Page\n\nInline $\\sigma'(z)$ and\n\n$$\n\\frac{1}{4} \\unknownmacro\n$$\n",
        encoding="utf-8",
    )
    warnings = io.StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(tmp_path / "out"),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    assert app.statuscode == 0
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<math" in html and "&#x003C3;" in html  # the inline σ was converted
    assert "math-source" in html  # the unconvertible block is shown as source …
    # … and reported as a warning naming the formula, which `sphinx -W` turns into a failure
    assert "latex2mathml" in warnings.getvalue() and "unknownmacro" in warnings.getvalue()
