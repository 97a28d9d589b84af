"""Starting the Qt side: the window (qasync on the main thread) and offscreen screenshots."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from importlib import resources
from pathlib import Path

import qasync
from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.config import ConfigError, DisplayConfig, PlantConfig
from app.core import CoreThread
from app.memory import freeze_long_lived, thaw_long_lived
from app.security import Actor
from app.station import Station
from ui.bridge import CoreBridge
from ui.first_frame import report_first_frame_if_asked
from ui.i18n import current_language, install_language
from ui.main_window import MainWindow
from ui.slots import asyncSlot
from ui.theme import apply_theme
from ui.touch import install_touch_scrolling
from ui.widgets.touch_keyboard import TouchKeyboardController

log = logging.getLogger(__name__)

# After the window is shown: the first frames drawn, the sparklines' history read, then
# what start-up built is frozen out of the cycle collector's walks (app.memory).
FREEZE_AFTER_MS = 10_000


def _celldeck_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(resources.files("resources.icons").joinpath(f"celldeck-{size}.png")))
    return icon


def _application(display: DisplayConfig | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("CellDeck")
        app.setOrganizationName("CellDeck")
        app.setWindowIcon(_celldeck_icon())
        # Wayland compositors find the icon and name through the desktop entry.
        app.setDesktopFileName("celldeck")
    assert isinstance(app, QApplication)
    display = display or DisplayConfig()
    apply_theme(app, display.theme, display.font_scale)
    install_touch_scrolling(app)
    return app


class WindowHost(QObject):
    """Owns the station window: builds it as the plant's display settings ask, and
    rebuilds it when the language changes (a signed-in person's own language, or the
    language chosen on the rail), keeping the page, the size and the kiosk lock."""

    def __init__(
        self, app: QApplication, bridge: CoreBridge, *, freeze_start_up: bool = False
    ) -> None:
        super().__init__(app)
        # The running station freezes what start-up built (run_window); tests do not.
        self.freeze_start_up = freeze_start_up
        self.app = app
        self.bridge = bridge
        display = bridge.plant.display
        self.station_language = display.language
        self.keyboard = TouchKeyboardController(app) if display.keyboard_on_screen else None
        install_language(display.language)
        self.window = self._build()
        bridge.actor_changed.connect(self._actor_changed)
        self._freeze_timer = QTimer(self)
        self._freeze_timer.setSingleShot(True)
        self._freeze_timer.timeout.connect(_freeze)

    def freeze_when_settled(self, delay_ms: int = FREEZE_AFTER_MS) -> None:
        """Freeze start-up's objects (``app.memory.freeze_long_lived``) once the window
        has settled: a full cycle collection then no longer stalls a frame. Asked again
        (a new window), the wait starts over."""
        if self.freeze_start_up:
            self._freeze_timer.start(delay_ms)

    @property
    def freeze_pending(self) -> bool:
        return self._freeze_timer.isActive()

    def _build(self) -> MainWindow:
        window = MainWindow(self.bridge)
        window.language_requested.connect(self.choose_language)
        if self.bridge.plant.display.kiosk:
            window.lock_kiosk()
        return window

    def show(self) -> None:
        if self.window.kiosk is not None:
            self.window.kiosk.show()
        else:
            self.window.show()

    @asyncSlot(object)
    async def _actor_changed(self, actor: Actor | None) -> None:
        language = self.station_language
        if actor is not None:
            info = await self.bridge.run(self.bridge.core.station.call_users("user", actor.user_id))
            language = info.language if info is not None else language
        self.switch_language(language)

    @asyncSlot(str)
    async def choose_language(self, language: str) -> None:
        """The language picked on the rail: for this session, and remembered as the
        signed-in person's own."""
        actor = self.bridge.actor
        if actor is not None:
            await self.bridge.run(
                self.bridge.core.station.call_users("set_language", actor.user_id, language)
            )
        self.switch_language(language)

    def switch_language(self, language: str) -> None:
        if language == current_language():
            return
        old = self.window
        page, size, visible = old.current_page, old.size(), old.isVisible()
        # The old window's reference cycles must be collectable once it is deleted.
        thaw_long_lived()
        install_language(language)
        self.window = self._build()
        self.window.resize(size)
        self.window.show_page(page)
        if visible:
            self.show()
        if old.kiosk is not None:
            old.kiosk.unlock()  # replaced, not left: the new window holds the lock
        old.close()
        old.deleteLater()
        self.freeze_when_settled()


def _freeze() -> None:
    log.info("start-up objects frozen out of cycle collection: %d", freeze_long_lived())


def start_core(
    plant: PlantConfig,
    db_path: Path,
    sim_speed: float | None,
    plant_dir: Path | None = None,
    audit_key: Path | None = None,
    plant_path: Path | None = None,
) -> CoreThread:
    core = CoreThread(
        Station(
            plant,
            db_path,
            sim_speed=sim_speed,
            plant_dir=plant_dir,
            audit_key=audit_key,
            plant_path=plant_path,
        )
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
    plant_path: Path | None = None,
) -> int:
    app = _application(plant.display)
    core = start_core(plant, db_path, sim_speed, plant_dir, audit_key, plant_path)
    bridge = CoreBridge(core)
    host = WindowHost(app, bridge, freeze_start_up=True)
    host.window.resize(1920, 1080)
    report_first_frame_if_asked(host.window)
    host.show()
    host.freeze_when_settled()

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
    equipment: str | None = None,
    out: Path,
    wait_s: float = 3.0,
    sim_speed: float | None = None,
    plant_dir: Path | None = None,
    audit_key: Path | None = None,
    plant_path: Path | None = None,
) -> None:
    """Run the plant for ``wait_s`` seconds, then render ``page`` (or, given
    ``equipment``, the view of that equipment) offscreen to a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if equipment:
        known = [device.id for device in plant.devices]
        if equipment.split("/", 1)[0] not in known:
            raise ConfigError(
                f"--equipment {equipment}: no such device in the plant; devices: "
                + ", ".join(known)
            )
    app = _application(plant.display)
    install_language(plant.display.language)
    core = start_core(plant, db_path, sim_speed, plant_dir, audit_key, plant_path)
    bridge = CoreBridge(core)
    window = MainWindow(bridge)  # never locked: a screenshot is taken and closed
    window.resize(QSize(*size))
    window.show_page(page)
    report_first_frame_if_asked(window)
    window.show()
    if equipment:
        window.show_equipment(equipment)

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
