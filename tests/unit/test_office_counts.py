"""Issue 17: what the office sees is exactly what it counts (grid, `office status`, the office return)."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from openpyxl import load_workbook

from tests.wdr1_files import write_return
from ward_desk.cli import main
from ward_desk.db import close_database, open_database, opened
from ward_desk.errors import WardDeskError
from ward_desk.export.return_check import check_return
from ward_desk.models import AuditEntry
from ward_desk.services import office
from tests.conftest import sign_in_test_admin

WARDS = ["00070", "00004", "00008"]


def nd09(path):
    """The same return on the Decree 09 basis (period 2026-10 runs 15/09 to 14/10)."""
    wb = load_workbook(path)
    meta = wb["Meta"]
    for row in meta.iter_rows(min_row=2):
        key = row[0].value
        if key == "period_basis":
            row[1].value = "nd09"
        elif key == "period_start":
            row[1].value = "2026-09-15"
        elif key == "period_end":
            row[1].value = "2026-10-14"
    wb.save(path)
    return path


@pytest.fixture
def office_db(tmp_path):
    open_database(tmp_path / "office", create=True)
    sign_in_test_admin()
    office.initialise_office("C-HOANKIEM", WARDS)
    yield tmp_path / "office"
    close_database()


def completeness_of(path):
    result = check_return(path)
    assert result.ok, [p.located() for p in result.errors]
    rows = result.sheets["Completeness"]
    return {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}


def test_a_ward_on_another_basis_is_shown_as_such_and_the_grid_agrees_with_the_return(office_db, tmp_path):
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    nd09(write_return(tmp_path / "in" / "ht.xlsx", "00004", office="C-HOANKIEM"))
    arrivals = office.receive([tmp_path / "in"])
    assert sorted(a.status for a in arrivals) == ["ACCEPTED", "ACCEPTED"]
    cells = {c.ward: c for c in office.standing("2026-10")}
    assert cells["00004"].state == "OTHER_BASIS" and cells["00004"].counted is None
    assert "ht.xlsx" in cells["00004"].reason
    assert cells["00070"].state == "ACCEPTED" and cells["00070"].counted is not None
    result = office.consolidate_period("2026-10", tmp_path / "out")
    statuses = completeness_of(result.path)
    # one answer: every ward's Completeness status is the grid's
    assert {w: statuses[w]["status"] for w in WARDS} == {c.ward: c.status for c in cells.values()}
    assert statuses["00004"]["status"] == "MISSING"
    by_unit = check_return(result.path).sheets["ByUnit"][0]
    assert by_unit[4:] == ["00070"]


def test_rejected_and_conflict_reach_completeness_and_set_aside_clears_the_conflict(office_db, tmp_path):
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "ht-pc1.xlsx", "00004", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "ht-pc2.xlsx", "00004", office="C-HOANKIEM", bump=3)  # same submission_no
    write_return(tmp_path / "in" / "cn.xlsx", "00008", office="C-HOANKIEM", tamper=True)
    office.receive([tmp_path / "in"])
    result = office.consolidate_period("2026-10", tmp_path / "out.xlsx")
    statuses = completeness_of(result.path)
    assert statuses["00004"]["status"] == "CONFLICT" and "ht-pc1.xlsx" in statuses["00004"]["reason"]
    assert statuses["00008"]["status"] == "REJECTED" and "cn.xlsx: Data!E2" in statuses["00008"]["reason"]
    assert statuses["00070"]["status"] == "ACCEPTED"

    office.set_aside("ht-pc2.xlsx", "  sent by mistake from the second PC ")
    cell = {c.ward: c for c in office.standing("2026-10")}["00004"]
    assert cell.state == "ACCEPTED" and cell.counted.original_name == "ht-pc1.xlsx"
    kept = [r for r in cell.rows if r.original_name == "ht-pc2.xlsx"][0]
    assert office.stored_path(kept).is_file()  # set aside, still on disk
    entry = AuditEntry.select().where(AuditEntry.action == "office_set_aside").get()
    assert json.loads(entry.new_values)["reason"] == "sent by mistake from the second PC"
    again = office.consolidate_period("2026-10", tmp_path / "out.xlsx")
    assert completeness_of(again.path)["00004"]["status"] == "ACCEPTED"

    with pytest.raises(WardDeskError) as err:
        office.set_aside("ht-pc1.xlsx", "   ")
    assert err.value.code == "office.reason_needed"
    office.restore_file("ht-pc2.xlsx")
    assert {c.ward: c.state for c in office.standing("2026-10")}["00004"] == "CONFLICT"
    assert AuditEntry.select().where(AuditEntry.action == "office_restore_file").count() == 1


def test_set_aside_needs_a_supervisor(office_db, tmp_path):
    from ward_desk.services import accounts

    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    office.receive([tmp_path / "in"])
    accounts.create_user("clerk1", "clerk-password-123", "clerk")
    accounts.sign_in("clerk1", "clerk-password-123")
    with pytest.raises(WardDeskError) as err:
        office.set_aside("hk.xlsx", "wrong file")
    assert err.value.code == "auth.forbidden"


def test_the_office_return_is_numbered_from_the_office_history(office_db, tmp_path):
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    office.receive([tmp_path / "in"])
    first = office.consolidate_period("2026-10", tmp_path / "a")
    elsewhere = office.consolidate_period("2026-10", tmp_path / "b")
    assert (first.submission_no, elsewhere.submission_no) == (1, 1)
    assert first.content_sha256 == elsewhere.content_sha256
    write_return(tmp_path / "in2" / "hk2.xlsx", "00070", office="C-HOANKIEM", submission_no=2, bump=4)
    office.receive([tmp_path / "in2"])
    changed = office.consolidate_period("2026-10", tmp_path / "b")  # where s1 was written: still the next number
    fresh = office.consolidate_period("2026-10", tmp_path / "c")  # a new folder: the same number and hash
    assert (changed.submission_no, fresh.submission_no) == (2, 2)
    assert changed.content_sha256 == fresh.content_sha256 != first.content_sha256
    assert check_return(fresh.path).meta["submission_no"] == "2"


def test_office_settings_name_the_agency_and_the_page_states_coverage(office_db, tmp_path):
    office.update_office_settings(agency="Sở Y tế Thành phố Hà Nội", receiver="Bộ Y tế", deadline_days=15,
                                  wards=["00070", "00004", "00008", "00025"])
    assert office.office_settings()["deadline_days"] == 15
    assert [c for c, _n in office.office_wards()] == ["00004", "00008", "00025", "00070"]
    assert AuditEntry.select().where(AuditEntry.action == "office_wards").count() == 1
    with pytest.raises(WardDeskError) as err:
        office.update_office_settings(deadline_days="ten")
    assert err.value.code == "office.bad_deadline"
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    office.receive([tmp_path / "in"])
    result = office.consolidate_period("2026-10", tmp_path / "out.xlsx")
    form = load_workbook(result.path)["Báo cáo"]
    texts = [str(c.value) for row in form.iter_rows(max_row=14) for c in row if c.value]
    assert form["A1"].value == "Sở Y tế Thành phố Hà Nội"
    assert any("Bộ Y tế" in t for t in texts)
    assert any("Đã tính 1/4 xã/phường" in t and "00025" in t for t in texts)


def test_late_is_measured_from_the_office_deadline(office_db, tmp_path):
    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM", generated_at="2026-12-16T09:00:00+07:00")
    office.receive([tmp_path / "in"])
    cell = {c.ward: c for c in office.standing("2026-10")}["00070"]
    assert cell.state == "LATE"
    days, deadline = office.lateness(cell.counted)
    assert (days, deadline.isoformat()) == (36, "2026-11-10")
    office.update_office_settings(deadline_days=60)
    assert {c.ward: c.state for c in office.standing("2026-10")}["00070"] == "ACCEPTED"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_folder_of_hostile_items_never_stops_the_good_return(office_db, tmp_path, capsys):
    folder = tmp_path / "mail"
    good = write_return(folder / "hk.xlsx", "00070", office="C-HOANKIEM")
    giant = write_return(folder / "giant.xlsx", "00004", office="C-HOANKIEM")
    wb = load_workbook(giant)
    wb["Báo cáo"]["XFD1048576"] = 1
    wb.save(giant)
    assert giant.stat().st_size < 200_000
    os.mkfifo(folder / "pipe.xlsx")
    os.symlink(folder / "gone.xlsx", folder / "dangling.xlsx")
    os.symlink("/dev/zero", folder / "device.xlsx")
    (folder / "x.xlsx").mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.7 narrative")
    (folder / "report.docx").write_bytes(b"PK\x03\x04 word")
    arrivals = {a.path.name: a for a in office.receive([folder])}
    assert arrivals["hk.xlsx"].status == "ACCEPTED"
    assert arrivals["giant.xlsx"].status == "REJECTED"
    assert "XFD1048576" in arrivals["giant.xlsx"].problems[0]
    for name in ("pipe.xlsx", "dangling.xlsx", "device.xlsx", "report.pdf", "report.docx"):
        assert arrivals[name].status == "SKIPPED", name
    assert "không phải tệp báo cáo WDR-1" in arrivals["report.pdf"].problems[0]
    assert "liên kết hỏng" in arrivals["dangling.xlsx"].problems[0]
    assert "không phải tệp thường" in arrivals["pipe.xlsx"].problems[0]
    assert good.exists() and office.standing("2026-10")[-1].state == "ACCEPTED"


def test_a_pdf_given_by_name_is_not_a_return(office_db, tmp_path):
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.4 a narrative report")
    arrival = office.receive([pdf])[0]
    assert arrival.status == "SKIPPED" and "không phải tệp báo cáo WDR-1" in arrival.problems[0]
    disguised = tmp_path / "bao-cao.xlsx"
    shutil.copy(pdf, disguised)
    arrival = office.receive([disguised])[0]
    assert arrival.status == "REJECTED" and "không phải tệp báo cáo WDR-1" in arrival.problems[0]


@pytest.mark.skipif(sys.platform == "win32", reason="newlines in file names are POSIX")
def test_cli_receive_set_aside_restore_and_names_with_newlines(tmp_path, capsys):
    data = str(tmp_path / "office")
    assert main(["--data-dir", data, "office", "init", "--office", "C-HOANKIEM", "--wards", *WARDS]) == 0
    write_return(tmp_path / "in" / "ht-1.xlsx", "00004", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "ht-2.xlsx", "00004", office="C-HOANKIEM", bump=1)
    write_return(tmp_path / "in" / "x\nACCEPTED fake.xlsx", "00008", office="C-HOANKIEM", tamper=True)
    capsys.readouterr()
    main(["--data-dir", data, "office", "receive", str(tmp_path / "in")])
    out = capsys.readouterr().out
    assert not any(line.startswith("ACCEPTED") for line in out.splitlines())
    assert "x\\nACCEPTED fake.xlsx" in out
    assert main(["--data-dir", data, "office", "status", "--period", "2026-10"]) == 0
    assert "00004" in capsys.readouterr().out
    assert main(["--data-dir", data, "office", "set-aside", "ht-2.xlsx", "--reason", "duplicate from PC 2"]) == 0
    assert main(["--data-dir", data, "office", "status", "--period", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "ht-1.xlsx, s1" in out and "duplicate from PC 2" in out
    inbox = office_inbox_name(data, "ht-1.xlsx")
    assert main(["--data-dir", data, "office", "set-aside", f"inbox/{inbox}", "--reason", "test"]) == 0
    assert main(["--data-dir", data, "office", "restore-file", "ht-2.xlsx"]) == 0
    assert main(["--data-dir", data, "office", "settings", "--agency", "Sở Y tế Hà Nội", "--deadline-days", "12"]) == 0
    assert "Sở Y tế Hà Nội" in capsys.readouterr().out
    assert main(["--data-dir", data, "office", "consolidate", "--period", "2026-10", "--out",
                 str(tmp_path / "out.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "1/3" in out or "1 of 3" in out


def office_inbox_name(data, original):
    from ward_desk.models import ReceivedReturn

    with opened(data):
        return ReceivedReturn.get(ReceivedReturn.original_name == original).stored_name


def test_an_unreadable_file_is_named_and_the_others_received(office_db, tmp_path, monkeypatch):
    from ward_desk.export import xlsx_safety

    write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    write_return(tmp_path / "in" / "locked.xlsx", "00004", office="C-HOANKIEM")
    real_open = os.open

    def excel_holds_it(path, *args, **kwargs):  # what Windows answers while Excel has the file open
        if str(path).endswith("locked.xlsx"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(xlsx_safety.os, "open", excel_holds_it)
    arrivals = {a.path.name: a for a in office.receive([tmp_path / "in"])}
    assert arrivals["hk.xlsx"].status == "ACCEPTED"
    assert arrivals["locked.xlsx"].status == "SKIPPED"
    # worded in the user's language (issue 17 review), not the system's English "Permission denied"
    assert "locked.xlsx" in arrivals["locked.xlsx"].problems[0]
    assert "Excel" in arrivals["locked.xlsx"].problems[0] and "Permission denied" not in arrivals["locked.xlsx"].problems[0]


def test_a_file_replaced_while_being_checked_is_kept_as_checked(office_db, tmp_path, monkeypatch):
    import hashlib

    from ward_desk.models import ReceivedFile, ReceivedReturn

    path = write_return(tmp_path / "in" / "hk.xlsx", "00070", office="C-HOANKIEM")
    checked = path.read_bytes()
    real_check = office._check

    def replaced_meanwhile(p, data, *args):
        write_return(p, "00070", office="C-HOANKIEM", tamper=True)  # someone saves over it mid-check
        return real_check(p, data, *args)

    monkeypatch.setattr(office, "_check", replaced_meanwhile)
    [arrival] = office.receive([path])
    assert arrival.status == "ACCEPTED"
    row = ReceivedReturn.get_by_id(arrival.row_id)
    assert row.file_sha256 == hashlib.sha256(checked).hexdigest()
    assert office.stored_path(row).read_bytes() == checked
    assert bytes(ReceivedFile.get(ReceivedFile.received == row.id).content) == checked
