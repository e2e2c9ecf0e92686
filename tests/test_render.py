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
from _extras import require

from gradproof import claims as claims_module
from gradproof.claims import Claim, Outcome, numeric, register, run_claim, symbolic
from gradproof.cli import main
from gradproof.derivation import Derivation, Step
from gradproof.registry import all_claims
from gradproof.render import (
    LONG_ROW_CHARS,
    abbreviate_sigmoid,
    derivation_display,
    derivation_latex,
    derivation_markdown,
    family_title,
    fraction_symbol_names,
    md_rich,
    md_text,
    name_sigmoid_arguments,
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
    """gradproof.mathml, the converter the Sphinx build (docs/_ext/mathml.py) and the notebook
    displays use."""
    from gradproof import mathml

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
    require("matplotlib")
    claims = _sigmoid_claims()
    assert [c.id for c in claims] == SIGMOID_IDS
    first = render(tmp_path / "a", claims, run_all(claims), figures=True)
    second = render(tmp_path / "b", claims, run_all(claims), figures=True)
    a, b = _tree_bytes(tmp_path / "a"), _tree_bytes(tmp_path / "b")
    assert set(a) == {"index.md", "ledger.md", "errata.md", "sigmoid.md", "figures/sigmoid.png"}
    assert not first.figure_errors and not second.figure_errors
    # the seconds are run-dependent and live in the ledger only; everything else is identical
    for name in ("index.md", "errata.md", "sigmoid.md", "figures/sigmoid.png"):
        assert a[name] == b[name], f"{name} differs between two renders"
    # two claims name the figure: it is drawn once on the page, the second claim points to it
    page = a["sigmoid.md"].decode()
    assert page.count("```{figure} figures/sigmoid.png") == 1
    assert "\nFigure 1 — σ and σ′ on \\[−8, 8\\]" in page  # numbered per page
    shown_above = (
        "{ref}`Figure 1 <figure-sigmoid-sigmoid>` (`sigmoid`) is shown above, with "
        "{ref}`sigmoid_prime_eq <sigmoid_prime_eq>`"
    )
    assert shown_above in page
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
        assert md_rich(claim.statement) in page
        assert md_text(claim.citation) in page
        for derivation in claim.derivations:
            assert isinstance(derivation, Derivation)
            assert md_rich(derivation.title) in page
            table = derivation_display(derivation).table()
            # row 1 holds the left-hand side; the rows together hold every step
            assert table[0].left and [s for row in table for s in row.steps] == list(
                range(1, len(derivation.steps) + 1)
            )
            for row in table:
                assert f"  - ${row.expression}$" in page, f"{claim.id}: row {row.steps} missing"
                for why in row.why:
                    assert md_rich(why, table=True) in page
        for ev, res in zip(claim.checks, results[claim.id].evidence, strict=True):
            assert md_rich(ev.description) in page
            assert md_rich(res.detail) in page
    # a figure not drawn is named with the command that draws it
    assert "gradproof plot sigmoid" in page
    # the sign argument of sigmoid_prime_max appears as its ≥ link, beside its justification
    assert "  - $\\ge$\n  - $0$\n  - (4) a square over a positive denominator" in page


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
    assert ":class: ledger" in (tmp_path / "ledger.md").read_text(encoding="utf-8")
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
            source="gradproof test fixture",
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
    assert "all 1 links proved by the core" in page
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
    require("docutils", "latex2mathml")
    mathml = _mathml_ext()
    derivations = [
        (c.id, d) for c in all_claims() for d in c.derivations if isinstance(d, Derivation)
    ]
    assert len(derivations) >= 4
    fallbacks = []
    for claim_id, derivation in derivations:
        out = mathml.to_mathml(derivation_latex(derivation), True)  # raises if unsupported
        assert out.count("<mtr>") == len(derivation_display(derivation).table()), claim_id
        display = derivation_display(derivation)
        fallbacks += [(claim_id, display.rows[i][1]) for i in display.fallbacks]
        for definition in display.notation:
            mathml.to_mathml(definition, False)
    # SymPy's printing of today's derivations needs no fallback; a new one would be listed here
    assert fallbacks == []


def test_latex_the_converter_cannot_handle_falls_back_to_plain_text() -> None:
    require("docutils", "latex2mathml")
    mathml = _mathml_ext()
    for bad in (r"\unknownmacro{x}", r"\left( x", "x^"):
        with pytest.raises(ValueError, match="latex2mathml"):
            mathml.to_mathml(bad, False)
        guarded = safe_latex(bad, "x + 1")
        assert guarded == r"\text{x + 1}"
        assert "<mtext>" in mathml.to_mathml(guarded, False)
    assert safe_latex(r"\frac{1}{4}", "1/4") == r"\frac{1}{4}"


def test_plain_text_is_escaped_so_markdown_shows_it_verbatim() -> None:
    require("markdown_it")
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


def test_plain_text_scripts_become_sub_and_superscripts() -> None:
    assert md_rich("σ(z) = 1/(1 + e^{−z})") == "σ(z) = 1/(1 + e{sup}`−z`)"
    assert md_rich("∏_{k=j+1}^{L} w_k") == "∏{sub}`k=j+1`{sup}`L` w{sub}`k`"
    assert md_rich("a_{j−1}, c^L, 10^−308, Σ_(k≠j)") == (
        "a{sub}`j−1`, c{sup}`L`, 10{sup}`−308`, Σ{sub}`k≠j`"
    )
    assert md_rich("every w_jσ′(z_j) = 25") == "every w{sub}`j`σ′(z{sub}`j`) = 25"
    # identifiers and symbol names keep their underscores (escaped for Markdown)
    assert md_rich("claim sigmoid_prime_eq; dC/da_4; σ_prime(z)") == (
        r"claim sigmoid\_prime\_eq; dC/da\_4; σ\_prime(z)"
    )
    # a code span stays code: a command line keeps its "--"
    assert md_rich("run `gradproof plot --list` *now*") == r"run `gradproof plot --list` \*now\*"
    # in a table cell a bar inside a role must be escaped too, and a formula is glued with
    # word joiners (U+2060) where a browser would break it inside a word
    wj = "\u2060"
    assert md_rich("e^{−|z|}", table=True) == f"e{{sup}}`−{wj}\\|{wj}z{wj}\\|`"
    assert md_rich("e^{−|z|}") == "e{sup}`−|z|`"
    assert md_rich("σ′(zₖ) and (4/|w|)(1/4)", table=True) == (
        f"σ′{wj}(zₖ) and (4/{wj}\\|{wj}w{wj}\\|{wj}){wj}(1/4)"
    )


def test_symbols_named_like_fractions_print_as_fractions() -> None:
    dc_da4, d_c_db3 = sp.Symbol("dC/da_4"), sp.Symbol("|∂C/∂b₃|")
    w2 = sp.Symbol("w_2")
    names = fraction_symbol_names([dc_da4 * w2 * d_c_db3])
    assert names == {dc_da4: r"\frac{dC}{da_{4}}"}  # |…| and plain symbols are left alone
    tex = sp.latex(dc_da4 * w2, symbol_names=names)
    assert tex.startswith(r"\frac{dC}{da_{4}}") and "w_{2}" in tex
    # inside a fraction the slash stays: no fraction of fractions
    assert fraction_symbol_names([sp.Symbol("∂C/∂b1") / sp.Symbol("dC/da_L")]) == {}
    assert fraction_symbol_names([dc_da4 * w2 / (w2 + 1)]) == {}


def test_long_rows_abbreviate_the_sigmoid_exactly() -> None:
    require("docutils", "latex2mathml")
    a0 = sp.Symbol("a_0", real=True)
    w = sp.symbols("w_1:5", real=True)
    b = sp.symbols("b_1:5", real=True)

    def sig(u: sp.Expr) -> sp.Expr:
        return 1 / (1 + sp.exp(-u))

    acts = [a0]
    for k in range(4):
        acts.append(sig(w[k] * acts[-1] + b[k]))
    a4 = acts[-1]
    # the derivative of the composition, written out: far longer than LONG_ROW_CHARS
    expanded = sp.diff(a4, b[0])
    assert len(sp.latex(expanded)) > LONG_ROW_CHARS
    derivation = Derivation(
        title="d a₄/d b₁",
        steps=(Step(sp.Derivative(a4, b[0]), "definition"), Step(expanded, "differentiate")),
    )
    assert derivation.check().ok
    display = derivation_display(derivation)
    rows = [tex for _rel, tex, _why, _src in display.rows]
    # the composition prints as the book writes it: σ of named arguments, σ′ for σ(1 − σ)
    assert r"\frac{1}{" not in rows[1] and "z_{4}" in rows[1] and r"\sigma'" in rows[1]
    assert r"\sigma\left(z_{4}\right)" in rows[0] and "e^{" not in rows[0]
    assert [n.split(" = ")[0] for n in display.notation] == ["z_{1}", "z_{2}", "z_{3}", "z_{4}"]
    assert "b_{1}" in display.notation[0]  # the names show what they depend on
    # σ-abbreviation is the same expression: putting the definitions back gives it unchanged
    from gradproof.typeset import SIGMA, SIGMA_PRIME

    short = abbreviate_sigmoid(expanded)
    assert short != expanded
    back = short.replace(SIGMA_PRIME, lambda u: sp.exp(-u) / (1 + sp.exp(-u)) ** 2)
    back = back.replace(SIGMA, lambda u: sig(u))
    assert sp.simplify(back - expanded) == 0
    # and so are the named arguments: substituting z₄, …, z₁ back gives the σ form unchanged
    named, definitions = name_sigmoid_arguments({1: short}, "z")
    assert [str(name) for name, _ in definitions] == ["z_1", "z_2", "z_3", "z_4"]
    assert definitions[0][1] == a0 * w[0] + b[0]
    restored = named[1]
    for name, value in reversed(definitions):
        restored = restored.xreplace({name: value})
    assert sp.simplify(restored - short) == 0
    mathml = _mathml_ext()
    out = mathml.to_mathml(derivation_latex(derivation, display), True)
    assert out.count("<mtr>") == 1  # no left-hand side: row 1 is e₀ = e₁
    for definition in display.notation:
        mathml.to_mathml(definition, False)  # raises if latex2mathml cannot convert it


def test_family_titles_leave_out_the_developers_claims_file() -> None:
    for family in {c.family for c in all_claims()}:
        title = family_title(family)
        assert title.startswith(f"{family}: ") and len(title) > len(family) + 3
        assert "CLAIMS.md" not in title


def _build_html(src: Path, tmp_path: Path) -> tuple[Any, io.StringIO]:
    """Build the Sphinx project in ``src`` to ``tmp_path/out`` (HTML); (app, warnings text)."""
    from sphinx.application import Sphinx

    warnings = io.StringIO()
    out, doctrees = str(tmp_path / "out"), str(tmp_path / "doctrees")
    app = Sphinx(
        str(src), str(src), out, doctrees, "html", status=None, warning=warnings, freshenv=True
    )
    app.build()
    return app, warnings


def test_unconvertible_math_in_a_page_fails_the_sphinx_build(tmp_path: Path) -> None:
    require("sphinx", "myst_parser", "latex2mathml")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "extensions = ['myst_parser', 'mathml']\nhtml_math_renderer = 'mathml'\n"
        "myst_enable_extensions = ['dollarmath', 'amsmath']\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Page\n\nInline $\\sigma'(z)$ and\n\n$$\n\\frac{1}{4} \\unknownmacro\n$$\n\n"
        + md_rich("Prose: 1/(1 + e^{−z}), x_j, `--data mnist`.")
        + "\n",
        encoding="utf-8",
    )
    app, warnings = _build_html(src, tmp_path)
    assert app.statuscode == 0
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<math" in html and "<mi>\U0001d70e′</mi>" in html  # the inline σ′ was converted
    assert "e<sup>−z</sup>" in html and "x<sub>j</sub>" in html  # the prose's scripts
    assert '<span class="pre">--data</span>' in html  # not turned into an en dash
    assert "math-source" in html  # the unconvertible block is shown as source …
    # … and reported as a warning naming the formula, which `sphinx -W` turns into a failure
    assert "latex2mathml" in warnings.getvalue() and "unknownmacro" in warnings.getvalue()


