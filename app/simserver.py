"""The plant simulator served over OPC UA (``celldeck sim-server``).

Kiosks and supervisors' stations in other processes or on other machines watch the same
simulated shuttles through it, and ``celldeck fault`` injects equipment faults into it.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING

from app.config import PlantConfig, SimulationConfig
from app.plant import build_device, mock_plant
from hardware import SimClock
from hardware.mock.faults import Fault, FaultKind

if TYPE_CHECKING:
    from hardware.opcua import ClientSecurity, ServerSecurity


async def serve(
    plant: PlantConfig,
    *,
    host: str,
    port: int,
    sim_speed: float | None = None,
    tick_s: float | None = None,
    ready: asyncio.Event | None = None,
    stop: asyncio.Event | None = None,
    security: ServerSecurity | None = None,
) -> None:
    from hardware.opcua import PlantServer

    plant = mock_plant(plant)
    simulation = SimulationConfig(
        speed=sim_speed or plant.simulation.speed, tick_s=tick_s or plant.simulation.tick_s
    )
    clock = SimClock(simulation.speed)
    devices = [build_device(config, clock, simulation) for config in plant.devices]
    await asyncio.gather(*(device.connect() for device in devices))
    server = PlantServer(
        devices,
        host=host,
        port=port,
        name=f"CellDeck simulator {plant.site.code}",
        security=security,
    )
    try:
        await server.start()
    except BaseException:
        await asyncio.gather(*(device.close() for device in devices), return_exceptions=True)
        raise
    secured = "Basic256Sha256, trusted certificates only" if security else "no security"
    print(
        f"serving {server.endpoint} ({len(devices)} devices of {plant.site.name}, "
        f"simulation {simulation.speed:g}x, {secured})",
        flush=True,
    )
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
    finally:
        await server.stop()
        await asyncio.gather(*(device.close() for device in devices), return_exceptions=True)


async def inject_fault(
    endpoint: str,
    device_id: str,
    kind: str,
    *,
    target: str = "",
    magnitude: float = 0.0,
    duration_s: float = 0.0,
    security: ClientSecurity | None = None,
) -> int:
    """Ask a simulator server to inject a fault; returns the fault's id."""
    from hardware.opcua import OpcUaBackend

    FaultKind(kind)  # refuse unknown kinds before touching the network
    Fault(FaultKind(kind), target, magnitude, duration_s or None)
    backend = OpcUaBackend(endpoint, device_id, [], security=security)
    await backend.connect()
    try:
        return await backend.inject_fault(kind, target, magnitude, duration_s)
    finally:
        await backend.close()


async def clear_fault(
    endpoint: str, device_id: str, fault_id: int = 0, security: ClientSecurity | None = None
) -> int:
    from hardware.opcua import OpcUaBackend

    backend = OpcUaBackend(endpoint, device_id, [], security=security)
    await backend.connect()
    try:
        return await backend.clear_fault(fault_id)
    finally:
        await backend.close()
