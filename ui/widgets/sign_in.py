"""Sign-in: user id and password, or badge scan plus PIN; and the first-run setup that
creates the station's first administrator (there is never a default password)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.records.users import AccountError, PasswordExpired
from app.security import Actor
from ui.bridge import CoreBridge
from ui.slots import asyncSlot
from ui.theme import alive
from ui.widgets.forms import touch_field
from ui.widgets.password_change import PasswordChangeDialog


class SignInDialog(QDialog):
    """Sign in by user id + password or by badge + PIN; sets the bridge's actor."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.actor: Actor | None = None
        self.password_change: PasswordChangeDialog | None = None
        self.setWindowTitle(self.tr("Sign in"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        password_tab = QWidget()
        form = QFormLayout(password_tab)
        self.user_id = touch_field()
        self.password = touch_field(secret=True)
        form.addRow(self.tr("User id"), self.user_id)
        form.addRow(self.tr("Password"), self.password)
        badge_tab = QWidget()
        badge_form = QFormLayout(badge_tab)
        self.badge = touch_field(secret=True)  # scanners type like a keyboard
        self.badge.setPlaceholderText(self.tr("Scan your badge"))
        self.pin = touch_field(secret=True)
        badge_form.addRow(self.tr("Badge"), self.badge)
        badge_form.addRow(self.tr("PIN"), self.pin)
        self.tabs.addTab(badge_tab, self.tr("Badge and PIN"))
        self.tabs.addTab(password_tab, self.tr("User id and password"))
        layout.addWidget(self.tabs)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("Note")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        for button in (self.cancel_button, self.sign_in_button):
            button.setMinimumHeight(64)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.sign_in_button.clicked.connect(self.submit)
        self.badge.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.user_id.returnPressed.connect(self.password.setFocus)

    @asyncSlot()
    async def submit(self) -> None:
        station = self.bridge.core.station
        self.sign_in_button.setEnabled(False)
        try:
            if self.tabs.currentIndex() == 0:
                call = station.call_users("sign_in_badge", self.badge.text(), self.pin.text())
            else:
                call = station.call_users("sign_in", self.user_id.text(), self.password.text())
            actor = await self.bridge.run(call)
        except PasswordExpired as exc:
            if alive(self):
                self._change_expired_password(exc)
            return
        except AccountError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            self.pin.clear()
            return
        finally:
            self.sign_in_button.setEnabled(True)
        self.actor = actor
        self.bridge.set_actor(actor)
        self.accept()

    def _change_expired_password(self, expired: PasswordExpired) -> None:
        """The credentials were right but the password must change first: the person
        chooses a new one now and is signed in with it (by badge, they confirm their
        current password once more, since they have not typed it)."""
        by_password = self.tabs.currentIndex() == 1
        dialog = PasswordChangeDialog(
            self.bridge,
            expired.user_id,
            why=str(expired),
            current_password=self.password.text() if by_password else None,
            sign_in_after=True,
            parent=self.parentWidget(),
        )
        self.password.clear()
        self.pin.clear()
        self.password_change = dialog
        dialog.finished.connect(self._after_password_change)
        self.hide()
        dialog.open()

    def _after_password_change(self, result: int) -> None:
        self.actor = self.bridge.actor
        self.done(result)


class FirstAdministratorDialog(QDialog):
    """The station's first run: create the administrator who then creates everyone else."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(self.tr("Set up this station"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This station has no users yet. Create the first administrator: they sign in "
                "to create accounts for operators, supervisors, QA and maintenance. There is no "
                "default password."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.user_id = touch_field()
        self.name = touch_field()
        self.password = touch_field(secret=True)
        self.repeat = touch_field(secret=True)
        form.addRow(self.tr("User id"), self.user_id)
        form.addRow(self.tr("Full name"), self.name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.repeat)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("Note")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        cancel = QPushButton(self.tr("Later"))
        self.create_button = QPushButton(self.tr("Create administrator"))
        for button in (cancel, self.create_button):
            button.setMinimumHeight(64)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.submit)

    @asyncSlot()
    async def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        station = self.bridge.core.station
        try:
            actor = await self.bridge.run(
                station.call_users(
                    "create_first_administrator",
                    self.user_id.text().strip(),
                    self.name.text().strip(),
                    self.password.text(),
                )
            )
        except (AccountError, ValueError) as exc:
            self.message.setText(str(exc))
            return
        self.bridge.set_actor(actor)
        self.accept()
