"""Export layer: write a WDR-1 return workbook (RETURN-v1 §3): ``Báo cáo`` (printable), ``Data``, ``Meta``. No Qt.

Every cell is a value, never a formula; every text cell goes through ``safe_text`` and is written as text.
Consolidated returns add ``Completeness`` and ``ByUnit`` (§5) through ``extra_sheets``. Written with XlsxWriter
(the same cells, styles, merges and print setup openpyxl wrote, in about 40% of the time), the plain sheets' cells
as sheet XML (``_write_sheet``).
"""

from __future__ import annotations

from itertools import repeat
from pathlib import Path

from ward_desk.export.cells import safe_text
from ward_desk.spec.catalogue import Catalogue, GridCell, wdr1, wdr1_for

_LAYOUT = wdr1().layout
META_KEYS = _LAYOUT.meta_keys  # the standard file's list (RETURN-v1 §3), named here for the writers' callers
DATA_HEADER = _LAYOUT.data_header
FORM_SHEET = _LAYOUT.form_sheet

_GREY_LINE = "#808080"
_HEAD_FILL = "#DDE6F0"
_GROUP_FILL = "#F2F2F2"
_COLUMNS = "ABCDEFGH"


def _cell(ref: str) -> tuple[int, int]:
    """``"B12"`` -> (11, 1): xlsxwriter counts rows and columns from 0."""
    i = next(i for i, ch in enumerate(ref) if ch.isdigit())
    col = 0
    for ch in ref[:i]:
        col = col * 26 + ord(ch) - 64
    return int(ref[i:]) - 1, col - 1


class _Sheet:
    """A worksheet written with XlsxWriter (3-5x faster to write than openpyxl, and a third of its import time:
    bench/README.md), addressed by A1 references like the form's layout; one format object per distinct style
    (font, alignment, fill, box), as Excel stores them."""

    def __init__(self, workbook, worksheet):
        self.wb, self.ws, self._formats = workbook, worksheet, {}
        self.heights: dict[int, float] = {}  # row (from 1) -> points, for the page breaks

    def fmt(self, *, bold=False, italic=False, size=None, align=None, wrap=True, fill=None, border=False,
            number=False, font=True):
        key = (bold, italic, size, align, wrap, fill, border, number, font)
        if key not in self._formats:
            spec = {"valign": "vcenter", "text_wrap": wrap}
            if font:
                spec.update(bold=bold, italic=italic, font_size=size or 10)
                if italic:
                    spec["font_color"] = "#555555"
            if align:
                spec["align"] = align
            if fill:
                spec.update(pattern=1, bg_color=fill)
            if border:
                spec.update(border=1, border_color=_GREY_LINE)
            if number:
                spec["num_format"] = "#,##0"
            self._formats[key] = self.wb.add_format(spec)
        return self._formats[key]

    def text(self, ref, value, fmt=None) -> None:
        """A text cell, always typed as text (never a formula, whatever it starts with)."""
        row, col = _cell(ref)
        value = safe_text(value)
        if not value:  # an empty cell keeps its format (box, fill), as an empty text it would hold ""
            self.ws.write_blank(row, col, None, fmt)
        else:
            self.ws.write_string(row, col, value, fmt)

    def merge(self, area: str, fmt=None) -> None:
        """Merge ``area`` (its cells take ``fmt``); the top-left cell's text is written by ``text``."""
        first, last = area.split(":")
        self.ws.merge_range(*_cell(first), *_cell(last), "", fmt)

    def height(self, row: int, points: float) -> None:
        self.heights[row] = points
        self.ws.set_row(row - 1, points)


def _text(ws: _Sheet, ref, value, *, bold=False, italic=False, size=None, align=None, fill=None, border=False,
          wrap=True, merge: str | None = None):
    fmt = ws.fmt(bold=bold, italic=italic, size=size, align=align, fill=fill, border=border, wrap=wrap)
    if merge:
        ws.merge(f"{ref}:{merge}", fmt)
    ws.text(ref, value, fmt)


def _number(ws: _Sheet, ref, value, fill=None):
    row, col = _cell(ref)
    ws.ws.write_number(row, col, int(value), ws.fmt(wrap=False, fill=fill, border=True, number=True, font=False))


