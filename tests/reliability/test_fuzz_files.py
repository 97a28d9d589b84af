"""Fuzzing the files people write: plant configurations, recipes, alarm definitions.

Each mistaken file is refused with the module's own error naming the file, the place
in it and the reason; nothing else is refused with it (the other alarms still load);
and whatever is accepted can really be used (a station is built from an accepted plant,
an accepted recipe survives being stored with a batch, accepted alarms evaluate)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.alarms.definitions import load_alarms
from app.alarms.engine import AlarmEngine
from app.batch import parse_recipe_text, recipe_summary
from app.batch.recipe import recipe_from_json
from app.config import ConfigError, parse_plant
from app.plant import build_device
from app.station import Station
from hardware import ConnectionState, Quality, Sample, SimClock
from tests.app.batch.conftest import SMALL_RECIPE
from tests.reliability.conftest import COMPACT_PLANT, compact_plant
from tests.reliability.fuzzing import NUMBERS, TEXT, fuzz, mutated, paths, to_toml

BASE_PLANT = tomllib.loads(COMPACT_PLANT)
PLANT_WORDS = [
    "shuttle", "cellq", "environment", "mock", "opcua", "opc.tcp://127.0.0.1:4840/", "kiosk",
    "supervisor", "B", "E", "standard.toml", "missing.toml", "UTC", "Europe/Amsterdam",
    "Mars/Olympus_Mons", "", " ", "shuttle-01", "Shuttle 01", 0.0, 64, 65, 100_000.0,
]  # fmt: skip


@fuzz(100)
@given(document=mutated(BASE_PLANT, PLANT_WORDS))
def test_a_mistaken_plant_file_is_refused_with_its_path_or_works(document):
    check_plant_document(document)


def check_plant_document(document: dict, *, station: bool = True) -> None:
    try:
        plant = parse_plant(to_toml(document), "fuzz-plant.toml")
    except ConfigError as refused:
        message = str(refused)
        assert message.startswith("fuzz-plant.toml: "), message
        assert "invalid plant configuration" in message or "not valid TOML" in message
        return
    # Accepted: what the station and its screens build from it works.
    ZoneInfo(plant.site.timezone)
    if not station:
        for config in plant.devices:
            build_device(config, SimClock(plant.simulation.speed), plant.simulation)
        return
    built = Station(plant, Path("never-opened.sqlite3"), audit_key=Path("never.key"))
    assert set(built.devices) == {device.id for device in plant.devices}
    assert all(isinstance(problem, str) for problem in built.alarm_problems)


def _at(document: object, path: tuple) -> object:
    for part in path:
        document = document[part]  # type: ignore[index]
    return document


def test_every_plant_field_with_every_word():
    """Systematically what the random search may miss: each value of the file replaced
    by each word that means something somewhere in a plant file."""
    leaves = [p for p in paths(BASE_PLANT) if not isinstance(_at(BASE_PLANT, p), dict | list)]
    for path in leaves:
        for word in PLANT_WORDS:
            document = tomllib.loads(COMPACT_PLANT)
            node = document
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = word
            # Alarms are bound again only where the change can matter to them.
            check_plant_document(document, station=path[0] == "alarm_files")


@fuzz(60)
@given(text=st.text(max_size=200))
def test_any_text_as_a_plant_file_gets_a_clear_message(text):
    try:
        parse_plant(text, "fuzz-plant.toml")
    except ConfigError as refused:
        assert str(refused).startswith("fuzz-plant.toml: ")


BASE_RECIPE = tomllib.loads(SMALL_RECIPE)
RECIPE_WORDS = [
    "start_module", "load_cartridge", "write_setpoint", "submit_sample", "none", "equipment",
    "time", "immediate", "confirmation", "qc-results", "tag", "performed", "verified",
    "approved", "reviewed", "bioreactor/temperature", "bioreactor/temperature_sp",
    "process/state", "activation", "cartridge", "coi", "pattern", "^KIT-[0-9]{4}$", "(",
    "KIT-0001", "qa", "operator", "administrator", "released", "draft", "endotoxin",
    0, -1, 1e9, 37.0, [], {},
]  # fmt: skip


@fuzz(100)
@given(document=mutated(BASE_RECIPE, RECIPE_WORDS))
def test_a_mistaken_recipe_lists_its_problems_or_runs(document):
    recipe, problems = parse_recipe_text(to_toml(document), "fuzz-recipe.toml")
    if recipe is None:
        assert problems, "a refused recipe must say why"
        for problem in problems:
            assert problem.startswith("fuzz-recipe.toml: "), problem
            assert problem.count(": ") >= 2, problem  # file: place: reason
        return
    assert problems == []
    # Stored with a batch and brought back after a restart, it is the same recipe.
    assert recipe_from_json(recipe.canonical, recipe.content_hash) == recipe
    assert recipe.id in recipe_summary(recipe)


STANDARD_ALARMS = tomllib.loads(
    resources.files("resources.alarms").joinpath("standard.toml").read_text("utf-8")
)["alarms"]
ALARM_WORDS = [
    "bay", "device", "tag", "shuttle", "cellq", "environment", "high", "high-high", "low",
    "low-low", "deviation", "rate", "discrete", "bad-quality", "critical", "medium",
    "bioreactor/temperature", "bioreactor/temperature_sp", "shuttle-01/doors/closed",
    "process/state", "fault", "culture-temperature-high", "shuttle-communication-lost",
    "C", "empty", -200.0, 1e6, 0, True,
]  # fmt: skip
PLANT = compact_plant()
STANDARD_BOUND = {alarm.alarm_id for alarm in load_alarms(PLANT)[0]}


@fuzz(60)
@given(
    data=st.data(),
    index=st.integers(0, len(STANDARD_ALARMS) - 1),
    values=st.lists(NUMBERS | TEXT | st.booleans(), min_size=1, max_size=4),
)
def test_a_mistaken_alarm_is_refused_alone_and_the_rest_load(data, index, values):
    definition = dict(STANDARD_ALARMS[index], id="plant-alarm")
    entry = data.draw(mutated(definition, ALARM_WORDS))
    plant = parse_plant(to_toml({**BASE_PLANT, "alarms": [entry]}), "fuzz-plant.toml")
    bound, problems = load_alarms(plant)
    ids = {alarm.alarm_id for alarm in bound}
    assert ids >= STANDARD_BOUND  # one bad definition never stops the others
    for problem in problems:
        assert problem.startswith("plant file [[alarms]]: alarm "), problem
    added = [alarm for alarm in bound if alarm.alarm_id not in STANDARD_BOUND]
    assert not (added and problems), "an alarm is either bound or refused"
    # Whatever was accepted evaluates any value its tag can carry.
    engine = AlarmEngine(bound, clock=lambda: 1_000.0)
    for alarm in added:
        for value in values:
            engine.on_samples([Sample(alarm.tag or "x", value, Quality.GOOD, None, 1.0, 1.0)])
        engine.on_connection(alarm.device_id, ConnectionState.LOST)
    engine.tick()
    engine.publish()
