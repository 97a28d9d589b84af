"""MockBackend: runs a simulated piece of equipment on a SimClock and publishes samples.

The model (shuttle physics, QC instrument, cleanroom) only knows how to advance in
time, report its measured values, accept writes and run commands. This class turns it
into a backend: a tick loop, sample batches, heartbeat republishing so staleness can be
detected, and a command path with the same errors a real device would give.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import Protocol

from hardware.backend import ConnectionListener, ConnectionState, SampleListener
from hardware.clock import SimClock
from hardware.tags import (
    CommandFailed,
    NotConnected,
    Quality,
    Sample,
    TagNotFound,
    TagSpec,
    TagValue,
)


class SimulatedEquipment(Protocol):
    """A simulation model behind a MockBackend."""

    def specs(self) -> Sequence[TagSpec]: ...

    def advance(self, dt: float, now: float) -> None:
        """Move the simulation ``dt`` simulated seconds forward, ending at ``now``."""
        ...

    def values(self) -> dict[str, TagValue]:
        """The currently measured value of every tag."""
        ...

    def write(self, path: str, value: TagValue) -> None: ...

    def call(self, command: str, args: dict[str, TagValue]) -> TagValue: ...


class MockBackend:
    """A DeviceBackend over a simulation model."""

    def __init__(
        self,
        model: SimulatedEquipment,
        clock: SimClock,
        *,
        tick_s: float = 0.5,
        heartbeat_s: float = 5.0,
    ) -> None:
        self.model = model
        self.clock = clock
        self.tick_s = tick_s
        self.heartbeat_s = heartbeat_s
        self._samples: SampleListener = lambda batch: None
        self._connection: ConnectionListener = lambda state, detail: None
        self._task: asyncio.Task[None] | None = None
        self._connected = False
        self._last_sim = clock.now()
        self._published: dict[str, TagValue] = {}
        self._published_at: dict[str, float] = {}

    def set_listeners(self, samples: SampleListener, connection: ConnectionListener) -> None:
        self._samples = samples
        self._connection = connection

    async def connect(self) -> Sequence[TagSpec]:
        specs = self.model.specs()
        self._connected = True
        self._last_sim = self.clock.now()
        self.publish(force=True)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="mock-tick")
        return specs

    async def close(self) -> None:
        self._connected = False
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.tick_s)
            self.step()

    def step(self) -> None:
        """Advance the model to the clock's now and publish what changed."""
        now = self.clock.now()
        dt = now - self._last_sim
        self._last_sim = now
        if dt > 0:
            self.model.advance(dt, now)
        if self._connected:
            self.publish()

    def publish(self, *, force: bool = False) -> None:
        """Send changed values, and every value at least once per heartbeat."""
        source_time = self.clock.now()
        receive_time = time.time()
        published = self._published
        published_at = self._published_at
        heartbeat_due = receive_time - self.heartbeat_s
        batch: list[Sample] = []
        for path, value in self.model.values().items():
            if (
                force
                or published.get(path, _MISSING) != value
                or published_at.get(path, 0.0) < heartbeat_due
            ):
                published[path] = value
                published_at[path] = receive_time
                batch.append(Sample(path, value, Quality.GOOD, None, source_time, receive_time))
        if batch:
            self._samples(batch)

    def _require_connected(self) -> None:
        if not self._connected:
            raise NotConnected("the simulated device is not connected")

    async def read(self, path: str) -> Sample:
        self._require_connected()
        values = self.model.values()
        if path not in values:
            raise TagNotFound(f"no tag {path}")
        now = time.time()
        return Sample(path, values[path], Quality.GOOD, None, self.clock.now(), now)

    async def write(self, path: str, value: TagValue) -> None:
        self._require_connected()
        self.model.write(path, value)
        self.publish()

    async def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        self._require_connected()
        try:
            result = self.model.call(command, args)
        except (KeyError, TypeError) as exc:
            raise CommandFailed(f"{command} failed: bad arguments {args} ({exc})") from exc
        self.publish()
        return result

    @property
    def connection_state(self) -> ConnectionState:
        return ConnectionState.CONNECTED if self._connected else ConnectionState.DISCONNECTED


_MISSING = object()
