"""Issue 17 after review: numbers never reused, conflicts clearable from the CLI, one name per file, the heading
right out of the box."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.conftest import sign_in_test_admin
from tests.wdr1_files import write_return
from ward_desk.cli import main
from ward_desk.db import close_database, open_database, opened
from ward_desk.errors import WardDeskError
from ward_desk.export.return_check import check_return
from ward_desk.services import office

WARDS = ["00070", "00004", "00008"]


@pytest.fixture
def office_db(tmp_path):
    open_database(tmp_path / "office", create=True)
    sign_in_test_admin()
    office.initialise_office("C-HOANKIEM", WARDS)
    yield tmp_path / "office"
    close_database()


def test_content_sent_earlier_takes_a_new_number_a_b_a_is_3(office_db, tmp_path):
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "ht.xlsx", "00004", office="C-HOANKIEM")
    office.receive([tmp_path / "in"])
    a = office.consolidate_period("2026-10", tmp_path / "a.xlsx")
    office.set_aside("ht.xlsx", "sent to the wrong office")
    b = office.consolidate_period("2026-10", tmp_path / "b.xlsx")
    office.restore_file("ht.xlsx")
    again = office.consolidate_period("2026-10", tmp_path / "c.xlsx")
    assert again.content_sha256 == a.content_sha256 != b.content_sha256
    assert (a.submission_no, b.submission_no, again.submission_no) == (1, 2, 3)
    assert check_return(again.path).meta["submission_no"] == "3"
    same = office.consolidate_period("2026-10", tmp_path / "d.xlsx")  # unchanged since the latest: same number
    assert same.submission_no == 3


def _two_pcs_send_the_same_name(tmp_path):
    write_return(tmp_path / "pc1" / "00004.xlsx", "00004", office="C-HOANKIEM")
    write_return(tmp_path / "pc2" / "00004.xlsx", "00004", office="C-HOANKIEM", bump=2)  # same name, same s1
    office.receive([tmp_path / "pc1"])
    office.receive([tmp_path / "pc2"])


def test_a_conflict_of_two_files_named_alike_is_cleared_from_the_cli(tmp_path, capsys):
    data = str(tmp_path / "office")
    assert main(["--data-dir", data, "office", "init", "--office", "C-HOANKIEM", "--wards", *WARDS]) == 0
    write_return(tmp_path / "pc1" / "00004.xlsx", "00004", office="C-HOANKIEM")
    write_return(tmp_path / "pc2" / "00004.xlsx", "00004", office="C-HOANKIEM", bump=2)
    main(["--data-dir", data, "office", "receive", str(tmp_path / "pc1")])
    main(["--data-dir", data, "office", "receive", str(tmp_path / "pc2")])
    capsys.readouterr()
    assert main(["--data-dir", data, "office", "status", "--period", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "consolidate.same_submission" not in out and "office.same_submission" not in out
    with opened(data):
        [cell] = [c for c in office.standing("2026-10") if c.ward == "00004"]
        rows = cell.in_conflict
        assert len(rows) == 2
    for row in rows:  # each file with its inbox name and short content hash
        assert row.stored_name in out and row.content_sha256[:8] in out
    assert main(["--data-dir", data, "office", "set-aside", "00004.xlsx", "--reason", "second PC"]) != 0
    err = capsys.readouterr().err
    assert "00004.xlsx" in err and all(r.stored_name in err for r in rows)  # refused, with the candidates
    with opened(data):
        assert not office.set_aside_reasons()  # nothing was set aside
    assert main(["--data-dir", data, "office", "set-aside", rows[1].stored_name, "--reason", "second PC"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "office", "status", "--period", "2026-10"]) == 0
    out = capsys.readouterr().out
    line = [x for x in out.splitlines() if x.startswith("00004")][0]
    # the counted file: the name it was received under, with its inbox name as another file has that name
    assert f"00004.xlsx ({rows[0].stored_name}), s1" in line
    assert "second PC" in out
    # the name is no longer ambiguous for restoring: only one of the two is set aside
    assert main(["--data-dir", data, "office", "restore-file", "00004.xlsx"]) == 0


def test_the_office_return_and_status_name_files_alike(office_db, tmp_path):
    _two_pcs_send_the_same_name(tmp_path)
    [cell] = [c for c in office.standing("2026-10") if c.ward == "00004"]
    first, second = cell.in_conflict
    office.set_aside(second.id, "second PC")  # the window acts on the row's id
    result = office.consolidate_period("2026-10", tmp_path / "out.xlsx")
    rows = check_return(result.path).sheets["Completeness"]
    completeness = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert completeness["00004"]["file_name"] == f"00004.xlsx ({first.stored_name})"
    assert any(f"00004.xlsx ({first.stored_name})" in line for line in result.lines())
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    office.receive([tmp_path / "in"])
    result = office.consolidate_period("2026-10", tmp_path / "out.xlsx")
    rows = check_return(result.path).sheets["Completeness"]
    assert {r[0]: r[4] for r in rows[1:]}["00070"] == "hk.xlsx"  # a name no other file has: as received


def test_a_rejected_file_is_set_aside_by_its_row(office_db, tmp_path):
    write_return(tmp_path / "in" / "cn.xlsx", "00008", office="C-HOANKIEM", tamper=True)
    write_return(tmp_path / "in2" / "cn.xlsx", "00008", office="C-HOANKIEM", tamper=True, bump=1)
    office.receive([tmp_path / "in"])
    office.receive([tmp_path / "in2"])
    rows = [r for r in office.inbox_rows() if r.original_name == "cn.xlsx"]
    assert len(rows) == 2 and not any(r.stored_name for r in rows)
    with pytest.raises(WardDeskError) as err:
        office.set_aside("cn.xlsx", "wrong ward")
    assert err.value.code == "office.ambiguous_name" and f"#{rows[0].id}" in err.value.message()
    office.set_aside(rows[0].id, "wrong ward")
    assert set(office.set_aside_reasons()) == {rows[0].id}
    office.set_aside(f"#{rows[1].id}", "wrong ward too")
    assert set(office.set_aside_reasons()) == {rows[0].id, rows[1].id}


def test_the_heading_out_of_the_box(tmp_path, capsys):
    data = str(tmp_path / "hanoi")
    assert main(["--data-dir", data, "office", "init", "--office", "01", "--wards", "00004", "00008"]) == 0
    assert "Sở Y tế Thành phố Hà Nội" in capsys.readouterr().out
    write_return(tmp_path / "in" / "ht.xlsx", "00004")
    main(["--data-dir", data, "office", "receive", str(tmp_path / "in")])
    assert main(["--data-dir", data, "office", "consolidate", "--period", "2026-10", "--out",
                 str(tmp_path / "out.xlsx")]) == 0
    form = load_workbook(tmp_path / "out.xlsx")["Báo cáo"]
    assert form["A1"].value == "Sở Y tế Thành phố Hà Nội"
    meta = check_return(tmp_path / "out.xlsx").meta
    assert meta["unit_name"] == "Thành phố Hà Nội"  # Meta keeps the unit's own name

    data = str(tmp_path / "custom")
    assert main(["--data-dir", data, "office", "init", "--office", "C-HOANKIEM", "--wards", *WARDS,
                 "--agency", "Trung tâm Y tế Hoàn Kiếm", "--receiver", "Sở Y tế Thành phố Hà Nội"]) == 0
    write_return(tmp_path / "in2" / "hk.xlsx", "00070", office="C-HOANKIEM")
    main(["--data-dir", data, "office", "receive", str(tmp_path / "in2")])
    assert main(["--data-dir", data, "office", "consolidate", "--period", "2026-10", "--out",
                 str(tmp_path / "out2.xlsx")]) == 0
    form = load_workbook(tmp_path / "out2.xlsx")["Báo cáo"]
    texts = [str(c.value) for row in form.iter_rows(max_row=14) for c in row if c.value]
    assert form["A1"].value == "Trung tâm Y tế Hoàn Kiếm"
    assert any("Sở Y tế Thành phố Hà Nội" in t for t in texts)
    assert check_return(tmp_path / "out2.xlsx").meta["unit_name"] == "C-HOANKIEM"


def test_the_office_cell_class_has_its_own_name():
    from ward_desk.spec.catalogue import GridCell

    assert office.CompletenessCell is not GridCell and not hasattr(office, "GridCell")


def _nd09(path):
    wb = load_workbook(path)
    for row in wb["Meta"].iter_rows(min_row=2):
        row[1].value = {"period_basis": "nd09", "period_start": "2026-09-15",
                        "period_end": "2026-10-14"}.get(row[0].value, row[1].value)
    wb.save(path)
    return path


def test_lateness_is_worded_plainly_against_the_deadline(tmp_path, capsys, monkeypatch):
    late = write_return(tmp_path / "late.xlsx", "00070", generated_at="2026-12-01T09:00:00+07:00")
    [warning] = check_return(late).warnings
    assert warning.code == "return.warn.late"
    assert "nộp muộn 21 ngày so với hạn 10/11/2026" in warning.located() and "01/12/2026" in warning.located()
    assert "quá hạn" not in warning.located() and "2026-12-01" not in warning.located()
    assert not check_return(late, deadline_days=60).warnings
    assert main(["return", "check", str(late), "--deadline-days", "20"]) == 0
    assert "nộp muộn 11 ngày so với hạn 20/11/2026" in capsys.readouterr().out

    # `return check` in an office's data folder judges by the office's deadline
    monkeypatch.setenv("WARD_DESK_PASSPHRASE", "an office passphrase 123")
    data = str(tmp_path / "office")
    assert main(["--data-dir", data, "office", "init", "--office", "C-HOANKIEM", "--wards", *WARDS]) == 0
    assert main(["--data-dir", data, "office", "settings", "--deadline-days", "15"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "return", "check", str(late)]) == 0
    assert "nộp muộn 16 ngày so với hạn 15/11/2026" in capsys.readouterr().out


def test_a_decree_09_file_is_late_against_its_own_period(office_db, tmp_path):
    # period 2026-10 on Decree 09 ends 14/10: due 24/10 (10 days); on the calendar it would be due 10/11
    path = _nd09(write_return(tmp_path / "in" / "ht.xlsx", "00004", office="C-HOANKIEM",
                              generated_at="2026-11-03T09:00:00+07:00"))
    assert "nộp muộn 10 ngày so với hạn 24/10/2026" in check_return(path).warnings[0].located()
    [arrival] = office.receive([path])
    assert arrival.status == "ACCEPTED"
    assert arrival.warnings[0] == "nộp muộn 10 ngày so với hạn 24/10/2026"
    [row] = office.inbox_rows()
    assert row.late == 1 and office.late_words(row) == "nộp muộn 10 ngày so với hạn 24/10/2026"


def test_a_file_another_program_holds_is_worded_in_both_languages(office_db, tmp_path, monkeypatch):
    import os

    from ward_desk import messages
    from ward_desk.export import xlsx_safety

    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "open.xlsx", "00004", office="C-HOANKIEM")
    real_open = os.open

    def excel_holds_it(path, *args, **kwargs):  # Windows: a sharing violation (winerror 32)
        if str(path).endswith("open.xlsx"):
            exc = PermissionError(13, "The process cannot access the file")
            exc.winerror = 32
            raise exc
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(xlsx_safety.os, "open", excel_holds_it)
    arrivals = {a.path.name: a for a in office.receive([tmp_path / "in"])}
    assert arrivals["hk.xlsx"].status == "ACCEPTED"
    assert arrivals["open.xlsx"].status == "SKIPPED"
    assert arrivals["open.xlsx"].problems == [
        "Tệp open.xlsx đang được mở trong chương trình khác (ví dụ Excel); hãy đóng tệp rồi thử lại."]
    denied = xlsx_safety.unreadable("x.xlsx", PermissionError(13, "Permission denied"))
    assert denied.code == "xlsx.no_permission"
    assert messages.text(denied.code, "en", **denied.params).startswith("No permission to read x.xlsx")
    assert messages.text("xlsx.in_use", "en", file="x.xlsx") == (
        "x.xlsx is open in another program (Excel, for instance); close it and try again.")
