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
from math import ceil, log10

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
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGestureEvent, QPinchGesture

from app.records.historian import TrendSeries
from app.trends import LimitKind, TrendLimit
from ui import theme
from ui.format import date_style, format_date, format_number, format_plain
from ui.i18n import fill

# Muted, distinguishable pen colours; none of them an alarm colour (red, yellow,
# magenta, light blue are kept for alarms, ISA-101). Dark on the day greys, light on
# the night ones.
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
NIGHT_PEN_COLOURS = (
    "#9fb4ff",
    "#8fd18f",
    "#d2a98a",
    "#c1aef0",
    "#8fd6cc",
    "#c0ccd3",
    "#d8c39a",
    "#a9b8e8",
)


def pen_colour(index: int) -> QColor:
    """The colour of the index-th pen in the current theme (day or night)."""
    colours = NIGHT_PEN_COLOURS if theme.TILE.lightness() < 128 else PEN_COLOURS
    return QColor(colours[index % len(colours)])


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


def _tick_text(moment: datetime, fmt: str) -> str:
    """A time-axis tick: day and month ticks in the screen language ("Tue 03", "di 3",
    "3日(火)"; "Nov", "nov", "11月"), times and years as numbers."""
    style = date_style()
    if "%a" in fmt:
        return format_date(moment, style.weekday_day)
    if fmt == "%b":
        return format_date(moment, style.month)
    return moment.strftime(fmt)


def limit_label(limit: TrendLimit, unit: str) -> str:
    """The text on a limit line in the screen language: "H 37,8 °C" (ISA codes read the
    same everywhere), "CPP laag 36,5 °C", "範囲上限 50 °C"."""
    value = f"{format_plain(limit.value)} {unit}".strip()
    if limit.kind is LimitKind.ALARM:
        return f"{limit.side} {value}"
    words = {
        (LimitKind.CPP, "low"): QCoreApplication.translate("TrendPlot", "CPP low %1"),
        (LimitKind.CPP, "high"): QCoreApplication.translate("TrendPlot", "CPP high %1"),
        (LimitKind.RANGE, "low"): QCoreApplication.translate("TrendPlot", "range low %1"),
        (LimitKind.RANGE, "high"): QCoreApplication.translate("TrendPlot", "range high %1"),
    }
    return fill(words[(limit.kind, limit.side)], value)


class StationTimeAxis(pg.DateAxisItem):
    """Dates and times in the site's zone (not the computer's) and the screen language,
    whole seconds at most: a process trend has no use for milliseconds."""

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
                texts.append(_tick_text(datetime.fromtimestamp(value, self.zone), fmt))
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


