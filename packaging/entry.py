"""Frozen entry point (PyInstaller): the same ``main`` as the ``ward-desk`` command.

With no arguments it opens the desktop window; ``--version``, ``--self-test`` and every CLI command work too.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless unless a worker process is ever started
    from ward_desk.cli import main

    sys.exit(main())
