"""Display where people look: the Jupyter reprs (one renderer: gradproof.display, reusing the
docs' rows) and the terminal commands ``gradproof show`` and ``gradproof list``."""

from __future__ import annotations

import re

import pytest

from gradproof.claims import run_claim
from gradproof.cli import main
from gradproof.registry import all_claims, select
from gradproof.render import derivation_display

RAW_TEX = re.compile(r"\\(frac|sigma|left|right|partial|prod|sum|operatorname)\b")


def assert_static_math(html: str) -> None:
    """MathML for every formula, readable without a script: no $…$, no raw TeX."""
    assert "<math" in html and "displaystyle" in html
    assert "$" not in html and "\\(" not in html
    assert not RAW_TEX.search(html), RAW_TEX.search(html)
    assert "STIX Two Math" in html  # the font is inline: no stylesheet needed


def test_a_claim_displays_its_statement_source_typeset_steps_and_evidence() -> None:
    (claim,) = select(["cross_entropy_cancellation"])
    html = claim._repr_html_()
    assert claim.id in html and "Nielsen, Neural Networks and Deep Learning, ch. 3" in html
    assert html.count("<math") >= 10  # typeset rows, not a dataclass repr
    assert html.count("<tr>") == 5 and "(3) common denominator" in html
    assert "seed" not in html
    md = claim._repr_markdown_()
    assert md.startswith("**`cross_entropy_cancellation`**") and "$$" in md


def test_a_result_shows_the_verdicts() -> None:
    (claim,) = select(["sigmoid_prime_max"])
    result = run_claim(claim)
    html = result._repr_html_()
    assert ">proved<" in html and html.count("Result (holds)") == len(claim.checks)
    assert "proved" in result._repr_markdown_()


def test_a_derivation_displays_as_rows_and_as_one_latex_array() -> None:
    (claim,) = select(["sigmoid_prime_eq"])
    derivation = claim.derivations[0]
    assert derivation._repr_latex_().startswith("$$\\begin{array}")
    html = derivation._repr_html_()
    rows = derivation_display(derivation).table()
    assert html.count("<tr>") == len(rows) == len(derivation.steps) - 1  # row 1 is e₀ = e₁
    # each row's justification is labelled with the row's number, in order
    labels = re.findall(r"</td><td [^>]*>\((\d+)\) ", html)
    assert labels == [str(n) for n in range(1, len(rows) + 1)]
    assert "(1) definition σ(z) = 1/(1 + e<sup>−z</sup>); chain rule on" in html


def test_a_check_result_displays_its_verdict() -> None:
    import gradproof

    result = gradproof.check("dC/dw1", "x*(σ(z1) - y)", cost="cross_entropy")
    assert ">proved<" in result._repr_html_()
    assert "proved" in result._repr_markdown_()


def test_show_prints_the_five_steps_with_justifications(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cross_entropy_cancellation"]) == 0
    out = capsys.readouterr().out
    (claim,) = select(["cross_entropy_cancellation"])
    assert claim.statement in out and claim.citation in out
    for n, step in enumerate(claim.derivations[0].steps, 1):
        assert re.search(rf"^  \({n}\) = ", out, flags=re.M), f"step {n} missing"
        assert f"by: {step.why}" in out
    assert out.count("holds:") == len(claim.checks) and "Status: proved" in out
    assert "Formal statement" in out  # the formal form the evidence proves, then the prose
    assert "log" not in out.split("Evidence:")[0]  # one logarithm: ln


def test_show_rejects_an_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no_such_claim"]) == 2
    assert "unknown claim id" in capsys.readouterr().err


def test_list_prints_every_id_with_its_statement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    claims = all_claims()
    assert len(lines) == len(claims)
    for line, claim in zip(lines, claims, strict=True):
        assert line.startswith(claim.id + " ") and " ".join(claim.statement.split()) in line


def test_notebook_displays_are_static_mathml_without_dollars() -> None:
    import gradproof

    (claim,) = select(["cross_entropy_cancellation"])
    assert_static_math(claim._repr_html_())
    assert_static_math(run_claim(claim)._repr_html_())
    assert_static_math(claim.derivations[0]._repr_html_())
    # the formal statement is display math (one block per conjunct), not a text diagram
    formal = claim._repr_html_().split("Formal statement")[1].split("Source.")[0]
    assert 'display="block"' in formal and "<pre>" not in formal
    check = gradproof.check("dC/dw1", "x*(σ(z1) - y)", cost="cross_entropy")
    html = check._repr_html_()
    assert_static_math(html)
    assert "σ(z1)" not in html and "x*(" not in html  # typeset, not the input syntax
    steps = gradproof.check_steps("dC/dw1\n = (a1 - y)*σ'(z1)*x\n")
    assert_static_math(steps._repr_html_())
