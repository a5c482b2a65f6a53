"""Export layer: refuse a file that is not a sane xlsx before any parser touches it. No Qt here.

Files arrive by email and USB from many PCs. A zip bomb, a renamed .doc, an empty or truncated file must be a
clear message naming the file, never a hang, a memory blow-up or a traceback.
"""

from __future__ import annotations

import os
import re
import struct
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
    "xlsx.in_use": ("Tệp {file} đang được mở trong chương trình khác (ví dụ Excel); hãy đóng tệp rồi thử lại.",
                    "{file} is open in another program (Excel, for instance); close it and try again."),
    "xlsx.no_permission": (
        "Không có quyền đọc tệp {file} (hoặc tệp đang được mở trong Excel); hãy đóng tệp hoặc chép nó ra chỗ "
        "khác rồi thử lại.",
        "No permission to read {file} (or it is open in Excel); close it, or copy it elsewhere, and try again."),
})

_SHARING_VIOLATIONS = (32, 33)  # Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (a file Excel holds)


def unreadable(name: str, exc: BaseException) -> WardDeskError:
    """The worded error for a file that could not be read: a file another program holds open and a file this
    account may not read are said so plainly, in Vietnamese and English; anything else with the system's text."""
    if getattr(exc, "winerror", None) in _SHARING_VIOLATIONS:
        return WardDeskError("xlsx.in_use", file=name)
    if isinstance(exc, PermissionError):
        return WardDeskError("xlsx.no_permission", file=name)
    return WardDeskError("xlsx.unreadable", file=name, detail=getattr(exc, "strerror", None) or str(exc))


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
    except OSError as exc:
        raise unreadable(name, exc) from None
    except (ValueError, NotImplementedError, EOFError) as exc:
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


# --- One bounded way in: every workbook the app reads goes through ``open_workbook`` ------------------------------
#
# ``ensure_safe_xlsx`` trusts the sizes the zip declares; a parser then inflates what is really there, and
# calamine allocates a sheet's whole rectangle (a single value in XFD1048576 is 2^34 cells, hundreds of GB).
# ``open_workbook`` reads the file once (a regular file only, opened without waiting on a FIFO or device), inflates
# every part itself with a hard cap on the bytes really produced (the CRC checked), measures each sheet's extent
# from its ``<dimension>`` and cell references, and only then gives calamine a clean copy holding exactly the bytes
# that were measured. The caller gets those bytes too, so what is hashed, checked and kept is one and the same.

MAX_RETURN_FILE_BYTES = 20 * 1024 * 1024  # a WDR-1 return is ~50 KB; a consolidated one well under 2 MB
MAX_RECORDS_FILE_BYTES = 200 * 1024 * 1024
MAX_RETURN_CELLS = 2_000_000  # per sheet, rows x columns from A1: ByUnit of a 1,300-row grid x 300 units fits
MAX_RECORDS_CELLS = 8_000_000  # 20,000 clients x 40 columns is 800,000

