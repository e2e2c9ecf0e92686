"""Every claim's formal statement: present, printed, and broken by changing one of its numbers.

The mutations below are mathematical: a constant, a factor or a bound of the *statement object*
is changed (``dataclasses.replace``) and the claim must fail. True-but-weaker changes that are
expected to stay proved are listed in ``test_true_but_weaker_statements_stay_proved``.
"""

from __future__ import annotations

import io
from argparse import Namespace
from collections.abc import Callable
from dataclasses import replace

import pytest
import sympy as sp

from gradproof.claims import Claim, Empirical, LazyStatement, run_claim
from gradproof.logic import Statement
from gradproof.proofs import costs
from gradproof.registry import all_claims

EMPIRICAL = {
    "layer_speeds_at_init",
    "layer_speeds_in_training",
    "layer_speeds_obey_the_norm_bound",
    "layer_speed_ratio_prediction",
}
#: Claims without a formal statement yet (none: the errata got theirs with the trusted core).
#: Listed here so that a *new* claim without a formal statement still fails this test.
NOT_YET_FORMAL: set[str] = set()


def _claims() -> dict[str, Claim]:
    return {c.id: c for c in all_claims()}


def _statement(claim: Claim) -> Statement:
    formal = claim.formal
    return formal.get() if isinstance(formal, LazyStatement) else formal


def test_every_claim_has_a_formal_statement_or_says_why_not() -> None:
    claims = _claims()
    assert len(claims) >= 24
    for cid, claim in claims.items():
        if cid in NOT_YET_FORMAL:
            assert claim.formal is None, f"{cid} now has a formal statement: drop it from the list"
            continue
        if cid in EMPIRICAL:
            assert isinstance(claim.formal, Empirical), cid
            assert "measured" in claim.formal.why
        else:
            assert isinstance(_statement(claim), Statement), f"{cid} has no formal statement"


def test_measured_statements_are_numeric_and_the_rest_prove() -> None:
    kinds = {
        cid: _statement(c).kind
        for cid, c in _claims().items()
        if cid not in EMPIRICAL | NOT_YET_FORMAL
    }
    assert kinds.pop("toy_neuron_numbers") == "numeric"
    assert kinds.pop("width_max") == "certified"
    assert set(kinds.values()) == {"symbolic"}


def test_verify_details_prints_the_formal_form_then_the_prose() -> None:
    from gradproof.commands.verify import run

    out = io.StringIO()
    code = run(Namespace(json=False, only="sigmoid_prime_max", details=True), out)
    text = out.getvalue()
    assert code == 0
    assert "formal:" in text and "σ′(0) = 1/4" in text and "for z real" in text
    assert text.index("formal:") < text.index("in words: 0 < σ′(z) ≤ 1/4")
    assert "[symbolic] formal statement proved" in text


def test_statement_pretty_and_latex_are_the_printers_of_the_relation() -> None:
    st = _statement(_claims()["weighted_sigmoid_prime_bound"])
    # the docs' printers (σ(u), ln, upright names) of exactly this relation: one conjunct a line
    from gradproof.typeset import canonical_functions, statement_latex, text

    lines = st.pretty().splitlines()
    assert lines == [
        "|wσ′(0)| = |w|/4",
        "|wσ′(z)| ≤ |w|/4",
        "|w| < 1 ⇒ |wσ′(z)| < 1/4",
        "for w, z real",
    ]
    assert lines[:3] == [text(canonical_functions(p)) for p in st.parts()]
    # the LaTeX: the same conjuncts, one row each, then the domain
    tex = st.latex()
    blocks = statement_latex(st.relation)
    assert len(blocks) == 3
    assert [tex.index(b) for b in blocks] == sorted(tex.index(b) for b in blocks)
    assert tex.endswith(r"\\ \text{for w, z real} \end{array}")


