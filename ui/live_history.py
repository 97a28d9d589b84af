"""The last hour of a few tags, kept from the bridge's frames for small trends.

Not the historian: it holds only tags a screen asked for, at a coarse resolution, in
fixed-size arrays (no allocation per frame), and starts when the tag is first tracked.
Times are plant time (the station's clock), so an accelerated simulation shows an hour of
process, not an hour of wall clock. A doubtful sample is stored as a gap (NaN), never as
a point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from hardware import Sample

SPAN_S = 3600.0
RESOLUTION_S = 10.0


class _Ring:
    """A fixed ring whose newest ``count`` points are always one contiguous slice: every
    point is written twice, at ``i`` and ``i + capacity``."""

    __slots__ = ("capacity", "count", "index", "times", "values")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.times = np.full(2 * capacity, np.nan)
        self.values = np.full(2 * capacity, np.nan)
        self.index = 0  # where the next point goes
        self.count = 0

    def add(self, time: float, value: float, resolution: float) -> None:
        capacity = self.capacity
        if self.count and time - self.times[(self.index - 1) % capacity] < resolution:
            slot = (self.index - 1) % capacity  # same bucket: the latest value wins,
            if math.isnan(self.values[slot]):  # except over a gap: doubt is not averaged away
                return
        else:
            slot = self.index
            self.index = (self.index + 1) % capacity
            self.count = min(self.count + 1, capacity)
            self.times[slot] = self.times[slot + capacity] = time
        self.values[slot] = self.values[slot + capacity] = value

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        start = (self.index - self.count) % self.capacity
        end = start + self.count
        return self.times[start:end], self.values[start:end]


class LiveHistory:
    """Rolling history of the tracked tags, fed once per frame."""

    def __init__(
        self,
        clock: Callable[[], float],
        span_s: float = SPAN_S,
        resolution_s: float = RESOLUTION_S,
    ) -> None:
        self.clock = clock
        self.span_s = span_s
        self.resolution_s = resolution_s
        self.capacity = max(2, int(span_s / resolution_s))
        self._rings: dict[str, _Ring] = {}

    def track(self, paths: Iterable[str], latest: Mapping[str, Sample] | None = None) -> None:
        """Start keeping ``paths`` (already tracked ones go on unchanged), seeded with
        their latest sample so a trend has a first point at once."""
        now = self.clock()
        for path in paths:
            if path not in self._rings:
                ring = self._rings[path] = _Ring(self.capacity)
                sample = latest.get(path) if latest is not None else None
                if sample is not None:
                    ring.add(now, _number(sample), self.resolution_s)

    def is_tracked(self, path: str) -> bool:
        return path in self._rings

    @property
    def tracked(self) -> int:
        return len(self._rings)

    def feed(self, changes: Mapping[str, Sample]) -> None:
        rings = self._rings
        if not rings or not changes:
            return
        now = self.clock()
        resolution = self.resolution_s
        for path in rings.keys() & changes.keys():  # matched in C; few tags are tracked
            rings[path].add(now, _number(changes[path]), resolution)

    def series(self, path: str) -> tuple[np.ndarray, np.ndarray]:
        """Times (plant epoch seconds) and values of the last span; empty if untracked."""
        ring = self._rings.get(path)
        if ring is None:
            return np.empty(0), np.empty(0)
        times, values = ring.view()
        if ring.count:
            cutoff = self.clock() - self.span_s
            first = int(np.searchsorted(times, cutoff))
            return times[first:], values[first:]
        return times, values


def _number(sample: Sample) -> float:
    value = sample.value
    if not sample.is_good or isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    return float(value)
