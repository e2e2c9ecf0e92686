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
        "shrink_step_weakened_premise",
        "proofs/chain.py",
        "ih.lhs * sp.Abs(wn) / 4,",
        "ih.lhs * sp.Abs(wn) / 3,",
        ("depth_shrink_bound",),
    ),
    Mutation(
        "exploding_factor_power",
        "proofs/chain.py",
        "exact = sp.simplify(derivative - sp.Rational(1, 4) * 25**3 * s.dC_daL) == 0",
        "exact = sp.simplify(derivative - sp.Rational(1, 4) * 25**4 * s.dC_daL) == 0",
        ("exploding_example",),
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
        'check=_gap_has_sign({_Vg: _c + _nu}, "nonpositive")',
        'check=_gap_has_sign({_Vg: _c - _nu}, "nonpositive")',
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
