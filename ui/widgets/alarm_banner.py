"""The alarm banner strip, present on every page.

Alarm management to ISA-18.2 (states, priorities, annunciation) is a later feature; until
it lands the strip says so plainly and shows what the station does know: devices whose
values cannot be trusted because their connection is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from hardware import ConnectionState
from ui.bridge import CoreBridge


class AlarmBanner(QWidget):
    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlarmBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.bridge = bridge
        self.setFixedHeight(56)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 4)
        title = QLabel(self.tr("ALARMS"))
        title.setObjectName("BannerTitle")
        layout.addWidget(title)
        layout.addSpacing(12)
        self.message = QLabel()
        layout.addWidget(self.message, 1)
        self.refresh()

    def refresh(self) -> None:
        lost = [
            s.device_id
            for s in self.bridge.device_statuses.values()
            if s.state is not ConnectionState.CONNECTED
        ]
        text = self.tr(
            "Alarm annunciation is not active in this build: watch the quality marks on values."
        )
        if lost:
            text = (
                self.tr("Connection lost: %1. Their values are marked and not live.").replace(
                    "%1", ", ".join(lost[:6]) + ("…" if len(lost) > 6 else "")
                )
                + "  "
                + text
            )
        self.message.setText(text)
