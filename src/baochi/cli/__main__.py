"""``python -m baochi.cli``."""

import sys

from baochi.cli import main

sys.exit(main())
