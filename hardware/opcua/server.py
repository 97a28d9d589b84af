"""PlantServer: the simulated plant served as an OPC UA address space.

``celldeck sim-server`` runs the mock equipment once and serves it here, so that kiosks
and supervisors' stations in other processes or on other machines watch and command the
same simulated shuttles through OPC UA, exactly as they would real equipment.

Address space (namespace ``urn:celldeck:plant``)::

    Objects/
      shuttle-01                       object, ns=<i>;s=shuttle-01
        robot/position                 variable, ns=<i>;s=shuttle-01/robot/position
        bay-03/bioreactor/temperature  variable, ns=<i>;s=shuttle-01/bay-03/bioreactor/temperature
          EURange, EngineeringUnits    properties, ns=<i>;s=<path>.EURange / .EngineeringUnits
        LoadCartridge(...)             method, ns=<i>;s=shuttle-01.LoadCartridge
        Connection, ConnectionDetail   variables, ns=<i>;s=shuttle-01.Connection / ...

Each path segment below the device is a folder whose NodeId is the path so far, and every
tag's NodeId is its catalogue path, so a client addresses a tag without browsing.
``Connection`` is the state of the link between the simulator and the device (connected,
lost, ...) and ``ConnectionDetail`` says why: a device behind a running server can still
be unreachable (an injected disconnect), and a client must see that device as lost.

Values: each sample becomes a DataValue with the sample's source timestamp, the server's
timestamp, and a status code from ``hardware.opcua.quality``. A value that does not exist
(an empty bay has no temperature) is a Null variant with the sample's own, usually Good,
status; a node that has never had a sample is Null with BadWaitingForInitialData. As Part
4 requires, a Bad value is served as Null: the client keeps the last value for context.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from asyncua import Server, ua
from asyncua.server.address_space import (
    AddressSpace,
    AttributeValue,
    NodeData,
    NodeManagementService,
)
from asyncua.server.internal_server import InternalServer

from hardware.backend import ConnectionState
from hardware.device import Device, Subscription
from hardware.opcua.methods import FAULT_METHODS, METHODS_BY_KIND, MethodDef, method_node_id
from hardware.opcua.quality import QUALITY_TO_STATUS, status_for_error, status_name
from hardware.opcua.security import ServerSecurity, TrustedPeers, secure_server
from hardware.tags import (
    CommandFailed,
    HardwareError,
    InvalidValue,
    Quality,
    Sample,
    TagKind,
    TagSpec,
    TagValue,
)

log = logging.getLogger(__name__)

NAMESPACE_URI = "urn:celldeck:plant"
ENDPOINT_PATH = "/celldeck/"
APPLICATION_URI = "urn:celldeck:simulator"

_VARIANT_OF_KIND = {
    TagKind.ANALOG: ua.VariantType.Double,
    TagKind.DISCRETE: ua.VariantType.Boolean,
    TagKind.TEXT: ua.VariantType.String,
}
_NULL = ua.Variant(None, ua.VariantType.Null)
_STATUS = {key: ua.StatusCode(code) for key, code in QUALITY_TO_STATUS.items()}
_GOOD = ua.StatusCode(ua.StatusCodes.Good)
_WAITING = ua.StatusCode(ua.StatusCodes.BadWaitingForInitialData)
# Python's datetime ends at year 9999, as does OPC UA's DateTime; a SimClock at 100,000x
# gets there in about a month of wall time.
_MAX_TIMESTAMP = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()

# UN/CEFACT codes (OPC UA Part 8, EUInformation) for the catalogue's units; others are
# served with UnitId -1 and their text.
_UNECE_NAMESPACE = "http://www.opcfoundation.org/UA/units/un/cefact"
_UNECE_CODES = {
    "°C": ("CEL", "degree Celsius"),
    "%": ("P1", "percent"),
    "h": ("HUR", "hour"),
    "L": ("LTR", "litre"),
    "mL": ("MLT", "millilitre"),
    "g/L": ("GL", "gram per litre"),
    "Pa": ("PAL", "pascal"),
}


def _unit_id(code: str) -> int:
    """UnitId of a UN/CEFACT common code: its characters as the bytes of an integer."""
    value = 0
    for char in code:
        value = (value << 8) | ord(char)
    return value


def eu_information(unit: str) -> ua.EUInformation:
    code, description = _UNECE_CODES.get(unit, ("", unit))
    return ua.EUInformation(
        NamespaceUri=_UNECE_NAMESPACE,
        UnitId=_unit_id(code) if code else -1,
        DisplayName=ua.LocalizedText(unit),
        Description=ua.LocalizedText(description),
    )


def connection_node_ids(device_id: str) -> tuple[str, str]:
    """String NodeIds of a device's Connection and ConnectionDetail variables."""
    return f"{device_id}.Connection", f"{device_id}.ConnectionDetail"


