"""Mutations of the trusted core (gradproof/core/), statements, derivations and the claim kernel.

A change to the core breaks no true claim, so its detectors are the kernel's suite of wrong proofs
(``tests/kernel``) and the kernel tests: each entry weakens one side condition, one rule or one
rule of judgement, and some wrong proof that it would let through must then fail its test. See
:mod:`mutations.catalogue`.
"""

from __future__ import annotations

from mutations.mutation import Mutation

RULES = "gradproof/core/rules.py"
DOMAIN = "gradproof/core/domain.py"
ALGEBRA = "gradproof/core/algebra.py"
LOGIC = "gradproof/logic.py"
DERIVATION = "gradproof/derivation.py"
CLAIMS = "gradproof/claims.py"
SANITY = "gradproof/sanity.py"
KERNEL = ("tests/kernel",)
RULE_TESTS = ("tests/kernel/test_kernel_wrong_rules.py",)
STATEMENT_TESTS = ("tests/kernel/test_kernel_wrong_statements.py",)
PROOF_TESTS = ("tests/kernel/test_kernel_wrong_proofs.py",)
NET_TESTS = ("tests/kernel/test_kernel_sanity_net.py",)
SYMPY_TESTS = ("tests/kernel/test_kernel_sympy_assumptions.py",)
#: the body of core.algebra.has_sign: its two defences against SymPy's inconsistent signs
_HAS_SIGN_BODY = (
    "    e = _empty_ranges_evaluated(e)\n"
    '    if sign == "nonzero":\n'
    "        found = bool(e.is_positive is True or e.is_negative is True or e.is_nonzero is True)\n"
    "    else:\n"
    '        found = getattr(e, f"is_{sign}", None) is True\n'
    '    return found and not any(getattr(e, f"is_{c}", None) is True for c in _CONTRADICTS[sign])'
)


def _off(id: str, file: str, original: str, replacement: str, tests: tuple[str, ...]) -> Mutation:
    return Mutation(id, file, original, replacement, tests=tests)


