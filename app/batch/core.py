"""EngineCore: what every part of the batch engine shares.

The open batches, the record (every event through ``_event``, every deviation through
``_deviate``, both passed on to the integrator's hooks), state changes, the immutable
views the UI reads, and the latest samples of a batch's bay. The engine's parts
(``manual``, ``equipment``, ``process``, ``engine``) build on it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Mapping

import sqlite_utils

from app.batch.errors import UnknownBatch
from app.batch.recipe import CriticalParameter, PhaseRef, Recipe, SubmitSample
from app.batch.records import BatchRecorder
from app.batch.runtime import Batch, BatchView, Deviation, PhaseProgress
from app.batch.states import ADVANCING, FINAL, TRANSITIONS, BatchCommand, BatchState
from app.security import Actor
from hardware import CellShuttle, ConnectionState, Device, Quality, Sample, Subscription, TagValue

log = logging.getLogger("app.batch.engine")

AuditHook = Callable[[Actor | None, str, str, str | None, str | None, str], None]
DeviationHook = Callable[[Deviation], None]
# Why a recipe may not run on this station (not released here, withdrawn, changed since
# its release), or None; the station's release record answers it.
ReleaseCheck = Callable[[Recipe], str | None]

S = BatchState
RUNNING_BAY = "running"


def format_duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def good_number(sample: Sample | None) -> float | None:
    """The value of a good numeric sample, else None: only good data counts."""
    if sample is None or sample.quality is not Quality.GOOD:
        return None
    value = sample.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def describe_quality(sample: Sample | None) -> str:
    if sample is None:
        return "missing"
    reason = f" ({sample.reason.value})" if sample.reason is not None else ""
    if sample.quality is Quality.GOOD:
        return f"not a number ({sample.value!r})"
    return f"{sample.quality.name.lower()}{reason}"


class EngineCore:
    """The state and record keeping shared by the batch engine's parts."""

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
        release_check: ReleaseCheck | None = None,
    ) -> None:
        self.recorder = BatchRecorder(db, clock, station)
        self.devices = dict(devices)
        self.clock = clock
        self.tick_s = tick_s
        self.save_every_s = save_every_s
        self.allow_drafts = allow_drafts
        self.on_audit = on_audit
        self.on_deviation = on_deviation
        self.release_check = release_check
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

    # -- reading ----------------------------------------------------------------------

    def batch(self, batch_id: str) -> Batch:
        return self._batch(batch_id)

    def _batch(self, batch_id: str) -> Batch:
        batch = self.batches.get(batch_id)
        if batch is None:
            raise UnknownBatch(f"no open batch {batch_id!r} on this station")
        return batch

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
            recipe_name=batch.recipe.name,
            created_time=batch.created_time,
            started_time=batch.started_time,
            remaining_h=self._remaining_h(batch),
        )

    @staticmethod
    def _remaining_h(batch: Batch) -> float:
        """Expected hours to the end of the procedure: what is left of the current
        phase and the expected duration of every later one."""
        phases = batch.recipe.phases
        if batch.step_index >= len(phases):
            return 0.0
        current = phases[batch.step_index].phase.duration_h
        left = max(0.0, current - batch.progress.elapsed_s / 3600.0)
        return left + sum(ref.phase.duration_h for ref in phases[batch.step_index + 1 :])

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
        self._audit(batch, kind, actor, target, old, new, reason)

    def _audit(
        self,
        batch: Batch,
        kind: str,
        actor: Actor | None,
        target: str,
        old: object,
        new: object,
        reason: str,
    ) -> None:
        if self.on_audit is None:
            return
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
        value: TagValue = None,
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
            value=value,
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
            value=value,
            low=low,
            high=high,
            holds_batch=holds,
            user_id=actor.user_id if actor else "",
            shuttle_id=batch.shuttle_id,
            bay=batch.bay,
        )
        log.warning("batch %s deviation %s: %s", batch.batch_id, kind, message)
        self._audit(batch, "deviation", actor, f"deviation {deviation_id}", None, kind, message)
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

    # -- steps -------------------------------------------------------------------------

    def _start_phase(self, batch: Batch, ref: PhaseRef) -> None:
        batch.progress = PhaseProgress(started_at=self.clock())
        batch.last_advance = None
        # Doubts about the last phase's CPPs do not carry over; a lost link does.
        batch.doubtful = {mark for mark in batch.doubtful if mark.startswith("link:")}
        self._event(
            batch,
            "step-start",
            target=ref.path,
            new=ref.phase.name,
            reason=ref.phase.instruction[:200],
        )
        self._rewatch()
        self._publish()

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

    def _rewatch(self) -> None:
        """Rebuild which CPPs are watched (ProcessWatch does the work)."""
