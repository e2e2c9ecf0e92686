"""The structure of each cited work: the places a locator may name, and what each place holds.

Data, written from reading the source texts (the contributing page maps them to the works): for
every work of :data:`gradproof.citations.WORKS`, its sections, equations, problems and passages,
each with

* ``content``: one sentence, in our own words, of what is there;
* ``keywords``: words of which a claim citing the place must use at least one (in its statement,
  notes, erratum or derivations), so that what the place holds matches what the claim is about;
* ``cited_by``: the claims that may cite it — a reviewed table, so that a locator changed to a
  neighbouring one (eq. (121) for (122), problem 3-3 for 3-2) is caught even where the keywords
  of the two places overlap;
* ``numbers``: the numbers the place states, as printed (the toy neuron's evidence reads its
  constants against them).

``errata`` lists, per work, the claims that correct it: an erratum must cite first the work it
corrects. :func:`gradproof.citations.check_citation` checks a claim's source against this data;
``tests/test_citations.py`` runs it on every claim and derivation step.

Adding a claim that cites a place: read the place in the source, then add the claim's id to its
``cited_by`` (and a keyword if none fits). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """One citable place of a work: its canonical locator and what it holds."""

    locator: str
    content: str
    keywords: tuple[str, ...]
    cited_by: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structure:
    """A cited work's citable places, whether a locator is required, and what it gets wrong."""

    key: str
    places: tuple[Place, ...]
    #: a numbered work (sections, equations, problems) must be cited with a locator
    numbered: bool = True
    #: the claims (errata) that correct this work
    errata: tuple[str, ...] = ()
    #: where the numbering comes from when the work is not among the source texts held
    note: str = ""

    def place(self, locator: str) -> Place | None:
        for p in self.places:
            if p.locator == locator:
                return p
        return None

    def locators(self) -> tuple[str, ...]:
        return tuple(p.locator for p in self.places)


def _eq(n: int, content: str, keywords: tuple[str, ...], cited_by: tuple[str, ...]) -> Place:
    return Place(f"eq. ({n})", content, keywords, cited_by)


_CHAIN_WORDS = ("∂C/∂b", "σ′(z", "chain")

