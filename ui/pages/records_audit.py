"""The Records page's audit trail (search, pages, verification) and signature list."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.records.audit import AuditEntry, VerifyResult
from app.records.review import AuditPage, AuditQuery, SignatureRow
from ui.bridge import CoreBridge
from ui.format import format_stored_time
from ui.i18n import fill
from ui.slots import asyncSlot
from ui.terms import role_name
from ui.theme import alive, show_refusal
from ui.widgets.forms import refusal_label, touch_datetime_field
from ui.widgets.record_table import RecordTable

PAGE_SIZE = 100
PERIODS: tuple[tuple[str, float | None], ...] = (
    (QT_TRANSLATE_NOOP("AuditTrailView", "Any time"), None),
    (QT_TRANSLATE_NOOP("AuditTrailView", "Last hour"), 3600.0),
    (QT_TRANSLATE_NOOP("AuditTrailView", "Last 24 hours"), 86_400.0),
    (QT_TRANSLATE_NOOP("AuditTrailView", "Last 7 days"), 7 * 86_400.0),
    (QT_TRANSLATE_NOOP("AuditTrailView", "Last 30 days"), 30 * 86_400.0),
    (QT_TRANSLATE_NOOP("AuditTrailView", "Between…"), -1.0),
)


def local_time(bridge: CoreBridge, utc: str | None) -> str:
    """A stored UTC time (ISO text) in the site's time zone, as people read it."""
    return format_stored_time(utc, bridge.zone)


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def say(label: QLabel, text: str) -> None:
    """A refusal or warning in its frame, or nothing at all (the label takes no room)."""
    show_refusal(label, text)
    label.setVisible(bool(text))


