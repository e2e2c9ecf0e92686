"""Sub-commands of the ``gradproof`` command line, one module each.

Every module here defines ``register(subparsers)``, which adds its sub-parser and sets
``func`` (taking the parsed arguments, returning the exit code) with ``set_defaults``. The command
line discovers the modules, so a new command needs no edit elsewhere. Keep module-level imports
light: heavy ones (SymPy, matplotlib) go inside the command function.
"""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(total: int, disable: bool, *, prog: str, unit: str, desc: str) -> Any:
    """A tqdm bar on stderr for the command ``prog``, or None (no bar asked for, or tqdm not
    installed: then one line says how to get it)."""
    if disable:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        print(f"{prog}: (no progress bar: pip install 'gradproof[experiment]')", file=sys.stderr)
        return None
    return tqdm(total=total, file=sys.stderr, unit=unit, desc=desc, leave=False)
