"""Labels for live values (set only when the text changed, hatched when not trustworthy)
and for refusals (framed, and taking no room while there is nothing to say)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui import theme
from ui.format import Shown
from ui.theme import show_refusal


def set_text(widget: QLabel | QPushButton, text: str) -> None:
    """Set only changed text: an unchanged label costs nothing per frame."""
    if widget.text() != text:
        widget.setText(text)


def refuse(label: QLabel, text: str) -> None:
    """Show why something was refused, framed; an empty text hides the label."""
    was_shown = label.property("shown")
    show_refusal(label, text)
    if label.property("shown") != was_shown:
        _restyle(label)  # the frame's padding, not only its colours
    label.setVisible(bool(text))


def bold_width(widget: QWidget, text: str) -> int:
    """Width of ``text`` in the widget's font made bold (a checked button is bold, and
    its text must not be clipped then)."""
    font = QFont(widget.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(text)


def shown_text(shown: Shown) -> str:
    """A value in words: the number, or the reason it cannot be trusted (no number)."""
    return shown.text if shown.good else f"▨ {shown.flag}"


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a style property (e.g. ``abnormal``) and re-apply the style sheet if it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        _restyle(widget)


def _restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a property changed. Unpolish and polish alone
    repaint colours but keep the old padding and border widths (the box): a style sheet
    of its own, different for every set of flags, makes Qt compute the box again."""
    flags = []
    for raw in widget.dynamicPropertyNames():
        name = bytes(raw).decode()
        if name.startswith("_q_"):
            continue
        try:
            flags.append(f"{name}={widget.property(name)}")
        except RuntimeError:  # a property Qt set with a type Python cannot read: not a flag
            continue
    widget.setStyleSheet(f"/* {' '.join(sorted(flags))} */")


class ValueLabel(QLabel):
    """A live value; hatched when it cannot be trusted (the text then says why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.good = True
        self.setObjectName("ValueLabel")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def show_value(self, shown: Shown, *, abnormal: bool = False, text: str | None = None) -> None:
        set_text(self, text if text is not None and shown.good else shown_text(shown))
        set_flag(self, "abnormal", abnormal and shown.good)
        if shown.good != self.good:
            self.good = shown.good
            set_flag(self, "doubtful", not shown.good)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.good:
            painter = QPainter(self)
            painter.fillRect(self.rect(), QBrush(theme.BAD_QUALITY, Qt.BrushStyle.BDiagPattern))
            painter.end()
        super().paintEvent(event)
