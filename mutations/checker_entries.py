"""Mutations of the checker (gradproof/checker/): provers, counterexample search, sanity net.

Each entry names the tests that must see it (a change to a rule the checker proves with breaks
no shipped claim: the wrong proofs it must refuse detect it); see :mod:`mutations.catalogue`.
The first group changes a rule the checker concludes "proved" with (tests/test_checker_rules.py:
a false statement that only the wrong rule would prove); the second the certified refutation, its
interval evaluator and the domain of a proof (tests/test_checker_certified.py,
tests/test_checker_enclosure.py); the third the sanity net and the kernel error
(tests/test_checker_sanity_net.py); the last check_backprop's reference
(tests/test_backprop_check_deep.py).
"""

from __future__ import annotations

from mutations.mutation import Mutation

SIGNS = "gradproof/checker/signs.py"
LINKS = "gradproof/checker/links.py"
CORE = "gradproof/checker/core.py"
LAYERS = "gradproof/checker/layers.py"
STEPS = "gradproof/checker/steps.py"
ATOMS = "gradproof/checker/atoms.py"
RULES = "tests/test_checker_rules.py::"
CERTIFIED = "tests/test_checker_certified.py::"
NET = "tests/test_checker_sanity_net.py::"
ENCLOSURE = "tests/test_checker_enclosure.py::"

_RULE_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "signs_sigma_prime_range_one_eighth",
        SIGNS,
        "SigP: Range(sp.Integer(0), sp.Rational(1, 4), hi_closed=True),",
        "SigP: Range(sp.Integer(0), sp.Rational(1, 8), hi_closed=True),",
        tests=(
            RULES + "test_sigma_prime_range_is_zero_to_a_quarter_not_less",
            RULES + "test_a_false_bound_on_sigma_prime_away_from_the_searched_points_is_not_proved",
        ),
    ),
    Mutation(
        "signs_numerator_sign_from_its_first_term_only",
        SIGNS,
        "coeffs = [c for _, c in terms if c != 0]",
        "coeffs = [c for _, c in terms[:1] if c != 0]",
        tests=(RULES + "test_the_numerators_sign_is_that_of_all_its_terms_not_the_first",),
    ),
    Mutation(
        "links_factor_nonzero_without_proof",
        LINKS,
        "if not a.range.contains(sp.Integer(0)):",
        "if True:",
        tests=(RULES + "test_a_product_bounded_around_zero_says_nothing_about_its_factors",),
    ),
    Mutation(
        "signs_strict_goal_without_a_strict_term",
        SIGNS,
        "return num_strict or not strict",
        "return True",
        tests=(RULES + "test_a_strict_inequality_needs_a_strictly_positive_term",),
    ),
    Mutation(
        "signs_sigma_range_zero_to_a_half",
        SIGNS,
        "Sig: Range(sp.Integer(0), sp.Integer(1)),",
        "Sig: Range(sp.Integer(0), sp.Rational(1, 2)),",
        tests=(RULES + "test_sigma_and_tanh_ranges",),
    ),
    Mutation(
        "signs_tanh_prime_range_zero_to_a_half",
        SIGNS,
        "TanhP: Range(sp.Integer(0), sp.Integer(1), hi_closed=True),",
        "TanhP: Range(sp.Integer(0), sp.Rational(1, 2), hi_closed=True),",
        tests=(
            RULES + "test_sigma_and_tanh_ranges",
            RULES + "test_a_false_bound_on_tanh_prime_away_from_the_searched_points_is_not_proved",
        ),
    ),
    Mutation(
        "signs_abs_bound_from_the_nearer_end",
        SIGNS,
        "top = max(ends)",
        "top = min(ends)",
        tests=(RULES + "test_abs_of_a_variable_is_bounded_by_the_farther_end_of_its_range",),
    ),
    Mutation(
        "signs_abs_taken_as_u_without_the_sign_of_u",
        SIGNS,
        "if inner.sign(how, strict=False):",
        "if inner.sign(how, strict=False) or s == 1:",
        tests=(RULES + "test_abs_is_u_only_where_the_sign_of_u_is_proved",),
    ),
    Mutation(
        "signs_closed_lower_end_taken_as_open",
        SIGNS,
        "return lo + self._new(not r.lo_closed)",
        "return lo + self._new(True)",
        tests=(RULES + "test_a_closed_end_is_not_taken_for_an_open_one",),
    ),
    Mutation(
        "links_equality_from_one_inequality",
        LINKS,
        "if all(ok for ok, _ in results):",
        "if any(ok for ok, _ in results):",
        tests=(RULES + "test_an_equality_needs_both_inequalities",),
    ),
    Mutation(
        "core_exp_of_minus_u_named_like_exp_of_u",
        CORE,
        "return 1 / gens[neg]",
        "return gens[neg]",
        tests=(RULES + "test_e_to_the_minus_u_is_one_over_e_to_the_u_not_the_same_atom",),
    ),
    Mutation(
        "layers_exp_of_minus_u_named_like_exp_of_u",
        LAYERS,
        "                if key in gens:\n                    out *= gens[key] ** k\n",
        "                if key in gens:\n                    out *= gens[key]\n",
        tests=(RULES + "test_sizes_cancellation_keeps_e_to_the_minus_u_apart_from_e_to_the_u",),
    ),
    Mutation(
        "core_relu_first_sign_pattern_only",
        CORE,
        "for signs in product((0, 1), repeat=len(keys)):",
        "for signs in list(product((0, 1), repeat=len(keys)))[:1]:",
        tests=(RULES + "test_every_relu_sign_pattern_is_checked_not_only_the_first",),
    ),
    Mutation(
        "atoms_node_derivative_sign_flipped",
        ATOMS,
        "return sp.diff(value, V).xreplace({V: actual})",
        "return -sp.diff(value, V).xreplace({V: actual})",
        tests=(RULES + "test_each_derivative_atom_has_its_textbook_value",),
    ),
    Mutation(
        "atoms_node_atoms_ignore_the_average",
        ATOMS,
        "return cost / len(net.data) if net.average else cost",
        "return cost",
        tests=(
            RULES + "test_each_derivative_atom_has_its_textbook_value",
            RULES + "test_wrong_atom_values_are_refuted",
        ),
    ),
    Mutation(
        "steps_chain_strict_without_a_strict_link",
        STEPS,
        'return "<" if "<" in kinds else "<="',
        'return "<"',
        tests=(RULES + "test_the_relation_a_chain_implies_is_strict_only_with_a_strict_link",),
    ),
)

