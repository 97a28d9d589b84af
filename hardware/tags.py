"""Tags and samples: the vocabulary every device and backend speaks.

A tag is one value in the plant, addressed by a path such as
``shuttle-01/bay-03/bioreactor/temperature``. A sample is one reading of a tag: value,
quality (with a reason when not good) and two timestamps, the equipment's (source) and
ours (receive). Nothing downstream ever sees a bare number.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import NamedTuple

TagValue = float | int | str | bool | None


class Quality(enum.IntEnum):
    """OPC UA style quality, ordered so that ``min()`` of several gives the worst."""

    BAD = 0
    UNCERTAIN = 1
    GOOD = 2


class QualityReason(enum.StrEnum):
    """Why a sample is not good. Shown to the operator next to the value."""

    COMM_LOSS = "comm-loss"
    SENSOR_FAULT = "sensor-fault"
    STALE = "stale"
    OUT_OF_RANGE = "out-of-range"
    NOT_CONNECTED = "not-connected"
    MODULE_FAULT = "module-fault"
    NOISY = "noisy"


class TagKind(enum.StrEnum):
    ANALOG = "analog"
    DISCRETE = "discrete"
    TEXT = "text"


class Sample(NamedTuple):
    """One reading of one tag. A NamedTuple: samples are created by the hundred
    thousand per second, and a tuple is several times cheaper than a frozen dataclass."""

    path: str
    value: TagValue
    quality: Quality = Quality.GOOD
    reason: QualityReason | None = None
    source_time: float = 0.0
    receive_time: float = 0.0

    @property
    def is_good(self) -> bool:
        return self.quality is Quality.GOOD

    def degraded(self, quality: Quality, reason: QualityReason, receive_time: float) -> Sample:
        """The same value, marked with a worse quality (e.g. comm-loss): the last value is
        kept for context but never shown as fresh."""
        return Sample(self.path, self.value, quality, reason, self.source_time, receive_time)


@dataclass(frozen=True, slots=True)
class TagSpec:
    """Metadata of a tag: what it is, its unit, its engineering range, writable or not."""

    path: str
    description: str
    unit: str = ""
    kind: TagKind = TagKind.ANALOG
    low: float | None = None
    high: float | None = None
    writable: bool = False
    decimals: int = 1
    choices: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def describe_range(self) -> str:
        """The engineering range as an operator reads it: "30.0-40.0 °C", ">= 0.0 %"."""
        d, unit = self.decimals, self.unit
        if self.low is not None and self.high is not None:
            return f"{self.low:.{d}f}-{self.high:.{d}f} {unit}".rstrip()
        if self.low is not None:
            return f">= {self.low:.{d}f} {unit}".rstrip()
        if self.high is not None:
            return f"<= {self.high:.{d}f} {unit}".rstrip()
        return "any value"

    def check_write(self, value: TagValue) -> TagValue:
        """Validate a value before it goes to equipment; raise with a sentence an operator
        can act on. Returns the value coerced to the tag's type."""
        if not self.writable:
            raise ReadOnlyTag(f"{self.path} is read-only ({self.description})")
        if self.kind is TagKind.ANALOG:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidValue(f"{self.path} needs a number, got {value!r}")
            try:
                number = float(value)
            except OverflowError:  # an integer no float can hold
                number = math.inf
            if not math.isfinite(number):
                raise InvalidValue(f"{self.path} needs a finite number, got {number:g}")
            if (self.low is not None and number < self.low) or (
                self.high is not None and number > self.high
            ):
                raise SetpointOutOfRange(
                    f"{self.path} {number:.{self.decimals}f} {self.unit} is outside "
                    f"{self.describe_range()}"
                )
            return number
        if self.kind is TagKind.DISCRETE:
            if not isinstance(value, bool):
                raise InvalidValue(f"{self.path} needs true or false, got {value!r}")
            return value
        if not isinstance(value, str):
            raise InvalidValue(f"{self.path} needs text, got {value!r}")
        if self.choices and value not in self.choices:
            raise InvalidValue(f"{self.path} must be one of {', '.join(self.choices)}")
        return value


class HardwareError(Exception):
    """Base of every equipment error; the message is meant for the operator."""


class TagNotFound(HardwareError):
    pass


class ReadOnlyTag(HardwareError):
    pass


class InvalidValue(HardwareError):
    pass


class SetpointOutOfRange(InvalidValue):
    pass


class NotConnected(HardwareError):
    pass


class CommandFailed(HardwareError):
    pass


class CommandTimeout(HardwareError):
    pass
