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
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from app.batch.core import (
    RUNNING_BAY,
    AuditHook,
    DeviationHook,
    EngineCore,
    ReleaseCheck,
    S,
    format_duration,
)
from app.batch.equipment import EquipmentSteps
from app.batch.errors import BatchNotReady, BatchRefused, ReasonRequired, RecipeError
from app.batch.manual import ManualSteps
from app.batch.process import ProcessWatch
from app.batch.recipe import (
    NoAction,
    PhaseRef,
    QcResultsEnd,
    Recipe,
    StartModule,
    SubmitSample,
    TagEnd,
    recipe_from_json,
)
from app.batch.runtime import Batch, PhaseProgress
from app.batch.states import (
    ADVANCING,
    COMES_BACK_HELD,
    COMMAND_PERMISSION,
    COMPLETES_FROM,
    FINAL,
    BatchCommand,
    BatchState,
    next_state,
)
from app.security import Actor, Permission, require
from hardware import CellQ, CellShuttle, HardwareError

log = logging.getLogger(__name__)

# Commands that end or resume a batch after trouble say why (Annex 11: reason for change).
NEEDS_REASON = frozenset({BatchCommand.RESTART, BatchCommand.STOP, BatchCommand.ABORT})

__all__ = ["AuditHook", "BatchEngine", "DeviationHook", "EngineCore", "ReleaseCheck"]


class BatchEngine(ManualSteps, ProcessWatch, EquipmentSteps):
    """The station's batch execution: every open batch of this station, its procedure,
    its equipment and its electronic batch record. Runs on the station core loop.

    ``on_audit(actor, action, target, old, new, reason)`` is called for every recorded
    event (actor None for the engine's own actions); ``on_deviation(Deviation)`` for
    every deviation. Both are for the integrator (audit trail, alarm engine).
    """

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

    def _restore(self, row: dict[str, Any]) -> None:
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
            step_index=int(row["step_index"]),
            progress=PhaseProgress.from_dict(json.loads(str(row["progress_json"]))),
            hold_reason=str(row["hold_reason"] or ""),
            created_by=str(row["created_by"]),
            created_time=float(row["created_time"]),
            started_time=row["started_time"],
            ended_time=row["ended_time"],
        )
        batch.deviation_count = len(self.recorder.deviations(batch_id))
        self.batches[batch_id] = batch
        if batch.state not in COMES_BACK_HELD:
            return
        gap = max(0.0, self.clock() - float(row["updated_time"]))
        was = batch.state
        reason = (
            f"the station was down for {format_duration(gap)}; batch was {was.value} at "
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
            f"no supervision for {format_duration(gap)} while the batch was {was.value}",
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
        self._check_release(recipe)
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

    def _check_release(self, recipe: Recipe, batch_id: str = "") -> None:
        """A station runs only recipe content its QA released; a release withdrawn (or a
        file changed) after a batch was created stops it before it starts."""
        problem = None if self.release_check is None else self.release_check(recipe)
        if problem is not None:
            raise BatchRefused(f"batch {batch_id} cannot start: {problem}" if batch_id else problem)

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
        if command is BatchCommand.START:
            self._check_release(batch.recipe, batch_id)
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
                f"{phase.name} has run {format_duration(progress.elapsed_s)}, longer than "
                f"the recipe's {limit:g} h",
            )

    async def _end_phase(self, batch: Batch, ref: PhaseRef, note: str) -> None:
        phase, action = ref.phase, ref.phase.action
        holds: list[str] = []
        if (
            isinstance(phase.end, TagEnd)
            and isinstance(action, StartModule)
            and self._bay_text(batch, "process/state") == RUNNING_BAY
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
            reason=f"after {format_duration(batch.progress.elapsed_s)}",
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
