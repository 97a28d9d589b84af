"""SimClock: the equipment's clock, which may run faster than real time.

A ten-day expansion at 1000x plays out in under fifteen minutes; tests run a whole
culture in seconds. Source timestamps of simulated samples come from this clock;
receive timestamps always come from the wall clock.
"""

from __future__ import annotations

import time


class SimClock:
    """Simulated time in epoch seconds, advancing ``speed`` times faster than the wall."""

    def __init__(self, speed: float = 1.0, start: float | None = None) -> None:
        if speed <= 0:
            raise ValueError(f"simulation speed must be positive, got {speed}")
        self._speed = speed
        self._anchor_wall = time.monotonic()
        self._anchor_sim = time.time() if start is None else start

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError(f"simulation speed must be positive, got {speed}")
        # Re-anchor so simulated time stays continuous across a speed change.
        self._anchor_sim = self.now()
        self._anchor_wall = time.monotonic()
        self._speed = speed

    def now(self) -> float:
        return self._anchor_sim + (time.monotonic() - self._anchor_wall) * self._speed

    def wall_seconds(self, sim_seconds: float) -> float:
        """How long ``sim_seconds`` of equipment time take on the wall."""
        return sim_seconds / self._speed
