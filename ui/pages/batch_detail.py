"""One batch in detail: identity, state and the commands allowed now; the procedure as a
vertical timeline (done with times and who, current with live parameters and time left,
upcoming); the current manual step; deviations, the record and comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.batch.errors import BatchError
from app.batch.recipe import CriticalParameter, PhaseRef
from app.batch.runtime import BatchDetail, BatchView
from app.batch.states import ABNORMAL, COMMAND_PERMISSION, TRANSITIONS, BatchCommand, BatchState
from app.security import Actor, PermissionDenied, allowed
from hardware import Sample
from ui.bridge import CoreBridge
from ui.format import format_limits, format_plain, format_stored_time, human_duration, show_value
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.terms import (
    batch_command,
    batch_command_question,
    batch_state,
    severity,
    signature_meaning,
)
from ui.theme import alive
from ui.widgets.forms import detail_header, dialog_buttons, refusal_label
from ui.widgets.manual_step import ManualStepPanel
from ui.widgets.value_label import refuse

# Commands that end or resume a batch after trouble need a reason (the engine insists).
NEEDS_REASON = frozenset({BatchCommand.RESTART, BatchCommand.STOP, BatchCommand.ABORT})
# Commands whose effect on the patient's material cannot be undone: asked twice.
IRREVERSIBLE = frozenset({BatchCommand.STOP, BatchCommand.ABORT})
COMMAND_ORDER = tuple(BatchCommand)
DEVIATION_KEYS = ("utc", "severity", "kind", "step", "message")
NARROW_BELOW_PX = 1400  # a detail view narrower than this gives the timeline a third


def legal_commands(state: BatchState) -> list[BatchCommand]:
    return [c for c in COMMAND_ORDER if (state, c) in TRANSITIONS]


def state_text(view: BatchView, separator: str = " · ") -> str:
    """The ISA-88 state in words, and whether people are awaited (a table cell passes a
    line break as ``separator``)."""
    text = batch_state(view.state).upper()
    if view.state in ABNORMAL:
        text = "▲ " + text
    if view.waiting_for_people:
        waiting = QCoreApplication.translate("BatchDetailView", "WAITING FOR OPERATOR")
        text += separator + waiting
    return text


def unit_text(view: BatchView, separator: str = " ") -> str:
    """Where the batch runs: the shuttle and its bay, or the Cell Q."""
    if view.bay is None:
        return view.unit_label
    bay = QCoreApplication.translate("BatchDetailView", "bay %1")
    return view.shuttle_id + separator + fill(bay, view.bay)


def eta_text(bridge: CoreBridge, view: BatchView, separator: str = " ") -> str:
    """Estimated completion on the equipment clock (simulated time in a demo plant)."""
    if view.state in (BatchState.COMPLETE, BatchState.STOPPED, BatchState.ABORTED):
        return "—"
    clock = bridge.core.station.clock
    finish = clock.now() + view.remaining_h * 3600.0
    left = human_duration(view.remaining_h * 3600.0)
    when = bridge.local_time(finish, with_date=True, seconds=False)
    return when + separator + fill(QCoreApplication.translate("BatchDetailView", "(in %1)"), left)


class ReasonDialog(QDialog):
    """Why a batch command is given (Annex 11: the reason for a change)."""

    def __init__(self, title: str, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        label = QLabel(question)
        label.setWordWrap(True)
        label.setObjectName("SectionTitle")
        layout.addWidget(label)
        self.reason = QLineEdit()
        self.reason.setMinimumHeight(64)
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        layout.addWidget(self.reason)
        self.cancel_button, self.ok_button = dialog_buttons(
            layout, self.tr("Cancel"), title, on_cancel=self.reject, on_confirm=self.accept
        )
        self.ok_button.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))


class StepRow(QFrame):
    """One phase on the timeline."""

    def __init__(self, ref: PhaseRef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ref = ref
        self.setObjectName("StepRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.marker = QLabel("○")
        self.marker.setObjectName("StepMarker")
        self.marker.setFixedWidth(36)
        self.marker.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.marker)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.name = QLabel(ref.phase.name)
        self.name.setObjectName("StepName")
        self.name.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("Note")
        self.detail.setWordWrap(True)
        self.live = QLabel()
        self.live.setObjectName("StepLive")
        self.live.setWordWrap(True)
        self.live.hide()
        texts.addWidget(self.name)
        texts.addWidget(self.detail)
        texts.addWidget(self.live)
        layout.addLayout(texts, 1)
        self.status = ""

    def set_status(self, status: str, detail: str) -> None:
        if status != self.status:
            self.status = status
            self.marker.setText({"done": "✔", "current": "▶", "upcoming": "○"}[status])
            self.setProperty("status", status)
            self.style().unpolish(self)
            self.style().polish(self)
            if status != "current":
                self.live.hide()
        if self.detail.text() != detail:
            self.detail.setText(detail)


class StepTimeline(QScrollArea):
    """The procedure as a vertical list of phases under their unit procedures."""

    def __init__(self, local_time: Callable[[float], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.local_time = local_time
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.rows: list[StepRow] = []
        self._recipe_hash = ""
        self._current = -1

    def show_detail(self, detail: BatchDetail, live: dict[str, str]) -> None:
        if detail.view.recipe_hash != self._recipe_hash:
            self._build(detail)
        ended = _step_times(self.local_time, detail.events, "step-end")
        started = _step_times(self.local_time, detail.events, "step-start")
        who = _step_people(detail)
        final = detail.view.state in (BatchState.COMPLETE, BatchState.STOPPED, BatchState.ABORTED)
        for row in self.rows:
            index, path = row.ref.index, row.ref.path
            phase = row.ref.phase
            if index < detail.step_index:
                when = ended.get(path)
                text = fill(self.tr("done %1"), when) if when else self.tr("done")
                if who.get(path):
                    text += " · " + who[path]
                row.set_status("done", text)
            elif index == detail.step_index and not final:
                view = detail.view
                left = max(0.0, view.phase_expected_h - view.phase_elapsed_h) * 3600.0
                since = (
                    fill(self.tr("started %1"), started[path]) + " · " if path in started else ""
                )
                text = since + fill(self.tr("%1 left"), human_duration(left))
                if view.waiting_for_people:
                    text = since + self.tr("waiting for the operator")
                row.set_status("current", text)
                row.live.setText(live.get(path, ""))
                row.live.setVisible(bool(row.live.text()))
            else:
                row.set_status(
                    "upcoming",
                    fill(self.tr("expected %1"), human_duration(phase.duration_h * 3600)),
                )
        if detail.step_index != self._current and detail.step_index < len(self.rows):
            self._current = detail.step_index
            QTimer.singleShot(
                0, self, lambda: self.ensureWidgetVisible(self.rows[self._current], 0, 120)
            )

    def _build(self, detail: BatchDetail) -> None:
        self._recipe_hash = detail.view.recipe_hash
        self._current = -1
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.rows = []
        unit = ""
        for ref in detail.recipe.phases:
            if ref.unit_procedure.id != unit:
                unit = ref.unit_procedure.id
                heading = QLabel(ref.unit_procedure.name)
                heading.setObjectName("SectionTitle")
                heading.setWordWrap(True)
                layout.addWidget(heading)
            row = StepRow(ref)
            layout.addWidget(row)
            self.rows.append(row)
        layout.addStretch(1)
        self.setWidget(content)


def _cpp_limits(cpp: CriticalParameter) -> str:
    """A critical parameter's limits in the screen language ("37 ± 0,5 °C" in Dutch)."""
    if cpp.target is not None and cpp.tolerance is not None:
        unit = f" {cpp.unit}" if cpp.unit else ""
        return f"{format_plain(cpp.target)} ± {format_plain(cpp.tolerance)}{unit}"
    return format_limits(*cpp.limits, cpp.unit)


