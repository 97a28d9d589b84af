"""The trend plot: pens drawn from min/max buckets, doubtful data dotted, limits dashed,
a time axis in the site's zone.

Each pen draws a line solid (1 px: wider lines cost 4-50x in Qt) where every sample in
the bucket was good, dotted where any was uncertain or bad, and broken where the history
has a gap (a bad sample without a value, or the station was down).

A pen is one lean item (``PenItem``), not pyqtgraph curves: at each paint it draws only
the visible time, reduced to a min/max pair per pixel column (peak mode: every
excursion a pixel can show) from a min/max pyramid of its values (``PenLevels``), in
whole device pixels with flat runs merged. A pen of a million raw points pans as fast
as one of the historian's pixel-wide buckets (``celldeck bench trend``; pyqtgraph's
curves with clipToView and peak downsampling cost several times as much a frame, see
docs/PERFORMANCE.md "Trends").
"""

from __future__ import annotations

import logging
import math
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
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGestureEvent, QPinchGesture

from app.records.historian import TrendSeries
from app.trends import LimitKind, TrendLimit
from ui import theme
from ui.format import date_style, format_date, format_number, format_plain
from ui.i18n import fill

log = logging.getLogger(__name__)

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


# Pens with more points than this keep a min/max pyramid (PenLevels).
LEVELS_FROM = 20_000


_NOTHING = np.empty(0)