def test_the_browser_check_fails_on_raw_latex_and_missing_math() -> None:
    sys.path.insert(0, str(DOCS))
    try:
        import check_math
    finally:
        sys.path.remove(str(DOCS))
    typeset = '<p>x</p><div class="math"><math><mfrac><mn>1</mn><mn>4</mn></mfrac></math></div>'
    assert check_math.check_dom(typeset, expected_blocks=1) == []
    raw = r"<p>$$\frac{1}{4} \sigma(z)$$</p>"
    problems = check_math.check_dom(raw, expected_blocks=1)
    assert any("no <math>" in p for p in problems)
    assert any(r"\frac" in p and r"\sigma" in p for p in problems)
    # LaTeX inside <math> (e.g. an annotation) is not visible text and is not flagged
    hidden = r"<math><mfrac><mn>1</mn><mn>4</mn></mfrac><annotation>\frac{1}{4}</annotation></math>"
    assert check_math.check_dom(hidden, expected_blocks=1) == []
    assert check_math.check_dom(typeset, expected_blocks=2) != []  # fewer <math> than blocks
    # a page that fetches a script or stylesheet is caught; a plain link is not
    remote = '<script src="https://cdn.example/x.js"></script><link href="//cdn/s.css" rel="x">'
    assert len(check_math.REMOTE_ASSET.findall(remote)) == 2
    assert check_math.REMOTE_ASSET.findall('<a href="https://example.org">x</a>') == []
    assert check_math.SEED_FILE.search("see seed 001 §1")


