"""``python -m ward_desk``: the same entry point as the ``ward-desk`` console script."""

import sys

from ward_desk.cli import main

sys.exit(main())
