"""Make resources/forms/bieu-01-ket-qua-pcmd.xlsx, the example province form (run from the repository root).

The layout is the statistical table a province's call letter attaches to the 6-month and annual report (BRIEF
§1-§2, §5: support turns S02-S09, referrals S11, establishments E01-E03, peer groups P01-P02, communication C02),
with "this period" and "year to date" columns. Cells hold ``{{INDICATOR:CATEGORY:SEX:AGE:value|ytd}}``
placeholders; one row is an Excel SUM formula, as provinces' forms often have, which filling leaves alone.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

OUT = Path("resources/forms/bieu-01-ket-qua-pcmd.xlsx")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

ROWS = (
    # (STT, label, unit, pattern or None for a group heading, with women column)
    ("I", "TUYÊN TRUYỀN, PHỔ BIẾN PHÁP LUẬT", "", None, False),
    ("1", "Số buổi truyền thông nhóm", "buổi", "SESSIONS:*:*:*", False),
    ("2", "Số lượt người được tuyên truyền (C02)", "lượt người", "SESSION_PARTICIPANTS:*:*:*", True),
    ("3", "Số tài liệu truyền thông được phát (C04)", "bản", "COMMODITIES:MATERIALS:*:*", False),
    ("II", "TIẾP CẬN, HỖ TRỢ NGƯỜI BÁN DÂM", "", None, False),
    ("4", "Số người được tiếp cận (S01)", "người", "REACH:*:*:*", True),
    ("5", "Trong đó: tiếp cận lần đầu", "người", "REACH_NEW:*:*:*", True),
    ("6", "Số lượt tiếp cận", "lượt", "CONTACTS:*:*:*", False),
    ("7", "Số người được hỗ trợ giáo dục (S02)", "người", "RECEIVED:EDUCATION:*:*", True),
    ("8", "Số người được hỗ trợ học nghề (S03)", "người", "RECEIVED:VOCATIONAL:*:*", True),
    ("9", "Số người được giới thiệu, tạo việc làm (S04)", "người", "RECEIVED:JOB:*:*", True),
    ("10", "Số người được tư vấn, trợ giúp pháp lý (S05)", "người", "RECEIVED:LEGAL:*:*", True),
    ("11", "Số người được tư vấn tâm lý (S06)", "người", "RECEIVED:PSYCH:*:*", True),
    ("12", "Cộng hỗ trợ xã hội (7 đến 11)", "người", "SUM", True),
    ("13", "Số người được chuyển gửi xét nghiệm HIV (S11)", "người", "REFERRED:HIV_TEST:*:*", True),
    ("14", "Số người được chuyển gửi PrEP (S11)", "người", "REFERRED:PREP:*:*", True),
    ("15", "Số người được chuyển gửi khám, điều trị STI (S11)", "người", "REFERRED:STI:*:*", True),
    ("16", "Số người được giải ngân vốn vay (S09)", "người", "LOAN_DISBURSED:*:*:*", True),
    ("17", "Số tiền vay được giải ngân (S09)", "đồng", "LOAN_AMOUNT:*:*:*", False),
    ("III", "MÔ HÌNH TẠI CƠ SỞ KINH DOANH DỊCH VỤ", "", None, False),
    ("18", "Số cơ sở kinh doanh dịch vụ trên địa bàn cuối kỳ (E01)", "cơ sở", "EST_LISTED_END:*:*:*", False),
    ("19", "Số chủ cơ sở được tập huấn (E02)", "người", "EST_OWNERS_TRAINED:*:*:*", False),
    ("20", "Số người lao động được tập huấn (E02)", "người", "EST_WORKERS_TRAINED:*:*:*", True),
    ("21", "Số cơ sở ký cam kết với UBND cấp xã (E03)", "cơ sở", "EST_COMMITMENTS:*:*:*", False),
    ("IV", "NHÓM ĐỒNG ĐẲNG, TỰ LỰC", "", None, False),
    ("22", "Số nhóm duy trì hoạt động cuối kỳ (P01)", "nhóm", "PEER_GROUPS_END:*:*:*", False),
    ("23", "Số thành viên nhóm cuối kỳ (P02)", "người", "PEER_MEMBERS_END:*:*:*", True),
    ("24", "Số buổi sinh hoạt nhóm", "buổi", "PEER_MEETINGS:*:*:*", False),
)


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    for col, width in zip("ABCDEFGH", (6, 52, 11, 12, 12, 12, 12, 16)):
        ws.column_dimensions[col].width = width
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=12)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells("A1:C1")
    ws["A1"] = "Đơn vị báo cáo: {{unit_name}} (mã {{unit_code}})"
    ws.merge_cells("E1:H1")
    ws["E1"] = "Biểu số 01/PCMD-XP"
    ws.merge_cells("A2:C2")
    ws["A2"] = "Đơn vị nhận báo cáo: Sở Y tế {{office_name}}"
    ws.merge_cells("A4:H4")
    ws["A4"] = "KẾT QUẢ THỰC HIỆN CÔNG TÁC PHÒNG, CHỐNG MẠI DÂM"
    ws.merge_cells("A5:H5")
    ws["A5"] = "Kỳ báo cáo: {{period}} (từ {{period_start}} đến {{period_end}})"
    for ref in ("A1", "A2", "E1", "A5"):
        ws[ref].font = plain
    ws["A4"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A4"].alignment = ws["A5"].alignment = center
    header = 7
    ws.merge_cells(f"A{header}:A{header + 1}")
    ws.merge_cells(f"B{header}:B{header + 1}")
    ws.merge_cells(f"C{header}:C{header + 1}")
    ws.merge_cells(f"D{header}:E{header}")
    ws.merge_cells(f"F{header}:G{header}")
    ws.merge_cells(f"H{header}:H{header + 1}")
    heads = {"A": "STT", "B": "Chỉ tiêu", "C": "Đơn vị tính", "D": "Thực hiện trong kỳ", "F": "Lũy kế từ đầu năm",
             "H": "Ghi chú"}
    for col, text in heads.items():
        ws[f"{col}{header}"] = text
    for col, text in zip("DEFG", ("Tổng số", "Trong đó nữ", "Tổng số", "Trong đó nữ")):
        ws[f"{col}{header + 1}"] = text
    fill = PatternFill("solid", fgColor="D9E1F2")
    for row in (header, header + 1):
        for col in "ABCDEFGH":
            cell = ws[f"{col}{row}"]
            cell.font, cell.alignment, cell.border, cell.fill = bold, center, BOX, fill
    ws.row_dimensions[header].height = ws.row_dimensions[header + 1].height = 32
    row = header + 2
    first_support = None
    for stt, label, unit, pattern, women in ROWS:
        ws[f"A{row}"], ws[f"B{row}"], ws[f"C{row}"] = stt, label, unit
        if pattern == "SUM":
            for col in "DEFG":
                if col in "EG" and not women:
                    continue
                ws[f"{col}{row}"] = f"=SUM({col}{first_support}:{col}{row - 1})"
        elif pattern:
            if label.startswith("Số người được hỗ trợ giáo dục"):
                first_support = row
            ind, cat, _s, age = pattern.split(":")
            ws[f"D{row}"] = f"{{{{{pattern}:value}}}}"
            ws[f"F{row}"] = f"{{{{{pattern}:ytd}}}}"
            if women:
                ws[f"E{row}"] = f"{{{{{ind}:{cat}:F:{age}:value}}}}"
                ws[f"G{row}"] = f"{{{{{ind}:{cat}:F:{age}:ytd}}}}"
        for col in "ABCDEFGH":
            cell = ws[f"{col}{row}"]
            cell.border = BOX
            cell.font = bold if pattern is None else plain
            if col in "DEFG":
                cell.number_format = "#,##0"
                cell.alignment = Alignment(horizontal="right", vertical="center")
            elif col in "AC":
                cell.alignment = center
            else:
                cell.alignment = Alignment(vertical="center", wrap_text=True)
        row += 1
    row += 1
    ws[f"B{row}"] = "Người lập biểu"
    ws.merge_cells(f"E{row}:H{row}")
    ws[f"E{row}"] = "{{unit_name}}, ngày ... tháng ... năm {{year}}"
    ws[f"B{row + 1}"] = "(Ký, ghi rõ họ tên)"
    ws.merge_cells(f"E{row + 1}:H{row + 1}")
    ws[f"E{row + 1}"] = "THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu)"
    for ref in (f"B{row}", f"E{row}", f"B{row + 1}", f"E{row + 1}"):
        ws[ref].font = plain
        ws[ref].alignment = center
    ws.print_title_rows = f"{header}:{header + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
