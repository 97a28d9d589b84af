"""Fleet cards on a full site: every card's state and alarm counts are read in full, in
one wording and size for all, on a 1920 desk and on a 1280x800 panel."""

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from app.alarms.definitions import Priority
from ui.pages.fleet import MIN_CARD_TEXT_PX, FleetBoard, UnitSummary


def full_site_units() -> list[UnitSummary]:
    units = [
        UnitSummary(f"cellq-{n:02d}", f"Cell Q {n:02d}", "cellq", "QC lab") for n in range(1, 5)
    ]
    units.append(UnitSummary("env-qc", "QC laboratory monitor", "environment", "QC laboratory"))
    units += [
        UnitSummary(
            f"shuttle-{n:02d}",
            f"Cell Shuttle {n:02d}",
            "shuttle",
            "Hall A",
            running=13,
            occupied=14,
            bays=16,
        )
        for n in range(1, 49)
    ]
    units[-2].connected = False  # hatched, "COMMUNICATION LOST" or its short form
    faulted = units[-1]
    faulted.faults, faulted.standing, faulted.unacknowledged = 2, 3, 12
    faulted.worst, faulted.worst_unacknowledged = Priority.HIGH, True
    return units


@pytest.mark.parametrize("size", [(1720, 860), (1060, 560)])  # the page at 1920 and 1280
def test_every_card_shows_its_state_and_counts_whole(qtbot, size):
    board = FleetBoard()
    qtbot.addWidget(board)
    board.units = full_site_units()
    board.resize(*size)
    board.grab()
    assert set(board.shown) == {unit.device_id for unit in board.units}
    for _title, state, counts in board.shown.values():
        assert "…" not in state and "…" not in counts, (state, counts)
    shuttles = [lines for key, lines in board.shown.items() if key.startswith("shuttle-")]
    # One wording for every shuttle: the long one where it fits, else the short one.
    assert len({lines[1].startswith("▶ 13 running") for lines in shuttles[:-2]}) == 1
    assert board.shown["shuttle-48"][0] == "Cell Shuttle 48"  # whole beside its badge
    assert board.shown["shuttle-48"][1].startswith("◆ 2 FAULT · ▶ 13")  # the fault leads
    assert board.shown["shuttle-48"][2] in ("12 unack · 3 standing", "12 unack · 3 stand.")
    assert board.shown["shuttle-01"][2] == "no alarms"
    assert board.shown["shuttle-47"][1] in ("COMMUNICATION LOST", "COMMS LOST")


def test_a_desk_card_reads_the_long_wording_and_a_panel_card_the_short(qtbot):
    board = FleetBoard()
    qtbot.addWidget(board)
    board.units = full_site_units()
    board.resize(1720, 860)
    board.grab()
    assert board.shown["shuttle-01"][1] == "▶ 13 running · 14/16 bays"
    board.resize(1060, 560)
    board.grab()
    assert board.shown["shuttle-01"][1] == "▶ 13 · 14/16 bays"
    # Never smaller than the smallest card text: shortened instead.
    font = QFont(board.font())
    font.setPixelSize(MIN_CARD_TEXT_PX)
    width = board.card_rect(0).width() - 16
    assert QFontMetricsF(font).horizontalAdvance("▶ 13 running · 14/16 bays") > width
