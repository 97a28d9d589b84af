"""A panel that scrolls up and down by finger (ui/touch gives it a scroller) and never
clips its content sideways."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class VerticalScroll(QScrollArea):
    """Scrolls ``content`` vertically; at least as wide as the content's minimum plus the
    scroll bar, so a short screen adds a scroll bar rather than cutting off the right
    edge of the rows (their setpoint buttons, say)."""

    def __init__(self, content: QWidget, object_name: str = "") -> None:
        super().__init__()
        if object_name:
            self.setObjectName(object_name)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        # Asked by the layout after the style sheet has sized the content, unlike a
        # minimum width fixed when the page is built.
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width + 2 * self.frameWidth()), hint.height())
