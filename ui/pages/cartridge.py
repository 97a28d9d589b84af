"""Cartridge view (ISA-101 level 3): one bay in detail.

Every culture parameter with unit, quality, normal range, analog indicator and setpoint;
a trend of the chosen parameter over the last hour (plant time) with its setpoint and
normal range; the bay's standing alarms. Tapping a setpoint opens the touch keypad: the
change goes through the station (permission, reason, range, device, audit trail).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.alarms.engine import AlarmSnapshot, AlarmView
from app.alarms.states import UNACKNOWLEDGED
from app.batch.runtime import BatchView
from app.security import Permission, PermissionDenied, require
from app.setpoints import SetpointChange
from hardware import TagSpec
from hardware.catalog import bay_prefix
from ui import alarm_style, theme
from ui.bridge import CoreBridge
from ui.format import format_number, human_duration, show_value
from ui.i18n import fill
from ui.live_history import LiveHistory
from ui.pages.batch_detail import state_text
from ui.process_values import (
    BAY_PARAMETERS,
    MARKED_SETPOINT,
    SETPOINT_OF,
    Reading,
    phase_cpps,
    read_value,
    standing_by_tag,
    standing_for,
)
from ui.terms import role_name
from ui.theme import alive
from ui.widgets.analog import AnalogIndicator, Band
from ui.widgets.forms import refusal_label
from ui.widgets.keypad import KeypadDialog
from ui.widgets.scroll import VerticalScroll
from ui.widgets.shuttle_board import STATE_GLYPHS, module_label, state_label
from ui.widgets.trend_plot import LocaleValueAxis, StationTimeAxis
from ui.widgets.value_label import ValueLabel, refuse, set_flag, set_text

MAX_ALARM_LINES = 6
TREND_EVERY_FRAMES = 5  # the trend redraws at 2 Hz; values at the frame rate


def parameter_name(tag: str) -> str:
    names = {
        "bioreactor/temperature": QCoreApplication.translate("Parameter", "Temperature"),
        "bioreactor/ph": QCoreApplication.translate("Parameter", "pH"),
        "bioreactor/dissolved_oxygen": QCoreApplication.translate("Parameter", "Dissolved O₂"),
        "bioreactor/vcd": QCoreApplication.translate("Parameter", "Viable cells"),
        "bioreactor/viability": QCoreApplication.translate("Parameter", "Viability"),
        "bioreactor/glucose": QCoreApplication.translate("Parameter", "Glucose"),
        "bioreactor/lactate": QCoreApplication.translate("Parameter", "Lactate"),
        "bioreactor/co2": QCoreApplication.translate("Parameter", "CO₂"),
        "bioreactor/volume": QCoreApplication.translate("Parameter", "Volume"),
    }
    return names.get(tag, tag)


class ParameterRow:
    """One parameter's widgets in the grid."""

    def __init__(self, tag: str, grid: QGridLayout, row: int, names: QButtonGroup) -> None:
        self.tag = tag
        self.name = QPushButton(parameter_name(tag))
        self.name.setObjectName("ParameterName")
        self.name.setCheckable(True)
        names.addButton(self.name)
        self.value = ValueLabel()
        self.indicator = AnalogIndicator()
        self.normal = QLabel()
        self.normal.setObjectName("NormalRange")
        self.setpoint: QPushButton | None = None
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.value, row, 1)
        grid.addWidget(self.indicator, row, 2)
        grid.addWidget(self.normal, row, 3)
        if tag in SETPOINT_OF:
            self.setpoint = QPushButton()
            self.setpoint.setObjectName("SetpointButton")
            grid.addWidget(self.setpoint, row, 4)


