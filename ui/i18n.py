"""Languages: English (the source), Dutch and Japanese through Qt's translation system.

Every visible text goes through ``tr()``; ``resources/translations/celldeck_<lang>.ts``
holds the translations (edited with Qt Linguist or by hand) and the compiled ``.qm``
files ship with CellDeck. Qt's own strings (dialog buttons, context menus) come from
``qtbase_<lang>.qm`` in the PySide6 installation. Numbers and dates follow the
language's locale through ``ui.format`` (decimal comma and 23-11-2026 in Dutch,
2026/11/23 in Japanese; English keeps ISO 8601); times are 24 h in every language.

Switching language at run time rebuilds the station window (ui.application), so no
widget can keep a text from the previous language.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

LANGUAGES: dict[str, str] = {"en": "English", "nl": "Nederlands", "ja": "日本語"}
LOCALES: dict[str, QLocale] = {
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
    "nl": QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands),
    "ja": QLocale(QLocale.Language.Japanese, QLocale.Country.Japan),
}

# Scripts a language needs beyond Latin, which the theme's DejaVu Sans lacks.
WRITING_SYSTEMS: dict[str, QFontDatabase.WritingSystem] = {
    "ja": QFontDatabase.WritingSystem.Japanese,
}

_installed: list[QTranslator] = []
_current = "en"


def fill(text: str, *values: object) -> str:
    """Put ``values`` into a translated text's places %1, %2, ... (each language orders
    them as its sentence needs; PySide6's tr() returns a plain str without arg())."""
    # Highest place first, so %1 does not eat the start of %10.
    for place in range(len(values), 0, -1):
        text = text.replace(f"%{place}", str(values[place - 1]))
    return text


def translation_file(language: str) -> str:
    """The compiled translation for ``language`` shipped in resources/translations."""
    return str(resources.files("resources.translations").joinpath(f"celldeck_{language}.qm"))


def current_language() -> str:
    return _current


def has_font_for(language: str) -> bool:
    """Whether some installed font writes ``language`` (Qt falls back to it per glyph)."""
    system = WRITING_SYSTEMS.get(language)
    if system is None or not isinstance(QCoreApplication.instance(), QGuiApplication):
        return True
    return bool(QFontDatabase.families(system))


def install_language(language: str) -> None:
    """Make ``language`` the application's language for every text created from now on."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(
            f"language {language!r} is not available; choose one of {', '.join(LANGUAGES)}"
        )
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before choosing a language")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = QLocale(LOCALES[language])
    # Plant values read better without thousands separators (51420 particles/m3).
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    QLocale.setDefault(locale)
    _current = language
    if not has_font_for(language):
        log.warning(
            "no font for %s on this computer: its texts show as empty boxes; install one "
            "(Debian: fonts-noto-cjk, a dependency of the celldeck package)",
            language,
        )
    if language == "en":
        return  # the source language
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory, path in (
        (f"qtbase_{language}", qt_dir, None),
        (f"celldeck_{language}", None, translation_file(language)),
    ):
        translator = QTranslator(app)
        loaded = translator.load(path) if path else translator.load(name, directory)
        if loaded:
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("no %s translation %s; those texts stay in English", language, name)
