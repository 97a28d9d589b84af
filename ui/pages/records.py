"""Records: batch records for QA review by exception and approval, the audit trail and the
station's signatures (21 CFR Part 11, EU GMP Annex 11).

Everything shown is read on the station core (``Station.call_records``), which reads on a
worker thread with a read-only connection; nothing here touches SQLite. Review and
approval are electronic signatures given in the signature dialog; exports are written to
the station's export folder (no file dialogs on a kiosk) and recorded in the audit trail.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.records.ebr import BatchRecord, UnknownBatchRecord, to_csv, to_json
from app.records.review import BatchListItem
from app.records.signatures import Signature
from app.security import Actor, Permission, PermissionDenied, allowed
from ui.bridge import CoreBridge
from ui.ebr_pdf import write_pdf
from ui.format import human_duration
from ui.i18n import fill
from ui.pages.records_audit import AuditTrailView, SignaturesView, local_time, say
from ui.pages.records_recipes import RecipesView
from ui.slots import asyncSlot
from ui.terms import approval_status, batch_state, severity, step_status
from ui.theme import alive
from ui.widgets.forms import detail_header, refusal_label
from ui.widgets.record_table import RecordTable
from ui.widgets.signature_dialog import SignatureDialog

ENDED_ABNORMALLY = frozenset({"Stopped", "Aborted"})
EXPORTS = {"pdf": "PDF", "csv": "CSV", "json": "JSON"}
VOID = ("APPROVAL VOID", "REVIEW VOID")


def default_export_folder() -> Path:
    return Path(platformdirs.user_documents_dir()) / "CellDeck exports"


def state_words(state: str) -> str:
    """A batch's ISA-88 state (stored in English) in the screen's words."""
    words = batch_state(state).upper()
    return f"▲ {words}" if state in ENDED_ABNORMALLY else words


def exceptions_words(item: BatchListItem) -> str:
    if not item.exceptions:
        return QCoreApplication.translate("BatchRecordView", "none")
    if not item.critical:
        return str(item.exceptions)
    critical = QCoreApplication.translate("BatchRecordView", "%1 ◆ critical")
    return f"{item.exceptions}\n{fill(critical, item.critical)}"


def check_words(manifestation: str, status: str, problem: str) -> str:
    """A signature and its check in words (never colour alone)."""
    if status == "verified":
        check = "✔ " + QCoreApplication.translate("BatchRecordView", "verified")
    elif status == "not checked":
        check = "(" + QCoreApplication.translate("BatchRecordView", "not checked") + ")"
    else:
        check = "✖ " + fill(QCoreApplication.translate("BatchRecordView", "FAILED: %1"), problem)
    return f"{manifestation}  {check}".strip()


class BatchRecordList(QWidget):
    """Every batch of the station, newest first, with its review picture."""

    opened = Signal(str)
    COLUMNS = (
        QT_TRANSLATE_NOOP("BatchRecordList", "Batch / recipe"),
        QT_TRANSLATE_NOOP("BatchRecordList", "Unit"),
        QT_TRANSLATE_NOOP("BatchRecordList", "State"),
        QT_TRANSLATE_NOOP("BatchRecordList", "Created / ended"),
        QT_TRANSLATE_NOOP("BatchRecordList", "Exceptions"),
        QT_TRANSLATE_NOOP("BatchRecordList", "QA review"),
    )

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.items: list[BatchListItem] = []
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("SectionTitle")
        top.addWidget(self.summary, 1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setMinimumHeight(64)
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.table = RecordTable([self.tr(c) for c in self.COLUMNS], {5: 1})
        self.table.cellClicked.connect(lambda row, _c: self._open(row))
        layout.addWidget(self.table, 1)
        self.message = refusal_label(hidden=True)
        layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setInterval(10_000)
        self._timer.timeout.connect(self.refresh)

    def showEvent(self, event: Any) -> None:
        self._timer.start()
        # Through the event loop: a page shown before the qasync loop runs (a screenshot
        # at start-up) still loads once it does.
        QTimer.singleShot(0, self.refresh)
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()
        super().hideEvent(event)

    @asyncSlot()
    async def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            items = await self.bridge.run(self.bridge.core.station.call_records("batch_list"))
        except RuntimeError as exc:  # the station is not started (yet)
            if alive(self):
                say(self.message, str(exc))
            return
        finally:
            self._loading = False
        if alive(self):  # the window may have closed while the core answered
            self.show_items(items)

    def show_items(self, items: list[BatchListItem]) -> None:
        self.items = items
        bridge = self.bridge
        rows = [
            (
                f"{item.summary.batch_id}\n{item.summary.recipe_id} v{item.summary.recipe_version}",
                item.summary.unit,
                state_words(item.summary.state),
                f"{local_time(bridge, item.summary.created_utc)[:16]}\n"
                f"{local_time(bridge, item.summary.ended_utc)[:16]}",
                exceptions_words(item),
                approval_status(item.approval),
            )
            for item in items
        ]
        # Bold: what is waiting for QA (weight, not colour).
        waiting = {r for r, i in enumerate(items) if i.finished and i.approval != "approved"}
        self.table.fill(rows, bold=waiting)
        finished = sum(1 for item in items if item.finished)
        approved = sum(1 for item in items if item.approval == "approved")
        summary = (
            self.tr("%1 batch · %2 in progress · %3 to review or approve · %4 approved")
            if len(items) == 1
            else self.tr("%1 batches · %2 in progress · %3 to review or approve · %4 approved")
        )
        self.summary.setText(
            fill(summary, len(items), len(items) - finished, finished - approved, approved)
        )
        empty = "" if items else self.tr("No batch records on this station yet.")
        say(self.message, empty)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.opened.emit(self.items[row].summary.batch_id)


class BatchRecordView(QWidget):
    """One batch record: identity, QA status, exceptions first, steps, signatures, events;
    exports and QA's review and approval."""

    back = Signal()

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.batch_id = ""
        self.record: BatchRecord | None = None
        self.dialog: SignatureDialog | None = None
        self.export_folder = default_export_folder()
        self.last_export: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        header = detail_header(self.tr("All records"), self.back.emit)
        self.back_button = header.back_button
        self.title, self.identity = header.title, header.identity
        layout.addLayout(header.row)
        actions = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("BatchState")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(64)
        actions.addWidget(self.status, 1)
        self.export_buttons: dict[str, QPushButton] = {}
        for kind, label in EXPORTS.items():
            button = QPushButton(label)
            button.setToolTip(fill(self.tr("Export the record as %1"), label))
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _c=False, k=kind: self.export(k))
            actions.addWidget(button)
            self.export_buttons[kind] = button
        actions.addSpacing(16)
        self.review_button = QPushButton(self.tr("Review…"))
        self.approve_button = QPushButton(self.tr("Approve…"))
        for button, meaning in (
            (self.review_button, "reviewed"),
            (self.approve_button, "approved"),
        ):
            button.setObjectName("Primary")
            button.setMinimumHeight(64)
            button.setMinimumWidth(150)
            button.clicked.connect(lambda _c=False, m=meaning: self.sign(m))
            actions.addWidget(button)
        layout.addLayout(actions)
        self.qa_note = QLabel()
        self.qa_note.setObjectName("Note")
        self.qa_note.setWordWrap(True)
        layout.addWidget(self.qa_note)
        self.message = refusal_label(hidden=True)
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.exceptions = RecordTable(
            [self.tr("Severity"), self.tr("What / step"), self.tr("Time"), self.tr("Detail")],
            {1: 2, 3: 4},
        )
        self.steps = RecordTable(
            [
                self.tr("#"),
                self.tr("Step"),
                self.tr("Started / ended"),
                self.tr("Duration"),
                self.tr("Signatures"),
            ],
            {1: 3, 4: 4},
        )
        self.signatures = RecordTable(
            [self.tr("Signature"), self.tr("Check"), self.tr("Record")], {0: 4, 1: 3, 2: 3}
        )
        self.events = RecordTable(
            [self.tr("When / who"), self.tr("What / step"), self.tr("Old → new"), self.tr("Why")],
            {1: 3, 2: 3, 3: 3},
        )
        for table, name in (
            (self.exceptions, self.tr("Exceptions")),
            (self.steps, self.tr("Steps")),
            (self.signatures, self.tr("Signatures")),
            (self.events, self.tr("Events")),
        ):
            self.tabs.addTab(table, name)
        layout.addWidget(self.tabs, 1)
        # Bound methods, not lambdas: Qt drops them with the widget when a language
        # switch replaces the window, while a lambda would reach a deleted widget.
        bridge.actor_changed.connect(self._actor_changed)

    # -- showing ----------------------------------------------------------------------

    @asyncSlot()
    async def show_batch(self, batch_id: str) -> None:
        if batch_id != self.batch_id:
            self.record = None
            self.tabs.setCurrentIndex(0)
            say(self.message, "")
        self.batch_id = batch_id
        await self.reload()

    async def reload(self) -> None:
        station = self.bridge.core.station
        try:
            record = await self.bridge.run(station.call_records("record", self.batch_id))
        except UnknownBatchRecord as exc:
            if alive(self):
                say(self.message, str(exc))
            return
        if alive(self):
            self.show_record(record)

    def show_record(self, record: BatchRecord) -> None:
        self.record = record
        bridge = self.bridge
        self.title.setText(fill(self.tr("Batch record %1"), record.batch_id))
        self.identity.setText(
            fill(self.tr("CoI %1 · cartridge %2"), record.coi, record.barcode)
            + f" · {record.unit} · "
            f"{record.recipe_id} v{record.recipe_version} ({record.recipe_hash[:12]}) · "
            + fill(
                self.tr("created %1 · ended %2"),
                local_time(bridge, record.created_utc),
                local_time(bridge, record.ended_utc),
            )
        )
        marking = f"  ·  {approval_status(record.marking)}" if record.marking else ""
        abnormal = record.approval.startswith(VOID) or record.state in ENDED_ABNORMALLY
        self.status.setText(
            f"{state_words(record.state)}  ·  "
            + fill(self.tr("%1 exception(s)"), len(record.exceptions))
            + "  ·  "
            + fill(self.tr("QA: %1"), approval_status(record.approval))
            + marking
        )
        if self.status.property("abnormal") != abnormal:
            self.status.setProperty("abnormal", abnormal)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)
        self.exceptions.fill(
            [
                (
                    severity(e.severity),
                    # The phase's own id reads best; the whole path is in the PDF.
                    f"{e.category}\n{e.step.rsplit('/', 1)[-1]}" if e.step else e.category,
                    local_time(bridge, e.utc),
                    f"{e.text}  [{e.ref}]",
                )
                for e in record.exceptions
            ],
            bold={r for r, e in enumerate(record.exceptions) if e.severity == "critical"},
        )
        self.tabs.setTabText(0, fill(self.tr("Exceptions (%1)"), len(record.exceptions)))
        self.steps.fill(
            [
                (
                    str(step.index + 1),
                    f"{step.phase}\n{step.path}"
                    + ("" if step.status == "done" else f"\n{step_status(step.status).upper()}"),
                    f"{local_time(bridge, step.started_utc)}\n{local_time(bridge, step.ended_utc)}",
                    "—" if step.duration_s is None else human_duration(step.duration_s),
                    "\n".join(
                        check_words(c.manifestation, c.status, c.problem) for c in step.signatures
                    )
                    or "—",
                )
                for step in record.steps
            ],
            bold={
                r
                for r, step in enumerate(record.steps)
                if any(c.status == "failed" for c in step.signatures)
            },
        )
        self.tabs.setTabText(
            1, fill(self.tr("Steps (%1/%2)"), record.steps_completed, record.steps_total)
        )
        checks = [*(c for step in record.steps for c in step.signatures), *record.reviews]
        self.signatures.fill(
            [
                (
                    c.manifestation,
                    check_words("", c.status, c.problem),
                    f"{c.record_type}\n{c.record_id}",
                )
                for c in checks
            ],
            bold={r for r, c in enumerate(checks) if c.status == "failed"},
        )
        self.tabs.setTabText(2, fill(self.tr("Signatures (%1)"), len(checks)))
        self.events.fill(
            [
                (
                    f"{local_time(bridge, e.utc)}\n"
                    + (f"{e.user_name} ({e.user_id})" if e.user_id else "CellDeck"),
                    f"{e.kind}\n{e.step}"
                    + (f" · {e.target}" if e.target not in ("", e.step) else ""),
                    " → ".join(v for v in (e.old_value, e.new_value) if v is not None),
                    e.reason,
                )
                for e in reversed(record.events)
            ],
        )
        self.tabs.setTabText(3, fill(self.tr("Events (%1)"), len(record.events)))
        self._update_actions()

    def _actor_changed(self, _actor: Actor | None) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        record, actor = self.record, self.bridge.actor
        for button in self.export_buttons.values():
            button.setEnabled(record is not None and allowed(actor, Permission.RECORD_EXPORT))
        reviewed = record is not None and bool(record.valid_reviews("reviewed"))
        approved = record is not None and bool(record.valid_reviews("approved"))
        finished = record is not None and record.finished
        self.review_button.setEnabled(
            finished and not reviewed and allowed(actor, Permission.RECORD_REVIEW)
        )
        self.approve_button.setEnabled(
            finished and reviewed and not approved and allowed(actor, Permission.RECORD_APPROVE)
        )
        if record is None:
            note = ""
        elif not finished:
            note = self.tr("The batch has not ended: its record is reviewed and approved after.")
        elif approved:
            note = self.tr("Approved. Any later change to the record voids the approval.")
        elif not allowed(actor, Permission.RECORD_REVIEW):
            note = self.tr("QA reviews and approves batch records: sign in as QA.")
        elif not reviewed:
            note = self.tr(
                "Review the exceptions, then sign the review; a second QA person approves."
            )
        else:
            note = self.tr("Reviewed. A second QA person approves the record.")
        if not allowed(actor, Permission.RECORD_EXPORT):
            note += " " + self.tr("Exports: supervisors and QA.")
        self.qa_note.setText(note.strip())

    # -- QA signatures ---------------------------------------------------------------------

    def sign(self, meaning: str) -> None:
        record = self.record
        if record is None:
            return
        station = self.bridge.core.station
        signed = record.signed_record(meaning)

        async def give(user_id: str, password: str) -> Signature:
            return await self.bridge.run(
                station.sign_batch_record(
                    user_id, password, record.batch_id, meaning, record.content_hash
                )
            )

        actor = self.bridge.actor
        dialog = SignatureDialog(
            signed.statement,
            meaning,
            record.content_hash,
            give,
            user_id=actor.user_id if actor is not None else "",
            parent=self,
        )
        self.dialog = dialog
        # Bound to this dialog: the slot runs later, when another one may be open.
        dialog.finished.connect(lambda _result, d=dialog: self._signed(d))
        dialog.open()

    @asyncSlot()
    async def _signed(self, dialog: SignatureDialog) -> None:
        if not alive(self):
            return
        if self.dialog is dialog:
            self.dialog = None
        if dialog.signature is not None:
            say(self.message, "")
            await self.reload()

    # -- exports --------------------------------------------------------------------------

    @asyncSlot()
    async def export(self, kind: str) -> None:
        actor, station = self.bridge.actor, self.bridge.core.station
        try:
            record: BatchRecord = await self.bridge.run(
                station.call_records("record_for_export", actor, self.batch_id)
            )
        except (PermissionDenied, UnknownBatchRecord) as exc:
            if alive(self):
                say(self.message, str(exc))
            return
        if not alive(self):
            return
        assert actor is not None  # record_for_export refused anyone not signed in
        stamp = datetime.now(self.bridge.zone).strftime("%Y%m%d-%H%M%S")
        path = self.export_folder / f"EBR-{record.batch_id}-{stamp}.{kind}"
        say(self.message, "")
        self.qa_note.setText(fill(self.tr("Writing %1…"), path.name))
        await asyncio.sleep(0)  # let the note show before a PDF takes its second
        if not alive(self):
            return
        try:
            self.export_folder.mkdir(parents=True, exist_ok=True)
            if kind == "pdf":
                write_pdf(
                    record,
                    path,
                    site=self.bridge.plant.site.name,
                    exported_by=f"{actor.name} ({actor.user_id})",
                )
            else:
                text = to_json(record) if kind == "json" else to_csv(record)
                path.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            say(self.message, fill(self.tr("Could not write the export: %1"), exc))
            return
        await self.bridge.run(station.call_records("note_export", actor, record, [str(path)]))
        if not alive(self):
            return
        self.last_export = path
        self.qa_note.setText(fill(self.tr("Exported to %1"), path))


