"""The Trends page: pens from the historian, spans, zoom, limits, doubtful data, CSV."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.records.historian import TrendSeries
from app.trends import LimitKind
from hardware import Quality
from hardware.mock.faults import Fault, FaultKind
from ui.pages.trends import MAX_PENS, trend_tags
from ui.widgets.trend_plot import StationTimeAxis, pen_lines


def occupied_bay(window, device_id="shuttle-01") -> int:
    values = window.bridge.values
    return next(
        bay
        for bay in range(1, 17)
        if (s := values.get(f"{device_id}/bay-{bay:02d}/process/state"))
        and s.value not in ("empty", "idle")
    )


def temperature(window, device_id="shuttle-01") -> str:
    return f"{device_id}/bay-{occupied_bay(window, device_id):02d}/bioreactor/temperature"


def show_trends_with(window, qtbot, paths):
    window.show_page("trends")
    trends = window.trends
    trends.set_pens(paths)
    qtbot.waitUntil(
        lambda: all(p in trends.series and trends.series[p].samples > 0 for p in paths),
        timeout=15000,
    )
    return trends


def test_trends_page_loads_history_of_chosen_pens_with_alarm_limits(window, qtbot):
    first, second = temperature(window, "shuttle-01"), temperature(window, "shuttle-02")
    trends = show_trends_with(window, qtbot, [first, second])
    assert trends.pens == [first, second]
    assert trends.following
    t0, t1 = trends.visible_range()
    assert t1 - t0 == pytest.approx(600, rel=0.01)
    series = trends.series[first]
    assert series.resolution == "raw"
    # Asked at the plot's pixel width, for the visible range.
    assert len(series.t) == pytest.approx(trends.plot.getViewBox().width(), abs=2)
    assert series.t0 == pytest.approx(t0, abs=5) and series.t1 == pytest.approx(t1, abs=5)
    qtbot.waitUntil(lambda: trends.point_count > 4, timeout=5000)
    limits = trends.limits[first]
    assert {limit.kind for limit in limits} >= {LimitKind.ALARM}
    drawn = trends.plot._limits[first]
    assert [line.limit for line in drawn] == limits
    # The °C scale holds the alarm limits (not the -100..50 °C engineering range).
    low, high = trends.plot.scales["°C"]
    alarm_values = [limit.value for limit in limits if limit.kind is LimitKind.ALARM]
    assert low <= min(alarm_values) and high >= max(alarm_values) and low > -50
    for line in drawn:  # each line sits at its value on that scale
        assert line.value() == pytest.approx((line.limit.value - low) / (high - low))
    # The value axis labels the middle of the view with the middle of the °C scale.
    (label,) = trends.plot.value_axis.tickStrings([0.5], 1.0, 0.1)
    assert float(label) == pytest.approx((low + high) / 2, abs=(high - low) * 0.1)
    assert trends.legend.rowCount() == 2
    assert "°C" in trends.legend.item(0, 3).text()
    image = trends.plot.grab().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
    }
    assert len(colours) > 3


def test_span_buttons_and_panning_requery_the_visible_range(window, qtbot):
    path = temperature(window)
    trends = show_trends_with(window, qtbot, [path])
    qtbot.mouseClick(trends.span_buttons["1h"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: trends.series[path].t1 - trends.series[path].t0 == pytest.approx(3600, rel=0.01),
        timeout=5000,
    )
    assert trends.span_buttons["1h"].isChecked() and trends.following
    _, t1 = trends.visible_range()
    trends.pan(-0.5)
    assert not trends.following and trends.custom_button.isChecked()
    qtbot.waitUntil(lambda: trends.series[path].t1 == pytest.approx(t1 - 1800, abs=1), timeout=5000)
    trends.zoom(0.5)
    qtbot.waitUntil(
        lambda: trends.series[path].t1 - trends.series[path].t0 == pytest.approx(1800, abs=1),
        timeout=5000,
    )
    # Back to live.
    qtbot.mouseClick(trends.span_buttons["live"], Qt.MouseButton.LeftButton)
    assert trends.following
    qtbot.waitUntil(
        lambda: trends.series[path].t1 - trends.series[path].t0 == pytest.approx(600, rel=0.01),
        timeout=5000,
    )


def test_a_custom_range_is_refused_when_it_ends_before_it_starts(window, qtbot):
    path = temperature(window)
    trends = show_trends_with(window, qtbot, [path])
    before = trends.visible_range()
    trends.show_range(before[1], before[0])
    assert "after the start" in trends.refusal.text()
    assert trends.visible_range() == before


def test_doubtful_data_is_stored_and_drawn_dotted(window, qtbot):
    path = temperature(window)
    core = window.bridge.core
    backend = core.station.devices["shuttle-01"].backend
    core.loop.call_soon_threadsafe(backend.inject, Fault(FaultKind.NOISE, path, magnitude=0.5))
    qtbot.waitUntil(lambda: window.bridge.values[path].quality is Quality.UNCERTAIN, timeout=5000)
    trends = show_trends_with(window, qtbot, [path])
    qtbot.waitUntil(lambda: trends.series[path].doubtful.any(), timeout=15000)
    pen = trends.plot.pen_item(path)
    _, dotted = pen.shown()["doubtful"]
    assert np.isfinite(dotted).any()
    assert pen.dotted.style() == Qt.PenStyle.DotLine
    assert "doubtful" in trends.legend.item(0, 4).text()


def test_export_writes_the_shown_buckets_to_csv(window, qtbot, tmp_path: Path):
    path = temperature(window)
    trends = show_trends_with(window, qtbot, [path])
    out = tmp_path / "trend.csv"
    rows = trends.export_to(out)
    with out.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    series: TrendSeries = trends.series[path]
    assert rows == len(table) == int((series.rows > 0).sum()) > 0
    assert {row["tag"] for row in table} == {path}
    first = table[0]
    assert first["unit"] == "°C"
    assert float(first["min"]) <= float(first["max"])
    zone = ZoneInfo(window.bridge.plant.site.timezone)
    local = datetime.fromisoformat(first["local_time"])
    assert local.utcoffset() == datetime.now(zone).utcoffset() or local.tzinfo is not None
    assert "Exported" in trends.status.text()


def test_pen_picker_searches_filters_by_bay_and_limits_pens(window, qtbot):
    window.show_page("trends")
    picker = window.trends.picker
    picker.search.setText("culture ph")
    shown = [picker.proxy.index(r, 0).data() for r in range(picker.proxy.rowCount())]
    assert shown and all("pH" in text for text in shown)
    assert picker.proxy.rowCount() == 32  # one per bay of the two shuttles
    index = picker.group_picker.findData("shuttle-02/bay-05/")
    picker.group_picker.setCurrentIndex(index)
    assert picker.proxy.rowCount() == 1
    # A tap anywhere on the row chooses it.
    rect = picker.list.visualRect(picker.proxy.index(0, 0))
    qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.chosen == ["shuttle-02/bay-05/bioreactor/ph"]
    assert rect.height() >= 48
    picker.search.clear()
    picker.group_picker.setCurrentIndex(0)
    many = [tag.path for tag in trend_tags(window.bridge.plant)][: MAX_PENS + 3]
    for row in range(MAX_PENS + 3):
        picker.model.item(row).setCheckState(Qt.CheckState.Checked)
    assert len(picker.chosen) == MAX_PENS and picker.chosen[0] == "shuttle-02/bay-05/bioreactor/ph"
    assert set(picker.chosen[1:]) <= set(many)
    assert "At most" in picker.note.text()


def test_time_axis_shows_site_time_without_fractions_of_seconds(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    axis = StationTimeAxis(ZoneInfo("Asia/Kolkata"))  # UTC+05:30, no daylight saving
    axis.fontMetrics = QFontMetrics(QFont())  # set by the first paint otherwise
    assert axis.tickStrings([0.0], 1.0, 1) == ["05:30:00"]
    ticks = axis.tickValues(3600.0 * 24 - 40, 3600.0 * 24, 800)  # 40 s over 800 px
    spacing, values = ticks[-1]
    assert spacing >= 1 and values
    assert axis.tickStrings(values, 1.0, spacing)[0].count(":") == 2  # HH:MM:SS
    levels = [level.exampleText for level in axis.zoomLevels.values()]
    assert "99:99:99.999" not in levels
    assert all(
        "%f" not in spec.format for level in axis.zoomLevels.values() for spec in level.tickSpecs
    )


def test_pen_lines_skip_empty_buckets_break_at_gaps_and_split_doubtful_data():
    n = 6
    series = TrendSeries(
        "a/b",
        0.0,
        60.0,
        np.arange(n) * 10.0,
        np.array([1.0, np.nan, 2.0, np.nan, 3.0, 4.0]),
        np.array([1.5, np.nan, 2.5, np.nan, 3.5, 4.5]),
        np.array([2, -1, 1, 0, 2, 2], dtype=np.int8),
        np.array([3, 0, 2, 0, 1, 1]),
        np.array([3, 0, 2, 1, 1, 1]),
        "raw",
    )
    lines = pen_lines(series)
    # Buckets 0, 2, 3, 4, 5 have rows; bucket 1 is empty and skipped.
    assert list(lines.x) == [5, 5, 25, 25, 35, 35, 45, 45, 55, 55]
    # Bucket 2 is uncertain: dotted, joined to its neighbours; bucket 3 is a gap (no value).
    assert np.isnan(lines.good[2:4]).all() and list(lines.doubtful[2:4]) == [2.0, 2.5]
    assert np.isnan(lines.good[4:6]).all() and np.isnan(lines.doubtful[4:6]).all()
    assert list(lines.good[:2]) == [1.0, 1.5] and list(lines.good[-2:]) == [4.0, 4.5]


def test_custom_span_dialog_reads_from_and_to_in_the_site_zone(qapp, tmp_path: Path):
    from ui.pages.trends import CustomSpanDialog

    t0, t1 = 1_800_000_000.0, 1_800_086_400.0  # minute-aligned
    dialog = CustomSpanDialog("America/Los_Angeles", t0, t1)
    assert dialog.span() == (t0, t1)
    shown = dialog.start.dateTime().toString("yyyy-MM-dd HH:mm")
    local = datetime.fromtimestamp(t0, ZoneInfo("America/Los_Angeles"))
    assert shown == local.strftime("%Y-%m-%d %H:%M")
    dialog.end.setDateTime(dialog.end.dateTime().addSecs(3600))
    assert dialog.span() == (t0, t1 + 3600)
    assert dialog.start.height() >= 48 or dialog.start.minimumHeight() >= 48
    dialog.resize(640, 240)
    dialog.grab().save(str(tmp_path / "custom-span.png"))
    assert CustomSpanDialog("Not/AZone", t0, t1).span() == (t0, t1)


def test_cursor_reads_every_pen_at_the_tapped_time(window, qtbot):
    path = temperature(window)
    trends = show_trends_with(window, qtbot, [path])
    assert not trends.cursor_line.isVisible() and trends.cursor_readout.text() == ""
    series = trends.series[path]
    filled = [i for i in range(len(series.t)) if series.values[i] > 0]
    index = filled[len(filled) // 2]
    at = float(series.t[index] + series.bucket_s / 2)
    trends.set_cursor(at)
    reading = trends.cursor_values()[path]
    low, high = series.vmin[index], series.vmax[index]
    shown = float(reading.split()[0].replace(",", "."))
    assert shown == pytest.approx(low, abs=0.01)
    if high != low:
        assert "..." in reading
    assert trends.cursor_readout.text().startswith("Cursor ")
    assert reading in trends.cursor_readout.text()
    # Before the first bucket there is nothing to read.
    trends.set_cursor(float(series.t[0]) - 10 * series.bucket_s)
    assert trends.cursor_values()[path] == "—"
    # A tap on the plot puts the cursor where the finger is.
    view = trends.plot.getPlotItem().getViewBox()
    centre = view.sceneBoundingRect().center()
    expected = view.mapSceneToView(centre).x()

    class Tap:
        def scenePos(self):
            return centre

    trends._on_plot_clicked(Tap())
    assert float(trends.cursor_line.value()) == pytest.approx(expected)
