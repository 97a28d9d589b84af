"""Dutch and Japanese: every screen text translated, the shipped .qm compiled from the
.ts, and a window switched to either language showing no English of its own.

(a) and (b) read the files only; they fail after a merge brings new tr() texts until
``python3 dev.py translations`` has been run with their translations in
tools/translation_catalog.py, which is the point.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QWidget,
)

from hardware.catalog import bay_id
from tests.ui.dialogs import DIALOG_ZONE, every_dialog
from ui.application import WindowHost
from ui.bridge import CoreBridge
from ui.i18n import current_language
from ui.main_window import PAGE_KEYS, MainWindow

LANGUAGES = ("nl", "ja")
TRANSLATIONS = Path(str(resources.files("resources.translations")))
PLACE = re.compile(r"%\d+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"celldeck_{language}.ts"


def messages(language: str) -> Iterator[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message of a .ts file."""
    root = ET.parse(ts_path(language)).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"[{name}] {message.findtext('source')!r}"
            yield name, message.findtext("source", ""), translation


# -- (a) every message translated -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_finished_translation(language: str) -> None:
    problems = []
    count = 0
    for context, source, translation in messages(language):
        count += 1
        text = translation.text or ""
        where = f"[{context}] {source!r}"
        if translation.get("type") is not None:  # unfinished, vanished, obsolete
            problems.append(f"{where} is {translation.get('type')}")
        if not text.strip():
            problems.append(f"{where} has no translation")
            continue
        if sorted(PLACE.findall(text)) != sorted(PLACE.findall(source)):
            problems.append(f"{where} -> {text!r} loses or adds a %N place")
        if text.count("\n") != source.count("\n"):
            problems.append(f"{where} -> {text!r} changes the line breaks")
    assert count > 400, f"{ts_path(language)} holds only {count} messages"
    assert not problems, (
        f"{len(problems)} of {count} {language} messages need work (add them to "
        "tools/translation_catalog.py and run python3 dev.py translations):\n" + "\n".join(problems)
    )


