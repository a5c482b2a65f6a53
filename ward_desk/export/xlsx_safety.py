"""Export layer: refuse a file that is not a sane xlsx before any parser touches it. No Qt here.

Files arrive by email and USB from many PCs. A zip bomb, a renamed .doc, an empty or truncated file must be a
clear message naming the file, never a hang, a memory blow-up or a traceback.
"""

from __future__ import annotations

import os
import re
import zipfile
from posixpath import join as posix_join, normpath
from pathlib import Path

from ward_desk import messages
from ward_desk.errors import WardDeskError

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024 * 8  # 400 MiB: a 20,000-client RECORDS-1 workbook is ~60 MiB inflated
MAX_RETURN_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a WDR-1 return (even consolidated) inflates to < 5 MiB
MAX_RATIO = 200  # typical xlsx parts compress 5-20x; a bomb compresses thousands of times
MAX_MEMBERS = 2000

messages.register({
    "xlsx.missing": ("Không tìm thấy tệp {file}.", "File {file} does not exist."),
    "xlsx.empty": ("Tệp {file} rỗng (0 byte).", "File {file} is empty (0 bytes)."),
    "xlsx.not_xlsx": (
        "Tệp {file} không phải là bảng tính Excel .xlsx (có thể là .xls cũ, .csv hoặc tệp bị hỏng). "
        "Hãy mở bằng Excel/LibreOffice và lưu lại dạng .xlsx.",
        "{file} is not an Excel .xlsx workbook (perhaps an old .xls, a .csv or a damaged file). "
        "Open it in Excel or LibreOffice and save it as .xlsx.",
    ),
    "xlsx.too_big": (
        "Tệp {file} giải nén ra quá lớn ({size} MB, tối đa {limit} MB) hoặc nén bất thường; không mở.",
        "{file} expands to too much data ({size} MB, at most {limit} MB) or is compressed abnormally; "
        "not opened.",
    ),
    "xlsx.unreadable": ("Không đọc được tệp {file}: {detail}", "Cannot read {file}: {detail}"),
})


def ensure_safe_xlsx(path: str | os.PathLike, *, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES) -> Path:
    """Raise ``WardDeskError`` unless ``path`` is a zip holding an xlsx workbook of bounded inflated size."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise WardDeskError("xlsx.missing", file=name)
    if path.stat().st_size == 0:
        raise WardDeskError("xlsx.empty", file=name)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
                raise WardDeskError("xlsx.not_xlsx", file=name)
            total = sum(m.file_size for m in members)
            compressed = sum(m.compress_size for m in members) or 1
            if len(members) > MAX_MEMBERS or total > max_uncompressed or (
                    total > 10 * 1024 * 1024 and total / compressed > MAX_RATIO):
                raise WardDeskError("xlsx.too_big", file=name, size=total // (1024 * 1024),
                                    limit=max_uncompressed // (1024 * 1024))
    except zipfile.BadZipFile:
        raise WardDeskError("xlsx.not_xlsx", file=name) from None
    except (OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise WardDeskError("xlsx.unreadable", file=name, detail=str(exc)) from None
    return path


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_WITH_F = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+[0-9]+)\"[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f[\s>/]",
                          re.S)


def formula_cells(path: Path) -> dict[str, list[str]]:
    """sheet name -> cell references holding a formula, from the sheet XML (nothing is evaluated)."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        targets = {m.group(1).decode(): m.group(2).decode() for m in re.finditer(
            rb"<(?:\w+:)?Relationship\b[^>]*?Id=\"([^\"]+)\"[^>]*?Target=\"([^\"]+)\"", rels)}
        targets.update({m.group(2).decode(): m.group(1).decode() for m in re.finditer(
            rb"<(?:\w+:)?Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Id=\"([^\"]+)\"", rels)})
        for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
            attrs = m.group(1)
            name = re.search(rb"\bname=\"([^\"]*)\"", attrs)
            rid = re.search(rb"\br:id=\"([^\"]*)\"|\b\w+:id=\"([^\"]*)\"", attrs)
            if not name or not rid:
                continue
            target = targets.get((rid.group(1) or rid.group(2)).decode())
            if not target:
                continue
            part = target.lstrip("/") if target.startswith("/") else normpath(posix_join("xl", target))
            if part not in names:
                continue
            xml = archive.read(part)
            if not _FORMULA.search(xml):
                continue
            sheet = _unescape(name.group(1).decode("utf-8"))
            found[sheet] = [r.group(1).decode() for r in _CELL_WITH_F.finditer(xml)] or ["A1"]
    return found


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
