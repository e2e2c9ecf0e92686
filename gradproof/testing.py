"""Helpers for testing your own code against what gradproof proves.

* :func:`check_backprop` / :func:`assert_backprop` — your NumPy backpropagation
  ``fn(weights, biases, x, y) -> (grad_w, grad_b)`` against the proved BP1–BP4 (claim
  ``backprop_equations``) and 50-digit central differences, on random networks; the first wrong
  layer and entry are reported. See :mod:`gradproof.backprop_check`.
"""

from __future__ import annotations

from gradproof.backprop_check import BackpropReport, Mismatch, assert_backprop, check_backprop

__all__ = ["BackpropReport", "Mismatch", "assert_backprop", "check_backprop"]
