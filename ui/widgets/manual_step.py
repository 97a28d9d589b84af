"""The current manual step, large enough for a gloved operator: the instruction and its
picture, the barcodes to scan (identity first), the confirmations, the values to enter
with their limits, and the signatures in recipe order.

Every action goes to the batch engine on the station core; the engine checks role,
state, step and chain of identity, and a refusal comes back as a framed message here.
Nothing is done locally that the engine has not accepted.
"""

from __future__ import annotations

from collections.abc import Coroutine
from importlib import resources
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.batch.errors import BatchError
from app.batch.runtime import StepRequest
from app.records.signatures import Signature
from app.security import Permission, PermissionDenied, allowed
from ui.bridge import CoreBridge
from ui.format import flowing_text, format_limits
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.terms import manifestation, role_name, signature_meaning
from ui.theme import alive
from ui.widgets.forms import WrappingButton, refusal_label
from ui.widgets.signature_dialog import SignatureDialog
from ui.widgets.value_label import refuse

BUTTON_PX = 72
COMPACT_BUTTON_PX = 64  # a panel under COMPACT_BELOW_PX: still a glove's target
COMPACT_BELOW_PX = 600
# From this width the step's work (scans, confirmations, entries, signatures) stands in a
# column of its own beside the instruction and its picture, so it starts at the top of
# the panel instead of under them (a 1280x800 panel had the fields out of view).
TWO_COLUMNS_FROM_PX = 560
PICTURE_PX = (320, 240)  # a recipe picture at most this big
PICTURE_MIN_HEIGHT_PX = 100


def recipe_picture(name: str | None) -> QPixmap | None:
    """A picture a recipe refers to (resources/recipes/...), or None if it has none or
    the file is missing (the instruction text still says everything)."""
    if not name:
        return None
    path = resources.files("resources.recipes").joinpath(name)
    if not path.is_file():
        return None
    pixmap = QPixmap(str(path))
    return None if pixmap.isNull() else pixmap


