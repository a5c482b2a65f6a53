"""Rebuild ``ward-v1.db``: a database as the first release (schema version 1) wrote it.

Kept so the migration test opens a real old file. Version 1 had no recycle bin (``deleted_at``) and no
export history. Run only if the file must be rebuilt; the committed file is the reference.
"""

import sqlite3
import sys
from pathlib import Path

RECORD_TABLES_V1 = {
    "clients": "client_code VARCHAR(255) NOT NULL, sex VARCHAR(1) NOT NULL, birth_year INTEGER, "
               '"group" VARCHAR(255) NOT NULL, migrant VARCHAR(1), registered_on DATE, consent_on DATE',
    "contacts": "ref VARCHAR(255) NOT NULL, client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT, "
                "date DATE NOT NULL, channel VARCHAR(255) NOT NULL, condoms INTEGER, lubricants INTEGER, "
                "materials INTEGER, staff TEXT",
}


def build(path: Path) -> None:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    stamp = "created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL"
    con.executescript(f"""
        CREATE TABLE settings (key VARCHAR(255) NOT NULL PRIMARY KEY, {stamp}, value TEXT);
        CREATE TABLE schema_version (id INTEGER NOT NULL PRIMARY KEY, {stamp}, version INTEGER NOT NULL);
        CREATE TABLE clients (id INTEGER NOT NULL PRIMARY KEY, {stamp}, {RECORD_TABLES_V1['clients']});
        CREATE UNIQUE INDEX clients_client_code ON clients (client_code);
        CREATE TABLE contacts (id INTEGER NOT NULL PRIMARY KEY, {stamp}, {RECORD_TABLES_V1['contacts']});
        CREATE UNIQUE INDEX contacts_ref ON contacts (ref);
        INSERT INTO schema_version VALUES (1, '2026-01-05 08:00:00', '2026-01-05 08:00:00', 1);
        INSERT INTO settings VALUES ('unit_code', '2026-01-05 08:00:00', '2026-01-05 08:00:00', '00070');
        INSERT INTO settings VALUES ('office_code', '2026-01-05 08:00:00', '2026-01-05 08:00:00', '01');
        INSERT INTO clients VALUES (1, '2026-01-05 08:00:00', '2026-01-05 08:00:00',
                                    'HK-0001', 'F', 1995, 'SW', 'N', '2026-01-05', '2026-01-05');
        INSERT INTO clients VALUES (2, '2026-01-06 08:00:00', '2026-01-06 08:00:00',
                                    'HK-0002', 'T', NULL, 'RISK', NULL, '2026-01-06', NULL);
        INSERT INTO contacts VALUES (1, '2026-01-07 08:00:00', '2026-01-07 08:00:00',
                                     'K-0001', 1, '2026-01-07', 'DIRECT', 10, 2, 1, 'Lan');
    """)
    con.commit()
    con.close()


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("ward-v1.db"))
