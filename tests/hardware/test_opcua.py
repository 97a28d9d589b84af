"""The OPC UA layer end to end: a real PlantServer on loopback over mock equipment, and
device front ends driving it through OpcUaBackend."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from unittest.mock import AsyncMock

import pytest
from asyncua import Client, ua

from hardware import (
    CellQ,
    CellShuttle,
    CommandFailed,
    ConnectionState,
    NotConnected,
    Quality,
    QualityReason,
    ReadOnlyTag,
    SetpointOutOfRange,
    SimClock,
)
from hardware.catalog import BAY_STATES, cellq_specs, shuttle_specs
from hardware.mock import CellQModel, MockBackend, ShuttleModel
from hardware.mock.faults import Fault, FaultKind
from hardware.opcua import NAMESPACE_URI, OpcUaBackend, PlantServer
from hardware.opcua.quality import QUALITY_TO_STATUS, quality_of, status_for


def tag_id(path: str, idx: int) -> ua.NodeId:
    """A node's string NodeId in the plant namespace (for a tag: its catalogue path)."""
    return ua.NodeId(path, idx, ua.NodeIdType.String)


@dataclass
class Plant:
    server: PlantServer
    shuttle: CellShuttle
    model: ShuttleModel
    qc: CellQ
    empty_bays: list[int]
    occupied_bays: list[int]


