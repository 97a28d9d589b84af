from collections.abc import Iterator

import pytest

from app.core import CoreThread
from ui.application import _application
from ui.bridge import CoreBridge
from ui.main_window import MainWindow


@pytest.fixture
def window(qapp, qtbot, core: CoreThread) -> Iterator[MainWindow]:
    _application()  # theme and fonts as the real application has them
    bridge = CoreBridge(core)
    main = MainWindow(bridge)
    qtbot.addWidget(main)
    main.resize(1920, 1080)
    main.show()
    qtbot.waitExposed(main)
    yield main
    bridge.stop()
