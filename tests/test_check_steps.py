"""``gradproof.check_steps`` / ``gradproof check-steps`` on derivations whose verdicts are known.

Every derivation below has its link verdicts worked out by hand (the mathematics is in the
comments: Nielsen, *Neural Networks and Deep Learning*, ch. 3 and ch. 5; the lecture notes'
problems; the blog post "How does gradient vanish in Multi-Layer Neural Network?"). They are then
confirmed independently of gradproof's checker by :mod:`tests._steps_model` (mpmath forward pass,
derivative atoms by numerical differentiation):

* at every reported counterexample the model recomputes both sides, which must match the reported
  50-digit values and break the link's relation;
* every proved link is re-evaluated by the model at random points, where its relation must hold.

The LaTeX versions must give the same verdicts as their plain twins.
"""

from __future__ import annotations

import json
import random
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mpmath
import pytest
from _steps_model import Model, holds, point

from gradproof.checker.steps import StepsInputError, StepsResult, check_steps
from gradproof.cli import main

P, R = "proved", "refuted"


@dataclass(frozen=True)
class Case:
    text: str
    links: tuple[str, ...]
    case: str
    options: dict[str, Any] = field(default_factory=dict)
    twin: str | None = None  # the plain version of a LaTeX derivation
    overall: str | None = None


CE_CANCELLATION = """\
dC/dw1
  = -(y/σ(z1) - (1 - y)/(1 - σ(z1))) * σ'(z1) * x     # chain rule
  = x*(σ(z1) - y)*σ'(z1)/(σ(z1)*(1 - σ(z1)))         # common denominator
  = x*(σ(z1) - y)                                     # σ' = σ(1 - σ)
"""

EQ_122 = """\
dC/db1
  = dC/da4 * d(a4)/d(z4) * d(z4)/d(a3) * d(a3)/d(z3) * d(z3)/d(a2) * d(a2)/d(z2) * d(z2)/d(a1) * d(a1)/d(z1) * d(z1)/d(b1)   # chain rule
  = (a4 - y)*σ'(z4)*w4*σ'(z3)*w3*σ'(z2)*w2*σ'(z1)*1                # each factor
  = σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)                  # eq. (122)
"""  # noqa: E501

FACTOR_16 = """\
abs(dC/db1)
  = abs(σ'(z1)*w2*σ'(z2)*w3*dC/db3)               # chain rule: ∂C/∂b1 = σ'(z1) w2 σ'(z2) w3 ∂C/∂b3
  = abs(w2)*abs(w3)*σ'(z1)*σ'(z2)*abs(dC/db3)     # σ' > 0
  <= abs(w2)*abs(w3)*abs(dC/db3)/16               # σ' ≤ 1/4
  < abs(dC/db3)/16                                # |w2|, |w3| < 1
"""
F16_ASSUME = {"layers": 4, "assume": ["-1 < w2 < 1", "-1 < w3 < 1", "abs(dC/db3) > 0"]}