def test_formal_statements_on_pages_are_display_math_never_text_diagrams() -> None:
    from gradproof.render import formal_markdown

    for claim in _claims().values():
        if claim.formal is None or claim.id in EMPIRICAL:
            continue
        md = "\n".join(formal_markdown(claim.formal))
        assert "```" not in md and "↪" not in md, claim.id
        blocks = md.split("$$")[1::2]
        assert blocks, claim.id
        # a block wider than a line of the 800 px column is broken into aligned rows
        for block in blocks:
            rows = block.split(r"\\") if "aligned" in block else [block]
            assert all(len(text_width(r)) <= 220 for r in rows), (claim.id, block)


def text_width(tex: str) -> str:
    """The characters of ``tex`` a reader sees, roughly: commands and braces removed."""
    import re

    tex = re.sub(r"\\(left|right|begin\{aligned\}|end\{aligned\})", "", tex)
    return re.sub(r"\\[A-Za-z]+|[{}&]", "", tex)


# ------------------------------------------------------------------ mutations of numbers


def _swap(old: object, new: object) -> Callable[[Statement], sp.Basic]:
    return lambda st: st.relation.xreplace({sp.sympify(old): sp.sympify(new)})


def _replace_part(
    kind: type, make: Callable[[sp.Basic], sp.Basic]
) -> Callable[[Statement], sp.Basic]:
    def mutate(st: Statement) -> sp.Basic:
        target = st.part(kind)
        return sp.And(*(make(p) if p is target else p for p in st.parts()))

    return mutate


_L = sp.Symbol("L", integer=True, positive=True)
_C = sp.Symbol("c", positive=True)
_QUARTER_L = sp.Integer(4) ** (-_L)


def _implications(st: Statement) -> list[sp.Basic]:
    return [p for p in st.parts() if isinstance(p, sp.Implies)]


def _replace_premise(old: object, new: object) -> Callable[[Statement], sp.Basic]:
    """``old`` → ``new`` in the premise of the statement's implication (one part only)."""

    def mutate(st: Statement) -> sp.Basic:
        (imp,) = _implications(st)
        hyp = imp.args[0].xreplace({sp.sympify(old): sp.sympify(new)})
        return st.relation.xreplace({imp: sp.Implies(hyp, imp.args[1])})

    return mutate


def _drop_premise(kind: type) -> Callable[[Statement], sp.Basic]:
    """The conjunct of type ``kind`` dropped from an implication's premise."""

    def mutate(st: Statement) -> sp.Basic:
        imp = next(p for p in _implications(st) if any(isinstance(h, kind) for h in p.args[0].args))
        hyp = sp.And(*(h for h in imp.args[0].args if not isinstance(h, kind)))
        return st.relation.xreplace({imp: sp.Implies(hyp, imp.args[1])})

    return mutate


def _replace_conclusion(kind: type, old: object, new: object) -> Callable[[Statement], sp.Basic]:
    """``old`` → ``new`` in the conclusion (of type ``kind``) of an implication, not its premise."""

    def mutate(st: Statement) -> sp.Basic:
        imp = next(p for p in _implications(st) if isinstance(p.args[1], kind))
        goal = imp.args[1].xreplace({sp.sympify(old): sp.sympify(new)})
        return st.relation.xreplace({imp: sp.Implies(imp.args[0], goal)})

    return mutate


def _change_conclusion(
    kind: type, make: Callable[[sp.Basic], sp.Basic]
) -> Callable[[Statement], sp.Basic]:
    """The one part ``premises ⇒ conclusion`` whose conclusion is of type ``kind``, with its
    conclusion changed by ``make`` (the premises stay)."""

    def mutate(st: Statement) -> sp.Basic:
        target = st.part(sp.Implies, lambda p: isinstance(p.args[1], kind))
        changed = sp.Implies(target.args[0], make(target.args[1]))
        return sp.And(*(changed if p is target else p for p in st.parts()))

    return mutate


Q = sp.Rational


