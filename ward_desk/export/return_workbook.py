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

from ward_desk.export.cells import set_text_cell

META_KEYS = ("template", "template_version", "unit_code", "unit_name", "office_code", "period", "period_basis",
             "period_start", "period_end", "submission_no", "generated_at", "app_version", "prepared_by",
             "content_sha256")
DATA_HEADER = ("indicator", "category", "sex", "age", "value", "ytd")
FORM_SHEET = "Báo cáo"

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")

GROUPS = (
    ("Tiếp cận cộng đồng", "Outreach", ("REACH", "REACH_NEW", "CONTACTS", "COMMODITIES")),
    ("Truyền thông nhóm", "Group sessions", ("SESSIONS", "SESSION_PARTICIPANTS")),
    ("Chuyển gửi dịch vụ", "Service referrals", ("REFERRED", "RECEIVED")),
    ("Hỗ trợ vay vốn", "Loans", ("LOAN_REFERRED", "LOAN_APPROVED", "LOAN_DISBURSED", "LOAN_AMOUNT",
                                 "LOAN_REJECTED", "LOAN_ACTIVE_END")),
    ("Cơ sở kinh doanh dịch vụ", "Service establishments", ("EST_LISTED_END", "EST_COMMITMENTS",
                                                            "EST_OWNERS_TRAINED", "EST_WORKERS_TRAINED")),
    ("Nhóm đồng đẳng, tự lực", "Peer and self-help groups", ("PEER_GROUPS_END", "PEER_MEMBERS_END",
                                                           "PEER_MEETINGS")),
)

INDICATOR_LABELS = {
    "REACH": ("Số người được tiếp cận", "People reached"),
    "REACH_NEW": ("Số người được tiếp cận lần đầu", "People reached for the first time"),
    "CONTACTS": ("Số lượt tiếp cận theo hình thức", "Contacts by channel"),
    "COMMODITIES": ("Vật phẩm đã phát", "Commodities distributed"),
    "SESSIONS": ("Số buổi truyền thông nhóm", "Group sessions"),
    "SESSION_PARTICIPANTS": ("Số người dự truyền thông nhóm", "Session participants"),
    "REFERRED": ("Số người được chuyển gửi dịch vụ", "People referred to services"),
    "RECEIVED": ("Số người đã nhận dịch vụ", "People who received services"),
    "LOAN_REFERRED": ("Số người được giới thiệu vay vốn", "People referred for loans"),
    "LOAN_APPROVED": ("Số người được duyệt vay", "People with loans approved"),
    "LOAN_DISBURSED": ("Số người được giải ngân", "People with loans disbursed"),
    "LOAN_AMOUNT": ("Số tiền giải ngân (VNĐ)", "Amount disbursed (VND)"),
    "LOAN_REJECTED": ("Số khoản vay bị từ chối", "Loans rejected"),
    "LOAN_ACTIVE_END": ("Số khoản vay còn dư nợ cuối kỳ", "Loans active at period end"),
    "EST_LISTED_END": ("Số cơ sở kinh doanh dịch vụ cuối kỳ", "Establishments listed at period end"),
    "EST_COMMITMENTS": ("Số cơ sở ký cam kết", "Establishments signing commitments"),
    "EST_OWNERS_TRAINED": ("Số chủ cơ sở được tập huấn", "Establishment owners trained"),
    "EST_WORKERS_TRAINED": ("Số người lao động được tập huấn", "Establishment workers trained"),
    "PEER_GROUPS_END": ("Số nhóm đồng đẳng, tự lực cuối kỳ", "Peer and self-help groups at period end"),
    "PEER_MEMBERS_END": ("Số thành viên nhóm cuối kỳ", "Group members at period end"),
    "PEER_MEETINGS": ("Số buổi sinh hoạt nhóm", "Group meetings"),
}
CATEGORY_LABELS = {
    "*": ("Tổng số", "All"),
    "DIRECT": ("Trực tiếp", "Direct"), "ESTABLISHMENT": ("Tại cơ sở kinh doanh", "At an establishment"),
    "ONLINE": ("Trực tuyến", "Online"), "PHONE": ("Điện thoại", "Phone"),
    "PEER_MEETING": ("Sinh hoạt nhóm", "Peer meeting"), "CONDOMS": ("Bao cao su", "Condoms"),
    "LUBRICANTS": ("Chất bôi trơn", "Lubricants"), "MATERIALS": ("Tài liệu truyền thông", "IEC materials"),
    "SW": ("Người bán dâm", "Sex workers"), "EST_OWNER": ("Chủ cơ sở", "Establishment owners"),
    "EST_WORKER": ("Người lao động tại cơ sở", "Establishment workers"), "YOUTH": ("Thanh thiếu niên", "Youth"),
    "MIGRANT": ("Người di cư", "Migrants"), "COMMUNITY": ("Cộng đồng", "Community"),
    "HIV_TEST": ("Xét nghiệm HIV", "HIV test"), "PREP": ("PrEP", "PrEP"), "PEP": ("PEP", "PEP"),
    "ARV": ("Điều trị ARV", "ARV treatment"), "STI": ("Bệnh lây truyền qua đường tình dục", "STI"),
    "HEPATITIS": ("Viêm gan", "Hepatitis"), "TB": ("Lao", "Tuberculosis"),
    "SRH": ("Sức khỏe sinh sản", "Sexual and reproductive health"), "HEALTH_OTHER": ("Y tế khác", "Other health"),
    "LEGAL": ("Tư vấn, trợ giúp pháp lý", "Legal aid"), "PSYCH": ("Tư vấn tâm lý", "Psychological counselling"),
    "GBV": ("Hỗ trợ bạo lực giới", "Gender-based violence support"), "VOCATIONAL": ("Học nghề", "Vocational training"),
    "JOB": ("Việc làm", "Jobs"), "EDUCATION": ("Giáo dục văn hóa", "Education"),
    "SOCIAL": ("Trợ giúp xã hội", "Social assistance"), "POOR": ("Hộ nghèo", "Poor households"),
    "NEAR_POOR": ("Hộ cận nghèo", "Near-poor households"), "ESCAPED": ("Hộ mới thoát nghèo", "Newly out of poverty"),
    "OTHER": ("Khác", "Other"), "KARAOKE": ("Karaoke", "Karaoke"), "MASSAGE": ("Xoa bóp", "Massage"),
    "HOTEL": ("Khách sạn, nhà nghỉ", "Hotels, guest houses"), "BAR": ("Quán bar, vũ trường", "Bars, clubs"),
    "CAFE": ("Cà phê", "Cafés"), "PEER": ("Nhóm đồng đẳng", "Peer groups"), "SELF_HELP": ("Nhóm tự lực", "Self-help"),
    "CLUB": ("Câu lạc bộ", "Clubs"),
}


