"""What the operator guide's pictures showed hard to read (issues #7/#8), kept readable
for a gloved operator at both 1920x1080 and a kiosk's 1280x800: QC results as soon as an
assay is done, the alarm table's columns, ISA-18.2 state words, the overview's step
text, the manual step's fields, the trend's limit labels and the navigation rail."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QScrollArea, QWidget

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmView
from app.alarms.states import AlarmState
from app.security import Actor, Role
from tests.ui.conftest import start_batch
from ui import alarm_style
from ui.application import WindowHost
from ui.main_window import MainWindow
from ui.pages.alarms import AlarmSummary, AlarmTableModel, wrapped_width
from ui.theme import TOUCH_TARGET_PX
from ui.widgets.alarm_banner import banner_line

PANEL = (1280, 800)
WIDE = (1920, 1080)
OPERATOR = Actor("op1", "Olga Operator", Role.OPERATOR)


def _view(state: AlarmState, **changes: object) -> AlarmView:
    fields: dict[str, object] = {
        "alarm_id": "bay-module-fault@shuttle-01/bay-05",
        "message": "Module fault in bay",
        "source": "shuttle-01/bay-05",
        "area": "Hall A",
        "tag": "shuttle-01/bay-05/process/state",
        "priority": Priority.HIGH,
        "state": state,
        "active": state in (AlarmState.UNACK, AlarmState.ACKED),
        "value": "fault",
        "limit": None,
        "unit": "",
        "activated_at": 1_800_000_000.0,
        "changed_at": 1_800_000_000.0,
        "acked_by": "",
        "shelved_until": None,
        "shelve_reason": "",
        "cause": "",
        "consequence": "",
        "action": "",
    }
    fields.update(changes)
    return AlarmView(**fields)  # type: ignore[arg-type]


# -- alarm states in ISA-18.2 words (#3) ------------------------------------------------


def test_alarm_states_read_as_isa_18_2_says_them():
    words = {state: alarm_style.state_label(state) for state in AlarmState}
    assert len(set(words.values())) == len(words), words  # no two states read alike
    assert words[AlarmState.LATCH_ACK] == "Latched: reset needed"
    assert words[AlarmState.LATCH_UNACK] == "Returned, latched, unack"
    assert words[AlarmState.RTNUN] == "Returned, unack"
    assert "reset" not in words[AlarmState.LATCH_UNACK]  # acknowledge comes first


def test_banner_says_a_returned_alarm_has_returned_in_the_tables_words():
    returned = banner_line(_view(AlarmState.LATCH_UNACK, active=False), "06:53:04")
    assert "Returned, latched, unack" in returned
    active = banner_line(_view(AlarmState.UNACK, value=38.4, unit="°C"), "06:53:04")
    assert "Returned" not in active and "38.40 °C" in active


def test_alarm_detail_names_the_state_area_value_and_limit(window: MainWindow, qtbot):
    summary = window.alarms_page.summary
    window.show_page("alarms")
    engine = window.bridge.core.station.alarm_engine
    raised = _raise(engine, "shuttle-01/bay-05", "sensor-fault")
    alarm_id = window.bridge.core.submit(raised).result(5)
    qtbot.waitUntil(lambda: summary.proxy.rowCount() > 0 and _row_of(summary, alarm_id) >= 0)
    summary.table.selectRow(_row_of(summary, alarm_id))
    text = summary.detail.text()
    assert "<b>State:</b> Returned, unack" in text  # a raised event is over at once
    assert "<b>Area:</b> Hall A" in text and "<b>Value:</b> sensor-fault" in text


# -- the alarm table at 1280 wide (#2) ---------------------------------------------------


async def _raise(engine, source: str, value: object, message: str = "") -> str:
    alarm_id = engine.raise_external(
        "polish-test",
        source=source,
        device_id=source.split("/", 1)[0],
        area="Hall A",
        priority=Priority.HIGH,
        message=message or "Culture temperature sensor fault",
        value=value,  # type: ignore[arg-type]
    )
    engine.publish()
    return alarm_id


def _row_of(summary: AlarmSummary, alarm_id: str) -> int:
    for row in range(summary.proxy.rowCount()):
        source_row = summary.proxy.mapToSource(summary.proxy.index(row, 0)).row()
        if summary.model.rows[source_row].alarm_id == alarm_id:
            return row
    return -1


NEEDED = ("priority", "time", "source", "message", "value", "state")


def _unreadable(summary: AlarmSummary) -> list[str]:
    """Each needed cell whose text does not fit its cell whole, wrapped between words."""
    table = summary.table
    bold = QFont(table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    found = []
    for column in NEEDED:
        index = AlarmTableModel.COLUMNS.index(column)
        if table.isColumnHidden(index):
            found.append(f"{column} hidden")
            continue
        width = table.columnWidth(index) - 8  # the cell's text margins, with room to spare
        for row in range(summary.proxy.rowCount()):
            text = str(summary.proxy.index(row, index).data())
            box = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
            if box.width() > width or box.height() > table.rowHeight(row) - 4:
                found.append(f"{column} {text!r}: {box.width()}x{box.height()} in {width} px")
    return found


def test_alarm_columns_are_readable_on_a_1280_panel_and_one_line_at_1920(window: MainWindow, qtbot):
    engine = window.bridge.core.station.alarm_engine
    summary = window.alarms_page.summary
    window.show_page("alarms")
    for source, value in (("shuttle-01/bay-05", "sensor-fault"), ("shuttle-02/bay-13", 37.25)):
        window.bridge.core.submit(_raise(engine, source, value)).result(5)
    qtbot.waitUntil(lambda: summary.proxy.rowCount() >= 2)
    window.resize(*PANEL)
    qtbot.waitUntil(lambda: summary.table.viewport().width() < 1100)
    assert _unreadable(summary) == []
    assert summary.wrapped_columns >= {"state", "source", "value"}
    window.resize(*WIDE)
    qtbot.waitUntil(lambda: summary.table.viewport().width() > 1500)
    assert _unreadable(summary) == []
    assert not summary.table.isColumnHidden(AlarmTableModel.COLUMNS.index("area"))
    assert summary.wrapped_columns == {"message"}  # every other column on one line


def test_the_readability_check_catches_a_column_too_narrow(window: MainWindow, qtbot):
    engine = window.bridge.core.station.alarm_engine
    summary = window.alarms_page.summary
    window.show_page("alarms")
    window.bridge.core.submit(_raise(engine, "shuttle-01/bay-05", "sensor-fault")).result(5)
    qtbot.waitUntil(lambda: summary.proxy.rowCount() >= 1)
    summary.table.setColumnWidth(AlarmTableModel.COLUMNS.index("source"), 70)
    assert any(line.startswith("source") for line in _unreadable(summary))


def test_wrapped_width_breaks_between_words_never_inside_one(qapp):
    metrics = QFontMetrics(QFont("DejaVu Sans", 12))
    one = wrapped_width(metrics, ["Returned, latched, unack"], 1)
    two = wrapped_width(metrics, ["Returned, latched, unack"], 2)
    assert two < one
    words = ["Returned,", "latched,", "unack"]
    best_split = min(
        max(metrics.horizontalAdvance(" ".join(part)) for part in (words[:cut], words[cut:]))
        for cut in range(1, len(words))
    )
    assert best_split - 2 <= two <= best_split + 2
    # One word: no narrower than itself however many lines are allowed.
    assert wrapped_width(metrics, ["interlocks"], 3) >= metrics.horizontalAdvance("interlocks")


# -- QC: each assay's result as soon as it is done (#1) ----------------------------------


def test_qc_shows_a_finished_assay_while_the_samples_sterility_still_runs(
    window: MainWindow, qtbot
):
    from hardware.mock.cellq import AssayRun, QcSample

    core = window.bridge.core
    backend = core.station.devices["cellq-01"].backend

    def submit() -> None:
        backend.model.queue.insert(
            0,
            QcSample(
                "QC-PARTIAL",
                "COI-TEST-2",
                [
                    AssayRun("endotoxin", "done", 0.0, 0.9, "EU/mL", False),
                    AssayRun("cell-count-viability", "done", 0.0, 84.0, "% viable", True),
                    AssayRun("sterility", "running", 5 * 86_400.0),
                ],
            ),
        )
        backend.publish(force=True)

    core.loop.call_soon_threadsafe(submit)
    window.resize(*PANEL)
    window.show_page("qc")
    panel = window.qc.panels["cellq-01"]
    qtbot.waitUntil(lambda: any(r.sample_id == "QC-PARTIAL" for r in panel.result_rows))
    rows = {r.assay: (i, r) for i, r in enumerate(panel.result_rows) if r.sample_id == "QC-PARTIAL"}
    assert set(rows) == {"Endotoxin", "Cell count, viability", "Sterility"}
    failed, _ = rows["Endotoxin"]
    assert panel.results.item(failed, 5).text() == "✖ OUT OF SPEC"
    assert panel.results.item(failed, 3).text() == "0.9 EU/mL"
    assert panel.results.item(failed, 4).text() == "≤ 0.5 EU/mL"
    passed, _ = rows["Cell count, viability"]
    assert panel.results.item(passed, 5).text() == "✓ PASS"
    running, _ = rows["Sterility"]
    left = panel.results.item(running, 5).text().replace("\u00a0", " ")
    assert left.startswith("◷ ") and left.endswith(" d left"), left  # time left
    # The sample's rows stand together, the running one beside its finished ones.
    places = sorted(i for i, _ in rows.values())
    assert places == list(range(places[0], places[0] + 3))


# -- the navigation rail: every page without a drag (#6) ---------------------------------


@pytest.mark.parametrize("language", ["en", "nl", "ja"])
def test_all_ten_pages_fit_the_rail_of_a_1280x800_panel(host: WindowHost, qtbot, language):
    host.switch_language(language)
    window = host.window
    qtbot.waitExposed(window)
    rail = window.findChild(QScrollArea, "NavRailScroll")
    qtbot.waitUntil(lambda: rail.viewport().height() > 0)
    assert window.size().toTuple() == PANEL
    assert len(window.nav_buttons) == 10
    assert rail.widget().sizeHint().height() <= rail.viewport().height()
    assert rail.verticalScrollBar().maximum() == 0  # nothing to drag
    # The rebuilt window's first layout may show the bar a moment; it must go.
    qtbot.waitUntil(lambda: not rail.verticalScrollBar().isVisible())
    for key, button in window.nav_buttons.items():
        assert button.height() >= TOUCH_TARGET_PX, key
        assert rail.viewport().rect().contains(button.geometry()), key


# -- trend limit labels whole inside the plot (#6) ----------------------------------------


def test_limit_labels_stay_whole_inside_the_plot_or_go_with_their_line(qapp, qtbot):
    from datetime import UTC

    from app.trends import LimitKind, TrendLimit
    from ui.widgets.trend_plot import LimitLabel, TrendPlot

    plot = TrendPlot(UTC)
    qtbot.addWidget(plot)
    plot.resize(900, 320)
    plot.show()
    qtbot.waitExposed(plot)
    path = "shuttle-01/bay-02/bioreactor/temperature"
    plot.set_pens([path], {path: "°C"})
    plot.set_scales({"°C": (-95.0, 52.0)})  # ten days of a freezer bay: -90 ... 37 °C

    def limit(kind: LimitKind, side: str, value: float) -> TrendLimit:
        return TrendLimit(path, kind, value, f"{side} {value}", side=side)

    plot.set_limits(
        path,
        [
            limit(LimitKind.RANGE, "high", 50.0),  # just under the top edge
            limit(LimitKind.ALARM, "L", 36.0),
            limit(LimitKind.RANGE, "low", -100.0),  # just below the plot
            limit(LimitKind.ALARM, "LL", -93.0),  # just over the bottom edge
        ],
    )

    def labels() -> dict[str, LimitLabel]:
        qtbot.wait(50)
        return {line.limit.side: line.label for line in plot.items() if hasattr(line, "limit")}

    shown = labels()
    assert set(shown) == {"high", "L", "low", "LL"}
    for side in ("high", "L", "LL"):
        assert shown[side].whole_in_view, side
    assert shown["low"].opacity() == 0.0  # its line is not in the plot: nor is its name
    plot.set_scales({"°C": (-105.0, 52.0)})  # now it is
    assert labels()["low"].whole_in_view


# -- the signature dialog: no gap, room for a refusal (#6) --------------------------------


def test_signature_dialog_has_no_gap_and_makes_room_for_a_refusal(qapp, qtbot):
    from PySide6.QtWidgets import QFormLayout, QFrame, QLabel

    from ui.application import _application
    from ui.widgets.signature_dialog import SignatureDialog

    _application()  # the theme's sizes

    async def sign(user_id: str, password: str):
        raise AssertionError("not signed in this test")

    statement = (
        "Performed: Verify apheresis bag and shipment of batch B20261123-085148-d73e "
        "(cartridge CDK-2026-000005, car-t-autologous 1.0); entries: Apheresis volume 212 mL"
    )
    dialog = SignatureDialog(statement, "performed", "08e354541e3c5706" * 4, sign, user_id="op1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    spacing = dialog.layout().spacing()
    assert dialog.sign_button.y() - dialog.password.geometry().bottom() <= 2 * spacing + 4
    form = dialog.findChild(QFormLayout)
    for field in (dialog.user_id, dialog.password):
        name = form.labelForField(field)
        assert abs(name.geometry().center().y() - field.geometry().center().y()) <= 2

    def laid_out_whole() -> list[str]:
        card = dialog.findChild(QFrame, "Card")
        problems = [
            f"{label.text()[:30]!r} {label.height()} < {label.heightForWidth(label.width())}"
            for label in card.findChildren(QLabel)
            if label.height() < label.heightForWidth(label.width())
        ]
        order = [card, dialog.user_id, dialog.password]
        order += [dialog.message] if dialog.message.isVisible() else []
        order += [dialog.sign_button]
        problems += [
            f"{type(a).__name__} overlaps {type(b).__name__}"
            for a, b in pairwise(order)
            if a.geometry().bottom() >= b.geometry().top()
        ]
        return problems

    assert laid_out_whole() == []
    dialog._refuse("Wrong password for op1: 1 failed attempt of 5 before the account locks.")
    qtbot.wait(20)
    assert dialog.message.isVisible()
    assert laid_out_whole() == []


# -- Records: the tabs' contents clear of their frame (#6) -------------------------------


def test_records_tabs_keep_their_contents_clear_of_the_frame(window: MainWindow, qtbot):
    window.resize(*PANEL)
    window.show_page("records")
    page = window.records
    qtbot.waitUntil(lambda: bool(page.batch_list.summary.text()))
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        tab = page.tabs.currentWidget()
        qtbot.waitUntil(tab.isVisible)
        frame = tab.rect()
        for child in tab.findChildren(QWidget):
            if not child.isVisible() or child.parent() is not tab:
                continue
            box = child.geometry()
            assert box.left() >= frame.left() + 8, (page.tabs.tabText(index), child)
            assert box.right() <= frame.right() - 8, (page.tabs.tabText(index), child)
    summary = page.batch_list.summary
    assert summary.mapTo(page.tabs, summary.rect().topLeft()).x() >= 8


# -- the overview's step text at 1280 (#4) ------------------------------------------------


def _bare(text: str) -> str:
    return "".join(text.split()).replace("\u00a0", "")


def test_every_recipe_step_reads_whole_on_a_1280_overview_tile(window: MainWindow, qtbot):
    from ui.widgets.shuttle_board import full_tile_step_box, step_lines, unbroken_numbers

    window.resize(*PANEL)
    window.show_page("overview")
    board = window.overview.boards["shuttle-01"]
    qtbot.waitUntil(lambda: board.width() < 560)
    box = full_tile_step_box(board._tile_rect(0))
    assert box.width() < 120  # the narrow tile this is about
    names = {
        ref.phase.name
        for recipe in window.bridge.core.station.recipes().values()
        for ref in recipe.phases
    }
    assert len(names) > 20
    for name in [*sorted(names), "▲ HELD · Expansion culture to target density"]:
        pixels, lines = step_lines(unbroken_numbers(name), board.font(), box.width())
        assert _bare("".join(lines)) == _bare(name), (name, lines)  # nothing cut
        assert pixels >= 11 and len(lines) <= 3, (name, pixels, lines)
    # Numbers stay with their words: "day 3" is never split over two lines.
    _, lines = step_lines(unbroken_numbers("Expansion\u00a0· day 3"), board.font(), box.width())
    assert lines[-1].replace("\u00a0", " ") == "day 3"


def test_a_long_step_is_drawn_on_lines_of_its_own_beside_the_waiting_hand(
    window: MainWindow, qtbot
):
    from app.batch.runtime import BatchView
    from app.batch.states import BatchState

    window.resize(*PANEL)
    window.show_page("overview")
    board = window.overview.boards["shuttle-01"]
    qtbot.waitUntil(lambda: board.width() < 560)
    name = "Add anti-CD3/CD28 activation reagent"
    view = BatchView(
        batch_id="B-TEST",
        recipe_id="car-t-autologous",
        recipe_version="1.0",
        recipe_hash="",
        shuttle_id="shuttle-01",
        bay=2,
        barcode="CDK-1",
        coi="COI-1",
        state=BatchState.RUNNING,
        step="activation/add-activator",
        phase_name=name,
        steps_completed=5,
        steps_total=19,
        phase_elapsed_h=0.1,
        phase_expected_h=0.25,
        waiting_for_people=True,
        hold_reason="",
        deviations=0,
    )
    board.set_batches({2: view})
    board.update()
    qtbot.waitUntil(lambda: 2 in board.step_texts)
    _pixels, lines = board.step_texts[2]
    assert len(lines) >= 2 and _bare("".join(lines)) == _bare(name)
    assert not any("☛" in line for line in lines)  # the hand stands by the bay number


# -- the manual step: its work in view without scrolling (#5) -----------------------------


def _start_waiting_batch(window: MainWindow, qtbot, people) -> None:
    detail = start_batch(window, qtbot, people["op1"], "CART-000902", "COI-PAT-0902")
    qtbot.waitUntil(lambda: "bag-coi" in detail.manual.scan_fields, timeout=10_000)


def _out_of_view(panel) -> list[str]:
    """The step's controls a finger cannot reach without scrolling the panel first."""
    from PySide6.QtCore import QPoint

    viewport = panel.scroll.viewport()
    seen = viewport.rect()
    controls = [
        *panel.scan_fields.values(),
        *panel.confirm_buttons.values(),
        *panel.entry_fields.values(),
        *panel.sign_buttons.values(),
    ]
    hidden = []
    for control in controls:
        corner = control.mapTo(viewport, QPoint(0, 0))
        if not seen.contains(QRect(corner, control.size())):
            hidden.append(control.text() or control.placeholderText())
    return hidden


