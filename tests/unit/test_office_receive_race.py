"""Two staff receiving the same ward file at once: it is accepted once, and its bytes are kept in the database."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in_test_admin
from tests.wdr1_files import write_return
from ward_desk.db import close_database, open_database
from ward_desk.models import ReceivedFile, ReceivedReturn
from ward_desk.services import office


@pytest.fixture
def office_db(tmp_path):
    open_database(tmp_path / "office", create=True)
    sign_in_test_admin()
    office.initialise_office("C-HOANKIEM", ["00070", "00004"])
    yield tmp_path / "office"
    close_database()


def test_a_file_accepted_by_someone_else_while_checking_becomes_a_duplicate(office_db, tmp_path, monkeypatch):
    ward_file = write_return(tmp_path / "mail" / "00070.xlsx", "00070", office="C-HOANKIEM")
    real_check, calls = office._check, []

    def check_while_another_clerk_receives(path, *args):
        calls.append(path)
        if len(calls) == 1:  # between this clerk's check and its write, another clerk takes the same file in
            assert [a.status for a in office.receive([ward_file])] == ["ACCEPTED"]
        return real_check(path, *args)

    monkeypatch.setattr(office, "_check", check_while_another_clerk_receives)
    arrivals = office.receive([ward_file])
    assert [a.status for a in arrivals] == ["DUPLICATE"]
    accepted = list(ReceivedReturn.select().where(ReceivedReturn.status == "ACCEPTED"))
    assert len(accepted) == 1
    kept = ReceivedFile.get(ReceivedFile.received == accepted[0].id)
    assert bytes(kept.content) == ward_file.read_bytes()


def test_a_lost_inbox_copy_is_written_back_from_the_database(office_db, tmp_path):
    ward_file = write_return(tmp_path / "mail" / "00004.xlsx", "00004", office="C-HOANKIEM")
    office.receive([ward_file])
    (path,) = office.accepted_files("2026-10")
    path.unlink()
    (again,) = office.accepted_files("2026-10")
    assert again == path and again.read_bytes() == ward_file.read_bytes()
