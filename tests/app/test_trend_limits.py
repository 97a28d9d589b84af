"""What a trend draws beside a tag: alarm limits, the running phase's CPP limits, range."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from app.alarms.definitions import load_alarms
from app.alarms.engine import AlarmEngine
from app.batch.recipe import load_recipe, shipped_recipe_path
from app.trends import LimitKind, trend_limits
from hardware.catalog import shuttle_specs

TEMP = "shuttle-01/bay-03/bioreactor/temperature"


@dataclass
class RunningBatch:
    """The parts of a batch the trend reads: where it is and which phase runs."""

    batch_id: str
    shuttle_id: str
    bay: int
    current: object

    def cpp_path(self, cpp) -> str:
        return f"{self.shuttle_id}/bay-{self.bay:02d}/{cpp.tag}"


def test_limits_of_a_bay_temperature_during_a_phase_with_cpps(demo_plant):
    bound, problems = load_alarms(demo_plant)
    assert not problems
    engine = AlarmEngine(bound)
    recipe = load_recipe(shipped_recipe_path("car-t-autologous.toml"))
    phase_ref = next(ref for ref in recipe.phases if ref.phase.cpps)
    batches = SimpleNamespace(batches={"B-7": RunningBatch("B-7", "shuttle-01", 3, phase_ref)})
    spec = next(s for s in shuttle_specs("shuttle-01", 16) if s.path == TEMP)

    limits = trend_limits(TEMP, spec, engine, batches)  # type: ignore[arg-type]

    by_kind = {kind: [limit for limit in limits if limit.kind is kind] for kind in LimitKind}
    alarm_values = {
        definition.limit
        for alarm in engine.alarms.values()
        if alarm.bound.tag == TEMP
        and (definition := alarm.bound.definition).limit is not None
        and definition.condition.value in ("high", "high-high", "low", "low-low")
    }
    assert {limit.value for limit in by_kind[LimitKind.ALARM]} == alarm_values
    assert all(limit.label.endswith("°C") for limit in by_kind[LimitKind.ALARM])
    cpp = next(c for c in phase_ref.phase.cpps if c.tag == "bioreactor/temperature")
    assert sorted(limit.value for limit in by_kind[LimitKind.CPP]) == sorted(cpp.limits)
    assert "B-7" in by_kind[LimitKind.CPP][0].detail
    assert {limit.value for limit in by_kind[LimitKind.RANGE]} == {spec.low, spec.high}
    # Another bay's batch adds nothing to this bay's trend.
    other = SimpleNamespace(batches={"B-8": RunningBatch("B-8", "shuttle-01", 4, phase_ref)})
    assert not [
        limit
        for limit in trend_limits(TEMP, spec, engine, other)  # type: ignore[arg-type]
        if limit.kind is LimitKind.CPP
    ]


def test_a_tag_without_spec_alarms_or_batches_has_no_limits():
    assert trend_limits("x/y", None, None, None) == []