CASES: dict[str, Case] = {
    # ---------------------------------------------------------------- correct derivations
    # Nielsen ch. 3: the cross-entropy gradient, σ′ cancels
    "ce_cancellation": Case(CE_CANCELLATION, (P, P, P), "all_proved", {"cost": "cross_entropy"}),
    # Nielsen ch. 5 eq. (122): ∂C/∂b1 for four neurons as a chain-rule product of atoms
    "eq122_chain_rule": Case(EQ_122, (P, P, P), "all_proved", {"layers": 4}),
    # Nielsen ch. 5: the factor 16 between ∂C/∂b1 and ∂C/∂b3 when |w2|, |w3| < 1
    "factor_16": Case(FACTOR_16, (P, P, P, P), "all_proved", F16_ASSUME, overall=P),
    # |w σ′(z)| ≤ |w|/4 < 1/4 for |w| < 1 (Nielsen ch. 5)
    "weighted_sigma_prime": Case(
        "abs(w1*σ'(z1))\n = abs(w1)*σ'(z1)\n <= abs(w1)/4   # σ' ≤ 1/4\n < 1/4   # |w1| < 1\n",
        (P, P, P),
        "all_proved",
        {"assume": ["-1 < w1 < 1"]},
    ),
    # each layer shrinks the gradient by 4 when |w| ≤ 1 (closed bounds)
    "depth_shrink_closed": Case(
        "abs(dC/db1)\n"
        " = σ'(z1)*abs(w2)*σ'(z2)*abs(w3)*σ'(z3)*abs(dC/da3)   # chain rule\n"
        " <= abs(w2)*abs(w3)*abs(dC/da3)/64                    # σ' ≤ 1/4\n"
        " <= abs(dC/da3)/64                                    # |w| ≤ 1\n",
        (P, P, P),
        "all_proved",
        {"layers": 3, "assume": ["-1 <= w2 <= 1", "-1 <= w3 <= 1"]},
    ),
    # ∂C/∂z4 = ∂C/∂a4 · ∂a4/∂z4 (backpropagation's δ for the quadratic cost)
    "delta_output": Case(
        "dC/dz4\n = dC/da4 * d(a4)/d(z4)\n = (a4 - y)*σ'(z4)\n",
        (P, P),
        "all_proved",
        {"layers": 4},
    ),
    # ∂C/∂x = w1 σ′(z1)(a1 − y)
    "input_gradient": Case(
        "dC/dx\n = dC/dz1 * d(z1)/d(x)\n = w1*σ'(z1)*(a1 - y)\n", (P, P), "all_proved"
    ),
    # the lecture notes' ReLU: ∂C/∂w = step(z) x (relu(z) − y)
    "relu_gradient": Case(
        "dC/dw1\n = dC/da1 * d(a1)/d(z1) * x\n = step(z1)*x*(relu(z1) - y)\n",
        (P, P),
        "all_proved",
        {"activation": "relu"},
    ),
    # tanh: ∂C/∂b = tanh′(z)(a − y)
    "tanh_gradient": Case(
        "dC/db1\n = tanh'(z1)*(a1 - y)\n = (1 - a1^2)*(a1 - y)\n",
        (P, P),
        "all_proved",
        {"activation": "tanh"},
    ),
    # the blog post's chain of four units without biases, C = (y − o)², done right
    "squared_chain_correct": Case(
        "dC/dw1\n = -2*(y - a4)*σ'(z4)*w4*σ'(z3)*w3*σ'(z2)*w2*σ'(z1)*x\n",
        (P,),
        "all_proved",
        {"layers": 4, "cost": "squared", "biases": False},
    ),
    # ---------------------------------------------------------------- one wrong link
    # the σ′ cancels only for the cross-entropy, not the quadratic cost (lecture notes §1)
    "quadratic_sigma_prime_dropped": Case(
        "dC/dw1\n = (a1 - y)*σ'(z1)*x   # chain rule\n = (a1 - y)*x   # σ' cancels?\n",
        (P, R),
        "wrong",
    ),
    # the blog post's printed form: an overall sign error
    "squared_chain_blog_sign": Case(
        "dC/dw1\n = 2*(y - a4)*σ'(z4)*w4*σ'(z3)*w3*σ'(z2)*w2*σ'(z1)*x\n",
        (R,),
        "wrong",
        {"layers": 4, "cost": "squared", "biases": False},
    ),
    # a chain rule that forgets ∂z2/∂a1 = w2
    "chain_rule_missing_weight": Case(
        "dC/db1\n = dC/da2 * d(a2)/d(z2) * d(z2)/d(a1) * d(a1)/d(z1)\n"
        " = (a2 - y)*σ'(z2)*σ'(z1)   # each factor\n",
        (P, R),
        "wrong",
        {"layers": 2},
    ),
    # tanh′ = 1 − tanh, not 1 − tanh²
    "tanh_prime_wrong": Case(
        "dC/db1\n = tanh'(z1)*(a1 - y)\n = (1 - a1)*(a1 - y)\n",
        (P, R),
        "wrong",
        {"activation": "tanh"},
    ),
    # the last step |w1|/4 < 1/4 needs |w1| < 1: without the assumption it is refuted
    "weighted_sigma_prime_no_assumption": Case(
        "abs(w1*σ'(z1))\n = abs(w1)*σ'(z1)\n <= abs(w1)/4\n < 1/4\n",
        (P, P, R),
        "wrong",
    ),
    # ---------------------------------------------------------------- wrong directions
    "sigma_prime_wrong_direction": Case(
        "abs(w1*σ'(z1))\n = abs(w1)*σ'(z1)\n >= abs(w1)/4   # wrong way round\n",
        (P, R),
        "wrong",
        {"assume": ["-1 < w1 < 1"]},
        overall=R,
    ),
    "factor_16_wrong_direction": Case(
        FACTOR_16.replace(
            "  <= abs(w2)*abs(w3)*abs(dC/db3)/16", "  >= abs(w2)*abs(w3)*abs(dC/db3)/16"
        ),
        (P, P, R, P),
        "wrong",
        F16_ASSUME,
    ),
    # ---------------------------------------------------------------- compensating errors
    # two sign slips that cancel
    "two_sign_slips": Case(
        "dC/dw1\n = (y - a1)*σ'(z1)*x   # sign slip\n = (a1 - y)*σ'(z1)*x   # sign slip back\n",
        (R, R),
        "compensating",
        overall=P,
    ),
    # a factor 2 too many, then the 2 dropped
    "factor_two_in_and_out": Case(
        "dC/db2\n = 2*(a2 - y)*σ'(z2)   # d/da of (y - a)²/2 taken as 2(a - y)\n"
        " = (a2 - y)*σ'(z2)       # the 2 dropped\n",
        (R, R),
        "compensating",
        {"layers": 2},
        overall=P,
    ),
    # ---------------------------------------------------------------- right links, wrong start
    "wrong_start": Case(
        "x*σ'(z1)*(a1 - y)\n = x*σ(z1)*(1 - σ(z1))*(a1 - y)   # σ' = σ(1 − σ)\n",
        (P,),
        "wrong_start",
        {"cost": "cross_entropy", "derivative": "dC/dw1"},
    ),
    # ---------------------------------------------------------------- LaTeX versions
    "latex_ce_cancellation": Case(
        r"""\begin{align}
\frac{\partial C}{\partial w_1}
  &= -\left(\frac{y}{\sigma(z_1)} - \frac{1-y}{1-\sigma(z_1)}\right)\sigma'(z_1)\, x \\ % chain rule
  &= \frac{x(\sigma(z_1) - y)\,\sigma'(z_1)}{\sigma(z_1)(1-\sigma(z_1))} \\ % common denominator
  &= x\,(\sigma(z_1) - y) % $\sigma' = \sigma(1-\sigma)$
\end{align}""",
        (P, P, P),
        "all_proved",
        {"cost": "cross_entropy"},
        twin="ce_cancellation",
    ),
    "latex_eq122": Case(
        r"""\begin{aligned}
\frac{\partial C}{\partial b_1}
  &= \frac{\partial C}{\partial a_4}\frac{\partial a_4}{\partial z_4}
  \frac{\partial z_4}{\partial a_3}\frac{\partial a_3}{\partial z_3}
  \frac{\partial z_3}{\partial a_2}\frac{\partial a_2}{\partial z_2}
  \frac{\partial z_2}{\partial a_1}\frac{\partial a_1}{\partial z_1}
  \frac{\partial z_1}{\partial b_1} \\
&= (a_4 - y)\,\sigma'(z_4)\, w_4\, \sigma'(z_3)\, w_3\, \sigma'(z_2)\, w_2\,
  \sigma'(z_1) \cdot 1 \\
&= \sigma'(z_1)\, w_2\, \sigma'(z_2)\, w_3\, \sigma'(z_3)\, w_4\, \sigma'(z_4)\,
  (a_4 - y) % eq. (122)
\end{aligned}""",
        (P, P, P),
        "all_proved",
        {"layers": 4},
        twin="eq122_chain_rule",
    ),
    "latex_factor_16": Case(
        r"""\begin{align*}
\left|\frac{\partial C}{\partial b_1}\right|
  &= \left|\sigma'(z_1)\, w_2\, \sigma'(z_2)\, w_3\, \frac{\partial C}{\partial b_3}\right| \\
  &= |w_2|\,|w_3|\,\sigma'(z_1)\,\sigma'(z_2) \left|\frac{\partial C}{\partial b_3}\right| \\
  &\le \frac{1}{16}|w_2|\,|w_3| \left|\frac{\partial C}{\partial b_3}\right| \\ % σ' ≤ 1/4
  &< \frac{1}{16}\left|\frac{\partial C}{\partial b_3}\right| % |w_2|, |w_3| < 1
\end{align*}""",
        (P, P, P, P),
        "all_proved",
        F16_ASSUME,
        twin="factor_16",
        overall=P,
    ),
    "latex_quadratic_sigma_prime_dropped": Case(
        r"""\begin{align}
\frac{\partial C}{\partial w_1} &= (a_1 - y)\,\sigma'(z_1)\,x \\
&= (a_1 - y)\, x \quad \text{($\sigma'$ cancels?)}
\end{align}""",
        (P, R),
        "wrong",
        twin="quadratic_sigma_prime_dropped",
    ),
    "latex_two_sign_slips": Case(
        r"""\frac{dC}{dw_1} &= (y - a_1)\sigma'(z_1) x \\ &= (a_1 - y)\sigma'(z_1) x""",
        (R, R),
        "compensating",
        twin="two_sign_slips",
        overall=P,
    ),
    "latex_wrong_direction": Case(
        r"""\begin{aligned} |w_1 \sigma'(z_1)| &= |w_1|\, \sigma'(z_1) \\
  &\geq \frac{|w_1|}{4} \end{aligned}""",
        (P, R),
        "wrong",
        {"assume": ["-1 < w1 < 1"]},
        twin="sigma_prime_wrong_direction",
    ),
    # ---------------------------------------------------------------- training pairs
    "pairs_ce_average": Case(
        "dC/dw1\n = sum(-(y/a1 - (1 - y)/(1 - a1))*σ'(z1)*x)/n   # chain rule\n"
        " = sum(x*(σ(z1) - y))/n   # σ' cancels\n",
        (P, P),
        "all_proved",
        {"cost": "cross_entropy", "pairs": 2, "average": True},
    ),
    "latex_pairs_ce_average": Case(
        r"""\frac{\partial C}{\partial w_1}
  &= \frac{1}{n}\sum_{i=1}^{n} x_i\,(\sigma(z_{1}^{(i)}) - y_i)""",
        (P,),
        "all_proved",
        {"cost": "cross_entropy", "pairs": 2, "average": True},
    ),
}

