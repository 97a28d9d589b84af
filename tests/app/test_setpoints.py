"""Setpoint changes by hand: permission, reason, range, device, and the audit entry."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.security import Actor, PermissionDenied, Role
from app.setpoints import ACTION, ACTION_UNCONFIRMED, SetpointRefused, recorded_old_value
from app.station import Station
from hardware import (
    CommandFailed,
    CommandTimeout,
    NotConnected,
    Quality,
    QualityReason,
    ReadOnlyTag,
    Sample,
    SetpointOutOfRange,
)
from hardware.mock.faults import Fault, FaultKind

OPERATOR = Actor("op1", "Olga Operator", Role.OPERATOR)


@pytest.fixture
async def station(demo_plant, db_path) -> AsyncIterator[Station]:
    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    yield station
    await station.stop()


def occupied_bay(station: Station) -> str:
    snapshot = station.live.snapshot()
    return next(
        f"shuttle-01/bay-{bay:02d}/"
        for bay in range(1, 17)
        if (s := snapshot.get(f"shuttle-01/bay-{bay:02d}/process/state")) and s.value == "running"
    )


def entries(station: Station) -> list:
    assert station.audit is not None
    return [e for e in station.audit.entries() if e.action.startswith("setpoint")]


async def test_operator_change_is_written_and_audited_with_old_new_who_why(station):
    path = occupied_bay(station) + "bioreactor/temperature_sp"
    old = station.devices["shuttle-01"].latest[path].value
    change = await station.write_setpoint(OPERATOR, path, 36.5, "  per batch record step 4  ")
    assert change.new_value == 36.5 and change.old_value == old and change.unit == "°C"
    [entry] = entries(station)
    assert (entry.action, entry.target) == (ACTION, path)
    assert (entry.old_value, entry.new_value) == (old, 36.5)
    assert (entry.user_id, entry.user_name, entry.role) == ("op1", "Olga Operator", "operator")
    assert entry.reason == "per batch record step 4"
    assert entry.seq == change.audit_seq
    # The equipment took it: the setpoint comes back in the next published values.
    device = station.devices["shuttle-01"]
    for _ in range(50):
        if device.latest[path].value == 36.5:
            break
        await asyncio.sleep(0.05)
    assert device.latest[path].value == 36.5


@pytest.mark.parametrize(
    "actor",
    [
        None,
        Actor("m1", "Max Maintenance", Role.MAINTENANCE),
        Actor("a1", "Ada Admin", Role.ADMINISTRATOR),
        Actor("q1", "Quinn QA", Role.QA),
    ],
)
async def test_change_is_refused_without_permission_and_nothing_recorded(station, actor):
    path = occupied_bay(station) + "bioreactor/temperature_sp"
    before = station.devices["shuttle-01"].latest[path].value
    with pytest.raises(PermissionDenied, match=r"setpoint\.write"):
        await station.write_setpoint(actor, path, 36.5, "trying")
    assert entries(station) == []
    await asyncio.sleep(0.1)
    assert station.devices["shuttle-01"].latest[path].value == before


async def test_out_of_range_read_only_and_no_reason_are_refused_before_the_device(station):
    bay = occupied_bay(station)
    with pytest.raises(SetpointOutOfRange, match=r"45\.0 °C is outside 30\.0-40\.0 °C"):
        await station.write_setpoint(OPERATOR, bay + "bioreactor/temperature_sp", 45.0, "why")
    with pytest.raises(ReadOnlyTag, match="read-only"):
        await station.write_setpoint(OPERATOR, bay + "bioreactor/temperature", 37.0, "why")
    with pytest.raises(SetpointRefused, match="needs a reason"):
        await station.write_setpoint(OPERATOR, bay + "bioreactor/co2_sp", 5.0, "   ")
    assert entries(station) == []


async def test_offline_or_refusing_device_records_nothing(station):
    bay = occupied_bay(station)
    backend = station.devices["shuttle-01"].backend
    fault = backend.inject(Fault(FaultKind.FAILED_COMMAND))
    with pytest.raises(CommandFailed, match="refused"):
        await station.write_setpoint(OPERATOR, bay + "bioreactor/co2_sp", 5.0, "drift")
    backend.clear(fault.fault_id)
    backend.inject(Fault(FaultKind.DISCONNECT))
    with pytest.raises(NotConnected, match="shuttle-01 is lost"):
        await station.write_setpoint(OPERATOR, bay + "bioreactor/co2_sp", 5.0, "drift")
    assert entries(station) == []


async def test_unanswered_write_is_recorded_as_unconfirmed(station):
    path = occupied_bay(station) + "bioreactor/dissolved_oxygen_sp"
    device = station.devices["shuttle-01"]
    device.timeout = 0.2
    device.backend.inject(Fault(FaultKind.SLOW_COMMAND, magnitude=1.0))
    with pytest.raises(CommandTimeout):
        await station.write_setpoint(OPERATOR, path, 45.0, "raise DO for dense culture")
    [entry] = entries(station)
    assert entry.action == ACTION_UNCONFIRMED and entry.new_value == 45.0
    assert entry.reason == "raise DO for dense culture"


def test_doubtful_old_value_is_recorded_with_its_quality():
    good = Sample("x", 37.0)
    stale = Sample("x", 37.0, Quality.UNCERTAIN, QualityReason.STALE)
    assert recorded_old_value(good) == 37.0
    assert recorded_old_value(None) is None
    assert recorded_old_value(stale) == {"value": 37.0, "quality": "uncertain", "reason": "stale"}
