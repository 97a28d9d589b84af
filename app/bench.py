"""Benchmarks that print figures (``celldeck bench ...``); never timed pass/fail tests.

``hardware``: tag updates delivered per second to subscribers, and the latency from a
sample's source timestamp to its delivery, for the mock plant in-process and over OPC UA
on loopback (simulator server in a child process, so it has a core of its own).

``records``: the historian's batched write rate, the audit trail's entry rate, and the
time to load a ten-day, 1 Hz trend of one tag for a ~2000 px wide plot.
"""

from __future__ import annotations

import asyncio
import datetime
import gc
import inspect
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.config import (
    HistorianConfig,
    PlantConfig,
    SimulationConfig,
    load_plant,
    shipped_plant_path,
)
from app.percentile import percentile
from app.records.audit import AuditChange, AuditKey, AuditTrail
from app.records.database import open_database
from app.records.historian import Historian
from app.security import Actor, Role
from app.station import Station
from hardware import Device, Quality, Sample


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
    return round(percentile(latencies, 99) * 1000.0, 3)


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


class SimServer:
    """``celldeck sim-server`` in a child process, booting from the moment it is made
    (asyncua's address space takes seconds; the caller can measure something else
    meanwhile). ``ready()`` waits for it to serve; ``stop()`` ends it."""

    def __init__(self, plant_file: Path | None, tick_s: float = 0.02) -> None:
        self.port = _free_port()
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
            str(self.port),
            "--tick",
            str(tick_s),
        ]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )

    def ready(self) -> str:
        """The endpoint, once the server says it is serving."""
        _wait_for_line(self.process, "serving", timeout=60.0)
        return f"opc.tcp://127.0.0.1:{self.port}/celldeck/"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def bench_opcua(
    plant_file: Path | None,
    seconds: float = 5.0,
    tick_s: float = 0.02,
    *,
    server: SimServer | None = None,
) -> dict[str, float | int]:
    """A simulator server in a child process (``server``, or one started here); this
    process subscribes to every tag."""
    from app.plant import opcua_plant

    plant = load_plant(plant_file)
    own_server = server is None
    if server is None:
        server = SimServer(plant_file, tick_s)
    try:
        client_plant = opcua_plant(plant, server.ready())

        async def run() -> _Meter:
            with tempfile.TemporaryDirectory() as folder:
                station = Station(
                    client_plant,
                    Path(folder) / "bench.sqlite3",
                    audit_key=Path(folder) / "audit.key",
                )
                await station.start()
                try:
                    warmup_s = 1.0 if seconds < 4.0 else 2.0  # subscriptions settle in ~0.5 s
                    return await _measure(list(station.devices.values()), seconds, warmup_s)
                finally:
                    await station.stop()

        meter = asyncio.run(run())
    finally:
        if own_server:
            server.stop()
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
    # The simulator server boots in its own process (on the other core) while the
    # in-process figures are measured: ~8 s of start-up not waited for twice.
    server = SimServer(plant_file)
    try:
        result.update(bench_inprocess(inprocess_plant, seconds * (3 if full else 1)))
        result.update(bench_opcua(plant_file, seconds * (3 if full else 1) + 2, server=server))
    finally:
        server.stop()
    return result


# Every sample stored: the bench measures the writer, not the deadband.
_STORE_ALL = HistorianConfig(min_interval_s=0.0, deadband_percent=0.0)
TREND_PIXELS = 2000


def _feed(historian: Historian, batches: Sequence[Sequence[Sample]]) -> float:
    """Offer every batch as fast as the writer takes them; seconds until all are written."""
    started = time.perf_counter()
    for batch in batches:
        while historian.queued_batches > 500:  # the station would drop beyond its bound
            time.sleep(0.001)
        historian.offer(batch)
    historian.flush(timeout=None)
    return time.perf_counter() - started


def bench_historian_writes(folder: Path, seconds: float) -> dict[str, object]:
    """Samples of 2,000 tags in batches of 500 (a shuttle's tick is ~330), through the
    historian's intake and writer thread into SQLite."""
    tags = [
        f"shuttle-{i // 320 + 1:02d}/bay-{i // 20 % 16 + 1:02d}/tag-{i % 20}" for i in range(2000)
    ]
    total = max(20_000, int(seconds * 150_000))
    start = 1_800_000_000.0
    batches: list[list[Sample]] = []
    for first in range(0, total, 500):
        tick = first // len(tags)
        batches.append(
            [
                Sample(
                    tags[(first + k) % len(tags)],
                    37.0 + (first + k) % 97 / 100.0,
                    Quality.GOOD,
                    None,
                    start + tick + k * 1e-4,
                    0.0,
                )
                for k in range(min(500, total - first))
            ]
        )
    historian = Historian(folder / "writes-history.sqlite3", _STORE_ALL)
    historian.open()
    try:
        elapsed = _feed(historian, batches)
        stored = historian.stored
        flushes = list(historian.flush_seconds)
        size = historian.size_bytes()
    finally:
        historian.close()
    return {
        "historian_samples_per_s": round(stored / elapsed),
        "historian_samples": stored,
        "historian_write_p99_ms": round(_p99_ms(flushes), 1) if len(flushes) > 1 else None,
        "historian_rows_per_write": round(stored / max(1, len(flushes))),
        "historian_bytes_per_sample": round(size / max(1, stored), 1),
    }


