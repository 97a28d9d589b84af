"""Quality control: every Cell Q instrument, its running and waiting assays, and its
recent results against the release specification, with the batch each sample belongs to.

An out-of-specification result is marked by words and a shape ("✖ OUT OF SPEC"), bold,
on a white field with dark red text: colour helps, it is never the only cue. When the
instrument's data cannot be trusted the queue is not shown as if live: the page says why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.batch.recipe import QcSpec
from app.batch.runtime import BatchView
from app.qc import AssayRun, QcDataError, QcSample, Verdict, judge, parse_samples, release_specs
from hardware import ConnectionState, Sample
from ui import theme
from ui.bridge import CoreBridge
from ui.format import format_limits, format_plain, human_duration, show_value
from ui.terms import equipment_state
from ui.widgets.forms import refusal_label
from ui.widgets.value_label import refuse, set_flag, set_text, shown_text

OUT_OF_SPEC_INK = QColor("#a00000")
OUT_OF_SPEC_FILL = QColor("#ffffff")
RECENT_SAMPLES = 20
SIDE_BY_SIDE_PX = 1400
STALE_SWEEP_FRAMES = 10
# English names are the keys; the headers show them translated (context "QC").
QUEUE_COLUMNS = (
    QT_TRANSLATE_NOOP("QC", "Sample"),
    QT_TRANSLATE_NOOP("QC", "Batch"),
    QT_TRANSLATE_NOOP("QC", "Assay"),
    QT_TRANSLATE_NOOP("QC", "Status"),
    QT_TRANSLATE_NOOP("QC", "Progress"),
    QT_TRANSLATE_NOOP("QC", "Time left"),
)
RESULT_COLUMNS = (
    QT_TRANSLATE_NOOP("QC", "Sample"),
    QT_TRANSLATE_NOOP("QC", "Batch"),
    QT_TRANSLATE_NOOP("QC", "Assay"),
    QT_TRANSLATE_NOOP("QC", "Result"),
    QT_TRANSLATE_NOOP("QC", "Specification"),
    QT_TRANSLATE_NOOP("QC", "Verdict"),
)
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 1


def assay_label(assay: str) -> str:
    return {
        "cell-count-viability": QApplication.translate("QC", "Cell count, viability"),
        "identity-car-flow": QApplication.translate("QC", "Identity, CAR+ (flow)"),
        "endotoxin": QApplication.translate("QC", "Endotoxin"),
        "sterility": QApplication.translate("QC", "Sterility"),
        "mycoplasma": QApplication.translate("QC", "Mycoplasma"),
        "vector-copy-number": QApplication.translate("QC", "Vector copy number"),
    }.get(assay, assay)


def verdict_text(verdict: Verdict) -> str:
    return {
        Verdict.PASS: QApplication.translate("QC", "✓ PASS"),
        Verdict.FAIL: QApplication.translate("QC", "✖ OUT OF SPEC"),
        Verdict.PENDING: QApplication.translate("QC", "pending"),
        Verdict.NO_SPECIFICATION: QApplication.translate("QC", "no specification"),
    }[verdict]


def pending_text(run: AssayRun) -> str:
    """An assay of a sample whose other results are in: still running (with the time it
    has left) or waiting for a channel. A shape and words, as a verdict has."""
    if run.status == "running":
        # Short: beside a sample's results the assay name keeps its room at 1920 too.
        return QApplication.translate("QC", "◷ %1 left").replace(
            "%1", human_duration(run.remaining_s)
        )
    return QApplication.translate("QC", "◷ waiting")


class FractionDelegate(QStyledItemDelegate):
    """A flat grey progress bar with its percentage (ISA-101: no colour for normal)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fraction = index.data(FRACTION_ROLE)
        if not isinstance(fraction, float):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(6, 10, -6, -10)  # type: ignore[attr-defined]
        painter.save()
        theme.paint_progress(painter, rect, fraction, labelled=True)
        painter.restore()


