"""The trend plot: pens drawn from min/max buckets, doubtful data dotted, limits dashed,
a time axis in the site's zone.

Each pen is two curves of 1 px (wider pens cost 4-50x in Qt's polygon fill): solid where
every sample in the bucket was good, dotted where any was uncertain or bad, and broken
where the history has a gap (a bad sample without a value, or the station was down).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    DAY_SPACING,
    HOUR_SPACING,
    MINUTE_SPACING,
    MONTH_SPACING,
    SECOND_SPACING,
    YEAR_MONTH_ZOOM_LEVEL,
    TickSpec,
    ZoomLevel,
    makeMStepper,
    makeSStepper,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from app.records.historian import TrendSeries
from app.trends import LimitKind, TrendLimit
from ui import theme

# Muted, distinguishable pen colours; none of them an alarm colour (red, yellow,
# magenta, light blue are kept for alarms, ISA-101).
PEN_COLOURS = (
    "#1f3a93",
    "#2e6b30",
    "#6d4c41",
    "#5e35b1",
    "#00695c",
    "#37474f",
    "#8a5a00",
    "#455a9c",
)
LIMIT_STYLES = {
    LimitKind.ALARM: Qt.PenStyle.DashLine,
    LimitKind.CPP: Qt.PenStyle.DashDotLine,
    LimitKind.RANGE: Qt.PenStyle.DotLine,
}


def _zoom_levels() -> OrderedDict[float, ZoomLevel]:
    """pyqtgraph's levels, measured with the texts they really show ("00:00" rather than
    "MMM 00", which is wider and made ticks five minutes apart where one fits), with
    weekday and date on day ticks, and nothing finer than a second."""
    day = makeSStepper(DAY_SPACING)
    return OrderedDict(
        [
            (np.inf, YEAR_MONTH_ZOOM_LEVEL),
            (
                5 * DAY_SPACING,
                ZoomLevel(
                    [
                        TickSpec(MONTH_SPACING, makeMStepper(1), "%b"),
                        TickSpec(DAY_SPACING, day, "%a %d", autoSkip=[1, 2, 5, 10]),
                    ],
                    "Mon 00",
                ),
            ),
            (
                6 * HOUR_SPACING,
                ZoomLevel(
                    [
                        TickSpec(DAY_SPACING, day, "%a %d"),
                        TickSpec(
                            HOUR_SPACING,
                            makeSStepper(HOUR_SPACING),
                            "%H:%M",
                            autoSkip=[1, 2, 3, 6, 12],
                        ),
                    ],
                    "00:00",
                ),
            ),
            (
                15 * MINUTE_SPACING,
                ZoomLevel(
                    [
                        TickSpec(DAY_SPACING, day, "%a %d"),
                        TickSpec(
                            MINUTE_SPACING,
                            makeSStepper(MINUTE_SPACING),
                            "%H:%M",
                            autoSkip=[1, 2, 5, 10, 15, 30],
                        ),
                    ],
                    "00:00",
                ),
            ),
            (
                30,
                ZoomLevel(
                    [
                        TickSpec(
                            SECOND_SPACING,
                            makeSStepper(SECOND_SPACING),
                            "%H:%M:%S",
                            autoSkip=[1, 2, 5, 10, 15, 30],
                        )
                    ],
                    "00:00:00",
                ),
            ),
        ]
    )


class StationTimeAxis(pg.DateAxisItem):
    """Dates and times in the site's zone (not the computer's), whole seconds at most:
    a process trend has no use for milliseconds."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__(orientation="bottom")
        self.zone = zone
        self.zoomLevels = _zoom_levels()
        # Times are short texts: let the finer level label every tick it has room for.
        self.setStyle(textFillLimits=[(0, 0.95), (2, 0.9), (4, 0.7), (6, 0.5)])

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N803
        # Ticks fall on whole local hours and days: shift by the zone's offset mid-view.
        middle = (minVal + maxVal) / 2.0
        try:
            offset = datetime.fromtimestamp(middle, self.zone).utcoffset()
        except (OverflowError, OSError, ValueError):
            offset = None
        self.utcOffset = -offset.total_seconds() if offset is not None else 0.0
        return super().tickValues(minVal, maxVal, size)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        level = getattr(self, "zoomLevel", None)  # set by tickValues()
        specs = level.tickSpecs if level is not None else ()
        spec = next((s for s in specs if s.spacing == spacing), None)
        fmt = spec.format if spec is not None else "%H:%M:%S"
        texts = []
        for value in values:
            try:
                texts.append(datetime.fromtimestamp(value, self.zone).strftime(fmt))
            except (OverflowError, OSError, ValueError):
                texts.append("")
        return texts