def bench_trend_load(folder: Path, days: float) -> dict[str, object]:
    """One tag at 1 Hz for ``days`` days, then the trend a plot of TREND_PIXELS asks for."""
    import numpy as np

    path = "shuttle-01/bay-01/bioreactor/temperature"
    seconds = int(days * 86_400)
    start = 1_800_000_000.0
    rng = np.random.default_rng(1)
    values = 37.0 + np.sin(np.arange(seconds) / 9000.0) + rng.normal(0, 0.02, seconds)
    historian = Historian(folder / "trend-history.sqlite3", _STORE_ALL)
    historian.open()
    try:
        batches = [
            [
                Sample(path, float(values[t]), Quality.GOOD, None, start + t, 0.0)
                for t in range(first, min(seconds, first + 10_000))
            ]
            for first in range(0, seconds, 10_000)
        ]
        generate_s = _feed(historian, batches)
        end = start + seconds
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            series = historian.query(path, start, end, TREND_PIXELS)
            timings.append(time.perf_counter() - began)
        began = time.perf_counter()
        hour = historian.query(path, end - 3600, end, TREND_PIXELS)
        hour_s = time.perf_counter() - began
        # The same span without rollups: every raw sample grouped (a bucket under a minute).
        began = time.perf_counter()
        raw = historian.query(path, start, end, max(TREND_PIXELS, int(seconds / 59)))
        raw_s = time.perf_counter() - began
    finally:
        historian.close()
    return {
        "trend_load_s": round(timings[0], 4),
        "trend_load_warm_s": round(min(timings[1:]), 4),
        "trend_days": days,
        "trend_samples": series.samples,
        "trend_resolution": series.resolution,
        "trend_1h_raw_load_s": round(hour_s, 4),
        "trend_1h_samples": hour.samples,
        "trend_without_rollups_load_s": round(raw_s, 4),
        "trend_without_rollups_resolution": raw.resolution,
        "historian_bulk_samples_per_s": round(seconds / generate_s),
    }


def bench_audit(folder: Path, seconds: float) -> dict[str, object]:
    """AuditTrail.record, one sealed and chained entry per transaction, for ``seconds``;
    then record_many in transactions of 100."""
    db = open_database(folder / "audit.sqlite3")
    trail = AuditTrail(
        db, AuditKey(folder / "audit.key"), "bench", checkpoint_path=folder / "audit.checkpoint"
    )
    actor = Actor("bench", "Bench Operator", Role.OPERATOR)
    try:
        count = 0
        started = time.perf_counter()
        deadline = started + max(0.2, seconds)
        while time.perf_counter() < deadline:
            trail.record(
                actor,
                "setpoint.write",
                f"shuttle-01/bay-{count % 16 + 1:02d}/temp_sp",
                37.0,
                37.5,
                "bench",
            )
            count += 1
        single = count / (time.perf_counter() - started)
        batches = max(2, int(seconds * 20))
        started = time.perf_counter()
        for index in range(batches):
            trail.record_many(
                AuditChange(actor, "setpoint.write", f"tag-{index}-{k}", 1, 2, "bench")
                for k in range(100)
            )
        many = batches * 100 / (time.perf_counter() - started)
        verified = trail.verify().ok
    finally:
        db.close()
    return {
        "audit_entries_per_s": round(single),
        "audit_entries_batched_per_s": round(many),
        "audit_verified": verified,
    }


def bench_records(
    plant_file: Path | None, seconds: float = 3.0, *, full: bool = False, trend_days: float = 10.0
) -> dict[str, object]:
    """Historian writes, audit entries and a trend load over ``trend_days`` of 1 Hz history,
    each on temporary files."""
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        result.update(bench_historian_writes(Path(folder), seconds * (3 if full else 1)))
        result.update(bench_audit(Path(folder), seconds))
        result.update(bench_trend_load(Path(folder), trend_days))
    return result


