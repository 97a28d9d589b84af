"""Sparklines on the overview's bay tiles: bounded history, honest pictures."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from app.batch.recipe import load_recipe, shipped_recipe_path
from app.records.historian import TrendSeries
from hardware import Quality, QualityReason, Sample
from ui import theme
from ui.process_values import key_parameter
from ui.sparkline import SparkHistory, SparkShape, spark_shape

PATH = "shuttle-01/bay-03/bioreactor/temperature"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def good(value: float, received: float) -> Sample:
    return Sample(PATH, value, Quality.GOOD, None, received, received)


def bad(received: float) -> Sample:
    return Sample(PATH, 37.0, Quality.BAD, QualityReason.COMM_LOSS, received, received)


def history_of(values: list[float | None], points: int = 12) -> SparkHistory:
    """One value per bucket (None: a bad sample), the last one in the current bucket."""
    wall = Clock(1_000.0)
    clock = Clock(1_000_000.0)
    history = SparkHistory(clock, span_s=points * 60.0, points=points, wall_clock=wall)
    history.track([PATH])
    for value in values:
        clock.now += 60.0
        wall.now += 1.0
        history.feed({PATH: good(value, wall.now) if value is not None else bad(wall.now)})
    return history


def test_buckets_keep_min_and_max_hold_values_and_stay_bounded():
    wall = Clock(1_000.0)
    clock = Clock(1_000_020.0)
    history = SparkHistory(clock, span_s=600.0, points=10, wall_clock=wall)
    history.track([PATH], {PATH: good(37.0, wall.now)})
    history.feed({"shuttle-01/bay-03/bioreactor/ph": good(7.0, wall.now)})  # not tracked
    size = history.nbytes
    for value in (36.8, 37.4, 37.1):  # one bucket: its lowest and highest are kept
        history.feed({PATH: good(value, wall.now)})
    window = history.window(PATH)
    assert window is not None and len(window.vmin) == 10
    assert (window.vmin[-1], window.vmax[-1]) == (36.8, 37.4)
    assert np.isnan(window.vmin[:-1]).all()  # before tracking: nothing seen
    # No new sample for two buckets: the value held is carried into them.
    clock.now += 120.0
    window = history.window(PATH)
    assert list(window.vmin[-3:]) == [36.8, 37.1, 37.1]
    # Many spans later the blocks have not grown, and only the last span is kept.
    for step in range(500):
        clock.now += 60.0
        wall.now += 1.0
        history.feed({PATH: good(30.0 + step % 10, wall.now)})
    window = history.window(PATH)
    assert history.nbytes == size and history.tracked == 1
    # Each bucket opens with the value held, then takes the new one.
    fed = [30.0 + (490 + i) % 10 for i in range(10)]
    held = [fed[-1], *fed[:-1]]
    assert list(window.vmin) == [min(pair) for pair in zip(held, fed, strict=True)]
    assert list(window.vmax) == [max(pair) for pair in zip(held, fed, strict=True)]


def test_a_doubtful_sample_or_a_stale_value_makes_its_bucket_doubtful():
    wall = Clock(1_000.0)
    clock = Clock(1_000_000.0)
    history = SparkHistory(clock, span_s=600.0, points=10, wall_clock=wall)
    history.track([PATH], {PATH: good(37.0, wall.now)})
    history.feed({PATH: bad(wall.now)})
    history.feed({PATH: good(37.2, wall.now)})  # the rest of the bucket cannot undo it
    window = history.window(PATH)
    assert window.doubtful[-1] and window.vmax[-1] == 37.2
    clock.now += 60.0
    history.feed({})
    assert not history.window(PATH).doubtful[-1]  # the held value is good again
    wall.now += 60.0  # nothing received for a minute: the value went stale
    clock.now += 60.0
    assert history.window(PATH).doubtful[-1]


def test_historian_fills_only_the_buckets_not_seen_live():
    wall = Clock(1_000.0)
    clock = Clock(1_000_000.0)
    history = SparkHistory(clock, span_s=600.0, points=10, wall_clock=wall)
    history.track([PATH], {PATH: good(37.0, wall.now)})
    assert history.take_unfilled(5) == [PATH] and not history.has_unfilled
    t0, t1, buckets = history.fill_span()
    assert buckets == 9 and t1 - t0 == 540.0
    starts = t0 + np.arange(10) * 60.0  # one bucket more than asked: the live one
    rows = np.array([0, 3, 3, 3, 3, 3, 3, 3, 3, 3])
    worst = np.array([-1, 2, 2, 0, 2, 2, 2, 2, 2, 2], dtype=np.int8)
    series = TrendSeries(
        PATH,
        t0,
        t1 + 60.0,
        starts,
        np.where(rows > 0, 36.5, np.nan),
        np.where(rows > 0, 36.9, np.nan),
        worst,
        rows,
        rows,
        "rollup",
    )
    history.fill(series)
    window = history.window(PATH)
    assert np.isnan(window.vmin[0])  # no rows in the historian
    assert window.vmin[1] == 36.5 and window.vmax[1] == 36.9
    assert window.doubtful[3] and not window.doubtful[2]
    assert (window.vmin[-1], window.vmax[-1]) == (37.0, 37.0)  # live data wins


def test_a_changing_history_draws_a_line_and_a_rise_goes_up():
    history = history_of([37.0] * 6 + [37.5] * 6)
    shape = spark_shape(history.window(PATH), 120, 20, band=(36.0, 37.8))
    assert isinstance(shape, SparkShape) and len(shape.lines) == 1
    line = shape.lines[0]
    assert line[0][0] == 0 and line[-1][0] == 119  # from the left edge to now
    assert line[-1][1] < line[0][1]  # the higher value is drawn higher
    top, bottom = shape.band
    assert 0 < top < line[-1][1] < line[0][1] < bottom < 19  # inside the band, with room
    assert not shape.outside and not shape.doubtful
    # Nothing seen at all: no line (and no band drawn for nothing).
    assert spark_shape(history_of([]).window(PATH), 120, 20, band=(36.0, 37.8)) is None
    # A box too small to read is not drawn into.
    assert spark_shape(history.window(PATH), 8, 20) is None


def test_values_outside_the_band_are_the_only_coloured_stretch():
    history = history_of([37.0] * 5 + [38.4] * 3 + [37.0] * 4)
    shape = spark_shape(history.window(PATH), 111, 24, band=(36.0, 37.8))  # x = 10 * bucket
    assert len(shape.outside) == 1
    stretch = shape.outside[0]
    top = shape.band[0]
    assert min(y for _, y in stretch) < top  # it leaves the band upwards
    xs = [x for x, _ in stretch]
    # The three high buckets (5-7), the one it came back in (8: it opened high), and the
    # segments into and out of them.
    assert xs[0] == 40 and xs[-1] == 90
    assert all(y < top for x, y in stretch if 60 <= x <= 70)


def test_a_bad_quality_stretch_is_hatched_and_never_a_line():
    history = history_of([37.0] * 4 + [None, None] + [37.2] * 6)
    shape = spark_shape(history.window(PATH), 111, 20, band=(36.0, 37.8))
    assert len(shape.doubtful) == 1
    start, end = shape.doubtful[0]
    assert start <= 40 and end >= 50  # buckets 4 and 5 of 12, at x = 40 and 50
    assert len(shape.lines) == 2  # the line is broken there
    for line in shape.lines:
        assert all(not start <= x <= end for x, _ in line)


def test_noise_is_not_blown_up_into_a_trend():
    history = history_of([-90.02, -89.98] * 6)
    flat = spark_shape(history.window(PATH), 100, 30, minimum_span=0.5)
    ys = [y for line in flat.lines for _, y in line]
    assert max(ys) - min(ys) <= 3  # 0.04 of 0.5 on 30 px
    blown = spark_shape(history.window(PATH), 100, 30)
    assert (
        max(y for line in blown.lines for _, y in line)
        - min(y for line in blown.lines for _, y in line)
        > 20
    )


def test_key_parameter_is_the_phase_cpp_that_holds_the_batch():
    recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    steps = {ref.path: ref.phase for ref in recipe.phases}
    with_cpps = next(path for path, phase in steps.items() if len(phase.cpps) > 1)
    tag, band = key_parameter(recipe, with_cpps, recipe.content_hash)
    assert tag == "bioreactor/temperature" and band == (36.5, 37.5)
    without = next(path for path, phase in steps.items() if not phase.cpps)
    assert key_parameter(recipe, without, recipe.content_hash) is None
    assert key_parameter(recipe, with_cpps, "another recipe's hash") is None


# -- on the overview ---------------------------------------------------------------------


def _occupied_bay(bridge, device_id: str) -> int:
    values = bridge.values
    return next(
        bay
        for bay in range(1, 17)
        if (s := values.get(f"{device_id}/bay-{bay:02d}/process/state"))
        and s.value not in (None, "empty")
    )


def _pixels(image: QImage, box, colour: QColor) -> int:
    return sum(
        1
        for x in range(int(box.left()), int(box.right()))
        for y in range(int(box.top()), int(box.bottom()))
        if image.pixelColor(x, y) == colour
    )


@pytest.fixture
def quiet_overview(window, qtbot):
    """The overview with the bridge's frames stopped and the sparklines' clock in the
    test's hands: only what the test feeds reaches the history."""
    overview = window.overview
    qtbot.waitUntil(lambda: all(b.paints > 1 for b in overview.boards.values()), timeout=5000)
    window.bridge.stop()
    history = overview.history
    clock = Clock(history.current_bucket * history.bucket_s + 1.0)
    history.clock = clock
    return overview, history, clock


