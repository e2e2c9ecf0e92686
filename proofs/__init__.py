"""SymPy proofs of the claims, one module per claim family (installed as ``gradproof.proofs``).

Each module registers its claims with :func:`gradproof.claims.register`; ``gradproof.registry``
imports every module here, so a new module is picked up by ``gradproof verify``, pytest and the
docs without further wiring.
"""
