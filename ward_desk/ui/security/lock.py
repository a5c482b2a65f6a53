"""UI layer: the inactivity lock. After ``lock_minutes`` (setting, default 10) with no key or mouse input the
window is covered by a modal dialog that asks the signed-in user's password again (``accounts.unlock_session``,
counted like a sign-in, so lockout applies). Every window underneath is covered by a plain panel while locked,
so nobody passing the desk reads the register behind the dialog. Whatever was open underneath (a half-typed
form) stays exactly as it was: nothing is closed or discarded. Esc does not dismiss it; "Quit Ward Desk" ends the app, where each open
form still asks about unsaved changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ward_desk.config import language
from ward_desk.errors import WardDeskError

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class LockDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        from ward_desk.services import accounts

        user = accounts.current_user()
        self.setWindowTitle(self.tr("Ward Desk is locked"))
        self.setModal(True)
        label = QLabel(self.tr("Ward Desk was locked after a while without use. %1, type your password to go on; "
                               "nothing you had open was lost.").replace("%1", user.full_name or user.username
                                                                         if user else ""), self)
        label.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        unlock = buttons.addButton(self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        unlock.setDefault(True)
        self.quit_button = buttons.addButton(self.tr("Quit Ward Desk"), QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.accepted.connect(self.try_unlock)
        self.quit_button.clicked.connect(self._quit)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.password)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.quit_requested = False

    def reject(self) -> None:  # Esc and the title bar's close do not unlock
        self.password.setFocus()

    def _quit(self) -> None:
        self.quit_requested = True
        self.done(QDialog.DialogCode.Rejected)

    def try_unlock(self) -> bool:
        from ward_desk.services import accounts

        try:
            accounts.unlock_session(self.password.text())
        except WardDeskError as exc:
            self.problem.setText(exc.message(language()))
            self.password.clear()
            return False
        self.accept()
        return True


class Cover(QWidget):
    """An opaque panel over the whole of a window (menus, lists, forms), following its size, until removed."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize and obj is self.parent():
            self.setGeometry(obj.rect())
            self.raise_()
        elif event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self._on_top)
        return False

    def _on_top(self) -> None:
        from shiboken6 import isValid

        if isValid(self):
            self.raise_()


def cover_windows(except_for: QWidget | None = None) -> list[Cover]:
    """Cover every visible top-level window but ``except_for`` (the lock dialog)."""
    covers = []
    for widget in QApplication.topLevelWidgets():
        if widget is except_for or not widget.isVisible() or isinstance(widget, (LockDialog, Cover)):
            continue
        covers.append(Cover(widget))
    return covers


def remove_covers(covers: list[Cover]) -> None:
    from shiboken6 import isValid

    for cover in covers:
        if isValid(cover):
            cover.parent().removeEventFilter(cover) if cover.parent() is not None else None
            cover.hide()
            cover.deleteLater()


class InactivityLock(QObject):
    """Watches the whole application's input; locks ``window`` after ``minutes`` idle (0: never)."""

    def __init__(self, window, minutes: float | None = None, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.locked = False
        self.set_minutes(self._setting() if minutes is None else minutes)
        QApplication.instance().installEventFilter(self)

    @staticmethod
    def _setting() -> float:
        from ward_desk.services import settings

        try:
            return float(settings.get("lock_minutes") or 10)
        except (TypeError, ValueError):
            return 10.0

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(int(minutes * 60_000))
        else:
            self.timer.stop()

    def eventFilter(self, obj, event) -> bool:
        from shiboken6 import isValid

        if not isValid(self.timer):
            return False
        if not self.locked and event.type() in _ACTIVITY and self.minutes > 0:
            self.timer.start(int(self.minutes * 60_000))
        return False

    def lock(self) -> bool:
        """Show the lock dialog over the active window; True once unlocked, False if the clerk chose to quit."""
        self.locked = True
        covers: list[Cover] = []
        try:
            dialog = LockDialog(QApplication.activeModalWidget() or self.window)
            self.dialog = dialog
            covers = cover_windows(except_for=dialog)
            self.covers = covers
            dialog.exec()
            if dialog.quit_requested:
                self.window.close()
                return False
            return True
        finally:
            remove_covers(covers)
            self.covers = []
            self.dialog = None
            self.locked = False
            from shiboken6 import isValid

            if self.minutes > 0 and isValid(self.timer):  # the window may have gone while it was locked
                self.timer.start(int(self.minutes * 60_000))