_RESULTS: dict[str, StepsResult] = {}


def result_of(name: str) -> StepsResult:
    if name not in _RESULTS:
        case = CASES[name]
        _RESULTS[name] = check_steps(case.text, timeout=60, **case.options)
    return _RESULTS[name]


def _model_for(case: Case) -> Model:
    o = case.options
    return Model(
        o.get("layers", 1),
        o.get("activation", "sigmoid"),
        o.get("cost", "quadratic"),
        o.get("biases", True),
    )


def test_at_least_twenty_derivations_with_known_verdicts() -> None:
    assert len(CASES) >= 20
    assert sum(1 for c in CASES.values() if c.twin) >= 5
    assert {c.case for c in CASES.values()} >= {
        "all_proved",
        "wrong",
        "compensating",
        "wrong_start",
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_derivation_verdicts(name: str) -> None:
    case = CASES[name]
    r = result_of(name)
    got = tuple(link.status for link in r.links)
    assert got == case.links, [(link.index, link.status, link.detail) for link in r.links]
    assert r.case == case.case, r.summary
    if case.overall is not None:
        assert r.overall is not None and r.overall.status == case.overall, r.overall
    expected_exit = 0 if all(s == P for s in case.links) and case.case != "wrong_start" else 1
    assert r.exit_code == expected_exit
    first_wrong = next((k + 1 for k, s in enumerate(case.links) if s == R), None)
    assert r.first_wrong == first_wrong
    if first_wrong is not None:
        assert f"Link {first_wrong} " in r.summary
    print(f"{name}: {got} {[round(link.seconds, 2) for link in r.links]}", file=sys.stderr)


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n].twin))
def test_latex_version_gives_the_plain_verdicts(name: str) -> None:
    twin = CASES[name].twin
    assert twin is not None
    assert [link.status for link in result_of(name).links] == [
        link.status for link in result_of(twin).links
    ]


