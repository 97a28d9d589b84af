"""Every symbol the screens draw (state shapes, arrows, keys) is in the UI font, so no
plant PC shows an empty box where a shape should say something (ISA-101: the shape
carries the meaning, not only the colour)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtGui import QFont, QFontMetrics

UI = Path(__file__).resolve().parents[2] / "ui"
# Fonts the theme sets (ui/theme.py, resources/themes/*.qss); CJK text comes from the
# system's CJK font by fallback and is checked by the translation tests.
UI_FONTS = ("DejaVu Sans", "DejaVu Sans Mono")


def _symbols() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in UI.rglob("*.py"):
        for char in set(path.read_text(encoding="utf-8")):
            if ord(char) < 128 or unicodedata.name(char, "").startswith("CJK"):
                continue
            found.setdefault(char, set()).add(path.name)
    return found


def test_every_symbol_on_screen_is_in_the_ui_font(qapp):
    symbols = _symbols()
    assert "▶" in symbols and "◆" in symbols  # the scan sees the state shapes
    metrics = QFontMetrics(QFont(UI_FONTS[0]))
    missing = {
        f"{char} U+{ord(char):04X} {unicodedata.name(char, '?')}": sorted(files)
        for char, files in symbols.items()
        if not metrics.inFontUcs4(ord(char))
    }
    assert not missing, f"not in {UI_FONTS[0]}: {missing}"
