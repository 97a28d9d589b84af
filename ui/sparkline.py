"""Sparklines for the overview's bay tiles: the last hour of each bay's key parameter.

``SparkHistory`` keeps, for the tags the tiles plot, the minimum and maximum per bucket
of station time (48 buckets of 75 s) in fixed numpy blocks shared by every tag: a column
per bucket, a row per tag, so a site of 768 bays holds about 0.7 MB and nothing grows.
It is fed from the bridge's frames and filled once from the historian for the time
before the window opened. A doubtful sample (uncertain, bad, or a value gone stale)
marks its bucket doubtful: drawn as a hatched gap, never as a line.

``spark_shape()`` turns one tag's buckets into the pixels a tile draws, as a value
(``SparkShape``): tests read its path data, and tiles use it in their cache key, so a
tile is re-rendered only when its line moves by a pixel. ``paint_spark()`` draws it in
ISA-101 style: a grey line, the normal band faint behind it, colour (and a heavier
line) only where the value was outside the band.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygon

from app.records.historian import TrendSeries
from hardware import Sample
from ui import theme
from ui.format import STALE_AFTER_S

SPAN_S = 3600.0
POINTS = 48
Band = tuple[float | None, float | None]
Points = tuple[tuple[int, int], ...]

# Out-of-limit stretches: the dark red of "out of specification" on the QC page (a red
# that is not an alarm's), light on the night theme's dark tiles.
OUTSIDE_INK = "#a00000"
NIGHT_OUTSIDE_INK = "#ff8a80"


class SparkHistory:
    """Min/max per bucket of station time for the tracked tags, last ``span_s``."""

    def __init__(
        self,
        clock: Callable[[], float],
        span_s: float = SPAN_S,
        points: int = POINTS,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.clock = clock
        self.wall_clock = wall_clock
        self.capacity = max(2, points)
        self.bucket_s = span_s / self.capacity
        self._rows: dict[str, int] = {}
        # Closed buckets, one row per tag and one column per bucket (a ring).
        self._vmin = np.full((0, self.capacity), np.nan)
        self._vmax = np.full((0, self.capacity), np.nan)
        self._doubt = np.zeros((0, self.capacity), dtype=bool)
        # The open bucket and the latest sample per row as plain lists: a frame puts
        # hundreds of samples, and a list item is several times cheaper than a numpy one.
        self._open_min: list[float] = []
        self._open_max: list[float] = []
        self._open_doubt: list[bool] = []
        self._last: list[float] = []  # NaN: doubtful or none
        self._last_receive: list[float] = []  # wall time, for staleness
        self._versions: list[int] = []
        self._bucket = self._bucket_of(clock())
        # Paths tracked but not yet asked of the historian (see take_unfilled).
        self._unfilled: list[str] = []

    def _bucket_of(self, t: float) -> int:
        return math.floor(t / self.bucket_s)

    @property
    def tracked(self) -> int:
        return len(self._rows)

    @property
    def nbytes(self) -> int:
        """Memory held for the buckets: fixed per tracked tag, whatever the feed."""
        blocks = self._vmin.nbytes + self._vmax.nbytes + self._doubt.nbytes
        return blocks + 8 * 6 * len(self._open_min)

    @property
    def current_bucket(self) -> int:
        return self._bucket

    def is_tracked(self, path: str) -> bool:
        return path in self._rows

    def track(self, paths: Iterable[str], latest: Mapping[str, Sample] | None = None) -> None:
        """Start keeping ``paths`` (tracked ones go on unchanged), seeded with their latest
        sample; they wait in ``take_unfilled()`` for the historian's earlier buckets."""
        new = [path for path in dict.fromkeys(paths) if path not in self._rows]
        if not new:
            return
        self._advance()
        first = len(self._rows)
        if first + len(new) > self._vmin.shape[0]:
            extra = max(first + len(new), 2 * self._vmin.shape[0], 16) - self._vmin.shape[0]
            nothing = np.full((extra, self.capacity), np.nan)
            self._vmin = np.vstack((self._vmin, nothing))
            self._vmax = np.vstack((self._vmax, nothing))
            self._doubt = np.vstack((self._doubt, np.zeros(nothing.shape, dtype=bool)))
        wall = self.wall_clock()
        for offset, path in enumerate(new):
            self._rows[path] = first + offset
            self._open_min.append(math.nan)
            self._open_max.append(math.nan)
            self._open_doubt.append(False)
            self._last.append(math.nan)
            self._last_receive.append(-math.inf)
            self._versions.append(0)
            sample = latest.get(path) if latest is not None else None
            if sample is not None:
                self._put(first + offset, sample, wall)
        self._unfilled.extend(new)

    def feed(self, changes: Mapping[str, Sample]) -> None:
        """Put a frame's changed samples into the open bucket of their tag."""
        self._advance()
        rows = self._rows
        if not rows or not changes:
            return
        wall = self.wall_clock()
        # The tracked tags among the changes, matched in C: a mock plant's tick can
        # change 16,000 tags in one frame, of which 768 have a sparkline.
        for path in rows.keys() & changes.keys():
            self._put(rows[path], changes[path], wall)

    def _put(self, row: int, sample: Sample, wall: float) -> None:
        value = _good_value(sample)
        self._last_receive[row] = sample.receive_time
        if value is None or wall - sample.receive_time > STALE_AFTER_S:
            self._last[row] = math.nan
            if not self._open_doubt[row]:
                self._open_doubt[row] = True
                self._versions[row] += 1
            return
        self._last[row] = value
        # Only a new extreme changes what is drawn.
        if not value >= self._open_min[row]:  # also true while it is NaN
            self._open_min[row] = value
            self._versions[row] += 1
        if not value <= self._open_max[row]:
            self._open_max[row] = value
            self._versions[row] += 1

    def _advance(self) -> None:
        """Close the open bucket when station time has passed it. The buckets opened
        start with the value held (no new sample means the value did not change),
        doubtful if it was doubtful or has gone stale since."""
        bucket = self._bucket_of(self.clock())
        if bucket <= self._bucket:
            return
        rows = len(self._rows)
        closed = self._bucket % self.capacity
        steps = min(self.capacity, bucket - self._bucket)
        self._bucket = bucket
        if not rows:
            return
        self._vmin[:rows, closed] = self._open_min
        self._vmax[:rows, closed] = self._open_max
        self._doubt[:rows, closed] = self._open_doubt
        wall = self.wall_clock()
        held = [
            math.nan if wall - received > STALE_AFTER_S else last
            for last, received in zip(self._last, self._last_receive, strict=True)
        ]
        # A row that never had a sample has nothing to hold (and nothing doubtful).
        doubt = [
            math.isnan(value) and received > -math.inf
            for value, received in zip(held, self._last_receive, strict=True)
        ]
        if steps > 1:  # buckets no frame fell into: the value held all along
            skipped = np.arange(bucket - steps + 1, bucket) % self.capacity
            self._vmin[:rows, skipped] = np.array(held)[:, np.newaxis]
            self._vmax[:rows, skipped] = np.array(held)[:, np.newaxis]
            self._doubt[:rows, skipped] = np.array(doubt)[:, np.newaxis]
        self._open_min, self._open_max, self._open_doubt = held, list(held), doubt
        self._versions = [version + 1 for version in self._versions]

    @property
    def has_unfilled(self) -> bool:
        return bool(self._unfilled)

    def take_unfilled(self, limit: int) -> list[str]:
        """Up to ``limit`` paths tracked but not yet filled from the historian; the caller
        reads their earlier buckets and hands each answer to ``fill()``."""
        paths, self._unfilled = self._unfilled[:limit], self._unfilled[limit:]
        return paths

    def fill_span(self) -> tuple[float, float, int]:
        """The span (t0, t1) and bucket count to ask the historian for: every bucket of
        the window before the open one, on this history's bucket grid."""
        first = self._bucket - self.capacity + 1
        return first * self.bucket_s, self._bucket * self.bucket_s, self.capacity - 1

    def fill(self, series: TrendSeries) -> None:
        """Earlier buckets from the historian, where nothing was seen live."""
        row = self._rows.get(series.path)
        if row is None or not len(series.t):
            return
        oldest = self._bucket - self.capacity + 1
        changed = False
        doubtful = series.doubtful
        for index in np.flatnonzero(series.rows > 0):
            bucket = round(float(series.t[index]) / self.bucket_s)
            if not oldest <= bucket < self._bucket:  # the open bucket is live
                continue
            column = bucket % self.capacity
            if self._doubt[row, column] or not math.isnan(self._vmin[row, column]):
                continue  # live data wins
            if doubtful[index]:
                self._doubt[row, column] = True
            elif series.values[index] > 0:
                self._vmin[row, column] = series.vmin[index]
                self._vmax[row, column] = series.vmax[index]
            changed = True
        if changed:
            self._versions[row] += 1

    def version(self, path: str) -> int:
        """Changes whenever what ``window(path)`` returns may have changed."""
        row = self._rows.get(path)
        if row is None:
            return -1
        self._advance()
        return self._versions[row]

    def window(self, path: str) -> SparkWindow | None:
        """The tag's buckets, oldest first (the last one is the open bucket)."""
        row = self._rows.get(path)
        if row is None:
            return None
        self._advance()
        order = np.arange(self._bucket + 1, self._bucket + 1 + self.capacity) % self.capacity
        vmin, vmax, doubt = self._vmin[row, order], self._vmax[row, order], self._doubt[row, order]
        vmin[-1], vmax[-1], doubt[-1] = (
            self._open_min[row],
            self._open_max[row],
            self._open_doubt[row],
        )
        return SparkWindow(vmin, vmax, doubt)


