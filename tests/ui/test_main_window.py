"""The station window opens on the demo plant and shows live bay values."""

from PySide6.QtCore import Qt

from hardware import ConnectionState
from ui.format import show_value
from ui.main_window import PAGE_KEYS


def occupied_bays(window, device_id):
    values = window.bridge.values
    return [
        bay
        for bay in range(1, 17)
        if (s := values.get(f"{device_id}/bay-{bay:02d}/process/state")) and s.value != "empty"
    ]


def test_a_frame_marks_only_the_boards_whose_tags_changed(window, qtbot):
    """The changed boards are found from the frame's paths (thousands on a full site):
    a tag of shuttle-02 marks its board, a Cell Q's or an unknown path none."""
    import time

    from hardware import Quality, Sample

    overview = window.overview
    window.show_page("alarms")  # hidden, the overview marks boards and paints none
    qtbot.waitUntil(lambda: overview.history_filled, timeout=10000)  # marks them all
    window.bridge.stop()
    now = time.time()
    changes = {
        path: Sample(path, 1.0, Quality.GOOD, None, now, now)
        for path in (
            "shuttle-02/bay-03/bioreactor/temperature",
            "cellq-01/assay/state",
            "no-such-device/x",
        )
    }
    for _ in range(2):  # the second time from the paths already learnt
        for board in overview.boards.values():
            board.dirty = False
        overview.on_frame(changes)
        assert {d for d, board in overview.boards.items() if board.dirty} == {"shuttle-02"}


def test_the_running_station_freezes_start_up_and_thaws_for_a_new_window(host, qtbot):
    """Once settled, what start-up built is frozen out of the cycle collector's walks;
    a language change thaws it (the old window must be collectable), then freezes the
    new one once settled. Tests' hosts do not freeze unless asked."""
    import gc

    from app.memory import thaw_long_lived

    assert not host.freeze_start_up
    host.freeze_when_settled(0)
    qtbot.wait(50)
    assert gc.get_freeze_count() == 0
    host.freeze_start_up = True
    try:
        host.freeze_when_settled(0)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
        host.switch_language("nl")
        assert gc.get_freeze_count() == 0  # thawed: nothing frozen while the old one goes
        assert host.freeze_pending  # the new window is frozen once settled (10 s)
        host.freeze_when_settled(0)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
    finally:
        host.freeze_start_up = False
        thaw_long_lived()


def test_overview_shows_both_shuttles_with_live_temperature_and_vcd(window, qtbot):
    assert window.current_page == "overview"
    boards = window.overview.boards
    assert set(boards) == {"shuttle-01", "shuttle-02"}
    qtbot.waitUntil(lambda: all(board.paints > 2 for board in boards.values()), timeout=5000)
    bridge = window.bridge
    for device_id in boards:
        bays = occupied_bays(window, device_id)
        assert len(bays) >= 8
        for bay in bays:
            for tag in ("bioreactor/temperature", "bioreactor/vcd"):
                path = f"{device_id}/bay-{bay:02d}/{tag}"
                shown = show_value(bridge.values[path], bridge.spec(path))
                assert shown.good, f"{path} shown as {shown}"
                float(shown.text.split()[0])
    # Values keep flowing: a temperature changes within a few frames (sensor noise).
    path = f"shuttle-01/bay-{occupied_bays(window, 'shuttle-01')[0]:02d}/bioreactor/temperature"
    first = bridge.values[path]
    qtbot.waitUntil(lambda: bridge.values[path].receive_time > first.receive_time, timeout=5000)


def test_header_names_site_station_user_and_devices(window):
    header = window.header
    assert header.site_label.text() == "South San Francisco Smart Factory"
    assert header.station_label.text() == "Kiosk hall A-1"
    assert header.user_label.text() == "Not signed in"
    assert "UTC" in header.clock_label.text() and "local" in header.clock_label.text()
    header.refresh()
    assert set(header.chips) == {"shuttle-01", "shuttle-02", "cellq-01", "env-hall-a"}
    assert all(chip.text().startswith("●") for chip in header.chips.values())
    assert all("connected" in chip.accessibleDescription() for chip in header.chips.values())


def test_every_page_is_reachable_by_touch_sized_buttons(window, qtbot):
    for key in PAGE_KEYS:
        button = window.nav_buttons[key]
        assert button.height() >= 64, f"{key} button is {button.height()} px high"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.current_page == key
        assert window.pages.currentWidget().isVisible()


