"""Alarm banner, summary, history and KPIs driven as an operator would."""

from pathlib import Path

from PySide6.QtCore import Qt

from app.alarms.definitions import Priority
from app.alarms.states import AlarmState
from app.security import Actor, Role
from hardware.mock.faults import Fault, FaultKind
from ui.widgets.alarm_banner import Annunciator, ranked_unacknowledged

MODULE_FAULT = "bay-module-fault@shuttle-01/bay-{:02d}"


def occupied_bay(window, device_id="shuttle-01"):
    values = window.bridge.values
    return next(
        bay
        for bay in range(1, 17)
        if (s := values.get(f"{device_id}/bay-{bay:02d}/process/state"))
        and s.value not in ("empty", "idle")
    )


def trip(window, bay):
    core = window.bridge.core
    backend = core.station.devices["shuttle-01"].backend
    core.loop.call_soon_threadsafe(
        backend.inject, Fault(FaultKind.MODULE_FAULT, f"shuttle-01/bay-{bay:02d}")
    )


def test_banner_shows_new_alarm_blinking_with_shape_and_number(window, qtbot):
    bay = occupied_bay(window)
    trip(window, bay)
    alarm_id = MODULE_FAULT.format(bay)
    qtbot.waitUntil(lambda: any(v.alarm_id == alarm_id for v in window.banner.top), timeout=3000)
    assert window.banner.snapshot.counts["high"] >= 1
    blink = window.banner.blink_on
    qtbot.waitUntil(lambda: window.banner.blink_on != blink, timeout=2000)
    assert window.banner.silence_button.isEnabled()
    qtbot.mouseClick(window.banner.silence_button, Qt.MouseButton.LeftButton)
    assert window.banner.annunciator.silenced
    # The bay's tile carries the alarm too.
    assert (
        window.overview.boards["shuttle-01"].alarms[f"shuttle-01/bay-{bay:02d}"].alarm_id
        == alarm_id
    )


def test_acknowledge_needs_sign_in_then_works_from_the_summary(window, qtbot):
    bay = occupied_bay(window)
    trip(window, bay)
    alarm_id = MODULE_FAULT.format(bay)
    qtbot.mouseClick(window.banner.alarms_button, Qt.MouseButton.LeftButton)
    assert window.current_page == "alarms"
    summary = window.alarms_page.summary
    qtbot.waitUntil(lambda: any(v.alarm_id == alarm_id for v in summary.model.rows), timeout=3000)
    assert not summary.ack_all_button.isEnabled()
    assert "Sign in" in summary.status.text()
    window.bridge.set_actor(Actor("op1", "Olga Operator", Role.OPERATOR))
    assert summary.ack_all_button.isEnabled()
    summary.comment.setText("checked the module, calling maintenance")
    qtbot.mouseClick(summary.ack_all_button, Qt.MouseButton.LeftButton)
    engine = window.bridge.core.station.alarm_engine
    qtbot.waitUntil(lambda: engine.alarms[alarm_id].state is AlarmState.ACKED, timeout=3000)
    assert engine.alarms[alarm_id].acked_by == "Olga Operator"
    qtbot.waitUntil(
        lambda: not any(v.alarm_id == alarm_id for v in window.banner.top), timeout=3000
    )


def test_operator_cannot_shelve_and_is_told_why(window, qtbot):
    bay = occupied_bay(window)
    trip(window, bay)
    summary = window.alarms_page.summary
    window.show_page("alarms")
    alarm_id = MODULE_FAULT.format(bay)
    qtbot.waitUntil(lambda: any(v.alarm_id == alarm_id for v in summary.model.rows), timeout=3000)
    window.bridge.set_actor(Actor("op1", "Olga Operator", Role.OPERATOR))
    row = next(
        r
        for r in range(summary.proxy.rowCount())
        if summary.model.rows[summary.proxy.mapToSource(summary.proxy.index(r, 0)).row()].alarm_id
        == alarm_id
    )
    summary.table.selectRow(row)
    summary.comment.setText("maintenance on the module")
    qtbot.mouseClick(summary.service_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "may not" in summary.status.text(), timeout=3000)
    engine = window.bridge.core.station.alarm_engine
    assert engine.alarms[alarm_id].state is AlarmState.UNACK


def test_go_to_equipment_opens_the_bay_and_highlights_it_on_the_overview(window, qtbot):
    bay = occupied_bay(window)
    trip(window, bay)
    window.show_equipment(f"shuttle-01/bay-{bay:02d}")
    assert window.current_page == "shuttles"
    cartridge = window.shuttles.cartridge
    assert window.shuttles.showing_cartridge and (cartridge.device_id, cartridge.bay) == (
        "shuttle-01",
        bay,
    )
    qtbot.waitUntil(
        lambda: any(line[1].isVisible() for line in cartridge.alarm_lines), timeout=3000
    )
    assert "Module fault in bay" in cartridge.alarm_lines[0][1].text()
    assert window.overview.boards["shuttle-01"].highlighted == bay


