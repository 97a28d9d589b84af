"""Fuzzing the OPC UA boundary in both directions with values of the wrong type or range.

A client writing anything to the simulator gets a Bad status and the equipment keeps
its value, unless the write is a valid setpoint. A server sending anything to a station
(here the simulator's address space written behind its back, as a faulty third-party
server would) never produces a good value of the wrong type: it is shown bad."""

from __future__ import annotations

import asyncio
import datetime
import math
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio
from asyncua import Client, ua
from hypothesis import given
from hypothesis import strategies as st

from hardware import CellShuttle, ConnectionState, Quality, QualityReason, SimClock, TagKind
from hardware.catalog import shuttle_specs
from hardware.mock import MockBackend, ShuttleModel
from hardware.opcua import NAMESPACE_URI, OpcUaBackend, PlantServer
from tests.reliability.fuzzing import TEXT, fuzz

pytestmark = pytest.mark.asyncio(loop_scope="module")

BAYS = 2
_V = ua.VariantType
# Every kind of value a client or server can put on the wire.
VARIANTS = st.one_of(
    st.floats(25.0, 45.0).map(lambda v: ua.Variant(v, _V.Double)),  # plausible setpoints
    st.floats().map(lambda v: ua.Variant(v, _V.Double)),
    st.floats(width=32).map(lambda v: ua.Variant(v, _V.Float)),
    st.integers(-(2**31), 2**31 - 1).map(lambda v: ua.Variant(v, _V.Int32)),
    st.integers(0, 2**64 - 1).map(lambda v: ua.Variant(v, _V.UInt64)),
    st.integers(0, 255).map(lambda v: ua.Variant(v, _V.Byte)),
    st.booleans().map(lambda v: ua.Variant(v, _V.Boolean)),
    TEXT.map(lambda v: ua.Variant(v, _V.String)),
    st.binary(max_size=8).map(lambda v: ua.Variant(v, _V.ByteString)),
    st.datetimes(timezones=st.just(datetime.UTC)).map(lambda v: ua.Variant(v, _V.DateTime)),
    st.lists(st.floats(30.0, 40.0), min_size=1, max_size=3).map(lambda v: ua.Variant(v, _V.Double)),
    st.just(ua.Variant()),
)
NUMERIC = {_V.Double, _V.Float, _V.Int32, _V.UInt64, _V.Byte}


@dataclass
class Served:
    server: PlantServer
    model: ShuttleModel
    station_view: CellShuttle  # the same shuttle as a station sees it over OPC UA
    client: Client
    namespace: int


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def served() -> AsyncIterator[Served]:
    model = ShuttleModel("shuttle-01", BAYS, seed=12)
    model.populate_demo(1.0)
    # No heartbeat during the test: what the test writes into the address space stays
    # there until the station has seen it.
    backend = MockBackend(model, SimClock(1.0), tick_s=1.0, heartbeat_s=3600.0)
    shuttle = CellShuttle("shuttle-01", backend, bays=BAYS)
    await shuttle.connect()
    server = PlantServer([shuttle], port=0)
    await server.start()
    view = CellShuttle(
        "shuttle-01",
        OpcUaBackend(server.endpoint, "shuttle-01", shuttle_specs("shuttle-01", BAYS)),
        bays=BAYS,
    )
    await view.connect()
    client = Client(server.endpoint, timeout=4)
    await client.connect()
    try:
        yield Served(server, model, view, client, await client.get_namespace_index(NAMESPACE_URI))
    finally:
        await client.disconnect()
        await view.close()
        await server.stop()
        await shuttle.close()


def node_id(path: str, namespace: int) -> ua.NodeId:
    return ua.NodeId(path, namespace, ua.NodeIdType.String)


WRITE_TARGETS = [
    "shuttle-01/bay-01/bioreactor/temperature_sp",  # writable, 30-40 °C
    "shuttle-01/bay-01/bioreactor/temperature",  # measured: read-only
    "shuttle-01/doors/closed",  # discrete, read-only
    "shuttle-01/bay-01/process/state",  # text, read-only
]
REFUSALS = {
    ua.StatusCodes.BadTypeMismatch,
    ua.StatusCodes.BadOutOfRange,
    ua.StatusCodes.BadInvalidArgument,
    ua.StatusCodes.BadNotWritable,
}


