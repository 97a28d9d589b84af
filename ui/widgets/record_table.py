"""A read-only table for records that always fits its width: short columns take what
their content needs, long ones share the rest by weight and wrap, so nothing important
hides behind a sideways scroll on a 1280 px kiosk. Rows are tall enough for a glove."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ui.theme import TOUCH_TARGET_PX

ROW_PX = TOUCH_TARGET_PX  # a row is tapped to open it
MIN_SHARED_PX = 120


class RecordTable(QTableWidget):
    """``weights`` maps the columns that share the free width to their share; every other
    column is sized to its content. ``fill`` replaces the rows only when they changed."""

    def __init__(
        self,
        headers: Sequence[str],
        weights: Mapping[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(headers), parent)
        self.weights = dict(weights)
        self.rows: list[tuple[str, ...]] = []
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setMinimumSectionSize(ROW_PX)
        self.verticalHeader().setDefaultSectionSize(ROW_PX)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def fill(self, rows: Sequence[Sequence[str]], bold: set[int] | None = None) -> None:
        as_tuples = [tuple(row) for row in rows]
        if as_tuples == self.rows and self.rowCount() == len(as_tuples):
            return
        self.rows = as_tuples
        self.setRowCount(len(as_tuples))
        for r, row in enumerate(as_tuples):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                if bold and r in bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(r, c, item)
        self.fit()

    def fit(self) -> None:
        fixed = 0
        for column in range(self.columnCount()):
            if column not in self.weights:
                self.resizeColumnToContents(column)
                fixed += self.columnWidth(column)
        free = max(0, self.viewport().width() - fixed)
        total = sum(self.weights.values()) or 1
        for column, weight in self.weights.items():
            self.setColumnWidth(column, max(MIN_SHARED_PX, free * weight // total))
        self.resizeRowsToContents()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()
