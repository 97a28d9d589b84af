"""Trends: the history of chosen tags from the historian, with their limits.

Pens are picked from a searchable list (by device or bay, big touch rows); spans from
live 10 minutes to ten days, or custom; time zooms and pans, and each change re-reads
the history for the visible range at the plot's pixel width (min/max per pixel, read off
the UI thread through the station core). Alarm and CPP limits are dashed, doubtful data
dotted, gaps left open. Export writes what is shown to CSV.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import (
    QHideEvent,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import PlantConfig, ShuttleConfig
from app.plant import device_specs
from app.records.historian import TrendSeries
from app.trends import LimitKind, TrendLimit, trend_csv
from hardware import Quality, Sample, TagKind
from ui import theme
from ui.bridge import CoreBridge
from ui.format import (
    format_count,
    format_datetime,
    format_plain,
    show_value,
)
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.widgets.forms import refusal_label, touch_datetime_field
from ui.widgets.trend_plot import PEN_COLOURS, PenLines, TrendPlot, pen_colour, pen_lines

_Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_PENS = len(PEN_COLOURS)
LIVE_SPAN_S = 600.0
# (key, English label, seconds, how often a following trend re-reads its history, wall s)
SPANS: tuple[tuple[str, str, float, float], ...] = (
    ("live", "Live 10 min", LIVE_SPAN_S, 1.0),
    ("1h", "1 h", 3600.0, 2.0),
    ("8h", "8 h", 8 * 3600.0, 5.0),
    ("24h", "24 h", 86_400.0, 10.0),
    ("10d", "10 d", 10 * 86_400.0, 30.0),
)
DEFAULT_PARAMETER = "bioreactor/temperature"
LEGEND_ROW_PX = theme.TOUCH_TARGET_PX  # the remove button is a full touch target
LEGEND_ROWS_SHOWN = 4  # more pens scroll


@dataclass(frozen=True, slots=True)
class TrendTag:
    """A tag that can be trended, as the pen list shows it."""

    path: str
    label: str  # "Cell Shuttle 01 bay 03 · Culture temperature (°C)"
    name: str  # the label without the unit
    unit: str
    group: str  # "shuttle-01/bay-03/" or "shuttle-01/"
    place: str  # "Cell Shuttle 01 bay 03" or "Cell Q 01", in the screen's language
    device_label: str  # "Cell Shuttle 01"


def trend_tags(plant: PlantConfig) -> list[TrendTag]:
    """Every numeric tag of the plant, by device and bay (from the configuration, so a
    device that is not connected can still show its history)."""
    tags = []
    bay_text = QCoreApplication.translate("TrendsPage", "%1 bay %2")
    for device in plant.devices:
        for spec in device_specs(device):
            if spec.kind is TagKind.TEXT:
                continue
            parts = spec.path.split("/")
            if isinstance(device, ShuttleConfig) and parts[1].startswith("bay-"):
                group = f"{parts[0]}/{parts[1]}/"
                place = bay_text.replace("%2", parts[1][4:]).replace("%1", device.label)
            else:
                group = f"{parts[0]}/"
                place = device.label
            unit = spec.unit
            name = f"{place} · {spec.description}"
            label = name + (f" ({unit})" if unit else "")
            tags.append(TrendTag(spec.path, label, name, unit, group, place, device.label))
    return tags


class PenFilter(QSortFilterProxyModel):
    """Rows of one device or bay (or all) whose text holds every search word."""

    def __init__(self) -> None:
        super().__init__()
        self.group = ""
        self.words: list[str] = []

    def set_filter(self, group: str, text: str) -> None:
        self.beginFilterChange()
        self.group = group
        self.words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        if self.group and not str(index.data(GROUP_ROLE)).startswith(self.group):
            return False
        text = f"{index.data()} {index.data(PATH_ROLE)}".lower()
        return all(word in text for word in self.words)


class PenPicker(QWidget):
    """Choose pens: a device/bay filter, a search field, and a list with check boxes."""

    pens_changed = Signal(list)

    def __init__(self, tags: Sequence[TrendTag], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tags = {tag.path: tag for tag in tags}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Pens"))
        title.setObjectName("SectionTitle")
        layout.addWidget(title)
        self.group_picker = QComboBox()
        self.group_picker.addItem(self.tr("All equipment"), "")
        groups: dict[str, str] = {}
        for tag in tags:
            device = tag.group.split("/")[0] + "/"
            groups.setdefault(device, tag.device_label)
            if tag.group != device:
                groups.setdefault(tag.group, tag.place)
        for group, label in groups.items():
            indent = "    " if group.count("/") > 1 else ""
            self.group_picker.addItem(indent + label, group)
        layout.addWidget(self.group_picker)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search tags, e.g. temperature"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        # Filled when first needed (shown, or pens set): a full site has ~12,000 tags and
        # the list would otherwise cost every window a second and more to open.
        self.model = QStandardItemModel(self)
        self._items: dict[str, QStandardItem] = {}
        self.proxy = PenFilter()
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setObjectName("PenList")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.list, 1)
        self.note = QLabel()
        self.note.setObjectName("Note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.chosen: list[str] = []
        self.group_picker.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self.list.clicked.connect(self._toggle)
        self.model.itemChanged.connect(self._item_changed)

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_filled()
        super().showEvent(event)

    def ensure_filled(self) -> None:
        """The list's rows, one per tag, made once."""
        if self._items or not self.tags:
            return
        items = []
        for tag in self.tags.values():
            item = QStandardItem(tag.label)
            item.setData(tag.path, PATH_ROLE)
            item.setData(tag.group, GROUP_ROLE)
            item.setCheckable(True)
            item.setEditable(False)
            item.setSizeHint(QSize(0, 56))
            item.setToolTip(tag.path)
            item.setCheckState(
                Qt.CheckState.Checked if tag.path in self.chosen else Qt.CheckState.Unchecked
            )
            items.append(item)
            self._items[tag.path] = item
        self.model.invisibleRootItem().appendRows(items)  # one insertion, not 12,000

    def _filter(self) -> None:
        self.proxy.set_filter(str(self.group_picker.currentData() or ""), self.search.text())

    def _toggle(self, index: QModelIndex) -> None:
        """A tap anywhere on a row toggles it (the check box alone is too small a target)."""
        item = self.model.itemFromIndex(self.proxy.mapToSource(index))
        if item is not None:
            checked = item.checkState() is Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _item_changed(self, item: QStandardItem) -> None:
        path = str(item.data(PATH_ROLE))
        checked = item.checkState() is Qt.CheckState.Checked
        if checked and path not in self.chosen:
            if len(self.chosen) >= MAX_PENS:
                self.note.setText(
                    self.tr("At most %1 pens; remove one first.").replace("%1", str(MAX_PENS))
                )
                item.setCheckState(Qt.CheckState.Unchecked)
                return
            self.chosen.append(path)
        elif not checked and path in self.chosen:
            self.chosen.remove(path)
        else:
            return
        self.note.setText("")
        self.pens_changed.emit(list(self.chosen))

    def set_pens(self, paths: Sequence[str]) -> None:
        """Choose exactly ``paths`` (unknown ones are ignored)."""
        self.ensure_filled()
        wanted = [p for p in paths if p in self._items][:MAX_PENS]
        self.model.blockSignals(True)
        for path, item in self._items.items():
            item.setCheckState(Qt.CheckState.Checked if path in wanted else Qt.CheckState.Unchecked)
        self.model.blockSignals(False)
        self.list.viewport().update()
        self.chosen = wanted
        self.pens_changed.emit(list(self.chosen))