@fuzz(80)
@given(path=st.sampled_from(WRITE_TARGETS), variant=VARIANTS)
async def test_client_writes_of_the_wrong_type_or_range_change_nothing(served, path, variant):
    culture = served.model.bays[0].culture
    assert culture is not None
    setpoint_before = culture.temperature_sp
    node = served.client.get_node(node_id(path, served.namespace))
    try:
        await node.write_value(ua.DataValue(variant))
    except ua.UaStatusCodeError as refused:
        assert refused.code in REFUSALS, hex(refused.code)
        assert culture.temperature_sp == setpoint_before
        return
    # Accepted: only a finite number within range, written to the one writable tag.
    assert path.endswith("temperature_sp") and variant.VariantType in NUMERIC
    assert not variant.is_array
    assert 30.0 <= float(variant.Value) <= 40.0
    assert culture.temperature_sp == float(variant.Value)


# Tags that stay put in the simulation (setpoints, doors, labels), one per injected value.
RECEIVE_TARGETS = [
    (f"shuttle-01/bay-{bay:02d}/{tag}", kind)
    for bay in range(1, BAYS + 1)
    for tag, kind in (
        ("bioreactor/temperature_sp", TagKind.ANALOG),
        ("bioreactor/co2_sp", TagKind.ANALOG),
        ("bioreactor/dissolved_oxygen_sp", TagKind.ANALOG),
        ("cartridge/barcode", TagKind.TEXT),
    )
] + [("shuttle-01/doors/closed", TagKind.DISCRETE), ("shuttle-01/interlocks/ok", TagKind.DISCRETE)]
_stamp = iter(range(1, 1_000_000))


def expected_quality(kind: TagKind, variant: ua.Variant, low: float, high: float) -> Quality:
    value = variant.Value
    if value is None:
        return Quality.GOOD  # no value (an empty bay's reading), and it says so
    if variant.is_array:
        return Quality.BAD
    if kind is TagKind.ANALOG:
        if variant.VariantType not in NUMERIC:
            return Quality.BAD
        number = float(value)
        return Quality.GOOD if math.isfinite(number) and low <= number <= high else Quality.BAD
    wanted = _V.Boolean if kind is TagKind.DISCRETE else _V.String
    return Quality.GOOD if variant.VariantType is wanted else Quality.BAD


async def serve_behind_the_back(server: PlantServer, path: str, value: ua.DataValue) -> None:
    """Put a value in a tag's node and tell its monitored items, the way the simulator's
    mirror does, but without the device's checks (asyncua's own write would refuse a
    type change, which a faulty server does not)."""
    assert server._mirror is not None
    attribute = server._mirror._nodes[path].attribute
    attribute.value = value
    for handle, callback in list(attribute.datachange_callbacks.items()):
        await callback(handle, value)


@fuzz(12)
@given(variants=st.lists(VARIANTS, min_size=len(RECEIVE_TARGETS), max_size=len(RECEIVE_TARGETS)))
async def test_values_of_the_wrong_type_or_range_from_a_server_are_shown_bad(served, variants):
    """What a faulty third-party server might send: written into the address space
    directly, past the simulator's own checks, with a source timestamp to recognise."""
    base = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    marks: dict[str, float] = {}
    for (path, _), variant in zip(RECEIVE_TARGETS, variants, strict=True):
        stamp = base + datetime.timedelta(seconds=next(_stamp))
        marks[path] = stamp.timestamp()
        await serve_behind_the_back(served.server, path, ua.DataValue(variant, None, stamp, stamp))
    view = served.station_view
    deadline = time.monotonic() + 5.0
    while not all(
        path in view.latest and view.latest[path].source_time == mark
        for path, mark in marks.items()
    ):
        assert time.monotonic() < deadline, "the station never received the values"
        await asyncio.sleep(0.02)
    for (path, kind), variant in zip(RECEIVE_TARGETS, variants, strict=True):
        sample = view.latest[path]
        spec = view.spec(path)
        wanted = expected_quality(kind, variant, spec.low or 0.0, spec.high or 0.0)
        assert sample.quality is wanted, (path, variant, sample)
        numeric = variant.VariantType in NUMERIC and not variant.is_array
        if wanted is Quality.BAD and kind is TagKind.ANALOG and numeric:
            assert sample.reason is QualityReason.OUT_OF_RANGE, sample
        if wanted is Quality.GOOD and variant.Value is not None:
            assert sample.value == variant.Value
        if wanted is Quality.BAD and sample.reason is None:
            assert sample.value is None  # a value of the wrong type is no value at all
    assert view.connection is ConnectionState.CONNECTED
