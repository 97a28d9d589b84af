"""Injected faults show up as quality changes and events, never as silent wrong values."""

import asyncio
import time

import pytest

from hardware import (
    CellShuttle,
    CommandFailed,
    CommandTimeout,
    ConnectionState,
    NotConnected,
    Quality,
    QualityReason,
    SimClock,
)
from hardware.mock import MockBackend, ShuttleModel
from hardware.mock.faults import Fault, FaultKind

TEMPERATURE = "shuttle-01/bay-01/bioreactor/temperature"


async def connected_shuttle(speed: float = 60.0, timeout: float = 5.0):
    model = ShuttleModel("shuttle-01", 16, seed=11)
    model.populate_demo(1.0)
    backend = MockBackend(model, SimClock(speed), tick_s=0.02)
    shuttle = CellShuttle("shuttle-01", backend, bays=16, timeout=timeout)
    events = []
    shuttle.on_event(lambda device, event: events.append(event))
    await shuttle.connect()
    return shuttle, backend, model, events


async def wait_for(predicate, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


async def test_stuck_sensor_freezes_value_and_is_flagged_uncertain():
    shuttle, backend, _, events = await connected_shuttle()
    try:
        fault = backend.inject(Fault(FaultKind.STUCK, TEMPERATURE))
        await asyncio.sleep(0.1)
        sample = shuttle.latest[TEMPERATURE]
        assert sample.quality is Quality.UNCERTAIN
        assert sample.reason is QualityReason.SENSOR_FAULT
        frozen = sample.value
        await asyncio.sleep(0.1)
        assert shuttle.latest[TEMPERATURE].value == frozen
        # Other tags of the same bay are unaffected.
        assert shuttle.latest["shuttle-01/bay-01/bioreactor/ph"].quality is Quality.GOOD
        backend.clear(fault.fault_id)
        await wait_for(lambda: shuttle.latest[TEMPERATURE].quality is Quality.GOOD)
        kinds = [event.kind for event in events]
        assert kinds == ["fault-injected", "fault-ended"]
    finally:
        await shuttle.close()


async def test_drift_grows_with_time_and_is_flagged():
    shuttle, backend, model, _ = await connected_shuttle(speed=3600.0)
    try:
        backend.inject(Fault(FaultKind.DRIFT, TEMPERATURE, magnitude=0.5))
        await asyncio.sleep(0.5)  # ~30 simulated minutes
        sample = shuttle.latest[TEMPERATURE]
        true_temperature = model.bays[0].culture.temperature
        assert sample.quality is Quality.UNCERTAIN
        assert sample.value - true_temperature > 0.1
    finally:
        await shuttle.close()


async def test_noise_burst_is_flagged_noisy_until_it_expires():
    shuttle, backend, _, events = await connected_shuttle(speed=60.0)
    try:
        backend.inject(Fault(FaultKind.NOISE, TEMPERATURE, magnitude=2.0, duration_s=6.0))
        await asyncio.sleep(0.05)
        assert shuttle.latest[TEMPERATURE].reason is QualityReason.NOISY
        await wait_for(lambda: shuttle.latest[TEMPERATURE].quality is Quality.GOOD)
        assert events[-1].kind == "fault-ended" and "expired" in events[-1].message
    finally:
        await shuttle.close()


async def test_out_of_range_excursion_is_bad_not_a_number_to_trust():
    shuttle, backend, _, _ = await connected_shuttle()
    try:
        backend.inject(Fault(FaultKind.OUT_OF_RANGE, "shuttle-01/bay-01/bioreactor/"))
        await asyncio.sleep(0.05)
        sample = shuttle.latest[TEMPERATURE]
        assert sample.quality is Quality.BAD
        assert sample.reason is QualityReason.OUT_OF_RANGE
        assert sample.value > 50.0
    finally:
        await shuttle.close()


async def test_front_end_marks_out_of_range_even_if_the_equipment_says_good():
    shuttle, backend, _, _ = await connected_shuttle()
    try:
        from hardware import Sample

        backend._samples([Sample(TEMPERATURE, 99.0, Quality.GOOD, None, 0.0, time.time())])
        assert shuttle.latest[TEMPERATURE].quality is Quality.BAD
        assert shuttle.latest[TEMPERATURE].reason is QualityReason.OUT_OF_RANGE
    finally:
        await shuttle.close()


async def test_disconnect_turns_every_tag_bad_and_recovers_by_itself():
    shuttle, backend, _, _ = await connected_shuttle(speed=60.0)
    states = []
    shuttle.on_connection_change(lambda device, state, detail: states.append(state))
    try:
        backend.inject(Fault(FaultKind.DISCONNECT, duration_s=3.0))
        assert shuttle.connection is ConnectionState.LOST
        assert all(s.quality is Quality.BAD for s in shuttle.latest.values())
        assert all(s.reason is QualityReason.COMM_LOSS for s in shuttle.latest.values())
        with pytest.raises(NotConnected):
            await shuttle.load_cartridge(1, "A", "B")
        await wait_for(lambda: shuttle.connection is ConnectionState.CONNECTED)
        await wait_for(lambda: shuttle.latest[TEMPERATURE].quality is Quality.GOOD)
        assert states == [ConnectionState.LOST, ConnectionState.CONNECTED]
    finally:
        await shuttle.close()


async def test_slow_command_times_out_and_failed_command_is_refused():
    shuttle, backend, model, events = await connected_shuttle(timeout=0.2)
    try:
        fault = backend.inject(Fault(FaultKind.SLOW_COMMAND, magnitude=1.0))
        with pytest.raises(CommandTimeout, match=r"no answer within 0\.2 s"):
            await shuttle.write_setpoint(1, "bioreactor/temperature_sp", 36.0)
        backend.clear(fault.fault_id)
        backend.inject(Fault(FaultKind.FAILED_COMMAND))
        with pytest.raises(CommandFailed, match="refused"):
            await shuttle.stop_module(1)
        assert model.bays[0].state == "running"
        assert any(event.kind == "command-refused" for event in events)
        backend.clear()
        await shuttle.stop_module(1)
        assert model.bays[0].state == "stopped"
    finally:
        await shuttle.close()


async def test_module_fault_trips_the_bay_until_reset():
    shuttle, backend, _, events = await connected_shuttle()
    try:
        backend.inject(Fault(FaultKind.MODULE_FAULT, "shuttle-01/bay-02"))
        await asyncio.sleep(0.05)
        assert shuttle.bay_value(2, "process/state") == "fault"
        assert "module-fault on shuttle-01/bay-02" in events[0].message
        with pytest.raises(CommandFailed, match="fault"):
            await shuttle.start_module(2, "activation")
        await shuttle.reset_fault(2)
        assert shuttle.bay_value(2, "process/state") == "stopped"
    finally:
        await shuttle.close()


async def test_values_that_stop_arriving_turn_stale():
    model = ShuttleModel("shuttle-01", 16, seed=11)
    model.populate_demo(1.0)
    backend = MockBackend(model, SimClock(1.0), tick_s=0.02)
    shuttle = CellShuttle("shuttle-01", backend, bays=16, stale_after_s=0.3)
    await shuttle.connect()
    try:
        backend._open = False  # a hung backend: no error, just silence
        await wait_for(
            lambda: shuttle.latest[TEMPERATURE].reason is QualityReason.STALE, timeout=3.0
        )
        assert shuttle.latest[TEMPERATURE].quality is Quality.UNCERTAIN
    finally:
        backend._open = True
        await shuttle.close()


def test_fault_rejects_nonsense():
    with pytest.raises(ValueError):
        Fault(FaultKind("melting"))
    with pytest.raises(ValueError, match="positive"):
        Fault(FaultKind.STUCK, duration_s=-1)