def _feed_buckets(history, clock, path: str, values: list[float | None]) -> None:
    for value in values:
        clock.now += history.bucket_s
        now = time.time()
        if value is None:
            sample = Sample(path, 37.0, Quality.BAD, QualityReason.COMM_LOSS, now, now)
        else:
            sample = Sample(path, value, Quality.GOOD, None, now, now)
        history.feed({path: sample})


def test_a_tile_draws_its_bay_history_and_redraws_only_when_the_line_moves(quiet_overview):
    overview, history, clock = quiet_overview
    board = overview.boards["shuttle-01"]
    bay = _occupied_bay(overview.bridge, "shuttle-01")
    path = board.key_paths()[bay - 1]
    assert path.endswith("bioreactor/temperature") and history.is_tracked(path)
    board.prepare(float("inf"))  # as a frame may have just done, its paint still to come
    _feed_buckets(history, clock, path, [37.0] * 24 + [37.6] * 24)
    spark = board.sparkline(bay)
    assert spark is not None and len(spark.shape.lines) == 1
    line = spark.shape.lines[0]
    assert line[-1][1] < line[0][1]  # the rise is drawn
    image = board.grab().toImage()
    assert _pixels(image, spark.box, theme.TEXT_MUTED) >= spark.box.width() * 0.8

    for _ in range(board.bays):  # every other line catches up with the hour fed
        renders = board.tile_renders
        board.repaint()
        if board.tile_renders == renders:
            break
    now = time.time()
    history.feed({path: Sample(path, 37.6001, Quality.GOOD, None, now, now)})
    board.repaint()
    assert board.tile_renders == renders  # not a pixel moved: the cached tile is used
    now = time.time()
    history.feed({path: Sample(path, 37.75, Quality.GOOD, None, now, now)})
    board.repaint()
    assert board.tile_renders == renders + 1  # the newest point moved: redrawn