NIELSEN_CH5 = Structure(
    "nielsen-ch5",
    (
        Place(
            "§'The vanishing gradient problem'",
            "Deeper sigmoid networks on MNIST learn no better; each hidden layer's speed of "
            "learning ‖δˡ‖ (δˡ_j = ∂C/∂bˡ_j) grows towards the output: 0.07, 0.31 for "
            "[784, 30, 30, 10], 0.012, 0.060, 0.283 and 0.003, 0.017, 0.070, 0.285 for three and "
            "four hidden layers, at initialisation and along batch gradient descent on 1,000 "
            "images for 500 epochs (η = 0.1, λ = 5.0).",
            ("‖δ", "speed", "hidden layer"),
            (
                "layer_speeds_at_init",
                "layer_speeds_in_training",
                "layer_speeds_obey_the_norm_bound",
                "layer_speed_ratio_prediction",
            ),
            (
                "0.07",
                "0.31",
                "0.012",
                "0.060",
                "0.283",
                "0.003",
                "0.017",
                "0.070",
                "0.285",
                "1,000",
                "500",
                "0.1",
                "5.0",
            ),
        ),
        Place(
            "§'What’s causing the vanishing gradient problem? Unstable gradients in deep neural "
            "nets'",
            "The chain of single sigmoid neurons z_j = w_j a_{j−1} + b_j and its gradient "
            "∂C/∂b₁, eq. (114)–(122), then the reasons it vanishes or explodes.",
            _CHAIN_WORDS,
        ),
        _eq(
            114,
            "∂C/∂b₁ ≈ ΔC/Δb₁: the gradient tracked through a small change of the first bias.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4",),
        ),
        _eq(
            115,
            "Δa₁ ≈ ∂σ(w₁a₀ + b₁)/∂b₁ · Δb₁.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4", "chain_grad_any_depth", "larger_derivative_still_unstable"),
        ),
        _eq(
            116,
            "… = σ′(z₁)Δb₁: the first factor σ′(z₁).",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4", "chain_grad_any_depth", "larger_derivative_still_unstable"),
        ),
        _eq(
            117,
            "Δz₂ ≈ ∂z₂/∂a₁ · Δa₁.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4", "chain_grad_any_depth", "larger_derivative_still_unstable"),
        ),
        _eq(
            118,
            "… = w₂Δa₁: the weight w₂ as a factor.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4", "chain_grad_any_depth", "larger_derivative_still_unstable"),
        ),
        _eq(
            119,
            "Δz₂ ≈ σ′(z₁)w₂Δb₁.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4", "chain_grad_any_depth", "larger_derivative_still_unstable"),
        ),
        _eq(
            120,
            "ΔC ≈ σ′(z₁)w₂σ′(z₂)…σ′(z₄)(∂C/∂a₄)Δb₁.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4",),
        ),
        _eq(
            121,
            "∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)…σ′(z₄)∂C/∂a₄, the middle factors elided: the pattern of "
            "the product for the four-neuron chain.",
            _CHAIN_WORDS,
            ("chain_grad_b1_depth4", "chain_grad_any_depth"),
        ),
        _eq(
            122,
            "∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃σ′(z₃)w₄σ′(z₄)∂C/∂a₄ written out in full: a product of "
            "terms w_jσ′(z_j) and the cost's derivative.",
            (*_CHAIN_WORDS, "w_k σ′", "product"),
            (
                "chain_grad_b1_depth4",
                "chain_grad_any_depth",
                "depth_shrink_bound",
                "width_one_layers_are_the_chain",
                "erratum_notes_cost_factor_twice",
            ),
        ),
        Place(
            "after eq. (121)",
            "One sentence announcing that the whole product is written out next, as eq. (122).",
            ("eq. (122)",),
        ),
        Place(
            "after eq. (122)",
            "σ′ peaks at σ′(0) = 1/4; weights drawn from N(0, 1) 'usually' satisfy |w_j| < 1, so "
            "|w_jσ′(z_j)| < 1/4; ∂C/∂b₁ compared with ∂C/∂b₃ (two extra factors: 16 times "
            "smaller or more); then the exploding and unstable gradient paragraphs, the "
            "exercise and the problems.",
            ("σ′", "1/4", "16", "N(0, 1)", "|w"),
            (
                "sigmoid_prime_max",
                "weighted_sigmoid_prime_bound",
                "gaussian_weight_usually_small",
                "grad_b1_via_b3",
                "exploding_example",
                "delta_norm_bound",
            ),
            ("1/4", "0", "1", "16"),
        ),
        Place(
            "§'The exploding gradient problem'",
            "A contrived exploding gradient: w₁ = w₂ = w₃ = w₄ = 100 and biases with every "
            "z_j = 0 (b₁ = −100·a₀), so each term w_jσ′(z_j) is 25.",
            ("100", "25", "explod"),
            ("exploding_example",),
            ("100", "0", "25"),
        ),
        Place(
            "§'The unstable gradient problem'",
            "The gradient in early layers is a product of terms from all later layers, an "
            "intrinsically unstable situation unless they balance.",
            ("unstable", "product"),
        ),
        Place(
            "exercise in §'The unstable gradient problem'",
            "The exercise: the discussion used |σ′(z)| < 1/4; would an activation function with "
            "a much larger derivative avoid the unstable gradient problem?",
            ("activation", "derivative", "< 1/4"),
            ("larger_derivative_still_unstable", "erratum_sigmoid_prime_strict"),
            ("1/4",),
        ),
        Place(
            "§'The prevalence of the vanishing gradient problem'",
            "Avoiding the vanishing gradient needs |wσ′(z)| ≥ 1, but σ′(z) = σ′(wa + b) also "
            "depends on w, so a large w does not help easily.",
            ("|wσ′", "gain"),
        ),
        Place(
            "problem after eq. (122), part (1)",
            "If |wσ′(wa + b)| ≥ 1 then |w| ≥ 4.",
            ("|w| ≥ 4", "≥ 4"),
            ("gain_needs_w_ge_4",),
            ("1", "4"),
        ),
        Place(
            "problem after eq. (122), part (2)",
            "For |w| ≥ 4 the inputs a with |wσ′(wa + b)| ≥ 1 range over an interval 'no greater "
            "in width than' eq. (123).",
            ("width", "interval"),
            ("gain_set_width",),
            ("4", "1"),
        ),
        Place(
            "problem after eq. (122), part (3)",
            "Numerically, eq. (123) is greatest at |w| ≈ 6.9, where it is ≈ 0.45.",
            ("6.9", "0.45"),
            ("width_max",),
            ("6.9", "0.45"),
        ),
        _eq(
            123,
            "The width bound (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1).",
            ("width", "ln(", "(123)"),
            ("gain_set_width",),
        ),
        Place(
            "after eq. (123)",
            "The end of the width problem (its part (3)) and the identity neuron problem.",
            ("6.9", "identity"),
        ),
        Place(
            "problem 'Identity neuron'",
            "Choose w₁, b and w₂ so that w₂σ(w₁x + b) ≈ x for x ∈ [0, 1] (hint: x = 1/2 + Δ, w₁ "
            "small, a Taylor series in w₁Δ).",
            ("identity", "w₂σ(w₁x + b)", "w₂ σ(w₁x + b)"),
            ("identity_neuron",),
            ("0", "1", "1/2"),
        ),
        Place(
            "§'Unstable gradients in more complex networks'",
            "In networks with many neurons per layer δˡ = Σ′(zˡ)(wˡ⁺¹)ᵀΣ′(zˡ⁺¹)(wˡ⁺²)ᵀ…Σ′(zᴸ)∇ₐC, "
            "with Σ′ diagonal with entries σ′ ≤ 1/4: pairs (wʲ)ᵀΣ′(zʲ) that tend to shrink the "
            "gradient unless the weights are large.",
            ("Σ′", "δˡ", "matri", "‖wᵏ‖", "layer"),
            (
                "backprop_equations",
                "delta_matrix_product",
                "delta_norm_bound",
                "width_one_layers_are_the_chain",
                "layer_speeds_obey_the_norm_bound",
            ),
        ),
    ),
    errata=("erratum_sigmoid_prime_strict",),
    note=(
        "Equation numbers (114)–(123) and the problems are the book's, as printed in the "
        "LibreTexts copy of §5.1 held among the source texts; §'Unstable gradients in more "
        "complex networks' is the book's next section (5.2), outside that copy."
    ),
)

