"""The countdown before an automatic sign-out: large, framed, in words, never an alarm
colour (nothing in the plant is wrong; the session is about to end)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.theme import TOUCH_TARGET_PX


class SignOutWarning(QLabel):
    """Shows "Signing out in N s — touch to stay" while ``show_seconds(N)`` gets N >= 0;
    any touch anywhere (this label too) is activity and hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignOutWarning")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(TOUCH_TARGET_PX)
        self.setAccessibleName(self.tr("Automatic sign-out warning"))
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        if seconds < 0:
            self.hide()
            return
        self.setText(self.tr("Signing out in %1 s — touch to stay").replace("%1", str(seconds)))
        self.show()