async def wait_for(
    condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.02
) -> float:
    """Poll until ``condition()`` holds; return how long it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        await asyncio.sleep(interval)
    return time.monotonic() - start


@pytest.fixture
async def plant() -> AsyncIterator[Plant]:
    model = ShuttleModel("shuttle-01", 16, seed=7)
    model.populate_demo(0.6)
    shuttle = CellShuttle("shuttle-01", MockBackend(model, SimClock(100.0), tick_s=0.02), bays=16)
    qc = CellQ(
        "cellq-01", MockBackend(CellQModel("cellq-01", seed=3), SimClock(100.0), tick_s=0.02)
    )
    await shuttle.connect()
    await qc.connect()
    server = PlantServer([shuttle, qc], port=0)
    await server.start()
    empty = [bay.number for bay in model.bays if bay.state == "empty"]
    occupied = [bay.number for bay in model.bays if bay.state != "empty"]
    assert empty and occupied, "the demo population should leave some bays empty"
    try:
        yield Plant(server, shuttle, model, qc, empty, occupied)
    finally:
        await server.stop()
        await shuttle.close()
        await qc.close()


def remote_shuttle(endpoint: str, **options: float) -> CellShuttle:
    backend = OpcUaBackend(endpoint, "shuttle-01", shuttle_specs("shuttle-01", 16), **options)
    return CellShuttle("shuttle-01", backend, bays=16)


@pytest.fixture
async def client(plant: Plant) -> AsyncIterator[CellShuttle]:
    shuttle = remote_shuttle(plant.server.endpoint)
    await shuttle.connect()
    try:
        yield shuttle
    finally:
        await shuttle.close()


@contextlib.asynccontextmanager
async def raw_client(endpoint: str) -> AsyncIterator[tuple[Client, int]]:
    """A plain asyncua client, as a third-party SCADA would connect."""
    uaclient = Client(endpoint)
    await uaclient.connect()
    try:
        yield uaclient, await uaclient.get_namespace_index(NAMESPACE_URI)
    finally:
        await uaclient.disconnect()


def backend_of(device: CellShuttle) -> OpcUaBackend:
    assert isinstance(device.backend, OpcUaBackend)
    return device.backend


async def test_values_arrive_good_typed_and_timestamped(plant: Plant, client: CellShuttle):
    assert plant.server.port != 0 and f":{plant.server.port}/" in plant.server.endpoint
    assert client.connection is ConnectionState.CONNECTED
    # Every tag has its first value when connect() returns, as with the mock.
    assert set(client.latest) == set(client.specs)
    bay = plant.occupied_bays[0]
    temperature = client.latest[client.bay_path(bay, "bioreactor/temperature")]
    assert temperature.quality is Quality.GOOD and temperature.reason is None
    assert isinstance(temperature.value, float) and 30 < temperature.value < 40
    assert abs(temperature.receive_time - time.time()) < 5
    # The equipment's (simulated, here 100x) time travels as SourceTimestamp.
    doors_path = "shuttle-01/doors/closed"
    await wait_for(
        lambda: (
            client.latest[doors_path].source_time
            == pytest.approx(plant.shuttle.latest[doors_path].source_time, abs=1e-5)
        ),
        2.0,
        "the equipment's source timestamp",
    )
    doors = client.latest["shuttle-01/doors/closed"]
    assert doors.value is True and doors.quality is Quality.GOOD
    assert client.bay_value(bay, "process/state") in BAY_STATES
    # An empty bay has no temperature: a Null value, and still Good.
    empty = client.latest[client.bay_path(plant.empty_bays[0], "bioreactor/temperature")]
    assert empty.value is None and empty.quality is Quality.GOOD
    sample = await client.read(temperature.path)
    assert sample.quality is Quality.GOOD and isinstance(sample.value, float)


async def test_address_space_has_units_ranges_and_access_levels(plant: Plant):
    async with raw_client(plant.server.endpoint) as (uaclient, idx):
        bay = plant.occupied_bays[0]
        node = uaclient.get_node(tag_id(f"shuttle-01/bay-{bay:02d}/bioreactor/temperature", idx))
        assert await node.read_data_type() == ua.NodeId(ua.ObjectIds.Double)
        assert (await node.read_description()).Text == "Culture temperature"
        properties = {
            (await p.read_browse_name()).Name: await p.read_value()
            for p in await node.get_properties()
        }
        assert properties["EURange"] == ua.Range(Low=-100.0, High=50.0)
        units = properties["EngineeringUnits"]
        assert units.DisplayName.Text == "°C"
        assert units.UnitId == 4408652  # UN/CEFACT "CEL"
        value = await node.read_data_value()
        assert value.StatusCode.is_good() and isinstance(value.Value.Value, float)
        assert value.SourceTimestamp is not None and value.ServerTimestamp is not None
        # No cartridge, no temperature: a Null variant with a Good status.
        empty_path = f"shuttle-01/bay-{plant.empty_bays[0]:02d}/bioreactor/temperature"
        empty = await uaclient.get_node(tag_id(empty_path, idx)).read_data_value()
        assert empty.StatusCode.is_good()
        assert empty.Value.VariantType is ua.VariantType.Null
        read_only = await node.get_access_level()
        assert ua.AccessLevel.CurrentWrite not in read_only
        setpoint = uaclient.get_node(
            tag_id(f"shuttle-01/bay-{bay:02d}/bioreactor/temperature_sp", idx)
        )
        assert ua.AccessLevel.CurrentWrite in await setpoint.get_access_level()
        # Browsable too: device object -> bay folder -> group folder -> tag.
        device = uaclient.get_node(tag_id("shuttle-01", idx))
        names = {(await c.read_browse_name()).Name for c in await device.get_children()}
        assert {"bay-03", "robot", "LoadCartridge", "InjectFault", "Connection"} <= names
        method = uaclient.get_node(tag_id("shuttle-01.StartModule", idx))
        arguments = await (await method.get_child("0:InputArguments")).read_value()
        assert [(a.Name, a.DataType) for a in arguments] == [
            ("bay", ua.NodeId(ua.ObjectIds.Int32)),
            ("module", ua.NodeId(ua.ObjectIds.String)),
            ("duration_h", ua.NodeId(ua.ObjectIds.Double)),
        ]


async def test_third_party_writes_are_validated_by_the_device(plant: Plant):
    bay = plant.occupied_bays[0]
    path = f"shuttle-01/bay-{bay:02d}/bioreactor/temperature_sp"
    culture = plant.model.bays[bay - 1].culture
    assert culture is not None
    before = culture.temperature_sp
    async with raw_client(plant.server.endpoint) as (uaclient, idx):
        setpoint = uaclient.get_node(tag_id(path, idx))
        with pytest.raises(ua.uaerrors.BadOutOfRange):
            await setpoint.write_value(ua.Variant(45.0, ua.VariantType.Double))
        with pytest.raises(ua.uaerrors.BadTypeMismatch):
            await setpoint.write_value(ua.Variant("hot", ua.VariantType.String))
        reading = uaclient.get_node(tag_id(f"shuttle-01/bay-{bay:02d}/bioreactor/temperature", idx))
        with pytest.raises(ua.uaerrors.BadNotWritable):
            await reading.write_value(ua.Variant(20.0, ua.VariantType.Double))
        assert culture.temperature_sp == before
        await setpoint.write_value(ua.Variant(36.0, ua.VariantType.Double))
        assert culture.temperature_sp == 36.0
        # The device's new value is in the address space when the write answers.
        assert await setpoint.read_value() == 36.0


async def test_subscription_keeps_delivering_updates(plant: Plant, client: CellShuttle):
    received: list[float] = []
    client.subscribe(lambda batch: received.extend(s.receive_time for s in batch))
    path = client.bay_path(plant.occupied_bays[0], "bioreactor/temperature")
    first = client.latest[path].receive_time
    await wait_for(lambda: len(received) > 200, 5.0, "200 updates")
    await wait_for(lambda: client.latest[path].receive_time > first, 5.0, "a fresh temperature")
    count = len(received)
    await wait_for(lambda: len(received) > count + 100, 5.0, "more updates")
    assert backend_of(client).connected


async def test_setpoint_write_in_range_applies_and_out_of_range_changes_nothing(
    plant: Plant, client: CellShuttle
):
    bay = plant.occupied_bays[0]
    culture = plant.model.bays[bay - 1].culture
    assert culture is not None
    await client.write_setpoint(bay, "bioreactor/temperature_sp", 36.5)
    assert culture.temperature_sp == 36.5
    # Read-your-writes: the subscription has delivered it when the write returns.
    assert client.bay_value(bay, "bioreactor/temperature_sp") == 36.5
    # The front end refuses an out-of-range setpoint before the network...
    with pytest.raises(SetpointOutOfRange, match=r"outside 30\.0-40\.0"):
        await client.write_setpoint(bay, "bioreactor/temperature_sp", 45.0)
    # ...and the server refuses it too when something skips the front end.
    path = client.bay_path(bay, "bioreactor/temperature_sp")
    with pytest.raises(SetpointOutOfRange, match="out of range"):
        await backend_of(client).write(path, 45.0)
    assert culture.temperature_sp == 36.5
    assert client.bay_value(bay, "bioreactor/temperature_sp") == 36.5


async def test_read_only_tag_is_refused_before_the_network(client: CellShuttle):
    backend = backend_of(client)
    spy = AsyncMock(side_effect=AssertionError("the write reached the backend"))
    backend.write = spy  # type: ignore[method-assign]
    with pytest.raises(ReadOnlyTag, match="read-only"):
        await client.write_setpoint(1, "bioreactor/temperature", 36.0)
    spy.assert_not_called()


async def test_commands_run_on_the_equipment(plant: Plant, client: CellShuttle):
    bay = plant.empty_bays[0]
    await client.load_cartridge(bay, "CDK0000105", "COI-TEST-1")
    assert plant.model.bays[bay - 1].barcode == "CDK0000105"
    assert client.bay_value(bay, "process/state") == "idle"
    assert client.bay_value(bay, "cartridge/coi") == "COI-TEST-1"
    await client.start_module(bay, "magnetic-selection", duration_h=2.0)
    assert client.bay_value(bay, "process/state") == "running"
    assert client.bay_value(bay, "process/module") == "magnetic-selection"
    await client.stop_module(bay)
    assert client.bay_value(bay, "process/state") == "stopped"

    qc = CellQ("cellq-01", OpcUaBackend(plant.server.endpoint, "cellq-01", cellq_specs("cellq-01")))
    await qc.connect()
    try:
        await qc.submit_sample("QC-OPC-1", "COI-TEST-1", ["endotoxin", "sterility"])
        assert qc.value("cellq-01/queue/length") == 1
        assert "QC-OPC-1" in str(qc.value("cellq-01/queue/json"))
    finally:
        await qc.close()


async def test_refused_command_says_why(plant: Plant, client: CellShuttle):
    bay = plant.empty_bays[0]
    with pytest.raises(CommandFailed, match=f"bay {bay} holds no cartridge"):
        await client.start_module(bay, "activation")
    with pytest.raises(CommandFailed, match="already holds cartridge"):
        await client.load_cartridge(plant.occupied_bays[0], "CDK1", "COI-1")
    assert client.connection is ConnectionState.CONNECTED


async def test_stuck_sensor_fault_shows_uncertain(plant: Plant, client: CellShuttle):
    backend = backend_of(client)
    path = client.bay_path(plant.occupied_bays[0], "bioreactor/temperature")
    fault_id = await backend.inject_fault("stuck", path, 0.0, 0.0)
    assert fault_id > 0

    def flagged() -> bool:
        sample = client.latest[path]
        return sample.quality is Quality.UNCERTAIN and sample.reason is QualityReason.SENSOR_FAULT

    await wait_for(flagged, 3.0, "stuck sensor flagged uncertain")
    assert isinstance(client.latest[path].value, float)  # the reading stays visible
    assert await backend.clear_fault(fault_id) == 1
    await wait_for(lambda: client.latest[path].is_good, 3.0, "sensor good again")
    with pytest.raises(CommandFailed, match="unknown fault kind"):
        await backend.inject_fault("gremlins")


async def test_disconnect_fault_makes_the_device_look_dead(plant: Plant, client: CellShuttle):
    backend = backend_of(client)
    changes: list[tuple[ConnectionState, str]] = []
    client.on_connection_change(lambda _device, state, detail: changes.append((state, detail)))
    await backend.inject_fault("disconnect")

    def all_bad() -> bool:
        return all(
            s.quality is Quality.BAD and s.reason is QualityReason.COMM_LOSS
            for s in client.latest.values()
        )

    await wait_for(all_bad, 3.0, "every tag BAD/comm-loss")
    # The server still answers; the device behind it does not, and is lost, as it is
    # in-process when the mock's link drops.
    await wait_for(lambda: client.connection is ConnectionState.LOST, 3.0, "device lost")
    assert "no answer from equipment" in changes[-1][1]
    with pytest.raises(NotConnected, match="shuttle-01 is lost"):
        await client.stop_module(plant.occupied_bays[0])
    assert await backend.clear_fault() == 1
    await wait_for(lambda: client.connection is ConnectionState.CONNECTED, 3.0, "device back")
    await wait_for(
        lambda: all(s.reason is not QualityReason.COMM_LOSS for s in client.latest.values()),
        3.0,
        "values back after the link returns",
    )


async def test_device_lost_before_the_client_connects_is_reported_lost(plant: Plant):
    backend = plant.shuttle.backend
    assert isinstance(backend, MockBackend)
    fault = backend.inject(Fault(FaultKind.DISCONNECT))
    client = remote_shuttle(plant.server.endpoint)
    await client.connect()  # the server answers: no exception, but the device is lost
    try:
        assert client.connection is ConnectionState.LOST
        assert all(s.quality is Quality.BAD for s in client.latest.values())
        backend.clear(fault.fault_id)
        await wait_for(lambda: client.connection is ConnectionState.CONNECTED, 3.0, "back")
    finally:
        await client.close()


async def test_server_loss_marks_every_tag_bad_and_reconnects(plant: Plant):
    client = remote_shuttle(plant.server.endpoint)
    changes: list[ConnectionState] = []
    client.on_connection_change(lambda _device, state, _detail: changes.append(state))
    await client.connect()
    try:
        port = plant.server.port
        await plant.server.stop()
        took = await wait_for(
            lambda: all(
                s.quality is Quality.BAD and s.reason is QualityReason.COMM_LOSS
                for s in client.latest.values()
            ),
            5.0,
            "every tag BAD/comm-loss after the server died",
        )
        assert took < 5.0
        assert client.connection is ConnectionState.LOST
        with pytest.raises(NotConnected):
            await client.load_cartridge(1, "CDK1", "COI-1")

        # A new server on the same port: the client comes back by itself.
        restarted_at = time.time()
        plant.server = PlantServer([plant.shuttle, plant.qc], port=port)
        await plant.server.start()
        path = client.bay_path(plant.occupied_bays[0], "bioreactor/temperature")
        await wait_for(lambda: client.connection is ConnectionState.CONNECTED, 12.0, "reconnected")
        await wait_for(
            lambda: client.latest[path].is_good and client.latest[path].receive_time > restarted_at,
            3.0,
            "fresh good values after reconnecting",
        )
        assert changes[-2:] == [ConnectionState.LOST, ConnectionState.CONNECTED]
        await client.write_setpoint(plant.occupied_bays[0], "bioreactor/temperature_sp", 37.5)
    finally:
        await client.close()


class FreezableLink:
    """A TCP relay to the server that can stop passing bytes without closing anything:
    a pulled cable or a hung server, which only a watchdog can notice."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.flowing = asyncio.Event()
        self.flowing.set()
        self._listener: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> int:
        self._listener = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return int(self._listener.sockets[0].getsockname()[1])

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers += [writer, up_writer]
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pump(source, sink))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                await self.flowing.wait()
                sink.write(data)
                await sink.drain()
        sink.close()

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in self._writers:
            writer.close()
        if self._listener is not None:
            self._listener.close()
            await self._listener.wait_closed()