# -- (b) the shipped .qm is the compiled .ts ----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_qm_is_a_fresh_compile_of_the_ts(language: str, tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    fresh = tmp_path / f"celldeck_{language}.qm"
    subprocess.run(
        [str(lrelease), str(ts_path(language)), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    shipped = TRANSLATIONS / f"celldeck_{language}.qm"
    assert fresh.read_bytes() == shipped.read_bytes(), (
        f"{shipped.name} is not compiled from {ts_path(language).name}: "
        "run python3 dev.py translations and commit the .qm"
    )


# -- (c) the window in Dutch and Japanese ----------------------------------------------------


def _translations(language: str) -> dict[tuple[str, str], str]:
    return {(c, s): t.text or "" for c, s, t in messages(language)}


def _english_left_over(language: str) -> set[str]:
    """English sources that the language says differently: seeing one means a text
    skipped the translation."""
    return {s for (_c, s), t in _translations(language).items() if t != s}


def _words(text: str) -> set[str]:
    return {w.lower() for w in LATIN_WORD.findall(text)}


def _data_texts(bridge: CoreBridge) -> list[str]:
    """Texts on screen that are data, not screen text, longest first: the plant's names,
    ids and time zone, equipment values, units and descriptions, recipe names, the
    configuration's paths and hashes, file formats and Qt's own OK. A screen text is
    checked with these taken out."""
    station = bridge.core.station
    plant = bridge.plant
    texts: list[str] = ["CellDeck", "PDF", "CSV", "JSON", "OK", "English", "Nederlands"]
    texts += [plant.site.name, plant.site.code, plant.site.timezone, plant.station.name]
    for device in plant.devices:
        texts += [device.id, device.label]
        texts += [str(getattr(device, key, "") or "") for key in ("area", "room", "grade")]
    summary = station.configuration
    texts += [summary.plant_file, summary.audit_key_path, summary.database_path]
    texts += [summary.file_sha256 or "", summary.content_sha256]
    texts += [text for d in summary.devices for text in (d.kind, d.backend)]
    for entry in station.library.entries:
        # Recipe texts, file names, who released and why: data and records, in English.
        recipe, release = entry.recipe, entry.release
        if recipe is not None:
            texts += [recipe.name, recipe.id, recipe.content_hash[:12], entry.label]
        if entry.file is not None:
            texts += [entry.file.path.name, *entry.problem.splitlines()]
        if release is not None:
            texts += [release.who(), release.user_name, release.reason, release.content_hash[:12]]
    for device in station.devices.values():
        texts += [text for spec in device.specs.values() for text in (spec.unit, spec.description)]
    # The robot mover's position is an equipment value that moves on during the walk.
    texts += [
        "home",
        *(bay_id(n) for shuttle in plant.shuttles for n in range(1, shuttle.bays + 1)),
    ]
    for sample in bridge.values.values():
        if isinstance(sample.value, str) and not sample.value.startswith(("[", "{")):
            texts += [sample.value, sample.value.upper()]
    texts.append(DIALOG_ZONE)
    return sorted({t for t in texts if t}, key=len, reverse=True)


def _language_words(language: str) -> set[str]:
    """Latin words the language's own translations use (Dutch words; codes like QA, PIN,
    CoI in Japanese), and the names of months and days Qt's locale gives (a calendar)."""
    locale = QLocale(language)
    names = [
        name(i, form)
        for name, count in (
            (locale.monthName, 12),
            (locale.standaloneMonthName, 12),
            (locale.dayName, 7),
            (locale.standaloneDayName, 7),
        )
        for i in range(1, count + 1)
        for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat)
    ]
    return set().union(*(_words(t) for t in [*_translations(language).values(), *names]))


def _without(text: str, data: list[str]) -> str:
    """``text`` with every data text taken out where it stands as whole words."""
    for piece in data:
        if piece in text:
            text = re.sub(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", " ", text)
    return text


def _texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a person can read in ``root``: labels, buttons,
    tabs, table headers, placeholders, list choices and menu entries."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}#{widget.objectName()}"
        if isinstance(widget, QLabel):
            yield where, re.sub(r"<[^>]+>", " ", widget.text())
        elif isinstance(widget, QPushButton):
            yield where, widget.text()
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield where, widget.tabText(index)
        elif isinstance(widget, QHeaderView) and not widget.isHidden():
            model = widget.model()
            if model is not None:
                for section in range(model.columnCount()):
                    yield where, str(model.headerData(section, widget.orientation()) or "")
        elif isinstance(widget, QLineEdit):
            yield where, widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield where, widget.itemText(index)
        elif isinstance(widget, QMenu):
            for action in widget.actions():
                yield where, action.text()


def _english_on_screen(language: str, window: MainWindow, qtbot) -> list[str]:
    """Every text on every page and dialog that is still English."""
    english = _english_left_over(language)
    data = _data_texts(window.bridge)
    allowed = _language_words(language)
    found: list[str] = []
    for key in PAGE_KEYS:
        window.show_page(key)
        qtbot.wait(20)  # pages that load when shown (records) get their turn
    dialogs = every_dialog(window)  # children of the window: walked with it
    for where, text in _texts(window):
        bare = text.strip(" ◀▶+▲✔✖•\n")
        if not bare:
            continue
        if bare in english:
            found.append(f"{where}: {text!r} is its English source")
        elif unknown := _words(_without(text, data)) - allowed:
            found.append(f"{where}: {text!r} has English words {sorted(unknown)}")
    for dialog in dialogs:
        dialog.deleteLater()
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_switching_the_window_translates_every_page(host: WindowHost, qtbot, language: str):
    assert host.window.nav_buttons["overview"].text() == "Overview"
    words = _translations(language)
    host.switch_language(language)
    window = host.window
    assert current_language() == language and window.current_page == "overview"
    for key, source in (
        ("overview", "Overview"),
        ("batches", "Batches"),
        ("alarms", "Alarms"),
        ("records", "Records"),
        ("admin", "Admin"),
    ):
        assert window.nav_buttons[key].text() == words[("MainWindow", source)]
    titles = {
        label.text()
        for label in window.findChildren(QLabel)
        if label.objectName() == "PageTitle" and label.text()
    }
    for context, source in (
        ("OverviewPage", "Overview"),
        ("AlarmsPage", "Alarms"),
        ("BatchesPage", "Batches"),
        ("FleetPage", "Fleet"),
        ("AdminPage", "Administration"),
        ("RecordsPage", "Records"),
    ):
        assert words[(context, source)] in titles, (context, source, titles)
    leftovers = _english_on_screen(language, window, qtbot)
    assert not leftovers, f"{len(leftovers)} English texts in {language}:\n" + "\n".join(leftovers)


@pytest.mark.parametrize(
    ("language", "stray_text", "reason"),
    [("nl", "Acknowledge", "is its English source"), ("ja", "Ack all now", "has English words")],
)
def test_a_text_that_skipped_tr_is_found(
    host: WindowHost, qtbot, language: str, stray_text: str, reason: str
):
    """The walk catches text that bypassed the translation, as an exact English source
    or as English words; otherwise every window would pass."""
    host.switch_language(language)
    stray = QPushButton(stray_text, host.window.alarms_page)
    stray.setObjectName("Stray")
    found = _english_on_screen(language, host.window, qtbot)
    assert [line for line in found if line.startswith("QPushButton#Stray")] == [
        f"QPushButton#Stray: {stray_text!r} {reason}"
        + ("" if reason.startswith("is") else f" {sorted(_words(stray_text))}")
    ]


def test_back_to_english_restores_the_source_texts(host: WindowHost):
    host.switch_language("nl")
    assert host.window.header.user_label.text() == "Niet aangemeld"
    host.switch_language("en")
    assert host.window.nav_buttons["records"].text() == "Records"
    assert host.window.header.user_label.text() == "Not signed in"


def test_signals_after_a_switch_reach_only_the_new_window(host: WindowHost, qtbot):
    """A language switch replaces the window; sign-in, sign-out and alarm updates
    afterwards must not reach the pages of the old one (pytest-qt fails the test on
    any exception raised in a slot, such as a deleted label's)."""
    old = host.window
    host.switch_language("ja")
    assert host.window is not old
    qtbot.wait(50)  # the old window's deferred deletion
    bridge = host.bridge
    bridge.alarms_changed.emit(bridge.alarms)
    bridge.batches_changed.emit(bridge.batches)
    bridge.actor_changed.emit(None)
    bridge.frame.emit({})
    qtbot.wait(50)
    assert host.window.fleet.summary.text()  # the new pages did hear them
