"""Kiosk lock, the on-screen keyboard, themes and display options."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from app.cli import build_parser, with_display_options
from app.config import ConfigError, load_plant
from app.core import CoreThread
from app.security import Role
from ui import theme
from ui.main_window import MainWindow
from ui.widgets.touch_keyboard import TouchKeyboardController, wants_keyboard

ADMIN_PASSWORD = "correct horse battery 1"


async def _admin_and_operator(station) -> None:
    users = station.users
    admin = users.create_first_administrator("admin", "Ada Admin", ADMIN_PASSWORD)
    users.create_user(admin, "op1", "Olga Operator", Role.OPERATOR, "first password 123!")
    users.change_password("op1", "first password 123!", "op1 own secret 456!")


@pytest.fixture
def people(core: CoreThread) -> None:
    core.submit(_admin_and_operator(core.station)).result(timeout=30)


def test_kiosk_refuses_close_until_an_administrator_signs(window: MainWindow, qtbot, people):
    lock = window.lock_kiosk()
    assert window.close() is False and window.isVisible()
    assert lock.refusals == 1
    assert "administrator" in window.statusBar().currentMessage()
    # An operator signed in sees no way out; an administrator does.
    station = window.bridge.core.station
    operator = window.bridge.core.submit(
        station.call_users("sign_in", "op1", "op1 own secret 456!")
    ).result(timeout=30)
    window.bridge.set_actor(operator)
    assert not window.leave_kiosk_button.isVisibleTo(window)
    admin = window.bridge.core.submit(
        station.call_users("sign_in", "admin", ADMIN_PASSWORD)
    ).result(timeout=30)
    window.bridge.set_actor(admin)
    assert window.leave_kiosk_button.isVisibleTo(window)
    window.leave_kiosk_button.click()
    dialog = window.kiosk_dialog
    assert dialog is not None
    # A wrong password or a missing reason keeps the kiosk locked.
    dialog.password.setText("wrong password")
    dialog.reason.setText("software update")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10000)
    assert lock.locked and window.isVisible()
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert not lock.locked
    entries = [e for e in station.audit.entries() if e.action == "kiosk-exit"]
    assert entries and entries[-1].user_id == "admin" and entries[-1].reason == "software update"


def test_keyboard_types_into_the_focused_field_and_picks_its_layout(qapp, qtbot):
    field = QLineEdit()
    number = QLineEdit()
    number.setValidator(QDoubleValidator(number))
    spin = QSpinBox()
    for widget in (field, number, spin):
        qtbot.addWidget(widget)
    assert wants_keyboard(field) == "text" and wants_keyboard(number) == "number"
    assert wants_keyboard(spin) == "number" and wants_keyboard(None) is None
    controller = TouchKeyboardController(QApplication.instance())
    keyboard = controller.keyboard
    field.show()
    qtbot.waitExposed(field)
    controller.show_for(field)
    assert keyboard.isVisible() and keyboard.layout_name == "text"
    for key in ("shift", "o", "p", "1", "space", "x", "backspace"):
        keyboard.press(key)
    assert field.text() == "Op1 "
    # Keys are touch targets and never take the focus from the field.
    assert keyboard.keys["o"].sizeHint().height() >= 64
    focused = QApplication.focusWidget()
    keyboard.keys["q"].click()
    assert QApplication.focusWidget() is focused and field.text() == "Op1 q"
    controller.show_for(number)
    assert keyboard.layout_name == "number" and "q" not in keyboard.keys
    controller.show_for(None)
    assert not keyboard.isVisible()
    controller.close()


def test_night_theme_turns_the_grey_scale_over_and_keeps_alarm_colours():
    assert theme.night_grey("#c6c6c6") < "#505050"  # a dim background
    assert theme.night_grey("#141414") > "#b0b0b0"  # light text
    assert theme.night_grey("#d40000") == "#d40000"  # alarm red unchanged
    night = theme.style_sheet("night", font_scale=1.5)
    assert "#c6c6c6" not in night and "font-size: 27px" in night  # 18 px x 1.5
    with pytest.raises(ValueError, match="unknown theme"):
        theme.style_sheet("neon")
    theme.set_palette("night")
    try:
        assert theme.BACKGROUND.lightness() < 90
    finally:
        theme.set_palette("day")
    assert theme.BACKGROUND.name() == "#c6c6c6"


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args([*argv, "run"])


def test_display_options_override_the_plant_file_and_are_validated():
    plant = load_plant()
    assert not plant.display.kiosk and plant.station.role == "kiosk"
    kiosk = with_display_options(plant, _args("--kiosk", "--lang", "nl", "--theme", "night"))
    assert kiosk.display.kiosk and kiosk.display.keyboard_on_screen
    assert kiosk.display.language == "nl" and kiosk.display.theme == "night"
    supervisor = with_display_options(kiosk, _args("--role", "supervisor"))
    assert supervisor.station.role == "supervisor" and not supervisor.display.kiosk
    with pytest.raises(ConfigError, match="font_scale"):
        with_display_options(plant, _args("--font-scale", "9"))