async def test_frozen_link_is_detected_by_the_watchdog(plant: Plant):
    link = FreezableLink(plant.server.port)
    port = await link.start()
    client = remote_shuttle(f"opc.tcp://127.0.0.1:{port}/celldeck/")
    await client.connect()
    try:
        link.flowing.clear()  # no FIN, no RST: silence
        took = await wait_for(
            lambda: all(s.quality is Quality.BAD for s in client.latest.values()),
            5.0,
            "every tag BAD after the link froze",
        )
        assert took < 5.0 and client.connection is ConnectionState.LOST
        link.flowing.set()
        await wait_for(lambda: client.connection is ConnectionState.CONNECTED, 12.0, "reconnected")
        assert all(
            s.quality is not Quality.BAD or s.reason is not QualityReason.COMM_LOSS
            for s in client.latest.values()
        )
    finally:
        await client.close()
        await link.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_unreachable_endpoint_names_the_endpoint():
    endpoint = f"opc.tcp://127.0.0.1:{closed_port()}/celldeck/"
    client = remote_shuttle(endpoint)
    with pytest.raises(NotConnected, match=endpoint):
        await client.connect()
    assert client.connection is ConnectionState.LOST


async def test_silent_endpoint_times_out_within_the_front_end_timeout():
    # Accepts TCP connections and never answers, like a hung server.
    listener = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    endpoint = f"opc.tcp://127.0.0.1:{port}/celldeck/"
    client = remote_shuttle(endpoint, connect_timeout_s=1.0)
    try:
        start = time.monotonic()
        with pytest.raises(NotConnected, match=endpoint):
            await client.connect()
        assert time.monotonic() - start < client.timeout
    finally:
        listener.close()
        await listener.wait_closed()