@dataclass(frozen=True, slots=True, eq=False)
class SparkWindow:
    """One tag's buckets, oldest first: min and max of its good values (NaN: none) and
    whether any sample in the bucket was doubtful."""

    vmin: npt.NDArray[np.float64]
    vmax: npt.NDArray[np.float64]
    doubtful: npt.NDArray[np.bool_]


# What a bucket draws.
NO_DATA, GOOD, OUTSIDE, DOUBTFUL = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class SparkShape:
    """The pixels of one sparkline in a ``width`` x ``height`` box (origin top left),
    per bucket: what it is (``states``) and the pixel rows of the two points it draws
    (``first``, ``second``; int16). Compact and cheap to compare, so equal shapes are
    known to draw the same picture: a shape is part of its tile's cache key."""

    width: int
    height: int
    band: tuple[int, int] | None  # top and bottom pixel rows of the normal band
    states: bytes
    first: bytes
    second: bytes

    @property
    def lines(self) -> tuple[Points, ...]:
        """Grey polylines of good data, broken at doubtful stretches."""
        return self.geometry()[0]

    @property
    def outside(self) -> tuple[Points, ...]:
        """The stretches beyond the band, with the segments into and out of them."""
        return self.geometry()[1]

    @property
    def doubtful(self) -> tuple[tuple[int, int], ...]:
        """x from-to of doubtful stretches (hatched, no line)."""
        return self.geometry()[2]

    def geometry(
        self,
    ) -> tuple[tuple[Points, ...], tuple[Points, ...], tuple[tuple[int, int], ...]]:
        states = self.states
        count = len(states)
        first = np.frombuffer(self.first, dtype=np.int16).tolist()
        second = np.frombuffer(self.second, dtype=np.int16).tolist()
        step = (self.width - 1) / max(1, count - 1)
        half = max(1, round(step / 2))
        lines: list[Points] = []
        outside: list[Points] = []
        hatched: list[tuple[int, int]] = []
        run: list[tuple[int, int]] = []
        beyond: list[bool] = []
        for index in range(count):
            state = states[index]
            x = round(index * step)
            if state == DOUBTFUL:
                _close_run(run, beyond, lines, outside)
                start, end = max(0, x - half), min(self.width - 1, x + half)
                if hatched and hatched[-1][1] >= start - 1:
                    hatched[-1] = (hatched[-1][0], end)
                else:
                    hatched.append((start, end))
                continue
            if state == NO_DATA:
                continue  # nothing seen: the line joins its neighbours
            run.append((x, first[index]))
            beyond.append(state == OUTSIDE)
            if second[index] != first[index]:
                run.append((x, second[index]))
                beyond.append(state == OUTSIDE)
        _close_run(run, beyond, lines, outside)
        return tuple(lines), tuple(outside), tuple(hatched)


