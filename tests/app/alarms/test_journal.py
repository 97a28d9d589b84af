"""The alarm journal keeps every record and brings alarms back after a restart."""

import asyncio
import contextlib
import sqlite3

from app.alarms.journal import AlarmJournal
from app.alarms.states import UNACKNOWLEDGED, AlarmState
from app.records.database import open_database
from app.station import Station
from hardware import Quality, Sample
from hardware.mock.faults import Fault, FaultKind
from tests.app.alarms.conftest import definition

TEMP = "shuttle-01/bay-01/bioreactor/temperature"


def test_records_and_states_survive_a_restart(make_engine, db_path, operator):
    db = open_database(db_path)
    engine = make_engine(definition(), definition(id="other", limit=39.0))
    journal = AlarmJournal(db)
    engine.on_record(journal.record)
    engine.on_samples([Sample(TEMP, 38.0, Quality.GOOD, None, 0.0, 0.0)])
    engine.on_samples([Sample("shuttle-01/bay-02/bioreactor/temperature", 38.0)])
    engine.acknowledge(["temp-high@shuttle-01/bay-02"], operator, "seen, checking heater")
    assert journal.flush(engine.alarms) == 3
    db.close()

    db = open_database(db_path)
    again = make_engine(definition(), definition(id="other", limit=39.0))
    assert again.restore(AlarmJournal(db).saved_states()) == 2
    assert again.alarms["temp-high@shuttle-01/bay-01"].state is AlarmState.UNACK
    acked = again.alarms["temp-high@shuttle-01/bay-02"]
    assert acked.state is AlarmState.ACKED and acked.acked_by == "Olga Operator"
    rows = db.execute(
        "SELECT event, user_id, comment, value, limit_value FROM alarm_events ORDER BY id"
    ).fetchall()
    assert rows[-1] == ("acknowledge", "op1", "seen, checking heater", "38.0", 37.5)
    db.close()


def test_failed_write_keeps_records_queued(make_engine, db_path):
    db = open_database(db_path)
    engine = make_engine(definition())
    journal = AlarmJournal(db)
    engine.on_record(journal.record)
    engine.on_samples([Sample(TEMP, 38.0)])
    db.conn.execute("DROP TABLE alarm_events")
    with contextlib.suppress(sqlite3.OperationalError):
        journal.flush(engine.alarms)
    assert len(journal.pending) == 1  # nothing dropped
    db.close()


async def test_station_restart_brings_back_unacknowledged_alarms(demo_plant, db_path):
    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    station.devices["shuttle-02"].backend.inject(Fault(FaultKind.DISCONNECT))
    await asyncio.sleep(0.3)
    alarm_id = "shuttle-communication-lost@shuttle-02"
    assert station.alarm_engine.alarms[alarm_id].state is AlarmState.UNACK
    await station.stop()

    restarted = Station(demo_plant, db_path, sim_speed=60.0)
    await restarted.start()
    try:
        # The link is back (a fresh simulator), but nobody has acknowledged the loss.
        assert restarted.alarm_engine.alarms[alarm_id].state in UNACKNOWLEDGED
        restarted.alarm_engine.publish()
        ids = {view.alarm_id for view in restarted.alarm_engine.snapshot().alarms}
        assert alarm_id in ids
    finally:
        await restarted.stop()
    with sqlite3.connect(db_path) as conn:
        events = [
            row[0]
            for row in conn.execute(
                "SELECT event FROM alarm_events WHERE alarm_id = ? ORDER BY id", (alarm_id,)
            )
        ]
    assert events[0] == "activate" and "clear" in events


async def test_alarm_commands_are_audited_with_reason(demo_plant, db_path):
    from app.records.audit import verify_database
    from app.security import Actor, Role

    station = Station(demo_plant, db_path, sim_speed=60.0)
    await station.start()
    try:
        station.devices["shuttle-02"].backend.inject(Fault(FaultKind.DISCONNECT))
        await asyncio.sleep(0.3)
        alarm_id = "shuttle-communication-lost@shuttle-02"
        supervisor = Actor("sup1", "Sam Supervisor", Role.SUPERVISOR)
        await station.alarms.command("shelve", alarm_id, supervisor, 600.0, "network work")
        first, *entries = station.audit.entries()
        assert first.action == "configuration-recorded"  # the station's start
        # The demo plant releases its shipped recipes at its first start (by the system).
        entries = [e for e in entries if e.action != "recipe.release"]
        assert [
            (e.action, e.target, e.old_value, e.new_value, e.reason, e.user_id) for e in entries
        ] == [("alarm.shelve", alarm_id, "UNACK", "SHLVD", "network work", "sup1")]
        key = station.audit_key_path
    finally:
        await station.stop()
    assert verify_database(db_path, key).ok
