"""Export layer: every live record of the ward as a RECORDS-1 workbook (RETURN-v1 §1). No Qt here.

Row 1 holds the column keys, row 2 their Vietnamese wording from ``spec.records`` starting with ``#``
(skipped on import). Dates are real
Excel dates, text is written as text (never a formula, whatever it starts with). Records in the recycle bin
are not exported. XlsxWriter's constant-memory mode keeps memory flat and writes about twice as fast as
openpyxl's write-only mode (PERF-NOTES); the file is written beside the target and renamed
into place, so a crash never leaves half a workbook under the real name.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Callable

import xlsxwriter
import xlsxwriter.exceptions

from ward_desk import fileio
from ward_desk.errors import ImportCancelled
from ward_desk.export.cells import safe_text
from ward_desk.services import rules
from ward_desk.spec import records as spec

_DATE_FORMAT = "yyyy-mm-dd"


def export_records(path: str | os.PathLike, data: dict[str, list[tuple]],
                   progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
                   watermark: str | None = None) -> dict[str, int]:
    """Write ``data`` (per sheet, the rows in ``rules.COLUMNS`` order, read by ``services.records_io``) to
    ``path``; returns rows written per sheet. This layer receives rows and runs no query.

    ``watermark`` (who exported it, when, from which ward) goes into the document's properties and every
    sheet's printed header and footer: a line list of people is marked wherever it travels (BRIEF §10), while
    row 1 keeps the column keys, so the file still imports unchanged."""
    target = Path(path)
    total = sum(len(rows) for rows in data.values()) or 1
    done = 0
    # the workbook and xlsxwriter's own working files (each sheet's rows, in clear) live in a private folder
    # beside the target, removed on every failure: a full disk leaves no client's data lying about
    with fileio.private_scratch(target) as scratch:
        tmp = scratch / "records.xlsx"
        # constant_memory streams each row to disk; the three "strings_to_*" switches keep every text exactly
        # as stored: never turned into a formula, a number or a hyperlink.
        workbook = xlsxwriter.Workbook(str(tmp), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "tmpdir": str(scratch)})
        date_format = workbook.add_format({"num_format": _DATE_FORMAT})
        if watermark:
            workbook.set_properties({"title": watermark, "subject": watermark, "comments": watermark,
                                     "keywords": "MẬT - dữ liệu cá nhân nhạy cảm / CONFIDENTIAL personal data"})
            printed = watermark.replace("&", "&&")  # & starts a header code in Excel
        for name in rules.SHEETS:
            sheet = workbook.add_worksheet(name)
            if watermark:
                sheet.set_header(f"&C&B{printed}")
                sheet.set_footer(f"&L{printed}&R&P / &N")
            columns = rules.COLUMNS[name]
            sheet.write_row(0, 0, [safe_text(col) for col in columns])
            wording = [column.vi for column in spec.KINDS[name].columns]
            sheet.write_row(1, 0, [("# " if i == 0 else "") + label for i, label in enumerate(wording)])
            writers = [_writer(sheet, f.type, date_format) for f in rules.SCHEMA[name]]
            for n, row in enumerate(data.get(name, ()), start=1):
                for col, (value, write) in enumerate(zip(row, writers)):
                    if value is not None:
                        write(n + 1, col, value)
                if n % 5000 == 0:
                    if cancel is not None and cancel.is_set():
                        raise ImportCancelled()
                    if progress:
                        progress(done + n, total)
            done += len(data.get(name, ()))
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # the disk's own error (full, read-only) is the news
            raise (exc.__context__ if isinstance(exc.__context__, OSError) else exc) from None
        fileio.fsync_file(tmp)
        fileio.replace_file(tmp, target)
        fileio.make_private(target)
    if progress:
        progress(total, total)
    return {name: len(rows) for name, rows in data.items()}


def _writer(sheet, type_: str, date_format):
    """The cell writer for a column: real Excel dates, numbers as numbers, text as text (never a formula)."""
    if type_ == "date":
        return lambda row, col, value: sheet.write_datetime(row, col, value, date_format)

    def write(row, col, value):
        if isinstance(value, str):
            sheet.write_string(row, col, safe_text(value))
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, safe_text(str(value)))
    return write
