"""ISA-101 grey palette and the style sheet: grey for normal, colour only for abnormal.

Alarm colours are reserved for alarms (issue #4 wires them); bad or uncertain quality
is shown by pattern and words, never by colour alone.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QLabel

BACKGROUND = QColor("#c6c6c6")
PANEL = QColor("#d6d6d6")
TILE = QColor("#e2e2e2")
TILE_EMPTY = QColor("#cbcbcb")
BORDER = QColor("#8a8a8a")
TEXT = QColor("#141414")
TEXT_MUTED = QColor("#4f4f4f")
PROGRESS = QColor("#5c5c5c")
BAD_QUALITY = QColor("#6e6e6e")
# Alarm priorities (ISA-18.2); used only where an alarm is shown.
ALARM_CRITICAL = QColor("#c000c0")
ALARM_HIGH = QColor("#d40000")
ALARM_MEDIUM = QColor("#f2b600")
ALARM_LOW = QColor("#00a8d8")

BASE_FONT_PX = 18
TOUCH_TARGET_PX = 64  # about 15 mm on a 22-inch 1920x1080 panel


def apply_theme(app: QApplication, name: str = "isa101-day") -> None:
    font = QFont("DejaVu Sans")
    font.setPixelSize(BASE_FONT_PX)
    app.setFont(font)
    qss = resources.files("resources.themes").joinpath(f"{name}.qss").read_text("utf-8")
    app.setStyleSheet(qss)


def show_refusal(label: QLabel, text: str) -> None:
    """Show (or clear, with an empty text) why an action was refused, framed so it reads
    as a message and not as ordinary text (style: QLabel#Refusal[shown])."""
    label.setText(text)
    label.setProperty("shown", bool(text))
    label.style().unpolish(label)
    label.style().polish(label)
