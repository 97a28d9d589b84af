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
