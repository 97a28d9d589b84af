"""ShuttleBoard: one Cell Shuttle's bays as a painted grid of tiles.

One widget paints all sixteen bays (no child widgets), so a full site of 48 shuttles is
48 cheap paints per frame. Tiles show state in words and shapes; a value that is not
good is shown with a hatch and the reason, never as a normal number. Each occupied tile
has a sparkline of its key parameter's last hour (``ui.sparkline``): the batch phase's
critical parameter, else the culture temperature.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
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
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.alarms.engine import AlarmView
from app.alarms.states import UNACKNOWLEDGED
from app.batch.runtime import BatchView
from app.batch.states import ABNORMAL as BATCH_ABNORMAL
from hardware import ConnectionState, Sample
from hardware.catalog import bay_prefix
from ui import alarm_style, theme
from ui.bridge import CoreBridge
from ui.format import show_value
from ui.process_values import Band, caption, key_parameter, narrowed
from ui.sparkline import SparkHistory, SparkShape, paint_spark, spark_shape
from ui.terms import batch_state, equipment_state
from ui.widgets.highlight import Highlight

# Plotted when a bay's batch phase names no critical parameter (or there is no batch).
DEFAULT_KEY_TAG = "bioreactor/temperature"
# The second value of a full tile, under the key parameter (when there is room).
SECOND_TAG = "bioreactor/vcd"
# Full tiles: bay and state, step (up to three lines), progress bar, then sparkline and
# values.
FULL_PAD = 6.0
FULL_LINE_H = 20.0  # bay number and state
STEP_BOX_H = 38.0  # three lines of the smallest step font
PROGRESS_H = 6.0
FULL_HEADER_H = FULL_LINE_H + STEP_BOX_H + 2.0 + PROGRESS_H
# The step's font, largest first, with the lines it may take: one line as large as the
# values' captions, else two or three smaller ones (a 1280 px panel's tile is 112 px wide).
STEP_FONTS: tuple[tuple[int, int], ...] = ((15, 1), (13, 2), (12, 2), (11, 2), (11, 3))
COMPACT_TEXT_H = 14.0
# Sparklines drawn anew per board paint, at most (see ShuttleBoard._tile_sparks).
SHAPES_PER_PAINT = 4
# (version, path, width, height, band, minimum span) and the box it goes into
SparkRequest = tuple[tuple[int, str, int, int, Band, float], QRectF]


def module_label(module: str) -> str:
    labels = {
        "magnetic-selection": QCoreApplication.translate("Module", "Selection"),
        "activation": QCoreApplication.translate("Module", "Activation"),
        "electroporation": QCoreApplication.translate("Module", "Electroporation"),
        "viral-transduction": QCoreApplication.translate("Module", "Transduction"),
        "bioreactor-expansion": QCoreApplication.translate("Module", "Expansion"),
        "counterflow-wash": QCoreApplication.translate("Module", "Wash"),
        "formulation-fill": QCoreApplication.translate("Module", "Formulate/fill"),
        "controlled-rate-freezing": QCoreApplication.translate("Module", "Freezing"),
    }
    return labels.get(module, module)


# Shapes that carry the bay state without colour (ISA-101: never colour alone).
STATE_GLYPHS = {
    "empty": "·",
    "idle": "○",
    "running": "▶",
    "complete": "✓",
    "stopped": "■",
    "fault": "◆",
}


def state_label(state: str) -> str:
    labels = {
        "empty": QCoreApplication.translate("BayState", "EMPTY"),
        "idle": QCoreApplication.translate("BayState", "IDLE"),
        "running": QCoreApplication.translate("BayState", "RUNNING"),
        "complete": QCoreApplication.translate("BayState", "COMPLETE"),
        "stopped": QCoreApplication.translate("BayState", "STOPPED"),
        "fault": QCoreApplication.translate("BayState", "FAULT"),
    }
    return labels.get(state, state.upper())


@dataclass(frozen=True, slots=True)
class TileSpark:
    """A tile's sparkline: where it goes and what it draws."""

    box: QRectF
    shape: SparkShape


