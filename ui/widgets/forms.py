"""Small pieces shared by the touch forms, dialogs and detail pages (administration,
password change, signatures, new batch, leaving the kiosk, reasons, the setpoint keypad,
a batch's detail and its record)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QEvent, QSize, Qt, QTimeZone
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import (
    QBoxLayout,
    QCalendarWidget,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.format import datetime_edit_format
from ui.theme import TOUCH_TARGET_PX, alive

FIELD_HEIGHT_PX = TOUCH_TARGET_PX  # a form's fields and the rows of its tables
DIALOG_BUTTON_PX = 72  # a dialog's closing buttons: the largest targets on it
BACK_BUTTON_PX = 64


def form_label(text: str, height: int = FIELD_HEIGHT_PX) -> QLabel:
    """A form row's name, centred on its touch-sized field rather than on its top edge."""
    label = QLabel(text)
    label.setMinimumHeight(height)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


def touch_field(
    value: str = "", *, secret: bool = False, height: int = TOUCH_TARGET_PX
) -> QLineEdit:
    """A text field a gloved finger can hit; ``secret`` ones (passwords, PINs, badges)
    show dots."""
    field = QLineEdit(value)
    field.setMinimumHeight(height)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def touch_datetime_field(value: QDateTime, zone: QTimeZone | None = None) -> QDateTimeEdit:
    """A date and time field for gloves: typed on the on-screen keyboard, or picked from
    a calendar behind a 64 px button (the style sheet sizes both), in the locale's format
    and, given ``zone``, shown and edited in that zone rather than the computer's."""
    edit = QDateTimeEdit(value)
    if zone is not None:
        edit.setTimeZone(zone)
    edit.setDisplayFormat(datetime_edit_format())
    edit.setCalendarPopup(True)
    edit.setMinimumHeight(TOUCH_TARGET_PX)
    calendar = edit.calendarWidget()
    # Week numbers are not needed to pick a day; weekends are not abnormal (ISA-101: no
    # red for a normal thing), so they take the plain text colour.
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        calendar.setWeekdayTextFormat(day, QTextCharFormat())
    return edit


def refusal_label(*, hidden: bool = False) -> QLabel:
    """Where a refusal or problem is shown (style: QLabel#Refusal; set its text with
    ui.theme.show_refusal), wrapping, empty until there is something to say."""
    label = QLabel()
    label.setObjectName("Refusal")
    label.setWordWrap(True)
    if hidden:
        label.hide()
    return label


def dialog_buttons(
    layout: QBoxLayout,
    cancel_text: str,
    confirm_text: str,
    *,
    on_cancel: Callable[[], object],
    on_confirm: Callable[[], object],
    height: int = DIALOG_BUTTON_PX,
) -> tuple[QPushButton, QPushButton]:
    """A dialog's closing row added to ``layout``: the way out on the left, the action
    (style: Primary) on the right, both ``height`` tall. Returns (cancel, confirm)."""
    row = QHBoxLayout()
    cancel = QPushButton(cancel_text)
    confirm = QPushButton(confirm_text)
    confirm.setObjectName("Primary")
    for button in (cancel, confirm):
        button.setMinimumHeight(height)
        row.addWidget(button)
    layout.addLayout(row)
    cancel.clicked.connect(on_cancel)
    confirm.clicked.connect(on_confirm)
    return cancel, confirm


class WrappingButton(QPushButton):
    """A push button whose words wrap onto further lines (and the button grows) rather
    than run past its edge: a confirmation is a whole sentence, and one cut at "within
    2-" is not something to confirm. The words are a QLabel (style: QPushButton QLabel)
    that lets taps through to the button."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QHBoxLayout(self)
        inner.setContentsMargins(16, 6, 12, 6)
        inner.addWidget(self.label)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setVerticalPolicy(policy.Policy.Minimum)
        self.setSizePolicy(policy)

    def text(self) -> str:  # type: ignore[override]
        return self.label.text()

    def setText(self, text: str) -> None:  # type: ignore[override]
        self.label.setText(text)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.layout().contentsMargins()
        words = self.label.heightForWidth(width - margins.left() - margins.right())
        return max(self.minimumHeight(), words + margins.top() + margins.bottom())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(max(hint.width(), self.width())))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.EnabledChange:
            self.label.setEnabled(self.isEnabled())  # greyed with its button
        super().changeEvent(event)


def fit_height(dialog: QDialog) -> None:
    """Make a dialog exactly as tall as its wrapped texts need at its width (within the
    screen). Qt sizes a new dialog from its narrowest layout, capped at two thirds of the
    screen: at its real width the spare height stood as gaps between its parts, and a
    refusal shown later squeezed the texts over each other."""
    layout = dialog.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    height = layout.totalHeightForWidth(dialog.width())
    screen = dialog.screen()
    if screen is not None:
        height = min(height, screen.availableGeometry().height())
    if height > 0 and height != dialog.height():
        dialog.resize(dialog.width(), height)


@contextmanager
def busy(owner: QWidget, button: QPushButton) -> Iterator[None]:
    """``button`` is off while the station works on its action, so a second tap cannot
    send it twice, and on again afterwards if ``owner`` still exists (a dialog can be
    closed while the station core answers)."""
    button.setEnabled(False)
    try:
        yield
    finally:
        if alive(owner):
            button.setEnabled(True)


@dataclass(frozen=True, slots=True)
class DetailHeader:
    """The top row of a detail page: the way back, then the page title over a line that
    identifies what is shown (filled in by the page)."""

    row: QHBoxLayout
    back_button: QPushButton
    title: QLabel
    identity: QLabel


def detail_header(back_text: str, on_back: Callable[[], object]) -> DetailHeader:
    row = QHBoxLayout()
    back_button = QPushButton("◀  " + back_text)
    back_button.setMinimumHeight(BACK_BUTTON_PX)
    back_button.clicked.connect(on_back)
    row.addWidget(back_button)
    titles = QVBoxLayout()
    titles.setSpacing(0)
    title = QLabel()
    title.setObjectName("PageTitle")
    identity = QLabel()
    identity.setObjectName("Note")
    identity.setWordWrap(True)
    titles.addWidget(title)
    titles.addWidget(identity)
    row.addLayout(titles, 1)
    return DetailHeader(row, back_button, title, identity)
