"""The outline 'go to equipment' puts on what it opened, for a few seconds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

NONE = -1


class Highlight(QObject):
    """Which item is outlined (a bay number, 0 for a whole shuttle; NONE when nothing)
    until ``seconds`` have passed; ``changed`` redraws the owner both times."""

    def __init__(self, owner: QObject, changed: Callable[[], None]) -> None:
        super().__init__(owner)
        self.current = NONE
        self._changed = changed
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._end)

    def show(self, item: int, seconds: float = 8.0) -> None:
        self.current = item
        self._timer.start(int(seconds * 1000))
        self._changed()

    def _end(self) -> None:
        self.current = NONE
        self._changed()