def spark_shape(
    window: SparkWindow,
    width: int,
    height: int,
    band: Band = (None, None),
    minimum_span: float = 0.0,
) -> SparkShape | None:
    """Where ``window`` draws in a box of ``width`` x ``height`` pixels against its normal
    ``band``; None if the box is too small or nothing was seen yet. The value scale holds
    the data and the band, and at least ``minimum_span`` (noise is not a trend)."""
    if width < 12 or height < 4:
        return None
    vmin, vmax, doubtful = window.vmin, window.vmax, window.doubtful
    good = ~np.isnan(vmin) & ~doubtful
    any_good = bool(good.any())
    if not any_good and not doubtful.any():
        return None
    low, high = band
    marks = [v for v in (low, high) if v is not None]
    if any_good:
        bottom = min(float(vmin[good].min()), *marks, math.inf)
        top = max(float(vmax[good].max()), *marks, -math.inf)
    elif marks:
        bottom, top = min(marks), max(marks)
    else:
        bottom = top = 0.0
    if top - bottom < minimum_span:
        middle = (top + bottom) / 2.0
        bottom, top = middle - minimum_span / 2.0, middle + minimum_span / 2.0
    # Room around a band, so the line is seen to stay inside it (or to leave it).
    pad = (top - bottom) * (0.25 if marks else 0.08) or 1.0
    bottom, top = bottom - pad, top + pad
    scale = (height - 1) / (top - bottom)
    y_low = np.rint((top - np.where(good, vmin, top)) * scale)
    y_high = np.rint((top - np.where(good, vmax, top)) * scale)
    # A bucket whose middle rose from the previous one's draws its low first, else its
    # high: the line runs on from where it was.
    middle = vmin + vmax
    rising = np.zeros(len(vmin), dtype=bool)
    rising[1:] = middle[1:] > middle[:-1]
    first = np.where(rising, y_low, y_high).astype(np.int16)
    second = np.where(rising, y_high, y_low).astype(np.int16)
    states = np.where(doubtful, DOUBTFUL, np.where(good, GOOD, NO_DATA)).astype(np.uint8)
    if low is not None:
        states[good & (vmin < low)] = OUTSIDE
    if high is not None:
        states[good & (vmax > high)] = OUTSIDE
    band_rows = None
    if marks:
        band_top = 0 if high is None else round((top - high) * scale)
        band_bottom = height - 1 if low is None else round((top - low) * scale)
        band_rows = (max(0, band_top), min(height - 1, band_bottom))
    return SparkShape(width, height, band_rows, states.tobytes(), first.tobytes(), second.tobytes())


