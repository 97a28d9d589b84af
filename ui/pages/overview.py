"""Overview (ISA-101 level 1): every shuttle's bays, the QC instruments and the rooms."""

from __future__ import annotations

import concurrent.futures
import json
import logging
import math
import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.alarms.engine import AlarmSnapshot, AlarmView
from app.alarms.states import STANDING
from app.batch.runtime import BatchView
from app.records.historian import TrendSeries
from app.station import Station
from hardware import Sample
from ui.bridge import CoreBridge
from ui.format import show_value
from ui.sparkline import SparkHistory
from ui.terms import equipment_state
from ui.widgets.shuttle_board import ShuttleBoard

log = logging.getLogger(__name__)

# Up to this many shuttles get full tiles; above, compact tiles so a site fits a screen.
FULL_TILE_LIMIT = 4
# The overview's share of a frame (33 ms at 30 frames/s) for painting boards; the pull
# of new values and the rest of the frame take the remainder.
PAINT_BUDGET_MS = 12.0
BOARD_REFRESH_S = 0.5  # a changed board of a full site's overview: 2 Hz
AGEING_S = 1.0  # every board, changed or not
INSTRUMENT_EVERY = 5  # frames between refreshes of the instrument strip
# Tags whose earlier sparkline buckets one round trip asks the historian for.
FILL_BATCH = 32


class OverviewPage(QWidget):
    # A tapped bay, as "shuttle-01/bay-03": the window opens its cartridge view.
    equipment_requested = Signal(str)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        plant = bridge.plant
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Overview"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        shuttles = plant.shuttles
        compact = len(shuttles) > FULL_TILE_LIMIT
        columns = 2 if not compact else min(8, max(4, math.ceil(math.sqrt(len(shuttles) * 1.6))))
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.boards: dict[str, ShuttleBoard] = {}
        # Each tag path's board (None: a tag of no shuttle), learnt as paths arrive.
        self._board_of: dict[str, ShuttleBoard | None] = {}
        # Every bay's sparkline: fed every frame, shown or not, so a page opened later
        # has its last hour; the time before the window opened comes from the historian.
        self.history = SparkHistory(bridge.core.station.clock.now)
        # The historian read under way (a future of the station core), and whether the
        # station has no history to read (the lines then start with the window).
        self._history_read: concurrent.futures.Future[list[TrendSeries]] | None = None
        self._without_history = False
        for index, shuttle in enumerate(shuttles):
            board = ShuttleBoard(
                bridge,
                shuttle.id,
                shuttle.label,
                shuttle.bays,
                columns=4,
                compact=compact,
                history=self.history,
            )
            self.boards[shuttle.id] = board
            board.bay_clicked.connect(self._bay_tapped)
            grid.addWidget(board, *divmod(index, columns))
        scroll = QScrollArea()
        if compact:
            scroll.setWidgetResizable(True)
            scroll.setWidget(grid_host)
            layout.addWidget(scroll, 1)
        else:
            layout.addWidget(grid_host, 1)
        self.instruments = InstrumentStrip(bridge, limit=4 if compact else 6)
        layout.addWidget(self.instruments)
        self._scroll: QScrollArea | None = scroll if compact else None
        # A changed board repaints at most this often on a site overview (peers use 1-4
        # Hz): 48 boards at the full frame rate would starve the UI thread.
        self.board_refresh_s = BOARD_REFRESH_S if compact else 0.0
        bridge.frame.connect(self.on_frame)
        bridge.batches_changed.connect(self.on_batches)
        bridge.alarms_changed.connect(self.on_alarms)
        self.on_alarms(bridge.alarms)

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        """The worst standing alarm of each bay and shuttle, for the tiles."""
        worst: dict[str, dict[str, AlarmView]] = {}
        for view in snapshot.alarms:
            if view.state not in STANDING:
                continue
            per_device = worst.setdefault(view.source.split("/", 1)[0], {})
            current = per_device.get(view.source)
            if current is None or view.priority.rank < current.priority.rank:
                per_device[view.source] = view
        for device_id, board in self.boards.items():
            board.set_alarms(worst.get(device_id, {}))

    def on_batches(self, views: tuple[BatchView, ...]) -> None:
        by_shuttle: dict[str, dict[int, BatchView]] = {}
        for view in views:
            if view.bay is not None:
                by_shuttle.setdefault(view.shuttle_id, {})[view.bay] = view
        for device_id, board in self.boards.items():
            board.set_batches(by_shuttle.get(device_id, {}))

    def _bay_tapped(self, device_id: str, bay: int) -> None:
        self.equipment_requested.emit(f"{device_id}/bay-{bay:02d}")

    def highlight(self, source: str) -> None:
        device_id, _, bay = source.partition("/")
        board = self.boards.get(device_id)
        if board is None:
            return
        board.highlight(int(bay.removeprefix("bay-")) if bay.startswith("bay-") else 0)
        if self._scroll is not None:
            self._scroll.ensureWidgetVisible(board)

    def on_frame(self, changes: dict[str, Sample]) -> None:
        self.history.feed(changes)
        self._fill_history()
        # Which boards changed, in C loops: a mock plant's tick changes 16,000 tags in
        # one frame on a full site, and a Python loop over them was a 20-30 ms frame.
        board_of = self._board_of
        for path in changes.keys() - board_of.keys():
            board_of[path] = self.boards.get(path.partition("/")[0])
        for board in set(map(board_of.__getitem__, changes)):
            if board is not None:
                board.dirty = True
        if not self.isVisible():
            return
        self.schedule_repaints()
        if self.bridge.frames % INSTRUMENT_EVERY == 0:
            self.instruments.refresh()

    def schedule_repaints(self) -> list[ShuttleBoard]:
        """Repaint the boards that are due, longest waiting first, as many as this
        frame's paint budget holds: each board's changed tiles are rendered
        (``ShuttleBoard.prepare``) until the budget is spent, then its paint only copies
        them. A board not finished goes on in the next frame, still first in line: a
        full site's 48 boards are spread over several frames instead of all landing on
        one (a 300 ms frame that froze touch and alarms), and the budget holds whatever
        a board's paint happens to cost. A changed board is due after
        ``board_refresh_s``; every board once a second, so ageing values turn stale."""
        now = time.monotonic()
        due = [
            board
            for board in self.boards.values()
            if now - board.requested_at >= (self.board_refresh_s if board.dirty else AGEING_S)
        ]
        due.sort(key=lambda board: board.requested_at)
        budget_end = time.perf_counter() + PAINT_BUDGET_MS / 1000.0
        copying = 0.0  # the asked boards' paints, copying their prepared tiles
        asked: list[ShuttleBoard] = []
        for board in due:
            copying += board.paint_ms / 1000.0
            if asked and time.perf_counter() + copying >= budget_end:
                break
            if not board.prepare(budget_end - copying):
                break
            board.dirty = False
            board.requested_at = now
            board.update()
            asked.append(board)
        return asked

    @property
    def history_filled(self) -> bool:
        """No historian read under way or waiting."""
        return self._history_read is None and not self.history.has_unfilled

    def _fill_history(self) -> None:
        """Once a frame: take in a finished historian read of the sparklines' earlier
        buckets (for tags tracked since the window opened, or since a bay's key parameter
        changed) and start the next, a batch of tags at a time on the station core. The
        frame polls the future rather than awaiting it: no task outlives the window, and
        nothing is called back across threads."""
        reading = self._history_read
        if reading is not None:
            if not reading.done():
                return
            self._history_read = None
            try:
                found = reading.result()
            except Exception as exc:  # no history: the sparklines start with the window
                log.info("sparklines start without history: %s", exc)
                self._without_history = True
            else:
                for series in found:
                    self.history.fill(series)
                for board in self.boards.values():
                    board.dirty = True
        if not self.history.has_unfilled:
            return
        paths = self.history.take_unfilled(FILL_BATCH)
        if self._without_history:
            return
        t0, t1, buckets = self.history.fill_span()
        station = self.bridge.core.station
        try:
            self._history_read = self.bridge.core.submit(
                _read_history(station, paths, t0, t1, buckets)
            )
        except RuntimeError as exc:  # the core has stopped: the window is closing
            log.info("sparklines not filled: %s", exc)


