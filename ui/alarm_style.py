"""How alarm priority and state look and sound: colour, shape, number and words together.

ISA-101: colour is reserved for alarms and never the only cue, so each priority has its
own shape and number as well; ISA-18.2: blinking means unacknowledged.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.alarms.definitions import Priority
from app.alarms.states import AlarmState
from ui import theme

PRIORITY_COLOR: dict[Priority, QColor] = {
    Priority.CRITICAL: theme.ALARM_CRITICAL,
    Priority.HIGH: theme.ALARM_HIGH,
    Priority.MEDIUM: theme.ALARM_MEDIUM,
    Priority.LOW: theme.ALARM_LOW,
}
PRIORITY_SHAPE: dict[Priority, str] = {
    Priority.CRITICAL: "◆",
    Priority.HIGH: "▲",
    Priority.MEDIUM: "■",
    Priority.LOW: "●",
}
# Text colour that stays readable on each priority colour.
PRIORITY_TEXT: dict[Priority, QColor] = {
    Priority.CRITICAL: QColor("#ffffff"),
    Priority.HIGH: QColor("#ffffff"),
    Priority.MEDIUM: QColor("#141414"),
    Priority.LOW: QColor("#141414"),
}


def priority_label(priority: Priority) -> str:
    return {
        Priority.CRITICAL: QCoreApplication.translate("Alarm", "Critical"),
        Priority.HIGH: QCoreApplication.translate("Alarm", "High"),
        Priority.MEDIUM: QCoreApplication.translate("Alarm", "Medium"),
        Priority.LOW: QCoreApplication.translate("Alarm", "Low"),
    }[priority]


def priority_badge(priority: Priority) -> str:
    """Shape and number, e.g. "▲2": readable without colour."""
    return f"{PRIORITY_SHAPE[priority]}{priority.rank}"


def state_label(state: AlarmState) -> str:
    """An ISA-18.2 state in the words the banner, the table and the detail all use: is
    the condition active or returned, is it acknowledged, does a latch wait for a reset."""
    return {
        AlarmState.NORM: QCoreApplication.translate("Alarm", "Normal"),
        AlarmState.UNACK: QCoreApplication.translate("Alarm", "Active, unack"),
        AlarmState.ACKED: QCoreApplication.translate("Alarm", "Active, acked"),
        AlarmState.RTNUN: QCoreApplication.translate("Alarm", "Returned, unack"),
        AlarmState.LATCH_UNACK: QCoreApplication.translate("Alarm", "Returned, latched, unack"),
        AlarmState.LATCH_ACK: QCoreApplication.translate("Alarm", "Latched: reset needed"),
        AlarmState.SHLVD: QCoreApplication.translate("Alarm", "Shelved"),
        AlarmState.DSUPR: QCoreApplication.translate("Alarm", "Suppressed by design"),
        AlarmState.OOSRV: QCoreApplication.translate("Alarm", "Out of service"),
    }[state]


def sound_path(priority: Priority) -> Path:
    return Path(str(resources.files("resources.sounds").joinpath(f"alarm-{priority.value}.wav")))