@dataclass(frozen=True, slots=True)
class ResultRow:
    sample_id: str
    batch: str
    assay: str
    result: str
    specification: str
    verdict: Verdict
    # Of an assay still running or waiting on a sample with results in: what it awaits.
    pending: str = ""

    @property
    def verdict_words(self) -> str:
        return self.pending or verdict_text(self.verdict)


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([QApplication.translate("QC", c) for c in columns])
    table.verticalHeader().setVisible(False)
    # Rows are read, not touched; two lines tall, so an assay's name wraps rather than
    # being cut where a sample's verdicts and times leave it little room.
    table.verticalHeader().setDefaultSectionSize(46)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The assay name takes what is left; the other columns are as wide as their text.
    header.setSectionResizeMode(columns.index("Assay"), QHeaderView.ResizeMode.Stretch)
    if "Progress" in columns:
        header.setSectionResizeMode(columns.index("Progress"), QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(columns.index("Progress"), 120)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setWordWrap(True)
    return table


class InstrumentPanel(QFrame):
    """One Cell Q: state, queue with running assays, recent results."""

    def __init__(self, bridge: CoreBridge, device_id: str, title: str) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.bridge = bridge
        self.device_id = device_id
        self.queue_rows: list[tuple[str, ...]] = []
        self.result_rows: list[ResultRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        header = QHBoxLayout()
        heading = QLabel(title)
        heading.setObjectName("SectionTitle")
        self.state = QLabel()
        self.state.setObjectName("BayState")
        self.summary = QLabel()
        self.summary.setObjectName("Note")
        header.addWidget(heading)
        header.addSpacing(12)
        header.addWidget(self.state)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        layout.addLayout(header)
        self.problem = refusal_label(hidden=True)
        layout.addWidget(self.problem)
        # Side by side on a wide screen, one above the other on a kiosk panel.
        self.tables = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        tables = self.tables
        left = QVBoxLayout()
        queue_title = QLabel(self.tr("Running and waiting"))
        queue_title.setObjectName("SectionTitle")
        left.addWidget(queue_title)
        self.queue = _table(QUEUE_COLUMNS)
        self.queue.setItemDelegateForColumn(QUEUE_COLUMNS.index("Progress"), FractionDelegate())
        left.addWidget(self.queue, 1)
        right = QVBoxLayout()
        self.results_title = QLabel(self.tr("Results"))
        self.results_title.setObjectName("SectionTitle")
        right.addWidget(self.results_title)
        self.results = _table(RESULT_COLUMNS)
        right.addWidget(self.results, 1)
        tables.addLayout(left, 1)
        tables.addLayout(right, 1)
        layout.addLayout(tables, 1)
        self.setMinimumHeight(360)

    def resizeEvent(self, event: QResizeEvent) -> None:
        direction = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= SIDE_BY_SIDE_PX
            else QBoxLayout.Direction.TopToBottom
        )
        if self.tables.direction() != direction:
            self.tables.setDirection(direction)
        super().resizeEvent(event)

    # -- reading ----------------------------------------------------------------------

    def _batch_of(self, sample: QcSample) -> BatchView | None:
        for view in self.bridge.batches:
            if sample.sample_id.startswith(view.batch_id + "-"):
                return view
        return next((v for v in self.bridge.batches if sample.coi and v.coi == sample.coi), None)

    def _specs_for(self, batch: BatchView | None) -> dict[str, QcSpec]:
        station = self.bridge.core.station
        # The batch's own recipe (what it started on), else what may run here now.
        recipe = None if batch is None else station.library.find(batch.recipe_id, batch.recipe_hash)
        if recipe is not None:
            specs = release_specs([recipe])
            if specs:
                return specs
        return release_specs(station.recipes().values())

    def refresh(self) -> None:
        now = time.time()
        values = self.bridge.values
        device = self.device_id
        status = self.bridge.device_statuses.get(device)
        connected = status is None or status.state is ConnectionState.CONNECTED
        state_path = f"{device}/instrument/state"
        state = show_value(values.get(state_path), self.bridge.spec(state_path), now=now)
        state_word = equipment_state(state.text) if state.good else shown_text(state)
        set_text(self.state, state_word)
        set_flag(self.state, "abnormal", not state.good or state.text in ("fault", "maintenance"))
        queue_sample = values.get(f"{device}/queue/json")
        queue_shown = show_value(queue_sample, None, now=now)
        problem = ""
        samples: list[QcSample] = []
        if not connected or not queue_shown.good:
            problem = self.tr("Queue not known: %1. Nothing shown here is live.").replace(
                "%1", queue_shown.flag or (status.state.value.upper() if status else "")
            )
        else:
            try:
                samples = parse_samples(queue_sample.value if queue_sample else None)
            except QcDataError as exc:
                problem = str(exc)
        running = sum(1 for s in samples for a in s.assays if a.status == "running")
        set_text(
            self.summary,
            ""
            if problem
            else self.tr("%1 samples · %2 assays running")
            .replace("%1", str(len(samples)))
            .replace("%2", str(running)),
        )
        self._fill_queue(samples)
        self._fill_results(values.get(f"{device}/results/json"), samples, now, connected)
        if self.problem.text() != problem:
            refuse(self.problem, problem)

    def _fill_queue(self, samples: list[QcSample]) -> None:
        rows: list[tuple[str, ...]] = []
        fractions: list[float | None] = []
        for sample in samples:
            batch = self._batch_of(sample)
            for run in sample.assays:
                if run.status == "done":
                    continue
                rows.append(
                    (
                        sample.sample_id,
                        batch.batch_id if batch else "—",
                        assay_label(run.assay),
                        run.status.upper(),
                        "",
                        human_duration(run.remaining_s) if run.status == "running" else "—",
                    )
                )
                fractions.append(run.progress if run.status == "running" else None)
        # Running first, in the instrument's order otherwise.
        order = sorted(range(len(rows)), key=lambda i: rows[i][3] != "RUNNING")
        rows = [rows[i] for i in order]
        fractions = [fractions[i] for i in order]
        if rows == self.queue_rows:
            return
        self.queue_rows = rows
        self.queue.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = self.queue.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.queue.setItem(r, c, item)
                item.setText(text)
            progress = self.queue.item(r, QUEUE_COLUMNS.index("Progress"))
            assert progress is not None
            progress.setData(FRACTION_ROLE, fractions[r])

    def _fill_results(
        self, sample: Sample | None, queued: list[QcSample], now: float, connected: bool
    ) -> None:
        """Each assay's result as soon as it is done: first the samples still in the
        queue with some results in (their other assays with the time they have left),
        then the finished samples, newest first. The instrument publishes a sample as a
        result only when all its assays are done, and sterility takes 7 days; the queue
        carries the finished assays' results before that."""
        shown = show_value(sample, None, now=now)
        try:
            results = parse_samples(sample.value if sample else None)
        except QcDataError as exc:
            results = []
            set_text(self.results_title, self.tr("Results: %1").replace("%1", str(exc)))
        else:
            title = self.tr("Results")
            if not connected or not shown.good:
                title += " — " + self.tr("last received, not live: %1").replace(
                    "%1", shown.flag or QApplication.translate("Quality", "COMM LOSS")
                )
            set_text(self.results_title, title)
        partly_done = [s for s in queued if any(run.status == "done" for run in s.assays)]
        rows: list[ResultRow] = []
        for result in [*partly_done, *reversed(results[-RECENT_SAMPLES:])]:
            batch = self._batch_of(result)
            specs = self._specs_for(batch)
            for run in result.assays:
                spec = specs.get(run.assay)
                verdict = judge(run, spec)
                value = (
                    "—" if run.result is None else f"{format_plain(run.result)} {run.unit}".strip()
                )
                rows.append(
                    ResultRow(
                        result.sample_id,
                        batch.batch_id if batch else "—",
                        assay_label(run.assay),
                        value,
                        format_limits(spec.low, spec.high, spec.unit) if spec else "—",
                        verdict,
                        "" if run.status == "done" else pending_text(run),
                    )
                )
        if rows == self.result_rows:
            return
        self.result_rows = rows
        self.results.setRowCount(len(rows))
        bold = QFont(self.results.font())
        bold.setBold(True)
        normal = QFont(self.results.font())
        for r, row in enumerate(rows):
            failed = row.verdict is Verdict.FAIL
            texts = (
                row.sample_id,
                row.batch,
                row.assay,
                row.result,
                row.specification,
                row.verdict_words,
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFont(bold if failed else normal)
                if failed:
                    item.setForeground(OUT_OF_SPEC_INK)
                    item.setBackground(OUT_OF_SPEC_FILL)
                self.results.setItem(r, c, item)

    def out_of_spec_rows(self) -> list[int]:
        return [r for r, row in enumerate(self.result_rows) if row.verdict is Verdict.FAIL]


class QcPage(QWidget):
    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Quality control"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.panels: dict[str, InstrumentPanel] = {}
        for qc in bridge.plant.cellqs:
            panel = InstrumentPanel(bridge, qc.id, qc.label)
            self.panels[qc.id] = panel
            column.addWidget(panel, 1)
        if not self.panels:
            empty = QLabel(self.tr("This plant has no Cell Q instrument."))
            empty.setObjectName("Note")
            column.addWidget(empty)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(host)
        layout.addWidget(scroll, 1)
        self._scroll = scroll
        bridge.frame.connect(self.on_frame)
        # Bound, not a lambda: dropped with the page when a language switch replaces it.
        bridge.batches_changed.connect(self._on_batches)

    def _on_batches(self, _views: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        for panel in self.panels.values():
            panel.refresh()

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def highlight(self, device_id: str) -> None:
        panel = self.panels.get(device_id)
        if panel is not None:
            self._scroll.ensureWidgetVisible(panel)

    def on_frame(self, changes: dict[str, Sample]) -> None:
        if not self.isVisible():
            return
        sweep = self.bridge.frames % STALE_SWEEP_FRAMES == 0
        for device_id, panel in self.panels.items():
            prefix = device_id + "/"
            if sweep or any(path.startswith(prefix) for path in changes):
                panel.refresh()
