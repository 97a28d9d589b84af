"""Fleet view for supervisors: every shuttle, QC instrument and room on the floor at once,
ranked so the unit that needs attention is first, with its alarm counts and worst state.

Works the same whether the units are simulated in-process or watched over OPC UA from
other stations' simulators or real equipment: it reads only live values, device
connection states and the alarm snapshot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.alarms.definitions import Priority
from app.alarms.engine import AlarmSnapshot
from app.alarms.states import STANDING, UNACKNOWLEDGED
from hardware import ConnectionState
from hardware.catalog import bay_prefix
from ui import alarm_style, theme
from ui.bridge import CoreBridge


@dataclass(slots=True)
class UnitSummary:
    device_id: str
    title: str
    kind: str
    area: str
    connected: bool = True
    unacknowledged: int = 0
    standing: int = 0
    worst: Priority | None = None
    worst_unacknowledged: bool = False
    running: int = 0
    faults: int = 0
    occupied: int = 0
    bays: int = 0

    def rank(self) -> tuple[int, int, int, str]:
        """Lost connection first, then worst alarm, then alarm count, then name."""
        worst = self.worst.rank if self.worst is not None else 9
        return (0 if not self.connected else 1, worst, -self.standing, self.device_id)


MAX_CARD_PX = 140.0
MIN_CARD_WIDTH_PX = 150


class FleetBoard(QWidget):
    """All units as painted cards (one widget, cheap to repaint)."""

    unit_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units: list[UnitSummary] = []
        # What each card last showed, line by line (device id -> title, state, counts).
        self.shown: dict[str, tuple[str, ...]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(600, 300)

    def _layout(self) -> tuple[int, float, float]:
        count = max(1, len(self.units))
        columns = math.ceil(math.sqrt(count * self.width() / max(1, self.height())))
        # No narrower than a card whose name still fits beside its alarm badge.
        columns = max(1, min(8, self.width() // MIN_CARD_WIDTH_PX, columns))
        rows = math.ceil(count / columns)
        # A few units must not become half-screen cards with three lines in a corner.
        return columns, self.width() / columns, min(MAX_CARD_PX, self.height() / max(1, rows))

    def card_rect(self, index: int) -> QRectF:
        columns, width, height = self._layout()
        row, column = divmod(index, columns)
        return QRectF(column * width + 3, row * height + 3, width - 6, height - 6)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index, unit in enumerate(self.units):
            if self.card_rect(index).contains(event.position()):
                self.unit_clicked.emit(unit.device_id)
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        rects = [self.card_rect(index) for index in range(len(self.units))]
        lines = [self._card_lines(unit) for unit in self.units]
        if rects:
            pixels = int(_line_height(rects[0]) * 0.75)
            font = QFont(painter.font())
            styles: list[list[tuple[int, int]]] = [[] for _ in rects]
            for role in range(3):
                # One wording and size per line for the cards worded alike (a fault's
                # state has its own shorter forms): cards of a size read alike.
                groups: dict[int, list[int]] = {}
                for index, card in enumerate(lines):
                    groups.setdefault(len(card[role]), []).append(index)
                for members in groups.values():
                    style = _common_fit(
                        font,
                        [
                            (
                                lines[i][role],
                                _text_width(rects[i], self.units[i], beside_badge=role == 0),
                            )
                            for i in members
                        ],
                        pixels,
                        bold=role == 0,
                        # A long name may end in "…" on its own card (names are known and a
                        # tap opens the unit); state and alarm counts must fit on every one.
                        share=TITLE_FIT_SHARE if role == 0 else 1.0,
                    )
                    for i in members:
                        styles[i].append(style)
            for rect, unit, card, style in zip(rects, self.units, lines, styles, strict=True):
                self._paint_card(painter, rect, unit, card, style)
        painter.end()

    def _card_lines(self, unit: UnitSummary) -> list[list[str]]:
        """Title, state and alarm counts, each with its shorter wordings after it."""
        return [[unit.title], self._status_texts(unit), self._count_texts(unit)]

    def _paint_card(
        self,
        painter: QPainter,
        rect: QRectF,
        unit: UnitSummary,
        lines: list[list[str]],
        styles: list[tuple[int, int]],
    ) -> None:
        painter.setPen(QPen(theme.BORDER, 1))
        painter.setBrush(theme.TILE)
        painter.drawRect(rect)
        if not unit.connected:
            painter.fillRect(rect, QBrush(theme.TEXT, Qt.BrushStyle.BDiagPattern))
        font = QFont(painter.font())
        line = _line_height(rect)
        inner = rect.adjusted(8, 4, -8, -4)
        drawn: list[str] = []
        pens = [theme.TEXT, theme.TEXT, theme.TEXT_MUTED if not unit.standing else theme.TEXT]
        for role, (texts, (variant, pixels), pen) in enumerate(
            zip(lines, styles, pens, strict=True)
        ):
            font.setBold(role == 0)
            font.setPixelSize(pixels)
            painter.setFont(font)
            painter.setPen(pen)
            box = QRectF(
                inner.left(),
                inner.top() + role * line,
                _text_width(rect, unit, beside_badge=role == 0),
                line,
            )
            text = texts[min(variant, len(texts) - 1)]
            # The same metrics as _common_fit (the painter's rounded ones elided what fit);
            # a card the common size does not fit (a name beside a badge) shrinks first.
            metrics = QFontMetricsF(font)
            while pixels > MIN_CARD_TEXT_PX and metrics.horizontalAdvance(text) > box.width():
                pixels -= 1
                font.setPixelSize(pixels)
                metrics = QFontMetricsF(font)
            painter.setFont(font)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            drawn.append(shown)
        self.shown[unit.device_id] = tuple(drawn)
        if unit.worst is not None:
            size = _badge_size(rect)
            badge = QRectF(inner.right() - size * 1.6, inner.top(), size * 1.6, size)
            color = alarm_style.PRIORITY_COLOR[unit.worst]
            if unit.worst_unacknowledged:
                painter.fillRect(badge, color)
                painter.setPen(alarm_style.PRIORITY_TEXT[unit.worst])
            else:
                painter.fillRect(badge, theme.TILE)
                painter.setPen(QPen(color, 3))
                painter.drawRect(badge)
                painter.setPen(theme.TEXT)
            font.setBold(True)
            font.setPixelSize(int(size * 0.75))
            painter.setFont(font)
            painter.drawText(
                badge, Qt.AlignmentFlag.AlignCenter, alarm_style.priority_badge(unit.worst)
            )

    def _status_texts(self, unit: UnitSummary) -> list[str]:
        """The card's second line, then a shorter form for a narrow card."""
        if not unit.connected:
            return [self.tr("COMMUNICATION LOST"), self.tr("COMMS LOST")]
        if unit.kind != "shuttle":
            return [
                unit.area
                or (self.tr("QC instrument") if unit.kind == "cellq" else self.tr("Room monitor"))
            ]
        texts = [self.tr("▶ %1 running · %2/%3 bays"), self.tr("▶ %1 · %2/%3 bays")]
        if unit.faults:  # faults lead, and the bays are the first to go on a narrow card
            texts = [
                self.tr("◆ %1 FAULT").replace("%1", str(unit.faults)) + " · " + text
                for text in [*texts, self.tr("▶ %1")]
            ]
        return [
            text.replace("%1", str(unit.running))
            .replace("%2", str(unit.occupied))
            .replace("%3", str(unit.bays))
            for text in texts
        ]

    def _count_texts(self, unit: UnitSummary) -> list[str]:
        """The card's alarm counts, then a shorter form for a narrow card."""
        if not unit.standing and not unit.unacknowledged:
            return [self.tr("no alarms")]
        return [
            text.replace("%1", str(unit.unacknowledged)).replace("%2", str(unit.standing))
            for text in (self.tr("%1 unack · %2 standing"), self.tr("%1 unack · %2 stand."))
        ]


