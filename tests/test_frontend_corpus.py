"""The front-ends on a corpus of links whose truth is known: ``tests/data/frontend_corpus.json``.

Each entry is one link of ``gradproof check-steps`` in LaTeX or in the plain syntax, with its
truth worked out by hand (the ``why`` field):

* ``true`` — the link holds for every value of the network's variables: it must be **proved**;
* ``false`` — it fails somewhere: it must be **refuted** (exit 1), never proved;
* ``refused`` — the text cannot be read exactly (a second derivative, a sum with other bounds
  than the pairs', a power written on a function, a product that reads in two ways …): it must
  be refused as bad input (``StepsInputError``, exit 2), never guessed.

The labels do not come from gradproof: every ``true``/``false`` entry also carries its
``meaning`` — the two sides written out by hand in mpmath terms (σ as ``sig``, a pair's input
as ``x_1``, a derivative atom as ``D(top, bottom[, pair])``, computed by numerical
differentiation of an independent forward pass, :mod:`tests._steps_model`) — and
:func:`test_the_meaning_confirms_the_label` checks the label on it at random points: a ``false``
entry must fail at one of them, a ``true`` entry hold at all (a confirmation of the hand
reasoning, not a proof).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import mpmath
import pytest
from _steps_model import Model, holds, sig

from gradproof.checker import CheckInputError, check_steps
from gradproof.checker.steps import StepsInputError
from gradproof.cli import main

CORPUS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "frontend_corpus.json").read_text(encoding="utf-8")
)
BY_ID = {e["id"]: e for e in CORPUS}
VERDICT = {"true": "proved", "false": "refuted"}
EXIT = {"true": 0, "false": 1, "refused": 2}


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


def test_corpus_size_mix_and_the_cases_of_issue_20() -> None:
    assert len(CORPUS) >= 50 and len(BY_ID) == len(CORPUS)
    counts = {t: sum(e["truth"] == t for e in CORPUS) for t in EXIT}
    assert min(counts.values()) >= 10, counts
    assert {e["syntax"] for e in CORPUS} == {"latex", "plain"}
    assert sum(e["syntax"] == "plain" for e in CORPUS) >= 15
    issue = {
        "issue_sigma_second_derivative": (r"\sigma''(z_1) &= \sigma'(z_1)", "refused"),
        "issue_sum_bounds": (r"\sum_{i=2}^{n} x_i &= \sum_{i=1}^{n} x_i", "refused"),
        "issue_power_of_value": (r"\sigma(z_1)^2 &= \sigma(z_1^2)", "false"),
        "issue_product_is_square": (r"\sigma(z_1)\sigma(z_1) &= \sigma(z_1)^2", "true"),
    }
    for key, (text, truth) in issue.items():
        assert (BY_ID[key]["text"], BY_ID[key]["truth"]) == (text, truth)
    for e in CORPUS:
        assert e["truth"] in EXIT and e["why"]
        assert ("meaning" in e) == (e["truth"] != "refused"), e["id"]


# ----------------------------------------------------------------- the independent reading


def _namespace(entry: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Random values of the variables and the mpmath meaning of every name (one or n pairs)."""
    options = entry.get("options", {})
    layers, pairs = options.get("layers", 1), options.get("pairs")
    model = Model(layers)
    params = {f"w{j}": mpmath.mpf(rng.uniform(-2, 2)) for j in range(1, layers + 1)}
    params.update({f"b{j}": mpmath.mpf(rng.uniform(-2, 2)) for j in range(1, layers + 1)})
    data = [
        {"x": mpmath.mpf(rng.uniform(-2, 2)), "y": mpmath.mpf(rng.uniform(0, 1))}
        for _ in range(pairs or 1)
    ]
    env: dict[str, Any] = {
        "sig": sig,
        "sigp": lambda u: sig(u) * (1 - sig(u)),
        "tanh": mpmath.tanh,
        "tanhp": lambda u: 1 - mpmath.tanh(u) ** 2,
        "exp": mpmath.exp,
        "log": mpmath.log,
        "abs": abs,
        "mpf": mpmath.mpf,
        **params,
    }
    for k, pair in enumerate(data, start=1):
        values = model.forward({**params, **pair})
        suffix = "" if pairs is None else f"_{k}"
        for name, value in {**pair, **values}.items():
            env[name + suffix] = value

    def atom(top: str, bottom: str, pair: int | None = None) -> Any:
        pts = [{**params, **p} for p in data]
        if pair is not None:
            return model.atom(pts[pair - 1], top, bottom)
        assert bottom[0] in "wb" or pairs is None, "a per-pair atom needs its pair"
        return mpmath.fsum(model.atom(p, top, bottom) for p in pts)

    env["D"] = atom
    return env


