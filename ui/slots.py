"""``asyncSlot`` for CellDeck's widgets: qasync's, plus one rule every slot that awaits the
station needs. The window can close (a language switch rebuilds it, a sign-out closes
dialogs) while the station core answers; the slot then resumes on a deleted widget.
Slots check ``theme.alive(self)`` after their awaits; a slot that misses one ends quietly
here instead of reporting a RuntimeError about a widget nobody can see any more."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import qasync
import shiboken6
from PySide6.QtCore import QObject

log = logging.getLogger(__name__)

_Slot = Callable[..., Coroutine[Any, Any, Any]]


def asyncSlot(*types: type, **options: Any) -> Callable[[_Slot], Any]:
    def decorate(slot: _Slot) -> Any:
        @functools.wraps(slot)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return await slot(*args, **kwargs)
            except RuntimeError as exc:
                owner = args[0] if args else None
                if isinstance(owner, QObject) and not shiboken6.isValid(owner):
                    log.debug("%s ended: its widget was deleted (%s)", slot.__qualname__, exc)
                    return None
                raise

        return qasync.asyncSlot(*types, **options)(guarded)

    return decorate
