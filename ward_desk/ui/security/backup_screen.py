"""UI layer: backups and the data's key (administrators): back up now, to a chosen folder (a USB stick), restore
one; change the data passphrase, then (offered at once) re-encrypt the data with a new key, so an old key file
with the old passphrase opens nothing made after.

Restoring replaces everything entered since that backup, so it asks first and says so; the service refuses a
damaged backup or another ward's with its own message, and keeps the current file until the restored one opens.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ward_desk.config import language
from ward_desk.errors import WardDeskError


class BackupScreen(QWidget):
    def __init__(self, context=None, parent=None):
        super().__init__(parent)
        self.context = context
        intro = QLabel(self.tr("Ward Desk makes an encrypted backup every day while it is open and each time it "
                               "closes, keeping the newest of the last 7 days and 12 months. Keep a copy away "
                               "from this PC too (a USB stick locked in a drawer)."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Backup"), self.tr("Made"), self.tr("Size")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        now = QPushButton(self.tr("Back up now"), self)
        to = QPushButton(self.tr("Back up to a folder…"), self)
        restore = QPushButton(self.tr("Restore the selected backup…"), self)
        other = QPushButton(self.tr("Restore a backup from a file…"), self)
        passphrase = QPushButton(self.tr("Change the data passphrase…"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (now, to, restore, other, passphrase):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        now.clicked.connect(lambda: self.back_up())
        to.clicked.connect(self.back_up_to)
        restore.clicked.connect(lambda: self.restore(self.selected()))
        other.clicked.connect(self.restore_from_file)
        passphrase.clicked.connect(lambda: self.change_passphrase())
        self.refresh()

    def refresh(self) -> None:
        from ward_desk.services import backup

        self.paths = backup.list_backups()
        self.table.setRowCount(len(self.paths))
        for row, path in enumerate(self.paths):
            stat = path.stat()
            made = backup.made_at(path).strftime("%d/%m/%Y %H:%M")  # the time in its name, not the file's
            for column, text in enumerate((path.name, made, f"{stat.st_size / 2**20:.1f} MB")):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self):
        row = self.table.currentRow()
        return self.paths[row] if 0 <= row < len(self.paths) else None

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def back_up(self, folder: str | None = None):
        from ward_desk.services import backup

        try:
            path = backup.create(to=folder) if folder else backup.create()
        except WardDeskError as exc:
            self._say(exc.message(language()), ok=False)
            return None
        self._say(self.tr("Backup written: %1").replace("%1", str(path)))
        self.refresh()
        return path

    def back_up_to(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where to write the backup (e.g. a USB stick)"))
        if folder:
            self.back_up(folder)

    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Backup to restore"), "",
                                              self.tr("Ward Desk backups (*.wdbak *.db);;All files (*)"))
        if path:
            self.restore(path)

    def restore(self, path, *, confirmed: bool | None = None) -> bool:
        from ward_desk.services import backup

        if path is None:
            self._say(self.tr("Choose a backup in the list first."), ok=False)
            return False
        if confirmed is None:
            confirmed = QMessageBox.question(
                self, self.tr("Restore a backup"),
                self.tr("Restore %1?\n\nEverything entered after that backup is replaced and must be entered "
                        "again. The current data is kept until the restored backup has opened.")
                .replace("%1", str(getattr(path, "name", path)))) == QMessageBox.StandardButton.Yes
        if not confirmed:
            return False
        try:
            backup.restore(path)
        except WardDeskError as exc:
            self._say(exc.message(language()), ok=False)
            return False
        self._say(self.tr("Restored %1. Every screen now shows the restored data.")
                  .replace("%1", str(getattr(path, "name", path))))
        if self.context is not None:
            self.context.notify_saved("*")
            self.context.settings_changed.emit()
        self.refresh()
        return True

    def change_passphrase(self, new: str | None = None, *, rotate: bool | None = None) -> bool:
        """A new passphrase (asked twice), then the offer to rotate the key: a passphrase change alone leaves
        the key, so an old key file with the old passphrase would still open everything."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from ward_desk.services import key_admin

        if new is None:
            new, ok = QInputDialog.getText(self, self.tr("Change the data passphrase"),
                                           self.tr("New passphrase (8 characters or more, a few words):"),
                                           QLineEdit.EchoMode.Password)
            if not ok:
                return False
            again, ok = QInputDialog.getText(self, self.tr("Change the data passphrase"),
                                             self.tr("The new passphrase again:"), QLineEdit.EchoMode.Password)
            if not ok:
                return False
            if again != new:
                self._say(self.tr("The two passphrases differ; nothing was changed."), ok=False)
                return False
        try:
            key_admin.change_passphrase(new)
        except WardDeskError as exc:
            self._say(exc.message(language()), ok=False)
            return False
        self._say(self.tr("The passphrase was changed. The data's key was not: an old copy of the key file with "
                          "the old passphrase still opens the data."))
        if rotate is None:
            rotate = QMessageBox.question(
                self, self.tr("Re-encrypt with a new key?"),
                self.tr("Changing the passphrase does not change the key that encrypts the data: an old copy of "
                        "ward.key.json (from a backup, a USB stick) with the old passphrase still opens it and "
                        "every new backup.\n\nRe-encrypt the data now with a new key? Old key files then open "
                        "nothing made from now on; a new recovery code is shown once.")
            ) == QMessageBox.StandardButton.Yes
        if not rotate:
            return True
        try:
            code = key_admin.rotate(new)
        except WardDeskError as exc:
            self._say(exc.message(language()), ok=False)
            return True
        self.recovery_code = code
        text = self.tr("The data was re-encrypted with a new key. NEW RECOVERY CODE (write it down, keep it locked "
                       "away; shown only once): %1").replace("%1", code)
        self._say(text)
        if getattr(type(self).change_passphrase, "quiet", False) is False:
            QMessageBox.information(self, self.tr("New recovery code"), text)
        self.refresh()
        return True
