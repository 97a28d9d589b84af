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
