"""First-run administrator setup, badge and password sign-in, sign-out, from the header."""

import pytest
from PySide6.QtCore import Qt

import app.records.users as users_module
from app.security import Role
from ui.widgets.sign_in import FirstAdministratorDialog, SignInDialog


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


def test_first_run_creates_the_administrator_then_sign_in_works(window, qtbot):
    header = window.header
    qtbot.mouseClick(header.user_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(getattr(header, "dialog", None), FirstAdministratorDialog), timeout=3000
    )
    setup = header.dialog
    setup.user_id.setText("admin1")
    setup.name.setText("Ada Admin")
    setup.password.setText("Str0ng-passphrase")
    setup.repeat.setText("Str0ng-passphrase")
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.bridge.actor is not None, timeout=5000)
    assert window.bridge.actor.role is Role.ADMINISTRATOR
    assert "Ada Admin" in header.user_label.text()

    # Tap again: signed out.
    qtbot.mouseClick(header.user_label, Qt.MouseButton.LeftButton)
    assert window.bridge.actor is None and header.user_label.text() == "Not signed in"

    # The administrator registers an operator with a badge; the operator signs in by badge.
    station = window.bridge.core.station
    admin = station.users.sign_in("admin1", "Str0ng-passphrase")
    window.bridge.core.submit(
        station.call_users(
            "create_user",
            admin,
            "op1",
            "Olga Operator",
            Role.OPERATOR,
            "Temp0rary-pass",
            "BADGE-0042",
            "4711",
        )
    ).result(5)
    qtbot.mouseClick(header.user_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(header.dialog, SignInDialog), timeout=3000)
    dialog = header.dialog
    dialog.badge.setText("BADGE-0042")
    dialog.pin.setText("0000")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "wrong" in dialog.message.text(), timeout=5000)
    assert window.bridge.actor is None
    dialog.pin.setText("4711")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            (dialog.message.text() != "" and "wrong" not in dialog.message.text())
            or window.bridge.actor is not None
        ),
        timeout=5000,
    )
    # An administrator-set password must be changed first; badge sign-in says so.
    assert window.bridge.actor is None
    assert "password" in dialog.message.text().lower()
