"""A data folder connected to a shared PostgreSQL database: later runs open the server without --database."""

from __future__ import annotations

import pytest

from ward_desk import config, db, db_server
from ward_desk.cli import main
from ward_desk.errors import WardDeskError
from ward_desk.services import settings


def test_a_connected_folder_opens_the_server_without_database_option(pg_url, tmp_path, capsys):
    assert main(["--database", pg_url, "--data-dir", str(tmp_path / "first-pc"), "init", "--unit", "00070"]) == 0
    assert config.saved_server_url(tmp_path / "first-pc") == pg_url  # init on a server connects its folder
    second_pc = tmp_path / "second-pc"
    assert main(["--data-dir", str(second_pc), "server", "connect", pg_url]) == 0
    assert "00070" in capsys.readouterr().out
    assert config.saved_server_url(second_pc) == pg_url

    opened = db.open_database(second_pc)  # no url, no --database: the folder's saved server
    assert type(opened).__name__ == "OfficeDatabase"
    assert settings.get("unit_code") == "00070"
    db.close_database()
    assert not config.database_path(second_pc).exists()  # nothing personal written on this PC

    assert main(["--data-dir", str(second_pc), "server", "status"]) == 0
    assert pg_url in capsys.readouterr().out
    assert main(["--data-dir", str(second_pc), "server", "disconnect"]) == 0
    assert config.saved_server_url(second_pc) is None
    with pytest.raises(WardDeskError) as caught:
        db.open_database(second_pc)
    assert caught.value.code == "db.missing"


def test_connect_refuses_a_server_not_set_up_and_saves_nothing(pg_url, tmp_path, capsys):
    folder = tmp_path / "pc"
    assert main(["--data-dir", str(folder), "server", "connect", pg_url]) == 1
    assert "ward-desk --database URL init" in capsys.readouterr().err
    assert config.saved_server_url(folder) is None


def test_a_password_in_the_address_never_lands_in_a_file(pg_url, tmp_path):
    # The test keyring backend keeps nothing, so remembering a password must be refused, not written down.
    with_password = pg_url.replace("@", ":s3cret-pw@", 1)
    with pytest.raises(WardDeskError) as caught:
        db_server.remember(tmp_path, with_password)
    assert caught.value.code == "db.password_not_kept"
    assert config.saved_server_url(tmp_path) is None
