"""Normal ranges from alarm definitions, Cell Q data at the boundary, cleanroom grades."""

from __future__ import annotations

import json

import pytest

from app.alarms.definitions import load_alarms
from app.alarms.limits import NO_LIMITS, LimitTable
from app.batch import load_recipe
from app.batch.recipe import QcSpec, shipped_recipe_path
from app.cleanroom import GRADE_LIMITS, grade_limits
from app.qc import AssayRun, QcDataError, Verdict, judge, parse_samples, release_specs


@pytest.fixture
def limits(demo_plant) -> LimitTable:
    bound, problems = load_alarms(demo_plant)
    assert problems == []
    return LimitTable(bound)


def test_culture_temperature_normal_band_comes_from_its_alarms(limits):
    path = "shuttle-01/bay-03/bioreactor/temperature"
    found = limits.for_tag(path, state="running", module="bioreactor-expansion")
    assert (found.low, found.high, found.high_high) == (36.0, 37.8, 39.0)
    assert found.deviation == 1.0
    assert found.setpoint_tag == "shuttle-01/bay-03/bioreactor/temperature_sp"
    assert found.normal_band(37.0) == (36.0, 37.8)
    assert found.normal_band(36.5) == (36.0, 37.5)  # the deviation band is narrower


def test_alarms_suppressed_by_design_define_no_normal_range(limits):
    path = "shuttle-01/bay-03/bioreactor/temperature"
    assert limits.for_tag(path, state="running", module="controlled-rate-freezing") is NO_LIMITS
    assert limits.for_tag(path, state="idle") is NO_LIMITS
    ph = limits.for_tag("shuttle-01/bay-03/bioreactor/ph", state="running", module="activation")
    assert ph.normal_band() == (6.75, None)
    assert limits.for_tag("shuttle-01/bay-03/bioreactor/lactate").empty


def test_room_limits_follow_the_grade_of_the_room(limits):
    # The demo room is grade C: its particle alarm sits at the grade C at-rest limit.
    found = limits.for_tag("env-hall-a/room/particles_0_5um")
    assert found.high == GRADE_LIMITS["C"].particles_0_5um_at_rest == 352_000
    assert limits.for_tag("env-hall-a/room/differential_pressure").low == 5.0


def test_cleanroom_grades_are_stricter_towards_a():
    at_rest = [GRADE_LIMITS[g].particles_0_5um_at_rest for g in "ABCD"]
    assert at_rest == sorted(at_rest)
    assert grade_limits("B").particles("5um") == (29, 2_930)
    assert grade_limits("D").particles("0_5um") == (3_520_000, None)
    with pytest.raises(ValueError, match="unknown cleanroom grade 'E'"):
        grade_limits("E")


def _run(**fields) -> AssayRun:
    return AssayRun.model_validate({"assay": "endotoxin", "status": "done", **fields})


def test_results_are_judged_against_the_release_specification():
    spec = QcSpec(assay="endotoxin", unit="EU/mL", high=0.5)
    assert judge(_run(result=0.2, passed=True), spec) is Verdict.PASS
    assert judge(_run(result=0.8, passed=True), spec) is Verdict.FAIL  # station's spec rules
    assert judge(_run(result=0.2, passed=False), spec) is Verdict.FAIL  # instrument's fail stands
    assert judge(_run(result=0.2), None) is Verdict.NO_SPECIFICATION
    assert judge(_run(status="running", remaining_s=900), spec) is Verdict.PENDING


def test_release_specs_come_from_the_released_qc_recipe():
    specs = release_specs([load_recipe(shipped_recipe_path("qc-release.toml"))])
    assert specs["cell-count-viability"].low == 70.0
    assert specs["endotoxin"].high == 0.5
    assert specs["sterility"].high == 0.0


def test_queue_json_is_parsed_with_progress_and_bad_data_is_refused_with_a_reason():
    text = json.dumps(
        [
            {
                "sample_id": "QC-1",
                "coi": "COI-1",
                "assays": [
                    {"assay": "endotoxin", "status": "running", "remaining_s": 900},
                    {"assay": "sterility", "status": "queued", "remaining_s": 0},
                ],
                "firmware_extra": 1,
            }
        ]
    )
    [sample] = parse_samples(text)
    assert sample.sample_id == "QC-1"
    assert sample.assays[0].progress == pytest.approx(0.75)
    assert sample.assays[1].progress == 0.0
    assert parse_samples(None) == [] and parse_samples("") == []
    with pytest.raises(QcDataError, match=r"at 0\.assays\.0\.status"):
        parse_samples('[{"sample_id": "x", "assays": [{"assay": "a", "status": "lost"}]}]')
    with pytest.raises(QcDataError, match="unreadable"):
        parse_samples("[{")
    with pytest.raises(QcDataError, match="not JSON text"):
        parse_samples(3.0)