def test_history_search_and_export(window, qtbot, tmp_path: Path):
    bay = occupied_bay(window)
    trip(window, bay)
    engine = window.bridge.core.station.alarm_engine
    qtbot.waitUntil(lambda: engine.alarms[MODULE_FAULT.format(bay)].active, timeout=3000)
    history = window.alarms_page.history
    history.tag_field.setText("bay-module-fault")
    # The journal flushes every 0.1 s: search until the fault's record is there.
    for _ in range(30):
        qtbot.mouseClick(history.search_button, Qt.MouseButton.LeftButton)
        qtbot.wait(100)
        if history.table.rowCount() > 0:
            break
    assert history.table.rowCount() > 0
    out = tmp_path / "history.csv"
    history.export_to(out)
    text = out.read_text()
    assert text.startswith("utc,alarm_id") and MODULE_FAULT.format(bay) in text


def test_performance_page_calculates(window, qtbot):
    performance = window.alarms_page.performance
    qtbot.mouseClick(performance.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: performance.fields["per_hour"].text() != "—", timeout=3000)
    float(performance.fields["per_hour"].text())


def test_annunciator_sounds_new_alarms_repeats_urgent_ones_and_obeys_silence(qapp):
    from app.alarms.engine import AlarmSnapshot, AlarmView

    def view(alarm_id, priority):
        return AlarmView(
            alarm_id,
            "m",
            "s",
            "a",
            "t",
            priority,
            AlarmState.UNACK,
            True,
            1.0,
            None,
            "",
            0.0,
            0.0,
            "",
            None,
            "",
            "",
            "",
            "",
        )

    annunciator = Annunciator()
    snapshot = AlarmSnapshot(1, (view("a", Priority.LOW), view("b", Priority.CRITICAL)), (), {})
    ranked = ranked_unacknowledged(snapshot)
    assert [v.alarm_id for v in ranked] == ["b", "a"]
    annunciator.update(ranked, 100.0)
    assert annunciator.played == [Priority.CRITICAL]
    annunciator.update(ranked, 105.0)
    assert annunciator.played == [Priority.CRITICAL]
    annunciator.update(ranked, 111.0)  # critical repeats every 10 s until acknowledged
    assert annunciator.played == [Priority.CRITICAL, Priority.CRITICAL]
    annunciator.silence()
    annunciator.update(ranked, 200.0)
    assert len(annunciator.played) == 2
    annunciator.update([*ranked, view("c", Priority.MEDIUM)], 201.0)  # new alarm: sounds again
    assert annunciator.played[-1] == Priority.MEDIUM


def test_fleet_ranks_the_unit_with_the_worst_alarm_first(window, qtbot):
    bay = occupied_bay(window)
    trip(window, bay)
    window.show_page("fleet")
    fleet = window.fleet
    qtbot.waitUntil(lambda: fleet.board.units[0].device_id == "shuttle-01", timeout=3000)
    top = fleet.board.units[0]
    assert top.worst is Priority.HIGH and top.worst_unacknowledged and top.faults == 1
    assert {u.device_id for u in fleet.board.units} == {
        "shuttle-01",
        "shuttle-02",
        "cellq-01",
        "env-hall-a",
    }
    # Touching a unit goes to it.
    rect = fleet.board.card_rect(0)
    qtbot.mouseClick(fleet.board, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.current_page == "shuttles"
    assert window.shuttles.board.device_id == "shuttle-01"
    assert window.shuttles.board.highlighted == 0
    assert window.overview.boards["shuttle-01"].highlighted == 0


def test_flood_is_announced_and_grouped_with_first_out_on_top(window, qtbot):
    from app.alarms.engine import FLOOD_WINDOW_S
    from hardware import Quality, Sample

    core = window.bridge.core
    engine = core.station.alarm_engine
    abnormal = {
        "bioreactor/temperature": 45.0,
        "bioreactor/dissolved_oxygen": 0.0,
        "bioreactor/glucose": 0.0,
        "bioreactor/ph": 6.1,
    }

    def flood():
        # A culture crisis in every running bay of shuttle-01: far more than 10 alarms in
        # 10 minutes in Hall A. The engine's clock is moved past the on-delays by hand.
        real_clock = engine.clock
        # Past the flood window of any alarm the running demo raised by itself, so the
        # first-out is the flood's own first alarm however loaded the machine is.
        start = real_clock() + 2 * FLOOD_WINDOW_S
        try:
            for step in range(3):
                engine.clock = lambda t=start + 350 * step: t
                batch = [
                    Sample(f"shuttle-01/bay-{bay:02d}/{tag}", value, Quality.GOOD, None, 0, 0)
                    for bay in range(1, 17)
                    for tag, value in abnormal.items()
                ]
                engine.on_samples(batch)
            engine.tick()
            engine.publish()
        finally:
            engine.clock = real_clock

    core.submit(_run(flood)).result(5)
    window.show_page("alarms")
    summary = window.alarms_page.summary
    qtbot.waitUntil(lambda: summary.flood_notice.isVisible(), timeout=3000)
    assert "Hall A" in summary.flood_notice.text()
    assert summary.group_button.isChecked()
    first_row = summary.model.rows[summary.proxy.mapToSource(summary.proxy.index(0, 0)).row()]
    assert first_row.first_out
    sources = [
        summary.model.rows[summary.proxy.mapToSource(summary.proxy.index(r, 0)).row()].source
        for r in range(1, summary.proxy.rowCount())
    ]
    assert sources == sorted(sources)  # grouped by source after the first-out
    assert "Hall A" in window.banner.flooded


async def _run(function):
    function()