KERNEL_MUTATIONS: tuple[Mutation, ...] = (
    # ------------------------------------------------ induction
    _off(
        "core_induction_base_case_unchecked",
        RULES,
        'for t, goal, name in ((base_case, goal_base, "base case"), (step, goal_step, "step")):',
        'for t, goal, name in ((step, goal_step, "step"),):',
        RULE_TESTS,
    ),
    _off(
        "core_induction_reach_of_the_domain_unchecked",
        RULES,
        "why = _satisfies(base + m, var, ())",
        "why = None",
        RULE_TESTS,
    ),
    _off(
        "core_induction_context_may_constrain_the_variable",
        RULES,
        "if any(h.has(var) for h in context):",
        "if False:",
        RULE_TESTS,
    ),
    # ------------------------------------------------ chain, weaken, cut, implies, instantiate
    _off(
        "core_chain_strict_without_a_strict_link",
        RULES,
        "strict = any(isinstance(t.prop, (sp.Lt, sp.Gt)) for t in links)",
        "strict = True",
        PROOF_TESTS,
    ),
    _off(
        "core_chain_links_need_not_meet",
        RULES,
        "if prev.prop.rhs != cur.prop.lhs:",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_chain_links_may_point_both_ways",
        RULES,
        "if len(directions) > 1:",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_weaken_any_direction",
        RULES,
        "if kind not in _WEAKER.get(type(thm.prop), ()):",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_cut_of_a_fact_that_is_not_a_hypothesis",
        RULES,
        "if fact.prop not in thm.hyps:",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_implies_discharges_every_hypothesis",
        RULES,
        "hyps = thm.hyps - set(_conjuncts(hyp)) - {hyp}",
        "hyps = frozenset()",
        ("tests/kernel/test_kernel_accepts.py",),
    ),
    _off(
        "core_instantiate_outside_the_domain",
        RULES,
        "why = _satisfies(e, x, facts)",
        "why = None",
        RULE_TESTS,
    ),
    _off(
        "core_instantiate_a_bound_variable",
        RULES,
        "if x in bound and (",
        "if False and (",
        RULE_TESTS,
    ),
    _off(
        "core_definition_used_outside_its_domain",
        RULES,
        "why = _satisfies(value, sym, facts)",
        "why = None",
        RULE_TESTS,
    ),
    _off(
        "core_define_recursion_need_not_descend",
        RULES,
        "if not (step.is_integer and step.is_positive):",
        "if False:",
        RULE_TESTS,
    ),
    # ------------------------------------------------ facts under binders (universal only)
    _off(
        "core_fact_under_binder_despite_its_hypotheses",
        RULES,
        "fixed = parameters(u.axioms).union(*(h.free_symbols for h in u.hyps))",
        "fixed = parameters(u.axioms)",
        RULE_TESTS,
    ),
    _off(
        "core_fact_under_binder_of_a_definition_parameter",
        RULES,
        "fixed = parameters(u.axioms).union(*(h.free_symbols for h in u.hyps))",
        "fixed = frozenset().union(*(h.free_symbols for h in u.hyps))",
        RULE_TESTS,
    ),
    # ------------------------------------------------ substitution, only_solution, calculus
    _off(
        "core_substitution_inverse_outside_the_new_domain",
        RULES,
        "why = _satisfies(at, var, ctx.facts)",
        "why = None",
        STATEMENT_TESTS,
    ),
    _off(
        "core_substitution_inverse_not_checked",
        RULES,
        "if zero_under(back - target, ctx.facts, ctx.universal) is None:",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_substitution_premise_of_another_statement",
        RULES,
        "if thm.prop != expected:",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_only_solution_ignores_other_unknowns",
        RULES,
        "    if others:\n",
        "    if False:\n",
        STATEMENT_TESTS,
    ),
    _off(
        "core_only_solution_any_solution_set",
        RULES,
        "if not all(zero_under(s - x0) is not None for s in sols):",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_mean_value_sign_unchecked",
        RULES,
        "used = signed_under(slope, sign, ctx.facts, ctx.universal)",
        "used: list[str] | None = []",
        RULE_TESTS,
    ),
    _off(
        "core_taylor_bound_of_any_derivative",
        RULES,
        "if zero_under(ctx.expand(g.args[0]) - ctx.expand(high)) is None:",
        "if False:",
        RULE_TESTS,
    ),
    _off(
        "core_enclosure_any_sign",
        RULES,
        "if isinstance(rel, sp.Ne) or positive == need[type(rel)]:",
        "if True:",
        RULE_TESTS,
    ),
    _off(
        "core_identity_without_the_zero_test",
        RULES,
        "used = zero_under(left - right, ctx.facts, ctx.universal)",
        "used: list[str] | None = []",
        STATEMENT_TESTS,
    ),
    # ------------------------------------------------ definedness (domain.py)
    _off(
        "domain_division_by_zero_allowed",
        DOMAIN,
        'out.append(Condition(base, "nonzero", f"{text} needs {sp.sstr(base)} ≠ 0"))',
        "pass",
        STATEMENT_TESTS,
    ),
    _off(
        "domain_log_of_nonpositive_allowed",
        DOMAIN,
        'out.append(Condition(e.args[0], "positive", f"log({sp.sstr(e.args[0])}) needs it > 0"))',
        "pass",
        STATEMENT_TESTS,
    ),
    _off(
        "domain_derivative_at_a_kink_allowed",
        DOMAIN,
        "for k in _KINKS[type(e)](e.args):",
        "for k in []:",
        STATEMENT_TESTS,
    ),
    _off(
        "domain_sum_over_an_unsigned_range_allowed",
        DOMAIN,
        "        length = hi - lo + 1\n",
        "        length = sp.Integer(1)\n",
        STATEMENT_TESTS,
    ),
    _off(
        "domain_heaviside_convention_allowed",
        DOMAIN,
        'Condition(e.args[0], "nonzero", f"Heaviside({sp.sstr(e.args[0])}) at 0 is a convention")',
        'Condition(sp.Integer(1), "nonzero", "")',
        STATEMENT_TESTS,
    ),
    # ------------------------------------------------ decision procedures (algebra.py)
    _off(
        "algebra_equality_fact_replaced_by_zero",
        ALGEBRA,
        "        return fact.lhs, fact.rhs\n",
        "        return fact.lhs, sp.Integer(0)\n",
        RULE_TESTS,
    ),
    _off(
        "algebra_upper_bound_read_as_lower_bound",
        ALGEBRA,
        "        return term, bound - mu",
        "        return term, bound + mu",
        RULE_TESTS,
    ),
    _off(
        "algebra_interval_parametrisation_outside_the_interval",
        ALGEBRA,
        "return term, bound / (1 + pos)",
        "return term, bound * (1 + pos)",
        RULE_TESTS,
    ),
    _off(
        "algebra_split_sign_needs_only_one_signed_part",
        ALGEBRA,
        "if all(has_sign(p, weak) for p in parts) and any(",
        "if any(has_sign(p, weak) for p in parts) and any(",
        RULE_TESTS,
    ),
    _off(  # both defences of has_sign removed: SymPy's signs taken as they come
        "algebra_trusts_sympy_signs_blindly",
        ALGEBRA,
        _HAS_SIGN_BODY,
        _HAS_SIGN_BODY.replace("    e = _empty_ranges_evaluated(e)\n", "").split(" and not")[0],
        SYMPY_TESTS,
    ),
    # ------------------------------------------------ statements, derivations (logic, derivation)
    _off(
        "logic_accept_with_hypotheses_left",
        LOGIC,
        "    if thm.hyps:\n        raise ProofError(",
        "    if False:\n        raise ProofError(",
        PROOF_TESTS,
    ),
    _off(
        "logic_accept_a_theorem_of_another_statement",
        LOGIC,
        "    if thm.prop != st.relation:",
        "    if False:",
        PROOF_TESTS,
    ),
    _off(
        "logic_accept_undeclared_definitions",
        LOGIC,
        "if declared.get(d.lhs) != d.rhs:",
        "if False:",
        PROOF_TESTS,
    ),
    _off(
        "logic_fits_need_not_start_at_the_goal",
        LOGIC,
        "    if first != goal.lhs:",
        "    if False:",
        PROOF_TESTS,
    ),
    _off(
        "logic_fits_need_not_end_at_the_goal",
        LOGIC,
        "    if last != goal.rhs:",
        "    if False:",
        PROOF_TESTS,
    ),
    _off(
        "logic_numeric_lemma_used_as_proved",
        LOGIC,
        'formal.kind == "numeric" or not isinstance(outcome.theorem, Theorem)',
        "False",
        PROOF_TESTS,
    ),
    _off(
        "derivation_justification_of_another_link",
        DERIVATION,
        "        if thm.prop != goal:",
        "        if False:",
        PROOF_TESTS,
    ),
    # ------------------------------------------------ judging claims (claims.py)
    _off(
        "claims_failed_check_does_not_fail_the_claim",
        CLAIMS,
        '    if not all(r.ok or r.skipped for r in results):\n        return "failed"\n',
        "",
        ("tests/test_kernel.py",),
    ),
    _off(
        "claims_supporting_check_proves",
        CLAIMS,
        "proves=concludes(ev.kind, outcome) and not outcome.kernel_error,",
        "proves=outcome.ok and ev.kind in PROVING_KINDS,",
        ("tests/test_kernel.py",),
    ),
    _off(
        "claims_theorem_with_hypotheses_proves",
        CLAIMS,
        "return isinstance(thm, Theorem) and thm.closed",
        "return isinstance(thm, Theorem)",
        ("tests/kernel/test_kernel_accepts.py",),
    ),
    _off(
        "claims_kernel_error_is_not_an_error",
        CLAIMS,
        "if any(r.raised or r.kernel_error for r in results):",
        "if any(r.raised for r in results):",
        NET_TESTS,
    ),
    # ------------------------------------------------ the sanity net
    _off(
        "sanity_net_never_fails",
        SANITY,
        "        if ok is False:\n            COUNTS.points += checked",
        "        if False:\n            COUNTS.points += checked",
        NET_TESTS,
    ),
    _off(
        "sanity_net_equality_always_holds",
        SANITY,
        "            return bool(abs(a - b) <= slack)",
        "            return True",
        NET_TESTS,
    ),
    _off(
        "verify_kernel_error_exits_1",
        "gradproof/commands/verify.py",
        "        return EXIT_KERNEL_ERROR",
        "        return 1",
        NET_TESTS,
    ),
)
