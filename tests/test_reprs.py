"""``repr`` of the user-facing objects is one short line; ``str`` is what the command line prints.

Claim, ClaimResult, Derivation (the kernel), CheckResult and StepsResult (the checker). ``str`` is
compared with the command's output captured from running it in-process: ``gradproof show ID
--no-run`` for a claim, ``gradproof show ID`` for a result, ``gradproof check`` and ``gradproof
check-steps`` for the checker's results (the command is handed the very result, so timings agree).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest

from gradproof import presenters
from gradproof.claims import Claim, ClaimResult, EvidenceResult
from gradproof.cli import main
from gradproof.registry import select

CLAIM_ID = "sigmoid_prime_max"


def _cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def _one_short_line(text: str, *must_contain: str) -> None:
    assert "\n" not in text and len(text) <= 100, text
    for part in must_contain:
        assert part in text, (part, text)


@pytest.fixture(scope="module")
def claim() -> Claim:
    (found,) = select([CLAIM_ID])
    return found


def test_claim_repr_is_one_short_line(claim: Claim) -> None:
    _one_short_line(repr(claim), CLAIM_ID, "<Claim ")
    # the 2 kB dataclass dump is gone: no field names, no evidence objects
    assert "evidence=" not in repr(claim) and "Evidence(" not in repr(claim)


def test_claim_str_is_gradproof_show_no_run(claim: Claim) -> None:
    code, shown = _cli(["show", CLAIM_ID, "--no-run"])
    assert code == 0
    assert shown == f"{claim}\n"
    assert str(claim).startswith(CLAIM_ID) and "Evidence:" in str(claim)


def _result(claim: Claim, ok: bool) -> ClaimResult:
    evidence = tuple(
        EvidenceResult(ev.kind, ok or i > 0, f"check {i} detail", name=ev.name)
        for i, ev in enumerate(claim.checks)
    )
    status = "proved" if ok else "failed"
    return ClaimResult(claim.id, claim.source, status, evidence, 1.25, claim=claim)


@pytest.mark.parametrize("ok", [True, False])
def test_result_repr_and_str_is_gradproof_show(
    claim: Claim, ok: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _result(claim, ok)
    _one_short_line(repr(result), CLAIM_ID, "[proved]" if ok else "[failed]")
    monkeypatch.setattr("gradproof.claims.run_claim", lambda c: result)
    code, shown = _cli(["show", CLAIM_ID])
    assert code == (0 if ok else 1)
    assert shown == f"{result}\n"
    assert "Status: " + result.status in str(result) and "check 1 detail" in str(result)


def test_derivation_repr_and_str(claim: Claim) -> None:
    derivation = claim.derivations[0]
    _one_short_line(repr(derivation), derivation.title, f"{len(derivation.steps)} steps")
    _, shown = _cli(["show", CLAIM_ID, "--no-run"])
    assert f"Derivation 1: {derivation}\n" in shown
    assert str(derivation).startswith(derivation.title) and "(1)" in str(derivation)


def test_kernel_objects_show_in_notebooks(claim: Claim) -> None:
    # registered by gradproof.display, which the proofs import
    for obj in (claim, claim.derivations[0], _result(claim, True)):
        html = obj._repr_html_()
        assert html is not None and html.lstrip().startswith("<")


def test_presenters_follow_the_method_resolution_order() -> None:
    class Base:
        pass

    class Child(Base):
        pass

    presenters.register(Base, presenters.REPORT, lambda obj: "base")
    assert presenters.present(Child(), presenters.REPORT) == "base"
    presenters.register(f"{Child.__module__}.{Child.__qualname__}", presenters.REPORT, str.upper)
    assert presenters.lookup(Child, presenters.REPORT) is str.upper
    assert presenters.present(object(), presenters.REPORT) is None
    with pytest.raises(ValueError, match="unknown format"):
        presenters.register(Base, "text/nonsense", str)


# -- the checker's results ---------------------------------------------------------------------


def _run_with(monkeypatch: pytest.MonkeyPatch, target: str, result: Any, argv: list[str]) -> str:
    monkeypatch.setattr(target, lambda *a, **k: result)
    code, shown = _cli(argv)
    assert code == result.exit_code
    return shown


@pytest.mark.parametrize(
    ("claimed", "status"), [("σ'(z1)*(a1 - y)", "proved"), ("σ'(z1)*(a1 + y)", "refuted")]
)
def test_check_result_repr_and_str_is_gradproof_check(
    claimed: str, status: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gradproof.checker import check

    result = check("dC/db1", claimed, layers=1, timeout=60)
    assert result.status == status
    _one_short_line(repr(result), "∂C/∂b1", f"[{status}]")
    shown = _run_with(
        monkeypatch,
        "gradproof.checker.check",
        result,
        ["check", "dC/db1", claimed, "--layers", "1"],
    )
    assert shown == f"{result}\n"
    assert status.upper() in str(result)


def test_steps_result_repr_and_str_is_gradproof_check_steps(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from gradproof.checker.steps import check_steps

    text = "dC/db1\n  = σ'(z1)*(a1 - y)   # chain rule\n  = (a1 - y)*σ'(z1)\n"
    result = check_steps(text, layers=1, timeout=60)
    assert result.status == "proved"
    _one_short_line(repr(result), "2 links", "[proved]")
    path = tmp_path / "steps.txt"
    path.write_text(text, encoding="utf-8")
    shown = _run_with(
        monkeypatch,
        "gradproof.checker.api.check_steps",  # what the command calls (chain or --sizes)
        result,
        ["check-steps", str(path), "--layers", "1"],
    )
    assert shown == f"{result}\n"
    assert str(result).splitlines()[-1].startswith("SUMMARY: ")


def test_text_uses_the_formula_presenter_else_str() -> None:
    class Quantity:
        def __str__(self) -> str:
            return "plain"

    assert presenters.text(Quantity()) == "plain"
    presenters.register(Quantity, presenters.FORMULA, lambda q: "typeset")
    assert presenters.text(Quantity()) == "typeset"


def test_a_shortened_formula_never_ends_inside_a_script_group() -> None:
    from gradproof.presenters import short_text

    formula = "δ := Σ_{q=1}^{n_{L−m}} w_{L−m,q,j}δ_q"  # a str: text() returns it as is
    for width in range(3, len(formula)):
        out = short_text(formula, width)
        assert len(out) <= width and out.endswith("…")
        assert out.count("{") == out.count("}"), out
        assert not out[:-1].endswith(("_", "^")), out
    assert short_text(formula, 100) == formula
