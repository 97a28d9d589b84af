"""Environment: each cleanroom's monitor against the limits of the room's EU GMP grade.

Particles per size class, differential pressure, temperature and humidity, each with an
analog indicator against its normal range: the room's alarm limits where an alarm
watches the value, otherwise the grade's at-rest limit (Annex 1) or the site's range.
The grade's Annex 1 limits are spelt out beside each room, and the room's standing
alarms are listed under it.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.alarms.engine import AlarmSnapshot, AlarmView
from app.alarms.limits import TagLimits
from app.cleanroom import ROOM_HUMIDITY_RH, ROOM_TEMPERATURE_C, GradeLimits, grade_limits
from app.config import EnvironmentConfig
from hardware import ConnectionState, Sample
from ui import alarm_style
from ui.bridge import CoreBridge
from ui.format import format_count, format_plain
from ui.process_values import read_value, standing_by_tag, standing_for
from ui.terms import connection_state
from ui.widgets.analog import AnalogIndicator, Band, is_outside
from ui.widgets.highlight import NONE, Highlight
from ui.widgets.scroll import VerticalScroll
from ui.widgets.value_label import ValueLabel, set_flag, set_text

ROOM_PARAMETERS: tuple[str, ...] = (
    "room/particles_0_5um",
    "room/particles_5um",
    "room/differential_pressure",
    "room/temperature",
    "room/relative_humidity",
)
STALE_SWEEP_FRAMES = 10
MAX_ALARM_LINES = 4


def parameter_name(tag: str) -> str:
    return {
        "room/particles_0_5um": QCoreApplication.translate("Room", "Particles ≥ 0.5 µm"),
        "room/particles_5um": QCoreApplication.translate("Room", "Particles ≥ 5 µm"),
        "room/differential_pressure": QCoreApplication.translate("Room", "Differential pressure"),
        "room/temperature": QCoreApplication.translate("Room", "Temperature"),
        "room/relative_humidity": QCoreApplication.translate("Room", "Relative humidity"),
    }[tag]


def count(number: float | None) -> str:
    """A particle count with grouped digits (3 520 000), or "not specified"."""
    if number is None:
        return QCoreApplication.translate("Room", "not specified")
    return format_count(number)


def grade_band(tag: str, grade: GradeLimits) -> Band:
    """Where a value is normal for the grade when no alarm watches it."""
    if tag == "room/particles_0_5um":
        return (None, grade.particles_0_5um_at_rest)
    if tag == "room/particles_5um":
        return (None, grade.particles_5um_at_rest)
    if tag == "room/differential_pressure":
        return (grade.min_differential_pressure_pa, None)
    if tag == "room/temperature":
        return ROOM_TEMPERATURE_C
    return ROOM_HUMIDITY_RH


def limit_text(tag: str, grade: GradeLimits, alarm: TagLimits, unit: str) -> str:
    """The limits that apply, in words, naming where each comes from."""
    parts = []
    if alarm.high is not None:
        # Particle counts grouped (3 520 000); other values as measured, with their unit.
        high = (
            count(alarm.high)
            if tag.startswith("room/particles")
            else f"{format_plain(alarm.high)} {unit}".strip()
        )
        parts.append(QCoreApplication.translate("Room", "alarm above %1").replace("%1", high))
    if alarm.low is not None:
        parts.append(
            QCoreApplication.translate("Room", "alarm below %1 %2")
            .replace("%1", format_plain(alarm.low))
            .replace("%2", unit)
        )
    if tag in ("room/particles_0_5um", "room/particles_5um"):
        at_rest, in_operation = grade.particles("0_5um" if "0_5" in tag else "5um")
        parts.append(
            QCoreApplication.translate("Room", "grade %1: ≤ %2 at rest, ≤ %3 in operation")
            .replace("%1", grade.grade)
            .replace("%2", count(at_rest))
            .replace("%3", count(in_operation))
        )
    elif tag == "room/differential_pressure":
        parts.append(
            QCoreApplication.translate("Room", "Annex 1 guidance ≥ %1 Pa to a lower grade").replace(
                "%1", format_plain(grade.min_differential_pressure_pa)
            )
        )
    else:
        low, high = grade_band(tag, grade)
        parts.append(
            QCoreApplication.translate("Room", "site range %1-%2 %3")
            .replace("%1", format_plain(low))
            .replace("%2", format_plain(high))
            .replace("%3", unit)
        )
    return " · ".join(parts)


class RoomPanel(QFrame):
    """One room: its monitor's values against the grade, and its alarms."""

    def __init__(self, bridge: CoreBridge, room: EnvironmentConfig) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.bridge = bridge
        self.device_id = room.id
        self.grade = grade_limits(room.grade)
        self._alarms: tuple[AlarmView, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        header = QHBoxLayout()
        heading = QLabel(
            self.tr("%1 · Grade %2").replace("%1", room.room).replace("%2", room.grade)
        )
        heading.setObjectName("SectionTitle")
        self.link = QLabel()
        self.link.setObjectName("BayState")
        monitor = QLabel(room.label)
        monitor.setObjectName("Note")
        header.addWidget(heading)
        header.addSpacing(12)
        header.addWidget(self.link)
        header.addStretch(1)
        header.addWidget(monitor)
        layout.addLayout(header)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.values: dict[str, ValueLabel] = {}
        self.indicators: dict[str, AnalogIndicator] = {}
        self.limits: dict[str, QLabel] = {}
        for row, tag in enumerate(ROOM_PARAMETERS):
            name = QLabel(parameter_name(tag))
            name.setObjectName("RoomParameter")
            value = ValueLabel()
            value.setMinimumWidth(170)
            indicator = AnalogIndicator()
            limits = QLabel()
            limits.setObjectName("NormalRange")
            limits.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(indicator, row, 2)
            grid.addWidget(limits, row, 3)
            grid.setRowMinimumHeight(row, 48)
            self.values[tag], self.indicators[tag], self.limits[tag] = value, indicator, limits
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 3)
        layout.addLayout(grid)
        alarms_title = QLabel(self.tr("Alarms of this room"))
        alarms_title.setObjectName("SectionTitle")
        layout.addWidget(alarms_title)
        self.alarm_lines: list[QLabel] = []
        for _ in range(MAX_ALARM_LINES):
            line = QLabel()
            line.setObjectName("AlarmLine")
            line.setWordWrap(True)
            line.hide()
            layout.addWidget(line)
            self.alarm_lines.append(line)
        self.no_alarms = QLabel(self.tr("No standing alarms."))
        self.no_alarms.setObjectName("Note")
        layout.addWidget(self.no_alarms)
        layout.addStretch(1)
        self._highlight = Highlight(
            self, lambda: set_flag(self, "highlighted", self._highlight.current != NONE)
        )

    def highlight(self, seconds: float = 8.0) -> None:
        self._highlight.show(1, seconds)

    def refresh(self) -> None:
        now = time.time()
        status = self.bridge.device_statuses.get(self.device_id)
        connected = status is None or status.state is ConnectionState.CONNECTED
        set_text(
            self.link,
            self.tr("CONNECTED") if connected else f"✖ {connection_state(status.state)}",  # type: ignore[union-attr]
        )
        set_flag(self.link, "abnormal", not connected)
        by_tag = standing_by_tag(self.bridge.alarms)
        limits_table = self.bridge.core.station.limits
        for tag in ROOM_PARAMETERS:
            path = f"{self.device_id}/{tag}"
            alarm_limits = limits_table.for_tag(path)
            band = None if not alarm_limits.empty else grade_band(tag, self.grade)
            alarm = by_tag.get(path)
            reading = read_value(
                self.bridge,
                path,
                alarm=alarm.priority if alarm is not None else None,
                band=band,
                now=now,
            )
            spec = self.bridge.spec(path)
            unit = spec.unit if spec is not None else ""
            outside = is_outside(reading.indication)
            number = reading.indication.value if reading.indication is not None else None
            text = None
            if number is not None and tag.startswith("room/particles"):
                text = f"{count(number)} {unit}"
            if outside and reading.shown.good:
                text = "▲ " + (text or reading.shown.text)
            self.values[tag].show_value(reading.shown, abnormal=outside, text=text)
            self.indicators[tag].show_indication(reading.indication)
            set_text(self.limits[tag], limit_text(tag, self.grade, alarm_limits, unit))

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        views = tuple(standing_for(snapshot, self.device_id))
        if views == self._alarms:
            return
        self._alarms = views
        for index, line in enumerate(self.alarm_lines):
            if index >= len(views):
                line.hide()
                continue
            view = views[index]
            since = self.bridge.local_time(view.activated_at)
            line.setText(
                f"{alarm_style.priority_badge(view.priority)}  {view.message} — "
                f"{alarm_style.state_label(view.state)} · {since}"
            )
            line.show()
        self.no_alarms.setVisible(not views)


