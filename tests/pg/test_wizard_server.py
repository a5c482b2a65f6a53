"""The first-run wizard with an office's shared PostgreSQL database: set up an empty one, join an existing one."""

from __future__ import annotations

from ward_desk import config
from ward_desk.db import close_database, open_database
from ward_desk.services import accounts, settings


def _wizard(qtbot, folder):
    from ward_desk.ui.wizard import SetupWizard

    wizard = SetupWizard(folder)
    qtbot.addWidget(wizard)
    wizard.quiet = True
    wizard.show()
    assert wizard.currentPage() is wizard.storage_page
    return wizard


def test_the_wizard_sets_up_an_empty_server_then_another_pc_joins_it(qtbot, pg_url, tmp_path):
    first = _wizard(qtbot, tmp_path / "pc1")
    page = first.storage_page
    page.server.setChecked(True)
    assert not page.isComplete()  # the server must be checked first
    qtbot.keyClicks(page.url, pg_url)
    assert page.check_server() and page.checked[1] == "empty"
    assert page.isComplete() and page.nextId() != -1
    first.next()
    assert first.currentPage() is first.ward_page
    qtbot.keyClicks(first.ward_page.search, "hoan kiem")
    first.ward_page.results.setCurrentRow(0)
    first.next()
    assert first.currentPage() is first.details_page
    assert first.details_page.isComplete()  # no passphrase: the server keeps its own protection
    assert not first.details_page.passphrase.isVisible()
    first.next()
    first.admin_page.username.setText("lan")
    first.admin_page.password.setText("lan's own password")
    first.admin_page.password2.setText("lan's own password")
    first.accept()
    assert first.result() == first.DialogCode.Accepted
    close_database()
    assert config.saved_server_url(tmp_path / "pc1") == pg_url
    assert not config.database_path(tmp_path / "pc1").exists()

    second = _wizard(qtbot, tmp_path / "pc2")
    second.storage_page.server.setChecked(True)
    second.storage_page.url.setText(pg_url)
    assert second.storage_page.check_server() and second.storage_page.joins_existing()
    assert second.storage_page.nextId() == -1  # nothing more to ask: Finish
    second.accept()
    assert second.result() == second.DialogCode.Accepted
    assert config.saved_server_url(tmp_path / "pc2") == pg_url
    open_database(tmp_path / "pc2")
    assert settings.get("unit_code") == "00070"
    assert [u.username for u in accounts.list_users()] == ["lan"]
    close_database()


def test_an_unreachable_server_is_a_message_and_blocks_the_way_on(qtbot, tmp_path):
    wizard = _wizard(qtbot, tmp_path / "pc")
    page = wizard.storage_page
    page.server.setChecked(True)
    page.url.setText("postgresql://nobody@127.0.0.1:1/none")
    assert not page.check_server()
    assert page.status.text() and not page.isComplete()
    page.local.setChecked(True)  # back to this PC's file: nothing to check
    assert page.isComplete()
