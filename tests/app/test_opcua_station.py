"""A station watching a simulator served over OPC UA by another process, the fault CLI
against it, an unreachable endpoint, and the hardware benchmark's figures."""

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from app.bench import _free_port, _wait_for_line
from app.config import OpcUaBackendConfig, load_plant
from app.plant import opcua_plant
from app.station import Station
from hardware import ConnectionState, Quality, QualityReason


@pytest.fixture
def sim_server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--sim-speed",
            "60",
            "sim-server",
            "--port",
            str(port),
            "--tick",
            "0.2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        _wait_for_line(process, "serving", timeout=60)
        yield f"opc.tcp://127.0.0.1:{port}/celldeck/"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


async def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


def celldeck(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60
    )


# Three CLI subprocesses and a simulator: minutes on a loaded 2-core machine.
@pytest.mark.timeout(300)
async def test_station_watches_a_simulator_in_another_process(sim_server, db_path):
    plant = opcua_plant(load_plant(), sim_server)
    station = Station(plant, db_path)
    await station.start()
    try:
        statuses = station.live.device_statuses()
        assert all(s.state is ConnectionState.CONNECTED for s in statuses.values())
        snapshot = station.live.snapshot()
        running = [
            p
            for p, s in snapshot.items()
            if p.startswith("shuttle-01/") and p.endswith("process/state") and s.value == "running"
        ]
        assert running
        bay = running[0].removesuffix("process/state")
        temperature = snapshot[bay + "bioreactor/temperature"]
        assert temperature.quality is Quality.GOOD and isinstance(temperature.value, float)

        # Inject a stuck sensor with the CLI; the station sees it as uncertain.
        target = bay + "bioreactor/temperature"
        result = await asyncio.to_thread(
            celldeck, "fault", "--endpoint", sim_server, "shuttle-01", "stuck", "--target", target
        )
        assert result.returncode == 0, result.stderr
        assert "injected fault #" in result.stdout
        await wait_for(lambda: station.live.snapshot()[target].reason is QualityReason.SENSOR_FAULT)
        result = await asyncio.to_thread(
            celldeck, "fault", "--endpoint", sim_server, "shuttle-01", "clear"
        )
        assert "cleared 1 fault" in result.stdout
        await wait_for(lambda: station.live.snapshot()[target].quality is Quality.GOOD)

        # A disconnect on the simulator: that shuttle's values go bad, its alarm fires.
        result = await asyncio.to_thread(
            celldeck,
            "fault",
            "--endpoint",
            sim_server,
            "shuttle-02",
            "disconnect",
            "--duration",
            "600",
        )
        assert result.returncode == 0, result.stderr
        await wait_for(
            lambda: (
                station.live.snapshot()["shuttle-02/bay-01/process/state"].quality is Quality.BAD
            )
        )
        await wait_for(
            lambda: station.alarm_engine.alarms["shuttle-communication-lost@shuttle-02"].active
        )
        assert not station.alarm_engine.alarms["shuttle-communication-lost@shuttle-01"].active
    finally:
        await station.stop()


async def test_unreachable_endpoint_is_reported_per_device_and_the_rest_runs(db_path):
    plant = load_plant()
    dead = OpcUaBackendConfig(type="opcua", endpoint=f"opc.tcp://127.0.0.1:{_free_port()}/")
    devices = [
        d.model_copy(update={"backend": dead}) if d.id == "shuttle-02" else d for d in plant.devices
    ]
    station = Station(plant.model_copy(update={"devices": devices}), db_path)
    started = time.monotonic()
    await station.start()
    try:
        assert time.monotonic() - started < 10
        statuses = station.live.device_statuses()
        assert statuses["shuttle-02"].state is ConnectionState.LOST
        assert "127.0.0.1" in statuses["shuttle-02"].detail
        assert statuses["shuttle-01"].state is ConnectionState.CONNECTED
        assert station.alarm_engine.alarms["shuttle-communication-lost@shuttle-02"].active
        assert station.live.snapshot()["shuttle-01/bay-01/process/state"].is_good
    finally:
        await station.stop()


def test_fault_cli_refuses_an_unknown_kind_and_a_dead_server():
    result = celldeck("fault", "shuttle-01", "melting")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = celldeck(
        "fault", "--endpoint", f"opc.tcp://127.0.0.1:{_free_port()}/", "shuttle-01", "stuck"
    )
    assert result.returncode == 2 and "celldeck:" in result.stderr


def test_bench_hardware_prints_the_four_figures():
    result = subprocess.run(
        [sys.executable, "-m", "app", "bench", "hardware", "--seconds", "0.5"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    for key in (
        "inprocess_updates_per_s",
        "opcua_updates_per_s",
        "inprocess_latency_p99_ms",
        "opcua_latency_p99_ms",
    ):
        assert isinstance(report[key], int | float) and report[key] > 0, key
    assert report["machine"]["cpus"] >= 1