def full_tile_inner(rect: QRectF) -> QRectF:
    return rect.adjusted(FULL_PAD, FULL_PAD / 2, -FULL_PAD, -FULL_PAD / 2)


def full_tile_step_box(rect: QRectF) -> QRectF:
    """Where a full tile writes its step: under the bay number, over the progress bar."""
    inner = full_tile_inner(rect)
    return QRectF(inner.left(), inner.top() + FULL_LINE_H, inner.width(), STEP_BOX_H)


def _wrapped(text: str, font: QFont, width: float) -> list[str] | None:
    """``text`` broken between words into lines of ``width``; None if a word is wider."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        if line.naturalTextWidth() > width:
            layout.endLayout()
            return None
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


_BEFORE_NUMBER = re.compile(r" (?=[-\u2212]?\d)")  # a minus sign too
_AFTER_NUMBER = re.compile(r"(?<=\d) ")


def unbroken_numbers(text: str) -> str:
    """A step with each number kept with the word before it and its unit ("day 3",
    "hold -90 °C"): a line ending in "day" over a line "3" reads as two things."""
    return _AFTER_NUMBER.sub("\u00a0", _BEFORE_NUMBER.sub("\u00a0", text))


def step_lines(text: str, font: QFont, width: float) -> tuple[int, list[str]]:
    """The step as a tile of ``width`` shows it: the largest font (STEP_FONTS) at which it
    fits whole in the lines that font may take, and those lines. Only a text longer than
    three lines of the smallest font loses its end (to '…'); the cartridge view, a tap
    away, has it whole."""
    probe = QFont(font)
    for pixels, most in STEP_FONTS:
        probe.setPixelSize(pixels)
        lines = _wrapped(text, probe, width)
        if lines is not None and len(lines) <= most:
            return pixels, lines
    pixels, most = STEP_FONTS[-1]
    probe.setPixelSize(pixels)
    metrics = QFontMetricsF(probe)
    lines = _wrapped(text, probe, width) or [text]
    shown = lines[: most - 1]
    rest = " ".join(lines[most - 1 :])
    shown.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return pixels, shown


def full_tile_rows(rect: QRectF) -> tuple[QRectF | None, tuple[QRectF, ...]]:
    """Below the step and progress bar of a full tile: the sparkline's box (None when
    there is no room) and one or two value rows. The sparkline comes before the second
    value: at a kiosk's 1280x800 a tile keeps its key parameter's line and number."""
    inner = full_tile_inner(rect)
    top = inner.top() + FULL_HEADER_H
    room = inner.bottom() - top
    row_h = 19.0 if room < 80 else min(34.0, room / 3)
    rows = 2 if room - 2 * row_h >= 16 else 1
    spark_h = min(48.0, room - rows * row_h)
    if spark_h < 10:  # no room for a line worth reading: the values share the space
        spark_h, rows = 0.0, 2 if room >= 36 else 1
    row_h = (room - spark_h) / rows
    spark = QRectF(inner.left(), top + 1, inner.width(), spark_h - 3) if spark_h else None
    first = top + spark_h
    return spark, tuple(
        QRectF(inner.left(), first + i * row_h, inner.width(), row_h) for i in range(rows)
    )


def compact_tile_rows(inner: QRectF) -> tuple[QRectF, QRectF | None]:
    """A compact tile's text line and, where the tile is tall enough, the sparkline's
    strip under it."""
    if inner.height() < COMPACT_TEXT_H + 5:
        return inner, None
    text = QRectF(inner.left(), inner.top(), inner.width(), COMPACT_TEXT_H)
    strip_h = min(14.0, inner.height() - COMPACT_TEXT_H - 1)
    return text, QRectF(inner.left(), inner.bottom() - strip_h, inner.width(), strip_h)


def _ordered(band: Band) -> bool:
    low, high = band
    return low is None or high is None or low < high


def _fit_font(painter: QPainter, font: QFont, text: str, width: float) -> None:
    """Shrink the font until ``text`` fits: a clipped number (a lost minus sign or
    leading digit) would be a wrong reading, not a cosmetic flaw."""
    while font.pixelSize() > 7 and painter.fontMetrics().horizontalAdvance(text) > width:
        font.setPixelSize(font.pixelSize() - 1)
        painter.setFont(font)


class ShuttleBoard(QWidget):
    """The bays of one shuttle, painted; click a bay to select it."""

    bay_clicked = Signal(str, int)

    def __init__(
        self,
        bridge: CoreBridge,
        device_id: str,
        title: str,
        bays: int = 16,
        columns: int = 4,
        compact: bool = False,
        history: SparkHistory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.history = history
        self.device_id = device_id
        self.title = title
        self.bays = bays
        self.columns = columns
        self.compact = compact
        self._prefixes = [bay_prefix(device_id, bay) for bay in range(1, bays + 1)]
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(150 if compact else 420, 110 if compact else 360)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.paints = 0
        self.tile_renders = 0  # tiles drawn anew (not from the cache)
        self.dirty = True
        # For the overview's paint scheduler: what a paint of this board costs (a moving
        # average; after ``prepare`` only copying its tiles) and when one was last asked
        # for (time.monotonic()).
        self.paint_ms = 2.0
        self.requested_at = 0.0
        self._tile_cache: dict[int, tuple[tuple[object, ...], QPixmap]] = {}
        # The frame (bridge.frames) in which ``prepare`` made every cached tile match what
        # it shows; a paint in that frame only copies them. None: paint checks each tile.
        self._prepared_frame: int | None = None
        # Tiles rendered by the ``prepare`` calls of a pass not finished yet: not rendered
        # again in that pass even if they changed meanwhile, so a board whose tiles take
        # several frames' budgets (a kiosk's full tiles, values at 2 Hz) still gets done.
        self._rendered_this_pass: set[int] = set()
        self.alarms: dict[str, AlarmView] = {}
        self.batches: dict[int, BatchView] = {}
        # The step each full tile last drew, per bay: font pixels and lines (tests).
        self.step_texts: dict[int, tuple[int, tuple[str, ...]]] = {}
        self._highlight = Highlight(self, self._shown_changed)
        # Per bay with a batch whose phase names one: the key tag and its CPP limits.
        self.key_parameters: dict[int, tuple[str, Band]] = {}
        self._spark_memo: dict[int, tuple[tuple[object, ...], SparkShape | None]] = {}
        self._spark_cursor = 0  # the bay whose line is drawn first when several wait
        if history is not None:
            history.track(self.key_paths(), bridge.values)

    def key_paths(self) -> list[str]:
        """The tag each bay's sparkline plots."""
        return [prefix + self.key_tag(index) for index, prefix in enumerate(self._prefixes)]

    def key_tag(self, index: int) -> str:
        key = self.key_parameters.get(index + 1)
        return DEFAULT_KEY_TAG if key is None else key[0]

    def set_alarms(self, worst_by_source: dict[str, AlarmView]) -> None:
        """This shuttle's worst alarm per source (bay or the shuttle itself)."""
        if worst_by_source != self.alarms:
            self.alarms = worst_by_source
            self.dirty = True
            self._prepared_frame = None

    def set_batches(self, by_bay: dict[int, BatchView]) -> None:
        """The open batch on each bay, shown on its tile (step and progress)."""
        if by_bay != self.batches:
            self.batches = by_bay
            self.dirty = True
            self._prepared_frame = None
            recipes = self.bridge.core.station.recipes()
            keys = {}
            for bay, batch in by_bay.items():
                recipe = recipes.get(batch.recipe_id)
                key = key_parameter(recipe, batch.step, batch.recipe_hash)
                if key is not None:
                    keys[bay] = key
            self.key_parameters = keys
            if self.history is not None:
                self.history.track(self.key_paths(), self.bridge.values)

    def highlight(self, bay: int, seconds: float = 8.0) -> None:
        """Outline a bay (or, with 0, the whole shuttle) so the eye finds it."""
        self._highlight.show(bay, seconds)

    @property
    def highlighted(self) -> int:
        return self._highlight.current

    @property
    def rows(self) -> int:
        return math.ceil(self.bays / self.columns)

    def _header_height(self) -> float:
        return 22.0 if self.compact else 40.0

    def _tile_rect(self, index: int) -> QRectF:
        top = self._header_height()
        gap = 2.0 if self.compact else 6.0
        width = (self.width() - gap * (self.columns + 1)) / self.columns
        height = (self.height() - top - gap * (self.rows + 1)) / self.rows
        row, column = divmod(index, self.columns)
        return QRectF(gap + column * (width + gap), top + gap + row * (height + gap), width, height)

    @property
    def prepared(self) -> bool:
        """Every cached tile matched what it shows when ``prepare`` ran in this frame, and
        no paint has used that since."""
        return self._prepared_frame == self.bridge.frames

    def _shown_changed(self) -> None:
        self._prepared_frame = None
        self.update()

    def prepare(self, deadline: float) -> bool:
        """Render the tiles whose picture changed into the cache until ``deadline``
        (``time.perf_counter()``), at least one. True when every tile is current (or was
        rendered earlier in this pass): the paint that follows in this frame only copies
        pixmaps. False: the rest waits for the next call; the overview's frame stays
        within its budget however many tiles changed (a whole board's can be 15 ms, a
        frame's budget is 12)."""
        self._prepared_frame = None
        values = self.bridge.values
        now = time.time()
        sparks = self._tile_sparks(values)
        rendered = 0
        done = self._rendered_this_pass
        for index, prefix in enumerate(self._prefixes):
            if index in done:
                continue
            rect = self._tile_rect(index)
            key = self._tile_key(index, prefix, values, now, rect, sparks[index])
            cached = self._tile_cache.get(index)
            if cached is None or cached[0] != key:
                if rendered and time.perf_counter() >= deadline:
                    return False
                pixmap = self._render_tile(index, prefix, values, now, rect, sparks[index])
                self._tile_cache[index] = (key, pixmap)
                self.tile_renders += 1
                rendered += 1
                done.add(index)
        done.clear()
        self._prepared_frame = self.bridge.frames
        return True

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index in range(self.bays):
            if self._tile_rect(index).contains(event.position()):
                self.bay_clicked.emit(self.device_id, index + 1)
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        began = time.perf_counter()
        self._paint()
        took = (time.perf_counter() - began) * 1000.0
        self.paint_ms += (took - self.paint_ms) * 0.2

    def _paint(self) -> None:
        self.paints += 1
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.PANEL)
        painter.setPen(QPen(theme.BORDER, 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        status = self.bridge.device_statuses.get(self.device_id)
        connected = status is not None and status.state is ConnectionState.CONNECTED
        self._paint_header(painter, connected, status.state.value if status else "")
        if self._prepared_frame != self.bridge.frames or len(self._tile_cache) < self.bays:
            self.prepare(math.inf)  # not prepared in this frame: every changed tile now
        # Good for the one paint it was made for: any later paint checks every tile.
        self._prepared_frame = None
        for index in range(self.bays):
            painter.drawPixmap(self._tile_rect(index).topLeft(), self._tile_cache[index][1])
        shuttle_alarm = self.alarms.get(self.device_id)
        if shuttle_alarm is not None:
            self._paint_alarm_badge(painter, QRectF(self.width() - 70, 4, 62, 30), shuttle_alarm)
        if not connected:
            self._paint_comm_loss(painter)
        if self.highlighted == 0:
            painter.setPen(QPen(theme.TEXT, 5, Qt.PenStyle.DashLine))
            painter.drawRect(self.rect().adjusted(2, 2, -3, -3))
        painter.end()

    def second_tag(self, index: int) -> str:
        """The value under the key parameter on a full tile."""
        return SECOND_TAG if self.key_tag(index) != SECOND_TAG else DEFAULT_KEY_TAG

    def _compact_inner(self, rect: QRectF, prefix: str) -> QRectF:
        """A compact tile's content: right of the alarm badge when one stands."""
        inner = rect.adjusted(2.0, 1.0, -2.0, -1.0)
        return inner.adjusted(28.0, 0, 0, 0) if prefix[:-1] in self.alarms else inner

    def sparkline(self, bay: int) -> TileSpark | None:
        """What bay ``bay``'s tile draws as its sparkline now (None: no line)."""
        index = bay - 1
        request = self._spark_request(index, self.bridge.values)
        if request is None:
            return None
        self._draw_spark(index, request)
        return self._memo_spark(index, request)

    def _tile_sparks(self, values: dict[str, Sample]) -> list[TileSpark | None]:
        """Every tile's sparkline for this paint. A line whose history, box or band
        changed is drawn anew, at most SHAPES_PER_PAINT per paint, the bays waiting
        longest first: when the hour moves on, every line of a site shifts at once, and
        a site's 768 at once would stall a frame; the rest show their line of a moment
        ago until their turn (a second or two on a one-hour line)."""
        requests = [self._spark_request(index, values) for index in range(self.bays)]
        stale = [
            index
            for index, request in enumerate(requests)
            if request is not None
            and ((memo := self._spark_memo.get(index)) is None or memo[0] != request[0])
        ]
        if stale:
            stale.sort(key=lambda index: (index - self._spark_cursor) % self.bays)
            for index in stale[:SHAPES_PER_PAINT]:
                self._draw_spark(index, requests[index])  # type: ignore[arg-type]
            self._spark_cursor = (stale[min(len(stale), SHAPES_PER_PAINT) - 1] + 1) % self.bays
        return [
            None if request is None else self._memo_spark(index, request)
            for index, request in enumerate(requests)
        ]

    def _spark_request(self, index: int, values: dict[str, Sample]) -> SparkRequest | None:
        """What an occupied bay's sparkline would draw: its key parameter's history
        version, where, and against which band; None without room or history."""
        history = self.history
        prefix = self._prefixes[index]
        state_sample = values.get(prefix + "process/state")
        state = str(state_sample.value) if state_sample and state_sample.value else "empty"
        if history is None or state == "empty":
            return None
        rect = self._tile_rect(index)
        if self.compact:
            box = compact_tile_rows(self._compact_inner(rect, prefix))[1]
        else:
            box = full_tile_rows(rect)[0]
        if box is None:
            return None
        tag = self.key_tag(index)
        path = prefix + tag
        module_sample = values.get(prefix + "process/module")
        module = str(module_sample.value) if module_sample and module_sample.value else ""
        limits = self.bridge.core.station.limits.for_tag(path, state=state, module=module)
        # Absolute limits only: an hour of history is judged against a band that held
        # all hour, not against a deviation band around today's setpoint.
        band = limits.normal_band()
        cpp = self.key_parameters.get(index + 1)
        if cpp is not None:
            inside = narrowed(band, cpp[1])
            band = inside if _ordered(inside) else cpp[1]
        spec = self.bridge.spec(path)
        # The scale spans at least 50 steps of the tag's last digit: noise is not a trend.
        minimum_span = 50.0 * 10.0 ** -(spec.decimals if spec is not None else 1)
        memo_key = (
            history.version(path),
            path,
            int(box.width()),
            int(box.height()),
            band,
            minimum_span,
        )
        return memo_key, box

    def _draw_spark(self, index: int, request: SparkRequest) -> None:
        memo_key, _box = request
        _version, path, width, height, band, minimum_span = memo_key
        window = self.history.window(path) if self.history is not None else None
        shape = None if window is None else spark_shape(window, width, height, band, minimum_span)
        self._spark_memo[index] = (memo_key, shape)
        self._prepared_frame = None  # a tile's line changed: the next paint checks tiles

    def _memo_spark(self, index: int, request: SparkRequest) -> TileSpark | None:
        """The line last drawn for the bay, if it still fits its box and parameter."""
        memo = self._spark_memo.get(index)
        if memo is None or memo[1] is None:
            return None
        (_, path, width, height, *_), shape = memo
        memo_key, box = request
        if (path, width, height) != memo_key[1:4]:
            return None
        return TileSpark(box, shape)

    def _tile_key(
        self,
        index: int,
        prefix: str,
        values: dict[str, Sample],
        now: float,
        rect: QRectF,
        spark: TileSpark | None,
    ) -> tuple[object, ...]:
        """Everything a tile shows, as drawn: an unchanged key reuses the cached pixmap,
        so a site of 768 bays repaints only the tiles whose text or line changed."""
        state = values.get(prefix + "process/state")
        key_path = prefix + self.key_tag(index)
        key_value = show_value(
            values.get(key_path),
            self.bridge.spec(key_path),
            with_unit=False,
            now=now,
            decimals=1 if self.compact else None,
        )
        alarm = self.alarms.get(prefix[:-1])
        alarm_key = None if alarm is None else (alarm.priority, alarm.state in UNACKNOWLEDGED)
        common = (
            rect.width(),
            rect.height(),
            state.value if state else None,
            key_path,
            key_value,
            alarm_key,
            self.highlighted == index + 1,
            None if spark is None else spark.shape,
        )
        if self.compact:
            return common
        batch = self.batches.get(index + 1)
        batch_key = (
            None
            if batch is None
            else (batch.phase_name, batch.state, batch.waiting_for_people, round(batch.progress, 2))
        )
        second_path = prefix + self.second_tag(index)
        second = show_value(
            values.get(second_path), self.bridge.spec(second_path), with_unit=False, now=now
        )
        detail = tuple(
            sample.value if (sample := values.get(prefix + tag)) else None
            for tag in ("process/module", "process/step", "process/progress")
        )
        return (*common, second, detail, batch_key)

    def _render_tile(
        self,
        index: int,
        prefix: str,
        values: dict[str, Sample],
        now: float,
        rect: QRectF,
        spark: TileSpark | None,
    ) -> QPixmap:
        pixmap = QPixmap(max(1, int(rect.width()) + 1), max(1, int(rect.height()) + 1))
        pixmap.fill(theme.PANEL)
        painter = QPainter(pixmap)
        painter.setFont(self.font())
        painter.translate(-rect.left(), -rect.top())
        self._paint_tile(painter, index, prefix, values, now)
        if spark is not None:
            paint_spark(painter, spark.box, spark.shape)
        painter.end()
        return pixmap

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._tile_cache.clear()
        self._rendered_this_pass.clear()
        self._prepared_frame = None
        super().resizeEvent(event)

    def _paint_alarm_badge(self, painter: QPainter, rect: QRectF, view: AlarmView) -> None:
        """Priority colour, shape and number; outlined when acknowledged (ISA-101)."""
        color = alarm_style.PRIORITY_COLOR[view.priority]
        if view.state in UNACKNOWLEDGED:
            painter.fillRect(rect, color)
            painter.setPen(alarm_style.PRIORITY_TEXT[view.priority])
        else:
            painter.fillRect(rect, theme.TILE)
            painter.setPen(QPen(color, 3))
            painter.drawRect(rect)
            painter.setPen(theme.TEXT)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(10, min(18, int(rect.height() * 0.7))))
        painter.setFont(font)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignCenter, alarm_style.priority_badge(view.priority)
        )

    def _paint_header(self, painter: QPainter, connected: bool, state: str) -> None:
        font = QFont(painter.font())
        font.setPixelSize(13 if self.compact else 20)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(theme.TEXT)
        header = QRectF(8, 0, self.width() - 16, self._header_height())
        painter.drawText(
            header, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.title
        )
        if not self.compact:
            font.setBold(False)
            font.setPixelSize(15)
            painter.setFont(font)
            robot = self.bridge.values.get(f"{self.device_id}/robot/state")
            position = self.bridge.values.get(f"{self.device_id}/robot/position")
            text = (
                self.tr("Robot %1 · %2")
                .replace("%1", equipment_state(str(robot.value)) if robot else "—")
                .replace("%2", str(position.value if position else "—"))
            )
            painter.setPen(theme.TEXT_MUTED)
            painter.drawText(
                header, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text
            )

    def _paint_tile(
        self, painter: QPainter, index: int, prefix: str, values: dict[str, Sample], now: float
    ) -> None:
        rect = self._tile_rect(index)
        state_sample = values.get(prefix + "process/state")
        state = str(state_sample.value) if state_sample and state_sample.value else "empty"
        occupied = state != "empty"
        painter.setPen(QPen(theme.BORDER, 1))
        painter.setBrush(theme.TILE if occupied else theme.TILE_EMPTY)
        if state == "fault":
            painter.setPen(QPen(theme.TEXT, 4))
        painter.drawRect(rect)
        font = QFont(painter.font())
        inner = rect.adjusted(2.0, 1.0, -2.0, -1.0) if self.compact else full_tile_inner(rect)
        bay_alarm = self.alarms.get(prefix.rstrip("/"))
        badge_width = 0.0
        if bay_alarm is not None:
            # Top right in a full tile (the state word moves left), leading in a compact one.
            if self.compact:
                badge = QRectF(rect.left() + 1, rect.top() + 1, 24, rect.height() - 2)
            else:
                badge = QRectF(rect.right() - 46, rect.top() + 4, 42, 24)
            badge_width = badge.width() + 4
            self._paint_alarm_badge(painter, badge, bay_alarm)
        if self.highlighted == index + 1:
            painter.setPen(QPen(theme.TEXT, 4, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
        if self.compact:
            self._paint_compact_tile(
                painter,
                compact_tile_rows(self._compact_inner(rect, prefix))[0],
                index,
                state,
                values,
                prefix,
                now,
                show_glyph=bay_alarm is None,
            )
            return
        # Line 1: bay number and equipment state (words, not colour).
        font.setBold(True)
        font.setPixelSize(17)
        painter.setFont(font)
        painter.setPen(theme.TEXT)
        line = QRectF(inner.left(), inner.top(), inner.width(), FULL_LINE_H)
        number = f"{index + 1:02d}"
        batch = self.batches.get(index + 1)
        if batch is not None and batch.waiting_for_people:
            # A pointing hand beside the number: the bay waits for a person. (DejaVu Sans
            # has it; a raised hand showed as a box.) The step keeps its lines to itself.
            number += " ☛"
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, number)
        number_width = painter.fontMetrics().horizontalAdvance(number) + 6
        label = state_label(state)
        if state == "fault":
            label = STATE_GLYPHS["fault"] + " " + label
        font.setBold(state == "fault")
        font.setPixelSize(14)
        painter.setFont(font)
        painter.setPen(theme.TEXT if occupied else theme.TEXT_MUTED)
        label_rect = line.adjusted(number_width, 0, -badge_width, 0)
        painter.drawText(
            label_rect,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, int(label_rect.width())
            ),
        )
        if not occupied and batch is None:
            return
        # Then the batch's step (or, without a batch, the module and its step), on up to
        # three lines in a smaller font rather than cut.
        font.setBold(False)
        painter.setPen(theme.TEXT)
        if batch is not None:
            text = batch.phase_name or batch_state(batch.state)
            if batch.state in BATCH_ABNORMAL:
                font.setBold(True)
                text = f"▲ {batch_state(batch.state).upper()} · {text}"
            fraction: float | None = batch.progress
        else:
            module = values.get(prefix + "process/module")
            step = values.get(prefix + "process/step")
            text = module_label(str(module.value)) if module and module.value else ""
            if step and step.value:
                text += f"\u00a0· {step.value}"  # the dot ends the module's line
            progress = values.get(prefix + "process/progress")
            fraction = (
                float(progress.value) / 100.0
                if progress is not None and isinstance(progress.value, float | int)
                else None
            )
        box = full_tile_step_box(rect)
        pixels, lines = step_lines(unbroken_numbers(text), font, box.width())
        self.step_texts[index + 1] = (pixels, tuple(lines))
        font.setPixelSize(pixels)
        painter.setFont(font)
        line_h = painter.fontMetrics().lineSpacing()
        top = box.top() + (box.height() - line_h * len(lines)) / 2
        for number_of_line, words in enumerate(lines):
            painter.drawText(
                QRectF(box.left(), top + number_of_line * line_h, box.width(), line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                words,
            )
        # Progress of the batch (or the module operation) as a thin bar.
        bar = QRectF(inner.left(), box.bottom() + 2, inner.width(), PROGRESS_H)
        theme.paint_progress(painter, bar, fraction)
        if not occupied:
            return
        # The sparkline (drawn by the caller) above its parameter's number; the second
        # value where there is room.
        rows = full_tile_rows(rect)[1]
        for row, tag in zip(rows, (self.key_tag(index), self.second_tag(index)), strict=False):
            path = prefix + tag
            self._paint_value(painter, row, values.get(path), path, 19, now, caption=caption(tag))

    def _paint_compact_tile(
        self,
        painter: QPainter,
        inner: QRectF,
        index: int,
        state: str,
        values: dict[str, Sample],
        prefix: str,
        now: float,
        show_glyph: bool = True,
    ) -> None:
        """One line per bay for site-wide views: state shape and the key parameter (its
        sparkline, drawn by the caller, goes under it)."""
        font = QFont(painter.font())
        font.setPixelSize(12)
        font.setBold(state == "fault")
        painter.setFont(font)
        painter.setPen(theme.TEXT if state != "empty" else theme.TEXT_MUTED)
        if show_glyph:
            painter.drawText(
                inner,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                STATE_GLYPHS.get(state, "?"),
            )
        if state == "empty":
            return
        value_rect = inner.adjusted(12 if show_glyph else 0, 0, 0, 0)
        path = prefix + self.key_tag(index)
        self._paint_value(painter, value_rect, values.get(path), path, 12, now)

    def _paint_value(
        self,
        painter: QPainter,
        rect: QRectF,
        sample: Sample | None,
        path: str,
        size: int,
        now: float,
        caption: str = "",
    ) -> None:
        spec = self.bridge.spec(path)
        shown = show_value(
            sample, spec, with_unit=False, now=now, decimals=1 if self.compact else None
        )
        font = QFont(painter.font())
        font.setPixelSize(size)
        font.setBold(False)
        painter.setFont(font)
        small = QFont(font)
        small.setPixelSize(max(11, size - 7))
        if caption and spec is not None and spec.unit:
            with_unit = f"{caption} {spec.unit}"
            needed = QFontMetricsF(small).horizontalAdvance(with_unit) + 6
            # The unit goes if it would squeeze the number below a readable size.
            if needed + QFontMetricsF(font).horizontalAdvance(shown.text) <= rect.width():
                caption = with_unit
        if not shown.good:
            # Hatched background plus the reason: unmistakably not a live reading.
            painter.fillRect(rect, QBrush(theme.BAD_QUALITY, Qt.BrushStyle.BDiagPattern))
            painter.setPen(theme.TEXT)
            font.setBold(True)
            font.setPixelSize(max(11, size - 5))
            painter.setFont(font)
            text = f"{caption} {shown.flag}".strip()
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            return
        painter.setPen(theme.TEXT_MUTED)
        available = rect.width()
        if caption:
            painter.setFont(small)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption
            )
            available -= painter.fontMetrics().horizontalAdvance(caption) + 4
            painter.setFont(font)
        painter.setPen(theme.TEXT)
        _fit_font(painter, font, shown.text, available)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown.text
        )

    def _paint_comm_loss(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), QBrush(theme.TEXT, Qt.BrushStyle.BDiagPattern))
        font = QFont(painter.font())
        font.setPixelSize(16 if self.compact else 26)
        font.setBold(True)
        painter.setFont(font)
        box = QRectF(self.rect()).adjusted(
            self.width() * 0.1, self.height() * 0.4, -self.width() * 0.1, -self.height() * 0.4
        )
        painter.fillRect(box, theme.TILE)
        painter.setPen(QPen(theme.TEXT, 3))
        painter.drawRect(box)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("COMMUNICATION LOST"))
