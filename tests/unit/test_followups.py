"""Follow-up lists: referrals still REFERRED after N days; loans approved and not yet disbursed."""

from __future__ import annotations

import datetime as dt

from ward_desk.models.base import utcnow
from ward_desk.models.records import Client, Loan, Referral
from ward_desk.services import followups, settings

TODAY = dt.date(2026, 6, 30)


def _data():
    a = Client.create(client_code="AAAF1990", sex="F", group="SW")
    gone = Client.create(client_code="GONE1990", sex="F", group="SW", deleted_at=utcnow())
    Referral.create(ref="R1", client=a, service="HIV_TEST", referred_on=TODAY - dt.timedelta(days=31), status="REFERRED")
    Referral.create(ref="R2", client=a, service="HIV_TEST", referred_on=TODAY - dt.timedelta(days=10), status="REFERRED")
    Referral.create(ref="R3", client=a, service="HIV_TEST", referred_on=TODAY - dt.timedelta(days=90),
                    status="RECEIVED", received_on=TODAY - dt.timedelta(days=80))
    Referral.create(ref="R4", client=gone, service="HIV_TEST", referred_on=TODAY - dt.timedelta(days=90),
                    status="REFERRED")
    Loan.create(ref="L1", client=a, programme="JOB", referred_on=dt.date(2026, 1, 1), approved_on=dt.date(2026, 2, 1))
    Loan.create(ref="L2", client=a, programme="JOB", referred_on=dt.date(2026, 1, 1), approved_on=dt.date(2026, 2, 1),
                disbursed_on=dt.date(2026, 3, 1), amount_disbursed=5)
    Loan.create(ref="L3", client=a, programme="POOR", referred_on=dt.date(2026, 1, 1))


def test_lists_and_counts(ward_db):
    _data()
    overdue = followups.overdue_referrals(TODAY)
    assert [(i.ref, i.days) for i in overdue] == [("R1", 31)]
    assert [i.ref for i in followups.loans_not_disbursed(TODAY)] == ["L1"]
    assert followups.counts(TODAY) == {"referrals_overdue": 1, "loans_not_disbursed": 1}


def test_days_setting(ward_db):
    _data()
    assert followups.followup_days() == 30
    settings.set("followup_days", "7")
    assert [i.ref for i in followups.overdue_referrals(TODAY)] == ["R1", "R2"]


def test_the_exported_lists_word_their_columns_as_the_records_standard(ward_db, tmp_path):
    from openpyxl import load_workbook

    from ward_desk.spec import records as spec

    _data()
    path = tmp_path / "theo-doi.xlsx"
    assert followups.export_followups(path, TODAY) == {"referrals": 1, "loans": 1}
    book = load_workbook(path, read_only=True)
    headers = {name: next(book[name].iter_rows(max_row=1, values_only=True)) for name in book.sheetnames}
    assert headers["Vay von"][:4] == tuple(spec.KINDS["loans"].column(k).vi
                                           for k in ("id", "client_code", "programme", "approved_on"))
    assert headers["Chuyen gui"][2:4] == ("Dịch vụ", "Ngày chuyển gửi")
    assert "Chương trình vay vốn" in headers["Vay von"]
    book.close()
