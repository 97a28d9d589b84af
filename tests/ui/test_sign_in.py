"""First-run administrator setup, badge and password sign-in, sign-out from the header's
menu (audited), and the password change that an administrator-set password forces."""

import pytest
from PySide6.QtCore import Qt

import app.records.users as users_module
from app.security import Role
from ui.widgets.password_change import PasswordChangeDialog
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

    # Tap again: the person's menu; its Sign out item signs out, on the record.
    qtbot.mouseClick(header.user_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(header.user_menu.isVisible, timeout=3000)
    item = header.user_menu.actionGeometry(header.sign_out_action)
    assert item.height() >= 48  # a gloved finger's target
    qtbot.mouseClick(header.user_menu, Qt.MouseButton.LeftButton, pos=item.center())
    assert window.bridge.actor is None and header.user_label.text() == "Not signed in"
    station = window.bridge.core.station
    qtbot.waitUntil(lambda: station.audit.entries()[-1].action == "sign-out", timeout=3000)
    assert station.audit.entries()[-1].reason == "signed out by the user"

    # The administrator registers an operator with a badge; the operator signs in by badge.
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
    # An administrator-set password must be changed first: the change dialog says why and,
    # by badge, asks for the current password once; then the person is signed in.
    qtbot.waitUntil(lambda: dialog.password_change is not None, timeout=5000)
    change = dialog.password_change
    assert isinstance(change, PasswordChangeDialog) and change.isVisible()
    assert window.bridge.actor is None
    assert "set by an administrator" in change.why.text()
    assert change.current.isVisibleTo(change)
    change.current.setText("Temp0rary-pass")
    change.new.setText("Olga-own-2468")
    change.repeat.setText("Olga-own-2468")
    qtbot.mouseClick(change.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.bridge.actor is not None, timeout=5000)
    assert window.bridge.actor.user_id == "op1" and not dialog.isVisible()
