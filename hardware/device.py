"""Device front end: validation, latest values, subscriptions, connection supervision.

Shared by every backend so that mock and OPC UA equipment behave identically to the
application: a write outside a tag's range is refused here, before it reaches a
backend; a lost connection turns every tag of the device bad here, whatever the cause.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from hardware.backend import ConnectionState, DeviceBackend, EquipmentEvent
from hardware.tags import (
    CommandTimeout,
    NotConnected,
    Quality,
    QualityReason,
    Sample,
    TagNotFound,
    TagSpec,
    TagValue,
)

log = logging.getLogger(__name__)
_T = TypeVar("_T")

BatchCallback = Callable[[Sequence[Sample]], None]
ConnectionCallback = Callable[["Device", ConnectionState, str], None]
EventCallback = Callable[["Device", EquipmentEvent], None]

# A value not refreshed for this long (wall seconds) is marked stale. Backends refresh
# every value at least every 5 s, so three missed heartbeats mean something is wrong.
STALE_AFTER_S = 15.0


class Subscription:
    """A registered interest in a device's updates; ``cancel()`` ends it."""

    def __init__(self, device: Device, prefix: str, callback: BatchCallback) -> None:
        self.device = device
        self.prefix = prefix
        self.callback = callback
        self.active = True

    def cancel(self) -> None:
        if self.active:
            self.active = False
            self.device._subscriptions.remove(self)


class UpdateStream:
    """Updates of one device as an async iterator, cancellable, bounded in memory.

    A slow consumer loses the oldest updates first (the latest value always wins),
    rather than growing memory without bound."""

    def __init__(self, device: Device, prefix: str, maxsize: int) -> None:
        self._queue: asyncio.Queue[Sample] = asyncio.Queue(maxsize)
        self.dropped = 0
        self._subscription = device.subscribe(self._enqueue, prefix)

    def _enqueue(self, batch: Sequence[Sample]) -> None:
        queue = self._queue
        for sample in batch:
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
                    self.dropped += 1
            queue.put_nowait(sample)

    def __aiter__(self) -> UpdateStream:
        return self

    async def __anext__(self) -> Sample:
        if not self._subscription.active and self._queue.empty():
            raise StopAsyncIteration
        return await self._queue.get()

    def cancel(self) -> None:
        self._subscription.cancel()

    async def __aenter__(self) -> UpdateStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.cancel()


