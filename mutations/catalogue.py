"""The mutation catalogue: data, one small *mathematical* change per entry.

Each :class:`Mutation` replaces ``original`` (which must occur exactly once in ``file``) by
``replacement`` in a temporary copy of the package, then runs its detectors there
(``mutations/run.py``, ``make mutate``): ``gradproof verify --only <claims> --json`` when it names
claims, and ``pytest <tests>`` when it names tests (the kernel's and the checker's own suites: a
change to the trusted core breaks no true claim, so wrong proofs that it must refuse detect it). A
mutation is *caught* when a detector sees it: every named claim fails (status ``failed`` or
``error``), or a named test fails. An entry with ``survives`` set is a true-but-weaker (or
equivalent) change: its claims must *stay* proved and its tests pass, and ``survives`` says why
that is right.

Paths are relative to the repository root (``proofs/`` is installed as ``gradproof.proofs``,
``numerics/`` as ``gradproof.numerics``). The claims named are the cheapest that must fail; where
the exported object is checked by several, one suffices.
"""

from __future__ import annotations

from mutations.mutation import Mutation

FORMULAS = "numerics/formulas.py"
LAYERS = "proofs/layers.py"
ACTIVATIONS = "proofs/activations.py"
RULES_FILE = "gradproof/core/rules.py"

