"""Shuttles: one Cell Shuttle in depth (ISA-101 level 2) and each bay in detail (level 3).

Pick a shuttle with the big buttons; its status (link, doors, interlocks, robot mover,
power, inventories against their limits) sits above its sixteen bays. Tap a bay for the
cartridge view. The page keeps the last hour of every bay's culture parameters for the
cartridge trends (all shuttles of a kiosk's plant; on a site-wide station, each shuttle
once it has been looked at).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.alarms.engine import AlarmSnapshot
from app.alarms.states import STANDING
from app.batch.runtime import BatchView
from app.config import ShuttleConfig
from hardware import ConnectionState, Sample
from hardware.catalog import bay_prefix
from ui import alarm_style, theme
from ui.bridge import CoreBridge
from ui.format import show_value
from ui.live_history import LiveHistory
from ui.pages.cartridge import CartridgeView
from ui.process_values import (
    BAY_PARAMETERS,
    SETPOINT_OF,
    read_value,
    standing_by_source,
    standing_by_tag,
)
from ui.terms import connection_state, equipment_state
from ui.widgets.analog import AnalogIndicator, is_outside
from ui.widgets.bay_cards import BayCards
from ui.widgets.forms import refusal_label
from ui.widgets.value_label import bold_width, refuse

# Plants with up to this many shuttles keep every bay's history from the start.
TRACK_ALL_LIMIT = 4
STALE_SWEEP_FRAMES = 10  # once a second every card is re-read, so ageing values go stale
CARDS_PER_FRAME = 4  # 16 bays in 4 frames (0.4 s), within the shuttle's 0.5 s tick


@dataclass(frozen=True, slots=True)
class StatusLine:
    text: str
    abnormal: bool


class StatusItem(QFrame):
    """One shuttle-level status: caption, state in words, optional level indicator."""

    def __init__(self, caption: str, with_indicator: bool = False) -> None:
        super().__init__()
        self.setObjectName("StatusItem")
        self.abnormal = False
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 3, 6, 3)
        box.setSpacing(0)
        self.caption = QLabel(caption)
        self.caption.setObjectName("StatusCaption")
        self.value = QLabel()
        self.value.setObjectName("StatusValue")
        box.addWidget(self.caption)
        box.addWidget(self.value)
        self.indicator: AnalogIndicator | None = None
        if with_indicator:
            self.indicator = AnalogIndicator()
            self.indicator.setMinimumWidth(60)
            self.indicator.setFixedHeight(16)
            box.addWidget(self.indicator)

    def show_line(self, line: StatusLine) -> None:
        if self.value.text() != line.text:
            self.value.setText(line.text)
        if line.abnormal != self.abnormal:
            self.abnormal = line.abnormal
            self.setProperty("abnormal", line.abnormal)
            for widget in (self, self.value):
                widget.style().unpolish(widget)
                widget.style().polish(widget)


class ShuttleStatus(QWidget):
    """Link, doors, interlocks, robot mover, power and inventories of one shuttle."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.device_id = ""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.items: dict[str, StatusItem] = {
            "link": StatusItem(self.tr("Link")),
            "doors": StatusItem(self.tr("Doors")),
            "interlocks": StatusItem(self.tr("Interlocks")),
            "robot": StatusItem(self.tr("Robot mover")),
            "power": StatusItem(self.tr("Power · UPS charge")),
            "inventory/media": StatusItem(self.tr("Media"), with_indicator=True),
            "inventory/reagents": StatusItem(self.tr("Reagents"), with_indicator=True),
            "inventory/waste": StatusItem(self.tr("Waste"), with_indicator=True),
        }
        for column, item in enumerate(self.items.values()):
            grid.addWidget(item, 0, column)
            grid.setColumnStretch(column, 1)
        # With the link down, one sentence instead of every item saying the same.
        self.lost_note = refusal_label(hidden=True)
        self.lost_note.setMinimumHeight(72)  # two lines and the frame (grids ignore wrapping)
        grid.addWidget(self.lost_note, 0, 1, 1, len(self.items) - 1)

    def show_shuttle(self, device_id: str) -> None:
        self.device_id = device_id
        self.refresh()

    def refresh(self) -> None:
        device = self.device_id
        if not device:
            return
        now = time.time()
        values = self.bridge.values
        status = self.bridge.device_statuses.get(device)
        if status is None or status.state is ConnectionState.CONNECTED:
            link = StatusLine(self.tr("CONNECTED"), False)
        else:
            link = StatusLine(f"✖ {connection_state(status.state)}", True)
        self.items["link"].show_line(link)
        lost = link.abnormal
        for key, item in self.items.items():
            if key != "link":
                item.setVisible(not lost)
        if lost and status is not None:
            refuse(
                self.lost_note,
                self.tr("No live status from this shuttle: %1 (%2). Nothing shown for it is live.")
                .replace("%1", connection_state(status.state))
                .replace("%2", status.detail),
            )
            return
        refuse(self.lost_note, "")
        self.items["doors"].show_line(
            self._discrete(
                values.get(f"{device}/doors/closed"),
                self.tr("CLOSED"),
                "◆ " + self.tr("OPEN"),
                now,
            )
        )
        self.items["interlocks"].show_line(
            self._discrete(
                values.get(f"{device}/interlocks/ok"),
                self.tr("HEALTHY"),
                "◆ " + self.tr("TRIPPED"),
                now,
            )
        )
        robot_state = self._text(f"{device}/robot/state", now)
        robot_position = self._text(f"{device}/robot/position", now)
        if robot_state.abnormal:  # doubtful: say why once, no last-known position
            robot = robot_state
        else:
            robot = StatusLine(
                f"{equipment_state(robot_state.text)} · {robot_position.text}",
                robot_state.text == "fault" or robot_position.abnormal,
            )
        self.items["robot"].show_line(robot)
        ups = self._text(f"{device}/power/ups_state", now)
        charge = show_value(
            values.get(f"{device}/power/ups_charge"),
            self.bridge.spec(f"{device}/power/ups_charge"),
            now=now,
        )
        if ups.abnormal:
            power = ups
        else:
            on_battery = ups.text in ("battery", "fault")
            text = ("▲ " if on_battery else "") + equipment_state(ups.text)
            text += f" · {charge.text}" if charge.good else f" · ▨ {charge.flag}"
            power = StatusLine(text, on_battery or not charge.good)
        self.items["power"].show_line(power)
        for tag in ("inventory/media", "inventory/reagents", "inventory/waste"):
            path = f"{device}/{tag}"
            reading = read_value(self.bridge, path, now=now)
            item = self.items[tag]
            shown = reading.shown
            outside = is_outside(reading.indication)
            text = shown.text if shown.good else f"▨ {shown.flag}"
            item.show_line(StatusLine(("▲ " if outside else "") + text, outside or not shown.good))
            if item.indicator is not None:
                item.indicator.show_indication(reading.indication)

    def _text(self, path: str, now: float) -> StatusLine:
        shown = show_value(self.bridge.values.get(path), self.bridge.spec(path), now=now)
        return StatusLine(shown.text if shown.good else f"▨ {shown.flag}", not shown.good)

    def _discrete(
        self, sample: Sample | None, normal: str, abnormal: str, now: float
    ) -> StatusLine:
        shown = show_value(sample, None, now=now)
        if sample is None or not shown.good:
            return StatusLine(f"▨ {shown.flag or '—'}", True)
        return StatusLine(normal, False) if sample.value is True else StatusLine(abnormal, True)


