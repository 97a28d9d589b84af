"""Kiosk mode: the station window fills the screen, has no frame, stays on top, and
cannot be closed, minimised or left full screen until an administrator signs for it.

Qt can keep its own window in front and refuse to close; the platform's shortcuts
(Alt+Tab, the Windows key, Ctrl+Alt+Del) belong to the desktop. On the plant PC the
kiosk session runs CellDeck as the only application (Linux: the cage compositor, see
packaging/; Windows: the shell replacement or assigned access), which keeps those out.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.records.users import AccountError
from app.security import PermissionDenied
from ui.bridge import CoreBridge
from ui.slots import asyncSlot
from ui.theme import alive, show_refusal
from ui.widgets.forms import busy, dialog_buttons, refusal_label, touch_field

log = logging.getLogger(__name__)


class KioskLock(QObject):
    """Holds a window in kiosk mode until ``unlock()``."""

    refused = Signal(str)  # why a close or a leave was refused, for the window to show

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.locked = True
        was_visible = window.isVisible()
        window.setWindowFlags(
            window.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        window.installEventFilter(self)
        self.refusals = 0
        if was_visible:  # changing the flags hid it
            self.show()

    def show(self) -> None:
        self.window.showFullScreen()

    def unlock(self) -> None:
        self.locked = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked or watched is not self.window:
            return False
        if event.type() == QEvent.Type.Close:
            event.ignore()
            self.refusals += 1
            message = self.tr(
                "This is a kiosk: only an administrator can close CellDeck (Leave kiosk)."
            )
            log.info("kiosk: close refused")
            self.refused.emit(message)
            return True
        if event.type() == QEvent.Type.WindowStateChange and not self.window.isFullScreen():
            # Minimised or restored by a shortcut: back to full screen at once.
            QTimer.singleShot(0, self.window.showFullScreen)
        return False


class LeaveKioskDialog(QDialog):
    """An administrator signs to leave kiosk mode (audited as kiosk-exit)."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(self.tr("Leave kiosk"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Closing the kiosk stops the operators' screen beside the equipment. The "
                "plant keeps running. An administrator signs for it; it is recorded in the "
                "audit trail."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        actor = bridge.actor
        self.user_id = touch_field(actor.user_id if actor is not None else "")
        self.password = touch_field(secret=True)
        self.reason = touch_field()
        self.reason.setPlaceholderText(self.tr("e.g. software update, PC maintenance"))
        form.addRow(self.tr("Administrator"), self.user_id)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.message = refusal_label()
        layout.addWidget(self.message)
        self.cancel_button, self.leave_button = dialog_buttons(
            layout,
            self.tr("Stay in kiosk"),
            self.tr("Close CellDeck"),
            on_cancel=self.reject,
            on_confirm=self.submit,
        )
        self.password.returnPressed.connect(self.submit)

    @asyncSlot()
    async def submit(self) -> None:
        user_id, password = self.user_id.text().strip(), self.password.text()
        reason = self.reason.text().strip()
        if not (user_id and password and reason):
            show_refusal(self.message, self.tr("Enter user id, password and the reason."))
            return
        with busy(self, self.leave_button):
            try:
                station = self.bridge.core.station
                await self.bridge.run(station.leave_kiosk(user_id, password, reason))
            except (AccountError, PermissionDenied) as exc:
                if alive(self):
                    show_refusal(self.message, str(exc))
                    self.password.clear()
                return
        if alive(self):
            self.accept()
