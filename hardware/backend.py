"""The small contract every equipment backend fulfils (mock physics, OPC UA, ...).

A backend moves samples and commands; the device front end (``hardware.device``) owns
validation, latest values, subscriptions and what a lost connection means. Keeping the
backend this thin is what lets a recipe run unchanged on a simulator or a real shuttle.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from hardware.tags import Sample, TagSpec, TagValue


class ConnectionState(enum.StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    LOST = "lost"


@dataclass(frozen=True, slots=True)
class EquipmentEvent:
    """Something the equipment reports that is not a value: a fault, a recovery, a
    command refused. ``time`` is the equipment's (source) clock."""

    time: float
    kind: str
    message: str


SampleListener = Callable[[Sequence[Sample]], None]
ConnectionListener = Callable[[ConnectionState, str], None]
EventListener = Callable[[EquipmentEvent], None]


class DeviceBackend(Protocol):
    """What a device front end needs from its equipment, nothing more."""

    async def connect(self) -> Sequence[TagSpec]:
        """Open the connection and return the device's tags."""
        ...

    async def close(self) -> None: ...

    def set_listeners(
        self, samples: SampleListener, connection: ConnectionListener, events: EventListener
    ) -> None:
        """Register where samples (in batches), connection changes and events go."""
        ...

    async def read(self, path: str) -> Sample: ...

    async def write(self, path: str, value: TagValue) -> None: ...

    async def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        """Run a device command (load cartridge, start module, ...) and return its result."""
        ...