Benchmark = Callable[..., dict[str, object]]
# The app layer's benchmarks; other layers' come in through ``run_benchmarks(more=...)``.
BENCHMARKS: dict[str, Benchmark] = {
    "hardware": bench_hardware,
    "records": bench_records,
}
# Benchmarks that are not part of ``bench all`` (they run for as long as they are told).
LONG_RUNNING = ("soak",)
# Part of ``bench all --full`` only: ``bench all`` runs the four the plant's people ask
# about first (hardware, records, alarms, ui) within a minute; these take as long again.
FULL_ONLY = ("dashboards", "trend")


def registry(more: dict[str, Benchmark] | None = None) -> dict[str, Benchmark]:
    """Every benchmark this CellDeck has, in the order ``bench all`` runs them: the app
    layer's and those passed in (which take the place of an app one of the same name,
    e.g. with options from the command line)."""
    found = dict(BENCHMARKS)
    found.update(more or {})
    return found


def _call(benchmark: Benchmark, plant_file: Path | None, seconds: float, full: bool) -> dict:
    """Call a benchmark with the options its signature takes (they differ by layer)."""
    parameters = inspect.signature(benchmark).parameters
    options: dict[str, object] = {}
    if "seconds" in parameters:
        options["seconds"] = seconds
    if "full" in parameters:
        options["full"] = full
    return benchmark(plant_file, **options)


def run_benchmarks(
    suite: str,
    plant_file: Path | None,
    *,
    seconds: float = 3.0,
    full: bool = False,
    more: dict[str, Benchmark] | None = None,
) -> dict[str, object]:
    """One combined JSON-able report: each benchmark's keys, the machine, and per
    benchmark its wall time (and its error, if it failed: the others still run).
    ``more`` adds benchmarks from other layers (the UI's, which app/ cannot import)."""
    found = registry(more)
    left_out = LONG_RUNNING if full else (*LONG_RUNNING, *FULL_ONLY)
    names = [n for n in found if n not in left_out] if suite == "all" else [suite]
    unknown = [name for name in names if name not in found]
    if unknown:
        raise KeyError(f"no benchmark {unknown[0]!r}; available: {', '.join(found)}, all")
    report: dict[str, object] = {"machine": machine()}
    runs: dict[str, dict[str, object]] = {}
    started = time.perf_counter()
    for name in names:
        gc.collect()  # the last benchmark's garbage is not collected in this one's time
        begun = time.perf_counter()
        try:
            figures = _call(found[name], plant_file, seconds, full)
            # One combined object: a figure of the same name from two benchmarks would
            # silently show one's value as the other's.
            taken = sorted(set(figures) & set(report))
            if taken:
                raise ValueError(f"figures {', '.join(taken)} are already another benchmark's")
        except Exception as exc:  # one broken benchmark must not lose the others' figures
            if suite != "all":
                raise
            runs[name] = {"wall_s": round(time.perf_counter() - begun, 1), "error": str(exc)}
            continue
        report.update(figures)
        runs[name] = {"wall_s": round(time.perf_counter() - begun, 1), "keys": list(figures)}
    report["benchmarks"] = runs
    if suite == "all":
        report["left_out"] = [n for n in found if n in left_out]
    report["bench_wall_s"] = round(time.perf_counter() - started, 1)
    return report


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value == value else "n/a"
    if isinstance(value, list):
        items = [_shown(item) for item in value[:8]]
        return ", ".join(items) + (", ..." if len(value) > 8 else "")
    return str(value)


def report_text(report: dict[str, object]) -> str:
    """The report for people: when, on what, a short table per benchmark, then the JSON."""
    info = report.get("machine", {})
    assert isinstance(info, dict)
    lines = [
        "# CellDeck benchmark report",
        "",
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} on {info.get('platform', '?')}, "
        f"{info.get('cpus', '?')} CPUs, Python {info.get('python', '?')}; "
        f"{_shown(report.get('bench_wall_s', 'n/a'))} s in all.",
        "",
        "| benchmark | figure | value |",
        "|---|---|---|",
    ]
    runs = report.get("benchmarks", {})
    assert isinstance(runs, dict)
    for name, run in runs.items():
        if "error" in run:
            lines.append(f"| {name} | FAILED after {run['wall_s']} s | {run['error']} |")
            continue
        for key in run["keys"]:
            lines.append(f"| {name} | `{key}` | {_shown(report[key])} |")
        lines.append(f"| {name} | wall time | {run['wall_s']} s |")
    left_out = report.get("left_out")
    if left_out:
        lines += [
            "",
            f"Not run here: {', '.join(map(str, left_out))} (`bench all --full`, or by name).",
        ]
    lines += ["", "```json", json.dumps(report, indent=2), "```", ""]
    return "\n".join(lines)
