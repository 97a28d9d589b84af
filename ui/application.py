"""Starting the Qt side: the window (qasync on the main thread) and offscreen screenshots."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from app.config import DisplayConfig, PlantConfig
from app.core import CoreThread
from app.station import Station
from ui.bridge import CoreBridge
from ui.main_window import MainWindow
from ui.theme import apply_theme
from ui.widgets.touch_keyboard import TouchKeyboardController


def _application(display: DisplayConfig | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("CellDeck")
        app.setOrganizationName("CellDeck")
    assert isinstance(app, QApplication)
    display = display or DisplayConfig()
    apply_theme(app, display.theme, display.font_scale)
    return app


def _window(app: QApplication, bridge: CoreBridge) -> MainWindow:
    """The station window as the plant's display settings ask for it."""
    display = bridge.plant.display
    window = MainWindow(bridge)
    if display.keyboard_on_screen:
        window.keyboard = TouchKeyboardController(app)
    if display.kiosk:
        window.lock_kiosk()
    return window


def start_core(
    plant: PlantConfig,
    db_path: Path,
    sim_speed: float | None,
    plant_dir: Path | None = None,
    audit_key: Path | None = None,
) -> CoreThread:
    core = CoreThread(
        Station(plant, db_path, sim_speed=sim_speed, plant_dir=plant_dir, audit_key=audit_key)
    )
    core.start()
    return core


def run_window(
    plant: PlantConfig,
    db_path: Path,
    *,
    sim_speed: float | None = None,
    plant_dir: Path | None = None,
    audit_key: Path | None = None,
) -> int:
    app = _application(plant.display)
    core = start_core(plant, db_path, sim_speed, plant_dir, audit_key)
    bridge = CoreBridge(core)
    window = _window(app, bridge)
    window.resize(1920, 1080)
    if window.kiosk is not None:
        window.kiosk.show()
    else:
        window.show()

    async def until_closed() -> None:
        closed = asyncio.get_running_loop().create_future()
        app.lastWindowClosed.connect(lambda: closed.done() or closed.set_result(None))
        await closed

    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(until_closed())
    finally:
        bridge.stop()
        core.stop()
    return 0


def take_screenshot(
    plant: PlantConfig,
    db_path: Path,
    *,
    page: str,
    size: tuple[int, int],
    out: Path,
    wait_s: float = 3.0,
    sim_speed: float | None = None,
    plant_dir: Path | None = None,
    audit_key: Path | None = None,
) -> None:
    """Run the plant for ``wait_s`` seconds, then render ``page`` offscreen to a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application(plant.display)
    core = start_core(plant, db_path, sim_speed, plant_dir, audit_key)
    bridge = CoreBridge(core)
    window = MainWindow(bridge)  # never locked: a screenshot is taken and closed
    window.resize(QSize(*size))
    window.show_page(page)
    window.show()

    async def settle() -> None:
        await asyncio.sleep(wait_s)
        bridge.pull()
        window.header.refresh()
        window.banner.refresh()
        await asyncio.sleep(0.1)

    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(settle())
        image = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
    finally:
        window.close()
        bridge.stop()
        core.stop()