def _shift(stated: str, half_unit: str, by: str) -> Callable[[Statement], sp.Basic]:
    """Move the interval stated ± half_unit (both ends, as rationals) by ``by``: a stated digit
    changed."""
    lo, hi, step = Q(stated) - Q(half_unit), Q(stated) + Q(half_unit), Q(by)
    return lambda st: st.relation.xreplace({lo: lo + step, hi: hi + step})


_Z = sp.Symbol("z", real=True)
_RELU_PRIME = sp.Function("ReLU′", real=True)
_LEAKY_PRIME = sp.Function("LeakyReLU′", real=True)
_EPS = sp.Symbol("ε", positive=True)
# (claim, what changes, how) — each must make the claim fail
MUTATIONS: list[tuple[str, str, Callable[[Statement], sp.Basic]]] = [
    ("sigmoid_prime_eq", "1 − σ → 2 − σ", _swap(1, 2)),
    ("sigmoid_prime_max", "1/4 → 1/3", _swap(Q(1, 4), Q(1, 3))),
    ("sigmoid_prime_max", "1/4 → 1/5", _swap(Q(1, 4), Q(1, 5))),
    ("erratum_sigmoid_prime_strict", "σ′(0) = 1/4 → 1/5", _swap(Q(1, 4), Q(1, 5))),
    ("erratum_four_per_layer", "|w| ≤ 1 → |w| ≤ 2", _swap(1, 2)),
    ("weighted_sigmoid_prime_bound", "1/4 → 1/5", _swap(Q(1, 4), Q(1, 5))),
    ("weighted_sigmoid_prime_bound", "|w| < 1 → |w| < 2", _swap(1, 2)),
    ("gaussian_weight_usually_small", "0.6827 → 0.6837", _swap(Q(6827, 10000), Q(6837, 10000))),
    ("gaussian_weight_usually_small", "∫₋₁¹ → ∫₋₂²", _swap(-1, -2)),
    ("exploding_example", "25 → 24", _swap(25, 24)),
    ("exploding_example", "b_j = −50 → −49", _swap(-50, -49)),
    ("quadratic_grads", "toy target y = 0 → 1", _swap(0, 1)),
    ("cross_entropy_nonneg", "lim C = 0 → 1", _swap(0, 1)),
    ("cross_entropy_min_at_y", "C″ > 0 → second derivative order 3", _swap(2, 3)),
    (
        "cross_entropy_min_at_y",
        "KL ≥ 0 → KL ≥ 1/10",
        _change_conclusion(sp.Ge, lambda p: sp.Ge(p.lhs, Q(1, 10))),
    ),
    (
        "cross_entropy_min_at_y",
        "KL ≥ 0 without the premise y < 1",
        lambda st: st.relation.xreplace(
            {sp.And(sp.Lt(costs.a, 1), sp.Lt(costs.y, 1)): sp.Lt(costs.a, 1)}
        ),
    ),
    (
        "cross_entropy_min_at_y",
        "C′ = 0 ⇒ a = y → a = y/2",
        lambda st: st.relation.xreplace({sp.Eq(costs.a, costs.y): sp.Eq(costs.a, costs.y / 2)}),
    ),
    ("cross_entropy_nonneg", "premise a < 1 → a < 2", _swap(1, 2)),
    ("cross_entropy_cancellation", "σ′/(σ(1 − σ)) = 1 → 2", _swap(1, 2)),
    ("cross_entropy_bias_grad", "Σ from i = 1 → 0", _swap(1, 0)),
    (
        "output_error_cross_entropy",
        "δ = σ(z) − y → σ(z) + y",
        lambda st: st.relation.xreplace(
            {costs.SIGMA(costs.zj) - costs.yj: costs.SIGMA(costs.zj) + costs.yj}
        ),
    ),
    ("erratum_weights_of_two", "|w| ≤ 2 → |w| ≤ 3", _swap(2, 3)),
    ("erratum_grad_w0_chain", "the true gradient's −2 → 2", _swap(-2, 2)),
    (
        "erratum_notes_cost_factor_twice",
        "w₄ dropped from the right side of ∂C/∂b₃",
        lambda st: sp.And(
            *(
                sp.Eq(p.lhs, p.rhs.xreplace({sp.Symbol("w_4", real=True): 1}))
                if isinstance(p, sp.Eq) and p.lhs.has(sp.Symbol("b_3", real=True))
                else p
                for p in st.parts()
            )
        ),
    ),
    (
        "relu_grad",
        "ReLU′(z < 0) = 0 → 1/2",
        lambda st: st.relation.xreplace(
            {sp.Eq(_RELU_PRIME(_Z), 0): sp.Eq(_RELU_PRIME(_Z), Q(1, 2))}
        ),
    ),
    (
        "width_max",
        "|w*| ≈ 6.89415103227 → 6.89415103228",
        _shift("6.89415103227", "0.000000000005", "0.00000000001"),
    ),
    (
        "width_max",
        "W* ≈ 0.447743204694 → 0.447743204695",
        _shift("0.447743204694", "0.0000000000005", "0.000000000001"),
    ),
    (
        "width_max",
        "W′(s_B) < 0 at s_B = 0.6479 (below the root)",
        _swap(Q("0.6479182290297"), Q("0.6479")),
    ),
    ("gain_needs_w_ge_4", "|w| ≥ 4 → |w| ≥ 5", _swap(4, 5)),
    ("gain_set_width", "centre −2b/w → −3b/w", _swap(-2, -3)),
    ("identity_neuron", "K = 1/96 → 1/97", _swap(Q(1, 96), Q(1, 97))),
    ("identity_neuron", "x ∈ [0, 1] → [0, 2]", _swap(1, 2)),
    ("toy_neuron_numbers", "0.82 → 0.83", _swap(-Q("0.82"), -Q("0.83"))),
    ("toy_neuron_numbers", "a₃₀₀ ≈ 0.09 → 0.08", _swap(-Q("0.09"), -Q("0.08"))),
    ("depth_shrink_bound", "∏|w_k| ≤ 1 → ≤ 2", _replace_premise(1, 2)),
    ("depth_shrink_bound", "4^(−L) → 4^(−L−1)", _swap(_QUARTER_L, _QUARTER_L / 4)),
    (
        "chain_grad_b1_depth4",
        "drop w₃",
        lambda st: st.relation.xreplace({sp.Function("w", real=True)(3): 1}),
    ),
    ("chain_grad_any_depth", "drop the premise L ≥ j", lambda st: st.relation.args[1]),
    ("grad_b1_via_b3", "factor 16 → 17", _swap(Q(1, 16), Q(1, 17))),
    ("grad_b1_via_b3", "drop ∂C/∂b₃ ≠ 0", _drop_premise(sp.Ne)),
    (
        "larger_derivative_still_unstable",
        "growth c^(L−1) → c^L in the conclusion",
        _replace_conclusion(sp.Ge, _C ** (_L - 1), _C**_L),
    ),
    (
        "relu_grad",
        "ReLU′(z) = 0 for every z (premise z < 0 dropped)",
        lambda st: st.relation.xreplace(
            {
                sp.Implies(sp.Lt(_Z, 0, evaluate=False), sp.Eq(_RELU_PRIME(_Z), 0)): sp.Eq(
                    _RELU_PRIME(_Z), 0
                )
            }
        ),
    ),
    (
        "relu_grad",
        "leaky ReLU′(z < 0) = ε → 2ε",
        lambda st: st.relation.xreplace(
            {sp.Eq(_LEAKY_PRIME(_Z, _EPS), _EPS): sp.Eq(_LEAKY_PRIME(_Z, _EPS), 2 * _EPS)}
        ),
    ),
    (
        "width_one_layers_are_the_chain",
        "|w_k|/4 → |w_k|/5 in the width-one bound",
        _swap(Q(1, 4), Q(1, 5)),
    ),
    ("relu_he_is_critical", "χ = σ_w²/2 → σ_w²/3", _swap(Q(1, 2), Q(1, 3))),
    ("sigmoid_criticality_needs_large_weights", "σ_w²/16 → σ_w²/20", _swap(Q(1, 16), Q(1, 20))),
]


