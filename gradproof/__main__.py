"""``python -m gradproof`` runs the command line."""

from gradproof.cli import main

raise SystemExit(main())
