"""ISA-101 analog indicators: a value against its normal range, drawn in grey.

The track is the display range; the light part of it is the normal range (from the alarm
limits, or the grade or site limits where no alarm watches the value); a dark pointer
marks the value, a hollow one the setpoint. Only an alarm standing on the value colours
the pointer. A value that cannot be trusted gets no pointer at all, just a hatch: a
position on a scale is a reading too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.alarms.definitions import Priority
from ui import alarm_style, theme

Band = tuple[float | None, float | None]


@dataclass(frozen=True, slots=True)
class Indication:
    """Everything one indicator draws; equal indications draw the same picture, so an
    unchanged one is never repainted."""

    value: float | None  # None: no trustworthy value (hatched, no pointer)
    display: tuple[float, float]
    band: Band = (None, None)
    setpoint: float | None = None
    alarm: Priority | None = None  # priority of an alarm standing on the value


def is_outside(indication: Indication | None) -> bool:
    """Whether a trustworthy value lies outside its normal band."""
    if indication is None or indication.value is None:
        return False
    low, high = indication.band
    value = indication.value
    return (low is not None and value < low) or (high is not None and value > high)


def display_range(
    band: Band,
    engineering: Band = (None, None),
    setpoint: float | None = None,
) -> tuple[float, float] | None:
    """The part of the scale worth drawing: the normal band with room either side (the
    open side of a one-sided band runs to the engineering limit), never beyond the
    engineering range. None when there is nothing to draw a value against."""
    low, high = band
    eng_low, eng_high = engineering
    if low is None and high is None:
        if eng_low is None or eng_high is None:
            return None
        return eng_low, eng_high
    points = [p for p in (low, high, setpoint) if p is not None]
    if low is not None and high is not None:
        lo, hi = min(points), max(points)
        pad = 0.75 * max(hi - lo, 1e-9)
        lo, hi = lo - pad, hi + pad
    elif low is not None:
        hi = eng_high if eng_high is not None else max(points) + 0.5 * abs(low or 1.0)
        lo = low - 0.25 * (hi - low)
    else:
        assert high is not None
        lo = eng_low if eng_low is not None else min(points) - 0.5 * abs(high or 1.0)
        hi = high + 0.25 * (high - lo)
    if eng_low is not None:
        lo = max(lo, eng_low)
    if eng_high is not None:
        hi = min(hi, eng_high)
    if hi <= lo:
        return None
    return lo, hi


def paint_indicator(painter: QPainter, rect: QRectF, shown: Indication) -> None:
    """Draw one indicator into ``rect`` (at least about 8 px high)."""
    low, high = shown.display
    span = high - low

    def x_of(number: float) -> float:
        return rect.left() + (number - low) / span * rect.width()

    # Pointer above the track, setpoint marker below it: they never cover each other.
    pointer_h = min(7.0, rect.height() * 0.4)
    setpoint_h = min(6.0, rect.height() * 0.3)
    track = QRectF(
        rect.left(), rect.top() + pointer_h, rect.width(), rect.height() - pointer_h - setpoint_h
    )
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    band_low, band_high = shown.band
    has_band = band_low is not None or band_high is not None
    # Theme colours are read at paint time: the night theme swaps them.
    normal_fill, outside_fill, pointer = theme.TILE, theme.BORDER, theme.TEXT
    painter.fillRect(track, outside_fill if has_band else normal_fill)
    if has_band:
        left = x_of(band_low) if band_low is not None else track.left()
        right = x_of(band_high) if band_high is not None else track.right()
        left, right = max(track.left(), left), min(track.right(), right)
        if right > left:
            painter.fillRect(QRectF(left, track.top(), right - left, track.height()), normal_fill)
    painter.setPen(QPen(theme.BORDER, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(track)
    if shown.value is None:
        painter.fillRect(track, QBrush(theme.TEXT, Qt.BrushStyle.BDiagPattern))
        painter.restore()
        return
    if shown.setpoint is not None and low <= shown.setpoint <= high:
        x = x_of(shown.setpoint)
        painter.setPen(QPen(pointer, 1))
        painter.setBrush(theme.TILE)
        painter.drawPolygon(_triangle(x, track.bottom(), setpoint_h, down=False))
    value = shown.value
    colour = pointer if shown.alarm is None else alarm_style.PRIORITY_COLOR[shown.alarm]
    painter.setPen(QPen(colour, 1))
    painter.setBrush(colour)
    if value < low:
        painter.drawPolygon(_arrow(track, left_edge=True))
    elif value > high:
        painter.drawPolygon(_arrow(track, left_edge=False))
    else:
        x = x_of(value)
        painter.drawPolygon(_triangle(x, rect.top(), pointer_h, down=True))
        painter.fillRect(QRectF(x - 1, track.top(), 2, track.height()), colour)
    painter.restore()


def _triangle(x: float, top: float, height: float, *, down: bool) -> QPolygonF:
    half = height * 0.8
    if down:
        return QPolygonF([QPointF(x - half, top), QPointF(x + half, top), QPointF(x, top + height)])
    bottom = top + height
    return QPolygonF([QPointF(x - half, bottom), QPointF(x + half, bottom), QPointF(x, top)])


def _arrow(track: QRectF, *, left_edge: bool) -> QPolygonF:
    """Off the scale: an arrow at the end the value went past."""
    mid = track.center().y()
    size = max(4.0, track.height())
    if left_edge:
        tip = track.left()
        return QPolygonF(
            [QPointF(tip, mid), QPointF(tip + size, mid - size), QPointF(tip + size, mid + size)]
        )
    tip = track.right()
    return QPolygonF(
        [QPointF(tip, mid), QPointF(tip - size, mid - size), QPointF(tip - size, mid + size)]
    )


class AnalogIndicator(QWidget):
    """One indicator as a widget, for pages built from layouts; repaints only when what
    it shows changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indication: Indication | None = None
        self.paints = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        self.setFixedHeight(22)

    def sizeHint(self) -> QSize:
        return QSize(200, 22)

    def show_indication(self, indication: Indication | None) -> None:
        if indication != self.indication:
            self.indication = indication
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        if self.indication is None:
            return
        painter = QPainter(self)
        paint_indicator(painter, QRectF(self.rect()).adjusted(8, 2, -8, -2), self.indication)
        painter.end()


def fit_font(painter: QPainter, font: QFont, text: str, width: float, smallest: int = 9) -> None:
    """Shrink the font until ``text`` fits: a clipped number (a lost minus sign or
    leading digit) would be a wrong reading, not a cosmetic flaw."""
    painter.setFont(font)
    while font.pixelSize() > smallest and painter.fontMetrics().horizontalAdvance(text) > width:
        font.setPixelSize(font.pixelSize() - 1)
        painter.setFont(font)
