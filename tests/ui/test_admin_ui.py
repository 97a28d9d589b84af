"""The administration page: users for a signed-in administrator, refusals shown in place,
every change audited with its reason; a clear "needs administrator" for anyone else; the
station configuration read-only; the password change from the header's menu."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen

import app.records.users as users_module
from app.security import Actor, Role
from ui.pages.admin import AccountDialog
from ui.widgets.password_change import PasswordChangeDialog

ADMIN_PASSWORD = "Str0ng-pass-1"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


def on_core(window, method: str, *args):
    station = window.bridge.core.station
    return window.bridge.core.submit(station.call_users(method, *args)).result(5)


@pytest.fixture
def admin(window) -> Actor:
    return on_core(window, "create_first_administrator", "admin1", "Ada Admin", ADMIN_PASSWORD)


@pytest.fixture
def page(window, qtbot, admin):
    window.bridge.set_actor(admin)
    window.show_page("admin")
    qtbot.waitUntil(lambda: window.admin.refreshes > 0, timeout=5000)
    return window.admin


def shot(window, name: str, dialog=None) -> None:
    """Screenshots for people to look at, when CELLDECK_SHOTS names a folder; a dialog is
    drawn centred over the window, as the window manager would place it."""
    folder = os.environ.get("CELLDECK_SHOTS")
    if not folder:
        return
    for size in ((1920, 1080), (1280, 800)):
        window.resize(QSize(*size))
        image = window.grab()
        if dialog is not None:
            dialog.adjustSize()
            # A dialog never grows past the screen: it must fit the smallest panel.
            assert dialog.height() <= size[1] and dialog.width() <= size[0]
            over = dialog.grab()
            painter = QPainter(image)
            corner = QPoint((size[0] - over.width()) // 2, (size[1] - over.height()) // 2)
            painter.drawPixmap(corner, over)
            painter.setPen(QPen(QColor("#202020"), 3))  # the frame a window manager draws
            painter.drawRect(QRect(corner, over.size()))
            painter.end()
        image.save(str(Path(folder) / f"{name}-{size[0]}.png"))
    window.resize(QSize(1920, 1080))


def run_dialog(qtbot, dialog: AccountDialog, reason: str, **values: str) -> None:
    for key, text in values.items():
        widget = dialog.inputs[key]
        if hasattr(widget, "setCurrentIndex"):
            widget.setCurrentIndex(widget.findData(text))
        else:
            widget.setText(text)
            repeat = dialog._repeats.get(key)
            if repeat is not None:
                repeat.setText(text)
    dialog.reason.setText(reason)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)


def wait_refused(qtbot, dialog: AccountDialog, text: str) -> None:
    qtbot.waitUntil(lambda: text in dialog.message.text(), timeout=5000)
    assert dialog.isVisible()


def wait_done(qtbot, page, dialog: AccountDialog) -> None:
    before = page.refreshes
    qtbot.waitUntil(lambda: not dialog.isVisible() and page.refreshes > before, timeout=5000)


def row_text(page, user_id: str) -> dict[str, str]:
    user = next(u for u in page.model.rows if u.user_id == user_id)
    return {column: page.model.text(user, column) for column in page.model.COLUMNS}


def audit_actions(window) -> list[tuple[str, str, object, object, str]]:
    station = window.bridge.core.station
    return [
        (e.action, e.target, e.old_value, e.new_value, e.reason)
        for e in station.audit.entries()
        if e.action.startswith("user.")
    ]


def test_nobody_or_a_non_administrator_sees_what_is_needed(window, qtbot, admin):
    page = window.admin
    window.show_page("admin")
    assert page.views.currentWidget() is page.locked_view
    assert "Nobody is signed in" in page.locked_text.text()
    assert page.sign_in_button.isVisible() and page.sign_in_button.height() >= 48
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.header.dialog is not None, timeout=3000)
    window.header.dialog.reject()
    window.bridge.set_actor(Actor("op9", "Olga Operator", Role.OPERATOR))
    assert page.views.currentWidget() is page.locked_view
    assert "Olga Operator (operator), which may not manage users" in page.locked_text.text()
    assert not page.sign_in_button.isVisible()
    assert page.model.rowCount() == 0
    shot(window, "admin-needs-administrator")


def test_administrator_creates_a_user_after_refusals_shown_in_place(window, qtbot, page):
    assert [u.user_id for u in page.model.rows] == ["admin1"]
    assert row_text(page, "admin1")["status"] == "active"
    assert row_text(page, "admin1")["last_sign_in"] == "never"
    dialog = page.open_action("create")
    values = {"user_id": "op1", "name": "Olga Operator", "role": "operator"}
    # No reason: refused, nothing typed is lost.
    run_dialog(qtbot, dialog, "", password="Temp0rary-pass", **values)
    wait_refused(qtbot, dialog, "give the reason")
    # The longest dialog, with a refusal showing, fits the smallest panel (1280x800).
    hint = dialog.sizeHint()
    assert hint.height() <= 800 - 100 and hint.width() <= 1280
    shot(window, "admin-new-user", dialog)
    assert dialog.inputs["name"].text() == "Olga Operator"
    run_dialog(qtbot, dialog, "new starter", password="short", **values)
    wait_refused(qtbot, dialog, "at least 10 characters")
    dialog.inputs["password"].setText("Temp0rary-pass")
    dialog._repeats["password"].setText("Temp0rary-pasz")
    dialog.reason.setText("new starter")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    wait_refused(qtbot, dialog, "two passwords differ")
    run_dialog(
        qtbot,
        dialog,
        "new starter",
        password="Temp0rary-pass",
        badge="BADGE-0042",
        pin="4711",
        **values,
    )
    wait_done(qtbot, page, dialog)
    assert "op1 created" in page.note.text()
    row = row_text(page, "op1")
    assert (row["role"], row["status"], row["badge"]) == ("operator", "active", "yes")
    assert row["password"] == "must change at sign-in"
    assert page.selected_user().user_id == "op1"
    assert audit_actions(window)[-1] == (
        "user.create",
        "user op1",
        None,
        {"name": "Olga Operator", "role": "operator", "badge": True, "must_change": True},
        "new starter",
    )


def test_role_lock_disable_enable_reset_and_badge_through_the_page(window, qtbot, page, admin):
    on_core(window, "create_user", admin, "op1", "Olga Operator", Role.OPERATOR, "Temp0rary-pass")
    on_core(window, "create_user", admin, "adm2", "Bo Admin", Role.ADMINISTRATOR, "Temp0rary-pass")
    page.refresh()
    qtbot.waitUntil(lambda: len(page.model.rows) == 3, timeout=5000)

    # Nobody demotes themselves: shown in the dialog, nothing recorded.
    page.select("admin1")
    dialog = page.open_action("role")
    run_dialog(qtbot, dialog, "tidy up", role="qa")
    wait_refused(qtbot, dialog, "your own account")
    shot(window, "admin-refusal", dialog)
    dialog.reject()
    before = len(audit_actions(window))

    page.select("op1")
    assert not page.buttons["unlock"].isEnabled() and not page.buttons["enable"].isEnabled()
    dialog = page.open_action("role")
    run_dialog(qtbot, dialog, "shift lead from May", role="supervisor")
    wait_done(qtbot, page, dialog)
    assert row_text(page, "op1")["role"] == "supervisor"

    for _ in range(5):
        with pytest.raises(users_module.AccountError):
            on_core(window, "sign_in", "op1", "Wrong-guess-99")
    page.refresh()
    qtbot.waitUntil(lambda: row_text(page, "op1")["status"].startswith("LOCKED"), timeout=5000)
    assert page.buttons["unlock"].isEnabled()
    dialog = page.open_action("unlock")
    run_dialog(qtbot, dialog, "identity checked at the desk")
    wait_done(qtbot, page, dialog)
    assert row_text(page, "op1")["status"] == "active"

    dialog = page.open_action("reset")
    run_dialog(qtbot, dialog, "forgot password", password="Temp0rary-pass")
    wait_refused(qtbot, dialog, "last 5 passwords")
    run_dialog(qtbot, dialog, "forgot password", password="Another-1357x")
    wait_done(qtbot, page, dialog)

    dialog = page.open_action("badge")
    run_dialog(qtbot, dialog, "badge issued", badge="BADGE-77", pin="12")
    wait_refused(qtbot, dialog, "PIN refused")
    run_dialog(qtbot, dialog, "badge issued", badge="BADGE-77", pin="123456")
    wait_done(qtbot, page, dialog)
    assert row_text(page, "op1")["badge"] == "yes"

    dialog = page.open_action("disable")
    run_dialog(qtbot, dialog, "left the company")
    wait_done(qtbot, page, dialog)
    row = row_text(page, "op1")
    assert (row["status"], row["badge"]) == ("disabled", "no")
    assert page.buttons["enable"].isEnabled() and not page.buttons["role"].isEnabled()
    shot(window, "admin-users")

    dialog = page.open_action("enable")
    run_dialog(qtbot, dialog, "rehired", password="Rehired-2468x")
    wait_done(qtbot, page, dialog)
    assert row_text(page, "op1")["status"] == "active"

    actions = [(a, r) for a, target, _old, _new, r in audit_actions(window)[before:]]
    assert actions == [
        ("user.role-change", "shift lead from May"),
        ("user.unlock", "identity checked at the desk"),
        ("user.password-reset", "forgot password"),
        ("user.badge-issue", "badge issued"),
        ("user.disable", "left the company"),
        ("user.enable", "rehired"),
    ]


def test_configuration_is_shown_read_only(window, page):
    summary = window.bridge.core.station.configuration
    page.tabs.setCurrentIndex(1)
    values = page.configuration_values
    assert values["content_sha256"].text() == summary.content_sha256
    assert values["sign_out"].text().startswith("5 min without a touch")
    assert values["audit_key"].text() == str(window.bridge.core.station.audit_key_path)
    assert page.devices_table.rowCount() == len(window.bridge.plant.devices)
    assert page.devices_table.item(0, 0).text() == window.bridge.plant.devices[0].id
    shot(window, "admin-configuration")


def test_password_change_from_the_header_menu(window, qtbot, page):
    header = window.header
    qtbot.mouseClick(header.user_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(header.user_menu.isVisible, timeout=3000)
    item = header.user_menu.actionGeometry(header.change_password_action)
    qtbot.mouseClick(header.user_menu, Qt.MouseButton.LeftButton, pos=item.center())
    qtbot.waitUntil(lambda: isinstance(header.dialog, PasswordChangeDialog), timeout=3000)
    dialog = header.dialog
    assert dialog.current.isVisibleTo(dialog) and "10 characters" in dialog.rules.text()
    dialog.current.setText("not my password")
    dialog.new.setText("Brand-new-2468")
    dialog.repeat.setText("Brand-new-2468")
    shot(window, "password-change", dialog)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "wrong" in dialog.message.text(), timeout=5000)
    dialog.current.setText(ADMIN_PASSWORD)
    dialog.new.setText("Brand-new-2468")
    dialog.repeat.setText("Brand-new-2468")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert window.bridge.actor is not None  # still signed in
    assert on_core(window, "sign_in", "admin1", "Brand-new-2468").user_id == "admin1"
    last = audit_actions(window)[-1]
    assert last[0] == "user.password-change"
    assert last[4] == "the account holder chose a new password"
