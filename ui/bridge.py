"""CoreBridge: the UI's only door to the station core.

Once per frame it takes what changed in the core's LiveState and tells the pages; it
never repaints per update. Commands go to the core loop with ``run_coroutine_threadsafe``
and come back as awaitables for the qasync loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, QTimer, Signal

from app.alarms.engine import AlarmSnapshot
from app.alarms.service import AlarmService
from app.batch.runtime import BatchView
from app.config import PlantConfig
from app.core import CoreThread
from app.live import DeviceStatus
from app.security import Actor
from hardware import Sample, TagSpec
from ui.format import format_datetime

_T = TypeVar("_T")

log = logging.getLogger(__name__)

DEFAULT_FPS = 10


class CoreBridge(QObject):
    """Mirrors the core's latest values on the Qt thread, one batch per frame."""

    # dict[str, Sample] of the paths that changed since the previous frame
    frame = Signal(object)
    # AlarmSnapshot, emitted when the alarm picture changed
    alarms_changed = Signal(object)
    # Actor | None, emitted on sign-in and sign-out
    actor_changed = Signal(object)
    # tuple[BatchView, ...], emitted when the batch engine published a new picture
    batches_changed = Signal(object)

    def __init__(
        self, core: CoreThread, fps: int = DEFAULT_FPS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.core = core
        self.values: dict[str, Sample] = core.station.live.snapshot()
        self.device_statuses: dict[str, DeviceStatus] = core.station.live.device_statuses()
        self.frames = 0
        self.alarms: AlarmSnapshot = core.station.alarm_engine.snapshot()
        try:
            self.zone: tzinfo = ZoneInfo(self.plant.site.timezone)
        except ZoneInfoNotFoundError:
            self.zone = UTC
        self.actor: Actor | None = None
        self.batches: tuple[BatchView, ...] = ()
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, 1000 // fps))
        self._timer.timeout.connect(self.pull)
        self._timer.start()

    @property
    def plant(self) -> PlantConfig:
        return self.core.station.config

    def spec(self, path: str) -> TagSpec | None:
        return self.core.station.spec(path)

    def pull(self) -> None:
        changes = self.core.station.live.take_changes()
        self.device_statuses = self.core.station.live.device_statuses()
        self.values.update(changes)
        self.frames += 1
        self.frame.emit(changes)
        engine = self.core.station.batches
        batches = engine.snapshot() if engine is not None else ()
        if batches is not self.batches:  # the engine publishes a new tuple on change
            self.batches = batches
            self.batches_changed.emit(batches)
        alarms = self.core.station.alarm_engine.snapshot()
        if alarms.version != self.alarms.version:
            self.alarms = alarms
            self.alarms_changed.emit(alarms)

    def local_time(
        self,
        epoch: float | None,
        with_date: bool = False,
        *,
        year: bool = True,
        seconds: bool = True,
    ) -> str:
        """A station timestamp in the site's time zone, its date in the screen language."""
        if epoch is None:
            return "—"
        moment = datetime.fromtimestamp(epoch, self.zone)
        if with_date:
            return format_datetime(moment, year=year, seconds=seconds)
        return moment.strftime("%H:%M:%S" if seconds else "%H:%M")

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self.actor_changed.emit(actor)

    def sign_out(self, reason: str) -> concurrent.futures.Future[None] | None:
        """Sign the person out at once, then put the sign-out on the audit trail with
        ``reason`` ("inactivity", "signed out by the user"); None if nobody was signed in.
        The screen never waits for the record: the returned future is for tests."""
        actor = self.actor
        if actor is None:
            return None
        self.set_actor(None)
        try:
            future: concurrent.futures.Future[None] = self.core.submit(
                self.core.station.call_users("record_sign_out", actor, reason)
            )
        except RuntimeError as exc:  # the core has stopped: the application is closing
            log.error("sign-out of %s not recorded: %s", actor.user_id, exc)
            return None
        future.add_done_callback(_report_sign_out_failure)
        return future

    @property
    def alarm_service(self) -> AlarmService:
        service = self.core.station.alarms
        if service is None:
            raise RuntimeError("the station's alarm service is not running")
        return service

    async def run(self, coro: Coroutine[Any, Any, _T]) -> _T:
        """Run a command on the station core and await its result on the Qt loop."""
        return await asyncio.wrap_future(self.core.submit(coro))

    def stop(self) -> None:
        self._timer.stop()


def _report_sign_out_failure(future: concurrent.futures.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("sign-out not recorded on the audit trail: %s", future.exception())
