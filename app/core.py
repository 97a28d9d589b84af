"""CoreThread: runs a Station on a plain asyncio loop in a worker thread.

Equipment I/O, alarms and batches must never wait for a paint, and plain asyncio runs
callbacks about four times faster than qasync (see docs/ARCHITECTURE.md). The Qt side
sends commands with ``submit()`` and reads values from ``station.live``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from app.station import Station

_T = TypeVar("_T")


class CoreThread:
    """Owns the station core's event loop and thread."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None

    def start(self, timeout: float = 60.0) -> None:
        """Start the loop and the station; re-raises the station's start-up error here."""
        self._thread = threading.Thread(target=self._main, name="station-core", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError(f"station core did not start within {timeout:g} s")
        if self._startup_error is not None:
            self._thread.join(5)
            raise self._startup_error

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self.loop = loop
        try:
            loop.run_until_complete(self.station.start())
        except BaseException as exc:  # reported to start() in the calling thread
            self._startup_error = exc
            self._ready.set()
            loop.run_until_complete(self.station.stop())
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self.station.stop())
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def submit(self, coro: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        """Run ``coro`` on the core loop; await it from Qt with ``asyncio.wrap_future``."""
        if self.loop is None or not self.loop.is_running():
            coro.close()
            raise RuntimeError("the station core is not running")
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def stop(self, timeout: float = 10.0) -> None:
        if self.loop is not None and self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
