"""The desktop reads Vietnamese: every code named in both languages, Qt's own buttons and calendar in Vietnamese,
and a badly typed date explained in the form's own dd/mm/yyyy terms."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDialogButtonBox, QMessageBox

from ward_desk.services import queries, rules
from ward_desk.ui import labels, widgets

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "ward_desk_vi.ts"


@pytest.fixture
def vietnamese(qapp):
    """The app's Vietnamese translator and locale, as a clerk's PC has them; English again afterwards."""
    from ward_desk.ui import i18n

    subprocess.run([sys.executable, str(ROOT / "packaging" / "build_resources.py")], check=True)  # .ts -> .qm
    i18n.install_translator("vi")
    yield
    i18n.install_translator("en")


@pytest.fixture
def context(ward_db, data_dir):
    from ward_desk.ui.context import AppContext

    return AppContext(data_dir)


# ---- code names

@pytest.mark.parametrize("codes", sorted(rules.CODES))
def test_every_code_of_the_rules_has_a_vietnamese_and_an_english_name(codes):
    for code in rules.CODES[codes]:
        names = labels.code_names(code, codes)
        assert names is not None, f"{codes}: {code} has no name"
        vi, en = names
        assert vi.strip() and en.strip(), f"{codes}: {code}"
        assert labels.code_label(code, codes, "vi") == vi and labels.code_label(code, codes, "en") == en
        assert labels.code_name(code, codes) != code  # "Nữ (F)", never the bare code


def test_list_statuses_have_names_too():
    for spec in (queries.spec(kind) for kind in queries.KINDS):
        for code in spec.statuses:
            assert labels.code_names(code) is not None, code


def test_a_code_shared_by_two_lists_is_named_by_its_list():
    assert labels.code_label("JOB", "service", "vi") == "Giới thiệu việc làm"
    assert labels.code_label("JOB", "programme", "vi") == "Giải quyết việc làm"
    # every screen names the list (the spec's code lists are the only wording); without one, the first list
    assert labels.code_label("JOB", None, "vi") == "Giới thiệu việc làm"


def test_names_follow_the_ui_language():
    from ward_desk import config

    config.set_language("en")
    assert labels.code_name("HIV_TEST", "service") == "HIV testing (HIV_TEST)"
    config.set_language("vi")
    assert labels.code_name("HIV_TEST", "service") == "Xét nghiệm HIV (HIV_TEST)"
    assert labels.code_name("NOT_A_CODE") == "NOT_A_CODE"


def test_dashboard_and_printed_return_take_their_names_from_labels():
    from ward_desk.ui import dashboard
    from ward_desk.ui.returns.form import render_html

    assert dashboard.SERVICES == rules.SERVICES
    cells = [("REFERRED", "JOB", "F", "25-29", 1, 1), ("LOAN_REFERRED", "JOB", "F", "25-29", 1, 1),
             ("SESSIONS", "EST_OWNER", "*", "*", 2, 2), ("COMMODITIES", "CONDOMS", "*", "*", 9, 9)]
    page = render_html(cells, {"unit_code": "00070"})
    for name in ("Giới thiệu việc làm", "Giải quyết việc làm", "Chủ cơ sở", "Bao cao su"):
        assert name in page


# ---- Qt's own texts

def test_message_boxes_and_button_boxes_read_vietnamese(qtbot, vietnamese):
    box = widgets.message_box(None, QMessageBox.Icon.Question, "t", "q",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text() for b in box.buttons()) == ["&Có", "&Không"]
    # boxes Qt builds itself (QMessageBox.question, QInputDialog, standard button boxes) through the .ts too
    plain = QMessageBox(QMessageBox.Icon.Warning, "t", "q", QMessageBox.StandardButton.Ok |
                        QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Save |
                        QMessageBox.StandardButton.Discard)
    assert sorted(b.text() for b in plain.buttons()) == ["Huỷ", "Không lưu", "Lưu", "Đồng ý"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
    assert sorted(b.text() for b in buttons.buttons()) == ["Đóng", "Đồng ý"]
    for w in (box, plain, buttons):
        w.deleteLater()


def _answer(text: str, seen: list) -> None:
    """Click the button reading ``text`` in the message box about to open (it is modal)."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == text).click()
    QTimer.singleShot(0, click)


def test_confirm_and_discard_show_vietnamese_answers(qtbot, vietnamese):
    seen: list[str] = []
    _answer("&Không", seen)
    assert widgets.confirm(None, "Xác nhận", "Xoá?") is False
    assert sorted(seen) == ["&Có", "&Không"]
    seen.clear()
    _answer("Bỏ thay đổi", seen)
    assert widgets.ask_discard(None) is True
    assert sorted(seen) == ["Bỏ thay đổi", "Tiếp tục sửa"]
    seen.clear()
    _answer("Đồng ý", seen)
    widgets.show_error(None, "Lỗi", "Không lưu được")
    assert seen == ["Đồng ý"]


def test_calendar_names_months_and_days_in_vietnamese(qtbot, vietnamese):
    assert QLocale().language() == QLocale.Language.Vietnamese
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().standaloneMonthName(11) == "Tháng 11"
    assert calendar.locale().dayName(1) == "Thứ Hai" and calendar.firstDayOfWeek().name == "Monday"


def test_english_ui_gives_the_system_locale_back(qapp):
    from ward_desk.ui import i18n

    i18n.install_translator("vi")
    i18n.install_translator("en")
    assert QLocale() == QLocale.system()


def test_every_text_we_hand_to_qt_is_translated():
    ts = TS.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts and "<translation></translation>" not in ts
    platform = re.search(r"<name>QPlatformTheme</name>(.*?)</context>", ts, re.S).group(1)
    for source in widgets.STANDARD_BUTTONS.values():
        assert f"<source>{source.replace('&', '&amp;')}</source>" in platform, source
    dialogs = re.search(r"<name>Dialogs</name>(.*?)</context>", ts, re.S).group(1)
    for source in ("Unsaved changes", "Discard the changes you have not saved?", "Discard changes", "Keep editing"):
        assert f"<source>{source}</source>" in dialogs


# ---- the date field

def test_a_badly_typed_date_is_explained_in_dd_mm_yyyy(qtbot, context, vietnamese):
    from ward_desk.ui.record_form import RecordForm

    form = RecordForm(context, "contacts")
    qtbot.addWidget(form)
    for typed in ("31/02/2026", "hôm qua", "2026-13-01"):
        form.widgets["date"].set_value(typed)
        assert form.errors["date"].text() == "Ngày không hợp lệ: hãy gõ dd/mm/yyyy, ví dụ 23/11/2026"
        assert "YYYY-MM-DD" not in form.errors["date"].text()
    form.widgets["date"].set_value("23/11/2025")
    assert form.errors["date"].text() == "" and form.widgets["date"].problem() is None
    form.widgets["date"].set_value(str(dt.date.today().year + 1) + "-01-01")  # a real date: the rules judge it
    assert "tương lai" in form.errors["date"].text()
    form._dirty = False


def test_form_lists_name_a_shared_code_by_its_list(qtbot, context):
    from ward_desk.ui.record_form import RecordForm

    for kind, key, name in (("referrals", "service", "Giới thiệu việc làm (JOB)"),
                            ("loans", "programme", "Giải quyết việc làm (JOB)")):
        form = RecordForm(context, kind)
        qtbot.addWidget(form)
        combo = form.widgets[key]
        assert combo.itemText(combo.findData("JOB")) == name
