"""The alarm engine against samples, delays, people and floods."""

import pytest

from app.alarms.engine import FLOOD_WINDOW_S
from app.alarms.states import AlarmState, IllegalTransition
from app.security import PermissionDenied
from hardware import ConnectionState, Quality, QualityReason, Sample
from tests.app.alarms.conftest import definition

TEMP = "shuttle-01/bay-01/bioreactor/temperature"
ALARM = "temp-high@shuttle-01/bay-01"


def sample(path, value, quality=Quality.GOOD, reason=None, t=0.0):
    return Sample(path, value, quality, reason, t, t)


def test_high_alarm_activates_and_clears_through_deadband(make_engine, operator):
    engine = make_engine(definition(deadband=0.2))
    records = []
    engine.on_record(records.append)
    engine.on_samples([sample(TEMP, 37.4)])
    assert engine.alarms[ALARM].state is AlarmState.NORM
    engine.on_samples([sample(TEMP, 37.6)])
    assert engine.alarms[ALARM].state is AlarmState.UNACK
    engine.on_samples([sample(TEMP, 37.4)])  # below limit, inside deadband: still active
    assert engine.alarms[ALARM].active
    engine.on_samples([sample(TEMP, 37.2)])
    assert engine.alarms[ALARM].state is AlarmState.RTNUN
    assert engine.acknowledge([ALARM], operator) == 1
    assert engine.alarms[ALARM].state is AlarmState.NORM
    assert [r.event for r in records] == ["activate", "clear", "acknowledge"]
    assert records[-1].user == "op1"
    assert records[0].value == 37.6 and records[0].limit == 37.5


def test_on_delay_filters_short_excursions(make_engine, clock):
    engine = make_engine(definition(on_delay_s=60))
    engine.on_samples([sample(TEMP, 38.0)])
    clock.advance(30)
    engine.on_samples([sample(TEMP, 37.0)])  # back before the delay ran out
    clock.advance(60)
    engine.tick()
    assert engine.alarms[ALARM].state is AlarmState.NORM
    engine.on_samples([sample(TEMP, 38.0)])
    clock.advance(61)
    engine.tick()  # no new sample needed: the timer activates it
    assert engine.alarms[ALARM].state is AlarmState.UNACK


def test_off_delay_holds_the_alarm_through_brief_dips(make_engine, clock):
    engine = make_engine(definition(off_delay_s=30))
    engine.on_samples([sample(TEMP, 38.0)])
    engine.on_samples([sample(TEMP, 37.0)])
    assert engine.alarms[ALARM].active
    clock.advance(10)
    engine.on_samples([sample(TEMP, 38.0)])
    clock.advance(40)
    engine.tick()
    assert engine.alarms[ALARM].active
    engine.on_samples([sample(TEMP, 37.0)])
    clock.advance(31)
    engine.tick()
    assert not engine.alarms[ALARM].active
    assert engine.alarms[ALARM].state is AlarmState.RTNUN


def test_doubtful_data_neither_raises_nor_clears(make_engine):
    engine = make_engine(definition())
    engine.on_samples([sample(TEMP, 38.0)])
    engine.on_samples([sample(TEMP, 20.0, Quality.BAD, QualityReason.COMM_LOSS)])
    assert engine.alarms[ALARM].state is AlarmState.UNACK
    engine.on_samples([sample(TEMP, 20.0, Quality.UNCERTAIN, QualityReason.STALE)])
    assert engine.alarms[ALARM].active


def test_deviation_uses_the_live_setpoint(make_engine):
    engine = make_engine(
        definition(
            id="dev", condition="deviation", limit=1.0, setpoint_tag="bioreactor/temperature_sp"
        )
    )
    alarm = engine.alarms["dev@shuttle-01/bay-01"]
    engine.on_samples([sample("shuttle-01/bay-01/bioreactor/temperature_sp", 37.0)])
    engine.on_samples([sample(TEMP, 37.8)])
    assert not alarm.active
    engine.on_samples([sample("shuttle-01/bay-01/bioreactor/temperature_sp", 36.0)])
    engine.on_samples([sample(TEMP, 37.8)])
    assert alarm.active


def test_rate_of_change_per_minute(make_engine):
    engine = make_engine(definition(id="rate", condition="rate", limit=0.5))
    alarm = engine.alarms["rate@shuttle-01/bay-01"]
    engine.on_samples([sample(TEMP, 37.0, t=0.0)])
    engine.on_samples([sample(TEMP, 37.2, t=60.0)])
    assert not alarm.active
    engine.on_samples([sample(TEMP, 38.2, t=120.0)])
    assert alarm.active


def test_discrete_and_latching_alarm_needs_reset(make_engine, operator):
    engine = make_engine(
        definition(
            id="fault",
            tag="process/state",
            condition="discrete",
            state="fault",
            limit=None,
            latching=True,
            priority="high",
        )
    )
    alarm_id = "fault@shuttle-01/bay-01"
    path = "shuttle-01/bay-01/process/state"
    engine.on_samples([sample(path, "fault")])
    engine.on_samples([sample(path, "stopped")])
    assert engine.alarms[alarm_id].state is AlarmState.LATCH_UNACK
    engine.acknowledge([alarm_id], operator)
    assert engine.alarms[alarm_id].state is AlarmState.LATCH_ACK
    engine.reset(alarm_id, operator)
    assert engine.alarms[alarm_id].state is AlarmState.NORM


def test_reset_refused_while_still_active(make_engine, operator):
    engine = make_engine(
        definition(
            id="fault",
            tag="process/state",
            condition="discrete",
            state="fault",
            limit=None,
            latching=True,
        )
    )
    engine.on_samples([sample("shuttle-01/bay-01/process/state", "fault")])
    with pytest.raises(IllegalTransition, match="still active"):
        engine.reset("fault@shuttle-01/bay-01", operator)


