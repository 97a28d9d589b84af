"""Fleet view for supervisors: every shuttle, QC instrument and room on the floor at once,
ranked so the unit that needs attention is first, with its alarm counts and worst state.

Works the same whether the units are simulated in-process or watched over OPC UA from
other stations' simulators or real equipment: it reads only live values, device
connection states and the alarm snapshot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmSnapshot
from app.alarms.states import STANDING, UNACKNOWLEDGED
from hardware import ConnectionState
from hardware.catalog import bay_prefix
from ui import alarm_style, theme
from ui.bridge import CoreBridge


@dataclass(slots=True)
class UnitSummary:
    device_id: str
    title: str
    kind: str
    area: str
    connected: bool = True
    unacknowledged: int = 0
    standing: int = 0
    worst: Priority | None = None
    worst_unacknowledged: bool = False
    running: int = 0
    faults: int = 0
    occupied: int = 0
    bays: int = 0

    def rank(self) -> tuple[int, int, int, str]:
        """Lost connection first, then worst alarm, then alarm count, then name."""
        worst = self.worst.rank if self.worst is not None else 9
        return (0 if not self.connected else 1, worst, -self.standing, self.device_id)


MAX_CARD_PX = 140.0


class FleetBoard(QWidget):
    """All units as painted cards (one widget, cheap to repaint)."""

    unit_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units: list[UnitSummary] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(600, 300)

    def _layout(self) -> tuple[int, float, float]:
        count = max(1, len(self.units))
        columns = max(1, min(8, math.ceil(math.sqrt(count * self.width() / max(1, self.height())))))
        rows = math.ceil(count / columns)
        # A few units must not become half-screen cards with three lines in a corner.
        return columns, self.width() / columns, min(MAX_CARD_PX, self.height() / max(1, rows))

    def card_rect(self, index: int) -> QRectF:
        columns, width, height = self._layout()
        row, column = divmod(index, columns)
        return QRectF(column * width + 3, row * height + 3, width - 6, height - 6)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index, unit in enumerate(self.units):
            if self.card_rect(index).contains(event.position()):
                self.unit_clicked.emit(unit.device_id)
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        for index, unit in enumerate(self.units):
            self._paint_card(painter, self.card_rect(index), unit)
        painter.end()

    def _paint_card(self, painter: QPainter, rect: QRectF, unit: UnitSummary) -> None:
        painter.setPen(QPen(theme.BORDER, 1))
        painter.setBrush(theme.TILE)
        painter.drawRect(rect)
        if not unit.connected:
            painter.fillRect(rect, QBrush(theme.TEXT, Qt.BrushStyle.BDiagPattern))
        font = QFont(painter.font())
        line = min(22.0, rect.height() / 4)
        font.setPixelSize(int(line * 0.75))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(theme.TEXT)
        inner = rect.adjusted(8, 4, -8, -4)
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                unit.title, Qt.TextElideMode.ElideRight, int(inner.width())
            ),
        )
        font.setBold(False)
        painter.setFont(font)
        if not unit.connected:
            status = self.tr("COMMUNICATION LOST")
        elif unit.kind == "shuttle":
            status = (
                self.tr("▶ %1 running · %2/%3 bays")
                .replace("%1", str(unit.running))
                .replace("%2", str(unit.occupied))
                .replace("%3", str(unit.bays))
            )
            if unit.faults:
                status += " · " + self.tr("◆ %1 FAULT").replace("%1", str(unit.faults))
        else:
            status = unit.area or (
                self.tr("QC instrument") if unit.kind == "cellq" else self.tr("Room monitor")
            )
        painter.drawText(
            QRectF(inner.left(), inner.top() + line, inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                status, Qt.TextElideMode.ElideRight, int(inner.width())
            ),
        )
        counts = (
            self.tr("%1 unack · %2 standing")
            .replace("%1", str(unit.unacknowledged))
            .replace("%2", str(unit.standing))
        )
        painter.setPen(theme.TEXT_MUTED if not unit.standing else theme.TEXT)
        painter.drawText(
            QRectF(inner.left(), inner.top() + 2 * line, inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            counts,
        )
        if unit.worst is not None:
            size = min(inner.height() - 2 * line, 40.0)
            badge = QRectF(inner.right() - size * 1.6, inner.top(), size * 1.6, size)
            color = alarm_style.PRIORITY_COLOR[unit.worst]
            if unit.worst_unacknowledged:
                painter.fillRect(badge, color)
                painter.setPen(alarm_style.PRIORITY_TEXT[unit.worst])
            else:
                painter.fillRect(badge, theme.TILE)
                painter.setPen(QPen(color, 3))
                painter.drawRect(badge)
                painter.setPen(theme.TEXT)
            font.setBold(True)
            font.setPixelSize(int(size * 0.6))
            painter.setFont(font)
            painter.drawText(
                badge, Qt.AlignmentFlag.AlignCenter, alarm_style.priority_badge(unit.worst)
            )


class FleetPage(QWidget):
    unit_requested = Signal(str)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Fleet"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("Note")
        layout.addWidget(self.summary)
        self.board = FleetBoard()
        self.board.unit_clicked.connect(self.unit_requested)
        layout.addWidget(self.board, 1)
        plant = bridge.plant
        self._units = {
            d.id: UnitSummary(
                d.id, d.label, d.kind, getattr(d, "area", "") or getattr(d, "room", "")
            )
            for d in plant.devices
        }
        self._bays = {s.id: s.bays for s in plant.shuttles}
        for device_id, bays in self._bays.items():
            self._units[device_id].bays = bays
        bridge.alarms_changed.connect(self._on_alarms)  # bound: dropped with the page
        bridge.frame.connect(self._on_frame)
        self.refresh()

    def _on_alarms(self, _snapshot: AlarmSnapshot) -> None:
        self.refresh()

    def _on_frame(self, changes: object) -> None:
        if self.isVisible() and self.bridge.frames % 5 == 0:
            self.refresh()

    def refresh(self) -> None:
        snapshot: AlarmSnapshot = self.bridge.alarms
        values = self.bridge.values
        for unit in self._units.values():
            unit.unacknowledged = unit.standing = unit.running = unit.faults = 0
            unit.occupied = 0
            unit.worst, unit.worst_unacknowledged = None, False
            status = self.bridge.device_statuses.get(unit.device_id)
            unit.connected = status is None or status.state is ConnectionState.CONNECTED
            for bay in range(1, self._bays.get(unit.device_id, 0) + 1):
                state = values.get(bay_prefix(unit.device_id, bay) + "process/state")
                text = state.value if state is not None else "empty"
                unit.occupied += text != "empty"
                unit.running += text == "running"
                unit.faults += text == "fault"
        for view in snapshot.alarms:
            unit = self._units.get(view.source.split("/", 1)[0])
            if unit is None or view.state not in STANDING:
                continue
            unit.standing += 1
            unacknowledged = view.state in UNACKNOWLEDGED
            unit.unacknowledged += unacknowledged
            if unit.worst is None or view.priority.rank < unit.worst.rank:
                unit.worst, unit.worst_unacknowledged = view.priority, unacknowledged
            elif view.priority is unit.worst and unacknowledged:
                unit.worst_unacknowledged = True
        ranked = sorted(self._units.values(), key=UnitSummary.rank)
        self.board.units = ranked
        lost = sum(1 for u in ranked if not u.connected)
        attention = sum(1 for u in ranked if u.standing)
        self.summary.setText(
            self.tr("%1 units · %2 with standing alarms · %3 not connected · ranked by urgency")
            .replace("%1", str(len(ranked)))
            .replace("%2", str(attention))
            .replace("%3", str(lost))
        )
        self.board.update()
