import asyncio
from collections.abc import Iterator

import pytest
import qasync

from app.core import CoreThread
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


@pytest.fixture
def host(qapp, qtbot, qasync_loop, core: CoreThread) -> Iterator[WindowHost]:
    """The window as the application hosts it (language switches rebuild it), on a
    1280x800 panel."""
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
