"""``celldeck bench trend``: panning and zooming the trend plot the Trends page uses, with
16 pens of 1,000,000 points each, offscreen at 1920x1080.

Each pen is a 1 Hz series (11.6 days) of a drifting, noisy value with a few doubtful
stretches, handed to ``TrendPlot`` as the page hands it the historian's buckets. The
view starts on half of the data; each pan frame moves it by 3 % of its width
(``setXRange``), then lets Qt paint it (``processEvents``), turning back at either end;
then it zooms in and out by 20 % a step between the whole series and 1 % of it. A frame
is the range change and the paint it causes (every pen reduced to a min/max pair per
pixel column of the visible time, axes, grid). Wall times, and the UI thread's CPU time
per frame (the plot's own cost, whatever else the machine runs). Prints figures,
asserts nothing.
"""

from __future__ import annotations

import os
import time
from datetime import UTC
from pathlib import Path

import numpy as np

from app.memory import rss_mb
from app.percentile import percentile

PENS = 16
POINTS_PER_PEN = 1_000_000
START = 1_800_000_000.0
PAN_STEP = 0.03
ZOOM_STEP = 1.2
# Units of the pens, as a bay's culture parameters have them (one scale per unit).
UNITS = ("°C", "pH", "%", "g/L")


def _percentile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return None
    return round(percentile(values, q), 2)


def pen_series(pen: int, points: int, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Good and doubtful values of one pen (NaN where the other one draws): a slow drift
    with noise, and ten doubtful stretches of 0.05 % of the series each."""
    rng = np.random.default_rng(pen)
    base = 10.0 * (pen + 1)
    drift = np.sin(np.linspace(0.0, 6.0 + pen, points)) * (1.0 + pen % 3)
    values = base + drift + rng.normal(0.0, 0.05, points)
    doubtful = np.zeros(points, dtype=bool)
    length = max(1, points // 2000)
    for start in rng.integers(0, points - length, 10):
        doubtful[start : start + length] = True
    near = doubtful.copy()  # a doubtful stretch is drawn from its good neighbours on
    near[1:] |= doubtful[:-1]
    near[:-1] |= doubtful[1:]
    return np.where(doubtful, np.nan, values), np.where(near, values, np.nan)


def bench_trend(
    plant_file: Path | None,
    seconds: float = 3.0,
    *,
    full: bool = False,
    pens: int = PENS,
    points: int = POINTS_PER_PEN,
) -> dict[str, object]:
    """Pan and zoom frames of the trend plot; ``seconds`` each for panning and zooming
    (three times as long with ``full``). The plant file is not used: the pens are
    synthetic, so the figure is the plot's alone."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject

    from ui.application import _application
    from ui.widgets.trend_plot import PenLines, TrendPlot

    app = _application()
    seconds = max(0.5, seconds) * (3 if full else 1)
    rss_before = rss_mb()
    plot = TrendPlot(UTC)
    plot.resize(1920, 1080)
    plot.show()

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    plot.viewport().installEventFilter(counter)
    try:
        began = time.perf_counter()
        t = START + np.arange(points, dtype=np.float64)
        paths = [f"bench/pen-{index:02d}" for index in range(pens)]
        plot.set_pens(paths, {path: UNITS[i % len(UNITS)] for i, path in enumerate(paths)})
        scales: dict[str, tuple[float, float]] = {}
        for index, path in enumerate(paths):
            good, doubtful = pen_series(index, points, t)
            plot.show_series(path, PenLines(t, good, doubtful))
            unit = UNITS[index % len(UNITS)]
            low, high = float(np.nanmin(good)), float(np.nanmax(good))
            known = scales.get(unit, (low, high))
            scales[unit] = (min(known[0], low), max(known[1], high))
        plot.set_scales(scales)
        span = t[-1] - t[0]
        window = span / 2.0
        left = t[0] + span / 4.0
        plot.setXRange(left, left + window, padding=0.0)
        app.processEvents()
        load_s = time.perf_counter() - began
        rss_loaded = rss_mb()

        cpu_ms: dict[str, list[float]] = {"pan": [], "zoom": []}

        def frame(kind: str, t0: float, t1: float) -> float:
            started, started_cpu = time.perf_counter(), time.thread_time()
            plot.setXRange(t0, t1, padding=0.0)
            app.processEvents()
            cpu_ms[kind].append((time.thread_time() - started_cpu) * 1000.0)
            return (time.perf_counter() - started) * 1000.0

        pan_ms: list[float] = []
        paints_before = counter.paints
        step = window * PAN_STEP
        direction = -1.0
        deadline = time.perf_counter() + seconds
        pan_began = time.perf_counter()
        while time.perf_counter() < deadline:
            if not t[0] <= left + direction * step <= t[-1] - window:
                direction = -direction
            left += direction * step
            pan_ms.append(frame("pan", left, left + window))
        pan_wall = time.perf_counter() - pan_began
        pan_paints = counter.paints - paints_before

        zoom_ms: list[float] = []
        middle = (t[0] + t[-1]) / 2.0
        width = span
        factor = 1.0 / ZOOM_STEP
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if not span * 0.01 <= width * factor <= span:
                factor = 1.0 / factor
            width *= factor
            zoom_ms.append(frame("zoom", middle - width / 2.0, middle + width / 2.0))
        shown = sum(len(x) for path in paths for x, _y in plot.pen_item(path).shown().values())
    finally:
        plot.viewport().removeEventFilter(counter)
        plot.close()
        plot.deleteLater()
        app.processEvents()
    return {
        "trend_pens": pens,
        "trend_points_per_pen": points,
        "trend_load_s": round(load_s, 2),
        "trend_pan_frames": len(pan_ms),
        "trend_pan_paints": pan_paints,
        "trend_pan_fps": round(len(pan_ms) / pan_wall, 1) if pan_wall else None,
        "trend_pan_frame_p50_ms": _percentile(pan_ms, 50),
        "trend_pan_frame_p99_ms": _percentile(pan_ms, 99),
        "trend_pan_frame_cpu_p50_ms": _percentile(cpu_ms["pan"], 50),
        "trend_pan_frame_cpu_p99_ms": _percentile(cpu_ms["pan"], 99),
        "trend_zoom_frames": len(zoom_ms),
        "trend_zoom_frame_p50_ms": _percentile(zoom_ms, 50),
        "trend_zoom_frame_p99_ms": _percentile(zoom_ms, 99),
        "trend_zoom_frame_cpu_p99_ms": _percentile(cpu_ms["zoom"], 99),
        "trend_points_drawn_last_frame": shown,
        "trend_rss_mb": rss_loaded,
        "trend_rss_added_mb": round(rss_loaded - rss_before, 1),
    }