@pytest.mark.parametrize(
    "name", sorted(n for n in CASES if not CASES[n].twin and "pairs" not in CASES[n].options)
)
def test_counterexamples_recomputed_by_an_independent_model(name: str) -> None:
    case = CASES[name]
    r = result_of(name)
    model = _model_for(case)
    for link in r.links:
        if link.status != R:
            continue
        assert link.point is not None and link.left_value and link.right_value
        with mpmath.workdps(60):
            pt = point(link.point)
            left, right = model.value(link.left, pt), model.value(link.right, pt)
            assert abs(left - mpmath.mpf(link.left_value)) < mpmath.mpf("1e-30") * max(1, abs(left))
            assert abs(right - mpmath.mpf(link.right_value)) < mpmath.mpf("1e-30") * max(
                1, abs(right)
            )
            strict_zero = link.relation in ("<", ">") and left == right
            assert strict_zero or not holds(link.relation, left, right, mpmath.mpf("1e-30"))


@pytest.mark.parametrize(
    "name", sorted(n for n in CASES if not CASES[n].twin and "pairs" not in CASES[n].options)
)
def test_proved_links_hold_at_random_points_of_an_independent_model(name: str) -> None:
    case = CASES[name]
    r = result_of(name)
    model = _model_for(case)
    rng = random.Random(name)
    for _ in range(3):
        with mpmath.workdps(40):
            pt = {f"w{j}": mpmath.mpf(rng.uniform(-0.95, 0.95)) for j in range(1, 9)}
            pt.update({f"b{j}": mpmath.mpf(rng.uniform(-2, 2)) for j in range(1, 9)})
            pt["x"] = mpmath.mpf(rng.uniform(-2, 2))
            pt["y"] = mpmath.mpf(rng.uniform(0.05, 0.95))
            for link in r.links:
                if link.status == P:
                    left, right = model.value(link.left, pt), model.value(link.right, pt)
                    assert holds(link.relation, left, right, mpmath.mpf("1e-20")), (
                        link,
                        left,
                        right,
                    )