class PenLevels:
    """One line's values as a min/max pyramid: level 0 is the points themselves; level
    k holds the min and max of each run of 2**k points (NaN where the run holds a gap,
    so a gap stays a gap at any zoom, as in pyqtgraph's peak mode), at the time of the
    run's middle point. Only lines longer than ``LEVELS_FROM`` points get levels above 0
    (float32: far below a pixel on any scale)."""

    def __init__(self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> None:
        self.x = x
        self.y = y
        self.finite = int(np.isfinite(y).sum())
        self.xs: list[npt.NDArray[np.float64]] = [x]
        self.mins: list[npt.NDArray[np.floating]] = [y]
        self.maxs: list[npt.NDArray[np.floating]] = [y]
        if len(y) <= LEVELS_FROM:
            return
        low = high = y.astype(np.float32)
        run = 1
        while len(low) >= 4:
            even = len(low) // 2 * 2
            low = np.minimum(low[0:even:2], low[1:even:2])
            high = np.maximum(high[0:even:2], high[1:even:2])
            run *= 2
            self.mins.append(low)
            self.maxs.append(high)
            self.xs.append(x[run // 2 :: run][: len(low)])

    def columns(
        self, t0: float, t1: float, pixels: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """What to draw of ``t0``-``t1`` on ``pixels`` columns: each column's min and max
        (at the column's middle), from the coarsest level that still has a point per
        column, and one point beyond either end, so the line runs to the edge."""
        first, last = np.searchsorted(self.x, (t0, t1))
        if first == last and not (
            0 < first < len(self.x) and np.isfinite(self.y[first - 1] + self.y[first])
        ):
            return _NOTHING, _NOTHING  # no point in view, and no segment across it
        per_pixel = (last - first) / max(1, pixels)
        level = min(int(math.log2(per_pixel)) if per_pixel >= 2 else 0, len(self.mins) - 1)
        xs, mins, maxs = self.xs[level], self.mins[level], self.maxs[level]
        start, stop = np.searchsorted(xs, (t0, t1))
        start, stop = max(0, start - 1), min(len(xs), stop + 1)
        xs, mins, maxs = xs[start:stop], mins[start:stop], maxs[start:stop]
        if len(xs) > 2:
            # The pixel column of each point (-1 and ``pixels``: the points beyond either
            # end, kept where they are); a column's min and max are drawn at its middle,
            # so neighbouring columns touch (a doubtful stretch of 500 points may be one).
            per_column = (t1 - t0) / pixels
            column = np.clip(np.floor((xs - t0) / per_column), -1, pixels)
            starts = np.flatnonzero(np.concatenate(([True], column[1:] != column[:-1])))
            mins = np.minimum.reduceat(mins, starts)
            maxs = np.maximum.reduceat(maxs, starts)
            column = column[starts]
            inside = (column >= 0) & (column < pixels)
            xs = np.where(inside, t0 + (column + 0.5) * per_column, xs[starts])
        # Every other column runs from max to min: the line then steps max to max and min
        # to min between columns, not across the whole band (half the ink, same pixels).
        down = np.zeros(len(xs), dtype=bool)
        down[1::2] = True
        y = np.empty(2 * len(xs))
        y[0::2] = np.where(down, maxs, mins)
        y[1::2] = np.where(down, mins, maxs)
        return np.repeat(xs, 2), y


class PenItem(pg.GraphicsObject):
    """One pen on the plot: solid where its data were good, dotted where doubtful,
    broken at gaps. Bounded by the view (Qt never asks the data for its extent) and
    drawn from its ``PenLevels`` for the view at paint time."""

    def __init__(self, solid: QPen, dotted: QPen) -> None:
        super().__init__()
        self.solid, self.dotted = solid, dotted
        self.good: PenLevels | None = None
        self.doubtful: PenLevels | None = None
        self.low, self.span = 0.0, 1.0
        self._bounds = QRectF()

    def set_pens(self, solid: QPen, dotted: QPen) -> None:
        self.solid, self.dotted = solid, dotted
        self.update()

    def set_lines(self, lines: PenLines) -> None:
        self.good = PenLevels(lines.x, lines.good)
        self.doubtful = PenLevels(*_finite_runs(lines.x, lines.doubtful))
        self.update()

    def set_scale(self, low: float, high: float) -> None:
        """Values from ``low`` to ``high`` fill the view's 0..1."""
        self.low, self.span = low, (high - low) or 1.0
        self.update()

    @property
    def points(self) -> int:
        """Finite points the pen holds."""
        return sum(lines.finite for lines in (self.good, self.doubtful) if lines is not None)

    def viewRangeChanged(self) -> None:
        view = self.getViewBox()
        if view is None:
            return
        (x0, x1), (y0, y1) = view.viewRange()
        self.prepareGeometryChange()
        self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0)

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def dataBounds(
        self,
        ax: int,
        frac: float = 1.0,
        orthoRange: object = None,  # noqa: N803
    ) -> tuple[float | None, float | None]:
        if self.good is None or not len(self.good.x):
            return None, None
        if ax == 0:
            return float(self.good.x[0]), float(self.good.x[-1])
        return 0.0, 1.0

    def shown(self) -> dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]:
        """What the pen draws for the view now, in view coordinates: "good" and
        "doubtful" x and y (NaN breaks the line)."""
        view = self.getViewBox()
        if view is None:
            return {}
        (t0, t1), _ = view.viewRange()
        pixels = max(1, int(view.width()))
        drawn = {}
        for kind, lines in (("good", self.good), ("doubtful", self.doubtful)):
            if lines is not None and lines.finite:
                x, y = lines.columns(t0, t1, pixels)
                drawn[kind] = (x, (y - self.low) / self.span)
        return drawn

    def paint(self, painter: QPainter, *args: object) -> None:
        transform = painter.transform()
        painter.save()
        painter.resetTransform()  # whole device pixels from here on
        try:
            for kind, (x, y) in self.shown().items():
                painter.setPen(self.solid if kind == "good" else self.dotted)
                _draw_runs(
                    painter,
                    np.rint(x * transform.m11() + transform.dx()),
                    np.rint(y * transform.m22() + transform.dy()),
                )
        except Exception:
            # An exception must not leave a paint override: PySide6 6.11 can crash while
            # reporting it. The pen is left out of this frame, and the log says why.
            log.exception("trend pen not drawn")
        finally:
            painter.restore()


def _draw_runs(painter: QPainter, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> None:
    """Polylines through the finite points, broken at NaN; the inner points of a flat
    run on one pixel row are left out (a line of noise-free data is a few segments)."""
    keep = np.ones(len(y), dtype=bool)  # NaN stays: it is where the line breaks
    keep[1:-1] = ~((y[1:-1] == y[:-2]) & (y[1:-1] == y[2:]))
    x, y = x[keep], y[keep]
    finite = np.isfinite(y)
    bounds = np.flatnonzero(np.diff(np.concatenate(([False], finite, [False])).astype(np.int8)))
    for start, stop in zip(bounds[0::2].tolist(), bounds[1::2].tolist(), strict=True):
        if stop - start == 1:
            painter.drawPoint(QPointF(float(x[start]), float(y[start])))
        else:
            painter.drawPolyline(_polygon(x[start:stop], y[start:stop]))


def _polygon(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> QPolygonF:
    """A QPolygonF of the points, filled in place through numpy (pyqtgraph's helpers):
    no Python object per point."""
    polygon = pg.functions.create_qpolygonf(len(x))
    points = pg.functions.ndarray_from_qpolygonf(polygon)
    points[:, 0] = x
    points[:, 1] = y
    return polygon


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


class LimitLabel(pg.InfLineLabel):
    """A limit line's name, kept whole inside the plot: under a line in the plot's upper
    half, over one in its lower half, and not drawn while its line is outside the shown
    range (the line is not drawn then either). A label always over its line stuck out of
    the top of the plot, and one of a line just below the plot showed its upper half."""

    def __init__(self, line: pg.InfiniteLine, text: str, **options: object) -> None:
        # The first anchor while the plot's middle is under the line: text below it.
        super().__init__(line, text=text, anchors=[(0, 0), (0, 1)], **options)

    def updatePosition(self) -> None:
        super().updatePosition()
        shown = self.line.viewRect()  # in the line's coordinates: the line is y = 0
        inside = shown is not None and shown.top() <= 0.0 <= shown.bottom()
        # Opacity, not visibility: a hidden label stops following its line.
        self.setOpacity(1.0 if inside else 0.0)

    @property
    def whole_in_view(self) -> bool:
        """Whether the label is drawn and every pixel of it lies in the plot (tests)."""
        view = self.getViewBox()
        if view is None or self.opacity() == 0.0:
            return False
        box = self.mapRectToItem(view, self.boundingRect())
        return view.boundingRect().contains(box)


class OpaqueGridAxis(pg.AxisItem):
    """An axis whose grid lines are drawn opaque, in the colour their transparency would
    give over the plot's background: Qt's raster engine draws a semi-transparent line
    several times slower than an opaque one, and every pan redraws every grid line
    (translucent, the grid took about half of a pan frame of two small pens)."""

    def generateDrawSpecs(self, p: QPainter) -> tuple | None:
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis, ticks, texts = specs
        background = theme.TILE
        pens: dict[int, QPen] = {}
        opaque = []
        for pen, start, end in ticks:
            colour = pen.color()
            alpha = colour.alpha()
            if alpha < 255:
                solid = pens.get(alpha)
                if solid is None:
                    solid = pens[alpha] = QPen(pen)
                    solid.setColor(_over(colour, background))
                pen = solid
            opaque.append((pen, start, end))
        return axis, opaque, texts


def _over(colour: QColor, background: QColor) -> QColor:
    """The opaque colour of ``colour`` (with its alpha) painted over ``background``."""
    alpha = colour.alphaF()
    return QColor(
        round(colour.red() * alpha + background.red() * (1.0 - alpha)),
        round(colour.green() * alpha + background.green() * (1.0 - alpha)),
        round(colour.blue() * alpha + background.blue() * (1.0 - alpha)),
    )


class StationTimeAxis(OpaqueGridAxis, pg.DateAxisItem):
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


class ScaledValueAxis(OpaqueGridAxis, LocaleValueAxis):
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
            # Grid lines (drawn by the axes, opaque) behind the pens, never across them.
            self.getAxis(axis).setZValue(-1)
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
        self._items: dict[str, PenItem] = {}
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
        """Keep pens for ``paths`` only, in this order of colours."""
        for path in list(self._items):
            if path not in paths:
                self.removeItem(self._items.pop(path))
                self.set_limits(path, [])
        self._order = list(paths)
        self.units = {path: units.get(path, "") for path in paths}
        for index, path in enumerate(paths):
            colour = pen_colour(index)
            solid = pg.mkPen(colour, width=1)
            dotted = pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine)
            if path not in self._items:
                self._items[path] = PenItem(solid, dotted)
                self._items[path].set_scale(*self._scale(path))
                self.addItem(self._items[path])
            else:
                self._items[path].set_pens(solid, dotted)
        if self.focus not in self._order:
            self.set_focus(self._order[0] if self._order else "")

    def set_scales(self, scales: dict[str, tuple[float, float]]) -> None:
        """(low, high) per unit; every curve and limit is redrawn on its unit's scale."""
        self.scales = dict(scales)
        for path, item in self._items.items():
            item.set_scale(*self._scale(path))
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

    def _scale(self, path: str) -> tuple[float, float]:
        return self.scales.get(self.units.get(path, ""), (0.0, 1.0))

    def _normal(self, path: str, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        low, high = self._scale(path)
        return (values - low) / ((high - low) or 1.0)

    def show_series(self, path: str, lines: PenLines) -> None:
        self._items[path].set_lines(lines)

    def pen_item(self, path: str) -> PenItem:
        """The item that draws ``path`` (tests read what it shows)."""
        return self._items[path]

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
                )
                # Labels of successive lines start at different places: fewer overlaps.
                line.label = LimitLabel(
                    line,
                    limit_label(limit, unit),
                    position=0.02 + 0.24 * (count % 4),
                    color=theme.TEXT,
                )
                line.limit = limit  # type: ignore[attr-defined]  # what it stands for
                # Limits never widen the view on their own (the range would squash data).
                self.addItem(line, ignoreBounds=True)
                lines.append(line)
                count += 1
            self._limits[path] = lines

    def curve_points(self, path: str) -> int:
        """Finite points a pen holds (tests, status line), whatever a pixel shows."""
        return self._items[path].points


def _finite_runs(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The runs of finite ``y`` with one NaN between them (the break), when that is much
    less than all of it: a pen's doubtful curve is mostly empty, and a million NaN would
    be clipped and downsampled again on every pan."""
    finite = np.isfinite(y)
    kept = int(finite.sum())
    if kept > len(y) // 2:
        return x, y
    keep = finite.copy()
    keep[1:] |= finite[:-1] & ~finite[1:]  # the first gap point after each run
    return x[keep], y[keep]