SCROLL_BAR_ROOM_PX = 40  # the page's scroll bar (28 px) and its frame


class EnvironmentPage(QWidget):
    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Environment"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        self._grid = grid
        self._columns = 0
        rooms = bridge.plant.environments
        self.rooms: dict[str, RoomPanel] = {}
        for room in rooms:
            self.rooms[room.id] = RoomPanel(bridge, room)
        if not rooms:
            empty = QLabel(self.tr("This plant has no cleanroom monitor."))
            empty.setObjectName("Note")
            grid.addWidget(empty, 0, 0)
        # One column until the page is known to be wide enough for two (resizeEvent): a
        # site's six rooms side by side need 1130 px, more than a 1280 px panel leaves.
        self._arrange(1)
        scroll = VerticalScroll(host)
        layout.addWidget(scroll, 1)
        self._scroll = scroll
        bridge.frame.connect(self.on_frame)
        bridge.alarms_changed.connect(self.on_alarms)
        self.on_alarms(bridge.alarms)
        self.refresh()

    def _arrange(self, columns: int) -> None:
        if columns == self._columns or not self.rooms:
            return
        self._columns = columns
        for panel in self.rooms.values():
            self._grid.removeWidget(panel)
        for index, panel in enumerate(self.rooms.values()):
            self._grid.addWidget(panel, *divmod(index, columns))
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        self._grid.setRowStretch(math.ceil(len(self.rooms) / columns), 1)

    def _one_column_width(self) -> int:
        panel = max((p.minimumSizeHint().width() for p in self.rooms.values()), default=0)
        margins = self.layout().contentsMargins()
        return panel + margins.left() + margins.right() + SCROLL_BAR_ROOM_PX

    def minimumSizeHint(self) -> QSize:
        # What one column needs: in two the page may be squeezed, and then goes to one.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), max(self._one_column_width(), 200)), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= 2 * self._one_column_width() + self._grid.spacing()
        self._arrange(2 if len(self.rooms) > 2 and wide else 1)

    def refresh(self) -> None:
        for panel in self.rooms.values():
            panel.refresh()

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        for panel in self.rooms.values():
            panel.on_alarms(snapshot)

    def highlight(self, device_id: str) -> None:
        panel = self.rooms.get(device_id)
        if panel is not None:
            self._scroll.ensureWidgetVisible(panel)
            panel.highlight()

    def on_frame(self, changes: dict[str, Sample]) -> None:
        if not self.isVisible():
            return
        sweep = self.bridge.frames % STALE_SWEEP_FRAMES == 0
        for device_id, panel in self.rooms.items():
            prefix = device_id + "/"
            if sweep or any(path.startswith(prefix) for path in changes):
                panel.refresh()
