"""A whole station (devices, alarm engine, batch engine, records) on a compact plant,
fast enough that every fault, crash and fuzz case builds its own."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from app.alarms.engine import Alarm
from app.batch import AutoOperator, Batch
from app.config import PlantConfig, parse_plant
from app.security import Actor, Role
from app.station import Station
from tests.app.batch.conftest import released, small_recipe

# One Cell Shuttle with empty bays (batches get them), one Cell Q, one room: every kind
# of device, with the shipped standard alarms bound to them.
COMPACT_PLANT = """
[site]
name = "Reliability test site"
code = "REL"
timezone = "Europe/Amsterdam"

[station]
name = "Reliability kiosk"

[simulation]
speed = 1.0
tick_s = 0.02

[[devices]]
kind = "shuttle"
id = "shuttle-01"
name = "Cell Shuttle 01"
area = "Hall R"
bays = 4
backend = { type = "mock", seed = 5, occupancy = 0.0 }

[[devices]]
kind = "cellq"
id = "cellq-01"
backend = { type = "mock", seed = 6 }

[[devices]]
kind = "environment"
id = "env-hall-r"
room = "Hall R"
grade = "C"
backend = { type = "mock", seed = 7 }
"""

OPERATOR = Actor("op1", "Olga Operator", Role.OPERATOR)
SUPERVISOR = Actor("sup1", "Sam Supervisor", Role.SUPERVISOR)
# Fast enough that the steps before the culture take a fraction of a second.
FAST = 100_000.0
# The activation culture lasts 200 h instead of 24 h, so it is still running while a
# test injects and clears faults at a slower speed.
LONG_ACTIVATION = {"duration_h = 24.0 }": "duration_h = 200.0 }"}
TEMPERATURE = "shuttle-01/bay-01/bioreactor/temperature"


def compact_plant() -> PlantConfig:
    return parse_plant(COMPACT_PLANT, "<compact test plant>")


@pytest.fixture
async def station(tmp_path: Path) -> AsyncIterator[Station]:
    station = Station(
        compact_plant(),
        tmp_path / "station.sqlite3",
        sim_speed=FAST,
        audit_key=tmp_path / "audit.key",
    )
    await station.start()
    try:
        yield station
    finally:
        await station.stop()


async def wait_until(condition: Callable[[], object], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        await asyncio.sleep(0.01)


def in_activation(batch: Batch) -> bool:
    return batch.step.endswith("/activate") and batch.progress.action_done


async def start_batch(station: Station, bay: int = 1, **replace: str) -> tuple[Batch, AutoOperator]:
    """A batch of the small test recipe on ``bay``, started, with a crew that does not
    restart holds (the tests decide that)."""
    recipe = await released(station, small_recipe(**{**LONG_ACTIVATION, **replace}))
    batch: Batch = await station.call_batches(
        "create_batch",
        recipe,
        OPERATOR,
        barcode=f"CDK-REL-{bay:04d}",
        coi=f"COI-REL-{bay:06d}",
        shuttle="shuttle-01",
        bay=bay,
    )
    await station.call_batches("start_batch", batch.batch_id, OPERATOR)
    assert station.batches is not None
    return batch, AutoOperator(station.batches, batch.batch_id, restart_holds=False)


def alarm(station: Station, alarm_id: str) -> Alarm:
    return station.alarm_engine.alarms[alarm_id]


def station_events(station: Station, kind: str) -> list[str]:
    assert station.db is not None
    rows = station.db.conn.execute(
        "SELECT detail FROM station_events WHERE kind = ? ORDER BY id", (kind,)
    ).fetchall()
    return [row[0] for row in rows]