def _connection_specs(device: Device) -> list[TagSpec]:
    state, detail = connection_node_ids(device.device_id)
    return [
        TagSpec(state, "Link to the equipment: connected, lost, ...", kind=TagKind.TEXT),
        TagSpec(detail, "Why the link to the equipment is in its state", kind=TagKind.TEXT),
    ]


def _timestamp(seconds: float) -> datetime | None:
    if seconds <= 0:
        return None
    return datetime.fromtimestamp(min(seconds, _MAX_TIMESTAMP), UTC)


def _coerce(kind: TagKind, value: TagValue) -> TagValue:
    """The sample's value as its tag's OPC UA type (the mirror bypasses asyncua's type
    check, so this is where a model's int for an analog tag becomes a Double)."""
    if kind is TagKind.ANALOG:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"not a number: {value!r}")
        return float(value)
    if kind is TagKind.DISCRETE:
        if not isinstance(value, bool):
            raise TypeError(f"not true/false: {value!r}")
        return value
    return value if isinstance(value, str) else str(value)


class _SharedDataValue(ua.DataValue):
    """A DataValue the mirror never changes after writing it into a node.

    asyncua deep-copies the value for every monitored item that sees it change, "to
    prevent referencing the inner value"; for values nobody mutates that copy is pure
    cost (half the server's CPU at 5,000 updates/s), so the copy is the object itself."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict[int, object]) -> _SharedDataValue:
        return self

    def __copy__(self) -> _SharedDataValue:
        return self


@dataclass(slots=True)
class _TagNode:
    device: Device
    spec: TagSpec
    node_id: ua.NodeId
    variant: ua.VariantType
    attribute: AttributeValue


# -- the standard address space, built once per process ---------------------------------

_standard_nodes: dict[ua.NodeId, NodeData] | None = None
_standard_lock = threading.Lock()


def _cloned_standard_nodes() -> dict[ua.NodeId, NodeData]:
    """A fresh copy of OPC UA's standard address space (~6,000 nodes).

    asyncua builds it node by node in every ``Server.init()``, which takes 3-4 s on a
    small machine; its shelf cache needs a dbm module Python builds do not always have.
    Built once here, each server gets its own nodes, attribute values and reference lists
    (what a server changes); the immutable DataValues and reference descriptions (only
    rewritten when a BrowseName is written, which clients cannot do) are shared."""
    global _standard_nodes
    with _standard_lock:
        if _standard_nodes is None:
            from asyncua.server.standard_address_space import standard_address_space

            aspace = AddressSpace()
            standard_address_space.fill_address_space(NodeManagementService(aspace))
            # AddressSpace has keys() but no __iter__.
            _standard_nodes = {node_id: aspace[node_id] for node_id in aspace.keys()}  # noqa: SIM118
        template = _standard_nodes
    nodes: dict[ua.NodeId, NodeData] = {}
    for node_id, node in template.items():
        copy = NodeData(node_id)
        copy.attributes = {
            attribute: AttributeValue(value.value) for attribute, value in node.attributes.items()
        }
        copy.references = list(node.references)
        copy.call = node.call
        nodes[node_id] = copy
    return nodes


class _PlantInternalServer(InternalServer):
    """asyncua's internal server, loading the standard address space from the template."""

    async def load_standard_address_space(self, shelf_file: Any = None) -> None:
        nodes = await asyncio.to_thread(_cloned_standard_nodes)
        for node_id, node in nodes.items():
            self.aspace[node_id] = node


