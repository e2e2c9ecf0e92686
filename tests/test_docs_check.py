"""``make docs-check`` (docs/check_math.py, docs/notation_lint.py, docs/check_math.js): each
check on a defect it must find and on a look-alike it must let pass; the browser-side checks on a
small page in real Chromium; the figures' text-size record and legend placement."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from _extras import require

from gradproof import notation_lint as lint

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS))
import check_math  # noqa: E402

sys.path.remove(str(DOCS))

# ------------------------------------------------------------------ (a) ASCII-art math

# SymPy's pretty() of d/dβ C(a(4, 1, β)) at β = b₁, as the chain page printed it
PRETTY_DERIVATIVE = "⎛d                ⎞│\n⎜──(C(a(4, 1, β)))⎟│\n⎝dβ               ⎠│β=b₁"
PRETTY_SUM = "  n\n ___\n ╲\n  ╲   x_i\n  ╱\n ╱\n ‾‾‾\ni = 1"
ASCII_FRACTION = "   σ′(z)\n---------- = 1\n(1 - σ)⋅σ"


@pytest.mark.parametrize("art", [PRETTY_DERIVATIVE, PRETTY_SUM, ASCII_FRACTION, "x ___ y"])
def test_text_diagrams_are_found(art: str) -> None:
    assert lint.ascii_art_in(art)


@pytest.mark.parametrize(
    "text",
    [
        "Nielsen ch. 5 — the vanishing gradient — eq. (122)",  # em dashes in prose
        "min–max band; ‖δˡ‖ ≤ ∏(‖wᵏ‖₂/4)",
        "usage: gradproof check [-h]\n  --sizes SIZES  layer sizes\n  -h, --help",  # CLI help
        "a_b and x_1",
    ],
)
def test_prose_and_command_lines_are_no_diagram(text: str) -> None:
    assert lint.ascii_art_in(text) == []


def test_a_fraction_bar_needs_text_above_and_below() -> None:
    assert lint.drawn_fraction(["  1", "-----", "  4"])
    assert lint.drawn_fraction(["x", "-----", ""]) == ""  # a rule under a heading
    assert lint.drawn_fraction(["-----", "  4"]) == ""


# ------------------------------------------------------------------ (b) wrap marks


def test_wrap_marks() -> None:
    assert lint.wrap_marks_in("w₁ = 100 ∧ ↪\n↪ w₂ = 100") == ["2 wrap marks ↪"]
    assert lint.wrap_marks_in("a → b ⇒ c") == []


# ------------------------------------------------------------------ (c) raw TeX


@pytest.mark.parametrize(
    "tex", [r"\frac{1}{4}", r"\sigma(z)", r"\delta__{l}", r"\nabla_{a}C", "x^{2}", r"$a_j$"]
)
def test_raw_tex_is_found(tex: str) -> None:
    assert lint.raw_tex_in(tex)


@pytest.mark.parametrize("text", ["σ(z) and ∂C/∂a_L", "costs $5 and $6", "x_j, wᵏ, δˡ"])
def test_typeset_text_is_no_tex(text: str) -> None:
    assert lint.raw_tex_in(text) == []


# ------------------------------------------------------------------ (d) SymPy/Python syntax


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eq(Derivative(σ(z), z), (1 - σ(z))*σ(z))", "SymPy Eq("),
        ("Eq(Derivative(σ(z), z), (1 - σ(z))*σ(z))", "SymPy Derivative("),
        ("Ne(x, 0)", "SymPy Ne("),
        ("Abs(w[k]) <= 1", "SymPy Abs("),
        ("Abs(w[k]) <= 1", "Python comparison <="),
        ("Abs(w[k]) <= 1", "Python indexing 'w[k]'"),
        ("C′(x) := Subs(Derivative(C(u), u), u, x)", "SymPy Subs("),
        ("Sum(x_j, (j, 1, n))", "SymPy Sum("),
        ("Product(w(k), (k, 2, L))", "SymPy Product("),
        ("Implies(L >= j, x)", "SymPy Implies("),
        ("Implies(L >= j, x)", "Python comparison >="),
        ("Piecewise((0, x < 0), (x, True))", "SymPy Piecewise("),
        ("σ(x) := 1/(1 + exp(-x))", "SymPy exp("),
        ("s = sqrt(1 - 4/|w|)", "SymPy sqrt("),
        ("exp(-x)/(1 + exp(-x))**2", "Python power **"),
        ("x != y", "Python comparison !="),
        ("w_j, x_j[i], r[i] real", "Python indexing 'x_j[i]'"),
        ("z <= oo", "SymPy oo for ∞"),
    ],
)
def test_sympy_syntax_is_found(text: str, expected: str) -> None:
    assert expected in lint.sympy_syntax_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "x*(σ(z1) - y)",
        "z1 = w1*x + b1",
        "2 * x",
        "(x < 1) & (y > 2)",
        "(|w| ≥ 4) & (b > 0)",
        "15625*dC/da_4/4",
    ],
)
def test_python_products_and_logic_are_found(text: str) -> None:
    found = lint.sympy_syntax_in(text)
    assert any(f.startswith(("Python product", "relations joined")) for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "C(a) ≥ 0",
        "f(x) = σ(wx + b)",
        "0 < σ′(z) ≤ 1/4 for every real z",
        "|w| ≥ 4 and |x| < 1",
        "interval [0, 1], layers [64, 30, 30, 10], see [Nie15]",
        "∂C/∂b₁ = σ′(z₁) w₂σ′(z₂) · ∂C/∂a₄",
        "numpy.exp(x) and gradproof.chain_bias_gradients_log",  # code references
        "*Result (holds):* all 3 links",  # emphasis marks around words
        "the optimum w* (the argmax)",
        "the maximum width (1 − s*²)/(2s*)",  # a starred name squared
        "Q&A and R&D",
        "pip install 'gradproof[experiment]'",  # a package's extra, not indexing
        "e^(−z), ln(1 − σ(z)), sign(w_k), max σ′",
    ],
)
def test_mathematical_prose_is_no_sympy(text: str) -> None:
    assert lint.sympy_syntax_in(text) == []


def test_notation_problems_runs_every_detector() -> None:
    found = lint.notation_problems(PRETTY_DERIVATIVE + " ↪ " + r"\sigma" + " Eq(a, b)")
    assert len(found) >= 4


# ------------------------------------------------------------------ (e) derivation rows


def test_identical_consecutive_rows_are_found() -> None:
    rows = [
        ["∂C/∂b₁", "=", "σ′(z₁) w₂σ′(z₂)", "(1) chain rule"],
        ["", "=", "σ′(z₁)  w₂σ′(z₂)", "(2) the same, another citation"],
        ["", "=", "w₂σ′(z₁)σ′(z₂)", "(3) reorder"],
    ]
    assert lint.repeated_rows(rows) == ["rows 1 and 2 are the same step = σ′(z₁) w₂σ′(z₂)"]
    # the same expression under a different relation, or in rows that are not consecutive,
    # is a different step
    assert lint.repeated_rows([rows[0], ["", "≤", "σ′(z₁) w₂σ′(z₂)", ""]]) == []
    assert lint.repeated_rows([rows[0], rows[2], rows[1]]) == []
    assert lint.repeated_rows([["a"], ["a"]]) == []


# ------------------------------------------------------------------ (f) conjuncts


def test_a_conjunct_on_two_lines_is_found() -> None:
    lines = ["hi − lo = W(w) ∧", "hi + lo = −2b/w", "∧ hi − lo = W(w)"]
    assert lint.repeated_conjuncts(lines) == ["conjunct printed twice: hi−lo=W(w)"]


def test_a_case_split_concluding_the_same_conjuncts_twice_is_found() -> None:
    # gain_set_width printed its four conjuncts once for w > 4 and again for w < −4
    lines = [
        "(gain(w,a,b) ≥ 1 ∧ w > 4) ⇒ (a ≤ hi(w,b) ∧ lo(w,b) ≤ a)",
        "(gain(w,a,b) ≥ 1 ∧ w < −4) ⇒ (a ≤ hi(w,b) ∧ lo(w,b) ≤ a)",
    ]
    assert len(lint.repeated_conjuncts(lines)) == 2


def test_distinct_conjuncts_and_shared_premises_pass() -> None:
    one_line = ["σ′(0) = 1/4 ∧ (σ′(z) = 1/4 → z = 0) ∧ σ′(z) ≤ 1/4 ∧ σ′(z) > 0"]
    assert lint.repeated_conjuncts(one_line) == []
    shared_premise = ["(A ∧ w > 4) ⇒ (a ≤ hi)", "(A ∧ w < −4) ⇒ (lo ≤ a)"]
    assert lint.repeated_conjuncts(shared_premise) == []
    # ∧ binds tighter than ⇒: the premise a < 1 ∧ y < 1 is not two top-level conjuncts
    unbracketed = ["a < 1 ∧ y < 1 ⟹ C″(a) > 0", "a < 1 ∧ y < 1 ⟹ C(a) − H(y) ≥ 0"]
    assert lint.repeated_conjuncts(unbracketed) == []
    assert lint.repeated_conjuncts(["lim_{a→0⁺} C(a, 0) = 0", "lim_{a→1⁻} C(a, 1) = 0"]) == []
    # a long statement broken at relation signs: the continuation lines are not conjuncts
    broken = ["∂C/∂b₁", "= σ′(z₁) w₂", "∧ ∂C/∂b₂", "= σ′(z₁) w₂"]
    assert lint.repeated_conjuncts(broken) == []
    assert lint.repeated_conjuncts([PRETTY_DERIVATIVE, PRETTY_DERIVATIVE]) == []  # see (a)


def test_a_conjunct_twice_inside_brackets_is_found() -> None:
    assert lint.repeated_conjuncts(["L ≥ 3 → (x > 0 ∧ y > 0 ∧ x > 0)"]) == [
        "conjunct printed twice: x>0"
    ]


# ------------------------------------------------------------------ (i), (j) figures


def _png(tmp_path: Path, record: dict[str, Any] | None) -> Path:
    """A PNG written by Pillow (not by the code under test), with the record as tEXt."""
    require("PIL")
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Title", "x")
    if record is not None:
        info.add_text(check_math.FIGURE_META_KEY, json.dumps(record))
    path = tmp_path / "f.png"
    Image.new("RGB", (100, 40), "white").save(path, pnginfo=info)
    return path


def test_the_record_is_read_from_the_png(tmp_path: Path) -> None:
    path = _png(tmp_path, {"min_text_px": 14.2, "legends_over_data": 0})
    chunks = check_math.png_text_chunks(path)
    assert chunks["Title"] == "x"
    assert json.loads(chunks[check_math.FIGURE_META_KEY])["min_text_px"] == 14.2
    assert check_math.png_text_chunks(tmp_path / "missing.png") == {}


def test_image_text_below_9px_on_screen_fails() -> None:
    record = json.dumps({"min_text_px": 14.0, "legends_over_data": 0})
    assert check_math.image_findings(736, 736, record, "img") == []  # 14 px
    assert check_math.image_findings(500, 736, record, "img") == []  # 9.5 px
    small = check_math.image_findings(400, 736, record, "img")  # 7.6 px
    assert len(small) == 1 and "7.6 px < 9 px" in small[0]
    # the layer-speeds figure as main shipped it: 10 px text in a 1848 px image, 736 px shown
    assert check_math.image_findings(736, 1848, json.dumps({"min_text_px": 10}), "img")


def test_an_image_without_a_record_or_with_a_covering_legend_fails() -> None:
    assert "records no text size" in check_math.image_findings(700, 700, None, "img")[0]
    assert "unreadable" in check_math.image_findings(700, 700, "{", "img")[0]
    covered = json.dumps({"min_text_px": 20, "legends_over_data": 2})
    assert "legend covers 2" in check_math.image_findings(700, 700, covered, "img")[0]


def test_figures_are_numbered_per_page() -> None:
    ok = ["Figure 1 — σ and σ′ (gradproof plot sigmoid)", "Figure 2 — the width"]
    assert check_math.caption_findings(ok) == []
    assert check_math.caption_findings(["σ and σ′ on [−8, 8]"])  # no number
    assert check_math.caption_findings(["Figure 1 — a", "Figure 3 — b"])  # a gap
    assert check_math.caption_findings(["Fig. 1: a"])


def test_every_finding_has_a_kind() -> None:
    assert check_math.kind_of("ascii-art: text-diagram characters ⎛") == "ascii-art"
    assert check_math.kind_of("wider than the content column by 3 px: table") == "overflow"
    assert check_math.kind_of("staircase: row 1 has no left-hand side") == "staircase"


# ------------------------------------------------------------------ the browser side

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; }} article {{ width: 700px; font: 16px sans-serif; }}
td {{ border: 1px solid #ccc; }}
.anywhere {{ width: 60px; overflow-wrap: anywhere; }}
.normal {{ width: 60px; overflow-wrap: normal; hyphens: none; }}
</style></head><body><article role="main">
<p>Prose with C(a) ≥ 0 and f(x).</p>
<pre>⎛d   ⎞│
⎜──(C)⎟│
⎝dβ  ⎠│β=b₁ ↪</pre>
<p>Result: Eq(Derivative(σ(z), z), 1) and x*(σ(z1) - y)</p>
<div class="user-input"><pre>gradproof.check("dC/dw1", "x*(σ(z1) - y)") ** 2</pre></div>
<div class="cell_input"><pre>Abs(w[k]) &lt;= 1</pre></div>
<table class="derivation"><tr><td><math><mi>C</mi></math></td><td><math><mo>=</mo></math></td>
<td><math><mi>x</mi></math></td><td>(1) a</td></tr>
<tr><td></td><td><math><mo>=</mo></math></td><td><math><mi>x</mi></math></td><td>(2) b</td></tr>
</table>
<p><strong>Formal statement</strong> (proved):</p>
<div class="math"><math display="block"><mtable>
<mtr><mtd><mi>a</mi><mo>=</mo><mn>1</mn><mo>∧</mo></mtd></mtr>
<mtr><mtd><mi>b</mi><mo>=</mo><mn>2</mn><mo>∧</mo></mtd></mtr>
<mtr><mtd><mi>a</mi><mo>=</mo><mn>1</mn></mtd></mtr></mtable></math></div>
<p><em>for</em> a, b real.</p>
<table><tr><td class="anywhere">Supercalifragilistic</td>
<td class="normal">Supercalifragilistic</td><td class="normal">a b c d e f</td></tr></table>
<figure><img src="{small}" style="width: 250px"><figcaption>Figure 1 — small</figcaption></figure>
<figure><img src="{big}"><figcaption>the second figure</figcaption></figure>
</article></body></html>"""


