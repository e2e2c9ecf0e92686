"""Mutations of the trusted core (gradproof/core/), statements, derivations and induction.

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`.
"""

from __future__ import annotations

from mutations.mutation import Mutation

KERNEL_MUTATIONS: tuple[Mutation, ...] = ()