_CERTIFIED_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "core_interval_touching_zero_taken_as_positive",
        CORE,
        "if mpf_sign(lo) > 0:",
        "if mpf_sign(lo) >= 0:",
        tests=(CERTIFIED + "test_an_identity_exact_at_binary_points_is_proved_not_refuted",),
    ),
    Mutation(
        "core_precision_never_raised_through_cancellation",
        CORE,
        "if g.sign is None and not g.narrow:",
        "if False:",
        tests=(
            CERTIFIED
            + "test_the_precision_is_raised_until_a_real_difference_hidden_by_cancellation_shows",
        ),
    ),
    Mutation(
        "core_counterexample_where_the_claim_is_undefined",
        CORE,
        "if not all(c.holds_at(pt, cache=cache) for c in conditions):\n"
        "            continue  # the claim as written is undefined here",
        "if False:\n            continue  # the claim as written is undefined here",
        tests=(
            CERTIFIED
            + "test_a_counterexample_is_never_a_point_where_the_claim_as_written_is_undefined",
        ),
    ),
    Mutation(
        "core_divisors_not_read_from_the_text",
        CORE,
        'found.append(("nonzero", node.right, in_sum))',
        "pass",
        tests=(CERTIFIED + "test_proofs_state_the_points_they_exclude_and_only_those",),
    ),
    Mutation(
        "core_excluded_points_never_stated",
        CORE,
        'if c.kind != "range" and not (c.values and all(always(c.kind, v) for v in c.values))',
        "if False",
        tests=(
            CERTIFIED + "test_proofs_state_the_points_they_exclude_and_only_those",
            CERTIFIED + "test_the_issue_20_sizes_formula_is_not_refuted_but_proved_off_z1_zero",
        ),
    ),
    Mutation(
        "core_open_lower_end_of_an_assumption_taken_as_closed",
        CORE,
        "inside, outside = (lo >= 0, hi < 0) if closed else (lo > 0, hi <= 0)",
        "inside, outside = (lo >= 0, hi < 0)",
        tests=(RULES + "test_an_assumption_with_an_open_end_keeps_the_end_out_of_the_domain",),
    ),
    Mutation(
        "core_enclosure_of_sigma_prime_is_one_minus_sigma",
        CORE,
        "return _finite(1 / (1 + e) if isinstance(expr, Sig) else e / (1 + e) ** 2)",
        "return _finite(1 / (1 + e) if isinstance(expr, Sig) else e / (1 + e))",
        tests=(
            ENCLOSURE + "test_undefined_means_no_real_value_there",
            ENCLOSURE + "test_the_enclosure_contains_the_value_or_the_expression_is_undefined",
        ),
    ),
)