MUTATIONS: tuple[Mutation, ...] = (
    # ------------------------------------------------ exported formulas (numerics/formulas.py)
    Mutation(
        "cross_entropy_grad_sign_flipped",
        FORMULAS,
        "out = np.asarray((1.0 - yy) * s_pos - yy * s_neg)",
        "out = np.asarray(yy * s_neg - (1.0 - yy) * s_pos)",
        ("cross_entropy_bias_grad",),  # cancellation fails too (tests/test_exports.py)
    ),
    Mutation(
        "quadratic_grad_sign_flipped",
        FORMULAS,
        "out = np.asarray(((1.0 - yy) * s_pos - yy * s_neg) * _sigmoid_prime_array(zz))",
        "out = np.asarray((yy * s_neg - (1.0 - yy) * s_pos) * _sigmoid_prime_array(zz))",
        ("quadratic_grads",),
    ),
    Mutation(
        "quadratic_grad_sigma_prime_dropped",
        FORMULAS,
        "out = np.asarray(((1.0 - yy) * s_pos - yy * s_neg) * _sigmoid_prime_array(zz))",
        "out = np.asarray(((1.0 - yy) * s_pos - yy * s_neg))",
        ("quadratic_grads",),
    ),
    Mutation(
        "gain_interval_width_scaled_by_1_plus_1e9",
        FORMULAS,
        "width = 2.0 * _half_width_in_z(abs_w) / abs_w",
        "width = 2.0 * (1 + 1e-9) * _half_width_in_z(abs_w) / abs_w",
        ("width_max",),
    ),
    Mutation(
        "width_max_argmax_6_9",
        FORMULAS,
        "WIDTH_MAX_ARGMAX: Final[float] = 6.894151032272928",
        "WIDTH_MAX_ARGMAX: Final[float] = 6.9",
        ("width_max",),
    ),
    Mutation(
        "width_max_value_0_45",
        FORMULAS,
        "WIDTH_MAX_VALUE: Final[float] = 0.44774320469430284",
        "WIDTH_MAX_VALUE: Final[float] = 0.45",
        ("width_max",),
    ),
    Mutation(
        "width_max_argmax_next_double",
        FORMULAS,
        "WIDTH_MAX_ARGMAX: Final[float] = 6.894151032272928",
        "WIDTH_MAX_ARGMAX: Final[float] = 6.894151032272929",
        ("width_max",),
    ),
    Mutation(
        "sigmoid_prime_clip_at_0_2",
        FORMULAS,
        "np.minimum(t, 0.25, out=t)",
        "np.minimum(t, 0.2, out=t)",
        ("sigmoid_prime_eq",),
    ),
    Mutation(
        "sigmoid_numerator_branch_at_zero",
        FORMULAS,
        "np.maximum(t, x >= 0, out=out, dtype=t.dtype)",
        "np.maximum(t, x > 0, out=out, dtype=t.dtype)",
        ("sigmoid_prime_eq",),
        survives="equivalent: at z = 0 the numerator t = e^(−|0|) is already 1, so both branches "
        "give σ(0) = 1/2 exactly",
    ),
    Mutation(
        "binary_entropy_second_argument",
        FORMULAS,
        "return _result(_cross_entropy_terms(yy, yy))",
        "return _result(_cross_entropy_terms(yy, 1.0 - yy))",
        ("cross_entropy_min_at_y",),
    ),
    Mutation(
        "cross_entropy_second_weight_y",
        FORMULAS,
        "second = _times_nonneg_or_zero(1.0 - yy, -np.log1p(-aa))",
        "second = _times_nonneg_or_zero(yy, -np.log1p(-aa))",
        ("cross_entropy_nonneg",),
    ),
    Mutation(
        "cross_entropy_from_logits_softplus_sign",
        FORMULAS,
        "towards_one = _times_nonneg_or_zero(yy, _softplus(-zz, log_term))",
        "towards_one = _times_nonneg_or_zero(yy, _softplus(zz, log_term))",
        ("cross_entropy_nonneg",),
    ),
    Mutation(
        "chain_bias_gradients_weight_dropped",
        FORMULAS,
        "np.where(np.isinf(w), limit, w * sp)",
        "np.where(np.isinf(w), limit, sp)",
        ("chain_grad_b1_depth4",),
    ),
    Mutation(
        "chain_bias_gradients_own_sigma_prime_dropped",
        FORMULAS,
        "out[..., j] = sp[..., j] * carried",
        "out[..., j] = carried",
        ("chain_grad_b1_depth4",),
    ),
    Mutation(
        "chain_bias_gradients_log_sign_of_dc_da_dropped",
        FORMULAS,
        "sign = sign_suffix * np.sign(g)[..., None]",
        "sign = sign_suffix",
        ("chain_grad_b1_depth4",),
    ),
    Mutation(
        "gain_modulus_of_w_dropped",
        FORMULAS,
        "out = np.asarray(np.abs(ww) * _sigmoid_prime_array(np.asarray(z)))",
        "out = np.asarray(ww * _sigmoid_prime_array(np.asarray(z)))",
        ("gain_needs_w_ge_4",),
    ),
    Mutation(
        "half_width_factor_2_dropped",
        FORMULAS,
        "u = (finite - 4.0) / (2.0 * (np.sqrt(finite) + 2.0))",
        "u = (finite - 4.0) / (np.sqrt(finite) + 2.0)",
        ("width_max",),
    ),
    Mutation(
        "gain_interval_centre_sign",
        FORMULAS,
        "centre = -bb / ww",
        "centre = bb / ww",
        ("gain_needs_w_ge_4",),
    ),
    # ------------------------------------------------ proofs: sigmoid
    Mutation(
        "sigmoid_prime_bound_one_third",
        "proofs/sigmoid.py",
        "SIGMOID_PRIME_BOUND = sp.Rational(1, 4)",
        "SIGMOID_PRIME_BOUND = sp.Rational(1, 3)",
        ("sigmoid_prime_max",),
    ),
    Mutation(
        "sigma_prime_sign_inside",
        "proofs/sigmoid.py",
        "return sigma(x) * (1 - sigma(x))",
        "return sigma(x) * (1 + sigma(x))",
        ("sigmoid_prime_eq",),
    ),
    Mutation(
        "sigma_exponent_sign",
        "proofs/sigmoid.py",
        "return 1 / (1 + sp.exp(-x))",
        "return 1 / (1 + sp.exp(x))",
        ("sigmoid_prime_eq",),
    ),
    Mutation(
        "weighted_bound_derivation_slack_halved",
        "proofs/sigmoid.py",
        "Step(((t - 1) ** 2 + 4 * d * t) / (4 * (1 + t) ** 2)",
        "Step(((t - 1) ** 2 + 2 * d * t) / (4 * (1 + t) ** 2)",
        ("weighted_sigmoid_prime_bound",),
    ),
    # ------------------------------------------------ proofs: identity neuron
    Mutation(
        "identity_neuron_constant_too_small",
        "proofs/identity_neuron.py",
        "K = sp.Rational(1, 96)",
        "K = sp.Rational(1, 100)",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_constant_weaker",
        "proofs/identity_neuron.py",
        "K = sp.Rational(1, 96)",
        "K = sp.Rational(1, 50)",
        ("identity_neuron",),
        survives="true but weaker: |E(x)| ≤ w₁²/96 ≤ w₁²/50, and the proof is an inequality "
        "valid for every K ≥ 1/96",
    ),
    Mutation(
        "identity_neuron_third_derivative_bound",
        "proofs/identity_neuron.py",
        "big_m = sp.Rational(1, 8)",
        "big_m = sp.Rational(1, 16)",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_third_derivative_sign",
        "proofs/identity_neuron.py",
        "THIRD = _Q - 6 * _Q**2",
        "THIRD = _Q + 6 * _Q**2",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_third_derivative_bound_one_ninth",
        "proofs/identity_neuron.py",
        "_EIGHTH, _QUARTER = sp.Rational(1, 8), sp.Rational(1, 4)",
        "_EIGHTH, _QUARTER = sp.Rational(1, 9), sp.Rational(1, 4)",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_fifth_derivative_bound_one_fifth",
        "proofs/identity_neuron.py",
        "_EIGHTH, _QUARTER = sp.Rational(1, 8), sp.Rational(1, 4)",
        "_EIGHTH, _QUARTER = sp.Rational(1, 8), sp.Rational(1, 5)",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_output_weight_halved",
        "proofs/identity_neuron.py",
        "E: sp.Lambda(x, (4 / w1) * sig.SIGMA(w1 * x - w1 / 2)",
        "E: sp.Lambda(x, (2 / w1) * sig.SIGMA(w1 * x - w1 / 2)",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_premise_x_nonnegative_dropped",
        "proofs/identity_neuron.py",
        "BOUND_PART = sp.Implies(\n    sp.And(NONZERO, sp.Ge(x, 0), sp.Le(x, 1)),",
        "BOUND_PART = sp.Implies(\n    sp.And(NONZERO, sp.Le(x, 1)),",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_sharpness_constant",
        "proofs/identity_neuron.py",
        "SHARP_CONSTANT = sp.Rational(1, 3840)",
        "SHARP_CONSTANT = sp.Rational(1, 4000)",
        ("identity_neuron",),
    ),
    Mutation(
        "identity_neuron_cube_lemma_sign",
        "proofs/identity_neuron.py",
        "Step(_big_d**3 - (_big_d - _d) * (_big_d**2 + _big_d * _d + _d**2),",
        "Step(_big_d**3 + (_big_d - _d) * (_big_d**2 + _big_d * _d + _d**2),",
        ("identity_neuron",),
    ),
    # ------------------------------------------------ proofs: gain
    Mutation(
        "gain_abs_w_of_s",
        "proofs/gain.py",
        "ABS_W_OF_S = 4 / (1 - s**2)",
        "ABS_W_OF_S = 4 / (1 + s**2)",
        ("width_max",),
    ),
    Mutation(
        "gain_below_one_slack_sign",
        "proofs/gain.py",
        'Step(((t - 1) ** 2 + d * t) / (1 + t) ** 2, "(1 + t)² − 4t = (t − 1)²"),',
        'Step(((t - 1) ** 2 - d * t) / (1 + t) ** 2, "(1 + t)² − 4t = (t − 1)²"),',
        ("gain_needs_w_ge_4",),
    ),
    Mutation(
        "gain_sharp_at_three",
        "proofs/gain.py",
        "sharp = sp.simplify(gain_expr(sp.Integer(4), a, -4 * a)) == 1",
        "sharp = sp.simplify(gain_expr(sp.Integer(3), a, -3 * a)) == 1",
        ("gain_needs_w_ge_4",),
    ),
    Mutation(
        "gain_needs_four_lemma_at_the_wrong_point",
        "proofs/gain.py",
        "at = instance(lemma, {sig.z: w * a + b})",
        "at = instance(lemma, {sig.z: w * a})",
        ("gain_needs_w_ge_4",),
    ),
    Mutation(
        "gain_needs_four_factor_five",
        "proofs/gain.py",
        "four = core.inequality(sp.Ge(4 * bound.rhs, 4 * bound.lhs), using=(at,))",
        "four = core.inequality(sp.Ge(4 * bound.rhs, 5 * bound.lhs), using=(at,))",
        ("gain_needs_w_ge_4",),
    ),
    Mutation(
        "gain_width_rewrite_covers_only_w_above_5",
        "proofs/gain.py",
        "Rewrite(wp, 4 + v, v, wp - 4, ",
        "Rewrite(wp, 5 + v, v, wp - 5, ",
        ("gain_set_width",),
    ),
    Mutation(
        "gain_width_rewrite_inverse_wrong",
        "proofs/gain.py",
        "(v + sp.sqrt(v**2 + 4 * v)) / 4,",
        "(v + sp.sqrt(v**2 + 4 * v)) / 2,",
        ("gain_set_width",),
    ),
    Mutation(
        "gain_width_premise_w_above_3",
        "proofs/gain.py",
        "for v, premise in ((wp, sp.Gt(wp, 4)), (wn, sp.Lt(wn, -4))):",
        "for v, premise in ((wp, sp.Gt(wp, 3)), (wn, sp.Lt(wn, -4))):",
        ("gain_set_width",),
    ),
    Mutation(
        "gain_width_centre_sign",
        "proofs/gain.py",
        "sp.Eq(LO(v, b) + HI(v, b), -2 * b / v),",
        "sp.Eq(LO(v, b) + HI(v, b), 2 * b / v),",
        ("gain_set_width",),
    ),
    Mutation(
        "gain_interval_half_width_over_w_not_abs_w",
        "proofs/gain.py",
        "half = sp.log((1 + sw) / (1 - sw)) / sp.Abs(w)",
        "half = sp.log((1 + sw) / (1 - sw)) / w",
        ("gain_set_width",),
    ),
    Mutation(
        "gain_inclusion_square_plus_q_sign",
        "proofs/gain.py",
        'Step((_T * (_T - t) ** 2 + _Q) / (_T**2 - 1), "= (T(T − t)² + Q)/(T² − 1)"),',
        'Step((_T * (_T - t) ** 2 - _Q) / (_T**2 - 1), "= (T(T − t)² + Q)/(T² − 1)"),',
        ("gain_set_width",),
    ),
    Mutation(
        "gain_inclusion_change_of_input_inverse",
        "proofs/gain.py",
        "a_of_t, t, sp.exp(-(w_r * a + b)), hyps=[gain_r])",
        "a_of_t, t, sp.exp(-(w_r * a)), hyps=[gain_r])",
        ("gain_set_width",),
    ),
    # ------------------------------------------------ proofs: chain
    Mutation(
        "closed_form_weight_dropped",
        "proofs/chain.py",
        "expr = expr * s.w[k - 1] * sig.sigma_prime(s.z(k))",
        "expr = expr * sig.sigma_prime(s.z(k))",
        ("chain_grad_b1_depth4",),
    ),
    Mutation(
        "eq122_first_sigma_prime_dropped",
        "proofs/chain.py",
        "return sp_(z(1)) * w[1] * sp_(z(2))",
        "return w[1] * sp_(z(2))",
        ("chain_grad_b1_depth4",),
    ),
    Mutation(
        "depth4_statement_weight_dropped",
        "proofs/chain.py",
        "rhs = sp_(z(1)) * w(2) * sp_(z(2)) * w(3) * sp_(z(3)) * w(4) * sp_(z(4))",
        "rhs = sp_(z(1)) * w(2) * sp_(z(2)) * sp_(z(3)) * w(4) * sp_(z(4))",
        ("chain_grad_b1_depth4",),
    ),
    Mutation(
        "chain_model_weight_dropped_from_the_view",
        "proofs/chain.py",
        "a(j + m + 1, j, beta), act(w(j + m + 1) * a(j + m, j, beta) + b(j + m + 1))",
        "a(j + m + 1, j, beta), act(a(j + m, j, beta) + b(j + m + 1))",
        ("chain_grad_any_depth",),
    ),
    Mutation(
        "chain_step_factor_weight_dropped",
        "proofs/chain.py",
        "named = w(L + 1) * self.act_prime(_z_of(L + 1))",
        "named = self.act_prime(_z_of(L + 1))",
        ("chain_grad_any_depth", "larger_derivative_still_unstable"),
    ),
    Mutation(
        "chain_product_range_starts_at_j",
        "proofs/chain.py",
        "return sp.Eq(lhs, self.act_prime(_z_of(_j)) * self.prod(_j + 1, n))",
        "return sp.Eq(lhs, self.act_prime(_z_of(_j)) * self.prod(_j, n))",
        ("chain_grad_any_depth",),
    ),
    Mutation(
        "chain_base_bias_sign",
        "proofs/chain.py",
        "self.act_prime(w(j) * a(j - 1) + b(j)),",
        "self.act_prime(w(j) * a(j - 1) - b(j)),",
        ("chain_grad_any_depth",),
    ),
    Mutation(
        "via_b3_factor_17",
        "proofs/chain.py",
        "def _via_b3_relation(factor: int = 16) -> sp.Basic:",
        "def _via_b3_relation(factor: int = 17) -> sp.Basic:",
        ("grad_b1_via_b3",),
    ),
    Mutation(
        "via_b3_nonzero_premise_dropped",
        "proofs/chain.py",
        "sp.Lt(sp.Abs(w(3)), 1), sp.Ne(_grad(3), 0))",
        "sp.Lt(sp.Abs(w(3)), 1))",
        ("grad_b1_via_b3",),
    ),
    Mutation(
        "via_b3_w3_premise_two",
        "proofs/chain.py",
        "sp.Lt(sp.Abs(w(3)), 1), sp.Ne(_grad(3), 0))",
        "sp.Lt(sp.Abs(w(3)), 2), sp.Ne(_grad(3), 0))",
        ("grad_b1_via_b3",),
    ),
    Mutation(
        "shrink_step_weakened_premise",
        "proofs/chain.py",
        "ih.lhs * sp.Abs(wn) / 4,",
        "ih.lhs * sp.Abs(wn) / 3,",
        ("depth_shrink_bound",),
    ),
    Mutation(
        "shrink_induction_factor_five",
        "proofs/chain.py",
        "return sp.Le(sp.Abs(_pi(n)), sp.Integer(4) ** (-n) * _weights(2, n))",
        "return sp.Le(sp.Abs(_pi(n)), sp.Integer(5) ** (-n) * _weights(2, n))",
        ("depth_shrink_bound",),
    ),
    Mutation(
        "shrink_weights_premise_two",
        "proofs/chain.py",
        "sp.Implies(sp.Le(_weights(2, _L), 1), sp.Le(grad, quarter_L * cost)),",
        "sp.Implies(sp.Le(_weights(2, _L), 2), sp.Le(grad, quarter_L * cost)),",
        ("depth_shrink_bound",),
    ),
    Mutation(
        "exploding_factor_power",
        "proofs/chain.py",
        "exact = sp.simplify(derivative - sp.Rational(1, 4) * 25**3 * s.dC_daL) == 0",
        "exact = sp.simplify(derivative - sp.Rational(1, 4) * 25**4 * s.dC_daL) == 0",
        ("exploding_example",),
    ),
    Mutation(
        "exploding_later_bias_minus_49",
        "proofs/chain.py",
        "*(sp.Eq(_b_i(k), -50) for k in range(2, 5)),",
        "*(sp.Eq(_b_i(k), -49) for k in range(2, 5)),",
        ("exploding_example",),
    ),
    Mutation(
        "exploding_statement_power_four",
        "proofs/chain.py",
        "        sp.Rational(1, 4),\n        sp.Pow(25, 3, evaluate=False),",
        "        sp.Rational(1, 4),\n        sp.Pow(25, 4, evaluate=False),",
        ("exploding_example",),
    ),
    Mutation(
        "modus_ponens_premise_unchecked",
        "gradproof/core/rules.py",
        "    if premise.prop != hyp:\n",
        "    if False:\n",
        tests=("tests/kernel/test_rule_modus_ponens.py",),
    ),
    # ------------------------------------------------ proofs: costs
    Mutation(
        "cross_entropy_grad_expr_sign",
        "proofs/costs.py",
        "return sigma(sp.sympify(z)) - sp.sympify(y)",
        "return sigma(sp.sympify(z)) + sp.sympify(y)",
        ("cross_entropy_bias_grad",),
    ),
    Mutation(
        "quadratic_cost_half_dropped",
        "proofs/costs.py",
        "return (sp.sympify(y) - sp.sympify(a)) ** 2 / 2",
        "return (sp.sympify(y) - sp.sympify(a)) ** 2",
        ("quadratic_grads",),
    ),
    Mutation(
        "cross_entropy_expr_sign",
        "proofs/costs.py",
        "return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))",
        "return y * sp.log(a) + (1 - y) * sp.log(1 - a)",
        ("cross_entropy_nonneg",),
    ),
    # ------------------------------------------------ proofs: errata, width maximum
    Mutation(
        "erratum_gradient_sign_as_printed",
        "proofs/corrections.py",
        "GRAD_W0 = (\n    -2\n",
        "GRAD_W0 = (\n    2\n",
        ("erratum_grad_w0_chain",),
    ),
    Mutation(
        "erratum_weights_of_two_hypothesis_weakened",
        "proofs/corrections.py",
        "Step(sp.Rational(1, 2) - (2 - dd) * t / (1 + t) ** 2",
        "Step(sp.Rational(1, 2) - (3 - dd) * t / (1 + t) ** 2",
        ("erratum_weights_of_two",),
    ),
    Mutation(
        "erratum_four_per_layer_slack_sign",
        "proofs/corrections.py",
        'exceeds = sign_is((1 + d) * at_zero - SIGMOID_PRIME_BOUND, "positive")',
        'exceeds = sign_is((1 - d) * at_zero - SIGMOID_PRIME_BOUND, "positive")',
        ("erratum_four_per_layer",),
    ),
    Mutation(
        "erratum_strict_quarter_value_at_zero",
        "proofs/corrections.py",
        "counterexample = at_zero == sp.Rational(1, 4)",
        "counterexample = at_zero == sp.Rational(1, 5)",
        ("erratum_sigmoid_prime_strict",),
    ),
    # ------------------------------------------------ proofs: other families
    Mutation(
        "gaussian_probability_argument",
        "proofs/sigmoid.py",
        "Step(sp.erf(1 / sp.sqrt(2)),",
        "Step(sp.erf(1 / sp.sqrt(3)),",
        ("gaussian_weight_usually_small",),
    ),
    Mutation(
        "unstable_growth_premise_weakened",
        "proofs/chain.py",
        "sp.Implies(sp.Ge(product, _c ** (_L - 1)), sp.Ge(grad, scale)),",
        "sp.Implies(sp.Ge(product, _c ** (_L - 2)), sp.Ge(grad, scale)),",
        ("larger_derivative_still_unstable",),
    ),
    Mutation(
        "unstable_decay_direction_flipped",
        "proofs/chain.py",
        "sp.Implies(sp.Le(product, _c ** (_L - 1)), sp.Le(grad, scale)),",
        "sp.Implies(sp.Le(product, _c ** (_L - 1)), sp.Ge(grad, scale)),",
        ("larger_derivative_still_unstable",),
    ),
    Mutation(
        "output_layer_quadratic_sigma_prime_dropped",
        "proofs/costs.py",
        "are_equal(sp.diff(quad, W[j, k]), A[k] * (out[j] - Y[j]) * sigma_prime(Z[j]))",
        "are_equal(sp.diff(quad, W[j, k]), A[k] * (out[j] - Y[j]))",
        ("output_error_cross_entropy",),
    ),
    # ------------------------------------------------ many neurons per layer (proofs/layers.py)
    Mutation(
        "bp1_sigma_for_sigma_prime",
        LAYERS,
        "            _grad[_j] * sigma_p(_zL[_j]),\n",
        "            _grad[_j] * sigma_f(_zL[_j]),\n",
        ("backprop_equations",),
    ),
    Mutation(
        "bp1_range_premise_dropped",
        LAYERS,
        "    hyps=(_in(n_L, _j), CHAIN_RULE_L),\n",
        "    hyps=(CHAIN_RULE_L,),\n",
        ("backprop_equations",),
    ),
    Mutation(
        "bp_delta_is_twice_the_cost_derivative",
        LAYERS,
        "    delta: sp.Lambda((_l, _j), partial_z(_l, _j)),\n",
        "    delta: sp.Lambda((_l, _j), 2 * partial_z(_l, _j)),\n",
        ("backprop_equations",),
    ),
    Mutation(
        "bp2_transpose_dropped",
        LAYERS,
        "sp.Sum(_wn[_i, _j] * partial_z(_l + 1, _i), (_i, 1, n_next)) * sigma_p(_zl[_j]),",
        "sp.Sum(_wn[_j, _i] * partial_z(_l + 1, _i), (_i, 1, n_next)) * sigma_p(_zl[_j]),",
        ("backprop_equations",),
    ),
    Mutation(
        "bp3_chain_rule_through_the_wrong_bias",
        LAYERS,
        "partial_b(_l, _j), sp.Sum(partial_z(_l, _r) * sp.Derivative(z_l(_r), _bl[_j]), "
        "(_r, 1, n_l))",
        "partial_b(_l, _j), sp.Sum(partial_z(_l, _r) * sp.Derivative(z_l(_r), _bn[_j]), "
        "(_r, 1, n_l))",
        ("backprop_equations",),
    ),
    Mutation(
        "bp4_indices_swapped",
        LAYERS,
        "        Step(a_prev(_k) * delta(_l, _j), ",
        "        Step(a_prev(_j) * delta(_l, _k), ",
        ("backprop_equations",),
    ),
    Mutation(
        "product_factors_in_the_wrong_order",
        LAYERS,
        "PRODUCT_STEP_DEF = core.define(product_matrix(_m + 1), _front(_m) * product_matrix(_m))",
        "PRODUCT_STEP_DEF = core.define(product_matrix(_m + 1), product_matrix(_m) * _front(_m))",
        ("delta_matrix_product",),
    ),
    Mutation(
        "matrix_bp2_weights_only",
        LAYERS,
        "DELTA_STEP = core.define(delta_vector(_m + 1), _front(_m) * delta_vector(_m))",
        "DELTA_STEP = core.define(delta_vector(_m + 1), WEIGHT_T(_L - _m) * delta_vector(_m))",
        ("delta_matrix_product",),
    ),
    Mutation(
        "product_base_squared",
        LAYERS,
        "PRODUCT_BASE_DEF = core.define(product_matrix(0), SIGMA_PRIME_MATRIX(_L))",
        "PRODUCT_BASE_DEF = core.define(product_matrix(0), SIGMA_PRIME_MATRIX(_L) ** 2)",
        ("delta_matrix_product",),
    ),
    Mutation(
        "sigma_prime_contraction_too_strong",
        LAYERS,
        "sp.Sum(BACK(_l, _j) ** 2 / 16, (_j, 1, _n[_l])),",
        "sp.Sum(BACK(_l, _j) ** 2 / 32, (_j, 1, _n[_l])),",
        ("delta_norm_bound",),
    ),
    Mutation(
        "norm_bound_sigma_prime_taken_as_one_third",
        LAYERS,
        "    square = core.inequality(sp.Le(_s**2, quarter**2, evaluate=False), "
        "hyps=[sp.Le(_s, quarter)])",
        "    square = core.inequality(sp.Le(_s**2, quarter**2 * 16 / 9, evaluate=False), "
        "hyps=[sp.Le(_s, quarter * 4 / 3)])",
        ("delta_norm_bound",),
    ),
    Mutation(
        "norm_chain_rule_through_the_wrong_layer",
        LAYERS,
        "DC_DZ(_m, _q) * sp.Derivative(_layer_z(_L - _m, _q), _z[_L - _m - 1, _j]),",
        "DC_DZ(_m, _q) * sp.Derivative(_layer_z(_L - _m, _q), _z[_L - _m, _j]),",
        ("delta_norm_bound",),
    ),
    Mutation(
        "norm_per_layer_factor_1_25",
        LAYERS,
        "SPECTRAL(_l + 1) ** 2 / 16 * norm2_delta(_l + 1)",
        "SPECTRAL(_l + 1) ** 2 / 25 * norm2_delta(_l + 1)",
        ("delta_norm_bound",),
    ),
    Mutation(
        "norm_spectral_premise_reversed",
        LAYERS,
        "    sp.Le(_GAINS_ABOVE, _SPECTRAL_ABOVE * _NORMS_ABOVE, evaluate=False),",
        "    sp.Ge(_GAINS_ABOVE, _SPECTRAL_ABOVE * _NORMS_ABOVE, evaluate=False),",
        ("delta_norm_bound",),
    ),
    Mutation(
        "norm_positivity_premise_weakened",
        LAYERS,
        "    sp.Gt(_NORMS_ABOVE, 0, evaluate=False),",
        "    sp.Ge(_NORMS_ABOVE, 0, evaluate=False),",
        ("delta_norm_bound",),
    ),
    Mutation(
        "width_one_weight_dropped",
        LAYERS,
        "sig.SIGMA_PRIME(_zc[_L - _m - 1]) * _wc[_L - _m] * PRODUCT_1(_m, _L),",
        "sig.SIGMA_PRIME(_zc[_L - _m - 1]) * PRODUCT_1(_m, _L),",
        ("width_one_layers_are_the_chain",),
        tests=(
            "tests/test_layers.py::test_width_one_inductions_hold_and_break_with_a_factor_dropped",
        ),
    ),
    Mutation(
        "width_one_bound_factor_halved",
        LAYERS,
        "* sp.Product(sp.Abs(_wc[_kk]) * SIGMOID_PRIME_BOUND, (_kk, _L - m + 1, _L))",
        "* sp.Product(sp.Abs(_wc[_kk]) * SIGMOID_PRIME_BOUND / 2, (_kk, _L - m + 1, _L))",
        ("width_one_layers_are_the_chain",),
        tests=(
            "tests/test_layers.py::test_width_one_inductions_hold_and_break_with_a_factor_dropped",
        ),
    ),
    # ------------------------------------------------ activations (proofs/activations.py)
    Mutation(
        "relu_slope_doubled",
        ACTIVATIONS,
        "    return sp.Max(0, x)\n",
        "    return sp.Max(0, 2 * x)\n",
        ("relu_grad",),
    ),
    Mutation(
        "relu_premise_z_negative_dropped",
        ACTIVATIONS,
        "    sp.Implies(sp.Lt(z, 0, evaluate=False), sp.Eq(RELU_PRIME(z), 0)),",
        "    sp.Eq(RELU_PRIME(z), 0),",
        ("relu_grad",),
    ),
    Mutation(
        "relu_rewrite_covers_only_z_below_minus_one",
        ACTIVATIONS,
        'Rewrite(z, -c, c, -z, "z = −c, c > 0: every z < 0"),',
        'Rewrite(z, -1 - c, c, -1 - z, "z = −1 − c, c > 0: only z < −1"),',
        ("relu_grad",),
    ),
    Mutation(
        "leaky_rewrite_covers_only_eps_below_half",
        ACTIVATIONS,
        'Rewrite(eps, EPS, _e, 1 / eps - 1, "ε = 1/(1 + κ), κ > 0: every 0 < ε < 1"),',
        'Rewrite(eps, EPS / 2, _e, 1 / (2 * eps) - 1, "ε = 1/(2 + 2κ): only ε < 1/2"),',
        ("relu_grad",),
    ),
    Mutation(
        "relu_right_quotient_at_zero_one_half",
        ACTIVATIONS,
        "sp.Implies(sp.Gt(h, 0, evaluate=False), sp.Eq(_quotient(RELU(h), RELU(_Q), h), 1)),",
        "sp.Implies(sp.Gt(h, 0, evaluate=False), "
        "sp.Eq(_quotient(RELU(h), RELU(_Q), h), sp.Rational(1, 2))),",
        ("relu_grad",),
    ),
    # ------------------------------------------------ the core's rule sum_termwise (added here)
    Mutation(
        "sum_termwise_accepts_strict",
        RULES_FILE,
        "    if type(prop) not in (sp.Eq, sp.Le, sp.Ge):",
        "    if type(prop) not in (sp.Eq, sp.Le, sp.Ge, sp.Lt, sp.Gt):",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "sum_termwise_any_hypothesis_on_the_index",
        RULES_FILE,
        "    bad = [h for h in context if h.has(index)]",
        "    bad = [h for h in context if h.has(index) and False]",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "sum_termwise_range_outside_the_domain",
        RULES_FILE,
        "    why = _satisfies(lo + m, index, facts)\n",
        "    why = None\n",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "sum_termwise_hidden_parameter",
        RULES_FILE,
        "        if index in d.rhs.free_symbols - d.lhs.free_symbols:",
        "        if False:",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "sum_termwise_range_without_a_sign",
        RULES_FILE,
        "    check_defined([left, right], facts, rule)",
        "    pass",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "numeric_bp2_sigma_for_sigma_prime",
        "gradproof/backprop_check.py",
        "delta = (delta @ np.asarray(weights[layer])) * formulas.sigmoid_prime(zs[layer - 1])",
        "delta = (delta @ np.asarray(weights[layer])) * formulas.sigmoid(zs[layer - 1])",
        ("backprop_equations",),
    ),
    Mutation(
        "experiment_bound_factor_halved",
        "numerics/network.py",
        "factor = np.array(spec) / 4",
        "factor = np.array(spec) / 8",
        ("layer_speeds_obey_the_norm_bound",),
    ),
    Mutation(
        "width_max_statement_bracket_below_the_root",
        "numerics/width_max.py",
        'S_BRACKET = ("0.64791822902955", "0.6479182290297")',
        'S_BRACKET = ("0.64791822902955", "0.6479182290296")',
        ("width_max",),
    ),
    Mutation(
        "width_max_statement_argmax_digit",
        "numerics/width_max.py",
        'STATED_ARGMAX = ("6.89415103227", "0.000000000005")',
        'STATED_ARGMAX = ("6.89415103228", "0.000000000005")',
        ("width_max",),
    ),
    Mutation(
        "width_max_statement_argmax_thirteen_digits",
        "numerics/width_max.py",
        'STATED_ARGMAX = ("6.89415103227", "0.000000000005")',
        'STATED_ARGMAX = ("6.89415103227", "0.0000000000005")',
        ("width_max",),
    ),
    Mutation(
        "width_max_statement_maximum_digit",
        "numerics/width_max.py",
        'STATED_MAX = ("0.447743204694", "0.0000000000005")',
        'STATED_MAX = ("0.447743204695", "0.0000000000005")',
        ("width_max",),
    ),
    Mutation(
        "width_max_statement_concavity_sign",
        "numerics/width_max.py",
        'Step(sp.Integer(0), "ln((1 + s)/(1 − s)) > 0 and 2s/(1 − s²) > 0", relation="<"),',
        'Step(sp.Integer(0), "ln((1 + s)/(1 − s)) > 0 and 2s/(1 − s²) > 0", relation=">"),',
        ("width_max",),
    ),
    Mutation(
        "width_max_statement_value_at_root_factor",
        "numerics/width_max.py",
        "sp.Implies(below_one, sp.Eq(W(s), (1 - s**2) * (1 - W_prime(s)) / (2 * s))),",
        "sp.Implies(below_one, sp.Eq(W(s), (1 - s**2) * (1 - W_prime(s)) / (3 * s))),",
        ("width_max",),
    ),
    Mutation(
        "width_max_statement_width_in_s_factor",
        "numerics/width_max.py",
        "W: sp.Lambda(x, (1 - x**2) / 2 * ratio),",
        "W: sp.Lambda(x, (1 - x**2) / 3 * ratio),",
        ("width_max",),
    ),
    Mutation(
        "toy_statement_start_output_digit",
        "numerics/toy_neuron.py",
        'sp.Lt(sp.Abs(SIGMA(q(3, 2)) - q("0.82")), half_cent),',
        'sp.Lt(sp.Abs(SIGMA(q(3, 2)) - q("0.83")), half_cent),',
        ("toy_neuron_numbers",),
    ),
    Mutation(
        "toy_statement_start_output_input_wrong",
        "numerics/toy_neuron.py",
        'sp.Lt(sp.Abs(SIGMA(q(3, 2)) - q("0.82")), half_cent),',
        'sp.Lt(sp.Abs(SIGMA(q(5, 2)) - q("0.82")), half_cent),',
        ("toy_neuron_numbers",),
    ),
    Mutation(
        "toy_statement_cross_entropy_plateau_bound",
        "numerics/toy_neuron.py",
        'sp.Le(names["plateau_ce"], 10),',
        'sp.Le(names["plateau_ce"], 4),',
        ("toy_neuron_numbers",),
    ),
    Mutation(
        "width_max_coarser_enclosure",
        "numerics/width_max.py",
        "_S_WIDTH = mpmath.mpf(2) ** -50",
        "_S_WIDTH = mpmath.mpf(2) ** -46",
        ("width_max",),
        survives="true but weaker: a bracket of s* 16 times wider still gives enclosures under "
        "the claimed 1e-12, and the exported constants are certified by their own finer bisection",
    ),
)

# The kernel's, the checker's and the evidence's entries live in modules of their own (each
# detected by tests as well as by claims); the catalogue is all of them.
from mutations.checker_entries import CHECKER_MUTATIONS  # noqa: E402
from mutations.evidence_entries import EVIDENCE_MUTATIONS  # noqa: E402
from mutations.frontend_entries import FRONTEND_MUTATIONS  # noqa: E402
from mutations.kernel_entries import KERNEL_MUTATIONS  # noqa: E402

MUTATIONS = (
    *MUTATIONS,
    *KERNEL_MUTATIONS,
    *CHECKER_MUTATIONS,
    *FRONTEND_MUTATIONS,
    *EVIDENCE_MUTATIONS,
)
