"""Service layer: one user action, run the one way every service runs it. No Qt.

A service function that changes something is a permission check, one transaction and the audit entries that
say what changed, written in that transaction (as Anki's ``CollectionOp`` bundles an operation with its
commit). ``operation`` is those three, said once::

    def set_role(username, role):
        with operation("users.manage") as op:
            user = ...
            user.save()
            op.log("user.role", table="users", ref=user.username, old=..., new=...)

The check comes first, before anything is read for writing; the body's writes and its entries commit together
or not at all (an exception rolls both back). ``op.user`` is the signed-in user the check returned.

Some actions do their work outside the database (a backup's ``VACUUM INTO``, a key file re-wrapped, a workbook
written); they run with ``transaction=False``: the body runs outside any transaction, and each ``op.log``
commits its entry on its own, after the work it records.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ward_desk.models.base import database
from ward_desk.models.security import User
from ward_desk.services import audit, session


@dataclass
class Operation:
    user: User | None  # who is acting (None: no one signed in, as while a database is being set up)
    in_transaction: bool

    def log(self, action: str, **fields: Any) -> None:
        """One audit entry (``audit.log``'s fields), in the operation's transaction or, without one, committed
        by itself."""
        if self.in_transaction:
            audit.log(action, **fields)
        else:
            with database.atomic():
                audit.log(action, **fields)


# The CLI checks the ward file before its first write (``check_before_writing``, set by ``ward_desk.cli.main``): a
# command that writes on a damaged file would spread the damage. Once per opened database: one check a command.
check_before_writing = False
_file_checked = True


_start_check = None


def file_opened(ward_file: bool, start_check=None) -> None:
    """A database was just opened (``ward_desk.db``, which hands over its ``start_check``): its first write is
    checked again, when it is a ward file."""
    global _file_checked, _start_check
    _file_checked = not (check_before_writing and ward_file)
    _start_check = start_check


def check_before_write() -> None:
    """Refuse (``db.damaged``, whose message offers the restore) a write on a ward file that fails SQLite's
    ``PRAGMA quick_check`` (``ward_desk.db.start_check``); a no-op after the first check of the open database
    and outside the CLI."""
    global _file_checked
    if _file_checked:
        return
    from ward_desk.errors import WardDeskError

    rows = _start_check(3)  # the whole file, unless it is unchanged since a sound, clean close today
    if rows:  # not marked checked: every later write is refused too
        raise WardDeskError("db.damaged", path=str(getattr(database.obj, "database", "")), detail="; ".join(rows))
    _file_checked = True


@contextlib.contextmanager
def operation(permission: str | None, *, transaction: bool = True, check_file: bool = True
              ) -> Iterator[Operation]:
    """Check ``permission`` (None: no check, for the few actions anyone may take, such as signing in or the
    set-up of a database with no account yet), then run the body in one transaction (unless ``transaction``
    is False, see the module's note). In the CLI the ward file's first write is preceded by a ``quick_check``
    (``ward_desk.db.check_before_write``; ``check_file=False``: a sign-in, which reading a damaged file and
    restoring it need)."""
    user = session.require(permission) if permission is not None else session.current_user()
    if check_file:
        check_before_write()
    if not transaction:
        yield Operation(user, in_transaction=False)
        return
    with database.atomic():
        yield Operation(user, in_transaction=True)
