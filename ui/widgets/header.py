"""The station header: where am I, who is signed in, what time is it, is the plant there."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.security import Actor
from hardware import ConnectionState
from ui.bridge import CoreBridge
from ui.format import format_datetime
from ui.slots import asyncSlot
from ui.terms import role_name
from ui.theme import BASE_FONT_PX

# Above this many devices the header summarises instead of showing one chip each.
MAX_CHIPS = 6
SIGNED_OUT_BY_USER = "signed out by the user"


def _site_font() -> QFont:
    """The site name's font as the style sheet sets it (20 px, bold, times the font scale
    the application font carries)."""
    scale = QApplication.font().pixelSize() / BASE_FONT_PX
    font = QFont("DejaVu Sans")
    font.setPixelSize(round(20 * (scale if scale > 0 else 1.0)))
    font.setBold(True)
    return font


def two_line_width(text: str, font: QFont) -> int:
    """The width that shows ``text`` on two lines at best (split at a space)."""
    metrics = QFontMetrics(font)
    words = text.split()
    best = metrics.horizontalAdvance(text)
    for split in range(1, len(words)):
        lines = (" ".join(words[:split]), " ".join(words[split:]))
        best = min(best, max(metrics.horizontalAdvance(line) for line in lines))
    return best + 8


class Header(QWidget):
    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.bridge = bridge
        plant = bridge.plant
        self.zone = bridge.zone
        self.setFixedHeight(76)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 2, 16, 2)
        names = QVBoxLayout()
        self.site_label = QLabel(plant.site.name)
        self.site_label.setObjectName("SiteName")
        self.site_label.setWordWrap(True)
        # Two whole lines at least: the device chips give way first when a signed-in
        # person's button is wider (a third line would be cut off by the header's height).
        self.site_label.setMinimumWidth(max(220, two_line_width(plant.site.name, _site_font())))
        self.station_label = QLabel(plant.station.name)
        self.station_label.setObjectName("StationName")
        names.addWidget(self.site_label)
        names.addWidget(self.station_label)
        layout.addLayout(names, 3)
        # The signed-in person, and the touch target to sign in or out.
        self.user_label = QPushButton(self.tr("Not signed in"))
        self.user_label.setObjectName("UserLabel")
        self.user_label.setMinimumSize(170, 64)
        self.user_label.clicked.connect(self.sign_in_or_out)
        layout.addWidget(self.user_label)
        self.dialog: QDialog | None = None
        # Signed in, the button opens the person's menu (large items for gloved hands).
        self.user_menu = QMenu(self)
        self.user_menu.setObjectName("UserMenu")
        self.change_password_action = QAction(self.tr("Change password…"), self)
        self.sign_out_action = QAction(self.tr("Sign out"), self)
        self.user_menu.addAction(self.change_password_action)
        self.user_menu.addAction(self.sign_out_action)
        self.change_password_action.triggered.connect(self.open_password_change)
        self.sign_out_action.triggered.connect(lambda: self.bridge.sign_out(SIGNED_OUT_BY_USER))
        layout.addSpacing(16)
        self.chips_box = QGridLayout()
        self.chips_box.setSpacing(4)
        self.chips: dict[str, QLabel] = {}
        layout.addLayout(self.chips_box, 4)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("Clock")
        layout.addWidget(self.clock_label)
        bridge.actor_changed.connect(self.show_actor)
        self.show_actor(bridge.actor)
        self.refresh()

    def sign_in_or_out(self) -> None:
        if self.bridge.actor is not None:
            below = self.user_label.mapToGlobal(QPoint(0, self.user_label.height()))
            self.user_menu.popup(below)
        else:
            self.open_sign_in()

    def open_password_change(self) -> None:
        from ui.widgets.password_change import PasswordChangeDialog

        actor = self.bridge.actor
        if actor is None:
            return
        dialog = PasswordChangeDialog(self.bridge, actor.user_id, parent=self)
        self.dialog = dialog
        dialog.open()

    @asyncSlot()
    async def open_sign_in(self) -> None:
        from ui.widgets.sign_in import FirstAdministratorDialog, SignInDialog

        station = self.bridge.core.station
        has_users = await self.bridge.run(station.call_users("has_users"))
        dialog = (
            SignInDialog(self.bridge, self)
            if has_users
            else FirstAdministratorDialog(self.bridge, self)
        )
        self.dialog = dialog
        dialog.open()

    def show_actor(self, actor: Actor | None) -> None:
        if actor is None:
            self.user_label.setText(self.tr("Not signed in"))
        else:
            self.user_label.setText(f"{actor.name}\n{role_name(actor.role)}")

    def show_minutes_left(self, minutes: int) -> None:
        """Who is signed in and how long until the automatic sign-out, always in view."""
        actor = self.bridge.actor
        if actor is None or minutes < 0:
            self.show_actor(actor)
            return
        self.user_label.setText(
            f"{actor.name}\n{role_name(actor.role)} · "
            + self.tr("sign-out %1 min").replace("%1", str(minutes))
        )

    def refresh(self) -> None:
        now = datetime.now(UTC)
        local = now.astimezone(self.zone)
        self.clock_label.setText(
            self.tr("%1 local\n%2 UTC")
            .replace("%1", format_datetime(local))
            .replace("%2", now.strftime("%H:%M:%S"))
        )
        self._refresh_devices()

    def _refresh_devices(self) -> None:
        statuses = self.bridge.device_statuses
        if len(statuses) <= MAX_CHIPS:
            for device_id, status in statuses.items():
                chip = self.chips.get(device_id)
                if chip is None:
                    chip = self._chip()
                    self.chips[device_id] = chip
                ok = status.state is ConnectionState.CONNECTED
                # Connected: a filled dot. Anything else: a cross and the state in words.
                text = (
                    f"● {device_id}" if ok else (f"✖ {device_id} {self._state_text(status.state)}")
                )
                chip.setText(text)
                chip.setAccessibleDescription(
                    f"{device_id} {self._state_text(status.state)}: {status.detail}"
                )
                chip.setToolTip(status.detail)
                self._set_problem(chip, not ok)
            return
        problems = [s for s in statuses.values() if s.state is not ConnectionState.CONNECTED]
        chip = self.chips.get("*") or self._chip()
        self.chips["*"] = chip
        connected = len(statuses) - len(problems)
        text = (
            self.tr("%1 of %2 devices connected")
            .replace("%1", str(connected))
            .replace("%2", str(len(statuses)))
        )
        if problems:
            names = ", ".join(s.device_id for s in problems[:4])
            more = len(problems) - 4
            text += "\n✖ " + names + (f" +{more}" if more > 0 else "")
        chip.setText(text)
        self._set_problem(chip, bool(problems))

    def _chip(self) -> QLabel:
        chip = QLabel()
        chip.setObjectName("DeviceChip")
        index = len(self.chips)
        self.chips_box.addWidget(chip, index % 2, index // 2)
        return chip

    @staticmethod
    def _set_problem(chip: QLabel, problem: bool) -> None:
        if chip.property("problem") != problem:
            chip.setProperty("problem", problem)
            chip.style().unpolish(chip)
            chip.style().polish(chip)

    def _state_text(self, state: ConnectionState) -> str:
        return {
            ConnectionState.CONNECTED: self.tr("connected"),
            ConnectionState.CONNECTING: self.tr("connecting"),
            ConnectionState.DISCONNECTED: self.tr("disconnected"),
            ConnectionState.LOST: self.tr("LOST"),
        }[state]