def _close_run(
    run: list[tuple[int, int]],
    beyond: list[bool],
    lines: list[Points],
    outside: list[Points],
) -> None:
    """End a polyline at a gap: keep it, and the stretches of it beyond the band (with
    the segments that lead into and out of them)."""
    if not run:
        return
    lines.append(tuple(run))
    index = 0
    while index < len(run):
        if not beyond[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(run) and beyond[end + 1]:
            end += 1
        outside.append(tuple(run[max(0, index - 1) : end + 2]))
        index = end + 1
    run.clear()
    beyond.clear()


def outside_ink() -> QColor:
    """The colour of out-of-limit stretches in the current theme (day or night)."""
    return QColor(NIGHT_OUTSIDE_INK if theme.TILE.lightness() < 128 else OUTSIDE_INK)


def band_fill() -> QColor:
    """The normal band: the tile's grey moved a little toward the text colour."""
    tile, ink = theme.TILE, theme.TEXT
    mix = 0.07
    return QColor(
        round(tile.red() + (ink.red() - tile.red()) * mix),
        round(tile.green() + (ink.green() - tile.green()) * mix),
        round(tile.blue() + (ink.blue() - tile.blue()) * mix),
    )


def paint_spark(painter: QPainter, rect: QRectF, shape: SparkShape) -> None:
    """Draw ``shape`` with its top left corner at ``rect``'s (whole pixels)."""
    lines, outside, hatched = shape.geometry()
    painter.save()
    painter.translate(round(rect.left()), round(rect.top()))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    if shape.band is not None:
        top, bottom = shape.band
        painter.fillRect(QRect(0, top, shape.width, bottom - top + 1), band_fill())
    for start, end in hatched:
        painter.fillRect(
            QRect(start, 0, end - start + 1, shape.height),
            QBrush(theme.BAD_QUALITY, Qt.BrushStyle.BDiagPattern),
        )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(theme.TEXT_MUTED, 1))
    for line in lines:
        _draw_points(painter, line)
    if outside:
        painter.setPen(QPen(outside_ink(), 2))
        for line in outside:
            _draw_points(painter, line)
    painter.restore()


def _draw_points(painter: QPainter, points: Points) -> None:
    if len(points) == 1:
        x, y = points[0]
        painter.drawLine(x - 1, y, x + 1, y)  # a lone bucket: a short dash, not a speck
        return
    painter.drawPolyline(QPolygon([QPoint(x, y) for x, y in points]))


def _good_value(sample: Sample) -> float | None:
    value = sample.value
    if not sample.is_good or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
