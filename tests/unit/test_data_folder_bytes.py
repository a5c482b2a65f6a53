"""Searched byte by byte, the data folder (database, WAL, shared memory, key file, backups, logs, returns) holds no
client code and no name, with the database open and after it is closed."""

from __future__ import annotations

import datetime as dt

from ward_desk import db
from ward_desk.services import backup, records, returns

SECRETS = ["ZQX-CLIENT-7731", "Karaoke Hoa Hồng Đỏ", "Nguyễn Thị Bí Mật", "Phòng trọ số 9 ngõ Kín"]


def _occurrences(folder) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if secret.encode(encoding) in data:
                    found.append(f"{path.relative_to(folder)}: {secret!r} ({encoding})")
    return found


def test_no_code_or_name_in_any_file_of_the_data_folder(ward_db, data_dir):
    records.save_record("clients", {"client_code": SECRETS[0], "sex": "F", "birth_year": 1995, "group": "SW"})
    records.save_record("establishments", {"id": "E1", "name": SECRETS[1], "type": "KARAOKE", "address": SECRETS[3],
                                           "listed_on": dt.date(2026, 9, 1)})
    records.save_record("contacts", {"id": "K1", "client_code": SECRETS[0], "date": dt.date(2026, 10, 2),
                                     "channel": "DIRECT", "staff": SECRETS[2]})
    backup.create()
    returns.export_return("2026-10", basis="calendar")  # into the data folder's returns/
    assert _occurrences(data_dir) == []  # open: database, its WAL, backups, the return
    db.close_database()
    assert _occurrences(data_dir) == []  # closed
