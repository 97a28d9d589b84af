"""Automatic sign-out after inactivity (Part 11 11.10(d), Annex 11 12.1).

A kiosk stands where anyone passes: a person who walks away must not leave their session
for the next one to use. An application-wide event filter counts every touch, key, click,
wheel turn and mouse movement as activity; in the last ``WARNING_S`` seconds a countdown
asks the person to touch the screen to stay; after ``timeout_s`` of stillness the person is
signed out and the sign-out is audited with the reason "inactivity".

Time is a monotonic clock (injectable, so tests drive it by hand), never the wall clock:
setting the station's clock must neither sign everyone out nor keep a session alive.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.security import Actor
from ui.bridge import CoreBridge

WARNING_S = 30
INACTIVITY_REASON = "inactivity"
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class InactivitySignOut(QObject):
    """Signs the person out after ``timeout_s`` seconds without input.

    ``countdown`` carries the whole seconds left while the warning should show, and -1 when
    it should not. ``clock`` is public so a test can put a hand-driven clock in."""

    countdown = Signal(int)
    signed_out = Signal(object)  # the Actor signed out for inactivity
    # Whole minutes until the sign-out while someone is signed in (rounded up), -1 when
    # nobody is: the header shows it all the time, not only in the last 30 s.
    minutes_left = Signal(int)

    def __init__(
        self,
        bridge: CoreBridge,
        timeout_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if timeout_s <= WARNING_S:
            raise ValueError(f"the sign-out time must be longer than the {WARNING_S} s warning")
        self.bridge = bridge
        self.timeout_s = timeout_s
        self.clock = clock
        self.last_activity = clock()
        self._warning_shown = False
        self._minutes_shown = -1
        bridge.actor_changed.connect(self._on_actor_changed)
        app = QApplication.instance()
        assert app is not None, "create the QApplication first"
        self._app = app
        app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Runs for every event of the application: keep it to a set lookup.
        if event.type() in _ACTIVITY:
            self.last_activity = self.clock()
            if self._warning_shown:
                self._show(-1)
        return False

    def seconds_left(self) -> float:
        return self.timeout_s - (self.clock() - self.last_activity)

    def check(self) -> None:
        """Once a second (and from tests): warn, or sign out when the time is up."""
        if self.bridge.actor is None:
            self._show(-1)
            self._show_minutes(-1)
            return
        left = self.seconds_left()
        self._show_minutes(max(0, math.ceil(left / 60.0)))
        if left <= 0:
            actor = self.bridge.actor
            self._show(-1)
            self.bridge.sign_out(INACTIVITY_REASON)
            self.signed_out.emit(actor)
        elif left <= WARNING_S:
            self._show(math.ceil(left))
        else:
            self._show(-1)

    def stop(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)

    def _on_actor_changed(self, actor: Actor | None) -> None:
        # Signing in is activity: the new session gets the whole time.
        self.last_activity = self.clock()
        self._minutes_shown = -1  # the header has just shown the new actor afresh
        if actor is None:
            self._show(-1)
        else:
            self._show_minutes(math.ceil(self.timeout_s / 60.0))

    def _show_minutes(self, minutes: int) -> None:
        if minutes != self._minutes_shown:
            self._minutes_shown = minutes
            self.minutes_left.emit(minutes)

    def _show(self, seconds: int) -> None:
        shown = seconds >= 0
        if shown or self._warning_shown:
            self.countdown.emit(seconds)
        self._warning_shown = shown
