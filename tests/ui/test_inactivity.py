"""Automatic sign-out after inactivity: a countdown in the last 30 s, any touch or key
keeps the session, the sign-out is audited. Driven by a hand-moved clock, never sleeps."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtTest import QTest

import app.records.users as users_module
from app.security import Actor, Role
from ui.inactivity import WARNING_S, InactivitySignOut


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**4)


@pytest.fixture
def clock(window) -> FakeClock:
    fake = FakeClock()
    window.inactivity.clock = fake
    window.inactivity.last_activity = fake()
    return fake


def sign_in_admin(window) -> Actor:
    station = window.bridge.core.station
    actor = window.bridge.core.submit(
        station.call_users("create_first_administrator", "admin1", "Ada Admin", "Str0ng-pass-1")
    ).result(5)
    window.bridge.set_actor(actor)
    return actor


def test_the_kiosk_default_is_five_minutes(window):
    assert window.bridge.plant.station.role == "kiosk"
    assert window.inactivity.timeout_s == 300


def test_countdown_then_a_touch_keeps_the_session(window, qtbot, clock):
    monitor, warning = window.inactivity, window.sign_out_warning
    sign_in_admin(window)  # signing in starts the full time
    clock.t += 300 - WARNING_S - 1
    monitor.check()
    assert not warning.isVisible()
    clock.t += 6  # 25 s left
    monitor.check()
    assert warning.isVisible()
    assert warning.text() == "Signing out in 25 s — touch to stay"
    assert warning.height() >= 48
    if folder := os.environ.get("CELLDECK_SHOTS"):  # for people to look at
        for size in ((1920, 1080), (1280, 800)):
            window.resize(QSize(*size))
            monitor.check()  # the once-a-second check places the warning on the new width
            window.grab().save(str(Path(folder) / f"sign-out-warning-{size[0]}.png"))
    clock.t += 0.5
    monitor.check()
    assert warning.text() == "Signing out in 25 s — touch to stay"  # whole seconds, rounded up
    # A touch on the warning itself is activity: the warning goes, the time starts again.
    qtbot.mouseClick(warning, Qt.MouseButton.LeftButton)
    assert not warning.isVisible()
    assert monitor.seconds_left() == 300
    clock.t += 299
    monitor.check()
    assert window.bridge.actor is not None


@pytest.mark.parametrize("kind", ["key", "mouse"])
def test_keys_and_clicks_anywhere_count_as_activity(window, clock, kind):
    monitor = window.inactivity
    sign_in_admin(window)
    clock.t += 200
    if kind == "key":
        QTest.keyClick(window.pages.currentWidget(), Qt.Key.Key_Shift)
    else:
        QTest.mouseClick(window.header, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert monitor.last_activity == clock.t
    clock.t += 299
    monitor.check()
    assert window.bridge.actor is not None


def test_time_up_signs_out_closes_dialogs_and_is_audited(window, qtbot, clock):
    actor = sign_in_admin(window)
    signed_out = []
    window.inactivity.signed_out.connect(signed_out.append)
    window.show_page("admin")
    qtbot.waitUntil(lambda: window.admin.refreshes > 0, timeout=5000)
    window.admin.select("admin1")
    dialog = window.admin.open_action("reset")
    assert dialog is not None and dialog.isVisible()
    dialog.inputs["password"].setText("Half-typed-9")
    clock.t += 300
    # The station's own once-a-second timer does it; nothing here calls check().
    qtbot.waitUntil(lambda: window.bridge.actor is None, timeout=3000)
    assert signed_out == [actor]
    assert window.header.user_label.text() == "Not signed in"
    assert not dialog.isVisible() and dialog.inputs["password"].text() == ""
    assert not window.sign_out_warning.isVisible()
    assert window.admin.views.currentWidget() is window.admin.locked_view
    assert window.admin.model.rowCount() == 0
    station = window.bridge.core.station
    qtbot.waitUntil(lambda: station.audit.entries()[-1].action == "sign-out", timeout=3000)
    entry = station.audit.entries()[-1]
    assert (entry.user_id, entry.target, entry.reason) == ("admin1", "user admin1", "inactivity")


def test_nobody_signed_in_means_no_countdown(window, clock):
    clock.t += 10_000
    window.inactivity.check()
    assert window.bridge.actor is None and not window.sign_out_warning.isVisible()


def test_a_timeout_within_the_warning_is_refused(window):
    with pytest.raises(ValueError, match="longer than the 30 s warning"):
        InactivitySignOut(window.bridge, 30)


def test_sign_out_ends_only_the_signed_in_session(window, clock):
    operator = Actor("op1", "Olga", Role.OPERATOR)
    window.bridge.set_actor(operator)
    clock.t += 301
    window.inactivity.check()
    assert window.bridge.actor is None
    clock.t += 301
    window.inactivity.check()  # nobody left to sign out: nothing more happens
    assert window.bridge.actor is None


def test_the_header_always_shows_who_and_how_long_until_sign_out(window, clock):
    monitor, button = window.inactivity, window.header.user_label
    assert button.text() == "Not signed in"
    sign_in_admin(window)
    assert button.text().startswith("Ada Admin\n") and "sign-out 5 min" in button.text()
    assert window.minimumSizeHint().width() <= 1280  # still fits the kiosk's panel
    clock.t += 125  # 175 s left: 3 minutes, rounded up
    monitor.check()
    assert "sign-out 3 min" in button.text()
    clock.t += 150  # 25 s left
    monitor.check()
    assert "sign-out 1 min" in button.text()
    window.inactivity.last_activity = clock.t  # a touch: the whole time again
    monitor.check()
    assert "sign-out 5 min" in button.text()
    window.bridge.set_actor(None)
    monitor.check()
    assert button.text() == "Not signed in"
