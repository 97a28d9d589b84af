"""Touch keypad for a setpoint: enter, check, give the reason, confirm, send.

Built for gloved hands (keys of 72 px and more) and for a physical keyboard alike (the
value field keeps the focus; Enter goes on). The range and unit are on screen all the
time; a value outside the range is refused here, with the tag's own message, before
anything is sent. The reason for the change (Annex 11) can be typed or picked from
common reasons. A confirmation page repeats what will change, from what, to what and
why; the equipment's answer (or its refusal) is shown in the dialog, which closes only
once the change was made.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.security import PermissionDenied
from app.setpoints import SetpointRefused
from hardware import HardwareError, TagSpec
from ui.format import format_number
from ui.slots import asyncSlot
from ui.theme import alive, show_refusal
from ui.widgets.forms import dialog_buttons, refusal_label

log = logging.getLogger(__name__)

KEY_PX = 72
KEYS = (
    ("7", "8", "9", "⌫"),
    ("4", "5", "6", "C"),
    ("1", "2", "3", "±"),
    ("0", ".", "", ""),
)
COMMON_REASONS = (
    QT_TRANSLATE_NOOP("KeypadDialog", "Per batch record instruction"),
    QT_TRANSLATE_NOOP("KeypadDialog", "Correcting process drift"),
    QT_TRANSLATE_NOOP("KeypadDialog", "Supervisor instruction"),
    QT_TRANSLATE_NOOP("KeypadDialog", "Equipment check"),
)

Submit = Callable[[float, str], Awaitable[object]]


class KeypadDialog(QDialog):
    """Enter one new setpoint for ``spec`` and send it with ``submit(value, reason)``."""

    def __init__(
        self,
        spec: TagSpec,
        *,
        where: str,
        current: str,
        who: str,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.where = where
        self.current = current
        self.who = who
        self._submit = submit
        self.sending = False
        self.sent_value: float | None = None
        self.setObjectName("Keypad")
        self.setWindowTitle(self.tr("Change setpoint"))
        self.setModal(True)
        self.setMinimumWidth(900)
        layout = QVBoxLayout(self)
        title = QLabel(f"{spec.description} — {where}")
        title.setObjectName("SectionTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.range_label = QLabel(
            self.tr("Now %1 · allowed %2 to %3 %4")
            .replace("%1", current)
            .replace("%2", "—" if spec.low is None else format_number(spec.low, spec.decimals))
            .replace("%3", "—" if spec.high is None else format_number(spec.high, spec.decimals))
            .replace("%4", spec.unit)
            .strip()
        )
        self.range_label.setObjectName("KeypadRange")
        layout.addWidget(self.range_label)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._entry_page())
        self.pages.addWidget(self._confirm_page())
        layout.addWidget(self.pages, 1)
        self.message = refusal_label()
        layout.addWidget(self.message)
        self.display.setFocus()

    # -- building ----------------------------------------------------------------------

    def _entry_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        value_row = QHBoxLayout()
        self.display = QLineEdit()
        self.display.setObjectName("KeypadDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"-?[0-9]{0,6}([.,][0-9]{0,4})?"))
        )
        self.display.setMinimumHeight(KEY_PX)
        # The keys are right here: no on-screen keyboard over them (the reason field
        # still gets one on a kiosk).
        self.display.setProperty("ownKeypad", True)
        self.display.textChanged.connect(lambda _t: show_refusal(self.message, ""))
        self.display.returnPressed.connect(self.next_step)
        unit = QLabel(self.spec.unit)
        unit.setObjectName("KeypadUnit")
        value_row.addWidget(self.display, 1)
        value_row.addWidget(unit)
        left.addLayout(value_row)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        for r, keys in enumerate(KEYS):
            for c, key in enumerate(keys):
                if not key:
                    continue
                # The decimal key writes the language's sign ("," in Dutch).
                button = QPushButton(QLocale().decimalPoint() if key == "." else key)
                button.setObjectName("KeypadKey")
                button.setMinimumSize(KEY_PX + 8, KEY_PX)
                # The value field keeps the focus, so a keyboard goes on working.
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _c=False, k=key: self.press(k))
                span = 2 if key == "." else 1
                grid.addWidget(button, r, c, 1, span)
                self.keys[key] = button
        left.addLayout(grid)
        row.addLayout(left, 3)
        right = QVBoxLayout()
        reason_title = QLabel(self.tr("Reason for the change (required)"))
        reason_title.setObjectName("SectionTitle")
        right.addWidget(reason_title)
        self.reason = QLineEdit()
        self.reason.setMinimumHeight(64)
        self.reason.setPlaceholderText(self.tr("type or pick a reason"))
        self.reason.returnPressed.connect(self.next_step)
        right.addWidget(self.reason)
        self.presets: list[QPushButton] = []
        for text in COMMON_REASONS:
            button = QPushButton(self.tr(text))
            button.setObjectName("ReasonPreset")
            button.setMinimumHeight(64)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, t=text: self.reason.setText(self.tr(t)))
            right.addWidget(button)
            self.presets.append(button)
        right.addStretch(1)
        self.cancel_button, self.next_button = dialog_buttons(
            right,
            self.tr("Cancel"),
            self.tr("Next"),
            on_cancel=self.reject,
            on_confirm=self.next_step,
            height=KEY_PX,
        )
        for button in (self.cancel_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the value field keeps it
        row.addLayout(right, 2)
        return page

    def _confirm_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("Instruction")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        box.addStretch(1)
        self.back_button, self.confirm_button = dialog_buttons(
            box,
            self.tr("Back"),
            self.tr("Confirm change"),
            on_cancel=self.back,
            on_confirm=self.confirm,
            height=KEY_PX,
        )
        return page

    # -- entering ----------------------------------------------------------------------

    def press(self, key: str) -> None:
        """A keypad key, as if typed."""
        text = self.display.text()
        if key == "⌫":
            self.display.setText(text[:-1])
        elif key == "C":
            self.display.clear()
        elif key == "±":
            self.display.setText(text[1:] if text.startswith("-") else "-" + text)
        else:
            candidate = text + (QLocale().decimalPoint() if key == "." else key)
            state = self.display.validator().validate(candidate, len(candidate))[0]
            if state != QRegularExpressionValidator.State.Invalid:
                self.display.setText(candidate)

    def checked_value(self) -> float | None:
        """The entered value if the tag accepts it; otherwise None, with the reason shown."""
        text = self.display.text().strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            show_refusal(self.message, self.tr("Enter a number first."))
            return None
        decimals = len(text.partition(".")[2])
        if decimals > self.spec.decimals:
            show_refusal(
                self.message,
                self.tr("%1 has more decimals than this setpoint takes (%2); nothing was sent.")
                .replace("%1", self.display.text().strip())  # as typed: 36,55 in Dutch
                .replace("%2", str(self.spec.decimals)),
            )
            return None
        try:
            checked = self.spec.check_write(number)
        except HardwareError as exc:
            show_refusal(self.message, f"{exc}. " + self.tr("Nothing was sent."))
            return None
        assert isinstance(checked, float)
        return checked

    def next_step(self) -> None:
        value = self.checked_value()
        if value is None:
            return
        reason = self.reason.text().strip()
        if not reason:
            show_refusal(self.message, self.tr("Give the reason for the change."))
            self.reason.setFocus()
            return
        show_refusal(self.message, "")
        self.summary.setText(
            self.tr("Change %1 of %2\nfrom %3 to %4 %5?\n\nReason: %6\nChanged by: %7")
            .replace("%1", self.spec.description.lower())
            .replace("%2", self.where)
            .replace("%3", self.current)
            .replace("%4", format_number(value, self.spec.decimals))
            .replace("%5", self.spec.unit)
            .replace("%6", reason)
            .replace("%7", self.who)
        )
        self.pages.setCurrentIndex(1)
        self.confirm_button.setFocus()

    def back(self) -> None:
        show_refusal(self.message, "")
        self.pages.setCurrentIndex(0)
        self.display.setFocus()

    # -- sending -----------------------------------------------------------------------

    @asyncSlot()
    async def confirm(self) -> None:
        value = self.checked_value()
        reason = self.reason.text().strip()
        if value is None or not reason or self.sending:
            return
        self.sending = True
        self.confirm_button.setEnabled(False)
        self.back_button.setEnabled(False)
        show_refusal(self.message, "")
        self.summary.setText(self.summary.text() + "\n\n" + self.tr("Sending…"))
        try:
            await self._submit(value, reason)
        except (HardwareError, PermissionDenied, SetpointRefused) as exc:
            # The equipment's (or the rule's) own words; nothing was recorded as changed.
            self._refused(str(exc))
            return
        except Exception as exc:  # an unforeseen failure must not leave the dialog stuck
            log.exception("setpoint change failed")
            self._refused(
                self.tr(
                    "The change could not be completed (%1). Check the setpoint before "
                    "trying again."
                ).replace("%1", str(exc) or type(exc).__name__)
            )
            return
        if not alive(self):  # the window closed while the station answered
            return
        self._ready_again()
        self.sent_value = value
        self.accept()

    def _refused(self, text: str) -> None:
        if not alive(self):
            return
        show_refusal(self.message, text)
        self.summary.setText(self.summary.text().removesuffix("\n\n" + self.tr("Sending…")))
        self._ready_again()

    def _ready_again(self) -> None:
        self.sending = False
        self.confirm_button.setEnabled(True)
        self.back_button.setEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter must not close the dialog by default-button magic: it goes on one step.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.pages.currentIndex() == 0:
                self.next_step()
            else:
                self.confirm()
            return
        super().keyPressEvent(event)