def test_the_browser_checks_find_each_defect_on_a_page(tmp_path: Path) -> None:
    chromium = check_math.find_chromium(None)
    if chromium is None:
        pytest.skip("chromium is not installed")
    require("PIL")
    from PIL import Image, PngImagePlugin

    for name, record in (("small", {"min_text_px": 12}), ("big", {"min_text_px": 12})):
        info = PngImagePlugin.PngInfo()
        info.add_text(check_math.FIGURE_META_KEY, json.dumps(record))
        Image.new("RGB", (500, 200), "white").save(tmp_path / f"{name}.png", pnginfo=info)
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(small="small.png", big="big.png"), encoding="utf-8")
    problems, _ = check_math.check_page(chromium, page, 800, notation=True)
    text = "\n".join(problems)
    kinds = {check_math.kind_of(p) for p in problems}
    assert {"ascii-art", "wrap-mark", "sympy-syntax", "repeated-row"} <= kinds, text
    assert {"repeated-conjunct", "broken-word", "image-text", "figure-number"} <= kinds, text
    # the user's input (class user-input, a notebook's input cell) is not checked
    assert "Python power" not in text and "Abs(" not in text, text
    assert "Eq(" in text and "x*(" in text
    # only the cell that lets the browser break inside a word
    assert sum(p.startswith("broken-word") for p in problems) == 1, text
    assert "td.anywhere" in text and "td.normal" not in text
    # the 500 px image shown 250 px wide: 12 px → 6 px; the one shown at natural size passes
    assert sum(p.startswith("image-text") for p in problems) == 1, text
    assert "6.0 px < 9 px" in text
    assert "figure 2 is not captioned 'Figure 2 — …'" in text
    assert "conjunct printed twice: a=1" in text