@dataclass(frozen=True, slots=True)
class PenLines:
    """What one pen draws: x twice per bucket (its min, then its max), the good and the
    doubtful y values (NaN where the other one draws, or where there is a gap)."""

    x: npt.NDArray[np.float64]
    good: npt.NDArray[np.float64]
    doubtful: npt.NDArray[np.float64]


def pen_lines(series: TrendSeries) -> PenLines:
    """Min/max strokes for the buckets holding rows; empty buckets are skipped (the line
    joins its neighbours: the value did not change), gap buckets break the line."""
    keep = np.flatnonzero(series.rows > 0)
    centre = series.t[keep] + series.bucket_s / 2.0
    x = np.repeat(centre, 2)
    y = np.column_stack((series.vmin[keep], series.vmax[keep])).ravel()
    doubtful_bucket = series.doubtful[keep]
    # A doubtful run is drawn from the neighbouring good bucket on, so the line is whole.
    near = doubtful_bucket.copy()
    near[1:] |= doubtful_bucket[:-1]
    near[:-1] |= doubtful_bucket[1:]
    good = np.where(np.repeat(doubtful_bucket, 2), np.nan, y)
    doubtful = np.where(np.repeat(near, 2), y, np.nan)
    return PenLines(x, good, doubtful)


class TrendPlot(pg.PlotWidget):
    """A pyqtgraph plot with a site-time axis, pens and their limit lines."""

    def __init__(self, zone: tzinfo) -> None:
        pg.setConfigOptions(antialias=False)
        super().__init__(axisItems={"bottom": StationTimeAxis(zone)})
        self.setBackground(theme.TILE)
        self.showGrid(x=True, y=True, alpha=0.3)
        tick_font = QFont("DejaVu Sans")
        tick_font.setPixelSize(15)
        for axis in ("left", "bottom"):
            self.getAxis(axis).setTextPen(theme.TEXT)
            self.getAxis(axis).setPen(theme.BORDER)
            self.getAxis(axis).setStyle(tickFont=tick_font)
        # Time is zoomed and panned; the value axis follows the data and its limits.
        self.setMouseEnabled(x=True, y=False)
        self.getPlotItem().hideButtons()
        self._curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._limits: dict[str, list[pg.InfiniteLine]] = {}

    def set_pens(self, paths: Sequence[str]) -> None:
        """Keep curves for ``paths`` only, in this order of colours."""
        for path in list(self._curves):
            if path not in paths:
                for item in self._curves.pop(path):
                    self.removeItem(item)
                self.set_limits(path, [])
        for index, path in enumerate(paths):
            colour = QColor(PEN_COLOURS[index % len(PEN_COLOURS)])
            if path not in self._curves:
                good = self.plot(pen=pg.mkPen(colour, width=1), connect="finite")
                doubtful = self.plot(
                    pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine), connect="finite"
                )
                self._curves[path] = (good, doubtful)
            else:
                self._curves[path][0].setPen(pg.mkPen(colour, width=1))
                self._curves[path][1].setPen(pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine))

    def show_series(self, path: str, lines: PenLines) -> None:
        good, doubtful = self._curves[path]
        good.setData(lines.x, lines.good, connect="finite")
        doubtful.setData(lines.x, lines.doubtful, connect="finite")

    def set_limits(self, path: str, limits: Sequence[TrendLimit], colour: str = "") -> None:
        for line in self._limits.pop(path, []):
            self.removeItem(line)
        lines = []
        for limit in limits:
            line = pg.InfiniteLine(
                pos=limit.value,
                angle=0,
                pen=pg.mkPen(
                    QColor(colour or theme.TEXT_MUTED), width=1, style=LIMIT_STYLES[limit.kind]
                ),
                label=limit.label,
                labelOpts={"position": 0.02, "color": theme.TEXT, "anchors": [(0, 1), (0, 1)]},
            )
            # Limits never widen the value axis on their own (the range would squash data).
            self.addItem(line, ignoreBounds=True)
            lines.append(line)
        self._limits[path] = lines

    def curve_points(self, path: str) -> int:
        """Finite points drawn for a pen (tests, status line)."""
        good, doubtful = self._curves[path]
        total = 0
        for curve in (good, doubtful):
            _, y = curve.getData()
            if y is not None:
                total += int(np.isfinite(y).sum())
        return total
