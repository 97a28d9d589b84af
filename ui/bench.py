"""Benchmarks that need the live window (``celldeck bench alarms``).

The alarm flood: 10,000 alarm activations within 10 s across a full site, through the
alarm engine and the journal on the station core, while the station window (offscreen)
repaints the banner, the alarm summary and the overview. Prints figures, asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from app.config import PlantConfig, load_plant, shipped_plant_path
from hardware import Quality, Sample

FLOOD_ALARM = {
    "id": "bench-temperature-high",
    "scope": "bay",
    "tag": "bioreactor/temperature",
    "condition": "high",
    "limit": 38.0,
    "priority": "high",
    "message": "Benchmark flood: culture temperature high",
}


def _p99(values: list[float]) -> float:
    if len(values) < 2:
        return float("nan")
    return round(statistics.quantiles(values, n=100)[98], 3)


def bench_alarms(
    plant_file: Path | None, seconds: float = 10.0, *, full: bool = False
) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from app.core import CoreThread
    from app.station import Station
    from ui.application import _application
    from ui.bridge import CoreBridge
    from ui.main_window import MainWindow

    plant: PlantConfig = load_plant(plant_file or shipped_plant_path("full-site.toml"))
    # Only the flood alarm, with no delays, so every crossing is one activation.
    plant = plant.model_copy(update={"alarm_files": [], "alarms": [FLOOD_ALARM]})
    target = 10_000 * (3 if full else 1)
    flood_s = 10.0 * (3 if full else 1)
    app = _application()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        core = CoreThread(Station(plant, db_path, audit_key=Path(folder) / "audit.key"))
        core.start()
        station = core.station
        bridge = CoreBridge(core)
        window = MainWindow(bridge)
        window.resize(1920, 1080)
        window.show()
        records: list[int] = [0]
        station.alarm_engine.on_record(lambda record: records.__setitem__(0, records[0] + 1))
        bays = [
            f"{shuttle.id}/bay-{bay:02d}/bioreactor/temperature"
            for shuttle in plant.shuttles
            for bay in range(1, shuttle.bays + 1)
        ]
        core_lags: list[float] = []
        ui_lags: list[float] = []

        async def flood() -> int:
            """On the core loop: raise and clear bay alarms at a steady rate."""
            engine = station.alarm_engine
            start = station.alarm_engine.activations_total
            per_step = max(1, target // int(flood_s / 0.01))
            index = 0
            began = time.perf_counter()
            while engine.activations_total - start < target:
                now = time.time()
                batch = []
                for _ in range(per_step):
                    path = bays[index % len(bays)]
                    index += 1
                    batch.append(Sample(path, 38.5, Quality.GOOD, None, now, now))
                engine.on_samples(batch)
                engine.on_samples(
                    [Sample(s.path, 37.0, Quality.GOOD, None, now, now) for s in batch]
                )
                expected = began + (index / per_step) * 0.01
                await asyncio.sleep(max(0.0, expected - time.perf_counter()))
            return engine.activations_total - start

        async def core_lag_probe(stop: asyncio.Event) -> None:
            loop = asyncio.get_running_loop()
            while not stop.is_set():
                before = loop.time()
                await asyncio.sleep(0.01)
                core_lags.append((loop.time() - before - 0.01) * 1000.0)

        async def on_core() -> tuple[int, float]:
            stop = asyncio.Event()
            probe = asyncio.get_running_loop().create_task(core_lag_probe(stop))
            started = time.perf_counter()
            activations = await flood()
            elapsed = time.perf_counter() - started
            stop.set()
            await probe
            return activations, elapsed

        async def drive() -> tuple[int, float]:
            future = asyncio.wrap_future(core.submit(on_core()))
            loop = asyncio.get_running_loop()
            while not future.done():
                before = loop.time()
                await asyncio.sleep(0.05)
                ui_lags.append((loop.time() - before - 0.05) * 1000.0)
            result = await future
            await asyncio.sleep(1.0)  # let the journal's last flush land
            return result

        try:
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                activations, elapsed = runner.run(drive())
            assert station.alarms is not None
            station_alarms = station.alarms
            core.submit(asyncio.sleep(0)).result(5)
            core.submit(_flush(station_alarms)).result(10)
            journal_rows = station_alarms.journal.written
            flooded = list(bridge.alarms.flooded_areas)
            frames = bridge.frames
        finally:
            window.close()
            bridge.stop()
            core.stop()
    return {
        "activations": activations,
        "activation_seconds": round(elapsed, 2),
        "journal_rows": journal_rows,
        "records": records[0],
        "lost": records[0] - journal_rows,
        "loop_lag_p99_ms": _p99(core_lags),
        "ui_loop_lag_p99_ms": _p99(ui_lags),
        "ui_frames": frames,
        "flooded_areas": flooded,
    }


async def _flush(service: object) -> None:
    service.flush()  # type: ignore[attr-defined]
