"""gradproof.mathml: latex2mathml's MathML corrected to typeset as TeX does (the pages' and the
notebooks' one converter). Expected structures are written by hand from TeX's rules."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from _extras import require

require("latex2mathml")

from gradproof.mathml import MATH_FONTS, to_mathml  # noqa: E402

NS = "{http://www.w3.org/1998/Math/MathML}"


def tree(tex: str, display: bool = False, **kw: object) -> ET.Element:
    return ET.fromstring(to_mathml(tex, display, **kw))  # type: ignore[arg-type]


def tags(el: ET.Element, name: str) -> list[ET.Element]:
    return list(el.iter(NS + name))


def test_a_prime_is_one_identifier_with_the_italic_letter() -> None:
    root = tree(r"\sigma'\left(z\right) + f'(x) + \operatorname{ReLU}'(c)")
    assert not tags(root, "msup")  # no tiny superscript prime
    names = [mi.text for mi in tags(root, "mi")]
    # U+1D70E MATHEMATICAL ITALIC SMALL SIGMA, U+1D453 ITALIC SMALL F; a name stays upright
    assert "\U0001d70e′" in names and "\U0001d453′" in names and "ReLU′" in names
    # a power of σ′ keeps the power as the superscript of the one identifier
    (sup,) = tags(tree(r"\sigma'^{2}"), "msup")
    assert sup[0].text == "\U0001d70e′" and "".join(sup[1].itertext()) == "2"


def test_fences_have_no_space_of_their_own() -> None:
    root = tree(r"f(x) + \left(y\right)")
    fences = [mo for mo in tags(root, "mo") if mo.text in "()"]
    assert len(fences) == 4
    for mo in fences:
        assert mo.get("lspace") == "0" and mo.get("rspace") == "0"
        assert mo.get("form") == ("prefix" if mo.text == "(" else "postfix")


def test_absolute_value_and_norm_bars_hug_their_content() -> None:
    root = tree(r"|w| > 4 \quad \|\delta\| \le 1")
    bars = [mo for mo in tags(root, "mo") if mo.text in ("|", "‖")]
    assert len(bars) == 4
    for mo in bars:  # an infix bar would get a thick space on each side: "| w |"
        assert mo.get("lspace") == "0" and mo.get("rspace") == "0"
    relations = [mo for mo in tags(root, "mo") if mo.text in (">", "≤")]
    assert relations and all(mo.get("lspace") is None for mo in relations)


def test_delimiters_stretch_around_tall_content_only() -> None:
    tall = [mo for mo in tags(tree(r"\left(\frac{a}{b}\right)"), "mo") if mo.text in "()"]
    assert [mo.get("stretchy") for mo in tall] == ["true", "true"]
    flat = [mo for mo in tags(tree(r"\left(a_{j} + b\right)"), "mo") if mo.text in "()"]
    assert [mo.get("stretchy") for mo in flat] == ["false", "false"]
    # around a sum with limits (display style) the parentheses stretch
    summed = tree(r"\left(\sum_{i=1}^{n} x_{i}\right)", displaystyle=True)
    assert [mo.get("stretchy") for mo in tags(summed, "mo") if mo.text in "()"] == ["true"] * 2


def test_sums_and_products_take_their_limits_above_and_below() -> None:
    root = tree(r"\sum_{i=1}^{n} x_{i} \prod_{k=2}^{L} w_{k} \max_{x} f", True)
    assert root.get("display") == "block" and root.get("displaystyle") == "true"
    assert not tags(root, "msubsup")
    ops = [el[0].text for el in tags(root, "munderover")] + [
        el[0].text for el in tags(root, "munder")
    ]
    assert ops == ["∑", "∏", "max"]
    # inline, movablelimits puts them beside the operator (as TeX's \textstyle does)
    assert all(el[0].get("movablelimits") == "true" for el in tags(root, "munderover"))


def test_display_style_for_table_cells_without_a_block() -> None:
    root = tree(r"\frac{\frac{a}{b}}{c}", False, displaystyle=True)
    assert root.get("display") == "inline" and root.get("displaystyle") == "true"
    outer = tags(root, "mfrac")[0]
    # the fraction in the numerator is set in display style, not shrunk to script size
    assert outer[0].get("displaystyle") == "true" and outer[1].get("displaystyle") is None
    inline = tree(r"\frac{\frac{a}{b}}{c}", False)
    assert (
        inline.get("displaystyle") is None
        and tags(inline, "mfrac")[0][0].get("displaystyle") is None
    )


def test_names_are_upright_and_spaced_as_tex_spaces_them() -> None:
    root = tree(r"2\ln x + \operatorname{tr}(A) + \mathrm{width} + \Sigma")
    row = root[0]
    seq = [(el.tag.removeprefix(NS), el.text) for el in row]
    # 2 ⟨thin⟩ ln ⟨thin⟩ x; tr directly followed by its parenthesis; width is one name
    assert seq[:5] == [("mn", "2"), ("mspace", None), ("mi", "ln"), ("mspace", None), ("mi", "x")]
    i = seq.index(("mi", "tr"))
    assert seq[i + 1] == ("mo", "(")
    assert ("mi", "width") in seq
    sigma = next(mi for mi in tags(root, "mi") if mi.text == "Σ")
    assert sigma.get("mathvariant") == "normal"
    assert ("mo", "tr") not in seq


def test_ordinary_symbols_are_not_operators() -> None:
    root = tree(r"\partial C + n \to \infty")
    assert {mi.text for mi in tags(root, "mi")} >= {"∂", "∞"}
    assert not any(mo.text in ("∂", "∞") for mo in tags(root, "mo"))


def test_array_cells_carry_their_alignment_inline() -> None:
    cells = tags(tree(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", True), "mtd")
    assert [c.get("style") for c in cells] == ["text-align: right", "text-align: left"] * 2


def test_what_latex2mathml_cannot_convert_is_an_error() -> None:
    for bad in (r"\unknownmacro{x}", "a & b", r"\limits", r"\left( x"):
        with pytest.raises(ValueError):
            to_mathml(bad, False)


def test_the_style_attribute_carries_the_font_for_pages_without_a_stylesheet() -> None:
    out = to_mathml("x", False, style="font-family: " + MATH_FONTS.replace('"', "'"))
    assert re.search(r'style="font-family: \'STIX Two Math\', \'Latin Modern Math\'', out)


def test_every_derivation_row_of_every_claim_converts() -> None:
    from gradproof.registry import all_claims
    from gradproof.render import derivation_display

    count = 0
    for claim in all_claims():
        for derivation in claim.derivations:
            if not hasattr(derivation, "latex"):
                continue
            display = derivation_display(derivation)
            for row in display.table():
                for tex in (row.left, row.relation, row.expression):
                    if tex:
                        out = to_mathml(tex, False, displaystyle=True)
                        assert "<msup><mi>σ</mi><mi>′" not in out
                        count += 1
    assert count > 100


def test_the_docs_build_ships_the_math_font_it_declares() -> None:
    require("sphinx", "ziamath")
    import sys
    from pathlib import Path

    docs = Path(__file__).resolve().parents[1] / "docs"
    sys.path.insert(0, str(docs / "_ext"))
    try:
        import mathml as ext
    finally:
        sys.path.remove(str(docs / "_ext"))
    font = ext.math_font()
    assert font is not None and font.stat().st_size > 500_000  # STIX Two Math, not a stub
    with font.open("rb") as f:
        assert f.read(4) in (b"\x00\x01\x00\x00", b"OTTO")  # an OpenType font file
    css = (docs / "_static" / "mathml.css").read_text(encoding="utf-8")
    # the stylesheet sits in _static: its url is relative to it, where the build copies the font
    target = ext.FONT_TARGET.relative_to("_static").as_posix()
    assert f'src: url("{target}")' in css and '"STIX Two Math"' in css
    assert re.search(r"math \{ font-family: \"STIX Two Math\"", css)