NIELSEN_CH2 = Structure(
    "nielsen-ch2",
    (
        Place(
            "(BP1)",
            "The output error δᴸ_j = ∂C/∂aᴸ_j · σ′(zᴸ_j).",
            ("δ", "BP1", "output"),
            ("backprop_equations", "delta_matrix_product", "backprop_equations_any_activation"),
        ),
        Place(
            "(BP1a)",
            "(BP1) in matrix form, δᴸ = ∇ₐC ⊙ σ′(zᴸ).",
            ("δ", "BP1"),
        ),
        Place(
            "(BP2)",
            "The error of a layer from the next one, δˡ = ((wˡ⁺¹)ᵀδˡ⁺¹) ⊙ σ′(zˡ).",
            ("δ", "BP2"),
            (
                "backprop_equations",
                "delta_matrix_product",
                "delta_norm_bound",
                "backprop_equations_any_activation",
                "dead_relu_blocks_gradient",
            ),
        ),
        Place(
            "(BP3)",
            "The bias gradient ∂C/∂bˡ_j = δˡ_j.",
            ("δ", "BP3", "∂C/∂b"),
            (
                "backprop_equations",
                "backprop_equations_any_activation",
                "dead_relu_blocks_gradient",
            ),
        ),
        Place(
            "(BP4)",
            "The weight gradient ∂C/∂wˡ_jk = aˡ⁻¹_k δˡ_j.",
            ("δ", "BP4", "∂C/∂w"),
            (
                "backprop_equations",
                "backprop_equations_any_activation",
                "dead_relu_blocks_gradient",
            ),
        ),
    ),
    note="The four fundamental equations (BP1)–(BP4) and (BP1a) of the book's ch. 2, by name.",
)

_CE_WORDS = ("cross-entropy", "ln", "σ(z) − y", "∂C/∂w")