def test_a_bad_quality_stretch_on_a_tile_is_hatched_not_drawn(quiet_overview):
    overview, history, clock = quiet_overview
    board = overview.boards["shuttle-02"]
    bay = _occupied_bay(overview.bridge, "shuttle-02")
    path = board.key_paths()[bay - 1]
    _feed_buckets(history, clock, path, [37.0] * 20 + [None] * 8 + [37.0] * 20)
    spark = board.sparkline(bay)
    assert len(spark.shape.doubtful) == 1 and len(spark.shape.lines) == 2
    start, end = spark.shape.doubtful[0]
    image = board.grab().toImage()
    hatched = spark.box.adjusted(start + 1, 0, 0, 0)
    hatched.setWidth(end - start - 1)
    assert _pixels(image, hatched, theme.BAD_QUALITY) > 10
    # No grey line pixel crosses the hatched stretch: a gap, not a normal line.
    assert _pixels(image, hatched, theme.TEXT_MUTED) == 0


def test_a_tile_shows_the_hour_before_the_window_opened_from_the_historian(
    qapp, qtbot, qasync_loop, demo_plant, db_path
):
    """A station restarted (or a window opened) mid-culture shows its last hour at once."""
    from app.config import HistorianConfig
    from app.core import CoreThread
    from app.records.historian import Historian, history_path_for
    from app.station import Station
    from ui.bridge import CoreBridge
    from ui.main_window import MainWindow

    path = "shuttle-01/bay-01/bioreactor/temperature"
    now = time.time()
    earlier = Historian(history_path_for(db_path), HistorianConfig(min_interval_s=0.0))
    earlier.open()
    earlier.offer(
        [
            Sample(path, 36.2 + minute * 0.02, Quality.GOOD, None, now - 3600 + minute * 60, now)
            for minute in range(60)
        ]
    )
    earlier.flush()
    earlier.close()
    core = CoreThread(Station(demo_plant, db_path, sim_speed=1.0))
    core.start()
    try:
        bridge = CoreBridge(core)
        window = MainWindow(bridge)
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        history = window.overview.history
        assert history.is_tracked(path) and history.tracked == 32  # every bay of the demo
        qtbot.waitUntil(lambda: window.overview.history_filled, timeout=15000)
        window_ = history.window(path)
        seen = np.flatnonzero(~np.isnan(window_.vmin[:-1]))
        # The historian's hour, bucket by bucket: old buckets hold its rising values.
        assert len(seen) >= history.capacity - 3
        assert window_.vmin[seen[0]] < 36.4 and window_.vmax[seen[-1]] > 37.0
        bridge.stop()
    finally:
        core.stop()