class LocaleValueAxis(pg.AxisItem):
    """A value axis whose numbers follow the screen language (37,5 in Dutch); pyqtgraph
    writes them with Python's formats, always with a point."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation=orientation)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.logMode:
            return super().tickStrings(values, scale, spacing)
        # pyqtgraph's choice of decimals, written by the locale.
        places = max(0, ceil(-log10(spacing * scale))) if spacing * scale > 0 else 0
        texts = []
        for value in values:
            scaled = value * scale
            if abs(scaled) < 0.001 or abs(scaled) >= 10000:
                texts.append(format_plain(scaled))
            else:
                texts.append(format_number(scaled, places))
        return texts


class ScaledValueAxis(LocaleValueAxis):
    """The value axis of pens drawn on a 0..1 view: ticks and numbers in the real units
    of the pen group whose scale it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.low, self.high = 0.0, 1.0

    def set_scale(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.picture = None  # re-layout ticks
        self.update()

    def _span(self) -> float:
        return (self.high - self.low) or 1.0

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N803
        span = self._span()
        ticks = super().tickValues(self.low + minVal * span, self.low + maxVal * span, size)
        return [
            (spacing / span, [(value - self.low) / span for value in values])
            for spacing, values in ticks
        ]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        span = self._span()
        step = spacing * span
        # Back on the tick grid: the round trip through 0..1 leaves 1.42109e-14 for 0.
        real = [round((self.low + value * span) / step) * step for value in values]
        return super().tickStrings(real, scale, step)


class TrendPlot(pg.PlotWidget):
    """A pyqtgraph plot with a site-time axis, pens and their limit lines.

    Pens of one unit share a scale; each unit has its own (a temperature near 37 and a pH
    near 7 are both readable at once). The view runs 0..1 in y; the value axis shows the
    scale of the focused pen's unit, in its colour."""

    def __init__(self, zone: tzinfo) -> None:
        pg.setConfigOptions(antialias=False)
        self.value_axis = ScaledValueAxis()
        super().__init__(axisItems={"bottom": StationTimeAxis(zone), "left": self.value_axis})
        self.setBackground(theme.TILE)
        self.showGrid(x=True, y=True, alpha=0.3)
        tick_font = QFont("DejaVu Sans")
        tick_font.setPixelSize(15)
        for axis in ("left", "bottom"):
            self.getAxis(axis).setTextPen(theme.TEXT)
            self.getAxis(axis).setPen(theme.BORDER)
            self.getAxis(axis).setStyle(tickFont=tick_font)
        # Time is zoomed and panned; values are scaled per unit by the page.
        self.setMouseEnabled(x=True, y=False)
        self.setYRange(0.0, 1.0, padding=0.0)
        self.getPlotItem().hideButtons()
        # No right-click menu: a kiosk has no right button, and what the menu offers
        # (export, ranges) is on the page's own buttons. Two fingers pinch time instead.
        self.setMenuEnabled(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.units: dict[str, str] = {}
        self.scales: dict[str, tuple[float, float]] = {}
        self.focus = ""
        self._order: list[str] = []
        self._curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._lines: dict[str, PenLines] = {}
        self._limit_values: dict[str, tuple[list[TrendLimit], str]] = {}  # path ->
        self._limits: dict[str, list[pg.InfiniteLine]] = {}

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
                self.pinch_zoom(pinch.scaleFactor(), float(centre.x()))
                event.accept(pinch)
                return True
        return super().event(event)

    def pinch_zoom(self, scale_factor: float, centre_x_px: float) -> None:
        """Zoom time about the point between the fingers: fingers apart (factor > 1) show
        less time. The page hears it as a manual change, like a wheel turn."""
        if scale_factor <= 0.0:
            return
        view = self.getPlotItem().getViewBox()
        centre = view.mapSceneToView(self.mapToScene(int(centre_x_px), 0))
        view.scaleBy(x=1.0 / scale_factor, center=QPointF(centre.x(), 0.5))
        view.sigRangeChangedManually.emit(view.state["mouseEnabled"])

    def set_pens(self, paths: Sequence[str], units: dict[str, str]) -> None:
        """Keep curves for ``paths`` only, in this order of colours."""
        for path in list(self._curves):
            if path not in paths:
                for item in self._curves.pop(path):
                    self.removeItem(item)
                self._lines.pop(path, None)
                self.set_limits(path, [])
        self._order = list(paths)
        self.units = {path: units.get(path, "") for path in paths}
        for index, path in enumerate(paths):
            colour = pen_colour(index)
            solid = pg.mkPen(colour, width=1)
            dotted = pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine)
            if path not in self._curves:
                self._curves[path] = (
                    self.plot(pen=solid, connect="finite"),
                    self.plot(pen=dotted, connect="finite"),
                )
            else:
                self._curves[path][0].setPen(solid)
                self._curves[path][1].setPen(dotted)
        if self.focus not in self._order:
            self.set_focus(self._order[0] if self._order else "")

    def set_scales(self, scales: dict[str, tuple[float, float]]) -> None:
        """(low, high) per unit; every curve and limit is redrawn on its unit's scale."""
        self.scales = dict(scales)
        for path, lines in self._lines.items():
            self._draw(path, lines)
        self._draw_limits()
        self.set_focus(self.focus)

    def set_focus(self, path: str) -> None:
        """Show the scale of ``path``'s unit on the value axis."""
        self.focus = path
        unit = self.units.get(path, "")
        low, high = self.scales.get(unit, (0.0, 1.0))
        self.value_axis.set_scale(low, high)
        colour = pen_colour(self._order.index(path)) if path in self._order else theme.TEXT
        self.value_axis.setTextPen(colour)
        self.value_axis.setLabel(unit or None, color=colour.name())

    def _normal(self, path: str, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        low, high = self.scales.get(self.units.get(path, ""), (0.0, 1.0))
        return (values - low) / ((high - low) or 1.0)

    def show_series(self, path: str, lines: PenLines) -> None:
        self._lines[path] = lines
        self._draw(path, lines)

    def _draw(self, path: str, lines: PenLines) -> None:
        good, doubtful = self._curves[path]
        good.setData(lines.x, self._normal(path, lines.good), connect="finite")
        doubtful.setData(lines.x, self._normal(path, lines.doubtful), connect="finite")

    def set_limits(self, path: str, limits: Sequence[TrendLimit], colour: str = "") -> None:
        if limits:
            self._limit_values[path] = (list(limits), colour)
        else:
            self._limit_values.pop(path, None)
        self._draw_limits()

    def _draw_limits(self) -> None:
        """Every pen's limit lines on its unit's scale; a limit that several pens of one
        unit share (the same alarm on every bay) is drawn once."""
        for lines in self._limits.values():
            for line in lines:
                self.removeItem(line)
        self._limits = {}
        drawn: set[tuple[str, LimitKind, float]] = set()
        count = 0
        for path in [p for p in self._order if p in self._limit_values]:
            limits, colour = self._limit_values[path]
            unit = self.units.get(path, "")
            lines = []
            for limit in limits:
                key = (unit, limit.kind, limit.value)
                if key in drawn:
                    continue
                drawn.add(key)
                line = pg.InfiniteLine(
                    pos=float(self._normal(path, np.array([limit.value]))[0]),
                    angle=0,
                    pen=pg.mkPen(
                        QColor(colour or theme.TEXT_MUTED),
                        width=1,
                        style=LIMIT_STYLES[limit.kind],
                    ),
                    label=limit_label(limit, unit),
                    # Labels of successive lines start at different places: fewer overlaps.
                    labelOpts={
                        "position": 0.02 + 0.24 * (count % 4),
                        "color": theme.TEXT,
                        "anchors": [(0, 1), (0, 1)],
                    },
                )
                line.limit = limit  # type: ignore[attr-defined]  # what it stands for
                # Limits never widen the view on their own (the range would squash data).
                self.addItem(line, ignoreBounds=True)
                lines.append(line)
                count += 1
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
