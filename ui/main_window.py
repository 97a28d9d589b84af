"""The station window: header, alarm banner, navigation rail and pages."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.security import Actor, Permission, allowed
from ui.bridge import CoreBridge
from ui.i18n import LANGUAGES, current_language
from ui.inactivity import InactivitySignOut
from ui.kiosk import KioskLock, LeaveKioskDialog
from ui.pages.admin import AdminPage
from ui.pages.alarms import AlarmsPage
from ui.pages.batches import BatchesPage
from ui.pages.environment import EnvironmentPage
from ui.pages.fleet import FleetPage
from ui.pages.overview import OverviewPage
from ui.pages.qc import QcPage
from ui.pages.records import RecordsPage
from ui.pages.shuttles import ShuttlesPage
from ui.pages.trends import TrendsPage
from ui.widgets.alarm_banner import AlarmBanner
from ui.widgets.header import Header
from ui.widgets.sign_out_warning import SignOutWarning

PAGE_KEYS = (
    "overview",
    "fleet",
    "shuttles",
    "batches",
    "qc",
    "environment",
    "alarms",
    "trends",
    "records",
    "admin",
)


class MainWindow(QMainWindow):
    # A language code chosen on the rail; the window host rebuilds the window in it.
    language_requested = Signal(str)

    def __init__(self, bridge: CoreBridge) -> None:
        super().__init__()
        self.bridge = bridge
        plant = bridge.plant
        self.setWindowTitle(f"CellDeck — {plant.site.name} — {plant.station.name}")
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = Header(bridge)
        self.banner = AlarmBanner(bridge)
        self.banner.open_alarms.connect(lambda: self.show_page("alarms"))
        outer.addWidget(self.header)
        outer.addWidget(self.banner)
        # Laid over the top of the page, not into the layout: nothing moves under the
        # person's finger and the window never outgrows a small screen.
        self.sign_out_warning = SignOutWarning(central)
        body = QHBoxLayout()
        body.setSpacing(0)
        outer.addLayout(body, 1)
        rail = QWidget()
        rail.setObjectName("NavRail")
        rail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        rail_layout = QVBoxLayout(rail)
        rail_layout.setContentsMargins(4, 2, 4, 2)
        rail_layout.setSpacing(0)
        self.pages = QStackedWidget()
        self.nav_buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for key, (label, page) in self._build_pages().items():
            button = QPushButton(label)
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, k=key: self.show_page(k))
            self._group.addButton(button)
            rail_layout.addWidget(button)
            self.nav_buttons[key] = button
            self.pages.addWidget(page)
            page.setProperty("pageKey", key)
        rail_layout.addStretch(1)
        # Kiosk: only an administrator leaves; the button shows when one is signed in.
        self.kiosk: KioskLock | None = None
        self.leave_kiosk_button = QPushButton(self.tr("Leave kiosk"))
        self.leave_kiosk_button.clicked.connect(self.leave_kiosk)
        self.leave_kiosk_button.hide()
        rail_layout.addWidget(self.leave_kiosk_button)
        # The screen's language, for this session and (signed in) as the person's own.
        self.language_box = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(current_language()))
        self.language_box.setAccessibleName(self.tr("Language"))
        self.language_box.activated.connect(
            lambda index: self.language_requested.emit(self.language_box.itemData(index))
        )
        # In the header beside the person: the rail has no room left on a 800 px panel.
        header_layout = self.header.layout()
        header_layout.insertWidget(
            header_layout.indexOf(self.header.user_label) + 1, self.language_box
        )
        self.kiosk_dialog: LeaveKioskDialog | None = None
        # The ten pages fit a 1280x800 panel; should the rail grow taller (Leave kiosk
        # at its foot), it scrolls by drag, like every list, rather than clip.
        rail_scroll = QScrollArea()
        rail_scroll.setObjectName("NavRailScroll")
        rail_scroll.setWidget(rail)
        rail_scroll.setWidgetResizable(True)
        rail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        rail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rail_scroll.setFixedWidth(200)
        QScroller.grabGesture(rail_scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        body.addWidget(rail_scroll)
        body.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # Supervisors' stations open on the fleet; kiosks on their plant overview.
        self.show_page("fleet" if plant.station.role == "supervisor" else "overview")
        self._second = QTimer(self)
        self._second.setInterval(1000)
        self._second.timeout.connect(self._tick)
        self._second.start()
        self.inactivity = InactivitySignOut(bridge, plant.station.sign_out_after, parent=self)
        self.inactivity.countdown.connect(self._show_sign_out_warning)
        self.inactivity.minutes_left.connect(self.header.show_minutes_left)
        bridge.actor_changed.connect(self._on_actor_changed)

    def _build_pages(self) -> dict[str, tuple[str, QWidget]]:
        bridge = self.bridge
        self.overview = OverviewPage(bridge)
        self.overview.equipment_requested.connect(self.show_equipment)
        self.trends = TrendsPage(bridge)
        self.fleet = FleetPage(bridge)
        self.fleet.unit_requested.connect(self.show_equipment)
        self.batches = BatchesPage(bridge)
        self.shuttles = ShuttlesPage(bridge)
        self.shuttles.batch_requested.connect(self.show_batch)
        self.qc = QcPage(bridge)
        self.environment = EnvironmentPage(bridge)
        self.alarms_page = AlarmsPage(bridge)
        self.alarms_page.equipment_requested.connect(self.show_equipment)
        self.admin = AdminPage(bridge)
        self.admin.sign_in_requested.connect(self.header.sign_in_or_out)
        self.records = RecordsPage(bridge)
        return {
            "overview": (self.tr("Overview"), self.overview),
            "fleet": (self.tr("Fleet"), self.fleet),
            "shuttles": (self.tr("Shuttles"), self.shuttles),
            "batches": (self.tr("Batches"), self.batches),
            "qc": (self.tr("QC"), self.qc),
            "environment": (self.tr("Environment"), self.environment),
            "alarms": (self.tr("Alarms"), self.alarms_page),
            "trends": (self.tr("Trends"), self.trends),
            "records": (self.tr("Records"), self.records),
            "admin": (self.tr("Admin"), self.admin),
        }

    def lock_kiosk(self) -> KioskLock:
        """Kiosk mode: full screen, frameless, on top, closed only by an administrator."""
        self.kiosk = KioskLock(self)
        self.kiosk.refused.connect(self._kiosk_refused)
        self._update_kiosk_button()
        return self.kiosk

    def _update_kiosk_button(self) -> None:
        self.leave_kiosk_button.setVisible(
            self.kiosk is not None
            and self.kiosk.locked
            and allowed(self.bridge.actor, Permission.USER_MANAGE)
        )

    def _kiosk_refused(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def leave_kiosk(self) -> None:
        self.kiosk_dialog = LeaveKioskDialog(self.bridge, self)
        self.kiosk_dialog.accepted.connect(self._left_kiosk)
        self.kiosk_dialog.open()

    def _left_kiosk(self) -> None:
        if self.kiosk is not None:
            self.kiosk.unlock()
        self.close()

    def show_page(self, key: str) -> None:
        if key not in self.nav_buttons:
            raise KeyError(f"no page {key!r}; pages: {', '.join(self.nav_buttons)}")
        self.nav_buttons[key].setChecked(True)
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if page.property("pageKey") == key:
                self.pages.setCurrentIndex(index)
                break

    def show_equipment(self, source: str) -> None:
        """Go to where an alarm's (or a unit's) equipment is shown in detail: a bay's
        cartridge view, a shuttle's level-2 view, the QC or Environment page; the
        overview outlines it too, for when the operator goes back there."""
        self.overview.highlight(source)
        device_id = source.split("/", 1)[0]
        kind = next((d.kind for d in self.bridge.plant.devices if d.id == device_id), None)
        if kind == "shuttle":
            self.show_page("shuttles")
            self.shuttles.show_source(source)
        elif kind == "cellq":
            self.show_page("qc")
            self.qc.highlight(device_id)
        elif kind == "environment":
            self.show_page("environment")
            self.environment.highlight(device_id)
        else:
            self.show_page("overview")

    def show_batch(self, batch_id: str) -> None:
        """A batch's detail on the Batches page (its steps, record and commands)."""
        self.show_page("batches")
        self.batches.open_batch(batch_id)

    @property
    def current_page(self) -> str:
        return str(self.pages.currentWidget().property("pageKey"))

    def _show_sign_out_warning(self, seconds: int) -> None:
        warning = self.sign_out_warning
        top = self.banner.geometry().bottom() + 1
        warning.setGeometry(0, top, self.centralWidget().width(), warning.minimumHeight())
        warning.show_seconds(seconds)
        warning.raise_()

    def _on_actor_changed(self, actor: Actor | None) -> None:
        self._update_kiosk_button()
        if actor is None:
            # Whatever the person left open (a half-typed signature, an account change)
            # goes with them; the next person starts from a clean screen.
            for dialog in self.findChildren(QDialog):
                if dialog.isVisible():
                    dialog.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.inactivity.stop()
        self._second.stop()
        super().closeEvent(event)

    def _tick(self) -> None:
        self.header.refresh()
        self.banner.refresh()
