"""Core layer: what the process itself does to keep secrets out of crash files. No Qt here.

While Ward Desk runs, its memory holds the database key, the passphrase typed to unlock it and the signed-in
account's password. A crash must not write them to disk, so both entry points (the ``ward-desk`` CLI and the
desktop app) call ``harden`` first:

* POSIX: the core-file size limit goes to 0 (``RLIMIT_CORE``), so a crash writes no core file;
* Linux: ``prctl(PR_SET_DUMPABLE, 0)`` also keeps out a core handler set by the system (systemd-coredump,
  apport), whose piped cores ignore that limit, and other processes of the same account (``ptrace``);
* Windows: nothing to do here; Windows Error Reporting keeps no full memory dump unless an administrator turned
  "LocalDumps" on for the machine (README, "What is protected").
"""

from __future__ import annotations

import contextlib
import os
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def harden() -> None:
    """Disable core dumps for this process where the OS allows it; never fails."""
    if os.name == "nt":
        return
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def core_dumps_disabled() -> bool:
    """True when this process can write no core file (the self-test and the test suite ask)."""
    if os.name == "nt":
        return True
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if soft != 0 or hard != 0:
        return False
    if sys.platform.startswith("linux"):
        import ctypes

        return ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
    return True
