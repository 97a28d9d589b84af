"""Numbers, dates and times on screen in the screen language: decimal commas in Dutch,
Japanese dates in Japanese, ISO 8601 dates in English (ui/format.py)."""

from __future__ import annotations

import re

from tests.ui.test_trends_ui import occupied_bay, show_trends_with, temperature
from ui.application import WindowHost

DECIMAL_COMMA = re.compile(r"\d,\d")
DECIMAL_POINT = re.compile(r"\d\.\d")


def test_dutch_trend_legend_axis_and_value_labels_use_a_decimal_comma(host: WindowHost, qtbot):
    host.switch_language("nl")
    window = host.window
    path = temperature(window)
    trends = show_trends_with(window, qtbot, [path])
    qtbot.waitUntil(lambda: trends.legend.item(0, 3).text() != "—", timeout=5000)
    now, span = trends.legend.item(0, 2).text(), trends.legend.item(0, 3).text()
    assert re.fullmatch(r"-?\d+,\d+ °C", now), now
    assert re.fullmatch(r"-?\d+(,\d+)? \.\.\. -?\d+(,\d+)? °C", span), span
    assert DECIMAL_COMMA.search(span)
    (tick,) = trends.plot.value_axis.tickStrings([0.5], 1.0, 0.02)  # tenths of a degree
    assert DECIMAL_COMMA.search(tick) and not DECIMAL_POINT.search(tick), tick

    bay = occupied_bay(window)
    window.show_equipment(f"shuttle-01/bay-{bay:02d}")
    row = window.shuttles.cartridge.rows["bioreactor/temperature"]
    qtbot.waitUntil(lambda: DECIMAL_COMMA.search(row.value.text()) is not None, timeout=5000)
    assert not DECIMAL_POINT.search(row.value.text())
    assert re.fullmatch(r"\d+,\d-\d+,\d °C", row.normal.text()), row.normal.text()
    cartridge_axis = window.shuttles.cartridge.plot.getAxis("left")
    assert cartridge_axis.tickStrings([36.5], 1.0, 0.1) == ["36,5"]


def test_japanese_dates_in_the_header_trends_and_records(host: WindowHost, qtbot):
    host.switch_language("ja")
    window = host.window
    window.header.refresh()
    assert re.match(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}", window.header.clock_label.text())
    trends = show_trends_with(window, qtbot, [temperature(window)])
    qtbot.waitUntil(lambda: "/" in trends.status.text(), timeout=5000)
    assert re.search(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}", trends.status.text())
    assert not re.search(r"\d{4}-\d{2}-\d{2}", trends.status.text())


def test_english_dates_stay_iso_8601(window, qtbot):
    window.header.refresh()
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", window.header.clock_label.text())
