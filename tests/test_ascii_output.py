"""Output in any locale: one ASCII table covers every character gradproof prints.

A stream that cannot encode Unicode gets the spelling of :mod:`gradproof.plaintext`: the
expected spellings below are the ones the issue asks for (``s'(z)``, ``||d||``, ``dC/db1``,
``<=``), written by hand, not produced by the code under test.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from gradproof import plaintext
from gradproof.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "gradproof", ROOT / "numerics", ROOT / "proofs"]


def _mapped(ch: str) -> bool:
    return ch in plaintext.TABLE or ch in plaintext.SUPERSCRIPTS or ch in plaintext.SUBSCRIPTS


def _package_text() -> dict[str, str]:
    """Every source file of the package and its shipped data, by path."""
    files = [p for d in SOURCES for p in d.rglob("*.py")]
    files.append(ROOT / "gradproof" / "claims_index.json")
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in files}


def test_every_non_ascii_character_of_the_package_has_an_ascii_spelling() -> None:
    missing: dict[str, str] = {}
    for path, text in _package_text().items():
        for ch in set(text):
            if not ch.isascii() and not _mapped(ch):
                missing.setdefault(ch, path)
    assert not missing, f"no ASCII spelling in gradproof.plaintext for: {missing}"


def test_every_spelling_is_ascii_and_not_empty() -> None:
    for table in (plaintext.TABLE, plaintext.SUPERSCRIPTS, plaintext.SUBSCRIPTS):
        for ch, spelled in table.items():
            assert not ch.isascii(), ch
            assert spelled and spelled.isascii(), (ch, spelled)


@pytest.mark.parametrize(
    ("unicode", "expected"),
    [
        ("σ′(z) = σ(z)(1 − σ(z))", "s'(z) = s(z)(1 - s(z))"),
        ("‖δ‖", "||d||"),
        ("∂C/∂b₁", "dC/db1"),
        ("0 < σ′(z) ≤ 1/4", "0 < s'(z) <= 1/4"),
        ("a ≥ b", "a >= b"),
        ("‖δˡ‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹‖", "||d^l|| <= (||w^(l+1)||_2/4)||d^(l+1)||"),
        ("(wˡ⁺¹)ᵀδˡ⁺¹", "(w^(l+1))^T d^(l+1)"),
        ("w₁₂x²", "w12 x^2"),  # a letter after a script is set apart
        ("x⁽ⁱ⁾", "x^(i)"),
        ("zₖ", "z_k"),
        ("a ⇒ b", "a => b"),
        ("plain ASCII stays", "plain ASCII stays"),
    ],
)
def test_the_ascii_spelling(unicode: str, expected: str) -> None:
    assert plaintext.to_ascii(unicode) == expected
    # the stream-level fallback (the codec error handler) gives the same text
    assert unicode.encode("ascii", plaintext.ERROR_HANDLER).decode("ascii") == expected


def test_latin1_keeps_what_it_can_encode_and_spells_the_rest() -> None:
    assert "σ × 2".encode("latin-1", plaintext.ERROR_HANDLER).decode("latin-1") == "s × 2"


def test_the_text_printer_has_an_ascii_mode() -> None:
    import sympy as sp

    from gradproof.typeset import text

    z = sp.Symbol("z")
    sigma = sp.Function("sigma")
    expr = sigma(z) * (1 - sigma(z))
    unicode = text(expr)
    assert not unicode.isascii()  # σ(z)…
    shown = text(expr, ascii=True)
    assert shown.isascii() and "s(z)" in shown, shown


def _run_ascii(argv: list[str]) -> tuple[int, bytes]:
    """``gradproof argv`` in this process with an ASCII-only stdout (as PYTHONIOENCODING=ascii)."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    saved = sys.stdout
    sys.stdout = stream
    try:
        code = main(argv)
        stream.flush()
    finally:
        sys.stdout = saved
    return code, raw.getvalue()


def test_list_prints_ascii_to_an_ascii_stream() -> None:
    code, out = _run_ascii(["list"])
    assert code == 0
    text = out.decode("ascii")  # raises if a byte is not ASCII
    assert "sigmoid_prime_eq" in text and "s'(z) = s(z)(1 - s(z))" in text


def test_show_of_every_claim_prints_ascii_to_an_ascii_stream() -> None:
    ids = [e["id"] for e in json.loads((ROOT / "gradproof" / "claims_index.json").read_text())]
    assert len(ids) > 20
    for claim_id in ids:
        code, out = _run_ascii(["show", claim_id, "--no-run"])
        assert code == 0, claim_id
        assert out.isascii() and claim_id in out.decode("ascii"), claim_id


def test_a_unicode_stream_gets_unicode() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    saved = sys.stdout
    sys.stdout = stream
    try:
        assert main(["list"]) == 0
        stream.flush()
    finally:
        sys.stdout = saved
    assert "σ′(z) = σ(z)(1 − σ(z))" in raw.getvalue().decode("utf-8")
    assert not plaintext.ascii_output()  # restored after the command
