"""Injected equipment faults for the simulated plant.

Each fault changes what the mock publishes the way a real failure would, and always
says so: a stuck or drifting sensor is flagged uncertain by the device's own
diagnostics, an excursion beyond the engineering range is bad, a dropped link turns
every tag bad (comm-loss). Nothing is ever a silently wrong value.
"""

from __future__ import annotations

import enum
import itertools
import random
from dataclasses import dataclass, field

from hardware.tags import Quality, QualityReason, TagValue


class FaultKind(enum.StrEnum):
    DISCONNECT = "disconnect"  # link down for the duration; reconnects by itself
    STUCK = "stuck"  # sensor freezes at its current reading
    DRIFT = "drift"  # reading drifts by `magnitude` units per simulated hour
    NOISE = "noise"  # noise burst of `magnitude` units standard deviation
    OUT_OF_RANGE = "out-of-range"  # reading jumps `magnitude` units beyond its range
    SLOW_COMMAND = "slow-command"  # commands answer after `magnitude` wall seconds
    FAILED_COMMAND = "failed-command"  # commands are refused by the equipment
    MODULE_FAULT = "module-fault"  # the bay's module trips (target: bay path prefix)


# Faults that act on the readings of the tags whose path starts with the target.
SENSOR_FAULTS = {FaultKind.STUCK, FaultKind.DRIFT, FaultKind.NOISE, FaultKind.OUT_OF_RANGE}
_ids = itertools.count(1)


@dataclass(slots=True)
class Fault:
    """One injected fault. ``target`` is a tag path or path prefix ("" = whole device);
    ``duration_s`` is equipment (simulated) time, None until cleared."""

    kind: FaultKind
    target: str = ""
    magnitude: float = 0.0
    duration_s: float | None = None
    started_at: float = 0.0
    fault_id: int = field(default_factory=lambda: next(_ids))
    frozen: dict[str, TagValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = FaultKind(self.kind)
        if self.duration_s is not None and self.duration_s <= 0:
            raise ValueError(f"fault duration must be positive, got {self.duration_s}")

    def applies_to(self, path: str) -> bool:
        return path.startswith(self.target)

    def expired(self, now: float) -> bool:
        return self.duration_s is not None and now - self.started_at >= self.duration_s

    def describe(self) -> str:
        text = f"#{self.fault_id} {self.kind.value}"
        if self.target:
            text += f" on {self.target}"
        if self.magnitude:
            text += f" ({self.magnitude:g})"
        if self.duration_s is not None:
            text += f" for {self.duration_s:g} s"
        return text


def apply_sensor_faults(
    faults: list[Fault],
    path: str,
    value: TagValue,
    now: float,
    high: float | None,
    rng: random.Random,
) -> tuple[TagValue, Quality, QualityReason | None]:
    """The reading and quality a sensor gives under the active faults."""
    quality, reason = Quality.GOOD, None
    for fault in faults:
        if fault.kind not in SENSOR_FAULTS or not fault.applies_to(path):
            continue
        if not isinstance(value, float | int) or isinstance(value, bool):
            continue
        if fault.kind is FaultKind.STUCK:
            value = fault.frozen.setdefault(path, value)
            quality, reason = Quality.UNCERTAIN, QualityReason.SENSOR_FAULT
        elif fault.kind is FaultKind.DRIFT:
            value = value + fault.magnitude * (now - fault.started_at) / 3600.0
            quality, reason = Quality.UNCERTAIN, QualityReason.SENSOR_FAULT
        elif fault.kind is FaultKind.NOISE:
            value = value + rng.gauss(0.0, fault.magnitude or 1.0)
            quality, reason = Quality.UNCERTAIN, QualityReason.NOISY
        elif fault.kind is FaultKind.OUT_OF_RANGE:
            ceiling = high if high is not None else value
            value = ceiling + (fault.magnitude or 1.0)
            return value, Quality.BAD, QualityReason.OUT_OF_RANGE
    return value, quality, reason
