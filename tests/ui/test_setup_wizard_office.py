"""The first-run wizard sets a PC up as a consolidating office (a province, or a custom office and its wards),
through the same domain function as `ward-desk office init`; and a problem is shown on the page that has it."""

from __future__ import annotations

from ward_desk import config
from ward_desk.db import close_database, open_database
from ward_desk.services import accounts, office, settings
from ward_desk.ui import wizard as wizard_module
from ward_desk.ui.wizard import SetupWizard


def _wizard(qtbot, folder) -> SetupWizard:
    wizard = SetupWizard(folder)
    qtbot.addWidget(wizard)
    wizard.quiet = True
    wizard.show()
    assert wizard.currentPage() is wizard.storage_page
    wizard.next()
    assert wizard.currentPage() is wizard.ward_page
    return wizard


def _admin(wizard, password="lan's own password"):
    page = wizard.admin_page
    page.username.setText("lan")
    page.password.setText(password)
    page.password2.setText(password)


def _passphrase(wizard, text="a long office passphrase"):
    wizard.details_page.passphrase.setText(text)
    wizard.details_page.passphrase2.setText(text)


def test_search_provinces_without_diacritics():
    assert wizard_module.search_provinces("ha noi")[0].code == "01"
    assert wizard_module.search_provinces("ho chi minh")[0].code == "79"
    assert wizard_module.search_provinces("01")[0].code == "01"


def test_a_province_office_from_the_wizard(qtbot, tmp_path):
    folder = tmp_path / "office"
    wizard = _wizard(qtbot, folder)
    wizard.ward_page.as_office.setChecked(True)
    assert wizard.ward_page.isComplete() and wizard.ward_page.nextId() == wizard_module.OFFICE
    assert "office" in wizard.button(wizard.WizardButton.FinishButton).text()
    wizard.next()
    page = wizard.office_page
    assert wizard.currentPage() is page and not page.isComplete()
    qtbot.keyClicks(page.province_search, "ha noi")
    page.provinces.setCurrentRow(0)
    assert page.choice() == ("01", None) and page.isComplete()
    from ward_desk import units

    assert str(len(units.wards_of_province("01"))) in page.province_note.text()
    # the printed heading: the agency defaults to the province's Department of Health, the receiver is asked
    assert page.agency.placeholderText() == "Sở Y tế Thành phố Hà Nội"
    page.receiver.setText("  Bộ Y tế ")
    wizard.next()
    assert wizard.currentPage() is wizard.details_page
    assert not wizard.details_page.office.isVisibleTo(wizard.details_page)  # an office reports to no one
    _passphrase(wizard)
    wizard.next()
    _admin(wizard)
    wizard.accept()
    assert wizard.result() == wizard.DialogCode.Accepted
    assert accounts.current_user().username == "lan"
    close_database()
    open_database(folder)
    assert office.is_office() and settings.get("unit_code") == "01"
    assert office.agency_name() == "Sở Y tế Thành phố Hà Nội" and office.office_settings()["receiver"] == "Bộ Y tế"
    assert len(office.office_wards()) == len(units.wards_of_province("01"))
    assert config.database_path(folder).exists()


def test_a_custom_office_with_its_wards(qtbot, tmp_path):
    folder = tmp_path / "custom"
    wizard = _wizard(qtbot, folder)
    wizard.ward_page.as_office.setChecked(True)
    wizard.next()
    page = wizard.office_page
    page.custom_choice.setChecked(True)
    qtbot.keyClicks(page.code, "hoankiem")
    assert page.custom_code() == "C-HOANKIEM" and not page.isComplete()  # no ward yet
    qtbot.keyClicks(page.ward_search, "hoan kiem")
    page.add_typed()  # Enter: the first match
    page.ward_search.setText("00004, 00008")  # a pasted list of codes
    page.add_typed()
    page.ward_search.setText("00004")
    page.add_typed()  # already there: not twice
    assert page.ward_codes() == ["00070", "00004", "00008"]
    page.chosen.setCurrentRow(2)
    page.remove_selected()
    assert page.choice() == ("C-HOANKIEM", ["00070", "00004"]) and page.isComplete()
    wizard.next()
    _passphrase(wizard)
    wizard.next()
    _admin(wizard)
    wizard.accept()
    assert wizard.result() == wizard.DialogCode.Accepted
    close_database()
    open_database(folder)
    assert settings.get("unit_code") == "C-HOANKIEM"
    assert [code for code, _name in office.office_wards()] == ["00004", "00070"]


def test_a_bad_office_code_is_shown_on_its_page(qtbot, tmp_path):
    wizard = _wizard(qtbot, tmp_path / "bad")
    wizard.ward_page.as_office.setChecked(True)
    wizard.next()
    page = wizard.office_page
    page.custom_choice.setChecked(True)
    page.code.setText("C-HOÀN KIẾM")  # letters with diacritics are not in a code
    assert page.problem.text() and not page.isComplete()


def test_a_short_passphrase_is_refused_on_its_own_page(qtbot, tmp_path):
    """The passphrase's page says what is wrong and does not let Next go past it (Finish used to fail silently
    two pages later)."""
    folder = tmp_path / "ward"
    wizard = _wizard(qtbot, folder)
    qtbot.keyClicks(wizard.ward_page.search, "hoan kiem")
    wizard.ward_page.results.setCurrentRow(0)
    wizard.next()
    details = wizard.details_page
    assert wizard.currentPage() is details
    _passphrase(wizard, "short")
    assert "8" in details.problem.text() and not details.isComplete()
    assert not details.validatePage()
    wizard.next()
    assert wizard.currentPage() is details  # Next did not move on
    _passphrase(wizard)
    assert details.isComplete() and details.problem.text() == ""
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page


def test_a_problem_found_at_finish_takes_the_wizard_back_to_its_page(qtbot, tmp_path):
    folder = tmp_path / "ward"
    wizard = _wizard(qtbot, folder)
    qtbot.keyClicks(wizard.ward_page.search, "hoan kiem")
    wizard.ward_page.results.setCurrentRow(0)
    wizard.next()
    _passphrase(wizard)
    wizard.next()
    _admin(wizard)
    wizard.details_page.passphrase.setText("short")  # changed behind the page's back
    wizard.accept()
    assert wizard.currentPage() is wizard.details_page and "8" in wizard.details_page.problem.text()
    assert not config.database_path(folder).exists()
    _admin(wizard, "short")
    assert not wizard.admin_page.validatePage() and "8" in wizard.admin_page.problem.text()