def _step_times(
    local_time: Callable[[float], str], events: tuple[dict[str, Any], ...], kind: str
) -> dict[str, str]:
    """When each step started or ended, on the equipment clock in the site's zone."""
    return {
        str(event["step"]): local_time(float(event["time"]))
        for event in events
        if event["kind"] == kind
    }


def _step_people(detail: BatchDetail) -> dict[str, str]:
    """Who signed each step (printed name and meaning), else who worked it."""
    people: dict[str, list[str]] = {}
    prefix = detail.view.batch_id + "/"
    for signature in detail.signatures:
        path = signature.record_id.removeprefix(prefix)
        meaning = signature_meaning(signature.meaning)
        people.setdefault(path, []).append(f"{meaning} {signature.printed_name}")
    for event in detail.events:
        if event["kind"] in ("scan", "confirmation", "entry") and event["user_name"]:
            names = people.setdefault(str(event["step"]), [])
            if not names:
                names.append(str(event["user_name"]))
    return {path: ", ".join(names) for path, names in people.items()}


class BatchDetailView(QWidget):
    """The detail of the batch ``show_batch`` names; refreshed while shown."""

    back = Signal()

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.batch_id = ""
        self.detail: BatchDetail | None = None
        self.reason_dialog: ReasonDialog | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        header = detail_header(self.tr("All batches"), self.back.emit)
        top, self.back_button = header.row, header.back_button
        self.title, self.identity = header.title, header.identity
        self.progress = QLabel()
        self.progress.setObjectName("SectionTitle")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress.setWordWrap(True)
        top.addWidget(self.progress)
        layout.addLayout(top)
        # Hidden while empty: an empty line's spacing is room the current step needs on
        # an 800 px panel.
        self.hold_reason = refusal_label(hidden=True)
        layout.addWidget(self.hold_reason)
        commands = QHBoxLayout()
        self.state = QLabel()
        self.state.setObjectName("BatchState")
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setMinimumHeight(64)
        commands.addWidget(self.state)
        commands.addSpacing(12)
        self.command_buttons: dict[BatchCommand, QPushButton] = {}
        for command in COMMAND_ORDER:
            button = QPushButton(batch_command(command))
            button.setMinimumHeight(64)
            button.setMinimumWidth(120)
            button.setObjectName("DangerCommand" if command in IRREVERSIBLE else "")
            button.clicked.connect(lambda _c=False, c=command: self._command(c))
            # Hidden until a batch says which are legal: all eight at once are wider than
            # a 1280 px panel, and the window would grow (and stay grown) to fit them.
            button.hide()
            commands.addWidget(button)
            self.command_buttons[command] = button
        commands.addSpacing(12)
        # Why commands are greyed, in words: a glove cannot hover for a tooltip. Beside
        # the buttons rather than under them: a line less above the current step.
        self.command_hint = QLabel()
        self.command_hint.setObjectName("Note")
        self.command_hint.setWordWrap(True)
        self.command_hint.hide()
        commands.addWidget(self.command_hint, 1)
        commands.addStretch()  # takes the room while the note is hidden
        layout.addLayout(commands)
        self.message = refusal_label(hidden=True)
        layout.addWidget(self.message)
        body = QHBoxLayout()
        self.body = body
        self.timeline = StepTimeline(
            lambda t: bridge.local_time(t, with_date=True, year=False, seconds=False)
        )
        body.addWidget(self.timeline, 2)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("BatchTabs")
        self.manual = ManualStepPanel(bridge)
        self.manual.acted.connect(self.refresh)
        self.tabs.addTab(self.manual, self.tr("Current step"))
        self.deviations = _table(
            [
                self.tr("Time (UTC)"),
                self.tr("Severity"),
                self.tr("Kind"),
                self.tr("Step"),
                self.tr("Message"),
            ]
        )
        self.tabs.addTab(self.deviations, self.tr("Deviations"))
        self.record = _table(
            [
                self.tr("Time (UTC)"),
                self.tr("What"),
                self.tr("Step"),
                self.tr("Value"),
                self.tr("Who"),
                self.tr("Why"),
            ]
        )
        self.tabs.addTab(self.record, self.tr("Record"))
        comments = QWidget()
        comment_layout = QVBoxLayout(comments)
        self.comment_list = QLabel()
        self.comment_list.setWordWrap(True)
        self.comment_list.setAlignment(Qt.AlignmentFlag.AlignTop)
        comment_layout.addWidget(self.comment_list, 1)
        row = QHBoxLayout()
        self.comment_field = QLineEdit()
        self.comment_field.setMinimumHeight(64)
        self.comment_field.setPlaceholderText(self.tr("Comment for the batch record"))
        self.comment_button = QPushButton(self.tr("Add comment"))
        self.comment_button.setMinimumHeight(64)
        self.comment_button.clicked.connect(self._comment)
        self.comment_field.returnPressed.connect(self._comment)
        row.addWidget(self.comment_field, 1)
        row.addWidget(self.comment_button)
        comment_layout.addLayout(row)
        self.tabs.addTab(comments, self.tr("Comments"))
        body.addWidget(self.tabs, 3)
        layout.addLayout(body, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        bridge.actor_changed.connect(self._actor_changed)  # bound: dropped with the view

    # -- showing ----------------------------------------------------------------------

    def show_batch(self, batch_id: str) -> None:
        if batch_id != self.batch_id:
            self.detail = None
            refuse(self.message, "")
            self.tabs.setCurrentIndex(0)
        self.batch_id = batch_id
        self._timer.start()
        self.refresh()

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # On a 1280 px panel the current step's two columns need the width more than
        # the timeline does (its step names wrap instead).
        narrow = self.width() < NARROW_BELOW_PX
        self.body.setStretch(0, 1 if narrow else 2)
        self.body.setStretch(1, 2 if narrow else 3)

    def showEvent(self, event: Any) -> None:
        if self.batch_id:
            self._timer.start()
        # The back button is never squeezed below its words (a longer language takes the
        # room from the wrapping texts beside it); set once styled, since the style
        # sheet's own small minimum applies when the button is polished.
        self.back_button.setMinimumWidth(self.back_button.sizeHint().width())
        super().showEvent(event)

    @asyncSlot()
    async def refresh(self) -> None:
        if not self.batch_id or self._loading:
            return
        self._loading = True
        try:
            detail = await self.bridge.run(self.bridge.core.station.batch_detail(self.batch_id))
        except BatchError as exc:  # reset and closed meanwhile
            if alive(self):
                refuse(self.message, str(exc))
                self._timer.stop()
            return
        finally:
            self._loading = False
        if not alive(self):
            return  # the window closed while the core answered
        self.detail = detail
        self._render()

    def _actor_changed(self, _actor: Actor | None) -> None:
        self._render()

    def _render(self) -> None:
        detail = self.detail
        if detail is None:
            return
        view = detail.view
        self.title.setText(fill(self.tr("Batch %1"), view.batch_id))
        self.identity.setText(
            fill(self.tr("CoI %1 · cartridge %2"), view.coi, view.barcode)
            + f" · {unit_text(view)} · "
            f"{view.recipe_id} v{view.recipe_version} ({view.recipe_hash[:12]}) · "
            f"{view.recipe_name}"
        )
        # Two lines on a narrow panel: the row then has room for the note on greyed
        # commands beside the buttons, and the current step keeps its height.
        self.state.setText(state_text(view, "\n" if self.width() < NARROW_BELOW_PX else " · "))
        abnormal = view.state in ABNORMAL
        if self.state.property("abnormal") != abnormal:
            self.state.setProperty("abnormal", abnormal)
            self.state.style().unpolish(self.state)
            self.state.style().polish(self.state)
        refuse(
            self.hold_reason,
            fill(self.tr("Held: %1"), view.hold_reason) if view.hold_reason and abnormal else "",
        )
        actor = self.bridge.actor
        legal = set(legal_commands(view.state))
        # Hide before showing, so the row never holds more buttons than either state has.
        for command, button in self.command_buttons.items():
            if command not in legal:
                button.hide()
        refused = False
        for command, button in self.command_buttons.items():
            button.setVisible(command in legal)
            permitted = allowed(actor, COMMAND_PERMISSION[command])
            button.setEnabled(permitted)
            button.setToolTip(
                "" if permitted else self.tr("Needs a signed-in user allowed to do this")
            )
            refused = refused or (command in legal and not permitted)
        self.command_hint.setText(self.tr("Needs a signed-in user allowed to do this"))
        self.command_hint.setVisible(refused)
        self.progress.setText(
            fill(
                self.tr("%1/%2 steps · %3 %\nETA %4"),
                view.steps_completed,
                view.steps_total,
                round(view.progress * 100),
                eta_text(self.bridge, view),
            )
        )
        self.timeline.show_detail(detail, self._live_texts(detail))
        self.manual.show_request(detail.request, detail.signatures)
        self._fill_tables(detail)

    def _live_texts(self, detail: BatchDetail) -> dict[str, str]:
        """The current phase's critical parameters, live, against their limits."""
        view = detail.view
        if detail.step_index >= len(detail.recipe.phases) or view.bay is None:
            return {}
        ref = detail.recipe.phases[detail.step_index]
        parts = []
        for cpp in ref.phase.cpps:
            path = f"{view.shuttle_id}/bay-{view.bay:02d}/{cpp.tag}"
            sample: Sample | None = self.bridge.values.get(path)
            shown = show_value(sample, self.bridge.spec(path))
            outside = (
                shown.good
                and sample is not None
                and isinstance(sample.value, int | float)
                and not cpp.within(float(sample.value))
            )
            mark = " ▲ " + self.tr("OUT OF LIMITS") if outside else ""
            parts.append(f"{cpp.name}: {shown.text}{mark}  [{_cpp_limits(cpp)}]")
        return {ref.path: "\n".join(parts)}

    def _fill_tables(self, detail: BatchDetail) -> None:
        rows = [
            (
                format_stored_time(str(d["utc"])),
                severity(str(d["severity"])),
                str(d["kind"]),
                str(d["step"]),
                str(d["message"]),
            )
            for d in reversed(detail.deviations)
        ]
        _fill(self.deviations, rows)
        self.tabs.setTabText(1, fill(self.tr("Deviations (%1)"), len(rows)))
        events = [e for e in reversed(detail.events) if e["kind"] != "comment"]
        _fill(
            self.record,
            [
                (
                    format_stored_time(str(e["utc"])),
                    str(e["kind"]),
                    str(e["step"]),
                    " → ".join(str(v) for v in (e["old_value"], e["new_value"]) if v is not None),
                    str(e["user_name"] or "CellDeck"),
                    str(e["reason"]),
                )
                for e in events[:300]
            ],
        )
        comments = [e for e in detail.events if e["kind"] == "comment"]
        self.comment_list.setText(
            "\n".join(
                f"{format_stored_time(str(e['utc']), seconds=False)}  "
                f"{e['user_name']}: {e['new_value']}"
                for e in comments
            )
            or self.tr("No comments yet.")
        )

    # -- commands ---------------------------------------------------------------------

    def _command(self, command: BatchCommand) -> None:
        if self.detail is None:
            return
        if command in NEEDS_REASON:
            question = batch_command_question(command, self.batch_id)
            if command in IRREVERSIBLE:
                question += " " + self.tr(
                    "This ends the procedure for this patient's material; it cannot be undone."
                )
            self.reason_dialog = ReasonDialog(batch_command(command), question, self)
            self.reason_dialog.accepted.connect(
                lambda c=command: self._send(
                    c, self.reason_dialog.reason.text() if self.reason_dialog else ""
                )
            )
            self.reason_dialog.open()
            return
        self._send(command, "")

    @asyncSlot()
    async def _send(self, command: BatchCommand, reason: str) -> None:
        station = self.bridge.core.station
        try:
            await self.bridge.run(
                station.call_batches("command", self.batch_id, command, self.bridge.actor, reason)
            )
        except (BatchError, PermissionDenied) as exc:
            if alive(self):
                refuse(self.message, str(exc))
            return
        if not alive(self):
            return
        refuse(self.message, "")
        if command is BatchCommand.RESET:
            self._timer.stop()
            self.batch_id = ""
            self.back.emit()  # the record is closed and the bay free; nothing more here
            return
        await self.refresh()

    @asyncSlot()
    async def _comment(self) -> None:
        text = self.comment_field.text().strip()
        if not text:
            return
        station = self.bridge.core.station
        try:
            await self.bridge.run(
                station.call_batches("comment", self.batch_id, self.bridge.actor, text)
            )
        except (BatchError, PermissionDenied) as exc:
            if alive(self):
                refuse(self.message, str(exc))
            return
        if not alive(self):
            return
        self.comment_field.clear()
        await self.refresh()


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(44)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Refill a table only when its rows changed (kept selection and scroll otherwise)."""
    if getattr(table, "filled_rows", None) == rows:
        return
    table.filled_rows = rows  # type: ignore[attr-defined]
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
