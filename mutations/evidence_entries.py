"""Mutations of numeric evidence: tolerances, constants, inputs and citation locators.

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`.
"""

from __future__ import annotations

from mutations.mutation import Mutation

EVIDENCE_MUTATIONS: tuple[Mutation, ...] = ()
