"""Sub-commands of the ``gradproof`` command line, one module each.

Every module here defines ``register(subparsers)``, which adds its sub-parser and sets
``func`` (taking the parsed arguments, returning the exit code) with ``set_defaults``. The command
line discovers the modules, so a new command needs no edit elsewhere. Keep module-level imports
light: heavy ones (SymPy, matplotlib) go inside the command function.
"""