@pytest.mark.parametrize(
    ("cid", "what", "mutate"), MUTATIONS, ids=[f"{c}: {w}" for c, w, _ in MUTATIONS]
)
def test_changing_a_number_in_a_formal_statement_fails_the_statement(
    cid: str, what: str, mutate: Callable[[Statement], sp.Basic]
) -> None:
    st = _statement(_claims()[cid])
    relation = mutate(st)
    assert relation != st.relation, f"{cid}: the mutation {what} changed nothing"
    outcome = replace(st, relation=relation).prove()
    assert not outcome.ok, f"{cid}: {what} stayed proved: {outcome.detail}"


CHEAP = [
    "sigmoid_prime_max",
    "exploding_example",
    "relu_grad",
    "cross_entropy_nonneg",
    "gain_needs_w_ge_4",
]


@pytest.mark.parametrize("cid", CHEAP)
def test_run_claim_fails_with_a_mutated_formal_statement(cid: str) -> None:
    claim = _claims()[cid]
    mutation = next(m for c, _, m in MUTATIONS if c == cid)
    st = _statement(claim)
    broken = replace(claim, formal=replace(st, relation=mutation(st)))
    result = run_claim(broken)
    assert result.status == "failed"
    assert [e.name for e in result.evidence if not e.ok] == ["statement"]


