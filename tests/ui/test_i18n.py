"""Languages: installing one, numbers in its convention, switching the window."""

from __future__ import annotations

import pytest

from hardware import Quality, Sample
from ui.format import format_number, show_value
from ui.i18n import LANGUAGES, current_language, install_language


def test_numbers_follow_the_screen_language(qapp):
    try:
        install_language("nl")
        assert current_language() == "nl"
        assert format_number(37.04, 1) == "37,0"
        sample = Sample("s/bay-01/bioreactor/temperature", 36.97, Quality.GOOD, None, 0.0, 1e12)
        assert show_value(sample, None, now=1e12).text == "36,97"
        assert format_number(51420.0, 0) == "51420"  # no thousands separator on plant values
        install_language("ja")
        assert format_number(37.04, 1) == "37.0"
    finally:
        install_language("en")
    assert format_number(37.04, 1) == "37.0"


def test_unknown_language_is_refused_and_nothing_changes(qapp):
    with pytest.raises(ValueError, match="not available"):
        install_language("xx")
    assert current_language() == "en" and set(LANGUAGES) == {"en", "nl", "ja"}


def test_a_missing_japanese_font_is_logged(qapp, monkeypatch, caplog):
    import ui.i18n

    assert ui.i18n.has_font_for("ja")  # this machine has one (fonts-noto-cjk)
    assert ui.i18n.has_font_for("nl")
    monkeypatch.setattr(ui.i18n.QFontDatabase, "families", lambda *_args: [])
    assert not ui.i18n.has_font_for("ja")
    try:
        with caplog.at_level("WARNING", logger="ui.i18n"):
            install_language("ja")
        assert "no font for ja" in caplog.text and "fonts-noto-cjk" in caplog.text
        caplog.clear()
        with caplog.at_level("WARNING", logger="ui.i18n"):
            install_language("nl")
        assert "no font" not in caplog.text
    finally:
        install_language("en")


def test_every_number_format_follows_the_screen_language(qapp):
    from ui.format import (
        format_count,
        format_limit,
        format_limits,
        format_measured,
        format_plain,
        format_range,
    )
    from ui.widgets.trend_plot import LocaleValueAxis

    axis = LocaleValueAxis()
    try:
        install_language("nl")
        assert format_plain(37.5) == "37,5" and format_plain(51420.0) == "51420"
        assert format_plain(36.98765, 4) == "36,99"
        assert format_measured(37.519, "°C") == "37,52 °C"
        assert format_measured("open") == "open" and format_measured(None) == ""
        assert format_limit(36.0, 1) == "36,0" and format_limit(0.5, 2) == "0,5"
        assert format_range(36.0, 37.8, "°C", 1) == "36,0-37,8 °C"
        assert format_range(6.75, None, "pH", 2) == "≥ 6,75 pH"
        assert format_limits(36.5, 37.5, "°C") == "36,5 tot 37,5 °C"
        assert format_limits(None, 0.5, "EU/mL") == "≤ 0,5 EU/mL"
        # Grouped by thin spaces: neither a Dutch decimal comma nor an English point.
        assert format_count(3_520_000) == "3\u2009520\u2009000"
        assert axis.tickStrings([36.5, 37.0, 37.5], 1.0, 0.5) == ["36,5", "37,0", "37,5"]
        install_language("ja")
        assert format_measured(37.519, "°C") == "37.52 °C"
    finally:
        install_language("en")
    assert format_range(36.0, 37.8, "°C", 1) == "36.0-37.8 °C"
    assert axis.tickStrings([36.5, 37.0], 1.0, 0.5) == ["36.5", "37.0"]
    assert axis.tickStrings([0.0, 20000.0], 1.0, 20000.0) == ["0", "20000"]


def test_dates_follow_the_screen_language_times_are_24_hours(qapp):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QLocale

    from ui.format import DATE_STYLES, format_datetime, format_stored_time
    from ui.widgets.trend_plot import StationTimeAxis

    moment = datetime(2026, 11, 3, 17, 4, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))
    stored = "2026-11-03T16:04:05.123+00:00"  # the same moment as the records keep it
    axis = StationTimeAxis(ZoneInfo("Europe/Amsterdam"))
    day_tick = moment.timestamp()
    try:
        expected = {
            "en": ("2026-11-03 17:04:05", "11-03 17:04", "Tue 03"),
            "nl": ("03-11-2026 17:04:05", "03-11 17:04", "di 3"),
            "ja": ("2026/11/03 17:04:05", "11/03 17:04", "3日(火)"),
        }
        for language, (full, short, day) in expected.items():
            install_language(language)
            assert format_datetime(moment) == full
            assert format_datetime(moment, year=False, seconds=False) == short
            assert format_stored_time(stored, ZoneInfo("Europe/Amsterdam")) == full
            axis.zoomLevel = axis.zoomLevels[6 * 3600]  # day and hour ticks
            assert axis.tickStrings([day_tick], 1.0, 24 * 3600) == [day]
            if language != "en":  # the locale's own short date, four-digit years
                assert DATE_STYLES[language].date == QLocale().dateFormat(
                    QLocale.FormatType.ShortFormat
                )
    finally:
        install_language("en")
    assert format_stored_time("not a time") == "not a time"
    assert format_stored_time(None) == "—"


def test_trend_limit_lines_are_labelled_in_the_screen_language(qapp):
    from app.trends import LimitKind, TrendLimit
    from ui.widgets.trend_plot import limit_label

    alarm = TrendLimit("t", LimitKind.ALARM, 37.8, "H 37.8 °C", side="H")
    cpp = TrendLimit("t", LimitKind.CPP, 36.5, "CPP low 36.5 °C", side="low")
    engineering = TrendLimit("t", LimitKind.RANGE, 50.0, "range high 50 °C", side="high")
    try:
        install_language("nl")
        assert limit_label(alarm, "°C") == "H 37,8 °C"  # ISA codes in every language
        assert limit_label(cpp, "°C") == "CPP laag 36,5 °C"
        install_language("ja")
        assert limit_label(engineering, "°C") == "範囲上限 50 °C"
    finally:
        install_language("en")
    assert [limit_label(x, "°C") for x in (alarm, cpp, engineering)] == [
        alarm.label,
        cpp.label,
        engineering.label,
    ]
