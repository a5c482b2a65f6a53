"""Text files a person opens in Excel on Windows: UTF-8 with a byte-order mark (without it Excel reads the
bytes as the PC's ANSI code page and Vietnamese turns to "NguyÃ¡»…n"), CRLF row ends from the csv module, and
a line break inside a value kept inside its quoted cell (newline="" on the file)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ward_desk.cli import main
from ward_desk.models import database

ROOT = Path(__file__).resolve().parents[2]
DETAIL = "Nguyễn Thị Hoa chuyển đến\nPhường Hoàn Kiếm; \"đã gọi\", =1+1"


def test_the_audit_csv_opens_in_excel_as_utf8_with_crlf_rows(ward_db, data_dir, tmp_path, capsys):
    from ward_desk.services import audit

    with database.obj.atomic():
        audit.log("note", table="clients", ref="MNHF1995", detail=DETAIL)
    out = tmp_path / "Nhật ký.csv"
    assert main(["--data-dir", str(data_dir), "audit", "export", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    assert raw.count(b"\xef\xbb\xbf") == 1
    text = raw.decode("utf-8-sig")
    # every row ends with CRLF; the only bare LF is the one inside the quoted multi-line value
    assert text.endswith("\r\n")
    assert re.findall(r"(?<!\r)\n", text) == ["\n"]
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    header, entries = rows[0], rows[1:]
    details = [row[header.index("detail")] for row in entries]
    assert DETAIL in details  # kept whole, Vietnamese and line break included


def test_every_csv_the_app_writes_is_utf8_with_bom_and_newline_kept():
    """A guard for the next CSV writer: each module that writes CSV opens its file the Excel way."""
    writers = [p for p in (ROOT / "ward_desk").rglob("*.py")
               if "generated" not in p.parts and "csv.writer(" in p.read_text(encoding="utf-8")]
    assert writers, "no CSV writer found: the test looks in the wrong place"
    for path in writers:
        source = path.read_text(encoding="utf-8")
        # opened directly, or (as every file now is) through fileio's atomic_write
        opens = re.findall(r"(?:open|atomic_write)\([^)]*\"w\"[^)]*\)", source)
        assert opens and all('encoding="utf-8-sig"' in o and 'newline=""' in o for o in opens), path