async def test_unknown_device_is_reported_with_what_the_server_has(plant: Plant):
    backend = OpcUaBackend(plant.server.endpoint, "shuttle-99", shuttle_specs("shuttle-99", 16))
    with pytest.raises(
        NotConnected, match=r"has no device shuttle-99 \(it serves cellq-01, shuttle-01\)"
    ):
        await CellShuttle("shuttle-99", backend, bays=16).connect()


def test_quality_and_status_codes_round_trip():
    for (quality, reason), code in QUALITY_TO_STATUS.items():
        if quality is Quality.GOOD:
            assert quality_of(code) == (Quality.GOOD, None)
        else:
            assert quality_of(code) == (quality, reason)
            assert status_for(quality, reason) == code
    assert status_for(Quality.BAD, QualityReason.COMM_LOSS) == ua.StatusCodes.BadNoCommunication
    assert quality_of(ua.StatusCodes.BadCommunicationError) == (
        Quality.BAD,
        QualityReason.COMM_LOSS,
    )
    # Unknown codes keep their severity; flag bits in the low word are ignored.
    assert quality_of(0x40EE_0000) == (Quality.UNCERTAIN, None)
    assert quality_of(ua.StatusCodes.BadSensorFailure | 0x0400) == (
        Quality.BAD,
        QualityReason.SENSOR_FAULT,
    )
