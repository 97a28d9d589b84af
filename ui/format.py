"""Turning samples into operator text: never a bare number for a doubtful value."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale

from hardware import Quality, QualityReason, Sample, TagSpec
from hardware.device import STALE_AFTER_S as DEVICE_STALE_AFTER_S
from ui.i18n import fill

# The device front end marks values stale after this long; the UI applies the same rule
# itself so a stalled station core cannot leave old numbers looking live either.
STALE_AFTER_S = DEVICE_STALE_AFTER_S


@dataclass(frozen=True, slots=True)
class Shown:
    """What to draw for a value: the text and whether it can be trusted."""

    text: str
    good: bool
    flag: str = ""  # short word shown instead of / next to the value when not good


def _reason_text(reason: QualityReason | None) -> str:
    labels = {
        QualityReason.COMM_LOSS: QCoreApplication.translate("Quality", "COMM LOSS"),
        QualityReason.SENSOR_FAULT: QCoreApplication.translate("Quality", "SENSOR FAULT"),
        QualityReason.STALE: QCoreApplication.translate("Quality", "STALE"),
        QualityReason.OUT_OF_RANGE: QCoreApplication.translate("Quality", "OUT OF RANGE"),
        QualityReason.NOT_CONNECTED: QCoreApplication.translate("Quality", "NOT CONNECTED"),
        QualityReason.MODULE_FAULT: QCoreApplication.translate("Quality", "MODULE FAULT"),
        QualityReason.NOISY: QCoreApplication.translate("Quality", "NOISY"),
    }
    if reason is None:
        return QCoreApplication.translate("Quality", "BAD")
    return labels[reason]


def show_value(
    sample: Sample | None,
    spec: TagSpec | None,
    *,
    with_unit: bool = True,
    now: float | None = None,
    decimals: int | None = None,
) -> Shown:
    if sample is None or sample.value is None:
        return Shown("—", True)
    value = sample.value
    if isinstance(value, float | int) and not isinstance(value, bool):
        if decimals is None:
            decimals = spec.decimals if spec is not None else 2
        text = format_number(float(value), decimals)
        if with_unit and spec is not None and spec.unit:
            text += f" {spec.unit}"
    else:
        text = str(value)
    now = time.time() if now is None else now
    if sample.quality is Quality.BAD:
        return Shown(text, False, _reason_text(sample.reason))
    if now - sample.receive_time > STALE_AFTER_S:
        return Shown(text, False, _reason_text(QualityReason.STALE))
    if sample.quality is Quality.UNCERTAIN:
        return Shown(text + "?", False, _reason_text(sample.reason))
    return Shown(text, True)


def format_number(value: float, decimals: int) -> str:
    """A number in the screen language's convention (37.0 in English, 37,0 in Dutch)."""
    return QLocale().toString(value, "f", decimals)


def human_duration(seconds: float) -> str:
    """A duration as people say it: "25 min", "3 h 20 min", "9 d 15 h" (in Japanese
    "3時間20分"), with no-break spaces, so a wrapping label never splits it."""
    minutes = max(0, round(seconds / 60))
    if minutes < 60:
        text = fill(QCoreApplication.translate("Duration", "%1 min"), minutes)
    elif minutes < 48 * 60:
        hours, minutes = divmod(minutes, 60)
        text = (
            fill(QCoreApplication.translate("Duration", "%1 h %2 min"), hours, f"{minutes:02d}")
            if minutes
            else fill(QCoreApplication.translate("Duration", "%1 h"), hours)
        )
    else:
        days, hours = divmod(minutes // 60, 24)
        text = (
            fill(QCoreApplication.translate("Duration", "%1 d %2 h"), days, hours)
            if hours
            else fill(QCoreApplication.translate("Duration", "%1 d"), days)
        )
    return text.replace(" ", "\u00a0")


def flowing_text(text: str) -> str:
    """Text from a recipe file as one paragraph per blank-line-separated block (the file's
    own line breaks are for its editor, not for the screen)."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(block for block in blocks if block)
