"""Trends beside the history itself: the limits a trend draws (alarm limits, the CPP
limits of the batch phase now running in the bay, the engineering range) and the CSV of
what a trend shows.

Limits are built on the station core loop (the alarm and batch engines live there) and
handed to the UI as immutable values.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from app.alarms.definitions import Condition
from app.alarms.engine import AlarmEngine
from app.batch import BatchEngine
from app.records.historian import TrendSeries
from hardware import Quality, TagSpec

_ALARM_WORDS = {
    Condition.HIGH_HIGH: "HH",
    Condition.HIGH: "H",
    Condition.LOW: "L",
    Condition.LOW_LOW: "LL",
}


class LimitKind(enum.StrEnum):
    ALARM = "alarm"
    CPP = "cpp"
    RANGE = "range"  # the tag's engineering range


@dataclass(frozen=True, slots=True)
class TrendLimit:
    """One horizontal line on a trend."""

    path: str
    kind: LimitKind
    value: float
    label: str  # short, in English (the export's): "H 37.8 °C", "CPP low 36.5 °C"
    detail: str = ""  # what it comes from: "alarm, medium priority", "batch B-1, Activation"
    # Which limit: the alarm's ISA code (HH, H, L, LL), else "low" or "high"; the screen
    # draws its own label from it in the screen language.
    side: str = ""


def trend_limits(
    path: str,
    spec: TagSpec | None,
    alarms: AlarmEngine | None,
    batches: BatchEngine | None,
) -> list[TrendLimit]:
    """Every limit known for ``path``, alarm limits first; no duplicates."""
    unit = f" {spec.unit}" if spec is not None and spec.unit else ""
    limits: list[TrendLimit] = []
    if alarms is not None:
        for alarm in alarms.alarms.values():
            definition = alarm.bound.definition
            word = _ALARM_WORDS.get(definition.condition)
            if alarm.bound.tag != path or word is None or definition.limit is None:
                continue
            limits.append(
                TrendLimit(
                    path,
                    LimitKind.ALARM,
                    definition.limit,
                    f"{word} {definition.limit:g}{unit}",
                    f"alarm, {definition.priority.value} priority",
                    word,
                )
            )
    if batches is not None:
        for batch in batches.batches.values():
            ref = batch.current
            if ref is None or batch.bay is None:
                continue
            for cpp in ref.phase.cpps:
                if batch.cpp_path(cpp) != path:
                    continue
                for word, value in zip(("low", "high"), cpp.limits, strict=True):
                    if value is not None:
                        limits.append(
                            TrendLimit(
                                path,
                                LimitKind.CPP,
                                value,
                                f"CPP {word} {value:g}{unit}",
                                f"batch {batch.batch_id}, {ref.phase.name}",
                                word,
                            )
                        )
    if spec is not None:
        for side, value in (("low", spec.low), ("high", spec.high)):
            if value is not None:
                limits.append(
                    TrendLimit(
                        path,
                        LimitKind.RANGE,
                        value,
                        f"range {side} {value:g}{unit}",
                        "engineering range",
                        side,
                    )
                )
    unique: dict[tuple[LimitKind, float], TrendLimit] = {}
    for limit in limits:
        unique.setdefault((limit.kind, limit.value), limit)
    return list(unique.values())


_QUALITY_WORDS = {int(Quality.GOOD): "good", int(Quality.UNCERTAIN): "uncertain", 0: "bad"}
CSV_COLUMNS = (
    "local_time",
    "utc",
    "tag",
    "unit",
    "min",
    "max",
    "samples",
    "quality",
    "bucket_s",
    "resolution",
)


def trend_csv(pens: Sequence[tuple[TrendSeries, str]], zone: tzinfo) -> str:
    """The shown trend as CSV: one row per pen and time bucket holding data, with the
    bucket's start in the site's zone and in UTC, min and max, how many samples, and the
    worst quality in it ("gap" where the bucket holds only the end of a line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for series, unit in pens:
        for index in range(len(series.t)):
            rows = int(series.rows[index])
            if rows == 0:
                continue
            moment = datetime.fromtimestamp(float(series.t[index]), UTC)
            has_value = int(series.values[index]) > 0
            writer.writerow(
                (
                    moment.astimezone(zone).isoformat(timespec="seconds"),
                    moment.isoformat(timespec="milliseconds"),
                    series.path,
                    unit,
                    repr(float(series.vmin[index])) if has_value else "",
                    repr(float(series.vmax[index])) if has_value else "",
                    rows,
                    _QUALITY_WORDS.get(int(series.worst_quality[index]), "bad")
                    if has_value
                    else "gap",
                    f"{series.bucket_s:g}",
                    series.resolution,
                )
            )
    return out.getvalue()
