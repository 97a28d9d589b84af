"""Turning values into operator text: never a bare number for a doubtful value, and
every number, date and time in the screen language's convention (decimal comma in
Dutch; each language's own date order). Screen code formats through these helpers,
never with f-string formats such as ``:.2f`` or ``:g``, which always write '.'."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from hardware import Quality, QualityReason, Sample, TagSpec
from hardware.device import STALE_AFTER_S as DEVICE_STALE_AFTER_S
from ui.i18n import current_language, fill

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
    return QLocale().toString(float(value), "f", decimals)


def format_measured(value: object, unit: str = "", decimals: int = 2) -> str:
    """A value as an alarm or record carries it: numbers with ``decimals`` and the unit
    ("37,52 °C" in Dutch), other values as they are, nothing for none."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{format_number(value, decimals)} {unit}".strip()
    return str(value)


def format_plain(value: float, digits: int = 6) -> str:
    """A number with at most ``digits`` significant digits and no trailing zeros, like
    Python's ``:g`` (37.5, 0.5, 51420) but with the language's decimal sign (37,5)."""
    return QLocale().toString(float(value), "g", digits)


def format_count(number: float) -> str:
    """A count with its digits grouped by thin spaces (3 520 000): read the same in
    every language, where a comma or a point would be a decimal sign in one of them."""
    return f"{number:,.0f}".replace(",", "\u2009")


def format_limit(number: float, decimals: int) -> str:
    """A limit with the decimals it has, at most ``decimals``: 36,0, 6,75, 0,5 in Dutch
    (never 36,00 for a limit set at 36)."""
    text = format_number(number, decimals)
    point = QLocale().decimalPoint()
    if point in text:
        text = text.rstrip("0")
        text = text + "0" if text.endswith(point) else text
    return text


def format_range(low: float | None, high: float | None, unit: str, decimals: int) -> str:
    """A normal range as the analog indicators' captions show it: "36,0-37,8 °C",
    "≥ 6,75 pH", "≤ 0,5 %"."""
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{format_limit(low, decimals)}-{format_limit(high, decimals)}{suffix}"
    if low is not None:
        return f"≥ {format_limit(low, decimals)}{suffix}"
    if high is not None:
        return f"≤ {format_limit(high, decimals)}{suffix}"
    return ""


def format_limits(low: float | None, high: float | None, unit: str = "") -> str:
    """A range as the screen shows limits: "36,5 to 37,5 °C", "≥ 70 %", "≤ 0,5 EU/mL"."""
    unit = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return fill(
            QCoreApplication.translate("ManualStepPanel", "%1 to %2"),
            format_plain(low),
            format_plain(high) + unit,
        )
    if low is not None:
        return f"≥ {format_plain(low)}{unit}"
    if high is not None:
        return f"≤ {format_plain(high)}{unit}"
    return ""


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How a language writes dates (Qt date patterns; the names come from the locale)."""

    date: str  # full date, four-digit year
    day_month: str  # without the year, where the year is plain from the context
    weekday_day: str  # a day tick on a time axis
    month: str  # a month tick


# Dutch and Japanese in their locale's own short form (QLocale's ShortFormat, which
# already has four-digit years for them); English in ISO 8601, CellDeck's English being
# the plant's common language rather than American (the US form 11/23/26 reads as a
# different day in Europe). Times are 24 h with seconds in every language.
DATE_STYLES: dict[str, DateStyle] = {
    "en": DateStyle("yyyy-MM-dd", "MM-dd", "ddd dd", "MMM"),
    "nl": DateStyle("dd-MM-yyyy", "dd-MM", "ddd d", "MMM"),
    "ja": DateStyle("yyyy/MM/dd", "MM/dd", "d日(ddd)", "MMM"),
}


def date_style() -> DateStyle:
    return DATE_STYLES.get(current_language(), DATE_STYLES["en"])


def _qdate(moment: date) -> QDate:
    return QDate(moment.year, moment.month, moment.day)


def format_date(moment: date, pattern: str | None = None) -> str:
    """A date in the screen language (2026-11-23, 23-11-2026, 2026/11/23); ``pattern``
    one of the current DateStyle's."""
    return QLocale().toString(_qdate(moment), pattern or date_style().date)


def format_datetime(moment: datetime, *, year: bool = True, seconds: bool = True) -> str:
    """A date and time as it stands, in the screen language: 2026-11-23 17:34:12,
    23-11-2026 17:34:12, 2026/11/23 17:34:12 (converting zones is the caller's)."""
    style = date_style()
    day = format_date(moment, style.date if year else style.day_month)
    return f"{day} {moment.strftime('%H:%M:%S' if seconds else '%H:%M')}"


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


def format_stored_time(utc: str | None, zone: tzinfo | None = None, *, seconds: bool = True) -> str:
    """A time stored as ISO text (UTC) in the screen language, in ``zone`` if given (the
    site's), else as stored; text that is not a time is shown as it is."""
    if not utc:
        return "—"
    try:
        moment = datetime.fromisoformat(utc)
    except ValueError:
        return utc
    if zone is not None:
        moment = moment.astimezone(zone)
    return format_datetime(moment, seconds=seconds)


def datetime_edit_format() -> str:
    """The display pattern of date-and-time fields, matching the dates shown elsewhere."""
    return f"{date_style().date} HH:mm"
