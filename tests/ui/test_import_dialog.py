"""Import dialog: the preview table is read from the import's own result, whatever its shape per sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from ward_desk.ui.context import AppContext
from ward_desk.ui.import_dialog import ImportDialog, counts_by_sheet


@dataclass
class _Result:  # the shape of an import result: per-sheet counts
    added: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)


def test_counts_by_sheet():
    result = _Result(added={"clients": 3, "contacts": 10}, unchanged={"clients": 2}, updated={})
    assert counts_by_sheet(result) == {"clients": [3, 2, 0, 0], "contacts": [10, 0, 0, 0]}
    assert counts_by_sheet({"added": 4, "left_alone": 1, "conflicts": ["a", "b"]}) == {"*": [4, 1, 0, 2]}


def test_preview_table(qtbot, ward_db, data_dir):
    dialog = ImportDialog(AppContext(data_dir), path="x.xlsx")
    qtbot.addWidget(dialog)
    dialog._show_counts(_Result(added={"clients": 3}, unchanged={"clients": 1}, updated={"clients": 2}))
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(5)] == ["clients", "3", "1", "2", "0"]
    assert not dialog.import_button.isEnabled()  # nothing to import before a preview has passed


def test_preview_then_import_the_sample_workbook(qtbot, ward_db, data_dir):
    from tests.conftest import CONFORMANCE
    from ward_desk.models import Client

    context = AppContext(data_dir)
    dialog = ImportDialog(context, path=str(CONFORMANCE / "records-sample.xlsx"))
    qtbot.addWidget(dialog)
    assert dialog.run_preview()
    added = {dialog.table.item(r, 0).text(): int(dialog.table.item(r, 1).text())
             for r in range(dialog.table.rowCount())}
    assert added["clients"] > 0
    assert Client.select().count() == 0  # the preview wrote nothing
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(context.records_changed, timeout=30_000):
        assert dialog.run_import()
    assert Client.select().count() == added["clients"]
    # the same file again: everything is left alone
    again = ImportDialog(context, path=str(CONFORMANCE / "records-sample.xlsx"))
    qtbot.addWidget(again)
    assert again.run_preview()
    assert all(again.table.item(r, 1).text() == "0" for r in range(again.table.rowCount()))


def test_a_bad_file_shows_its_reasons_and_cannot_be_imported(qtbot, ward_db, data_dir, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    dialog = ImportDialog(AppContext(data_dir), path=str(bad))
    qtbot.addWidget(dialog)
    assert not dialog.run_preview()
    assert "bad.xlsx" in dialog.message.toPlainText()
    assert not dialog.import_button.isEnabled()


def test_a_changed_row_is_previewed_as_a_conflict_then_updated_when_ticked(qtbot, ward_db, data_dir, tmp_path):
    from tests.unit.records_workbooks import CLIENTS, write_workbook
    from ward_desk.models import Client
    from ward_desk.services.records_io import import_records

    import_records(write_workbook(tmp_path / "first.xlsx", {"clients": CLIENTS}))
    changed = [list(r) for r in CLIENTS]
    changed[1][2] = 1977  # C001's birth year corrected in last year's sheet
    path = write_workbook(tmp_path / "changed.xlsx", {"clients": changed})
    context = AppContext(data_dir)
    dialog = ImportDialog(context, path=str(path))
    qtbot.addWidget(dialog)
    assert dialog.run_preview()
    row = [dialog.table.item(0, c).text() for c in range(5)]
    assert row == ["clients", "0", str(len(CLIENTS) - 2), "0", "1"]  # one conflict, the rest left alone
    text = dialog.message.toPlainText()
    assert "C001" in text and "1977" in text and "--update" not in text
    assert not dialog.import_button.isEnabled()  # a conflict is never imported unasked
    dialog.update_box.setChecked(True)
    assert dialog.run_preview() and dialog.import_button.isEnabled()
    assert [dialog.table.item(0, c).text() for c in (3, 4)] == ["1", "0"]
    assert dialog.run_import()
    assert Client.get(Client.client_code == "C001").birth_year == 1977
    assert [dialog.table.item(0, c).text() for c in (3, 4)] == ["1", "0"]  # the final counts stay on screen
    assert not dialog.import_button.isEnabled()
    from PySide6.QtWidgets import QDialogButtonBox

    assert dialog.buttons.button(QDialogButtonBox.Cancel).text() == "Đóng"  # not "Cancel": it was written


def test_a_workbook_reaching_xfd1048576_is_refused_by_the_preview_without_allocating(qtbot, ward_db, data_dir,
                                                                                     tmp_path):
    from openpyxl import load_workbook

    from tests.unit.records_workbooks import CLIENTS, write_workbook

    path = write_workbook(tmp_path / "giant.xlsx", {"clients": CLIENTS})
    workbook = load_workbook(path)
    workbook["clients"]["XFD1048576"] = "x"
    workbook.save(path)
    dialog = ImportDialog(AppContext(data_dir), path=str(path))
    qtbot.addWidget(dialog)
    assert not dialog.run_preview()
    text = dialog.message.toPlainText()
    assert "giant.xlsx" in text and "XFD1048576" in text
    assert not dialog.import_button.isEnabled()
