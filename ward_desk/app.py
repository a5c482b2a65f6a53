"""Desktop entry point: the Qt application. Placeholder window until the UI issues land."""

from __future__ import annotations

import sys


def main(data_dir: str | None = None) -> int:
    if "--self-test" in sys.argv[1:]:  # `ward-desk-gui --self-test`: same check as `ward-desk --self-test`
        from ward_desk.selftest import main as self_test

        return self_test()
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Ward Desk")
    label.resize(480, 200)
    label.show()
    return app.exec()
