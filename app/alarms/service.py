"""AlarmService: the station's alarm engine, journal and timers, on the core loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import sqlite_utils

from app.alarms.engine import AlarmEngine, AlarmSnapshot
from app.alarms.journal import AlarmJournal

log = logging.getLogger(__name__)
_T = TypeVar("_T")

PUBLISH_S = 0.1  # snapshot for the UI and journal flush
TICK_S = 1.0  # delays, shelve expiry, flood windows


class AlarmService:
    def __init__(self, engine: AlarmEngine, db: sqlite_utils.Database) -> None:
        self.engine = engine
        self.journal = AlarmJournal(db)
        engine.on_record(self.journal.record)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        restored = self.engine.restore(self.journal.saved_states())
        if restored:
            log.info("restored %d alarms that were not normal before the restart", restored)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="alarms")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        self.flush()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_tick = loop.time()
        while True:
            await asyncio.sleep(PUBLISH_S)
            if loop.time() >= next_tick:
                next_tick += TICK_S
                self.engine.tick()
            self.engine.publish()
            self.flush()

    def flush(self) -> None:
        try:
            self.journal.flush(self.engine.alarms)
        except Exception:  # keep running; the records stay queued for the next flush
            log.exception("alarm journal write failed; will retry")

    async def execute(self, command: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """Run an operator command on the engine and publish its effect at once."""
        result = command(*args, **kwargs)
        self.engine.publish()
        return result

    def snapshot(self) -> AlarmSnapshot:
        return self.engine.snapshot()