# ----------------------------------------------------------------- the summary and its cases


def test_summary_names_compensating_errors() -> None:
    r = result_of("two_sign_slips")
    assert "compensating errors" in r.summary and "Link 1 " in r.summary
    assert "equals the true derivative dC/dw1" in r.summary


def test_summary_reports_a_start_that_is_not_the_derivative() -> None:
    r = result_of("wrong_start")
    assert r.target_check is not None and r.target_check.status == R
    assert "not the true derivative dC/dw1" in r.summary
    assert r.status == "refuted" and r.exit_code == 1


def test_summary_of_a_wrong_end_says_the_last_line_is_not_the_derivative() -> None:
    r = result_of("quadratic_sigma_prime_dropped")
    assert "does NOT equal the true derivative dC/dw1" in r.summary


def test_json_shape_and_notebook_display() -> None:
    r = result_of("quadratic_sigma_prime_dropped")
    data = json.loads(json.dumps(r.as_json()))
    assert data["status"] == R and data["first_wrong_link"] == 2
    assert [link["status"] for link in data["links"]] == [P, R]
    assert set(data["links"][1]["point"]) == {"w1", "b1", "x", "y"}
    assert len(data["links"][1]["left_value"].replace("-", "").replace(".", "")) >= 50
    html = r._repr_html_()
    assert "<table>" in html and "refuted" in html and "<math" in html and "σ" in html
    assert "\\sigma" not in html and "\\(" not in html  # MathML, not TeX for a script
    tex = r._repr_latex_()
    assert tex.startswith("$$\\begin{aligned}") and r"\frac{\partial C}{\partial w_{1}}" in tex


def test_total_time_limit_leaves_later_links_undecided() -> None:
    text = "dC/dw1\n" + " = (a1 - y)*σ'(z1)*x\n" * 3
    r = check_steps(text, timeout=5, total_timeout=0.001)
    assert all(link.status == "undecided" for link in r.links)
    assert "total time limit" in r.links[-1].detail
    assert r.exit_code == 3


