"""AlarmService: the station's alarm engine, journal and timers, on the core loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import sqlite_utils

from app.alarms.engine import AlarmEngine, AlarmSnapshot
from app.alarms.journal import AlarmJournal
from app.records.audit import AuditTrail
from app.security import Actor

log = logging.getLogger(__name__)
_T = TypeVar("_T")

PUBLISH_S = 0.1  # snapshot for the UI and journal flush
TICK_S = 1.0  # delays, shelve expiry, flood windows


# Operator commands and how each is audited: (engine method, whether it takes a list of
# alarm ids). The engine checks the person's permission; the service audits what happened.
COMMANDS = {
    "acknowledge": True,
    "reset": False,
    "shelve": False,
    "unshelve": False,
    "remove_from_service": False,
    "return_to_service": False,
}


class AlarmService:
    def __init__(
        self,
        engine: AlarmEngine,
        db: sqlite_utils.Database,
        audit: AuditTrail | None = None,
    ) -> None:
        self.engine = engine
        self.audit = audit
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
            self.engine.evaluate_queued()
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
        """Run an engine call and publish its effect at once (no person involved)."""
        result = command(*args, **kwargs)
        self.engine.publish()
        return result

    async def command(
        self, name: str, target: str | list[str], actor: Actor | None, *args: Any
    ) -> Any:
        """A person's command on alarms (acknowledge, shelve, ...): permission checked by
        the engine, then the change is written to the audit trail with its reason."""
        if name not in COMMANDS:
            raise ValueError(f"unknown alarm command {name!r}")
        ids = [target] if isinstance(target, str) else list(target)
        before = {
            alarm_id: self.engine.alarms[alarm_id].state.value
            for alarm_id in ids
            if alarm_id in self.engine.alarms
        }
        method = getattr(self.engine, name)
        result = method(ids if COMMANDS[name] else ids[0], actor, *args)
        self.engine.publish()
        self.flush()
        if self.audit is not None and actor is not None:
            reason = next((a for a in reversed(args) if isinstance(a, str)), "")
            for alarm_id, old in before.items():
                new = self.engine.alarms[alarm_id].state.value
                if new != old:
                    self.audit.record(
                        actor, f"alarm.{name.replace('_', '-')}", alarm_id, old, new, reason
                    )
        return result

    def snapshot(self) -> AlarmSnapshot:
        return self.engine.snapshot()
