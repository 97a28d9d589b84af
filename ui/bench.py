"""Benchmarks that need the live window (``celldeck bench alarms``).

The alarm flood: 10,000 alarm activations within 10 s across a full site (5,000 in 5 s
within ``bench all``), through the
alarm engine and the journal on the station core, while the station window (offscreen)
repaints the banner, the alarm summary and the overview. Prints figures, asserts nothing.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import PlantConfig, load_plant, shipped_plant_path
from app.memory import freeze_long_lived, thaw_long_lived
from app.percentile import percentile
from hardware import Quality, Sample
from hardware.tags import TagKind

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

FLOOD_ALARM = {
    "id": "bench-temperature-high",
    "scope": "bay",
    "tag": "bioreactor/temperature",
    "condition": "high",
    "limit": 38.0,
    "priority": "high",
    "message": "Benchmark flood: culture temperature high",
}


def dispose(window: QWidget) -> None:
    """Close and delete a benchmark's window now: left to the garbage collector, a full
    site's thousands of widgets would be torn down in the middle of the next benchmark."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    thaw_long_lived()  # frozen like the app's window (see bench_ui); collectable now
    gc.collect()


def _p99(values: list[float]) -> float:
    return round(percentile(values, 99), 3)


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
    # 1,000 activations a second: for 10 s (30 s with --full), or for 5 s when the run is
    # short (``bench all`` gives each part about a second).
    flood_s = 30.0 if full else (10.0 if seconds >= 3.0 else 5.0)
    target = int(1_000 * flood_s)
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
            await asyncio.sleep(0.5)  # the first frames, then start-up frozen as in the app
            freeze_long_lived()
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
            dispose(window)
            bridge.stop()
            core.stop()
    return {
        "activations": activations,
        "activation_seconds": round(elapsed, 2),
        "journal_rows": journal_rows,
        "records": records[0],
        "lost": records[0] - journal_rows,
        "flood_core_loop_lag_p99_ms": _p99(core_lags),
        "flood_ui_loop_lag_p99_ms": _p99(ui_lags),
        "ui_frames": frames,
        "flooded_areas": flooded,
    }


async def _flush(service: object) -> None:
    service.flush()  # type: ignore[attr-defined]


