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

from hardware.backend import ConnectionState, DeviceBackend
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

    def __init__(self, device_id: str, backend: DeviceBackend, *, timeout: float = 5.0) -> None:
        self.device_id = device_id
        self.backend = backend
        self.timeout = timeout
        self.specs: dict[str, TagSpec] = {}
        self.latest: dict[str, Sample] = {}
        self.connection = ConnectionState.DISCONNECTED
        self.connection_detail = "not connected yet"
        self._subscriptions: list[Subscription] = []
        self._connection_callbacks: list[ConnectionCallback] = []
        backend.set_listeners(self._on_samples, self._on_connection)

    # -- connection -------------------------------------------------------------------

    async def connect(self) -> None:
        self._on_connection(ConnectionState.CONNECTING, "connecting")
        specs = await self.backend.connect()
        self.specs = {spec.path: spec for spec in specs}
        if self.connection is ConnectionState.CONNECTING:
            self._on_connection(ConnectionState.CONNECTED, "connected")

    async def close(self) -> None:
        await self.backend.close()
        self._on_connection(ConnectionState.DISCONNECTED, "closed")

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
        for sample in samples:
            latest[sample.path] = sample
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
