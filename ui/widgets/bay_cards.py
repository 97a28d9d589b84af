"""BayCards: the sixteen bays of one shuttle in detail (ISA-101 level 2), painted.

Each card: bay number, equipment state in words and shape, the worst alarm's badge,
module and step, progress, and as many culture parameters as fit, each a number with an
analog indicator against its normal range. A doubtful value is hatched with its reason
and has no number and no pointer. Cards are cached as pixmaps keyed by what they show,
so a frame repaints only the cards whose text changed. Tap a card to open the bay.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QStaticText,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmView
from app.alarms.states import UNACKNOWLEDGED
from app.batch.runtime import BatchView
from hardware import ConnectionState
from hardware.catalog import bay_prefix
from ui import alarm_style, theme
from ui.bridge import CoreBridge
from ui.format import Shown, show_value
from ui.process_values import BAY_PARAMETERS, MARKED_SETPOINT, caption, read_value
from ui.widgets.analog import Indication, paint_indicator
from ui.widgets.highlight import Highlight
from ui.widgets.shuttle_board import STATE_GLYPHS, module_label, state_label

COLUMNS = 4
GAP = 6.0
PAD = 8.0
# Parameters on a card, in order; the card shows as many as fit.
CARD_PARAMETERS = BAY_PARAMETERS[:8]


@dataclass(frozen=True, slots=True)
class CardValue:
    caption: str
    unit: str
    shown: Shown
    indication: Indication | None


@dataclass(frozen=True, slots=True)
class Card:
    """What one bay's card shows; equal cards draw the same pixmap."""

    number: int
    state: str
    line: str  # module · step, or the cartridge when no module runs
    progress: float | None  # 0-1
    alarm: tuple[str, bool] | None  # (priority, unacknowledged)
    values: tuple[CardValue, ...]
    highlighted: bool
    doubt: str = ""  # why the equipment state itself cannot be trusted (shown instead)


