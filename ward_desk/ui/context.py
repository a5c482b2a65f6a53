"""UI layer: what every screen shares: the open data folder, which kind of folder it is, and change notifications.

Screens are ``QWidget`` subclasses constructed as ``Screen(context, parent=None)``. After a save a screen emits
``records_changed(kind)`` (kind = RECORDS-1 sheet name, or ``"*"``) so lists, the dashboard and follow-up counts
refresh without polling; ``navigate(name, **params)`` asks the main window to show another screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ward_desk import units
from ward_desk.services import office, settings


class AppContext(QObject):
    records_changed = Signal(str)
    settings_changed = Signal()
    navigate_requested = Signal(str, dict)
    status_message = Signal(str)  # a line for the status bar ("Saved: DK0000042")
    access_refused = Signal()  # a service refused the signed-in user: the window looks at the account again

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)

    def navigate(self, name: str, **params) -> None:
        self.navigate_requested.emit(name, params)

    def notify_saved(self, kind: str = "*") -> None:
        self.records_changed.emit(kind)

    def say(self, text: str) -> None:
        self.status_message.emit(text)

    def refused(self, exc: BaseException) -> None:
        """After an action failed with ``exc``: a refusal of the account (a role lowered or the account disabled
        meanwhile, in another window or on another PC) makes the main window re-read it (``access_refused``)."""
        code = getattr(exc, "code", "") or ""
        if code.startswith("auth."):
            self.access_refused.emit()


# ---- which kind of folder is open (main window, settings): a ward's, or a consolidating office's

def is_office_folder() -> bool:
    """The open database is a consolidating office's (``ward-desk office init``), not a ward's."""
    try:
        return office.is_office()
    except Exception:  # no database open (a bare test window): whatever the back end raises for that
        return False


def office_title() -> str:
    """'01 Thành phố Hà Nội', or a custom office's code with its number of wards."""
    code = settings.get("unit_code") or ""
    if units.office_name(code):
        return office.office_label()
    return QCoreApplication.translate("MainWindow", "%1 (%2 wards)").replace("%1", code).replace(
        "%2", str(len(office.office_wards())))
