"""The trend's value axis labels ticks in the pen's units, on the tick grid."""

from __future__ import annotations

import pytest

from ui.widgets.trend_plot import ScaledValueAxis


# Scales the trends page made (5 % below the lowest value, room above the highest) whose
# zero tick came back from the 0..1 view as 7.10543e-15 or 8.88178e-16.
@pytest.mark.parametrize(
    ("low", "high"),
    [(-56.5481814302084, 115.60400373498436), (-7.962398472930497, 49.95223285042321), (6.5, 7.7)],
)
def test_value_axis_labels_ticks_without_floating_point_noise(qapp, low, high):
    axis = ScaledValueAxis()
    axis.set_scale(low, high)
    for spacing, positions in axis.tickValues(0.0, 1.0, 400):
        for text in axis.tickStrings(positions, 1.0, spacing):
            assert "e-" not in text and "e+" not in text, (low, high, text)
            value = float(text)
            step = spacing * (high - low)
            assert abs(value / step - round(value / step)) < 1e-6, (text, step)