def test_the_manual_steps_work_is_in_view_on_a_1280x800_panel(window: MainWindow, qtbot, people):
    window.resize(*PANEL)
    _start_waiting_batch(window, qtbot, people)
    panel = window.batches.detail.manual
    qtbot.waitUntil(lambda: panel.arrangement()[0] and panel.work is not None)
    qtbot.wait(200)
    assert panel.scroll.verticalScrollBar().value() == 0
    # Scans, confirmations and entries beside the instruction, not under its picture.
    assert panel.work.geometry().top() < 20
    assert panel.picture is not None
    assert panel.picture.geometry().right() < panel.work.geometry().left()
    hidden = _out_of_view(panel)
    assert not any(name in hidden for name in ("scan or type", "Bag intact, no leaks or clots"))
    assert [h for h in hidden if "Sign as" not in h] == [], hidden
    # Once the work is done the signatures are what is left, at the top of the column.
    station = window.bridge.core.station
    batch_id = window.batches.detail.batch_id
    operator = people["op1"]
    request = panel.request
    calls = [station.call_batches("scan", batch_id, operator, "bag-coi", "COI-PAT-0902")]
    calls += [
        station.call_batches("confirm", batch_id, operator, index)
        for index, _ in request.confirmations
    ]
    calls += [station.call_batches("enter", batch_id, operator, "bag-volume", 212.0)]
    for call in calls:
        window.bridge.core.submit(call).result(10)
    window.batches.detail.refresh()
    qtbot.waitUntil(lambda: "performed" in panel.sign_buttons and not panel.scan_fields)
    qtbot.waitUntil(lambda: panel.sign_buttons["performed"].isEnabled())
    qtbot.wait(100)
    assert _out_of_view(panel) == []


