"""The on-screen keyboard for kiosks: a text layout and a numeric keypad layout, shown
when a text field takes the focus, so a gowned operator needs no physical keyboard.

CellDeck's own widget rather than Qt Virtual Keyboard, which is GPL-3.0 or commercial
only; this keeps the installers LGPL-clean. Keys never take the focus: a press is sent to
the focused field as the key event a real keyboard would send, so validators, Enter
handlers and barcode-scanner fields behave the same. The keyboard is a frameless tool
window owned by the focused field's window, so it also works over modal dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QDoubleValidator, QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.theme import alive

KEY_PX = 64
TEXT_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm.@/")
NUMBER_ROWS = ("789", "456", "123", "-0.")


def wants_keyboard(widget: QWidget | None) -> str | None:
    """ "number", "text" or None: which layout a focused widget needs, if any."""
    if widget is not None and widget.property("ownKeypad"):
        return None  # the field comes with its own keys (the setpoint keypad)
    if isinstance(widget, QAbstractSpinBox):
        return None if widget.isReadOnly() else "number"
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return None
        validator = widget.validator()
        return "number" if isinstance(validator, QDoubleValidator | QIntValidator) else "text"
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return None if widget.isReadOnly() else "text"
    return None


class TouchKeyboard(QWidget):
    """Keys as large touch targets; sends key events to the focused widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.FLAGS)
        self.setObjectName("TouchKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.layout_name = ""
        self.target: QWidget | None = None  # the field the keyboard was opened for
        self.shift = False
        self.keys: dict[str, QPushButton] = {}
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(8, 8, 8, 8)
        self._grid: QWidget | None = None
        self.set_layout("text")

    FLAGS = (
        Qt.WindowType.Tool
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowDoesNotAcceptFocus
        | Qt.WindowType.WindowStaysOnTopHint
    )

    def set_layout(self, name: str) -> None:
        if name == self.layout_name:
            return
        self.layout_name = name
        if self._grid is not None:
            self._grid.deleteLater()
        self.keys.clear()
        self._grid = QWidget()
        grid = QGridLayout(self._grid)
        grid.setSpacing(6)
        rows = TEXT_ROWS if name == "text" else NUMBER_ROWS
        for row, keys in enumerate(rows):
            for column, char in enumerate(keys):
                self._key(grid, char, row, column)
        last = len(rows)
        if name == "text":
            self._key(grid, "⇧", last, 0, special="shift", span=2)
            self._key(grid, "␣", last, 2, special="space", span=5)
            self._key(grid, "⌫", last, 7, special="backspace", span=1)
            self._key(grid, "↵", last, 8, special="enter", span=1)
            self._key(grid, "▼", last, 9, special="hide", span=1)
        else:
            self._key(grid, "⌫", last, 0, special="backspace")
            self._key(grid, "↵", last, 1, special="enter")
            self._key(grid, "▼", last, 2, special="hide")
        self._box.addWidget(self._grid)
        self.adjustSize()

    def _key(
        self,
        grid: QGridLayout,
        label: str,
        row: int,
        column: int,
        *,
        special: str = "",
        span: int = 1,
    ) -> None:
        button = QPushButton(label)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        button.setMinimumSize(KEY_PX, KEY_PX)
        button.setAutoRepeat(special == "backspace")
        name = special or label
        button.clicked.connect(lambda _c=False, n=name: self.press(n))
        grid.addWidget(button, row, column, 1, span)
        self.keys[name] = button

    def press(self, name: str) -> None:
        """One key, as a real keyboard would send it, to the focused widget."""
        if name == "hide":
            self.hide()
            return
        if name == "shift":
            self.shift = not self.shift
            for key, button in self.keys.items():
                if len(key) == 1 and key.isalpha():
                    button.setText(key.upper() if self.shift else key)
            return
        target = QApplication.focusWidget() or self.target
        if target is None or not alive(target):
            return
        if name == "backspace":
            key, text = Qt.Key.Key_Backspace, ""
        elif name == "enter":
            key, text = Qt.Key.Key_Return, "\r"
        elif name == "space":
            key, text = Qt.Key.Key_Space, " "
        else:
            text = name.upper() if self.shift else name
            key = Qt.Key(ord(text.upper())) if text.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )
        if self.shift and len(name) == 1:
            self.press("shift")  # one capital, like a phone keyboard


class TouchKeyboardController(QObject):
    """Shows the keyboard under whichever window has a text field in focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.keyboard = TouchKeyboard()
        self._app = app
        app.focusChanged.connect(self._focus_changed)

    def close(self) -> None:
        """Stop following the focus and remove the keyboard."""
        self._app.focusChanged.disconnect(self._focus_changed)
        self.keyboard.deleteLater()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and (new is self.keyboard or self.keyboard.isAncestorOf(new)):
            return
        self.show_for(new)

    def show_for(self, widget: QWidget | None) -> None:
        layout = wants_keyboard(widget)
        if widget is None or layout is None:
            self.keyboard.target = None
            self.keyboard.hide()
            return
        window = widget.window()
        if self.keyboard.parentWidget() is not window:
            # Owned by the field's window: usable over a modal dialog, gone with it.
            self.keyboard.setParent(window, TouchKeyboard.FLAGS)
        self.keyboard.target = widget
        self.keyboard.set_layout(layout)
        self.keyboard.adjustSize()
        frame = window.frameGeometry()
        size = self.keyboard.sizeHint()
        screen = window.screen().availableGeometry() if window.screen() else frame
        overflow = frame.bottom() + 8 + size.height() - screen.bottom()
        if isinstance(window, QDialog) and overflow > 0:
            # A centred dialog leaves no room below it: lift it (not above the screen's
            # top) rather than cover its own fields and buttons with the keys.
            window.move(window.x(), window.y() - min(overflow, frame.top() - screen.top()))
            frame = window.frameGeometry()
        # Under the dialog if there is room on the screen, else at the screen's foot.
        below = frame.bottom() + 8
        top = below if below + size.height() <= screen.bottom() else screen.bottom() - size.height()
        left = max(screen.left(), frame.center().x() - size.width() // 2)
        self.keyboard.move(QPoint(left, top))
        self.keyboard.show()
        self.keyboard.raise_()
