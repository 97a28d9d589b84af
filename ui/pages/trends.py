"""Trends: a live trend of any bay parameter, drawn with pyqtgraph.

Live only for now: the curve starts when a tag is chosen. Historical trends from the
historian, several pens, limits, cursor readout and export come with the trends feature.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hardware import Sample
from hardware.catalog import bay_prefix
from ui import theme
from ui.bridge import CoreBridge

TREND_PARAMETERS = (
    "bioreactor/temperature",
    "bioreactor/ph",
    "bioreactor/dissolved_oxygen",
    "bioreactor/co2",
    "bioreactor/glucose",
    "bioreactor/lactate",
    "bioreactor/vcd",
    "bioreactor/viability",
)
CAPACITY = 20_000


class TrendsPage(QWidget):
    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Trends"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        pickers = QHBoxLayout()
        self.bay_picker = QComboBox()
        for shuttle in bridge.plant.shuttles:
            for bay in range(1, shuttle.bays + 1):
                self.bay_picker.addItem(
                    self.tr("%1 bay %2").replace("%1", shuttle.label).replace("%2", f"{bay:02d}"),
                    bay_prefix(shuttle.id, bay),
                )
        self.parameter_picker = QComboBox()
        for parameter in TREND_PARAMETERS:
            self.parameter_picker.addItem(parameter.split("/")[-1], parameter)
        pickers.addWidget(self.bay_picker, 2)
        pickers.addWidget(self.parameter_picker, 1)
        layout.addLayout(pickers)
        note = QLabel(
            self.tr(
                "Live values since the tag was chosen. Historical trends, several pens, limits, "
                "cursor readout and export are not available in this build."
            )
        )
        note.setObjectName("Note")
        note.setWordWrap(True)
        layout.addWidget(note)
        pg.setConfigOptions(antialias=False)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setBackground(theme.TILE)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(theme.TEXT)
            self.plot.getAxis(axis).setPen(theme.BORDER)
        self.curve = self.plot.plot(pen=pg.mkPen(theme.TEXT, width=1))
        self.curve.setClipToView(True)
        self.curve.setDownsampling(auto=True, method="peak")
        layout.addWidget(self.plot, 1)
        self._times = np.empty(CAPACITY)
        self._values = np.empty(CAPACITY)
        self._count = 0
        self.bay_picker.currentIndexChanged.connect(self._restart)
        self.parameter_picker.currentIndexChanged.connect(self._restart)
        self._restart()
        bridge.frame.connect(self.on_frame)

    @property
    def path(self) -> str:
        return str(self.bay_picker.currentData()) + str(self.parameter_picker.currentData())

    def _restart(self) -> None:
        self._count = 0
        spec = self.bridge.spec(self.path)
        unit = spec.unit if spec else ""
        self.plot.setLabel("left", self.parameter_picker.currentText(), units=None)
        self.plot.setTitle(f"{self.path}  [{unit}]", color=theme.TEXT)
        latest = self.bridge.values.get(self.path)
        if latest is not None:
            self._append(latest)
        self._redraw()

    def _append(self, sample: Sample) -> None:
        if not sample.is_good or not isinstance(sample.value, float | int):
            # A gap, not a fake point: bad samples break the line.
            value = np.nan
        else:
            value = float(sample.value)
        if self._count == CAPACITY:
            keep = CAPACITY // 2
            self._times[:keep] = self._times[CAPACITY - keep :]
            self._values[:keep] = self._values[CAPACITY - keep :]
            self._count = keep
        self._times[self._count] = sample.receive_time
        self._values[self._count] = value
        self._count += 1

    def on_frame(self, changes: dict[str, Sample]) -> None:
        sample = changes.get(self.path)
        if sample is None:
            return
        self._append(sample)
        if self.isVisible():
            self._redraw()

    def _redraw(self) -> None:
        n = self._count
        self.curve.setData(self._times[:n], self._values[:n], connect="finite")

    @property
    def point_count(self) -> int:
        return self._count
