"""The password change dialog: the signed-in person changes their own password from the
header's menu, and anyone whose password expired or was set by an administrator must
change it here before their sign-in goes on."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.records.audit import AuditError
from app.records.users import AccountError, PasswordPolicy
from ui.bridge import CoreBridge
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.theme import TOUCH_TARGET_PX, alive, show_refusal
from ui.widgets.forms import busy, dialog_buttons, form_label, refusal_label, touch_field


class PasswordChangeDialog(QDialog):
    """Change the password of ``user_id``.

    ``why`` says why the change is forced (shown first), ``current_password`` is the one the
    person just typed to sign in (so they are not asked again), and ``sign_in_after`` signs
    them in with the new password once it is set."""

    def __init__(
        self,
        bridge: CoreBridge,
        user_id: str,
        *,
        why: str = "",
        current_password: str | None = None,
        sign_in_after: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.user_id = user_id
        self._current_password = current_password
        self._sign_in_after = sign_in_after
        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        title = QLabel(self.tr("Change password for %1").replace("%1", user_id))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        self.why = QLabel(why)
        self.why.setWordWrap(True)
        self.why.setObjectName("SectionTitle")
        self.why.setVisible(bool(why))
        layout.addWidget(self.why)
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 12)
        users = bridge.core.station.users
        policy = users.policy if users is not None else PasswordPolicy()
        # The policy's own sentence (PasswordPolicy.describe) in the screen's language.
        self.rules = QLabel(
            fill(
                self.tr(
                    "At least %1 characters with a letter and a digit, not your user id, and "
                    "none of your last %2 passwords. Passwords expire after %3 days."
                ),
                policy.min_length,
                policy.history,
                policy.max_age_days,
            )
        )
        self.rules.setWordWrap(True)
        box.addWidget(self.rules)
        layout.addWidget(card)
        form = QFormLayout()
        self.current = touch_field(secret=True)
        self.new = touch_field(secret=True)
        self.repeat = touch_field(secret=True)
        if current_password is None:
            form.addRow(form_label(self.tr("Current password"), TOUCH_TARGET_PX), self.current)
        else:
            self.current.hide()
        form.addRow(form_label(self.tr("New password"), TOUCH_TARGET_PX), self.new)
        form.addRow(form_label(self.tr("Repeat new password"), TOUCH_TARGET_PX), self.repeat)
        layout.addLayout(form)
        self.message = refusal_label()
        layout.addWidget(self.message)
        self.cancel_button, self.change_button = dialog_buttons(
            layout,
            self.tr("Cancel"),
            self.tr("Change password"),
            on_cancel=self.reject,
            on_confirm=self.submit,
            height=TOUCH_TARGET_PX,
        )
        self.change_button.setDefault(True)
        self.current.returnPressed.connect(self.new.setFocus)
        self.new.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.submit)
        (self.new if current_password is not None else self.current).setFocus()
        self.finished.connect(self._forget_secrets)

    @asyncSlot()
    async def submit(self) -> None:
        current = self._current_password or self.current.text()
        new = self.new.text()
        if not current:
            show_refusal(self.message, self.tr("Enter your current password."))
            return
        if new != self.repeat.text():
            show_refusal(self.message, self.tr("The two new passwords differ; type them again."))
            self.repeat.clear()
            return
        station = self.bridge.core.station
        with busy(self, self.change_button):
            try:
                await self.bridge.run(
                    station.call_users("change_password", self.user_id, current, new)
                )
                if self._sign_in_after:
                    actor = await self.bridge.run(station.call_users("sign_in", self.user_id, new))
                    self.bridge.set_actor(actor)
            except (AccountError, AuditError) as exc:
                if alive(self):
                    show_refusal(self.message, str(exc))
                    self.new.clear()
                    self.repeat.clear()
                    self.new.setFocus()
                return
        if alive(self):
            self.accept()

    def _forget_secrets(self) -> None:
        self._current_password = None
        for field in (self.current, self.new, self.repeat):
            field.clear()
