"""`celldeck bench trend` and the pen pyramid that makes a million points pan."""

from __future__ import annotations

import numpy as np

from ui.bench_trend import bench_trend
from ui.widgets.trend_plot import LEVELS_FROM, PenLevels

KEYS = (
    "trend_pens",
    "trend_points_per_pen",
    "trend_pan_fps",
    "trend_pan_frame_p50_ms",
    "trend_pan_frame_p99_ms",
    "trend_zoom_frame_p99_ms",
    "trend_rss_mb",
)


def test_bench_trend_reports_its_figures_for_frames_it_really_drew(qapp):
    report = bench_trend(None, 0.5, pens=2, points=10_000)
    for key in KEYS:
        assert report[key] is not None, key
    assert report["trend_pens"] == 2 and report["trend_points_per_pen"] == 10_000
    assert report["trend_pan_frames"] >= 2 and report["trend_zoom_frames"] >= 2
    # Every pan frame was painted (the paint events the plot's viewport received).
    assert report["trend_pan_paints"] >= report["trend_pan_frames"]
    assert report["trend_pan_fps"] > 0 and report["trend_rss_mb"] > 0
    assert 0 < report["trend_points_drawn_last_frame"] <= 2 * 2 * 2 * (1920 + 2)


def _brute_force(x, y, t0, t1, pixels):
    """Min and max of the raw points in each pixel column (NaN if a gap is in it)."""
    per_column = (t1 - t0) / pixels
    column = np.floor((x - t0) / per_column)
    found = {}
    for index in range(pixels):
        inside = y[column == index]
        if len(inside):
            found[index] = (inside.min(), inside.max())  # NaN propagates: a gap
    return found, per_column


def test_each_pixel_column_draws_the_min_and_max_of_its_points():
    rng = np.random.default_rng(7)
    x = np.arange(5_000, dtype=float)
    y = np.cumsum(rng.normal(0, 1, len(x)))
    y[2_000:2_003] = np.nan  # a gap
    t0, t1, pixels = 1_000.5, 4_000.5, 300
    drawn_x, drawn_y = PenLevels(x, y).columns(t0, t1, pixels)
    expected, per_column = _brute_force(x, y, t0, t1, pixels)
    columns = np.floor((drawn_x - t0) / per_column)
    for index, (low, high) in expected.items():
        at = np.flatnonzero(columns == index)
        assert len(at) == 2, index  # one min/max pair per column
        got = sorted(drawn_y[at])
        if np.isnan(low):
            assert np.isnan(drawn_y[at]).all()  # the gap stays a gap
        else:
            assert got == [low, high]
    # One point beyond either end, so the line reaches the edges.
    assert drawn_x[0] < t0 and drawn_x[-1] > t1


def test_a_million_points_are_drawn_from_a_coarser_level_that_keeps_peaks_and_gaps():
    points = 1_000_000
    x = np.arange(points, dtype=float)
    y = np.sin(x / 50_000.0)
    y[123_456] = 5.0  # one spike a pixel must still show
    y[600_000:600_010] = np.nan
    levels = PenLevels(x, y)
    assert points > LEVELS_FROM and len(levels.mins) > 10
    drawn_x, drawn_y = levels.columns(0.0, float(points), 1800)
    assert len(drawn_x) <= 2 * (1800 + 2)
    assert np.nanmax(drawn_y) == 5.0
    assert np.nanmin(drawn_y) == np.float32(np.nanmin(y))
    gap = np.flatnonzero(np.isnan(drawn_y))
    assert len(gap) and all(abs(drawn_x[i] - 600_005) < 2 * points / 1800 for i in gap)
    # Nothing in view and no segment across it: nothing to draw.
    empty_x, _ = levels.columns(float(points) + 10, float(points) + 20, 100)
    assert len(empty_x) == 0


def test_a_line_is_broken_where_its_values_are_not(qapp):
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from ui.widgets.trend_plot import _draw_runs

    image = QImage(100, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("black"), 1))
    x = np.array([5.0, 20.0, 30.0, 40.0, 60.0, 70.0, 90.0])
    y = np.array([10.0, 10.0, 10.0, np.nan, 30.0, 30.0, 30.0])
    _draw_runs(painter, x, y)
    painter.end()
    black = QColor("black")
    inked = {px for px in range(100) for py in range(40) if image.pixelColor(px, py) == black}
    assert {5, 30, 60, 90} <= inked  # both runs are drawn, flat runs end to end
    assert not inked & set(range(31, 60))  # nothing joins them across the gap
