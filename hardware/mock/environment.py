"""A simulated cleanroom environmental monitoring system (one room)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from hardware.catalog import environment_specs
from hardware.tags import CommandFailed, TagSpec, TagValue

# Typical at-rest conditions of an EU GMP grade room: (temperature, RH, dP, 0.5 um, 5 um)
GRADE_BASELINE: dict[str, tuple[float, float, float, float, float]] = {
    "A": (20.0, 45.0, 30.0, 120.0, 0.0),
    "B": (20.0, 45.0, 15.0, 800.0, 4.0),
    "C": (21.0, 45.0, 10.0, 60_000.0, 150.0),
    "D": (21.5, 45.0, 5.0, 400_000.0, 1_500.0),
}


class EnvironmentModel:
    """Simulation behind a mock environment monitor: slow drift, noise, rare bursts."""

    def __init__(self, device_id: str, grade: str = "B", seed: int = 0) -> None:
        self.device_id = device_id
        self.grade = grade
        self.rng = random.Random(seed)
        base = GRADE_BASELINE[grade]
        self.temperature, self.humidity, self.pressure = base[0], base[1], base[2]
        self.particles_05, self.particles_5 = base[3], base[4]
        self._time = 0.0
        self._burst_s = 0.0
        self._specs = environment_specs(device_id)

    def specs(self) -> Sequence[TagSpec]:
        return self._specs

    def advance(self, dt: float, now: float) -> None:
        self._time += dt
        base = GRADE_BASELINE[self.grade]
        daily = math.sin(2 * math.pi * self._time / 86_400.0)
        self.temperature = base[0] + 0.3 * daily
        self.humidity = base[1] + 2.0 * daily
        self.pressure = base[2]
        if self._burst_s > 0:
            self._burst_s -= dt
        elif self.rng.random() < min(1.0, dt / 14_400.0):
            self._burst_s = 120.0  # someone moves fast near a sampling point
        factor = 3.0 if self._burst_s > 0 else 1.0
        self.particles_05 = base[3] * factor
        self.particles_5 = base[4] * factor

    def values(self) -> dict[str, TagValue]:
        rng, device = self.rng, self.device_id
        return {
            f"{device}/room/temperature": round(self.temperature + rng.gauss(0, 0.05), 2),
            f"{device}/room/relative_humidity": round(self.humidity + rng.gauss(0, 0.3), 1),
            f"{device}/room/differential_pressure": round(self.pressure + rng.gauss(0, 0.4), 1),
            f"{device}/room/particles_0_5um": float(
                round(max(0.0, rng.gauss(self.particles_05, self.particles_05 * 0.2 + 5)))
            ),
            f"{device}/room/particles_5um": float(
                round(max(0.0, rng.gauss(self.particles_5, self.particles_5 * 0.4 + 0.5)))
            ),
        }

    def write(self, path: str, value: TagValue) -> None:
        raise CommandFailed(f"{path} is not writable on {self.device_id}")

    def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        raise CommandFailed(f"{self.device_id} has no command {command!r}")
