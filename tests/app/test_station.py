"""The station core wires devices to live state and records, on real asyncio."""

import asyncio
import time

from app.core import CoreThread
from app.station import Station
from hardware import ConnectionState, Quality


async def test_station_start_connects_every_device_and_fills_live_state(demo_plant, db_path):
    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    try:
        statuses = station.live.device_statuses()
        assert set(statuses) == {d.id for d in demo_plant.devices}
        assert all(s.state is ConnectionState.CONNECTED for s in statuses.values())
        snapshot = station.live.snapshot()
        occupied = [
            path.removesuffix("process/state")
            for path, s in snapshot.items()
            if path.endswith("/process/state") and s.value != "empty"
        ]
        assert len(occupied) >= 10
        for bay in occupied:
            temperature = snapshot[bay + "bioreactor/temperature"]
            assert temperature.quality is Quality.GOOD
            assert isinstance(temperature.value, float)
            assert isinstance(snapshot[bay + "bioreactor/vcd"].value, float)
        assert station.spec("shuttle-01/bay-01/bioreactor/vcd").unit == "10⁶/mL"
    finally:
        await station.stop()


async def test_station_logs_start_and_stop_in_its_database(demo_plant, db_path):
    station = Station(demo_plant, db_path)
    await station.start()
    await station.stop()
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        kinds = [row[0] for row in conn.execute("SELECT kind FROM station_events ORDER BY id")]
    assert kinds[0] == "station-start" and kinds[-1] == "station-stop"
    assert kinds.count("device-connected") == len(demo_plant.devices)
    assert kinds.count("device-disconnected") == len(demo_plant.devices)


async def test_equipment_events_and_connection_loss_are_recorded(demo_plant, db_path):
    import sqlite3

    from hardware.mock.faults import Fault, FaultKind

    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    try:
        backend = station.devices["shuttle-02"].backend
        backend.inject(Fault(FaultKind.DISCONNECT, duration_s=1.0))
        assert station.live.device_statuses()["shuttle-02"].state is ConnectionState.LOST
        await asyncio.sleep(0.8)
    finally:
        await station.stop()
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT kind, detail FROM station_events ORDER BY id").fetchall()
    kinds = [kind for kind, _ in rows]
    assert "equipment-fault-injected" in kinds
    assert "device-lost" in kinds
    assert any("shuttle-02" in detail for kind, detail in rows if kind == "device-lost")


async def test_live_changes_are_taken_once(demo_plant, db_path):
    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    try:
        first = station.live.take_changes()
        assert first
        second = station.live.take_changes()
        assert len(second) < len(first)
        await asyncio.sleep(1.0)
        assert station.live.take_changes()  # the simulation keeps publishing
    finally:
        await station.stop()


def test_core_thread_runs_the_station_off_the_calling_thread(core: CoreThread):
    assert core.running
    shuttle = core.station.devices["shuttle-01"]
    path = "shuttle-01/bay-01/bioreactor/temperature_sp"
    occupied_bay = next(
        bay
        for bay in range(1, 17)
        if core.station.live.snapshot()[f"shuttle-01/bay-{bay:02d}/process/state"].value
        not in ("empty", "idle")
    )
    path = f"shuttle-01/bay-{occupied_bay:02d}/bioreactor/temperature_sp"
    future = core.submit(shuttle.write(path, 36.8))
    future.result(timeout=5)
    deadline = time.time() + 5
    while time.time() < deadline:
        sample = core.station.live.snapshot().get(path)
        if sample is not None and sample.value == 36.8:
            break
        time.sleep(0.05)
    assert core.station.live.snapshot()[path].value == 36.8


def test_core_thread_reports_start_up_failure(demo_plant, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    thread = CoreThread(Station(demo_plant, blocker / "station.sqlite3"))
    try:
        thread.start()
    except Exception as error:
        assert "cannot open the station database" in str(error)
    else:
        raise AssertionError("start() should have raised")
    assert not thread.running


async def test_batch_deviation_is_annunciated_until_acknowledged(demo_plant, db_path):
    from app.alarms.states import AlarmState
    from app.batch.runtime import Deviation
    from app.security import Actor, Role

    station = Station(demo_plant, db_path)
    await station.start()
    try:
        assert station.batches is not None
        station._on_deviation(
            Deviation(
                deviation_id=7,
                batch_id="B1",
                time=0.0,
                kind="identity",
                severity="critical",
                step="cell-processing/load/scan",
                message="cartridge barcode does not match",
                shuttle_id="shuttle-01",
                bay=3,
            )
        )
        alarm = station.alarm_engine.alarms["batch-deviation-7@shuttle-01/bay-03"]
        assert alarm.state is AlarmState.RTNUN and alarm.bound.area == "Hall A"
        assert alarm.priority.value == "high"
        station.alarm_engine.acknowledge([alarm.alarm_id], Actor("op", "Op", Role.OPERATOR))
        assert alarm.state is AlarmState.NORM
    finally:
        await station.stop()