class CartridgeView(QWidget):
    """One bay of one shuttle; ``back`` returns to the shuttle, ``bay_requested`` moves on."""

    back = Signal()
    bay_requested = Signal(int)
    batch_requested = Signal(str)  # batch id: open its detail (steps, record)
    setpoint_changed = Signal(object)  # SetpointChange

    def __init__(
        self, bridge: CoreBridge, history: LiveHistory, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.history = history
        self.device_id = ""
        self.bays = 16
        self.bay = 0
        self.prefix = ""
        self.trend_tag = BAY_PARAMETERS[0]
        self.keypad: KeypadDialog | None = None
        self.batch: BatchView | None = None
        self.cpps: dict[str, Band] = {}
        self.last_change: SetpointChange | None = None
        self.trend_draws = 0
        self._frames = 0
        self._alarms: tuple[AlarmView, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._build_top())
        self.identity = QLabel()
        self.identity.setObjectName("BayIdentity")
        self.identity.setWordWrap(True)
        layout.addWidget(self.identity)
        self.message = refusal_label(hidden=True)
        layout.addWidget(self.message)
        self.notice = QLabel()
        self.notice.setObjectName("Note")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self._build_parameters(), 2)
        body.addLayout(self._build_right(), 1)
        layout.addLayout(body, 1)
        # Bound, not a lambda: dropped with the view when a language switch replaces it.
        bridge.actor_changed.connect(self._actor_changed)

    def _actor_changed(self, _actor: object) -> None:
        self.refresh()

    # -- building ----------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("BackButton")
        self.back_button.setMinimumHeight(64)
        self.back_button.clicked.connect(self.back)
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.state = QLabel()
        self.state.setObjectName("BayState")
        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        for button in (self.previous_button, self.next_button):
            button.setMinimumSize(120, 64)
        self.previous_button.clicked.connect(lambda: self.bay_requested.emit(self.bay - 1))
        self.next_button.clicked.connect(lambda: self.bay_requested.emit(self.bay + 1))
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addSpacing(8)
        top.addWidget(self.state)
        top.addSpacing(8)
        # The bay's open batch: its steps and record are one tap away (level 4 support).
        self.batch_button = QPushButton()
        self.batch_button.setObjectName("BatchLink")
        self.batch_button.setMinimumHeight(64)
        self.batch_button.hide()
        self.batch_button.clicked.connect(
            lambda: self.batch is not None and self.batch_requested.emit(self.batch.batch_id)
        )
        top.addWidget(self.batch_button)
        top.addStretch(1)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        return top

    def _build_parameters(self) -> QWidget:
        frame = QFrame()
        frame.setObjectName("Card")
        grid = QGridLayout(frame)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for column, text in enumerate(
            (self.tr("Parameter"), self.tr("Value"), "", self.tr("Normal"), self.tr("Setpoint"))
        ):
            header = QLabel(text)
            header.setObjectName("ColumnHeader")
            grid.addWidget(header, 0, column)
        self._names = QButtonGroup(self)
        self._names.setExclusive(True)
        self.rows: dict[str, ParameterRow] = {}
        for index, tag in enumerate(BAY_PARAMETERS, start=1):
            row = ParameterRow(tag, grid, index, self._names)
            row.name.clicked.connect(lambda _c=False, t=tag: self.choose_trend(t))
            if row.setpoint is not None:
                row.setpoint.clicked.connect(
                    lambda _c=False, t=SETPOINT_OF[tag]: self.change_setpoint(t)
                )
            self.rows[tag] = row
        self.rows[self.trend_tag].name.setChecked(True)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(BAY_PARAMETERS) + 1, 1)
        # Ten 64 px rows fit a 1920x1080 screen; on a 1280x800 kiosk the list scrolls by
        # finger rather than shrinking its buttons under a glove's size.
        scroll = VerticalScroll(frame, "ParameterScroll")
        self.parameter_scroll = scroll
        return scroll

    def _build_right(self) -> QVBoxLayout:
        right = QVBoxLayout()
        pg.setConfigOptions(antialias=False)
        # Site time and the screen language's numbers, as on the Trends page.
        self.plot = pg.PlotWidget(
            axisItems={"bottom": StationTimeAxis(self.bridge.zone), "left": LocaleValueAxis()}
        )
        self.plot.setBackground(theme.TILE)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setMenuEnabled(False)
        self.plot.setMinimumHeight(220)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(theme.TEXT)
            self.plot.getAxis(axis).setPen(theme.BORDER)
        self.curve = self.plot.plot(pen=pg.mkPen(theme.TEXT, width=1))
        self.setpoint_curve = self.plot.plot(
            pen=pg.mkPen(theme.TEXT_MUTED, width=1, style=Qt.PenStyle.DashLine)
        )
        self.limit_lines = [
            pg.InfiniteLine(
                angle=0,
                movable=False,
                pen=pg.mkPen(theme.BORDER, width=1, style=Qt.PenStyle.DotLine),
            )
            for _ in range(2)
        ]
        for line in self.limit_lines:
            line.setVisible(False)
            self.plot.addItem(line)
        self.trend_title = QLabel()
        self.trend_title.setObjectName("SectionTitle")
        # Wraps rather than widen the page past 1280 px ("Temperatuur, afgelopen uur (°C)").
        self.trend_title.setWordWrap(True)
        right.addWidget(self.trend_title)
        right.addWidget(self.plot, 3)
        alarms_title = QLabel(self.tr("Alarms of this bay"))
        alarms_title.setObjectName("SectionTitle")
        alarms_title.setWordWrap(True)
        right.addWidget(alarms_title)
        self.alarm_lines: list[tuple[QLabel, QLabel]] = []
        for _ in range(MAX_ALARM_LINES):
            line = QHBoxLayout()
            badge = QLabel()
            badge.setObjectName("AlarmBadge")
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            badge.setFixedSize(52, 32)
            text = QLabel()
            text.setWordWrap(True)
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            line.addWidget(badge)
            line.addWidget(text, 1)
            right.addLayout(line)
            badge.hide()
            text.hide()
            self.alarm_lines.append((badge, text))
        self.no_alarms = QLabel(self.tr("No standing alarms."))
        self.no_alarms.setObjectName("Note")
        right.addWidget(self.no_alarms)
        right.addStretch(1)
        return right

    # -- showing ----------------------------------------------------------------------

    def show_bay(self, device_id: str, bays: int, bay: int, label: str) -> None:
        if (device_id, bay) != (self.device_id, self.bay):
            refuse(self.message, "")
            self.notice.hide()
        self.device_id, self.bays, self.bay = device_id, bays, bay
        self.prefix = bay_prefix(device_id, bay)
        set_text(self.back_button, f"◀ {label}")
        set_text(self.title, self.tr("Bay %1").replace("%1", f"{bay:02d}"))
        self.previous_button.setEnabled(bay > 1)
        self.next_button.setEnabled(bay < bays)
        set_text(self.previous_button, f"◀ {max(1, bay - 1):02d}")
        set_text(self.next_button, f"{min(bays, bay + 1):02d} ▶")
        paths = [self.prefix + tag for tag in (*BAY_PARAMETERS, *SETPOINT_OF.values())]
        self.history.track(paths, self.bridge.values)
        self.on_alarms(self.bridge.alarms)
        self.refresh()
        self.draw_trend()

    def on_frame(self) -> None:
        self._frames += 1
        self.refresh()
        if self._frames % TREND_EVERY_FRAMES == 0:
            self.draw_trend()

    def _text(self, tag: str) -> str:
        sample = self.bridge.values.get(self.prefix + tag)
        return str(sample.value) if sample is not None and sample.value else ""

    def refresh(self) -> None:
        if not self.prefix:
            return
        now = time.time()
        state = self._text("process/state") or "empty"
        module = self._text("process/module")
        state_shown = show_value(
            self.bridge.values.get(self.prefix + "process/state"), None, now=now
        )
        abnormal = state == "fault" or not state_shown.good
        set_text(
            self.state,
            f"{STATE_GLYPHS.get(state, '?')} {state_label(state)}"
            if state_shown.good
            else f"▨ {state_shown.flag}",
        )
        set_flag(self.state, "abnormal", abnormal)
        self._find_batch()
        identity = self._identity_text(state, module, now)
        if not state_shown.good:
            identity = self.tr("Last known: %1").replace("%1", identity)
        set_text(self.identity, identity)
        by_tag = standing_by_tag(self.bridge.alarms)
        for tag, row in self.rows.items():
            path = self.prefix + tag
            alarm = by_tag.get(path)
            marked = MARKED_SETPOINT.get(tag)
            reading = read_value(
                self.bridge,
                path,
                state=state,
                module=module,
                setpoint_path=self.prefix + marked if marked else None,
                alarm=alarm.priority if alarm is not None else None,
                cpp=self.cpps.get(tag),
                now=now,
            )
            self._show_row(row, reading, now)

    def _show_row(self, row: ParameterRow, reading: Reading, now: float) -> None:
        shown = reading.shown
        row.value.show_value(shown)
        row.indicator.show_indication(reading.indication)
        row.indicator.setVisible(reading.indication is not None)
        set_text(row.normal, reading.normal_text or "—")
        if row.setpoint is not None:
            path = self.prefix + SETPOINT_OF[row.tag]
            sp = show_value(self.bridge.values.get(path), self.bridge.spec(path), now=now)
            set_text(row.setpoint, fill(self.tr("SP %1"), sp.text if sp.good else f"▨ {sp.flag}"))

    def _identity_text(self, state: str, module: str, now: float) -> str:
        if state == "empty":
            return self.tr("No cartridge in this bay.")
        parts = []
        if module:
            step = self._text("process/step")
            parts.append(module_label(module) + (f" · {step}" if step else ""))
        progress = show_value(
            self.bridge.values.get(self.prefix + "process/progress"), None, now=now, decimals=0
        )
        if progress.text != "—":
            parts.append(
                f"{progress.text} %"
                if progress.good
                else fill(self.tr("progress ▨ %1"), progress.flag)
            )
        age = self.bridge.values.get(self.prefix + "process/culture_age")
        age_shown = show_value(age, None, now=now)
        if age is not None and age_shown.good and isinstance(age.value, int | float):
            parts.append(self.tr("culture age %1").replace("%1", human_duration(age.value * 3600)))
        parts.append(self.tr("cartridge %1").replace("%1", self._text("cartridge/barcode") or "—"))
        parts.append(self.tr("CoI %1").replace("%1", self._text("cartridge/coi") or "—"))
        return " · ".join(parts)

    def _find_batch(self) -> None:
        """The open batch on this bay, and the limits of its current phase's CPPs."""
        batch = next(
            (
                b
                for b in self.bridge.batches
                if b.shuttle_id == self.device_id and b.bay == self.bay
            ),
            None,
        )
        if batch == self.batch:  # views are immutable; a new one means a change
            return
        self.batch = batch
        if batch is None:
            self.cpps = {}
            self.batch_button.hide()
            return
        recipe = self.bridge.core.station.library.find(batch.recipe_id, batch.recipe_hash)
        self.cpps = phase_cpps(recipe, batch.step, batch.recipe_hash)
        set_text(
            self.batch_button,
            self.tr("Batch %1 · %2 · %3 ▶")
            .replace("%1", batch.batch_id)
            .replace("%2", state_text(batch))
            .replace("%3", batch.phase_name or "—"),
        )
        self.batch_button.show()

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        if not self.prefix:
            return
        views = tuple(standing_for(snapshot, self.prefix.rstrip("/")))
        if views == self._alarms:
            return
        self._alarms = views
        for index, (badge, text) in enumerate(self.alarm_lines):
            if index >= len(views):
                badge.hide()
                text.hide()
                continue
            view = views[index]
            colour = alarm_style.PRIORITY_COLOR[view.priority]
            unacknowledged = view.state in UNACKNOWLEDGED
            fill = colour.name() if unacknowledged else theme.TILE.name()
            ink = alarm_style.PRIORITY_TEXT[view.priority].name() if unacknowledged else "#141414"
            badge.setStyleSheet(
                f"background: {fill}; color: {ink}; border: 3px solid {colour.name()};"
                "font-weight: bold; border-radius: 4px;"
            )
            badge.setText(alarm_style.priority_badge(view.priority))
            text.setText(
                f"{view.message} — {alarm_style.state_label(view.state)} · "
                f"{self.bridge.local_time(view.activated_at)}"
            )
            badge.show()
            text.show()
        hidden = len(views) - len(self.alarm_lines)
        self.no_alarms.setText(
            self.tr("No standing alarms.")
            if not views
            else (
                self.tr("+%1 more on the Alarms page").replace("%1", str(hidden))
                if hidden > 0
                else ""
            )
        )
        self.no_alarms.setVisible(not views or hidden > 0)
        self.refresh()

    # -- trend ------------------------------------------------------------------------

    def choose_trend(self, tag: str) -> None:
        self.trend_tag = tag
        self.rows[tag].name.setChecked(True)
        self.draw_trend()

    def draw_trend(self) -> None:
        if not self.prefix:
            return
        path = self.prefix + self.trend_tag
        spec = self.bridge.spec(path)
        unit = spec.unit if spec is not None else ""
        name = parameter_name(self.trend_tag)
        set_text(
            self.trend_title,
            self.tr("%1, last hour").replace("%1", name)
            + (f" ({unit})" if unit and unit != name else ""),
        )
        times, values = self.history.series(path)
        self.curve.setData(times, values, connect="finite")
        marked = MARKED_SETPOINT.get(self.trend_tag)
        if marked:
            sp_times, sp_values = self.history.series(self.prefix + marked)
            self.setpoint_curve.setData(sp_times, sp_values, connect="finite")
        else:
            self.setpoint_curve.setData(np.empty(0), np.empty(0))
        state = self._text("process/state")
        module = self._text("process/module")
        limits = self.bridge.core.station.limits.for_tag(path, state=state, module=module)
        for line, limit in zip(self.limit_lines, (limits.low, limits.high), strict=True):
            line.setVisible(limit is not None)
            if limit is not None:
                line.setValue(limit)
        now = self.bridge.core.station.clock.now()
        self.plot.setXRange(now - self.history.span_s, now, padding=0)
        finite = values[np.isfinite(values)] if len(values) else values
        if len(finite):
            low, high = float(finite.min()), float(finite.max())
            for limit in (limits.low, limits.high):
                if limit is not None:
                    low, high = min(low, limit), max(high, limit)
            pad = max((high - low) * 0.1, abs(high) * 0.01, 1e-3)
            self.plot.setYRange(low - pad, high + pad, padding=0)
        self.trend_draws += 1

    @property
    def trend_points(self) -> int:
        _times, values = self.history.series(self.prefix + self.trend_tag)
        return int(np.count_nonzero(np.isfinite(values)))

    # -- setpoints --------------------------------------------------------------------

    def change_setpoint(self, setpoint_tag: str) -> None:
        """Open the keypad for a setpoint of this bay, for a person allowed to change it."""
        path = self.prefix + setpoint_tag
        spec: TagSpec | None = self.bridge.spec(path)
        try:
            actor = require(self.bridge.actor, Permission.SETPOINT_WRITE)
        except PermissionDenied as exc:
            refuse(self.message, str(exc))
            return
        if spec is None or not spec.writable:
            refuse(self.message, self.tr("%1 cannot be changed here.").replace("%1", path))
            return
        refuse(self.message, "")
        self.notice.hide()
        current = show_value(self.bridge.values.get(path), spec)
        where = self.back_button.text().removeprefix("◀ ") + " · " + self.title.text()

        async def submit(value: float, reason: str) -> None:
            station = self.bridge.core.station
            change = await self.bridge.run(
                station.write_setpoint(self.bridge.actor, path, value, reason)
            )
            if alive(self):
                self.last_change = change
                self.setpoint_changed.emit(change)

        self.keypad = KeypadDialog(
            spec,
            where=where,
            current=current.text if current.good else f"▨ {current.flag}",
            who=f"{actor.name} ({role_name(actor.role)})",
            submit=submit,
            parent=self,
        )
        self.keypad.accepted.connect(self._changed)
        self.keypad.open()

    def _changed(self) -> None:
        change = self.last_change
        if change is None:
            return
        spec = self.bridge.spec(change.path)
        decimals = spec.decimals if spec is not None else 2
        number = change.new_value
        text = format_number(number, decimals) if isinstance(number, float) else str(number)
        self.notice.setText(
            self.tr("Setpoint changed to %1 %2 (audit entry %3).")
            .replace("%1", text)
            .replace("%2", change.unit)
            .replace("%3", str(change.audit_seq))
        )
        self.notice.show()
        self.refresh()

    def hideEvent(self, event: Any) -> None:
        if self.keypad is not None and self.keypad.isVisible():
            self.keypad.reject()
        super().hideEvent(event)
