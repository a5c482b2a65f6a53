"""Export layer: write a WDR-1 return workbook (RETURN-v1 §3): ``Báo cáo`` (printable), ``Data``, ``Meta``. No Qt.

Every cell is a value, never a formula; every text cell goes through ``set_text_cell``. Consolidated returns
add ``Completeness`` and ``ByUnit`` (§5) through ``extra_sheets``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ward_desk.export.cells import set_text_cell
from ward_desk.spec.catalogue import Catalogue, GridCell, wdr1

_LAYOUT = wdr1().layout
META_KEYS = _LAYOUT.meta_keys  # the standard file's list (RETURN-v1 §3), named here for the writers' callers
DATA_HEADER = _LAYOUT.data_header
FORM_SHEET = _LAYOUT.form_sheet

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


@lru_cache(maxsize=None)
def _font(bold: bool, italic: bool, size: int) -> Font:
    """Style objects are shared: building one per cell made the form several times slower to write."""
    return Font(bold=bold, italic=italic, size=size, color="555555" if italic else None)


@lru_cache(maxsize=None)
def _alignment(align, wrap: bool) -> Alignment:
    return Alignment(horizontal=align, vertical="center", wrap_text=wrap)


def _text(ws, ref, value, *, bold=False, italic=False, size=None, align=None, fill=None, border=False, wrap=True):
    cell = ws[ref]
    set_text_cell(cell, value)
    cell.font = _font(bold, italic, size or 10)
    cell.alignment = _alignment(align, wrap)
    if fill:
        cell.fill = fill
    if border:
        cell.border = _BOX
    return cell


def _number(ws, ref, value, fill=None):
    cell = ws[ref]
    cell.value = int(value)
    cell.number_format = "#,##0"
    cell.border = _BOX
    cell.alignment = _alignment(None, False)
    if fill:
        cell.fill = fill


def _date_vn(iso: str) -> str:
    text = str(iso or "")
    return f"{text[8:10]}/{text[5:7]}/{text[:4]}" if len(text) >= 10 else text


# The printed form: A4 portrait, fitted to the page's width (the figures' columns narrow enough that the text
# stays readable), so about twice the rows of a landscape page go on each page.
_WIDTHS = (44, 30, 9, 9, 9, 9, 9, 9)
_PAGE = (8.27, 11.69)  # A4 in inches
_MARGINS = (0.4, 0.5)  # left/right, top/bottom, in inches
_FILL_PAGE = 0.92  # of a page's height filled before a break: the programs' own measure of a row may differ


def _page_setup(ws) -> None:
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = _MARGINS[0]
    ws.page_margins.top = ws.page_margins.bottom = _MARGINS[1]
    for i, w in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


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


def _heading(ws, meta: dict, office_name: str, note: str | None, catalogue: Catalogue, agency: str = "") -> int:
    """National heading (``agency``: the reporting agency, default the unit's name), title and the return's
    particulars; returns the first free row."""
    ws.merge_cells("A1:C1")
    _text(ws, "A1", agency or f"{meta.get('unit_name', '')}", bold=True, align="center")
    ws.merge_cells("D1:H1")
    _text(ws, "D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center")
    ws.merge_cells("D2:H2")
    _text(ws, "D2", "Độc lập - Tự do - Hạnh phúc", bold=True, align="center")
    ws.merge_cells("A4:H4")
    _text(ws, "A4", catalogue.title[0], bold=True, size=14, align="center")
    ws.merge_cells("A5:H5")
    _text(ws, "A5", catalogue.title[1], italic=True, align="center")
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
        ws.merge_cells(f"B{row}:H{row}")
        _text(ws, f"B{row}", value)
        row += 1
    if note:
        ws.merge_cells(f"A{row}:H{row}")
        _text(ws, f"A{row}", note, italic=True)
        lines = sum(1 + len(part) // 160 for part in note.split("\n"))  # a long list of wards wraps: all shown
        ws.row_dimensions[row].height = max(30, 14 * lines)
        row += 1
    return row + 1


def _column_heads(ws, row: int) -> int:
    """Two header rows, repeated on every printed page: the column groups, then the breakdowns."""
    ws.merge_cells(f"A{row}:A{row + 1}")
    ws.merge_cells(f"B{row}:B{row + 1}")
    ws.merge_cells(f"C{row}:E{row}")
    ws.merge_cells(f"F{row}:H{row}")
    for ref, label in ((f"A{row}", "Chỉ tiêu\nIndicator"), (f"B{row}", "Phân loại\nCategory"),
                       (f"C{row}", "Kỳ này\nThis period"), (f"F{row}", "Lũy kế\nYear to date")):
        _text(ws, ref, label, bold=True, align="center", fill=_HEAD_FILL, border=True)
    for col in "CDEFGH":
        ws[f"{col}{row}"].border = _BOX
        ws[f"{col}{row}"].fill = _HEAD_FILL
    subheads = ("Tổng\nTotal", "Nữ\nFemale", "Dưới 18\nUnder 18")
    for i, col in enumerate("CDEFGH"):
        _text(ws, f"{col}{row + 1}", subheads[i % 3], bold=True, align="center", fill=_HEAD_FILL, border=True)
    for col in "AB":
        ws[f"{col}{row + 1}"].border = _BOX
        ws[f"{col}{row + 1}"].fill = _HEAD_FILL
    ws.row_dimensions[row].height = 30
    ws.row_dimensions[row + 1].height = 30
    ws.print_title_rows = f"{row}:{row + 1}"
    ws.freeze_panes = f"C{row + 2}"
    return row + 2


def _indicator_rows(ws, row: int, catalogue: Catalogue, code: str, rows, breakdown: tuple[bool, bool]) -> int:
    """One indicator's lines: its name on the first, one line per category with this period and year to date."""
    indicator = catalogue.indicator(code)
    has_sex, has_age = breakdown
    first = row
    for category, numbers in rows:
        _text(ws, f"A{row}", f"{indicator.vi}\n{indicator.en}" if row == first else "", border=True,
              bold=row == first)
        cvi, cen = catalogue.category_label(code, category, "vi"), catalogue.category_label(code, category, "en")
        _text(ws, f"B{row}", cvi if cvi == cen else f"{cvi}\n{cen}", border=True)
        for j, n in enumerate(numbers):
            col = get_column_letter(3 + j)
            if (j % 3 == 1 and not has_sex) or (j % 3 == 2 and not has_age):
                _text(ws, f"{col}{row}", "", border=True)
            else:
                _number(ws, f"{col}{row}", n)
        ws.row_dimensions[row].height = 28 if (row == first or cvi != cen) else 15
        row += 1
    return row


def _signatures(ws, row: int, meta: dict) -> int:
    ws.merge_cells(f"A{row}:H{row}")
    _text(ws, f"A{row}", "Số người (tiếp cận, chuyển gửi, vay vốn, thành viên) là số người khác nhau trong cả kỳ; "
          "cột Dưới 18 gồm U16 và 16-17. / People are counted once over the whole period; under 18 = U16 + 16-17.",
          italic=True)
    ws.row_dimensions[row].height = 28
    row += 2
    _text(ws, f"A{row}", "Người lập biểu\nPrepared by", bold=True, align="center")
    ws.merge_cells(f"E{row}:H{row}")
    _text(ws, f"E{row}", "Thủ trưởng đơn vị\nHead of unit", bold=True, align="center")
    ws.row_dimensions[row].height = 30
    row += 1
    _text(ws, f"A{row}", "(Ký, ghi rõ họ tên / signature, full name)", italic=True, align="center")
    ws.merge_cells(f"E{row}:H{row}")
    _text(ws, f"E{row}", "(Ký, đóng dấu / signature, seal)", italic=True, align="center")
    row += 4
    _text(ws, f"A{row}", str(meta.get("prepared_by") or ""), bold=True, align="center")
    return row


def write_form(ws, cells, meta: dict, *, office_name: str = "", note: str | None = None,
               catalogue: Catalogue | None = None, agency: str = "") -> None:
    """The human form: heading, units, period, one table per section of the catalogue, signatures."""
    catalogue = catalogue or wdr1()
    _page_setup(ws)
    row = _column_heads(ws, _heading(ws, meta, office_name, note, catalogue, agency))
    titles = row - 2  # the two column-heading rows, repeated on every page
    table = catalogue.form_table(cells)
    breakdowns = catalogue.form_breakdowns(cells)
    blocks = []  # what must not be split over two pages
    for section in catalogue.sections:
        ws.merge_cells(f"A{row}:H{row}")
        _text(ws, f"A{row}", f"{section.vi} / {section.en}", bold=True, fill=_GROUP_FILL, border=True)
        heading = row
        row += 1
        for code in section.indicators:
            start = row
            row = _indicator_rows(ws, row, catalogue, code, table.get(code, []), breakdowns.get(code, (False, False)))
            blocks.append((heading if heading is not None else start, row - 1))  # the heading goes with it
            heading = None
    blocks.append((row + 1, _signatures(ws, row + 1, meta)))  # the signatures stay together too
    heights = {r: ws.row_dimensions[r].height or 15.0 for r in range(1, row + 12)}
    for after in keep_together(heights, blocks, heights[titles] + heights[titles + 1], page_capacity()):
        ws.row_breaks.append(Break(id=after))


def write_return_workbook(path: Path, cells, meta: dict, *, office_name: str = "", note: str | None = None,
                          extra_sheets=(), agency: str = "") -> Path:
    """Write the workbook to ``path``. ``cells`` are 6-tuples in catalogue order; ``meta`` has every META_KEY.
    ``extra_sheets`` are ``(title, rows)`` appended after ``Meta`` (text cells as text, ints as numbers)."""
    cells = [GridCell.of(c).as_row() for c in cells]
    wb = Workbook()
    form = wb.active
    form.title = FORM_SHEET
    write_form(form, cells, meta, office_name=office_name, note=note, agency=agency)

    data = wb.create_sheet("Data")
    for j, name in enumerate(DATA_HEADER, start=1):
        set_text_cell(data.cell(row=1, column=j), name)
    for i, c in enumerate(cells, start=2):
        for j in range(4):
            set_text_cell(data.cell(row=i, column=j + 1), c[j])
        data.cell(row=i, column=5, value=int(c[4]))
        data.cell(row=i, column=6, value=int(c[5]))
    data.freeze_panes = "A2"
    for col, w in zip("ABCDEF", (24, 16, 6, 8, 14, 14)):
        data.column_dimensions[col].width = w

    ws = wb.create_sheet("Meta")
    set_text_cell(ws.cell(row=1, column=1), "key")
    set_text_cell(ws.cell(row=1, column=2), "value")
    for i, key in enumerate(META_KEYS, start=2):
        set_text_cell(ws.cell(row=i, column=1), key)
        set_text_cell(ws.cell(row=i, column=2), "" if meta.get(key) is None else str(meta[key]))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70

    for title, rows in extra_sheets:
        sheet = wb.create_sheet(title)
        for i, values in enumerate(rows, start=1):
            for j, v in enumerate(values, start=1):
                cell = sheet.cell(row=i, column=j)
                if isinstance(v, bool) or v is None or not isinstance(v, int):
                    set_text_cell(cell, "" if v is None else str(v))
                else:
                    cell.value = v
        sheet.freeze_panes = "A2"
    wb.save(path)
    return path