class Device:
    """A piece of equipment as the application sees it, whatever backend drives it."""

    kind = "device"

    def __init__(
        self,
        device_id: str,
        backend: DeviceBackend,
        *,
        timeout: float = 5.0,
        stale_after_s: float = STALE_AFTER_S,
    ) -> None:
        self.device_id = device_id
        self.backend = backend
        self.timeout = timeout
        self.stale_after_s = stale_after_s
        self.specs: dict[str, TagSpec] = {}
        self._analog_limits: dict[str, tuple[float, float]] = {}
        self.latest: dict[str, Sample] = {}
        self.connection = ConnectionState.DISCONNECTED
        self.connection_detail = "not connected yet"
        self._subscriptions: list[Subscription] = []
        self._connection_callbacks: list[ConnectionCallback] = []
        self._event_callbacks: list[EventCallback] = []
        self._watchdog: asyncio.Task[None] | None = None
        backend.set_listeners(self._on_samples, self._on_connection, self._on_event)

    # -- connection -------------------------------------------------------------------

    async def connect(self) -> None:
        self._on_connection(ConnectionState.CONNECTING, "connecting")
        try:
            specs = await asyncio.wait_for(self.backend.connect(), self.timeout)
        except TimeoutError:
            detail = f"no answer within {self.timeout:g} s"
            self._on_connection(ConnectionState.LOST, detail)
            raise NotConnected(f"{self.device_id}: {detail}") from None
        except Exception as exc:
            self._on_connection(ConnectionState.LOST, str(exc) or type(exc).__name__)
            raise
        self.specs = {spec.path: spec for spec in specs}
        self._analog_limits = {
            spec.path: (spec.low, spec.high)
            for spec in specs
            if spec.low is not None and spec.high is not None
        }
        if self.connection is ConnectionState.CONNECTING:
            self._on_connection(ConnectionState.CONNECTED, "connected")
        if self._watchdog is None:
            self._watchdog = asyncio.get_running_loop().create_task(
                self._watch_staleness(), name=f"{self.device_id}-stale-watch"
            )

    async def close(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
            self._watchdog = None
        await self.backend.close()
        self._on_connection(ConnectionState.DISCONNECTED, "closed")

    async def _watch_staleness(self) -> None:
        """Mark values that stopped arriving as stale: a frozen link or a hung backend
        must never leave old numbers looking live."""
        interval = min(1.0, self.stale_after_s / 3)
        while True:
            await asyncio.sleep(interval)
            self.mark_stale(time.time())

    def mark_stale(self, now: float) -> int:
        cutoff = now - self.stale_after_s
        stale = [
            sample.degraded(Quality.UNCERTAIN, QualityReason.STALE, sample.receive_time)
            for sample in self.latest.values()
            if sample.receive_time < cutoff
            and sample.quality is not Quality.BAD
            and sample.reason is not QualityReason.STALE
        ]
        if stale:
            self._on_samples(stale)
        return len(stale)

    def on_event(self, callback: EventCallback) -> None:
        self._event_callbacks.append(callback)

    def _on_event(self, event: EquipmentEvent) -> None:
        log.info("%s: %s: %s", self.device_id, event.kind, event.message)
        for callback in self._event_callbacks:
            callback(self, event)

    def on_connection_change(self, callback: ConnectionCallback) -> None:
        self._connection_callbacks.append(callback)

    def _on_connection(self, state: ConnectionState, detail: str) -> None:
        self.connection = state
        self.connection_detail = detail
        if state in (ConnectionState.LOST, ConnectionState.DISCONNECTED) and self.latest:
            # Keep the last value for context, but never let it pass for a live one.
            now = time.time()
            degraded = [
                sample.degraded(Quality.BAD, QualityReason.COMM_LOSS, now)
                for sample in self.latest.values()
            ]
            self._on_samples(degraded)
        for callback in self._connection_callbacks:
            callback(self, state, detail)

    # -- values -----------------------------------------------------------------------

    def _on_samples(self, samples: Sequence[Sample]) -> None:
        latest = self.latest
        limits = self._analog_limits
        checked: list[Sample] | None = None
        for index, sample in enumerate(samples):
            limit = limits.get(sample.path)
            if limit is not None and sample.quality is not Quality.BAD:
                value = sample.value
                if isinstance(value, float | int) and not limit[0] <= value <= limit[1]:
                    # Beyond the instrument's range the number means nothing.
                    if checked is None:
                        checked = list(samples)
                    sample = sample.degraded(
                        Quality.BAD, QualityReason.OUT_OF_RANGE, sample.receive_time
                    )
                    checked[index] = sample
            latest[sample.path] = sample
        if checked is not None:
            samples = checked
        for subscription in tuple(self._subscriptions):
            if not subscription.prefix:
                subscription.callback(samples)
                continue
            matching = [s for s in samples if s.path.startswith(subscription.prefix)]
            if matching:
                subscription.callback(matching)

    def subscribe(self, callback: BatchCallback, prefix: str = "") -> Subscription:
        """Call ``callback`` with each batch of updates whose path starts with ``prefix``."""
        subscription = Subscription(self, prefix, callback)
        self._subscriptions.append(subscription)
        return subscription

    def updates(self, prefix: str = "", maxsize: int = 10_000) -> UpdateStream:
        """A stream of updates to iterate with ``async for``; use it as
        ``async with device.updates(prefix) as stream:`` so leaving the block cancels it."""
        return UpdateStream(self, prefix, maxsize)

    def spec(self, path: str) -> TagSpec:
        try:
            return self.specs[path]
        except KeyError:
            raise TagNotFound(f"{self.device_id} has no tag {path}") from None

    def value(self, path: str) -> TagValue:
        sample = self.latest.get(path)
        return None if sample is None else sample.value

    async def read(self, path: str) -> Sample:
        self.spec(path)
        self._require_connected()
        return await self._with_timeout(self.backend.read(path), f"read {path}")

    async def write(self, path: str, value: TagValue) -> None:
        """Write a setpoint; a value outside the tag's range or a read-only tag is refused
        before anything reaches the equipment."""
        checked = self.spec(path).check_write(value)
        self._require_connected()
        await self._with_timeout(self.backend.write(path, checked), f"write {path}")

    async def command(self, command: str, **args: TagValue) -> TagValue:
        self._require_connected()
        return await self._with_timeout(self.backend.call(command, args), command)

    def _require_connected(self) -> None:
        if self.connection is not ConnectionState.CONNECTED:
            raise NotConnected(
                f"{self.device_id} is {self.connection.value} ({self.connection_detail})"
            )

    async def _with_timeout(self, awaitable: Awaitable[_T], what: str) -> _T:
        try:
            return await asyncio.wait_for(awaitable, self.timeout)
        except TimeoutError:
            raise CommandTimeout(
                f"{self.device_id}: {what} got no answer within {self.timeout:g} s"
            ) from None