NIELSEN_CH3 = Structure(
    "nielsen-ch3",
    (
        Place(
            "§'The cross-entropy cost function'",
            "The learning slowdown of a saturated neuron under the quadratic cost and the "
            "cross-entropy that removes it, eq. (54)–(62).",
            _CE_WORDS,
        ),
        _eq(54, "The quadratic cost C = (y − a)²/2 of the toy neuron.", ("quadratic",), ()),
        _eq(55, "∂C/∂w = (a − y)σ′(z)x = aσ′(z) (x = 1, y = 0).", ("quadratic", "σ′"), ()),
        _eq(56, "∂C/∂b = (a − y)σ′(z) = aσ′(z).", ("quadratic", "σ′"), ()),
        _eq(
            57,
            "The cross-entropy C = −(1/n) Σ_x [y ln a + (1 − y) ln(1 − a)].",
            _CE_WORDS,
            ("cross_entropy_nonneg", "cross_entropy_cancellation", "cross_entropy_bias_grad"),
        ),
        _eq(
            58,
            "∂C/∂w_j = −(1/n) Σ_x (y/σ(z) − (1 − y)/(1 − σ(z))) ∂σ/∂w_j.",
            _CE_WORDS,
            ("cross_entropy_cancellation",),
        ),
        _eq(59, "… = −(1/n) Σ_x (…) σ′(z)x_j.", _CE_WORDS, ("cross_entropy_cancellation",)),
        _eq(
            60,
            "∂C/∂w_j = (1/n) Σ_x σ′(z)x_j (σ(z) − y)/(σ(z)(1 − σ(z))).",
            _CE_WORDS,
            ("cross_entropy_cancellation",),
        ),
        _eq(
            61,
            "∂C/∂w_j = (1/n) Σ_x x_j(σ(z) − y): σ′ has cancelled.",
            _CE_WORDS,
            ("cross_entropy_cancellation",),
        ),
        _eq(
            62,
            "∂C/∂b = (1/n) Σ_x (σ(z) − y).",
            ("∂C/∂b", "σ(z) − y", "bias"),
            ("cross_entropy_bias_grad",),
        ),
        Place(
            "§'Softmax'",
            "The softmax output layer aᴸ_j = e^{zᴸ_j}/Σ_k e^{zᴸ_k}: its outputs are positive and "
            "sum to 1 (a probability distribution); with the log-likelihood cost C = −ln aᴸ_y the "
            "output error is δᴸ_j = aᴸ_j − y_j and the gradients are ∂C/∂bᴸ_j = aᴸ_j − y_j, "
            "∂C/∂wᴸ_jk = aᴸ⁻¹_k(aᴸ_j − y_j) (their derivation is a problem of the section).",
            ("softmax",),
            ("softmax_is_a_distribution", "softmax_log_likelihood_delta"),
        ),
    ),
    note=(
        "The book's numbering (54)–(62); the lecture notes reproduce these displays in the same "
        "order, their eq. (1) being (57) and their eq. (2) being (62). The section 'Softmax' is "
        "cited by name: it is not among the source texts held, so no equation number of it is "
        "cited."
    ),
)

