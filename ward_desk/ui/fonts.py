"""UI layer: the application font, one that has every Vietnamese letter.

A font without a glyph makes Qt fall back per character, and where no installed font has it the clerk sees a
box: "Nguy□n Th□ Hoa". Windows' own UI font, Segoe UI (Windows 7 and later), has the Vietnamese letters, and so
is named first there (Qt's default on Windows is already Segoe UI; naming it keeps a themed or localised
Windows from giving "MS Shell Dlg 2" or a CJK font). On Linux, Noto Sans or DejaVu Sans. A family is taken only
if it is installed and says it covers Vietnamese and each letter of a test sample is in it; if none is, Qt's
default stays (the self-test's translation step shows Vietnamese text either way).
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

# every Vietnamese tone and vowel mark on a base letter, upper and lower case
VIETNAMESE_SAMPLE = "ĂÂĐÊÔƠƯăâđêôơư Nguyễn Thị Hoa Phường Hoàn Kiếm ỳýỷỹỵ ẮẰẲẴẶ ỨỪỬỮỰ ốồổỗộ ẹẻẽ"
PREFERRED = {
    "win32": ("Segoe UI", "Arial", "Tahoma"),
    "darwin": ("Helvetica Neue", "Arial"),
    "linux": ("Noto Sans", "DejaVu Sans", "Liberation Sans", "Ubuntu"),
}


def covers_vietnamese(family: str) -> bool:
    if QFontDatabase.WritingSystem.Vietnamese not in QFontDatabase.writingSystems(family):
        return False
    metrics = QFontMetrics(QFont(family))
    return all(metrics.inFontUcs4(ord(ch)) for ch in VIETNAMESE_SAMPLE if not ch.isspace())


def choose_family(platform: str = sys.platform, installed=None, covers=covers_vietnamese) -> str | None:
    """The first preferred family of ``platform`` that is installed and has the Vietnamese letters."""
    installed = set(QFontDatabase.families() if installed is None else installed)
    key = "linux" if platform.startswith("linux") else platform
    for family in PREFERRED.get(key, PREFERRED["linux"]):
        if family in installed and covers(family):
            return family
    return None


def apply(app) -> str | None:
    """Give the application the chosen family (size and style stay the platform's)."""
    family = choose_family()
    if family is not None:
        font = QFont(app.font())
        font.setFamily(family)
        app.setFont(font)
    return family
