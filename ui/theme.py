"""ISA-101 grey palette and the style sheet: grey for normal, colour only for abnormal.

Alarm colours are reserved for alarms (issue #4 wires them); bad or uncertain quality
is shown by pattern and words, never by colour alone.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import shiboken6
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# The day palette (greys only); the night variant is derived from it by night_grey().
DAY = {
    "BACKGROUND": "#c6c6c6",
    "PANEL": "#d6d6d6",
    "TILE": "#e2e2e2",
    "TILE_EMPTY": "#cbcbcb",
    "BORDER": "#8a8a8a",
    "TEXT": "#141414",
    "TEXT_MUTED": "#4f4f4f",
    "PROGRESS": "#5c5c5c",
    "BAD_QUALITY": "#6e6e6e",
}
THEMES = ("day", "night")

BACKGROUND = QColor(DAY["BACKGROUND"])
PANEL = QColor(DAY["PANEL"])
TILE = QColor(DAY["TILE"])
TILE_EMPTY = QColor(DAY["TILE_EMPTY"])
BORDER = QColor(DAY["BORDER"])
TEXT = QColor(DAY["TEXT"])
TEXT_MUTED = QColor(DAY["TEXT_MUTED"])
PROGRESS = QColor(DAY["PROGRESS"])
BAD_QUALITY = QColor(DAY["BAD_QUALITY"])
# Alarm priorities (ISA-18.2); used only where an alarm is shown, the same day and night.
ALARM_CRITICAL = QColor("#c000c0")
ALARM_HIGH = QColor("#d40000")
ALARM_MEDIUM = QColor("#f2b600")
ALARM_LOW = QColor("#00a8d8")

BASE_FONT_PX = 18
TOUCH_TARGET_PX = 64  # about 15 mm on a 22-inch 1920x1080 panel
REFUSAL_FRAME_PX = 11  # QLabel#Refusal[shown]: 3 px border + 8 px padding

_HEX = re.compile(r"#([0-9a-fA-F]{6})\b")
_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


def night_grey(hex_colour: str) -> str:
    """The night (dim) twin of a day grey: the grey scale turned over and compressed, so
    a dim control room keeps the same contrast order (dark text on light becomes light
    text on dark) without glare. Colours that are not grey (alarms) stay as they are."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    if max(red, green, blue) - min(red, green, blue) > 8:
        return hex_colour
    level = round(22 + (255 - red) * 0.74)
    return f"#{level:02x}{level:02x}{level:02x}"


def style_sheet(name: str = "day", font_scale: float = 1.0) -> str:
    """The ISA-101 style sheet for ``name`` (day or night) with text sizes scaled."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}")
    qss = resources.files("resources.themes").joinpath("isa101-day.qss").read_text("utf-8")
    # Images in a style sheet are found by file path (not relative to the sheet).
    controls = Path(str(resources.files("resources.icons.controls"))).as_posix()
    qss = qss.replace("@CONTROLS@", controls).replace("@THEME@", name)
    if name == "night":
        qss = _HEX.sub(lambda m: night_grey(m.group(0)), qss)
    if font_scale != 1.0:
        qss = _FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * font_scale)}px", qss)
    return qss


def set_palette(name: str = "day") -> None:
    """Point the painters' colours (read as ``theme.TILE`` at paint time) at a theme."""
    for key, day in DAY.items():
        globals()[key] = QColor(night_grey(day) if name == "night" else day)


def apply_theme(app: QApplication, name: str = "day", font_scale: float = 1.0) -> None:
    font = QFont("DejaVu Sans")
    font.setPixelSize(round(BASE_FONT_PX * font_scale))
    app.setFont(font)
    set_palette(name)
    sheet = style_sheet(name, font_scale)
    # Setting a sheet re-polishes every widget alive; the same sheet again is only cost.
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def paint_progress(
    painter: QPainter, bar: QRect | QRectF, fraction: float | None, *, labelled: bool = False
) -> None:
    """A flat grey progress bar (ISA-101: no colour for a normal state), filled to
    ``fraction`` (nothing while unknown); ``labelled`` bars sit on the tile colour and
    carry their percentage, thin ones on a card's empty colour."""
    painter.setPen(QPen(BORDER, 1))
    painter.setBrush(TILE if labelled else TILE_EMPTY)
    painter.drawRect(bar)
    if fraction is None:
        return
    fraction = min(1.0, fraction)
    if isinstance(bar, QRect):  # whole pixels, as a table cell's rectangle is
        filled: QRect | QRectF = QRect(bar)
        filled.setWidth(int(bar.width() * fraction))
    else:
        filled = QRectF(bar.left(), bar.top(), bar.width() * fraction, bar.height())
    painter.fillRect(filled, PROGRESS)
    if labelled:
        painter.setPen(QColor("#ffffff") if fraction > 0.55 else TEXT)
        painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, f"{round(fraction * 100)} %")


def show_refusal(label: QLabel, text: str) -> None:
    """Show (or clear, with an empty text) why an action was refused, framed so it reads
    as a message and not as ordinary text (style: QLabel#Refusal[shown])."""
    label.setText(text)
    label.setProperty("shown", bool(text))
    label.style().unpolish(label)
    label.style().polish(label)
    # A QLabel's size ignores its style sheet's border and padding, so a wrapped message
    # would lose its last line to the frame; margins of the frame's width make room.
    frame = REFUSAL_FRAME_PX if text else 0
    label.setContentsMargins(frame, frame, frame, frame)


def alive(widget: QWidget) -> bool:
    """Whether a widget still exists after an await: a window can close while the station
    core answers, and touching its deleted C++ object raises."""
    return shiboken6.isValid(widget)
