"""Mutations of the front-ends (the plain-text and LaTeX readers of check and check-steps).

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`. Every entry is a reading that changes the meaning of what the user
wrote — a prime, a bound, a power, a digit, a bar, a denominator — so that a link of the corpus
(``tests/data/frontend_corpus.json``) gets the wrong verdict, or a printed expression no longer
reads back as itself.
"""

from __future__ import annotations

from mutations.mutation import Mutation

LATEX = "gradproof/checker/latex.py"
PARSER = "gradproof/checker/parser.py"
STEPS = "gradproof/checker/steps.py"
CORPUS = "tests/test_frontend_corpus.py::test_check_steps_gives_the_known_verdict"
ROUND_TRIP = "tests/test_frontend_round_trip.py"

FRONTEND_MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "latex_second_prime_dropped",
        LATEX,
        "        if primes > 1:",
        "        if primes > 2:",
        tests=(CORPUS,),  # σ″(z) = σ′(z) is then read as σ′ = σ′ and proved
    ),
    Mutation(
        "latex_superscript_on_function_read_as_prime",
        LATEX,
        """            if not (texts and all(x in (r"\\prime", "'") for x in texts)):""",
        """            if not texts:""",
        tests=(CORPUS,),  # \\sigma^2(z) is then read as σ′(z)
    ),
    Mutation(
        "latex_sum_bounds_dropped",
        LATEX,
        """        if texts[2] != "1" or [g.text for g in high] != ["n"]:""",
        """        if False:""",
        tests=(CORPUS,),  # Σ_{i=2}^{n} = Σ_{i=1}^{n} is then proved
    ),
    Mutation(
        "latex_power_moved_inside_the_argument",
        LATEX,
        "        arg = self.primary()\n        if not delimited:",
        "        arg = self.postfix() if delimited else self.primary()\n        if not delimited:",
        tests=(CORPUS, ROUND_TRIP),  # σ(z)^2 is then read as σ(z²)
    ),
    Mutation(
        "latex_frac_digits_not_split",
        LATEX,
        "    toks[i : i + 1] = [Tok(t.text[0], t.line, t.col), Tok(t.text[1:], t.line, t.col + 1)]",
        "    return",
        tests=(CORPUS, ROUND_TRIP),  # \\frac12 x is then read as 12/x
    ),
    Mutation(
        "latex_script_digits_run_together",
        LATEX,
        "        if t is not None and _NUMBER.fullmatch(t.text) and len(t.text) > 1:",
        "        if False:",
        tests=(CORPUS,),  # e^12 (TeX: e¹·2) is then read as e^{12}
    ),
    Mutation(
        "latex_numbers_side_by_side_multiplied",
        LATEX,
        "        if _NUMBER.fullmatch(t.text):",
        "        if False:",
        tests=(CORPUS,),  # 2 2 (TeX shows 22) is then read as 2·2 = 4
    ),
    Mutation(
        "latex_product_after_slash_guessed",
        LATEX,
        "        if divided:",
        "        if False:",
        tests=(CORPUS,),  # x/2 y is then read as (x/2)·y
    ),
    Mutation(
        "latex_ambiguous_bars_guessed",
        LATEX,
        "    if _bar_readings(toks) > 1:",
        "    if _bar_readings(toks) > 2:",
        tests=(CORPUS,),  # |x| y |z| is then read as |x|·y·|z|
    ),
    Mutation(
        "latex_sum_body_index_not_required",
        LATEX,
        "        if self.sum_index is not None and s in PER_PAIR and not indexed:",
        "        if False:",
        tests=(CORPUS,),  # Σ_i x is then read as Σ_i x_i
    ),
    Mutation(
        "latex_text_inside_a_row_dropped",
        LATEX,
        """        if notes and t.text not in (".", ","):""",
        """        if False:""",
        tests=(CORPUS,),  # "0 \\text{ when } z_1 = 0" is then read as 0·z₁ = 0
    ),
    Mutation(
        "plain_decimal_rounded_to_a_float",
        PARSER,
        "    frac = Fraction(exact)",
        "    frac = Fraction(repr(float(exact)))",
        tests=(CORPUS,),  # 0.30000000000000001 = 0.3 is then proved
    ),
    Mutation(
        "plain_leading_zero_index_read",
        PARSER,
        """        if m and len(m.group(2)) > 1 and m.group(2).startswith("0"):""",
        """        if False:""",
        tests=(CORPUS,),  # w01 is then read as w1
    ),
    Mutation(
        "plain_printer_big_exponent_unparenthesised",
        PARSER,
        """        return parts[0] if len(parts) == 1 else f"({'*'.join(parts)})\"""",
        """        return parts[0] if len(parts) == 1 else "*".join(parts)""",
        tests=(ROUND_TRIP,),  # 1/x⁶³ is then printed as 1/(x⁸)⁷·x⁷ = x⁷/x⁵⁶
    ),
    Mutation(
        "side_latex_power_before_the_argument",
        STEPS,
        """            return out if exp is None else f"{out}^{{{exp}}}\"""",
        "            return out if exp is None else"
        """ out.replace(r"\\left(", f"^{{{exp}}}\\\\left(", 1)""",
        tests=(ROUND_TRIP,),  # σ(z)² is then displayed as the ambiguous σ^2(z)
    ),
)