class BayCards(QWidget):
    """All bays of one shuttle as cards; ``bay_clicked(bay)`` when one is tapped."""

    bay_clicked = Signal(int)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.device_id = ""
        self.bays = 0
        self.alarms: dict[str, AlarmView] = {}  # worst standing alarm per source
        self.tag_alarms: dict[str, AlarmView] = {}  # worst standing alarm per tag
        self.batches: dict[int, BatchView] = {}
        self.cards: list[Card] = []
        self.paints = 0
        self._highlight = Highlight(self, self.refresh)
        self.connected = True
        self._cache: dict[int, tuple[Card, QPixmap]] = {}
        self._fonts: dict[tuple[int, bool], tuple[QFont, QFontMetricsF]] = {}
        self._labels: dict[tuple[str, str, float, int], tuple[QStaticText, float]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(600, 320)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def show_shuttle(self, device_id: str, bays: int) -> None:
        self.device_id, self.bays = device_id, bays
        self._cache.clear()
        self.cards = []
        self.update()
        self.refresh()

    def highlight(self, bay: int, seconds: float = 8.0) -> None:
        self._highlight.show(bay, seconds)

    @property
    def highlighted(self) -> int:
        return self._highlight.current

    @property
    def rows(self) -> int:
        return max(1, -(-self.bays // COLUMNS))

    def card_rect(self, index: int) -> QRectF:
        width = (self.width() - GAP * (COLUMNS + 1)) / COLUMNS
        height = (self.height() - GAP * (self.rows + 1)) / self.rows
        row, column = divmod(index, COLUMNS)
        return QRectF(GAP + column * (width + GAP), GAP + row * (height + GAP), width, height)

    # -- what the cards show --------------------------------------------------------------

    def refresh(self, bays: set[int] | None = None) -> None:
        """Read ``bays`` (all when None) from the bridge's mirror; repaint only the cards
        that changed."""
        now = time.time()
        status = self.bridge.device_statuses.get(self.device_id)
        connected = status is None or status.state is ConnectionState.CONNECTED
        if connected != self.connected:
            self.connected = connected
            self.update()  # the communication-lost overlay covers every card
        if len(self.cards) != self.bays:
            self.cards = [Card(0, "", "", None, None, (), False)] * self.bays
            bays = None
        if bays is None:
            bays = set(range(1, self.bays + 1))
        for bay in bays:
            if not 1 <= bay <= self.bays:
                continue
            card = self._card(bay, now)
            if card != self.cards[bay - 1]:
                self.cards[bay - 1] = card
                self.update(self.card_rect(bay - 1).toAlignedRect())

    def _card(self, bay: int, now: float) -> Card:
        prefix = bay_prefix(self.device_id, bay)
        values = self.bridge.values
        state_sample = values.get(prefix + "process/state")
        state = str(state_sample.value) if state_sample and state_sample.value else "empty"
        state_shown = show_value(state_sample, None, now=now)
        doubt = "" if state_shown.good else state_shown.flag
        module_sample = values.get(prefix + "process/module")
        module = str(module_sample.value) if module_sample and module_sample.value else ""
        alarm = self.alarms.get(prefix[:-1])
        alarm_key = None if alarm is None else (alarm.priority.value, alarm.state in UNACKNOWLEDGED)
        if state == "empty":
            return Card(bay, state, "", None, alarm_key, (), self.highlighted == bay, doubt)
        batch = self.batches.get(bay)
        progress_sample = values.get(prefix + "process/progress")
        if batch is not None:
            line = batch.phase_name or batch.step
            progress: float | None = batch.progress
        else:
            step = values.get(prefix + "process/step")
            line = module_label(module) if module else ""
            if step is not None and step.value:
                line += f" · {step.value}"
            if not line:
                barcode = values.get(prefix + "cartridge/barcode")
                line = str(barcode.value) if barcode and barcode.value else ""
            number = progress_sample.value if progress_sample and progress_sample.is_good else None
            progress = (
                float(number) / 100.0
                if isinstance(number, int | float) and not isinstance(number, bool)
                else None
            )
        shown_values = []
        for tag in CARD_PARAMETERS:
            path = prefix + tag
            tag_alarm = self.tag_alarms.get(path)
            setpoint = MARKED_SETPOINT.get(tag)
            reading = read_value(
                self.bridge,
                path,
                state=state,
                module=module,
                setpoint_path=prefix + setpoint if setpoint else None,
                alarm=tag_alarm.priority if tag_alarm is not None else None,
                now=now,
                with_unit=False,
            )
            spec = self.bridge.spec(path)
            unit = spec.unit if spec is not None else ""
            shown_values.append(CardValue(caption(tag), unit, reading.shown, reading.indication))
        if doubt:
            line = self.tr("last known: %1").replace("%1", line)
        return Card(
            bay,
            state,
            line,
            progress,
            alarm_key,
            tuple(shown_values),
            self.highlighted == bay,
            doubt,
        )

    # -- painting ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index in range(self.bays):
            if self.card_rect(index).contains(event.position()):
                self.bay_clicked.emit(index + 1)
                return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache.clear()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, theme.BACKGROUND)
        for index, card in enumerate(self.cards):
            rect = self.card_rect(index)
            if not area.intersects(rect.toAlignedRect()):
                continue
            cached = self._cache.get(index)
            if cached is None or cached[0] != card:
                cached = (card, self._render(card, rect))
                self._cache[index] = cached
            painter.drawPixmap(rect.topLeft(), cached[1])
        if not self.connected:
            self._paint_comm_loss(painter)
        painter.end()

    def _render(self, card: Card, rect: QRectF) -> QPixmap:
        pixmap = QPixmap(max(1, int(rect.width()) + 1), max(1, int(rect.height()) + 1))
        pixmap.fill(theme.BACKGROUND)
        painter = QPainter(pixmap)
        painter.setFont(self.font())
        self._paint_card(painter, QRectF(0, 0, rect.width(), rect.height()), card)
        painter.end()
        return pixmap

    def _paint_card(self, painter: QPainter, rect: QRectF, card: Card) -> None:
        occupied = card.state != "empty"
        painter.setPen(QPen(theme.TEXT, 4) if card.state == "fault" else QPen(theme.BORDER, 1))
        painter.setBrush(theme.TILE if occupied else theme.TILE_EMPTY)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if card.highlighted:
            painter.setPen(QPen(theme.TEXT, 4, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(3, 3, -3, -3))
        inner = rect.adjusted(PAD, PAD * 0.5, -PAD, -PAD * 0.5)
        font = QFont(painter.font())
        # Line 1: number, state in words and shape, alarm badge.
        line = QRectF(inner.left(), inner.top(), inner.width(), 26)
        badge_width = 0.0
        if card.alarm is not None:
            badge = QRectF(line.right() - 46, line.top() + 2, 46, 22)
            self._paint_badge(painter, badge, card.alarm)
            badge_width = 52.0
        font.setBold(True)
        font.setPixelSize(19)
        painter.setFont(font)
        painter.setPen(theme.TEXT)
        painter.drawText(
            line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{card.number:02d}"
        )
        font.setPixelSize(15)
        font.setBold(card.state == "fault")
        painter.setFont(font)
        painter.setPen(theme.TEXT if occupied else theme.TEXT_MUTED)
        label = (
            f"▨ {card.doubt}"
            if card.doubt
            else f"{STATE_GLYPHS.get(card.state, '?')} {state_label(card.state)}"
        )
        painter.drawText(
            line.adjusted(34, 0, -badge_width, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        if not occupied:
            return
        # Line 2: module and step (or batch step), progress.
        y = line.bottom()
        font.setBold(False)
        font.setPixelSize(14)
        painter.setFont(font)
        painter.setPen(theme.TEXT)
        percent = "" if card.progress is None else f"{round(card.progress * 100)} %"
        percent_width = painter.fontMetrics().horizontalAdvance("100 %") + 6 if percent else 0
        text_rect = QRectF(inner.left(), y, inner.width() - percent_width, 20)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                card.line, Qt.TextElideMode.ElideRight, int(text_rect.width())
            ),
        )
        if percent:
            painter.drawText(
                QRectF(inner.right() - percent_width, y, percent_width, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                percent,
            )
        y += 21
        theme.paint_progress(painter, QRectF(inner.left(), y, inner.width(), 5), card.progress)
        y += 9
        self._paint_values(
            painter, QRectF(inner.left(), y, inner.width(), inner.bottom() - y), card
        )

    def _paint_values(self, painter: QPainter, area: QRectF, card: Card) -> None:
        columns = 3 if area.width() >= 380 else 2
        # Three rows of 40 px where they fit; otherwise two of 34, or of 28 on a small panel.
        cell_h = next(
            (h for h, rows in ((40.0, 3), (34.0, 2), (26.0, 2)) if area.height() >= h * rows), 26.0
        )
        rows = int(area.height() // cell_h)
        if rows <= 0:
            return
        cell_w = (area.width() - 8 * (columns - 1)) / columns
        for index, value in enumerate(card.values[: rows * columns]):
            row, column = divmod(index, columns)
            cell = QRectF(
                area.left() + column * (cell_w + 8), area.top() + row * cell_h, cell_w, cell_h - 3
            )
            self._paint_value(painter, cell, value)

    def _font(self, pixels: int, bold: bool = False) -> tuple[QFont, QFontMetricsF]:
        """A font and its metrics, built once per size: building them per value per paint
        cost more than drawing the text."""
        key = (pixels, bold)
        found = self._fonts.get(key)
        if found is None:
            font = QFont(self.font())
            font.setPixelSize(pixels)
            font.setBold(bold)
            found = self._fonts[key] = (font, QFontMetricsF(font))
        return found

    def _fitting(
        self, text: str, width: float, pixels: int, bold: bool
    ) -> tuple[QFont, QFontMetricsF, float]:
        """The largest font up to ``pixels`` in which ``text`` fits ``width`` (a clipped
        number, a lost minus sign or leading digit, would be a wrong reading), its
        metrics and the text's width in it."""
        font, metrics = self._font(pixels, bold)
        advance = metrics.horizontalAdvance(text)
        while advance > width and pixels > 9:
            pixels = max(9, min(pixels - 1, int(pixels * width / advance)))
            font, metrics = self._font(pixels, bold)
            advance = metrics.horizontalAdvance(text)
        return font, metrics, advance

    def _draw_right(
        self, painter: QPainter, rect: QRectF, text: str, pixels: int, bold: bool
    ) -> None:
        """Right-aligned, vertically centred text, placed by hand: drawing at a point
        skips the layout pass that a rectangle and alignment flags cost every time."""
        font, metrics, advance = self._fitting(text, rect.width(), pixels, bold)
        painter.setFont(font)
        baseline = rect.center().y() + (metrics.ascent() - metrics.descent()) / 2
        painter.drawText(QPointF(rect.right() - advance, baseline), text)

    def _label(self, value: CardValue, width: float, number_px: int) -> tuple[QStaticText, float]:
        """The caption, with the unit when a typical number still fits at full size; laid
        out once (static text), since it never changes."""
        key = (value.caption, value.unit, width, number_px)
        found = self._labels.get(key)
        if found is None:
            metrics = self._font(12)[1]
            label = value.caption
            if value.unit and value.unit != value.caption:
                with_unit = f"{value.caption} {value.unit}"
                typical = self._font(number_px)[1].horizontalAdvance("-00.00")
                if metrics.horizontalAdvance(with_unit) + 8 + typical <= width:
                    label = with_unit
            static = QStaticText(label)
            static.prepare(font=self._font(12)[0])
            found = self._labels[key] = (static, metrics.horizontalAdvance(label))
        return found

    def _paint_value(self, painter: QPainter, cell: QRectF, value: CardValue) -> None:
        gauge_h = 12.0 if cell.height() >= 30 else 9.0
        text_rect = QRectF(cell.left(), cell.top(), cell.width(), cell.height() - gauge_h)
        number_px = 17 if cell.height() >= 28 else 16
        label, label_width = self._label(value, cell.width(), number_px)
        small, small_metrics = self._font(12)
        painter.setFont(small)
        painter.setPen(theme.TEXT_MUTED)
        top = text_rect.center().y() - small_metrics.height() / 2
        painter.drawStaticText(QPointF(text_rect.left(), top), label)
        value_rect = text_rect.adjusted(label_width + 6, 0, 0, 0)
        painter.setPen(theme.TEXT)
        if not value.shown.good:
            # Hatched plus the reason: unmistakably not a live reading, and no number.
            painter.fillRect(value_rect, QBrush(theme.BAD_QUALITY, Qt.BrushStyle.BDiagPattern))
            self._draw_right(painter, value_rect, value.shown.flag, 12, True)
        else:
            self._draw_right(painter, value_rect, value.shown.text, number_px, False)
        if value.indication is not None:
            gauge = QRectF(cell.left(), cell.bottom() - gauge_h, cell.width(), gauge_h)
            paint_indicator(painter, gauge, value.indication)

    def _paint_badge(self, painter: QPainter, rect: QRectF, alarm: tuple[str, bool]) -> None:
        priority = Priority(alarm[0])
        colour = alarm_style.PRIORITY_COLOR[priority]
        if alarm[1]:
            painter.fillRect(rect, colour)
            painter.setPen(alarm_style.PRIORITY_TEXT[priority])
        else:
            painter.fillRect(rect, theme.TILE)
            painter.setPen(QPen(colour, 3))
            painter.drawRect(rect)
            painter.setPen(theme.TEXT)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(16)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, alarm_style.priority_badge(priority))

    def _paint_comm_loss(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), QBrush(theme.TEXT, Qt.BrushStyle.BDiagPattern))
        font = QFont(painter.font())
        font.setPixelSize(26)
        font.setBold(True)
        painter.setFont(font)
        box = QRectF(self.rect()).adjusted(
            self.width() * 0.2, self.height() * 0.42, -self.width() * 0.2, -self.height() * 0.42
        )
        painter.fillRect(box, theme.TILE)
        painter.setPen(QPen(theme.TEXT, 3))
        painter.drawRect(box)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("COMMUNICATION LOST"))


def shown_text(shown: Shown) -> str:
    """A value as words on a label: the number, or the reason it cannot be trusted."""
    return shown.text if shown.good else f"▨ {shown.flag}"
