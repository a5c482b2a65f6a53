"""Issue 16 point 6: messages in plain words. A rule problem names the field by its form label, a code by its
label and a date as dd/mm/yyyy; no column key, no table name, no permission key, no CLI command in what the app
shows (the CLI adds its own command)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ward_desk import messages
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.services import accounts, records, returns, rules, session
from ward_desk.spec import records as spec

TODAY = dt.date(2026, 6, 1)
KEYS = {c.key for k in spec.KINDS.values() for c in k.columns if "_" in c.key}  # received_on, amount_disbursed...


def _said(problems, lang="vi"):
    return [p.located(lang) for p in problems]


def _no_keys_nor_iso(text: str) -> None:
    assert not any(re.search(rf"\b{key}\b", text) for key in KEYS), text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_rule_of_two_fields_names_them_by_their_labels(lang):
    cases = [
        ("referrals", {"client_code": "C", "service": "ARV", "referred_on": "2026-03-01", "status": "REFERRED",
                       "received_on": "2026-03-05"}),
        ("referrals", {"client_code": "C", "service": "ARV", "referred_on": "2026-03-01", "status": "RECEIVED"}),
        ("referrals", {"client_code": "C", "service": "ARV", "referred_on": "2026-03-09", "status": "RECEIVED",
                       "received_on": "2026-03-05"}),
        ("loans", {"client_code": "C", "programme": "JOB", "referred_on": "2026-03-01", "approved_on": "2026-02-01"}),
        ("loans", {"client_code": "C", "programme": "JOB", "referred_on": "2026-03-01", "approved_on": "2026-03-02",
                   "disbursed_on": "2026-03-03"}),
        ("loans", {"client_code": "C", "programme": "JOB", "referred_on": "2026-03-01", "amount_disbursed": 5}),
        ("peer_members", {"group_id": "G", "client_code": "C", "joined_on": "2026-03-01", "left_on": "2026-02-01"}),
        ("contacts", {"client_code": "C", "date": "2026-12-01", "channel": "DIRECT"}),  # a future date
    ]
    for kind, raw in cases:
        problems = rules.validate(kind, {"id": "X1", **raw}, today=TODAY)[1]
        assert problems, (kind, raw)
        for text in _said(problems, lang):
            _no_keys_nor_iso(text)
            assert "RECEIVED" not in text and "REFERRED" not in text


def test_the_received_on_rule_reads_as_the_issue_asks():
    problem = rules.validate("referrals", {"id": "R1", "client_code": "C", "service": "ARV", "status": "REFERRED",
                                           "referred_on": "2026-03-01", "received_on": "2026-03-05"},
                             today=TODAY)[1][0]
    assert problem.message("vi") == ("chỉ ghi 'Ngày nhận dịch vụ' khi trạng thái là 'Đã nhận dịch vụ' "
                                     "(đang là 'Đã chuyển gửi')")
    assert problem.located("vi").startswith("Ngày nhận dịch vụ: ")


def test_a_kind_of_record_is_named_not_its_table(ward_db):
    client = records.save_record("clients", {"client_code": "A1", "sex": "F", "group": "SW"})
    records.save_record("contacts", {"client_code": "A1", "date": dt.date(2026, 3, 1), "channel": "DIRECT"})
    with pytest.raises(WardDeskError) as refused:
        records.delete_record("clients", client.id)
    text = refused.value.message("vi")
    assert "clients" not in text and "contacts" not in text, text
    assert "cannot delete client A1" in refused.value.message("en")  # the English names the kind as it is said
    assert "khách hàng A1" in refused.value.message("vi") and "1 tiếp cận" in refused.value.message("vi")
    with pytest.raises(ValidationFailed) as unknown:
        records.save_record("contacts", {"client_code": "NOBODY", "date": dt.date(2026, 3, 1), "channel": "DIRECT"})
    assert str(unknown.value).startswith("Mã khách hàng: ")


def test_a_permission_is_said_in_words(ward_db):
    accounts.create_user("thu", "thu's own password", "clerk")
    accounts.sign_in("thu", "thu's own password")
    with pytest.raises(WardDeskError) as refused:
        session.require("records.restore")
    vi, en = refused.value.message("vi"), refused.value.message("en")
    assert "records.restore" not in vi and "records.restore" not in en
    assert "khôi phục hồ sơ từ thùng rác" in vi and "giám sát viên" in vi and "cán bộ nhập liệu" in vi
    assert "restore records from the recycle bin" in en
    assert set(session.PERMISSION_WORDS) == set(session.PERMISSIONS)  # every permission has its words


def test_the_closed_period_message_offers_the_in_app_unlock(ward_db, tmp_path):
    records.save_record("clients", {"client_code": "HK-1", "sex": "F", "group": "SW"})
    records.save_record("contacts", {"client_code": "HK-1", "date": dt.date(2026, 10, 3), "channel": "DIRECT"})
    returns.export_return("2026-10", basis="calendar", out=tmp_path)
    with pytest.raises(WardDeskError) as closed:
        records.save_record("contacts", {"client_code": "HK-1", "date": dt.date(2026, 10, 9), "channel": "DIRECT"})
    for lang in ("vi", "en"):
        text = closed.value.message(lang)
        assert "ward-desk" not in text and "09/10/2026" in text, text
    assert "Kỳ đã khóa" in closed.value.message("vi")
    assert "ward-desk period unlock 2026-10" in messages.text("closing.cli_unlock", "en", period="2026-10")


def test_words_are_said_in_the_readers_language():
    words = messages.Words("Ngày nhận dịch vụ", "Received on")
    assert str(words) == "Received on" and words.said("vi") == "Ngày nhận dịch vụ"
    import pickle

    assert pickle.loads(pickle.dumps(words)).vi == "Ngày nhận dịch vụ"
