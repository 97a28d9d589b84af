"""AlarmEngine: evaluates alarm conditions on live samples and keeps ISA-18.2 states.

Runs on the station core's loop. Samples arrive in batches; only the alarms watching a
changed tag are evaluated. A once-a-second ``tick`` runs the timers (on-delay, off-delay,
shelve expiry, flood windows). Every state change becomes an ``AlarmRecord`` for the
journal and for anyone listening; the UI reads ``snapshot()`` once per frame.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.alarms.definitions import AlarmDefinition, BoundAlarm, Condition, Priority
from app.alarms.states import (
    NOT_ANNUNCIATED,
    STANDING,
    UNACKNOWLEDGED,
    AlarmEvent,
    AlarmState,
    IllegalTransition,
    next_state,
)
from app.security import Actor, Permission, require
from hardware import ConnectionState, Quality, QualityReason, Sample, TagValue

FLOOD_WINDOW_S = 600.0
FLOOD_START = 10  # more than this many activations in the window: flood
FLOOD_END = 5  # fewer than this many in the window: flood over
CHATTER_WINDOW_S = 60.0
CHATTER_COUNT = 3
MAX_SHELVE_S = 12 * 3600.0


@dataclass(slots=True)
class Alarm:
    """The live state of one bound alarm."""

    bound: BoundAlarm
    state: AlarmState = AlarmState.NORM
    active: bool = False  # the process condition, after delays
    value: TagValue = None
    pending_since: float | None = None  # condition true, on-delay running
    clearing_since: float | None = None  # condition false, off-delay running
    activated_at: float | None = None
    changed_at: float = 0.0
    acked_by: str = ""
    shelved_until: float | None = None
    shelve_reason: str = ""
    state_before_suppression: AlarmState | None = None
    last_sample_value: float | None = None
    last_sample_time: float | None = None
    activations: deque[float] = field(default_factory=lambda: deque(maxlen=16))

    @property
    def alarm_id(self) -> str:
        return self.bound.alarm_id

    @property
    def priority(self) -> Priority:
        return self.bound.definition.priority

    @property
    def limit(self) -> float | None:
        return self.bound.definition.limit


@dataclass(frozen=True, slots=True)
class AlarmRecord:
    """One journal line: an alarm's state changed, or a person acted on it."""

    time: float
    alarm_id: str
    tag: str
    source: str
    area: str
    priority: str
    event: str
    state: str
    value: TagValue
    limit: float | None
    user: str = ""
    comment: str = ""


@dataclass(frozen=True, slots=True)
class AlarmView:
    """What the UI shows of one alarm (immutable, safe to hand across threads)."""

    alarm_id: str
    message: str
    source: str
    area: str
    tag: str
    priority: Priority
    state: AlarmState
    active: bool
    value: TagValue
    limit: float | None
    unit: str
    activated_at: float | None
    changed_at: float
    acked_by: str
    shelved_until: float | None
    shelve_reason: str
    cause: str
    consequence: str
    action: str
    first_out: bool = False


@dataclass(frozen=True, slots=True)
class AlarmSnapshot:
    version: int
    alarms: tuple[AlarmView, ...]  # every alarm not in NORM
    flooded_areas: tuple[str, ...]
    counts: dict[str, int]  # unacknowledged per priority


