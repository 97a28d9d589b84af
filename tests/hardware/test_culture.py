"""The simulated culture behaves like T cells: it grows, eats, acidifies and starves."""

import math

from hardware.mock.culture import DAY, HOUR, Culture


def run(culture: Culture, seconds: float, growth: float = 1.0, feed: bool = False) -> None:
    step = 600.0
    for _ in range(int(seconds / step)):
        culture.control(step)
        culture.grow(step, growth)
        if feed:
            culture.feed()


def test_low_density_culture_doubles_in_24_to_36_hours():
    culture = Culture(viable=0.5, dead=0.0, glucose=4.5)
    run(culture, 24 * HOUR)
    after_one_day = culture.viable
    doubling_h = 24 * math.log(2) / math.log(after_one_day / 0.5)
    assert 24 <= doubling_h <= 36


def test_glucose_is_consumed_and_lactate_produced_with_ph_falling():
    culture = Culture(viable=5.0, dead=0.0, glucose=4.5, lactate=0.1)
    ph_before = culture.ph
    run(culture, 12 * HOUR)
    assert culture.glucose < 4.5
    assert culture.lactate > 0.1
    assert culture.ph < ph_before


def test_starving_culture_loses_viability_and_fed_culture_keeps_it():
    starving = Culture(viable=10.0, dead=0.5, glucose=0.5)
    fed = Culture(viable=10.0, dead=0.5, glucose=0.5)
    run(starving, 3 * DAY)
    run(fed, 3 * DAY, feed=True)
    assert starving.viability < 80.0
    assert fed.viability > 90.0
    assert fed.feeds > 0


def test_temperature_loop_reaches_setpoint():
    culture = Culture(temperature=22.0, temperature_sp=37.0)
    culture.control(3 * HOUR)
    assert abs(culture.temperature - 37.0) < 0.01
