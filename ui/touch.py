"""Touch behaviour the whole application shares: every list, table and scrolled panel
scrolls by dragging a finger across it, as on a phone, not only by its scroll bar.

Kiosk panels are driven by gloved fingers; a 12 px scroll bar is not a touch target.
Rather than every page and dialog remembering to ask for it, one application-wide filter
gives each scroll area a ``QScroller`` the first time it is shown (a dialog built later
gets one too). Plots are left alone: pyqtgraph pans them itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QGraphicsView,
    QScroller,
    QScrollerProperties,
)

# No rubber-band bounce past the ends: a calm display (ISA-101) and nothing that looks
# like content moving on its own.
_NO_OVERSHOOT = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff


def enable_touch_scrolling(area: QAbstractScrollArea) -> bool:
    """Let a finger drag ``area``'s content; False when it already scrolls another way
    (a scroller of its own, or a plot that pans itself)."""
    viewport = area.viewport()
    if isinstance(area, QGraphicsView) or QScroller.hasScroller(viewport):
        return False
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
    properties = QScroller.scroller(viewport).scrollerProperties()
    properties.setScrollMetric(properties.ScrollMetric.VerticalOvershootPolicy, _NO_OVERSHOOT)
    properties.setScrollMetric(properties.ScrollMetric.HorizontalOvershootPolicy, _NO_OVERSHOOT)
    QScroller.scroller(viewport).setScrollerProperties(properties)
    return True


class TouchScrolling(QObject):
    """Installed once on the application: each scroll area gets its scroller when first
    shown. Only Show events are looked at; everything else passes at once."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QAbstractScrollArea):
            enable_touch_scrolling(watched)
        return False


def install_touch_scrolling(app: QApplication) -> TouchScrolling:
    """The application's one ``TouchScrolling`` filter (installed on the first call)."""
    existing = app.findChild(TouchScrolling)
    return existing if existing is not None else TouchScrolling(app)
