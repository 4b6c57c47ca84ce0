"""``bench`` is not an installed package: make the project root importable for its tests."""

import sys

from archive.config import PROJECT_ROOT

if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
