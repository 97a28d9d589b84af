"""OpcUaBackend: one device of the plant reached over OPC UA.

The tag catalogue (``hardware.catalog``) tells the backend every path of its device, and
tag NodeIds are those paths (string NodeIds in namespace ``urn:celldeck:plant``), so it
subscribes without browsing. Values arrive through one subscription per device and are
handed to the device front end a publish response at a time.

A supervisor task watches the connection: asyncua's loss callback (a closed socket is
noticed at once), subscription status changes, a ServerStatus/CurrentTime probe every
``watchdog_s`` (a silent, frozen link is noticed within 3 * ``watchdog_s``), and
subscription silence. When the connection dies the front end hears LOST at once, which
turns every tag BAD/comm-loss; the supervisor then reconnects with exponential backoff
(0.5 s doubling to 10 s) until ``close()``, re-creates the subscription, waits for fresh
values and reports CONNECTED.

The server may be reachable while the device behind it is not (CellDeck's simulator
publishes each device's link state in ``<device>.Connection``): the front end then hears
LOST too, with the server's reason, exactly as with an in-process mock whose link drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from asyncua import Client, ua

from hardware.backend import (
    ConnectionListener,
    ConnectionState,
    EventListener,
    SampleListener,
)
from hardware.opcua.methods import METHODS_BY_COMMAND, MethodDef, method_node_id
from hardware.opcua.quality import error_for_status, quality_of, status_name, status_text
from hardware.opcua.security import ClientSecurity, secure_client
from hardware.opcua.server import NAMESPACE_URI, _quiet_asyncua, connection_node_ids
from hardware.tags import (
    CommandFailed,
    CommandTimeout,
    HardwareError,
    NotConnected,
    Quality,
    QualityReason,
    Sample,
    TagKind,
    TagNotFound,
    TagSpec,
    TagValue,
)

log = logging.getLogger(__name__)

_BAD = Quality.BAD
_GOOD = Quality.GOOD
_COMM_LOSS = QualityReason.COMM_LOSS
_CURRENT_TIME = ua.NodeId(ua.ObjectIds.Server_ServerStatus_CurrentTime)
_VARIANT_OF_KIND = {
    TagKind.ANALOG: ua.VariantType.Double,
    TagKind.DISCRETE: ua.VariantType.Boolean,
    TagKind.TEXT: ua.VariantType.String,
}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ua.UaStatusCodeError):
        return status_name(exc.code)
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return str(exc) or type(exc).__name__


_SESSION_GONE = {
    ua.StatusCodes.BadSessionIdInvalid,
    ua.StatusCodes.BadSessionClosed,
    ua.StatusCodes.BadSessionNotActivated,
    ua.StatusCodes.BadSecureChannelIdInvalid,
    ua.StatusCodes.BadSecureChannelClosed,
    ua.StatusCodes.BadConnectionClosed,
    ua.StatusCodes.BadServerHalted,
    ua.StatusCodes.BadShutdown,
}


def _is_link_failure(exc: BaseException) -> bool:
    """Whether a failed request means the connection or session is dead (a timeout may
    only mean a slow command; the watchdog judges those)."""
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return False
    if isinstance(exc, ua.UaStatusCodeError):
        return exc.code in _SESSION_GONE
    return isinstance(exc, ConnectionError | OSError)


def _read_value_id(node: ua.NodeId) -> ua.ReadValueId:
    # NodeId set after construction: asyncua 1.x calls the field NodeId_ (with a NodeId
    # property), 2.x NodeId; the same goes for the other fields set that way here.
    item = ua.ReadValueId(AttributeId=ua.AttributeIds.Value)
    item.NodeId = node
    return item


def _request_error(exc: BaseException) -> type[HardwareError]:
    return CommandTimeout if isinstance(exc, TimeoutError | asyncio.TimeoutError) else CommandFailed


def _fits(kind: TagKind, value: object) -> bool:
    """Whether a received value has the type of its tag (any number for an analog tag)."""
    if kind is TagKind.ANALOG:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is TagKind.DISCRETE:
        return isinstance(value, bool)
    return isinstance(value, str)


def _epoch(stamp: datetime | None, default: float) -> float:
    if stamp is None:
        return default
    if stamp.tzinfo is None:  # asyncua 1.x decodes naive UTC datetimes
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp()


class _Session:
    """One live connection: the asyncua client, its subscription, and what it has seen."""

    def __init__(self, client: Client, backend: OpcUaBackend) -> None:
        self.client = client
        self.backend = backend
        self.namespace = 0
        self.device_node = ua.NodeId()
        self.subscription_id: int | None = None
        self.keepalive_s = 1.0
        self.opened = False  # client.connect() succeeded: there is a session to close
        self.active = True
        self.lost = asyncio.Event()
        self.lost_detail = ""
        self.last_publish = time.monotonic()
        self.publishes = 0
        self.seen: set[int] = set()
        self.published = asyncio.Event()
        # The server's word on its link to the device (its Connection variables); None
        # when the server does not say (then the device is as reachable as the server).
        self.device_state: str | None = None
        self.device_detail = ""

    @property
    def device_up(self) -> bool:
        return self.device_state in (None, ConnectionState.CONNECTED.value)

    def signal_lost(self, detail: str) -> None:
        if self.active and not self.lost.is_set():
            self.lost_detail = detail
            self.lost.set()

    async def on_connection_lost(self, exc: Exception) -> None:
        """asyncua's own watchdog noticed the transport or a probe fail."""
        self.signal_lost(f"connection to {self.backend.endpoint} lost ({_describe(exc)})")

    def on_publish(self, result: ua.PublishResult) -> None:
        """A publish response: every data change in it becomes one batch for the front end.

        Called by asyncua's publish loop for each response; kept synchronous and free of
        per-item Python objects beyond the Sample itself."""
        if not self.active:
            return
        self.last_publish = time.monotonic()
        backend = self.backend
        paths = backend._paths
        last_values = backend._last_values
        receive_time = time.time()
        batch: list[Sample] = []
        append = batch.append
        seen = self.seen if len(self.seen) < len(paths) else None
        count = len(paths)
        kinds = backend._kinds
        device_was_up = self.device_up
        for notification in result.NotificationMessage.NotificationData:
            if isinstance(notification, ua.DataChangeNotification):
                for item in notification.MonitoredItems:
                    handle = item.ClientHandle
                    if handle >= count:
                        self._on_device_status(handle - count, item.Value)
                        continue
                    path = paths[handle]
                    datavalue = item.Value
                    variant = datavalue.Value
                    value = None if variant is None else variant.Value
                    status = datavalue.StatusCode
                    code = 0 if status is None else status.value
                    if code == 0:
                        quality, reason = _GOOD, None
                    else:
                        quality, reason = quality_of(code)
                    if quality is not _BAD:
                        if value is not None and not _fits(kinds[handle], value):
                            # A number that is text (or the reverse) is no reading at all.
                            backend._wrong_type(path, variant)
                            value, quality, reason = None, _BAD, None
                        else:
                            last_values[path] = value
                    elif reason is _COMM_LOSS:
                        # A Bad value is Null on the wire (Part 4). On comm-loss keep the
                        # last one for context, as the front end does when it loses a link;
                        # other Bad values (out of range, failed sensor) have no number.
                        value = last_values.get(path)
                    stamp = datavalue.SourceTimestamp or datavalue.ServerTimestamp
                    append(
                        Sample(
                            path,
                            value,
                            quality,
                            reason,
                            _epoch(stamp, receive_time),
                            receive_time,
                        )
                    )
                    if seen is not None:
                        seen.add(handle)
            elif isinstance(notification, ua.StatusChangeNotification):
                status = notification.Status
                if status is not None and not status.is_good():
                    self.signal_lost(
                        f"{backend.endpoint} ended the subscription ({status_name(status.value)})"
                    )
        self.publishes += 1
        try:
            if batch:
                backend._samples(batch)
        except Exception:
            log.exception("%s: a sample listener failed", backend.device_id)
        finally:
            self.published.set()
            self.published = asyncio.Event()
        if self.device_up != device_was_up and backend._session is self:
            backend._report_device(self)

    def _on_device_status(self, index: int, datavalue: ua.DataValue) -> None:
        variant = datavalue.Value
        value = None if variant is None else variant.Value
        if not isinstance(value, str):
            return
        if index == 0:
            self.device_state = value
        elif index == 1:
            self.device_detail = value