# Smallest text a card shrinks to before it takes a shorter wording or "…".
MIN_CARD_TEXT_PX = 11
# The share of cards whose whole name must fit at the size the names are drawn in.
TITLE_FIT_SHARE = 0.9


def _line_height(card: QRectF) -> float:
    """Three lines (name, state, alarm counts) share the card's height."""
    return min(22.0, (card.height() - 8) / 3)


def _badge_size(card: QRectF) -> float:
    """The worst alarm's badge, top right beside the title: the state line keeps the
    card's whole width (a fault must not be shortened to make room for it)."""
    return _line_height(card)


def _text_width(card: QRectF, unit: UnitSummary, *, beside_badge: bool) -> float:
    width = card.width() - 16
    if beside_badge and unit.worst is not None:
        width -= _badge_size(card) * 1.6 + 6
    return width


def _common_fit(
    font: QFont,
    lines: list[tuple[list[str], float]],
    pixels: int,
    *,
    bold: bool,
    share: float = 1.0,
) -> tuple[int, int]:
    """The wording (index into each card's texts, longest first) and pixel size at which
    this line fits on every card: the longest wording at the largest size down to
    MIN_CARD_TEXT_PX, then the next shorter. A narrow card (eight columns on a 1280 px
    panel) reads "▶ 13 · 13/16 bays" rather than a clipped "▶ 13 running · 13…"; what
    fits nowhere is shortened with "…" at the smallest size. With ``share`` below 1, that
    share of the cards must fit and the others are shortened."""
    font.setBold(bold)
    wordings = max((len(texts) for texts, _ in lines), default=1)
    for variant in range(wordings):
        for size in range(pixels, MIN_CARD_TEXT_PX - 1, -1):
            font.setPixelSize(size)
            metrics = QFontMetricsF(font)
            fitting = sum(
                metrics.horizontalAdvance(texts[min(variant, len(texts) - 1)]) <= width
                for texts, width in lines
            )
            if fitting >= share * len(lines):
                return variant, size
    return wordings - 1, min(pixels, MIN_CARD_TEXT_PX)