class ManualStepPanel(QWidget):
    """What the current step still needs from people; rebuilt when that changes."""

    # Emitted after the engine accepted an action, so the detail view refreshes at once.
    acted = Signal()

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.request: StepRequest | None = None
        self.signatures: tuple[Signature, ...] = ()
        self.scan_fields: dict[str, QLineEdit] = {}
        self.entry_fields: dict[str, QLineEdit] = {}
        self.confirm_buttons: dict[int, QPushButton] = {}
        self.sign_buttons: dict[str, QPushButton] = {}
        self.dialog: SignatureDialog | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.message = refusal_label(hidden=True)  # no empty line over the step
        outer.addWidget(self.message)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll, 1)
        self._content = QWidget()
        self.scroll.setWidget(self._content)
        self._shown: tuple[object, ...] | None = None
        self._arranged: tuple[object, ...] | None = None
        # What the panel holds now, for tests: the column with the step's work, and the
        # picture's label (None without one).
        self.work: QWidget | None = None
        self.picture: QLabel | None = None

    # -- arrangement --------------------------------------------------------------------

    def arrangement(self) -> tuple[bool, bool, int, int]:
        """(two columns, compact, width, height) of the panel now."""
        width, height = self.scroll.viewport().width(), self.height()
        return width >= TWO_COLUMNS_FROM_PX, height < COMPACT_BELOW_PX, width, height

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.request is not None and self.arrangement() != self._arranged:
            self._rebuild()  # what was typed is kept

    # -- building -----------------------------------------------------------------------

    def show_request(
        self, request: StepRequest | None, signatures: tuple[Signature, ...] = ()
    ) -> None:
        key = (request, tuple(s.signature_id for s in signatures), self._actor_key())
        if key == self._shown:
            return  # nothing changed: keep what the operator is typing
        step_changed = self.request is None or request is None or request.step != self.request.step
        self._shown = key
        self.request = request
        self.signatures = signatures
        if step_changed:
            refuse(self.message, "")
        self._rebuild()

    def _actor_key(self) -> str:
        actor = self.bridge.actor
        return "" if actor is None else f"{actor.user_id}:{actor.role.value}"

    def _rebuild(self) -> None:
        typed = {k: f.text() for k, f in self.scan_fields.items()}
        typed_entries = {k: f.text() for k, f in self.entry_fields.items()}
        self.scan_fields.clear()
        self.entry_fields.clear()
        self.confirm_buttons.clear()
        self.sign_buttons.clear()
        self.work = self.picture = None
        content = QWidget()
        request = self.request
        if request is None:
            layout = QVBoxLayout(content)
            note = QLabel(self.tr("Nothing to do by hand in this step."))
            note.setObjectName("SectionTitle")
            layout.addWidget(note)
            layout.addStretch(1)
            self.scroll.setWidget(content)
            self._content = content
            return
        self._arranged = two_columns, compact, width, height = self.arrangement()
        button_px = COMPACT_BUTTON_PX if compact else BUTTON_PX
        columns = QBoxLayout(
            QBoxLayout.Direction.LeftToRight if two_columns else QBoxLayout.Direction.TopToBottom,
            content,
        )
        columns.setContentsMargins(4, 4, 4, 4)
        columns.setSpacing(16 if two_columns else 6 if compact else 10)
        about = QVBoxLayout()
        work_widget = QWidget()
        layout = QVBoxLayout(work_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        for column in (about, layout):
            column.setSpacing(4 if compact else 10)
        actor = self.bridge.actor
        may_execute = actor is not None and allowed(actor, Permission.BATCH_EXECUTE)
        title = QLabel(request.phase_name)
        title.setObjectName("StepTitle")
        title.setWordWrap(True)
        title.setProperty("compact", compact)
        about.addWidget(title)
        if not may_execute:
            note = QLabel(
                self.tr("Sign in to work this step.")
                if actor is None
                else self.tr("Your role cannot work batch steps.")
            )
            note.setObjectName("SectionTitle")
            note.setWordWrap(True)
            about.addWidget(note)
        instruction = QLabel(flowing_text(request.instruction))
        instruction.setObjectName("Instruction")
        instruction.setWordWrap(True)
        instruction.setProperty("compact", compact)
        picture = recipe_picture(request.picture)
        image: QLabel | None = None
        if picture is not None:
            if two_columns:
                # Under the instruction, in what its column has left of the panel's
                # height: the picture is seen with the words, not scrolled to.
                column = int((width - 24) * 0.4)
                used = 8 + 2 * about.spacing()
                for label in (title, instruction):
                    label.ensurePolished()
                    used += label.heightForWidth(column)
                box = (
                    min(PICTURE_PX[0], column),
                    max(PICTURE_MIN_HEIGHT_PX, min(PICTURE_PX[1], height - used)),
                )
            else:
                box = (PICTURE_PX[0] * 2 // 3, PICTURE_PX[1] * 2 // 3) if compact else PICTURE_PX
            image = QLabel()
            image.setPixmap(
                picture.scaled(
                    *box,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            image.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.picture = image
        if image is not None and not two_columns:
            row = QHBoxLayout()  # one column: the picture beside the instruction
            row.addWidget(instruction, 3)
            row.addWidget(image, 2)
            about.addLayout(row)
        else:
            if request.instruction:
                about.addWidget(instruction)
            if image is not None:
                about.addWidget(image)
        if request.scans:
            layout.addWidget(self._section(self.tr("Scan")))
            grid = QGridLayout()
            for row_index, scan in enumerate(request.scans):
                label = QLabel(scan.label)
                label.setWordWrap(True)
                field = QLineEdit(typed.get(scan.scan_id, ""))
                field.setMinimumHeight(button_px)
                field.setObjectName("ScanField")
                hint = self.tr("scan or type")
                if scan.example:
                    hint = fill(self.tr("scan or type, e.g. %1"), scan.example)
                field.setPlaceholderText(hint)
                field.setEnabled(may_execute)
                button = QPushButton(self.tr("Check"))
                button.setMinimumHeight(button_px)
                button.setEnabled(may_execute)
                # Scanners type like a keyboard and end with Enter.
                field.returnPressed.connect(lambda s=scan.scan_id: self._scan(s))
                button.clicked.connect(lambda _c=False, s=scan.scan_id: self._scan(s))
                grid.addWidget(label, row_index, 0)
                grid.addWidget(field, row_index, 1)
                grid.addWidget(button, row_index, 2)
                self.scan_fields[scan.scan_id] = field
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
            layout.addLayout(grid)
        if request.confirmations:
            layout.addWidget(self._section(self.tr("Confirm")))
            for index, text in request.confirmations:
                button = WrappingButton("☐  " + text)
                button.setObjectName("ConfirmButton")
                button.setMinimumHeight(button_px)
                button.setEnabled(may_execute)
                button.clicked.connect(lambda _c=False, i=index: self._confirm(i))
                layout.addWidget(button)
                self.confirm_buttons[index] = button
        if request.entries:
            layout.addWidget(self._section(self.tr("Enter")))
            grid = QGridLayout()
            for row_index, entry in enumerate(request.entries):
                # The name over its unit and limits, beside the field: one row a finger
                # high however narrow the column.
                name = QVBoxLayout()
                name.setSpacing(0)
                label = QLabel(entry.label)
                label.setWordWrap(True)
                limits = QLabel(
                    f"{entry.unit}  "
                    + fill(self.tr("(limits %1)"), format_limits(entry.low, entry.high))
                )
                limits.setObjectName("Note")
                limits.setWordWrap(True)
                name.addWidget(label)
                name.addWidget(limits)
                field = QLineEdit(typed_entries.get(entry.entry_id, ""))
                field.setMinimumHeight(button_px)
                field.setValidator(QDoubleValidator(field))
                field.setPlaceholderText(format_limits(entry.low, entry.high, entry.unit))
                field.setEnabled(may_execute)
                button = QPushButton(self.tr("Record"))
                button.setMinimumHeight(button_px)
                button.setEnabled(may_execute)
                field.returnPressed.connect(lambda e=entry.entry_id: self._enter(e))
                button.clicked.connect(lambda _c=False, e=entry.entry_id: self._enter(e))
                grid.addLayout(name, row_index, 0)
                grid.addWidget(field, row_index, 1)
                grid.addWidget(button, row_index, 2)
                self.entry_fields[entry.entry_id] = field
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
            layout.addLayout(grid)
        signed_here = [s for s in self.signatures if s.record_id.endswith("/" + request.step)]
        if request.signatures or signed_here:
            layout.addWidget(self._section(self.tr("Sign")))
            for signature in signed_here:
                done = QLabel("✔  " + manifestation(signature))
                done.setWordWrap(True)
                layout.addWidget(done)
            for order, pending in enumerate(request.signatures):
                text = fill(self.tr("Sign as %1"), signature_meaning(pending.meaning).upper())
                if pending.roles:
                    text += "  (" + ", ".join(role_name(r) for r in pending.roles) + ")"
                button = WrappingButton(text)
                button.setObjectName("Primary" if order == 0 else "")
                button.setMinimumHeight(button_px)
                # Work first, then signatures one at a time in recipe order.
                button.setEnabled(may_execute and order == 0 and not request.work_pending)
                button.clicked.connect(lambda _c=False, m=pending.meaning: self._sign(m))
                layout.addWidget(button)
                self.sign_buttons[pending.meaning] = button
            if request.work_pending and request.signatures:
                note = QLabel(self.tr("Finish the scans, confirmations and entries to sign."))
                note.setObjectName("Note")
                note.setWordWrap(True)
                layout.addWidget(note)
        about.addStretch(1)
        layout.addStretch(1)
        columns.addLayout(about, 2 if two_columns else 0)  # two fifths: see the picture's box
        columns.addWidget(work_widget, 3 if two_columns else 1)
        self.work = work_widget
        self.scroll.setWidget(content)
        self._content = content
        first = next(iter(self.scan_fields.values()), None)
        if first is not None and may_execute:
            first.setFocus()  # the scanner's keystrokes land in the first scan field

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("SectionTitle")
        return label

    # -- actions --------------------------------------------------------------------------

    async def _call(self, method: str, *args: Any) -> bool:
        """Send one manual-step command to the engine; False (and the reason shown) when
        refused."""
        request = self.request
        if request is None:
            return False
        station = self.bridge.core.station
        call: Coroutine[Any, Any, Any] = station.call_batches(
            method, request.batch_id, self.bridge.actor, *args, step=request.step
        )
        try:
            await self.bridge.run(call)
        except (BatchError, PermissionDenied) as exc:
            if alive(self):
                refuse(self.message, str(exc))
            return False
        if not alive(self):
            return False
        refuse(self.message, "")
        self.acted.emit()
        return True

    @asyncSlot()
    async def _scan(self, scan_id: str) -> None:
        field = self.scan_fields.get(scan_id)
        if field is None:
            return
        value = field.text().strip()
        if not value:
            refuse(self.message, self.tr("Scan the barcode first."))
            return
        if not await self._call("scan", scan_id, value) and alive(field):
            field.selectAll()  # the next scan replaces the refused one

    @asyncSlot()
    async def _confirm(self, index: int) -> None:
        await self._call("confirm", index)

    @asyncSlot()
    async def _enter(self, entry_id: str) -> None:
        field = self.entry_fields.get(entry_id)
        if field is None:
            return
        text = field.text().strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            refuse(self.message, self.tr("Enter a number."))
            return
        if not await self._call("enter", entry_id, value) and alive(field):
            field.selectAll()

    @asyncSlot()
    async def _sign(self, meaning: str) -> None:
        request = self.request
        if request is None:
            return
        station = self.bridge.core.station
        try:
            record = await self.bridge.run(
                station.call_batches("signature_record", request.batch_id, meaning)
            )
        except BatchError as exc:
            if alive(self):
                refuse(self.message, str(exc))
            return
        if not alive(self):
            return

        async def sign(user_id: str, password: str) -> Signature:
            return await self.bridge.run(
                station.sign_batch_step(user_id, password, request.batch_id, meaning, request.step)
            )

        actor = self.bridge.actor
        # The performer is usually the person signed in; a verifier is a second person.
        prefill = actor.user_id if actor is not None and meaning == "performed" else ""
        self.dialog = SignatureDialog(
            record.statement, meaning, record.content_hash, sign, user_id=prefill, parent=self
        )
        self.dialog.finished.connect(self._signed)
        self.dialog.open()

    def _signed(self, result: int) -> None:
        if self.dialog is not None and self.dialog.signature is not None:
            refuse(self.message, "")
            self.acted.emit()
        self.dialog = None