# ------------------------------------------------------------------ the figures


@pytest.mark.parametrize(
    "name",
    [
        "sigmoid",
        "gain-width",
        pytest.param("toy-neuron", marks=pytest.mark.slow),
        pytest.param("layer-speeds-at-init", marks=pytest.mark.slow),
    ],
)
def test_a_figure_records_legible_text_and_legends_off_the_data(name: str, tmp_path: Path) -> None:
    """Shown in the docs' column at an 800 px window (COLUMN_PX, never wider than the image),
    the figure's smallest text is ≥ 9 px, and no legend covers a line or band."""
    require("matplotlib")
    from PIL import Image

    from gradproof.figures import COLUMN_PX, MIN_TEXT_PX, all_figures, read_record

    path = all_figures()[name](tmp_path)
    record = read_record(path)
    assert record is not None, f"{name}: no record"
    with Image.open(path) as image:
        width = image.size[0]
    shown = min(width, COLUMN_PX)
    assert record["min_text_px"] * shown / width >= MIN_TEXT_PX, (name, record, width)
    assert record["legends_over_data"] == 0, (name, record)


def test_the_text_size_record_measures_what_is_drawn(tmp_path: Path) -> None:
    require("matplotlib")
    from gradproof.figures import figure, read_record, save, script_depth

    fig, ax = figure(4.0, 3.0)
    ax.plot([0, 1], [0, 1])
    ax.set_title("tiny", fontsize=5)  # 5 pt at 120 dpi = 8.33 px
    record = read_record(save(fig, tmp_path, "tiny"))
    assert record is not None and record["min_text_px"] == pytest.approx(5 * 120 / 72, abs=0.01)
    # mathtext scripts are drawn at 0.7 of the text around them
    fig, ax = figure(4.0, 3.0)
    ax.set_xlabel(r"$\delta^l$", fontsize=10)
    ax.tick_params(labelsize=12)
    record = read_record(save(fig, tmp_path, "script"))
    assert record is not None and record["min_text_px"] == pytest.approx(7 * 120 / 72, abs=0.01)
    assert (script_depth("plain x_j"), script_depth("$x_{k^2}$")) == (0, 2)


