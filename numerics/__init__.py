"""Numeric confirmations and the verified formulas (installed as ``gradproof.numerics``).

Keep this package's ``__init__`` empty of imports: ``gradproof.numerics.formulas`` must import
without SymPy or SciPy.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:  # for mypy only (it loses the submodule when ``gradproof`` imports it lazily)
    from gradproof.numerics import formulas as formulas
