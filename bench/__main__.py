"""``python -m bench [--scale N] [--only NAME] [--out FILE]``."""

from bench.cli import main

raise SystemExit(main())
