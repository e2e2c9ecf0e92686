"""SymPy proofs of the claims, one module per claim family (installed as ``gradproof.proofs``).

Each module registers its claims with :func:`gradproof.claims.register`; ``gradproof.registry``
imports every module here, so a new module is picked up by ``gradproof verify``, pytest and the
docs without further wiring.
"""

# Every Claim and Derivation is defined in the claim modules: their display (Jupyter, str) is
# attached by gradproof.display, registered on import (gradproof.presenters).
import gradproof.display  # noqa: F401
