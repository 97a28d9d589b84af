"""The alarm banner, on every page: the most important unacknowledged alarms, counts per
priority, flood notice, audible annunciation with a silence button.

Unacknowledged alarms blink (ISA-18.2); acknowledged ones are steady. Priority is carried
by colour, shape and number together.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmSnapshot, AlarmView
from app.alarms.states import STANDING, UNACKNOWLEDGED, AlarmState
from hardware import ConnectionState
from ui import alarm_style, theme
from ui.bridge import CoreBridge
from ui.format import format_measured

log = logging.getLogger(__name__)

SHOWN_ALARMS = 2
REPEAT_S = {Priority.CRITICAL: 10.0, Priority.HIGH: 30.0}  # re-sound until acknowledged


def ranked_unacknowledged(snapshot: AlarmSnapshot) -> list[AlarmView]:
    """Unacknowledged alarms, most important first: priority, then newest."""
    views = [v for v in snapshot.alarms if v.state in UNACKNOWLEDGED]
    views.sort(key=lambda v: (v.priority.rank, -(v.activated_at or v.changed_at)))
    return views


def banner_line(view: AlarmView, when: str) -> str:
    """One unacknowledged alarm as the banner reads it: time, place, text and value. One
    that has returned to normal (latched or not) says so in the words of the alarm table
    and detail, so an alarm that is over is not read as one still standing."""
    if view.state is not AlarmState.UNACK:
        return f"{when}  {alarm_style.state_label(view.state)}  {view.source}  {view.message}"
    value = ""
    if isinstance(view.value, float | int) and not isinstance(view.value, bool):
        value = f"  {format_measured(view.value, view.unit)}"
    return f"{when}  {view.source}  {view.message}{value}"


class Annunciator:
    """Plays the priority's sound for new unacknowledged alarms; silence mutes until the
    next new alarm. Sound failures (no audio device) are logged, never fatal."""

    def __init__(self) -> None:
        self.silenced = False
        self.played: list[Priority] = []
        self._known: set[str] = set()
        self._last_played = 0.0
        self._effects: dict[Priority, object] = {}
        try:
            from PySide6.QtMultimedia import QSoundEffect

            for priority in Priority:
                effect = QSoundEffect()
                effect.setSource(QUrl.fromLocalFile(str(alarm_style.sound_path(priority))))
                effect.setVolume(0.9)
                self._effects[priority] = effect
        except Exception:  # QtMultimedia missing or no audio backend
            log.warning("alarm sounds unavailable; annunciation is visual only", exc_info=True)

    def update(self, ranked: list[AlarmView], now: float) -> None:
        current = {v.alarm_id for v in ranked}
        new = [v for v in ranked if v.alarm_id not in self._known]
        self._known = current
        if new:
            self.silenced = False
            self._play(min(v.priority for v in new), now)
        elif ranked and not self.silenced:
            top = ranked[0].priority
            repeat = REPEAT_S.get(top)
            if repeat is not None and now - self._last_played >= repeat:
                self._play(top, now)

    def _play(self, priority: Priority, now: float) -> None:
        self.played.append(priority)
        self._last_played = now
        effect = self._effects.get(priority)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]

    def silence(self) -> None:
        self.silenced = True
        for effect in self._effects.values():
            effect.stop()  # type: ignore[attr-defined]


class AlarmStrip(QWidget):
    """The painted part of the banner: counts and the top alarms."""

    clicked = Signal()

    def __init__(self, banner: AlarmBanner) -> None:
        super().__init__(banner)
        self.banner = banner
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(300)

    def mousePressEvent(self, event: object) -> None:
        self.clicked.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        banner = self.banner
        snapshot = banner.snapshot
        x = 8.0
        height = float(self.height())
        font = QFont(painter.font())
        font.setPixelSize(18)
        font.setBold(True)
        painter.setFont(font)
        # Counts per priority: a badge each, coloured only when there is something to count.
        for priority in Priority:
            count = snapshot.counts.get(priority.value, 0)
            rect = QRectF(x, 6, 74, height - 12)
            if count:
                painter.fillRect(rect, alarm_style.PRIORITY_COLOR[priority])
                painter.setPen(alarm_style.PRIORITY_TEXT[priority])
            else:
                painter.setPen(QPen(theme.BORDER, 1))
                painter.drawRect(rect)
                painter.setPen(theme.TEXT_MUTED)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignCenter,
                f"{alarm_style.priority_badge(priority)} {count}",
            )
            x += 80
        x += 8
        area = QRectF(x, 4, self.width() - x - 4, height - 8)
        font.setPixelSize(17)
        font.setBold(False)
        painter.setFont(font)
        if banner.flooded:
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(theme.TEXT)
            painter.drawText(
                QRectF(area.left(), area.top(), area.width(), area.height() / 2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.tr("ALARM FLOOD in %1: first-out shown first; every alarm is kept").replace(
                    "%1", ", ".join(banner.flooded)
                ),
            )
            font.setBold(False)
            painter.setFont(font)
            rows = banner.top[:1]
            top = area.top() + area.height() / 2
        else:
            rows = banner.top[:SHOWN_ALARMS]
            top = area.top()
        if not rows and not banner.flooded:
            painter.setPen(theme.TEXT_MUTED)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, banner.idle_text()
            )
            return
        line_h = area.height() / SHOWN_ALARMS
        for index, view in enumerate(rows):
            row = QRectF(area.left(), top + index * line_h, area.width(), line_h)
            self._paint_alarm(painter, row, view)

    def _paint_alarm(self, painter: QPainter, row: QRectF, view: AlarmView) -> None:
        badge = QRectF(row.left(), row.top() + 2, 52, row.height() - 4)
        # Blink the indicator of unacknowledged alarms; the text stays readable.
        if self.banner.blink_on:
            painter.fillRect(badge, alarm_style.PRIORITY_COLOR[view.priority])
            painter.setPen(alarm_style.PRIORITY_TEXT[view.priority])
        else:
            painter.setPen(QPen(alarm_style.PRIORITY_COLOR[view.priority], 2))
            painter.drawRect(badge)
            painter.setPen(theme.TEXT)
        painter.drawText(
            badge, Qt.AlignmentFlag.AlignCenter, alarm_style.priority_badge(view.priority)
        )
        painter.setPen(theme.TEXT)
        when = self.banner.bridge.local_time(view.activated_at or view.changed_at)
        text = banner_line(view, when)
        if view.first_out:
            text = self.tr("FIRST OUT") + "  " + text
        text_rect = row.adjusted(60, 0, 0, 0)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                text, Qt.TextElideMode.ElideRight, int(text_rect.width())
            ),
        )


class AlarmBanner(QWidget):
    open_alarms = Signal()

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlarmBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.bridge = bridge
        self.snapshot = bridge.alarms
        self.top: list[AlarmView] = []
        self.flooded: tuple[str, ...] = ()
        self.blink_on = True
        self.annunciator = Annunciator()
        self.setFixedHeight(72)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 8, 2)
        self.strip = AlarmStrip(self)
        self.strip.clicked.connect(self.open_alarms)
        layout.addWidget(self.strip, 1)
        self.silence_button = QPushButton(self.tr("Silence"))
        self.silence_button.setObjectName("SilenceButton")
        self.silence_button.setMinimumSize(120, 64)
        self.silence_button.clicked.connect(self.silence)
        layout.addWidget(self.silence_button)
        self.alarms_button = QPushButton(self.tr("Alarms"))
        self.alarms_button.setMinimumSize(120, 64)
        self.alarms_button.clicked.connect(self.open_alarms)
        layout.addWidget(self.alarms_button)
        self._blink = QTimer(self)
        self._blink.setInterval(500)
        self._blink.timeout.connect(self._toggle_blink)
        self._blink.start()
        bridge.alarms_changed.connect(self.on_alarms)
        self.on_alarms(bridge.alarms)

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        self.snapshot = snapshot
        self.top = ranked_unacknowledged(snapshot)
        self.flooded = snapshot.flooded_areas
        if self.flooded:
            first = [v for v in self.top if v.first_out]
            self.top = first + [v for v in self.top if not v.first_out]
        self.annunciator.update(self.top, time.time())
        self.silence_button.setEnabled(bool(self.top) and not self.annunciator.silenced)
        self.strip.update()

    def silence(self) -> None:
        self.annunciator.silence()
        self.silence_button.setEnabled(False)

    def refresh(self) -> None:
        """Called once a second: re-check sounds that repeat, and device connections."""
        self.annunciator.update(self.top, time.time())
        self.strip.update()

    def _toggle_blink(self) -> None:
        if self.top:
            self.blink_on = not self.blink_on
            self.strip.update()
        elif not self.blink_on:
            self.blink_on = True

    def idle_text(self) -> str:
        lost = [
            s.device_id
            for s in self.bridge.device_statuses.values()
            if s.state is not ConnectionState.CONNECTED
        ]
        states = [view.state for view in self.snapshot.alarms]
        acknowledged = sum(1 for state in states if state in STANDING)
        shelved = sum(1 for state in states if state in (AlarmState.SHLVD, AlarmState.OOSRV))
        if lost:
            return self.tr("No unacknowledged alarms. Not connected: %1").replace(
                "%1", ", ".join(lost[:6])
            )
        return (
            self.tr(
                "No unacknowledged alarms · %1 acknowledged standing · %2 shelved or out of service"
            )
            .replace("%1", str(acknowledged))
            .replace("%2", str(shelved))
        )
