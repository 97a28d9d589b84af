import asyncio
import gc
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent

from app.core import CoreThread
from app.security import Actor, Role
from ui.application import WindowHost, _application
from ui.bridge import CoreBridge
from ui.i18n import current_language
from ui.main_window import MainWindow


@pytest.fixture(scope="session")
def qasync_loop(qapp) -> Iterator[qasync.QEventLoop]:
    """One qasync loop for the whole session, running inside Qt's own event loop, so
    @asyncSlot handlers run while qtbot waits (a loop per test leaks state)."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)


@pytest.fixture
def window(qapp, qtbot, qasync_loop, core: CoreThread) -> Iterator[MainWindow]:
    _application()  # theme and fonts as the real application has them
    bridge = CoreBridge(core)
    main = MainWindow(bridge)
    qtbot.addWidget(main)
    main.resize(1920, 1080)
    main.show()
    qtbot.waitExposed(main)
    yield main
    bridge.stop()
    # Delete the window now, as WindowHost does, rather than leaving a thousand widgets of
    # each test alive until the garbage collector finds them: a later test's theme would
    # re-polish them all (a segfault once, in a full run).
    main.close()
    main.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture
def host(qapp, qtbot, qasync_loop, core: CoreThread) -> Iterator[WindowHost]:
    """The application's window host (it rebuilds the window on a language switch), at
    the kiosk's 1280x800; back in English afterwards."""
    app = _application()
    bridge = CoreBridge(core)
    host = WindowHost(app, bridge)
    host.window.resize(1280, 800)
    host.show()
    qtbot.waitExposed(host.window)
    try:
        yield host
    finally:
        host.switch_language("en")  # the rest of the suite runs in English
        host.window.close()
        bridge.stop()
        assert current_language() == "en"


PASSWORDS = {"op1": "op1 own secret 456!", "op2": "op2 own secret 456!", "sup": "sup secret 789!"}


async def _people(station) -> dict[str, Actor]:
    users = station.users
    admin = users.create_first_administrator("admin", "Ada Admin", "correct horse battery 1")
    actors = {}
    for user_id, name, role in (
        ("op1", "Olga Operator", Role.OPERATOR),
        ("op2", "Otto Operator", Role.OPERATOR),
        ("sup", "Sam Supervisor", Role.SUPERVISOR),
    ):
        users.create_user(admin, user_id, name, role, "first password 123!")
        users.change_password(user_id, "first password 123!", PASSWORDS[user_id])
        actors[user_id] = Actor(user_id, name, role)
    return actors


@pytest.fixture
def people(core: CoreThread) -> dict[str, Actor]:
    """Two operators and a supervisor (passwords in PASSWORDS), signed up by an admin."""
    return core.submit(_people(core.station)).result(timeout=30)


def start_batch(window: MainWindow, qtbot, actor: Actor, barcode: str, coi: str):
    """As ``actor``: a CAR-T batch on the first free bay from the New batch dialog, opened
    and started; returns the batch detail (its manual step then fills in)."""
    from app.batch.states import BatchCommand

    window.bridge.set_actor(actor)
    window.show_page("batches")
    page = window.batches
    page.new_batch()
    dialog = page.dialog
    assert dialog.select_recipe("car-t-autologous")
    dialog.barcode.setText(barcode)
    dialog.coi.setText(coi)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: bool(dialog.batch_id), timeout=5000)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    detail.command_buttons[BatchCommand.START].click()
    return detail
