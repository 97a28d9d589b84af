"""Cold-start measurement: when was the window's first frame drawn?

Set ``CELLDECK_FIRST_FRAME=1`` and the window (or ``celldeck screenshot``) prints one line
to stderr once its first frame has been painted and flushed:

    celldeck: first frame 1763894400.123 (2.41 s after process start)

The epoch time lets a script that noted its own start time compute the whole cold start;
the seconds after process start (Linux: from /proc) include the installed executable's
bootloader, Python's start-up and every import.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FIRST_FRAME_ENV = "CELLDECK_FIRST_FRAME"


def process_started_at() -> float | None:
    """Epoch time at which this process started, where the system tells (Linux)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        # Field 22 (starttime, clock ticks after boot) counts from after the ")" of comm.
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    # Age from uptime (10 ms steps), not from btime, which is rounded to whole seconds.
    return time.time() - (uptime - start_ticks / os.sysconf("SC_CLK_TCK"))


class FirstFrameProbe(QObject):
    """Watches the application's events until a widget of ``window`` is painted, then
    calls ``report`` with the epoch time once that frame has been flushed."""

    def __init__(self, window: QWidget, report: Callable[[float], None]) -> None:
        super().__init__(window)
        self._window = window
        self._report = report
        self._painted = False
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._painted = True
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            # The rest of this frame is painted and flushed before a zero timer fires.
            QTimer.singleShot(0, self, lambda: self._report(time.time()))
        return False


def _print_first_frame(at: float) -> None:
    started = process_started_at()
    since = f" ({at - started:.2f} s after process start)" if started else ""
    print(f"celldeck: first frame {at:.3f}{since}", file=sys.stderr, flush=True)


def report_first_frame_if_asked(window: QWidget) -> FirstFrameProbe | None:
    if os.environ.get(FIRST_FRAME_ENV, "") in ("", "0"):
        return None
    return FirstFrameProbe(window, _print_first_frame)
