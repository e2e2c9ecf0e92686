"""Mutations of numeric evidence: tolerances, constants, inputs and citation locators.

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`.
"""

from __future__ import annotations

from mutations.mutation import Mutation

FORMULAS = "numerics/formulas.py"

EVIDENCE_MUTATIONS: tuple[Mutation, ...] = (
    # ------------------------------------------------ accuracy promises, searched (issue 20)
    Mutation(
        "sigmoid_prime_compensation_removed",
        FORMULAS,
        "    t *= c\n",
        "",
        ("sigmoid_prime_eq",),
    ),
)