def test_a_step_sympy_evaluated_away_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = sp.Symbol("x", positive=True)
    # e^{ln(x + 1)} is meant to show the rewriting, but SymPy evaluates it to x + 1 at once
    evaluated = Derivation(
        title="undo the logarithm",
        steps=(Step(x + 1, "start"), Step(sp.exp(sp.log(x + 1)), "e^{ln u} = u")),
    )
    kept = Derivation(
        title="undo the logarithm",
        steps=(Step(x + 1, "start"), Step(sp.exp(sp.log(x + 1), evaluate=False), "e^{ln u} = u")),
    )
    assert evaluated.check().ok and kept.check().ok
    problems = derivation_display(evaluated).problems()
    assert len(problems) == 1 and "step 2 prints exactly like step 1" in problems[0]
    assert derivation_display(kept).problems() == []

    def holds() -> Outcome:
        """The derivation's link holds."""
        return evaluated.check()

    claim = register(
        Claim(
            id="synthetic_evaluated_step",
            statement="x + 1 = e^{ln(x + 1)} for x > 0.",
            source="gradproof test fixture",
            evidence=(symbolic(holds),),
            derivations=(evaluated,),
        ),
        family="synthetic_evaluated",
    )
    try:  # two rows that print alike are an error: nothing is written
        with pytest.raises(ValueError, match="step 2 prints exactly like step 1"):
            render(tmp_path, [claim], {claim.id: run_claim(claim)}, figures=False)
    finally:
        claims_module._REGISTRY.pop(claim.id, None)
    assert not (tmp_path / "synthetic_evaluated.md").exists()