_NET_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "core_net_never_finds_an_equality_false",
        CORE,
        "return s in (1, -1)",
        "return False",
        tests=(NET + "test_a_forced_proof_of_a_false_chain_formula_is_a_kernel_error_with_exit_4",),
    ),
    Mutation(
        "core_net_with_four_points",
        CORE,
        "NET_POINTS = 24",
        "NET_POINTS = 4",
        tests=(
            NET + "test_the_net_confirms_at_least_twenty_points_of_the_domain_with_special_ones",
        ),
    ),
    Mutation(
        "core_net_without_the_zero_point",
        CORE,
        "lambda k: 0,",
        "lambda k: 3,",
        tests=(
            NET + "test_the_net_confirms_at_least_twenty_points_of_the_domain_with_special_ones",
            NET + "test_a_forced_proof_of_a_false_inequality_fails_at_the_special_point_zero",
        ),
    ),
    Mutation(
        "core_net_only_at_the_relu_kinks_not_beside_them",
        CORE,
        "for target in (sp.Integer(0), _OFF, -_OFF):",
        "for target in (sp.Integer(0),):",
        tests=(NET + "test_the_net_looks_either_side_of_every_relu_kink",),
    ),
    Mutation(
        "core_kernel_error_reported_as_proved",
        CORE,
        'if not report.ok:\n            out = _kernel_error(out["detail"], report)',
        'if False:\n            out = _kernel_error(out["detail"], report)',
        tests=(NET + "test_a_forced_proof_of_a_false_chain_formula_is_a_kernel_error_with_exit_4",),
    ),
    Mutation(
        "layers_kernel_error_reported_as_proved",
        LAYERS,
        "if not report.ok:",
        "if False:",
        tests=(NET + "test_a_forced_proof_of_a_false_sizes_formula_is_a_kernel_error_with_exit_4",),
    ),
    Mutation(
        "links_kernel_error_reported_as_proved",
        LINKS,
        "if not report.ok:",
        "if False:",
        tests=(NET + "test_a_forced_proof_of_a_false_link_is_a_kernel_error_with_exit_4",),
    ),
    Mutation(
        "steps_kernel_error_outranked_by_a_refutation",
        STEPS,
        "checked = [*self.links, self.overall, self.target_check]",
        "checked: list[LinkResult | None] = []",
        tests=(NET + "test_a_kernel_error_outranks_a_refuted_link_in_the_summary",),
    ),
)

_ARCH = "tests/test_backprop_check_arch.py::"
_BACKPROP_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "backprop_bound_without_the_rounding_of_z",
        "gradproof/backprop_bounds.py",
        "ez = ea @ aw.T + gamma(n_in + 1) * (np.abs(a) @ aw.T + np.abs(b)) * 1.01",
        "ez = ea @ aw.T",
        tests=(_ARCH + "test_the_float64_bound_holds_and_correct_code_passes",),
    ),
    Mutation(
        "backprop_tolerance_blind_to_saturation",
        "gradproof/backprop_bounds.py",
        "                ea = ea + 2 * U\n",
        "                ea = ea\n",
        tests=(_ARCH + "test_course_code_passes_for_every_activation_and_cost",),
    ),
    Mutation(
        "backprop_hint_without_the_transpose_variant",
        "gradproof/backprop_bounds.py",
        "                    w = w.T\n",
        "                    pass\n",
        tests=(_ARCH + "test_each_planted_bug_is_caught_with_its_hint",),
    ),
    Mutation(
        "backprop_reference_fixed_at_50_digits",
        "gradproof/backprop_check.py",
        "return min(MAX_REFERENCE_DIGITS, max(MP_DIGITS, math.ceil(needed)))",
        "return MP_DIGITS",
        tests=(
            "tests/test_backprop_check_deep.py::"
            "test_the_reference_digits_grow_with_the_smallest_tolerance",
        ),
    ),
)

CHECKER_MUTATIONS: tuple[Mutation, ...] = (
    *_RULE_MUTATIONS,
    *_CERTIFIED_MUTATIONS,
    *_NET_MUTATIONS,
    *_BACKPROP_MUTATIONS,
)