# ----------------------------------------------------------------- bad input: exit 2 with a place


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("dC/dw1\n = x*(σ(z1) - y\n", 2, 4, "never closed"),
        ("dC/dw1\n x*(σ(z1) - y)\n", 2, 2, "must begin with a relation"),
        ("= dC/dw1\n = x\n", 1, 1, "cannot begin with a relation"),
        ("dC/dw1\n\n  == x\n", 3, 3, "is not a relation"),
        ("dC/dw9\n = x\n", 1, 1, "does not exist"),
        ("d(z1)/d(a1)\n = x\n", 1, 1, "not a function of"),
        ("dC/dw1\n = w1 +\n", 2, 4, "not valid syntax"),
    ],
)
def test_bad_plain_input_names_line_and_column(
    text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(StepsInputError, match=message) as info:
        check_steps(text)
    assert (info.value.line, info.value.column) == (line, column), str(info.value)


def test_cli_exit_codes_and_json(tmp_path: Any, capsys: Any) -> None:
    good = tmp_path / "good.txt"
    good.write_text(CASES["ce_cancellation"].text, encoding="utf-8")
    assert main(["check-steps", str(good), "--cost", "cross_entropy"]) == 0
    assert "SUMMARY: All 3 links are proved" in capsys.readouterr().out
    bad = tmp_path / "bad.tex"
    bad.write_text(CASES["latex_quadratic_sigma_prime_dropped"].text, encoding="utf-8")
    assert main(["check-steps", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["first_wrong_link"] == 2
    broken = tmp_path / "broken.txt"
    broken.write_text("dC/dw1\n = x*(σ(z1) - y\n", encoding="utf-8")
    assert main(["check-steps", str(broken), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "invalid" and data["line"] == 2
    assert main(["check-steps", str(tmp_path / "missing.txt")]) == 2
    assert main(["check-steps", str(good), "--assume", "w1 >"]) == 2
    assert main(["check-steps", str(good), "--assume", "w1 > 2", "--assume", "w1 < 1"]) == 2


def test_python_entry_point_is_lazy_and_the_same_function() -> None:
    import gradproof
    from gradproof.checker import check_steps as public  # chain or sizes (checker.api)

    assert gradproof.check_steps is public


# ----------------------------------------------------------------- the docs page says what happens

DOCS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "check_steps.md"
_DOC_EXAMPLE = re.compile(
    r"^% example: (?P<opts>.*?)→ exit (?P<code>[0-9])\n```(?P<kind>text|latex)\n(?P<input>.*?)```"
    r".*?```text\n(?P<output>.*?)```",
    re.S | re.M,
)


def _doc_examples() -> list[tuple[str, str, int, str, str]]:
    text = DOCS_PAGE.read_text(encoding="utf-8")
    return [
        (m["opts"].strip(), m["kind"], int(m["code"]), m["input"], m["output"])
        for m in _DOC_EXAMPLE.finditer(text)
    ]


def test_docs_page_has_a_correct_and_a_wrong_worked_example() -> None:
    codes = [code for _, _, code, _, _ in _doc_examples()]
    assert 0 in codes and 1 in codes and len(codes) >= 4
    assert "check_steps" in (DOCS_PAGE.parent / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("opts", "kind", "code", "text", "output"), _doc_examples())
def test_docs_page_example_gives_its_documented_report(
    opts: str, kind: str, code: int, text: str, output: str, tmp_path: Path, capsys: Any
) -> None:
    f = tmp_path / ("example.tex" if kind == "latex" else "example.txt")
    f.write_text(text, encoding="utf-8")
    assert main(["check-steps", str(f), *shlex.split(opts)]) == code
    printed = capsys.readouterr().out
    documented = [ln for ln in output.splitlines() if ln.startswith("SUMMARY:")]
    assert documented and documented[0] in printed.splitlines(), printed
    for ln in output.splitlines():  # every documented verdict, point and value line is printed
        if ln.strip().startswith(("PROVED", "REFUTED", "at ", "left:", "right:")):
            shown = ln.split(" (")[0] if ln.strip().startswith(("PROVED", "REFUTED")) else ln
            assert shown in printed, (shown, printed)
