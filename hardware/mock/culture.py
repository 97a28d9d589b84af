"""T-cell culture physics for the simulated Cell Shuttle bays.

Plausible, not a digital twin: logistic growth doubling about every 30 h at 37 °C,
glucose consumed and lactate produced with pH following, temperature, dissolved oxygen
and CO2 held by first-order control loops, viability falling when the culture starves.
All rates are per simulated second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

HOUR = 3600.0
DAY = 24 * HOUR

DOUBLING_TIME_S = 30 * HOUR
MU_MAX = math.log(2) / DOUBLING_TIME_S
CARRYING_CAPACITY = 35.0  # 1e6 cells/mL
GLUCOSE_PER_CELL_HOUR = 2.0e-11  # g per cell per hour
LACTATE_YIELD = 0.9  # g lactate per g glucose
MEDIA_GLUCOSE = 4.5  # g/L in fresh media
DEATH_RATE = 0.002 / HOUR
STARVATION_DEATH_RATE = 0.06 / HOUR
TEMPERATURE_TAU_S = 600.0
MAX_VOLUME_ML = 600.0
FEED_VOLUME_ML = 100.0


@dataclass(slots=True)
class Culture:
    """The true (unmeasured) state of one cartridge's cells and medium."""

    viable: float = 1.0  # 1e6 cells/mL
    dead: float = 0.05  # 1e6 cells/mL
    glucose: float = MEDIA_GLUCOSE  # g/L
    lactate: float = 0.1  # g/L
    volume: float = 100.0  # mL
    temperature: float = 37.0
    temperature_sp: float = 37.0
    dissolved_oxygen: float = 40.0
    dissolved_oxygen_sp: float = 40.0
    co2: float = 5.0
    co2_sp: float = 5.0
    glucose_feed_sp: float = 1.5
    age_s: float = 0.0
    feeds: int = 0

    @property
    def viability(self) -> float:
        total = self.viable + self.dead
        return 100.0 * self.viable / total if total > 0 else 0.0

    @property
    def ph(self) -> float:
        # Lactic acid and dissolved CO2 both acidify; bicarbonate buffer near 7.4.
        value = 7.42 - 0.20 * self.lactate - 0.04 * (self.co2 - 5.0)
        return min(8.0, max(6.0, value))

    def control(self, dt: float) -> None:
        """Temperature, DO and CO2 loops approach their setpoints (exact first order)."""
        decay = math.exp(-dt / TEMPERATURE_TAU_S)
        self.temperature = self.temperature_sp + (self.temperature - self.temperature_sp) * decay
        fast = math.exp(-dt / 120.0)
        self.co2 = self.co2_sp + (self.co2 - self.co2_sp) * fast
        # Oxygen uptake pulls DO below setpoint as the culture gets dense.
        do_target = max(5.0, self.dissolved_oxygen_sp - min(20.0, 0.45 * self.viable))
        self.dissolved_oxygen = do_target + (self.dissolved_oxygen - do_target) * fast

    def grow(self, dt: float, growth_factor: float) -> None:
        """Advance cells and metabolites by ``dt`` seconds (call with dt <= ~30 min)."""
        self.age_s += dt
        temperature_factor = math.exp(-(((self.temperature - 37.0) / 3.0) ** 2))
        glucose_factor = self.glucose / (self.glucose + 0.25)
        mu = MU_MAX * growth_factor * temperature_factor * glucose_factor
        mu *= max(0.0, 1.0 - (self.viable + self.dead * 0.3) / CARRYING_CAPACITY)
        death = DEATH_RATE + (STARVATION_DEATH_RATE if self.glucose < 0.3 else 0.0)
        if self.temperature > 40.0 or self.temperature < 30.0:
            death += 0.03 / HOUR
        new_viable = self.viable * math.exp((mu - death) * dt)
        died = self.viable * (1 - math.exp(-death * dt))
        self.dead += died
        cells_per_l = self.viable * 1e9  # 1e6/mL -> cells/L
        consumed = min(self.glucose, cells_per_l * GLUCOSE_PER_CELL_HOUR * dt / HOUR)
        self.glucose -= consumed
        self.lactate = min(5.0, self.lactate + consumed * LACTATE_YIELD)
        self.viable = new_viable

    def feed(self) -> float:
        """Add or exchange media when glucose runs low; returns litres of media used."""
        if self.glucose >= self.glucose_feed_sp:
            return 0.0
        self.feeds += 1
        if self.volume + FEED_VOLUME_ML <= MAX_VOLUME_ML:
            fraction = FEED_VOLUME_ML / (self.volume + FEED_VOLUME_ML)
            self.viable *= 1 - fraction
            self.dead *= 1 - fraction
            self.volume += FEED_VOLUME_ML
            used_ml = FEED_VOLUME_ML
        else:
            # Full bag: exchange half the medium, cells retained by the membrane.
            fraction = 0.5
            used_ml = self.volume * fraction
            self.dead *= 0.7
        self.glucose = self.glucose * (1 - fraction) + MEDIA_GLUCOSE * fraction
        self.lactate *= 1 - fraction
        return used_ml / 1000.0

    def concentrate(self, new_volume: float, recovery: float) -> None:
        """Wash/concentrate or formulate into ``new_volume`` mL, keeping ``recovery``."""
        ratio = self.volume / new_volume
        self.viable *= ratio * recovery
        self.dead *= ratio * 0.3
        self.volume = new_volume
        self.glucose = 0.0
        self.lactate = 0.0