def _in_parts(
    test: Callable[[sp.Basic], bool], old: object, new: object
) -> Callable[[Statement], sp.Basic]:
    """Replace ``old`` by ``new`` only in the conjuncts that satisfy ``test``."""

    def mutate(st: Statement) -> sp.Basic:
        swap = {sp.sympify(old): sp.sympify(new)}
        return sp.And(*(p.xreplace(swap) if test(p) else p for p in st.parts()))

    return mutate


def test_true_but_weaker_statements_stay_proved() -> None:
    """Expected survivors: each is true, only weaker than the claim (so it *should* be proved)."""
    claims = _claims()
    w1 = sp.Symbol("w_1", real=True)
    error = sp.Function("E", real=True)(sp.Symbol("x", real=True))
    survivors = [
        # |E| ≤ w₁²/50: a larger K is a weaker bound (the example); only the bound part,
        # the sharpness part |E(1) + w₁²/96| ≤ w₁⁴/3840 keeps its 1/96
        ("identity_neuron", _in_parts(lambda p: p.has(error), Q(1, 96), Q(1, 50))),
        # C − H ≥ −1/10 is weaker than C − H ≥ 0
        ("cross_entropy_min_at_y", _change_conclusion(sp.Ge, lambda p: sp.Ge(p.lhs, -Q(1, 10)))),
        # gain ≥ 1 ⇒ |w| ≥ 3 is weaker than ⇒ |w| ≥ 4 (the sharpness part keeps 4 elsewhere)
        (
            "gain_needs_w_ge_4",
            lambda st: st.relation.xreplace({sp.Integer(4): sp.Integer(3)}).subs(
                sp.Abs(3 * sp.Function("σ′", real=True)(0)),
                sp.Abs(4 * sp.Function("σ′", real=True)(0)),
            ),
        ),
    ]
    for cid, mutate in survivors:
        st = _statement(claims[cid])
        relation = mutate(st)
        assert relation != st.relation
        assert replace(st, relation=relation).prove().ok, cid
    assert w1 in _statement(claims["identity_neuron"]).relation.free_symbols
