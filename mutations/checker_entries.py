"""Mutations of the checker (gradproof/checker/): provers, counterexample search, parsers.

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`.
"""

from __future__ import annotations

from mutations.mutation import Mutation

CHECKER_MUTATIONS: tuple[Mutation, ...] = ()