def _date_vn(iso: str) -> str:
    text = str(iso or "")
    return f"{text[8:10]}/{text[5:7]}/{text[:4]}" if len(text) >= 10 else text


# The printed form: A4 portrait, fitted to the page's width (the figures' columns narrow enough that the text
# stays readable), so about twice the rows of a landscape page go on each page.
_WIDTHS = (44, 30, 9, 9, 9, 9, 9, 9)
_PAGE = (8.27, 11.69)  # A4 in inches
_MARGINS = (0.4, 0.5)  # left/right, top/bottom, in inches
_FILL_PAGE = 0.92  # of a page's height filled before a break: the programs' own measure of a row may differ


def _page_setup(ws: _Sheet) -> None:
    ws.ws.set_portrait()
    ws.ws.set_paper(9)  # A4
    ws.ws.fit_to_pages(1, 0)
    ws.ws.center_horizontally()
    ws.ws.set_margins(left=_MARGINS[0], right=_MARGINS[0], top=_MARGINS[1], bottom=_MARGINS[1])
    for i, w in enumerate(_WIDTHS):
        _width(ws.ws, i, w)


def page_capacity() -> float:
    """Points of sheet rows one printed page holds: the page's height less its margins, divided by the scale
    that fits the columns to the page's width (a column of w characters is about 7w + 5 pixels, 0.75 pt each)."""
    width_pt = sum(7 * w + 5 for w in _WIDTHS) * 0.75
    scale = min(1.0, (_PAGE[0] - 2 * _MARGINS[0]) * 72 / width_pt)
    return (_PAGE[1] - 2 * _MARGINS[1]) * 72 / scale * _FILL_PAGE


def keep_together(heights: dict[int, float], blocks: list[tuple[int, int]], titles: float,
                  capacity: float) -> list[int]:
    """Rows after which a page breaks so that no block (a section's heading with its first indicator, or an
    indicator's table) is split over two pages, or leaves a heading alone at a page's foot. ``heights``: row ->
    points (rows before the first block fill the first page's top); ``titles``: the heading rows repeated on
    every page. A block taller than a page starts a page and runs on."""
    used, last = 0.0, 0
    breaks = []
    for start, end in blocks:
        gap = sum(heights.get(r, 15.0) for r in range(last + 1, start))  # rows between blocks (none: a spacer)
        size = sum(heights.get(r, 15.0) for r in range(start, end + 1))
        if used + gap + size > capacity and used > titles:
            breaks.append(start - 1)
            used = titles
        else:
            used += gap
        used += size
        last = end
        while used > capacity:  # a block longer than a page: the program breaks it; count where
            used = titles + (used - capacity)
    return breaks


