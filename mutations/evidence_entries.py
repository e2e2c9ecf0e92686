"""Mutations of numeric evidence: tolerances, constants, inputs and citation locators.

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`. The cases of issue 20 that survived ``verify`` and the tests before:
an accuracy promise broken only at points a fixed grid misses (the σ′ rounding compensation
removed), the toy neuron's factors and constants (x dropped where x = 1, η = 0.16, 0.094), the
experiment's L2 term not divided by n and Frobenius norms where spectral ones are meant, and
citation locators changed (eq. (121) for (122), problem 3-3 for 3-2, the wrong work for an
erratum).
"""

from __future__ import annotations

from mutations.mutation import Mutation

FORMULAS = "numerics/formulas.py"
TOY = "numerics/toy_neuron.py"
NETWORK = "numerics/network.py"
CITATIONS = ("tests/test_citations.py",)

EVIDENCE_MUTATIONS: tuple[Mutation, ...] = (
    # ------------------------------------------------ accuracy promises, searched
    Mutation(
        "sigmoid_prime_compensation_removed",
        FORMULAS,
        "    t *= c\n",
        "",
        ("sigmoid_prime_eq",),  # 4.07 ulp at z = −6.236666679570021 (promised ≤ 4)
    ),
    Mutation(
        "sigmoid_prime_compensation_halved",
        FORMULAS,
        "c *= -2.0",
        "c *= -1.0",
        ("sigmoid_prime_eq",),
    ),
    Mutation(
        "gain_interval_width_four_ulp_too_wide",
        FORMULAS,
        "width = 2.0 * _half_width_in_z(abs_w) / abs_w",
        "width = 2.0 * (1 + 2.0**-50) * _half_width_in_z(abs_w) / abs_w",
        ("gain_set_width",),  # within 6 ulp at most points, beyond it where the width is worst
    ),
    Mutation(
        "softplus_log_instead_of_log1p",
        FORMULAS,
        "log_term = np.log1p(np.exp(-np.abs(zz)))",
        "log_term = np.log(1.0 + np.exp(-np.abs(zz)))",
        ("cross_entropy_nonneg",),
    ),
    Mutation(
        "cross_entropy_log_of_one_minus_a",
        FORMULAS,
        "second = _times_nonneg_or_zero(1.0 - yy, -np.log1p(-aa))",
        "second = _times_nonneg_or_zero(1.0 - yy, -np.log(1.0 - aa))",
        ("cross_entropy_min_at_y",),
    ),
    # ------------------------------------------------ the toy neuron: factors and constants
    Mutation(
        "toy_weight_step_x_dropped",
        TOY,
        "w[:, n + 1] = w[:, n] - eta * dz * x",
        "w[:, n + 1] = w[:, n] - eta * dz",
        ("toy_neuron_numbers",),  # invisible at the source's x = 1
    ),
    Mutation(
        "toy_bias_step_times_x",
        TOY,
        "b[:, n + 1] = b[:, n] - eta * dz",
        "b[:, n + 1] = b[:, n] - eta * dz * x",
        ("toy_neuron_numbers",),
    ),
    Mutation(
        "toy_target_dropped",
        TOY,
        "err = formulas.sigmoid(z) - y",
        "err = formulas.sigmoid(z)",
        ("toy_neuron_numbers",),  # invisible at the source's y = 0
    ),
    Mutation(
        "toy_eta_0_16",
        TOY,
        "ETA = 0.15",
        "ETA = 0.16",
        ("toy_neuron_numbers",),  # still ≈ 0.09 after 300 epochs (0.0901)
    ),
    Mutation(
        "toy_final_output_0_094",
        TOY,
        'SOURCE_FINAL_OUTPUT = "0.09"',
        'SOURCE_FINAL_OUTPUT = "0.094"',
        ("toy_neuron_numbers",),  # true of the run (0.09396), not what the source prints
    ),
    Mutation(
        "toy_final_output_fewer_digits",
        TOY,
        'STATED_FINAL_OUTPUT = "0.0940"',
        'STATED_FINAL_OUTPUT = "0.094"',
        ("toy_neuron_numbers",),  # a tolerance 10 times looser than the statement's
    ),
    Mutation(
        "toy_plateau_tolerance_doubled",
        TOY,
        "PLATEAU_TOLERANCE = 0.25",
        "PLATEAU_TOLERANCE = 0.5",
        ("toy_neuron_numbers",),  # the statement says "within 25 %"
    ),
    # ------------------------------------------------ the experiment: L2 and spectral norms
    Mutation(
        "l2_decay_not_divided_by_n",
        NETWORK,
        "decay = 1.0 - eta * lmbda / n",
        "decay = 1.0 - eta * lmbda",
        ("layer_speeds_in_training",),
    ),
    Mutation(
        "training_l2_n_of_one",
        NETWORK,
        "net.update(grads, eta, lmbda, n)",
        "net.update(grads, eta, lmbda, 1)",
        ("layer_speeds_in_training",),
    ),
    Mutation(
        "experiment_bound_frobenius_norm",
        NETWORK,
        "spec = [float(np.linalg.norm(w, 2)) for w in weights[1:]]",
        "spec = [float(np.linalg.norm(w)) for w in weights[1:]]",
        ("layer_speeds_obey_the_norm_bound",),  # a weaker bound: every ratio still ≤ 1
    ),
    Mutation(
        "norm_bound_evidence_frobenius_norm",
        "proofs/layers.py",
        "s = np.array([np.linalg.norm(wl, 2) for wl in w])",
        "s = np.array([np.linalg.norm(wl) for wl in w])",
        ("delta_norm_bound",),
    ),
    Mutation(
        "norm_bound_evidence_quarter_doubled",
        "proofs/layers.py",
        "return 0.25 * np.prod(s[layer + 1 :] / 4) * grad",
        "return 0.5 * np.prod(s[layer + 1 :] / 4) * grad",
        ("delta_norm_bound",),  # a weaker bound: caught where it is attained (z = 0)
    ),
    # ------------------------------------------------ citation locators
    Mutation(
        "citation_eq_121_for_122",
        "proofs/chain.py",
        '"nielsen-ch5 eq. (122)",',
        '"nielsen-ch5 eq. (121)",',
        tests=CITATIONS,  # depth_shrink_bound: (121) elides the factors its bound is about
    ),
    Mutation(
        "citation_after_eq_121_for_122",
        "proofs/sigmoid.py",
        "nielsen-ch5 after eq. (122) (σ′(0) = 1/4)",
        "nielsen-ch5 after eq. (121) (σ′(0) = 1/4)",
        tests=CITATIONS,
    ),
    Mutation(
        "citation_problem_3_3_for_3_2",
        "proofs/costs.py",
        'source="notes-ps5 problem 3-2"',
        'source="notes-ps5 problem 3-3"',
        tests=CITATIONS,
    ),
    Mutation(
        "citation_problem_3_2_for_3_3",
        "proofs/costs.py",
        'source="notes-ps5 problem 3-3"',
        'source="notes-ps5 problem 3-2"',
        tests=CITATIONS,
    ),
    Mutation(
        "citation_eq_61_for_62",
        "proofs/costs.py",
        'source="nielsen-ch3 eq. (62); notes-ps5 eq. (2)"',
        'source="nielsen-ch3 eq. (61); notes-ps5 eq. (2)"',
        tests=CITATIONS,
    ),
    Mutation(
        "citation_erratum_wrong_work",
        "proofs/corrections.py",
        'source="gradient-vanish-mlp",\n        evidence=(',
        'source="vanishing-exploding",\n        evidence=(',
        tests=CITATIONS,  # erratum_grad_w0_chain corrects the multi-layer blog post
    ),
    Mutation(
        "citation_erratum_weights_of_two_wrong_work",
        "proofs/corrections.py",
        "source=\"vanishing-exploding on 'weights of exactly 2'\"",
        'source="kapur-2016"',
        tests=CITATIONS,
    ),
)
