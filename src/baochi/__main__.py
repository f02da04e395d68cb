"""``python -m baochi``: the ``baochi`` command."""

import sys

from baochi.cli import main

sys.exit(main())
