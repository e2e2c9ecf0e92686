"""``python -m gradproof`` runs the command line (with the console entry point's signal handling,
:mod:`gradproof.console`)."""

import sys

from gradproof.console import main

sys.exit(main())
