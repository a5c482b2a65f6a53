"""The written workbook: sheets in order, Data and Meta exactly per §3, a printable form without formulas."""

import datetime as dt

from openpyxl import load_workbook

from ward_desk.export.return_workbook import DATA_HEADER, META_KEYS
from ward_desk.models import Client, Contact
from ward_desk.services import indicators, returns


def test_layout(ward_db, tmp_path):
    c = Client.create(client_code="C1", sex="F", birth_year=2009, group="SW")
    Contact.create(ref="k1", client=c, date=dt.date(2026, 10, 3), channel="DIRECT")
    result = returns.export_return("2026-10", basis="calendar", out=tmp_path, prepared_by="Nguyễn Thị Lan",
                                   version=1)  # version 1's layout (version 2's: test_wdr1_v2)
    wb = load_workbook(result.path)
    assert wb.sheetnames == ["Báo cáo", "Data", "Meta"]
    data = list(wb["Data"].iter_rows(values_only=True))
    assert data[0] == DATA_HEADER
    assert [r[:4] for r in data[1:]] == list(indicators.GRID_KEYS)
    assert all(isinstance(r[4], int) and isinstance(r[5], int) for r in data[1:])
    meta = {k: v for k, v in wb["Meta"].iter_rows(min_row=2, values_only=True)}
    assert tuple(meta) == META_KEYS
    assert meta["template"] == "WDR" and meta["template_version"] == "1" and meta["unit_code"] == "00070"
    assert (meta["period_start"], meta["period_end"], meta["submission_no"]) == ("2026-10-01", "2026-10-31", "1")
    assert dt.datetime.fromisoformat(meta["generated_at"]).tzinfo is not None
    assert meta["content_sha256"] == indicators.content_sha256(data[1:]) == result.content_sha256
    assert meta["prepared_by"] == "Nguyễn Thị Lan"
    form = wb["Báo cáo"]
    # portrait fitted to the width: about twice the rows of a landscape page on each page (issue 16 point 9)
    assert form.page_setup.orientation == "portrait" and int(form.page_setup.paperSize) == 9  # A4
    # one page wide: fitToWidth 1 is the file format's default (ECMA-376), which XlsxWriter leaves unwritten
    assert form.sheet_properties.pageSetUpPr.fitToPage and form.page_setup.fitToWidth in (1, None)
    assert form.page_setup.fitToHeight == 0
    assert form.print_title_rows and form.freeze_panes
    texts = [v for row in form.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    joined = "\n".join(texts)
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đơn vị báo cáo",
                  "Đơn vị nhận báo cáo", "Kỳ báo cáo", "Kỳ này", "Lũy kế", "Người lập biểu", "Thủ trưởng đơn vị",
                  "People reached"):
        assert words in joined, words
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_failed_self_check_writes_nothing(ward_db, tmp_path, monkeypatch):
    from ward_desk.errors import ValidationFailed
    from ward_desk.export import return_workbook

    real = return_workbook.write_return_workbook

    def broken(path, cells, meta, **kw):
        cells = [list(c) for c in cells]
        cells[0][4] = 5  # REACH above its own year to date: the check refuses it
        return real(path, cells, meta, **kw)

    monkeypatch.setattr(return_workbook, "write_return_workbook", broken)
    try:
        returns.export_return("2026-10", out=tmp_path / "out.xlsx")
        raise AssertionError("export should have failed")
    except ValidationFailed as exc:
        assert any(p.code == "return.value_gt_ytd" for p in exc.problems)
    assert not (tmp_path / "out.xlsx").exists() and not list(tmp_path.glob(".out*"))
    assert returns.export_history() == []


def test_the_printed_form_keeps_each_heading_with_its_table(ward_db, tmp_path):
    """No section or indicator heading alone at a page's foot, no indicator's table split (issue 16 point 9):
    the form's row breaks fall before a block, and each page, counted with the rows' heights, fits one page."""
    from ward_desk.export.return_workbook import keep_together, page_capacity

    c = Client.create(client_code="C1", sex="F", birth_year=2009, group="SW")
    Contact.create(ref="k1", client=c, date=dt.date(2026, 10, 3), channel="DIRECT")
    form = load_workbook(returns.export_return("2026-10", basis="calendar", out=tmp_path).path)["Báo cáo"]
    breaks = [b.id for b in form.row_breaks.brk]
    assert len(breaks) >= 2
    heads = form.print_title_rows  # "$11:$12"
    first_head, last_head = (int(part.strip("$")) for part in heads.split(":"))
    titles = sum(form.row_dimensions[r].height or 15 for r in (first_head, last_head))
    starts = {r for r in range(last_head + 1, form.max_row + 1)  # a section heading, or an indicator's first row
              if form[f"A{r}"].value and form[f"A{r}"].font.b}
    sections = {r for r in starts if form[f"A{r}"].fill.fgColor.rgb.endswith("F2F2F2")}
    for after in breaks:
        assert after + 1 in starts or form[f"A{after + 1}"].value is None or "Số người" in str(
            form[f"A{after + 1}"].value) or after + 1 > max(starts)  # a block, or the signatures
        assert after not in sections  # never a section heading alone at the foot
        assert form[f"B{after + 1}"].value is None or after + 1 in starts  # never inside an indicator's table
    edges = [0] + breaks + [form.max_row]
    capacity = page_capacity()
    for page, (top, bottom) in enumerate(zip(edges, edges[1:])):
        used = sum(form.row_dimensions[r].height or 15 for r in range(top + 1, bottom + 1))
        assert used + (titles if page else 0) <= capacity, (page, used)
    assert keep_together({1: 15.0, 2: 500.0, 3: 500.0}, [(2, 2), (3, 3)], 30.0, 800.0) == [2]