NOTES_PS5 = Structure(
    "notes-ps5",
    (
        Place(
            "§1",
            "The cross-entropy cost function: the toy neuron (input 1, target 0, w = 0.6, "
            "b = 0.9, output 0.82, η = 0.15, about 0.09 after training; w = b = 2.0, output 0.98, "
            "slow for 150 or so epochs), the quadratic cost's gradients (a − y)σ′(z)x, "
            "σ′ = σ(1 − σ), the cross-entropy (1), its positivity, its weight and bias gradients "
            "(2), and the multi-neuron cross-entropy.",
            ("σ′", "σ(1 − σ)", "cross-entropy", "quadratic", "neuron", "binary entropy"),
            (
                "sigmoid_prime_eq",
                "quadratic_grads",
                "cross_entropy_nonneg",
                "cross_entropy_cancellation",
                "cross_entropy_bias_grad",
                "cross_entropy_min_at_y",
                "toy_neuron_numbers",
            ),
            ("1", "0", "0.6", "0.9", "0.82", "0.0", "0.15", "0.09", "2.0", "0.98", "150"),
        ),
        Place(
            "eq. (1)",
            "The cross-entropy C = −(1/n) Σ_x [y ln a + (1 − y) ln(1 − a)] (the book's (57)).",
            _CE_WORDS,
            ("cross_entropy_nonneg", "cross_entropy_cancellation", "cross_entropy_bias_grad"),
        ),
        Place(
            "eq. (2)",
            "The bias gradient ∂C/∂b = (1/n) Σ_x (σ(z) − y) (the book's (62)).",
            ("∂C/∂b", "σ(z) − y", "bias"),
            ("cross_entropy_bias_grad",),
        ),
        Place(
            "problem 3-2",
            "For y between 0 and 1 the cross-entropy is still minimised at σ(z) = y, where it "
            "equals the binary entropy −[y ln y + (1 − y) ln(1 − y)].",
            ("binary entropy", "minim"),
            ("cross_entropy_min_at_y",),
        ),
        Place(
            "problem 3-3",
            "Output-layer weight gradients: (1/n) Σ_x aᴸ⁻¹_k(aᴸ_j − y_j)σ′(zᴸ_j) for the quadratic "
            "cost; δᴸ = aᴸ − y and no σ′ factor for the cross-entropy.",
            ("δᴸ", "aᴸ − y", "output"),
            ("output_error_cross_entropy",),
        ),
        Place(
            "§2",
            "Rectified linear units max(0, z): no saturation for positive input, a vanishing "
            "gradient for negative input.",
            ("ReLU", "max(0"),
            ("relu_grad",),
        ),
        Place(
            "§3",
            "Why deep networks are hard to train: deep circuits, and layers that learn at very "
            "different speeds (its §3.1 holds the details).",
            ("deep", "layer"),
        ),
        Place(
            "§3.1",
            "The vanishing gradient problem: the measured speeds of the hidden layers, the chain "
            "of single neurons with ∂C/∂b₁ = σ′(z₁)w₂σ′(z₂)w₃σ′(z₃)w₄σ′(z₄)∂C/∂a₄, σ′(0) = 1/4, "
            "weights usually |w_j| < 1 so |w_jσ′(z_j)| < 1/4, and ∂C/∂b₁ against ∂C/∂b₃ (a "
            "factor 16; the display prints ∂C/∂a₄ twice).",
            ("σ′", "‖δ", "speed", "∂C/∂b", "1/4"),
            (
                "sigmoid_prime_max",
                "weighted_sigmoid_prime_bound",
                "chain_grad_b1_depth4",
                "chain_grad_any_depth",
                "grad_b1_via_b3",
                "erratum_notes_cost_factor_twice",
                "layer_speeds_at_init",
                "layer_speeds_in_training",
            ),
            ("0.07", "0.31", "0.012", "0.060", "0.283", "0.003", "0.017", "0.070", "0.285", "16"),
        ),
        Place(
            "problem 3-6",
            "Would an activation function whose derivative can be much larger than σ′ (used "
            "with |σ′(z)| < 1/4) avoid the unstable gradient problem?",
            ("activation", "derivative"),
            ("larger_derivative_still_unstable",),
        ),
    ),
    errata=("erratum_notes_cost_factor_twice",),
)

KAPUR_2016 = Structure(
    "kapur-2016",
    (
        Place(
            "",
            "The sigmoid S and its derivative S(1 − S) with range (0, 1/4]; chain-rule products of "
            "sigmoid derivatives and weights, each σ′ factor marked '< 1/4'; ReLU and its "
            "derivative (0 below 0, 1 above, none at 0), dying ReLUs, leaky ReLU max(εx, x) with "
            "ε = 0.01.",
            ("σ′", "sigmoid", "ReLU", "1/4", "σ(1 − σ)"),
            (
                "sigmoid_prime_eq",
                "sigmoid_prime_max",
                "relu_grad",
                "erratum_sigmoid_prime_strict",
                "dead_relu_blocks_gradient",
                "leaky_relu_factor_floor",
                "backprop_equations_any_activation",
            ),
            ("1/4", "0", "1", "0.01"),
        ),
    ),
    numbered=False,
    errata=("erratum_sigmoid_prime_strict",),
)