def _heading(ws: _Sheet, meta: dict, office_name: str, note: str | None, catalogue: Catalogue,
             agency: str = "") -> int:
    """National heading (``agency``: the reporting agency, default the unit's name), title and the return's
    particulars; returns the first free row."""
    _text(ws, "A1", agency or f"{meta.get('unit_name', '')}", bold=True, align="center", merge="C1")
    _text(ws, "D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center", merge="H1")
    _text(ws, "D2", "Độc lập - Tự do - Hạnh phúc", bold=True, align="center", merge="H2")
    _text(ws, "A4", catalogue.title[0], bold=True, size=14, align="center", merge="H4")
    _text(ws, "A5", catalogue.title[1], italic=True, align="center", merge="H5")
    basis = "theo Nghị định 09/2019/NĐ-CP" if meta.get("period_basis") == "nd09" else "theo lịch"
    lines = (
        ("Đơn vị báo cáo / Reporting unit", f"{meta.get('unit_code', '')} {meta.get('unit_name', '')}"),
        ("Đơn vị nhận báo cáo / Receiving unit", f"{meta.get('office_code', '')} {office_name}".strip()),
        ("Kỳ báo cáo / Period", f"{meta.get('period', '')} ({basis}): từ {_date_vn(meta.get('period_start'))} "
                                f"đến {_date_vn(meta.get('period_end'))}"),
        ("Ngày lập / Date prepared", f"{_date_vn(str(meta.get('generated_at', ''))[:10])} — lần nộp / submission "
                                     f"{meta.get('submission_no', '')}"),
    )
    row = 6
    for label, value in lines:
        _text(ws, f"A{row}", label, bold=True)
        _text(ws, f"B{row}", value, merge=f"H{row}")
        row += 1
    if note:
        _text(ws, f"A{row}", note, italic=True, merge=f"H{row}")
        lines = sum(1 + len(part) // 160 for part in note.split("\n"))  # a long list of wards wraps: all shown
        ws.height(row, max(30, 14 * lines))
        row += 1
    return row + 1


def _column_heads(ws: _Sheet, row: int) -> int:
    """Two header rows, repeated on every printed page: the column groups, then the breakdowns."""
    head = {"bold": True, "align": "center", "fill": _HEAD_FILL, "border": True}
    for ref, label, merge in ((f"A{row}", "Chỉ tiêu\nIndicator", f"A{row + 1}"),
                              (f"B{row}", "Phân loại\nCategory", f"B{row + 1}"),
                              (f"C{row}", "Kỳ này\nThis period", f"E{row}"),
                              (f"F{row}", "Lũy kế\nYear to date", f"H{row}")):
        _text(ws, ref, label, merge=merge, **head)
    subheads = ("Tổng\nTotal", "Nữ\nFemale", "Dưới 18\nUnder 18")
    for i, col in enumerate("CDEFGH"):
        _text(ws, f"{col}{row + 1}", subheads[i % 3], **head)
    ws.height(row, 30)
    ws.height(row + 1, 30)
    ws.ws.repeat_rows(row - 1, row)
    ws.ws.freeze_panes(row + 1, 2)
    return row + 2


def _lines(text: str, width: int) -> int:
    """Printed lines of a wrapped cell about ``width`` characters wide: the row is made tall enough for them
    (a long indicator or category name would otherwise print over the next row)."""
    return sum(max(1, -(-len(part) // width)) for part in text.split("\n")) if text else 1


def coverage_text(reported: int, of: int) -> str:
    """RETURN-v2 §3: how many of an office's counted wards carry a version 2 indicator."""
    return f"({reported}/{of} xã/phường báo cáo / {reported} of {of} wards reported)"


def _indicator_rows(ws: _Sheet, row: int, catalogue: Catalogue, code: str, rows, breakdown: tuple[bool, bool],
                    coverage: tuple[int, int] | None = None) -> int:
    """One indicator's lines: its name on the first, one line per category with this period and year to date;
    ``coverage`` (n, m) marks an indicator only n of an office's m counted wards reported."""
    indicator = catalogue.indicator(code)
    has_sex, has_age = breakdown
    first = row
    name = f"{indicator.vi}\n{indicator.en}" + (f"\n{coverage_text(*coverage)}" if coverage else "")
    for category, numbers in rows:
        _text(ws, f"A{row}", name if row == first else "", border=True, bold=row == first)
        cvi, cen = catalogue.category_label(code, category, "vi"), catalogue.category_label(code, category, "en")
        _text(ws, f"B{row}", cvi if cvi == cen else f"{cvi}\n{cen}", border=True)
        for j, n in enumerate(numbers):
            col = _COLUMNS[2 + j]
            if (j % 3 == 1 and not has_sex) or (j % 3 == 2 and not has_age):
                _text(ws, f"{col}{row}", "", border=True)
            else:
                _number(ws, f"{col}{row}", n)
        lines = max(_lines(name if row == first else "", 44), _lines(cvi if cvi == cen else f"{cvi}\n{cen}", 32))
        ws.height(row, max(15, 14 * lines))
        row += 1
    return row


def _signatures(ws: _Sheet, row: int, meta: dict) -> int:
    _text(ws, f"A{row}", "Số người (tiếp cận, chuyển gửi, vay vốn, thành viên) là số người khác nhau trong cả kỳ; "
          "cột Dưới 18 gồm U16 và 16-17. / People are counted once over the whole period; under 18 = U16 + 16-17.",
          italic=True, merge=f"H{row}")
    ws.height(row, 28)
    row += 2
    _text(ws, f"A{row}", "Người lập biểu\nPrepared by", bold=True, align="center")
    _text(ws, f"E{row}", "Thủ trưởng đơn vị\nHead of unit", bold=True, align="center", merge=f"H{row}")
    ws.height(row, 30)
    row += 1
    _text(ws, f"A{row}", "(Ký, ghi rõ họ tên / signature, full name)", italic=True, align="center")
    _text(ws, f"E{row}", "(Ký, đóng dấu / signature, seal)", italic=True, align="center", merge=f"H{row}")
    row += 4
    _text(ws, f"A{row}", str(meta.get("prepared_by") or ""), bold=True, align="center")
    return row


def write_form(ws: _Sheet, cells, meta: dict, *, office_name: str = "", note: str | None = None,
               catalogue: Catalogue | None = None, agency: str = "", coverage: dict | None = None) -> None:
    """The human form: heading, units, period, one table per section of the catalogue (the version
    ``meta["template_version"]`` names), signatures. ``coverage``: indicator -> (wards reporting it, wards
    counted), for an office's return mixing versions (RETURN-v2 §3)."""
    catalogue = catalogue or wdr1_for(meta) or wdr1()
    coverage = coverage or {}
    _page_setup(ws)
    row = _column_heads(ws, _heading(ws, meta, office_name, note, catalogue, agency))
    titles = row - 2  # the two column-heading rows, repeated on every page
    table = catalogue.form_table(cells)
    breakdowns = catalogue.form_breakdowns(cells)
    blocks = []  # what must not be split over two pages
    for section in catalogue.sections:
        _text(ws, f"A{row}", f"{section.vi} / {section.en}", bold=True, fill=_GROUP_FILL, border=True,
              merge=f"H{row}")
        heading = row
        row += 1
        for code in section.indicators:
            start = row
            row = _indicator_rows(ws, row, catalogue, code, table.get(code, []), breakdowns.get(code, (False, False)),
                                  coverage.get(code))
            blocks.append((heading if heading is not None else start, row - 1))  # the heading goes with it
            heading = None
    blocks.append((row + 1, _signatures(ws, row + 1, meta)))  # the signatures stay together too
    heights = {r: ws.heights.get(r) or 15.0 for r in range(1, row + 12)}
    ws.ws.set_h_pagebreaks(keep_together(heights, blocks, heights[titles] + heights[titles + 1], page_capacity()))


def _width(ws, col: int, characters: float) -> None:
    """Column ``col`` stored ``characters`` wide, as openpyxl stored it (XlsxWriter adds Excel's 5-pixel
    padding to the width it is given)."""
    ws.set_column(col, col, characters - 5 / 7)


def _table(sheet: _Sheet, rows, widths=(), freeze=True) -> list:
    """A plain sheet from A1 (text as text, never a formula; ints as numbers), the first row frozen. XlsxWriter
    lays out the sheet; its cells are written by ``_write_sheet`` once the workbook is closed: a consolidation's
    ByUnit grid (1,277 rows x 300 wards) took XlsxWriter seconds, cell by cell."""
    if freeze:
        sheet.ws.freeze_panes(1, 0)
    for j, w in enumerate(widths):
        _width(sheet.ws, j, w)
    return rows


def _letters(count: int) -> list[str]:
    out = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        out.append(name)
    return out


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\ufffe", "").replace("\uffff", "")  # not characters XML may hold


_NUMBER_CELL = '<c r="{}{}"><v>{}</v></c>'.format


def _row_xml(i: int, values, letters: list[str]) -> str:
    values = values if isinstance(values, (list, tuple)) else list(values)
    start = 0
    while start < len(values) and type(values[start]) is not int:  # the row's leading texts (a grid's key)
        start += 1
    if start < len(values) and set(map(type, values[start:])) == {int}:
        # then only plain ints (a ByUnit row, 300 wards wide): their cells made by C built-ins, not one by one
        numbers = "".join(map(_NUMBER_CELL, letters[start:len(values)], repeat(i), values[start:]))
        return f'<row r="{i}">{_cells_xml(i, values[:start], letters)}{numbers}</row>'
    return f'<row r="{i}">{_cells_xml(i, values, letters)}</row>'


def _cells_xml(i: int, values, letters: list[str]) -> str:
    cells = []
    for j, v in enumerate(values):
        if type(v) is int:  # the usual cell first: a ByUnit grid of 300 wards is 383,100 of them
            cells.append(f'<c r="{letters[j]}{i}"><v>{v}</v></c>')
        elif isinstance(v, int) and not isinstance(v, bool):
            cells.append(f'<c r="{letters[j]}{i}"><v>{int(v)}</v></c>')
        else:
            text = safe_text("" if v is None else str(v))
            if text:
                cells.append(f'<c r="{letters[j]}{i}" t="inlineStr"><is><t xml:space="preserve">'
                             f'{_xml_text(text)}</t></is></c>')
    return "".join(cells)


def _write_sheet(out, info, xml: bytes, rows) -> None:
    """The sheet XlsxWriter laid out (``xml``, its ``<sheetData/>`` empty) into the zip ``out``, with ``rows``
    as its cells: numbers as numbers, text as inline text (a string cell, never a formula, whatever it starts
    with), empty cells left out. Streamed a few hundred rows at a time: a 300-ward ByUnit grid is never one
    string in memory."""
    import zipfile

    rows = rows if isinstance(rows, (list, tuple)) else list(rows)
    width = max((len(r) for r in rows), default=1) or 1
    letters = _letters(width)
    head, tail = xml.decode("utf-8").split("<sheetData/>", 1)  # ValueError if XlsxWriter wrote cells there
    head = head.replace('<dimension ref="A1"/>', f'<dimension ref="A1:{letters[-1]}{max(1, len(rows))}"/>', 1)
    target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    target.compress_type = zipfile.ZIP_DEFLATED
    with out.open(target, "w") as sheet:
        sheet.write(head.encode("utf-8") + b"<sheetData>")
        chunk = []
        for i, values in enumerate(rows, start=1):
            chunk.append(_row_xml(i, values, letters))
            if len(chunk) == 200:
                sheet.write("".join(chunk).encode("utf-8", "replace"))
                chunk.clear()
        sheet.write(("".join(chunk) + "</sheetData>" + tail).encode("utf-8", "replace"))


def write_return_workbook(path: Path, cells, meta: dict, *, office_name: str = "", note: str | None = None,
                          extra_sheets=(), agency: str = "", coverage: dict | None = None) -> Path:
    """Write the workbook to ``path``. ``cells`` are 6-tuples in catalogue order; ``meta`` has every META_KEY.
    ``extra_sheets`` are ``(title, rows)`` appended after ``Meta`` (text cells as text, ints as numbers)."""
    import io
    import zipfile

    from xlsxwriter import Workbook  # imported by the commands that write a return only

    cells = [GridCell.of(c).as_row() for c in cells]
    # Text is only ever written as text: no string becomes a formula, a number or a link whatever it holds.
    buffer = io.BytesIO()
    wb = Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False})
    form = _Sheet(wb, wb.add_worksheet(FORM_SHEET))
    write_form(form, cells, meta, office_name=office_name, note=note, agency=agency, coverage=coverage)
    plain = {}  # sheet file -> its rows, filled in below
    plain["xl/worksheets/sheet2.xml"] = _table(
        _Sheet(wb, wb.add_worksheet("Data")), [DATA_HEADER, *((c[0], c[1], c[2], c[3], int(c[4]), int(c[5]))
                                                              for c in cells)], widths=(24, 16, 6, 8, 14, 14))
    plain["xl/worksheets/sheet3.xml"] = _table(
        _Sheet(wb, wb.add_worksheet("Meta")),
        [("key", "value"), *((k, "" if meta.get(k) is None else str(meta[k])) for k in META_KEYS)],
        widths=(18, 70), freeze=False)
    for n, (title, rows) in enumerate(extra_sheets, start=4):
        plain[f"xl/worksheets/sheet{n}.xml"] = _table(_Sheet(wb, wb.add_worksheet(title)), rows)
    wb.close()
    with zipfile.ZipFile(buffer) as packed, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in packed.infolist():
            if info.filename in plain:
                _write_sheet(out, info, packed.read(info), plain[info.filename])
            else:
                out.writestr(info, packed.read(info))
    return path