class _Mirror:
    """Copies device samples into the address space, in batches, off the device's call.

    ``Device`` calls subscribers synchronously from the simulation tick; the callback here
    only appends the batch, and one task writes all pending batches into the nodes. The
    write goes straight to each node's value attribute and its monitored-item callbacks,
    which is what ``AddressSpace.write_attribute_value`` does minus its per-write checks
    (it also refuses a Null after a Double, which the mirror must be able to write)."""

    def __init__(self, nodes: dict[str, _TagNode]) -> None:
        self._nodes = nodes
        self._pending: list[Sequence[Sample]] = []
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self.updates = 0
        self.errors = 0

    def enqueue(self, batch: Sequence[Sample]) -> None:
        self._pending.append(batch)
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="opcua-mirror")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        """Write everything pending now (a write or command does this before it answers,
        so the change is already in the address space when the client hears back)."""
        async with self._lock:
            while self._pending:
                batches, self._pending = self._pending, []
                for batch in batches:
                    await self._write_batch(batch)

    async def _write_batch(self, batch: Sequence[Sample]) -> None:
        nodes = self._nodes
        statuses = _STATUS
        written = 0
        server_time = datetime.now(UTC)
        bad = Quality.BAD
        # A batch from one device tick shares one source time: convert it once.
        stamp_of, stamp = 0.0, None
        for sample in batch:
            node = nodes.get(sample.path)
            if node is None:
                continue
            value = sample.value
            if value is None or sample.quality is bad:
                variant = _NULL
            else:
                try:
                    variant = ua.Variant(_coerce(node.spec.kind, value), node.variant)
                except (TypeError, ValueError):
                    self.errors += 1
                    if self.errors <= 10:
                        log.warning("%s: cannot serve %r as %s", sample.path, value, node.variant)
                    continue
            if sample.source_time != stamp_of:
                stamp_of, stamp = sample.source_time, _timestamp(sample.source_time)
            # Positional: asyncua 1.x names the status field StatusCode_, 2.x StatusCode.
            datavalue = _SharedDataValue(
                variant,
                statuses.get((sample.quality, sample.reason), _GOOD),
                stamp,
                server_time,
            )
            attribute = node.attribute
            attribute.value = datavalue
            written += 1
            callbacks = attribute.datachange_callbacks
            if callbacks:
                # Monitored items of every client watching this node.
                for handle, callback in list(callbacks.items()):
                    try:
                        await callback(handle, datavalue)
                    except Exception:
                        log.exception("monitored item callback failed for %s", sample.path)
        self.updates += written


class _WriteGate:
    """Stands in front of asyncua's attribute service and sends client writes to tag nodes
    through ``Device.write``, so the device's own validation (range, type, read-only,
    connection) decides, with one status code per written item.

    asyncua's hooks cannot do this: a value setter is synchronous and its result is
    ignored, and a PreWrite callback can only fail the whole Write request. Writes to
    any other node go to asyncua unchanged."""

    def __init__(
        self,
        inner: Any,
        tags: dict[ua.NodeId, _TagNode],
        write: Callable[[_TagNode, ua.WriteValue], Awaitable[int]],
    ) -> None:
        self._inner = inner
        self._tags = tags
        self._write = write

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def read(self, params: ua.ReadParameters) -> list[ua.DataValue]:
        return self._inner.read(params)

    async def write(self, params: ua.WriteParameters, *args: Any, **kwargs: Any) -> list[Any]:
        items = params.NodesToWrite
        results: list[Any] = [None] * len(items)
        others: list[int] = []
        for index, item in enumerate(items):
            tag = self._tags.get(item.NodeId)
            if tag is None:
                others.append(index)
            else:
                results[index] = ua.StatusCode(await self._write(tag, item))
        if others:
            rest = ua.WriteParameters(NodesToWrite=[items[i] for i in others])
            for index, status in zip(
                others, await self._inner.write(rest, *args, **kwargs), strict=True
            ):
                results[index] = status
        return results


