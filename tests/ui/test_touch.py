"""Touch: every list, table and scrolled panel scrolls by finger; trends pinch to zoom
time and have no right-click menu."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGraphicsView,
    QListWidget,
    QScroller,
    QScrollerProperties,
)

from tests.ui.test_trends_ui import show_trends_with, temperature
from ui.touch import enable_touch_scrolling


def scroll_areas(widget):
    return [
        area
        for area in widget.findChildren(QAbstractScrollArea)
        if area.isVisible() and not isinstance(area, QGraphicsView)
    ]


def test_every_scroll_area_on_every_page_scrolls_by_finger(window, qtbot):
    checked = 0
    for key in window.nav_buttons:
        window.show_page(key)
        qtbot.wait(50)  # shown areas are handed their scroller by the application filter
        for area in scroll_areas(window):
            assert QScroller.hasScroller(area.viewport()), (key, type(area).__name__)
            checked += 1
    assert checked >= len(window.nav_buttons)  # every page has a list or a panel at least


def test_a_list_built_later_scrolls_by_finger_without_bouncing(window, qtbot):
    later = QListWidget()
    qtbot.addWidget(later)
    later.addItems([f"row {n}" for n in range(200)])
    assert not QScroller.hasScroller(later.viewport())
    later.show()
    qtbot.waitUntil(lambda: QScroller.hasScroller(later.viewport()), timeout=2000)
    properties = QScroller.scroller(later.viewport()).scrollerProperties()
    policy = properties.scrollMetric(properties.ScrollMetric.VerticalOvershootPolicy)
    assert policy == QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    # A second call changes nothing, and plots are left to pan themselves.
    assert not enable_touch_scrolling(later)
    assert not enable_touch_scrolling(window.trends.plot)


@pytest.mark.parametrize("fingers_apart", [True, False])
def test_pinching_a_trend_zooms_time_about_the_fingers_and_leaves_live(
    window, qtbot, fingers_apart
):
    trends = show_trends_with(window, qtbot, [temperature(window)])
    assert trends.following
    view = trends.plot.getPlotItem().getViewBox()
    (t0, t1), _ = view.viewRange()
    factor = 2.0 if fingers_apart else 0.5
    centre_px = trends.plot.width() / 2
    centre_t = view.mapSceneToView(trends.plot.mapToScene(int(centre_px), 0)).x()
    trends.plot.pinch_zoom(factor, centre_px)
    (n0, n1), _ = view.viewRange()
    assert n1 - n0 == pytest.approx((t1 - t0) / factor, rel=0.02)
    assert n0 < centre_t < n1  # zoomed about the point between the fingers
    assert not trends.following and trends.custom_button.isChecked()


def test_trend_has_no_right_click_menu_and_accepts_touch(window):
    plot = window.trends.plot
    assert not plot.getPlotItem().getViewBox().menuEnabled()
    assert plot.viewport().testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
