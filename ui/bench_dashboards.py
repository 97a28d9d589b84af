"""``celldeck bench dashboards``: what a frame costs on the Shuttles (level 2), cartridge
(level 3), QC and Environment pages of a full site, with every tag live; the overview
is measured the same way as a baseline.

The bridge's own timer is stopped and frames are driven here, ten a second as the
bridge does: each frame is the bridge's pull (all pages' frame handlers) plus the paint
it causes. Wall times include waiting for the station core's thread (same process, one
GIL) and for other processes; the UI thread's CPU time per frame is the page's own cost.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from app.config import PlantConfig, load_plant, shipped_plant_path
from app.memory import freeze_long_lived
from app.percentile import percentile
from ui.bench import dispose

FRAME_S = 0.1


def _percentile(values: list[float], q: int) -> float:
    return round(percentile(values, q), 3)


def bench_dashboards(plant_file: Path | None, seconds: float = 3.0) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from app.core import CoreThread
    from app.station import Station
    from ui.application import _application
    from ui.bridge import CoreBridge
    from ui.main_window import MainWindow

    plant: PlantConfig = load_plant(plant_file or shipped_plant_path("full-site.toml"))
    app = _application()
    report: dict[str, object] = {
        "dashboards_plant": f"{len(plant.shuttles)} shuttles, {len(plant.cellqs)} Cell Q, "
        f"{len(plant.environments)} rooms",
    }
    with tempfile.TemporaryDirectory() as folder:
        core = CoreThread(
            Station(plant, Path(folder) / "bench.sqlite3", audit_key=Path(folder) / "audit.key")
        )
        core.start()
        bridge = CoreBridge(core)
        bridge.stop()  # frames are driven (and timed) below
        window = MainWindow(bridge)
        window.resize(1920, 1080)
        window.show()
        shuttle = plant.shuttles[0].id
        views = {
            "overview": lambda: window.show_page("overview"),  # the baseline to compare
            "shuttles": lambda: window.show_equipment(shuttle),
            "cartridge": lambda: window.show_equipment(f"{shuttle}/bay-01"),
            "qc": lambda: window.show_page("qc"),
            "environment": lambda: window.show_page("environment"),
        }

        async def measure(name: str) -> None:
            views[name]()
            await asyncio.sleep(0.2)
            frames: list[float] = []
            cpu: list[float] = []
            live = core.station.live
            received = live.updates_received
            started = time.perf_counter()
            next_frame = started
            while time.perf_counter() - started < seconds:
                before, before_cpu = time.perf_counter(), time.thread_time()
                bridge.pull()
                app.processEvents()  # the paint this frame caused
                frames.append((time.perf_counter() - before) * 1000.0)
                cpu.append((time.thread_time() - before_cpu) * 1000.0)
                next_frame += FRAME_S
                await asyncio.sleep(max(0.0, next_frame - time.perf_counter()))
            elapsed = time.perf_counter() - started
            report[f"{name}_frame_p50_ms"] = _percentile(frames, 50)
            report[f"{name}_frame_p99_ms"] = _percentile(frames, 99)
            # CPU time of the UI thread alone: the page's own cost, whatever else runs.
            report[f"{name}_frame_cpu_p50_ms"] = _percentile(cpu, 50)
            report[f"{name}_frame_cpu_p99_ms"] = _percentile(cpu, 99)
            report[f"{name}_updates_per_s"] = round((live.updates_received - received) / elapsed)

        async def run_all() -> None:
            await asyncio.sleep(1.0)  # every device connected and publishing
            freeze_long_lived()  # as the running station does once its window settled
            for name in views:
                await measure(name)

        try:
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                runner.run(run_all())
            report["history_tags_tracked"] = window.shuttles.history.tracked
            report["shuttle_board_paints"] = window.shuttles.board.paints
        finally:
            dispose(window)
            core.stop()
    return report