def test_the_api_page_documents_every_verified_formula(tmp_path: Path) -> None:
    require("sphinx", "myst_parser", "latex2mathml")
    import re
    import shutil

    import gradproof.numerics.formulas as formulas

    src = tmp_path / "src"
    src.mkdir()
    for name in ("conf.py", "api.md", "references.bib"):
        shutil.copy(DOCS / name, src / name)
    for folder in ("_ext", "_static"):
        shutil.copytree(DOCS / folder, src / folder)
    (src / "index.md").write_text("# T\n\n```{toctree}\napi\n```\n", encoding="utf-8")
    app, warnings = _build_html(src, tmp_path)
    # (a second Sphinx app in one process re-registers Sphinx's own nodes, and the links to
    # the other pages have no target in this one-page build: not about this page)
    real = [
        w
        for w in warnings.getvalue().splitlines()
        if "already registered" not in w and "unknown document" not in w
    ]
    assert app.statuscode == 0 and real == []
    page = (tmp_path / "out" / "api.html").read_text(encoding="utf-8")
    # the public names, under the names a user imports (issue 21: not internals like
    # typeset.latex or render.render, and no signature showing Any)
    functions = (
        "gradproof.check",
        "gradproof.check_steps",
        "gradproof.testing.assert_claim",
        "gradproof.testing.check_backprop",
        "gradproof.testing.assert_backprop",
        "gradproof.registry.all_claims",
        "gradproof.registry.select",
        "gradproof.claims.run_claim",
    )
    classes = (
        "gradproof.checker.CheckResult",
        "gradproof.checker.StepsResult",
        "gradproof.testing.BackpropReport",
        "gradproof.claims.ClaimResult",
        "gradproof.claims.Claim",
    )
    formula_functions = [
        n for n in formulas.__all__ if callable(getattr(formulas, n)) and n[0].islower()
    ]
    for name in (*functions, *classes, *(f"gradproof.{n}" for n in formulas.__all__)):
        anchor = f'id="{name}"'
        assert anchor in page, f"{name} is not in the API reference"
        signature = page.split(anchor, 1)[1].split("</dt>", 1)[0]
        assert ">Any<" not in signature, f"{name}: a return or argument type shows as Any"
    for name in (*functions, *(f"gradproof.{n}" for n in formula_functions)):
        entry = page.split(f'id="{name}"', 1)[1].split("</dl>\n</dd>", 1)[0]
        text = re.sub(r"<[^>]+>", "", entry)
        assert "Parameters" in text or name.endswith("all_claims"), f"{name}: no Parameters"
        assert "Returns" in text, f"{name}: no Returns section"
        # the entry's description (its docstring) follows the signature
        assert len(text.split()) >= 8, f"{name}: no docstring in the API reference"
    for internal in ("gradproof.typeset.", "gradproof.render.", "gradproof.display."):
        assert f'id="{internal}' not in page, f"the API reference documents {internal}"
    # signatures show ArrayLike, not numpy's five-line expansion of it
    assert "_SupportsArray" not in page and "ArrayLike" in page
    # the docstrings' e^{−z}, a_{j−1} are typeset as super-/subscripts
    assert "<sup>−z</sup>" in page and "<sub>j−1</sub>" in page