class PlantServer:
    """The simulated plant's equipment as an OPC UA server.

    Serves already-connected ``Device`` front ends (normally over ``MockBackend``): one
    object per device with its tags, typed methods for its commands, and, for simulated
    devices, fault injection. Client writes and commands go through the front ends, so
    they are validated exactly as in-process ones.

    With ``security`` the server offers only Basic256Sha256 endpoints and gives a session
    only to clients whose certificate it trusts (``hardware.opcua.security``)."""

    def __init__(
        self,
        devices: Sequence[Device],
        *,
        host: str = "127.0.0.1",
        port: int = 4840,
        name: str = "CellDeck simulator",
        security: ServerSecurity | None = None,
    ) -> None:
        ids = [device.device_id for device in devices]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"device ids must be unique; repeated: {', '.join(duplicates)}")
        self.devices = list(devices)
        self.host = host
        self._port = port
        self.name = name
        self.security = security
        self.peers: TrustedPeers | None = None
        self.namespace_index = 0
        self._server: Server | None = None
        self._mirror: _Mirror | None = None
        self._subscriptions: list[Subscription] = []
        self._watched: set[Device] = set()

    # -- public -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port; after ``start()`` the bound one, also when 0 was asked for."""
        return self._port

    @property
    def endpoint(self) -> str:
        """``opc.tcp://host:port/celldeck/``, with the bound port once started."""
        return self._url(self._port)

    @property
    def updates(self) -> int:
        """Samples written into the address space since start (for benchmarks)."""
        return 0 if self._mirror is None else self._mirror.updates

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError(f"{self.name} is already serving {self.endpoint}")
        for device in self.devices:
            if not device.specs:
                raise ValueError(f"{device.device_id} is not connected; connect it first")
        _quiet_asyncua()
        bind_port = self._port or await self._free_port_if_needed()
        server = Server(iserver=_PlantInternalServer())
        await server.init()
        server.set_server_name(self.name)
        await server.set_application_uri(APPLICATION_URI)
        if self.security is None:
            # A simulator for stations on one machine or a closed network: no encryption.
            server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        else:
            # Signed (and encrypted) channels only, for trusted station certificates only.
            self.peers = await secure_server(server, self.security)
        # No user accounts (anonymous only, so no password ever crosses the network); with
        # security, the channel's certificate is the client's identity.
        if hasattr(server, "set_identity_tokens"):  # asyncua >= 1.1.1
            server.set_identity_tokens([ua.AnonymousIdentityToken])
        # asyncua's default user manager makes anyone calling themselves "admin" an
        # administrator (add/delete nodes, write anything); nobody needs that here.
        server.allow_remote_admin(False)
        server.set_endpoint(self._url(bind_port))
        self.namespace_index = await server.register_namespace(NAMESPACE_URI)

        nodes = await self._build_address_space(server)
        server.iserver.attribute_service = _WriteGate(
            server.iserver.attribute_service,
            {node.node_id: node for node in nodes.values()},
            self._client_write,
        )
        mirror = _Mirror(nodes)
        self._mirror = mirror
        for device in self.devices:
            self._subscriptions.append(device.subscribe(mirror.enqueue))
            mirror.enqueue(list(device.latest.values()))
            if device not in self._watched:
                # Device offers no way to unregister this; after stop() it does nothing.
                device.on_connection_change(self._connection_changed)
                self._watched.add(device)
            self._connection_changed(device, device.connection, device.connection_detail)
        await mirror.flush()
        mirror.start()
        self._server = server
        try:
            await server.start()
        except BaseException:
            await self._teardown()
            raise
        self._port = self._bound_port(server, bind_port)
        self._advertise(server)
        log.info("serving %d devices at %s", len(self.devices), self.endpoint)

    async def stop(self) -> None:
        """Stop serving: clients see the connection close, devices keep running."""
        if self._server is None:
            return
        server = self._server
        await self._teardown()
        # asyncua's ServerStatus clock task sleeps 1 s between ticks and stop() waits for
        # it to notice; end it now instead (stopping would take ~1 s otherwise).
        clock = getattr(server.iserver, "time_task", None)
        if isinstance(clock, asyncio.Task):
            clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await clock
            server.iserver.time_task = None
        await server.stop()
        log.info("stopped serving %s", self.endpoint)

    async def __aenter__(self) -> PlantServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- start-up ---------------------------------------------------------------------

    async def _teardown(self) -> None:
        for subscription in self._subscriptions:
            subscription.cancel()
        self._subscriptions.clear()
        if self._mirror is not None:
            await self._mirror.stop()
            self._mirror = None
        self._server = None

    def _url(self, port: int) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"opc.tcp://{host}:{port}{ENDPOINT_PATH}"

    async def _free_port_if_needed(self) -> int:
        """0 when asyncua can bind an ephemeral port and report it (one listening socket);
        otherwise a port found free now (a host name with IPv4 and IPv6 addresses gets
        one socket per address, each with its own ephemeral port)."""
        infos = await asyncio.get_running_loop().getaddrinfo(
            self.host or None, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        if len({info[4][0] for info in infos}) <= 1:
            return 0
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.bind(address[:2])
            return int(probe.getsockname()[1])

    @staticmethod
    def _bound_port(server: Server, requested: int) -> int:
        # BinaryServer records the port the OS chose when it asked for 0 on one socket.
        bserver = server.bserver
        port = getattr(bserver, "port", requested) if bserver is not None else requested
        if not port:
            raise RuntimeError("asyncua did not report the port it bound")
        return int(port)

    def _advertise(self, server: Server) -> None:
        """Endpoint descriptions were built before binding; give them the real port."""
        url = self.endpoint
        server.set_endpoint(url)
        for description in server.iserver.endpoints:
            description.EndpointUrl = url
            description.Server.DiscoveryUrls = [url]

    async def _build_address_space(self, server: Server) -> dict[str, _TagNode]:
        idx = self.namespace_index
        objects = ua.NodeId(ua.ObjectIds.ObjectsFolder)
        items: list[ua.AddNodesItem] = []
        specs: list[tuple[Device, TagSpec]] = []
        for device in self.devices:
            device_node = _node_id(device.device_id, idx)
            items.append(
                _object_item(
                    device_node,
                    objects,
                    device.device_id,
                    f"{device.kind} {device.device_id}",
                    ua.ObjectIds.BaseObjectType,
                    ua.ObjectIds.Organizes,
                    idx,
                )
            )
            folders: set[str] = set()
            for spec in device.specs.values():
                parent_path = device.device_id
                segments = spec.path.split("/")
                if segments[0] != device.device_id or len(segments) < 2:
                    raise ValueError(f"{spec.path} is not a tag of {device.device_id}")
                for segment in segments[1:-1]:
                    folder_path = f"{parent_path}/{segment}"
                    if folder_path not in folders:
                        folders.add(folder_path)
                        items.append(
                            _object_item(
                                _node_id(folder_path, idx),
                                _node_id(parent_path, idx),
                                segment,
                                segment,
                                ua.ObjectIds.FolderType,
                                ua.ObjectIds.HasComponent
                                if parent_path == device.device_id
                                else ua.ObjectIds.Organizes,
                                idx,
                            )
                        )
                    parent_path = folder_path
                parent_ref = (
                    ua.ObjectIds.HasComponent
                    if parent_path == device.device_id
                    else ua.ObjectIds.Organizes
                )
                items.extend(_variable_items(spec, _node_id(parent_path, idx), parent_ref, idx))
                specs.append((device, spec))
            for spec in _connection_specs(device):
                browse_name = spec.path.rsplit(".", 1)[-1]
                items.extend(
                    _variable_items(spec, device_node, ua.ObjectIds.HasComponent, idx, browse_name)
                )
                specs.append((device, spec))
        # ~3 nodes per tag, a few ms per hundred: in a thread, so that the devices keep
        # running while a large plant's address space is built.
        results = await asyncio.to_thread(server.iserver.node_mgt_service.add_nodes, items)
        for item, result in zip(items, results, strict=True):
            if not result.StatusCode.is_good():
                raise RuntimeError(
                    f"cannot create node {item.RequestedNewNodeId.Identifier}: "
                    f"{status_name(result.StatusCode.value)}"
                )

        aspace = server.iserver.aspace
        nodes: dict[str, _TagNode] = {}
        for device, spec in specs:
            node_id = _node_id(spec.path, idx)
            attribute = aspace[node_id].attributes[ua.AttributeIds.Value]
            # Until the device's first sample (the mirror seeds them all before serving).
            attribute.value = ua.DataValue(_NULL, _WAITING)
            nodes[spec.path] = _TagNode(
                device, spec, node_id, _VARIANT_OF_KIND[spec.kind], attribute
            )
        for device in self.devices:
            await self._add_methods(server, device)
        return nodes

    async def _add_methods(self, server: Server, device: Device) -> None:
        methods = list(METHODS_BY_KIND.get(device.kind, ()))
        if _is_simulated(device):
            methods += FAULT_METHODS
        parent = server.get_node(_node_id(device.device_id, self.namespace_index))
        for method in methods:
            await parent.add_method(
                _node_id(method_node_id(device.device_id, method.name), self.namespace_index),
                ua.QualifiedName(method.name, self.namespace_index),
                self._method_handler(device, method),
                [arg.argument() for arg in method.inputs],
                [arg.argument() for arg in method.outputs],
            )
            method_node = server.get_node(
                _node_id(method_node_id(device.device_id, method.name), self.namespace_index)
            )
            await method_node.write_attribute(
                ua.AttributeIds.Description,
                ua.DataValue(ua.Variant(ua.LocalizedText(method.description))),
            )

    # -- client writes and calls --------------------------------------------------------

    async def _client_write(self, tag: _TagNode, item: ua.WriteValue) -> int:
        """A client's write to a tag node: validated and applied by the device."""
        spec = tag.spec
        if item.AttributeId != ua.AttributeIds.Value or not spec.writable:
            return ua.StatusCodes.BadNotWritable
        if item.IndexRange:
            return ua.StatusCodes.BadWriteNotSupported
        variant = item.Value.Value if item.Value is not None else None
        value = _written_value(spec, variant)
        if value is _REFUSED:
            return ua.StatusCodes.BadTypeMismatch
        try:
            await tag.device.write(spec.path, value)
        except HardwareError as exc:
            log.info("write %s = %r refused: %s", spec.path, value, exc)
            return status_for_error(exc)
        except Exception:
            log.exception("write %s = %r failed", spec.path, value)
            return ua.StatusCodes.BadInternalError
        await self._flush()
        return ua.StatusCodes.Good

    def _method_handler(
        self, device: Device, method: MethodDef
    ) -> Callable[..., Awaitable[ua.CallMethodResult]]:
        async def handler(_parent: ua.NodeId, *inputs: ua.Variant) -> ua.CallMethodResult:
            return await self._call(device, method, inputs)

        return handler

    async def _call(
        self, device: Device, method: MethodDef, inputs: Sequence[ua.Variant]
    ) -> ua.CallMethodResult:
        if len(inputs) < len(method.inputs):
            return _refusal(
                ua.StatusCodes.BadArgumentsMissing,
                f"{method.name} needs {', '.join(a.name for a in method.inputs)}",
            )
        if len(inputs) > len(method.inputs):
            return _refusal(
                ua.StatusCodes.BadTooManyArguments,
                f"{method.name} takes {len(method.inputs)} arguments, got {len(inputs)}",
            )
        args: dict[str, TagValue] = {}
        argument_results: list[ua.StatusCode] = []
        problems: list[str] = []
        for arg, variant in zip(method.inputs, inputs, strict=True):
            value = _argument_value(arg.kind, variant)
            if value is _REFUSED:
                argument_results.append(ua.StatusCode(ua.StatusCodes.BadTypeMismatch))
                problems.append(f"{arg.name} must be {arg.kind.name}")
            else:
                argument_results.append(ua.StatusCode())
                args[arg.name] = value
        if problems:
            result = _refusal(
                ua.StatusCodes.BadInvalidArgument, f"{method.name}: {'; '.join(problems)}"
            )
            result.InputArgumentResults = argument_results
            return result
        try:
            output = await _COMMANDS[method.command](device, args)
        except HardwareError as exc:
            log.info("%s %s refused: %s", device.device_id, method.name, exc)
            return _refusal(status_for_error(exc), str(exc))
        except Exception as exc:
            log.exception("%s %s failed", device.device_id, method.name)
            return _refusal(ua.StatusCodes.BadInternalError, f"{method.name} failed: {exc}")
        await self._flush()
        outputs = (
            [method.outputs[0].to_variant(output)] if method.outputs and output is not None else []
        )
        return _call_result(ua.StatusCodes.Good, outputs, argument_results)

    async def _flush(self) -> None:
        if self._mirror is not None:
            await self._mirror.flush()

    def _connection_changed(self, device: Device, state: ConnectionState, detail: str) -> None:
        """Mirror a device's link state into its Connection variables, in order with its
        samples (the comm-loss samples come first, then the state)."""
        if self._mirror is None or device not in self.devices:
            return
        now = time.time()
        state_id, detail_id = connection_node_ids(device.device_id)
        self._mirror.enqueue(
            [
                Sample(state_id, state.value, Quality.GOOD, None, now, now),
                Sample(detail_id, detail, Quality.GOOD, None, now, now),
            ]
        )


# -- commands ---------------------------------------------------------------------------


def _is_simulated(device: Device) -> bool:
    from hardware.mock import MockBackend

    return isinstance(device.backend, MockBackend)


async def _inject_fault(device: Device, args: dict[str, TagValue]) -> TagValue:
    from hardware.mock import MockBackend
    from hardware.mock.faults import Fault, FaultKind

    backend = device.backend
    assert isinstance(backend, MockBackend)
    kind_text = str(args["kind"])
    try:
        kind = FaultKind(kind_text)
    except ValueError:
        known = ", ".join(k.value for k in FaultKind)
        raise InvalidValue(f"unknown fault kind {kind_text!r}; known: {known}") from None
    target = str(args["target"])
    if target and not any(path.startswith(target) for path in device.specs):
        raise InvalidValue(
            f"no tag of {device.device_id} starts with {target!r} "
            f"(give a full path such as {next(iter(device.specs))})"
        )
    magnitude = float(args["magnitude"])  # type: ignore[arg-type]
    duration = float(args["duration_s"])  # type: ignore[arg-type]
    if not math.isfinite(magnitude) or not math.isfinite(duration):
        raise InvalidValue("fault magnitude and duration must be finite numbers")
    fault = backend.inject(Fault(kind, target, magnitude, duration if duration > 0 else None))
    return fault.fault_id


async def _clear_fault(device: Device, args: dict[str, TagValue]) -> TagValue:
    from hardware.mock import MockBackend

    backend = device.backend
    assert isinstance(backend, MockBackend)
    fault_id = int(args["fault_id"])  # type: ignore[arg-type]
    return backend.clear(fault_id or None)


def _front_end(name: str, *arg_names: str) -> Callable[[Device, dict[str, TagValue]], Any]:
    """A command that calls the device front end's own method, so the validation (bay
    range, module names, assays) is the front end's and not repeated here."""

    async def run(device: Device, args: dict[str, TagValue]) -> TagValue:
        method = getattr(device, name, None)
        if method is None:
            raise CommandFailed(f"{device.device_id} has no command {name}")
        await method(*(args[arg] for arg in arg_names))
        return None

    return run


async def _submit_sample(device: Device, args: dict[str, TagValue]) -> TagValue:
    method = getattr(device, "submit_sample", None)
    if method is None:
        raise CommandFailed(f"{device.device_id} takes no QC samples")
    assays = [a.strip() for a in str(args["assays"]).split(",") if a.strip()]
    await method(args["sample_id"], args["coi"], assays)
    return None


_COMMANDS: dict[str, Callable[[Device, dict[str, TagValue]], Awaitable[TagValue]]] = {
    "load_cartridge": _front_end("load_cartridge", "bay", "barcode", "coi"),
    "unload_cartridge": _front_end("unload_cartridge", "bay"),
    "start_module": _front_end("start_module", "bay", "module", "duration_h"),
    "stop_module": _front_end("stop_module", "bay"),
    "abort_module": _front_end("abort_module", "bay"),
    "reset_fault": _front_end("reset_fault", "bay"),
    "submit_sample": _submit_sample,
    "inject_fault": _inject_fault,
    "clear_fault": _clear_fault,
}


# -- node building helpers --------------------------------------------------------------

_REFUSED: Any = object()


def _node_id(identifier: str, idx: int) -> ua.NodeId:
    return ua.NodeId(identifier, idx, ua.NodeIdType.String)


def _object_item(
    node_id: ua.NodeId,
    parent: ua.NodeId,
    browse_name: str,
    description: str,
    type_definition: int,
    reference: int,
    idx: int,
) -> ua.AddNodesItem:
    attributes = ua.ObjectAttributes(
        DisplayName=ua.LocalizedText(browse_name),
        Description=ua.LocalizedText(description),
        EventNotifier=0,
        WriteMask=0,
        UserWriteMask=0,
    )
    return _add_nodes_item(
        ParentNodeId=parent,
        ReferenceTypeId=ua.NodeId(reference),
        RequestedNewNodeId=node_id,
        BrowseName=ua.QualifiedName(browse_name, idx),
        NodeAttributes=attributes,
        TypeDefinition=ua.NodeId(type_definition),
        node_class=ua.NodeClass.Object,
    )


def _add_nodes_item(node_class: ua.NodeClass, **fields: Any) -> ua.AddNodesItem:
    item = ua.AddNodesItem(**fields)
    item.NodeClass = node_class
    return item


def _variable_items(
    spec: TagSpec, parent: ua.NodeId, reference: int, idx: int, browse_name: str = ""
) -> list[ua.AddNodesItem]:
    browse_name = browse_name or spec.name
    variant = _VARIANT_OF_KIND[spec.kind]
    access = ua.AccessLevel.CurrentRead.mask
    if spec.writable:
        access |= ua.AccessLevel.CurrentWrite.mask
    node_id = _node_id(spec.path, idx)
    analog_with_range = (
        spec.kind is TagKind.ANALOG and spec.low is not None and spec.high is not None
    )
    type_definition = (
        ua.ObjectIds.AnalogItemType
        if analog_with_range
        else ua.ObjectIds.BaseAnalogType
        if spec.kind is TagKind.ANALOG
        else ua.ObjectIds.BaseDataVariableType
    )
    attributes = ua.VariableAttributes(
        DisplayName=ua.LocalizedText(browse_name),
        Description=ua.LocalizedText(spec.description),
        Value=_NULL,
        DataType=ua.NodeId(variant.value),
        ValueRank=ua.ValueRank.Scalar,
        ArrayDimensions=[],
        AccessLevel=access,
        UserAccessLevel=access,
        MinimumSamplingInterval=0.0,
        Historizing=False,
        WriteMask=0,
        UserWriteMask=0,
    )
    items = [
        _add_nodes_item(
            ParentNodeId=parent,
            ReferenceTypeId=ua.NodeId(reference),
            RequestedNewNodeId=node_id,
            BrowseName=ua.QualifiedName(browse_name, idx),
            NodeAttributes=attributes,
            TypeDefinition=ua.NodeId(type_definition),
            node_class=ua.NodeClass.Variable,
        )
    ]
    if spec.kind is TagKind.ANALOG:
        if analog_with_range:
            assert spec.low is not None and spec.high is not None
            items.append(
                _property_item(
                    node_id,
                    "EURange",
                    ua.Range(Low=float(spec.low), High=float(spec.high)),
                    ua.ObjectIds.Range,
                    idx,
                )
            )
        items.append(
            _property_item(
                node_id,
                "EngineeringUnits",
                eu_information(spec.unit),
                ua.ObjectIds.EUInformation,
                idx,
            )
        )
    return items


def _property_item(
    owner: ua.NodeId, name: str, value: Any, data_type: int, idx: int
) -> ua.AddNodesItem:
    attributes = ua.VariableAttributes(
        DisplayName=ua.LocalizedText(name),
        Description=ua.LocalizedText(name),
        Value=ua.Variant(value, ua.VariantType.ExtensionObject),
        DataType=ua.NodeId(data_type),
        ValueRank=ua.ValueRank.Scalar,
        ArrayDimensions=[],
        AccessLevel=ua.AccessLevel.CurrentRead.mask,
        UserAccessLevel=ua.AccessLevel.CurrentRead.mask,
        Historizing=False,
        WriteMask=0,
        UserWriteMask=0,
    )
    return _add_nodes_item(
        ParentNodeId=owner,
        ReferenceTypeId=ua.NodeId(ua.ObjectIds.HasProperty),
        RequestedNewNodeId=_node_id(f"{owner.Identifier}.{name}", idx),
        # Standard properties keep their standard (namespace 0) browse names.
        BrowseName=ua.QualifiedName(name, 0),
        NodeAttributes=attributes,
        TypeDefinition=ua.NodeId(ua.ObjectIds.PropertyType),
        node_class=ua.NodeClass.Variable,
    )


_INTEGER_VARIANTS = {
    ua.VariantType.SByte,
    ua.VariantType.Byte,
    ua.VariantType.Int16,
    ua.VariantType.UInt16,
    ua.VariantType.Int32,
    ua.VariantType.UInt32,
    ua.VariantType.Int64,
    ua.VariantType.UInt64,
}
_NUMBER_VARIANTS = {*_INTEGER_VARIANTS, ua.VariantType.Float, ua.VariantType.Double}


def _written_value(spec: TagSpec, variant: ua.Variant | None) -> Any:
    """The Python value of a client's write, or _REFUSED when its type does not fit."""
    if variant is None or variant.is_array or variant.Value is None:
        return _REFUSED
    kind = variant.VariantType
    if spec.kind is TagKind.ANALOG:
        return float(variant.Value) if kind in _NUMBER_VARIANTS else _REFUSED
    if spec.kind is TagKind.DISCRETE:
        return variant.Value if kind is ua.VariantType.Boolean else _REFUSED
    return variant.Value if kind is ua.VariantType.String else _REFUSED


def _argument_value(expected: ua.VariantType, variant: ua.Variant) -> Any:
    if not isinstance(variant, ua.Variant) or variant.is_array or variant.Value is None:
        return _REFUSED
    kind = variant.VariantType
    if expected is ua.VariantType.Int32:
        return int(variant.Value) if kind in _INTEGER_VARIANTS else _REFUSED
    if expected is ua.VariantType.Double:
        return float(variant.Value) if kind in _NUMBER_VARIANTS else _REFUSED
    return variant.Value if kind is ua.VariantType.String else _REFUSED


def _refusal(code: int, message: str) -> ua.CallMethodResult:
    """A refused call. Its text goes in the first output argument: OPC UA has no message
    field in a call result (DiagnosticInfo is only sent on request, and asyncua's method
    service cannot fill it), and CellDeck's client reads it from there."""
    return _call_result(code, [ua.Variant(message, ua.VariantType.String)])


def _call_result(
    code: int, outputs: list[ua.Variant], argument_results: list[ua.StatusCode] | None = None
) -> ua.CallMethodResult:
    result = ua.CallMethodResult()
    # Set after construction: asyncua 1.x and 2.x name some fields differently and keep
    # the 2.x name as a property in 1.x (the same goes for the AddNodesItem below).
    result.StatusCode = ua.StatusCode(code)
    result.OutputArguments = outputs
    if argument_results is not None:
        result.InputArgumentResults = argument_results
    return result


def _quiet_asyncua() -> None:
    """asyncua logs at INFO on hot paths (every publish cycle without a waiting request);
    keep it at WARNING unless the application chose a level for it."""
    logger = logging.getLogger("asyncua")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)
