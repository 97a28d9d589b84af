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
from PySide6.QtGui import QDoubleValidator, QPixmap
from PySide6.QtWidgets import (
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
from ui.theme import alive, show_refusal
from ui.widgets.forms import refusal_label
from ui.widgets.signature_dialog import SignatureDialog

BUTTON_PX = 72


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
        self.message = refusal_label()
        outer.addWidget(self.message)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        self._content = QWidget()
        self.scroll.setWidget(self._content)
        self._shown: tuple[object, ...] | None = None

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
            show_refusal(self.message, "")
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
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        request = self.request
        if request is None:
            note = QLabel(self.tr("Nothing to do by hand in this step."))
            note.setObjectName("SectionTitle")
            layout.addWidget(note)
            layout.addStretch(1)
            self.scroll.setWidget(content)
            self._content = content
            return
        actor = self.bridge.actor
        may_execute = actor is not None and allowed(actor, Permission.BATCH_EXECUTE)
        title = QLabel(request.phase_name)
        title.setObjectName("StepTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        if not may_execute:
            note = QLabel(
                self.tr("Sign in to work this step.")
                if actor is None
                else self.tr("Your role cannot work batch steps.")
            )
            note.setObjectName("SectionTitle")
            layout.addWidget(note)
        instruction = QLabel(flowing_text(request.instruction))
        instruction.setObjectName("Instruction")
        instruction.setWordWrap(True)
        picture = recipe_picture(request.picture)
        if picture is not None:
            row = QHBoxLayout()
            row.addWidget(instruction, 3)
            image = QLabel()
            image.setPixmap(
                picture.scaled(
                    320,
                    240,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            image.setAlignment(Qt.AlignmentFlag.AlignTop)
            row.addWidget(image, 2)
            layout.addLayout(row)
        elif request.instruction:
            layout.addWidget(instruction)
        if request.scans:
            layout.addWidget(self._section(self.tr("Scan")))
            grid = QGridLayout()
            for row_index, scan in enumerate(request.scans):
                label = QLabel(scan.label)
                label.setWordWrap(True)
                field = QLineEdit(typed.get(scan.scan_id, ""))
                field.setMinimumHeight(BUTTON_PX)
                field.setObjectName("ScanField")
                hint = self.tr("scan or type")
                if scan.example:
                    hint = fill(self.tr("scan or type, e.g. %1"), scan.example)
                field.setPlaceholderText(hint)
                field.setEnabled(may_execute)
                button = QPushButton(self.tr("Check"))
                button.setMinimumHeight(BUTTON_PX)
                button.setEnabled(may_execute)
                # Scanners type like a keyboard and end with Enter.
                field.returnPressed.connect(lambda s=scan.scan_id: self._scan(s))
                button.clicked.connect(lambda _c=False, s=scan.scan_id: self._scan(s))
                grid.addWidget(label, row_index, 0)
                grid.addWidget(field, row_index, 1)
                grid.addWidget(button, row_index, 2)
                self.scan_fields[scan.scan_id] = field
            grid.setColumnStretch(1, 1)
            layout.addLayout(grid)
        if request.confirmations:
            layout.addWidget(self._section(self.tr("Confirm")))
            for index, text in request.confirmations:
                button = QPushButton("☐  " + text)
                button.setObjectName("ConfirmButton")
                button.setMinimumHeight(BUTTON_PX)
                button.setEnabled(may_execute)
                button.clicked.connect(lambda _c=False, i=index: self._confirm(i))
                layout.addWidget(button)
                self.confirm_buttons[index] = button
        if request.entries:
            layout.addWidget(self._section(self.tr("Enter")))
            grid = QGridLayout()
            for row_index, entry in enumerate(request.entries):
                label = QLabel(entry.label)
                label.setWordWrap(True)
                field = QLineEdit(typed_entries.get(entry.entry_id, ""))
                field.setMinimumHeight(BUTTON_PX)
                field.setValidator(QDoubleValidator(field))
                field.setPlaceholderText(format_limits(entry.low, entry.high, entry.unit))
                field.setEnabled(may_execute)
                unit = QLabel(
                    f"{entry.unit}   "
                    + fill(self.tr("(limits %1)"), format_limits(entry.low, entry.high))
                )
                button = QPushButton(self.tr("Record"))
                button.setMinimumHeight(BUTTON_PX)
                button.setEnabled(may_execute)
                field.returnPressed.connect(lambda e=entry.entry_id: self._enter(e))
                button.clicked.connect(lambda _c=False, e=entry.entry_id: self._enter(e))
                grid.addWidget(label, row_index, 0)
                grid.addWidget(field, row_index, 1)
                grid.addWidget(unit, row_index, 2)
                grid.addWidget(button, row_index, 3)
                self.entry_fields[entry.entry_id] = field
            grid.setColumnStretch(1, 1)
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
                button = QPushButton(text)
                button.setObjectName("Primary" if order == 0 else "")
                button.setMinimumHeight(BUTTON_PX)
                # Work first, then signatures one at a time in recipe order.
                button.setEnabled(may_execute and order == 0 and not request.work_pending)
                button.clicked.connect(lambda _c=False, m=pending.meaning: self._sign(m))
                layout.addWidget(button)
                self.sign_buttons[pending.meaning] = button
            if request.work_pending and request.signatures:
                note = QLabel(self.tr("Finish the scans, confirmations and entries to sign."))
                note.setObjectName("Note")
                layout.addWidget(note)
        layout.addStretch(1)
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
                show_refusal(self.message, str(exc))
            return False
        if not alive(self):
            return False
        show_refusal(self.message, "")
        self.acted.emit()
        return True

    @asyncSlot()
    async def _scan(self, scan_id: str) -> None:
        field = self.scan_fields.get(scan_id)
        if field is None:
            return
        value = field.text().strip()
        if not value:
            show_refusal(self.message, self.tr("Scan the barcode first."))
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
            show_refusal(self.message, self.tr("Enter a number."))
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
                show_refusal(self.message, str(exc))
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
            show_refusal(self.message, "")
            self.acted.emit()
        self.dialog = None
