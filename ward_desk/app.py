"""Desktop entry point: the Qt application. Placeholder window until the UI issues land."""

from __future__ import annotations

import sys


def main(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Ward Desk")
    label.resize(480, 200)
    label.show()
    return app.exec()
