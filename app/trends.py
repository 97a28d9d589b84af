"""What a trend draws beside a tag's history: its alarm limits, the CPP limits of the
batch phase now running in its bay, and its engineering range.

Built on the station core loop (the alarm and batch engines live there) and handed to
the UI as immutable values.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.alarms.definitions import Condition
from app.alarms.engine import AlarmEngine
from app.batch import BatchEngine
from hardware import TagSpec

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
    label: str  # e.g. "H 37.8 °C (alarm, high priority)"


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
                    f"{word} {definition.limit:g}{unit} (alarm, {definition.priority.value})",
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
                                f"CPP {word} {value:g}{unit} ({batch.batch_id}, {ref.phase.name})",
                            )
                        )
    if spec is not None:
        for word, value in (("range low", spec.low), ("range high", spec.high)):
            if value is not None:
                limits.append(TrendLimit(path, LimitKind.RANGE, value, f"{word} {value:g}{unit}"))
    unique: dict[tuple[LimitKind, float], TrendLimit] = {}
    for limit in limits:
        unique.setdefault((limit.kind, limit.value), limit)
    return list(unique.values())
