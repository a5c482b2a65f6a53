"""Draw the Ward Desk application icon with QPainter: ``resources/icons/ward-desk.png`` and a multi-size
``ward-desk.ico`` (Windows executable, installer and shortcuts).

Run once when the design changes (`python packaging/make_icon.py`); the outputs are committed, so a build
needs nothing more. Drawn in code rather than shipped as an opaque binary so the design is reviewable.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter,  # noqa: E402
                           QPainterPath, QPen)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    """A teal tile, a white record sheet with ruled lines, and a green tick: "records kept, return done"."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0

    tile = QLinearGradient(0, 0, 0, size)
    tile.setColorAt(0.0, QColor("#159a8c"))
    tile.setColorAt(1.0, QColor("#0b5f63"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(tile))
    margin = 8 * s
    p.drawRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), 44 * s, 44 * s)

    sheet = QRectF(58 * s, 40 * s, 124 * s, 164 * s)
    p.setBrush(QColor(0, 0, 0, 50))
    p.drawRoundedRect(sheet.translated(6 * s, 6 * s), 12 * s, 12 * s)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(sheet, 12 * s, 12 * s)

    # Ruled lines: fewer and thicker at small sizes so they stay legible.
    rows = 3 if size < 48 else 5
    pen = QPen(QColor("#7fa8ad"), max(1.0, 9 * s if size < 48 else 7 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    top, bottom = 72 * s, 160 * s
    for i in range(rows):
        y = top + (bottom - top) * i / max(1, rows - 1)
        right = 154 * s if i % 2 == 0 else 134 * s
        p.drawLine(QPointF(82 * s, y), QPointF(right, y))

    centre, radius = QPointF(178 * s, 178 * s), 50 * s
    p.setPen(QPen(QColor("#ffffff"), max(1.0, 8 * s)))
    p.setBrush(QColor("#f2a516"))
    p.drawEllipse(centre, radius, radius)
    tick = QPainterPath(QPointF(154 * s, 179 * s))
    tick.lineTo(172 * s, 197 * s)
    tick.lineTo(204 * s, 161 * s)
    pen = QPen(QColor("#ffffff"), max(1.5, 14 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """ICO container with PNG-compressed entries (read by Windows Vista and later, and by Inno Setup)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts/raster need an app)
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "ward-desk.png").write_bytes(png_bytes(draw(256)))
    (ICONS / "ward-desk.ico").write_bytes(ico_bytes([(n, png_bytes(draw(n))) for n in ICO_SIZES]))
    print(f"wrote {ICONS / 'ward-desk.png'} and {ICONS / 'ward-desk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
