"""Service layer: an admin changes the open database's passphrase or replaces its recovery code. No Qt here.

The random key itself never changes (the file is not rewritten); what changes is how it is unlocked, in the
data folder's ``ward.key.json``. Both are audited, without the secrets.
"""

from __future__ import annotations

from pathlib import Path

from ward_desk import keys
from ward_desk.models import database
from ward_desk.services.operation import operation


def _open_key() -> tuple[Path, bytes]:
    db_path = Path(database.obj.database)
    return db_path, keys.unlock(db_path)  # this process already holds it: the database is open


def change_passphrase(new_passphrase: str) -> None:
    with operation("settings.write", transaction=False) as op:  # the key file is rewritten, not the database
        db_path, key = _open_key()
        keys.change_passphrase(db_path, key, new_passphrase)
        op.log("key.passphrase", table="database", detail="passphrase changed")


def replace_recovery_code() -> str:
    with operation("settings.write", transaction=False) as op:
        db_path, key = _open_key()
        code = keys.replace_recovery_code(db_path, key)
        op.log("key.recovery_code", table="database", detail="recovery code replaced")
    return code
