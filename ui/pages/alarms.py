"""Alarms: the summary (act on alarms), the history (search the journal) and the alarm
system's performance (EEMUA 191 / ISA-18.2 KPIs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmSnapshot, AlarmView
from app.alarms.history import AlarmKpis, HistoryQuery, alarm_kpis, history_csv, query_history
from app.alarms.states import STANDING, UNACKNOWLEDGED, AlarmState
from app.security import Actor
from hardware.catalog import bay_prefix
from ui import alarm_style
from ui.bridge import CoreBridge
from ui.format import format_measured, format_plain, format_stored_time
from ui.slots import asyncSlot
from ui.theme import alive
from ui.widgets.row_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
SHELVE_CHOICES_S = (900, 3600, 4 * 3600, 8 * 3600)
# The alarm text takes what the other columns leave, at least this much (two lines of it).
MESSAGE_MIN_PX = 260
CELL_PADDING_PX = 14  # a cell's text margins and grid line
HEADER_EXTRA_PX = 34  # a header's padding, frame and sort arrow
# Widest texts a number column shows on one line (a value with its unit; a limit).
SAMPLE_VALUE = "-100.00 mg/L"
SAMPLE_LIMIT = "100.00 mg/L"


def wrapped_width(metrics: QFontMetrics, texts: list[str], lines: int) -> int:
    """The narrowest width in which every text wraps into at most ``lines`` lines,
    broken only where a line may break (a space, after a '/' or '-'): no word cut."""
    if not texts:
        return 0
    full = max(metrics.horizontalAdvance(text) for text in texts) + 1
    if lines <= 1:
        return full

    def fits(width: int) -> bool:
        for text in texts:
            box = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
            if box.width() > width or box.height() > lines * metrics.lineSpacing():
                return False
        return True

    low, high = 8, full  # fits(full) holds: one line each
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return high


def _priority_words(value: str) -> str:
    """A priority as stored in the journal ("high") in the screen's language."""
    try:
        return alarm_style.priority_label(Priority(value))
    except ValueError:
        return value


def _state_words(value: str) -> str:
    """A state as stored in the journal ("LATCH_ACK") in the words the summary uses."""
    try:
        return alarm_style.state_label(AlarmState(value))
    except ValueError:
        return value


class AlarmTableModel(RowTableModel):
    """The alarms not in NORM, one row each; reset per snapshot (a few per second at
    most), which is cheaper than diffing thousands of rows during a flood."""

    COLUMNS = ("priority", "state", "time", "area", "source", "message", "value", "limit")

    def __init__(self, bridge: CoreBridge) -> None:
        super().__init__()
        self.bridge = bridge
        self.rows: list[AlarmView] = []
        self.bold_font = QApplication.font()  # unacknowledged rows; the page sets the table's
        self.bold_font.setBold(True)
        self.headers = [
            self.tr("Priority"),
            self.tr("State"),
            self.tr("Time"),
            self.tr("Area"),
            self.tr("Source"),
            self.tr("Alarm"),
            self.tr("Value"),
            self.tr("Limit"),
        ]

    def set_snapshot(self, snapshot: AlarmSnapshot) -> None:
        self.set_rows(snapshot.alarms)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        view = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(view, column)
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return self._sort_key(view, column)
        if column == "priority" and view.state in STANDING:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(alarm_style.PRIORITY_COLOR[view.priority])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(alarm_style.PRIORITY_TEXT[view.priority])
        if role == Qt.ItemDataRole.FontRole and view.state in UNACKNOWLEDGED:
            return self.bold_font
        return None

    def _text(self, view: AlarmView, column: str) -> str:
        if column == "priority":
            return f"{alarm_style.priority_badge(view.priority)} " + alarm_style.priority_label(
                view.priority
            )
        if column == "state":
            text = alarm_style.state_label(view.state)
            if view.first_out:
                text = self.tr("FIRST OUT") + " · " + text
            return text
        if column == "time":
            return self.bridge.local_time(view.activated_at or view.changed_at)
        if column == "area":
            return view.area
        if column == "source":
            return view.source
        if column == "message":
            return view.message
        if column == "value":
            return format_measured(view.value, view.unit)
        return "" if view.limit is None else f"{format_plain(view.limit)} {view.unit}".strip()

    def _sort_key(self, view: AlarmView, column: str) -> object:
        if column == "priority":
            return view.priority.rank
        if column == "time":
            return view.activated_at or view.changed_at
        if column == "state":
            return list(AlarmState).index(view.state)
        return self._text(view, column)


class AlarmFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.group_by_source = False  # during a flood: first-out first, then by source
        self.priority: Priority | None = None
        self.states: frozenset[AlarmState] | None = None
        self.area = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        if not self.group_by_source:
            return super().lessThan(left, right)
        model = self.sourceModel()
        assert isinstance(model, AlarmTableModel)
        a, b = model.rows[left.row()], model.rows[right.row()]
        return (not a.first_out, a.source, a.priority.rank, a.activated_at or 0.0) < (
            not b.first_out,
            b.source,
            b.priority.rank,
            b.activated_at or 0.0,
        )

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AlarmTableModel)
        view = model.rows[row]
        if self.priority is not None and view.priority is not self.priority:
            return False
        if self.states is not None and view.state not in self.states:
            return False
        return not self.area or view.area == self.area


class AlarmSummary(QWidget):
    """Act on alarms: acknowledge, reset, shelve, take out of service, go to equipment."""

    equipment_requested = Signal(str)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        filters = QHBoxLayout()
        self.priority_filter = QComboBox()
        self.priority_filter.addItem(self.tr("All priorities"), None)
        for priority in Priority:
            self.priority_filter.addItem(
                f"{alarm_style.priority_badge(priority)} {alarm_style.priority_label(priority)}",
                priority,
            )
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("Standing and unacknowledged"), STANDING)
        self.state_filter.addItem(self.tr("Unacknowledged only"), UNACKNOWLEDGED)
        self.state_filter.addItem(
            self.tr("Shelved, suppressed, out of service"),
            frozenset({AlarmState.SHLVD, AlarmState.DSUPR, AlarmState.OOSRV}),
        )
        self.state_filter.addItem(self.tr("Everything not normal"), None)
        self.area_filter = QComboBox()
        self.area_filter.addItem(self.tr("All areas"), "")
        for area in sorted({d.area for d in bridge.plant.shuttles if d.area}):
            self.area_filter.addItem(area, area)
        for combo in (self.priority_filter, self.state_filter, self.area_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
            filters.addWidget(combo, 1)
        self.group_button = QPushButton(self.tr("Group by source"))
        self.group_button.setCheckable(True)
        self.group_button.toggled.connect(self._set_grouping)
        filters.addWidget(self.group_button)
        layout.addLayout(filters)
        self.flood_notice = QLabel()
        self.flood_notice.setObjectName("SectionTitle")
        self.flood_notice.setWordWrap(True)
        self.flood_notice.hide()
        layout.addWidget(self.flood_notice)
        self._flooded: tuple[str, ...] = ()
        self.model = AlarmTableModel(bridge)
        self.proxy = AlarmFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.table.verticalHeader().setDefaultSectionSize(48)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(AlarmTableModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            AlarmTableModel.COLUMNS.index("message"), QHeaderView.ResizeMode.Stretch
        )
        header.setMinimumSectionSize(60)
        # Texts wrap between words onto a second line where a narrow panel needs it.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Every place an alarm can stand, so the source column is wide enough before
        # the first alarm comes; a source the plant did not name widens it when seen.
        self._sources: set[str] = {device.id for device in bridge.plant.devices}
        for shuttle in bridge.plant.shuttles:
            self._sources.update(
                bay_prefix(shuttle.id, bay).rstrip("/") for bay in range(1, shuttle.bays + 1)
            )
        self._fitted: tuple[object, ...] | None = None
        self.wrapped_columns: frozenset[str] = frozenset()
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setObjectName("Note")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        actions = QGridLayout()
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Comment (optional for acknowledge)"))
        self.comment.setMinimumHeight(56)
        actions.addWidget(self.comment, 0, 0, 1, 3)
        self.status = QLabel()
        self.status.setObjectName("Note")
        self.status.setWordWrap(True)
        actions.addWidget(self.status, 0, 3, 1, 3)
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.ack_all_button = QPushButton(self.tr("Ack all shown"))
        self.reset_button = QPushButton(self.tr("Reset latch"))
        self.shelve_button = QPushButton(self.tr("Shelve…"))
        self.service_button = QPushButton(self.tr("Out of service…"))
        self.goto_button = QPushButton(self.tr("Go to equipment"))
        for column, button in enumerate(
            (
                self.ack_button,
                self.ack_all_button,
                self.reset_button,
                self.shelve_button,
                self.service_button,
                self.goto_button,
            )
        ):
            button.setMinimumHeight(64)
            button.setMinimumWidth(120)
            actions.addWidget(button, 1, column)
        layout.addLayout(actions)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.ack_all_button.clicked.connect(self.acknowledge_shown)
        self.reset_button.clicked.connect(self.reset_selected)
        self.shelve_button.clicked.connect(self.shelve_selected)
        self.service_button.clicked.connect(self.toggle_service)
        self.goto_button.clicked.connect(self._goto)
        self._pending: AlarmSnapshot | None = bridge.alarms
        bridge.alarms_changed.connect(self.on_alarms)
        bridge.actor_changed.connect(self._actor_changed)  # bound: dropped with the page
        self._apply_filters()
        self._apply_snapshot()

    # -- data -----------------------------------------------------------------------

    def on_alarms(self, snapshot: AlarmSnapshot) -> None:
        self._pending = snapshot
        if self.isVisible():
            self._apply_snapshot()

    def showEvent(self, event: QShowEvent) -> None:
        self._apply_snapshot()
        self.fit_columns()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _column_texts(self) -> dict[str, list[str]]:
        """What each column can hold, as far as it is known before the rows come: the
        widths follow from these, not from the rows (sizing to contents measures every
        row, which in an alarm flood costs more than the rest of the frame)."""
        plant = self.bridge.plant
        # The longest sources by characters: a site has hundreds of the same shape.
        sources = sorted(self._sources, key=len, reverse=True)[:24]
        return {
            "priority": [
                f"{alarm_style.priority_badge(p)} {alarm_style.priority_label(p)}" for p in Priority
            ],
            "state": [alarm_style.state_label(state) for state in AlarmState],
            "time": [self.bridge.local_time(0.0)],
            "area": sorted({d.area for d in plant.shuttles if d.area}) or [""],
            "source": sources,
            "message": [],
            "value": [SAMPLE_VALUE],
            "limit": [SAMPLE_LIMIT],
        }

    def fit_columns(self) -> None:
        """Make the columns an operator needs (priority, state, time, source, alarm,
        value) readable at the table's width. Where every column fits on one line it
        does; on a narrower panel (1280 px) the area gives way first (the detail under
        the table names it) and state, source and value take a second line, then the
        priority too; the alarm text always has two lines. A text wraps between words
        (or after a '/' or '-'), never inside one; what still does not fit ends in '…'
        and reads whole in the detail when its row is tapped."""
        table = self.table
        table.ensurePolished()
        width = table.viewport().width()
        key = (width, len(self._sources), table.font().key())
        if width <= 0 or key == self._fitted:
            return
        self._fitted = key
        bold = QFont(table.font())
        bold.setBold(True)
        self.model.bold_font = bold
        metrics = QFontMetrics(bold)
        columns = AlarmTableModel.COLUMNS
        texts = self._column_texts()

        def needed(column: str, lines: int) -> int:
            header = metrics.horizontalAdvance(self.model.headers[columns.index(column)])
            body = wrapped_width(metrics, texts[column], lines)
            return max(header + HEADER_EXTRA_PX, body + CELL_PADDING_PX)

        plans: list[tuple[frozenset[str], frozenset[str]]] = [
            (frozenset(), frozenset()),  # (wrapped, hidden)
            (frozenset({"state", "source", "value"}), frozenset({"area"})),
            (frozenset({"priority", "state", "time", "source", "value"}), frozenset({"area"})),
        ]
        for wrapped, hidden in plans:
            widths = {
                column: needed(column, 2 if column in wrapped else 1)
                for column in columns
                if column != "message" and column not in hidden
            }
            if sum(widths.values()) + MESSAGE_MIN_PX <= width:
                break
        for index, column in enumerate(columns):
            table.setColumnHidden(index, column in hidden)
            if column in widths:
                table.setColumnWidth(index, widths[column])
        self.wrapped_columns = wrapped | {"message"}
        # Two lines of the bold text and the cell's margins; never under a touch row.
        table.verticalHeader().setDefaultSectionSize(max(48, 2 * metrics.lineSpacing() + 8))

    def _apply_snapshot(self) -> None:
        snapshot, self._pending = self._pending, None
        if snapshot is None:
            return
        selected = set(self.selected_ids())
        if snapshot.flooded_areas != self._flooded:
            if snapshot.flooded_areas and not self._flooded:
                self.group_button.setChecked(True)  # a flood starts: group it
            self._flooded = snapshot.flooded_areas
        self.flood_notice.setVisible(bool(self._flooded))
        if self._flooded:
            self.flood_notice.setText(
                self.tr(
                    "ALARM FLOOD in %1: %2 alarms, first-out at the top, grouped by source. "
                    "Nothing is dropped; every alarm is journaled."
                )
                .replace("%1", ", ".join(self._flooded))
                .replace("%2", str(len(snapshot.alarms)))
            )
        self.model.set_snapshot(snapshot)
        sources = {view.source for view in snapshot.alarms}
        if not sources <= self._sources:
            self._sources |= sources
            self.fit_columns()
        if self.proxy.group_by_source:
            # The grouping compares rows whole (first-out, source, priority, time), which
            # no single column's change tells the proxy about: sort again.
            self.proxy.invalidate()
        if selected:
            selection = self.table.selectionModel()
            for row in range(self.proxy.rowCount()):
                view = self.model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
                if view.alarm_id in selected:
                    selection.select(
                        self.proxy.index(row, 0),
                        selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                    )
        self._update_buttons()

    def _set_grouping(self, on: bool) -> None:
        self.proxy.group_by_source = on
        self.proxy.invalidate()
        self.proxy.sort(0 if not on else 4, Qt.SortOrder.AscendingOrder)

    def _apply_filters(self) -> None:
        self.proxy.priority = self.priority_filter.currentData()
        self.proxy.states = self.state_filter.currentData()
        self.proxy.area = self.area_filter.currentData() or ""
        self.proxy.invalidate()

    def visible_views(self) -> list[AlarmView]:
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            for row in range(self.proxy.rowCount())
        ]

    def selected_views(self) -> list[AlarmView]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            for row in sorted(rows)
        ]

    def selected_ids(self) -> list[str]:
        return [view.alarm_id for view in self.selected_views()]

    def _show_detail(self) -> None:
        views = self.selected_views()
        self._update_buttons()
        if len(views) != 1:
            self.detail.setText(self.tr("%1 selected").replace("%1", str(len(views))))
            return
        view = views[0]
        parts = [f"<b>{view.message}</b> — {view.source} ({view.tag or view.source})"]
        # The row's columns in full, whatever the table's width left of them.
        facts = [(self.tr("State"), alarm_style.state_label(view.state))]
        if view.area:
            facts.append((self.tr("Area"), view.area))
        facts.append((self.tr("Value"), format_measured(view.value, view.unit)))
        if view.limit is not None:
            facts.append((self.tr("Limit"), f"{format_plain(view.limit)} {view.unit}".strip()))
        parts.append(" · ".join(f"<b>{label}:</b> {text}" for label, text in facts))
        for label, text in (
            (self.tr("Cause"), view.cause),
            (self.tr("Consequence"), view.consequence),
            (self.tr("Action"), view.action),
        ):
            if text:
                parts.append(f"<b>{label}:</b> {text}")
        if view.state is AlarmState.SHLVD:
            parts.append(
                self.tr("Shelved until %1: %2")
                .replace("%1", self.bridge.local_time(view.shelved_until))
                .replace("%2", view.shelve_reason)
            )
        if view.acked_by:
            parts.append(self.tr("Acknowledged by %1").replace("%1", view.acked_by))
        self.detail.setText("<br>".join(parts))

    def _actor_changed(self, _actor: Actor | None) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        signed_in = self.bridge.actor is not None
        views = self.selected_views()
        self.ack_button.setEnabled(signed_in and any(v.state in UNACKNOWLEDGED for v in views))
        self.ack_all_button.setEnabled(
            signed_in and any(v.state in UNACKNOWLEDGED for v in self.visible_views())
        )
        self.reset_button.setEnabled(
            signed_in and len(views) == 1 and views[0].state is AlarmState.LATCH_ACK
        )
        self.shelve_button.setEnabled(signed_in and len(views) == 1)
        self.service_button.setEnabled(signed_in and len(views) == 1)
        self.goto_button.setEnabled(len(views) == 1)
        sign_in_first = self.tr("Sign in to acknowledge or shelve alarms.")
        if not signed_in:
            self.status.setText(sign_in_first)
        elif self.status.text() == sign_in_first:
            self.status.setText("")  # someone signed in: the request is answered

    # -- commands -------------------------------------------------------------------

    async def _command(self, method: str, target: str | list[str], *args: object) -> object:
        """Send a person's alarm command to the station (checked and audited there)."""
        service = self.bridge.alarm_service
        try:
            result = await self.bridge.run(
                service.command(method, target, self.bridge.actor, *args)
            )
        except Exception as exc:  # shown to the operator unchanged
            if alive(self):
                self.status.setText(str(exc))
            return None
        # None when the page went while the station answered: nothing left to show.
        return result if alive(self) else None

    @asyncSlot()
    async def acknowledge_selected(self) -> None:
        ids = [v.alarm_id for v in self.selected_views() if v.state in UNACKNOWLEDGED]
        done = await self._command("acknowledge", ids, self.comment.text())
        if done is not None:
            self.status.setText(self.tr("Acknowledged %1 alarm(s).").replace("%1", str(done)))
            self.comment.clear()

    @asyncSlot()
    async def acknowledge_shown(self) -> None:
        ids = [v.alarm_id for v in self.visible_views() if v.state in UNACKNOWLEDGED]
        done = await self._command("acknowledge", ids, self.comment.text())
        if done is not None:
            self.status.setText(self.tr("Acknowledged %1 alarm(s).").replace("%1", str(done)))

    @asyncSlot()
    async def reset_selected(self) -> None:
        views = self.selected_views()
        if len(views) == 1:
            await self._command("reset", views[0].alarm_id, self.comment.text())

    @asyncSlot()
    async def shelve_selected(self) -> None:
        views = self.selected_views()
        if len(views) != 1:
            return
        view = views[0]
        if view.state is AlarmState.SHLVD:
            await self._command("unshelve", view.alarm_id, self.comment.text())
            return
        labels = [
            self.tr("%1 minutes").replace("%1", str(s // 60))
            if s < 3600
            else self.tr("%1 hours").replace("%1", str(s // 3600))
            for s in SHELVE_CHOICES_S
        ]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Shelve alarm"), self.tr("Shelve for:"), labels, 1, False
        )
        if not ok:
            return
        reason = self.comment.text().strip()
        if not reason:
            self.status.setText(self.tr("Enter the reason for shelving in the comment field."))
            return
        await self._command(
            "shelve", view.alarm_id, float(SHELVE_CHOICES_S[labels.index(choice)]), reason
        )

    @asyncSlot()
    async def toggle_service(self) -> None:
        views = self.selected_views()
        if len(views) != 1:
            return
        view = views[0]
        if view.state is AlarmState.OOSRV:
            await self._command("return_to_service", view.alarm_id, self.comment.text())
            return
        reason = self.comment.text().strip()
        if not reason:
            self.status.setText(
                self.tr("Enter why the alarm goes out of service in the comment field.")
            )
            return
        await self._command("remove_from_service", view.alarm_id, reason)

    def _goto(self) -> None:
        views = self.selected_views()
        if len(views) == 1:
            self.equipment_requested.emit(views[0].source)


class AlarmHistory(QWidget):
    """Search the alarm journal and export what was found."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.rows: list[dict[str, object]] = []
        layout = QVBoxLayout(self)
        form = QHBoxLayout()
        self.range_choice = QComboBox()
        for label, seconds in (
            (self.tr("Last hour"), 3600),
            (self.tr("Last 8 hours"), 28800),
            (self.tr("Last 24 hours"), 86400),
            (self.tr("Last 7 days"), 604800),
            (self.tr("Everything"), 0),
        ):
            self.range_choice.addItem(label, seconds)
        self.tag_field = QLineEdit()
        self.tag_field.setPlaceholderText(self.tr("Tag or alarm contains…"))
        self.priority_choice = QComboBox()
        self.priority_choice.addItem(self.tr("All priorities"), "")
        for priority in Priority:
            self.priority_choice.addItem(alarm_style.priority_label(priority), priority.value)
        self.user_field = QLineEdit()
        self.user_field.setPlaceholderText(self.tr("User id"))
        for widget in (self.range_choice, self.tag_field, self.priority_choice, self.user_field):
            widget.setMinimumHeight(56)
            form.addWidget(widget, 1)
        self.search_button = QPushButton(self.tr("Search"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        form.addWidget(self.search_button)
        form.addWidget(self.export_button)
        layout.addLayout(form)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Alarm"),
                self.tr("Priority"),
                self.tr("Event"),
                self.tr("State"),
                self.tr("Value"),
                self.tr("User / comment"),
            ]
        )
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("Note")
        layout.addWidget(self.status)
        self.search_button.clicked.connect(self.search)
        self.export_button.clicked.connect(self.export)

    def query(self) -> HistoryQuery:
        seconds = int(self.range_choice.currentData())
        now = self.bridge.core.station.clock.now()
        return HistoryQuery(
            start=now - seconds if seconds else None,
            tag=self.tag_field.text().strip(),
            priority=self.priority_choice.currentData(),
            user=self.user_field.text().strip(),
        )

    @asyncSlot()
    async def search(self) -> None:
        station = self.bridge.core.station
        query = self.query()

        async def run() -> list[dict[str, object]]:
            assert station.db is not None
            return query_history(station.db, query)

        self.rows = await self.bridge.run(run())
        self.table.setRowCount(len(self.rows))
        for row, record in enumerate(self.rows):
            cells = (
                format_stored_time(str(record["utc"]), self.bridge.zone),
                str(record["alarm_id"]),
                _priority_words(str(record["priority"])),
                str(record["event"]),
                _state_words(str(record["state"])),
                format_measured(record["value"]),
                " · ".join(str(x) for x in (record["user_id"], record["comment"]) if x),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.status.setText(self.tr("%1 journal entries").replace("%1", str(len(self.rows))))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export alarm history"), "alarm-history.csv", "CSV (*.csv)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        path.write_text(history_csv(self.rows), encoding="utf-8")
        self.status.setText(
            self.tr("Exported %1 rows to %2")
            .replace("%1", str(len(self.rows)))
            .replace("%2", str(path))
        )


class AlarmPerformance(QWidget):
    """Alarm KPIs against the EEMUA 191 / ISA-18.2 guidance."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.period = QComboBox()
        for label, seconds in (
            (self.tr("Last hour"), 3600),
            (self.tr("Last 24 hours"), 86400),
            (self.tr("Last 7 days"), 604800),
        ):
            self.period.addItem(label, seconds)
        self.refresh_button = QPushButton(self.tr("Calculate"))
        top.addWidget(self.period, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("per_10_min", self.tr("Alarms per 10 minutes (guidance ≤ 1, max 2)")),
            ("per_hour", self.tr("Alarms per hour (guidance ≤ 6, max 12)")),
            ("peak_10_min", self.tr("Peak alarms in any 10 minutes (max 10)")),
            ("flood_percent", self.tr("Time in flood (guidance < 1 %)")),
            ("standing", self.tr("Standing alarms now")),
            ("stale", self.tr("Stale alarms, active > 24 h (guidance < 5)")),
            ("chattering", self.tr("Chattering alarms (guidance: none)")),
            ("top_10", self.tr("Top 10 most frequent (share of load)")),
            ("priority", self.tr("Priority split (guidance 80 / 15 / 5 % low / medium / high)")),
        ):
            value = QLabel("—")
            value.setWordWrap(True)
            self.fields[key] = value
            self.form.addRow(label, value)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.refresh_button.clicked.connect(self.calculate)

    @asyncSlot()
    async def calculate(self) -> None:
        station = self.bridge.core.station
        seconds = float(self.period.currentData())

        async def run() -> AlarmKpis:
            assert station.db is not None
            now = station.clock.now()
            standing = [a.activated_at or now for a in station.alarm_engine.standing() if a.active]
            if station.alarms is not None:
                station.alarms.flush()  # count what happened up to this moment
            return alarm_kpis(station.db, now - seconds, now, standing)

        self.show_kpis(await self.bridge.run(run()))

    def show_kpis(self, kpis: AlarmKpis) -> None:
        f = self.fields
        f["per_10_min"].setText(format_plain(kpis.per_10_min))
        f["per_hour"].setText(format_plain(kpis.per_hour))
        f["peak_10_min"].setText(str(kpis.peak_10_min))
        f["flood_percent"].setText(f"{format_plain(kpis.flood_percent)} %")
        f["standing"].setText(str(kpis.standing))
        f["stale"].setText(str(kpis.stale))
        f["chattering"].setText(", ".join(kpis.chattering) or self.tr("none"))
        f["top_10"].setText(
            "; ".join(f"{alarm} ({n})" for alarm, n in kpis.top_10)
            + f"  ({format_plain(kpis.top_10_share_percent)} %)"
            if kpis.top_10
            else self.tr("none")
        )
        f["priority"].setText(
            " · ".join(
                f"{_priority_words(p)} {format_plain(kpis.priority_percent[p])} % "
                f"({format_plain(kpis.priority_guidance[p])} %)"
                for p in ("low", "medium", "high", "critical")
            )
        )


class AlarmsPage(QWidget):
    equipment_requested = Signal(str)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Alarms"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.summary = AlarmSummary(bridge)
        self.history = AlarmHistory(bridge)
        self.performance = AlarmPerformance(bridge)
        self.tabs.addTab(self.summary, self.tr("Summary"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.performance, self.tr("Performance"))
        layout.addWidget(self.tabs, 1)
        self.summary.equipment_requested.connect(self.equipment_requested)
