"""``python -m gradproof`` runs the command line."""

import sys

try:
    from gradproof.cli import main
except KeyboardInterrupt:  # Ctrl-C while the package is still being imported
    print("\ngradproof: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
