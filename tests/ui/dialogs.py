"""One of each dialog a person meets, for tests that walk the whole interface (every
text translated, every control a touch target)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from app.batch.states import BatchCommand
from ui.kiosk import LeaveKioskDialog
from ui.main_window import MainWindow
from ui.pages.admin import AdminPage
from ui.pages.batch_detail import ReasonDialog
from ui.pages.batches import NewBatchDialog
from ui.pages.trends import CustomSpanDialog
from ui.terms import batch_command, batch_command_question
from ui.widgets.keypad import KeypadDialog
from ui.widgets.password_change import PasswordChangeDialog
from ui.widgets.sign_in import FirstAdministratorDialog, SignInDialog
from ui.widgets.signature_dialog import SignatureDialog

DIALOG_ZONE = "Europe/Amsterdam"  # a site's time zone, named in the custom span dialog


def every_dialog(window: MainWindow) -> list[QDialog]:
    """One of each dialog a person meets, built (not opened) over the window."""
    bridge = window.bridge

    async def never_signs(user_id: str, password: str) -> object:
        raise AssertionError("not signed in this test")

    admin: AdminPage = window.admin
    setpoint = bridge.spec("shuttle-01/bay-01/bioreactor/temperature_sp")
    keypad = (
        []
        if setpoint is None
        else [
            KeypadDialog(
                setpoint,
                where="Cell Shuttle 01 · 01",
                current="37.0 °C",
                who="Olga Operator",
                submit=never_signs,
                parent=window,
            )
        ]
    )
    return [
        *keypad,
        CustomSpanDialog(DIALOG_ZONE, 1.7e9, 1.7e9 + 3600, window),
        SignInDialog(bridge, window),
        FirstAdministratorDialog(bridge, window),
        PasswordChangeDialog(bridge, "u1042", parent=window),
        NewBatchDialog(bridge, window),
        LeaveKioskDialog(bridge, window),
        ReasonDialog(
            batch_command(BatchCommand.STOP),
            batch_command_question(BatchCommand.STOP, "B-1"),
            window,
        ),
        # The statement comes from the record (app/), as the hash does.
        SignatureDialog("B-1", "performed", "0" * 64, never_signs, parent=window),
        *(admin._dialog_for(key, None) for key in AdminPage.ACTIONS),
    ]
