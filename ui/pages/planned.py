"""Pages whose features are not built yet say so plainly, and say what they will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class PlannedPage(QWidget):
    def __init__(
        self, title: str, purpose: str, will_hold: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        heading = QLabel(title)
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(20, 16, 20, 16)
        status = QLabel(self.tr("Not available in this build."))
        status.setObjectName("SectionTitle")
        box.addWidget(status)
        intro = QLabel(purpose)
        intro.setWordWrap(True)
        box.addWidget(intro)
        box.addSpacing(8)
        box.addWidget(QLabel(self.tr("This page will hold:")))
        self.items = QLabel("\n".join(f"•  {item}" for item in will_hold))
        self.items.setWordWrap(True)
        box.addWidget(self.items)
        layout.addWidget(card)
        layout.addStretch(1)