def indicator_label(code: str) -> tuple[str, str]:
    return INDICATOR_LABELS.get(code, (code, code))


def category_label(code: str) -> tuple[str, str]:
    return CATEGORY_LABELS.get(code, (code, code))


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


def write_form(ws, cells, meta: dict, *, office_name: str = "", note: str | None = None) -> None:
    """The human form: heading, units, period, one table per indicator group, signatures."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    widths = (44, 30, 12, 12, 12, 12, 12, 12)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    ws.merge_cells("A1:C1")
    _text(ws, "A1", f"{meta.get('unit_name', '')}", bold=True, align="center")
    ws.merge_cells("D1:H1")
    _text(ws, "D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center")
    ws.merge_cells("D2:H2")
    _text(ws, "D2", "Độc lập - Tự do - Hạnh phúc", bold=True, align="center")
    ws.merge_cells("A4:H4")
    _text(ws, "A4", "BÁO CÁO KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG MẠI DÂM (WDR-1)", bold=True, size=14, align="center")
    ws.merge_cells("A5:H5")
    _text(ws, "A5", "Ward return on outreach, referrals and loans (WDR-1)", italic=True, align="center")
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
        ws.row_dimensions[row].height = 30
        row += 1
    row += 1

    header_top = row
    # Two header rows, repeated on every printed page: the column groups, then the breakdowns.
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
    ws.print_title_rows = f"{header_top}:{header_top + 1}"
    ws.freeze_panes = f"C{header_top + 2}"
    row += 2

    table = _summary(cells)
    for vi, en, indicators in GROUPS:
        ws.merge_cells(f"A{row}:H{row}")
        _text(ws, f"A{row}", f"{vi} / {en}", bold=True, fill=_GROUP_FILL, border=True)
        row += 1
        for indicator in indicators:
            ivi, ien = indicator_label(indicator)
            rows = table.get(indicator, [])
            has_sex, has_age = _dims(cells, indicator)
            first = row
            for category, numbers in rows:
                _text(ws, f"A{row}", f"{ivi}\n{ien}" if row == first else "", border=True,
                      bold=row == first)
                cvi, cen = category_label(category)
                _text(ws, f"B{row}", cvi if cvi == cen else f"{cvi}\n{cen}", border=True)
                for j, n in enumerate(numbers):
                    col = get_column_letter(3 + j)
                    blank = (j % 3 == 1 and not has_sex) or (j % 3 == 2 and not has_age)
                    if blank:
                        _text(ws, f"{col}{row}", "", border=True)
                    else:
                        _number(ws, f"{col}{row}", n)
                ws.row_dimensions[row].height = 28 if (row == first or cvi != cen) else 15
                row += 1
    row += 1
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


def _dims(cells, indicator):
    sex = any(c[0] == indicator and c[2] != "*" for c in cells)
    age = any(c[0] == indicator and c[3] != "*" for c in cells)
    return sex, age


def _summary(cells) -> dict[str, list[tuple[str, list[int]]]]:
    table: dict[str, dict[str, list[int]]] = {}
    for indicator, category, sex, age, value, ytd in cells:
        numbers = table.setdefault(indicator, {}).setdefault(category, [0] * 6)
        numbers[0] += value
        numbers[3] += ytd
        if sex == "F":
            numbers[1] += value
            numbers[4] += ytd
        if age in ("U16", "16-17"):
            numbers[2] += value
            numbers[5] += ytd
    return {k: list(v.items()) for k, v in table.items()}


def write_return_workbook(path: Path, cells, meta: dict, *, office_name: str = "", note: str | None = None,
                          extra_sheets=()) -> Path:
    """Write the workbook to ``path``. ``cells`` are 6-tuples in catalogue order; ``meta`` has every META_KEY.
    ``extra_sheets`` are ``(title, rows)`` appended after ``Meta`` (text cells as text, ints as numbers)."""
    cells = [tuple(c) for c in cells]
    wb = Workbook()
    form = wb.active
    form.title = FORM_SHEET
    write_form(form, cells, meta, office_name=office_name, note=note)

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
