"""Batches: every open batch of this station at a glance (patient-safe identifier, recipe
and version, unit, state, current step, progress and estimated completion), a new batch
for a cartridge, and each batch in detail."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.batch import Recipe
from app.batch.errors import BatchError
from app.batch.library import RecipeLibrary
from app.batch.runtime import BatchView
from app.security import Actor, Permission, PermissionDenied, allowed
from hardware import CellShuttle
from ui import theme
from ui.bridge import CoreBridge
from ui.i18n import fill
from ui.pages.batch_detail import ABNORMAL, BatchDetailView, eta_text, state_text, unit_text
from ui.slots import asyncSlot
from ui.theme import alive, show_refusal
from ui.widgets.forms import busy, dialog_buttons, refusal_label

# The columns' English names are their keys; the header shows them translated.
# Two parts to a cell where they belong together (the batch and its patient's chain of
# identity, the recipe and where it runs, progress and estimated completion), so the
# list fits a 1280 px kiosk in every language and the current step keeps its room.
COLUMNS = (
    QT_TRANSLATE_NOOP("BatchTableModel", "Batch / CoI"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Recipe / unit"),
    QT_TRANSLATE_NOOP("BatchTableModel", "State"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Current step"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Progress / ETA"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Dev."),
)
PROGRESS_COLUMN = COLUMNS.index("Progress / ETA")
ROW_PX = 64


class BatchTableModel(QAbstractTableModel):
    """Open batches from the engine's snapshot; rows change in place, no model reset per
    refresh, so a selection or scroll position survives."""

    def __init__(self, bridge: CoreBridge) -> None:
        super().__init__()
        self.bridge = bridge
        self.views: list[BatchView] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.views)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            # "Progress / ETA" as two header lines: a header never widens its column.
            title = QCoreApplication.translate("BatchTableModel", COLUMNS[section])
            return title.replace(" / ", "\n")
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] == "Dev.":
            return self.tr("Deviations")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        view = self.views[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == Qt.ItemDataRole.UserRole:
            return view
        state_column = column == COLUMNS.index("State")
        if role == Qt.ItemDataRole.FontRole and state_column:
            font = QApplication.font()
            font.setBold(view.state in ABNORMAL or view.waiting_for_people)
            return font
        return None

    def _text(self, view: BatchView, column: int) -> str:
        name = COLUMNS[column]
        if name == "Batch / CoI":
            return f"{view.batch_id}\n{view.coi}"
        if name == "Recipe / unit":
            return f"{view.recipe_id} v{view.recipe_version}\n{unit_text(view)}"
        if name == "State":
            return state_text(view, "\n")
        if name == "Current step":
            return view.phase_name or "—"
        if name == "Progress / ETA":
            # The delegate paints the bar with the percentage above these lines.
            return eta_text(self.bridge, view, "\n")
        return str(view.deviations) if view.deviations else ""

    def update_views(self, views: tuple[BatchView, ...]) -> None:
        ordered = sorted(views, key=lambda v: (v.shuttle_id, v.bay or 0, v.batch_id))
        if [v.batch_id for v in ordered] != [v.batch_id for v in self.views]:
            self.beginResetModel()
            self.views = ordered
            self.endResetModel()
            return
        for row, view in enumerate(ordered):
            if view != self.views[row]:
                self.views[row] = view
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


class ProgressDelegate(QStyledItemDelegate):
    """A flat grey bar with the percentage (ISA-101, no colour for normal progress) and
    the estimated completion under it."""

    BAR_PX = 24

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        text = super().sizeHint(option, index)
        return QSize(max(110, text.width() + 16), text.height() + self.BAR_PX + 8)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view: BatchView = index.data(Qt.ItemDataRole.UserRole)
        cell: QRect = option.rect  # type: ignore[attr-defined]
        rect = QRect(cell.left() + 8, cell.top() + 6, cell.width() - 16, self.BAR_PX)
        eta = QRect(cell.left() + 8, rect.bottom() + 2, cell.width() - 16, 0)
        eta.setBottom(cell.bottom() - 2)
        painter.save()
        painter.setPen(theme.TEXT)
        painter.drawText(
            eta,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        theme.paint_progress(painter, rect, view.progress, labelled=True)
        painter.restore()


class NewBatchDialog(QDialog):
    """A batch for one cartridge: recipe, bay, and both identities scanned (the engine
    refuses a busy bay, a cartridge with an open batch and a recipe that is not released)."""

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.batch_id = ""
        self.setWindowTitle(self.tr("New batch"))
        self.setMinimumWidth(720)
        station = bridge.core.station
        layout = QVBoxLayout(self)
        form = QFormLayout()
        # Only what QA released on this station with exactly this content; the list is
        # read again from the files when the dialog opens (an edit since drops out).
        self.recipe = QComboBox()
        self.recipe.setMinimumHeight(64)
        self._fill_recipes(station.library)
        self.shuttle = QComboBox()
        for device_id, device in station.devices.items():
            if isinstance(device, CellShuttle):
                self.shuttle.addItem(device_id, device.bays)
        self.bay = QSpinBox()
        self.bay.setMinimumHeight(64)
        self.bay.setRange(1, 16)
        self.shuttle.currentIndexChanged.connect(
            lambda _i: self.bay.setMaximum(int(self.shuttle.currentData() or 16))
        )
        self.barcode = QLineEdit()
        self.barcode.setMinimumHeight(64)
        self.barcode.setPlaceholderText(self.tr("scan the cartridge label"))
        self.coi = QLineEdit()
        self.coi.setMinimumHeight(64)
        self.coi.setPlaceholderText(self.tr("scan the chain-of-identity label"))
        form.addRow(self.tr("Recipe"), self.recipe)
        form.addRow(self.tr("Shuttle"), self.shuttle)
        form.addRow(self.tr("Bay"), self.bay)
        form.addRow(self.tr("Cartridge"), self.barcode)
        form.addRow(self.tr("Chain of identity"), self.coi)
        layout.addLayout(form)
        self.recipe_note = QLabel(
            self.tr(
                "No recipe is released on this station: QA releases recipes on the "
                "Records page (Recipes)."
            )
        )
        self.recipe_note.setObjectName("Note")
        self.recipe_note.setWordWrap(True)
        self.recipe_note.setVisible(self.recipe.count() == 0)
        layout.addWidget(self.recipe_note)
        self.message = refusal_label()
        layout.addWidget(self.message)
        self.cancel_button, self.create_button = dialog_buttons(
            layout,
            self.tr("Cancel"),
            self.tr("Create batch"),
            on_cancel=self.reject,
            on_confirm=self.submit,
        )
        self.barcode.returnPressed.connect(self.coi.setFocus)
        self.coi.returnPressed.connect(self.submit)
        self.barcode.setFocus()
        QTimer.singleShot(0, self.reload_recipes)

    def _fill_recipes(self, library: RecipeLibrary) -> None:
        chosen = self.recipe.currentData()
        self.recipe.clear()
        for recipe in library.runnable():
            self.recipe.addItem(
                f"{recipe.name} — {recipe.id} v{recipe.version} ({recipe.content_hash[:12]})",
                (recipe.id, recipe.version, recipe.content_hash),
            )
        index = self.recipe.findData(chosen)
        if index >= 0:
            self.recipe.setCurrentIndex(index)

    @asyncSlot()
    async def reload_recipes(self) -> None:
        library = await self.bridge.run(self.bridge.core.station.refresh_recipes())
        if alive(self):
            self._fill_recipes(library)
            self.recipe_note.setVisible(self.recipe.count() == 0)

    def select_recipe(self, recipe_id: str, version: str | None = None) -> bool:
        """Choose a listed recipe (its newest listed version unless ``version``)."""
        found = [
            index
            for index in range(self.recipe.count())
            if self.recipe.itemData(index)[0] == recipe_id
            and version in (None, self.recipe.itemData(index)[1])
        ]
        if found:
            self.recipe.setCurrentIndex(found[-1])
        return bool(found)

    def chosen_recipe(self) -> Recipe | None:
        data = self.recipe.currentData()
        if not data:
            return None
        recipe_id, version, content_hash = data
        entry = self.bridge.core.station.library.entry(recipe_id, version)
        recipe = None if entry is None else entry.recipe
        return recipe if recipe is not None and recipe.content_hash == content_hash else None

    @asyncSlot()
    async def submit(self) -> None:
        station = self.bridge.core.station
        recipe = self.chosen_recipe()
        if recipe is None:
            show_refusal(self.message, self.tr("Choose a recipe."))
            return
        barcode, coi = self.barcode.text().strip(), self.coi.text().strip()
        if not barcode or not coi:
            show_refusal(
                self.message, self.tr("Scan the cartridge and the chain-of-identity label.")
            )
            return
        with busy(self, self.create_button):
            try:
                batch = await self.bridge.run(
                    station.call_batches(
                        "create_batch",
                        recipe,
                        self.bridge.actor,
                        barcode=barcode,
                        coi=coi,
                        shuttle=self.shuttle.currentText() if recipe.uses_bay else None,
                        bay=self.bay.value() if recipe.uses_bay else None,
                    )
                )
            except (BatchError, PermissionDenied) as exc:
                if alive(self):
                    show_refusal(self.message, str(exc))
                return
        if not alive(self):
            return
        self.batch_id = batch.batch_id
        self.accept()


class BatchesPage(QWidget):
    """The list of batches and, on a tap, one batch's detail."""

    batch_opened = Signal(str)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.dialog: NewBatchDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        title = QLabel(self.tr("Batches"))
        title.setObjectName("PageTitle")
        top.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("SectionTitle")
        top.addWidget(self.summary, 1)
        # Why New batch is greyed, in words beside it: a glove cannot hover for a tooltip.
        self.new_hint = QLabel()
        self.new_hint.setWordWrap(True)
        top.addWidget(self.new_hint)
        self.new_button = QPushButton("+  " + self.tr("New batch"))
        self.new_button.setMinimumHeight(64)
        self.new_button.clicked.connect(self.new_batch)
        top.addWidget(self.new_button)
        list_layout.addLayout(top)
        self.model = BatchTableModel(bridge)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Rows grow for a wrapped step or state (a handful of rows: cheap to measure).
        self.table.verticalHeader().setMinimumSectionSize(ROW_PX)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Current step"), QHeaderView.ResizeMode.Stretch)
        # The state wraps ("RUNNING" over "WAITING FOR OPERATOR") rather than widen.
        state_column = COLUMNS.index("State")
        header.setSectionResizeMode(state_column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(state_column, 190)
        self.table.clicked.connect(self._open_index)
        list_layout.addWidget(self.table, 1)
        self.empty = QLabel(
            self.tr(
                "No open batches on this station. Operators and supervisors start one with "
                "“New batch”."
            )
        )
        self.empty.setObjectName("SectionTitle")
        self.empty.setWordWrap(True)
        list_layout.addWidget(self.empty)
        self.message = refusal_label()
        list_layout.addWidget(self.message)
        self.stack.addWidget(listing)
        self.detail = BatchDetailView(bridge)
        self.detail.back.connect(self.show_list)
        self.stack.addWidget(self.detail)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        bridge.actor_changed.connect(self._actor_changed)  # bound: dropped with the page
        self._update_actions()
        self.refresh()

    def refresh(self) -> None:
        engine = self.bridge.core.station.batches
        views = engine.snapshot() if engine is not None else ()
        self.model.update_views(views)
        self.empty.setVisible(not views)
        held = sum(1 for v in views if v.state in ABNORMAL)
        waiting = sum(1 for v in views if v.waiting_for_people)
        self.summary.setText(
            "   "
            + fill(
                self.tr("%1 open · %2 waiting for operator · %3 held or stopped"),
                len(views),
                waiting,
                held,
            )
        )

    def _actor_changed(self, _actor: Actor | None) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        self.new_button.setEnabled(allowed(self.bridge.actor, Permission.BATCH_START))
        reason = (
            ""
            if self.new_button.isEnabled()
            else self.tr("Operators and supervisors start batches")
        )
        self.new_button.setToolTip(reason)
        self.new_hint.setText(reason)

    def _open_index(self, index: QModelIndex) -> None:
        view: BatchView = index.data(Qt.ItemDataRole.UserRole)
        self.open_batch(view.batch_id)

    def open_batch(self, batch_id: str) -> None:
        self.detail.show_batch(batch_id)
        self.stack.setCurrentWidget(self.detail)
        self.batch_opened.emit(batch_id)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh()

    def batch_at(self, shuttle_id: str, bay: int) -> str | None:
        engine = self.bridge.core.station.batches
        for view in engine.snapshot() if engine is not None else ():
            if view.shuttle_id == shuttle_id and view.bay == bay:
                return view.batch_id
        return None

    def new_batch(self) -> None:
        self.dialog = NewBatchDialog(self.bridge, self)
        self.dialog.accepted.connect(self._created)
        self.dialog.open()

    def _created(self) -> None:
        if self.dialog is not None and self.dialog.batch_id:
            self.refresh()
            self.open_batch(self.dialog.batch_id)