VANISHING_EXPLODING = Structure(
    "vanishing-exploding",
    (
        Place(
            "",
            "One neuron per layer, no biases: the derivative of the loss with respect to the "
            "first weight is a product of σ′ and weight factors.",
            ("chain", "σ′", "product"),
            ("chain_grad_any_depth",),
        ),
        Place(
            "on 'each layer shrinks the derivative by at least 4'",
            "With σ′ replaced by its peak 0.25, each extra layer shrinks the derivative by at "
            "least a factor 4 (true only for weights |w| ≤ 1).",
            ("4", "shrink"),
            ("depth_shrink_bound", "erratum_four_per_layer"),
            ("0.25", "4"),
        ),
        Place(
            "on 'weights of exactly 2'",
            "Weights of exactly 2 are said to make the gradient grow exponentially (false for "
            "sigmoid neurons: |2σ′| ≤ 1/2).",
            ("2", "grow"),
            ("erratum_weights_of_two",),
            ("2", "0.95"),
        ),
    ),
    numbered=False,
    errata=("erratum_weights_of_two", "erratum_four_per_layer"),
)

GRADIENT_VANISH_MLP = Structure(
    "gradient-vanish-mlp",
    (
        Place(
            "",
            "A chain of four sigmoid units without biases, h₁ = σ(w₀x), …, o = σ(w₃h₃), the "
            "squared error C = Σ‖y − o‖², and two printed lines for ∇_{w0}C (both wrong).",
            ("∇_{w", "w₀", "squared"),
            ("erratum_grad_w0_chain",),
            ("2",),
        ),
    ),
    numbered=False,
    errata=("erratum_grad_w0_chain",),
)

_MEAN_FIELD_NOTE = (
    "not among the source texts held: cited as a whole, for the mean-field results it is known "
    "for (no locator)"
)

POOLE_2016 = Structure(
    "poole-2016",
    (
        Place(
            "",
            "The length map of a deep random network: the pre-activation variance follows "
            "q ↦ σ_w² E[φ(√q z)²] + σ_b² (z standard normal), which for tanh-like activations "
            "has a fixed point q*; the slope χ₁ = σ_w² E[φ′(√q* z)²] separates order from chaos.",
            ("variance", "fixed point", "χ"),
            (
                "q_map_fixed_point",
                "sigmoid_criticality_needs_large_weights",
                "layer_speed_ratio_prediction",
            ),
        ),
    ),
    numbered=False,
    note=_MEAN_FIELD_NOTE,
)

SCHOENHOLZ_2017 = Structure(
    "schoenholz-2017",
    (
        Place(
            "",
            "Backpropagated gradients in a wide random network: assuming the weights used in "
            "the backward pass independent of the forward signal, E‖δˡ‖² = χ E‖δˡ⁺¹‖² with "
            "χ = σ_w² E[φ′(zˡ)²]; χ₁ = 1 is the critical line where gradients neither vanish "
            "nor explode.",
            ("χ", "δ", "critical", "gradient"),
            (
                "mean_field_gradient_law",
                "q_map_fixed_point",
                "relu_he_is_critical",
                "sigmoid_criticality_needs_large_weights",
                "layer_speed_ratio_prediction",
            ),
        ),
    ),
    numbered=False,
    note=_MEAN_FIELD_NOTE,
)

HE_2015 = Structure(
    "he-2015",
    (
        Place(
            "",
            "Initialisation for rectifier networks: a ReLU halves the second moment, so weights "
            "of variance 2/n_in keep the signal's and the gradient's variance constant across "
            "layers (He initialisation).",
            ("ReLU", "σ_w² = 2", "He"),
            ("relu_he_is_critical",),
        ),
    ),
    numbered=False,
    note=_MEAN_FIELD_NOTE,
)

GRADPROOF = Structure(
    "gradproof",
    (),
    numbered=False,
    note="gradproof itself: 'module <name>' for the claims that its modules import.",
)

#: Every cited work's structure, by bibliography key (the keys of gradproof.citations.WORKS).
STRUCTURES: dict[str, Structure] = {
    s.key: s
    for s in (
        NIELSEN_CH5,
        NIELSEN_CH2,
        NIELSEN_CH3,
        NOTES_PS5,
        KAPUR_2016,
        VANISHING_EXPLODING,
        GRADIENT_VANISH_MLP,
        POOLE_2016,
        SCHOENHOLZ_2017,
        HE_2015,
        GRADPROOF,
    )
}