def test_comm_loss_alarm_follows_the_connection(make_engine):
    engine = make_engine(
        definition(
            id="comm",
            scope="device",
            device_kind="shuttle",
            tag="",
            condition="bad-quality",
            limit=None,
            priority="high",
        )
    )
    engine.on_connection("shuttle-02", ConnectionState.CONNECTING)
    assert not engine.alarms["comm@shuttle-02"].active
    engine.on_connection("shuttle-02", ConnectionState.LOST)
    assert engine.alarms["comm@shuttle-02"].state is AlarmState.UNACK
    assert engine.alarms["comm@shuttle-01"].state is AlarmState.NORM
    engine.on_connection("shuttle-02", ConnectionState.CONNECTED)
    assert engine.alarms["comm@shuttle-02"].state is AlarmState.RTNUN


def test_suppressed_by_design_while_bay_is_empty(make_engine):
    engine = make_engine(definition(suppress_when_state=["empty"]))
    records = []
    engine.on_record(records.append)
    engine.on_samples([sample("shuttle-01/bay-01/process/state", "empty")])
    assert engine.alarms[ALARM].state is AlarmState.DSUPR
    engine.on_samples([sample(TEMP, 45.0)])
    assert engine.alarms[ALARM].state is AlarmState.DSUPR  # not annunciated...
    assert records[-1].event == "activate"  # ...but journaled
    engine.on_samples([sample("shuttle-01/bay-01/process/state", "running")])
    assert engine.alarms[ALARM].state is AlarmState.UNACK


def test_shelving_needs_a_supervisor_and_a_reason_and_expires(
    make_engine, clock, operator, supervisor
):
    engine = make_engine(definition())
    engine.on_samples([sample(TEMP, 38.0)])
    with pytest.raises(PermissionDenied, match="operator"):
        engine.shelve(ALARM, operator, 600, "sensor being replaced")
    with pytest.raises(PermissionDenied, match="sign in first"):
        engine.shelve(ALARM, None, 600, "x")
    with pytest.raises(ValueError, match="reason"):
        engine.shelve(ALARM, supervisor, 600, "  ")
    engine.shelve(ALARM, supervisor, 600, "sensor being replaced")
    assert engine.alarms[ALARM].state is AlarmState.SHLVD
    clock.advance(601)
    engine.tick()
    assert engine.alarms[ALARM].state is AlarmState.UNACK  # still active: back to UNACK


def test_out_of_service_and_back(make_engine, operator, supervisor):
    engine = make_engine(definition())
    with pytest.raises(PermissionDenied):
        engine.remove_from_service(ALARM, operator, "calibration")
    engine.remove_from_service(ALARM, supervisor, "calibration")
    engine.on_samples([sample(TEMP, 39.0)])
    assert engine.alarms[ALARM].state is AlarmState.OOSRV
    engine.return_to_service(ALARM, supervisor)
    assert engine.alarms[ALARM].state is AlarmState.UNACK


def test_acknowledge_needs_a_signed_in_user(make_engine):
    engine = make_engine(definition())
    engine.on_samples([sample(TEMP, 38.0)])
    with pytest.raises(PermissionDenied, match="sign in"):
        engine.acknowledge([ALARM], None)
    assert engine.alarms[ALARM].state is AlarmState.UNACK


def test_acknowledge_all_of_one_area(make_engine, operator):
    engine = make_engine(definition())
    engine.on_samples(
        [
            sample(TEMP, 38.0),
            sample("shuttle-01/bay-02/bioreactor/temperature", 38.0),
            sample("shuttle-02/bay-01/bioreactor/temperature", 38.0),
        ]
    )
    assert engine.acknowledge_all(operator, area="Hall A") == 2
    assert engine.alarms["temp-high@shuttle-02/bay-01"].state is AlarmState.UNACK


def test_flood_starts_above_10_in_10_minutes_and_names_the_first_out(make_engine, clock):
    definitions = [definition(id=f"t{n}", limit=37.0 + n * 0.1) for n in range(6)]
    engine = make_engine(*definitions)
    # Two bays x six alarms in Hall A = 12 activations within a minute.
    for value in (37.05, 37.15, 37.25, 37.35, 37.45, 37.55, 38.0):
        engine.on_samples([sample(TEMP, value)])
        engine.on_samples([sample("shuttle-01/bay-02/bioreactor/temperature", value)])
        clock.advance(5)
    engine.tick()
    engine.publish()
    snapshot = engine.snapshot()
    assert snapshot.flooded_areas == ("Hall A",)
    first = [view for view in snapshot.alarms if view.first_out]
    assert [view.alarm_id for view in first] == ["t0@shuttle-01/bay-01"]
    assert len([v for v in snapshot.alarms if v.state is AlarmState.UNACK]) == 12  # none lost
    clock.advance(FLOOD_WINDOW_S + 1)
    engine.tick()
    engine.publish()
    assert engine.snapshot().flooded_areas == ()
    assert engine.flood_seconds["Hall A"] > 0


def test_snapshot_counts_unacknowledged_by_priority(make_engine, operator):
    engine = make_engine(definition(), definition(id="hh", limit=39.0, priority="critical"))
    engine.on_samples([sample(TEMP, 40.0)])
    engine.publish()
    snapshot = engine.snapshot()
    assert snapshot.counts == {"critical": 1, "high": 0, "medium": 1, "low": 0}
    engine.acknowledge([ALARM], operator)
    engine.publish()
    assert engine.snapshot().counts["medium"] == 0
    assert engine.snapshot().version > snapshot.version
