"""BatchEngine: runs ISA-88 batches on the station core loop, one per cartridge.

Each open batch has a driver task that advances its procedure phase by phase: manual
work first (people's inputs arrive as commands), then the phase's equipment action,
then its end condition. Critical process parameters are checked on every sample the
devices deliver (good quality only); an excursion is a deviation and, where the recipe
says so, holds the batch. A lost link or doubtful CPP data holds the phase: nothing runs
on stale data. State and step progress are saved with every event, so after a restart
the batches come back Held with the gap recorded, to be restarted by a person.

Hold does not stop a running module: the bay's own control loops keep the cells alive
(37 C, DO, CO2) while the procedure waits; no new equipment command is sent until a
supervisor restarts. Stop ends the module (stop_module), Abort aborts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import sqlite_utils

from app.batch.errors import (
    BatchError,
    BatchNotReady,
    EntryOutOfLimits,
    IdentityMismatch,
    RecipeError,
    SignatureRefused,
    StepRefused,
    UnknownBatch,
)
from app.batch.recipe import (
    CriticalParameter,
    EquipmentEnd,
    ImmediateEnd,
    LoadCartridge,
    NoAction,
    PhaseRef,
    QcResultsEnd,
    Recipe,
    StartModule,
    SubmitSample,
    TagEnd,
    TimeEnd,
    WriteSetpoint,
    recipe_from_json,
)
from app.batch.records import BatchRecorder
from app.batch.runtime import (
    Batch,
    BatchView,
    Deviation,
    PendingEntry,
    PendingScan,
    PendingSignature,
    PhaseProgress,
    StepRequest,
)
from app.batch.states import (
    ADVANCING,
    COMES_BACK_HELD,
    COMMAND_PERMISSION,
    COMPLETES_FROM,
    FINAL,
    TRANSITIONS,
    BatchCommand,
    BatchState,
    next_state,
)
from app.security import Actor, Permission, require
from hardware import (
    CellQ,
    CellShuttle,
    ConnectionState,
    Device,
    HardwareError,
    Quality,
    Sample,
    Subscription,
)

log = logging.getLogger(__name__)

AuditHook = Callable[[Actor | None, str, str, str | None, str | None, str], None]
DeviationHook = Callable[[Deviation], None]

S = BatchState
# Commands that end or resume a batch after trouble say why (Annex 11: reason for change).
NEEDS_REASON = frozenset({BatchCommand.RESTART, BatchCommand.STOP, BatchCommand.ABORT})
_RUNNING_BAY = "running"


class BatchRefused(BatchError):
    """A batch cannot be created as asked (recipe, unit or identity problem)."""


class ReasonRequired(BatchError):
    """The command needs a reason for the record."""


def _hours(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _number(sample: Sample | None) -> float | None:
    """The value of a good numeric sample, else None: only good data counts."""
    if sample is None or sample.quality is not Quality.GOOD:
        return None
    value = sample.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _describe_quality(sample: Sample | None) -> str:
    if sample is None:
        return "missing"
    reason = f" ({sample.reason.value})" if sample.reason is not None else ""
    if sample.quality is Quality.GOOD:
        return f"not a number ({sample.value!r})"
    return f"{sample.quality.name.lower()}{reason}"


class BatchEngine:
    """The station's batch execution: every open batch, its procedure and its record."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        devices: Mapping[str, Device],
        clock: Callable[[], float],
        *,
        station: str = "",
        tick_s: float = 0.25,
        save_every_s: float = 1.0,
        allow_drafts: bool = False,
        on_audit: AuditHook | None = None,
        on_deviation: DeviationHook | None = None,
    ) -> None:
        self.recorder = BatchRecorder(db, clock, station)
        self.devices = dict(devices)
        self.clock = clock
        self.tick_s = tick_s
        self.save_every_s = save_every_s
        self.allow_drafts = allow_drafts
        self.on_audit = on_audit
        self.on_deviation = on_deviation
        self.batches: dict[str, Batch] = {}
        self.restore_problems: list[str] = []
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._subscriptions: list[Subscription] = []
        self._watch: dict[str, list[tuple[Batch, CriticalParameter]]] = {}
        self._watched: set[tuple[str, str]] = set()
        self._rewatching = False
        self._open = False
        self._lock = threading.Lock()
        self._views: tuple[BatchView, ...] = ()

    # -- life cycle -------------------------------------------------------------------

    async def open(self) -> None:
        """Bring back the open batches (running ones come back Held), watch the devices
        and start a driver per batch."""
        self._open = True
        for device in self.devices.values():
            self._subscriptions.append(device.subscribe(self._on_samples))
            device.on_connection_change(self._on_connection)
        for row in self.recorder.open_batches():
            self._restore(row)
        self._rewatch()
        for batch in self.batches.values():
            self._start_driver(batch)
        self._publish()

    async def close(self) -> None:
        """Stop driving batches and save them; the record says where each one was, and the
        time from here to the next open() is recorded as a restart gap."""
        self._open = False
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        for subscription in self._subscriptions:
            subscription.cancel()
        self._subscriptions.clear()
        for batch in self.batches.values():
            self.recorder.save(batch)

    def _restore(self, row: dict[str, object]) -> None:
        batch_id = str(row["batch_id"])
        try:
            recipe = recipe_from_json(str(row["recipe_json"]), str(row["recipe_hash"]))
        except (RecipeError, ValueError) as exc:
            problem = f"batch {batch_id} cannot be brought back: {exc}"
            log.error(problem)
            self.restore_problems.append(problem)
            return
        bay = row["bay"]
        batch = Batch(
            batch_id=batch_id,
            recipe=recipe,
            barcode=str(row["barcode"]),
            coi=str(row["coi"]),
            shuttle_id=str(row["shuttle"] or ""),
            bay=int(bay) if isinstance(bay, int) else None,
            cellq_id=str(row["cellq"] or ""),
            state=BatchState(str(row["state"])),
            step_index=int(row["step_index"]),  # type: ignore[call-overload]
            progress=PhaseProgress.from_dict(json.loads(str(row["progress_json"]))),
            hold_reason=str(row["hold_reason"] or ""),
            created_by=str(row["created_by"]),
            created_time=float(row["created_time"]),  # type: ignore[arg-type]
            started_time=row["started_time"],  # type: ignore[arg-type]
            ended_time=row["ended_time"],  # type: ignore[arg-type]
        )
        batch.deviation_count = len(self.recorder.deviations(batch_id))
        self.batches[batch_id] = batch
        if batch.state not in COMES_BACK_HELD:
            return
        gap = max(0.0, self.clock() - float(row["updated_time"]))  # type: ignore[arg-type]
        was = batch.state
        reason = (
            f"the station was down for {_hours(gap)}; batch was {was.value} at "
            f"{batch.step or 'the end'}. Check the bay and restart it."
        )
        batch.state = S.HELD
        batch.hold_reason = reason
        self._event(
            batch,
            "restart-gap",
            target=f"{gap:.0f} s",
            old=was.value,
            new=S.HELD.value,
            reason=reason,
        )
        self._deviate(
            batch,
            "restart-gap",
            "minor",
            f"no supervision for {_hours(gap)} while the batch was {was.value}",
        )

    def _start_driver(self, batch: Batch) -> None:
        if batch.batch_id not in self._tasks and self._open:
            self._tasks[batch.batch_id] = asyncio.get_running_loop().create_task(
                self._drive(batch), name=f"batch-{batch.batch_id}"
            )

    # -- creating batches ---------------------------------------------------------------

    async def create_batch(
        self,
        recipe: Recipe,
        actor: Actor | None,
        *,
        barcode: str,
        coi: str,
        shuttle: str | None = None,
        bay: int | None = None,
        cellq: str | None = None,
        batch_id: str | None = None,
        expected_hash: str | None = None,
    ) -> Batch:
        """A new batch in Idle for one cartridge (barcode + chain-of-identity id) on one
        bay; Start it with ``start_batch``. ``expected_hash`` guards a tech transfer: the
        batch is refused unless the recipe is exactly the one approved."""
        actor = require(actor, Permission.BATCH_START)
        if not barcode.strip() or not coi.strip():
            raise BatchRefused("a batch needs the cartridge barcode and the chain-of-identity id")
        if recipe.status != "released" and not self.allow_drafts:
            raise BatchRefused(
                f"recipe {recipe.id} v{recipe.version} is a draft; only released recipes run"
            )
        if expected_hash is not None and expected_hash != recipe.content_hash:
            raise BatchRefused(
                f"recipe {recipe.id} v{recipe.version} has content hash "
                f"{recipe.content_hash[:12]}, not the approved {expected_hash[:12]}; "
                "do not run it until the difference is resolved"
            )
        shuttle_id, cellq_id = "", ""
        if recipe.uses_bay:
            if shuttle is None or bay is None:
                raise BatchRefused(f"recipe {recipe.id} runs on a bay: give the shuttle and bay")
            device = self.devices.get(shuttle)
            if not isinstance(device, CellShuttle):
                raise BatchRefused(f"{shuttle} is not a Cell Shuttle of this station")
            if not 1 <= bay <= device.bays:
                raise BatchRefused(f"{shuttle} has bays 1-{device.bays}, not {bay}")
            shuttle_id = shuttle
        if recipe.uses_cellq:
            cellq_id = self._pick_cellq(cellq)
        for other in self.batches.values():
            if recipe.uses_bay and other.shuttle_id == shuttle_id and other.bay == bay:
                raise BatchRefused(
                    f"{shuttle_id} bay {bay} already runs batch {other.batch_id} "
                    f"({other.state.value}); one batch per cartridge"
                )
            if other.barcode == barcode and other.recipe.id == recipe.id:
                raise BatchRefused(f"cartridge {barcode} already has open batch {other.batch_id}")
        now = self.clock()
        batch_id = batch_id or datetime.fromtimestamp(now, UTC).strftime(
            f"B%Y%m%d-%H%M%S-{secrets.token_hex(2)}"
        )
        if batch_id in self.batches or self.recorder.batch_row(batch_id) is not None:
            raise BatchRefused(f"batch id {batch_id} is already used")
        batch = Batch(
            batch_id=batch_id,
            recipe=recipe,
            barcode=barcode,
            coi=coi,
            shuttle_id=shuttle_id,
            bay=bay if recipe.uses_bay else None,
            cellq_id=cellq_id,
            created_by=actor.user_id,
            created_time=now,
        )
        self.recorder.create(batch)
        self.batches[batch_id] = batch
        self._event(
            batch,
            "created",
            actor=actor,
            target=batch.unit_label,
            new=recipe.label,
            reason=f"cartridge {barcode}",
        )
        self._start_driver(batch)
        self._publish()
        return batch

    def _pick_cellq(self, cellq: str | None) -> str:
        if cellq is not None:
            if not isinstance(self.devices.get(cellq), CellQ):
                raise BatchRefused(f"{cellq} is not a Cell Q of this station")
            return cellq
        found = [d.device_id for d in self.devices.values() if isinstance(d, CellQ)]
        if len(found) != 1:
            raise BatchRefused(
                "the recipe submits QC samples: name the Cell Q"
                + (f" ({', '.join(found)})" if found else "; this station has none")
            )
        return found[0]

    # -- ISA-88 commands ------------------------------------------------------------------

    async def command(
        self, batch_id: str, command: BatchCommand, actor: Actor | None, reason: str = ""
    ) -> BatchState:
        """Apply an ISA-88 command for a person: role checked, transition checked against
        the table, recorded with the reason. Returns the new state."""
        batch = self._batch(batch_id)
        actor = require(actor, COMMAND_PERMISSION[command])
        target = next_state(batch.state, command)
        if command in NEEDS_REASON and not reason.strip():
            raise ReasonRequired(
                f"{command.value} of batch {batch_id} needs a reason for the batch record"
            )
        if command is BatchCommand.RESTART:
            problems = self._ready_problems(batch)
            if problems:
                raise BatchNotReady(f"batch {batch_id} cannot restart: " + "; ".join(problems))
        if command is BatchCommand.HOLD:
            batch.hold_reason = reason or f"held by {actor.name}"
        self._set_state(batch, target, actor=actor, reason=reason)
        if command is BatchCommand.RESET:
            self._close(batch)
        return batch.state

    async def start_batch(self, batch_id: str, actor: Actor | None, reason: str = "") -> BatchState:
        return await self.command(batch_id, BatchCommand.START, actor, reason)

    async def pause(self, batch_id: str, actor: Actor | None, reason: str = "") -> BatchState:
        return await self.command(batch_id, BatchCommand.PAUSE, actor, reason)

    async def resume(self, batch_id: str, actor: Actor | None, reason: str = "") -> BatchState:
        return await self.command(batch_id, BatchCommand.RESUME, actor, reason)

    async def hold(self, batch_id: str, actor: Actor | None, reason: str = "") -> BatchState:
        return await self.command(batch_id, BatchCommand.HOLD, actor, reason)

    async def restart(self, batch_id: str, actor: Actor | None, reason: str) -> BatchState:
        return await self.command(batch_id, BatchCommand.RESTART, actor, reason)

    async def stop_batch(self, batch_id: str, actor: Actor | None, reason: str) -> BatchState:
        return await self.command(batch_id, BatchCommand.STOP, actor, reason)

    async def abort(self, batch_id: str, actor: Actor | None, reason: str) -> BatchState:
        return await self.command(batch_id, BatchCommand.ABORT, actor, reason)

    async def reset(self, batch_id: str, actor: Actor | None, reason: str = "") -> BatchState:
        return await self.command(batch_id, BatchCommand.RESET, actor, reason)

    def _close(self, batch: Batch) -> None:
        """Reset: the batch record is complete and the bay is free for the next cartridge."""
        batch.closed = True
        self.recorder.save(batch)
        self.batches.pop(batch.batch_id, None)
        task = self._tasks.pop(batch.batch_id, None)
        if task is not None:
            task.cancel()
        self._rewatch()
        self._publish()

    # -- manual steps -------------------------------------------------------------------

    async def confirm(
        self, batch_id: str, actor: Actor | None, index: int, *, step: str | None = None
    ) -> None:
        """The operator confirms instruction ``index`` of the current step."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase = ref.phase
        if not 0 <= index < len(phase.confirmations):
            raise StepRefused(f"{phase.name} has no confirmation {index}")
        if index in batch.progress.confirmations:
            raise StepRefused(f"{phase.confirmations[index]!r} is already confirmed")
        self._identity_first(batch, ref)
        batch.progress.confirmations.append(index)
        self._event(
            batch, "confirmation", actor=actor, target=str(index), new=phase.confirmations[index]
        )
        self._touched(batch)

    async def scan(
        self,
        batch_id: str,
        actor: Actor | None,
        scan_id: str,
        value: str,
        *,
        step: str | None = None,
    ) -> None:
        """A scanned barcode. An identity scan must equal the batch's cartridge barcode or
        chain-of-identity id; a mismatch is refused, recorded as a deviation and blocks
        the step (IdentityMismatch)."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase = ref.phase
        scan = next((s for s in phase.scans if s.id == scan_id), None)
        if scan is None:
            raise StepRefused(f"{phase.name} asks for no scan {scan_id!r}")
        if scan_id in batch.progress.scans:
            raise StepRefused(f"{scan.label} is already scanned")
        value = value.strip()
        if scan.match == "cartridge":
            matches = value == batch.barcode
        elif scan.match == "coi":
            matches = value == batch.coi
        else:
            matches = bool(re.fullmatch(scan.pattern or "", value))
        if not matches:
            if scan.identity:
                message = (
                    f"{scan.label}: scanned {value!r} is not this batch's "
                    f"{'cartridge' if scan.match == 'cartridge' else 'chain-of-identity id'}; "
                    "the step is blocked. Check you have the right patient's material."
                )
                self._event(
                    batch, "scan-refused", actor=actor, target=scan_id, new=value, reason=message
                )
                self._deviate(
                    batch, "identity-mismatch", "critical", message, value=value, actor=actor
                )
                raise IdentityMismatch(message)
            message = f"{scan.label}: {value!r} does not fit {scan.pattern} (e.g. {scan.example})"
            self._event(
                batch, "scan-refused", actor=actor, target=scan_id, new=value, reason=message
            )
            raise StepRefused(message)
        batch.progress.scans[scan_id] = value
        self._event(batch, "scan", actor=actor, target=scan_id, new=value, reason=scan.label)
        self._touched(batch)

    async def enter(
        self,
        batch_id: str,
        actor: Actor | None,
        entry_id: str,
        value: float,
        *,
        step: str | None = None,
    ) -> None:
        """A value the operator entered; refused (and recorded) outside the recipe limits."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase = ref.phase
        entry = next((e for e in phase.entries if e.id == entry_id), None)
        if entry is None:
            raise StepRefused(f"{phase.name} asks for no entry {entry_id!r}")
        if entry_id in batch.progress.entries:
            raise StepRefused(f"{entry.label} is already entered")
        self._identity_first(batch, ref)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EntryOutOfLimits(f"{entry.label} needs a number, not {value!r}")
        number = float(value)
        if not entry.within(number):
            message = (
                f"{entry.label} {number:g} {entry.unit} is outside {entry.describe_limits()}; "
                "check the reading and enter it again"
            )
            self._event(
                batch, "entry-refused", actor=actor, target=entry_id, new=number, reason=message
            )
            raise EntryOutOfLimits(message)
        batch.progress.entries[entry_id] = number
        self._event(
            batch,
            "entry",
            actor=actor,
            target=entry_id,
            new=number,
            reason=f"{entry.label} [{entry.unit}]",
        )
        self._touched(batch)

    async def sign(
        self,
        batch_id: str,
        actor: Actor | None,
        meaning: str,
        *,
        step: str | None = None,
    ) -> None:
        """An electronic signature with its meaning, by a person the caller has just
        re-authenticated (UserStore.verify_password). Each signature of a step must be a
        different person, in recipe order, after the step's work is done."""
        batch, ref, actor = self._manual(batch_id, actor, step)
        phase, progress = ref.phase, batch.progress
        requirement = next((s for s in phase.signatures if s.meaning == meaning), None)
        if requirement is None:
            raise SignatureRefused(f"{phase.name} asks for no {meaning!r} signature")
        if meaning in progress.signatures:
            raise SignatureRefused(f"{phase.name} is already signed as {meaning}")
        if not progress.work_done(phase):
            raise SignatureRefused(f"finish {phase.name} before signing it ({meaning})")
        due = next(s for s in phase.signatures if s.meaning not in progress.signatures)
        if due.meaning != meaning:
            raise SignatureRefused(f"{phase.name} must first be signed as {due.meaning}")
        if actor.user_id in progress.signatures.values():
            raise SignatureRefused(
                f"{actor.name} already signed {phase.name}; {meaning} needs a second person"
            )
        if requirement.roles and actor.role not in requirement.roles:
            roles = ", ".join(r.value for r in requirement.roles)
            raise SignatureRefused(f"{meaning} of {phase.name} is signed by {roles} only")
        progress.signatures[meaning] = actor.user_id
        self._event(
            batch,
            "signature",
            actor=actor,
            target=meaning,
            new=f"{actor.name} ({actor.user_id})",
            reason=f"{meaning}: {phase.name}",
        )
        self._touched(batch)

    def request(self, batch_id: str) -> StepRequest | None:
        """What the current step still needs from people, or None if nothing."""
        batch = self._batch(batch_id)
        ref = batch.current
        if ref is None:
            return None
        phase, progress = ref.phase, batch.progress
        request = StepRequest(
            batch_id=batch_id,
            step=ref.path,
            phase_name=phase.name,
            instruction=phase.instruction,
            picture=phase.picture,
            confirmations=tuple(
                (i, text)
                for i, text in enumerate(phase.confirmations)
                if i not in progress.confirmations
            ),
            scans=tuple(
                PendingScan(s.id, s.label, s.match, s.example)
                for s in phase.scans
                if s.id not in progress.scans
            ),
            entries=tuple(
                PendingEntry(e.id, e.label, e.unit, e.low, e.high)
                for e in phase.entries
                if e.id not in progress.entries
            ),
            signatures=tuple(
                PendingSignature(s.meaning, s.roles)
                for s in phase.signatures
                if s.meaning not in progress.signatures
            ),
            signed_by=tuple(progress.signatures.items()),
        )
        return None if request.empty else request

    def _manual(
        self, batch_id: str, actor: Actor | None, step: str | None
    ) -> tuple[Batch, PhaseRef, Actor]:
        batch = self._batch(batch_id)
        actor = require(actor, Permission.BATCH_EXECUTE)
        if batch.state is not S.RUNNING:
            raise StepRefused(
                f"batch {batch_id} is {batch.state.value}; manual steps are done while it runs"
            )
        ref = batch.current
        if ref is None:
            raise StepRefused(f"batch {batch_id} has no step left")
        if step is not None and step != ref.path:
            raise StepRefused(
                f"batch {batch_id} is at {ref.phase.name} ({ref.path}), not at {step}"
            )
        if batch.progress.started_at is None:
            self._start_phase(batch, ref)
        if not ref.phase.manual or batch.progress.manual_done(ref.phase):
            raise StepRefused(f"{ref.phase.name} needs nothing more from people")
        return batch, ref, actor

    def _identity_first(self, batch: Batch, ref: PhaseRef) -> None:
        # Chain of identity: nothing is done to the material before it is proven to be
        # this patient's.
        missing = [
            s.label for s in ref.phase.scans if s.identity and s.id not in batch.progress.scans
        ]
        if missing:
            raise StepRefused(f"scan {', '.join(missing)} first: identity comes before the work")

    def _touched(self, batch: Batch) -> None:
        batch.wake.set()
        self._publish()

    # -- reading ----------------------------------------------------------------------

    def batch(self, batch_id: str) -> Batch:
        return self._batch(batch_id)

    def _batch(self, batch_id: str) -> Batch:
        batch = self.batches.get(batch_id)
        if batch is None:
            raise UnknownBatch(f"no open batch {batch_id!r} on this station")
        return batch

    def ready_problems(self, batch_id: str) -> list[str]:
        """Why a held batch may not restart now (empty when it may): lost links, CPPs that
        cannot be verified or are still outside limits that hold the batch."""
        return self._ready_problems(self._batch(batch_id))

    def events(self, batch_id: str, kind: str | None = None) -> list[dict[str, object]]:
        return self.recorder.events(batch_id, kind)

    def deviations(self, batch_id: str | None = None) -> list[dict[str, object]]:
        return self.recorder.deviations(batch_id)

    def snapshot(self) -> tuple[BatchView, ...]:
        """Every open batch as the UI shows it; safe to call from any thread."""
        with self._lock:
            return self._views

    def _publish(self) -> None:
        views = tuple(self._view(b) for b in self.batches.values())
        with self._lock:
            self._views = views

    def _view(self, batch: Batch) -> BatchView:
        ref = batch.current
        phase = ref.phase if ref is not None else None
        waiting = (
            batch.state is S.RUNNING
            and phase is not None
            and phase.manual
            and not batch.progress.manual_done(phase)
        )
        return BatchView(
            batch_id=batch.batch_id,
            recipe_id=batch.recipe.id,
            recipe_version=batch.recipe.version,
            recipe_hash=batch.recipe.content_hash,
            shuttle_id=batch.shuttle_id,
            bay=batch.bay,
            barcode=batch.barcode,
            coi=batch.coi,
            state=batch.state,
            step=batch.step,
            phase_name=phase.name if phase is not None else "",
            steps_completed=batch.steps_completed,
            steps_total=batch.steps_total,
            phase_elapsed_h=batch.progress.elapsed_s / 3600.0,
            phase_expected_h=phase.duration_h if phase is not None else 0.0,
            waiting_for_people=waiting,
            hold_reason=batch.hold_reason,
            deviations=batch.deviation_count,
        )

    # -- recording ----------------------------------------------------------------------

    def _event(
        self,
        batch: Batch,
        kind: str,
        *,
        actor: Actor | None = None,
        target: str = "",
        old: object = None,
        new: object = None,
        reason: str = "",
    ) -> None:
        self.recorder.event(
            batch, kind, actor=actor, target=target, old=old, new=new, reason=reason
        )
        batch.saved_wall = time.monotonic()
        if self.on_audit is not None:
            where = f"batch {batch.batch_id}" + (f" {batch.step}" if batch.step else "")
            if target:
                where += f" {target}"
            try:
                self.on_audit(
                    actor,
                    f"batch.{kind}",
                    where,
                    None if old is None else str(old),
                    None if new is None else str(new),
                    reason,
                )
            except Exception:  # a broken listener must not stop a batch
                log.exception("batch audit listener failed")

    def _deviate(
        self,
        batch: Batch,
        kind: str,
        severity: str,
        message: str,
        *,
        tag: str = "",
        value: object = None,
        low: float | None = None,
        high: float | None = None,
        holds: bool = False,
        actor: Actor | None = None,
    ) -> Deviation:
        deviation_id, now = self.recorder.deviation(
            batch,
            kind=kind,
            severity=severity,
            message=message,
            tag=tag,
            value=value,  # type: ignore[arg-type]
            low=low,
            high=high,
            holds_batch=holds,
            actor=actor,
        )
        batch.deviation_count += 1
        deviation = Deviation(
            deviation_id=deviation_id,
            batch_id=batch.batch_id,
            time=now,
            kind=kind,
            severity=severity,
            step=batch.step,
            message=message,
            tag=tag,
            value=value,  # type: ignore[arg-type]
            low=low,
            high=high,
            holds_batch=holds,
            user_id=actor.user_id if actor else "",
            shuttle_id=batch.shuttle_id,
            bay=batch.bay,
        )
        log.warning("batch %s deviation %s: %s", batch.batch_id, kind, message)
        if self.on_deviation is not None:
            try:
                self.on_deviation(deviation)
            except Exception:
                log.exception("batch deviation listener failed")
        return deviation

    def _set_state(
        self,
        batch: Batch,
        state: BatchState,
        *,
        actor: Actor | None = None,
        reason: str = "",
    ) -> None:
        old = batch.state
        if old is state:
            return
        now = self.clock()
        batch.state = state
        if state is S.RUNNING:
            batch.hold_reason = ""
            if batch.started_time is None:
                batch.started_time = now
        if state in FINAL:
            batch.ended_time = now
        if state not in ADVANCING:
            batch.last_advance = None
        self._event(
            batch,
            "state",
            actor=actor,
            target="state",
            old=old.value,
            new=state.value,
            reason=reason,
        )
        self._rewatch()
        self._publish()
        batch.wake.set()

    def _system_hold(self, batch: Batch, reason: str) -> None:
        """The engine holds the batch itself (excursion, lost link, refused command)."""
        if (batch.state, BatchCommand.HOLD) not in TRANSITIONS:
            return  # already holding, held, stopping or ended
        batch.hold_reason = reason
        self._set_state(batch, S.HOLDING, reason=reason)

    # -- the driver -------------------------------------------------------------------

    async def _drive(self, batch: Batch) -> None:
        while self._open and not batch.closed:
            batch.wake.clear()
            try:
                await self._advance(batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug must never leave a batch running unwatched
                log.exception("batch %s: engine error", batch.batch_id)
                with contextlib.suppress(Exception):
                    self._event(batch, "engine-error", reason=str(exc) or type(exc).__name__)
                    self._system_hold(batch, f"engine error: {exc}")
            if time.monotonic() - batch.saved_wall >= self.save_every_s:
                self.recorder.save(batch)  # heartbeat: bounds the gap a crash leaves
                batch.saved_wall = time.monotonic()
                self._publish()
            timeout = None if batch.state in FINAL or batch.state is S.IDLE else self.tick_s
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(batch.wake.wait(), timeout)

    async def _advance(self, batch: Batch) -> None:
        state = batch.state
        if state is S.HOLDING:
            self._set_state(batch, S.HELD, reason=batch.hold_reason)
            return
        if state is S.RESTARTING:
            await self._restarting(batch)
            return
        if state is S.STOPPING or state is S.ABORTING:
            await self._end_equipment(batch, abort=state is S.ABORTING)
            if batch.state is state:
                self._set_state(batch, S.STOPPED if state is S.STOPPING else S.ABORTED)
            return
        if state not in ADVANCING:
            return
        ref = batch.current
        if ref is None:
            self._set_state(batch, S.COMPLETE)
            return
        phase, progress = ref.phase, batch.progress
        pausing = state is S.PAUSING
        if progress.started_at is None:
            if pausing:
                self._set_state(batch, S.PAUSED, reason="paused before the next step")
                return
            self._start_phase(batch, ref)
        problem = self._link_problem(batch, ref)
        if problem is not None:
            self._deviate(batch, "equipment-lost", "major", problem, holds=True)
            self._system_hold(batch, problem)
            return
        if not progress.manual_done(phase):
            if pausing:  # waiting for people is a safe point
                self._set_state(batch, S.PAUSED, reason="paused in a manual step")
            return
        if not isinstance(phase.action, NoAction) and not progress.action_done:
            if pausing:  # the equipment has not been started yet
                self._set_state(batch, S.PAUSED, reason="paused before the equipment starts")
                return
            await self._issue_action(batch, ref)
            return
        now = self.clock()
        if batch.last_advance is not None:
            progress.elapsed_s += max(0.0, now - batch.last_advance)
        batch.last_advance = now
        ended, note = self._end_reached(batch, ref)
        if ended and batch.state in ADVANCING:
            await self._end_phase(batch, ref, note)
            return
        limit = phase.max_duration_h
        if (
            limit is not None
            and not progress.overrun_reported
            and (progress.elapsed_s > limit * 3600.0)
        ):
            progress.overrun_reported = True
            self._deviate(
                batch,
                "overrun",
                "minor",
                f"{phase.name} has run {_hours(progress.elapsed_s)}, longer than "
                f"the recipe's {limit:g} h",
            )

    def _start_phase(self, batch: Batch, ref: PhaseRef) -> None:
        batch.progress = PhaseProgress(started_at=self.clock())
        batch.last_advance = None
        self._event(
            batch,
            "step-start",
            target=ref.path,
            new=ref.phase.name,
            reason=ref.phase.instruction[:200],
        )
        self._rewatch()
        self._publish()

    async def _end_phase(self, batch: Batch, ref: PhaseRef, note: str) -> None:
        phase, action = ref.phase, ref.phase.action
        holds: list[str] = []
        if (
            isinstance(phase.end, TagEnd)
            and isinstance(action, StartModule)
            and self._bay_text(batch, "process/state") == _RUNNING_BAY
        ):
            # Target reached (e.g. cell density): end the culture now.
            try:
                await self._shuttle(batch).stop_module(batch.bay or 0)
            except HardwareError as exc:
                message = f"{action.module} could not be stopped at its target: {exc}"
                self._deviate(batch, "equipment-command-failed", "major", message, holds=True)
                self._system_hold(batch, message)
                return
            self._event(
                batch,
                "action",
                target="stop_module",
                new=action.module,
                reason=f"end condition met: {phase.end.describe()}",
            )
        if isinstance(phase.end, QcResultsEnd) and isinstance(action, SubmitSample):
            holds = self._check_qc(batch, ref, action)
        self._event(
            batch,
            "step-end",
            target=ref.path,
            new=note or "done",
            reason=f"after {_hours(batch.progress.elapsed_s)}",
        )
        batch.step_index += 1
        batch.progress = PhaseProgress()
        batch.last_advance = None
        self._rewatch()
        if holds:
            self._system_hold(batch, "; ".join(holds))
        elif batch.current is None and batch.state in COMPLETES_FROM:
            self._set_state(batch, S.COMPLETE, reason="procedure finished")
        elif batch.state is S.PAUSING:
            self._set_state(batch, S.PAUSED, reason=f"paused after {phase.name}")
        self._publish()
        batch.wake.set()

    # -- equipment ----------------------------------------------------------------------

    def _shuttle(self, batch: Batch) -> CellShuttle:
        device = self.devices[batch.shuttle_id]
        assert isinstance(device, CellShuttle)
        return device

    def _bay_sample(self, batch: Batch, tag: str) -> Sample | None:
        if batch.bay is None:
            return None
        return self.devices[batch.shuttle_id].latest.get(
            f"{batch.shuttle_id}/bay-{batch.bay:02d}/{tag}"
        )

    def _bay_text(self, batch: Batch, tag: str) -> str | None:
        sample = self._bay_sample(batch, tag)
        if sample is None or sample.quality is not Quality.GOOD:
            return None
        return None if sample.value is None else str(sample.value)

    def _needed_devices(self, batch: Batch, ref: PhaseRef) -> list[Device]:
        phase = ref.phase
        devices: list[Device] = []
        if phase.uses_bay and batch.shuttle_id:
            devices.append(self.devices[batch.shuttle_id])
        if isinstance(phase.action, SubmitSample) and batch.cellq_id:
            devices.append(self.devices[batch.cellq_id])
        return devices

    def _link_problem(self, batch: Batch, ref: PhaseRef) -> str | None:
        for device in self._needed_devices(batch, ref):
            if device.connection is not ConnectionState.CONNECTED:
                return (
                    f"{device.device_id} is {device.connection.value} "
                    f"({device.connection_detail}); {ref.phase.name} is held until it is back"
                )
        return None

    def _ready_problems(self, batch: Batch) -> list[str]:
        """Why the batch may not go on now: lost links, CPPs not verifiable or outside
        the limits that hold the batch."""
        ref = batch.current
        if ref is None:
            return []
        problems = []
        link = self._link_problem(batch, ref)
        if link is not None:
            problems.append(link)
        if self._monitoring(batch):
            for cpp in ref.phase.cpps:
                sample = self._bay_sample(batch, cpp.tag)
                value = _number(sample)
                if value is None:
                    problems.append(f"{cpp.name} is {_describe_quality(sample)}")
                elif cpp.holds_batch and not cpp.within(value):
                    problems.append(
                        f"{cpp.name} {value:g} {cpp.unit} is still outside {cpp.describe_limits()}"
                    )
        return problems

    async def _issue_action(self, batch: Batch, ref: PhaseRef) -> None:
        action, progress = ref.phase.action, batch.progress
        progress.action_issued_at = self.clock()
        if isinstance(action, StartModule | WriteSetpoint):
            problem = self._bay_identity_problem(batch)
            if problem is not None:
                return
        try:
            what = await self._send(batch, action)
        except HardwareError as exc:
            message = f"{ref.phase.name}: the equipment refused {action.type}: {exc}"
            self._deviate(batch, "equipment-command-failed", "major", message, holds=True)
            self._system_hold(batch, message)
            return
        progress.action_done = True
        self._event(batch, "action", target=action.type, new=what)
        self._rewatch()
        batch.wake.set()

    async def _send(self, batch: Batch, action: object) -> str:
        bay = batch.bay or 0
        if isinstance(action, LoadCartridge):
            await self._shuttle(batch).load_cartridge(bay, batch.barcode, batch.coi)
            return f"cartridge {batch.barcode} into {batch.unit_label}"
        if isinstance(action, StartModule):
            await self._shuttle(batch).start_module(bay, action.module, action.duration_h)
            hours = f"{action.duration_h:g} h" if action.duration_h else "nominal time"
            return f"{action.module} for {hours} on {batch.unit_label}"
        if isinstance(action, WriteSetpoint):
            await self._shuttle(batch).write_setpoint(bay, action.tag, action.value)
            return f"{action.tag} = {action.value:g} on {batch.unit_label}"
        if isinstance(action, SubmitSample):
            device = self.devices[batch.cellq_id]
            assert isinstance(device, CellQ)
            sample_id = batch.sample_id(action.sample)
            await device.submit_sample(sample_id, batch.coi, list(action.assays))
            return f"sample {sample_id} ({', '.join(action.assays)}) to {batch.cellq_id}"
        raise BatchError(f"unknown equipment action {action!r}")

    def _bay_identity_problem(self, batch: Batch) -> str | None:
        """Chain of identity at the equipment: the bay must hold this batch's cartridge."""
        barcode = self._bay_text(batch, "cartridge/barcode")
        coi = self._bay_text(batch, "cartridge/coi")
        if barcode is None or coi is None:
            message = f"cannot read the cartridge identity at {batch.unit_label}"
            self._deviate(batch, "data-loss", "major", message, holds=True)
            self._system_hold(batch, message)
            return message
        if barcode != batch.barcode or coi != batch.coi:
            message = (
                f"{batch.unit_label} holds cartridge {barcode or '(none)'}, not this batch's "
                f"{batch.barcode}; nothing is started on it"
            )
            self._deviate(
                batch, "identity-mismatch", "critical", message, holds=True, value=barcode
            )
            self._system_hold(batch, message)
            return message
        return None

    def _end_reached(self, batch: Batch, ref: PhaseRef) -> tuple[bool, str]:
        phase, progress = ref.phase, batch.progress
        end, action = phase.end, phase.action
        if isinstance(end, TimeEnd):
            return progress.elapsed_s >= end.hours * 3600.0, f"{end.hours:g} h done"
        if isinstance(end, ImmediateEnd):
            return progress.action_done, "accepted by the equipment"
        if isinstance(end, QcResultsEnd):
            return self._qc_result(batch, ref) is not None, "QC results in"
        if isinstance(action, StartModule):
            module_state = self._module_state(batch, action, progress)
            if module_state in ("fault", "stopped"):
                message = f"{action.module} on {batch.unit_label} is {module_state}"
                self._deviate(batch, "module-fault", "major", message, holds=True)
                self._system_hold(batch, message)
                return False, ""
            if isinstance(end, EquipmentEnd):
                return module_state == "complete", f"{action.module} complete"
        if isinstance(end, TagEnd):
            value = _number(self._bay_sample(batch, end.tag))
            if value is not None and end.met(value):
                return True, f"{end.tag} = {value:g} ({end.describe()})"
            if (
                isinstance(action, StartModule)
                and self._module_state(batch, action, progress) == "complete"
            ):
                self._deviate(
                    batch,
                    "target-not-reached",
                    "minor",
                    f"{action.module} ended before {end.describe()} "
                    f"(last {value if value is not None else 'unknown'})",
                    tag=end.tag,
                    value=value,
                )
                return True, f"{action.module} complete before {end.describe()}"
            return False, ""
        return True, "done"  # confirmation end: the manual work is done

    def _module_state(
        self, batch: Batch, action: StartModule, progress: PhaseProgress
    ) -> str | None:
        """The bay's state for this phase's module, from good samples newer than the
        command (an old 'complete' from the module before does not count)."""
        state = self._bay_sample(batch, "process/state")
        module = self._bay_sample(batch, "process/module")
        if state is None or module is None:
            return None
        if state.quality is not Quality.GOOD or module.quality is not Quality.GOOD:
            return None
        if module.value != action.module:
            return None
        issued = progress.action_issued_at or 0.0
        if state.source_time < issued - 1e-6:
            return None
        return str(state.value)

    async def _restarting(self, batch: Batch) -> None:
        problems = self._ready_problems(batch)
        if problems:
            self._system_hold(batch, "restart stopped: " + "; ".join(problems))
            return
        ref = batch.current
        resume = (
            ref is not None
            and isinstance(ref.phase.action, StartModule)
            and batch.progress.action_done
        )
        if resume and not await self._resume_module(batch, ref, ref.phase.action):
            return
        if batch.state is S.RESTARTING:
            self._set_state(batch, S.RUNNING, reason="equipment ready")

    async def _resume_module(self, batch: Batch, ref: PhaseRef, action: StartModule) -> bool:
        """After a fault or stop the module is run again for the time it still had left."""
        state = self._bay_text(batch, "process/state")
        module = self._bay_text(batch, "process/module")
        if state in (_RUNNING_BAY, "complete") and module == action.module:
            return True
        shuttle, bay = self._shuttle(batch), batch.bay or 0
        progress = _number(self._bay_sample(batch, "process/progress")) or 0.0
        planned = action.duration_h or ref.phase.duration_h
        remaining = max(0.1, planned * (1.0 - progress / 100.0))
        try:
            if state == "fault":
                await shuttle.reset_fault(bay)
            batch.progress.action_issued_at = self.clock()
            await shuttle.start_module(bay, action.module, remaining)
        except HardwareError as exc:
            message = f"{action.module} could not be restarted: {exc}"
            self._deviate(batch, "equipment-command-failed", "major", message, holds=True)
            self._system_hold(batch, message)
            return False
        self._event(
            batch,
            "action",
            target="start_module",
            new=f"{action.module} for {remaining:.1f} h",
            reason="restart after hold: remaining time",
        )
        return True

    async def _end_equipment(self, batch: Batch, *, abort: bool) -> None:
        """Stop: end a running module; Abort: abort whatever the module is doing."""
        ref = batch.current
        if ref is None or not isinstance(ref.phase.action, StartModule):
            return
        if not batch.progress.action_done:
            return
        state = self._bay_text(batch, "process/state")
        wanted = ("running", "stopped", "fault") if abort else ("running",)
        if state not in wanted:
            return
        shuttle, bay = self._shuttle(batch), batch.bay or 0
        command = "abort_module" if abort else "stop_module"
        try:
            await (shuttle.abort_module(bay) if abort else shuttle.stop_module(bay))
        except HardwareError as exc:
            self._deviate(
                batch,
                "equipment-command-failed",
                "critical" if abort else "major",
                f"{command} on {batch.unit_label} failed: {exc}; check the bay",
            )
            return
        self._event(batch, "action", target=command, new=ref.phase.action.module)

    # -- QC results ---------------------------------------------------------------------

    def _qc_result(self, batch: Batch, ref: PhaseRef) -> dict[str, object] | None:
        action = ref.phase.action
        if not isinstance(action, SubmitSample) or not batch.cellq_id:
            return None
        sample = self.devices[batch.cellq_id].latest.get(f"{batch.cellq_id}/results/json")
        if sample is None or sample.quality is not Quality.GOOD or not sample.value:
            return None
        sample_id = batch.sample_id(action.sample)
        try:
            results = json.loads(str(sample.value))
        except ValueError:
            return None
        for result in results:
            if isinstance(result, dict) and result.get("sample_id") == sample_id:
                return result
        return None

    def _check_qc(self, batch: Batch, ref: PhaseRef, action: SubmitSample) -> list[str]:
        """Record each assay result against its specification; returns hold reasons."""
        result = self._qc_result(batch, ref) or {}
        holds: list[str] = []
        if result.get("coi") != batch.coi:
            message = (
                f"QC sample {batch.sample_id(action.sample)} reports chain-of-identity "
                f"{result.get('coi')!r}, not {batch.coi!r}"
            )
            self._deviate(batch, "identity-mismatch", "critical", message, holds=True)
            return [message]
        specs = {spec.assay: spec for spec in ref.phase.specs}
        runs = result.get("assays", [])
        for run in runs if isinstance(runs, list) else []:
            assay = str(run.get("assay"))
            value = run.get("result")
            unit = str(run.get("unit") or "")
            spec = specs.get(assay)
            passed = spec.passes(float(value)) if spec is not None and value is not None else None
            verdict = {True: "pass", False: "FAIL", None: "no specification"}[passed]
            self._event(
                batch,
                "qc-result",
                target=assay,
                new=f"{value} {unit}".strip(),
                reason=f"{verdict}" + (f" (spec {spec.describe()})" if spec else ""),
            )
            if spec is not None and passed is False:
                message = f"{assay} {value} {unit} is out of specification {spec.describe()}"
                self._deviate(
                    batch,
                    "out-of-specification",
                    "major",
                    message,
                    tag=assay,
                    value=value,
                    low=spec.low,
                    high=spec.high,
                    holds=spec.holds_batch,
                )
                if spec.holds_batch:
                    holds.append(message)
        return holds

    # -- process data -------------------------------------------------------------------

    def _monitoring(self, batch: Batch) -> bool:
        """CPPs are watched from the moment the phase's equipment runs to its end, whether
        the procedure advances or waits (the cells are in the bay either way)."""
        ref = batch.current
        if ref is None or batch.bay is None or not ref.phase.cpps:
            return False
        if batch.state is S.IDLE or batch.state in FINAL:
            return False
        progress = batch.progress
        if progress.started_at is None or not progress.manual_done(ref.phase):
            return False
        return isinstance(ref.phase.action, NoAction) or progress.action_done

    def _rewatch(self) -> None:
        """Rebuild the tag -> (batch, CPP) map; a newly watched CPP is checked at once
        against the device's latest value."""
        if self._rewatching:
            return
        self._rewatching = True
        try:
            watch: dict[str, list[tuple[Batch, CriticalParameter]]] = {}
            for batch in self.batches.values():
                if self._monitoring(batch):
                    ref = batch.current
                    assert ref is not None
                    for cpp in ref.phase.cpps:
                        watch.setdefault(batch.cpp_path(cpp), []).append((batch, cpp))
            self._watch = watch
            watched = {(b.batch_id, path) for path, pairs in watch.items() for b, _ in pairs}
            fresh = watched - self._watched
            self._watched = watched
            for path, pairs in watch.items():
                for batch, cpp in pairs:
                    if (batch.batch_id, path) in fresh:
                        sample = self.devices[batch.shuttle_id].latest.get(path)
                        if sample is not None:
                            self._check_cpp(batch, cpp, sample)
        finally:
            self._rewatching = False

    def _on_samples(self, samples: Sequence[Sample]) -> None:
        watch = self._watch
        if not watch or not self._open:
            return
        for sample in samples:
            pairs = watch.get(sample.path)
            if pairs:
                for batch, cpp in pairs:
                    self._check_cpp(batch, cpp, sample)

    def _check_cpp(self, batch: Batch, cpp: CriticalParameter, sample: Sample) -> None:
        path = sample.path
        progress = batch.progress
        value = _number(sample)
        if value is None:
            device = self.devices[batch.shuttle_id]
            if device.connection is not ConnectionState.CONNECTED:
                return  # the lost link is handled once, by the connection watch
            if path not in batch.doubtful:
                batch.doubtful.add(path)
                message = (
                    f"{cpp.name} reading is {_describe_quality(sample)}: the CPP cannot be "
                    f"verified, {batch.current.phase.name if batch.current else 'step'} is held"
                )
                self._event(
                    batch, "cpp-unverified", target=cpp.tag, new=sample.value, reason=message
                )
                self._deviate(
                    batch,
                    "data-loss",
                    "minor",
                    message,
                    tag=cpp.tag,
                    value=sample.value,
                    holds=True,
                )
                self._system_hold(batch, message)
            return
        if path in batch.doubtful:
            batch.doubtful.discard(path)
            self._event(
                batch, "cpp-verified", target=cpp.tag, new=value, reason=f"{cpp.name} good again"
            )
        open_deviation = progress.excursions.get(cpp.tag)
        if not cpp.within(value):
            if open_deviation is None:
                low, high = cpp.limits
                phase = batch.current.phase.name if batch.current else ""
                message = (
                    f"{cpp.name} {value:g} {cpp.unit} is outside {cpp.describe_limits()} "
                    f"during {phase}"
                )
                deviation = self._deviate(
                    batch,
                    "cpp-excursion",
                    "major" if cpp.holds_batch else "minor",
                    message,
                    tag=cpp.tag,
                    value=value,
                    low=low,
                    high=high,
                    holds=cpp.holds_batch,
                )
                progress.excursions[cpp.tag] = deviation.deviation_id
                self.recorder.save(batch)
                if cpp.holds_batch:
                    self._system_hold(batch, message)
        elif open_deviation is not None:
            del progress.excursions[cpp.tag]
            self._event(
                batch,
                "cpp-in-limits",
                target=f"deviation {open_deviation}",
                new=value,
                reason=f"{cpp.name} back within {cpp.describe_limits()}",
            )

    def _on_connection(self, device: Device, state: ConnectionState, detail: str) -> None:
        if not self._open or device.device_id not in self.devices:
            return
        marker = f"link:{device.device_id}"
        for batch in list(self.batches.values()):
            ref = batch.current
            if ref is None or device not in self._needed_devices(batch, ref):
                continue
            if state is ConnectionState.CONNECTED:
                if marker in batch.doubtful:
                    batch.doubtful.discard(marker)
                    self._event(
                        batch,
                        "equipment-link-restored",
                        target=device.device_id,
                        new=state.value,
                        reason=detail,
                    )
                continue
            if state is ConnectionState.CONNECTING or marker in batch.doubtful:
                continue
            if batch.state not in ADVANCING and batch.state is not S.RESTARTING:
                continue
            batch.doubtful.add(marker)
            message = (
                f"{device.device_id} is {state.value} ({detail}); {ref.phase.name} is held "
                "until the link is back"
            )
            self._deviate(batch, "equipment-lost", "major", message, holds=True)
            self._system_hold(batch, message)