def _sides(entry: dict[str, Any], rng: random.Random) -> tuple[Any, Any]:
    env = _namespace(entry, rng)
    left, right = entry["meaning"]
    return (
        # the corpus's own mpmath text (trusted test data), without builtins
        eval(left, {"__builtins__": {}}, env),
        eval(right, {"__builtins__": {}}, env),
    )


@pytest.mark.parametrize(
    "entry", [e for e in CORPUS if "meaning" in e], ids=_ids([e for e in CORPUS if "meaning" in e])
)
def test_the_meaning_confirms_the_label(entry: dict[str, Any]) -> None:
    rng = random.Random(entry["id"])
    numerical = "D(" in "".join(entry["meaning"])  # numerical differentiation: ~1e-20 error
    with mpmath.workdps(50):
        tol = mpmath.mpf("1e-15") if numerical else mpmath.mpf("1e-40")
        outcomes = []
        for _ in range(20):
            left, right = _sides(entry, rng)
            scale = max(1, abs(left), abs(right))
            outcomes.append(holds(entry["relation"], left, right, tol * scale))
    if entry["truth"] == "true":
        assert all(outcomes), entry["id"]
    else:
        assert not all(outcomes), f"{entry['id']}: the meaning held at every point"


# ----------------------------------------------------------------- the verdicts


def _latex(entry: dict[str, Any]) -> bool:
    return bool(entry["syntax"] == "latex")


@pytest.mark.parametrize("entry", CORPUS, ids=_ids(CORPUS))
def test_check_steps_gives_the_known_verdict(entry: dict[str, Any]) -> None:
    options = entry.get("options", {})
    if entry["truth"] == "refused":
        with pytest.raises(StepsInputError) as info:
            check_steps(entry["text"], latex=_latex(entry), **options)
        assert info.value.line >= 1 and info.value.reason, str(info.value)
        return
    r = check_steps(entry["text"], latex=_latex(entry), timeout=60, **options)
    assert [link.status for link in r.links] == [VERDICT[entry["truth"]]], [
        (link.left, link.right, link.detail) for link in r.links
    ]


def _cli_args(entry: dict[str, Any], path: Path) -> list[str]:
    args = ["check-steps", str(path)]
    for key, value in entry.get("options", {}).items():
        args += [f"--{key}", str(value)]
    return args


@pytest.mark.parametrize("entry", CORPUS, ids=_ids(CORPUS))
def test_cli_exit_code_is_the_known_verdict(
    entry: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / ("link.tex" if _latex(entry) else "link.txt")
    path.write_text(entry["text"] + "\n", encoding="utf-8")
    code = main(_cli_args(entry, path))
    out = capsys.readouterr()
    assert code == EXIT[entry["truth"]], out.out + out.err
    if entry["truth"] == "refused":
        assert "line 1" in out.err or "line 2" in out.err, out.err


def test_refusals_name_what_is_not_read() -> None:
    """The message says what was refused (not only where)."""
    expected = {
        "issue_sigma_second_derivative": "2 primes",
        "issue_sum_bounds": "from i = 2",
        "latex_power_on_sigma": "power written on the function",
        "latex_ln_two_x": "without parentheses",
        "latex_unbraced_two_digit_exponent": "^{12}",
        "latex_two_numbers": "ambiguous",
        "latex_bars_ambiguous": "more than one way",
        "latex_sum_body_without_index": "belongs to one training pair",
        "plain_sigma_second_derivative": "second or higher derivative",
        "plain_hexadecimal": "not a plain decimal",
    }
    for key, words in expected.items():
        entry = BY_ID[key]
        with pytest.raises(CheckInputError) as info:
            check_steps(entry["text"], latex=_latex(entry), **entry.get("options", {}))
        assert words in str(info.value), (key, str(info.value))


@pytest.mark.parametrize(
    ("key", "excluded"),
    [
        ("plain_cancelled_variable", "x ≠ 0"),
        ("plain_cancelled_weight", "w1 ≠ 0"),
        ("plain_zero_over_variable", "x ≠ 0"),
    ],
)
def test_a_cancelled_division_is_proved_only_where_the_text_is_defined(
    key: str, excluded: str
) -> None:
    """SymPy reads x/x as 1; the proof must still say it excludes x = 0, where x/x is undefined."""
    entry = BY_ID[key]
    (link,) = check_steps(entry["text"], latex=_latex(entry), timeout=60).links
    assert link.status == "proved" and excluded in link.detail, link.detail
