"""Every injected equipment fault, through a whole station: the value's quality, the
alarm the engine raises, the batch's reaction, and recovery once the fault is cleared,
without restarting anything (quality good, alarms back to normal, batch restartable)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.alarms.definitions import Priority
from app.alarms.states import AlarmState
from app.batch import BatchNotReady, BatchState
from app.station import Station
from hardware import ConnectionState, Quality, QualityReason
from hardware.mock import MockBackend
from hardware.mock.faults import Fault, FaultKind
from tests.reliability.conftest import (
    SUPERVISOR,
    TEMPERATURE,
    alarm,
    in_activation,
    start_batch,
    station_events,
    wait_until,
)

S = BatchState
BAY = "shuttle-01/bay-01"
SENSOR_ALARM = f"culture-temperature-sensor@{BAY}"
# While faults come and go the culture runs at 600x: a 10 s alarm on-delay is 17 ms.
OBSERVE_SPEED = 600.0


@dataclass(frozen=True)
class FaultCase:
    kind: FaultKind
    target: str
    magnitude: float
    tag: str  # where the fault shows
    quality: Quality
    reason: QualityReason | None
    alarm: str | None  # the equipment or instrument alarm; None: the deviation's alarm only
    deviation: str  # what the batch records before it holds
    deviation_priority: Priority


DATA_FAULTS = [
    FaultCase(
        FaultKind.DISCONNECT, "", 0.0, TEMPERATURE, Quality.BAD, QualityReason.COMM_LOSS,
        "shuttle-communication-lost@shuttle-01", "equipment-lost", Priority.MEDIUM,
    ),
    FaultCase(
        FaultKind.STUCK, TEMPERATURE, 0.0, TEMPERATURE, Quality.UNCERTAIN,
        QualityReason.SENSOR_FAULT, SENSOR_ALARM, "data-loss", Priority.LOW,
    ),
    FaultCase(
        FaultKind.DRIFT, TEMPERATURE, 0.5, TEMPERATURE, Quality.UNCERTAIN,
        QualityReason.SENSOR_FAULT, SENSOR_ALARM, "data-loss", Priority.LOW,
    ),
    # A noise burst is doubtful data, not a failed instrument: no instrument alarm
    # (it would chatter), but the CPP cannot be verified, so the batch holds and its
    # deviation is annunciated.
    FaultCase(
        FaultKind.NOISE, TEMPERATURE, 0.05, TEMPERATURE, Quality.UNCERTAIN,
        QualityReason.NOISY, None, "data-loss", Priority.LOW,
    ),
    FaultCase(
        FaultKind.OUT_OF_RANGE, TEMPERATURE, 5.0, TEMPERATURE, Quality.BAD,
        QualityReason.OUT_OF_RANGE, SENSOR_ALARM, "data-loss", Priority.LOW,
    ),
    # The module trips; the readings stay good (the bay's state says "fault").
    FaultCase(
        FaultKind.MODULE_FAULT, BAY, 0.0, f"{BAY}/process/state", Quality.GOOD, None,
        f"bay-module-fault@{BAY}", "module-fault", Priority.MEDIUM,
    ),
]  # fmt: skip


def backend(station: Station) -> MockBackend:
    found = station.devices["shuttle-01"].backend
    assert isinstance(found, MockBackend)
    return found


def deviation_alarm(station: Station, batch_id: str, kind: str) -> tuple[str, Priority]:
    assert station.batches is not None
    deviation = [d for d in station.batches.deviations(batch_id) if d["kind"] == kind][-1]
    alarm_id = f"batch-deviation-{deviation['id']}@{BAY}"
    return alarm_id, alarm(station, alarm_id).priority


async def acknowledge_and_reset(station: Station, alarm_ids: list[str]) -> None:
    """What the operator does once the cause is gone: acknowledge, release latches."""
    assert station.alarms is not None
    await station.alarms.command("acknowledge", alarm_ids, SUPERVISOR, "cause cleared")
    for alarm_id in alarm_ids:
        if alarm(station, alarm_id).state is AlarmState.LATCH_ACK:
            await station.alarms.command("reset", alarm_id, SUPERVISOR, "module reset")


def journaled(station: Station, alarm_id: str) -> list[str]:
    assert station.db is not None
    rows = station.db.conn.execute(
        "SELECT event FROM alarm_events WHERE alarm_id = ? ORDER BY id", (alarm_id,)
    ).fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize("case", DATA_FAULTS, ids=lambda case: case.kind.value)
async def test_fault_during_a_culture_and_recovery(station: Station, case: FaultCase):
    batch, crew = await start_batch(station)
    await crew.run(until=in_activation, timeout_s=20)
    station.clock.speed = OBSERVE_SPEED
    device = station.devices["shuttle-01"]
    assert device.latest[case.tag].quality is Quality.GOOD

    fault = backend(station).inject(Fault(case.kind, case.target, case.magnitude))
    await wait_until(lambda: batch.state is S.HELD)
    sample = device.latest[case.tag]
    assert (sample.quality, sample.reason) == (case.quality, case.reason)
    if case.kind is FaultKind.MODULE_FAULT:
        assert sample.value == "fault"
    if case.alarm is not None:
        await wait_until(lambda: alarm(station, case.alarm).state is AlarmState.UNACK)
        assert alarm(station, case.alarm).active
    else:
        assert not alarm(station, SENSOR_ALARM).active
    # A broken sensor never raises (or clears) the process alarms on its number.
    assert not alarm(station, f"culture-temperature-high-high@{BAY}").active
    assert station.batches is not None
    deviation = station.batches.deviations(batch.batch_id)[-1]
    assert deviation["kind"] == case.deviation and deviation["holds_batch"] == 1
    deviation_id, priority = deviation_alarm(station, batch.batch_id, case.deviation)
    assert priority is case.deviation_priority
    assert alarm(station, deviation_id).state is AlarmState.RTNUN  # until acknowledged
    if case.kind is not FaultKind.MODULE_FAULT:
        with pytest.raises(BatchNotReady, match="cannot restart"):
            await station.call_batches("restart", batch.batch_id, SUPERVISOR, "too early")
        assert batch.state is S.HELD

    # Recovery: the fault ends; nothing is restarted but the batch, by a supervisor.
    backend(station).clear(fault.fault_id)
    await wait_until(lambda: device.latest[TEMPERATURE].quality is Quality.GOOD)
    assert device.connection is ConnectionState.CONNECTED
    await wait_until(lambda: not station.batches.ready_problems(batch.batch_id))
    await station.call_batches("restart", batch.batch_id, SUPERVISOR, "fault cleared")
    await wait_until(lambda: batch.state is S.RUNNING)
    await wait_until(lambda: device.latest[f"{BAY}/process/state"].value == "running")
    standing = [deviation_id] + ([case.alarm] if case.alarm else [])
    if case.alarm is not None:
        await wait_until(lambda: not alarm(station, case.alarm).active)
    await acknowledge_and_reset(station, standing)
    for alarm_id in standing:
        assert alarm(station, alarm_id).state is AlarmState.NORM, alarm_id
    await wait_until(lambda: journaled(station, standing[-1])[-1:] in (["acknowledge"], ["reset"]))
    assert "activate" in journaled(station, standing[-1])
    assert batch.step.endswith("/activate") and batch.state is S.RUNNING
    injected = station_events(station, "equipment-fault-injected")
    assert any(case.kind.value in detail for detail in injected)
    assert station_events(station, "equipment-fault-ended")


@pytest.mark.parametrize("kind", [FaultKind.SLOW_COMMAND, FaultKind.FAILED_COMMAND])
async def test_command_fault_holds_before_anything_runs_and_recovers(
    station: Station, kind: FaultKind
):
    device = station.devices["shuttle-01"]
    device.timeout = 0.3  # the front end gives up on a slow command after this
    batch, crew = await start_batch(station)
    fault = backend(station).inject(Fault(kind, magnitude=2.0))
    await crew.run(until=lambda b: b.state is S.HELD, timeout_s=10)
    assert batch.step == "cartridge/load/load" and not batch.progress.action_done
    assert station.batches is not None
    deviation = station.batches.deviations(batch.batch_id)[-1]
    assert deviation["kind"] == "equipment-command-failed"
    expected = "no answer within 0.3 s" if kind is FaultKind.SLOW_COMMAND else "refused"
    assert expected in deviation["message"]
    # The equipment is there and its data good: only the command failed.
    assert device.connection is ConnectionState.CONNECTED
    assert device.latest[f"{BAY}/process/state"].quality is Quality.GOOD
    assert device.latest[f"{BAY}/process/state"].value == "empty"  # nothing was loaded
    deviation_id, priority = deviation_alarm(station, batch.batch_id, deviation["kind"])
    assert priority is Priority.MEDIUM
    if kind is FaultKind.FAILED_COMMAND:
        assert station_events(station, "equipment-command-refused")

    backend(station).clear(fault.fault_id)
    assert not station.batches.ready_problems(batch.batch_id)
    await station.call_batches("restart", batch.batch_id, SUPERVISOR, "equipment answers again")
    await crew.run(until=in_activation, timeout_s=20)
    assert batch.state is S.RUNNING
    sent = [e["target"] for e in station.batches.events(batch.batch_id, "action")]
    assert sent == ["load_cartridge", "start_module", "start_module"]  # each once
    await acknowledge_and_reset(station, [deviation_id])
    assert alarm(station, deviation_id).state is AlarmState.NORM