def test_lost_device_is_shown_as_lost_never_as_live(window, qtbot):
    from hardware.mock.faults import Fault, FaultKind

    core = window.bridge.core
    backend = core.station.devices["shuttle-02"].backend
    core.loop.call_soon_threadsafe(backend.inject, Fault(FaultKind.DISCONNECT))
    qtbot.waitUntil(
        lambda: window.bridge.device_statuses["shuttle-02"].state is ConnectionState.LOST,
        timeout=3000,
    )
    window.header.refresh()
    chip = window.header.chips["shuttle-02"]
    assert chip.property("problem") is True
    assert chip.text().startswith("✖") and "LOST" in chip.text()
    # The banner annunciates the communication loss as an alarm.
    qtbot.waitUntil(
        lambda: any(
            v.alarm_id == "shuttle-communication-lost@shuttle-02" for v in window.banner.top
        ),
        timeout=3000,
    )
    bridge = window.bridge
    bay = occupied_bays(window, "shuttle-02")[0]
    path = f"shuttle-02/bay-{bay:02d}/bioreactor/temperature"
    qtbot.waitUntil(lambda: not bridge.values[path].is_good, timeout=3000)
    shown = show_value(bridge.values[path], bridge.spec(path))
    assert not shown.good and shown.flag == "COMM LOSS"


def test_trends_page_draws_a_live_curve(window, qtbot):
    window.show_page("trends")
    trends = window.trends
    occupied = occupied_bays(window, "shuttle-01")[0]
    trends.set_pens([f"shuttle-01/bay-{occupied:02d}/bioreactor/temperature"])
    qtbot.waitUntil(lambda: trends.point_count >= 3, timeout=8000)
    image = trends.plot.grab().toImage()
    assert image.width() > 100
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 2


def test_demo_window_fits_a_1280x800_kiosk_panel(window, qtbot):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800, hint
    # The cartridge view's ten glove-sized rows scroll rather than stretch the window.
    window.show_equipment("shuttle-01/bay-01")
    qtbot.wait(20)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800, hint


def _repaints_are_spread_over_frames(main, qtbot) -> None:
    """A change on every bay of 48 boards is not painted in one frame: each frame renders
    changed tiles until its paint budget is spent, the boards waiting longest first, a
    board left unfinished going on in the next frame, until every board had its turn;
    a board asked to repaint is prepared (its paint only copies tiles)."""
    import time

    from hardware import Quality, Sample

    main.resize(1920, 1080)
    main.show()
    main.show_page("overview")
    qtbot.waitExposed(main)
    overview = main.overview
    main.bridge.stop()  # no new frame between the turns below
    boards = list(overview.boards.values())
    now = time.time()
    for index, board in enumerate(boards):
        for path in board.key_paths():  # every tile's number changes
            main.bridge.values[path] = Sample(
                path, 40.0 + index / 100, Quality.GOOD, None, now, now
            )
        board.dirty, board.requested_at = True, index * 1e-6  # waiting longest: board 0
    turns = []  # the boards each frame asked to repaint (none while one is half done)
    while any(board.dirty for board in boards):
        turns.append(asked := overview.schedule_repaints())
        assert all(board.prepared for board in asked)  # their paints copy tiles
        assert len(turns) <= 48 * 16
    assert len(turns) > 1  # 768 tiles' renders do not fit one frame's 12 ms
    assert [board for asked in turns for board in asked] == boards  # in turn, each once
    # Just asked, not due again (a slow machine's first boards may be: ageing, 1 s).
    assert not set(overview.schedule_repaints()) & set(turns[-1])
    painted = {b.device_id: b.paints for b in boards}
    qtbot.waitUntil(lambda: all(b.paints > painted[b.device_id] for b in boards), timeout=10000)


def _prepare_goes_on_where_it_stopped(board) -> None:
    """Past its deadline a board renders one tile per call and says it is not done; the
    calls that follow go on until every tile is current."""
    import time

    from hardware import Quality, Sample

    now = time.time()
    for path in board.key_paths():
        board.bridge.values[path] = Sample(path, 41.5, Quality.GOOD, None, now, now)
    renders = board.tile_renders
    assert not board.prepare(deadline=0.0)
    assert board.tile_renders == renders + 1
    calls = 1
    while not board.prepare(deadline=0.0):
        calls += 1
        assert calls <= 64
    assert board.prepared
    assert board.tile_renders - renders >= 16  # every bay's tile was rendered anew


def test_full_site_fits_1920x1080_with_every_shuttle(qapp, qtbot, full_plant, db_path):
    from app.core import CoreThread
    from app.station import Station
    from ui.bridge import CoreBridge
    from ui.main_window import MainWindow

    core = CoreThread(Station(full_plant, db_path))
    core.start()
    try:
        bridge = CoreBridge(core)
        main = MainWindow(bridge)
        qtbot.addWidget(main)
        hint = main.minimumSizeHint()
        assert hint.width() <= 1920 and hint.height() <= 1080, hint
        assert len(main.overview.boards) == 48
        assert all(board.compact for board in main.overview.boards.values())
        main.header.refresh()
        assert "58 of 58 devices connected" in main.header.chips["*"].text()
        _repaints_are_spread_over_frames(main, qtbot)
        _prepare_goes_on_where_it_stopped(main.overview.boards["shuttle-01"])
        bridge.stop()
    finally:
        core.stop()
