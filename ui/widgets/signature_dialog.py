"""The electronic signature dialog (21 CFR 11.50, 11.200): the signer reads what they
sign and what their signature means, then re-authenticates with user id and password.

The dialog does not know what is signed: the caller passes a ``sign(user_id, password)``
coroutine function that authenticates, binds the signature to the record and returns the
Signature. Any refusal (wrong password, locked account, the same person twice, a role
that may not sign) is shown in the dialog; nothing is recorded for a refused signature.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.batch.errors import BatchError
from app.records.signatures import MEANING_STATEMENT, Signature, SignatureRefused
from app.records.users import AccountError
from app.security import PermissionDenied
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.terms import meaning_statement, signature_meaning
from ui.theme import alive
from ui.widgets.forms import (
    busy,
    dialog_buttons,
    fit_height,
    form_label,
    refusal_label,
    touch_field,
)
from ui.widgets.value_label import refuse

SignCall = Callable[[str, str], Awaitable[Signature]]

# Refusals people can act on; anything else is a defect and propagates.
REFUSALS = (AccountError, SignatureRefused, BatchError, PermissionDenied)


class SignatureDialog(QDialog):
    """Sign one record with one meaning; ``signature`` holds the result once accepted."""

    def __init__(
        self,
        statement: str,
        meaning: str,
        content_hash: str,
        sign: SignCall,
        *,
        user_id: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sign = sign
        self.signature: Signature | None = None
        self.setWindowTitle(self.tr("Electronic signature"))
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        title = QLabel(fill(self.tr("Sign as: %1"), signature_meaning(meaning).upper()))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 12)
        what = QLabel(statement)
        what.setWordWrap(True)
        what.setObjectName("SectionTitle")
        what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(what)
        means = QLabel(meaning_statement(MEANING_STATEMENT.get(meaning, "")))
        means.setWordWrap(True)
        box.addWidget(means)
        legal = QLabel(
            self.tr(
                "Your electronic signature is the legally binding equivalent of your "
                "handwritten signature. It is recorded with your printed name, the date and "
                "time, and this meaning, and is bound to the record's content"
            )
            + f" (sha256 {content_hash[:16]}…)."
        )
        legal.setWordWrap(True)
        legal.setObjectName("Note")
        box.addWidget(legal)
        layout.addWidget(card)
        form = QFormLayout()
        self.user_id = touch_field(user_id)
        self.password = touch_field(secret=True)
        # Names centred on their fields; no empty message line between the fields and
        # the buttons (it left a gap a finger-width tall until something was refused).
        form.addRow(form_label(self.tr("User id")), self.user_id)
        form.addRow(form_label(self.tr("Password")), self.password)
        layout.addLayout(form)
        self.message = refusal_label(hidden=True)
        layout.addWidget(self.message)
        self.cancel_button, self.sign_button = dialog_buttons(
            layout,
            self.tr("Cancel"),
            self.tr("Sign"),
            on_cancel=self.reject,
            on_confirm=self.submit,
        )
        self.sign_button.setDefault(True)
        self.user_id.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        (self.password if user_id else self.user_id).setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def _refuse(self, text: str) -> None:
        refuse(self.message, text)
        fit_height(self)  # the message's lines under the fields, over nothing

    @asyncSlot()
    async def submit(self) -> None:
        user_id, password = self.user_id.text().strip(), self.password.text()
        if not user_id or not password:
            self._refuse(self.tr("Enter your user id and password to sign."))
            return
        with busy(self, self.sign_button):
            try:
                signature = await self._sign(user_id, password)
            except REFUSALS as exc:
                if not alive(self):
                    return
                self._refuse(str(exc))
                self.password.clear()
                self.password.setFocus()
                return
            finally:
                password = ""
        if not alive(self):
            return
        self.signature = signature
        self.accept()