messages.register({
    "xlsx.not_regular": (
        "{file} không phải tệp thường (thư mục, liên kết hỏng, FIFO hoặc thiết bị); bỏ qua.",
        "{file} is not a regular file (a folder, a dangling link, a FIFO or a device); skipped.",
    ),
    "xlsx.file_too_big": (
        "Tệp {file} quá lớn ({size} MB, tối đa {limit} MB); không mở.",
        "{file} is too big ({size} MB, at most {limit} MB); not opened.",
    ),
    "xlsx.lying_zip": (
        "Tệp {file} bị hỏng: phần {part} không khớp với kích thước/CRC khai báo; không mở.",
        "{file} is damaged: the part {part} does not match its declared size/CRC; not opened.",
    ),
    "xlsx.sheet_too_large": (
        "Trang '{sheet}' của tệp {file} trải tới ô {ref} ({cells} ô, tối đa {limit}); không mở. "
        "Hãy xoá các ô thừa ở xa rồi lưu lại.",
        "The sheet '{sheet}' of {file} reaches cell {ref} ({cells} cells, at most {limit}); not opened. "
        "Delete the stray far-away cells and save again.",
    ),
    "xlsx.not_a_return": (
        "{file} là tài liệu {kind}, không phải tệp báo cáo WDR-1 (.xlsx).",
        "{file} is a {kind} document, not a WDR-1 return (.xlsx).",
    ),
})

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]+)\"")
# Any ` r="B12"` is a cell's reference and any ` r="12"` a row's (no other SpreadsheetML attribute is named r):
# literal-led patterns, fast enough to measure a sheet before reading it; counting a stray one is only cautious.
_CELL_REF = re.compile(rb" r=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ANY_REF = re.compile(rb" r=\"([A-Z]{0,3}[0-9]{1,7})\"")  # a cell's reference or a row's number, as one bytes
# A reference's shape: every digit a 0, every letter an A; "AA" is past column Z, "00000" past row 9999
_REF_SHAPE = bytes.maketrans(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0" * 10 + b"A" * 26)


def _within_z9999(refs: list[bytes]) -> int | None:
    """How many of ``refs`` (cells' references and rows' numbers) are cells' when every one lies within A1:Z9999
    (a row's number within 9999), else None: told by literal searches over the references' shapes (C built-ins;
    no reference is split or converted one by one). Within Z a cell's reference has exactly one letter."""
    shape = b" ".join(refs).translate(_REF_SHAPE)
    if b"AA" in shape or b"00000" in shape:
        return None
    return shape.count(b"A")
_ROW_REF = re.compile(rb" r=\"([0-9]{1,7})\"")
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")


def _column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(ch) - 64
    return number


def _column_letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


_F_THEN_END = re.compile(rb"f[\s>/]")  # led by a literal: the regex engine skips to each "f" at C speed


def _first_dimension(xml: bytes):
    """``_DIMENSION.search(xml)``, the regex tried only where the word ``dimension`` is: a pattern led by ``<``
    tries every tag of a sheet with none (openpyxl writes none), a quarter of a second on a 40 MB sheet. Every
    match starts at the last ``<`` before its ``dimension`` (a prefix holds no ``<``), and the first such place
    that matches is the search's first match."""
    at = xml.find(b"dimension")
    while at >= 0:
        start = xml.rfind(b"<", 0, at)
        if start >= 0:
            match = _DIMENSION.match(xml, start)
            if match:
                return match
        at = xml.find(b"dimension", at + 1)
    return None


def _may_hold_formula(xml: bytes) -> bool:
    """A fast look before the regex: every ``_FORMULA`` match is an ``f`` after ``<`` (or a prefix's ``:``) and
    before a space, ``>`` or ``/``; without one there is no formula. (Four ``in`` searches for ``<f``, ``:f>``...
    cost ten times as much: ``<`` starts every tag of the sheet.)"""
    return any(xml[m.start() - 1:m.start()] in (b"<", b":") for m in _F_THEN_END.finditer(xml))


_CELL_LETTERS = re.compile(rb" r=\"([A-Z]{1,3})[0-9]{1,7}\"")
# a cell reference whose row has n to 7 significant digits (leading zeros allowed, 7 digits at most in all)
_ROW_DIGITS = {n: re.compile(rb" r=\"[A-Z]{1,3}(?=[0-9]{1,7}\")0*([1-9][0-9]{%d,6})\"" % (n - 1)) for n in range(1, 8)}


def _cell_extent(xml: bytes, row_count: int | None = None) -> tuple[int, bytes, int]:
    """(cell references, the largest column letters, the largest row) of ``_CELL_REF``'s matches, without a
    tuple per cell: the letters alone (one-letter columns are shared objects), then the rows with the most
    significant digits only (one or two more scans; a row of n digits is above every row of fewer)."""
    letters = _CELL_LETTERS.findall(xml)
    if not letters:
        return 0, b"", 0
    widest = max(set(letters), key=lambda b: (len(b), b))
    # rows of the digits the sheet's row count has, or more, first: usually one scan finds the largest
    if row_count is None:
        row_count = xml.count(b"<row") + xml.count(b":row")
    start = max(1, len(str(row_count)))
    last_row = 0
    for n in range(min(start, 7), 0, -1):
        found = _ROW_DIGITS[n].findall(xml)
        if found:
            last_row = max(map(int, found))
            break
    return len(letters), widest, last_row


def read_regular_file(path: str | os.PathLike, *, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``; a FIFO, a device, a folder or a
    dangling link is refused without waiting on it (opened non-blocking, checked with ``fstat``)."""
    import stat

    path = Path(path)
    name = path.name
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise WardDeskError("xlsx.not_regular", file=name) from None
        raise WardDeskError("xlsx.missing", file=name) from None
    except OSError as exc:
        raise unreadable(name, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise WardDeskError("xlsx.not_regular", file=name)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise unreadable(name, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced by something else between the two looks
            raise WardDeskError("xlsx.not_regular", file=name)
        if st.st_size > max_bytes:
            raise WardDeskError("xlsx.file_too_big", file=name, size=st.st_size // (1024 * 1024),
                                limit=max_bytes // (1024 * 1024))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:  # grew while being read
                raise WardDeskError("xlsx.file_too_big", file=name, size=total // (1024 * 1024),
                                    limit=max_bytes // (1024 * 1024))
            chunks.append(chunk)
    except OSError as exc:
        raise unreadable(name, exc) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


MAX_DOCUMENT_FILE_BYTES = 20 * 1024 * 1024  # a report template or a province form: a few hundred KB


def read_bounded_zip(path: str | os.PathLike, *, max_bytes: int = MAX_DOCUMENT_FILE_BYTES,
                     max_inflated: int = MAX_RETURN_UNCOMPRESSED_BYTES) -> bytes:
    """The bytes of an Office file (a .docx template, an .xlsx form) that only a regular file of at most
    ``max_bytes`` may give, and only when its zip declares at most ``max_inflated`` bytes at a sane ratio: a FIFO
    never hangs the reader, a bomb is never inflated. Parse the bytes (``io.BytesIO``), never the path again;
    ``zipfile`` then never yields more than a member's declared size."""
    import io

    path = Path(path)
    name = path.name
    data = read_regular_file(path, max_bytes=max_bytes)
    if not data:
        raise WardDeskError("xlsx.empty", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            declared = sum(m.file_size for m in members)
            compressed = sum(m.compress_size for m in members) or 1
    except zipfile.BadZipFile:
        raise WardDeskError("xlsx.unreadable", file=name, detail="not a zip (Office Open XML) file") from None
    except (ValueError, NotImplementedError, EOFError, RuntimeError) as exc:
        raise WardDeskError("xlsx.unreadable", file=name, detail=str(exc)) from None
    if len(members) > MAX_MEMBERS or declared > max_inflated or (
            declared > 10 * 1024 * 1024 and declared / compressed > MAX_RATIO):
        raise WardDeskError("xlsx.too_big", file=name, size=declared // (1024 * 1024),
                            limit=max_inflated // (1024 * 1024))
    return data


def _document_kind(data: bytes, names: set[str] | None) -> str | None:
    """'PDF' / 'Word' / 'OpenDocument' when the bytes are a narrative rather than a workbook."""
    if data[:5] == b"%PDF-":
        return "PDF"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return None  # an old .xls or .doc: both OLE; the caller's extension decides
    if data[:5] in (b"{\\rtf",):
        return "Word (RTF)"
    if names is not None:
        if any(n.startswith("word/") for n in names):
            return "Word"
        if "content.xml" in names:
            return "OpenDocument"
    return None


def _sheet_parts(archive: zipfile.ZipFile, names: set[str], parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part name) in the workbook's order."""
    workbook = parts.get("xl/workbook.xml", b"")
    rels = parts.get("xl/_rels/workbook.xml.rels", b"")
    targets = {m.group(1).decode(): m.group(2).decode() for m in re.finditer(
        rb"<(?:\w+:)?Relationship\b[^>]*?Id=\"([^\"]+)\"[^>]*?Target=\"([^\"]+)\"", rels)}
    targets.update({m.group(2).decode(): m.group(1).decode() for m in re.finditer(
        rb"<(?:\w+:)?Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Id=\"([^\"]+)\"", rels)})
    out = []
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
        if part in names:
            out.append((_unescape(name.group(1).decode("utf-8")), part))
    return out


class BoundedWorkbook:
    """A workbook read once and measured: ``data`` (the file's bytes), ``sha256``, ``formulas`` (sheet ->
    cell refs holding a formula), ``sheet_names`` and ``rows(sheet)`` (calamine's values, never evaluated)."""

    def __init__(self, name: str, data: bytes, clean: bytes, formulas: dict[str, list[str]],
                 sheet_names: list[str]):
        import hashlib

        from python_calamine import CalamineWorkbook

        self.name = name
        self.data = data
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.formulas = formulas
        import io

        self._workbook = CalamineWorkbook.from_filelike(io.BytesIO(clean))
        self.sheet_names = list(self._workbook.sheet_names)
        self._declared = sheet_names
        self.only: set[str] | None = None  # open_workbook(only=...): the sheets measured, the only ones read

    def rows(self, sheet: str) -> list[list]:
        if self.only is not None and sheet not in self.only:  # not measured (``open_workbook(only=...)``): never handed to calamine
            raise WardDeskError("xlsx.unreadable", file=self.name, detail=f"sheet '{sheet}' was not measured")
        return self._workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _measure_sheet(name: str, sheet: str, xml: bytes, max_cells: int) -> None:
    """Raise ``xlsx.sheet_too_large`` when the sheet may reach more than ``max_cells`` (rows x columns from A1):
    its declared ``<dimension>``, every cell's reference, and cells without one counted as columns."""
    rows = cols = 0
    dimension = _first_dimension(xml)
    if dimension:
        for ref in dimension.group(1).decode("ascii", "replace").upper().split(":"):
            m = _REF.match(ref.replace("$", ""))
            if m:
                cols, rows = max(cols, _column_number(m.group(1))), max(rows, int(m.group(2)))
    # The usual sheet, told by one look (the regex engine and C built-ins, not cell by cell): every cell and
    # row within A1:Z9999, so the extent measured below is at most these bounds; within the limit, it is. A sheet
    # of more than 9999 rows is past it (or numbers its rows oddly): measured exactly at once.
    row_count = xml.count(b"<row") + xml.count(b":row")
    shortcut = _within_z9999(_ANY_REF.findall(xml)) if row_count <= 9999 else None
    if shortcut is not None:
        unreferenced = xml.count(b"<c") - shortcut  # as below: the same count of cells' references
        bound_rows = max(rows, 9999, row_count if unreferenced > 0 else 0)
        if bound_rows * max(cols, 26, unreferenced) <= max_cells:
            return
    refs, letters, last_row = _cell_extent(xml, row_count)  # measured exactly, without a tuple per cell
    if refs:
        cols = max(cols, _column_number(letters))
        rows = max(rows, last_row)
    # Cells without a reference follow one another in their row: counted (over-counted, with <col> and the
    # like) as columns, and the rows' own numbers then bound the rows.
    unreferenced = xml.count(b"<c") - refs
    if unreferenced > 0:
        cols = max(cols, unreferenced)
        row_refs = _ROW_REF.findall(xml)
        if row_refs:
            rows = max(rows, max(map(int, row_refs)))
        rows = max(rows, row_count)
    if rows * cols > max_cells:
        raise WardDeskError("xlsx.sheet_too_large", file=name, sheet=sheet,
                            ref=f"{_column_letters(cols)}{rows}", cells=messages.Grouped(rows * cols),
                            limit=messages.Grouped(max_cells))


def _repacked(data: bytes, members: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> bytes:
    """The clean copy calamine reads: one entry per part measured (the last of a name, as ``parts`` holds it),
    with the sizes and CRC that were checked, each holding the very compressed bytes that inflated to what was
    measured (copied from where ``zipfile`` read them), so calamine inflates exactly those; a part compressed
    otherwise than deflate is stored as inflated. Nothing before, between or after the entries: no second
    directory, no prefix. A few MB where a stored copy of a big workbook was ten times that (and three times
    over, while it was made and handed over)."""
    last = {m.filename: m for m in members if not m.is_dir()}
    out, central = bytearray(), bytearray()
    for filename, member in last.items():
        if member.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            start = member.header_offset
            header = struct.unpack(zipfile.structFileHeader, data[start:start + zipfile.sizeFileHeader])
            if header[0] != zipfile.stringFileHeader:
                raise zipfile.BadZipFile(filename)
            begin = start + zipfile.sizeFileHeader + header[zipfile._FH_FILENAME_LENGTH] \
                + header[zipfile._FH_EXTRA_FIELD_LENGTH]
            raw = data[begin:begin + member.compress_size]
            method = member.compress_type
        else:  # bzip2, lzma: what calamine may not inflate, stored as measured
            raw, method = parts[filename], zipfile.ZIP_STORED
        if len(raw) != (member.compress_size if method == member.compress_type else member.file_size):
            raise zipfile.BadZipFile(filename)
        try:
            encoded, flags = filename.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = filename.encode("utf-8"), 0x800  # the name is UTF-8
        offset = len(out)
        out += struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0, flags, method, 0, 0x21,
                           member.CRC, len(raw), member.file_size, len(encoded), 0)
        out += encoded
        out += raw
        central += struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 0, 20, 0, flags, method, 0,
                               0x21, member.CRC, len(raw), member.file_size, len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
    directory = len(out)
    out += central
    out += struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(last), len(last), len(central),
                       directory, 0)
    return bytes(out)


def open_workbook(path: str | os.PathLike, *, kind: str = "return", data: bytes | None = None,
                  only: set[str] | None = None) -> BoundedWorkbook:
    """Read, measure and open ``path`` (or its already-read ``data``) within the bounds of ``kind``
    (``return``: a WDR-1 return; ``records``: a RECORDS-1 workbook). Raises ``WardDeskError`` naming the file and
    what is wrong; no parser sees a byte that was not measured first."""
    import io

    if kind == "return":
        max_bytes, max_inflated, max_cells = MAX_RETURN_FILE_BYTES, MAX_RETURN_UNCOMPRESSED_BYTES, MAX_RETURN_CELLS
    else:
        max_bytes, max_inflated, max_cells = MAX_RECORDS_FILE_BYTES, MAX_UNCOMPRESSED_BYTES, MAX_RECORDS_CELLS
    path = Path(path)
    name = path.name
    if data is None:
        data = read_regular_file(path, max_bytes=max_bytes)
    if not data:
        raise WardDeskError("xlsx.empty", file=name)
    kind_of = _document_kind(data, None)
    if kind_of:
        raise WardDeskError("xlsx.not_a_return", file=name, kind=kind_of)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and path.suffix.lower() in (".doc", ".docx"):
        raise WardDeskError("xlsx.not_a_return", file=name, kind="Word")
    parts: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                kind_of = _document_kind(data, names)
                if kind_of:
                    raise WardDeskError("xlsx.not_a_return", file=name, kind=kind_of)
                raise WardDeskError("xlsx.not_xlsx", file=name)
            declared = sum(m.file_size for m in members)
            compressed = sum(m.compress_size for m in members) or 1
            if len(members) > MAX_MEMBERS or declared > max_inflated or (
                    declared > 10 * 1024 * 1024 and declared / compressed > MAX_RATIO):
                raise WardDeskError("xlsx.too_big", file=name, size=declared // (1024 * 1024),
                                    limit=max_inflated // (1024 * 1024))
            produced = 0
            for member in members:
                if member.is_dir():
                    continue
                # zipfile never yields more than the declared size and checks the CRC at the end: a part
                # that lies about its size fails here, after at most its declared (bounded) bytes.
                with archive.open(member) as fh:
                    content = fh.read(member.file_size + 1)
                    if len(content) != member.file_size or fh.read(1):
                        raise WardDeskError("xlsx.lying_zip", file=name, part=member.filename)
                produced += len(content)
                if produced > max_inflated:
                    raise WardDeskError("xlsx.too_big", file=name, size=produced // (1024 * 1024),
                                        limit=max_inflated // (1024 * 1024))
                parts[member.filename] = content
            sheets = _sheet_parts(archive, names, parts)
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc) or "Bad magic" in str(exc):
            raise WardDeskError("xlsx.lying_zip", file=name, part="?") from None
        raise WardDeskError("xlsx.not_xlsx", file=name) from None
    except OSError as exc:
        raise unreadable(name, exc) from None
    except (ValueError, NotImplementedError, EOFError, RuntimeError) as exc:
        raise WardDeskError("xlsx.unreadable", file=name, detail=str(exc)) from None

    formulas: dict[str, list[str]] = {}
    if only is not None:  # measure (and later read) only these sheets; the others are never parsed
        sheets = [(sheet, part) for sheet, part in sheets if sheet in only]
    for sheet, part in sheets:
        xml = parts[part]
        _measure_sheet(name, sheet, xml, max_cells)
        if _may_hold_formula(xml) and _FORMULA.search(xml):
            formulas[sheet] = [r.group(1).decode() for r in _CELL_WITH_F.finditer(xml)] or ["A1"]

    try:
        clean = _repacked(data, members, parts)
    except (zipfile.BadZipFile, struct.error):
        raise WardDeskError("xlsx.not_xlsx", file=name) from None
    del parts  # measured; calamine gets the clean copy, a tenth of their size
    try:
        book = BoundedWorkbook(name, data, clean, formulas, [s for s, _p in sheets])
        book.only = only
        return book
    except WardDeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine's errors are not one class; a damaged file is a message
        raise WardDeskError("xlsx.unreadable", file=name, detail=str(exc) or type(exc).__name__) from None


# --- Walking folders of arrivals: every item either taken or named with its reason ------------------------------

messages.register({
    "walk.link": ("{file}: là liên kết (shortcut); không theo, bỏ qua", "{file}: a link; not followed, skipped"),
    "walk.dangling": ("{file}: liên kết hỏng (trỏ tới tệp không còn); bỏ qua",
                      "{file}: a dangling link (its target is gone); skipped"),
    "walk.special": ("{file}: không phải tệp thường (FIFO, thiết bị hoặc socket); bỏ qua",
                     "{file}: not a regular file (a FIFO, a device or a socket); skipped"),
    "walk.folder_denied": ("{file}: không có quyền mở (hoặc đang được chương trình khác giữ); bỏ qua",
                           "{file}: no permission to open it (or another program holds it); skipped"),
    "walk.folder_unreadable": ("{file}: không mở được thư mục ({detail}); bỏ qua",
                               "{file}: the folder cannot be opened ({detail}); skipped"),
    "walk.narrative": ("{file}: không phải tệp báo cáo WDR-1 (tài liệu {kind}); bỏ qua",
                       "{file}: not a WDR-1 return (a {kind} document); skipped"),
    "walk.old_excel": ("{file}: không phải .xlsx; mở bằng Excel/LibreOffice và lưu dạng .xlsx; bỏ qua",
                       "{file}: not an .xlsx; open it in Excel/LibreOffice and save it as .xlsx; skipped"),
    "walk.other": ("{file}: không phải tệp .xlsx; bỏ qua", "{file}: not an .xlsx file; skipped"),
    "walk.missing": ("{file}: không tồn tại", "{file}: does not exist"),
})

NARRATIVE_SUFFIXES = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".rtf": "Word (RTF)",
                      ".txt": "văn bản / text"}
OLD_SHEET_SUFFIXES = {".xls", ".csv", ".ods", ".xlsm", ".xlsb"}


def _folder_problem(exc: OSError) -> tuple:
    """(message key, its parameters) for an item of a folder that could not be looked at."""
    if isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in _SHARING_VIOLATIONS:
        return "walk.folder_denied", {}
    return "walk.folder_unreadable", {"detail": exc.strerror or str(exc)}


def walk_inputs(paths, *, suffix: str = ".xlsx") -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files as given and folders searched (recursively) for ``*.xlsx``, as ``(files, skipped)``: ``skipped`` names
    every other item with its reason. Nothing found in a folder is followed or opened: links (dangling or not),
    FIFOs, devices and sockets are skipped by what ``lstat`` says; a folder named ``x.xlsx`` is a folder; Office
    lock files (``~$``) and hidden files are passed over silently."""
    import stat

    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []

    def skip(path: Path, key: str, params: dict | None = None, **more):
        params = {**(params or {}), **more}
        skipped.append((path, messages.text(key, file=path.name, **params)))

    def consider_file(path: Path):
        if path.name.startswith(("~$", ".")):
            return
        ext = path.suffix.lower()
        if ext == suffix:
            files.append(path)
        elif ext in NARRATIVE_SUFFIXES:
            skip(path, "walk.narrative", kind=NARRATIVE_SUFFIXES[ext])
        elif ext in OLD_SHEET_SUFFIXES:
            skip(path, "walk.old_excel")
        else:
            skip(path, "walk.other")

    def walk(folder: Path):
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skip(folder, *_folder_problem(exc))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                skip(path, *_folder_problem(exc))
                continue
            if stat.S_ISLNK(mode) or entry.is_junction():
                skip(path, "walk.link" if os.path.exists(path) else "walk.dangling")
            elif stat.S_ISDIR(mode):
                walk(path)
            elif stat.S_ISREG(mode):
                consider_file(path)
            else:
                skip(path, "walk.special")

    for item in map(Path, paths):
        try:
            mode = os.lstat(item).st_mode
        except OSError:
            skip(item, "walk.missing")
            continue
        if stat.S_ISLNK(mode):  # named by the user: followed once, if it leads somewhere
            try:
                mode = os.stat(item).st_mode
            except OSError:
                skip(item, "walk.dangling")
                continue
        if stat.S_ISDIR(mode):
            walk(item)
        elif stat.S_ISREG(mode):
            if item.suffix.lower() in NARRATIVE_SUFFIXES:
                skip(item, "walk.narrative", kind=NARRATIVE_SUFFIXES[item.suffix.lower()])
            else:
                files.append(item)  # given by name: checked whatever its extension (the reader says what it is)
        else:
            skip(item, "walk.special")
    return files, skipped
