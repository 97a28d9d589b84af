"""What the operator guide's pictures showed wrong, kept right.

Pages keep to a 1280x800 kiosk panel in the states that grew the window: a window that
once needed more room stays grown, so a page too big even for a moment leaves the
station wider than its screen. Fleet cards stay touch-sized; the cartridge view's trend
shows the site's time like the Trends page; the alarm page stops asking a signed-in
person to sign in."""

from __future__ import annotations

import pytest

from app.security import Actor, Role
from ui.application import WindowHost
from ui.main_window import MainWindow

PANEL = (1280, 800)
OPERATOR = Actor("op1", "Olga Operator", Role.OPERATOR)


@pytest.mark.parametrize("language", ["en", "nl", "ja"])
def test_cartridge_view_fits_the_panel_in_every_language(host: WindowHost, qtbot, language):
    host.switch_language(language)
    window = host.window
    qtbot.waitExposed(window)
    window.show_equipment("shuttle-01/bay-03")
    view = window.shuttles.cartridge
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.trend_title.text()), timeout=5000)
    hint = window.minimumSizeHint()
    assert hint.width() <= PANEL[0] and hint.height() <= PANEL[1], (language, hint)
    assert window.width() == PANEL[0]


def test_opening_a_batch_does_not_grow_the_window(window: MainWindow, qtbot):
    station = window.bridge.core.station
    recipe = station.recipes()["car-t-autologous"]
    batch = window.bridge.core.submit(
        station.call_batches(
            "create_batch",
            recipe,
            OPERATOR,
            barcode="CDK-000901",
            coi="COI-PAT-0901",
            shuttle="shuttle-01",
            bay=2,
        )
    ).result(timeout=10)
    # Running and waiting for the operator: the longest state beside the commands.
    window.bridge.core.submit(station.call_batches("start_batch", batch.batch_id, OPERATOR)).result(
        timeout=10
    )
    window.bridge.set_actor(OPERATOR)
    window.resize(*PANEL)
    window.show_batch(batch.batch_id)
    detail = window.batches.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    qtbot.waitUntil(lambda: detail.command_buttons.values() and detail.isVisible(), timeout=5000)
    assert window.size().width() == PANEL[0], window.size()
    qtbot.waitUntil(lambda: "OPERATOR" in detail.state.text(), timeout=5000)
    assert window.size().width() == PANEL[0], window.size()
    shown = [c.value for c, b in detail.command_buttons.items() if b.isVisible()]
    assert shown == ["Pause", "Hold", "Stop", "Abort"]


def test_trends_with_two_pens_fit_the_panel(window: MainWindow, qtbot):
    window.resize(*PANEL)
    window.show_page("trends")
    page = window.trends
    page.picker.set_pens(
        ["shuttle-01/bay-01/bioreactor/temperature", "shuttle-01/bay-01/bioreactor/ph"]
    )
    qtbot.waitUntil(lambda: page.legend.rowCount() == 2, timeout=5000)
    qtbot.wait(500)  # the layout takes the legend's new height
    hint = window.minimumSizeHint()
    assert hint.height() <= PANEL[1], hint


def test_a_few_units_make_fleet_cards_of_a_touch_size_not_half_a_screen(window, qtbot):
    window.show_page("fleet")
    board = window.fleet.board
    qtbot.waitUntil(lambda: len(board.units) == 4, timeout=5000)
    card = board.card_rect(0)
    assert 64 <= card.height() <= 140, card  # a touch target, not a half-screen card
    assert card.width() > 200


def test_cartridge_trend_shows_the_site_time_zone(window):
    from ui.widgets.trend_plot import StationTimeAxis

    axis = window.shuttles.cartridge.plot.getAxis("bottom")
    assert isinstance(axis, StationTimeAxis) and axis.zone == window.bridge.zone


def test_signing_in_clears_the_request_to_sign_in_on_the_alarm_page(window, qtbot):
    window.show_page("alarms")
    summary = window.alarms_page.summary
    assert summary.status.text() == "Sign in to acknowledge or shelve alarms."
    window.bridge.set_actor(OPERATOR)
    assert summary.status.text() == ""
    window.bridge.set_actor(None)
    assert summary.status.text() == "Sign in to acknowledge or shelve alarms."


def test_tapping_a_bay_on_the_overview_opens_its_cartridge_view(window, qtbot):
    from PySide6.QtCore import Qt

    window.show_page("overview")
    board = window.overview.boards["shuttle-02"]
    rect = board._tile_rect(2)  # bay 03
    qtbot.mouseClick(board, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.current_page == "shuttles"
    assert window.shuttles.cartridge.isVisible()
    assert window.shuttles.cartridge.prefix == "shuttle-02/bay-03/"


def test_the_on_screen_keyboard_lifts_a_dialog_instead_of_covering_it(qapp, qtbot):
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

    from ui.widgets.touch_keyboard import TouchKeyboardController

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    user, password = QLineEdit(), QLineEdit()
    for field in (user, password):
        field.setMinimumHeight(64)
        layout.addWidget(field)
    screen = dialog.screen().availableGeometry()
    dialog.resize(560, 260)
    dialog.move(screen.center().x() - 280, screen.center().y() - 130)  # centred, as Qt does
    dialog.show()
    qtbot.waitExposed(dialog)
    controller = TouchKeyboardController(QApplication.instance())
    try:
        controller.show_for(password)
        keys = controller.keyboard.geometry()
        assert keys.bottom() <= screen.bottom()
        assert not keys.intersects(dialog.frameGeometry()), (keys, dialog.frameGeometry())
        assert dialog.frameGeometry().top() >= screen.top()
    finally:
        controller.close()
