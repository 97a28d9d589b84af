"""MockBackend: runs a simulated piece of equipment on a SimClock and publishes samples.

The model (shuttle physics, QC instrument, cleanroom) only knows how to advance in
time, report its measured values, accept writes and run commands. This class turns it
into a backend: a tick loop, sample batches, heartbeat republishing so staleness can be
detected, injected faults, and a command path with the same errors a real device gives.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import zlib
from collections.abc import Sequence
from typing import Protocol

from hardware.backend import (
    ConnectionListener,
    ConnectionState,
    EquipmentEvent,
    EventListener,
    SampleListener,
)
from hardware.clock import SimClock
from hardware.mock.faults import SENSOR_FAULTS, Fault, FaultKind, apply_sensor_faults
from hardware.tags import (
    CommandFailed,
    HardwareError,
    NotConnected,
    Quality,
    Sample,
    TagNotFound,
    TagSpec,
    TagValue,
)

MIN_ADVANCE_S = 0.5


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
    """A DeviceBackend over a simulation model, with fault injection."""

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
        self.faults: list[Fault] = []
        self._samples: SampleListener = lambda batch: None
        self._connection: ConnectionListener = lambda state, detail: None
        self._events: EventListener = lambda event: None
        self._task: asyncio.Task[None] | None = None
        self._open = False  # the client side asked to be connected
        self._last_sim = clock.now()
        self._published: dict[str, TagValue] = {}
        self._published_at: dict[str, float] = {}
        specs = model.specs()
        self._highs = {spec.path: spec.high for spec in specs}
        # Where in the tick this device samples: real equipment is not synchronised, and
        # a full site's 58 mock devices ticking in the same instant made one burst of
        # 16,000 values (one slow frame) instead of a steady stream. Fixed per device.
        device = specs[0].path.partition("/")[0] if specs else ""
        self.tick_phase = zlib.crc32(device.encode()) / 2**32
        # The model's own random source keeps a seeded run reproducible.
        self._rng: random.Random = getattr(model, "rng", None) or random.Random(0)

    def set_listeners(
        self, samples: SampleListener, connection: ConnectionListener, events: EventListener
    ) -> None:
        self._samples = samples
        self._connection = connection
        self._events = events

    # -- connection -------------------------------------------------------------------

    @property
    def link_up(self) -> bool:
        return self._open and not any(f.kind is FaultKind.DISCONNECT for f in self.faults)

    async def connect(self) -> Sequence[TagSpec]:
        if any(f.kind is FaultKind.DISCONNECT for f in self.faults):
            raise NotConnected("the simulated device does not answer (injected disconnect)")
        specs = self.model.specs()
        self._open = True
        self._last_sim = self.clock.now()
        self.publish(force=True)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="mock-tick")
        return specs

    async def close(self) -> None:
        self._open = False
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        await asyncio.sleep(self.tick_s * self.tick_phase)
        while True:
            self.step()
            await asyncio.sleep(self.tick_s)

    def step(self) -> None:
        """Advance the model to the clock's now, end expired faults, publish changes."""
        now = self.clock.now()
        dt = now - self._last_sim
        # Physics moves in steps of at least MIN_ADVANCE_S of equipment time; sensors are
        # read (with their noise) every tick regardless, as a real device samples faster
        # than its process changes.
        if dt >= MIN_ADVANCE_S:
            self._last_sim = now
            self.model.advance(dt, now)
        for fault in [f for f in self.faults if f.expired(now)]:
            self._end_fault(fault, "expired")
        if self.link_up:
            self.publish()

    # -- values -----------------------------------------------------------------------

    def publish(self, *, force: bool = False) -> None:
        """Send changed values, and every value at least once per heartbeat."""
        source_time = self.clock.now()
        receive_time = time.time()
        published = self._published
        published_at = self._published_at
        heartbeat_due = receive_time - self.heartbeat_s
        sensor_faults = [f for f in self.faults if f.kind in SENSOR_FAULTS]
        batch: list[Sample] = []
        append = batch.append
        good = Quality.GOOD
        for path, value in self.model.values().items():
            if sensor_faults:
                value, quality, reason = apply_sensor_faults(
                    sensor_faults, path, value, source_time, self._highs.get(path), self._rng
                )
            else:
                quality, reason = good, None
            if (
                force
                or quality is not good
                or published.get(path, _MISSING) != value
                or published_at[path] < heartbeat_due
            ):
                published[path] = value
                published_at[path] = receive_time
                append(Sample(path, value, quality, reason, source_time, receive_time))
        if batch:
            self._samples(batch)

    def _require_link(self) -> None:
        if not self._open:
            raise NotConnected("the simulated device is not connected")
        if not self.link_up:
            raise NotConnected("the simulated device does not answer (injected disconnect)")

    async def read(self, path: str) -> Sample:
        self._require_link()
        values = self.model.values()
        if path not in values:
            raise TagNotFound(f"no tag {path}")
        return Sample(path, values[path], Quality.GOOD, None, self.clock.now(), time.time())

    async def write(self, path: str, value: TagValue) -> None:
        await self._command_gate(f"write {path}")
        self.model.write(path, value)
        self.publish()

    async def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        await self._command_gate(command)
        try:
            result = self.model.call(command, args)
        except HardwareError:
            raise
        except (KeyError, TypeError) as exc:
            raise CommandFailed(f"{command} failed: bad arguments {args} ({exc})") from exc
        self.publish()
        return result

    async def _command_gate(self, what: str) -> None:
        self._require_link()
        for fault in self.faults:
            if fault.kind is FaultKind.SLOW_COMMAND:
                await asyncio.sleep(fault.magnitude or 10.0)
            elif fault.kind is FaultKind.FAILED_COMMAND:
                self._event("command-refused", f"{what} refused (injected failure)")
                raise CommandFailed(f"{what}: the equipment refused the command")
        self._require_link()

    # -- faults -----------------------------------------------------------------------

    def inject(self, fault: Fault) -> Fault:
        """Start a fault now; it ends after its duration or when cleared."""
        fault.started_at = self.clock.now()
        if fault.kind is FaultKind.MODULE_FAULT:
            trip = getattr(self.model, "trip_module", None)
            if trip is None:
                raise CommandFailed("this equipment has no modules to fault")
            trip(fault.target)
        self.faults.append(fault)
        self._event("fault-injected", fault.describe())
        if fault.kind is FaultKind.DISCONNECT and self._open:
            self._connection(ConnectionState.LOST, "no answer from equipment (injected)")
        elif self.link_up:
            self.publish()
        return fault

    def clear(self, fault_id: int | None = None) -> int:
        """End one fault (by id) or all; returns how many ended."""
        ending = [f for f in self.faults if fault_id is None or f.fault_id == fault_id]
        for fault in ending:
            self._end_fault(fault, "cleared")
        return len(ending)

    def _end_fault(self, fault: Fault, why: str) -> None:
        if fault not in self.faults:
            return
        self.faults.remove(fault)
        self._event("fault-ended", f"{fault.describe()} {why}")
        if fault.kind is FaultKind.DISCONNECT and self.link_up:
            self._connection(ConnectionState.CONNECTED, "connection restored")
            self.publish(force=True)
        elif self.link_up:
            self.publish(force=True)

    def _event(self, kind: str, message: str) -> None:
        self._events(EquipmentEvent(self.clock.now(), kind, message))


_MISSING = object()
