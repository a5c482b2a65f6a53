"""An office on a shared PostgreSQL database: what one PC received, another PC consolidates."""

from __future__ import annotations

from tests.conftest import sign_in_test_admin
from tests.wdr1_files import write_return
from ward_desk import db, db_server
from ward_desk.models import ReceivedReturn
from ward_desk.services import office
from ward_desk.services.consolidate import consolidate  # noqa: F401 (the engine office uses)


def test_a_file_received_on_one_pc_is_consolidated_on_another(pg_url, tmp_path):
    first_pc, second_pc = tmp_path / "pc1", tmp_path / "pc2"
    wards = ["00070", "00004"]
    db.open_database(first_pc, create=True, url=pg_url)
    sign_in_test_admin()
    office.initialise_office("C-TEST", wards)
    files = [write_return(tmp_path / "mail" / f"{code}.xlsx", code, office="C-TEST") for code in wards]
    arrivals = office.receive(files)
    assert [a.status for a in arrivals] == ["ACCEPTED", "ACCEPTED"]
    again = office.receive([files[0]])  # the same file again: counted once
    assert [a.status for a in again] == ["DUPLICATE"]
    db.close_database()
    assert list((first_pc / office.INBOX).glob("*.xlsx"))  # the receiving PC's own copies

    db_server.save_server_url(second_pc, pg_url)  # as `ward-desk server connect` does
    db.open_database(second_pc)
    sign_in_test_admin()
    assert ReceivedReturn.select().where(ReceivedReturn.status == "ACCEPTED").count() == 2
    result = office.consolidate_period("2026-10", tmp_path / "office-return.xlsx")
    db.close_database()
    accepted = [u.code for u in result.units if u.status == "ACCEPTED"]
    assert sorted(accepted) == sorted(wards)
    copies = sorted(p.name for p in (second_pc / office.INBOX).glob("*.xlsx"))
    assert len(copies) == 2  # written from the database on the PC that consolidated
    assert (second_pc / office.INBOX / copies[0]).read_bytes() in {f.read_bytes() for f in files}
