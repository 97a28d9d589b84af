"""The cold-start probe reports once, after the window's first paint, and only when asked."""

import time

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.first_frame import FirstFrameProbe, process_started_at, report_first_frame_if_asked


def _window() -> QWidget:
    window = QWidget()
    QVBoxLayout(window).addWidget(QLabel("painted"))
    window.resize(320, 240)
    return window


# Waiting lets other tests' leftover Qt tasks run; their errors are not this probe's.
@pytest.mark.qt_no_exception_capture
def test_probe_reports_once_after_the_first_paint(qtbot):
    window = _window()
    qtbot.addWidget(window)
    reports: list[float] = []
    before = time.time()
    FirstFrameProbe(window, reports.append)
    assert reports == []  # nothing painted yet
    window.show()
    qtbot.waitUntil(lambda: len(reports) == 1)
    window.update()
    qtbot.wait(50)
    window.repaint()
    assert len(reports) == 1
    assert before <= reports[0] <= time.time()


@pytest.mark.qt_no_exception_capture
def test_probe_ignores_other_windows(qtbot):
    watched, other = _window(), _window()
    qtbot.addWidget(watched)
    qtbot.addWidget(other)
    reports: list[float] = []
    FirstFrameProbe(watched, reports.append)
    other.show()
    qtbot.waitExposed(other)
    qtbot.wait(50)
    assert reports == []


def test_probe_only_when_the_environment_asks(qtbot, monkeypatch):
    window = _window()
    qtbot.addWidget(window)
    monkeypatch.delenv("CELLDECK_FIRST_FRAME", raising=False)
    assert report_first_frame_if_asked(window) is None
    monkeypatch.setenv("CELLDECK_FIRST_FRAME", "1")
    assert isinstance(report_first_frame_if_asked(window), FirstFrameProbe)


def test_process_start_is_in_the_past():
    started = process_started_at()
    if started is not None:  # Linux
        assert 0 < time.time() - started < 24 * 3600
