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
    Mutation(
        "quadratic_grad_w_input_factor_dropped",
        "proofs/costs.py",
        '(SIGMA(_z_wb) - yr) * SIGMA_PRIME(_z_wb) * x,\n            "chain rule',
        '(SIGMA(_z_wb) - yr) * SIGMA_PRIME(_z_wb),\n            "chain rule',
        ("quadratic_grads",),
    ),
    Mutation(
        "cross_entropy_nonneg_premise_dropped",
        "proofs/costs.py",
        "sp.Implies(A_BELOW_ONE, sp.Gt(C_CE(a, 1), 0)),",
        "sp.Gt(C_CE(a, 1), 0),",
        ("cross_entropy_nonneg",),
    ),
    Mutation(
        "cross_entropy_nonneg_limit_at_the_wrong_end",
        "proofs/costs.py",
        'sp.Eq(sp.Limit(C_CE(a, 0), a, 0, "+"), 0),',
        'sp.Eq(sp.Limit(C_CE(a, 0), a, 1, "-"), 0),',
        ("cross_entropy_nonneg",),
    ),
    Mutation(
        "cancellation_chain_rule_sign",
        "proofs/costs.py",
        "((1 - yr) / (1 - _sg) - yr / _sg) * _sgp,",
        "((1 - yr) / (1 - _sg) + yr / _sg) * _sgp,",
        ("cross_entropy_cancellation",),
    ),
    Mutation(
        "cross_entropy_sums_from_zero",
        "proofs/costs.py",
        "return sp.Sum(term / n, (i, 1, n))",
        "return sp.Sum(term / n, (i, 0, n))",
        ("cross_entropy_bias_grad",),
    ),
    Mutation(
        "min_at_y_unit_rewrite_narrowed",
        "proofs/costs.py",
        "A_REWRITE = Rewrite(a, 1 / (1 + _p), _p, 1 / a - 1,",
        "A_REWRITE = Rewrite(a, 1 / (2 + _p), _p, 1 / a - 2,",
        ("cross_entropy_min_at_y",),
    ),
    Mutation(
        "min_at_y_kl_premise_dropped",
        "proofs/costs.py",
        "sp.Implies(IN_UNIT_SQUARE, sp.Ge(C_CE(a, y) - H_ENTROPY(y), 0)),",
        "sp.Implies(A_BELOW_ONE, sp.Ge(C_CE(a, y) - H_ENTROPY(y), 0)),",
        ("cross_entropy_min_at_y",),
    ),
    Mutation(
        "min_at_y_stationary_factor_dropped",
        "proofs/costs.py",
        "y + a * (1 - a) * C_PRIME,",
        "y + a * C_PRIME,",
        ("cross_entropy_min_at_y",),
    ),
    Mutation(
        "min_at_y_log_bound_sign",
        "proofs/costs.py",
        "            1 - 1 / _t,\n",
        "            1 + 1 / _t,\n",
        ("cross_entropy_min_at_y",),
    ),
    Mutation(
        "min_at_y_kl_tangent_bound_constant",
        "proofs/costs.py",
        "KL_TANGENT_BOUND = y * (1 - a / y) + (1 - y) * (1 - (1 - a) / (1 - y))",
        "KL_TANGENT_BOUND = y * (2 - a / y) + (1 - y) * (1 - (1 - a) / (1 - y))",
        ("cross_entropy_min_at_y",),
    ),
    # the core's sum_termwise rule (added with the costs family): its own wrong proofs see it
    Mutation(
        "sum_termwise_accepts_strict",
        "gradproof/core/rules.py",
        "    kinds = (sp.Eq, sp.Le, sp.Ge)\n    if type(thm.prop) not in kinds:",
        "    kinds = (sp.Eq, sp.Le, sp.Ge, sp.Lt, sp.Gt)\n    if type(thm.prop) not in kinds:",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "sum_termwise_extra_hypotheses_allowed",
        "gradproof/core/rules.py",
        "    extra = thm.hyps - gamma - ranges\n    if extra:",
        "    extra = thm.hyps - gamma - ranges - thm.hyps\n    if extra:",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    Mutation(
        "sum_termwise_range_not_checked",
        "gradproof/core/rules.py",
        "    ctx.defined(left, right)\n    prop = _rel(type(thm.prop), left, right)",
        "    prop = _rel(type(thm.prop), left, right)",
        tests=("tests/kernel/test_rule_sum_termwise.py",),
    ),
    # ------------------------------------------------ proofs: errata, width maximum
    Mutation(
        "erratum_gradient_sign_as_printed",
        "proofs/corrections.py",
        "grad = -2 * (y - out)",
        "grad = 2 * (y - out)",
        ("erratum_grad_w0_chain",),
    ),
    Mutation(
        "erratum_grad_w0_witness_w0_one",
        "proofs/corrections.py",
        "WITNESS = {W0: 2, W1: 1, W2: 1, W3: 1, X: 1, Y: 0}",
        "WITNESS = {W0: 1, W1: 1, W2: 1, W3: 1, X: 1, Y: 0}",
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
        "erratum_weights_of_two_statement_weight_three",
        "proofs/corrections.py",
        "sp.Le(sp.Abs(_w), 2), sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 2))",
        "sp.Le(sp.Abs(_w), 3), sp.Le(sp.Abs(_w * SIGMA_PRIME(_z)), sp.Rational(1, 2))",
        ("erratum_weights_of_two",),
    ),
    Mutation(
        "erratum_weights_of_two_growth_at_four",
        "proofs/corrections.py",
        "sp.Implies(sp.Gt(sp.Abs(_w), 4), sp.Gt(sp.Abs(_w * SIGMA_PRIME(0)), 1)),",
        "sp.Implies(sp.Ge(sp.Abs(_w), 4), sp.Gt(sp.Abs(_w * SIGMA_PRIME(0)), 1)),",
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
        "erratum_four_per_layer_boundary_weight_one",
        "proofs/corrections.py",
        "sp.Gt(sp.Abs(_w), 1), sp.Gt(sp.Abs(_w * SIGMA_PRIME(0)), sp.Rational(1, 4))",
        "sp.Ge(sp.Abs(_w), 1), sp.Gt(sp.Abs(_w * SIGMA_PRIME(0)), sp.Rational(1, 4))",
        ("erratum_four_per_layer",),
    ),
    Mutation(
        "erratum_strict_quarter_value_at_zero",
        "proofs/corrections.py",
        "counterexample = at_zero == sp.Rational(1, 4)",
        "counterexample = at_zero == sp.Rational(1, 5)",
        ("erratum_sigmoid_prime_strict",),
    ),
    Mutation(
        "erratum_strict_quarter_printed_form",
        "proofs/corrections.py",
        "sp.Eq(SIGMA_PRIME(0), sp.Rational(1, 4)),",
        "sp.Lt(SIGMA_PRIME(0), sp.Rational(1, 4)),",
        ("erratum_sigmoid_prime_strict",),
    ),
    Mutation(
        "erratum_notes_display_as_true",
        "proofs/corrections.py",
        "shown = sp.Mul(true, A4 - _YC, evaluate=False)",
        "shown = sp.Mul(true, 1, evaluate=False)",
        ("erratum_notes_cost_factor_twice",),
    ),
    Mutation(
        "erratum_notes_b3_weight_dropped",
        "proofs/corrections.py",
        "PRODUCT_B3 = SIGMA_PRIME(_ZS[2]) * _WS[3] * SIGMA_PRIME(_ZS[3])",
        "PRODUCT_B3 = SIGMA_PRIME(_ZS[2]) * SIGMA_PRIME(_ZS[3])",
        ("erratum_notes_cost_factor_twice",),
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
        "relu_slope_doubled",
        "proofs/activations.py",
        "    return sp.Max(0, x)\n",
        "    return sp.Max(0, 2 * x)\n",
        ("relu_grad",),
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
        "bp2_transpose_dropped",
        "proofs/layers.py",
        "sp.Sum(_wn[_i, _j] * _dn[_i], (_i, 1, n_next)) * sigma_p(_zl[_j]),",
        "sp.Sum(_wn[_j, _i] * _dn[_i], (_i, 1, n_next)) * sigma_p(_zl[_j]),",
        ("backprop_equations",),
    ),
    Mutation(
        "sigma_prime_contraction_too_strong",
        "proofs/layers.py",
        "sp.Sum(_v[_j] ** 2 / 16, (_j, 1, n_l)),",
        "sp.Sum(_v[_j] ** 2 / 32, (_j, 1, n_l)),",
        ("delta_norm_bound",),
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