def test_a_legend_on_the_curves_is_counted(tmp_path: Path) -> None:
    require("matplotlib")
    from gradproof.figures import figure, legend_outside, legend_overlaps

    fig, ax = figure(4.0, 3.0)
    ax.plot([0, 1], [0, 1], label="diagonal")
    ax.legend(loc="center")  # right on the line
    fig.canvas.draw()
    assert legend_overlaps(fig) == 1
    fig, ax = figure(4.0, 3.0)
    ax.plot([0, 1], [0, 1], label="diagonal")
    ax.legend(loc="upper left")  # an empty corner
    fig.canvas.draw()
    assert legend_overlaps(fig) == 0
    fig, ax = figure(4.0, 3.0)
    ax.fill_between([0, 1], [0, 0], [1, 1], label="band")
    legend_outside(fig)
    fig.canvas.draw()
    assert legend_overlaps(fig) == 0
    ax.legend(loc="center")
    fig.canvas.draw()
    assert legend_overlaps(fig) == 1
    with pytest.raises(ValueError, match="at most"):
        figure(8.0, 3.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("step ratio np.float64(1.0)", "NumPy repr"),
        (r"\delta__{l}", "SymPy double-underscore name"),
    ],
)
def test_numpy_reprs_and_double_underscore_names_are_found(text: str, expected: str) -> None:
    assert any(f.startswith(expected) for f in lint.sympy_syntax_in(text))