async def _read_history(
    station: Station, paths: list[str], t0: float, t1: float, buckets: int
) -> list[TrendSeries]:
    """On the station core: one historian read per tag, one after the other."""
    return [await station.trend(path, t0, t1, buckets) for path in paths]


class InstrumentStrip(QWidget):
    """Cell Q instruments and cleanroom monitors, one card each."""

    def __init__(self, bridge: CoreBridge, limit: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        self.cards: list[tuple[str, str, QLabel]] = []
        plant = bridge.plant
        qc_shown = plant.cellqs[: max(1, limit // 2)]
        for qc in qc_shown:
            self._add_card(layout, "cellq", qc.id, qc.label)
        for room in plant.environments[: max(1, limit - len(qc_shown))]:
            self._add_card(layout, "environment", room.id, f"{room.room} · {room.grade}")
        hidden = len(plant.cellqs) + len(plant.environments) - len(self.cards)
        if hidden > 0:
            more = QLabel(
                self.tr("+%1 more on the QC and Environment pages").replace("%1", str(hidden))
            )
            more.setObjectName("Note")
            more.setWordWrap(True)
            layout.addWidget(more)
        layout.addStretch(1)
        self.refresh()

    def _add_card(self, layout: QHBoxLayout, kind: str, device_id: str, title: str) -> None:
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(10, 6, 10, 6)
        heading = QLabel(title)
        heading.setObjectName("SectionTitle")
        body = QLabel()
        body.setObjectName("CardBody")
        body.setWordWrap(True)
        box.addWidget(heading)
        box.addWidget(body)
        layout.addWidget(card)
        self.cards.append((kind, device_id, body))

    def refresh(self) -> None:
        values = self.bridge.values
        for kind, device_id, body in self.cards:
            if kind == "cellq":
                body.setText(self._cellq_text(device_id, values))
            else:
                body.setText(self._room_text(device_id, values))

    def _shown(self, values: dict[str, Sample], path: str) -> str:
        shown = show_value(values.get(path), self.bridge.spec(path))
        return shown.text if shown.good else f"▨ {shown.flag}"

    def _cellq_text(self, device_id: str, values: dict[str, Sample]) -> str:
        state = self._shown(values, f"{device_id}/instrument/state")
        queue = self._shown(values, f"{device_id}/queue/length")
        running = 0
        queue_sample = values.get(f"{device_id}/queue/json")
        if queue_sample is not None and isinstance(queue_sample.value, str):
            try:
                for sample in json.loads(queue_sample.value):
                    running += sum(1 for a in sample["assays"] if a["status"] == "running")
            except (ValueError, KeyError, TypeError):
                running = 0
        return (
            self.tr("State %1 · %2 samples · %3 assays running")
            .replace("%1", state if state.startswith("▨") else equipment_state(state))
            .replace("%2", queue)
            .replace("%3", str(running))
        )

    def _room_text(self, device_id: str, values: dict[str, Sample]) -> str:
        prefix = f"{device_id}/room/"
        return (
            "  ".join(
                self._shown(values, prefix + name)
                for name in ("temperature", "relative_humidity", "differential_pressure")
            )
            + "\n"
            + self.tr("≥0.5 µm %1").replace("%1", self._shown(values, prefix + "particles_0_5um"))
        )
