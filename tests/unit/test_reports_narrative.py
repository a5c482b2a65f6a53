"""The 6-month and annual narrative draft: every number it states equals the return of the same period, in
figures and Vietnamese words; the WDR-1 tables appended match the grid row by row; a ward's own template."""

import pytest
from docx import Document

from tests.conftest import CONFORMANCE
from ward_desk.errors import ValidationFailed
from ward_desk.export.return_check import check_return
from ward_desk.reports import narrative, plan
from ward_desk.reports.vnnumbers import both, figures, words
from ward_desk.services import records_io, returns


@pytest.fixture
def sample_ward(ward_db):
    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    return ward_db


def _data(path):
    checked = check_return(path)
    assert checked.ok
    return {c.key: (c.value, c.ytd) for c in checked.cells}


def _sum(data, key, which):
    i = ("value", "ytd").index(which)
    return sum(v[i] for k, v in data.items() if all(p == "*" or p == q for p, q in zip(key, k)))


def _text(path):
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs), doc


def test_vietnamese_numbers_in_words_and_figures():
    assert figures(1531) == "1.531"
    assert words(1531) == "một nghìn năm trăm ba mươi mốt"
    assert words(1247) == "một nghìn hai trăm bốn mươi bảy"
    assert words(105) == "một trăm lẻ năm"
    assert words(2024) == "hai nghìn không trăm hai mươi tư"
    assert words(15) == "mười lăm" and words(21) == "hai mươi mốt" and words(0) == "không"
    assert words(2_500_000_000) == "hai tỷ năm trăm triệu"
    assert both(1531) == "1.531 (một nghìn năm trăm ba mươi mốt)"


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_every_number_of_the_draft_equals_the_return(sample_ward, tmp_path, period):
    plan.set_targets(2026, {"REACH:*:*:*": 200, "REFERRED:HIV_TEST:*:*": 40})
    data = _data(returns.export_return(period, basis="calendar", out=tmp_path).path)
    draft = narrative.write_narrative(tmp_path / "draft.docx", period, basis="calendar")
    text, doc = _text(draft.out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.tables[0].cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in doc.tables[0].cell(0, 1).text
    assert "UBND PHƯỜNG HOÀN KIẾM" in doc.tables[0].cell(0, 0).text
    assert "Kính gửi: Sở Y tế Thành phố Hà Nội" in text
    wanted = "6 tháng đầu năm 2026" if period == "2026-H1" else "năm 2026"
    assert f"Trong {wanted}, phường đã tiếp cận" in text
    order = ["I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "2. Hoạt động tiếp cận", "3. Mô hình tại cơ sở",
             "4. Nhóm đồng đẳng", "5. Hỗ trợ vay vốn", "III. ĐÁNH GIÁ CHUNG", "2. Khó khăn", "IV. PHƯƠNG HƯỚNG",
             "V. ĐỀ XUẤT, KIẾN NGHỊ", "PHỤ LỤC"]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    assert text.count("[Nêu") == 6  # the free-text sections' prompts
    assert len(draft.facts) > 30
    for fact in draft.facts:
        assert fact.number == _sum(data, fact.key, fact.which), fact
        if fact.which == "value":
            assert both(fact.number) in text, fact
    reach = _sum(data, ("REACH", "*", "*", "*"), "ytd")
    percent = f"{100 * reach / 200:.1f}".replace(".", ",")
    assert f"đạt {percent}% kế hoạch năm là 200" in text
    # the appended WDR-1 tables, row by row against the return's Data
    tables = doc.tables[2:]
    groups = narrative.table_rows(narrative.grids.from_records(period, "calendar"))
    assert len(tables) == len(groups)
    compared = 0
    from ward_desk.spec.catalogue import wdr1

    keys = [(code, c.code) for section in wdr1().sections for code in section.indicators
            for c in wdr1().indicator(code).categories]
    rows = [row for table in tables for row in table.rows[2:]]
    assert len(rows) == len(keys)
    for (code, category), row in zip(keys, rows):
        expect = []
        for which in ("value", "ytd"):
            expect += [_sum(data, (code, category, "*", "*"), which), _sum(data, (code, category, "F", "*"), which),
                       _sum(data, (code, category, "*", "U16"), which) + _sum(data, (code, category, "*", "16-17"),
                                                                               which)]
        got = [int(c.text.replace(".", "")) for c in row.cells[1:]]
        assert got == expect, (code, category)
        compared += 1
    assert compared == len(keys)


def test_the_same_period_last_year_when_the_ward_has_it(sample_ward, tmp_path):
    draft = narrative.write_narrative(tmp_path / "d.docx", "2027-H1", basis="calendar")
    text, _doc = _text(draft.out)
    assert "cùng kỳ năm trước:" in text
    last = [f for f in draft.facts if f.last_year is not None]
    assert last and any(f.last_year > 0 for f in last)
    draft = narrative.write_narrative(tmp_path / "d2.docx", "2026-H1", basis="calendar")
    assert all(f.last_year is None for f in draft.facts)  # no records in 2025: nothing to compare with


def test_a_wards_own_template(sample_ward, tmp_path):
    doc = Document()
    doc.add_paragraph("UBND {{unit_name}} — báo cáo kỳ {{period}}")
    doc.add_paragraph("Số người tiếp cận: {{REACH:*:*:*:value}}, nữ {{REACH:*:F:*:value}}.")
    doc.add_paragraph("{{section:outreach}}")
    doc.add_paragraph("{{tables}}")
    doc.add_paragraph("Nơi nhận: {{office_name}}")
    template = tmp_path / "mau.docx"
    doc.save(template)
    narrative.set_template(template)
    assert narrative.own_template() is not None
    data = _data(returns.export_return("2026-H1", basis="calendar", out=tmp_path).path)
    draft = narrative.write_narrative(tmp_path / "own.docx", "2026-H1", basis="calendar")
    assert draft.template == narrative.TEMPLATE_NAME
    text, out = _text(draft.out)
    assert "UBND Phường Hoàn Kiếm — báo cáo kỳ 2026-H1" in text
    reach = _sum(data, ("REACH", "*", "*", "*"), "value")
    women = _sum(data, ("REACH", "*", "F", "*"), "value")
    assert f"Số người tiếp cận: {figures(reach)}, nữ {figures(women)}." in text
    assert "phường đã tiếp cận " + both(reach) in text
    assert "{{" not in text and len(out.tables) == 6
    assert text.rstrip().endswith("Nơi nhận: Thành phố Hà Nội")


def test_a_bad_template_is_refused_and_nothing_changes(sample_ward, tmp_path):
    doc = Document()
    doc.add_paragraph("{{REACH:*:*:*:value}}")
    doc.add_paragraph("{{section:nonsense}} and {{unit_nam}}")
    bad = tmp_path / "bad.docx"
    doc.save(bad)
    with pytest.raises(ValidationFailed) as caught:
        narrative.set_template(bad)
    located = [p.located() for p in caught.value.problems]
    assert len(located) == 2 and all(line.startswith("bad.docx: ¶2: ") for line in located), located
    assert narrative.own_template() is None
    with pytest.raises(ValidationFailed):
        narrative.write_narrative(tmp_path / "x.docx", "2026-H1", template=bad)
    assert not (tmp_path / "x.docx").exists()


def test_last_years_numbers_are_last_years_grid(sample_ward, tmp_path):
    from ward_desk.reports import grid as grids

    draft = narrative.write_narrative(tmp_path / "d.docx", "2027", basis="calendar")
    last = grids.from_records("2026", "calendar")
    compared = [f for f in draft.facts if f.last_year is not None]
    assert compared
    for fact in compared:
        assert fact.last_year == last.sum(fact.key, fact.which), fact
    text, _doc = _text(draft.out)
    reach = last.sum(("REACH", "*", "*", "*"), "value")
    assert f"cùng kỳ năm trước: {figures(reach)}" in text


def test_an_office_drafts_from_its_consolidation(sample_ward, tmp_path):
    from ward_desk.services.consolidate import consolidate

    ward = returns.export_return("2026-H1", basis="calendar", out=tmp_path / "w").path
    cons = consolidate("01", "2026-H1", [ward], tmp_path / "cons.xlsx").out
    data = _data(cons)
    draft = narrative.write_narrative(tmp_path / "office.docx", source=cons)
    assert draft.period == "2026-H1"
    for fact in draft.facts:
        assert fact.number == _sum(data, fact.key, fact.which)
        assert fact.last_year is None