def test_the_whole_manual_step_is_in_view_at_1920x1080(window: MainWindow, qtbot, people):
    _start_waiting_batch(window, qtbot, people)
    panel = window.batches.detail.manual
    qtbot.waitUntil(lambda: panel.arrangement()[0] and panel.work is not None)
    qtbot.wait(200)
    assert _out_of_view(panel) == []


# -- a whole site's supervisor desk on a 1280x800 panel --------------------------------------


def test_a_sites_six_rooms_stand_in_one_column_on_a_1280_panel(qapp, qtbot, full_plant, db_path):
    from app.core import CoreThread
    from app.station import Station
    from ui.application import _application
    from ui.bridge import CoreBridge

    _application()
    core = CoreThread(Station(full_plant, db_path))
    core.start()
    try:
        bridge = CoreBridge(core)
        main = MainWindow(bridge)
        qtbot.addWidget(main)
        main.resize(*PANEL)
        main.show()
        qtbot.waitExposed(main)
        main.show_page("environment")
        page = main.environment
        assert len(page.rooms) == 6
        qtbot.waitUntil(lambda: page._columns == 1)
        assert main.minimumSizeHint().width() <= PANEL[0]
        assert main.width() == PANEL[0]  # the window did not grow past the panel
        main.resize(*WIDE)
        qtbot.waitUntil(lambda: page._columns == 2)
        main.resize(*PANEL)
        qtbot.waitUntil(lambda: page._columns == 1)
        assert main.width() == PANEL[0]
        bridge.stop()
    finally:
        core.stop()
