"""The station process the crash test kills: the demo plant at high simulation speed
with CAR-T batches worked by a simulated crew, injected faults raising alarms, people
acknowledging them (audited), samples flowing to every subscriber.

Every ``REPORT_S`` it prints one line ``COMMITTED {json}``: for each record table the
last committed row's key and a digest of that row, and the state of every open batch.
The reports are read on the core loop between writes, where no transaction is open, so
everything reported is committed. Run as ``python -m tests.reliability.crash_child
DB KEY``; it runs until killed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import sqlite3
import sys
from pathlib import Path

from app.batch import AutoOperator
from app.config import load_plant
from app.security import Actor, Role
from app.station import Station
from hardware.mock import MockBackend
from hardware.mock.faults import Fault, FaultKind

SPEED = 5_000.0
REPORT_S = 0.02
BATCHES = 4
# Record tables and their keys (autoincrementing, never deleted).
TABLES = {
    "audit_trail": "seq",
    "batch_events": "id",
    "deviations": "id",
    "alarm_events": "id",
    "station_events": "id",
}
SUPERVISOR = Actor("sup-crash", "Crash Test Supervisor", Role.SUPERVISOR)
OPERATOR = Actor("op-crash", "Crash Test Operator", Role.OPERATOR)


def row_digest(conn: sqlite3.Connection, table: str, key: str) -> tuple[int, str] | None:
    """The table's last row: its key and the sha256 of its values (also used by the test)."""
    row = conn.execute(f"SELECT * FROM {table} ORDER BY {key} DESC LIMIT 1").fetchone()
    if row is None:
        return None
    text = json.dumps(list(row), default=str, ensure_ascii=False)
    return int(row[0]), hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_digest_at(conn: sqlite3.Connection, table: str, key: str, value: int) -> str | None:
    row = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (value,)).fetchone()
    if row is None:
        return None
    text = json.dumps(list(row), default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report(station: Station) -> None:
    assert station.db is not None
    conn = station.db.conn
    assert not conn.in_transaction, "reports are taken between transactions"
    tables = {table: row_digest(conn, table, key) for table, key in TABLES.items()}
    batches = dict(conn.execute("SELECT batch_id, state FROM batches WHERE closed = 0"))
    line = json.dumps({"tables": tables, "batches": batches})
    print(f"COMMITTED {line}", flush=True)


async def reporter(station: Station) -> None:
    while True:
        report(station)
        await asyncio.sleep(REPORT_S)


async def start_batches(station: Station) -> list[asyncio.Task[object]]:
    """CAR-T batches on empty bays, each with its own simulated crew."""
    assert station.batches is not None
    recipe = station.recipes()["car-t-autologous"]
    crews: list[asyncio.Task[object]] = []
    for shuttle_id in ("shuttle-01", "shuttle-02"):
        device = station.devices[shuttle_id]
        for bay in range(1, 17):
            if len(crews) == BATCHES:
                return crews
            if device.value(f"{shuttle_id}/bay-{bay:02d}/process/state") != "empty":
                continue
            number = len(crews) + 1
            batch = await station.call_batches(
                "create_batch",
                recipe,
                OPERATOR,
                barcode=f"CDK-CRASH-{number:04d}",
                coi=f"COI-CRASH-{number:06d}",
                shuttle=shuttle_id,
                bay=bay,
                cellq="cellq-01",
            )
            await station.call_batches("start_batch", batch.batch_id, OPERATOR)
            crew = AutoOperator(station.batches, batch.batch_id)
            crews.append(asyncio.create_task(crew.run(timeout_s=3600.0)))
    return crews


async def trouble(station: Station) -> None:
    """Faults on the demo cultures (not the batches' bays) and people acknowledging the
    alarms they raise: alarm journal and audit trail keep being written."""
    rng = random.Random(7)
    shuttle = station.devices["shuttle-01"]
    backend = shuttle.backend
    assert isinstance(backend, MockBackend) and station.alarms is not None
    occupied = [
        bay
        for bay in range(1, 17)
        if shuttle.value(f"shuttle-01/bay-{bay:02d}/process/state") not in ("empty", None)
    ]
    while True:
        bay = rng.choice(occupied)
        kind = rng.choice([FaultKind.STUCK, FaultKind.OUT_OF_RANGE, FaultKind.MODULE_FAULT])
        target = f"shuttle-01/bay-{bay:02d}" + (
            "" if kind is FaultKind.MODULE_FAULT else "/bioreactor/temperature"
        )
        fault = backend.inject(Fault(kind, target, 3.0))
        await asyncio.sleep(0.15)
        backend.clear(fault.fault_id)
        waiting = [
            view.alarm_id
            for view in station.alarm_engine.snapshot().alarms
            if view.state.value in ("UNACK", "RTNUN", "LATCH_UNACK")
        ]
        if waiting:
            await station.alarms.command("acknowledge", waiting[:5], SUPERVISOR, "seen")
        await asyncio.sleep(0.05)


async def main(db_path: Path, key_path: Path) -> None:
    station = Station(load_plant(), db_path, sim_speed=SPEED, audit_key=key_path)
    await station.start()
    crews = await start_batches(station)  # referenced here, so they run until the kill
    print(f"READY {len(crews)} batches", flush=True)
    await asyncio.gather(reporter(station), trouble(station))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