class AlarmEngine:
    """ISA-18.2 alarm states for every bound alarm of one station."""

    def __init__(
        self,
        alarms: Sequence[BoundAlarm],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.clock = clock
        self.alarms: dict[str, Alarm] = {b.alarm_id: Alarm(b) for b in alarms}
        self._by_tag: dict[str, list[Alarm]] = {}
        self._by_device: dict[str, list[Alarm]] = {}
        self._by_context: dict[str, list[Alarm]] = {}
        for alarm in self.alarms.values():
            bound = alarm.bound
            if bound.tag:
                self._by_tag.setdefault(bound.tag, []).append(alarm)
            else:
                self._by_device.setdefault(bound.device_id, []).append(alarm)
            for context in (bound.state_tag, bound.module_tag, bound.setpoint_tag):
                if context:
                    self._by_context.setdefault(context, []).append(alarm)
        self._context: dict[str, TagValue] = {}
        self._queued: dict[str, Sample] = {}
        self._listeners: list[Callable[[AlarmRecord], None]] = []
        self._area_activations: dict[str, deque[float]] = {}
        self._flooded: dict[str, float] = {}  # area -> flood start
        self._first_out: dict[str, str] = {}  # area -> alarm id that started the flood
        self.flood_seconds: dict[str, float] = {}
        self._lock = threading.Lock()
        self._version = 0
        self._snapshot = AlarmSnapshot(0, (), (), {p.value: 0 for p in Priority})
        self._dirty = True
        self.activations_total = 0

    # -- wiring ---------------------------------------------------------------------

    def on_record(self, listener: Callable[[AlarmRecord], None]) -> None:
        self._listeners.append(listener)

    def restore(self, saved: Iterable[dict[str, object]]) -> int:
        """Bring back states saved before a restart (from the journal's state table)."""
        restored = 0
        for row in saved:
            alarm = self.alarms.get(str(row["alarm_id"]))
            if alarm is None:
                continue
            alarm.state = AlarmState(str(row["state"]))
            alarm.active = bool(row["active"])
            alarm.value = row.get("value")  # type: ignore[assignment]
            alarm.activated_at = _float_or_none(row.get("activated_at"))
            alarm.changed_at = float(row.get("changed_at") or 0.0)  # type: ignore[arg-type]
            alarm.acked_by = str(row.get("acked_by") or "")
            alarm.shelved_until = _float_or_none(row.get("shelved_until"))
            alarm.shelve_reason = str(row.get("shelve_reason") or "")
            restored += 1
        self._dirty = True
        return restored

    # -- process side -----------------------------------------------------------------

    def queue_samples(self, samples: Sequence[Sample]) -> None:
        """Keep the latest sample per tag for the next ``evaluate_queued()``: the station
        evaluates alarms ten times a second on the latest values, so equipment publishing
        a thousand times a second costs a dictionary write per sample, not an evaluation
        per alarm per sample."""
        queued = self._queued
        for sample in samples:
            queued[sample[0]] = sample

    def evaluate_queued(self) -> None:
        if self._queued:
            queued, self._queued = self._queued, {}
            self.on_samples(list(queued.values()))

    def on_samples(self, samples: Sequence[Sample]) -> None:
        by_tag, by_context = self._by_tag, self._by_context
        now = self.clock()  # one reading per batch: the batch arrived at one moment
        for sample in samples:
            path = sample.path
            if path in by_context:
                self._context[path] = sample.value if sample.is_good else None
                for alarm in by_context[path]:
                    self._check_suppression(alarm)
            alarms = by_tag.get(path)
            if alarms:
                for alarm in alarms:
                    self._evaluate(alarm, sample, now)

    def on_connection(self, device_id: str, state: ConnectionState) -> None:
        if state not in (ConnectionState.LOST, ConnectionState.CONNECTED):
            return  # connecting or deliberately closed: not an abnormal situation
        now = self.clock()
        bad = state is ConnectionState.LOST
        for alarm in self._by_device.get(device_id, ()):
            alarm.value = state.value
            self._condition(alarm, bad, now)

    def tick(self) -> None:
        """Timers: on/off delays waiting for their time, shelves expiring, floods ending."""
        now = self.clock()
        for alarm in self.alarms.values():
            if alarm.pending_since is not None or alarm.clearing_since is not None:
                self._condition(alarm, alarm.pending_since is not None, now)
            shelf_end = alarm.shelved_until
            if alarm.state is AlarmState.SHLVD and shelf_end is not None and now >= shelf_end:
                alarm.shelved_until = None
                self._apply(alarm, AlarmEvent.UNSHELVE, now, comment="shelve expired")
        self._update_floods(now)

    def _evaluate(self, alarm: Alarm, sample: Sample, now: float) -> None:
        definition = alarm.bound.definition
        if definition.condition is Condition.BAD_QUALITY:
            # A lost link is the device's communication alarm, not one alarm per tag.
            reason = sample.reason
            bad = (sample.quality is Quality.BAD and reason is not QualityReason.COMM_LOSS) or (
                sample.quality is Quality.UNCERTAIN and reason is QualityReason.SENSOR_FAULT
            )
            alarm.value = reason.value if reason else sample.quality.name
            self._condition(alarm, bad, now)
            return
        if not sample.is_good:
            # No judgement on doubtful data: the alarm keeps its state, and the value's
            # own quality mark (and the comm-loss alarm) tell the operator why.
            alarm.pending_since = None
            return
        value = sample.value
        alarm.value = value
        condition = definition.condition
        if condition is Condition.DISCRETE:
            self._condition(alarm, value == definition.state, now)
            return
        if not isinstance(value, int | float) or isinstance(value, bool):
            return
        limit = definition.limit or 0.0
        deadband = definition.deadband
        number = float(value)
        if condition in (Condition.HIGH, Condition.HIGH_HIGH):
            active = number > limit if not alarm.active else number > limit - deadband
        elif condition in (Condition.LOW, Condition.LOW_LOW):
            active = number < limit if not alarm.active else number < limit + deadband
        elif condition is Condition.DEVIATION:
            setpoint = self._context.get(alarm.bound.setpoint_tag or "")
            if not isinstance(setpoint, int | float):
                return
            error = abs(number - float(setpoint))
            active = error > limit if not alarm.active else error > limit - deadband
        else:  # RATE, per minute of process time
            previous, previous_time = alarm.last_sample_value, alarm.last_sample_time
            alarm.last_sample_value, alarm.last_sample_time = number, sample.source_time
            if previous is None or previous_time is None:
                return
            minutes = (sample.source_time - previous_time) / 60.0
            if minutes <= 0:
                return
            active = abs(number - previous) / minutes > limit
        if (
            active == alarm.active
            and alarm.pending_since is None
            and (alarm.clearing_since is None)
        ):
            return  # the usual case: nothing changes, no timer runs
        self._condition(alarm, active, now)

    def _condition(self, alarm: Alarm, condition_true: bool, now: float) -> None:
        """Apply on-delay and off-delay, then activate or clear."""
        definition = alarm.bound.definition
        if condition_true:
            alarm.clearing_since = None
            if alarm.active:
                return
            if alarm.pending_since is None:
                alarm.pending_since = now
            if now - alarm.pending_since >= definition.on_delay_s:
                alarm.pending_since = None
                self._set_active(alarm, True, now)
        else:
            alarm.pending_since = None
            if not alarm.active:
                return
            if alarm.clearing_since is None:
                alarm.clearing_since = now
            if now - alarm.clearing_since >= definition.off_delay_s:
                alarm.clearing_since = None
                self._set_active(alarm, False, now)

    def _set_active(self, alarm: Alarm, active: bool, now: float) -> None:
        alarm.active = active
        if active:
            alarm.activated_at = now
            alarm.activations.append(now)
            self.activations_total += 1
            # A flood is what people are shown (ISA-18.2): a shelved, suppressed or
            # out-of-service alarm neither counts towards one nor becomes its first-out.
            if alarm.state not in NOT_ANNUNCIATED:
                self._count_activation(alarm, now)
        if alarm.state in NOT_ANNUNCIATED:
            # Shelved, suppressed or out of service: journaled, not annunciated.
            self._record(alarm, "activate" if active else "clear", now)
            self._dirty = True
            return
        event = AlarmEvent.ACTIVATE if active else AlarmEvent.CLEAR
        if (alarm.state, event) == (AlarmState.UNACK, AlarmEvent.ACTIVATE) or (
            alarm.state is AlarmState.ACKED and active
        ):
            return
        try:
            self._apply(alarm, event, now)
        except IllegalTransition:
            # e.g. clearing while RTNUN: nothing changes but the journal notes it.
            self._record(alarm, event.value, now)

    def _check_suppression(self, alarm: Alarm) -> None:
        definition = alarm.bound.definition
        state = self._context.get(alarm.bound.state_tag or "")
        module = self._context.get(alarm.bound.module_tag or "")
        suppressed = (state in definition.suppress_when_state) or (
            module in definition.suppress_when_module
        )
        now = self.clock()
        if suppressed and alarm.state not in (AlarmState.DSUPR, AlarmState.OOSRV):
            alarm.pending_since = None
            self._apply(alarm, AlarmEvent.SUPPRESS, now, comment="suppressed by design")
        elif not suppressed and alarm.state is AlarmState.DSUPR:
            self._apply(alarm, AlarmEvent.UNSUPPRESS, now, comment="suppression ended")

    def raise_external(
        self,
        key: str,
        *,
        source: str,
        device_id: str,
        area: str,
        priority: Priority,
        message: str,
        tag: str = "",
        value: TagValue = None,
        limit: float | None = None,
        alarm_class: str = "batch",
        action: str = "",
    ) -> str:
        """An alarm raised by another part of the station (a batch deviation): it is
        annunciated, journaled and stays until acknowledged (it cannot clear by itself,
        the event it reports has already happened). Returns the alarm id."""
        alarm_id = f"{key}@{source}"
        alarm = self.alarms.get(alarm_id)
        if alarm is None:
            definition = AlarmDefinition.model_construct(
                id=key,
                scope="tag",
                tag=tag,
                condition=Condition.DISCRETE,
                priority=priority,
                message=message,
                alarm_class=alarm_class,
                action=action,
                limit=limit,
                latching=False,
                on_delay_s=0.0,
                off_delay_s=0.0,
                deadband=0.0,
                cause="",
                consequence="",
                suppress_when_state=[],
                suppress_when_module=[],
                setpoint_tag=None,
                state=True,
                grades=[],
                device_kind=None,
            )
            bound = BoundAlarm(
                alarm_id, definition, tag, None, source, device_id, area, None, None, None
            )
            alarm = Alarm(bound)
            self.alarms[alarm_id] = alarm
        now = self.clock()
        alarm.value = value
        self._set_active(alarm, True, now)
        self._set_active(alarm, False, now)  # momentary: RTNUN until a person acknowledges
        return alarm_id

    # -- operator side ----------------------------------------------------------------

    def acknowledge(self, alarm_ids: Iterable[str], actor: Actor | None, comment: str = "") -> int:
        """Acknowledge the given alarms; those not awaiting acknowledgement are skipped."""
        require(actor, Permission.ALARM_ACKNOWLEDGE)
        assert actor is not None
        now = self.clock()
        done = 0
        for alarm_id in alarm_ids:
            alarm = self._get(alarm_id)
            if alarm.state in UNACKNOWLEDGED:
                alarm.acked_by = actor.name
                self._apply(alarm, AlarmEvent.ACKNOWLEDGE, now, actor, comment)
                done += 1
        return done

    def acknowledge_all(
        self, actor: Actor | None, area: str | None = None, comment: str = ""
    ) -> int:
        """Acknowledge every unacknowledged alarm (of one area, if given)."""
        ids = [
            a.alarm_id
            for a in self.alarms.values()
            if a.state in UNACKNOWLEDGED and (area is None or a.bound.area == area)
        ]
        return self.acknowledge(ids, actor, comment)

    def reset(self, alarm_id: str, actor: Actor | None, comment: str = "") -> None:
        """Release a latched alarm whose condition has cleared and been acknowledged."""
        require(actor, Permission.ALARM_RESET)
        alarm = self._get(alarm_id)
        if alarm.active:
            raise IllegalTransition(f"{alarm_id} is still active; it cannot be reset yet")
        self._apply(alarm, AlarmEvent.RESET, self.clock(), actor, comment)

    def shelve(self, alarm_id: str, actor: Actor | None, duration_s: float, reason: str) -> None:
        require(actor, Permission.ALARM_SHELVE)
        if not reason.strip():
            raise ValueError("shelving needs a reason")
        if not 0 < duration_s <= MAX_SHELVE_S:
            raise ValueError(f"shelve for 1 s to {MAX_SHELVE_S / 3600:g} h, not {duration_s:g} s")
        alarm = self._get(alarm_id)
        now = self.clock()
        self._apply(alarm, AlarmEvent.SHELVE, now, actor, reason)
        alarm.shelved_until = now + duration_s
        alarm.shelve_reason = reason
        self._dirty = True

    def unshelve(self, alarm_id: str, actor: Actor | None, comment: str = "") -> None:
        require(actor, Permission.ALARM_SHELVE)
        alarm = self._get(alarm_id)
        alarm.shelved_until = None
        alarm.shelve_reason = ""
        self._apply(alarm, AlarmEvent.UNSHELVE, self.clock(), actor, comment)

    def remove_from_service(self, alarm_id: str, actor: Actor | None, reason: str) -> None:
        require(actor, Permission.ALARM_OUT_OF_SERVICE)
        if not reason.strip():
            raise ValueError("taking an alarm out of service needs a reason")
        self._apply(
            self._get(alarm_id), AlarmEvent.REMOVE_FROM_SERVICE, self.clock(), actor, reason
        )

    def return_to_service(self, alarm_id: str, actor: Actor | None, comment: str = "") -> None:
        require(actor, Permission.ALARM_OUT_OF_SERVICE)
        self._apply(self._get(alarm_id), AlarmEvent.RETURN_TO_SERVICE, self.clock(), actor, comment)

    def _get(self, alarm_id: str) -> Alarm:
        try:
            return self.alarms[alarm_id]
        except KeyError:
            raise KeyError(f"no alarm {alarm_id}") from None

    # -- transitions, records, floods -----------------------------------------------

    def _apply(
        self,
        alarm: Alarm,
        event: AlarmEvent,
        now: float,
        actor: Actor | None = None,
        comment: str = "",
    ) -> None:
        new = next_state(
            alarm.state, event, latching=alarm.bound.definition.latching, active=alarm.active
        )
        alarm.state = new
        alarm.changed_at = now
        if new is AlarmState.NORM:
            alarm.acked_by = ""
        self._record(alarm, event.value, now, actor, comment)
        self._dirty = True

    def _record(
        self,
        alarm: Alarm,
        event: str,
        now: float,
        actor: Actor | None = None,
        comment: str = "",
    ) -> None:
        bound = alarm.bound
        record = AlarmRecord(
            time=now,
            alarm_id=bound.alarm_id,
            tag=bound.tag or bound.device_id,
            source=bound.source,
            area=bound.area,
            priority=bound.definition.priority.value,
            event=event,
            state=alarm.state.value,
            value=alarm.value,
            limit=bound.definition.limit,
            user=actor.user_id if actor else "",
            comment=comment,
        )
        for listener in self._listeners:
            listener(record)

    def _count_activation(self, alarm: Alarm, now: float) -> None:
        area = alarm.bound.area
        window = self._area_activations.setdefault(area, deque())
        window.append(now)
        while window and window[0] < now - FLOOD_WINDOW_S:
            window.popleft()
        if area not in self._flooded:
            if len(window) == 1:
                self._first_out[area] = alarm.alarm_id
            if len(window) > FLOOD_START:
                self._flooded[area] = now
                first = self._first_out.get(area)
                if first is None or self.alarms[first].activated_at is None:
                    self._first_out[area] = alarm.alarm_id

    def _update_floods(self, now: float) -> None:
        for area, window in self._area_activations.items():
            while window and window[0] < now - FLOOD_WINDOW_S:
                window.popleft()
            if area in self._flooded and len(window) < FLOOD_END:
                started = self._flooded.pop(area)
                self.flood_seconds[area] = self.flood_seconds.get(area, 0.0) + now - started
                self._dirty = True
            if not window:
                self._first_out.pop(area, None)

    def chattering(self, now: float | None = None) -> list[str]:
        now = self.clock() if now is None else now
        return [
            a.alarm_id
            for a in self.alarms.values()
            if sum(1 for t in a.activations if t >= now - CHATTER_WINDOW_S) >= CHATTER_COUNT
        ]

    # -- the UI's view ---------------------------------------------------------------

    def publish(self) -> bool:
        """Rebuild the UI's snapshot if anything changed (call on the engine's loop)."""
        if not self._dirty:
            return False
        self._dirty = False
        flooded = self._flooded
        first_outs = {self._first_out[a] for a in flooded if a in self._first_out}
        views = tuple(
            _view(alarm, alarm.alarm_id in first_outs)
            for alarm in self.alarms.values()
            if alarm.state is not AlarmState.NORM
        )
        counts = {p.value: 0 for p in Priority}
        for view in views:
            if view.state in UNACKNOWLEDGED:
                counts[view.priority.value] += 1
        with self._lock:
            self._version += 1
            self._snapshot = AlarmSnapshot(self._version, views, tuple(sorted(flooded)), counts)
        return True

    def snapshot(self) -> AlarmSnapshot:
        """The latest published view; safe to call from any thread."""
        with self._lock:
            return self._snapshot

    def standing(self) -> list[Alarm]:
        return [a for a in self.alarms.values() if a.state in STANDING]


def _view(alarm: Alarm, first_out: bool) -> AlarmView:
    bound = alarm.bound
    definition = bound.definition
    return AlarmView(
        alarm_id=bound.alarm_id,
        message=definition.message,
        source=bound.source,
        area=bound.area,
        tag=bound.tag,
        priority=definition.priority,
        state=alarm.state,
        active=alarm.active,
        value=alarm.value,
        limit=definition.limit,
        unit=bound.spec.unit if bound.spec else "",
        activated_at=alarm.activated_at,
        changed_at=alarm.changed_at,
        acked_by=alarm.acked_by,
        shelved_until=alarm.shelved_until,
        shelve_reason=alarm.shelve_reason,
        cause=definition.cause,
        consequence=definition.consequence,
        action=definition.action,
        first_out=first_out,
    )


def _float_or_none(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
