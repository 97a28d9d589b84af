"""The setpoint keypad: range checked before sending, reason required, confirmation,
the equipment's refusal shown in the dialog, keyboard and touch alike."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hardware import NotConnected, TagKind, TagSpec
from ui.application import _application
from ui.widgets.keypad import KEY_PX, KeypadDialog
from ui.widgets.touch_keyboard import wants_keyboard

SPEC = TagSpec(
    "shuttle-01/bay-03/bioreactor/temperature_sp",
    "Culture temperature setpoint",
    "°C",
    TagKind.ANALOG,
    30.0,
    40.0,
    writable=True,
    decimals=1,
)


class Recorder:
    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[float, str]] = []
        self.error = error

    async def __call__(self, value: float, reason: str) -> None:
        self.calls.append((value, reason))
        if self.error is not None:
            raise self.error


@pytest.fixture
def dialog_for(qapp, qtbot, qasync_loop):
    _application()

    def build(submit: Recorder) -> KeypadDialog:
        dialog = KeypadDialog(
            SPEC,
            where="Cell Shuttle 01 · Bay 03",
            current="37.0 °C",
            who="Olga Operator (operator)",
            submit=submit,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return build


def tap(qtbot, dialog: KeypadDialog, keys: str) -> None:
    for key in keys:
        qtbot.mouseClick(dialog.keys[key], Qt.MouseButton.LeftButton)


def test_keys_are_big_enough_for_gloves_and_show_range_and_unit(dialog_for):
    dialog = dialog_for(Recorder())
    assert all(b.height() >= 64 and b.width() >= 64 for b in dialog.keys.values())
    assert set("0123456789.") | {"±", "⌫", "C"} == set(dialog.keys)
    assert KEY_PX >= 64
    assert "allowed 30.0 to 40.0 °C" in dialog.range_label.text()
    assert "Now 37.0 °C" in dialog.range_label.text()
    # A kiosk's on-screen keyboard comes up for the reason, not over the keypad's own keys.
    assert wants_keyboard(dialog.display) is None
    assert wants_keyboard(dialog.reason) == "text"


def test_out_of_range_is_refused_before_anything_is_sent(dialog_for, qtbot):
    submit = Recorder()
    dialog = dialog_for(submit)
    tap(qtbot, dialog, "45")
    dialog.reason.setText("drift")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert "45.0 °C is outside 30.0-40.0 °C" in dialog.message.text()
    assert "Nothing was sent" in dialog.message.text()
    assert dialog.pages.currentIndex() == 0
    tap(qtbot, dialog, "±")
    assert dialog.display.text() == "-45"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert "-45.0 °C is outside" in dialog.message.text()
    tap(qtbot, dialog, "C")
    tap(qtbot, dialog, "36.55")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert "more decimals than this setpoint takes (1)" in dialog.message.text()
    assert submit.calls == []


def test_valid_value_by_keyboard_needs_a_reason_then_a_confirmation(dialog_for, qtbot):
    submit = Recorder()
    dialog = dialog_for(submit)
    dialog.display.setFocus()
    qtbot.keyClicks(dialog.display, "36.5x")  # the letter is not taken
    assert dialog.display.text() == "36.5"
    qtbot.keyClick(dialog.display, Qt.Key.Key_Return)
    assert "Give the reason" in dialog.message.text()
    assert dialog.pages.currentIndex() == 0
    qtbot.mouseClick(dialog.presets[1], Qt.MouseButton.LeftButton)
    assert dialog.reason.text() == "Correcting process drift"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    summary = dialog.summary.text()
    assert "from 37.0 °C to 36.5 °C" in summary.replace("\n", " ")
    assert "Correcting process drift" in summary and "Olga Operator" in summary
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=3000)
    assert submit.calls == [(36.5, "Correcting process drift")]
    assert dialog.sent_value == 36.5


def test_equipment_refusal_is_shown_and_the_dialog_stays_open(dialog_for, qtbot):
    submit = Recorder(NotConnected("shuttle-01 is lost (no answer from equipment)"))
    dialog = dialog_for(submit)
    tap(qtbot, dialog, "38")
    dialog.reason.setText("Supervisor instruction")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "shuttle-01 is lost" in dialog.message.text(), timeout=3000)
    assert submit.calls == [(38.0, "Supervisor instruction")]
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.confirm_button.isEnabled() and dialog.back_button.isEnabled()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 0 and dialog.display.text() == "38"
