"""The Batches page: a new batch, the manual step with scans, entries and two-person
signatures, refusals shown, state commands, the timeline moving on."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt

from app.batch.states import BatchCommand, BatchState
from tests.ui.conftest import PASSWORDS
from ui.main_window import MainWindow
from ui.pages.batches import BatchesPage, NewBatchDialog


def _shot(window: MainWindow, name: str) -> None:
    """Screenshots for people to look at, when CELLDECK_SHOTS names a folder."""
    folder = os.environ.get("CELLDECK_SHOTS")
    if not folder:
        return
    for size in ((1920, 1080), (1280, 800)):
        window.resize(QSize(*size))
        window.grab().save(str(Path(folder) / f"{name}-{size[0]}.png"))
    window.resize(QSize(1920, 1080))


def _create(qtbot, page: BatchesPage, barcode: str, coi: str, bay: int) -> str:
    page.new_batch()
    dialog = page.dialog
    assert isinstance(dialog, NewBatchDialog)
    assert dialog.select_recipe("car-t-autologous")
    dialog.shuttle.setCurrentText("shuttle-01")
    dialog.bay.setValue(bay)
    dialog.barcode.setText(barcode)
    dialog.coi.setText(coi)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: bool(dialog.batch_id) or bool(dialog.message.text()), timeout=5000)
    return dialog.batch_id


def _state(window: MainWindow, batch_id: str) -> BatchState:
    engine = window.bridge.core.station.batches
    return next(v.state for v in engine.snapshot() if v.batch_id == batch_id)


def test_batches_page_is_registered_and_says_when_empty(window: MainWindow):
    window.show_page("batches")
    page = window.batches
    assert page.isVisible() and page.empty.isVisible()
    assert not page.new_button.isEnabled()  # nobody signed in


def test_operator_runs_first_step_with_refusals_and_two_signatures(
    window: MainWindow, qtbot, people
):
    bridge = window.bridge
    bridge.set_actor(people["op1"])
    window.show_page("batches")
    page = window.batches
    assert page.new_button.isEnabled()
    # A batch for a cartridge on bay 3; the detail opens in Idle with Start offered.
    batch_id = _create(qtbot, page, "CART-000777", "COI-PAT-0777", 3)
    assert batch_id
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    start = detail.command_buttons[BatchCommand.START]
    assert start.isVisible() and start.isEnabled()
    assert not detail.command_buttons[BatchCommand.ABORT].isVisible()  # not legal in Idle
    # The same bay cannot take a second cartridge.
    assert _create(qtbot, page, "CART-000778", "COI-PAT-0778", 3) == ""
    assert "already runs batch" in page.dialog.message.text()
    page.dialog.reject()
    start.click()
    qtbot.waitUntil(lambda: _state(window, batch_id) is BatchState.RUNNING, timeout=5000)
    panel = detail.manual
    qtbot.waitUntil(lambda: "bag-coi" in panel.scan_fields, timeout=5000)
    assert not panel.sign_buttons["performed"].isEnabled()  # work first
    # A wrong chain-of-identity label is refused, recorded, and blocks the step.
    panel.scan_fields["bag-coi"].setText("COI-PAT-9999")
    panel._scan("bag-coi")
    qtbot.waitUntil(lambda: "not this batch" in panel.message.text(), timeout=5000)
    engine = bridge.core.station.batches
    assert [d["kind"] for d in engine.deviations(batch_id)] == ["identity-mismatch"]
    # Confirming before identity is proven is refused too.
    panel._confirm(0)
    qtbot.waitUntil(lambda: "identity comes before the work" in panel.message.text(), timeout=5000)
    panel.scan_fields["bag-coi"].setText("COI-PAT-0777")
    panel._scan("bag-coi")
    qtbot.waitUntil(lambda: "bag-coi" not in panel.scan_fields, timeout=5000)
    for index in list(panel.confirm_buttons):
        panel.confirm_buttons[index].click()
        qtbot.waitUntil(lambda i=index: i not in panel.confirm_buttons, timeout=5000)
    # An entry outside its limits is refused with the limits; a good one is recorded.
    panel.entry_fields["bag-volume"].setText("900")
    panel._enter("bag-volume")
    qtbot.waitUntil(lambda: "outside" in panel.message.text(), timeout=5000)
    panel.entry_fields["bag-volume"].setText("180")
    panel._enter("bag-volume")
    qtbot.waitUntil(
        lambda: (
            panel.sign_buttons.get("performed") is not None
            and panel.sign_buttons["performed"].isEnabled()
        ),
        timeout=5000,
    )
    _shot(window, "batch-detail-sign")
    # Performed by the operator signed in (re-authentication with a wrong password first).
    panel.sign_buttons["performed"].click()
    qtbot.waitUntil(lambda: panel.dialog is not None, timeout=5000)
    dialog = panel.dialog
    assert dialog.user_id.text() == "op1"
    dialog.password.setText("wrong")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10000)
    assert dialog.signature is None
    dialog.password.setText(PASSWORDS["op1"])
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "performed" not in panel.sign_buttons, timeout=10000)
    assert panel.dialog is None and panel.sign_buttons["verified"].isEnabled()
    # The same person cannot verify their own work.
    panel.sign_buttons["verified"].click()
    qtbot.waitUntil(lambda: panel.dialog is not None, timeout=5000)
    dialog = panel.dialog
    assert dialog.user_id.text() == ""  # a second person signs
    dialog.user_id.setText("op1")
    dialog.password.setText(PASSWORDS["op1"])
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "second person" in dialog.message.text(), timeout=10000)
    dialog.user_id.setText("op2")
    dialog.password.setText(PASSWORDS["op2"])
    dialog.sign_button.click()
    # Both signatures are bound to the step; the timeline moves on.
    qtbot.waitUntil(lambda: detail.timeline.rows[0].status == "done", timeout=10000)
    signatures = bridge.core.station.signatures.for_records_under("batch-step", batch_id + "/")
    signed = [(s.meaning, s.user_id) for s in signatures]
    assert signed == [("performed", "op1"), ("verified", "op2")]
    assert "Otto Operator" in detail.timeline.rows[0].detail.text()
    _shot(window, "batch-detail-running")


def test_hold_needs_control_and_restart_a_supervisor_with_a_reason(
    window: MainWindow, qtbot, people
):
    bridge = window.bridge
    bridge.set_actor(people["sup"])
    window.show_page("batches")
    page = window.batches
    batch_id = _create(qtbot, page, "CART-000888", "COI-PAT-0888", 4)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    detail.command_buttons[BatchCommand.START].click()
    qtbot.waitUntil(lambda: _state(window, batch_id) is BatchState.RUNNING, timeout=5000)
    qtbot.waitUntil(lambda: detail.command_buttons[BatchCommand.HOLD].isVisible(), timeout=5000)
    detail.command_buttons[BatchCommand.HOLD].click()
    qtbot.waitUntil(lambda: _state(window, batch_id) is BatchState.HELD, timeout=5000)
    qtbot.waitUntil(lambda: "HELD" in detail.state.text(), timeout=5000)
    assert detail.state.property("abnormal") is True
    # The bay's tile on the overview shows the batch, its step and that it is held.
    board = window.overview.boards["shuttle-01"]
    qtbot.waitUntil(
        lambda: 4 in board.batches and board.batches[4].state is BatchState.HELD, timeout=5000
    )
    assert board.batches[4].phase_name == "Verify apheresis bag and shipment"
    window.show_page("overview")
    _shot(window, "overview-with-batch")
    window.show_page("batches")
    # Restart asks why; the operator cannot restart at all.
    bridge.set_actor(people["op1"])
    restart = detail.command_buttons[BatchCommand.RESTART]
    qtbot.waitUntil(lambda: not restart.isEnabled(), timeout=3000)
    bridge.set_actor(people["sup"])
    qtbot.waitUntil(restart.isEnabled, timeout=3000)
    detail.command_buttons[BatchCommand.RESTART].click()
    dialog = detail.reason_dialog
    assert dialog is not None and not dialog.ok_button.isEnabled()
    dialog.reason.setText("Checked the bay after the hold; safe to continue")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: _state(window, batch_id) is BatchState.RUNNING, timeout=5000)
    states = [e for e in bridge.core.station.batches.events(batch_id, "state")]
    assert any("safe to continue" in str(e["reason"]) for e in states)
    # The list shows the batch with its recipe, unit and step.
    detail.back_button.click()
    page.refresh()
    row = next(i for i, v in enumerate(page.model.views) if v.batch_id == batch_id)
    columns = page.model.columnCount()
    texts = [page.model.index(row, c).data(Qt.ItemDataRole.DisplayRole) for c in range(columns)]
    # Two lines per cell where two things belong together, so the list fits 1280 px.
    assert texts[0] == f"{batch_id}\nCOI-PAT-0888"
    assert texts[1] == "car-t-autologous v1.0\nshuttle-01 bay 4"
    assert texts[2].startswith("RUNNING") and texts[3]
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: page.table.viewport().width() < 1100, timeout=3000)
    assert page.table.horizontalScrollBar().maximum() == 0  # no sideways scroll on a kiosk


def test_why_new_batch_is_greyed_is_written_beside_it(window: MainWindow, people):
    window.show_page("batches")
    page = window.batches
    window.bridge.set_actor(None)
    assert not page.new_button.isEnabled()
    assert page.new_hint.isVisible() and page.new_hint.text()  # readable without hover
    window.bridge.set_actor(people["op1"])
    assert page.new_button.isEnabled() and page.new_hint.text() == ""