class FleetPage(QWidget):
    unit_requested = Signal(str)

    def __init__(self, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("Fleet"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("Note")
        layout.addWidget(self.summary)
        self.board = FleetBoard()
        self.board.unit_clicked.connect(self.unit_requested)
        layout.addWidget(self.board, 1)
        plant = bridge.plant
        self._units = {
            d.id: UnitSummary(
                d.id, d.label, d.kind, getattr(d, "area", "") or getattr(d, "room", "")
            )
            for d in plant.devices
        }
        self._bays = {s.id: s.bays for s in plant.shuttles}
        for device_id, bays in self._bays.items():
            self._units[device_id].bays = bays
        bridge.alarms_changed.connect(self._on_alarms)  # bound: dropped with the page
        bridge.frame.connect(self._on_frame)
        self.refresh()

    def _on_alarms(self, _snapshot: AlarmSnapshot) -> None:
        self.refresh()

    def _on_frame(self, changes: object) -> None:
        if self.isVisible() and self.bridge.frames % 5 == 0:
            self.refresh()

    def refresh(self) -> None:
        snapshot: AlarmSnapshot = self.bridge.alarms
        values = self.bridge.values
        for unit in self._units.values():
            unit.unacknowledged = unit.standing = unit.running = unit.faults = 0
            unit.occupied = 0
            unit.worst, unit.worst_unacknowledged = None, False
            status = self.bridge.device_statuses.get(unit.device_id)
            unit.connected = status is None or status.state is ConnectionState.CONNECTED
            for bay in range(1, self._bays.get(unit.device_id, 0) + 1):
                state = values.get(bay_prefix(unit.device_id, bay) + "process/state")
                text = state.value if state is not None else "empty"
                unit.occupied += text != "empty"
                unit.running += text == "running"
                unit.faults += text == "fault"
        for view in snapshot.alarms:
            unit = self._units.get(view.source.split("/", 1)[0])
            if unit is None or view.state not in STANDING:
                continue
            unit.standing += 1
            unacknowledged = view.state in UNACKNOWLEDGED
            unit.unacknowledged += unacknowledged
            if unit.worst is None or view.priority.rank < unit.worst.rank:
                unit.worst, unit.worst_unacknowledged = view.priority, unacknowledged
            elif view.priority is unit.worst and unacknowledged:
                unit.worst_unacknowledged = True
        ranked = sorted(self._units.values(), key=UnitSummary.rank)
        self.board.units = ranked
        lost = sum(1 for u in ranked if not u.connected)
        attention = sum(1 for u in ranked if u.standing)
        self.summary.setText(
            self.tr("%1 units · %2 with standing alarms · %3 not connected · ranked by urgency")
            .replace("%1", str(len(ranked)))
            .replace("%2", str(attention))
            .replace("%3", str(lost))
        )
        self.board.update()
