"""Shuttles (level 2), cartridge view (level 3) with setpoint changes, QC and Environment,
driven on the demo plant as an operator would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from app.security import Actor, Role
from hardware import ConnectionState
from hardware.mock.faults import Fault, FaultKind
from ui.main_window import MainWindow

OPERATOR = Actor("op1", "Olga Operator", Role.OPERATOR)


def running_bay(window: MainWindow, device_id: str = "shuttle-01") -> int:
    values = window.bridge.values
    return next(
        bay
        for bay in range(1, 17)
        if (s := values.get(f"{device_id}/bay-{bay:02d}/process/state"))
        and s.value == "running"
        and (m := values.get(f"{device_id}/bay-{bay:02d}/process/module"))
        and m.value == "bioreactor-expansion"
    )


def inject(window: MainWindow, device_id: str, fault: Fault) -> None:
    core = window.bridge.core
    core.loop.call_soon_threadsafe(core.station.devices[device_id].backend.inject, fault)


def shot(window: MainWindow, name: str) -> None:
    """Screenshots for people to look at, when CELLDECK_SHOTS names a folder."""
    folder = os.environ.get("CELLDECK_SHOTS")
    if not folder:
        return
    for size in ((1920, 1080), (1280, 800)):
        window.resize(QSize(*size))
        QApplication.processEvents()  # layouts follow the new size before the picture
        window.grab().save(str(Path(folder) / f"{name}-{size[0]}.png"))
    window.resize(QSize(1920, 1080))


def setpoint_entries(window: MainWindow) -> list:
    station = window.bridge.core.station

    async def read() -> list:
        return [e for e in station.audit.entries() if e.action.startswith("setpoint")]

    return window.bridge.core.submit(read()).result(timeout=10)


# -- level 2 -------------------------------------------------------------------------


def test_shuttles_page_shows_every_bay_live_and_the_shuttle_status(window, qtbot):
    window.show_page("shuttles")
    page = window.shuttles
    board = page.board
    assert page.isVisible() and board.device_id == "shuttle-01" and not page.showing_cartridge
    qtbot.waitUntil(lambda: board.paints > 0 and len(board.cards) == 16, timeout=5000)
    bay = running_bay(window)
    card = board.cards[bay - 1]
    assert card.state == "running" and card.line.startswith("Expansion")
    assert card.progress is not None and 0 <= card.progress <= 1
    temperature = next(v for v in card.values if v.caption == "T")
    assert temperature.shown.good and 30 < float(temperature.shown.text) < 40
    assert temperature.indication is not None
    low, high = temperature.indication.band
    assert (low, high) == (36.0, 37.8)  # from the alarm limits
    empty = [c for c in board.cards if c.state == "empty"]
    assert empty and all(c.values == () for c in empty)
    status = page.status.items
    assert status["link"].value.text() == "CONNECTED"
    assert status["doors"].value.text() == "CLOSED"
    assert status["interlocks"].value.text() == "HEALTHY"
    assert status["inventory/media"].value.text().endswith(" L")
    assert status["inventory/media"].indicator.indication is not None
    # Live: a temperature on the board changes within a few frames.
    first = board.cards[bay - 1]
    qtbot.waitUntil(lambda: board.cards[bay - 1] != first, timeout=5000)
    # The big buttons pick the other shuttle.
    assert all(b.height() >= 56 for b in page.shuttle_buttons.values())
    qtbot.mouseClick(page.shuttle_buttons["shuttle-02"], Qt.MouseButton.LeftButton)
    assert board.device_id == "shuttle-02"
    shot(window, "shuttles")


def test_unchanged_cards_are_not_repainted(window, qtbot):
    window.show_page("shuttles")
    board = window.shuttles.board
    qtbot.waitUntil(lambda: board.paints > 0, timeout=5000)
    window.bridge.stop()  # no new values from here on
    board.refresh()
    qtbot.wait(50)
    paints = board.paints
    for _ in range(5):
        board.refresh()
    qtbot.wait(100)
    assert board.paints == paints


def test_doubtful_values_are_hatched_words_never_numbers(window, qtbot):
    bay = running_bay(window)
    path = f"shuttle-01/bay-{bay:02d}/bioreactor/temperature"
    inject(window, "shuttle-01", Fault(FaultKind.STUCK, path))
    inject(window, "shuttle-02", Fault(FaultKind.DISCONNECT))
    window.show_page("shuttles")
    page = window.shuttles
    board = page.board

    def temperature_card_value():
        return next(v for v in board.cards[bay - 1].values if v.caption == "T")

    qtbot.waitUntil(lambda: not temperature_card_value().shown.good, timeout=5000)
    value = temperature_card_value()
    assert value.shown.flag == "SENSOR FAULT"
    assert value.indication is not None and value.indication.value is None  # no pointer
    page.open_bay("shuttle-01", bay)
    row = page.cartridge.rows["bioreactor/temperature"]
    qtbot.waitUntil(lambda: row.value.text().startswith("▨"), timeout=3000)
    assert row.value.text() == "▨ SENSOR FAULT" and not row.value.good
    assert not any(ch.isdigit() for ch in row.value.text())
    # A whole shuttle lost: every value of it says so, and so does its status.
    page.select_shuttle("shuttle-02")
    qtbot.waitUntil(
        lambda: window.bridge.device_statuses["shuttle-02"].state is ConnectionState.LOST,
        timeout=3000,
    )
    qtbot.waitUntil(lambda: page.status.items["link"].value.text() == "✖ LOST", timeout=3000)
    assert page.status.items["link"].abnormal
    assert "No live status from this shuttle: LOST" in page.status.lost_note.text()
    assert not page.status.items["doors"].isVisible()
    qtbot.waitUntil(
        lambda: all(
            not v.shown.good and v.shown.flag == "COMM LOSS"
            for c in board.cards
            for v in c.values
            if v.shown.text != "—"
        ),
        timeout=3000,
    )
    assert any(c.values for c in board.cards)
    # Nor is the equipment state of a bay shown as if known.
    assert all(c.doubt == "COMM LOSS" for c in board.cards)
    assert all(c.line.startswith("last known") for c in board.cards if c.state != "empty")
    shot(window, "shuttles-comm-loss")


# -- level 3 -------------------------------------------------------------------------


def test_tapping_a_bay_opens_its_cartridge_view_with_every_parameter_and_a_trend(window, qtbot):
    window.show_page("shuttles")
    page = window.shuttles
    board = page.board
    qtbot.waitUntil(lambda: len(board.cards) == 16, timeout=5000)
    bay = running_bay(window)
    rect = board.card_rect(bay - 1)
    qtbot.mouseClick(board, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert page.showing_cartridge
    view = page.cartridge
    assert view.title.text() == f"Bay {bay:02d}" and "Cell Shuttle 01" in view.back_button.text()
    qtbot.waitUntil(lambda: view.rows["bioreactor/temperature"].value.text() != "", timeout=3000)
    for tag, row in view.rows.items():
        text = row.value.text()
        assert row.value.good, (tag, text)
        float(text.split()[0])
    assert view.rows["bioreactor/temperature"].normal.text() == "36.0-37.8 °C"
    assert view.rows["bioreactor/ph"].normal.text() == "≥ 6.75 pH"
    setpoint = view.rows["bioreactor/temperature"].setpoint
    assert setpoint is not None and setpoint.text().startswith("SP ") and "°C" in setpoint.text()
    assert setpoint.height() >= 48
    assert view.rows["bioreactor/vcd"].setpoint is None  # not writable: nothing to tap
    assert "cartridge CDK" in view.identity.text() and "CoI COI-" in view.identity.text()
    qtbot.waitUntil(lambda: view.trend_points >= 3, timeout=8000)
    draws = view.trend_draws
    qtbot.mouseClick(view.rows["bioreactor/ph"].name, Qt.MouseButton.LeftButton)
    assert view.trend_tag == "bioreactor/ph" and view.trend_draws > draws
    assert "pH, last hour" in view.trend_title.text()
    image = view.plot.grab().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
    }
    assert len(colours) > 2
    shot(window, "cartridge")
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.bay == bay + 1
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert not page.showing_cartridge


def test_go_to_equipment_opens_the_bay_the_shuttle_qc_or_room(window, qtbot):
    window.show_equipment("shuttle-02/bay-07")
    assert window.current_page == "shuttles"
    page = window.shuttles
    assert page.showing_cartridge and (page.cartridge.device_id, page.cartridge.bay) == (
        "shuttle-02",
        7,
    )
    window.show_equipment("shuttle-01")
    assert not page.showing_cartridge and page.board.device_id == "shuttle-01"
    assert page.board.highlighted == 0
    window.show_equipment("cellq-01")
    assert window.current_page == "qc"
    window.show_equipment("env-hall-a")
    assert window.current_page == "environment"
    assert window.environment.rooms["env-hall-a"].property("highlighted") is True


def test_setpoint_change_from_the_cartridge_view_is_written_and_audited(window, qtbot):
    bay = running_bay(window)
    window.bridge.set_actor(OPERATOR)
    window.show_equipment(f"shuttle-01/bay-{bay:02d}")
    view = window.shuttles.cartridge
    path = f"shuttle-01/bay-{bay:02d}/bioreactor/temperature_sp"
    old = window.bridge.values[path].value
    new = 36.5 if old != 36.5 else 36.8
    qtbot.mouseClick(view.rows["bioreactor/temperature"].setpoint, Qt.MouseButton.LeftButton)
    keypad = view.keypad
    assert keypad is not None and keypad.isVisible()
    if folder := os.environ.get("CELLDECK_SHOTS"):
        keypad.grab().save(str(Path(folder) / "keypad.png"))
    for key in f"{new:.1f}":
        qtbot.mouseClick(keypad.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keypad.presets[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keypad.next_button, Qt.MouseButton.LeftButton)
    if folder := os.environ.get("CELLDECK_SHOTS"):
        keypad.grab().save(str(Path(folder) / "keypad-confirm.png"))
    qtbot.mouseClick(keypad.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: keypad.result() == keypad.DialogCode.Accepted, timeout=5000)
    [entry] = setpoint_entries(window)
    assert (entry.action, entry.target) == ("setpoint.write", path)
    assert (entry.old_value, entry.new_value) == (old, new)
    assert (entry.user_id, entry.user_name, entry.role) == ("op1", "Olga Operator", "operator")
    assert entry.reason == "Per batch record instruction"
    assert f"audit entry {entry.seq}" in view.notice.text() and view.notice.isVisible()
    button = view.rows["bioreactor/temperature"].setpoint
    qtbot.waitUntil(lambda: button.text() == f"SP {new:.1f} °C", timeout=5000)


def test_setpoint_change_is_refused_without_permission(window, qtbot):
    bay = running_bay(window)
    window.show_equipment(f"shuttle-01/bay-{bay:02d}")
    view = window.shuttles.cartridge
    button = view.rows["bioreactor/dissolved_oxygen"].setpoint
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.keypad is None
    assert "sign in first" in view.message.text() and view.message.isVisible()
    window.bridge.set_actor(Actor("m1", "Max Maintenance", Role.MAINTENANCE))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.keypad is None
    assert "Max Maintenance (maintenance) may not setpoint.write" in view.message.text()
    assert setpoint_entries(window) == []


def test_refused_write_shows_the_device_message_and_records_nothing(window, qtbot):
    bay = running_bay(window)
    window.bridge.set_actor(OPERATOR)
    window.show_equipment(f"shuttle-01/bay-{bay:02d}")
    view = window.shuttles.cartridge
    qtbot.mouseClick(view.rows["bioreactor/co2"].setpoint, Qt.MouseButton.LeftButton)
    keypad = view.keypad
    assert keypad is not None
    keypad.display.setText("6.0")
    keypad.reason.setText("raise CO2 for pH")
    qtbot.mouseClick(keypad.next_button, Qt.MouseButton.LeftButton)
    inject(window, "shuttle-01", Fault(FaultKind.DISCONNECT))
    qtbot.waitUntil(
        lambda: window.bridge.device_statuses["shuttle-01"].state is ConnectionState.LOST,
        timeout=3000,
    )
    qtbot.mouseClick(keypad.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "shuttle-01 is lost" in keypad.message.text(), timeout=5000)
    assert keypad.isVisible() and keypad.result() != keypad.DialogCode.Accepted
    assert setpoint_entries(window) == []


# -- QC and Environment ----------------------------------------------------------------


def add_qc_result(window: MainWindow, sample_id: str, assay: str, result: float) -> None:
    core = window.bridge.core
    backend = core.station.devices["cellq-01"].backend

    def append() -> None:
        backend.model.results.append(
            {
                "sample_id": sample_id,
                "coi": "COI-TEST-1",
                "assays": [
                    {
                        "assay": assay,
                        "status": "done",
                        "remaining_s": 0,
                        "result": result,
                        "unit": "EU/mL",
                        "passed": None,  # the station judges against the specification
                    }
                ],
            }
        )
        backend.publish(force=True)

    core.loop.call_soon_threadsafe(append)


def test_qc_page_shows_queue_and_marks_out_of_spec_results(window, qtbot):
    add_qc_result(window, "QC-PASS", "endotoxin", 0.2)
    add_qc_result(window, "QC-OOS", "endotoxin", 0.9)
    window.show_page("qc")
    panel = window.qc.panels["cellq-01"]
    qtbot.waitUntil(lambda: len(panel.out_of_spec_rows()) == 1, timeout=5000)
    qtbot.waitUntil(lambda: len(panel.queue_rows) > 0, timeout=5000)
    assert panel.state.text() in ("RUNNING", "IDLE")
    running = [r for r in panel.queue_rows if r[3] == "RUNNING"]
    assert running and running[0][5] != "—"  # time left of a running assay
    [row] = panel.out_of_spec_rows()
    assert panel.result_rows[row].sample_id == "QC-OOS"
    verdict = panel.results.item(row, 5)
    assert verdict.text() == "✖ OUT OF SPEC"  # words and a shape, not colour alone
    assert verdict.font().bold()
    assert verdict.foreground().color() == QColor("#a00000")
    assert panel.results.item(row, 4).text() == "≤ 0.5 EU/mL"  # as limits read everywhere
    passed = next(i for i, r in enumerate(panel.result_rows) if r.sample_id == "QC-PASS")
    assert panel.results.item(passed, 5).text() == "✓ PASS"
    assert not panel.results.item(passed, 5).font().bold()
    shot(window, "qc")


def test_qc_queue_is_not_shown_as_live_when_the_instrument_is_lost(window, qtbot):
    window.show_page("qc")
    panel = window.qc.panels["cellq-01"]
    qtbot.waitUntil(lambda: len(panel.queue_rows) > 0, timeout=5000)
    inject(window, "cellq-01", Fault(FaultKind.DISCONNECT))
    qtbot.waitUntil(lambda: "Queue not known" in panel.problem.text(), timeout=5000)
    assert panel.queue_rows == [] and panel.queue.rowCount() == 0
    assert panel.state.text().startswith("▨")
    assert "not live" in panel.results_title.text()


def test_environment_page_reads_the_room_against_its_grade(window, qtbot):
    window.show_page("environment")
    room = window.environment.rooms["env-hall-a"]
    qtbot.waitUntil(lambda: room.values["room/temperature"].text() != "", timeout=5000)
    for tag, label in room.values.items():
        assert label.good, tag
        assert any(ch.isdigit() for ch in label.text())
    particles = room.limits["room/particles_0_5um"].text().replace("\u2009", " ")
    assert "grade C: ≤ 352 000 at rest, ≤ 3 520 000 in operation" in particles
    assert "alarm above 352 000" in particles
    assert "site range 18-25 °C" in room.limits["room/temperature"].text()
    indication = room.indicators["room/particles_0_5um"].indication
    assert indication is not None and indication.band == (None, 352_000)
    assert room.no_alarms.isVisible()
    shot(window, "environment")
    inject(window, "env-hall-a", Fault(FaultKind.DISCONNECT))
    qtbot.waitUntil(lambda: room.values["room/temperature"].text() == "▨ COMM LOSS", timeout=5000)
    assert all(not label.good for label in room.values.values())
    assert room.link.text() == "✖ LOST"


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_new_pages_fit_the_kiosk_and_desk_screens(window, qtbot, size):
    window.resize(QSize(*size))
    for key in ("shuttles", "qc", "environment"):
        window.show_page(key)
        qtbot.wait(20)
        page = window.pages.currentWidget()
        hint = page.minimumSizeHint()
        assert hint.width() <= page.width() and hint.height() <= page.height(), (key, hint)
    window.show_equipment("shuttle-01/bay-01")
    page = window.shuttles
    qtbot.wait(20)
    assert page.minimumSizeHint().height() <= page.height()


def test_cartridge_view_links_to_the_bays_batch_and_reads_its_phase_limits(window, qtbot):
    from ui.process_values import phase_cpps

    station = window.bridge.core.station
    recipe = station.recipes()["car-t-autologous"]
    expansion = next(r for r in recipe.phases if r.phase.id == "expansion-culture")
    cpps = phase_cpps(recipe, expansion.path, recipe.content_hash)
    assert cpps["bioreactor/temperature"] == (36.5, 37.5)
    assert phase_cpps(recipe, expansion.path, "another-hash") == {}
    values = window.bridge.values
    bay = next(
        b for b in range(1, 17) if values[f"shuttle-01/bay-{b:02d}/process/state"].value == "empty"
    )

    async def create() -> str:
        batch = await station.batches.create_batch(
            recipe,
            OPERATOR,
            barcode="CDK-TEST-1",
            coi="COI-TEST-1",
            shuttle="shuttle-01",
            bay=bay,
        )
        return batch.batch_id

    batch_id = window.bridge.core.submit(create()).result(timeout=10)
    window.show_equipment(f"shuttle-01/bay-{bay:02d}")
    view = window.shuttles.cartridge
    qtbot.waitUntil(lambda: view.batch_button.isVisible(), timeout=5000)
    assert batch_id in view.batch_button.text()
    qtbot.mouseClick(view.batch_button, Qt.MouseButton.LeftButton)
    assert window.current_page == "batches"
    batches = window.batches
    assert batches.stack.currentWidget() is batches.detail
    assert batches.detail.batch_id == batch_id