class PenTable(QTableWidget):
    """The pens under the plot: two rows always in view (more scroll), up to four on a
    tall window; the plot takes the rest."""

    rows = 1

    def height_for(self, rows: int) -> int:
        return self.horizontalHeader().sizeHint().height() + rows * LEGEND_ROW_PX + 4

    def sizeHint(self) -> QSize:
        tall = self.window().height() >= 1000
        shown = min(self.rows, LEGEND_ROWS_SHOWN if tall else 2)
        return QSize(super().sizeHint().width(), self.height_for(shown))


class CustomSpanDialog(QDialog):
    """From and to, in the site's time zone."""

    def __init__(self, zone_name: str, t0: float, t1: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Custom time span"))
        zone = QTimeZone(zone_name.encode())
        if not zone.isValid():  # the bridge shows such a site in UTC too
            zone, zone_name = QTimeZone.utc(), "UTC"
        layout = QFormLayout(self)
        self.start = touch_datetime_field(QDateTime.fromSecsSinceEpoch(int(t0), zone), zone)
        self.end = touch_datetime_field(QDateTime.fromSecsSinceEpoch(int(t1), zone), zone)
        layout.addRow(self.tr("From (%1)").replace("%1", zone_name), self.start)
        layout.addRow(self.tr("To"), self.end)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def span(self) -> tuple[float, float]:
        return float(self.start.dateTime().toSecsSinceEpoch()), float(
            self.end.dateTime().toSecsSinceEpoch()
        )


class TrendsPage(QWidget):
    """Historical and live trends of chosen tags."""

    # Emitted after every history load (tests and the status line wait for it).
    loaded = Signal()

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tags = {tag.path: tag for tag in trend_tags(bridge.plant)}
        self.pens: list[str] = []
        self.series: dict[str, TrendSeries] = {}
        self.limits: dict[str, list[TrendLimit]] = {}
        self.span_s = LIVE_SPAN_S
        self.refresh_every_s = SPANS[0][3]
        self.following = True  # the right edge is now
        self.problem = ""
        self._last_load = 0.0
        self._loading = False
        self._again = False
        self._setting_range = False
        self._started = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Trends"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter, 1)
        self.picker = PenPicker(list(self.tags.values()))
        self.picker.setMinimumWidth(240)
        self.picker.setMaximumWidth(420)
        splitter.addWidget(self.picker)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 1400])

        spans = QHBoxLayout()
        spans.setSpacing(6)
        self.span_buttons: dict[str, QPushButton] = {}
        self.span_group = QButtonGroup(self)
        self.span_group.setExclusive(True)
        # Literal tr() calls, so pyside6-lupdate finds every label.
        labels = {
            "live": self.tr("Live 10 min"),
            "1h": self.tr("1 h"),
            "8h": self.tr("8 h"),
            "24h": self.tr("24 h"),
            "10d": self.tr("10 d"),
        }
        for key, _, seconds, every in SPANS:
            button = QPushButton(labels[key])
            button.setObjectName("SpanButton")
            button.setCheckable(True)
            button.clicked.connect(
                lambda _=False, s=seconds, e=every: self.show_span(s, refresh_every_s=e)
            )
            self.span_group.addButton(button)
            self.span_buttons[key] = button
            spans.addWidget(button)
        self.custom_button = QPushButton(self.tr("Custom…"))
        self.custom_button.setObjectName("SpanButton")
        self.custom_button.setCheckable(True)
        self.custom_button.clicked.connect(self._ask_custom_span)
        self.span_group.addButton(self.custom_button)
        spans.addWidget(self.custom_button)
        spans.addStretch(1)
        right_layout.addLayout(spans)

        self.plot = TrendPlot(bridge.zone)
        # 160 px: with two legend rows and a wrapped status line the page still fits a
        # 1280x800 panel (at 200 px it was 7 px too tall and the window grew).
        self.plot.setMinimumHeight(160)
        right_layout.addWidget(self.plot, 1)

        controls = QHBoxLayout()
        controls.setSpacing(6)
        self.earlier_button = QPushButton("◀")
        self.earlier_button.setToolTip(self.tr("Earlier"))
        self.later_button = QPushButton("▶")
        self.later_button.setToolTip(self.tr("Later"))
        self.zoom_in_button = QPushButton(self.tr("Zoom in"))
        self.zoom_out_button = QPushButton(self.tr("Zoom out"))
        for button in (
            self.earlier_button,
            self.later_button,
            self.zoom_in_button,
            self.zoom_out_button,
        ):
            button.setObjectName("SpanButton")
            controls.addWidget(button)
        self.earlier_button.clicked.connect(lambda: self.pan(-0.5))
        self.later_button.clicked.connect(lambda: self.pan(0.5))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(0.5))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(2.0))
        controls.addStretch(1)
        self.export_button = QPushButton(self.tr("Export CSV"))
        controls.addWidget(self.export_button)
        self.export_button.clicked.connect(self.export)
        right_layout.addLayout(controls)

        self.legend = PenTable(0, 6)
        self.legend.setHorizontalHeaderLabels(
            [
                self.tr("Pen"),
                self.tr("Tag"),
                self.tr("Now"),
                self.tr("Shown range"),
                self.tr("Samples"),
                "",
            ]
        )
        self.legend.verticalHeader().setVisible(False)
        self.legend.verticalHeader().setDefaultSectionSize(LEGEND_ROW_PX)
        self.legend.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.cellClicked.connect(self._focus_row)
        self.legend.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.legend.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        right_layout.addWidget(self.legend)
        # Tap (or click) the plot to put the cursor there; drag it to read along the time.
        self.cursor_readout = QLabel()
        self.cursor_readout.setObjectName("Note")
        self.cursor_readout.setWordWrap(True)
        right_layout.addWidget(self.cursor_readout)
        self.status = QLabel()
        self.status.setObjectName("Note")
        self.status.setWordWrap(True)
        right_layout.addWidget(self.status)
        self.key = QLabel(
            self.tr(
                "── good   ┈┈ uncertain or bad   ╌╌ alarm limit   ─·─ CPP limit   "
                "(no line: no data)"
            )
        )
        self.key.setObjectName("Note")
        right_layout.addWidget(self.key)
        self.refusal = refusal_label()
        right_layout.addWidget(self.refusal)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        view = self.plot.getViewBox()
        self.cursor_line = pg.InfiniteLine(
            angle=90, movable=True, pen=pg.mkPen(theme.TEXT, width=3)
        )
        self.cursor_line.hide()
        self.plot.addItem(self.cursor_line, ignoreBounds=True)
        self.cursor_line.sigPositionChanged.connect(self._show_cursor)
        self.plot.scene().sigMouseClicked.connect(self._on_plot_clicked)
        view.sigXRangeChanged.connect(self._on_range_changed)
        view.sigRangeChangedManually.connect(self._on_user_range)
        view.sigResized.connect(self._on_range_changed)
        self.picker.pens_changed.connect(self._on_pens_changed)
        self.span_buttons["live"].setChecked(True)
        self._set_range(*self._following_range())

    # -- cursor -------------------------------------------------------------------------

    def _on_plot_clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        view = self.plot.getViewBox()
        if view.sceneBoundingRect().contains(scene_pos):
            self.set_cursor(view.mapSceneToView(scene_pos).x())

    def set_cursor(self, at: float) -> None:
        """Put the cursor at station time ``at`` and read every pen there."""
        self.cursor_line.setPos(at)
        self.cursor_line.show()
        self._show_cursor()

    def cursor_values(self) -> dict[str, str]:
        """Each pen's reading at the cursor: the bucket's value (min ... max when it
        moved within the bucket), marked when doubtful; "—" where there is no data."""
        at = float(self.cursor_line.value())
        readings: dict[str, str] = {}
        for path in self.pens:
            series = self.series.get(path)
            tag = self.tags.get(path)
            unit = tag.unit if tag else ""
            text = "—"
            if series is not None and len(series.t):
                index = int(np.searchsorted(series.t, at, side="right")) - 1
                inside = 0 <= index < len(series.t) and at < series.t[index] + series.bucket_s
                if inside and series.values[index] > 0:
                    low, high = series.vmin[index], series.vmax[index]
                    text = format_plain(low, 4)
                    if high != low:
                        text += " ... " + format_plain(high, 4)
                    text += f" {unit}".rstrip()
                    if series.doubtful[index]:
                        text += " ┈"
            readings[path] = text
        return readings

    def _show_cursor(self) -> None:
        if not self.cursor_line.isVisible():
            self.cursor_readout.setText("")
            return
        at = float(self.cursor_line.value())
        names = {path: (self.tags[path].name if path in self.tags else path) for path in self.pens}
        parts = [f"{names[path]}: {text}" for path, text in self.cursor_values().items()]
        self.cursor_readout.setText(
            fill(self.tr("Cursor %1"), self.bridge.local_time(at, with_date=True))
            + ("\n" + "\n".join(parts) if parts else "")
        )

    # -- showing ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self._choose_default_pen)
        self._tick.start()
        if self.pens:
            QTimer.singleShot(0, self.reload)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()

    def _choose_default_pen(self) -> None:
        """A first look that means something: the temperature of the first occupied bay."""
        if self.pens:
            return
        for path in self.tags:
            if path.endswith(DEFAULT_PARAMETER):
                state = self.bridge.values.get(
                    path.removesuffix(DEFAULT_PARAMETER) + "process/state"
                )
                if state is not None and state.value not in (None, "empty"):
                    self.picker.set_pens([path])
                    return
        first = next(iter(self.tags), None)
        if first is not None:
            self.picker.set_pens([first])

    # -- time span -----------------------------------------------------------------------

    def _now(self) -> float:
        return self.bridge.core.station.clock.now()

    def _following_range(self) -> tuple[float, float]:
        now = self._now()
        return now - self.span_s, now

    def show_span(self, seconds: float, *, refresh_every_s: float = 1.0) -> None:
        """Follow now, showing the last ``seconds``."""
        self.span_s = seconds
        self.refresh_every_s = refresh_every_s
        self.following = True
        for key, _, span, _ in SPANS:
            if span == seconds:
                self.span_buttons[key].setChecked(True)
        self._set_range(*self._following_range())
        self.reload()

    def show_range(self, t0: float, t1: float) -> None:
        """A fixed span of history (station time, seconds since the epoch)."""
        if not t1 > t0:
            theme.show_refusal(self.refusal, self.tr("The end must be after the start."))
            return
        theme.show_refusal(self.refusal, "")
        self.following = False
        self.custom_button.setChecked(True)
        self._set_range(t0, t1)
        self.reload()

    def _ask_custom_span(self) -> None:
        t0, t1 = self.visible_range()
        dialog = CustomSpanDialog(self.bridge.plant.site.timezone, t0, t1, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_range(*dialog.span())
        elif self.following:
            self._check_span_button()

    def _check_span_button(self) -> None:
        for key, _, span, _ in SPANS:
            if span == self.span_s:
                self.span_buttons[key].setChecked(True)

    def pan(self, fraction: float) -> None:
        t0, t1 = self.visible_range()
        shift = (t1 - t0) * fraction
        self.show_range(t0 + shift, t1 + shift)

    def zoom(self, factor: float) -> None:
        t0, t1 = self.visible_range()
        middle, half = (t0 + t1) / 2.0, (t1 - t0) * factor / 2.0
        if self.following:
            # Zooming a live trend keeps its right edge at now.
            self.span_s = max(60.0, (t1 - t0) * factor)
            self._set_range(*self._following_range())
            self.custom_button.setChecked(True)
            self.reload()
            return
        self.show_range(middle - max(30.0, half), middle + max(30.0, half))

    def visible_range(self) -> tuple[float, float]:
        (t0, t1), _ = self.plot.getViewBox().viewRange()
        return float(t0), float(t1)

    def _set_range(self, t0: float, t1: float) -> None:
        self._setting_range = True
        try:
            self.plot.setXRange(t0, t1, padding=0.0)
        finally:
            self._setting_range = False

    def _on_range_changed(self, *_: object) -> None:
        if not self._setting_range:
            self._debounce.start()

    def _on_user_range(self, *_: object) -> None:
        """Dragging or wheeling the time axis leaves live: the operator looks back."""
        if self.following:
            self.following = False
            self.custom_button.setChecked(True)

    def _on_tick(self) -> None:
        if not self.following:
            return
        self._set_range(*self._following_range())
        if time.monotonic() - self._last_load >= self.refresh_every_s:
            self.reload()
        else:
            for path in self.pens:
                self._draw(path)

    # -- pens and data -------------------------------------------------------------------

    def _on_pens_changed(self, paths: list[str]) -> None:
        self.pens = list(paths)
        self.plot.set_pens(self.pens, {p: self._unit(p) for p in self.pens})
        for path in list(self.series):
            if path not in self.pens:
                self.series.pop(path)
                self.limits.pop(path, None)
        self._fill_legend()
        self.reload()

    def set_pens(self, paths: Sequence[str]) -> None:
        self.picker.set_pens(paths)

    @asyncSlot()
    async def reload(self) -> None:
        await self.load()

    async def load(self) -> None:
        """Read the history of every pen for the visible range at the plot's width; a
        request while one runs is folded into one more afterwards."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        try:
            while True:
                self._again = False
                await self._load_once()
                if not self._again:
                    break
        finally:
            self._loading = False
        if self._alive():
            self.loaded.emit()

    def _alive(self) -> bool:
        """False once the window is closed (a history read may still be on its way)."""
        return theme.alive(self) and theme.alive(self.plot.getViewBox())

    async def _load_once(self) -> None:
        if not self._alive():
            return
        pens = list(self.pens)
        if not pens:
            self._fill_legend()
            return
        t0, t1 = self.visible_range()
        buckets = max(100, min(8000, int(self.plot.getViewBox().width()) or 1000))
        station = self.bridge.core.station
        self._last_load = time.monotonic()
        missing_limits = [path for path in pens if path not in self.limits]
        try:
            results = await asyncio.gather(
                *(self.bridge.run(station.trend(path, t0, t1, buckets)) for path in pens),
                *(self.bridge.run(station.trend_limits(path)) for path in missing_limits),
            )
        except Exception as exc:  # shown to the operator; the last good picture stays
            if not self._alive():
                return
            self.problem = str(exc) or type(exc).__name__
            theme.show_refusal(
                self.refusal, self.tr("History not available: %1").replace("%1", self.problem)
            )
            return
        if not self._alive():
            return  # the window closed while the history was read
        self.problem = ""
        theme.show_refusal(self.refusal, "")
        for path, series in zip(pens, results[: len(pens)], strict=True):
            self.series[path] = series  # type: ignore[assignment]
        for path, limits in zip(missing_limits, results[len(pens) :], strict=True):
            self.limits[path] = limits  # type: ignore[assignment]
        for index, path in enumerate(self.pens):
            if path in self.limits:
                self.plot.set_limits(
                    path,
                    self.limits[path],
                    pen_colour(index).name(),
                )
            self._draw(path)
        self._fit_values()
        self._fill_legend()
        self._describe(t0, t1)

    def _draw(self, path: str) -> None:
        series = self.series.get(path)
        if series is None or path not in self.pens:
            return
        lines = pen_lines(series)
        if self.following:
            lines = self._with_live_tail(path, lines, series)
        self.plot.show_series(path, lines)

    def _with_live_tail(self, path: str, lines: PenLines, series: TrendSeries) -> PenLines:
        """The newest value, not yet written by the historian, at the right edge."""
        sample = self.bridge.values.get(path)
        value = _number(sample)
        if sample is None or value is None:
            return lines
        last = lines.x[-1] if len(lines.x) else -math.inf
        if sample.source_time <= last:
            return lines
        good = sample.quality is Quality.GOOD
        return PenLines(
            np.append(lines.x, sample.source_time),
            np.append(lines.good, value if good else np.nan),
            np.append(lines.doubtful, np.nan if good else value),
        )

    def _unit(self, path: str) -> str:
        tag = self.tags.get(path)
        return tag.unit if tag is not None else ""

    def _fit_values(self) -> None:
        """One scale per unit, holding its pens' data and their alarm and CPP limits
        (not the engineering range, which would flatten the curves)."""
        groups: dict[str, list[float]] = {}
        for path in self.pens:
            values = groups.setdefault(self._unit(path), [])
            series = self.series.get(path)
            if series is not None and (series.values > 0).any():
                values.append(float(np.nanmin(series.vmin)))
                values.append(float(np.nanmax(series.vmax)))
            values.extend(
                limit.value
                for limit in self.limits.get(path, ())
                if limit.kind is not LimitKind.RANGE
            )
        # Room above the top line for its label (labels sit above their line).
        label_room = 32.0 / max(100.0, float(self.plot.getViewBox().height()))
        scales = {}
        for unit, values in groups.items():
            if not values:
                continue
            low, high = min(values), max(values)
            span = (high - low) or max(abs(high) * 0.1, 1.0)
            scales[unit] = (low - span * 0.05, high + span * max(0.06, label_room * 1.2))
        self.plot.set_scales(scales)

    def _fill_legend(self) -> None:
        self._show_cursor()  # the data under the cursor changed too
        self.legend.setRowCount(len(self.pens))
        self._size_legend()
        for row, path in enumerate(self.pens):
            tag = self.tags.get(path)
            colour = pen_colour(row)
            focused = path == self.plot.focus
            swatch = QTableWidgetItem("▶━━" if focused else "━━━")
            swatch.setToolTip(self.tr("Tap a pen to show its scale on the value axis"))
            swatch.setForeground(colour)
            swatch.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.legend.setItem(row, 0, swatch)
            name = QTableWidgetItem(tag.name if tag else path)
            name.setToolTip(path)
            self.legend.setItem(row, 1, name)
            shown = show_value(self.bridge.values.get(path), self.bridge.spec(path))
            now_text = shown.text if shown.good else f"{shown.text} {shown.flag}"
            self.legend.setItem(row, 2, QTableWidgetItem(now_text))
            series = self.series.get(path)
            unit = tag.unit if tag else ""
            if series is not None and (series.values > 0).any():
                low, high = np.nanmin(series.vmin), np.nanmax(series.vmax)
                span = f"{format_plain(low, 4)} ... {format_plain(high, 4)} {unit}"
                doubtful = int(series.doubtful.sum())
                data = format_count(series.samples)
                if doubtful:
                    data += " · " + self.tr("%1 doubtful").replace("%1", str(doubtful))
            else:
                span, data = "—", self.tr("none")
            self.legend.setItem(row, 3, QTableWidgetItem(span))
            self.legend.setItem(row, 4, QTableWidgetItem(data))
            remove = QPushButton("✕")
            remove.setObjectName("SpanButton")
            remove.setToolTip(self.tr("Remove this pen"))
            remove.setAccessibleName(self.tr("Remove pen %1").replace("%1", path))
            remove.clicked.connect(lambda _=False, p=path: self.remove_pen(p))
            self.legend.setCellWidget(row, 5, remove)

    def _size_legend(self) -> None:
        self.legend.rows = max(1, len(self.pens))
        self.legend.setMinimumHeight(self.legend.height_for(min(self.legend.rows, 2)))
        self.legend.updateGeometry()

    def _focus_row(self, row: int, _column: int = 0) -> None:
        """Tapping a pen shows its unit's scale on the value axis."""
        if 0 <= row < len(self.pens):
            self.plot.set_focus(self.pens[row])
            self._fill_legend()

    def remove_pen(self, path: str) -> None:
        self.picker.set_pens([p for p in self.pens if p != path])

    def _describe(self, t0: float, t1: float) -> None:
        first = next(iter(self.series.values()), None)
        detail = ""
        if first is not None:
            bucket = first.bucket_s
            source = (
                self.tr("minute rollups") if first.resolution == "rollup" else self.tr("samples")
            )
            detail = (
                self.tr(" · %1 per point, from %2")
                .replace(
                    "%1",
                    f"{format_plain(bucket, 3)} s"
                    if bucket < 120
                    else f"{format_plain(bucket / 60, 3)} min",
                )
                .replace("%2", source)
            )
        mode = self.tr("live") if self.following else self.tr("history")
        self.status.setText(
            self.tr("%1 to %2 (%3), %4%5.")
            .replace("%5", detail)
            .replace("%4", mode)
            .replace("%3", self.bridge.plant.site.timezone)
            .replace("%2", self._local(t1))
            .replace("%1", self._local(t0))
        )

    def _local(self, epoch: float) -> str:
        return format_datetime(datetime.fromtimestamp(epoch, self.bridge.zone))

    # -- export --------------------------------------------------------------------------

    def export(self) -> None:
        stamp = datetime.fromtimestamp(self._now(), self.bridge.zone).strftime("%Y%m%d-%H%M")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the shown trend"), f"trend-{stamp}.csv", "CSV (*.csv)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        """Write what the plot shows (every pen, every bucket with data); returns rows."""
        pens = [
            (self.series[p], self.tags[p].unit if p in self.tags else "")
            for p in self.pens
            if p in self.series
        ]
        text = trend_csv(pens, self.bridge.zone)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            theme.show_refusal(
                self.refusal,
                self.tr("Could not write %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc)),
            )
            return 0
        rows = text.count("\n") - 1
        self.status.setText(
            self.tr("Exported %1 rows to %2").replace("%1", str(rows)).replace("%2", str(path))
        )
        return rows

    @property
    def point_count(self) -> int:
        """Points drawn over all pens."""
        return sum(self.plot.curve_points(path) for path in self.pens)


def _number(sample: Sample | None) -> float | None:
    if sample is None:
        return None
    value = sample.value
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None
