"""Small pieces shared by the touch forms (administration, password change)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

FIELD_HEIGHT_PX = 56  # the touch target of a form's fields; >= 48 px for gloved hands


def form_label(text: str, height: int = FIELD_HEIGHT_PX) -> QLabel:
    """A form row's name, centred on its touch-sized field rather than on its top edge."""
    label = QLabel(text)
    label.setMinimumHeight(height)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label
