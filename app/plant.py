"""Builds device front ends and their backends from the plant configuration."""

from __future__ import annotations

from collections.abc import Sequence

from app.config import (
    CellQConfig,
    DeviceConfig,
    EnvironmentConfig,
    MockBackendConfig,
    OpcUaBackendConfig,
    OpcUaSecurityConfig,
    PlantConfig,
    ShuttleConfig,
    SimulationConfig,
)
from hardware import CellQ, CellShuttle, Device, EnvironmentMonitor, SimClock, TagSpec
from hardware.catalog import cellq_specs, environment_specs, shuttle_specs
from hardware.mock import CellQModel, EnvironmentModel, MockBackend, ShuttleModel


def device_specs(config: DeviceConfig) -> Sequence[TagSpec]:
    if isinstance(config, ShuttleConfig):
        return shuttle_specs(config.id, config.bays)
    if isinstance(config, CellQConfig):
        return cellq_specs(config.id)
    return environment_specs(config.id)


def build_device(config: DeviceConfig, clock: SimClock, simulation: SimulationConfig) -> Device:
    backend_config = config.backend
    if isinstance(backend_config, OpcUaBackendConfig):
        from hardware.opcua import ClientSecurity, OpcUaBackend

        security = backend_config.security
        backend = OpcUaBackend(
            backend_config.endpoint,
            config.id,
            device_specs(config),
            security=None
            if security is None
            else ClientSecurity(
                security.certificate,
                security.private_key,
                security.server_certificate,
                security.mode,
            ),
        )
    else:
        backend = _mock_backend(config, backend_config, clock, simulation)
    if isinstance(config, ShuttleConfig):
        return CellShuttle(config.id, backend, bays=config.bays)
    if isinstance(config, CellQConfig):
        return CellQ(config.id, backend)
    return EnvironmentMonitor(config.id, backend)


def _mock_backend(
    config: DeviceConfig,
    backend_config: MockBackendConfig,
    clock: SimClock,
    simulation: SimulationConfig,
) -> MockBackend:
    seed = backend_config.seed
    if isinstance(config, ShuttleConfig):
        shuttle = ShuttleModel(config.id, config.bays, seed=seed)
        shuttle.populate_demo(backend_config.occupancy)
        return MockBackend(shuttle, clock, tick_s=simulation.tick_s)
    if isinstance(config, CellQConfig):
        qc = CellQModel(config.id, seed=seed)
        qc.populate_demo()
        return MockBackend(qc, clock, tick_s=simulation.tick_s)
    assert isinstance(config, EnvironmentConfig)
    room = EnvironmentModel(config.id, grade=config.grade, seed=seed)
    return MockBackend(room, clock, tick_s=simulation.tick_s)


def mock_plant(plant: PlantConfig) -> PlantConfig:
    """The same plant with every device simulated (what a simulator server runs)."""
    devices = [
        d
        if isinstance(d.backend, MockBackendConfig)
        else d.model_copy(update={"backend": MockBackendConfig()})
        for d in plant.devices
    ]
    return plant.model_copy(update={"devices": devices})


def opcua_plant(
    plant: PlantConfig, endpoint: str, security: OpcUaSecurityConfig | None = None
) -> PlantConfig:
    """The same plant with every device reached over OPC UA at ``endpoint``."""
    backend = OpcUaBackendConfig(type="opcua", endpoint=endpoint, security=security)
    devices = [d.model_copy(update={"backend": backend}) for d in plant.devices]
    return plant.model_copy(update={"devices": devices})
