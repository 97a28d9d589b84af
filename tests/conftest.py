"""Shared fixtures: plants, databases and a running station core for any test."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keys, checkpoints and default databases of the tests stay out of the user's folders
# (platformdirs follows the XDG variables; subprocesses inherit them).
_sandbox = tempfile.mkdtemp(prefix="celldeck-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_sandbox, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_sandbox, "data")
os.environ["XDG_STATE_HOME"] = os.path.join(_sandbox, "state")
# Tests choose their plant; a developer's own default plant must not leak in.
os.environ.pop("CELLDECK_PLANT", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PlantConfig, load_plant, shipped_plant_path
from app.core import CoreThread
from app.station import Station


@pytest.fixture
def demo_plant() -> PlantConfig:
    return load_plant()


@pytest.fixture
def full_plant() -> PlantConfig:
    return load_plant(shipped_plant_path("full-site.toml"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.sqlite3"


@pytest.fixture
def core(demo_plant: PlantConfig, db_path: Path) -> Iterator[CoreThread]:
    """The demo plant's station core running on its worker thread, at 60x speed."""
    thread = CoreThread(Station(demo_plant, db_path, sim_speed=60.0))
    thread.start()
    yield thread
    thread.stop()


@pytest.fixture(autouse=True)
def _no_system_plant_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """A machine with CellDeck installed may have /etc/celldeck/plant.toml; tests use the
    embedded demo unless they choose a plant."""
    import app.config

    missing = tmp_path_factory.getbasetemp() / "no-system-plant.toml"
    monkeypatch.setattr(app.config, "system_plant_path", lambda: missing)
