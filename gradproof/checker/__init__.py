"""Checking a user's own gradient derivation (``gradproof.check`` / ``gradproof check``)."""
