"""Render the overview with sparklines that show abnormal history (docs screenshots).

The demo plant runs at 600x; after 20 simulated minutes one bay's temperature sensor
drifts (uncertain), another sticks for ten minutes and a third reads beyond its range
(bad) for five, while a fourth bay's culture is heated above its band by a setpoint
(a good value outside its limits); 30 simulated minutes later the overview is grabbed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.overview_faults_screenshot \\
        --size 1920x1080 --out /tmp/overview-faults-1920.png
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

SPEED = 600.0
# (bay, fault kind, magnitude, duration in simulated seconds)
FAULTS = (
    ("bay-01", "drift", 3.0, None),
    ("bay-05", "stuck", 0.0, 600.0),
    ("bay-08", "out-of-range", 20.0, 300.0),
)
HEATED_BAY, HEATED_TO = 9, 38.4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shuttle", default="shuttle-01")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtCore import QSize

    from app.config import load_plant
    from hardware.mock.faults import Fault, FaultKind
    from ui.application import _application, start_core
    from ui.bridge import CoreBridge
    from ui.main_window import MainWindow

    width, height = (int(part) for part in args.size.split("x"))
    plant = load_plant()
    app = _application(plant.display)
    with tempfile.TemporaryDirectory() as folder:
        core = start_core(plant, Path(folder) / "shot.sqlite3", SPEED, audit_key=None)
        bridge = CoreBridge(core)
        window = MainWindow(bridge)
        window.resize(QSize(width, height))
        window.show_page("overview")
        window.show()
        backend = core.station.devices[args.shuttle].backend

        async def run() -> None:
            await asyncio.sleep(1200.0 / SPEED)
            for bay, kind, magnitude, duration in FAULTS:
                target = f"{args.shuttle}/{bay}/bioreactor/temperature"
                fault = Fault(FaultKind(kind), target, magnitude, duration)
                core.loop.call_soon_threadsafe(backend.inject, fault)
            shuttle = core.station.devices[args.shuttle]
            await bridge.run(
                shuttle.write_setpoint(HEATED_BAY, "bioreactor/temperature_sp", HEATED_TO)
            )
            await asyncio.sleep(1800.0 / SPEED)
            bridge.pull()
            await asyncio.sleep(0.6)  # the overview's next repaint

        try:
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                runner.run(run())
            args.out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(args.out), "PNG"):
                raise OSError(f"could not write {args.out}")
            print(f"wrote {args.out}")
        finally:
            window.close()
            bridge.stop()
            core.stop()


if __name__ == "__main__":
    main()
