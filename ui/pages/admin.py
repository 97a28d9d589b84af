"""Administration: user accounts for a signed-in administrator, and the station's
configuration as it runs (read-only).

Every account change goes to ``UserStore.administer`` on the core loop, which checks the
administrator, refuses a change without a reason, and writes the audit trail with the old
and new values. This page only collects what the administrator typed and shows the answer;
a refusal (weak or reused password, the last administrator, one's own account) is shown in
the dialog unchanged, and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config_audit import ConfigurationSummary
from app.records.audit import AuditError
from app.records.users import AccountError, UserInfo
from app.security import PERMISSIONS, Actor, Permission, PermissionDenied, Role
from ui import theme
from ui.bridge import CoreBridge
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.terms import role_name, station_role
from ui.theme import alive, show_refusal
from ui.widgets.forms import (
    FIELD_HEIGHT_PX,
    busy,
    dialog_buttons,
    form_label,
    refusal_label,
    touch_field,
)
from ui.widgets.row_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
# Refusals an administrator can act on; anything else is a defect and propagates.
REFUSALS = (AccountError, PermissionDenied, AuditError)


def may_manage_users(actor: Actor | None) -> bool:
    return actor is not None and actor.role in PERMISSIONS[Permission.USER_MANAGE]


def _parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


class UserTableModel(RowTableModel):
    """Every account, one row each: who, what role, whether they can sign in, how old
    their password is and when they last signed in. Never a hash."""

    COLUMNS = ("user_id", "name", "role", "status", "password", "badge", "last_sign_in")

    def __init__(self, bridge: CoreBridge, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.bridge = bridge
        self._now = now
        self.rows: list[UserInfo] = []
        self.headers = [
            self.tr("User id"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("Status"),
            self.tr("Password"),
            self.tr("Badge"),
            self.tr("Last sign-in"),
        ]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        user = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(user, column)
        # Abnormal accounts stand out by weight and words, never by colour (ISA-101).
        if role == Qt.ItemDataRole.FontRole and self._needs_attention(user, column):
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and user.status == "disabled":
            return QBrush(theme.TEXT_MUTED)
        return None

    def text(self, user: UserInfo, column: str) -> str:
        if column == "user_id":
            return user.user_id
        if column == "name":
            return user.name
        if column == "role":
            return role_name(user.role)
        if column == "status":
            return self._status_text(user)
        if column == "password":
            return self._password_text(user)
        if column == "badge":
            return self.tr("yes") if user.has_badge else self.tr("no")
        if user.last_sign_in_utc is None:
            return self.tr("never")
        return self.bridge.local_time(_parse_utc(user.last_sign_in_utc).timestamp(), True)

    def _status_text(self, user: UserInfo) -> str:
        if user.status == "locked":
            return self.tr("LOCKED (%1 failed attempts)").replace("%1", str(user.failed_attempts))
        if user.status == "disabled":
            return self.tr("disabled")
        return self.tr("active")

    def _password_text(self, user: UserInfo) -> str:
        now = self._now()
        age = (now - _parse_utc(user.password_changed_utc)).days
        left = (_parse_utc(user.password_expires_utc) - now).days
        if user.status == "disabled":
            return "—"
        if user.must_change_password:
            return self.tr("must change at sign-in")
        if _parse_utc(user.password_expires_utc) <= now:
            return self.tr("EXPIRED (%1 days old)").replace("%1", str(age))
        return (
            self.tr("%1 d old, expires in %2 d")
            .replace("%1", str(age))
            .replace("%2", str(max(left, 0)))
        )

    def _needs_attention(self, user: UserInfo, column: str) -> bool:
        if column == "status":
            return user.status == "locked"
        if column == "password" and user.status != "disabled":
            expired = _parse_utc(user.password_expires_utc) <= self._now()
            return user.must_change_password or expired
        return False


FieldKind = Literal["text", "role", "new-password", "secret", "pin"]


@dataclass(frozen=True, slots=True)
class AccountField:
    """One thing an administration dialog asks for."""

    key: str
    label: str
    kind: FieldKind = "text"
    value: str = ""
    optional: bool = False
    column: int = 0  # 0 or 1: the dialog's left or right column


ArgsBuilder = Callable[[dict[str, str]], tuple[object, ...]]


class AccountDialog(QDialog):
    """One administration command: the fields it needs, the reason (always), and the
    refusal shown in place if the store says no. Accepted once the change is recorded."""

    def __init__(
        self,
        bridge: CoreBridge,
        *,
        title: str,
        intro: str,
        command: str,
        fields: Sequence[AccountField],
        build_args: ArgsBuilder,
        confirm: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.command = command
        self._build_args = build_args
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(title)
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        if intro:
            note = QLabel(intro)
            note.setWordWrap(True)
            layout.addWidget(note)
        # Fields in up to two columns (AccountField.column), so the longest dialog with a
        # refusal showing still fits a 1280x800 panel; the reason spans both.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self._repeats: dict[str, QLineEdit] = {}
        next_row = [0, 0]

        def place(column: int, label: str, widget: QWidget) -> None:
            grid.addWidget(form_label(label), next_row[column], column * 2)
            grid.addWidget(widget, next_row[column], column * 2 + 1)
            next_row[column] += 1

        for field in fields:
            label = field.label + ("" if not field.optional else " " + self.tr("(optional)"))
            if field.kind == "role":
                combo = QComboBox()
                for role in Role:
                    combo.addItem(role_name(role), role.value)
                combo.setCurrentIndex(max(0, combo.findData(field.value or Role.OPERATOR.value)))
                combo.setMinimumHeight(FIELD_HEIGHT_PX)
                self.inputs[field.key] = combo
                place(field.column, label, combo)
                continue
            line = touch_field(field.value, secret=field.kind != "text", height=FIELD_HEIGHT_PX)
            if field.kind == "pin":
                line.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            self.inputs[field.key] = line
            place(field.column, label, line)
            if field.kind == "new-password":
                repeat = touch_field(secret=True, height=FIELD_HEIGHT_PX)
                self._repeats[field.key] = repeat
                place(field.column, self.tr("Repeat %1").replace("%1", field.label.lower()), repeat)
        if next_row[1]:
            self.setMinimumWidth(1100)
        self.reason = touch_field(height=FIELD_HEIGHT_PX)
        self.reason.setPlaceholderText(self.tr("Why: goes into the audit trail"))
        reason_row = max(next_row)
        grid.addWidget(form_label(self.tr("Reason")), reason_row, 0)
        grid.addWidget(self.reason, reason_row, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        self.message = refusal_label()
        layout.addWidget(self.message)
        self.cancel_button, self.confirm_button = dialog_buttons(
            layout,
            self.tr("Cancel"),
            confirm,
            on_cancel=self.reject,
            on_confirm=self.submit,
            height=theme.TOUCH_TARGET_PX,
        )
        self.finished.connect(self._forget_secrets)
        first = next(iter(self.inputs.values()), self.reason)
        first.setFocus()

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, widget in self.inputs.items():
            found[key] = (
                str(widget.currentData()) if isinstance(widget, QComboBox) else widget.text()
            )
        return found

    @asyncSlot()
    async def submit(self) -> None:
        for key, repeat in self._repeats.items():
            field = self.inputs[key]
            assert isinstance(field, QLineEdit)
            if field.text() != repeat.text():
                show_refusal(self.message, self.tr("The two passwords differ; type them again."))
                repeat.clear()
                repeat.setFocus()
                return
        actor = self.bridge.actor
        if not may_manage_users(actor):
            show_refusal(self.message, self.tr("Sign in as an administrator first."))
            return
        station = self.bridge.core.station
        args = self._build_args(self.values())
        with busy(self, self.confirm_button):
            try:
                await self.bridge.run(
                    station.call_users("administer", self.command, actor, self.reason.text(), *args)
                )
            except REFUSALS as exc:
                if alive(self):
                    show_refusal(self.message, str(exc))
                return
        if alive(self):
            self.accept()

    def _forget_secrets(self) -> None:
        for widget in (*self.inputs.values(), *self._repeats.values()):
            if isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Password:
                widget.clear()


def _optional(text: str) -> str | None:
    return text.strip() or None


class AdminPage(QWidget):
    """Users and the station configuration, for administrators; a plain statement of
    what is needed for everyone else."""

    sign_in_requested = Signal()
    ACTIONS = ("create", "role", "reset", "badge", "unlock", "disable", "enable")

    def __init__(
        self,
        bridge: CoreBridge,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.dialog: AccountDialog | None = None
        self.refreshes = 0
        self._select_next: str | None = None  # the account just changed, once listed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        heading = QLabel(self.tr("Administration"))
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        self.views = QStackedWidget()
        layout.addWidget(self.views, 1)
        self.locked_view = self._build_locked_view()
        self.views.addWidget(self.locked_view)
        self.tabs = QTabWidget()
        self.views.addWidget(self.tabs)
        self.model = UserTableModel(bridge, now)
        self.tabs.addTab(self._build_users_tab(), self.tr("Users"))
        self.tabs.addTab(self._build_configuration_tab(), self.tr("Station configuration"))
        bridge.actor_changed.connect(self.on_actor_changed)
        self.on_actor_changed(bridge.actor)

    # --- views -------------------------------------------------------------------------

    def _build_locked_view(self) -> QWidget:
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(20, 16, 20, 16)
        title = QLabel(self.tr("Needs an administrator"))
        title.setObjectName("SectionTitle")
        box.addWidget(title)
        self.locked_text = QLabel()
        self.locked_text.setWordWrap(True)
        box.addWidget(self.locked_text)
        self.sign_in_button = QPushButton(self.tr("Sign in as administrator"))
        self.sign_in_button.setMinimumHeight(theme.TOUCH_TARGET_PX)
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        row = QHBoxLayout()
        row.addWidget(self.sign_in_button)
        row.addStretch(1)
        box.addLayout(row)
        holder = QWidget()
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(card)
        outer.addStretch(1)
        return holder

    def _build_users_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 8, 0, 0)
        self.note = QLabel()
        self.note.setObjectName("Note")
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(FIELD_HEIGHT_PX)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        box.addWidget(self.table, 1)
        grid = QGridLayout()
        grid.setSpacing(8)
        labels = {
            "create": self.tr("New user…"),
            "role": self.tr("Change role…"),
            "reset": self.tr("Reset password…"),
            "badge": self.tr("Badge and PIN…"),
            "unlock": self.tr("Unlock…"),
            "disable": self.tr("Disable…"),
            "enable": self.tr("Enable…"),
        }
        self.buttons: dict[str, QPushButton] = {}
        for position, key in enumerate(self.ACTIONS):
            button = QPushButton(labels[key])
            button.setMinimumHeight(theme.TOUCH_TARGET_PX)
            button.clicked.connect(lambda _checked=False, k=key: self.open_action(k))
            grid.addWidget(button, position // 4, position % 4)
            self.buttons[key] = button
        box.addLayout(grid)
        return tab

    def _build_configuration_tab(self) -> QWidget:
        summary: ConfigurationSummary = self.bridge.core.station.configuration
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 8, 0, 0)
        card = QFrame()
        card.setObjectName("Card")
        form = QFormLayout(card)
        form.setContentsMargins(16, 12, 16, 12)
        form.setVerticalSpacing(6)
        minutes, seconds = divmod(summary.sign_out_after_s, 60)
        duration = (
            fill(self.tr("%1 min %2 s"), minutes, seconds)
            if seconds
            else fill(self.tr("%1 min"), minutes)
        )
        sign_out = (
            self.tr("%1 without a touch (%2 s)")
            .replace("%1", duration)
            .replace("%2", str(summary.sign_out_after_s))
        )
        alarms = (
            self.tr("%1 definitions bound to %2 alarms; %3 refused")
            .replace("%1", str(summary.alarm_definitions))
            .replace("%2", str(summary.bound_alarms))
            .replace("%3", str(summary.refused_alarm_definitions))
        )
        # app.config_audit's note for the embedded default plant, in the screen's words.
        plant_file = (
            self.tr("(not read from a file)")
            if summary.plant_file == "(not read from a file)"
            else summary.plant_file
        )
        self.configuration_values: dict[str, QLabel] = {}
        rows = (
            (
                "station",
                self.tr("Station"),
                f"{summary.station_name} ({station_role(summary.station_role)})",
            ),
            ("plant_file", self.tr("Plant file"), plant_file),
            ("file_sha256", self.tr("File sha256"), summary.file_sha256 or "—"),
            ("content_sha256", self.tr("Configuration sha256"), summary.content_sha256),
            ("alarms", self.tr("Alarm definitions"), alarms),
            ("sign_out", self.tr("Automatic sign-out"), sign_out),
            ("audit_key", self.tr("Audit key"), summary.audit_key_path),
            ("database", self.tr("Database"), summary.database_path),
        )
        for key, name, value in rows:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key.endswith("sha256"):
                label.setObjectName("Hash")
            title = QLabel(name)
            title.setObjectName("FieldName")
            form.addRow(title, label)
            self.configuration_values[key] = label
        box.addWidget(card)
        explain = QLabel(
            self.tr(
                "Read-only. The configuration sha256 covers the plant file's content and every "
                "alarm definition loaded; when it differs from the last one on record at a "
                "start, the audit trail records the change."
            )
        )
        explain.setObjectName("Note")
        explain.setWordWrap(True)
        box.addWidget(explain)
        devices_title = QLabel(self.tr("Devices (%1)").replace("%1", str(len(summary.devices))))
        devices_title.setObjectName("SectionTitle")
        box.addWidget(devices_title)
        self.devices_table = QTableWidget(len(summary.devices), 4)
        self.devices_table.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Kind"), self.tr("Name"), self.tr("Connection")]
        )
        for row, device in enumerate(summary.devices):
            for column, text in enumerate(
                (device.device_id, device.kind, device.label, device.backend)
            ):
                self.devices_table.setItem(row, column, QTableWidgetItem(text))
        self.devices_table.verticalHeader().hide()
        self.devices_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.devices_table.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.devices_table, 1)
        return tab

    # --- state ---------------------------------------------------------------------------

    def on_actor_changed(self, actor: Actor | None) -> None:
        if may_manage_users(actor):
            self.views.setCurrentWidget(self.tabs)
            self.note.setText("")
            self.refresh()
            return
        # Nothing of the accounts stays on screen once the administrator has gone.
        if self.dialog is not None:
            self.dialog.reject()
        self.model.set_rows([])
        self.views.setCurrentWidget(self.locked_view)
        if actor is None:
            self.locked_text.setText(
                self.tr(
                    "User accounts and the station configuration are managed by an "
                    "administrator. Nobody is signed in."
                )
            )
        else:
            self.locked_text.setText(
                self.tr(
                    "User accounts and the station configuration are managed by an "
                    "administrator. You are signed in as %1 (%2), which may not manage users."
                )
                .replace("%1", actor.name)
                .replace("%2", role_name(actor.role))
            )
        self.sign_in_button.setVisible(actor is None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if may_manage_users(self.bridge.actor):
            self.refresh()

    @asyncSlot()
    async def refresh(self) -> None:
        selected = self.selected_user()
        users = await self.bridge.run(self.bridge.core.station.call_users("users"))
        # The window may have closed, or the administrator signed out, while it came.
        if not alive(self) or not may_manage_users(self.bridge.actor):
            return
        self.model.set_rows(users)
        select = self._select_next or (selected.user_id if selected is not None else None)
        self._select_next = None
        if select is not None:
            self.select(select)
        self._update_buttons()
        self.refreshes += 1

    def selected_user(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.rows):
            return None
        return self.model.rows[rows[0].row()]

    def select(self, user_id: str) -> None:
        for row, user in enumerate(self.model.rows):
            if user.user_id == user_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        user = self.selected_user()
        status = None if user is None else user.status
        self.buttons["create"].setEnabled(True)
        for key in ("role", "reset", "badge"):
            self.buttons[key].setEnabled(status in ("active", "locked"))
        self.buttons["unlock"].setEnabled(status == "locked")
        self.buttons["disable"].setEnabled(status in ("active", "locked"))
        self.buttons["enable"].setEnabled(status == "disabled")

    # --- actions -------------------------------------------------------------------------

    def open_action(self, key: str) -> AccountDialog | None:
        user = self.selected_user()
        if key != "create" and user is None:
            self.note.setText(self.tr("Select a user in the list first."))
            return None
        dialog = self._dialog_for(key, user)
        self.dialog = dialog
        target = "" if user is None else user.user_id
        dialog.accepted.connect(lambda: self._done(key, target, dialog))
        dialog.open()
        return dialog

    def _done(self, key: str, user_id: str, dialog: AccountDialog) -> None:
        user_id = user_id or dialog.values().get("user_id", "").strip()
        done = {
            "create": self.tr("Account %1 created; the first password must be changed at sign-in."),
            "role": self.tr("Role of %1 changed."),
            "reset": self.tr("Password of %1 reset; it must be changed at the next sign-in."),
            "badge": self.tr("Badge of %1 updated."),
            "unlock": self.tr("%1 unlocked."),
            "disable": self.tr("%1 disabled."),
            "enable": self.tr("%1 enabled; the new first password must be changed at sign-in."),
        }[key]
        recorded = self.tr("Recorded in the audit trail.")
        self.note.setText(done.replace("%1", user_id) + " " + recorded)
        self._select_next = user_id or None
        self.refresh()

    def _dialog_for(self, key: str, user: UserInfo | None) -> AccountDialog:
        new_password = AccountField("password", self.tr("First password"), "new-password")
        uid = "" if user is None else user.user_id
        current_role = "" if user is None else user.role.value
        who = "" if user is None else f"{user.name} ({user.user_id})"
        specs: dict[str, tuple[str, str, str, list[AccountField], ArgsBuilder, str]] = {
            "create": (
                self.tr("New user"),
                self.tr(
                    "The person must change this first password at their first sign-in. "
                    "User ids are never reused. A badge needs a PIN."
                ),
                "create_user",
                [
                    AccountField("user_id", self.tr("User id")),
                    AccountField("name", self.tr("Full name")),
                    AccountField("role", self.tr("Role"), "role"),
                    AccountField("password", self.tr("First password"), "new-password", column=1),
                    AccountField("badge", self.tr("Badge"), "secret", optional=True, column=1),
                    AccountField("pin", self.tr("PIN"), "pin", optional=True, column=1),
                ],
                lambda v: (
                    v["user_id"],
                    v["name"],
                    Role(v["role"]),
                    v["password"],
                    _optional(v["badge"]),
                    _optional(v["pin"]) if _optional(v["badge"]) else None,
                ),
                self.tr("Create user"),
            ),
            "role": (
                self.tr("Change role of %1").replace("%1", who),
                self.tr("The new role applies from the person's next sign-in."),
                "set_role",
                [AccountField("role", self.tr("New role"), "role", current_role)],
                lambda v: (uid, Role(v["role"])),
                self.tr("Change role"),
            ),
            "reset": (
                self.tr("Reset password of %1").replace("%1", who),
                self.tr(
                    "Give the person this password in private; they must change it at their "
                    "next sign-in. A locked account also needs Unlock."
                ),
                "reset_password",
                [new_password],
                lambda v: (uid, v["password"]),
                self.tr("Reset password"),
            ),
            "badge": (
                self.tr("Badge and PIN of %1").replace("%1", who),
                self.tr(
                    "Scan the badge and choose a PIN with the person. Leave the badge empty to "
                    "withdraw a lost badge."
                ),
                "set_badge",
                [
                    AccountField("badge", self.tr("Badge"), "secret", optional=True),
                    AccountField("pin", self.tr("PIN"), "pin", optional=True),
                ],
                lambda v: (
                    uid,
                    _optional(v["badge"]),
                    _optional(v["pin"]) if _optional(v["badge"]) else None,
                ),
                self.tr("Save badge"),
            ),
            "unlock": (
                self.tr("Unlock %1").replace("%1", who),
                self.tr("Confirm the person's identity before unlocking."),
                "unlock",
                [],
                lambda v: (uid,),
                self.tr("Unlock"),
            ),
            "disable": (
                self.tr("Disable %1").replace("%1", who),
                self.tr(
                    "The person can no longer sign in and their badge is withdrawn. The "
                    "account stays, so records keep their name."
                ),
                "deactivate",
                [],
                lambda v: (uid,),
                self.tr("Disable"),
            ),
            "enable": (
                self.tr("Enable %1").replace("%1", who),
                self.tr(
                    "The person signs in with this first password and must change it. Issue "
                    "a badge again if they use one."
                ),
                "reactivate",
                [new_password],
                lambda v: (uid, v["password"]),
                self.tr("Enable"),
            ),
        }
        title, intro, command, fields, build, confirm = specs[key]
        return AccountDialog(
            self.bridge,
            title=title,
            intro=intro,
            command=command,
            fields=fields,
            build_args=build,
            confirm=confirm,
            parent=self,
        )