def test_justifications_are_numbered_as_their_rows() -> None:
    # no left-hand side: row 1 is e₀ = e₁ and carries both steps' reasons under one number
    x = sp.Symbol("x")
    derivation = Derivation(
        title="square",
        steps=(
            Step(sp.Derivative(x**2, x), "definition"),
            Step(2 * x, "power rule", source="nielsen-ch5 eq. (115)"),
            Step(sp.Add(x, x, evaluate=False), "2x = x + x", source="nielsen-ch5 eq. (116)"),
        ),
    )
    table = derivation_display(derivation).table()
    assert [row.label() for row in table] == ["(1)", "(2)"]
    md = derivation_markdown(derivation)
    cells = [line for line in md.splitlines() if line.startswith("  - (")]
    assert cells == ["  - (1) definition; power rule", "  - (2) 2x = x + x"]
    # the citation once, above the table: each place with the row that uses it
    assert md.count("Nielsen, Neural Networks and Deep Learning, ch. 5") == 1
    assert (
        "*Source:* Nielsen, Neural Networks and Deep Learning, ch. 5: "
        "eq. (115) (row 1), eq. (116) (row 2)" in md
    )


def test_claim_ids_in_justifications_link_to_their_claims() -> None:
    x = sp.Symbol("x")
    derivation = Derivation(
        title="t",
        steps=(
            Step(2 * x, "start"),
            Step(sp.Add(x, x, evaluate=False), "claim sigmoid_prime_max; sigmoid_prime_maxima"),
        ),
    )
    md = derivation_markdown(derivation, claim_ids={"sigmoid_prime_max"})
    assert "{ref}`sigmoid_prime_max <sigmoid_prime_max>`" in md
    assert r"sigmoid\_prime\_maxima" in md  # a longer word is not the id
    plain = derivation_markdown(derivation)
    assert "{ref}" not in plain


def test_a_family_page_links_the_claims_its_prose_names(tmp_path: Path) -> None:
    claims = [c for c in all_claims() if c.family in ("chain", "sigmoid")]
    render(tmp_path, claims, {}, figures=False)
    page = (tmp_path / "chain.md").read_text(encoding="utf-8")
    # grad_b1_via_b3's notes and derivations name claims of the sigmoid and the chain family
    assert "{ref}`gaussian_weight_usually_small <gaussian_weight_usually_small>`" in page
    assert "{ref}`chain_grad_any_depth <chain_grad_any_depth>` with j = 1" in page
