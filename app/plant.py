"""Builds device front ends and their backends from the plant configuration."""

from __future__ import annotations

from app.config import (
    CellQConfig,
    DeviceConfig,
    EnvironmentConfig,
    MockBackendConfig,
    ShuttleConfig,
    SimulationConfig,
)
from hardware import CellQ, CellShuttle, Device, EnvironmentMonitor, SimClock
from hardware.mock import CellQModel, EnvironmentModel, MockBackend, ShuttleModel


class UnsupportedBackend(Exception):
    pass


def build_device(config: DeviceConfig, clock: SimClock, simulation: SimulationConfig) -> Device:
    backend_config = config.backend
    if not isinstance(backend_config, MockBackendConfig):
        raise UnsupportedBackend(
            f"{config.id}: backend {backend_config.type!r} is not available in this build"
        )
    seed = backend_config.seed
    if isinstance(config, ShuttleConfig):
        model = ShuttleModel(config.id, config.bays, seed=seed)
        model.populate_demo(backend_config.occupancy)
        backend = MockBackend(model, clock, tick_s=simulation.tick_s)
        return CellShuttle(config.id, backend, bays=config.bays)
    if isinstance(config, CellQConfig):
        qc = CellQModel(config.id, seed=seed)
        qc.populate_demo()
        return CellQ(config.id, MockBackend(qc, clock, tick_s=simulation.tick_s))
    if isinstance(config, EnvironmentConfig):
        room = EnvironmentModel(config.id, grade=config.grade, seed=seed)
        return EnvironmentMonitor(config.id, MockBackend(room, clock, tick_s=simulation.tick_s))
    raise UnsupportedBackend(f"{config.id}: unknown device kind")
