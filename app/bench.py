"""Benchmarks that print figures (``celldeck bench ...``); never timed pass/fail tests.

``hardware``: tag updates delivered per second to subscribers, and the latency from a
sample's source timestamp to its delivery, for the mock plant in-process and over OPC UA
on loopback (simulator server in a child process, so it has a core of its own).
"""

from __future__ import annotations

import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.config import PlantConfig, SimulationConfig, load_plant, shipped_plant_path
from app.station import Station
from hardware import Device, Sample


class _Meter:
    """Counts updates and samples delivery latency (one per batch: the batch's oldest)."""

    def __init__(self) -> None:
        self.updates = 0
        self.latencies: list[float] = []
        self.counting = False

    def __call__(self, batch: Sequence[Sample]) -> None:
        if not self.counting:
            return
        self.updates += len(batch)
        now = time.time()
        self.latencies.append(now - min(sample.source_time for sample in batch))

    def reset(self) -> None:
        self.updates = 0
        self.latencies.clear()
        self.counting = True


def _p99_ms(latencies: list[float]) -> float:
    if len(latencies) < 2:
        return float("nan")
    return round(statistics.quantiles(latencies, n=100)[98] * 1000.0, 3)


async def _measure(devices: Sequence[Device], seconds: float, warmup_s: float) -> _Meter:
    meter = _Meter()
    for device in devices:
        device.subscribe(meter)
    await asyncio.sleep(warmup_s)
    meter.reset()
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    meter.counting = False
    meter.elapsed = time.perf_counter() - started  # type: ignore[attr-defined]
    return meter


def bench_inprocess(plant: PlantConfig, seconds: float = 3.0) -> dict[str, float | int]:
    """The whole plant ticking as fast as the loop allows, delivered to subscribers."""
    fast = plant.model_copy(update={"simulation": SimulationConfig(speed=1.0, tick_s=0.001)})

    async def run() -> _Meter:
        with tempfile.TemporaryDirectory() as folder:
            station = Station(
                fast, Path(folder) / "bench.sqlite3", audit_key=Path(folder) / "audit.key"
            )
            await station.start()
            try:
                return await _measure(list(station.devices.values()), seconds, 0.5)
            finally:
                await station.stop()

    meter = asyncio.run(run())
    elapsed = meter.elapsed  # type: ignore[attr-defined]
    return {
        "inprocess_updates_per_s": round(meter.updates / elapsed),
        "inprocess_latency_p99_ms": _p99_ms(meter.latencies),
        "inprocess_devices": len(plant.devices),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bench_opcua(
    plant_file: Path | None, seconds: float = 5.0, tick_s: float = 0.02
) -> dict[str, float | int]:
    """A simulator server in a child process; this process subscribes to every tag."""
    from app.plant import opcua_plant

    plant = load_plant(plant_file)
    port = _free_port()
    # A frozen (installed) CellDeck is its own executable; from source, run the package.
    this_celldeck = (
        [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "app"]
    )
    command = [
        *this_celldeck,
        *(["--plant", str(plant_file)] if plant_file else []),
        "sim-server",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--tick",
        str(tick_s),
    ]
    server = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        _wait_for_line(server, "serving", timeout=60.0)
        client_plant = opcua_plant(plant, f"opc.tcp://127.0.0.1:{port}/celldeck/")

        async def run() -> _Meter:
            with tempfile.TemporaryDirectory() as folder:
                station = Station(
                    client_plant,
                    Path(folder) / "bench.sqlite3",
                    audit_key=Path(folder) / "audit.key",
                )
                await station.start()
                try:
                    return await _measure(list(station.devices.values()), seconds, 2.0)
                finally:
                    await station.stop()

        meter = asyncio.run(run())
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    elapsed = meter.elapsed  # type: ignore[attr-defined]
    return {
        "opcua_updates_per_s": round(meter.updates / elapsed),
        "opcua_latency_p99_ms": _p99_ms(meter.latencies),
        "opcua_devices": len(plant.devices),
    }


def _wait_for_line(process: subprocess.Popen[str], marker: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return
    process.kill()
    raise RuntimeError("simulator server did not start:\n" + "".join(lines[-20:]))


def machine() -> dict[str, str | int]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count() or 0,
    }


def bench_hardware(
    plant_file: Path | None, seconds: float = 3.0, *, full: bool = False
) -> dict[str, object]:
    inprocess_plant = load_plant(plant_file or shipped_plant_path("full-site.toml"))
    result: dict[str, object] = {}
    result.update(bench_inprocess(inprocess_plant, seconds * (3 if full else 1)))
    result.update(bench_opcua(plant_file, seconds * (3 if full else 1) + 2))
    return result


BENCHMARKS: dict[str, Callable[..., dict[str, object]]] = {"hardware": bench_hardware}


def run_benchmarks(
    suite: str,
    plant_file: Path | None,
    *,
    seconds: float = 3.0,
    full: bool = False,
    more: dict[str, Callable[..., dict[str, object]]] | None = None,
) -> dict[str, object]:
    """One combined JSON-able report: each benchmark's keys plus the machine.
    ``more`` adds benchmarks from other layers (the UI's, which app/ cannot import)."""
    registry = {**BENCHMARKS, **(more or {})}
    names = list(registry) if suite == "all" else [suite]
    report: dict[str, object] = {"machine": machine()}
    for name in names:
        report.update(registry[name](plant_file, seconds, full=full))
    return report
