"""Station: the composition root that wires one CellDeck station together.

Everything a kiosk or a supervisor's desk needs is built here from configuration:
clock, devices, live state, database. No module-level singletons, so a test can run a
kiosk and a supervisor station side by side.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs
import sqlite_utils

from app.alarms.definitions import Priority, load_alarms
from app.alarms.engine import AlarmEngine
from app.alarms.limits import LimitTable
from app.alarms.service import AlarmService
from app.batch import BatchEngine, Recipe
from app.batch.library import (
    RecipeLibrary,
    build_library,
    entry_to_release,
    identity_of,
    read_recipe_files,
)
from app.batch.runtime import BatchDetail, Deviation
from app.config import PlantConfig
from app.config_audit import ConfigurationSummary, record_configuration, summarise
from app.live import DeviceStatus, LiveState
from app.plant import build_device, device_specs
from app.records.audit import AuditError, AuditKey, AuditTrail, checkpoint_path_for
from app.records.database import open_database, utc_now
from app.records.historian import (
    Historian,
    HistorianError,
    TrendSeries,
    archive_dir_for,
    history_path_for,
)
from app.records.history_retention import ProtectedWindow, open_batch_windows
from app.records.recipe_releases import RecipeReleases, ReleaseRecord, ReleaseRefused
from app.records.review import RecordReview
from app.records.signatures import Signature, SignatureService
from app.records.users import UserStore
from app.security import Actor, Permission, require
from app.setpoints import SetpointChange, write_setpoint
from app.trends import TrendLimit, trend_limits
from hardware import (
    ConnectionState,
    Device,
    HardwareError,
    Sample,
    SimClock,
    TagNotFound,
    TagSpec,
    TagValue,
)
from hardware.backend import EquipmentEvent

log = logging.getLogger(__name__)


DEVIATION_PRIORITY = {
    "critical": Priority.HIGH,
    "major": Priority.MEDIUM,
    "minor": Priority.LOW,
}


def default_audit_key_path() -> Path:
    """The audit seal key: in the station account's configuration folder, beside (never
    inside) the database, which lives in the data folder. Back it up with the database."""
    return Path(platformdirs.user_config_dir("CellDeck", appauthor=False)) / "audit.key"


RETRY_FIRST_S = 1.0
RETRY_MAX_S = 30.0


class Station:
    """One station's core: the plant's devices, their live values and the records."""

    def __init__(
        self,
        config: PlantConfig,
        db_path: Path,
        *,
        sim_speed: float | None = None,
        plant_dir: Path | None = None,
        audit_key: Path | None = None,
        plant_path: Path | None = None,
        sim_start: float | None = None,
    ) -> None:
        self.config = config
        self.db_path = Path(db_path)
        # The audit trail's seal key lives outside the database (Part 11 anchor).
        self.audit_key_path = audit_key or default_audit_key_path()
        self.audit: AuditTrail | None = None
        self.audit_problem: str | None = None
        # sim_start (epoch s): equipment time begins there instead of now, e.g. for a demo
        # database whose simulated days of production end at the present.
        self.clock = SimClock(sim_speed or config.simulation.speed, start=sim_start)
        self.live = LiveState()
        self.devices: dict[str, Device] = {}
        self.db: sqlite_utils.Database | None = None
        self._retries: list[asyncio.Task[None]] = []
        self._stopping = False
        bound, self.alarm_problems = load_alarms(config, plant_dir)
        for problem in self.alarm_problems:
            log.error("alarm definition refused: %s", problem)
        self.alarm_engine = AlarmEngine(bound, clock=self.clock.now)
        # What this station runs, fingerprinted once (read-only for the admin page).
        self.configuration: ConfigurationSummary = summarise(
            config,
            plant_path,
            bound,
            len(self.alarm_problems),
            audit_key_path=self.audit_key_path,
            database_path=self.db_path,
        )
        # Normal ranges for screens, from the same definitions the engine evaluates.
        self.limits = LimitTable(bound)
        self.alarms: AlarmService | None = None
        self.users: UserStore | None = None
        self.signatures: SignatureService | None = None
        self.records: RecordReview | None = None
        self.batches: BatchEngine | None = None
        self.recipe_releases: RecipeReleases | None = None
        # The recipes this station knows and their release state: an immutable picture
        # replaced whole on the core loop, read by screens from any thread.
        self.library = RecipeLibrary()
        # Process history in its own file beside the records (see app/records/historian.py).
        self.historian: Historian | None = None
        self.history_problem: str | None = None
        self._history_retention: asyncio.Task[None] | None = None
        if config.historian.enabled:
            spans = {
                spec.path: spec.high - spec.low
                for device_config in config.devices
                for spec in device_specs(device_config)
                if spec.low is not None and spec.high is not None
            }
            self.historian = Historian(
                history_path_for(self.db_path),
                config.historian,
                clock=self.clock.now,
                spans=spans,
                archive_dir=archive_dir_for(self.db_path, config.historian),
            )
        for device_config in config.devices:
            device = build_device(device_config, self.clock, config.simulation)
            device.subscribe(self.live.update)
            device.subscribe(self.alarm_engine.queue_samples)
            if self.historian is not None:
                device.subscribe(self.historian.offer)
            device.on_connection_change(self._on_connection_change)
            device.on_event(self._on_equipment_event)
            self.devices[device.device_id] = device
            self.live.set_device_status(
                DeviceStatus(device.device_id, device.connection, device.connection_detail)
            )

    @property
    def name(self) -> str:
        return self.config.station.name

    async def start(self) -> None:
        """Open the records and connect every device; one unreachable device is reported
        and the rest of the plant keeps running."""
        self._stopping = False
        self.db = open_database(self.db_path)
        self.log_event("station-start", f"{len(self.devices)} devices")
        for problem in self.alarm_problems:
            self.log_event("alarm-definition-refused", problem)
        # Part 11 timestamps are real time, whatever speed the simulation runs at.
        self.audit = AuditTrail(
            self.db,
            AuditKey(self.audit_key_path),
            self.name,
            clock=time.time,
            checkpoint_path=checkpoint_path_for(self.audit_key_path, self.db_path),
        )
        self.audit_problem = self.audit.tail_problem()
        if self.audit_problem:
            log.error("audit trail: %s", self.audit_problem)
            self.log_event("audit-trail-broken", self.audit_problem)
        self._record_configuration(self.audit)
        self.alarms = AlarmService(self.alarm_engine, self.db, audit=self.audit)
        self.alarms.start()
        self.users = UserStore(self.db, audit=self.audit)
        self.signatures = SignatureService(
            self.db, self.audit.key, self.users, self.audit, self.name, clock=time.time
        )
        self.records = RecordReview(
            self.db, self.db_path, self.audit.key, self.signatures, self.audit
        )
        self.recipe_releases = RecipeReleases(
            self.db, self.audit.key, self.audit, self.signatures, self.name, clock=time.time
        )
        await self._open_historian()
        results = await asyncio.gather(
            *(device.connect() for device in self.devices.values()), return_exceptions=True
        )
        for device, result in zip(self.devices.values(), results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, HardwareError | OSError | TimeoutError):
                    raise result
                log.error("%s: connection failed: %s", device.device_id, result)
                self._retries.append(
                    asyncio.get_running_loop().create_task(
                        self._keep_connecting(device), name=f"{device.device_id}-connect"
                    )
                )
        self.batches = BatchEngine(
            self.db,
            self.devices,
            self.clock.now,
            station=self.name,
            on_audit=self.audit.record,
            on_deviation=self._on_deviation,
            release_check=self._release_refusal,
        )
        await self.batches.open()
        # Read here, so screens never read recipe files (again on each Recipes refresh).
        await self.refresh_recipes()
        if self.config.recipes.demo_release:
            await self._release_for_demo()
        for problem in self.batches.restore_problems:
            self.log_event("batch-restore-refused", problem)

    def _record_configuration(self, audit: AuditTrail) -> None:
        self.log_event("configuration", f"sha256 {self.configuration.content_sha256}")
        try:
            record_configuration(audit, self.configuration)
        except AuditError as exc:  # a broken trail is reported at start; the plant runs
            log.error("configuration not audited: %s", exc)
            self.log_event("configuration-audit-refused", str(exc))

    async def _open_historian(self) -> None:
        """Start the historian before the devices connect, so a trend has no hole at the
        start. An unusable history file never stops the station: its problem is logged as
        a station event and the plant runs (without history if it cannot be replaced)."""
        historian = self.historian
        if historian is None:
            return
        loop = asyncio.get_running_loop()
        historian.on_problem = lambda message: loop.call_soon_threadsafe(
            self._on_history_problem, message
        )
        try:
            problem = await asyncio.to_thread(historian.open)
        except (HistorianError, OSError) as exc:
            self.history_problem = str(exc)
            log.error("historian unavailable: %s", exc)
            self.log_event("historian-unavailable", str(exc))
            return
        if problem:
            self._on_history_problem(problem)
        self._history_retention = loop.create_task(
            self._keep_history_retention(historian), name="history-retention"
        )

    def _on_history_problem(self, message: str) -> None:
        self.history_problem = message
        if self.db is not None:
            self.log_event("historian-file-replaced", message)

    async def _keep_history_retention(self, historian: Historian) -> None:
        """Archive and prune old history now and then; the work runs on the historian's
        writer thread, and the batch windows come from the records on this loop."""
        while True:
            try:
                result = await asyncio.wrap_future(
                    historian.request_retention(self.history_protected_windows())
                )
            except (HistorianError, OSError, sqlite3.Error) as exc:
                log.error("history retention failed (nothing was deleted unarchived): %s", exc)
            else:
                if result.archive is not None and self.db is not None:
                    self.log_event(
                        "history-archived",
                        f"{result.raw_rows} samples and {result.rollup_rows} minute rollups "
                        f"moved to {result.archive}",
                    )
            await asyncio.sleep(self.config.historian.retention_check_s)

    def history_protected_windows(self) -> list[ProtectedWindow]:
        """The process data batch records still need: every batch not closed yet, its
        bay and shuttle tags (or its Cell Q) from creation to end."""
        assert self.db is not None, "station database is not open; call start() first"
        return open_batch_windows(self.db.conn)

    async def trend(self, path: str, t0: float, t1: float, buckets: int) -> TrendSeries:
        """A tag's history, min/max per bucket, read off this loop (the historian has its
        own read connection)."""
        if self.historian is None or not self.historian.running:
            raise HistorianError(self.history_problem or "this station keeps no process history")
        return await asyncio.to_thread(self.historian.query, path, t0, t1, buckets)

    async def trend_limits(self, path: str) -> list[TrendLimit]:
        """Alarm limits, the running phase's CPP limits and the range of a tag."""
        return trend_limits(path, self.spec(path), self.alarm_engine, self.batches)

    async def _keep_connecting(self, device: Device) -> None:
        """Retry a device that was unreachable at start-up (powered on later, cable
        replugged) with backoff, while the rest of the plant runs."""
        delay = RETRY_FIRST_S
        # The flag, not only cancel(): Python 3.11's wait_for (inside connect) loses a
        # cancellation that arrives as the attempt completes, and stop() would wait forever.
        while not self._stopping:
            await asyncio.sleep(delay)
            try:
                await device.connect()
            except (HardwareError, OSError, TimeoutError) as exc:
                log.info("%s: still unreachable: %s", device.device_id, exc)
                delay = min(RETRY_MAX_S, delay * 2)
            else:
                return

    async def stop(self) -> None:
        if self.batches is not None:
            # Before the devices close: a deliberate shutdown is not equipment loss.
            await self.batches.close()
            self.batches = None
        self._stopping = True
        for task in self._retries:
            task.cancel()
        await asyncio.gather(*self._retries, return_exceptions=True)
        self._retries.clear()
        await asyncio.gather(
            *(device.close() for device in self.devices.values()), return_exceptions=True
        )
        if self._history_retention is not None:
            self._history_retention.cancel()
            await asyncio.gather(self._history_retention, return_exceptions=True)
            self._history_retention = None
        if self.historian is not None:
            await asyncio.to_thread(self.historian.close)
        if self.alarms is not None:
            await self.alarms.stop()
            self.alarms = None
        if self.db is not None:
            self.log_event("station-stop", "")
            self.db.close()
            self.db = None

    async def call_users(self, method: str, *args: Any) -> Any:
        """Run a UserStore method on the core loop, where the database lives. Each
        credential check costs an scrypt run (~0.1 s) on this loop."""
        if self.users is None:
            raise RuntimeError("the station is not started; no user store yet")
        return getattr(self.users, method)(*args)

    async def leave_kiosk(self, user_id: str, password: str, reason: str) -> Actor:
        """An administrator signs to close a kiosk: re-authenticated, audited."""
        if self.users is None or self.audit is None:
            raise RuntimeError("the station is not started")
        actor = self.users.verify_password(user_id, password)
        require(actor, Permission.USER_MANAGE)  # administrators only
        self.audit.record(actor, "kiosk-exit", self.name, None, None, reason)
        return actor

    async def call_batches(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run a BatchEngine method (command or query) on the core loop."""
        if self.batches is None:
            raise RuntimeError("the station is not started; no batch engine yet")
        result = getattr(self.batches, method)(*args, **kwargs)
        return await result if asyncio.iscoroutine(result) else result

    async def call_records(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run a RecordReview method (batch records, audit search, signatures) from the
        core loop; its reads go on to a worker thread with a read-only connection."""
        if self.records is None:
            raise RuntimeError("the station is not started; no records yet")
        result = getattr(self.records, method)(*args, **kwargs)
        return await result if asyncio.iscoroutine(result) else result

    async def sign_batch_record(
        self, user_id: str, password: str, batch_id: str, meaning: str, expected_hash: str
    ) -> Signature:
        """QA's review or approval of a finished batch record: the signer re-authenticates
        and signs the record exactly as shown to them (``expected_hash``)."""
        if self.records is None or self.signatures is None:
            raise RuntimeError("the station is not started")
        actor = self.signatures.authenticate(user_id, password)
        return self.records.sign(actor, batch_id, meaning, expected_hash)

    # -- recipes and their release ----------------------------------------------------------

    def recipes(self) -> dict[str, Recipe]:
        """The master recipes a batch may run on this station now, by recipe id (the
        newest runnable version of each): released here by QA with exactly this content.
        Safe from any thread."""
        return self.library.by_id()

    async def refresh_recipes(self) -> RecipeLibrary:
        """Read the recipe files again (shipped and the site folder, off this loop) and
        match them with the release record; a file edited since shows up here."""
        files, problems = await asyncio.to_thread(read_recipe_files, self.config.recipes.folder)
        self.library = build_library(files, self.recipe_releases, problems)
        for problem in problems:
            log.warning("recipes: %s", problem)
        return self.library

    def _release_refusal(self, recipe: Recipe) -> str | None:
        if self.recipe_releases is None:
            return "the station is not started; no recipe is released yet"
        return self.recipe_releases.refusal(recipe.id, recipe.version, recipe.content_hash)

    async def release_recipe(
        self,
        user_id: str,
        password: str,
        recipe_id: str,
        version: str,
        expected_hash: str,
        reason: str = "",
    ) -> ReleaseRecord:
        """QA releases a recipe version for production here: re-authenticated, then an
        "approved" signature on exactly the content QA was shown (``expected_hash``; the
        file is read again, and a file changed meanwhile is refused)."""
        if self.signatures is None:
            raise RuntimeError("the station is not started")
        actor = require(self.signatures.authenticate(user_id, password), Permission.RECIPE_RELEASE)
        entry = entry_to_release(await self.refresh_recipes(), recipe_id, version, expected_hash)
        assert entry.recipe is not None
        return await self.release_recipe_as(actor, entry.recipe, reason, source=entry.source)

    async def release_recipe_as(
        self, actor: Actor | None, recipe: Recipe, reason: str = "", *, source: str = ""
    ) -> ReleaseRecord:
        """Release ``recipe`` as ``actor``, who has just re-authenticated (``release_recipe``
        does that; tests and tools that did it themselves call this)."""
        if self.recipe_releases is None:
            raise RuntimeError("the station is not started")
        record = self.recipe_releases.release(actor, identity_of(recipe, source), reason)
        await self.refresh_recipes()
        return record

    async def withdraw_recipe(
        self, actor: Actor | None, recipe_id: str, version: str, reason: str
    ) -> ReleaseRecord:
        """QA withdraws a released version with a reason: no new batch may run it."""
        if self.recipe_releases is None:
            raise RuntimeError("the station is not started")
        record = self.recipe_releases.withdraw(actor, recipe_id, version, reason)
        await self.refresh_recipes()
        return record

    async def _release_for_demo(self) -> None:
        """A demo plant (``[recipes] demo_release``, simulated equipment only) releases its
        shipped recipes itself the first time it sees each version, audited by the system
        with the reason "demo plant"; a version QA withdrew stays withdrawn."""
        releases = self.recipe_releases
        assert releases is not None
        if self.config.real_equipment:  # a configuration copied past its validation
            self.log_event("recipe-demo-release-refused", "the plant has real equipment")
            return
        for entry in self.library.entries:
            recipe, item = entry.recipe, entry.file
            if recipe is None or item is None or item.origin != "shipped":
                continue
            if entry.release is not None or not entry.releasable:
                continue
            try:
                releases.release_for_demo(identity_of(recipe, entry.source))
            except ReleaseRefused as exc:
                log.error("demo release of %s refused: %s", recipe.label, exc)
                self.log_event("recipe-demo-release-refused", str(exc))
        await self.refresh_recipes()

    async def sign_batch_step(
        self, user_id: str, password: str, batch_id: str, meaning: str, step: str
    ) -> Signature:
        """An electronic signature on a batch step: the signer re-authenticates, the
        engine checks the signature is due from this person, and the signature is bound
        to the step's content hash before the engine records it in the batch."""
        if self.batches is None or self.signatures is None:
            raise RuntimeError("the station is not started")
        actor = self.signatures.authenticate(user_id, password)
        self.batches.check_signature(batch_id, actor, meaning, step=step)
        record = self.batches.signature_record(batch_id, meaning)
        signature = self.signatures.sign(actor, meaning, record)
        await self.batches.sign(
            batch_id, actor, meaning, step=step, signature_id=signature.signature_id
        )
        return signature

    async def write_setpoint(
        self, actor: Actor | None, path: str, value: TagValue, reason: str
    ) -> SetpointChange:
        """A person changes a setpoint by hand: permission, reason and range checked,
        written through the device front end, audited with old and new value, who and
        why. A refused change (out of range, device offline) records nothing."""
        if self.audit is None:
            raise RuntimeError("the station is not started; no audit trail yet")
        device = self.devices.get(path.split("/", 1)[0])
        if device is None:
            raise TagNotFound(f"{path}: no such device on this station")
        return await write_setpoint(device, self.audit, actor, path, value, reason)

    async def batch_detail(self, batch_id: str) -> BatchDetail:
        """An open batch's detail with the signatures bound to its steps."""
        if self.batches is None or self.signatures is None:
            raise RuntimeError("the station is not started")
        detail = self.batches.detail(batch_id)
        signed = self.signatures.for_records_under("batch-step", f"{batch_id}/")
        return dataclasses.replace(detail, signatures=tuple(signed))

    def log_event(self, kind: str, detail: str) -> None:
        assert self.db is not None, "station database is not open; call start() first"
        self.db.execute(
            "INSERT INTO station_events (utc, station, kind, detail) VALUES (?,?,?,?)",
            (utc_now(), self.name, kind, detail),
        )

    def _on_connection_change(self, device: Device, state: ConnectionState, detail: str) -> None:
        previous = self.live.device_statuses().get(device.device_id)
        self.live.set_device_status(DeviceStatus(device.device_id, state, detail))
        if state is not ConnectionState.DISCONNECTED:  # a deliberate close is no alarm
            self.alarm_engine.on_connection(device.device_id, state)
        changed = previous is None or previous.state is not state
        if self.db is not None and changed and state is not ConnectionState.CONNECTING:
            self.log_event(f"device-{state.value}", f"{device.device_id}: {detail}")

    def _on_deviation(self, deviation: Deviation) -> None:
        """Every batch deviation is annunciated until someone acknowledges it."""
        source = (
            f"{deviation.shuttle_id}/bay-{deviation.bay:02d}"
            if deviation.shuttle_id and deviation.bay
            else deviation.batch_id
        )
        device_id = deviation.shuttle_id or source.split("/", 1)[0]
        config = next((d for d in self.config.devices if d.id == device_id), None)
        self.alarm_engine.raise_external(
            f"batch-deviation-{deviation.deviation_id}",
            source=source,
            device_id=device_id,
            area=getattr(config, "area", "") or "",
            priority=DEVIATION_PRIORITY.get(deviation.severity, Priority.MEDIUM),
            message=f"Batch {deviation.batch_id} deviation: {deviation.message}",
            tag=deviation.tag,
            value=deviation.value,
            action="Review the deviation with the supervisor and QA; see the batch record.",
        )

    def _on_equipment_event(self, device: Device, event: EquipmentEvent) -> None:
        if self.db is not None:
            self.log_event(f"equipment-{event.kind}", f"{device.device_id}: {event.message}")

    def spec(self, path: str) -> TagSpec | None:
        device = self.devices.get(path.split("/", 1)[0])
        return None if device is None else device.specs.get(path)

    def latest(self, paths: Sequence[str]) -> dict[str, Sample]:
        snapshot = self.live.snapshot()
        return {path: snapshot[path] for path in paths if path in snapshot}
