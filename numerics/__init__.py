"""Numeric confirmations and the verified formulas (installed as ``gradproof.numerics``).

Keep this package's ``__init__`` empty of imports: ``gradproof.numerics.formulas`` must import
without SymPy or SciPy.
"""