TAB_INSET_PX = 10


class RecordsPage(QWidget):
    """Batch records, audit trail, signatures and recipe release, one tab each."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        self.tabs = QTabWidget()
        batches = QWidget()
        batches_layout = QVBoxLayout(batches)
        batches_layout.setContentsMargins(0, 0, 0, 0)
        self.batch_stack = QStackedWidget()
        self.batch_list = BatchRecordList(bridge)
        self.record_view = BatchRecordView(bridge)
        self.batch_stack.addWidget(self.batch_list)
        self.batch_stack.addWidget(self.record_view)
        batches_layout.addWidget(self.batch_stack)
        self.batch_list.opened.connect(self.open_record)
        self.record_view.back.connect(self.show_list)
        self.audit = AuditTrailView(bridge)
        self.signatures = SignaturesView(bridge)
        self.tabs.addTab(batches, self.tr("Batch records"))
        self.tabs.addTab(self.audit, self.tr("Audit trail"))
        self.tabs.addTab(self.signatures, self.tr("Signatures"))
        self.recipes = RecipesView(bridge)
        self.tabs.addTab(self.recipes, self.tr("Recipes"))
        # Every tab's content stands clear of the pane's frame: a summary line, a table
        # and a button against the frame read as cut off.
        for page in (batches, self.audit, self.signatures, self.recipes):
            inner = page.layout()
            top = inner.contentsMargins().top()
            inner.setContentsMargins(TAB_INSET_PX, top, TAB_INSET_PX, TAB_INSET_PX)
        # The page's name sits beside its tabs: one row less on an 800 px kiosk.
        title = QLabel(self.tr("Records"))
        title.setObjectName("PageTitle")
        self.tabs.setCornerWidget(title, Qt.Corner.TopLeftCorner)
        layout.addWidget(self.tabs, 1)

    def open_record(self, batch_id: str) -> None:
        self.batch_stack.setCurrentWidget(self.record_view)
        self.record_view.show_batch(batch_id)

    def show_list(self) -> None:
        self.batch_stack.setCurrentWidget(self.batch_list)
        self.batch_list.refresh()
