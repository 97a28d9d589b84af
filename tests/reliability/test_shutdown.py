"""Stopping a station never hangs, also when it is stopped at the very moment a device
it keeps trying to reach answers a reconnection attempt.

Python 3.11's ``asyncio.wait_for`` loses a cancellation that arrives as the awaited
call completes (it returns the call's result instead); a retry loop that only relies
on ``cancel()`` then runs on, and whoever awaits it waits forever. Found while running
the soak, whose crews had the same shape."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.batch import BatchEngine
from app.station import Station
from hardware import NotConnected
from hardware.mock import MockBackend
from hardware.mock.faults import Fault, FaultKind
from tests.reliability.conftest import compact_plant


async def test_stop_during_a_failing_reconnect_does_not_hang(tmp_path: Path, monkeypatch):
    station = Station(
        compact_plant(), tmp_path / "station.sqlite3", audit_key=tmp_path / "audit.key"
    )
    cellq = station.devices["cellq-01"]
    backend = cellq.backend
    assert isinstance(backend, MockBackend)
    backend.inject(Fault(FaultKind.DISCONNECT))  # unreachable at start: retried
    await station.start()
    assert station._retries, "the unreachable device is retried"

    # The next attempt is answered (refused) just as the station stops: it completes in
    # the same loop turn as stop() cancels the retry.
    answer = asyncio.get_running_loop().create_future()

    async def refused_when_answered() -> list:
        await answer
        raise NotConnected("cellq-01 still does not answer")

    monkeypatch.setattr(backend, "connect", refused_when_answered)
    await asyncio.sleep(1.2)  # the first retry (after 1 s) is now waiting for its answer
    close_batches = BatchEngine.close

    async def close_then_answer(engine: BatchEngine) -> None:
        await close_batches(engine)
        answer.set_result(None)  # no await between this and stop() cancelling the retry

    monkeypatch.setattr(BatchEngine, "close", close_then_answer)
    await asyncio.wait_for(station.stop(), timeout=5.0)
    assert all(task.done() for task in station._retries)
