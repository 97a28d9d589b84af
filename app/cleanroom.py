"""Cleanroom grades: the limits a room's monitor is read against.

Airborne particle limits per EU GMP Annex 1 (2022) table 6, monitoring limits for total
particle concentration, per cubic metre, at rest and in operation. Annex 1 gives a
guidance value of 10-15 Pa between rooms of different grades; temperature and humidity
are not Annex 1 limits but the site's comfort and product ranges. The paid standard
texts were not consulted: treat every number here as a configurable default and check
it against the site's contamination control strategy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Grade = Literal["A", "B", "C", "D"]


@dataclass(frozen=True, slots=True)
class GradeLimits:
    """Monitoring limits of one EU GMP grade; None = not specified for that state."""

    grade: Grade
    particles_0_5um_at_rest: float | None
    particles_5um_at_rest: float | None
    particles_0_5um_in_operation: float | None
    particles_5um_in_operation: float | None
    min_differential_pressure_pa: float = 10.0

    def particles(self, size: Literal["0_5um", "5um"]) -> tuple[float | None, float | None]:
        """(at rest, in operation) for ``size``."""
        if size == "0_5um":
            return self.particles_0_5um_at_rest, self.particles_0_5um_in_operation
        return self.particles_5um_at_rest, self.particles_5um_in_operation


GRADE_LIMITS: dict[str, GradeLimits] = {
    "A": GradeLimits("A", 3_520, 29, 3_520, 29),
    "B": GradeLimits("B", 3_520, 29, 352_000, 2_930),
    "C": GradeLimits("C", 352_000, 2_930, 3_520_000, 29_300),
    # In operation, grade D limits are set by the site's contamination control strategy.
    "D": GradeLimits("D", 3_520_000, 29_300, None, None),
}

# Site defaults for every grade (not Annex 1): (low, high).
ROOM_TEMPERATURE_C = (18.0, 25.0)
ROOM_HUMIDITY_RH = (30.0, 65.0)


def grade_limits(grade: str) -> GradeLimits:
    try:
        return GRADE_LIMITS[grade]
    except KeyError:
        raise ValueError(f"unknown cleanroom grade {grade!r}; grades: A, B, C, D") from None
