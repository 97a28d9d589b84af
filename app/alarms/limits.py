"""The normal range of a tag, read from the alarm definitions that watch it.

An ISA-101 analog indicator shows a value against its normal range. The alarm limits
are that range: drawing it from the same definitions the engine evaluates means the
screen and the annunciator can never disagree about what is abnormal. Alarms
suppressed by design in the bay's current state or module (a freezing cartridge far
below culture temperature) do not define a normal range there either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.alarms.definitions import AlarmDefinition, BoundAlarm, Condition


@dataclass(frozen=True, slots=True)
class TagLimits:
    """Alarm limits of one tag in one context; None where no alarm watches that side."""

    low_low: float | None = None
    low: float | None = None
    high: float | None = None
    high_high: float | None = None
    deviation: float | None = None  # allowed |value - setpoint|
    setpoint_tag: str | None = None

    @property
    def empty(self) -> bool:
        return (
            self.low_low is None
            and self.low is None
            and self.high is None
            and (self.high_high is None and self.deviation is None)
        )

    def normal_band(self, setpoint: float | None = None) -> tuple[float | None, float | None]:
        """Where the value is normal: inside every limit that applies (the deviation band
        around the setpoint, when the setpoint is known)."""
        lows = [v for v in (self.low_low, self.low) if v is not None]
        highs = [v for v in (self.high, self.high_high) if v is not None]
        if self.deviation is not None and setpoint is not None:
            lows.append(setpoint - self.deviation)
            highs.append(setpoint + self.deviation)
        return (max(lows) if lows else None, min(highs) if highs else None)


NO_LIMITS = TagLimits()

_FIELD = {
    Condition.LOW_LOW: "low_low",
    Condition.LOW: "low",
    Condition.HIGH: "high",
    Condition.HIGH_HIGH: "high_high",
    Condition.DEVIATION: "deviation",
}


class LimitTable:
    """Alarm limits per tag path, from the station's bound alarms (read-only, safe to
    use from any thread: bound alarms never change while the station runs)."""

    def __init__(self, alarms: Iterable[BoundAlarm]) -> None:
        self._by_tag: dict[str, list[BoundAlarm]] = {}
        for bound in alarms:
            if bound.tag and bound.definition.condition in _FIELD:
                self._by_tag.setdefault(bound.tag, []).append(bound)
        self._cache: dict[tuple[str, str, str], TagLimits] = {}

    def for_tag(self, path: str, *, state: str = "", module: str = "") -> TagLimits:
        """The limits that apply to ``path`` while its bay is in ``state`` running
        ``module`` (both empty for tags outside a bay)."""
        key = (path, state, module)
        found = self._cache.get(key)
        if found is None:
            found = self._build(self._by_tag.get(path, ()), state, module)
            self._cache[key] = found
        return found

    @staticmethod
    def _build(alarms: Iterable[BoundAlarm], state: str, module: str) -> TagLimits:
        limits: dict[str, float] = {}
        setpoint_tag: str | None = None
        for bound in alarms:
            definition = bound.definition
            if _suppressed(definition, state, module) or definition.limit is None:
                continue
            field = _FIELD[definition.condition]
            limit = definition.limit
            current = limits.get(field)
            # Two alarms on one side: the nearer limit is where "abnormal" starts.
            if current is None:
                limits[field] = limit
            elif field in ("low", "low_low"):
                limits[field] = max(current, limit)
            else:
                limits[field] = min(current, limit)
            if definition.condition is Condition.DEVIATION:
                setpoint_tag = bound.setpoint_tag
        if not limits:
            return NO_LIMITS
        return TagLimits(
            low_low=limits.get("low_low"),
            low=limits.get("low"),
            high=limits.get("high"),
            high_high=limits.get("high_high"),
            deviation=limits.get("deviation"),
            setpoint_tag=setpoint_tag,
        )


def _suppressed(definition: AlarmDefinition, state: str, module: str) -> bool:
    return (bool(state) and state in definition.suppress_when_state) or (
        bool(module) and module in definition.suppress_when_module
    )
