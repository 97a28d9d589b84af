"""Every control on every page and dialog is a glove-sized touch target (#8: at least
15 mm, 64 px on a 1920x1080 22-inch panel): buttons, fields, lists' choices and the
steppers of number and date fields."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QTabWidget,
    QWidget,
)

from tests.ui.conftest import start_batch
from tests.ui.dialogs import every_dialog
from ui import theme
from ui.main_window import PAGE_KEYS, MainWindow
from ui.theme import TOUCH_TARGET_PX

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)


def _controls(root: QWidget) -> Iterator[QWidget]:
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if widget.objectName().startswith("qt_") and widget.width() == 0:
            continue  # a table's corner button, when its header has no width
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
            continue  # the spin box's own text field: the spin box is measured
        yield widget


def _where(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
    return f"{type(widget).__name__}#{widget.objectName()} {text!r}"


def _stepper_sizes(spin: QAbstractSpinBox) -> list[tuple[str, int, int]]:
    """The width and height of each stepper (or calendar drop-down) a finger must hit."""
    style = spin.style()
    if isinstance(spin, QDateTimeEdit) and spin.calendarPopup():
        combo = QStyleOptionComboBox()
        combo.initFrom(spin)
        combo.editable = True
        combo.subControls = QStyle.SubControl.SC_ComboBoxArrow
        rect = style.subControlRect(
            QStyle.ComplexControl.CC_ComboBox, combo, QStyle.SubControl.SC_ComboBoxArrow, spin
        )
        return [("calendar", rect.width(), rect.height())]
    if spin.buttonSymbols() is QAbstractSpinBox.ButtonSymbols.NoButtons:
        return []
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    sizes = []
    for name, part in (
        ("up", QStyle.SubControl.SC_SpinBoxUp),
        ("down", QStyle.SubControl.SC_SpinBoxDown),
    ):
        rect = style.subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, spin)
        sizes.append((name, rect.width(), rect.height()))
    return sizes


def _too_small(root: QWidget) -> list[str]:
    found = []
    for widget in _controls(root):
        if widget.height() < TOUCH_TARGET_PX or widget.width() < TOUCH_TARGET_PX:
            found.append(f"{_where(widget)} is {widget.width()}x{widget.height()} px")
        if isinstance(widget, QAbstractSpinBox):
            for name, width, height in _stepper_sizes(widget):
                if width < TOUCH_TARGET_PX or height < TOUCH_TARGET_PX - 8:
                    found.append(f"{_where(widget)} {name} stepper is {width}x{height} px")
    return found


def _every_tab(window: MainWindow, qtbot) -> Iterator[str]:
    """Show each tab of each tab widget on the page in turn; yields the tab's name."""
    for tabs in window.pages.currentWidget().findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.wait(20)
            yield tabs.tabText(index)


class Sweep:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.found: list[str] = []
        self.seen: set[str] = set()  # the header, rail and banner are on every page: once

    def look(self, where: str, root: QWidget | None = None) -> None:
        for line in _too_small(root or self.window):
            if line not in self.seen:
                self.seen.add(line)
                self.found.append(f"{where}: {line}")

    def check(self) -> None:
        assert not self.found, f"{len(self.found)} controls under {TOUCH_TARGET_PX} px:\n" + (
            "\n".join(self.found)
        )


def test_every_page_tab_and_dialog_is_made_of_touch_targets(window: MainWindow, qtbot):
    sweep = Sweep(window)
    for key in PAGE_KEYS:
        window.show_page(key)
        qtbot.wait(20)
        sweep.look(key)
        for tab in _every_tab(window, qtbot):
            sweep.look(f"{key} / {tab}")
    window.show_equipment("shuttle-01/bay-01")  # the cartridge view (level 3)
    qtbot.wait(20)
    sweep.look("cartridge view")
    for dialog in every_dialog(window):
        dialog.show()
        qtbot.waitExposed(dialog)
        sweep.look(type(dialog).__name__, dialog)
        dialog.close()
        dialog.deleteLater()
    sweep.check()


def test_a_running_batch_with_its_manual_step_is_made_of_touch_targets(
    window: MainWindow, qtbot, people
):
    detail = start_batch(window, qtbot, people["op1"], "CART-000901", "COI-PAT-0901")
    qtbot.waitUntil(lambda: detail.manual.isVisible(), timeout=5000)
    sweep = Sweep(window)
    sweep.look("batch detail")
    for tab in _every_tab(window, qtbot):
        sweep.look(f"batch detail / {tab}")
    sweep.check()


def test_the_sweep_finds_a_stepper_too_small(window: MainWindow, qtbot):
    spin = QSpinBox(window)
    spin.setStyleSheet(
        "QSpinBox { min-height: 64px; min-width: 200px; }"
        " QSpinBox::up-button, QSpinBox::down-button { width: 12px; }"
    )
    spin.show()
    qtbot.wait(10)
    assert any("stepper" in line for line in _too_small(window))


def test_the_style_sheets_images_exist_for_both_themes():
    for name in ("day", "night"):
        sheet = theme.style_sheet(name)
        images = re.findall(r'url\("([^"]+)"\)', sheet)
        assert len(images) >= 3, images  # plus, minus and the calendar
        assert all(Path(image).is_file() and f"-{name}.svg" in image for image in images)
        assert "@" not in "".join(images)