def bench_ui(
    plant_file: Path | None, seconds: float = 10.0, *, full: bool = False
) -> dict[str, object]:
    """The overview of a full site (48 shuttles x 16 bays) with 12 tags per bay changing
    at 2 Hz (about 18,000 updates/s) pushed into the station's live state, while the window
    runs offscreen with the bridge pulling 30 frames per second. Measures what the UI
    thread does per frame (pull + repaint), its loop lag, and the CPU the process uses."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from app.core import CoreThread
    from app.station import Station
    from ui.application import _application
    from ui.bridge import CoreBridge
    from ui.main_window import MainWindow

    plant: PlantConfig = load_plant(plant_file or shipped_plant_path("full-site.toml"))
    # The mock plant ticks slowly here: the synthetic 2 Hz stream is the load measured.
    simulation = plant.simulation.model_copy(update={"tick_s": 5.0})
    plant = plant.model_copy(update={"simulation": simulation})
    seconds = max(2.0, seconds) * (3 if full else 1)
    app = _application()
    paint_ms: list[float] = []

    with tempfile.TemporaryDirectory() as folder:
        core = CoreThread(
            Station(plant, Path(folder) / "bench.sqlite3", audit_key=Path(folder) / "audit.key")
        )
        core.start()
        station = core.station
        bridge = CoreBridge(core, fps=30)
        window = MainWindow(bridge)
        window.resize(1920, 1080)
        window.show_page("overview")
        window.show()
        boards = list(window.overview.boards.values())
        frame_ms: list[float] = []
        paint_by_frame: dict[int, float] = {}
        original_paint = type(boards[0]).paintEvent

        def timed_paint(board: object, event: object) -> None:
            began = time.perf_counter()
            original_paint(board, event)  # type: ignore[arg-type]
            took = (time.perf_counter() - began) * 1000.0
            paint_ms.append(took)
            # Paints after pull number n belong to that frame.
            paint_by_frame[len(frame_ms)] = paint_by_frame.get(len(frame_ms), 0.0) + took

        type(boards[0]).paintEvent = timed_paint  # type: ignore[method-assign]
        paths = [
            path
            for device in station.devices.values()
            for path in sorted(device.specs)
            if "/bay-" in path and device.specs[path].kind is TagKind.ANALOG
        ]
        per_bay: dict[str, list[str]] = {}
        for path in paths:
            per_bay.setdefault(path.rsplit("/", 2)[0], []).append(path)
        tags = [p for bay_paths in per_bay.values() for p in bay_paths[:12]]
        pushed = [0]

        async def stream(stop: asyncio.Event) -> None:
            """On the core loop: every tag once per 0.5 s, in 20 slices of 25 ms."""
            slices = 20
            step = 0
            began = time.perf_counter()
            while not stop.is_set():
                now = time.time()
                chunk = tags[step % slices :: slices]
                value = 37.0 + (step % 7) * 0.01
                station.live.update(
                    [Sample(path, value, Quality.GOOD, None, now, now) for path in chunk]
                )
                pushed[0] += len(chunk)
                step += 1
                await asyncio.sleep(max(0.0, began + step * 0.025 - time.perf_counter()))

        lags: list[float] = []
        original_pull = bridge.pull

        def timed_pull() -> None:
            began = time.perf_counter()
            original_pull()
            frame_ms.append((time.perf_counter() - began) * 1000.0)

        bridge._timer.timeout.disconnect()
        bridge._timer.timeout.connect(timed_pull)

        async def drive() -> tuple[float, float, int]:
            stop = asyncio.Event()
            future = asyncio.wrap_future(core.submit(stream(stop)))
            loop = asyncio.get_running_loop()
            await asyncio.sleep(1.0)  # warm up: first paints fill the tile caches
            freeze_long_lived()  # as the app does once its window has settled
            frame_ms.clear()
            paint_ms.clear()
            paint_by_frame.clear()
            start_pushed, cpu0, wall0 = pushed[0], time.process_time(), time.perf_counter()
            end = wall0 + seconds
            while time.perf_counter() < end:
                before = loop.time()
                await asyncio.sleep(0.01)
                lags.append((loop.time() - before - 0.01) * 1000.0)
            wall = time.perf_counter() - wall0
            cpu = time.process_time() - cpu0
            core.loop.call_soon_threadsafe(stop.set)
            await future
            return wall, cpu, pushed[0] - start_pushed

        try:
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                wall, cpu, updates = runner.run(drive())
        finally:
            type(boards[0]).paintEvent = original_paint  # type: ignore[method-assign]
            dispose(window)
            bridge.stop()
            core.stop()
    frames = len(frame_ms)
    # A frame's UI work: the pull (values to the pages) plus the board paints it caused.
    frame_total = [ms + paint_by_frame.get(n + 1, 0.0) for n, ms in enumerate(frame_ms)]
    return {
        "shuttles": len(boards),
        "tags": len(tags),
        "updates_per_s": round(updates / wall),
        "fps": round(frames / wall, 1),
        "board_paints_per_s": round(len(paint_ms) / wall, 1),
        "frame_p50_ms": round(statistics.median(frame_total), 2) if frame_total else None,
        "frame_p99_ms": _p99(frame_total),
        "pull_p99_ms": _p99(frame_ms),
        "board_paint_p99_ms": _p99(paint_ms),
        "loop_lag_p99_ms": _p99(lags),
        "frame_max_ms": round(max(frame_total), 1) if frame_total else None,
        "loop_lag_max_ms": round(max(lags), 1) if lags else None,
        "cpu_per_wall": round(cpu / wall, 2),
        "seconds": round(wall, 1),
    }
