"""Scripted windows for the guide's pictures that ``celldeck screenshot`` cannot reach:
running batches and a manual step waiting, dialogs over the window, the on-screen
keyboard, pages seen by a signed-in person, standing alarms.

One process per screen size (``--size``), with Qt's offscreen screen set to that size
(``tools/screenshots.py`` does it), so a kiosk fills it and the keyboard sits where it
would. The window is the application's own (``MainWindow`` on a ``CoreBridge`` to a
station core on the demo database), built as ``celldeck screenshot`` builds it. People
are signed in as the sign-in dialog would leave them (``CoreBridge.set_actor``); every
action goes through the station as a person's would. A dialog is drawn over the window
where Qt placed it.

    python -m tools.screenshot_scenes --db DB --audit-key KEY --size 1920x1080 --out DIR
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from tools.demo_production import until

SCENES: dict[str, str] = {
    "batches": "Batches page with batches running, one waiting for the operator",
    "new-batch": "New batch dialog: recipe, bay, cartridge and chain-of-identity scanned",
    "batch-step": "a batch's current manual step waiting: scan, confirm, enter, sign",
    "signature": "the electronic signature dialog for PERFORMED over the batch step",
    "keypad": "the setpoint keypad over the cartridge view",
    "sign-in": "the sign-in dialog, badge and PIN",
    "keyboard": "the on-screen keyboard under the sign-in dialog (kiosk)",
    "admin": "Admin page: the users, signed in as an administrator",
    "record": "a finished batch record opened by QA, exceptions first",
    "recipes": "Records, Recipes tab: the master recipes and their release, for QA",
    "trends-history": "Trends over ten days of history",
    "alarms": "Alarms page with standing alarms, one selected",
    "kiosk-exit": "the kiosk's Leave kiosk dialog, signed in as an administrator",
}
SIM_SPEED = 10.0  # while pictures are taken
PRODUCTION_SPEED = 3000.0  # while the crews bring batches to their steps
# Equipment time the crews need to bring the batches to their steps: the scene's plant
# starts this long before now (not before the demo's end), so its clock shows about now.
PRODUCTION_SPAN_S = 4.5 * 3600.0


class Scenes:
    """The window, its station, and one method per picture."""

    def __init__(
        self, db: Path, key: Path, size: tuple[int, int], out: Path, present: float
    ) -> None:
        from app.config import load_plant
        from app.core import CoreThread
        from app.station import Station
        from ui.application import _application
        from ui.bridge import CoreBridge
        from ui.i18n import install_language
        from ui.main_window import MainWindow

        self.plant = load_plant()
        self.app = _application(self.plant.display)
        install_language("en")
        start = max(present, time.time() - PRODUCTION_SPAN_S)
        station = Station(self.plant, db, sim_speed=SIM_SPEED, audit_key=key, sim_start=start)
        self.core = CoreThread(station)
        self.core.start()
        self.bridge = CoreBridge(self.core)
        self.window = MainWindow(self.bridge)
        self.window.move(0, 0)
        self.window.resize(*size)
        self.window.show()
        self.size = size
        self.out = out
        self.batch_ids: dict[str, str] = {}

    @property
    def station(self) -> Any:
        return self.core.station

    def close(self) -> None:
        self.window.close()
        self.bridge.stop()
        self.core.stop()

    # -- helpers ----------------------------------------------------------------------

    def sign_in(self, user_id: str | None) -> None:
        from tools.demo_production import actor

        self.bridge.set_actor(actor(user_id) if user_id else None)

    async def settle(self, seconds: float = 1.5) -> None:
        """Let frames, polls and the alarm banner catch up before a picture."""
        await asyncio.sleep(seconds)
        self.bridge.pull()
        self.window.header.refresh()
        self.window.banner.refresh()
        await asyncio.sleep(0.2)

    def save(self, name: str, *over: Any) -> None:
        """The window with ``over`` (dialogs, the keyboard) drawn where they stand."""
        from PySide6.QtCore import QPoint, QRect
        from PySide6.QtGui import QColor, QPainter, QPen

        # A page that needed more room, even for a moment, grew the window, and a window
        # never shrinks back by itself: say so, then back to the panel's size, and say so
        # again if the page does not fit it now.
        panel = f"{self.size[0]}x{self.size[1]}"
        for when in ("on the way", "now"):
            grown = self.window.size()
            if (grown.width(), grown.height()) != self.size:
                print(
                    f"DOES NOT FIT: {name} needed {grown.width()}x{grown.height()} "
                    f"{when} on a {panel} panel",
                    file=sys.stderr,
                    flush=True,
                )
            self.window.resize(*self.size)
        image = self.window.grab().toImage()
        origin = self.window.mapToGlobal(QPoint(0, 0))
        painter = QPainter(image)
        painter.setPen(QPen(QColor("#303030"), 2))
        for widget in over:
            if widget is not None and widget.isVisible():
                at = widget.mapToGlobal(QPoint(0, 0)) - origin
                painter.drawPixmap(at, widget.grab())
                # The frame a window manager would draw, so the dialog stands out.
                painter.drawRect(QRect(at, widget.size()).adjusted(-1, -1, 0, 0))
        painter.end()
        path = self.out / f"{name}-{self.size[0]}x{self.size[1]}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        print(path.name, flush=True)

    async def on_core(self, coro: Awaitable[Any]) -> Any:
        return await self.bridge.run(coro)  # type: ignore[arg-type]

    # -- production ---------------------------------------------------------------------

    async def produce(self) -> None:
        """Batches at different steps: two worked by a crew to equipment phases, the
        demo's waiting batch started and left at its first manual step."""
        await self.on_core(self._produce())
        await until(lambda: len(self.bridge.batches) >= 3, "batches on the bridge")

    async def _produce(self) -> None:
        from app.batch import BatchState
        from tools.demo_production import actor, crew, empty_bays, new_batch

        station = self.station
        engine = station.batches
        taken = {(b.shuttle_id, b.bay) for b in engine.batches.values()}
        free = [place for place in empty_bays(station, 16) if place not in taken]
        station.clock.speed = PRODUCTION_SPEED
        try:
            crews = []
            # One to its activation culture (equipment), one to its magnetic selection.
            for number, (place, last_step) in enumerate(zip(free, (5, 3), strict=False)):
                batch = await new_batch(station, place, 101 + number)
                await engine.start_batch(batch.batch_id, actor("op1"))
                crews.append(
                    crew(station, batch.batch_id).run(
                        until=lambda b, n=last_step: b.step_index >= n, timeout_s=240
                    )
                )
            await asyncio.gather(*crews)
            waiting = next(b for b in engine.batches.values() if b.state is BatchState.IDLE)
            await engine.start_batch(waiting.batch_id, actor("op1"))
            self.batch_ids["waiting"] = waiting.batch_id
        finally:
            station.clock.speed = SIM_SPEED

    # -- scenes ---------------------------------------------------------------------------

    async def batches(self) -> None:
        self.sign_in("op1")
        self.window.show_page("batches")
        await self.settle()
        self.save("batches")

    async def new_batch(self) -> None:
        page = self.window.batches
        self.sign_in("op1")
        self.window.show_page("batches")
        page.new_batch()
        dialog = page.dialog
        dialog.recipe.setCurrentIndex(dialog.recipe.findData("car-t-autologous"))
        dialog.shuttle.setCurrentText("shuttle-02")
        dialog.bay.setValue(9)
        dialog.barcode.setText("CDK-2026-000106")
        dialog.coi.setText("W1234 26 000106 P01")
        await self.settle(0.5)
        self.save("new-batch", dialog)
        dialog.reject()

    async def batch_step(self) -> None:
        self.sign_in("op1")
        self.window.show_batch(self.batch_ids["waiting"])
        detail = self.window.batches.detail
        await until(lambda: detail.detail is not None, "batch detail")
        await until(lambda: "bag-coi" in detail.manual.scan_fields, "the manual step")
        await self.settle()
        self.save("batch-step")

    async def signature(self) -> None:
        from tools.demo_production import actor

        self.sign_in("op1")
        batch_id = self.batch_ids["waiting"]
        panel = self.window.batches.detail.manual
        request = await self.on_core(self.station.call_batches("request", batch_id))
        operator = actor("op1")
        batch = self.station.batches.batch(batch_id)
        calls = [
            self.station.call_batches("scan", batch_id, operator, "bag-coi", batch.coi),
            *(
                self.station.call_batches("confirm", batch_id, operator, index)
                for index, _ in request.confirmations
            ),
            self.station.call_batches("enter", batch_id, operator, "bag-volume", 212.0),
        ]
        for call in calls:
            await self.on_core(call)
        await until(
            lambda: (
                "performed" in panel.sign_buttons and panel.sign_buttons["performed"].isEnabled()
            ),
            "the sign button",
        )
        panel.sign_buttons["performed"].click()
        await until(lambda: panel.dialog is not None, "the signature dialog")
        dialog = panel.dialog
        dialog.password.setText("not shown")
        await self.settle(0.5)
        self.save("signature", dialog)
        dialog.reject()

    async def keypad(self) -> None:
        self.sign_in("op1")
        self.window.show_equipment("shuttle-01/bay-03")
        view = self.window.shuttles.cartridge
        await self.settle()
        view.change_setpoint("bioreactor/temperature_sp")
        dialog = view.keypad
        dialog.display.setText("37.2")
        await self.settle(0.5)
        self.save("keypad", dialog)
        dialog.reject()

    async def _sign_in_dialog(self, badge: bool) -> Any:
        from ui.widgets.sign_in import SignInDialog

        self.sign_in(None)
        self.window.show_page("overview")
        dialog = SignInDialog(self.bridge, self.window.header)
        dialog.open()
        if badge:
            dialog.tabs.setCurrentIndex(0)
            dialog.badge.setText("0412-7781-0093")
            dialog.pin.setText("2468")
        else:
            dialog.tabs.setCurrentIndex(1)
            dialog.user_id.setFocus()
        return dialog

    async def sign_in_scene(self) -> None:
        dialog = await self._sign_in_dialog(badge=True)
        await self.settle(0.5)
        self.save("sign-in", dialog)
        dialog.reject()

    async def keyboard(self) -> None:
        from ui.widgets.touch_keyboard import TouchKeyboardController

        controller = TouchKeyboardController(self.app)
        try:
            dialog = await self._sign_in_dialog(badge=False)
            dialog.user_id.setText("op1")
            await self.settle(0.5)
            # Offscreen windows never become active, so the field loses the focus while
            # events run; give it back, as a touch would, just before the picture.
            dialog.user_id.setFocus()
            controller.show_for(dialog.user_id)
            self.save("keyboard", dialog, controller.keyboard)
            dialog.reject()
        finally:
            controller.close()

    async def admin(self) -> None:
        from tools.demo_production import PEOPLE

        self.sign_in("admin")
        self.window.show_page("admin")
        table = self.window.admin.table
        await until(lambda: table.model().rowCount() >= len(PEOPLE), "the users table")
        await self.settle()
        self.save("admin")

    async def record(self) -> None:
        self.sign_in("qa1")
        self.window.show_page("records")
        page = self.window.records
        await until(lambda: page.batch_list.table.rowCount() >= 5, "the batch records")
        row = next(
            index
            for index, item in enumerate(page.batch_list.items)
            if item.summary.state == "Complete" and item.approval == "not reviewed"
        )
        page.batch_list.table.cellClicked.emit(row, 0)
        view = page.record_view
        await until(lambda: view.record is not None, "the record")
        await self.settle()
        self.save("record")

    async def recipes(self) -> None:
        self.sign_in("qa1")
        self.window.show_page("records")
        page = self.window.records
        page.tabs.setCurrentWidget(page.recipes)
        view = page.recipes
        await until(lambda: view.table.rowCount() > 0, "the recipes")
        view.table.selectRow(0)
        await self.settle()
        self.save("recipes")

    async def trends_history(self) -> None:
        from app.batch import BatchState

        self.sign_in(None)
        self.window.show_page("trends")
        page = self.window.trends
        # The bay of a batch that ran through the ten demo days.
        done = next(
            b for b in self.station.batches.batches.values() if b.state is BatchState.COMPLETE
        )
        bay = f"{done.shuttle_id}/bay-{done.bay:02d}"
        page.picker.set_pens([f"{bay}/bioreactor/temperature", f"{bay}/bioreactor/ph"])
        page.show_span(10 * 86_400.0, refresh_every_s=30.0)
        await self.settle(4.0)
        self.save("trends-history")

    async def alarms(self) -> None:
        await self.on_core(self._trouble())
        self.sign_in("op1")
        self.window.show_page("alarms")
        summary = self.window.alarms_page.summary
        await until(lambda: summary.proxy.rowCount() >= 3, "standing alarms", 90)
        await self.settle()
        summary.table.selectRow(0)
        await self.settle(0.5)
        self.save("alarms")

    async def _trouble(self) -> None:
        """Equipment trouble for the alarm page: a stuck sensor, a tripped module and a
        temperature off its setpoint; the operator acknowledges one of them."""
        from hardware.mock import MockBackend
        from hardware.mock.faults import Fault, FaultKind
        from tools.demo_production import actor

        station = self.station
        shuttle1, shuttle2 = station.devices["shuttle-01"], station.devices["shuttle-02"]
        for device, target, kind, magnitude in (
            (shuttle2, "shuttle-02/bay-13/bioreactor/temperature", FaultKind.STUCK, 0.0),
            (shuttle1, "shuttle-01/bay-05/", FaultKind.MODULE_FAULT, 0.0),
            (shuttle1, "shuttle-01/bay-12/bioreactor/temperature", FaultKind.DRIFT, 6.0),
        ):
            backend = device.backend
            assert isinstance(backend, MockBackend)
            backend.inject(Fault(kind, target, magnitude))
        engine = station.alarm_engine
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            standing = [a for a in engine.snapshot().alarms if a.state.value == "UNACK"]
            if len(standing) >= 3:
                await station.alarms.command(
                    "acknowledge", [standing[-1].alarm_id], actor("op1"), "maintenance called"
                )
                return

    async def kiosk_exit(self) -> None:
        from ui.kiosk import LeaveKioskDialog

        self.window.show_page("overview")
        self.window.lock_kiosk()
        self.sign_in("admin")
        await self.settle()
        self.window.leave_kiosk_button.click()
        dialog = self.window.kiosk_dialog
        assert isinstance(dialog, LeaveKioskDialog)
        dialog.password.setText("not shown")
        dialog.reason.setText("software update 2.4")
        await self.settle(0.5)
        self.save("kiosk-exit", dialog)
        dialog.reject()
        if self.window.kiosk is not None:
            self.window.kiosk.unlock()

    async def play(self, names: Sequence[str]) -> None:
        await until(lambda: self.bridge.device_statuses, "the devices", 60)
        await self.produce()
        steps: dict[str, Callable[[], Awaitable[None]]] = {
            "batches": self.batches,
            "new-batch": self.new_batch,
            "batch-step": self.batch_step,
            "signature": self.signature,
            "keypad": self.keypad,
            "sign-in": self.sign_in_scene,
            "keyboard": self.keyboard,
            "admin": self.admin,
            "record": self.record,
            "recipes": self.recipes,
            "trends-history": self.trends_history,
            "alarms": self.alarms,
            "kiosk-exit": self.kiosk_exit,
        }
        for name, step in steps.items():
            # The signature needs the step shown first; the step is what it signs.
            if name in names or (name == "batch-step" and "signature" in names):
                await step()
                self.sign_in(None)


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshot_scenes")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--audit-key", type=Path, required=True)
    parser.add_argument("--size", type=_size, required=True, metavar="WxH")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--present", type=float, required=True, help="equipment time the demo database ends at"
    )
    parser.add_argument("names", nargs="*", choices=[*SCENES, []], help="default: all")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    scenes = Scenes(args.db, args.audit_key, args.size, args.out, args.present)
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(scenes.app)) as runner:
            runner.run(scenes.play(args.names or list(SCENES)))
    finally:
        with contextlib.suppress(Exception):
            scenes.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
