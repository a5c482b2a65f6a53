"""Service layer: the two roles of a shared PostgreSQL database. No Qt here.

The owner role creates the schema and runs upgrades; the clerks' PCs log in with a data role that owns nothing,
so it cannot alter tables, disable the audit trail's triggers, or change or delete its entries
(``services.audit``'s guards). ``grant_data_role`` (``ward-desk server grant DATA_ROLE``) is run once by the
owner, and again after an upgrade made new tables (default privileges cover those made later by the owner).
"""

from __future__ import annotations

import re

from peewee import PostgresqlDatabase

from ward_desk import messages
from ward_desk.errors import WardDeskError
from ward_desk.models import database
from ward_desk.services.operation import operation

messages.register({
    "db.roles_server_only": ("Vai trò chủ sở hữu và vai trò dữ liệu chỉ có ở cơ sở dữ liệu dùng chung PostgreSQL.",
                             "The owner and data roles exist only on a shared PostgreSQL database."),
    "db.bad_role": ("Tên vai trò PostgreSQL '{role}' không hợp lệ.", "'{role}' is not a valid PostgreSQL role name."),
})


def grant_data_role(role: str) -> None:
    """Run as the owner role (the one that made the schema and runs upgrades): give ``role``, the login the
    clerks' PCs use, what the app needs and nothing more. It may read and write records, settings and
    accounts, and append to the audit trail; it cannot change or delete audit entries, alter or drop tables,
    or disable triggers (it owns nothing). Tables made by later upgrades get the same rights (default
    privileges). Admin; audited."""
    db = database.obj
    if not isinstance(db, PostgresqlDatabase):
        raise WardDeskError("db.roles_server_only")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", role or ""):
        raise WardDeskError("db.bad_role", role=role)
    quoted = f'"{role}"'
    with operation("settings.write") as op:
        db.execute_sql(f"GRANT CONNECT ON DATABASE \"{db.execute_sql('SELECT current_database()').fetchone()[0]}\" "
                       f"TO {quoted}")
        db.execute_sql(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        db.execute_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        db.execute_sql(f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_log FROM {quoted}")
        db.execute_sql(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        db.execute_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES "
                       f"TO {quoted}")
        db.execute_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
                       f"TO {quoted}")
        op.log("server.grant", table="database", detail=f"data role {role}: read and write records, append to "
                                                         "the audit trail; no ALTER, TRIGGER, TRUNCATE")