class CurrentPageStack(QStackedWidget):
    """A stack as small as the page it shows: the cartridge view needs more height than
    the shuttle view, and must not make the shuttle view's screen taller."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class ShuttlesPage(QWidget):
    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.shuttles: dict[str, ShuttleConfig] = {s.id: s for s in bridge.plant.shuttles}
        self.device_id = ""
        self._pending_bays: set[int] = set()
        station = bridge.core.station
        self.history = LiveHistory(station.clock.now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        # Title and shuttle picker; the cartridge view has its own way back instead.
        self.top_bar = QWidget()
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Shuttles"))
        title.setObjectName("PageTitle")
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self._build_picker(), 1)
        layout.addWidget(self.top_bar)
        self.stack = CurrentPageStack()
        overview = QWidget()
        box = QVBoxLayout(overview)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.status = ShuttleStatus(bridge)
        box.addWidget(self.status)
        self.board = BayCards(bridge)
        self.board.bay_clicked.connect(lambda bay: self.open_bay(self.device_id, bay))
        box.addWidget(self.board, 1)
        self.stack.addWidget(overview)
        self.cartridge = CartridgeView(bridge, self.history)
        self.cartridge.back.connect(self.show_shuttle_level)
        self.cartridge.bay_requested.connect(lambda bay: self.open_bay(self.device_id, bay))
        self.batch_requested = self.cartridge.batch_requested
        self.stack.addWidget(self.cartridge)
        layout.addWidget(self.stack, 1)
        if len(self.shuttles) <= TRACK_ALL_LIMIT:
            for shuttle_id, shuttle in self.shuttles.items():
                self._track(shuttle_id, shuttle.bays)
        if self.shuttles:
            self.select_shuttle(next(iter(self.shuttles)))
        bridge.frame.connect(self.on_frame)
        bridge.alarms_changed.connect(self.on_alarms)
        bridge.batches_changed.connect(self.on_batches)
        self.on_alarms(bridge.alarms)
        self.on_batches(bridge.batches)

    def _build_picker(self) -> QWidget:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.picker = QButtonGroup(self)
        self.picker.setExclusive(True)
        self.shuttle_buttons: dict[str, QPushButton] = {}
        for shuttle_id, shuttle in self.shuttles.items():
            button = QPushButton(shuttle.label)
            button.setObjectName("ShuttleButton")
            button.setCheckable(True)
            # Room for the name in bold (checked) and an alarm badge.
            button.setMinimumSize(
                bold_width(button, shuttle.label + "   ◆1") + 48, theme.TOUCH_TARGET_PX
            )
            button.clicked.connect(lambda _c=False, s=shuttle_id: self.select_shuttle(s))
            self.picker.addButton(button)
            row.addWidget(button)
            self.shuttle_buttons[shuttle_id] = button
        row.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("ShuttlePicker")
        scroll.setWidget(host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The buttons, and below them a 28 px scroll bar when the shuttles do not fit.
        scroll.setMinimumHeight(theme.TOUCH_TARGET_PX + 4)
        scroll.setMaximumHeight(theme.TOUCH_TARGET_PX + (4 if len(self.shuttles) <= 6 else 34))
        QScroller.grabGesture(
            scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self._picker_scroll = scroll
        return scroll

    def _track(self, device_id: str, bays: int) -> None:
        tags = (*BAY_PARAMETERS, *SETPOINT_OF.values())
        self.history.track(
            [bay_prefix(device_id, bay) + tag for bay in range(1, bays + 1) for tag in tags],
            self.bridge.values,
        )

    # -- navigation -------------------------------------------------------------------

    def select_shuttle(self, device_id: str) -> None:
        shuttle = self.shuttles[device_id]
        self.device_id = device_id
        self._pending_bays.clear()
        self.shuttle_buttons[device_id].setChecked(True)
        self._picker_scroll.ensureWidgetVisible(self.shuttle_buttons[device_id])
        self._track(device_id, shuttle.bays)
        self.status.show_shuttle(device_id)
        self.board.show_shuttle(device_id, shuttle.bays)
        self.on_alarms(self.bridge.alarms)
        self.on_batches(self.bridge.batches)
        self.show_shuttle_level()

    def show_shuttle_level(self) -> None:
        self.stack.setCurrentIndex(0)
        self.top_bar.show()
        self.board.refresh()

    def open_bay(self, device_id: str, bay: int) -> None:
        shuttle = self.shuttles[device_id]
        if not 1 <= bay <= shuttle.bays:
            return
        if device_id != self.device_id:
            self.select_shuttle(device_id)
        self.cartridge.show_bay(device_id, shuttle.bays, bay, shuttle.label)
        self.top_bar.hide()
        self.stack.setCurrentIndex(1)

    def show_source(self, source: str) -> None:
        """Go to an alarm's or a unit's equipment: a bay opens its cartridge view, a
        shuttle its level-2 view with the shuttle outlined."""
        device_id, _, rest = source.partition("/")
        if device_id not in self.shuttles:
            return
        if rest.startswith("bay-"):
            self.open_bay(device_id, int(rest[4:6]))
            return
        self.select_shuttle(device_id)
        self.board.highlight(0)

    @property
    def showing_cartridge(self) -> bool:
        return self.stack.currentIndex() == 1

    # -- live -------------------------------------------------------------------------

    def on_frame(self, changes: dict[str, Sample]) -> None:
        self.history.feed(changes)
        if not self.isVisible() or not self.device_id:
            return
        if self.showing_cartridge:
            self.cartridge.on_frame()
            return
        prefix = self.device_id + "/bay-"
        start = len(prefix)
        pending = self._pending_bays
        pending.update(int(path[start : start + 2]) for path in changes if path.startswith(prefix))
        if self.bridge.frames % STALE_SWEEP_FRAMES == 0:
            pending.update(range(1, self.board.bays + 1))
        if pending:
            # A shuttle publishes all its bays at once, twice a second: repainting them a
            # few per frame keeps every frame short, and no value waits more than a tick.
            due = sorted(pending)[:CARDS_PER_FRAME]
            pending.difference_update(due)
            self.board.refresh(set(due))
        self.status.refresh()

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        self.board.alarms = standing_by_source(snapshot)
        self.board.tag_alarms = standing_by_tag(snapshot)
        for device_id, button in self.shuttle_buttons.items():
            label = self.shuttles[device_id].label
            views = [
                v
                for v in snapshot.alarms
                if v.source == device_id or v.source.startswith(device_id + "/")
            ]
            standing = [v for v in views if v.state in STANDING]
            worst = min(standing, key=lambda v: v.priority.rank, default=None)
            text = label
            if worst is not None:
                text += f"   {alarm_style.priority_badge(worst.priority)}"
            if button.text() != text:
                button.setText(text)
        self.board.refresh()
        self.cartridge.on_alarms(snapshot)

    def on_batches(self, views: tuple[BatchView, ...]) -> None:
        self.board.batches = {
            v.bay: v for v in views if v.shuttle_id == self.device_id and v.bay is not None
        }
        self.board.refresh()
