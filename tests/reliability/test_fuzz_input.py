"""Fuzzing what people type and scan: keypad setpoints to the device front end, barcodes
and entries to the batch engine. Every refusal is the module's own error with a
sentence, and nothing that should stay is touched (equipment, step progress, state);
what a refusal must record (a wrong patient's label) is recorded exactly once."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.batch import BatchState, EntryOutOfLimits, IdentityMismatch, StepRefused
from app.station import Station
from hardware import CellShuttle, HardwareError, SimClock, TagKind, TagSpec
from hardware.mock import MockBackend, ShuttleModel
from tests.reliability.conftest import OPERATOR, start_batch
from tests.reliability.fuzzing import NUMBERS, TEXT, fuzz

# Anything a keypad, a scanner or a careless caller can hand over.
ANYTHING = st.one_of(
    NUMBERS,
    st.sampled_from([10**400, -(10**400), 10**5000, "37", "1e3", "", " ", "nan", "37,5"]),
    TEXT,
    st.booleans(),
    st.none(),
    st.binary(max_size=4),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def tag_specs(draw: st.DrawFn) -> TagSpec:
    kind = draw(st.sampled_from(TagKind))
    limits = draw(st.lists(st.floats(-1e6, 1e6) | st.none(), min_size=2, max_size=2))
    low, high = limits
    if low is not None and high is not None and low > high:
        low, high = high, low
    return TagSpec(
        path="shuttle-01/bay-01/fuzz/tag",
        description="a tag",
        unit=draw(st.sampled_from(["", "°C", "%", "g/L"])),
        kind=kind,
        low=low,
        high=high,
        writable=draw(st.booleans()),
        decimals=draw(st.integers(0, 6)),
        choices=tuple(draw(st.lists(TEXT, max_size=3))),
    )


@fuzz(150)
@given(spec=tag_specs(), value=ANYTHING)
def test_a_setpoint_is_accepted_as_its_type_or_refused_with_a_hardware_error(spec, value):
    try:
        checked = spec.check_write(value)
    except HardwareError as refused:
        assert spec.path in str(refused)
        return
    assert spec.writable
    if spec.kind is TagKind.ANALOG:
        assert isinstance(checked, float) and math.isfinite(checked)
        assert spec.low is None or checked >= spec.low
        assert spec.high is None or checked <= spec.high
    elif spec.kind is TagKind.DISCRETE:
        assert isinstance(checked, bool)
    else:
        assert isinstance(checked, str) and (not spec.choices or checked in spec.choices)


@pytest.fixture
async def shuttle() -> AsyncIterator[tuple[CellShuttle, list[tuple[str, object]]]]:
    """A simulated shuttle and the writes that reached its equipment."""
    model = ShuttleModel("shuttle-01", 2, seed=9)
    model.populate_demo(1.0)
    backend = MockBackend(model, SimClock(1.0), tick_s=0.5)
    device = CellShuttle("shuttle-01", backend, bays=2)
    await device.connect()
    reached: list[tuple[str, object]] = []
    equipment_write = backend.write

    async def write(path: str, value: object) -> None:
        reached.append((path, value))
        await equipment_write(path, value)  # type: ignore[arg-type]

    backend.write = write  # type: ignore[method-assign]
    yield device, reached
    await device.close()


KEYPAD_TAGS = [
    "bioreactor/temperature_sp",
    "bioreactor/co2_sp",
    "bioreactor/temperature",  # read-only: a keypad must never reach it
    "process/state",
]


@fuzz(150)
@given(tag=st.sampled_from(KEYPAD_TAGS), value=ANYTHING)
async def test_keypad_values_reach_the_equipment_only_when_valid(shuttle, tag, value):
    device, reached = shuttle
    path = device.bay_path(1, tag)
    model = device.backend.model  # type: ignore[attr-defined]
    writes = len(reached)
    try:
        await device.write(path, value)
    except HardwareError as refused:
        assert path in str(refused)
        assert len(reached) == writes  # the equipment never saw it
        return
    assert reached[writes:] == [(path, float(value))]
    spec = device.spec(path)
    assert spec.writable and spec.low is not None and spec.high is not None
    assert model.values()[path] == pytest.approx(float(value))
    assert spec.low <= model.values()[path] <= spec.high


@pytest.fixture
async def at_first_step(station: Station):
    """A batch waiting at its first manual step (the identity scan comes first)."""
    batch, _ = await start_batch(station)
    return station, batch


def recorded(station: Station, batch_id: str) -> tuple[list[str], list[str]]:
    assert station.batches is not None
    events = [e["kind"] for e in station.batches.events(batch_id)]
    deviations = [d["kind"] for d in station.batches.deviations(batch_id)]
    return events, deviations


@fuzz(80)
@given(value=ANYTHING)
async def test_a_wrong_identity_scan_is_refused_recorded_once_and_blocks(at_first_step, value):
    station, batch = at_first_step
    assert station.batches is not None
    assume(not (isinstance(value, str) and value.strip() == batch.barcode))
    events, deviations = recorded(station, batch.batch_id)
    with pytest.raises(StepRefused) as refused:
        await station.call_batches("scan", batch.batch_id, OPERATOR, "cartridge", value)
    assert str(refused.value)
    after_events, after_deviations = recorded(station, batch.batch_id)
    if isinstance(value, str):
        # A wrong patient's label is evidence: recorded with what was scanned, alarmed.
        assert isinstance(refused.value, IdentityMismatch)
        assert after_events == [*events, "scan-refused", "deviation"]
        assert after_deviations == [*deviations, "identity-mismatch"]
        last = station.batches.events(batch.batch_id, "scan-refused")[-1]
        assert last["new_value"] == value.strip()
    else:  # not a scan at all (a bug upstream): refused, nothing recorded
        assert (after_events, after_deviations) == (events, deviations)
    assert batch.progress.scans == {}
    assert batch.state is BatchState.RUNNING
    assert station.batches.request(batch.batch_id).scans[0].scan_id == "cartridge"


@fuzz(60)
@given(value=ANYTHING)
async def test_a_lot_number_that_does_not_fit_is_refused_and_changes_nothing(at_first_step, value):
    station, batch = at_first_step
    assert station.batches is not None
    if not batch.progress.scans:
        await station.call_batches("scan", batch.batch_id, OPERATOR, "cartridge", batch.barcode)
    assume(not (isinstance(value, str) and re.fullmatch(r"^KIT-[0-9]{4}$", value.strip())))
    _, deviations = recorded(station, batch.batch_id)
    with pytest.raises(StepRefused, match="Kit lot"):
        await station.call_batches("scan", batch.batch_id, OPERATOR, "kit", value)
    assert recorded(station, batch.batch_id)[1] == deviations  # no identity deviation
    assert batch.progress.scans == {"cartridge": batch.barcode}
    assert batch.state is BatchState.RUNNING


def number(value: object) -> float | None:
    """The value as a finite float, if it is a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


@fuzz(80)
@given(value=ANYTHING)
async def test_an_entry_outside_its_limits_or_not_a_number_is_refused(at_first_step, value):
    station, batch = at_first_step
    assert station.batches is not None
    if not batch.progress.scans:
        await station.call_batches("scan", batch.batch_id, OPERATOR, "cartridge", batch.barcode)
    assume(not (number(value) is not None and 50 <= value <= 150))
    with pytest.raises(EntryOutOfLimits) as refused:
        await station.call_batches("enter", batch.batch_id, OPERATOR, "volume", value)
    assert str(refused.value).startswith("Volume ")
    assert batch.progress.entries == {}
    assert batch.state is BatchState.RUNNING
