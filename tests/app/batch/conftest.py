"""Fixtures for the batch layer: people, a fast simulated plant, engines on one database."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.batch import BatchEngine, Recipe, SimPlant, parse_recipe_text
from app.records.database import open_database
from app.security import Actor, Role

if TYPE_CHECKING:
    from app.station import Station

# A short recipe exercising every kind of phase: manual work with identity, lot scan,
# entry and two signatures; loading; a module with a temperature CPP that holds; a
# timed phase; a manual confirmation at the end.
SMALL_RECIPE = """
format = 1
id = "small-test"
name = "Small test procedure"
version = "0.1"
status = "released"
approved_by = "QA Test"

[[unit_procedures]]
id = "cartridge"
name = "Cartridge"

[[unit_procedures.operations]]
id = "load"
name = "Load"

[[unit_procedures.operations.phases]]
id = "prepare"
name = "Prepare cartridge"
duration_h = 0.1
instruction = "Scan the cartridge and the kit."
entries = [{ id = "volume", label = "Volume", unit = "mL", low = 50, high = 150 }]
confirmations = ["Weld checked"]
signatures = ["performed", "verified"]
end = { type = "confirmation" }

[[unit_procedures.operations.phases.scans]]
id = "cartridge"
label = "Cartridge barcode"
match = "cartridge"

[[unit_procedures.operations.phases.scans]]
id = "kit"
label = "Kit lot"
match = "pattern"
pattern = "^KIT-[0-9]{4}$"
example = "KIT-0001"

[[unit_procedures.operations.phases]]
id = "load"
name = "Load cartridge"
duration_h = 0.05
action = { type = "load_cartridge" }
end = { type = "immediate" }

[[unit_procedures.operations]]
id = "culture"
name = "Culture"

[[unit_procedures.operations.phases]]
id = "select"
name = "Selection"
duration_h = 3.0
action = { type = "start_module", module = "magnetic-selection", duration_h = 3.0 }
end = { type = "equipment" }

[[unit_procedures.operations.phases]]
id = "activate"
name = "Activation culture"
duration_h = 24.0
action = { type = "start_module", module = "activation", duration_h = 24.0 }
end = { type = "equipment" }

[[unit_procedures.operations.phases.cpps]]
name = "Culture temperature"
tag = "bioreactor/temperature"
unit = "C"
target = 37.0
tolerance = 0.5
holds_batch = true

[[unit_procedures.operations.phases]]
id = "rest"
name = "Rest"
duration_h = 2.0
end = { type = "time", hours = 2.0 }

[[unit_procedures.operations.phases]]
id = "check"
name = "Final check"
duration_h = 0.1
scans = [{ id = "cartridge", label = "Cartridge barcode", match = "cartridge" }]
confirmations = ["Cartridge inspected"]
end = { type = "confirmation" }
"""

BARCODE = "CDK-TEST-0001"
COI = "COI-TEST-123456"
# Fast enough that a 30 h procedure takes about a second, slow enough that the
# culture physics and the engine take several steps per module.
SPEED = 100_000.0
TICK_S = 0.01


def small_recipe(**replace: str) -> Recipe:
    text = SMALL_RECIPE
    for old, new in replace.items():
        text = text.replace(old, new)
    recipe, problems = parse_recipe_text(text, "small-test.toml")
    assert recipe is not None, problems
    return recipe


# QA as the station's release_recipe leaves them: re-authenticated, about to sign.
QA_RELEASER = Actor("qa-rel", "Rita Release", Role.QA)


async def released(station: Station, recipe: Recipe) -> Recipe:
    """``recipe`` released on ``station`` by QA, so that the station's batches may run it
    (a station runs only recipe content released on it); already released: left as is."""
    assert station.recipe_releases is not None, "start the station first"
    if station.recipe_releases.refusal(recipe.id, recipe.version, recipe.content_hash):
        await station.release_recipe_as(QA_RELEASER, recipe, "released for the test")
    return recipe


@pytest.fixture
def operator() -> Actor:
    return Actor("op1", "Olga Operator", Role.OPERATOR)


@pytest.fixture
def operator2() -> Actor:
    return Actor("op2", "Omar Operator", Role.OPERATOR)


@pytest.fixture
def supervisor() -> Actor:
    return Actor("sup1", "Sam Supervisor", Role.SUPERVISOR)


@pytest.fixture
def qa() -> Actor:
    return Actor("qa1", "Quinn QA", Role.QA)


@pytest.fixture
def maintenance() -> Actor:
    return Actor("mt1", "Max Maintenance", Role.MAINTENANCE)


@pytest.fixture
async def plant() -> AsyncIterator[SimPlant]:
    plant = SimPlant.build(SPEED, tick_s=TICK_S, bays=2, seed=3)
    await plant.connect()
    yield plant
    await plant.close()


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "batch.sqlite3"


@pytest.fixture
async def make_engine(
    plant: SimPlant, db_file: Path
) -> AsyncIterator[Callable[..., asyncio.Future[BatchEngine]]]:
    """Open an engine on the plant and the test database; every one is closed after."""
    engines: list[BatchEngine] = []
    databases = []

    async def make(devices: dict | None = None, **options: object) -> BatchEngine:
        db = open_database(db_file)
        databases.append(db)
        engine = BatchEngine(
            db,
            devices if devices is not None else plant.devices,
            plant.clock.now,
            station="test",
            tick_s=TICK_S,
            **options,
        )
        await engine.open()
        engines.append(engine)
        return engine

    yield make  # type: ignore[misc]
    for engine in engines:
        await engine.close()
    for db in databases:
        db.close()


async def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        await asyncio.sleep(0.005)
