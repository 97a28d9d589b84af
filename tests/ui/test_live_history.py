"""The last hour of tracked tags: fixed rings, coarse buckets, gaps for doubtful data."""

from __future__ import annotations

import math

import numpy as np

from hardware import Quality, QualityReason, Sample
from ui.live_history import LiveHistory


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_points_are_bucketed_kept_for_the_span_and_gaps_stay_gaps():
    clock = Clock()
    history = LiveHistory(clock, span_s=100.0, resolution_s=10.0)
    path = "s/bay-01/bioreactor/temperature"
    history.track([path], {path: Sample(path, 36.0)})
    assert history.tracked == 1 and history.is_tracked(path)
    history.feed({"other/tag": Sample("other/tag", 1.0)})  # untracked: ignored
    for step in range(1, 30):
        clock.now += 5.0  # two samples per bucket: the latest wins
        good = step != 20
        sample = Sample(
            path,
            36.0 + step,
            Quality.GOOD if good else Quality.BAD,
            None if good else QualityReason.COMM_LOSS,
        )
        history.feed({path: sample})
    times, values = history.series(path)
    assert len(times) == len(values) <= history.capacity
    assert np.all(np.diff(times) >= 10.0)
    assert times[0] >= clock.now - 100.0 and times[-1] <= clock.now
    assert values[-1] == 36.0 + 29
    assert any(math.isnan(v) for v in values)  # the bad sample is a gap, not a point
    assert history.series("not/tracked")[0].size == 0


def test_ring_wraps_without_growing():
    clock = Clock()
    history = LiveHistory(clock, span_s=50.0, resolution_s=10.0)
    path = "x"
    history.track([path])
    for step in range(100):
        clock.now += 10.0
        history.feed({path: Sample(path, float(step))})
    times, values = history.series(path)
    assert list(values) == [95.0, 96.0, 97.0, 98.0, 99.0]
    assert list(np.diff(times)) == [10.0] * 4