class OpcUaBackend:
    """A device in the plant reached over OPC UA (a real shuttle's server or CellDeck's
    simulator), as a ``DeviceBackend`` for the device front end.

    ``specs`` is the device's tag catalogue (e.g. ``shuttle_specs(device_id, bays)``); it
    may be empty for a tool that only calls methods (``celldeck fault``). ``security``
    makes every connection Basic256Sha256 with the station's certificate, to a server
    whose certificate is pinned."""

    def __init__(
        self,
        endpoint: str,
        device_id: str,
        specs: Sequence[TagSpec],
        *,
        publish_interval_ms: int = 100,
        watchdog_s: float = 1.0,
        connect_timeout_s: float = 3.0,
        request_timeout_s: float = 10.0,
        queue_size: int = 10,
        backoff_s: tuple[float, float] = (0.5, 10.0),
        security: ClientSecurity | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.security = security
        self.device_id = device_id
        self.specs = list(specs)
        self.publish_interval_ms = publish_interval_ms
        self.watchdog_s = watchdog_s
        # Below the front end's 5 s connect timeout, so that a dead endpoint is reported
        # as this backend's NotConnected (naming the endpoint), not a bare timeout.
        self.connect_timeout_s = connect_timeout_s
        # Above the front end's 5 s command timeout, so that a slow command is the front
        # end's CommandTimeout; the watchdog, not a slow answer, decides the link is dead.
        self.request_timeout_s = request_timeout_s
        self.queue_size = queue_size
        self.backoff_s = backoff_s
        self._specs_by_path = {spec.path: spec for spec in self.specs}
        self._paths = [spec.path for spec in self.specs]
        self._kinds = [spec.kind for spec in self.specs]
        self._wrong_types: set[str] = set()
        self._last_values: dict[str, TagValue] = {}
        self._samples: SampleListener = lambda batch: None
        self._connection: ConnectionListener = lambda state, detail: None
        self._events: EventListener = lambda event: None
        self._session: _Session | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._closing = False
        self._reported: ConnectionState | None = None
        self.reconnects = 0

    def set_listeners(
        self, samples: SampleListener, connection: ConnectionListener, events: EventListener
    ) -> None:
        self._samples = samples
        self._connection = connection
        self._events = events

    def _wrong_type(self, path: str, variant: ua.Variant | None) -> None:
        if path not in self._wrong_types:  # once per tag: a server bug, not an event
            self._wrong_types.add(path)
            kind = "Null" if variant is None else variant.VariantType.name
            log.warning(
                "%s: %s sent %s for %s, which is %s; shown as bad",
                self.device_id,
                self.endpoint,
                kind,
                path,
                self._specs_by_path[path].kind.value,
            )

    @property
    def connected(self) -> bool:
        return self._session is not None and not self._session.lost.is_set()

    # -- connection -------------------------------------------------------------------

    async def connect(self) -> Sequence[TagSpec]:
        """Connect, check the server serves this device, subscribe to every tag, and
        return once the first values are in. Raises NotConnected naming the endpoint."""
        if self._supervisor is not None and not self._supervisor.done():
            if self.connected:
                return self.specs
            raise NotConnected(f"{self.device_id}: {self.endpoint} is unreachable; reconnecting")
        _quiet_asyncua()
        self._closing = False
        session = await self._open_session()
        self._session = session
        if session.device_up:
            self._reported = ConnectionState.CONNECTED  # the front end says so on return
        else:
            self._report_device(session)
        self._supervisor = asyncio.get_running_loop().create_task(
            self._supervise(), name=f"{self.device_id}-opcua-supervisor"
        )
        return self.specs

    async def close(self) -> None:
        self._closing = True
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
            self._supervisor = None
        session, self._session = self._session, None
        if session is not None:
            await self._discard(session)

    async def _open_session(self) -> _Session:
        """One connection attempt, bounded by ``connect_timeout_s``."""
        try:
            return await asyncio.wait_for(self._establish(), self.connect_timeout_s)
        except NotConnected:
            raise
        except TimeoutError:
            raise NotConnected(
                f"OPC UA server {self.endpoint} did not answer within {self.connect_timeout_s:g} s"
            ) from None
        except Exception as exc:
            raise NotConnected(
                f"cannot reach OPC UA server {self.endpoint}: {_describe(exc)}"
            ) from exc

    async def _establish(self) -> _Session:
        client = Client(
            self.endpoint,
            timeout=self.request_timeout_s,
            # asyncua probes on its own too and reports a failed probe as a loss; its
            # probe times out after its interval, so give it the same patience as ours.
            watchdog_intervall=2 * self.watchdog_s,
        )
        client.name = client.description = f"CellDeck {self.device_id}"
        client.application_uri = f"urn:celldeck:station:{self.device_id}"
        # A station that vanishes frees its server-side session within half a minute.
        client.session_timeout = 30_000
        if self.security is not None:
            await secure_client(client, self.security)
        session = _Session(client, self)
        client.connection_lost_callback = session.on_connection_lost
        try:
            await client.connect()
            session.opened = True
            await self._check_device(session)
            if self.specs:
                await self._subscribe(session)
                await self._await_initial_values(session)
        except BaseException:
            await self._discard(session)
            raise
        return session

    async def _check_device(self, session: _Session) -> None:
        namespaces: list[str] = await session.client.get_namespace_array()
        if NAMESPACE_URI not in namespaces:
            raise NotConnected(
                f"{self.endpoint} is not a CellDeck plant server (no namespace {NAMESPACE_URI})"
            )
        idx = namespaces.index(NAMESPACE_URI)
        session.namespace = idx
        session.device_node = ua.NodeId(self.device_id, idx, ua.NodeIdType.String)
        [browse_name] = await session.client.uaclient.read_attributes(
            [session.device_node], ua.AttributeIds.BrowseName
        )
        if browse_name.StatusCode is not None and not browse_name.StatusCode.is_good():
            served = await self._served_devices(session)
            raise NotConnected(
                f"server {self.endpoint} has no device {self.device_id}"
                + (f" (it serves {', '.join(served)})" if served else "")
            )

    async def _served_devices(self, session: _Session) -> list[str]:
        with contextlib.suppress(Exception):
            children = await session.client.nodes.objects.get_children()
            return sorted(
                str(child.nodeid.Identifier)
                for child in children
                if child.nodeid.NamespaceIndex == session.namespace
            )
        return []

    async def _subscribe(self, session: _Session) -> None:
        interval = float(self.publish_interval_ms)
        # A publish (data or keep-alive) at least every second: silence means trouble.
        keepalive = max(1, math.ceil(1000.0 / interval))
        session.keepalive_s = keepalive * interval / 1000.0
        params = ua.CreateSubscriptionParameters(
            RequestedPublishingInterval=interval,
            RequestedLifetimeCount=keepalive * 30,
            RequestedMaxKeepAliveCount=keepalive,
            MaxNotificationsPerPublish=0,
            PublishingEnabled=True,
            Priority=0,
        )
        # The low-level call: asyncua's Subscription object dispatches every item
        # separately (one task per item in handler mode); this callback gets the whole
        # publish response.
        result = await session.client.uaclient.create_subscription(params, session.on_publish)
        session.subscription_id = result.SubscriptionId
        # StatusValueTimestamp: the server's 5 s heartbeat of an unchanged value (new
        # source timestamp) must reach the front end, or steady values would turn stale.
        data_filter = ua.DataChangeFilter(Trigger=ua.DataChangeTrigger.StatusValueTimestamp)
        idx = session.namespace
        requests: list[ua.MonitoredItemCreateRequest] = []
        # Handles 0..n-1 are the tags; n and n+1 the device's Connection variables.
        watched = [*self._paths, *connection_node_ids(self.device_id)]
        for handle, path in enumerate(watched):
            request = ua.MonitoredItemCreateRequest(
                ItemToMonitor=_read_value_id(ua.NodeId(path, idx, ua.NodeIdType.String)),
                RequestedParameters=ua.MonitoringParameters(
                    ClientHandle=handle,
                    SamplingInterval=0.0,
                    Filter=data_filter,
                    QueueSize=self.queue_size,
                    DiscardOldest=True,
                ),
            )
            request.MonitoringMode = ua.MonitoringMode.Reporting
            requests.append(request)
        params = ua.CreateMonitoredItemsParameters(
            SubscriptionId=result.SubscriptionId, ItemsToCreate=requests
        )
        params.TimestampsToReturn = ua.TimestampsToReturn.Both
        results = await session.client.uaclient.create_monitored_items(params)
        # A server without Connection variables (real equipment) is fine: only tags count.
        missing = [
            self._paths[i]
            for i, r in enumerate(results[: len(self._paths)])
            if not r.StatusCode.is_good()
        ]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise NotConnected(
                f"server {self.endpoint} has no tag {missing[0]}{more} of {self.device_id} "
                f"(does the plant configuration match the server?)"
            )

    async def _await_initial_values(self, session: _Session) -> None:
        """Wait until every tag has its first value, as a mock device has when connect()
        returns; the server sends them all in its first publish responses."""
        deadline = time.monotonic() + max(1.0, 10 * self.publish_interval_ms / 1000)
        while len(session.seen) < len(self._paths):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                log.warning(
                    "%s: %d of %d tags had no initial value from %s",
                    self.device_id,
                    len(self._paths) - len(session.seen),
                    len(self._paths),
                    self.endpoint,
                )
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(session.published.wait(), remaining)

    async def _discard(self, session: _Session) -> None:
        """Close a session's client, quickly and quietly: it may already be dead."""
        session.active = False
        client = session.client
        if not session.opened:
            # A failed connect() has already closed what it opened.
            with contextlib.suppress(Exception):
                client.disconnect_socket()
            return
        try:
            await asyncio.wait_for(client.disconnect(), 1.0)
        except asyncio.CancelledError:
            client.disconnect_socket()
            raise
        except Exception as exc:
            log.debug("%s: disconnect from %s: %s", self.device_id, self.endpoint, exc)
        with contextlib.suppress(Exception):
            client.disconnect_socket()

    # -- supervision ------------------------------------------------------------------

    async def _supervise(self) -> None:
        while not self._closing:
            session = self._session
            assert session is not None
            try:
                detail = await self._watch(session)
            except Exception as exc:  # a bug here must not end supervision for good
                log.exception("%s: connection watch failed", self.device_id)
                detail = f"connection watch failed ({exc})"
            log.warning("%s: %s", self.device_id, detail)
            # Report first: the front end marks every tag BAD/comm-loss right now.
            self._report(ConnectionState.LOST, detail)
            await self._discard(session)
            self._session = None
            session = await self._reconnect()
            self._session = session
            self.reconnects += 1
            log.info("%s: reconnected to %s", self.device_id, self.endpoint)
            self._report_device(session, f"reconnected to {self.endpoint}")

    def _report_device(self, session: _Session, connected: str = "") -> None:
        """Tell the front end whether the device is reachable, as far as the server
        (reachable itself) knows: a device lost behind a running server is lost too."""
        if session.device_up:
            if self._reported is not ConnectionState.CONNECTED:
                self._report(
                    ConnectionState.CONNECTED, connected or f"connected to {self.endpoint}"
                )
        else:
            detail = session.device_detail or session.device_state or "unreachable"
            self._report(
                ConnectionState.LOST,
                f"{self.endpoint} has no link to {self.device_id}: {detail}",
            )

    def _report(self, state: ConnectionState, detail: str) -> None:
        self._reported = state
        try:
            self._connection(state, detail)
        except Exception:
            log.exception("%s: connection listener failed", self.device_id)

    async def _watch(self, session: _Session) -> str:
        """Return, with the reason, once the session is dead."""
        # Data or a keep-alive comes every keep-alive period (~1 s); allow for a busy loop.
        silence_limit = max(4.0, 3 * self.watchdog_s, 3 * session.keepalive_s)
        read = ua.ReadParameters(NodesToRead=[_read_value_id(_CURRENT_TIME)])
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(session.lost.wait(), self.watchdog_s)
            if session.lost.is_set():
                return session.lost_detail
            try:
                # Twice the period: a busy event loop is not yet a dead server. A frozen
                # link is noticed within 3 * watchdog_s.
                await asyncio.wait_for(session.client.uaclient.read(read), 2 * self.watchdog_s)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                return f"no answer from {self.endpoint} ({_describe(exc)})"
            silent = time.monotonic() - session.last_publish
            if session.subscription_id is not None and silent > silence_limit:
                return f"no data from {self.endpoint} for {silent:.0f} s"

    async def _reconnect(self) -> _Session:
        delay, cap = self.backoff_s
        attempt = 0
        while True:
            await asyncio.sleep(delay)
            attempt += 1
            try:
                return await self._open_session()
            except NotConnected as exc:
                log.info(
                    "%s: reconnect attempt %d failed (%s); next in %g s",
                    self.device_id,
                    attempt,
                    exc,
                    min(delay * 2, cap),
                )
            delay = min(delay * 2, cap)

    def _check_link(self, session: _Session, exc: BaseException) -> None:
        """A request failed: if the link or session is gone, start reconnecting now
        rather than at the next watchdog probe."""
        if _is_link_failure(exc):
            session.signal_lost(f"connection to {self.endpoint} lost ({_describe(exc)})")

    def _require_session(self) -> _Session:
        session = self._session
        if session is None or session.lost.is_set():
            raise NotConnected(f"{self.device_id}: not connected to {self.endpoint}")
        return session

    async def _await_fresh(self, session: _Session) -> None:
        """After a write or command, wait for the next publish response: the server put
        the change in the address space before answering, so that response carries it,
        and the front end's latest values show the effect when the command returns (as
        they do with the mock). Normally one publishing interval; the limit only matters
        when the command changed nothing on a quiet device (then a keep-alive ends it)."""
        if session.subscription_id is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                session.published.wait(), max(1.0, 5 * self.publish_interval_ms / 1000)
            )

    # -- values and commands ----------------------------------------------------------

    async def read(self, path: str) -> Sample:
        session = self._require_session()
        if path not in self._specs_by_path:
            raise TagNotFound(f"{self.device_id} has no tag {path}")
        node = ua.NodeId(path, session.namespace, ua.NodeIdType.String)
        try:
            [datavalue] = await session.client.uaclient.read_attributes(
                [node], ua.AttributeIds.Value
            )
        except Exception as exc:
            self._check_link(session, exc)
            raise NotConnected(
                f"{self.device_id}: read {path} from {self.endpoint} failed: {_describe(exc)}"
            ) from exc
        receive_time = time.time()
        code = 0 if datavalue.StatusCode is None else datavalue.StatusCode.value
        if code & 0xFFFF0000 == ua.StatusCodes.BadNodeIdUnknown:
            raise TagNotFound(f"server {self.endpoint} has no tag {path}")
        quality, reason = quality_of(code)
        variant = datavalue.Value
        value = None if variant is None else variant.Value
        if quality is _BAD and reason is _COMM_LOSS:
            value = self._last_values.get(path)
        elif value is not None and not _fits(self._specs_by_path[path].kind, value):
            self._wrong_type(path, variant)
            value, quality, reason = None, _BAD, None
        stamp = datavalue.SourceTimestamp or datavalue.ServerTimestamp
        return Sample(path, value, quality, reason, _epoch(stamp, receive_time), receive_time)

    async def write(self, path: str, value: TagValue) -> None:
        session = self._require_session()
        spec = self._specs_by_path.get(path)
        if spec is None:
            raise TagNotFound(f"{self.device_id} has no tag {path}")
        variant_type = _VARIANT_OF_KIND[spec.kind]
        if value is None:
            raise CommandFailed(f"{path}: cannot write an empty value")
        wire_value = float(value) if variant_type is ua.VariantType.Double else value
        item = ua.WriteValue(
            AttributeId=ua.AttributeIds.Value,
            Value=ua.DataValue(ua.Variant(wire_value, variant_type)),
        )
        item.NodeId = ua.NodeId(path, session.namespace, ua.NodeIdType.String)
        try:
            [status] = await session.client.uaclient.write(ua.WriteParameters(NodesToWrite=[item]))
        except Exception as exc:
            self._check_link(session, exc)
            raise _request_error(exc)(
                f"{self.device_id}: write {path} to {self.endpoint} failed ({_describe(exc)}); "
                "it may or may not have been applied"
            ) from exc
        if not status.is_good():
            shown = f"{value:g}" if isinstance(value, float) else repr(value)
            unit = f" {spec.unit}" if spec.unit else ""
            raise error_for_status(
                status.value,
                f"{self.device_id} refused {path} = {shown}{unit}: {status_text(status.value)}",
            )
        await self._await_fresh(session)

    async def call(self, command: str, args: dict[str, TagValue]) -> TagValue:
        method = METHODS_BY_COMMAND.get(command)
        if method is None:
            raise CommandFailed(f"{self.device_id}: no OPC UA method for command {command!r}")
        return await self._call(method, args)

    async def inject_fault(
        self, kind: str, target: str = "", magnitude: float = 0.0, duration_s: float = 0.0
    ) -> int:
        """Inject a simulated fault on the server (CellDeck simulator only); returns its
        id. ``duration_s`` <= 0 lasts until cleared."""
        result = await self.call(
            "inject_fault",
            {"kind": kind, "target": target, "magnitude": magnitude, "duration_s": duration_s},
        )
        return int(result)  # type: ignore[arg-type]

    async def clear_fault(self, fault_id: int = 0) -> int:
        """End one injected fault (0: all of this device's); returns how many ended."""
        result = await self.call("clear_fault", {"fault_id": fault_id})
        return int(result)  # type: ignore[arg-type]

    async def _call(self, method: MethodDef, args: dict[str, TagValue]) -> TagValue:
        session = self._require_session()
        unknown = set(args) - {arg.name for arg in method.inputs}
        if unknown:
            raise CommandFailed(f"{method.command} takes no {', '.join(sorted(unknown))}")
        inputs: list[ua.Variant] = []
        for arg in method.inputs:
            value = args.get(arg.name, arg.default)
            if value is None:
                raise CommandFailed(f"{method.command} needs {arg.name}")
            try:
                inputs.append(arg.to_variant(value))
            except (TypeError, ValueError) as exc:
                raise CommandFailed(f"{method.command}: {exc}") from None
        request = ua.CallMethodRequest(
            ObjectId=session.device_node,
            MethodId=ua.NodeId(
                method_node_id(self.device_id, method.name), session.namespace, ua.NodeIdType.String
            ),
            InputArguments=inputs,
        )
        try:
            [result] = await session.client.uaclient.call([request])
        except Exception as exc:
            self._check_link(session, exc)
            raise _request_error(exc)(
                f"{self.device_id}: {method.name} on {self.endpoint} failed ({_describe(exc)}); "
                "it may or may not have been carried out"
            ) from exc
        status = result.StatusCode
        if not status.is_good():
            outputs = result.OutputArguments or []
            text = outputs[0].Value if outputs and isinstance(outputs[0].Value, str) else ""
            raise CommandFailed(
                text or f"{self.device_id} refused {method.name}: {status_text(status.value)}"
            )
        await self._await_fresh(session)
        outputs = result.OutputArguments or []
        return outputs[0].Value if outputs else None
