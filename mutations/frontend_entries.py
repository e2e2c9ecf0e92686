"""Mutations of the front-ends (the plain-text and LaTeX readers of check and check-steps).

Each entry names the tests (and, where one exists, the claims) that must see it; see
:mod:`mutations.catalogue`.
"""

from __future__ import annotations

from mutations.mutation import Mutation

FRONTEND_MUTATIONS: tuple[Mutation, ...] = ()
