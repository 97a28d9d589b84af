import math

import pytest

from hardware import (
    InvalidValue,
    Quality,
    QualityReason,
    ReadOnlyTag,
    Sample,
    SetpointOutOfRange,
    TagKind,
    TagSpec,
)

SETPOINT = TagSpec(
    "s/bay-01/bioreactor/temperature_sp",
    "Temperature setpoint",
    "°C",
    TagKind.ANALOG,
    30.0,
    40.0,
    writable=True,
)


def test_setpoint_inside_range_is_accepted_and_coerced_to_float():
    assert SETPOINT.check_write(37) == 37.0
    assert isinstance(SETPOINT.check_write(37), float)


@pytest.mark.parametrize("value", [29.9, 40.01, -1e9])
def test_setpoint_outside_range_names_tag_value_and_range(value):
    with pytest.raises(SetpointOutOfRange) as error:
        SETPOINT.check_write(value)
    message = str(error.value)
    assert "temperature_sp" in message and "30.0-40.0 °C" in message


@pytest.mark.parametrize("value", [math.nan, math.inf, "37", True, None])
def test_setpoint_rejects_non_numbers(value):
    with pytest.raises(InvalidValue):
        SETPOINT.check_write(value)


def test_read_only_tag_refuses_writes():
    measured = TagSpec(
        "s/bay-01/bioreactor/temperature", "Temperature", "°C", TagKind.ANALOG, -100, 50
    )
    with pytest.raises(ReadOnlyTag, match="read-only"):
        measured.check_write(37.0)


def test_text_choices_are_enforced():
    spec = TagSpec("x/mode", "Mode", kind=TagKind.TEXT, writable=True, choices=("a", "b"))
    assert spec.check_write("a") == "a"
    with pytest.raises(InvalidValue, match="one of a, b"):
        spec.check_write("c")


def test_degraded_sample_keeps_value_and_marks_quality():
    sample = Sample("x/t", 37.0, Quality.GOOD, None, 10.0, 11.0)
    bad = sample.degraded(Quality.BAD, QualityReason.COMM_LOSS, 20.0)
    assert bad.value == 37.0 and bad.quality is Quality.BAD
    assert bad.reason is QualityReason.COMM_LOSS and bad.receive_time == 20.0
    assert not bad.is_good and sample.is_good