class AuditTrailView(QWidget):
    """The audit trail, newest first, a page at a time: who, what, when, old and new
    value, why; filtered by person, object, action and time; verified on request."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.page: AuditPage | None = None
        self.offset = 0
        self.verify_result: VerifyResult | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        filters = QHBoxLayout()
        self.user_field = QLineEdit()
        self.user_field.setPlaceholderText(self.tr("User (id or name)"))
        self.target_field = QLineEdit()
        self.target_field.setPlaceholderText(self.tr("Object contains… (batch, tag, user)"))
        self.action_field = QLineEdit()
        self.action_field.setPlaceholderText(self.tr("Action contains…"))
        self.period = QComboBox()
        for label, seconds in PERIODS:
            self.period.addItem(self.tr(label), seconds)
        for widget, stretch in (
            (self.user_field, 2),
            (self.target_field, 3),
            (self.action_field, 2),
            (self.period, 2),
        ):
            widget.setMinimumHeight(64)
            filters.addWidget(widget, stretch)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("Primary")
        self.search_button.setMinimumHeight(64)
        filters.addWidget(self.search_button)
        layout.addLayout(filters)
        between = QHBoxLayout()
        now = QDateTime.currentDateTime()
        self.since_edit = touch_datetime_field(now.addDays(-1))
        self.until_edit = touch_datetime_field(now.addSecs(3600))
        self.between_labels = [QLabel(self.tr("From")), QLabel(self.tr("to"))]
        for label, edit in zip(
            self.between_labels, (self.since_edit, self.until_edit), strict=True
        ):
            between.addWidget(label)
            between.addWidget(edit, 1)
        between.addStretch(1)
        layout.addLayout(between)
        self._between_widgets = [*self.between_labels, self.since_edit, self.until_edit]
        self.table = RecordTable(
            [
                self.tr("#"),
                self.tr("When / who"),
                self.tr("Action / object"),
                self.tr("Old → new"),
                self.tr("Why"),
            ],
            {1: 3, 2: 4, 3: 3, 4: 3},
        )
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.newer_button = QPushButton("◀  " + self.tr("Newer"))
        self.older_button = QPushButton(self.tr("Older") + "  ▶")
        self.position = QLabel()
        self.position.setObjectName("Note")
        self.verify_button = QPushButton(self.tr("Verify audit trail"))
        for button in (self.newer_button, self.older_button, self.verify_button):
            button.setMinimumHeight(64)
        bottom.addWidget(self.newer_button)
        bottom.addWidget(self.position, 1)
        bottom.addWidget(self.older_button)
        bottom.addSpacing(24)
        bottom.addWidget(self.verify_button)
        layout.addLayout(bottom)
        self.verify_label = refusal_label(hidden=True)
        layout.addWidget(self.verify_label)
        self.search_button.clicked.connect(lambda: self.search(0))
        for field in (self.user_field, self.target_field, self.action_field):
            field.returnPressed.connect(lambda: self.search(0))
        self.newer_button.clicked.connect(lambda: self.search(max(0, self.offset - PAGE_SIZE)))
        self.older_button.clicked.connect(lambda: self.search(self.offset + PAGE_SIZE))
        self.verify_button.clicked.connect(self.verify)
        self.period.currentIndexChanged.connect(self._period_changed)
        self._period_changed()
        self._shown_once = False

    def showEvent(self, event: Any) -> None:
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, lambda: self.search(0))
        super().showEvent(event)

    def _period_changed(self) -> None:
        custom = self.period.currentData() == -1.0
        for widget in self._between_widgets:
            widget.setVisible(custom)

    def query(self, offset: int = 0) -> AuditQuery:
        seconds = self.period.currentData()
        since = until = None
        if seconds == -1.0:
            since = self.since_edit.dateTime().toPython().astimezone()
            until = self.until_edit.dateTime().toPython().astimezone()
        elif seconds is not None:
            since = datetime.now().astimezone() - timedelta(seconds=float(seconds))
        return AuditQuery(
            user=self.user_field.text(),
            target=self.target_field.text(),
            action=self.action_field.text(),
            since=since,
            until=until,
            offset=offset,
            limit=PAGE_SIZE,
        )

    @asyncSlot()
    async def search(self, offset: int = 0) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            page: AuditPage = await self.bridge.run(
                self.bridge.core.station.call_records("search_audit", self.query(offset))
            )
        finally:
            self._loading = False
        if alive(self):  # the window may have closed while the core answered
            self.show_page(page)

    def show_page(self, page: AuditPage) -> None:
        self.page, self.offset = page, page.offset
        self.table.fill([self._row(entry) for entry in page.entries])
        first = page.offset + 1 if page.entries else 0
        last = page.offset + len(page.entries)
        self.position.setText(
            self.tr("Entries %1 to %2 of %3, newest first")
            .replace("%1", str(first))
            .replace("%2", str(last))
            .replace("%3", str(page.total))
        )
        self.newer_button.setEnabled(page.offset > 0)
        self.older_button.setEnabled(last < page.total)

    def _row(self, entry: AuditEntry) -> tuple[str, ...]:
        change = " → ".join(
            text for text in (_value(entry.old_value), _value(entry.new_value)) if text
        )
        who = (
            entry.user_name
            if entry.role == "system"
            else f"{entry.user_name} ({entry.user_id}, {role_name(entry.role)})"
        )
        return (
            str(entry.seq),
            f"{local_time(self.bridge, entry.utc)}\n{who}",
            f"{entry.action}\n{entry.target}",
            change,
            entry.reason,
        )

    @asyncSlot()
    async def verify(self) -> None:
        self.verify_button.setEnabled(False)
        say(self.verify_label, "")
        self.verify_label.setText(self.tr("Verifying the whole audit trail…"))
        self.verify_label.show()
        try:
            result: VerifyResult = await self.bridge.run(
                self.bridge.core.station.call_records("verify_audit")
            )
        finally:
            if alive(self):
                self.verify_button.setEnabled(True)
        if not alive(self):
            return
        self.verify_result = result
        if result.ok:
            # Intact is normal: said plainly, without the refusal frame.
            say(self.verify_label, "")
            self.verify_label.show()
            intact = (
                self.tr("Audit trail intact: %1 entries, hash chain, seals and end checked")
                if result.tail_checked
                else self.tr(
                    "Audit trail intact: %1 entries, hash chain and seals checked (end not checked)"
                )
            )
            self.verify_label.setText("✔ " + fill(intact, result.checked))
        else:
            say(
                self.verify_label,
                "✖ "
                + self.tr("AUDIT TRAIL BROKEN at entry %1: %2")
                .replace("%1", str(result.first_broken_seq))
                .replace("%2", result.problem),
            )


class SignaturesView(QWidget):
    """Every electronic signature of the station, newest first, with its check."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.rows: list[SignatureRow] = []
        self.offset = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("SectionTitle")
        top.addWidget(self.summary, 1)
        self.newer_button = QPushButton("◀  " + self.tr("Newer"))
        self.older_button = QPushButton(self.tr("Older") + "  ▶")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        for button in (self.newer_button, self.older_button, self.refresh_button):
            button.setMinimumHeight(64)
            top.addWidget(button)
        layout.addLayout(top)
        self.table = RecordTable(
            [
                self.tr("#"),
                self.tr("Signature (printed name, meaning, UTC)"),
                self.tr("Check"),
                self.tr("Record"),
                self.tr("Statement"),
            ],
            {1: 4, 2: 3, 3: 3, 4: 4},
        )
        layout.addWidget(self.table, 1)
        self.newer_button.clicked.connect(lambda: self.load(max(0, self.offset - PAGE_SIZE)))
        self.older_button.clicked.connect(lambda: self.load(self.offset + PAGE_SIZE))
        self.refresh_button.clicked.connect(lambda: self.load(self.offset))

    def showEvent(self, event: Any) -> None:
        QTimer.singleShot(0, self, lambda: self.load(self.offset))
        super().showEvent(event)

    @asyncSlot()
    async def load(self, offset: int = 0) -> None:
        rows: list[SignatureRow] = await self.bridge.run(
            self.bridge.core.station.call_records("signature_rows", offset, PAGE_SIZE)
        )
        if not alive(self):
            return
        self.rows, self.offset = rows, offset
        table_rows = []
        for row in rows:
            check = row.check
            if check.status == "verified":
                checked = {
                    "seal and content": self.tr("seal and content"),
                    "seal": self.tr("seal"),
                }.get(row.checked, row.checked)
                verdict = "✔ " + fill(self.tr("verified (%1)"), checked)
            elif check.status == "failed":
                verdict = "✖ " + fill(self.tr("FAILED: %1"), check.problem)
            else:
                verdict = self.tr("not checked")
            table_rows.append(
                (
                    str(check.signature_id),
                    f"{check.manifestation}\n{role_name(check.role)}",
                    verdict,
                    f"{check.record_type}\n{check.record_id}",
                    check.statement,
                )
            )
        failing = {r for r, row in enumerate(rows) if row.check.status == "failed"}
        self.table.fill(table_rows, bold=failing)
        failed = sum(1 for row in rows if row.check.status == "failed")
        self.summary.setText(
            fill(self.tr("%1 signatures shown"), len(rows))
            + (" · ✖ " + fill(self.tr("%1 FAIL verification"), failed) if failed else "")
        )
        self.newer_button.setEnabled(offset > 0)
        self.older_button.setEnabled(len(rows) == PAGE_SIZE)
